//! The witness of an outcome that breaks the contract: the execution that
//! shows it best, and the lines under its drawing.

use crate::explore::report::{counted, grouped, plural, Hint, Line, Shown};
use crate::explore::{Exploration, Search, Witness};
use crate::scenario::{Observed, Program};
use crate::sync::{Engine, ShuttleScheduler};
use crate::trace::{Drawing, Order};

/// The witness of `observed`, with everything said under it.
pub(super) fn shown(exploration: &Exploration, observed: &Observed) -> Shown {
    let program = exploration.program;
    let outcome = &exploration.outcomes[observed];
    let mut drawing = outcome.witness.drawing.clone();
    let notes = program.notes(observed, &drawing);
    drawing.marked.extend(notes.marked);
    let verdict = verdict(program, &drawing);
    let mut footer: Vec<Line> = notes.lines.into_iter().map(Line::Text).collect();
    footer.extend(drawing.places_sentence().map(Line::Text));
    footer.extend(order(
        exploration,
        observed,
        &outcome.witness,
        outcome.behaviours,
    ));
    footer.extend(origin(exploration, &outcome.witness));
    footer.extend(fix(program));
    Shown {
        headline: program.headline(observed),
        verdict,
        roles: program.roles(),
        code: program.variant().code,
        drawing,
        footer,
    }
}

/// One execution that the memory model forbids, drawn, with why.
pub(super) fn forbidden(exploration: &Exploration) -> Option<Shown> {
    let witness = exploration.forbidden.witness.as_ref()?;
    let program = exploration.program;
    let mut footer = vec![Line::Text(
        "How it is drawn: a thread at a time, switching as rarely as possible, each write \
         before the reads that return it. No order of whole steps explains it, and the memory model does not allow it either: loom produced \
         an execution that no program can have."
            .to_string(),
    )];
    footer.extend(origin(exploration, witness));
    Some(Shown {
        headline: format!(
            "forbidden by the memory model: {} produced it in error",
            exploration.engine.name()
        ),
        verdict: String::new(),
        roles: program.roles(),
        code: program.variant().code,
        drawing: witness.drawing.clone(),
        footer,
    })
}

/// The names of this engine and of the other, when the other engine's
/// complete search found behaviours that this one skipped.
fn skipped(exploration: &Exploration) -> Option<(&'static str, &'static str)> {
    let comparison = exploration.comparison.as_ref()?;
    (!comparison.missed_here.is_empty())
        .then(|| (exploration.engine.name(), comparison.other.name()))
}

/// How many of the behaviours that the other engine found and this one
/// skipped end as `observed`.
fn skipped_ending(exploration: &Exploration, observed: &Observed) -> usize {
    exploration.comparison.as_ref().map_or(0, |comparison| {
        comparison
            .missed_here
            .iter()
            .filter(|behaviour| &behaviour.observed == observed)
            .count()
    })
}

/// How the witness is drawn, and how few preemptions its outcome takes.
fn order(
    exploration: &Exploration,
    observed: &Observed,
    witness: &Witness,
    behaviours: usize,
) -> Vec<Line> {
    let drawing = &witness.drawing;
    match drawing.order {
        Order::Interleaving { preemptions } => {
            let p = plural(preemptions as u64, "preemption");
            let how = format!(
                "Drawn as the interleaving with the fewest preemptions that ends this way: {p}."
            );
            let fewest = exploration.fewest(observed).unwrap_or(preemptions);
            let claim = match exploration.search() {
                Search::Complete if fewest < preemptions => format!(
                    " A behaviour {} found and this search skipped needs only {}.",
                    exploration
                        .comparison
                        .as_ref()
                        .map_or("another engine", |c| c.other.name()),
                    fewest
                ),
                // The other engine's complete search found what this one
                // skipped, and none of it needs fewer (the arm above).
                Search::Complete if skipped_ending(exploration, observed) > 0 => {
                    let (here, there) = skipped(exploration).unwrap_or_default();
                    let reached = if behaviours == 1 {
                        format!("The one behaviour {here} reached that ends this way needs")
                    } else {
                        format!(
                            "Every one of the {behaviours} behaviours {here} reached that end \
                             this way needs"
                        )
                    };
                    let (also, ends) = match skipped_ending(exploration, observed) {
                        1 => ("so does the 1 behaviour".to_string(), "ends"),
                        n => (format!("so do the {n} behaviours"), "end"),
                    };
                    format!(
                        " {reached} at least that many, and {also} that {there} found, {here} \
                         skipped, and {ends} this way."
                    )
                }
                Search::Complete if behaviours == 1 => {
                    " It is the only behaviour that ends this way, so ending this way needs at least \
                     that many."
                        .to_string()
                }
                Search::Complete => format!(
                    " Every one of the {} that end this way needs at least that many.",
                    counted(behaviours, "behaviour")
                ),
                Search::Bounded(bound) => format!(
                    " That is the fewest among the executions with at most {}.",
                    plural(bound as u64, "preemption")
                ),
                Search::Stopped => " That is the fewest so far: the search stopped before the \
                                    end, and an execution it did not reach may need fewer."
                    .to_string(),
                Search::Sampled => " That is the fewest in these runs; only a complete \
                                    search shows the fewest it needs."
                    .to_string(),
            };
            vec![Line::Text(how + &claim)]
        }
        Order::WeakMemory => {
            let mut lines: Vec<Line> = drawing
                .why_weak()
                .unwrap_or_else(|| {
                    vec![
                        "No interleaving of whole steps explains this execution, and the memory \
                          model allows it: only weak memory gives it."
                            .to_string(),
                    ]
                })
                .into_iter()
                .map(Line::Text)
                .collect();
            lines.push(Line::Text(
                "How it is drawn: a thread at a time, switching as rarely as possible, each write \
                 before the reads that return it. The rows are not the order in which the writes \
                 reached the other thread, and there is no interleaving to count preemptions on."
                    .to_string(),
            ));
            lines
        }
        Order::Unexplained | Order::Played | Order::Ran { .. } | Order::Forbidden => {
            vec![Line::Text(
                "The search for an interleaving gave up: drawn in the order the engine ran it."
                    .to_string(),
            )]
        }
    }
}

