//! The approval's binding to the content: a hash over a canonical form of the report that nianbao owns.
//!
//! The form is written here field by field, destructuring every struct of the report, so that a field added to the
//! model does not compile until it is decided here how it is bound. It does not depend on what a serialiser happens to
//! write: reformatting a file, reordering its fields or upgrading the RON library cannot void an approval, and only a
//! change of what the clerk typed does. Approvals recorded before this form existed were bound to the compact RON of
//! the report; they are still checked that way ([`HashScheme::Ron`]).

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::format::TableId;
use crate::model::{FeeStatement, General, Meta, Other, Part, Report};

/// How an approval's content hash was computed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HashScheme {
    /// SHA-256 of the compact RON of the report: approvals made before schema 3. Read, never written any more.
    #[default]
    Ron,
    /// SHA-256 of [`canonical`], version 1.
    Canonical1,
}

impl HashScheme {
    /// The scheme new approvals use.
    pub const CURRENT: Self = Self::Canonical1;
}

/// SHA-256 of the report's content (everything the clerk typed, explanations included; no review data), hex, as
/// `scheme` computes it.
pub fn content_hash(report: &Report, scheme: HashScheme) -> String {
    let digest = match scheme {
        HashScheme::Ron => Sha256::digest(ron::to_string(report).unwrap_or_default().as_bytes()),
        HashScheme::Canonical1 => Sha256::digest(canonical(report)),
    };
    let mut hex = String::with_capacity(64);
    for b in &digest {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// The canonical form of a report's content, version 1: a header line, then one line per value,
/// `name length:bytes` (or `name ~` for a blank), in a fixed order. Lengths make it unambiguous whatever the text
/// holds (line breaks, spaces); names are the format's stable keys.
pub fn canonical(report: &Report) -> Vec<u8> {
    let Report {
        format,
        meta,
        preamble,
        general,
        table2,
        table3,
        table4,
        problems,
        other,
        explanations,
    } = report;
    let mut c = Canon::new();
    c.value("format", format.key());
    let Meta {
        body,
        body_kind,
        year,
        published,
        portal,
        address,
        postcode,
        phone,
        email,
        signatory,
        signed,
    } = meta;
    c.value("meta.body", body);
    c.opt("meta.body_kind", body_kind.map(crate::model::BodyKind::key));
    c.value("meta.year", &year.to_string());
    c.opt(
        "meta.published",
        published.map(|d| d.to_string()).as_deref(),
    );
    c.value("meta.portal", portal);
    c.value("meta.address", address);
    c.value("meta.postcode", postcode);
    c.value("meta.phone", phone);
    c.value("meta.email", email);
    c.value("meta.signatory", signatory);
    c.opt("meta.signed", signed.map(|d| d.to_string()).as_deref());
    c.value("preamble", preamble);
    let General { intro, parts } = general;
    c.value("general.intro", intro);
    c.value("general.parts", &parts.len().to_string());
    for (i, Part { heading, body }) in parts.iter().enumerate() {
        c.value(&format!("general.{i}.heading"), heading);
        c.value(&format!("general.{i}.body"), body);
    }
    let t2 = format.table2();
    for cell in t2.cells() {
        let (r, f) = (cell.row(), cell.col());
        let name = format!("table2.{}.{}", t2.rows[r].key, t2.rows[r].fields[f].key);
        c.opt(&name, table2.get(r, f).map(ToString::to_string).as_deref());
    }
    for (table, grid) in [(TableId::T3, table3), (TableId::T4, table4)] {
        let Some(def) = format.grid(table) else {
            continue;
        };
        for (r, row) in def.rows.iter().enumerate() {
            for (col, column) in def.columns.iter().enumerate() {
                let name = format!("{}.{}.{}", table.section().def().key, row.key, column.key);
                c.opt(&name, grid.get(r, col).map(|v| v.to_string()).as_deref());
            }
        }
    }
    c.value("problems", problems);
    let Other {
        fee,
        fee_text,
        text,
    } = other;
    let FeeStatement {
        notices_issued,
        notices_amount,
        collected,
    } = fee;
    c.opt(
        "other.fee.notices_issued",
        notices_issued.map(|n| n.to_string()).as_deref(),
    );
    c.opt(
        "other.fee.notices_amount",
        notices_amount.map(|a| a.to_string()).as_deref(),
    );
    c.opt(
        "other.fee.collected",
        collected.map(|a| a.to_string()).as_deref(),
    );
    c.value("other.fee_text", fee_text);
    c.value("other.text", text);
    c.value("explanations", &explanations.len().to_string());
    for (key, text) in explanations {
        c.value("explanation.key", key);
        c.value("explanation.text", text);
    }
    c.out
}

/// The writer of the canonical form.
struct Canon {
    out: Vec<u8>,
}

impl Canon {
    fn new() -> Self {
        Self {
            out: b"nianbao-content 1\n".to_vec(),
        }
    }

    fn value(&mut self, name: &str, value: &str) {
        self.opt(name, Some(value));
    }

    fn opt(&mut self, name: &str, value: Option<&str>) {
        self.out.extend_from_slice(name.as_bytes());
        match value {
            Some(v) => {
                self.out
                    .extend_from_slice(format!(" {}:", v.len()).as_bytes());
                self.out.extend_from_slice(v.as_bytes());
            }
            None => self.out.extend_from_slice(b" ~"),
        }
        self.out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Decimal, T2Value};

    /// One change a clerk could make.
    type Edit = Box<dyn Fn(&mut Report)>;

    #[test]
    fn every_typed_value_changes_the_hash_and_nothing_else_does() {
        let base = Report::new("某某局", 2025);
        let hash = |r: &Report| content_hash(r, HashScheme::Canonical1);
        let mut seen = vec![hash(&base)];
        let edits: Vec<Edit> = vec![
            Box::new(|r| r.meta.body.push('甲')),
            Box::new(|r| r.meta.year += 1),
            Box::new(|r| r.meta.phone = "0571-1".to_owned()),
            Box::new(|r| r.preamble = "前言。".to_owned()),
            Box::new(|r| r.general.parts[0].body = "主动公开。".to_owned()),
            Box::new(|r| r.general.parts[1].heading = "（二）依申请".to_owned()),
            Box::new(|r| r.table3.set(0, 0, Some(0))),
            Box::new(|r| r.table3.set(24, 6, Some(3))),
            Box::new(|r| r.table4.set(2, 4, Some(0))),
            Box::new(|r| r.table2.set(5, 0, Some(T2Value::Number(Decimal::ZERO)))),
            Box::new(|r| r.other.fee.notices_issued = Some(0)),
            Box::new(|r| r.other.text = "无。".to_owned()),
            Box::new(|r| {
                r.explanations
                    .insert("T3-CARRYOUT@T3:24:0".to_owned(), "说明".to_owned());
            }),
        ];
        for edit in &edits {
            let mut r = base.clone();
            edit(&mut r);
            let h = hash(&r);
            assert!(!seen.contains(&h), "an edit left the hash unchanged");
            seen.push(h);
        }
        assert_eq!(hash(&base.clone()), seen[0]);
    }

    #[test]
    fn text_cannot_forge_a_field_boundary() {
        // A value that contains what looks like the next field must not hash like two fields.
        let mut a = Report::new("某某局", 2025);
        a.meta.address = "x\nmeta.postcode 3:123".to_owned();
        let mut b = Report::new("某某局", 2025);
        b.meta.address = "x".to_owned();
        b.meta.postcode = "123".to_owned();
        assert_ne!(canonical(&a), canonical(&b));
    }

    #[test]
    fn a_blank_is_not_zero_or_empty() {
        let blank = Report::new("某某局", 2025);
        let mut zero = blank.clone();
        zero.table3.set(0, 0, Some(0));
        assert_ne!(canonical(&blank), canonical(&zero));
        let text = String::from_utf8(canonical(&blank)).unwrap();
        assert!(
            text.starts_with("nianbao-content 1\nformat 4:2021\n"),
            "{text}"
        );
        assert!(
            text.contains("\ntable3.new_received.natural_person ~\n"),
            "{text}"
        );
    }
}
