//! A CPU-bound sum split across 1, 2, 4 and 8 workers.
//!
//! In Python, threads take turns holding the GIL, so CPU-bound work on a
//! thread pool runs no faster than on one thread. Rust has no GIL: each
//! worker runs on its own core at once, so the time falls until the
//! workers outnumber the cores, then stops falling. This program prints the
//! times it measured; how far they fall depends on this machine's cores.
//!
//! Run with `cargo run --release --example cpu_bound`.

use std::hint::black_box;
use std::thread;
use std::time::Instant;

use racelab::executor::ThreadPool;

const N: u64 = 400_000_000;

/// The sum of i² mod 7 over a range: pure computation.
fn sum_range(start: u64, end: u64) -> u64 {
    (start..end).map(|i| black_box(i * i % 7)).sum()
}

fn main() {
    let cores = thread::available_parallelism().map_or(1, usize::from);
    println!("{cores} cores");
    // Warm-up, untimed: a first run pays for cold caches and a clock that has
    // not ramped up, and as the baseline it would flatter every speed-up.
    sum_range(0, N / 4);
    let mut one_worker = None;
    for workers in [1usize, 2, 4, 8] {
        let pool = ThreadPool::new(workers).expect("at least one worker");
        let chunk = N / workers as u64;
        let start = Instant::now();
        let total: u64 = pool
            .map(
                move |w: u64| sum_range(w * chunk, (w + 1) * chunk),
                0..workers as u64,
            )
            .expect("the pool is open")
            .map(|part| part.expect("summing does not panic"))
            .sum();
        let elapsed = start.elapsed();
        let baseline = *one_worker.get_or_insert(elapsed);
        println!(
            "{workers} worker(s): sum {total} in {elapsed:.2?}, speed-up {:.2}×",
            baseline.as_secs_f64() / elapsed.as_secs_f64()
        );
    }
}
