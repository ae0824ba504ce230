//! `racelab sweep`: the tutorial's worker-count sweep, as a table and a plot.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use racelab::explore::sweep::{cpu_rounds_for, run as run_job, worker_counts, Job, Point};

use crate::cli::{plot, progress, refuse_with};

/// The options of `racelab sweep`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Tasks in each job.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    tasks: u64,
    /// The largest number of workers (the sweep doubles 1, 2, 4, … up to it).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=4000))]
    max_workers: u64,
    /// How long each I/O-bound task waits, in milliseconds.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=1000))]
    io_ms: u64,
    /// How long each CPU-bound task computes on one core, in microseconds.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    cpu_us: u64,
    /// Where to write the plot.
    #[arg(long, default_value = "sweep.svg")]
    out: PathBuf,
}

/// Runs `racelab sweep`.
pub(crate) fn run(args: &Args) -> ExitCode {
    let tasks = args.tasks as usize;
    let io = Job::Io(Duration::from_millis(args.io_ms));
    let cpu = Job::Cpu(cpu_rounds_for(Duration::from_micros(args.cpu_us)));
    let counts = worker_counts(args.max_workers as usize);
    println!(
        "{tasks} tasks per job: I/O-bound waits {} ms per task, CPU-bound computes {} µs per task; \
         {} cores here.\n",
        args.io_ms,
        args.cpu_us,
        cores()
    );
    println!(
        "{:>8}  {:>10} {:>8}  {:>10} {:>8}",
        "workers", "I/O time", "speed-up", "CPU time", "speed-up"
    );
    // Warm-up, untimed: the first run pays for cold caches and a clock that
    // has not ramped up yet, and as the baseline it would flatter every ratio.
    run_job(cpu, tasks, 1);
    let bar = progress::bar(Some(counts.len() as u64), "sweeping worker counts");
    let mut points: Vec<Point> = Vec::new();
    for &workers in &counts {
        let point = Point {
            workers,
            io: run_job(io, tasks, workers),
            cpu: run_job(cpu, tasks, workers),
        };
        let first = points.first().copied().unwrap_or(point);
        bar.suspend(|| {
            println!(
                "{workers:>8}  {:>10} {:>7.1}×  {:>10} {:>7.1}×",
                format!("{:.1?}", point.io),
                ratio(first.io, point.io),
                format!("{:.1?}", point.cpu),
                ratio(first.cpu, point.cpu),
            )
        });
        points.push(point);
        bar.inc(1);
    }
    bar.finish_and_clear();
    if let Err(error) = plot::sweep(&args.out, &points, cores()) {
        return refuse_with(&format!(
            "could not write the plot to {}: {error}",
            args.out.display()
        ));
    }
    let best = points
        .iter()
        .min_by_key(|point| point.io)
        .map_or(1, |point| point.workers);
    let beyond = if counts.last() == Some(&best) {
        ", the most tried".to_string()
    } else {
        "; beyond that, starting threads cost more than the overlap saved".to_string()
    };
    println!(
        "\nWaiting overlaps: the I/O-bound job kept getting faster long past the {} cores, \
         fastest here at {best} workers{beyond}. Computing does not overlap: the CPU-bound \
         job stops at about the number of cores.\nPlot written to {}",
        cores(),
        args.out.display()
    );
    ExitCode::SUCCESS
}

/// How many times faster `now` is than `first`.
pub(crate) fn ratio(first: Duration, now: Duration) -> f64 {
    first.as_secs_f64() / now.as_secs_f64().max(1e-9)
}

/// The cores this machine offers.
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}
