//! Exports for publication: one resolved [`ReportView`] and three short walks over it ([`text`], [`html`],
//! [`pdf`]), so the renditions can never disagree.
//!
//! The view resolves every label from [`crate::format`] (no label is typed here), takes each table's merged-cell
//! geometry from [`crate::format::layout`] (nothing is laid out here) and formats every number once.
//! Exporters are plain functions `fn(&ReportView, &ExportOptions) -> Result<Vec<u8>, ExportError>`: they never
//! read or write files (fonts come in with `include_bytes!`), and anything that varies between runs (a timestamp)
//! comes in through [`ExportOptions`], so output is reproducible. This module must not depend on any UI crate.

pub mod html;
pub mod linebreak;
pub mod pdf;
pub mod text;

use std::ops::Deref;

pub use crate::format::layout::CellKind;
use crate::format::layout::{PrintedCell, TableLayout};
use crate::format::{CellRef, SectionId};
use crate::model::{Report, Timestamp};
use crate::prose::{self, Paragraph};
use crate::review::{Actor, ApprovalStatus, Review};
use crate::rules::Evaluation;

/// What the exporters need from outside the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// HTML only: a fragment to paste into a CMS (no `html`/`head`/`body`).
    pub fragment: bool,
    /// When the export is made, for the document metadata. `None`: left out where the format allows, so the output
    /// does not depend on the clock.
    pub created: Option<Timestamp>,
    /// The supervisor's approval. Without it every export is a draft.
    pub approval: Option<ApprovalLine>,
}

/// The three renditions, of the report or of its review sheet: one place that maps a name (`--to pdf`) or a menu
/// entry to an exporter, for the CLI and the window alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rendition {
    /// Plain UTF-8 text (`.txt`): one paragraph per line, each table row as its labels then its numbers.
    Text,
    /// HTML (`.html`) for the portal: a standalone page or a CMS fragment, the tables with their merged cells.
    Html,
    /// PDF (`.pdf`) typeset after GB/T 9704-2012 on A4, with subset fonts embedded so the text can be searched.
    Pdf,
}

impl Rendition {
    /// `txt` (or `text`), `html`, `pdf`, in any case.
    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Self::Text),
            "html" => Some(Self::Html),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Text => "txt",
            Self::Html => "html",
            Self::Pdf => "pdf",
        }
    }

    /// What a file dialog calls files of this kind.
    pub fn file_kind(self) -> &'static str {
        match self {
            Self::Text => "纯文本",
            Self::Html => "网页",
            Self::Pdf => "PDF 文档",
        }
    }

    /// The report in this rendition.
    pub fn report(
        self,
        view: &ReportView,
        options: &ExportOptions,
    ) -> Result<Vec<u8>, ExportError> {
        match self {
            Self::Text => text::export(view, options),
            Self::Html => html::export(view, options),
            Self::Pdf => pdf::export(view, options),
        }
    }

    /// The review sheet in this rendition.
    pub fn sheet(
        self,
        sheet: &ReviewSheet,
        options: &ExportOptions,
    ) -> Result<Vec<u8>, ExportError> {
        match self {
            Self::Text => text::review_sheet(sheet),
            Self::Html => html::review_sheet(sheet, options),
            Self::Pdf => pdf::review_sheet(sheet, options),
        }
    }
}

/// The approval line an approved report carries instead of the draft marking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApprovalLine {
    /// 审核人
    pub reviewer: String,
    /// 审核日期, as printed (`2025年1月20日`).
    pub date: String,
}

impl ApprovalLine {
    /// The approval line of a report whose approval is valid (approved and unchanged since); `None` otherwise, so
    /// that a void approval exports as a draft.
    pub fn of(report: &Report, review: &Review) -> Option<Self> {
        let approval = review.approval.as_ref()?;
        (review.approval_status(report) == ApprovalStatus::Valid).then(|| Self {
            reviewer: approval.by.name.clone(),
            date: approval.at.date.chinese(),
        })
    }

