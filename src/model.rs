//! The report as the clerk typed it: meta, narrative sections, tables, and the clerk's explanations of warnings.
//!
//! A cell is blank (`None`, an omission) or a value; blank is never 0. Money is exact (integer 分 through
//! [`Decimal`]), never a float. The model knows the format definition ([`crate::format`]) and nothing else of the
//! crate: no checks, no files, no UI.

use std::collections::BTreeMap;
use std::fmt;
use std::fmt::Write as _;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::format::{CellRef, FieldKind, FormatVersion, GridDef, SectionId, TableId};

/// A table-3 or table-4 cell: blank or a non-negative integer.
pub type Cell = Option<u64>;

// ---------------------------------------------------------------------------------------------------------------
// Exact decimals and money

/// An exact decimal number as entered: `mantissa / 10^scale`. `2260.072204` is `{ mantissa: 2260072204, scale: 6 }`;
/// the scale keeps the decimals the clerk typed (`104.17` stays `104.17`, `0.50` stays `0.50`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    /// The digits without the decimal point, signed.
    pub mantissa: i64,
    /// How many of the digits are decimals (at most [`MAX_SCALE`]).
    pub scale: u8,
}

/// The most decimals a [`Decimal`] keeps (more cannot be exact in an `i64` for the amounts reports hold).
pub const MAX_SCALE: u8 = 9;

impl Decimal {
    /// `0`, with no decimals.
    pub const ZERO: Self = Self {
        mantissa: 0,
        scale: 0,
    };

    /// A whole number, with no decimals.
    pub fn from_int(n: i64) -> Self {
        Self {
            mantissa: n,
            scale: 0,
        }
    }

    /// Parses a plain decimal (`-12`, `0`, `2260.072204`): ASCII digits, at most one point, an optional leading
    /// minus. Input normalisation (full-width digits, separators) is [`crate::input`]'s job.
    pub fn parse(s: &str) -> Option<Self> {
        let (negative, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        if digits.contains('.') && frac.is_empty() {
            return None;
        }
        let scale = u8::try_from(frac.len()).ok().filter(|&s| s <= MAX_SCALE)?;
        let mut mantissa: i64 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            mantissa = mantissa.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        Some(Self {
            mantissa: if negative { -mantissa } else { mantissa },
            scale,
        })
    }

    /// Whether the value has no fractional part (`2.00` has none).
    pub fn is_integer(self) -> bool {
        self.mantissa % 10_i64.pow(u32::from(self.scale)) == 0
    }

    /// Whether the value is below zero (only 2019's `本年增/减` may be).
    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    /// The value at another scale, if it is exact there (`1.50` at scale 1 is `1.5`; `1.55` at scale 1 is `None`).
    pub fn rescale(self, scale: u8) -> Option<i64> {
        if scale >= self.scale {
            self.mantissa
                .checked_mul(10_i64.checked_pow(u32::from(scale - self.scale))?)
        } else {
            let div = 10_i64.pow(u32::from(self.scale - scale));
            (self.mantissa % div == 0).then_some(self.mantissa / div)
        }
    }

    /// The integer value, if it has no fractional part.
    pub fn to_integer(self) -> Option<i64> {
        self.rescale(0)
    }

    /// Exact sum at the larger scale.
    pub fn checked_add(self, other: Self) -> Option<Self> {
        let scale = self.scale.max(other.scale);
        Some(Self {
            mantissa: self.rescale(scale)?.checked_add(other.rescale(scale)?)?,
            scale,
        })
    }

    /// The value as a float, for plausibility hints only (never for stored money).
    pub fn approx(self) -> f64 {
        self.mantissa as f64 / 10_f64.powi(i32::from(self.scale))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let abs = self.mantissa.unsigned_abs();
        if self.scale == 0 {
            return write!(f, "{sign}{abs}");
        }
        let div = 10_u64.pow(u32::from(self.scale));
        write!(
            f,
            "{sign}{}.{:0width$}",
            abs / div,
            abs % div,
            width = usize::from(self.scale)
        )
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("“{s}”不是有效的数字")))
    }
}

/// Money in 分 (1/100 元), the unit every amount is exact in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fen(pub i64);

/// An amount in 元 as entered (at most two decimals to be exact in 分).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Yuan(pub Decimal);

