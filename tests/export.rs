//! Exports of the jiaxing-2024 fixture: text snapshot, HTML geometry and escaping, PDF text, fonts and pages.

use std::collections::HashMap;
use std::path::PathBuf;

use nianbao::export::{self, ApprovalLine, ExportOptions, ReportView};
use nianbao::format::{CellRef, FormatVersion, SectionId, TableId};
use nianbao::io::document;
use nianbao::model::Report;
use nianbao::rules::Evaluation;

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn fixture() -> Report {
    document::load(&repo("tests/fixtures/jiaxing-2024.ron"))
        .unwrap()
        .report
}

fn view(report: &Report) -> ReportView {
    ReportView::build(report, &Evaluation::default())
}

fn options() -> ExportOptions {
    ExportOptions {
        fragment: false,
        created: nianbao::model::Timestamp::parse("2025-01-20 17:30"),
        approval: None,
    }
}

fn approved() -> ExportOptions {
    ExportOptions {
        approval: Some(ApprovalLine {
            reviewer: "王审核".to_owned(),
            date: "2025年1月20日".to_owned(),
        }),
        ..options()
    }
}

/// Every label the format defines for a report's tables and sections.
fn labels(format: FormatVersion) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = SectionId::ALL.iter().map(|s| s.title()).collect();
    let t2 = format.table2();
    for b in t2.blocks {
        out.push(b.caption);
        out.extend(b.headers.iter().copied());
    }
    out.extend(t2.rows.iter().map(|r| r.label));
    for grid in [format.table3(), format.table4()] {
        out.extend(grid.header.iter().map(|h| h.text));
        for r in grid.rows {
            out.extend(r.path());
        }
    }
    // Table 4's stored row labels are its printed column groups, already among the header texts.
    out.sort_unstable();
    out.dedup();
    out
}

// --- Text ----------------------------------------------------------------------------------------------------

/// The renditions of the fixture, pinned: a change prints a line diff; accept a reviewed change with
/// `INSTA_UPDATE=always cargo test` (or `cargo insta review`) and read the `.snap` diff as you would code.
#[test]
fn text_and_html_snapshots() {
    let report = fixture();
    let v = view(&report);
    insta::assert_snapshot!("jiaxing-2024.txt", export::text::render(&v, &options()));
    let html = export::html::export(&v, &options()).unwrap();
    insta::assert_snapshot!("jiaxing-2024.html", String::from_utf8(html).unwrap());
}

#[test]
fn text_rows_read_back_as_labels_then_numbers() {
    let report = fixture();
    let text = export::text::render(&view(&report), &options());
    let def = report.format.table3();
    for (r, row) in def.rows.iter().enumerate() {
        let path: Vec<&str> = row.path().collect();
        let line = text
            .lines()
            .find(|l| l.starts_with(&path.join(" ")))
            .unwrap_or_else(|| panic!("no line for {}", row.label));
        let numbers: Vec<String> = line[path.join(" ").len()..]
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        let expected: Vec<String> = (0..def.columns.len())
            .map(|c| {
                report
                    .table3
                    .get(r, c)
                    .map_or_else(|| export::text::BLANK.to_owned(), |v| v.to_string())
            })
            .collect();
        assert_eq!(numbers, expected, "row {}", row.label);
    }
    assert!(text.starts_with(export::text::DRAFT_MARK));
    let final_text = export::text::render(&view(&report), &approved());
    assert!(!final_text.contains(export::text::DRAFT_MARK));
    assert!(final_text.contains("审核人：王审核"));
}

#[test]
fn text_columns_align_by_display_width() {
    let report = fixture();
    let text = export::text::render(&view(&report), &options());
    let width = |l: &str| export::linebreak::display_width(l);
    // Every data row of table 3 ends at the same column: the numbers are right-aligned in their columns.
    let ends: Vec<usize> = report
        .format
        .table3()
        .rows
        .iter()
        .map(|row| {
            let head = row.path().collect::<Vec<_>>().join(" ");
            width(text.lines().find(|l| l.starts_with(&head)).unwrap())
        })
        .collect();
    assert!(ends.windows(2).all(|w| w[0] == w[1]), "{ends:?}");
}

// --- HTML ----------------------------------------------------------------------------------------------------

/// A strict little HTML reader for the tests (scraper would pull a second `syn` feature set into the build and
/// recompile the whole GUI stack). Strict on purpose: every element must be closed in order, except void ones.
mod dom {
    #[derive(Debug, Default)]
    pub struct Node {
        pub name: String,
        pub attrs: Vec<(String, String)>,
        pub children: Vec<Node>,
        /// Text content directly inside (for text nodes: `name` is empty).
        pub text: String,
    }

