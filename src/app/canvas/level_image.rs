//! The image of one canvas ([`super::raster`]), kept between frames and shown through the
//! current view: a pan or zoom moves and scales the image at once, and a fresh one is drawn
//! only when the view has rested a moment or what is drawn has changed. A small level is drawn
//! on the UI thread as soon as it changes; a big one on the canvas' own worker thread, which
//! takes the newest scene, leaves the cores to the UI half of the time, and hands back the
//! image, so no frame waits for half a million edges.

use super::raster::{Scene, rasterise};
use super::transform::Transform;
use eframe::egui::{self, Color32, Pos2, Rect, pos2};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Up to this many nodes plus edges a level is drawn on the UI thread (a few milliseconds).
pub const INLINE_LIMIT: usize = 40_000;
/// How long the view rests before an image drawn for an older view is replaced.
const VIEW_REST: Duration = Duration::from_millis(120);

/// An image and the view it was drawn for.
struct Drawn {
    /// The fingerprint it was drawn for (the tests ask whether the image is current).
    #[cfg_attr(not(test), allow(dead_code))]
    key: u64,
    t: Transform,
    origin: Pos2,
    size: [usize; 2],
    image: Option<egui::ColorImage>,
}

#[derive(Default)]
struct Slot {
    /// The newest scene not yet taken by the worker (an older one is replaced, never queued).
    wanted: Option<(u64, Scene)>,
    done: Option<Drawn>,
    busy: bool,
    closed: bool,
}

/// The worker thread drawing a big level's images.
struct Worker {
    slot: Arc<(Mutex<Slot>, Condvar)>,
}

impl Worker {
    fn start(ctx: &egui::Context) -> Option<Self> {
        let slot: Arc<(Mutex<Slot>, Condvar)> = Arc::default();
        let (theirs, ctx) = (slot.clone(), ctx.clone());
        std::thread::Builder::new()
            .name("level-image".into())
            .spawn(move || {
                crate::priority::lower_this_thread();
                serve(&theirs, &ctx);
            })
            .ok()?;
        Some(Self { slot })
    }

    fn send(&self, key: u64, scene: Scene) {
        let (m, cv) = &*self.slot;
        if let Ok(mut s) = m.lock() {
            s.wanted = Some((key, scene));
            cv.notify_one();
        }
    }

    fn take(&self) -> Option<Drawn> {
        self.slot.0.lock().ok()?.done.take()
    }

    /// Whether a scene is being drawn or waits to be.
    fn pending(&self) -> bool {
        self.slot
            .0
            .lock()
            .is_ok_and(|s| s.busy || s.wanted.is_some())
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let (m, cv) = &*self.slot;
        if let Ok(mut s) = m.lock() {
            s.closed = true;
            cv.notify_one();
        }
    }
}

fn serve(slot: &(Mutex<Slot>, Condvar), ctx: &egui::Context) {
    let (m, cv) = slot;
    loop {
        let (key, scene) = {
            let Ok(mut s) = m.lock() else { return };
            loop {
                if s.closed {
                    return;
                }
                if let Some(w) = s.wanted.take() {
                    s.busy = true;
                    break w;
                }
                s = match cv.wait(s) {
                    Ok(s) => s,
                    Err(_) => return,
                };
            }
        };
        let started = Instant::now();
        let drawn = draw(key, &scene);
        let cost = started.elapsed();
        if let Ok(mut s) = m.lock() {
            s.done = Some(drawn);
            s.busy = false;
        }
        ctx.request_repaint();
        // Half the time to the UI and the layout: a moving level is redrawn as fast as that
        // allows, never back to back.
        std::thread::sleep(cost);
    }
}

/// Draws `scene`; the image keeps the view it was drawn for.
fn draw(key: u64, scene: &Scene) -> Drawn {
    let (image, [x, y]) = rasterise(scene);
    Drawn {
        key,
        t: scene.t,
        origin: scene.origin + egui::vec2(x as f32, y as f32) / scene.ppp,
        size: image.size,
        image: Some(image),
    }
}

