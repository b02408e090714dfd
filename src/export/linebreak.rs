//! Chinese line breaking and display width, shared by the text and PDF exports.
//!
//! Rules (after GB/T 15834 and common 禁则 practice): closing punctuation never starts a line, opening brackets never
//! end one, and a run of Latin letters or digits (`2024`, `www.example.gov.cn`, `12.5%`) is never broken unless it is
//! wider than a whole line. Depends on nothing but `std`.

/// Columns a character takes in a monospaced CJK viewer: Han, kana, Hangul, full-width forms and CJK punctuation
/// take two; so do the curly quotes and dashes that Chinese text uses (East Asian "ambiguous", wide in a Chinese
/// context).
pub fn char_width(c: char) -> usize {
    let cp = u32::from(c);
    let wide = matches!(cp,
        0x1100..=0x115F
        | 0x2010..=0x2027 // ‐ – — ‘ ’ “ ” … in Chinese text
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        usize::from(!(c.is_control() || matches!(cp, 0x200B..=0x200F | 0x0300..=0x036F)))
    }
}

/// The display width of a string in monospaced columns.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Closing punctuation: never at the start of a line.
pub fn is_closing(c: char) -> bool {
    "，。、；：？！）》」』】〕〉”’…—％,.;:?!)]}%".contains(c)
}

/// Opening brackets and quotes: never at the end of a line.
pub fn is_opening(c: char) -> bool {
    "（《「『【〔〈“‘([{".contains(c)
}

/// Whether a character belongs to an unbreakable Latin run (letters, digits and the punctuation inside URLs,
/// numbers and e-mail addresses).
fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._-/:@%+#&=~".contains(c)
}

/// Splits text into units that may not be broken further: a Latin run, a space, or one other character.
fn units(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if is_latin(c) && (start.is_some() || !is_closing(c)) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(&text[s..i]);
        }
        out.push(&text[i..i + c.len_utf8()]);
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Units glued by the 禁则: closing punctuation sticks to what precedes it, opening brackets to what follows.
fn clusters(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pending_open = String::new();
    for unit in units(text) {
        let first = unit.chars().next().unwrap_or(' ');
        let single = unit.chars().count() == 1;
        if single && is_opening(first) {
            pending_open.push_str(unit);
            continue;
        }
        if single
            && is_closing(first)
            && pending_open.is_empty()
            && let Some(last) = out.last_mut()
        {
            last.push_str(unit);
            continue;
        }
        let mut cluster = std::mem::take(&mut pending_open);
        cluster.push_str(unit);
        out.push(cluster);
    }
    if !pending_open.is_empty() {
        match out.last_mut() {
            Some(last) => last.push_str(&pending_open),
            None => out.push(pending_open),
        }
    }
    out
}

/// Breaks a paragraph into lines no wider than `width` (the first line `first_width`, for an indent), measuring
/// with `measure` (points for the PDF, columns for text). Spaces at a line break are dropped.
pub fn break_lines(
    text: &str,
    first_width: f32,
    width: f32,
    measure: impl Fn(&str) -> f32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    let limit = |lines: &Vec<String>| if lines.is_empty() { first_width } else { width };
    for cluster in clusters(text) {
        let w = measure(&cluster);
        if used + w <= limit(&lines) + 0.01 {
            line.push_str(&cluster);
            used += w;
            continue;
        }
        if !line.trim().is_empty() {
            lines.push(line.trim_end().to_owned());
        }
        line = String::new();
        used = 0.0;
        if cluster.trim().is_empty() {
            continue;
        }
        if w <= limit(&lines) + 0.01 {
            line.push_str(&cluster);
            used = w;
            continue;
        }
        // Wider than a whole line (a very long URL): break it by characters, the only way it fits.
        for c in cluster.chars() {
            let mut buf = [0u8; 4];
            let cw = measure(c.encode_utf8(&mut buf));
            if used + cw > limit(&lines) + 0.01 && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(s: &str) -> f32 {
        display_width(s) as f32
    }

    #[test]
    fn widths() {
        assert_eq!(display_width("自然人"), 6);
        assert_eq!(display_width("2024年"), 6);
        assert_eq!(display_width("“三安全一稳定”"), 16);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // Ten columns: the comma would start line 2; it stays with 公开.
        let lines = break_lines("主动公开信息，共计", 10.0, 10.0, cols);
        assert!(
            lines.iter().all(|l| !l.starts_with(is_closing)),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), "主动公开信息，共计");
        let lines = break_lines("一二三四五。”六七", 10.0, 10.0, cols);
        assert_eq!(lines[1], "五。”六七", "{lines:?}");
    }

    #[test]
    fn opening_bracket_never_ends_a_line() {
        let lines = break_lines("一二三四《条例》", 10.0, 10.0, cols);
        assert_eq!(lines, ["一二三四", "《条例》"]);
    }

    #[test]
    fn latin_runs_are_unbroken() {
        let lines = break_lines("网址www.gov.cn可查", 10.0, 10.0, cols);
        assert_eq!(lines, ["网址", "www.gov.cn", "可查"]);
        let lines = break_lines("共计12345件", 10.0, 10.0, cols);
        assert_eq!(lines, ["共计12345", "件"]);
    }

    #[test]
    fn overlong_runs_are_broken_by_characters() {
        let lines = break_lines("abcdefghijklmnop", 6.0, 6.0, cols);
        assert_eq!(lines, ["abcdef", "ghijkl", "mnop"]);
    }
}
