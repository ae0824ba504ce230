//! `as_completed` with a flaky task: results are handled in the order they
//! finish, and one task's failure is handled on its own — the others'
//! results are not lost, and the worker that ran it goes on working.
//!
//! Run with `cargo run --example flaky`.

use std::thread;
use std::time::{Duration, Instant};

use racelab::executor::{as_completed, ThreadPool};

fn job(n: u64) -> u64 {
    thread::sleep(Duration::from_millis(50 * (5 - n)));
    if n == 2 {
        panic!("job {n} hit a flaky server");
    }
    n * 100
}

fn main() {
    let pool = ThreadPool::new(5).expect("5 workers");
    let start = Instant::now();
    let handles: Vec<_> = (0..5)
        .map(|n| pool.submit(move || job(n)).expect("the pool is open"))
        .collect();

    for handle in as_completed(handles, None) {
        let handle = handle.expect("no timeout was set");
        // Each failure is a value to handle here, not an exception that ends the loop.
        match handle.result() {
            Ok(value) => println!("{:>6.2?}  got {value}", start.elapsed()),
            Err(error) => println!("{:>6.2?}  failed: {error}", start.elapsed()),
        }
    }
}
