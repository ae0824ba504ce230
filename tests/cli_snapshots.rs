//! The teaching output, reviewed: any change to these pictures shows up as
//! a snapshot diff (`cargo insta review`).

use std::time::Duration;

use racelab::explore::report::{report, Format};
use racelab::explore::{model, Exploration, Scenario};
use racelab::sync::ShuttleScheduler;

/// The exploration with its time zeroed, so that the snapshot is stable.
fn timeless(mut exploration: Exploration) -> Exploration {
    exploration.elapsed = Duration::ZERO;
    exploration
}

fn racy_shuttle() -> Exploration {
    timeless(model::shuttle(Scenario::Racy, 2, 1, &ShuttleScheduler::Dfs))
}

fn split_lock_loom() -> Exploration {
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
    let mut found = racelab::catalogue::survey(
        racelab::catalogue::Lesson::MessagePassing,
        racelab::catalogue::Variant::Buggy,
        &racelab::explore::Engine::Loom,
        &Default::default(),
    );
    found.elapsed = Duration::ZERO;
    insta::assert_snapshot!(racelab::explore::report::render(
        &found.report(),
        Format::Text
    ));
}

#[test]
fn check_then_act_under_shuttle_dfs_as_text() {
    let mut found = racelab::catalogue::survey(
        racelab::catalogue::Lesson::CheckThenAct,
        racelab::catalogue::Variant::Buggy,
        &racelab::explore::Engine::ShuttleDfs,
        &Default::default(),
    );
    found.elapsed = Duration::ZERO;
    insta::assert_snapshot!(racelab::explore::report::render(
        &found.report(),
        Format::Text
    ));
}

#[test]
fn deadlock_under_loom_as_text() {
    let mut found = racelab::catalogue::survey(
        racelab::catalogue::Lesson::Deadlock,
        racelab::catalogue::Variant::Buggy,
        &racelab::explore::Engine::Loom,
        &Default::default(),
    );
    found.elapsed = Duration::ZERO;
    insta::assert_snapshot!(racelab::explore::report::render(
        &found.report(),
        Format::Text
    ));
}

#[test]
fn lost_wakeup_under_loom_as_text() {
    let mut found = racelab::catalogue::survey(
        racelab::catalogue::Lesson::LostWakeup,
        racelab::catalogue::Variant::Stronger,
        &racelab::explore::Engine::Loom,
        &Default::default(),
    );
    found.elapsed = Duration::ZERO;
    insta::assert_snapshot!(racelab::explore::report::render(
        &found.report(),
        Format::Text
    ));
}
