use diesel::result::{DatabaseErrorKind, Error};
use storegister_kernel::StoreError;

/// Turns a diesel error into the kernel's storage error, keeping it as the cause: the domain
/// never sees diesel.
pub(crate) fn store_error(error: Error) -> StoreError {
    match &error {
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            StoreError::Duplicate(error.into())
        }
        Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
            StoreError::Unavailable(error.into())
        }
        // SQLite gave up waiting for another writer after its busy timeout
        Error::DatabaseError(_, info) if info.message().contains("database is locked") => {
            StoreError::Unavailable(error.into())
        }
        _ => StoreError::Failed(error.into()),
    }
}
