//! A catalogue scenario run under one engine: every outcome, how often,
//! graded by the scenario's contract, with a witness for each wrong one.

use crate::catalogue::{bank, Lesson, Observed, Variant};
use crate::explore::model::{self, Watch};
use crate::explore::report::{plural, runs_sentence, Report, Row, Shown};
use crate::explore::{grouped, Engine, Exploration, Program};
use crate::sync::Runtime;
use crate::trace::{self, Order, Trace};

/// Everything one run of a scenario's version under one engine found.
pub type Survey = Exploration<Version>;

/// A catalogue scenario's version: what the engines run for `racelab
/// explore SCENARIO --variant V`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version {
    /// The scenario.
    pub lesson: Lesson,
    /// Which version of it.
    pub variant: Variant,
}

impl Program for Version {
    /// The values the threads saw.
    type Ending = Observed;

    /// jcstress-style runs are cheap: two threads go through many together.
    const BATCH: usize = 10_000;

    fn run_model<R: Runtime>(self) -> Observed {
        self.lesson.run::<R>(self.variant)
    }

    fn run_threads(self, runs: usize) -> Vec<Observed> {
        self.lesson.stress(self.variant, runs)
    }

    fn loom_preemptions(self) -> Option<usize> {
        self.lesson.loom_preemptions()
    }

    /// How the run ended is part of the outcome: a data race, found in what
    /// the threads did, is counted like any other ending.
    fn ended(self, observed: Observed, trace: &Trace) -> Observed {
        match trace::race::find(trace) {
            Some(_) => observed.with("data race", 1),
            None => observed,
        }
    }
}

impl Exploration<Version> {
    /// The outcomes that break the scenario's contract.
    pub fn wrong(&self) -> Vec<&Observed> {
        self.outcomes
            .keys()
            .filter(|observed| !self.program.lesson.correct(observed))
            .collect()
    }

    /// The report, ready for any format.
    pub fn report(&self) -> Report {
        Report {
            title: format!(
                "{} ({})",
                self.program.lesson,
                self.program.lesson.variant_name(self.program.variant)
            ),
            heading: self.heading(),
            unit: format!("{}s", self.engine.unit()),
            outcome_header: "outcome",
            rows: self.rows(),
            under_table: self.under_table(),
            witnesses: self
                .wrong()
                .into_iter()
                .filter(|_| self.engine.records())
                .map(|observed| self.witness(observed))
                .collect(),
            verdict: self.verdict(),
        }
    }

    /// The engine, as the heading names it: `loom (at most 2 preemptions)`
    /// where loom's search is bounded.
    fn engine_words(&self) -> String {
        match (&self.engine, self.program.loom_preemptions()) {
            (Engine::Loom, Some(bound)) => {
                format!("loom (at most {})", plural(bound as u64, "preemption"))
            }
            (engine, _) => engine.to_string(),
        }
    }

    fn heading(&self) -> String {
        let mut heading = format!(
            "{}. {} ({}: {}), {}: {} {} in {:.1?}",
            self.program.lesson.number(),
            self.program.lesson,
            self.program.lesson.variant_name(self.program.variant),
            self.program
                .lesson
                .variants()
                .iter()
                .find(|(v, _, _)| *v == self.program.variant)
                .map_or("", |&(_, _, what)| what),
            self.engine_words(),
            grouped(self.executions as u64),
            if self.executions == 1 {
                self.engine.unit().to_string()
            } else {
                format!("{}s", self.engine.unit())
            },
            self.elapsed
        );
        if self.stopped {
            heading.push_str(" (stopped at its limit: a sample, not a proof)");
        }
        heading
    }

    fn rows(&self) -> Vec<Row> {
        self.outcomes
            .iter()
            .map(|(observed, outcome)| {
                let correct = self.program.lesson.correct(observed);
                let mut meaning = if correct {
                    self.program.lesson.contract().to_string()
                } else {
                    format!("breaks \"{}\"", self.program.lesson.contract())
                };
                if let (false, true, Some(p)) = (
                    correct,
                    self.engine.records(),
                    outcome.witness.preemptions(),
                ) {
                    meaning.push_str(&format!("; fewest preemptions {p}"));
                }
                if self.engine.records() && self.weak_memory_only(observed) {
                    meaning.push_str("; only under weak memory");
                }
                Row {
                    outcome: observed.to_string(),
                    executions: outcome.executions,
                    grade: if correct { "correct" } else { "wrong" },
                    meaning,
                }
            })
            .collect()
    }

    fn under_table(&self) -> Vec<String> {
        let mut lines = vec![runs_sentence(&self.engine, self.executions)];
        let weak: usize = self.outcomes.values().map(|o| o.weak_memory).sum();
        if self.engine == Engine::Loom && self.executions > 0 {
            lines.push(if weak == 0 {
                format!(
                    "Every execution {}is explained by an interleaving of whole steps: none needs \
                     weak memory.",
                    if self.program.loom_preemptions().is_some() {
                        "loom ran "
                    } else {
                        ""
                    }
                )
            } else {
                format!(
                    "{} of loom's runs no interleaving explains: only weak memory allows them.",
                    grouped(weak as u64)
                )
            });
        }
        if matches!(
            self.engine,
            Engine::ShuttleDfs | Engine::ShuttlePct { .. } | Engine::ShuttleRandom { .. }
        ) && self.wrong().is_empty()
        {
            let sampled = self.engine != Engine::ShuttleDfs || self.stopped;
            lines.push(format!(
                "{}shuttle runs a sequentially consistent machine: every read returns the newest \
                 write, so it cannot reach an outcome that needs weak memory. `racelab explore \
                 {} --variant {}` runs loom, which can.",
                if sampled {
                    "These runs are a sample, which can miss a bug that needs no weak memory too: \
                     try more runs, another seed, or for PCT a greater --depth. And "
                } else {
                    ""
                },
                self.program.lesson,
                self.program.lesson.variant_name(self.program.variant)
            ));
        }
        lines
    }

