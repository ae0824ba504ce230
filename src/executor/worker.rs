//! The queue and the workers that drain it.
//!
//! One monitor guards the queue. A worker takes the next job; if there is
//! none, it counts itself idle and sleeps. A submit pushes its job, then
//! wakes one idle worker if there is one, or starts a new worker if the pool
//! is not yet at `max_workers`; otherwise the job waits for a busy worker to
//! come back for more. Waking only counted idle workers matters: notifying
//! on every submit makes every busy worker's next lock a fight (a futex
//! convoy), several times slower for tiny tasks.
//!
//! Starting a thread takes tens of microseconds, so it happens outside the
//! lock: a submit that needs a worker first counts it under the lock
//! (`started`, `starting`, `live`), starts the thread, then takes the lock
//! again to hand over the join handle and queue its job. If the thread
//! cannot be started, the count is undone and the job goes back to the
//! caller. Should no worker be left at all, jobs that other submits queued
//! meanwhile, counting on that worker, are cancelled rather than left to
//! wait forever.
//!
//! Shutting down with `wait` sleeps on the same monitor until no worker is
//! `live`, none is being started, and no shutdown on another thread is
//! still cancelling the jobs it took (and running their callbacks). Then,
//! still holding the lock, it joins the workers' threads: each has already
//! taken the lock for the last time, so none waits for it, and a second
//! caller waits for the lock, and so for those joins. So every
//! `shutdown(wait = true)`, from any thread, returns only when every worker
//! has finished; one called on a worker (by a task or a done-callback)
//! waits for the others but never for, or joins, its own thread. Two
//! workers that each shut the pool down from inside a task wait for each
//! other forever, as two threads that join each other do.

use std::cell::Cell as StdCell;
use std::collections::VecDeque;
use std::io;
use std::mem;
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
    /// Workers started, or being started by some submit right now.
    pub(crate) started: usize,
    /// Of `started`, how many a submit is starting outside the lock.
    pub(crate) starting: usize,
    /// The threads of the `shutdown(cancel_futures = true)` calls that are
    /// cancelling the jobs they took from the queue, outside the lock.
    pub(crate) cancelling: Vec<R::ThreadId>,
    /// Workers whose loop has not ended yet, counting those being started.
    pub(crate) live: usize,
    /// Every worker ever started, to join at shutdown.
    pub(crate) workers: Vec<Worker<R>>,
    /// The next worker's number, for its name; never reused.
    pub(crate) numbered: usize,
    /// Whether a `shutdown(wait = true)` has slept waiting for workers to
    /// leave: only then must a leaving worker notify.
    pub(crate) awaited: bool,
    /// Set by shutdown: no new jobs; workers leave once the queue is empty.
    pub(crate) shut: bool,
}

/// One worker, as the pool keeps track of it.
pub(crate) struct Worker<R: Runtime> {
    /// Its number: it is called `{prefix}_{number}`.
    number: usize,
    /// Its thread, once the worker has said which it is: before it runs
    /// any task.
    thread: Option<R::ThreadId>,
    /// Its join handle, from when its thread has started until someone
    /// joins it.
    handle: Option<R::JoinHandle<()>>,
}

impl<R: Runtime> Queue<R> {
    /// An empty queue, no worker started.
    pub(crate) fn new() -> Self {
        Self {
            jobs: VecDeque::new(),
            idle: 0,
            started: 0,
            starting: 0,
            cancelling: Vec::new(),
            live: 0,
            workers: Vec::new(),
            numbered: 0,
            awaited: false,
            shut: false,
        }
    }

    /// Whether thread `me` is one of this pool's workers.
    pub(crate) fn is_worker(&self, me: R::ThreadId) -> bool {
        self.workers.iter().any(|worker| worker.thread == Some(me))
    }

    /// Counts the workers that `count` more jobs need, none beyond
    /// `max_workers`, and returns their numbers: the caller starts them.
    fn reserve(&mut self, count: usize, busy: usize, max_workers: usize) -> Vec<usize> {
        let free = self.started.saturating_sub(busy);
        let needed = (self.jobs.len() + count)
            .saturating_sub(free)
            .min(max_workers - self.started);
        (0..needed)
            .map(|_| {
                let number = self.numbered;
                self.numbered += 1;
                self.started += 1;
                self.starting += 1;
                self.live += 1;
                self.workers.push(Worker {
                    number,
                    thread: None,
                    handle: None,
                });
                number
            })
            .collect()
    }

