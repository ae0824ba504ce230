//! Makes loom and shuttle share one process.
//!
//! Each checker installs a panic hook the first time it runs. loom's threads
//! are coroutines that finish by panicking with a private payload, and the
//! hook loom's coroutines install hides those panics, then passes any other
//! panic to the hook below it. shuttle's hook reports every panic as a failed
//! test. If shuttle's hook ends up on top, every loom thread that finishes
//! looks like a failure; so both are installed once, shuttle's first.

use std::sync::Once;

use loom::model::Builder;
use shuttle::scheduler::RandomScheduler;
use shuttle::{Config, Runner};

/// Installs shuttle's panic hook, then loom's on top of it, once.
pub(crate) fn install_in_order() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let mut config = Config::new();
        config.silence_warnings = true;
        Runner::new(RandomScheduler::new_from_seed(0, 1), config).run(|| {});
        Builder::new().check(|| {});
    });
}
