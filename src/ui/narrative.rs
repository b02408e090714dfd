//! The narrative sections (一, 五, 六) and the report information (报告信息): multi-line editors with the customary
//! sub-headings, character counts, the fee form of section 六, and the TXT-* findings shown at their sentence.

use egui::text::{CCursor, CCursorRange};
use egui::{Id, TextEdit, Ui};

use std::collections::BTreeMap;

use super::cells::{Field, can_take_focus, severity_color, value_field_ui};
use super::editor::{Edits, Entry, Refusal};
use crate::format::{PREAMBLE, REPORT_YEARS, SectionId};
use crate::input;
use crate::model::{BodyKind, Date, FeeField, Report, TextField, Yuan};
use crate::rules::{Anchor, Evaluation, MetaField};

/// The widget id of a free-text field's editor.
pub fn text_id(field: TextField) -> Id {
    Id::unique(("nianbao-text", field))
}

/// A request from the findings panel: focus a text field and select a byte range of it.
pub type TextJump = Option<(TextField, usize, usize)>;

/// What the narrative pages read besides the report, and what they report back.
pub struct TextCtx<'a> {
    pub eval: &'a Evaluation,
    /// Form fields whose refused text is shown.
    pub refused: &'a BTreeMap<Entry, Refusal>,
    /// Whether the content may be changed (not while submitted, approved or published).
    pub editable: bool,
    /// A sentence the findings panel asked to show.
    pub jump: &'a mut TextJump,
    /// A form field the findings panel asked to focus.
    pub field_jump: &'a mut Option<Entry>,
    pub edits: &'a mut Edits,
}

impl TextCtx<'_> {
    /// Whether the findings panel asked to focus `entry` (once).
    fn take_jump(&mut self, ui: &Ui, entry: Entry) -> bool {
        *self.field_jump == Some(entry) && can_take_focus(ui) && self.field_jump.take().is_some()
    }

    /// A small form field of the page.
    fn value_field<T>(
        &mut self,
        ui: &mut Ui,
        entry: Entry,
        name: &str,
        shown: &str,
        width: f32,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let id = field_id(entry);
        let jumped = self.take_jump(ui, entry);
        if jumped {
            ui.memory_mut(|m| m.request_focus(id));
        }
        let field = Field {
            entry,
            id,
            name,
            shown,
            refused: self.refused.get(&entry),
            editable: self.editable,
            width,
        };
        let value = value_field_ui(ui, &field, parse, self.edits);
        if jumped {
            ui.scroll_to_cursor(Some(egui::Align::Center));
        }
        value
    }
}

/// The widget id of a small form field.
pub fn field_id(entry: Entry) -> Id {
    Id::unique(("nianbao-field", entry))
}

/// A single-line text that is editable or, read-only, selectable; reports its change.
fn line_edit(ui: &mut Ui, text: &mut String, editable: bool, edits: &mut Edits) -> egui::Response {
    if editable {
        let response = ui.add(TextEdit::singleline(text).desired_width(420.0));
        edits.note(response.changed());
        response
    } else {
        ui.add(TextEdit::singleline(&mut text.as_str()).desired_width(420.0))
    }
}

fn text_editor_ui(
    ui: &mut Ui,
    report: &mut Report,
    field: TextField,
    name: &str,
    rows: usize,
    cx: &mut TextCtx<'_>,
) {
    let id = text_id(field);
    let editable = cx.editable;
    let Some(text) = report.text_mut(field) else {
        return;
    };
    let mut read_only = text.as_str();
    let buffer: &mut dyn egui::TextBuffer = if editable { text } else { &mut read_only };
    let output = TextEdit::multiline(buffer)
        .id(id)
        .desired_rows(rows)
        .desired_width(f32::INFINITY)
        .show(ui);
    cx.edits.note(editable && output.response.changed());
    let text = report.text(field);
    // The navigation entry carries the section title; the editor is its 正文.
    let label = format!("{name}正文");
    ui.ctx()
        .accesskit_node_builder(id, |node| node.set_label(label));
    if let Some((f, start, end)) = *cx.jump
        && f == field
        && can_take_focus(ui)
    {
        let chars = |byte: usize| text.get(..byte).map_or(0, |s| s.chars().count());
        let mut state = output.state;
        state.cursor.set_char_range(Some(CCursorRange::two(
            CCursor::new(chars(start)),
            CCursor::new(chars(end)),
        )));
        state.store(ui.ctx(), id);
        ui.memory_mut(|m| m.request_focus(id));
        output.response.scroll_to_me(Some(egui::Align::Center));
        *cx.jump = None;
    }
    ui.weak(format!("{}字", text.chars().count()));
    // The TXT-* (and other text-anchored) findings, at the sentence they quote.
    for f in &cx.eval.findings {
        for a in &f.anchors {
            if let Anchor::Text {
                field: af,
                start,
                end,
            } = a
                && *af == field
            {
                let quoted = text.get(*start..*end).unwrap_or("");
                ui.colored_label(
                    severity_color(ui, f.severity),
                    format!(
                        "{} {}：“{quoted}” —— {}",
                        f.severity.label(),
                        f.rule,
                        f.message
                    ),
                );
            }
        }
    }
}

