//! Tables 2, 3 and 4 drawn as the statute draws them: merged header cells and row-group labels spanning rows, laid
//! out from the format definition's geometry ([`crate::format::GridDef`], [`crate::format::Table2Def`]). Every
//! label comes from there.

use std::fmt::Write as _;

use egui::{Align, Color32, FontId, Rect, Sense, Stroke, Ui, pos2, vec2};

use std::collections::BTreeMap;

use super::cells::{Cell, Move, apply_change, can_take_focus, cell_id};
use super::editor::{Edits, Entry, Refusal};
use crate::format::{CellRef, FormatVersion, GridDef, RowRole, Table2Def, TableId};
use crate::input;
use crate::model::{Grid, Table2};
use crate::rules::Evaluation;

/// What the surrounding app gives a table and gets back.
pub struct TableCtx<'a> {
    pub eval: &'a Evaluation,
    /// Open review comments on cells of this table: (cell, text shown on the cell).
    pub comments: &'a [(CellRef, String)],
    /// Entries whose refused text the cells show.
    pub refused: &'a BTreeMap<Entry, Refusal>,
    /// Whether the figures may be changed (not while submitted, approved or published).
    pub editable: bool,
    /// A cell the findings panel asked to show and focus.
    pub jump: &'a mut Option<CellRef>,
    /// A message for the clerk (what a paste did).
    pub message: &'a mut Option<String>,
    /// What the cells changed.
    pub edits: &'a mut Edits,
}

const ROW_HEIGHT: f32 = 26.0;
const HEADER_ROW_HEIGHT: f32 = 30.0;

fn line_stroke(ui: &Ui) -> Stroke {
    Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color)
}

fn header_fill(ui: &Ui) -> Color32 {
    ui.visuals().faint_bg_color
}

/// Draws `text` wrapped and centred (or left-aligned) in `rect`.
fn label_in(ui: &Ui, rect: Rect, text: &str, centred: bool) {
    let font = FontId::proportional(13.0);
    let color = ui.visuals().text_color();
    let galley = ui
        .painter()
        .layout(text.to_owned(), font, color, (rect.width() - 8.0).max(10.0));
    let pos = if centred {
        rect.center() - galley.size() / 2.0
    } else {
        pos2(rect.left() + 4.0, rect.center().y - galley.size().y / 2.0)
    };
    ui.painter().galley(pos, galley, color);
}

fn label_height(ui: &Ui, text: &str, width: f32) -> f32 {
    let galley = ui.painter().layout(
        text.to_owned(),
        FontId::proportional(13.0),
        Color32::WHITE,
        (width - 8.0).max(10.0),
    );
    galley.size().y + 8.0
}

/// Where a stored cell of a grid is printed: (data row, grid column).
fn printed(def: &GridDef, row: usize, col: usize) -> (usize, usize) {
    match def.table {
        TableId::T4 => (0, def.label_columns + def.printed_column(row, col)),
        _ => (row, def.label_columns + col),
    }
}

/// The stored cell printed at (data row, grid column), if one is.
fn stored_at(def: &GridDef, prow: usize, pcol: usize) -> Option<(usize, usize)> {
    let c = pcol.checked_sub(def.label_columns)?;
    match def.table {
        TableId::T4 => (prow == 0 && c < def.cell_count())
            .then(|| (c / def.columns.len(), c % def.columns.len())),
        _ => (prow < def.rows.len() && c < def.columns.len()).then_some((prow, c)),
    }
}

