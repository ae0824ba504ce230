//! Lesson 9.3b: the stolen wakeup, or why a waiter waits in a loop. T3
//! puts two items in a queue, one at a time, notifying each time; T1 takes
//! one, waiting if the queue is empty; T2 takes one if there is one, without
//! waiting.
//!
//! - **wait once** (`if-wait`): T1 finds the queue empty and waits once,
//!   then takes an item without looking again. T3's first notify wakes it,
//!   but before T1 gets the lock back, T2 takes that item: T1 wakes to an
//!   empty queue and takes from it anyway. One preemption: T3 is switched
//!   away from after its first item, before it puts the second.
//!
//! The fix: look again after every wake-up, `while` the queue is empty
//! (`Condvar::wait_while`). A wake-up says only that the queue *may* have
//! changed: another thread can take the item first, and real condition
//! variables may also wake a waiter for no reason at all (a spurious
//! wake-up). Neither loom nor shuttle makes spurious wake-ups, so this
//! lesson shows the loop's other duty: an item taken by someone else.
//!
//! loom's full search of these three threads (and main) does not end in reasonable
//! time; it runs bounded at 2 preemptions (see
//! [`Lesson::loom_preemptions`](crate::catalogue::Lesson::loom_preemptions)).
//!
//! The program a learner writes, with `std`:
//!
//! ```
//! use std::sync::{Condvar, Mutex};
//! use std::thread;
//!
//! let (queue, changed) = (Mutex::new(0_u32), Condvar::new());
//! let took_from_empty = thread::scope(|s| {
//!     let t1 = s.spawn(|| {
//!         let mut items = queue.lock().unwrap();
//!         if *items == 0 {
//!             items = changed.wait(items).unwrap(); // wakes once; never looks again
//!         }
//!         let empty = *items == 0; // T2 may have taken it first
//!         *items = items.saturating_sub(1);
//!         empty
//!     });
//!     s.spawn(|| {
//!         let mut items = queue.lock().unwrap(); // T2: takes one if there is one
//!         *items = items.saturating_sub(1);
//!     });
//!     s.spawn(|| {
//!         for _ in 0..2 {
//!             *queue.lock().unwrap() += 1;
//!             changed.notify_all();
//!         }
//!     });
//!     t1.join().unwrap()
//! });
//! let _usually_false = took_from_empty; // true when T2 stole T1's wakeup
//! ```
//!
//! and the fix, `items = changed.wait_while(items, |items| *items == 0).unwrap()`.
//!
//! The engine-generic version below is what the checkers run, on a
//! [`Signal`].

use std::sync::atomic::Ordering::SeqCst;
use std::sync::Arc;

use crate::catalogue::{Observed, Variant};
use crate::sync::{Atomic, Runtime, Signal, StartGate, Std};

/// The queue: how many items are in it, behind the signal's lock.
struct Queue<R: Runtime> {
    items: Atomic<R>,
    signal: Signal<R>,
}

impl<R: Runtime> Queue<R> {
    fn new() -> Self {
        Self {
            items: Atomic::named("items", 0),
            // One thread notifies: the producer.
            signal: Signal::new(1),
        }
    }

    /// T1 takes an item, waiting as `variant` writes it: whether it found
    /// the queue empty when it took, or `None` if it would wait for ever.
    fn take(&self, variant: Variant) -> Option<bool> {
        self.signal.lock(1);
        match variant {
            Variant::Fixed => {
                while self.items.load(SeqCst) == 0 {
                    self.signal.wait(1).ok()?;
                }
            }
            _ => {
                if self.items.load(SeqCst) == 0 {
                    // ← one wake-up, and no second look.
                    self.signal.wait(1).ok()?;
                }
            }
        }
        Some(self.take_locked(1))
    }

    /// T2 takes an item if there is one, without waiting: whether it found
    /// the queue empty.
    fn grab(&self) -> bool {
        self.signal.lock(2);
        self.take_locked(2)
    }

    /// Thread `me`, holding the lock, takes an item if there is one, lets go
    /// of the lock, and says whether it found the queue empty.
    fn take_locked(&self, me: usize) -> bool {
        let items = self.items.load(SeqCst);
        if items > 0 {
            self.items.store(items - 1, SeqCst);
        }
        self.signal.unlock(me);
        items == 0
    }

    /// The producer, thread `me`: two items, one at a time, each under the
    /// lock and followed by a notify.
    fn produce(&self, me: usize) {
        for _ in 0..2 {
            self.signal.lock(me);
            let items = self.items.load(SeqCst);
            self.items.store(items + 1, SeqCst);
            self.signal.notify_all(me);
            self.signal.unlock(me);
        }
        self.signal.done_notifying();
    }
}

/// T1 waits for an item, T2 grabs one if there is one, T3 produces two;
/// what T1 found.
pub fn run<R: Runtime>(variant: Variant) -> Observed {
    let queue = Arc::new(Queue::<R>::new());
    let gate = Arc::new(R::Gate::default());
    let waiter = {
        let (queue, gate) = (Arc::clone(&queue), Arc::clone(&gate));
        R::spawn(move || {
            gate.wait();
            queue.take(variant)
        })
    };
    let grabber = {
        let (queue, gate) = (Arc::clone(&queue), Arc::clone(&gate));
        R::spawn(move || {
            gate.wait();
            queue.grab()
        })
    };
    let producer = {
        let (queue, gate) = (Arc::clone(&queue), Arc::clone(&gate));
        R::spawn(move || {
            gate.wait();
            queue.produce(3);
        })
    };
    gate.open();
    let took = R::join(waiter).unwrap_or(None);
    let _ = R::join(grabber);
    let _ = R::join(producer);
    observe(took)
}

/// What T1 found: an empty queue or an item, or that it would wait for ever.
fn observe(took: Option<bool>) -> Observed {
    match took {
        Some(empty) => Observed::new(vec![("T1 took from empty", u64::from(empty))]),
        None => Observed::new(vec![("T1 waits forever", 1)]),
    }
}

/// `runs` runs on three real threads started afresh each time: the window
/// is small, so most runs show nothing, and a run that shows nothing
/// proves nothing.
pub fn stress(variant: Variant, runs: usize) -> Vec<Observed> {
    (0..runs).map(|_| run::<Std>(variant)).collect()
}

/// T1 took an item that was there.
pub fn correct(observed: &Observed) -> bool {
    observed.get("T1 took from empty") == Some(0)
}
