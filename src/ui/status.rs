//! What the window says about the report around the page: the status bar (file, saved or not, counts, review state,
//! the deadline), the message line (what the last action did), the banners above the page (a void approval, a
//! read-only report, the sample), and the frame statistics of `NIANBAO_FRAME_STATS=1`.
//!
//! Messages go to one line of fixed height above the status bar, never above the page: a message never moves the
//! page under the pointer. A new message replaces the old one; a message about something that went well fades
//! after a few seconds, one about a failure stays until the next action or until dismissed.

use std::time::Instant;

use egui::{RichText, Ui};

use super::app::App;
use crate::overview::Summary;
use crate::review::ApprovalStatus;

/// Height of the message line, in points: one line of text and its margins.
pub const MESSAGE_HEIGHT: f32 = 28.0;

/// How long a message about something that went well stays, in seconds.
const INFO_SECONDS: f64 = 12.0;

/// The message line's content.
#[derive(Default)]
pub struct Messages {
    current: Option<Message>,
}

struct Message {
    text: String,
    is_error: bool,
    /// egui's time when it was shown.
    at: f64,
}

impl Messages {
    /// Says what an action did (fades after a few seconds).
    pub fn info(&mut self, text: impl Into<String>, now: f64) {
        self.current = Some(Message {
            text: text.into(),
            is_error: false,
            at: now,
        });
    }

    /// Says why an action failed (stays until replaced or dismissed).
    pub fn error(&mut self, text: impl Into<String>, now: f64) {
        self.current = Some(Message {
            text: text.into(),
            is_error: true,
            at: now,
        });
    }

    pub fn text(&self) -> Option<&str> {
        self.current.as_ref().map(|m| m.text.as_str())
    }

    /// Drops a message about something that went well once it has been read.
    pub fn expire(&mut self, now: f64) {
        if self
            .current
            .as_ref()
            .is_some_and(|m| !m.is_error && now - m.at > INFO_SECONDS)
        {
            self.current = None;
        }
    }

    /// Seconds until the current message fades, if it will.
    pub fn seconds_left(&self, now: f64) -> Option<f64> {
        self.current
            .as_ref()
            .filter(|m| !m.is_error)
            .map(|m| (m.at + INFO_SECONDS - now).max(0.0) + 0.05)
    }

    fn clear(&mut self) {
        self.current = None;
    }
}

impl App {
    /// The summary the status bar shows: from the editor's evaluation and approval status of this revision.
    fn summary(&self) -> Summary {
        Summary::new(
            self.editor.document(),
            self.editor.evaluation(),
            self.editor.approval_status(),
            self.now().date,
        )
    }

    pub(super) fn status_ui(&mut self, ui: &mut Ui) {
        let summary = self.summary();
        ui.horizontal(|ui| {
            ui.label(self.file_name());
            ui.separator();
            let refused = self.editor.refused().len();
            if refused > 0 {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("未保存（{refused}处输入未被接受）"),
                );
            } else {
                // A report without a file is not saved anywhere, changed or not.
                let saved = !self.editor.is_dirty() && self.editor.file().is_some();
                ui.label(if saved { "已保存" } else { "未保存" });
            }
            ui.separator();
            ui.colored_label(
                if summary.errors > 0 {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                },
                format!("错误 {}", summary.errors),
            );
            ui.label(format!("警告 {}", summary.warnings));
            ui.separator();
            ui.label(format!("审核：{}", summary.state.label()));
            ui.separator();
            ui.label(summary.deadline_status.describe(summary.deadline));
        });
    }

    pub(super) fn message_ui(&mut self, ui: &mut Ui) {
        ui.horizontal_centered(|ui| {
            let Some(m) = &self.messages.current else {
                return;
            };
            let color = if m.is_error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().text_color()
            };
            // One line: a long message is cut and shown whole on hover.
            let full = m.text.clone();
            let close = ui.small_button("×").on_hover_text("关闭消息");
            ui.add(egui::Label::new(RichText::new(&full).color(color)).truncate())
                .on_hover_text(&full);
            if close.clicked() {
                self.messages.clear();
            }
        });
    }

    /// The notices above every page: a void approval, a read-only report, the sample.
    pub(super) fn banners_ui(&mut self, ui: &mut Ui) {
        if let Some(notice) = self.void_notice.clone() {
            egui::Frame::new()
                .fill(ui.visuals().error_fg_color.gamma_multiply(0.15))
                .stroke(egui::Stroke::new(2.0, ui.visuals().error_fg_color))
                .inner_margin(8.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(notice)
                                .strong()
                                .color(ui.visuals().error_fg_color),
                        );
                        if ui.button("知道了").clicked() {
                            self.void_notice = None;
                        }
                    });
                });
        }
        let review = self.editor.review();
        if review.state.is_read_only() && self.page != super::Page::Review {
            let text = if review.state.is_locked() {
                let who = match (self.editor.approval_status(), &review.approval) {
                    (ApprovalStatus::Valid, Some(a)) => format!("{}于{}审核通过", a.by.name, a.at),
                    _ => "审核通过".to_owned(),
                };
                format!(
                    "本报告{}（{who}），只读。如需修改，请在“审核”页重新打开编辑（审核通过将作废）。",
                    review.state.label()
                )
            } else {
                "本报告已提交审核，审核期间只读（可以选中单元格、复制文字）。审核人退回修改后才能修改。"
                    .to_owned()
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(text).color(ui.visuals().hyperlink_color));
            });
        }
        if self.editor.is_sample() {
            egui::Frame::new()
                .fill(ui.visuals().hyperlink_color.gamma_multiply(0.12))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(format!(
                            "这是内置的示例报告：{}（真实发布的年报，供熟悉软件使用）。编制自己的报告请用",
                            self.editor.report().meta.title()
                        ));
                        if ui.link("文件 → 新建报告").clicked() {
                            self.queue(super::Command::New);
                        }
                        ui.label("或");
                        if ui.link("打开已有的年报文件").clicked() {
                            self.queue(super::Command::Open);
                        }
                        ui.label("。");
                    });
                });
        }
    }
}

/// `NIANBAO_FRAME_STATS=1`: start-up and frame times on stderr, for `benches/gui_frames.sh`.
pub struct FrameStats {
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

impl FrameStats {
    pub fn new(started: Instant) -> Self {
        Self {
            started,
            first_frame_done: false,
            frames: 0,
            total: 0.0,
            worst: 0.0,
            whole_total: 0.0,
            whole_worst: 0.0,
        }
    }

    /// The whole previous frame's CPU time, as eframe reports it.
    pub fn record_whole(&mut self, seconds: f64) {
        self.whole_total += seconds;
        self.whole_worst = self.whole_worst.max(seconds);
    }

    pub fn record(&mut self, seconds: f64) {
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
                first_frame_done: true,
                ..Self::new(self.started)
            };
        }
    }
}