impl Yuan {
    /// The exact amount in 分; `None` if it is not a whole number of 分 (`0.005` 元) or too large.
    pub fn fen(self) -> Option<Fen> {
        self.0.rescale(2).map(Fen)
    }
}

impl fmt::Display for Yuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An amount in 万元 as entered (six decimals of 万元 is one 分).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WanYuan(pub Decimal);

impl WanYuan {
    /// The exact amount in 分; `None` if it is not a whole number of 分 (`0.0000005` 万元) or too large.
    pub fn fen(self) -> Option<Fen> {
        self.0.rescale(6).map(Fen)
    }
}

impl fmt::Display for WanYuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

/// A calendar date (no time zone: the documents carry dates only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, e.g. `2025`.
    pub year: u16,
    /// The month, 1–12.
    pub month: u8,
    /// The day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// A date, if it exists in the calendar (leap years included).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if year.is_multiple_of(4)
                && (!year.is_multiple_of(100) || year.is_multiple_of(400)) =>
            {
                29
            }
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Self { year, month, day })
    }

    /// Parses ISO `2025-01-20`.
    pub fn parse_iso(s: &str) -> Option<Self> {
        let mut parts = s.trim().splitn(3, '-');
        let y = parts.next()?.parse().ok()?;
        let m = parts.next()?.parse().ok()?;
        let d = parts.next()?.parse().ok()?;
        Self::new(y, m, d)
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's civil-from-days algorithm).
    pub fn from_unix_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Self { year, month, day }
    }

    /// `2024年2月6日`: Arabic numerals, no leading zeros, as official documents write it.
    pub fn chinese(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// Days since 0000-03-01 (for differences between dates).
    pub fn day_number(self) -> i64 {
        let (y, m) = if self.month <= 2 {
            (i64::from(self.year) - 1, i64::from(self.month) + 9)
        } else {
            (i64::from(self.year), i64::from(self.month) - 3)
        };
        365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + i64::from(self.day) - 1
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse_iso(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("“{s}”不是有效的日期（应为 YYYY-MM-DD）"))
        })
    }
}

/// A moment as nianbao records it (review actions, approvals, export metadata): a date and a time of day in 北京时间
/// (UTC+8), where the reports are written, to the minute. Written `2025-01-20 09:30`.
///
/// The model never reads the clock: the window and the CLI read it at their edge ([`crate::clock`]) and pass the
/// moment in, so that every result is reproducible.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// The date in 北京时间.
    pub date: Date,
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
}

/// 北京时间 is eight hours ahead of UTC, all year.
const BEIJING_OFFSET_SECONDS: i64 = 8 * 3600;

impl Timestamp {
    /// A moment, if the time of day exists.
    pub fn new(date: Date, hour: u8, minute: u8) -> Option<Self> {
        (hour < 24 && minute < 60).then_some(Self { date, hour, minute })
    }

    /// The moment `secs` seconds after 1970-01-01 00:00 UTC, in 北京时间 (seconds dropped).
    pub fn from_unix(secs: i64) -> Self {
        let local = secs.saturating_add(BEIJING_OFFSET_SECONDS);
        let of_day = local.rem_euclid(86_400);
        Self {
            date: Date::from_unix_days(local.div_euclid(86_400)),
            hour: (of_day / 3600) as u8,
            minute: (of_day % 3600 / 60) as u8,
        }
    }

    /// Parses `2025-01-20 09:30` (a `T` between date and time is accepted too).
    pub fn parse(s: &str) -> Option<Self> {
        let (date, time) = s.trim().split_once([' ', 'T'])?;
        let (hour, minute) = time.split_once(':')?;
        let two = |t: &str| (t.len() == 2).then(|| t.parse::<u8>().ok()).flatten();
        Self::new(Date::parse_iso(date)?, two(hour)?, two(minute)?)
    }

    /// ISO 8601 with the zone, for document metadata: `2025-01-20T09:30:00+08:00`.
    pub fn iso8601(self) -> String {
        format!("{}T{:02}:{:02}:00+08:00", self.date, self.hour, self.minute)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:02}:{:02}", self.date, self.hour, self.minute)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("“{s}”不是有效的时间（应为 YYYY-MM-DD HH:MM）"))
        })
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Meta

/// Kind of issuing body: decides the publication deadline (《条例》第四十九条).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BodyKind {
    /// A government department (部门): publishes by 1月31日.
    Department,
    /// A people's government (人民政府) reporting for itself and its departments: publishes by 3月31日.
    Government,
}

