//! `spbe sensitivity`: how the index and ranks move when the weights do.

use super::app::{App, Load, Loaded};
use super::args::{InputArgs, OutputArgs};
use super::{emit, KeyColumns};
use crate::i18n::Lang;
use crate::output::{Cell, Document, Table};
use crate::rubric::Rubric;
use crate::sensitivity::{self, RegionResult, Settings};
use crate::view::sensitivity::{SensitivityDoc, SettingsDoc};
use crate::view::{self, RubricInfo};
use crate::Outcome;
use anyhow::Result;

/// The end of `spbe sensitivity --help`.
pub const HELP: &str = "\
Each draw multiplies every weight (domains, aspects, indicators) by a factor drawn uniformly
from [1-S, 1+S], renormalises within its parent, and rescores every region. Ranks are within
each year and stage, 1 the highest, ties sharing a rank (1, 2, 2, 4). Percentiles are
nearest-rank. Draw d uses its own ChaCha8 stream (seed K, stream d), so results depend only on
the seed, never on the number of threads; --spread 0 gives the nominal values exactly.

Examples:
  spbe sensitivity examples/jambi/mandiri
  spbe sensitivity examples/jambi/mandiri --draws 10000 --spread 0.2 --seed 7
  spbe sensitivity examples/jambi/published-2023-2024.csv -f json";

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Number of random draws of the weights.
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub draws: u32,
    /// Spread S: every weight is multiplied by a factor drawn uniformly from [1-S, 1+S] (0 ≤ S < 1).
    #[arg(long, value_name = "S", default_value_t = 0.1, value_parser = parse_spread)]
    pub spread: f64,
    /// Seed of the random draws.
    #[arg(long, value_name = "K", default_value_t = 1)]
    pub seed: u64,
}

fn parse_spread(s: &str) -> Result<f64, String> {
    let v: f64 = s.trim().parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{s} is outside 0 ≤ S < 1 (e.g. 0.1 for ±10 %)"))
    }
}

pub fn run(cx: &App, args: &Args) -> Result<Outcome> {
    let rubric = cx.rubric_for(&args.input)?;
    let dest = args.output.destination();
    // The same checks as `score`.
    let Loaded { inputs, set, .. } = cx.load(&rubric, &args.input, Load::to(&dest))?;
    let settings = Settings { draws: args.draws, spread: args.spread, seed: args.seed };
    let results = sensitivity::analyse(&rubric, &set.items, &settings)
        .map_err(|e| anyhow::Error::msg(crate::i18n::Localized::message(&e, cx.lang)))?;
    let report = build_report(&rubric, &results, &settings, cx.labels(args.output.effective_format()));
    emit(cx, &report, &args.output, &inputs)?;
    Ok(Outcome::Success)
}

fn build_report<'a>(
    rubric: &'a Rubric,
    results: &'a [RegionResult],
    s: &Settings,
    lang: Lang,
) -> Document<'a> {
    let t = |en: &'static str, id: &'static str| lang.t(en, id).to_string();
    let keys = KeyColumns::of(results.iter().map(|r| &r.key));
    let mut h = keys.headers(lang);
    h.extend([
        t("index", "indeks"),
        t("rating", "predikat"),
        t("rank", "peringkat"),
        t("out of", "dari"),
        t("index p5", "indeks p5"),
        t("index p95", "indeks p95"),
        t("rank median", "median peringkat"),
        t("rank p5", "peringkat p5"),
        t("rank p95", "peringkat p95"),
    ]);
    h.extend(rubric.bands.iter().map(|b| format!("P({})", b.name)));
    let title = format!(
        "{} ({}): {} {} {}, {} × U[{}, {}], {} {} — {}",
        rubric.index_name,
        rubric.id,
        lang.t("sensitivity to the weights,", "kepekaan terhadap bobot,"),
        s.draws,
        lang.t("draws", "undian"),
        lang.t("each weight", "setiap bobot"),
        1.0 - s.spread,
        1.0 + s.spread,
        lang.t("seed", "benih"),
        s.seed,
        lang.t("percentiles by nearest rank", "persentil peringkat terdekat"),
    );
    let mut table = Table::new(h).titled(title);
    let mut regions = Vec::new();
    for r in results {
        let mut row = keys.cells(&r.key);
        row.extend([
            Cell::Num(Some(r.nominal_index)),
            Cell::Rating(rubric.bands[r.nominal_band].name.clone(), r.nominal_band),
            Cell::Int(r.nominal_rank.into()),
            Cell::Int(r.group_size.into()),
            Cell::Num(Some(r.index_p5)),
            Cell::Num(Some(r.index_p95)),
            Cell::Int(r.rank_median.into()),
            Cell::Int(r.rank_p5.into()),
            Cell::Int(r.rank_p95.into()),
        ]);
        row.extend(r.band_share.iter().map(|&p| Cell::Num(Some(p))));
        table.rows.push(row);
        regions.push(view::sensitivity::Region::new(rubric, r));
    }
    let doc = SensitivityDoc { rubric: RubricInfo::new(rubric), settings: SettingsDoc::new(s), regions };
    Document::new(vec![table], 0, doc)
}
