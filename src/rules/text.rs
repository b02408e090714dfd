//! Text against tables (TXT-NUMBERS, TXT-CLAIMS) and the fee notices that section 六 states (for T3-FEE): checks
//! only. The prose is read by [`crate::prose`] (sentences, figures before units, keyword search).
//!
//! A figure is only compared when the words right before it say unambiguously what it counts; anything else is left
//! alone rather than guessed. A round figure (`120余件`, `约120件`) is stated, but never compared.

use std::sync::OnceLock;

use crate::format::{
    CellRef, FormatVersion, RowRole, T3_TOTAL, T4_AFTER_REVIEW, T4_CORRECTED, T4_DIRECT,
    T4_OTHER_RESULT, T4_PENDING, T4_REVIEW, T4_TOTAL, TableId,
};
use crate::model::{Report, TextField};
use crate::prose::{
    Clause, Keyword, contains, count_units, digit_value, figures, find, numbering, rfind, sentences,
};

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
        let mut units = count_units(text).peekable();
        for s in sentences(text) {
            let (start, end) = (s.start, s.end);
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
                normative_label: Keyword::new(label),
            }
        })
    }
}

// ---------------------------------------------------------------------------------------------------------------
// TXT-NUMBERS

/// An outcome category of table 3 as the text names it, derived from the format: `予以公开`, `不予公开`, … with the
/// rows it sums.
struct Category {
    keyword: Keyword,
    rows: Vec<usize>,
}

impl Category {
    fn name(&self) -> &'static str {
        self.keyword.text()
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
        let name = numbering(label).map_or(label, |n| n.rest);
        let name = name.split('（').next().unwrap_or(name);
        match out.last_mut() {
            Some(last) if last.name() == name => last.rows.push(r),
            _ => out.push(Category {
                keyword: Keyword::new(name),
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

/// A keyword of the checks (a `const`: its summary is made when compiling).
const fn kw(text: &'static str) -> Keyword {
    Keyword::new(text)
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
        let Some((start, end)) = lead.rfind(cat.keyword) else {
            continue;
        };
        // `予以公开及部分公开258件`: two categories joined state their sum.
        let before = lead.text()[..start].trim_end_matches(['及', '和', '与', '、', '或']);
        let joined = (before.len() < start)
            .then(|| {
                categories[..k]
                    .iter()
                    .position(|c| before.ends_with(c.name()))
            })
            .flatten();
        match joined {
            Some(j) => consider(
                Stated::Outcomes(j, k),
                Some((before.len() - categories[j].name().len(), end)),
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
        consider(Stated::CarriedOut, Some((start, lead.text().len())));
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
            .filter_map(|v| rfind(&lead.text()[..p], v.text()))
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
    // The gap is part of the words before the figure, whose summary rules out its keywords as well.
    let gap = lead.tail(end);
    let gap_ok = gap.text().chars().count() <= 8
        && !gap
            .text()
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
    // The words before the current figure, grown by each part as the figures are read: the keywords are looked for
    // in the words before a figure, and a part's own summary rules out far more than the sentence's.
    let mut before = Clause::new(&sentence[..0]);
    for figure in figures(sentence) {
        let after = figure.end;
        let lead = Clause::new(&sentence[lead_start..figure.start]);
        let between = Clause::new(&sentence[before.text().len()..lead_start]);
        before = before
            .join(between, &sentence[..lead_start])
            .join(lead, &sentence[..figure.start]);
        let short_clause = lead.text().chars().count() <= 10;
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
        let clause_start = lead.text()[..quote_start]
            .rfind(['，', ',', '、', '：', ':', '（', '('])
            .map_or(0, |p| {
                p + lead.text()[p..].chars().next().map_or(1, char::len_utf8)
            });
        let quote_start = if lead.text()[clause_start..quote_start].chars().count() <= 3 {
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
    for s in sentences(text) {
        let sentence = s.text(text);
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
            .filter(|f| f.start > pos)
            .find_map(|f| f.value)
        {
            return Some(n);
        }
    }
    None
}

/// Whether a text states the amount of the 收费通知 (a figure in 元 in a sentence about them).
pub(super) fn states_notice_amount(text: &str) -> bool {
    sentences(text).any(|s| {
        let sentence = s.text(text);
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

    fn sample() -> Report {
        crate::io::document::from_str(include_str!("../../assets/sample.ron"))
            .unwrap()
            .report
    }

    /// The checks read only the sentences up to the last unit: on every text of the sample, the units and the
    /// sentences the scanner gives are those a character-by-character reading gives.
    #[test]
    fn the_scanner_reads_the_sample_as_a_character_scan_does() {
        let sample = sample();
        for field in sample.text_fields() {
            let text = sample.text(field);
            let expected: Vec<usize> = text
                .char_indices()
                .filter(|&(_, c)| matches!(c, '件' | '宗' | '起'))
                .map(|(i, _)| i)
                .collect();
            assert_eq!(count_units(text).collect::<Vec<_>>(), expected, "{text:?}");
            let expected: Vec<&str> = text
                .split(['。', '！', '？', '；', '!', '?', ';', '\n', '\r'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            let found: Vec<&str> = sentences(text).map(|s| s.text(text)).collect();
            assert_eq!(found, expected, "{text:?}");
            for needle in ["件", "收到申请", "纠错", "x", "；", "申请3件"] {
                assert_eq!(find(text, needle), text.find(needle), "{needle}");
                assert_eq!(contains(text, needle), text.contains(needle), "{needle}");
            }
        }
    }

    #[test]
    fn the_vocabulary_of_each_format_names_its_outcome_categories() {
        for format in [FormatVersion::V2021, FormatVersion::V2019] {
            let v = Vocabulary::of(format);
            assert!(
                v.categories.iter().any(|c| c.name() == "予以公开"),
                "{format:?}"
            );
            assert!(
                !v.categories.iter().any(|c| c.name().is_empty()),
                "{format:?}"
            );
            assert_eq!(v.normative_label, Keyword::new(v.normative_label.text()));
            assert!(std::ptr::eq(v, Vocabulary::of(format)));
        }
    }

    /// The summaries only ever rule out keywords that are absent: on every clause of real report prose, the
    /// summarised search for the checks' keywords agrees with a plain one.
    #[test]
    fn summarised_search_agrees_with_plain_search_on_real_prose() {
        let sample = sample();
        let keywords: Vec<Keyword> = DISQUALIFIERS
            .iter()
            .chain(&RECEIVE_VERBS)
            .chain(&NOT_RECEIVED)
            .chain(&CARRIED_OUT)
            .copied()
            .chain(NORMATIVE_VERBS.iter().map(|&(k, _)| k))
            .chain(outcome_categories(sample.format).iter().map(|c| c.keyword))
            .chain([kw("公开"), kw("申请"), kw("结转"), kw("x"), kw("，")])
            .collect();
        let mut clauses = 0;
        let mut ruled_out = 0;
        for field in sample.text_fields() {
            let text = sample.text(field);
            for s in sentences(text) {
                for clause in s.text(text).split('，') {
                    let c = Clause::new(clause);
                    clauses += 1;
                    for &k in &keywords {
                        assert_eq!(
                            c.contains(k),
                            clause.contains(k.text()),
                            "{} in {clause}",
                            k.text()
                        );
                        assert_eq!(
                            c.rfind(k).map(|(s, _)| s),
                            clause.rfind(k.text()),
                            "{} in {clause}",
                            k.text()
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
