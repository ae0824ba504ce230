//! A scenario whatever its type, and a [`Program`]: one version of one
//! scenario at one size, which is what the engines run.

use std::fmt;

use crate::scenario::{About, Code, Kind, Notes, Observed, Scenario, Size};
use crate::sync::{Loom, Shuttle};
use crate::trace::{self, Drawing, Trace};

/// Which model checker runs an execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checker {
    /// loom, on its weak memory model.
    Loom,
    /// shuttle, on a sequentially consistent machine.
    Shuttle,
}

/// A version of a scenario, described without its type.
#[derive(Clone, Copy, Debug)]
pub struct VariantAbout {
    /// Its name on the command line.
    pub name: &'static str,
    /// What it does.
    pub what: &'static str,
    /// Whether it breaks the contract.
    pub kind: Kind,
    /// Its code.
    pub code: &'static [Code],
}

/// [`Scenario`] with its versions numbered instead of typed, so that one
/// list can hold every scenario. Every `Scenario` is one; nothing else
/// implements it.
pub trait AnyScenario: Sync {
    /// What it is called and what it is about.
    fn about(&self) -> About;
    /// Its versions, the bug first.
    fn variants(&self) -> Vec<VariantAbout>;
    /// One execution of version `version` on `checker`.
    fn run(&self, version: usize, size: Size, checker: Checker) -> Observed;
    /// `runs` runs on real threads, or why it may not run there.
    fn stress(&self, version: usize, size: Size, runs: usize) -> Result<Vec<Observed>, String>;
    /// Whether an outcome keeps the contract.
    fn correct(&self, observed: &Observed, size: Size) -> bool;
    /// The contract at `size`.
    fn contract(&self, size: Size) -> String;
    /// A wrong outcome's headline.
    fn headline(&self, observed: &Observed, size: Size) -> String;
    /// An outcome as the table prints it.
    fn outcome(&self, observed: &Observed) -> String;
    /// What an outcome means, for the table.
    fn meaning(&self, observed: &Observed, size: Size) -> String;
    /// The scenario's own notes on a wrong outcome's witness.
    fn notes(&self, version: usize, observed: &Observed, drawing: &Drawing) -> Notes;
    /// Who does what in version `version`.
    fn roles(&self, version: usize) -> &'static str;
    /// The most preemptions loom may use on version `version`.
    fn loom_preemptions(&self, version: usize) -> Option<usize>;
    /// Whether version `version` records every change to shared state.
    fn records_all_sharing(&self, version: usize) -> bool;
}

impl<S: Scenario> AnyScenario for S {
    fn about(&self) -> About {
        S::ABOUT
    }

    fn variants(&self) -> Vec<VariantAbout> {
        S::VERSIONS
            .iter()
            .map(|v| VariantAbout {
                name: v.name,
                what: v.what,
                kind: v.kind,
                code: v.code,
            })
            .collect()
    }

    fn run(&self, version: usize, size: Size, checker: Checker) -> Observed {
        let version = S::VERSIONS[version].version;
        match checker {
            Checker::Loom => S::run::<Loom>(version, size),
            Checker::Shuttle => S::run::<Shuttle>(version, size),
        }
    }

    fn stress(&self, version: usize, size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        S::stress(S::VERSIONS[version].version, size, runs)
    }

    fn correct(&self, observed: &Observed, size: Size) -> bool {
        S::correct(observed, size)
    }

    fn contract(&self, size: Size) -> String {
        S::contract(size)
    }

    fn headline(&self, observed: &Observed, size: Size) -> String {
        S::headline(observed, size)
    }

    fn outcome(&self, observed: &Observed) -> String {
        S::outcome(observed)
    }

    fn meaning(&self, observed: &Observed, size: Size) -> String {
        S::meaning(observed, size)
    }

    fn notes(&self, version: usize, observed: &Observed, drawing: &Drawing) -> Notes {
        S::notes(S::VERSIONS[version].version, observed, drawing)
    }

    fn roles(&self, version: usize) -> &'static str {
        S::roles(S::VERSIONS[version].version)
    }

    fn loom_preemptions(&self, version: usize) -> Option<usize> {
        S::loom_preemptions(S::VERSIONS[version].version)
    }

    fn records_all_sharing(&self, version: usize) -> bool {
        S::records_all_sharing(S::VERSIONS[version].version)
    }
}

/// One version of one scenario at one size: what the engines run, explore
/// reports, and a game plays.
///
/// ```
/// use racelab::catalogue::{check_then_act, CheckThenAct};
/// use racelab::scenario::{Program, Size};
///
/// let swap = Program::new(&CheckThenAct, check_then_act::Version::Swap, Size::SMALLEST);
/// assert_eq!(swap.to_string(), "check-then-act (swap)");
/// assert!(!swap.variant().kind.breaks());
/// ```
#[derive(Clone, Copy)]
pub struct Program {
    /// The scenario.
    pub scenario: &'static dyn AnyScenario,
    /// Which of its versions, by its place in the list.
    pub version: usize,
    /// How large (the counters only; fixed programs ignore it).
    pub size: Size,
}

