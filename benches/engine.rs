//! Engine benchmarks: scoring 10,000 regions × 47 indicators, in memory and from a CSV file.

// criterion_group! makes a pub fn that cannot carry a doc line; the lint is for the library.
#![allow(missing_docs)]

use std::hint::black_box;
use std::io::Write;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use spbe::assessment::{self, Assessment, Assessments, Input, Key, ReadOptions};
use spbe::rubric::Rubric;
use spbe::score;

const REGIONS: usize = 10_000;

/// Deterministic pseudo-random levels 1..=5 (a small LCG; no need for a crate here).
fn level(region: usize, indicator: usize) -> u8 {
    let x = (region as u64)
        .wrapping_mul(6364136223846793005)
        .wrapping_add(indicator as u64 * 1442695040888963407);
    ((x >> 33) % 5) as u8 + 1
}

fn assessments(rubric: &Rubric) -> Assessments {
    let mut set = Assessments::default();
    for r in 0..REGIONS {
        let key = Key { region: format!("Region {r}"), year: None, stage: None, code: None };
        let mut a = Assessment::new(key, rubric.nodes.len());
        for (k, &i) in rubric.indicators.iter().enumerate() {
            a.values.set(i, Some(level(r, k) as f64));
        }
        set.insert(a);
    }
    set
}

fn bench(c: &mut Criterion) {
    let rubric = Rubric::resolve("spbe-2020").expect("embedded rubric");
    let set = assessments(&rubric);

    let mut g = c.benchmark_group("engine");
    g.throughput(Throughput::Elements((REGIONS * 47) as u64));
    g.bench_function("score 10k regions x 47 indicators", |b| {
        b.iter(|| {
            black_box(
                score::score_all(&rubric, black_box(&set), false, spbe::i18n::Lang::En).expect("scores"),
            )
        })
    });

    // The same data as a long CSV on disk, read and scored.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("long.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
        writeln!(f, "region,indicator,level").expect("write");
        for r in 0..REGIONS {
            for k in 0..47 {
                writeln!(f, "Region {r},{},{}", k + 1, level(r, k)).expect("write");
            }
        }
    }
    let inputs = vec![Input::Path(path)];
    g.bench_function("read + score long CSV, 470k rows", |b| {
        b.iter(|| {
            let set = assessment::read(&rubric, &inputs, &ReadOptions::default()).expect("read");
            black_box(score::score_all(&rubric, &set, false, spbe::i18n::Lang::En).expect("scores"))
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
