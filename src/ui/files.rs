//! Reading and writing report files for the editor until `crate::persist` (helper "files") lands on main; then this
//! shim is deleted and the editor calls `crate::persist` with the same four functions and `autosave_path`.
//!
//! The on-disk shape is the agreed one: `#![enable(implicit_some)]` then `(schema_version: 1, report: (...))`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Report;

const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct FileRef<'a> {
    schema_version: u32,
    report: &'a Report,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOwned {
    schema_version: u32,
    report: Report,
}

/// The report as the text of a `.ron` file.
pub fn to_string(report: &Report) -> String {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    ron::ser::to_string_pretty(
        &FileRef {
            schema_version: SCHEMA_VERSION,
            report,
        },
        config,
    )
    .unwrap_or_default()
}

/// Reads a report from the text of a `.ron` file; the error is for the clerk.
pub fn from_str(text: &str) -> Result<Report, String> {
    let file: FileOwned =
        ron::Options::default()
            .from_str(text)
            .map_err(|e| format!("文件格式有误（第{}行第{}列）：{}", e.span.start.line, e.span.start.col, e.code))?;
    if file.schema_version != SCHEMA_VERSION {
        return Err(format!(
            "文件版本为{}，本程序只能读取版本{SCHEMA_VERSION}",
            file.schema_version
        ));
    }
    Ok(file.report)
}

pub fn load(path: &Path) -> Result<Report, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("无法读取“{}”：{e}", path.display()))?;
    from_str(&text).map_err(|e| format!("“{}”{e}", path.display()))
}

/// Writes to a temporary file beside `path`, then renames it over `path`; the previous version is kept as `.bak`.
pub fn save(path: &Path, report: &Report) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("无法保存到“{}”：{e}", path.display());
    let tmp = with_suffix(path, ".tmp");
    {
        use std::io::Write as _;
        let mut f = std::fs::File::create(&tmp).map_err(fail)?;
        f.write_all(to_string(report).as_bytes()).map_err(fail)?;
        f.sync_all().map_err(fail)?;
    }
    if path.exists() {
        std::fs::copy(path, with_suffix(path, ".bak")).map_err(fail)?;
    }
    std::fs::rename(&tmp, path).map_err(fail)
}

/// Where the editor keeps its periodic autosave copy of the report saved at `path`.
pub fn autosave_path(path: &Path) -> PathBuf {
    with_suffix(path, ".autosave")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}
