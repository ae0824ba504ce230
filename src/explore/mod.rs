//! Running one [`Program`](crate::scenario::Program) under one engine and
//! collecting what happened.
//!
//! - [`model`]: every execution under loom, shuttle's schedules, or runs on
//!   real threads, gathered into an [`Exploration`]: each outcome, how many
//!   behaviours reached it, and the witness drawn with the fewest
//!   preemptions;
//! - [`report`]: the outcome table and witnesses as text, markdown, SVG or
//!   HTML, and the [legend](report::LEGEND) of the words they use;
//! - [`compare`]: the same program on the other exhaustive engine, and
//!   the behaviours one of them missed;
//! - [`check_on_loom`]: what loom says of a program real threads ran
//!   without breaking it;
//! - [`grow`]: how fast the number of executions grows with the program;
//! - [`threads`]: runs on real threads, timed;
//! - [`sweep`]: how many workers an I/O-bound and a CPU-bound job want.

mod checked;
mod compare;
mod exploration;
pub mod grow;
pub mod model;
pub mod report;
pub mod sweep;
pub mod threads;
mod watch;

pub use self::checked::{check_on_loom, LoomCheck};
pub use self::compare::{compare, Comparison};
pub use self::exploration::{Behaviour, Exploration, Forbidden, Outcome, Search, Witness};
pub use self::report::grouped;
