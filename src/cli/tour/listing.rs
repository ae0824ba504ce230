//! The few lines of Rust that make each counter racy or correct, beside the
//! Python a learner would write for the same thing.
//!
//! A lesson shows a counter's listing before it shows that counter's result,
//! so no counter is used before the reader has seen what it does. The Rust
//! lines are copied from `src/counter/` (trimmed, never changed); a test
//! below fails if one of them no longer appears in the counter's source.

use racelab::explore::Scenario;

/// One counter's code, as a lesson prints it.
#[derive(Debug)]
pub(super) struct Listing {
    /// What makes the counter racy or correct, in one line.
    pub(super) what: &'static str,
    /// Lines from the counter's source in `src/counter/`.
    pub(super) rust: &'static [&'static str],
    /// The same thing in Python.
    pub(super) python: &'static [&'static str],
}

/// The listing of `scenario`'s counter.
pub(super) fn listing(scenario: Scenario) -> Listing {
    match scenario {
        Scenario::Racy => Listing {
            what: "the read and the write are two steps, with a gap between them",
            rust: &[
                "let seen = self.count.load(Relaxed);",
                "self.count.store(seen + 1, Relaxed);",
            ],
            python: &["counter += 1"],
        },
        Scenario::SplitLock => Listing {
            what: "locked for the read (`with`), unlocked, locked again for the write",
            rust: &[
                "let seen = self.count.with(|count| count.get());",
                "self.count.with(|count| count.set(seen + 1));",
            ],
            python: &["with lock: seen = counter", "with lock: counter = seen + 1"],
        },
        Scenario::Mutex => Listing {
            what: "one lock (std::sync::Mutex) held from the read to the write",
            rust: &[
                "self.count.with(|count| {",
                "    let seen = count.get();",
                "    count.set(seen + 1);",
                "});",
            ],
            python: &["with lock: counter += 1"],
        },
        Scenario::ParkingLot => Listing {
            what: "the same counter as mutex, on parking_lot's lock instead of std's",
            rust: &["pub type ParkingLotCounter = MutexCounter<ParkingLot>;"],
            python: &["with lock: counter += 1   # threading.Lock; Python has no parking_lot"],
        },
        Scenario::Atomic => Listing {
            what: "read, add and write as one indivisible operation (a single instruction on x86)",
            rust: &["self.count.fetch_add(1, Relaxed);"],
            python: &[
                "# no atomic integer in the standard library; you write",
                "with lock: counter += 1",
            ],
        },
        Scenario::Local => Listing {
            what: "each thread counts in a variable of its own; main adds them up",
            rust: &[
                "let mut counter = LocalCounter::default();",
                "for _ in 0..increments {",
                "    counter.increment();",
                "}",
                "counter.get()   // handed back by join; main takes the .sum()",
            ],
            python: &[
                "count = 0",
                "for _ in range(n): count += 1",
                "return count     # and in main: total = sum(pool.map(work, sizes))",
            ],
        },
    }
}

/// Prints `scenario`'s name and listing, indented, with a blank line after.
pub(super) fn show(scenario: Scenario) {
    let listing = listing(scenario);
    println!("{}: {}", scenario.name(), listing.what);
    print_lines("Rust  ", listing.rust);
    print_lines("Python", listing.python);
    println!();
}

fn print_lines(language: &str, lines: &[&str]) {
    for (number, line) in lines.iter().enumerate() {
        let label = if number == 0 { language } else { "" };
        println!("    {label:<6}  {line}");
    }
}

#[cfg(test)]
mod tests {
    use super::listing;
    use racelab::explore::Scenario;

    /// The source file each listing is copied from.
    fn source(scenario: Scenario) -> &'static str {
        match scenario {
            Scenario::Racy => include_str!("../../counter/racy.rs"),
            Scenario::SplitLock => include_str!("../../counter/split_lock.rs"),
            Scenario::Mutex => include_str!("../../counter/mutex.rs"),
            Scenario::ParkingLot => include_str!("../../counter/parking_lot.rs"),
            Scenario::Atomic => include_str!("../../counter/atomic.rs"),
            Scenario::Local => include_str!("../../counter/local.rs"),
        }
    }

    #[test]
    fn every_rust_line_shown_is_in_the_counters_source() {
        for scenario in Scenario::ALL {
            for line in listing(scenario).rust {
                // A listing may end a line with a comment of its own.
                let code = line.split("//").next().unwrap_or(line).trim();
                assert!(
                    source(scenario).contains(code),
                    "{scenario}: `{code}` is not in its source"
                );
            }
        }
    }
}
