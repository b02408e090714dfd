//! The egui editor: the clerk fills in the report in a window that mirrors the statute and is checked on every edit.
//!
//! Owns the window's state (the report being edited, its file, undo history, the last evaluation, dialogs) and the
//! layout: navigation on the left, the section editor in the middle, the findings on the right, a status bar.
//! Everything it shows comes from [`crate::format`]; the checks from [`crate::rules`]. Only this module and the GUI
//! `main.rs` name egui/eframe.

mod cells;
mod commands;
mod findings;
mod narrative;
mod review;
mod tables;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use egui::util::undoer::Undoer;
use egui::{FontData, FontDefinitions, FontFamily, Ui};

pub use commands::Command;
pub use findings::Page;

use crate::export::{ApprovalLine, ExportOptions, Rendition, ReportView, ReviewSheet};
use crate::format::{CellRef, RowRole, SectionId, TableId};
use crate::io::document::{self, Document};
use crate::model::{BodyKind, Date, Report};
use crate::review::{
    self as reviewing, Actor, ApprovalStatus, CommentAnchor, Review, ReviewError, Role,
};
use crate::rules::{self, Anchor, Evaluation, Severity};

/// Installs the CJK fonts shipped in `fonts/` as the only fonts: every machine renders the same glyphs.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::empty();
    fonts.font_data.insert(
        "NotoSansSC".to_owned(),
        Arc::new(FontData::from_static(include_bytes!(
            "../../fonts/NotoSansSC-Regular.ttf"
        ))),
    );
    fonts.font_data.insert(
        "NotoSansSC-Bold".to_owned(),
        Arc::new(FontData::from_static(include_bytes!(
            "../../fonts/NotoSansSC-Bold.ttf"
        ))),
    );
    fonts
        .families
        .insert(FontFamily::Proportional, vec!["NotoSansSC".to_owned()]);
    fonts
        .families
        .insert(FontFamily::Monospace, vec!["NotoSansSC".to_owned()]);
    fonts.families.insert(
        FontFamily::Name("heading".into()),
        vec!["NotoSansSC-Bold".to_owned(), "NotoSansSC".to_owned()],
    );
    ctx.set_fonts(fonts);
    ctx.all_styles_mut(|style| {
        style.text_styles.insert(
            egui::TextStyle::Heading,
            egui::FontId::new(20.0, FontFamily::Name("heading".into())),
        );
        style
            .text_styles
            .insert(egui::TextStyle::Body, egui::FontId::proportional(14.0));
        style
            .text_styles
            .insert(egui::TextStyle::Button, egui::FontId::proportional(14.0));
    });
}

/// Last year's report, linked from 报告信息.
struct Previous {
    path: PathBuf,
    report: Report,
}

/// A question the app is asking in a modal window.
enum Dialog {
    New {
        body: String,
        year: String,
        kind: BodyKind,
    },
    /// Unsaved changes: what to do once the clerk decided.
    Discard(AfterDiscard),
    /// An autosave copy newer than the file was found.
    Recover(PathBuf),
    /// A file dialog could not give a path: ask for it by hand.
    Path { purpose: PathPurpose, text: String },
    /// Prefill 二、上年结转 from last year's 四.
    PrefillCarry,
    /// Who is working: name and role, kept in preferences.
    User { name: String, role: Role },
    /// A reviewer's comment on a cell, started from the table.
    Comment { anchor: CommentAnchor, text: String },
}

/// What a path typed by hand is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PathPurpose {
    Open,
    Save,
    LinkPrevious,
    Export(ExportKind),
}

/// What the Export menu writes: the report, or its review sheet (审核意见单), in a rendition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    Report(Rendition),
    Sheet(Rendition),
}

impl ExportKind {
    fn of(command: Command) -> Option<Self> {
        match command {
            Command::ExportText => Some(Self::Report(Rendition::Text)),
            Command::ExportHtml => Some(Self::Report(Rendition::Html)),
            Command::ExportPdf => Some(Self::Report(Rendition::Pdf)),
            Command::ExportSheetHtml => Some(Self::Sheet(Rendition::Html)),
            Command::ExportSheetPdf => Some(Self::Sheet(Rendition::Pdf)),
            _ => None,
        }
    }

    fn rendition(self) -> Rendition {
        match self {
            Self::Report(r) | Self::Sheet(r) => r,
        }
    }
}

#[derive(Clone)]
enum AfterDiscard {
    Open(Option<PathBuf>),
    New,
    Quit,
}

const RECENT_KEY: &str = "nianbao-recent";
const DARK_KEY: &str = "nianbao-dark";
const USER_KEY: &str = "nianbao-user";
const EXPORT_DIR_KEY: &str = "nianbao-export-dir";
const AUTOSAVE_SECONDS: f64 = 30.0;

/// The editor.
pub struct App {
    report: Report,
    /// The review travelling with the report (state, comments, approval).
    review: Review,
    /// Who is working (name and role, from preferences). Not authentication.
    user: Actor,
    review_drafts: review::Drafts,
    /// The table cell last focused, a candidate anchor for a reviewer's comment.
    selected_cell: Option<CellRef>,
    /// Shown prominently while set: the approval was voided because the content changed.
    void_notice: Option<String>,
    last_export_dir: Option<PathBuf>,
    path: Option<PathBuf>,
    /// Bumped whenever the report differs from the last frame's.
    revision: u64,
    saved_revision: u64,
    last_seen: Report,
    eval: Evaluation,
    evaluated_revision: Option<u64>,
    previous: Option<Previous>,
    page: Page,
    undoer: Undoer<Report>,
    queue: Vec<Command>,
    cell_jump: Option<CellRef>,
    text_jump: narrative::TextJump,
    dialog: Option<Dialog>,
    /// Feedback for the clerk (paste results, errors): shown above the editor until dismissed.
    message: Option<String>,
    recent: Vec<PathBuf>,
    dark: bool,
    last_autosave: f64,
    autosaved_revision: u64,
    closing: Closing,
    title: String,
    frame_stats: Option<FrameStats>,
    pending_clear_drafts: bool,
}

