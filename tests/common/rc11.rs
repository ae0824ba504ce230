//! An independent check of the memory model's axioms, written apart from
//! racelab's referee and sharing none of its code: it computes
//! happens-before as a relation of its own, then tries every order of each
//! place's writes (by backtracking, keeping only orders in which a write
//! that happens before another comes first) and tests RC11's axioms, as
//! relations, on each combination. An execution is allowed if some
//! combination passes them all.
//!
//! It is slow and plain on purpose: the referee finds the same answer by
//! reasoning about which writes must come first; this one just searches.

// Relations are matrices here: loops over indices read as the formulas do.
#![allow(clippy::needless_range_loop)]

use std::collections::BTreeMap;
use std::sync::atomic::Ordering::{self, AcqRel, Acquire, Release, SeqCst};

use racelab::trace::{Action, Location, Trace};

/// A relation on the steps of one trace: `r[a][b]` when `a → b`.
type Rel = Vec<Vec<bool>>;

/// Whether the C++20 memory model, as RC11 states it, allows `trace`.
pub fn allows(trace: &Trace) -> bool {
    let events = Events::new(trace);
    if !acyclic(&union(&events.po, &events.rf)) {
        return false; // a value out of thin air
    }
    let hb = events.happens_before();
    if (0..events.n).any(|a| hb[a][a]) {
        return false;
    }
    let places: Vec<Vec<usize>> = events.writes_by_place().into_values().collect();
    let mut chosen = Vec::new();
    any_combination(&places, &hb, &mut chosen, &mut |orders| {
        events.consistent(&hb, orders)
    })
}

/// Whether two accesses to plain memory from different threads, at least
/// one a write, are unordered by happens-before: a data race.
pub fn has_data_race(trace: &Trace) -> bool {
    let events = Events::new(trace);
    let hb = events.happens_before();
    let plain = |i: usize| {
        !matches!(events.action(i), Action::New { .. })
            && events
                .place(i)
                .is_some_and(|place| trace.places()[place.0 as usize].plain)
    };
    let steps = trace.steps();
    (0..events.n).filter(|&a| plain(a)).any(|a| {
        (0..events.n).filter(|&b| plain(b)).any(|b| {
            events.place(a) == events.place(b)
                && steps[a].thread != steps[b].thread
                && events.is_write(a)
                && !hb[a][b]
                && !hb[b][a]
        })
    })
}

/// The steps of a trace, as the model sees them.
struct Events<'a> {
    trace: &'a Trace,
    n: usize,
    /// Program order: same thread, earlier.
    po: Rel,
    /// Reads-from: write → read.
    rf: Rel,
}

impl<'a> Events<'a> {
    fn new(trace: &'a Trace) -> Self {
        let steps = trace.steps();
        let n = steps.len();
        let mut po = empty(n);
        let mut rf = empty(n);
        for a in 0..n {
            for b in a + 1..n {
                po[a][b] = steps[a].thread == steps[b].thread;
            }
            if let Some((location, saw)) = steps[a].action.read() {
                for (w, step) in steps.iter().enumerate() {
                    if step.action.written() == Some((location, saw)) {
                        rf[w][a] = true;
                    }
                }
            }
        }
        Self { trace, n, po, rf }
    }

    fn action(&self, i: usize) -> Action {
        self.trace.steps()[i].action
    }

    fn order(&self, i: usize) -> Option<Ordering> {
        match self.action(i) {
            Action::Read { order, .. }
            | Action::Write { order, .. }
            | Action::Add { order, .. }
            | Action::Swap { order, .. }
            | Action::Fence { order } => Some(order),
            _ => None,
        }
    }

    fn is_write(&self, i: usize) -> bool {
        self.action(i).written().is_some()
    }

    fn is_rmw(&self, i: usize) -> bool {
        matches!(self.action(i), Action::Add { .. } | Action::Swap { .. })
    }

    fn is_fence(&self, i: usize) -> bool {
        matches!(self.action(i), Action::Fence { .. })
    }

    fn place(&self, i: usize) -> Option<Location> {
        let action = self.action(i);
        action.written().or(action.read()).map(|(l, _)| l)
    }

    fn writes_by_place(&self) -> BTreeMap<Location, Vec<usize>> {
        let mut places: BTreeMap<Location, Vec<usize>> = BTreeMap::new();
        for i in 0..self.n {
            if let Some((location, _)) = self.action(i).written() {
                places.entry(location).or_default().push(i);
            }
        }
        places
    }

