//! `bcrypt-baseline`: how many bcrypt verifications per second this machine does at a cost, on
//! a number of threads — the ceiling `POST /v1/login` is measured against. It uses the server's
//! own hasher, so the two run the same code.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use storegister_auth::BcryptHasher;
use storegister_tenant::PasswordHasher;

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
    let hasher = match BcryptHasher::new(args.cost) {
        Ok(hasher) => Arc::new(hasher),
        Err(error) => {
            eprintln!("error: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let hash = match hasher.hash("Demo@2026!") {
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
            let (hasher, hash, done, stop) =
                (hasher.clone(), hash.clone(), done.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if hasher.verify("Demo@2026!", &hash) {
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
