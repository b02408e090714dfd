//! `nianbao-cli`: new → check, check on the fixtures, malformed files, convert round trips, the JSON shape.

use std::fs;
use std::path::Path;

use nianbao::cli::{self, Status};
use nianbao::format::{FormatVersion, REPORT_YEARS};
use nianbao::io::{document, interchange};
use serde_json::Value;

use crate::persist::fixtures;

/// Runs the CLI in-process: (status, stdout, stderr).
pub fn run(args: &[&str]) -> (Status, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = cli::run_with(args.iter().copied(), &mut out, &mut err);
    (
        status,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn new_then_check() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new.ron");
    let (status, _, err) = run(&[
        "new",
        "--year",
        "2025",
        "--body",
        "某某局",
        "--kind",
        "government",
        "-o",
        path_str(&file),
    ]);
    assert_eq!(status, Status::Clean, "{err}");
    let report = document::load(&file).unwrap().report;
    assert_eq!(report.meta.year, 2025);
    assert_eq!(report.meta.body, "某某局");
    assert_eq!(
        report.meta.body_kind,
        Some(nianbao::model::BodyKind::Government)
    );
    assert_eq!(
        report.table3.rows.len(),
        FormatVersion::V2021.table3().rows.len()
    );

    // A blank report runs through check; the summary line names the count of files.
    let (status, out, err) = run(&["check", path_str(&file)]);
    assert_ne!(status, Status::Failed, "{err}");
    assert!(
        out.lines().last().unwrap().starts_with("共检查1个文件"),
        "{out}"
    );

    // `new` never overwrites.
    let (status, _, err) = run(&[
        "new",
        "--year",
        "2025",
        "--body",
        "某某局",
        "-o",
        path_str(&file),
    ]);
    assert_eq!(status, Status::Failed);
    assert!(err.contains("已存在"), "{err}");
}

#[test]
fn new_accepts_exactly_the_years_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let first = *REPORT_YEARS.start();
    for year in [
        first - 1,
        first,
        *REPORT_YEARS.end(),
        REPORT_YEARS.end() + 1,
    ] {
        let file = dir.path().join(format!("{year}.ron"));
        let year_text = year.to_string();
        let (status, _, err) = run(&[
            "new",
            "--year",
            &year_text,
            "--body",
            "某某局",
            "-o",
            path_str(&file),
        ]);
        if !REPORT_YEARS.contains(&year) {
            assert_eq!(status, Status::Failed, "{year}");
            assert!(err.contains(&first.to_string()), "{err}");
            assert!(!file.exists());
            continue;
        }
        assert_eq!(status, Status::Clean, "{year}: {err}");
        let (_, out, _) = run(&["check", path_str(&file)]);
        assert!(!out.contains("报告年度"), "{year}: {out}");
    }
}

#[test]
fn bad_arguments_exit_2_with_a_chinese_message() {
    for args in [
        &["frobnicate"][..],
        &[
            "new",
            "--year",
            "二〇二五",
            "--body",
            "某某局",
            "-o",
            "x.ron",
        ],
        &["new", "--body", "某某局", "-o", "x.ron"],
        &["check"],
        &["check", "--bogus", "a.ron"],
        &["convert", "a.ron", "--to", "xml"],
        &[],
    ] {
        let (status, _, err) = run(args);
        assert_eq!(status, Status::Failed, "{args:?}");
        assert!(!err.is_empty(), "{args:?}");
    }
    let (status, out, _) = run(&["help"]);
    assert_eq!(status, Status::Clean);
    assert!(out.contains("用法") && out.contains("convert"), "{out}");
}

#[test]
fn check_on_the_fixtures_exits_0() {
    let files: Vec<String> = fixtures().iter().map(|p| path_str(p).to_owned()).collect();
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let (status, out, err) = run(&args);
    assert_eq!(status, Status::Clean, "{out}{err}");
    assert!(
        out.contains(&format!("共检查{}个文件：错误0条", files.len())),
        "{out}"
    );
}

