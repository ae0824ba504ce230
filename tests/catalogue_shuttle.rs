//! The catalogue under shuttle: the sequentially consistent machine reaches
//! every bug that needs no weak memory, with the same fewest preemptions as
//! loom, and cannot reach the bugs that need weak memory — asserted, not
//! assumed.

mod common;

use common::program;
use racelab::explore::model::{self, Watch};
use racelab::explore::Exploration;
use racelab::scenario::{self, Observed, Program, Size};
use racelab::sync::{Engine, ShuttleScheduler};

/// shuttle's two samplers, PCT (depth 3) and random, each with the fixed
/// seed 0x5eed and `runs` runs: the same seed, the same runs.
fn samplers(runs: usize) -> [Engine; 2] {
    [
        Engine::Shuttle(ShuttleScheduler::Pct {
            seed: 0x5eed,
            depth: 3,
            runs,
        }),
        Engine::Shuttle(ShuttleScheduler::Random { seed: 0x5eed, runs }),
    ]
}

fn run(subject: Program, engine: &Engine) -> Exploration {
    model::run(subject, engine, &Watch::default())
}

fn wrong(found: &Exploration) -> Vec<String> {
    found.wrong().iter().map(|o| o.to_string()).collect()
}

#[test]
fn shuttle_dfs_reaches_the_double_win_with_one_preemption() {
    let found = run(program("check-then-act", None), &Engine::SHUTTLE_DFS);
    println!(
        "check-then-act under shuttle-dfs: {} schedules",
        found.executions
    );
    let wrong = found.wrong();
    assert_eq!(wrong.len(), 1);
    assert_eq!(found.outcomes[wrong[0]].witness.preemptions(), Some(1));
}

#[test]
fn pct_and_random_with_fixed_seeds_find_the_double_win_and_the_deadlock() {
    for (name, runs) in [("check-then-act", 200), ("deadlock", 300)] {
        for engine in samplers(runs) {
            let found = run(program(name, None), &engine);
            println!("{name} under {engine}: {:?}", wrong(&found));
            assert!(!found.wrong().is_empty(), "{name} under {engine}");
        }
    }
}

#[test]
fn shuttle_cannot_reach_the_weak_memory_bugs() {
    for lesson in ["message-passing", "store-buffering", "lazy-publish"] {
        let found = run(program(lesson, None), &Engine::SHUTTLE_DFS);
        assert!(found.is_proof());
        assert!(found.executions > 0);
        assert!(
            found.wrong().is_empty(),
            "{lesson}: a sequentially consistent machine never breaks it"
        );
    }
}

#[test]
fn every_fix_holds_under_shuttle_dfs() {
    // The stolen wakeup's three threads have too many orders for a debug
    // build; loom-tests checks its fix, bounded.
    let catalogue = scenario::ALL
        .iter()
        .filter(|s| s.about().number.starts_with("9.") && s.about().name != "stolen-wakeup");
    for &lesson in catalogue {
        for (version, variant) in lesson.variants().iter().enumerate() {
            if variant.kind.breaks() {
                continue;
            }
            let subject = Program {
                scenario: lesson,
                version,
                size: Size::SMALLEST,
            };
            let found = run(subject, &Engine::SHUTTLE_DFS);
            assert!(found.is_proof(), "{subject}");
            assert!(
                found.executions > 0 && found.wrong().is_empty(),
                "{subject}"
            );
        }
    }
}

#[test]
fn the_bugs_that_need_no_weak_memory_are_found_by_shuttle_dfs() {
    for (name, expected) in [
        ("bank-withdraw", vec!["paid = 200, A = 0"]),
        (
            "bank-audit",
            vec!["audit = 190, total = 200", "audit = 210, total = 200"],
        ),
        ("bank-transfer", vec!["deadlocks = 1, total = 200"]),
        ("lazy-init", vec!["made = 2"]),
        ("lost-wakeup", vec!["woke = 0"]),
        ("deadlock", vec!["deadlocks = 1"]),
    ] {
        let found = run(program(name, None), &Engine::SHUTTLE_DFS);
        assert!(found.is_proof(), "{name}");
        assert_eq!(wrong(&found), expected, "{name}");
    }
}

#[test]
fn pct_and_random_with_fixed_seeds_find_the_lost_wakeups() {
    for variant in ["bare-wait", "check-outside"] {
        for engine in samplers(200) {
            let found = run(program("lost-wakeup", Some(variant)), &engine);
            println!("lost-wakeup {variant} under {engine}: {:?}", wrong(&found));
            assert!(!found.wrong().is_empty(), "{variant} under {engine}");
        }
    }
}

#[test]
fn pct_and_random_with_fixed_seeds_find_the_stolen_wakeup() {
    for engine in samplers(200) {
        let found = run(program("stolen-wakeup", None), &engine);
        assert_eq!(wrong(&found), ["T1 took from empty = 1"], "under {engine}");
        let fixed = run(program("stolen-wakeup", Some("wait-while")), &engine);
        assert!(
            fixed.executions > 0 && fixed.wrong().is_empty(),
            "under {engine}"
        );
    }
}

#[test]
fn shuttle_dfs_finds_the_data_race_and_not_in_the_fixes() {
    let racy = run(program("data-race", None), &Engine::SHUTTLE_DFS);
    assert!(!racy.wrong().is_empty());
    assert!(racy.outcomes.keys().all(|o| o.get("data race") == Some(1)));
}

#[test]
fn every_printed_schedule_replays_its_witness() {
    // A witness found by a seeded sampler, or by the search, carries the
    // schedule that shuttle ran; replaying it must reach the same outcome,
    // and only that one.
    for lesson in ["check-then-act", "deadlock", "lazy-init", "stolen-wakeup"] {
        let subject = program(lesson, None);
        let mut engines = samplers(200).to_vec();
        if lesson != "stolen-wakeup" {
            engines.push(Engine::SHUTTLE_DFS);
        }
        for engine in engines {
            let found = run(subject, &engine);
            assert!(!found.wrong().is_empty(), "{lesson} under {engine}");
            for (observed, outcome) in &found.outcomes {
                let schedule = outcome.witness.schedule.clone().expect("shuttle keeps it");
                let replay = Engine::Shuttle(ShuttleScheduler::Replay(schedule));
                let replayed = run(subject, &replay);
                let reached: Vec<&Observed> = replayed.outcomes.keys().collect();
                assert_eq!(reached, [observed], "{lesson} under {engine}");
            }
        }
    }
}
