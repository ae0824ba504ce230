// Plays `racelab play … --html` in a real browser (Debian's headless
// Chromium): clicks a winning sequence and a losing one, plays with the
// keyboard, and checks that the page says what `racelab play --moves` says.
//
//   node tests/browser/play.test.mjs [--screenshot docs/play-page.png]
//
// RACELAB names the binary (default: target/release/racelab).

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const racelab = resolve(process.env.RACELAB ?? "target/release/racelab");
const screenshot = process.argv.includes("--screenshot")
  ? process.argv[process.argv.indexOf("--screenshot") + 1]
  : null;
const dir = mkdtempSync(join(tmpdir(), "racelab-page-"));

/** The page of `args`, written to a file: its file:// address. */
function page(name, args) {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, execFileSync(racelab, ["play", ...args, "--html"]));
  return `file://${file}`;
}

/** What `racelab play … --moves` prints for the same moves. */
function scripted(args, moves) {
  return execFileSync(racelab, ["play", ...args, "--moves", moves.join(",")]).toString();
}

/** The sentence with which `racelab play … --moves` refuses the last move. */
function refused(args, moves) {
  const run = spawnSync(racelab, ["play", ...args, "--moves", moves.join(",")]);
  assert.equal(run.status, 2);
  return run.stderr.toString().split(/\s+/).join(" ").trim();
}

/** `text` with every run of spaces and line breaks made one space. */
const words = (text) => text.split(/\s+/).join(" ").trim();

const text = async (tab, id) => (await tab.locator(`#${id}`).textContent()).trim();

async function click(tab, keys) {
  for (const key of keys) await tab.click(`button[data-key="${key}"]`);
}

