//! The review page (审核): who is working and what that role may do now, the comments with their threads, what
//! changed since the reviewer last looked, and the history.
//!
//! It only draws and returns what the user asked for ([`Action`]); the app applies the actions to the review (in
//! `ui/app.rs`), so every change of the review goes through one place, is timestamped there and marks the document
//! unsaved. Reads [`crate::review`]; never changes the report.

use std::collections::BTreeMap;

use egui::{Color32, RichText, TextEdit, Ui};

use super::Command;
use crate::format::{CellRef, SectionId};
use crate::model::Report;
use crate::review::{
    Actor, ApprovalStatus, Changes, Comment, CommentAnchor, DiffLine, Review, Role, State,
};
use crate::rules::Evaluation;

/// What a comment is about to be attached to, as chosen on the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Target {
    /// The table cell last selected in the editor.
    #[default]
    SelectedCell,
    Section(SectionId),
    /// A finding, by its key.
    Finding(String),
}

/// Half-typed text on the page: kept between frames, never in the document until an action takes it.
#[derive(Default)]
pub struct Drafts {
    /// The note that goes with a transition (submit, return, approve, …).
    pub note: String,
    pub comment: String,
    pub quote: String,
    pub target: Target,
    /// Answers being typed, per comment id.
    pub replies: BTreeMap<u32, String>,
}

/// What the user asked for on the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    ChangeUser,
    Submit,
    Return,
    /// Asks for confirmation first ([`Action::ConfirmApprove`] approves).
    Approve,
    ConfirmApprove,
    Publish,
    Reopen,
    Comment(CommentAnchor),
    Reply(u32),
    Resolve(u32, bool),
    /// Show the anchor in the editor.
    Jump(CommentAnchor),
    Run(Command),
}

/// What the page reads.
pub struct PageCtx<'a> {
    pub report: &'a Report,
    pub review: &'a Review,
    pub eval: &'a Evaluation,
    /// What changed since the reviewer last looked (derived once per revision).
    pub changes: Option<&'a Changes>,
    /// Whether the approval still binds the content (derived once per revision).
    pub approval: ApprovalStatus,
    pub user: &'a Actor,
    /// The table cell last selected in the editor, a candidate anchor for a comment.
    pub selected_cell: Option<CellRef>,
}

/// Draws the page; returns the actions asked for this frame.
pub fn review_ui(ui: &mut Ui, cx: &PageCtx<'_>, drafts: &mut Drafts) -> Vec<Action> {
    let mut actions = Vec::new();
    user_ui(ui, cx, &mut actions);
    ui.separator();
    state_ui(ui, cx, drafts, &mut actions);
    ui.separator();
    comments_ui(ui, cx, drafts, &mut actions);
    if cx.user.role == Role::Reviewer {
        ui.separator();
        new_comment_ui(ui, cx, drafts, &mut actions);
    }
    ui.separator();
    changes_ui(ui, cx);
    ui.separator();
    history_ui(ui, cx.review);
    ui.separator();
    ui.horizontal(|ui| {
        ui.strong("存档");
        for c in [Command::ExportSheetHtml, Command::ExportSheetPdf] {
            if ui.button(c.label()).clicked() {
                actions.push(Action::Run(c));
            }
        }
    });
    actions
}

fn user_ui(ui: &mut Ui, cx: &PageCtx<'_>, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        if cx.user.name.is_empty() {
            ui.label("当前用户：未填写");
        } else {
            ui.label(format!(
                "当前用户：{}（{}）",
                cx.user.name,
                cx.user.role.label()
            ));
        }
        if ui.button("更改用户…").clicked() {
            actions.push(Action::ChangeUser);
        }
    });
    ui.weak(
        "身份只是记录在文件中的姓名和角色，不是登录认证：任何持有文件的人都可以操作。\
         报告的完整性由审核通过时记录的内容哈希值保证，之后任何改动都会使审核通过失效。",
    );
}

