//! The teaching output, reviewed: any change to these pictures shows up as
//! a snapshot diff (`cargo insta review`). Each is what `racelab explore`
//! prints, its times replaced by `[time]` so that it is stable.

mod common;

use common::racelab;

/// What `racelab explore ARGS` prints, times replaced.
fn explored(args: &[&str]) -> String {
    let mut all = vec!["explore"];
    all.extend(args);
    let (code, out, err) = racelab(&all);
    assert_eq!(code, 0, "{args:?}: {err}");
    if !args.contains(&"markdown") {
        // Every line fits in 80 columns, but a word too long to cut (a
        // schedule to copy).
        for line in out.lines() {
            let fits = line.chars().count() <= 80 || line.split_whitespace().count() == 1;
            assert!(fits, "{args:?}: wider than 80 columns: {line}");
        }
    }
    timeless(&out)
}

/// `text` with every duration that follows the word "in" (`2.0ms`, `1.3s`,
/// `588.9µs`) replaced by `[time]`, on the same line as its "in": the
/// duration ends its paragraph, and how long it is decides only whether it
/// was wrapped onto a line of its own.
fn timeless(text: &str) -> String {
    let words: Vec<&str> = text.split_inclusive(char::is_whitespace).collect();
    let mut out = String::new();
    for (index, word) in words.iter().enumerate() {
        let after_in = index > 0 && words[index - 1].trim_end() == "in";
        let trimmed = word.trim_end();
        let tail = &word[trimmed.len()..];
        let (duration, rest) = split_duration(trimmed);
        if after_in && !duration.is_empty() {
            if out.ends_with("in\n") {
                out.truncate(out.len() - 1);
                out.push(' ');
            }
            out.push_str("[time]");
            out.push_str(rest);
            out.push_str(tail);
        } else {
            out.push_str(word);
        }
    }
    out
}

/// A duration at the start of `word` (`245.2ms`), and what follows it.
fn split_duration(word: &str) -> (&str, &str) {
    let number = word
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(word.len());
    for unit in ["ms", "µs", "ns", "s"] {
        if number > 0 && word[number..].starts_with(unit) {
            let end = number + unit.len();
            return (&word[..end], &word[end..]);
        }
    }
    ("", word)
}

#[test]
fn racy_under_shuttle_as_text() {
    insta::assert_snapshot!(explored(&["racy", "--engine", "shuttle-dfs"]));
}

#[test]
fn racy_under_shuttle_as_markdown() {
    insta::assert_snapshot!(explored(&[
        "racy",
        "--engine",
        "shuttle-dfs",
        "--format",
        "markdown"
    ]));
}

#[test]
fn racy_under_loom_as_text() {
    insta::assert_snapshot!(explored(&["racy"]));
}

#[test]
fn split_lock_under_loom_as_text() {
    insta::assert_snapshot!(explored(&["split-lock"]));
}

#[test]
fn split_lock_under_loom_as_markdown() {
    insta::assert_snapshot!(explored(&["split-lock", "--format", "markdown"]));
}

#[test]
fn mutex_under_loom_as_text() {
    insta::assert_snapshot!(explored(&["mutex"]));
}

#[test]
fn racy_2x2_under_loom_as_text() {
    insta::assert_snapshot!(explored(&["racy", "--threads", "2", "--increments", "2"]));
}

#[test]
fn racy_2x3_under_loom_with_a_forbidden_execution_as_text() {
    insta::assert_snapshot!(explored(&[
        "racy",
        "--threads",
        "2",
        "--increments",
        "3",
        "--show-forbidden"
    ]));
}

#[test]
fn message_passing_under_loom_as_text() {
    insta::assert_snapshot!(explored(&["message-passing"]));
}

#[test]
fn check_then_act_under_shuttle_dfs_as_text() {
    insta::assert_snapshot!(explored(&["check-then-act", "--engine", "shuttle-dfs"]));
}

#[test]
fn deadlock_under_loom_as_text() {
    insta::assert_snapshot!(explored(&["deadlock"]));
}

#[test]
fn lost_wakeup_under_loom_as_text() {
    insta::assert_snapshot!(explored(&["lost-wakeup", "--variant", "check-outside"]));
}

#[test]
fn data_race_under_loom_as_text() {
    insta::assert_snapshot!(explored(&["data-race"]));
}

#[test]
fn store_buffering_with_release_acquire_under_loom_as_text() {
    insta::assert_snapshot!(explored(&[
        "store-buffering",
        "--variant",
        "release-acquire"
    ]));
}

#[test]
fn store_buffering_with_seqcst_under_loom_as_text() {
    insta::assert_snapshot!(explored(&[
        "store-buffering",
        "--variant",
        "seqcst",
        "--show-forbidden"
    ]));
}

#[test]
fn stolen_wakeup_under_loom_as_text() {
    insta::assert_snapshot!(explored(&["stolen-wakeup"]));
}

#[test]
fn peterson_under_loom_as_text() {
    insta::assert_snapshot!(explored(&["peterson"]));
}

#[test]
fn peterson_with_a_fence_under_loom_as_text() {
    insta::assert_snapshot!(explored(&["peterson", "--variant", "fence"]));
}
