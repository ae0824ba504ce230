//! `racelab play`'s games, checked against the engines they come from: the
//! endings a game reaches are exactly the outcomes the engine enumerates, its
//! hints agree with the endings below each position, and its fewest
//! preemptions agree with `racelab explore`'s witnesses.

use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock, PoisonError};

use racelab::catalogue::{survey, Lesson, Observed, Variant};
use racelab::explore::{Engine, Scenario};
use racelab::play::{Game, Memory, Session, Status, Subject};
use racelab::trace::explain::{explain, preemption_points, Explanation};

/// The game of `subject`, built once for the whole test binary.
fn game(subject: Subject) -> &'static Game {
    static GAMES: OnceLock<Mutex<Vec<(Subject, &'static Game)>>> = OnceLock::new();
    let games = GAMES.get_or_init(Default::default);
    let mut games = games.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, game)) = games.iter().find(|(s, _)| *s == subject) {
        return game;
    }
    let game = Game::new(subject).unwrap_or_else(|why| panic!("{subject}: {why}"));
    let game: &'static Game = Box::leak(Box::new(game));
    games.push((subject, game));
    game
}

fn endings(game: &Game) -> BTreeSet<Observed> {
    game.endings.iter().map(|e| e.observed.clone()).collect()
}

fn outcomes(lesson: Lesson, variant: Variant, engine: Engine) -> BTreeSet<Observed> {
    let surveyed = survey(lesson, variant, &engine, &Default::default());
    assert!(surveyed.is_proof(), "{lesson}: {engine} did not finish");
    surveyed.outcomes.keys().cloned().collect()
}

#[test]
fn a_sequential_game_ends_exactly_as_shuttle_dfs_does() {
    // The lessons whose every schedule shuttle-dfs can enumerate quickly.
    let small = [
        Lesson::CheckThenAct,
        Lesson::DataRace,
        Lesson::BankWithdraw,
        Lesson::BankAudit,
        Lesson::LazyInit,
    ];
    for lesson in small {
        for &(variant, _, _) in lesson.variants() {
            if (lesson, variant) == (Lesson::BankAudit, Variant::Fixed) {
                // 457,551 schedules: checked against loom below.
                continue;
            }
            let game = Game::sequential(Subject::Lesson(lesson, variant)).unwrap();
            assert_eq!(
                endings(&game),
                outcomes(lesson, variant, Engine::ShuttleDfs),
                "{lesson} {variant:?}"
            );
        }
    }
}

#[test]
fn the_counters_games_end_as_their_explorations_do() {
    for (scenario, wrong) in [
        (Scenario::Racy, true),
        (Scenario::SplitLock, true),
        (Scenario::Mutex, false),
        (Scenario::Atomic, false),
    ] {
        let game = game(Subject::Counter(scenario));
        let counts: BTreeSet<u64> = game
            .endings
            .iter()
            .filter_map(|e| e.observed.get("count"))
            .collect();
        let expected: BTreeSet<u64> = if wrong { [1, 2].into() } else { [2].into() };
        assert_eq!(counts, expected, "{scenario}");
        assert_eq!(game.has_bug(), wrong, "{scenario}");
    }
}

#[test]
fn the_larger_games_end_as_loom_does() {
    // Deadlock, lost wakeup and the transfers have too many schedules for
    // shuttle-dfs in a unit test; loom's executions have the same outcomes
    // wherever weak memory adds none.
    for (lesson, variant) in [
        (Lesson::Deadlock, Variant::Buggy),
        (Lesson::LostWakeup, Variant::Buggy),
        (Lesson::BankTransfer, Variant::Buggy),
        (Lesson::BankAudit, Variant::Fixed),
    ] {
        let game = game(Subject::Lesson(lesson, variant));
        assert_eq!(game.memory, Memory::Sequential, "{lesson}");
        assert_eq!(
            endings(game),
            outcomes(lesson, variant, Engine::Loom),
            "{lesson}"
        );
    }
}

#[test]
fn weak_memory_games_are_played_on_loom_and_reach_its_every_outcome() {
    for lesson in [
        Lesson::MessagePassing,
        Lesson::StoreBuffering,
        Lesson::LazyPublish,
    ] {
        let game = game(Subject::Lesson(lesson, Variant::Buggy));
        assert_eq!(game.memory, Memory::Weak, "{lesson}");
        assert_eq!(
            endings(game),
            outcomes(lesson, Variant::Buggy, Engine::Loom),
            "{lesson}"
        );
        // The wrong ending is reached only by a read of an older write: no
        // interleaving explains it, and its drawing says so.
        for ending in game.endings.iter().filter(|e| !e.correct) {
            assert_eq!(ending.preemptions(), None, "{lesson}: {}", ending.observed);
        }
        // Some move asks which write a read returns.
        assert!(game
            .nodes
            .iter()
            .any(|node| node.moves.iter().any(|m| m.choice.is_some())));
    }
}

