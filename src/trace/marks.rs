//! What a trace shows about lost updates and stale reads.
//!
//! A lost update is a write computed from a value that is no longer the
//! newest: some other thread's write came in between, and this one replaces
//! it as if it had never happened. Two ways lead there:
//!
//! - a *preemption*: the thread read, another thread ran and wrote, then the
//!   first thread wrote what it had computed from its old read;
//! - a *stale read* (only on a weak memory model, as loom explores): the read
//!   came after the other thread's write, yet returned the value from before
//!   it. Real CPUs with store buffers and caches do this.
//!
//! Both are found by the same rule: a write is marked when the newest value
//! just before it differs from what its thread last read.

use crate::trace::{Action, Step};

/// What one step shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A write that replaces another thread's update, which is lost.
    Overwrites {
        /// The thread whose update is lost.
        thread: usize,
        /// The value that thread wrote.
        value: u64,
        /// What the writer read, from which it computed its write.
        based_on: u64,
    },
    /// A read that returned an older value than the newest one written.
    Stale {
        /// The newest value, which the read did not see.
        newest: u64,
        /// The thread that wrote it.
        thread: usize,
    },
}

/// One mark (or none) per step, in order.
pub fn mark(steps: &[Step]) -> Vec<Option<Mark>> {
    // The newest value written so far, and by whom.
    let mut newest: Option<(u64, usize)> = None;
    // What each thread read last.
    let mut last_read: Vec<Option<u64>> = Vec::new();
    let mut marks = Vec::with_capacity(steps.len());
    for step in steps {
        if last_read.len() <= step.thread {
            last_read.resize(step.thread + 1, None);
        }
        let mark = match step.action {
            Action::Read { value } => {
                last_read[step.thread] = Some(value);
                match newest {
                    Some((newest, thread)) if newest != value => {
                        Some(Mark::Stale { newest, thread })
                    }
                    _ => None,
                }
            }
            Action::Write { value } => {
                let mark = match (newest, last_read[step.thread]) {
                    (Some((newest, thread)), Some(based_on))
                        if thread != step.thread && newest != based_on =>
                    {
                        Some(Mark::Overwrites {
                            thread,
                            value: newest,
                            based_on,
                        })
                    }
                    _ => None,
                };
                newest = Some((value, step.thread));
                mark
            }
            Action::Add { after, .. } => {
                newest = Some((after, step.thread));
                None
            }
            Action::Lock | Action::Unlock | Action::Event { .. } => None,
        };
        marks.push(mark);
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::{mark, Mark};
    use crate::trace::{Action, Step};

    fn steps(list: &[(usize, Action)]) -> Vec<Step> {
        list.iter().map(|&(t, a)| Step::new(t, a)).collect()
    }

    #[test]
    fn preempted_write_overwrites_the_other_threads_update() {
        let marks = mark(&steps(&[
            (1, Action::Read { value: 0 }),
            (2, Action::Read { value: 0 }),
            (2, Action::Write { value: 1 }),
            (1, Action::Write { value: 1 }),
        ]));
        assert_eq!(
            marks,
            [
                None,
                None,
                None,
                Some(Mark::Overwrites {
                    thread: 2,
                    value: 1,
                    based_on: 0
                })
            ]
        );
    }

    #[test]
    fn stale_read_is_marked_and_so_is_the_write_it_leads_to() {
        let marks = mark(&steps(&[
            (1, Action::Read { value: 0 }),
            (1, Action::Write { value: 1 }),
            (2, Action::Read { value: 0 }),
            (2, Action::Write { value: 1 }),
        ]));
        assert_eq!(
            marks[2],
            Some(Mark::Stale {
                newest: 1,
                thread: 1
            })
        );
        assert_eq!(
            marks[3],
            Some(Mark::Overwrites {
                thread: 1,
                value: 1,
                based_on: 0
            })
        );
    }

    #[test]
    fn serial_increments_mark_nothing() {
        let marks = mark(&steps(&[
            (1, Action::Read { value: 0 }),
            (1, Action::Write { value: 1 }),
            (2, Action::Read { value: 1 }),
            (2, Action::Write { value: 2 }),
            (0, Action::Read { value: 2 }),
        ]));
        assert!(marks.iter().all(Option::is_none), "{marks:?}");
    }

    #[test]
    fn fetch_add_counts_as_the_newest_value() {
        let marks = mark(&steps(&[
            (
                1,
                Action::Add {
                    before: 0,
                    after: 1,
                },
            ),
            (
                2,
                Action::Add {
                    before: 1,
                    after: 2,
                },
            ),
            (0, Action::Read { value: 1 }),
        ]));
        assert_eq!(
            marks[2],
            Some(Mark::Stale {
                newest: 2,
                thread: 2
            })
        );
    }
}
