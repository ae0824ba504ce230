//! The sentences under a drawing: one for each marked step (a preemption,
//! a write that replaced lost updates, a deadlock, a lost wakeup, a data
//! race, a read no interleaving gives, a forbidden execution), and what the
//! threads share.

use crate::trace::analysis::marks::Mark;
use crate::trace::{thread_name, Action, Drawing, Location};

impl Drawing {
    /// Why no interleaving gives this execution, and why weak memory allows
    /// it, one sentence group a line, computed from its reads (see
    /// [`weak`](crate::trace::analysis::weak)); `None` if its pattern is not one
    /// racelab explains.
    pub fn why_weak(&self) -> Option<Vec<String>> {
        super::weak::why(self)
    }

    /// What the threads share, and of what kind: `Shared: count is an atomic.`
    /// Atomic steps are each indivisible and never a data race; plain memory
    /// is, unless something orders its accesses.
    pub fn places_sentence(&self) -> Option<String> {
        let places = self.trace.places();
        let touched = |index: usize| {
            self.trace.steps().iter().any(|step| {
                !matches!(step.action, Action::New { .. })
                    && (step.action.read().or(step.action.written()))
                        .is_some_and(|(location, _)| location.0 as usize == index)
            })
        };
        let names = |plain: bool| -> Vec<String> {
            places
                .iter()
                .enumerate()
                .filter(|&(index, place)| !place.sync && place.plain == plain && touched(index))
                .map(|(_, place)| place.name.to_string())
                .collect()
        };
        let kind = |names: Vec<String>, one: &str, many: &str| match names.len() {
            0 => None,
            1 => Some(format!("{} {one}", names[0])),
            _ => Some(format!("{} {many}", and_list(&names))),
        };
        let parts: Vec<String> = [
            kind(names(false), "is an atomic", "are atomics").map(|atomics| {
                match self.read_then_written().as_slice() {
                    [] => atomics,
                    [one] => format!(
                        "{atomics}: each access is one indivisible step, but a thread's read of \
                         {one} and its later write are two"
                    ),
                    several => format!(
                        "{atomics}: each access is one indivisible step, but a thread's read of \
                         {} and its later write of the same one are two",
                        several.join(" or ")
                    ),
                }
            }),
            kind(names(true), "is plain memory", "are plain memory").map(|plain| {
                // Computed by the race finder over this run's steps.
                match self.marks.race {
                    Some(_) => plain,
                    None => format!(
                        "{plain}, and in this run happens-before orders any two accesses to it \
                         from different threads: no data race"
                    ),
                }
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| format!("Shared: {}.", parts.join("; ")))
    }

    /// The atomics some thread reads and later writes with a separate step,
    /// not holding one lock from the read to the write: a read-then-write
    /// that another thread can come between.
    fn read_then_written(&self) -> Vec<String> {
        let steps = self.trace.steps();
        let mut names: Vec<String> = Vec::new();
        for (at, step) in steps.iter().enumerate() {
            let Action::Read { location, .. } = step.action else {
                continue;
            };
            let written_later = steps[at + 1..].iter().position(|later| {
                later.thread == step.thread
                    && matches!(later.action, Action::Write { location: l, .. } if l == location)
            });
            let Some(offset) = written_later else {
                continue;
            };
            let name = self.trace.place_name(location).to_string();
            if !self.locked_between(at, at + 1 + offset)
                && !self.is_plain(location)
                && !names.contains(&name)
            {
                names.push(name);
            }
        }
        names
    }

    /// Whether the thread of step `from` holds one lock from it to step `to`,
    /// letting go of it at no step between.
    fn locked_between(&self, from: usize, to: usize) -> bool {
        let steps = self.trace.steps();
        let thread = steps[from].thread;
        (0..self.trace.places().len())
            .map(|index| Location(index as u32))
            .filter(|&lock| self.trace.holder(from, lock) == Some(thread))
            .any(|lock| {
                steps[from..to].iter().all(|step| {
                    !matches!(step.action,
                        Action::Unlock { lock: l } | Action::Wait { lock: l, .. } if l == lock)
                })
            })
    }

    fn is_plain(&self, location: Location) -> bool {
        self.trace
            .places()
            .get(location.0 as usize)
            .is_some_and(|place| place.plain)
    }

    /// The sentences under the drawing, one per marked step, in order.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        for index in self.rows() {
            if self.marks.preemptions.contains(&index) {
                notes.push(self.preemption_note(index));
            }
            if self.marks.race.is_some_and(|race| race.second == index) {
                notes.push(self.race_note());
            }
            match self.trace.steps()[index].action {
                Action::Deadlock { wants } => notes.push(self.deadlock_note(index, wants)),
                Action::WaitsForever { .. } => notes.push(self.forever_note(index)),
                _ => {}
            }
            for (_, note) in self.marked.iter().filter(|(marked, _)| *marked == index) {
                notes.push(note.clone());
            }
            if let Some(breach) = self.breach.as_ref().filter(|b| b.step == index) {
                notes.push(super::forbidden_note(self, breach));
            }
            match &self.marks.marks[index] {
                Some(Mark::Overwrites { read, lost }) => {
                    notes.push(self.overwrite_note(index, *read, lost));
                }
                Some(Mark::NotNewest { newest })
                    if self.breach.as_ref().is_none_or(|b| b.step != index) =>
                {
                    notes.push(self.not_newest_note(index, *newest));
                }
                _ => {}
            }
        }
        notes
    }

