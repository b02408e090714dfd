//! The checks on the real reports transcribed as fixtures: clean of errors as published, and every check fires
//! on a copy broken in one place, naming the cells and the numbers.
#![allow(clippy::unwrap_used)]

use nianbao::format::{
    CellRef, RowRole, T2_FEES, T2_IN_FORCE, T2_ISSUED, T2_NORMATIVE, T2_REPEALED,
    T3_2021_NO_FEE_PAID, T3_NATURAL, T3_TOTAL, T4_AFTER_REVIEW, T4_CORRECTED, T4_DIRECT, T4_REVIEW,
    T4_TOTAL, TableId,
};
use nianbao::io::document;
use nianbao::model::{Date, Decimal, Report, T2Value, TextField};
use nianbao::rules::{Anchor, Evaluation, Finding, RuleId, Severity, evaluate};

const FIXTURES: [&str; 3] = ["xiangcheng-2023", "jiaxian-2021", "jiaxing-2024"];

fn load(name: &str) -> Report {
    let path = format!("{}/tests/fixtures/{name}.ron", env!("CARGO_MANIFEST_DIR"));
    document::load(std::path::Path::new(&path)).unwrap().report
}

fn only(e: &Evaluation, rule: RuleId) -> Finding {
    let found: Vec<&Finding> = e.of_rule(rule).collect();
    assert_eq!(found.len(), 1, "{rule}: {found:#?}");
    found[0].clone()
}

fn cell(table: TableId, row: usize, col: usize) -> Anchor {
    Anchor::Cell(CellRef::new(table, row, col))
}

fn count(n: i64) -> T2Value {
    T2Value::Number(Decimal::from_int(n))
}

