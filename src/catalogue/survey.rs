//! A catalogue scenario run under one engine: every outcome, how often,
//! graded by the scenario's contract, with a witness for each wrong one.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::catalogue::{Lesson, Observed, Variant};
use crate::explore::attach_schedules;
use crate::explore::model::Watch;
use crate::explore::report::{plural, runs_sentence, Report, Row, Shown};
use crate::explore::{grouped, Drawings, Engine, Outcome};
use crate::sync::{
    explore_loom_within, explore_shuttle_within, Explored, Loom, Shuttle, ShuttleScheduler,
};
use crate::trace::{self, Order, Trace};

/// Everything one run of a scenario under one engine found.
#[derive(Clone, Debug)]
pub struct Survey {
    /// The scenario.
    pub lesson: Lesson,
    /// Which version of it.
    pub variant: Variant,
    /// The engine and its settings.
    pub engine: Engine,
    /// How many executions (or schedules, or runs) there were.
    pub executions: usize,
    /// Each outcome, and the executions that reached it.
    pub outcomes: BTreeMap<Observed, Outcome>,
    /// How long it took.
    pub elapsed: Duration,
    /// Whether it stopped at its budget before the end.
    pub stopped: bool,
    drawings: Drawings,
}

impl Survey {
    fn new(lesson: Lesson, variant: Variant, engine: Engine) -> Self {
        Self {
            lesson,
            variant,
            engine,
            executions: 0,
            outcomes: BTreeMap::new(),
            elapsed: Duration::ZERO,
            stopped: false,
            drawings: Drawings::default(),
        }
    }

    fn add(&mut self, observed: Observed, trace: &Trace) {
        // How the run ended is part of the outcome: a data race, found in
        // what the threads did, is counted like any other ending.
        let observed = match trace::race::find(trace) {
            Some(_) => observed.with("data race", 1),
            None => observed,
        };
        self.executions += 1;
        let execution = self.executions;
        self.drawings
            .add(&mut self.outcomes, observed, execution, trace);
    }

    /// The outcomes that break the scenario's contract.
    pub fn wrong(&self) -> Vec<&Observed> {
        self.outcomes
            .keys()
            .filter(|observed| !self.lesson.correct(observed))
            .collect()
    }

    /// Whether only weak memory reached `observed`: no interleaving explains
    /// any execution that did.
    pub fn weak_memory_only(&self, observed: &Observed) -> bool {
        self.outcomes
            .get(observed)
            .is_some_and(|o| o.executions > 0 && o.weak_memory == o.executions)
    }

    /// Whether the table is a proof: every execution of an exhaustive
    /// engine, not stopped early.
    pub fn is_proof(&self) -> bool {
        self.engine.exhaustive() && !self.stopped
    }

