//! What the screen shows is what the report holds: refused entries, the findings panel, the message line, and the
//! review's read-only states, driven through the window as a clerk and a reviewer would.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use nianbao::format::{CellRef, SectionId, TABLE3_2021, TableId};
use nianbao::io::document::{self, Document};
use nianbao::model::Report;
use nianbao::review::{Actor, CommentAnchor, Role, State};
use nianbao::rules::{RuleId, Severity};
use nianbao::ui::{App, Page};

use crate::gui::{balanced_report, harness, t3_cell};
use crate::review::{clean_sample, ts};

/// Types `text` into the cell one key at a time, as a clerk does (each keystroke is a frame), then leaves it with Tab.
fn type_keys(h: &mut Harness<'static, App>, name: &str, text: &str) {
    h.get_by_label(name).click();
    h.run();
    for ch in text.chars() {
        h.get_by_label(name).type_text(&ch.to_string());
        h.run();
    }
    h.key_press(Key::Tab);
    h.run();
}

fn clerk() -> Actor {
    Actor::new("王填报", Role::Clerk)
}

fn reviewer() -> Actor {
    Actor::new("李审核", Role::Reviewer)
}

#[test]
fn a_refused_entry_leaves_the_value_the_cell_had_on_entry() {
    // 表三 二、上年结转 科研机构 holds 0. None of these is a count; each keystroke that parsed used to be kept.
    let twenty_nines = "9".repeat(20);
    for typed in ["1e9", "3.5", twenty_nines.as_str(), "12a"] {
        let mut h = harness(App::new(balanced_report(), None));
        h.run();
        let name = t3_cell(1, 2);
        type_keys(&mut h, &name, typed);
        assert_eq!(h.state().report().table3.get(1, 2), Some(0), "{typed}");
        // The cell still shows what was typed, refused, and says so.
        assert_eq!(h.get_by_label(&name).value().as_deref(), Some(typed));
        h.get_all_by_label_contains("未接受").next().unwrap();
        // Saved now, the file holds the value from before, and the window says the screen differs from it.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.ron");
        assert!(h.state_mut().save_to(&file));
        h.run();
        assert_eq!(
            document::load(&file).unwrap().report.table3.get(1, 2),
            Some(0)
        );
        assert!(
            h.state().is_dirty(),
            "{typed}: the screen differs from the file"
        );
        assert!(h.state().message().unwrap().contains("1处输入未被接受"));
    }
}

#[test]
fn a_refused_entry_is_an_error_until_corrected_or_reverted() {
    let mut app = App::new(clean_sample(), None);
    app.set_user(clerk());
    let mut h = harness(app);
    h.run();
    let errors = h.state().evaluation().count(Severity::Error);
    let name = t3_cell(2, 3);
    type_keys(&mut h, &name, "abc");
    let cell = CellRef::new(TableId::T3, 2, 3);
    let refused: Vec<_> = h
        .state()
        .evaluation()
        .of_rule(RuleId::InputRefused)
        .cloned()
        .collect();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].cells().collect::<Vec<_>>(), vec![cell]);
    assert!(
        refused[0].message.contains("“abc”不是数字"),
        "{}",
        refused[0].message
    );
    // Listed, counted and blocking.
    assert_eq!(h.state().evaluation().count(Severity::Error), errors + 1);
    h.get_by_label(&format!("错误 {}", errors + 1));
    h.get_all_by_label_contains("INPUT-REFUSED").next().unwrap();
    h.state_mut().set_page(Page::Review);
    h.run();
    h.get_by_label("提交审核").click();
    h.run();
    assert_eq!(h.state().review().state, State::Draft);
    assert!(h.state().message().unwrap().contains("INPUT-REFUSED"));

    // Reverted with Escape: the finding goes, the cell shows the report's value again.
    h.state_mut().set_page(Page::Section(SectionId::Requests));
    h.run();
    h.get_by_label(&name).click();
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(
        h.state().evaluation().of_rule(RuleId::InputRefused).count(),
        0
    );
    let kept = h.state().report().table3.get(2, 3).unwrap().to_string();
    assert_eq!(h.get_by_label(&name).value(), Some(kept.clone()));
    assert!(!h.state().is_dirty());

    // Corrected: typing a count replaces the refused text and clears the finding.
    type_keys(&mut h, &name, "x");
    assert_eq!(
        h.state().evaluation().of_rule(RuleId::InputRefused).count(),
        1
    );
    type_keys(&mut h, &name, &kept);
    assert_eq!(
        h.state().evaluation().of_rule(RuleId::InputRefused).count(),
        0
    );
    assert_eq!(h.state().evaluation().count(Severity::Error), errors);
}

