//! The words a report uses, explained once: a line each under every
//! report, for the words it used, and the whole of each under
//! `racelab explore --explain`.

use crate::explore::report::{Commands, Hint};
use crate::trace::render::wrapping;

/// One word of the legend: what it means in a line, and in full.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// The word.
    pub word: &'static str,
    /// What it means, in one line.
    pub short: &'static str,
    /// What it means, in full.
    pub long: &'static str,
}

/// The legend, in the order a reader meets the words.
pub const LEGEND: [Entry; 18] = [
    Entry {
        word: "behaviour",
        short: "each thread's steps, and which write each read returned.",
        long: "one way a run of the program can go: each thread's steps, and which write each \
               read returned. Two executions with the same steps and the same reads-from are \
               one behaviour, however an engine ordered the steps that do not touch each other. \
               Every engine that reaches a behaviour counts it once, however many runs it took, \
               so the number means the same on loom and on shuttle. Where two complete searches \
               still differ in the behaviours an interleaving explains, one engine missed a \
               behaviour the other reached (loom has known gaps), and the report names it; loom \
               alone reaches weak memory, and bounded searches count preemptions each its own \
               way, so theirs may differ.",
    },
    Entry {
        word: "execution, schedule",
        short: "one run by an engine; many runs may be one behaviour.",
        long: "one run of the program by an engine. loom runs executions: it tries both orders \
               of two threads' steps mainly where they touch the same location (one of them \
               writing) or lock, and, for each read, every write it may return among the last 7 \
               stores to its location (loom keeps no more). shuttle-dfs runs schedules: one for \
               each order of the steps the threads record. Both also order the spawns, joins, \
               starts and ends of threads, so many runs are the same behaviour: the counts \
               measure an engine's work, not how often a machine does something.",
    },
    Entry {
        word: "interleaving",
        short: "all the steps in one order; each read returns the newest write.",
        long: "one order of all the threads' steps, taken one whole step at a time, in which \
               every read returns the newest write to its location. It is how textbooks \
               picture threads (a sequentially consistent machine), and what shuttle runs.",
    },
    Entry {
        word: "preemption",
        short: "a switch away from a thread that could have gone on (↯).",
        long: "a switch away from a thread that could have taken its next step. A switch when a \
               thread finishes, or waits for a lock another thread holds, a condition variable \
               or a join, is not one. `racelab explore` draws a trace that some interleaving \
               explains as the one with the fewest preemptions (CHESS's measure): in the CHESS \
               studies, most bugs needed at most two. A weak-memory trace is drawn as a \
               schedule, with no preemptions counted. ↯ marks the step a preemption switched to.",
    },
    Entry {
        word: "reads-from",
        short: "which write a read returned: (T1@5) is T1's write at step 5.",
        long: "which write a read returned. `read 1 (T1@5)` returned the 1 that T1 wrote at \
               step 5; `(initial)` is the value the location started with. Values repeat (two \
               threads can both write 1), so racelab records the write, not just the value.",
    },
    Entry {
        word: "lost update",
        short: "an update missing from the final value (lost); ✗ replaced it.",
        long: "a write whose increment never reaches the final value. Follow the chain back \
               from the final value: each write was based on a read, which returned an earlier \
               write, and so on to the initial value. A write off that chain is marked (lost), \
               even if a later write of its own thread built on it, for that later write is off \
               the chain too; the write that replaced it, based on a read from before it, is \
               marked ✗. A named state that is replaced, rather than a count, is marked \
               (overwritten). The number of updates lost is always expected − got.",
    },
    Entry {
        word: "overwritten",
        short: "a state replaced by a write that never read it (✗).",
        long: "a named state (a flag's `down`, a task's `running`) that another write \
               replaced, although that write was based on a read from before it: the writer \
               acted on what it had seen, not on what was there. The write that replaced it is \
               marked ✗.",
    },
    Entry {
        word: "⚠",
        short: "a read that returned an older write than the newest drawn.",
        long: "a read that returned an older write than the newest one in the order drawn. \
               No interleaving explains the execution it belongs to (no order of whole steps \
               gives every read the newest write), and the note under the drawing says why the \
               memory model allows it (weak memory) or forbids it.",
    },
    Entry {
        word: "⚡",
        short: "two accesses in a data race: undefined behaviour in Rust.",
        long: "two accesses to one plain (not atomic) location by different threads, one a \
               write, that nothing orders by happens-before: a data race, undefined behaviour \
               in Rust, which safe Rust rejects at compile time.",
    },
    Entry {
        word: "⊘",
        short: "the step that breaks a rule of the memory model (forbidden).",
        long: "the step of a forbidden execution that breaks a rule of the memory model; the \
               note under the drawing names the rule.",
    },
    Entry {
        word: "grades",
        short: "correct or not, by the program's contract.",
        long: "by the program's contract: correct, or wrong (for a counter: every increment \
               counted, or lost updates). jcstress grades by the outcomes a test's author \
               declares, usually by what the memory model allows: its FORBIDDEN means \"this \
               result must never appear\", most often because the model rules it out; racelab's \
               grades mean right or wrong.",
    },
    Entry {
        word: "weak memory",
        short: "no interleaving explains it, and the memory model allows it.",
        long: "an execution that no interleaving explains (its reads returned writes that no \
               order of whole steps would have them return) and that the memory model allows. \
               racelab computes both for every execution. With one shared atomic location it \
               never happens: coherence gives each atomic location one order of writes that every \
               thread follows (a race on plain memory is another matter: undefined behaviour). Nor \
               when, in every execution, any two accesses of different threads to one location, \
               one a write, are ordered by happens-before (a lock, a spawn, a join, or an \
               Acquire load that read a Release store) or are both SeqCst: the DRF-SC theorem. \
               A Release store and an Acquire load of one place are not enough by being there: \
               in store buffering the load reads the initial value and orders nothing.",
    },
    Entry {
        word: "happens-before",
        short: "program order plus locks, spawn, join and Release-Acquire pairs.",
        long: "the order that C++ and Rust guarantee between accesses: program order within a \
               thread, joined across threads by a lock's unlock and its next lock, a spawn and \
               the spawned thread's first step, a thread's last step and its join, and an \
               Acquire load that reads a Release store or a store in its release sequence \
               (synchronizes-with); Release and Acquire fences synchronize too, with the \
               stores after and the loads before them. Two accesses to one \
               plain location from different threads, one a write, that it does not order are \
               a data race.",
    },
    Entry {
        word: "forbidden",
        short: "the memory model rules it out: an engine produced it in error.",
        long: "an execution that the memory model rules out: no program can behave so. loom \
               0.7.3 produces some (a thread reading its own older write after a newer one; loom \
               issues 254 and 389 report related wrong histories with read-modify-writes; SeqCst loads and stores treated as Acquire and Release, \
               issue 180). racelab checks every execution that no interleaving explains against \
               the C++20 model's axioms (coherence with happens-before, atomicity of \
               read-modify-writes, one order of SeqCst operations, no values out of thin air), \
               counts the ones that break one apart, leaves them out of the outcomes, and names \
               the axiom and the step.",
    },
    Entry {
        word: "loom",
        short: "a model checker of interleavings and weak memory, close to C++'s model.",
        long: "a model checker that sets out to run every execution of a small program on its \
               approximation of the C++ and Rust memory model: within the rules, a read may \
               return an older write than the newest (but never a write that has not run yet, \
               so load buffering never shows). Its search has known gaps, where it skips \
               interleavings it should try (loom issues 166 and 392): the racy cancel's \
               check-then-act version is one. It treats SeqCst loads and stores as Acquire and \
               Release (loom issue 180), \
               and models SeqCst fences.",
    },
    Entry {
        word: "shuttle",
        short: "a model checker of a sequentially consistent machine.",
        long: "a model checker of a sequentially consistent machine: every read returns the \
               newest write. dfs runs every order of the steps threads record; random picks a \
               random runnable thread at each step; PCT gives threads random priorities and \
               lowers the running thread's at depth − 1 random points of each run, so at depth \
               1 the highest-priority runnable thread always runs. The seed fixes the random \
               choices: the same seed, the same runs. A printed schedule replays one run \
               exactly, as racelab's programs are deterministic apart from scheduling.",
    },
    Entry {
        word: "PCT",
        short: "shuttle's sampler: random priorities, changed at depth − 1 points of a run.",
        long: "Probabilistic Concurrency Testing, one of shuttle's schedulers: each run gives \
               the threads random priorities and lowers the running thread's at depth − 1 \
               random points, so at depth d each run has a chance, which it can bound but which \
               shrinks as runs grow longer, to find a bug that needs d − 1 preemptions. Its runs are a sample: they can show a bug, not its absence.",
    },
    Entry {
        word: "proof, sample",
        short: "shuttle-dfs run to the end proves; loom has gaps; else a sample.",
        long: "shuttle-dfs, run to the end, proves what it found for the size given, on a \
               sequentially consistent machine: a bug it shows can happen, and a fix it runs \
               clean cannot break there. That covers weak memory too where weak memory cannot \
               matter: a program that shares only one atomic location, or whose shared accesses \
               are all ordered by happens-before or all SeqCst. loom runs its approximation of \
               the C++ and Rust model: a bug it shows that the rules allow is real, but its \
               search has known gaps, so a clean loom run is evidence within what loom models, \
               not a proof. Wherever both searches finish, racelab runs shuttle-dfs too and \
               names each behaviour that an interleaving explains and loom skipped, and its \
               tests check that shuttle-dfs finds every such behaviour loom finds. A bounded \
               search (the stolen wakeup: at most 2 preemptions, each engine counting them its \
               own way) covers only the executions within the bound. Stopped early, or random, \
               PCT and real threads: a sample, which can show a bug but cannot show its \
               absence.",
    },
];

