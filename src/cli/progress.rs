//! Progress on standard error, for explorations and sweeps that take a while.
//!
//! indicatif draws nothing when standard error is not a terminal, so piped
//! output and tests see only the result.

use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};

use racelab::explore::model::Watch;
use racelab::sync::Budget;

/// A bar counting up to `total`, or a spinner counting executions if the
/// total is unknown (an exhaustive exploration does not know its size).
pub(crate) fn bar(total: Option<u64>, message: &str) -> ProgressBar {
    let bar = match total {
        Some(total) => ProgressBar::new(total).with_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {msg}: {pos} executions ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    bar.set_message(message.to_string());
    bar
}

/// A watch that moves `bar` after every execution, within `budget`.
pub(crate) fn watch(bar: &ProgressBar, budget: Budget) -> Watch {
    let bar = bar.clone();
    Watch {
        budget,
        on_execution: Some(Arc::new(move |finished| bar.set_position(finished as u64))),
    }
}