    impl Node {
        pub fn attr(&self, key: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        }

        pub fn text(&self) -> String {
            if self.name.is_empty() {
                return self.text.clone();
            }
            self.children.iter().map(Node::text).collect()
        }

        /// Every element (self included) with this tag name, in document order.
        pub fn all<'a>(&'a self, name: &str) -> Vec<&'a Node> {
            let mut out = Vec::new();
            self.walk(&mut |n| {
                if n.name == name {
                    out.push(n);
                }
            });
            out
        }

        fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Node)) {
            f(self);
            for c in &self.children {
                c.walk(f);
            }
        }
    }

    fn unescape(s: &str) -> String {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    const VOID: [&str; 4] = ["meta", "br", "link", "hr"];

    pub fn parse(html: &str) -> Node {
        let mut stack = vec![Node {
            name: "#root".to_owned(),
            ..Node::default()
        }];
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("<!") {
                rest = &after[after.find('>').unwrap() + 1..];
            } else if let Some(after) = rest.strip_prefix("</") {
                let end = after.find('>').unwrap();
                let name = after[..end].trim().to_ascii_lowercase();
                let node = stack.pop().unwrap();
                assert_eq!(node.name, name, "closing tag out of order");
                stack.last_mut().unwrap().children.push(node);
                rest = &after[end + 1..];
            } else if rest.starts_with('<') {
                let end = rest.find('>').unwrap();
                let inner = &rest[1..end];
                let (name, mut attrs_src) = inner.split_once(' ').unwrap_or((inner, ""));
                let mut node = Node {
                    name: name.to_ascii_lowercase(),
                    ..Node::default()
                };
                loop {
                    attrs_src = attrs_src.trim_start();
                    if attrs_src.is_empty() {
                        break;
                    }
                    let eq = attrs_src.find('=').unwrap();
                    let key = attrs_src[..eq].trim().to_owned();
                    let value_src = attrs_src[eq + 1..]
                        .strip_prefix('"')
                        .expect("quoted attribute");
                    let close = value_src.find('"').unwrap();
                    node.attrs.push((key, unescape(&value_src[..close])));
                    attrs_src = &value_src[close + 1..];
                }
                rest = &rest[end + 1..];
                if node.name == "style" {
                    let close = rest.find("</style>").unwrap();
                    node.children.push(Node {
                        text: rest[..close].to_owned(),
                        ..Node::default()
                    });
                    rest = &rest[close + "</style>".len()..];
                    stack.last_mut().unwrap().children.push(node);
                } else if VOID.contains(&node.name.as_str()) {
                    stack.last_mut().unwrap().children.push(node);
                } else {
                    stack.push(node);
                }
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                stack.last_mut().unwrap().children.push(Node {
                    text: unescape(&rest[..end]),
                    ..Node::default()
                });
                rest = &rest[end..];
            }
        }
        assert_eq!(
            stack.len(),
            1,
            "unclosed elements: {:?}",
            stack.iter().map(|n| &n.name).collect::<Vec<_>>()
        );
        stack.pop().unwrap()
    }
}

/// Lays out an HTML table as a browser does (rowspan/colspan occupy the grid) and returns, per grid position,
/// the text of the cell covering it and whether that cell starts there.
fn html_grid(table: &dom::Node) -> Vec<Vec<Option<(String, bool)>>> {
    let mut grid: Vec<Vec<Option<(String, bool)>>> = Vec::new();
    for (r, row) in table.all("tr").into_iter().enumerate() {
        grid.resize(grid.len().max(r + 1), Vec::new());
        let mut c = 0;
        for td in row
            .children
            .iter()
            .filter(|n| n.name == "td" || n.name == "th")
        {
            while grid[r].get(c).is_some_and(Option::is_some) {
                c += 1;
            }
            let span = |name: &str| td.attr(name).map_or(1, |v| v.parse::<usize>().unwrap());
            let (rs, cs) = (span("rowspan"), span("colspan"));
            let text = td.text();
            for dr in 0..rs {
                if grid.len() <= r + dr {
                    grid.resize(r + dr + 1, Vec::new());
                }
                for dc in 0..cs {
                    let line = &mut grid[r + dr];
                    if line.len() <= c + dc {
                        line.resize(c + dc + 1, None);
                    }
                    assert!(
                        line[c + dc].is_none(),
                        "cells overlap at {},{}",
                        r + dr,
                        c + dc
                    );
                    line[c + dc] = Some((text.clone(), dr == 0 && dc == 0));
                }
            }
            c += cs;
        }
    }
    grid
}

