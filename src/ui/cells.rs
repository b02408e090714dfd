//! One editable value: a table cell or a small form field that only accepts what `crate::input` parses.
//!
//! What the clerk is typing lives in egui's temp memory (a draft), never in the model: only text that parses is
//! handed back for the report. Junk stays visible in the field, marked, with the reason; Escape restores the value the
//! field had when it got focus.

use egui::text::{CCursor, CCursorRange};
use egui::{
    Align, Align2, Color32, Event, EventFilter, Id, Key, Modifiers, Rect, Stroke, TextEdit, Ui,
    UiBuilder, pos2, vec2,
};

use super::editor::{Edits, Entry, Refusal};
use crate::format::CellRef;
use crate::rules::{Finding, RuleId, Severity};

/// Where keyboard navigation asks to go from a focused cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// Tab: the next cell in reading order.
    Next,
    /// Shift+Tab.
    Prev,
    /// Arrow up, Shift+Enter.
    Up,
    /// Arrow down, Enter.
    Down,
    /// Arrow left with the caret at the start of the text (or the text all selected).
    Left,
    /// Arrow right with the caret at the end of the text (or the text all selected).
    Right,
}

/// The widget id of a table cell.
pub fn cell_id(cell: CellRef) -> Id {
    Id::unique(("nianbao-cell", cell))
}

fn draft_id(id: Id) -> Id {
    id.with("draft")
}

/// The one cell being edited: which, the last pass it was drawn with the focus, and the value it had when it got the
/// focus (what Escape restores).
#[derive(Clone)]
struct Editing {
    id: Id,
    last_pass: u64,
    original: String,
}

fn editing_id() -> Id {
    Id::unique("nianbao-cell-editing")
}

/// Notes that `id` is drawn with the focus in this pass and returns the value it had when it got the focus, and
/// whether it got it just now. egui's `gained_focus` cannot be used: it misses focus requested after the widget was
/// drawn in a pass, which is how the tables move it (Tab, Enter, arrows), so the session is tracked here by pass.
fn note_focus(ctx: &egui::Context, id: Id, shown: &str) -> (String, bool) {
    let pass = ctx.cumulative_pass_nr();
    let previous = ctx.data(|d| d.get_temp::<Editing>(editing_id()));
    let (original, is_new) = match previous {
        Some(e) if e.id == id && e.last_pass + 1 >= pass => (e.original, false),
        _ => (shown.to_owned(), true),
    };
    let editing = Editing {
        id,
        last_pass: pass,
        original: original.clone(),
    };
    ctx.data_mut(|d| d.insert_temp(editing_id(), editing));
    (original, is_new)
}

/// The text the clerk has typed into `id` that has not (or could not) reach the model.
pub fn draft(ctx: &egui::Context, id: Id) -> Option<String> {
    ctx.data(|d| d.get_temp::<String>(draft_id(id)))
}

/// Forgets every draft (after undo, open, new: the fields show the model again), and what the focused cell held when
/// it got the focus (Escape must not bring back a value from before the undo).
pub fn clear_drafts(ctx: &egui::Context) {
    ctx.data_mut(|d| {
        d.remove_by_type::<String>();
        d.remove_by_type::<Editing>();
    });
}

/// Whether a widget may take the keyboard focus it is asked to take now. Not in a frame with a click: egui gives
/// up the focus of every widget the click was not on, so a jump asked for by clicking a finding or a link would
/// land and be dropped in the same frame. The request waits for the next frame, which this asks for.
pub fn can_take_focus(ui: &Ui) -> bool {
    let clicked = ui.input(|i| i.pointer.any_click());
    if clicked {
        ui.ctx().request_repaint();
    }
    !clicked
}

/// What an entry's text did this frame, for the report and the editor's refusals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryChange {
    /// The text parses: the report takes it, and the field shows the report's value again.
    Accept(String),
    /// The text is refused: the report keeps (or gets back) `original`, the value the field had when it got the
    /// focus, and the field shows the refused text with the reason.
    Refuse { original: String, refusal: Refusal },
}

