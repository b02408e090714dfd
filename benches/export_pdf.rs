//! PDF export time and size for the jiaxing-2024 fixture, and the HTML the comparison converts.
//!
//! Run through `benches/export_compare.sh`, which puts these figures next to LibreOffice's and Chromium's PDF of
//! the same report's HTML. Usage: `cargo bench --bench export_pdf -- OUT_DIR` (writes OUT_DIR/nianbao.pdf and
//! OUT_DIR/report.html, prints `pdf_ms=… pdf_bytes=…`).

use std::path::PathBuf;
use std::time::Instant;

use nianbao::export::{self, ExportOptions, ReportView};

fn main() -> anyhow::Result<()> {
    let out = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map_or_else(std::env::temp_dir, PathBuf::from);
    std::fs::create_dir_all(&out)?;
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jiaxing-2024.ron");
    let report = nianbao::io::document::load(&fixture)?.report;
    let options = ExportOptions {
        created: nianbao::model::Timestamp::parse("2025-01-20 17:30"),
        ..ExportOptions::default()
    };
    // One warm-up, then the best of five: the figure is the export itself, not the first page fault.
    let view = ReportView::build(&report, &nianbao::rules::evaluate(&report, None));
    let mut pdf = export::pdf::export(&view, &options)?;
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let view = ReportView::build(&report, &nianbao::rules::evaluate(&report, None));
        pdf = export::pdf::export(&view, &options)?;
        best = best.min(start.elapsed().as_secs_f64() * 1000.0);
    }
    std::fs::write(out.join("nianbao.pdf"), &pdf)?;
    std::fs::write(
        out.join("report.html"),
        export::html::export(&view, &options)?,
    )?;
    println!("pdf_ms={best:.1} pdf_bytes={}", pdf.len());
    Ok(())
}
