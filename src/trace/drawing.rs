//! A trace ready to draw: its steps in an order that explains them, what
//! each step shows, and the words for it — shared by every format.

use crate::trace::explain::{explain, schedule, Explanation};
use crate::trace::marks::{Mark, Marks};
use crate::trace::referee::{self, Breach, Verdict};
use crate::trace::{thread_name, Action, Location, Trace};

/// In what order a drawing shows the steps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// An interleaving of whole steps in which every read returns the newest
    /// write, with the fewest preemptions of any that explains the execution.
    Interleaving {
        /// Its preemptions.
        preemptions: usize,
    },
    /// No interleaving explains the steps, and the memory model allows
    /// them: only weak memory gives this execution. They are drawn as a
    /// schedule with the fewest preemptions, a thread at a time, and ⚠ marks
    /// each read that returned an older write than one drawn before it.
    WeakMemory,
    /// The memory model forbids the execution: the engine produced one no
    /// program can have (see [`referee`](crate::trace::referee)). Drawn as
    /// a weak-memory execution is, with ⊘ on the step that breaks the rule.
    Forbidden,
    /// The order the engine ran the steps in: the search for an explaining
    /// interleaving, or the referee, gave up, or there is nothing to explain.
    #[default]
    Unexplained,
    /// The order a learner chose in `racelab play`, with ↯ on the moves that
    /// switched away from a thread that could have gone on.
    Played,
    /// The order the engine ran the steps in, which is an interleaving (a
    /// shuttle run, replayed), with its preemptions.
    Ran {
        /// Its preemptions.
        preemptions: usize,
    },
}

/// A trace, ordered for drawing, and what it shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drawing {
    /// The steps in the order drawn.
    pub trace: Trace,
    /// What they show.
    pub marks: Marks,
    /// Why they are in this order.
    pub order: Order,
    /// For a forbidden execution: the rule it breaks, in the indices of the
    /// steps as drawn.
    pub breach: Option<Breach>,
    /// Steps a scenario marks ✗ with notes of its own (indices).
    pub marked: Vec<usize>,
}

impl Drawing {
    /// Draws `trace`: as the interleaving with the fewest preemptions that
    /// explains it; if none does, as a schedule a thread at a time, weak
    /// memory or forbidden as the [referee](crate::trace::referee) finds;
    /// if the searches give up, in the order it ran.
    pub fn new(trace: &Trace) -> Self {
        let (trace, order) = match explain(trace) {
            Explanation::Interleaving { order, preemptions } => {
                (trace.reordered(&order), Order::Interleaving { preemptions })
            }
            Explanation::WeakMemory => {
                let drawn = schedule(trace).map_or_else(|| trace.clone(), |o| trace.reordered(&o));
                (drawn, Order::WeakMemory)
            }
            Explanation::TooLarge => (trace.clone(), Order::Unexplained),
        };
        // Judged in the order drawn, so that the breach names drawn steps.
        let (order, breach) = match order {
            Order::WeakMemory => match referee::judge(&trace) {
                Verdict::Allowed => (Order::WeakMemory, None),
                Verdict::Forbidden(breach) => (Order::Forbidden, Some(breach)),
                Verdict::Undecided => (Order::Unexplained, None),
            },
            other => (other, None),
        };
        Self {
            marks: trace.marks(),
            trace,
            order,
            breach,
            marked: Vec::new(),
        }
    }

    /// Draws `trace` in the order the engine ran it, which on a sequentially
    /// consistent engine is an interleaving, with ↯ on its preemptions: a
    /// replayed run, as it ran.
    pub fn as_run(trace: &Trace) -> Self {
        let marks = trace.marks();
        Self {
            order: Order::Ran {
                preemptions: marks.preemptions.len(),
            },
            marks,
            trace: trace.clone(),
            breach: None,
            marked: Vec::new(),
        }
    }

    /// Draws `trace` in the order it was played, with ↯ on the steps at
    /// `preemptions` (indices into its steps): the game knows which moves
    /// switched away from a thread that still had one.
    pub fn as_played(trace: &Trace, preemptions: Vec<usize>) -> Self {
        let mut marks = trace.marks();
        marks.preemptions = preemptions;
        Self {
            marks,
            trace: trace.clone(),
            order: Order::Played,
            breach: None,
            marked: Vec::new(),
        }
    }

