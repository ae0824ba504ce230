//! The referee against an independent search, over every execution loom
//! runs of the counters and of the whole catalogue; and loom's own error,
//! reproduced in plain loom code.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release --test loom_referee -- --nocapture`.
//! Each distinct execution (its [shape](racelab::trace::Trace::shape)) is
//! judged once by racelab and once by `tests/common/rc11.rs`, which shares
//! none of the referee's code. Cost, release build on 2 cores: about a
//! minute, most of it the deadlock's back-off (50,349 executions).

#![cfg(loom)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use common::{counter, rc11};
use racelab::explore::model;
use racelab::scenario::{self, Checker, Program, Size};
use racelab::sync::{explore_loom_within, Budget};
use racelab::trace::{self, Drawing, Order, Step, Trace};

/// How many distinct executions fell in each class.
#[derive(Debug, Default, PartialEq, Eq)]
struct Classes {
    interleaving: usize,
    weak_memory: usize,
    forbidden: usize,
}

/// Judges every distinct execution loom runs of `program` both ways and
/// asserts they agree; returns how many fell in each class.
fn judge_every_execution(
    preemptions: Option<usize>,
    program: impl Fn() + Send + Sync + 'static,
) -> Classes {
    let seen: Arc<Mutex<(HashSet<Vec<Step>>, Classes)>> = Arc::default();
    let into = Arc::clone(&seen);
    let explored = explore_loom_within(preemptions, Budget::default(), move || {
        trace::start();
        program();
        let trace = trace::finish();
        let mut guard = into.lock().unwrap_or_else(PoisonError::into_inner);
        if guard.0.insert(trace.shape()) {
            let class = classify(&trace);
            let classes = &mut guard.1;
            match class {
                Order::Interleaving { .. } => classes.interleaving += 1,
                Order::WeakMemory => classes.weak_memory += 1,
                Order::Forbidden => classes.forbidden += 1,
                other => panic!("an execution neither search could settle ({other:?}): {trace:?}"),
            }
        }
    });
    assert!(!explored.stopped);
    let mut guard = seen.lock().unwrap_or_else(PoisonError::into_inner);
    std::mem::take(&mut guard.1)
}

/// racelab's class of `trace`, checked against the independent search.
fn classify(trace: &Trace) -> Order {
    let drawing = Drawing::new(trace);
    let allowed = rc11::allows(trace);
    assert_eq!(
        drawing.order != Order::Forbidden,
        allowed,
        "racelab says {:?}, the independent search says {}: {trace:?}",
        drawing.order,
        if allowed { "allowed" } else { "forbidden" }
    );
    drawing.order
}

fn counting(scenario: &str, threads: usize, increments: u64) -> Classes {
    let program = counter(scenario, threads, increments);
    judge_every_execution(None, move || {
        program.run(Checker::Loom);
    })
}

#[test]
fn the_referee_forbids_exactly_what_the_independent_search_finds_impossible_for_the_counters() {
    for scenario in ["racy", "split-lock", "atomic", "mutex"] {
        for (threads, increments) in [(2, 1), (2, 2), (3, 1), (2, 3)] {
            let classes = counting(scenario, threads, increments);
            println!("{scenario} {threads} × {increments}: {classes:?}");
            assert_eq!(classes.weak_memory, 0, "one location is always coherent");
        }
    }
}

