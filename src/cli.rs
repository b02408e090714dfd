//! The command-line tool `nianbao-cli`: create, check and convert report files without the GUI.
//!
//! `run_with` takes the arguments and the two output streams, so tests drive it without a process; the binary's
//! `main` only calls [`run`]. Exit status: 0 clean, 1 findings of severity error, 2 could not run (bad arguments,
//! unreadable or malformed files). Messages are in Chinese; command and option names are English.
//!
//! This module sits at the top of the library: it reads files ([`crate::io`]) and
//! evaluates them ([`crate::rules`]); nothing else in the crate depends on it, and it names no UI.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

use crate::clock;
use crate::export::{ApprovalLine, ExportOptions, Rendition, ReportView, ReviewSheet};
use crate::format::{FormatVersion, REPORT_YEARS, TableId};
use crate::io::document::{Backup, Document};
use crate::io::{document, interchange, open};
use crate::model::{BodyKind, Report};
use crate::overview::Summary;
use crate::review::{self, ApprovalStatus};
use crate::rules::{self, Anchor, Finding, Severity};

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Ran; no finding of severity error.
    Clean = 0,
    /// Ran; at least one finding of severity error.
    Findings = 1,
    /// Could not run: bad arguments, or a file that could not be read or written.
    Failed = 2,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> Self {
        Self::from(s as u8)
    }
}

/// The usage text (`nianbao-cli help`).
pub const USAGE: &str = "\
nianbao-cli — 政府信息公开工作年度报告（年报）命令行工具

用法：
  nianbao-cli new --year 年份 --body 机关名称 [--kind department|government] -o 文件.ron
      新建空白年报（2021年格式的完整结构）。--kind：department＝政府部门（1月31日前公开），
      government＝人民政府（3月31日前公开）；省略时按机关名称推断。不会覆盖已有文件。
  nianbao-cli check 文件.ron… [--previous 上年.ron] [--json]
      检查一个或多个年报（也可读取 JSON 交换格式），逐条列出问题；--previous 指定上一年度年报，
      启用跨年度核对；--json 以 JSON 输出。已审核通过的年报如果内容被改动（审核通过失效），按错误计。
  nianbao-cli convert 输入文件 --to json|ron [-o 输出文件]
      在 RON 文档与 JSON 交换格式（nianbao-interchange/1）之间转换；输入格式按扩展名或内容判断；
      省略 -o 时写到标准输出。
  nianbao-cli export 文件.ron --to txt|html|pdf [--fragment] [-o 输出文件]
      导出供发布的纯文本、HTML（--fragment：只输出正文片段，供粘贴到网站内容管理系统）或 PDF。
      未经审核的年报一律标为“草稿”；有“错误”级别问题的年报也只能导出草稿，并会提示。
      审核通过且内容未改动的年报导出正式版本，带审核人和审核日期。
  nianbao-cli review 文件.ron [--sheet txt|html|pdf -o 输出文件]
      显示审核状态、审核记录和未解决的批注；--sheet 导出审核意见单（批注、答复和审核记录）。
  nianbao-cli help
      显示本说明。

退出状态：0＝没有错误；1＝发现“错误”级别的问题或审核通过已失效；2＝无法运行（参数有误、文件无法读取或格式错误）。

说明：审核人、填报人只是记录在文件中的身份，不是登录认证，任何持有文件的人都可以操作；
审核通过时记录报告内容的哈希值，之后任何改动都会使审核通过失效。
";

/// Runs with the process's arguments and streams.
pub fn run() -> anyhow::Result<ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let status = run_with(args, &mut stdout.lock(), &mut stderr.lock());
    Ok(status.into())
}

/// Runs a command line (without the program name), writing results to `out` and messages to `err`.
pub fn run_with<I, S>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> Status
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let args: Vec<String> = args.into_iter().map(Into::into).collect();
    match dispatch(&args, out, err) {
        Ok(status) => status,
        Err(e) => {
            let _ = writeln!(err, "nianbao-cli：{e}");
            Status::Failed
        }
    }
}

/// An error that stops the run (exit 2), already in words for the user.
#[derive(Debug)]
struct Fail(String);

impl std::fmt::Display for Fail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn fail<T>(message: impl Into<String>) -> Result<T, Fail> {
    Err(Fail(message.into()))
}

fn io(e: &std::io::Error) -> Fail {
    Fail(format!("输出失败：{e}"))
}

