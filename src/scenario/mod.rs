//! Scenarios: every program racelab runs, grades, draws and plays — the
//! counters, the catalogue's bugs, the pool's racy cancel — each in one file,
//! behind one trait.
//!
//! A scenario's file holds everything about it: the program, written once
//! against [`Runtime`]; its versions, one enum, each marked a bug or a fix;
//! and what it is about ([`About`]): its name and lesson number, its
//! contract, who does what, the lines of its code, the fix. It implements
//! [`Scenario`], and one line of [`ALL`] registers it. Nothing else names
//! it: explore, list, play, replay and the tour take a [`Program`] — a
//! scenario, one of its versions, and a size — and ask it.
//!
//! ```
//! use racelab::scenario::{self, Kind};
//!
//! let racy = scenario::find("racy").expect("the racy counter is a scenario");
//! assert_eq!(racy.about().number, "4a");
//! assert_eq!(racy.variants()[0].kind, Kind::Bug);
//! ```

mod cursor;
mod observed;
mod program;

pub use self::cursor::{runs, CodeLine};
pub use self::observed::Observed;
pub use self::program::{AnyScenario, Checker, Program, VariantAbout};

use std::fmt;

use crate::catalogue;
use crate::counter;
use crate::executor::racy_cancel;
use crate::sync::Runtime;
use crate::trace::Drawing;

/// A program racelab runs under every engine, grades by its contract, draws
/// and plays. Implemented once per scenario, in the scenario's own file.
///
/// A course can write its own, outside racelab, and run it as a
/// [`Program`] (the whole exercise, with its report, is
/// `examples/teacher_ticket_dispenser.rs`):
///
/// ```
/// use std::sync::atomic::Ordering::Relaxed;
/// use std::sync::Arc;
///
/// use racelab::explore::model;
/// use racelab::scenario::{About, Code, Kind, Observed, Program, Scenario, Size, SourceFile, Variant};
/// use racelab::sync::{Atomic, Runtime};
///
/// /// Two customers each take a ticket: read the next, write it plus one.
/// struct Tickets;
///
/// impl Scenario for Tickets {
///     type Version = ();
///     const ABOUT: About = About::new(
///         SourceFile::named(file!()),
///         "tickets",
///         "E1",
///         "read the next ticket, then write it plus one",
///         "the customers hold different tickets",
///     );
///     const VERSIONS: &'static [Variant<()>] = &[Variant {
///         version: (),
///         name: "read-then-write",
///         what: "a load, then a store",
///         kind: Kind::Bug,
///         code: &[Code { who: "T1 and T2", rust: &[], python: &[] }],
///     }];
///
///     fn run<R: Runtime>((): (), _size: Size) -> Observed {
///         let next = Arc::new(Atomic::<R>::named("next", 0));
///         let take = |next: Arc<Atomic<R>>| {
///             R::spawn(move || {
///                 let ticket = next.load(Relaxed);
///                 next.store(ticket + 1, Relaxed);
///                 ticket
///             })
///         };
///         let (t1, t2) = (take(Arc::clone(&next)), take(Arc::clone(&next)));
///         let tickets = [R::join(t1).unwrap_or(9), R::join(t2).unwrap_or(9)];
///         Observed::new(vec![("T1's", tickets[0]), ("T2's", tickets[1])])
///     }
///
///     fn stress((): (), _: Size, _: usize) -> Result<Vec<Observed>, String> {
///         Err("only under the checkers".to_string())
///     }
///
///     fn correct(observed: &Observed, _size: Size) -> bool {
///         observed.get("T1's") != observed.get("T2's")
///     }
/// }
///
/// let program = Program { scenario: &Tickets, version: 0, size: Size::SMALLEST };
/// let found = model::loom(program);
/// assert!(found.is_proof()); // loom ran every execution
/// let wrong: Vec<String> = found.wrong().iter().map(|o| o.to_string()).collect();
/// assert_eq!(wrong, ["T1's = 0, T2's = 0"]); // both hold ticket 0
/// ```
pub trait Scenario: Sync + 'static {
    /// Its versions: the program as a learner first writes it, and the
    /// changes that fix it (or only seem to).
    type Version: Copy + Eq + fmt::Debug + Send + Sync + 'static;

    /// What it is called and what it is about.
    const ABOUT: About;

    /// Its versions, the bug first, in the order `racelab list` names them.
    const VERSIONS: &'static [Variant<Self::Version>];

    /// Runs one execution of `version` at `size` on engine `R`, and returns
    /// what its threads saw.
    fn run<R: Runtime>(version: Self::Version, size: Size) -> Observed;

    /// Runs `version` `runs` times on real threads: what this machine
    /// happens to do. `Err` says why it may not run there.
    fn stress(version: Self::Version, size: Size, runs: usize) -> Result<Vec<Observed>, String>;

    /// Whether an outcome keeps the contract.
    fn correct(observed: &Observed, size: Size) -> bool;

    /// The contract at `size`, as a headline says it.
    fn contract(_size: Size) -> String {
        Self::ABOUT.contract.to_string()
    }

    /// The headline of a witness that breaks the contract: what went wrong,
    /// in the program's words.
    fn headline(observed: &Observed, size: Size) -> String {
        format!("{observed}: {}", Self::meaning(observed, size))
    }

    /// An outcome as the outcome table and the game print it.
    fn outcome(observed: &Observed) -> String {
        observed.to_string()
    }

    /// What an outcome means, in a few words, for the outcome table.
    fn meaning(observed: &Observed, size: Size) -> String {
        if Self::correct(observed, size) {
            Self::contract(size)
        } else {
            format!("breaks \"{}\"", Self::contract(size))
        }
    }

    /// Who does what in `version`; by default, the same in every version
    /// ([`About::roles`]).
    fn roles(_version: Self::Version) -> &'static str {
        Self::ABOUT.roles
    }

    /// What this scenario alone knows to say of a wrong outcome's witness,
    /// computed from what the threads saw and did (`drawing`).
    fn notes(_version: Self::Version, _observed: &Observed, _drawing: &Drawing) -> Notes {
        Notes::default()
    }

    /// The most preemptions loom may use on `version`, where its full search
    /// does not end in reasonable time; `None`, the default: every
    /// execution.
    fn loom_preemptions(_version: Self::Version) -> Option<usize> {
        None
    }

    /// Whether every change to shared state that another thread can see is
    /// a recorded step (true, the default, for racelab's atomics, locks and
    /// condition variables). Then shuttle's depth-first search need choose a
    /// thread only between recorded steps; a program whose threads also
    /// share state racelab does not record (the thread pool's own locks)
    /// needs every one of shuttle's choices.
    fn records_all_sharing(_version: Self::Version) -> bool {
        true
    }
}