impl Program {
    /// `version` of `scenario`, at `size`.
    pub fn new<S: Scenario>(scenario: &'static S, version: S::Version, size: Size) -> Self {
        let version = S::VERSIONS
            .iter()
            .position(|v| v.version == version)
            .expect("a scenario lists every version it has");
        Self {
            scenario,
            version,
            size,
        }
    }

    /// The version named `name` of `scenario` (its bug if `None`), or the
    /// sentence that refuses the name.
    pub fn named(
        scenario: &'static dyn AnyScenario,
        name: Option<&str>,
        size: Size,
    ) -> Result<Self, String> {
        let variants = scenario.variants();
        let version = match name {
            None => 0,
            Some(name) => variants
                .iter()
                .position(|v| v.name == name)
                .ok_or_else(|| {
                    let names: Vec<&str> = variants.iter().map(|v| v.name).collect();
                    format!(
                        "{} has no variant '{name}': choose one of {}",
                        scenario.about().name,
                        names.join(", ")
                    )
                })?,
        };
        Ok(Self {
            scenario,
            version,
            size,
        })
    }

    /// The same scenario and size in another version.
    pub fn with_version(self, version: usize) -> Self {
        Self { version, ..self }
    }

    /// What the scenario is about.
    pub fn about(&self) -> About {
        self.scenario.about()
    }

    /// This version, described.
    pub fn variant(&self) -> VariantAbout {
        self.scenario.variants()[self.version]
    }

    /// Whether the scenario has more than one version.
    pub fn has_versions(&self) -> bool {
        self.scenario.variants().len() > 1
    }

    /// The scenario's versions that fix its bug.
    pub fn fixes(&self) -> Vec<Program> {
        (0..self.scenario.variants().len())
            .map(|version| self.with_version(version))
            .filter(|program| !program.variant().kind.breaks())
            .collect()
    }

    /// Runs one execution under `checker`.
    pub fn run(&self, checker: Checker) -> Observed {
        self.scenario.run(self.version, self.size, checker)
    }

    /// Runs `runs` times on real threads, or says why it may not.
    pub fn stress(&self, runs: usize) -> Result<Vec<Observed>, String> {
        self.scenario.stress(self.version, self.size, runs)
    }

    /// Whether `observed` keeps the contract.
    pub fn correct(&self, observed: &Observed) -> bool {
        self.scenario.correct(observed, self.size)
    }

    /// How an execution ended, counting what only its trace shows: a data
    /// race is part of the outcome.
    pub fn ended(&self, observed: Observed, trace: &Trace) -> Observed {
        match trace::analysis::race::find(trace) {
            Some(_) => observed.with("data race", 1),
            None => observed,
        }
    }

    /// The contract, as a headline says it.
    pub fn contract(&self) -> String {
        self.scenario.contract(self.size)
    }

    /// A wrong outcome's headline.
    pub fn headline(&self, observed: &Observed) -> String {
        self.scenario.headline(observed, self.size)
    }

    /// An outcome as the table prints it.
    pub fn outcome(&self, observed: &Observed) -> String {
        self.scenario.outcome(observed)
    }

    /// What an outcome means.
    pub fn meaning(&self, observed: &Observed) -> String {
        self.scenario.meaning(observed, self.size)
    }

    /// The scenario's own notes on a witness of `observed`.
    pub fn notes(&self, observed: &Observed, drawing: &Drawing) -> Notes {
        self.scenario.notes(self.version, observed, drawing)
    }

    /// Who does what in this version.
    pub fn roles(&self) -> &'static str {
        self.scenario.roles(self.version)
    }

    /// The most preemptions loom may use on it.
    pub fn loom_preemptions(&self) -> Option<usize> {
        self.scenario.loom_preemptions(self.version)
    }

    /// Whether it records every change to shared state (see
    /// [`Scenario::records_all_sharing`]).
    pub fn records_all_sharing(&self) -> bool {
        self.scenario.records_all_sharing(self.version)
    }
}

impl PartialEq for Program {
    fn eq(&self, other: &Self) -> bool {
        self.about().name == other.about().name
            && self.version == other.version
            && self.size == other.size
    }
}

impl Eq for Program {}

impl fmt::Debug for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Program")
            .field("scenario", &self.about().name)
            .field("version", &self.variant().name)
            .field("size", &self.size)
            .finish()
    }
}

/// `check-then-act (swap)`; a scenario with one version by its name alone.
impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.has_versions() {
            write!(f, "{} ({})", self.about().name, self.variant().name)
        } else {
            f.write_str(self.about().name)
        }
    }
}
