//! What an execution shows, computed from its trace: the facts every
//! sentence and picture is made of.
//!
//! - [`explain`]: an interleaving of whole steps that explains an
//!   execution, with the fewest preemptions, or the proof that none does;
//! - [`happens_before`]: the order synchronization builds;
//! - [`referee`]: whether the memory model allows an execution at all;
//! - [`weak`]: the patterns of reads that no interleaving gives;
//! - [`race`]: two plain accesses that nothing orders;
//! - [`sharing`]: what the threads share, and whether a sequentially
//!   consistent search covers weak memory too;
//! - [`marks`]: who read from whom, which updates were lost, where the
//!   preemptions are;
//! - [`Drawing`]: an execution in the order to draw it, with its marks.

mod drawing;
pub mod explain;
pub mod happens_before;
pub mod marks;
pub mod race;
pub mod referee;
pub mod sharing;
pub mod weak;

pub use self::drawing::{Drawing, Order};