    /// The line as every rendition prints it: `审核人：王审核　审核日期：2025年1月20日`.
    pub fn text(&self) -> String {
        format!("审核人：{}　审核日期：{}", self.reviewer, self.date)
    }
}

/// The review sheet (审核意见单) for the archive, resolved once for every rendition: what was reviewed,
/// the history of the review, and every comment with its answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewSheet {
    /// `{报告标题}审核意见单`
    pub title: String,
    /// The issuing body (机关名称), the document's author.
    pub body: String,
    /// (label, value): 报告, 当前状态, 审核结论.
    pub facts: Vec<(&'static str, String)>,
    /// Every change of state (审核记录), oldest first.
    pub history: Vec<HistoryLine>,
    /// Every comment (批注) with its answers, resolved ones included, in the order written.
    pub comments: Vec<CommentView>,
}

/// One transition of the review, as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryLine {
    /// When, `2025-01-20 09:30` (北京时间).
    pub at: String,
    /// `张三（审核人）`
    pub by: String,
    /// `已提交审核 → 退回修改`
    pub action: String,
    /// The note given with the change; may be empty.
    pub note: String,
}

/// A comment and its thread, as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentView {
    /// 1-based, in the order the comments were written.
    pub number: usize,
    /// Where it sits: `表三 一、本年新收政府信息公开申请数量 自然人`.
    pub anchor: String,
    /// Who wrote it: `张三（审核人）`.
    pub by: String,
    /// When, `2025-01-20 09:30` (北京时间).
    pub at: String,
    /// The comment or answer itself.
    pub text: String,
    /// The answers, oldest first (an answer has none of its own, nor an anchor or status).
    pub replies: Vec<CommentView>,
    /// `未解决`, or `已解决（李四，2025-01-20 09:30）`.
    pub status: String,
}

impl ReviewSheet {
    /// The heading of the history part. The sheet's two headings, and what stands under one with nothing to list,
    /// are the same in every rendition.
    pub const HISTORY: &'static str = "一、审核记录";
    /// The heading of the comments part.
    pub const COMMENTS: &'static str = "二、批注及答复";
    /// What stands under a heading with nothing to list.
    pub const NOTHING: &'static str = "无";
    /// Before each answer in a comment's thread.
    pub const ANSWER: &'static str = "答复";

    /// Resolves a report's review into the sheet: facts and verdict, history, comments with their places named.
    pub fn build(report: &Report, review: &Review) -> Self {
        let who = Actor::describe;
        let verdict = match (review.approval_status(report), &review.approval) {
            (ApprovalStatus::Valid, Some(a)) => {
                format!("{}于{}审核通过，报告内容与审核时一致", a.by.name, a.at)
            }
            _ => review.void_reason(report).map_or_else(
                || "尚未审核通过".to_owned(),
                |reason| format!("{reason}，审核通过已失效"),
            ),
        };
        let comments = review
            .comments
            .iter()
            .enumerate()
            .map(|(i, c)| CommentView {
                number: i + 1,
                anchor: c.anchor.describe(report),
                by: who(&c.by),
                at: c.at.to_string(),
                text: c.text.clone(),
                replies: c
                    .replies
                    .iter()
                    .enumerate()
                    .map(|(j, r)| CommentView {
                        number: j + 1,
                        anchor: String::new(),
                        by: who(&r.by),
                        at: r.at.to_string(),
                        text: r.text.clone(),
                        replies: Vec::new(),
                        status: String::new(),
                    })
                    .collect(),
                status: c.resolved.as_ref().map_or_else(
                    || "未解决".to_owned(),
                    |(by, at)| format!("已解决（{}，{at}）", by.name),
                ),
            })
            .collect();
        Self {
            title: format!("{}审核意见单", report.meta.title()),
            body: report.meta.body.clone(),
            facts: vec![
                ("报告", report.meta.title()),
                ("当前状态", review.state.label().to_owned()),
                ("审核结论", verdict),
            ],
            history: review
                .history
                .iter()
                .map(|t| HistoryLine {
                    at: t.at.to_string(),
                    by: who(&t.by),
                    action: format!("{} → {}", t.from.label(), t.to.label()),
                    note: t.note.clone(),
                })
                .collect(),
            comments,
        }
    }
}

