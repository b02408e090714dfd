//! The window and its files: opening (any report file, through [`crate::io::open`]), saving, autosave and the offer
//! to recover it, exports, last year's report, the claim on an open file that warns a second window, and the
//! operating system's file dialogs behind a trait that tests replace.
//!
//! Every outcome reaches the message line: a later success replaces an earlier failure. The report's own state
//! (revision, saved or not) is the editor's; this file decides what happens to files.

use std::path::{Path, PathBuf};

use super::app::{App, Closing};
use super::dialogs::{AfterDiscard, Dialog, PathPurpose};
use super::editor::{Origin, Previous, ReportEditor};
use crate::export::{ApprovalLine, ExportOptions, Rendition, ReportView, ReviewSheet};
use crate::io::document::{self, Backup, Document};
use crate::io::open::{self, FileKind, Opened};
use crate::model::Timestamp;
use crate::ui::Command;

/// The operating system's file dialogs. `None`: cancelled, or no dialog could be shown (a machine without a file
/// chooser service): the window then asks for a path by hand.
pub trait FileDialogs {
    /// A file to open.
    fn open(&self, title: &str) -> Option<PathBuf>;
    /// Where to save a file of this rendition (`None`: a report document), starting from `suggested`.
    fn save(&self, title: &str, suggested: &Path, kind: Option<Rendition>) -> Option<PathBuf>;
}

/// The native dialogs (rfd).
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open(&self, title: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .add_filter("年报文件", &["ron", "json"])
            .pick_file()
    }

    fn save(&self, title: &str, suggested: &Path, kind: Option<Rendition>) -> Option<PathBuf> {
        let (label, extension) =
            kind.map_or(("年报文件", "ron"), |r| (r.file_kind(), r.extension()));
        let mut dialog = rfd::FileDialog::new()
            .set_title(title)
            .add_filter(label, &[extension]);
        if let Some(dir) = suggested.parent().filter(|d| d.is_dir()) {
            dialog = dialog.set_directory(dir);
        }
        if let Some(name) = suggested.file_name() {
            dialog = dialog.set_file_name(name.to_string_lossy());
        }
        dialog.save_file()
    }
}

/// No dialog can be shown: every request falls back to a path typed by hand.
pub struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn open(&self, _title: &str) -> Option<PathBuf> {
        None
    }

    fn save(&self, _title: &str, _suggested: &Path, _kind: Option<Rendition>) -> Option<PathBuf> {
        None
    }
}

/// What the Export menu writes: the report, or its review sheet (审核意见单), in a rendition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// The report itself, draft-marked unless its approval is valid.
    Report(Rendition),
    /// The review sheet (审核意见单), for the archive.
    Sheet(Rendition),
}

impl ExportKind {
    pub(super) fn of(command: Command) -> Option<Self> {
        match command {
            Command::ExportText => Some(Self::Report(Rendition::Text)),
            Command::ExportHtml => Some(Self::Report(Rendition::Html)),
            Command::ExportPdf => Some(Self::Report(Rendition::Pdf)),
            Command::ExportSheetHtml => Some(Self::Sheet(Rendition::Html)),
            Command::ExportSheetPdf => Some(Self::Sheet(Rendition::Pdf)),
            _ => None,
        }
    }

    pub(super) fn rendition(self) -> Rendition {
        match self {
            Self::Report(r) | Self::Sheet(r) => r,
        }
    }
}

/// `报告` → `报告.ron` when the name has no extension (typed by hand, or a dialog that does not add it).
pub fn with_extension(path: &Path, extension: &str) -> PathBuf {
    if path.extension().is_some() {
        path.to_path_buf()
    } else {
        path.with_extension(extension)
    }
}

impl App {
    /// Opens a report file (a document, or interchange JSON), replacing the current report. No question is asked
    /// about unsaved changes: callers ask first. Returns whether it was opened now (not when it failed, or when the
    /// file is open in another window and the user is being asked).
    pub fn open_path(&mut self, path: &Path) -> bool {
        let opened = match open::open(path) {
            Ok(o) => o,
            Err(e) => {
                self.messages.error(e.to_string(), self.time);
                return false;
            }
        };
        match FileLock::acquire(path, self.now()) {
            Ok(lock) => {
                self.finish_open(path, opened, Some(lock));
                true
            }
            Err(holder) => {
                self.dialog = Some(Dialog::InUse {
                    path: path.to_path_buf(),
                    holder,
                    opened: Box::new(opened),
                });
                false
            }
        }
    }

