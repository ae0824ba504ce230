use std::collections::BTreeMap;
use std::fmt::Write;

use crate::explore::Scenario;
use crate::trace::{render, Trace};

/// Everything one exploration found: each final count and how often.
#[derive(Clone, Debug)]
pub struct Exploration {
    /// The counter that ran.
    pub scenario: Scenario,
    /// How many threads incremented it.
    pub threads: usize,
    /// How many times each thread incremented it.
    pub increments: u64,
    /// The engine and its settings, as a reader should see them.
    pub engine: String,
    /// How many executions (or runs) there were in all.
    pub executions: usize,
    /// Each final count that some execution reached.
    pub outcomes: BTreeMap<u64, Outcome>,
    /// How to run the exploration again, as a command line.
    pub reproduce: String,
}

/// One final count and the executions that reached it.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// How many executions ended with this count.
    pub executions: usize,
    /// The first of them.
    pub witness: Witness,
}

/// One execution, kept to show how its outcome came about.
#[derive(Clone, Debug)]
pub struct Witness {
    /// Its number, from 1, in the order the engine ran them.
    pub execution: usize,
    /// What each thread did.
    pub trace: Trace,
    /// Under shuttle, the schedule that replays it.
    pub schedule: Option<String>,
}

/// How an outcome is judged, as jcstress grades them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grade {
    /// Every increment counted.
    Acceptable,
    /// Some increments lost: the bug.
    Forbidden,
}

impl Exploration {
    /// An empty exploration, before any execution.
    pub fn new(scenario: Scenario, threads: usize, increments: u64, engine: String) -> Self {
        Self {
            scenario,
            threads,
            increments,
            engine,
            executions: 0,
            outcomes: BTreeMap::new(),
            reproduce: String::new(),
        }
    }

    /// Adds one finished execution that ended at `count`.
    pub fn add(&mut self, count: u64, trace: Trace) {
        self.executions += 1;
        let execution = self.executions;
        self.outcomes
            .entry(count)
            .and_modify(|outcome| outcome.executions += 1)
            .or_insert_with(|| Outcome {
                executions: 1,
                witness: Witness {
                    execution,
                    trace,
                    schedule: None,
                },
            });
    }

    /// The exact count: threads × increments.
    pub fn expected(&self) -> u64 {
        self.threads as u64 * self.increments
    }

    /// How `count` is judged.
    pub fn grade(&self, count: u64) -> Grade {
        if count == self.expected() {
            Grade::Acceptable
        } else {
            Grade::Forbidden
        }
    }

    /// The lowest count below the exact one, if any execution lost updates.
    pub fn lost_update(&self) -> Option<(u64, &Outcome)> {
        self.outcomes
            .iter()
            .next()
            .filter(|(&count, _)| count < self.expected())
            .map(|(&count, outcome)| (count, outcome))
    }

    /// Whether every execution ended at the exact count.
    pub fn always_exact(&self) -> bool {
        self.executions > 0 && self.outcomes.keys().all(|&count| count == self.expected())
    }

    /// The table of outcomes: count, executions, grade, and what it means.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{} ({}), {} × {}, {}: {} executions\n",
            self.scenario,
            self.scenario.summary(),
            plural(self.threads as u64, "thread"),
            plural(self.increments, "increment"),
            self.engine,
            self.executions,
        );
        let _ = writeln!(out, "  {:>5}  {:>10}  {:<10}  meaning", "count", "executions", "grade");
        for (&count, outcome) in self.outcomes.iter().rev() {
            let (grade, meaning) = match self.grade(count) {
                Grade::Acceptable => ("acceptable", "every increment counted".to_string()),
                Grade::Forbidden => ("forbidden", lost_words(self.expected() - count)),
            };
            let _ = writeln!(out, "  {count:>5}  {:>10}  {grade:<10}  {meaning}", outcome.executions);
        }
        out
    }

    /// The trace of the lowest count, if updates were lost, ready to print.
    pub fn witness_report(&self) -> Option<String> {
        let (count, outcome) = self.lost_update()?;
        let headline = format!("lost update: expected {}, got {count}", self.expected());
        let witness = &outcome.witness;
        let mut footer = vec![format!(
            "This was execution {} of {} under {}.",
            witness.execution, self.executions, self.engine
        )];
        if let Some(schedule) = &witness.schedule {
            footer.push(format!("Its shuttle schedule, to replay it: {schedule}"));
        }
        if !self.reproduce.is_empty() {
            footer.push(format!("Reproduce: {}", self.reproduce));
        }
        Some(render::text(&witness.trace, &headline, &footer))
    }
}

fn lost_words(lost: u64) -> String {
    format!("{} lost", plural(lost, "update"))
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
