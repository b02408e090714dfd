//! The window and its files, driven as a user would: saving a report that has no file yet, giving up changes and
//! then cancelling, the autosave copy and its recovery, typed paths, and a file open in two windows. No native file
//! dialog is shown in tests: [`NoDialogs`] stands for a machine without a file chooser service, so every request
//! falls back to the path typed by hand.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use nianbao::io::document;
use nianbao::model::Report;
use nianbao::ui::{App, Command, FileLock, NoDialogs};

use crate::gui::{balanced_report, harness, t3_cell};

/// A window on `report`, with no file dialogs and its data folder (for the untitled report's autosave) in `data`.
fn window(report: Report, path: Option<PathBuf>, data: &Path) -> Harness<'static, App> {
    let mut app = App::new(report, path);
    app.set_file_dialogs(Box::new(NoDialogs));
    app.set_data_dir(Some(data.to_path_buf()));
    let mut h = harness(app);
    h.run();
    h
}

/// Changes one figure through the table, as the clerk would.
fn edit(h: &mut Harness<'static, App>) {
    let name = t3_cell(0, 2);
    h.get_by_label(&name).click();
    h.run();
    h.get_by_label(&name).type_text("7");
    h.run();
    assert!(h.state().is_dirty());
}

fn click(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Replaces the text of the typed-path field.
fn type_path(h: &mut Harness<'static, App>, path: &Path) {
    h.get_by_label("文件路径").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_label("文件路径")
        .type_text(&path.display().to_string());
    h.run();
}

#[test]
fn giving_up_changes_and_then_cancelling_keeps_them_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("报告.ron");
    document::save(&file, &balanced_report().into()).unwrap();
    let mut h = window(balanced_report(), Some(file.clone()), dir.path());
    edit(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert_eq!(h.state().dialog_title(), Some("有未保存的修改"));
    click(&mut h, "不保存");
    // No file chooser: a path is asked for. Cancelled.
    assert_eq!(h.state().dialog_title(), Some("打开"));
    click(&mut h, "取消");
    assert!(
        h.state().is_dirty(),
        "the edit is on screen and not in the file"
    );
    h.get_by_label("未保存");
    assert_eq!(h.state().report().table3.get(0, 2), Some(7));
    // A wrong path: said why, the dialog stays, still unsaved.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    click(&mut h, "不保存");
    type_path(&mut h, &dir.path().join("没有这个文件.ron"));
    click(&mut h, "确定");
    assert_eq!(h.state().dialog_title(), Some("打开"));
    assert!(h.state().message().unwrap().contains("文件或文件夹不存在"));
    assert!(h.state().is_dirty());
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().dialog_title(), None);
    assert!(h.state().is_dirty());
    assert_eq!(document::load(&file).unwrap().report, balanced_report());
}

#[test]
fn saving_a_report_without_a_file_asks_for_a_path_when_no_dialog_can_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window(balanced_report(), None, dir.path());
    edit(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(h.state().dialog_title(), Some("保存"));
    // The suggestion is a whole path, named after the report.
    let suggested = h.get_by_label("文件路径").value().unwrap();
    assert!(
        suggested.ends_with("测试县人民政府办公室2024年度政府信息公开工作年度报告.ron"),
        "{suggested}"
    );
    // Typed without an extension: saved as a report file.
    type_path(&mut h, &dir.path().join("我的报告"));
    h.key_press(Key::Enter);
    h.run();
    let saved = dir.path().join("我的报告.ron");
    assert_eq!(h.state().dialog_title(), None);
    assert_eq!(h.state().path(), Some(saved.as_path()));
    assert!(!h.state().is_dirty());
    assert_eq!(
        document::load(&saved).unwrap().report.table3.get(0, 2),
        Some(7)
    );

    // Answering 保存 to the unsaved-changes question of 新建 saves (asking for the path), then goes on.
    let mut h = window(balanced_report(), None, dir.path());
    edit(&mut h);
    h.state_mut().queue(Command::New);
    h.run();
    click(&mut h, "保存");
    type_path(&mut h, &dir.path().join("另一个.ron"));
    click(&mut h, "确定");
    assert!(dir.path().join("另一个.ron").exists());
    assert_eq!(h.state().dialog_title(), Some("新建报告"));
}

#[test]
fn exports_typed_by_hand_get_their_extension() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window(balanced_report(), None, dir.path());
    h.state_mut().queue(Command::ExportHtml);
    h.run();
    assert_eq!(h.state().dialog_title(), Some("导出"));
    let suggested = h.get_by_label("文件路径").value().unwrap();
    assert!(suggested.ends_with("年度报告.html"), "{suggested}");
    type_path(&mut h, &dir.path().join("网页版"));
    click(&mut h, "确定");
    assert!(dir.path().join("网页版.html").exists());
    assert!(!dir.path().join("网页版.html.bak").exists());
    assert!(h.state().message().unwrap().contains("已导出草稿"));
}

