//! bcrypt, through the `bcrypt` crate, on a pool of threads of its own.
//!
//! A bcrypt check at cost 12 keeps a core busy for a few hundred milliseconds and cannot be
//! paused. The pool keeps that work off the async workers and the database threads, refuses
//! work beyond a queue limit, and drops the work of a caller that gave up (its future was
//! dropped: the client went away) before it starts.
//!
//! While other requests are in flight, the pool's threads also yield the cores to them: they
//! are switched to the kernel's `SCHED_DEADLINE` class with a budget (`Share`: by default 0.5
//! ms of every 1 ms), so the kernel lets each run at most that share of a core and readers
//! never queue for long behind bcrypt, while logins still progress. Once the others are gone
//! the threads go back to the normal class and take every core. Measured in `bench/`: without
//! this, a login flood raised the profile's p99 latency 5–65 times (idle priority, a lower
//! nice, an idle cgroup and a separate process alike); with it, 1.0–1.2 times. The switch
//! needs `CAP_SYS_NICE`; without it the pool logs once and computes at normal priority.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, Weak};
use std::thread::Thread;

use crossbeam_queue::SegQueue;
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use storegister_app::{HashError, PASSWORD_MAX_BYTES, PasswordHasher};
use thread_priority::{
    DeadlineFlags, NormalThreadSchedulePolicy, RealtimeThreadSchedulePolicy, ThreadPriority,
    ThreadSchedulePolicy,
};
use tokio::sync::oneshot;

/// How long the others must have been gone before the threads take every core again: under
/// load a reader's next request is often a few milliseconds away, and every switch costs the
/// readers a burst of bcrypt.
const SETTLE: Duration = Duration::from_millis(20);

/// How much of a core each hashing thread may take while other requests are in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Share {
    /// Work allowed within each period.
    pub runtime: Duration,
    /// The period.
    pub period: Duration,
}

impl Default for Share {
    fn default() -> Self {
        Self {
            runtime: Duration::from_micros(50),
            period: Duration::from_micros(1000),
        }
    }
}

/// How the hashing pool is set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashingOptions {
    /// bcrypt's cost (4 to 31).
    pub cost: u32,
    /// Threads computing at once (at least one).
    pub threads: usize,
    /// Computations allowed to wait or run at once; 0 means no limit.
    pub queue_limit: usize,
    /// The share each thread keeps while other requests are in flight; `None`: no yielding.
    pub share: Option<Share>,
}

/// Why the hasher could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum HasherSetupError {
    /// The cost is outside bcrypt's range.
    #[error("bcrypt cost {0} is not within 4 to 31")]
    Cost(u32),
    /// The dummy hash could not be computed.
    #[error("the dummy password hash could not be computed")]
    Dummy(#[source] bcrypt::BcryptError),
    /// A thread could not be started.
    #[error("a hashing thread could not be started")]
    Thread(#[source] std::io::Error),
}

/// bcrypt password hashing at a configured cost, on a pool of threads; cheap to clone.
#[derive(Clone)]
pub struct BcryptHasher {
    pool: Arc<Pool>,
}

impl fmt::Debug for BcryptHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BcryptHasher")
            .field("cost", &self.pool.cost)
            .finish_non_exhaustive()
    }
}

struct Pool {
    cost: u32,
    /// A hash of the configured cost, to spend the time of a check on unknown user names.
    dummy_hash: String,
    queues: Arc<Queues>,
    queue_limit: usize,
    shared: Arc<Shared>,
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.queues.stopped.store(true, Ordering::Relaxed);
        self.queues.wake_workers();
        if let Some(courier) = self.queues.courier.get() {
            courier.unpark();
        }
    }
}

/// A computation; its answer, if anyone still wants it, is handed back as a [`Delivery`].
type Job = Box<dyn FnOnce() -> Option<Delivery> + Send>;
/// Hands an answer to the caller waiting for it.
type Delivery = Box<dyn FnOnce() + Send>;

