//! Review and sign-off: who is working, the review state and its history, comments anchored to cells, sections or
//! findings, what changed since the reviewer last looked, and the approval that binds the content by its hash.
//!
//! There is no server: the whole review travels inside the document, beside the report (never inside it, so the
//! approval hash covers the content and nothing else). Roles are not authentication: anyone with the file can act;
//! integrity comes from the content hash recorded at approval. Depends on [`crate::model`], [`crate::format`],
//! [`crate::prose`] and [`crate::rules`]; knows nothing of files or the UI.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

mod approval;

pub use approval::{HashScheme, canonical, content_hash};

use crate::format::{CellRef, SectionId, TableId};
use crate::model::{Report, TextField, Timestamp};
use crate::prose;
use crate::rules::{Evaluation, Severity};

/// The role a user works in. Chosen once and kept in preferences; it decides which actions are offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// 填报人: fills in the report, answers comments, submits.
    Clerk,
    /// 审核人: comments, returns or approves; marks an approved report as published.
    Reviewer,
    /// 系统: what nianbao itself records, such as voiding an approval whose content changed. Never a user's role.
    System,
}

impl Role {
    /// How the window and the records name the role: `填报人`, `审核人`, `系统`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Clerk => "填报人",
            Self::Reviewer => "审核人",
            Self::System => "系统",
        }
    }
}

/// Who did something: name and role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The person's name as given in the window's 用户 dialog, trimmed; recorded with every action.
    pub name: String,
    /// The role they acted in.
    pub role: Role,
}

impl Actor {
    /// An actor with the name trimmed (an empty name is refused by every review action).
    pub fn new(name: &str, role: Role) -> Self {
        Self {
            name: name.trim().to_owned(),
            role,
        }
    }

    /// nianbao itself, for what it records on its own (an approval voided because the content changed).
    pub fn system() -> Self {
        Self::new(Role::System.label(), Role::System)
    }

    /// How a record names the actor: `张三（审核人）`, or `系统`.
    pub fn describe(&self) -> String {
        if self.role == Role::System {
            self.name.clone()
        } else {
            format!("{}（{}）", self.name, self.role.label())
        }
    }
}

/// Where a report stands in its review.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum State {
    /// 草稿
    #[default]
    Draft,
    /// 已提交审核
    Submitted,
    /// 退回修改
    Returned,
    /// 已审核通过
    Approved,
    /// 已发布
    Published,
}

impl State {
    /// How the window, the records and the review sheet name the state: `草稿`, `已提交审核`, ….
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "草稿",
            Self::Submitted => "已提交审核",
            Self::Returned => "退回修改",
            Self::Approved => "已审核通过",
            Self::Published => "已发布",
        }
    }

    /// Approved and published reports are locked: the approval binds their content, and they open read-only until
    /// explicitly reopened.
    pub fn is_locked(self) -> bool {
        matches!(self, Self::Approved | Self::Published)
    }

    /// Whether the content may not be edited in this state: while it is under review (submitted, until returned or
    /// approved) and while it is locked.
    pub fn is_read_only(self) -> bool {
        self == Self::Submitted || self.is_locked()
    }
}

/// One recorded change of state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// The state the report left.
    pub from: State,
    /// The state it entered.
    pub to: State,
    /// Who made the change (for an approval voided by a content change, 系统).
    pub by: Actor,
    /// When it happened, in 北京时间.
    pub at: Timestamp,
    /// The note the actor gave (a return's reason, say), trimmed; may be empty.
    pub note: String,
}

/// What a comment is attached to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommentAnchor {
    /// A cell of table 2, 3 or 4.
    Cell(CellRef),
    /// A section, optionally a sentence quoted from it.
    Section {
        /// The section commented on.
        section: SectionId,
        /// The sentence the comment is about, quoted from the section's text; `None` for the section as a whole.
        quote: Option<String>,
    },
    /// A finding, by [`crate::rules::Finding::key`].
    Finding(String),
}