#[test]
fn autosave_leaves_nothing_behind_once_saved_or_given_up() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("报告.ron");
    document::save(&file, &balanced_report().into()).unwrap();
    let copy = document::autosave_path(&file);

    // Saved: the copy goes, and no backup of the copy is left.
    let mut h = window(balanced_report(), Some(file.clone()), dir.path());
    edit(&mut h);
    assert!(h.state_mut().autosave_now());
    assert!(copy.exists());
    assert!(h.state_mut().save_to(&file));
    assert!(!copy.exists());
    assert!(!dir.path().join("报告.autosave.ron.bak").exists());

    // 不保存 for a new report: while the new report's questions are open, the work is still there (cancelled,
    // it stays); once the new report is made, the edit was given up and its copy goes.
    let mut h = window(balanced_report(), Some(file.clone()), dir.path());
    edit(&mut h);
    assert!(h.state_mut().autosave_now());
    h.state_mut().queue(Command::New);
    h.run();
    click(&mut h, "不保存");
    click(&mut h, "取消");
    assert!(copy.exists());
    assert!(h.state().is_dirty());
    h.state_mut().queue(Command::New);
    h.run();
    click(&mut h, "不保存");
    h.get_by_label("新报告 机关名称").click();
    h.run();
    h.get_by_label("新报告 机关名称").type_text("某某局");
    h.run();
    click(&mut h, "创建");
    assert!(
        !copy.exists(),
        "a deliberately discarded edit is not offered back"
    );
}

#[test]
fn recovery_is_offered_for_any_open_and_only_for_content_that_differs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("报告.ron");
    document::save(&file, &balanced_report().into()).unwrap();
    let copy = document::autosave_path(&file);

    // A copy that holds what the file holds is removed without asking.
    document::save_copy(&copy, &balanced_report().into()).unwrap();
    let mut h = window(Report::new("别的机关", 2024), None, dir.path());
    assert!(h.state_mut().open_path(&file));
    h.run();
    assert_eq!(h.state().dialog_title(), None);
    assert!(!copy.exists());

    // A copy with work the file lacks (a crash): offered when the file is opened from the menu too.
    let mut unsaved = balanced_report();
    unsaved.table3.set(0, 2, Some(7));
    document::save_copy(&copy, &unsaved.clone().into()).unwrap();
    let mut h = window(Report::new("别的机关", 2024), None, dir.path());
    h.state_mut().queue(Command::Open);
    h.run();
    type_path(&mut h, &file);
    click(&mut h, "确定");
    assert_eq!(h.state().dialog_title(), Some("发现自动保存的副本"));
    click(&mut h, "恢复");
    assert_eq!(h.state().report(), &unsaved);
    assert!(h.state().is_dirty());
    assert!(h.state_mut().save_to(&file));
    assert!(!copy.exists());

    // 以后再说 keeps the copy for the next time.
    document::save_copy(&copy, &balanced_report().into()).unwrap();
    let mut h = window(Report::new("别的机关", 2024), None, dir.path());
    assert!(h.state_mut().open_path(&file));
    h.run();
    click(&mut h, "以后再说");
    assert!(copy.exists());
}

#[test]
fn opening_a_file_another_window_holds_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("报告.ron");
    document::save(&file, &balanced_report().into()).unwrap();
    // Another computer (a shared folder) has it open.
    std::fs::write(
        FileLock::lock_path(&file),
        "4242\n另一台电脑\nwang\n2025-01-20 08:00\n",
    )
    .unwrap();
    let mut h = window(Report::new("别的机关", 2024), None, dir.path());
    assert!(!h.state_mut().open_path(&file));
    h.run();
    assert_eq!(h.state().dialog_title(), Some("文件已在另一个窗口中打开"));
    h.get_by_label_contains("另一台电脑");
    click(&mut h, "仍然打开");
    assert_eq!(h.state().path(), Some(file.as_path()));
    // Opened anyway, the claim is this window's now: a stale claim does not warn at every open.
    drop(h);
    assert!(!FileLock::lock_path(&file).exists());

    // A window that opens a file claims it; letting go of it releases the claim.
    let mut h = window(Report::new("别的机关", 2024), None, dir.path());
    assert!(h.state_mut().open_path(&file));
    assert!(FileLock::lock_path(&file).exists());
    drop(h);
    assert!(!FileLock::lock_path(&file).exists());
}

#[test]
fn a_json_interchange_file_opens_and_saves_as_a_report_file() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("交换.json");
    std::fs::write(&json, nianbao::io::interchange::to_json(&balanced_report())).unwrap();
    let mut h = window(Report::new("别的机关", 2024), None, dir.path());
    assert!(h.state_mut().open_path(&json));
    h.run();
    assert_eq!(h.state().report(), &balanced_report());
    assert_eq!(h.state().path(), None);
    assert!(h.state().message().unwrap().contains("JSON"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(h.state().dialog_title(), Some("保存"));
    // A PDF is named, not parsed.
    let pdf = dir.path().join("年报.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n").unwrap();
    click(&mut h, "取消");
    assert!(!h.state_mut().open_path(&pdf));
    assert!(h.state().message().unwrap().contains("这是PDF 文档"));
}

#[test]
fn linking_a_report_of_another_year_or_body_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window(balanced_report(), None, dir.path());
    let body = balanced_report().meta.body;
    for (year, other, warned) in [
        (2023, body.as_str(), false),
        (2022, body.as_str(), true),
        (2023, "别的机关", true),
    ] {
        let file = dir.path().join(format!("{year}-{other}.ron"));
        let mut previous = balanced_report();
        previous.meta.year = year;
        previous.meta.body = other.to_owned();
        document::save(&file, &previous.into()).unwrap();
        assert!(h.state_mut().link_previous(&file));
        let message = h.state().message().unwrap().to_owned();
        assert_eq!(message.contains("请注意"), warned, "{message}");
    }
}