fn html_doc(report: &Report, options: &ExportOptions) -> dom::Node {
    let bytes = export::html::export(&view(report), options).unwrap();
    dom::parse(&String::from_utf8(bytes).unwrap())
}

fn table<'a>(doc: &'a dom::Node, id: &str) -> &'a dom::Node {
    doc.all("table")
        .into_iter()
        .find(|t| t.attr("id") == Some(id))
        .unwrap()
}

#[test]
fn html_table3_geometry_and_every_number() {
    let report = fixture();
    let doc = html_doc(&report, &options());
    let grid = html_grid(table(&doc, "t3"));
    let def = report.format.table3();
    assert_eq!(grid.len(), 3 + def.rows.len());
    assert!(
        grid.iter().all(|row| row.len() == 10),
        "table 3 is 10 columns wide"
    );
    let at = |r: usize, c: usize| grid[r][c].as_ref().unwrap().0.as_str();
    // The 3×3 corner, 申请人情况 over 7 columns, 法人或其他组织 over 5.
    assert!(at(0, 0).starts_with("（本列数据的勾稽关系为"));
    assert!((0..3).all(|r| (0..3).all(|c| at(r, c) == at(0, 0))));
    assert!((3..10).all(|c| at(0, c) == "申请人情况"));
    assert!((4..9).all(|c| at(1, c) == "法人或其他组织"));
    assert_eq!((at(1, 3), at(2, 3)), ("自然人", "自然人"));
    assert_eq!((at(1, 9), at(2, 9)), ("总计", "总计"));
    // 三、本年度办理结果 spans the 22 outcome rows.
    let results = (3..grid.len())
        .filter(|&r| at(r, 0) == "三、本年度办理结果")
        .count();
    assert_eq!(results, 22);
    let spans: Vec<String> = table(&doc, "t3")
        .all("th")
        .into_iter()
        .filter(|th| th.attr("rowspan") == Some("22"))
        .map(dom::Node::text)
        .collect();
    assert_eq!(spans, ["三、本年度办理结果"]);
    // Every one of the 175 numbers in its place, every row label in its row.
    let mut checked = 0;
    for (r, row) in def.rows.iter().enumerate() {
        let g = 3 + r;
        assert!(
            grid[g][..3]
                .iter()
                .any(|c| c.as_ref().unwrap().0 == row.label),
            "{}",
            row.label
        );
        for c in 0..def.columns.len() {
            let expected = report
                .table3
                .get(r, c)
                .map(|v| v.to_string())
                .unwrap_or_default();
            assert_eq!(at(g, 3 + c), expected, "{}", def.cell_name(r, c));
            checked += 1;
        }
    }
    assert_eq!(checked, 175);
}

#[test]
fn html_table3_2019_spans_20_rows() {
    let report = Report::blank(FormatVersion::V2019, "某县人民政府", 2019);
    let doc = html_doc(&report, &options());
    let t3 = table(&doc, "t3");
    assert_eq!(
        t3.all("th")
            .iter()
            .filter(|th| th.attr("rowspan") == Some("20"))
            .count(),
        1
    );
    assert_eq!(html_grid(t3).len(), 3 + 23);
}

