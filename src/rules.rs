//! Every check of `shared/spec/RULES.md`, as plain functions over a [`Report`].
//!
//! Findings are data: rule id, severity, the cells or text they concern, expected and actual values, and a message a
//! clerk understands. The checks read the identities from the report's own format ([`crate::format`]); they know
//! nothing of files, exporters or the UI.

use std::collections::HashMap;
use std::fmt;
use std::fmt::Write as _;

use serde::Serialize;

use crate::format::{CellRef, SectionId, TableId};
use crate::model::{FeeField, Report, TextField};

mod cross;
mod document;
mod tables;
#[cfg(test)]
mod tests;
mod text;

/// Where the checks put their findings. Messages are only formatted for checks that fail.
#[derive(Default)]
struct Sink {
    findings: Vec<Finding>,
}

impl Sink {
    fn push(
        &mut self,
        rule: RuleId,
        anchors: Vec<Anchor>,
        expected: Option<i64>,
        actual: Option<i64>,
        message: String,
    ) {
        self.findings.push(Finding {
            rule,
            severity: rule.severity(),
            anchors,
            expected,
            actual,
            message,
            explanation: None,
        });
    }
}

/// How a message names a cell, from the format definition: `表三“（三）1.属于国家秘密”“自然人”`.
fn cell_label(report: &Report, cell: CellRef) -> String {
    let (row, col) = (cell.row(), cell.col());
    match cell.table {
        TableId::T2 => {
            let def = report.format.table2();
            let label = def.rows.get(row).map_or("", |r| r.label);
            format!(
                "{}“{label}”“{}”",
                TableId::T2.name(),
                def.field_label(row, col)
            )
        }
        t => {
            let def = match t {
                TableId::T3 => report.format.table3(),
                _ => report.format.table4(),
            };
            let row_label = def.rows.get(row).map(|r| match (t, r.outer) {
                (TableId::T4, Some(outer)) => format!("{outer}{}", r.label),
                _ => r.short_label(),
            });
            let col_label = def.columns.get(col).map_or("", |c| c.label);
            format!(
                "{}“{}”“{col_label}”",
                t.name(),
                row_label.unwrap_or_default()
            )
        }
    }
}

/// How serious a finding is (RULES.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    /// Plausibility hint.
    Notice,
    /// Should hold; the clerk may keep it with a written explanation.
    Warning,
    /// An arithmetic identity or a requirement of the format: blocks submission and the final export.
    Error,
}

impl Severity {
    /// How the window and the text outputs name the severity: `错误`, `警告`, `提示`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Error => "错误",
            Self::Warning => "警告",
            Self::Notice => "提示",
        }
    }

    /// The key in `nianbao-cli check --json` output: `error`, `warning`, `notice`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Notice => "notice",
        }
    }
}

