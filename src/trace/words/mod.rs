//! What a trace says in words: one way to describe each step, used by the
//! drawings and by the game alike, and the sentences under a drawing.
//!
//! - this module: a step as a drawing's cell or a game's move names it;
//! - [`notes`]: the sentences under a drawing, one per marked step;
//! - [`weak`]: why no interleaving explains an execution, and why weak
//!   memory allows it;
//! - [`forbidden`]: why the memory model forbids one.

mod forbidden;
mod notes;
pub(crate) mod weak;

pub(crate) use self::forbidden::note as forbidden_note;

use std::collections::HashMap;

use crate::trace::analysis::marks::Mark;
use crate::trace::{thread_name, Action, Drawing, Location, Trace, WriteId};

/// What `action` did, in `trace`'s words, with the write a read returned
/// named by `source`: `read 0 (initial)`, `lock A: held, waits`. A drawing
/// names a write by its step (`T1@3`), a game by who made it (`T1's
/// write`); everything else is said the same way in both.
pub(crate) fn action(trace: &Trace, action: Action, source: &dyn Fn(WriteId) -> String) -> String {
    let value = |location: Location, value: u64| value_words(trace, location, value);
    match action {
        Action::New {
            location, value: v, ..
        } => format!("new {}", value(location, v)),
        Action::Read {
            location,
            value: v,
            saw,
            ..
        } => format!("read {} ({})", value(location, v), source(saw)),
        Action::Write {
            location, value: v, ..
        } => format!("write {}", value(location, v)),
        Action::Add {
            location,
            before,
            after,
            saw,
            ..
        } => format!(
            "add {} ({}) → {}",
            value(location, before),
            source(saw),
            trace.value_name(location, after)
        ),
        Action::Swap {
            location,
            before,
            after,
            saw,
            compared,
            ..
        } => format!(
            "{} {} ({}) → {}",
            if compared { "compare_exchange" } else { "swap" },
            value(location, before),
            source(saw),
            trace.value_name(location, after)
        ),
        Action::Fence { order } => format!("fence({order:?})"),
        Action::Lock { lock, tried } => {
            trace.lock_words(if tried { "try_lock" } else { "lock" }, lock)
        }
        Action::Unlock { lock } => trace.lock_words("unlock", lock),
        Action::Deadlock { wants } => format!("{}: deadlock", trace.lock_words("lock", wants)),
        Action::Waits { lock } => format!("{}: held, waits", trace.lock_words("lock", lock)),
        Action::TryLockFailed { lock } => {
            format!("{}: held, backs off", trace.lock_words("try_lock", lock))
        }
        Action::Wait { lock, .. } => format!("wait (lets go of {})", lock_name(trace, lock)),
        Action::Notify { woke: 0, .. } => "notify (nobody waits)".to_string(),
        Action::Notify { woke, .. } => {
            let woken: Vec<String> = (0..32)
                .filter(|thread| woke & 1 << thread != 0)
                .map(thread_name)
                .collect();
            format!("notify (wakes {})", woken.join(", "))
        }
        Action::Woken { lock, .. } => format!("woken (has {} again)", lock_name(trace, lock)),
        Action::WaitsForever { .. } => "would wait for ever".to_string(),
        Action::Spawn { thread } => format!("spawn {}", thread_name(thread)),
        Action::Join { thread } => format!("join {}", thread_name(thread)),
        Action::Event { label } => label.to_string(),
    }
}

/// Each write of `trace` named by who made it, in words that do not depend
/// on an order of the steps: `initial`, `T1's write`, `T2's write no. 2`.
pub(crate) fn writer_names(trace: &Trace) -> HashMap<WriteId, String> {
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
    by
}

