//! Text against tables (TXT-NUMBERS, TXT-CLAIMS), and the small hand scanner over sentences and figures that the
//! other text checks share.
//!
//! The scanner reads real report prose: figures in ASCII or full-width digits or simple Chinese numerals, `余`/`多`/
//! `约` marking a round figure (skipped, never compared), `，` or `,` between clauses. A figure is only compared when
//! the words right before it say unambiguously what it counts; anything else is left alone rather than guessed.

use std::sync::OnceLock;

use crate::format::{
    CellRef, FormatVersion, RowRole, T3_TOTAL, T4_AFTER_REVIEW, T4_CORRECTED, T4_DIRECT,
    T4_OTHER_RESULT, T4_PENDING, T4_REVIEW, T4_TOTAL, TableId,
};
use crate::model::{Report, TextField};

use super::tables::label_number;
use super::{Anchor, RuleId, Sink, cell_label};

pub(super) fn check(report: &Report, out: &mut Sink) {
    let vocabulary = Vocabulary::of(report.format);
    for field in report.text_fields() {
        let text = report.text(field);
        if text.is_empty() {
            continue;
        }
        // Claims about outcomes are rare: one search of the whole text spares one per sentence, and the sentences
        // to read are those where a claim word starts.
        let claim_words = if CLAIM_WORDS.iter().any(|w| text.contains(w)) {
            claim_words_at(text)
        } else {
            Vec::new()
        };
        // Most sentences state no count: the units are looked for once in the whole text, and the sentences are
        // read up to the last one that has a unit or a claim word.
        let mut units = units(text).peekable();
        for (start, end) in sentences(text) {
            while units.next_if(|&u| u < start).is_some() {}
            if units.peek().is_none() && !claim_words.iter().any(|&p| p >= start) {
                break;
            }
            let sentence = &text[start..end];
            if units.peek().is_some_and(|&u| u < end) {
                numbers(report, vocabulary, field, start, sentence, out);
            }
            if claim_words.iter().any(|p| (start..end).contains(p)) {
                claims(report, field, start, sentence, out);
            }
        }
    }
}

/// What the text checks read from a format: derived from its static definition once per format version, not on
/// every evaluation.
struct Vocabulary {
    /// The outcome categories of table 3.
    categories: Vec<Category>,
    /// The label of table 2's 行政规范性文件 row.
    normative_label: Keyword,
}

impl Vocabulary {
    fn of(format: FormatVersion) -> &'static Self {
        static V2021: OnceLock<Vocabulary> = OnceLock::new();
        static V2019: OnceLock<Vocabulary> = OnceLock::new();
        let cell = match format {
            FormatVersion::V2021 => &V2021,
            FormatVersion::V2019 => &V2019,
        };
        cell.get_or_init(|| {
            let t2 = format.table2();
            let label = t2
                .row_index("normative_documents")
                .map_or("规范性文件", |r| t2.rows[r].label);
            Self {
                categories: outcome_categories(format),
                normative_label: Keyword {
                    text: label,
                    mask: char_mask(label),
                },
            }
        })
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The scanner

fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n' | '\r')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}'
}

/// Every byte of a word: `u64::from_le_bytes([1; 8])`.
const LO: u64 = 0x0101_0101_0101_0101;
/// Bit 7 of every byte of a word.
const HI: u64 = 0x8080_8080_8080_8080;

/// Bit 7 set in every byte of `word` that equals `b`. The lowest flag is exact; above it a byte may be flagged
/// falsely (the borrow of the subtraction), which [`next_flagged`] never reads.
const fn bytes_equal(word: u64, b: u8) -> u64 {
    let x = word ^ (LO * b as u64);
    x.wrapping_sub(LO) & !x & HI
}

/// Bit 7 set in every byte of `word` below 0x40: the ASCII controls, digits and punctuation.
const fn bytes_below_0x40(word: u64) -> u64 {
    !(word | (word << 1)) & HI
}

/// The offsets of the bytes at or after `from` that `flags` marks, in order, eight bytes at a time. `flags` gets a
/// word of text (little endian: the first byte lowest) and sets bit 7 of the bytes it marks; the bytes past the end
/// of the text read as 0x80. Every byte it means is marked, and possibly a few others (see [`bytes_equal`]): the
/// caller reads the bytes at each offset (with `get`: a mark may even fall past the end).
///
/// The text checks look for a few bytes in all of the report's prose (sentence terminators, units); a word at a time
/// is several times faster than a byte at a time, and std has no multi-byte memchr.
fn flagged(bytes: &[u8], from: usize, flags: impl Fn(u64) -> u64) -> impl Iterator<Item = usize> {
    let (mut next_word, mut word_start, mut marks) = (from, from, 0_u64);
    std::iter::from_fn(move || {
        while marks == 0 {
            let rest = bytes.get(next_word..).filter(|r| !r.is_empty())?;
            let word = if let Some(chunk) = rest.first_chunk::<8>() {
                *chunk
            } else {
                let mut tail = [0x80; 8];
                tail[..rest.len()].copy_from_slice(rest);
                tail
            };
            marks = flags(u64::from_le_bytes(word));
            word_start = next_word;
            next_word += 8;
        }
        let at = word_start + marks.trailing_zeros() as usize / 8;
        marks &= marks - 1;
        Some(at)
    })
}