impl CommentAnchor {
    /// Where the comment sits, for the clerk: `表三 一、本年新收政府信息公开申请数量 自然人`, `五、存在的主要问题及改进情况：“…”`.
    pub fn describe(&self, report: &Report) -> String {
        match self {
            // A hand-edited file may point anywhere: say so rather than fail.
            Self::Cell(c) => report.format.cell_name(*c).unwrap_or_else(|| {
                format!(
                    "{} 第{}行第{}列（本格式中没有这一格）",
                    c.table.name(),
                    c.row() + 1,
                    c.col() + 1
                )
            }),
            Self::Section {
                section,
                quote: Some(q),
            } => format!("{}：“{q}”", section.title()),
            Self::Section {
                section,
                quote: None,
            } => section.title().to_owned(),
            Self::Finding(key) => format!("检查结果 {key}"),
        }
    }

    /// The statutory section the comment concerns, to show it there; `None` for a finding.
    pub fn section(&self) -> Option<SectionId> {
        match self {
            Self::Cell(c) => Some(c.table.section()),
            Self::Section { section, .. } => Some(*section),
            Self::Finding(_) => None,
        }
    }
}

/// An answer in a comment's thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// Who answered: the clerk, or the reviewer following up.
    pub by: Actor,
    /// When it was written, in 北京时间.
    pub at: Timestamp,
    /// The answer, trimmed.
    pub text: String,
}

/// A reviewer's comment and its thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    /// Number of the comment within the report (`#3`): one more than the highest so far, never reused.
    pub id: u32,
    /// What the comment is attached to.
    pub anchor: CommentAnchor,
    /// Who wrote it (normally the reviewer).
    pub by: Actor,
    /// When it was written, in 北京时间.
    pub at: Timestamp,
    /// The comment, trimmed.
    pub text: String,
    /// The answers, oldest first.
    pub replies: Vec<Reply>,
    /// Who marked it resolved, and when; `None` while open.
    pub resolved: Option<(Actor, Timestamp)>,
}

impl Comment {
    /// Whether the comment still waits to be resolved.
    pub fn is_open(&self) -> bool {
        self.resolved.is_none()
    }
}

/// The approval: who approved, when, and the hash of the content approved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// The reviewer who approved.
    pub by: Actor,
    /// When.
    pub at: Timestamp,
    /// SHA-256 of the report's content as approved ([`content_hash`]), hex.
    pub content_hash: String,
    /// How `content_hash` was computed; absent in files from before schema 3 (the RON form).
    #[serde(default)]
    pub scheme: HashScheme,
}

impl Approval {
    /// Whether `report` is the content that was approved.
    pub fn matches(&self, report: &Report) -> bool {
        self.content_hash == content_hash(report, self.scheme)
    }
}

/// The whole review, stored in the document beside the report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Where the report stands: 草稿, 已提交审核, 退回修改, 已审核通过 or 已发布.
    pub state: State,
    /// Every change of state, oldest first: the 审核记录 printed on the review sheet.
    pub history: Vec<Transition>,
    /// The reviewer's comments with their threads, resolved ones included.
    pub comments: Vec<Comment>,
    /// The approval in force; `None` until approved, and again once reopened or voided.
    pub approval: Option<Approval>,
    /// The content as the reviewer last saw it (at the last return or approval), to show what changed since.
    pub baseline: Option<Report>,
    /// The content at the last submission.
    pub submitted: Option<Report>,
}

/// Why a review action was refused. Messages for the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// The actor's role may not do this; names the role that may.
    #[error("只有{0}可以执行此操作")]
    WrongRole(&'static str),
    /// Not possible in the current state; names the state.
    #[error("当前状态为“{0}”，不能执行此操作")]
    WrongState(&'static str),
    /// Submission refused while the report has errors or unexplained warnings.
    #[error("报告还有{errors}个错误、{warnings}个未说明的警告，不能提交审核：{list}")]
    NotClean {
        /// How many findings of severity error.
        errors: usize,
        /// How many warnings without a written explanation.
        warnings: usize,
        /// The first five of them, for the user to act on.
        list: String,
    },
    /// Approval refused while the report has errors.
    #[error("报告还有{errors}个错误，不能审核通过：{list}")]
    HasErrors {
        /// How many findings of severity error.
        errors: usize,
        /// The first five of them, for the user to act on.
        list: String,
    },
    /// Submission refused while open comments have no answer.
    #[error("还有{count}条批注没有答复，请逐条答复（或标为已解决）后再提交审核：{list}")]
    Unanswered {
        /// How many open comments are unanswered.
        count: usize,
        /// The first five of them, number, place and text.
        list: String,
    },
    /// A return for changes without an open comment or a note: the clerk would not know what to change.
    #[error("退回修改时请至少填写一条批注或退回说明")]
    ReturnNeedsComment,
    /// The actor has no name: every record must say who acted.
    #[error("请先在“用户”中填写您的姓名")]
    NoName,
    /// A comment or a reply with no text.
    #[error("批注内容不能为空")]
    EmptyText,
    /// No comment with that number.
    #[error("找不到该批注")]
    NoSuchComment,
}

/// The state of the approval against the current content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApprovalStatus {
    /// Not approved.
    None,
    /// Approved and the content is what was approved.
    Valid,
    /// Approved, but the content changed since (in the app or in the file by hand): the approval is void.
    Void,
}

