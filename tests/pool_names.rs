//! Worker names: Python numbers its executors once each, as
//! `ThreadPoolExecutor-{k}_{n}`. This is the only test in its binary, so no
//! other pool takes a number in between.

use racelab::executor::{Options, ThreadPool};

/// The name of the worker that runs a task on `pool`.
fn worker_name(pool: &ThreadPool) -> String {
    let name = pool.submit(|| std::thread::current().name().map(String::from));
    name.unwrap().result().unwrap().expect("workers are named")
}

/// `k` in `ThreadPool-{k}_0`.
fn pool_number(name: &str) -> usize {
    let rest = name
        .strip_prefix("ThreadPool-")
        .expect("the default prefix");
    let number = rest.strip_suffix("_0").expect("the first worker");
    number.parse().expect("a number")
}

#[test]
fn the_pool_number_advances_once_per_pool_not_per_options() {
    let first = ThreadPool::with_options(Options::default()).unwrap();
    let spare: Vec<Options> = (0..10).map(|_| Options::default()).collect();
    assert!(spare
        .iter()
        .all(|options| options.thread_name_prefix.is_empty()));
    let second = ThreadPool::new(2).unwrap();
    let (k, next) = (
        pool_number(&worker_name(&first)),
        pool_number(&worker_name(&second)),
    );
    assert_eq!(next, k + 1, "ten Options::default() took no number");
}