/// The rule ids of RULES.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum RuleId {
    /// T3-BALANCE (error): per column, 一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理.
    T3Balance,
    /// T3-OUTCOMES (error): per column, （七）总计 = the sum of the outcome rows （一）…（六）.
    T3Outcomes,
    /// T3-ROWSUM (error): per row, 总计 = the sum of the six applicant columns.
    T3RowSum,
    /// T3-FILLED (error): every cell of table 3 is filled; a blank is an omission, never taken as 0.
    T3Filled,
    /// T3-CARRYOUT (warning): per column, 四、结转下年度 ≤ 一、本年新收 + 二、上年结转.
    T3CarryOut,
    /// T3-FEE (warning): if （六）2 (fee not paid) > 0, section 六 states the 收费通知 issued and their amount.
    T3Fee,
    /// T3-SHIFT (notice): flags a row where 总计 > 自然人 while every organisation column is 0 (a shifted column).
    T3Shift,
    /// T4-SUM (error): in each block, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
    T4Sum,
    /// T4-FILLED (error): every cell of table 4 is filled.
    T4Filled,
    /// T2-FILLED (error): every count of table 2 is an integer ≥ 0, the fee a decimal ≥ 0 with at most 6 decimals.
    T2Filled,
    /// T2-INFORCE (warning): per row, 现行有效件数 ≥ 本年制发件数 − 本年废止件数.
    T2InForce,
    /// T2-FEE-UNIT (notice): flags a 行政事业性收费 amount that looks entered in 元 instead of 万元 (≥ 10 000 000,
    /// or more than 6 decimals).
    T2FeeUnit,
    /// X-CARRY (warning): per column, this year's 二、上年结转 = last year's 四、结转下年度继续办理.
    XCarry,
    /// X-INFORCE (notice): 现行有效 = last year's 现行有效 + 本年制发 − 本年废止 (broken by a clean-up of documents).
    XInForce,
    /// X-JUMP (notice): flags a key figure that changed by more than ×5 or less than ×0.2 on last year.
    XJump,
    /// X-COPY (notice): flags a narrative section more than half of whose sentences are word for word last year's.
    XCopy,
    /// TXT-NUMBERS (warning): figures stated in the text (申请 N 件, 行政复议 N 件, …) agree with the tables.
    TxtNumbers,
    /// TXT-CLAIMS (warning): claims in the text (“均获维持”, “无败诉”, …) agree with table 4.
    TxtClaims,
    /// DOC-SECTIONS (error): all six sections are present and non-empty.
    DocSections,
    /// DOC-META (error): issuing body, report year and date are filled; the statistics period is the report year.
    DocMeta,
    /// DOC-FEE-STATEMENT (error): section 六 states the 信息处理费, at least that none was issued or collected.
    DocFeeStatement,
    /// DOC-SEC5 (warning): section 五 is not just “无” and names both problems and improvements.
    DocSec5,
    /// DOC-DEADLINE (notice): flags a publication after the deadline (1月31日 for a department, 3月31日 for a
    /// people's government).
    DocDeadline,
    /// DOC-LENGTH (notice): flags a section 一 longer than about 1000 characters or without figures.
    DocLength,
    /// Not a check of the report: text the form refused to take into a field, shown there in place of the value
    /// the report keeps. An error until it is corrected or reverted.
    InputRefused,
}

impl RuleId {
    /// Every rule, in the order of RULES.md (then INPUT-REFUSED).
    pub const ALL: [Self; 25] = [
        Self::T3Balance,
        Self::T3Outcomes,
        Self::T3RowSum,
        Self::T3Filled,
        Self::T3CarryOut,
        Self::T3Fee,
        Self::T3Shift,
        Self::T4Sum,
        Self::T4Filled,
        Self::T2Filled,
        Self::T2InForce,
        Self::T2FeeUnit,
        Self::XCarry,
        Self::XInForce,
        Self::XJump,
        Self::XCopy,
        Self::TxtNumbers,
        Self::TxtClaims,
        Self::DocSections,
        Self::DocMeta,
        Self::DocFeeStatement,
        Self::DocSec5,
        Self::DocDeadline,
        Self::DocLength,
        Self::InputRefused,
    ];

    /// The id as RULES.md writes it, shown in every output: `T3-BALANCE`.
    pub fn id(self) -> &'static str {
        match self {
            Self::T3Balance => "T3-BALANCE",
            Self::T3Outcomes => "T3-OUTCOMES",
            Self::T3RowSum => "T3-ROWSUM",
            Self::T3Filled => "T3-FILLED",
            Self::T3CarryOut => "T3-CARRYOUT",
            Self::T3Fee => "T3-FEE",
            Self::T3Shift => "T3-SHIFT",
            Self::T4Sum => "T4-SUM",
            Self::T4Filled => "T4-FILLED",
            Self::T2Filled => "T2-FILLED",
            Self::T2InForce => "T2-INFORCE",
            Self::T2FeeUnit => "T2-FEE-UNIT",
            Self::XCarry => "X-CARRY",
            Self::XInForce => "X-INFORCE",
            Self::XJump => "X-JUMP",
            Self::XCopy => "X-COPY",
            Self::TxtNumbers => "TXT-NUMBERS",
            Self::TxtClaims => "TXT-CLAIMS",
            Self::DocSections => "DOC-SECTIONS",
            Self::DocMeta => "DOC-META",
            Self::DocFeeStatement => "DOC-FEE-STATEMENT",
            Self::DocSec5 => "DOC-SEC5",
            Self::DocDeadline => "DOC-DEADLINE",
            Self::DocLength => "DOC-LENGTH",
            Self::InputRefused => "INPUT-REFUSED",
        }
    }

    /// How serious a finding of this rule is, as RULES.md sets it.
    pub fn severity(self) -> Severity {
        match self {
            Self::T3Balance
            | Self::T3Outcomes
            | Self::T3RowSum
            | Self::T3Filled
            | Self::T4Sum
            | Self::T4Filled
            | Self::T2Filled
            | Self::DocSections
            | Self::DocMeta
            | Self::DocFeeStatement
            | Self::InputRefused => Severity::Error,
            Self::T3CarryOut
            | Self::T3Fee
            | Self::T2InForce
            | Self::XCarry
            | Self::TxtNumbers
            | Self::TxtClaims
            | Self::DocSec5 => Severity::Warning,
            Self::T3Shift
            | Self::T2FeeUnit
            | Self::XInForce
            | Self::XJump
            | Self::XCopy
            | Self::DocDeadline
            | Self::DocLength => Severity::Notice,
        }
    }

    /// The rule an id as RULES.md writes it names (`T3-BALANCE`); `None` for an unknown id.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.id() == id)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A meta field a finding can point at (DOC-META, DOC-DEADLINE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum MetaField {
    /// 机关名称, the issuing body.
    Body,
    /// 机关类型, department or people's government.
    BodyKind,
    /// 报告年度, the year reported on.
    Year,
    /// 公开日期, the publication date.
    Published,
    /// 成文日期, the date of the document.
    Signed,
}