impl Review {
    /// Whether the approval holds for `report`, is void, or was never given.
    pub fn approval_status(&self, report: &Report) -> ApprovalStatus {
        match (&self.approval, self.state.is_locked()) {
            (Some(a), true) if a.matches(report) => ApprovalStatus::Valid,
            // Approved with a different content, or marked approved in the file without any approval record.
            (_, true) => ApprovalStatus::Void,
            (_, false) => ApprovalStatus::None,
        }
    }

    fn record(&mut self, to: State, by: &Actor, at: Timestamp, note: &str) {
        self.history.push(Transition {
            from: self.state,
            to,
            by: by.clone(),
            at,
            note: note.trim().to_owned(),
        });
        self.state = to;
    }

    /// Why the approval is void, in words for the user (`李审核于2025-01-20 15:00审核通过后，报告内容被修改`);
    /// `None` unless it is. Every message about a void approval (app, CLI, review sheet) is built on this.
    pub fn void_reason(&self, report: &Report) -> Option<String> {
        (self.approval_status(report) == ApprovalStatus::Void).then(|| match &self.approval {
            Some(a) => format!("{}于{}审核通过后，报告内容被修改", a.by.name, a.at),
            None => format!("文件标为“{}”，但没有审核通过记录", self.state.label()),
        })
    }

    /// If the approval no longer matches the content, voids it: back to draft, recorded in the history. Returns
    /// whether it did.
    pub fn void_if_changed(&mut self, report: &Report, at: Timestamp) -> bool {
        let Some(reason) = self.void_reason(report) else {
            return false;
        };
        self.approval = None;
        let note = format!("{reason}，审核通过已失效");
        self.record(State::Draft, &Actor::system(), at, &note);
        true
    }

    /// The clerk submits for review. Refused while any error is open or any warning unexplained.
    pub fn submit(
        &mut self,
        report: &Report,
        eval: &Evaluation,
        by: &Actor,
        at: Timestamp,
        note: &str,
    ) -> Result<(), ReviewError> {
        require_name(by)?;
        if by.role != Role::Clerk {
            return Err(ReviewError::WrongRole(Role::Clerk.label()));
        }
        if !matches!(self.state, State::Draft | State::Returned) {
            return Err(ReviewError::WrongState(self.state.label()));
        }
        let blocking: Vec<_> = eval
            .findings
            .iter()
            .filter(|f| {
                f.severity == Severity::Error
                    || (f.severity == Severity::Warning && !f.is_explained())
            })
            .collect();
        if !blocking.is_empty() {
            let errors = blocking
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            let list = blocking
                .iter()
                .take(5)
                .map(|f| format!("{} {}", f.rule.id(), f.message))
                .collect::<Vec<_>>()
                .join("；");
            let more = if blocking.len() > 5 {
                format!("；等共{}项", blocking.len())
            } else {
                String::new()
            };
            return Err(ReviewError::NotClean {
                errors,
                warnings: blocking.len() - errors,
                list: list + &more,
            });
        }
        let unanswered: Vec<&Comment> = self.unanswered_comments().collect();
        if !unanswered.is_empty() {
            let list = unanswered
                .iter()
                .take(5)
                .map(|c| format!("#{} {}：{}", c.id, c.anchor.describe(report), c.text))
                .collect::<Vec<_>>()
                .join("；");
            return Err(ReviewError::Unanswered {
                count: unanswered.len(),
                list,
            });
        }
        self.submitted = Some(report.clone());
        self.record(State::Submitted, by, at, note);
        Ok(())
    }

