//! The report on disk: a RON document `(schema_version: N, report: (...), review: (...))`, saved atomically and
//! loaded strictly. The review (state, history, comments, approval) travels in the same file, beside the report and
//! never inside it, so that the approval hash covers the content and nothing else.
//!
//! Saving writes `FILE.tmp` beside the target, flushes and syncs it, keeps the previous `FILE` as `FILE.bak`
//! (`报告.ron` → `报告.ron.bak`) when asked to ([`Backup`]: the user's document, not autosave copies or exports) and
//! renames the temporary file over `FILE`: a crash leaves either the old or the new document, never half of one. Loading refuses what it does not understand (unknown fields, malformed RON) with
//! a message in Chinese that gives line and column, refuses documents from a newer schema and reads older ones by
//! their own types, converting them forward ([`from_str`]).
//!
//! This module knows the model and the review record and nothing above them (no exporters, no UI).

use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::{Deserialize, Serialize};

use crate::model::Report;
use crate::review::Review;

/// The schema version this build writes. Bump it together with a reader for the previous version in [`from_str`].
///
/// 1. The report alone.
/// 2. The review record beside it (`review`, omitted while nothing was reviewed).
/// 3. The approval names how its content hash was computed (`scheme`; absent: the RON form of schema 2), and a
///    transition can be recorded by the system (`role: System`). A schema-2 file reads as schema 3.
pub const SCHEMA_VERSION: u32 = 3;

/// A report file: the report and its review.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The report itself: what the approval hash covers.
    pub report: Report,
    /// Its review: state, history, comments and approval; the default while nothing was reviewed.
    pub review: Review,
}

impl From<Report> for Document {
    /// A report that has not been reviewed yet.
    fn from(report: Report) -> Self {
        Self {
            report,
            review: Review::default(),
        }
    }
}

/// The document as read: a header with the schema version, then the report and the review.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Repr {
    #[serde(rename = "schema_version")]
    _schema_version: u32,
    report: Report,
    #[serde(default)]
    review: Review,
}

/// The document as written; the review is left out while nothing was reviewed.
#[derive(Serialize)]
struct ReprRef<'a> {
    schema_version: u32,
    report: &'a Report,
    #[serde(skip_serializing_if = "is_unreviewed")]
    review: &'a Review,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes the field by reference
fn is_unreviewed(review: &&Review) -> bool {
    **review == Review::default()
}

/// A version-1 document: the report alone. Read as strictly as the current schema; the report's shape is the same.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct V1 {
    #[serde(rename = "schema_version")]
    _schema_version: u32,
    report: Report,
}

/// Only the header, to decide how to read the rest (current, older to convert, newer to refuse).
#[derive(Deserialize)]
struct Probe {
    schema_version: u32,
    #[serde(rename = "report")]
    _report: serde::de::IgnoredAny,
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read (missing, no permission, not UTF-8, …).
    #[error("无法读取文件“{}”：{}", path.display(), super::describe(source))]
    Io {
        /// The file asked for.
        path: PathBuf,
        /// What the system said, described for the clerk by [`super::describe`].
        source: std::io::Error,
    },
    /// Malformed or unexpected content, at a line and column (1-based).
    #[error("第{line}行第{column}列：{message}")]
    Syntax {
        /// Line of the first problem, from 1.
        line: usize,
        /// Column of the first problem, from 1.
        column: usize,
        /// What is wrong there, in Chinese.
        message: String,
    },
    /// Saved by a newer nianbao (a higher `schema_version` than [`SCHEMA_VERSION`]): refused rather than read
    /// partly, so that nothing is lost by saving it again.
    #[error("此文件由较新版本的年报软件保存（格式版本{found}），请升级软件后再打开")]
    NewerSchema {
        /// The file's `schema_version`.
        found: u32,
    },
    /// A `schema_version` no nianbao ever wrote (0).
    #[error("文件的格式版本{found}无法识别（本软件支持1至{SCHEMA_VERSION}）")]
    UnknownSchema {
        /// The file's `schema_version`.
        found: u32,
    },
}

