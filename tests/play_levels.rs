//! `racelab play` without a scenario: the levels, the lost update first,
//! what the learner has beaten (kept in one file in the data
//! directory, here a temporary one), `--reset`, and a data directory that
//! cannot be written.

use std::path::Path;
use std::process::Command;

use racelab::play::campaign::{self, Progress};

/// Runs racelab with `data` as its data directory (`$XDG_DATA_HOME`).
fn racelab_with(data: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_racelab"))
        .args(args)
        .env("XDG_DATA_HOME", data)
        .output()
        .expect("the racelab binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A fresh directory under the target directory, for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_levels_are_listed_in_order_with_what_was_beaten_and_reset_forgets_it() {
    let data = scratch("levels-progress");
    let (code, fresh, err) = racelab_with(&data, &["play"]);
    assert_eq!(code, 0, "{err}");
    assert!(fresh.contains(": 0 of 15 beaten."), "{fresh}");
    assert!(fresh.contains("  1  racy               1\n"), "{fresh}");
    assert!(fresh.contains("Not a level, too large for a game: stolen-wakeup."));
    for line in fresh.lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }

    // Beaten at par, and beaten with more preemptions than par.
    let levels = campaign::levels();
    let mut progress = Progress::default();
    progress.record(levels[0], 1, 1);
    progress.record(levels[1], 3, 1);
    let file = data.join("racelab/progress.json");
    progress.save(&file).unwrap();
    assert_eq!(Progress::load(&file), progress);
    let (_, later, _) = racelab_with(&data, &["play"]);
    assert!(later.contains(": 2 of 15 beaten."), "{later}");
    assert!(
        later.contains("racy               1  beaten at par\n"),
        "{later}"
    );
    assert!(later.contains("split-lock         1  beaten\n"), "{later}");

    let (code, out, _) = racelab_with(&data, &["play", "--reset"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Forgot the levels beaten"), "{out}");
    assert!(!file.exists());
}

#[test]
fn a_data_directory_that_cannot_be_used_is_not_an_error() {
    // The data "directory" is a file: nothing can be read or written there.
    let data = scratch("levels-unusable").join("a-file");
    std::fs::write(&data, "not a directory").unwrap();
    let (code, out, err) = racelab_with(&data, &["play"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(": 0 of 15 beaten."), "{out}");
    // A garbled progress file is a fresh start too.
    let garbled = scratch("levels-garbled");
    std::fs::create_dir_all(garbled.join("racelab")).unwrap();
    std::fs::write(garbled.join("racelab/progress.json"), "{not json").unwrap();
    let (code, out, _) = racelab_with(&garbled, &["play"]);
    assert_eq!(code, 0);
    assert!(out.contains(": 0 of 15 beaten."), "{out}");
}
