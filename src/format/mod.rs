//! The statutory format of the annual report, as data.
//!
//! Everything that knows what the report looks like — the form, the checks, every exporter, the importer and the
//! CLI — reads the definitions here; no label is typed anywhere else. Sources: 国办公开办函〔2021〕30号 (the 2021
//! format, used from the 2021 report on) and 国办公开办函〔2019〕60号 (the trial format of the 2019 and 2020
//! reports), as transcribed in `shared/spec/FORMAT.md`.
//!
//! This module depends on nothing else in the crate.

use std::ops::RangeInclusive;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub mod layout;

use layout::TableLayout;

/// Which edition of the statutory format a report follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FormatVersion {
    /// 国办公开办函〔2021〕30号: reports for 2021 onwards. What the editor creates.
    #[default]
    V2021,
    /// 国办公开办函〔2019〕60号 (trial): reports for 2019 and 2020. What importing such a report gives.
    V2019,
}

impl FormatVersion {
    /// The key used in the interchange format (`"2021"` / `"2019"`).
    pub fn key(self) -> &'static str {
        match self {
            Self::V2021 => "2021",
            Self::V2019 => "2019",
        }
    }

    /// The edition an interchange key names (`"2021"` / `"2019"`); `None` for any other key.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "2021" => Some(Self::V2021),
            "2019" => Some(Self::V2019),
            _ => None,
        }
    }

    /// The document that issued this edition of the format.
    pub fn source(self) -> &'static str {
        match self {
            Self::V2021 => "国办公开办函〔2021〕30号",
            Self::V2019 => "国办公开办函〔2019〕60号",
        }
    }

    /// Table 2 (主动公开政府信息情况) of this edition: the two editions differ in rows and columns.
    pub fn table2(self) -> &'static Table2Def {
        match self {
            Self::V2021 => &TABLE2_2021,
            Self::V2019 => &TABLE2_2019,
        }
    }

    /// Table 3 of this edition: 25 rows in 2021, 23 in 2019 (where （六）其他处理 is one row).
    pub fn table3(self) -> &'static GridDef {
        match self {
            Self::V2021 => &TABLE3_2021,
            Self::V2019 => &TABLE3_2019,
        }
    }

    /// Table 4, the same in both editions.
    pub fn table4(self) -> &'static GridDef {
        &TABLE4
    }

    /// The grid definition of table 3 or 4 (`None` for table 2, which is not a grid).
    pub fn grid(self, table: TableId) -> Option<&'static GridDef> {
        match table {
            TableId::T2 => None,
            TableId::T3 => Some(self.table3()),
            TableId::T4 => Some(self.table4()),
        }
    }

    /// Every cell of a table of this format, in reading order.
    pub fn cells(self, table: TableId) -> Box<dyn Iterator<Item = CellRef>> {
        match self.grid(table) {
            Some(g) => Box::new(g.cells()),
            None => Box::new(self.table2().cells()),
        }
    }

    /// The accessible name of any cell of this format; `None` for a cell the format does not have (a reference
    /// read from a hand-edited file may point anywhere).
    pub fn cell_name(self, cell: CellRef) -> Option<String> {
        let (r, c) = (cell.row(), cell.col());
        if let Some(g) = self.grid(cell.table) {
            return (r < g.rows.len() && c < g.columns.len()).then(|| g.cell_name(r, c));
        }
        let t2 = self.table2();
        t2.rows
            .get(r)
            .is_some_and(|row| c < row.fields.len())
            .then(|| t2.cell_name(r, c))
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Sections

/// The six statutory sections, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SectionId {
    /// 一、总体情况: narrative.
    General,
    /// 二、主动公开政府信息情况: table 2.
    Proactive,
    /// 三、收到和处理政府信息公开申请情况: table 3.
    Requests,
    /// 四、政府信息公开行政复议、行政诉讼情况: table 4.
    Appeals,
    /// 五、存在的主要问题及改进情况: narrative, the problems and what was done about them.
    Problems,
    /// 六、其他需要报告的事项: narrative, including the statement on 信息处理费.
    Other,
}

/// One statutory section.
#[derive(Debug)]
pub struct SectionDef {
    /// Which section this is; also its index in [`SECTIONS`].
    pub id: SectionId,
    /// Exact title, e.g. `一、总体情况`.
    pub title: &'static str,
    /// Key in the interchange format's `sections` object (narrative sections only).
    pub key: &'static str,
    /// The customary sub-headings the format itself names.
    pub subheadings: &'static [&'static str],
}

/// The six sections with their exact titles, in statutory order (index = `SectionId as usize`).
pub static SECTIONS: [SectionDef; 6] = [
    SectionDef {
        id: SectionId::General,
        title: "一、总体情况",
        key: "general",
        subheadings: &[
            "（一）主动公开",
            "（二）依申请公开",
            "（三）政府信息管理",
            "（四）政府信息公开平台建设",
            "（五）监督保障",
        ],
    },
    SectionDef {
        id: SectionId::Proactive,
        title: "二、主动公开政府信息情况",
        key: "table2",
        subheadings: &[],
    },
    SectionDef {
        id: SectionId::Requests,
        title: "三、收到和处理政府信息公开申请情况",
        key: "table3",
        subheadings: &[],
    },
    SectionDef {
        id: SectionId::Appeals,
        title: "四、政府信息公开行政复议、行政诉讼情况",
        key: "table4",
        subheadings: &[],
    },
    SectionDef {
        id: SectionId::Problems,
        title: "五、存在的主要问题及改进情况",
        key: "problems",
        subheadings: &[],
    },
    SectionDef {
        id: SectionId::Other,
        title: "六、其他需要报告的事项",
        key: "other",
        subheadings: &[
            "（一）收取信息处理费情况",
            "（二）落实上级年度政务公开工作要点情况",
            "（三）人大代表建议和政协提案办理结果公开情况",
            "（四）年度政务公开工作创新情况",
        ],
    },
];