    /// The report, ready for any format.
    pub fn report(&self) -> Report {
        Report {
            title: format!(
                "{} ({})",
                self.lesson,
                self.lesson.variant_name(self.variant)
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

    fn heading(&self) -> String {
        let mut heading = format!(
            "{}. {} ({}: {}), {}: {} {} in {:.1?}",
            self.lesson.number(),
            self.lesson,
            self.lesson.variant_name(self.variant),
            self.lesson
                .variants()
                .iter()
                .find(|(v, _, _)| *v == self.variant)
                .map_or("", |&(_, _, what)| what),
            self.engine,
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
                let correct = self.lesson.correct(observed);
                let mut meaning = if correct {
                    self.lesson.contract().to_string()
                } else {
                    format!("breaks \"{}\"", self.lesson.contract())
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
                "Every execution is explained by an interleaving of whole steps: none needs weak \
                 memory."
                    .to_string()
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
            lines.push(format!(
                "shuttle runs a sequentially consistent machine: every read returns the newest \
                 write, so it cannot reach an outcome that needs weak memory. `racelab explore \
                 {} --variant {}` runs loom, which can.",
                self.lesson,
                self.lesson.variant_name(self.variant)
            ));
        }
        lines
    }

    fn witness(&self, observed: &Observed) -> Shown {
        let outcome = &self.outcomes[observed];
        let mut footer = vec![self.lesson.roles().to_string()];
        footer.extend(outcome.witness.drawing.places_sentence());
        footer.extend(self.lesson.meaning(observed).map(str::to_string));
        footer.push(match outcome.witness.drawing.order {
            Order::Interleaving { preemptions } => format!(
                "Drawn as the interleaving with the fewest preemptions that ends this way: {}.",
                plural(preemptions as u64, "preemption")
            ),
            Order::WeakMemory => format!(
                "No interleaving of whole steps explains this execution, so only weak memory \
                 allows it. It is drawn as a schedule, a thread at a time; row order is not the \
                 order in which writes became visible to the other thread, and there is no \
                 interleaving to count preemptions on. {}",
                self.lesson.why_weak(self.variant)
            ),
            Order::Unexplained | Order::Played => {
                "The search for an interleaving gave up: drawn in the order the engine ran it."
                    .to_string()
            }
        });
        footer.push(format!(
            "The engine ran it as {} {} of {} under {}.",
            self.engine.unit(),
            grouped(outcome.witness.execution as u64),
            grouped(self.executions as u64),
            self.engine
        ));
        footer.push(format!("Reproduce: {}", self.reproduce()));
        if let Some(schedule) = &outcome.witness.schedule {
            footer.push(format!(
                "Replay its schedule: racelab replay {} {schedule} --variant {}",
                self.lesson,
                self.lesson.variant_name(self.variant)
            ));
        }
        footer.push(self.lesson.fix().to_string());
        Shown {
            headline: format!("{observed}: breaks \"{}\"", self.lesson.contract()),
            drawing: outcome.witness.drawing.clone(),
            footer,
        }
    }

    fn reproduce(&self) -> String {
        let variant = self.lesson.variant_name(self.variant);
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
            self.lesson
        )
    }

    fn verdict(&self) -> Option<String> {
        if !self.wrong().is_empty() {
            return None;
        }
        Some(if !self.engine.records() {
            "No run broke the contract here; that is luck, not proof: the model checkers decide."
                .to_string()
        } else if self.is_proof() && self.engine == Engine::Loom {
            "Every execution keeps the contract: for this program, on loom's model of memory \
             (which leaves out some behaviours C11 allows, such as load buffering), that is a \
             proof, as far as loom's search is complete (see \"proof, sample\" in `racelab \
             explore --explain`)."
                .to_string()
        } else if self.is_proof() {
            "Every schedule keeps the contract on a sequentially consistent machine. That proves \
             nothing about weak memory: see the sentence above."
                .to_string()
        } else {
            "No execution explored broke the contract; the exploration was not exhaustive, so \
             this is evidence, not proof."
                .to_string()
        })
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
    let start = Instant::now();
    let shared = Arc::new(Mutex::new(Survey::new(lesson, variant, engine.clone())));
    let into = Arc::clone(&shared);
    let on_execution = watch.on_execution.clone();
    let collect = move |observed: Observed, trace: Trace| {
        let finished = {
            let mut survey = into.lock().unwrap_or_else(PoisonError::into_inner);
            survey.add(observed, &trace);
            survey.executions
        };
        if let Some(on_execution) = &on_execution {
            on_execution(finished);
        }
    };
    let mut schedules = None;
    let explored = match engine {
        Engine::Loom => explore_loom_within(None, watch.budget, move || {
            trace::start();
            let observed = lesson.run::<Loom>(variant);
            collect(observed, trace::finish());
        }),
        Engine::Threads { runs } => on_threads(lesson, variant, *runs, watch, collect),
        shuttle => {
            let scheduler = match shuttle.clone() {
                Engine::ShuttlePct { seed, depth, runs } => {
                    ShuttleScheduler::Pct { seed, depth, runs }
                }
                Engine::ShuttleRandom { seed, runs } => ShuttleScheduler::Random { seed, runs },
                Engine::ShuttleReplay(schedule) => ShuttleScheduler::Replay(schedule),
                _ => ShuttleScheduler::Dfs,
            };
            let (found, explored) = explore_shuttle_within(&scheduler, watch.budget, move || {
                trace::start();
                let observed = lesson.run::<Shuttle>(variant);
                collect(observed, trace::finish());
            });
            schedules = Some(found);
            explored
        }
    };
    let mut survey = shared
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    if let Some(schedules) = schedules {
        if !attach_schedules(survey.outcomes.values_mut(), &schedules) {
            survey.outcomes.clear();
            survey.executions = 0;
        }
    }
    survey.stopped = explored.stopped;
    survey.elapsed = start.elapsed();
    survey
}

/// `runs` runs on two real threads that meet at a spin barrier before each:
/// what this machine happens to do, with no trace.
fn on_threads(
    lesson: Lesson,
    variant: Variant,
    runs: usize,
    watch: &Watch,
    collect: impl Fn(Observed, Trace),
) -> Explored {
    // In batches, so that a time limit and the progress bar are heard.
    const BATCH: usize = 10_000;
    let start = Instant::now();
    let mut executions = 0;
    while executions < runs {
        let batch = BATCH.min(runs - executions);
        for observed in lesson.stress(variant, batch) {
            collect(observed, Trace::default());
        }
        executions += batch;
        if watch
            .budget
            .time
            .is_some_and(|time| start.elapsed() >= time)
        {
            break;
        }
    }
    Explored {
        executions,
        elapsed: start.elapsed(),
        stopped: executions < runs,
    }
}