impl BodyKind {
    /// How the form names the kind to the clerk: `政府部门`, `人民政府`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Department => "政府部门",
            Self::Government => "人民政府",
        }
    }

    /// The key in the interchange format's `meta.body_kind` (`department` / `government`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Department => "department",
            Self::Government => "government",
        }
    }

    /// The kind an interchange key names; `None` for any other key.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "department" => Some(Self::Department),
            "government" => Some(Self::Government),
            _ => None,
        }
    }

    /// The statutory publication deadline for the report on `year`.
    pub fn deadline(self, year: u16) -> Date {
        let (month, day) = match self {
            Self::Department => (1, 31),
            Self::Government => (3, 31),
        };
        Date {
            year: year.saturating_add(1),
            month,
            day,
        }
    }

    /// A guess from the body's name, for new reports and imports: `…人民政府` is a government, the rest departments.
    /// (`…人民政府办公室` is a department.)
    pub fn guess(body: &str) -> Self {
        if body.trim_end().ends_with("人民政府") {
            Self::Government
        } else {
            Self::Department
        }
    }
}

/// The report's particulars: who reports on which year, when it was published and signed, and where to ask. The
/// title, the customary preamble and the closing are made from them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// 机关名称: the issuing body, as in the title.
    pub body: String,
    /// Whether the body is a department or a people's government (it decides the deadline); `None` when not stated,
    /// then [`Meta::kind`] guesses it from the name.
    pub body_kind: Option<BodyKind>,
    /// The year the report is about.
    pub year: u16,
    /// Publication date on the portal.
    pub published: Option<Date>,
    /// Portal address (where the electronic version is published).
    pub portal: String,
    /// Contact for questions, printed in the customary preamble: postal address.
    pub address: String,
    /// Contact for questions: postcode (邮编).
    pub postcode: String,
    /// Contact for questions: telephone.
    pub phone: String,
    /// Contact for questions: e-mail.
    pub email: String,
    /// 落款: the body that signs; blank means the issuing body.
    pub signatory: String,
    /// 成文日期.
    pub signed: Option<Date>,
}

impl Meta {
    /// 落款 as printed.
    pub fn signatory_or_body(&self) -> &str {
        if self.signatory.trim().is_empty() {
            &self.body
        } else {
            &self.signatory
        }
    }

    /// The report's title, `{机关名称}{YYYY}年度政府信息公开工作年度报告`.
    pub fn title(&self) -> String {
        crate::format::title(&self.body, self.year)
    }

    /// The kind of body as stated, or as its name says when not stated ([`BodyKind::guess`]): the one inference the
    /// checks, the window and the CLI share.
    pub fn kind(&self) -> BodyKind {
        self.body_kind
            .unwrap_or_else(|| BodyKind::guess(&self.body))
    }

    /// The statutory publication deadline of this report.
    pub fn deadline(&self) -> Date {
        self.kind().deadline(self.year)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Narrative

/// A sub-section of a narrative section: its heading as the report prints it (`（一）主动公开情况`) and its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// The heading as printed, e.g. `（一）主动公开情况`; the clerk may reword the customary one.
    pub heading: String,
    /// The sub-section's text, without its heading.
    pub body: String,
}

/// Section 一、总体情况: an optional opening paragraph, then the customary sub-sections.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct General {
    /// The opening paragraph before the first sub-heading; may be blank.
    pub intro: String,
    /// The sub-sections in printed order; new reports start with the five customary ones.
    pub parts: Vec<Part>,
}

impl General {
    /// The five customary sub-headings, empty.
    pub fn customary() -> Self {
        let parts = SectionId::General
            .def()
            .subheadings
            .iter()
            .map(|h| Part {
                heading: (*h).to_owned(),
                body: String::new(),
            })
            .collect();
        Self {
            intro: String::new(),
            parts,
        }
    }

