//! Benchmarks of the thread pool (being written).

fn main() {}
