//! A small pool of threads where every bcrypt computation runs, sharing the cores with the
//! other requests.
//!
//! bcrypt is slow on purpose and keeps a core busy for a few hundred milliseconds. Left to the
//! kernel, a login flood took both cores of the benchmark machine, and a profile read that
//! answers in a millisecond alone waited up to a hundred behind it: the scheduler lets a
//! running thread finish its time slice (milliseconds) before a woken one gets the core, and a
//! read wakes several threads (the worker, the database, the client) one after another.
//!
//! So bcrypt here runs in steps ([`BcryptHasher::verify_pacing`]) and decides between steps
//! ([`Pacer`]): while no other request is in flight, every pool thread computes flat out, and
//! logins alone reach the raw bcrypt rate. While others are in flight, the computations take
//! turns in one lane, and the one in the lane sleeps for a pause after each slice of work:
//! bcrypt then uses `slice / (slice + pause)` of one core, in slices short enough that readers
//! never queue long behind it, and logins still progress.
//!
//! Lowering the threads' scheduling priority was measured and dropped: at idle priority a
//! pool thread preempted while holding a lock the readers also take (the allocator's) stalled
//! them for hundreds of milliseconds (`bench/RESULTS.md`).
//!
//! Only the bcrypt computation itself runs here ([`PooledHasher`]); the rest of a login (its
//! database queries) stays on the normal blocking threads.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use storegister_auth::BcryptHasher;
use storegister_tenant::{HashError, PasswordHasher};

/// A computation, given the function to call between its steps (which answers whether to go
/// on).
type Job = Box<dyn FnOnce(&mut dyn FnMut() -> bool) + Send>;

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

/// How bcrypt shares the cores while other requests are in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sharing {
    /// Work done in the lane before a pause.
    pub slice: Duration,
    /// The pause after each slice.
    pub pause: Duration,
}

impl Default for Sharing {
    fn default() -> Self {
        Self {
            slice: Duration::from_micros(500),
            pause: Duration::from_micros(500),
        }
    }
}

/// What the pool's threads share to pace themselves.
struct Pacing {
    activity: Arc<Activity>,
    /// Hash jobs queued or running (their requests are in flight but are no readers).
    outstanding: AtomicUsize,
    sharing: Sharing,
    lane_taken: Mutex<bool>,
    lane_freed: Condvar,
    /// Computations accepted since start.
    accepted: AtomicU64,
    /// Computations dropped because their client went away, since start.
    abandoned: AtomicU64,
}

impl Pacing {
    fn new(activity: Arc<Activity>, sharing: Sharing) -> Self {
        Self {
            activity,
            outstanding: AtomicUsize::new(0),
            sharing,
            lane_taken: Mutex::new(false),
            lane_freed: Condvar::new(),
            accepted: AtomicU64::new(0),
            abandoned: AtomicU64::new(0),
        }
    }

    fn others_in_flight(&self) -> bool {
        self.activity.requests() > self.outstanding.load(Ordering::Relaxed)
    }
}

/// What a computation did at a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// No other request in flight: computing flat out, outside the lane.
    Alone,
    /// In the lane (having waited for it if another computation held it).
    Lane,
    /// In the lane, and a slice was over: paused.
    Paused,
}

/// One computation's pacing: called between its steps, it decides whether to go on, wait for
/// the lane, or pause.
struct Pacer<'a> {
    pacing: &'a Pacing,
    in_lane: bool,
    slice_started: Instant,
}

impl<'a> Pacer<'a> {
    fn new(pacing: &'a Pacing) -> Self {
        Self {
            pacing,
            in_lane: false,
            slice_started: Instant::now(),
        }
    }

    fn step(&mut self) -> Step {
        if !self.pacing.others_in_flight() {
            self.leave_lane();
            Step::Alone
        } else if !self.in_lane {
            self.enter_lane();
            self.slice_started = Instant::now();
            Step::Lane
        } else if self.slice_started.elapsed() >= self.pacing.sharing.slice {
            std::thread::sleep(self.pacing.sharing.pause);
            self.slice_started = Instant::now();
            Step::Paused
        } else {
            Step::Lane
        }
    }

    /// Waits for the lane; gives up waiting as soon as the other requests are gone.
    fn enter_lane(&mut self) {
        let Ok(mut taken) = self.pacing.lane_taken.lock() else {
            return;
        };
        while *taken {
            if !self.pacing.others_in_flight() {
                return;
            }
            taken = match self
                .pacing
                .lane_freed
                .wait_timeout(taken, Duration::from_millis(1))
            {
                Ok((taken, _)) => taken,
                Err(_) => return,
            };
        }
        *taken = true;
        self.in_lane = true;
    }

