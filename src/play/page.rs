//! The game as one self-contained web page: no server, no network. The
//! positions, the moves, the hints and the endings, with their drawings, are
//! computed here and embedded as JSON; a little plain JavaScript (in
//! `page.html`) walks them, with the keyboard (the terminal's keys) or the
//! mouse, and answers a key that is not a move. It holds no rule of its
//! own: whether a move preempts, what to hint, which moves unwind a
//! deadlock all come from here. The levels' pages link an index
//! (`index.html`), and the browser's storage remembers what was beaten.

use serde_json::{json, Value};

use crate::explore::report::Commands;
use crate::play::code::{listing, rows_run, Listed};
use crate::play::session::key;
use crate::play::{Game, Move};
use crate::trace::{render, thread_name};

/// The page's template; `/*GAME*/` is replaced by the game.
const TEMPLATE: &str = include_str!("page.html");

/// The game of `game` as a complete HTML page, its hints worded by
/// `commands`.
pub fn html(game: &Game, commands: Commands<'_>) -> String {
    page(game, &data(game, commands))
}

fn page(game: &Game, data: &Value) -> String {
    let data = data.to_string().replace("</", "<\\/");
    TEMPLATE.replace("/*GAME*/null", &data).replace(
        "<!--TITLE-->",
        &render::escape(&format!("racelab · {}", game.program)),
    )
}

/// Where a level's page links: the index of the levels and the next one.
#[derive(Debug)]
pub struct Nav {
    /// The index page.
    pub index: String,
    /// The next level's page, if there is one.
    pub next: Option<String>,
}

/// A level of the campaign as a page: the game, with links to the index
/// and the next level; the browser remembers what the learner has done.
pub fn level(game: &Game, commands: Commands<'_>, nav: &Nav) -> String {
    let mut data = data(game, commands);
    data["nav"] = json!({"index": nav.index, "next": nav.next});
    page(game, &data)
}

/// One level in the index.
#[derive(Debug)]
pub struct Entry<'g> {
    /// Its page.
    pub href: String,
    /// Its game.
    pub game: &'g Game,
    /// The fewest preemptions that break its contract.
    pub par: usize,
}

/// The index of the levels: each linked, with its goal and par, and what
/// the learner has done in it, read from the browser's storage.
pub fn index(entries: &[Entry<'_>]) -> String {
    let levels: Vec<Value> = entries
        .iter()
        .map(|e| {
            json!({
                "href": e.href,
                "title": format!("racelab · {}", e.game.program),
                "name": e.game.program.about().name,
                "goal": e.game.goal(),
                "par": e.par,
            })
        })
        .collect();
    let data = Value::Array(levels).to_string().replace("</", "<\\/");
    INDEX.replace("/*LEVELS*/null", &data)
}

/// The index page's template; `/*LEVELS*/` is replaced by the levels.
const INDEX: &str = include_str!("index.html");

/// Everything the page shows, computed.
fn data(game: &Game, commands: Commands<'_>) -> Value {
    let paths = first_paths(game);
    let program = game.program;
    let listings: Vec<(usize, Vec<Listed>)> = game
        .threads
        .iter()
        .map(|&t| (t, listing(program, t)))
        .collect();
    // The rows of its thread's code that a move's steps ran.
    let rows = |thread: usize, steps: &[crate::trace::Step]| -> Vec<usize> {
        listings
            .iter()
            .find(|(t, _)| *t == thread)
            .map_or_else(Vec::new, |(_, lines)| {
                rows_run(program, lines, thread, steps)
            })
    };
    let nodes: Vec<Value> = game
        .nodes
        .iter()
        .enumerate()
        .map(|(index, node)| {
            let played: Vec<&Move> = paths[index].clone();
            // The game is a tree: one way leads here, so one thread moved last.
            let last = played.last().map_or(0, |m| m.thread);
            // After a deadlock the page plays the moves that unwind it, as
            // the terminal does, and says so at the end.
            let closed = played.iter().position(|m| m.closes_cycle());
            let unwind = closed.and_then(|_| game.unwinding(index, last));
            let unwound = closed
                .filter(|_| node.moves.is_empty())
                .map(|at| super::words::unwound(at + 1, played.len() - at - 1));
            json!({
                "moves": node.moves.iter().map(|m| json!({
                    "key": key(m),
                    "thread": m.thread,
                    "label": m.label,
                    "own": m.own,
                    "to": m.to,
                    "preempts": game.is_preemption(index, last, m.thread),
                    "rows": rows(m.thread, &m.steps),
                })).collect::<Vec<_>>(),
                "ending": node.ending,
                "unwind": unwind,
                "unwound": unwound,
                "shared": game.shared(&played),
                "hint": game.hint(index, last),
                // What each thread with no move now waits to do.
                "waiting": game.threads.iter()
                    .filter(|&&t| !node.moves.iter().any(|m| m.thread == t))
                    .filter_map(|&t| Some((t.to_string(), json!(game.next_move(index, t)?.own))))
                    .collect::<serde_json::Map<String, Value>>(),
                // The row of its code that each such thread waits to run.
                "waitingRow": game.threads.iter()
                    .filter(|&&t| !node.moves.iter().any(|m| m.thread == t))
                    .filter_map(|&t| {
                        let row = *rows(t, &game.next_move(index, t)?.steps).first()?;
                        Some((t.to_string(), json!(row)))
                    })
                    .collect::<serde_json::Map<String, Value>>(),
            })
        })
        .collect();
    let fewest = game.fewest_preemptions(0, 0);
    let endings: Vec<Value> = (0..game.endings.len())
        .map(|index| {
            json!({
                "ended": game.ended(index),
                "breaks": !game.endings[index].correct,
                "afterUsed": game.after_used(index, usize::MAX, commands),
                "afterUsedFewest": game.after_used(index, fewest.unwrap_or(usize::MAX), commands),
                "drawn": game.drawn(index, render::WIDTH, commands),
            })
        })
        .collect();
    json!({
        "title": format!("racelab · {}", game.program),
        "command": commands(&game.again(None)),
        "goal": game.goal(),
        "roles": game.program.roles(),
        "machine": game.machine(),
        "builtFrom": game.built_from(),
        "fewest": fewest,
        "preemption": super::PREEMPTION,
        "note": game.note,
        "threads": listings.iter().map(|(t, lines)| json!({
            "number": t,
            "name": thread_name(*t),
            "code": lines.iter().map(|line| json!({"text": line.text, "header": line.header}))
                .collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "nodes": nodes,
        "endings": endings,
    })
}

/// For each position, the moves that reach it (the game is a tree).
fn first_paths(game: &Game) -> Vec<Vec<&Move>> {
    let mut paths: Vec<Option<Vec<&Move>>> = vec![None; game.nodes.len()];
    paths[0] = Some(Vec::new());
    // Moves lead only to positions with higher numbers.
    for node in 0..game.nodes.len() {
        let Some(path) = paths[node].clone() else {
            continue;
        };
        for m in &game.nodes[node].moves {
            if paths[m.to].is_none() {
                let mut longer = path.clone();
                longer.push(m);
                paths[m.to] = Some(longer);
            }
        }
    }
    paths.into_iter().map(Option::unwrap_or_default).collect()
}
