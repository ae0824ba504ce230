//! Every line of code a report shows stands, as written, in the file of
//! the scenario it is about: a learner who opens the file finds it.

use racelab::scenario::ALL;

/// A listed line without the listing's own trailing `// …` comment.
fn without_listing_comment(line: &str) -> &str {
    line.split(" // ").next().unwrap_or(line).trim()
}

/// The file's lines of code: without comments, and without the table of
/// versions or any other listing, which would otherwise find themselves.
fn code_lines(source: &str) -> Vec<&str> {
    let mut in_listings = false;
    let mut lines = Vec::new();
    for line in source.lines().map(str::trim) {
        if line.contains("const VERSIONS") {
            in_listings = true;
        } else if in_listings && (line.starts_with("];") || line.starts_with(")];")) {
            in_listings = false;
        } else if !in_listings && !line.starts_with("//") && !line.starts_with('"') {
            // A line that is a string literal is a listing kept in a
            // constant (deadlock's TAKE_BOTH), not code.
            lines.push(line);
        }
    }
    lines
}

#[test]
fn every_listed_line_is_in_its_scenarios_file() {
    let mut checked = 0;
    let mut missing = Vec::new();
    for scenario in ALL {
        let about = scenario.about();
        let path = about.file.path;
        let on_disk =
            std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{path}: {error}"));
        // The text the game reads its lines from is the file itself.
        assert_eq!(about.file.text, on_disk, "{path}");
        let source_lines = code_lines(&on_disk);
        for variant in scenario.variants() {
            for code in variant.code {
                for line in code.rust {
                    let line = without_listing_comment(line);
                    if !source_lines.iter().any(|source| source.contains(line)) {
                        missing.push(format!("{path} ({}): {line}", variant.name));
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in the file:\n{}",
        missing.join("\n")
    );
    assert!(checked > 50, "only {checked} lines were checked");
}

/// A listing a learner reads as Rust: every brace it opens, it closes, so
/// that no line reads as the body of an `if` it is not in.
#[test]
fn every_listing_closes_its_braces() {
    let mut unbalanced = Vec::new();
    for scenario in ALL {
        for variant in scenario.variants() {
            for code in variant.code {
                let depth: i32 = code
                    .rust
                    .iter()
                    .map(|line| without_listing_comment(line))
                    .flat_map(str::chars)
                    .map(|c| match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    })
                    .sum();
                if depth != 0 {
                    let about = scenario.about();
                    unbalanced.push(format!("{} ({}): {}", about.name, variant.name, code.who));
                }
            }
        }
    }
    assert!(unbalanced.is_empty(), "{}", unbalanced.join("\n"));
}
