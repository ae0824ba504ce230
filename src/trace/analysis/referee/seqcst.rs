//! The `SeqCst` axiom: all `SeqCst` operations and fences have one order
//! that agrees with happens-before and with each place's order of writes.
//!
//! RC11 states it as the acyclicity of a relation, `psc`, between `SeqCst`
//! events. It depends on each place's order of writes, which the trace does
//! not record, so the check tries every order that coherence leaves open
//! (usually very few) and asks whether any of them has no cycle.

use std::ops::ControlFlow;

use crate::trace::analysis::happens_before::{order_of, Bits, HappensBefore};
use crate::trace::analysis::referee::{Axiom, Breach, Chains, Verdict};
use crate::trace::{Action, Location, Trace};

/// How many combinations of write orders the check may try before it gives
/// up.
const MAX_ORDERS: usize = 20_000;

/// Whether some order of the places' writes, each keeping its `places`
/// chains, gives the `SeqCst` events one order.
pub(super) fn check(
    trace: &Trace,
    hb: &HappensBefore,
    rf: &[(usize, usize)],
    places: &[Chains],
) -> Verdict {
    let fixed = Fixed::new(trace, hb, rf);
    let mut tried = 0;
    let mut first_cycle = None;
    let mut orders = Vec::new();
    let outcome = each_order(places, &mut orders, &mut |orders| {
        tried += 1;
        if tried > MAX_ORDERS {
            return ControlFlow::Break(false);
        }
        match fixed.cycle(orders) {
            None => ControlFlow::Break(true),
            Some(cycle) => {
                first_cycle.get_or_insert(cycle);
                ControlFlow::Continue(())
            }
        }
    });
    match (outcome, first_cycle) {
        (ControlFlow::Break(true), _) => Verdict::Allowed,
        (ControlFlow::Continue(()), Some(steps)) => Verdict::Forbidden(Breach {
            axiom: Axiom::SequentialConsistency,
            step: *steps.last().expect("a cycle has steps"),
            location: None,
            cycle: Vec::new(),
            steps,
        }),
        _ => Verdict::Undecided,
    }
}

/// Calls `try_one` with every combination of one order of writes per place.
fn each_order(
    places: &[Chains],
    orders: &mut Vec<Vec<usize>>,
    try_one: &mut dyn FnMut(&[Vec<usize>]) -> ControlFlow<bool>,
) -> ControlFlow<bool> {
    let Some((place, rest)) = places.split_first() else {
        return try_one(orders);
    };
    let mut placed = Vec::new();
    extensions(place, &mut placed, &mut |order| {
        orders.push(order.to_vec());
        let flow = each_order(rest, orders, try_one);
        orders.pop();
        flow
    })
}

/// Calls `visit` with every order of `place`'s writes that keeps its chains
/// whole and in the order they must keep.
fn extensions(
    place: &Chains,
    placed: &mut Vec<usize>,
    visit: &mut dyn FnMut(&[usize]) -> ControlFlow<bool>,
) -> ControlFlow<bool> {
    if placed.len() == place.chains.len() {
        let order: Vec<usize> = placed
            .iter()
            .flat_map(|&c| place.chains[c].iter().copied())
            .collect();
        return visit(&order);
    }
    for chain in 0..place.chains.len() {
        let ready = !placed.contains(&chain)
            && place.after[chain]
                .iter()
                .all(|before| placed.contains(before));
        if ready {
            placed.push(chain);
            extensions(place, placed, visit)?;
            placed.pop();
        }
    }
    ControlFlow::Continue(())
}

/// A relation between steps: `rows[a]` holds every `b` with `a → b`.
type Relation = Vec<Bits>;

/// What does not depend on the orders of writes.
struct Fixed<'a> {
    trace: &'a Trace,
    n: usize,
    hb: Relation,
    /// Happens-before, backwards: `hb_into[b]` holds every `a` with `a → b`.
    hb_into: Relation,
    rf: &'a [(usize, usize)],
    /// Program order, program order between different places composed with
    /// happens-before and program order again, and happens-before between
    /// accesses to one place: RC11's `scb` without `mo` and `rb`.
    scb: Relation,
    /// The `SeqCst` events.
    seqcst: Vec<usize>,
}

