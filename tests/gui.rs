//! The editor driven headless through egui_kittest: typing, pasting, undo, files, junk input, IME.

use egui::{Event, Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use nianbao::format::{RowRole, SectionId, T3_TOTAL, TABLE3_2021, TABLE4};
use nianbao::model::{Date, Report};
use nianbao::rules::{self, RuleId, Severity};
use nianbao::ui::{App, Page, install_fonts};

pub fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size(vec2(1500.0, 1000.0))
        .with_context_setup(install_fonts)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// A report whose tables balance: 3 new and 1 carried-in applications from natural persons, 3 granted, 1 carried
/// out; table 4 all zero.
pub fn balanced_report() -> Report {
    let mut r = Report::new("测试县人民政府办公室", 2024);
    let def = r.format.table3();
    let granted = def.row_with(RowRole::Outcome).unwrap();
    for (i, row) in def.rows.iter().enumerate() {
        let v = match row.role {
            RowRole::NewReceived | RowRole::OutcomesTotal => 3,
            RowRole::CarriedIn | RowRole::CarriedOut => 1,
            _ if i == granted => 3,
            _ => 0,
        };
        for c in 0..def.columns.len() {
            let cell = if c == 0 || c == T3_TOTAL { v } else { 0 };
            r.table3.set(i, c, Some(cell));
        }
    }
    for row in 0..TABLE4.rows.len() {
        for c in 0..TABLE4.columns.len() {
            r.table4.set(row, c, Some(0));
        }
    }
    r
}

pub fn t3_cell(row: usize, col: usize) -> String {
    TABLE3_2021.cell_name(row, col)
}

#[test]
fn typing_a_figure_reaches_the_model_and_marks_a_broken_balance() {
    let mut h = harness(App::new(balanced_report(), None));
    h.run();
    let errors_before = h.state().evaluation().count(Severity::Error);
    let name = t3_cell(0, 0);
    h.get_by_label(&name).click();
    h.run();
    h.get_by_label(&name).type_text("4");
    h.run();
    assert_eq!(h.state().report().table3.get(0, 0), Some(4));
    // The window shows what the checks find, in the same or the next frame.
    let direct = rules::evaluate(h.state().report(), None);
    let balance: Vec<_> = h
        .state()
        .evaluation()
        .of_rule(RuleId::T3Balance)
        .cloned()
        .collect();
    assert_eq!(balance.len(), direct.of_rule(RuleId::T3Balance).count());
    // The findings panel names the rule with its numbers.
    let finding = balance
        .first()
        .expect("4 new applications no longer balance");
    h.get_all_by_label_contains(&format!("{}：", finding.rule))
        .next()
        .unwrap();
    assert!(finding.message.contains('4'), "{}", finding.message);
    // Fix it: a click on the cell selects its figure, typing replaces it, and the finding disappears.
    h.get_by_label(&name).click();
    h.run();
    h.get_by_label(&name).type_text("3");
    h.run();
    assert_eq!(h.state().report().table3.get(0, 0), Some(3));
    assert_eq!(h.state().evaluation().of_rule(RuleId::T3Balance).count(), 0);
    assert_eq!(h.state().evaluation().count(Severity::Error), errors_before);
}

#[test]
fn the_sample_opens_without_errors() {
    let mut h = harness(App::with_sample());
    h.run();
    let sample = h.state().report().clone();
    assert!(!sample.meta.body.is_empty());
    assert!(sample.table3.get(0, T3_TOTAL).is_some());
    assert_eq!(h.state().evaluation().count(Severity::Error), 0);
    h.get_by_label("错误 0");
    // Published on the deadline: the status bar says so rather than counting days past it.
    let published = sample.meta.published.unwrap();
    h.get_by_label_contains(&format!("已于{}公开", published.chinese()));
}

#[test]
fn the_status_bar_shows_the_error_count() {
    let mut h = harness(App::new(balanced_report(), None));
    h.run();
    let errors = h.state().evaluation().count(Severity::Error);
    h.get_by_label(&format!("错误 {errors}"));
    let direct = rules::evaluate(&balanced_report(), None);
    assert_eq!(errors, direct.count(Severity::Error));
}

#[test]
fn tab_and_enter_move_between_cells_and_escape_reverts() {
    let mut h = harness(App::new(balanced_report(), None));
    h.run();
    h.get_by_label(&t3_cell(0, 0)).click();
    h.run();
    h.key_press(Key::Tab);
    h.run();
    assert!(h.get_by_label(&t3_cell(0, 1)).is_focused());
    h.key_press(Key::Enter);
    h.run();
    assert!(h.get_by_label(&t3_cell(1, 1)).is_focused());
    h.get_by_label(&t3_cell(1, 1)).type_text("9");
    h.run();
    assert_eq!(h.state().report().table3.get(1, 1), Some(9));
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().report().table3.get(1, 1), Some(0));
}

