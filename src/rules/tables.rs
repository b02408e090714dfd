//! The checks within tables 2, 3 and 4 (T2-*, T3-*, T4-*): identities read from the report's own format.
//!
//! An identity is only computed where every cell it involves is filled: blanks are reported once by the FILLED
//! checks, so one omission does not cascade into a row of confusing sums.

use std::fmt::Write as _;

use crate::format::layout::{Identity, IdentityRule, Line};
use crate::format::{
    CellRef, FieldKind, FormatVersion, GridDef, RowDef, T3_2021_NO_FEE_PAID, T3_NATURAL, T3_TOTAL,
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
fn all_filled(grid: &Grid, cells: &[CellRef]) -> Option<Vec<u64>> {
    cells.iter().map(|c| grid.get(c.row(), c.col())).collect()
}

/// The sum of the filled values of a grid, or `None` as soon as one is blank: [`all_filled`] without building the
/// list, which is only needed for the message of an identity that fails (a clean report has none).
fn sum_filled(grid: &Grid, cells: &[CellRef]) -> Option<u64> {
    cells
        .iter()
        .try_fold(0_u64, |sum, c| Some(sum + grid.get(c.row(), c.col())?))
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

/// A table the clerk has not started (every cell blank) is one finding, anchored to its first cell, not one per row
/// or cell: a new report must not open with a wall of red before anything was typed.
fn untouched(table: TableId, cells: usize, first: CellRef, rule: RuleId, out: &mut Sink) {
    let message = format!(
        "{}尚未填写：{cells}格都是空白（没有的请填0，空白不当作0）",
        table.name()
    );
    out.push(rule, vec![Anchor::Cell(first)], None, None, message);
}

/// The cells of a grid that are blank, per row: T3-FILLED / T4-FILLED.
fn filled(def: &GridDef, grid: &Grid, rule: RuleId, out: &mut Sink) {
    if grid.rows.iter().flatten().all(Option::is_none) {
        untouched(
            def.table,
            def.cell_count(),
            CellRef::new(def.table, 0, 0),
            rule,
            out,
        );
        return;
    }
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

impl From<IdentityRule> for RuleId {
    fn from(rule: IdentityRule) -> Self {
        match rule {
            IdentityRule::T3Balance => Self::T3Balance,
            IdentityRule::T3Outcomes => Self::T3Outcomes,
            IdentityRule::T3RowSum => Self::T3RowSum,
            IdentityRule::T4Sum => Self::T4Sum,
        }
    }
}

/// Every identity of a grid ([`crate::format::layout::TableLayout::identities`]), each reported under its own rule.
/// T3-CARRYOUT, the inequality that follows from the balance, is checked where the balance is, on the same cells.
fn identities(def: &GridDef, grid: &Grid, out: &mut Sink) {
    for identity in &def.layout().identities {
        let (Some(actual), Some(expected)) = (
            sum_filled(grid, &identity.totals),
            sum_filled(grid, &identity.parts),
        ) else {
            continue;
        };
        if actual != expected {
            broken(def, grid, identity, expected, actual, out);
        }
        if identity.rule == IdentityRule::T3Balance {
            carry_out(def, grid, identity, out);
        }
    }
}

/// The finding of an identity that does not hold: Σ totals is `actual`, Σ parts `expected`.
fn broken(
    def: &GridDef,
    grid: &Grid,
    identity: &Identity,
    expected: u64,
    actual: u64,
    out: &mut Sink,
) {
    let parts = all_filled(grid, &identity.parts).unwrap_or_default();
    let table = def.table.name();
    let difference = expected.abs_diff(actual);
    let message = match identity.line {
        Line::Column(c) if identity.rule == IdentityRule::T3Balance => {
            let totals = all_filled(grid, &identity.totals).unwrap_or_default();
            format!(
                "{table}“{}”列：第一项加第二项（{}={expected}）应等于第三项加第四项（{}={actual}），相差{difference}",
                def.columns[c].label,
                join_plus(&parts),
                join_plus(&totals),
            )
        }
        // A sum down a column: （七）总计 of the outcome rows, which the statute numbers （一） to （六）.
        Line::Column(c) => {
            let rows = |cells: &[CellRef]| -> Vec<&RowDef> {
                cells.iter().map(|p| &def.rows[p.row()]).collect()
            };
            let (totals, summed) = (rows(&identity.totals), rows(&identity.parts));
            let total = totals.first().map_or("", |r| r.label);
            let first = summed.first().map_or("", |r| label_number(r.label));
            let last = summed
                .last()
                .map_or("", |r| label_number(r.group.unwrap_or(r.label)));
            format!(
                "{table}“{}”列：{total}应等于{first}至{last}各项之和（{}={expected}），实为{actual}，相差{difference}",
                def.columns[c].label,
                join_plus(&parts),
            )
        }
        Line::Row(r) => {
            let row = &def.rows[r];
            let row_label = match (def.table, row.outer) {
                (TableId::T4, Some(outer)) => format!("“{outer}”“{}”", row.label),
                _ => format!("“{}”", row.short_label()),
            };
            let columns = |cells: &[CellRef]| -> Vec<&str> {
                cells.iter().map(|c| def.columns[c.col()].label).collect()
            };
            format!(
                "{table}{row_label}行：{}应等于{}之和（{}={expected}），实为{actual}，相差{difference}",
                columns(&identity.totals).join("、"),
                columns(&identity.parts).join("、"),
                join_plus(&parts),
            )
        }
    };
    let anchors = identity
        .totals
        .iter()
        .chain(&identity.parts)
        .map(|&c| Anchor::Cell(c))
        .collect();
    out.push(
        identity.rule.into(),
        anchors,
        Some(as_i64(expected)),
        Some(as_i64(actual)),
        message,
    );
}

/// T3-CARRYOUT: what is carried out (四) must have come in this year or last (一 + 二), read from the cells of the
/// balance of the same column — its totals are （七）总计 and 四, its parts 一 and 二.
fn carry_out(def: &GridDef, grid: &Grid, balance: &Identity, out: &mut Sink) {
    let ([_, carried_out], [new, carried_in]) =
        (balance.totals.as_slice(), balance.parts.as_slice())
    else {
        return;
    };
    let value = |c: &CellRef| grid.get(c.row(), c.col());
    let (Some(a), Some(b), Some(o)) = (value(new), value(carried_in), value(carried_out)) else {
        return;
    };
    let came_in = a + b;
    if o <= came_in {
        return;
    }
    let message = format!(
        "{}“{}”列：“{}”（{o}）不应多于本年新收与上年结转之和（{a}+{b}={came_in}）",
        def.table.name(),
        def.columns[carried_out.col()].label,
        def.rows[carried_out.row()].label
    );
    out.push(
        RuleId::T3CarryOut,
        vec![
            Anchor::Cell(*carried_out),
            Anchor::Cell(*new),
            Anchor::Cell(*carried_in),
        ],
        Some(as_i64(came_in)),
        Some(as_i64(o)),
        message,
    );
}

fn table3(report: &Report, out: &mut Sink) {
    let def = report.format.table3();
    let grid = &report.table3;
    filled(def, grid, RuleId::T3Filled, out);
    identities(def, grid, out);
    let cell = |r: usize, c: usize| Anchor::Cell(CellRef::new(TableId::T3, r, c));

    // T3-SHIFT: a total above 自然人 while every organisation column is 0 — a column slid sideways.
    for (r, row) in def.rows.iter().enumerate() {
        let (Some(natural), Some(t)) = (grid.get(r, T3_NATURAL), grid.get(r, T3_TOTAL)) else {
            continue;
        };
        let orgs = (0..def.columns.len()).filter(|&c| c != T3_NATURAL && c != T3_TOTAL);
        if t > natural && orgs.clone().all(|c| grid.get(r, c) == Some(0)) {
            let organisations = orgs.clone().find_map(|c| def.columns[c].group);
            let message = format!(
                "{}“{}”行：{}为{t}，但{}为{natural}、{}各列均为0，可能有一列数字错位",
                def.table.name(),
                row.short_label(),
                def.columns[T3_TOTAL].label,
                def.columns[T3_NATURAL].label,
                organisations.unwrap_or_default()
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
    identities(def, &report.table4, out);
}

/// A 万元 amount at or above this looks as if it had been entered in 元 (T2-FEE-UNIT): 10 000 000 万元 is a tenth of
/// a trillion 元, more than any body's annual fees.
const FEE_IMPLAUSIBLE_WAN_YUAN: i64 = 10_000_000;

fn table2(report: &Report, out: &mut Sink) {
    let def = report.format.table2();
    let counted = |(r, c): (usize, usize)| def.rows[r].fields[c].kind != FieldKind::Text;
    let started = def.cells().any(|cell| {
        counted((cell.row(), cell.col())) && report.table2.get(cell.row(), cell.col()).is_some()
    });
    if !started {
        untouched(
            TableId::T2,
            def.cells().filter(|c| counted((c.row(), c.col()))).count(),
            CellRef::new(TableId::T2, 0, 0),
            RuleId::T2Filled,
            out,
        );
        return;
    }
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
                        "{}“{}”：{}（{in_force}）应不少于{}减{}（{issued}-{repealed}={floor}）",
                        TableId::T2.name(),
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
    fn identities_report_under_the_rule_ids_the_format_gives_them() {
        for rule in [
            IdentityRule::T3Balance,
            IdentityRule::T3Outcomes,
            IdentityRule::T3RowSum,
            IdentityRule::T4Sum,
        ] {
            assert_eq!(RuleId::from(rule).id(), rule.id());
        }
    }

    #[test]
    fn sum_filled_adds_a_filled_row_and_gives_up_on_a_blank() {
        let grid = Grid {
            rows: vec![
                vec![Some(3), Some(4), Some(5)],
                vec![Some(3), None, Some(5)],
            ],
        };
        let row = |r: usize| -> Vec<CellRef> {
            (0..3)
                .map(move |c| CellRef::new(TableId::T3, r, c))
                .collect()
        };
        assert_eq!(sum_filled(&grid, &row(0)), Some(12));
        assert_eq!(
            sum_filled(&grid, &row(0)),
            all_filled(&grid, &row(0)).map(|v| v.iter().sum())
        );
        assert_eq!(sum_filled(&grid, &row(1)), None);
        assert_eq!(all_filled(&grid, &row(1)), None);
    }
}