impl<'a> Fixed<'a> {
    fn new(trace: &'a Trace, hb: &HappensBefore, rf: &'a [(usize, usize)]) -> Self {
        let steps = trace.steps();
        let n = steps.len();
        let relation = |holds: &dyn Fn(usize, usize) -> bool| -> Relation {
            (0..n)
                .map(|a| {
                    let mut row = Bits::new(n);
                    (0..n).filter(|&b| holds(a, b)).for_each(|b| row.set(b));
                    row
                })
                .collect()
        };
        let place = |i: usize| {
            let action = steps[i].action;
            action.read().or(action.written()).map(|(l, _)| l)
        };
        let same_place = |a: usize, b: usize| place(a).is_some() && place(a) == place(b);
        let po = |a: usize, b: usize| a < b && steps[a].thread == steps[b].thread;
        let hb_rel = relation(&|a, b| hb.ordered(a, b));
        let hb_into = relation(&|b, a| hb.ordered(a, b));
        let po_other = relation(&|a, b| po(a, b) && !same_place(a, b));
        let around = compose(&compose(&po_other, &hb_rel), &po_other);
        let scb = relation(&|a, b| {
            po(a, b) || around[a].has(b) || (hb.ordered(a, b) && same_place(a, b))
        });
        let seqcst = (0..n)
            .filter(|&i| order_of(steps[i].action) == Some(std::sync::atomic::Ordering::SeqCst))
            .collect();
        Self {
            trace,
            n,
            hb: hb_rel,
            hb_into,
            rf,
            scb,
            seqcst,
        }
    }

    fn is_fence(&self, i: usize) -> bool {
        matches!(self.trace.steps()[i].action, Action::Fence { .. })
    }

    /// A cycle of `psc` among the `SeqCst` events under these orders of
    /// writes (one per place), as its steps; `None` if there is none.
    fn cycle(&self, orders: &[Vec<usize>]) -> Option<Vec<usize>> {
        let (mo, rb) = self.mo_and_rb(orders);
        let mut eco: Relation = vec![Bits::new(self.n); self.n];
        for &(read, write) in self.rf {
            eco[write].set(read);
        }
        for a in 0..self.n {
            eco[a].union(&mo[a]);
            eco[a].union(&rb[a]);
        }
        let eco = closure(eco);
        let mut scb = self.scb.clone();
        for a in 0..self.n {
            scb[a].union(&mo[a]);
            scb[a].union(&rb[a]);
        }
        let psc = self.psc(&scb, &eco);
        let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.seqcst.len()];
        for (i, &a) in self.seqcst.iter().enumerate() {
            for (j, &b) in self.seqcst.iter().enumerate() {
                if psc(a, b) {
                    out[i].push((j, b));
                }
            }
        }
        super::find_cycle(&out)
    }

    /// RC11's `psc`, between two `SeqCst` events.
    fn psc<'b>(
        &'b self,
        scb: &'b Relation,
        eco: &'b Relation,
    ) -> impl Fn(usize, usize) -> bool + 'b {
        move |a, b| {
            // ([SC] ∪ [F_sc]; hb?) ; scb ; ([SC] ∪ hb?; [F_sc])
            let mut from = Bits::new(self.n);
            from.set(a);
            if self.is_fence(a) {
                from.union(&self.hb[a]);
            }
            let mut to = Bits::new(self.n);
            to.set(b);
            if self.is_fence(b) {
                to.union(&self.hb_into[b]);
            }
            let reached = image(scb, &from);
            if reached.meets(&to) {
                return true;
            }
            // [F_sc] ; (hb ∪ hb; eco; hb) ; [F_sc]
            self.is_fence(a)
                && self.is_fence(b)
                && (self.hb[a].has(b) || image(eco, &self.hb[a]).meets(&self.hb_into[b]))
        }
    }

    /// Each place's order of writes, and from-reads: a read comes before
    /// every write to its place that is newer than the one it returned.
    fn mo_and_rb(&self, orders: &[Vec<usize>]) -> (Relation, Relation) {
        let mut position = vec![None; self.n];
        let mut place_of: Vec<Option<Location>> = vec![None; self.n];
        let mut mo: Relation = vec![Bits::new(self.n); self.n];
        for order in orders {
            for (p, &w) in order.iter().enumerate() {
                position[w] = Some(p);
                place_of[w] = self.trace.steps()[w].action.written().map(|(l, _)| l);
                for &later in &order[p + 1..] {
                    mo[w].set(later);
                }
            }
        }
        let mut rb: Relation = vec![Bits::new(self.n); self.n];
        for &(read, returned) in self.rf {
            for later in 0..self.n {
                if later != read && mo[returned].has(later) {
                    rb[read].set(later);
                }
            }
        }
        (mo, rb)
    }
}

/// `a ; b`.
fn compose(a: &Relation, b: &Relation) -> Relation {
    a.iter().map(|row| image(b, row)).collect()
}

/// Every `y` with `x → y` in `relation` for some `x` in `from`.
fn image(relation: &Relation, from: &Bits) -> Bits {
    let mut out = Bits::new(relation.len());
    for (x, row) in relation.iter().enumerate() {
        if from.has(x) {
            out.union(row);
        }
    }
    out
}

/// The transitive closure of `relation`.
fn closure(mut relation: Relation) -> Relation {
    let n = relation.len();
    for k in 0..n {
        let through = relation[k].clone();
        for row in relation.iter_mut() {
            if row.has(k) {
                row.union(&through);
            }
        }
    }
    relation
}
