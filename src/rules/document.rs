//! Checks on the whole document (DOC-*): sections present, meta, the fee statement, section 五, the deadline and
//! the length of section 一.

use crate::format::{PREAMBLE, REPORT_YEARS, SectionId};
use crate::model::{Report, TextField};
use crate::prose::sentences;

use super::{Anchor, MetaField, RuleId, Sink};

pub(super) fn check(report: &Report, out: &mut Sink) {
    sections(report, out);
    meta(report, out);
    fee_statement(report, out);
    section5(report, out);
    deadline(report, out);
    length(report, out);
}

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// DOC-SECTIONS: every statutory section has content (a table section through its own FILLED check).
fn sections(report: &Report, out: &mut Sink) {
    for id in SectionId::ALL {
        let empty = match id {
            SectionId::General => report.general.is_empty(),
            // A table section with nothing in it is the table's own FILLED finding (`表三尚未填写`), once.
            SectionId::Proactive | SectionId::Requests | SectionId::Appeals => false,
            SectionId::Problems => is_blank(&report.problems),
            SectionId::Other => {
                is_blank(&report.other.fee_text)
                    && is_blank(&report.other.text)
                    && !report.other.fee.is_stated()
            }
        };
        if empty {
            out.push(
                RuleId::DocSections,
                vec![Anchor::Section(id)],
                None,
                None,
                format!("“{}”没有内容：六个部分都必须填写", id.title()),
            );
        }
    }
}

/// The four-digit years (`2024年`) in a text, with their byte ranges.
fn years(text: &str) -> impl Iterator<Item = (u16, usize, usize)> + '_ {
    text.char_indices().filter_map(move |(i, c)| {
        if c != '年' {
            return None;
        }
        let digits = text[..i]
            .char_indices()
            .rev()
            .take_while(|&(_, d)| d.is_ascii_digit())
            .count();
        if digits != 4 {
            return None;
        }
        let start = i - 4;
        text[start..i].parse().ok().map(|y| (y, start, i))
    })
}

/// DOC-META: issuing body, year and a date; the statistics period stated in the preamble is the report year.
fn meta(report: &Report, out: &mut Sink) {
    let m = &report.meta;
    if is_blank(&m.body) {
        out.push(
            RuleId::DocMeta,
            vec![Anchor::Meta(MetaField::Body)],
            None,
            None,
            "未填写机关名称".to_owned(),
        );
    }
    if !REPORT_YEARS.contains(&m.year) {
        out.push(
            RuleId::DocMeta,
            vec![Anchor::Meta(MetaField::Year)],
            None,
            Some(i64::from(m.year)),
            format!("报告年度“{}”无效，应为报告所统计的年份", m.year),
        );
    }
    if m.published.is_none() && m.signed.is_none() {
        out.push(
            RuleId::DocMeta,
            vec![
                Anchor::Meta(MetaField::Published),
                Anchor::Meta(MetaField::Signed),
            ],
            None,
            None,
            "未填写日期：发布日期和成文日期至少填写一个".to_owned(),
        );
    }
    let preamble = &report.preamble;
    for s in sentences(preamble) {
        let (start, end) = (s.start, s.end);
        let sentence = s.text(preamble);
        let Some(pos) = sentence
            .find("统计期")
            .or_else(|| sentence.find("统计时限"))
        else {
            continue;
        };
        if let Some((year, _, _)) = years(&sentence[pos..]).find(|&(y, _, _)| y != m.year) {
            out.push(
                RuleId::DocMeta,
                vec![
                    Anchor::Text {
                        field: TextField::Preamble,
                        start,
                        end,
                    },
                    Anchor::Meta(MetaField::Year),
                ],
                Some(i64::from(m.year)),
                Some(i64::from(year)),
                format!(
                    "{PREAMBLE}所写的统计期限含{year}年，与报告年度{}年不一致：“{sentence}”",
                    m.year
                ),
            );
        }
    }
}

/// Whether a text says something on 信息处理费 (even that none was charged).
fn mentions_fee(text: &str) -> bool {
    text.contains("处理费")
        || text.contains("收费通知")
        || (text.contains("收取") && text.contains('费'))
        || text.contains("收费")
}

