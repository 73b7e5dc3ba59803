//! Benchmark data: long-format assessments of N regions on any rubric, deterministic by seed.
//! A bench helper, not a user command:
//!
//! ```text
//! cargo run --release --example gen -- --regions 200000 --seed 1 -o bench/data/long.csv
//! ```
//!
//! Columns `region,indicator,level`, one row per region and indicator, regions in order and
//! indicators in rubric order. Each region has a base level and each indicator lies within one
//! step of it, so indices spread over every rating band. The random numbers come from
//! SplitMix64, written out here so that a seed gives the same bytes whatever crate versions
//! the build resolves.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use spbe::rubric::Rubric;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    /// How many regions (`--regions`).
    pub regions: usize,
    /// The seed of the random numbers (`--seed`): the same seed, the same bytes.
    pub seed: u64,
    /// The field delimiter (`--delimiter`: `,`, `;` or a tab).
    pub delimiter: u8,
    /// Decimals of each value (0: whole levels). On a continuous scale (pemdi-2026) a value is
    /// its whole level plus a fraction below the next one, like an assessor's 1.26.
    pub decimals: u32,
}

/// SplitMix64 (Steele, Lea & Flood 2014): one u64 of state, statistically fine for test data.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (the modulo bias is irrelevant for n ≤ 16).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The name of region `i`, shaped like the official ones (`Pemerintah Kab. Kerinci`).
pub fn region_name(i: usize) -> String {
    let kind = ["Kab.", "Kota", "Provinsi"][i % 3];
    format!("Pemerintah {kind} Wilayah {i:06}")
}

/// Write the assessments to `w`.
pub fn generate(rubric: &Rubric, spec: &Spec, w: impl Write) -> Result<()> {
    // Whole levels from min to max: on a continuous scale (pemdi-2026) they are values too.
    if rubric.scale.min.fract() != 0.0 || rubric.scale.max.fract() != 0.0 {
        bail!(
            "rubric {} has a scale with fractional bounds; the generator writes whole levels only",
            rubric.id
        );
    }
    if spec.decimals > 0 && rubric.scale.integer {
        bail!("rubric {} takes whole levels only; --decimals needs a continuous scale", rubric.id);
    }
    let (min, steps) = (rubric.scale.min as i64, rubric.scale.steps() as i64);
    let unit = 10u64.pow(spec.decimals);
    let ids: Vec<&str> = rubric.indicators.iter().map(|&i| rubric.node(i).id.as_str()).collect();
    let mut rng = SplitMix64(spec.seed);
    let mut out = csv::WriterBuilder::new().delimiter(spec.delimiter).from_writer(w);
    out.write_record(["region", "indicator", "level"])?;
    let mut level_text = String::new();
    for r in 0..spec.regions {
        let name = region_name(r);
        let base = rng.below(steps as u64) as i64;
        for id in &ids {
            let step = rng.below(3) as i64 - 1;
            let level = min + (base + step).clamp(0, steps - 1);
            level_text.clear();
            if spec.decimals == 0 {
                std::fmt::Write::write_fmt(&mut level_text, format_args!("{level}"))?;
            } else {
                // The top level has no fraction: values stay within the scale.
                let frac = if level < min + steps - 1 { rng.below(unit) } else { 0 };
                let d = spec.decimals as usize;
                std::fmt::Write::write_fmt(&mut level_text, format_args!("{level}.{frac:0d$}"))?;
            }
            out.write_record([name.as_str(), id, level_text.as_str()])?;
        }
    }
    out.flush()?;
    Ok(())
}

fn usage() -> &'static str {
    "usage: gen [--rubric ID|PATH] --regions N [--seed S] [--delimiter ,|;|tab] [--decimals D] [-o FILE]"
}