#[test]
fn the_referee_forbids_exactly_what_the_independent_search_finds_impossible_for_the_catalogue() {
    let mut weak = BTreeMap::new();
    let mut forbidden = BTreeMap::new();
    let catalogue = scenario::ALL
        .iter()
        .filter(|s| s.about().number.starts_with("9."));
    for &lesson in catalogue {
        for version in 0..lesson.variants().len() {
            let subject = Program {
                scenario: lesson,
                version,
                size: Size::SMALLEST,
            };
            let classes = judge_every_execution(subject.loom_preemptions(), move || {
                subject.run(Checker::Loom);
            });
            println!("{subject}: {classes:?}");
            if classes.weak_memory > 0 {
                weak.insert(subject.to_string(), classes.weak_memory);
            }
            if classes.forbidden > 0 {
                forbidden.insert(subject.to_string(), classes.forbidden);
            }
        }
    }
    let forbidden: Vec<&str> = forbidden.keys().map(String::as_str).collect();
    assert_eq!(
        forbidden,
        ["peterson (seqcst)", "store-buffering (seqcst)"],
        "loom's SeqCst accesses (loom issue 180), and nothing else"
    );
    let weak: Vec<&str> = weak.keys().map(String::as_str).collect();
    assert_eq!(
        weak,
        [
            "lazy-publish (relaxed)",
            "message-passing (relaxed)",
            "peterson (fence)",
            "peterson (release-acquire)",
            "store-buffering (relaxed)",
            "store-buffering (release-acquire)",
        ],
        "weak memory is found exactly where the litmus tests say"
    );
}

#[test]
fn the_racy_counter_at_2x3_reports_loom_forbidden_executions_and_no_weak_memory() {
    let racy = model::loom(counter("racy", 2, 3));
    let weak: usize = racy.outcomes.values().map(|o| o.weak_memory).sum();
    assert_eq!(weak, 0);
    assert!(racy.forbidden.executions > 0);
    let counted: usize = racy.outcomes.values().map(|o| o.executions).sum();
    assert_eq!(counted + racy.forbidden.executions, racy.executions);
    println!(
        "{} of {} executions forbidden: {:?}",
        racy.forbidden.executions, racy.executions, racy.forbidden.axioms
    );
}

/// loom 0.7.3's error, in plain loom code with nothing of racelab's in it:
/// two threads each increment a `Relaxed` counter three times with a load
/// and a store, every value tagged with its write's identity. In some
/// executions a thread loads its own older write after storing a newer
/// one, which write-read coherence forbids for every ordering. When a loom
/// upgrade fixes this, this test fails: then racelab's note about it, and
/// this test, should go.
#[test]
fn loom_still_lets_a_thread_read_its_own_older_write() {
    use loom::sync::atomic::AtomicU64;
    use loom::sync::atomic::Ordering::Relaxed;
    use std::sync::atomic::AtomicUsize;

    // racelab's panic hooks first, as every test here uses them: shuttle's
    // must sit below loom's (see `racelab::sync`).
    explore_loom_within(None, Budget::default(), || {});
    let broken = Arc::new(AtomicUsize::new(0));
    let executions = Arc::new(AtomicUsize::new(0));
    let (b, e) = (Arc::clone(&broken), Arc::clone(&executions));
    loom::model(move || {
        e.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // The value in the low half; in the high half, the write's tag:
        // 100 × the thread's number + its write's number.
        let count = loom::sync::Arc::new(AtomicU64::new(0));
        let threads: Vec<_> = (1..=2u64)
            .map(|me| {
                let count = loom::sync::Arc::clone(&count);
                loom::thread::spawn(move || {
                    let mut own_latest = 0;
                    let mut incoherent = false;
                    for k in 1..=3u64 {
                        let seen = count.load(Relaxed);
                        let tag = seen >> 32;
                        // One of my own writes, older than my latest one.
                        incoherent |= tag / 100 == me && tag < own_latest;
                        own_latest = me * 100 + k;
                        count.store((own_latest << 32) | ((seen & 0xffff_ffff) + 1), Relaxed);
                    }
                    incoherent
                })
            })
            .collect();
        for thread in threads {
            if thread.join().expect("no panic") {
                b.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
    });
    let broken = broken.load(std::sync::atomic::Ordering::Relaxed);
    let executions = executions.load(std::sync::atomic::Ordering::Relaxed);
    println!("{broken} of {executions} executions break write-read coherence");
    assert!(
        broken > 0,
        "loom no longer breaks write-read coherence here: remove the note about it"
    );
}
