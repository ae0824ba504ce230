//! Properties of the pool on real threads, for any input proptest picks.
//!
//! Cost: 32 cases each on a shared 3-worker pool, well under a second.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, OnceLock};

use proptest::collection::vec;
use proptest::prelude::{prop_assert, prop_assert_eq, proptest, ProptestConfig};
use racelab::executor::{as_completed, TaskError, ThreadPool};

/// One pool for every case: building a pool per case would mostly measure
/// thread start-up.
fn pool() -> &'static ThreadPool {
    static POOL: OnceLock<ThreadPool> = OnceLock::new();
    POOL.get_or_init(|| ThreadPool::new(3).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn map_returns_results_in_input_order(items in vec(0u32..1000, 0..40)) {
        let results: Vec<u64> = pool()
            .map(|n: u32| u64::from(n) * 3, items.clone())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let expected: Vec<u64> = items.iter().map(|&n| u64::from(n) * 3).collect();
        prop_assert_eq!(results, expected);
    }

    #[test]
    fn as_completed_yields_each_handle_exactly_once(count in 0usize..24) {
        let handles: Vec<_> = (0..count).map(|i| pool().submit(move || i).unwrap()).collect();
        let yielded: Vec<usize> = as_completed(handles, None)
            .map(|handle| handle.unwrap().result().unwrap())
            .collect();
        prop_assert_eq!(yielded.len(), count);
        let distinct: BTreeSet<usize> = yielded.into_iter().collect();
        prop_assert_eq!(distinct, (0..count).collect::<BTreeSet<_>>());
    }

    #[test]
    fn every_handle_ends_in_exactly_one_of_value_failure_cancelled(
        plan in vec((proptest::bool::ANY, proptest::bool::ANY), 1..24),
    ) {
        // plan[i] = (task i panics, the test tries to cancel task i)
        let runs: Arc<Vec<AtomicUsize>> = Arc::new(plan.iter().map(|_| AtomicUsize::new(0)).collect());
        let handles: Vec<_> = plan
            .iter()
            .enumerate()
            .map(|(i, &(fails, _))| {
                let runs = Arc::clone(&runs);
                pool()
                    .submit(move || {
                        runs[i].fetch_add(1, SeqCst);
                        assert!(!fails, "task {i} fails on purpose");
                        i
                    })
                    .unwrap()
            })
            .collect();
        let cancelled: Vec<bool> = handles
            .iter()
            .zip(&plan)
            .map(|(handle, &(_, cancel))| cancel && handle.cancel())
            .collect();
        for (i, handle) in handles.into_iter().enumerate() {
            let (fails, _) = plan[i];
            let outcome = handle.result();
            // Counted after `result`: the task has ended, so its count is final.
            let ran = runs[i].load(SeqCst);
            prop_assert_eq!(ran, usize::from(!cancelled[i]), "task {} ran {} times", i, ran);
            match outcome {
                Ok(value) => prop_assert!(value == i && !fails && !cancelled[i]),
                Err(TaskError::Panicked(_)) => prop_assert!(fails && !cancelled[i]),
                Err(TaskError::Cancelled) => prop_assert!(cancelled[i]),
                Err(TaskError::TimedOut) => prop_assert!(false, "no timeout was set"),
            }
        }
    }
}