    fn leave_lane(&mut self) {
        if !std::mem::take(&mut self.in_lane) {
            return;
        }
        if let Ok(mut taken) = self.pacing.lane_taken.lock() {
            *taken = false;
        }
        self.pacing.lane_freed.notify_one();
    }
}

impl Drop for Pacer<'_> {
    fn drop(&mut self) {
        self.leave_lane();
    }
}

/// The pool; dropping it lets its threads finish.
pub struct HashingPool {
    jobs: Mutex<Sender<Job>>,
    pacing: Arc<Pacing>,
    /// Computations allowed to wait or run at once; 0 means no limit.
    queue_limit: usize,
}

impl HashingPool {
    /// A pool of `threads` threads (at least one), sharing the cores as `sharing` says while
    /// `activity` counts other requests, refusing work beyond `queue_limit` computations
    /// waiting or running (0: no limit).
    pub fn new(
        threads: usize,
        activity: Arc<Activity>,
        sharing: Sharing,
        queue_limit: usize,
    ) -> std::io::Result<Self> {
        let (sender, receiver) = channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let pacing = Arc::new(Pacing::new(activity, sharing));
        for n in 0..threads.max(1) {
            let (receiver, pacing) = (receiver.clone(), pacing.clone());
            std::thread::Builder::new()
                .name(format!("hashing-{n}"))
                .spawn(move || work(&receiver, &pacing))?;
        }
        Ok(Self {
            jobs: Mutex::new(sender),
            pacing,
            queue_limit,
        })
    }

    /// Runs `job` on the pool and blocks the calling thread until it is done.
    ///
    /// [`HashError::Busy`] at once when `queue_limit` computations are waiting or running
    /// already: every waiting login holds one of the runtime's blocking threads, which the
    /// readers' database work needs too. [`HashError::Abandoned`] when `abandoned` is set
    /// before or while the job runs (the job is not started, or stopped at its next step).
    pub fn run_blocking<T: Send + 'static>(
        &self,
        abandoned: Option<Arc<AtomicBool>>,
        job: impl FnOnce(&mut dyn FnMut() -> bool) -> Result<T, HashError> + Send + 'static,
    ) -> Result<T, HashError> {
        let outstanding = &self.pacing.outstanding;
        let waiting = outstanding.fetch_add(1, Ordering::Relaxed);
        if self.queue_limit > 0 && waiting >= self.queue_limit {
            outstanding.fetch_sub(1, Ordering::Relaxed);
            return Err(HashError::Busy);
        }
        self.pacing.accepted.fetch_add(1, Ordering::Relaxed);
        let (done, result) = std::sync::mpsc::sync_channel(1);
        let job: Job = Box::new(move |pace| {
            let gone = || {
                abandoned
                    .as_ref()
                    .is_some_and(|a| a.load(Ordering::Relaxed))
            };
            let answer = if gone() {
                Err(HashError::Abandoned)
            } else {
                job(&mut || pace() && !gone())
            };
            let _ = done.send(answer);
        });
        let sent = self.jobs.lock().ok().and_then(|jobs| jobs.send(job).ok());
        let answer = sent.and_then(|()| result.recv().ok());
        if let Some(Err(HashError::Abandoned)) = answer {
            self.pacing.abandoned.fetch_add(1, Ordering::Relaxed);
        }
        outstanding.fetch_sub(1, Ordering::Relaxed);
        answer.unwrap_or_else(|| Err(HashError::Failed("the hashing pool stopped".into())))
    }

    /// Computations waiting or running now.
    pub fn outstanding(&self) -> usize {
        self.pacing.outstanding.load(Ordering::Relaxed)
    }

    /// Computations accepted since start.
    pub fn accepted(&self) -> u64 {
        self.pacing.accepted.load(Ordering::Relaxed)
    }

    /// Computations dropped since start because their client went away.
    pub fn abandoned(&self) -> u64 {
        self.pacing.abandoned.load(Ordering::Relaxed)
    }
}

/// Set when the request a computation is for has gone (its client disconnected).
#[derive(Debug, Default)]
pub struct Departure(Arc<AtomicBool>);