/// Whether the window may close without asking about unsaved changes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Closing {
    /// Ask first when there are unsaved changes.
    Ask,
    /// The user chose to quit: send the close command after this frame.
    Now,
    /// Sent; let it through.
    Allowed,
}

/// `NIANBAO_FRAME_STATS=1`: start-up and frame times on stderr, for `benches/gui_frames.sh`.
struct FrameStats {
    started: Instant,
    first_frame_done: bool,
    frames: u32,
    /// Seconds in `ui()`: building the frame.
    total: f64,
    worst: f64,
    /// Seconds of CPU for the whole previous frame as eframe measures it (ui, tessellation, painting).
    whole_total: f64,
    whole_worst: f64,
}

impl App {
    /// An editor on `report`, saved at `path` (None: a new, unsaved document).
    pub fn new(report: Report, path: Option<PathBuf>) -> Self {
        Self::with_document(Document::from(report), path)
    }

    /// An editor on a document (report and review), saved at `path` (None: a new, unsaved document). An approval
    /// that no longer matches the content is voided at once, and said so.
    pub fn with_document(doc: Document, path: Option<PathBuf>) -> Self {
        let saved_revision = if path.is_some() { 0 } else { u64::MAX };
        let mut app = Self {
            last_seen: doc.report.clone(),
            report: doc.report,
            review: doc.review,
            user: Actor::new("", Role::Clerk),
            review_drafts: review::Drafts::default(),
            selected_cell: None,
            void_notice: None,
            last_export_dir: None,
            path,
            revision: 0,
            saved_revision,
            eval: Evaluation::default(),
            evaluated_revision: None,
            previous: None,
            page: Page::Section(SectionId::Requests),
            undoer: Undoer::default(),
            queue: Vec::new(),
            cell_jump: None,
            text_jump: None,
            dialog: None,
            message: None,
            recent: Vec::new(),
            dark: false,
            last_autosave: 0.0,
            autosaved_revision: 0,
            closing: Closing::Ask,
            title: String::new(),
            frame_stats: None,
            pending_clear_drafts: false,
        };
        app.check_approval();
        app
    }

    /// The embedded sample report, read-write, as an unsaved new document.
    pub fn with_sample() -> Self {
        Self::new(sample_report(), None)
    }

