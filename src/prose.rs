//! How report prose reads: its sentences, its sub-headings and paragraphs, Chinese numerals and the statutory
//! numbering of labels (`一、` `（一）` `1.` `（1）` `第一`), figures with their units, and the labels that figures
//! follow (`予以公开30件`, `（七）总计723`). One reader for the checks, the review diff, the exports, the interchange
//! and the importer of published reports.
//!
//! It reads real prose: figures in ASCII or full-width digits or simple Chinese numerals, `余`/`多`/`约` marking a
//! round figure, `，` or `,` between clauses, half-width brackets as PDF extraction gives them. Depends on nothing but
//! `std`: it knows no format, no report and no check.
//!
//! The sentences and units are found eight bytes at a time (the checks read every sentence of a report on every
//! edit): the sets of characters looked for are written as lists of characters (`char_set!`: the terminators, the
//! count units) and the byte tests are derived from them when compiling, so adding one needs no knowledge of the
//! byte tricks.

// ---------------------------------------------------------------------------------------------------------------
// Characters

/// Whether `c` is white space in report prose: Unicode white space, which includes the no-break space (U+00A0) and
/// the ideographic space (U+3000) that published reports use for indenting.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// The value of an ASCII or full-width digit (`7`, `７`).
pub fn digit_value(c: char) -> Option<u64> {
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

/// Whether `c` may be part of a simple Chinese numeral.
fn is_numeral_char(c: char) -> bool {
    chinese_digit(c).is_some() || c == '十' || c == '百'
}

/// The value of a simple Chinese numeral (`七`, `十二`, `二十`, `三十五`, `一百零八`); `None` for anything else.
pub fn chinese_value(s: &str) -> Option<u64> {
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

// ---------------------------------------------------------------------------------------------------------------
// The word-at-a-time scanner

/// Every byte of a word: `u64::from_le_bytes([1; 8])`.
const LO: u64 = 0x0101_0101_0101_0101;
/// Bit 7 of every byte of a word.
const HI: u64 = 0x8080_8080_8080_8080;

/// Bit 7 set in every byte of `word` that equals `b`. The lowest flag is exact; above it a byte may be flagged
/// falsely (the borrow of the subtraction), which is why every flagged byte is read again.
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
/// A word at a time is several times faster than a byte at a time, and std has no multi-byte memchr.
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

/// The byte of a character that the scanner looks for: its first byte, except for a CJK ideograph, whose first
/// byte (0xE4–0xE9) starts thousands of common characters; its last byte varies far more.
const fn key_byte(c: char) -> u8 {
    let u = c as u32;
    if u < 0x80 {
        u as u8
    } else if u < 0x800 {
        (0xC0 | (u >> 6)) as u8
    } else if u < 0x1_0000 {
        let lead = (0xE0 | (u >> 12)) as u8;
        if lead >= 0xE4 && lead <= 0xE9 {
            (0x80 | (u & 0x3F)) as u8
        } else {
            lead
        }
    } else {
        (0xF0 | (u >> 18)) as u8
    }
}

/// A set of bytes tested by one OR and one comparison: byte `b` is in it when `b | free == any`. Its size is
/// 2 to the number of `free` bits.
#[derive(Clone, Copy)]
struct ByteClass {
    /// The OR of its members.
    any: u8,
    /// The AND of its members.
    all: u8,
    members: u8,
}

impl ByteClass {
    const EMPTY: Self = Self {
        any: 0,
        all: 0xFF,
        members: 0,
    };

    const fn free(self) -> u8 {
        self.any & !self.all
    }

    const fn holds(self, b: u8) -> bool {
        self.members > 0 && b | self.free() == self.any
    }

    const fn with(self, b: u8) -> Self {
        Self {
            any: self.any | b,
            all: self.all & b,
            members: self.members + 1,
        }
    }

    /// A class is worth its one test when it holds at most twice as many bytes as it means, and none of the first
    /// bytes of CJK ideographs, which would flag nearly every character.
    const fn is_tight(self) -> bool {
        let size = 1_u32 << self.free().count_ones();
        let mut b = 0xE4;
        while b <= 0xE9 {
            if self.holds(b) {
                return false;
            }
            b += 1;
        }
        size <= 2 * self.members as u32
    }
}

/// Byte classes per set at most: more would make every word cost more than a byte-at-a-time scan saves.
const MAX_CLASSES: usize = 4;

/// A few characters to find in long texts, eight bytes at a time. Built when compiling from the characters alone:
/// [`CharSet::new`] derives the word tests (the ASCII punctuation below 0x40 in one test, the other characters'
/// [`key_byte`]s grouped into a few [`ByteClass`]es), so a character is added by writing it in the list.
struct CharSet {
    /// The ASCII members below 0x40 are flagged by one test ([`bytes_below_0x40`]) when there are several.
    below_0x40: bool,
    classes: [ByteClass; MAX_CLASSES],
    /// The key bytes of the members, as a 256-bit set: most flagged bytes are rejected by one look.
    keys: [u64; 4],
}

impl CharSet {
    const fn new(chars: &'static [char]) -> Self {
        let mut low_ascii = 0;
        let mut i = 0;
        while i < chars.len() {
            low_ascii += ((chars[i] as u32) < 0x40) as usize;
            i += 1;
        }
        let below_0x40 = low_ascii >= 2;
        let mut classes = [ByteClass::EMPTY; MAX_CLASSES];
        let mut keys = [0_u64; 4];
        let mut i = 0;
        while i < chars.len() {
            let key = key_byte(chars[i]);
            keys[(key >> 6) as usize] |= 1 << (key & 63);
            i += 1;
            if below_0x40 && key < 0x40 {
                continue;
            }
            let mut k = 0;
            let mut placed = false;
            while k < MAX_CLASSES && !placed {
                if classes[k].holds(key) {
                    placed = true;
                } else if classes[k].members == 0 || classes[k].with(key).is_tight() {
                    classes[k] = classes[k].with(key);
                    placed = true;
                }
                k += 1;
            }
            assert!(placed, "too many distinct bytes for one CharSet: split it");
        }
        Self {
            below_0x40,
            classes,
            keys,
        }
    }

    /// Bit 7 set in the bytes of `word` that may be a member's key byte.
    #[inline]
    const fn flags(&self, word: u64) -> u64 {
        let mut marks = if self.below_0x40 {
            bytes_below_0x40(word)
        } else {
            0
        };
        let mut k = 0;
        while k < MAX_CLASSES {
            let class = self.classes[k];
            if class.members > 0 {
                marks |= bytes_equal(word | (LO * class.free() as u64), class.any);
            }
            k += 1;
        }
        marks
    }
}

/// A [`CharSet`] as a type, made by [`char_set!`]: a scan for it is compiled for it, with its word tests as
/// constants and its membership test as a `match` (comparing with a list of members for every flagged byte made
/// the scan slower than the hand-written one it replaced).
trait Chars {
    const SET: CharSet;
    fn contains(c: char) -> bool;
}

/// Defines a [`Chars`] type from its characters, written once.
macro_rules! char_set {
    ($(#[$doc:meta])* $name:ident = [$($c:literal),+ $(,)?]) => {
        $(#[$doc])*
        struct $name;

        impl Chars for $name {
            const SET: CharSet = CharSet::new(&[$($c),+]);

            #[inline]
            fn contains(c: char) -> bool {
                matches!(c, $($c)|+)
            }
        }
    };
}

/// The member of `C` whose key byte is at `i` (a byte the word test flagged), with the offset where it starts.
#[inline]
fn member_at<C: Chars>(text: &str, i: usize) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let b = *bytes.get(i)?;
    if C::SET.keys[usize::from(b >> 6)] >> (b & 63) & 1 == 0 {
        return None;
    }
    if b < 0x80 {
        // An ASCII key byte is its member.
        return Some((i, char::from(b)));
    }
    if b >= 0xC0 {
        // The first byte of a character that is not an ideograph (those are keyed by their last byte).
        let c = text.get(i..)?.chars().next()?;
        return C::contains(c).then_some((i, c));
    }
    // The last of an ideograph's three bytes ([`key_byte`]), if the byte two before is an ideograph's first.
    let start = i.checked_sub(2)?;
    let lead = bytes[start];
    if !(0xE4..=0xE9).contains(&lead) {
        return None;
    }
    let c = char::from_u32(
        u32::from(lead & 0x0F) << 12
            | u32::from(bytes[start + 1] & 0x3F) << 6
            | u32::from(b & 0x3F),
    )?;
    C::contains(c).then_some((start, c))
}

/// The members of `C` in `text`, in order: (byte offset, character).
fn find_chars<C: Chars>(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    flagged(text.as_bytes(), 0, |w| C::SET.flags(w)).filter_map(|i| member_at::<C>(text, i))
}

char_set!(
    /// What ends a sentence: `。！？；`, their half-width forms, and line breaks.
    Terminators = ['。', '！', '？', '；', '!', '?', ';', '\n', '\r']
);

char_set!(
    /// The units after which a figure counts applications, cases or documents.
    CountUnits = ['件', '宗', '起']
);

// ---------------------------------------------------------------------------------------------------------------
// Sentences

/// A sentence of a text, as byte offsets into it. The text is split at `。！？；` (and their half-width forms) and
/// at line breaks; a comma never ends a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Where its first character starts (white space before it is left out).
    pub start: usize,
    /// Where its last character ends, before the terminator and any white space.
    pub end: usize,
    /// Where the next sentence may start: after the terminator, or the text's length.
    pub next: usize,
}

impl Sentence {
    /// The sentence's words, without the terminator.
    pub fn text(self, text: &str) -> &str {
        &text[self.start..self.end]
    }

    /// The sentence as printed, with its closing punctuation (`。`, `；`…; a line break is not printed).
    pub fn with_terminator(self, text: &str) -> &str {
        text[self.start..self.next].trim_end_matches(is_space)
    }
}

/// The sentences of a text, in order; empty ones (a terminator after a terminator, blank lines) are left out.
pub fn sentences(text: &str) -> impl Iterator<Item = Sentence> + '_ {
    let mut terminators = find_chars::<Terminators>(text);
    let mut rest = 0;
    std::iter::from_fn(move || {
        while rest < text.len() {
            let from = rest;
            let (end, next) = terminators
                .next()
                .map_or((text.len(), text.len()), |(i, c)| (i, i + c.len_utf8()));
            rest = next;
            let sentence = &text[from..end];
            let trimmed_start = sentence.len() - sentence.trim_start_matches(is_space).len();
            let trimmed_end = sentence.trim_end_matches(is_space).len();
            if trimmed_end > trimmed_start {
                return Some(Sentence {
                    start: from + trimmed_start,
                    end: from + trimmed_end,
                    next,
                });
            }
        }
        None
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Keywords

/// The last occurrence of `needle` in `haystack`, by a plain byte scan. The checks look for dozens of short keywords
/// in short clauses for every figure; std's `rfind` builds a two-way searcher each time, which costs more than the
/// search. The first and last bytes are tested first: a Han character's lead byte is shared by thousands of
/// characters, its last byte far less. A match of valid UTF-8 in valid UTF-8 starts on a character boundary.
pub fn rfind(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let (&first, &last) = (n.first()?, n.last()?);
    let last_start = h.len().checked_sub(n.len())?;
    (0..=last_start)
        .rev()
        .find(|&i| h[i + n.len() - 1] == last && h[i] == first && &h[i..i + n.len()] == n)
}

/// The first occurrence of `needle` in `haystack`, by the same plain byte scan as [`rfind`].
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let (&first, &last) = (n.first()?, n.last()?);
    let last_start = h.len().checked_sub(n.len())?;
    (0..=last_start)
        .find(|&i| h[i + n.len() - 1] == last && h[i] == first && &h[i..i + n.len()] == n)
}

/// Whether `haystack` contains `needle` (not empty). std's `contains` compares 16 bytes at a time on a long text,
/// but on a text shorter than its block plus the needle it builds a two-way searcher, which costs far more than the
/// plain scan of a clause.
pub fn contains(haystack: &str, needle: &str) -> bool {
    if haystack.len() < 64 {
        find(haystack, needle).is_some()
    } else {
        haystack.contains(needle)
    }
}

/// A 64-bit summary of the characters of a text: bit `b % 64` for the last byte `b` of each character (for a Han
/// character a continuation byte, which varies far more than the lead byte). A keyword can only occur in a text
/// whose summary has all of the keyword's bits, so most searches are ruled out by one AND.
const fn summary(text: &str) -> u64 {
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

/// A word to look for in [`Clause`]s, with a summary of its characters made once (when compiling, for a `const`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keyword {
    text: &'static str,
    summary: u64,
}

impl Keyword {
    /// The keyword `text` (not empty).
    pub const fn new(text: &'static str) -> Self {
        Self {
            text,
            summary: summary(text),
        }
    }

    /// The keyword's text.
    pub const fn text(self) -> &'static str {
        self.text
    }
}

/// A stretch of a sentence that is searched for several [`Keyword`]s: a summary of its characters, made once, rules
/// out most keywords without reading the text.
#[derive(Clone, Copy, Debug)]
pub struct Clause<'a> {
    text: &'a str,
    summary: u64,
}

impl<'a> Clause<'a> {
    /// The clause `text`.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            summary: summary(text),
        }
    }

    /// The clause's text.
    pub fn text(self) -> &'a str {
        self.text
    }

    /// The clause's text from byte `from` on, searched with this clause's summary (not made again: it may then rule
    /// out fewer keywords, never more).
    #[must_use]
    pub fn tail(self, from: usize) -> Self {
        Self {
            text: &self.text[from..],
            summary: self.summary,
        }
    }

    /// The clause `joined`, which is this clause followed by `next` (both cut from one text), without reading it
    /// again.
    #[must_use]
    pub fn join(self, next: Self, joined: &'a str) -> Self {
        debug_assert!(
            joined.as_ptr() == self.text.as_ptr()
                && joined.len() == self.text.len() + next.text.len()
                && joined[self.text.len()..].as_ptr() == next.text.as_ptr(),
            "{joined:?} is not {:?} followed by {:?}",
            self.text,
            next.text
        );
        Self {
            text: joined,
            summary: self.summary | next.summary,
        }
    }

    /// Whether the keyword may occur: `false` means it certainly does not.
    pub fn may_contain(self, k: Keyword) -> bool {
        self.summary & k.summary == k.summary
    }

    /// Whether the keyword occurs.
    pub fn contains(self, k: Keyword) -> bool {
        self.may_contain(k) && contains(self.text, k.text)
    }

    /// The last occurrence of the keyword: (start, end) byte offsets.
    pub fn rfind(self, k: Keyword) -> Option<(usize, usize)> {
        if !self.may_contain(k) {
            return None;
        }
        rfind(self.text, k.text).map(|p| (p, p + k.text.len()))
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Numbering

/// How a label or a paragraph is numbered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberKind {
    /// `一、`: the sections, the first rows of table 3.
    Chinese,
    /// `（一）` (or `(一)`): sub-sections, the outcome rows of table 3.
    BracketedChinese,
    /// `1.` (or `1．`, `1、`): items.
    Arabic,
    /// `（1）` (or `(1)`).
    BracketedArabic,
    /// `第一` (with a `，` or `、` after it, if any).
    Ordinal,
}

