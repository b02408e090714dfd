//! One passing and one failing case per check: a clean 2021 report, then one thing broken.

use super::*;
use crate::format::{
    FormatVersion, RowRole, T2_FEES, T2_IN_FORCE, T2_ISSUED, T2_NORMATIVE, T2_REPEALED,
    T3_2021_NO_FEE_PAID, T3_NATURAL, T3_TOTAL, T4_AFTER_REVIEW, T4_CORRECTED, T4_DIRECT,
    T4_PENDING, T4_REVIEW, T4_TOTAL, T4_UPHELD,
};
use crate::model::{BodyKind, Date, Decimal, T2Value, Yuan};
use crate::prose;

const COMMERCIAL: usize = 1;

fn t3(report: &Report, role: RowRole) -> usize {
    report.format.table3().row_with(role).unwrap()
}

fn t3_row(report: &Report, key: &str) -> usize {
    report.format.table3().row_index(key).unwrap()
}

/// Sets a table-3 row: 自然人, 商业企业, the other organisations 0, 总计 the sum.
fn set_t3(report: &mut Report, row: usize, natural: u64, commercial: u64) {
    for c in 0..7 {
        report.table3.set(row, c, Some(0));
    }
    report.table3.set(row, T3_NATURAL, Some(natural));
    report.table3.set(row, COMMERCIAL, Some(commercial));
    report.table3.set(row, T3_TOTAL, Some(natural + commercial));
}

fn set_t3_at(report: &mut Report, row: impl Fn(&Report) -> usize, natural: u64, commercial: u64) {
    let row = row(report);
    set_t3(report, row, natural, commercial);
}

fn set_t4(report: &mut Report, row: usize, values: [u64; 4]) {
    for (c, v) in values.iter().enumerate() {
        report.table4.set(row, c, Some(*v));
    }
    report.table4.set(row, T4_TOTAL, Some(values.iter().sum()));
}

fn count(n: i64) -> T2Value {
    T2Value::Number(Decimal::from_int(n))
}

/// A complete report in which every check passes.
fn clean(format: FormatVersion) -> Report {
    let mut r = Report::blank(format, "某市某局", 2024);
    r.meta.body_kind = Some(BodyKind::Department);
    r.meta.published = Date::new(2025, 1, 20);
    r.general.intro = "2024年，本局认真贯彻《条例》。".to_owned();
    r.general.parts[0].body = "全年主动公开政府信息120条。".to_owned();
    r.general.parts[1].body =
        "2024年收到政府信息公开申请10件，上年结转2件，予以公开6件，部分公开1件，结转下年度继续办理2件。".to_owned();
    r.general.parts[2].body = "制发行政规范性文件3件，废止1件，现行有效20件。".to_owned();
    r.general.parts[3].body = "行政复议1件，行政诉讼1件，均无纠错。".to_owned();
    let def = format.table3();
    for row in 0..def.rows.len() {
        set_t3(&mut r, row, 0, 0);
    }
    set_t3_at(&mut r, |r| t3(r, RowRole::NewReceived), 8, 2);
    set_t3_at(&mut r, |r| t3(r, RowRole::CarriedIn), 2, 0);
    set_t3_at(&mut r, |r| t3_row(r, "granted"), 5, 1);
    set_t3_at(&mut r, |r| t3_row(r, "partial"), 1, 0);
    set_t3_at(&mut r, |r| t3_row(r, "na_not_held"), 2, 1);
    set_t3_at(&mut r, |r| t3(r, RowRole::OutcomesTotal), 8, 2);
    set_t3_at(&mut r, |r| t3(r, RowRole::CarriedOut), 2, 0);
    set_t4(&mut r, T4_REVIEW, [1, 0, 0, 0]);
    set_t4(&mut r, T4_DIRECT, [0, 0, 0, 1]);
    set_t4(&mut r, T4_AFTER_REVIEW, [0, 0, 0, 0]);
    let t2 = format.table2();
    for (row, def) in t2.rows.iter().enumerate() {
        for c in 0..def.fields.len() {
            let value = match def.fields[c].kind {
                crate::format::FieldKind::Text => Some(T2Value::Text("0".to_owned())),
                _ => Some(count(1)),
            };
            r.table2.set(row, c, value);
        }
    }
    if format == FormatVersion::V2021 {
        r.table2.set(T2_NORMATIVE, T2_ISSUED, Some(count(3)));
        r.table2.set(T2_NORMATIVE, T2_REPEALED, Some(count(1)));
        r.table2.set(T2_NORMATIVE, T2_IN_FORCE, Some(count(20)));
        r.table2.set(
            T2_FEES,
            0,
            Some(T2Value::Number(Decimal::parse("0.5").unwrap())),
        );
    }
    r.problems = "存在的问题：公开内容不够全面。下一步将加强培训，改进工作。".to_owned();
    r.other.fee_text = r.other.fee.sentence(2024);
    r.other.text = "无其他需要报告的事项。".to_owned();
    r
}

