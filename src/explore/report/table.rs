//! The heading, the outcome table and the sentences about it: what was
//! found, how far the search went, and what that proves.

use crate::explore::report::{counted, grouped, plural, Hint, Line, Row};
use crate::explore::{Comparison, Exploration, Search};
use crate::scenario::Observed;
use crate::sync::Engine;
use crate::trace::analysis::referee::Axiom;
use crate::trace::Order;

/// What ran, on which engine, how far.
pub(super) fn heading(exploration: &Exploration) -> Vec<String> {
    let program = exploration.program;
    let first = format!(
        "{}. {program}: {}",
        program.about().number,
        program.variant().what
    );
    let size = if program.about().sized {
        format!(
            "{} × {}, ",
            plural(program.size.threads as u64, "thread"),
            plural(program.size.increments, "increment")
        )
    } else {
        String::new()
    };
    let ran = counted(exploration.executions, exploration.engine.unit());
    let second = format!(
        "{size}on {}: {} ({ran} in {:.1?})",
        exploration.engine,
        search_words(exploration),
        exploration.elapsed
    );
    vec![first, second]
}

/// How far the search went, in a few words.
fn search_words(exploration: &Exploration) -> String {
    match exploration.search() {
        // loom's search is complete by its own model, which has known gaps
        // (the report names a behaviour shuttle-dfs found and loom missed).
        Search::Complete if exploration.engine == Engine::Loom => {
            let skipped = exploration
                .comparison
                .as_ref()
                .is_some_and(|c| !c.missed_here.is_empty());
            if skipped {
                "its search, run to the end, yet skipping some behaviours that shuttle-dfs found"
                    .to_string()
            } else {
                "its search, run to the end".to_string()
            }
        }
        Search::Complete => "every interleaving of its steps".to_string(),
        Search::Bounded(bound) => format!(
            "its search bounded at {}, counted its own way",
            plural(bound as u64, "preemption")
        ),
        Search::Stopped => "stopped at its limit: a sample, not a proof".to_string(),
        Search::Sampled => "a sample, not a proof".to_string(),
    }
}

/// One row per outcome: the correct first, then the wrong, each in the
/// scenario's order. An outcome only the other engine reached gets a row
/// too, counted 0 here, so that the table shows every ending found.
pub(super) fn rows(exploration: &Exploration) -> Vec<Row> {
    let program = exploration.program;
    let elsewhere = |observed: &Observed| {
        exploration
            .comparison
            .iter()
            .flat_map(|c| &c.missed_here)
            .filter(|b| &b.observed == observed)
            .count()
    };
    let mut outcomes: Vec<&Observed> = exploration.outcomes.keys().collect();
    for behaviour in exploration.comparison.iter().flat_map(|c| &c.missed_here) {
        if !outcomes.contains(&&behaviour.observed) {
            outcomes.push(&behaviour.observed);
        }
    }
    outcomes.sort();
    if program.about().highest_first {
        outcomes.reverse();
    }
    outcomes.sort_by_key(|observed| !exploration.correct(observed));
    outcomes
        .into_iter()
        .map(|observed| {
            let correct = exploration.correct(observed);
            let mut meaning = program.meaning(observed);
            if !correct {
                if let Some(p) = exploration.fewest(observed) {
                    meaning.push_str(&format!("; {}", fewest_words(exploration, p)));
                }
            }
            if exploration.engine.records() && exploration.weak_memory_only(observed) {
                meaning.push_str("; only under weak memory");
            }
            let count = exploration.outcomes.get(observed).map_or(0, |outcome| {
                if exploration.engine.records() {
                    outcome.behaviours
                } else {
                    outcome.executions
                }
            });
            if let (n @ 1.., Some(c)) = (elsewhere(observed), &exploration.comparison) {
                let (this, other) = (exploration.engine.name(), c.other.name());
                if count == 0 {
                    // Said first: the 0 counts this engine's, not the ending's odds.
                    meaning.insert_str(
                        0,
                        &format!("{this} never reached it, {other} did ({n}, below): "),
                    );
                } else {
                    meaning.push_str(&format!(
                        "; {other} found {n} more that {this} skipped (below)"
                    ));
                }
            }
            Row {
                outcome: program.outcome(observed),
                count,
                grade: if correct {
                    "correct"
                } else {
                    program.about().wrong
                },
                meaning,
            }
        })
        .collect()
}

