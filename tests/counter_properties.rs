//! Properties of the counters, for any number of threads and increments.

use proptest::prelude::{prop_assert, prop_assert_eq, proptest, ProptestConfig};
use racelab::explore::{model, threads, Scenario};
use racelab::sync::ShuttleScheduler;
use racelab::trace::{Action, Step, Trace};

const EXACT: [Scenario; 4] = [
    Scenario::Mutex,
    Scenario::ParkingLot,
    Scenario::Atomic,
    Scenario::Local,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn correct_counters_end_exact_on_real_threads(threads in 1usize..=8, increments in 0u64..=2000) {
        for scenario in EXACT {
            let run = threads::run(scenario, threads, increments);
            prop_assert_eq!(run.got, run.expected, "{}", scenario);
        }
    }

    #[test]
    fn racy_counters_never_end_above_exact(threads in 1usize..=8, increments in 0u64..=2000) {
        for scenario in [Scenario::Racy, Scenario::SplitLock] {
            let run = threads::run(scenario, threads, increments);
            prop_assert!(run.got <= run.expected, "{} counted {} of {}", scenario, run.got, run.expected);
        }
    }

    #[test]
    fn no_shuttle_seed_makes_the_mutex_counter_lose_updates(seed: u64) {
        let exploration = model::shuttle(Scenario::Mutex, 2, 2, &ShuttleScheduler::Random { seed, runs: 20 });
        prop_assert!(exploration.always_exact(), "seed {}: {}", seed, exploration.table());
    }

    #[test]
    fn one_thread_after_another_marks_nothing(threads in 1usize..=4, increments in 1u64..=4) {
        // Increments that never overlap: each read sees the newest value and
        // each write builds on it, so the trace has nothing to mark.
        let mut steps = Vec::new();
        let mut count = 0;
        for thread in 1..=threads {
            for _ in 0..increments {
                steps.push(Step::new(thread, Action::Read { value: count }));
                count += 1;
                steps.push(Step::new(thread, Action::Write { value: count }));
            }
        }
        let marks = Trace::new(steps).marks();
        prop_assert!(marks.iter().all(Option::is_none), "{:?}", marks);
    }
}