impl SectionId {
    /// The six sections in statutory order, for walking them.
    pub const ALL: [Self; 6] = [
        Self::General,
        Self::Proactive,
        Self::Requests,
        Self::Appeals,
        Self::Problems,
        Self::Other,
    ];

    /// This section's definition in [`SECTIONS`].
    pub fn def(self) -> &'static SectionDef {
        &SECTIONS[self as usize]
    }

    /// The exact title, e.g. `一、总体情况`.
    pub fn title(self) -> &'static str {
        self.def().title
    }
}

/// The years a report can be for: annual reports exist since the 2008 条例 (the first for 2008); a year outside is
/// a typing error. Whatever accepts a report year (the checks, `nianbao-cli new`, the window) accepts exactly these,
/// so that no file made by one is rejected by another.
pub const REPORT_YEARS: RangeInclusive<u16> = 2008..=2100;

/// What the report calls the text before section 一: the window, the review and the checks all name it so.
pub const PREAMBLE: &str = "前言";

/// The report's title: `{机关名称}{YYYY}年度政府信息公开工作年度报告`.
pub fn title(body: &str, year: u16) -> String {
    format!("{body}{year}年度政府信息公开工作年度报告")
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

/// Which table a cell belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TableId {
    /// 表二 主动公开政府信息情况: counts of documents and decisions, and the fee amount in 万元.
    T2,
    /// 表三 收到和处理政府信息公开申请情况: application counts by outcome (rows) and applicant (columns).
    T3,
    /// 表四 政府信息公开行政复议、行政诉讼情况: case counts of 行政复议 and 行政诉讼 by result.
    T4,
}

impl TableId {
    /// How the statute and the clerk call it: 表二, 表三, 表四.
    pub fn name(self) -> &'static str {
        match self {
            Self::T2 => "表二",
            Self::T3 => "表三",
            Self::T4 => "表四",
        }
    }

    /// The statutory section the table is printed in.
    pub fn section(self) -> SectionId {
        match self {
            Self::T2 => SectionId::Proactive,
            Self::T3 => SectionId::Requests,
            Self::T4 => SectionId::Appeals,
        }
    }
}

/// One cell of table 2, 3 or 4. For table 2, `row` indexes [`Table2Def::rows`] and `col` the row's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CellRef {
    /// The table the cell is in.
    pub table: TableId,
    /// Row index into the table's definition; a `u8` because no table has more than 25 rows.
    pub row: u8,
    /// Column index: a grid's data column (label columns not counted) or a field of a table-2 row.
    pub col: u8,
}

impl CellRef {
    /// A reference from `usize` indices, as the definitions are indexed; both must be below 256.
    pub const fn new(table: TableId, row: usize, col: usize) -> Self {
        Self {
            table,
            row: row as u8,
            col: col as u8,
        }
    }

    /// The row index as a `usize`, for indexing the definitions.
    pub fn row(self) -> usize {
        self.row as usize
    }

    /// The column index as a `usize`, for indexing the definitions.
    pub fn col(self) -> usize {
        self.col as usize
    }
}

// --- Tables 3 and 4: grids of non-negative integers ---------------------------------------------------------------

/// What a row of table 3 means to the identities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowRole {
    /// 一、本年新收
    NewReceived,
    /// 二、上年结转
    CarriedIn,
    /// One of the outcome rows under 三 (（一）…（六）): they add up to （七）总计.
    Outcome,
    /// （七）总计
    OutcomesTotal,
    /// 四、结转下年度继续办理
    CarriedOut,
    /// Table 4's single row.
    Data,
}

/// One data row of a grid.
#[derive(Debug)]
pub struct RowDef {
    /// Stable id (the interchange key), e.g. `deny_state_secret`.
    pub key: &'static str,
    /// The row's own label, e.g. `1.属于国家秘密`. Empty for table 4's unlabelled row.
    pub label: &'static str,
    /// The outer group label that spans several rows (`三、本年度办理结果`), if any.
    pub outer: Option<&'static str>,
    /// The inner group label that spans several rows (`（三）不予公开`), if any.
    pub group: Option<&'static str>,
    /// What the row means to the table-3 identities (T3-BALANCE, T3-OUTCOMES).
    pub role: RowRole,
}

impl RowDef {
    /// The full label path, outermost first: `三、本年度办理结果 （三）不予公开 1.属于国家秘密`.
    pub fn path(&self) -> impl Iterator<Item = &'static str> {
        [self.outer, self.group, Some(self.label)]
            .into_iter()
            .flatten()
            .filter(|l| !l.is_empty())
    }

    /// The short label a clerk recognises in a message: `（三）1.属于国家秘密`, `一、本年新收…`.
    pub fn short_label(&self) -> String {
        match self.group {
            Some(group) => format!("{}{}", group_number(group), self.label),
            None => self.label.to_owned(),
        }
    }
}

/// The `（三）` of `（三）不予公开`.
fn group_number(group: &str) -> &str {
    match group.find('）') {
        Some(end) => &group[..end + '）'.len_utf8()],
        None => group,
    }
}

