//! The tutorials' first pool: multiply pairs of numbers, each with a small
//! delay standing in for I/O. Sequentially the delays add up; on a pool they
//! overlap, so the threads beat the loop.
//!
//! Run with `cargo run --release --example multiply`.

use std::thread;
use std::time::{Duration, Instant};

use racelab::executor::ThreadPool;

fn slow_multiply(a: u64, b: u64) -> u64 {
    thread::sleep(Duration::from_millis(100)); // waiting, not computing
    a * b
}

fn main() {
    let pairs: Vec<(u64, u64)> = (1..=8).map(|n| (n, n + 1)).collect();

    let start = Instant::now();
    let sequential: Vec<u64> = pairs.iter().map(|&(a, b)| slow_multiply(a, b)).collect();
    println!("sequential: {sequential:?} in {:.2?}", start.elapsed());

    let pool = ThreadPool::new(8).expect("8 workers");
    let start = Instant::now();
    let handles: Vec<_> = pairs
        .iter()
        .map(|&(a, b)| {
            pool.submit(move || slow_multiply(a, b))
                .expect("the pool is open")
        })
        .collect();
    // `result` waits for each task; they have been running side by side.
    let threaded: Vec<u64> = handles
        .into_iter()
        .map(|handle| handle.result().expect("multiplying does not panic"))
        .collect();
    println!("8 workers:  {threaded:?} in {:.2?}", start.elapsed());
}