/// Which run of the engine it was, and how to run it again.
fn origin(exploration: &Exploration, witness: &Witness) -> Vec<Line> {
    let program = exploration.program;
    let mut lines = vec![Line::Text(format!(
        "The engine ran it as {} {} of {} on {}.",
        exploration.engine.unit(),
        grouped(witness.execution as u64),
        grouped(exploration.executions as u64),
        exploration.engine
    ))];
    if let Some(schedule) = &witness.schedule {
        lines.push(Line::Hint(
            "Replay its schedule:",
            Hint::Replay {
                program,
                schedule: schedule.clone(),
            },
        ));
    }
    if !matches!(
        exploration.engine,
        Engine::Shuttle(ShuttleScheduler::Replay(_))
    ) {
        lines.push(Line::Hint(
            "Reproduce:",
            Hint::Explore {
                program,
                engine: exploration.engine.clone(),
            },
        ));
    }
    lines
}

/// The witness in one line, under its headline: the steps where it goes
/// wrong, each as the drawing marks it (the scenario's own marks among
/// them), and the versions that fix it, whose commands end the witness.
fn verdict(program: Program, drawing: &Drawing) -> String {
    let mut faults: Vec<String> = (0..drawing.trace.steps().len())
        .filter_map(|index| {
            let fault = drawing.fault(index)?;
            Some(format!("{} {fault}", drawing.number(index)))
        })
        .collect();
    if let Some(race) = drawing.marks.race {
        for index in [race.first, race.second] {
            faults.push(format!("{} ⚡", drawing.number(index)));
        }
    }
    let mut verdict = match faults.len() {
        0 => String::new(),
        1 => format!("It goes wrong at step {}. ", faults[0]),
        _ => format!("It goes wrong at steps {}. ", and_list(&faults)),
    };
    let fixes = fix_names(program);
    if !fixes.is_empty() {
        verdict.push_str(&format!("The fix: {}, at the end.", or_list(&fixes)));
    }
    verdict.trim_end().to_string()
}

/// The names of the versions and scenarios that fix `program`'s bug.
fn fix_names(program: Program) -> Vec<String> {
    let own = program
        .fixes()
        .into_iter()
        .map(|fixed| fixed.variant().name.to_string());
    own.chain(program.about().fixed_by.iter().map(|name| name.to_string()))
        .collect()
}

fn and_list(items: &[String]) -> String {
    joined(items, "and")
}

fn or_list(items: &[String]) -> String {
    joined(items, "or")
}

fn joined(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// The fix, and where to see it.
fn fix(program: Program) -> Vec<Line> {
    let about = program.about();
    let mut lines = Vec::new();
    if !about.fix.is_empty() {
        lines.push(Line::Text(about.fix.to_string()));
    }
    let fixes = program.fixes().into_iter().chain(
        about
            .fixed_by
            .iter()
            .filter_map(|name| crate::scenario::find(name))
            .map(|scenario| Program {
                scenario,
                version: 0,
                size: program.size,
            }),
    );
    for fixed in fixes {
        lines.push(Line::Hint(
            "See the fix:",
            Hint::Explore {
                program: fixed,
                engine: Engine::Loom,
            },
        ));
    }
    lines
}