fn clean21() -> Report {
    clean(FormatVersion::V2021)
}

fn eval(report: &Report) -> Evaluation {
    evaluate(report, None)
}

/// The single finding of a rule; fails when there is none or more than one.
fn only(e: &Evaluation, rule: RuleId) -> Finding {
    let found: Vec<&Finding> = e.of_rule(rule).collect();
    assert_eq!(found.len(), 1, "{rule}: {found:#?}");
    found[0].clone()
}

fn none(e: &Evaluation, rule: RuleId) {
    let found: Vec<&Finding> = e.of_rule(rule).collect();
    assert!(found.is_empty(), "{rule}: {found:#?}");
}

fn cell(table: TableId, row: usize, col: usize) -> Anchor {
    Anchor::Cell(CellRef::new(table, row, col))
}

#[test]
fn the_clean_report_has_no_findings() {
    for format in [FormatVersion::V2021, FormatVersion::V2019] {
        let e = eval(&clean(format));
        assert!(e.findings.is_empty(), "{format:?}: {:#?}", e.findings);
    }
}

#[test]
fn t3_balance() {
    let mut r = clean21();
    let out = t3(&r, RowRole::CarriedOut);
    r.table3.set(out, T3_NATURAL, Some(1));
    let f = only(&eval(&r), RuleId::T3Balance);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "表三“自然人”列：第一项加第二项（8+2=10）应等于第三项加第四项（8+1=9），相差1"
    );
    assert_eq!(f.anchors[1], cell(TableId::T3, out, T3_NATURAL));
    assert_eq!((f.expected, f.actual), (Some(10), Some(9)));
}

#[test]
fn t3_outcomes_2021_and_2019() {
    for format in [FormatVersion::V2021, FormatVersion::V2019] {
        let mut r = clean(format);
        let total = t3(&r, RowRole::OutcomesTotal);
        let oth = r.format.table3().rows.len() - 3;
        // Move one application from （一） to （六）: still balanced; then break （六）.
        set_t3_at(&mut r, |r| t3_row(r, "granted"), 4, 1);
        set_t3(&mut r, oth, 1, 0);
        none(&eval(&r), RuleId::T3Outcomes);
        set_t3(&mut r, oth, 3, 0);
        let e = eval(&r);
        let f = e
            .of_rule(RuleId::T3Outcomes)
            .find(|f| f.anchors[0] == cell(TableId::T3, total, T3_NATURAL))
            .unwrap()
            .clone();
        assert!(f.anchors.contains(&cell(TableId::T3, oth, T3_NATURAL)));
        assert!(
            f.message
                .starts_with("表三“自然人”列：（七）总计应等于（一）至（六）各项之和"),
            "{}",
            f.message
        );
        assert!(f.message.ends_with("=10），实为8，相差2"), "{}", f.message);
        let rows = if format == FormatVersion::V2019 {
            19
        } else {
            21
        };
        assert_eq!(f.anchors.len(), 1 + rows);
    }
}