    /// Keeps the handle of each worker that started and forgets each one
    /// that did not; returns why the last one failed, if one did.
    fn register(
        &mut self,
        spawned: Vec<(usize, io::Result<R::JoinHandle<()>>)>,
    ) -> Option<io::Error> {
        let mut failure = None;
        for (number, spawn) in spawned {
            self.starting -= 1;
            match spawn {
                Ok(handle) => {
                    if let Some(worker) = self.workers.iter_mut().find(|w| w.number == number) {
                        worker.handle = Some(handle);
                    }
                }
                Err(error) => {
                    self.workers.retain(|worker| worker.number != number);
                    self.started -= 1;
                    self.live -= 1;
                    failure = Some(error);
                }
            }
        }
        failure
    }

    /// Queues a batch of `count` jobs and returns how many idle workers to
    /// wake for it.
    fn enqueue<B>(
        &mut self,
        count: usize,
        batch: B,
        enqueue: impl FnOnce(B, &mut VecDeque<Box<dyn Job>>),
    ) -> usize {
        enqueue(batch, &mut self.jobs);
        let wake = count.min(self.idle);
        self.idle -= wake;
        wake
    }
}

/// Why a batch of jobs was handed back.
pub(crate) enum Refused<B> {
    /// The pool had been shut down.
    Shut(B),
    /// The batch needed a new worker, and its thread could not be started.
    NoThread(B, io::Error),
}

/// What a submit's first critical section decided.
enum Plan<B, E> {
    /// The batch is queued; wake this many idle workers.
    Queued(usize),
    /// The pool is shut: the batch goes back.
    Shut(B),
    /// Start the workers with these numbers first, then queue the batch.
    Start(B, E, Vec<usize>),
}

/// What the pool and its workers share.
pub(crate) struct Shared<R: Runtime> {
    pub(crate) queue: R::Monitor<Queue<R>>,
    pub(crate) max_workers: usize,
    pub(crate) prefix: String,
    /// Workers running a job or its done-callbacks. Raised under the
    /// queue's lock when a worker takes a job; lowered outside it once the
    /// job's callbacks have returned — or, for a job without callbacks, just
    /// before its outcome is published, so a caller who has a result and
    /// submits again finds that worker free and does not start another.
    pub(crate) busy: R::AtomicU64,
}

impl<R: Runtime> Shared<R> {
    /// Queues a batch of `count` jobs and gets them going: wakes as many
    /// idle workers as there are new jobs, and starts new workers for the
    /// rest, up to `max_workers`. `enqueue` moves the batch into the queue.
    ///
    /// If the pool is shut down, or a worker the batch needs cannot be
    /// started, the batch comes back untouched.
    pub(crate) fn push<B, E>(
        self: &Arc<Self>,
        count: usize,
        batch: B,
        enqueue: E,
    ) -> Result<(), Refused<B>>
    where
        E: FnOnce(B, &mut VecDeque<Box<dyn Job>>),
    {
        let plan = self.queue.with(|queue| {
            if queue.shut {
                return Plan::Shut(batch);
            }
            // Relaxed: the queue's lock orders this load after every raise;
            // a lowering it misses only starts a worker more than needed.
            let busy = usize::try_from(self.busy.load(Relaxed)).unwrap_or(usize::MAX);
            let numbers = queue.reserve(count, busy, self.max_workers);
            if numbers.is_empty() {
                Plan::Queued(queue.enqueue(count, batch, enqueue))
            } else {
                Plan::Start(batch, enqueue, numbers)
            }
        });
        match plan {
            Plan::Queued(wake) => {
                self.wake(wake);
                Ok(())
            }
            Plan::Shut(batch) => Err(Refused::Shut(batch)),
            Plan::Start(batch, enqueue, numbers) => {
                let spawned = numbers.into_iter().map(|n| (n, self.spawn(n))).collect();
                self.push_after_start(count, batch, enqueue, spawned)
            }
        }
    }

    /// Starts worker `number`'s thread.
    fn spawn(self: &Arc<Self>, number: usize) -> io::Result<R::JoinHandle<()>> {
        let shared = Arc::clone(self);
        let name = format!("{}_{number}", self.prefix);
        R::try_spawn_named(name, move || work(&shared, number))
    }

