//! Exhaustive proofs about the thread pool (being written).

#![cfg(loom)]
