//! Lessons 4–5: the lost update on real threads, then its proof.

use racelab::explore::report::brief;
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
         textbook machine, where every read sees the newest write. Its witness is drawn one \
         column per thread; `read 0 (initial)` says which write a read returned, ↯ marks a \
         preemption, (lost) an update nothing built on, and ✗ the write that replaced it:",
    );
    let shuttle = model::shuttle(Scenario::Racy, 2, 1, &ShuttleScheduler::Dfs);
    print!("{}", brief(&shuttle));
    println!();
    paragraph(
        "loom explores a weaker machine, where a read may return an older write. Still, with \
         one shared location every execution it finds is explained by some interleaving of \
         whole steps, and racelab draws the one with the fewest preemptions. Both engines agree:",
    );
    for scenario in [Scenario::Racy, Scenario::SplitLock] {
        for exploration in [
            model::loom(scenario, 2, 1),
            model::shuttle(scenario, 2, 1, &ShuttleScheduler::Dfs),
        ] {
            if let Some((count, outcome)) = exploration.lost_update() {
                println!(
                    "{:<11} under {:<12} reaches {count} of {}; fewest preemptions: {}",
                    scenario.name(),
                    exploration.engine.name(),
                    exploration.expected(),
                    outcome
                        .witness
                        .preemptions()
                        .map_or_else(|| "unknown".to_string(), |p| p.to_string())
                );
            }
        }
    }
    println!("\n(`racelab explore racy` and `racelab explore split-lock` draw those traces.)");
}
