//! The GUID column type: native `uuid` on PostgreSQL, text on SQLite, one Rust type.

use diesel::backend::Backend as DieselBackend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{HasSqlType, SqlType};
use diesel::sqlite::Sqlite;
use uuid::Uuid;

use crate::connection::MultiBackend;

/// The SQL type of GUID columns.
#[derive(Clone, Copy, Debug, Default, SqlType, diesel::query_builder::QueryId)]
#[diesel(postgres_type(oid = 2950, array_oid = 2951))]
#[diesel(sqlite_type(name = "Text"))]
pub struct Guid;

/// A UUID as stored in a [`Guid`] column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, AsExpression, FromSqlRow)]
#[diesel(sql_type = Guid)]
pub struct DbUuid(pub Uuid);

impl From<Uuid> for DbUuid {
    fn from(value: Uuid) -> Self {
        Self(value)
    }
}

impl From<DbUuid> for Uuid {
    fn from(value: DbUuid) -> Self {
        value.0
    }
}

impl FromSql<Guid, Pg> for DbUuid {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        Ok(Self(Uuid::from_slice(value.as_bytes())?))
    }
}

impl ToSql<Guid, Pg> for DbUuid {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        use std::io::Write;
        out.write_all(self.0.as_bytes())?;
        Ok(IsNull::No)
    }
}

impl FromSql<Guid, Sqlite> for DbUuid {
    fn from_sql(value: <Sqlite as DieselBackend>::RawValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<diesel::sql_types::Text, Sqlite>>::from_sql(value)?;
        Ok(Self(Uuid::parse_str(&text)?))
    }
}

impl ToSql<Guid, Sqlite> for DbUuid {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        // lower-case hyphenated, so that text comparison in SQL matches UUID equality
        out.set_value(self.0.hyphenated().to_string());
        Ok(IsNull::No)
    }
}

impl HasSqlType<Guid> for MultiBackend {
    fn metadata(lookup: &mut Self::MetadataLookup) -> Self::TypeMetadata {
        MultiBackend::lookup_sql_type::<Guid>(lookup)
    }
}

impl FromSql<Guid, MultiBackend> for DbUuid {
    fn from_sql(bytes: <MultiBackend as DieselBackend>::RawValue<'_>) -> deserialize::Result<Self> {
        bytes.from_sql::<DbUuid, Guid>()
    }
}

impl ToSql<Guid, MultiBackend> for DbUuid {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((Guid, self));
        Ok(IsNull::No)
    }
}
