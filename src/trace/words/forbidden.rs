//! Why the memory model forbids an execution, in words: the note under the
//! step where the [referee](crate::trace::analysis::referee) found the rule
//! broken.

use crate::trace::analysis::referee::{Axiom, Because, Before, Breach};
use crate::trace::{thread_name, Drawing};

/// The note on `breach`, in the step numbers of `drawing`.
pub(crate) fn note(drawing: &Drawing, breach: &Breach) -> String {
    let words = Words { drawing };
    let at = words.step(breach.step);
    match breach.axiom {
        Axiom::SequentialConsistency => format!(
            "⊘ {at}: the SeqCst operations at {} cannot be put in one order: {}. The memory \
             model forbids this execution. loom treats SeqCst loads and stores as Acquire and \
             Release (loom issue 180), which is how it produced it; racelab leaves it out of \
             the outcomes.",
            and_list(
                &breach
                    .steps
                    .iter()
                    .map(|&s| words.step(s))
                    .collect::<Vec<_>>()
            ),
            Axiom::SequentialConsistency.rule(),
        ),
        Axiom::ThinAir | Axiom::Causality => format!(
            "⊘ {at}: {} is broken ({}): the memory model forbids this execution, so the engine \
             produced it in error; racelab leaves it out of the outcomes.",
            breach.axiom.name(),
            breach.axiom.rule(),
        ),
        axiom => {
            let place = breach
                .location
                .map_or("?", |location| drawing.trace.place_name(location));
            if let Some(plain) = words.stale_own_read(breach, place) {
                return plain;
            }
            let needs: Vec<String> = breach.cycle.iter().map(|b| words.before(b)).collect();
            format!(
                "⊘ {at}: no order of {place}'s writes fits what the reads returned: it would \
                 need {}, which goes round in a circle. That breaks {} ({}), which every \
                 ordering keeps, Relaxed included: no program can do this. loom 0.7.3 produces \
                 such executions now and then (loom issues 254 and 389 report related ones); \
                 racelab leaves them out of the outcomes.",
                and_list(&needs),
                axiom.name(),
                axiom.rule(),
            )
        }
    }
}

/// Steps and writes named as the drawing numbers them.
struct Words<'a> {
    drawing: &'a Drawing,
}

impl Words<'_> {
    /// The plainest case, in plain words: a read returns a write older than
    /// another that happens before both of them... that is, write `a`, then
    /// write `b` happening after it and before the read, which returns `a`.
    fn stale_own_read(&self, breach: &Breach, place: &str) -> Option<String> {
        let [first, second] = breach.cycle.as_slice() else {
            return None;
        };
        let (order, seen) = match (first.because, second.because) {
            (Because::HappensBefore, Because::Seen { .. }) => (first, second),
            (Because::Seen { .. }, Because::HappensBefore) => (second, first),
            _ => return None,
        };
        let Because::Seen { read } = seen.because else {
            return None;
        };
        // order: a before b; seen: b before a, because b happens before the
        // read, which returned a.
        let (a, b) = (order.earlier, order.later);
        let reader = thread_name(self.drawing.trace.steps()[read].thread);
        Some(format!(
            "⊘ {}: {reader}'s read of {place} returns {}, though {} happens after that write \
             and before this read. A read never returns a write older than one that happens \
             before it (write-read coherence), whatever the ordering, Relaxed included: no \
             program can do this. loom 0.7.3 produces such executions now and then (loom issues \
             254 and 389 report related ones); racelab leaves them out of the outcomes.",
            self.step(read),
            self.value_of(a),
            self.value_of(b),
        ))
    }

    /// `the 1 that T2 wrote at step 10`, or `the initial 0`.
    fn value_of(&self, write: usize) -> String {
        let trace = &self.drawing.trace;
        let action = trace.steps()[write].action;
        let value = match (action.written(), action.value_written()) {
            (Some((location, _)), Some(value)) => trace.value_name(location, value),
            _ => "?".to_string(),
        };
        match self.drawing.marks.numbers.get(write).copied().flatten() {
            Some(number) => format!(
                "the {value} that {} wrote at step {number}",
                thread_name(trace.steps()[write].thread)
            ),
            None => format!("the initial {value}"),
        }
    }

    /// `step 6`, or `the initial value` for a step not drawn.
    fn step(&self, index: usize) -> String {
        match self.drawing.marks.numbers.get(index).copied().flatten() {
            Some(number) => format!("step {number}"),
            None => "the initial value".to_string(),
        }
    }

    /// `T2's write at step 6`, or `the initial value`.
    fn write(&self, index: usize) -> String {
        match self.drawing.marks.numbers.get(index).copied().flatten() {
            Some(number) => format!(
                "{}'s write at step {number}",
                thread_name(self.drawing.trace.steps()[index].thread)
            ),
            None => "the initial value".to_string(),
        }
    }

    /// That `a` happens before `b`, and how, where it is plain.
    fn happens_before(&self, a: usize, b: usize) -> String {
        let steps = self.drawing.trace.steps();
        if steps[a].thread == steps[b].thread {
            format!(
                "{} took {} before {}",
                thread_name(steps[a].thread),
                self.step(a),
                self.step(b)
            )
        } else {
            format!("{} happens before {}", self.step(a), self.step(b))
        }
    }

    /// One requirement on the order of writes, and why.
    fn before(&self, before: &Before) -> String {
        let (earlier, later) = (self.write(before.earlier), self.write(before.later));
        let why = match before.because {
            Because::HappensBefore => self.happens_before(before.earlier, before.later),
            Because::Seen { read } => format!(
                "{} returned the latter, and {}",
                self.step(read),
                self.happens_before(before.earlier, read)
            ),
            Because::ReadsInOrder { first, second } => format!(
                "{} returned the former and {} the latter, and {}",
                self.step(first),
                self.step(second),
                self.happens_before(first, second)
            ),
            Because::ReadBefore { read } => format!(
                "{} returned the former, and {}",
                self.step(read),
                self.happens_before(read, before.later)
            ),
            Because::ReadModifyWrite => format!(
                "{} is a read-modify-write that returned the former",
                self.step(before.later)
            ),
        };
        format!("{earlier} before {later} ({why})")
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