    pub(super) fn finish_open(&mut self, path: &Path, opened: Opened, lock: Option<FileLock>) {
        let (origin, file) = match opened.kind {
            FileKind::Interchange => (Origin::Interchange, None),
            _ => (Origin::File, Some(path.to_path_buf())),
        };
        self.replace_editor(ReportEditor::new(opened.document, file, origin));
        self.lock = lock;
        self.remember_recent(path);
        let note = if origin == Origin::Interchange {
            "（JSON 交换格式，不含审核记录；保存时另存为年报文件）"
        } else {
            ""
        };
        self.messages
            .info(format!("已打开 {}{note}", path.display()), self.time);
        self.offer_recovery();
    }

    /// Puts another report in the window. The current one was saved or deliberately discarded, so its autosave
    /// copy goes, and so does this window's claim on its file.
    pub(super) fn replace_editor(&mut self, editor: ReportEditor) {
        self.discard_autosave();
        self.lock = None;
        self.editor = editor;
        self.void_notice = None;
        self.selected_cell = None;
        self.review_drafts = super::review::Drafts::default();
        self.jumps = super::app::Jumps::default();
        self.clear_drafts = true;
        self.settle();
    }

    /// Saves to `path` and makes it the report's file.
    pub fn save_to(&mut self, path: &Path) -> bool {
        if let Err(e) = document::save(path, self.editor.document()) {
            self.messages.error(e.to_string(), self.time);
            return false;
        }
        // The work is in the file now: the autosave copy goes. Saved somewhere else, the claim moves too.
        self.discard_autosave();
        if self.editor.file() != Some(path) {
            self.lock = FileLock::acquire(path, self.now()).ok();
        }
        self.editor.mark_saved(path);
        self.remember_recent(path);
        let mut text = format!("已保存到 {}", path.display());
        let refused = self.editor.refused();
        if !refused.is_empty() {
            use std::fmt::Write as _;
            let _ = write!(
                text,
                "。注意：{}处输入未被接受，文件中保留的是原值，请改正",
                refused.len()
            );
        }
        self.messages.info(text, self.time);
        true
    }

    /// 保存: to the report's file, or where the user says (a dialog, else a path typed by hand). Then runs `after`
    /// if saving succeeded.
    pub(super) fn save(&mut self, after: Option<AfterDiscard>) {
        match self.editor.file().map(Path::to_path_buf) {
            Some(file) => {
                if self.save_to(&file)
                    && let Some(after) = after
                {
                    self.proceed(after);
                }
            }
            None => self.save_as(after),
        }
    }

    /// 另存为.
    pub(super) fn save_as(&mut self, after: Option<AfterDiscard>) {
        let suggested = self.suggested_path(None);
        match self.dialogs.save("另存为", &suggested, None) {
            Some(path) => {
                let path = with_extension(&path, "ron");
                if self.save_to(&path)
                    && let Some(after) = after
                {
                    self.proceed(after);
                }
            }
            None => {
                self.dialog = Some(Dialog::Path {
                    purpose: PathPurpose::Save(after),
                    text: suggested.display().to_string(),
                });
            }
        }
    }

    /// Where a file would go: beside the report's file (or the last one opened), named after the report.
    pub(super) fn suggested_path(&self, kind: Option<ExportKind>) -> PathBuf {
        let dir = match kind {
            Some(_) => self.prefs.last_export_dir.clone(),
            None => None,
        }
        .or_else(|| {
            self.editor
                .file()
                .and_then(Path::parent)
                .map(Path::to_path_buf)
        })
        .or_else(|| {
            self.prefs
                .recent
                .first()
                .and_then(|p| p.parent())
                .map(Path::to_path_buf)
        })
        .or_else(std::env::home_dir)
        .unwrap_or_default();
        let mut name = match (kind, self.editor.file()) {
            (None, Some(file)) => {
                return file.to_path_buf();
            }
            _ => self.editor.report().meta.title(),
        };
        let extension = match kind {
            Some(ExportKind::Sheet(r)) => {
                name.push_str("审核意见单");
                r.extension()
            }
            Some(ExportKind::Report(r)) => r.extension(),
            None => "ron",
        };
        dir.join(format!("{name}.{extension}"))
    }