/// A numbered label or paragraph, cut into its number and the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Numbered<'a> {
    /// How it is numbered.
    pub kind: NumberKind,
    /// The number's value (`七` of `（七）总计` is 7).
    pub value: u64,
    /// The number as written, with its brackets or mark: `（七）`, `一、`, `1.`.
    pub number: &'a str,
    /// What follows the number, white space after it left out.
    pub rest: &'a str,
}

/// Items and sub-sections are numbered with at most this many Arabic digits: `2024.` is not a number of an item.
const MAX_ITEM_DIGITS: usize = 2;

/// The number that `text` starts with, if any: `一、`, `（一）`, `1.`, `（1）`, `第一`. White space inside the brackets
/// and after the number is allowed (`(一) 存在的主要问题`, as PDF extraction gives it); a decimal (`1.5万`), a year
/// (`2024年`) or `一是` is no number.
pub fn numbering(text: &str) -> Option<Numbered<'_>> {
    let numeral_end = |s: &str| s.find(|c| !is_numeral_char(c)).unwrap_or(s.len());
    let digits_end = |s: &str| s.find(|c| digit_value(c).is_none()).unwrap_or(s.len());
    let arabic_value = |s: &str| {
        s.chars()
            .try_fold(0_u64, |v, c| Some(v * 10 + digit_value(c)?))
    };
    let (kind, value, number_len) = if let Some(inner) = text.strip_prefix(['（', '(']) {
        let open = text.len() - inner.len();
        let close = inner.find(['）', ')'])?;
        let body = inner[..close].trim_matches(is_space);
        let close_len = inner[close..].chars().next()?.len_utf8();
        let (kind, value) = if body.chars().count() <= MAX_ITEM_DIGITS
            && !body.is_empty()
            && digits_end(body) == body.len()
        {
            (NumberKind::BracketedArabic, arabic_value(body)?)
        } else {
            (NumberKind::BracketedChinese, chinese_value(body)?)
        };
        (kind, value, open + close + close_len)
    } else if let Some(after) = text.strip_prefix('第') {
        let end = numeral_end(after);
        let value = chinese_value(&after[..end])?;
        let mark = after[end..]
            .chars()
            .next()
            .filter(|c| matches!(c, '，' | ',' | '、'))
            .map_or(0, char::len_utf8);
        (NumberKind::Ordinal, value, '第'.len_utf8() + end + mark)
    } else if digit_value(text.chars().next()?).is_some() {
        let end = digits_end(text);
        let mut after = text[end..].chars();
        let mark = after.next().filter(|c| matches!(c, '.' | '．' | '、'))?;
        if text[..end].chars().count() > MAX_ITEM_DIGITS
            || after.next().is_some_and(|c| digit_value(c).is_some())
        {
            return None;
        }
        (
            NumberKind::Arabic,
            arabic_value(&text[..end])?,
            end + mark.len_utf8(),
        )
    } else {
        let end = numeral_end(text);
        let rest = text[end..].strip_prefix('、')?;
        (
            NumberKind::Chinese,
            chinese_value(&text[..end])?,
            text.len() - rest.len(),
        )
    };
    if value == 0 {
        return None;
    }
    Some(Numbered {
        kind,
        value,
        number: &text[..number_len],
        rest: text[number_len..].trim_start_matches(is_space),
    })
}