/// Section 一、总体情况: opening paragraph and the five customary parts.
pub fn general_ui(ui: &mut Ui, report: &mut Report, cx: &mut TextCtx<'_>) {
    let title = SectionId::General.title();
    ui.label("引言（可空）");
    text_editor_ui(
        ui,
        report,
        TextField::GeneralIntro,
        &format!("{title} 引言"),
        2,
        cx,
    );
    for i in 0..report.general.parts.len() {
        ui.separator();
        let heading_id = Id::unique(("nianbao-part-heading", i));
        let heading = &mut report.general.parts[i].heading;
        let mut read_only = heading.as_str();
        let buffer: &mut dyn egui::TextBuffer = if cx.editable { heading } else { &mut read_only };
        let response = ui.add(
            TextEdit::singleline(buffer)
                .id(heading_id)
                .font(egui::TextStyle::Heading)
                .desired_width(f32::INFINITY),
        );
        cx.edits.note(cx.editable && response.changed());
        let name = format!("{title} 第{}部分标题", i + 1);
        ui.ctx()
            .accesskit_node_builder(response.id, |n| n.set_label(name));
        let name = format!("{title} {}", report.general.parts[i].heading);
        text_editor_ui(ui, report, TextField::GeneralPart(i as u8), &name, 5, cx);
    }
    let total = report.general.full_text().chars().count();
    ui.separator();
    ui.label(format!("本部分共{total}字"));
}

/// Section 五、存在的主要问题及改进情况.
pub fn problems_ui(ui: &mut Ui, report: &mut Report, cx: &mut TextCtx<'_>) {
    ui.label("写明存在的主要问题和采取的改进措施（许多地方还要求写上年度问题整改情况）。");
    text_editor_ui(
        ui,
        report,
        TextField::Problems,
        SectionId::Problems.title(),
        14,
        cx,
    );
}

fn parse_yuan(t: &str) -> Result<Option<Yuan>, String> {
    match input::parse_decimal(t, 2).map_err(|e| e.to_string())? {
        Some(d) if d.is_negative() => Err(format!("“{}”不能为负数", t.trim())),
        d => Ok(d.map(Yuan)),
    }
}

/// Section 六、其他需要报告的事项: the fee form that writes the statutory sentence, then the free text.
pub fn other_ui(ui: &mut Ui, report: &mut Report, cx: &mut TextCtx<'_>) {
    let title = SectionId::Other.title();
    let subheadings = SectionId::Other.def().subheadings;
    ui.heading(subheadings.first().copied().unwrap_or_default());
    let fee = &mut report.other.fee;
    egui::Grid::new("fee-form").num_columns(2).show(ui, |ui| {
        ui.label("发出收费通知（件）");
        let entry = Entry::Fee(FeeField::NoticesIssued);
        if let Some(v) = cx.value_field(
            ui,
            entry,
            &format!("{title} 发出收费通知件数"),
            &fee.text(FeeField::NoticesIssued),
            120.0,
            |t| input::parse_count(t).map_err(|e| e.to_string()),
        ) {
            cx.edits.note(fee.notices_issued != v);
            fee.notices_issued = v;
        }
        ui.end_row();
        ui.label("收费通知金额（元）");
        if let Some(v) = cx.value_field(
            ui,
            Entry::Fee(FeeField::NoticesAmount),
            &format!("{title} 收费通知金额"),
            &fee.text(FeeField::NoticesAmount),
            120.0,
            parse_yuan,
        ) {
            cx.edits.note(fee.notices_amount != v);
            fee.notices_amount = v;
        }
        ui.end_row();
        ui.label("实际收取（元）");
        if let Some(v) = cx.value_field(
            ui,
            Entry::Fee(FeeField::Collected),
            &format!("{title} 实际收取信息处理费"),
            &fee.text(FeeField::Collected),
            120.0,
            parse_yuan,
        ) {
            cx.edits.note(fee.collected != v);
            fee.collected = v;
        }
        ui.end_row();
    });
    let sentence = report.other.fee.sentence(report.meta.year);
    if ui
        .add_enabled(cx.editable, egui::Button::new("按上述数字写入收费情况说明"))
        .on_hover_text(&sentence)
        .clicked()
    {
        cx.edits.note(report.other.fee_text != sentence);
        report.other.fee_text = sentence;
    }
    text_editor_ui(
        ui,
        report,
        TextField::FeeText,
        &format!("{title} 收费情况说明"),
        2,
        cx,
    );
    ui.separator();
    ui.label(format!(
        "其他事项：{}",
        subheadings.get(1..).unwrap_or_default().join("、")
    ));
    text_editor_ui(
        ui,
        report,
        TextField::OtherText,
        &format!("{title} 其他事项"),
        12,
        cx,
    );
}