/// The sentence terminators of a text, in order: (byte offset, length). Only the bytes that may start one are
/// looked at closely: the ASCII ones below 0x40 and the lead bytes of `。` (0xE3) and `！？；` (0xEF). Sentence
/// splitting runs over the report's prose and dominated the text checks' profile.
fn terminators(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    flagged(bytes, 0, |w| {
        bytes_below_0x40(w) | bytes_equal(w, 0xE3) | bytes_equal(w, 0xEF)
    })
    .filter_map(move |i| match bytes.get(i)? {
        b'!' | b'?' | b';' | b'\n' | b'\r' => Some((i, 1)),
        0xE3 | 0xEF => text
            .get(i..i + 3)
            .and_then(|s| s.chars().next())
            .filter(|&c| is_terminator(c))
            .map(|_| (i, 3)),
        _ => None,
    })
}

/// The byte offsets of the units in a text, in order: `件`, `宗` and `起`, after which a figure counts applications,
/// cases or documents. Found by their last bytes (0xB6, 0x97, 0xB7, which are the bytes that OR 0x21 makes 0xB7,
/// with 0x96).
fn units(text: &str) -> impl Iterator<Item = usize> + '_ {
    flagged(text.as_bytes(), 0, |w| bytes_equal(w | (LO * 0x21), 0xB7)).filter_map(move |i| {
        let start = i.checked_sub(2)?;
        text.get(start..=i)
            .is_some_and(|u| matches!(u, "件" | "宗" | "起"))
            .then_some(start)
    })
}

/// Byte ranges of the sentences of a text (split at `。！？；` and line breaks), without the terminator and the
/// surrounding white space; empty sentences are left out.
pub(super) fn sentences(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut terminators = terminators(text);
    let mut rest = 0;
    std::iter::from_fn(move || {
        while rest < text.len() {
            let from = rest;
            let (end, len) = terminators.next().unwrap_or((text.len(), 0));
            rest = end + len;
            let sentence = &text[from..end];
            let trimmed_start = sentence.len() - sentence.trim_start_matches(is_space).len();
            let trimmed_end = sentence.trim_end_matches(is_space).len();
            if trimmed_end > trimmed_start {
                return Some((from + trimmed_start, from + trimmed_end));
            }
        }
        None
    })
}

fn digit_value(c: char) -> Option<u64> {
    match c {
        '0'..='9' => Some(u64::from(c) - u64::from('0')),
        '０'..='９' => Some(u64::from(c) - u64::from('０')),
        _ => None,
    }
}

fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The value of a simple Chinese numeral (`七`, `十二`, `二十`, `三十五`, `一百零八`).
fn chinese_value(s: &str) -> Option<u64> {
    let (mut total, mut current, mut any) = (0_u64, 0_u64, false);
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            current = d;
            any = true;
        } else if c == '十' {
            total += if any && current > 0 { current } else { 1 } * 10;
            current = 0;
            any = true;
        } else if c == '百' {
            if current == 0 {
                return None;
            }
            total += current * 100;
            current = 0;
        } else {
            return None;
        }
    }
    any.then_some(total + current)
}

/// A figure stated right before a unit.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Figure {
    /// Byte offset in the scanned text where the figure starts.
    pub start: usize,
    /// `None` for a round figure (`120余`, `约120`): stated, but not to be compared.
    pub value: Option<u64>,
}

