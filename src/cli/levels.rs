//! `racelab play` without a scenario: the levels, every bug a game can
//! hold, the lost update first, in the terminal, as a list, or as web
//! pages; and the file that remembers which the learner has beaten.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use racelab::play::campaign::{self, Progress};
use racelab::play::menu::{self, Level};
use racelab::play::{page, Game};

use crate::cli::{commands, refuse_with};

/// Runs `racelab play` with no scenario: forgets the progress with
/// `reset`, writes the pages into `html_dir`, or shows the levels.
pub(crate) fn run(reset: bool, html_dir: Option<&Path>) -> ExitCode {
    if reset {
        return forget();
    }
    let (levels, too_large) = build();
    if levels.is_empty() {
        return refuse_with("no level could be built");
    }
    if let Some(directory) = html_dir {
        return write_pages(&levels, directory);
    }
    let path = progress_file();
    let mut progress = path.as_deref().map(Progress::load).unwrap_or_default();
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        let mut save = |progress: &Progress| saved(progress, path.as_deref());
        return match menu::campaign(&levels, &mut progress, &mut save, &commands::line) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => refuse_with(&format!("the terminal failed: {error}")),
        };
    }
    crate::cli::print(&listing(&levels, &too_large, &progress, path.as_deref()))
}

/// Where the progress lives: the platform's data directory for racelab
/// (on Linux `$XDG_DATA_HOME/racelab`, else `~/.local/share/racelab`).
fn progress_file() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "racelab")?;
    Some(dirs.data_dir().join("progress.json"))
}

/// Saves `progress`; a sentence if it could not be (a read-only or missing
/// home is not an error: the game goes on).
fn saved(progress: &Progress, path: Option<&Path>) -> Option<String> {
    let path = path?;
    let error = progress.save(path).err()?;
    Some(format!(
        "Progress not saved in {}: {error}.",
        path.display()
    ))
}

/// Records a game played on its own, when it is a level.
pub(crate) fn remember(game: &Game, best: Option<usize>) {
    let (Some(used), Some(par), Some(path)) =
        (best, game.fewest_preemptions(0, 0), progress_file())
    else {
        return;
    };
    if campaign::levels().contains(&game.program) {
        let mut progress = Progress::load(&path);
        progress.record(game.program, used, par);
        let _ = saved(&progress, Some(&path));
    }
}

fn forget() -> ExitCode {
    let Some(path) = progress_file() else {
        return refuse_with("this system has no data directory to keep progress in");
    };
    match std::fs::remove_file(&path) {
        Ok(()) => println!("Forgot the levels beaten: {} is removed.", path.display()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            println!("No level was beaten: there was no progress to forget.");
        }
        Err(error) => return refuse_with(&format!("could not remove {}: {error}", path.display())),
    }
    ExitCode::SUCCESS
}

/// Every level's game, built now with a count on standard error, and the
/// names of the bugs too large for a game.
fn build() -> (Vec<Level>, Vec<String>) {
    let programs = campaign::levels();
    let bar = indicatif::ProgressBar::new(programs.len() as u64)
        .with_message("building the levels' games");
    let mut levels = Vec::new();
    let mut too_large = Vec::new();
    for program in programs {
        match Game::new(program) {
            Ok(game) => {
                let par = game.fewest_preemptions(0, 0).unwrap_or(0);
                levels.push(Level { game, par });
            }
            Err(_) => too_large.push(program.about().name.to_string()),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    (levels, too_large)
}

/// The levels as text, for a pipe or a file.
fn listing(
    levels: &[Level],
    too_large: &[String],
    progress: &Progress,
    path: Option<&Path>,
) -> String {
    let beaten = levels
        .iter()
        .filter(|level| progress.of(level.game.program).beaten)
        .count();
    let mut out = format!(
        "The levels, the lost update first: {beaten} of {} beaten. Par is the fewest\n\
         preemptions that break the contract.\n\n  #  level            par  done\n",
        levels.len()
    );
    for (index, level) in levels.iter().enumerate() {
        let line = format!(
            "{:>3}  {:<16} {:>3}  {}",
            index + 1,
            level.game.program.about().name,
            level.par,
            menu::done(progress.of(level.game.program))
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let mut notes = vec![
        "In a terminal, racelab play shows these levels to choose from; racelab play NAME \
         plays one; racelab play --html-dir DIR writes them as web pages."
            .to_string(),
    ];
    if !too_large.is_empty() {
        notes.push(format!(
            "Not a level, too large for a game: {}.",
            too_large.join(", ")
        ));
    }
    notes.push(match path {
        Some(path) => format!(
            "Progress is kept in {} (racelab play --reset forgets it).",
            path.display()
        ),
        None => "This system has no data directory: progress is not kept.".to_string(),
    });
    for note in notes {
        out.push('\n');
        out.push_str(&textwrap::fill(&note, racelab::trace::render::wrapping(80)));
        out.push('\n');
    }
    out
}

/// Writes one page per level and an index linking them into `directory`.
fn write_pages(levels: &[Level], directory: &Path) -> ExitCode {
    let file = |index: usize| {
        format!(
            "{:02}-{}.html",
            index + 1,
            levels[index].game.program.about().name
        )
    };
    let mut entries = Vec::new();
    for (index, level) in levels.iter().enumerate() {
        let next = (index + 1 < levels.len()).then(|| file(index + 1));
        let nav = page::Nav {
            index: "index.html".to_string(),
            next,
        };
        let html = page::level(&level.game, &commands::line, &nav);
        if let Err(error) = write(directory, &file(index), &html) {
            return error;
        }
        entries.push(page::Entry {
            href: file(index),
            game: &level.game,
            par: level.par,
        });
    }
    if let Err(error) = write(directory, "index.html", &page::index(&entries)) {
        return error;
    }
    println!(
        "Wrote {} level pages and index.html into {}: open index.html in a browser.",
        levels.len(),
        directory.display()
    );
    ExitCode::SUCCESS
}

fn write(directory: &Path, name: &str, html: &str) -> Result<(), ExitCode> {
    let path = directory.join(name);
    std::fs::create_dir_all(directory)
        .and_then(|()| std::fs::write(&path, html))
        .map_err(|error| refuse_with(&format!("could not write {}: {error}", path.display())))
}
