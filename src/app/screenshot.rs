//! `--screenshot FILE --quit-after SECONDS`: after the delay, ask egui for a screenshot of the
//! window, write it as PNG, and close. Used for the README image and checks under `xvfb-run`.

use super::jobs::write_png;
use eframe::egui;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// `--screenshot FILE --quit-after SECONDS`.
pub struct ScreenshotPlan {
    /// `None`: only quit after the delay.
    pub path: Option<std::path::PathBuf>,
    pub after: Duration,
    pub started: Instant,
    pub requested: bool,
    pub done: Arc<AtomicBool>,
    /// Why the picture could not be written, for the process's exit status (a script that
    /// asked for a screenshot must not take a failure for success).
    pub failure: Arc<std::sync::Mutex<Option<String>>>,
}

/// Takes the picture once the delay has passed, then closes the window once it is written.
pub fn tick(plan: &mut Option<ScreenshotPlan>, ctx: &egui::Context) {
    let Some(plan) = plan else {
        return;
    };
    if plan.done.load(Ordering::Relaxed) {
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        return;
    }
    if !plan.requested && plan.started.elapsed() >= plan.after {
        plan.requested = true;
        let Some(path) = plan.path.clone() else {
            plan.done.store(true, Ordering::Relaxed);
            return;
        };
        let (done, failure, ctx2) = (plan.done.clone(), plan.failure.clone(), ctx.clone());
        ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(
            egui::ScreenshotCallback::new(move |image| {
                match write_png(&path, &image) {
                    Ok(()) => eprintln!("wrote {}", path.display()),
                    Err(e) => {
                        if let Ok(mut f) = failure.lock() {
                            *f = Some(e);
                        }
                    }
                }
                done.store(true, Ordering::Relaxed);
                ctx2.request_repaint();
            }),
        ));
    }
    ctx.request_repaint_after(std::time::Duration::from_millis(100));
}
