//! `racelab play`'s games, checked against the engines they come from: the
//! endings a game reaches are exactly the outcomes the engine enumerates, its
//! hints agree with the endings below each position, and its fewest
//! preemptions agree with `racelab explore`'s witnesses.

use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock, PoisonError};

mod common;

use common::program;
use racelab::explore::model::{self, Watch};
use racelab::explore::report::Hint;
use racelab::play::{self as games, Game, Memory, Session, Status};
use racelab::scenario::{Observed, Program};
use racelab::sync::Engine;
use racelab::trace::analysis::explain::{explain, preemption_points, Explanation};

/// The game of `subject`, built once for the whole test binary.
fn game(subject: Program) -> &'static Game {
    static GAMES: OnceLock<Mutex<Vec<(Program, &'static Game)>>> = OnceLock::new();
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

/// Whether a game can hold `subject`'s orders (the stolen wakeup's are too
/// many).
fn playable(subject: Program) -> bool {
    static PLAYABLE: OnceLock<Mutex<Vec<(Program, bool)>>> = OnceLock::new();
    let known = PLAYABLE.get_or_init(Default::default);
    let mut known = known.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, playable)) = known.iter().find(|(p, _)| *p == subject) {
        return *playable;
    }
    let playable = Game::sequential(subject).is_ok();
    known.push((subject, playable));
    playable
}

fn endings(game: &Game) -> BTreeSet<Observed> {
    game.endings.iter().map(|e| e.observed.clone()).collect()
}

fn outcomes(subject: Program, engine: Engine) -> BTreeSet<Observed> {
    let surveyed = model::run(subject, &engine, &Watch::default());
    assert!(surveyed.is_proof(), "{subject}: {engine} did not finish");
    surveyed.outcomes.keys().cloned().collect()
}

#[test]
fn a_sequential_game_ends_exactly_as_shuttle_dfs_does() {
    // Every program whose bug needs no weak memory.
    for buggy in games::buggy() {
        for subject in (0..buggy.scenario.variants().len()).map(|v| buggy.with_version(v)) {
            let Ok(game) = Game::sequential(subject) else {
                continue; // too many orders for a game: the stolen wakeup
            };
            if game.memory != Memory::Sequential || !game.program.records_all_sharing() {
                continue;
            }
            assert_eq!(
                endings(&game),
                outcomes(subject, Engine::SHUTTLE_DFS),
                "{subject}"
            );
        }
    }
}

