//! HTML export for the portal: a standalone page (embedded CSS with a print stylesheet, no external resources) or
//! a fragment to paste into a CMS.
//!
//! The tables reproduce the statutory merged-cell geometry from the [`TableView`]s (colspan/rowspan), with a
//! `<caption>`, `<th scope>` and, on every data cell, `headers` naming each header above and left of it, so a
//! screen reader announces `三、本年度办理结果 （三）不予公开 1.属于国家秘密 自然人`. Every piece of text is escaped.

use std::fmt::Write as _;

use super::{Block, CellKind, ExportError, ExportOptions, ReportView, ReviewSheet, TableView};
use crate::format::TableId;

/// Stylesheet of the standalone page: screen, then print after GB/T 9704 (A4, margins 37/26/35/28 mm).
const CSS: &str = "\
body{margin:0;background:#f4f4f4;color:#111;font-family:\"Noto Serif SC\",\"Source Han Serif SC\",\"Songti SC\",SimSun,serif;font-size:16px;line-height:1.8}
.nianbao-report{max-width:60em;margin:0 auto;padding:2em 3em;background:#fff}
.nianbao-report h1{font-size:1.6em;text-align:center;line-height:1.4;margin:1em 0}
.nianbao-report h2{font-size:1.1em;font-family:\"Noto Sans SC\",\"Source Han Sans SC\",SimHei,sans-serif;margin:1.2em 0 .4em}
.nianbao-report h3{font-size:1em;margin:.8em 0 .2em;text-indent:2em}
.nianbao-report p{margin:0;text-indent:2em}
.nianbao-report .draft{text-indent:0;margin:0 0 1em;padding:.5em 1em;border:2px solid #b00;color:#b00;background:#fff4f4;font-weight:bold}
.nianbao-report .closing{text-align:right;text-indent:0}
.nianbao-report .approval{text-indent:0;margin-top:1em}
.nianbao-report dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
.nianbao-report dd{margin:0}
.nianbao-report .status{color:#555}
.nianbao-report table{border-collapse:collapse;margin:.5em auto 1em;font-family:\"Noto Sans SC\",\"Source Han Sans SC\",SimHei,sans-serif;font-size:14px;line-height:1.4}
.nianbao-report caption{font-weight:bold;padding:.3em}
.nianbao-report th,.nianbao-report td{border:1px solid #333;padding:.25em .4em;vertical-align:middle}
.nianbao-report th{font-weight:normal;background:#f7f7f7}
.nianbao-report td.num{text-align:right;font-variant-numeric:tabular-nums;min-width:2.5em}
.nianbao-report td.note{font-size:12px;background:#f7f7f7}
.nianbao-report th[scope=row]{text-align:left}
.nianbao-report .table-wrap{overflow-x:auto}
@media print{
@page{size:A4;margin:37mm 26mm 35mm 28mm}
body{background:#fff;font-size:16pt;line-height:1.6}
.nianbao-report{max-width:none;padding:0}
.nianbao-report table{font-size:10.5pt;page-break-inside:auto}
.nianbao-report thead{display:table-header-group}
.nianbao-report tr{break-inside:avoid;page-break-inside:avoid}
.nianbao-report .table-wrap{overflow:visible}
.nianbao-report h2,.nianbao-report h3{break-after:avoid;page-break-after:avoid}
}
";

/// Inline styles for fragment mode, where a CMS page has no stylesheet of ours.
const FRAGMENT_TABLE: &str = "border-collapse:collapse";
const FRAGMENT_CELL: &str = "border:1px solid #333;padding:2px 6px";

/// Renders the report as HTML (a page, or a fragment when `options.fragment`).
pub fn export(view: &ReportView, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    Ok(render(view, options).into_bytes())
}

/// The HTML itself.
pub fn render(view: &ReportView, options: &ExportOptions) -> String {
    let mut out = String::new();
    if !options.fragment {
        page_head(&mut out, &view.title, &view.body, options);
    }
    out.push_str("<article class=\"nianbao-report\" lang=\"zh-CN\">\n");
    if view.is_draft(options) {
        let _ = writeln!(
            out,
            "<p class=\"draft\" role=\"note\">{}</p>",
            escape(&view.draft_notice())
        );
    }
    let _ = writeln!(out, "<h1>{}</h1>", escape(&view.title));
    for p in &view.preamble {
        let _ = writeln!(out, "<p>{}</p>", escape(p));
    }
    for (i, section) in view.sections.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section aria-labelledby=\"sec{n}\">\n<h2 id=\"sec{n}\">{}</h2>",
            escape(section.title),
            n = i + 1
        );
        for block in &section.blocks {
            match block {
                Block::Heading(h) => {
                    let _ = writeln!(out, "<h3>{}</h3>", escape(h));
                }
                Block::Paragraph(p) => {
                    let _ = writeln!(out, "<p>{}</p>", escape(p));
                }
                Block::Table(t) => table(&mut out, t, options.fragment),
            }
        }
        out.push_str("</section>\n");
    }
    let _ = writeln!(out, "<p class=\"closing\">{}</p>", escape(&view.signatory));
    if let Some(date) = &view.signed {
        let _ = writeln!(out, "<p class=\"closing\">{}</p>", escape(date));
    }
    if let (Some(approval), false) = (&options.approval, view.is_draft(options)) {
        let _ = writeln!(
            out,
            "<p class=\"approval\">{}</p>",
            escape(&approval.text())
        );
    }
    out.push_str("</article>\n");
    if !options.fragment {
        out.push_str("</body>\n</html>\n");
    }
    out
}

/// The start of a standalone page up to `<body>`: language, charset, title, author, creation date, stylesheet.
fn page_head(out: &mut String, title: &str, author: &str, options: &ExportOptions) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<meta name=\"author\" content=\"{}\">", escape(author));
    if let Some(created) = &options.created {
        let _ = writeln!(
            out,
            "<meta name=\"dcterms.created\" content=\"{}\">",
            created.iso8601()
        );
    }
    let _ = writeln!(out, "<style>\n{CSS}</style>\n</head>\n<body>");
}

/// Renders the review sheet (审核意见单) as a standalone page for the archive: what was reviewed, the history as
/// a table, then every comment with its answers and whether it was resolved. Every piece of text is escaped.
pub fn review_sheet(sheet: &ReviewSheet, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let mut out = String::new();
    page_head(&mut out, &sheet.title, &sheet.body, options);
    out.push_str("<article class=\"nianbao-report\" lang=\"zh-CN\">\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&sheet.title));
    out.push_str("<dl>\n");
    for (label, value) in &sheet.facts {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(label), escape(value));
    }
    let _ = writeln!(
        out,
        "</dl>\n<section aria-labelledby=\"history\">\n<h2 id=\"history\">{}</h2>",
        ReviewSheet::HISTORY
    );
    if sheet.history.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", ReviewSheet::NOTHING);
    } else {
        out.push_str("<table>\n<caption>审核记录</caption>\n<thead><tr><th scope=\"col\">时间</th><th scope=\"col\">人员</th><th scope=\"col\">状态变化</th><th scope=\"col\">说明</th></tr></thead>\n<tbody>\n");
        for t in &sheet.history {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&t.at),
                escape(&t.by),
                escape(&t.action),
                escape(&t.note)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let _ = writeln!(
        out,
        "</section>\n<section aria-labelledby=\"comments\">\n<h2 id=\"comments\">{}</h2>",
        ReviewSheet::COMMENTS
    );
    if sheet.comments.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", ReviewSheet::NOTHING);
    }
    for c in &sheet.comments {
        let _ = writeln!(
            out,
            "<h3>（{}）{}</h3>\n<p>{}（{}）：{}</p>",
            c.number,
            escape(&c.anchor),
            escape(&c.by),
            escape(&c.at),
            escape(&c.text)
        );
        for r in &c.replies {
            let _ = writeln!(
                out,
                "<p>{}　{}（{}）：{}</p>",
                ReviewSheet::ANSWER,
                escape(&r.by),
                escape(&r.at),
                escape(&r.text)
            );
        }
        let _ = writeln!(out, "<p class=\"status\">{}</p>", escape(&c.status));
    }
    out.push_str("</section>\n</article>\n</body>\n</html>\n");
    Ok(out.into_bytes())
}

/// Escapes text for element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn table_prefix(t: &TableView) -> &'static str {
    match t.table {
        TableId::T2 => "t2",
        TableId::T3 => "t3",
        TableId::T4 => "t4",
    }
}

fn table(out: &mut String, t: &TableView, fragment: bool) {
    let prefix = table_prefix(t);
    let cell_style = if fragment {
        format!(" style=\"{FRAGMENT_CELL}\"")
    } else {
        String::new()
    };
    let table_style = if fragment {
        format!(" style=\"{FRAGMENT_TABLE}\"")
    } else {
        String::new()
    };
    let id_of = |i: usize| {
        let c = &t.cells[i];
        format!("{prefix}-r{}c{}", c.row, c.col)
    };
    let _ = writeln!(
        out,
        "<div class=\"table-wrap\">\n<table id=\"{prefix}\" class=\"{prefix}\"{table_style}>\n<caption>{}</caption>",
        escape(t.caption)
    );
    // Row groups: the header block, then one tbody (table 2: one per block, so headers stay within their block).
    let mut current_group: Option<(bool, usize)> = None;
    for r in 0..t.rows {
        let cells: Vec<(usize, &super::CellView)> = t
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.row == r)
            .collect();
        let in_head = r < t.header_rows;
        let block = cells.first().map_or(0, |(_, c)| c.block);
        let group = (in_head, block);
        if current_group != Some(group) {
            if let Some((was_head, _)) = current_group {
                out.push_str(if was_head { "</thead>\n" } else { "</tbody>\n" });
            }
            out.push_str(if in_head { "<thead>\n" } else { "<tbody>\n" });
            current_group = Some(group);
        }
        out.push_str("<tr>");
        for (i, c) in cells {
            let mut attrs = String::new();
            if c.rowspan > 1 {
                let _ = write!(attrs, " rowspan=\"{}\"", c.rowspan);
            }
            if c.colspan > 1 {
                let _ = write!(attrs, " colspan=\"{}\"", c.colspan);
            }
            let text = escape(&c.text);
            match c.kind {
                CellKind::Data => {
                    let headers: Vec<String> = c.headers.iter().map(|&h| id_of(h)).collect();
                    let _ = write!(
                        out,
                        "<td class=\"num\" headers=\"{}\"{attrs}{cell_style}>{text}</td>",
                        headers.join(" ")
                    );
                }
                CellKind::Note => {
                    let _ = write!(out, "<td class=\"note\"{attrs}{cell_style}>{text}</td>");
                }
                kind => {
                    let scope = match kind {
                        CellKind::ColumnHeader => "col",
                        CellKind::ColumnGroupHeader => "colgroup",
                        CellKind::RowHeader => "row",
                        _ => "rowgroup",
                    };
                    let _ = write!(
                        out,
                        "<th id=\"{}\" scope=\"{scope}\"{attrs}{cell_style}>{text}</th>",
                        id_of(i)
                    );
                }
            }
        }
        out.push_str("</tr>\n");
    }
    if let Some((was_head, _)) = current_group {
        out.push_str(if was_head { "</thead>\n" } else { "</tbody>\n" });
    }
    out.push_str("</table>\n</div>\n");
}
