//! What a pool costs per task, beside the alternatives, in one run.
//!
//! - tiny tasks (return a number): submit + result one at a time, and a
//!   batch of 1,000 through `map`; the `threadpool` crate, rayon's `spawn`
//!   and a thread per task do the same batch;
//! - the I/O-bound case: 16 tasks that each sleep 50 ms on 4 workers, whose
//!   floor is ⌈16 / 4⌉ × 50 ms = 200 ms.
//!
//! Run with `cargo bench --bench pool`.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use racelab::executor::ThreadPool;

const BATCH: u64 = 1_000;
const WORKERS: usize = 4;

fn tiny_tasks(c: &mut Criterion) {
    let mut group = c.benchmark_group("tiny tasks");
    group.throughput(Throughput::Elements(BATCH));

    let pool = ThreadPool::new(WORKERS).unwrap();
    group.bench_function("racelab map (batch)", |b| {
        b.iter(|| {
            let sum: u64 = pool
                .map(|n: u64| n + 1, 0..BATCH)
                .unwrap()
                .map(Result::unwrap)
                .sum();
            assert_eq!(sum, BATCH * (BATCH + 1) / 2);
        });
    });
    group.bench_function("racelab submit, all then results", |b| {
        b.iter(|| {
            let handles: Vec<_> = (0..BATCH)
                .map(|n| pool.submit(move || n + 1).unwrap())
                .collect();
            let sum: u64 = handles.into_iter().map(|h| h.result().unwrap()).sum();
            assert_eq!(sum, BATCH * (BATCH + 1) / 2);
        });
    });
    group.bench_function("racelab submit+result one at a time", |b| {
        b.iter(|| {
            let sum: u64 = (0..BATCH)
                .map(|n| pool.submit(move || n + 1).unwrap().result().unwrap())
                .sum();
            assert_eq!(sum, BATCH * (BATCH + 1) / 2);
        });
    });

    let threadpool = threadpool::ThreadPool::new(WORKERS);
    group.bench_function("threadpool crate (batch)", |b| {
        b.iter(|| {
            let (send, receive) = mpsc::channel();
            for n in 0..BATCH {
                let send = send.clone();
                threadpool.execute(move || send.send(n + 1).unwrap());
            }
            drop(send);
            let sum: u64 = receive.iter().sum();
            assert_eq!(sum, BATCH * (BATCH + 1) / 2);
        });
    });

    let rayon = rayon::ThreadPoolBuilder::new()
        .num_threads(WORKERS)
        .build()
        .unwrap();
    group.bench_function("rayon spawn (batch)", |b| {
        b.iter(|| {
            let (send, receive) = mpsc::channel();
            for n in 0..BATCH {
                let send = send.clone();
                rayon.spawn(move || send.send(n + 1).unwrap());
            }
            drop(send);
            let sum: u64 = receive.iter().sum();
            assert_eq!(sum, BATCH * (BATCH + 1) / 2);
        });
    });

    group.sample_size(10);
    group.bench_function("a thread per task (batch)", |b| {
        b.iter(|| {
            let threads: Vec<_> = (0..BATCH).map(|n| thread::spawn(move || n + 1)).collect();
            let sum: u64 = threads.into_iter().map(|t| t.join().unwrap()).sum();
            assert_eq!(sum, BATCH * (BATCH + 1) / 2);
        });
    });
    group.finish();
}

fn io_bound(c: &mut Criterion) {
    let mut group = c.benchmark_group("io bound");
    group.sample_size(10);
    let pool = ThreadPool::new(WORKERS).unwrap();
    group.bench_with_input(
        BenchmarkId::new("16 × 50 ms on 4 workers (floor 200 ms)", 16),
        &16u64,
        |b, &tasks| {
            b.iter(|| {
                let done = pool
                    .map(|_| thread::sleep(Duration::from_millis(50)), 0..tasks)
                    .unwrap()
                    .filter(Result::is_ok)
                    .count();
                assert_eq!(done, 16);
            });
        },
    );
    group.finish();
}

criterion_group!(benches, tiny_tasks, io_bound);
criterion_main!(benches);