/// One data column of a grid.
#[derive(Debug)]
pub struct ColumnDef {
    /// Stable id, e.g. `natural_person`.
    pub key: &'static str,
    /// The printed column header, e.g. `自然人`, `结果维持`.
    pub label: &'static str,
    /// The header above it that spans several columns (`法人或其他组织`, `未经复议直接起诉`), if any.
    pub group: Option<&'static str>,
    /// The topmost header (`行政复议`, `行政诉讼`) for table 4.
    pub outer: Option<&'static str>,
}

impl ColumnDef {
    /// The full header path, outermost first: `行政诉讼 未经复议直接起诉 总计`.
    pub fn path(&self) -> impl Iterator<Item = &'static str> {
        [self.outer, self.group, Some(self.label)]
            .into_iter()
            .flatten()
    }
}

/// A header cell of the statutory layout, in grid coordinates of the header block (row 0 is the top header row,
/// column 0 the leftmost column of the whole table, label columns included).
#[derive(Debug)]
pub struct HeaderCell {
    /// The printed text, exactly as in the statutory template.
    pub text: &'static str,
    /// Top row within the header block, from 0.
    pub row: u8,
    /// Leftmost grid column, label columns included.
    pub col: u8,
    /// How many header rows it spans (HTML `rowspan`).
    pub rowspan: u8,
    /// How many grid columns it spans (HTML `colspan`).
    pub colspan: u8,
}

/// `total = Σ parts` within one row of a grid (T3-ROWSUM, T4-SUM).
#[derive(Debug)]
pub struct ColumnSum {
    /// Index into [`GridDef::columns`] of the column that holds the sum.
    pub total: usize,
    /// Indices into [`GridDef::columns`] of the columns that add up to `total`.
    pub parts: &'static [usize],
}

/// A grid of non-negative integers: tables 3 and 4.
#[derive(Debug)]
pub struct GridDef {
    /// Which table this grid is (表三 or 表四).
    pub table: TableId,
    /// The section title printed above the table, e.g. `三、收到和处理政府信息公开申请情况`.
    pub caption: &'static str,
    /// How many columns of row labels stand left of the data (3 for table 3, 0 for table 4).
    pub label_columns: usize,
    /// The printed header cells with their spans: the statutory merged-cell geometry.
    pub header: &'static [HeaderCell],
    /// Rows in the header block.
    pub header_rows: usize,
    /// The data columns, left to right: table 3's 7 applicant columns, or the 5 result columns of each table-4 block.
    pub columns: &'static [ColumnDef],
    /// The data rows, top to bottom: table 3's 25 (2021) or 23 (2019), or table 4's three blocks.
    pub rows: &'static [RowDef],
    /// Sums that hold within every row.
    pub row_sums: &'static [ColumnSum],
    /// The printed geometry and the identities, derived on first use ([`GridDef::layout`]).
    layout: OnceLock<TableLayout>,
}

impl GridDef {
    /// How the grid is printed, and the sums that hold between its cells: derived from this definition once.
    pub fn layout(&self) -> &TableLayout {
        self.layout.get_or_init(|| layout::grid(self))
    }

    /// How many cells the clerk fills in: 175 in table 3 (161 in 2019), 15 in table 4.
    pub fn cell_count(&self) -> usize {
        self.rows.len() * self.columns.len()
    }

    /// Every cell, row by row.
    pub fn cells(&self) -> impl Iterator<Item = CellRef> + 'static {
        let (table, columns) = (self.table, self.columns.len());
        (0..self.rows.len()).flat_map(move |r| (0..columns).map(move |c| CellRef::new(table, r, c)))
    }

    /// The index of the first row with this role.
    pub fn row_with(&self, role: RowRole) -> Option<usize> {
        self.rows.iter().position(|r| r.role == role)
    }

    /// The index of the row with this stable key (e.g. `granted`), as the interchange format names rows.
    pub fn row_index(&self, key: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.key == key)
    }

    /// The index of the column with this stable key (e.g. `natural_person`).
    pub fn column_index(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    /// The accessible name of a data cell, built from the labels: `表三 一、本年新收政府信息公开申请数量 自然人`.
    pub fn cell_name(&self, row: usize, col: usize) -> String {
        let mut name = String::from(self.table.name());
        for part in self.rows[row].path().chain(self.columns[col].path()) {
            name.push(' ');
            name.push_str(part);
        }
        name
    }

    /// Total width of the printed table in grid columns (label columns included): 10 for table 3, 15 for table 4.
    pub fn grid_columns(&self) -> usize {
        self.header
            .iter()
            .map(|h| usize::from(h.col + h.colspan))
            .max()
            .unwrap_or(0)
    }
}

/// Table 3's columns: `自然人`, the first data column.
pub const T3_NATURAL: usize = 0;
/// Table 3's `总计` column: the sum of the six applicant columns (T3-ROWSUM).
pub const T3_TOTAL: usize = 6;

static T3_COLUMNS: [ColumnDef; 7] = [
    ColumnDef {
        key: "natural_person",
        label: "自然人",
        group: None,
        outer: None,
    },
    ColumnDef {
        key: "commercial",
        label: "商业企业",
        group: Some("法人或其他组织"),
        outer: None,
    },
    ColumnDef {
        key: "research",
        label: "科研机构",
        group: Some("法人或其他组织"),
        outer: None,
    },
    ColumnDef {
        key: "public_welfare",
        label: "社会公益组织",
        group: Some("法人或其他组织"),
        outer: None,
    },
    ColumnDef {
        key: "legal_services",
        label: "法律服务机构",
        group: Some("法人或其他组织"),
        outer: None,
    },
    ColumnDef {
        key: "other_org",
        label: "其他",
        group: Some("法人或其他组织"),
        outer: None,
    },
    ColumnDef {
        key: "total",
        label: "总计",
        group: None,
        outer: None,
    },
];

