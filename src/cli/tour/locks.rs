//! Lessons 6–8: the fixes, proved; what they cost, measured; and no sharing.
//!
//! Each counter is shown (its code, and the Python it stands for) before its
//! result. The costs are medians of several runs with their spread, in ns per
//! increment, and every ratio is computed from the medians printed beside it.

use std::time::Duration;

use racelab::counter::counting;
use racelab::explore::model;
use racelab::sync::ShuttleScheduler;

use crate::cli::numbers::grouped;
use crate::cli::tour::measure::{self, Spread};
use crate::cli::tour::{counter, listing, paragraph};

/// Threads that increment at once in the cost lessons.
const THREADS: usize = 2;
/// Increments per thread in each timed run.
const INCREMENTS: u64 = 1_000_000;
/// Timed runs per counter; the median of them is printed.
const RUNS: usize = 5;
/// A counter is not timed again once this much time is spent on it, so
/// lessons 7 and 8 take about 0.5 s each on an idle machine, at most about
/// 1.2 s on a very busy one.
const BUDGET: Duration = Duration::from_millis(300);

/// Lesson 6: one lock around the whole increment, or one atomic step.
pub(super) fn locks() {
    paragraph(
        "The fix is to leave no gap: make read, add and write one step that no other thread \
         can come between. Three counters that do:",
    );
    listing::show("mutex");
    listing::show("parking-lot");
    listing::show("atomic");
    paragraph(
        "loom and shuttle-dfs each run every one of them at 2 threads × 1 increment, to the end \
         of their searches: loom's search has known gaps, and shuttle-dfs, which runs every \
         interleaving, covers them here, where weak memory cannot matter (the atomic shares \
         one location, lesson 5; the mutexes order every access with their lock). Neither \
         runs std's or parking_lot's lock: each runs its own model of a lock, so what they \
         prove is the critical section (that one lock covers the read, the add and the \
         write), which both mutex counters share.",
    );
    for name in ["mutex", "parking-lot", "atomic"] {
        println!("{name:<12} {}", proof(name));
    }
}

/// Lesson 7: what each fix costs per increment, measured now.
pub(super) fn cost() {
    paragraph(&format!(
        "Correctness has a price, paid on every increment. Here {THREADS} real threads each \
         increment {} times, up to {RUNS} runs per counter (fewer once a counter's runs pass \
         {} ms: the runs column says how many). The racy counter is cheap, and wrong: \
         its load and its store are two plain moves that wait for no lock (the store goes \
         into the core's store buffer and the thread goes on, waiting only when that buffer \
         is full; a load may wait for the cache line the other core last wrote), and another \
         thread can write between the two, as lesson 4 showed. A thread that finds a lock taken \
         spins for a moment (std's futex-based Mutex and parking_lot's both do), then sleeps \
         until the holder wakes it; an atomic fetch_add never waits for a lock, but it is one \
         indivisible read-add-write: the core must own the count's cache line for the whole \
         of it (and, on x86, first empty its store buffer), so each one may wait while the two \
         cores pass the line back and forth.",
        grouped(INCREMENTS),
        BUDGET.as_millis()
    ));
    let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get());
    paragraph(&format!(
        "This machine offers {cores} cores to this program. Whether the threads really ran at \
         the same moment depends on what else it is doing: when they did not, these are costs \
         without contention, and the spread between runs shows how much the timing varies.",
    ));
    cost_table(&[
        ("racy", || shared("racy")),
        ("mutex", || shared("mutex")),
        ("parking-lot", || shared("parking-lot")),
        ("atomic", || shared("atomic")),
    ]);
}

/// Lesson 8: share nothing; each thread counts alone and the caller sums.
pub(super) fn local() {
    paragraph(
        "Or design the shared state away: give each thread its own count and add them up \
         after `join`. Nothing is shared, so nothing can be lost, and no thread waits for \
         another. This is the tutorials' \"return values and combine them\".",
    );
    listing::show("local");
    println!("{:<12} {}\n", "local", proof("local"));
    paragraph(
        "To time it, `std::hint::black_box` (a hint, which the compiler honours in practice) \
         stops it from folding each thread's loop into one addition: the count is loaded, incremented and stored every time \
         round, in memory no other thread touches. Beside it, the shared counters timed \
         again now:",
    );
    let medians = cost_table(&[
        ("local", || measure::local_cost(THREADS, INCREMENTS)),
        ("local-folded", || {
            measure::local_folded_cost(THREADS, INCREMENTS)
        }),
        ("racy", || shared("racy")),
        ("atomic", || shared("atomic")),
        ("mutex", || shared("mutex")),
    ]);
    println!();
    paragraph(&what_local_costs(medians[0], medians[1], medians[2]));
}