fn parse_args(args: &[String]) -> Result<(String, Spec, Option<PathBuf>)> {
    let (mut rubric, mut out) = ("spbe-2020".to_string(), None);
    let mut spec = Spec { regions: 0, seed: 1, delimiter: b',', decimals: 0 };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().with_context(|| format!("{a} needs a value; {}", usage()));
        match a.as_str() {
            "--rubric" => rubric = value()?.clone(),
            "--regions" => spec.regions = value()?.parse().context("--regions: a whole number")?,
            "--seed" => spec.seed = value()?.parse().context("--seed: a whole number")?,
            "--delimiter" => {
                spec.delimiter = match value()?.as_str() {
                    "," => b',',
                    ";" => b';',
                    "tab" | "\t" => b'\t',
                    d => bail!("--delimiter: `,`, `;` or `tab`, not `{d}`"),
                }
            }
            "--decimals" => {
                spec.decimals = value()?.parse().context("--decimals: a whole number")?;
                if spec.decimals > 6 {
                    bail!("--decimals: at most 6");
                }
            }
            "-o" | "--output" => out = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                println!("{}", usage());
                std::process::exit(0);
            }
            other => bail!("unknown argument `{other}`; {}", usage()),
        }
    }
    if spec.regions == 0 {
        bail!("--regions is required; {}", usage());
    }
    Ok((rubric, spec, out))
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (rubric, spec, out) = parse_args(&args)?;
    let rubric = Rubric::resolve(&rubric)?;
    match out {
        Some(path) => {
            let file =
                std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
            generate(&rubric, &spec, std::io::BufWriter::with_capacity(1 << 20, file))
                .with_context(|| format!("writing {}", path.display()))
        }
        None => generate(&rubric, &spec, std::io::BufWriter::new(std::io::stdout().lock())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spbe::assessment::{self, Input, ReadOptions};

    fn bytes(rubric: &str, regions: usize, seed: u64) -> Vec<u8> {
        with_decimals(rubric, regions, seed, 0)
    }

    fn with_decimals(rubric: &str, regions: usize, seed: u64, decimals: u32) -> Vec<u8> {
        let r = Rubric::resolve(rubric).unwrap();
        let mut out = Vec::new();
        generate(&r, &Spec { regions, seed, delimiter: b',', decimals }, &mut out).unwrap();
        out
    }

    #[test]
    fn decimal_values_stay_within_their_whole_level_and_the_scale() {
        let text = String::from_utf8(with_decimals("pemdi-2026", 40, 5, 2)).unwrap();
        let mut fractional = 0;
        for line in text.lines().skip(1) {
            let value = line.rsplit(',').next().unwrap();
            let (whole, frac) = value.split_once('.').unwrap();
            assert_eq!(frac.len(), 2, "{line}");
            let v: f64 = value.parse().unwrap();
            assert!((1.0..=5.0).contains(&v), "{line}");
            assert!(whole != "5" || frac == "00", "{line}");
            fractional += usize::from(frac != "00");
        }
        assert!(fractional > 400, "{fractional} of {} values have a fraction", 40 * 20);
        let r = Rubric::resolve("spbe-2020").unwrap();
        let spec = Spec { regions: 1, seed: 1, delimiter: b',', decimals: 2 };
        assert!(generate(&r, &spec, Vec::new()).is_err(), "whole-level rubrics refuse decimals");
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        assert_eq!(bytes("spbe-2020", 50, 7), bytes("spbe-2020", 50, 7));
        assert_ne!(bytes("spbe-2020", 50, 7), bytes("spbe-2020", 50, 8));
        // A smaller file is a prefix of a larger one with the same seed.
        let (small, large) = (bytes("pemdi-2026", 10, 3), bytes("pemdi-2026", 20, 3));
        assert!(large.starts_with(&small));
    }

    #[test]
    fn splitmix64_matches_the_reference_stream() {
        // Published outputs of the reference implementation (Vigna, splitmix64.c).
        assert_eq!(SplitMix64(0).next(), 0xE220_A839_7B1D_CDAF);
        let mut r = SplitMix64(1_234_567);
        let first: Vec<u64> = (0..3).map(|_| r.next()).collect();
        assert_eq!(first, [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423]);
    }

    #[test]
    fn rows_are_regions_in_order_then_indicators_in_rubric_order() {
        let text = String::from_utf8(bytes("spbe-2020", 2, 1)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 2 * 47);
        assert_eq!(lines[0], "region,indicator,level");
        assert!(lines[1].starts_with("Pemerintah Kab. Wilayah 000000,1,"));
        assert!(lines[47].starts_with("Pemerintah Kab. Wilayah 000000,47,"));
        assert!(lines[48].starts_with("Pemerintah Kota Wilayah 000001,1,"));
    }

    #[test]
    fn every_region_has_every_indicator_within_the_scale() {
        for id in ["spbe-2020", "spbe-2018", "pemdi-2026"] {
            let r = Rubric::resolve(id).unwrap();
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("gen.csv");
            std::fs::write(&path, bytes(id, 30, 11)).unwrap();
            let set = assessment::read(&r, &[Input::Path(path)], &ReadOptions::default()).unwrap();
            assert_eq!(set.len(), 30, "{id}");
            for a in set.iter() {
                for &i in &r.indicators {
                    let v = a.values[i].unwrap();
                    assert!(r.scale.contains(v) && v.fract() == 0.0, "{id}: {v}");
                }
            }
            // Levels spread: not every region has the same index.
            let scores = spbe::score::score_all(&r, &set, false, spbe::i18n::Lang::En).unwrap();
            let bands: std::collections::BTreeSet<usize> = scores.iter().map(|s| s.band).collect();
            assert!(bands.len() >= 3, "{id}: bands {bands:?}");
        }
    }
}