#[test]
fn t3_rowsum() {
    let mut r = clean21();
    let new = t3(&r, RowRole::NewReceived);
    none(&eval(&r), RuleId::T3RowSum);
    r.table3.set(new, T3_TOTAL, Some(11));
    let e = eval(&r);
    let f = only(&e, RuleId::T3RowSum);
    assert_eq!(f.anchors[0], cell(TableId::T3, new, T3_TOTAL));
    assert_eq!(
        f.message,
        "表三“一、本年新收政府信息公开申请数量”行：总计应等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他之和（8+2+0+0+0+0=10），实为11，相差1"
    );
    // The cell also breaks the 总计 column's balance and no longer matches the text's 收到…申请10件.
    let rules: Vec<RuleId> = e
        .at_cell(CellRef::new(TableId::T3, new, T3_TOTAL))
        .map(|f| f.rule)
        .collect();
    assert_eq!(
        rules,
        [RuleId::T3RowSum, RuleId::T3Balance, RuleId::TxtNumbers]
    );
}

#[test]
fn t3_filled_reports_blanks_without_cascading() {
    let mut r = clean21();
    let new = t3(&r, RowRole::NewReceived);
    r.table3.set(new, T3_NATURAL, None);
    let e = eval(&r);
    let f = only(&e, RuleId::T3Filled);
    assert_eq!(f.anchors, vec![cell(TableId::T3, new, T3_NATURAL)]);
    assert!(f.message.contains("自然人未填写"), "{}", f.message);
    // The sums involving the blank are not computed.
    none(&e, RuleId::T3RowSum);
    none(&e, RuleId::T3Balance);
}

#[test]
fn t3_carryout() {
    let mut r = clean21();
    let out = t3(&r, RowRole::CarriedOut);
    let total = t3(&r, RowRole::OutcomesTotal);
    // 一+二 = 2, but 四 = 3 with （七） = -1 impossible; use the commercial column: 2 + 0 = 0 + 3 needs outcomes 0.
    set_t3_at(&mut r, |r| t3_row(r, "na_not_held"), 2, 0);
    set_t3_at(&mut r, |r| t3_row(r, "granted"), 5, 0);
    set_t3(&mut r, total, 8, 0);
    set_t3(&mut r, out, 2, 3);
    let e = eval(&r);
    let f = only(&e, RuleId::T3CarryOut);
    assert_eq!(f.anchors[0], cell(TableId::T3, out, COMMERCIAL));
    assert_eq!((f.expected, f.actual), (Some(2), Some(3)));
    assert!(
        f.message
            .contains("（3）不应多于本年新收与上年结转之和（2+0=2）"),
        "{}",
        f.message
    );
}

#[test]
fn t3_fee() {
    let mut r = clean21();
    set_t3(&mut r, T3_2021_NO_FEE_PAID, 2, 0);
    set_t3_at(&mut r, |r| t3_row(r, "granted"), 3, 1);
    let e = eval(&r);
    let f = only(&e, RuleId::T3Fee);
    assert_eq!(
        f.anchors[0],
        cell(TableId::T3, T3_2021_NO_FEE_PAID, T3_TOTAL)
    );
    assert!(
        f.message.contains("为2，但“六、其他需要报告的事项”称未发出收费通知；应写明发出收费通知的件数（不少于2件）和金额"),
        "{}",
        f.message
    );
    r.other.fee_text.clear();
    let f = only(&eval(&r), RuleId::T3Fee);
    assert!(
        f.message
            .contains("为2，“六、其他需要报告的事项”应写明发出收费通知的件数（不少于2件）和金额"),
        "{}",
        f.message
    );
    r.other.fee_text = r.other.fee.sentence(2024);
    // Stated in the structured figures: passes.
    r.other.fee.notices_issued = Some(2);
    r.other.fee.notices_amount = Some(Yuan(Decimal::from_int(300)));
    none(&eval(&r), RuleId::T3Fee);
    // Stated in the text only: passes too.
    r.other.fee = crate::model::FeeStatement::default();
    r.other.fee_text = "2024年共发出收费通知2件，金额300元，实际收取0元。".to_owned();
    none(&eval(&r), RuleId::T3Fee);
    r.other.fee_text = "2024年共发出收费通知1件，金额300元。".to_owned();
    let f = only(&eval(&r), RuleId::T3Fee);
    assert!(
        f.message.contains("只写明发出收费通知1件，应不少于2件"),
        "{}",
        f.message
    );
}

