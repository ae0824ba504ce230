//! What a move does, in words that do not depend on the order it was played
//! in: `read count = 0 (initial)`, `read flag = 1 (T1's write)`.

use std::collections::HashMap;

use crate::trace::{thread_name, Action, Location, Step, Trace, WriteId};

/// Names each write of one execution by who made it.
pub(super) struct Writers<'a> {
    trace: &'a Trace,
    by: HashMap<WriteId, String>,
}

impl<'a> Writers<'a> {
    /// The writers of every write in `trace`.
    pub(super) fn new(trace: &'a Trace) -> Self {
        let mut count: HashMap<(usize, Location), usize> = HashMap::new();
        for step in trace.steps() {
            if let Some((location, _)) = step.action.written() {
                *count.entry((step.thread, location)).or_default() += 1;
            }
        }
        let mut seen: HashMap<(usize, Location), usize> = HashMap::new();
        let mut by = HashMap::new();
        for step in trace.steps() {
            let Some((location, write)) = step.action.written() else {
                continue;
            };
            let nth = seen.entry((step.thread, location)).or_default();
            *nth += 1;
            let name = match step.action {
                Action::New { .. } => "initial".to_string(),
                _ if count[&(step.thread, location)] == 1 => {
                    format!("{}'s write", thread_name(step.thread))
                }
                _ => format!("{}'s write no. {nth}", thread_name(step.thread)),
            };
            by.insert(write, name);
        }
        Self { trace, by }
    }

    fn source(&self, write: WriteId) -> &str {
        self.by.get(&write).map_or("?", String::as_str)
    }

    fn value(&self, location: Location, value: u64) -> String {
        format!(
            "{} = {}",
            self.trace.place_name(location),
            self.trace.value_name(location, value)
        )
    }

    fn lock(&self, verb: &str, lock: Location) -> String {
        self.trace.lock_words(verb, lock)
    }

    /// `A`, or `the lock` where the only lock is called that.
    fn lock_name(&self, lock: Location) -> String {
        match self.trace.place_name(lock) {
            "lock" => "the lock".to_string(),
            name => name.to_string(),
        }
    }

    /// What `step` does.
    pub(super) fn label(&self, step: &Step) -> String {
        match step.action {
            Action::New {
                location, value, ..
            } => format!("new {}", self.value(location, value)),
            Action::Read {
                location,
                value,
                saw,
                ..
            } => format!(
                "read {} ({})",
                self.value(location, value),
                self.source(saw)
            ),
            Action::Write {
                location, value, ..
            } => format!("write {}", self.value(location, value)),
            Action::Add {
                location,
                before,
                after,
                saw,
                ..
            } => format!(
                "add: {} ({}) → {}",
                self.value(location, before),
                self.source(saw),
                self.trace.value_name(location, after)
            ),
            Action::Swap {
                location,
                before,
                after,
                saw,
                compared,
                ..
            } => format!(
                "{}: {} ({}) → {}",
                if compared { "compare_exchange" } else { "swap" },
                self.value(location, before),
                self.source(saw),
                self.trace.value_name(location, after)
            ),
            Action::Fence { order } => format!("fence({order:?})"),
            Action::Lock { lock, tried } => {
                self.lock(if tried { "try_lock" } else { "lock" }, lock)
            }
            Action::Unlock { lock } => self.lock("unlock", lock),
            Action::Waits { lock } => format!("{}: held, waits", self.lock("lock", lock)),
            Action::TryLockFailed { lock } => {
                format!("{}: held, backs off", self.lock("try_lock", lock))
            }
            Action::Deadlock { wants } => format!(
                "{}: deadlock, so racelab's lock gives up",
                self.lock("lock", wants)
            ),
            Action::Wait { lock, .. } => format!("wait (lets go of {})", self.lock_name(lock)),
            Action::Notify { .. } => "notify".to_string(),
            Action::Woken { lock, .. } => format!("woken (has {} again)", self.lock_name(lock)),
            Action::WaitsForever { .. } => {
                "waits, but no notify can come, so racelab's wait gives up".to_string()
            }
            Action::Spawn { thread } => format!("spawn {}", thread_name(thread)),
            Action::Join { thread } => format!("join {}", thread_name(thread)),
            Action::Event { label } => label.to_string(),
        }
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