    /// The reviewer returns the report for changes: needs an open comment or a note.
    pub fn return_for_changes(
        &mut self,
        report: &Report,
        by: &Actor,
        at: Timestamp,
        note: &str,
    ) -> Result<(), ReviewError> {
        self.require_reviewer(by, &[State::Submitted])?;
        if note.trim().is_empty() && !self.comments.iter().any(Comment::is_open) {
            return Err(ReviewError::ReturnNeedsComment);
        }
        self.baseline = Some(report.clone());
        self.record(State::Returned, by, at, note);
        Ok(())
    }

    /// The reviewer approves: records the content hash; the report is locked from now on.
    pub fn approve(
        &mut self,
        report: &Report,
        eval: &Evaluation,
        by: &Actor,
        at: Timestamp,
        note: &str,
    ) -> Result<(), ReviewError> {
        self.require_reviewer(by, &[State::Submitted])?;
        if eval.has_errors() {
            let errors = eval.count(Severity::Error);
            let list = eval
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .take(5)
                .map(|f| f.message.clone())
                .collect::<Vec<_>>()
                .join("；");
            return Err(ReviewError::HasErrors { errors, list });
        }
        self.approval = Some(Approval {
            by: by.clone(),
            at,
            content_hash: content_hash(report, HashScheme::CURRENT),
            scheme: HashScheme::CURRENT,
        });
        self.baseline = Some(report.clone());
        self.record(State::Approved, by, at, note);
        Ok(())
    }

    /// Marks an approved report as published on the portal.
    pub fn publish(
        &mut self,
        report: &Report,
        by: &Actor,
        at: Timestamp,
        note: &str,
    ) -> Result<(), ReviewError> {
        require_name(by)?;
        if self.state != State::Approved || self.approval_status(report) != ApprovalStatus::Valid {
            return Err(ReviewError::WrongState(self.state.label()));
        }
        self.record(State::Published, by, at, note);
        Ok(())
    }

    /// Reopens an approved (or published) report for editing: the approval is withdrawn, the state goes to draft.
    pub fn reopen(&mut self, by: &Actor, at: Timestamp, note: &str) -> Result<(), ReviewError> {
        require_name(by)?;
        if !self.state.is_locked() {
            return Err(ReviewError::WrongState(self.state.label()));
        }
        self.approval = None;
        self.record(
            State::Draft,
            by,
            at,
            if note.trim().is_empty() {
                "重新打开编辑，原审核通过作废"
            } else {
                note
            },
        );
        Ok(())
    }

    /// Adds a comment (reviewer) and returns its id.
    pub fn comment(
        &mut self,
        anchor: CommentAnchor,
        by: &Actor,
        at: Timestamp,
        text: &str,
    ) -> Result<u32, ReviewError> {
        require_name(by)?;
        if text.trim().is_empty() {
            return Err(ReviewError::EmptyText);
        }
        let id = self
            .comments
            .iter()
            .map(|c| c.id)
            .max()
            .map_or(1, |m| m + 1);
        self.comments.push(Comment {
            id,
            anchor,
            by: by.clone(),
            at,
            text: text.trim().to_owned(),
            replies: Vec::new(),
            resolved: None,
        });
        Ok(id)
    }

    /// Answers a comment (either role).
    pub fn reply(
        &mut self,
        id: u32,
        by: &Actor,
        at: Timestamp,
        text: &str,
    ) -> Result<(), ReviewError> {
        require_name(by)?;
        if text.trim().is_empty() {
            return Err(ReviewError::EmptyText);
        }
        let c = self
            .comments
            .iter_mut()
            .find(|c| c.id == id)
            .ok_or(ReviewError::NoSuchComment)?;
        c.replies.push(Reply {
            by: by.clone(),
            at,
            text: text.trim().to_owned(),
        });
        Ok(())
    }

    /// Marks a comment resolved (or open again).
    pub fn set_resolved(
        &mut self,
        id: u32,
        by: &Actor,
        at: Timestamp,
        resolved: bool,
    ) -> Result<(), ReviewError> {
        require_name(by)?;
        let c = self
            .comments
            .iter_mut()
            .find(|c| c.id == id)
            .ok_or(ReviewError::NoSuchComment)?;
        c.resolved = resolved.then(|| (by.clone(), at));
        Ok(())
    }