/// How few preemptions an outcome takes, qualified by how far the search
/// went: only a complete search says "needs".
fn fewest_words(exploration: &Exploration, preemptions: usize) -> String {
    let p = plural(preemptions as u64, "preemption");
    match exploration.search() {
        Search::Complete => format!("needs {p}"),
        Search::Bounded(_) => format!("{p}, the fewest within the bound"),
        Search::Stopped => format!("{p}, the fewest so far"),
        Search::Sampled => format!("{p}, the fewest in these runs"),
    }
}

/// The sentences under the table.
pub(super) fn under(exploration: &Exploration) -> Vec<Line> {
    let mut lines = vec![found(exploration)];
    if exploration.engine.records() {
        lines.push(ran(exploration));
    }
    lines.extend(found_with_others(exploration));
    if let Search::Bounded(bound) = exploration.search() {
        lines.push(Line::Text(format!(
            "The search tried only runs with at most {}, by its own count: a behaviour that \
             needs more is not among these. loom and shuttle-dfs count preemptions at \
             different points, so within the same bound the two may find different behaviours.",
            plural(bound as u64, "preemption")
        )));
    }
    if exploration.engine == Engine::Loom && exploration.counted() > 0 {
        lines.push(weak(exploration));
    }
    if exploration.forbidden.executions > 0 {
        lines.extend(forbidden(exploration));
    }
    lines.extend(compared(exploration));
    if exploration.is_sequential() && exploration.executions > 0 {
        lines.extend(sequential(exploration));
    }
    lines
}

/// How many behaviours, and how many of them break the contract.
fn found(exploration: &Exploration) -> Line {
    let contract = exploration.program.contract();
    let wrong: Vec<_> = exploration.wrong();
    if !exploration.engine.records() {
        let broke: usize = wrong
            .iter()
            .map(|observed| exploration.outcomes[*observed].executions)
            .sum();
        return Line::Text(format!(
            "{} of {} on this machine broke the contract ({contract}). The runs column counts \
             what this machine did: its processor and its load decide it, so the counts are not \
             the odds on another machine.",
            grouped(broke as u64),
            counted(exploration.counted(), "run"),
        ));
    }
    let breaking: usize = wrong
        .iter()
        .map(|observed| exploration.outcomes[*observed].behaviours)
        .sum();
    let all = exploration.behaviours();
    Line::Text(format!(
        "Found {}: {} {} the contract ({contract}), and {} {} it. A behaviour is one way a \
         run can go: each thread's steps, and which write each read returned.",
        counted(all, "behaviour"),
        grouped((all - breaking) as u64),
        if all - breaking == 1 { "keeps" } else { "keep" },
        grouped(breaking as u64),
        if breaking == 1 { "breaks" } else { "break" },
    ))
}

/// The behaviours in all, once those the other engine found and this one
/// skipped are added.
fn found_with_others(exploration: &Exploration) -> Option<Line> {
    let comparison = exploration.comparison.as_ref()?;
    let skipped = &comparison.missed_here;
    if skipped.is_empty() {
        return None;
    }
    let broke = |wrong: bool| {
        exploration
            .outcomes
            .iter()
            .filter(|(observed, _)| exploration.correct(observed) != wrong)
            .map(|(_, outcome)| outcome.behaviours)
            .sum::<usize>()
            + skipped
                .iter()
                .filter(|b| exploration.correct(&b.observed) != wrong)
                .count()
    };
    let (keep, break_) = (broke(false), broke(true));
    Some(Line::Text(format!(
        "With the {} that {} found and {} skipped, the two engines found {} between them: {} \
         {} the contract and {} {} it.",
        counted(skipped.len(), "behaviour"),
        comparison.other.name(),
        exploration.engine.name(),
        grouped((keep + break_) as u64),
        grouped(keep as u64),
        if keep == 1 { "keeps" } else { "keep" },
        grouped(break_ as u64),
        if break_ == 1 { "breaks" } else { "break" },
    )))
}

