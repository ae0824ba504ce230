//! Every ratio the tour prints can be checked from the figures printed
//! beside it, and every sentence it draws from a measurement or a search
//! holds for the figures it printed: recomputed here from the printed text
//! of lessons 3, 7 and 8, and from loom for lesson 9's list.

mod common;

use common::racelab;

/// The words of `line`, split at spaces.
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// The words after a row's first colon: `102.5 ms (speed-up over 1 worker:
/// 1025.2 / 102.5 = 10.0×)`.
fn after_colon(row: &str) -> Vec<&str> {
    words(row.split_once(':').expect("a colon").1)
}

/// `value` rounded to one decimal, as the tour prints a ratio.
fn one_decimal(value: f64) -> String {
    format!("{value:.1}")
}

#[test]
fn lesson_3s_speed_ups_divide_the_times_printed() {
    let (code, out, err) = racelab(&["tour", "--lesson", "3"]);
    assert_eq!(code, 0, "{err}");
    // `  10 workers:   102.5 ms  (speed-up over 1 worker: 1025.2 / 102.5 = 10.0×)`
    let rows: Vec<&str> = out.lines().filter(|l| l.contains("speed-up")).collect();
    assert_eq!(rows.len(), 3, "{out}");
    let one: f64 = after_colon(rows[0])[0].parse().unwrap();
    for row in rows {
        let w = after_colon(row);
        let ms: f64 = w[0].parse().unwrap();
        let (over, by) = (w[6], w[8]);
        assert_eq!(over.parse::<f64>().unwrap(), one, "{row}");
        assert_eq!(by.parse::<f64>().unwrap(), ms, "{row}");
        let said = w[10].trim_end_matches(')').trim_end_matches('×');
        assert_eq!(said, one_decimal(one / ms), "{row}");
    }
}

#[test]
fn lesson_7s_ratios_divide_the_medians_printed_and_runs_are_as_said() {
    let (code, out, err) = racelab(&["tour", "--lesson", "7"]);
    assert_eq!(code, 0, "{err}");
    // `counter      runs   median         min–max     × racy`, then one row each.
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("counter"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect();
    assert!(table.len() >= 4, "{out}");
    let base: f64 = words(table[0])[2].parse().unwrap();
    for row in table {
        let w = words(row);
        let runs: usize = w[1].parse().unwrap();
        assert!(
            (1..=5).contains(&runs),
            "up to 5 runs, as the text says: {row}"
        );
        let median: f64 = w[2].parse().unwrap();
        assert_eq!(w[4], one_decimal(median / base), "{row}");
    }
    assert!(out.contains("up to 5 runs per counter"), "{out}");
}

#[test]
fn lesson_8_says_the_loop_is_free_only_when_its_own_figures_show_it() {
    let (code, out, err) = racelab(&["tour", "--lesson", "8"]);
    assert_eq!(code, 0, "{err}");
    let words: Vec<&str> = out.split_whitespace().collect();
    // `Its 2,000,000 increments took 0.10 ms in all; 200,000,000 took 0.11 ms.`
    let at = words
        .windows(2)
        .position(|w| w == ["in", "all;"])
        .expect("the two folded runs");
    let short: f64 = words[at - 2].parse().unwrap();
    let long: f64 = words[at + 4].parse().unwrap();
    let text = words.join(" ");
    assert_eq!(
        text.contains("so the loop is free"),
        long < 3.0 * short,
        "{short} ms, then {long} ms:\n{out}"
    );
    if long >= 3.0 * short {
        let said = format!("took {:.1} times as long", long / short);
        assert!(text.contains(&said), "{said}:\n{out}");
        assert_eq!(
            text.contains("far from a hundred"),
            long < 30.0 * short,
            "{out}"
        );
    }
    // The racy counter's remark stands only when its printed median is the
    // lower one.
    let median = |name: &str| -> f64 {
        // In the cost table, below its header (the listing above it has a
        // `local` line of its own).
        let row = out
            .lines()
            .skip_while(|l| !l.starts_with("counter"))
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap();
        row.split_whitespace().nth(2).unwrap().parse().unwrap()
    };
    assert_eq!(
        text.contains("do not show that sharing is cheaper"),
        median("racy") < median("local"),
        "{out}"
    );
}

#[test]
fn lesson_9_names_exactly_the_bugs_that_only_weak_memory_reaches() {
    use racelab::explore::model;
    use racelab::scenario::{self, Program, Size};
    let (code, out, err) = racelab(&["tour", "--lesson", "9"]);
    assert_eq!(code, 0, "{err}");
    let weak: Vec<&str> = scenario::ALL
        .iter()
        .filter(|s| s.about().number.starts_with("9."))
        .filter(|&&s| {
            let found = model::loom(Program::named(s, None, Size::SMALLEST).unwrap());
            let wrong = found.wrong();
            !wrong.is_empty() && wrong.iter().all(|o| found.weak_memory_only(o))
        })
        .map(|s| s.about().number)
        .collect();
    let said = format!(
        "{} of them ({}) break only under weak memory",
        weak.len(),
        weak.join(", ")
    );
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains(&said), "{said}\n{out}");
    assert!(
        weak.len() >= 3,
        "message passing, store buffering, Peterson at least"
    );
}

#[test]
fn lesson_9_counts_each_versions_behaviours_as_loom_finds_them() {
    use racelab::explore::{compare, model};
    use racelab::scenario::{self, Program, Size};
    use racelab::sync::Budget;
    let (code, out, err) = racelab(&["tour", "--lesson", "9"]);
    assert_eq!(code, 0, "{err}");
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    for &s in scenario::ALL {
        if !s.about().number.starts_with("9.") {
            continue;
        }
        let buggy = Program::named(s, None, Size::SMALLEST).unwrap();
        for program in std::iter::once(buggy).chain(buggy.fixes().first().copied()) {
            let found = model::loom(program);
            let wrong: usize = found
                .wrong()
                .iter()
                .map(|o| found.outcomes[*o].behaviours)
                .sum();
            let skipped =
                compare(&found, Budget::default()).map_or_else(Vec::new, |c| c.missed_here);
            let skipped_wrong = skipped
                .iter()
                .filter(|b| !found.correct(&b.observed))
                .count();
            if !skipped.is_empty() {
                let more = format!("shuttle-dfs found {} more", skipped.len());
                assert!(
                    text.contains(&more),
                    "{}: {more}\n{out}",
                    program.variant().name
                );
            }
            let said = format!(
                "{} {} {} of {} behaviours",
                if wrong + skipped_wrong == 0 {
                    "✓"
                } else {
                    "✗"
                },
                program.variant().name,
                wrong,
                found.behaviours()
            );
            assert!(text.contains(&said), "{said}\n{out}");
        }
    }
}
