//! `bcrypt-baseline`: how many bcrypt verifications per second this machine does at a cost, on
//! a number of threads — the ceiling `POST /v1/login` is measured against. It runs the reference
//! `bcrypt` crate, not the server's stepped implementation, so the ratio also shows what the
//! server's own bcrypt costs.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;

/// Measure raw bcrypt verifications per second.
#[derive(Debug, Parser)]
struct Args {
    /// bcrypt cost.
    #[arg(long, default_value_t = 12)]
    cost: u32,
    /// Threads verifying at once (one per core is the machine's ceiling).
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// How long to measure.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let hash = match bcrypt::hash("Demo@2026!", args.cost) {
        Ok(hash) => Arc::new(hash),
        Err(error) => {
            eprintln!("error: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let workers: Vec<_> = (0..args.threads.max(1))
        .map(|_| {
            let (hash, done, stop) = (hash.clone(), done.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if bcrypt::verify("Demo@2026!", &hash).unwrap_or(false) {
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(args.seconds));
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        let _ = worker.join();
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!("{:.2}", done.load(Ordering::Relaxed) as f64 / elapsed);
    std::process::ExitCode::SUCCESS
}