/// How much work the engine did to find them.
fn ran(exploration: &Exploration) -> Line {
    let engine = &exploration.engine;
    let why = match engine {
        Engine::Loom => {
            "it also runs orders of steps that no read can tell apart, and those are one \
             behaviour"
        }
        Engine::Shuttle(crate::sync::ShuttleScheduler::Dfs)
            if !exploration.program.records_all_sharing() =>
        {
            "one for each sequence of shuttle's choices of thread, those inside locks that \
             record nothing among them, so many schedules are one behaviour"
        }
        Engine::Shuttle(crate::sync::ShuttleScheduler::Dfs)
            if matches!(exploration.search(), Search::Bounded(_)) =>
        {
            "one for each order of the recorded steps (main's spawns, joins and reads among \
             them) within its bound, and orders that no read can tell apart are one behaviour"
        }
        Engine::Shuttle(crate::sync::ShuttleScheduler::Dfs) => {
            "one for each order of the recorded steps (main's spawns, joins and reads among \
             them), and orders that no read can tell apart are one behaviour"
        }
        _ => "each one schedule drawn at random, so the same behaviour may come up many times",
    };
    Line::Text(format!(
        "{} ran {} to find them: {why}.",
        engine.name(),
        counted(exploration.counted(), engine.unit()),
    ))
}

/// Whether any execution needs weak memory.
fn weak(exploration: &Exploration) -> Line {
    let weak: usize = exploration.outcomes.values().map(|o| o.weak_memory).sum();
    let unexplained: usize = exploration.outcomes.values().map(|o| o.unexplained).sum();
    let mut line = if weak == 0 {
        "An interleaving of whole steps explains every one of them: none needs weak memory."
            .to_string()
    } else {
        let behaviours: usize = exploration
            .outcomes
            .values()
            .filter(|o| o.weak_memory > 0)
            .map(|o| o.behaviours.min(o.weak_memory))
            .sum();
        let (them, need) = if behaviours == 1 {
            ("that behaviour", "needs")
        } else {
            ("those behaviours", "need")
        };
        format!(
            "No interleaving explains {} of these executions ({}), yet the memory model \
             allows them: {them} {need} weak memory.",
            grouped(weak as u64),
            counted(behaviours, "behaviour"),
        )
    };
    if unexplained > 0 {
        line.push_str(&format!(
            " The searches gave up on {} more.",
            counted(unexplained, "execution")
        ));
    }
    Line::Text(line)
}

/// What the other exhaustive engine found, where the two should agree: the
/// behaviours one of them missed, each named.
fn compared(exploration: &Exploration) -> Vec<Line> {
    let Some(comparison) = &exploration.comparison else {
        return Vec::new();
    };
    let (this, other) = (exploration.engine.name(), comparison.other.name());
    if comparison.agree() {
        return vec![Line::Text(agreed(exploration, comparison))];
    }
    let gaps = |engine: &str| {
        if engine == "loom" {
            " (loom's search has known gaps: loom issues 166 and 392)"
        } else {
            ""
        }
    };
    let mut lines = Vec::new();
    let missed = &comparison.missed_here;
    if !missed.is_empty() {
        lines.push(Line::Text(format!(
            "{other}, run too, found {} that {this} skipped{}; the table marks {} but counts \
             only {this}'s:",
            counted(missed.len(), "behaviour"),
            gaps(this),
            them(missed.len()),
        )));
        lines.extend(named(exploration, missed));
    }
    let missed = &comparison.missed_there;
    if !missed.is_empty() {
        lines.push(Line::Text(format!(
            "{other}, run too, skipped {} of the behaviours above{}:",
            grouped(missed.len() as u64),
            gaps(other),
        )));
        lines.extend(named(exploration, missed));
    }
    lines
}