    /// The comments not yet resolved, in order of writing.
    pub fn open_comments(&self) -> impl Iterator<Item = &Comment> {
        self.comments.iter().filter(|c| c.is_open())
    }

    /// Open comments the clerk has not answered: no reply from anyone but the commenter since it was written. A
    /// resubmission waits for them, so that no comment is passed over.
    pub fn unanswered_comments(&self) -> impl Iterator<Item = &Comment> {
        self.open_comments()
            .filter(|c| !c.replies.iter().any(|r| r.by.name != c.by.name))
    }

    /// Open comments on a cell (for the marker on the cell).
    pub fn open_comments_at(&self, cell: CellRef) -> impl Iterator<Item = &Comment> {
        self.open_comments()
            .filter(move |c| c.anchor == CommentAnchor::Cell(cell))
    }

    /// What changed since the reviewer last looked (the last return or approval), or since the last submission
    /// when there is no such baseline.
    pub fn changes_since_review(&self, report: &Report) -> Option<Changes> {
        let base = self.baseline.as_ref().or(self.submitted.as_ref())?;
        Some(diff(base, report))
    }

    fn require_reviewer(&self, by: &Actor, states: &[State]) -> Result<(), ReviewError> {
        require_name(by)?;
        if by.role != Role::Reviewer {
            return Err(ReviewError::WrongRole(Role::Reviewer.label()));
        }
        if !states.contains(&self.state) {
            return Err(ReviewError::WrongState(self.state.label()));
        }
        Ok(())
    }
}

/// The review at a glance, as `nianbao-cli review` prints it: state, approval, history, open comments.
pub fn summary(report: &Report, review: &Review) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", report.meta.title());
    let _ = writeln!(out, "状态：{}", review.state.label());
    if let (ApprovalStatus::Valid, Some(a)) = (review.approval_status(report), &review.approval) {
        let _ = writeln!(out, "审核通过：{}（{}），内容与审核时一致", a.by.name, a.at);
    }
    if let Some(reason) = review.void_reason(report) {
        let _ = writeln!(out, "审核通过已失效：{reason}");
    }
    if review.history.is_empty() {
        out.push_str("审核记录：无\n");
    } else {
        out.push_str("审核记录：\n");
        for t in &review.history {
            let note = if t.note.is_empty() {
                String::new()
            } else {
                format!("：{}", t.note)
            };
            let _ = writeln!(
                out,
                "  {} {} {} → {}{note}",
                t.at,
                t.by.describe(),
                t.from.label(),
                t.to.label()
            );
        }
    }
    let open: Vec<&Comment> = review.open_comments().collect();
    if open.is_empty() {
        out.push_str("未解决的批注：无\n");
    } else {
        let _ = writeln!(out, "未解决的批注（{}条）：", open.len());
        for c in open {
            let _ = writeln!(
                out,
                "  #{} [{}] {}（{}）：{}",
                c.id,
                c.anchor.describe(report),
                c.by.name,
                c.at,
                c.text
            );
            for r in &c.replies {
                let _ = writeln!(out, "      答复 {}（{}）：{}", r.by.name, r.at, r.text);
            }
        }
    }
    out
}

fn require_name(by: &Actor) -> Result<(), ReviewError> {
    if by.name.trim().is_empty() {
        Err(ReviewError::NoName)
    } else {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Changes

/// A changed cell: where, its accessible name, old and new values as printed (empty = blank).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellChange {
    /// The cell, in the report's format.
    pub cell: CellRef,
    /// Its accessible name, e.g. `表三 一、本年新收政府信息公开申请数量 自然人`.
    pub name: String,
    /// The value before, as printed (empty = blank).
    pub old: String,
    /// The value after, as printed (empty = blank).
    pub new: String,
}

/// One line of a readable text diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffLine {
    /// A sentence in both versions.
    Same(String),
    /// A sentence only in the old version.
    Removed(String),
    /// A sentence only in the new version.
    Added(String),
}

