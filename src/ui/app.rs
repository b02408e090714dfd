//! The window's shell: the report editor it shows, the user's preferences, the page on screen, the question being
//! asked (dialogs), the message line, and the frame: panels drawn, then the commands the frame asked for run.
//!
//! What belongs to the report (its revision, undo, checks, refused entries) lives in [`ReportEditor`]; file handling
//! in `files.rs`, the dialogs in `dialogs.rs`, the status bar and banners in `status.rs`.

use std::path::PathBuf;
use std::time::Instant;

use egui::Ui;

use super::commands::{self, Command};
use super::dialogs::Dialog;
use super::editor::{Edits, Entry, Origin, ReportEditor};
use super::files::{FileDialogs, FileLock, NativeDialogs};
use super::findings::{self, Page};
use super::narrative::{self, TextCtx, TextJump};
use super::review;
use super::status::Messages;
use super::tables::{self, TableCtx};
use super::{cells, sample_report};
use crate::format::{CellRef, SectionId, TableId};
use crate::io::document::Document;
use crate::model::{Report, Timestamp};
use crate::review::{Actor, CommentAnchor, Review, ReviewError, Role};
use crate::rules::{Anchor, Evaluation};

pub(super) const RECENT_KEY: &str = "nianbao-recent";
pub(super) const DARK_KEY: &str = "nianbao-dark";
pub(super) const USER_KEY: &str = "nianbao-user";
pub(super) const EXPORT_DIR_KEY: &str = "nianbao-export-dir";
/// Seconds between two autosaves of unsaved work.
pub(super) const AUTOSAVE_SECONDS: f64 = 30.0;

/// What the user keeps between sessions (eframe's storage; never the report).
pub(super) struct Prefs {
    pub recent: Vec<PathBuf>,
    pub dark: bool,
    /// Who is working (name and role; no name until the user gave one). Not authentication.
    pub user: Actor,
    pub last_export_dir: Option<PathBuf>,
    /// Where a report without a file is autosaved (the user's data folder); `None`: not autosaved (tests).
    pub data_dir: Option<PathBuf>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            dark: false,
            user: Actor::new("", Role::Clerk),
            last_export_dir: None,
            data_dir: None,
        }
    }
}

/// Requests from the findings panel and the review page to show a place in the editor.
#[derive(Default)]
pub(super) struct Jumps {
    /// Focus a table cell.
    pub cell: Option<CellRef>,
    /// Select a stretch of a text field.
    pub text: TextJump,
    /// Focus a small form field.
    pub field: Option<Entry>,
}

/// Whether the window may close without asking about unsaved changes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Closing {
    /// Ask first when there are unsaved changes.
    Ask,
    /// The user chose to quit: send the close command after this frame.
    Now,
    /// Sent; let it through.
    Allowed,
}

/// The window.
pub struct App {
    pub(super) editor: ReportEditor,
    pub(super) prefs: Prefs,
    pub(super) page: Page,
    pub(super) dialog: Option<Dialog>,
    pub(super) messages: Messages,
    pub(super) queue: Vec<Command>,
    pub(super) jumps: Jumps,
    pub(super) review_drafts: review::Drafts,
    /// The table cell last focused, a candidate anchor for a reviewer's comment.
    pub(super) selected_cell: Option<CellRef>,
    /// Shown prominently while set: the approval was voided because the content changed.
    pub(super) void_notice: Option<String>,
    pub(super) closing: Closing,
    /// The window title last sent.
    pub(super) title: String,
    pub(super) frame_stats: Option<super::status::FrameStats>,
    /// The operating system's file dialogs (tests put in their own).
    pub(super) dialogs: Box<dyn FileDialogs>,
    /// Now, in 北京时间: the one clock of the window, read at its edge.
    pub(super) clock: fn() -> Timestamp,
    /// This window's claim on the file it edits, so that a second window opening it warns.
    pub(super) lock: Option<FileLock>,
    /// Whether the autosave copy of the report is this window's (written by it, or recovered from): removed when
    /// the work is saved or given up. A copy another session left is not.
    pub(super) owns_autosave: bool,
    /// egui's time at the current frame, in seconds.
    pub(super) time: f64,
    /// egui's time of the last autosave.
    pub(super) last_autosave: f64,
    /// Drafts of the fields (egui memory) are forgotten at the next frame (after undo, open, new).
    pub(super) clear_drafts: bool,
}