/// Runs of consecutive equal `Some` labels: (first row, row count, label).
fn spans(labels: impl Iterator<Item = Option<&'static str>>) -> Vec<(usize, usize, &'static str)> {
    let mut out: Vec<(usize, usize, &'static str)> = Vec::new();
    for (i, label) in labels.enumerate() {
        let Some(label) = label else { continue };
        match out.last_mut() {
            Some((start, len, l)) if *l == label && *start + *len == i => *len += 1,
            _ => out.push((i, 1, label)),
        }
    }
    out
}

/// Table 3 or 4.
pub fn grid_ui(ui: &mut Ui, def: &GridDef, grid: &mut Grid, tcx: &mut TableCtx<'_>) {
    let label_widths: &[f32] = if def.label_columns == 3 {
        &[64.0, 104.0, 216.0]
    } else {
        &[]
    };
    let data_width = if def.table == TableId::T4 { 56.0 } else { 72.0 };
    let mut widths: Vec<f32> = label_widths.to_vec();
    widths.resize(def.grid_columns(), data_width);
    let mut xs = vec![0.0];
    for w in &widths {
        xs.push(xs.last().copied().unwrap_or(0.0) + w);
    }
    let print_rows = if def.table == TableId::T4 {
        1
    } else {
        def.rows.len()
    };

    // The label of each row spans these grid columns.
    let label_cols = |r: usize| -> (usize, usize) {
        let row = &def.rows[r];
        match (row.outer, row.group) {
            (_, Some(_)) => (2, 3),
            (Some(_), None) => (1, 3),
            (None, None) => (0, 3),
        }
    };
    let mut heights: Vec<f32> = vec![ROW_HEIGHT; print_rows];
    if def.label_columns > 0 {
        for (r, h) in heights.iter_mut().enumerate() {
            let (a, b) = label_cols(r);
            *h = h.max(label_height(ui, def.rows[r].label, xs[b] - xs[a]));
        }
    }
    // Header rows grow to fit their wrapped labels (社会公益组织 on two lines); a label spanning several rows grows
    // the last of them. Single-row labels first, so the spanning ones see the final heights of the rows they cover.
    let mut header_heights = vec![HEADER_ROW_HEIGHT; def.header_rows];
    let mut by_span: Vec<_> = def.header.iter().collect();
    by_span.sort_by_key(|h| h.rowspan);
    for h in by_span {
        let (r, span) = (usize::from(h.row), usize::from(h.rowspan));
        let (c, cols) = (usize::from(h.col), usize::from(h.colspan));
        let needed = label_height(ui, h.text, xs[c + cols] - xs[c]);
        let have: f32 = header_heights[r..r + span].iter().sum();
        if needed > have {
            header_heights[r + span - 1] += needed - have;
        }
    }
    let mut header_ys = vec![0.0];
    for h in &header_heights {
        header_ys.push(header_ys.last().copied().unwrap_or(0.0) + h);
    }
    let header_height = header_ys.last().copied().unwrap_or(0.0);
    let mut ys = vec![header_height];
    for h in &heights {
        ys.push(ys.last().copied().unwrap_or(0.0) + h);
    }
    let total = vec2(
        xs.last().copied().unwrap_or(0.0),
        ys.last().copied().unwrap_or(0.0),
    );
    let (outer, _) = ui.allocate_exact_size(total, Sense::hover());
    let origin = outer.min;
    let stroke = line_stroke(ui);
    let span_rect = |col: usize, cols: usize, y0: f32, y1: f32| {
        Rect::from_min_max(
            origin + vec2(xs[col], y0),
            origin + vec2(xs[col + cols], y1),
        )
    };

    for h in def.header {
        let (r, c) = (usize::from(h.row), usize::from(h.col));
        let rect = span_rect(
            c,
            usize::from(h.colspan),
            header_ys[r],
            header_ys[r + usize::from(h.rowspan)],
        );
        ui.painter().rect_filled(rect, 0.0, header_fill(ui));
        ui.painter()
            .rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Middle);
        label_in(ui, rect, h.text, true);
    }
    if def.label_columns > 0 {
        for (start, len, text) in spans(def.rows.iter().map(|r| r.outer)) {
            let rect = span_rect(0, 1, ys[start], ys[start + len]);
            ui.painter()
                .rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Middle);
            label_in(ui, rect, text, true);
        }
        for (start, len, text) in spans(def.rows.iter().map(|r| r.group)) {
            let rect = span_rect(1, 1, ys[start], ys[start + len]);
            ui.painter()
                .rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Middle);
            label_in(ui, rect, text, true);
        }
        for r in 0..def.rows.len() {
            let (a, b) = label_cols(r);
            let rect = span_rect(a, b - a, ys[r], ys[r + 1]);
            ui.painter()
                .rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Middle);
            label_in(ui, rect, def.rows[r].label, false);
        }
    }

    let mut moved: Option<(usize, usize, Move)> = None;
    let mut block: Option<(usize, usize, String)> = None;
    for r in 0..def.rows.len() {
        for c in 0..def.columns.len() {
            let cell = CellRef::new(def.table, r, c);
            let (prow, pcol) = printed(def, r, c);
            let rect = span_rect(pcol, 1, ys[prow], ys[prow + 1]);
            ui.painter()
                .rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Middle);
            let id = cell_id(cell);
            if *tcx.jump == Some(cell) && can_take_focus(ui) {
                ui.memory_mut(|m| m.request_focus(id));
                ui.scroll_to_rect(rect, Some(Align::Center));
                *tcx.jump = None;
            }
            let shown = grid.get(r, c).map(|v| v.to_string()).unwrap_or_default();
            let findings: Vec<_> = tcx.eval.at_cell(cell).collect();
            let comments = comments_on(tcx.comments, cell);
            let name = def.cell_name(r, c);
            let check = |t: &str| input::parse_count(t).map(|_| ()).map_err(|e| e.to_string());
            let entry = Entry::Cell(cell);
            let out = Cell {
                id,
                name: &name,
                shown: &shown,
                refused: tcx.refused.get(&entry),
                check: &check,
                findings: &findings,
                comments: &comments,
                align: Align::Max,
                is_in_table: true,
                editable: tcx.editable,
            }
            .ui(ui, rect);
            apply_change(
                out.change,
                entry,
                |t| input::parse_count(t).ok(),
                |v| set_if_changed(grid, r, c, v),
                tcx.edits,
            );
            if let Some(m) = out.moved {
                moved = Some((r, c, m));
            }
            if let Some(b) = out.block {
                block = Some((r, c, b));
            }
        }
    }
    if let Some((r, c, m)) = moved
        && let Some((tr, tc)) = grid_target(def, r, c, m)
    {
        let (prow, pcol) = printed(def, tr, tc);
        ui.memory_mut(|mem| mem.request_focus(cell_id(CellRef::new(def.table, tr, tc))));
        ui.scroll_to_rect(span_rect(pcol, 1, ys[prow], ys[prow + 1]), None);
    }
    if let Some((r, c, text)) = block {
        *tcx.message = Some(paste_block(def, grid, r, c, &text, tcx.edits));
    }
}