    /// Whether the place the step at `index` writes names its values (a
    /// flag's `up`, a task's `running`) rather than counting.
    pub(super) fn has_states(&self, index: usize) -> bool {
        self.trace.steps()[index]
            .action
            .written()
            .and_then(|(location, _)| self.trace.places().get(location.0 as usize))
            .is_some_and(|place| !place.states.is_empty())
    }

    /// Who held what, and waited for what, when a deadlock was found.
    fn deadlock_note(&self, index: usize, wants: Location) -> String {
        let steps = self.trace.steps();
        let holder = |lock: Location| self.trace.holder(index, lock);
        let me = steps[index].thread;
        let mut chain = vec![format!(
            "{} asks for {}",
            thread_name(me),
            self.trace.place_name(wants)
        )];
        let mut lock = wants;
        for _ in 0..self.trace.places().len() {
            let Some(owner) = holder(lock) else { break };
            if owner == me {
                chain.push(format!("held by {}", thread_name(me)));
                break;
            }
            let waits_for = steps[..index]
                .iter()
                .rev()
                .find_map(|step| match step.action {
                    Action::Waits { lock } if step.thread == owner => Some(lock),
                    _ => None,
                });
            match waits_for {
                Some(next) => {
                    chain.push(format!(
                        "held by {}, which waits for {}",
                        thread_name(owner),
                        self.trace.place_name(next)
                    ));
                    lock = next;
                }
                None => {
                    chain.push(format!("held by {}", thread_name(owner)));
                    break;
                }
            }
        }
        // The threads other than main and the one that gives up.
        let others: std::collections::BTreeSet<usize> = steps
            .iter()
            .map(|step| step.thread)
            .filter(|&thread| thread != 0 && thread != me)
            .collect();
        let rest = if others.len() == 1 {
            "the other thread"
        } else {
            "the others"
        };
        let gives_up = steps[index + 1..]
            .iter()
            .position(|step| step.thread == me && matches!(step.action, Action::Unlock { .. }))
            .map(|offset| {
                format!(
                    " Its request returns the cycle as an error, so {} gives up and lets go of \
                     what it holds (step {}), and {rest} can finish.",
                    thread_name(me),
                    self.number(index + 1 + offset)
                )
            })
            .unwrap_or_default();
        format!(
            "✗ step {}: {}: each thread waits for the next, round a cycle, so none can go on — \
             a deadlock. racelab's locks follow the chain of waits and report the cycle instead \
             of waiting for ever.{gives_up} With a plain Mutex, nothing after step {} would \
             happen: the threads would hang.",
            self.number(index),
            chain.join(", "),
            self.number(index)
        )
    }

