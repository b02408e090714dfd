//! Tables 2, 3 and 4 drawn as the statute draws them: merged header cells and row-group labels spanning rows, where
//! the format's printed geometry puts them ([`crate::format::layout::TableLayout`]). Every label, every position,
//! the keyboard moves, pasting and filling the totals come from there.

use std::fmt::Write as _;

use egui::{Align, Color32, FontId, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};

use std::collections::BTreeMap;

use super::cells::{Cell, Move, apply_change, can_take_focus, cell_id};
use super::editor::{Edits, Entry, Refusal};
use crate::format::layout::{CellKind, PrintedCell, TableLayout};
use crate::format::{CellRef, FormatVersion, GridDef, Table2Def, TableId};
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

/// The size of the tables' labels, in points.
const LABEL_PT: f32 = 13.0;
/// Horizontal room a label leaves in its cell, both sides together.
const LABEL_PADDING: f32 = 8.0;

/// Draws `text` wrapped and centred (or left-aligned) in `rect`.
fn label_in(ui: &Ui, rect: Rect, text: &str, centred: bool) {
    let font = FontId::proportional(LABEL_PT);
    let color = ui.visuals().text_color();
    let galley = ui.painter().layout(
        text.to_owned(),
        font,
        color,
        (rect.width() - LABEL_PADDING).max(10.0),
    );
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
        FontId::proportional(LABEL_PT),
        Color32::WHITE,
        (width - LABEL_PADDING).max(10.0),
    );
    galley.size().y + 8.0
}

/// The longest run of a header label that must stay on one line: four characters (`结果维持`, `商业企业`). Longer
/// labels (`社会公益组织`) break after it.
const HEADER_WORD_CHARS: usize = 4;

/// Widens each column whose own header (a label over that one column) would otherwise break inside a word: a
/// header of up to [`HEADER_WORD_CHARS`] characters fits on one line, a longer one breaks after that many.
fn fit_headers(ui: &Ui, layout: &TableLayout, widths: &mut [f32]) {
    for c in layout
        .cells
        .iter()
        .filter(|c| c.colspan == 1 && c.kind.is_header())
    {
        let word: String = c.text.chars().take(HEADER_WORD_CHARS).collect();
        let needed = ui
            .painter()
            .layout_no_wrap(word, FontId::proportional(LABEL_PT), Color32::WHITE)
            .size()
            .x
            + LABEL_PADDING
            + 2.0;
        if let Some(w) = widths.get_mut(c.col) {
            *w = w.max(needed.ceil());
        }
    }
}

/// Left edges of the grid columns, and the right edge last.
fn edges(widths: &[f32]) -> Vec<f32> {
    let mut xs = vec![0.0];
    for w in widths {
        xs.push(xs.last().copied().unwrap_or(0.0) + w);
    }
    xs
}

/// Top edges of the grid rows, and the bottom edge last: each row at least `base(row)` high, grown to fit the
/// wrapped labels (社会公益组织 on two lines). A label spanning several rows grows the last of them; single-row
/// labels first, so the spanning ones see the final heights of the rows they cover.
fn row_edges(ui: &Ui, layout: &TableLayout, xs: &[f32], base: impl Fn(usize) -> f32) -> Vec<f32> {
    let mut heights: Vec<f32> = (0..layout.rows).map(base).collect();
    let mut labels: Vec<&PrintedCell> =
        layout.cells.iter().filter(|c| c.kind.is_header()).collect();
    labels.sort_by_key(|c| c.rowspan);
    for c in labels {
        let needed = label_height(ui, c.text, xs[c.col + c.colspan] - xs[c.col]);
        let have: f32 = heights[c.row..c.row + c.rowspan].iter().sum();
        if needed > have {
            heights[c.row + c.rowspan - 1] += needed - have;
        }
    }
    edges(&heights)
}