/// The figure that ends `before` (a unit follows it), if any.
pub(super) fn figure_before(before: &str) -> Option<Figure> {
    let trimmed = before.trim_end_matches(is_space);
    let (trimmed, round) = match trimmed.strip_suffix(['余', '多']) {
        Some(t) => (t, true),
        None => (trimmed, false),
    };
    let mut start = trimmed.len();
    let mut value = 0_u64;
    let mut place = 1_u64;
    let mut digits = 0;
    let mut group = 0;
    let mut chars = trimmed.char_indices().rev().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(d) = digit_value(c) {
            value = value.saturating_add(d.saturating_mul(place));
            place = place.saturating_mul(10);
            digits += 1;
            group += 1;
            start = i;
        } else if matches!(c, ',' | '，')
            && group == 3
            && chars.peek().is_some_and(|&(_, p)| digit_value(p).is_some())
        {
            // `1,234件`: a thousands separator, not a clause break (three digits follow, a digit precedes).
            group = 0;
        } else {
            break;
        }
    }
    if digits == 0 {
        let numeral_start = trimmed
            .char_indices()
            .rev()
            .take_while(|&(_, c)| chinese_digit(c).is_some() || c == '十' || c == '百')
            .last()
            .map(|(i, _)| i)?;
        value = chinese_value(&trimmed[numeral_start..])?;
        start = numeral_start;
    }
    let lead = &trimmed[..start];
    if lead.ends_with('第') {
        return None;
    }
    let round = round
        || ["约", "近", "逾", "超", "超过", "大约", "将近", "上"]
            .iter()
            .any(|p| lead.ends_with(p));
    Some(Figure {
        start,
        value: (!round).then_some(value),
    })
}

/// Every figure with a unit in a sentence: (byte offset of the figure, its value, byte offset after the unit).
fn figures(sentence: &str) -> impl Iterator<Item = (Figure, usize)> + '_ {
    let mut units = units(sentence);
    std::iter::from_fn(move || {
        loop {
            let i = units.next()?;
            let c = sentence[i..].chars().next()?;
            let after = i + c.len_utf8();
            let next = sentence[after..].chars().next();
            // `起诉`, `起草`, `一起`: 起 is a unit only right after digits; `一件事` is a slogan, not a count.
            if c == '起'
                && (next.is_some_and(|n| matches!(n, '诉' | '草' | '来' | '步'))
                    || !sentence[..i].ends_with(|p: char| digit_value(p).is_some()))
            {
                continue;
            }
            if c == '件' && next == Some('事') {
                continue;
            }
            if let Some(f) = figure_before(&sentence[..i]) {
                return Some((f, after));
            }
        }
    })
}

// ---------------------------------------------------------------------------------------------------------------
// TXT-NUMBERS

/// An outcome category of table 3 as the text names it, derived from the format: `予以公开`, `不予公开`, … with the
/// rows it sums.
struct Category {
    name: &'static str,
    /// [`char_mask`] of the name.
    mask: u64,
    rows: Vec<usize>,
}

impl Category {
    fn keyword(&self) -> Keyword {
        Keyword {
            text: self.name,
            mask: self.mask,
        }
    }
}

fn outcome_categories(format: FormatVersion) -> Vec<Category> {
    let def = format.table3();
    let mut out: Vec<Category> = Vec::new();
    for (r, row) in def.rows.iter().enumerate() {
        if row.role != RowRole::Outcome {
            continue;
        }
        let label = row.group.unwrap_or(row.label);
        let name = &label[label_number(label).len()..];
        let name = name.split('（').next().unwrap_or(name);
        match out.last_mut() {
            Some(last) if last.name == name => last.rows.push(r),
            _ => out.push(Category {
                name,
                mask: char_mask(name),
                rows: vec![r],
            }),
        }
    }
    out
}

/// What a stated figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stated {
    Received,
    CarriedIn,
    CarriedOut,
    /// Outcome categories `a..=b` (index into the categories; `予以公开及部分公开` is two).
    Outcomes(usize, usize),
    Review,
    Litigation,
    /// A field of table 2's 行政规范性文件 row, by field key.
    Normative(&'static str),
}

/// Words between the keyword and the figure that make the figure count something else (a part, a change).
const DISQUALIFIERS: [Keyword; 16] = [
    kw("其中"),
    kw("维持"),
    kw("纠正"),
    kw("审结"),
    kw("败诉"),
    kw("起诉"),
    kw("驳回"),
    kw("撤销"),
    kw("同比"),
    kw("增长"),
    kw("增加"),
    kw("下降"),
    kw("减少"),
    kw("占"),
    kw("涉及"),
    kw("人次"),
];

const RECEIVE_VERBS: [Keyword; 4] = [kw("收到"), kw("新收"), kw("受理"), kw("接收")];
const NOT_RECEIVED: [Keyword; 6] = [
    kw("办理"),
    kw("办结"),
    kw("答复"),
    kw("处理"),
    kw("复议"),
    kw("诉讼"),
];
/// `结转下年度`: carried out (the period follows the keyword).
const CARRIED_OUT: [Keyword; 4] = [kw("结转下"), kw("结转至下"), kw("结转到下"), kw("转入下")];
/// Verbs of table 2's 行政规范性文件 row, with the field each figure goes to.
const NORMATIVE_VERBS: [(Keyword, &str); 8] = [
    (kw("制发"), "issued"),
    (kw("印发"), "issued"),
    (kw("出台"), "issued"),
    (kw("制定"), "issued"),
    (kw("发布"), "issued"),
    (kw("废止"), "repealed"),
    (kw("失效"), "repealed"),
    (kw("现行有效"), "in_force"),
];

