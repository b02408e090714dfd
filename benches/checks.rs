//! Benchmarks of the checks: the full evaluation of the sample report (jiaxing-2024; goal ≤ 10 µs median) and
//! `nianbao-cli check` over 1,000 report files in one run of the built binary (goal ≤ 1 s).
//!
//! Kept short (small samples, a few seconds each): `cargo bench --bench checks`.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::io::document;
use nianbao::rules;

fn sample() -> nianbao::model::Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.ron");
    document::load(&path).unwrap().report
}

fn evaluate_sample(c: &mut Criterion) {
    let report = sample();
    c.bench_function("rules::evaluate jiaxing-2024", |b| {
        b.iter(|| rules::evaluate(std::hint::black_box(&report), None));
    });
}

fn check_1000_files(c: &mut Criterion) {
    // Cargo builds the binary, of the same profile, for benches.
    let bin = env!("CARGO_BIN_EXE_nianbao-cli");
    let mut group = c.benchmark_group("nianbao-cli");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("check 1000 files", |b| {
        // Written here, not before: criterion calls this only when the benchmark is selected, so profiling the
        // other one (`--bench checks --profile-time 5`) does not also profile writing 1000 files.
        let dir = tempfile::tempdir().unwrap();
        let report = sample();
        let mut files = Vec::new();
        for i in 0..1000 {
            let mut r = report.clone();
            // Each file is a different report, as a statistics office would receive them.
            r.meta.body = format!("{}（第{i}号）", report.meta.body);
            let path = dir.path().join(format!("report-{i:04}.ron"));
            document::save(&path, &r.into()).unwrap();
            files.push(path);
        }
        b.iter(|| {
            let out = Command::new(bin)
                .arg("check")
                .args(&files)
                .output()
                .unwrap();
            assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
        });
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = evaluate_sample, check_1000_files
}
criterion_main!(benches);