/// The statutory number of a label: `（七）` of `（七）总计`, `一、` of `一、本年新收…`, `1.` of `1.属于国家秘密`. A label
/// without a number is its own number (it is then named in full).
pub fn label_number(label: &str) -> &str {
    numbering(label).map_or(label, |n| n.number)
}

// ---------------------------------------------------------------------------------------------------------------
// Sub-headings and paragraphs

/// A sub-heading's title (after its number) has at most this many characters: the longest customary one,
/// `（三）人大代表建议和政协提案办理结果公开情况`, has 19; real reports' own stay under 25.
const SUBHEADING_MAX_CHARS: usize = 30;

/// Whether a line is a sub-heading of its own: a number (`（一）`, `一、`, `1.`, `（1）`) and a short title that holds
/// no sentence and no clause break, with or without a closing `。` or `：` (`（一）主动公开`, `（一）主动公开情况。`,
/// `1.加强组织领导`). A paragraph that goes on after its numbered title (`（一）主动公开情况。一是……`) is not one.
pub fn is_subheading(line: &str) -> bool {
    let line = line.trim_matches(is_space);
    let Some(n) = numbering(line) else {
        return false;
    };
    if n.kind == NumberKind::Ordinal {
        return false;
    }
    let title = n
        .rest
        .strip_suffix(['。', '：', ':', '.'])
        .unwrap_or(n.rest)
        .trim_end_matches(is_space);
    !title.is_empty()
        && title.chars().count() <= SUBHEADING_MAX_CHARS
        && !title.contains([
            '。', '！', '？', '；', '，', '：', '!', '?', ';', ',', ':', '|', '\t', '\n',
        ])
}

