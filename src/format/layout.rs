//! The printed geometry of tables 2, 3 and 4 and the identities between their cells, derived once from the static
//! definitions of [`super`].
//!
//! The statute prints table 3 with three columns of row labels spanning rows, table 4 as one row of fifteen numbers
//! (stored as three rows of five) and table 2 as blocks of caption, header and data rows. [`TableLayout`] says, for
//! each table of each edition, which printed cell stands at which grid position, which stored cell a data cell shows,
//! which headers name it, and which sums must hold ([`Identity`]). The window draws it, the exporters walk it, the
//! checks and the fill-totals button iterate its identities, and an importer maps the printed positions of a
//! published table back to stored cells with it: none of them derives the geometry again.
//!
//! Each layout is built on first use ([`GridDef::layout`], [`Table2Def::layout`]) and kept for the life of the
//! program. This module depends on nothing outside [`crate::format`].

use std::ops::Range;

use super::{CellRef, GridDef, RowDef, RowRole, Table2Def, TableId};

/// What a printed cell is, for markup (`th scope`), typesetting and drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    /// A header naming one column (`自然人`).
    ColumnHeader,
    /// A header over several columns (`法人或其他组织`).
    ColumnGroupHeader,
    /// A row label (`1.属于国家秘密`).
    RowHeader,
    /// A label over several rows (`三、本年度办理结果`, a table-2 block caption).
    RowGroupHeader,
    /// A header that names neither a row nor a column (table 3's corner note).
    Note,
    /// A number (or free text as printed, 2019 table 2): the value of one stored cell.
    Data,
}

impl CellKind {
    /// Anything but a data cell.
    pub fn is_header(self) -> bool {
        self != Self::Data
    }
}

/// One printed cell of a table, in grid coordinates: row 0 is the top header row, column 0 the leftmost column,
/// label columns included.
#[derive(Debug, PartialEq, Eq)]
pub struct PrintedCell {
    /// What the cell is.
    pub kind: CellKind,
    /// The label printed in it; empty for a data cell, which shows its stored cell's value.
    pub text: &'static str,
    /// Top grid row.
    pub row: usize,
    /// Leftmost grid column.
    pub col: usize,
    /// Grid rows it covers (at least 1).
    pub rowspan: usize,
    /// Grid columns it covers (at least 1).
    pub colspan: usize,
    /// For a data cell: the stored cell whose value it shows. `None` for every label.
    pub stored: Option<CellRef>,
    /// For a data cell: the indices (into [`TableLayout::cells`]) of every header that names it — column headers
    /// above it and row labels left of it, within its block — by row, then column. Empty for labels.
    pub headers: Vec<usize>,
    /// For table 2: the block the cell belongs to (headers never reach across blocks). 0 in tables 3 and 4.
    pub block: usize,
}

impl PrintedCell {
    /// Whether the cell covers grid position (`row`, `col`).
    pub fn covers(&self, row: usize, col: usize) -> bool {
        (self.row..self.row + self.rowspan).contains(&row)
            && (self.col..self.col + self.colspan).contains(&col)
    }
}

/// Which identity of `shared/spec/RULES.md` a sum is: the checks report a broken one under this rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdentityRule {
    /// Per column of table 3: 一 + 二 = （七）总计 + 四 (printed in the table's corner note).
    T3Balance,
    /// Per column of table 3: （七）总计 = Σ outcome rows.
    T3Outcomes,
    /// Per row of table 3: 总计 = 自然人 + … + 其他.
    T3RowSum,
    /// Per block of table 4: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
    T4Sum,
}

impl IdentityRule {
    /// The rule id as RULES.md writes it: `T3-BALANCE`.
    pub fn id(self) -> &'static str {
        match self {
            Self::T3Balance => "T3-BALANCE",
            Self::T3Outcomes => "T3-OUTCOMES",
            Self::T3RowSum => "T3-ROWSUM",
            Self::T4Sum => "T4-SUM",
        }
    }
}

/// The stored row or column an identity runs along.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Line {
    /// A stored row (T3-ROWSUM, T4-SUM).
    Row(usize),
    /// A stored column (T3-BALANCE, T3-OUTCOMES).
    Column(usize),
}

