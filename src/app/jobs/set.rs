//! The window's running jobs: started by kind, polled together each frame.

use super::finished::{Finished, JobKind};
use super::job::{Job, Lost};
use std::time::{Duration, Instant};

/// A running job of any result type, with how to turn its result into a [`Finished`].
trait Pending: Send {
    fn poll(&mut self, wait: Option<Duration>) -> Option<Result<Finished, Lost>>;
    fn progress(&self) -> (usize, usize);
}

struct Typed<T> {
    job: Job<T>,
    finished: fn(T) -> Finished,
}

impl<T: Send> Pending for Typed<T> {
    fn poll(&mut self, wait: Option<Duration>) -> Option<Result<Finished, Lost>> {
        let r = match wait {
            Some(t) => self.job.wait(t),
            None => self.job.poll(),
        };
        r.map(|r| r.map(self.finished))
    }

    fn progress(&self) -> (usize, usize) {
        self.job.progress()
    }
}

struct Running {
    kind: JobKind,
    job: Box<dyn Pending>,
}

/// Jobs that have not finished yet.
#[derive(Default)]
pub struct JobSet {
    running: Vec<Running>,
}

impl JobSet {
    /// Starts tracking `job`; its result is wrapped by `finished` when it arrives.
    pub fn start<T: Send + 'static>(
        &mut self,
        kind: JobKind,
        job: Job<T>,
        finished: fn(T) -> Finished,
    ) {
        if kind.replaces() {
            self.running.retain(|r| r.kind != kind);
        }
        self.running.push(Running {
            kind,
            job: Box::new(Typed { job, finished }),
        });
    }

    /// Results of the jobs that finished since the last call, in the order they were started;
    /// a lost job comes back as its kind.
    pub fn finished(&mut self) -> Vec<Result<Finished, JobKind>> {
        let mut done = Vec::new();
        self.running.retain_mut(|r| match r.job.poll(None) {
            Some(result) => {
                done.push(result.map_err(|Lost| r.kind));
                false
            }
            None => true,
        });
        done
    }

    /// Waits up to `timeout` for the oldest job of `kind` (tests only; the window polls).
    pub fn wait(&mut self, kind: JobKind, timeout: Duration) -> Option<Result<Finished, JobKind>> {
        let index = self.running.iter().position(|r| r.kind == kind)?;
        let result = self.running[index].job.poll(Some(timeout))?;
        self.running.remove(index);
        Some(result.map_err(|Lost| kind))
    }

    /// Waits until no job of `kind` runs or `timeout` passes, returning what finished.
    pub fn wait_all(&mut self, kind: JobKind, timeout: Duration) -> Vec<Result<Finished, JobKind>> {
        let start = Instant::now();
        let mut done = Vec::new();
        while self.is_running(kind) {
            let left = timeout.saturating_sub(start.elapsed());
            match self.wait(kind, left) {
                Some(r) => done.push(r),
                None => break,
            }
        }
        done
    }

    /// Stops waiting for the job of `kind`; its result, when it comes, is dropped.
    pub fn cancel(&mut self, kind: JobKind) {
        self.running.retain(|r| r.kind != kind);
    }

    pub fn is_running(&self, kind: JobKind) -> bool {
        self.running.iter().any(|r| r.kind == kind)
    }

    /// (done, total) of the running job of `kind`.
    pub fn progress(&self, kind: JobKind) -> Option<(usize, usize)> {
        self.running
            .iter()
            .find(|r| r.kind == kind)
            .map(|r| r.job.progress())
    }
}
