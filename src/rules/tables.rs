//! The checks within tables 2, 3 and 4 (T2-*, T3-*, T4-*): identities read from the report's own format.
//!
//! An identity is only computed where every cell it involves is filled: blanks are reported once by the FILLED
//! checks, so one omission does not cascade into a row of confusing sums.

use std::fmt::Write as _;

use crate::format::{
    CellRef, FieldKind, FormatVersion, GridDef, RowRole, T3_2021_NO_FEE_PAID, T3_NATURAL, T3_TOTAL,
    TableId,
};
use crate::model::{Grid, Report};
use crate::prose::label_number;

use super::{Anchor, RuleId, Sink, cell_label};

pub(super) fn check(report: &Report, out: &mut Sink) {
    table3(report, out);
    table4(report, out);
    table2(report, out);
}

/// Every filled value of a grid, or `None` as soon as one is blank.
fn all_filled(grid: &Grid, cells: impl IntoIterator<Item = (usize, usize)>) -> Option<Vec<u64>> {
    cells.into_iter().map(|(r, c)| grid.get(r, c)).collect()
}

/// The sum of the filled values of a grid, or `None` as soon as one is blank: [`all_filled`] without building the
/// list, which is only needed for the message of an identity that fails (a clean report has none).
fn sum_filled(grid: &Grid, cells: impl IntoIterator<Item = (usize, usize)>) -> Option<u64> {
    cells
        .into_iter()
        .try_fold(0_u64, |sum, (r, c)| Some(sum + grid.get(r, c)?))
}

fn as_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn join_plus(values: &[u64]) -> String {
    let mut s = String::new();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            s.push('+');
        }
        let _ = write!(s, "{v}");
    }
    s
}

fn filled(def: &GridDef, grid: &Grid, rule: RuleId, out: &mut Sink) {
    for (r, row) in def.rows.iter().enumerate() {
        if (0..def.columns.len()).all(|c| grid.get(r, c).is_some()) {
            continue;
        }
        let blank: Vec<usize> = (0..def.columns.len())
            .filter(|&c| grid.get(r, c).is_none())
            .collect();
        if blank.is_empty() {
            continue;
        }
        let names: Vec<&str> = blank.iter().map(|&c| def.columns[c].label).collect();
        let row_label = match (def.table, row.outer) {
            (TableId::T4, Some(outer)) => format!("{outer}{}", row.label),
            _ => row.short_label(),
        };
        let message = format!(
            "{}“{row_label}”行：{}未填写（空白、“/”、“-”不当作0，没有的请填0）",
            def.table.name(),
            names.join("、")
        );
        let anchors = blank
            .iter()
            .map(|&c| Anchor::Cell(CellRef::new(def.table, r, c)))
            .collect();
        out.push(rule, anchors, None, None, message);
    }
}

/// `total = Σ parts` within each row (T3-ROWSUM, T4-SUM).
fn row_sums(def: &GridDef, grid: &Grid, rule: RuleId, out: &mut Sink) {
    for (r, row) in def.rows.iter().enumerate() {
        for sum in def.row_sums {
            let Some(total) = grid.get(r, sum.total) else {
                continue;
            };
            let cells = sum.parts.iter().map(|&c| (r, c));
            let Some(expected) = sum_filled(grid, cells.clone()) else {
                continue;
            };
            if expected == total {
                continue;
            }
            let parts = all_filled(grid, cells).unwrap_or_default();
            let part_names: Vec<&str> = sum.parts.iter().map(|&c| def.columns[c].label).collect();
            let row_label = match (def.table, row.outer) {
                (TableId::T4, Some(outer)) => format!("“{outer}”“{}”", row.label),
                _ => format!("“{}”", row.short_label()),
            };
            let message = format!(
                "{}{row_label}行：{}应等于{}之和（{}={expected}），实为{total}，相差{}",
                def.table.name(),
                def.columns[sum.total].label,
                part_names.join("、"),
                join_plus(&parts),
                expected.abs_diff(total)
            );
            let mut anchors = vec![Anchor::Cell(CellRef::new(def.table, r, sum.total))];
            anchors.extend(
                sum.parts
                    .iter()
                    .map(|&c| Anchor::Cell(CellRef::new(def.table, r, c))),
            );
            out.push(
                rule,
                anchors,
                Some(as_i64(expected)),
                Some(as_i64(total)),
                message,
            );
        }
    }
}