    /// Why no interleaving gives this execution, and why weak memory allows
    /// it, one sentence group a line, computed from its reads (see
    /// [`weak`](crate::trace::weak)); `None` if its pattern is not one
    /// racelab explains.
    pub fn why_weak(&self) -> Option<Vec<String>> {
        crate::trace::weak::why(self)
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
            kind(names(true), "is plain memory", "are plain memory"),
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

    /// The indices of the steps drawn as rows (initial values are not).
    pub fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.trace.steps().len()).filter(|&index| self.marks.numbers[index].is_some())
    }

    /// The step's number as drawn.
    pub fn number(&self, index: usize) -> usize {
        self.marks.numbers[index].unwrap_or(0)
    }

    /// Whether values are printed with the name of their place: when a
    /// trace touches more than one place or names its values.
    fn names_places(&self) -> bool {
        let places = self.trace.places();
        let data = places.iter().filter(|place| !place.sync).count();
        data > 1 || places.iter().any(|place| !place.states.is_empty())
    }

    /// `1`, `pending`, or `count = 1` where places need naming.
    fn value(&self, location: Location, value: u64) -> String {
        let shown = self.trace.value_name(location, value);
        if self.names_places() {
            format!("{} = {shown}", self.trace.place_name(location))
        } else {
            shown
        }
    }

    /// Where the write at `index` is: `T1@3`, or `initial`.
    fn source(&self, index: Option<usize>) -> String {
        match index {
            Some(index) => self.marks.name(&self.trace, index),
            None => "?".to_string(),
        }
    }

    /// What a step's cell says: the action, its value, the write a read saw,
    /// and its marks.
    pub fn cell(&self, index: usize) -> String {
        let mut cell = self.action_words(index);
        match self.marks.marks[index] {
            Some(Mark::Overwrites { .. }) => cell.push_str(" ✗"),
            Some(Mark::Lost { .. }) if self.has_states(index) => cell.push_str(" (overwritten)"),
            Some(Mark::Lost { .. }) => cell.push_str(" (lost)"),
            Some(Mark::NotNewest { .. }) => cell.push_str(" ⚠"),
            None => {}
        }
        if self.marked.contains(&index) {
            cell.push_str(" ✗");
        }
        if self
            .breach
            .as_ref()
            .is_some_and(|breach| breach.step == index)
        {
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

    /// What a step did, without its marks.
    fn action_words(&self, index: usize) -> String {
        let action = self.trace.steps()[index].action;
        let from = || self.source(self.marks.reads_from[index]);
        match action {
            Action::New {
                location, value, ..
            } => format!("new {}", self.value(location, value)),
            Action::Read {
                location, value, ..
            } => format!("read {} ({})", self.value(location, value), from()),
            Action::Write {
                location, value, ..
            } => format!("write {}", self.value(location, value)),
            Action::Add {
                location,
                before,
                after,
                ..
            } => format!(
                "add {} ({}) → {}",
                self.value(location, before),
                from(),
                self.trace.value_name(location, after)
            ),
            Action::Swap {
                location,
                before,
                after,
                compared,
                ..
            } => format!(
                "{} {} ({}) → {}",
                if compared { "compare_exchange" } else { "swap" },
                self.value(location, before),
                from(),
                self.trace.value_name(location, after)
            ),
            Action::Fence { order } => format!("fence({order:?})"),
            Action::Lock { lock, tried } => self
                .trace
                .lock_words(if tried { "try_lock" } else { "lock" }, lock),
            Action::Unlock { lock } => self.trace.lock_words("unlock", lock),
            Action::Deadlock { wants } => {
                format!("{}: deadlock ✗", self.trace.lock_words("lock", wants))
            }
            Action::Waits { lock } => format!("{}: waits", self.trace.lock_words("lock", lock)),
            Action::TryLockFailed { lock } => {
                format!(
                    "{}: held, backs off",
                    self.trace.lock_words("try_lock", lock)
                )
            }
            Action::Wait { .. } => "wait (lets go of lock)".to_string(),
            Action::Notify { .. } => "notify".to_string(),
            Action::Woken { .. } => "woken (has lock)".to_string(),
            Action::WaitsForever { .. } => "waits for ever ✗".to_string(),
            Action::Spawn { thread } => format!("spawn {}", thread_name(thread)),
            Action::Join { thread } => format!("join {}", thread_name(thread)),
            Action::Event { label } => label.to_string(),
        }
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
            if let Some(breach) = self.breach.as_ref().filter(|b| b.step == index) {
                notes.push(crate::trace::forbidden::note(self, breach));
            }
            match &self.marks.marks[index] {
                Some(Mark::Overwrites { read, lost }) => {
                    notes.push(self.overwrite_note(index, *read, lost));
                }
                Some(Mark::NotNewest { newest })
                    if !self.breach.as_ref().is_some_and(|b| b.step == index) =>
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
    fn has_states(&self, index: usize) -> bool {
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
        let gives_up = steps[index + 1..]
            .iter()
            .position(|step| step.thread == me && matches!(step.action, Action::Unlock { .. }))
            .map(|offset| {
                format!(
                    " Its request returns the cycle as an error, so {} gives up and lets go of \
                     what it holds (step {}), and the others can finish.",
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
            .map(|i| format!(" (its next step: {})", self.next_step(i)))
            .unwrap_or_default();
        format!(
            "↯ step {}: a preemption. {} could have gone on{waiting}, but {} runs instead.",
            self.number(index),
            thread_name(previous),
            thread_name(steps[index].thread)
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
        let source = match self.marks.reads_from[read].and_then(|i| self.marks.numbers[i]) {
            Some(_) => format!("{}'s write", self.source(self.marks.reads_from[read])),
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
                self.value(location, value),
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
                self.value(location, value),
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
            "⚠ step {}: {}'s read of {} returns {returned}, not the newest drawn before it, \
             the {} that {} wrote at step {}: no interleaving reads so.",
            self.number(index),
            thread_name(steps[index].thread),
            self.trace.place_name(location),
            self.trace.value_name(location, value),
            thread_name(steps[newest].thread),
            self.number(newest),
        )
    }

    /// The value the write at `index` left.
    fn written_value(&self, index: usize) -> u64 {
        self.trace.steps()[index]
            .action
            .value_written()
            .unwrap_or(0)
    }

    /// A step as a thread about to take it would: a read is named by its
    /// place, not by what it will return.
    fn next_step(&self, index: usize) -> String {
        match self.trace.steps()[index].action {
            Action::Read { location, .. } => format!("read {}", self.trace.place_name(location)),
            Action::Add { location, .. } => format!("add to {}", self.trace.place_name(location)),
            Action::Swap {
                location, compared, ..
            } => format!(
                "{} {}",
                if compared { "compare_exchange" } else { "swap" },
                self.trace.place_name(location)
            ),
            Action::Deadlock { wants } => self.trace.lock_words("lock", wants),
            Action::Waits { lock } => self.trace.lock_words("lock", lock),
            Action::TryLockFailed { lock } => self.trace.lock_words("try_lock", lock),
            _ => self.action_words(index),
        }
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
