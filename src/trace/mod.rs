//! Traces: what each thread did, step by step, in the order it happened.
//!
//! Under a model checker every read, write, add, lock and unlock is recorded
//! as a [`Step`] with the value it saw or wrote. A finished [`Trace`] is then
//! [read](Trace::marks) for the two things a learner must see — a write that
//! overwrites another thread's update, and a read that returned an older value
//! than the newest — and [rendered](render) as one column per thread.
//!
//! - [`start`], [`record`], [`finish`]: where steps go while an execution runs;
//! - [`marks`]: what a trace shows about lost updates and stale reads;
//! - [`render`]: the picture.

mod log;
pub mod marks;
pub mod render;

pub use self::log::{finish, record, start};
pub use self::marks::Mark;

/// What one step did to the shared count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read the count and saw `value`.
    Read {
        /// The value the read returned.
        value: u64,
    },
    /// Wrote `value` to the count.
    Write {
        /// The value written.
        value: u64,
    },
    /// Added to the count in one indivisible step (`fetch_add`).
    Add {
        /// The value it replaced.
        before: u64,
        /// The value it left.
        after: u64,
    },
    /// Took the lock.
    Lock,
    /// Released the lock.
    Unlock,
    /// A step named in words, for lessons whose state is not one count
    /// (the thread pool's: "sees pending", "runs the task").
    Event {
        /// What the thread did, as the trace prints it.
        label: &'static str,
    },
}

/// One step of one thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The thread: 0 is main, then 1, 2, … in the order they were spawned.
    pub thread: usize,
    /// What it did.
    pub action: Action,
}

impl Step {
    /// A step of `thread`.
    pub fn new(thread: usize, action: Action) -> Self {
        Self { thread, action }
    }
}

/// The steps of one execution, in the order they happened.
///
/// ```
/// use racelab::trace::{Action::*, Mark, Step, Trace};
///
/// // Two threads each read 0 and write 1: the textbook lost update.
/// let trace = Trace::new(vec![
///     Step::new(1, Read { value: 0 }),
///     Step::new(2, Read { value: 0 }),
///     Step::new(1, Write { value: 1 }),
///     Step::new(2, Write { value: 1 }),
/// ]);
/// assert_eq!(
///     trace.marks()[3],
///     Some(Mark::Overwrites { thread: 1, value: 1, based_on: 0 }),
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    steps: Vec<Step>,
}

impl Trace {
    /// A trace of `steps`, oldest first.
    pub fn new(steps: Vec<Step>) -> Self {
        Self { steps }
    }

    /// The steps, oldest first.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// For each step, what it shows about a lost update or a stale read.
    pub fn marks(&self) -> Vec<Option<Mark>> {
        marks::mark(&self.steps)
    }

    /// The threads that took part, in order: 0 (main) first if it did.
    pub fn threads(&self) -> Vec<usize> {
        let mut threads: Vec<usize> = self.steps.iter().map(|step| step.thread).collect();
        threads.sort_unstable();
        threads.dedup();
        threads
    }
}

/// The name a trace gives a thread: `main`, `T1`, `T2`, …
pub fn thread_name(thread: usize) -> String {
    match thread {
        0 => "main".to_string(),
        n => format!("T{n}"),
    }
}