#[test]
fn a_refused_form_field_is_an_error_too() {
    let mut app = App::new(balanced_report(), None);
    app.set_page(Page::Meta);
    let mut h = harness(app);
    h.run();
    let year = h.state().report().meta.year;
    h.get_by_label("报告信息 报告年度").click();
    h.run();
    h.get_by_label("报告信息 报告年度").type_text("20x4");
    h.run();
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(h.state().report().meta.year, year);
    let found: Vec<_> = h
        .state()
        .evaluation()
        .of_rule(RuleId::InputRefused)
        .map(|f| f.message.clone())
        .collect();
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("报告信息“报告年度”"), "{}", found[0]);
}

#[test]
fn the_findings_panel_keeps_a_readable_width_when_findings_change() {
    let report = clean_sample();
    let natural = report.table3.get(0, 0).unwrap().to_string();
    let mut h = harness(App::new(report, None));
    h.run();
    let width_of_panel = |h: &Harness<'static, App>| {
        // Wrapped messages fill the panel's width.
        h.get_all_by_label_contains("T3-")
            .map(|n| n.rect().width())
            .fold(0.0_f32, f32::max)
    };
    // A broken balance, then fixed (no findings: the panel shows one short line), then broken again.
    let name = t3_cell(0, 0);
    type_keys(&mut h, &name, "4");
    let first = width_of_panel(&h);
    assert!(first >= 260.0, "findings wrap at {first} px");
    type_keys(&mut h, &name, &natural);
    h.get_by_label("未发现问题。");
    type_keys(&mut h, &name, "5");
    let again = width_of_panel(&h);
    assert!(
        (again - first).abs() < 1.0,
        "the panel went from {first} to {again} px"
    );
}

#[test]
fn clicking_a_finding_puts_the_cursor_in_its_cell() {
    let mut report = balanced_report();
    report.table3.set(0, 0, Some(4));
    let mut app = App::new(report, None);
    app.set_page(Page::Meta);
    let mut h = harness(app);
    h.run();
    let finding = h
        .state()
        .evaluation()
        .of_rule(RuleId::T3Balance)
        .next()
        .unwrap()
        .clone();
    let cell = finding.cells().next().unwrap();
    h.get_all_by_label_contains("T3-BALANCE")
        .next()
        .unwrap()
        .click();
    h.run();
    assert_eq!(h.state().page(), Page::Section(SectionId::Requests));
    let name = TABLE3_2021.cell_name(cell.row(), cell.col());
    assert!(h.get_by_label(&name).is_focused(), "{name} has no focus");
    // Typing goes into the cell: its figure was selected, and is replaced.
    h.get_by_label(&name).type_text("99");
    h.run();
    assert_eq!(
        h.state().report().table3.get(cell.row(), cell.col()),
        Some(99)
    );
}

#[test]
fn messages_stay_in_one_place_and_a_later_success_replaces_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.ron");
    // A frame a second: the test waits for a message to fade.
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .with_step_dt(1.0)
        .with_context_setup(nianbao::ui::install_fonts)
        .build_ui_state(
            |ui, app: &mut App| app.ui(ui),
            App::new(balanced_report(), None),
        );
    h.run();
    let fill = "由各项计算“总计”列和“（七）总计”行";
    let heading = h.get_by_label(fill).rect();
    assert!(!h.state_mut().open_path(&dir.path().join("missing.ron")));
    h.run();
    let failure = h.state().message().unwrap().to_owned();
    assert!(failure.contains("文件或文件夹不存在"), "{failure}");
    assert!(
        !failure.contains("No such file"),
        "the system's English text leaked: {failure}"
    );
    // The page did not move under the pointer.
    assert_eq!(h.get_by_label(fill).rect(), heading);
    assert!(h.state_mut().save_to(&good));
    assert!(h.state_mut().open_path(&good));
    h.run();
    let now = h.state().message().unwrap().to_owned();
    assert!(now.starts_with("已打开"), "stale message: {now}");
    // A message about a success fades after a while; the page stays where it is.
    for _ in 0..13 {
        h.step();
    }
    h.run();
    assert_eq!(h.state().message(), None);
    assert_eq!(h.get_by_label(fill).rect(), heading);
}

/// A report submitted for review by the clerk.
fn submitted() -> Document {
    let mut doc = Document::from(clean_sample());
    doc.review.state = State::Submitted;
    doc
}

#[test]
fn a_report_under_review_is_read_only_but_cells_can_be_chosen_for_a_comment() {
    for who in [clerk(), reviewer()] {
        let mut app = App::with_document(submitted(), None);
        app.set_user(who.clone());
        app.set_page(Page::Section(SectionId::Requests));
        let mut h = harness(app);
        h.run();
        let before = h.state().report().clone();
        let name = t3_cell(0, 0);
        h.get_by_label(&name).click();
        h.run();
        assert!(h.get_by_label(&name).is_focused());
        h.get_by_label(&name).type_text("7");
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
        assert_eq!(h.state().report(), &before, "{}", who.role.label());
        assert!(!h.state().is_dirty());
        h.get_all_by_label_contains("审核期间只读").next().unwrap();
        if who.role == Role::Reviewer {
            h.get_by_label("批注选中的单元格…").click();
            h.run();
            assert_eq!(h.state().dialog_title(), Some("添加批注"));
        }
    }
}