    /// The folder a file to open is looked for in, ending with a separator, for a path typed by hand.
    fn suggested_folder(&self) -> String {
        let path = self.suggested_path(None);
        let dir = path.parent().unwrap_or(&path);
        format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR)
    }

    /// Runs `after` now, or asks first when there are unsaved changes.
    pub(super) fn ask_then(&mut self, after: AfterDiscard) {
        if self.editor.is_dirty() {
            self.dialog = Some(Dialog::Discard(after));
        } else {
            self.proceed(after);
        }
    }

    /// Goes on with what the user asked for, the current report saved or its changes given up. Nothing is marked
    /// saved here: if the user then cancels (no file chosen, a file that cannot be read), the unsaved changes stay
    /// unsaved, on screen and in the title.
    pub(super) fn proceed(&mut self, after: AfterDiscard) {
        match after {
            AfterDiscard::Open(Some(path)) => {
                self.open_path(&path);
            }
            AfterDiscard::Open(None) => {
                if let Some(path) = self.pick_file("打开年报文件", PathPurpose::Open) {
                    self.open_path(&path);
                }
            }
            AfterDiscard::New => {
                self.dialog = Some(Dialog::New {
                    body: String::new(),
                    year: (self.now().date.year - 1).to_string(),
                    kind: None,
                });
            }
            AfterDiscard::Quit => {
                self.discard_autosave();
                self.closing = Closing::Now;
            }
        }
    }

    pub(super) fn remember_recent(&mut self, path: &Path) {
        let recent = &mut self.prefs.recent;
        recent.retain(|p| p != path);
        recent.insert(0, path.to_owned());
        recent.truncate(8);
    }

    /// Where unsaved work on this report is autosaved: beside its file, or in the user's data folder.
    pub(super) fn autosave_target(&self) -> Option<PathBuf> {
        match self.editor.file() {
            Some(p) => Some(document::autosave_path(p)),
            None => self
                .prefs
                .data_dir
                .as_ref()
                .map(|d| d.join("未命名报告.autosave.ron")),
        }
    }

    /// Every half minute, writes unsaved work to the autosave copy (no backup of the copy it replaces).
    pub(super) fn autosave(&mut self) {
        if self.time - self.last_autosave < super::app::AUTOSAVE_SECONDS {
            return;
        }
        self.last_autosave = self.time;
        self.autosave_now();
    }

    /// Writes unsaved work to the autosave copy now, as the half-minute timer does. Returns whether it wrote one
    /// (nothing unsaved, or nowhere to write: no).
    pub fn autosave_now(&mut self) -> bool {
        if !self.editor.needs_autosave() {
            return false;
        }
        let Some(target) = self.autosave_target() else {
            return false;
        };
        if let Some(dir) = target.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let written = document::save_copy(&target, self.editor.document()).is_ok();
        if written {
            self.editor.mark_autosaved();
            self.owns_autosave = true;
        }
        written
    }

    /// Removes the autosave copy this window wrote (or recovered from): the work in it is saved, or was
    /// deliberately given up. A copy left by another session is not this window's to remove.
    pub(super) fn discard_autosave(&mut self) {
        if std::mem::take(&mut self.owns_autosave)
            && let Some(copy) = self.autosave_target()
        {
            let _ = std::fs::remove_file(copy);
        }
    }

    /// If an autosave copy of this report is there (work a crash or a kill left unsaved), offers to recover it; a
    /// copy that holds what the file holds is removed without asking.
    pub(super) fn offer_recovery(&mut self) {
        let Some(copy) = self.autosave_target() else {
            return;
        };
        if !copy.exists() {
            return;
        }
        match document::load(&copy) {
            Ok(doc) if doc == *self.editor.document() => {
                let _ = std::fs::remove_file(&copy);
            }
            Ok(doc) => {
                self.dialog = Some(Dialog::Recover {
                    copy,
                    doc: Box::new(doc),
                });
            }
            Err(e) => self.messages.error(
                format!(
                    "发现自动保存的副本 {}，但无法读取（{e}）；副本保留未动。",
                    copy.display()
                ),
                self.time,
            ),
        }
    }

    /// Puts the recovered copy on screen in place of what the file holds: unsaved until saved.
    pub(super) fn recover(&mut self, doc: Document) {
        let file = self.editor.file().map(Path::to_path_buf);
        let origin = if file.is_some() {
            Origin::File
        } else {
            Origin::New
        };
        let lock = self.lock.take();
        let mut editor = ReportEditor::new(doc, file, origin);
        editor.mark_unsaved();
        // The copy is this window's now: replaced by the next autosave, removed when saved or discarded.
        self.owns_autosave = false;
        self.replace_editor(editor);
        self.lock = lock;
        self.owns_autosave = true;
        self.messages
            .info("已恢复自动保存的内容。请检查后保存。".to_owned(), self.time);
    }

    /// Lets go of the report's file: this window's claim, and an autosave copy with nothing unsaved in it.
    pub(super) fn release_file(&mut self) {
        if !self.editor.is_dirty() {
            self.discard_autosave();
        }
        self.lock = None;
    }

    /// Links last year's report: enables the X-* checks.
    pub fn link_previous(&mut self, path: &Path) -> bool {
        match open::open(path) {
            Ok(opened) => {
                let previous = &opened.document.report.meta;
                let current = &self.editor.report().meta;
                // The cross-year checks compare with the year before, of the same body: say so when it is not.
                let mut mismatch = Vec::new();
                if previous.year.checked_add(1) != Some(current.year) {
                    mismatch.push(format!(
                        "它是{}年度的报告，不是上一年度（{}年）的",
                        previous.year,
                        current.year.saturating_sub(1)
                    ));
                }
                if previous.body.trim() != current.body.trim() {
                    mismatch.push(format!("机关名称是“{}”", previous.body));
                }
                let text = format!("已关联上年报告（{}年）：{}", previous.year, path.display());
                if mismatch.is_empty() {
                    self.messages.info(text, self.time);
                } else {
                    self.messages.error(
                        format!(
                            "{text}。请注意：{}，跨年度检查可能不可靠。",
                            mismatch.join("，")
                        ),
                        self.time,
                    );
                }
                self.editor.set_previous(Some(Previous {
                    path: path.to_owned(),
                    report: opened.document.report,
                }));
                true
            }
            Err(e) => {
                self.messages.error(format!("上年报告：{e}"), self.time);
                false
            }
        }
    }

    pub(super) fn link_previous_dialog(&mut self) {
        if let Some(p) = self.pick_file("关联上年报告", PathPurpose::LinkPrevious) {
            self.link_previous(&p);
        }
    }

    /// A file to read, from the file dialog; without one, the path is asked for by hand (`purpose` says what for)
    /// and `None` returned.
    fn pick_file(&mut self, title: &str, purpose: PathPurpose) -> Option<PathBuf> {
        let picked = self.dialogs.open(title);
        if picked.is_none() {
            self.dialog = Some(Dialog::Path {
                purpose,
                text: self.suggested_folder(),
            });
        }
        picked
    }

    /// Exports the report (or the review sheet) to `path`. Only a report whose approval is valid exports without the
    /// draft marking; the message says which it was and where the file went.
    pub fn export_to(&mut self, kind: ExportKind, path: &Path) -> bool {
        let report = self.editor.report();
        let review = self.editor.review();
        let options = ExportOptions {
            fragment: false,
            created: Some(self.now()),
            approval: ApprovalLine::of(report, review),
        };
        let view = ReportView::build(report, self.editor.evaluation());
        let bytes = match kind {
            ExportKind::Report(r) => r.report(&view, &options),
            ExportKind::Sheet(r) => r.sheet(&ReviewSheet::build(report, review), &options),
        };
        let written = bytes.map_err(|e| e.to_string()).and_then(|b| {
            document::write_atomic(path, &b, Backup::None).map_err(|e| e.to_string())
        });
        match written {
            Ok(()) => {
                let (what, note) = if matches!(kind, ExportKind::Sheet(_)) {
                    ("审核意见单", String::new())
                } else if view.is_draft(&options) {
                    ("草稿", view.draft_notice())
                } else {
                    ("正式版本", "已审核通过，带审核人和审核日期。".to_owned())
                };
                self.messages.info(
                    format!("已导出{what}到 {}。{note}", path.display()),
                    self.time,
                );
                self.prefs.last_export_dir = path.parent().map(Path::to_path_buf);
                true
            }
            Err(e) => {
                self.messages.error(format!("导出失败：{e}"), self.time);
                false
            }
        }
    }

    /// The export file dialog, starting in the last export folder with a name from the title.
    pub(super) fn export_dialog(&mut self, kind: ExportKind) {
        let suggested = self.suggested_path(Some(kind));
        let r = kind.rendition();
        match self.dialogs.save("导出", &suggested, Some(r)) {
            Some(p) => {
                self.export_to(kind, &with_extension(&p, r.extension()));
            }
            None => {
                self.dialog = Some(Dialog::Path {
                    purpose: PathPurpose::Export(kind),
                    text: suggested.display().to_string(),
                });
            }
        }
    }

    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && self.editor.is_dirty()
            && self.closing == Closing::Ask
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Discard(AfterDiscard::Quit));
        }
    }

    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context) {
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

    /// How the window names the report: its file, or what it is while it has none.
    pub(super) fn file_name(&self) -> String {
        match (self.editor.file(), self.editor.origin()) {
            (Some(p), _) => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            (None, Origin::Sample) => "示例报告（未保存）".to_owned(),
            (None, Origin::Interchange) => "由 JSON 打开（未保存为年报文件）".to_owned(),
            (None, _) => "未命名（新报告）".to_owned(),
        }
    }

    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
        let marker = if self.editor.is_dirty() { "*" } else { "" };
        let title = format!("{marker}{} — 年报 nianbao", self.file_name());
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

/// Who holds a file open, as its lock says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub user: String,
    pub host: String,
    pub pid: u32,
    pub since: String,
}