/// Where work and answers cross between the requests and the hashing threads.
///
/// Lock-free on purpose: the kernel pauses a hashing thread at any instruction while others
/// are in flight, and a paused thread holding a lock that an async worker needs (a channel's,
/// or the runtime's own run queue when it wakes a task) would stall every request on that
/// worker. So the hashing threads take work from a lock-free queue, sleep with park/unpark,
/// and leave their answers on another lock-free queue for a courier thread of normal priority,
/// which wakes the waiting requests.
struct Queues {
    jobs: SegQueue<Job>,
    deliveries: SegQueue<Delivery>,
    workers: OnceLock<Vec<Thread>>,
    courier: OnceLock<Thread>,
    stopped: AtomicBool,
}

impl Queues {
    fn wake_workers(&self) {
        for worker in self.workers.get().into_iter().flatten() {
            worker.unpark();
        }
    }
}

/// What the pool, its threads and the requests share.
struct Shared {
    /// Computations waiting or running.
    outstanding: AtomicUsize,
    /// Computations running.
    running: AtomicUsize,
    /// Requests in flight that are not password checks.
    requests: AtomicUsize,
    /// When such a request last started or ended, in microseconds since `epoch`.
    last_request: AtomicU64,
    epoch: Instant,
    yielding: Option<Yielding>,
}

impl Shared {
    /// Whether computations and other requests are both about.
    fn contended(&self) -> bool {
        self.outstanding.load(Ordering::Relaxed) > 0 && self.requests.load(Ordering::Relaxed) > 0
    }

    fn now_micros(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_micros()).unwrap_or(u64::MAX)
    }

    /// Notes that a request started or ended now.
    fn touch(&self) {
        self.last_request
            .store(self.now_micros(), Ordering::Relaxed);
    }

    /// Whether the cores can go back to the computations: none are outstanding, or no other
    /// request is in flight and none has been for [`SETTLE`].
    fn settled(&self) -> bool {
        if self.outstanding.load(Ordering::Relaxed) == 0 {
            return true;
        }
        let quiet = self
            .now_micros()
            .saturating_sub(self.last_request.load(Ordering::Relaxed));
        self.requests.load(Ordering::Relaxed) == 0 && Duration::from_micros(quiet) >= SETTLE
    }

    /// Yields the cores if computations and other requests are both about.
    fn nudge(&self) {
        if let Some(yielding) = &self.yielding
            && !yielding.on.load(Ordering::Relaxed)
            && self.contended()
        {
            yielding.switch(true);
        }
    }
}

/// The scheduling class switch of the pool's threads.
struct Yielding {
    share: Share,
    /// Whether the threads are in the deadline class now.
    on: AtomicBool,
    /// Set when the switch is not permitted: never tried again.
    refused: AtomicBool,
    /// Whether a passing refusal was logged.
    busy_logged: AtomicBool,
    threads: Mutex<Vec<ThreadIds>>,
    switched_on: Condvar,
}

/// A hashing thread as the two kernel interfaces name it.
#[derive(Clone, Copy)]
struct ThreadIds {
    /// For `sched_setattr`.
    tid: u64,
    /// For `pthread_setschedparam`.
    pthread: thread_priority::ThreadId,
}

impl Yielding {
    fn new(share: Share) -> Self {
        Self {
            share,
            on: AtomicBool::new(false),
            refused: AtomicBool::new(false),
            busy_logged: AtomicBool::new(false),
            threads: Mutex::new(Vec::new()),
            switched_on: Condvar::new(),
        }
    }

    /// Puts every thread into the deadline class (`on`) or back into the normal one.
    ///
    /// Without the privilege (`EPERM`) yielding is given up for good, logged once. Other
    /// refusals are taken as passing: the kernel admits deadline work only within its
    /// bandwidth, and returns the bandwidth of threads that just left the class a little
    /// later, so a quick switch back can be refused (`EBUSY`); the next request retries.
    fn switch(&self, on: bool) {
        if self.refused.load(Ordering::Relaxed) {
            return;
        }
        let Ok(threads) = self.threads.lock() else {
            return;
        };
        if self.on.load(Ordering::Relaxed) == on {
            return;
        }
        for (n, ids) in threads.iter().enumerate() {
            if let Err(error) = self.apply(*ids, on) {
                for ids in &threads[..n] {
                    let _ = self.apply(*ids, !on);
                }
                if error.kind() == std::io::ErrorKind::PermissionDenied {
                    log::warn!(
                        "password hashing cannot yield the cores to other requests: switching \
                         its threads to SCHED_DEADLINE needs CAP_SYS_NICE ({error}); bcrypt \
                         runs at normal priority"
                    );
                    self.refused.store(true, Ordering::Relaxed);
                } else if !self.busy_logged.swap(true, Ordering::Relaxed) {
                    log::info!(
                        "password hashing could not yield the cores this time ({error}); it \
                         retries with the next request (logged once)"
                    );
                }
                return;
            }
        }
        self.on.store(on, Ordering::Relaxed);
        if on {
            self.switched_on.notify_all();
        }
    }