/// What the other engine agrees on: every behaviour, or every one that an
/// interleaving explains, where loom also found weak memory.
fn agreed(exploration: &Exploration, comparison: &Comparison) -> String {
    let other = comparison.other.name();
    let same = exploration
        .behaviour_shapes()
        .filter(|(_, b)| matches!(b.drawing.order, Order::Interleaving { .. }))
        .count();
    let here_more = exploration.behaviours().saturating_sub(same);
    let there_more = comparison.behaviours.saturating_sub(same);
    if here_more == 0 && there_more == 0 {
        return format!(
            "{other}, run too, finds the same {}.",
            counted(same, "behaviour")
        );
    }
    let mut words = format!(
        "{other}, run too, finds the same {} that an interleaving explains",
        counted(same, "behaviour")
    );
    let need = |n: usize| if n == 1 { "needs" } else { "need" };
    if here_more > 0 {
        words.push_str(&format!(
            "; {other} cannot reach the other {here_more}, which {} weak memory",
            need(here_more)
        ));
    }
    if there_more > 0 {
        words.push_str(&format!(
            ", and {there_more} more that {} weak memory",
            need(there_more)
        ));
    }
    words.push('.');
    words
}

/// An outcome as a sentence names it: `count = 2`, `winners = 1`.
fn ending(exploration: &Exploration, observed: &crate::scenario::Observed) -> String {
    let outcome = exploration.program.outcome(observed);
    if outcome.contains('=') {
        outcome
    } else {
        format!("{} = {outcome}", exploration.program.about().outcome)
    }
}

fn them(n: usize) -> &'static str {
    if n == 1 {
        "it"
    } else {
        "them"
    }
}

/// The first few of `behaviours`, each in a line, and how many more there
/// are.
fn named(exploration: &Exploration, behaviours: &[crate::explore::Behaviour]) -> Vec<Line> {
    const SHOWN: usize = 3;
    let mut lines: Vec<Line> = behaviours
        .iter()
        .take(SHOWN)
        .map(|behaviour| {
            Line::Text(format!(
                "Ending {}: {}",
                ending(exploration, &behaviour.observed),
                crate::trace::words::behaviour(&behaviour.drawing.trace)
            ))
        })
        .collect();
    if behaviours.len() > SHOWN {
        lines.push(Line::Text(format!(
            "… and {} more.",
            grouped((behaviours.len() - SHOWN) as u64)
        )));
    }
    lines
}

/// The executions the memory model forbids: counted apart, with loom's
/// issues and how to see one.
fn forbidden(exploration: &Exploration) -> Vec<Line> {
    let forbidden = &exploration.forbidden;
    let axioms: Vec<&str> = forbidden.axioms.keys().map(|a| a.name()).collect();
    let issues = if forbidden.axioms.contains_key(&Axiom::SequentialConsistency) {
        "loom treats SeqCst loads and stores as Acquire and Release: loom issue 180"
    } else {
        "loom's histories break coherence now and then: loom issues 254 and 389 report related \
         ones"
    };
    vec![
        Line::Text(format!(
            "{} also ran {} that the memory model forbids ({}): no program can behave so, and \
             they are not counted above ({issues}).",
            exploration.engine.name(),
            counted(forbidden.executions, "execution"),
            axioms.join(", ")
        )),
        Line::Hint(
            "Draw one:",
            Hint::ShowForbidden {
                program: exploration.program,
            },
        ),
    ]
}