/// The header block of table 3 (10 grid columns: 3 label columns + 7 data columns).
static T3_HEADER: [HeaderCell; 10] = [
    HeaderCell {
        text: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        row: 0,
        col: 0,
        rowspan: 3,
        colspan: 3,
    },
    HeaderCell {
        text: "申请人情况",
        row: 0,
        col: 3,
        rowspan: 1,
        colspan: 7,
    },
    HeaderCell {
        text: "自然人",
        row: 1,
        col: 3,
        rowspan: 2,
        colspan: 1,
    },
    HeaderCell {
        text: "法人或其他组织",
        row: 1,
        col: 4,
        rowspan: 1,
        colspan: 5,
    },
    HeaderCell {
        text: "总计",
        row: 1,
        col: 9,
        rowspan: 2,
        colspan: 1,
    },
    HeaderCell {
        text: "商业企业",
        row: 2,
        col: 4,
        rowspan: 1,
        colspan: 1,
    },
    HeaderCell {
        text: "科研机构",
        row: 2,
        col: 5,
        rowspan: 1,
        colspan: 1,
    },
    HeaderCell {
        text: "社会公益组织",
        row: 2,
        col: 6,
        rowspan: 1,
        colspan: 1,
    },
    HeaderCell {
        text: "法律服务机构",
        row: 2,
        col: 7,
        rowspan: 1,
        colspan: 1,
    },
    HeaderCell {
        text: "其他",
        row: 2,
        col: 8,
        rowspan: 1,
        colspan: 1,
    },
];

static T3_ROW_SUMS: [ColumnSum; 1] = [ColumnSum {
    total: T3_TOTAL,
    parts: &[0, 1, 2, 3, 4, 5],
}];

const RESULTS: Option<&str> = Some("三、本年度办理结果");
const DENY: Option<&str> = Some("（三）不予公开");
const UNAVAILABLE: Option<&str> = Some("（四）无法提供");
const NOT_PROCESSED: Option<&str> = Some("（五）不予处理");
const OTHER_PROCESSING: Option<&str> = Some("（六）其他处理");

const fn row(key: &'static str, label: &'static str, role: RowRole) -> RowDef {
    RowDef {
        key,
        label,
        outer: None,
        group: None,
        role,
    }
}

const fn outcome(key: &'static str, group: Option<&'static str>, label: &'static str) -> RowDef {
    RowDef {
        key,
        label,
        outer: RESULTS,
        group,
        role: RowRole::Outcome,
    }
}

