//! Lesson 9.3a: the lost wakeup. T1 waits until T2 says it is ready; T2 sets
//! `ready` and notifies. A notify wakes only threads already waiting: one
//! sent before the waiter waits is lost, and the waiter sleeps for ever.
//!
//! - **bare wait** (`bare-wait`): T1 waits with no question asked. If T2
//!   runs first, its notify finds nobody and T1 never wakes — with no
//!   preemption at all: the threads just run in the other order.
//! - **check outside the lock** (`check-outside`): T1 checks `ready` first,
//!   without the lock, then locks and waits. T2 can set `ready` and notify
//!   between the check and the wait: one preemption.
//!
//! The fix: check the condition under the lock, and wait in a loop while it
//! is false (`Condvar::wait_while`). The lock makes "check, then sleep" one
//! step that `notify` cannot come between; the loop also rides out a
//! spurious wake-up, which real condition variables may have — neither
//! checker makes one, so the loop's second duty goes unseen here.
//!
//! The program a learner writes, with `std` (it may hang, so it is not run):
//!
//! ```no_run
//! use std::sync::{Condvar, Mutex};
//! use std::thread;
//!
//! let (ready, changed) = (Mutex::new(false), Condvar::new());
//! thread::scope(|s| {
//!     s.spawn(|| {
//!         let guard = ready.lock().unwrap();
//!         let _guard = changed.wait(guard).unwrap(); // no predicate: may wait for ever
//!     });
//!     s.spawn(|| {
//!         *ready.lock().unwrap() = true;
//!         changed.notify_all(); // lost if T1 is not waiting yet
//!     });
//! });
//! ```
//!
//! and the fix, `changed.wait_while(ready.lock().unwrap(), |ready| !*ready)`.
//!
//! The engine-generic version below is what the checkers run, on a
//! [`Signal`]: a lock and condition variable that notice a wait no notify
//! can end, so a lost wakeup is an outcome to count instead of a hang.

use std::sync::atomic::Ordering::SeqCst;
use std::sync::Arc;

use crate::catalogue::stress::litmus;
use crate::scenario::{About, Code, Kind, Observed, Scenario, Size, Variant};
use crate::sync::{Atomic, Runtime, Signal, StartGate, Std};

/// Lesson 9.3a: a notify sent before the waiter waits is lost.
#[derive(Clone, Copy, Debug)]
pub struct LostWakeup;

/// The versions of [`LostWakeup`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// T1 waits with no predicate.
    BareWait,
    /// T1 checks `ready` without the lock, then waits.
    CheckOutside,
    /// T1 checks `ready` under the lock, in a loop.
    WaitWhile,
}

impl Scenario for LostWakeup {
    type Version = Version;