    /// The two accesses of a data race, and why they race.
    fn race_note(&self) -> String {
        let Some(race) = self.marks.race else {
            return String::new();
        };
        let steps = self.trace.steps();
        let describe = |index: usize| {
            let verb = match steps[index].action {
                Action::Write { .. } => "writes",
                _ => "reads",
            };
            let place = steps[index]
                .action
                .written()
                .or(steps[index].action.read())
                .map_or("?", |(location, _)| self.trace.place_name(location));
            format!(
                "{} {verb} {place} at step {}",
                thread_name(steps[index].thread),
                self.number(index)
            )
        };
        format!(
            "⚡ steps {} and {}: {}, {}, and neither happens before the other — no lock, no \
             Release/Acquire pair, no spawn or join orders them. That is a data race: undefined \
             behaviour in Rust, which safe Rust's Send, Sync and borrowing rules reject at \
             compile time (this scenario is written with `unsafe` to show it). It ran here only \
             inside the checker, one thread at a time.",
            self.number(race.first),
            self.number(race.second),
            describe(race.first),
            describe(race.second)
        )
    }

    /// Why a waiter found nobody left to wake it.
    fn forever_note(&self, index: usize) -> String {
        let steps = self.trace.steps();
        let me = steps[index].thread;
        let began = (0..index)
            .rev()
            .find(|&i| steps[i].thread == me && matches!(steps[i].action, Action::Wait { .. }));
        let notifies: Vec<String> = (0..began.unwrap_or(index))
            .filter(|&i| matches!(steps[i].action, Action::Notify { .. }))
            .map(|i| {
                format!(
                    "{}'s at step {}",
                    thread_name(steps[i].thread),
                    self.number(i)
                )
            })
            .collect();
        let lost = match notifies.as_slice() {
            [] => "No thread notified at all".to_string(),
            _ => format!(
                "The only notify, {}, came before {} began to wait{}, and a notify wakes only \
                 threads already waiting: it was lost",
                and_list(&notifies),
                thread_name(me),
                began.map_or(String::new(), |i| format!(" at step {}", self.number(i)))
            ),
        };
        format!(
            "✗ step {}: {lost}, and no thread is left to notify. With a real Condvar, {me_name} \
             could sleep for ever (only a spurious wake-up, which nothing promises, would end \
             it), and main's join of it would hang too. racelab's condition \
             variable notices, and its wait returns an error instead, so {me_name} gives up and \
             the run can end. Neither checker wakes a waiter spuriously, so only a notify could \
             have saved it.",
            self.number(index),
            me_name = thread_name(me)
        )
    }

    fn preemption_note(&self, index: usize) -> String {
        let steps = self.trace.steps();
        let previous = (0..index)
            .rev()
            .find(|&i| self.marks.numbers[i].is_some())
            .map_or(0, |i| steps[i].thread);
        let waiting = (index..steps.len())
            .find(|&i| steps[i].thread == previous)
            .map(|i| {
                format!(
                    " (its next step: {})",
                    super::next_action(&self.trace, steps[i].action)
                )
            })
            .unwrap_or_default();
        format!(
            "↯ step {}: a preemption. {} could have gone on{waiting}, but {} runs instead.{}",
            self.number(index),
            thread_name(previous),
            thread_name(steps[index].thread),
            self.stopped_early(index, previous)
        )
    }

    /// Why a preemption that lets a stale write in matters to how much is
    /// lost: the write replaces every write since its read, so had the
    /// thread it stops made its next write first, that would be lost too.
    fn stopped_early(&self, index: usize, stopped: usize) -> String {
        let steps = self.trace.steps();
        let Some(Mark::Overwrites { lost, .. }) = &self.marks.marks[index] else {
            return String::new();
        };
        let Some((location, _)) = steps[index].action.written() else {
            return String::new();
        };
        let lost_one = lost.iter().any(|&i| steps[i].thread == stopped);
        let writes_again = steps[index..].iter().any(|step| {
            step.thread == stopped && step.action.written().is_some_and(|(l, _)| l == location)
        });
        if !(lost_one && writes_again) {
            return String::new();
        }
        format!(
            " Had {who} made its next write to {place} first, {writer}'s write here would have \
             replaced that too: this preemption keeps the loss at this write to {}.",
            match lost.len() {
                1 => "1 update".to_string(),
                n => format!("{n} updates"),
            },
            who = thread_name(stopped),
            place = self.trace.place_name(location),
            writer = thread_name(steps[index].thread),
        )
    }

