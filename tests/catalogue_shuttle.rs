//! The catalogue under shuttle: the textbook machine reaches check-then-act's
//! double win, with the same fewest preemptions as loom, and cannot reach the
//! bugs that need weak memory — asserted, not assumed.

use racelab::catalogue::{survey, Lesson, Observed, Variant};
use racelab::explore::Engine;

/// shuttle's two samplers, PCT (depth 3) and random, each with the fixed
/// seed 0x5eed and `runs` runs: the same seed, the same runs.
fn samplers(runs: usize) -> [Engine; 2] {
    [
        Engine::ShuttlePct {
            seed: 0x5eed,
            depth: 3,
            runs,
        },
        Engine::ShuttleRandom { seed: 0x5eed, runs },
    ]
}

#[test]
fn shuttle_dfs_reaches_the_double_win_with_one_preemption() {
    let found = survey(
        Lesson::CheckThenAct,
        Variant::Buggy,
        &Engine::ShuttleDfs,
        &Default::default(),
    );
    println!(
        "check-then-act under shuttle-dfs: {} schedules",
        found.executions
    );
    let wrong = found.wrong();
    assert_eq!(wrong.len(), 1);
    assert_eq!(found.outcomes[wrong[0]].witness.preemptions(), Some(1));
}

#[test]
fn pct_and_random_with_fixed_seeds_find_the_double_win() {
    for engine in samplers(200) {
        let found = survey(
            Lesson::CheckThenAct,
            Variant::Buggy,
            &engine,
            &Default::default(),
        );
        println!(
            "check-then-act under {engine}: {} wrong",
            found.wrong().len()
        );
        assert!(!found.wrong().is_empty(), "{engine}");
    }
}

#[test]
fn pct_and_random_with_fixed_seeds_find_the_deadlock() {
    for engine in samplers(300) {
        let found = survey(
            Lesson::Deadlock,
            Variant::Buggy,
            &engine,
            &Default::default(),
        );
        println!(
            "deadlock under {engine}: {} wrong outcomes",
            found.wrong().len()
        );
        assert!(!found.wrong().is_empty(), "{engine}");
    }
}

#[test]
fn shuttle_cannot_reach_the_weak_memory_bugs() {
    for lesson in [
        Lesson::MessagePassing,
        Lesson::StoreBuffering,
        Lesson::LazyPublish,
    ] {
        let found = survey(
            lesson,
            Variant::Buggy,
            &Engine::ShuttleDfs,
            &Default::default(),
        );
        assert!(found.is_proof());
        assert!(found.executions > 0);
        assert!(
            found.wrong().is_empty(),
            "{lesson}: a sequentially consistent machine never breaks it"
        );
    }
}

#[test]
fn the_fixes_hold_under_shuttle_dfs() {
    // The deadlock's fix is checked in loom-tests/catalogue.rs: shuttle-dfs
    // schedules every step of the locks' bookkeeping, too slow for a debug build.
    // The ones that take locks are checked in loom-tests/catalogue.rs.
    let slow = [
        Lesson::Deadlock,
        Lesson::BankWithdraw,
        Lesson::BankAudit,
        Lesson::BankTransfer,
        Lesson::LazyInit,
        Lesson::LostWakeup,
        Lesson::StolenWakeup,
    ];
    let fixes = Lesson::ALL
        .into_iter()
        .filter(|l| !slow.contains(l))
        .map(|lesson| (lesson, Variant::Fixed))
        .chain([(Lesson::CheckThenAct, Variant::AlsoFixed)]);
    for (lesson, variant) in fixes {
        let found = survey(lesson, variant, &Engine::ShuttleDfs, &Default::default());
        assert!(
            found.executions > 0 && found.wrong().is_empty(),
            "{lesson} {variant:?}"
        );
    }
}

#[test]
fn the_racy_withdrawals_pay_twice_under_shuttle_dfs() {
    // The other bank parts take locks, whose bookkeeping shuttle schedules
    // step by step: they are checked in loom-tests/catalogue.rs, in release.
    let found = survey(
        Lesson::BankWithdraw,
        Variant::Buggy,
        &Engine::ShuttleDfs,
        &Default::default(),
    );
    let wrong: Vec<String> = found.wrong().iter().map(|o| o.to_string()).collect();
    assert_eq!(wrong, ["paid = 200, A = 0"]);
}

#[test]
fn lazy_init_is_made_twice_under_shuttle_dfs() {
    let found = survey(
        Lesson::LazyInit,
        Variant::Buggy,
        &Engine::ShuttleDfs,
        &Default::default(),
    );
    let wrong: Vec<String> = found.wrong().iter().map(|o| o.to_string()).collect();
    assert_eq!(wrong, ["made = 2"]);
}

#[test]
fn pct_and_random_with_fixed_seeds_find_the_lost_wakeups() {
    // shuttle-dfs would take millions of schedules here (every step of the
    // condition variable's bookkeeping); loom-tests/catalogue.rs proves them.
    for variant in [Variant::Buggy, Variant::Stronger] {
        for engine in samplers(200) {
            let found = survey(Lesson::LostWakeup, variant, &engine, &Default::default());
            println!(
                "lost-wakeup {variant:?} under {engine}: {:?}",
                found.wrong()
            );
            assert!(!found.wrong().is_empty(), "{variant:?} under {engine}");
        }
    }
}

#[test]
fn pct_and_random_with_fixed_seeds_find_the_stolen_wakeup() {
    // shuttle-dfs would take millions of schedules here too; loom-tests
    // checks it, bounded.
    for engine in samplers(200) {
        let found = survey(
            Lesson::StolenWakeup,
            Variant::Buggy,
            &engine,
            &Default::default(),
        );
        let wrong: Vec<String> = found.wrong().iter().map(|o| o.to_string()).collect();
        assert_eq!(wrong, ["T1 took from empty = 1"], "under {engine}");
        let fixed = survey(
            Lesson::StolenWakeup,
            Variant::Fixed,
            &engine,
            &Default::default(),
        );
        assert!(
            fixed.executions > 0 && fixed.wrong().is_empty(),
            "under {engine}"
        );
    }
}

#[test]
fn shuttle_dfs_finds_the_data_race_and_not_in_the_fixes() {
    let racy = survey(
        Lesson::DataRace,
        Variant::Buggy,
        &Engine::ShuttleDfs,
        &Default::default(),
    );
    assert!(!racy.wrong().is_empty());
    assert!(racy.outcomes.keys().all(|o| o.get("data race") == Some(1)));
}

#[test]
fn every_printed_schedule_replays_its_witness() {
    // A witness found by a seeded sampler carries the schedule that shuttle
    // ran; replaying it must reach the same outcome, and only that one.
    for lesson in [
        Lesson::CheckThenAct,
        Lesson::Deadlock,
        Lesson::LazyInit,
        Lesson::StolenWakeup,
    ] {
        for engine in samplers(200) {
            let found = survey(lesson, Variant::Buggy, &engine, &Default::default());
            assert!(!found.wrong().is_empty(), "{lesson} under {engine}");
            for (observed, outcome) in &found.outcomes {
                let schedule = outcome.witness.schedule.clone().expect("shuttle keeps it");
                let replayed = survey(
                    lesson,
                    Variant::Buggy,
                    &Engine::ShuttleReplay(schedule),
                    &Default::default(),
                );
                let reached: Vec<&Observed> = replayed.outcomes.keys().collect();
                assert_eq!(reached, [observed], "{lesson} under {engine}");
            }
        }
    }
}
