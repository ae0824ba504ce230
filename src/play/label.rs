//! What a move does, in words that do not depend on the order it was played
//! in: `read count = 0 (initial)`, `read flag = 1 (T1's write)`.

use std::collections::HashMap;

use crate::trace::{Step, Trace, WriteId};

/// Names each write of one execution by who made it.
pub(super) struct Writers<'a> {
    trace: &'a Trace,
    by: HashMap<WriteId, String>,
}

impl<'a> Writers<'a> {
    /// The writers of every write in `trace`.
    pub(super) fn new(trace: &'a Trace) -> Self {
        Self {
            trace,
            by: crate::trace::words::writer_names(trace),
        }
    }

    fn source(&self, write: WriteId) -> &str {
        self.by.get(&write).map_or("?", String::as_str)
    }

    /// What `step` does, in the words a drawing uses, its reads naming the
    /// write they return by who made it.
    pub(super) fn label(&self, step: &Step) -> String {
        crate::trace::words::action(self.trace, step.action, &|write| {
            self.source(write).to_string()
        })
    }

    /// What a move's steps do: the thread's own, and the steps main took
    /// before and after them (joining a thread that finished, reading what
    /// they left): `write count = 1 (after it, main: join T1)`.
    pub(super) fn move_label(&self, thread: usize, steps: &[Step]) -> String {
        let first = steps.iter().position(|step| step.thread == thread);
        let first = first.unwrap_or(steps.len());
        let main = |part: &[Step]| -> Vec<String> {
            part.iter()
                .filter(|step| step.thread != thread)
                .map(|step| self.label(step))
                .collect()
        };
        let (before, after) = (main(&steps[..first]), main(&steps[first..]));
        let mut parts = Vec::new();
        if !before.is_empty() {
            parts.push(format!("before it, main: {}", before.join("; ")));
        }
        if !after.is_empty() {
            parts.push(format!("after it, main: {}", after.join("; ")));
        }
        let own = self.own_label(thread, steps);
        match parts.is_empty() {
            true => own,
            false => format!("{own} ({})", parts.join("; ")),
        }
    }

    /// What the thread itself does in a move: `write count = 1`.
    pub(super) fn own_label(&self, thread: usize, steps: &[Step]) -> String {
        let parts: Vec<String> = steps
            .iter()
            .filter(|step| step.thread == thread)
            .map(|step| self.label(step))
            .collect();
        parts.join("; ")
    }
}
