//! A measurement, not a check (it is a race): how often
//! `shutdown(cancel_futures = true)` right after the first submit to a new
//! pool cancels that task, because its new worker has not taken it yet.
//! Python's `ThreadPoolExecutor` behaves alike: `submit` does not wait for a
//! worker to start the task.
//!
//! ```text
//! cargo run --release --example cancel_after_submit
//! ```

use racelab::executor::ThreadPool;

fn main() {
    const TRIALS: usize = 1_000;
    let cancelled = (0..TRIALS)
        .filter(|_| {
            let pool = ThreadPool::new(1).expect("a pool of one worker");
            let handle = pool.submit(|| ()).expect("a pool that is running");
            pool.shutdown(true, true);
            handle.cancelled()
        })
        .count();
    println!(
        "cancel_futures cancelled the just-submitted task in {cancelled} of {TRIALS} new pools"
    );
}