    /// The section's text as printed: intro, then each heading on its own line followed by its text.
    pub fn full_text(&self) -> String {
        let mut out = String::new();
        let mut push = |s: &str| {
            if s.is_empty() {
                return;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(s);
        };
        push(&self.intro);
        for part in &self.parts {
            push(&part.heading);
            push(&part.body);
        }
        out
    }

    /// Whether no text has been written: blank intro and blank bodies (headings alone do not count).
    pub fn is_empty(&self) -> bool {
        self.intro.trim().is_empty() && self.parts.iter().all(|p| p.body.trim().is_empty())
    }
}

/// One figure of section 六's fee statement, as the form and the findings name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FeeField {
    /// 发出收费通知件数
    NoticesIssued,
    /// 收费通知金额（元）
    NoticesAmount,
    /// 实际收取信息处理费（元）
    Collected,
}

impl FeeField {
    /// The field's label on the form.
    pub fn label(self) -> &'static str {
        match self {
            Self::NoticesIssued => "发出收费通知件数",
            Self::NoticesAmount => "收费通知金额（元）",
            Self::Collected => "实际收取信息处理费（元）",
        }
    }
}

/// Section 六's 信息处理费 figures (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号). `None` = not stated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeStatement {
    /// 收费通知 issued (count).
    pub notices_issued: Option<u64>,
    /// Their total amount, 元.
    pub notices_amount: Option<Yuan>,
    /// Amount actually collected, 元.
    pub collected: Option<Yuan>,
}

impl FeeStatement {
    /// One figure as the form shows it (blank: not stated).
    pub fn text(&self, field: FeeField) -> String {
        match field {
            FeeField::NoticesIssued => self.notices_issued.map(|n| n.to_string()),
            FeeField::NoticesAmount => self.notices_amount.map(|a| a.to_string()),
            FeeField::Collected => self.collected.map(|a| a.to_string()),
        }
        .unwrap_or_default()
    }

    /// Whether any of the three figures was filled in.
    pub fn is_stated(&self) -> bool {
        self.notices_issued.is_some() || self.notices_amount.is_some() || self.collected.is_some()
    }

    /// The statutory sentence the form writes into section 六 from these figures.
    pub fn sentence(&self, year: u16) -> String {
        let issued = self.notices_issued.unwrap_or(0);
        let zero = |y: Option<Yuan>| y.is_none_or(|y| y.0.mantissa == 0);
        if issued == 0 && zero(self.notices_amount) && zero(self.collected) {
            return format!(
                "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），{year}年本机关未发出收费通知，未收取政府信息公开信息处理费。"
            );
        }
        let amount = self
            .notices_amount
            .map_or_else(|| "未统计".to_owned(), |a| format!("{a}元"));
        let collected = self
            .collected
            .map_or_else(|| "未统计".to_owned(), |a| format!("{a}元"));
        format!(
            "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），{year}年本机关共发出收费通知{issued}件，收费通知金额{amount}，实际收取信息处理费{collected}。"
        )
    }
}

/// Section 六、其他需要报告的事项: the fee statement (structured figures and the sentence that states them), then
/// the other sub-items as free text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Other {
    /// The 信息处理费 figures, from which the form writes the sentence.
    pub fee: FeeStatement,
    /// The sentence on 信息处理费 as printed (the form writes it from `fee`; the clerk may reword it).
    pub fee_text: String,
    /// The other sub-items (（二）…（四）) and anything else the body reports.
    pub text: String,
}

impl Other {
    /// The section's text as printed: the fee sentence, then the other sub-items.
    pub fn full_text(&self) -> String {
        match (self.fee_text.trim().is_empty(), self.text.trim().is_empty()) {
            (false, false) => format!("{}\n{}", self.fee_text, self.text),
            (false, true) => self.fee_text.clone(),
            (true, _) => self.text.clone(),
        }
    }
}

/// The free-text fields of a report, so a finding can point at a sentence in one of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TextField {
    /// The preamble before section 一.
    Preamble,
    /// 一、总体情况: the opening paragraph.
    GeneralIntro,
    /// 一、总体情况: the body of sub-section `n` (0-based).
    GeneralPart(u8),
    /// 五、存在的主要问题及改进情况.
    Problems,
    /// 六: the sentence on 信息处理费.
    FeeText,
    /// 六: the other sub-items.
    OtherText,
}

impl TextField {
    /// The statutory section the field belongs to; `None` for the preamble, which belongs to none.
    pub fn section(self) -> Option<SectionId> {
        match self {
            Self::Preamble => None,
            Self::GeneralIntro | Self::GeneralPart(_) => Some(SectionId::General),
            Self::Problems => Some(SectionId::Problems),
            Self::FeeText | Self::OtherText => Some(SectionId::Other),
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

/// A table-2 value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum T2Value {
    /// A count, a signed change or an amount in 万元, as entered.
    Number(Decimal),
    /// Free text as printed (2019 `采购总金额`).
    Text(String),
}

impl T2Value {
    /// The number, if the value is not free text.
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Self::Number(d) => Some(*d),
            Self::Text(_) => None,
        }
    }

