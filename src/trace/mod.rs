//! Traces: what each thread did, step by step, and which write each read saw.
//!
//! Under a model checker every read, write, add, lock and unlock is recorded
//! as a [`Step`]. Each write has its own [`WriteId`], and each read records
//! the one it returned: its *reads-from*. That, not the order in which the
//! checker happened to run the steps, is what an execution is.
//!
//! In layers, each using only those above it in this list:
//!
//! - this module: the data — [`Step`], [`Action`], [`Trace`] — and [`start`],
//!   [`record`], [`finish`]: where steps go while an execution runs;
//! - [`analysis`]: what an execution shows, computed — the interleaving that
//!   explains it, happens-before, the referee, weak-memory patterns, data
//!   races, lost updates, and a [`Drawing`];
//! - `words`: one way to say each step, and the sentences under a drawing;
//! - [`render`]: the picture — text, markdown, SVG.

pub mod analysis;
mod log;
pub mod render;
pub(crate) mod words;

pub use self::analysis::explain::{explain, Explanation};
pub use self::analysis::marks::{Mark, Marks};
pub use self::analysis::{Drawing, Order};
pub use self::log::{
    finish, new_location, new_lock, new_plain, new_write, record, recorded, start,
};

use std::collections::HashMap;

/// A shared location (an atomic, a value behind a lock) or a lock, numbered
/// in the order the execution created them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location(pub u32);

/// One write's identity: every store, every `fetch_add` and every initial
/// value has its own, so a read can say which one it returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WriteId(pub u32);

/// What a location is called in a trace, and the names of its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// Its name: `count`, `stage`, lock `A`.
    pub name: &'static str,
    /// Names for its values 0, 1, 2, … (`pending`, `running`), if they have
    /// any; otherwise values are printed as numbers.
    pub states: &'static [&'static str],
    /// Whether it is a lock or a condition variable, which hold no value.
    pub sync: bool,
    /// Whether it is plain, non-atomic memory, where two unordered accesses
    /// (one a write) are a data race.
    pub plain: bool,
}

/// What one step did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// A location came into being holding `value` (the initial write).
    New {
        /// The location.
        location: Location,
        /// Its first value.
        value: u64,
        /// The initial write's identity.
        write: WriteId,
    },
    /// Read a location.
    Read {
        /// The location.
        location: Location,
        /// The value the read returned.
        value: u64,
        /// The write it returned.
        saw: WriteId,
        /// Its memory ordering (`Relaxed` for a plain, non-atomic read).
        order: std::sync::atomic::Ordering,
    },
    /// Wrote a location.
    Write {
        /// The location.
        location: Location,
        /// The value written.
        value: u64,
        /// This write's identity.
        write: WriteId,
        /// Its memory ordering (`Relaxed` for a plain, non-atomic write).
        order: std::sync::atomic::Ordering,
    },
    /// Added to a location in one indivisible step (`fetch_add`): a read and
    /// a write that nothing can come between.
    Add {
        /// The location.
        location: Location,
        /// The value it replaced.
        before: u64,
        /// The value it left.
        after: u64,
        /// The write it read.
        saw: WriteId,
        /// This write's identity.
        write: WriteId,
        /// Its memory ordering.
        order: std::sync::atomic::Ordering,
    },
    /// Wrote a location and returned what it held, in one indivisible step:
    /// a `swap`, or a `compare_exchange` that succeeded.
    Swap {
        /// The location.
        location: Location,
        /// The value it replaced.
        before: u64,
        /// The value it wrote.
        after: u64,
        /// The write it read.
        saw: WriteId,
        /// This write's identity.
        write: WriteId,
        /// Whether it was a `compare_exchange` (which writes only if it finds
        /// the value it expects).
        compared: bool,
        /// Its memory ordering (a `compare_exchange`'s on success).
        order: std::sync::atomic::Ordering,
    },
    /// A memory fence.
    Fence {
        /// Its ordering.
        order: std::sync::atomic::Ordering,
    },
    /// Let go of a lock and began to wait on a condition variable.
    Wait {
        /// The lock let go of.
        lock: Location,
        /// The condition variable.
        signal: Location,
    },
    /// Woke every thread waiting on a condition variable.
    Notify {
        /// The condition variable.
        signal: Location,
        /// The threads it woke, bit `n` for thread `n`: those waiting when
        /// it came (none, and the notify is lost).
        woke: u32,
    },
    /// Woken by a notify, took the lock again.
    Woken {
        /// The lock taken again.
        lock: Location,
        /// The condition variable.
        signal: Location,
    },
    /// Waits on a condition variable with no thread left to notify it: for
    /// ever, found instead of waited out.
    WaitsForever {
        /// The condition variable.
        signal: Location,
    },
    /// Found a lock taken by another thread, and began to wait for it.
    Waits {
        /// The lock it waits for.
        lock: Location,
    },
    /// Asked for a lock whose holder waits, through a chain of waits, for a
    /// lock this thread holds: a deadlock, found instead of waited out.
    Deadlock {
        /// The lock it asked for.
        wants: Location,
    },
    /// Asked for a lock with `try_lock`, found it held by another thread,
    /// and went on without it: no wait, and no deadlock.
    TryLockFailed {
        /// The lock asked for.
        lock: Location,
    },
    /// Took a lock.
    Lock {
        /// The lock.
        lock: Location,
        /// Whether it was taken with `try_lock`, which would not have waited.
        tried: bool,
    },
    /// Released a lock.
    Unlock {
        /// The lock.
        lock: Location,
    },
    /// Started a thread.
    Spawn {
        /// The new thread.
        thread: usize,
    },
    /// Waited for a thread to finish.
    Join {
        /// The thread waited for.
        thread: usize,
    },
    /// A step named in words ("cancel → true", "runs the task").
    Event {
        /// What the thread did, as the trace prints it.
        label: &'static str,
    },
}

