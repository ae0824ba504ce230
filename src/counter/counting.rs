//! What the six counters share as scenarios: `threads` threads each add 1
//! `increments` times; the outcome is the final count, and the contract is
//! that it is threads × increments. A lost update is a count below that.

use crate::counter::{count_shared, Counter};
use crate::scenario::{About, Code, Kind, Observed, Size, Variant};

/// A counter's [`About`]: its name, lesson number and what it does; it is
/// sized, its outcome is a count, and a wrong one has lost updates.
pub const fn about(
    file: crate::scenario::SourceFile,
    name: &'static str,
    number: &'static str,
    summary: &'static str,
) -> About {
    let mut about = About::new(
        file,
        name,
        number,
        summary,
        "the count ends at threads × increments",
    )
    .roles("Roles: each thread adds 1 to count, which starts at 0.");
    about.wrong = "lost updates";
    about.outcome = "count";
    about.sized = true;
    about.highest_first = true;
    about
}

/// A counter's one version: the counter itself.
pub const fn only(
    name: &'static str,
    what: &'static str,
    kind: Kind,
    code: &'static [Code],
) -> Variant<()> {
    Variant {
        version: (),
        name,
        what,
        kind,
        code,
    }
}

/// The outcome of one run: the final count.
pub fn observed(count: u64) -> Observed {
    Observed::new(vec![("count", count)])
}

/// `runs` runs of the counter `C` on real threads, each starting its own.
pub fn stress<C: Counter>(size: Size, runs: usize) -> Vec<Observed> {
    (0..runs)
        .map(|_| observed(count_shared::<C>(size.threads, size.increments)))
        .collect()
}

/// The exact count: threads × increments.
pub fn expected(size: Size) -> u64 {
    size.threads as u64 * size.increments
}

/// The final count of an outcome.
pub fn count(observed: &Observed) -> u64 {
    observed.get("count").unwrap_or(0)
}

/// `the count ends at 2`.
pub fn contract(size: Size) -> String {
    format!("the count ends at {}", expected(size))
}

/// Every increment counted.
pub fn correct(observed: &Observed, size: Size) -> bool {
    count(observed) == expected(size)
}

/// `lost update: expected 2, got 1`.
pub fn headline(observed: &Observed, size: Size) -> String {
    format!(
        "lost update: expected {}, got {}",
        expected(size),
        count(observed)
    )
}

/// `1`: a count alone, in a column headed "count".
pub fn outcome(observed: &Observed) -> String {
    count(observed).to_string()
}

/// `every increment counted`, or `2 updates lost`.
pub fn meaning(observed: &Observed, size: Size) -> String {
    let lost = expected(size).saturating_sub(count(observed));
    match lost {
        0 => "every increment counted".to_string(),
        1 => "1 update lost".to_string(),
        n => format!("{n} updates lost"),
    }
}
