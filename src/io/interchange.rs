//! The JSON interchange format `nianbao-interchange/1` (INTERCHANGE.md): the figures of a report for spreadsheets,
//! portals and scripts.
//!
//! Every key comes from the format definition ([`crate::format`]): table, row, field and column ids, section keys.
//! The writer writes every key (`null` = blank). The reader accepts any subset (absent = blank) and refuses, naming
//! the key, a value of the wrong type or a row of the wrong length. What a report holds beyond the interchange shape
//! (the preamble, how section 一 splits into its sub-sections, the fee sentence, 落款, 成文日期, the clerk's
//! explanations) travels in `"extra": {"nianbao": {…}}`, so that report → JSON → report gives the same report.
//!
//! This module knows the format, the model and how prose reads ([`crate::prose`]); nothing of checks, files or the
//! UI.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

use crate::format::{FieldKind, FormatVersion, GridDef, SectionId};
use crate::model::{
    BodyKind, Date, Decimal, FeeStatement, General, Grid, Part, Report, T2Value, Yuan,
};
use crate::prose;

/// The value of the top-level `schema` key.
pub const SCHEMA: &str = "nianbao-interchange/1";
/// Our namespace under `extra`.
const EXTRA_KEY: &str = "nianbao";

/// Why a JSON document could not be read as a report.
#[derive(Debug, thiserror::Error)]
pub enum InterchangeError {
    /// Not JSON at all: the parser stopped at a line and column.
    #[error("JSON 第{line}行第{column}列：{message}")]
    Syntax {
        /// Line of the error, from 1.
        line: usize,
        /// Column of the error, from 1.
        column: usize,
        /// What is wrong there, in Chinese.
        message: String,
    },
    /// A key holds something the format does not allow; `key` is the dotted path, e.g. `table3.new_received`.
    #[error("“{key}”：{message}")]
    Invalid {
        /// The dotted path of the key, e.g. `table3.new_received`.
        key: String,
        /// What is wrong with its value, in Chinese.
        message: String,
    },
}

