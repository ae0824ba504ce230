//! The notes under a drawing, checked over every execution loom explores:
//! the deadlock and lost-wakeup notes name what the drawn order really
//! shows, and the reason a weak-memory execution is no interleaving is
//! found exactly where the search for an interleaving finds none.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use racelab::catalogue::{bank, Lesson, Observed, Variant};
use racelab::sync::{explore_loom_within, Budget, Loom};
use racelab::trace::{self, thread_name, Action, Drawing, Order};

/// Every execution of `lesson`'s `variant` under loom, drawn: one drawing
/// per shape (executions of one shape are drawn alike).
fn drawings(lesson: Lesson, variant: Variant) -> Vec<Drawing> {
    endings(lesson, variant)
        .into_iter()
        .map(|(_, drawing)| drawing)
        .collect()
}

/// As [`drawings`], each with what its threads saw.
fn endings(lesson: Lesson, variant: Variant) -> Vec<(Observed, Drawing)> {
    let found = Arc::new(Mutex::new((HashSet::new(), Vec::new())));
    let into = Arc::clone(&found);
    let explored = explore_loom_within(lesson.loom_preemptions(), Budget::default(), move || {
        trace::start();
        let observed = lesson.run::<Loom>(variant);
        let trace = trace::finish();
        let mut found = into.lock().unwrap_or_else(PoisonError::into_inner);
        if found.0.insert(trace.shape()) {
            found.1.push((observed, Drawing::new(&trace)));
        }
    });
    assert!(!explored.stopped);
    let endings = std::mem::take(&mut found.lock().unwrap_or_else(PoisonError::into_inner).1);
    endings
}

#[test]
fn each_deadlock_note_names_a_cycle_the_drawing_shows() {
    for lesson in [Lesson::Deadlock, Lesson::BankTransfer] {
        let mut deadlocks = 0;
        for drawing in drawings(lesson, Variant::Buggy) {
            let trace = &drawing.trace;
            let steps = trace.steps();
            let Some(at) = steps
                .iter()
                .position(|step| matches!(step.action, Action::Deadlock { .. }))
            else {
                continue;
            };
            deadlocks += 1;
            let Action::Deadlock { wants } = steps[at].action else {
                unreachable!()
            };
            let me = steps[at].thread;
            let other = trace.holder(at, wants).expect("the lock asked for is held");
            assert_ne!(other, me);
            // The holder is waiting, in the drawn order, for a lock `me` holds.
            let waits_for = steps[..at]
                .iter()
                .rev()
                .find(|step| step.thread == other)
                .and_then(|step| match step.action {
                    Action::Waits { lock } => Some(lock),
                    _ => None,
                })
                .expect("the holder's last step drawn is a wait");
            assert_eq!(trace.holder(at, waits_for), Some(me));
            let cycle = format!(
                "{} asks for {}, held by {}, which waits for {}, held by {}",
                thread_name(me),
                trace.place_name(wants),
                thread_name(other),
                trace.place_name(waits_for),
                thread_name(me)
            );
            let notes = drawing.notes().join("\n");
            assert!(notes.contains(&cycle), "{lesson}: {cycle}\n{notes}");
        }
        assert!(deadlocks > 0, "{lesson}: loom reaches the deadlock");
    }
}

#[test]
fn each_lost_wakeup_note_names_a_notify_the_drawing_shows_before_the_wait() {
    for variant in [Variant::Buggy, Variant::Stronger] {
        let mut lost = 0;
        for drawing in drawings(Lesson::LostWakeup, variant) {
            let trace = &drawing.trace;
            let steps = trace.steps();
            let Some(at) = steps
                .iter()
                .position(|step| matches!(step.action, Action::WaitsForever { .. }))
            else {
                continue;
            };
            lost += 1;
            let me = steps[at].thread;
            let wait = steps[..at]
                .iter()
                .rposition(|step| step.thread == me && matches!(step.action, Action::Wait { .. }))
                .expect("the waiter began to wait");
            let notifies: Vec<usize> = (0..steps.len())
                .filter(|&i| matches!(steps[i].action, Action::Notify { .. }))
                .collect();
            // Every notify is drawn before the wait began: none could wake it.
            assert!(notifies.iter().all(|&n| n < wait), "{variant:?}");
            let notes = drawing.notes().join("\n");
            if let [only] = notifies[..] {
                let said = format!(
                    "The only notify, {}'s at step {}, came before {} began to wait at step {}",
                    thread_name(steps[only].thread),
                    drawing.number(only),
                    thread_name(me),
                    drawing.number(wait)
                );
                assert!(notes.contains(&said), "{variant:?}: {said}\n{notes}");
            }
        }
        assert!(lost > 0, "{variant:?}: loom reaches the lost wakeup");
    }
}

