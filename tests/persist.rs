//! Files on disk: atomic save with a backup, strict loading with Chinese messages, schema versions.

use std::fs;
use std::path::{Path, PathBuf};

use nianbao::format::SectionId;
use nianbao::io::document::{self, Document, LoadError};

use crate::review::ts;
use nianbao::model::Report;
use nianbao::review::{Actor, CommentAnchor, Review, Role};

pub fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    files
}

#[test]
fn fixtures_and_sample_load_and_round_trip() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.ron");
    for path in fixtures().into_iter().chain([sample]) {
        let report = document::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let text = document::to_string(&report);
        assert!(text.starts_with("#![enable(implicit_some)]\n"), "{text}");
        assert!(text.contains(&format!("schema_version: {}", document::SCHEMA_VERSION)));
        assert_eq!(
            document::from_str(&text).unwrap(),
            report,
            "{}",
            path.display()
        );
    }
}

#[test]
fn save_is_atomic_and_keeps_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报告.ron");
    let first = Report::new("某某局", 2024);
    document::save(&path, &first.clone().into()).unwrap();
    assert!(
        !document::backup_path(&path).exists(),
        "nothing to back up yet"
    );

    let mut second = first.clone();
    second.table3.set(0, 0, Some(5));
    document::save(&path, &second.clone().into()).unwrap();
    assert_eq!(document::load(&path).unwrap().report, second);
    let bak = document::backup_path(&path);
    assert_eq!(bak.file_name().unwrap(), "报告.ron.bak");
    assert_eq!(document::load(&bak).unwrap().report, first);
    // No temporary file is left behind.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn failed_save_leaves_the_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报告.ron");
    let report = Report::new("某某局", 2024);
    document::save(&path, &report.clone().into()).unwrap();
    // A directory where the temporary file should go makes the write fail.
    fs::create_dir(dir.path().join("报告.ron.tmp")).unwrap();
    let mut changed = report.clone();
    changed.problems = "改了".to_owned();
    let err = document::save(&path, &changed.into()).unwrap_err();
    assert!(err.to_string().contains("临时文件"), "{err}");
    assert_eq!(document::load(&path).unwrap().report, report);
}

#[test]
fn newer_schema_is_refused_clearly() {
    let text = document::to_string(&Report::new("某某局", 2024).into()).replace(
        &format!("schema_version: {}", document::SCHEMA_VERSION),
        "schema_version: 7",
    );
    let err = document::from_str(&text).unwrap_err();
    assert!(matches!(err, LoadError::NewerSchema { found: 7 }));
    assert_eq!(
        err.to_string(),
        "此文件由较新版本的年报软件保存（格式版本7），请升级软件后再打开"
    );
}

#[test]
fn unknown_field_is_refused_with_line_and_column() {
    let text = document::to_string(&Report::new("某某局", 2024).into());
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("year:"))
        .unwrap();
    let mut lines: Vec<String> = text.lines().map(ToOwned::to_owned).collect();
    lines.insert(line + 1, "            colour: \"红\",".to_owned());
    let err = document::from_str(&lines.join("\n")).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!("第{}行第", line + 2)) && msg.contains("未知字段“colour”"),
        "{msg}"
    );
}

#[test]
fn malformed_ron_gives_line_and_column_in_chinese() {
    let text = "#![enable(implicit_some)]\n(\n    schema_version: 1,\n    report: (format: V2021 meta: ()),\n)\n";
    let msg = document::from_str(text).unwrap_err().to_string();
    assert!(msg.starts_with("第4行第"), "{msg}");
    let missing = "#![enable(implicit_some)]\n(schema_version: 1, report: (format: V2021))\n";
    let msg = document::from_str(missing).unwrap_err().to_string();
    assert!(msg.contains("缺少字段“meta”"), "{msg}");
    let err = document::load(Path::new("/nonexistent/报告.ron")).unwrap_err();
    assert!(err.to_string().starts_with("无法读取文件"), "{err}");
}

#[test]
fn a_figure_of_the_wrong_type_is_refused() {
    let mut report = Report::new("某某局", 2024);
    report.table3.set(0, 0, Some(109));
    let text = document::to_string(&report.into()).replacen("[109,", "[\"x\",", 1);
    let msg = document::from_str(&text).unwrap_err().to_string();
    assert!(msg.starts_with('第') && msg.contains("列："), "{msg}");
}

#[test]
fn version_1_documents_load_unreviewed_and_are_saved_as_the_current_version() {
    // The fixtures are version-1 documents, as the first release wrote them.
    let path = &fixtures()[0];
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("schema_version: 1"), "{}", path.display());
    let doc = document::from_str(&text).unwrap();
    assert_eq!(doc.review, Review::default());
    let saved = document::to_string(&doc);
    assert!(saved.contains(&format!("schema_version: {}", document::SCHEMA_VERSION)));
    // Nothing reviewed yet: the review is left out of the file.
    assert!(!saved.contains("review:"), "{saved}");
    assert_eq!(document::from_str(&saved).unwrap(), doc);
    for (version, newer) in [(0, false), (document::SCHEMA_VERSION + 1, true)] {
        let other = saved.replacen(
            &format!("schema_version: {}", document::SCHEMA_VERSION),
            &format!("schema_version: {version}"),
            1,
        );
        let err = document::from_str(&other).unwrap_err();
        assert_eq!(
            matches!(err, LoadError::NewerSchema { .. }),
            newer,
            "{version}: {err}"
        );
        assert!(matches!(
            err,
            LoadError::NewerSchema { .. } | LoadError::UnknownSchema { .. }
        ));
    }
}

#[test]
fn the_review_travels_in_the_document() {
    let report = document::load(&fixtures()[0]).unwrap().report;
    let mut review = Review::default();
    let reviewer = Actor::new("李审核", Role::Reviewer);
    review
        .comment(
            CommentAnchor::Section {
                section: SectionId::Problems,
                quote: Some("“问题”与<改进>".to_owned()),
            },
            &reviewer,
            ts("2025-01-10 09:00"),
            "请写具体的改进措施",
        )
        .unwrap();
    review
        .reply(
            1,
            &Actor::new("王填报", Role::Clerk),
            ts("2025-01-11 10:00"),
            "已补充",
        )
        .unwrap();
    let doc = Document { report, review };
    let text = document::to_string(&doc);
    assert!(text.contains("review:"), "{text}");
    assert_eq!(document::from_str(&text).unwrap(), doc);
    // Unknown fields in the review are refused like anywhere else.
    let bad = text.replacen("replies:", "answers:", 1);
    let msg = document::from_str(&bad).unwrap_err().to_string();
    assert!(msg.contains("answers"), "{msg}");
}

#[test]
fn autosave_sits_beside_the_document() {
    let p = Path::new("/tmp/年报/嘉兴.ron");
    assert_eq!(
        document::autosave_path(p),
        Path::new("/tmp/年报/嘉兴.autosave.ron")
    );
}
