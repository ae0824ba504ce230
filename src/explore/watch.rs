//! How an exploration is watched: its budget, and its progress.

use std::fmt;
use std::sync::Arc;

use crate::sync::Budget;

/// How an exploration is watched: the budget it may spend, and a function
/// called after each execution with the number finished so far (for a
/// progress bar).
#[derive(Clone, Default)]
pub struct Watch {
    /// When to stop before the end.
    pub budget: Budget,
    /// Called after each execution with how many have finished.
    pub on_execution: Option<Arc<dyn Fn(usize) + Send + Sync>>,
}

impl fmt::Debug for Watch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Watch")
            .field("budget", &self.budget)
            .field("on_execution", &self.on_execution.is_some())
            .finish()
    }
}
