//! One piece of work off the UI thread: spawn a closure, poll its result each frame, and wake
//! the UI when it finishes or reports progress. Every background task of the window (loads,
//! imports, exports, sessions, the graph classifier, t-SNE) is one of these, so none of them
//! can hold up a frame and each is polled the same way.

use eframe::egui;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::Duration;

/// The job's thread ended without a result: it could not be started, or it panicked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lost;

/// How far a job has come, as (done, total); written by the worker, read by the UI.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// The worker's end: reports progress and hands back the result, waking the UI each time.
pub struct Report<T> {
    tx: Sender<T>,
    progress: Arc<Progress>,
    ctx: egui::Context,
}

impl<T> Report<T> {
    pub fn progress(&self, done: usize, total: usize) {
        self.progress.total.store(total, Ordering::Relaxed);
        self.progress.done.store(done, Ordering::Relaxed);
        self.ctx.request_repaint();
    }

    pub fn finish(self, result: T) {
        let _ = self.tx.send(result);
        self.ctx.request_repaint();
    }
}

/// The UI's end of one background task.
pub struct Job<T> {
    rx: Receiver<T>,
    progress: Arc<Progress>,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a new thread named `name`.
    pub fn spawn(
        name: &str,
        ctx: &egui::Context,
        work: impl FnOnce(&Report<T>) -> T + Send + 'static,
    ) -> Self {
        let (report, job) = Self::pending(ctx);
        // A thread that cannot start drops `report`: the job then polls as lost.
        let _ = std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let result = work(&report);
                report.finish(result);
            });
        job
    }

    /// A job finished by whoever holds the report (a callback, say, rather than a thread).
    pub fn pending(ctx: &egui::Context) -> (Report<T>, Self) {
        let (tx, rx) = channel();
        let progress = Arc::new(Progress::default());
        let report = Report {
            tx,
            progress: progress.clone(),
            ctx: ctx.clone(),
        };
        (report, Self { rx, progress })
    }
}

impl<T> Job<T> {
    /// The result once it is there; never blocks.
    pub fn poll(&self) -> Option<Result<T, Lost>> {
        match self.rx.try_recv() {
            Ok(t) => Some(Ok(t)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(Lost)),
        }
    }

    /// Waits up to `timeout` for the result (tests only; the window polls).
    pub fn wait(&self, timeout: Duration) -> Option<Result<T, Lost>> {
        match self.rx.recv_timeout(timeout) {
            Ok(t) => Some(Ok(t)),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some(Err(Lost)),
        }
    }

    pub fn progress(&self) -> (usize, usize) {
        self.progress.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_hands_back_its_result_and_progress() {
        let ctx = egui::Context::default();
        let job = Job::spawn("test", &ctx, |r| {
            r.progress(3, 4);
            6 * 7
        });
        assert_eq!(job.wait(Duration::from_secs(10)), Some(Ok(42)));
        assert_eq!(job.progress(), (3, 4));
    }

    #[test]
    fn a_job_whose_worker_is_gone_polls_as_lost() {
        let ctx = egui::Context::default();
        let (report, job) = Job::<u8>::pending(&ctx);
        assert_eq!(job.poll(), None, "still running");
        drop(report);
        assert_eq!(job.poll(), Some(Err(Lost)));
        let panicked = Job::<u8>::spawn("test", &ctx, |_| panic!("worker fails"));
        assert_eq!(panicked.wait(Duration::from_secs(10)), Some(Err(Lost)));
    }
}