impl Drop for Departure {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// A password hasher whose bcrypt computations run, paced, on a [`HashingPool`].
#[derive(Clone)]
pub struct PooledHasher {
    inner: Arc<BcryptHasher>,
    pool: Arc<HashingPool>,
    abandoned: Option<Arc<AtomicBool>>,
}

impl PooledHasher {
    /// `inner`'s computations, on a pool of `threads` threads (see [`HashingPool::new`]).
    pub fn new(
        inner: BcryptHasher,
        threads: usize,
        activity: Arc<Activity>,
        sharing: Sharing,
        queue_limit: usize,
    ) -> std::io::Result<Self> {
        Ok(Self {
            inner: Arc::new(inner),
            pool: Arc::new(HashingPool::new(threads, activity, sharing, queue_limit)?),
            abandoned: None,
        })
    }

    /// Its pool, for its counters.
    pub fn pool(&self) -> &HashingPool {
        &self.pool
    }

    /// This hasher for one request: its computations stop once the returned [`Departure`]
    /// is dropped. A handler holds the departure across its `await`, which actix drops when
    /// the client disconnects, so an abandoned login costs no more bcrypt.
    pub fn for_request(&self) -> (Self, Departure) {
        let departure = Departure::default();
        let hasher = Self {
            abandoned: Some(departure.0.clone()),
            ..self.clone()
        };
        (hasher, departure)
    }
}

impl PasswordHasher for PooledHasher {
    fn hash(&self, password: &str) -> Result<String, HashError> {
        let (inner, password) = (self.inner.clone(), password.to_owned());
        self.pool.run_blocking(self.abandoned.clone(), move |pace| {
            inner.hash_pacing(&password, pace)
        })
    }

    fn verify(&self, password: &str, hash: &str) -> Result<bool, HashError> {
        let (inner, password, hash) = (self.inner.clone(), password.to_owned(), hash.to_owned());
        self.pool.run_blocking(self.abandoned.clone(), move |pace| {
            inner.verify_pacing(&password, &hash, pace)
        })
    }