    /// A count as an integer, when it is one.
    pub fn count(&self) -> Option<i64> {
        self.number().and_then(Decimal::to_integer)
    }
}

impl fmt::Display for T2Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(d) => d.fmt(f),
            Self::Text(t) => f.write_str(t),
        }
    }
}

/// Table 2: one slot per field of the format's rows (`values[row][field]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table2 {
    /// `values[row][field]`, indexed like [`crate::format::Table2Def::rows`] and each row's fields; `None` is blank.
    pub values: Vec<Vec<Option<T2Value>>>,
}

impl Table2 {
    /// Every cell blank, shaped by the format's table 2.
    pub fn blank(format: FormatVersion) -> Self {
        Self {
            values: format
                .table2()
                .rows
                .iter()
                .map(|r| vec![None; r.fields.len()])
                .collect(),
        }
    }

    /// The value of a cell; `None` if blank or if the format has no such cell.
    pub fn get(&self, row: usize, col: usize) -> Option<&T2Value> {
        self.values.get(row)?.get(col)?.as_ref()
    }

    /// Fills or blanks a cell; a cell the format does not have is ignored.
    pub fn set(&mut self, row: usize, col: usize, value: Option<T2Value>) {
        if let Some(slot) = self.values.get_mut(row).and_then(|r| r.get_mut(col)) {
            *slot = value;
        }
    }

    /// Serialised as a map `row key → field key → value text`, read back by the format's field kinds.
    fn to_map(
        &self,
        format: FormatVersion,
    ) -> BTreeMap<&'static str, BTreeMap<&'static str, Option<String>>> {
        let def = format.table2();
        def.rows
            .iter()
            .zip(&self.values)
            .map(|(row, values)| {
                (
                    row.key,
                    row.fields
                        .iter()
                        .zip(values)
                        .map(|(f, v)| (f.key, v.as_ref().map(ToString::to_string)))
                        .collect(),
                )
            })
            .collect()
    }

    fn from_map(
        format: FormatVersion,
        map: BTreeMap<String, BTreeMap<String, Option<String>>>,
    ) -> Result<Self, String> {
        let def = format.table2();
        let mut table = Self::blank(format);
        for (row_key, fields) in map {
            let r = def.row_index(&row_key).ok_or_else(|| {
                format!(
                    "{}没有“{row_key}”这一行（{}格式）",
                    TableId::T2.name(),
                    format.key()
                )
            })?;
            for (field_key, value) in fields {
                let row = &def.rows[r];
                let c = row
                    .fields
                    .iter()
                    .position(|f| f.key == field_key)
                    .ok_or_else(|| {
                        format!(
                            "{}“{}”没有“{field_key}”这一栏",
                            TableId::T2.name(),
                            row.label
                        )
                    })?;
                let Some(text) = value else { continue };
                let value = match row.fields[c].kind {
                    FieldKind::Text => T2Value::Text(text),
                    _ => T2Value::Number(Decimal::parse(&text).ok_or_else(|| {
                        format!("{}“{}”的值“{text}”不是数字", TableId::T2.name(), row.label)
                    })?),
                };
                table.values[r][c] = Some(value);
            }
        }
        Ok(table)
    }
}

