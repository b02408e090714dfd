//! The narrative sections (一, 五, 六) and the report information (报告信息): multi-line editors with the customary
//! sub-headings, character counts, the fee form of section 六, and the TXT-* findings shown at their sentence.

use egui::text::{CCursor, CCursorRange};
use egui::{Id, TextEdit, Ui};

use super::cells::{severity_color, value_field_ui};
use crate::format::SectionId;
use crate::input;
use crate::model::{BodyKind, Date, Report, TextField, Yuan};
use crate::rules::{Anchor, Evaluation};

/// The widget id of a free-text field's editor.
pub fn text_id(field: TextField) -> Id {
    Id::unique(("nianbao-text", field))
}

/// A request from the findings panel: focus a text field and select a byte range of it.
pub type TextJump = Option<(TextField, usize, usize)>;

fn text_editor_ui(
    ui: &mut Ui,
    report: &mut Report,
    field: TextField,
    name: &str,
    rows: usize,
    eval: &Evaluation,
    jump: &mut TextJump,
) {
    let id = text_id(field);
    let Some(text) = report.text_mut(field) else {
        return;
    };
    let output = TextEdit::multiline(text)
        .id(id)
        .desired_rows(rows)
        .desired_width(f32::INFINITY)
        .show(ui);
    // The navigation entry carries the section title; the editor is its 正文.
    let label = format!("{name}正文");
    ui.ctx()
        .accesskit_node_builder(id, |node| node.set_label(label));
    if let Some((f, start, end)) = *jump
        && f == field
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
        *jump = None;
    }
    ui.weak(format!("{}字", text.chars().count()));
    // The TXT-* (and other text-anchored) findings, at the sentence they quote.
    for f in &eval.findings {
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
pub fn general_ui(ui: &mut Ui, report: &mut Report, eval: &Evaluation, jump: &mut TextJump) {
    let title = SectionId::General.title();
    ui.label("引言（可空）");
    text_editor_ui(
        ui,
        report,
        TextField::GeneralIntro,
        &format!("{title} 引言"),
        2,
        eval,
        jump,
    );
    for i in 0..report.general.parts.len() {
        ui.separator();
        let heading_id = Id::unique(("nianbao-part-heading", i));
        let heading = &mut report.general.parts[i].heading;
        let response = ui.add(
            TextEdit::singleline(heading)
                .id(heading_id)
                .font(egui::TextStyle::Heading)
                .desired_width(f32::INFINITY),
        );
        let name = format!("{title} 第{}部分标题", i + 1);
        ui.ctx()
            .accesskit_node_builder(response.id, |n| n.set_label(name));
        let name = format!("{title} {}", report.general.parts[i].heading);
        text_editor_ui(
            ui,
            report,
            TextField::GeneralPart(i as u8),
            &name,
            5,
            eval,
            jump,
        );
    }
    let total = report.general.full_text().chars().count();
    ui.separator();
    ui.label(format!("本部分共{total}字"));
}

/// Section 五、存在的主要问题及改进情况.
pub fn problems_ui(ui: &mut Ui, report: &mut Report, eval: &Evaluation, jump: &mut TextJump) {
    ui.label("写明存在的主要问题和采取的改进措施（许多地方还要求写上年度问题整改情况）。");
    text_editor_ui(
        ui,
        report,
        TextField::Problems,
        SectionId::Problems.title(),
        14,
        eval,
        jump,
    );
}

fn yuan_text(y: Option<Yuan>) -> String {
    y.map(|y| y.0.to_string()).unwrap_or_default()
}

fn parse_yuan(t: &str) -> Result<Option<Yuan>, String> {
    match input::parse_decimal(t, 2).map_err(|e| e.to_string())? {
        Some(d) if d.is_negative() => Err(format!("“{}”不能为负数", t.trim())),
        d => Ok(d.map(Yuan)),
    }
}

/// Section 六、其他需要报告的事项: the fee form that writes the statutory sentence, then the free text.
pub fn other_ui(ui: &mut Ui, report: &mut Report, eval: &Evaluation, jump: &mut TextJump) {
    let title = SectionId::Other.title();
    let subheadings = SectionId::Other.def().subheadings;
    ui.heading(subheadings.first().copied().unwrap_or_default());
    let fee = &mut report.other.fee;
    egui::Grid::new("fee-form").num_columns(2).show(ui, |ui| {
        ui.label("发出收费通知（件）");
        let shown = fee
            .notices_issued
            .map(|n| n.to_string())
            .unwrap_or_default();
        if let Some(v) = value_field_ui(
            ui,
            Id::unique("fee-issued"),
            &format!("{title} 发出收费通知件数"),
            &shown,
            120.0,
            |t| input::parse_count(t).map_err(|e| e.to_string()),
        ) {
            fee.notices_issued = v;
        }
        ui.end_row();
        ui.label("收费通知金额（元）");
        if let Some(v) = value_field_ui(
            ui,
            Id::unique("fee-amount"),
            &format!("{title} 收费通知金额"),
            &yuan_text(fee.notices_amount),
            120.0,
            parse_yuan,
        ) {
            fee.notices_amount = v;
        }
        ui.end_row();
        ui.label("实际收取（元）");
        if let Some(v) = value_field_ui(
            ui,
            Id::unique("fee-collected"),
            &format!("{title} 实际收取信息处理费"),
            &yuan_text(fee.collected),
            120.0,
            parse_yuan,
        ) {
            fee.collected = v;
        }
        ui.end_row();
    });
    let sentence = report.other.fee.sentence(report.meta.year);
    if ui
        .button("按上述数字写入收费情况说明")
        .on_hover_text(&sentence)
        .clicked()
    {
        report.other.fee_text = sentence;
    }
    text_editor_ui(
        ui,
        report,
        TextField::FeeText,
        &format!("{title} 收费情况说明"),
        2,
        eval,
        jump,
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
        eval,
        jump,
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

fn line_ui(ui: &mut Ui, label: &str, value: &mut String) {
    ui.label(label);
    let response = ui.add(TextEdit::singleline(value).desired_width(420.0));
    let name = format!("报告信息 {label}");
    ui.ctx()
        .accesskit_node_builder(response.id, |n| n.set_label(name));
    ui.end_row();
}

/// 报告信息: issuing body, year, dates, contacts, the preamble.
pub fn meta_ui(ui: &mut Ui, report: &mut Report, eval: &Evaluation, jump: &mut TextJump) {
    ui.label(format!("格式：{}", report.format.source()));
    egui::Grid::new("meta-form").num_columns(2).show(ui, |ui| {
        let meta = &mut report.meta;
        line_ui(ui, "机关名称", &mut meta.body);
        ui.label("机关类型");
        ui.horizontal(|ui| {
            for kind in [BodyKind::Department, BodyKind::Government] {
                ui.radio_value(&mut meta.body_kind, Some(kind), kind.label());
            }
        });
        ui.end_row();
        ui.label("报告年度");
        if let Some(y) = value_field_ui(
            ui,
            Id::unique("meta-year"),
            "报告信息 报告年度",
            &meta.year.to_string(),
            120.0,
            |t| {
                input::parse_count(t)
                    .map_err(|e| e.to_string())?
                    .and_then(|y| u16::try_from(y).ok())
                    .filter(|y| (2008..=2100).contains(y))
                    .ok_or_else(|| format!("“{}”不是有效的年度", t.trim()))
            },
        ) {
            meta.year = y;
        }
        ui.end_row();
        ui.label("公开日期");
        let shown = meta.published.map(|d| d.to_string()).unwrap_or_default();
        if let Some(d) = value_field_ui(
            ui,
            Id::unique("meta-published"),
            "报告信息 公开日期",
            &shown,
            160.0,
            parse_date,
        ) {
            meta.published = d;
        }
        ui.end_row();
        line_ui(ui, "门户网站", &mut meta.portal);
        line_ui(ui, "地址", &mut meta.address);
        line_ui(ui, "邮编", &mut meta.postcode);
        line_ui(ui, "电话", &mut meta.phone);
        line_ui(ui, "电子邮箱", &mut meta.email);
        line_ui(ui, "落款", &mut meta.signatory);
        ui.label("成文日期");
        let shown = meta.signed.map(|d| d.to_string()).unwrap_or_default();
        if let Some(d) = value_field_ui(
            ui,
            Id::unique("meta-signed"),
            "报告信息 成文日期",
            &shown,
            160.0,
            parse_date,
        ) {
            meta.signed = d;
        }
        ui.end_row();
    });
    ui.label(format!("标题：{}", report.meta.title()));
    ui.separator();
    ui.label("前言（留空则按惯例由以上信息生成）");
    if report.preamble.trim().is_empty() {
        ui.weak(report.preamble_or_customary());
    }
    text_editor_ui(
        ui,
        report,
        TextField::Preamble,
        "报告信息 前言",
        4,
        eval,
        jump,
    );
}
