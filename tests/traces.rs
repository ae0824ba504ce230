//! Every drawn trace tells the truth, over every execution loom and
//! shuttle-dfs explore at the smallest sizes (the larger ones are in
//! `loom-tests/traces.rs`): each read names the write it saw, the drawing is
//! an interleaving in which each read sees the newest write, no thread goes
//! back in a location's order of writes, and the updates named lost are
//! exactly expected − got.

mod common;

use common::counter;
use common::truth::{under_loom, under_shuttle_dfs};

#[test]
fn racy_and_split_lock_traces_are_true_at_2x1_and_need_one_preemption_on_both_engines() {
    for scenario in ["racy", "split-lock"] {
        let loom = under_loom(counter(scenario, 2, 1));
        let shuttle = under_shuttle_dfs(counter(scenario, 2, 1));
        println!("{scenario} 2×1: loom {loom:?}, shuttle-dfs {shuttle:?}");
        assert_eq!(
            loom.fewest[&1], 1,
            "{scenario}: one preemption loses an update"
        );
        assert_eq!(
            loom.fewest, shuttle.fewest,
            "{scenario}: both engines agree"
        );
    }
}

#[test]
fn racy_traces_are_true_at_2x2_on_both_engines() {
    let loom = under_loom(counter("racy", 2, 2));
    let shuttle = under_shuttle_dfs(counter("racy", 2, 2));
    println!("racy 2×2: loom {loom:?}, shuttle-dfs {shuttle:?}");
    assert_eq!(loom.fewest.keys().copied().collect::<Vec<_>>(), [2, 3, 4]);
    assert_eq!(loom.fewest, shuttle.fewest);
    assert!(
        loom.kept_notes > 0 && shuttle.kept_notes > 0,
        "some preemption keeps a loss from growing at 2×2"
    );
}