/// An identity between stored cells: Σ `totals` = Σ `parts`.
///
/// A sum (`总计 = Σ parts`) has one total. The balance has two: its totals are where the year's applications went
/// (（七）总计, 四) and its parts where they came from (一, 二), so that the first total is the cell a clerk looks at.
#[derive(Debug, PartialEq, Eq)]
pub struct Identity {
    /// The rule a broken identity is reported under.
    pub rule: IdentityRule,
    /// The stored row or column it runs along.
    pub line: Line,
    /// The left-hand side, in the order a message names them.
    pub totals: Vec<CellRef>,
    /// The right-hand side, in the order a message names them.
    pub parts: Vec<CellRef>,
}

impl Identity {
    /// The cell that filling computes from the parts: the total of a sum; `None` for the balance, which does not
    /// say which of its cells is wrong.
    pub fn total(&self) -> Option<CellRef> {
        match self.totals.as_slice() {
            [only] => Some(*only),
            _ => None,
        }
    }
}

/// A statutory table with its merged-cell geometry resolved, and the identities between its cells.
#[derive(Debug, PartialEq, Eq)]
pub struct TableLayout {
    /// Which table.
    pub table: TableId,
    /// The table's caption (its section title).
    pub caption: &'static str,
    /// Width in grid columns: 4, 10, 15.
    pub columns: usize,
    /// Height in grid rows, header rows included.
    pub rows: usize,
    /// Rows at the top that form the column header (repeated when the table breaks across pages). 0 for table 2,
    /// whose headers are per block.
    pub header_rows: usize,
    /// Columns at the left that hold row labels.
    pub label_columns: usize,
    /// Every printed cell, by row, then column. Together they tile the grid.
    pub cells: Vec<PrintedCell>,
    /// The grid rows of each block: table 2's caption, header and data rows per block; one block of all rows in
    /// tables 3 and 4.
    pub blocks: Vec<Range<usize>>,
    /// The sums that must hold (none in table 2), in the order the checks report them: row sums row by row, then
    /// per column the balance and the outcomes.
    pub identities: Vec<Identity>,
    /// For each grid position (row-major), the index of the printed cell covering it.
    covering: Vec<usize>,
    /// The indices of the data cells, in reading order.
    data: Vec<usize>,
    /// For each stored cell (`[row][col]`), its index in `data`.
    reading: Vec<Vec<Option<usize>>>,
    /// The identities with one total, ordered so that a total is filled after every total among its parts.
    fill_order: Vec<usize>,
}

impl TableLayout {
    /// The printed cell covering grid position (`row`, `col`), if inside the grid.
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&PrintedCell> {
        if col >= self.columns {
            return None;
        }
        let i = *self.covering.get(row * self.columns + col)?;
        self.cells.get(i)
    }

    /// The stored cell whose value is printed at grid position (`row`, `col`), if a data cell covers it.
    pub fn stored_at(&self, row: usize, col: usize) -> Option<CellRef> {
        self.cell_at(row, col)?.stored
    }

    /// Where a stored cell is printed; `None` for a cell this table does not have.
    pub fn printed(&self, cell: CellRef) -> Option<&PrintedCell> {
        self.data_cell(self.reading_index(cell)?)
    }

    /// The data cells, in reading order (by row, then column).
    pub fn data(&self) -> impl Iterator<Item = &PrintedCell> {
        self.data.iter().map(|&i| &self.cells[i])
    }

    /// How many data cells precede a stored cell's in reading order.
    pub fn reading_index(&self, cell: CellRef) -> Option<usize> {
        if cell.table != self.table {
            return None;
        }
        *self.reading.get(cell.row())?.get(cell.col())?
    }

    /// The `index`-th data cell in reading order.
    pub fn data_cell(&self, index: usize) -> Option<&PrintedCell> {
        self.cells.get(*self.data.get(index)?)
    }

    /// The identities that name a total to fill from its parts, in an order where each total is filled after the
    /// totals among its parts.
    pub fn fill_order(&self) -> impl Iterator<Item = &Identity> {
        self.fill_order.iter().map(|&i| &self.identities[i])
    }

    fn new(
        table: TableId,
        caption: &'static str,
        columns: usize,
        header_rows: usize,
        label_columns: usize,
    ) -> Self {
        Self {
            table,
            caption,
            columns,
            rows: 0,
            header_rows,
            label_columns,
            cells: Vec::new(),
            blocks: Vec::new(),
            identities: Vec::new(),
            covering: Vec::new(),
            data: Vec::new(),
            reading: Vec::new(),
            fill_order: Vec::new(),
        }
    }