impl App {
    /// A window on `report`, saved at `path` (None: a new, unsaved report).
    pub fn new(report: Report, path: Option<PathBuf>) -> Self {
        Self::with_document(Document::from(report), path)
    }

    /// A window on a document (report and review), saved at `path` (None: a new, unsaved document). An approval
    /// that no longer matches the content is voided at once, and said so.
    pub fn with_document(doc: Document, path: Option<PathBuf>) -> Self {
        let origin = if path.is_some() {
            Origin::File
        } else {
            Origin::New
        };
        Self::with_editor(ReportEditor::new(doc, path, origin))
    }

    /// The embedded sample report, as an unsaved report marked as the sample.
    pub fn with_sample() -> Self {
        Self::with_editor(ReportEditor::new(
            Document::from(sample_report()),
            None,
            Origin::Sample,
        ))
    }

    fn with_editor(editor: ReportEditor) -> Self {
        let mut app = Self {
            editor,
            prefs: Prefs::default(),
            page: Page::Section(SectionId::Requests),
            dialog: None,
            messages: Messages::default(),
            queue: Vec::new(),
            jumps: Jumps::default(),
            review_drafts: review::Drafts::default(),
            selected_cell: None,
            void_notice: None,
            closing: Closing::Ask,
            title: String::new(),
            frame_stats: None,
            dialogs: Box::new(NativeDialogs),
            clock: crate::clock::now,
            lock: None,
            owns_autosave: false,
            time: 0.0,
            last_autosave: 0.0,
            clear_drafts: false,
        };
        app.settle();
        app
    }

    /// The window as eframe starts it: fonts, preferences, the file given on the command line (or the sample), and
    /// an offer to recover unsaved work.
    pub fn from_creation_context(
        cc: &eframe::CreationContext<'_>,
        path: Option<PathBuf>,
        started: Instant,
    ) -> Self {
        super::install_fonts(&cc.egui_ctx);
        let mut app = Self::with_sample();
        if let Some(storage) = cc.storage {
            app.prefs.recent = eframe::get_value(storage, RECENT_KEY).unwrap_or_default();
            app.prefs.dark = eframe::get_value(storage, DARK_KEY).unwrap_or(false);
            app.prefs.last_export_dir = eframe::get_value(storage, EXPORT_DIR_KEY);
            if let Some(user) = eframe::get_value::<Actor>(storage, USER_KEY) {
                app.prefs.user = user;
            }
        }
        app.prefs.data_dir = eframe::storage_dir("nianbao");
        cc.egui_ctx.set_theme(if app.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        match path {
            Some(path) => {
                app.open_path(&path);
            }
            None => app.offer_recovery(),
        }
        if app.dialog.is_none() && app.prefs.user.name.is_empty() {
            // Asked once; kept in preferences, changed from the 审核 page.
            app.ask_user();
        }
        if std::env::var_os("NIANBAO_FRAME_STATS").is_some() {
            app.frame_stats = Some(super::status::FrameStats::new(started));
        }
        app
    }

    /// Replaces the file dialogs (tests: none can open, or scripted answers).
    pub fn set_file_dialogs(&mut self, dialogs: Box<dyn FileDialogs>) {
        self.dialogs = dialogs;
    }

    /// Replaces the clock (tests: a fixed moment).
    pub fn set_clock(&mut self, clock: fn() -> Timestamp) {
        self.clock = clock;
    }

    /// Where a report without a file is autosaved (`None`: it is not).
    pub fn set_data_dir(&mut self, dir: Option<PathBuf>) {
        self.prefs.data_dir = dir;
    }

    /// The report being edited, with its file, revision and derived checks.
    pub fn editor(&self) -> &ReportEditor {
        &self.editor
    }

    /// The report as edited.
    pub fn report(&self) -> &Report {
        self.editor.report()
    }

    /// The report, for an edit made outside the widgets: counted as an edit.
    pub fn report_mut(&mut self) -> &mut Report {
        self.editor.report_mut()
    }

    /// The review record that travels with the report.
    pub fn review(&self) -> &Review {
        self.editor.review()
    }

    /// The document as it would be saved.
    pub fn document(&self) -> Document {
        self.editor.document().clone()
    }

    /// Who is working; no name until the user gave one.
    pub fn user(&self) -> &Actor {
        &self.prefs.user
    }

    /// Sets who is working (the 用户 dialog does this; tests too).
    pub fn set_user(&mut self, user: Actor) {
        self.prefs.user = user;
    }

    /// Whether the report is approved or published: read-only until reopened.
    pub fn is_locked(&self) -> bool {
        self.editor.review().state.is_locked()
    }

    /// Whether the content may not be edited now (submitted, approved or published).
    pub fn is_read_only(&self) -> bool {
        self.editor.is_read_only()
    }

    /// The notice shown while an approval was voided by a change, if any.
    pub fn void_notice(&self) -> Option<&str> {
        self.void_notice.as_deref()
    }

    /// The checks on the current revision, refused entries included as errors.
    pub fn evaluation(&self) -> &Evaluation {
        self.editor.evaluation()
    }

    /// The file the report is saved to.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.editor.file()
    }

