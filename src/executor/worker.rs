//! The queue and the workers that drain it.
//!
//! One monitor guards the queue. A worker takes the next job; if there is
//! none, it counts itself idle and sleeps. A submit pushes its job, then
//! wakes one idle worker if there is one, or starts a new worker if the pool
//! is not yet at `max_workers`; otherwise the job waits for a busy worker to
//! come back for more. Waking only counted idle workers matters: notifying
//! on every submit makes every busy worker's next lock a fight (a futex
//! convoy), several times slower for tiny tasks.

use std::collections::VecDeque;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;

use crate::executor::task::Job;
use crate::sync::{AtomicWord, Monitor, Runtime};

/// What the queue's lock guards.
pub(crate) struct Queue<R: Runtime> {
    /// Jobs waiting for a worker, oldest first.
    pub(crate) jobs: VecDeque<Box<dyn Job>>,
    /// Workers asleep and not yet woken: at least as many as there are,
    /// never fewer, so a job is never left with every worker asleep.
    pub(crate) idle: usize,
    /// Every worker started so far, to join at shutdown.
    pub(crate) workers: Vec<R::JoinHandle<()>>,
    /// How many workers were ever started (also the next one's number).
    pub(crate) started: usize,
    /// Set by shutdown: no new jobs; workers leave once the queue is empty.
    pub(crate) shut: bool,
}

/// What the pool and its workers share.
pub(crate) struct Shared<R: Runtime> {
    pub(crate) queue: R::Monitor<Queue<R>>,
    pub(crate) max_workers: usize,
    pub(crate) prefix: String,
    /// Workers running a job. Raised under the queue's lock when a worker
    /// takes a job; lowered outside it, just before the job's outcome is
    /// published, so a caller who has a result and submits again finds that
    /// worker free and does not start another.
    pub(crate) busy: R::AtomicU64,
}

impl<R: Runtime> Shared<R> {
    /// Queues a batch of `count` jobs and gets them going: wakes as many
    /// idle workers as there are new jobs, then starts new workers for the
    /// rest, up to `max_workers`. `enqueue` moves the batch into the queue.
    ///
    /// If the pool is shut down, the batch comes back untouched. Workers are
    /// started under the lock, so that a shutdown that follows finds and
    /// joins every one of them.
    pub(crate) fn push<B>(
        self: &Arc<Self>,
        count: usize,
        batch: B,
        enqueue: impl FnOnce(B, &mut VecDeque<Box<dyn Job>>),
    ) -> Result<(), B> {
        let wake = self.queue.with(|queue| {
            if queue.shut {
                return Err(batch);
            }
            enqueue(batch, &mut queue.jobs);
            let wake = count.min(queue.idle);
            queue.idle -= wake;
            // Relaxed: the queue's lock orders this load after every raise;
            // a lowering it misses only starts a worker more than needed.
            let busy = usize::try_from(self.busy.load(Relaxed)).unwrap_or(usize::MAX);
            let free = queue.started.saturating_sub(busy);
            let start = queue
                .jobs
                .len()
                .saturating_sub(free)
                .min(self.max_workers - queue.started);
            for _ in 0..start {
                let name = format!("{}_{}", self.prefix, queue.started);
                let shared = Arc::clone(self);
                queue.started += 1;
                queue
                    .workers
                    .push(R::spawn_named(name, move || work(&shared)));
            }
            Ok(wake)
        })?;
        // One notify per counted sleeper: `notify_all` would also wake the
        // ones already woken and not yet running, for nothing.
        for _ in 0..wake {
            self.queue.notify_one();
        }
        Ok(())
    }
}

/// A worker's life: take a job, run it, again, until shutdown empties the
/// queue. A job's panic is caught inside the job, so the loop goes on.
fn work<R: Runtime>(shared: &Shared<R>) {
    loop {
        let job = shared.queue.wait_while(
            |queue| {
                let nothing_to_do = queue.jobs.is_empty() && !queue.shut;
                if nothing_to_do {
                    queue.idle += 1;
                }
                nothing_to_do
            },
            |queue| {
                let job = queue.jobs.pop_front();
                if job.is_some() {
                    // Relaxed: see `busy`; the lock around this orders it.
                    shared.busy.fetch_add(1, Relaxed);
                }
                job
            },
        );
        match job {
            // Relaxed: the job's own lock, taken right after to publish the
            // outcome, carries this to whoever reads the outcome.
            Some(job) => job.run(&|| {
                shared.busy.fetch_sub(1, Relaxed);
            }),
            None => return,
        }
    }
}
