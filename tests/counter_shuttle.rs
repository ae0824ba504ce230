//! The counters under shuttle: every interleaving of small cases, and seeded
//! random and PCT schedulers, which find the lost update by sampling.
//!
//! Seeds are fixed, so every run of this file explores the same schedules.
//! Cost: each exploration here is at most a few thousand schedules,
//! milliseconds in a debug build.

mod common;

use common::{
    assert_finds_lost_update, assert_never_loses_updates, assert_outcomes_add_up, brief_text,
    counter, lowest_lost,
};
use racelab::counter::counting;
use racelab::explore::{model, Exploration};
use racelab::sync::ShuttleScheduler;

const SEED: u64 = 0x5eed;
const CORRECT: [&str; 4] = ["mutex", "parking-lot", "atomic", "local"];
const BROKEN: [&str; 2] = ["racy", "split-lock"];

fn dfs(scenario: &str, threads: usize, increments: u64) -> Exploration {
    let exploration = model::shuttle(
        counter(scenario, threads, increments),
        ShuttleScheduler::Dfs,
    );
    assert_outcomes_add_up(&exploration);
    exploration
}

fn pct(scenario: &str) -> Exploration {
    pct_sized(scenario, 2, 1)
}

fn pct_sized(scenario: &str, threads: usize, increments: u64) -> Exploration {
    // Depth 3: two priority changes per run, enough for the one preemption
    // the lost update needs. (Depth 1 never preempts and never finds it.)
    println!("PCT seed {SEED}, depth 3");
    let scheduler = ShuttleScheduler::Pct {
        seed: SEED,
        depth: 3,
        runs: 200,
    };
    model::shuttle(counter(scenario, threads, increments), scheduler)
}

fn random(scenario: &str) -> Exploration {
    println!("random seed {SEED}");
    model::shuttle(
        counter(scenario, 2, 1),
        ShuttleScheduler::Random {
            seed: SEED,
            runs: 200,
        },
    )
}

#[test]
fn dfs_reports_every_final_count_of_racy_2x1() {
    let exploration = dfs("racy", 2, 1);
    println!("{}", brief_text(&exploration));
    let counts: Vec<u64> = exploration.outcomes.keys().map(counting::count).collect();
    assert_eq!(
        counts,
        [1, 2],
        "the only final counts are 1 (lost) and 2 (exact)"
    );
    assert!(exploration
        .outcomes
        .values()
        .all(|outcome| outcome.executions > 0));
}

#[test]
fn dfs_finds_the_lost_update_in_racy_and_split_lock() {
    for (scenario, threads, increments) in [
        ("racy", 2, 1),
        ("racy", 2, 2),
        ("split-lock", 2, 1),
        ("split-lock", 2, 2),
    ] {
        assert_finds_lost_update(&dfs(scenario, threads, increments));
    }
}

#[test]
fn dfs_proves_the_correct_counters_exact() {
    for scenario in CORRECT {
        for (threads, increments) in [(2, 1), (2, 2)] {
            assert_never_loses_updates(&dfs(scenario, threads, increments));
        }
    }
}

#[test]
fn pct_with_a_fixed_seed_finds_the_lost_update() {
    for scenario in BROKEN {
        for (threads, increments) in [(2, 1), (2, 2), (3, 1)] {
            assert_finds_lost_update(&pct_sized(scenario, threads, increments));
        }
    }
}

#[test]
fn random_with_a_fixed_seed_finds_the_lost_update() {
    for scenario in BROKEN {
        assert_finds_lost_update(&random(scenario));
    }
}

#[test]
fn pct_and_random_never_see_the_correct_counters_lose_updates() {
    for scenario in CORRECT {
        assert_never_loses_updates(&pct(scenario));
        assert_never_loses_updates(&random(scenario));
    }
}

#[test]
fn printed_schedule_replays_to_the_same_lost_update() {
    for scenario in BROKEN {
        let found = pct(scenario);
        let count = lowest_lost(&found).expect("PCT finds the lost update");
        let outcome = &found.outcomes[&counting::observed(count)];
        let schedule = outcome
            .witness
            .schedule
            .clone()
            .expect("shuttle keeps the schedule");
        println!("replaying {scenario} schedule {schedule}");

        let replayed = model::shuttle(counter(scenario, 2, 1), ShuttleScheduler::Replay(schedule));
        assert_eq!(replayed.executions, 1);
        let replayed_count = lowest_lost(&replayed).expect("the replay loses the update again");
        let replayed_outcome = &replayed.outcomes[&counting::observed(replayed_count)];
        assert_eq!(replayed_count, count);
        assert_eq!(replayed_outcome.witness.drawing, outcome.witness.drawing);
    }
}

#[test]
#[should_panic(expected = "lost update: expected 2, got 1")]
fn exactness_check_fails_on_the_split_lock_counter() {
    assert_never_loses_updates(&dfs("split-lock", 2, 1));
}