    /// The app as eframe starts it: fonts, preferences, the file given on the command line (or the sample), and an
    /// offer to recover an autosave copy.
    pub fn from_creation_context(
        cc: &eframe::CreationContext<'_>,
        path: Option<PathBuf>,
        started: Instant,
    ) -> Self {
        install_fonts(&cc.egui_ctx);
        let mut app = Self::with_sample();
        let mut user_known = false;
        if let Some(storage) = cc.storage {
            app.recent = eframe::get_value(storage, RECENT_KEY).unwrap_or_default();
            app.dark = eframe::get_value(storage, DARK_KEY).unwrap_or(false);
            app.last_export_dir = eframe::get_value(storage, EXPORT_DIR_KEY);
            if let Some(user) = eframe::get_value::<Actor>(storage, USER_KEY) {
                user_known = !user.name.is_empty();
                app.user = user;
            }
        }
        cc.egui_ctx.set_theme(if app.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        if let Some(path) = path {
            app.open_path(&path);
        }
        let autosave = app.autosave_target();
        if let Some(autosave) = autosave
            && is_newer(&autosave, app.path.as_deref())
        {
            app.dialog = Some(Dialog::Recover(autosave));
        } else if !user_known {
            // Asked once; kept in preferences, changed from the 审核 page.
            app.dialog = Some(Dialog::User {
                name: String::new(),
                role: Role::Clerk,
            });
        }
        if std::env::var_os("NIANBAO_FRAME_STATS").is_some() {
            app.frame_stats = Some(FrameStats {
                started,
                first_frame_done: false,
                frames: 0,
                total: 0.0,
                worst: 0.0,
                whole_total: 0.0,
                whole_worst: 0.0,
            });
        }
        app
    }

    pub fn report(&self) -> &Report {
        &self.report
    }

    pub fn report_mut(&mut self) -> &mut Report {
        &mut self.report
    }

    pub fn review(&self) -> &Review {
        &self.review
    }

    /// The document as it would be saved.
    pub fn document(&self) -> Document {
        Document {
            report: self.report.clone(),
            review: self.review.clone(),
        }
    }

    pub fn user(&self) -> &Actor {
        &self.user
    }

    /// Sets who is working (the 用户 dialog does this; tests too).
    pub fn set_user(&mut self, user: Actor) {
        self.user = user;
    }

    /// Whether the report is approved or published: the editor is read-only until reopened.
    pub fn is_locked(&self) -> bool {
        self.review.state.is_locked()
    }

    /// The notice shown while an approval was voided by a change, if any.
    pub fn void_notice(&self) -> Option<&str> {
        self.void_notice.as_deref()
    }

    pub fn evaluation(&self) -> &Evaluation {
        &self.eval
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    pub fn page(&self) -> Page {
        self.page
    }

    pub fn set_page(&mut self, page: Page) {
        self.page = page;
    }

    /// The message shown to the clerk, if any (paste results, file errors).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Queues a command as if its menu entry had been clicked.
    pub fn queue(&mut self, command: Command) {
        self.queue.push(command);
    }

    /// Opens a report file, replacing the current one (no question asked: callers ask first).
    pub fn open_path(&mut self, path: &Path) -> bool {
        match document::load(path) {
            Ok(doc) => {
                self.replace_document(doc, Some(path.to_owned()));
                self.remember_recent(path);
                self.check_approval();
                true
            }
            Err(e) => {
                self.message = Some(load_message(path, e));
                false
            }
        }
    }

    /// Saves the report to `path` and makes it the document's file.
    pub fn save_to(&mut self, path: &Path) -> bool {
        match document::save(path, &self.document()) {
            Ok(()) => {
                if let Some(old) = self.autosave_target() {
                    let _ = std::fs::remove_file(old);
                }
                self.path = Some(path.to_owned());
                self.saved_revision = self.revision;
                self.remember_recent(path);
                let _ = std::fs::remove_file(document::autosave_path(path));
                self.message = Some(format!("已保存到 {}", path.display()));
                true
            }
            Err(e) => {
                self.message = Some(e.to_string());
                false
            }
        }
    }

    /// Links last year's report: enables the X-* checks.
    pub fn link_previous(&mut self, path: &Path) -> bool {
        match document::load(path) {
            Ok(doc) => {
                self.previous = Some(Previous {
                    path: path.to_owned(),
                    report: doc.report,
                });
                self.evaluated_revision = None;
                true
            }
            Err(e) => {
                self.message = Some(format!("上年报告：{}", load_message(path, e)));
                false
            }
        }
    }

    /// Copies last year's 四、结转下年度继续办理 into this year's 二、上年结转 (on the clerk's consent).
    pub fn prefill_carried_in(&mut self) -> bool {
        let Some(prev) = &self.previous else {
            return false;
        };
        if self.is_locked() {
            return false;
        }
        let def = self.report.format.table3();
        let prev_def = prev.report.format.table3();
        let (Some(to), Some(from)) = (
            def.row_with(RowRole::CarriedIn),
            prev_def.row_with(RowRole::CarriedOut),
        ) else {
            return false;
        };
        for c in 0..def.columns.len() {
            let v = prev_def
                .column_index(def.columns[c].key)
                .and_then(|pc| prev.report.table3.get(from, pc));
            self.report.table3.set(to, c, v);
        }
        true
    }

    fn replace_report(&mut self, report: Report, path: Option<PathBuf>) {
        self.replace_document(Document::from(report), path);
    }

    fn replace_document(&mut self, doc: Document, path: Option<PathBuf>) {
        let Document { report, review } = doc;
        self.review = review;
        self.review_drafts = review::Drafts::default();
        self.selected_cell = None;
        self.void_notice = None;
        self.saved_revision = if path.is_some() {
            self.revision + 1
        } else {
            u64::MAX
        };
        self.revision += 1;
        self.last_seen = report.clone();
        self.report = report;
        self.path = path;
        self.undoer = Undoer::default();
        self.evaluated_revision = None;
        self.pending_clear_drafts = true;
    }

    fn remember_recent(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_owned());
        self.recent.truncate(8);
    }

    /// Where the autosave copy goes: beside the file, or in the user's data folder for a new report.
    fn autosave_target(&self) -> Option<PathBuf> {
        match &self.path {
            Some(p) => Some(document::autosave_path(p)),
            None => eframe::storage_dir("nianbao").map(|d| d.join("未命名报告.ron.autosave")),
        }
    }

    fn autosave(&mut self, now: f64) {
        if now - self.last_autosave < AUTOSAVE_SECONDS {
            return;
        }
        self.last_autosave = now;
        if !self.is_dirty() || self.autosaved_revision == self.revision {
            return;
        }
        if let Some(target) = self.autosave_target() {
            if let Some(dir) = target.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            if document::save(&target, &self.document()).is_ok() {
                self.autosaved_revision = self.revision;
            }
        }
    }

    fn file_name(&self) -> String {
        self.path.as_ref().map_or_else(
            || "未命名（新报告）".to_owned(),
            |p| {
                p.file_name().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            },
        )
    }

    /// Draws the whole window and runs what the frame asked for. Call once per frame.
    pub fn ui(&mut self, ui: &mut Ui) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        if std::mem::take(&mut self.pending_clear_drafts) {
            cells::clear_drafts(&ctx);
        }
        commands::collect_shortcuts(&ctx, &mut self.queue);
        self.handle_close_request(&ctx);
        self.handle_dropped_files(&ctx);
        self.evaluate();

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        egui::Panel::left("nav")
            .resizable(false)
            .exact_size(230.0)
            .show(ui, |ui| self.nav_ui(ui));
        egui::Panel::right("findings")
            .resizable(true)
            .default_size(330.0)
            .show(ui, |ui| {
                let comments: Vec<(String, String)> = self
                    .review
                    .open_comments()
                    .filter_map(|c| match &c.anchor {
                        CommentAnchor::Finding(key) => {
                            Some((key.clone(), format!("批注（{}）：{}", c.by.name, c.text)))
                        }
                        _ => None,
                    })
                    .collect();
                let mut fcx = findings::FindingsCtx {
                    explanations: &mut self.report.explanations,
                    locked: self.review.state.is_locked(),
                    comments: &comments,
                };
                if let Some((page, anchor)) = findings::findings_ui(ui, &self.eval, &mut fcx) {
                    self.jump_to(page, &anchor);
                }
            });
        egui::CentralPanel::default().show(ui, |ui| self.editor_ui(ui));
        self.dialog_ui(&ctx);

        // Derive, don't store: the revision moves when the report differs from last frame's.
        if self.report != self.last_seen {
            self.revision += 1;
            self.last_seen = self.report.clone();
            self.check_approval();
        }
        let now = ctx.input(|i| i.time);
        self.undoer.feed_state(now, &self.report);
        self.evaluate();
        for command in std::mem::take(&mut self.queue) {
            self.run(&ctx, command);
        }
        if self.closing == Closing::Now {
            self.closing = Closing::Allowed;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.autosave(now);
        self.update_title(&ctx);
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_SECONDS));
        if let Some(stats) = &mut self.frame_stats {
            stats.record(frame_start.elapsed().as_secs_f64());
        }
    }

    /// Voids an approval the content no longer matches (changed in the app, or in the file by hand): back to draft,
    /// recorded in the history, and a notice that stays until dismissed.
    fn check_approval(&mut self) {
        let reason = self.review.void_reason(&self.report);
        if let Some(reason) = reason
            && self.review.void_if_changed(&self.report, &reviewing::now())
        {
            self.void_notice = Some(format!(
                "审核通过已失效：{reason}。报告已退回草稿状态，须重新提交审核。"
            ));
            // The review changed: the document must be saved again.
            self.revision += 1;
        }
    }

    /// Applies what the user asked for on the review page (or a comment dialog). Every change of the review goes
    /// through here: timestamped, and the document marked unsaved.
    fn apply_review(&mut self, action: review::Action) {
        use review::Action as A;
        let at = reviewing::now();
        let by = self.user.clone();
        let note = self.review_drafts.note.trim().to_owned();
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
            A::Submit => self
                .review
                .submit(&self.report, &self.eval, &by, &at, &note)
                .map(|()| "已提交审核。"),
            A::Return => self
                .review
                .return_for_changes(&self.report, &by, &at, &note)
                .map(|()| "已退回修改。"),
            A::Approve => self
                .review
                .approve(&self.report, &self.eval, &by, &at, &note)
                .map(|()| "已审核通过。报告已锁定为只读；如需修改，须重新打开编辑。"),
            A::Publish => self
                .review
                .publish(&self.report, &by, &at, &note)
                .map(|()| "已标记为已发布。"),
            A::Reopen => self
                .review
                .reopen(&by, &at, &note)
                .map(|()| "已重新打开编辑，原审核通过已作废。"),
            A::Comment(anchor) => {
                let text = std::mem::take(&mut self.review_drafts.comment);
                let result = self.review.comment(anchor, &by, &at, &text);
                if result.is_err() {
                    self.review_drafts.comment = text;
                }
                result.map(|_| "已添加批注。")
            }
            A::Reply(id) => {
                let text = self.review_drafts.replies.remove(&id).unwrap_or_default();
                let result = self.review.reply(id, &by, &at, &text);
                if result.is_err() {
                    self.review_drafts.replies.insert(id, text);
                }
                result.map(|()| "已答复。")
            }
            A::Resolve(id, resolved) => {
                self.review.set_resolved(id, &by, &at, resolved).map(|()| {
                    if resolved {
                        "批注已标为解决。"
                    } else {
                        "批注已重新打开。"
                    }
                })
            }
        };
        match result {
            Ok(done) => {
                self.review_drafts.note.clear();
                self.message = Some(done.to_owned());
                self.revision += 1;
            }
            Err(e) => {
                if e == ReviewError::NoName {
                    self.ask_user();
                }
                self.message = Some(e.to_string());
            }
        }
    }

    fn evaluate(&mut self) {
        if self.evaluated_revision != Some(self.revision) {
            self.eval = rules::evaluate(&self.report, self.previous.as_ref().map(|p| &p.report));
            self.evaluated_revision = Some(self.revision);
        }
    }

    fn jump_to(&mut self, page: Page, anchor: &Anchor) {
        self.page = page;
        match *anchor {
            Anchor::Cell(c) => self.cell_jump = Some(c),
            Anchor::Text { field, start, end } => self.text_jump = Some((field, start, end)),
            Anchor::Section(_) | Anchor::Meta(_) => {}
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let marker = if self.is_dirty() { "*" } else { "" };
        let title = format!("{marker}{} — 年报 nianbao", self.file_name());
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && self.is_dirty()
            && self.closing == Closing::Ask
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Discard(AfterDiscard::Quit));
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Option<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(path) = dropped {
            self.ask_then(AfterDiscard::Open(Some(path)));
        }
    }

    /// Runs `after` now, or asks first when there are unsaved changes.
    fn ask_then(&mut self, after: AfterDiscard) {
        if self.is_dirty() {
            self.dialog = Some(Dialog::Discard(after));
        } else {
            self.proceed(after);
        }
    }

    fn proceed(&mut self, after: AfterDiscard) {
        match after {
            AfterDiscard::Open(Some(path)) => {
                self.open_path(&path);
            }
            AfterDiscard::Open(None) => match pick_file() {
                Some(path) => {
                    self.open_path(&path);
                }
                None => {
                    self.dialog = Some(Dialog::Path {
                        purpose: PathPurpose::Open,
                        text: String::new(),
                    });
                }
            },
            AfterDiscard::New => {
                self.dialog = Some(Dialog::New {
                    body: String::new(),
                    year: (Date::today().year - 1).to_string(),
                    kind: BodyKind::Department,
                });
            }
            AfterDiscard::Quit => {
                self.closing = Closing::Now;
            }
        }
    }

    fn run(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::New => self.ask_then(AfterDiscard::New),
            Command::Open => self.ask_then(AfterDiscard::Open(None)),
            Command::Save => match self.path.clone() {
                Some(p) => {
                    self.save_to(&p);
                }
                None => self.run(ctx, Command::SaveAs),
            },
            Command::SaveAs => match save_file(&self.file_name()) {
                Some(p) => {
                    self.save_to(&p);
                }
                None => {
                    self.dialog = Some(Dialog::Path {
                        purpose: PathPurpose::Save,
                        text: String::new(),
                    });
                }
            },
            Command::ExportText
            | Command::ExportHtml
            | Command::ExportPdf
            | Command::ExportSheetHtml
            | Command::ExportSheetPdf => {
                if let Some(kind) = ExportKind::of(command) {
                    self.export_dialog(kind);
                }
            }
            Command::Undo | Command::Redo if self.is_locked() => {
                self.message =
                    Some("报告已审核通过，只读；如需修改，请在“审核”页重新打开编辑。".to_owned());
            }
            Command::Undo => {
                if let Some(state) = self.undoer.undo(&self.report) {
                    self.report = state.clone();
                    cells::clear_drafts(ctx);
                }
            }
            Command::Redo => {
                if let Some(state) = self.undoer.redo(&self.report) {
                    self.report = state.clone();
                    cells::clear_drafts(ctx);
                }
            }
            Command::ZoomIn => egui::gui_zoom::zoom_in(ctx),
            Command::ZoomOut => egui::gui_zoom::zoom_out(ctx),
            Command::ZoomReset => ctx.set_zoom_factor(1.0),
            Command::ToggleTheme => {
                self.dark = !self.dark;
                ctx.set_theme(if self.dark {
                    egui::Theme::Dark
                } else {
                    egui::Theme::Light
                });
            }
            Command::LinkPrevious => match pick_file() {
                Some(p) => {
                    self.link_previous(&p);
                }
                None => {
                    self.dialog = Some(Dialog::Path {
                        purpose: PathPurpose::LinkPrevious,
                        text: String::new(),
                    });
                }
            },
            Command::Quit => {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn menu_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("文件", |ui| {
                for c in [Command::New, Command::Open, Command::Save, Command::SaveAs] {
                    c.menu_button(ui, &mut self.queue);
                }
                if !self.recent.is_empty() {
                    ui.separator();
                    ui.label("最近打开");
                    for p in self.recent.clone() {
                        if ui.button(p.display().to_string()).clicked() {
                            self.ask_then(AfterDiscard::Open(Some(p)));
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

    fn status_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.label(self.file_name());
            ui.separator();
            ui.label(if self.is_dirty() {
                "未保存"
            } else {
                "已保存"
            });
            ui.separator();
            let errors = self.eval.count(Severity::Error);
            let warnings = self.eval.count(Severity::Warning);
            ui.colored_label(
                if errors > 0 {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                },
                format!("错误 {errors}"),
            );
            ui.label(format!("警告 {warnings}"));
            ui.separator();
            let kind = self
                .report
                .meta
                .body_kind
                .unwrap_or_else(|| BodyKind::guess(&self.report.meta.body));
            let deadline = kind.deadline(self.report.meta.year);
            let text = match self.report.meta.published {
                // Published: whether it was in time, not a countdown that ran out long ago.
                Some(p) if p <= deadline => {
                    format!("已于{}公开（期限{}）", p.chinese(), deadline.chinese())
                }
                Some(p) => format!(
                    "已于{}公开，晚于期限（{}）{}天",
                    p.chinese(),
                    deadline.chinese(),
                    p.day_number() - deadline.day_number()
                ),
                None => {
                    let days = deadline.day_number() - Date::today().day_number();
                    if days >= 0 {
                        format!("距公开期限（{}）还有{days}天", deadline.chinese())
                    } else {
                        format!(
                            "已过公开期限（{}）{}天，尚未填写公开日期",
                            deadline.chinese(),
                            -days
                        )
                    }
                }
            };
            ui.label(text);
        });
    }

    fn nav_ui(&mut self, ui: &mut Ui) {
        ui.add_space(4.0);
        ui.label(self.report.meta.title());
        ui.separator();
        for page in Page::ALL {
            let (errors, warnings) = findings::counts(&self.eval, page);
            let mut text = page.title().to_owned();
            if page == Page::Review {
                let open = self.review.open_comments().count();
                let _ = write!(text, "（{}", self.review.state.label());
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
        if let Some(m) = self.message.clone() {
            ui.horizontal_wrapped(|ui| {
                ui.label(m);
                if ui.button("知道了").clicked() {
                    self.message = None;
                }
            });
            ui.separator();
        }
        self.banners_ui(ui);
        ui.heading(self.page.title());
        let locked = self.is_locked() && self.page != Page::Review;
        egui::ScrollArea::both()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                // An approved report is read-only until reopened: the fields show, nothing takes input.
                ui.add_enabled_ui(!locked, |ui| self.page_ui(ui));
            });
    }

    /// The void and read-only notices, above every page.
    fn banners_ui(&mut self, ui: &mut Ui) {
        if let Some(notice) = self.void_notice.clone() {
            egui::Frame::new()
                .fill(ui.visuals().error_fg_color.gamma_multiply(0.15))
                .stroke(egui::Stroke::new(2.0, ui.visuals().error_fg_color))
                .inner_margin(8.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            egui::RichText::new(notice)
                                .strong()
                                .color(ui.visuals().error_fg_color),
                        );
                        if ui.button("知道了").clicked() {
                            self.void_notice = None;
                        }
                    });
                });
        }
        if self.is_locked() {
            let who = match (
                self.review.approval_status(&self.report),
                &self.review.approval,
            ) {
                (ApprovalStatus::Valid, Some(a)) => format!("{}于{}审核通过", a.by.name, a.at),
                _ => "审核通过".to_owned(),
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new(format!(
                        "本报告{}（{}），只读。如需修改，请在“审核”页重新打开编辑（审核通过将作废）。",
                        self.review.state.label(),
                        who
                    ))
                    .color(ui.visuals().hyperlink_color),
                );
            });
        }
    }

    fn page_ui(&mut self, ui: &mut Ui) {
        if let Page::Section(section) = self.page {
            self.section_comments_ui(ui, section);
        }
        match self.page {
            Page::Review => {
                let cx = review::PageCtx {
                    report: &self.report,
                    review: &self.review,
                    eval: &self.eval,
                    user: &self.user,
                    selected_cell: self.selected_cell,
                };
                let actions = review::review_ui(ui, &cx, &mut self.review_drafts);
                for a in actions {
                    self.apply_review(a);
                }
            }
            Page::Meta => {
                narrative::meta_ui(ui, &mut self.report, &self.eval, &mut self.text_jump);
                ui.separator();
                self.previous_ui(ui);
            }
            Page::Section(SectionId::General) => {
                narrative::general_ui(ui, &mut self.report, &self.eval, &mut self.text_jump);
            }
            Page::Section(SectionId::Problems) => {
                narrative::problems_ui(ui, &mut self.report, &self.eval, &mut self.text_jump);
            }
            Page::Section(SectionId::Other) => {
                narrative::other_ui(ui, &mut self.report, &self.eval, &mut self.text_jump);
            }
            Page::Section(SectionId::Proactive) => self.table_ui(ui, TableId::T2),
            Page::Section(SectionId::Requests) => self.table_ui(ui, TableId::T3),
            Page::Section(SectionId::Appeals) => self.table_ui(ui, TableId::T4),
        }
    }

    fn table_ui(&mut self, ui: &mut Ui, table: TableId) {
        let format = self.report.format;
        let comments: Vec<(CellRef, String)> = self
            .review
            .open_comments()
            .filter_map(|c| match c.anchor {
                CommentAnchor::Cell(cell) if cell.table == table => {
                    Some((cell, format!("{}：{}", c.by.name, c.text)))
                }
                _ => None,
            })
            .collect();
        self.table_comments_ui(ui, table, &comments);
        let mut tcx = tables::TableCtx {
            eval: &self.eval,
            comments: &comments,
            jump: &mut self.cell_jump,
            message: &mut self.message,
            refused: Vec::new(),
        };
        match table {
            TableId::T2 => {
                tables::table2_ui(ui, format.table2(), &mut self.report.table2, &mut tcx);
            }
            TableId::T3 | TableId::T4 => {
                let def = if table == TableId::T3 {
                    format.table3()
                } else {
                    format.table4()
                };
                ui.horizontal(|ui| {
                    let label = if table == TableId::T3 {
                        "由各项计算“总计”列和“（七）总计”行"
                    } else {
                        "由各项计算“总计”"
                    };
                    if ui
                        .button(label)
                        .on_hover_text("只填写各部分都已填写的总计；不会改动其他格")
                        .clicked()
                    {
                        let grid = if table == TableId::T3 {
                            &mut self.report.table3
                        } else {
                            &mut self.report.table4
                        };
                        let n = tables::fill_totals(def, grid);
                        *tcx.message = Some(format!("已计算{n}个总计格。"));
                    }
                    ui.weak("可从Excel/WPS复制整块数字，选中起始格后粘贴。");
                });
                let grid = if table == TableId::T3 {
                    &mut self.report.table3
                } else {
                    &mut self.report.table4
                };
                tables::grid_ui(ui, def, grid, &mut tcx);
            }
        }
        let refused = std::mem::take(&mut tcx.refused);
        tables::refused_ui(ui, &refused);
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
                let place = CommentAnchor::Cell(*cell).describe(&self.report);
                if ui.link(format!("{place} — {text}")).clicked() {
                    self.cell_jump = Some(*cell);
                }
            }
        }
        if self.user.role == Role::Reviewer {
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
                        CommentAnchor::Cell(cell).describe(&self.report)
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
            .review
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
            .report
            .format
            .cells(table)
            .find(|&c| cells::cell_id(c) == focused);
        if found.is_some() {
            self.selected_cell = found;
        }
    }

    fn jump_to_comment(&mut self, anchor: &CommentAnchor) {
        match anchor {
            CommentAnchor::Cell(c) => {
                self.page = Page::Section(c.table.section());
                self.cell_jump = Some(*c);
            }
            CommentAnchor::Section { section, quote } => {
                self.page = Page::Section(*section);
                // Select the quoted sentence where it still stands in the section's text.
                let found = quote.as_deref().and_then(|q| {
                    self.report
                        .text_fields()
                        .into_iter()
                        .filter(|f| f.section() == Some(*section))
                        .find_map(|f| self.report.text(f).find(q).map(|p| (f, p, p + q.len())))
                });
                if found.is_some() {
                    self.text_jump = found;
                }
            }
            CommentAnchor::Finding(key) => {
                if let Some(f) = self.eval.findings.iter().find(|f| f.key() == *key) {
                    let page = Page::of(f);
                    match f.anchors.first().cloned() {
                        Some(a) => self.jump_to(page, &a),
                        None => self.page = page,
                    }
                }
            }
        }
    }

    fn ask_user(&mut self) {
        self.dialog = Some(Dialog::User {
            name: self.user.name.clone(),
            role: self.user.role,
        });
    }

    /// Exports the report (or the review sheet) to `path`. Only a report whose approval is valid exports without the
    /// draft marking; the message says which it was and where the file went.
    pub fn export_to(&mut self, kind: ExportKind, path: &Path) -> bool {
        let options = ExportOptions {
            fragment: false,
            created: Some(iso_now()),
            approval: ApprovalLine::of(&self.report, &self.review),
        };
        let view = ReportView::build(&self.report, &self.eval);
        let bytes = match kind {
            ExportKind::Report(r) => r.report(&view, &options),
            ExportKind::Sheet(r) => {
                r.sheet(&ReviewSheet::build(&self.report, &self.review), &options)
            }
        };
        let written = bytes
            .map_err(|e| e.to_string())
            .and_then(|b| document::write_atomic(path, &b).map_err(|e| e.to_string()));
        match written {
            Ok(()) => {
                let (what, note) = if matches!(kind, ExportKind::Sheet(_)) {
                    ("审核意见单", String::new())
                } else if view.is_draft(&options) {
                    ("草稿", view.draft_notice())
                } else {
                    ("正式版本", "已审核通过，带审核人和审核日期。".to_owned())
                };
                self.message = Some(format!("已导出{what}到 {}。{note}", path.display()));
                self.last_export_dir = path.parent().map(Path::to_path_buf);
                true
            }
            Err(e) => {
                self.message = Some(format!("导出失败：{e}"));
                false
            }
        }
    }

    /// The export file dialog, starting in the last export folder with a name from the title.
    fn export_dialog(&mut self, kind: ExportKind) {
        let mut name = self.report.meta.title();
        if matches!(kind, ExportKind::Sheet(_)) {
            name.push_str("审核意见单");
        }
        let r = kind.rendition();
        let mut dialog = rfd::FileDialog::new()
            .add_filter(r.file_kind(), &[r.extension()])
            .set_file_name(format!("{name}.{}", r.extension()));
        if let Some(dir) = &self.last_export_dir {
            dialog = dialog.set_directory(dir);
        }
        match dialog.save_file() {
            Some(p) => {
                self.export_to(kind, &p);
            }
            None => {
                self.dialog = Some(Dialog::Path {
                    purpose: PathPurpose::Export(kind),
                    text: String::new(),
                });
            }
        }
    }

    fn previous_ui(&mut self, ui: &mut Ui) {
        ui.strong("上年报告");
        match &self.previous {
            Some(p) => {
                ui.label(format!(
                    "已关联：{}（{}年）",
                    p.path.display(),
                    p.report.meta.year
                ));
                ui.horizontal(|ui| {
                    if ui.button("从上年报告带入“二、上年结转”…").clicked() {
                        self.dialog = Some(Dialog::PrefillCarry);
                    }
                    if ui.button("取消关联").clicked() {
                        self.previous = None;
                        self.evaluated_revision = None;
                    }
                });
            }
            None => {
                ui.label("关联上年报告后，可带入上年结转数并进行跨年度检查。");
            }
        }
        Command::LinkPrevious.menu_button(ui, &mut self.queue);
    }

    fn dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(mut dialog) = self.dialog.take() else {
            return;
        };
        let mut open = true;
        egui::Modal::new(egui::Id::NULL.with("nianbao-dialog")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            match &mut dialog {
                Dialog::New { body, year, kind } => {
                    ui.heading("新建报告");
                    egui::Grid::new("new-form").show(ui, |ui| {
                        ui.label("机关名称");
                        ui.text_edit_singleline(body);
                        ui.end_row();
                        ui.label("报告年度");
                        ui.text_edit_singleline(year);
                        ui.end_row();
                        ui.label("机关类型");
                        ui.horizontal(|ui| {
                            for k in [BodyKind::Department, BodyKind::Government] {
                                ui.radio_value(kind, k, k.label());
                            }
                        });
                        ui.end_row();
                    });
                    let parsed = crate::input::parse_count(year)
                        .ok()
                        .flatten()
                        .and_then(|y| u16::try_from(y).ok())
                        .filter(|y| (2008..=2100).contains(y));
                    if parsed.is_none() {
                        ui.colored_label(ui.visuals().error_fg_color, "请填写有效的报告年度");
                    }
                    ui.horizontal(|ui| {
                        if ui.add_enabled(parsed.is_some(), egui::Button::new("创建")).clicked()
                            && let Some(y) = parsed
                        {
                            let mut report = Report::new(body.trim(), y);
                            report.meta.body_kind = Some(*kind);
                            self.replace_report(report, None);
                            open = false;
                        }
                        if ui.button("取消").clicked() {
                            open = false;
                        }
                    });
                }
                Dialog::Discard(after) => {
                    ui.heading("有未保存的修改");
                    ui.label("当前报告有未保存的修改。");
                    ui.horizontal(|ui| {
                        if ui.button("保存").clicked() {
                            let saved = match self.path.clone() {
                                Some(p) => self.save_to(&p),
                                None => save_file(&self.file_name()).is_some_and(|p| self.save_to(&p)),
                            };
                            if saved {
                                self.proceed(after.clone());
                            }
                            open = false;
                        }
                        if ui.button("不保存").clicked() {
                            self.saved_revision = self.revision;
                            open = false;
                            self.proceed(after.clone());
                        }
                        if ui.button("取消").clicked() {
                            open = false;
                        }
                    });
                }
                Dialog::Recover(path) => {
                    ui.heading("发现自动保存的副本");
                    ui.label(format!(
                        "{} 比报告文件更新，可能是上次程序意外退出时留下的。要恢复吗？",
                        path.display()
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("恢复").clicked() {
                            match document::load(path) {
                                Ok(doc) => {
                                    let keep = self.path.clone();
                                    self.replace_document(doc, keep);
                                    self.saved_revision = u64::MAX;
                                    self.check_approval();
                                }
                                Err(e) => self.message = Some(load_message(path, e)),
                            }
                            open = false;
                        }
                        if ui.button("丢弃副本").clicked() {
                            let _ = std::fs::remove_file(&*path);
                            open = false;
                        }
                    });
                }
                Dialog::Path { purpose, text } => {
                    ui.heading(match purpose {
                        PathPurpose::Open => "打开",
                        PathPurpose::Save => "另存为",
                        PathPurpose::LinkPrevious => "关联上年报告",
                        PathPurpose::Export(_) => "导出",
                    });
                    ui.label("未能通过文件选择窗口得到文件（已取消，或系统缺少文件选择服务，如 xdg-desktop-portal）。可以直接输入文件路径：");
                    let response = ui.text_edit_singleline(text);
                    let name = "文件路径".to_owned();
                    ui.ctx().accesskit_node_builder(response.id, |n| n.set_label(name));
                    ui.horizontal(|ui| {
                        if ui.button("确定").clicked() && !text.trim().is_empty() {
                            let path = PathBuf::from(text.trim());
                            match *purpose {
                                PathPurpose::Open => {
                                    self.open_path(&path);
                                }
                                PathPurpose::Save => {
                                    self.save_to(&path);
                                }
                                PathPurpose::LinkPrevious => {
                                    self.link_previous(&path);
                                }
                                PathPurpose::Export(kind) => {
                                    self.export_to(kind, &path);
                                }
                            }
                            open = false;
                        }
                        if ui.button("取消").clicked() {
                            open = false;
                        }
                    });
                }
                Dialog::User { name, role } => {
                    ui.heading("用户");
                    ui.label("请填写您的姓名并选择角色。姓名和角色会记录在审核记录和批注中。");
                    egui::Grid::new("user-form").show(ui, |ui| {
                        ui.label("姓名");
                        let response = ui.text_edit_singleline(name);
                        ui.ctx()
                            .accesskit_node_builder(response.id, |n| n.set_label("您的姓名"));
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
                    ui.horizontal(|ui| {
                        let ok = !name.trim().is_empty();
                        if ui.add_enabled(ok, egui::Button::new("确定")).clicked() {
                            self.user = Actor::new(name, *role);
                            open = false;
                        }
                        if ui.button("取消").clicked() {
                            open = false;
                        }
                    });
                }
                Dialog::Comment { anchor, text } => {
                    ui.heading("添加批注");
                    ui.label(anchor.describe(&self.report));
                    let response = ui.add(
                        egui::TextEdit::multiline(text)
                            .desired_rows(3)
                            .hint_text("批注内容"),
                    );
                    ui.ctx()
                        .accesskit_node_builder(response.id, |n| n.set_label("批注内容"));
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(!text.trim().is_empty(), egui::Button::new("添加"))
                            .clicked()
                        {
                            self.review_drafts.comment = std::mem::take(text);
                            self.apply_review(review::Action::Comment(anchor.clone()));
                            open = false;
                        }
                        if ui.button("取消").clicked() {
                            open = false;
                        }
                    });
                }
                Dialog::PrefillCarry => {
                    ui.heading("带入上年结转");
                    ui.label("将用上年报告表三“四、结转下年度继续办理”各列的数字，替换本年“二、上年结转政府信息公开申请数量”一行。");
                    ui.horizontal(|ui| {
                        if ui.button("带入").clicked() {
                            self.prefill_carried_in();
                            open = false;
                        }
                        if ui.button("取消").clicked() {
                            open = false;
                        }
                    });
                }
            }
        });
        if open && self.dialog.is_none() {
            self.dialog = Some(dialog);
        }
    }
}

