//! Lesson 9.3b: the stolen wakeup, or why a waiter waits in a loop. T3
//! puts two items in a queue, one at a time, notifying each time; T1 takes
//! one, waiting if the queue is empty; T2 takes one if there is one, without
//! waiting.
//!
//! - **wait once** (`if-wait`): T1 finds the queue empty and waits once,
//!   then takes an item without looking again. T3's first notify wakes it,
//!   but before T1 gets the lock back, T2 takes that item: T1 wakes to an
//!   empty queue and takes from it anyway. One preemption: T3 is switched
//!   away from after its first item, before it puts the second.
//!
//! The fix: look again after every wake-up, `while` the queue is empty
//! (`Condvar::wait_while`). A wake-up says only that the queue *may* have
//! changed: another thread can take the item first, and real condition
//! variables may also wake a waiter for no reason at all (a spurious
//! wake-up). Neither loom nor shuttle makes spurious wake-ups, so this
//! lesson shows the loop's other duty: an item taken by someone else.
//!
//! loom's full search of these three threads (and main) does not end in reasonable
//! time; it runs bounded at 2 preemptions (see
//! [`Scenario::loom_preemptions`]).
//!
//! The program a learner writes, with `std`:
//!
//! ```
//! use std::sync::{Condvar, Mutex};
//! use std::thread;
//!
//! let (queue, changed) = (Mutex::new(0_u32), Condvar::new());
//! let took_from_empty = thread::scope(|s| {
//!     let t1 = s.spawn(|| {
//!         let mut items = queue.lock().unwrap();
//!         if *items == 0 {
//!             items = changed.wait(items).unwrap(); // wakes once; never looks again
//!         }
//!         let empty = *items == 0; // T2 may have taken it first
//!         *items = items.saturating_sub(1);
//!         empty
//!     });
//!     s.spawn(|| {
//!         let mut items = queue.lock().unwrap(); // T2: takes one if there is one
//!         *items = items.saturating_sub(1);
//!     });
//!     s.spawn(|| {
//!         for _ in 0..2 {
//!             *queue.lock().unwrap() += 1;
//!             changed.notify_all();
//!         }
//!     });
//!     t1.join().unwrap()
//! });
//! let _usually_false = took_from_empty; // true when T2 stole T1's wakeup
//! ```
//!
//! and the fix, `items = changed.wait_while(items, |items| *items == 0).unwrap()`.
//!
//! The engine-generic version below is what the checkers run, on a
//! [`Signal`].

use std::sync::atomic::Ordering::SeqCst;
use std::sync::Arc;

use crate::scenario::{About, Code, Kind, Notes, Observed, Scenario, Size, Variant};
use crate::sync::{Atomic, Runtime, Signal, StartGate, Std};
use crate::trace::{thread_name, Action, Drawing};

/// Lesson 9.3b: T1 wakes for an item that T2 took first.
#[derive(Clone, Copy, Debug)]
pub struct StolenWakeup;

/// The versions of [`StolenWakeup`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// T1 waits once if the queue is empty, then takes.
    IfWait,
    /// T1 waits in a loop while the queue is empty.
    WaitWhile,
}

impl Scenario for StolenWakeup {
    type Version = Version;