fn state_ui(ui: &mut Ui, cx: &PageCtx<'_>, drafts: &mut Drafts, actions: &mut Vec<Action>) {
    let review = cx.review;
    ui.horizontal(|ui| {
        ui.strong("状态：");
        ui.label(review.state.label());
    });
    if let (ApprovalStatus::Valid, Some(a)) = (cx.approval, &review.approval) {
        ui.label(format!(
            "{}于{}审核通过；报告内容与审核时一致（只读）。",
            a.by.name, a.at
        ));
    }
    let offered: Vec<(Action, &str)> = match (cx.user.role, review.state) {
        (Role::Clerk, State::Draft | State::Returned) => vec![(Action::Submit, "提交审核")],
        (Role::Reviewer, State::Submitted) => {
            vec![(Action::Return, "退回修改"), (Action::Approve, "审核通过")]
        }
        // Whoever publishes on the portal marks it; either role may reopen (withdrawing the approval).
        (_, State::Approved) => vec![
            (Action::Publish, "标记为已发布"),
            (Action::Reopen, "重新打开编辑"),
        ],
        (_, State::Published) => vec![(Action::Reopen, "重新打开编辑")],
        _ => Vec::new(),
    };
    if offered.is_empty() {
        ui.weak(match (cx.user.role, review.state) {
            (Role::Clerk, State::Submitted) => "报告已提交，等待审核人审核。",
            (Role::Reviewer, _) => "报告尚未提交审核。",
            _ => "",
        });
        return;
    }
    let response = ui.add(
        TextEdit::singleline(&mut drafts.note)
            .hint_text(
                if cx.review.state == State::Submitted && cx.user.role == Role::Reviewer {
                    "说明（退回时必填，除非已写批注）"
                } else {
                    "说明（可选）"
                },
            )
            .desired_width(420.0),
    );
    ui.ctx()
        .accesskit_node_builder(response.id, |n| n.set_label("审核说明"));
    ui.horizontal(|ui| {
        for (action, label) in offered {
            if ui.button(label).clicked() {
                actions.push(action);
            }
        }
    });
    if review.state.is_locked() {
        ui.weak("重新打开编辑会作废当前的审核通过，修改后须重新提交审核。");
    }
}

fn comments_ui(ui: &mut Ui, cx: &PageCtx<'_>, drafts: &mut Drafts, actions: &mut Vec<Action>) {
    let review = cx.review;
    let open = review.open_comments().count();
    ui.strong(format!(
        "批注（未解决{open}条，共{}条）",
        review.comments.len()
    ));
    if review.comments.is_empty() {
        ui.weak("还没有批注。");
        return;
    }
    // Open comments first, each group in the order written.
    let mut ordered: Vec<&Comment> = review.comments.iter().collect();
    ordered.sort_by_key(|c| (!c.is_open(), c.id));
    for c in ordered {
        comment_ui(ui, cx, c, drafts, actions);
    }
}

fn comment_ui(
    ui: &mut Ui,
    cx: &PageCtx<'_>,
    c: &Comment,
    drafts: &mut Drafts,
    actions: &mut Vec<Action>,
) {
    let frame = egui::Frame::group(ui.style());
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            let place = c.anchor.describe(cx.report);
            if ui
                .link(RichText::new(format!("#{} {place}", c.id)))
                .on_hover_text("在编辑区中显示")
                .clicked()
            {
                actions.push(Action::Jump(c.anchor.clone()));
            }
            if c.is_open() {
                ui.colored_label(ui.visuals().warn_fg_color, "未解决");
            } else {
                ui.weak("已解决");
            }
        });
        ui.label(format!("{}（{}）：{}", c.by.name, c.at, c.text));
        for r in &c.replies {
            ui.label(format!("　答复 {}，{}：{}", r.by.describe(), r.at, r.text));
        }
        ui.horizontal(|ui| {
            let text = drafts.replies.entry(c.id).or_default();
            let response = ui.add(
                TextEdit::singleline(text)
                    .hint_text("答复…")
                    .desired_width(320.0),
            );
            let name = format!("答复批注 {}", c.id);
            ui.ctx()
                .accesskit_node_builder(response.id, |n| n.set_label(name));
            if ui
                .add_enabled(!text.trim().is_empty(), egui::Button::new("答复"))
                .clicked()
            {
                actions.push(Action::Reply(c.id));
            }
            let (label, resolved) = if c.is_open() {
                ("标为已解决", true)
            } else {
                ("重新打开批注", false)
            };
            if ui.button(label).clicked() {
                actions.push(Action::Resolve(c.id, resolved));
            }
        });
    });
}

