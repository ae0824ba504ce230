//! Lessons 4–5: the lost update on real threads, then its proof.
//!
//! Lesson 4 runs the two racy counters on real threads many times and counts
//! the runs that lost updates; lesson 5 runs the model checkers, which do not
//! depend on timing.

use std::time::Duration;

use racelab::counter::counting;
use racelab::explore::report::brief;
use racelab::explore::report::counted;
use racelab::explore::threads::{self, RealRun};
use racelab::explore::{compare, model, Exploration};
use racelab::sync::Budget;
use racelab::sync::ShuttleScheduler;

use crate::cli::commands;
use crate::cli::numbers::grouped;
use crate::cli::tour::{counter, listing, measure, paragraph};

/// Threads that increment at once in lesson 4.
const THREADS: usize = 2;
/// Increments per thread in each run of lesson 4.
const INCREMENTS: u64 = 100_000;
/// Runs per counter in lesson 4.
const RUNS: usize = 20;
/// Lesson 4 stops running a counter again once this much time is spent.
const BUDGET: Duration = Duration::from_millis(400);

/// Lesson 4: the racy counters on real threads, run again and again, and
/// the runs that lost updates counted, as jcstress counts its outcomes.
///
/// Its time budget: at most [`BUDGET`] per counter (about 0.3 s in all on an
/// idle machine).
pub(super) fn lost_update() {
    paragraph(
        "Python's `counter += 1` is three steps: read the count, add one, write it back. If \
         two threads both read 5, both write 6, and one increment is lost. Safe Rust will not let \
         two threads write a plain integer without synchronisation: that would be a data race, \
         undefined behaviour, worse than a lost update. So the racy counter reads and writes it \
         with an atomic load and an atomic store: each happens whole, but they are two steps, \
         and another thread can run between them. No memory ordering closes that gap, not \
         even the strongest, `SeqCst`: only making the read-add-write one indivisible step \
         (`fetch_add`, lesson 6c, or a `compare_exchange` that retries until the count still \
         holds the value it read: here, as the count only grows, until no write came between) or holding one lock across it does. Two counters have that gap:",
    );
    listing::show("racy");
    listing::show("split-lock");
    paragraph(&format!(
        "Each counter runs up to {RUNS} times (stopping after {:.1} seconds) on {THREADS} \
         real threads, each thread incrementing {} times. The threads wait at a spin gate \
         and leave it together, so that they overlap if the machine has two cores free. \
         Whether an update is lost depends on that timing, so a run that loses nothing \
         proves nothing: on a busy machine the threads may simply run one after the other.",
        BUDGET.as_secs_f64(),
        grouped(INCREMENTS)
    ));
    let mut most = Vec::new();
    for name in ["racy", "split-lock"] {
        let program = counter(name, THREADS, INCREMENTS);
        let runs = measure::repeat(RUNS, BUDGET, || threads::run(program));
        println!("{name:<11} {}", tally(&runs));
        most.push(runs.iter().map(RealRun::lost).max().unwrap_or(0));
    }
    if most[1] > most[0] {
        println!();
        paragraph(
            "The split-lock counter lost more here, though it locks: its gap between read and \
             write holds an unlock and a lock. When a thread finds the lock held as it comes to \
             write, it waits inside its gap, perhaps while the other completes many \
             increments, and its write then erases them all.",
        );
    }
    println!("\nLesson 5 proves, with no luck involved, that an update can be lost, and how.");
}

/// One line, as jcstress reports outcomes: in how many runs updates were
/// lost, and the most lost in one run.
fn tally(runs: &[RealRun]) -> String {
    let expected = grouped(runs[0].expected);
    let losing = runs.iter().filter(|run| run.lost() > 0).count();
    let most = runs.iter().map(RealRun::lost).max().unwrap_or(0);
    if losing == 0 {
        format!(
            "exact ({expected}) in all {} runs: no update was lost this time",
            runs.len()
        )
    } else {
        format!(
            "lost updates in {losing} of {} runs, up to {} of {expected} in one run",
            runs.len(),
            grouped(most)
        )
    }
}