    const ABOUT: About = About::new(
        crate::scenario::here!(),
        "stolen-wakeup",
        "9.3b",
        "T1 wakes for an item that T2 took first, and takes from an empty queue",
        "T1 takes an item that is there",
    )
    .roles(
        "Roles: T1 takes an item from the queue, waiting if it is empty; T2 takes one if there \
         is one, without waiting; T3 puts two items in, one at a time, notifying each time.",
    )
    .fix(
        "Fix: look again after every wake-up, waiting in a loop while the queue is empty — \
         `Condvar::wait_while`. A wake-up says only that the queue may have changed: the woken \
         thread must get the lock back, and another thread can get it first and take the item \
         (Rust's, pthreads', Java's and Python's condition variables all work this way); and a \
         real condition variable may wake a waiter for no reason (neither checker does).",
    );

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::IfWait,
            name: "if-wait",
            what: "T1 waits once if the queue is empty, then takes",
            kind: Kind::Bug,
            code: &[
                Code {
                    who: "T1",
                    rust: &[
                        "self.signal.lock(1);",
                        "if self.items.load(SeqCst) == 0 {",
                        "    self.signal.wait(1).ok()?;",
                        "}",
                        "Some(self.take_locked(1))",
                    ],
                    python: &[
                        "with cv:",
                        "    if not items:",
                        "        cv.wait()",
                        "    items.pop()  # IndexError if it is empty",
                    ],
                },
                Code {
                    who: "T2",
                    rust: &["self.signal.lock(2);", "self.take_locked(2)"],
                    python: &["with cv:", "    if items: items.pop()"],
                },
                Code {
                    who: "T1 and T2, taking",
                    rust: &[
                        "let items = self.items.load(SeqCst);",
                        "if items > 0 {",
                        "    self.items.store(items - 1, SeqCst);",
                        "} // else it took from empty, and got nothing",
                        "self.signal.unlock(me);",
                    ],
                    python: &[],
                },
                Code {
                    who: "T3, twice",
                    rust: &[
                        "self.signal.lock(me);",
                        "let items = self.items.load(SeqCst);",
                        "self.items.store(items + 1, SeqCst);",
                        "self.signal.notify_all(me);",
                        "self.signal.unlock(me);",
                    ],
                    python: &["with cv:", "    items.append(item)", "    cv.notify_all()"],
                },
            ],
        },
        Variant {
            version: Version::WaitWhile,
            name: "wait-while",
            what: "T1 waits in a loop while the queue is empty",
            kind: Kind::Fix,
            code: &[
                Code {
                    who: "T1",
                    rust: &[
                        "self.signal.lock(1);",
                        "while self.items.load(SeqCst) == 0 {",
                        "    self.signal.wait(1).ok()?;",
                        "}",
                        "Some(self.take_locked(1))",
                    ],
                    python: &[
                        "with cv:",
                        "    cv.wait_for(lambda: items)",
                        "    items.pop()  # IndexError if it is empty",
                    ],
                },
                Code {
                    who: "T2",
                    rust: &["self.signal.lock(2);", "self.take_locked(2)"],
                    python: &["with cv:", "    if items: items.pop()"],
                },
                Code {
                    who: "T1 and T2, taking",
                    rust: &[
                        "let items = self.items.load(SeqCst);",
                        "if items > 0 {",
                        "    self.items.store(items - 1, SeqCst);",
                        "} // else it took from empty, and got nothing",
                        "self.signal.unlock(me);",
                    ],
                    python: &[],
                },
                Code {
                    who: "T3, twice",
                    rust: &[
                        "self.signal.lock(me);",
                        "let items = self.items.load(SeqCst);",
                        "self.items.store(items + 1, SeqCst);",
                        "self.signal.notify_all(me);",
                        "self.signal.unlock(me);",
                    ],
                    python: &["with cv:", "    items.append(item)", "    cv.notify_all()"],
                },
            ],
        },
    ];

    /// T1 waits for an item, T2 grabs one if there is one, T3 produces two;
    /// the outcome is what T1 found.
    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let queue = Arc::new(Queue::<R>::new());
        let gate = Arc::new(R::Gate::default());
        let waiter = {
            let (queue, gate) = (Arc::clone(&queue), Arc::clone(&gate));
            R::spawn(move || {
                gate.wait();
                queue.take(version)
            })
        };
        let grabber = {
            let (queue, gate) = (Arc::clone(&queue), Arc::clone(&gate));
            R::spawn(move || {
                gate.wait();
                queue.grab()
            })
        };
        let producer = {
            let (queue, gate) = (Arc::clone(&queue), Arc::clone(&gate));
            R::spawn(move || {
                gate.wait();
                queue.produce(3);
            })
        };
        gate.open();
        let took = R::join(waiter).unwrap_or(None);
        let _ = R::join(grabber);
        let _ = R::join(producer);
        observe(took)
    }

    /// Three real threads started afresh each run: the window is small, so
    /// most runs show nothing, and a run that shows nothing proves nothing.
    fn stress(version: Version, size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        Ok((0..runs).map(|_| Self::run::<Std>(version, size)).collect())
    }

    fn correct(observed: &Observed, _size: Size) -> bool {
        observed.get("T1 took from empty") == Some(0)
    }

    /// The woken waiter's read, marked ✗, and why it found the queue empty.
    fn notes(_version: Version, _observed: &Observed, drawing: &Drawing) -> Notes {
        let mut notes = Notes::default();
        for woken in 0..drawing.trace.steps().len() {
            if let Some(stolen) = Stolen::find(drawing, woken) {
                notes.marked.push((stolen.read, stolen.words(drawing)));
            }
        }
        notes
    }

    /// Three threads and main around a condition variable: loom's full
    /// search of them runs past a million executions without ending;
    /// bounded at 2 preemptions it is 1,908 (the bug needs 1), and in the
    /// CHESS studies most bugs needed at most two. What loom proves of it
    /// is then: no execution with at most 2 preemptions breaks the contract.
    fn loom_preemptions(_version: Version) -> Option<usize> {
        Some(2)
    }
}

/// The queue: how many items are in it, behind the signal's lock.
struct Queue<R: Runtime> {
    items: Atomic<R>,
    signal: Signal<R>,
}

impl<R: Runtime> Queue<R> {
    fn new() -> Self {
        Self {
            items: Atomic::named("items", 0),
            // One thread notifies: the producer.
            signal: Signal::new(1),
        }
    }

    /// T1 takes an item, waiting as `version` writes it: whether it found
    /// the queue empty when it took, or `None` if it would wait for ever.
    fn take(&self, version: Version) -> Option<bool> {
        self.signal.lock(1);
        match version {
            Version::WaitWhile => {
                while self.items.load(SeqCst) == 0 {
                    self.signal.wait(1).ok()?;
                }
            }
            Version::IfWait => {
                if self.items.load(SeqCst) == 0 {
                    // ← one wake-up, and no second look.
                    self.signal.wait(1).ok()?;
                }
            }
        }
        Some(self.take_locked(1))
    }

