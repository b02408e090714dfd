//! App-wide actions as one enum: menus, buttons and keyboard shortcuts share these labels and shortcuts, and the
//! app runs them after the frame that asked for them. Knows nothing of the report.

use egui::{Key, KeyboardShortcut, Modifiers};

/// One app-wide action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// 新建报告: a blank report for a body and year, after asking about unsaved changes.
    New,
    /// 打开: a document or interchange JSON, after asking about unsaved changes.
    Open,
    /// 保存: to the report's file (asking for one if it has none), keeping the previous version as `.bak`.
    Save,
    /// 另存为: to a file the user chooses.
    SaveAs,
    /// 重做: the step last undone (also Ctrl+Y, the Windows habit).
    Redo,
    /// 撤销: the last step of editing (a burst of typing is one step); refused while the report is read-only.
    Undo,
    /// 放大: the whole window (egui's own zoom shortcut).
    ZoomIn,
    /// 缩小: the whole window.
    ZoomOut,
    /// 原始大小: zoom back to 100 %.
    ZoomReset,
    /// 切换明暗主题: light or dark, kept in the preferences.
    ToggleTheme,
    /// 关联上年报告: links last year's file, which turns on the X-* checks against it.
    LinkPrevious,
    /// 导出纯文本: the report as `.txt`.
    ExportText,
    /// 导出网页: the report as `.html` for the portal.
    ExportHtml,
    /// 导出 PDF: the report as `.pdf`, for print and as the portal's attachment.
    ExportPdf,
    /// 导出审核意见单 as `.html`: the review sheet for the archive.
    ExportSheetHtml,
    /// 导出审核意见单 as PDF.
    ExportSheetPdf,
    /// 退出: closes the window, after asking about unsaved changes.
    Quit,
}

impl Command {
    /// Every command, in the order shortcuts are tested (Redo before Undo: Ctrl+Shift+Z also matches Ctrl+Z).
    pub const ALL: [Self; 17] = [
        Self::New,
        Self::Open,
        Self::SaveAs,
        Self::Save,
        Self::Redo,
        Self::Undo,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomReset,
        Self::ToggleTheme,
        Self::LinkPrevious,
        Self::ExportText,
        Self::ExportHtml,
        Self::ExportPdf,
        Self::ExportSheetHtml,
        Self::ExportSheetPdf,
        Self::Quit,
    ];

    /// The entry's text in menus and on buttons, e.g. `另存为…`.
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "新建报告…",
            Self::Open => "打开…",
            Self::Save => "保存",
            Self::SaveAs => "另存为…",
            Self::Undo => "撤销",
            Self::Redo => "重做",
            Self::ZoomIn => "放大",
            Self::ZoomOut => "缩小",
            Self::ZoomReset => "原始大小",
            Self::ToggleTheme => "切换明暗主题",
            Self::LinkPrevious => "关联上年报告…",
            Self::ExportText => "导出纯文本（.txt）…",
            Self::ExportHtml => "导出网页（.html）…",
            Self::ExportPdf => "导出 PDF…",
            Self::ExportSheetHtml => "导出审核意见单（.html）…",
            Self::ExportSheetPdf => "导出审核意见单（PDF）…",
            Self::Quit => "退出",
        }
    }

    /// The keyboard shortcut, if the command has one (Ctrl on Windows and Linux, Cmd on macOS).
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let k = |m, key| Some(KeyboardShortcut::new(m, key));
        match self {
            Self::New => k(cmd, Key::N),
            Self::Open => k(cmd, Key::O),
            Self::Save => k(cmd, Key::S),
            Self::SaveAs => k(cmd | Modifiers::SHIFT, Key::S),
            Self::Undo => k(cmd, Key::Z),
            Self::Redo => k(cmd | Modifiers::SHIFT, Key::Z),
            Self::ZoomIn => Some(egui::gui_zoom::kb_shortcuts::ZOOM_IN),
            Self::ZoomOut => Some(egui::gui_zoom::kb_shortcuts::ZOOM_OUT),
            Self::ZoomReset => Some(egui::gui_zoom::kb_shortcuts::ZOOM_RESET),
            Self::Quit => k(cmd, Key::Q),
            Self::ExportPdf => k(cmd, Key::E),
            Self::ToggleTheme
            | Self::LinkPrevious
            | Self::ExportText
            | Self::ExportHtml
            | Self::ExportSheetHtml
            | Self::ExportSheetPdf => None,
        }
    }

    /// Commands whose shortcut egui already handles itself (zoom): shown in menus, not consumed by the app.
    pub fn handled_by_egui(self) -> bool {
        matches!(self, Self::ZoomIn | Self::ZoomOut | Self::ZoomReset)
    }

    /// A menu entry for the command; clicking it queues the command.
    pub fn menu_button(self, ui: &mut egui::Ui, queue: &mut Vec<Self>) {
        let mut button = egui::Button::new(self.label());
        if let Some(s) = self.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&s));
        }
        if ui.add(button).clicked() {
            queue.push(self);
        }
    }
}

/// Queues the commands whose shortcut was pressed this frame (consuming the keys, so a focused text field does not
/// also act on them, e.g. its own Ctrl+Z).
pub fn collect_shortcuts(ctx: &egui::Context, queue: &mut Vec<Command>) {
    for command in Command::ALL {
        if command.handled_by_egui() {
            continue;
        }
        if let Some(s) = command.shortcut()
            && ctx.input_mut(|i| i.consume_shortcut(&s))
        {
            queue.push(command);
        }
    }
    // Ctrl+Y is the Windows habit for redo.
    if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Y))) {
        queue.push(Command::Redo);
    }
}
