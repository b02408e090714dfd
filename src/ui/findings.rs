//! The findings panel: every finding of the evaluation grouped by where it belongs, each clickable to jump to its
//! cell or sentence; warnings and notices take the clerk's explanation, which is saved in the report.

use std::collections::BTreeMap;

use egui::{Id, RichText, Sense, TextEdit, Ui};

use super::cells::severity_color;
use super::editor::Edits;
use crate::format::SectionId;
use crate::rules::{Anchor, Evaluation, Finding, Severity};

/// A page of the editor: the report information, one of the six sections, or the review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Page {
    /// 报告信息: the issuing body, its kind, the year, the dates, the contact and the 前言; where findings on them land.
    Meta,
    /// One of the six statutory sections.
    Section(SectionId),
    /// 审核: state, comments, changes since review, history.
    Review,
}

impl Page {
    /// Every page, in the order of the page list.
    pub const ALL: [Self; 8] = [
        Self::Meta,
        Self::Section(SectionId::General),
        Self::Section(SectionId::Proactive),
        Self::Section(SectionId::Requests),
        Self::Section(SectionId::Appeals),
        Self::Section(SectionId::Problems),
        Self::Section(SectionId::Other),
        Self::Review,
    ];

    /// The page's name in the page list and its heading: `报告信息`, a section title, `审核`.
    pub fn title(self) -> &'static str {
        match self {
            Self::Meta => "报告信息",
            Self::Section(s) => s.title(),
            Self::Review => "审核",
        }
    }

    /// Where a finding is shown: the page of its first anchor.
    pub fn of(finding: &Finding) -> Self {
        match finding.anchors.first() {
            Some(Anchor::Cell(c)) => Self::Section(c.table.section()),
            Some(Anchor::Section(s)) => Self::Section(*s),
            Some(Anchor::Text { field, .. }) => field.section().map_or(Self::Meta, Self::Section),
            Some(Anchor::Fee(_)) => Self::Section(SectionId::Other),
            Some(Anchor::Meta(_)) | None => Self::Meta,
        }
    }
}

/// (errors, warnings) on a page.
pub fn counts(eval: &Evaluation, page: Page) -> (usize, usize) {
    let on_page = eval.findings.iter().filter(|f| Page::of(f) == page);
    on_page.fold((0, 0), |(e, w), f| match f.severity {
        Severity::Error => (e + 1, w),
        Severity::Warning => (e, w + 1),
        Severity::Notice => (e, w),
    })
}

/// More findings of one rule on a page than this are folded under one line, so that a blank table does not push
/// everything else (and the explanation fields of the warnings) out of the panel.
const FOLD_ABOVE: usize = 3;

/// What the panel reads besides the evaluation, and the explanations it edits.
pub struct FindingsCtx<'a> {
    pub explanations: &'a mut BTreeMap<String, String>,
    /// Submitted, approved or published: explanations are part of the content under review and cannot change.
    pub read_only: bool,
    /// Open review comments on findings: (finding key, text shown).
    pub comments: &'a [(String, String)],
    /// Whether an explanation changed.
    pub edits: &'a mut Edits,
}

/// Draws the panel; returns the finding the clerk clicked (to jump to it).
pub fn findings_ui(
    ui: &mut Ui,
    eval: &Evaluation,
    fcx: &mut FindingsCtx<'_>,
) -> Option<(Page, Anchor)> {
    let mut clicked = None;
    ui.heading("检查结果");
    if eval.findings.is_empty() {
        ui.label("未发现问题。");
        return None;
    }
    ui.label(format!(
        "错误{}项，警告{}项，提示{}项",
        eval.count(Severity::Error),
        eval.count(Severity::Warning),
        eval.count(Severity::Notice)
    ));
    egui::ScrollArea::vertical().show(ui, |ui| {
        for page in Page::ALL {
            let groups = rule_groups(eval, page);
            if groups.is_empty() {
                continue;
            }
            ui.separator();
            ui.strong(page.title());
            for group in groups {
                let first = group[0];
                if group.len() > FOLD_ABOVE {
                    let title = format!(
                        "{} {}（{}处）",
                        first.severity.label(),
                        first.rule,
                        group.len()
                    );
                    let color = severity_color(ui, first.severity);
                    egui::CollapsingHeader::new(RichText::new(title).color(color))
                        .id_salt(("nianbao-findings", page, first.rule, first.severity))
                        .default_open(false)
                        .show(ui, |ui| {
                            for f in group {
                                finding_ui(ui, page, f, fcx, &mut clicked);
                            }
                        });
                } else {
                    for f in group {
                        finding_ui(ui, page, f, fcx, &mut clicked);
                    }
                }
            }
        }
    });
    clicked
}

/// The findings shown on `page`, most severe first, in runs of one rule and severity (in the evaluation's order).
fn rule_groups(eval: &Evaluation, page: Page) -> Vec<Vec<&Finding>> {
    let mut on_page: Vec<&Finding> = eval
        .findings
        .iter()
        .filter(|f| Page::of(f) == page)
        .collect();
    on_page.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let mut groups: Vec<Vec<&Finding>> = Vec::new();
    for f in on_page {
        match groups
            .iter_mut()
            .find(|g| g[0].rule == f.rule && g[0].severity == f.severity)
        {
            Some(g) => g.push(f),
            None => groups.push(vec![f]),
        }
    }
    groups
}

/// One finding: its message (a click jumps to it) and, for a warning or notice, the clerk's explanation.
fn finding_ui(
    ui: &mut Ui,
    page: Page,
    f: &Finding,
    fcx: &mut FindingsCtx<'_>,
    clicked: &mut Option<(Page, Anchor)>,
) {
    let color = severity_color(ui, f.severity);
    let text =
        RichText::new(format!("{} {}：{}", f.severity.label(), f.rule, f.message)).color(color);
    let response = ui
        .add(egui::Label::new(text).wrap().sense(Sense::click()))
        .on_hover_text("点击跳到相关位置");
    if response.clicked()
        && let Some(a) = f.anchors.first()
    {
        *clicked = Some((page, a.clone()));
    }
    let key = f.key();
    for (_, comment) in fcx.comments.iter().filter(|(k, _)| *k == key) {
        ui.colored_label(ui.visuals().hyperlink_color, comment);
    }
    if f.severity == Severity::Error {
        return;
    }
    let explanations = &mut *fcx.explanations;
    let mut text = explanations.get(&key).cloned().unwrap_or_default();
    // The id follows the finding, not its place in the list: findings come and go while the clerk types.
    let id = Id::unique(("nianbao-explanation", &key));
    let response = ui.add_enabled(
        !fcx.read_only,
        TextEdit::multiline(&mut text)
            .id(id)
            .desired_rows(1)
            .hint_text("填写说明（保存在报告中，供审核人查看）"),
    );
    let name = format!("说明 {}", f.rule);
    ui.ctx()
        .accesskit_node_builder(response.id, |n| n.set_label(name));
    if response.changed() {
        if text.trim().is_empty() {
            explanations.remove(&key);
        } else {
            explanations.insert(key, text);
        }
        fcx.edits.note(true);
    }
}