/// Writes a value into a grid cell if it differs; returns whether it did.
fn set_if_changed(grid: &mut Grid, row: usize, col: usize, value: Option<u64>) -> bool {
    let changed = grid.get(row, col) != value;
    if changed {
        grid.set(row, col, value);
    }
    changed
}

/// The open comments on `cell`.
fn comments_on(comments: &[(CellRef, String)], cell: CellRef) -> Vec<&str> {
    comments
        .iter()
        .filter(|(c, _)| *c == cell)
        .map(|(_, text)| text.as_str())
        .collect()
}

/// Where a move from stored cell (`row`, `col`) of table 3 or 4 lands, if inside the table. Tab and Shift+Tab go in
/// reading order across rows; the arrows and Enter follow the printed grid and stop at its edges. Table 4 is printed as
/// one row, so there up and down step along it as Tab does.
pub fn grid_target(def: &GridDef, row: usize, col: usize, m: Move) -> Option<(usize, usize)> {
    let (rows, cols) = (def.rows.len(), def.columns.len());
    let index = row * cols + col;
    let single_row = def.table == TableId::T4;
    let target = match m {
        Move::Next => Some(index + 1),
        Move::Prev => index.checked_sub(1),
        Move::Down | Move::Right if single_row => Some(index + 1),
        Move::Up | Move::Left if single_row => index.checked_sub(1),
        Move::Down => Some(index + cols),
        Move::Up => index.checked_sub(cols),
        Move::Right => (col + 1 < cols).then_some(index + 1),
        Move::Left => (col > 0).then(|| index - 1),
    };
    target
        .filter(|&t| t < rows * cols)
        .map(|t| (t / cols, t % cols))
}

