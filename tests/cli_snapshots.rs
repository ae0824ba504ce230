//! The teaching output, reviewed: any change to these pictures shows up as
//! a snapshot diff (`cargo insta review`).

use std::time::Duration;

use racelab::catalogue::{survey, Lesson, Variant};
use racelab::explore::report::{render, report, Format};
use racelab::explore::Engine;
use racelab::explore::{model, Counting, Exploration, Scenario};
use racelab::sync::ShuttleScheduler;

/// The exploration with its time zeroed, so that the snapshot is stable.
fn timeless(mut exploration: Exploration<Counting>) -> Exploration<Counting> {
    exploration.elapsed = Duration::ZERO;
    exploration
}

/// A catalogue scenario's report as text, its time zeroed.
fn lesson_as_text(lesson: Lesson, variant: Variant, engine: Engine) -> String {
    let mut found = survey(lesson, variant, &engine, &Default::default());
    found.elapsed = Duration::ZERO;
    render(&found.report(), Format::Text)
}

fn racy_shuttle() -> Exploration<Counting> {
    timeless(model::shuttle(Scenario::Racy, 2, 1, &ShuttleScheduler::Dfs))
}

fn split_lock_loom() -> Exploration<Counting> {
    timeless(model::loom(Scenario::SplitLock, 2, 1))
}

#[test]
fn racy_under_shuttle_as_text() {
    insta::assert_snapshot!(report(&racy_shuttle(), Format::Text));
}

#[test]
fn racy_under_shuttle_as_markdown() {
    insta::assert_snapshot!(report(&racy_shuttle(), Format::Markdown));
}

#[test]
fn racy_under_loom_as_text() {
    let racy = timeless(model::loom(Scenario::Racy, 2, 1));
    insta::assert_snapshot!(report(&racy, Format::Text));
}

#[test]
fn split_lock_under_loom_as_text() {
    insta::assert_snapshot!(report(&split_lock_loom(), Format::Text));
}

#[test]
fn split_lock_under_loom_as_markdown() {
    insta::assert_snapshot!(report(&split_lock_loom(), Format::Markdown));
}

#[test]
fn mutex_under_loom_as_text() {
    insta::assert_snapshot!(report(
        &timeless(model::loom(Scenario::Mutex, 2, 1)),
        Format::Text
    ));
}

#[test]
fn racy_2x2_under_loom_as_text() {
    insta::assert_snapshot!(report(
        &timeless(model::loom(Scenario::Racy, 2, 2)),
        Format::Text
    ));
}

#[test]
fn message_passing_under_loom_as_text() {
    insta::assert_snapshot!(lesson_as_text(
        Lesson::MessagePassing,
        Variant::Buggy,
        Engine::Loom
    ));
}

#[test]
fn check_then_act_under_shuttle_dfs_as_text() {
    insta::assert_snapshot!(lesson_as_text(
        Lesson::CheckThenAct,
        Variant::Buggy,
        Engine::ShuttleDfs
    ));
}

#[test]
fn deadlock_under_loom_as_text() {
    insta::assert_snapshot!(lesson_as_text(
        Lesson::Deadlock,
        Variant::Buggy,
        Engine::Loom
    ));
}

#[test]
fn lost_wakeup_under_loom_as_text() {
    insta::assert_snapshot!(lesson_as_text(
        Lesson::LostWakeup,
        Variant::Stronger,
        Engine::Loom
    ));
}

#[test]
fn data_race_under_loom_as_text() {
    insta::assert_snapshot!(lesson_as_text(
        Lesson::DataRace,
        Variant::Buggy,
        Engine::Loom
    ));
}

#[test]
fn store_buffering_with_release_acquire_under_loom_as_text() {
    insta::assert_snapshot!(lesson_as_text(
        Lesson::StoreBuffering,
        Variant::Stronger,
        Engine::Loom
    ));
}

#[test]
fn stolen_wakeup_under_loom_as_text() {
    insta::assert_snapshot!(lesson_as_text(
        Lesson::StolenWakeup,
        Variant::Buggy,
        Engine::Loom
    ));
}