/// DOC-FEE-STATEMENT: section 六 states the 信息处理费, at least that none was charged.
fn fee_statement(report: &Report, out: &mut Sink) {
    let other = &report.other;
    if other.fee.is_stated() || mentions_fee(&other.fee_text) || mentions_fee(&other.text) {
        return;
    }
    let section = SectionId::Other;
    let heading = section.def().subheadings.first().copied().unwrap_or("");
    out.push(
        RuleId::DocFeeStatement,
        vec![Anchor::Section(section)],
        None,
        None,
        format!(
            "“{}”应写明{heading}（没有收费的也要写明未收取信息处理费）",
            section.title()
        ),
    );
}

const PROBLEM_WORDS: [&str; 8] = [
    "问题", "不足", "短板", "差距", "薄弱", "有待", "不够", "欠缺",
];
const IMPROVEMENT_WORDS: [&str; 10] = [
    "改进",
    "下一步",
    "加强",
    "推进",
    "整改",
    "提升",
    "完善",
    "强化",
    "进一步",
    "持续",
];

/// DOC-SEC5: section 五 names problems and improvements, and is not just 无.
fn section5(report: &Report, out: &mut Sink) {
    let text = report.problems.trim();
    if text.is_empty() {
        // DOC-SECTIONS reports the empty section.
        return;
    }
    let bare = text.trim_end_matches(['。', '.', ' ']);
    let message = if matches!(bare, "无" | "暂无" | "没有" | "无。") {
        Some(format!(
            "“{}”不能只写“{bare}”，应写明存在的问题和改进措施",
            SectionId::Problems.title()
        ))
    } else {
        let problems = PROBLEM_WORDS.iter().any(|w| text.contains(w));
        let improvements = IMPROVEMENT_WORDS.iter().any(|w| text.contains(w));
        match (problems, improvements) {
            (true, true) => None,
            (false, _) => Some(format!(
                "“{}”没有写明存在的问题",
                SectionId::Problems.title()
            )),
            (true, false) => Some(format!("“{}”没有写明改进情况", SectionId::Problems.title())),
        }
    };
    if let Some(message) = message {
        out.push(
            RuleId::DocSec5,
            vec![Anchor::Section(SectionId::Problems)],
            None,
            None,
            message,
        );
    }
}

/// DOC-DEADLINE: published after the statutory deadline.
fn deadline(report: &Report, out: &mut Sink) {
    let m = &report.meta;
    let Some(published) = m.published else {
        return;
    };
    let kind = m.kind();
    let due = kind.deadline(m.year);
    if published > due {
        let late = published.day_number() - due.day_number();
        out.push(
            RuleId::DocDeadline,
            vec![
                Anchor::Meta(MetaField::Published),
                Anchor::Meta(MetaField::BodyKind),
            ],
            Some(due.day_number()),
            Some(published.day_number()),
            format!(
                "发布日期{}晚于{}的法定期限{}，晚了{late}天",
                published.chinese(),
                kind.label(),
                due.chinese()
            ),
        );
    }
}

/// The characters of a text that are not white space, as `t.chars().filter(|c| !c.is_whitespace()).count()` but
/// on the bytes: a character starts at every byte that is not a continuation byte, and Unicode's white space is
/// ASCII or one of a few two- and three-byte sequences ([`is_visible_at`]). Each byte is judged with the two after
/// it, without branches, so that the compiler counts sixteen bytes at a time. Counting section 一 character by
/// character was a fifth of the whole evaluation.
fn visible_chars(t: &str) -> usize {
    let b = t.as_bytes();
    let n = b.len();
    let mut count = 0;
    if n > 2 {
        // A u8 count per chunk keeps the vector lanes narrow.
        const CHUNK: usize = 255;
        let (b0, b1, b2) = (&b[..n - 2], &b[1..n - 1], &b[2..]);
        for ((c0, c1), c2) in b0.chunks(CHUNK).zip(b1.chunks(CHUNK)).zip(b2.chunks(CHUNK)) {
            let visible = c0.iter().zip(c1).zip(c2).fold(0_u8, |sum, ((&x, &y), &z)| {
                sum + u8::from(is_visible_at(x, y, z))
            });
            count += usize::from(visible);
        }
    }
    // The last two bytes, with zeros after the end.
    for i in n.saturating_sub(2)..n {
        let at = |k: usize| b.get(k).copied().unwrap_or(0);
        count += usize::from(is_visible_at(at(i), at(i + 1), at(i + 2)));
    }
    count
}