/// A scenario's source file: its path from the crate's root, and its text,
/// so that a game can show the line of the program each step ran.
///
/// racelab's own scenarios write `here!()` (a macro of the crate) for it;
/// a scenario whose text is not at hand names only its path:
///
/// ```
/// let file = racelab::scenario::SourceFile::named(file!());
/// assert!(file.text.is_empty());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct SourceFile {
    /// Where it is: `file!()`.
    pub path: &'static str,
    /// What it says; empty where it is not known.
    pub text: &'static str,
}

impl SourceFile {
    /// The file at `path`, its text unknown.
    pub const fn named(path: &'static str) -> Self {
        Self { path, text: "" }
    }

    /// The text of line `number` (counted from 1), trimmed; `None` where
    /// the text is unknown or shorter.
    pub fn line(&self, number: u32) -> Option<&'static str> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        self.text.lines().nth(index).map(str::trim)
    }
}

/// The source file this macro is written in, path and text.
macro_rules! here {
    () => {
        $crate::scenario::SourceFile {
            path: file!(),
            text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", file!())),
        }
    };
}
pub(crate) use here;

/// What a scenario is called and what it is about.
#[derive(Clone, Copy, Debug)]
pub struct About {
    /// The file it is written in.
    pub file: SourceFile,
    /// Its name on the command line: `racy`, `check-then-act`.
    pub name: &'static str,
    /// Its lesson's number, as the tour, the README and the file header
    /// give it: `4a`, `9.1`.
    pub number: &'static str,
    /// What goes wrong (or what it does), in one line.
    pub summary: &'static str,
    /// The contract every outcome is graded by, as a headline says it.
    pub contract: &'static str,
    /// Who does what.
    pub roles: &'static str,
    /// How to fix the bug, in a sentence; empty for a program without one.
    pub fix: &'static str,
    /// Other scenarios that fix this one's bug, by name.
    pub fixed_by: &'static [&'static str],
    /// What a wrong outcome is called in the grade column.
    pub wrong: &'static str,
    /// The outcome column's header.
    pub outcome: &'static str,
    /// Whether the program takes a size (threads × increments), as the
    /// counters do; the others are fixed programs.
    pub sized: bool,
    /// Whether the outcome table lists its highest outcomes first (a
    /// counter's counts), instead of the lowest.
    pub highest_first: bool,
    /// What the checkers run in place of the real code, where that matters
    /// to what they prove; empty where it does not.
    pub model: &'static str,
}

