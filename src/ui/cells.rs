//! One editable value: a table cell or a small form field that only accepts what `crate::input` parses.
//!
//! What the clerk is typing lives in egui's temp memory (a draft), never in the model: only text that parses is
//! handed back for the report. Junk stays visible in the field, marked, with the reason; Escape restores the value the
//! field had when it got focus.

use egui::text::{CCursor, CCursorRange};
use egui::{
    Align, Color32, EventFilter, Id, Key, Modifiers, Rect, Stroke, TextEdit, Ui, UiBuilder, vec2,
};

use crate::format::CellRef;
use crate::rules::{Finding, Severity};

/// Where keyboard navigation asks to go from a focused cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Next,
    Prev,
    Up,
    Down,
}

/// The widget id of a table cell.
pub fn cell_id(cell: CellRef) -> Id {
    Id::new(("nianbao-cell", cell))
}

fn draft_id(id: Id) -> Id {
    id.with("draft")
}

fn original_id(id: Id) -> Id {
    id.with("original")
}

/// The text the clerk has typed into `id` that has not (or could not) reach the model.
pub fn draft(ctx: &egui::Context, id: Id) -> Option<String> {
    ctx.data(|d| d.get_temp::<String>(draft_id(id)))
}

/// Forgets every draft (after undo, open, new: the fields show the model again).
pub fn clear_drafts(ctx: &egui::Context) {
    ctx.data_mut(|d| d.remove_by_type::<String>());
}

/// What a cell did this frame.
#[derive(Default)]
pub struct CellOutput {
    /// Text that parsed and should be written to the model.
    pub commit: Option<String>,
    /// The clerk asked to move to another cell.
    pub moved: Option<Move>,
    /// A pasted block (contains tabs or line breaks) for the table to spread over its cells.
    pub block: Option<String>,
    /// The reason the draft is refused, if it is.
    pub refused: Option<String>,
}

/// Colour a finding of this severity is drawn in.
pub fn severity_color(ui: &Ui, severity: Severity) -> Color32 {
    let v = ui.visuals();
    match severity {
        Severity::Error => v.error_fg_color,
        Severity::Warning => v.warn_fg_color,
        Severity::Notice => Color32::from_rgb(70, 130, 200),
    }
}