    /// Moves one thread; the operating system's error when it refuses.
    fn apply(&self, ids: ThreadIds, on: bool) -> Result<(), std::io::Error> {
        let set = if on {
            thread_priority::set_thread_priority_and_policy(
                ids.tid,
                ThreadPriority::Deadline {
                    runtime: self.share.runtime,
                    deadline: self.share.period,
                    period: self.share.period,
                    flags: DeadlineFlags::empty(),
                },
                ThreadSchedulePolicy::Realtime(RealtimeThreadSchedulePolicy::Deadline),
            )
        } else {
            // 48 of 0..=99 is nice 0 in this crate's mapping; its `setpriority` applies that
            // to the calling thread (already at nice 0), the class to `ids`
            match ThreadPriority::try_from(48u8) {
                Ok(normal) => thread_priority::set_thread_priority_and_policy(
                    ids.pthread,
                    normal,
                    ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Other),
                ),
                Err(reason) => Err(thread_priority::Error::Priority(reason)),
            }
        };
        set.map_err(|error| match error {
            // the crate passes on the call's -1; the reason is in errno, still untouched
            thread_priority::Error::OS(_) => std::io::Error::last_os_error(),
            other => std::io::Error::other(format!("{other:?}")),
        })
    }
}

/// Counts a request in flight until dropped (see [`BcryptHasher::track_request`]).
pub struct TrackedRequest(Arc<Shared>);

impl Drop for TrackedRequest {
    fn drop(&mut self) {
        self.0.requests.fetch_sub(1, Ordering::Relaxed);
        self.0.touch();
    }
}

impl BcryptHasher {
    /// Starts the pool (one bcrypt computation for the dummy hash first).
    pub fn start(options: HashingOptions) -> Result<Self, HasherSetupError> {
        if !(4..=31).contains(&options.cost) {
            return Err(HasherSetupError::Cost(options.cost));
        }
        let dummy_hash = bcrypt::hash("storegister-dummy-password", options.cost)
            .map_err(HasherSetupError::Dummy)?;
        let shared = Arc::new(Shared {
            outstanding: AtomicUsize::new(0),
            running: AtomicUsize::new(0),
            requests: AtomicUsize::new(0),
            last_request: AtomicU64::new(0),
            epoch: Instant::now(),
            yielding: options.share.map(Yielding::new),
        });
        let queues = Arc::new(Queues {
            jobs: SegQueue::new(),
            deliveries: SegQueue::new(),
            workers: OnceLock::new(),
            courier: OnceLock::new(),
            stopped: AtomicBool::new(false),
        });
        let mut workers = Vec::new();
        for n in 0..options.threads.max(1) {
            let (queues, shared) = (queues.clone(), shared.clone());
            let worker = std::thread::Builder::new()
                .name(format!("hashing-{n}"))
                .spawn(move || work(&queues, &shared))
                .map_err(HasherSetupError::Thread)?;
            workers.push(worker.thread().clone());
        }
        let _ = queues.workers.set(workers);
        let courier = {
            let queues = queues.clone();
            std::thread::Builder::new()
                .name("hashing-courier".into())
                .spawn(move || deliver(&queues))
                .map_err(HasherSetupError::Thread)?
        };
        let _ = queues.courier.set(courier.thread().clone());
        if shared.yielding.is_some() {
            let settler = Arc::downgrade(&shared);
            std::thread::Builder::new()
                .name("hashing-settler".into())
                .spawn(move || settle(&settler))
                .map_err(HasherSetupError::Thread)?;
        }
        Ok(Self {
            pool: Arc::new(Pool {
                cost: options.cost,
                dummy_hash,
                queues,
                queue_limit: options.queue_limit,
                shared,
            }),
        })
    }

