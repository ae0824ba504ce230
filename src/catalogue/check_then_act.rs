//! Lesson 9.1: check-then-act.
//!
//! Two threads each try to claim one prize: *if the flag is up, lower it and
//! win*. The check and the act are two steps, so both threads can see the
//! flag up before either lowers it, and both win. It is the lost update in
//! another guise, and the bug behind the pool's
//! [racy cancel](crate::executor::racy_cancel).
//!
//! The program a learner writes, with `std`:
//!
//! ```
//! use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
//! use std::thread;
//!
//! let flag = AtomicBool::new(true);
//! let winners: u32 = thread::scope(|s| {
//!     let tries: Vec<_> = (0..2)
//!         .map(|_| {
//!             s.spawn(|| {
//!                 if flag.load(SeqCst) {
//!                     // ← the other thread can check here too
//!                     flag.store(false, SeqCst);
//!                     1
//!                 } else {
//!                     0
//!                 }
//!             })
//!         })
//!         .collect();
//!     tries.into_iter().map(|t| t.join().unwrap()).sum()
//! });
//! assert!(winners == 1 || winners == 2); // usually 1: luck, not design
//! ```
//!
//! The fix makes check and act one indivisible step:
//! `flag.compare_exchange(true, false)` lowers the flag only if it is up, and
//! says whether it did, so exactly one thread sees it up. Here
//! `flag.swap(false)` does the same: it lowers the flag and returns what it
//! was. Both are one atomic read-modify-write.
//!
//! The engine-generic version below is what the checkers run.

use std::sync::atomic::Ordering::SeqCst;
use std::sync::Arc;

use crate::catalogue::stress::litmus;
use crate::catalogue::{Observed, Variant};
use crate::sync::{Atomic, Runtime, StartGate, Std};
use crate::trace::Action;

/// How a trace names the flag's values.
const FLAG: [&str; 2] = ["down", "up"];

/// Two threads race to claim the prize; returns how many won.
pub fn run<R: Runtime>(variant: Variant) -> Observed {
    let flag = Arc::new(Atomic::<R>::with_states("flag", &FLAG, 1));
    let gate = Arc::new(R::Gate::default());
    let tries: Vec<_> = (0..2)
        .map(|_| {
            let flag = Arc::clone(&flag);
            let gate = Arc::clone(&gate);
            R::spawn(move || {
                gate.wait();
                claim::<R>(&flag, variant)
            })
        })
        .collect();
    gate.open();
    let winners = tries
        .into_iter()
        .map(|t| u64::from(R::join(t).unwrap_or(false)))
        .sum();
    Observed::new(vec![("winners", winners)])
}

/// One try: true if this thread won.
fn claim<R: Runtime>(flag: &Atomic<R>, variant: Variant) -> bool {
    // SeqCst, the strongest ordering: the bug is the gap between two steps,
    // which no ordering closes.
    let won = match variant {
        Variant::Buggy => {
            if flag.load(SeqCst) == 1 {
                flag.store(0, SeqCst);
                true
            } else {
                false
            }
        }
        Variant::AlsoFixed => flag.compare_exchange(1, 0, SeqCst, SeqCst).is_ok(),
        _ => flag.swap(0, SeqCst) == 1,
    };
    if won {
        R::record(|| Action::Event { label: "wins" });
    }
    won
}

/// `runs` runs on two real threads that meet before each (see
/// [`litmus`](crate::catalogue::stress)).
pub fn stress(variant: Variant, runs: usize) -> Vec<Observed> {
    let fresh = || Atomic::<Std>::with_states("flag", &FLAG, 1);
    litmus(
        runs,
        fresh,
        |flag| claim(flag, variant),
        |flag| claim(flag, variant),
    )
    .into_iter()
    .map(|(_, a, b)| Observed::new(vec![("winners", u64::from(a) + u64::from(b))]))
    .collect()
}

/// Exactly one thread wins.
pub fn correct(observed: &Observed) -> bool {
    observed.get("winners") == Some(1)
}
