//! The engines an exploration can run on, and what each one counts.

use std::fmt;

/// What runs a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Engine {
    /// loom: every execution of a weak memory model (an approximation of
    /// C++20's, which Rust uses).
    Loom,
    /// shuttle's depth-first search: every schedule of a sequentially
    /// consistent machine.
    ShuttleDfs,
    /// shuttle's probabilistic concurrency testing: `runs` random schedules,
    /// each with `depth − 1` priority change points.
    ShuttlePct {
        /// Seeds the random choices; the same seed gives the same runs.
        seed: u64,
        /// PCT's depth.
        depth: usize,
        /// How many runs.
        runs: usize,
    },
    /// shuttle, a uniformly random runnable thread at every step.
    ShuttleRandom {
        /// Seeds the random choices; the same seed gives the same runs.
        seed: u64,
        /// How many runs.
        runs: usize,
    },
    /// shuttle, exactly the one schedule an exploration printed.
    ShuttleReplay(String),
    /// Real OS threads, `runs` times: what this machine happens to do.
    Threads {
        /// How many runs.
        runs: usize,
    },
}

impl Engine {
    /// The engine as the command line names it.
    pub fn name(&self) -> &'static str {
        match self {
            Engine::Loom => "loom",
            Engine::ShuttleDfs => "shuttle-dfs",
            Engine::ShuttlePct { .. } => "shuttle-pct",
            Engine::ShuttleRandom { .. } => "shuttle-random",
            Engine::ShuttleReplay(_) => "shuttle-replay",
            Engine::Threads { .. } => "threads",
        }
    }

    /// What one of the engine's runs is called: loom's executions,
    /// shuttle-dfs's schedules, the runs of the samplers and real threads.
    pub fn unit(&self) -> &'static str {
        match self {
            Engine::Loom => "execution",
            Engine::ShuttleDfs => "schedule",
            _ => "run",
        }
    }

    /// Whether the engine visits every execution (when it is not stopped).
    pub fn exhaustive(&self) -> bool {
        matches!(self, Engine::Loom | Engine::ShuttleDfs)
    }

    /// Whether the engine records what each thread did.
    pub fn records(&self) -> bool {
        !matches!(self, Engine::Threads { .. })
    }

    /// What the executions column counts under this engine, as a clause.
    pub fn counts(&self) -> &'static str {
        match self {
            Engine::Loom => {
                "loom tries both orders of two threads' steps mainly where they touch the same \
                 location (one of them writing) or lock, and, for each read, every write it may \
                 return; a read run after a write may still return an older one, as in a run \
                 where it came first, and loom also branches at spawns, joins and thread ends, \
                 so many runs return the same writes to the same reads"
            }
            Engine::ShuttleDfs => {
                "it counts schedules, every choice of which thread runs at each of shuttle's \
                 scheduling points (spawns, joins and thread ends among them), so two schedules \
                 that differ only in the order of unrelated steps count twice"
            }
            Engine::ShuttlePct { .. } | Engine::ShuttleRandom { .. } => {
                "it counts runs, each one schedule drawn at random; the same schedule may be drawn \
                 twice"
            }
            Engine::ShuttleReplay(_) => "a replay runs one schedule",
            Engine::Threads { .. } => "it counts runs of the program on this machine",
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Engine::Loom => f.write_str("loom (full search)"),
            Engine::ShuttleDfs => f.write_str("shuttle-dfs (every schedule)"),
            Engine::ShuttlePct { seed, depth, runs } => {
                write!(f, "shuttle-pct (depth {depth}, seed {seed}, {runs} runs)")
            }
            Engine::ShuttleRandom { seed, runs } => {
                write!(f, "shuttle-random (seed {seed}, {runs} runs)")
            }
            Engine::ShuttleReplay(_) => f.write_str("shuttle (replay of one schedule)"),
            Engine::Threads { runs } => write!(f, "real threads ({runs} runs)"),
        }
    }
}
