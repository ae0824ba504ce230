//! `racelab play --moves`: the scripted game, as a learner shares a solution.

mod common;

use common::{racelab, refusal};
use racelab::play::{self as games, Game};

#[test]
fn the_racy_counters_lost_update_played_as_a_script() {
    let (code, out, err) = racelab(&["play", "racy", "--moves", "1,2,1,2"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn message_passing_played_on_weak_memory() {
    let (code, out, err) = racelab(&["play", "message-passing", "--moves", "1,1,2b,2a"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn the_scripted_mode_reaches_every_bug_with_the_fewest_preemptions() {
    for subject in games::buggy() {
        let Ok(game) = Game::new(subject) else {
            continue; // too many orders for a game: the stolen wakeup
        };
        let moves = game.solution().unwrap().join(",");
        let fewest = game.fewest_preemptions(0, 0).unwrap();
        let mut command = format!("racelab play {}", subject.about().name);
        if subject.has_versions() {
            command.push_str(&format!(" --variant {}", subject.variant().name));
        }
        let mut args: Vec<&str> = command.split(' ').skip(1).collect();
        args.extend(["--moves", &moves]);
        let (code, out, err) = racelab(&args);
        assert_eq!(code, 0, "{command} --moves {moves}: {err}");
        assert!(
            out.contains(": breaks \""),
            "{command} --moves {moves}:\n{out}"
        );
        let used = format!(
            "You used {fewest} preemption{}: the fewest that break it.",
            if fewest == 1 { "" } else { "s" }
        );
        assert!(out.contains(&used), "{command} --moves {moves}:\n{out}");
        // The command may be continued on a second line, as a shell reads it.
        let words = |text: &str| {
            let words = text.split_whitespace().filter(|&word| word != "\\");
            words.collect::<Vec<_>>().join(" ")
        };
        let again = format!("Your moves again: {command} --moves {moves}");
        assert!(words(&out).contains(&again), "{out}");
    }
}

#[test]
fn an_impossible_move_is_one_sentence_and_exit_code_2() {
    for (moves, sentence) in [
        (
            "1,1,1",
            "racelab: move 3, '1': T1 cannot move: it has finished\n",
        ),
        (
            "3",
            "racelab: move 1, '3': there is no T3 here: the threads are T1 and T2\n",
        ),
        (
            "1,x",
            "racelab: move 2, 'x': 'x' is not a move: a move is a thread's number, such as 1, \
             followed by a letter where its read may return more than one write, such as 2a\n",
        ),
        (
            "1a",
            "racelab: move 1, '1a': '1a' is not a move: T1 has one move here, 1 (read 0 \
             (initial))\n",
        ),
        (
            "1.5",
            "racelab: move 1, '1.5': '1.5' is not a move: T1 has one move here, 1 (read 0 \
             (initial))\n",
        ),
        (
            "1,2,1,2,1",
            "racelab: move 5, '1': the program has ended: no thread can move\n",
        ),
    ] {
        let (code, _, err) = racelab(&["play", "racy", "--moves", moves]);
        assert_eq!(code, 2, "{moves}");
        let words: Vec<&str> = sentence.split_whitespace().collect();
        assert_eq!(refusal(&err), words.join(" "), "{moves}");
    }
}

#[test]
fn play_refuses_what_it_cannot_play() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["play", "nope", "--moves", "1"],
            "there is no scenario 'nope'",
        ),
        (
            &["play", "racy", "--variant", "x", "--moves", "1"],
            "racy has no variant 'x': choose one of racy",
        ),
        (
            &["play", "lazy-init", "--variant", "nope", "--moves", "1"],
            "lazy-init has no variant 'nope': choose one of check-then-make, once",
        ),
        (&["play", "racy"], "needs a terminal"),
        (
            &["play", "local", "--moves", "1"],
            "local shares nothing between its threads",
        ),
        (
            &["play", "stolen-wakeup", "--moves", "1"],
            "more orders of its steps than a game can hold",
        ),
        (
            &["play", "--moves", "1"],
            "--moves needs a scenario: racelab play racy --moves 1,2,1,2",
        ),
        (&["play", "--html"], "--html needs a scenario"),
        (&["play", "--variant", "swap"], "--variant needs a scenario"),
    ];
    for (args, words) in cases {
        let (code, out, err) = racelab(args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(refusal(&err).contains(words), "{args:?}: {err}");
    }
}

#[test]
fn the_page_is_self_contained() {
    let (code, page, err) = racelab(&["play", "racy", "--html"]);
    assert_eq!(code, 0, "{err}");
    assert!(page.starts_with("<!DOCTYPE html>"));
    for outside in ["http://", "https://", "<link", "src="] {
        assert!(
            !page.contains(outside),
            "the page reaches outside: {outside}"
        );
    }
    assert!(page.contains("\"title\":\"racelab · racy\""), "{page}");
}