/// Why a document could not be saved. The previous file is intact in every case.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The temporary file beside the target could not be written, flushed or synced.
    #[error("无法写入临时文件“{}”：{}", path.display(), super::describe(source))]
    Write {
        /// The temporary file (`FILE.tmp`).
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The previous version could not be copied to `FILE.bak`; the target was not replaced.
    #[error("无法保留上一版本为“{}”：{}", path.display(), super::describe(source))]
    Backup {
        /// The backup file (`FILE.bak`).
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The temporary file could not be renamed over the target.
    #[error("无法用新文件替换“{}”：{}", path.display(), super::describe(source))]
    Replace {
        /// The target file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The document could not be turned into RON (the serialiser's message); nothing was written.
    #[error("无法生成文件内容：{0}")]
    Serialize(String),
}

fn pretty() -> PrettyConfig {
    PrettyConfig::new()
        .struct_names(false)
        .extensions(Extensions::IMPLICIT_SOME)
        .indentor("    ")
        .compact_arrays(true)
}

/// The text of a document (RON, starting with `#![enable(implicit_some)]`).
pub fn to_string(doc: &Document) -> String {
    try_to_string(doc).unwrap_or_else(|e| format!("// {e}\n"))
}

fn try_to_string(doc: &Document) -> Result<String, SaveError> {
    let repr = ReprRef {
        schema_version: SCHEMA_VERSION,
        report: &doc.report,
        review: &doc.review,
    };
    let mut text = ron::ser::to_string_pretty(&repr, pretty())
        .map_err(|e| SaveError::Serialize(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// Reads a document: each schema version by its own strict type, converted forward to the current [`Document`].
///
/// Older versions are read as typed structures, not as a generic RON value: a generic value loses enum variant names,
/// so it could not be converted back into the model.
pub fn from_str(text: &str) -> Result<Document, LoadError> {
    let options = ron::Options::default();
    let probe: Probe = options.from_str(text).map_err(syntax_error)?;
    match probe.schema_version {
        // Version 3 only added fields with defaults and an enum variant: version 2 reads by the same type.
        2 | SCHEMA_VERSION => {
            let repr: Repr = options.from_str(text).map_err(syntax_error)?;
            Ok(Document {
                report: repr.report,
                review: repr.review,
            })
        }
        // Version 2 added the review beside the report; a version-1 report has not been reviewed.
        1 => {
            let v1: V1 = options.from_str(text).map_err(syntax_error)?;
            Ok(Document::from(v1.report))
        }
        v if v > SCHEMA_VERSION => Err(LoadError::NewerSchema { found: v }),
        v => Err(LoadError::UnknownSchema { found: v }),
    }
}

/// Reads a document from a file.
pub fn load(path: &Path) -> Result<Document, LoadError> {
    let text = fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    from_str(&text)
}

/// Saves the user's document atomically, keeping the previous version as `FILE.bak`.
pub fn save(path: &Path, doc: &Document) -> Result<(), SaveError> {
    write_atomic(path, try_to_string(doc)?.as_bytes(), Backup::Keep)
}

/// Saves a copy of unsaved work (autosave) atomically, without a backup of the copy it replaces.
pub fn save_copy(path: &Path, doc: &Document) -> Result<(), SaveError> {
    write_atomic(path, try_to_string(doc)?.as_bytes(), Backup::None)
}

/// Whether [`write_atomic`] keeps the file it replaces as `FILE.bak`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backup {
    /// The user's document: the previous version is kept, one step back.
    Keep,
    /// A file that can be made again (an export, an autosave copy): no backup litter.
    None,
}

/// Writes `bytes` to `path` the way [`save`] does: temporary file, flush and sync, the previous version kept as
/// `FILE.bak` if `backup` says so, rename over. Also used for the interchange JSON and exports.
pub fn write_atomic(path: &Path, bytes: &[u8], backup: Backup) -> Result<(), SaveError> {
    let tmp = sibling(path, "tmp");
    let write = || -> std::io::Result<()> {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.flush()?;
        file.sync_all()
    };
    if let Err(source) = write() {
        let _ = fs::remove_file(&tmp);
        return Err(SaveError::Write { path: tmp, source });
    }
    if backup == Backup::Keep && path.exists() {
        // A copy, not a rename: the target stays in place until the new version replaces it.
        let bak = backup_path(path);
        if let Err(source) = fs::copy(path, &bak) {
            let _ = fs::remove_file(&tmp);
            return Err(SaveError::Backup { path: bak, source });
        }
    }
    if let Err(source) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(SaveError::Replace {
            path: path.to_path_buf(),
            source,
        });
    }
    sync_parent(path);
    Ok(())
}

/// Makes the rename durable where the platform allows syncing a directory (best effort: the data is already safe
/// in the file itself).
fn sync_parent(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// `报告.ron` → `报告.ron.<suffix>` in the same folder.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(ToOwned::to_owned).unwrap_or_default();
    name.push(".");
    name.push(suffix);
    path.with_file_name(name)
}

/// Where [`save`] keeps the previous version: `报告.ron` → `报告.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    sibling(path, "bak")
}

/// Where the editor autosaves unsaved work on a document, beside it: `报告.ron` → `报告.autosave.ron`.
pub fn autosave_path(path: &Path) -> PathBuf {
    let stem = path.file_stem().map(ToOwned::to_owned).unwrap_or_default();
    let mut name = stem;
    name.push(".autosave.");
    name.push(
        path.extension()
            .unwrap_or_else(|| std::ffi::OsStr::new("ron")),
    );
    path.with_file_name(name)
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(syntax_error)`
fn syntax_error(e: ron::error::SpannedError) -> LoadError {
    LoadError::Syntax {
        line: e.span.start.line,
        column: e.span.start.col,
        message: translate(&e.code),
    }
}

/// A list of field names for a message: `“a”、“b”`.
fn names(list: &[&str]) -> String {
    list.iter()
        .map(|n| format!("“{n}”"))
        .collect::<Vec<_>>()
        .join("、")
}

fn within(outer: Option<&str>) -> String {
    outer.map_or_else(String::new, |o| format!("（在“{o}”中）"))
}

/// The common ron errors in words a clerk can act on; our own messages (serde custom errors) pass through.
fn translate(e: &ron::Error) -> String {
    use ron::Error as E;
    match e {
        E::Message(m) | E::Io(m) => m.clone(),
        E::Eof => "文件意外结束（可能缺少右括号或引号）".to_owned(),
        E::UnexpectedChar(c) => format!("意外的字符“{c}”"),
        E::TrailingCharacters => "文档结束后还有多余的内容".to_owned(),
        E::ExpectedArray => "此处应为列表“[”".to_owned(),
        E::ExpectedArrayEnd => "此处应为列表结束“]”".to_owned(),
        E::ExpectedComma => "此处应为逗号“,”".to_owned(),
        E::ExpectedMap => "此处应为映射“{”".to_owned(),
        E::ExpectedMapColon => "此处应为冒号“:”".to_owned(),
        E::ExpectedMapEnd => "此处应为映射结束“}”".to_owned(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => "此处应为结构“(”".to_owned(),
        E::ExpectedStructLikeEnd => "此处应为结构结束“)”".to_owned(),
        E::ExpectedString => "此处应为带引号的文字".to_owned(),
        E::ExpectedStringEnd => "文字缺少结束引号".to_owned(),
        E::ExpectedInteger => "此处应为整数".to_owned(),
        E::ExpectedFloat => "此处应为数字".to_owned(),
        E::ExpectedBoolean => "此处应为 true 或 false".to_owned(),
        E::ExpectedOption => "此处应为 Some(…) 或 None".to_owned(),
        E::ExpectedOptionEnd => "Some(…) 缺少右括号".to_owned(),
        E::ExpectedUnit => "此处应为 ()".to_owned(),
        E::ExpectedIdentifier => "此处应为字段名".to_owned(),
        E::ExpectedChar => "此处应为字符".to_owned(),
        E::ExpectedAttribute | E::ExpectedAttributeEnd => {
            "文件开头的 #![enable(…)] 写法有误".to_owned()
        }
        E::NoSuchExtension(x) => format!("未知的扩展“{x}”"),
        E::IntegerOutOfBounds => "整数超出允许范围".to_owned(),
        E::InvalidIntegerDigit { digit, .. } => format!("整数中有无效的数字“{digit}”"),
        E::InvalidEscape(what) => format!("无效的转义序列（{what}）"),
        E::UnclosedBlockComment => "注释 /* 没有结束".to_owned(),
        E::UnderscoreAtBeginning | E::FloatUnderscore => "数字不能以下划线开头".to_owned(),
        E::Utf8Error(_) => "文件不是有效的 UTF-8 文本".to_owned(),
        E::InvalidValueForType { expected, found } => {
            format!("此处的值 {found} 类型不对（应为 {expected}）")
        }
        E::ExpectedDifferentLength { expected, found } => {
            format!("长度不对：应为{expected}，实有{found}个")
        }
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => format!(
            "未知的取值“{found}”{}，可用的取值：{}",
            within(outer.as_deref()),
            names(expected)
        ),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "未知字段“{found}”{}，可用的字段：{}",
            within(outer.as_deref()),
            names(expected)
        ),
        E::MissingStructField { field, outer } => {
            format!("缺少字段“{field}”{}", within(outer.as_deref()))
        }
        E::DuplicateStructField { field, outer } => {
            format!("字段“{field}”重复出现{}", within(outer.as_deref()))
        }
        E::ExceededRecursionLimit => "嵌套层次过深".to_owned(),
        other => format!("格式错误（{other}）"),
    }
}
