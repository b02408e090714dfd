//! Plain-text export (UTF-8): readable in a monospaced viewer and simple to read back.
//!
//! Layout: one paragraph per line; section titles and sub-headings on lines of their own; every table row on one
//! line, its labels first and then its numbers, in columns aligned by display width (a Han character is two
//! columns). A blank cell prints as [`BLANK`], never as `0`. Walks a [`ReportView`] only.

use std::fmt::Write as _;

use super::linebreak::display_width;
use super::{CellKind, ExportError, ExportOptions, ReportView, ReviewSheet, TableView};

/// How a blank (unfilled) cell is printed.
pub const BLANK: &str = "（空）";
/// The marker that opens the draft banner.
pub const DRAFT_MARK: &str = "【草稿】";
/// Space between table columns.
const GAP: usize = 2;

/// Renders the report as UTF-8 text.
pub fn export(view: &ReportView, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    Ok(render(view, options).into_bytes())
}

/// The review sheet (审核意见单) as text: the facts, the history one transition a line, then each comment with its
/// answers.
pub fn review_sheet(sheet: &ReviewSheet) -> Result<Vec<u8>, ExportError> {
    let mut out = format!("{}\n\n", sheet.title);
    for (label, value) in &sheet.facts {
        let _ = writeln!(out, "{label}：{value}");
    }
    let _ = writeln!(out, "\n{}", ReviewSheet::HISTORY);
    if sheet.history.is_empty() {
        let _ = writeln!(out, "{}", ReviewSheet::NOTHING);
    }
    for t in &sheet.history {
        let note = if t.note.is_empty() {
            String::new()
        } else {
            format!("：{}", t.note)
        };
        let _ = writeln!(out, "{}  {}  {}{note}", t.at, t.by, t.action);
    }
    let _ = writeln!(out, "\n{}", ReviewSheet::COMMENTS);
    if sheet.comments.is_empty() {
        let _ = writeln!(out, "{}", ReviewSheet::NOTHING);
    }
    for c in &sheet.comments {
        let _ = writeln!(out, "（{}）{}［{}］", c.number, c.anchor, c.status);
        let _ = writeln!(out, "    {}（{}）：{}", c.by, c.at, c.text);
        for r in &c.replies {
            let _ = writeln!(
                out,
                "    {} {}（{}）：{}",
                ReviewSheet::ANSWER,
                r.by,
                r.at,
                r.text
            );
        }
    }
    Ok(out.into_bytes())
}

/// The text itself (for callers that want a `String`).
pub fn render(view: &ReportView, options: &ExportOptions) -> String {
    let mut out = String::new();
    if view.is_draft(options) {
        out.push_str(DRAFT_MARK);
        out.push_str(&view.draft_notice());
        out.push_str("\n\n");
    }
    out.push_str(&view.title);
    out.push_str("\n\n");
    for p in &view.preamble {
        out.push_str(p);
        out.push('\n');
    }
    for section in &view.sections {
        out.push('\n');
        out.push_str(section.title);
        out.push('\n');
        for block in &section.blocks {
            match block {
                super::Block::Heading(h) | super::Block::Paragraph(h) => {
                    out.push_str(h);
                    out.push('\n');
                }
                super::Block::Table(t) => table(&mut out, t),
            }
        }
    }
    out.push('\n');
    out.push_str(&view.signatory);
    out.push('\n');
    if let Some(date) = &view.signed {
        out.push_str(date);
        out.push('\n');
    }
    if let (Some(approval), false) = (&options.approval, view.is_draft(options)) {
        let _ = writeln!(out, "{}", approval.text());
    }
    out
}

/// Column widths of a table: the label area, then one width per grid column from `label_columns` on.
fn widths(t: &TableView) -> (usize, Vec<usize>) {
    let first = t.label_columns;
    let mut w = vec![0usize; t.columns - first];
    let shown = |c: &super::CellView| {
        if c.kind == CellKind::Data && c.text.is_empty() {
            display_width(BLANK)
        } else {
            display_width(&c.text)
        }
    };
    let mut spanning: Vec<&super::CellView> = Vec::new();
    for c in &t.cells {
        if c.col < first || c.kind == CellKind::Note {
            continue;
        }
        if c.colspan == 1 {
            w[c.col - first] = w[c.col - first].max(shown(c));
        } else {
            spanning.push(c);
        }
    }
    for c in spanning {
        let (a, b) = (c.col - first, c.col - first + c.colspan);
        let have: usize = w[a..b].iter().sum::<usize>() + GAP * (c.colspan - 1);
        let need = shown(c);
        if need > have {
            w[b - 1] += need - have;
        }
    }
    let mut label = (0..t.rows)
        .map(|r| display_width(&t.row_labels(r).join(" ")))
        .max()
        .unwrap_or(0);
    for c in &t.cells {
        if c.col + c.colspan <= first && c.kind == CellKind::ColumnHeader {
            label = label.max(display_width(&c.text));
        }
    }
    (label, w)
}

fn pad_to(out: &mut String, text: &str, width: usize, align: Align) {
    let fill = width.saturating_sub(display_width(text));
    let (left, right) = match align {
        Align::Left => (0, fill),
        Align::Right => (fill, 0),
        Align::Centre => (fill / 2, fill - fill / 2),
    };
    out.extend(std::iter::repeat_n(' ', left));
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', right));
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
    Centre,
}

fn table(out: &mut String, t: &TableView) {
    let (label_width, w) = widths(t);
    let first = t.label_columns;
    let span_width = |col: usize, colspan: usize| -> usize {
        let (a, b) = (col - first, col - first + colspan);
        w[a..b].iter().sum::<usize>() + GAP * (colspan - 1)
    };
    for note in t.cells.iter().filter(|c| c.kind == CellKind::Note) {
        out.push_str(&note.text);
        out.push('\n');
    }
    for r in 0..t.rows {
        let cells: Vec<&super::CellView> = t.row_cells(r).collect();
        let mut line = String::new();
        // A caption spanning the whole grid (a table-2 block) is a line of its own.
        if let [only] = cells.as_slice()
            && only.colspan == t.columns
        {
            out.push_str(&only.text);
            out.push('\n');
            continue;
        }
        let is_data = cells.iter().any(|c| c.kind == CellKind::Data);
        if first > 0 {
            let label = if is_data {
                t.row_labels(r).join(" ")
            } else {
                cells
                    .iter()
                    .filter(|c| c.col < first && c.kind == CellKind::ColumnHeader)
                    .map(|c| c.text.clone())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            pad_to(&mut line, &label, label_width, Align::Left);
        }
        let mut col = first;
        while col < t.columns {
            if col > first || first > 0 {
                line.push_str(&" ".repeat(GAP));
            }
            if let Some(c) = cells.iter().find(|c| c.col == col) {
                let width = span_width(col, c.colspan);
                if c.kind == CellKind::Data {
                    let text = if c.text.is_empty() { BLANK } else { &c.text };
                    pad_to(&mut line, text, width, Align::Right);
                } else {
                    pad_to(&mut line, &c.text, width, Align::Centre);
                }
                col += c.colspan;
            } else {
                // Covered by a header spanning from a row above (or nothing): keep the columns aligned.
                let colspan = t
                    .cell_at(r, col)
                    .filter(|c| c.col == col)
                    .map_or(1, |c| c.colspan);
                pad_to(&mut line, "", span_width(col, colspan), Align::Left);
                col += colspan;
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}
