//! The nianbao window: builds the native options and starts the editor ([`nianbao::ui::App`]).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::time::Instant;

fn main() -> eframe::Result {
    let started = Instant::now();
    let path = std::env::args_os().nth(1).map(PathBuf::from);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1500.0, 940.0])
            .with_min_inner_size([900.0, 600.0])
            .with_title("年报 nianbao")
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "nianbao",
        options,
        Box::new(move |cc| {
            Ok(Box::new(nianbao::ui::App::from_creation_context(
                cc, path, started,
            )))
        }),
    )
}
