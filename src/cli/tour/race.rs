//! Lessons 4–5: the lost update on real threads, then its proof.

use racelab::explore::report::{report, Format};
use racelab::explore::{model, Scenario};
use racelab::sync::ShuttleScheduler;

use crate::cli::count::real_threads_table;
use crate::cli::tour::paragraph;

/// Lesson 4: every counter on real threads.
pub(super) fn lost_update() {
    paragraph(
        "`count += 1` is three steps: read, add, write. Two threads that read the same value \
         both write the same successor, and one increment is lost. Here 4 real threads each \
         increment a shared count 100,000 times, on each counter of the lessons: racy, \
         split-lock (a lock around the read and another around the write), the two mutexes, \
         the atomic, and per-thread counts with nothing shared.",
    );
    real_threads_table(4, 100_000);
    println!(
        "\nWhether racy and split-lock lost any depends on whether their threads ran at the \
         same moment: luck."
    );
}

/// Lesson 5: the model checkers prove it, and show how.
pub(super) fn proof() {
    paragraph(
        "A model checker runs the same code under every interleaving. shuttle's is the \
         textbook machine, where every read sees the newest write: both threads read 0, both \
         write 1.",
    );
    let shuttle = model::shuttle(Scenario::Racy, 2, 1, &ShuttleScheduler::Dfs);
    print!("{}", report(&shuttle, Format::Text));
    println!();
    paragraph(
        "loom also lets a read return an older value, as real CPUs do; searching with the \
         fewest preemptions first, it needs none at all for the racy counter (a stale read) \
         and exactly one for split-lock, whose locks make every read fresh:",
    );
    for scenario in [Scenario::Racy, Scenario::SplitLock] {
        let loom =
            model::loom(scenario, 2, 1, None).with_fewest_preemptions(3, &Default::default());
        if let Some(fewest) = loom.fewest.get(&1) {
            println!(
                "{:<11} {}: fewest preemptions {}",
                scenario.name(),
                loom.headline(1),
                fewest.preemptions
            );
        }
    }
    println!("\n(`racelab explore racy` and `racelab explore split-lock` show those traces.)");
}