/// The last occurrence of `needle` in `haystack`, by a plain byte scan. The scanner looks for dozens of short
/// keywords in short clauses for every figure; std's `rfind` builds a two-way searcher each time, which cost more
/// than the search. The first and last bytes are tested first: a Han character's lead byte is shared by thousands
/// of characters, its last byte far less. A match of valid UTF-8 in valid UTF-8 starts on a character boundary.
pub(super) fn rfind(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let (&first, &last) = (n.first()?, n.last()?);
    let last_start = h.len().checked_sub(n.len())?;
    (0..=last_start)
        .rev()
        .find(|&i| h[i + n.len() - 1] == last && h[i] == first && &h[i..i + n.len()] == n)
}

/// The first occurrence of `needle` in `haystack`, by the same plain byte scan as [`rfind`].
pub(super) fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let (&first, &last) = (n.first()?, n.last()?);
    let last_start = h.len().checked_sub(n.len())?;
    (0..=last_start)
        .find(|&i| h[i + n.len() - 1] == last && h[i] == first && &h[i..i + n.len()] == n)
}

/// Whether `haystack` contains `needle` (not empty). std's `contains` compares 16 bytes at a time on a long text,
/// but on a text shorter than its block plus the needle it builds a two-way searcher, which costs far more than the
/// plain scan of a clause.
pub(super) fn contains(haystack: &str, needle: &str) -> bool {
    if haystack.len() < 64 {
        find(haystack, needle).is_some()
    } else {
        haystack.contains(needle)
    }
}

/// A 64-bit summary of the characters of a text: bit `b % 64` for the last byte `b` of each character (for a Han
/// character a continuation byte, which varies far more than the lead byte). A keyword can only occur in a text
/// whose mask has all of the keyword's bits, so most searches are ruled out by one AND.
const fn char_mask(text: &str) -> u64 {
    let b = text.as_bytes();
    let mut mask = 0_u64;
    let mut i = 0;
    // Branch-free: a byte ends a character when the next one is not a continuation byte.
    while i + 1 < b.len() {
        let ends = (b[i + 1] & 0xC0 != 0x80) as u64;
        mask |= ends << (b[i] & 63);
        i += 1;
    }
    if let Some(&last) = b.last() {
        mask |= 1 << (last & 63);
    }
    mask
}

/// A keyword the scanner looks for, with its [`char_mask`].
#[derive(Clone, Copy)]
struct Keyword {
    text: &'static str,
    mask: u64,
}

const fn kw(text: &'static str) -> Keyword {
    Keyword {
        text,
        mask: char_mask(text),
    }
}

/// A stretch of a sentence with its [`char_mask`].
#[derive(Clone, Copy)]
struct Clause<'a> {
    text: &'a str,
    mask: u64,
}

impl<'a> Clause<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            mask: char_mask(text),
        }
    }

    fn may_contain(self, k: Keyword) -> bool {
        self.mask & k.mask == k.mask
    }

    fn contains(self, k: Keyword) -> bool {
        self.may_contain(k) && contains(self.text, k.text)
    }

    /// The last occurrence of `k`: (start, end) byte offsets.
    fn rfind(self, k: Keyword) -> Option<(usize, usize)> {
        if !self.may_contain(k) {
            return None;
        }
        rfind(self.text, k.text).map(|p| (p, p + k.text.len()))
    }
}