#[test]
fn t3_shift() {
    let mut r = clean21();
    let row = t3_row(&r, "na_not_held");
    set_t3(&mut r, row, 2, 0);
    none(&eval(&r), RuleId::T3Shift);
    r.table3.set(row, T3_TOTAL, Some(3));
    let f = only(&eval(&r), RuleId::T3Shift);
    assert_eq!(f.anchors[0], cell(TableId::T3, row, T3_TOTAL));
    assert!(f.message.contains("总计为3，但自然人为2"), "{}", f.message);
}

#[test]
fn t4_sum_and_filled() {
    let mut r = clean21();
    r.table4.set(T4_DIRECT, T4_TOTAL, Some(2));
    let f = only(&eval(&r), RuleId::T4Sum);
    assert_eq!(f.anchors[0], cell(TableId::T4, T4_DIRECT, T4_TOTAL));
    assert_eq!(
        f.message,
        "表四“行政诉讼”“未经复议直接起诉”行：总计应等于结果维持、结果纠正、其他结果、尚未审结之和（0+0+0+1=1），实为2，相差1"
    );
    let mut r = clean21();
    r.table4.set(T4_REVIEW, T4_UPHELD, None);
    let e = eval(&r);
    let f = only(&e, RuleId::T4Filled);
    assert_eq!(f.anchors, vec![cell(TableId::T4, T4_REVIEW, T4_UPHELD)]);
    assert!(
        f.message.contains("表四“行政复议”行：结果维持未填写"),
        "{}",
        f.message
    );
    none(&e, RuleId::T4Sum);
}

#[test]
fn t2_filled_inforce_fee_unit() {
    let mut r = clean21();
    r.table2.set(T2_NORMATIVE, T2_ISSUED, None);
    let f = only(&eval(&r), RuleId::T2Filled);
    assert_eq!(f.anchors, vec![cell(TableId::T2, T2_NORMATIVE, T2_ISSUED)]);
    assert_eq!(
        f.message,
        "表二“行政规范性文件”“本年制发件数”：未填写（没有的请填0）"
    );

    let mut r = clean21();
    r.table2.set(T2_NORMATIVE, T2_IN_FORCE, Some(count(1)));
    r.table2.set(T2_NORMATIVE, T2_ISSUED, Some(count(5)));
    r.general.parts[2].body.clear();
    let f = only(&eval(&r), RuleId::T2InForce);
    assert_eq!(f.anchors[0], cell(TableId::T2, T2_NORMATIVE, T2_IN_FORCE));
    assert!(
        f.message
            .contains("现行有效件数（1）应不少于本年制发件数减本年废止件数（5-1=4）"),
        "{}",
        f.message
    );

    let mut r = clean21();
    r.table2.set(
        T2_FEES,
        0,
        Some(T2Value::Number(Decimal::parse("12345678").unwrap())),
    );
    let e = eval(&r);
    let f = only(&e, RuleId::T2FeeUnit);
    assert_eq!(f.anchors, vec![cell(TableId::T2, T2_FEES, 0)]);
    assert!(f.message.contains("12345678万元"), "{}", f.message);
    none(&e, RuleId::T2Filled);
    r.table2.set(
        T2_FEES,
        0,
        Some(T2Value::Number(Decimal::parse("1.1234567").unwrap())),
    );
    let e = eval(&r);
    only(&e, RuleId::T2FeeUnit);
    assert!(
        only(&e, RuleId::T2Filled)
            .message
            .contains("最多保留6位小数")
    );
}