/// The screen rectangle of a printed cell.
fn cell_rect(origin: Pos2, xs: &[f32], ys: &[f32], c: &PrintedCell) -> Rect {
    Rect::from_min_max(
        origin + vec2(xs[c.col], ys[c.row]),
        origin + vec2(xs[c.col + c.colspan], ys[c.row + c.rowspan]),
    )
}

/// Draws every label of a table where the layout puts it. Column headers, the corner note and captions across the
/// whole table are shaded; row labels are not. Row labels of tables 3 and 4 read from the left, all else is centred.
fn labels_ui(ui: &Ui, layout: &TableLayout, origin: Pos2, xs: &[f32], ys: &[f32]) {
    let stroke = line_stroke(ui);
    for c in layout.cells.iter().filter(|c| c.kind.is_header()) {
        let rect = cell_rect(origin, xs, ys, c);
        let shaded = match c.kind {
            CellKind::RowHeader | CellKind::RowGroupHeader => c.colspan == layout.columns,
            _ => true,
        };
        if shaded {
            ui.painter().rect_filled(rect, 0.0, header_fill(ui));
        }
        ui.painter()
            .rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Middle);
        let centred = c.kind != CellKind::RowHeader || layout.table == TableId::T2;
        label_in(ui, rect, c.text, centred);
    }
}

/// Table 3 or 4.
pub fn grid_ui(ui: &mut Ui, def: &GridDef, grid: &mut Grid, tcx: &mut TableCtx<'_>) {
    let layout = def.layout();
    let label_widths: &[f32] = if layout.label_columns == 3 {
        &[64.0, 104.0, 216.0]
    } else {
        &[]
    };
    let data_width = if def.table == TableId::T4 { 56.0 } else { 72.0 };
    let mut widths: Vec<f32> = label_widths.to_vec();
    widths.resize(layout.columns, data_width);
    fit_headers(ui, layout, &mut widths);
    let xs = edges(&widths);
    let ys = row_edges(ui, layout, &xs, |r| {
        if r < layout.header_rows {
            HEADER_ROW_HEIGHT
        } else {
            ROW_HEIGHT
        }
    });
    let total = vec2(
        xs.last().copied().unwrap_or(0.0),
        ys.last().copied().unwrap_or(0.0),
    );
    let (outer, _) = ui.allocate_exact_size(total, Sense::hover());
    let origin = outer.min;
    labels_ui(ui, layout, origin, &xs, &ys);

    let mut moved: Option<(CellRef, Move)> = None;
    let mut block: Option<(usize, usize, String)> = None;
    for printed in layout.data() {
        let Some(cell) = printed.stored else { continue };
        let (r, c) = (cell.row(), cell.col());
        let rect = cell_rect(origin, &xs, &ys, printed);
        let shown = grid.get(r, c).map(|v| v.to_string()).unwrap_or_default();
        let check = |t: &str| input::parse_count(t).map(|_| ()).map_err(|e| e.to_string());
        let out = data_cell_ui(ui, tcx, cell, rect, &def.cell_name(r, c), &shown, &check);
        apply_change(
            out.change,
            Entry::Cell(cell),
            |t| input::parse_count(t).ok(),
            |v| set_if_changed(grid, r, c, v),
            tcx.edits,
        );
        if let Some(m) = out.moved {
            moved = Some((cell, m));
        }
        if let Some(b) = out.block {
            block = Some((r, c, b));
        }
    }
    if let Some((cell, m)) = moved
        && let Some((r, c)) = grid_target(def, cell.row(), cell.col(), m)
        && let target = CellRef::new(def.table, r, c)
        && let Some(printed) = layout.printed(target)
    {
        ui.memory_mut(|mem| mem.request_focus(cell_id(target)));
        ui.scroll_to_rect(cell_rect(origin, &xs, &ys, printed), None);
    }
    if let Some((r, c, text)) = block {
        *tcx.message = Some(paste_block(def, grid, r, c, &text, tcx.edits));
    }
}