/// The rows of table 3 before （六）: identical in both formats.
macro_rules! t3_rows {
    ($($other:expr),* $(,)?) => {
        [
            row("new_received", "一、本年新收政府信息公开申请数量", RowRole::NewReceived),
            row("carried_in", "二、上年结转政府信息公开申请数量", RowRole::CarriedIn),
            outcome("granted", None, "（一）予以公开"),
            outcome("partial", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            outcome("deny_state_secret", DENY, "1.属于国家秘密"),
            outcome("deny_other_law", DENY, "2.其他法律行政法规禁止公开"),
            outcome("deny_3s1w", DENY, "3.危及“三安全一稳定”"),
            outcome("deny_third_party", DENY, "4.保护第三方合法权益"),
            outcome("deny_internal", DENY, "5.属于三类内部事务信息"),
            outcome("deny_process", DENY, "6.属于四类过程性信息"),
            outcome("deny_enforcement", DENY, "7.属于行政执法案卷"),
            outcome("deny_query", DENY, "8.属于行政查询事项"),
            outcome("na_not_held", UNAVAILABLE, "1.本机关不掌握相关政府信息"),
            outcome("na_needs_creation", UNAVAILABLE, "2.没有现成信息需要另行制作"),
            outcome("na_unclear", UNAVAILABLE, "3.补正后申请内容仍不明确"),
            outcome("np_petition", NOT_PROCESSED, "1.信访举报投诉类申请"),
            outcome("np_repeat", NOT_PROCESSED, "2.重复申请"),
            outcome("np_publication", NOT_PROCESSED, "3.要求提供公开出版物"),
            outcome("np_massive", NOT_PROCESSED, "4.无正当理由大量反复申请"),
            outcome("np_confirm", NOT_PROCESSED, "5.要求行政机关确认或重新出具已获取信息"),
            $($other,)*
            RowDef { key: "results_total", label: "（七）总计", outer: RESULTS, group: None, role: RowRole::OutcomesTotal },
            row("carried_out", "四、结转下年度继续办理", RowRole::CarriedOut),
        ]
    };
}

/// Table 3 row index of `（六）2.申请人逾期未按收费通知要求缴纳费用…` in the 2021 format (T3-FEE).
pub const T3_2021_NO_FEE_PAID: usize = 21;

static T3_ROWS_2021: [RowDef; 25] = t3_rows![
    outcome(
        "oth_no_correction",
        OTHER_PROCESSING,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    ),
    outcome(
        "oth_no_fee_paid",
        OTHER_PROCESSING,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    ),
    outcome("oth_other", OTHER_PROCESSING, "3.其他"),
];

static T3_ROWS_2019: [RowDef; 23] = t3_rows![outcome("oth", None, "（六）其他处理")];

/// Table 3 as the 2021 format prints it: 25 rows × 7 columns, 175 cells.
pub static TABLE3_2021: GridDef = GridDef {
    table: TableId::T3,
    caption: "三、收到和处理政府信息公开申请情况",
    label_columns: 3,
    header: &T3_HEADER,
    header_rows: 3,
    columns: &T3_COLUMNS,
    rows: &T3_ROWS_2021,
    row_sums: &T3_ROW_SUMS,
    layout: OnceLock::new(),
};

/// Table 3 as the 2019 trial format prints it: 23 rows, （六）其他处理 being one row without sub-items.
pub static TABLE3_2019: GridDef = GridDef {
    table: TableId::T3,
    caption: "三、收到和处理政府信息公开申请情况",
    label_columns: 3,
    header: &T3_HEADER,
    header_rows: 3,
    columns: &T3_COLUMNS,
    rows: &T3_ROWS_2019,
    row_sums: &T3_ROW_SUMS,
    layout: OnceLock::new(),
};

/// Table 4 is one row of 15 cells; its three blocks of five are stored as three rows of the same five columns,
/// which is how the interchange format and the identities see them. [`GridDef::layout`] prints them side by side.
static T4_COLUMNS: [ColumnDef; 5] = [
    ColumnDef {
        key: "upheld",
        label: "结果维持",
        group: None,
        outer: None,
    },
    ColumnDef {
        key: "corrected",
        label: "结果纠正",
        group: None,
        outer: None,
    },
    ColumnDef {
        key: "other_result",
        label: "其他结果",
        group: None,
        outer: None,
    },
    ColumnDef {
        key: "pending",
        label: "尚未审结",
        group: None,
        outer: None,
    },
    ColumnDef {
        key: "total",
        label: "总计",
        group: None,
        outer: None,
    },
];

/// Table 4 column `结果维持`: cases in which the body's handling was upheld.
pub const T4_UPHELD: usize = 0;
/// Table 4 column `结果纠正`: cases whose result corrected the body's handling.
pub const T4_CORRECTED: usize = 1;
/// Table 4 column `其他结果`: cases closed with another result (e.g. withdrawn or terminated).
pub const T4_OTHER_RESULT: usize = 2;
/// Table 4 column `尚未审结`: cases still pending at the end of the year.
pub const T4_PENDING: usize = 3;
/// Table 4 column `总计`: the sum of the other four (T4-SUM).
pub const T4_TOTAL: usize = 4;

/// Row indices of table 4's three blocks: `行政复议`.
pub const T4_REVIEW: usize = 0;
/// Table 4 block `行政诉讼 未经复议直接起诉`: suits brought without a prior 行政复议.
pub const T4_DIRECT: usize = 1;
/// Table 4 block `行政诉讼 复议后起诉`: suits brought after a 行政复议 (not necessarily one counted in this table).
pub const T4_AFTER_REVIEW: usize = 2;

static T4_ROWS: [RowDef; 3] = [
    RowDef {
        key: "review",
        label: "行政复议",
        outer: None,
        group: None,
        role: RowRole::Data,
    },
    RowDef {
        key: "litigation_direct",
        label: "未经复议直接起诉",
        outer: Some("行政诉讼"),
        group: None,
        role: RowRole::Data,
    },
    RowDef {
        key: "litigation_after_review",
        label: "复议后起诉",
        outer: Some("行政诉讼"),
        group: None,
        role: RowRole::Data,
    },
];

/// The printed header of table 4 (15 grid columns, 3 header rows; the data row follows).
static T4_HEADER: [HeaderCell; 19] = [
    HeaderCell {
        text: "行政复议",
        row: 0,
        col: 0,
        rowspan: 1,
        colspan: 5,
    },
    HeaderCell {
        text: "行政诉讼",
        row: 0,
        col: 5,
        rowspan: 1,
        colspan: 10,
    },
    HeaderCell {
        text: "结果维持",
        row: 1,
        col: 0,
        rowspan: 2,
        colspan: 1,
    },
    HeaderCell {
        text: "结果纠正",
        row: 1,
        col: 1,
        rowspan: 2,
        colspan: 1,
    },
    HeaderCell {
        text: "其他结果",
        row: 1,
        col: 2,
        rowspan: 2,
        colspan: 1,
    },
    HeaderCell {
        text: "尚未审结",
        row: 1,
        col: 3,
        rowspan: 2,
        colspan: 1,
    },
    HeaderCell {
        text: "总计",
        row: 1,
        col: 4,
        rowspan: 2,
        colspan: 1,
    },
    HeaderCell {
        text: "未经复议直接起诉",
        row: 1,
        col: 5,
        rowspan: 1,
        colspan: 5,
    },
    HeaderCell {
        text: "复议后起诉",
        row: 1,
        col: 10,
        rowspan: 1,
        colspan: 5,
    },
    HeaderCell {
        text: "结果维持",
        row: 2,
        col: 5,
        rowspan: 1,
        colspan: 1,
    },
    HeaderCell {
        text: "结果纠正",
        row: 2,
        col: 6,
        rowspan: 1,
        colspan: 1,
    },
    HeaderCell {
        text: "其他结果",
        row: 2,
        col: 7,
        rowspan: 1,
        colspan: 1,
    },
    HeaderCell {
        text: "尚未审结",
        row: 2,
        col: 8,
        rowspan: 1,
        colspan: 1,
    },
    HeaderCell {
        text: "总计",
        row: 2,
        col: 9,
        rowspan: 1,
        colspan: 1,
    },
    HeaderCell {
        text: "结果维持",
        row: 2,
        col: 10,
        rowspan: 1,
        colspan: 1,
    },
    HeaderCell {
        text: "结果纠正",
        row: 2,
        col: 11,
        rowspan: 1,
        colspan: 1,
    },
    HeaderCell {
        text: "其他结果",
        row: 2,
        col: 12,
        rowspan: 1,
        colspan: 1,
    },
    HeaderCell {
        text: "尚未审结",
        row: 2,
        col: 13,
        rowspan: 1,
        colspan: 1,
    },
    HeaderCell {
        text: "总计",
        row: 2,
        col: 14,
        rowspan: 1,
        colspan: 1,
    },
];

static T4_ROW_SUMS: [ColumnSum; 1] = [ColumnSum {
    total: T4_TOTAL,
    parts: &[T4_UPHELD, T4_CORRECTED, T4_OTHER_RESULT, T4_PENDING],
}];

/// Table 4, the same in both formats: three blocks of five stored as three rows.
pub static TABLE4: GridDef = GridDef {
    table: TableId::T4,
    caption: "四、政府信息公开行政复议、行政诉讼情况",
    label_columns: 0,
    header: &T4_HEADER,
    header_rows: 3,
    columns: &T4_COLUMNS,
    rows: &T4_ROWS,
    row_sums: &T4_ROW_SUMS,
    layout: OnceLock::new(),
};

// --- Table 2: blocks of labelled rows, mixed kinds --------------------------------------------------------------

/// What a table-2 cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// A non-negative integer.
    Count,
    /// An integer that may be negative (2019: `本年增/减`).
    Change,
    /// An amount in 万元 with up to six decimals (one 分).
    WanYuan,
    /// Free text as printed (2019: `采购总金额`, e.g. `87694.8萬元`).
    Text,
}