/// What the image depends on: a fingerprint of the content (positions, colours, selection …)
/// and, apart, of the view (canvas rectangle and mapping), so a pan alone can wait.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Keys {
    pub content: u64,
    pub view: u64,
}

impl Keys {
    fn both(self) -> u64 {
        self.content ^ self.view.rotate_left(17)
    }
}

/// The image of one canvas, kept between frames.
#[derive(Default)]
pub struct LevelImage {
    tex: Option<egui::TextureHandle>,
    /// The view the texture was drawn for and its fingerprint.
    shown: Option<Drawn>,
    /// What was last asked for (drawn inline or sent to the worker).
    asked: Option<Keys>,
    /// The view last frame and when it last changed.
    view: Option<(u64, Instant)>,
    worker: Option<Worker>,
}

impl LevelImage {
    /// Paints the image into `rect` under transform `t`, asking for a new one if due: `scene`
    /// builds it (called only when one is drawn), `work` is the level's nodes plus edges.
    pub fn paint(
        &mut self,
        ui: &egui::Ui,
        rect: Rect,
        t: Transform,
        keys: Keys,
        work: usize,
        scene: impl FnOnce() -> Scene,
    ) {
        let ctx = ui.ctx();
        let now = Instant::now();
        match self.view {
            Some((v, _)) if v == keys.view => {}
            _ => self.view = Some((keys.view, now)),
        }
        let rested = self.view.is_none_or(|(_, at)| now - at >= VIEW_REST);
        let inline = work <= INLINE_LIMIT;
        if let Some(drawn) = self.worker.as_ref().and_then(Worker::take) {
            self.show(ctx, drawn);
        }
        let due = match self.asked {
            None => true,
            Some(a) if a == keys => false,
            // What is drawn changed: as soon as the worker is free.
            Some(a) if a.content != keys.content => true,
            // Only the view: a small level at once, a big one once the view rests.
            Some(_) => inline || rested,
        };
        if due {
            if inline {
                self.worker = None;
                let drawn = draw(keys.both(), &scene());
                self.show(ctx, drawn);
                self.asked = Some(keys);
            } else {
                if self.worker.is_none() {
                    self.worker = Worker::start(ctx);
                }
                match &self.worker {
                    Some(w) if !w.pending() => {
                        w.send(keys.both(), scene());
                        self.asked = Some(keys);
                    }
                    // Busy: it asks for a frame when done, and that frame sends this. (Asking
                    // for one every 30 ms meant 28 frames a second for the renderer to draw
                    // while a million nodes settled, a third of the two cores.)
                    _ => {}
                }
            }
        } else if self.asked.is_some_and(|a| a.view != keys.view) {
            // Come back when the view has rested.
            ctx.request_repaint_after(VIEW_REST);
        }
        if let (Some(tex), Some(d)) = (&self.tex, &self.shown) {
            // The image's corners, from the view it was drawn for to this one.
            let ppp = ctx.pixels_per_point();
            let far = d.origin + egui::vec2(d.size[0] as f32, d.size[1] as f32) / ppp;
            let to_now = |p: Pos2| t.to_screen(d.t.to_world(p));
            let at = Rect::from_min_max(to_now(d.origin), to_now(far));
            if at.is_finite() {
                ui.painter().with_clip_rect(rect).image(
                    tex.id(),
                    at,
                    Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                    Color32::WHITE,
                );
            }
        }
    }

    /// Whether the image shown was drawn for exactly this content and view.
    #[cfg(test)]
    pub fn is_current(&self, keys: Keys) -> bool {
        self.shown.as_ref().is_some_and(|d| d.key == keys.both())
    }