fn invalid(key: &str, message: impl Into<String>) -> InterchangeError {
    InterchangeError::Invalid {
        key: key.to_owned(),
        message: message.into(),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/// A JSON tree that keeps the order in which keys were written (the statutory order of rows and fields), which
/// `serde_json::Value` does not.
enum Node {
    Null,
    Int(i64),
    Uint(u64),
    Str(String),
    Arr(Vec<Node>),
    Obj(Vec<(String, Node)>),
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => s.serialize_none(),
            Self::Int(n) => s.serialize_i64(*n),
            Self::Uint(n) => s.serialize_u64(*n),
            Self::Str(t) => s.serialize_str(t),
            Self::Arr(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Self::Obj(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

fn obj<const N: usize>(entries: [(&str, Node); N]) -> Node {
    Node::Obj(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

/// A free-text field: blank is `null`.
fn text(s: &str) -> Node {
    if s.is_empty() {
        Node::Null
    } else {
        Node::Str(s.to_owned())
    }
}

fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Node) -> Node {
    v.map_or(Node::Null, f)
}

fn section_key(id: SectionId) -> &'static str {
    id.def().key
}

fn grid_node(def: &GridDef, grid: &Grid) -> Node {
    Node::Obj(
        def.rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                let cells = (0..def.columns.len())
                    .map(|c| opt(grid.get(r, c), Node::Uint))
                    .collect();
                (row.key.to_owned(), Node::Arr(cells))
            })
            .collect(),
    )
}

fn t2_node(value: Option<&T2Value>, kind: FieldKind) -> Node {
    match (value, kind) {
        (None, _) => Node::Null,
        (Some(T2Value::Text(t)), _) => Node::Str(t.clone()),
        (Some(T2Value::Number(d)), FieldKind::Count | FieldKind::Change) => {
            // A count with decimals cannot be typed into the form; if one is there, keep it exactly as text.
            d.to_integer()
                .map_or_else(|| Node::Str(d.to_string()), Node::Int)
        }
        (Some(T2Value::Number(d)), FieldKind::WanYuan | FieldKind::Text) => {
            Node::Str(d.to_string())
        }
    }
}

fn build(report: &Report) -> Node {
    let m = &report.meta;
    let format = report.format;
    let t2def = format.table2();
    let table2 = Node::Obj(
        t2def
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                let fields = row
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(c, f)| (f.key.to_owned(), t2_node(report.table2.get(r, c), f.kind)))
                    .collect();
                (row.key.to_owned(), Node::Obj(fields))
            })
            .collect(),
    );
    let fee = &report.other.fee;
    let yuan = |y: Option<Yuan>| opt(y, |y| Node::Str(y.to_string()));
    let general = &report.general;
    let extra = obj([
        ("preamble", text(&report.preamble)),
        (
            "general",
            obj([
                ("intro", text(&general.intro)),
                (
                    "parts",
                    Node::Arr(
                        general
                            .parts
                            .iter()
                            .map(|p| {
                                obj([
                                    ("heading", Node::Str(p.heading.clone())),
                                    ("body", Node::Str(p.body.clone())),
                                ])
                            })
                            .collect(),
                    ),
                ),
            ]),
        ),
        (
            "other",
            obj([
                ("fee_text", text(&report.other.fee_text)),
                ("text", text(&report.other.text)),
            ]),
        ),
        ("signatory", text(&m.signatory)),
        ("signed", opt(m.signed, |d| Node::Str(d.to_string()))),
        (
            "explanations",
            Node::Obj(
                report
                    .explanations
                    .iter()
                    .map(|(k, v)| (k.clone(), Node::Str(v.clone())))
                    .collect(),
            ),
        ),
    ]);
    obj([
        ("schema", Node::Str(SCHEMA.to_owned())),
        ("format", Node::Str(format.key().to_owned())),
        ("body", Node::Str(m.body.clone())),
        ("year", Node::Uint(u64::from(m.year))),
        (
            "meta",
            obj([
                (
                    "body_kind",
                    opt(m.body_kind, |k| Node::Str(k.key().to_owned())),
                ),
                ("published", opt(m.published, |d| Node::Str(d.to_string()))),
                ("portal", text(&m.portal)),
                ("address", text(&m.address)),
                ("postcode", text(&m.postcode)),
                ("phone", text(&m.phone)),
                ("email", text(&m.email)),
            ]),
        ),
        (section_key(SectionId::Proactive), table2),
        (
            section_key(SectionId::Requests),
            grid_node(format.table3(), &report.table3),
        ),
        (
            section_key(SectionId::Appeals),
            grid_node(format.table4(), &report.table4),
        ),
        (
            "sections",
            obj([
                (section_key(SectionId::General), text(&general.full_text())),
                (section_key(SectionId::Problems), text(&report.problems)),
                (
                    section_key(SectionId::Other),
                    text(&report.other.full_text()),
                ),
            ]),
        ),
        (
            "fee_statement",
            obj([
                ("notices_issued", opt(fee.notices_issued, Node::Uint)),
                ("notices_amount_yuan", yuan(fee.notices_amount)),
                ("collected_yuan", yuan(fee.collected)),
            ]),
        ),
        ("extra", obj([(EXTRA_KEY, extra)])),
    ])
}

/// The report as an interchange JSON value (keys sorted, as `serde_json::Value` keeps them).
pub fn to_value(report: &Report) -> Value {
    serde_json::to_value(build(report)).unwrap_or(Value::Null)
}

/// The report as interchange JSON text, keys in the statutory order, pretty-printed.
pub fn to_json(report: &Report) -> String {
    let mut out = serde_json::to_string_pretty(&build(report)).unwrap_or_default();
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/// A JSON object being read, with the dotted path of where it is for messages.
struct Obj<'a> {
    path: String,
    map: Option<&'a serde_json::Map<String, Value>>,
}

impl<'a> Obj<'a> {
    fn new(path: &str, value: Option<&'a Value>) -> Result<Self, InterchangeError> {
        match value {
            None | Some(Value::Null) => Ok(Self {
                path: path.to_owned(),
                map: None,
            }),
            Some(Value::Object(map)) => Ok(Self {
                path: path.to_owned(),
                map: Some(map),
            }),
            Some(other) => Err(invalid(
                path,
                format!("应为对象 {{…}}，实为{}", kind_of(other)),
            )),
        }
    }

    fn key(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map?.get(key).filter(|v| !v.is_null())
    }