#[test]
fn the_counters_games_end_as_their_explorations_do() {
    for (scenario, wrong) in [
        ("racy", true),
        ("split-lock", true),
        ("mutex", false),
        ("atomic", false),
    ] {
        let game = game(program(scenario, None));
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
    for subject in [
        program("deadlock", None),
        program("lost-wakeup", None),
        program("bank-transfer", None),
        program("bank-audit", Some("locked-audit")),
    ] {
        let game = game(subject);
        assert_eq!(game.memory, Memory::Sequential, "{subject}");
        assert_eq!(endings(game), outcomes(subject, Engine::Loom), "{subject}");
    }
}

#[test]
fn weak_memory_games_are_played_on_loom_and_reach_its_every_outcome() {
    for lesson in [
        "message-passing",
        "store-buffering",
        "lazy-publish",
        "peterson",
    ] {
        let subject = program(lesson, None);
        let game = game(subject);
        assert_eq!(game.memory, Memory::Weak, "{lesson}");
        assert_eq!(endings(game), outcomes(subject, Engine::Loom), "{lesson}");
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
    let weak: Vec<String> = games::buggy()
        .into_iter()
        .filter(|&subject| playable(subject))
        .filter(|&subject| game(subject).memory == Memory::Weak)
        .map(|subject| subject.to_string())
        .collect();
    assert_eq!(
        weak,
        [
            "message-passing (relaxed)",
            "store-buffering (relaxed)",
            "lazy-publish (relaxed)",
            "peterson (release-acquire)"
        ]
    );
}

#[test]
fn on_a_sequential_machine_a_thread_has_one_next_move() {
    for subject in games::buggy().into_iter().filter(|&s| playable(s)) {
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
    for subject in games::buggy().into_iter().filter(|&s| playable(s)) {
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
    for subject in games::buggy().into_iter().filter(|&s| playable(s)) {
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
        (program("racy", None), 1),
        (program("split-lock", None), 1),
        (program("check-then-act", None), 1),
        (program("deadlock", None), 1),
        (program("lost-wakeup", None), 0),
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
    for lesson in ["message-passing", "lazy-publish"] {
        let game = game(program(lesson, Some("release-acquire")));
        assert_eq!(game.memory, Memory::Weak, "{lesson}");
        assert!(game.note.is_none());
    }
    // SeqCst fences are ordered by loom's running order, which the game on
    // loom does not follow: played sequentially consistent, and it says so.
    let fenced = game(program("store-buffering", Some("seqcst-fences")));
    assert_eq!(fenced.memory, Memory::Sequential);
    let note = fenced.note.as_deref().expect("a note on the machine");
    assert!(note.contains("cannot show weak-memory effects"), "{note}");
}

#[test]
fn each_ending_is_drawn_in_the_order_played_with_its_preemptions() {
    for subject in games::buggy().into_iter().filter(|&s| playable(s)) {
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
        ("check-then-act", "swap"),
        ("deadlock", "one-order"),
        ("message-passing", "release-acquire"),
        ("lazy-publish", "release-acquire"),
        ("bank-withdraw", "locked"),
    ] {
        let game = game(program(lesson, Some(variant)));
        assert!(!game.has_bug(), "{lesson}");
        assert!(game.endings.iter().all(|e| e.correct), "{lesson}");
        assert!(game.hint(0, 0).contains("No order of moves breaks it"));
    }
}

#[test]
fn seq_cst_fences_are_refused_with_a_reason() {
    let why = Game::weak(program("store-buffering", Some("seqcst-fences"))).unwrap_err();
    assert!(why.contains("SeqCst"), "{why}");
}

#[test]
fn a_session_undoes_restarts_and_refuses_impossible_moves() {
    let game = game(program("racy", None));
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
    let game = game(program("deadlock", None));
    let mut session = Session::new(game);
    // T1 takes A, T2 takes B and asks for A: T2 waits.
    for key in ["1", "2", "2"] {
        session.play(key).unwrap();
    }
    assert_eq!(
        session.play("2").unwrap_err(),
        "T2 cannot move now: its next step (lock A) cannot run yet"
    );
    // In the lost wakeup, T2 waits for the lock T1 took, and says so.
    let game = self::game(program("lost-wakeup", None));
    let mut session = Session::new(game);
    session.play("1").unwrap();
    assert_eq!(session.waits_to(2), Some("lock"));
}

#[test]
fn a_read_with_a_choice_of_writes_needs_its_letter() {
    let game = game(program("message-passing", None));
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
    let result = session.result(100, &Hint::words).unwrap();
    assert!(
        result.contains("Ended: flag = 1, data = 0: breaks"),
        "{result}"
    );
    let words = result.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("Only weak memory allows it."), "{result}");
}

#[test]
fn every_ending_that_breaks_the_contract_says_why() {
    // A ✗ marks the step that broke it, the scenario's note says which reads
    // made the result wrong, or the weak-memory note names the stale read:
    // each is what explore's witness says.
    let commands: racelab::explore::report::Commands<'_> = &|_| String::new();
    let mut silent = Vec::new();
    for subject in games::buggy() {
        if !playable(subject) {
            continue;
        }
        let game = game(subject);
        for (index, ending) in game.endings.iter().enumerate() {
            let drawn = game.drawn(index, 80, commands);
            let notes = subject.notes(&ending.observed, &ending.played);
            let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
            for line in &notes.lines {
                assert!(words(&drawn).contains(&words(line)), "{subject}: {line}");
            }
            let weak = ending.played.why_weak().is_some();
            if !ending.correct && !drawn.contains('✗') && notes.lines.is_empty() && !weak {
                silent.push(format!("{subject}: {}", ending.observed));
            }
        }
    }
    assert!(
        silent.is_empty(),
        "endings that do not say why: {silent:#?}"
    );
}

#[test]
fn a_deadlock_ends_the_game_at_the_move_that_closes_the_cycle() {
    for lesson in ["deadlock", "bank-transfer"] {
        let game = game(program(lesson, None));
        let mut session = Session::new(game);
        for key in ["1", "2", "1"] {
            session.play(key).unwrap();
            session.finish_deadlock();
            assert_eq!(session.status(), Status::Playing, "{lesson}");
        }
        // T2 asks for A, held by T1, which waits for B, held by T2.
        session.play("2").unwrap();
        assert!(session.played()[3].closes_cycle(), "{lesson}");
        session.finish_deadlock();
        let Status::Ended(ending) = session.status() else {
            panic!("{lesson}: the game goes on after the cycle closed");
        };
        assert!(!game.endings[ending].correct, "{lesson}");
        // Unwinding adds no preemption to the one that made the deadlock.
        assert_eq!(session.preemptions(), 1, "{lesson}");
        let result = session.result(80, &|_| String::new()).unwrap();
        assert!(
            result.contains("Move 4 closed a cycle of waits"),
            "{result}"
        );
        assert!(session.undo());
        assert_eq!(
            session.played().len(),
            3,
            "{lesson}: undo takes back move 4"
        );
    }
}

/// Each path from the start to an ending: the moves taken, in order.
fn paths(game: &Game) -> Vec<(usize, Vec<&racelab::play::Move>)> {
    let mut found = Vec::new();
    let mut stack = vec![(0, Vec::new())];
    while let Some((at, path)) = stack.pop() {
        if let Some(ending) = game.nodes[at].ending {
            found.push((ending, path.clone()));
        }
        for m in &game.nodes[at].moves {
            let mut longer = path.clone();
            longer.push(m);
            stack.push((m.to, longer));
        }
    }
    found
}

/// "Your moves #1 to #4 are steps 3, 4, 5 and 7; main took the others.":
/// the step drawn with each number is the move's own, of the thread the
/// move chose, in the move's order; and the others are main's exactly
/// when the sentence says so.
#[test]
fn the_ending_says_which_drawn_steps_the_moves_were() {
    let mut checked = 0;
    for buggy in games::buggy() {
        for subject in std::iter::once(buggy).chain(buggy.fixes()) {
            if !playable(subject) {
                continue;
            }
            let game = game(subject);
            for (index, path) in paths(game) {
                let played = &game.endings[index].played;
                let text = game.drawn(index, 10_000, &Hint::words);
                let line = text
                    .lines()
                    .find(|line| line.starts_with("Your move"))
                    .unwrap_or_else(|| panic!("{subject}: no moves sentence in\n{text}"));
                let (which, others) = line.split_once("; ").unwrap();
                let numbers: Vec<usize> = which
                    .rsplit_once(if path.len() == 1 {
                        " is step "
                    } else {
                        " are steps "
                    })
                    .unwrap()
                    .1
                    .replace(" and ", ", ")
                    .split(", ")
                    .map(|n| n.parse().unwrap())
                    .collect();
                assert_eq!(numbers.len(), path.len(), "{subject}: {line}");
                let steps = played.trace.steps();
                let at = |number: usize| {
                    let found = played.marks.numbers.iter().position(|&n| n == Some(number));
                    found.unwrap_or_else(|| panic!("{subject}: no step {number}: {line}"))
                };
                for (number, m) in numbers.iter().zip(&path) {
                    let own = m.steps.iter().find(|s| s.thread == m.thread).unwrap();
                    assert_eq!(&steps[at(*number)], own, "{subject}: {line}");
                }
                assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{subject}: {line}");
                let all_main = (1..=steps.len())
                    .filter(|n| !numbers.contains(n))
                    .filter_map(|n| played.marks.numbers.iter().position(|&m| m == Some(n)))
                    .all(|i| steps[i].thread == 0);
                let says_main = others == "main took the others.";
                assert_eq!(all_main, says_main, "{subject}: {line}");
                checked += 1;
            }
        }
    }
    println!("{checked} endings checked");
    assert!(checked > 500, "{checked}");
}