/// A paragraph of a section's text: one non-empty line, trimmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paragraph<'a> {
    /// A line that [`is_subheading`].
    Heading(&'a str),
    /// Any other line.
    Text(&'a str),
}

impl<'a> Paragraph<'a> {
    /// The paragraph's line, whether heading or text.
    pub fn text(self) -> &'a str {
        match self {
            Self::Heading(t) | Self::Text(t) => t,
        }
    }
}

/// The paragraphs of a section's text, in order: its non-empty lines, trimmed, each a heading or text.
pub fn paragraphs(text: &str) -> impl Iterator<Item = Paragraph<'_>> {
    text.lines()
        .map(|l| l.trim_matches(is_space))
        .filter(|l| !l.is_empty())
        .map(|l| {
            if is_subheading(l) {
                Paragraph::Heading(l)
            } else {
                Paragraph::Text(l)
            }
        })
}

/// A section's text cut at its sub-headings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline<'a> {
    /// The text before the first sub-heading, as written.
    pub intro: &'a str,
    /// Each sub-heading (its line, trimmed) with the text up to the next one, as written.
    pub parts: Vec<(&'a str, &'a str)>,
}

/// Cuts a section's text at the lines that are sub-headings ([`is_subheading`]). The pieces are the text's own lines
/// between them, so intro, headings and bodies joined by line breaks give the text back.
pub fn outline(text: &str) -> Outline<'_> {
    // The heading lines: (start, end, trimmed line).
    let mut headings = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        if is_subheading(line) {
            headings.push((
                line_start,
                line_start + line.len(),
                line.trim_matches(is_space),
            ));
        }
        line_start += line.len() + 1;
    }
    // A piece ends before the line break that precedes the next heading line.
    let intro_end = headings
        .first()
        .map_or(text.len(), |&(start, _, _)| start.saturating_sub(1));
    let mut outline = Outline {
        intro: &text[..intro_end],
        parts: Vec::with_capacity(headings.len()),
    };
    for (k, &(_, end, heading)) in headings.iter().enumerate() {
        let body_start = (end + 1).min(text.len());
        let body_end = headings
            .get(k + 1)
            .map_or(text.len(), |&(start, _, _)| start - 1)
            .max(body_start);
        outline.parts.push((heading, &text[body_start..body_end]));
    }
    outline
}

// ---------------------------------------------------------------------------------------------------------------
// Figures

/// Words right before a figure that make it round (`约120件`, `超过300件`): stated, but not to be compared.
const ROUND_BEFORE: [&str; 8] = ["约", "近", "逾", "超", "超过", "大约", "将近", "上"];
/// Marks right after a figure that make it round (`120余件`).
const ROUND_AFTER: [char; 2] = ['余', '多'];

/// A figure stated in a text, as byte offsets into the text it was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figure {
    /// Where its digits or numeral start.
    pub start: usize,
    /// Where it ends with its unit (`件` of `3件`); after the digits when it has none.
    pub end: usize,
    /// Its value; `None` for a round figure (`120余件`, `约120件`: stated, but not to be compared) and for one that
    /// is not a whole number.
    pub value: Option<u64>,
}

/// The round-figure word that `lead` ends with, the longest one.
fn round_before(lead: &str) -> Option<&'static str> {
    ROUND_BEFORE
        .iter()
        .filter(|w| lead.ends_with(*w))
        .max_by_key(|w| w.len())
        .copied()
}

/// The figure that ends `before` (a unit follows it), if any: (byte offset where it starts, value or `None` when
/// round).
fn figure_before(before: &str) -> Option<(usize, Option<u64>)> {
    let trimmed = before.trim_end_matches(is_space);
    let (trimmed, round) = match trimmed.strip_suffix(ROUND_AFTER) {
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
            .take_while(|&(_, c)| is_numeral_char(c))
            .last()
            .map(|(i, _)| i)?;
        value = chinese_value(&trimmed[numeral_start..])?;
        start = numeral_start;
    }
    let lead = &trimmed[..start];
    if lead.ends_with('第') {
        return None;
    }
    let round = round || ROUND_BEFORE.iter().any(|w| lead.ends_with(w));
    Some((start, (!round).then_some(value)))
}

/// The byte offsets of the count units (`件`, `宗`, `起`) in a text, in order: where a count may end. Most
/// sentences state no count; a check can skip those without reading them.
pub fn count_units(text: &str) -> impl Iterator<Item = usize> + '_ {
    find_chars::<CountUnits>(text).map(|(i, _)| i)
}

/// The counts stated in a sentence: every figure (ASCII, full-width, `1,234`, or a simple Chinese numeral) right
/// before `件`, `宗` or `起`, in order; [`Figure::end`] is after the unit. Not counts: an ordinal (`第3件`), `起` that
/// is not a unit (`起诉`, `起草`, `一起`), `一件事`.
pub fn figures(sentence: &str) -> impl Iterator<Item = Figure> + '_ {
    let mut units = count_units(sentence);
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
            if let Some((start, value)) = figure_before(&sentence[..i]) {
                return Some(Figure {
                    start,
                    end: after,
                    value,
                });
            }
        }
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Labels and figures

/// A figure with the words before it that say what it is: `予以公开` and 30 of `予以公开30件`, `（七）总计` and 723 of
/// `（七）总计723`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Labelled<'a> {
    /// The words before the figure back to the last clause break, a table cell's edge or the figure before:
    /// trimmed, with the label's own number kept (`（七）总计`) and a round-figure word (`约`) left out.
    pub label: &'a str,
    /// The figure's digits as written: `30`, `1,234`, `2260.072204`, a flattened table row `723000075`.
    pub digits: &'a str,
    /// Its unit as written, with `万` and `余` (`件`, `万余条`, `%`); empty when none follows.
    pub unit: &'a str,
    /// Where it is, and its value (times 万 or 亿).
    pub figure: Figure,
}

