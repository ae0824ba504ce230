//! What a pool costs per task, beside the alternatives, in one run.
//!
//! - tiny tasks (return a number): submit + result one at a time, beside
//!   its floor, a bare channel round trip to a parked thread; a batch of
//!   1,000 through `map`, and the same 1,000 submitted by 4 threads at
//!   once; the `threadpool` crate, rayon's `spawn`, a pool of 4 threads on
//!   one crossbeam channel and a thread per task do the same batch;
//! - the I/O-bound case: 16 tasks that each sleep 50 ms on 4 workers, whose
//!   floor is ⌈16 / 4⌉ × 50 ms = 200 ms.
//!
//! Run with `cargo bench --bench pool` (about two minutes: each row
//! measures for 2 s after a 1 s warm-up).

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use racelab::executor::ThreadPool;

const BATCH: u64 = 1_000;
const WORKERS: usize = 4;
const SUBMITTERS: u64 = 4;

/// The sum every batch must come to: 1 + 2 + … + BATCH.
const SUM: u64 = BATCH * (BATCH + 1) / 2;

/// A job for the crossbeam-channel pool.
type Job = Box<dyn FnOnce() + Send>;

/// The simplest pool there is: `WORKERS` threads taking jobs from one
/// crossbeam channel until it closes. No handles, no cancel, no shutdown
/// order: the floor of what a pool must cost.
struct CrossbeamPool {
    jobs: Option<crossbeam_channel::Sender<Job>>,
    threads: Vec<thread::JoinHandle<()>>,
}

impl CrossbeamPool {
    fn new(workers: usize) -> Self {
        let (jobs, take) = crossbeam_channel::unbounded::<Job>();
        let threads = (0..workers)
            .map(|_| {
                let take = take.clone();
                thread::spawn(move || take.iter().for_each(|job| job()))
            })
            .collect();
        Self {
            jobs: Some(jobs),
            threads,
        }
    }

    fn execute(&self, job: impl FnOnce() + Send + 'static) {
        if let Some(jobs) = &self.jobs {
            jobs.send(Box::new(job)).expect("the workers are alive");
        }
    }
}

impl Drop for CrossbeamPool {
    fn drop(&mut self) {
        self.jobs = None; // closes the channel: the workers leave
        for thread in self.threads.drain(..) {
            thread.join().expect("a worker never panics");
        }
    }
}

/// A parked thread that answers each number with the next one: a round
/// trip through it is two channel hand-offs and two wake-ups, what one
/// task at a time costs at the least.
fn echo_thread() -> (
    mpsc::Sender<u64>,
    mpsc::Receiver<u64>,
    thread::JoinHandle<()>,
) {
    let (ask, asked) = mpsc::channel::<u64>();
    let (answer, answers) = mpsc::channel();
    let thread = thread::spawn(move || {
        for n in asked {
            if answer.send(n + 1).is_err() {
                return;
            }
        }
    });
    (ask, answers, thread)
}

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

    let (ask, answers, echo) = echo_thread();
    group.bench_function("floor: channel round trip to a parked thread", |b| {
        b.iter(|| {
            let sum: u64 = (0..BATCH)
                .map(|n| {
                    ask.send(n).unwrap();
                    answers.recv().unwrap()
                })
                .sum();
            assert_eq!(sum, SUM);
        });
    });
    drop(ask);
    echo.join().unwrap();

    group.bench_function("racelab submit from 4 threads at once", |b| {
        b.iter(|| {
            let share = BATCH / SUBMITTERS;
            let sum: u64 = thread::scope(|scope| {
                let submitters: Vec<_> = (0..SUBMITTERS)
                    .map(|k| {
                        let pool = &pool;
                        scope.spawn(move || {
                            let handles: Vec<_> = (k * share..(k + 1) * share)
                                .map(|n| pool.submit(move || n + 1).unwrap())
                                .collect();
                            handles
                                .into_iter()
                                .map(|h| h.result().unwrap())
                                .sum::<u64>()
                        })
                    })
                    .collect();
                submitters.into_iter().map(|s| s.join().unwrap()).sum()
            });
            assert_eq!(sum, SUM);
        });
    });
    group.bench_function(
        "4 plain threads spawned and joined (the row above's overhead)",
        |b| {
            b.iter(|| {
                thread::scope(|scope| {
                    for _ in 0..SUBMITTERS {
                        scope.spawn(|| ());
                    }
                });
            });
        },
    );

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

    let crossbeam = CrossbeamPool::new(WORKERS);
    group.bench_function("crossbeam-channel pool (batch)", |b| {
        b.iter(|| {
            let (send, receive) = crossbeam_channel::unbounded();
            for n in 0..BATCH {
                let send = send.clone();
                crossbeam.execute(move || send.send(n + 1).unwrap());
            }
            drop(send);
            let sum: u64 = receive.iter().sum();
            assert_eq!(sum, SUM);
        });
    });
    drop(crossbeam);

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

/// Short measurements: every row in one run, in about two minutes.
fn short() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = short();
    targets = tiny_tasks, io_bound
}
criterion_main!(benches);