    /// The cost new hashes are made with.
    pub fn cost(&self) -> u32 {
        self.pool.cost
    }

    /// The computations waiting for a thread, and those running, now (for metrics).
    pub fn load(&self) -> (usize, usize) {
        let shared = &self.pool.shared;
        let outstanding = shared.outstanding.load(Ordering::Relaxed);
        let running = shared.running.load(Ordering::Relaxed);
        (outstanding.saturating_sub(running), running)
    }

    /// Counts a request as in flight until the returned value is dropped: while such requests
    /// are in flight, the computations yield. Requests that check passwords themselves (a
    /// login) are not to be counted, or a flood of logins would slow itself down.
    pub fn track_request(&self) -> TrackedRequest {
        let shared = &self.pool.shared;
        shared.requests.fetch_add(1, Ordering::Relaxed);
        shared.touch();
        shared.nudge();
        TrackedRequest(shared.clone())
    }

    /// Runs `compute` on the pool; [`HashError::Busy`] at once when `queue_limit`
    /// computations are waiting or running already. Dropping the returned future before the
    /// computation starts means it never starts.
    fn submit<T: Send + 'static>(
        &self,
        compute: impl FnOnce() -> Result<T, HashError> + Send + 'static,
    ) -> impl Future<Output = Result<T, HashError>> + Send + 'static {
        let submitted = self.enqueue(compute);
        async move {
            submitted?
                .await
                .map_err(|_| HashError::Failed("the hashing pool stopped".into()))?
        }
    }

    fn enqueue<T: Send + 'static>(
        &self,
        compute: impl FnOnce() -> Result<T, HashError> + Send + 'static,
    ) -> Result<oneshot::Receiver<Result<T, HashError>>, HashError> {
        let shared = &self.pool.shared;
        let waiting = shared.outstanding.fetch_add(1, Ordering::Relaxed);
        let outstanding = Outstanding(shared.clone());
        if self.pool.queue_limit > 0 && waiting >= self.pool.queue_limit {
            metrics::counter!("storegister_password_hashes_refused_total").increment(1);
            return Err(HashError::Busy);
        }
        let counters = shared.clone();
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _outstanding = outstanding;
            // its caller gave up while it waited: nobody wants the answer
            if answer.is_closed() {
                return None;
            }
            // atomics only: a hashing thread may be paused by the kernel at any instruction
            counters.running.fetch_add(1, Ordering::Relaxed);
            let result = compute();
            counters.running.fetch_sub(1, Ordering::Relaxed);
            Some(Box::new(move || {
                let _ = answer.send(result);
            }))
        });
        shared.nudge();
        self.pool.queues.jobs.push(job);
        self.pool.queues.wake_workers();
        Ok(answered)
    }
}

/// Counts a computation as outstanding until dropped (with its job, run or not).
struct Outstanding(Arc<Shared>);

impl Drop for Outstanding {
    fn drop(&mut self) {
        self.0.outstanding.fetch_sub(1, Ordering::Relaxed);
    }
}

impl PasswordHasher for BcryptHasher {
    fn hash(
        &self,
        password: SecretString,
    ) -> impl Future<Output = Result<String, HashError>> + Send {
        let cost = self.pool.cost;
        self.submit(move || {
            let password = password.expose_secret();
            // bcrypt would silently ignore everything after byte 72; our policy refuses instead
            if password.len() > PASSWORD_MAX_BYTES {
                return Err(HashError::Failed("password longer than 72 bytes".into()));
            }
            bcrypt::hash(password, cost).map_err(|e| HashError::Failed(e.into()))
        })
    }

    fn verify(
        &self,
        password: SecretString,
        hash: String,
    ) -> impl Future<Output = Result<bool, HashError>> + Send {
        self.submit(move || Ok(verify_now(&password, &hash)))
    }