/// A changed free-text field, as a sentence-level diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextChange {
    /// Which field changed.
    pub field: TextField,
    /// `一、总体情况 （二）依申请公开情况`
    pub name: String,
    /// The field's sentences, old and new interleaved in reading order.
    pub lines: Vec<DiffLine>,
}

/// Everything that changed between two versions of a report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Changed cells of tables 2, 3 and 4, in reading order.
    pub cells: Vec<CellChange>,
    /// Changed free-text fields, in reading order.
    pub texts: Vec<TextChange>,
    /// Meta fields and headings that changed, described.
    pub other: Vec<String>,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.texts.is_empty() && self.other.is_empty()
    }
}

/// Compares two versions of a report cell by cell and sentence by sentence.
pub fn diff(old: &Report, new: &Report) -> Changes {
    let mut out = Changes::default();
    if old.format != new.format {
        out.other.push("报告格式版本改变".to_owned());
        return out;
    }
    let t2 = new.format.table2();
    for cell in t2.cells() {
        let (a, b) = (
            old.table2.get(cell.row(), cell.col()),
            new.table2.get(cell.row(), cell.col()),
        );
        if a != b {
            let show =
                |v: Option<&crate::model::T2Value>| v.map(ToString::to_string).unwrap_or_default();
            out.cells.push(CellChange {
                cell,
                name: t2.cell_name(cell.row(), cell.col()),
                old: show(a),
                new: show(b),
            });
        }
    }
    for table in [TableId::T3, TableId::T4] {
        let (Some(def), Some(a), Some(b)) =
            (new.format.grid(table), old.grid(table), new.grid(table))
        else {
            continue;
        };
        for cell in def.cells() {
            let (r, c) = (cell.row(), cell.col());
            if a.get(r, c) != b.get(r, c) {
                let show = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
                out.cells.push(CellChange {
                    cell,
                    name: def.cell_name(r, c),
                    old: show(a.get(r, c)),
                    new: show(b.get(r, c)),
                });
            }
        }
    }
    for field in new.text_fields() {
        let (a, b) = (old.text(field), new.text(field));
        if a != b {
            out.texts.push(TextChange {
                field,
                name: field_name(new, field),
                lines: diff_sentences(a, b),
            });
        }
    }
    let meta_fields: [(&str, String, String); 5] = [
        ("机关名称", old.meta.body.clone(), new.meta.body.clone()),
        (
            "报告年度",
            old.meta.year.to_string(),
            new.meta.year.to_string(),
        ),
        (
            "发布日期",
            old.meta
                .published
                .map(crate::model::Date::chinese)
                .unwrap_or_default(),
            new.meta
                .published
                .map(crate::model::Date::chinese)
                .unwrap_or_default(),
        ),
        (
            "落款",
            old.meta.signatory.clone(),
            new.meta.signatory.clone(),
        ),
        (
            "成文日期",
            old.meta
                .signed
                .map(crate::model::Date::chinese)
                .unwrap_or_default(),
            new.meta
                .signed
                .map(crate::model::Date::chinese)
                .unwrap_or_default(),
        ),
    ];
    for (label, a, b) in meta_fields {
        if a != b {
            out.other.push(format!("{label}：“{a}” → “{b}”"));
        }
    }
    if old.other.fee != new.other.fee {
        out.other
            .push("信息处理费情况（收费通知件数、金额、实际收取）已修改".to_owned());
    }
    for (i, (a, b)) in old.general.parts.iter().zip(&new.general.parts).enumerate() {
        if a.heading != b.heading {
            out.other.push(format!(
                "一、总体情况第{}个小标题：“{}” → “{}”",
                i + 1,
                a.heading,
                b.heading
            ));
        }
    }
    if old.general.parts.len() != new.general.parts.len() {
        out.other.push(format!(
            "一、总体情况的小节数：{} → {}",
            old.general.parts.len(),
            new.general.parts.len()
        ));
    }
    if old.explanations != new.explanations {
        out.other.push("对警告的说明已修改".to_owned());
    }
    out
}

