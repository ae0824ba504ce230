//! A course's own exercise, written as a teacher's crate would write it,
//! against racelab's public API only: a ticket dispenser.
//!
//! Two customers each take a ticket: read the next number, then write it
//! back plus one. If both read the same number, both hold the same ticket.
//! The fix takes the ticket in one step, `fetch_add`.
//!
//! ```sh
//! cargo run --example teacher_ticket_dispenser
//! ```
//!
//! It implements [`Scenario`] in this one file, then asks loom for every
//! execution of each version and prints racelab's report: the outcome
//! table, and the witness of the bug with the fewest preemptions.

use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;

use racelab::explore::model;
use racelab::explore::report::{report, Format, Hint};
use racelab::scenario::{
    About, Code, Kind, Observed, Program, Scenario, Size, SourceFile, Variant,
};
use racelab::sync::{Atomic, Runtime, StartGate};

/// Two customers take a ticket each from one dispenser.
struct TicketDispenser;

/// How a customer takes a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    /// Read the next number, then write it back plus one: two steps.
    ReadThenWrite,
    /// One `fetch_add`: one step.
    FetchAdd,
}

impl Scenario for TicketDispenser {
    type Version = Version;

    const ABOUT: About = About::new(
        // Its text too, so that `racelab play` can point at each line.
        SourceFile {
            path: file!(),
            text: include_str!("teacher_ticket_dispenser.rs"),
        },
        "ticket-dispenser",
        "E1",
        "two customers read the next ticket, then write it back plus one",
        "the two customers hold different tickets",
    )
    .roles("Roles: T1 and T2 each take one ticket from the dispenser.")
    .fix("Fix: take the ticket in one step, next.fetch_add(1, Relaxed).");

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::ReadThenWrite,
            name: "read-then-write",
            what: "a load, then a store",
            kind: Kind::Bug,
            code: &[Code {
                who: "T1 and T2",
                rust: &[
                    "let ticket = next.load(Relaxed);",
                    "next.store(ticket + 1, Relaxed);",
                ],
                python: &["ticket = next_ticket", "next_ticket = ticket + 1"],
            }],
        },
        Variant {
            version: Version::FetchAdd,
            name: "fetch-add",
            what: "one fetch_add",
            kind: Kind::Fix,
            code: &[Code {
                who: "T1 and T2",
                rust: &["next.fetch_add(1, Relaxed)"],
                python: &[],
            }],
        },
    ];

    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let next = Arc::new(Atomic::<R>::named("next", 0));
        let gate = Arc::new(R::Gate::default());
        let customers: Vec<_> = (0..2)
            .map(|_| {
                let (next, gate) = (Arc::clone(&next), Arc::clone(&gate));
                R::spawn(move || {
                    gate.wait();
                    take_ticket(&next, version)
                })
            })
            .collect();
        gate.open();
        let tickets: Vec<u64> = customers
            .into_iter()
            .map(|customer| R::join(customer).unwrap_or(u64::MAX))
            .collect();
        Observed::new(vec![
            ("T1's ticket", tickets[0]),
            ("T2's ticket", tickets[1]),
        ])
    }

    fn stress(_version: Version, _size: Size, _runs: usize) -> Result<Vec<Observed>, String> {
        Err("this exercise runs only under the model checkers".to_string())
    }

    fn correct(observed: &Observed, _size: Size) -> bool {
        observed.get("T1's ticket") != observed.get("T2's ticket")
    }
}

/// One customer takes a ticket: the number it got.
fn take_ticket<R: Runtime>(next: &Atomic<R>, version: Version) -> u64 {
    match version {
        Version::ReadThenWrite => {
            let ticket = next.load(Relaxed);
            next.store(ticket + 1, Relaxed);
            ticket
        }
        Version::FetchAdd => next.fetch_add(1, Relaxed),
    }
}

fn main() {
    for version in 0..TicketDispenser::VERSIONS.len() {
        let program = Program {
            scenario: &TicketDispenser,
            version,
            size: Size::SMALLEST,
        };
        let found = model::loom(program);
        // `Hint::words` describes what to run next in words; the racelab
        // command line would print its own commands, which know nothing of
        // this exercise.
        print!("{}", report(&found, Format::Text, &Hint::words, 80));
        println!();
    }
}