    fn label(
        &mut self,
        kind: CellKind,
        text: &'static str,
        (row, col): (usize, usize),
        (rowspan, colspan): (usize, usize),
        block: usize,
    ) {
        self.cells.push(PrintedCell {
            kind,
            text,
            row,
            col,
            rowspan,
            colspan,
            stored: None,
            headers: Vec::new(),
            block,
        });
    }

    fn value(&mut self, stored: CellRef, (row, col): (usize, usize), colspan: usize, block: usize) {
        self.cells.push(PrintedCell {
            kind: CellKind::Data,
            text: "",
            row,
            col,
            rowspan: 1,
            colspan,
            stored: Some(stored),
            headers: Vec::new(),
            block,
        });
    }

    /// Sorts the cells into reading order and derives the lookups: covering cells, data order, header links.
    fn finish(mut self) -> Self {
        self.cells.sort_by_key(|c| (c.row, c.col));
        self.covering = vec![usize::MAX; self.rows * self.columns];
        for (i, c) in self.cells.iter().enumerate() {
            for r in c.row..(c.row + c.rowspan).min(self.rows) {
                for col in c.col..(c.col + c.colspan).min(self.columns) {
                    self.covering[r * self.columns + col] = i;
                }
            }
        }
        for (i, c) in self.cells.iter().enumerate() {
            let Some(stored) = c.stored else { continue };
            let row = &mut self.reading;
            if row.len() <= stored.row() {
                row.resize_with(stored.row() + 1, Vec::new);
            }
            let slots = &mut row[stored.row()];
            if slots.len() <= stored.col() {
                slots.resize(stored.col() + 1, None);
            }
            slots[stored.col()] = Some(self.data.len());
            self.data.push(i);
        }
        let links: Vec<Vec<usize>> = self
            .cells
            .iter()
            .map(|d| {
                if d.kind != CellKind::Data {
                    return Vec::new();
                }
                // Already by row, then column: the cells are.
                self.cells
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| {
                        let above =
                            h.row < d.row && h.col < d.col + d.colspan && d.col < h.col + h.colspan;
                        let left = h.col < d.col && h.row <= d.row && d.row < h.row + h.rowspan;
                        h.kind.is_header()
                            && h.kind != CellKind::Note
                            && h.block == d.block
                            && (above || left)
                    })
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        for (cell, headers) in self.cells.iter_mut().zip(links) {
            cell.headers = headers;
        }
        self.fill_order = fill_order(&self.identities);
        self
    }
}

/// The identities with one total, by how deep their totals sit in sums of sums: a sum whose parts include another
/// sum's total comes after it (table 3's （七）总计 row after the outcome rows' 总计), so one pass fills everything.
fn fill_order(identities: &[Identity]) -> Vec<usize> {
    let fillable: Vec<usize> = (0..identities.len())
        .filter(|&i| identities[i].total().is_some())
        .collect();
    let mut depth = vec![0_usize; identities.len()];
    // Depths only grow and are bounded by the number of sums (the sums have no cycles; should a definition ever
    // contain one, the loop still ends and the order is merely arbitrary within it).
    for _ in 0..fillable.len() {
        let mut moved = false;
        for &i in &fillable {
            let needed = fillable
                .iter()
                .filter(|&&j| {
                    identities[j]
                        .total()
                        .is_some_and(|t| identities[i].parts.contains(&t))
                })
                .map(|&j| depth[j] + 1)
                .max()
                .unwrap_or(0);
            if needed > depth[i] {
                depth[i] = needed;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    let mut order = fillable;
    order.sort_by_key(|&i| depth[i]);
    order
}

/// Tables 3 and 4: the statutory header block, then the data. A grid with row labels prints one row per stored row;
/// a grid without (table 4) prints its stored rows side by side as one row, which is what its header describes.
pub(super) fn grid(def: &GridDef) -> TableLayout {
    let mut t = TableLayout::new(
        def.table,
        def.caption,
        def.grid_columns(),
        def.header_rows,
        def.label_columns,
    );
    for h in def.header {
        let (row, col) = (usize::from(h.row), usize::from(h.col));
        let (rowspan, colspan) = (usize::from(h.rowspan), usize::from(h.colspan));
        let kind = if col < def.label_columns {
            CellKind::Note
        } else if colspan > 1 {
            CellKind::ColumnGroupHeader
        } else {
            CellKind::ColumnHeader
        };
        t.label(kind, h.text, (row, col), (rowspan, colspan), 0);
    }
    let first = def.header_rows;
    let width = def.columns.len();
    if def.label_columns == 0 {
        for r in 0..def.rows.len() {
            for c in 0..width {
                t.value(CellRef::new(def.table, r, c), (first, r * width + c), 1, 0);
            }
        }
        t.rows = first + 1;
    } else {
        row_labels(&mut t, def, first);
        for r in 0..def.rows.len() {
            for c in 0..width {
                let pos = (first + r, def.label_columns + c);
                t.value(CellRef::new(def.table, r, c), pos, 1, 0);
            }
        }
        t.rows = first + def.rows.len();
    }
    t.blocks = std::iter::once(0..t.rows).collect();
    t.identities = identities(def);
    t.finish()
}

/// Row labels of a grid with label columns: the outer label spans its consecutive rows in the first column, the
/// group label its consecutive rows in the second, and each row's own label takes the remaining columns.
fn row_labels(t: &mut TableLayout, def: &GridDef, first: usize) {
    let rows = def.rows;
    let run = |start: usize, key: fn(&RowDef) -> Option<&'static str>| {
        rows[start..]
            .iter()
            .take_while(|r| key(r) == key(&rows[start]))
            .count()
    };
    let last_label_col = def.label_columns - 1;
    for (r, row) in rows.iter().enumerate() {
        let mut col = 0;
        if let Some(outer) = row.outer {
            if r == 0 || rows[r - 1].outer != row.outer {
                let span = run(r, |d| d.outer);
                t.label(
                    CellKind::RowGroupHeader,
                    outer,
                    (first + r, 0),
                    (span, 1),
                    0,
                );
            }
            col = 1;
        }
        if let Some(group) = row.group {
            if r == 0 || rows[r - 1].group != row.group {
                let span = run(r, |d| d.group);
                t.label(
                    CellKind::RowGroupHeader,
                    group,
                    (first + r, col),
                    (span, 1),
                    0,
                );
            }
            col += 1;
        }
        let col = col.min(last_label_col);
        t.label(
            CellKind::RowHeader,
            row.label,
            (first + r, col),
            (1, def.label_columns - col),
            0,
        );
    }
}

/// The sums of a grid: its row sums on every row, then (table 3) per column the balance and the outcomes.
fn identities(def: &GridDef) -> Vec<Identity> {
    let cell = |r: usize, c: usize| CellRef::new(def.table, r, c);
    let row_rule = match def.table {
        TableId::T4 => IdentityRule::T4Sum,
        _ => IdentityRule::T3RowSum,
    };
    let mut out = Vec::new();
    for r in 0..def.rows.len() {
        for sum in def.row_sums {
            out.push(Identity {
                rule: row_rule,
                line: Line::Row(r),
                totals: vec![cell(r, sum.total)],
                parts: sum.parts.iter().map(|&c| cell(r, c)).collect(),
            });
        }
    }
    let (Some(new), Some(carried_in), Some(total), Some(carried_out)) = (
        def.row_with(RowRole::NewReceived),
        def.row_with(RowRole::CarriedIn),
        def.row_with(RowRole::OutcomesTotal),
        def.row_with(RowRole::CarriedOut),
    ) else {
        return out;
    };
    let outcomes: Vec<usize> = (0..def.rows.len())
        .filter(|&r| def.rows[r].role == RowRole::Outcome)
        .collect();
    for c in 0..def.columns.len() {
        out.push(Identity {
            rule: IdentityRule::T3Balance,
            line: Line::Column(c),
            totals: vec![cell(total, c), cell(carried_out, c)],
            parts: vec![cell(new, c), cell(carried_in, c)],
        });
        out.push(Identity {
            rule: IdentityRule::T3Outcomes,
            line: Line::Column(c),
            totals: vec![cell(total, c)],
            parts: outcomes.iter().map(|&r| cell(r, c)).collect(),
        });
    }
    out
}

/// Table 2: per block a caption row spanning the grid, a header row (`信息内容`, then one header per value column,
/// the last spanning the rest), and the data rows (the label, then the fields, the last spanning the rest).
pub(super) fn table2(def: &Table2Def) -> TableLayout {
    let width = def.grid_columns;
    let mut t = TableLayout::new(TableId::T2, def.caption, width, 0, 1);
    let mut row = 0;
    for (b, block) in def.blocks.iter().enumerate() {
        let start = row;
        t.label(
            CellKind::RowGroupHeader,
            block.caption,
            (row, 0),
            (1, width),
            b,
        );
        row += 1;
        let last = block.headers.len().saturating_sub(1);
        for (i, header) in block.headers.iter().enumerate() {
            let span = if i == last { width - i } else { 1 };
            t.label(CellKind::ColumnHeader, header, (row, i), (1, span), b);
        }
        row += 1;
        for r in block.rows.clone() {
            let def_row = &def.rows[r];
            t.label(CellKind::RowHeader, def_row.label, (row, 0), (1, 1), b);
            let last = def_row.fields.len().saturating_sub(1);
            for f in 0..def_row.fields.len() {
                let span = if f == last { width - 1 - f } else { 1 };
                t.value(CellRef::new(TableId::T2, r, f), (row, 1 + f), span, b);
            }
            row += 1;
        }
        t.blocks.push(start..row);
    }
    t.rows = row;
    t.finish()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::{FormatVersion, TABLE2_2019, TABLE2_2021, TABLE3_2019, TABLE3_2021, TABLE4};
    use super::*;

    fn all() -> [&'static TableLayout; 5] {
        [
            TABLE2_2021.layout(),
            TABLE2_2019.layout(),
            TABLE3_2021.layout(),
            TABLE3_2019.layout(),
            TABLE4.layout(),
        ]
    }

    #[test]
    fn every_grid_position_is_covered_by_exactly_one_cell() {
        for t in all() {
            let mut covered = vec![vec![0_u8; t.columns]; t.rows];
            for c in &t.cells {
                assert!(c.rowspan >= 1 && c.colspan >= 1, "{:?} {c:?}", t.table);
                assert!(
                    c.row + c.rowspan <= t.rows && c.col + c.colspan <= t.columns,
                    "{:?}: {c:?} outside the grid",
                    t.table
                );
                for line in &mut covered[c.row..c.row + c.rowspan] {
                    for n in &mut line[c.col..c.col + c.colspan] {
                        *n += 1;
                    }
                }
            }
            for (r, line) in covered.iter().enumerate() {
                for (c, &n) in line.iter().enumerate() {
                    assert_eq!(n, 1, "{:?} at {r},{c}: covered {n} times", t.table);
                    assert!(t.cell_at(r, c).is_some_and(|cell| cell.covers(r, c)));
                }
            }
            assert!(t.cell_at(t.rows, 0).is_none() && t.cell_at(0, t.columns).is_none());
        }
    }

    #[test]
    fn the_header_block_is_labels_and_the_label_columns_hold_no_data() {
        for t in all() {
            for c in &t.cells {
                if c.row < t.header_rows || c.col < t.label_columns {
                    assert!(c.kind.is_header(), "{:?}: {c:?}", t.table);
                    assert!(!c.text.is_empty(), "{:?}: an empty label {c:?}", t.table);
                }
                assert_eq!(c.stored.is_some(), c.kind == CellKind::Data);
            }
        }
    }

    #[test]
    fn every_stored_cell_is_printed_exactly_once_and_maps_back() {
        for format in [FormatVersion::V2021, FormatVersion::V2019] {
            for table in [TableId::T2, TableId::T3, TableId::T4] {
                let t = match format.grid(table) {
                    Some(g) => g.layout(),
                    None => format.table2().layout(),
                };
                let stored: Vec<CellRef> = format.cells(table).collect();
                let printed: Vec<CellRef> = t.data().filter_map(|c| c.stored).collect();
                assert_eq!(printed.len(), t.data().count());
                assert_eq!(
                    printed, stored,
                    "{table:?} {format:?}: printed once each, in reading order"
                );
                for (i, &cell) in stored.iter().enumerate() {
                    let at = t.printed(cell).expect("printed");
                    assert_eq!(at.stored, Some(cell));
                    assert_eq!(t.reading_index(cell), Some(i));
                    for r in at.row..at.row + at.rowspan {
                        for c in at.col..at.col + at.colspan {
                            assert_eq!(t.stored_at(r, c), Some(cell));
                        }
                    }
                }
                assert!(t.printed(CellRef::new(table, 99, 0)).is_none());
                let other = if table == TableId::T3 {
                    TableId::T4
                } else {
                    TableId::T3
                };
                assert!(t.printed(CellRef::new(other, 0, 0)).is_none());
            }
        }
    }

    /// The column labels (`T3_COLUMNS`, `T4_COLUMNS`) and the header texts are typed separately: every data cell
    /// must stand under the header that names its column, with the column's group above that, and be named by its
    /// row's labels — left of it, or (table 4) in the header above it.
    #[test]
    fn column_labels_and_header_texts_agree() {
        for def in [&TABLE3_2021, &TABLE3_2019, &TABLE4] {
            let t = def.layout();
            for cell in t.data() {
                let stored = cell.stored.expect("a data cell");
                let column = &def.columns[stored.col()];
                let row = &def.rows[stored.row()];
                let above = t
                    .cell_at(t.header_rows - 1, cell.col)
                    .expect("a header above");
                assert_eq!(
                    above.text,
                    column.label,
                    "{}",
                    def.cell_name(stored.row(), stored.col())
                );
                assert!(matches!(
                    above.kind,
                    CellKind::ColumnHeader | CellKind::ColumnGroupHeader
                ));
                let names: Vec<&str> = cell.headers.iter().map(|&h| t.cells[h].text).collect();
                for part in column.path().chain(row.path()) {
                    assert!(
                        names.contains(&part),
                        "{}: no header says {part} (headers: {names:?})",
                        def.cell_name(stored.row(), stored.col())
                    );
                }
                if def.label_columns > 0 {
                    let left = t.cell_at(cell.row, def.label_columns - 1).expect("a label");
                    assert_eq!(left.text, row.label);
                }
            }
        }
        // Table 2: each field stands under its block's header for it.
        for def in [&TABLE2_2021, &TABLE2_2019] {
            let t = def.layout();
            for cell in t.data() {
                let stored = cell.stored.expect("a data cell");
                let header = t
                    .cells
                    .iter()
                    .rev()
                    .find(|h| {
                        h.kind == CellKind::ColumnHeader
                            && h.row < cell.row
                            && h.block == cell.block
                            && h.col == cell.col
                    })
                    .expect("a header above");
                assert_eq!(header.text, def.field_label(stored.row(), stored.col()));
                let left = t.cell_at(cell.row, 0).expect("a label");
                assert_eq!(left.text, def.rows[stored.row()].label);
            }
        }
    }

    #[test]
    fn table_4_prints_its_three_blocks_as_one_row() {
        let t = TABLE4.layout();
        assert_eq!((t.rows, t.columns, t.header_rows), (4, 15, 3));
        let at = t.printed(CellRef::new(TableId::T4, 1, 4)).expect("printed");
        assert_eq!((at.row, at.col), (3, 9));
        assert_eq!(t.stored_at(3, 10), Some(CellRef::new(TableId::T4, 2, 0)));
    }

    #[test]
    fn table_3_row_labels_span_their_groups() {
        let t = TABLE3_2021.layout();
        let results = t.cell_at(5, 0).expect("a label");
        assert_eq!(
            (results.text, results.rowspan, results.kind),
            ("三、本年度办理结果", 22, CellKind::RowGroupHeader)
        );
        let deny = t.cell_at(7, 1).expect("a label");
        assert_eq!((deny.text, deny.rowspan), ("（三）不予公开", 8));
        // A row with neither outer nor group label takes all three label columns; one under 三 takes two.
        let new = t.cell_at(3, 0).expect("a label");
        assert_eq!(
            (new.col, new.colspan, new.kind),
            (0, 3, CellKind::RowHeader)
        );
        let granted = t.cell_at(5, 1).expect("a label");
        assert_eq!((granted.text, granted.colspan), ("（一）予以公开", 2));
        assert_eq!(
            TABLE3_2019.layout().cell_at(5, 0).map(|c| c.rowspan),
            Some(20)
        );
    }

    #[test]
    fn table_2_blocks_are_caption_header_and_rows() {
        let t = TABLE2_2021.layout();
        assert_eq!(t.blocks, vec![0..4, 4..7, 7..11, 11..14]);
        let caption = t.cell_at(4, 3).expect("a caption");
        assert_eq!((caption.text, caption.colspan), ("第二十条第（五）项", 4));
        let header = t.cell_at(5, 3).expect("a header");
        assert_eq!((header.text, header.col), ("本年处理决定数量", 1));
        let licensing = t.printed(CellRef::new(TableId::T2, 2, 0)).expect("printed");
        assert_eq!((licensing.row, licensing.col, licensing.colspan), (6, 1, 3));
        // Headers never reach across blocks.
        assert!(
            licensing
                .headers
                .iter()
                .all(|&h| t.blocks[1].contains(&t.cells[h].row))
        );
    }

    fn in_bounds(def: &GridDef, cell: CellRef) -> bool {
        cell.table == def.table && cell.row() < def.rows.len() && cell.col() < def.columns.len()
    }

    #[test]
    fn identities_name_existing_cells_along_their_line() {
        for def in [&TABLE3_2021, &TABLE3_2019, &TABLE4] {
            for id in &def.layout().identities {
                let cells: Vec<CellRef> = id.totals.iter().chain(&id.parts).copied().collect();
                assert!(cells.iter().all(|&c| in_bounds(def, c)), "{id:?}");
                assert!(!id.totals.is_empty() && !id.parts.is_empty(), "{id:?}");
                let distinct: HashSet<CellRef> = cells.iter().copied().collect();
                assert_eq!(distinct.len(), cells.len(), "a cell twice in {id:?}");
                assert!(cells.iter().all(|c| match id.line {
                    Line::Row(r) => c.row() == r,
                    Line::Column(col) => c.col() == col,
                }));
            }
        }
    }

    #[test]
    fn identities_are_the_rules_of_the_format() {
        let count = |def: &GridDef, rule| {
            def.layout()
                .identities
                .iter()
                .filter(|i| i.rule == rule)
                .count()
        };
        assert_eq!(count(&TABLE3_2021, IdentityRule::T3RowSum), 25);
        assert_eq!(count(&TABLE3_2021, IdentityRule::T3Balance), 7);
        assert_eq!(count(&TABLE3_2021, IdentityRule::T3Outcomes), 7);
        assert_eq!(count(&TABLE3_2019, IdentityRule::T3RowSum), 23);
        assert_eq!(count(&TABLE4, IdentityRule::T4Sum), 3);
        assert_eq!(TABLE4.layout().identities.len(), 3);
        assert!(TABLE2_2021.layout().identities.is_empty());

        let outcomes = |def: &GridDef| {
            let id = def
                .layout()
                .identities
                .iter()
                .find(|i| i.rule == IdentityRule::T3Outcomes)
                .expect("T3-OUTCOMES");
            let total = id.total().expect("one total");
            assert_eq!(def.rows[total.row()].label, "（七）总计");
            id.parts
                .iter()
                .map(|c| def.rows[c.row()].role)
                .collect::<Vec<_>>()
        };
        assert_eq!(outcomes(&TABLE3_2021), vec![RowRole::Outcome; 21]);
        assert_eq!(outcomes(&TABLE3_2019), vec![RowRole::Outcome; 19]);

        let balance = TABLE3_2021
            .layout()
            .identities
            .iter()
            .find(|i| i.rule == IdentityRule::T3Balance)
            .expect("T3-BALANCE");
        let roles = |cells: &[CellRef]| {
            cells
                .iter()
                .map(|c| TABLE3_2021.rows[c.row()].role)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            roles(&balance.totals),
            [RowRole::OutcomesTotal, RowRole::CarriedOut]
        );
        assert_eq!(
            roles(&balance.parts),
            [RowRole::NewReceived, RowRole::CarriedIn]
        );
        assert_eq!(balance.total(), None);
    }

    #[test]
    fn a_total_is_filled_after_the_totals_it_adds_up() {
        for def in [&TABLE3_2021, &TABLE3_2019, &TABLE4] {
            let order: Vec<&Identity> = def.layout().fill_order().collect();
            let sums = def
                .layout()
                .identities
                .iter()
                .filter(|i| i.total().is_some())
                .count();
            assert_eq!(order.len(), sums);
            for (i, id) in order.iter().enumerate() {
                for later in &order[i + 1..] {
                    let total = later.total().expect("a sum");
                    assert!(
                        !id.parts.contains(&total),
                        "{:?} is filled before its part {total:?}",
                        id.total()
                    );
                }
            }
        }
        // Table 3's （七）总计 总计 adds up totals both ways, so it comes last.
        let last = TABLE3_2021
            .layout()
            .fill_order()
            .last()
            .and_then(Identity::total);
        let seven = TABLE3_2021
            .row_with(RowRole::OutcomesTotal)
            .expect("（七）");
        assert_eq!(
            last,
            Some(CellRef::new(TableId::T3, seven, super::super::T3_TOTAL))
        );
    }
}
