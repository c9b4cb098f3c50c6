use diesel::result::{DatabaseErrorKind, Error};
use storegister_kernel::StoreError;

/// Turns a diesel error into the kernel's storage error, keeping it as the cause: the domain
/// never sees diesel.
pub(crate) fn store_error(error: Error) -> StoreError {
    match &error {
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            StoreError::Duplicate(error.into())
        }
        Error::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _,
        ) => StoreError::Unavailable(error.into()),
        // the server went away under the query (a restart, a failover, pgbouncer losing its
        // server connection): the request may be retried
        Error::DatabaseError(_, info) if is_outage(info.message()) => {
            StoreError::Unavailable(error.into())
        }
        // SQLite gave up waiting for another writer after its busy timeout
        Error::DatabaseError(_, info) if info.message().contains("database is locked") => {
            StoreError::Unavailable(error.into())
        }
        _ => StoreError::Failed(error.into()),
    }
}

/// Messages of a server that is going or gone, as PostgreSQL, libpq and pgbouncer word them.
fn is_outage(message: &str) -> bool {
    const GONE: [&str; 8] = [
        "terminating connection",
        "server closed the connection",
        "could not receive data",
        "could not send data",
        "the database system is shutting down",
        "the database system is starting up",
        "no connection to the server",
        "server conn crashed",
    ];
    GONE.iter().any(|gone| message.contains(gone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_going_away_is_an_outage_not_a_failure() {
        assert!(is_outage(
            "FATAL:  terminating connection due to administrator command"
        ));
        assert!(is_outage("server closed the connection unexpectedly"));
        assert!(!is_outage("duplicate key value violates unique constraint"));
    }
}
