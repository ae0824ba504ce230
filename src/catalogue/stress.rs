//! Real threads, jcstress-style: one scenario run many times, each time on
//! fresh locations, with both threads released together.
//!
//! Starting two threads per run is far slower than the race itself: by the
//! time the second thread starts, the first has long finished. So, as
//! jcstress and litmus7 do, the two threads start once and go through the
//! runs together, meeting at a spin barrier before each, so that their
//! steps really overlap. What this shows is what this machine happens to do;
//! a run that shows nothing proves nothing.

use std::hint;
use std::sync::atomic::AtomicUsize;
use std::sync::atomic::Ordering::{Acquire, Release};
use std::thread;

/// Runs `left` and `right` against each other `runs` times on two real
/// threads, each time on a fresh state made by `fresh`, and returns each
/// state as the pair left it, with what the pair returned, in order.
pub fn litmus<S, L, R>(
    runs: usize,
    fresh: impl Fn() -> S,
    left: impl Fn(&S) -> L + Sync,
    right: impl Fn(&S) -> R + Sync,
) -> Vec<(S, L, R)>
where
    S: Sync,
    L: Send,
    R: Send,
{
    let states: Vec<S> = (0..runs).map(|_| fresh()).collect();
    let arrived = AtomicUsize::new(0);
    let results = thread::scope(|scope| {
        let lefts = scope.spawn(|| {
            states
                .iter()
                .enumerate()
                .map(|(round, state)| {
                    meet(&arrived, round);
                    left(state)
                })
                .collect::<Vec<L>>()
        });
        let rights: Vec<R> = states
            .iter()
            .enumerate()
            .map(|(round, state)| {
                meet(&arrived, round);
                right(state)
            })
            .collect();
        let lefts = lefts
            .join()
            .expect("the left thread of a litmus test does not panic");
        (lefts, rights)
    });
    states
        .into_iter()
        .zip(results.0.into_iter().zip(results.1))
        .map(|(state, (left, right))| (state, left, right))
        .collect()
}

/// Waits until both threads have arrived at `round`.
fn meet(arrived: &AtomicUsize, round: usize) {
    // Release and Acquire: what either thread did in earlier rounds is done
    // before the next round starts; within a round, nothing is ordered.
    arrived.fetch_add(1, Release);
    let mut spins = 0u32;
    while arrived.load(Acquire) < 2 * (round + 1) {
        spins += 1;
        if spins.is_multiple_of(1024) {
            // The other thread is not running (a busy machine): let it.
            thread::yield_now();
        } else {
            hint::spin_loop();
        }
    }
}