#[test]
fn html_table2_and_table4_geometry() {
    let report = fixture();
    let doc = html_doc(&report, &options());
    let t2 = html_grid(table(&doc, "t2"));
    assert!(
        t2.iter().all(|row| row.len() == 4),
        "table 2 is 4 columns wide"
    );
    let def2 = report.format.table2();
    for block in def2.blocks {
        let r = t2
            .iter()
            .position(|row| row[0].as_ref().unwrap().0 == block.caption)
            .unwrap();
        assert!(
            (0..4).all(|c| t2[r][c].as_ref().unwrap().0 == block.caption),
            "caption spans 4"
        );
        for (i, header) in block.headers.iter().enumerate() {
            assert_eq!(t2[r + 1][i].as_ref().unwrap().0, *header);
        }
        for (k, row) in block.rows.clone().enumerate() {
            let line = &t2[r + 2 + k];
            assert_eq!(line[0].as_ref().unwrap().0, def2.rows[row].label);
            for f in 0..def2.rows[row].fields.len() {
                let expected = report
                    .table2
                    .get(row, f)
                    .map(ToString::to_string)
                    .unwrap_or_default();
                assert_eq!(line[1 + f].as_ref().unwrap().0, expected);
            }
        }
    }
    let t4 = html_grid(table(&doc, "t4"));
    assert_eq!(t4.len(), 4);
    assert!(
        t4.iter().all(|row| row.len() == 15),
        "table 4 is 15 columns wide"
    );
    let at = |r: usize, c: usize| t4[r][c].as_ref().unwrap().0.as_str();
    assert!((0..5).all(|c| at(0, c) == "行政复议"));
    assert!((5..15).all(|c| at(0, c) == "行政诉讼"));
    assert!((5..10).all(|c| at(1, c) == "未经复议直接起诉"));
    assert!((10..15).all(|c| at(1, c) == "复议后起诉"));
    assert_eq!((at(1, 0), at(2, 0)), ("结果维持", "结果维持"));
    let def4 = report.format.table4();
    for r in 0..def4.rows.len() {
        for c in 0..def4.columns.len() {
            let expected = report
                .table4
                .get(r, c)
                .map(|v| v.to_string())
                .unwrap_or_default();
            let printed = def4
                .layout()
                .printed(CellRef::new(TableId::T4, r, c))
                .unwrap();
            assert_eq!(at(3, printed.col), expected);
        }
    }
}

#[test]
fn html_every_label_and_accessible_headers() {
    let report = fixture();
    let doc = html_doc(&report, &options());
    let all = doc.text();
    for label in labels(report.format) {
        assert!(all.contains(label), "missing label {label}");
    }
    // Every data cell names its headers, and the ids exist.
    let ids: HashMap<String, String> = doc
        .all("th")
        .iter()
        .filter_map(|e| Some((e.attr("id")?.to_owned(), e.text())))
        .collect();
    let def = report.format.table3();
    let cells: Vec<&dom::Node> = table(&doc, "t3")
        .all("td")
        .into_iter()
        .filter(|td| td.attr("headers").is_some())
        .collect();
    assert_eq!(cells.len(), 175);
    for (i, td) in cells.iter().enumerate() {
        let names: Vec<&str> = td
            .attr("headers")
            .unwrap()
            .split(' ')
            .map(|id| {
                ids.get(id)
                    .map(String::as_str)
                    .expect("headers names an existing th")
            })
            .collect();
        let (r, c) = (i / 7, i % 7);
        for part in def.rows[r].path().chain(def.columns[c].path()) {
            assert!(
                names.contains(&part),
                "{} lacks {part}: {names:?}",
                def.cell_name(r, c)
            );
        }
    }
    for th in doc.all("th") {
        assert!(th.attr("scope").is_some());
    }
    assert_eq!(doc.all("caption").len(), 3);
    assert_eq!(doc.all("html")[0].attr("lang"), Some("zh-CN"));
    assert_eq!(doc.all("title")[0].text(), report.meta.title());
    assert_eq!(doc.all("meta")[0].attr("charset"), Some("utf-8"));
}

#[test]
fn html_escapes_hostile_text() {
    let mut report = fixture();
    report.problems = "<script>alert(1)</script>\n\" onmouseover=\"alert(2)".to_owned();
    report.meta.body = "<b>某局</b>".to_owned();
    let html =
        String::from_utf8(export::html::export(&view(&report), &options()).unwrap()).unwrap();
    assert!(!html.contains("<script>"));
    assert!(!html.contains("<b>"));
    let doc = dom::parse(&html);
    assert!(doc.all("script").is_empty());
    assert!(doc.all("b").is_empty());
    let mut hostile_attr = false;
    for name in ["p", "th", "td", "h1", "article", "section"] {
        hostile_attr |= doc
            .all(name)
            .iter()
            .any(|n| n.attr("onmouseover").is_some());
    }
    assert!(!hostile_attr);
    let paragraphs: Vec<String> = doc.all("p").iter().map(|p| p.text()).collect();
    assert!(paragraphs.iter().any(|p| p == "<script>alert(1)</script>"));
    assert!(paragraphs.iter().any(|p| p == "\" onmouseover=\"alert(2)"));
    assert!(doc.all("h1")[0].text().starts_with("<b>某局</b>"));
}