/// Spreads a block copied from a spreadsheet over the grid from cell (`row`, `col`), as printed. Returns what
/// happened, for the clerk: how many cells were filled, what did not fit and what did not parse.
pub fn paste_block(
    def: &GridDef,
    grid: &mut Grid,
    row: usize,
    col: usize,
    text: &str,
    edits: &mut Edits,
) -> String {
    let (prow, pcol) = printed(def, row, col);
    let mut filled = 0;
    let mut outside = 0;
    let mut refused = Vec::new();
    for (i, line) in input::split_block(text).iter().enumerate() {
        for (j, raw) in line.iter().enumerate() {
            let Some((r, c)) = stored_at(def, prow + i, pcol + j) else {
                outside += 1;
                continue;
            };
            match input::parse_count(raw) {
                Ok(v) => {
                    edits.note(set_if_changed(grid, r, c, v));
                    // A pasted figure replaces whatever refused text the cell showed.
                    edits
                        .refusals
                        .push((Entry::Cell(CellRef::new(def.table, r, c)), None));
                    filled += 1;
                }
                Err(e) => refused.push(format!("{}：{e}", def.cell_name(r, c))),
            }
        }
    }
    let mut message = format!("已粘贴{filled}格。");
    if outside > 0 {
        let _ = write!(message, "{outside}个数超出表格范围，未粘贴。");
    }
    if !refused.is_empty() {
        let _ = write!(
            message,
            "{}格未接受（原值不变）：{}",
            refused.len(),
            refused.join("；")
        );
    }
    message
}

/// Fills every 总计 from its parts, and table 3's （七）总计 row from the outcome rows, where all parts are filled.
/// Returns how many cells changed. Only ever run on the clerk's request.
pub fn fill_totals(def: &GridDef, grid: &mut Grid) -> usize {
    let mut changed = 0;
    let mut set = |grid: &mut Grid, r: usize, c: usize, v: u64| {
        if grid.get(r, c) != Some(v) {
            grid.set(r, c, Some(v));
            changed += 1;
        }
    };
    let outcomes: Vec<usize> = (0..def.rows.len())
        .filter(|&r| def.rows[r].role == RowRole::Outcome)
        .collect();
    for r in 0..def.rows.len() {
        if def.rows[r].role == RowRole::OutcomesTotal {
            continue;
        }
        for sum in def.row_sums {
            if let Some(v) = sum
                .parts
                .iter()
                .map(|&p| grid.get(r, p))
                .sum::<Option<u64>>()
            {
                set(grid, r, sum.total, v);
            }
        }
    }
    if let Some(total_row) = def.row_with(RowRole::OutcomesTotal) {
        for c in 0..def.columns.len() {
            if let Some(v) = outcomes
                .iter()
                .map(|&r| grid.get(r, c))
                .sum::<Option<u64>>()
            {
                set(grid, total_row, c, v);
            }
        }
    }
    changed
}

