//! Checks against last year's report (X-*), run only when the clerk links it.
//!
//! Last year's report may be in the 2019 format: only cells that mean the same in both formats are compared — rows
//! of table 3 by role (一、二、（七）、四 exist in both), table 4 as is, and table 2 fields by their stable keys (the
//! 2019 table 2 has no 本年制发/现行有效, so X-INFORCE and the table-2 jumps are skipped then).

use std::collections::HashSet;

use crate::format::{
    CellRef, RowRole, SectionId, T3_TOTAL, T4_AFTER_REVIEW, T4_DIRECT, T4_REVIEW, T4_TOTAL, TableId,
};
use crate::model::Report;
use crate::prose::sentences;

use super::{Anchor, RuleId, Sink, cell_label};

pub(super) fn check(report: &Report, previous: &Report, out: &mut Sink) {
    carry(report, previous, out);
    in_force(report, previous, out);
    jumps(report, previous, out);
    copies(report, previous, out);
}

/// X-CARRY: 二、上年结转 this year = 四、结转下年度继续办理 last year, per column.
fn carry(report: &Report, previous: &Report, out: &mut Sink) {
    let (def, prev_def) = (report.format.table3(), previous.format.table3());
    let (Some(carried_in), Some(prev_out)) = (
        def.row_with(RowRole::CarriedIn),
        prev_def.row_with(RowRole::CarriedOut),
    ) else {
        return;
    };
    for (c, column) in def.columns.iter().enumerate() {
        let (Some(now), Some(before)) = (
            report.table3.get(carried_in, c),
            previous.table3.get(prev_out, c),
        ) else {
            continue;
        };
        if now != before {
            out.push(
                RuleId::XCarry,
                vec![Anchor::Cell(CellRef::new(TableId::T3, carried_in, c))],
                i64::try_from(before).ok(),
                i64::try_from(now).ok(),
                format!(
                    "{}“{}”列：“{}”为{now}，但上年报告“{}”为{before}，相差{}",
                    def.table.name(),
                    column.label,
                    def.rows[carried_in].label,
                    prev_def.rows[prev_out].label,
                    now.abs_diff(before)
                ),
            );
        }
    }
}

/// A table-2 count by row and field key, where the report's format has that field.
fn t2_count(report: &Report, row: &str, field: &str) -> Option<(CellRef, i64)> {
    let def = report.format.table2();
    let r = def.row_index(row)?;
    let c = def.rows[r].fields.iter().position(|f| f.key == field)?;
    let cell = CellRef::new(TableId::T2, r, c);
    report.count(cell).map(|v| (cell, v))
}

/// X-INFORCE: 现行有效(N) = 现行有效(N−1) + 本年制发(N) − 本年废止(N) for 规章 and 行政规范性文件.
fn in_force(report: &Report, previous: &Report, out: &mut Sink) {
    for row in ["regulations", "normative_documents"] {
        let (Some((cell, now)), Some((_, before)), Some((_, issued)), Some((_, repealed))) = (
            t2_count(report, row, "in_force"),
            t2_count(previous, row, "in_force"),
            t2_count(report, row, "issued"),
            t2_count(report, row, "repealed"),
        ) else {
            continue;
        };
        let expected = before + issued - repealed;
        if expected != now {
            let def = report.format.table2();
            let (r, c) = (cell.row(), cell.col());
            out.push(
                RuleId::XInForce,
                vec![Anchor::Cell(cell)],
                Some(expected),
                Some(now),
                format!(
                    "{}“{}”：{}应为上年{before}加{}{issued}减{}{repealed}，即{expected}，实为{now}（如因集中清理文件，请说明）",
                    TableId::T2.name(),
                    def.rows[r].label,
                    def.field_label(r, c),
                    def.field_label(r, 0),
                    def.field_label(r, 1),
                ),
            );
        }
    }
}

/// Figures this small change by large factors for no reason worth a hint (2 → 11 applications): X-JUMP only looks
/// at a figure when either year exceeds it.
const JUMP_TINY: i64 = 5;
const JUMP_FACTOR: i64 = 5;