#[test]
fn html_fragment_and_draft_marking() {
    let report = fixture();
    let fragment = ExportOptions {
        fragment: true,
        ..options()
    };
    let html = String::from_utf8(export::html::export(&view(&report), &fragment).unwrap()).unwrap();
    for tag in ["<!DOCTYPE", "<html", "<head", "<body", "<style"] {
        assert!(!html.contains(tag), "fragment has {tag}");
    }
    let doc = dom::parse(&html);
    assert_eq!(doc.all("table").len(), 3);
    let has_class = |doc: &dom::Node, class: &str| {
        doc.all("p")
            .into_iter()
            .filter(|p| p.attr("class") == Some(class))
            .map(dom::Node::text)
            .collect::<Vec<_>>()
    };
    assert_eq!(has_class(&doc, "draft").len(), 1);
    let doc = html_doc(&report, &approved());
    assert!(has_class(&doc, "draft").is_empty());
    assert!(has_class(&doc, "approval")[0].contains("王审核"));
}

// --- PDF -----------------------------------------------------------------------------------------------------

fn pdf_text(doc: &lopdf::Document) -> String {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn pdf_text_labels_numbers_fonts_pages() {
    let report = fixture();
    let v = view(&report);
    let bytes = export::pdf::export(&v, &options()).unwrap();
    assert!(bytes.len() < 400 * 1024, "{} bytes", bytes.len());
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages().len();
    assert!((4..=12).contains(&pages), "{pages} pages");
    let text = squeeze(&pdf_text(&doc));
    assert!(text.contains(&squeeze(&v.title)));
    for label in labels(report.format) {
        assert!(text.contains(&squeeze(label)), "missing label {label}");
    }
    // Each row of table 3 reads as its label followed by its seven numbers.
    let def = report.format.table3();
    for (r, row) in def.rows.iter().enumerate() {
        let numbers: String = (0..7)
            .map(|c| report.table3.get(r, c).unwrap().to_string())
            .collect();
        assert!(
            text.contains(&format!("{}{numbers}", squeeze(row.label))),
            "row {}",
            row.label
        );
    }
    let t4: String = (0..3)
        .flat_map(|r| (0..5).map(move |c| (r, c)))
        .map(|(r, c)| report.table4.get(r, c).unwrap().to_string())
        .collect();
    assert!(text.contains(&t4), "table 4's 15 numbers in order");
    assert!(
        text.contains("—1—") && text.contains(&format!("—{pages}—")),
        "page numbers"
    );
    assert!(text.contains("草稿"), "draft watermark");

    // Fonts: Type0 with an embedded, subset TrueType program.
    let mut embedded = 0;
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Type").and_then(lopdf::Object::as_name).ok()
            != Some(b"FontDescriptor".as_slice())
        {
            continue;
        }
        assert!(
            dict.has(b"FontFile2") || dict.has(b"FontFile3"),
            "font program embedded"
        );
        let name = dict
            .get(b"FontName")
            .and_then(lopdf::Object::as_name)
            .unwrap();
        let prefix = &name[..7.min(name.len())];
        assert!(
            prefix.len() == 7
                && prefix[..6].iter().all(u8::is_ascii_uppercase)
                && prefix[6] == b'+',
            "subset prefix on {}",
            String::from_utf8_lossy(name)
        );
        embedded += 1;
    }
    assert!(embedded >= 3, "{embedded} embedded fonts");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .unwrap();
    let info = doc.get_dictionary(info).unwrap();
    let author = info.get(b"Author").unwrap();
    assert!(matches!(author, lopdf::Object::String(..)));
}

#[test]
fn pdf_approved_has_no_watermark_and_bad_timestamp_is_refused() {
    let report = fixture();
    let v = view(&report);
    let bytes = export::pdf::export(&v, &approved()).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let text = squeeze(&pdf_text(&doc));
    assert!(!text.contains("草稿"));
    assert!(text.contains("审核人：王审核"));
    // A malformed creation time cannot reach the exporter: it is refused where it is read.
    assert!(nianbao::model::Timestamp::parse("yesterday").is_none());
}

/// Writes the three renditions to target/export-samples/ for looking at (pdftoppm, a browser).
#[test]
fn write_samples() {
    let report = fixture();
    let v = view(&report);
    let dir = repo("target/export-samples");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("jiaxing-2024.txt"),
        export::text::export(&v, &options()).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("jiaxing-2024.html"),
        export::html::export(&v, &options()).unwrap(),
    )
    .unwrap();
    let fragment = ExportOptions {
        fragment: true,
        ..options()
    };
    std::fs::write(
        dir.join("jiaxing-2024.fragment.html"),
        export::html::export(&v, &fragment).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("jiaxing-2024.pdf"),
        export::pdf::export(&v, &options()).unwrap(),
    )
    .unwrap();
}
