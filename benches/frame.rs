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

fn frames(c: &mut Criterion) {
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    let mut app = App::with_sample();
    app.set_page(Page::Section(SectionId::Requests));
    let mut time = 0.0;
    let mut frame = |app: &mut App, pointer: Pos2| {
        time += 1.0 / 60.0;
        let out = ctx.run_ui(input(time, pointer), |ui| app.ui(ui));
        ctx.tessellate(out.shapes, out.pixels_per_point)
    };
    // Warm up: the font atlas fills with the glyphs on screen during the first frames.
    for i in 0..10 {
        frame(&mut app, Pos2::new(400.0 + i as f32, 300.0));
    }
    let mut i = 0_u32;
    c.bench_function("frame: table 3, pointer moving", |b| {
        b.iter(|| {
            i += 1;
            let p = Pos2::new(300.0 + (i * 7 % 800) as f32, 150.0 + (i * 13 % 700) as f32);
            frame(&mut app, p)
        });
    });
    let mut n = 0_u64;
    c.bench_function("frame: table 3, a figure typed", |b| {
        b.iter(|| {
            n += 1;
            app.report_mut().table3.set(0, 0, Some(100 + n % 10));
            frame(&mut app, Pos2::new(600.0, 200.0))
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
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    let mut app = App::with_document(approved(), None);
    assert!(app.is_locked());
    app.set_page(Page::Section(SectionId::Requests));
    let mut time = 0.0;
    let mut frame = |app: &mut App, pointer: Pos2| {
        time += 1.0 / 60.0;
        let out = ctx.run_ui(input(time, pointer), |ui| app.ui(ui));
        ctx.tessellate(out.shapes, out.pixels_per_point)
    };
    for i in 0..10 {
        frame(&mut app, Pos2::new(400.0 + i as f32, 300.0));
    }
    let mut i = 0_u32;
    c.bench_function("frame: approved report, table 3, pointer moving", |b| {
        b.iter(|| {
            i += 1;
            let p = Pos2::new(300.0 + (i * 7 % 800) as f32, 150.0 + (i * 13 % 700) as f32);
            frame(&mut app, p)
        });
    });
    assert!(app.is_locked(), "the approval held over every frame");
}

criterion_group!(benches, frames, approved_frames);
criterion_main!(benches);