    /// hb = (po ∪ spawn ∪ join ∪ lock ∪ sw)+.
    fn happens_before(&self) -> Rel {
        let steps = self.trace.steps();
        let mut edges = self.po.clone();
        for (i, step) in steps.iter().enumerate() {
            match step.action {
                Action::Spawn { thread } => {
                    for (j, other) in steps.iter().enumerate() {
                        if other.thread == thread {
                            edges[i][j] = true;
                        }
                    }
                }
                Action::Join { thread } => {
                    for (j, other) in steps.iter().enumerate() {
                        if other.thread == thread && j < i {
                            edges[j][i] = true;
                        }
                    }
                }
                Action::Lock { lock, .. } | Action::Woken { lock, .. } => {
                    for (j, other) in steps.iter().enumerate().take(i) {
                        if matches!(other.action,
                            Action::Unlock { lock: l } | Action::Wait { lock: l, .. } if l == lock)
                        {
                            edges[j][i] = true;
                        }
                    }
                }
                _ => {}
            }
        }
        let sw = self.synchronizes_with();
        closure(&union(&edges, &sw))
    }

    /// sw = ([Rel] ∪ [F_rel]; po); rs; rf; ([Acq] ∪ po; [F_acq]), with
    /// rs = [W]; (rf; [RMW])*.
    fn synchronizes_with(&self) -> Rel {
        let n = self.n;
        let releases = |o: Option<Ordering>| matches!(o, Some(Release | AcqRel | SeqCst));
        let acquires = |o: Option<Ordering>| matches!(o, Some(Acquire | AcqRel | SeqCst));
        // rs: from a write to itself and to the read-modify-writes that
        // read, in a chain, from it.
        let mut rs = empty(n);
        for w in (0..n).filter(|&w| self.is_write(w)) {
            rs[w][w] = true;
            let mut changed = true;
            while changed {
                changed = false;
                for x in 0..n {
                    for y in (0..n).filter(|&y| self.is_rmw(y)) {
                        if rs[w][x] && self.rf[x][y] && !rs[w][y] {
                            rs[w][y] = true;
                            changed = true;
                        }
                    }
                }
            }
        }
        let mut sw = empty(n);
        for a in 0..n {
            // The writes `a` releases through.
            let heads: Vec<usize> = (0..n)
                .filter(|&w| self.is_write(w))
                .filter(|&w| {
                    (w == a && releases(self.order(a)))
                        || (self.is_fence(a) && releases(self.order(a)) && self.po[a][w])
                })
                .collect();
            for &w in &heads {
                for x in (0..n).filter(|&x| rs[w][x]) {
                    for r in (0..n).filter(|&r| self.rf[x][r]) {
                        for b in 0..n {
                            let acquired = (b == r && acquires(self.order(r)))
                                || (self.is_fence(b) && acquires(self.order(b)) && self.po[r][b]);
                            if acquired && a != b {
                                sw[a][b] = true;
                            }
                        }
                    }
                }
            }
        }
        sw
    }

    /// RC11's axioms, with `orders` as the places' orders of writes.
    fn consistent(&self, hb: &Rel, orders: &[Vec<usize>]) -> bool {
        let n = self.n;
        let mut mo = empty(n);
        for order in orders {
            for (p, &a) in order.iter().enumerate() {
                for &b in &order[p + 1..] {
                    mo[a][b] = true;
                }
            }
        }
        // rb = rf⁻¹; mo, without a step to itself.
        let mut rb = empty(n);
        for w in 0..n {
            for r in 0..n {
                if self.rf[w][r] {
                    for v in 0..n {
                        if mo[w][v] && v != r {
                            rb[r][v] = true;
                        }
                    }
                }
            }
        }
        let eco = closure(&union(&union(&self.rf, &mo), &rb));
        // Coherence: hb; eco? irreflexive.
        for a in 0..n {
            for b in 0..n {
                if hb[a][b] && (a == b || eco[b][a]) {
                    return false;
                }
            }
        }
        // Atomicity: rmw ∩ (rb; mo) = ∅.
        for e in (0..n).filter(|&e| self.is_rmw(e)) {
            if (0..n).any(|w| rb[e][w] && mo[w][e]) {
                return false;
            }
        }
        self.seqcst_acyclic(hb, &mo, &rb, &eco)
    }

