//! Makes loom and shuttle share one process.
//!
//! Each checker installs a panic hook the first time it runs. loom's threads
//! are coroutines that finish by panicking with a private payload, and the
//! hook loom's coroutines install hides those panics, then passes any other
//! panic to the hook below it. shuttle's hook reports every panic as a failed
//! shuttle test, with a schedule to replay it — even a panic that has nothing
//! to do with shuttle. So both are installed once, in this order:
//!
//! 1. shuttle's hook, behind a filter that shows it only the panics of a
//!    running shuttle execution and sends every other panic to the hook that
//!    was there before;
//! 2. loom's on top, which hides its coroutines' own panics.

use std::panic::{self, PanicHookInfo};
use std::sync::{Arc, Once};

use loom::model::Builder;
use shuttle::scheduler::RandomScheduler;
use shuttle::{Config, Runner};

type Hook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

/// Installs shuttle's panic hook, filtered, then loom's on top of it, once.
pub(crate) fn install_in_order() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let before: Arc<Hook> = Arc::new(panic::take_hook());
        let below_shuttle = Arc::clone(&before);
        panic::set_hook(Box::new(move |info| below_shuttle(info)));

        // shuttle puts its hook on top the first time it runs anything.
        let mut config = Config::new();
        config.silence_warnings = true;
        Runner::new(RandomScheduler::new_from_seed(0, 1), config).run(|| {});
        let shuttle_hook = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if shuttle::current::try_get_current_task().is_some() {
                shuttle_hook(info);
            } else {
                before(info);
            }
        }));

        // loom's coroutines put theirs on top the first time they run.
        Builder::new().check(|| {});
    });
}