#[test]
fn only_weak_memory_needs_the_weak_game() {
    let weak: Vec<String> = Subject::buggy()
        .into_iter()
        .filter(|&subject| game(subject).memory == Memory::Weak)
        .map(|subject| subject.short())
        .collect();
    assert_eq!(
        weak,
        [
            "message-passing (relaxed)",
            "store-buffering (relaxed)",
            "lazy-publish (relaxed)"
        ]
    );
}

#[test]
fn on_a_sequential_machine_a_thread_has_one_next_move() {
    for subject in Subject::buggy() {
        let game = game(subject);
        if game.memory != Memory::Sequential {
            continue;
        }
        for node in &game.nodes {
            let threads: Vec<usize> = node.moves.iter().map(|m| m.thread).collect();
            let mut unique = threads.clone();
            unique.dedup();
            assert_eq!(threads, unique, "{subject}");
        }
    }
}

#[test]
fn every_hint_agrees_with_the_endings_below_its_position() {
    for subject in Subject::buggy() {
        let game = game(subject);
        for (index, node) in game.nodes.iter().enumerate() {
            let below = endings_below(game, index);
            let breaks = below.iter().any(|&e| !game.endings[e].correct);
            let keeps = below.iter().any(|&e| game.endings[e].correct);
            assert_eq!(node.can_break, breaks, "{subject}, position {index}");
            assert_eq!(node.can_keep, keeps, "{subject}, position {index}");
            let hint = game.hint(index, 0);
            match (breaks, keeps) {
                (true, true) => assert!(hint.contains("either way"), "{hint}"),
                (true, false) => assert!(hint.contains("every ending breaks"), "{hint}"),
                _ => assert!(hint.contains("every ending is correct"), "{hint}"),
            }
        }
    }
}

/// The endings reachable from `node`, found by walking every path.
fn endings_below(game: &Game, node: usize) -> BTreeSet<usize> {
    let mut found = BTreeSet::new();
    let mut stack = vec![node];
    while let Some(at) = stack.pop() {
        found.extend(game.nodes[at].ending);
        stack.extend(game.nodes[at].moves.iter().map(|m| m.to));
    }
    found
}

#[test]
fn the_fewest_preemptions_agree_with_explores_witness() {
    for subject in Subject::buggy() {
        let game = game(subject);
        let solution = game.solution().expect("a buggy program can break");
        let mut session = Session::new(game);
        for key in &solution {
            session.play(key).unwrap();
        }
        let Status::Ended(ending) = session.status() else {
            panic!("{subject}: {solution:?} does not end the program");
        };
        let ending = &game.endings[ending];
        assert!(!ending.correct, "{subject}: {solution:?}");
        let fewest = game.fewest_preemptions(0, 0);
        assert_eq!(Some(session.preemptions()), fewest, "{subject}");
        if game.memory == Memory::Sequential {
            // explore draws each wrong outcome with its fewest preemptions;
            // the game's fewest is the least of them.
            let least = game
                .endings
                .iter()
                .filter(|e| !e.correct)
                .filter_map(|e| e.preemptions())
                .min();
            assert_eq!(fewest, least, "{subject}");
        }
    }
}

#[test]
fn the_racy_counter_needs_one_preemption_and_check_then_act_too() {
    for (subject, fewest) in [
        (Subject::Counter(Scenario::Racy), 1),
        (Subject::Counter(Scenario::SplitLock), 1),
        (Subject::Lesson(Lesson::CheckThenAct, Variant::Buggy), 1),
        (Subject::Lesson(Lesson::Deadlock, Variant::Buggy), 1),
        (Subject::Lesson(Lesson::LostWakeup, Variant::Buggy), 0),
    ] {
        assert_eq!(
            game(subject).fewest_preemptions(0, 0),
            Some(fewest),
            "{subject}"
        );
    }
}

#[test]
fn a_fix_of_a_weak_memory_bug_is_played_on_weak_memory() {
    // Release/Acquire still lets T2 read the flag's older value; it only
    // rules out seeing the flag without the data. On a sequentially
    // consistent machine the bug could not have happened either.
    for lesson in [Lesson::MessagePassing, Lesson::LazyPublish] {
        let game = game(Subject::Lesson(lesson, Variant::Fixed));
        assert_eq!(game.memory, Memory::Weak, "{lesson}");
        assert!(game.note.is_none());
    }
    // SeqCst fences are ordered by loom's running order, which the game on
    // loom does not follow: played sequentially consistent, and it says so.
    let fenced = game(Subject::Lesson(Lesson::StoreBuffering, Variant::Fixed));
    assert_eq!(fenced.memory, Memory::Sequential);
    let note = fenced.note.as_deref().expect("a note on the machine");
    assert!(note.contains("cannot show weak-memory effects"), "{note}");
    assert!(note.contains("racelab explore store-buffering --variant seqcst-fences"));
}

