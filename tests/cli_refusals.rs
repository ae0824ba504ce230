//! Every subcommand has `--help`, and bad input gets one sentence on
//! standard error and exit code 2 — never a panic.

mod common;

use common::{racelab, refusal};

#[test]
fn every_subcommand_has_help() {
    for command in ["tour", "count", "explore", "play", "replay", "sweep"] {
        let (code, out, _) = racelab(&[command, "--help"]);
        assert_eq!(code, 0, "{command} --help");
        assert!(out.contains("Usage: racelab"), "{command} --help: {out}");
    }
}

#[test]
fn bad_input_is_one_sentence_and_exit_code_2() {
    let cases: &[&[&str]] = &[
        &["explore", "nope"],
        &["explore", "racy", "--threads", "5"],
        &["explore", "racy", "--threads", "0"],
        &["explore", "racy", "--preemptions", "1"],
        &["explore", "racy", "--engine", "foo"],
        &["explore", "racy", "--variant", "fixed"],
        &["explore", "message-passing", "--variant", "nope"],
        &["explore", "message-passing", "--threads", "3"],
        &["explore", "data-race", "--engine", "threads"],
        &["explore"],
        &["explore", "racy", "--format", "pdf"],
        &["explore", "racy", "--max-time", "-1"],
        &["replay", "racy", "zz"],
        &["replay", "deadlock", "91020cf8acd191010024522000"],
        &[
            "replay",
            "check-then-act",
            "91020cf8acd191010024522000",
            "--variant",
            "nope",
        ],
        &[
            "replay",
            "racy",
            "91020cf8acd191010024522000",
            "--variant",
            "swap",
        ],
        &["replay", "racy", ""],
        &["replay", "racy", "9102ff7f00"],
        &[
            "replay",
            "racy",
            "91020df8acd191010024522000",
            "--threads",
            "3",
        ],
        &["replay", "mutex", "91020df8acd191010024522000"],
        &["sweep", "--tasks", "0"],
        &["count", "--threads", "many"],
        &["tour", "--lesson", "99"],
        &["tour", "--lesson", "0"],
        &["tour", "--lesson", "four"],
        &["no-such-command"],
    ];
    for args in cases {
        let (code, out, err) = racelab(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} printed {out}");
        refusal(&err);
    }
}

#[test]
fn loom_sizes_are_refused_with_the_reason() {
    let (_, _, err) = racelab(&["explore", "racy", "--threads", "5"]);
    assert!(
        refusal(&err).contains("at most 5 threads, main and 4 spawned ones"),
        "{err}"
    );
}

#[test]
fn a_lesson_that_does_not_exist_is_refused_with_the_valid_range() {
    let (code, out, err) = racelab(&["tour", "--lesson", "99"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert_eq!(
        err.trim_end(),
        "racelab: there is no lesson 99: the lessons are numbered 1 to 9"
    );
}

#[test]
fn every_refusal_of_a_choice_names_the_valid_choices() {
    for (args, valid) in [
        (&["explore", "racy", "--engine", "foo"][..], "shuttle-dfs"),
        (&["explore", "nope"][..], "message-passing"),
        (
            &["explore", "store-buffering", "--variant", "sc"][..],
            "seqcst-fences",
        ),
        (&["explore", "racy", "--format", "pdf"][..], "markdown"),
        (&["explore"][..], "<SCENARIO>"),
    ] {
        let (code, _, err) = racelab(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(refusal(&err).contains(valid), "{args:?}: {err}");
    }
}

#[test]
fn output_that_cannot_be_written_is_one_sentence_not_a_panic() {
    for args in [
        &["tour", "--lesson", "2"][..],
        &["explore", "--explain"],
        &["explore", "racy"],
    ] {
        // A pipe whose reading end is already closed: every write fails, as
        // when `racelab tour | head` has read enough.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_racelab"))
            .args(args)
            .stdout(writer)
            .output()
            .expect("racelab runs");
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.starts_with("racelab: could not write the output:") && err.lines().count() == 1,
            "{args:?}: {err}"
        );
    }
}