/// One data cell of a table in `rect`: its ruling, the focus the findings panel asked for, its findings, comments
/// and refused text, and the editable figure (`shown`, accepted as `check` says).
fn data_cell_ui(
    ui: &mut Ui,
    tcx: &mut TableCtx<'_>,
    cell: CellRef,
    rect: Rect,
    name: &str,
    shown: &str,
    check: &dyn Fn(&str) -> Result<(), String>,
) -> super::cells::CellOutput {
    ui.painter()
        .rect_stroke(rect, 0.0, line_stroke(ui), egui::StrokeKind::Middle);
    let id = cell_id(cell);
    if *tcx.jump == Some(cell) && can_take_focus(ui) {
        ui.memory_mut(|m| m.request_focus(id));
        ui.scroll_to_rect(rect, Some(Align::Center));
        *tcx.jump = None;
    }
    let findings: Vec<_> = tcx.eval.at_cell(cell).collect();
    let comments = comments_on(tcx.comments, cell);
    Cell {
        id,
        name,
        shown,
        refused: tcx.refused.get(&Entry::Cell(cell)),
        check,
        findings: &findings,
        comments: &comments,
        align: Align::Max,
        is_in_table: true,
        editable: tcx.editable,
    }
    .ui(ui, rect)
}

/// The open comments on `cell`.
fn comments_on(comments: &[(CellRef, String)], cell: CellRef) -> Vec<&str> {
    comments
        .iter()
        .filter(|(c, _)| *c == cell)
        .map(|(_, text)| text.as_str())
        .collect()
}

/// Where a move from `from` lands, if inside the table: Tab and Shift+Tab go in reading order across rows; the
/// arrows and Enter follow the printed grid — to the neighbouring data cell of the printed row, or to the data cell
/// covering the same printed column in the nearest printed row above or below that has one — and stop at its edges.
/// A table printed as one row of data (table 4) is walked along it by the vertical moves too.
fn target(layout: &TableLayout, from: CellRef, m: Move) -> Option<CellRef> {
    let at = layout.printed(from)?;
    let index = layout.reading_index(from)?;
    let in_order = |i: Option<usize>| layout.data_cell(i?).and_then(|c| c.stored);
    let single_row = layout.rows - layout.header_rows == 1;
    let vertical = |rows: &mut dyn Iterator<Item = usize>| {
        rows.map(|r| layout.cell_at(r, at.col))
            .find(|c| c.is_some_and(|c| c.kind == CellKind::Data))
            .flatten()
            .and_then(|c| c.stored)
    };
    match m {
        Move::Next => in_order(Some(index + 1)),
        Move::Prev => in_order(index.checked_sub(1)),
        Move::Down if single_row => in_order(Some(index + 1)),
        Move::Up if single_row => in_order(index.checked_sub(1)),
        Move::Right => layout.stored_at(at.row, at.col + at.colspan),
        Move::Left => layout.stored_at(at.row, at.col.checked_sub(1)?),
        Move::Down => vertical(&mut (at.row + at.rowspan..layout.rows)),
        Move::Up => vertical(&mut (0..at.row).rev()),
    }
}