impl Action {
    /// The write this step made, and where.
    pub fn written(self) -> Option<(Location, WriteId)> {
        match self {
            Action::New {
                location, write, ..
            }
            | Action::Write {
                location, write, ..
            }
            | Action::Add {
                location, write, ..
            }
            | Action::Swap {
                location, write, ..
            } => Some((location, write)),
            _ => None,
        }
    }

    /// The same action with every write identity in it passed through
    /// `rename`: the one it made and the one it read.
    pub fn renamed(self, rename: impl Fn(WriteId) -> WriteId) -> Action {
        match self {
            Action::New {
                location,
                value,
                write,
            } => Action::New {
                location,
                value,
                write: rename(write),
            },
            Action::Read {
                location,
                value,
                saw,
                order,
            } => Action::Read {
                location,
                value,
                saw: rename(saw),
                order,
            },
            Action::Write {
                location,
                value,
                write,
                order,
            } => Action::Write {
                location,
                value,
                write: rename(write),
                order,
            },
            Action::Add {
                location,
                before,
                after,
                saw,
                write,
                order,
            } => Action::Add {
                location,
                before,
                after,
                saw: rename(saw),
                write: rename(write),
                order,
            },
            Action::Swap {
                location,
                before,
                after,
                saw,
                write,
                compared,
                order,
            } => Action::Swap {
                location,
                before,
                after,
                saw: rename(saw),
                write: rename(write),
                compared,
                order,
            },
            other => other,
        }
    }

    /// The value this step wrote, if it wrote one.
    pub fn value_written(self) -> Option<u64> {
        match self {
            Action::New { value, .. } | Action::Write { value, .. } => Some(value),
            Action::Add { after, .. } | Action::Swap { after, .. } => Some(after),
            _ => None,
        }
    }

    /// The write this step read, and where.
    pub fn read(self) -> Option<(Location, WriteId)> {
        match self {
            Action::Read { location, saw, .. }
            | Action::Add { location, saw, .. }
            | Action::Swap { location, saw, .. } => Some((location, saw)),
            _ => None,
        }
    }
}

/// One step of one thread.
///
/// Two steps are the same step when the same thread did the same thing;
/// where in the source it did so is carried along, not compared.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    /// The thread: 0 is main, then 1, 2, … in the order they were spawned.
    pub thread: usize,
    /// What it did.
    pub action: Action,
    /// The line of the program that took it: the call of racelab's atomic,
    /// lock or condition variable; `None` where it is not known.
    pub at: Option<&'static std::panic::Location<'static>>,
}

impl Step {
    /// A step of `thread`.
    pub fn new(thread: usize, action: Action) -> Self {
        Self {
            thread,
            action,
            at: None,
        }
    }

    /// A step of `thread`, taken at the line `at`.
    pub fn at(thread: usize, action: Action, at: &'static std::panic::Location<'static>) -> Self {
        Self {
            thread,
            action,
            at: Some(at),
        }
    }
}

impl PartialEq for Step {
    fn eq(&self, other: &Self) -> bool {
        (self.thread, self.action) == (other.thread, other.action)
    }
}

impl Eq for Step {}

impl std::hash::Hash for Step {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.thread, self.action).hash(state);
    }
}

