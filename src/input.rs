//! Reading what a person typed or pasted into a cell: the one parser shared by the editor's typing, its paste and
//! the importer.
//!
//! Accepted: ASCII and full-width digits, thousands separators (`,` `，` and thin/normal spaces between digit
//! groups), surrounding spaces, NBSP and full-width spaces. Anything else is refused with a message, never guessed:
//! `-`, `/`, `—` and `无` are omissions in real reports, not zeros. Depends only on [`crate::model`].

use crate::format::FieldKind;
use crate::model::{Decimal, MAX_SCALE, T2Value};

/// Why a cell's text was refused. The message is for the clerk.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Not a number at all (letters, several points, a sign in the middle); holds the text as typed.
    #[error("“{0}”不是数字：只能填写0或正整数")]
    NotANumber(String),
    /// A negative number where only counts ≥ 0 or amounts ≥ 0 belong.
    #[error("“{0}”不能为负数")]
    Negative(String),
    /// A decimal in a cell that counts things.
    #[error("“{0}”应为整数，不能有小数")]
    NotAnInteger(String),
    /// More decimals than the cell keeps exactly; holds the text and the most decimals allowed.
    #[error("“{0}”小数位数过多：最多{1}位小数")]
    TooManyDecimals(String, u8),
    /// A number too large to store exactly.
    #[error("“{0}”数值过大")]
    TooLarge(String),
    /// A mark real reports use for an omission (`-`, `/`, `—`, `无`, …): refused, never taken as 0.
    #[error("“{0}”表示空缺：请填写数字，没有的请填0")]
    Omission(String),
}