/// A behaviour in one line: each thread's steps, the threads in the order
/// they first run in `trace` and main's own steps last, each read naming the
/// write it returned by who made it:
/// `T2: read 0 (initial), write 1; T1: read 1 (T2's write), write 2`.
/// Two behaviours differ in some step or some read's write, so their lines
/// differ too.
pub(crate) fn behaviour(trace: &Trace) -> String {
    let names = writer_names(trace);
    let source = |write: WriteId| names.get(&write).cloned().unwrap_or_default();
    let mut threads: Vec<usize> = Vec::new();
    for step in trace.steps() {
        if step.thread != 0 && !threads.contains(&step.thread) {
            threads.push(step.thread);
        }
    }
    threads.push(0);
    threads
        .iter()
        .filter_map(|&thread| {
            let steps: Vec<String> = trace
                .steps()
                .iter()
                .filter(|step| {
                    step.thread == thread && !(thread == 0 && is_bookkeeping(step.action))
                })
                .map(|step| action(trace, step.action, &source))
                .collect();
            let named = format!("{}: {}", thread_name(thread), steps.join(", "));
            (!steps.is_empty()).then_some(named)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Whether a step only starts or ends threads or makes a location: main's
/// spawns and joins, which every behaviour of a program shares.
fn is_bookkeeping(action: Action) -> bool {
    matches!(
        action,
        Action::Spawn { .. } | Action::Join { .. } | Action::New { .. }
    )
}

/// A step about to be taken, as a thread that has not taken it yet would
/// name it: a read by its place, not by what it will return; a request for
/// a lock by the lock, not by whether it will find it held.
pub(crate) fn next_action(trace: &Trace, action: Action) -> String {
    match action {
        Action::Read { location, .. } => format!("read {}", trace.place_name(location)),
        Action::Add { location, .. } => format!("add to {}", trace.place_name(location)),
        Action::Swap {
            location, compared, ..
        } => format!(
            "{} {}",
            if compared { "compare_exchange" } else { "swap" },
            trace.place_name(location)
        ),
        Action::Deadlock { wants: lock } | Action::Waits { lock } => trace.lock_words("lock", lock),
        Action::TryLockFailed { lock } => trace.lock_words("try_lock", lock),
        Action::WaitsForever { .. } => "wait".to_string(),
        other => self::action(trace, other, &|_| String::new()),
    }
}

/// Whether values are printed with the name of their place: when a trace
/// touches more than one place or names its values. A counter's trace,
/// whose one place is its count, prints `read 0`, and its columns fit.
fn names_places(trace: &Trace) -> bool {
    let places = trace.places();
    let data = places.iter().filter(|place| !place.sync).count();
    data > 1 || places.iter().any(|place| !place.states.is_empty())
}

/// `1`, `pending`, or `count = 1` where places need naming.
fn value_words(trace: &Trace, location: Location, value: u64) -> String {
    let shown = trace.value_name(location, value);
    if names_places(trace) {
        format!("{} = {shown}", trace.place_name(location))
    } else {
        shown
    }
}

/// `A`, or `the lock` where the only lock is called that.
fn lock_name(trace: &Trace, lock: Location) -> String {
    match trace.place_name(lock) {
        "lock" => "the lock".to_string(),
        name => name.to_string(),
    }
}

impl Drawing {
    /// The mark of a step where the run goes wrong: `✗` on a write that
    /// replaced updates it never read, a deadlock, a wait for ever or a step
    /// the scenario marks; `⚠` on a read of an older write than the newest.
    pub fn fault(&self, index: usize) -> Option<&'static str> {
        match self.marks.marks[index] {
            Some(Mark::Overwrites { .. }) => Some("✗"),
            Some(Mark::NotNewest { .. }) => Some("⚠"),
            Some(_) => None,
            None => {
                let failed = matches!(
                    self.trace.steps()[index].action,
                    Action::Deadlock { .. } | Action::WaitsForever { .. }
                );
                (failed || self.marked.iter().any(|(marked, _)| *marked == index)).then_some("✗")
            }
        }
    }

    /// What a step's cell says: the action, its value, the write a read saw,
    /// and its marks.
    pub fn cell(&self, index: usize) -> String {
        let step = self.trace.steps()[index];
        let writer = |write: WriteId| {
            let index = self
                .trace
                .steps()
                .iter()
                .position(|s| s.action.written().is_some_and(|(_, id)| id == write));
            index.map_or("?".to_string(), |i| self.marks.name(&self.trace, i))
        };
        let mut cell = action(&self.trace, step.action, &writer);
        match (&self.marks.marks[index], self.fault(index)) {
            (_, Some(fault)) => {
                cell.push(' ');
                cell.push_str(fault);
            }
            (Some(Mark::Lost { .. }), None) if self.has_states(index) => {
                cell.push_str(" (overwritten)");
            }
            (Some(Mark::Lost { .. }), None) => cell.push_str(" (lost)"),
            _ => {}
        }
        if self.breach.as_ref().is_some_and(|b| b.step == index) {
            cell.push_str(" ⊘");
        }
        if self
            .marks
            .race
            .is_some_and(|race| race.first == index || race.second == index)
        {
            cell.push_str(" ⚡");
        }
        if self.marks.preemptions.contains(&index) {
            cell.insert_str(0, "↯ ");
        }
        cell
    }
}
