//! The notes under a drawing, checked over every execution loom explores:
//! the deadlock and lost-wakeup notes, and whom each notify woke, name what
//! the drawn order really shows, and the reason a weak-memory execution is
//! no interleaving is found exactly where the search for an interleaving
//! finds none.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

mod common;

use common::{counter, program, rc11};
use racelab::scenario::{self, Checker, Observed, Program, Size};
use racelab::sync::{explore_loom_within, Budget};
use racelab::trace::{self, thread_name, Action, Drawing, Order};

/// Every execution of `subject` under loom, drawn: one drawing per shape
/// (executions of one shape are drawn alike).
fn drawings(subject: Program) -> Vec<Drawing> {
    endings(subject)
        .into_iter()
        .map(|(_, drawing)| drawing)
        .collect()
}

/// As [`drawings`], each with what its threads saw.
fn endings(subject: Program) -> Vec<(Observed, Drawing)> {
    let found = Arc::new(Mutex::new((HashSet::new(), Vec::new())));
    let into = Arc::clone(&found);
    let explored = explore_loom_within(subject.loom_preemptions(), Budget::default(), move || {
        trace::start();
        let observed = subject.run(Checker::Loom);
        let trace = trace::finish();
        let mut found = into.lock().unwrap_or_else(PoisonError::into_inner);
        if found.0.insert(trace.shape()) {
            found.1.push((observed, Drawing::new(&trace)));
        }
    });
    assert!(!explored.stopped);
    std::mem::take(&mut found.lock().unwrap_or_else(PoisonError::into_inner).1)
}