/// X-JUMP: a key figure grows more than fivefold or shrinks below a fifth.
fn jumps(report: &Report, previous: &Report, out: &mut Sink) {
    let t3 = |r: &Report| {
        let row = r.format.table3().row_with(RowRole::NewReceived)?;
        let cell = CellRef::new(TableId::T3, row, T3_TOTAL);
        r.count(cell).map(|v| (vec![cell], v))
    };
    let t4 = |r: &Report, rows: &[usize]| {
        let cells: Vec<CellRef> = rows
            .iter()
            .map(|&row| CellRef::new(TableId::T4, row, T4_TOTAL))
            .collect();
        let values: Option<Vec<i64>> = cells.iter().map(|&c| r.count(c)).collect();
        values.map(|v| (cells, v.iter().sum()))
    };
    let t2 = |r: &Report| t2_count(r, "normative_documents", "issued").map(|(c, v)| (vec![c], v));
    let pairs = [
        (t3(report), t3(previous)),
        (t4(report, &[T4_REVIEW]), t4(previous, &[T4_REVIEW])),
        (
            t4(report, &[T4_DIRECT, T4_AFTER_REVIEW]),
            t4(previous, &[T4_DIRECT, T4_AFTER_REVIEW]),
        ),
        (t2(report), t2(previous)),
    ];
    for pair in pairs {
        let (Some((cells, now)), Some((_, before))) = pair else {
            continue;
        };
        if now.max(before) <= JUMP_TINY {
            continue;
        }
        let jumped = now > before * JUMP_FACTOR || now * JUMP_FACTOR < before;
        if !jumped {
            continue;
        }
        let names: Vec<String> = cells.iter().map(|&c| cell_label(report, c)).collect();
        let change = if before == 0 {
            "由0增加".to_owned()
        } else if now > before {
            format!("是上年的{:.1}倍", now as f64 / before as f64)
        } else {
            format!("仅为上年的{:.0}%", now as f64 * 100.0 / before as f64)
        };
        out.push(
            RuleId::XJump,
            cells.iter().map(|&c| Anchor::Cell(c)).collect(),
            Some(before),
            Some(now),
            format!(
                "{}：本年{now}，上年{before}，{change}，请核实",
                names.join("+")
            ),
        );
    }
}

/// Sentences shorter than this many characters (`无。`, a heading) say nothing about copying.
const COPY_MIN_SENTENCE_CHARS: usize = 8;
/// How many sentences a section needs before its copy rate means anything.
const COPY_MIN_SENTENCES: usize = 3;

/// The narrative sections, as (section, texts).
fn section_texts(report: &Report) -> [(SectionId, Vec<&str>); 3] {
    let g = &report.general;
    [
        (
            SectionId::General,
            std::iter::once(g.intro.as_str())
                .chain(g.parts.iter().map(|p| p.body.as_str()))
                .collect(),
        ),
        (SectionId::Problems, vec![report.problems.as_str()]),
        (SectionId::Other, vec![report.other.text.as_str()]),
    ]
}

fn sentence_set<'a>(texts: &[&'a str]) -> Vec<&'a str> {
    texts
        .iter()
        .flat_map(|t| sentences(t).map(move |s| s.text(t)))
        .filter(|s| s.chars().count() >= COPY_MIN_SENTENCE_CHARS)
        .collect()
}

/// X-COPY: more than half of a section's sentences are word for word last year's.
fn copies(report: &Report, previous: &Report, out: &mut Sink) {
    for ((section, now), (_, before)) in section_texts(report)
        .into_iter()
        .zip(section_texts(previous))
    {
        let now = sentence_set(&now);
        if now.len() < COPY_MIN_SENTENCES {
            continue;
        }
        let before: HashSet<&str> = sentence_set(&before).into_iter().collect();
        let repeated = now.iter().filter(|s| before.contains(*s)).count();
        if repeated * 2 > now.len() {
            out.push(
                RuleId::XCopy,
                vec![Anchor::Section(section)],
                None,
                Some(repeated as i64),
                format!(
                    "“{}”的{}句中有{repeated}句与上年报告相同（{}%），请按本年度情况撰写",
                    section.title(),
                    now.len(),
                    repeated * 100 / now.len()
                ),
            );
        }
    }
}
