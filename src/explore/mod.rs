//! Running one program — a counter, or a catalogue scenario — under one
//! engine and collecting what happened.
//!
//! - [`Program`]: what the engines run, once per execution: a
//!   [`Counting`] (which [`Scenario`] counter, how many threads, how many
//!   increments) or a catalogue scenario's version;
//! - [`Engine`]: loom, shuttle's schedulers, or real threads;
//! - [`model`]: every execution under loom, shuttle's schedules, or runs on
//!   real threads, gathered into an [`Exploration`]: each ending, how many
//!   executions reached it, and the witness drawn with the fewest
//!   preemptions;
//! - [`report`]: the outcome table and witnesses as text, markdown, SVG or
//!   HTML, and the [legend](report::LEGEND) of the words they use;
//! - [`grow`]: how fast the number of executions grows with the program;
//! - [`threads`]: runs on real threads, timed;
//! - [`sweep`]: how many workers an I/O-bound and a CPU-bound job want.

mod engine;
pub mod grow;
pub mod model;
mod outcome;
mod program;
pub mod report;
mod scenario;
pub mod sweep;
pub mod threads;
mod watch;

pub use self::engine::Engine;
pub(crate) use self::outcome::attach_schedules;
pub use self::outcome::{Drawings, Exploration, Forbidden, Grade, Outcome, Witness};
pub use self::program::Program;
pub use self::report::grouped;
pub use self::scenario::{Counting, Scenario, UnknownScenario};