/// Table 3 or table 4: `rows[row][col]` in the order of the format's [`GridDef`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grid {
    /// `rows[row][col]`, indexed like the [`GridDef`]'s rows and columns; `None` is blank.
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    /// Every cell blank, shaped by the definition.
    pub fn blank(def: &GridDef) -> Self {
        Self {
            rows: vec![vec![None; def.columns.len()]; def.rows.len()],
        }
    }

    /// The value of a cell; `None` if blank or if the grid has no such cell.
    pub fn get(&self, row: usize, col: usize) -> Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .copied()
            .flatten()
    }

    /// Fills or blanks a cell; a cell the grid does not have is ignored.
    pub fn set(&mut self, row: usize, col: usize, value: Cell) {
        if let Some(slot) = self.rows.get_mut(row).and_then(|r| r.get_mut(col)) {
            *slot = value;
        }
    }

    fn to_map(&self, def: &GridDef) -> BTreeMap<&'static str, Vec<Cell>> {
        def.rows
            .iter()
            .zip(&self.rows)
            .map(|(r, cells)| (r.key, cells.clone()))
            .collect()
    }

    fn from_map(def: &GridDef, map: BTreeMap<String, Vec<Cell>>) -> Result<Self, String> {
        let mut grid = Self::blank(def);
        for (key, cells) in map {
            let r = def
                .row_index(&key)
                .ok_or_else(|| format!("{}没有“{key}”这一行", def.table.name()))?;
            if cells.len() != def.columns.len() {
                return Err(format!(
                    "{}“{}”应有{}个数，实有{}个",
                    def.table.name(),
                    def.rows[r].label,
                    def.columns.len(),
                    cells.len()
                ));
            }
            grid.rows[r] = cells;
        }
        Ok(grid)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The report

/// One annual report. Serialised through `ReportRepr` so that the tables appear as readable maps keyed by the
/// format's stable ids and are validated against the report's own format on load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// Which edition of the statutory format the report follows; it shapes the tables.
    pub format: FormatVersion,
    /// Who reports, on which year, when published and signed, and the contact for questions.
    pub meta: Meta,
    /// Custom preamble; blank means the customary one is generated from the meta.
    pub preamble: String,
    /// Section 一、总体情况: an opening paragraph and the sub-sections.
    pub general: General,
    /// 表二, section 二、主动公开政府信息情况, shaped by the report's format.
    pub table2: Table2,
    /// 表三, section 三、收到和处理政府信息公开申请情况, shaped by the report's format.
    pub table3: Grid,
    /// 表四, section 四、政府信息公开行政复议、行政诉讼情况: its three blocks as three rows.
    pub table4: Grid,
    /// Section 五、存在的主要问题及改进情况, as free text.
    pub problems: String,
    /// Section 六、其他需要报告的事项: the fee statement and the other sub-items.
    pub other: Other,
    /// The clerk's written explanations of warnings, keyed by [`crate::rules::Finding::key`].
    pub explanations: BTreeMap<String, String>,
}

impl Report {
    /// A blank report in the 2021 format with the statutory structure.
    pub fn new(body: &str, year: u16) -> Self {
        Self::blank(FormatVersion::V2021, body, year)
    }

    /// A blank report in the given format: empty tables, the customary sub-headings of section 一, the kind of body
    /// guessed from its name.
    pub fn blank(format: FormatVersion, body: &str, year: u16) -> Self {
        Self {
            format,
            meta: Meta {
                body: body.to_owned(),
                body_kind: Some(BodyKind::guess(body)),
                year,
                ..Meta::default()
            },
            preamble: String::new(),
            general: General::customary(),
            table2: Table2::blank(format),
            table3: Grid::blank(format.table3()),
            table4: Grid::blank(format.table4()),
            problems: String::new(),
            other: Other::default(),
            explanations: BTreeMap::new(),
        }
    }

    /// Table 3 or 4; `None` for table 2, which is not a grid.
    pub fn grid(&self, table: TableId) -> Option<&Grid> {
        match table {
            TableId::T3 => Some(&self.table3),
            TableId::T4 => Some(&self.table4),
            TableId::T2 => None,
        }
    }

    /// Table 3 or 4, to edit; `None` for table 2.
    pub fn grid_mut(&mut self, table: TableId) -> Option<&mut Grid> {
        match table {
            TableId::T3 => Some(&mut self.table3),
            TableId::T4 => Some(&mut self.table4),
            TableId::T2 => None,
        }
    }

    /// The number in a table-3/4 cell, or a table-2 count.
    pub fn count(&self, cell: CellRef) -> Option<i64> {
        match cell.table {
            TableId::T2 => self
                .table2
                .get(cell.row(), cell.col())
                .and_then(T2Value::count),
            t => self
                .grid(t)
                .and_then(|g| g.get(cell.row(), cell.col()))
                .and_then(|v| i64::try_from(v).ok()),
        }
    }