/// What the words before a figure say it counts: the keyword closest to the figure wins. Returns the kind and the
/// byte offset in `lead` where the quoted statement starts.
fn classify(
    lead: Clause<'_>,
    sentence_before: Clause<'_>,
    normative_topic: bool,
    categories: &[Category],
    normative_label: Keyword,
) -> Option<(Stated, usize)> {
    let mut best: Option<(Stated, usize, usize)> = None;
    let mut consider = |kind: Stated, span: Option<(usize, usize)>| {
        if let Some((start, end)) = span
            && best.is_none_or(|(_, _, e)| end > e)
        {
            best = Some((kind, start, end));
        }
    };
    for (k, cat) in categories.iter().enumerate() {
        let Some((start, end)) = lead.rfind(cat.keyword()) else {
            continue;
        };
        // `予以公开及部分公开258件`: two categories joined state their sum.
        let before = lead.text[..start].trim_end_matches(['及', '和', '与', '、', '或']);
        let joined = (before.len() < start)
            .then(|| {
                categories[..k]
                    .iter()
                    .position(|c| before.ends_with(c.name))
            })
            .flatten();
        match joined {
            Some(j) => consider(
                Stated::Outcomes(j, k),
                Some((before.len() - categories[j].name.len(), end)),
            ),
            None => consider(Stated::Outcomes(k, k), Some((start, end))),
        }
    }
    consider(Stated::Review, lead.rfind(const { kw("行政复议") }));
    consider(Stated::Litigation, lead.rfind(const { kw("行政诉讼") }));
    let carried_out = CARRIED_OUT
        .iter()
        .filter_map(|&k| lead.rfind(k))
        .max_by_key(|&(_, e)| e);
    if let Some((start, _)) = carried_out {
        // The period (`年度`) follows the keyword; the statement ends with it.
        consider(Stated::CarriedOut, Some((start, lead.text.len())));
    } else {
        consider(Stated::CarriedIn, lead.rfind(const { kw("结转") }));
    }
    if let Some((p, e)) = lead.rfind(const { kw("申请") })
        && sentence_before.contains(const { kw("公开") })
        && !NOT_RECEIVED.iter().any(|&w| lead.contains(w))
    {
        let verb = RECEIVE_VERBS
            .iter()
            .filter(|&&v| lead.may_contain(v))
            .filter_map(|v| rfind(&lead.text[..p], v.text))
            .min();
        let verb_in_sentence = RECEIVE_VERBS.iter().any(|&v| sentence_before.contains(v));
        if verb.is_some() || verb_in_sentence {
            consider(Stated::Received, Some((verb.unwrap_or(p), e)));
        }
    }
    if normative_topic || lead.contains(normative_label) {
        for (verb, key) in NORMATIVE_VERBS {
            consider(Stated::Normative(key), lead.rfind(verb));
        }
    }
    let (kind, start, end) = best?;
    // The gap is part of the sentence: the sentence's mask rules out its keywords as well.
    let gap = Clause {
        text: &lead.text[end..],
        mask: lead.mask,
    };
    let gap_ok = gap.text.chars().count() <= 8
        && !gap
            .text
            .chars()
            .any(|c| digit_value(c).is_some() || matches!(c, '，' | ',' | '：' | ':'))
        && !DISQUALIFIERS.iter().any(|&d| gap.contains(d));
    // A normative verb must be followed by the documents (`制发行政规范性文件15件`) or stand in a clause of its own
    // after them (`，废止或失效14件`).
    gap_ok.then_some((kind, start))
}

/// The table cells a stated figure is compared with, each given to `f`.
fn each_cell(report: &Report, categories: &[Category], kind: Stated, mut f: impl FnMut(CellRef)) {
    let t3 = report.format.table3();
    let t3_row = |role| {
        t3.row_with(role)
            .map(|r| CellRef::new(TableId::T3, r, T3_TOTAL))
    };
    match kind {
        Stated::Received => t3_row(RowRole::NewReceived).into_iter().for_each(f),
        Stated::CarriedIn => t3_row(RowRole::CarriedIn).into_iter().for_each(f),
        Stated::CarriedOut => t3_row(RowRole::CarriedOut).into_iter().for_each(f),
        Stated::Outcomes(a, b) => {
            for c in &categories[a..=b] {
                for &r in &c.rows {
                    f(CellRef::new(TableId::T3, r, T3_TOTAL));
                }
            }
        }
        Stated::Review => f(CellRef::new(TableId::T4, T4_REVIEW, T4_TOTAL)),
        Stated::Litigation => {
            f(CellRef::new(TableId::T4, T4_DIRECT, T4_TOTAL));
            f(CellRef::new(TableId::T4, T4_AFTER_REVIEW, T4_TOTAL));
        }
        Stated::Normative(key) => {
            let def = report.format.table2();
            if let Some(cell) = def.row_index("normative_documents").and_then(|r| {
                let c = def.rows[r].fields.iter().position(|f| f.key == key)?;
                Some(CellRef::new(TableId::T2, r, c))
            }) {
                f(cell);
            }
        }
    }
}

/// The table cells a stated figure is compared with.
fn cells_of(report: &Report, categories: &[Category], kind: Stated) -> Vec<CellRef> {
    let mut cells = Vec::new();
    each_cell(report, categories, kind, |c| cells.push(c));
    cells
}

/// The sum of the cells a stated figure is compared with: `None` when there are none or one is blank.
fn table_sum(report: &Report, categories: &[Category], kind: Stated) -> Option<i64> {
    let (mut sum, mut any) = (Some(0_i64), false);
    each_cell(report, categories, kind, |c| {
        any = true;
        sum = sum.and_then(|s| Some(s + report.count(c)?));
    });
    sum.filter(|_| any)
}