#[test]
fn x_carry_inforce_jump_copy() {
    let prev = clean21();
    let mut r = clean21();
    r.general.parts[1].body = "本年度共收到申请10件。".to_owned();
    let e = evaluate(&r, Some(&prev));
    none(&e, RuleId::XCarry);
    none(&e, RuleId::XJump);
    // Last year carried 2 into this year, the clean report says so; last year's X-INFORCE base is 20.
    let inforce = only(&e, RuleId::XInForce);
    assert_eq!(
        inforce.anchors,
        vec![cell(TableId::T2, T2_NORMATIVE, T2_IN_FORCE)]
    );
    assert!(
        inforce
            .message
            .contains("应为上年20加本年制发件数3减本年废止件数1，即22，实为20"),
        "{}",
        inforce.message
    );

    let carried_in = t3(&r, RowRole::CarriedIn);
    let mut prev2 = prev.clone();
    set_t3_at(&mut prev2, |r| t3(r, RowRole::CarriedOut), 3, 0);
    let e = evaluate(&r, Some(&prev2));
    // 自然人 and 总计 both differ from last year.
    assert_eq!(e.of_rule(RuleId::XCarry).count(), 2);
    let f = e.of_rule(RuleId::XCarry).next().unwrap();
    assert_eq!(f.anchors, vec![cell(TableId::T3, carried_in, T3_NATURAL)]);
    assert_eq!(
        f.message,
        "表三“自然人”列：“二、上年结转政府信息公开申请数量”为2，但上年报告“四、结转下年度继续办理”为3，相差1"
    );

    let mut prev3 = prev.clone();
    set_t4(&mut prev3, T4_REVIEW, [40, 0, 0, 0]);
    let f = only(&evaluate(&r, Some(&prev3)), RuleId::XJump);
    assert_eq!(f.anchors, vec![cell(TableId::T4, T4_REVIEW, T4_TOTAL)]);
    assert!(
        f.message.contains("本年1，上年40，仅为上年的2%"),
        "{}",
        f.message
    );

    // The clean report's section 一 is the same as last year's.
    let mut r = clean21();
    r.general.parts[4].body = "加强监督考核工作机制。组织开展业务培训两次。".to_owned();
    let prev = r.clone();
    let f = only(&evaluate(&r, Some(&prev)), RuleId::XCopy);
    assert_eq!(f.anchors, vec![Anchor::Section(SectionId::General)]);
    r.general.parts[4].body = "2024年全面推进公开平台建设。本年度组织专题培训三次。".to_owned();
    r.general.parts[0].body = "全年主动公开政府信息150条，同比增长。".to_owned();
    r.general.intro = "2024年，本局以新思路推进政务公开。".to_owned();
    none(&evaluate(&r, Some(&prev)), RuleId::XCopy);
}

#[test]
fn x_checks_against_a_2019_report_compare_only_comparable_cells() {
    let prev = clean(FormatVersion::V2019);
    let r = clean21();
    let e = evaluate(&r, Some(&prev));
    none(&e, RuleId::XInForce);
    none(&e, RuleId::XCarry);
}

fn text_range(r: &Report, field: TextField, needle: &str) -> Anchor {
    let text = r.text(field);
    let start = text.find(needle).unwrap();
    Anchor::Text {
        field,
        start,
        end: start + needle.len(),
    }
}

#[test]
fn txt_numbers_finds_the_figures_that_disagree() {
    let mut r = clean21();
    let sentence = "2024年共有行政复议134件，行政诉讼57件";
    r.general.parts[3].body = format!("{sentence}。");
    let e = eval(&r);
    let found: Vec<&Finding> = e.of_rule(RuleId::TxtNumbers).collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    let field = TextField::GeneralPart(3);
    assert_eq!(found[0].anchors[0], text_range(&r, field, sentence));
    assert_eq!(found[0].anchors[1], cell(TableId::T4, T4_REVIEW, T4_TOTAL));
    assert_eq!(
        found[0].message,
        "正文称“行政复议134件”，但表四“行政复议”“总计”为1，相差133"
    );
    assert_eq!(found[0].key(), "TXT-NUMBERS@GeneralPart(3):T4:0:4=134");
    assert_eq!(
        found[1].message,
        "正文称“行政诉讼57件”，但表四“行政诉讼未经复议直接起诉”“总计”、表四“行政诉讼复议后起诉”“总计”之和为1（1+0），相差56"
    );
    assert_eq!(found[1].anchors.len(), 3);
}