/// What the local counter's rows show, from their printed medians (ns per
/// increment): `local` with `black_box`, `local-folded` without, and the
/// racy counter's; and one more run of `local-folded`, with a hundred times
/// the increments, to show whether its loop costs anything.
fn what_local_costs(local: f64, folded: f64, racy: f64) -> String {
    let total = THREADS as u64 * INCREMENTS;
    let many = measure::local_folded_cost(THREADS, INCREMENTS * 100);
    // Whole runs, in ms, from the figures per increment, rounded as printed
    // so that the sentence below follows the figures a reader sees.
    let ms = |ns_each: f64, increments: u64| (ns_each * increments as f64 / 1e4).round() / 100.0;
    let (short, long) = (ms(folded, total), ms(many, total * 100));
    let mut words = format!(
        "local-folded is the same counter without black_box, as a program would run it. Its \
         {} increments took {short:.2} ms in all; {} took {long:.2} ms.",
        grouped(total),
        grouped(total * 100)
    );
    let times = long / short;
    if times < 3.0 {
        words.push_str(
            " A hundred times the increments in less than three times the time: the compiler \
             turned each thread's loop into one addition, so the loop is free, what is left is \
             starting the threads and adding their counts, and only each thread's final count is \
             handed over, by join.",
        );
    } else if times < 30.0 {
        words.push_str(&format!(
            " A hundred times the increments took {times:.1} times as long, far from a hundred: \
             so in the shorter run most of the time was not the increments but the rest, \
             starting and joining the threads, which varies with what else the machine is \
             doing."
        ));
    } else {
        words.push_str(&format!(
            " A hundred times the increments took {times:.1} times as long: here the loop did \
             cost something for each increment."
        ));
    }
    if racy > 2.0 * local {
        words.push_str(&format!(
            " The racy counter ({racy:.2} ns) costs more than local ({local:.2} ns) here, for \
             the same load, add and store: its count sits in one cache line that both cores \
             write, so a load often waits for the line to come back from the other core, while \
             each local count stays in its own core's cache."
        ));
    }
    if racy < local {
        words.push_str(&format!(
            " The racy counter's median ({racy:.2} ns) is below local's ({local:.2} ns) here: \
             both make one load and one store per increment, so these figures do not show \
             that sharing is cheaper. Fast or not, the racy counter loses updates (lesson 4)."
        ));
    }
    words
}

/// What loom found for the counter `name`, as a few words.
/// Both complete searches, since loom's has known gaps that shuttle-dfs
/// covers where weak memory cannot matter.
fn proof(name: &str) -> String {
    let loom = model::loom(counter(name, 2, 1));
    let shuttle = model::shuttle(counter(name, 2, 1), ShuttleScheduler::Dfs);
    let verdict = if loom.wrong().is_empty() && shuttle.wrong().is_empty() {
        format!(
            "every one ends at {}, no update lost",
            counting::expected(loom.program.size)
        )
    } else {
        "SOME LOSE UPDATES".to_string()
    };
    format!(
        "loom {} executions, shuttle-dfs {} schedules: {verdict}",
        grouped(loom.executions as u64),
        grouped(shuttle.executions as u64)
    )
}

/// One timed run of the counter `name`, in ns per increment.
fn shared(name: &str) -> f64 {
    measure::shared_cost(counter(name, THREADS, INCREMENTS))
}

/// A row of a cost table: the counter's name, and a function that times one
/// run of it, in ns per increment.
type Row = (&'static str, fn() -> f64);

/// Times each row [`RUNS`] times (within [`BUDGET`]) and prints its median
/// and spread, and its median divided by the first row's; returns the
/// medians as printed.
fn cost_table(rows: &[Row]) -> Vec<f64> {
    println!(
        "ns per increment ({} threads × {} increments; wall time ÷ all increments)",
        THREADS,
        grouped(INCREMENTS)
    );
    let baseline_name = rows[0].0;
    println!(
        "{:<12} {:>4} {:>8} {:>15} {:>10}",
        "counter",
        "runs",
        "median",
        "min–max",
        format!("× {baseline_name}")
    );
    let mut baseline = None;
    // Each ratio divides the medians as printed, to 0.01 ns, so a reader
    // can check it.
    let printed = |ns: f64| (ns * 100.0).round() / 100.0;
    let mut medians = Vec::new();
    for &(name, time_one_run) in rows {
        let costs = measure::repeat(RUNS, BUDGET, time_one_run);
        let spread = Spread::of(&costs);
        let base = *baseline.get_or_insert(printed(spread.median));
        println!(
            "{name:<12} {:>4} {:>8.2} {:>15} {:>10}",
            costs.len(),
            spread.median,
            format!("{:.2}–{:.2}", spread.min, spread.max),
            ratio(printed(spread.median), base)
        );
        medians.push(printed(spread.median));
    }
    medians
}

/// `cost ÷ baseline` to one decimal, or a dash when the baseline printed as 0.
fn ratio(cost: f64, baseline: f64) -> String {
    if baseline > 0.0 {
        format!("{:.1}", cost / baseline)
    } else {
        "–".to_string()
    }
}