/// Why an export could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A bundled font could not be parsed (a broken build, not bad input).
    #[error("内置字体“{0}”无法读取")]
    Font(&'static str),
}

/// The whole report, resolved for publication.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportView {
    /// `{机关名称}{YYYY}年度政府信息公开工作年度报告`
    pub title: String,
    /// The issuing body (document author).
    pub body: String,
    /// The preamble's paragraphs.
    pub preamble: Vec<String>,
    /// The six statutory sections, in order.
    pub sections: Vec<SectionView>,
    /// 落款
    pub signatory: String,
    /// 成文日期 as printed (`2025年1月20日`), if set.
    pub signed: Option<String>,
    /// How many error-level findings the report has: an export with errors is a draft whatever the options say.
    pub errors: usize,
}

impl ReportView {
    /// Resolves the report against its format.
    pub fn build(report: &Report, evaluation: &Evaluation) -> Self {
        let sections = SectionId::ALL
            .iter()
            .map(|&id| SectionView {
                id,
                title: id.title(),
                blocks: section_blocks(report, id),
            })
            .collect();
        Self {
            title: report.meta.title(),
            body: report.meta.body.clone(),
            preamble: prose::paragraphs(&report.preamble_or_customary())
                .map(|p| p.text().to_owned())
                .collect(),
            sections,
            signatory: report.meta.signatory_or_body().to_owned(),
            signed: report.meta.signed.map(crate::model::Date::chinese),
            errors: evaluation.count(crate::rules::Severity::Error),
        }
    }

    /// Draft until approved, and always while errors remain.
    pub fn is_draft(&self, options: &ExportOptions) -> bool {
        options.approval.is_none() || self.errors > 0
    }

    /// The draft notice every rendition shows, saying why it is a draft.
    pub fn draft_notice(&self) -> String {
        if self.errors > 0 {
            format!(
                "草稿：本报告仍有{}处错误，未经审核，不得发布。",
                self.errors
            )
        } else {
            "草稿：本报告未经审核，不得发布。".to_owned()
        }
    }

    /// The tables, in order.
    pub fn tables(&self) -> impl Iterator<Item = &TableView> {
        self.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
    }
}

/// One of the six sections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionView {
    /// Which section it is.
    pub id: SectionId,
    /// `一、总体情况`
    pub title: &'static str,
    /// What the section prints: paragraphs and sub-headings, or its one table.
    pub blocks: Vec<Block>,
}

/// A piece of a section's body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A sub-heading such as `（一）主动公开`.
    Heading(String),
    /// A paragraph of text, as one line.
    Paragraph(String),
    /// A statutory table (sections 二, 三, 四).
    Table(TableView),
}

/// One cell of a table as printed: where the format's layout puts it and what it is (through [`Deref`] to its
/// [`PrintedCell`]: `row`, `col`, spans, `kind`, `headers`, `block`), and the text printed in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellView {
    /// The cell in the format's layout.
    pub printed: &'static PrintedCell,
    /// The printed text: a label, or a data cell's value as printed (empty = blank, never shown as 0).
    pub text: String,
}

impl Deref for CellView {
    type Target = PrintedCell;

    fn deref(&self) -> &PrintedCell {
        self.printed
    }
}

/// A statutory table as printed: the format's layout (through [`Deref`]: `table`, `caption`, `columns`, `rows`,
/// `header_rows`, `label_columns`) with the report's values put into its data cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableView {
    /// The table's printed geometry, from the format.
    pub layout: &'static TableLayout,
    /// Every cell, in reading order (by row, then column), with its text.
    pub cells: Vec<CellView>,
}

