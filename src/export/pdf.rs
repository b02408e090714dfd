//! PDF export, typeset after 《党政机关公文格式》 GB/T 9704-2012 (FORMAT.md §7) with printpdf.
//!
//! A4; margins top 37 / left 28 / right 26 / bottom 35 mm (type area 156 × 225 mm); title 22 pt centred in Noto
//! Serif SC Bold (小标宋 role); body 16 pt Noto Serif SC on a grid of 22 lines × 28 characters; `一、` headings in
//! Noto Sans SC Bold (黑体 role); `（一）` headings in Noto Serif SC Bold (standing in for 楷体: a distinct face from
//! the body); tables ruled, in Noto Sans SC 10.5 pt, numbers right-aligned, the header block repeated on every page
//! a table spans; page numbers `— n —` 14 pt below the type area, odd pages right and even pages left, inset one
//! character; a light-grey diagonal `草稿` on every page of a draft.
//! The review sheet (审核意见单) is set on the same page with the same faces.
//!
//! Fonts are compiled in (`include_bytes!` from `fonts/`, SIL OFL) and subset on save: only the glyphs used are
//! embedded, with ToUnicode maps so the text can be searched and extracted. Walks a [`ReportView`] (or a [`ReviewSheet`]) only.

use std::cell::RefCell;
use std::collections::BTreeSet;

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, TextItem, TextMatrix,
};

use super::linebreak::break_lines;
use super::{Block, CellKind, ExportError, ExportOptions, ReportView, ReviewSheet, TableView};
use crate::format::TableId;
use crate::model::Timestamp;

const SERIF_REGULAR: &[u8] = include_bytes!("../../fonts/NotoSerifSC-Regular.ttf");
const SERIF_BOLD: &[u8] = include_bytes!("../../fonts/NotoSerifSC-Bold.ttf");
const SANS_REGULAR: &[u8] = include_bytes!("../../fonts/NotoSansSC-Regular.ttf");
const SANS_BOLD: &[u8] = include_bytes!("../../fonts/NotoSansSC-Bold.ttf");

fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

const PAGE_W_MM: f32 = 210.0;
const PAGE_H_MM: f32 = 297.0;
const MARGIN_TOP_MM: f32 = 37.0;
const MARGIN_LEFT_MM: f32 = 28.0;
const MARGIN_RIGHT_MM: f32 = 26.0;
const MARGIN_BOTTOM_MM: f32 = 35.0;
/// GB/T 9704: 22 lines on the 225 mm type area, 28 characters on its 156 mm width.
const LINES_PER_PAGE: f32 = 22.0;
const CHARS_PER_LINE: f32 = 28.0;
const BODY_PT: f32 = 16.0;
const TITLE_PT: f32 = 22.0;
const PAGE_NUMBER_PT: f32 = 14.0;
const TABLE_PT: f32 = 10.5;
const WATERMARK_PT: f32 = 150.0;

/// One font role: the face cut down to the characters the document needs, its id in the document, its metrics for
/// measuring, and the characters asked of it that the cut left out (a second pass adds them).
struct Face {
    font: ParsedFont,
    id: FontId,
    units_per_em: f32,
    /// The characters the face was cut down to.
    kept: BTreeSet<char>,
    missing: RefCell<BTreeSet<char>>,
}

impl Face {
    /// Cuts the face down to `chars` (what the bundled CJK faces hold of them) and adds it to the document.
    ///
    /// The bundled faces are 10–15 MB each, 65 000 glyphs; a report uses a few hundred. Parsing the whole faces
    /// took ~100 MB at every export, which the allocator then kept: a window that had exported once stayed at
    /// 220 MB. Subsetting first (allsorts, which printpdf itself uses) makes the parse and the embedding small.
    fn load(
        doc: &mut PdfDocument,
        bytes: &[u8],
        name: &'static str,
        chars: &BTreeSet<char>,
    ) -> Result<Self, ExportError> {
        let subset = subset_face(bytes, chars).ok_or(ExportError::Font(name))?;
        let font =
            ParsedFont::from_bytes(&subset, 0, &mut Vec::new()).ok_or(ExportError::Font(name))?;
        let id = doc.add_font(&font);
        let units_per_em = f32::from(font.font_metrics.units_per_em.max(1));
        Ok(Self {
            font,
            id,
            units_per_em,
            kept: chars.clone(),
            missing: RefCell::new(BTreeSet::new()),
        })
    }