fn numbers(
    report: &Report,
    vocabulary: &Vocabulary,
    field: TextField,
    offset: usize,
    sentence: &str,
    out: &mut Sink,
) {
    let Vocabulary {
        categories,
        normative_label,
    } = vocabulary;
    let (categories, normative_label) = (categories.as_slice(), *normative_label);
    // A clean-up of documents counts documents of earlier years, not table 2's figures.
    let mut cleanup = None;
    let mut lead_start = 0;
    let mut topic = false;
    // The mask of the sentence up to the current figure, grown by each part as the figures are read: the keywords
    // are looked for in the words before a figure, and a part's own mask rules out far more than the sentence's.
    let mut before_mask = 0;
    let mut masked = 0;
    for (figure, after) in figures(sentence) {
        let lead = Clause::new(&sentence[lead_start..figure.start]);
        before_mask |= char_mask(&sentence[masked..lead_start]) | lead.mask;
        masked = figure.start;
        let before = Clause {
            text: &sentence[..figure.start],
            mask: before_mask,
        };
        let short_clause = lead.text.chars().count() <= 10;
        let found = classify(
            lead,
            before,
            topic && short_clause,
            categories,
            normative_label,
        );
        topic = lead.contains(normative_label) || (topic && short_clause);
        let stmt_start = lead_start;
        lead_start = after;
        let (Some((kind, quote_start)), Some(stated)) = (found, figure.value) else {
            continue;
        };
        if matches!(kind, Stated::Normative(_))
            && *cleanup.get_or_insert_with(|| contains(sentence, "清理"))
        {
            continue;
        }
        let Some(table) = table_sum(report, categories, kind) else {
            continue;
        };
        let stated = i64::try_from(stated).unwrap_or(i64::MAX);
        if table == stated {
            continue;
        }
        let cells = cells_of(report, categories, kind);
        let values: Vec<i64> = cells.iter().filter_map(|&c| report.count(c)).collect();
        // Quote from the start of the clause when only a word or two precede the keyword (`废止或失效14件`).
        let clause_start = lead.text[..quote_start]
            .rfind(['，', ',', '、', '：', ':', '（', '('])
            .map_or(0, |p| {
                p + lead.text[p..].chars().next().map_or(1, char::len_utf8)
            });
        let quote_start = if lead.text[clause_start..quote_start].chars().count() <= 3 {
            clause_start
        } else {
            quote_start
        };
        let quote = &sentence[stmt_start + quote_start..after];
        let source = if cells.len() == 1 {
            format!("{}为{table}", cell_label(report, cells[0]))
        } else {
            let names: Vec<String> = cells.iter().map(|&c| cell_label(report, c)).collect();
            let parts: Vec<String> = values.iter().map(ToString::to_string).collect();
            format!("{}之和为{table}（{}）", names.join("、"), parts.join("+"))
        };
        let message = format!(
            "正文称“{quote}”，但{source}，相差{}",
            table.abs_diff(stated)
        );
        let mut anchors = vec![Anchor::Text {
            field,
            start: offset,
            end: offset + sentence.len(),
        }];
        anchors.extend(cells.into_iter().map(Anchor::Cell));
        out.push(
            RuleId::TxtNumbers,
            anchors,
            Some(table),
            Some(stated),
            message,
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// TXT-CLAIMS

/// Claims that every case was upheld: then nothing was corrected, ended otherwise or is pending.
const ALL_UPHELD: [&str; 6] = [
    "均获维持",
    "全部维持",
    "均被维持",
    "均予以维持",
    "全部获得维持",
    "均维持",
];
/// Claims that no decision was corrected: then every 结果纠正 is 0.
const NONE_CORRECTED: [&str; 8] = [
    "无纠错",
    "无败诉",
    "未被纠错",
    "零纠错",
    "零败诉",
    "未败诉",
    "没有败诉",
    "没有被纠错",
];
/// Words that make a claim an aim, not a fact (`力争无败诉`).
const ASPIRATION: [&str; 6] = ["确保", "力争", "争取", "避免", "防止", "努力"];

/// The words without which a sentence makes no claim about outcomes (TXT-CLAIMS).
const CLAIM_WORDS: [&str; 3] = ["维持", "纠错", "败诉"];

/// Byte offsets in `text` where a claim word starts.
fn claim_words_at(text: &str) -> Vec<usize> {
    let mut at = Vec::new();
    for w in CLAIM_WORDS {
        let mut from = 0;
        while let Some(p) = text[from..].find(w) {
            at.push(from + p);
            from += p + w.len();
        }
    }
    at
}

fn claims(report: &Report, field: TextField, offset: usize, sentence: &str, out: &mut Sink) {
    let clause = Clause::new(sentence);
    let review = clause.contains(const { kw("复议") });
    let litigation = clause.contains(const { kw("诉讼") }) || clause.contains(const { kw("起诉") });
    let mut seen_upheld = false;
    let mut seen_corrected = false;
    for (phrases, columns) in [
        (
            &ALL_UPHELD[..],
            &[T4_CORRECTED, T4_OTHER_RESULT, T4_PENDING][..],
        ),
        (&NONE_CORRECTED[..], &[T4_CORRECTED][..]),
    ] {
        let upheld = columns.len() > 1;
        for phrase in phrases {
            let Some(pos) = clause
                .may_contain(kw(phrase))
                .then(|| find(sentence, phrase))
                .flatten()
            else {
                continue;
            };
            if (upheld && seen_upheld) || (!upheld && seen_corrected) {
                break;
            }
            let before = &sentence[..pos];
            let clause = before
                .rsplit(['，', ',', '：', ':'])
                .next()
                .unwrap_or(before);
            let negated = ["未", "非", "不", "没", "不是"]
                .iter()
                .any(|n| before.ends_with(n))
                || before.ends_with("并非");
            if negated || ASPIRATION.iter().any(|a| clause.contains(a)) {
                continue;
            }
            // An unqualified 均获维持 may be about anything; the tables only speak of 复议 and 诉讼.
            if upheld && !review && !litigation {
                continue;
            }
            let phrase_litigation = phrase.contains("败诉");
            let rows: &[usize] = match (review, litigation || phrase_litigation) {
                (true, false) => &[T4_REVIEW],
                (false, true) => &[T4_DIRECT, T4_AFTER_REVIEW],
                _ => &[T4_REVIEW, T4_DIRECT, T4_AFTER_REVIEW],
            };
            let offending: Vec<(CellRef, i64)> = rows
                .iter()
                .flat_map(|&r| {
                    columns
                        .iter()
                        .map(move |&c| CellRef::new(TableId::T4, r, c))
                })
                .filter_map(|c| report.count(c).filter(|&v| v > 0).map(|v| (c, v)))
                .collect();
            if upheld {
                seen_upheld = true;
            } else {
                seen_corrected = true;
            }
            if offending.is_empty() {
                continue;
            }
            let listed: Vec<String> = offending
                .iter()
                .map(|&(c, v)| format!("{}为{v}", cell_label(report, c)))
                .collect();
            let actual: i64 = offending.iter().map(|&(_, v)| v).sum();
            let message = format!("正文称“{phrase}”，但{}", listed.join("，"));
            let mut anchors = vec![Anchor::Text {
                field,
                start: offset,
                end: offset + sentence.len(),
            }];
            anchors.extend(offending.iter().map(|&(c, _)| Anchor::Cell(c)));
            out.push(RuleId::TxtClaims, anchors, Some(0), Some(actual), message);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Fee notices in section 六 (T3-FEE, DOC-FEE-STATEMENT)

/// The number of 收费通知 a text says were issued (`未发出收费通知` is 0).
pub(super) fn notices_in_text(text: &str) -> Option<u64> {
    for (start, end) in sentences(text) {
        let sentence = &text[start..end];
        let Some(pos) = sentence.find("收费通知") else {
            continue;
        };
        let before = &sentence[..pos];
        if before.ends_with("未发出")
            || before.ends_with("未发")
            || before.ends_with("没有发出")
            || before.ends_with("无")
        {
            return Some(0);
        }
        // `发出收费通知3件` or `收费通知共3件`: the first count after the words.
        if let Some(n) = figures(sentence)
            .filter(|(f, _)| f.start > pos)
            .find_map(|(f, _)| f.value)
        {
            return Some(n);
        }
    }
    None
}

/// Whether a text states the amount of the 收费通知 (a figure in 元 in a sentence about them).
pub(super) fn states_notice_amount(text: &str) -> bool {
    sentences(text).any(|(start, end)| {
        let sentence = &text[start..end];
        sentence.contains("收费通知")
            && sentence.char_indices().any(|(i, c)| {
                c == '元'
                    && sentence[..i]
                        .trim_end_matches(['万', ' '])
                        .ends_with(|p: char| digit_value(p).is_some())
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts around the word boundaries of the scanner: shorter than a word, ending mid-word, terminators and units
    /// in the last bytes, and characters that share a unit's last byte (他仗价亶).
    const EDGES: [&str; 9] = [
        "",
        "件",
        "共3件。",
        "他仗价亶世乗",
        "他说收到申请3件；办结2宗！结转1起?完\n",
        "abc;defgh!ijklmnop\r\n？",
        "一二三四五六七八九十。",
        "１２件、　3起\u{3000}",
        "行政复议5件，纠错0件。行政诉讼2件",
    ];

    fn edge_and_sample_texts() -> Vec<String> {
        let sample = crate::io::document::from_str(include_str!("../../assets/sample.ron"))
            .unwrap()
            .report;
        let mut texts: Vec<String> = EDGES.iter().map(|&t| t.to_owned()).collect();
        texts.extend(
            sample
                .text_fields()
                .into_iter()
                .map(|f| sample.text(f).to_owned()),
        );
        texts
    }

    #[test]
    fn the_word_scans_find_what_a_character_scan_finds() {
        for text in edge_and_sample_texts() {
            let text = text.as_str();
            let expected: Vec<(usize, usize)> = text
                .char_indices()
                .filter(|&(_, c)| is_terminator(c))
                .map(|(i, c)| (i, c.len_utf8()))
                .collect();
            assert_eq!(terminators(text).collect::<Vec<_>>(), expected, "{text:?}");
            let expected: Vec<usize> = text
                .char_indices()
                .filter(|&(_, c)| matches!(c, '件' | '宗' | '起'))
                .map(|(i, _)| i)
                .collect();
            assert_eq!(units(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
        // A text with neither: every byte that shares a unit's last byte is rejected.
        assert_eq!(units("他仗价亶世乗").count(), 0);
        assert_eq!(terminators("他仗价亶，世乗、123").count(), 0);
    }

    #[test]
    fn bytes_equal_flags_the_byte_and_nothing_below_it() {
        let word = u64::from_le_bytes(*b"ab;cd;ef");
        assert_eq!(bytes_equal(word, b';').trailing_zeros() / 8, 2);
        assert_eq!(bytes_equal(word, b'x'), 0);
        assert_eq!(bytes_below_0x40(word).trailing_zeros() / 8, 2);
        assert_eq!(bytes_below_0x40(u64::from_le_bytes(*b"abcdefgh")), 0);
    }

    #[test]
    fn find_and_contains_agree_with_std() {
        for text in edge_and_sample_texts() {
            for needle in ["件", "收到申请", "纠错", "x", "；", "申请3件"] {
                assert_eq!(
                    find(&text, needle),
                    text.find(needle),
                    "{needle} in {text:?}"
                );
                assert_eq!(
                    contains(&text, needle),
                    text.contains(needle),
                    "{needle} in {text:?}"
                );
            }
        }
        assert_eq!(find("收到申请3件", "申请"), Some(6));
        assert_eq!(find("收到申请3件", "请求"), None);
    }

    #[test]
    fn the_vocabulary_of_each_format_names_its_outcome_categories() {
        for format in [FormatVersion::V2021, FormatVersion::V2019] {
            let v = Vocabulary::of(format);
            assert!(
                v.categories.iter().any(|c| c.name == "予以公开"),
                "{format:?}"
            );
            assert!(
                !v.categories.iter().any(|c| c.name.is_empty()),
                "{format:?}"
            );
            assert_eq!(v.normative_label.mask, char_mask(v.normative_label.text));
            assert!(std::ptr::eq(v, Vocabulary::of(format)));
        }
    }

    /// The masks only ever rule out keywords that are absent: on every clause of real report prose, the masked
    /// search agrees with a plain one.
    #[test]
    fn masked_search_agrees_with_plain_search_on_real_prose() {
        let sample = crate::io::document::from_str(include_str!("../../assets/sample.ron"))
            .unwrap()
            .report;
        let keywords: Vec<Keyword> = DISQUALIFIERS
            .iter()
            .chain(&RECEIVE_VERBS)
            .chain(&NOT_RECEIVED)
            .chain(&CARRIED_OUT)
            .copied()
            .chain(NORMATIVE_VERBS.iter().map(|&(k, _)| k))
            .chain(
                outcome_categories(sample.format)
                    .iter()
                    .map(Category::keyword),
            )
            .chain([kw("公开"), kw("申请"), kw("结转"), kw("x"), kw("，")])
            .collect();
        let mut clauses = 0;
        let mut ruled_out = 0;
        for field in sample.text_fields() {
            let text = sample.text(field);
            for (start, end) in sentences(text) {
                for clause in text[start..end].split('，') {
                    let c = Clause::new(clause);
                    clauses += 1;
                    for &k in &keywords {
                        assert_eq!(
                            c.contains(k),
                            clause.contains(k.text),
                            "{} in {clause}",
                            k.text
                        );
                        assert_eq!(
                            c.rfind(k).map(|(s, _)| s),
                            clause.rfind(k.text),
                            "{} in {clause}",
                            k.text
                        );
                        ruled_out += usize::from(!c.may_contain(k));
                    }
                }
            }
        }
        assert!(clauses > 50, "{clauses}");
        // And they do rule out most searches, which is their point.
        assert!(ruled_out * 2 > clauses * keywords.len(), "{ruled_out}");
    }
}