    /// psc = psc_base ∪ psc_F is acyclic.
    fn seqcst_acyclic(&self, hb: &Rel, mo: &Rel, rb: &Rel, eco: &Rel) -> bool {
        let n = self.n;
        let sc: Vec<bool> = (0..n).map(|i| self.order(i) == Some(SeqCst)).collect();
        if !sc.iter().any(|&s| s) {
            return true;
        }
        let fsc: Vec<bool> = (0..n).map(|i| sc[i] && self.is_fence(i)).collect();
        let same_place =
            |a: usize, b: usize| self.place(a).is_some() && self.place(a) == self.place(b);
        let mut po_other = empty(n);
        let mut hb_loc = empty(n);
        for a in 0..n {
            for b in 0..n {
                po_other[a][b] = self.po[a][b] && !same_place(a, b);
                hb_loc[a][b] = hb[a][b] && same_place(a, b);
            }
        }
        let scb = union(
            &union(
                &union(&self.po, &compose(&compose(&po_other, hb), &po_other)),
                &hb_loc,
            ),
            &union(mo, rb),
        );
        // ([E_sc] ∪ [F_sc]; hb?) and (… ∪ hb?; [F_sc]).
        let mut left = empty(n);
        let mut right = empty(n);
        for a in 0..n {
            for b in 0..n {
                left[a][b] = sc[a] && (a == b || (fsc[a] && hb[a][b]));
                right[a][b] = sc[b] && (a == b || (fsc[b] && hb[a][b]));
            }
        }
        let base = compose(&compose(&left, &scb), &right);
        let through = compose(&compose(hb, eco), hb);
        let mut psc = empty(n);
        for a in 0..n {
            for b in 0..n {
                psc[a][b] = base[a][b] || (fsc[a] && fsc[b] && (hb[a][b] || through[a][b]));
            }
        }
        acyclic(&psc)
    }
}

/// Tries every combination of one order per place, each keeping the writes
/// that happen before others first; true as soon as `test` passes one.
fn any_combination(
    places: &[Vec<usize>],
    hb: &Rel,
    chosen: &mut Vec<Vec<usize>>,
    test: &mut dyn FnMut(&[Vec<usize>]) -> bool,
) -> bool {
    let Some((writes, rest)) = places.split_first() else {
        return test(chosen);
    };
    let mut order = Vec::new();
    permutations(writes, hb, &mut order, &mut |order| {
        chosen.push(order.to_vec());
        let found = any_combination(rest, hb, chosen, test);
        chosen.pop();
        found
    })
}

fn permutations(
    writes: &[usize],
    hb: &Rel,
    order: &mut Vec<usize>,
    visit: &mut dyn FnMut(&[usize]) -> bool,
) -> bool {
    if order.len() == writes.len() {
        return visit(order);
    }
    for &w in writes {
        let fits = !order.contains(&w) && order.iter().all(|&earlier| !hb[w][earlier]);
        if fits {
            order.push(w);
            if permutations(writes, hb, order, visit) {
                return true;
            }
            order.pop();
        }
    }
    false
}

fn empty(n: usize) -> Rel {
    vec![vec![false; n]; n]
}

fn union(a: &Rel, b: &Rel) -> Rel {
    a.iter()
        .zip(b)
        .map(|(x, y)| x.iter().zip(y).map(|(p, q)| *p || *q).collect())
        .collect()
}

fn compose(a: &Rel, b: &Rel) -> Rel {
    let n = a.len();
    let mut out = empty(n);
    for i in 0..n {
        for k in 0..n {
            if a[i][k] {
                for j in 0..n {
                    out[i][j] |= b[k][j];
                }
            }
        }
    }
    out
}

/// Warshall's transitive closure.
fn closure(r: &Rel) -> Rel {
    let mut c = r.clone();
    let n = c.len();
    for k in 0..n {
        for i in 0..n {
            if c[i][k] {
                for j in 0..n {
                    if c[k][j] {
                        c[i][j] = true;
                    }
                }
            }
        }
    }
    c
}

fn acyclic(r: &Rel) -> bool {
    let c = closure(r);
    (0..c.len()).all(|i| !c[i][i])
}
