//! CPU per frame of the editor with table 3 on screen, without a window or GPU: building the frame (`App::ui`)
//! and tessellating it into triangles, as eframe does before handing the meshes to OpenGL. Rasterising them is the
//! GPU's work (on a software renderer such as Xvfb's llvmpipe it is CPU work too, and it dominates; see
//! `benches/gui_frames.sh` for the whole frame in a real window).
//!
//! Two cases: the pointer moving over the table (hover tests over all 175 cells), and a figure changing in a cell
//! every frame (what typing does: the report changes, the checks run again, the cell and the findings redraw).

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, Pos2, RawInput, Rect, vec2};
use nianbao::format::SectionId;
use nianbao::ui::{App, Page, install_fonts};

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

criterion_group!(benches, frames);
criterion_main!(benches);
