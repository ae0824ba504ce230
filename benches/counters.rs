//! What each counter costs per increment, on 1 and 2 threads.
//!
//! Run with `cargo bench --bench counters`. One iteration is one increment:
//! criterion's "time" is wall-clock nanoseconds per increment, all threads
//! together. Threads are spawned before the clock starts and released at once
//! by a spin gate, so the time is the counting alone.

use std::hint::black_box;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use racelab::counter::{
    AtomicCounter, Counter, LocalCounter, MutexCounter, ParkingLotCounter, RacyCounter,
    SplitLockCounter,
};
use racelab::sync::{SpinGate, StartGate};

/// Wall time for `threads` threads to share `increments` increments of `C`.
fn shared<C: Counter>(threads: u64, increments: u64) -> Duration {
    let counter = Arc::new(C::default());
    race(threads, increments, move || {
        let counter = Arc::clone(&counter);
        move |n| {
            for _ in 0..n {
                counter.increment();
            }
        }
    })
}

/// Wall time for `threads` threads to count `increments` in all, each alone.
fn local(threads: u64, increments: u64) -> Duration {
    race(threads, increments, || {
        |n| {
            let mut counter = LocalCounter::default();
            for _ in 0..n {
                counter.increment();
            }
            black_box(counter.get());
        }
    })
}

/// Spawns `threads` threads, each running its share of `increments` from a
/// worker made by `make`, and times them from the gate opening to the last join.
fn race<W>(threads: u64, increments: u64, make: impl Fn() -> W) -> Duration
where
    W: FnOnce(u64) + Send + 'static,
{
    let gate = Arc::new(SpinGate::default());
    let share = increments.div_ceil(threads);
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let gate = Arc::clone(&gate);
            let work = make();
            thread::spawn(move || {
                gate.wait();
                work(share);
            })
        })
        .collect();
    let start = Instant::now();
    gate.open();
    for handle in handles {
        handle.join().expect("a counting thread panicked");
    }
    start.elapsed()
}

fn per_increment(c: &mut Criterion) {
    let mut group = c.benchmark_group("ns per increment");
    for threads in [1, 2] {
        let mut bench = |name: &str, run: fn(u64, u64) -> Duration| {
            group.bench_with_input(BenchmarkId::new(name, threads), &threads, |b, &threads| {
                b.iter_custom(|increments| run(threads, increments))
            });
        };
        bench("racy", shared::<RacyCounter>);
        bench("split-lock", shared::<SplitLockCounter>);
        bench("mutex", shared::<MutexCounter>);
        bench("parking-lot", shared::<ParkingLotCounter>);
        bench("atomic", shared::<AtomicCounter>);
        bench("local", local);
    }
    group.finish();
}

criterion_group!(benches, per_increment);
criterion_main!(benches);
