//! The I/O-bound case: 8 "fetches" of 0.3 s each on 4 workers. The workers
//! wait side by side, so it takes ⌈8 / 4⌉ × 0.3 s ≈ 0.6 s, not 8 × 0.3 s =
//! 2.4 s. Waiting needs no CPU, so this works the same in Python, GIL or not.
//!
//! Run with `cargo run --release --example fetch`.

use std::thread;
use std::time::{Duration, Instant};

use racelab::executor::ThreadPool;

/// Stands in for a network request: 0.3 s of waiting, then a page.
fn fetch(url: String) -> String {
    thread::sleep(Duration::from_millis(300));
    format!("<html>{url}</html>")
}

fn main() {
    let urls: Vec<String> = (1..=8)
        .map(|n| format!("https://example.com/page/{n}"))
        .collect();
    let pool = ThreadPool::new(4).expect("4 workers");

    let start = Instant::now();
    for page in pool.map(fetch, urls).expect("the pool is open") {
        let page = page.expect("fetch does not panic");
        println!("{:>6.2?}  {} bytes: {page}", start.elapsed(), page.len());
    }
    println!(
        "8 fetches of 0.3 s on 4 workers: {:.2?} (sequential would be 2.4 s)",
        start.elapsed()
    );
}