    /// T2 takes an item if there is one, without waiting: whether it found
    /// the queue empty.
    fn grab(&self) -> bool {
        self.signal.lock(2);
        self.take_locked(2)
    }

    /// Thread `me`, holding the lock, takes an item if there is one, lets go
    /// of the lock, and says whether it found the queue empty.
    fn take_locked(&self, me: usize) -> bool {
        let items = self.items.load(SeqCst);
        if items > 0 {
            self.items.store(items - 1, SeqCst);
        }
        self.signal.unlock(me);
        items == 0
    }

    /// The producer, thread `me`: two items, one at a time, each under the
    /// lock and followed by a notify.
    fn produce(&self, me: usize) {
        for _ in 0..2 {
            self.signal.lock(me);
            let items = self.items.load(SeqCst);
            self.items.store(items + 1, SeqCst);
            self.signal.notify_all(me);
            self.signal.unlock(me);
        }
        self.signal.done_notifying();
    }
}

/// What T1 found: an empty queue or an item, or that it would wait for ever.
fn observe(took: Option<bool>) -> Observed {
    match took {
        Some(empty) => Observed::new(vec![("T1 took from empty", u64::from(empty))]),
        None => Observed::new(vec![("T1 waits forever", 1)]),
    }
}

/// A stolen wakeup, by the indices of its steps in a drawing: a waiter
/// woken by a notify, which then read what another thread wrote after that
/// notify, and found what it found before it waited.
#[derive(Clone, Copy, Debug)]
struct Stolen {
    /// The waiter's read before it waited.
    before: usize,
    /// The waiter's wake-up.
    woken: usize,
    /// The notify that woke it.
    notify: usize,
    /// Another thread's write, between the notify and the wake-up.
    write: usize,
    /// The waiter's first read after waking, which returned that write.
    read: usize,
}

impl Stolen {
    /// The stolen wakeup whose waiter woke at step `woken`, if it is one.
    fn find(drawing: &Drawing, woken: usize) -> Option<Stolen> {
        let steps = drawing.trace.steps();
        let me = steps[woken].thread;
        let Action::Woken { signal, .. } = steps[woken].action else {
            return None;
        };
        let began = (0..woken)
            .rev()
            .find(|&i| steps[i].thread == me && matches!(steps[i].action, Action::Wait { .. }))?;
        let notify = (began..woken).find(
            |&i| matches!(steps[i].action, Action::Notify { signal: s, .. } if s == signal),
        )?;
        let read = (woken + 1..steps.len())
            .find(|&i| steps[i].thread == me && steps[i].action.read().is_some())?;
        let write = drawing.marks.reads_from[read]?;
        let writer = steps[write].thread;
        if writer == me || writer == steps[notify].thread || !(notify < write && write < woken) {
            return None;
        }
        // Stolen only if the waiter finds what it found before it waited.
        let (location, _) = steps[read].action.read()?;
        let before = (0..began).rev().find(|&i| {
            steps[i].thread == me && steps[i].action.read().is_some_and(|(l, _)| l == location)
        })?;
        let value = |i: usize| match steps[i].action {
            Action::Read { value, .. } => Some(value),
            _ => None,
        };
        if value(before)? != value(read)? {
            return None;
        }
        Some(Stolen {
            before,
            woken,
            notify,
            write,
            read,
        })
    }

    /// Why the woken waiter's read did not find what it was woken for.
    fn words(self, drawing: &Drawing) -> String {
        let trace = &drawing.trace;
        let steps = trace.steps();
        let me = thread_name(steps[self.woken].thread);
        let location = steps[self.write].action.written().map(|(l, _)| l);
        let name = |index: usize| {
            let value = steps[index].action.value_written().unwrap_or(0);
            location.map_or(value.to_string(), |l| trace.value_name(l, value))
        };
        let notifier = steps[self.notify].thread;
        let notified_of = (0..self.notify).rev().find(|&i| {
            steps[i].thread == notifier && steps[i].action.written().map(|(l, _)| l) == location
        });
        let place = location.map_or("?", |l| trace.place_name(l));
        let read_value = name(self.write);
        format!(
            "✗ step {}: {}'s notify at step {} woke {me}, but before {me} had the lock back \
             (step {}), {} wrote {place} = {read_value} at step {}. So {me}'s read returns \
             {read_value}, as before it waited (step {}){}: what {me} was woken for is gone. A \
             wake-up says only that something may have changed, so {me} must look again.",
            drawing.number(self.read),
            thread_name(notifier),
            drawing.number(self.notify),
            drawing.number(self.woken),
            thread_name(steps[self.write].thread),
            drawing.number(self.write),
            drawing.number(self.before),
            notified_of.map_or(String::new(), |i| format!(
                ", not the {} that {} wrote before notifying",
                name(i),
                thread_name(notifier)
            )),
        )
    }
}