#[test]
fn each_ending_is_drawn_in_the_order_played_with_its_preemptions() {
    for subject in Subject::buggy() {
        let game = game(subject);
        for ending in &game.endings {
            let played = &ending.played.trace;
            assert_eq!(
                played.steps().len(),
                ending.drawing.trace.steps().len(),
                "{subject}: the drawing as played has every step"
            );
            if game.memory == Memory::Sequential {
                // An interleaving: every read returns the newest write, and
                // the preemptions the game counted are the ones the trace
                // shows (a switch away from a thread that could go on).
                assert!(
                    matches!(explain(played), Explanation::Interleaving { .. }),
                    "{subject}"
                );
                assert_eq!(
                    ending.played.marks.preemptions,
                    preemption_points(played),
                    "{subject}: {}",
                    ending.observed
                );
            }
        }
    }
}

#[test]
fn fixed_versions_cannot_be_broken() {
    for (lesson, variant) in [
        (Lesson::CheckThenAct, Variant::Fixed),
        (Lesson::Deadlock, Variant::Fixed),
        (Lesson::MessagePassing, Variant::Fixed),
        (Lesson::LazyPublish, Variant::Fixed),
        (Lesson::BankWithdraw, Variant::Fixed),
    ] {
        let game = game(Subject::Lesson(lesson, variant));
        assert!(!game.has_bug(), "{lesson}");
        assert!(game.endings.iter().all(|e| e.correct), "{lesson}");
        assert!(game.hint(0, 0).contains("No order of moves breaks it"));
    }
}

#[test]
fn seq_cst_fences_are_refused_with_a_reason() {
    let why = Game::weak(Subject::Lesson(Lesson::StoreBuffering, Variant::Fixed)).unwrap_err();
    assert!(why.contains("SeqCst"), "{why}");
}

#[test]
fn a_session_undoes_restarts_and_refuses_impossible_moves() {
    let game = game(Subject::Counter(Scenario::Racy));
    let mut session = Session::new(game);
    assert_eq!(
        session.play("3").unwrap_err(),
        "there is no T3 here: the threads are T1 and T2"
    );
    assert!(session.play("x").unwrap_err().contains("is not a move"));
    session.play("1").unwrap();
    session.play("1").unwrap();
    assert_eq!(
        session.play("1").unwrap_err(),
        "T1 cannot move: it has finished"
    );
    assert!(session.undo());
    assert_eq!(session.played().len(), 1);
    session.restart();
    assert!(session.played().is_empty());
    assert!(!session.undo());
}

#[test]
fn a_waiting_thread_is_told_apart_from_a_finished_one() {
    let game = game(Subject::Lesson(Lesson::Deadlock, Variant::Buggy));
    let mut session = Session::new(game);
    // T1 takes A, T2 takes B and asks for A: T2 waits.
    for key in ["1", "2", "2"] {
        session.play(key).unwrap();
    }
    assert_eq!(
        session.play("2").unwrap_err(),
        "T2 cannot move now: it is waiting"
    );
}

#[test]
fn a_read_with_a_choice_of_writes_needs_its_letter() {
    let game = game(Subject::Lesson(Lesson::MessagePassing, Variant::Buggy));
    let mut session = Session::new(game);
    session.play("1").unwrap();
    session.play("1").unwrap();
    let why = session.play("2").unwrap_err();
    assert!(
        why.contains("2a (read flag = 0 (initial))")
            && why.contains("2b (read flag = 1 (T1's write))"),
        "{why}"
    );
    session.play("2b").unwrap();
    let data: Vec<String> = session
        .options()
        .into_iter()
        .map(|(key, m)| format!("{key} {}", m.label))
        .collect();
    assert_eq!(
        data,
        [
            "2a read data = 0 (initial) (after it, main: join T2)",
            "2b read data = 42 (T1's write) (after it, main: join T2)"
        ]
    );
    session.play("2a").unwrap();
    let result = session.result(100).unwrap();
    assert!(
        result.contains("Ended: flag = 1, data = 0: breaks"),
        "{result}"
    );
    let words = result.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("Only weak memory allows it."), "{result}");
}
