//! A thread pool with futures: Python's `concurrent.futures`, in Rust, and
//! model-checked.
//!
//! Starting a thread per task is slow and unbounded. A pool starts a few
//! workers once and feeds them tasks through one queue; each task's outcome
//! comes back through its handle. In reading order:
//!
//! 1. [`pool`]: the [`ThreadPool`] — submit, map, shutdown;
//! 2. [`handle`]: the [`TaskHandle`], Python's `Future` — result, cancel,
//!    done-callbacks;
//! 3. [`map`]: results in the order of the inputs;
//! 4. [`as_completed`](mod@as_completed): results in the order they finish;
//! 5. [`wait`](mod@wait): until the first, the first failure, or all;
//! 6. [`error`]: what can go wrong, as values;
//! 7. [`racy_cancel`]: a cancel written as check-then-act, and why the
//!    pool's own cancel cannot go wrong that way.
//!
//! The pool is written once against [`Runtime`](crate::sync::Runtime): the
//! same source runs on real threads, and under loom and shuttle, which prove
//! that every task runs exactly once and every result reaches its handle.

mod arrivals;
pub mod as_completed;
pub mod error;
pub mod handle;
pub mod map;
pub mod pool;
pub mod racy_cancel;
mod task;
pub mod wait;
mod worker;

pub use self::as_completed::{as_completed, AsCompleted};
pub use self::error::{PoolError, SubmitError, TaskError, TimeoutError};
pub use self::handle::TaskHandle;
pub use self::map::Map;
pub use self::pool::{default_max_workers, Options, ThreadPool};
pub use self::task::Ending;
pub use self::wait::{wait, ReturnWhen, Waited};
