use std::future::Future;

/// Any error, kept as the cause of ours.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why the storage behind a port could not do what was asked. Each variant keeps the error
/// that caused it, for the log; none of it is for clients.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached (pool exhausted, connection refused, busy for too long).
    #[error("storage unavailable")]
    Unavailable(#[source] Cause),
    /// A uniqueness rule of the storage refused the write (for example a concurrent duplicate).
    #[error("duplicate")]
    Duplicate(#[source] Cause),
    /// Any other storage failure.
    #[error("storage failure")]
    Failed(#[source] Cause),
}

impl StoreError {
    /// A failure described by a message of ours, with no deeper cause.
    pub fn failed(message: impl Into<String>) -> Self {
        StoreError::Failed(message.into().into())
    }
}

/// Hands out repositories, each holding one database connection for as long as a unit of work
/// runs.
///
/// Database work is blocking, so it runs off the async workers: [`run`](Self::run) takes the
/// connection inside the blocking task (never while an async worker waits for the pool), and
/// gives it back before the task ends. A use case therefore holds no connection while it awaits
/// anything else (bcrypt above all), so a flood of logins cannot starve other requests of
/// connections.
pub trait Store: Clone + Send + Sync + 'static {
    /// The repository type; it implements the domain crates' repository ports.
    type Repo: Transactional;

    /// Runs `work` with a repository of its own, off the async workers.
    fn run<T, E, W>(&self, work: W) -> impl Future<Output = Result<T, E>> + Send
    where
        W: FnOnce(&mut Self::Repo) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static;

    /// Starts `work` at once and runs it to its end whether or not the returned future is
    /// awaited: for clean-up that must happen even when the request that wanted it is gone,
    /// and for best-effort work whose failure must not fail the request. A failure is logged,
    /// not returned.
    fn spawn<W>(&self, work: W) -> impl Future<Output = ()> + Send + 'static
    where
        W: FnOnce(&mut Self::Repo) -> Result<(), StoreError> + Send + 'static;
}

/// Runs a unit of work atomically: everything it wrote is kept, or nothing is.
pub trait Transactional {
    /// Runs `work` in a transaction, committed when it returns `Ok`, rolled back otherwise.
    fn transaction<T, E>(&mut self, work: impl FnOnce(&mut Self) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>;
}

/// Writes an error with every cause below it, `outer: inner: innermost`, for logs and for
/// one-line messages to operators (never to clients).
pub struct Chain<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut cause = self.0.source();
        while let Some(error) = cause {
            write!(f, ": {error}")?;
            cause = error.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_names_every_cause_in_order() {
        let io = std::io::Error::other("disk on fire");
        let error = StoreError::Failed(Box::new(io));
        assert_eq!(Chain(&error).to_string(), "storage failure: disk on fire");
    }
}
