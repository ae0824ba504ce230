//! Running one counter scenario under one engine and collecting what
//! happened.
//!
//! - [`Scenario`]: which counter, by name;
//! - [`model`]: every execution under loom, or shuttle's schedules, gathered
//!   into an [`Exploration`]: each final count, how many executions reached
//!   it, and the trace of the first that did;
//! - [`threads`]: one run on real threads, timed.

pub mod model;
mod outcome;
mod scenario;
pub mod threads;

pub use self::outcome::{Exploration, Grade, Outcome, Witness};
pub use self::scenario::Scenario;