/// Whether the byte `b0`, followed by `b1` and `b2`, starts a character that is not white space (`char::is_whitespace`:
/// U+0009–000D, U+0020, U+0085, U+00A0, U+1680, U+2000–200A, U+2028, U+2029, U+202F, U+205F, U+3000).
#[allow(clippy::needless_bitwise_bool)] // Branch-free on purpose: the loop of `visible_chars` vectorises.
fn is_visible_at(b0: u8, b1: u8, b2: u8) -> bool {
    let starts = b0 & 0xC0 != 0x80;
    let ascii = (0x09..=0x0D).contains(&b0) | (b0 == b' ');
    let c2 = (b0 == 0xC2) & ((b1 == 0x85) | (b1 == 0xA0));
    let e1 = (b0 == 0xE1) & (b1 == 0x9A) & (b2 == 0x80);
    let e2_80 = (b1 == 0x80) & ((b2 <= 0x8A) | (b2 == 0xA8) | (b2 == 0xA9) | (b2 == 0xAF));
    let e2 = (b0 == 0xE2) & (e2_80 | ((b1 == 0x81) & (b2 == 0x9F)));
    let e3 = (b0 == 0xE3) & (b1 == 0x80) & (b2 == 0x80);
    starts & !(ascii | c2 | e1 | e2 | e3)
}

/// Section 一 longer than this many characters is no longer a summary (DOC-LENGTH).
const GENERAL_MAX_CHARS: usize = 1000;

/// DOC-LENGTH: section 一 is a summary with figures.
fn length(report: &Report, out: &mut Sink) {
    let g = &report.general;
    if g.is_empty() {
        return;
    }
    let texts = std::iter::once(g.intro.as_str()).chain(g.parts.iter().map(|p| p.body.as_str()));
    let (mut chars, mut figures) = (0, false);
    for t in texts {
        chars += visible_chars(t);
        figures = figures
            || t.chars()
                .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    }
    let title = SectionId::General.title();
    let message = if chars > GENERAL_MAX_CHARS {
        Some(format!(
            "“{title}”有{chars}字，超过约{GENERAL_MAX_CHARS}字，宜精简为概述"
        ))
    } else if !figures {
        Some(format!("“{title}”没有任何数字，宜用数据说明全年工作"))
    } else {
        None
    };
    if let Some(message) = message {
        out.push(
            RuleId::DocLength,
            vec![Anchor::Section(SectionId::General)],
            Some(GENERAL_MAX_CHARS as i64),
            Some(chars as i64),
            message,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{is_visible_at, visible_chars};

    #[test]
    fn is_visible_at_tells_white_space_from_characters_by_their_bytes() {
        for c in ['a', '。', '\u{2030}', '\u{3001}', '年'] {
            let mut buf = [0; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            assert!(
                is_visible_at(b[0], *b.get(1).unwrap_or(&0), *b.get(2).unwrap_or(&0)),
                "{c:?}"
            );
        }
        for c in [' ', '\u{a0}', '\u{200a}', '\u{3000}'] {
            let mut buf = [0; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            assert!(
                !is_visible_at(b[0], *b.get(1).unwrap_or(&0), *b.get(2).unwrap_or(&0)),
                "{c:?}"
            );
        }
        // A continuation byte starts nothing.
        assert!(!is_visible_at(0x80, 0x82, 0));
    }

    #[test]
    fn visible_chars_counts_like_char_is_whitespace() {
        let every_space: String = (0..=0x3000_u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        let sample = crate::io::document::from_str(include_str!("../../assets/sample.ron"))
            .unwrap()
            .report;
        for text in [
            every_space.as_str(),
            "年度 报告\u{3000}共１２件。\u{a0}“引号”…\u{2028}end",
            "",
            sample.general.parts[0].body.as_str(),
        ] {
            let expected = text.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(visible_chars(text), expected, "{text:?}");
        }
    }
}