/// What a cell did this frame.
#[derive(Default)]
pub struct CellOutput {
    pub change: Option<EntryChange>,
    /// The clerk asked to move to another cell.
    pub moved: Option<Move>,
    /// A pasted block (contains tabs or line breaks) for the table to spread over its cells.
    pub block: Option<String>,
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

/// Consumes a press of `key` with exactly `modifiers` (egui's `consume_key` ignores an extra Shift, which would take
/// Shift+Arrow, the selection, for a move).
fn consume_exact(input: &mut egui::InputState, modifiers: Modifiers, key: Key) -> bool {
    let before = input.events.len();
    input.events.retain(|e| {
        !matches!(e, Event::Key { key: k, pressed: true, modifiers: m, .. }
            if *k == key && m.matches_exact(modifiers))
    });
    input.events.len() != before
}

/// Selects the whole of `text` in the editor `id`: typing then replaces it, as in a spreadsheet.
fn select_all(ctx: &egui::Context, id: Id, text: &str) {
    let mut state = TextEdit::load_state(ctx, id).unwrap_or_default();
    state.cursor.set_char_range(Some(CCursorRange::two(
        CCursor::new(0),
        CCursor::new(text.chars().count()),
    )));
    state.store(ctx, id);
}

/// The keys that leave a table cell: Tab, Shift+Tab, Enter, Shift+Enter, the vertical arrows, and the horizontal ones
/// when the caret cannot go further that way in the text (at its start or end, or the text all selected).
fn navigation(ctx: &egui::Context, id: Id, text: &str) -> Option<Move> {
    let len = text.chars().count();
    let (at_start, at_end) = TextEdit::load_state(ctx, id)
        .and_then(|s| s.cursor.char_range())
        .map_or((true, true), |r| {
            let (a, b) = (r.primary.index.0, r.secondary.index.0);
            let (lo, hi) = (a.min(b), a.max(b));
            let all = lo == 0 && hi >= len;
            (all || hi == 0, all || lo >= len)
        });
    ctx.input_mut(|i| {
        let keys = [
            (Modifiers::SHIFT, Key::Tab, Move::Prev, true),
            (Modifiers::NONE, Key::Tab, Move::Next, true),
            (Modifiers::SHIFT, Key::Enter, Move::Up, true),
            (Modifiers::NONE, Key::Enter, Move::Down, true),
            (Modifiers::NONE, Key::ArrowUp, Move::Up, true),
            (Modifiers::NONE, Key::ArrowDown, Move::Down, true),
            (Modifiers::NONE, Key::ArrowLeft, Move::Left, at_start),
            (Modifiers::NONE, Key::ArrowRight, Move::Right, at_end),
        ];
        keys.into_iter()
            .find(|&(m, key, _, allowed)| allowed && consume_exact(i, m, key))
            .map(|(_, _, to, _)| to)
    })
}

/// Takes a pasted block (tabs or line breaks inside) out of this frame's input, for the table to spread.
fn take_block(ctx: &egui::Context) -> Option<String> {
    ctx.input_mut(|i| {
        let pos = i
            .events
            .iter()
            .position(|e| matches!(e, Event::Paste(s) if s.trim_end().contains(['\t', '\n'])))?;
        match i.events.remove(pos) {
            Event::Paste(s) => Some(s),
            _ => None,
        }
    })
}

/// Hatches a blank cell so that a blank reads differently from 0.
fn hatch(ui: &Ui, rect: Rect) {
    let painter = ui.painter_at(rect);
    let stroke = Stroke::new(1.0, ui.visuals().weak_text_color().gamma_multiply(0.35));
    let mut x = rect.left() - rect.height();
    while x < rect.right() {
        painter.line_segment(
            [pos2(x, rect.bottom()), pos2(x + rect.height(), rect.top())],
            stroke,
        );
        x += 7.0;
    }
}

/// The marker of a cell with an open review comment: a small filled triangle in its top-right corner.
fn comment_marker(ui: &Ui, rect: Rect) {
    let size = 8.0;
    let corner = rect.right_top() + vec2(-1.0, 1.0);
    ui.painter().add(egui::Shape::convex_polygon(
        vec![corner + vec2(-size, 0.0), corner, corner + vec2(0.0, size)],
        ui.visuals().hyperlink_color,
        Stroke::NONE,
    ));
}

/// One editable value: a table cell, or a form field.
pub struct Cell<'a> {
    pub id: Id,
    /// The accessible name, from the format definition.
    pub name: &'a str,
    /// The report's value as text.
    pub shown: &'a str,
    /// Text refused earlier, shown in place of the report's value until corrected or reverted.
    pub refused: Option<&'a Refusal>,
    /// Whether a text would be accepted, and if not why.
    pub check: &'a dyn Fn(&str) -> Result<(), String>,
    /// Findings on this cell: they outline it and explain themselves on hover.
    pub findings: &'a [&'a Finding],
    /// Open review comments on this cell: a marker, and the text on hover.
    pub comments: &'a [&'a str],
    pub align: Align,
    /// A table cell: Tab, Enter and the arrows ask the table to move (see [`CellOutput::moved`]) and a pasted block
    /// is handed to the table. A form field leaves Tab to egui and takes a paste as text.
    pub is_in_table: bool,
    /// Whether the value may be changed. A read-only cell can still take the focus (a reviewer selects the cell a
    /// comment is about) and its figure be selected and copied.
    pub editable: bool,
}

