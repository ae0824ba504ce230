//! Parsing and printing the numbers of the command line.

pub(crate) use racelab::explore::grouped;

/// A thread count from 1 to `max`, or a sentence saying what is wrong.
pub(crate) fn threads(text: &str, max: usize) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "the number of threads must be a whole number from 1 to {max}, not '{text}'"
        )),
    }
}

/// A count of increments per thread, from 0 to `max`.
pub(crate) fn increments(text: &str, max: u64) -> Result<u64, String> {
    match text.parse::<u64>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!(
            "the number of increments must be a whole number from 0 to {}, not '{text}'",
            grouped(max)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{grouped, increments, threads};

    #[test]
    fn zero_threads_is_refused_with_a_sentence() {
        assert_eq!(
            threads("0", 64),
            Err("the number of threads must be a whole number from 1 to 64, not '0'".to_string())
        );
        assert!(threads("four", 64).is_err());
        assert_eq!(threads("4", 64), Ok(4));
    }

    #[test]
    fn increments_accept_zero_and_refuse_words() {
        assert_eq!(increments("0", 10), Ok(0));
        assert!(increments("many", 10).is_err());
        assert!(increments("11", 10).is_err());
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(400_000), "400,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
