//! `spbe sensitivity` on a synthetic province-sized input: 1,000 regions × the 47 indicators of
//! spbe-2020, 1,000 and 10,000 draws. The brief's target: 10,000 draws in about a second on
//! two cores.

// criterion_group! makes a pub fn that cannot carry a doc line; the lint is for the library.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion};
use spbe::assessment::{Assessment, Key};
use spbe::rubric::Rubric;
use spbe::sensitivity::{draw, summarise, Model, Settings};

fn regions(rubric: &Rubric, n: usize) -> Vec<Assessment> {
    // Levels 1..5 from a fixed xorshift sequence.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..n)
        .map(|r| {
            let key = Key { region: format!("Region {r}"), year: None, stage: None, code: None };
            let mut a = Assessment::new(key, rubric.nodes.len());
            for &i in &rubric.indicators {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                a.values.set(i, Some((1 + x % 5) as f64));
            }
            a
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let rubric = Rubric::resolve("spbe-2020").expect("embedded rubric");
    let model = Model::new(&rubric, &regions(&rubric, 1000)).expect("model");
    let mut group = c.benchmark_group("sensitivity_1000_regions");
    group.sample_size(10);
    for draws in [1_000u32, 10_000] {
        let settings = Settings { draws, spread: 0.2, seed: 1 };
        group.bench_function(format!("{draws}_draws"), |b| {
            b.iter(|| {
                let d = draw(&model, &settings).expect("draw");
                summarise(&model, &d)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