    /// Whether the screen shows something its file does not hold.
    pub fn is_dirty(&self) -> bool {
        self.editor.is_dirty()
    }

    /// The page on screen.
    pub fn page(&self) -> Page {
        self.page
    }

    /// Shows another page, as choosing it in the page list does.
    pub fn set_page(&mut self, page: Page) {
        self.page = page;
    }

    /// The message line's text, if any (what an action did, or why it failed).
    pub fn message(&self) -> Option<&str> {
        self.messages.text()
    }

    /// The question being asked, by its heading (tests and the accessibility tree read the same words).
    pub fn dialog_title(&self) -> Option<&'static str> {
        self.dialog.as_ref().map(Dialog::title)
    }

    /// Queues a command as if its menu entry had been clicked.
    pub fn queue(&mut self, command: Command) {
        self.queue.push(command);
    }

    pub(super) fn now(&self) -> Timestamp {
        (self.clock)()
    }

    /// Recomputes what derives from the report and voids an approval the content no longer matches, with a notice
    /// that stays until dismissed.
    pub(super) fn settle(&mut self) {
        let now = self.now();
        if let Some(reason) = self.editor.settle(now) {
            self.void_notice = Some(format!(
                "审核通过已失效：{reason}。报告已退回草稿状态，须重新提交审核。"
            ));
        }
    }

    /// Draws the whole window and runs what the frame asked for. Call once per frame.
    pub fn ui(&mut self, ui: &mut Ui) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        self.time = ctx.input(|i| i.time);
        if std::mem::take(&mut self.clear_drafts) {
            cells::clear_drafts(&ctx);
        }
        if self.dialog.is_none() {
            commands::collect_shortcuts(&ctx, &mut self.queue);
        }
        self.handle_close_request(&ctx);
        self.handle_dropped_files(&ctx);
        self.settle();
        self.messages.expire(self.time);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        egui::Panel::bottom("message")
            .exact_size(super::status::MESSAGE_HEIGHT)
            .show(ui, |ui| self.message_ui(ui));
        egui::Panel::left("nav")
            .resizable(false)
            .exact_size(230.0)
            .show(ui, |ui| self.nav_ui(ui));
        egui::Panel::right("findings")
            .resizable(true)
            .default_size(340.0)
            .min_size(260.0)
            .max_size(720.0)
            .show(ui, |ui| {
                // The panel keeps the width it was given (or dragged to): short content must not shrink it.
                ui.set_min_width(ui.available_width());
                self.findings_ui(ui);
            });
        egui::CentralPanel::default().show(ui, |ui| self.editor_ui(ui));
        self.dialog_ui(&ctx);

        self.settle();
        self.editor.feed_undo(self.time);
        let commands = std::mem::take(&mut self.queue);
        if !commands.is_empty() {
            // What a command opens (a dialog, another report) is drawn at once, not at the next input.
            ctx.request_repaint();
        }
        for command in commands {
            self.run(&ctx, command);
        }
        self.settle();
        if self.closing == Closing::Now {
            self.closing = Closing::Allowed;
            self.release_file();
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.autosave();
        self.update_title(&ctx);
        self.editor.verify_announced();
        let wait = if self.editor.undo_in_flux() {
            1.0
        } else {
            self.messages
                .seconds_left(self.time)
                .unwrap_or(AUTOSAVE_SECONDS)
        };
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait.max(0.1)));
        if let Some(stats) = &mut self.frame_stats {
            stats.record(frame_start.elapsed().as_secs_f64());
        }
    }

    fn findings_ui(&mut self, ui: &mut Ui) {
        let comments: Vec<(String, String)> = self
            .editor
            .review()
            .open_comments()
            .filter_map(|c| match &c.anchor {
                CommentAnchor::Finding(key) => {
                    Some((key.clone(), format!("批注（{}）：{}", c.by.name, c.text)))
                }
                _ => None,
            })
            .collect();
        let read_only = self.editor.is_read_only();
        let mut edits = Edits::default();
        let parts = self.editor.parts();
        let mut fcx = findings::FindingsCtx {
            explanations: &mut parts.report.explanations,
            read_only,
            comments: &comments,
            edits: &mut edits,
        };
        let clicked = findings::findings_ui(ui, parts.eval, &mut fcx);
        self.editor.apply(edits);
        if let Some((page, anchor)) = clicked {
            self.jump_to(page, &anchor);
        }
    }

    /// Applies what the user asked for on the review page (or a comment dialog). Every change of the review goes
    /// through here: timestamped by the one clock, and the document marked unsaved.
    pub(super) fn apply_review(&mut self, action: review::Action) {
        use review::Action as A;
        let at = self.now();
        let by = self.user().clone();
        let note = self.review_drafts.note.trim().to_owned();
        // The action runs on a copy: only a change that happened reaches the document (and marks it unsaved).
        let mut review = self.editor.review().clone();
        let report = self.editor.report();
        let result = match action {
            A::ChangeUser => {
                self.ask_user();
                return;
            }
            A::Run(command) => {
                self.queue.push(command);
                return;
            }
            A::Jump(anchor) => {
                self.jump_to_comment(&anchor);
                return;
            }
            A::Approve => {
                // Approving locks the report and binds its content: asked once more, with what is still open.
                self.dialog = Some(Dialog::Approve {
                    open_comments: review.open_comments().count(),
                });
                return;
            }
            A::Submit => review
                .submit(report, self.editor.evaluation(), &by, at, &note)
                .map(|()| "已提交审核。审核期间报告只读。"),
            A::Return => review
                .return_for_changes(report, &by, at, &note)
                .map(|()| "已退回修改。"),
            A::ConfirmApprove => review
                .approve(report, self.editor.evaluation(), &by, at, &note)
                .map(|()| "已审核通过。报告已锁定为只读；如需修改，须重新打开编辑。"),
            A::Publish => review
                .publish(report, &by, at, &note)
                .map(|()| "已标记为已发布。"),
            A::Reopen => review
                .reopen(&by, at, &note)
                .map(|()| "已重新打开编辑，原审核通过已作废。"),
            A::Comment(anchor) => {
                let text = std::mem::take(&mut self.review_drafts.comment);
                let result = review.comment(anchor, &by, at, &text);
                if result.is_err() {
                    self.review_drafts.comment = text;
                }
                result.map(|_| "已添加批注。")
            }
            A::Reply(id) => {
                let text = self.review_drafts.replies.remove(&id).unwrap_or_default();
                let result = review.reply(id, &by, at, &text);
                if result.is_err() {
                    self.review_drafts.replies.insert(id, text);
                }
                result.map(|()| "已答复。")
            }
            A::Resolve(id, resolved) => review.set_resolved(id, &by, at, resolved).map(|()| {
                if resolved {
                    "批注已标为解决。"
                } else {
                    "批注已重新打开。"
                }
            }),
        };
        if result.is_ok() {
            *self.editor.review_mut() = review;
        }
        match result {
            Ok(done) => {
                self.review_drafts.note.clear();
                self.messages.info(done, self.time);
            }
            Err(e) => {
                if e == ReviewError::NoName {
                    self.ask_user();
                }
                self.messages.error(e.to_string(), self.time);
            }
        }
    }

    pub(super) fn jump_to(&mut self, page: Page, anchor: &Anchor) {
        self.page = page;
        match *anchor {
            Anchor::Cell(c) => self.jumps.cell = Some(c),
            Anchor::Text { field, start, end } => self.jumps.text = Some((field, start, end)),
            Anchor::Meta(m) => self.jumps.field = Some(Entry::Meta(m)),
            Anchor::Fee(f) => self.jumps.field = Some(Entry::Fee(f)),
            Anchor::Section(_) => {}
        }
    }

    pub(super) fn jump_to_comment(&mut self, anchor: &CommentAnchor) {
        match anchor {
            CommentAnchor::Cell(c) => {
                self.page = Page::Section(c.table.section());
                self.jumps.cell = Some(*c);
            }
            CommentAnchor::Section { section, quote } => {
                self.page = Page::Section(*section);
                // Select the quoted sentence where it still stands in the section's text.
                let report = self.editor.report();
                let found = quote.as_deref().and_then(|q| {
                    report
                        .text_fields()
                        .into_iter()
                        .filter(|f| f.section() == Some(*section))
                        .find_map(|f| report.text(f).find(q).map(|p| (f, p, p + q.len())))
                });
                if found.is_some() {
                    self.jumps.text = found;
                }
            }
            CommentAnchor::Finding(key) => {
                let target = self
                    .editor
                    .evaluation()
                    .findings
                    .iter()
                    .find(|f| f.key() == *key)
                    .map(|f| (Page::of(f), f.anchors.first().cloned()));
                match target {
                    Some((page, Some(a))) => self.jump_to(page, &a),
                    Some((page, None)) => self.page = page,
                    None => {}
                }
            }
        }
    }

    pub(super) fn ask_user(&mut self) {
        let user = self.user().clone();
        self.dialog = Some(Dialog::User {
            name: user.name,
            role: if user.role == Role::System {
                Role::Clerk
            } else {
                user.role
            },
        });
    }

    fn run(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::New => self.ask_then(super::dialogs::AfterDiscard::New),
            Command::Open => self.ask_then(super::dialogs::AfterDiscard::Open(None)),
            Command::Save => {
                self.save(None);
            }
            Command::SaveAs => self.save_as(None),
            Command::ExportText
            | Command::ExportHtml
            | Command::ExportPdf
            | Command::ExportSheetHtml
            | Command::ExportSheetPdf => {
                if let Some(kind) = super::files::ExportKind::of(command) {
                    self.export_dialog(kind);
                }
            }
            Command::Undo | Command::Redo if self.editor.is_read_only() => {
                self.messages.error(self.read_only_reason(), self.time);
            }
            Command::Undo => {
                if self.editor.undo() {
                    self.clear_drafts = true;
                    cells::clear_drafts(ctx);
                }
            }
            Command::Redo => {
                if self.editor.redo() {
                    self.clear_drafts = true;
                    cells::clear_drafts(ctx);
                }
            }
            Command::ZoomIn => egui::gui_zoom::zoom_in(ctx),
            Command::ZoomOut => egui::gui_zoom::zoom_out(ctx),
            Command::ZoomReset => ctx.set_zoom_factor(1.0),
            Command::ToggleTheme => {
                self.prefs.dark = !self.prefs.dark;
                ctx.set_theme(if self.prefs.dark {
                    egui::Theme::Dark
                } else {
                    egui::Theme::Light
                });
            }
            Command::LinkPrevious => self.link_previous_dialog(),
            Command::Quit => {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Why the content cannot be changed now, for the clerk.
    pub(super) fn read_only_reason(&self) -> String {
        let state = self.editor.review().state;
        if state.is_locked() {
            format!(
                "报告{}，只读；如需修改，请在“审核”页重新打开编辑（审核通过将作废）。",
                state.label()
            )
        } else {
            "报告已提交审核，审核期间只读；审核人退回修改后才能修改。".to_owned()
        }
    }

    fn menu_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("文件", |ui| {
                for c in [Command::New, Command::Open, Command::Save, Command::SaveAs] {
                    c.menu_button(ui, &mut self.queue);
                }
                if !self.prefs.recent.is_empty() {
                    ui.separator();
                    ui.label("最近打开");
                    for p in self.prefs.recent.clone() {
                        if ui.button(p.display().to_string()).clicked() {
                            self.ask_then(super::dialogs::AfterDiscard::Open(Some(p)));
                        }
                    }
                }
                ui.separator();
                Command::Quit.menu_button(ui, &mut self.queue);
            });
            ui.menu_button("导出", |ui| {
                for c in [Command::ExportText, Command::ExportHtml, Command::ExportPdf] {
                    c.menu_button(ui, &mut self.queue);
                }
                ui.separator();
                for c in [Command::ExportSheetHtml, Command::ExportSheetPdf] {
                    c.menu_button(ui, &mut self.queue);
                }
            });
            ui.menu_button("编辑", |ui| {
                Command::Undo.menu_button(ui, &mut self.queue);
                Command::Redo.menu_button(ui, &mut self.queue);
            });
            ui.menu_button("视图", |ui| {
                for c in [
                    Command::ZoomIn,
                    Command::ZoomOut,
                    Command::ZoomReset,
                    Command::ToggleTheme,
                ] {
                    c.menu_button(ui, &mut self.queue);
                }
            });
        });
    }

    fn nav_ui(&mut self, ui: &mut Ui) {
        use std::fmt::Write as _;
        ui.add_space(4.0);
        ui.label(self.editor.report().meta.title());
        ui.separator();
        for page in Page::ALL {
            let (errors, warnings) = findings::counts(self.editor.evaluation(), page);
            let mut text = page.title().to_owned();
            if page == Page::Review {
                let review = self.editor.review();
                let open = review.open_comments().count();
                let _ = write!(text, "（{}", review.state.label());
                if open > 0 {
                    let _ = write!(text, "，批注{open}");
                }
                text.push('）');
            } else if errors > 0 || warnings > 0 {
                let _ = write!(text, "（错{errors} 警{warnings}）");
            }
            let rich = if errors > 0 {
                egui::RichText::new(text).color(ui.visuals().error_fg_color)
            } else if warnings > 0 {
                egui::RichText::new(text).color(ui.visuals().warn_fg_color)
            } else {
                egui::RichText::new(text)
            };
            if ui
                .add(egui::Button::selectable(self.page == page, rich).wrap())
                .clicked()
            {
                self.page = page;
            }
        }
    }

    fn editor_ui(&mut self, ui: &mut Ui) {
        self.banners_ui(ui);
        ui.heading(self.page.title());
        egui::ScrollArea::both()
            .auto_shrink([false, false])
            .show(ui, |ui| self.page_ui(ui));
    }

    fn page_ui(&mut self, ui: &mut Ui) {
        if let Page::Section(section) = self.page {
            self.section_comments_ui(ui, section);
        }
        match self.page {
            Page::Review => {
                let selected_cell = self.selected_cell;
                let user = self.user().clone();
                let cx = review::PageCtx {
                    report: self.editor.report(),
                    review: self.editor.review(),
                    eval: self.editor.evaluation(),
                    changes: self.editor.changes(),
                    approval: self.editor.approval_status(),
                    user: &user,
                    selected_cell,
                };
                let actions = review::review_ui(ui, &cx, &mut self.review_drafts);
                for a in actions {
                    self.apply_review(a);
                }
            }
            Page::Section(SectionId::Proactive) => self.table_ui(ui, TableId::T2),
            Page::Section(SectionId::Requests) => self.table_ui(ui, TableId::T3),
            Page::Section(SectionId::Appeals) => self.table_ui(ui, TableId::T4),
            page => {
                let mut edits = Edits::default();
                let editable = !self.editor.is_read_only();
                let parts = self.editor.parts();
                let mut cx = TextCtx {
                    eval: parts.eval,
                    refused: parts.refused,
                    editable,
                    jump: &mut self.jumps.text,
                    field_jump: &mut self.jumps.field,
                    edits: &mut edits,
                };
                match page {
                    Page::Meta => narrative::meta_ui(ui, parts.report, &mut cx),
                    Page::Section(SectionId::General) => {
                        narrative::general_ui(ui, parts.report, &mut cx);
                    }
                    Page::Section(SectionId::Problems) => {
                        narrative::problems_ui(ui, parts.report, &mut cx);
                    }
                    _ => narrative::other_ui(ui, parts.report, &mut cx),
                }
                self.editor.apply(edits);
                if page == Page::Meta {
                    ui.separator();
                    self.previous_ui(ui);
                }
            }
        }
    }

    fn table_ui(&mut self, ui: &mut Ui, table: TableId) {
        let comments: Vec<(CellRef, String)> = self
            .editor
            .review()
            .open_comments()
            .filter_map(|c| match c.anchor {
                CommentAnchor::Cell(cell) if cell.table == table => {
                    Some((cell, format!("{}：{}", c.by.name, c.text)))
                }
                _ => None,
            })
            .collect();
        self.table_comments_ui(ui, table, &comments);
        let editable = !self.editor.is_read_only();
        let format = self.editor.report().format;
        let mut edits = Edits::default();
        let mut message = None;
        let parts = self.editor.parts();
        let mut tcx = TableCtx {
            eval: parts.eval,
            comments: &comments,
            refused: parts.refused,
            editable,
            jump: &mut self.jumps.cell,
            message: &mut message,
            edits: &mut edits,
        };
        match table {
            TableId::T2 => {
                tables::table2_ui(ui, format.table2(), &mut parts.report.table2, &mut tcx);
            }
            TableId::T3 | TableId::T4 => {
                let Some(def) = format.grid(table) else {
                    return;
                };
                ui.horizontal(|ui| {
                    let label = if table == TableId::T3 {
                        "由各项计算“总计”列和“（七）总计”行"
                    } else {
                        "由各项计算“总计”"
                    };
                    if ui
                        .add_enabled(editable, egui::Button::new(label))
                        .on_hover_text("只填写各部分都已填写的总计；不会改动其他格")
                        .clicked()
                        && let Some(grid) = parts.report.grid_mut(table)
                    {
                        let n = tables::fill_totals(def, grid);
                        tcx.edits.note(n > 0);
                        *tcx.message = Some(format!("已计算{n}个总计格。"));
                    }
                    if editable {
                        ui.weak("可从Excel/WPS复制整块数字，选中起始格后粘贴。");
                    }
                });
                if let Some(grid) = parts.report.grid_mut(table) {
                    tables::grid_ui(ui, def, grid, &mut tcx);
                }
            }
        }
        tables::refused_ui(ui, format, table, parts.refused);
        self.editor.apply(edits);
        if let Some(m) = message {
            self.messages.info(m, self.time);
        }
        self.track_selected_cell(ui, table);
    }

    /// The open comments on this table's cells, each a link to its cell; for a reviewer, commenting the selected
    /// cell.
    fn table_comments_ui(&mut self, ui: &mut Ui, table: TableId, comments: &[(CellRef, String)]) {
        if !comments.is_empty() {
            ui.colored_label(
                ui.visuals().hyperlink_color,
                format!(
                    "本表有{}条未解决的批注（单元格右上角有标记）：",
                    comments.len()
                ),
            );
            for (cell, text) in comments {
                let place = CommentAnchor::Cell(*cell).describe(self.editor.report());
                if ui.link(format!("{place} — {text}")).clicked() {
                    self.jumps.cell = Some(*cell);
                }
            }
        }
        if self.user().role == Role::Reviewer {
            let selected = self.selected_cell.filter(|c| c.table == table);
            ui.horizontal(|ui| {
                let button =
                    ui.add_enabled(selected.is_some(), egui::Button::new("批注选中的单元格…"));
                if button.clicked()
                    && let Some(cell) = selected
                {
                    self.dialog = Some(Dialog::Comment {
                        anchor: CommentAnchor::Cell(cell),
                        text: String::new(),
                    });
                }
                if let Some(cell) = selected {
                    ui.weak(format!(
                        "选中：{}",
                        CommentAnchor::Cell(cell).describe(self.editor.report())
                    ));
                } else {
                    ui.weak("先点选一个单元格");
                }
            });
        }
    }

    /// The open comments on this section as a whole (or a sentence of it), above its editor.
    fn section_comments_ui(&mut self, ui: &mut Ui, section: SectionId) {
        let open: Vec<String> = self
            .editor
            .review()
            .open_comments()
            .filter(
                |c| matches!(&c.anchor, CommentAnchor::Section { section: s, .. } if *s == section),
            )
            .map(|c| {
                let quote = match &c.anchor {
                    CommentAnchor::Section { quote: Some(q), .. } => format!("“{q}”："),
                    _ => String::new(),
                };
                format!("批注（{}）：{quote}{}", c.by.name, c.text)
            })
            .collect();
        if open.is_empty() {
            return;
        }
        for text in open {
            ui.colored_label(ui.visuals().hyperlink_color, text);
        }
        if ui.link("到“审核”页答复或标为已解决").clicked() {
            self.page = Page::Review;
        }
        ui.separator();
    }

    /// Remembers the focused cell of this table: the anchor a reviewer's comment goes to.
    fn track_selected_cell(&mut self, ui: &Ui, table: TableId) {
        let Some(focused) = ui.memory(egui::Memory::focused) else {
            return;
        };
        let found = self
            .editor
            .report()
            .format
            .cells(table)
            .find(|&c| cells::cell_id(c) == focused);
        if found.is_some() {
            self.selected_cell = found;
        }
    }

    fn previous_ui(&mut self, ui: &mut Ui) {
        ui.strong("上年报告");
        match self.editor.previous() {
            Some(p) => {
                ui.label(format!(
                    "已关联：{}（{}年）",
                    p.path.display(),
                    p.report.meta.year
                ));
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(
                            !self.editor.is_read_only(),
                            egui::Button::new("从上年报告带入“二、上年结转”…"),
                        )
                        .clicked()
                    {
                        self.dialog = Some(Dialog::PrefillCarry);
                    }
                    if ui.button("取消关联").clicked() {
                        self.editor.set_previous(None);
                    }
                });
            }
            None => {
                ui.label("关联上年报告后，可带入上年结转数并进行跨年度检查。");
            }
        }
        Command::LinkPrevious.menu_button(ui, &mut self.queue);
    }

    /// Copies last year's 四、结转下年度继续办理 into this year's 二、上年结转 (on the clerk's consent).
    pub fn prefill_carried_in(&mut self) -> bool {
        self.editor.prefill_carried_in()
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        if let (Some(stats), Some(cpu)) = (&mut self.frame_stats, frame.info().cpu_usage) {
            stats.record_whole(f64::from(cpu));
        }
        App::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.prefs.recent);
        eframe::set_value(storage, DARK_KEY, &self.prefs.dark);
        eframe::set_value(storage, USER_KEY, &self.prefs.user);
        eframe::set_value(storage, EXPORT_DIR_KEY, &self.prefs.last_export_dir);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.release_file();
    }
}