impl MetaField {
    /// The field's label on the 报告信息 page.
    pub fn label(self) -> &'static str {
        match self {
            Self::Body => "机关名称",
            Self::BodyKind => "机关类型",
            Self::Year => "报告年度",
            Self::Published => "公开日期",
            Self::Signed => "成文日期",
        }
    }

    /// The field's value as the form shows it.
    fn text(self, report: &Report) -> String {
        let m = &report.meta;
        match self {
            Self::Body => m.body.clone(),
            Self::BodyKind => m
                .body_kind
                .map(|k| k.label().to_owned())
                .unwrap_or_default(),
            Self::Year => m.year.to_string(),
            Self::Published => m.published.map(|d| d.to_string()).unwrap_or_default(),
            Self::Signed => m.signed.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

/// What a finding concerns.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Anchor {
    /// A cell of table 2, 3 or 4.
    Cell(CellRef),
    /// A whole section.
    Section(SectionId),
    /// A stretch of a free-text field (byte range in [`Report::text`]), e.g. the sentence a TXT-* finding quotes.
    Text {
        /// Which free-text field.
        field: TextField,
        /// Byte offset where the stretch starts.
        start: usize,
        /// Byte offset where it ends (exclusive).
        end: usize,
    },
    /// A field of the report's particulars (报告信息).
    Meta(MetaField),
    /// A figure of section 六's fee statement.
    Fee(FeeField),
}

/// One finding of a check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Which check found it.
    pub rule: RuleId,
    /// Its rule's severity: whether it blocks submission, needs an explanation, or is a hint.
    pub severity: Severity,
    /// What it concerns, most relevant first. The first anchor is where the UI jumps to.
    pub anchors: Vec<Anchor>,
    /// The value the identity requires, where there is one.
    pub expected: Option<i64>,
    /// The value the report has, where there is one.
    pub actual: Option<i64>,
    /// For the clerk, in Chinese, with the numbers: `表三“自然人”列：第一项加第二项（78+0=78）应等于第三项加第四项（77+0=77），相差1`.
    pub message: String,
    /// The clerk's explanation, when the report holds one for this finding's key (warnings and notices only).
    pub explanation: Option<String>,
}

impl Finding {
    /// A stable key for the clerk's explanation: the rule and the first anchor (`T3-CARRYOUT@T3:24:0`).
    ///
    /// A finding on a sentence of the text is keyed by the field, the table cell it is compared with and the figure
    /// the text states (`TXT-NUMBERS@GeneralPart(1):T4:0:4=134`), never by the byte offset: typing elsewhere in the
    /// text must not orphan the clerk's explanation.
    pub fn key(&self) -> String {
        let mut key = format!("{}@", self.rule.id());
        match self.anchors.first() {
            Some(Anchor::Cell(c)) => {
                let _ = write!(key, "{:?}:{}:{}", c.table, c.row, c.col);
            }
            Some(Anchor::Section(s)) => {
                let _ = write!(key, "{s:?}");
            }
            Some(Anchor::Text { field, .. }) => {
                let _ = write!(key, "{field:?}");
                if let Some(c) = self.cells().next() {
                    let _ = write!(key, ":{:?}:{}:{}", c.table, c.row, c.col);
                }
                if let Some(actual) = self.actual {
                    let _ = write!(key, "={actual}");
                }
            }
            Some(Anchor::Meta(m)) => {
                let _ = write!(key, "{m:?}");
            }
            Some(Anchor::Fee(f)) => {
                let _ = write!(key, "{f:?}");
            }
            None => {}
        }
        key
    }