async function checkRacy(browser) {
  const tab = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  await tab.goto(page("racy", ["racy"]));
  assert.equal(await text(tab, "title"), "racelab · racy");
  assert.match(await text(tab, "goal"), /breaks "the count ends at 2"/);

  // Winning: both read 0, both write 1.
  const win = ["1", "2", "1", "2"];
  await click(tab, win);
  const expected = scripted(["racy"], win);
  assert.equal(await tab.locator("#result").isVisible(), true);
  const ended = await text(tab, "ended");
  assert.equal(ended, "Ended: count = 1: breaks \"the count ends at 2\".");
  const summary = await text(tab, "summary");
  assert.equal(
    summary,
    "You used 2 preemptions; 1 is enough to break it, as in:\n  racelab play racy --moves 1,2,2,1",
  );
  for (const line of [ended, summary]) assert.ok(words(expected).includes(words(line)), `${line} not in:\n${expected}`);
  assert.equal(await text(tab, "again"), "racelab play racy --moves 1,2,1,2");
  const drawn = await text(tab, "drawn");
  assert.match(drawn, /write 1 \(lost\)/);
  assert.ok(words(expected).includes(words(drawn.split("\n")[0])), "the drawing's headline is the scripted one");

  // Winning with the fewest preemptions, which the page says.
  await tab.click("#restart");
  await click(tab, ["1", "2", "2", "1"]);
  assert.equal(await text(tab, "summary"), "You used 1 preemption: the fewest that break it.");
  assert.ok(words(scripted(["racy"], ["1", "2", "2", "1"])).includes(words(await text(tab, "summary"))));

  // Losing: each thread runs whole, one after the other.
  await tab.click("#restart");
  assert.equal(await tab.locator("#result").isVisible(), false);
  const lose = ["1", "1", "2", "2"];
  await click(tab, lose.slice(0, 2));
  assert.equal(await text(tab, "hint"), "Press h for a hint.");
  await tab.keyboard.press("h");
  assert.equal(
    await text(tab, "hint"),
    "From here every ending is correct: undo, and try another order.",
  );
  assert.ok(words(scripted(["racy"], lose.slice(0, 2))).includes(words(await text(tab, "hint"))));
  await click(tab, lose.slice(2));
  assert.equal(await text(tab, "ended"), "Ended: count = 2: keeps \"the count ends at 2\".");
  assert.equal(await text(tab, "hints-used"), "1 hint used.");
  assert.ok(words(scripted(["racy"], lose)).includes(words(await text(tab, "summary"))));

  // The keyboard: undo, then a thread that has finished.
  await tab.keyboard.press("u");
  assert.equal(await tab.locator("#result").isVisible(), false);
  await tab.keyboard.press("1");
  assert.equal(await text(tab, "message"), "T1 cannot move: it has finished.");
  await tab.keyboard.press("r");
  await tab.keyboard.press("1");
  assert.match(await text(tab, "thread-1"), /#1\s+\[1\] read 0 \(initial\)/);
  // Each thread's code, with its cursor, as the terminal draws it.
  const code = async (n) =>
    (await tab.locator(`#thread-${n} .code`).innerText()).replace(/\u00a0/g, " ").split("\n");
  assert.deepEqual(await code(1), [
    "#1  let seen = self.count.load(Relaxed);",
    " ▶  self.count.store(seen + 1, Relaxed);",
  ]);
  assert.deepEqual(await code(2), [
    " ▶  let seen = self.count.load(Relaxed);",
    "    self.count.store(seen + 1, Relaxed);",
  ]);
  if (screenshot) {
    await tab.keyboard.press("2");
    await tab.screenshot({ path: screenshot, fullPage: true });
  }
  await tab.close();
}

async function checkMessagePassing(browser) {
  const tab = await browser.newPage();
  await tab.goto(page("mp", ["message-passing"]));
  for (const key of ["1", "1", "2"]) await tab.keyboard.press(key);
  assert.match(await text(tab, "message"), /press a letter \(2a, 2b\)/);
  assert.equal(await tab.locator('button[aria-pressed="true"]').count(), 2, "the pending choice is shown");
  // u drops the pending letter, not a move; an unknown key is explained.
  await tab.keyboard.press("u");
  assert.equal(await tab.locator('button[aria-pressed="true"]').count(), 0);
  assert.match(await text(tab, "thread-1"), /#2/);
  await tab.keyboard.press("x");
  assert.match(await text(tab, "message"), /^'x' is not a key of this game/);
  await tab.keyboard.press("2");
  await tab.keyboard.press("b");
  await tab.click('button[data-key="2a"]');
  const ended = await text(tab, "ended");
  assert.equal(ended, "Ended: flag = 1, data = 0: breaks \"a reader that sees the flag sees the data\".");
  assert.match(await text(tab, "drawn"), /No interleaving explains this execution[^]*Only weak memory\s+allows it/);
  assert.ok(words(scripted(["message-passing"], ["1", "1", "2b", "2a"])).includes(words(ended)));
  await tab.close();
}

async function checkDeadlock(browser) {
  const tab = await browser.newPage();
  await tab.goto(page("deadlock", ["deadlock"]));
  // T1 takes A, T2 takes B and asks for A: T2 waits, and says so.
  for (const key of ["1", "2", "2"]) await tab.keyboard.press(key);
  await tab.keyboard.press("2");
  const waiting = await text(tab, "message");
  assert.match(waiting, /^T2 cannot move now: its next step \(.+\) cannot run yet\.$/);
  assert.ok(refused(["deadlock"], ["1", "2", "2", "2"]).endsWith(waiting.slice(0, -1)), waiting);
  assert.match(await text(tab, "thread-2"), /\(blocked: .+\)/);
  // T1 asks for B: the cycle closes, and the game ends there, as --moves says.
  await tab.keyboard.press("1");
  assert.match(await text(tab, "thread-1"), /lock B: deadlock/);
  assert.equal(await tab.locator("#result").isVisible(), true);
  const expected = words(scripted(["deadlock"], ["1", "2", "2", "1"]));
  for (const id of ["ended", "unwound", "summary", "again"]) {
    assert.ok(expected.includes(words(await text(tab, id))), `${id}: ${await text(tab, id)}`);
  }
  assert.match(await text(tab, "unwound"), /^Move 4 closed a cycle of waits/);
  // Undo takes back the move that closed it, with the moves that unwound it.
  await tab.keyboard.press("u");
  assert.equal(await tab.locator("#result").isVisible(), false);
  assert.equal(await tab.locator(".thread li").count(), 3);
  await tab.close();
}

// A switch away from a thread whose only move is to wait for a held lock is
// no preemption: the page marks and counts what the terminal does.
async function checkPreemptionsAgree(browser, scenario, moves, address = page(scenario, [scenario])) {
  const tab = await browser.newPage();
  await tab.goto(address);
  for (const key of moves) await tab.keyboard.press(key);
  const expected = scripted([scenario], moves);
  const summary = await text(tab, "summary");
  assert.ok(words(expected).includes(words(summary)), `${scenario}: ${summary} not in:\n${expected}`);
  const marked = (await tab.locator(".thread li").allTextContents()).filter(l => l.includes("↯"));
  const counted = (expected.match(/^ +\d+\. \[\w+\] ↯/gm) ?? []).length;
  assert.equal(marked.length, counted, `${scenario}: the page marks ${marked.join(" | ")}`);
  assert.match(await text(tab, "used"), new RegExp(`Preemptions used: ${counted}\\.`));
  await tab.close();
}

// The levels as pages: the index links each, a level beaten at par is
// remembered by the browser, and each page links the next.
async function checkLevels(browser) {
  const levels = join(dir, "levels");
  execFileSync(racelab, ["play", "--html-dir", levels]);
  const tab = await browser.newPage();
  await tab.goto(`file://${join(levels, "index.html")}`);
  const count = await tab.locator("#levels li").count();
  assert.match(await text(tab, "count"), new RegExp(`^0 of ${count} beaten\\.$`));
  await tab.click("#levels li:first-child a");
  assert.equal(await text(tab, "title"), "racelab · racy");
  assert.match(await tab.locator("#next-link").getAttribute("href"), /^02-/);
  for (const key of ["1", "2", "2", "1"]) await tab.keyboard.press(key);
  assert.equal(await text(tab, "summary"), "You used 1 preemption: the fewest that break it.");
  await tab.click("#index-link");
  assert.match(await text(tab, "count"), new RegExp(`^1 of ${count} beaten\\.$`));
  assert.match(await text(tab, "levels"), /racy · beaten at par/);
  await tab.close();
}

/** The address of `scenario`'s page among the levels. */
function levelPage(scenario) {
  const levels = join(dir, "levels");
  const name = readdirSync(levels).find(name => name.endsWith(`-${scenario}.html`));
  assert.ok(name, `no level page for ${scenario}`);
  return `file://${join(levels, name)}`;
}

// Every level, played to its bug with its par: the way the page's own
// summaries give ("as in: racelab play … --moves …").
async function checkEveryLevelAtPar(browser) {
  const levels = join(dir, "levels");
  const tab = await browser.newPage();
  const pages = readdirSync(levels).filter(name => /^\d+-.*\.html$/.test(name)).sort();
  assert.ok(pages.length >= 15, `${pages.length} level pages`);
  for (const name of pages) {
    await tab.goto(`file://${join(levels, name)}`);
    const game = await tab.evaluate(() => GAME);
    const ways = game.endings.flatMap(e => [e.afterUsed, e.afterUsedFewest])
      .map(words => / --moves (\S+)/.exec(words)?.[1]).filter(Boolean);
    assert.ok(ways.length > 0, `${name}: no solution given`);
    for (const move of ways[0].split(",")) {
      if (await tab.locator("#result").isVisible()) break; // a deadlock ends early
      for (const key of move) await tab.keyboard.press(key);
    }
    const fewest = game.fewest === 1 ? "1 preemption" : `${game.fewest} preemptions`;
    assert.equal(await text(tab, "summary"), `You used ${fewest}: the fewest that break it.`, name);
  }
  await tab.close();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  await checkRacy(browser);
  await checkMessagePassing(browser);
  await checkDeadlock(browser);
  // Each ends at move 4, which closes the cycle: the rest are played for the learner.
  await checkPreemptionsAgree(browser, "deadlock", "1,2,1,2".split(","));
  await checkPreemptionsAgree(browser, "bank-transfer", "1,2,1,2".split(","));
  await checkLevels(browser);
  await checkEveryLevelAtPar(browser);
  // A longer way to each deadlock, on its level's page: 2 preemptions where 1 is par.
  for (const scenario of ["deadlock", "bank-transfer"]) {
    await checkPreemptionsAgree(browser, scenario, "1,2,1,2".split(","), levelPage(scenario));
  }
  console.log(
    "browser: racy (a winning and a losing sequence, the keyboard), message-passing, deadlock, "
    + "the preemptions of deadlock and bank-transfer as the terminal counts them, and the levels' pages, "
    + "each played at par, and the deadlock levels played the longer way: ok",
  );
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
