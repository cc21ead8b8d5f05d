//! `--screenshot FILE --quit-after SECONDS`: after the delay, ask egui for a screenshot of the
//! window, write it as PNG, and close. Used for the README image and checks under `xvfb-run`.

use super::viewer::PoolscopeApp;
use eframe::egui;
use std::sync::atomic::Ordering;

/// Encodes an RGBA image as PNG.
pub fn write_png(path: &std::path::Path, image: &egui::ColorImage) -> Result<(), String> {
    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let [w, h] = image.size;
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), w as u32, h as u32);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().map_err(|e| e.to_string())?;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    writer.write_image_data(&bytes).map_err(|e| e.to_string())
}

pub fn tick(app: &mut PoolscopeApp, ctx: &egui::Context) {
    let Some(plan) = &mut app.screenshot else {
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
        let (done, ctx2) = (plan.done.clone(), ctx.clone());
        ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(
            egui::ScreenshotCallback::new(move |image| {
                match write_png(&path, &image) {
                    Ok(()) => eprintln!("wrote {}", path.display()),
                    Err(e) => eprintln!("error: screenshot: {e}"),
                }
                done.store(true, Ordering::Relaxed);
                ctx2.request_repaint();
            }),
        ));
    }
    ctx.request_repaint_after(std::time::Duration::from_millis(100));
}