fn dispatch(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Result<Status, Fail> {
    let Some((command, rest)) = args.split_first() else {
        let _ = write!(err, "{USAGE}");
        return Ok(Status::Failed);
    };
    match command.as_str() {
        "new" => new(&Args::parse(
            rest,
            &["--year", "--body", "--kind", "-o"],
            &[],
        )?),
        "check" => check(&Args::parse(rest, &["--previous"], &["--json"])?, out, err),
        "convert" => convert(&Args::parse(rest, &["--to", "-o"], &[])?, out),
        "export" => export(
            &Args::parse(rest, &["--to", "-o"], &["--fragment"])?,
            out,
            err,
        ),
        "review" => review(&Args::parse(rest, &["--sheet", "-o"], &[])?, out, err),
        "help" | "--help" | "-h" => {
            write!(out, "{USAGE}").map_err(|e| io(&e))?;
            Ok(Status::Clean)
        }
        other => fail(format!(
            "未知的命令“{other}”（可用：new、check、convert、export、review、help）\n\n{USAGE}"
        )),
    }
}

/// Parsed options and positional arguments of one command.
struct Args {
    values: Vec<(&'static str, String)>,
    flags: Vec<&'static str>,
    positional: Vec<String>,
}

impl Args {
    fn parse(
        args: &[String],
        options: &[&'static str],
        flags: &[&'static str],
    ) -> Result<Self, Fail> {
        let mut parsed = Self {
            values: Vec::new(),
            flags: Vec::new(),
            positional: Vec::new(),
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if let Some(&flag) = flags.iter().find(|f| **f == arg) {
                parsed.flags.push(flag);
            } else if let Some(&opt) = options.iter().find(|o| **o == arg) {
                let Some(value) = it.next() else {
                    return fail(format!("选项 {opt} 后面缺少取值"));
                };
                if parsed.value(opt).is_some() {
                    return fail(format!("选项 {opt} 只能给一次"));
                }
                parsed.values.push((opt, value.clone()));
            } else if arg.starts_with('-') && arg != "-" {
                let known: Vec<&str> = options.iter().chain(flags).copied().collect();
                return fail(format!(
                    "未知的选项“{arg}”（此命令可用：{}）",
                    known.join("、")
                ));
            } else {
                parsed.positional.push(arg.clone());
            }
        }
        Ok(parsed)
    }

    fn value(&self, opt: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(o, _)| *o == opt)
            .map(|(_, v)| v.as_str())
    }

    fn required(&self, opt: &str) -> Result<&str, Fail> {
        self.value(opt)
            .ok_or_else(|| Fail(format!("缺少选项 {opt}（见 nianbao-cli help）")))
    }

    fn flag(&self, flag: &str) -> bool {
        self.flags.contains(&flag)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading and writing report files

/// The two file formats `convert` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Ron,
    Json,
}

impl Target {
    fn parse(s: &str) -> Result<Self, Fail> {
        match s.to_ascii_lowercase().as_str() {
            "ron" => Ok(Self::Ron),
            "json" => Ok(Self::Json),
            other => fail(format!("--to 的取值“{other}”无法识别（应为 json 或 ron）")),
        }
    }
}

/// Reads a report file (RON document or interchange JSON, which carries no review). The error names the file and,
/// for malformed content, the line and column.
pub fn read_document(path: &Path) -> Result<Document, String> {
    open::open(path)
        .map(|o| o.document)
        .map_err(|e| e.to_string())
}

/// Reads the report of a report file, without its review.
pub fn read_report(path: &Path) -> Result<Report, String> {
    read_document(path).map(|d| d.report)
}

/// The line `check` prints for an approval that no longer matches the content.
fn void_approval_line(file: &str, summary: &Summary) -> Option<String> {
    let reason = summary.void_reason.as_deref()?;
    Some(format!(
        "{file}: 错误 审核失效 {reason}，审核通过已失效；须重新提交审核"
    ))
}

/// Writes to the file `-o` names (keeping a backup of a replaced file only for a document: an export can be made
/// again), or to standard output.
fn write_output(
    path: Option<&str>,
    bytes: &[u8],
    backup: Backup,
    out: &mut dyn Write,
) -> Result<(), Fail> {
    match path {
        None | Some("-") => out.write_all(bytes).map_err(|e| io(&e)),
        Some(p) => {
            document::write_atomic(Path::new(p), bytes, backup).map_err(|e| Fail(e.to_string()))
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Commands

fn new(args: &Args) -> Result<Status, Fail> {
    if let Some(extra) = args.positional.first() {
        return fail(format!("new 不接受参数“{extra}”（输出文件用 -o 指定）"));
    }
    let year = args.required("--year")?;
    let year: u16 = year
        .parse()
        .ok()
        .filter(|y| REPORT_YEARS.contains(y))
        .ok_or_else(|| {
            Fail(format!(
                "年份“{year}”无效（应为{}至{}之间的四位年份，如 2025）",
                REPORT_YEARS.start(),
                REPORT_YEARS.end()
            ))
        })?;
    let body = args.required("--body")?.trim();
    if body.is_empty() {
        return fail("机关名称不能为空");
    }
    let output = PathBuf::from(args.required("-o")?);
    let mut report = Report::new(body, year);
    if let Some(kind) = args.value("--kind") {
        report.meta.body_kind = Some(BodyKind::from_key(kind).ok_or_else(|| {
            Fail(format!(
                "--kind 的取值“{kind}”无法识别（应为 department 或 government）"
            ))
        })?);
    }
    if output.exists() {
        return fail(format!(
            "文件“{}”已存在，不会覆盖；请换一个文件名",
            output.display()
        ));
    }
    document::save(&output, &Document::from(report)).map_err(|e| Fail(e.to_string()))?;
    Ok(Status::Clean)
}

/// `export`: always exit 0 when the file was written; a report with errors exports as a draft, and says so.
fn export(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<Status, Fail> {
    let [input] = args.positional.as_slice() else {
        return fail("export 需要且只需要一个年报文件（见 nianbao-cli help）");
    };
    let doc = read_document(Path::new(input)).map_err(Fail)?;
    let evaluation = rules::evaluate(&doc.report, None);
    let view = ReportView::build(&doc.report, &evaluation);
    let options = ExportOptions {
        fragment: args.flag("--fragment"),
        created: None,
        approval: ApprovalLine::of(&doc.report, &doc.review),
    };
    let to = args.required("--to")?;
    let rendition = Rendition::parse(to).ok_or_else(|| {
        Fail(format!(
            "--to 的取值“{to}”无法识别（应为 txt、html 或 pdf）"
        ))
    })?;
    let bytes = rendition
        .report(&view, &options)
        .map_err(|e| Fail(e.to_string()))?;
    write_output(args.value("-o"), &bytes, Backup::None, out)?;
    if view.is_draft(&options) {
        if let Some(reason) = doc.review.void_reason(&doc.report) {
            let _ = writeln!(err, "审核通过已失效（{reason}），按草稿导出。");
        }
        let _ = writeln!(err, "{}", view.draft_notice());
    } else if let Some(a) = &options.approval {
        let _ = writeln!(
            err,
            "已审核通过（审核人：{}，{}），导出正式版本。",
            a.reviewer, a.date
        );
    }
    Ok(Status::Clean)
}

/// `review`: the review at a glance, or the review sheet with `--sheet`. Exit 1 when the approval is void.
fn review(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<Status, Fail> {
    let [input] = args.positional.as_slice() else {
        return fail("review 需要且只需要一个年报文件（见 nianbao-cli help）");
    };
    let doc = read_document(Path::new(input)).map_err(Fail)?;
    match args.value("--sheet") {
        None => {
            write!(out, "{}", review::summary(&doc.report, &doc.review)).map_err(|e| io(&e))?;
        }
        Some(to) => {
            let rendition = Rendition::parse(to).ok_or_else(|| {
                Fail(format!(
                    "--sheet 的取值“{to}”无法识别（应为 txt、html 或 pdf）"
                ))
            })?;
            if rendition == Rendition::Pdf && args.value("-o").is_none() {
                return fail("PDF 审核意见单须用 -o 指定输出文件");
            }
            let sheet = ReviewSheet::build(&doc.report, &doc.review);
            let bytes = rendition
                .sheet(&sheet, &ExportOptions::default())
                .map_err(|e| Fail(e.to_string()))?;
            write_output(args.value("-o"), &bytes, Backup::None, out)?;
            if let Some(p) = args.value("-o") {
                let _ = writeln!(err, "审核意见单已导出到 {p}");
            }
        }
    }
    Ok(
        if doc.review.approval_status(&doc.report) == ApprovalStatus::Void {
            Status::Findings
        } else {
            Status::Clean
        },
    )
}

fn convert(args: &Args, out: &mut dyn Write) -> Result<Status, Fail> {
    let [input] = args.positional.as_slice() else {
        return fail("convert 需要恰好一个输入文件（见 nianbao-cli help）");
    };
    let to = Target::parse(args.required("--to")?)?;
    let doc = read_document(Path::new(input)).map_err(Fail)?;
    let (text, backup) = match to {
        Target::Json => (interchange::to_json(&doc.report), Backup::None),
        Target::Ron => (document::to_string(&doc), Backup::Keep),
    };
    write_output(args.value("-o"), text.as_bytes(), backup, out)?;
    Ok(Status::Clean)
}

fn check(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<Status, Fail> {
    if args.positional.is_empty() {
        return fail("check 需要至少一个年报文件（见 nianbao-cli help）");
    }
    let previous = args
        .value("--previous")
        .map(|p| read_report(Path::new(p)))
        .transpose()
        .map_err(|e| Fail(format!("上一年度年报（--previous）{e}")))?;
    let as_json = args.flag("--json");
    let today = clock::today();
    let mut unreadable = false;
    let mut any_error = false;
    let mut totals = [0_usize; 3];
    let mut explained = 0;
    let mut json_files = Vec::new();
    for file in &args.positional {
        let path = Path::new(file);
        let doc = match read_document(path) {
            Ok(d) => d,
            Err(message) => {
                unreadable = true;
                if as_json {
                    json_files.push(json!({ "file": file, "error": message }));
                }
                writeln!(err, "{message}").map_err(|e| io(&e))?;
                continue;
            }
        };
        let report = &doc.report;
        let (summary, eval) = Summary::check(&doc, previous.as_ref(), today);
        let name = path
            .file_name()
            .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
        let void = void_approval_line(&name, &summary);
        any_error |= summary.has_errors();
        for f in &eval.findings {
            totals[severity_index(f.severity)] += 1;
            explained += usize::from(f.is_explained());
        }
        if as_json {
            let findings: Vec<Value> = eval
                .findings
                .iter()
                .map(|f| finding_json(report, f))
                .collect();
            let approval = match summary.approval {
                ApprovalStatus::None => "none",
                ApprovalStatus::Valid => "valid",
                ApprovalStatus::Void => "void",
            };
            json_files.push(json!({
                "file": file,
                "title": summary.title,
                "year": summary.year,
                "review_state": summary.state.label(),
                "approval": approval,
                "deadline": summary.deadline.to_string(),
                "deadline_status": summary.deadline_status.describe(summary.deadline),
                "findings": findings,
            }));
        } else {
            if let Some(line) = &void {
                writeln!(out, "{line}").map_err(|e| io(&e))?;
            }
            for f in &eval.findings {
                writeln!(out, "{}", finding_line(&name, f)).map_err(|e| io(&e))?;
            }
        }
    }
    if as_json {
        let text = serde_json::to_string_pretty(&Value::Array(json_files))
            .map_err(|e| Fail(e.to_string()))?;
        writeln!(out, "{text}").map_err(|e| io(&e))?;
    } else {
        let [notices, warnings, errors] = totals;
        writeln!(
            out,
            "共检查{}个文件：错误{errors}条，警告{warnings}条，提示{notices}条（其中已说明{explained}条）{}",
            args.positional.len(),
            if unreadable { "；有文件无法读取" } else { "" }
        )
        .map_err(|e| io(&e))?;
    }
    Ok(if unreadable {
        Status::Failed
    } else if any_error {
        Status::Findings
    } else {
        Status::Clean
    })
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Notice => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

/// `jiaxing-2024.ron: 错误 T3-BALANCE 表三“自然人”列：……`, with the clerk's explanation when there is one.
pub fn finding_line(file: &str, f: &Finding) -> String {
    let mut line = format!(
        "{file}: {} {} {}",
        f.severity.label(),
        f.rule.id(),
        f.message
    );
    if let Some(e) = f.explanation.as_deref().filter(|_| f.is_explained()) {
        let _ = write!(line, "（已说明：{e}）");
    }
    line
}

/// A finding for `check --json`: anchors by the format's stable keys and with their printed names.
fn finding_json(report: &Report, f: &Finding) -> Value {
    json!({
        "rule": f.rule.id(),
        "severity": f.severity.key(),
        "anchors": f.anchors.iter().map(|a| anchor_json(report.format, a)).collect::<Vec<_>>(),
        "expected": f.expected,
        "actual": f.actual,
        "message": f.message,
        "explained": f.is_explained(),
        "explanation": f.explanation,
    })
}

fn anchor_json(format: FormatVersion, anchor: &Anchor) -> Value {
    match anchor {
        Anchor::Cell(cell) => {
            let (r, c) = (cell.row(), cell.col());
            let (table, row, column) = match cell.table {
                TableId::T2 => {
                    let def = format.table2();
                    let row = def.rows.get(r);
                    (
                        crate::format::SectionId::Proactive.def().key,
                        row.map(|x| x.key),
                        row.and_then(|x| x.fields.get(c)).map(|f| f.key),
                    )
                }
                t => {
                    let def = if t == TableId::T3 {
                        format.table3()
                    } else {
                        format.table4()
                    };
                    (
                        t.section().def().key,
                        def.rows.get(r).map(|x| x.key),
                        def.columns.get(c).map(|x| x.key),
                    )
                }
            };
            let name = format.cell_name(*cell);
            json!({ "cell": { "table": table, "row": row, "column": column, "name": name } })
        }
        Anchor::Section(s) => json!({ "section": s.def().key, "title": s.title() }),
        Anchor::Text { field, start, end } => {
            json!({ "text": { "field": format!("{field:?}"), "start": start, "end": end } })
        }
        Anchor::Meta(m) => json!({ "meta": format!("{m:?}") }),
        Anchor::Fee(f) => json!({ "fee": format!("{f:?}") }),
    }
}