/// Normalises what was typed: full-width digits and signs to ASCII, separators and spaces removed. Returns `None`
/// for characters that have no place in a number.
fn normalise(raw: &str) -> Option<String> {
    let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}');
    let mut out = String::with_capacity(trimmed.len());
    let chars: Vec<char> = trimmed.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32)?,
            '．' => '.',
            '－' | '−' => '-',
            '＋' => '+',
            _ => c,
        };
        match c {
            '0'..='9' | '.' => out.push(c),
            '-' | '+' if i == 0 => out.push(c),
            // Thousands separators only between digits.
            ',' | '，' | '\u{a0}' | '\u{2009}' | '\u{202f}' | ' ' | '\'' => {
                let digit = |c: Option<&char>| {
                    c.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
                };
                if !(digit(chars.get(i.wrapping_sub(1))) && digit(chars.get(i + 1))) {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(out.strip_prefix('+').map(str::to_owned).unwrap_or(out))
}

fn is_omission_mark(s: &str) -> bool {
    matches!(
        s,
        "-" | "/" | "／" | "—" | "——" | "－" | "无" | "&nbsp;" | "\\"
    )
}

/// Parses a count (tables 3 and 4, table-2 counts). `Ok(None)` for an empty cell.
pub fn parse_count(raw: &str) -> Result<Option<u64>, InputError> {
    match parse_decimal(raw, MAX_SCALE)? {
        None => Ok(None),
        Some(d) if d.is_negative() => Err(InputError::Negative(raw.trim().to_owned())),
        Some(d) => d
            .to_integer()
            .and_then(|n| u64::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| InputError::NotAnInteger(raw.trim().to_owned())),
    }
}

/// Parses a decimal with at most `max_scale` decimals. `Ok(None)` for an empty cell.
pub fn parse_decimal(raw: &str, max_scale: u8) -> Result<Option<Decimal>, InputError> {
    let shown = raw.trim().to_owned();
    if shown
        .trim_matches('\u{3000}')
        .trim_matches('\u{a0}')
        .is_empty()
    {
        return Ok(None);
    }
    if is_omission_mark(shown.trim_matches(['\u{a0}', '\u{3000}'])) {
        return Err(InputError::Omission(shown));
    }
    let Some(norm) = normalise(raw) else {
        return Err(InputError::NotANumber(shown));
    };
    let frac = norm.split_once('.').map_or(0, |(_, f)| f.len());
    if frac > usize::from(max_scale)
        && norm
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && norm.matches('.').count() == 1
    {
        return Err(InputError::TooManyDecimals(shown, max_scale));
    }
    match Decimal::parse(&norm) {
        Some(d) => Ok(Some(d)),
        None if norm.bytes().filter(u8::is_ascii_digit).count() > 18 => {
            Err(InputError::TooLarge(shown))
        }
        None => Err(InputError::NotANumber(shown)),
    }
}

/// Parses a table-2 cell according to its field kind.
pub fn parse_t2(kind: FieldKind, raw: &str) -> Result<Option<T2Value>, InputError> {
    match kind {
        FieldKind::Count => {
            Ok(parse_count(raw)?.map(|n| T2Value::Number(Decimal::from_int(n as i64))))
        }
        FieldKind::Change => match parse_decimal(raw, MAX_SCALE)? {
            None => Ok(None),
            Some(d) if d.is_integer() => Ok(Some(T2Value::Number(Decimal::from_int(
                d.to_integer().unwrap_or_default(),
            )))),
            Some(_) => Err(InputError::NotAnInteger(raw.trim().to_owned())),
        },
        FieldKind::WanYuan => match parse_decimal(raw, 6)? {
            Some(d) if d.is_negative() => Err(InputError::Negative(raw.trim().to_owned())),
            other => Ok(other.map(T2Value::Number)),
        },
        FieldKind::Text => {
            let t = raw.trim();
            Ok((!t.is_empty()).then(|| T2Value::Text(t.to_owned())))
        }
    }
}

/// Splits a block copied from Excel or WPS (tab-separated columns, newline-separated rows) into cells.
pub fn split_block(text: &str) -> Vec<Vec<&str>> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    if text.is_empty() {
        return Vec::new();
    }
    text.split('\n')
        .map(|line| {
            line.strip_suffix('\r')
                .unwrap_or(line)
                .split('\t')
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_clerks_type() {
        assert_eq!(parse_count("109"), Ok(Some(109)));
        assert_eq!(parse_count(" １２６ "), Ok(Some(126)));
        assert_eq!(parse_count("1,084,744"), Ok(Some(1_084_744)));
        assert_eq!(parse_count("1，084，744"), Ok(Some(1_084_744)));
        assert_eq!(parse_count("\u{a0}40842\u{a0}"), Ok(Some(40842)));
        assert_eq!(parse_count("\u{3000}0"), Ok(Some(0)));
        assert_eq!(parse_count(""), Ok(None));
        assert_eq!(parse_count("  "), Ok(None));
        assert_eq!(parse_count("12.0"), Ok(Some(12)));
    }

    #[test]
    fn refuses_anything_else_with_a_reason() {
        assert!(matches!(parse_count("abc"), Err(InputError::NotANumber(_))));
        assert!(matches!(
            parse_count("12件"),
            Err(InputError::NotANumber(_))
        ));
        assert!(matches!(parse_count("-3"), Err(InputError::Negative(_))));
        assert!(matches!(
            parse_count("1.5"),
            Err(InputError::NotAnInteger(_))
        ));
        assert!(matches!(parse_count("/"), Err(InputError::Omission(_))));
        assert!(matches!(parse_count("-"), Err(InputError::Omission(_))));
        assert!(matches!(parse_count(",12"), Err(InputError::NotANumber(_))));
        assert!(matches!(
            parse_count("99999999999999999999"),
            Err(InputError::TooLarge(_))
        ));
        assert_eq!(
            parse_count("abc").unwrap_err().to_string(),
            "“abc”不是数字：只能填写0或正整数"
        );
    }

    #[test]
    fn fee_keeps_up_to_six_decimals() {
        let v = parse_t2(FieldKind::WanYuan, "2,260.072204")
            .unwrap()
            .unwrap();
        assert_eq!(v.to_string(), "2260.072204");
        assert!(matches!(
            parse_t2(FieldKind::WanYuan, "1.1234567"),
            Err(InputError::TooManyDecimals(_, 6))
        ));
        assert_eq!(
            parse_t2(FieldKind::Change, "-59417")
                .unwrap()
                .unwrap()
                .to_string(),
            "-59417"
        );
        assert_eq!(
            parse_t2(FieldKind::Text, " 87694.8萬元 ")
                .unwrap()
                .unwrap()
                .to_string(),
            "87694.8萬元"
        );
    }

    #[test]
    fn splits_spreadsheet_blocks() {
        assert_eq!(
            split_block("1\t2\r\n3\t4\r\n"),
            vec![vec!["1", "2"], vec!["3", "4"]]
        );
        assert_eq!(split_block("5"), vec![vec!["5"]]);
        assert!(split_block("").is_empty());
    }
}