    const ABOUT: About = About::new(
        crate::scenario::here!(),
        "lost-wakeup",
        "9.3a",
        "a notify sent before the waiter waits is lost: it sleeps for ever",
        "the waiter wakes",
    )
    .roles("Roles: T1 waits until T2 sets ready and notifies.")
    .fix(
        "Fix: check ready under the lock, and wait in a loop while it is false — \
         `Condvar::wait_while`. As T2 sets ready under the same lock, the lock keeps its notify \
         from coming between the check and the wait; the loop guards against a wakeup another \
         thread made stale (the stolen wakeup, lesson 9.3b) and against spurious wake-ups, which \
         real condition variables allow and neither checker makes.",
    );

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::BareWait,
            name: "bare-wait",
            what: "T1 waits with no predicate",
            kind: Kind::Bug,
            code: &[
                Code {
                    who: "T1",
                    rust: &[
                        "self.signal.lock(1);",
                        "let woken = self.signal.wait(1).is_ok();",
                        "if woken {",
                        "    self.signal.unlock(1);",
                        "}",
                    ],
                    python: &["with cv:", "    cv.wait()"],
                },
                Code {
                    who: "T2",
                    rust: &[
                        "self.signal.lock(2);",
                        "self.ready.store(1, SeqCst);",
                        "self.signal.notify_all(2);",
                        "self.signal.unlock(2);",
                    ],
                    python: &["with cv:", "    ready = True", "    cv.notify_all()"],
                },
            ],
        },
        Variant {
            version: Version::CheckOutside,
            name: "check-outside",
            what: "T1 checks ready without the lock, then waits",
            kind: Kind::StillWrong,
            code: &[
                Code {
                    who: "T1",
                    rust: &[
                        "if self.ready.load(SeqCst) == 1 {",
                        "    return true;",
                        "}",
                        "self.signal.lock(1);",
                        "let woken = self.signal.wait(1).is_ok();",
                        "if woken {",
                        "    self.signal.unlock(1);",
                        "}",
                    ],
                    python: &["if not ready:", "    with cv:", "        cv.wait()"],
                },
                Code {
                    who: "T2",
                    rust: &[
                        "self.signal.lock(2);",
                        "self.ready.store(1, SeqCst);",
                        "self.signal.notify_all(2);",
                        "self.signal.unlock(2);",
                    ],
                    python: &["with cv:", "    ready = True", "    cv.notify_all()"],
                },
            ],
        },
        Variant {
            version: Version::WaitWhile,
            name: "wait-while",
            what: "T1 checks ready under the lock, in a loop",
            kind: Kind::Fix,
            code: &[
                Code {
                    who: "T1",
                    rust: &[
                        "self.signal.lock(1);",
                        "while self.ready.load(SeqCst) == 0 {",
                        "    if self.signal.wait(1).is_err() {",
                        "        return false; // no one is left to notify",
                        "    }",
                        "}",
                        "self.signal.unlock(1);",
                    ],
                    python: &["with cv:", "    cv.wait_for(lambda: ready)"],
                },
                Code {
                    who: "T2",
                    rust: &[
                        "self.signal.lock(2);",
                        "self.ready.store(1, SeqCst);",
                        "self.signal.notify_all(2);",
                        "self.signal.unlock(2);",
                    ],
                    python: &["with cv:", "    ready = True", "    cv.notify_all()"],
                },
            ],
        },
    ];

    /// T1 waits for T2's notify; the outcome is whether T1 woke.
    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let ready = Arc::new(Ready::<R>::new());
        let gate = Arc::new(R::Gate::default());
        let waiter = {
            let (ready, gate) = (Arc::clone(&ready), Arc::clone(&gate));
            R::spawn(move || {
                gate.wait();
                ready.wait(version)
            })
        };
        let setter = {
            let (ready, gate) = (Arc::clone(&ready), Arc::clone(&gate));
            R::spawn(move || {
                gate.wait();
                ready.set();
            })
        };
        gate.open();
        let woke = R::join(waiter).unwrap_or(false);
        let _ = R::join(setter);
        Observed::new(vec![("woke", u64::from(woke))])
    }

    fn stress(version: Version, _size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        let runs = litmus(
            runs,
            Ready::<Std>::new,
            |ready| ready.wait(version),
            |ready| ready.set(),
        );
        Ok(runs
            .into_iter()
            .map(|(_, woke, ())| Observed::new(vec![("woke", u64::from(woke))]))
            .collect())
    }

    fn correct(observed: &Observed, _size: Size) -> bool {
        observed.get("woke") == Some(1)
    }
}

/// The flag and its signal.
struct Ready<R: Runtime> {
    ready: Atomic<R>,
    signal: Signal<R>,
}

impl<R: Runtime> Ready<R> {
    fn new() -> Self {
        Self {
            ready: Atomic::with_states("ready", &["false", "true"], 0),
            signal: Signal::new(1),
        }
    }

    /// T1: waits for `ready`, as `version` writes it; false if it would wait
    /// for ever.
    fn wait(&self, version: Version) -> bool {
        match version {
            Version::BareWait => {
                self.signal.lock(1);
                let woken = self.signal.wait(1).is_ok();
                if woken {
                    self.signal.unlock(1);
                }
                woken
            }
            Version::CheckOutside => {
                if self.ready.load(SeqCst) == 1 {
                    return true;
                }
                // ← T2 can set ready and notify here, before T1 waits.
                self.signal.lock(1);
                let woken = self.signal.wait(1).is_ok();
                if woken {
                    self.signal.unlock(1);
                }
                woken
            }
            Version::WaitWhile => {
                self.signal.lock(1);
                while self.ready.load(SeqCst) == 0 {
                    if self.signal.wait(1).is_err() {
                        return false;
                    }
                }
                self.signal.unlock(1);
                true
            }
        }
    }

    /// T2: sets `ready` under the lock and notifies.
    fn set(&self) {
        self.signal.lock(2);
        self.ready.store(1, SeqCst);
        self.signal.notify_all(2);
        self.signal.unlock(2);
        self.signal.done_notifying();
    }
}