    fn verify_dummy(
        &self,
        password: SecretString,
    ) -> impl Future<Output = Result<(), HashError>> + Send {
        let hash = self.pool.dummy_hash.clone();
        self.submit(move || {
            verify_now(&password, &hash);
            Ok(())
        })
    }

    fn needs_rehash(&self, hash: &str) -> bool {
        hash.parse::<bcrypt::HashParts>()
            .is_ok_and(|parts| parts.get_cost() != self.pool.cost)
    }
}

/// Whether `password` matches `hash`; false for a password over 72 bytes (bcrypt would check
/// only its first 72) and for anything that is not a bcrypt hash.
fn verify_now(password: &SecretString, hash: &str) -> bool {
    let password = password.expose_secret();
    password.len() <= PASSWORD_MAX_BYTES && bcrypt::verify(password, hash).unwrap_or(false)
}

/// A hashing thread: computes until the pool is dropped.
fn work(queues: &Queues, shared: &Shared) {
    if let Some(yielding) = &shared.yielding
        && let Some(ids) = this_thread()
        && let Ok(mut threads) = yielding.threads.lock()
    {
        threads.push(ids);
    }
    while !queues.stopped.load(Ordering::Relaxed) {
        let Some(job) = queues.jobs.pop() else {
            std::thread::park_timeout(Duration::from_secs(1));
            continue;
        };
        // a panicking job must not take the thread with it
        if let Ok(Some(delivery)) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)) {
            queues.deliveries.push(delivery);
            if let Some(courier) = queues.courier.get() {
                courier.unpark();
            }
        }
    }
}

/// The courier: hands the answers to the requests waiting for them.
fn deliver(queues: &Queues) {
    while !queues.stopped.load(Ordering::Relaxed) {
        match queues.deliveries.pop() {
            Some(delivery) => delivery(),
            None => std::thread::park_timeout(Duration::from_secs(1)),
        }
    }
}

/// The calling thread's ids; `None` where `/proc` does not say (no yielding for it then).
fn this_thread() -> Option<ThreadIds> {
    // "/proc/thread-self" links to "<pid>/task/<tid>"
    let link = std::fs::read_link("/proc/thread-self").ok()?;
    let tid = link.file_name()?.to_str()?.parse().ok()?;
    Some(ThreadIds {
        tid,
        pthread: thread_priority::thread_native_id(),
    })
}