/// A value column of a table-2 row.
#[derive(Debug)]
pub struct FieldDef {
    /// Stable id within the row (interchange key), e.g. `issued`.
    pub key: &'static str,
    /// What the cell holds, and so how it is entered, checked and printed.
    pub kind: FieldKind,
}

/// A row of table 2 (`规章`, `行政许可`, …).
#[derive(Debug)]
pub struct Table2Row {
    /// Interchange key, e.g. `normative_documents`.
    pub key: &'static str,
    /// The printed row label, e.g. `行政规范性文件`.
    pub label: &'static str,
    /// The row's value cells, left to right.
    pub fields: &'static [FieldDef],
}

/// A block of table 2: caption row, header row, data rows.
#[derive(Debug)]
pub struct Table2Block {
    /// `第二十条第（一）项`
    pub caption: &'static str,
    /// The header row: `信息内容` then one header per field. When there are fewer headers than the grid's
    /// value columns, the last one spans the rest.
    pub headers: &'static [&'static str],
    /// Indices into [`Table2Def::rows`].
    pub rows: std::ops::Range<usize>,
}

/// Table 2 (主动公开政府信息情况) of one edition of the format: blocks of labelled rows of mixed kinds.
#[derive(Debug)]
pub struct Table2Def {
    /// The section title printed above the table.
    pub caption: &'static str,
    /// Grid width: the label column plus three value columns.
    pub grid_columns: usize,
    /// The blocks (`第二十条第（一）项` …), top to bottom.
    pub blocks: &'static [Table2Block],
    /// Every data row, top to bottom; the blocks index into it.
    pub rows: &'static [Table2Row],
    /// The printed geometry, derived on first use ([`Table2Def::layout`]).
    layout: OnceLock<TableLayout>,
}

impl Table2Def {
    /// How the table is printed: derived from this definition once.
    pub fn layout(&self) -> &TableLayout {
        self.layout.get_or_init(|| layout::table2(self))
    }

    /// Every cell of the table, in reading order.
    pub fn cells(&self) -> impl Iterator<Item = CellRef> + '_ {
        self.rows.iter().enumerate().flat_map(|(r, row)| {
            (0..row.fields.len()).map(move |c| CellRef::new(TableId::T2, r, c))
        })
    }

    /// How many cells the clerk fills in: 10 in the 2021 format.
    pub fn cell_count(&self) -> usize {
        self.rows.iter().map(|r| r.fields.len()).sum()
    }

    /// The index of the row with this stable key (e.g. `licensing`).
    pub fn row_index(&self, key: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.key == key)
    }

    /// The block a row belongs to (the first block for an index out of range).
    pub fn block_of(&self, row: usize) -> &Table2Block {
        self.blocks
            .iter()
            .find(|b| b.rows.contains(&row))
            .unwrap_or(&self.blocks[0])
    }

    /// The printed column header of a cell, e.g. `本年制发件数`.
    pub fn field_label(&self, row: usize, col: usize) -> &'static str {
        let headers = self.block_of(row).headers;
        headers
            .get(col + 1)
            .or(headers.last())
            .copied()
            .unwrap_or("")
    }

    /// The accessible name of a cell: `表二 第二十条第（一）项 行政规范性文件 本年制发件数`.
    pub fn cell_name(&self, row: usize, col: usize) -> String {
        format!(
            "表二 {} {} {}",
            self.block_of(row).caption,
            self.rows[row].label,
            self.field_label(row, col)
        )
    }
}

const COUNT: FieldKind = FieldKind::Count;