    /// The second half of [`push`](Shared::push), once new workers' threads
    /// have been started (or failed to start).
    fn push_after_start<B, E>(
        &self,
        count: usize,
        batch: B,
        enqueue: E,
        spawned: Vec<(usize, io::Result<R::JoinHandle<()>>)>,
    ) -> Result<(), Refused<B>>
    where
        E: FnOnce(B, &mut VecDeque<Box<dyn Job>>),
    {
        let (pushed, stranded, awaited) = self.queue.with(|queue| {
            let failure = queue.register(spawned);
            if queue.shut {
                return (Err(Refused::Shut(batch)), VecDeque::new(), queue.awaited);
            }
            if let Some(error) = failure {
                // Jobs queued meanwhile by others, counting on the worker that
                // failed, would wait forever if no worker is left to run them.
                let stranded = if queue.live == 0 {
                    mem::take(&mut queue.jobs)
                } else {
                    VecDeque::new()
                };
                return (Err(Refused::NoThread(batch, error)), stranded, false);
            }
            (
                Ok(queue.enqueue(count, batch, enqueue)),
                VecDeque::new(),
                false,
            )
        });
        if awaited {
            // A shutdown(wait) is waiting for the start to be over.
            self.queue.notify_all();
        }
        for job in stranded {
            job.cancel();
        }
        pushed.map(|wake| self.wake(wake))
    }

    /// Wakes `count` idle workers: one notify per counted sleeper, since
    /// `notify_all` would also wake the ones already woken and not yet
    /// running, for nothing. (Only workers sleep on this monitor before
    /// shutdown, and nothing is queued after it.)
    fn wake(&self, count: usize) {
        for _ in 0..count {
            self.queue.notify_one();
        }
    }

    /// Cancels `jobs`, which a shutdown on thread `me` took from the queue
    /// after listing itself in `cancelling`, then strikes itself off.
    pub(crate) fn cancel_taken(&self, me: R::ThreadId, jobs: Vec<Box<dyn Job>>) {
        if jobs.is_empty() {
            return;
        }
        for job in jobs {
            job.cancel();
        }
        let awaited = self.queue.with(|queue| {
            if let Some(at) = queue.cancelling.iter().position(|&thread| thread == me) {
                queue.cancelling.swap_remove(at);
            }
            queue.awaited
        });
        if awaited {
            self.queue.notify_all();
        }
    }

    /// Waits until every worker but the calling one has finished its loop,
    /// then joins their threads. See the module's documentation.
    pub(crate) fn join_workers(&self) {
        let me = R::current_thread_id();
        self.queue.wait_while(
            |queue| {
                let mine = usize::from(queue.is_worker(me));
                // A callback of a task this very thread is cancelling may
                // call shutdown(wait): it must not wait for itself.
                let others_cancelling = queue.cancelling.iter().any(|&thread| thread != me);
                let waiting = queue.live > mine || queue.starting > 0 || others_cancelling;
                queue.awaited |= waiting;
                waiting
            },
            |queue| {
                let others = queue.workers.iter_mut().filter(|w| w.thread != Some(me));
                for handle in others.filter_map(|worker| worker.handle.take()) {
                    // A worker catches every task's panic, so it cannot
                    // panic itself.
                    let _ = R::join(handle);
                }
            },
        );
    }
}

/// A worker's life: say which thread it is, then take a job, run it, again,
/// until shutdown empties the queue. A job's panic is caught inside the job,
/// so the loop goes on.
fn work<R: Runtime>(shared: &Shared<R>, number: usize) {
    let counted_out = StdCell::new(false);
    let notify = StdCell::new(false);
    let _leaving = Leaving {
        shared,
        counted_out: &counted_out,
        notify: &notify,
    };
    let mut enrol = Some(R::current_thread_id());
    loop {
        let job = shared.queue.wait_while(
            |queue| {
                if let Some(me) = enrol.take() {
                    // First time round, before any task: now a shutdown
                    // called on this thread knows it is on a worker.
                    if let Some(worker) = queue.workers.iter_mut().find(|w| w.number == number) {
                        worker.thread = Some(me);
                    }
                }
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
                } else {
                    queue.live -= 1;
                    counted_out.set(true);
                    notify.set(queue.awaited);
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

/// Runs when a worker's loop ends, however it ends. Normally the worker
/// has counted itself out of `live` in its last critical section; should
/// it ever unwind instead, this counts it out, so that a shutdown(wait)
/// never waits for a worker that is gone.
struct Leaving<'a, R: Runtime> {
    shared: &'a Shared<R>,
    /// Whether the worker has counted itself out of `live`.
    counted_out: &'a StdCell<bool>,
    /// Whether a shutdown(wait) was waiting when it did.
    notify: &'a StdCell<bool>,
}

impl<R: Runtime> Drop for Leaving<'_, R> {
    fn drop(&mut self) {
        if !self.counted_out.get() {
            let awaited = self.shared.queue.with(|queue| {
                queue.live -= 1;
                queue.awaited
            });
            self.notify.set(awaited);
        }
        if self.notify.get() {
            self.shared.queue.notify_all();
        }
    }
}
