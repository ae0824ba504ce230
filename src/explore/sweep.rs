//! How many workers does a job want? The tutorial's worker-count sweep.
//!
//! The same number of tasks runs on 1, 2, 4, … workers. An *I/O-bound* task
//! mostly waits (here: sleeps, as a download waits for the network), so more
//! workers overlap more waiting and the job keeps getting faster, far past
//! the number of cores. A *CPU-bound* task computes the whole time, so it
//! stops getting faster at the number of cores: extra workers only take
//! turns on them.
//!
//! ```
//! use std::time::Duration;
//! use racelab::explore::sweep::{run, Job};
//!
//! let job = Job::Io(Duration::from_millis(1));
//! let one = run(job, 8, 1); // eight waits, one after another
//! let eight = run(job, 8, 8); // eight waits at once
//! println!("1 worker: {one:?}, 8 workers: {eight:?}");
//! ```

use std::hint::black_box;
use std::sync::atomic::AtomicUsize;
use std::sync::atomic::Ordering::Relaxed;
use std::thread;
use std::time::{Duration, Instant};

/// What each task does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// Waits this long, as a task waiting on I/O does.
    Io(Duration),
    /// Computes for this many rounds of arithmetic.
    Cpu(u64),
}

impl Job {
    /// Runs one task.
    pub fn run_once(self) {
        match self {
            Job::Io(wait) => thread::sleep(wait),
            Job::Cpu(rounds) => {
                let mut x = black_box(1u64);
                for round in 0..rounds {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(round);
                }
                black_box(x);
            }
        }
    }
}

/// How many rounds of [`Job::Cpu`] take about `time` on this machine, on
/// one core.
pub fn cpu_rounds_for(time: Duration) -> u64 {
    let probe = 1_000_000;
    let start = Instant::now();
    Job::Cpu(probe).run_once();
    let per_round = start.elapsed().as_secs_f64() / probe as f64;
    (time.as_secs_f64() / per_round.max(1e-12)).max(1.0) as u64
}

/// Runs `tasks` tasks of `job` on `workers` threads, each taking the next
/// task until none is left, and returns how long the whole job took.
pub fn run(job: Job, tasks: usize, workers: usize) -> Duration {
    // Relaxed: the counter only hands out task numbers; no other memory is
    // published through it, and the scope's join waits for every worker.
    let next = AtomicUsize::new(0);
    let start = Instant::now();
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while next.fetch_add(1, Relaxed) < tasks {
                    job.run_once();
                }
            });
        }
    });
    start.elapsed()
}

/// The worker counts of the sweep: 1, 2, 4, … and then `max` itself.
pub fn worker_counts(max: usize) -> Vec<usize> {
    let mut counts: Vec<usize> = std::iter::successors(Some(1usize), |n| n.checked_mul(2))
        .take_while(|&n| n < max)
        .collect();
    counts.push(max.max(1));
    counts
}

/// One row of the sweep: the time each job took with `workers` workers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Workers.
    pub workers: usize,
    /// The I/O-bound job's time.
    pub io: Duration,
    /// The CPU-bound job's time.
    pub cpu: Duration,
}

#[cfg(test)]
mod tests {
    use super::worker_counts;

    #[test]
    fn worker_counts_double_up_to_the_maximum() {
        assert_eq!(worker_counts(1000).len(), 11);
        assert_eq!(worker_counts(1000)[10], 1000);
        assert_eq!(worker_counts(4), [1, 2, 4]);
        assert_eq!(worker_counts(1), [1]);
    }
}