static T2_ROWS_2021: [Table2Row; 6] = [
    Table2Row {
        key: "regulations",
        label: "规章",
        fields: &[
            FieldDef {
                key: "issued",
                kind: COUNT,
            },
            FieldDef {
                key: "repealed",
                kind: COUNT,
            },
            FieldDef {
                key: "in_force",
                kind: COUNT,
            },
        ],
    },
    Table2Row {
        key: "normative_documents",
        label: "行政规范性文件",
        fields: &[
            FieldDef {
                key: "issued",
                kind: COUNT,
            },
            FieldDef {
                key: "repealed",
                kind: COUNT,
            },
            FieldDef {
                key: "in_force",
                kind: COUNT,
            },
        ],
    },
    Table2Row {
        key: "licensing",
        label: "行政许可",
        fields: &[FieldDef {
            key: "decisions",
            kind: COUNT,
        }],
    },
    Table2Row {
        key: "penalty",
        label: "行政处罚",
        fields: &[FieldDef {
            key: "decisions",
            kind: COUNT,
        }],
    },
    Table2Row {
        key: "coercion",
        label: "行政强制",
        fields: &[FieldDef {
            key: "decisions",
            kind: COUNT,
        }],
    },
    Table2Row {
        key: "admin_fees",
        label: "行政事业性收费",
        fields: &[FieldDef {
            key: "amount_wan_yuan",
            kind: FieldKind::WanYuan,
        }],
    },
];

/// Table 2 (2021) row indices and field indices the checks use: the row `规章`.
pub const T2_REGULATIONS: usize = 0;
/// Table 2 (2021) row `行政规范性文件`.
pub const T2_NORMATIVE: usize = 1;
/// Table 2 field `本年制发件数` of the `规章` and `行政规范性文件` rows.
pub const T2_ISSUED: usize = 0;
/// Table 2 field `本年废止件数` of the same rows.
pub const T2_REPEALED: usize = 1;
/// Table 2 field `现行有效件数` of the same rows: in force at the end of the year, whenever issued.
pub const T2_IN_FORCE: usize = 2;
/// Table 2 (2021) row `行政事业性收费`; its one field is the amount in 万元.
pub const T2_FEES: usize = 5;

/// Table 2 as the 2021 format prints it: 4 blocks, 6 rows, 10 cells.
pub static TABLE2_2021: Table2Def = Table2Def {
    caption: "二、主动公开政府信息情况",
    grid_columns: 4,
    blocks: &[
        Table2Block {
            caption: "第二十条第（一）项",
            headers: &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            rows: 0..2,
        },
        Table2Block {
            caption: "第二十条第（五）项",
            headers: &["信息内容", "本年处理决定数量"],
            rows: 2..3,
        },
        Table2Block {
            caption: "第二十条第（六）项",
            headers: &["信息内容", "本年处理决定数量"],
            rows: 3..5,
        },
        Table2Block {
            caption: "第二十条第（八）项",
            headers: &["信息内容", "本年收费金额（单位：万元）"],
            rows: 5..6,
        },
    ],
    rows: &T2_ROWS_2021,
    layout: OnceLock::new(),
};

const PUBLISHED_FIELDS: &[FieldDef] = &[
    FieldDef {
        key: "new_made",
        kind: COUNT,
    },
    FieldDef {
        key: "new_published",
        kind: COUNT,
    },
    FieldDef {
        key: "total_published",
        kind: COUNT,
    },
];

const ITEM_FIELDS: &[FieldDef] = &[
    FieldDef {
        key: "previous_items",
        kind: COUNT,
    },
    FieldDef {
        key: "change",
        kind: FieldKind::Change,
    },
    FieldDef {
        key: "decisions",
        kind: COUNT,
    },
];

static T2_ROWS_2019: [Table2Row; 8] = [
    Table2Row {
        key: "regulations",
        label: "规章",
        fields: PUBLISHED_FIELDS,
    },
    Table2Row {
        key: "normative_documents",
        label: "规范性文件",
        fields: PUBLISHED_FIELDS,
    },
    Table2Row {
        key: "licensing",
        label: "行政许可",
        fields: ITEM_FIELDS,
    },
    Table2Row {
        key: "other_services",
        label: "其他对外管理服务事项",
        fields: ITEM_FIELDS,
    },
    Table2Row {
        key: "penalty",
        label: "行政处罚",
        fields: ITEM_FIELDS,
    },
    Table2Row {
        key: "coercion",
        label: "行政强制",
        fields: ITEM_FIELDS,
    },
    Table2Row {
        key: "admin_fees",
        label: "行政事业性收费",
        fields: &[
            FieldDef {
                key: "previous_items",
                kind: COUNT,
            },
            FieldDef {
                key: "change",
                kind: FieldKind::Change,
            },
        ],
    },
    Table2Row {
        key: "procurement",
        label: "政府集中采购",
        fields: &[
            FieldDef {
                key: "projects",
                kind: COUNT,
            },
            FieldDef {
                key: "amount",
                kind: FieldKind::Text,
            },
        ],
    },
];

const ITEM_HEADERS: &[&str] = &["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"];

