//! CPU per frame of the editor with table 3 on screen, without a window or GPU: building the frame (`App::ui`)
//! and tessellating it into triangles, as eframe does before handing the meshes to OpenGL. Rasterising them is the
//! GPU's work (on a software renderer such as Xvfb's llvmpipe it is CPU work too, and it dominates; see
//! `benches/gui_frames.sh` for the whole frame in a real window).
//!
//! Three cases: the pointer moving over the table (hover tests over all 175 cells), a figure changing in a cell
//! every frame (what typing does: the report changes, the checks run again, the cell and the findings redraw), and
//! an approved report on screen (read-only; its approval must hold without the report being hashed every frame).

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, Pos2, RawInput, Rect, vec2};
use nianbao::format::SectionId;
use nianbao::io::document::Document;
use nianbao::model::Timestamp;
use nianbao::review::{Actor, Role};
use nianbao::rules::{self, Severity};
use nianbao::ui::{App, Page, install_fonts, sample_report};

fn input(time: f64, pointer: Pos2) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1500.0, 940.0))),
        time: Some(time),
        events: vec![Event::PointerMoved(pointer)],
        ..RawInput::default()
    }
}

/// A window without a window: the app drawn into an egui context of the real window's size, frame after frame.
struct Screen {
    ctx: egui::Context,
    time: f64,
    app: App,
}

impl Screen {
    /// `app` on table 3, warmed up: the font atlas fills with the glyphs on screen during the first frames.
    fn new(mut app: App) -> Self {
        let ctx = egui::Context::default();
        install_fonts(&ctx);
        app.set_page(Page::Section(SectionId::Requests));
        let mut screen = Self {
            ctx,
            time: 0.0,
            app,
        };
        for i in 0..10 {
            screen.frame(Pos2::new(400.0 + i as f32, 300.0));
        }
        screen
    }

    /// One frame with the pointer at `pointer`: building it, and tessellating it as eframe does.
    fn frame(&mut self, pointer: Pos2) -> Vec<egui::ClippedPrimitive> {
        self.time += 1.0 / 60.0;
        let app = &mut self.app;
        let out = self.ctx.run_ui(input(self.time, pointer), |ui| app.ui(ui));
        self.ctx.tessellate(out.shapes, out.pixels_per_point)
    }

    /// Frames with the pointer moving over the table: hover tests over all its cells.
    fn pointer_moving(&mut self, c: &mut Criterion, name: &str) {
        let mut i = 0_u32;
        c.bench_function(name, |b| {
            b.iter(|| {
                i += 1;
                let p = Pos2::new(300.0 + (i * 7 % 800) as f32, 150.0 + (i * 13 % 700) as f32);
                self.frame(p)
            });
        });
    }
}

fn frames(c: &mut Criterion) {
    let mut screen = Screen::new(App::with_sample());
    screen.pointer_moving(c, "frame: table 3, pointer moving");
    let mut n = 0_u64;
    c.bench_function("frame: table 3, a figure typed", |b| {
        b.iter(|| {
            n += 1;
            screen.app.report_mut().table3.set(0, 0, Some(100 + n % 10));
            screen.frame(Pos2::new(600.0, 200.0))
        });
    });
}

/// The sample, every warning explained, submitted and approved.
fn approved() -> Document {
    let mut doc = Document::from(sample_report());
    let eval = rules::evaluate(&doc.report, None);
    for f in eval
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
    {
        doc.report.explanations.insert(f.key(), "说明".to_owned());
    }
    let eval = rules::evaluate(&doc.report, None);
    let at = Timestamp::parse("2025-01-20 15:00").expect("a valid moment");
    let clerk = Actor::new("王填报", Role::Clerk);
    let reviewer = Actor::new("李审核", Role::Reviewer);
    doc.review
        .submit(&doc.report, &eval, &clerk, at, "")
        .expect("a clean report is accepted for review");
    doc.review
        .approve(&doc.report, &eval, &reviewer, at, "")
        .expect("a clean report can be approved");
    doc
}

fn approved_frames(c: &mut Criterion) {
    let mut screen = Screen::new(App::with_document(approved(), None));
    assert!(screen.app.is_locked());
    screen.pointer_moving(c, "frame: approved report, table 3, pointer moving");
    assert!(screen.app.is_locked(), "the approval held over every frame");
}

criterion_group!(benches, frames, approved_frames);
criterion_main!(benches);