impl FrameStats {
    /// The whole previous frame's CPU time, as eframe reports it.
    fn record_whole(&mut self, seconds: f64) {
        self.whole_total += seconds;
        self.whole_worst = self.whole_worst.max(seconds);
    }

    fn record(&mut self, seconds: f64) {
        if !self.first_frame_done {
            self.first_frame_done = true;
            eprintln!(
                "nianbao: first frame after {:.0} ms",
                self.started.elapsed().as_secs_f64() * 1000.0
            );
            return;
        }
        self.frames += 1;
        self.total += seconds;
        self.worst = self.worst.max(seconds);
        if self.frames == 120 {
            let n = f64::from(self.frames);
            eprintln!(
                "nianbao: over {} frames: ui() mean {:.2} ms, worst {:.2} ms; whole frame (ui, tessellation, \
                 painting) mean {:.2} ms, worst {:.2} ms",
                self.frames,
                self.total / n * 1000.0,
                self.worst * 1000.0,
                self.whole_total / n * 1000.0,
                self.whole_worst * 1000.0
            );
            *self = Self {
                started: self.started,
                first_frame_done: true,
                frames: 0,
                total: 0.0,
                worst: 0.0,
                whole_total: 0.0,
                whole_worst: 0.0,
            };
        }
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
        eframe::set_value(storage, RECENT_KEY, &self.recent);
        eframe::set_value(storage, DARK_KEY, &self.dark);
        eframe::set_value(storage, USER_KEY, &self.user);
        eframe::set_value(storage, EXPORT_DIR_KEY, &self.last_export_dir);
    }
}