    fn show(&mut self, ctx: &egui::Context, mut drawn: Drawn) {
        let Some(image) = drawn.image.take() else {
            return;
        };
        match &mut self.tex {
            Some(tex) => tex.set(image, egui::TextureOptions::LINEAR),
            None => {
                self.tex =
                    Some(ctx.load_texture("level-image", image, egui::TextureOptions::LINEAR));
            }
        }
        self.shown = Some(drawn);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::canvas::raster::NodeInk;
    use std::cell::Cell;

    fn scene(rect: Rect, t: Transform) -> Scene {
        let ink = NodeInk {
            colours: vec![Color32::RED; 2],
            rings: Vec::new(),
        };
        Scene::for_test(rect, t, vec![[0.0, 0.0], [1.0, 1.0]], 4.0, Some(ink))
    }

    /// One frame: paints `image` with `keys`, counting the scenes built; where the image was
    /// painted, if it was.
    fn frame(
        ctx: &egui::Context,
        image: &mut LevelImage,
        keys: Keys,
        work: usize,
        pan: f32,
        built: &Cell<usize>,
    ) -> Option<Rect> {
        let rect = Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(200.0, 100.0));
        let t = Transform::fit(rect, &[[0.0, 0.0], [1.0, 1.0]], 1.0, egui::vec2(pan, 0.0));
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
            image.paint(ui, rect, t, keys, work, || {
                built.set(built.get() + 1);
                scene(rect, t)
            });
        });
        out.textures_delta.clear();
        out.shapes
            .iter()
            .map(|c| c.shape.visual_bounding_rect())
            .find(|r| r.is_positive())
    }

    /// Frames until the worker's image is shown (at most two seconds).
    fn until_shown(ctx: &egui::Context, image: &mut LevelImage, keys: Keys, built: &Cell<usize>) {
        for _ in 0..200 {
            let _ = frame(ctx, image, keys, INLINE_LIMIT + 1, 0.0, built);
            if image.is_current(keys) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the worker never delivered an image");
    }

    #[test]
    fn a_big_level_is_drawn_off_the_ui_thread_and_a_pan_waits_for_the_view_to_rest() {
        let ctx = egui::Context::default();
        let mut image = LevelImage::default();
        let built = Cell::new(0);
        let keys = Keys {
            content: 1,
            view: 1,
        };
        let _ = frame(&ctx, &mut image, keys, INLINE_LIMIT + 1, 0.0, &built);
        assert_eq!(built.get(), 1);
        assert!(image.worker.is_some(), "a big level has its own worker");
        until_shown(&ctx, &mut image, keys, &built);
        assert_eq!(
            built.get(),
            1,
            "the same content and view are not drawn again"
        );
        let before = frame(&ctx, &mut image, keys, INLINE_LIMIT + 1, 0.0, &built).expect("shown");
        // Panning: the old image is moved, nothing is drawn while the view keeps changing.
        let mut after = None;
        for step in 2..6u64 {
            let panned = Keys {
                content: 1,
                view: step,
            };
            after = frame(
                &ctx,
                &mut image,
                panned,
                INLINE_LIMIT + 1,
                step as f32,
                &built,
            );
        }
        let moved = after.expect("still shown").min - before.min;
        assert!(
            (moved.x - 5.0).abs() < 1e-3 && moved.y.abs() < 1e-3,
            "{moved:?}"
        );
        assert_eq!(built.get(), 1, "no redraw per pan step");
        std::thread::sleep(VIEW_REST + Duration::from_millis(20));
        let rested = Keys {
            content: 1,
            view: 5,
        };
        let _ = frame(&ctx, &mut image, rested, INLINE_LIMIT + 1, 5.0, &built);
        assert_eq!(built.get(), 2, "redrawn once the view rested");
        until_shown(&ctx, &mut image, rested, &built);
        // New content (the layout moved) is asked for without waiting for a rest.
        let moved = Keys {
            content: 2,
            view: 5,
        };
        let _ = frame(&ctx, &mut image, moved, INLINE_LIMIT + 1, 5.0, &built);
        assert_eq!(built.get(), 3);
    }

    #[test]
    fn a_small_level_is_drawn_at_once_for_every_view() {
        let ctx = egui::Context::default();
        let mut image = LevelImage::default();
        let built = Cell::new(0);
        for view in 1..4u64 {
            let keys = Keys { content: 1, view };
            let _ = frame(&ctx, &mut image, keys, 10, view as f32, &built);
            assert!(image.is_current(keys));
        }
        assert_eq!(built.get(), 3);
        assert!(image.worker.is_none(), "no thread for a small level");
    }
}
