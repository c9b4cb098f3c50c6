/// Why the storage behind a port could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached (pool exhausted, connection refused).
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// A uniqueness rule of the storage refused the write (for example a concurrent duplicate).
    #[error("duplicate: {0}")]
    Duplicate(String),
    /// Any other storage failure; the text is for logs, never for clients.
    #[error("storage failure: {0}")]
    Failed(String),
}

/// Hands out repositories, each holding one database connection for as long as it lives.
///
/// Use cases decide how long they hold a connection: they drop the repository before slow
/// work that needs none (bcrypt), so that a flood of logins cannot starve other requests of
/// connections.
pub trait Store: Send + Sync {
    /// The repository type; it implements the domain crates' repository ports.
    type Repo: Transactional;

    /// A repository with a connection of its own.
    fn repo(&self) -> Result<Self::Repo, StoreError>;
}

/// Runs a unit of work atomically: everything it wrote is kept, or nothing is.
pub trait Transactional {
    /// Runs `work` in a transaction, committed when it returns `Ok`, rolled back otherwise.
    fn transaction<T, E>(&mut self, work: impl FnOnce(&mut Self) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>;
}
