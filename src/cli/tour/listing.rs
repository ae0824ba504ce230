//! The few lines of Rust that make each counter racy or correct, beside the
//! Python a learner would write for the same thing: the counter's own code
//! lines, from its scenario (a test checks that each is in its source).

use racelab::explore::report::code;

use crate::cli::tour::counter;

/// Prints the counter `name`'s name, what it does, and its code, indented,
/// with a blank line after.
pub(super) fn show(name: &str) {
    let program = counter(name, 2, 1);
    // Numbered as everywhere else: lesson 6's third program is 6c.
    let number = program.about().number;
    println!("{number}. {name}: {}", program.variant().what);
    print!("{}", code(program));
    println!();
}