#[test]
fn txt_numbers_reads_real_phrasings() {
    let mut r = clean21();
    let cases = [
        ("全区受理政府信息公开申请11件", Some("本年新收")),
        ("受理群众诉求56982件，其中政府信息公开申请10件", None),
        ("受理群众诉求56982件", None),
        ("上年结转3件", Some("上年结转")),
        ("结转下年度继续办理3件", Some("结转下年度")),
        ("予以公开及部分公开8件", Some("（一）予以公开")),
        ("予以公开及部分公开7件", None),
        ("不予公开１件", Some("不予公开")),
        (
            "制发行政规范性文件3件，废止或失效2件，累计现行有效20件",
            Some("本年废止"),
        ),
        (
            "全面清理行政规范性文件，继续有效349件，宣布失效7件，予以废止52件",
            None,
        ),
        ("收到申请100余件", None),
        ("收到政府信息公开申请约100件", None),
        ("收到政府信息公开申请十件", None),
        ("收到政府信息公开申请十二件", Some("本年新收")),
        ("推进高效办成一件事", None),
        ("行政诉讼中直接起诉4件", None),
        ("办理政府信息公开申请12件", None),
    ];
    for (sentence, expected) in cases {
        r.general.parts[1].body = format!("{sentence}。");
        let e = eval(&r);
        let found: Vec<&Finding> = e.of_rule(RuleId::TxtNumbers).collect();
        match expected {
            None => assert!(found.is_empty(), "{sentence}: {found:#?}"),
            Some(label) => {
                assert_eq!(found.len(), 1, "{sentence}: {found:#?}");
                assert!(
                    found[0].message.contains(label),
                    "{sentence}: {}",
                    found[0].message
                );
            }
        }
    }
}

#[test]
fn txt_claims() {
    let mut r = clean21();
    r.general.parts[3].body = "行政复议1件，行政诉讼1件，均获维持。".to_owned();
    let f = only(&eval(&r), RuleId::TxtClaims);
    assert_eq!(f.anchors[1], cell(TableId::T4, T4_DIRECT, T4_PENDING));
    assert_eq!(
        f.message,
        "正文称“均获维持”，但表四“行政诉讼未经复议直接起诉”“尚未审结”为1"
    );
    // Only the review is claimed to be upheld: true.
    r.general.parts[3].body = "行政复议1件，均获维持。".to_owned();
    none(&eval(&r), RuleId::TxtClaims);
    // 无纠错 only needs 结果纠正 = 0; an aim is not a claim.
    r.general.parts[3].body = "行政复议1件，行政诉讼1件，均无纠错和败诉。力争全部维持。".to_owned();
    none(&eval(&r), RuleId::TxtClaims);
    set_t4(&mut r, T4_REVIEW, [0, 1, 0, 0]);
    let f = only(&eval(&r), RuleId::TxtClaims);
    assert_eq!(f.anchors[1], cell(TableId::T4, T4_REVIEW, T4_CORRECTED));
    assert!(
        f.message
            .starts_with("正文称“无纠错”，但表四“行政复议”“结果纠正”为1"),
        "{}",
        f.message
    );
}

#[test]
fn doc_sections_and_meta() {
    let mut r = clean21();
    r.problems = "  ".to_owned();
    let f = only(&eval(&r), RuleId::DocSections);
    assert_eq!(f.anchors, vec![Anchor::Section(SectionId::Problems)]);
    assert!(f.message.contains("五、存在的主要问题及改进情况"));

    let mut r = clean21();
    r.meta.body.clear();
    r.meta.published = None;
    let e = eval(&r);
    let found: Vec<&Finding> = e.of_rule(RuleId::DocMeta).collect();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].anchors, vec![Anchor::Meta(MetaField::Body)]);

    let mut r = clean21();
    r.preamble = "本报告所列数据的统计期限为2024年1月1日至2024年12月31日。".to_owned();
    none(&eval(&r), RuleId::DocMeta);
    r.preamble = "本报告所列数据的统计期限为2023年1月1日至2023年12月31日。".to_owned();
    let f = only(&eval(&r), RuleId::DocMeta);
    assert_eq!((f.expected, f.actual), (Some(2024), Some(2023)));
    assert!(
        f.message
            .contains("统计期限含2023年，与报告年度2024年不一致")
    );
}

