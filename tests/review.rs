//! Review and sign-off outside the window: the approval binds the content (a hand edit of the file voids it, and
//! both `nianbao-cli check` and the app say so), exports carry the draft marking until approval and the approval
//! line after, `nianbao-cli review` and the review sheet.

use std::fs;
use std::path::Path;

use nianbao::cli::Status;
use nianbao::export::{self, ApprovalLine, ExportOptions, ReportView, ReviewSheet};
use nianbao::format::{CellRef, TableId};
use nianbao::io::document::{self, Document};
use nianbao::review::{Actor, ApprovalStatus, CommentAnchor, Role, State};
use nianbao::rules::{self, Severity};
use nianbao::ui::App;

use crate::cli::run;

/// A moment of the review, as the window's clock would give it.
pub fn ts(s: &str) -> nianbao::model::Timestamp {
    nianbao::model::Timestamp::parse(s).unwrap()
}

fn clerk() -> Actor {
    Actor::new("王填报", Role::Clerk)
}

fn reviewer() -> Actor {
    Actor::new("李审核", Role::Reviewer)
}

/// The sample report, every warning explained, commented on, answered, resubmitted and approved.
fn approved_document() -> Document {
    let mut doc = Document::from(document::load(&sample_path()).unwrap().report);
    let eval = rules::evaluate(&doc.report, None);
    for f in eval
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
    {
        doc.report
            .explanations
            .insert(f.key(), "与统计口径一致".to_owned());
    }
    let eval = rules::evaluate(&doc.report, None);
    assert_eq!(eval.count(Severity::Error), 0);
    let review = &mut doc.review;
    review
        .submit(&doc.report, &eval, &clerk(), ts("2025-01-10 09:00"), "")
        .unwrap();
    let cell = CellRef::new(TableId::T3, 0, 0);
    review
        .comment(
            CommentAnchor::Cell(cell),
            &reviewer(),
            ts("2025-01-11 10:00"),
            "请核对<自然人>申请数",
        )
        .unwrap();
    review
        .return_for_changes(&doc.report, &reviewer(), ts("2025-01-11 10:05"), "")
        .unwrap();
    review
        .reply(1, &clerk(), ts("2025-01-12 08:30"), "已核对，无误")
        .unwrap();
    review
        .set_resolved(1, &clerk(), ts("2025-01-12 08:31"), true)
        .unwrap();
    review
        .submit(
            &doc.report,
            &eval,
            &clerk(),
            ts("2025-01-12 08:35"),
            "已答复批注",
        )
        .unwrap();
    review
        .approve(
            &doc.report,
            &eval,
            &reviewer(),
            ts("2025-01-20 15:00"),
            "同意发布",
        )
        .unwrap();
    doc
}

/// The sample with every warning explained, so that only errors stop a submission.
pub fn clean_sample() -> nianbao::model::Report {
    let mut report = document::load(&sample_path()).unwrap().report;
    let eval = rules::evaluate(&report, None);
    for f in eval
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
    {
        report
            .explanations
            .insert(f.key(), "与统计口径一致".to_owned());
    }
    report
}

fn sample_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.ron")
}

/// Changes the first figure of table 3 in the document text, as someone would with a text editor.
fn tamper(text: &str) -> String {
    let at = text.find("table3:").unwrap();
    let open = at + text[at..].find('[').unwrap() + 1;
    let end = open + text[open..].find(',').unwrap();
    let n: u64 = text[open..end].trim().parse().unwrap();
    format!("{}{}{}", &text[..open], n + 1, &text[end..])
}

#[test]
fn a_hand_edited_approved_file_is_void_for_the_cli_and_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("approved.ron");
    document::save(&file, &approved_document()).unwrap();
    let name = file.to_str().unwrap();

    let (status, out, err) = run(&["check", name]);
    assert_eq!(status, Status::Clean, "{out}{err}");
    assert!(!out.contains("审核失效"), "{out}");

    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, tamper(&text)).unwrap();
    let (status, out, _) = run(&["check", name]);
    assert_eq!(status, Status::Findings, "{out}");
    assert!(
        out.contains("错误 审核失效 李审核于2025-01-20 15:00审核通过后，报告内容被修改"),
        "{out}"
    );
    let (status, out, _) = run(&["check", name, "--json"]);
    assert_eq!(status, Status::Findings);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["approval"], "void");

    let (status, out, _) = run(&["review", name]);
    assert_eq!(status, Status::Findings);
    assert!(out.contains("审核通过已失效"), "{out}");

    // The app voids it on opening, back to draft, and says so prominently.
    let mut app = App::new(nianbao::model::Report::new("某某局", 2024), None);
    assert!(app.open_path(&file));
    assert_eq!(app.review().state, State::Draft);
    assert!(app.review().approval.is_none());
    assert!(!app.is_locked());
    let notice = app.void_notice().unwrap();
    assert!(notice.contains("审核通过已失效"), "{notice}");
    assert!(app.is_dirty(), "the voiding is recorded and must be saved");
    let last = app.review().history.last().unwrap();
    assert_eq!((last.from, last.to), (State::Approved, State::Draft));
}

