//! One report being edited: the document (report and review), the file it belongs to, a revision counted at each
//! edit, undo, the entries the form refused, and what is derived from the revision (the evaluation, the approval
//! status, the changes since review), recomputed only when the revision moves.
//!
//! Nothing here compares or copies the whole report to find out whether it changed: every edit says so
//! ([`ReportEditor::report_mut`], [`Edits`]). In debug builds a shadow copy checks that no edit went unannounced, so
//! that a widget that forgets to report its change fails the tests instead of losing the edit. Knows no widgets
//! beyond egui's [`Undoer`]; the window's shell ([`super::App`]) owns one editor and draws it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use egui::util::undoer::Undoer;

use crate::format::{CellRef, RowRole};
use crate::io::document::Document;
use crate::model::{FeeField, Report, Timestamp};
use crate::review::{ApprovalStatus, Changes, Review};
use crate::rules::{self, Anchor, Evaluation, MetaField};

/// A value the clerk types into one field of the form: a table cell or a small form field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Entry {
    /// A cell of table 2, 3 or 4.
    Cell(CellRef),
    /// 报告信息: 报告年度, 公开日期, 成文日期.
    Meta(MetaField),
    /// Section 六's fee figures.
    Fee(FeeField),
}

impl Entry {
    /// What a finding on this entry points at.
    pub fn anchor(self) -> Anchor {
        match self {
            Self::Cell(c) => Anchor::Cell(c),
            Self::Meta(m) => Anchor::Meta(m),
            Self::Fee(f) => Anchor::Fee(f),
        }
    }
}

/// Text the form refused for an entry: shown in the field, marked, with the reason, while the report keeps the
/// value the field had before. It is an error-level finding until corrected or reverted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The text as typed, still shown in the field.
    pub text: String,
    /// Why it was refused, in Chinese (the input parser's message, which quotes the text).
    pub reason: String,
}

/// What the widgets of one frame did to the report: whether they changed it, and the refusals they set or cleared.
/// Collected while drawing and applied by [`ReportEditor::apply`] after.
#[derive(Debug, Default)]
pub struct Edits {
    /// A widget wrote into the report.
    pub changed: bool,
    /// `Some`: the entry now shows refused text; `None`: it shows the report's value again.
    pub refusals: Vec<(Entry, Option<Refusal>)>,
}

impl Edits {
    /// Notes what a widget changed (`changed` from its response).
    pub fn note(&mut self, changed: bool) {
        self.changed |= changed;
    }
}

/// Where the document came from: decides what the window says about it and how saving starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The embedded sample report (a real report, for getting to know the program).
    Sample,
    /// Made with 新建报告: not saved yet.
    New,
    /// Read from its file (or saved to one).
    File,
    /// Read from a JSON interchange file: saving makes a document of its own.
    Interchange,
}

/// Last year's report, linked from 报告信息: enables the cross-year checks and the carry-over.
#[derive(Clone, Debug)]
pub struct Previous {
    pub path: PathBuf,
    pub report: Report,
}

/// What is derived from one revision of the document.
struct Derived {
    revision: Option<u64>,
    eval: Evaluation,
    approval: ApprovalStatus,
    changes: Option<Changes>,
}

/// One report being edited.
pub struct ReportEditor {
    doc: Document,
    /// The file the document is saved to; `None` while it has none (new, sample, read from JSON).
    file: Option<PathBuf>,
    origin: Origin,
    /// Counts every change of the document (report and review).
    revision: u64,
    /// The revision the file holds.
    saved_revision: u64,
    /// The revision last written to the autosave copy.
    autosaved_revision: Option<u64>,
    undoer: Undoer<Report>,
    /// The revision the undoer last saw.
    undo_seen: Option<u64>,
    refused: BTreeMap<Entry, Refusal>,
    previous: Option<Previous>,
    derived: Derived,
    /// Debug builds: the report as last checked, to catch an edit no one reported.
    #[cfg(debug_assertions)]
    shadow: Shadow,
}

impl ReportEditor {
    /// An editor on `doc`, which the file `file` holds (or none).
    pub fn new(doc: Document, file: Option<PathBuf>, origin: Origin) -> Self {
        Self {
            #[cfg(debug_assertions)]
            shadow: Shadow {
                report: doc.report.clone(),
                announced: false,
            },
            doc,
            file,
            origin,
            revision: 0,
            saved_revision: 0,
            autosaved_revision: None,
            undoer: Undoer::default(),
            undo_seen: None,
            refused: BTreeMap::new(),
            previous: None,
            derived: Derived {
                revision: None,
                eval: Evaluation::default(),
                approval: ApprovalStatus::None,
                changes: None,
            },
        }
    }

