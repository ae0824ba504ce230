//! Lessons 6–8: the locks, proved; their cost, measured; and no sharing.

use racelab::explore::{model, threads, Scenario};

use crate::cli::tour::paragraph;

const THREADS: usize = 2;
const INCREMENTS: u64 = 1_000_000;

/// Lesson 6: one lock around the whole increment, or one atomic step.
pub(super) fn locks() {
    paragraph(
        "The fix is to make read-add-write one step: hold one lock from the read to the write \
         (std's Mutex, or parking_lot's), or use an atomic fetch_add. loom checks every \
         execution of 2 threads × 1 increment:",
    );
    for scenario in [Scenario::Mutex, Scenario::Atomic, Scenario::Local] {
        let proof = model::loom(scenario, 2, 1);
        println!(
            "{:<7} {:>3} executions, {}",
            scenario.name(),
            proof.executions,
            if proof.always_exact() {
                "every one exact"
            } else {
                "SOME LOSE UPDATES"
            }
        );
    }
}

/// Lesson 7: what each fix costs per increment, measured now.
pub(super) fn cost() {
    paragraph(
        "Correctness has a price, paid on every increment. Here 2 real threads each increment \
         1,000,000 times; the times are measured now, so they vary from run to run.",
    );
    let racy = per_increment(Scenario::Racy);
    for scenario in [
        Scenario::Racy,
        Scenario::Mutex,
        Scenario::ParkingLot,
        Scenario::Atomic,
    ] {
        let ns = if scenario == Scenario::Racy {
            racy
        } else {
            per_increment(scenario)
        };
        println!(
            "{:<12} {ns:>6.1} ns per increment  ({:.1}× racy)",
            scenario.name(),
            ns / racy.max(1e-3)
        );
    }
}

/// Lesson 8: share nothing; each thread counts alone and the caller sums.
pub(super) fn local() {
    paragraph(
        "The cheapest lock is none: give each thread its own count and add them up after \
         `join`. Nothing is shared, so nothing can be lost, and no thread waits for another.",
    );
    let local = per_increment(Scenario::Local);
    let mutex = per_increment(Scenario::Mutex);
    println!(
        "local {local:.2} ns per increment, {:.0}× cheaper than the std Mutex counter",
        mutex / local.max(1e-3)
    );
}

fn per_increment(scenario: Scenario) -> f64 {
    let run = threads::run(scenario, THREADS, INCREMENTS);
    run.elapsed.as_secs_f64() * 1e9 / run.expected as f64
}
