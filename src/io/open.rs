//! Opening any file a user hands over, for the CLI and the window alike: what kind of file it is, and the document in
//! it, or a message in Chinese that names the file and, for malformed content, the line and column.
//!
//! A report travels as nianbao's own document (RON, with its review) or as the JSON interchange format (the report
//! alone). A published report (PDF, Word, a saved web page) is recognised by its content and named, so that the clerk
//! learns what the file is rather than reading a parser's complaint about its first byte.

use std::path::{Path, PathBuf};

use super::document::{self, Document, LoadError};
use super::interchange::{self, InterchangeError};

/// What a file holds, as far as opening it is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// nianbao's document: `.ron`, the report and its review.
    Document,
    /// The JSON interchange format `nianbao-interchange/1`: the report without its review.
    Interchange,
    /// A PDF document (a published report, not something nianbao reads as a report file).
    Pdf,
    /// A Word document (`.docx`, or the old binary `.doc`).
    Word,
    /// A web page.
    Html,
}

impl FileKind {
    /// What the clerk calls files of this kind.
    pub fn label(self) -> &'static str {
        match self {
            Self::Document => "年报文件",
            Self::Interchange => "JSON 交换格式文件",
            Self::Pdf => "PDF 文档",
            Self::Word => "Word 文档",
            Self::Html => "网页",
        }
    }

    /// Decides by content where the content is unmistakable (a PDF, a Word file, a web page, a JSON object), else by
    /// the extension, else it is taken for a document (whose reader then says precisely what is wrong).
    pub fn detect(path: &Path, bytes: &[u8]) -> Self {
        let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let start = &start[start.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        let head: Vec<u8> = start.iter().take(64).map(u8::to_ascii_lowercase).collect();
        if head.starts_with(b"%pdf-") {
            return Self::Pdf;
        }
        // A .docx is a zip archive; a .doc an OLE compound file.
        if head.starts_with(b"pk\x03\x04") || head.starts_with(b"\xd0\xcf\x11\xe0") {
            return Self::Word;
        }
        if head.starts_with(b"<!doctype html") || head.starts_with(b"<html") {
            return Self::Html;
        }
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("json") => Self::Interchange,
            Some("ron") => Self::Document,
            Some("pdf") => Self::Pdf,
            Some("doc" | "docx") => Self::Word,
            Some("htm" | "html") => Self::Html,
            _ if head.starts_with(b"{") => Self::Interchange,
            _ => Self::Document,
        }
    }

    /// Whether nianbao reads this kind as a report file.
    pub fn is_report_file(self) -> bool {
        matches!(self, Self::Document | Self::Interchange)
    }
}

/// A file that was opened: its document and what kind of file held it.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    /// The report and its review (an unreviewed one for interchange JSON).
    pub document: Document,
    /// Document or interchange JSON: whether saving may write back to the file (JSON is saved as a new document).
    pub kind: FileKind,
}

/// Why a file could not be opened. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The file could not be read at all.
    #[error("{}：无法读取文件：{}", path.display(), super::describe(source))]
    Io {
        /// The file asked for.
        path: PathBuf,
        /// What the system said, described for the clerk by [`super::describe`].
        source: std::io::Error,
    },
    /// The content is not UTF-8, so neither a document nor interchange JSON.
    #[error("{}：文件不是有效的 UTF-8 文本，不是年报文件", path.display())]
    NotText {
        /// The file.
        path: PathBuf,
    },
    /// A file of another kind, such as a published PDF: named rather than parsed.
    #[error("{}：这是{}，不是年报文件（.ron）或 JSON 交换格式文件（.json）", path.display(), kind.label())]
    NotAReportFile {
        /// The file.
        path: PathBuf,
        /// What it was recognised as.
        kind: FileKind,
    },
    /// A document that its reader refused (malformed RON, unknown fields, a newer schema).
    #[error("{}：{error}", path.display())]
    Document {
        /// The file.
        path: PathBuf,
        /// Why, with line and column where there are some.
        error: LoadError,
    },
    /// Interchange JSON that its reader refused (malformed JSON, a value of the wrong type).
    #[error("{}：{error}", path.display())]
    Interchange {
        /// The file.
        path: PathBuf,
        /// Why, naming the key or the line and column.
        error: InterchangeError,
    },
}

/// Reads a report file: a document (with its review) or interchange JSON (without one).
pub fn open(path: &Path) -> Result<Opened, OpenError> {
    let bytes = std::fs::read(path).map_err(|source| OpenError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    from_bytes(path, &bytes)
}

/// Reads a report file's content; `path` names it in messages and its extension helps decide its kind.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Opened, OpenError> {
    let kind = FileKind::detect(path, bytes);
    if !kind.is_report_file() {
        return Err(OpenError::NotAReportFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| OpenError::NotText {
        path: path.to_path_buf(),
    })?;
    let document = match kind {
        FileKind::Interchange => {
            interchange::from_json(text)
                .map(Document::from)
                .map_err(|error| OpenError::Interchange {
                    path: path.to_path_buf(),
                    error,
                })?
        }
        _ => document::from_str(text).map_err(|error| OpenError::Document {
            path: path.to_path_buf(),
            error,
        })?,
    };
    Ok(Opened { document, kind })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_by_content_before_the_extension() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(FileKind::detect(&p("a.ron"), b"%PDF-1.7\n"), FileKind::Pdf);
        assert_eq!(
            FileKind::detect(&p("a.json"), b"PK\x03\x04rest"),
            FileKind::Word
        );
        assert_eq!(
            FileKind::detect(&p("a.txt"), b"\xEF\xBB\xBF  <!DOCTYPE html><html>"),
            FileKind::Html
        );
        assert_eq!(
            FileKind::detect(&p("report"), b" {\"format\":"),
            FileKind::Interchange
        );
        assert_eq!(FileKind::detect(&p("a.json"), b"[]"), FileKind::Interchange);
        assert_eq!(
            FileKind::detect(&p("a"), b"#![enable(implicit_some)]"),
            FileKind::Document
        );
        assert_eq!(FileKind::detect(&p("a.doc"), b""), FileKind::Word);
    }

    #[test]
    fn a_published_report_is_named_not_parsed() {
        let err = from_bytes(Path::new("/tmp/年报.pdf"), b"%PDF-1.4\n%\xE2\xE3").unwrap_err();
        assert_eq!(
            err.to_string(),
            "/tmp/年报.pdf：这是PDF 文档，不是年报文件（.ron）或 JSON 交换格式文件（.json）"
        );
        let err = from_bytes(Path::new("x.ron"), b"\xFF\xFE(").unwrap_err();
        assert!(err.to_string().contains("不是有效的 UTF-8"), "{err}");
        let err = open(Path::new("/nonexistent/年报.ron")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/nonexistent/年报.ron：无法读取文件：文件或文件夹不存在"
        );
    }
}