#[test]
fn a_reason_for_weak_memory_is_found_exactly_where_no_interleaving_explains() {
    // Two computations meet here: the search for an interleaving (the
    // drawing's order) and the patterns of reads that rule one out
    // (`trace::weak`). Over every execution of every version, they agree.
    let mut weak = 0;
    // The deadlock lesson shares only locks, and reads no value for weak
    // memory to change; its back-off version alone is 50,349 executions.
    for lesson in Lesson::ALL.into_iter().filter(|&l| l != Lesson::Deadlock) {
        for &(variant, name, _) in lesson.variants() {
            for drawing in drawings(lesson, variant) {
                let reason = drawing.why_weak();
                let no_interleaving = drawing.order == Order::WeakMemory;
                assert_eq!(
                    reason.is_some(),
                    no_interleaving,
                    "{lesson} --variant {name}: {reason:?}\n{}",
                    racelab::trace::render::text(&drawing, "", &[])
                );
                weak += usize::from(no_interleaving);
            }
        }
    }
    // Message passing and lazy publication (seen, then missed), and store
    // buffering under Relaxed and under Release/Acquire (both missed).
    assert!(weak >= 4, "only {weak} weak-memory shapes");
}

#[test]
fn the_audit_sentence_says_which_writes_its_reads_returned_in_every_execution() {
    let mut wrong = 0;
    for (observed, drawing) in endings(Lesson::BankAudit, Variant::Buggy) {
        let said = bank::audit_reads(&drawing);
        match observed.get("audit") {
            Some(200) => assert_eq!(said, None, "{observed}"),
            Some(190) => {
                wrong += 1;
                let said = said.expect("a sentence for 190");
                assert!(said.contains("A at step") && said.contains("after T1's debit"));
                assert!(said.contains("before T1's credit") && said.contains("neither account"));
            }
            Some(210) => {
                wrong += 1;
                let said = said.expect("a sentence for 210");
                assert!(said.contains("before T1's debit") && said.contains("after T1's credit"));
                assert!(said.contains("counted the 10 twice"), "{said}");
            }
            other => panic!("an audit of {other:?}"),
        }
    }
    assert!(wrong > 0, "loom reaches a wrong audit");
}

#[test]
fn a_stolen_wakeup_is_marked_exactly_where_the_waiter_took_from_empty() {
    for variant in [Variant::Buggy, Variant::Fixed] {
        let mut stolen = 0;
        for (observed, drawing) in endings(Lesson::StolenWakeup, variant) {
            let notes = drawing.notes().join("\n");
            let marked = notes.contains("must look again");
            let took_from_empty = observed.get("T1 took from empty") == Some(1);
            if variant == Variant::Buggy {
                // Waiting once, T1 takes from empty exactly when another
                // thread's write came between the notify and its wake-up.
                assert_eq!(marked, took_from_empty, "{observed}\n{notes}");
            } else {
                // Waiting in a loop, T1 looks again: a stolen wakeup costs
                // it another wait, never an item.
                assert!(!took_from_empty, "{observed}");
            }
            stolen += usize::from(marked);
        }
        assert!(stolen > 0, "{variant:?}: loom reaches a stolen wakeup");
    }
}

#[test]
fn the_lazy_init_sentence_holds_in_every_execution_that_made_it_twice() {
    // "Both threads found the instance unmade, so each made one."
    let mut twice = 0;
    for (observed, drawing) in endings(Lesson::LazyInit, Variant::Buggy) {
        if observed.get("made") != Some(2) {
            continue;
        }
        twice += 1;
        let trace = &drawing.trace;
        let steps = trace.steps();
        let instance = |action: Action| {
            action
                .read()
                .or(action.written())
                .is_some_and(|(location, _)| trace.place_name(location) == "instance")
        };
        for thread in [1, 2] {
            let read = (0..steps.len())
                .find(|&i| {
                    steps[i].thread == thread
                        && matches!(steps[i].action, Action::Read { .. })
                        && instance(steps[i].action)
                })
                .expect("each thread reads the instance");
            let saw = drawing.marks.reads_from[read].expect("the read saw a write");
            assert!(
                matches!(steps[saw].action, Action::New { .. }),
                "{}: found it unmade",
                thread_name(thread)
            );
            assert!(
                steps.iter().any(|step| step.thread == thread
                    && matches!(step.action, Action::Write { .. })
                    && instance(step.action)),
                "{}: made one",
                thread_name(thread)
            );
        }
    }
    assert!(twice > 0, "loom reaches made = 2");
}