/// Table 2: blocks of caption, header and data rows on a grid of one label column and three value columns.
pub fn table2_ui(ui: &mut Ui, def: &Table2Def, table: &mut Table2, tcx: &mut TableCtx<'_>) {
    let widths = [220.0, 170.0, 170.0, 170.0];
    let mut xs = vec![0.0];
    for w in &widths[..def.grid_columns.min(widths.len())] {
        xs.push(xs.last().copied().unwrap_or(0.0) + w);
    }
    let value_columns = xs.len() - 2;
    let lines: usize = def.blocks.iter().map(|b| 2 + b.rows.len()).sum();
    let height = lines as f32 * HEADER_ROW_HEIGHT;
    let (outer, _) = ui.allocate_exact_size(
        vec2(xs.last().copied().unwrap_or(0.0), height),
        Sense::hover(),
    );
    let origin = outer.min;
    let stroke = line_stroke(ui);
    let cell_rect = |line: usize, col: usize, cols: usize| {
        Rect::from_min_max(
            origin + vec2(xs[col], line as f32 * HEADER_ROW_HEIGHT),
            origin + vec2(xs[col + cols], (line + 1) as f32 * HEADER_ROW_HEIGHT),
        )
    };
    let mut moved = None;
    let mut line = 0;
    for block in def.blocks {
        let rect = cell_rect(line, 0, value_columns + 1);
        ui.painter().rect_filled(rect, 0.0, header_fill(ui));
        ui.painter()
            .rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Middle);
        label_in(ui, rect, block.caption, true);
        line += 1;
        for (i, header) in block.headers.iter().enumerate() {
            let cols = if i + 1 == block.headers.len() {
                value_columns + 1 - i
            } else {
                1
            };
            let rect = cell_rect(line, i, cols);
            ui.painter().rect_filled(rect, 0.0, header_fill(ui));
            ui.painter()
                .rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Middle);
            label_in(ui, rect, header, true);
        }
        line += 1;
        for r in block.rows.clone() {
            let row = &def.rows[r];
            let rect = cell_rect(line, 0, 1);
            ui.painter()
                .rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Middle);
            label_in(ui, rect, row.label, true);
            for (c, field) in row.fields.iter().enumerate() {
                let cols = if c + 1 == row.fields.len() {
                    value_columns - c
                } else {
                    1
                };
                let rect = cell_rect(line, c + 1, cols);
                ui.painter()
                    .rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Middle);
                let cell = CellRef::new(TableId::T2, r, c);
                let id = cell_id(cell);
                if *tcx.jump == Some(cell) && can_take_focus(ui) {
                    ui.memory_mut(|m| m.request_focus(id));
                    ui.scroll_to_rect(rect, Some(Align::Center));
                    *tcx.jump = None;
                }
                let shown = table.get(r, c).map(ToString::to_string).unwrap_or_default();
                let findings: Vec<_> = tcx.eval.at_cell(cell).collect();
                let comments = comments_on(tcx.comments, cell);
                let name = def.cell_name(r, c);
                let kind = field.kind;
                let check = |t: &str| {
                    input::parse_t2(kind, t)
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                };
                let entry = Entry::Cell(cell);
                let out = Cell {
                    id,
                    name: &name,
                    shown: &shown,
                    refused: tcx.refused.get(&entry),
                    check: &check,
                    findings: &findings,
                    comments: &comments,
                    align: Align::Max,
                    is_in_table: true,
                    editable: tcx.editable,
                }
                .ui(ui, rect);
                apply_change(
                    out.change,
                    entry,
                    |t| input::parse_t2(kind, t).ok(),
                    |v| {
                        let changed = table.get(r, c) != v.as_ref();
                        if changed {
                            table.set(r, c, v);
                        }
                        changed
                    },
                    tcx.edits,
                );
                if let Some(m) = out.moved {
                    moved = Some((cell, m));
                }
            }
            line += 1;
        }
    }
    if let Some((cell, m)) = moved
        && let Some(target) = table2_target(def, cell, m)
    {
        ui.memory_mut(|mem| mem.request_focus(cell_id(target)));
    }
}

/// Where a move from `cell` of table 2 lands: Tab and Shift+Tab in reading order, the arrows and Enter to the
/// neighbouring field of the row or the same field (or the row's last) of the row above or below.
pub fn table2_target(def: &Table2Def, cell: CellRef, m: Move) -> Option<CellRef> {
    let (row, col) = (cell.row(), cell.col());
    let fields = |r: usize| def.rows.get(r).map_or(0, |row| row.fields.len());
    let at = |r: usize, c: usize| (c < fields(r)).then(|| CellRef::new(TableId::T2, r, c));
    match m {
        Move::Next | Move::Prev => {
            let cells: Vec<CellRef> = def.cells().collect();
            let i = cells.iter().position(|&c| c == cell)?;
            let j = if m == Move::Next {
                i + 1
            } else {
                i.checked_sub(1)?
            };
            cells.get(j).copied()
        }
        Move::Left => at(row, col.checked_sub(1)?),
        Move::Right => at(row, col + 1),
        Move::Up => {
            let r = row.checked_sub(1)?;
            at(r, col.min(fields(r).checked_sub(1)?))
        }
        Move::Down => at(row + 1, col.min(fields(row + 1).checked_sub(1)?)),
    }
}

/// Lists the refused entries of a table under it, so that the clerk sees why a cell is red even when it is
/// scrolled out of view.
pub fn refused_ui(
    ui: &mut Ui,
    format: FormatVersion,
    table: TableId,
    refused: &BTreeMap<Entry, Refusal>,
) {
    for (entry, r) in refused {
        let Entry::Cell(cell) = entry else {
            continue;
        };
        if cell.table != table {
            continue;
        }
        let name = format.cell_name(*cell).unwrap_or_default();
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("未接受 {name}：{}（报告中仍为原值）", r.reason),
        );
    }
}

#[cfg(test)]
mod tests {
    use egui::epaint::Shape;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::format::{TABLE2_2021, TABLE3_2021, TABLE4};
    use crate::model::Report;

