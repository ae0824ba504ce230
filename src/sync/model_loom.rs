//! loom's model checker.

use std::sync::atomic::AtomicUsize;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::time::Instant;

use loom::model::Builder;
use loom::thread;

use crate::sync::mocked_std::mocked_std;
use crate::sync::{panic_hooks, Budget, Explored};

/// loom's model checker: every execution of a small program, including those
/// in which a load returns an older value than the newest store (a weak
/// memory model, like real hardware's).
///
/// Only usable inside [`explore_loom`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Loom;

// Its threads, atomics, mutex and condition variable: `std`'s API, fitted to
// racelab's traits by the text both model checkers share.
mocked_std!(loom, Loom, LoomMonitor);

/// A thread's number: 0 for main, then 1, 2, … in spawn order, the same in
/// every execution. loom shows it only through `Debug`.
fn number(id: thread::ThreadId) -> usize {
    let id = format!("{id:?}");
    id.trim_start_matches("ThreadId(")
        .trim_end_matches(')')
        .parse()
        .expect("loom prints a thread id as ThreadId(n)")
}

/// Runs `execution` once for every execution loom can tell apart.
///
/// `preemptions` bounds how many times loom may switch away from a thread that
/// could have gone on (`None`: no bound, every execution). Executions run one
/// after another on the calling thread.
pub fn explore_loom<F>(preemptions: Option<usize>, execution: F)
where
    F: Fn() + Send + Sync + 'static,
{
    explore_loom_within(preemptions, Budget::default(), execution);
}

/// [`explore_loom`], stopping when `budget` is spent, and saying how many
/// executions loom ran.
///
/// ```
/// use racelab::sync::{explore_loom_within, Budget};
///
/// let explored = explore_loom_within(None, Budget::default(), || {});
/// assert_eq!(explored.executions, 1); // one thread: one execution
/// assert!(!explored.stopped);
/// ```
pub fn explore_loom_within<F>(preemptions: Option<usize>, budget: Budget, execution: F) -> Explored
where
    F: Fn() + Send + Sync + 'static,
{
    panic_hooks::install_in_order();
    let mut builder = Builder::new();
    builder.preemption_bound = preemptions;
    if !budget.is_unlimited() {
        // loom looks at its limits only every `checkpoint_interval`
        // executions, and stops *before* the execution numbered
        // `max_permutations`.
        builder.checkpoint_interval = 1;
        builder.max_permutations = budget.executions.map(|max| max + 1);
        builder.max_duration = budget.time;
    }
    let executions = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&executions);
    let start = Instant::now();
    builder.check(move || {
        counted.fetch_add(1, Relaxed);
        execution();
    });
    // Relaxed: loom has returned, and ran every execution on this thread.
    let executions = executions.load(Relaxed);
    Explored {
        executions,
        elapsed: start.elapsed(),
        stopped: budget.spent(executions, start),
    }
}