    fn child(&self, key: &str) -> Result<Obj<'a>, InterchangeError> {
        Obj::new(&self.key(key), self.get(key))
    }

    /// Refuses keys the format does not have (a misspelt row would otherwise be dropped silently).
    fn only(&self, allowed: &[&str]) -> Result<(), InterchangeError> {
        if let Some(map) = self.map
            && let Some(k) = map.keys().find(|k| !allowed.contains(&k.as_str()))
        {
            return Err(invalid(
                &self.key(k),
                format!("没有这一项（可用的键：{}）", allowed.join("、")),
            ));
        }
        Ok(())
    }

    fn string(&self, key: &str) -> Result<Option<String>, InterchangeError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(invalid(
                &self.key(key),
                format!("应为文字，实为{}", kind_of(other)),
            )),
        }
    }

    fn text(&self, key: &str) -> Result<String, InterchangeError> {
        Ok(self.string(key)?.unwrap_or_default())
    }

    fn date(&self, key: &str) -> Result<Option<Date>, InterchangeError> {
        self.string(key)?
            .map(|s| {
                Date::parse_iso(&s).ok_or_else(|| {
                    invalid(
                        &self.key(key),
                        format!("“{s}”不是有效的日期（应为 YYYY-MM-DD）"),
                    )
                })
            })
            .transpose()
    }

    fn count(&self, key: &str) -> Result<Option<u64>, InterchangeError> {
        count_value(&self.key(key), self.get(key))
    }

    fn decimal(&self, key: &str) -> Result<Option<Decimal>, InterchangeError> {
        self.string(key)?
            .map(|s| {
                Decimal::parse(s.trim()).ok_or_else(|| {
                    invalid(
                        &self.key(key),
                        format!("“{s}”不是数字（应为如 \"12.5\" 的数字文字）"),
                    )
                })
            })
            .transpose()
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "数字",
        Value::String(_) => "文字",
        Value::Array(_) => "数组",
        Value::Object(_) => "对象",
    }
}

fn count_value(key: &str, v: Option<&Value>) -> Result<Option<u64>, InterchangeError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| invalid(key, format!("应为非负整数，实为 {n}"))),
        Some(other) => Err(invalid(
            key,
            format!("应为非负整数或 null，实为{}", kind_of(other)),
        )),
    }
}

fn grid_from(obj: &Obj<'_>, def: &GridDef) -> Result<Grid, InterchangeError> {
    let keys: Vec<&str> = def.rows.iter().map(|r| r.key).collect();
    obj.only(&keys)?;
    let mut grid = Grid::blank(def);
    for (r, row) in def.rows.iter().enumerate() {
        let key = obj.key(row.key);
        let Some(value) = obj.get(row.key) else {
            continue;
        };
        let Value::Array(cells) = value else {
            return Err(invalid(
                &key,
                format!(
                    "应为{}个数的数组，实为{}",
                    def.columns.len(),
                    kind_of(value)
                ),
            ));
        };
        if cells.len() != def.columns.len() {
            return Err(invalid(
                &key,
                format!(
                    "应有{}个数（{}），实有{}个",
                    def.columns.len(),
                    def.columns
                        .iter()
                        .map(|c| c.label)
                        .collect::<Vec<_>>()
                        .join("、"),
                    cells.len()
                ),
            ));
        }
        for (c, cell) in cells.iter().enumerate() {
            grid.rows[r][c] = count_value(&format!("{key}[{c}]"), Some(cell))?;
        }
    }
    Ok(grid)
}

fn t2_from(obj: &Obj<'_>, report: &mut Report) -> Result<(), InterchangeError> {
    let def = report.format.table2();
    let keys: Vec<&str> = def.rows.iter().map(|r| r.key).collect();
    obj.only(&keys)?;
    for (r, row) in def.rows.iter().enumerate() {
        let fields = obj.child(row.key)?;
        let keys: Vec<&str> = row.fields.iter().map(|f| f.key).collect();
        fields.only(&keys)?;
        for (c, field) in row.fields.iter().enumerate() {
            let key = fields.key(field.key);
            let value = match (field.kind, fields.get(field.key)) {
                (_, None) => None,
                (FieldKind::Text, Some(Value::String(s))) => Some(T2Value::Text(s.clone())),
                (FieldKind::Text, Some(other)) => {
                    return Err(invalid(&key, format!("应为文字，实为{}", kind_of(other))));
                }
                (FieldKind::WanYuan, _) => fields.decimal(field.key)?.map(T2Value::Number),
                (FieldKind::Count, v) => count_value(&key, v)?
                    .map(|n| i64::try_from(n).map_err(|_| invalid(&key, "数值过大")))
                    .transpose()?
                    .map(|n| T2Value::Number(Decimal::from_int(n))),
                (FieldKind::Change, Some(Value::Number(n))) => {
                    Some(T2Value::Number(Decimal::from_int(n.as_i64().ok_or_else(
                        || invalid(&key, format!("应为整数（可为负），实为 {n}")),
                    )?)))
                }
                (FieldKind::Change, Some(other)) => {
                    return Err(invalid(
                        &key,
                        format!("应为整数（可为负）或 null，实为{}", kind_of(other)),
                    ));
                }
            };
            report.table2.set(r, c, value);
        }
    }
    Ok(())
}