/// The units that [`labelled_figures`] knows (after an optional `万`/`亿` and `余`/`多`); longer ones first where
/// one starts another.
const UNITS: [&str; 31] = [
    "人次", "件", "宗", "起", "个", "個", "项", "項", "条", "條", "篇", "期", "次", "份", "家",
    "名", "人", "场", "場", "批", "户", "戶", "张", "張", "天", "元", "类", "類", "%", "％", "‰",
];
/// Multipliers between digits and a unit: (character, factor).
const MULTIPLIERS: [(char, u64); 4] = [
    ('万', 10_000),
    ('萬', 10_000),
    ('亿', 100_000_000),
    ('億', 100_000_000),
];
/// A figure right before one of these is a date or a document's number: not a figure, and no label runs across it.
const DATE_MARKS: [char; 5] = ['年', '月', '日', '号', '號'];

/// Where the label of a figure cannot reach across: clause breaks, table cell edges, ranges.
fn is_label_break(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '；'
            | ';'
            | '：'
            | ':'
            | '。'
            | '！'
            | '？'
            | '!'
            | '?'
            | '|'
            | '｜'
            | '\t'
            | '\n'
            | '\r'
            | '-'
            | '—'
            | '–'
            | '~'
            | '～'
            | '/'
    )
}

/// The end of the run of digits starting at `start`: digits, `1,234` thousands groups, one decimal fraction.
fn digits_end(text: &str, start: usize) -> usize {
    let is_digit = |c: char| digit_value(c).is_some();
    let run = |from: usize| {
        text[from..]
            .find(|c: char| !is_digit(c))
            .map_or(text.len(), |p| from + p)
    };
    let mut end = run(start);
    // `1,234`: a comma with exactly three digits after it.
    while text[end..].starts_with(',') {
        let group = run(end + 1);
        if group - (end + 1) != 3 {
            break;
        }
        end = group;
    }
    if let Some(point) = text[end..]
        .chars()
        .next()
        .filter(|c| matches!(c, '.' | '．'))
    {
        let fraction = end + point.len_utf8();
        if text[fraction..].starts_with(is_digit) {
            end = run(fraction);
        }
    }
    end
}

/// The value of whole digits (`1,234` is 1234); `None` for a decimal or one too large.
fn whole_value(digits: &str) -> Option<u64> {
    digits
        .chars()
        .filter(|&c| c != ',')
        .try_fold(0_u64, |v, c| {
            v.checked_mul(10)?.checked_add(digit_value(c)?)
        })
}

/// The label in the words before a figure (see [`Labelled::label`]), and whether a round-figure word ended them.
fn label_in(words: &str) -> (&str, bool) {
    let words = words.trim_end_matches(|c| is_space(c) || is_label_break(c) || c == '、');
    // The last clause: after the last break or run of spaces (table cells in extracted text) outside brackets, so
    // that `（区分处理的，只计这一情形）` stays in its label.
    let (mut start, mut depth, mut prev_space) = (0, 0_u32, false);
    for (p, c) in words.char_indices() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && (is_label_break(c) || (is_space(c) && prev_space)) {
            start = p + c.len_utf8();
        }
        prev_space = is_space(c);
    }
    let label = words[start..].trim_matches(|c| is_space(c) || c == '、');
    match round_before(label) {
        Some(w) => (
            label[..label.len() - w.len()].trim_end_matches(is_space),
            true,
        ),
        None => (label, false),
    }
}