#[test]
fn junk_is_refused_with_a_message_and_nothing_else_changes() {
    let mut h = harness(App::new(balanced_report(), None));
    h.run();
    let before = h.state().report().clone();
    let name = t3_cell(2, 3);
    h.get_by_label(&name).click();
    h.run();
    h.get_by_label(&name).type_text("abc");
    h.run();
    assert_eq!(h.state().report(), &before);
    // The typed text stays in the cell, and the reason is shown.
    assert_eq!(h.get_by_label(&name).value().as_deref(), Some("abc"));
    h.get_all_by_label_contains("“abc”不是数字").next().unwrap();
}

#[test]
fn pasting_a_block_fills_from_the_focused_cell() {
    let mut h = harness(App::new(Report::new("测试局", 2024), None));
    h.run();
    let name = t3_cell(0, 0);
    h.get_by_label(&name).click();
    h.run();
    let block = "1\t2\t3\t4\t5\t6\t21\n0\t0\t0\t0\t0\t0\t0\n1\t1\t1\t1\t1\t1\t6\n";
    h.event(Event::Paste(block.to_owned()));
    h.run();
    let t3 = &h.state().report().table3;
    let ones: Vec<_> = [1, 1, 1, 1, 1, 1, 6].into_iter().map(Some).collect();
    let first: Vec<_> = [1, 2, 3, 4, 5, 6, 21].into_iter().map(Some).collect();
    assert_eq!(t3.rows[0], first);
    assert_eq!(t3.rows[1], vec![Some(0); 7]);
    assert_eq!(t3.rows[2], ones);
    assert_eq!(t3.get(3, 0), None);
    assert!(h.state().message().unwrap().contains("已粘贴21格"));
}

#[test]
fn pasting_reports_what_did_not_fit_or_parse() {
    let mut h = harness(App::new(Report::new("测试局", 2024), None));
    h.run();
    let name = t3_cell(0, 5);
    h.get_by_label(&name).click();
    h.run();
    h.event(Event::Paste("1\t2\t3\nx\t4\n".to_owned()));
    h.run();
    let t3 = &h.state().report().table3;
    assert_eq!(t3.get(0, 5), Some(1));
    assert_eq!(t3.get(0, 6), Some(2));
    assert_eq!(t3.get(1, 5), None);
    assert_eq!(t3.get(1, 6), Some(4));
    let message = h.state().message().unwrap().to_owned();
    assert!(message.contains("1个数超出表格范围"), "{message}");
    assert!(message.contains("“x”"), "{message}");
}

#[test]
fn undo_restores_the_previous_report() {
    let mut h = harness(App::new(balanced_report(), None));
    h.run();
    let before = h.state().report().clone();
    let name = t3_cell(0, 2);
    h.get_by_label(&name).click();
    h.run();
    h.get_by_label(&name).type_text("7");
    h.run();
    // Let the undoer see the edit settle.
    for _ in 0..8 {
        h.step();
    }
    assert_eq!(h.state().report().table3.get(0, 2), Some(7));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().report(), &before);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(h.state().report().table3.get(0, 2), Some(7));
}

#[test]
fn save_and_reopen_gives_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报告.ron");
    let mut report = balanced_report();
    report.problems = "问题一。\n改进一。".to_owned();
    report.meta.published = Date::new(2025, 1, 20);
    let mut h = harness(App::new(report.clone(), None));
    h.run();
    assert!(h.state_mut().save_to(&path));
    h.run();
    assert!(!h.state().is_dirty());
    let mut other = harness(App::new(Report::new("别的机关", 2023), None));
    other.run();
    assert!(other.state_mut().open_path(&path));
    other.run();
    assert_eq!(other.state().report(), &report);
    assert!(!other.state().is_dirty());
}