    #[test]
    fn arrows_stop_at_the_edges_of_table_3_and_tab_wraps() {
        let def = &TABLE3_2021;
        let last_col = def.columns.len() - 1;
        let last_row = def.rows.len() - 1;
        assert_eq!(grid_target(def, 2, 3, Move::Right), Some((2, 4)));
        assert_eq!(grid_target(def, 2, last_col, Move::Right), None);
        assert_eq!(grid_target(def, 2, 0, Move::Left), None);
        assert_eq!(grid_target(def, 0, 3, Move::Up), None);
        assert_eq!(grid_target(def, last_row, 3, Move::Down), None);
        assert_eq!(grid_target(def, 2, last_col, Move::Next), Some((3, 0)));
        assert_eq!(grid_target(def, 3, 0, Move::Prev), Some((2, last_col)));
    }

    #[test]
    fn table_4_is_walked_along_its_printed_row() {
        let last_col = TABLE4.columns.len() - 1;
        assert_eq!(grid_target(&TABLE4, 0, last_col, Move::Right), Some((1, 0)));
        assert_eq!(grid_target(&TABLE4, 1, 0, Move::Up), Some((0, last_col)));
        let (rows, cols) = (TABLE4.rows.len(), TABLE4.columns.len());
        assert_eq!(grid_target(&TABLE4, rows - 1, cols - 1, Move::Down), None);
    }

    #[test]
    fn table_2_moves_keep_the_field_where_the_next_row_has_it() {
        let def = &TABLE2_2021;
        let wide = (0..def.rows.len())
            .find(|&r| {
                def.rows[r].fields.len() > 1
                    && def.rows.get(r + 1).is_some_and(|n| n.fields.len() == 1)
            })
            .expect("a row of several fields above a row of one");
        let from = CellRef::new(TableId::T2, wide, 1);
        assert_eq!(
            table2_target(def, from, Move::Down),
            Some(CellRef::new(TableId::T2, wide + 1, 0))
        );
        assert_eq!(
            table2_target(def, from, Move::Left),
            Some(CellRef::new(TableId::T2, wide, 0))
        );
        assert_eq!(
            table2_target(def, CellRef::new(TableId::T2, 0, 0), Move::Up),
            None
        );
    }

    /// A harness drawing table 3 of a blank report with these open comments.
    fn commented_table(comments: Vec<(CellRef, String)>) -> Harness<'static> {
        let mut grid = Report::new("测试局", 2024).table3;
        let eval = Evaluation::default();
        let refused = BTreeMap::new();
        let mut jump = None;
        let mut message = None;
        let mut edits = Edits::default();
        Harness::builder()
            .with_size(vec2(1200.0, 900.0))
            .with_context_setup(|ctx| {
                super::super::install_fonts(ctx);
                ctx.all_styles_mut(|s| s.interaction.tooltip_delay = 0.0);
            })
            .build_ui(move |ui| {
                let mut tcx = TableCtx {
                    eval: &eval,
                    comments: &comments,
                    refused: &refused,
                    editable: true,
                    jump: &mut jump,
                    message: &mut message,
                    edits: &mut edits,
                };
                grid_ui(ui, &TABLE3_2021, &mut grid, &mut tcx);
            })
    }

    fn hyperlink_triangles(h: &Harness<'_>) -> usize {
        let color = h.ctx.global_style().visuals.hyperlink_color;
        h.output()
            .shapes
            .iter()
            .filter(|s| matches!(&s.shape, Shape::Path(p) if p.closed && p.points.len() == 3 && p.fill == color))
            .count()
    }

    #[test]
    fn a_commented_cell_is_marked_and_says_the_comment_on_hover() {
        let cell = CellRef::new(TableId::T3, 1, 2);
        let mut h = commented_table(vec![(cell, "审核人：请核对此数".to_owned())]);
        h.run();
        assert_eq!(hyperlink_triangles(&h), 1);
        h.get_by_label(&TABLE3_2021.cell_name(1, 2)).hover();
        h.run();
        h.get_by_label_contains("批注：审核人：请核对此数");

        let mut plain = commented_table(Vec::new());
        plain.run();
        assert_eq!(hyperlink_triangles(&plain), 0);
        plain.get_by_label(&TABLE3_2021.cell_name(1, 2)).hover();
        plain.run();
        assert!(plain.query_by_label_contains("批注：").is_none());
    }
}