/// The figures in ASCII or full-width digits of a text that have a label, in order, with their labels: what a
/// sentence (`其中，行政复议7件，行政诉讼6件`) or a table row as text (`(七)总计 | 108 | 21 |`, where only the first
/// figure has a label) states. Not figures, but part of a label: its own number (`（1）`, `1.` at the start of a
/// clause or cell), an ordinal (`第3`), a document's number (`〔2021〕`), digits in a name or an address (`H5`,
/// `xx@163.com`). Not figures, and the end of any label before them: dates (`2024年`, `12月31日`, `30号`). A figure
/// after a `-` (a minus sign, a range, a phone number) has no label. Figures in Chinese numerals are left to
/// [`figures`].
pub fn labelled_figures(text: &str) -> Vec<Labelled<'_>> {
    let mut out = Vec::new();
    let mut label_from = 0;
    let mut from = 0;
    while let Some(start) = text[from..]
        .find(|c: char| digit_value(c).is_some())
        .map(|p| from + p)
    {
        let digits_end = digits_end(text, start);
        from = digits_end;
        // PDF extraction puts a space between a figure and its unit (`1136 条`, `2023 年`).
        let mut at = digits_end;
        if let Some(space) = text[at..].chars().next().filter(|&c| is_space(c))
            && !text[at + space.len_utf8()..].starts_with(is_space)
        {
            at += space.len_utf8();
        }
        let before = text[..start].chars().next_back();
        let after = text[at..].chars().next();
        let words = &text[label_from..start];
        let (label, round_lead) = label_in(words);
        let clause_start = {
            let unspaced = words.trim_end_matches(is_space);
            unspaced.is_empty()
                || unspaced.ends_with(is_label_break)
                || words[unspaced.len()..].chars().nth(1).is_some()
        };
        let own_number = (matches!(before, Some('（' | '(')) && matches!(after, Some('）' | ')')))
            || (clause_start && numbering(&text[start..]).is_some());
        // `第3`, `〔2021〕`, `H5`, `xx@163.com`.
        let in_name = matches!(before, Some('第' | '〔' | '【' | '[' | '［'))
            || before.is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '@' | '.' | '_'));
        if own_number || in_name {
            continue;
        }
        if let Some(mark) = after.filter(|c| DATE_MARKS.contains(c)) {
            label_from = at + mark.len_utf8();
            if mark == '年' && text[label_from..].starts_with('度') {
                label_from += '度'.len_utf8();
            }
            from = label_from;
            continue;
        }
        let mut end = at;
        let mut factor = 1;
        if let Some(&(m, f)) = MULTIPLIERS
            .iter()
            .find(|(m, _)| text[end..].starts_with(*m))
        {
            end += m.len_utf8();
            factor = f;
        }
        let round_after = text[end..].starts_with(ROUND_AFTER);
        if round_after {
            end += '余'.len_utf8();
        }
        end += UNITS
            .iter()
            .filter(|u| text[end..].starts_with(*u))
            .map(|u| u.len())
            .max()
            .unwrap_or(0);
        if end == at {
            // No unit: the figure ends with its digits.
            end = digits_end;
        }
        let digits = &text[start..digits_end];
        let value = whole_value(digits)
            .and_then(|v| v.checked_mul(factor))
            .filter(|_| !round_lead && !round_after);
        if !label.is_empty() {
            out.push(Labelled {
                label,
                digits,
                unit: &text[at.min(end)..end],
                figure: Figure { start, end, value },
            });
        }
        label_from = end;
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Lines as published, verbatim: `../shared/seeds/*.txt` (text copied from portals, half-width punctuation) and
    // `../shared/realworld/*.txt` (`pdftotext -layout` of the published PDFs).
    /// jiaxing-2024, 一、总体情况 （二）.
    const JIAXING_REQUESTS: &str = "积极沟通了解申请人,完善依申请公开协调会商机制,进一步提升办理水平。2024年收到政府信息公开申请126件。因信息公开引发行政争议13件,其中,行政复议7件,行政诉讼6件,均无纠错和败诉。";
    /// jiaxing-2024, table 3.
    const JIAXING_TOTAL_ROW: &str = "(七)总计 | 108 | 21 | 0 | 0 | 0 | 0 | 129 | ||";
    const JIAXING_PARTIAL_ROW: &str =
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形) | 34 | 2 | 0 | 0 | 0 | 0 | 36 | ||";
    /// huaian-2024, table 3 as PDF extraction lays it out.
    const HUAIAN_NEW_ROW: &str = "一、本年新收政府信息公开申请数量                3001        53       0        0    61       4   3119";
    /// hongze-2023, 一、总体情况, three lines as extracted.
    const HONGZE_PROACTIVE: &str = "   （一）主动公开情况。主要通过政府门户网站主动公开政府\n文件、项目审批、通知公告等各类政府信息。2023 年，我区在政\n府网站平台主动公开政府信息 1136 条。";

    #[test]
    fn numerals_and_digits() {
        assert_eq!(chinese_value("七"), Some(7));
        assert_eq!(chinese_value("十二"), Some(12));
        assert_eq!(chinese_value("二十"), Some(20));
        assert_eq!(chinese_value("三十五"), Some(35));
        assert_eq!(chinese_value("一百零八"), Some(108));
        assert_eq!(chinese_value("七件"), None);
        assert_eq!(chinese_value(""), None);
        assert_eq!(chinese_value("百"), None);
        assert_eq!(digit_value('７'), Some(7));
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('七'), None);
        assert!(is_space('\u{3000}') && is_space('\u{a0}') && !is_space('，'));
    }

    /// Texts around the word boundaries of the scanner: shorter than a word, ending mid-word, terminators and units
    /// in the last bytes, and characters that share a key byte with a unit (他仗价亶) or a terminator (，、).
    const EDGES: [&str; 10] = [
        "",
        "件",
        "共3件。",
        "他仗价亶世乗",
        "他说收到申请3件；办结2宗！结转1起?完\n",
        "abc;defgh!ijklmnop\r\n？",
        "一二三四五六七八九十。",
        "１２件、　3起\u{3000}",
        "行政复议5件，纠错0件。行政诉讼2件",
        JIAXING_REQUESTS,
    ];

    #[test]
    fn the_word_scans_find_what_a_character_scan_finds() {
        for text in EDGES
            .iter()
            .copied()
            .chain([HONGZE_PROACTIVE, HUAIAN_NEW_ROW])
        {
            let expected: Vec<(usize, char)> = text
                .char_indices()
                .filter(|&(_, c)| Terminators::contains(c))
                .collect();
            assert_eq!(
                find_chars::<Terminators>(text).collect::<Vec<_>>(),
                expected,
                "{text:?}"
            );
            let expected: Vec<usize> = text
                .char_indices()
                .filter(|&(_, c)| matches!(c, '件' | '宗' | '起'))
                .map(|(i, _)| i)
                .collect();
            assert_eq!(count_units(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
        // A text with neither: every byte that shares a unit's or a terminator's key byte is rejected.
        assert_eq!(count_units("他仗价亶世乗").count(), 0);
        assert_eq!(find_chars::<Terminators>("他仗价亶，世乗、123").count(), 0);
    }

    /// The derived word tests are as cheap as hand-written ones: one test for the three units, three for the nine
    /// terminators (ASCII, the lead bytes of `。` and of `！？；`).
    #[test]
    fn char_sets_derive_few_byte_classes() {
        let classes = |c: &[ByteClass]| c.iter().filter(|c| c.members > 0).count();
        assert_eq!(classes(&CountUnits::SET.classes), 1);
        const { assert!(!CountUnits::SET.below_0x40) };
        assert_eq!(classes(&Terminators::SET.classes), 2);
        const { assert!(Terminators::SET.below_0x40) };
        // No class takes the lead bytes of ideographs, which would flag every character.
        char_set!(Wide = ['。', '，', '件', '元', '%', 'é']);
        assert!((0xE4..=0xE9).all(|b| !Wide::SET.classes.iter().any(|c| c.holds(b))));
        assert_eq!(
            find_chars::<Wide>("收费1元，共3件。café%").collect::<Vec<_>>(),
            [
                (7, '元'),
                (10, '，'),
                (17, '件'),
                (20, '。'),
                (26, 'é'),
                (28, '%')
            ]
        );
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
    fn sentences_split_at_terminators_and_line_breaks_not_at_commas() {
        let text = JIAXING_REQUESTS;
        let parts: Vec<&str> = sentences(text).map(|s| s.text(text)).collect();
        assert_eq!(
            parts,
            [
                "积极沟通了解申请人,完善依申请公开协调会商机制,进一步提升办理水平",
                "2024年收到政府信息公开申请126件",
                "因信息公开引发行政争议13件,其中,行政复议7件,行政诉讼6件,均无纠错和败诉"
            ]
        );
        let printed: Vec<&str> = sentences(text).map(|s| s.with_terminator(text)).collect();
        assert_eq!(printed.concat(), text);
        // Line breaks end sentences but are not printed; white space around a sentence is left out.
        let text = HONGZE_PROACTIVE;
        let first = sentences(text).next().unwrap();
        assert_eq!(first.text(text), "（一）主动公开情况");
        assert_eq!(first.with_terminator(text), "（一）主动公开情况。");
        let second = sentences(text).nth(1).unwrap();
        assert_eq!(
            second.with_terminator(text),
            "主要通过政府门户网站主动公开政府"
        );
        assert_eq!(sentences("甲，乙，丙").count(), 1);
        assert_eq!(sentences(" 。\n\n；").count(), 0);
        let last = sentences("完 ").next().unwrap();
        assert_eq!((last.start, last.end, last.next), (0, 3, 4));
    }

    #[test]
    fn find_and_contains_agree_with_std() {
        for text in EDGES {
            for needle in ["件", "收到申请", "纠错", "x", "；", "申请3件", "行政诉讼"]
            {
                assert_eq!(
                    find(text, needle),
                    text.find(needle),
                    "{needle} in {text:?}"
                );
                assert_eq!(
                    rfind(text, needle),
                    text.rfind(needle),
                    "{needle} in {text:?}"
                );
                assert_eq!(
                    contains(text, needle),
                    text.contains(needle),
                    "{needle} in {text:?}"
                );
            }
        }
        assert_eq!(find("收到申请3件", "申请"), Some(6));
        assert_eq!(find("收到申请3件", "请求"), None);
        assert_eq!(rfind("公开予以公开", "公开"), Some(12));
        assert_eq!(rfind("开", "公开"), None);
    }

    #[test]
    fn clauses_rule_out_absent_keywords_and_find_present_ones() {
        let keywords = [
            Keyword::new("行政复议"),
            Keyword::new("行政诉讼"),
            Keyword::new("纠错"),
            Keyword::new("予以公开"),
            Keyword::new("结转"),
            Keyword::new(","),
        ];
        let mut ruled_out = 0;
        for s in sentences(JIAXING_REQUESTS) {
            for part in s.text(JIAXING_REQUESTS).split(',') {
                let clause = Clause::new(part);
                for k in keywords {
                    assert_eq!(clause.contains(k), part.contains(k.text()), "{part}");
                    assert_eq!(
                        clause.rfind(k).map(|(s, _)| s),
                        part.rfind(k.text()),
                        "{part}"
                    );
                    ruled_out += usize::from(!clause.may_contain(k));
                }
            }
        }
        assert!(ruled_out > 20, "{ruled_out}");
        let text = "因信息公开引发行政争议13件,其中,行政复议7件";
        let (a, b) = text.split_at(text.find("其中").unwrap());
        let joined = Clause::new(a).join(Clause::new(b), text);
        assert_eq!(
            joined.rfind(Keyword::new("行政复议")),
            text.rfind("行政复议").map(|p| (p, p + 12))
        );
        assert!(!joined.contains(Keyword::new("行政诉讼")));
        let tail = joined.tail(a.len());
        assert_eq!(tail.text(), b);
        assert!(!tail.contains(Keyword::new("争议")));
    }

    #[test]
    fn numbering_reads_every_statutory_kind() {
        let n = numbering(JIAXING_TOTAL_ROW).unwrap();
        assert_eq!(
            (n.kind, n.value, n.number),
            (NumberKind::BracketedChinese, 7, "(七)")
        );
        assert!(n.rest.starts_with("总计 |"));
        let n = numbering(HUAIAN_NEW_ROW).unwrap();
        assert_eq!(
            (n.kind, n.value, n.number),
            (NumberKind::Chinese, 1, "一、")
        );
        let n = numbering("1.抓好法定主动公开。").unwrap();
        assert_eq!(
            (n.kind, n.value, n.rest),
            (NumberKind::Arabic, 1, "抓好法定主动公开。")
        );
        let n = numbering("1、申请人无正当理由逾期不补").unwrap();
        assert_eq!((n.kind, n.number), (NumberKind::Arabic, "1、"));
        let n = numbering("（12）其他").unwrap();
        assert_eq!(
            (n.kind, n.value, n.rest),
            (NumberKind::BracketedArabic, 12, "其他")
        );
        let n = numbering("第二，加强培训").unwrap();
        assert_eq!(
            (n.kind, n.value, n.number, n.rest),
            (NumberKind::Ordinal, 2, "第二，", "加强培训")
        );
        let n = numbering("(一) 存在的主要问题。").unwrap();
        assert_eq!((n.number, n.rest), ("(一)", "存在的主要问题。"));
        assert_eq!(numbering("十二、其他").map(|n| n.value), Some(12));
        for not_numbered in [
            "一是规范办理程序",
            "2024年收到政府信息公开申请126件",
            "1.5万条",
            "2024.",
            "（区分处理的）",
            "（）",
            "〇、",
            "",
        ] {
            assert_eq!(numbering(not_numbered), None, "{not_numbered}");
        }
    }

    #[test]
    fn label_number_is_the_statutory_number() {
        assert_eq!(label_number("（七）总计"), "（七）");
        assert_eq!(label_number("一、本年新收政府信息公开申请数量"), "一、");
        assert_eq!(
            label_number("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            "（二）"
        );
        assert_eq!(label_number("1.属于国家秘密"), "1.");
        assert_eq!(label_number("总计"), "总计");
    }

    #[test]
    fn subheadings_with_or_without_a_full_stop() {
        for heading in [
            "（一）主动公开",
            "（一）主动公开情况。",
            "（二）依申请公开情况",
            "1.加强组织领导",
            "（三）人大代表建议和政协提案办理结果公开情况",
            // Verbatim: jiaxing-2024, xiangcheng-2023, yangjiang-2019, jiaxian-2021, hongze-2023.
            "(一)主动公开情况。",
            "(一)持续深化主动公开",
            "(六)強化監督保障。",
            "(一) 存在的主要问题。",
            "   （三）政府信息管理情况。",
        ] {
            assert!(is_subheading(heading), "{heading}");
        }
        for paragraph in [
            // Verbatim: hongze-2023 (a numbered title that goes on), jiaxing-2024 (a table row), xiangcheng-2023.
            "   （一）主动公开情况。主要通过政府门户网站主动公开政府",
            JIAXING_TOTAL_ROW,
            JIAXING_PARTIAL_ROW,
            "1.抓好法定主动公开。按照政府信息公开条例要求,坚持做到法定主动公开内容及时、准确公开",
            "（一）主动公开，全年发布信息2000余条",
            "第一，加强组织领导",
            "一是加强组织领导",
            "（一）",
            "（一）这一行的标题写得太长了以至于不可能是一个小标题而只能是一段没有标点的正文内容呢",
        ] {
            assert!(!is_subheading(paragraph), "{paragraph}");
        }
    }

    #[test]
    fn paragraphs_are_trimmed_lines_each_heading_or_text() {
        let text = "  开头。\n\n（一）主动公开情况。\n公开了。\r\n1.加强组织领导\n";
        assert_eq!(
            paragraphs(text).collect::<Vec<_>>(),
            [
                Paragraph::Text("开头。"),
                Paragraph::Heading("（一）主动公开情况。"),
                Paragraph::Text("公开了。"),
                Paragraph::Heading("1.加强组织领导"),
            ]
        );
        assert_eq!(
            paragraphs(HONGZE_PROACTIVE).next(),
            Some(Paragraph::Text(
                "（一）主动公开情况。主要通过政府门户网站主动公开政府"
            ))
        );
        assert_eq!(paragraphs(" \n\u{3000}\n").count(), 0);
        assert_eq!(
            Paragraph::Heading("（一）主动公开").text(),
            "（一）主动公开"
        );
    }

    #[test]
    fn outline_cuts_at_subheadings_and_gives_the_text_back() {
        let text = "开头。\n（一）主动公开情况。\n公开了。\n第二段。\n（二）依申请公开情况。\n（三）政府信息管理\n管理了。";
        let o = outline(text);
        assert_eq!(o.intro, "开头。");
        assert_eq!(
            o.parts,
            [
                ("（一）主动公开情况。", "公开了。\n第二段。"),
                ("（二）依申请公开情况。", ""),
                ("（三）政府信息管理", "管理了。"),
            ]
        );
        let mut pieces = vec![o.intro];
        for (h, b) in &o.parts {
            pieces.extend([*h, *b]);
        }
        let rejoined: Vec<&str> = pieces.into_iter().filter(|p| !p.is_empty()).collect();
        assert_eq!(rejoined.join("\n"), text);
        // Starting with a heading, ending with one.
        let o = outline("（一）主动公开\n公开了。\n（二）依申请公开");
        assert_eq!((o.intro, o.parts.len()), ("", 2));
        assert_eq!(o.parts[1], ("（二）依申请公开", ""));
        // A run-in title is text, not a heading.
        let o = outline(HONGZE_PROACTIVE);
        assert_eq!((o.intro, o.parts.len()), (HONGZE_PROACTIVE, 0));
    }

    #[test]
    fn counts_are_figures_before_a_unit() {
        let text = JIAXING_REQUESTS;
        let found: Vec<(Option<u64>, &str)> = figures(text)
            .map(|f| (f.value, &text[f.start..f.end]))
            .collect();
        assert_eq!(
            found,
            [
                (Some(126), "126件"),
                (Some(13), "13件"),
                (Some(7), "7件"),
                (Some(6), "6件")
            ]
        );
        let values = |s: &str| figures(s).map(|f| f.value).collect::<Vec<_>>();
        assert_eq!(values("受理12345热线13000余件"), [None]);
        assert_eq!(
            values("约120件、三件、1,234件、１２宗、3起"),
            [None, Some(3), Some(1234), Some(12), Some(3)]
        );
        assert_eq!(values("第3件，一起起诉，一件事，起草5件"), [Some(5)]);
        assert!(values("未发出收费通知").is_empty());
    }

    #[test]
    fn labelled_figures_in_sentences() {
        let pairs = |s| -> Vec<(&str, &str, Option<u64>)> {
            labelled_figures(s)
                .into_iter()
                .map(|l| (l.label, l.unit, l.figure.value))
                .collect()
        };
        assert_eq!(
            pairs(JIAXING_REQUESTS),
            [
                ("收到政府信息公开申请", "件", Some(126)),
                ("因信息公开引发行政争议", "件", Some(13)),
                ("行政复议", "件", Some(7)),
                ("行政诉讼", "件", Some(6)),
            ]
        );
        assert_eq!(
            pairs(
                "2024年通过市政府门户网站发布市政府及市政府办公室政策文件60件、政策解读60件、政务信息2万余条、嘉兴政府公报12期。"
            ),
            [
                (
                    "通过市政府门户网站发布市政府及市政府办公室政策文件",
                    "件",
                    Some(60)
                ),
                ("政策解读", "件", Some(60)),
                ("政务信息", "万余条", None),
                ("嘉兴政府公报", "期", Some(12)),
            ]
        );
        assert_eq!(
            pairs("予以公开及部分公开258件，约120件，满意率98.85%，现行有效1,234件"),
            [
                ("予以公开及部分公开", "件", Some(258)),
                ("满意率", "%", None),
                ("现行有效", "件", Some(1234)),
            ]
        );
        // Verbatim, hongze-2023: a space between figure and unit, a date, a line break in the label.
        assert_eq!(
            pairs(HONGZE_PROACTIVE),
            [("府网站平台主动公开政府信息", "条", Some(1136))]
        );
        // Numbers that belong to names and labels are no figures.
        assert_eq!(
            pairs(
                "按照国办公开办函〔2019〕61号要求，提供H5页面，第3次会议，受理12345热线13000余件"
            ),
            [("受理", "", Some(12345)), ("热线", "余件", None)]
        );
        assert!(pairs("2023年12月31日前发布的文件").is_empty());
    }

    #[test]
    fn labelled_figures_in_table_rows() {
        let first = |s| {
            labelled_figures(s)
                .into_iter()
                .map(|l| (l.label, l.digits))
                .collect::<Vec<_>>()
        };
        assert_eq!(first(JIAXING_TOTAL_ROW), [("(七)总计", "108")]);
        assert_eq!(
            first(JIAXING_PARTIAL_ROW),
            [("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "34")]
        );
        assert_eq!(
            first(HUAIAN_NEW_ROW),
            [("一、本年新收政府信息公开申请数量", "3001")]
        );
        assert_eq!(first("（七）总计723000075"), [("（七）总计", "723000075")]);
        assert_eq!(first("1.属于国家秘密 | 0 | 0 |"), [("1.属于国家秘密", "0")]);
        assert_eq!(
            first("行政事业性收费 | 2260.072204"),
            [("行政事业性收费", "2260.072204")]
        );
        assert!(first("| 108 | 21 |").is_empty());
        // Verbatim, yangjiang-2019 (table 2 of the 2019 format, one cell per line): a negative change has no label and
        // does not become one.
        assert_eq!(
            first("行政許可\n141516\n-59417\n1084744"),
            [("行政許可", "141516")]
        );
    }
}