impl Holder {
    fn of_this_process(now: Timestamp) -> Self {
        Self {
            user: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_default(),
            host: host_name(),
            pid: std::process::id(),
            since: now.to_string(),
        }
    }

    fn parse(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        let pid = lines.next()?.trim().parse().ok()?;
        Some(Self {
            pid,
            host: lines.next().unwrap_or_default().to_owned(),
            user: lines.next().unwrap_or_default().to_owned(),
            since: lines.next().unwrap_or_default().to_owned(),
        })
    }

    fn text(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}\n",
            self.pid, self.host, self.user, self.since
        )
    }

    /// Whether the holder may still have the file open: another process on this machine that is still running (where
    /// the system lets us tell), or any process on another machine (a shared folder).
    fn is_alive(&self) -> bool {
        if self.host != host_name() {
            return true;
        }
        if self.pid == std::process::id() {
            return false;
        }
        let proc = Path::new("/proc");
        if proc.is_dir() {
            proc.join(self.pid.to_string()).exists()
        } else {
            true
        }
    }

    /// In words, for the question the window asks.
    pub fn describe(&self) -> String {
        let who = if self.user.is_empty() {
            String::new()
        } else {
            format!("用户{}", self.user)
        };
        format!(
            "{who}在计算机“{}”上（进程{}）自{}起打开",
            self.host, self.pid, self.since
        )
    }
}

