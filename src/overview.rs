//! One summary per report file: what it is (title, body, year, format), where its review stands (state, whether the
//! approval still holds), what its checks found (counts by severity) and how it stands against its publication
//! deadline. `nianbao-cli check`, the window's status bar and the overview of many units' reports all read this one
//! summary, so that they never disagree.
//!
//! Depends on the model, the checks and the review; reads no files and no clock (today comes in).

use crate::format::FormatVersion;
use crate::io::document::Document;
use crate::model::{BodyKind, Date, Report};
use crate::review::{ApprovalStatus, State};
use crate::rules::{self, Evaluation, Severity};

/// A report file at a glance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// `{机关名称}{YYYY}年度政府信息公开工作年度报告`
    pub title: String,
    /// 机关名称
    pub body: String,
    /// The year reported on.
    pub year: u16,
    /// The edition of the statutory format the report follows.
    pub format: FormatVersion,
    /// The kind of body, as stated or inferred from its name: it decides the deadline.
    pub kind: BodyKind,
    /// Where the review stands.
    pub state: State,
    /// Whether an approval still binds the content.
    pub approval: ApprovalStatus,
    /// Why the approval is void, when it is.
    pub void_reason: Option<String>,
    /// Findings of severity error: they block submission and the final export.
    pub errors: usize,
    /// Findings of severity warning, explained or not.
    pub warnings: usize,
    /// Findings of severity notice, explained or not.
    pub notices: usize,
    /// The warnings and notices the clerk explained.
    pub explained: usize,
    /// The statutory publication deadline.
    pub deadline: Date,
    /// Published in time or late, or how long is left: judged against `today` when the summary was made.
    pub deadline_status: DeadlineStatus,
}

/// A report against its publication deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineStatus {
    /// Published on or before the deadline.
    PublishedInTime {
        /// The publication date.
        on: Date,
    },
    /// Published after the deadline, by so many days.
    PublishedLate {
        /// The publication date.
        on: Date,
        /// Days after the deadline, at least 1.
        days: i64,
    },
    /// Not published yet; so many days left (0: the deadline is today).
    Due {
        /// Days until the deadline, 0 on the day itself.
        days_left: i64,
    },
    /// Not published, and the deadline passed so many days ago.
    Overdue {
        /// Days since the deadline, at least 1.
        days: i64,
    },
}

impl Summary {
    /// The summary of a document whose evaluation and approval status the caller already has (the window keeps
    /// both per revision).
    pub fn new(doc: &Document, eval: &Evaluation, approval: ApprovalStatus, today: Date) -> Self {
        let report: &Report = &doc.report;
        let meta = &report.meta;
        let deadline = meta.deadline();
        let explained = eval.findings.iter().filter(|f| f.is_explained()).count();
        Self {
            title: meta.title(),
            body: meta.body.clone(),
            year: meta.year,
            format: report.format,
            kind: meta.kind(),
            state: doc.review.state,
            approval,
            void_reason: (approval == ApprovalStatus::Void)
                .then(|| doc.review.void_reason(report))
                .flatten(),
            errors: eval.count(Severity::Error),
            warnings: eval.count(Severity::Warning),
            notices: eval.count(Severity::Notice),
            explained,
            deadline,
            deadline_status: DeadlineStatus::of(meta.published, deadline, today),
        }
    }

    /// Checks a document (against last year's report when given) and summarises it; returns the evaluation too.
    pub fn check(doc: &Document, previous: Option<&Report>, today: Date) -> (Self, Evaluation) {
        let eval = rules::evaluate(&doc.report, previous);
        let approval = doc.review.approval_status(&doc.report);
        (Self::new(doc, &eval, approval, today), eval)
    }

    /// Whether the file needs its author's attention before it can go further: errors, or a void approval.
    pub fn has_errors(&self) -> bool {
        self.errors > 0 || self.approval == ApprovalStatus::Void
    }
}

impl DeadlineStatus {
    /// Where a report stands against `deadline` today.
    pub fn of(published: Option<Date>, deadline: Date, today: Date) -> Self {
        match published {
            Some(on) if on <= deadline => Self::PublishedInTime { on },
            Some(on) => Self::PublishedLate {
                on,
                days: on.day_number() - deadline.day_number(),
            },
            None => {
                let days_left = deadline.day_number() - today.day_number();
                if days_left >= 0 {
                    Self::Due { days_left }
                } else {
                    Self::Overdue { days: -days_left }
                }
            }
        }
    }

    /// In words, as the status bar shows it: published reports say when against the deadline, not days past it.
    pub fn describe(self, deadline: Date) -> String {
        let d = deadline.chinese();
        match self {
            Self::PublishedInTime { on } => format!("已于{}公开（期限{d}）", on.chinese()),
            Self::PublishedLate { on, days } => {
                format!("已于{}公开，晚于期限（{d}）{days}天", on.chinese())
            }
            Self::Due { days_left } => format!("距公开期限（{d}）还有{days_left}天"),
            Self::Overdue { days } => format!("已过公开期限（{d}）{days}天，尚未填写公开日期"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn deadline_status_in_every_case() {
        let deadline = date(2025, 1, 31);
        let today = date(2025, 1, 20);
        let of = |p| DeadlineStatus::of(p, deadline, today);
        assert_eq!(
            of(Some(date(2025, 1, 31))),
            DeadlineStatus::PublishedInTime {
                on: date(2025, 1, 31)
            }
        );
        assert_eq!(
            of(Some(date(2025, 2, 2))),
            DeadlineStatus::PublishedLate {
                on: date(2025, 2, 2),
                days: 2
            }
        );
        assert_eq!(of(None), DeadlineStatus::Due { days_left: 11 });
        assert_eq!(
            DeadlineStatus::of(None, deadline, date(2025, 3, 1)),
            DeadlineStatus::Overdue { days: 29 }
        );
        assert_eq!(
            of(Some(date(2025, 2, 2))).describe(deadline),
            "已于2025年2月2日公开，晚于期限（2025年1月31日）2天"
        );
    }

    #[test]
    fn a_government_reports_by_the_end_of_march() {
        let doc = Document::from(Report::new("某某县人民政府", 2024));
        let (summary, eval) = Summary::check(&doc, None, date(2025, 2, 1));
        assert_eq!(summary.kind, BodyKind::Government);
        assert_eq!(summary.deadline, date(2025, 3, 31));
        assert_eq!(
            summary.deadline_status,
            DeadlineStatus::Due { days_left: 58 }
        );
        assert_eq!(summary.errors, eval.count(Severity::Error));
        assert!(summary.has_errors());
        assert_eq!(summary.approval, ApprovalStatus::None);
        assert_eq!(
            summary.title,
            "某某县人民政府2024年度政府信息公开工作年度报告"
        );
    }
}