    /// The text of a free-text field (empty if the field does not exist).
    pub fn text(&self, field: TextField) -> &str {
        match field {
            TextField::Preamble => &self.preamble,
            TextField::GeneralIntro => &self.general.intro,
            TextField::GeneralPart(i) => self
                .general
                .parts
                .get(usize::from(i))
                .map_or("", |p| p.body.as_str()),
            TextField::Problems => &self.problems,
            TextField::FeeText => &self.other.fee_text,
            TextField::OtherText => &self.other.text,
        }
    }

    /// The text of a free-text field, to edit; `None` for a sub-section of section 一 the report does not have.
    pub fn text_mut(&mut self, field: TextField) -> Option<&mut String> {
        Some(match field {
            TextField::Preamble => &mut self.preamble,
            TextField::GeneralIntro => &mut self.general.intro,
            TextField::GeneralPart(i) => &mut self.general.parts.get_mut(usize::from(i))?.body,
            TextField::Problems => &mut self.problems,
            TextField::FeeText => &mut self.other.fee_text,
            TextField::OtherText => &mut self.other.text,
        })
    }

    /// Every free-text field that exists in this report, in reading order.
    pub fn text_fields(&self) -> Vec<TextField> {
        let mut fields = vec![TextField::Preamble, TextField::GeneralIntro];
        fields.extend((0..self.general.parts.len()).map(|i| TextField::GeneralPart(i as u8)));
        fields.extend([
            TextField::Problems,
            TextField::FeeText,
            TextField::OtherText,
        ]);
        fields
    }

    /// The customary preamble, generated from the meta when the report has none of its own.
    pub fn preamble_or_customary(&self) -> String {
        if !self.preamble.trim().is_empty() {
            return self.preamble.clone();
        }
        let m = &self.meta;
        let y = m.year;
        let mut s = format!(
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（{}）要求编制，包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分。本报告所列数据的统计期限为{y}年1月1日至{y}年12月31日。",
            self.format.source()
        );
        if !m.portal.trim().is_empty() {
            let _ = write!(s, "本报告电子版可在{}查阅或下载。", m.portal.trim());
        }
        let contact: Vec<String> = [
            ("地址", &m.address),
            ("邮编", &m.postcode),
            ("电话", &m.phone),
            ("电子邮箱", &m.email),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}：{}", v.trim()))
        .collect();
        if !contact.is_empty() {
            let _ = write!(
                s,
                "如对本报告有疑问，请与{}联系（{}）。",
                m.signatory_or_body(),
                contact.join("，")
            );
        }
        s
    }
}

