//! Checking a shuttle schedule string before shuttle reads it.
//!
//! shuttle's own decoder panics on a string that is not a schedule (an empty
//! one, a truncated one, one that claims more steps than it holds). A schedule
//! typed on a command line must be refused with a sentence instead, so this
//! walks the format first: hex digits; a magic byte `0x91`; three varints
//! (bits per thread id, number of steps, random seed); then for each step one
//! bit that says "random choice" (1) or "thread" (0, followed by the id bits).

/// Whether `encoded` is a well-formed shuttle schedule, or why not.
pub(crate) fn check(encoded: &str) -> Result<(), &'static str> {
    let digits: Vec<u8> = encoded
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if digits.is_empty() || !digits.len().is_multiple_of(2) {
        return Err("it is not an even number of hex digits");
    }
    let mut bytes = Vec::with_capacity(digits.len() / 2);
    for pair in digits.chunks(2) {
        match (hex(pair[0]), hex(pair[1])) {
            (Some(high), Some(low)) => bytes.push(high << 4 | low),
            _ => return Err("it is not made of hex digits"),
        }
    }
    if bytes[0] != 0x91 {
        return Err("it does not start as a shuttle schedule does");
    }
    let mut rest = &bytes[1..];
    let id_bits = varint(&mut rest).ok_or("it ends in its header")?;
    let steps = varint(&mut rest).ok_or("it ends in its header")?;
    varint(&mut rest).ok_or("it ends in its header")?;
    if !(1..=16).contains(&id_bits) {
        return Err("its thread ids are not of a sensible size");
    }
    let bits = rest.len() * 8;
    let bit = |offset: usize| rest[offset / 8] >> (offset % 8) & 1 == 1;
    let mut offset = 0;
    for _ in 0..steps {
        if offset >= bits {
            return Err("it holds fewer steps than it says");
        }
        if bit(offset) {
            return Err("it contains random choices, which no racelab scenario makes");
        }
        offset += 1 + id_bits as usize;
        if offset > bits {
            return Err("it holds fewer steps than it says");
        }
    }
    Ok(())
}

fn hex(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|d| d as u8)
}

/// Reads one little-endian base-128 number, as shuttle writes them: up to
/// ten bytes, the tenth holding only the top bit of a 64-bit number (a PCT or
/// random run's seed needs all ten).
fn varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..=63).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        if shift == 63 {
            return (byte <= 1).then(|| value | u64::from(byte) << 63);
        }
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn a_printed_schedule_is_accepted() {
        assert_eq!(check("91020df8acd191010024522000"), Ok(()));
    }

    #[test]
    fn a_pct_schedule_with_a_64_bit_seed_is_accepted() {
        // `racelab explore racy --engine shuttle-pct` printed this one: its
        // seed takes all ten bytes of a varint.
        assert_eq!(check("91020db0b8a68b86c6e580ea0180404a2000"), Ok(()));
    }

    #[test]
    fn garbage_is_refused_with_a_reason() {
        assert!(check("").is_err());
        assert!(check("zz").is_err());
        assert!(check("91").is_err());
        assert!(check("00020df8acd191010024522000").is_err());
        assert!(check("9102ff7f00").is_err());
        assert!(check("91020df8acd1910100245220").is_err());
    }
}
