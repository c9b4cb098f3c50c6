use diesel::prelude::*;
use storegister_contact_book::{PictureRepository, ProfileImage, StoredPicture};
use storegister_kernel::{CompanyId, ContactId, StoreError};
use uuid::Uuid;

use super::Repo;
use crate::error::store_error;
use crate::schema::pictures;
use crate::types::DbUuid;

impl PictureRepository for Repo {
    fn insert_picture(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        image: &ProfileImage,
        bytes: &[u8],
    ) -> Result<(), StoreError> {
        diesel::insert_into(pictures::table)
            .values((
                pictures::id.eq(DbUuid(image.id)),
                pictures::company_id.eq(DbUuid(company.uuid())),
                pictures::contact_id.eq(DbUuid(contact.uuid())),
                pictures::content_type.eq(&image.content_type),
                pictures::bytes.eq(bytes),
                pictures::created_at.eq(image.updated_at),
            ))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn find_picture(&mut self, id: Uuid) -> Result<Option<StoredPicture>, StoreError> {
        pictures::table
            .find(DbUuid(id))
            .select((
                pictures::content_type,
                pictures::bytes,
                pictures::created_at,
            ))
            .get_result::<(String, Vec<u8>, chrono::NaiveDateTime)>(&mut self.conn.db)
            .optional()
            .map(|row| {
                row.map(|(content_type, bytes, created_at)| StoredPicture {
                    content_type,
                    bytes,
                    created_at,
                })
            })
            .map_err(store_error)
    }

    fn picture_exists(&mut self, id: Uuid) -> Result<bool, StoreError> {
        super::on_backend!(&mut self.conn.db, |conn| diesel::select(
            diesel::dsl::exists(pictures::table.find(DbUuid(id)))
        )
        .get_result::<bool>(conn))
        .map_err(store_error)
    }

    fn delete_picture(&mut self, id: Uuid) -> Result<(), StoreError> {
        diesel::delete(pictures::table.find(DbUuid(id)))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }
}