#[test]
fn exports_are_drafts_until_approved_and_carry_the_approval_line_after() {
    let approved = approved_document();
    let mut draft = approved.clone();
    draft.review = nianbao::review::Review::default();
    let render = |doc: &Document| {
        let eval = rules::evaluate(&doc.report, None);
        let view = ReportView::build(&doc.report, &eval);
        let options = ExportOptions {
            approval: ApprovalLine::of(&doc.report, &doc.review),
            ..ExportOptions::default()
        };
        String::from_utf8(export::text::export(&view, &options).unwrap()).unwrap()
    };
    let text = render(&draft);
    assert!(text.contains("草稿"), "{text}");
    assert!(!text.contains("审核人："));
    let text = render(&approved);
    assert!(!text.contains("草稿"), "{text}");
    assert!(text.contains("审核人：李审核"), "{text}");
    assert!(text.contains("2025年1月20日"), "{text}");

    // A void approval exports as a draft again.
    let mut void = approved;
    void.report.problems.push_str("补充一句。");
    assert_eq!(
        void.review.approval_status(&void.report),
        ApprovalStatus::Void
    );
    assert!(render(&void).contains("草稿"));

    // Through the CLI: the approved file exports without the marking and says so.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("approved.ron");
    document::save(&file, &approved_document()).unwrap();
    let out = dir.path().join("approved.html");
    let (status, _, err) = run(&[
        "export",
        file.to_str().unwrap(),
        "--to",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(status, Status::Clean, "{err}");
    assert!(err.contains("导出正式版本"), "{err}");
    let html = fs::read_to_string(&out).unwrap();
    assert!(!html.contains("class=\"draft\""));
    assert!(html.contains("审核人：李审核"));
}

#[test]
fn review_prints_state_history_and_open_comments() {
    let mut doc = approved_document();
    doc.review
        .reopen(&reviewer(), ts("2025-02-01 09:00"), "补充数据")
        .unwrap();
    doc.review
        .comment(
            CommentAnchor::Cell(CellRef::new(TableId::T3, 1, 0)),
            &reviewer(),
            ts("2025-02-01 09:05"),
            "上年结转数与上年报告不一致",
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.ron");
    document::save(&file, &doc).unwrap();
    let (status, out, err) = run(&["review", file.to_str().unwrap()]);
    assert_eq!(status, Status::Clean, "{err}");
    assert!(out.contains("状态：草稿"), "{out}");
    assert!(
        out.contains("李审核（审核人） 已提交审核 → 已审核通过：同意发布"),
        "{out}"
    );
    // The resolved comment is not listed; the open one is, at its cell.
    assert!(out.contains("未解决的批注（1条）"), "{out}");
    assert!(
        out.contains("表三 二、上年结转政府信息公开申请数量 自然人"),
        "{out}"
    );
    assert!(!out.contains("请核对"), "{out}");
}

#[test]
fn the_review_sheet_exports_as_html_and_pdf() {
    let doc = approved_document();
    let sheet = ReviewSheet::build(&doc.report, &doc.review);
    assert!(sheet.title.ends_with("审核意见单"));
    assert_eq!(sheet.history.len(), 4);
    assert_eq!(sheet.comments.len(), 1);
    assert!(sheet.comments[0].status.starts_with("已解决"));

    let html =
        String::from_utf8(export::html::review_sheet(&sheet, &ExportOptions::default()).unwrap())
            .unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Typed text is escaped.
    assert!(html.contains("请核对&lt;自然人&gt;申请数"), "{html}");
    assert!(!html.contains("<自然人>"));
    assert!(html.contains("已核对，无误"));
    assert!(html.contains("已提交审核 → 已审核通过"));
    assert!(html.contains("报告内容与审核时一致"));
    let text = String::from_utf8(
        export::Rendition::Text
            .sheet(&sheet, &ExportOptions::default())
            .unwrap(),
    )
    .unwrap();
    assert!(text.contains("二、批注及答复"), "{text}");
    assert!(
        text.contains("答复 王填报（填报人）（2025-01-12 08:30）：已核对，无误"),
        "{text}"
    );
    assert!(text.contains("已提交审核 → 已审核通过：同意发布"), "{text}");
    // For looking at (a browser, pdftoppm), beside the report samples of the export tests.
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/export-samples");
    fs::create_dir_all(&samples).unwrap();
    fs::write(samples.join("review-sheet.html"), &html).unwrap();
    // And the reviewed report itself, to open in the window.
    document::save(&samples.join("reviewed.ron"), &doc).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.ron");
    document::save(&file, &doc).unwrap();
    let pdf = dir.path().join("sheet.pdf");
    let (status, _, err) = run(&[
        "review",
        file.to_str().unwrap(),
        "--sheet",
        "pdf",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(status, Status::Clean, "{err}");
    let bytes = fs::read(&pdf).unwrap();
    fs::write(samples.join("review-sheet.pdf"), &bytes).unwrap();
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let text: String = pdf
        .extract_text(&pages)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for needle in [
        "审核意见单",
        "一、审核记录",
        "二、批注及答复",
        "已核对，无误",
        "李审核",
    ] {
        assert!(text.contains(needle), "{needle} missing in {text}");
    }
    // PDF needs a file: to the terminal it is refused with a message.
    let (status, _, err) = run(&["review", file.to_str().unwrap(), "--sheet", "pdf"]);
    assert_eq!(status, Status::Failed);
    assert!(err.contains("-o"), "{err}");
}

// --- In the window ---------------------------------------------------------------------------------------------

mod window {
    use egui::vec2;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use nianbao::format::{CellRef, TABLE3_2021, TableId};
    use nianbao::io::document::{self, Document};
    use nianbao::review::{Actor, CommentAnchor, Role, State};
    use nianbao::rules::{self, Severity};
    use nianbao::ui::{App, Page, install_fonts};

    use super::{clean_sample, clerk, reviewer, ts};

    fn harness(app: App) -> Harness<'static, App> {
        Harness::builder()
            .with_size(vec2(1500.0, 1100.0))
            .with_context_setup(install_fonts)
            .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
    }

    fn act_as(h: &mut Harness<'static, App>, who: Actor, page: Page) {
        h.state_mut().set_user(who);
        h.state_mut().set_page(page);
        h.run();
    }

    fn click(h: &mut Harness<'static, App>, label: &str) {
        h.get_by_label(label).click();
        h.run();
    }

    fn type_into(h: &mut Harness<'static, App>, label: &str, text: &str) {
        h.get_by_label(label).click();
        h.run();
        h.get_by_label(label).type_text(text);
        h.run();
    }

    #[test]
    fn submit_comment_return_fix_answer_resubmit_approve_lock_void() {
        let mut report = clean_sample();
        let first = report.table3.get(0, 0).unwrap();
        report.table3.set(0, 0, Some(first + 1));
        let mut h = harness(App::new(report, None));
        let requests = Page::Section(nianbao::format::SectionId::Requests);

        // The clerk submits: refused while the table does not balance, and told which finding.
        act_as(&mut h, clerk(), Page::Review);
        click(&mut h, "提交审核");
        assert_eq!(h.state().review().state, State::Draft);
        let message = h.state().message().unwrap().to_owned();
        assert!(
            message.contains("不能提交审核") && message.contains("T3-"),
            "{message}"
        );

        // Fixed, it is accepted.
        h.state_mut().report_mut().table3.set(0, 0, Some(first));
        h.run();
        click(&mut h, "提交审核");
        assert_eq!(h.state().review().state, State::Submitted);

        // The reviewer comments on a table 3 cell and returns the report.
        act_as(&mut h, reviewer(), requests);
        let cell = TABLE3_2021.cell_name(0, 0);
        h.get_by_label(&cell).click();
        h.run();
        click(&mut h, "批注选中的单元格…");
        type_into(&mut h, "批注内容", "自然人新收申请数请与登记台账核对");
        click(&mut h, "添加");
        assert_eq!(h.state().review().open_comments().count(), 1);
        h.state_mut().set_page(Page::Review);
        h.run();
        click(&mut h, "退回修改");
        assert_eq!(h.state().review().state, State::Returned);

        // The clerk sees the comment at the cell, corrects the figure, answers and resubmits.
        act_as(&mut h, clerk(), requests);
        h.get_by_label_contains("本表有1条未解决的批注");
        h.get_by_label_contains("自然人新收申请数请与登记台账核对");
        // One more application from a natural person, and its total, keep the table balanced.
        let total = nianbao::format::T3_TOTAL;
        let (a, t) = (
            first + 1,
            h.state().report().table3.get(0, total).unwrap() + 1,
        );
        let granted = h.state().report().table3.get(2, 0).unwrap();
        let granted_total = h.state().report().table3.get(2, total).unwrap();
        {
            let r = h.state_mut().report_mut();
            r.table3.set(0, 0, Some(a));
            r.table3.set(0, total, Some(t));
            r.table3.set(2, 0, Some(granted + 1));
            r.table3.set(2, total, Some(granted_total + 1));
            let outcomes = TABLE3_2021
                .row_with(nianbao::format::RowRole::OutcomesTotal)
                .unwrap();
            let o0 = r.table3.get(outcomes, 0).unwrap();
            let ot = r.table3.get(outcomes, total).unwrap();
            r.table3.set(outcomes, 0, Some(o0 + 1));
            r.table3.set(outcomes, total, Some(ot + 1));
            // And the narrative that quotes the total, or the text-table check stops the submission.
            for part in &mut r.general.parts {
                part.body = part
                    .body
                    .replace(&format!("申请{}件", t - 1), &format!("申请{t}件"));
            }
        }
        h.run();
        assert_eq!(
            h.state().evaluation().count(Severity::Error),
            0,
            "{:?}",
            h.state().evaluation().findings
        );
        h.state_mut().set_page(Page::Review);
        h.run();
        type_into(&mut h, "答复批注 1", "已核对台账，补录1件");
        click(&mut h, "答复");
        click(&mut h, "标为已解决");
        click(&mut h, "提交审核");
        assert_eq!(
            h.state().review().state,
            State::Submitted,
            "{:?}",
            h.state().message()
        );

        // The reviewer sees exactly the changed cells, old → new, and approves.
        act_as(&mut h, reviewer(), Page::Review);
        let changes = h
            .state()
            .review()
            .changes_since_review(h.state().report())
            .unwrap();
        let cells: Vec<CellRef> = changes.cells.iter().map(|c| c.cell).collect();
        assert_eq!(cells.len(), 6, "{cells:?}");
        assert!(cells.contains(&CellRef::new(TableId::T3, 0, 0)));
        h.get_by_label("数字修改 6 处：");
        assert!(
            h.get_all_by_label(&TABLE3_2021.cell_name(0, 0))
                .next()
                .is_some()
        );
        assert!(h.get_all_by_label(&a.to_string()).next().is_some());
        click(&mut h, "审核通过");
        // Approving locks the report: it is asked once more.
        assert_eq!(h.state().review().state, State::Submitted);
        click(&mut h, "确定审核通过");
        assert_eq!(h.state().review().state, State::Approved);
        assert!(h.state().is_locked());

        // Approved: the tables are read-only.
        h.state_mut().set_page(requests);
        h.run();
        let before = h.state().report().clone();
        h.get_by_label(&cell).click();
        h.run();
        h.get_by_label(&cell).type_text("999");
        h.run();
        assert_eq!(h.state().report(), &before);
        h.get_by_label_contains("（审核通过将作废）");

        // An edit by other means voids the approval, prominently.
        h.state_mut().report_mut().problems.push_str("补充说明。");
        h.run();
        h.run();
        assert_eq!(h.state().review().state, State::Draft);
        h.get_by_label_contains("审核通过已失效");

        // Saved and reopened, the whole review is there.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.ron");
        assert!(h.state_mut().save_to(&file));
        let doc: Document = document::load(&file).unwrap();
        assert_eq!(&doc.review, h.state().review());
        assert_eq!(doc.review.comments[0].replies.len(), 1);
    }

    #[test]
    fn an_approved_report_opens_read_only_until_reopened() {
        let doc = super::approved_document();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("approved.ron");
        document::save(&file, &doc).unwrap();
        let mut app = App::new(clean_sample(), None);
        assert!(app.open_path(&file));
        let mut h = harness(app);
        act_as(
            &mut h,
            clerk(),
            Page::Section(nianbao::format::SectionId::Problems),
        );
        assert!(h.state().is_locked());
        assert!(h.state().void_notice().is_none());
        h.get_by_label_contains("只读");
        // Reopening withdraws the approval; the report is editable again.
        act_as(&mut h, reviewer(), Page::Review);
        click(&mut h, "重新打开编辑");
        assert_eq!(h.state().review().state, State::Draft);
        assert!(!h.state().is_locked());
        assert!(h.state().review().approval.is_none());
    }

    #[test]
    fn exporting_from_the_window_reports_where_the_file_went() {
        let mut h = harness(App::new(clean_sample(), None));
        h.run();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("年报.pdf");
        assert!(h.state_mut().export_to(
            nianbao::ui::ExportKind::Report(nianbao::export::Rendition::Pdf),
            &out,
        ));
        let message = h.state().message().unwrap().to_owned();
        assert!(
            message.contains("草稿") && message.contains("年报.pdf"),
            "{message}"
        );
        assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
        h.run();
        h.get_by_label_contains("已导出草稿");
        // The export menu offers the five exports.
        click(&mut h, "导出");
        h.run();
        h.get_by_label_contains("导出 PDF…");
        h.get_by_label("导出审核意见单（.html）…");
    }

    #[test]
    fn a_comment_on_a_section_shows_above_its_editor() {
        let mut h = harness(App::new(clean_sample(), None));
        act_as(&mut h, reviewer(), Page::Review);
        click(&mut h, "批注对象");
        // The section in the open list (the navigation has a button of the same name, drawn first).
        h.get_all_by_label("五、存在的主要问题及改进情况")
            .last()
            .unwrap()
            .click();
        h.run();
        type_into(&mut h, "引用原文", "政务公开工作取得一定成效");
        type_into(&mut h, "批注内容", "请写明具体的改进措施");
        click(&mut h, "添加批注");
        assert_eq!(h.state().review().open_comments().count(), 1);
        act_as(
            &mut h,
            clerk(),
            Page::Section(nianbao::format::SectionId::Problems),
        );
        h.get_by_label("批注（李审核）：“政务公开工作取得一定成效”：请写明具体的改进措施");
        click(&mut h, "到“审核”页答复或标为已解决");
        assert_eq!(h.state().page(), Page::Review);
        // From the review page, the comment leads back to the section.
        click(
            &mut h,
            "#1 五、存在的主要问题及改进情况：“政务公开工作取得一定成效”",
        );
        assert_eq!(
            h.state().page(),
            Page::Section(nianbao::format::SectionId::Problems)
        );
    }

    #[test]
    fn a_comment_on_a_finding_shows_in_the_findings_panel() {
        let mut report = clean_sample();
        let last = TABLE3_2021.rows.len() - 1;
        report.table3.set(last, 0, Some(999));
        let warning = rules::evaluate(&report, None)
            .findings
            .into_iter()
            .find(|f| f.severity == Severity::Warning)
            .expect("carrying out more than was received is warned about");
        let mut h = harness(App::new(report, None));
        act_as(&mut h, reviewer(), Page::Review);
        click(&mut h, "批注对象");
        click(&mut h, &format!("检查结果 {}", warning.rule));
        type_into(&mut h, "批注内容", "结转数明显偏大，请核实");
        click(&mut h, "添加批注");
        let anchors: Vec<_> = h
            .state()
            .review()
            .open_comments()
            .map(|c| c.anchor.clone())
            .collect();
        assert_eq!(anchors, [CommentAnchor::Finding(warning.key())]);
        h.get_by_label("批注（李审核）：结转数明显偏大，请核实");
    }

    #[test]
    fn a_hand_edited_comment_pointing_nowhere_is_shown_not_a_crash() {
        let mut doc = Document::from(clean_sample());
        doc.review
            .comment(
                CommentAnchor::Cell(CellRef::new(TableId::T3, 99, 99)),
                &reviewer(),
                ts("2025-01-11 10:00"),
                "指向不存在的格子",
            )
            .unwrap();
        let mut h = harness(App::with_document(doc, None));
        act_as(&mut h, clerk(), Page::Review);
        h.get_by_label_contains("第100行第100列");
        click(&mut h, "#1 表三 第100行第100列（本格式中没有这一格）");
        h.run();
        assert_eq!(
            h.state().page(),
            Page::Section(nianbao::format::SectionId::Requests)
        );
    }

    #[test]
    fn the_user_dialog_sets_name_and_role() {
        let mut h = harness(App::new(clean_sample(), None));
        h.state_mut().set_page(Page::Review);
        h.run();
        click(&mut h, "更改用户…");
        type_into(&mut h, "您的姓名", "赵审核");
        click(&mut h, "审核人");
        click(&mut h, "确定");
        assert_eq!(h.state().user(), &Actor::new("赵审核", Role::Reviewer));
        h.get_by_label_contains("当前用户：赵审核（审核人）");
    }
}
