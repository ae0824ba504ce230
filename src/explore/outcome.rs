//! What an exploration found, graded the way jcstress grades outcomes.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

use crate::explore::Scenario;
use crate::trace::{render, Mark, Trace};

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
    /// How long the engine took.
    pub elapsed: Duration,
    /// Whether the exploration stopped at its budget before it was complete:
    /// then the table is a sample, not a proof.
    pub stopped: bool,
    /// For each count, the fewest preemptions with which loom reaches it,
    /// when that was searched for (see [`Exploration::with_fewest_preemptions`]).
    pub fewest: BTreeMap<u64, Fewest>,
}

/// One final count and the executions that reached it.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// How many executions ended with this count.
    pub executions: usize,
    /// How many of them had no stale read: a sequentially consistent machine
    /// could have run them too.
    pub without_stale_reads: usize,
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

/// The fewest preemptions loom needs to reach a count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fewest {
    /// The preemption bound at which loom first reached the count.
    pub preemptions: usize,
    /// How many executions loom checked at the lower bounds without reaching
    /// it: the evidence that none with fewer preemptions exists.
    pub checked_below: usize,
    /// The witness's number among the executions at this bound.
    pub execution: usize,
    /// How many executions loom ran at this bound.
    pub executions: usize,
}

/// How an outcome is judged, as jcstress grades them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grade {
    /// Every increment counted.
    Acceptable,
    /// Updates lost, but only in executions with a stale read: a weak memory
    /// model allows it, no interleaving on a sequentially consistent machine
    /// does.
    Interesting,
    /// Updates lost by an interleaving: wrong on any machine.
    Forbidden,
}

impl Grade {
    /// The grade's name, as the table prints it.
    pub fn name(self) -> &'static str {
        match self {
            Grade::Acceptable => "acceptable",
            Grade::Interesting => "interesting",
            Grade::Forbidden => "forbidden",
        }
    }
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
            elapsed: Duration::ZERO,
            stopped: false,
            fewest: BTreeMap::new(),
        }
    }

    /// Adds one finished execution that ended at `count`.
    pub fn add(&mut self, count: u64, trace: Trace) {
        self.executions += 1;
        let execution = self.executions;
        let stale = trace
            .marks()
            .iter()
            .any(|mark| matches!(mark, Some(Mark::Stale { .. })));
        let outcome = self.outcomes.entry(count).or_insert_with(|| Outcome {
            executions: 0,
            without_stale_reads: 0,
            witness: Witness {
                execution,
                trace,
                schedule: None,
            },
        });
        outcome.executions += 1;
        outcome.without_stale_reads += usize::from(!stale);
    }

    /// The exact count: threads × increments.
    pub fn expected(&self) -> u64 {
        self.threads as u64 * self.increments
    }

    /// How `count` is judged.
    pub fn grade(&self, count: u64) -> Grade {
        if count == self.expected() {
            Grade::Acceptable
        } else if self
            .outcomes
            .get(&count)
            .is_some_and(|outcome| outcome.without_stale_reads == 0)
        {
            Grade::Interesting
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

    /// Every count below the exact one, highest first, as the table lists them.
    pub fn lost_updates(&self) -> Vec<u64> {
        let expected = self.expected();
        self.outcomes
            .keys()
            .rev()
            .copied()
            .filter(|&count| count < expected)
            .collect()
    }

    /// Whether every execution ended at the exact count.
    pub fn always_exact(&self) -> bool {
        self.executions > 0 && self.outcomes.keys().all(|&count| count == self.expected())
    }

    /// The line above the table: what ran, under which engine, how much.
    pub fn heading(&self) -> String {
        let mut heading = format!(
            "{} ({}), {} × {}, {}: {} in {:.1?}",
            self.scenario,
            self.scenario.summary(),
            plural(self.threads as u64, "thread"),
            plural(self.increments, "increment"),
            self.engine,
            plural(self.executions as u64, "execution"),
            self.elapsed,
        );
        if self.stopped {
            heading.push_str(" (stopped at its limit: a sample, not a proof)");
        }
        heading
    }

    /// What an outcome means, in one line.
    pub fn meaning(&self, count: u64) -> String {
        match self.grade(count) {
            Grade::Acceptable => "every increment counted".to_string(),
            Grade::Interesting => format!(
                "{}, only through stale reads (weak memory)",
                lost_words(self.expected() - count)
            ),
            Grade::Forbidden => format!(
                "{}: a thread wrote over another's update",
                lost_words(self.expected() - count)
            ),
        }
    }

    /// The table of outcomes: count, executions, grade, and what it means.
    pub fn table(&self) -> String {
        let mut out = format!("{}\n", self.heading());
        let _ = writeln!(
            out,
            "  {:>5}  {:>10}  {:<11}  meaning",
            "count", "executions", "grade"
        );
        for (&count, outcome) in self.outcomes.iter().rev() {
            let _ = writeln!(
                out,
                "  {count:>5}  {:>10}  {:<11}  {}",
                outcome.executions,
                self.grade(count).name(),
                self.meaning(count)
            );
        }
        out
    }

    /// The headline of the witness for `count`.
    pub fn headline(&self, count: u64) -> String {
        if count == self.expected() {
            format!("every increment counted: expected {count}, got {count}")
        } else {
            format!("lost update: expected {}, got {count}", self.expected())
        }
    }

    /// The lines under the witness for `count`: how few preemptions it
    /// needs, which execution it was, and how to run it again.
    pub fn footer(&self, count: u64) -> Vec<String> {
        let Some(outcome) = self.outcomes.get(&count) else {
            return Vec::new();
        };
        let witness = &outcome.witness;
        let mut footer = Vec::new();
        if let Some(fewest) = self.fewest.get(&count) {
            footer.push(crate::explore::bounding::explain(
                self.scenario,
                count,
                *fewest,
            ));
        }
        match self.fewest.get(&count) {
            Some(fewest) => footer.push(format!(
                "This was execution {} of {} under loom with at most {}.",
                fewest.execution,
                fewest.executions,
                plural(fewest.preemptions as u64, "preemption")
            )),
            None => footer.push(format!(
                "This was execution {} of {} under {}.",
                witness.execution, self.executions, self.engine
            )),
        }
        if let Some(schedule) = &witness.schedule {
            footer.push(format!(
                "Replay it: racelab replay {} {schedule} --threads {} --increments {}",
                self.scenario, self.threads, self.increments
            ));
        }
        match self.fewest.get(&count) {
            Some(fewest) => footer.push(format!(
                "Reproduce: racelab explore {} --engine loom --threads {} --increments {} --preemptions {}",
                self.scenario, self.threads, self.increments, fewest.preemptions
            )),
            None if !self.reproduce.is_empty() => {
                footer.push(format!("Reproduce: {}", self.reproduce));
            }
            None => {}
        }
        footer
    }

    /// The trace of the lowest count, if updates were lost, ready to print.
    pub fn witness_report(&self) -> Option<String> {
        let (count, outcome) = self.lost_update()?;
        Some(render::text(
            &outcome.witness.trace,
            &self.headline(count),
            &self.footer(count),
        ))
    }
}

fn lost_words(lost: u64) -> String {
    format!("{} lost", plural(lost, "update"))
}

/// `1234567` as `1,234,567`.
///
/// ```
/// assert_eq!(racelab::explore::grouped(1_234_567), "1,234,567");
/// ```
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `1 thread`, `2 threads`.
pub(crate) fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