/// The entries of the legend whose word `shown` uses.
///
/// ```
/// use racelab::explore::report::words_used;
///
/// let words: Vec<&str> = words_used("2 │ correct").iter().map(|e| e.word).collect();
/// assert_eq!(words, ["grades"]);
/// ```
pub fn words_used(shown: &str) -> Vec<Entry> {
    let shown = shown.to_lowercase();
    let reads_from = shown.contains("(initial)") || shown.contains('@');
    LEGEND
        .into_iter()
        .filter(|entry| match entry.word {
            "reads-from" => reads_from,
            "lost update" => shown.contains("(lost)") || shown.contains("lost update"),
            "overwritten" => shown.contains("(overwritten)"),
            "execution, schedule" => shown.contains("execution") || shown.contains("schedule"),
            "grades" => true,
            "proof, sample" => shown.contains("proof") || shown.contains("sample"),
            "PCT" => shown.contains("pct"),
            "interleaving" => shown.contains("interleaving"),
            "preemption" => shown.contains("preemption"),
            "weak memory" => shown.contains("weak memory"),
            word => shown.contains(word),
        })
        .collect()
}

/// The whole legend as text, each entry wrapped at `width`.
pub fn legend_text(width: usize) -> String {
    let mut out = String::from("What the words in racelab's reports mean\n\n");
    for entry in LEGEND {
        let text = format!("{}: {}", entry.word, entry.long);
        let options = wrapping(width).subsequent_indent("  ");
        for line in textwrap::wrap(&text, options) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// A line for each word of the legend that `shown` uses, and where to read
/// more.
///
/// A word the report already defines in its own sentences (behaviour) or
/// whose table says it (grades) is left out, and the reads-from example
/// is one that the report drew.
pub fn short_legend(shown: &str, commands: Commands<'_>, width: usize) -> String {
    let mut out = String::from("Words used above\n");
    let defined = |word: &str| match word {
        "behaviour" => shown.contains("A behaviour is"),
        "grades" => true,
        _ => false,
    };
    for entry in words_used(shown).into_iter().filter(|e| !defined(e.word)) {
        let short = match entry.word {
            "reads-from" => reads_from(shown),
            _ => entry.short.to_string(),
        };
        let text = format!("{}: {short}", entry.word);
        let options = wrapping(width).subsequent_indent("  ");
        for line in textwrap::wrap(&text, options) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push_str(&format!("Each in full:\n  {}\n", commands(&Hint::Legend)));
    out
}

/// The reads-from line, its example the first that `shown` drew:
/// `(T1@4) is T1's write at step 4`.
fn reads_from(shown: &str) -> String {
    let example = shown.match_indices("(T").find_map(|(at, _)| {
        let rest = &shown[at + 2..];
        let (thread, rest) = rest.split_once('@')?;
        let (step, _) = rest.split_once(')')?;
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        (digits(thread) && digits(step))
            .then(|| format!("(T{thread}@{step}) is T{thread}'s write at step {step}"))
    });
    let mut line = match example {
        Some(example) => format!("which write a read returned: {example}."),
        None => "which write a read returned; (initial): the location's first value.".to_string(),
    };
    if shown.contains("'s write no. ") {
        line.push_str(" Where no steps are numbered, (T2's write no. 1) is T2's first write.");
    }
    line
}

#[cfg(test)]
mod tests {
    use super::{reads_from, LEGEND};

    #[test]
    fn each_short_entry_is_one_line_of_80_columns() {
        for entry in LEGEND {
            let line = format!("{}: {}", entry.word, entry.short);
            assert!(line.chars().count() <= 80, "{line}");
        }
    }

    #[test]
    fn the_reads_from_example_is_one_the_report_drew() {
        let shown = "3 │ read 1 (T2@7)\n4 │ read 0 (initial)";
        assert_eq!(
            reads_from(shown),
            "which write a read returned: (T2@7) is T2's write at step 7."
        );
        assert!(reads_from("read 0 (initial)").contains("(initial)"));
    }
}