#[test]
fn the_fixtures_have_no_errors() {
    for name in FIXTURES {
        let e = evaluate(&load(name), None);
        let errors: Vec<&Finding> = e
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn the_fixtures_warnings_are_real() {
    for name in FIXTURES {
        let e = evaluate(&load(name), None);
        let warnings: Vec<String> = e
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .map(|f| format!("{} {}", f.rule, f.message))
            .collect();
        assert!(warnings.is_empty(), "{name}: {warnings:#?}");
    }
}

#[test]
fn every_table_check_fires_on_a_broken_fixture() {
    let base = load("jiaxing-2024");
    let def = base.format.table3();
    let new = def.row_with(RowRole::NewReceived).unwrap();
    let carried_out = def.row_with(RowRole::CarriedOut).unwrap();
    let total = def.row_with(RowRole::OutcomesTotal).unwrap();

    let mut r = base.clone();
    let natural = r.table3.get(new, T3_NATURAL).unwrap();
    r.table3.set(new, T3_NATURAL, Some(natural + 1));
    let e = evaluate(&r, None);
    let f = only(&e, RuleId::T3Balance);
    assert_eq!(f.anchors[0], cell(TableId::T3, total, T3_NATURAL));
    assert!(
        f.message
            .starts_with("表三“自然人”列：第一项加第二项（110+8=118）"),
        "{}",
        f.message
    );
    assert!(f.message.ends_with("，相差1"), "{}", f.message);
    let f = only(&e, RuleId::T3RowSum);
    assert_eq!(f.anchors[0], cell(TableId::T3, new, T3_TOTAL));
    assert!(
        f.message.contains("（110+17+0+0+0+0=127），实为126，相差1"),
        "{}",
        f.message
    );

    let mut r = base.clone();
    let granted = def.row_index("granted").unwrap();
    let v = r.table3.get(granted, T3_NATURAL).unwrap();
    r.table3.set(granted, T3_NATURAL, Some(v + 5));
    let e = evaluate(&r, None);
    let f = only(&e, RuleId::T3Outcomes);
    assert_eq!(f.anchors[0], cell(TableId::T3, total, T3_NATURAL));
    assert!(f.anchors.contains(&cell(TableId::T3, granted, T3_NATURAL)));
    assert!(f.message.ends_with("相差5"), "{}", f.message);

    let mut r = base.clone();
    r.table3.set(carried_out, 3, None);
    let f = only(&evaluate(&r, None), RuleId::T3Filled);
    assert_eq!(f.anchors, vec![cell(TableId::T3, carried_out, 3)]);
    assert!(f.message.contains("社会公益组织未填写"), "{}", f.message);

    let mut r = base.clone();
    r.table3.set(T3_2021_NO_FEE_PAID, T3_NATURAL, Some(2));
    r.table3.set(T3_2021_NO_FEE_PAID, T3_TOTAL, Some(2));
    let f = only(&evaluate(&r, None), RuleId::T3Fee);
    assert_eq!(
        f.anchors[0],
        cell(TableId::T3, T3_2021_NO_FEE_PAID, T3_TOTAL)
    );
    assert!(f.message.contains("不少于2件"), "{}", f.message);
    // 总计 2 with 自然人 1 and every organisation 0: a column has slid.
    r.table3.set(T3_2021_NO_FEE_PAID, T3_NATURAL, Some(1));
    let f = only(&evaluate(&r, None), RuleId::T3Shift);
    assert_eq!(
        f.anchors[0],
        cell(TableId::T3, T3_2021_NO_FEE_PAID, T3_TOTAL)
    );
    assert!(f.message.contains("总计为2，但自然人为1"), "{}", f.message);

    let mut r = base.clone();
    r.table4.set(T4_REVIEW, T4_TOTAL, Some(8));
    let f = only(&evaluate(&r, None), RuleId::T4Sum);
    assert_eq!(f.anchors[0], cell(TableId::T4, T4_REVIEW, T4_TOTAL));
    assert!(f.message.contains("=7），实为8，相差1"), "{}", f.message);
    let mut r = base.clone();
    r.table4.set(T4_DIRECT, T4_CORRECTED, None);
    let f = only(&evaluate(&r, None), RuleId::T4Filled);
    assert_eq!(f.anchors, vec![cell(TableId::T4, T4_DIRECT, T4_CORRECTED)]);

    let mut r = base.clone();
    r.table2.set(
        T2_NORMATIVE,
        T2_ISSUED,
        Some(T2Value::Number(Decimal::parse("2.5").unwrap())),
    );
    let f = only(&evaluate(&r, None), RuleId::T2Filled);
    assert!(
        f.message.contains("应为不小于0的整数，实为2.5"),
        "{}",
        f.message
    );
    let mut r = base.clone();
    r.table2.set(T2_NORMATIVE, T2_IN_FORCE, Some(count(1)));
    r.table2.set(T2_NORMATIVE, T2_REPEALED, Some(count(0)));
    let f = only(&evaluate(&r, None), RuleId::T2InForce);
    assert!(f.message.contains("（24-0=24）"), "{}", f.message);
    let mut r = base.clone();
    r.table2.set(
        T2_FEES,
        0,
        Some(T2Value::Number(Decimal::parse("25000000").unwrap())),
    );
    let f = only(&evaluate(&r, None), RuleId::T2FeeUnit);
    assert_eq!(f.anchors, vec![cell(TableId::T2, T2_FEES, 0)]);
}

#[test]
fn text_checks_fire_on_a_broken_fixture() {
    let base = load("jiaxing-2024");
    let field = TextField::GeneralPart(1);
    // The city whose text says 行政复议134件 while the table has 170: here the table has 7.
    let mut r = base.clone();
    let body = &mut r.general.parts[1].body;
    *body = body.replace("行政复议7件", "行政复议134件");
    let f = only(&evaluate(&r, None), RuleId::TxtNumbers);
    assert!(matches!(f.anchors[0], Anchor::Text { field: fl, .. } if fl == field));
    assert_eq!(f.anchors[1], cell(TableId::T4, T4_REVIEW, T4_TOTAL));
    assert_eq!(
        f.message,
        "正文称“行政复议134件”，但表四“行政复议”“总计”为7，相差127"
    );

    let mut r = base.clone();
    let body = &mut r.general.parts[1].body;
    *body = body.replace("申请126件", "申请128件");
    let f = only(&evaluate(&r, None), RuleId::TxtNumbers);
    assert!(
        f.message.contains("“收到政府信息公开申请128件”"),
        "{}",
        f.message
    );
    assert!(f.message.ends_with("为126，相差2"), "{}", f.message);

    let mut r = base.clone();
    r.table4.set(T4_AFTER_REVIEW, T4_CORRECTED, Some(1));
    r.table4.set(
        T4_AFTER_REVIEW,
        0,
        Some(r.table4.get(T4_AFTER_REVIEW, 0).unwrap() - 1),
    );
    let f = only(&evaluate(&r, None), RuleId::TxtClaims);
    assert_eq!(
        f.anchors[1],
        cell(TableId::T4, T4_AFTER_REVIEW, T4_CORRECTED)
    );
    assert!(f.message.starts_with("正文称“无纠错”"), "{}", f.message);

    // xiangcheng-2023: 制发行政规范性文件15件，废止或失效14件，累计现行有效32件 agrees; break the table.
    let mut r = load("xiangcheng-2023");
    r.table2.set(T2_NORMATIVE, T2_REPEALED, Some(count(13)));
    let f = only(&evaluate(&r, None), RuleId::TxtNumbers);
    assert!(f.message.contains("“废止或失效14件”"), "{}", f.message);
    assert_eq!(f.anchors[1], cell(TableId::T2, T2_NORMATIVE, T2_REPEALED));
}

#[test]
fn document_checks_fire_on_a_broken_fixture() {
    let base = load("jiaxian-2021");
    let mut r = base.clone();
    r.problems.clear();
    let f = only(&evaluate(&r, None), RuleId::DocSections);
    assert!(f.message.contains("五、存在的主要问题及改进情况"));
    let mut r = base.clone();
    r.meta.body.clear();
    only(&evaluate(&r, None), RuleId::DocMeta);
    let mut r = base.clone();
    r.other.fee = nianbao::model::FeeStatement::default();
    r.other.fee_text.clear();
    r.other.text.clear();
    r.other.text.push_str("无。");
    only(&evaluate(&r, None), RuleId::DocFeeStatement);
    let mut r = base.clone();
    r.problems = "无".to_owned();
    only(&evaluate(&r, None), RuleId::DocSec5);
    let mut r = base.clone();
    r.meta.published = Date::new(r.meta.year + 1, 6, 1);
    let f = only(&evaluate(&r, None), RuleId::DocDeadline);
    assert!(f.message.contains("发布日期"), "{}", f.message);
}

#[test]
fn last_year_checks_fire_against_a_linked_report() {
    let current = load("jiaxing-2024");
    let mut previous = current.clone();
    previous.meta.year -= 1;
    let def = current.format.table3();
    let carried_in = def.row_with(RowRole::CarriedIn).unwrap();
    let carried_out = def.row_with(RowRole::CarriedOut).unwrap();
    // Last year carried out exactly what this year carried in.
    for c in 0..7 {
        previous
            .table3
            .set(carried_out, c, current.table3.get(carried_in, c));
    }
    let e = evaluate(&current, Some(&previous));
    assert_eq!(e.of_rule(RuleId::XCarry).count(), 0);
    // The same text as last year: every narrative section is a copy.
    let sections: Vec<&Anchor> = e.of_rule(RuleId::XCopy).map(|f| &f.anchors[0]).collect();
    assert!(
        sections.contains(&&Anchor::Section(nianbao::format::SectionId::General)),
        "{sections:?}"
    );
    // Last year's 现行有效 equal to this year's, but documents were issued and repealed this year.
    let f = e
        .of_rule(RuleId::XInForce)
        .find(|f| f.anchors[0] == cell(TableId::T2, T2_NORMATIVE, T2_IN_FORCE))
        .unwrap();
    assert!(
        f.message
            .contains("应为上年380加本年制发件数24减本年废止件数67，即337，实为380"),
        "{}",
        f.message
    );

    previous.table3.set(carried_out, T3_NATURAL, Some(0));
    let f = evaluate(&current, Some(&previous))
        .of_rule(RuleId::XCarry)
        .next()
        .unwrap()
        .clone();
    assert_eq!(f.anchors, vec![cell(TableId::T3, carried_in, T3_NATURAL)]);
    assert!(f.message.contains("为8，但上年报告"), "{}", f.message);

    previous.table4.set(T4_DIRECT, T4_TOTAL, Some(40));
    previous.table4.set(T4_AFTER_REVIEW, T4_TOTAL, Some(0));
    let f = only(&evaluate(&current, Some(&previous)), RuleId::XJump);
    assert!(f.message.contains("本年6，上年40"), "{}", f.message);
}