fn host_name() -> String {
    std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .unwrap_or_default()
}

/// A window's claim on the report file it edits: a small file beside it (`.~lock.报告.ron#`, as office programs
/// make), removed when the window lets go of the file. A second window opening the file finds it and warns.
pub struct FileLock {
    path: PathBuf,
}

impl FileLock {
    /// The lock file of `file`.
    pub fn lock_path(file: &Path) -> PathBuf {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        file.with_file_name(format!(".~lock.{name}#"))
    }

    /// Claims `file` for this window, unless another window (still running) holds it. A claim that cannot be written
    /// (a read-only folder) is no claim, and no reason not to open the file.
    pub fn acquire(file: &Path, now: Timestamp) -> Result<Self, Holder> {
        let path = Self::lock_path(file);
        if let Some(holder) = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| Holder::parse(&t))
            .filter(Holder::is_alive)
        {
            return Err(holder);
        }
        Ok(Self::take_over(file, now))
    }

    /// Claims `file` for this window whoever held it: the user chose to open it anyway (the other window may be
    /// long gone, on a system where that cannot be told).
    pub fn take_over(file: &Path, now: Timestamp) -> Self {
        let path = Self::lock_path(file);
        let _ = std::fs::write(&path, Holder::of_this_process(now).text());
        Self { path }
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let ours = std::fs::read_to_string(&self.path)
            .ok()
            .and_then(|t| Holder::parse(&t))
            .is_some_and(|h| h.pid == std::process::id() && h.host == host_name());
        if ours {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_of_a_running_process_is_found_and_ours_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("报告.ron");
        let now = Timestamp::parse("2025-01-20 09:30").unwrap();
        let lock = FileLock::acquire(&file, now).unwrap();
        let path = FileLock::lock_path(&file);
        assert!(path.ends_with(".~lock.报告.ron#"));
        // The same process opening it again is not another window.
        assert!(FileLock::acquire(&file, now).is_ok());
        drop(lock);
        assert!(!path.exists());
        // Another machine's claim (a shared folder) is reported.
        let other = Holder {
            user: "wang".to_owned(),
            host: "另一台电脑".to_owned(),
            pid: 4242,
            since: "2025-01-20 08:00".to_owned(),
        };
        std::fs::write(&path, other.text()).unwrap();
        let holder = FileLock::acquire(&file, now).err().unwrap();
        assert_eq!(holder, other);
        assert!(holder.describe().contains("另一台电脑"));
        assert_eq!(
            with_extension(Path::new("/tmp/报告"), "html"),
            Path::new("/tmp/报告.html")
        );
        assert_eq!(
            with_extension(Path::new("/tmp/a.pdf"), "html"),
            Path::new("/tmp/a.pdf")
        );
    }
}
