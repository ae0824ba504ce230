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
         (`fetch_add`, lesson 6c, or a `compare_exchange` that retries until no write came \
         between) or holding one lock across it does. Two counters have that gap:",
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
    for name in ["racy", "split-lock"] {
        let program = counter(name, THREADS, INCREMENTS);
        let runs = measure::repeat(RUNS, BUDGET, || threads::run(program));
        println!("{name:<11} {}", tally(&runs));
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
        "A model checker runs the same code in every execution it can tell apart. shuttle's is the \
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
        "loom explores a weaker machine, where a read may return an older write. With one \
         shared location the memory model allows nothing more: coherence gives the location one \
         order of writes that every thread follows, so some interleaving of whole steps explains \
         every execution it allows, and racelab draws the one with the fewest preemptions. loom \
         itself sometimes produces executions that break coherence (`racelab explore racy \
         --threads 2 --increments 3` shows some); racelab's referee, which checks each \
         execution against the rules of the C++ and Rust memory model, finds them, counts them \
         apart and leaves them out of its tables (`--show-forbidden` draws one). The engines \
         count their runs differently, and {}:",
        if agree {
            "here agree on the lowest count and on the fewest preemptions that reach it"
        } else {
            "here do not agree on the lowest count or on the fewest preemptions that reach it"
        }
    ));
    for line in lines {
        println!("{line}");
    }
    println!();
    paragraph(&format!(
        "What each proves: shuttle-dfs runs every interleaving of the recorded steps, so for \
         this program and size, on a sequentially consistent machine, its search is a proof. \
         loom runs its approximation of the weaker machine, but its search has known gaps \
         ({}), and now and then it produces an execution the rules forbid. So racelab takes \
         neither engine's word alone: it runs both where both apply, names what either one \
         missed, and checks every loom execution against the rules. A bug that passes those \
         checks is real. A fix is proven for sequentially consistent runs at this size when \
         shuttle-dfs finishes clean, and that covers weak memory too where it cannot matter \
         (one shared location, as here, or every access ordered, as \
         `racelab explore --explain` says); elsewhere a clean \
         loom run is evidence about weak memory, within what loom models, not a proof.",
        match skipped {
            0 => "none showed here".to_string(),
            n => format!(
                "here it skipped {}, which shuttle-dfs found",
                counted(n, "behaviour")
            ),
        }
    ));
    paragraph("(`racelab explore racy` and `racelab explore split-lock` draw those traces.)");
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
