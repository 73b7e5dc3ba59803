//! `spbe sensitivity`: how the index and ranks move when the weights do.

use super::{emit, read_inputs, KeyColumns};
use crate::cli::{Context, SensitivityArgs};
use crate::i18n::Lang;
use crate::output::{check_destination, Cell, Report, Table};
use crate::rubric::Rubric;
use crate::score;
use crate::sensitivity::{self, RegionResult, Settings};
use crate::view::sensitivity::{SensitivityDoc, SettingsDoc};
use crate::view::{self, RubricInfo};
use crate::Outcome;
use anyhow::{Context as _, Result};

pub fn run(cx: &Context, args: &SensitivityArgs) -> Result<Outcome> {
    let rubric = cx.rubric_for(&args.input)?;
    let (inputs, set) = read_inputs(cx, &rubric, &args.input)?;
    check_destination(&args.output.destination(), &inputs)?;
    // The same checks as `score`.
    let scores = score::score_all(&rubric, &set, args.input.allow_missing)?;
    for w in score::incomplete_warnings(&rubric, &scores) {
        cx.warn_with(crate::problem::code::INCOMPLETE, &w);
    }
    let settings = Settings { draws: args.draws, spread: args.spread, seed: args.seed };
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        let (n, warning) = crate::parallel::capped(n as usize);
        if let Some(w) = warning {
            cx.warn(&w);
        }
        pool = pool.num_threads(n);
    }
    let pool = pool.build().context(cx.lang.t("starting worker threads", "memulai utas kerja"))?;
    let results =
        pool.install(|| sensitivity::analyse(&rubric, &set.items, &settings)).map_err(anyhow::Error::msg)?;
    let report = build_report(&rubric, &results, &settings, cx.labels(args.output.effective_format()));
    emit(cx, &report, &args.output, &inputs)?;
    Ok(Outcome::Success)
}

fn build_report<'a>(rubric: &'a Rubric, results: &'a [RegionResult], s: &Settings, lang: Lang) -> Report<'a> {
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
    Report::new(vec![table], 0, doc)
}