/// On a sequentially consistent machine: whether its search covers weak
/// memory too, decided by what the program shares.
fn sequential(exploration: &Exploration) -> Vec<Line> {
    let sharing = &exploration.sharing;
    let program = exploration.program;
    let run_on_loom = Line::Hint(
        "Run it:",
        Hint::Explore {
            program,
            engine: Engine::Loom,
        },
    );
    if !program.records_all_sharing() {
        return vec![
            Line::Text(
                "The threads also share state that racelab does not record, so what it \
                 records cannot tell whether weak memory adds outcomes here \
                 to those of this sequentially consistent machine. loom runs all of the code \
                 on its weak memory model:"
                    .to_string(),
            ),
            run_on_loom,
        ];
    }
    if sharing.one_location() {
        let what = match sharing.names.first() {
            Some(name) => format!("one location, {name},"),
            None => "nothing".to_string(),
        };
        return vec![Line::Text(format!(
            "The threads share {what} and no lock: coherence gives a location one order of \
             writes that every thread follows, so weak memory adds no outcome here to those of \
             a sequentially consistent machine, the one this engine searches."
        ))];
    }
    if sharing.race_free() {
        return vec![Line::Text(
            "Every two accesses of different threads to one location, one of them a write, are \
             ordered (by a lock, a spawn, a join, or an Acquire load that read a Release store) \
             or both SeqCst: by \
             the DRF-SC theorem, every execution on weak memory is then sequentially \
             consistent, so weak memory adds no outcome to those of the sequentially \
             consistent machine this engine searches."
                .to_string(),
        )];
    }
    if sharing.plain_race {
        return vec![Line::Text(
            "Nothing orders two threads' accesses to plain, non-atomic memory: that is a data \
             race, undefined behaviour, which no memory model gives outcomes to, weak or \
             sequentially consistent. racelab's own happens-before check names the race, on \
             this engine as on loom."
                .to_string(),
        )];
    }
    vec![
        Line::Text(format!(
            "The threads share {} with accesses that nothing orders, so weak memory may reach \
             outcomes that no interleaving does: a sequentially consistent machine cannot show \
             them. loom can:",
            and_list(&sharing.names)
        )),
        run_on_loom,
    ]
}

/// The closing sentences when no outcome breaks the contract: what the
/// table proves, or does not.
pub(super) fn verdict(exploration: &Exploration) -> Vec<Line> {
    if !exploration.wrong().is_empty() {
        return Vec::new();
    }
    if exploration.counted() == 0 {
        return vec![Line::Text("No execution was counted.".to_string())];
    }
    let program = exploration.program;
    if let Some(missed) = exploration.wrong_elsewhere().first() {
        return vec![Line::Text(format!(
            "No execution {} ran breaks the contract, but {} found one it skipped ({}): the \
             program is wrong.",
            exploration.engine.name(),
            exploration
                .comparison
                .as_ref()
                .map_or("the other engine", |c| c.other.name()),
            program.outcome(&missed.observed)
        ))];
    }
    let mut lines = match (&exploration.engine, exploration.search()) {
        (Engine::Threads { .. }, _) => threads_verdict(exploration),
        (Engine::Loom, Search::Complete) => vec![Line::Text(loom_clean(exploration))],
        (Engine::Loom, Search::Bounded(bound)) => vec![Line::Text(format!(
            "Every execution with at most {} keeps the contract. loom searched no further (its \
             full search of this program does not end in reasonable time), so this is evidence \
             up to that bound, on loom's model, not a proof.",
            plural(bound as u64, "preemption")
        ))],
        (Engine::Shuttle(_), Search::Complete)
            if exploration.sharing.sequential_is_enough() && program.records_all_sharing() =>
        {
            vec![Line::Text(
                "Every interleaving keeps the contract, and as said above that covers weak memory \
                 too: for this program, a proof, as far as the search is complete."
                    .to_string(),
            )]
        }
        (Engine::Shuttle(_), Search::Complete) => vec![Line::Text(
            "Every interleaving keeps the contract on a sequentially consistent machine; as said \
             above, that proves nothing about weak memory."
                .to_string(),
        )],
        (Engine::Shuttle(_), Search::Bounded(bound)) => vec![Line::Text(format!(
            "Every interleaving with at most {} (counted shuttle-dfs's way) keeps the \
             contract on a sequentially consistent machine. The search went no further, so this \
             is a proof up to that bound, not for every interleaving.",
            plural(bound as u64, "preemption")
        ))],
        _ => vec![Line::Text(
            "No execution explored broke the contract; the search was not complete, so this \
             proves nothing: a bug may lie in the executions it did not reach."
                .to_string(),
        )],
    };
    let model = program.about().model;
    if !model.is_empty() && exploration.engine.records() {
        lines.push(Line::Text(model.to_string()));
    }
    lines
}