#[test]
fn check_json_lists_findings_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.ron");
    let mut report = document::load(&fixtures()[0]).unwrap().report;
    let first = report.table3.get(0, 0).unwrap_or(0);
    report.table3.set(0, 0, Some(first + 1));
    document::save(&file, &report.into()).unwrap();
    let (status, out, err) = run(&["check", path_str(&file), "--json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let files = v.as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["file"], path_str(&file));
    let findings = files[0]["findings"].as_array().unwrap();
    for f in findings {
        for key in [
            "rule",
            "severity",
            "anchors",
            "expected",
            "actual",
            "message",
            "explained",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
    let has_error = findings.iter().any(|f| f["severity"] == "error");
    assert_eq!(
        status,
        if has_error {
            Status::Findings
        } else {
            Status::Clean
        },
        "{err}"
    );
}

#[test]
fn malformed_ron_exits_2_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.ron");
    fs::write(
        &file,
        "#![enable(implicit_some)]\n(\n    schema_version: 1,\n    report: (\n        format: V2021\n        meta: (),\n    ),\n)\n",
    )
    .unwrap();
    let (status, _, err) = run(&["check", path_str(&file)]);
    assert_eq!(status, Status::Failed);
    assert!(
        err.contains("bad.ron：第6行第") && err.contains("列："),
        "{err}"
    );

    // The built binary says the same and exits 2.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao-cli"))
        .args(["check", path_str(&file)])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("第6行第"));
}

#[test]
fn convert_round_trips_every_fixture_identically() {
    let dir = tempfile::tempdir().unwrap();
    for fixture in fixtures() {
        let original = document::load(&fixture).unwrap();
        let stem = fixture.file_stem().unwrap().to_str().unwrap();
        let json = dir.path().join(format!("{stem}.json"));
        let ron = dir.path().join(format!("{stem}.back.ron"));
        let (status, _, err) = run(&[
            "convert",
            path_str(&fixture),
            "--to",
            "json",
            "-o",
            path_str(&json),
        ]);
        assert_eq!(status, Status::Clean, "{err}");
        let (status, _, err) = run(&[
            "convert",
            path_str(&json),
            "--to",
            "ron",
            "-o",
            path_str(&ron),
        ]);
        assert_eq!(status, Status::Clean, "{err}");
        assert_eq!(document::load(&ron).unwrap(), original, "{stem}");
        assert_eq!(
            fs::read_to_string(&ron).unwrap(),
            document::to_string(&original),
            "{stem}"
        );
        assert_interchange_shape(
            &serde_json::from_str(&fs::read_to_string(&json).unwrap()).unwrap(),
        );
    }
}

#[test]
fn convert_detects_json_by_content_and_writes_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = &fixtures()[0];
    let report = document::load(fixture).unwrap().report;
    let file = dir.path().join("report.txt");
    fs::write(&file, interchange::to_json(&report)).unwrap();
    let (status, out, err) = run(&["convert", path_str(&file), "--to", "ron"]);
    assert_eq!(status, Status::Clean, "{err}");
    assert_eq!(document::from_str(&out).unwrap().report, report);
}

/// The shape INTERCHANGE.md gives, keys taken from the format definition.
fn assert_interchange_shape(v: &Value) {
    assert_eq!(v["schema"], "nianbao-interchange/1");
    let format = FormatVersion::from_key(v["format"].as_str().unwrap()).unwrap();
    assert!(v["body"].is_string() && v["year"].is_u64());
    for key in [
        "body_kind",
        "published",
        "portal",
        "address",
        "postcode",
        "phone",
        "email",
    ] {
        assert!(v["meta"].get(key).is_some(), "meta.{key}");
    }
    for row in format.table2().rows {
        for field in row.fields {
            assert!(
                v["table2"][row.key].get(field.key).is_some(),
                "table2.{}.{}",
                row.key,
                field.key
            );
        }
    }
    for (table, def) in [("table3", format.table3()), ("table4", format.table4())] {
        let obj = v[table].as_object().unwrap();
        assert_eq!(obj.len(), def.rows.len(), "{table}");
        for row in def.rows {
            let cells = obj[row.key].as_array().unwrap();
            assert_eq!(cells.len(), def.columns.len(), "{table}.{}", row.key);
            assert!(cells.iter().all(|c| c.is_u64() || c.is_null()));
        }
    }
    if format == FormatVersion::V2021 {
        assert_eq!(v["table3"]["new_received"].as_array().unwrap().len(), 7);
        assert_eq!(v["table4"]["review"].as_array().unwrap().len(), 5);
    }
    for key in ["general", "problems", "other"] {
        assert!(v["sections"].get(key).is_some(), "sections.{key}");
    }
    for key in ["notices_issued", "notices_amount_yuan", "collected_yuan"] {
        assert!(v["fee_statement"].get(key).is_some(), "fee_statement.{key}");
    }
}

#[test]
fn interchange_from_another_program_without_extra_keeps_the_text() {
    let report = document::load(&fixtures()[0]).unwrap().report;
    let mut v: Value = serde_json::from_str(&interchange::to_json(&report)).unwrap();
    v.as_object_mut().unwrap().remove("extra");
    let back = interchange::from_value(&v).unwrap();
    assert_eq!(back.table3, report.table3);
    assert_eq!(back.table2, report.table2);
    assert_eq!(back.general.full_text(), report.general.full_text());
    assert_eq!(back.other.full_text(), report.other.full_text());
    assert_eq!(back.problems, report.problems);
}