/// Table 2 as the 2019 trial format printed it: 5 blocks, 8 rows; kept as printed, not mapped onto 2021's cells.
pub static TABLE2_2019: Table2Def = Table2Def {
    caption: "二、主动公开政府信息情况",
    grid_columns: 4,
    blocks: &[
        Table2Block {
            caption: "第二十条第（一）项",
            headers: &[
                "信息内容",
                "本年新制作数量",
                "本年新公开数量",
                "对外公开总数量",
            ],
            rows: 0..2,
        },
        Table2Block {
            caption: "第二十条第（五）项",
            headers: ITEM_HEADERS,
            rows: 2..4,
        },
        Table2Block {
            caption: "第二十条第（六）项",
            headers: ITEM_HEADERS,
            rows: 4..6,
        },
        Table2Block {
            caption: "第二十条第（八）项",
            headers: &["信息内容", "上一年项目数量", "本年增/减"],
            rows: 6..7,
        },
        Table2Block {
            caption: "第二十条第（九）项",
            headers: &["信息内容", "采购项目数量", "采购总金额"],
            rows: 7..8,
        },
    ],
    rows: &T2_ROWS_2019,
    layout: OnceLock::new(),
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn table3_has_175_cells_in_2021_and_161_in_2019() {
        assert_eq!(TABLE3_2021.cell_count(), 175);
        assert_eq!(TABLE3_2019.cell_count(), 161);
        assert_eq!(TABLE4.cell_count(), 15);
        assert_eq!(TABLE2_2021.cell_count(), 10);
    }

    #[test]
    fn ids_are_unique() {
        for grid in [&TABLE3_2021, &TABLE3_2019, &TABLE4] {
            let rows: HashSet<_> = grid.rows.iter().map(|r| r.key).collect();
            assert_eq!(rows.len(), grid.rows.len());
            let cols: HashSet<_> = grid.columns.iter().map(|c| c.key).collect();
            assert_eq!(cols.len(), grid.columns.len());
        }
        for t2 in [&TABLE2_2021, &TABLE2_2019] {
            let rows: HashSet<_> = t2.rows.iter().map(|r| r.key).collect();
            assert_eq!(rows.len(), t2.rows.len());
            for r in t2.rows {
                let fields: HashSet<_> = r.fields.iter().map(|f| f.key).collect();
                assert_eq!(fields.len(), r.fields.len(), "{}", r.key);
            }
        }
        let sections: HashSet<_> = SECTIONS.iter().map(|s| s.key).collect();
        assert_eq!(sections.len(), 6);
    }

    #[test]
    fn sections_are_in_statutory_order() {
        for (i, s) in SECTIONS.iter().enumerate() {
            assert_eq!(s.id as usize, i);
        }
        let numerals = ["一、", "二、", "三、", "四、", "五、", "六、"];
        for (s, n) in SECTIONS.iter().zip(numerals) {
            assert!(s.title.starts_with(n), "{}", s.title);
        }
    }

    #[test]
    fn results_span_22_rows_in_2021_and_20_in_2019() {
        let count = |g: &GridDef| {
            g.rows
                .iter()
                .filter(|r| r.outer == Some("三、本年度办理结果"))
                .count()
        };
        assert_eq!(count(&TABLE3_2021), 22);
        assert_eq!(count(&TABLE3_2019), 20);
    }

    #[test]
    fn header_geometry_tiles_the_header_block() {
        for grid in [&TABLE3_2021, &TABLE4] {
            let width = grid.grid_columns();
            let mut covered = vec![vec![false; width]; grid.header_rows];
            for h in grid.header {
                for r in h.row..h.row + h.rowspan {
                    for c in h.col..h.col + h.colspan {
                        let slot = &mut covered[r as usize][c as usize];
                        assert!(!*slot, "{} overlaps at {r},{c}", h.text);
                        *slot = true;
                    }
                }
            }
            assert!(
                covered.iter().flatten().all(|&c| c),
                "header of {:?} has holes",
                grid.table
            );
        }
    }

    #[test]
    fn row_sums_name_existing_columns() {
        for grid in [&TABLE3_2021, &TABLE3_2019, &TABLE4] {
            for sum in grid.row_sums {
                assert!(sum.total < grid.columns.len());
                assert!(
                    sum.parts
                        .iter()
                        .all(|&p| p < grid.columns.len() && p != sum.total)
                );
            }
        }
        assert_eq!(TABLE3_2021.rows[T3_2021_NO_FEE_PAID].key, "oth_no_fee_paid");
        assert_eq!(TABLE2_2021.rows[T2_FEES].key, "admin_fees");
        assert_eq!(
            TABLE2_2021.rows[T2_NORMATIVE].fields[T2_IN_FORCE].key,
            "in_force"
        );
    }

    #[test]
    fn labels_use_full_width_punctuation() {
        let labels = TABLE3_2021
            .rows
            .iter()
            .flat_map(RowDef::path)
            .chain(TABLE3_2021.header.iter().map(|h| h.text));
        for label in labels {
            assert!(
                !label.contains(['(', ')', ',', ':']),
                "half-width punctuation in {label}"
            );
        }
    }

    #[test]
    fn cell_names_are_built_from_labels() {
        assert_eq!(
            TABLE3_2021.cell_name(0, 0),
            "表三 一、本年新收政府信息公开申请数量 自然人"
        );
        assert_eq!(
            TABLE3_2021.cell_name(4, 1),
            "表三 三、本年度办理结果 （三）不予公开 1.属于国家秘密 法人或其他组织 商业企业"
        );
        assert_eq!(
            TABLE4.cell_name(1, 4),
            "表四 行政诉讼 未经复议直接起诉 总计"
        );
        assert_eq!(
            TABLE2_2021.cell_name(1, 0),
            "表二 第二十条第（一）项 行政规范性文件 本年制发件数"
        );
        assert_eq!(TABLE3_2021.rows[4].short_label(), "（三）1.属于国家秘密");
    }
}
