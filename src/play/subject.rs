//! What a game plays: a counter (two threads, one increment each) or a
//! catalogue scenario.

use std::fmt;

use crate::catalogue::{Lesson, Observed, Variant};
use crate::explore::Scenario;
use crate::sync::Runtime;

/// A program to play.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A counter, two threads adding one each: the count should end at 2.
    Counter(Scenario),
    /// A catalogue scenario, in one of its variants.
    Lesson(Lesson, Variant),
}

/// Threads and increments of a counter game: the smallest that loses one.
const THREADS: usize = 2;

impl Subject {
    /// Every program with a bug to find in a game: the two racy counters,
    /// and each catalogue scenario that can be [played](Subject::playable),
    /// as a learner first writes it.
    pub fn buggy() -> Vec<Subject> {
        let mut subjects = vec![
            Subject::Counter(Scenario::Racy),
            Subject::Counter(Scenario::SplitLock),
        ];
        subjects.extend(
            Lesson::ALL
                .iter()
                .map(|&lesson| Subject::Lesson(lesson, Variant::Buggy))
                .filter(|subject| subject.playable()),
        );
        subjects
    }

    /// Whether a game can hold it: every program but the stolen wakeup,
    /// whose three threads (and main) around a condition variable take shuttle past
    /// 200,000 runs before its orders are all found.
    pub fn playable(self) -> bool {
        !matches!(self, Subject::Lesson(Lesson::StolenWakeup, _))
    }

    /// Runs one execution on engine `R`.
    pub fn run<R: Runtime>(self) -> Observed {
        match self {
            Subject::Counter(scenario) => {
                Observed::new(vec![("count", scenario.run_model::<R>(THREADS, 1))])
            }
            Subject::Lesson(lesson, variant) => lesson.run::<R>(variant),
        }
    }

    /// Whether `observed` keeps the contract.
    pub fn correct(self, observed: &Observed) -> bool {
        match self {
            Subject::Counter(_) => observed.get("count") == Some(THREADS as u64),
            Subject::Lesson(lesson, _) => lesson.correct(observed),
        }
    }

    /// The contract, in a few words.
    pub fn contract(self) -> &'static str {
        match self {
            Subject::Counter(_) => "the count ends at 2",
            Subject::Lesson(lesson, _) => lesson.contract(),
        }
    }

    /// Who does what.
    pub fn roles(self) -> &'static str {
        match self {
            Subject::Counter(_) => "Roles: T1 and T2 each add 1 to count, which starts at 0.",
            Subject::Lesson(lesson, _) => lesson.roles(),
        }
    }

    /// The fix, in a sentence.
    pub fn fix(self) -> Option<&'static str> {
        match self {
            Subject::Counter(scenario) => scenario.fix(),
            Subject::Lesson(lesson, _) => Some(lesson.fix()),
        }
    }

    /// Its name, and its version's: `racy`, `message-passing (relaxed)`.
    pub fn short(self) -> String {
        match self {
            Subject::Counter(scenario) => scenario.to_string(),
            Subject::Lesson(lesson, variant) => {
                format!("{lesson} ({})", lesson.variant_name(variant))
            }
        }
    }

    /// The version of the same program with the bug: itself, for a counter.
    pub fn buggy_version(self) -> Subject {
        match self {
            Subject::Counter(_) => self,
            Subject::Lesson(lesson, _) => Subject::Lesson(lesson, Variant::Buggy),
        }
    }

    /// The most preemptions loom may use on it (see
    /// [`Lesson::loom_preemptions`]).
    pub fn loom_preemptions(self) -> Option<usize> {
        match self {
            Subject::Counter(_) => None,
            Subject::Lesson(lesson, _) => lesson.loom_preemptions(),
        }
    }

    /// What `racelab explore` takes to run the same program.
    pub fn explore_arguments(self) -> String {
        match self {
            Subject::Counter(scenario) => scenario.to_string(),
            Subject::Lesson(lesson, variant) => {
                format!("{lesson} --variant {}", lesson.variant_name(variant))
            }
        }
    }

    /// The command line that plays it.
    pub fn command(self) -> String {
        match self {
            Subject::Counter(scenario) => format!("racelab play {scenario}"),
            Subject::Lesson(lesson, variant) => {
                format!(
                    "racelab play {lesson} --variant {}",
                    lesson.variant_name(variant)
                )
            }
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Counter(scenario) => write!(f, "{scenario} (2 threads × 1 increment)"),
            Subject::Lesson(lesson, variant) => {
                let (name, what) = lesson
                    .variants()
                    .iter()
                    .find(|(v, _, _)| v == variant)
                    .map_or(("?", "?"), |&(_, name, what)| (name, what));
                write!(f, "{lesson} ({name}: {what})")
            }
        }
    }
}