/// The name of a text field for the reviewer.
pub fn field_name(report: &Report, field: TextField) -> String {
    match field {
        TextField::Preamble => crate::format::PREAMBLE.to_owned(),
        TextField::GeneralIntro => format!("{} 开头", SectionId::General.title()),
        TextField::GeneralPart(i) => {
            let heading = report
                .general
                .parts
                .get(usize::from(i))
                .map_or("", |p| p.heading.as_str());
            format!("{} {heading}", SectionId::General.title())
        }
        TextField::Problems => SectionId::Problems.title().to_owned(),
        TextField::FeeText => format!("{} 信息处理费", SectionId::Other.title()),
        TextField::OtherText => SectionId::Other.title().to_owned(),
    }
}

/// A sentence-level diff by longest common subsequence. The sentences are those the checks read
/// ([`prose::sentences`]), shown with their closing punctuation.
#[allow(clippy::many_single_char_names)] // the textbook names of the LCS recurrence
pub fn diff_sentences(old: &str, new: &str) -> Vec<DiffLine> {
    let printed = |text| -> Vec<&str> {
        prose::sentences(text)
            .map(|s| s.with_terminator(text))
            .collect()
    };
    let (a, b) = (printed(old), printed(new));
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0_u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push(DiffLine::Same(a[i].to_owned()));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(DiffLine::Added(b[j].to_owned()));
            j += 1;
        } else {
            out.push(DiffLine::Removed(a[i].to_owned()));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_state_marked_approved_without_an_approval_record_is_void() {
        let report = Report::new("某某局", 2024);
        let mut review = Review {
            state: State::Approved,
            ..Review::default()
        };
        assert_eq!(review.approval_status(&report), ApprovalStatus::Void);
        assert!(review.void_if_changed(&report, ts("2025-01-01 00:00")));
        assert_eq!(review.state, State::Draft);
        assert!(review.history[0].note.contains("没有审核通过记录"));
    }

    #[test]
    fn an_anchor_outside_the_format_is_described_not_a_crash() {
        let report = Report::new("某某局", 2024);
        for table in [TableId::T2, TableId::T3, TableId::T4] {
            let text = CommentAnchor::Cell(CellRef::new(table, 99, 99)).describe(&report);
            assert!(text.contains("第100行第100列"), "{text}");
        }
        let fine = CommentAnchor::Cell(CellRef::new(TableId::T3, 0, 0)).describe(&report);
        assert_eq!(fine, "表三 一、本年新收政府信息公开申请数量 自然人");
    }
    use super::*;
    use crate::rules::{Finding, RuleId};

    /// The n-th moment of a review, a minute apart.
    fn t(n: u8) -> Timestamp {
        Timestamp::new(crate::model::Date::new(2026, 1, 5).unwrap(), 10, n).unwrap()
    }

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    fn clerk() -> Actor {
        Actor::new("张三", Role::Clerk)
    }

    fn reviewer() -> Actor {
        Actor::new("李四", Role::Reviewer)
    }

    fn clean() -> Evaluation {
        Evaluation::default()
    }

    fn report() -> Report {
        let mut r = Report::new("某某局", 2025);
        r.table3.set(0, 0, Some(3));
        r.problems = "存在问题。改进措施。".to_owned();
        r
    }

    #[test]
    fn submit_is_refused_while_errors_are_open() {
        let r = report();
        let mut review = Review::default();
        let mut eval = Evaluation::default();
        eval.findings.push(Finding {
            rule: RuleId::T3Balance,
            severity: Severity::Error,
            anchors: vec![],
            expected: Some(1),
            actual: Some(2),
            message: "表三“自然人”列：不平".to_owned(),
            explanation: None,
        });
        let err = review
            .submit(&r, &eval, &clerk(), ts("2026-01-05 10:00"), "")
            .unwrap_err();
        assert!(err.to_string().contains("T3-BALANCE"), "{err}");
        assert_eq!(review.state, State::Draft);
        review
            .submit(&r, &clean(), &clerk(), ts("2026-01-05 10:00"), "请审核")
            .unwrap();
        assert_eq!(review.state, State::Submitted);
        assert_eq!(review.history.len(), 1);
    }

    #[test]
    fn return_needs_a_comment_and_changes_are_shown() {
        let mut r = report();
        let mut review = Review::default();
        review.submit(&r, &clean(), &clerk(), t(1), "").unwrap();
        assert_eq!(
            review.return_for_changes(&r, &reviewer(), t(2), ""),
            Err(ReviewError::ReturnNeedsComment)
        );
        let id = review
            .comment(
                CommentAnchor::Cell(CellRef::new(TableId::T3, 0, 0)),
                &reviewer(),
                t(2),
                "自然人数量请核实",
            )
            .unwrap();
        assert_eq!(
            review
                .open_comments_at(CellRef::new(TableId::T3, 0, 0))
                .count(),
            1
        );
        review
            .return_for_changes(&r, &reviewer(), t(2), "")
            .unwrap();
        assert_eq!(review.state, State::Returned);
        r.table3.set(0, 0, Some(4));
        r.problems = "存在问题。新的改进措施。".to_owned();
        review.reply(id, &clerk(), t(3), "已改为4").unwrap();
        review.set_resolved(id, &clerk(), t(3), true).unwrap();
        review.submit(&r, &clean(), &clerk(), t(3), "").unwrap();
        let changes = review.changes_since_review(&r).unwrap();
        assert_eq!(changes.cells.len(), 1);
        assert_eq!(
            changes.cells[0].name,
            "表三 一、本年新收政府信息公开申请数量 自然人"
        );
        assert_eq!(
            (changes.cells[0].old.as_str(), changes.cells[0].new.as_str()),
            ("3", "4")
        );
        assert_eq!(changes.texts.len(), 1);
        assert_eq!(
            changes.texts[0].lines,
            vec![
                DiffLine::Same("存在问题。".into()),
                DiffLine::Added("新的改进措施。".into()),
                DiffLine::Removed("改进措施。".into())
            ]
        );
    }

    #[test]
    fn approval_binds_the_content() {
        let mut r = report();
        let mut review = Review::default();
        review.submit(&r, &clean(), &clerk(), t(1), "").unwrap();
        assert!(matches!(
            review.approve(&r, &clean(), &clerk(), t(2), ""),
            Err(ReviewError::WrongRole(_))
        ));
        review
            .approve(&r, &clean(), &reviewer(), t(2), "同意发布")
            .unwrap();
        assert_eq!(review.approval_status(&r), ApprovalStatus::Valid);
        assert!(review.state.is_locked());
        // A change to the content voids it; a change to review data does not.
        review
            .comment(
                CommentAnchor::Section {
                    section: SectionId::Problems,
                    quote: None,
                },
                &reviewer(),
                t(3),
                "备注",
            )
            .unwrap();
        assert_eq!(review.approval_status(&r), ApprovalStatus::Valid);
        r.table3.set(0, 0, Some(5));
        assert_eq!(review.approval_status(&r), ApprovalStatus::Void);
        assert!(review.void_if_changed(&r, t(4)));
        assert_eq!(review.state, State::Draft);
        assert!(review.approval.is_none());
        assert_eq!(review.history.last().unwrap().to, State::Draft);
    }

    #[test]
    fn summary_lists_state_history_and_open_comments() {
        let r = report();
        let mut review = Review::default();
        review
            .submit(&r, &clean(), &clerk(), ts("2026-01-05 10:00"), "请审核")
            .unwrap();
        review
            .comment(
                CommentAnchor::Cell(CellRef::new(TableId::T3, 0, 0)),
                &reviewer(),
                ts("2026-01-06 09:00"),
                "请核实",
            )
            .unwrap();
        let s = summary(&r, &review);
        assert!(s.contains("状态：已提交审核"), "{s}");
        assert!(
            s.contains("张三（填报人） 草稿 → 已提交审核：请审核"),
            "{s}"
        );
        assert!(
            s.contains("#1 [表三 一、本年新收政府信息公开申请数量 自然人] 李四"),
            "{s}"
        );
    }

    #[test]
    fn reopen_withdraws_the_approval() {
        let r = report();
        let mut review = Review::default();
        review.submit(&r, &clean(), &clerk(), t(1), "").unwrap();
        review.approve(&r, &clean(), &reviewer(), t(2), "").unwrap();
        review.publish(&r, &reviewer(), t(3), "").unwrap();
        assert_eq!(review.state, State::Published);
        review.reopen(&clerk(), t(4), "").unwrap();
        assert_eq!(review.state, State::Draft);
        assert_eq!(review.approval_status(&r), ApprovalStatus::None);
    }
}
