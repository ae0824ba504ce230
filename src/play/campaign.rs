//! The campaign: every bug a game can hold, as levels in the order of
//! `racelab list`, and what the learner has done in each — beaten it (reached an
//! ending that breaks the contract) and met its par (with the fewest
//! preemptions that can).
//!
//! Progress lives in one small JSON file, `{"racy": {"beaten": true, "par":
//! false}, …}`; a file that is missing or unreadable is a fresh start, not an
//! error.
//!
//! ```
//! use racelab::play::campaign::Progress;
//!
//! let mut progress = Progress::default();
//! let racy = racelab::play::campaign::levels()[0];
//! progress.record(racy, 2, 1); // broke it with 2 preemptions; par is 1
//! assert!(progress.of(racy).beaten && !progress.of(racy).par);
//! progress.record(racy, 1, 1);
//! assert!(progress.of(racy).par);
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};

use crate::play::buggy;
use crate::scenario::Program;

/// The levels, the lost update first (the order of `racelab list`), then
/// the catalogue. A level is a bug; some are too large for a game
/// ([`crate::play::Game::new`] says so).
pub fn levels() -> Vec<Program> {
    buggy()
}

/// What the learner has done in one level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// Reached an ending that breaks the contract.
    pub beaten: bool,
    /// Did so with the fewest preemptions that can.
    pub par: bool,
}

/// What the learner has done in every level.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    records: BTreeMap<String, Record>,
}

impl Progress {
    /// The progress saved in `path`; a fresh start if there is none or it
    /// cannot be read.
    pub fn load(path: &Path) -> Progress {
        let Ok(text) = std::fs::read_to_string(path) else {
            return Progress::default();
        };
        let Ok(Value::Object(levels)) = serde_json::from_str::<Value>(&text) else {
            return Progress::default();
        };
        let records = levels
            .into_iter()
            .map(|(name, record)| {
                let flag = |key: &str| record.get(key).and_then(Value::as_bool) == Some(true);
                let record = Record {
                    beaten: flag("beaten"),
                    par: flag("par"),
                };
                (name, record)
            })
            .collect();
        Progress { records }
    }

    /// Saves the progress in `path`, making its directory if need be.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(directory) = path.parent() {
            std::fs::create_dir_all(directory)?;
        }
        let levels: serde_json::Map<String, Value> = self
            .records
            .iter()
            .map(|(name, r)| (name.clone(), json!({"beaten": r.beaten, "par": r.par})))
            .collect();
        std::fs::write(path, Value::Object(levels).to_string())
    }

    /// What the learner has done in `level`.
    pub fn of(&self, level: Program) -> Record {
        self.records
            .get(&level.to_string())
            .copied()
            .unwrap_or_default()
    }

    /// The learner broke `level`'s contract with `preemptions`; its par is
    /// `par`. A record is never lowered.
    pub fn record(&mut self, level: Program, preemptions: usize, par: usize) {
        let record = self.records.entry(level.to_string()).or_default();
        record.beaten = true;
        record.par |= preemptions <= par;
    }
}
