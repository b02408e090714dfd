//! The questions the window asks in a modal dialog, and what each answer does.
//!
//! Every dialog has a heading, its buttons (the first is the default), and the keyboard: Enter chooses the default
//! (Ctrl+Enter where Enter makes a new line), Escape cancels. A dialog whose action fails (a path that cannot be
//! written) stays open, with the reason on the message line, so that the user can correct it.

use std::path::PathBuf;

use egui::{Key, Modifiers, Ui};

use super::app::App;
use super::editor::{Origin, ReportEditor};
use super::files::{ExportKind, FileLock, Holder, with_extension};
use super::review::Action;
use crate::format::REPORT_YEARS;
use crate::io::document::Document;
use crate::io::open::Opened;
use crate::model::{BodyKind, Report};
use crate::review::{Actor, CommentAnchor, Role};

/// What to do once the user decided about unsaved changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterDiscard {
    /// Open this file, or the one a dialog gives.
    Open(Option<PathBuf>),
    New,
    Quit,
}

/// What a path typed by hand is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    /// Save, then go on with what was asked before (when saving was the answer to unsaved changes).
    Save(Option<AfterDiscard>),
    LinkPrevious,
    Export(ExportKind),
}

/// A question the window is asking.
pub enum Dialog {
    New {
        body: String,
        year: String,
        /// Chosen by the user; `None`: inferred from the body's name as it is typed.
        kind: Option<BodyKind>,
    },
    /// Unsaved changes: what to do once the user decided.
    Discard(AfterDiscard),
    /// An autosave copy that differs from the report on screen.
    Recover { copy: PathBuf, doc: Box<Document> },
    /// A file dialog could not give a path: ask for it by hand, starting from a suggestion.
    Path { purpose: PathPurpose, text: String },
    /// Prefill 二、上年结转 from last year's 四.
    PrefillCarry,
    /// Who is working: name and role, kept in preferences.
    User { name: String, role: Role },
    /// A reviewer's comment on a cell, started from the table.
    Comment { anchor: CommentAnchor, text: String },
    /// 审核通过, once more: it locks the report.
    Approve { open_comments: usize },
    /// The file is open in another window.
    InUse {
        path: PathBuf,
        holder: Holder,
        opened: Box<Opened>,
    },
}

impl Dialog {
    /// The dialog's heading.
    pub fn title(&self) -> &'static str {
        match self {
            Self::New { .. } => "新建报告",
            Self::Discard(_) => "有未保存的修改",
            Self::Recover { .. } => "发现自动保存的副本",
            Self::Path { purpose, .. } => match purpose {
                PathPurpose::Open => "打开",
                PathPurpose::Save(_) => "保存",
                PathPurpose::LinkPrevious => "关联上年报告",
                PathPurpose::Export(_) => "导出",
            },
            Self::PrefillCarry => "带入上年结转",
            Self::User { .. } => "用户",
            Self::Comment { .. } => "添加批注",
            Self::Approve { .. } => "确认审核通过",
            Self::InUse { .. } => "文件已在另一个窗口中打开",
        }
    }
}

/// How a dialog's frame ended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Stay,
    Cancel,
    /// The button at this index (0: the default).
    Choose(usize),
}

/// A row of buttons; returns the index of the one clicked.
fn buttons(ui: &mut Ui, choices: &[(&str, bool)]) -> Option<usize> {
    let mut chosen = None;
    ui.horizontal(|ui| {
        for (i, (label, enabled)) in choices.iter().enumerate() {
            if ui
                .add_enabled(*enabled, egui::Button::new(*label))
                .clicked()
            {
                chosen = Some(i);
            }
        }
    });
    chosen
}

/// A single-line field with an accessible name; `focus`: the dialog just opened and this is its first field, which
/// takes the keyboard so that the user can type at once.
fn field(ui: &mut Ui, text: &mut String, name: &str, focus: bool) {
    let response = ui.add(egui::TextEdit::singleline(text).desired_width(460.0));
    if focus {
        response.request_focus();
    }
    let name = name.to_owned();
    ui.ctx()
        .accesskit_node_builder(response.id, |n| n.set_label(name));
}

/// The year typed in the 新建报告 dialog, if valid.
fn parse_year(text: &str) -> Option<u16> {
    crate::input::parse_count(text)
        .ok()
        .flatten()
        .and_then(|y| u16::try_from(y).ok())
        .filter(|y| REPORT_YEARS.contains(y))
}