/// Gives the threads every core again once the others have been gone for [`SETTLE`] (checked
/// every [`SETTLE`] while yielding); ends with the pool.
fn settle(shared: &Weak<Shared>) {
    loop {
        let Some(strong) = shared.upgrade() else {
            return;
        };
        let Some(yielding) = &strong.yielding else {
            return;
        };
        if !yielding.on.load(Ordering::Relaxed) {
            // woken by a switch, or now and then to see whether the pool is gone
            if let Ok(threads) = yielding.threads.lock() {
                let _ = yielding
                    .switched_on
                    .wait_timeout(threads, Duration::from_secs(1));
            }
            continue;
        }
        drop(strong);
        std::thread::sleep(SETTLE);
        let Some(strong) = shared.upgrade() else {
            return;
        };
        if let Some(yielding) = &strong.yielding
            && strong.settled()
        {
            yielding.switch(false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hasher(threads: usize, queue_limit: usize, share: Option<Share>) -> BcryptHasher {
        BcryptHasher::start(HashingOptions {
            cost: 4,
            threads,
            queue_limit,
            share,
        })
        .unwrap()
    }

    fn secret(text: &str) -> SecretString {
        text.into()
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hasher = hasher(1, 0, None);
        block_on(async {
            let hash = hasher.hash(secret("Super@123")).await.unwrap();
            assert!(hash.starts_with("$2b$04$"));
            assert_eq!(hash.len(), 60);
            assert!(
                hasher
                    .verify(secret("Super@123"), hash.clone())
                    .await
                    .unwrap()
            );
            assert!(
                !hasher
                    .verify(secret("Super@124"), hash.clone())
                    .await
                    .unwrap()
            );
            assert!(
                !hasher
                    .verify(secret("Super@123"), "not a hash".into())
                    .await
                    .unwrap()
            );
            assert!(
                !hasher
                    .verify(secret("Super@123"), hash[..59].into())
                    .await
                    .unwrap()
            );
            hasher.verify_dummy(secret("anything")).await.unwrap();
        });
    }

    #[test]
    fn hashes_of_another_cost_need_a_rehash() {
        let hasher = hasher(1, 0, None);
        let ours = bcrypt::hash("Super@123", 4).unwrap();
        let older = bcrypt::hash("Super@123", 5).unwrap();
        assert!(!hasher.needs_rehash(&ours));
        assert!(hasher.needs_rehash(&older));
        assert!(
            !hasher.needs_rehash("not a hash"),
            "nothing to gain from rehashing garbage"
        );
    }

    #[test]
    fn passwords_beyond_72_bytes_are_not_truncated() {
        let hasher = hasher(1, 0, None);
        block_on(async {
            assert!(hasher.hash(secret(&"x".repeat(73))).await.is_err());
            let hash = hasher.hash(secret(&"x".repeat(72))).await.unwrap();
            assert!(
                hasher
                    .verify(secret(&"x".repeat(72)), hash.clone())
                    .await
                    .unwrap()
            );
            assert!(!hasher.verify(secret(&"x".repeat(73)), hash).await.unwrap());
        });
    }

    #[test]
    fn costs_outside_bcrypts_range_are_refused() {
        for cost in [3, 32] {
            let options = HashingOptions {
                cost,
                threads: 1,
                queue_limit: 0,
                share: None,
            };
            assert!(matches!(
                BcryptHasher::start(options),
                Err(HasherSetupError::Cost(_))
            ));
        }
    }

    /// Published vectors: OpenBSD's `$2a$` set (as jBCrypt, py-bcrypt and passlib carry
    /// it), `$2b$` and `$2y$` hashes made by Python's and PHP-style implementations (as the
    /// `bcrypt` crate's tests carry them), a 72-byte password (Python's hash of 100 x's, which
    /// bcrypt cuts at 72), and passlib's non-ASCII one.
    #[test]
    fn published_test_vectors_verify() {
        let x72 = "x".repeat(72);
        let vectors = [
            (
                "",
                "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.",
            ),
            (
                "a",
                "$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe",
            ),
            (
                "abc",
                "$2a$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi",
            ),
            (
                "~!@#$%^&*()      ~!@#$%^&*()PNBFRD",
                "$2a$10$LgfYWkbzEvQ4JakH7rOvHe0y8pHKF9OaFgwUZ2q7W2FFZmZzJYlfS",
            ),
            (
                "correctbatteryhorsestapler",
                "$2b$04$EGdrhbKUv8Oc9vGiXX0HQOxSg445d458Muh7DAHskb6QbtCvdxcie",
            ),
            (
                "hunter2",
                "$2y$12$......................21jzCB1r6pN6rp5O2Ev0ejjTAboskKm",
            ),
            (
                x72.as_str(),
                "$2a$05$......................YgIDy4hFBdVlc/6LHnD9mX488r9cLd2",
            ),
            (
                "t\u{e1}\u{411}\u{2113}\u{259}",
                "$2a$10$Z17AXnnlpzddNUvnC6cZNOl54vBeVTewdrxohbPtcwl.GEZFTGjHe",
            ),
        ];
        let hasher = hasher(2, 0, None);
        block_on(async {
            for (password, hash) in vectors {
                assert!(
                    hasher.verify(secret(password), hash.into()).await.unwrap(),
                    "{password:?} {hash}"
                );
                let other = format!("{}y", &password[..password.len().min(71)]);
                assert!(!hasher.verify(secret(&other), hash.into()).await.unwrap());
            }
            // the 72-byte hash under every prefix, and our own non-ASCII hash both ways
            for prefix in ["$2b$", "$2y$"] {
                let hash = format!("{prefix}{}", &vectors[6].1[4..]);
                assert!(hasher.verify(secret(&x72), hash).await.unwrap());
            }
            let hash = hasher.hash(secret("pässwörd ✓ 密码")).await.unwrap();
            assert!(bcrypt::verify("pässwörd ✓ 密码", &hash).unwrap());
        });
    }

    #[test]
    fn work_beyond_the_queue_limit_is_refused_at_once() {
        let hasher = hasher(1, 2, None);
        let (release, released) = std::sync::mpsc::channel::<()>();
        let (started, running) = std::sync::mpsc::channel::<()>();
        let blocked = hasher.submit(move || {
            let _ = started.send(());
            let _ = released.recv();
            Ok("first")
        });
        let waiting = hasher.submit(|| Ok("second"));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        running.recv().unwrap();
        assert!(matches!(
            runtime.block_on(hasher.submit(|| Ok("refused"))),
            Err(HashError::Busy)
        ));
        drop(release);
        assert_eq!(runtime.block_on(blocked).unwrap(), "first");
        assert_eq!(runtime.block_on(waiting).unwrap(), "second");
        assert_eq!(
            runtime.block_on(hasher.submit(|| Ok("room"))).unwrap(),
            "room"
        );
        assert_eq!(hasher.pool.shared.outstanding.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn a_computation_whose_caller_gave_up_is_not_started() {
        let hasher = hasher(1, 0, None);
        let (release, released) = std::sync::mpsc::channel::<()>();
        let (started, running) = std::sync::mpsc::channel::<()>();
        let blocked = hasher.submit(move || {
            let _ = started.send(());
            let _ = released.recv();
            Ok(())
        });
        running.recv().unwrap();
        let ran = Arc::new(AtomicBool::new(false));
        let flag = ran.clone();
        let given_up = hasher.submit(move || {
            flag.store(true, Ordering::Relaxed);
            Ok(())
        });
        drop(given_up);
        drop(release);
        block_on(blocked).unwrap();
        // the pool's one thread took the given-up job next: it is done once this answers
        block_on(hasher.submit(|| Ok(()))).unwrap();
        assert!(
            !ran.load(Ordering::Relaxed),
            "a computation nobody waits for ran"
        );
    }

    /// The scheduling class of a thread, from `/proc` (0 normal, 6 deadline).
    fn policy(tid: u64) -> u32 {
        let sched = std::fs::read_to_string(format!("/proc/self/task/{tid}/sched")).unwrap();
        sched
            .lines()
            .find(|l| l.starts_with("policy"))
            .and_then(|l| l.split(':').nth(1))
            .and_then(|v| v.trim().parse().ok())
            .unwrap()
    }

    #[test]
    fn the_threads_yield_while_others_are_in_flight_and_take_the_cores_back_after() {
        let hasher = hasher(1, 0, Some(Share::default()));
        let shared = hasher.pool.shared.clone();
        let tid = loop {
            if let Some(ids) = shared
                .yielding
                .as_ref()
                .unwrap()
                .threads
                .lock()
                .unwrap()
                .first()
            {
                break ids.tid;
            }
            std::thread::yield_now();
        };
        let (release, released) = std::sync::mpsc::channel::<()>();
        let blocked = hasher.submit(move || {
            let _ = released.recv();
            Ok(())
        });
        assert_eq!(policy(tid), 0, "alone, the computation takes the cores");
        let reader = hasher.track_request();
        let yielding = shared.yielding.as_ref().unwrap();
        if yielding.refused.load(Ordering::Relaxed) {
            // no CAP_SYS_NICE here (CI runs as root): the pool goes on at normal priority
            assert_eq!(policy(tid), 0);
        } else {
            // the kernel may refuse for a moment (EBUSY: bandwidth other tests' threads just
            // gave back is not free yet); every further request retries
            let deadline = std::time::Instant::now() + Duration::from_secs(5);
            let mut readers = Vec::new();
            while policy(tid) != 6 && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
                readers.push(hasher.track_request());
            }
            assert_eq!(
                policy(tid),
                6,
                "beside a reader, it runs in the deadline class"
            );
            drop(readers);
            drop(reader);
            let deadline = std::time::Instant::now() + Duration::from_secs(5);
            while policy(tid) != 0 && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(1));
            }
            assert_eq!(policy(tid), 0, "the reader gone, it takes the cores back");
        }
        drop(release);
        block_on(blocked).unwrap();
    }
}