    /// The report as edited, with every accepted entry and nothing of a refused one.
    pub fn report(&self) -> &Report {
        &self.doc.report
    }

    /// The review record that travels with the report: state, history, comments, approval.
    pub fn review(&self) -> &Review {
        &self.doc.review
    }

    /// The document as it would be saved: report and review.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The file the document is saved to, if any.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Where the document came from, which decides how saving starts and what the window says of it.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// The embedded sample, untouched or not, not saved anywhere yet.
    pub fn is_sample(&self) -> bool {
        self.origin == Origin::Sample
    }

    /// Counts every change of the document.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether the screen shows something the file does not hold: an edit since the last save, or an entry the
    /// form refused (the file keeps the value from before).
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision || !self.refused.is_empty()
    }

    /// Whether there is anything the autosave copy does not hold yet.
    pub fn needs_autosave(&self) -> bool {
        self.revision != self.saved_revision && self.autosaved_revision != Some(self.revision)
    }

    /// Whether the content may not be edited now: submitted for review, approved or published.
    pub fn is_read_only(&self) -> bool {
        self.doc.review.state.is_read_only()
    }

    /// The report, for an edit made outside the widgets (a command, a test): counted as an edit.
    pub fn report_mut(&mut self) -> &mut Report {
        self.touch();
        &mut self.doc.report
    }

    /// The review, for a review action: counted as a change of the document.
    pub fn review_mut(&mut self) -> &mut Review {
        self.touch();
        &mut self.doc.review
    }

    /// What the widgets of a frame need: the report to write into (they report their changes in [`Edits`]), and
    /// what they show beside it. Call [`Self::refresh`] first so that the evaluation is current.
    pub fn parts(&mut self) -> Parts<'_> {
        Parts {
            report: &mut self.doc.report,
            eval: &self.derived.eval,
            review: &self.doc.review,
            refused: &self.refused,
        }
    }

    /// Applies what the widgets reported: counts the edit, sets and clears refusals.
    pub fn apply(&mut self, edits: Edits) {
        if edits.changed {
            self.touch();
        }
        for (entry, refusal) in edits.refusals {
            let changed = match refusal {
                Some(r) => self.refused.insert(entry, r.clone()).as_ref() != Some(&r),
                None => self.refused.remove(&entry).is_some(),
            };
            if changed {
                // Not an edit of the document (the file never holds refused text), but the checks change.
                self.derived.revision = None;
            }
        }
    }

    /// The entries whose refused text is shown in their field.
    pub fn refused(&self) -> &BTreeMap<Entry, Refusal> {
        &self.refused
    }

    /// Forgets every refused entry (after undo, open, new: the fields show the report again).
    pub fn clear_refused(&mut self) {
        if !self.refused.is_empty() {
            self.refused.clear();
            self.derived.revision = None;
        }
    }

    /// The evaluation of the current revision (refused entries included as errors).
    pub fn evaluation(&self) -> &Evaluation {
        &self.derived.eval
    }

    /// Whether the approval still binds the content, for the current revision.
    pub fn approval_status(&self) -> ApprovalStatus {
        self.derived.approval
    }

    /// What changed since the reviewer last looked, for the current revision.
    pub fn changes(&self) -> Option<&Changes> {
        self.derived.changes.as_ref()
    }

    /// Recomputes what is derived from the document if the revision moved since: the checks, the approval status,
    /// the changes since review. Cheap when nothing changed.
    pub fn refresh(&mut self) {
        if self.derived.revision == Some(self.revision) {
            return;
        }
        let report = &self.doc.report;
        let mut eval = rules::evaluate(report, self.previous.as_ref().map(|p| &p.report));
        for (entry, r) in &self.refused {
            eval.push(rules::refused_entry(report, entry.anchor(), &r.reason));
        }
        self.derived = Derived {
            revision: Some(self.revision),
            eval,
            approval: self.doc.review.approval_status(report),
            changes: self.doc.review.changes_since_review(report),
        };
    }

    /// Voids an approval the content no longer matches (changed here, or in the file by hand): back to draft,
    /// recorded in the history as the system's doing. Returns why, for the notice the window shows.
    pub fn settle(&mut self, now: Timestamp) -> Option<String> {
        self.refresh();
        if self.derived.approval != ApprovalStatus::Void {
            return None;
        }
        let reason = self.doc.review.void_reason(&self.doc.report)?;
        if self.doc.review.void_if_changed(&self.doc.report, now) {
            self.touch();
            self.refresh();
            Some(reason)
        } else {
            None
        }
    }

    /// Feeds the undo history; a burst of typing becomes one step. Cheap when nothing changed.
    pub fn feed_undo(&mut self, time: f64) {
        if self.undo_seen != Some(self.revision) || self.undoer.is_in_flux() {
            self.undoer.feed_state(time, &self.doc.report);
            self.undo_seen = Some(self.revision);
        }
    }

    /// Whether the undo history is still deciding where the current step ends (the window keeps drawing frames).
    pub fn undo_in_flux(&self) -> bool {
        self.undoer.is_in_flux()
    }

    /// Goes one step back; returns whether there was one.
    pub fn undo(&mut self) -> bool {
        let Some(state) = self.undoer.undo(&self.doc.report).cloned() else {
            return false;
        };
        self.replace_report(state);
        true
    }

    /// Goes one step forward again; returns whether there was one.
    pub fn redo(&mut self) -> bool {
        let Some(state) = self.undoer.redo(&self.doc.report).cloned() else {
            return false;
        };
        self.replace_report(state);
        true
    }

    fn replace_report(&mut self, report: Report) {
        self.doc.report = report;
        self.refused.clear();
        self.touch();
    }

    /// The file now holds the current revision.
    pub fn mark_saved(&mut self, file: &Path) {
        self.file = Some(file.to_path_buf());
        self.origin = Origin::File;
        self.saved_revision = self.revision;
        self.autosaved_revision = None;
    }

    /// The autosave copy now holds the current revision.
    pub fn mark_autosaved(&mut self) {
        self.autosaved_revision = Some(self.revision);
    }

    /// The document on screen is not what its file holds (a recovered autosave copy): unsaved until saved.
    pub fn mark_unsaved(&mut self) {
        self.touch();
    }

    /// Last year's report, if linked.
    pub fn previous(&self) -> Option<&Previous> {
        self.previous.as_ref()
    }

    /// Links (or unlinks) last year's report: the cross-year checks run from the next refresh. Not an edit.
    pub fn set_previous(&mut self, previous: Option<Previous>) {
        self.previous = previous;
        self.derived.revision = None;
    }

    /// Copies last year's 四、结转下年度继续办理 into this year's 二、上年结转. Returns whether it could.
    pub fn prefill_carried_in(&mut self) -> bool {
        if self.is_read_only() {
            return false;
        }
        let Some(prev) = &self.previous else {
            return false;
        };
        let def = self.doc.report.format.table3();
        let prev_def = prev.report.format.table3();
        let (Some(to), Some(from)) = (
            def.row_with(RowRole::CarriedIn),
            prev_def.row_with(RowRole::CarriedOut),
        ) else {
            return false;
        };
        let values: Vec<_> = def
            .columns
            .iter()
            .map(|column| {
                prev_def
                    .column_index(column.key)
                    .and_then(|pc| prev.report.table3.get(from, pc))
            })
            .collect();
        let table3 = &mut self.report_mut().table3;
        for (c, v) in values.into_iter().enumerate() {
            table3.set(to, c, v);
        }
        true
    }

    fn touch(&mut self) {
        self.revision += 1;
        #[cfg(debug_assertions)]
        {
            self.shadow.announced = true;
        }
    }

    /// Debug builds: panics if the report changed since the last call without any edit having been announced (a
    /// widget wrote into the report and did not say so: the edit would not be saved, undone or checked). The window
    /// calls it at the end of every frame; release builds do nothing.
    pub fn verify_announced(&mut self) {
        #[cfg(debug_assertions)]
        {
            if self.doc.report != self.shadow.report {
                assert!(
                    self.shadow.announced,
                    "the report changed without an announced edit"
                );
                self.shadow.report = self.doc.report.clone();
            }
            self.shadow.announced = false;
        }
    }
}

/// Debug builds: the report as of the last check, and whether an edit was announced since.
#[cfg(debug_assertions)]
struct Shadow {
    report: Report,
    announced: bool,
}

/// The parts of an editor a frame's widgets use at once.
pub struct Parts<'a> {
    /// Written by the widgets; every change reported in [`Edits`].
    pub report: &'a mut Report,
    pub eval: &'a Evaluation,
    pub review: &'a Review,
    pub refused: &'a BTreeMap<Entry, Refusal>,
}
