//! Where steps go while an execution runs.
//!
//! Both loom and shuttle run all the threads of an execution on the one OS
//! thread that called them, switching between them like coroutines, and run
//! one execution at a time. So a plain thread-local list, started before an
//! execution and finished after it, holds exactly that execution's steps, in
//! the order they happened.

use std::cell::RefCell;

use crate::trace::{Step, Trace};

thread_local! {
    static STEPS: RefCell<Option<Vec<Step>>> = const { RefCell::new(None) };
}

/// Starts recording the steps of a new execution.
pub fn start() {
    STEPS.with(|steps| *steps.borrow_mut() = Some(Vec::new()));
}

/// Records one step, if recording has started.
pub fn record(step: Step) {
    STEPS.with(|steps| {
        if let Some(steps) = steps.borrow_mut().as_mut() {
            steps.push(step);
        }
    });
}

/// Stops recording and returns what was recorded since [`start`].
pub fn finish() -> Trace {
    Trace::new(
        STEPS
            .with(|steps| steps.borrow_mut().take())
            .unwrap_or_default(),
    )
}