    /// Whether the clerk wrote an explanation for it (one of only blanks does not count).
    pub fn is_explained(&self) -> bool {
        self.explanation
            .as_ref()
            .is_some_and(|e| !e.trim().is_empty())
    }

    /// The table cells it concerns, most relevant first.
    pub fn cells(&self) -> impl Iterator<Item = CellRef> + '_ {
        self.anchors.iter().filter_map(|a| match a {
            Anchor::Cell(c) => Some(*c),
            _ => None,
        })
    }
}

/// The result of checking a report: every finding, and an index from cell to findings for the form.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    /// Every finding, in the order the checks made them.
    pub findings: Vec<Finding>,
    by_cell: HashMap<CellRef, Vec<usize>>,
}

impl Evaluation {
    fn new(findings: Vec<Finding>) -> Self {
        let mut by_cell: HashMap<CellRef, Vec<usize>> = HashMap::new();
        for (i, f) in findings.iter().enumerate() {
            for c in f.cells() {
                by_cell.entry(c).or_default().push(i);
            }
        }
        Self { findings, by_cell }
    }

    /// The findings that concern a cell.
    pub fn at_cell(&self, cell: CellRef) -> impl Iterator<Item = &Finding> {
        self.by_cell
            .get(&cell)
            .into_iter()
            .flatten()
            .map(|&i| &self.findings[i])
    }

    /// How many findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Adds a finding made outside the checks (a refused entry, [`refused_entry`]).
    pub fn push(&mut self, finding: Finding) {
        let i = self.findings.len();
        for c in finding.cells() {
            self.by_cell.entry(c).or_default().push(i);
        }
        self.findings.push(finding);
    }

    /// Whether any finding is an error: then submission, approval and the final export are refused.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Warnings without an explanation (they block submission for review).
    pub fn unexplained_warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning && !f.is_explained())
    }

    /// The findings of one rule.
    pub fn of_rule(&self, rule: RuleId) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.rule == rule)
    }
}

/// Checks a report. `previous` is last year's report when the clerk linked it (enables the X-* checks).
pub fn evaluate(report: &Report, previous: Option<&Report>) -> Evaluation {
    let mut out = Sink::default();
    tables::check(report, &mut out);
    text::check(report, &mut out);
    document::check(report, &mut out);
    if let Some(previous) = previous {
        cross::check(report, previous, &mut out);
    }
    let mut eval = Evaluation::new(out.findings);
    for f in &mut eval.findings {
        if f.severity != Severity::Error {
            f.explanation = report.explanations.get(&f.key()).cloned();
        }
    }
    eval
}

/// The finding for text the form refused to take into a field (INPUT-REFUSED; `reason` quotes the text): the report
/// keeps the field's value from before, which the message names, so that the clerk sees that the screen and the
/// report differ there.
pub fn refused_entry(report: &Report, anchor: Anchor, reason: &str) -> Finding {
    let (place, kept) = match &anchor {
        Anchor::Cell(c) => {
            let kept = match c.table {
                TableId::T2 => report.table2.get(c.row(), c.col()).map(ToString::to_string),
                t => report
                    .grid(t)
                    .and_then(|g| g.get(c.row(), c.col()))
                    .map(|v| v.to_string()),
            };
            (cell_label(report, *c), kept.unwrap_or_default())
        }
        Anchor::Meta(m) => (format!("报告信息“{}”", m.label()), m.text(report)),
        Anchor::Fee(f) => (
            format!("{}“{}”", SectionId::Other.title(), f.label()),
            report.other.fee.text(*f),
        ),
        Anchor::Section(s) => (s.title().to_owned(), String::new()),
        Anchor::Text { field, .. } => (format!("{field:?}"), String::new()),
    };
    let kept = if kept.is_empty() {
        "空白".to_owned()
    } else {
        format!("“{kept}”")
    };
    Finding {
        rule: RuleId::InputRefused,
        severity: RuleId::InputRefused.severity(),
        anchors: vec![anchor],
        expected: None,
        actual: None,
        message: format!(
            "{place}：{reason}。未接受，报告中仍为原值{kept}（请改正，或按 Esc 恢复原值）"
        ),
        explanation: None,
    }
}