#[test]
fn resubmitting_waits_for_every_comment_to_be_answered() {
    let mut doc = submitted();
    doc.review.state = State::Returned;
    doc.review
        .comment(
            CommentAnchor::Cell(CellRef::new(TableId::T3, 0, 0)),
            &reviewer(),
            ts("2025-01-11 10:00"),
            "请核对",
        )
        .unwrap();
    let mut app = App::with_document(doc, None);
    app.set_user(clerk());
    app.set_page(Page::Review);
    let mut h = harness(app);
    h.run();
    h.get_by_label("提交审核").click();
    h.run();
    assert_eq!(h.state().review().state, State::Returned);
    let message = h.state().message().unwrap().to_owned();
    assert!(message.contains("1条批注没有答复"), "{message}");
    h.get_by_label("答复批注 1").click();
    h.run();
    h.get_by_label("答复批注 1").type_text("已核对，无误");
    h.run();
    h.get_by_label("答复").click();
    h.run();
    h.get_by_label("提交审核").click();
    h.run();
    assert_eq!(h.state().review().state, State::Submitted);
}

#[test]
fn approving_asks_first_and_names_the_open_comments() {
    let mut doc = submitted();
    doc.review
        .comment(
            CommentAnchor::Section {
                section: SectionId::Problems,
                quote: None,
            },
            &reviewer(),
            ts("2025-01-11 10:00"),
            "改进措施再具体些",
        )
        .unwrap();
    let mut app = App::with_document(doc, None);
    app.set_user(reviewer());
    app.set_page(Page::Review);
    let mut h = harness(app);
    h.run();
    h.get_by_label("审核通过").click();
    h.run();
    assert_eq!(h.state().dialog_title(), Some("确认审核通过"));
    h.get_by_label("还有1条批注未解决。仍然审核通过吗？");
    // Escape cancels: nothing approved.
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().dialog_title(), None);
    assert_eq!(h.state().review().state, State::Submitted);
    // Asked again and confirmed with Enter.
    h.get_by_label("审核通过").click();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().review().state, State::Approved);
}

#[test]
fn an_approval_voided_by_an_edit_is_recorded_by_the_system() {
    let mut doc = submitted();
    let eval = nianbao::rules::evaluate(&doc.report, None);
    doc.review
        .approve(&doc.report, &eval, &reviewer(), ts("2025-01-20 15:00"), "")
        .unwrap();
    let mut h = harness(App::with_document(doc, None));
    h.run();
    assert!(h.state().is_locked());
    h.state_mut().report_mut().problems.push('。');
    h.run();
    let last = h.state().review().history.last().unwrap().clone();
    assert_eq!((last.from, last.to), (State::Approved, State::Draft));
    assert_eq!(last.by.role, Role::System);
    assert_eq!(last.by.describe(), "系统");
}

#[test]
fn a_new_report_of_a_peoples_government_is_a_government_by_its_name() {
    let mut app = App::new(Report::new("旧报告", 2023), None);
    app.set_clock(|| ts("2026-02-01 10:00"));
    let mut h = harness(app);
    h.run();
    h.state_mut().queue(nianbao::ui::Command::New);
    h.run();
    assert_eq!(h.state().dialog_title(), Some("新建报告"));
    h.get_by_label("新报告 机关名称").click();
    h.run();
    h.get_by_label("新报告 机关名称")
        .type_text("某某县人民政府");
    h.run();
    h.get_by_label("（按名称推断）");
    // Enter creates it: last year's report, due by the end of March.
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().dialog_title(), None);
    let meta = &h.state().report().meta;
    assert_eq!(meta.body, "某某县人民政府");
    assert_eq!(meta.year, 2025);
    assert_eq!(meta.body_kind, Some(nianbao::model::BodyKind::Government));
    h.get_by_label("距公开期限（2026年3月31日）还有58天");
}

#[test]
fn a_new_blank_report_is_not_a_wall_of_red() {
    let mut h = harness(App::new(Report::new("某某县人民政府", 2025), None));
    h.run();
    let errors = h.state().evaluation().count(Severity::Error);
    assert!(errors <= 8, "{errors} errors before anything was typed");
    h.get_all_by_label_contains("表三尚未填写").next().unwrap();
}

#[test]
fn the_sample_says_it_is_the_sample() {
    let mut h = harness(App::with_sample());
    h.run();
    h.get_by_label_contains("这是内置的示例报告");
    h.get_by_label("示例报告（未保存）");
    let mut own = harness(App::new(balanced_report(), None));
    own.run();
    assert!(own.query_by_label_contains("这是内置的示例报告").is_none());
}