    /// Notes the characters of `text` the cut left out.
    fn note(&self, text: &str) {
        if text.chars().any(|c| !self.kept.contains(&c)) {
            self.missing
                .borrow_mut()
                .extend(text.chars().filter(|c| !self.kept.contains(c)));
        }
    }

    /// Advance width of `text` at `size`, plus `tracking` after every character (PDF `Tc`).
    fn width(&self, text: &str, size: f32, tracking: f32) -> f32 {
        self.note(text);
        text.chars()
            .map(|c| {
                let gid = self.font.lookup_glyph_index(u32::from(c)).unwrap_or(0);
                f32::from(self.font.get_horizontal_advance(gid)) / self.units_per_em * size
                    + tracking
            })
            .sum()
    }
}

/// The face `bytes` cut down to the glyphs of `chars` (and `.notdef`), with a Unicode cmap for them.
fn subset_face(bytes: &[u8], chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile, subset};
    use allsorts::tables::FontTableProvider;
    use allsorts::tables::cmap::Cmap;
    use allsorts::tag;

    let file = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = file.table_provider(0).ok()?;
    let cmap_data = provider.read_table_data(tag::CMAP).ok()?;
    let cmap = ReadScope::new(&cmap_data).read::<Cmap<'_>>().ok()?;
    let (_, table) = allsorts::font::read_cmap_subtable(&cmap).ok().flatten()?;
    let mut glyphs: Vec<u16> = chars
        .iter()
        .filter_map(|&c| table.map_glyph(u32::from(c)).ok().flatten())
        .collect();
    glyphs.push(0);
    glyphs.sort_unstable();
    glyphs.dedup();
    subset(
        &provider,
        &glyphs,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .ok()
}

/// The faces by role. Each face is embedded once, whatever number of roles use it.
struct Fonts {
    title: Face,
    body: Face,
    heading: Face,
    table: Face,
}

impl Fonts {
    fn load(doc: &mut PdfDocument, chars: &BTreeSet<char>) -> Result<Self, ExportError> {
        Ok(Self {
            title: Face::load(doc, SERIF_BOLD, "NotoSerifSC-Bold", chars)?,
            body: Face::load(doc, SERIF_REGULAR, "NotoSerifSC-Regular", chars)?,
            heading: Face::load(doc, SANS_BOLD, "NotoSansSC-Bold", chars)?,
            table: Face::load(doc, SANS_REGULAR, "NotoSansSC-Regular", chars)?,
        })
    }

    /// `（一）` headings: the title's heavy serif, distinct from the sans `一、` headings.
    fn subheading(&self) -> &Face {
        &self.title
    }

    /// The characters some face was asked for and left out.
    fn missing(&self) -> BTreeSet<char> {
        [&self.title, &self.body, &self.heading, &self.table]
            .iter()
            .flat_map(|f| f.missing.borrow().clone())
            .collect()
    }
}

/// The characters the layout itself writes, whatever the document: page numbers, the draft mark, the review sheet's
/// punctuation.
const CHROME: &str = "0123456789 —－-草稿：（）［］　·，。";

/// Typesets a document on `chars`' glyphs: the layout draws with `draw`. Faces are cut down to the characters the
/// document holds; should the layout ask for one the cut left out, the document is set again with it.
fn typeset(
    mut chars: BTreeSet<char>,
    draft: bool,
    meta: &Meta<'_>,
    draw: impl Fn(&mut Layout<'_>),
) -> Result<Vec<u8>, ExportError> {
    chars.extend(CHROME.chars());
    loop {
        let mut doc = PdfDocument::new(meta.title);
        let fonts = Fonts::load(&mut doc, &chars)?;
        let mut layout = Layout::new(&fonts, draft);
        draw(&mut layout);
        let missing = fonts.missing();
        if missing.is_subset(&chars) {
            return Ok(finish(doc, layout, meta));
        }
        chars.extend(missing);
    }
}

/// What the document says about itself.
struct Meta<'a> {
    title: &'a str,
    author: &'a str,
    subject: &'a str,
    created: Option<printpdf::DateTime>,
}

