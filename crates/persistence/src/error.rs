use diesel::result::{DatabaseErrorKind, Error};
use storegister_kernel::StoreError;

/// Turns a diesel error into the kernel's storage error: the domain never sees diesel.
pub(crate) fn store_error(error: Error) -> StoreError {
    match error {
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            StoreError::Duplicate(info.message().to_owned())
        }
        Error::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
            StoreError::Unavailable(info.message().to_owned())
        }
        // SQLite gave up waiting for another writer after its busy timeout
        Error::DatabaseError(_, info) if info.message().contains("database is locked") => {
            StoreError::Unavailable(info.message().to_owned())
        }
        other => StoreError::Failed(other.to_string()),
    }
}