impl Deref for TableView {
    type Target = TableLayout;

    fn deref(&self) -> &TableLayout {
        self.layout
    }
}

impl TableView {
    /// The cells that start in a grid row.
    pub fn row_cells(&self, row: usize) -> impl Iterator<Item = &CellView> {
        self.cells.iter().filter(move |c| c.row == row)
    }

    /// The cell covering a grid position, if any.
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&CellView> {
        self.cells.iter().find(|c| c.covers(row, col))
    }

    /// The data cells, in reading order.
    pub fn data(&self) -> impl Iterator<Item = &CellView> {
        self.cells.iter().filter(|c| c.kind == CellKind::Data)
    }

    /// The header and label texts that name a grid row, left to right (labels covering it, including spans from
    /// above). Used by the text export: a row reads as its labels, then its numbers.
    pub fn row_labels(&self, row: usize) -> Vec<&str> {
        let mut labels: Vec<&CellView> = self
            .cells
            .iter()
            .filter(|c| {
                matches!(c.kind, CellKind::RowHeader | CellKind::RowGroupHeader)
                    && (c.row..c.row + c.rowspan).contains(&row)
            })
            .collect();
        labels.sort_by_key(|c| c.col);
        labels.iter().map(|c| c.text.as_str()).collect()
    }
}

/// Formats a count once for every rendition: blank stays blank (an omission, never shown as 0).
fn count_text(value: Option<u64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn section_blocks(report: &Report, id: SectionId) -> Vec<Block> {
    match id {
        SectionId::General => {
            let mut blocks: Vec<Block> = prose::paragraphs(&report.general.intro)
                .map(|p| Block::Paragraph(p.text().to_owned()))
                .collect();
            for part in &report.general.parts {
                if !part.heading.trim().is_empty() {
                    blocks.push(Block::Heading(part.heading.trim().to_owned()));
                }
                blocks.extend(narrative(&part.body));
            }
            blocks
        }
        SectionId::Proactive => {
            let view = table_view(report.format.table2().layout(), |c| {
                let value = report.table2.get(c.row(), c.col());
                value.map(ToString::to_string).unwrap_or_default()
            });
            vec![Block::Table(view)]
        }
        SectionId::Requests => vec![Block::Table(table_view(
            report.format.table3().layout(),
            |c| count_text(report.table3.get(c.row(), c.col())),
        ))],
        SectionId::Appeals => vec![Block::Table(table_view(
            report.format.table4().layout(),
            |c| count_text(report.table4.get(c.row(), c.col())),
        ))],
        SectionId::Problems => narrative(&report.problems),
        SectionId::Other => {
            let mut text = report.other.full_text();
            if report.other.fee_text.trim().is_empty() && report.other.fee.is_stated() {
                let sentence = report.other.fee.sentence(report.meta.year);
                text = if text.trim().is_empty() {
                    sentence
                } else {
                    format!("{sentence}\n{text}")
                };
            }
            narrative(&text)
        }
    }
}

/// A narrative text's paragraphs, the lines that are sub-headings of their own (`（一）收取信息处理费情况`) as headings.
fn narrative(text: &str) -> Vec<Block> {
    prose::paragraphs(text)
        .map(|p| match p {
            Paragraph::Heading(h) => Block::Heading(h.to_owned()),
            Paragraph::Text(t) => Block::Paragraph(t.to_owned()),
        })
        .collect()
}

/// A table as printed: the walk over its [`TableLayout`] that puts the report's value into each data cell.
fn table_view(layout: &'static TableLayout, value: impl Fn(CellRef) -> String) -> TableView {
    TableView {
        layout,
        cells: layout
            .cells
            .iter()
            .map(|printed| CellView {
                printed,
                text: printed
                    .stored
                    .map_or_else(|| printed.text.to_owned(), &value),
            })
            .collect(),
    }
}
