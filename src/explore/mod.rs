//! Running one counter scenario under one engine and collecting what
//! happened.
//!
//! - [`Scenario`]: which counter, by name;
//! - [`model`]: every execution under loom, or shuttle's schedules, gathered
//!   into an [`Exploration`]: each final count, how many executions reached
//!   it, its grade, and the trace of the first that did;
//! - [`bounding`]: the witness with the fewest preemptions (CHESS's
//!   iterative context bounding);
//! - [`report`]: the outcome table and witnesses as text, markdown, SVG or
//!   HTML;
//! - [`grow`]: how fast the number of executions grows with the program;
//! - [`threads`]: runs on real threads, timed;
//! - [`sweep`]: how many workers an I/O-bound and a CPU-bound job want.

pub mod bounding;
pub mod grow;
pub mod model;
mod outcome;
pub mod report;
mod scenario;
pub mod sweep;
pub mod threads;

pub use self::outcome::{grouped, Exploration, Fewest, Grade, Outcome, Witness};
pub use self::scenario::{Scenario, UnknownScenario};
