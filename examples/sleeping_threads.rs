//! Threads by hand, as the tutorials start: each sleeps, then says so.
//! With `join`, main waits for all of them. Without it, main goes on — and
//! when main returns, the process ends and unfinished threads are cut off
//! mid-sleep, their last line never printed.
//!
//! Run with `cargo run --example sleeping_threads`.

use std::thread;
use std::time::{Duration, Instant};

fn nap(name: &str, millis: u64) {
    thread::sleep(Duration::from_millis(millis));
    println!("  {name} woke after {millis} ms");
}

fn main() {
    println!("with join:");
    let start = Instant::now();
    let threads: Vec<_> = [("T1", 300), ("T2", 200), ("T3", 100)]
        .into_iter()
        .map(|(name, millis)| thread::spawn(move || nap(name, millis)))
        .collect();
    for thread in threads {
        thread.join().expect("a nap does not panic");
    }
    // The naps overlapped: about 300 ms in all, not 600.
    println!("  all done in {:.2?}", start.elapsed());

    println!("without join:");
    for (name, millis) in [("T4", 300), ("T5", 50)] {
        // The handle is dropped: the thread is detached, and nobody waits.
        drop(thread::spawn(move || nap(name, millis)));
    }
    thread::sleep(Duration::from_millis(150));
    println!("  main returns after 150 ms: T5 printed, T4 never will");
}