/// The page being filled and the pages done.
struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    /// Top of the next line, in pt from the bottom of the page.
    y: f32,
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    pitch: f32,
    /// Body tracking that puts 28 characters of 16 pt on 156 mm.
    tracking: f32,
    draft: bool,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts, draft: bool) -> Self {
        let left = mm(MARGIN_LEFT_MM);
        let right = mm(PAGE_W_MM - MARGIN_RIGHT_MM);
        let top = mm(PAGE_H_MM - MARGIN_TOP_MM);
        let bottom = mm(MARGIN_BOTTOM_MM);
        let mut layout = Self {
            fonts,
            pages: Vec::new(),
            ops: Vec::new(),
            y: top,
            left,
            right,
            top,
            bottom,
            pitch: (top - bottom) / LINES_PER_PAGE,
            tracking: (right - left) / CHARS_PER_LINE - BODY_PT,
            draft,
        };
        layout.start_page();
        layout
    }

    fn width(&self) -> f32 {
        self.right - self.left
    }

    /// One character of body text on the grid.
    fn em(&self) -> f32 {
        BODY_PT + self.tracking
    }

    fn start_page(&mut self) {
        self.y = self.top;
        if self.draft {
            self.watermark();
        }
    }

    fn new_page(&mut self) {
        let ops = std::mem::take(&mut self.ops);
        self.pages.push(ops);
        self.start_page();
    }

    fn ensure(&mut self, height: f32) {
        if self.y - height < self.bottom - 0.5 && self.y < self.top {
            self.new_page();
        }
    }

    fn text(&mut self, face: &Face, size: f32, tracking: f32, x: f32, baseline: f32, text: &str) {
        face.note(text);
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(face.id.clone()),
                size: Pt(size),
            },
            Op::SetCharacterSpacing {
                multiplier: tracking,
            },
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(baseline)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// A light-grey `草稿` across the page, drawn first so everything else prints over it.
    fn watermark(&mut self) {
        let face = &self.fonts.heading;
        let text = "草稿";
        let w = face.width(text, WATERMARK_PT, 0.0);
        let (cx, cy) = (mm(PAGE_W_MM) / 2.0, mm(PAGE_H_MM) / 2.0);
        let (sin, cos) = 45f32.to_radians().sin_cos();
        // Start of the baseline so that the middle of the word sits on the page centre.
        let (hx, hy) = (w / 2.0, WATERMARK_PT * 0.35);
        let x = cx - hx * cos + hy * sin;
        let y = cy - hx * sin - hy * cos;
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetFillColor {
                col: Color::Greyscale(Greyscale::new(0.88, None)),
            },
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(face.id.clone()),
                size: Pt(WATERMARK_PT),
            },
            Op::SetTextMatrix {
                matrix: TextMatrix::Raw([cos, sin, -sin, cos, x, y]),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
            Op::RestoreGraphicsState,
        ]);
    }

    /// Lines on the body grid: `indent` characters on the first line, justified except the last line.
    fn paragraph(&mut self, face_of: fn(&Fonts) -> &Face, text: &str, indent: f32) {
        let fonts = self.fonts;
        let face = face_of(fonts);
        let tracking = self.tracking;
        let first = self.width() - indent * self.em();
        let lines = break_lines(text, first, self.width(), |s| {
            face.width(s, BODY_PT, tracking)
        });
        let count = lines.len();
        for (i, line) in lines.iter().enumerate() {
            self.ensure(self.pitch);
            let x = self.left + if i == 0 { indent * self.em() } else { 0.0 };
            let avail = self.right - x;
            let natural = face.width(line, BODY_PT, tracking);
            let glyphs = line.chars().count();
            // Justify full lines: spread the slack (less than a character or two) over the gaps.
            let slack = avail - natural;
            let spread = if i + 1 < count && glyphs > 1 && slack > 0.0 && slack < 2.5 * self.em() {
                slack / (glyphs - 1) as f32
            } else {
                0.0
            };
            let baseline = self.y - self.pitch * 0.72;
            self.text(face, BODY_PT, tracking + spread, x, baseline, line);
            self.y -= self.pitch;
        }
    }

    fn title(&mut self, title: &str) {
        let fonts = self.fonts;
        let face = &fonts.title;
        let lines = break_lines(title, self.width(), self.width(), |s| {
            face.width(s, TITLE_PT, 0.0)
        });
        let pitch = TITLE_PT * 1.5;
        self.y -= self.pitch * 0.5;
        for line in &lines {
            let w = face.width(line, TITLE_PT, 0.0);
            let x = self.left + (self.width() - w) / 2.0;
            self.text(face, TITLE_PT, 0.0, x, self.y - pitch * 0.75, line);
            self.y -= pitch;
        }
        self.y -= self.pitch;
    }

    /// A heading stays with at least two lines of what follows.
    fn heading(&mut self, face_of: fn(&Fonts) -> &Face, text: &str) {
        self.ensure(self.pitch * 3.0);
        self.paragraph(face_of, text, 2.0);
    }

    fn closing(&mut self, signatory: &str, date: Option<&str>) {
        let fonts = self.fonts;
        let face = &fonts.body;
        let tracking = self.tracking;
        self.y -= self.pitch;
        self.ensure(self.pitch * 2.0);
        // 成文日期 right-aligned, inset four characters; 落款 centred over it.
        let date_w = date.map_or(0.0, |d| face.width(d, BODY_PT, tracking));
        let date_x = self.right - 4.0 * self.em() - date_w;
        let centre = if date.is_some() {
            date_x + date_w / 2.0
        } else {
            self.right - 4.0 * self.em()
        };
        for line in break_lines(signatory, self.width(), self.width(), |s| {
            face.width(s, BODY_PT, tracking)
        }) {
            self.ensure(self.pitch);
            let w = face.width(&line, BODY_PT, tracking);
            let x = (centre - w / 2.0).min(self.right - w).max(self.left);
            self.text(
                face,
                BODY_PT,
                tracking,
                x,
                self.y - self.pitch * 0.72,
                &line,
            );
            self.y -= self.pitch;
        }
        if let Some(date) = date {
            self.ensure(self.pitch);
            self.text(
                face,
                BODY_PT,
                tracking,
                date_x.max(self.left),
                self.y - self.pitch * 0.72,
                date,
            );
            self.y -= self.pitch;
        }
    }

    fn finish(mut self) -> Vec<Vec<Op>> {
        let ops = std::mem::take(&mut self.ops);
        self.pages.push(ops);
        let face = &self.fonts.body;
        let baseline = self.bottom - mm(7.0) - PAGE_NUMBER_PT;
        for (i, ops) in self.pages.iter_mut().enumerate() {
            let n = i + 1;
            let label = format!("— {n} —");
            let w = face.width(&label, PAGE_NUMBER_PT, 0.0);
            let x = if n % 2 == 1 {
                self.right - PAGE_NUMBER_PT - w
            } else {
                self.left + PAGE_NUMBER_PT
            };
            ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(face.id.clone()),
                    size: Pt(PAGE_NUMBER_PT),
                },
                Op::SetCharacterSpacing { multiplier: 0.0 },
                Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(x), Pt(baseline)),
                },
                Op::ShowText {
                    items: vec![TextItem::Text(label)],
                },
                Op::EndTextSection,
            ]);
        }
        self.pages
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