    fn witness(&self, observed: &Observed) -> Shown {
        let outcome = &self.outcomes[observed];
        let mut footer = vec![self.program.lesson.roles().to_string()];
        footer.extend(outcome.witness.drawing.places_sentence());
        footer.extend(self.program.lesson.meaning(observed).map(str::to_string));
        if self.program.lesson == Lesson::BankAudit {
            footer.extend(bank::audit_reads(&outcome.witness.drawing));
        }
        let drawing = &outcome.witness.drawing;
        match drawing.order {
            Order::Interleaving { preemptions } => footer.push(format!(
                "Drawn as the interleaving with the fewest preemptions that ends this way: {}.",
                plural(preemptions as u64, "preemption")
            )),
            Order::WeakMemory => {
                footer.extend(drawing.why_weak().unwrap_or_else(|| {
                    vec![
                        "No interleaving of whole steps explains this execution: only weak \
                         memory allows it."
                            .to_string(),
                    ]
                }));
                footer.push(
                    "How it is drawn: in one order the threads could run in, switching between \
                     them as rarely as possible. The rows are not the order in which the writes \
                     reached the other thread, and there is no interleaving to count \
                     preemptions on."
                        .to_string(),
                );
            }
            Order::Unexplained | Order::Played | Order::Forbidden => footer.push(
                "The search for an interleaving gave up: drawn in the order the engine ran it."
                    .to_string(),
            ),
        }
        footer.push(format!(
            "The engine ran it as {} {} of {} under {}.",
            self.engine.unit(),
            grouped(outcome.witness.execution as u64),
            grouped(self.executions as u64),
            self.engine_words()
        ));
        footer.push(format!("Reproduce: {}", self.reproduce()));
        if let Some(schedule) = &outcome.witness.schedule {
            footer.push(format!(
                "Replay its schedule: racelab replay {} {schedule} --variant {}",
                self.program.lesson,
                self.program.lesson.variant_name(self.program.variant)
            ));
        }
        footer.push(self.program.lesson.fix().to_string());
        Shown {
            headline: format!("{observed}: breaks \"{}\"", self.program.lesson.contract()),
            drawing: outcome.witness.drawing.clone(),
            footer,
        }
    }

    fn reproduce(&self) -> String {
        let variant = self.program.lesson.variant_name(self.program.variant);
        let engine = match &self.engine {
            Engine::Loom => String::new(),
            Engine::ShuttlePct { seed, depth, runs } => {
                format!(" --engine shuttle-pct --seed {seed} --depth {depth} --runs {runs}")
            }
            Engine::ShuttleRandom { seed, runs } => {
                format!(" --engine shuttle-random --seed {seed} --runs {runs}")
            }
            Engine::Threads { runs } => format!(" --engine threads --runs {runs}"),
            other => format!(" --engine {}", other.name()),
        };
        format!(
            "racelab explore {} --variant {variant}{engine}",
            self.program.lesson
        )
    }

    fn verdict(&self) -> Option<String> {
        if !self.wrong().is_empty() {
            return None;
        }
        let bounded = self.program.loom_preemptions();
        Some(
            if let (Engine::Loom, Some(bound), false) = (&self.engine, bounded, self.stopped) {
                format!(
                    "Every execution with at most {} keeps the contract. loom searched no further \
                 (its full search of this program does not end in reasonable time), so this is a \
                 proof up to that bound, not for every execution, and only on loom's model and as \
                 far as its search is complete (see \"proof, sample\" in `racelab explore \
                 --explain`).",
                    plural(bound as u64, "preemption")
                )
            } else if !self.engine.records() {
                "No run broke the contract here; that is luck, not proof: the model checkers decide."
                .to_string()
            } else if self.is_proof() && self.engine == Engine::Loom {
                "Every execution keeps the contract: for this program, on loom's model of memory \
             (which leaves out some behaviours the C++20 and Rust model allows, such as load buffering), that is a \
             proof, as far as loom's search is complete (see \"proof, sample\" in `racelab \
             explore --explain`)."
                .to_string()
            } else if self.is_proof() {
                "Every schedule keeps the contract on a sequentially consistent machine. That proves \
             nothing about weak memory: see the sentence above."
                .to_string()
            } else {
                "No execution explored broke the contract; the exploration was not exhaustive, so \
             this proves nothing: a bug may lie in the executions it did not reach."
                    .to_string()
            },
        )
    }
}

/// Runs `lesson`'s `variant` on `engine`, within `watch`'s budget.
///
/// ```
/// use racelab::catalogue::{survey, Lesson, Variant};
/// use racelab::explore::Engine;
///
/// let mp = survey(Lesson::MessagePassing, Variant::Buggy, &Engine::Loom, &Default::default());
/// let weak: Vec<String> = mp
///     .outcomes
///     .keys()
///     .filter(|o| mp.weak_memory_only(o))
///     .map(|o| o.to_string())
///     .collect();
/// assert_eq!(weak, ["flag = 1, data = 0"]);
/// ```
pub fn survey(lesson: Lesson, variant: Variant, engine: &Engine, watch: &Watch) -> Survey {
    model::run(Version { lesson, variant }, engine, watch)
}