    fn overwrite_note(&self, index: usize, read: usize, lost: &[usize]) -> String {
        let steps = self.trace.steps();
        let who = thread_name(steps[index].thread);
        let (location, value) = match steps[index].action {
            Action::Write {
                location, value, ..
            } => (location, value),
            Action::Add {
                location, after, ..
            }
            | Action::Swap {
                location, after, ..
            } => (location, after),
            _ => return String::new(),
        };
        let Some((_, _)) = steps[read].action.read() else {
            return String::new();
        };
        let seen = match steps[read].action {
            Action::Read { value, .. }
            | Action::Add { before: value, .. }
            | Action::Swap { before: value, .. } => value,
            _ => 0,
        };
        let source = match self.marks.reads_from[read].filter(|&i| self.marks.numbers[i].is_some())
        {
            Some(write) => format!(
                "{}'s write at step {}",
                thread_name(steps[write].thread),
                self.number(write)
            ),
            None => "the initial value".to_string(),
        };
        let writers: Vec<String> = lost
            .iter()
            .map(|&i| {
                let written = steps[i].action.value_written().unwrap_or(0);
                format!(
                    "{} wrote {} at step {}",
                    thread_name(steps[i].thread),
                    self.trace.value_name(location, written),
                    self.number(i)
                )
            })
            .collect();
        let (them, updates) = if lost.len() == 1 {
            ("it", "1 update is".to_string())
        } else {
            ("them", format!("{} updates are", lost.len()))
        };
        let mut note = if self.has_states(index) {
            // A state is not an amount: the point is the stale check.
            format!(
                "✗ step {}: {who} writes {}, acting on the {} it read at step {} ({source}). \
                 Since that read, {}: {who}'s check was out of date when it acted.",
                self.number(index),
                super::value_words(&self.trace, location, value),
                self.trace.value_name(location, seen),
                self.number(read),
                and_list(&writers),
            )
        } else {
            format!(
                "✗ step {}: {who} writes {}, based on the {} it read at step {} ({source}). \
                 Since that read, {}: what {who} read was out of date when it wrote, and its \
                 write replaces {them}, so {updates} lost.",
                self.number(index),
                super::value_words(&self.trace, location, value),
                self.trace.value_name(location, seen),
                self.number(read),
                and_list(&writers),
            )
        };
        // A lock released between the read and the write covered neither
        // the whole increment nor the gap the other updates came through.
        if let Some(unlock) = (read + 1..index).find(|&i| {
            steps[i].thread == steps[index].thread
                && matches!(steps[i].action, Action::Unlock { .. })
        }) {
            note.push_str(&format!(
                " {who} had released the lock at step {}, between that read and this write.",
                self.number(unlock)
            ));
        }
        note
    }

    fn not_newest_note(&self, index: usize, newest: usize) -> String {
        let steps = self.trace.steps();
        let (location, value) = match steps[newest].action.written() {
            Some((location, _)) => (location, self.written_value(newest)),
            None => return String::new(),
        };
        let returned = match self.marks.reads_from[index] {
            Some(write) if self.marks.numbers[write].is_none() => "the initial value".to_string(),
            Some(write) if write > index => {
                format!("a write drawn after it (step {})", self.number(write))
            }
            Some(write) => format!("a write drawn earlier (step {})", self.number(write)),
            None => "a write not drawn".to_string(),
        };
        format!(
            "⚠ step {}: {}'s read of {place} returns {returned}, not the newest drawn before \
             it, {place} = {}, written by {} at step {}: no interleaving reads so.",
            self.number(index),
            thread_name(steps[index].thread),
            self.trace.value_name(location, value),
            thread_name(steps[newest].thread),
            self.number(newest),
            place = self.trace.place_name(location),
        )
    }

    /// The value the write at `index` left.
    fn written_value(&self, index: usize) -> u64 {
        self.trace.steps()[index]
            .action
            .value_written()
            .unwrap_or(0)
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
