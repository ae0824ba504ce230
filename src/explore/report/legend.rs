//! The words a report uses, explained once.

/// The legend printed at the end of `racelab explore` and by
/// `racelab explore --explain`: each word, then what it means.
pub const LEGEND: [(&str, &str); 10] = [
    (
        "interleaving",
        "one order of all the threads' steps, taken one whole step at a time, in which every \
         read returns the newest write to its location. It is how textbooks picture threads, \
         and what shuttle runs.",
    ),
    (
        "preemption",
        "a switch away from a thread that could have taken its next step. A switch when a \
         thread finishes (its last step in its column), or waits for a lock, a condition \
         variable or a join, is not one, and is not marked. `racelab explore` draws a trace that \
         some interleaving explains as the one with the fewest preemptions (CHESS's measure): in the \
         CHESS studies, most bugs needed at most two. A weak-memory trace is drawn as a \
         schedule, with no preemptions counted; `racelab play` counts those of the order \
         played. ↯ marks the step a preemption switched to.",
    ),
    (
        "reads-from",
        "which write a read returned. `read 1 (T1@5)` returned the 1 that T1 wrote at step 5; \
         `(initial)` is the value the location started with. Values repeat (two threads can \
         both write 1), so racelab records the write, not just the value.",
    ),
    (
        "lost update",
        "a write whose increment never reaches the final value. Follow the chain back from the \
         final value: each write was based on a read, which saw an earlier write, and so on to \
         the initial value. A write off that chain is marked (lost), even if a later write of \
         its own thread built on it; the write that replaced it, based on a read from before \
         it, is marked ✗.",
    ),
    (
        "execution, schedule",
        "loom explores executions: it tries both orders of two threads' steps mainly where \
         they touch the same location (one of them writing) or lock, and, for each read, every \
         write it may return among the last 7 stores to its location (loom keeps no more). \
         shuttle-dfs \
         explores schedules: every choice of which thread runs at each scheduling point. \
         Neither is a count of textbook interleavings of the reads and writes: the engines \
         also schedule the spawns, joins, starts and ends of threads, and each counts in its \
         own way, and several runs may return the same writes to the same reads. The \
         executions column counts the engine's runs, not how often a machine does it: do not \
         compare it across engines or read its ratios as odds.",
    ),
    (
        "loom",
        "a model checker that sets out to run every execution of a small program on its \
         approximation of the C++ and Rust memory model: within the rules, a read may return an \
         older write than the newest (but never a write that has not run yet, so load \
         buffering never shows). Its search has known gaps, where it skips interleavings it \
         should try (loom issues 166 and 392): the pool's racy cancel is one, where loom never \
         reaches an outcome that shuttle-dfs does. It treats SeqCst loads and stores as Acquire and Release (loom issue 180), \
         and models SeqCst fences.",
    ),
    (
        "shuttle",
        "a model checker of a sequentially consistent machine: every read returns the newest \
         write. dfs runs every schedule; random picks a random runnable thread at each step; \
         PCT gives threads random priorities and lowers the running thread's at depth − 1 \
         random points of each run; at depth 1 the highest-priority runnable thread always runs. \
         The seed fixes the random choices: the same seed, the same runs. A printed schedule \
         replays one run exactly, as racelab's programs are deterministic apart from \
         scheduling.",
    ),
    (
        "grades",
        "by the program's contract: correct, or wrong (for a counter: every increment counted, \
         or lost updates). \
         jcstress grades by the outcomes a test's author declares, usually by what the memory \
         model allows: its FORBIDDEN means \"this result must never appear\", most often \
         because the model rules it out; racelab's grades mean right or wrong.",
    ),
    (
        "weak memory",
        "an execution that no interleaving explains: its reads returned writes that no order \
         of whole steps would have them return. racelab computes this for every execution. \
         With one shared location it never happens: coherence gives each location one order \
         of writes, and every thread's reads and writes follow it. With every shared location \
         accessed only while holding its lock, it never happens either. So every execution of a \
         one-location or lock-protected program, such as the counters, is explained by some \
         interleaving.",
    ),
    (
        "proof, sample",
        "loom and shuttle-dfs, run to the end, are each a proof for the size given, on their \
         own machine model and as far as their search is complete: shuttle-dfs for a \
         sequentially consistent machine (enough for a program that shares only one location, \
         or only data behind locks), loom for its approximation of the C++ and Rust model, \
         less its known gaps — which is why racelab's tests check that the two engines reach \
         the same outcomes wherever weak memory cannot matter. Where loom's search is bounded \
         (the stolen wakeup: at most 2 preemptions, counted loom's way), the proof covers only \
         the executions within the bound. Stopped early, or random, PCT and real threads: a \
         sample, which can show a bug but cannot show its absence.",
    ),
];

/// The entries of the legend whose word `shown` uses: a report lists only
/// those, under "Words used above". The table's "grade" column is always
/// there, and a read's `(initial)` or `(T1@4)` is the reads-from notation.
///
/// ```
/// use racelab::explore::report::words_used;
///
/// let words: Vec<&str> = words_used("2 │ correct").iter().map(|(w, _)| *w).collect();
/// assert_eq!(words, ["grades"]);
/// ```
pub fn words_used(shown: &str) -> Vec<(&'static str, &'static str)> {
    let shown = shown.to_lowercase();
    let reads_from = shown.contains("(initial)") || shown.contains('@');
    LEGEND
        .into_iter()
        .filter(|(word, _)| match *word {
            "reads-from" => reads_from,
            "lost update" => shown.contains("lost"),
            "execution, schedule" => shown.contains("execution") || shown.contains("schedule"),
            "grades" => true,
            "proof, sample" => shown.contains("proof") || shown.contains("sample"),
            word => shown.contains(word),
        })
        .collect()
}

/// The legend as text, each entry wrapped at `width`.
pub fn legend_text(width: usize) -> String {
    legend_entries_text(&LEGEND, width)
}

/// The entries of the legend that `shown` uses, as text wrapped at `width`.
pub fn legend_for(shown: &str, width: usize) -> String {
    legend_entries_text(&words_used(shown), width)
}

fn legend_entries_text(entries: &[(&str, &str)], width: usize) -> String {
    let mut out = String::from("Words used above\n");
    for (word, meaning) in entries {
        let entry = format!("{word}: {meaning}");
        let options = crate::trace::render::wrapping(width).subsequent_indent("  ");
        for line in textwrap::wrap(&entry, options) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