impl Cell<'_> {
    /// Draws the cell into `rect`.
    pub fn ui(&self, ui: &mut Ui, rect: Rect) -> CellOutput {
        let ctx = ui.ctx().clone();
        let id = self.id;
        let mut out = CellOutput::default();
        let stored = draft(&ctx, id);
        let base = self.refused.map_or(self.shown, |r| r.text.as_str());
        let mut text = stored.clone().unwrap_or_else(|| base.to_owned());

        let focused = ctx.memory(|m| m.has_focus(id));
        let mut original = None;
        if focused {
            let (o, is_new) = note_focus(&ctx, id, self.shown);
            if is_new {
                select_all(&ctx, id, &text);
            }
            original = Some(o);
        }
        if focused && self.is_in_table {
            out.moved = navigation(&ctx, id, &text);
            if self.editable {
                out.block = take_block(&ctx);
            }
        }
        // Escape restores the value the cell had when it got the focus, in the report too, and drops refused text;
        // pressed again on an untouched cell it leaves the cell.
        if let Some(original) = &original
            && ctx.input_mut(|i| consume_exact(i, Modifiers::NONE, Key::Escape))
        {
            if !self.editable || (stored.is_none() && self.refused.is_none() && text == *original) {
                ctx.memory_mut(|m| m.surrender_focus(id));
            } else {
                ctx.data_mut(|d| d.remove::<String>(draft_id(id)));
                out.change = Some(EntryChange::Accept(original.clone()));
                text.clone_from(original);
                select_all(&ctx, id, &text);
            }
        }
        let stored = draft(&ctx, id);
        let reverted = matches!(out.change, Some(EntryChange::Accept(_)));
        let refused_reason = match (&stored, self.refused) {
            (Some(t), _) => (self.check)(t).err(),
            (None, Some(r)) if !reverted => Some(r.reason.clone()),
            _ => None,
        };

        // Background: blank cells are hatched; refused text is red.
        if refused_reason.is_some() {
            ui.painter_at(rect).rect_filled(
                rect,
                0.0,
                ui.visuals().error_fg_color.gamma_multiply(0.18),
            );
        } else if text.trim().is_empty() && !focused {
            hatch(ui, rect);
        }

        let inner = rect.shrink2(vec2(4.0, 1.0));
        let layout = egui::Layout::left_to_right(Align::Center).with_main_align(self.align);
        let filter = EventFilter {
            tab: self.is_in_table,
            horizontal_arrows: true,
            vertical_arrows: true,
            escape: true,
        };
        let output = ui
            .scope_builder(UiBuilder::new().max_rect(inner).layout(layout), |ui| {
                let mut read_only = text.as_str();
                let buffer: &mut dyn egui::TextBuffer = if self.editable {
                    &mut text
                } else {
                    &mut read_only
                };
                TextEdit::singleline(buffer)
                    .id(id)
                    .frame(egui::Frame::NONE)
                    .align(Align2([self.align, Align::Center]))
                    .hint_text("空")
                    .desired_width(inner.width())
                    // The cell handles Tab (in a table), Enter, the arrows and Escape itself (move, revert): egui must
                    // not move or drop the focus on them first.
                    .event_filter(filter)
                    .show(ui)
            })
            .inner;
        let response = output.response.response;
        let label = self.name.to_owned();
        ctx.accesskit_node_builder(id, |node| node.set_label(label));

        // Typing replaces the cell's content, as in a spreadsheet: a click (or arriving by Tab/Enter, above) selects
        // the whole figure; a drag or the arrow keys still place the cursor inside it.
        let has_focus = ctx.memory(|m| m.has_focus(id));
        let is_new = has_focus && note_focus(&ctx, id, self.shown).1;
        if is_new || response.clicked() {
            select_all(&ctx, id, &text);
        }
        let mut refused_reason = refused_reason;
        if response.changed() && self.editable {
            ctx.data_mut(|d| d.insert_temp(draft_id(id), text.clone()));
            match (self.check)(&text) {
                Ok(()) => {
                    refused_reason = None;
                    out.change = Some(EntryChange::Accept(text.clone()));
                }
                Err(reason) => {
                    refused_reason = Some(reason.clone());
                    // Nothing of a refused text reaches the report: it keeps the value from before the entry.
                    let original = original.unwrap_or_else(|| self.shown.to_owned());
                    out.change = Some(EntryChange::Refuse {
                        original,
                        refusal: Refusal {
                            text: text.clone(),
                            reason,
                        },
                    });
                }
            }
        }
        if !has_focus {
            // What was typed is in the report, or refused and kept by the editor: the draft is done.
            ctx.data_mut(|d| d.remove::<String>(draft_id(id)));
        }

        // Outline and hover: the worst finding decides the colour; refused text is outlined as an error.
        let worst = self.findings.iter().map(|f| f.severity).max();
        let outline = if refused_reason.is_some() {
            Some(ui.visuals().error_fg_color)
        } else {
            worst.map(|s| severity_color(ui, s))
        };
        if let Some(color) = outline {
            ui.painter().rect_stroke(
                rect.shrink(1.0),
                0.0,
                Stroke::new(2.0, color),
                egui::StrokeKind::Inside,
            );
        }
        if !self.comments.is_empty() {
            comment_marker(ui, rect);
        }
        let mut hover: Vec<String> = match &refused_reason {
            Some(reason) => vec![format!("未接受：{reason}")],
            None => self
                .findings
                .iter()
                .filter(|f| f.rule != RuleId::InputRefused)
                .map(|f| format!("{} {}：{}", f.severity.label(), f.rule, f.message))
                .collect(),
        };
        hover.extend(self.comments.iter().map(|c| format!("批注：{c}")));
        if !hover.is_empty() {
            response.on_hover_text(hover.join("\n"));
        }
        out
    }
}