    fn verify_dummy(&self, password: &str) -> Result<(), HashError> {
        let (inner, password) = (self.inner.clone(), password.to_owned());
        self.pool.run_blocking(self.abandoned.clone(), move |pace| {
            inner.verify_dummy_pacing(&password, pace)
        })
    }
}

fn work(jobs: &Mutex<Receiver<Job>>, pacing: &Pacing) {
    loop {
        let job = match jobs.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        let mut pacer = Pacer::new(pacing);
        // a panicking job must not take the thread with it
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            job(&mut || {
                pacer.step();
                true
            });
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pacing(activity: Arc<Activity>, slice: Duration) -> Arc<Pacing> {
        let pause = Duration::from_micros(100);
        Arc::new(Pacing::new(activity, Sharing { slice, pause }))
    }

    #[test]
    fn alone_a_computation_never_waits_or_pauses() {
        let activity = Arc::new(Activity::default());
        let pacing = pacing(activity.clone(), Duration::ZERO);
        let mut first = Pacer::new(&pacing);
        let mut second = Pacer::new(&pacing);
        for _ in 0..3 {
            assert_eq!(first.step(), Step::Alone);
            assert_eq!(second.step(), Step::Alone);
        }
        // a request waiting for its own hash is not another request
        let _login = activity.enter();
        pacing.outstanding.fetch_add(1, Ordering::Relaxed);
        assert_eq!(first.step(), Step::Alone);
    }

    #[test]
    fn with_other_requests_computations_take_turns_and_pause_after_each_slice() {
        let activity = Arc::new(Activity::default());
        let pacing = pacing(activity.clone(), Duration::ZERO);
        let reader = activity.enter();
        let mut first = Pacer::new(&pacing);
        assert_eq!(first.step(), Step::Lane);
        assert!(first.in_lane);
        // a zero slice is over at once: every further step pauses
        assert_eq!(first.step(), Step::Paused);
        assert_eq!(first.step(), Step::Paused);

        // a second computation waits for the lane until the first leaves it
        let waiting = {
            let pacing = pacing.clone();
            std::thread::spawn(move || {
                let mut second = Pacer::new(&pacing);
                (second.step(), second.in_lane)
            })
        };
        std::thread::sleep(Duration::from_millis(20));
        assert!(!waiting.is_finished(), "the lane is taken");
        drop(first);
        assert_eq!(waiting.join().unwrap(), (Step::Lane, true));

        // once the reader is gone, the lane is left and the work runs flat out
        let mut third = Pacer::new(&pacing);
        drop(reader);
        assert_eq!(third.step(), Step::Alone);
        assert!(!third.in_lane);
        assert!(!*pacing.lane_taken.lock().unwrap());
    }

    #[test]
    fn a_computation_waiting_for_the_lane_stops_waiting_when_the_readers_leave() {
        let activity = Arc::new(Activity::default());
        let pacing = pacing(activity.clone(), Duration::from_secs(60));
        let reader = activity.enter();
        let mut first = Pacer::new(&pacing);
        assert_eq!(first.step(), Step::Lane);
        let waiting = {
            let pacing = pacing.clone();
            std::thread::spawn(move || {
                let mut second = Pacer::new(&pacing);
                second.step();
                second.in_lane
            })
        };
        drop(reader);
        assert!(!waiting.join().unwrap(), "it went on without the lane");
        assert_eq!(first.step(), Step::Alone);
    }

    #[test]
    fn the_pooled_hasher_hashes_and_verifies_alone_and_beside_other_requests() {
        let activity = Arc::new(Activity::default());
        let hasher = Arc::new(
            PooledHasher::new(
                BcryptHasher::new(4).unwrap(),
                2,
                activity.clone(),
                Sharing::default(),
                0,
            )
            .unwrap(),
        );
        let hash = hasher.hash("Super@123").unwrap();
        assert!(hasher.verify("Super@123", &hash).unwrap());
        assert!(!hasher.verify("Super@124", &hash).unwrap());
        hasher.verify_dummy("anything").unwrap();

        let _reader = activity.enter();
        let verifying: Vec<_> = (0..4)
            .map(|_| {
                let (hasher, hash) = (hasher.clone(), hash.clone());
                std::thread::spawn(move || hasher.verify("Super@123", &hash))
            })
            .collect();
        for verified in verifying {
            assert!(verified.join().unwrap().unwrap());
        }
        assert!(
            !*hasher.pool.pacing.lane_taken.lock().unwrap(),
            "the lane is free again"
        );
    }

    /// A pool with one thread, busy until the returned sender is dropped or sent to.
    fn occupied_pool(queue_limit: usize) -> (Arc<HashingPool>, std::sync::mpsc::Sender<()>) {
        let pool = Arc::new(
            HashingPool::new(
                1,
                Arc::new(Activity::default()),
                Sharing::default(),
                queue_limit,
            )
            .unwrap(),
        );
        let (release, released) = channel::<()>();
        let (started, running) = channel::<()>();
        {
            let pool = pool.clone();
            std::thread::spawn(move || {
                pool.run_blocking(None, move |_| {
                    let _ = started.send(());
                    let _ = released.recv();
                    Ok(())
                })
            });
        }
        running.recv().unwrap();
        (pool, release)
    }

    #[test]
    fn work_beyond_the_queue_limit_is_refused_at_once() {
        let (pool, release) = occupied_pool(2);
        // one running, one waiting: the limit of two is reached
        let waiting = {
            let pool = pool.clone();
            std::thread::spawn(move || pool.run_blocking(None, |_| Ok("done")))
        };
        while pool.pacing.outstanding.load(Ordering::Relaxed) < 2 {
            std::thread::yield_now();
        }
        assert!(matches!(
            pool.run_blocking(None, |_| Ok("refused")),
            Err(HashError::Busy)
        ));
        drop(release);
        assert_eq!(waiting.join().unwrap().unwrap(), "done");
        assert_eq!(
            pool.run_blocking(None, |_| Ok("room again")).unwrap(),
            "room again"
        );
        assert_eq!(pool.pacing.outstanding.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn an_abandoned_computation_is_not_started_or_stops_at_its_next_step() {
        let (pool, release) = occupied_pool(0);
        drop(release);
        let hasher = PooledHasher {
            inner: Arc::new(BcryptHasher::new(4).unwrap()),
            pool: pool.clone(),
            abandoned: None,
        };
        let hash = hasher.hash("Super@123").unwrap();

        // gone while waiting in the queue: never started
        let (pool_busy, release) = occupied_pool(0);
        let waiting_hasher = PooledHasher {
            pool: pool_busy,
            ..hasher.clone()
        };
        let (request_hasher, departure) = waiting_hasher.for_request();
        let waiting = std::thread::spawn(move || request_hasher.verify("Super@123", &hash));
        drop(departure);
        drop(release);
        assert!(matches!(waiting.join().unwrap(), Err(HashError::Abandoned)));
        assert_eq!(waiting_hasher.pool().abandoned(), 1);

        // gone while running: the job's pace says no at the next step
        let (request_hasher, departure) = hasher.for_request();
        let abandoned = request_hasher.abandoned.clone().unwrap();
        let mut steps = 0;
        let mut departure = Some(departure);
        let outcome = pool.run_blocking(Some(abandoned), move |pace| {
            while pace() {
                steps += 1;
                if steps == 3 {
                    departure.take();
                }
            }
            Ok(steps)
        });
        assert_eq!(outcome.unwrap(), 3);
    }
}