#[test]
fn fill_totals_only_on_request() {
    let mut report = Report::new("测试局", 2024);
    for c in 0..6 {
        report.table3.set(0, c, Some(1));
    }
    let mut h = harness(App::new(report, None));
    h.run();
    assert_eq!(h.state().report().table3.get(0, T3_TOTAL), None);
    h.get_by_label("由各项计算“总计”列和“（七）总计”行").click();
    h.run();
    assert_eq!(h.state().report().table3.get(0, T3_TOTAL), Some(6));
}

#[test]
fn ime_composition_commits_chinese_text() {
    let mut app = App::new(balanced_report(), None);
    app.set_page(Page::Section(SectionId::Problems));
    let mut h = harness(app);
    h.run();
    let name = format!("{}正文", SectionId::Problems.title());
    h.get_by_label(&name).click();
    h.run();
    h.event(Event::Ime(egui::ImeEvent::Preedit {
        text: "wenti".to_owned(),
        active_range_chars: None,
    }));
    h.run();
    h.event(Event::Ime(egui::ImeEvent::Commit("问题".to_owned())));
    h.run();
    assert_eq!(h.state().report().problems, "问题");
}

#[test]
fn explanations_of_warnings_are_saved_in_the_report() {
    // T3-CARRYOUT: more carried out than received and carried in.
    let mut report = balanced_report();
    let last = TABLE3_2021.rows.len() - 1;
    report.table3.set(last, 0, Some(10));
    let eval = rules::evaluate(&report, None);
    let warning = eval
        .findings
        .iter()
        .find(|f| f.severity == Severity::Warning)
        .cloned()
        .expect("carrying out more than was received is warned about");
    let mut h = harness(App::new(report, None));
    h.run();
    let label = format!("说明 {}", warning.rule);
    h.get_all_by_label(&label).next().unwrap().click();
    h.run();
    h.get_all_by_label(&label)
        .next()
        .unwrap()
        .type_text("年底集中受理");
    h.run();
    assert_eq!(
        h.state()
            .report()
            .explanations
            .get(&warning.key())
            .map(String::as_str),
        Some("年底集中受理")
    );
}

#[test]
fn arrow_keys_move_between_cells_like_a_spreadsheet() {
    let mut h = harness(App::new(balanced_report(), None));
    h.run();
    let focused = |h: &Harness<'_, App>, name: &str| h.get_by_label(name).is_focused();
    h.get_by_label(&t3_cell(2, 3)).click();
    h.run();
    // A clicked cell has its figure selected: both horizontal arrows leave it.
    h.key_press(Key::ArrowRight);
    h.run();
    assert!(focused(&h, &t3_cell(2, 4)));
    h.key_press(Key::ArrowDown);
    h.run();
    assert!(focused(&h, &t3_cell(3, 4)));
    h.key_press(Key::ArrowLeft);
    h.run();
    assert!(focused(&h, &t3_cell(3, 3)));
    h.key_press(Key::ArrowUp);
    h.run();
    assert!(focused(&h, &t3_cell(2, 3)));
    h.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    h.run();
    assert!(focused(&h, &t3_cell(1, 3)));
    // Inside typed text the horizontal arrows move the caret; only at the start do they leave the cell.
    h.get_by_label(&t3_cell(1, 3)).type_text("12");
    h.run();
    for _ in 0..2 {
        h.key_press(Key::ArrowLeft);
        h.run();
        assert!(focused(&h, &t3_cell(1, 3)));
    }
    h.key_press(Key::ArrowLeft);
    h.run();
    assert!(focused(&h, &t3_cell(1, 2)));
    assert_eq!(h.state().report().table3.get(1, 3), Some(12));
    // Shift+Arrow selects text and never leaves the cell.
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    h.run();
    assert!(focused(&h, &t3_cell(1, 2)));
    // The first column is the edge of the table.
    h.get_by_label(&t3_cell(4, 0)).click();
    h.run();
    h.key_press(Key::ArrowLeft);
    h.run();
    assert!(focused(&h, &t3_cell(4, 0)));

    // Table 4 is printed as one row: the arrows step along it, across its groups.
    h.state_mut().set_page(Page::Section(SectionId::Appeals));
    h.run();
    let last = TABLE4.columns.len() - 1;
    h.get_by_label(&TABLE4.cell_name(0, last)).click();
    h.run();
    h.key_press(Key::ArrowRight);
    h.run();
    assert!(focused(&h, &TABLE4.cell_name(1, 0)));
    h.key_press(Key::ArrowUp);
    h.run();
    assert!(focused(&h, &TABLE4.cell_name(0, last)));
}
