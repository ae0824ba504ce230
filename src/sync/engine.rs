//! The engines a program can run on, and their settings: one enum, which
//! the command line parses and prints.

use std::fmt;

/// What runs a program: loom, one of shuttle's schedulers, or real threads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Engine {
    /// loom: every execution of a weak memory model (an approximation of
    /// C++20's, which Rust uses).
    Loom,
    /// shuttle: interleavings of a sequentially consistent machine, chosen
    /// as the scheduler says.
    Shuttle(ShuttleScheduler),
    /// Real OS threads, `runs` times: what this machine happens to do.
    Threads {
        /// How many runs.
        runs: usize,
    },
}

/// How shuttle chooses the next thread to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShuttleScheduler {
    /// Depth-first: every interleaving, each once.
    Dfs,
    /// Probabilistic concurrency testing: `depth` random priority changes per
    /// run (`depth − 1` change points), which finds a bug of depth `depth`
    /// with a probability that can be bounded. At depth 1 no priority ever
    /// changes: the highest-priority runnable thread always runs.
    Pct {
        /// Seeds the random choices; the same seed gives the same runs.
        seed: u64,
        /// Priority changes per run.
        depth: usize,
        /// How many runs.
        runs: usize,
    },
    /// A uniformly random runnable thread at every step.
    Random {
        /// Seeds the random choices; the same seed gives the same runs.
        seed: u64,
        /// How many runs.
        runs: usize,
    },
    /// Exactly the one run that an earlier exploration printed.
    Replay(String),
}

impl Engine {
    /// shuttle's depth-first search.
    pub const SHUTTLE_DFS: Engine = Engine::Shuttle(ShuttleScheduler::Dfs);

    /// The names the command line takes, in order.
    pub const NAMES: [&'static str; 5] = [
        "loom",
        "shuttle-dfs",
        "shuttle-pct",
        "shuttle-random",
        "threads",
    ];

    /// The engine called `name` on the command line, with default settings
    /// (seed 0, depth 3, 100 runs) for [`with_settings`](Engine::with_settings)
    /// to replace.
    pub fn named(name: &str) -> Option<Engine> {
        Some(match name {
            "loom" => Engine::Loom,
            "shuttle-dfs" => Engine::SHUTTLE_DFS,
            "shuttle-pct" => Engine::Shuttle(ShuttleScheduler::Pct {
                seed: 0,
                depth: 3,
                runs: 100,
            }),
            "shuttle-random" => Engine::Shuttle(ShuttleScheduler::Random { seed: 0, runs: 100 }),
            "threads" => Engine::Threads { runs: 100 },
            _ => return None,
        })
    }

    /// The same engine with `seed`, `depth` and `runs`, where it takes them.
    pub fn with_settings(self, seed: u64, depth: usize, runs: usize) -> Engine {
        match self {
            Engine::Shuttle(ShuttleScheduler::Pct { .. }) => {
                Engine::Shuttle(ShuttleScheduler::Pct { seed, depth, runs })
            }
            Engine::Shuttle(ShuttleScheduler::Random { .. }) => {
                Engine::Shuttle(ShuttleScheduler::Random { seed, runs })
            }
            Engine::Threads { .. } => Engine::Threads { runs },
            other => other,
        }
    }

    /// The engine as the command line names it.
    pub fn name(&self) -> &'static str {
        match self {
            Engine::Loom => "loom",
            Engine::Shuttle(ShuttleScheduler::Dfs) => "shuttle-dfs",
            Engine::Shuttle(ShuttleScheduler::Pct { .. }) => "shuttle-pct",
            Engine::Shuttle(ShuttleScheduler::Random { .. }) => "shuttle-random",
            Engine::Shuttle(ShuttleScheduler::Replay(_)) => "shuttle-replay",
            Engine::Threads { .. } => "threads",
        }
    }

    /// What one of the engine's runs is called: loom's executions,
    /// shuttle-dfs's schedules, the runs of the samplers and real threads.
    pub fn unit(&self) -> &'static str {
        match self {
            Engine::Loom => "execution",
            Engine::Shuttle(ShuttleScheduler::Dfs) => "schedule",
            _ => "run",
        }
    }

    /// Whether the engine sets out to visit every execution: then, if it was
    /// not stopped, what it did not find does not happen (on its model).
    pub fn exhaustive(&self) -> bool {
        matches!(self, Engine::Loom | Engine::Shuttle(ShuttleScheduler::Dfs))
    }

    /// Whether the engine records what each thread did.
    pub fn records(&self) -> bool {
        !matches!(self, Engine::Threads { .. })
    }

    /// How many runs the engine was told to make, if it was.
    pub fn runs(&self) -> Option<usize> {
        match self {
            Engine::Shuttle(ShuttleScheduler::Pct { runs, .. })
            | Engine::Shuttle(ShuttleScheduler::Random { runs, .. })
            | Engine::Threads { runs } => Some(*runs),
            _ => None,
        }
    }
}

/// `loom`, `shuttle-pct (depth 3, seed 1, 100 runs)`, `real threads (20 runs)`.
impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Engine::Loom => f.write_str("loom"),
            Engine::Shuttle(ShuttleScheduler::Dfs) => f.write_str("shuttle-dfs"),
            Engine::Shuttle(ShuttleScheduler::Pct { seed, depth, runs }) => {
                write!(f, "shuttle-pct (depth {depth}, seed {seed}, {runs} runs)")
            }
            Engine::Shuttle(ShuttleScheduler::Random { seed, runs }) => {
                write!(f, "shuttle-random (seed {seed}, {runs} runs)")
            }
            Engine::Shuttle(ShuttleScheduler::Replay(_)) => {
                f.write_str("shuttle (replay of one schedule)")
            }
            Engine::Threads { runs } => write!(f, "real threads ({runs} runs)"),
        }
    }
}
