//! The egui window: the clerk fills in the report in a window that mirrors the statute and is checked on every edit.
//!
//! [`App`] is the shell (preferences, the page on screen, dialogs, files, the message line); [`ReportEditor`] the
//! report being edited (its revision, undo, refused entries, and the checks derived per revision). The pages draw
//! from [`crate::format`]; the checks come from [`crate::rules`]. Only this module and the GUI `main.rs` name
//! egui/eframe.

mod app;
mod cells;
mod commands;
mod dialogs;
mod editor;
mod files;
mod findings;
mod narrative;
mod review;
mod status;
mod tables;

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

pub use app::App;
pub use commands::Command;
pub use editor::{Edits, Entry, Origin, Refusal, ReportEditor};
pub use files::{ExportKind, FileDialogs, FileLock, NativeDialogs, NoDialogs};
pub use findings::Page;

use crate::model::Report;

/// Installs the CJK fonts shipped in `fonts/` as the only fonts: every machine renders the same glyphs.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::empty();
    fonts.font_data.insert(
        "NotoSansSC".to_owned(),
        Arc::new(FontData::from_static(include_bytes!(
            "../../fonts/NotoSansSC-Regular.ttf"
        ))),
    );
    fonts.font_data.insert(
        "NotoSansSC-Bold".to_owned(),
        Arc::new(FontData::from_static(include_bytes!(
            "../../fonts/NotoSansSC-Bold.ttf"
        ))),
    );
    fonts
        .families
        .insert(FontFamily::Proportional, vec!["NotoSansSC".to_owned()]);
    fonts
        .families
        .insert(FontFamily::Monospace, vec!["NotoSansSC".to_owned()]);
    fonts.families.insert(
        FontFamily::Name("heading".into()),
        vec!["NotoSansSC-Bold".to_owned(), "NotoSansSC".to_owned()],
    );
    ctx.set_fonts(fonts);
    ctx.all_styles_mut(|style| {
        style.text_styles.insert(
            egui::TextStyle::Heading,
            egui::FontId::new(20.0, FontFamily::Name("heading".into())),
        );
        style
            .text_styles
            .insert(egui::TextStyle::Body, egui::FontId::proportional(14.0));
        style
            .text_styles
            .insert(egui::TextStyle::Button, egui::FontId::proportional(14.0));
    });
}

/// The report the app opens with no file: the embedded sample (assets/sample.ron, a real report transcribed). Should
/// the embedded text ever fail to load, a blank report is opened instead of crashing.
pub fn sample_report() -> Report {
    crate::io::document::from_str(include_str!("../../assets/sample.ron")).map_or_else(
        |_| Report::new("示例县人民政府办公室", 2024),
        |doc| doc.report,
    )
}