const CELL_PAD_X: f32 = 2.5;
const CELL_PAD_Y: f32 = 2.5;

fn table_line_height() -> f32 {
    TABLE_PT * 1.3
}

/// Relative column widths of each table (layout, not labels: the geometry comes from the view).
fn column_weights(t: &TableView) -> Vec<f32> {
    match t.table {
        TableId::T2 => {
            let mut w = vec![1.0; t.columns];
            w[0] = 1.4;
            w
        }
        TableId::T3 => {
            let mut w = vec![1.0; t.columns];
            if t.label_columns == 3 {
                w[0] = 1.25;
                w[1] = 1.7;
                w[2] = 3.4;
            }
            w
        }
        TableId::T4 => vec![1.0; t.columns],
    }
}

struct TableLayout {
    /// Left edge of each grid column, plus the right edge of the last.
    xs: Vec<f32>,
    heights: Vec<f32>,
    /// Wrapped text of each cell (same order as `TableView::cells`).
    lines: Vec<Vec<String>>,
}

fn layout_table(t: &TableView, face: &Face, left: f32, width: f32) -> TableLayout {
    let weights = column_weights(t);
    let total: f32 = weights.iter().sum();
    let mut xs = vec![left];
    for w in &weights {
        let last = xs.last().copied().unwrap_or(left);
        xs.push(last + width * w / total);
    }
    let lh = table_line_height();
    let lines: Vec<Vec<String>> = t
        .cells
        .iter()
        .map(|c| {
            let inner = xs[c.col + c.colspan] - xs[c.col] - 2.0 * CELL_PAD_X;
            break_lines(&c.text, inner, inner, |s| face.width(s, TABLE_PT, 0.0))
        })
        .collect();
    let need = |i: usize| lines[i].len().max(1) as f32 * lh + 2.0 * CELL_PAD_Y;
    let mut heights = vec![lh + 2.0 * CELL_PAD_Y; t.rows];
    for (i, c) in t.cells.iter().enumerate() {
        if c.rowspan == 1 {
            heights[c.row] = heights[c.row].max(need(i));
        }
    }
    for (i, c) in t.cells.iter().enumerate() {
        if c.rowspan > 1 {
            let have: f32 = heights[c.row..c.row + c.rowspan].iter().sum();
            if need(i) > have {
                heights[c.row + c.rowspan - 1] += need(i) - have;
            }
        }
    }
    TableLayout { xs, heights, lines }
}