/// Splits section 一 as printed into its opening paragraph and sub-sections: a line that is a sub-heading
/// ([`prose::is_subheading`]: `（一）主动公开`, `（一）主动公开情况。`) starts a part.
fn general_from_text(text: &str) -> General {
    let outline = prose::outline(text);
    General {
        intro: outline.intro.to_owned(),
        parts: outline
            .parts
            .into_iter()
            .map(|(heading, body)| Part {
                heading: heading.to_owned(),
                body: body.to_owned(),
            })
            .collect(),
    }
}

/// Reads interchange JSON into a report.
pub fn from_json(text: &str) -> Result<Report, InterchangeError> {
    let value: Value = serde_json::from_str(text).map_err(|e| InterchangeError::Syntax {
        line: e.line(),
        column: e.column(),
        message: json_message(&e),
    })?;
    from_value(&value)
}

fn json_message(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => "文件意外结束（可能缺少右括号或引号）".to_owned(),
        Category::Syntax => format!("JSON 语法错误（{e}）"),
        Category::Data | Category::Io => e.to_string(),
    }
}

/// Reads an interchange JSON value into a report.
pub fn from_value(value: &Value) -> Result<Report, InterchangeError> {
    let top = Obj::new("", Some(value))?;
    if let Some(schema) = top.string("schema")?
        && schema != SCHEMA
    {
        return Err(invalid(
            "schema",
            format!("不支持的格式“{schema}”（本软件读取 {SCHEMA}）"),
        ));
    }
    let format = match top.string("format")? {
        None => FormatVersion::V2021,
        Some(k) => FormatVersion::from_key(&k).ok_or_else(|| {
            invalid(
                "format",
                format!("“{k}”不是已知的格式（应为 \"2021\" 或 \"2019\"）"),
            )
        })?,
    };
    let year = match top.count("year")? {
        None => 0,
        Some(y) => u16::try_from(y).map_err(|_| invalid("year", format!("{y}不是有效的年份")))?,
    };
    let body = top.text("body")?;
    let mut report = Report::blank(format, &body, year);

    let meta = top.child("meta")?;
    meta.only(&[
        "body_kind",
        "published",
        "portal",
        "address",
        "postcode",
        "phone",
        "email",
    ])?;
    let m = &mut report.meta;
    m.body_kind = meta
        .string("body_kind")?
        .map(|k| {
            BodyKind::from_key(&k).ok_or_else(|| {
                invalid(
                    "meta.body_kind",
                    format!("“{k}”无法识别（应为 \"department\" 或 \"government\"）"),
                )
            })
        })
        .transpose()?;
    m.published = meta.date("published")?;
    m.portal = meta.text("portal")?;
    m.address = meta.text("address")?;
    m.postcode = meta.text("postcode")?;
    m.phone = meta.text("phone")?;
    m.email = meta.text("email")?;

    t2_from(&top.child(section_key(SectionId::Proactive))?, &mut report)?;
    report.table3 = grid_from(
        &top.child(section_key(SectionId::Requests))?,
        format.table3(),
    )?;
    report.table4 = grid_from(
        &top.child(section_key(SectionId::Appeals))?,
        format.table4(),
    )?;

    let fee = top.child("fee_statement")?;
    fee.only(&["notices_issued", "notices_amount_yuan", "collected_yuan"])?;
    report.other.fee = FeeStatement {
        notices_issued: fee.count("notices_issued")?,
        notices_amount: fee.decimal("notices_amount_yuan")?.map(Yuan),
        collected: fee.decimal("collected_yuan")?.map(Yuan),
    };

    let sections = top.child("sections")?;
    let general_key = section_key(SectionId::General);
    let problems_key = section_key(SectionId::Problems);
    let other_key = section_key(SectionId::Other);
    sections.only(&[general_key, problems_key, other_key])?;
    let general_text = sections.string(general_key)?;
    report.problems = sections.text(problems_key)?;
    let other_text = sections.string(other_key)?;

    let extra = Extra::read(value);
    if let Some(preamble) = extra.preamble {
        report.preamble = preamble;
    }
    if let Some(s) = extra.signatory {
        report.meta.signatory = s;
    }
    report.meta.signed = extra.signed;
    report.explanations = extra.explanations;
    // The split kept in `extra` is used only when it still adds up to the section text (another program may have
    // edited the text and left `extra` as it was).
    match (general_text, extra.general) {
        (Some(text), Some(g)) if g.full_text() == text => report.general = g,
        // A section left blank, split as the writer had it (e.g. no sub-headings at all).
        (None, Some(g)) if g.full_text().is_empty() => report.general = g,
        (Some(text), _) => report.general = general_from_text(&text),
        (None, _) => {}
    }
    if let Some(text) = other_text {
        match extra.other {
            Some((fee_text, rest)) if joined_other(&fee_text, &rest) == text => {
                report.other.fee_text = fee_text;
                report.other.text = rest;
            }
            _ => report.other.text = text,
        }
    }
    Ok(report)
}