/// Applies what a cell did to an entry's value: `set` writes a parsed value into the report and returns whether it
/// changed anything; refusals go to the editor through `edits`.
pub fn apply_change<T>(
    change: Option<EntryChange>,
    entry: Entry,
    parse: impl Fn(&str) -> Option<T>,
    set: impl FnOnce(T) -> bool,
    edits: &mut Edits,
) {
    let Some(change) = change else {
        return;
    };
    let (text, refusal) = match change {
        EntryChange::Accept(text) => (text, None),
        EntryChange::Refuse { original, refusal } => (original, Some(refusal)),
    };
    if let Some(value) = parse(&text) {
        edits.note(set(value));
    }
    edits.refusals.push((entry, refusal));
}

/// A small form field (year, date, fee figures).
pub struct Field<'a> {
    pub entry: Entry,
    pub id: Id,
    pub name: &'a str,
    /// The report's value as text.
    pub shown: &'a str,
    pub refused: Option<&'a Refusal>,
    pub editable: bool,
    pub width: f32,
}

/// A small form field with the same rules as a cell: only what `parse` accepts reaches the report, refused text
/// stays in the field (marked, with the reason under it) and is an error until corrected or reverted. Returns the
/// parsed value when the clerk entered an acceptable one (or reverted to the value from before).
pub fn value_field_ui<T>(
    ui: &mut Ui,
    field: &Field<'_>,
    parse: impl Fn(&str) -> Result<T, String>,
    edits: &mut Edits,
) -> Option<T> {
    let (rect, _) = ui.allocate_exact_size(
        vec2(field.width, ui.spacing().interact_size.y + 4.0),
        egui::Sense::hover(),
    );
    ui.painter().rect_stroke(
        rect,
        2.0,
        ui.visuals().widgets.inactive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    let check = |t: &str| parse(t).map(|_| ());
    let out = Cell {
        id: field.id,
        name: field.name,
        shown: field.shown,
        refused: field.refused,
        check: &check,
        findings: &[],
        comments: &[],
        align: Align::Min,
        is_in_table: false,
        editable: field.editable,
    }
    .ui(ui, rect);
    let reason = match &out.change {
        Some(EntryChange::Refuse { refusal, .. }) => Some(refusal.reason.clone()),
        Some(EntryChange::Accept(_)) => None,
        None => field.refused.map(|r| r.reason.clone()),
    };
    if let Some(e) = reason {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    let mut value = None;
    apply_change(
        out.change,
        field.entry,
        |t| parse(t).ok(),
        |v| {
            value = Some(v);
            false
        },
        edits,
    );
    value
}