/// Where a move from stored cell (`row`, `col`) of table 3 or 4 lands, if inside the table (see [`target`]): table
/// 4 is printed as one row, so there up and down step along it as Tab does.
pub fn grid_target(def: &GridDef, row: usize, col: usize, m: Move) -> Option<(usize, usize)> {
    target(def.layout(), CellRef::new(def.table, row, col), m).map(|c| (c.row(), c.col()))
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
    let layout = def.layout();
    let start = layout
        .printed(CellRef::new(def.table, row, col))
        .map(|c| (c.row, c.col));
    let mut filled = 0;
    let mut outside = 0;
    let mut refused = Vec::new();
    for (i, line) in input::split_block(text).iter().enumerate() {
        for (j, raw) in line.iter().enumerate() {
            let Some(cell) = start.and_then(|(r, c)| layout.stored_at(r + i, c + j)) else {
                outside += 1;
                continue;
            };
            let (r, c) = (cell.row(), cell.col());
            match input::parse_count(raw) {
                Ok(v) => {
                    edits.note(set_if_changed(grid, r, c, v));
                    // A pasted figure replaces whatever refused text the cell showed.
                    edits.refusals.push((Entry::Cell(cell), None));
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

/// Fills every total of the format's sums ([`TableLayout::fill_order`]: every 总计, and table 3's （七）总计 row from
/// the outcome rows) whose parts are all filled. Returns how many cells changed. Only ever run on the clerk's request.
pub fn fill_totals(def: &GridDef, grid: &mut Grid) -> usize {
    let before = grid.clone();
    for sum in def.layout().fill_order() {
        let Some(total) = sum.total() else { continue };
        if let Some(v) = sum
            .parts
            .iter()
            .map(|p| grid.get(p.row(), p.col()))
            .sum::<Option<u64>>()
        {
            grid.set(total.row(), total.col(), Some(v));
        }
    }
    def.cells()
        .filter(|c| grid.get(c.row(), c.col()) != before.get(c.row(), c.col()))
        .count()
}

/// Table 2: blocks of caption, header and data rows on a grid of one label column and three value columns.
pub fn table2_ui(ui: &mut Ui, def: &Table2Def, table: &mut Table2, tcx: &mut TableCtx<'_>) {
    let layout = def.layout();
    let widths = [220.0, 170.0, 170.0, 170.0];
    let xs = edges(&widths[..layout.columns.min(widths.len())]);
    let ys = row_edges(ui, layout, &xs, |_| HEADER_ROW_HEIGHT);
    let (outer, _) = ui.allocate_exact_size(
        vec2(
            xs.last().copied().unwrap_or(0.0),
            ys.last().copied().unwrap_or(0.0),
        ),
        Sense::hover(),
    );
    let origin = outer.min;
    labels_ui(ui, layout, origin, &xs, &ys);
    let mut moved = None;
    for printed in layout.data() {
        let Some(cell) = printed.stored else { continue };
        let (r, c) = (cell.row(), cell.col());
        let Some(field) = def.rows.get(r).and_then(|row| row.fields.get(c)) else {
            continue;
        };
        let rect = cell_rect(origin, &xs, &ys, printed);
        let shown = table.get(r, c).map(ToString::to_string).unwrap_or_default();
        let kind = field.kind;
        let check = |t: &str| {
            input::parse_t2(kind, t)
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        let out = data_cell_ui(ui, tcx, cell, rect, &def.cell_name(r, c), &shown, &check);
        apply_change(
            out.change,
            Entry::Cell(cell),
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
    if let Some((cell, m)) = moved
        && let Some(target) = table2_target(def, cell, m)
    {
        ui.memory_mut(|mem| mem.request_focus(cell_id(target)));
    }
}

/// Where a move from `cell` of table 2 lands (see [`target`]): Tab and Shift+Tab in reading order, the arrows and
/// Enter to the neighbouring field of the row or, past the captions and headers between blocks, to the same field
/// (or the row's last, which spans the rest) of the row above or below.
pub fn table2_target(def: &Table2Def, cell: CellRef, m: Move) -> Option<CellRef> {
    target(def.layout(), cell, m)
}

/// Writes a value into a grid cell if it differs; returns whether it did.
fn set_if_changed(grid: &mut Grid, row: usize, col: usize, value: Option<u64>) -> bool {
    let changed = grid.get(row, col) != value;
    if changed {
        grid.set(row, col, value);
    }
    changed
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
    use crate::format::{RowRole, T3_TOTAL, TABLE2_2021, TABLE3_2021, TABLE4};
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

    #[test]
    fn fill_totals_fills_rows_then_the_outcomes_total_and_counts_changed_cells() {
        let def = &TABLE3_2021;
        let mut grid = Report::new("测试局", 2024).table3;
        let outcomes: Vec<usize> = (0..def.rows.len())
            .filter(|&r| def.rows[r].role == RowRole::Outcome)
            .collect();
        for &r in &outcomes {
            for c in 0..T3_TOTAL {
                grid.set(r, c, Some(1));
            }
        }
        let seven = def.row_with(RowRole::OutcomesTotal).expect("（七）");
        // Every outcome row's 总计, then every column of （七）总计, 总计 included.
        assert_eq!(
            fill_totals(def, &mut grid),
            outcomes.len() + def.columns.len()
        );
        assert_eq!(grid.get(outcomes[0], T3_TOTAL), Some(6));
        assert_eq!(grid.get(seven, 0), Some(outcomes.len() as u64));
        assert_eq!(grid.get(seven, T3_TOTAL), Some(6 * outcomes.len() as u64));
        // Nothing left to change; rows without parts stay blank.
        assert_eq!(fill_totals(def, &mut grid), 0);
        assert_eq!(grid.get(0, T3_TOTAL), None);

        // An outcome row with a blank part: its column of （七） stays as it was; （七）总计 comes from （七）'s own
        // parts when the clerk filled them.
        let mut grid = Report::new("测试局", 2024).table3;
        for c in 0..T3_TOTAL {
            grid.set(seven, c, Some(2));
        }
        assert_eq!(fill_totals(def, &mut grid), 1);
        assert_eq!(grid.get(seven, T3_TOTAL), Some(12));
        assert_eq!(grid.get(seven, 0), Some(2));
    }

    #[test]
    fn a_block_pasted_into_table_4_runs_along_its_printed_row() {
        let mut grid = Report::new("测试局", 2024).table4;
        let message = paste_block(
            &TABLE4,
            &mut grid,
            0,
            3,
            "1\t2\t3\n4",
            &mut Edits::default(),
        );
        assert_eq!(message, "已粘贴3格。1个数超出表格范围，未粘贴。");
        assert_eq!(
            (grid.get(0, 3), grid.get(0, 4), grid.get(1, 0)),
            (Some(1), Some(2), Some(3))
        );
        let mut grid = Report::new("测试局", 2024).table3;
        let message = paste_block(
            &TABLE3_2021,
            &mut grid,
            0,
            5,
            "1\t2\t3\n4\tx",
            &mut Edits::default(),
        );
        assert!(
            message.starts_with("已粘贴3格。1个数超出表格范围，未粘贴。1格未接受"),
            "{message}"
        );
        assert_eq!((grid.get(0, 6), grid.get(1, 5)), (Some(2), Some(4)));
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

    #[test]
    fn column_headers_do_not_break_inside_a_word() {
        let mut rows_of = std::collections::BTreeMap::new();
        let mut h = Harness::builder()
            .with_context_setup(super::super::install_fonts)
            .build_ui(|ui| {
                for def in [&TABLE3_2021, &TABLE4] {
                    let layout = def.layout();
                    let mut widths = vec![56.0; layout.columns];
                    fit_headers(ui, layout, &mut widths);
                    for c in layout
                        .cells
                        .iter()
                        .filter(|c| c.colspan == 1 && c.kind.is_header())
                    {
                        let galley = ui.painter().layout(
                            c.text.to_owned(),
                            FontId::proportional(LABEL_PT),
                            Color32::WHITE,
                            widths[c.col] - LABEL_PADDING,
                        );
                        rows_of.insert(c.text, galley.rows.len());
                    }
                }
            });
        h.run();
        drop(h);
        assert_eq!(rows_of.get("结果维持"), Some(&1), "{rows_of:?}");
        assert_eq!(rows_of.get("商业企业"), Some(&1), "{rows_of:?}");
        // Longer labels break after four characters, not inside the first four.
        assert_eq!(rows_of.get("社会公益组织"), Some(&2), "{rows_of:?}");
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