fn new_comment_ui(ui: &mut Ui, cx: &PageCtx<'_>, drafts: &mut Drafts, actions: &mut Vec<Action>) {
    ui.strong("新批注");
    let cell_name = cx
        .selected_cell
        .map(|c| CommentAnchor::Cell(c).describe(cx.report));
    let describe = |t: &Target| match t {
        Target::SelectedCell => cell_name.as_ref().map_or_else(
            || "选中的单元格（先在表格中点选）".to_owned(),
            |n| format!("选中的单元格：{n}"),
        ),
        Target::Section(s) => s.title().to_owned(),
        Target::Finding(key) => cx
            .eval
            .findings
            .iter()
            .find(|f| f.key() == *key)
            .map_or_else(|| key.clone(), |f| format!("检查结果 {}", f.rule.id())),
    };
    ui.horizontal(|ui| {
        ui.label("批注对象：");
        let combo = egui::ComboBox::from_id_salt("comment-target")
            .selected_text(describe(&drafts.target))
            .width(420.0)
            .height(480.0)
            .show_ui(ui, |ui| {
                let mut choices = vec![Target::SelectedCell];
                choices.extend(SectionId::ALL.iter().map(|&s| Target::Section(s)));
                choices.extend(cx.eval.findings.iter().map(|f| Target::Finding(f.key())));
                for t in choices {
                    let label = describe(&t);
                    ui.selectable_value(&mut drafts.target, t, label);
                }
            });
        ui.ctx()
            .accesskit_node_builder(combo.response.id, |n| n.set_label("批注对象"));
    });
    if matches!(drafts.target, Target::Section(_)) {
        let response = ui.add(
            TextEdit::singleline(&mut drafts.quote)
                .hint_text("引用原文（可选）")
                .desired_width(420.0),
        );
        ui.ctx()
            .accesskit_node_builder(response.id, |n| n.set_label("引用原文"));
    }
    let response = ui.add(
        TextEdit::multiline(&mut drafts.comment)
            .hint_text("批注内容")
            .desired_rows(2)
            .desired_width(420.0),
    );
    ui.ctx()
        .accesskit_node_builder(response.id, |n| n.set_label("批注内容"));
    let anchor = match &drafts.target {
        Target::SelectedCell => cx.selected_cell.map(CommentAnchor::Cell),
        Target::Section(s) => Some(CommentAnchor::Section {
            section: *s,
            quote: Some(drafts.quote.trim().to_owned()).filter(|q| !q.is_empty()),
        }),
        Target::Finding(key) => Some(CommentAnchor::Finding(key.clone())),
    };
    let ready = anchor.is_some() && !drafts.comment.trim().is_empty();
    if ui
        .add_enabled(ready, egui::Button::new("添加批注"))
        .clicked()
        && let Some(anchor) = anchor
    {
        actions.push(Action::Comment(anchor));
    }
}

/// What changed since the reviewer last looked: cells old → new, texts as a sentence diff.
fn changes_ui(ui: &mut Ui, cx: &PageCtx<'_>) {
    let review = cx.review;
    let since = if review.baseline.is_some() {
        "上次审核"
    } else {
        "提交审核"
    };
    let Some(changes) = cx.changes else {
        ui.strong("自上次审核以来的修改");
        ui.weak("还没有提交或审核过，没有可比较的版本。");
        return;
    };
    ui.strong(format!("自{since}以来的修改"));
    changes_body_ui(ui, changes);
}

fn changes_body_ui(ui: &mut Ui, changes: &Changes) {
    if changes.is_empty() {
        ui.label("没有修改。");
        return;
    }
    if !changes.cells.is_empty() {
        ui.label(format!("数字修改 {} 处：", changes.cells.len()));
        egui::Grid::new("changed-cells")
            .striped(true)
            .show(ui, |ui| {
                ui.strong("单元格");
                ui.strong("原值");
                ui.strong("新值");
                ui.end_row();
                let blank = |s: &str| {
                    if s.is_empty() {
                        "（空）".to_owned()
                    } else {
                        s.to_owned()
                    }
                };
                for c in &changes.cells {
                    ui.label(&c.name);
                    ui.label(blank(&c.old));
                    ui.label(blank(&c.new));
                    ui.end_row();
                }
            });
    }
    for t in &changes.texts {
        ui.label(format!("{}：", t.name));
        for line in &t.lines {
            match line {
                DiffLine::Same(s) => {
                    ui.weak(s);
                }
                DiffLine::Removed(s) => {
                    ui.label(
                        RichText::new(format!("－ {s}"))
                            .strikethrough()
                            .color(Color32::from_rgb(0xb0, 0x30, 0x30)),
                    );
                }
                DiffLine::Added(s) => {
                    ui.label(
                        RichText::new(format!("＋ {s}")).color(Color32::from_rgb(0x20, 0x80, 0x40)),
                    );
                }
            }
        }
    }
    for o in &changes.other {
        ui.label(o);
    }
}

fn history_ui(ui: &mut Ui, review: &Review) {
    ui.strong("审核记录");
    if review.history.is_empty() {
        ui.weak("无");
        return;
    }
    egui::Grid::new("review-history")
        .striped(true)
        .show(ui, |ui| {
            for t in &review.history {
                ui.label(t.at.to_string());
                ui.label(t.by.describe());
                ui.label(format!("{} → {}", t.from.label(), t.to.label()));
                ui.label(&t.note);
                ui.end_row();
            }
        });
}