impl App {
    pub(super) fn dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(mut dialog) = self.dialog.take() else {
            return;
        };
        // Enter chooses the default, Escape cancels; the multi-line comment takes Ctrl+Enter.
        let multiline = matches!(dialog, Dialog::Comment { .. });
        let (enter, escape) = ctx.input_mut(|i| {
            let enter = if multiline {
                i.consume_key(Modifiers::COMMAND, Key::Enter)
            } else {
                i.consume_key(Modifiers::NONE, Key::Enter)
            };
            (enter, i.consume_key(Modifiers::NONE, Key::Escape))
        });
        let mut outcome = Outcome::Stay;
        let mut default_enabled = true;
        // The first frame of a dialog: its first field takes the keyboard.
        let shown_id = egui::Id::unique("nianbao-dialog-shown");
        let opened = ctx.data(|d| d.get_temp::<&'static str>(shown_id)) != Some(dialog.title());
        ctx.data_mut(|d| d.insert_temp(shown_id, dialog.title()));
        egui::Modal::new(egui::Id::NULL.with("nianbao-dialog")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading(dialog.title());
            let (chosen, enabled) = self.dialog_body_ui(ui, &mut dialog, opened);
            default_enabled = enabled;
            if let Some(i) = chosen {
                outcome = Outcome::Choose(i);
            }
        });
        if outcome == Outcome::Stay {
            if escape {
                outcome = Outcome::Cancel;
            } else if enter && default_enabled {
                outcome = Outcome::Choose(0);
            }
        }
        if outcome != Outcome::Stay {
            // The answer may open another dialog or change the page: draw it at once.
            ctx.request_repaint();
        }
        if outcome != Outcome::Stay {
            ctx.data_mut(|d| d.remove::<&'static str>(shown_id));
        }
        match outcome {
            Outcome::Stay => self.dialog = Some(dialog),
            Outcome::Cancel => {}
            Outcome::Choose(i) => self.answer(dialog, i),
        }
    }