/// Lesson 5: the model checkers prove it, and show how.
pub(super) fn proof() {
    paragraph(
        "A model checker tries to run the same code in every execution it can tell apart. shuttle's is the \
         sequentially consistent machine, where every read sees the newest write. Its witness is drawn one \
         column per thread; `read 0 (initial)` says which write a read returned, ↯ marks a \
         preemption, (lost) a write whose increment never reaches the final value, and ✗ the \
         step where the run goes wrong (here, the write that replaced it):",
    );
    let shuttle = model::shuttle(counter("racy", 2, 1), ShuttleScheduler::Dfs);
    print!("{}", brief(&shuttle, &commands::line, 80));
    println!();
    let mut lines = Vec::new();
    let mut agree = true;
    let mut skipped = 0;
    for name in ["racy", "split-lock"] {
        let program = counter(name, 2, 1);
        let found = [
            model::loom(program),
            model::shuttle(program, ShuttleScheduler::Dfs),
        ];
        skipped += compare(&found[0], Budget::default()).map_or(0, |c| c.missed_here.len());
        let facts: Vec<_> = found.iter().map(lowest_and_fewest).collect();
        agree &= facts[0] == facts[1];
        for (exploration, (lowest, fewest)) in found.iter().zip(facts) {
            lines.push(format!(
                "{name:<11} under {:<11} can end at {} (expected {}); fewest preemptions: {}",
                exploration.engine.name(),
                lowest.map_or_else(|| "nothing wrong".to_string(), |l| l.to_string()),
                counting::expected(program.size),
                fewest.map_or_else(|| "none".to_string(), |p| p.to_string())
            ));
        }
    }
    paragraph(&format!(
        "Two engines, two machines. shuttle-dfs, which drew that trace, runs every \
         interleaving of the recorded steps on a sequentially consistent machine: every read \
         returns the newest write. {}",
        shuttle_finding(&shuttle)
    ));
    paragraph(&format!(
        "loom runs a weaker machine, closer to what Rust's memory model lets compilers and \
         CPUs do: a read may return an older write. With one shared location, as here, that \
         adds nothing: coherence gives the location one order of writes that every thread \
         follows, so an interleaving explains every execution the rules allow. loom's search has known gaps \
         ({}), and now and then it runs an execution that the rules forbid (`racelab explore \
         racy --threads 2 --increments 3` shows some). So racelab checks every loom execution \
         against the rules of the C++ and Rust memory model, leaves the forbidden ones out, \
         and sets the two engines side by side. Here they {}:",
        match skipped {
            0 => "none showed here".to_string(),
            n => format!(
                "here it skipped {}, which shuttle-dfs found",
                counted(n, "behaviour")
            ),
        },
        if agree {
            "agree on the lowest count and on the fewest preemptions that reach it"
        } else {
            "do not agree on the lowest count or on the fewest preemptions that reach it"
        }
    ));
    for line in lines {
        println!("{line}");
    }
    println!();
    paragraph(
        "So a bug either engine shows, and the rules allow, is real. A fix is proven at its \
         size when shuttle-dfs finishes clean and weak memory cannot matter (one shared \
         location, as in lesson 6's atomic counter, or every access ordered by one lock, as in \
         its mutex counter; `racelab explore --explain` says more); where \
         it can matter, loom's clean run is evidence within what loom models, not a proof.",
    );
    paragraph(
        "(`racelab explore racy --engine shuttle-dfs` draws the trace above; `racelab explore \
         racy` and `racelab explore split-lock` draw loom's.)",
    );
}

/// What shuttle-dfs's search of the racy counter showed, and whether it
/// is a proof: only a search run to the end is.
fn shuttle_finding(shuttle: &Exploration) -> String {
    let (lowest, fewest) = lowest_and_fewest(shuttle);
    let (Some(lowest), Some(fewest)) = (lowest, fewest) else {
        return "This time it found no lost update.".to_string();
    };
    let what = format!(
        "the count can end at {lowest}, and {} enough for it",
        match fewest {
            1 => "1 preemption is".to_string(),
            n => format!("{n} preemptions are"),
        }
    );
    if shuttle.is_proof() {
        format!(
            "Its search ran to the end, so this is proven for this program at this size: {what}."
        )
    } else {
        format!("Its search stopped before the end, so this holds in the runs it made: {what}.")
    }
}

/// The lowest count a counter's exploration reached, and the fewest
/// preemptions that reach it.
fn lowest_and_fewest(exploration: &Exploration) -> (Option<u64>, Option<usize>) {
    let Some(observed) = exploration.wrong().into_iter().next() else {
        return (None, None);
    };
    let fewest = exploration.outcomes[observed].witness.preemptions();
    (Some(counting::count(observed)), fewest)
}