impl Layout<'_> {
    /// The height a table needs on the page where it starts: its header block and first body row.
    fn table_start_height(&self, t: &TableView) -> f32 {
        let tl = layout_table(t, &self.fonts.table, self.left, self.width());
        tl.heights.iter().take(t.header_rows + 1).sum::<f32>() + self.pitch * 0.25
    }

    fn table(&mut self, t: &TableView) {
        let fonts = self.fonts;
        let face = &fonts.table;
        let tl = layout_table(t, face, self.left, self.width());
        let head: Vec<usize> = (0..t.header_rows).collect();
        let head_h: f32 = head.iter().map(|&r| tl.heights[r]).sum();
        let mut r = t.header_rows;
        self.y -= self.pitch * 0.25;
        // Start on a new page unless the header and a first row fit here.
        let first_h = tl.heights.get(r).copied().unwrap_or(0.0);
        self.ensure(head_h + first_h);
        while r < t.rows {
            let mut rows = head.clone();
            let mut used = head_h;
            let start = r;
            while r < t.rows && (self.y - used - tl.heights[r] >= self.bottom - 0.5 || r == start) {
                used += tl.heights[r];
                rows.push(r);
                r += 1;
            }
            self.draw_rows(t, &tl, &rows);
            self.y -= used;
            if r < t.rows {
                self.new_page();
            }
        }
        self.y -= self.pitch * 0.5;
    }

    /// Draws the listed grid rows (the header block, then a run of body rows) stacked from the current `y`. A cell
    /// spanning rows partly on another page is drawn over the part that is here, with its text repeated.
    #[allow(clippy::many_single_char_names)] // x, y, w, h of rectangles
    fn draw_rows(&mut self, t: &TableView, tl: &TableLayout, rows: &[usize]) {
        let fonts = self.fonts;
        let face = &fonts.table;
        let mut tops = Vec::with_capacity(rows.len());
        let mut y = self.y;
        for &r in rows {
            tops.push(y);
            y -= tl.heights[r];
        }
        let pos = |r: usize| rows.iter().position(|&x| x == r);
        let lh = table_line_height();
        for (i, c) in t.cells.iter().enumerate() {
            let present: Vec<usize> = (c.row..c.row + c.rowspan).filter_map(pos).collect();
            let (Some(&a), Some(&b)) = (present.first(), present.last()) else {
                continue;
            };
            let (x0, x1) = (tl.xs[c.col], tl.xs[c.col + c.colspan]);
            let (y0, y1) = (tops[a], tops[b] - tl.heights[rows[b]]);
            self.ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
            self.ops.push(Op::DrawLine {
                line: Line {
                    points: [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                        .into_iter()
                        .map(|(x, y)| LinePoint {
                            p: Point { x: Pt(x), y: Pt(y) },
                            bezier: false,
                        })
                        .collect(),
                    is_closed: true,
                },
            });
            let lines = &tl.lines[i];
            let block_h = lines.len() as f32 * lh;
            if block_h > y0 - y1 + 0.5 {
                continue;
            }
            let mut baseline = y0 - (y0 - y1 - block_h) / 2.0 - lh * 0.78;
            for line in lines {
                let w = face.width(line, TABLE_PT, 0.0);
                let x = match c.kind {
                    CellKind::Data => x1 - CELL_PAD_X - w,
                    CellKind::RowHeader if c.colspan < t.columns => x0 + CELL_PAD_X,
                    _ => x0 + (x1 - x0 - w) / 2.0,
                };
                self.text(face, TABLE_PT, 0.0, x, baseline, line);
                baseline -= lh;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------

/// A moment (北京时间) as a PDF date, with its offset from UTC.
fn pdf_date(t: Timestamp) -> printpdf::DateTime {
    printpdf::DateTime {
        date: printpdf::Date {
            year: i32::from(t.date.year),
            month: t.date.month,
            day: t.date.day,
        },
        time: printpdf::Time {
            hour: t.hour,
            minute: t.minute,
            second: 0,
            millisecond: 0,
        },
        offset: printpdf::Offset {
            hours: 8,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    }
}

/// Every character of the report's text, for cutting the faces down.
fn report_chars(view: &ReportView, options: &ExportOptions) -> BTreeSet<char> {
    let mut texts: Vec<&str> = vec![&view.title, &view.body, &view.signatory];
    texts.extend(view.preamble.iter().map(String::as_str));
    texts.extend(view.signed.as_deref());
    for section in &view.sections {
        texts.push(section.title);
        for block in &section.blocks {
            match block {
                Block::Heading(t) | Block::Paragraph(t) => texts.push(t),
                Block::Table(t) => {
                    texts.push(t.caption);
                    texts.extend(t.cells.iter().map(|c| c.text.as_str()));
                }
            }
        }
    }
    let approval = options.approval.as_ref().map(super::ApprovalLine::text);
    texts.extend(approval.as_deref());
    texts.iter().flat_map(|t| t.chars()).collect()
}

/// Renders the report as a PDF.
pub fn export(view: &ReportView, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let draft = view.is_draft(options);
    let meta = Meta {
        title: &view.title,
        author: &view.body,
        subject: "政府信息公开工作年度报告",
        created: options.created.map(pdf_date),
    };
    typeset(report_chars(view, options), draft, &meta, |layout| {
        layout.title(&view.title);
        for p in &view.preamble {
            layout.paragraph(|f| &f.body, p, 2.0);
        }
        for section in &view.sections {
            // A section heading stays with what follows it: with a table, its header block and first row.
            if let Some(Block::Table(t)) = section.blocks.first() {
                layout.ensure(layout.pitch * 1.5 + layout.table_start_height(t));
            }
            layout.heading(|f| &f.heading, section.title);
            for block in &section.blocks {
                match block {
                    Block::Heading(h) => layout.heading(Fonts::subheading, h),
                    Block::Paragraph(p) => layout.paragraph(|f| &f.body, p, 2.0),
                    Block::Table(t) => layout.table(t),
                }
            }
        }
        layout.closing(&view.signatory, view.signed.as_deref());
        if let (Some(approval), false) = (&options.approval, draft) {
            layout.paragraph(|f| &f.body, &approval.text(), 2.0);
        }
    })
}

/// Renders the review sheet (审核意见单) for the archive: the same page, faces and grid as the report.
pub fn review_sheet(sheet: &ReviewSheet, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let mut texts: Vec<&str> = vec![
        &sheet.title,
        &sheet.body,
        ReviewSheet::HISTORY,
        ReviewSheet::COMMENTS,
        ReviewSheet::NOTHING,
        ReviewSheet::ANSWER,
    ];
    for (label, value) in &sheet.facts {
        texts.extend([*label, value.as_str()]);
    }
    for t in &sheet.history {
        texts.extend([t.at.as_str(), &t.by, &t.action, &t.note]);
    }
    for c in &sheet.comments {
        texts.extend([c.anchor.as_str(), &c.status, &c.by, &c.at, &c.text]);
        for r in &c.replies {
            texts.extend([r.by.as_str(), &r.at, &r.text]);
        }
    }
    let meta = Meta {
        title: &sheet.title,
        author: &sheet.body,
        subject: "政府信息公开工作年度报告审核意见单",
        created: options.created.map(pdf_date),
    };
    let chars = texts.iter().flat_map(|t| t.chars()).collect();
    typeset(chars, false, &meta, |layout| {
        layout.title(&sheet.title);
        for (label, value) in &sheet.facts {
            layout.paragraph(|f| &f.body, &format!("{label}：{value}"), 0.0);
        }
        layout.heading(|f| &f.heading, ReviewSheet::HISTORY);
        if sheet.history.is_empty() {
            layout.paragraph(|f| &f.body, ReviewSheet::NOTHING, 2.0);
        }
        for t in &sheet.history {
            let note = if t.note.is_empty() {
                String::new()
            } else {
                format!("：{}", t.note)
            };
            let line = format!("{}　{}　{}{note}", t.at, t.by, t.action);
            layout.paragraph(|f| &f.body, &line, 2.0);
        }
        layout.heading(|f| &f.heading, ReviewSheet::COMMENTS);
        if sheet.comments.is_empty() {
            layout.paragraph(|f| &f.body, ReviewSheet::NOTHING, 2.0);
        }
        for c in &sheet.comments {
            let head = format!("（{}）{}［{}］", c.number, c.anchor, c.status);
            layout.heading(Fonts::subheading, &head);
            layout.paragraph(
                |f| &f.body,
                &format!("{}（{}）：{}", c.by, c.at, c.text),
                2.0,
            );
            for r in &c.replies {
                layout.paragraph(
                    |f| &f.body,
                    &format!("{}　{}（{}）：{}", ReviewSheet::ANSWER, r.by, r.at, r.text),
                    2.0,
                );
            }
        }
    })
}

/// Pages, metadata and subset fonts: the end every PDF shares.
fn finish(doc: PdfDocument, layout: Layout<'_>, meta: &Meta<'_>) -> Vec<u8> {
    let mut doc = doc;
    let pages: Vec<PdfPage> = layout
        .finish()
        .into_iter()
        .map(|ops| PdfPage::new(Mm(PAGE_W_MM), Mm(PAGE_H_MM), ops))
        .collect();
    let info = &mut doc.metadata.info;
    meta.title.clone_into(&mut info.document_title);
    meta.author.clone_into(&mut info.author);
    "nianbao".clone_into(&mut info.creator);
    "nianbao (printpdf)".clone_into(&mut info.producer);
    meta.subject.clone_into(&mut info.subject);
    if let Some(created) = meta.created {
        info.creation_date = created;
        info.modification_date = created;
        info.metadata_date = created;
    }
    let save = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    doc.with_pages(pages).save(&save, &mut Vec::new())
}
