//! Running one counter scenario under one engine and collecting what
//! happened.
//!
//! - [`Scenario`]: which counter, by name;
//! - [`Engine`]: loom, shuttle's schedulers, or real threads;
//! - [`model`]: every execution under loom, or shuttle's schedules, gathered
//!   into an [`Exploration`]: each final count, how many executions reached
//!   it, its grade, and the witness drawn with the fewest preemptions;
//! - [`report`]: the outcome table and witnesses as text, markdown, SVG or
//!   HTML, and the [legend](report::LEGEND) of the words they use;
//! - [`grow`]: how fast the number of executions grows with the program;
//! - [`threads`]: runs on real threads, timed;
//! - [`sweep`]: how many workers an I/O-bound and a CPU-bound job want.

mod engine;
pub mod grow;
pub mod model;
mod outcome;
pub mod report;
mod scenario;
pub mod sweep;
pub mod threads;
mod watch;

pub use self::engine::Engine;
pub(crate) use self::outcome::attach_schedules;
pub use self::outcome::{Drawings, Exploration, Grade, Outcome, Witness};
pub use self::report::grouped;
pub use self::scenario::{Scenario, UnknownScenario};
