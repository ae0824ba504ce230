//! The one place that writes `racelab` command lines: each hint a report or
//! a game points to, as the command that runs it.

use racelab::explore::report::Hint;
use racelab::scenario::Program;
use racelab::sync::{Engine, ShuttleScheduler};

/// The command line that runs what `hint` points to.
pub(crate) fn line(hint: &Hint) -> String {
    match hint {
        Hint::Explore { program, engine } => explore(*program, engine),
        Hint::Replay { program, schedule } => {
            format!(
                "racelab replay {} {schedule}{}",
                program.about().name,
                version_and_size(*program)
            )
        }
        Hint::ShowForbidden { program } => {
            format!("{} --show-forbidden", explore(*program, &Engine::Loom))
        }
        Hint::Play { program, moves } => {
            let mut line = format!("racelab play {}", program.about().name);
            if program.has_versions() {
                line.push_str(&format!(" --variant {}", program.variant().name));
            }
            if let Some(moves) = moves {
                line.push_str(&format!(" --moves {}", moves.join(",")));
            }
            line
        }
        Hint::Legend => "racelab explore --explain".to_string(),
    }
}

/// `racelab explore racy --engine shuttle-dfs --threads 2 --increments 1`.
pub(crate) fn explore(program: Program, engine: &Engine) -> String {
    if let Engine::Shuttle(ShuttleScheduler::Replay(schedule)) = engine {
        return line(&Hint::Replay {
            program,
            schedule: schedule.clone(),
        });
    }
    format!(
        "racelab explore {}{}{}",
        program.about().name,
        engine_arguments(engine),
        version_and_size(program)
    )
}

/// The engine as the options that choose it: nothing for loom, the default.
pub(crate) fn engine_arguments(engine: &Engine) -> String {
    match engine {
        Engine::Loom => String::new(),
        Engine::Shuttle(ShuttleScheduler::Pct { seed, depth, runs }) => {
            format!(" --engine shuttle-pct --seed {seed} --depth {depth} --runs {runs}")
        }
        Engine::Shuttle(ShuttleScheduler::Random { seed, runs }) => {
            format!(" --engine shuttle-random --seed {seed} --runs {runs}")
        }
        Engine::Threads { runs } => format!(" --engine threads --runs {runs}"),
        other => format!(" --engine {}", other.name()),
    }
}

/// ` --variant swap`, or ` --threads 2 --increments 1` for a counter.
fn version_and_size(program: Program) -> String {
    let mut out = String::new();
    if program.has_versions() {
        out.push_str(&format!(" --variant {}", program.variant().name));
    }
    if program.about().sized {
        out.push_str(&format!(
            " --threads {} --increments {}",
            program.size.threads, program.size.increments
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use racelab::catalogue::{check_then_act, CheckThenAct};
    use racelab::counter::RacyCount;
    use racelab::explore::report::Hint;
    use racelab::scenario::{Program, Size};
    use racelab::sync::{Engine, ShuttleScheduler};

    use super::line;

    /// Whether racelab's own parser takes `command` (its words, without
    /// the leading `racelab`).
    fn parses(command: &str) -> bool {
        use clap::Parser;
        crate::cli::Cli::try_parse_from(command.split_whitespace()).is_ok()
    }

    #[test]
    fn every_hint_is_a_command_the_parser_takes() {
        let racy = Program::new(&RacyCount, (), Size::new(3, 2));
        let swap = Program::new(&CheckThenAct, check_then_act::Version::Swap, Size::SMALLEST);
        let pct = Engine::Shuttle(ShuttleScheduler::Pct {
            seed: 7,
            depth: 3,
            runs: 100,
        });
        assert_eq!(
            line(&Hint::Explore {
                program: racy,
                engine: pct.clone()
            }),
            "racelab explore racy --engine shuttle-pct --seed 7 --depth 3 --runs 100 --threads 3 \
             --increments 2"
        );
        assert_eq!(
            line(&Hint::Replay {
                program: swap,
                schedule: "91020d".to_string()
            }),
            "racelab replay check-then-act 91020d --variant swap"
        );
        assert_eq!(
            line(&Hint::Play {
                program: swap,
                moves: Some(vec!["1".into(), "2".into()])
            }),
            "racelab play check-then-act --variant swap --moves 1,2"
        );
        for hint in [
            Hint::Explore {
                program: racy,
                engine: pct,
            },
            Hint::Replay {
                program: swap,
                schedule: "91020d".to_string(),
            },
            Hint::Play {
                program: swap,
                moves: None,
            },
        ] {
            let command = line(&hint);
            assert!(parses(&command), "{command}");
        }
        assert!(
            !parses("racelab explore racy --engine nope"),
            "the check can fail"
        );
    }
}
