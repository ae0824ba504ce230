//! racelab teaches, and proves, how threads go wrong and how locks, atomics
//! and thread pools put them right.
//!
//! # The story
//!
//! Four threads each add one to a shared count 100,000 times. The answer
//! should be 400,000; with a plain read-add-write it is usually less, because
//! two threads can read the same value and both write the same successor.
//! On real threads that happens *sometimes*. A model checker runs the same
//! code in every execution its search reaches and shows that it *can*
//! (what loom and shuttle each can show, miss and get wrong is in the
//! README's "What loom and shuttle can show"):
//!
//! ```
//! use racelab::counter::{MutexCount, RacyCount};
//! use racelab::explore::model;
//! use racelab::scenario::{Program, Size};
//!
//! // loom's search of 2 threads × 1 increment of the racy counter.
//! let racy = model::loom(Program::new(&RacyCount, (), Size::new(2, 1)));
//! let lost = racy.wrong()[0]; // the outcomes that break the contract
//! assert_eq!(lost.get("count"), Some(1));
//! // Drawn as an interleaving of whole steps: one thread switch, just after
//! // a read, is the fewest that loses an update.
//! assert_eq!(racy.outcomes[lost].witness.preemptions(), Some(1));
//!
//! // The same for the counter with one lock around the whole increment.
//! let mutex = model::loom(Program::new(&MutexCount, (), Size::new(2, 1)));
//! assert!(mutex.wrong().is_empty());
//! ```
//!
//! # The lessons, in reading order
//!
//! - [`counter`]: six counters, from the racy one to no shared state at all;
//! - [`catalogue`]: the classic bugs beyond the counter — check-then-act,
//!   deadlock, lost wakeup, message passing, store buffering, data race, the
//!   bank, lazy initialisation — each proven, drawn and fixed;
//! - [`executor`]: the tool you actually use — a thread pool with futures,
//!   as Python's `concurrent.futures`, model-checked like the counters, and a
//!   check-then-act cancel that shows the same bug in another guise;
//! - [`sync`]: the engines every counter runs on unchanged: real threads with
//!   `std` or `parking_lot`, and the loom and shuttle model checkers;
//! - [`trace`]: what the checkers recorded — which write each read saw —
//!   drawn one column per thread as the interleaving that explains it;
//! - [`scenario`]: what every lesson's program is to the rest: one trait,
//!   one file per scenario, one list of them all;
//! - [`explore`]: running a program under an engine and collecting outcomes;
//! - [`play`]: the learner as the scheduler — every position of a scenario,
//!   built from the engine's own executions, with what each can still reach.
//!
//! # Running it
//!
//! - `cargo run --release`: the tour — every lesson, each with a result measured now;
//! - `cargo run --release -- play racy`: find the lost update yourself;
//! - `cargo test`: real-thread tests, shuttle checks, properties;
//! - `RUSTFLAGS="--cfg loom" cargo test --release`: the loom checks in `loom-tests/`.

// No `unsafe` anywhere but in one fenced module, `sync::racy_cell`, which
// shows a data race under the model checkers and allows it for itself.
#![deny(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations, unreachable_pub)]

pub mod catalogue;
pub mod counter;
pub mod executor;
pub mod explore;
pub mod play;
pub mod scenario;
pub mod sync;
pub mod trace;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