#[test]
fn doc_fee_statement_sec5_deadline_length() {
    let mut r = clean21();
    r.other.fee_text.clear();
    let f = only(&eval(&r), RuleId::DocFeeStatement);
    assert_eq!(f.anchors, vec![Anchor::Section(SectionId::Other)]);
    assert!(f.message.contains("（一）收取信息处理费情况"));
    r.other.text = "本年度未收取任何费用。".to_owned();
    none(&eval(&r), RuleId::DocFeeStatement);

    let mut r = clean21();
    r.problems = "无。".to_owned();
    let f = only(&eval(&r), RuleId::DocSec5);
    assert!(f.message.contains("不能只写“无”"), "{}", f.message);
    r.problems = "下一步将加强培训。".to_owned();
    assert!(
        only(&eval(&r), RuleId::DocSec5)
            .message
            .contains("没有写明存在的问题")
    );

    let mut r = clean21();
    r.meta.published = Date::new(2025, 2, 3);
    let f = only(&eval(&r), RuleId::DocDeadline);
    assert_eq!(
        f.message,
        "发布日期2025年2月3日晚于政府部门的法定期限2025年1月31日，晚了3天"
    );
    r.meta.body_kind = Some(BodyKind::Government);
    none(&eval(&r), RuleId::DocDeadline);

    let mut r = clean21();
    r.general.parts[0].body = "信息公开".repeat(260);
    let f = only(&eval(&r), RuleId::DocLength);
    assert!(f.message.contains("超过约1000字"), "{}", f.message);
    let mut r = clean21();
    r.general.intro = "本局认真贯彻《条例》。".to_owned();
    for p in &mut r.general.parts {
        p.body = "认真做好公开工作。".to_owned();
    }
    let f = only(&eval(&r), RuleId::DocLength);
    assert!(f.message.contains("没有任何数字"), "{}", f.message);
}

#[test]
fn explanations_attach_to_warnings_by_stable_key() {
    let mut r = clean21();
    r.general.parts[3].body = "行政复议134件。".to_owned();
    let key = only(&eval(&r), RuleId::TxtNumbers).key();
    r.explanations.insert(key, "含不予受理的申请".to_owned());
    // Typing before the sentence keeps the key.
    r.general.parts[3].body = "本年度，行政复议134件。".to_owned();
    let e = eval(&r);
    assert!(only(&e, RuleId::TxtNumbers).is_explained());
    assert_eq!(e.unexplained_warnings().count(), 0);
}

#[test]
fn the_scanner_splits_sentences_at_every_terminator_and_finds_keywords_from_the_end() {
    let text = "收到申请126件。其中予以公开17件；部分公开36件！\n  其他？last; end";
    let parts: Vec<&str> = prose::sentences(text).map(|s| s.text(text)).collect();
    assert_eq!(
        parts,
        [
            "收到申请126件",
            "其中予以公开17件",
            "部分公开36件",
            "其他",
            "last",
            "end"
        ]
    );
    // A comma (EF BC 8C, the same lead byte as ！？；) does not end a sentence.
    assert_eq!(prose::sentences("甲，乙，丙").count(), 1);
    assert_eq!(prose::rfind("公开予以公开", "公开"), Some(12));
    assert_eq!(prose::rfind("公开予以公开", "不予"), None);
    assert_eq!(prose::rfind("开", "公开"), None);
    assert_eq!(prose::rfind("", "公开"), None);
}

#[test]
fn an_untouched_table_is_one_finding_until_the_clerk_starts_it() {
    let mut r = Report::new("某某县人民政府", 2024);
    let e = eval(&r);
    for rule in [RuleId::T2Filled, RuleId::T3Filled, RuleId::T4Filled] {
        let f = only(&e, rule);
        assert!(f.message.contains("尚未填写"), "{}", f.message);
        assert_eq!(f.cells().count(), 1);
    }
    assert!(only(&e, RuleId::T3Filled).message.contains("175格"));
    assert!(e.count(Severity::Error) < 10, "{:#?}", e.findings);
    // Started: each row with blanks is named again, with its blank cells.
    r.table3.set(0, 0, Some(1));
    let e = eval(&r);
    assert_eq!(e.of_rule(RuleId::T3Filled).count(), 25);
    assert_eq!(e.of_rule(RuleId::T4Filled).count(), 1);
}
