//! Python's `executor.map(pow, bases, exponents)`: one function over two
//! inputs, zipped. In Rust the zip is explicit — `bases.zip(exponents)` —
//! and the function takes the pair. Results come in input order.
//!
//! Run with `cargo run --example map_two_inputs`.

use racelab::executor::ThreadPool;

fn main() {
    let bases = vec![2u64, 3, 4, 5];
    let exponents = vec![10u32, 5, 3, 2];

    let pool = ThreadPool::new(4).expect("4 workers");
    let powers = pool
        .map(
            |(base, exponent)| base.pow(exponent),
            bases.clone().into_iter().zip(exponents.clone()),
        )
        .expect("the pool is open");

    for ((base, exponent), power) in bases.iter().zip(&exponents).zip(powers) {
        println!("{base}^{exponent} = {}", power.expect("pow does not panic"));
    }
}
