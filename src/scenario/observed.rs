use std::fmt;

/// What the threads of one execution saw, by name: `r1 = 0, r2 = 0`.
///
/// Every scenario ends an execution with one; the outcome table has a row
/// for each different one.
///
/// ```
/// use racelab::scenario::Observed;
///
/// let seen = Observed::new(vec![("flag", 1), ("data", 0)]);
/// assert_eq!(seen.get("data"), Some(0));
/// assert_eq!(seen.to_string(), "flag = 1, data = 0");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Observed(Vec<(&'static str, u64)>);

impl Observed {
    /// The values, in the order they are printed.
    pub fn new(values: Vec<(&'static str, u64)>) -> Self {
        Self(values)
    }

    /// These values, and `name = value` after them.
    pub fn with(mut self, name: &'static str, value: u64) -> Self {
        self.0.push((name, value));
        self
    }

    /// The value called `name`.
    pub fn get(&self, name: &str) -> Option<u64> {
        self.0.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
    }
}

impl fmt::Display for Observed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|(n, v)| format!("{n} = {v}")).collect();
        f.write_str(&parts.join(", "))
    }
}
