//! Properties of the counters, for any number of threads and increments.

mod common;

use common::{brief_text, counter};
use proptest::prelude::{prop_assert, prop_assert_eq, proptest, ProptestConfig};
use racelab::explore::{model, threads};
use racelab::sync::ShuttleScheduler;
use racelab::trace::{Action, Drawing, Location, Order, Place, Step, Trace, WriteId};
use std::sync::atomic::Ordering::Relaxed;

const EXACT: [&str; 4] = ["mutex", "parking-lot", "atomic", "local"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn correct_counters_end_exact_on_real_threads(threads in 1usize..=8, increments in 0u64..=2000) {
        for scenario in EXACT {
            let run = threads::run(counter(scenario, threads, increments));
            prop_assert_eq!(run.got, run.expected, "{}", scenario);
        }
    }

    #[test]
    fn racy_counters_never_end_above_exact(threads in 1usize..=8, increments in 0u64..=2000) {
        for scenario in ["racy", "split-lock"] {
            let run = threads::run(counter(scenario, threads, increments));
            prop_assert!(run.got <= run.expected, "{} counted {} of {}", scenario, run.got, run.expected);
        }
    }

    #[test]
    fn no_shuttle_seed_makes_the_mutex_counter_lose_updates(seed: u64) {
        let exploration = model::shuttle(counter("mutex", 2, 2), ShuttleScheduler::Random { seed, runs: 20 });
        prop_assert!(exploration.wrong().is_empty(), "seed {}: {}", seed, brief_text(&exploration));
    }

    #[test]
    fn one_thread_after_another_marks_nothing(threads in 1usize..=4, increments in 1u64..=4) {
        // Increments that never overlap: each read sees the newest write and
        // each write builds on it, so the trace has nothing to mark.
        let order: Vec<usize> = (1..=threads)
            .flat_map(|thread| std::iter::repeat_n(thread, 2 * increments as usize))
            .collect();
        let (trace, count) = racy_run(threads, &order);
        let drawing = Drawing::new(&trace);
        prop_assert_eq!(count, threads as u64 * increments);
        prop_assert!(drawing.marks.marks.iter().all(Option::is_none), "{:?}", drawing.marks);
        prop_assert_eq!(drawing.order, Order::Interleaving { preemptions: 0 });
    }

    #[test]
    fn any_interleaving_names_exactly_expected_minus_got_lost(
        threads in 2usize..=3,
        increments in 1usize..=3,
        picks in proptest::collection::vec(0usize..3, 0..24),
    ) {
        // Run racy increments in an order the property picks, on a
        // sequentially consistent memory, and draw the trace it records.
        let order = schedule(threads, increments, &picks);
        let (trace, count) = racy_run(threads, &order);
        let drawing = Drawing::new(&trace);
        let Order::Interleaving { preemptions } = drawing.order else {
            panic!("an interleaving always explains itself");
        };
        prop_assert_eq!(drawing.marks.lost().len() as u64, (threads * increments) as u64 - count);
        prop_assert!(preemptions <= preemptions_of(threads, &order));
    }
}

/// Each thread does `increments` reads and writes; `picks` chooses, at each
/// step, which of the unfinished threads goes next.
fn schedule(threads: usize, increments: usize, picks: &[usize]) -> Vec<usize> {
    let mut left = vec![2 * increments; threads + 1];
    left[0] = 0;
    let mut order = Vec::new();
    let mut picks = picks.iter();
    while left.iter().any(|&n| n > 0) {
        let ready: Vec<usize> = (1..=threads).filter(|&t| left[t] > 0).collect();
        let thread = ready[picks.next().copied().unwrap_or(0) % ready.len()];
        left[thread] -= 1;
        order.push(thread);
    }
    order
}

/// Switches away from a thread with steps left: the schedule's preemptions.
fn preemptions_of(threads: usize, order: &[usize]) -> usize {
    let mut left = vec![0; threads + 1];
    for &thread in order {
        left[thread] += 1;
    }
    let mut preemptions = 0;
    for pair in order.windows(2) {
        left[pair[0]] -= 1;
        if pair[0] != pair[1] && left[pair[0]] > 0 {
            preemptions += 1;
        }
    }
    preemptions
}

/// The racy counter run by hand in `order` (thread numbers, one per step),
/// with main spawning the threads first and joining and reading last.
fn racy_run(threads: usize, order: &[usize]) -> (Trace, u64) {
    let count = Location(0);
    let place = Place {
        name: "count",
        states: &[],
        sync: false,
        plain: false,
    };
    let mut newest = (WriteId(0), 0);
    let mut next_write = 1;
    let mut seen = vec![None; threads + 1];
    let mut steps = vec![Step::new(
        0,
        Action::New {
            location: count,
            value: 0,
            write: newest.0,
        },
    )];
    steps.extend((1..=threads).map(|thread| Step::new(0, Action::Spawn { thread })));
    for &thread in order {
        let action = match seen[thread].take() {
            None => {
                seen[thread] = Some(newest.1);
                Action::Read {
                    location: count,
                    value: newest.1,
                    saw: newest.0,
                    order: Relaxed,
                }
            }
            Some(value) => {
                newest = (WriteId(next_write), value + 1);
                next_write += 1;
                Action::Write {
                    location: count,
                    value: value + 1,
                    write: newest.0,
                    order: Relaxed,
                }
            }
        };
        steps.push(Step::new(thread, action));
    }
    steps.extend((1..=threads).map(|thread| Step::new(0, Action::Join { thread })));
    steps.push(Step::new(
        0,
        Action::Read {
            location: count,
            value: newest.1,
            saw: newest.0,
            order: Relaxed,
        },
    ));
    (Trace::new(steps, vec![place]), newest.1)
}