/// The on-disk shape of a [`Report`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Report")]
struct ReportRepr {
    format: FormatVersion,
    meta: Meta,
    #[serde(default)]
    preamble: String,
    general: General,
    table2: BTreeMap<String, BTreeMap<String, Option<String>>>,
    table3: BTreeMap<String, Vec<Cell>>,
    table4: BTreeMap<String, Vec<Cell>>,
    problems: String,
    other: Other,
    #[serde(default)]
    explanations: BTreeMap<String, String>,
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let owned = |m: BTreeMap<&'static str, Vec<Cell>>| {
            m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
        };
        let table2 = self
            .table2
            .to_map(self.format)
            .into_iter()
            .map(|(k, v)| {
                (
                    k.to_owned(),
                    v.into_iter().map(|(f, x)| (f.to_owned(), x)).collect(),
                )
            })
            .collect();
        ReportRepr {
            format: self.format,
            meta: self.meta.clone(),
            preamble: self.preamble.clone(),
            general: self.general.clone(),
            table2,
            table3: owned(self.table3.to_map(self.format.table3())),
            table4: owned(self.table4.to_map(self.format.table4())),
            problems: self.problems.clone(),
            other: self.other.clone(),
            explanations: self.explanations.clone(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Report {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let r = ReportRepr::deserialize(d)?;
        Ok(Self {
            format: r.format,
            table2: Table2::from_map(r.format, r.table2).map_err(D::Error::custom)?,
            table3: Grid::from_map(r.format.table3(), r.table3).map_err(D::Error::custom)?,
            table4: Grid::from_map(r.format.table4(), r.table4).map_err(D::Error::custom)?,
            meta: r.meta,
            preamble: r.preamble,
            general: r.general,
            problems: r.problems,
            other: r.other,
            explanations: r.explanations,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_keeps_the_decimals_as_entered() {
        for s in ["0", "104.17", "2260.072204", "0.50", "-59417", "12"] {
            assert_eq!(Decimal::parse(s).map(|d| d.to_string()).as_deref(), Some(s));
        }
        for s in ["", ".5", "5.", "1e3", "1,000", "--1", "１"] {
            assert_eq!(Decimal::parse(s), None, "{s}");
        }
    }

    #[test]
    fn money_is_exact_in_fen() {
        assert_eq!(
            WanYuan(Decimal::parse("2260.072204").unwrap()).fen(),
            Some(Fen(2_260_072_204))
        );
        assert_eq!(
            WanYuan(Decimal::parse("104.17").unwrap()).fen(),
            Some(Fen(104_170_000))
        );
        assert_eq!(WanYuan(Decimal::parse("0.0000001").unwrap()).fen(), None);
        assert_eq!(Yuan(Decimal::parse("12.5").unwrap()).fen(), Some(Fen(1250)));
        assert_eq!(Yuan(Decimal::parse("0.001").unwrap()).fen(), None);
    }

    #[test]
    fn dates() {
        assert_eq!(
            Date::parse_iso("2024-02-06").unwrap().chinese(),
            "2024年2月6日"
        );
        assert_eq!(Date::parse_iso("2023-02-29"), None);
        assert_eq!(
            Date::parse_iso("2024-02-29")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2024-02-29")
        );
        let a = Date::new(2025, 1, 31).unwrap();
        let b = Date::new(2025, 3, 1).unwrap();
        assert_eq!(b.day_number() - a.day_number(), 29);
        assert_eq!(
            BodyKind::Department.deadline(2024),
            Date::new(2025, 1, 31).unwrap()
        );
        assert_eq!(
            BodyKind::guess("嘉兴市人民政府办公室"),
            BodyKind::Department
        );
        assert_eq!(BodyKind::guess("郏县人民政府"), BodyKind::Government);
    }

    #[test]
    fn timestamps_are_beijing_time_to_the_minute() {
        let epoch = Timestamp::from_unix(0);
        assert_eq!(epoch.to_string(), "1970-01-01 08:00");
        // 2025-12-01 00:01:30 UTC is 08:01 in 北京时间.
        let t = Timestamp::from_unix(1_764_547_200 + 90);
        assert_eq!(t.to_string(), "2025-12-01 08:01");
        assert_eq!(Timestamp::parse("2025-12-01 08:01"), Some(t));
        assert_eq!(t.iso8601(), "2025-12-01T08:01:00+08:00");
        // 16:30 UTC on 31 December is already the next year in 北京时间.
        let new_year = Timestamp::from_unix(1_767_198_600);
        assert_eq!(new_year.to_string(), "2026-01-01 00:30");
        for bad in [
            "t1",
            "2025-12-01",
            "2025-12-01 24:00",
            "2025-12-01 8:01",
            "2025-02-30 08:00",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
        assert!(t < new_year);
    }

    #[test]
    fn blank_report_has_the_statutory_structure() {
        let r = Report::new("某某局", 2025);
        assert_eq!(r.table3.rows.len(), 25);
        assert!(
            r.table3
                .rows
                .iter()
                .all(|row| row.len() == 7 && row.iter().all(Option::is_none))
        );
        assert_eq!(r.table4.rows.len(), 3);
        assert_eq!(r.general.parts.len(), 5);
        assert_eq!(r.meta.title(), "某某局2025年度政府信息公开工作年度报告");
    }

    #[test]
    fn report_round_trips_through_ron() {
        let mut r = Report::new("某某局", 2025);
        r.table3.set(0, 0, Some(3));
        r.table2
            .set(5, 0, Some(T2Value::Number(Decimal::parse("0.50").unwrap())));
        let text = ron::to_string(&r).unwrap();
        let back: Report = ron::from_str(&text).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn fee_sentence_states_the_figures() {
        let none = FeeStatement {
            notices_issued: Some(0),
            notices_amount: None,
            collected: Some(Yuan(Decimal::ZERO)),
        };
        assert!(none.sentence(2025).contains("未收取"));
        let some = FeeStatement {
            notices_issued: Some(2),
            notices_amount: Some(Yuan(Decimal::parse("150").unwrap())),
            collected: Some(Yuan(Decimal::parse("100").unwrap())),
        };
        let s = some.sentence(2025);
        assert!(
            s.contains("收费通知2件") && s.contains("150元") && s.contains("100元"),
            "{s}"
        );
    }
}