/// The report the app opens with no file: the embedded sample (assets/sample.ron, a real report transcribed). Should
/// the embedded text ever fail to load, a blank report for last year is opened instead of crashing.
pub fn sample_report() -> Report {
    crate::io::document::from_str(include_str!("../../assets/sample.ron")).map_or_else(
        |_| Report::new("示例县人民政府办公室", Date::today().year.saturating_sub(1)),
        |doc| doc.report,
    )
}

/// A load error for the clerk, naming the file unless the error already does.
fn load_message(path: &Path, e: document::LoadError) -> String {
    match e {
        document::LoadError::Io { .. } => e.to_string(),
        e => e.in_file(path).to_string(),
    }
}

fn pick_file() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("年报文件", &["ron"])
        .pick_file()
}

fn save_file(name: &str) -> Option<PathBuf> {
    let name = if Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        name.to_owned()
    } else {
        "年报.ron".to_owned()
    };
    rfd::FileDialog::new()
        .add_filter("年报文件", &["ron"])
        .set_file_name(name)
        .save_file()
}

fn is_newer(autosave: &Path, file: Option<&Path>) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(autosave), file.and_then(modified)) {
        (Some(a), Some(f)) => a > f,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Now in UTC, ISO 8601 (`2025-01-20T09:30:00Z`), for the exports' creation date.
fn iso_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let stamp = reviewing::timestamp_from_unix(secs as i64);
    format!("{}:00Z", stamp.replacen(' ', "T", 1))
}