fn joined_other(fee_text: &str, text: &str) -> String {
    crate::model::Other {
        fee: FeeStatement::default(),
        fee_text: fee_text.to_owned(),
        text: text.to_owned(),
    }
    .full_text()
}

/// What `extra.nianbao` carries. Read leniently: what is missing or not understood there is left as blank,
/// the figures are unaffected.
#[derive(Default)]
struct Extra {
    preamble: Option<String>,
    general: Option<General>,
    other: Option<(String, String)>,
    signatory: Option<String>,
    signed: Option<Date>,
    explanations: BTreeMap<String, String>,
}

impl Extra {
    fn read(top: &Value) -> Self {
        let Some(x) = top.get("extra").and_then(|e| e.get(EXTRA_KEY)) else {
            return Self::default();
        };
        let string = |v: Option<&Value>| v.and_then(Value::as_str).map(ToOwned::to_owned);
        let general = x.get("general").and_then(|g| {
            let parts = g
                .get("parts")?
                .as_array()?
                .iter()
                .map(|p| {
                    Some(Part {
                        heading: string(p.get("heading"))?,
                        body: string(p.get("body")).unwrap_or_default(),
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            Some(General {
                intro: string(g.get("intro")).unwrap_or_default(),
                parts,
            })
        });
        let other = x.get("other").map(|o| {
            (
                string(o.get("fee_text")).unwrap_or_default(),
                string(o.get("text")).unwrap_or_default(),
            )
        });
        let explanations = x
            .get("explanations")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
        Self {
            preamble: string(x.get("preamble")),
            general,
            other,
            signatory: string(x.get("signatory")),
            signed: x
                .get("signed")
                .and_then(Value::as_str)
                .and_then(Date::parse_iso),
            explanations,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_report_round_trips() {
        let r = Report::new("某某局", 2025);
        assert_eq!(from_json(&to_json(&r)).unwrap(), r);
    }

    #[test]
    fn absent_keys_are_blank() {
        let r = from_json(r#"{"body": "某某局", "year": 2025}"#).unwrap();
        assert_eq!(r.meta.body, "某某局");
        assert!(r.table3.rows.iter().flatten().all(Option::is_none));
        assert_eq!(r.meta.body_kind, None);
    }

    #[test]
    fn wrong_length_row_is_refused_naming_the_key() {
        let e = from_json(r#"{"table3": {"new_received": [1, 2, 3]}}"#).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("table3.new_received") && msg.contains("实有3个"),
            "{msg}"
        );
    }

    #[test]
    fn wrong_types_are_refused_naming_the_key() {
        for (json, key) in [
            (
                r#"{"table3": {"granted": [1, 2, 3, 4, 5, 6, "7"]}}"#,
                "table3.granted[6]",
            ),
            (
                r#"{"table4": {"review": [1, 2, 3, 4, -5]}}"#,
                "table4.review[4]",
            ),
            (
                r#"{"table2": {"regulations": {"issued": "1"}}}"#,
                "table2.regulations.issued",
            ),
            (
                r#"{"table2": {"admin_fees": {"amount_wan_yuan": 3}}}"#,
                "table2.admin_fees.amount_wan_yuan",
            ),
            (r#"{"meta": {"published": "2025-02-30"}}"#, "meta.published"),
            (r#"{"year": "2025"}"#, "year"),
            (r#"{"table3": {"oth": [0,0,0,0,0,0,0]}}"#, "table3.oth"),
        ] {
            let msg = from_json(json).unwrap_err().to_string();
            assert!(msg.contains(&format!("“{key}”")), "{json}: {msg}");
        }
    }

    #[test]
    fn the_2019_format_has_its_own_rows() {
        let r = from_json(
            r#"{"format": "2019", "table3": {"oth": [1,0,0,0,0,0,1]},
                "table2": {"licensing": {"change": -59417}, "procurement": {"amount": "87694.8萬元"}}}"#,
        )
        .unwrap();
        assert_eq!(r.format, FormatVersion::V2019);
        let def = FormatVersion::V2019.table3();
        assert_eq!(r.table3.get(def.row_index("oth").unwrap(), 0), Some(1));
        let t2 = FormatVersion::V2019.table2();
        let lic = t2.row_index("licensing").unwrap();
        assert_eq!(r.table2.get(lic, 1).and_then(T2Value::count), Some(-59417));
        let again = from_json(&to_json(&r)).unwrap();
        assert_eq!(again, r);
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let msg = from_json("{\n  \"year\": 2025,\n  oops\n}")
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("JSON 第3行第"), "{msg}");
    }

    #[test]
    fn general_text_without_extra_is_split_at_its_subheadings() {
        let g = general_from_text("开头。\n（一）主动公开\n公开了。\n（二）依申请公开\n收到申请。");
        assert_eq!(g.intro, "开头。");
        assert_eq!(g.parts.len(), 2);
        assert_eq!(g.parts[1].body, "收到申请。");
        assert_eq!(
            g.full_text(),
            "开头。\n（一）主动公开\n公开了。\n（二）依申请公开\n收到申请。"
        );
    }

    /// The sub-headings the format names are recognised by the one rule, as every other sub-heading is.
    #[test]
    fn the_customary_subheadings_start_parts() {
        for id in [SectionId::General, SectionId::Other] {
            for heading in id.def().subheadings {
                let g = general_from_text(&format!("开头。\n{heading}\n正文。"));
                assert_eq!(g.parts.len(), 1, "{heading}");
                assert_eq!(g.parts[0].heading, *heading);
            }
        }
        let g = general_from_text("开头。\n（一）主动公开情况。一是公开了。");
        assert!(g.parts.is_empty());
    }

    /// Another program corrects a figure in section 一: the split kept in `extra` no longer adds up to the text, so
    /// the text is split again, and the sub-headings as the real reports print them (`（一）主动公开情况。`, with a
    /// full stop; `（一）持续深化主动公开`, without) must come back as sub-headings, not as opening text.
    #[test]
    fn an_edited_section_one_keeps_its_subheadings() {
        for (fixture, figure) in [
            (
                include_str!("../../tests/fixtures/jiaxing-2024.ron"),
                "申请126件",
            ),
            (
                include_str!("../../tests/fixtures/jiaxian-2021.ron"),
                "申请14件",
            ),
            (
                include_str!("../../tests/fixtures/xiangcheng-2023.ron"),
                "申请80件",
            ),
        ] {
            let report = crate::io::document::from_str(fixture).unwrap().report;
            let mut v: Value = serde_json::from_str(&to_json(&report)).unwrap();
            let text = v["sections"]["general"].as_str().unwrap().to_owned();
            assert!(text.contains(figure), "{figure}");
            v["sections"]["general"] = Value::from(text.replacen(figure, "申请999件", 1));
            let back = from_value(&v).unwrap();
            let headings = |r: &Report| -> Vec<String> {
                r.general.parts.iter().map(|p| p.heading.clone()).collect()
            };
            assert_eq!(headings(&back), headings(&report), "{}", report.meta.body);
            assert_eq!(back.general.intro, report.general.intro);
            assert!(back.general.full_text().contains("申请999件"));
        }
    }
}