#[test]
fn each_deadlock_note_names_a_cycle_the_drawing_shows() {
    for lesson in ["deadlock", "bank-transfer"] {
        let mut deadlocks = 0;
        for drawing in drawings(program(lesson, None)) {
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
    let mut lost_notifies = 0;
    for variant in ["bare-wait", "check-outside"] {
        let mut lost = 0;
        for drawing in drawings(program("lost-wakeup", Some(variant))) {
            lost_notifies += notifies_as_drawn(&drawing).1;
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
    assert!(lost_notifies > 0, "a notify with nobody waiting is drawn");
}

/// The threads waiting on `signal` just before step `at`, read from the
/// drawn order alone: each began a wait that no notify, wake-up or giving
/// up has ended since.
fn waiting_before(steps: &[trace::Step], at: usize, signal: trace::Location) -> u32 {
    let mut waiting = 0u32;
    for step in &steps[..at] {
        match step.action {
            Action::Wait { signal: s, .. } if s == signal => waiting |= 1 << step.thread,
            Action::Notify { signal: s, .. } if s == signal => waiting = 0,
            Action::Woken { signal: s, .. } | Action::WaitsForever { signal: s } if s == signal => {
                waiting &= !(1 << step.thread)
            }
            _ => {}
        }
    }
    waiting
}

/// Checks that each notify in `drawing` woke exactly the threads the
/// drawn order shows waiting (a drawn "notify (wakes T1)" is what the
/// condition variable did); returns how many woke someone, and how many
/// were lost.
fn notifies_as_drawn(drawing: &Drawing) -> (usize, usize) {
    let steps = drawing.trace.steps();
    let (mut woke_someone, mut lost) = (0, 0);
    for (at, step) in steps.iter().enumerate() {
        if let Action::Notify { signal, woke } = step.action {
            assert_eq!(woke, waiting_before(steps, at, signal), "{step:?}");
            if woke == 0 {
                lost += 1;
            } else {
                woke_someone += 1;
            }
        }
    }
    (woke_someone, lost)
}

#[test]
fn a_reason_for_weak_memory_is_found_exactly_where_no_interleaving_explains() {
    // Two computations meet here: the search for an interleaving (the
    // drawing's order) and the patterns of reads that rule one out
    // (`trace::weak`). Over every execution of every version, they agree.
    let mut weak = 0;
    // The deadlock lesson shares only locks, and reads no value for weak
    // memory to change; its back-off version alone is 50,349 executions.
    let catalogue = scenario::ALL
        .iter()
        .filter(|s| s.about().number.starts_with("9.") && s.about().name != "deadlock");
    for &lesson in catalogue {
        for (version, variant) in lesson.variants().iter().enumerate() {
            let name = variant.name;
            let subject = Program {
                scenario: lesson,
                version,
                size: Size::SMALLEST,
            };
            let lesson = lesson.about().name;
            for drawing in drawings(subject) {
                let reason = drawing.why_weak();
                // Weak memory, or what loom produced that the model forbids
                // (SeqCst accesses, loom issue 180): no interleaving either way.
                let no_interleaving = matches!(drawing.order, Order::WeakMemory | Order::Forbidden);
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
    let audit = program("bank-audit", None);
    for (observed, drawing) in endings(audit) {
        let said = audit
            .notes(&observed, &drawing)
            .marked
            .pop()
            .map(|(_, line)| line);
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
    let mut woke_someone = 0;
    for variant in ["if-wait", "wait-while"] {
        let mut stolen = 0;
        let subject = program("stolen-wakeup", Some(variant));
        for (observed, drawing) in endings(subject) {
            woke_someone += notifies_as_drawn(&drawing).0;
            let notes = subject.notes(&observed, &drawing);
            let said: Vec<&str> = notes.marked.iter().map(|(_, line)| line.as_str()).collect();
            let marked = said.join("\n").contains("must look again");
            assert_eq!(marked, !notes.marked.is_empty(), "{observed}");
            let took_from_empty = observed.get("T1 took from empty") == Some(1);
            if variant == "if-wait" {
                // Waiting once, T1 takes from empty exactly when another
                // thread's write came between the notify and its wake-up.
                assert_eq!(marked, took_from_empty, "{observed}\n{notes:?}");
            } else {
                // Waiting in a loop, T1 looks again: a stolen wakeup costs
                // it another wait, never an item.
                assert!(!took_from_empty, "{observed}");
            }
            stolen += usize::from(marked);
        }
        assert!(stolen > 0, "{variant:?}: loom reaches a stolen wakeup");
    }
    assert!(woke_someone > 0, "a notify that wakes a waiter is drawn");
}

#[test]
fn the_lazy_init_sentence_holds_in_every_execution_that_made_it_twice() {
    // "Both threads found the instance unmade, so each made one."
    let mut twice = 0;
    for (observed, drawing) in endings(program("lazy-init", None)) {
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

/// "in this run happens-before orders any two accesses to it from
/// different threads: no data race" is said exactly where an independent
/// happens-before (`common::rc11`) finds no two unordered accesses to plain
/// memory, over every execution loom explores of the programs that share
/// plain memory.
#[test]
fn no_data_race_is_said_exactly_where_happens_before_orders_every_plain_access() {
    let mut plain_runs = 0;
    let mut races = 0;
    let subjects = [
        counter("split-lock", 2, 2),
        counter("mutex", 2, 2),
        counter("parking-lot", 2, 1),
        program("data-race", None),
        program("data-race", Some("mutex")),
        program("data-race", Some("release-acquire")),
    ];
    for subject in subjects {
        for drawing in drawings(subject) {
            let Some(places) = drawing.places_sentence() else {
                continue;
            };
            if !places.contains("plain memory") {
                continue;
            }
            plain_runs += 1;
            let race = rc11::has_data_race(&drawing.trace);
            races += usize::from(race);
            assert_eq!(
                places.contains("no data race"),
                !race,
                "{subject}: {places}"
            );
            assert_eq!(drawing.marks.race.is_some(), race, "{subject}: {places}");
        }
    }
    println!("{plain_runs} runs with plain memory, {races} with a data race");
    assert!(
        plain_runs > 10 && races > 0,
        "{plain_runs} runs, {races} races"
    );
}