fn table3(report: &Report, out: &mut Sink) {
    let def = report.format.table3();
    let grid = &report.table3;
    filled(def, grid, RuleId::T3Filled, out);
    row_sums(def, grid, RuleId::T3RowSum, out);

    let (Some(new), Some(carried_in), Some(total), Some(carried_out)) = (
        def.row_with(RowRole::NewReceived),
        def.row_with(RowRole::CarriedIn),
        def.row_with(RowRole::OutcomesTotal),
        def.row_with(RowRole::CarriedOut),
    ) else {
        return;
    };
    let outcome_rows: Vec<usize> = (0..def.rows.len())
        .filter(|&r| def.rows[r].role == RowRole::Outcome)
        .collect();
    let cell = |r: usize, c: usize| Anchor::Cell(CellRef::new(TableId::T3, r, c));

    for (c, column) in def.columns.iter().enumerate() {
        let col = column.label;
        // T3-BALANCE: 一 + 二 = （七） + 四, the identity printed in the table's header.
        if let (Some(a), Some(b), Some(t), Some(o)) = (
            grid.get(new, c),
            grid.get(carried_in, c),
            grid.get(total, c),
            grid.get(carried_out, c),
        ) {
            let (left, right) = (a + b, t + o);
            if left != right {
                let message = format!(
                    "表三“{col}”列：第一项加第二项（{a}+{b}={left}）应等于第三项加第四项（{t}+{o}={right}），相差{}",
                    left.abs_diff(right)
                );
                out.push(
                    RuleId::T3Balance,
                    vec![
                        cell(total, c),
                        cell(carried_out, c),
                        cell(new, c),
                        cell(carried_in, c),
                    ],
                    Some(as_i64(left)),
                    Some(as_i64(right)),
                    message,
                );
            }
            // T3-CARRYOUT: what is carried out must have come in this year or last.
            if o > left {
                let message = format!(
                    "表三“{col}”列：“{}”（{o}）不应多于本年新收与上年结转之和（{a}+{b}={left}）",
                    def.rows[carried_out].label
                );
                out.push(
                    RuleId::T3CarryOut,
                    vec![cell(carried_out, c), cell(new, c), cell(carried_in, c)],
                    Some(as_i64(left)),
                    Some(as_i64(o)),
                    message,
                );
            }
        }
        // T3-OUTCOMES: （七）总计 = Σ（一）…（六）.
        let outcomes = outcome_rows.iter().map(|&r| (r, c));
        if let (Some(t), Some(sum)) = (grid.get(total, c), sum_filled(grid, outcomes.clone()))
            && sum != t
        {
            let parts = all_filled(grid, outcomes).unwrap_or_default();
            let first = outcome_rows
                .first()
                .map_or("", |&r| label_number(def.rows[r].label));
            let last = outcome_rows.last().map_or("", |&r| {
                label_number(def.rows[r].group.unwrap_or(def.rows[r].label))
            });
            let message = format!(
                "表三“{col}”列：{}应等于{first}至{last}各项之和（{}={sum}），实为{t}，相差{}",
                def.rows[total].label,
                join_plus(&parts),
                sum.abs_diff(t)
            );
            let mut anchors = vec![cell(total, c)];
            anchors.extend(outcome_rows.iter().map(|&r| cell(r, c)));
            out.push(
                RuleId::T3Outcomes,
                anchors,
                Some(as_i64(sum)),
                Some(as_i64(t)),
                message,
            );
        }
    }

    // T3-SHIFT: a total above 自然人 while every organisation column is 0 — a column slid sideways.
    for (r, row) in def.rows.iter().enumerate() {
        let (Some(natural), Some(t)) = (grid.get(r, T3_NATURAL), grid.get(r, T3_TOTAL)) else {
            continue;
        };
        let orgs = (0..def.columns.len()).filter(|&c| c != T3_NATURAL && c != T3_TOTAL);
        if t > natural && orgs.clone().all(|c| grid.get(r, c) == Some(0)) {
            let message = format!(
                "表三“{}”行：{}为{t}，但{}为{natural}、法人或其他组织各列均为0，可能有一列数字错位",
                row.short_label(),
                def.columns[T3_TOTAL].label,
                def.columns[T3_NATURAL].label
            );
            let mut anchors = vec![cell(r, T3_TOTAL), cell(r, T3_NATURAL)];
            anchors.extend(orgs.map(|c| cell(r, c)));
            out.push(
                RuleId::T3Shift,
                anchors,
                Some(as_i64(natural)),
                Some(as_i64(t)),
                message,
            );
        }
    }

    if report.format == FormatVersion::V2021 {
        fee_notices(report, out);
    }
}

/// T3-FEE: applications closed because the fee was not paid presuppose fee notices, which section 六 must state.
fn fee_notices(report: &Report, out: &mut Sink) {
    let Some(closed) = report
        .table3
        .get(T3_2021_NO_FEE_PAID, T3_TOTAL)
        .filter(|&n| n > 0)
    else {
        return;
    };
    let fee = &report.other.fee;
    let text = [report.other.fee_text.as_str(), report.other.text.as_str()];
    let stated_count = fee
        .notices_issued
        .or_else(|| text.iter().find_map(|t| super::text::notices_in_text(t)));
    let stated_amount =
        fee.notices_amount.is_some() || text.iter().any(|t| super::text::states_notice_amount(t));
    if stated_count.is_some_and(|n| n >= closed) && stated_amount {
        return;
    }
    let cell = CellRef::new(TableId::T3, T3_2021_NO_FEE_PAID, T3_TOTAL);
    let section = crate::format::SectionId::Other.title();
    let message = match stated_count {
        Some(0) => format!(
            "{}为{closed}，但“{section}”称未发出收费通知；应写明发出收费通知的件数（不少于{closed}件）和金额",
            cell_label(report, cell)
        ),
        Some(n) if n < closed => format!(
            "{}为{closed}，但“{section}”只写明发出收费通知{n}件，应不少于{closed}件，并写明金额",
            cell_label(report, cell)
        ),
        Some(_) => format!(
            "{}为{closed}，“{section}”应写明所发收费通知的金额",
            cell_label(report, cell)
        ),
        None => format!(
            "{}为{closed}，“{section}”应写明发出收费通知的件数（不少于{closed}件）和金额",
            cell_label(report, cell)
        ),
    };
    out.push(
        RuleId::T3Fee,
        vec![
            Anchor::Cell(cell),
            Anchor::Section(crate::format::SectionId::Other),
        ],
        Some(as_i64(closed)),
        stated_count.map(as_i64),
        message,
    );
}