/// The steps of one execution, and the places they touched.
///
/// A trace comes from an engine in the order the engine ran its steps. Under
/// loom that order is not the memory's: a read may return an older write than
/// the newest one loom has run. [`explain`](fn@explain) finds the order to draw.
///
/// ```
/// use std::sync::atomic::Ordering::Relaxed;
/// use racelab::trace::{Action::*, Location, Place, Step, Trace, WriteId};
///
/// let count = Location(0);
/// let place = Place { name: "count", states: &[], sync: false, plain: false };
/// // Two threads each read the initial 0 and write 1: the textbook lost update.
/// let trace = Trace::new(
///     vec![
///         Step::new(0, New { location: count, value: 0, write: WriteId(0) }),
///         Step::new(1, Read { location: count, value: 0, saw: WriteId(0), order: Relaxed }),
///         Step::new(2, Read { location: count, value: 0, saw: WriteId(0), order: Relaxed }),
///         Step::new(1, Write { location: count, value: 1, write: WriteId(1), order: Relaxed }),
///         Step::new(2, Write { location: count, value: 1, write: WriteId(2), order: Relaxed }),
///     ],
///     vec![place],
/// );
/// let marks = trace.marks();
/// assert_eq!(marks.lost(), vec![3]); // T1's write, at index 3, is lost
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    steps: Vec<Step>,
    places: Vec<Place>,
}

impl Trace {
    /// A trace of `steps` in the order they ran, touching `places`
    /// (indexed by [`Location`]).
    pub fn new(steps: Vec<Step>, places: Vec<Place>) -> Self {
        Self { steps, places }
    }

    /// The steps, in the order of this trace.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The places, indexed by [`Location`].
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The same steps in another `order` (indices into [`steps`](Trace::steps)).
    pub fn reordered(&self, order: &[usize]) -> Trace {
        Trace {
            steps: order.iter().map(|&index| self.steps[index]).collect(),
            places: self.places.clone(),
        }
    }

    /// What the steps show, in the order of this trace.
    pub fn marks(&self) -> Marks {
        analysis::marks::mark(self)
    }

    /// The threads that took part, in order: 0 (main) first.
    pub fn threads(&self) -> Vec<usize> {
        let mut threads: Vec<usize> = self.steps.iter().map(|step| step.thread).collect();
        threads.sort_unstable();
        threads.dedup();
        threads
    }

    /// An execution's shape: each thread's steps in program order, with every
    /// write named by its thread and place in that order instead of by the
    /// identity the engine gave it. Two executions with one shape have the same
    /// reads-from and the same explanations.
    pub fn shape(&self) -> Vec<Step> {
        let mut steps: Vec<Step> = self.steps.to_vec();
        steps.sort_by_key(|step| step.thread);
        let mut renamed = HashMap::new();
        let mut per_thread: HashMap<usize, u32> = HashMap::new();
        for step in &steps {
            let at = per_thread.entry(step.thread).or_default();
            if let Some((_, write)) = step.action.written() {
                renamed.insert(write, (step.thread as u32) << 16 | *at);
            }
            *at += 1;
        }
        let rename = |write: WriteId| WriteId(renamed.get(&write).copied().unwrap_or(u32::MAX));
        steps
            .into_iter()
            .map(|step| Step {
                action: step.action.renamed(rename),
                ..step
            })
            .collect()
    }

    /// The thread holding `lock` just before step `index`: taken by a lock
    /// (or by waking from a wait), let go by an unlock (or by beginning to
    /// wait).
    pub fn holder(&self, index: usize, lock: Location) -> Option<usize> {
        let mut holder = None;
        for step in &self.steps[..index] {
            match step.action {
                Action::Lock { lock: l, .. } | Action::Woken { lock: l, .. } if l == lock => {
                    holder = Some(step.thread);
                }
                Action::Unlock { lock: l } | Action::Wait { lock: l, .. } if l == lock => {
                    holder = None;
                }
                _ => {}
            }
        }
        holder
    }

    /// `lock A`, or `lock` alone where the only lock is called that.
    pub fn lock_words(&self, verb: &str, lock: Location) -> String {
        match self.place_name(lock) {
            "lock" => verb.to_string(),
            name => format!("{verb} {name}"),
        }
    }

    /// How `value` of `location` is printed: a state's name, or the number.
    pub fn value_name(&self, location: Location, value: u64) -> String {
        self.places
            .get(location.0 as usize)
            .and_then(|place| place.states.get(value as usize))
            .map_or_else(|| value.to_string(), |name| (*name).to_string())
    }

    /// What `location` is called.
    pub fn place_name(&self, location: Location) -> &'static str {
        self.places
            .get(location.0 as usize)
            .map_or("?", |place| place.name)
    }
}

/// The name a trace gives a thread: `main`, `T1`, `T2`, …
pub fn thread_name(thread: usize) -> String {
    match thread {
        0 => "main".to_string(),
        n => format!("T{n}"),
    }
}
