//! A small pool of threads where every bcrypt computation runs.
//!
//! bcrypt is slow on purpose and uses a whole core while it runs. Run on the async runtime's
//! blocking threads, a login flood took both cores of the benchmark machine from the requests
//! that only read the database. Here at most one bcrypt per pool thread runs at once, and while
//! other requests are in flight, one thread fewer: logins get every core when nothing else
//! runs, and readers keep a core when they need it.
//!
//! Lowering the threads' scheduling priority was measured and dropped: at idle priority a
//! pool thread preempted while holding a lock the readers also take (the allocator's) stalled
//! them for hundreds of milliseconds (`bench/RESULTS.md`).
//!
//! Only the bcrypt computation itself runs here ([`PooledHasher`]); the rest of a login (its
//! database queries) stays on the normal blocking threads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use storegister_tenant::{HashError, PasswordHasher};

type Job = Box<dyn FnOnce() + Send>;

/// How many requests are in flight, counted by the [`track`] middleware.
#[derive(Debug, Default)]
pub struct Activity {
    requests: AtomicUsize,
}

impl Activity {
    /// Counts a request until the guard is dropped.
    pub fn enter(self: &Arc<Self>) -> ActivityGuard {
        self.requests.fetch_add(1, Ordering::Relaxed);
        ActivityGuard(self.clone())
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }
}

/// Uncounts its request when dropped.
pub struct ActivityGuard(Arc<Activity>);

impl Drop for ActivityGuard {
    fn drop(&mut self) {
        self.0.requests.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Middleware: counts the requests in flight.
pub async fn track(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let guard = req
        .app_data::<actix_web::web::Data<crate::AppState>>()
        .map(|state| state.activity.enter());
    let response = next.call(req).await;
    drop(guard);
    response
}

/// Decides how many bcrypt computations may run at once.
struct Gate {
    threads: usize,
    activity: Arc<Activity>,
    /// Hash jobs queued or running (their requests are in flight but are no readers).
    outstanding: AtomicUsize,
    running: Mutex<usize>,
    changed: Condvar,
}

impl Gate {
    fn allowed(&self) -> usize {
        let readers = self
            .activity
            .requests()
            .saturating_sub(self.outstanding.load(Ordering::Relaxed));
        if readers > 0 && self.threads > 1 {
            self.threads - 1
        } else {
            self.threads
        }
    }

    /// Waits for a free slot, re-checking every few milliseconds as readers come and go.
    fn enter(&self) {
        let Ok(mut running) = self.running.lock() else {
            return;
        };
        while *running >= self.allowed() {
            running = match self.changed.wait_timeout(running, Duration::from_millis(2)) {
                Ok((running, _)) => running,
                Err(_) => return,
            };
        }
        *running += 1;
    }

    fn leave(&self) {
        if let Ok(mut running) = self.running.lock() {
            *running = running.saturating_sub(1);
        }
        self.changed.notify_all();
    }
}

/// The pool; dropping it lets its threads finish.
pub struct HashingPool {
    jobs: Mutex<Sender<Job>>,
    gate: Arc<Gate>,
}

impl HashingPool {
    /// A pool of `threads` threads (at least one), yielding a core to other requests while
    /// `activity` counts any.
    pub fn new(threads: usize, activity: Arc<Activity>) -> std::io::Result<Self> {
        let threads = threads.max(1);
        let (sender, receiver) = channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let gate = Arc::new(Gate {
            threads,
            activity,
            outstanding: AtomicUsize::new(0),
            running: Mutex::new(0),
            changed: Condvar::new(),
        });
        for n in 0..threads {
            let (receiver, gate) = (receiver.clone(), gate.clone());
            std::thread::Builder::new()
                .name(format!("hashing-{n}"))
                .spawn(move || work(&receiver, &gate))?;
        }
        Ok(Self {
            jobs: Mutex::new(sender),
            gate,
        })
    }

    /// Runs `job` on the pool and blocks the calling thread until it is done; `None` if the
    /// pool has stopped or the job panicked.
    pub fn run_blocking<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let (done, result) = std::sync::mpsc::sync_channel(1);
        let job: Job = Box::new(move || {
            let _ = done.send(job());
        });
        self.gate.outstanding.fetch_add(1, Ordering::Relaxed);
        let sent = self.jobs.lock().ok().and_then(|jobs| jobs.send(job).ok());
        let answer = sent.and_then(|()| result.recv().ok());
        self.gate.outstanding.fetch_sub(1, Ordering::Relaxed);
        answer
    }
}

/// A password hasher whose bcrypt computations run on a [`HashingPool`].
pub struct PooledHasher<H> {
    inner: Arc<H>,
    pool: HashingPool,
}

impl<H: PasswordHasher + 'static> PooledHasher<H> {
    /// `inner`'s computations, on a pool of `threads` threads.
    pub fn new(inner: H, threads: usize, activity: Arc<Activity>) -> std::io::Result<Self> {
        Ok(Self {
            inner: Arc::new(inner),
            pool: HashingPool::new(threads, activity)?,
        })
    }
}

impl<H: PasswordHasher + 'static> PasswordHasher for PooledHasher<H> {
    fn hash(&self, password: &str) -> Result<String, HashError> {
        let (inner, password) = (self.inner.clone(), password.to_owned());
        self.pool
            .run_blocking(move || inner.hash(&password))
            .unwrap_or_else(|| Err(HashError("the hashing pool stopped".into())))
    }

    fn verify(&self, password: &str, hash: &str) -> bool {
        let (inner, password, hash) = (self.inner.clone(), password.to_owned(), hash.to_owned());
        self.pool
            .run_blocking(move || inner.verify(&password, &hash))
            .unwrap_or(false)
    }

    fn verify_dummy(&self, password: &str) {
        let (inner, password) = (self.inner.clone(), password.to_owned());
        let _ = self
            .pool
            .run_blocking(move || inner.verify_dummy(&password));
    }
}

fn work(jobs: &Mutex<Receiver<Job>>, gate: &Gate) {
    loop {
        let job = match jobs.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        match job {
            // a panicking job must not take the thread with it
            Ok(job) => {
                gate.enter();
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                gate.leave();
            }
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use storegister_auth::BcryptHasher;

    use super::*;

    fn gate(threads: usize, activity: Arc<Activity>) -> Gate {
        Gate {
            threads,
            activity,
            outstanding: AtomicUsize::new(0),
            running: Mutex::new(0),
            changed: Condvar::new(),
        }
    }

    #[test]
    fn readers_in_flight_keep_a_core_free() {
        let activity = Arc::new(Activity::default());
        let gate = gate(2, activity.clone());
        assert_eq!(gate.allowed(), 2);
        let reader = activity.enter();
        assert_eq!(gate.allowed(), 1);
        // a request waiting for its own hash is no reader
        gate.outstanding.fetch_add(1, Ordering::Relaxed);
        assert_eq!(gate.allowed(), 2);
        drop(reader);
        assert_eq!(activity.requests(), 0);
        let single = super::tests::gate(1, activity.clone());
        let _reader = activity.enter();
        assert_eq!(single.allowed(), 1, "a one-thread pool never stops");
    }

    #[test]
    fn the_pooled_hasher_hashes_and_verifies() {
        let activity = Arc::new(Activity::default());
        let hasher = PooledHasher::new(BcryptHasher::new(4).unwrap(), 2, activity).unwrap();
        let hash = hasher.hash("Super@123").unwrap();
        assert!(hasher.verify("Super@123", &hash));
        assert!(!hasher.verify("Super@124", &hash));
        hasher.verify_dummy("anything");
    }
}
