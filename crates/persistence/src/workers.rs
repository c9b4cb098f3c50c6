//! The threads that run database work for the async side.
//!
//! A fixed set of threads (one per pooled connection) takes units of work from one queue. Under
//! load a thread that finishes one unit takes the next without sleeping, and threads do not
//! queue for connections behind one another: tokio's blocking pool, which this replaces, kept
//! dozens of threads, woke an idle one for every unit and let the surplus queue on the pool's
//! lock, and the context switches that cost were most of a request's time.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

/// A unit of work as the threads see it.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// Waiting in the queue.
const QUEUED: u8 = 0;
/// Taken by a thread: it will run to its end.
const STARTED: u8 = 1;
/// Given up by the caller before any thread took it: it will not run.
const ABANDONED: u8 = 2;

/// The queue and its threads; the threads end once every handle is gone.
#[derive(Clone)]
pub(crate) struct Workers {
    queue: crossbeam_channel::Sender<Job>,
    wait: Duration,
}

impl Workers {
    /// Starts `threads` threads; a unit of work no thread has taken after `wait` is given up
    /// (the caller hears "unavailable", as when the pool has no connection to give).
    pub(crate) fn start(threads: u32, wait: Duration) -> std::io::Result<Self> {
        let (queue, jobs) = crossbeam_channel::unbounded::<Job>();
        for n in 0..threads.max(1) {
            let jobs = jobs.clone();
            std::thread::Builder::new()
                .name(format!("storegister-db-{n}"))
                .spawn(move || {
                    for job in jobs {
                        // a panic in one unit of work fails that request (its answer channel
                        // is dropped unanswered), not the thread
                        let _ = std::panic::catch_unwind(AssertUnwindSafe(job));
                    }
                })?;
        }
        Ok(Self { queue, wait })
    }

    /// Runs `work` on one of the threads and waits for its result without blocking the caller's
    /// thread.
    pub(crate) async fn run<T, W>(&self, work: W) -> Result<T, WorkersError>
    where
        W: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let state = Arc::new(AtomicU8::new(QUEUED));
        let (answer, mut answered) = tokio::sync::oneshot::channel();
        let claim = Arc::clone(&state);
        let job: Job = Box::new(move || {
            if claim
                .compare_exchange(QUEUED, STARTED, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                let _ = answer.send(work());
            }
        });
        self.queue.send(job).map_err(|_| WorkersError::Stopped)?;
        // a caller that goes away (its client hung up) takes its queued work with it
        let _give_up = GiveUp(&state);
        match tokio::time::timeout(self.wait, &mut answered).await {
            Ok(result) => result.map_err(|_| WorkersError::Unanswered),
            Err(_) => {
                if state
                    .compare_exchange(QUEUED, ABANDONED, Ordering::AcqRel, Ordering::Acquire)
                    .is_ok()
                {
                    return Err(WorkersError::Busy(self.wait));
                }
                // taken in the meantime: it runs to its end, and its answer counts
                answered.await.map_err(|_| WorkersError::Unanswered)
            }
        }
    }

    /// Queues `work` at once, to run whether or not the returned answer is awaited; never
    /// given up. The answer fails only if the work panicked or the threads are gone (then the
    /// work never ran, which is logged).
    pub(crate) fn spawn(
        &self,
        work: impl FnOnce() + Send + 'static,
    ) -> tokio::sync::oneshot::Receiver<()> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            work();
            let _ = answer.send(());
        });
        if self.queue.send(job).is_err() {
            log::warn!(
                "background database work dropped: {}",
                WorkersError::Stopped
            );
        }
        answered
    }
}

/// Gives queued work up when dropped; work already taken runs to its end.
struct GiveUp<'a>(&'a AtomicU8);

impl Drop for GiveUp<'_> {
    fn drop(&mut self) {
        let _ = self
            .0
            .compare_exchange(QUEUED, ABANDONED, Ordering::AcqRel, Ordering::Acquire);
    }
}

/// Why a unit of work gave no result.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WorkersError {
    /// Every thread stayed busy (the database is slow or unreachable) for as long as a request
    /// may wait.
    #[error("no database thread was free within {0:?}")]
    Busy(Duration),
    /// The work panicked.
    #[error("the database work ended without an answer")]
    Unanswered,
    /// The threads are gone (the process is ending).
    #[error("the database threads have stopped")]
    Stopped,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeps the only thread busy until the returned sender speaks; a flag for work that must
    /// not run, and its copy for that work.
    fn occupy(workers: &Workers) -> (std::sync::mpsc::Sender<()>, Arc<AtomicU8>, Arc<AtomicU8>) {
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let busy: Job = Box::new(move || {
            let _ = hold.recv();
        });
        workers.queue.send(busy).unwrap();
        let ran = Arc::new(AtomicU8::new(0));
        let flag = Arc::clone(&ran);
        (release, ran, flag)
    }

    #[tokio::test]
    async fn work_runs_on_a_worker_thread_and_its_answer_comes_back() {
        let workers = Workers::start(2, Duration::from_secs(2)).unwrap();
        let name = workers
            .run(|| std::thread::current().name().map(str::to_owned))
            .await
            .unwrap();
        assert!(name.unwrap_or_default().starts_with("storegister-db-"));
    }

    #[tokio::test]
    async fn a_panic_fails_its_own_work_and_the_thread_goes_on() {
        let workers = Workers::start(1, Duration::from_secs(2)).unwrap();
        let failed = workers.run(|| -> () { panic!("boom") }).await;
        assert!(matches!(failed, Err(WorkersError::Unanswered)));
        let after = workers.run(|| 7).await.unwrap();
        assert_eq!(after, 7);
    }

    #[tokio::test]
    async fn queued_work_whose_caller_went_away_never_runs() {
        let workers = Workers::start(1, Duration::from_secs(5)).unwrap();
        let (release, ran, flag) = occupy(&workers);
        // queued behind the busy thread, then dropped after a first poll
        let waiting = workers.run(move || flag.store(1, Ordering::SeqCst));
        let gone = tokio::time::timeout(Duration::from_millis(50), waiting).await;
        assert!(gone.is_err());
        release.send(()).unwrap();
        workers.run(|| ()).await.unwrap();
        assert_eq!(ran.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn spawned_work_runs_even_when_nobody_awaits_it() {
        let workers = Workers::start(1, Duration::from_secs(2)).unwrap();
        let (sent, received) = std::sync::mpsc::channel();
        drop(workers.spawn(move || sent.send(5).unwrap()));
        let got =
            tokio::task::spawn_blocking(move || received.recv_timeout(Duration::from_secs(5)));
        assert_eq!(got.await.unwrap(), Ok(5));
    }

    #[tokio::test]
    async fn work_no_thread_takes_in_time_is_given_up_and_never_runs() {
        let workers = Workers::start(1, Duration::from_millis(100)).unwrap();
        let (release, ran, flag) = occupy(&workers);
        let waited = workers.run(move || flag.store(1, Ordering::SeqCst)).await;
        assert!(matches!(waited, Err(WorkersError::Busy(_))));
        release.send(()).unwrap();
        // the thread is free again and the abandoned work was skipped
        workers.run(|| ()).await.unwrap();
        assert_eq!(ran.load(Ordering::SeqCst), 0);
    }
}