/// loom's search, run to the end, found nothing wrong: what that shows. A
/// proof comes from shuttle-dfs, run beside it, where weak memory cannot
/// matter; elsewhere loom's clean run is evidence (its search has gaps).
fn loom_clean(exploration: &Exploration) -> String {
    // A comparison is made only when shuttle-dfs's search ran to the end,
    // and a wrong behaviour it found was reported before this is called.
    let shuttle_finished = exploration.comparison.is_some();
    let covered =
        exploration.sharing.sequential_is_enough() && exploration.program.records_all_sharing();
    if shuttle_finished && covered {
        "Every execution keeps the contract, and so does every behaviour shuttle-dfs, run too, \
         found. shuttle-dfs's search, run to the end, proves it for this size on a sequentially \
         consistent machine, and for this program that covers weak memory too."
            .to_string()
    } else {
        "Every execution loom reached keeps the contract: on loom's model of memory (which \
         leaves out load buffering, and whose search has known gaps), that is evidence, not a \
         proof."
            .to_string()
    }
}

/// On real threads no run broke the contract: what that does not prove,
/// and what loom says.
fn threads_verdict(exploration: &Exploration) -> Vec<Line> {
    let program = exploration.program;
    let see = |label| {
        Line::Hint(
            label,
            Hint::Explore {
                program,
                engine: Engine::Loom,
            },
        )
    };
    let Some(check) = exploration.loom_check else {
        return vec![
            Line::Text(
                "No run broke the contract. Runs on real threads prove nothing either way."
                    .to_string(),
            ),
            see("Ask loom:"),
        ];
    };
    let mut words = String::from("No run broke the contract here");
    match (check.wrong, check.search) {
        (0, Search::Complete) => words.push_str(
            ". Runs on real threads prove nothing either way; loom finds no execution that \
             breaks it: on loom's model of memory, a proof, as far as its search is complete.",
        ),
        (0, Search::Bounded(bound)) => words.push_str(&format!(
            ", and loom found none either among the executions with at most {}: neither \
             proves it.",
            plural(bound as u64, "preemption")
        )),
        (0, _) => words.push_str(
            ", and loom's search, stopped at its time limit, found none either: neither proves \
             it.",
        ),
        (wrong, _) if check.weak_only => {
            words.push_str(&format!(
                ", yet loom finds {} that {} it, {}only under weak memory: whether this \
                 machine shows it depends on its processor and on what the compiler made of \
                 the program, not only on timing.",
                counted(wrong, "behaviour"),
                if wrong == 1 { "breaks" } else { "break" },
                if wrong == 1 { "" } else { "each " },
            ));
            if check.seen_then_missed && cfg!(any(target_arch = "x86", target_arch = "x86_64")) {
                words.push_str(
                    " This is an x86 processor, which keeps each thread's stores in order and \
                     its loads in order; the bug needs one of those pairs reordered, so here \
                     only the compiler could reorder them, as the memory model allows it to.",
                );
            }
        }
        (wrong, _) => words.push_str(&format!(
            ", yet loom finds {} that {} it: whether real threads hit one depends on timing, \
             and these runs did not.",
            counted(wrong, "behaviour"),
            if wrong == 1 { "breaks" } else { "break" },
        )),
    }
    let label = if check.wrong > 0 {
        "See it:"
    } else {
        "loom's search:"
    };
    vec![Line::Text(words), see(label)]
}

/// `a`, `a and b`, `a, b and c`.
pub(super) fn and_list(items: &[&str]) -> String {
    match items {
        [] => "nothing".to_string(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