fn table4(report: &Report, out: &mut Sink) {
    let def = report.format.table4();
    filled(def, &report.table4, RuleId::T4Filled, out);
    row_sums(def, &report.table4, RuleId::T4Sum, out);
}

/// A 万元 amount at or above this looks as if it had been entered in 元 (T2-FEE-UNIT): 10 000 000 万元 is a tenth of
/// a trillion 元, more than any body's annual fees.
const FEE_IMPLAUSIBLE_WAN_YUAN: i64 = 10_000_000;

fn table2(report: &Report, out: &mut Sink) {
    let def = report.format.table2();
    for (r, row) in def.rows.iter().enumerate() {
        for (c, field) in row.fields.iter().enumerate() {
            let cell = CellRef::new(TableId::T2, r, c);
            let value = report.table2.get(r, c);
            let number = value.and_then(crate::model::T2Value::number);
            let problem = match (field.kind, value, number) {
                (FieldKind::Text, _, _) => None,
                (_, None, _) => Some("未填写（没有的请填0）".to_owned()),
                (_, Some(_), None) => Some("应为数字".to_owned()),
                (FieldKind::Count, _, Some(n)) if !n.is_integer() || n.is_negative() => {
                    Some(format!("应为不小于0的整数，实为{n}"))
                }
                (FieldKind::Change, _, Some(n)) if !n.is_integer() => {
                    Some(format!("应为整数，实为{n}"))
                }
                (FieldKind::WanYuan, _, Some(n)) if n.is_negative() => {
                    Some(format!("不应为负数，实为{n}"))
                }
                (FieldKind::WanYuan, _, Some(n)) if n.scale > 6 => {
                    Some(format!("以万元为单位最多保留6位小数（即1分），实为{n}"))
                }
                _ => None,
            };
            if let Some(problem) = problem {
                let message = format!("{}：{problem}", cell_label(report, cell));
                out.push(
                    RuleId::T2Filled,
                    vec![Anchor::Cell(cell)],
                    None,
                    None,
                    message,
                );
            }
            if let (FieldKind::WanYuan, Some(n)) = (field.kind, number) {
                let whole = n.mantissa / 10_i64.pow(u32::from(n.scale));
                let too_big = whole >= FEE_IMPLAUSIBLE_WAN_YUAN;
                if too_big || n.scale > 6 {
                    let message = format!(
                        "{}为{n}万元，看起来像是按“元”填写的；本栏单位为万元（1元=0.0001万元）",
                        cell_label(report, cell)
                    );
                    out.push(
                        RuleId::T2FeeUnit,
                        vec![Anchor::Cell(cell)],
                        None,
                        None,
                        message,
                    );
                }
            }
        }
        // T2-INFORCE: only where the row has the three 2021 fields.
        let field = |key: &str| row.fields.iter().position(|f| f.key == key);
        if let (Some(i), Some(p), Some(f)) = (field("issued"), field("repealed"), field("in_force"))
        {
            let count = |c: usize| {
                report
                    .table2
                    .get(r, c)
                    .and_then(crate::model::T2Value::count)
            };
            if let (Some(issued), Some(repealed), Some(in_force)) = (count(i), count(p), count(f)) {
                let floor = issued - repealed;
                if in_force < floor {
                    let message = format!(
                        "表二“{}”：{}（{in_force}）应不少于{}减{}（{issued}-{repealed}={floor}）",
                        row.label,
                        def.field_label(r, f),
                        def.field_label(r, i),
                        def.field_label(r, p)
                    );
                    let cell = |c| Anchor::Cell(CellRef::new(TableId::T2, r, c));
                    out.push(
                        RuleId::T2InForce,
                        vec![cell(f), cell(i), cell(p)],
                        Some(floor),
                        Some(in_force),
                        message,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_filled_adds_a_filled_row_and_gives_up_on_a_blank() {
        let grid = Grid {
            rows: vec![
                vec![Some(3), Some(4), Some(5)],
                vec![Some(3), None, Some(5)],
            ],
        };
        let row = |r: usize| (0..3).map(move |c| (r, c));
        assert_eq!(sum_filled(&grid, row(0)), Some(12));
        assert_eq!(
            sum_filled(&grid, row(0)),
            all_filled(&grid, row(0)).map(|v| v.iter().sum())
        );
        assert_eq!(sum_filled(&grid, row(1)), None);
        assert_eq!(all_filled(&grid, row(1)), None);
    }
}