fn parse_date(t: &str) -> Result<Option<Date>, String> {
    let t = t.trim();
    if t.is_empty() {
        return Ok(None);
    }
    Date::parse_iso(t)
        .map(Some)
        .ok_or_else(|| format!("“{t}”不是日期：请按2024-02-06的格式填写"))
}

fn line_ui(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    cx: &mut TextCtx<'_>,
    jump: Option<Entry>,
) {
    ui.label(label);
    let response = line_edit(ui, value, cx.editable, cx.edits);
    if let Some(entry) = jump
        && cx.take_jump(ui, entry)
    {
        response.request_focus();
        response.scroll_to_me(Some(egui::Align::Center));
    }
    let name = format!("报告信息 {label}");
    ui.ctx()
        .accesskit_node_builder(response.id, |n| n.set_label(name));
    ui.end_row();
}

/// 报告信息: issuing body, year, dates, contacts, the preamble.
pub fn meta_ui(ui: &mut Ui, report: &mut Report, cx: &mut TextCtx<'_>) {
    ui.label(format!("格式：{}", report.format.source()));
    egui::Grid::new("meta-form").num_columns(2).show(ui, |ui| {
        let meta = &mut report.meta;
        line_ui(
            ui,
            MetaField::Body.label(),
            &mut meta.body,
            cx,
            Some(Entry::Meta(MetaField::Body)),
        );
        ui.label(MetaField::BodyKind.label());
        ui.add_enabled_ui(cx.editable, |ui| {
            ui.horizontal(|ui| {
                for kind in [BodyKind::Department, BodyKind::Government] {
                    let response = ui.radio_value(&mut meta.body_kind, Some(kind), kind.label());
                    cx.edits.note(response.changed());
                }
                if meta.body_kind.is_none() {
                    ui.weak(format!("（未选择：按名称推断为{}）", meta.kind().label()));
                }
            });
        });
        ui.end_row();
        ui.label(MetaField::Year.label());
        if let Some(y) = cx.value_field(
            ui,
            Entry::Meta(MetaField::Year),
            "报告信息 报告年度",
            &meta.year.to_string(),
            120.0,
            |t| {
                input::parse_count(t)
                    .map_err(|e| e.to_string())?
                    .and_then(|y| u16::try_from(y).ok())
                    .filter(|y| REPORT_YEARS.contains(y))
                    .ok_or_else(|| {
                        format!(
                            "“{}”不是有效的年度（应在{}至{}年之间）",
                            t.trim(),
                            REPORT_YEARS.start(),
                            REPORT_YEARS.end()
                        )
                    })
            },
        ) {
            cx.edits.note(meta.year != y);
            meta.year = y;
        }
        ui.end_row();
        ui.label(MetaField::Published.label());
        let shown = meta.published.map(|d| d.to_string()).unwrap_or_default();
        if let Some(d) = cx.value_field(
            ui,
            Entry::Meta(MetaField::Published),
            "报告信息 公开日期",
            &shown,
            160.0,
            parse_date,
        ) {
            cx.edits.note(meta.published != d);
            meta.published = d;
        }
        ui.end_row();
        line_ui(ui, "门户网站", &mut meta.portal, cx, None);
        line_ui(ui, "地址", &mut meta.address, cx, None);
        line_ui(ui, "邮编", &mut meta.postcode, cx, None);
        line_ui(ui, "电话", &mut meta.phone, cx, None);
        line_ui(ui, "电子邮箱", &mut meta.email, cx, None);
        line_ui(ui, "落款", &mut meta.signatory, cx, None);
        ui.label(MetaField::Signed.label());
        let shown = meta.signed.map(|d| d.to_string()).unwrap_or_default();
        if let Some(d) = cx.value_field(
            ui,
            Entry::Meta(MetaField::Signed),
            "报告信息 成文日期",
            &shown,
            160.0,
            parse_date,
        ) {
            cx.edits.note(meta.signed != d);
            meta.signed = d;
        }
        ui.end_row();
    });
    ui.label(format!("标题：{}", report.meta.title()));
    ui.separator();
    ui.label(format!("{PREAMBLE}（留空则按惯例由以上信息生成）"));
    if report.preamble.trim().is_empty() {
        ui.weak(report.preamble_or_customary());
    }
    text_editor_ui(
        ui,
        report,
        TextField::Preamble,
        &format!("报告信息 {PREAMBLE}"),
        4,
        cx,
    );
}