/// Draws an editable cell into `rect`. `shown` is the model's value as text; `check` says whether a text would be
/// accepted. `findings` outline the cell and explain themselves on hover.
#[allow(clippy::too_many_arguments)]
pub fn value_cell_ui(
    ui: &mut Ui,
    rect: Rect,
    id: Id,
    name: &str,
    shown: &str,
    check: &dyn Fn(&str) -> Result<(), String>,
    findings: &[&Finding],
    align: Align,
) -> CellOutput {
    let ctx = ui.ctx().clone();
    let mut out = CellOutput::default();
    let focused = ctx.memory(|m| m.has_focus(id));
    if focused {
        out.moved = ctx.input_mut(|i| {
            if i.consume_key(Modifiers::SHIFT, Key::Tab) {
                Some(Move::Prev)
            } else if i.consume_key(Modifiers::NONE, Key::Tab) {
                Some(Move::Next)
            } else if i.consume_key(Modifiers::NONE, Key::Enter)
                || i.consume_key(Modifiers::NONE, Key::ArrowDown)
            {
                Some(Move::Down)
            } else if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
                Some(Move::Up)
            } else {
                None
            }
        });
        out.block = ctx.input_mut(|i| {
            let pos = i.events.iter().position(
                |e| matches!(e, egui::Event::Paste(s) if s.trim_end().contains(['\t', '\n'])),
            )?;
            match i.events.remove(pos) {
                egui::Event::Paste(s) => Some(s),
                _ => None,
            }
        });
    }
    let escape = focused && ctx.input(|i| i.key_pressed(Key::Escape));

    let stored = draft(&ctx, id);
    let mut text = stored.clone().unwrap_or_else(|| shown.to_owned());
    let refused = stored.as_deref().and_then(|t| check(t).err());

    // Background: blank cells are hatched so that a blank reads differently from 0; refused drafts are red.
    let painter = ui.painter_at(rect);
    if refused.is_some() {
        painter.rect_filled(rect, 0.0, ui.visuals().error_fg_color.gamma_multiply(0.18));
    } else if text.trim().is_empty() && !focused {
        let stroke = Stroke::new(1.0, ui.visuals().weak_text_color().gamma_multiply(0.35));
        let mut x = rect.left() - rect.height();
        while x < rect.right() {
            painter.line_segment(
                [
                    egui::pos2(x, rect.bottom()),
                    egui::pos2(x + rect.height(), rect.top()),
                ],
                stroke,
            );
            x += 7.0;
        }
    }

    let inner = rect.shrink2(vec2(4.0, 1.0));
    let layout = egui::Layout::left_to_right(Align::Center).with_main_align(align);
    let output = ui
        .scope_builder(UiBuilder::new().max_rect(inner).layout(layout), |ui| {
            TextEdit::singleline(&mut text)
                .id(id)
                .frame(egui::Frame::NONE)
                .horizontal_align(align)
                .hint_text("空")
                .desired_width(inner.width())
                // The cell handles Tab, Enter, the vertical arrows and Escape itself (move, revert): egui must not
                // move or drop the focus on them first.
                .event_filter(EventFilter {
                    tab: true,
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    escape: true,
                })
                .show(ui)
        })
        .inner;
    let response = output.response.clone();
    let label = name.to_owned();
    ctx.accesskit_node_builder(id, |node| node.set_label(label));

    if response.gained_focus() {
        ctx.data_mut(|d| d.insert_temp(original_id(id), shown.to_owned()));
    }
    if response.gained_focus() || response.clicked() {
        // Typing replaces the cell's content, as in a spreadsheet: a click (or arriving by Tab/Enter) selects the
        // whole figure; a drag or the arrow keys still place the cursor inside it.
        let mut state = output.state;
        state.cursor.set_char_range(Some(CCursorRange::two(
            CCursor::new(0),
            CCursor::new(text.chars().count()),
        )));
        state.store(&ctx, id);
    }
    if escape {
        let original = ctx
            .data(|d| d.get_temp::<String>(original_id(id)))
            .unwrap_or_else(|| shown.to_owned());
        ctx.data_mut(|d| d.remove::<String>(draft_id(id)));
        if original != shown {
            out.commit = Some(original);
        }
        ctx.memory_mut(|m| m.surrender_focus(id));
        return out;
    }
    if response.changed() {
        if check(&text).is_ok() {
            out.commit = Some(text.clone());
        }
        ctx.data_mut(|d| d.insert_temp(draft_id(id), text.clone()));
    }
    let still_draft = draft(&ctx, id);
    if let Some(d) = &still_draft
        && !ctx.memory(|m| m.has_focus(id))
        && check(d).is_ok()
    {
        ctx.data_mut(|data| data.remove::<String>(draft_id(id)));
    }
    out.refused = still_draft.as_deref().and_then(|t| check(t).err());

    // Outline and hover: the worst finding decides the colour.
    let worst = findings.iter().map(|f| f.severity).max();
    if let Some(severity) = worst {
        ui.painter().rect_stroke(
            rect.shrink(1.0),
            0.0,
            Stroke::new(2.0, severity_color(ui, severity)),
            egui::StrokeKind::Inside,
        );
    }
    if let Some(reason) = &out.refused {
        ui.painter().rect_stroke(
            rect.shrink(1.0),
            0.0,
            Stroke::new(2.0, ui.visuals().error_fg_color),
            egui::StrokeKind::Inside,
        );
        response
            .response
            .clone()
            .on_hover_text(format!("未接受：{reason}"));
    } else if !findings.is_empty() {
        let text: Vec<String> = findings
            .iter()
            .map(|f| format!("{} {}：{}", f.severity.label(), f.rule, f.message))
            .collect();
        response.response.clone().on_hover_text(text.join("\n"));
    }
    out
}

/// A small form field (year, date, fee figures) with the same draft rules as a cell. Returns the parsed value when
/// the clerk typed something acceptable.
pub fn value_field_ui<T>(
    ui: &mut Ui,
    id: Id,
    name: &str,
    shown: &str,
    width: f32,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Option<T> {
    let (rect, _) = ui.allocate_exact_size(
        vec2(width, ui.spacing().interact_size.y + 4.0),
        egui::Sense::hover(),
    );
    ui.painter().rect_stroke(
        rect,
        2.0,
        ui.visuals().widgets.inactive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    let check = |t: &str| parse(t).map(|_| ());
    let out = value_cell_ui(ui, rect, id, name, shown, &check, &[], Align::Min);
    if let Some(e) = &out.refused {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    out.commit.and_then(|t| parse(&t).ok())
}