    /// Draws a dialog's body and buttons; returns the button clicked and whether the default one is enabled.
    fn dialog_body_ui(
        &mut self,
        ui: &mut Ui,
        dialog: &mut Dialog,
        opened: bool,
    ) -> (Option<usize>, bool) {
        match dialog {
            Dialog::New { body, year, kind } => {
                egui::Grid::new("new-form").num_columns(2).show(ui, |ui| {
                    ui.label("机关名称");
                    field(ui, body, "新报告 机关名称", opened);
                    ui.end_row();
                    ui.label("报告年度");
                    field(ui, year, "新报告 报告年度", false);
                    ui.end_row();
                    ui.label("机关类型");
                    ui.horizontal(|ui| {
                        let shown = kind.unwrap_or_else(|| BodyKind::guess(body));
                        for k in [BodyKind::Department, BodyKind::Government] {
                            if ui.radio(shown == k, k.label()).clicked() {
                                *kind = Some(k);
                            }
                        }
                        if kind.is_none() {
                            ui.weak("（按名称推断）");
                        }
                    });
                    ui.end_row();
                });
                let valid_year = parse_year(year).is_some();
                let has_body = !body.trim().is_empty();
                if !valid_year {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!(
                            "请填写有效的报告年度（{}至{}年）",
                            REPORT_YEARS.start(),
                            REPORT_YEARS.end()
                        ),
                    );
                } else if !has_body {
                    ui.weak("请填写机关名称，如“某某县人民政府”或“某某市教育局”。");
                }
                let ok = valid_year && has_body;
                (buttons(ui, &[("创建", ok), ("取消", true)]), ok)
            }
            Dialog::Discard(_) => {
                ui.label("当前报告有未保存的修改。要先保存吗？");
                let refused = self.editor.refused().len();
                if refused > 0 {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!("其中{refused}处输入未被接受，保存时这些格保留原值。"),
                    );
                }
                (
                    buttons(ui, &[("保存", true), ("不保存", true), ("取消", true)]),
                    true,
                )
            }
            Dialog::Recover { copy, doc } => {
                let when = std::fs::metadata(&*copy)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| {
                        crate::model::Timestamp::from_unix(i64::try_from(d.as_secs()).unwrap_or(0))
                            .to_string()
                    })
                    .unwrap_or_default();
                ui.label(format!(
                    "{}（{when}）保存了“{}”未保存的修改，与现在打开的内容不同，可能是上次程序意外退出时留下的。要恢复吗？",
                    copy.display(),
                    doc.report.meta.title()
                ));
                ui.weak("“以后再说”保留副本不动，下次打开时再问。");
                (
                    buttons(
                        ui,
                        &[("恢复", true), ("丢弃副本", true), ("以后再说", true)],
                    ),
                    true,
                )
            }
            Dialog::Path { purpose, text } => {
                ui.label("未能通过文件选择窗口得到文件（已取消，或系统缺少文件选择服务，如 xdg-desktop-portal）。可以直接输入文件路径：");
                field(ui, text, "文件路径", opened);
                if let PathPurpose::Save(_) | PathPurpose::Export(_) = purpose {
                    ui.weak(
                        "没有扩展名时自动加上。已有的文件会被替换（年报文件保留上一版本为 .bak）。",
                    );
                }
                let ok = !text.trim().is_empty();
                (buttons(ui, &[("确定", ok), ("取消", true)]), ok)
            }
            Dialog::PrefillCarry => {
                ui.label("将用上年报告表三“四、结转下年度继续办理”各列的数字，替换本年“二、上年结转政府信息公开申请数量”一行。");
                (buttons(ui, &[("带入", true), ("取消", true)]), true)
            }
            Dialog::User { name, role } => {
                ui.label("请填写您的姓名并选择角色。姓名和角色会记录在审核记录和批注中。");
                egui::Grid::new("user-form").show(ui, |ui| {
                    ui.label("姓名");
                    field(ui, name, "您的姓名", opened);
                    ui.end_row();
                    ui.label("角色");
                    ui.horizontal(|ui| {
                        for r in [Role::Clerk, Role::Reviewer] {
                            ui.radio_value(role, r, r.label());
                        }
                    });
                    ui.end_row();
                });
                ui.weak("这不是登录认证：任何持有报告文件的人都可以操作。审核通过时记录的内容哈希值保证审核后的内容未被改动。");
                let ok = !name.trim().is_empty();
                (buttons(ui, &[("确定", ok), ("取消", true)]), ok)
            }
            Dialog::Comment { anchor, text } => {
                ui.label(anchor.describe(self.editor.report()));
                let response = ui.add(
                    egui::TextEdit::multiline(text)
                        .desired_rows(3)
                        .hint_text("批注内容"),
                );
                if opened {
                    response.request_focus();
                }
                ui.ctx()
                    .accesskit_node_builder(response.id, |n| n.set_label("批注内容"));
                ui.weak("Ctrl+Enter 添加，Esc 取消");
                let ok = !text.trim().is_empty();
                (buttons(ui, &[("添加", ok), ("取消", true)]), ok)
            }
            Dialog::Approve { open_comments } => {
                ui.label("审核通过后报告锁定为只读，并记录报告内容的哈希值；之后任何改动都会使审核通过失效。");
                if *open_comments > 0 {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("还有{open_comments}条批注未解决。仍然审核通过吗？"),
                    );
                }
                (buttons(ui, &[("确定审核通过", true), ("取消", true)]), true)
            }
            Dialog::InUse { path, holder, .. } => {
                ui.label(format!(
                    "{} 已由{}。两个窗口同时编辑同一文件时，后保存的会覆盖先保存的修改。",
                    path.display(),
                    holder.describe()
                ));
                ui.weak("如果那个窗口已经关闭（例如程序意外退出），可以放心打开。");
                (buttons(ui, &[("仍然打开", true), ("取消", true)]), true)
            }
        }
    }

    /// Carries out the answer `choice` (a button index, 0 the default) to `dialog`.
    fn answer(&mut self, dialog: Dialog, choice: usize) {
        match (dialog, choice) {
            (Dialog::New { body, year, kind }, 0) => {
                let Some(year) = parse_year(&year) else {
                    return;
                };
                let mut report = Report::new(body.trim(), year);
                report.meta.body_kind = Some(kind.unwrap_or_else(|| BodyKind::guess(&body)));
                self.replace_editor(ReportEditor::new(Document::from(report), None, Origin::New));
                self.messages
                    .info("已新建报告。保存时选择文件位置。".to_owned(), self.time);
            }
            (Dialog::Discard(after), 0) => self.save(Some(after)),
            (Dialog::Discard(after), 1) => self.proceed(after),
            (Dialog::Recover { doc, .. }, 0) => self.recover(*doc),
            (Dialog::Recover { copy, .. }, 1) => {
                let _ = std::fs::remove_file(copy);
            }
            (Dialog::Path { purpose, text }, 0) => {
                let path = PathBuf::from(text.trim());
                let done = match &purpose {
                    PathPurpose::Open => self.open_path(&path) || self.dialog.is_some(),
                    PathPurpose::Save(after) => {
                        let saved = self.save_to(&with_extension(&path, "ron"));
                        if saved && let Some(after) = after.clone() {
                            self.proceed(after);
                        }
                        saved
                    }
                    PathPurpose::LinkPrevious => self.link_previous(&path),
                    PathPurpose::Export(kind) => {
                        let extension = kind.rendition().extension();
                        self.export_to(*kind, &with_extension(&path, extension))
                    }
                };
                if !done {
                    // Say why (the message line does) and let the user correct the path.
                    self.dialog = Some(Dialog::Path { purpose, text });
                }
            }
            (Dialog::PrefillCarry, 0) if self.prefill_carried_in() => {
                self.messages
                    .info("已从上年报告带入“二、上年结转”。".to_owned(), self.time);
            }
            (Dialog::User { name, role }, 0) => self.set_user(Actor::new(&name, role)),
            (Dialog::Comment { anchor, text }, 0) => {
                self.review_drafts.comment = text;
                self.apply_review(Action::Comment(anchor));
            }
            (Dialog::Approve { .. }, 0) => self.apply_review(Action::ConfirmApprove),
            (Dialog::InUse { path, opened, .. }, 0) => {
                let lock = FileLock::take_over(&path, self.now());
                self.finish_open(&path, *opened, Some(lock));
            }
            // Every other button cancels.
            _ => {}
        }
    }
}