impl About {
    /// The usual words: an unsized program, graded "wrong", fixed only by its
    /// own versions.
    pub const fn new(
        file: SourceFile,
        name: &'static str,
        number: &'static str,
        summary: &'static str,
        contract: &'static str,
    ) -> Self {
        Self {
            file,
            name,
            number,
            summary,
            contract,
            roles: "",
            fix: "",
            fixed_by: &[],
            wrong: "wrong",
            outcome: "outcome",
            sized: false,
            highest_first: false,
            model: "",
        }
    }

    /// The same, with who does what.
    pub const fn roles(mut self, roles: &'static str) -> Self {
        self.roles = roles;
        self
    }

    /// The same, with the fix.
    pub const fn fix(mut self, fix: &'static str) -> Self {
        self.fix = fix;
        self
    }
}

/// One version of a scenario: its name, what it does, whether it is a bug
/// or a fix, and its code.
#[derive(Clone, Copy, Debug)]
pub struct Variant<V> {
    /// The version itself.
    pub version: V,
    /// Its name on the command line: `--variant swap`.
    pub name: &'static str,
    /// What it does, in a few words.
    pub what: &'static str,
    /// Whether it breaks the contract.
    pub kind: Kind,
    /// Its code, a few lines per thread, as the witness and the game show it.
    pub code: &'static [Code],
}

/// Whether a version breaks its scenario's contract, by design.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The program as a learner first writes it: it breaks the contract.
    Bug,
    /// A change that looks like a fix but still breaks the contract.
    StillWrong,
    /// A fix: it keeps the contract.
    Fix,
}

impl Kind {
    /// Whether a version of this kind is meant to break the contract.
    pub fn breaks(self) -> bool {
        self != Kind::Fix
    }
}

/// Some of a version's code: the lines that matter for the threads `who`
/// names, as they stand in the scenario's source file (a test checks it),
/// beside the Python a tutorial writes for them, where there is such a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code {
    /// Who runs them: `T1`, `T1 and T2`, `main`.
    pub who: &'static str,
    /// The Rust, each line as in the source (a trailing `// …` comment is
    /// the listing's own).
    pub rust: &'static [&'static str],
    /// The Python, if a tutorial writes the same thing.
    pub python: &'static [&'static str],
}

/// A program's size: how many threads, each making how many increments.
/// Only the counters take one; the others are fixed programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Size {
    /// Threads, besides main.
    pub threads: usize,
    /// What each thread does, as many times.
    pub increments: u64,
}

impl Size {
    /// `threads` × `increments`.
    pub const fn new(threads: usize, increments: u64) -> Self {
        Self {
            threads,
            increments,
        }
    }

    /// The smallest size that shows a race: 2 threads × 1.
    pub const SMALLEST: Size = Size::new(2, 1);
}

/// What a scenario says of a witness beyond what every trace shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notes {
    /// Steps (indices into the drawing's trace) to mark ✗, each with the
    /// sentence that says why, which the drawing prints in step order.
    pub marked: Vec<(usize, String)>,
    /// Sentences, in order.
    pub lines: Vec<String>,
}

/// Every scenario, in the order of the lessons.
pub static ALL: &[&dyn AnyScenario] = &[
    &counter::RacyCount,
    &counter::SplitLockCount,
    &counter::MutexCount,
    &counter::ParkingLotCount,
    &counter::AtomicCount,
    &counter::LocalCount,
    &racy_cancel::RacyCancel,
    &catalogue::CheckThenAct,
    &catalogue::Deadlock,
    &catalogue::LostWakeup,
    &catalogue::StolenWakeup,
    &catalogue::MessagePassing,
    &catalogue::StoreBuffering,
    &catalogue::DataRace,
    &catalogue::BankWithdraw,
    &catalogue::BankAudit,
    &catalogue::BankTransfer,
    &catalogue::LazyInit,
    &catalogue::LazyPublish,
    &catalogue::Peterson,
];

/// The scenario called `name`.
pub fn find(name: &str) -> Option<&'static dyn AnyScenario> {
    ALL.iter().copied().find(|s| s.about().name == name)
}

/// Every scenario's name, in order, for a sentence that lists them.
pub fn names() -> Vec<&'static str> {
    ALL.iter().map(|s| s.about().name).collect()
}
