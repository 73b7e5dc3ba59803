//! `spbe chart`: one chart of the report as a standalone SVG or PNG.

use anyhow::{bail, Result};

use super::destination;
use crate::chart::{grid, raster, Fmt, Svg};
use crate::cli::{ChartArgs, ChartKind, Context, ImageFormat};
use crate::i18n::Lang;
use crate::output::write_output;
use crate::report::Dataset;
use crate::rubric::Rubric;
use crate::select;
use crate::Outcome;

/// Radar and trend charts per row of a grid.
const COLUMNS: usize = 3;

pub fn run(cx: &Context, args: &ChartArgs) -> Result<Outcome> {
    let lang = cx.lang;
    if args.focus.is_some() && matches!(args.kind, ChartKind::Bar | ChartKind::Heatmap) {
        bail!(
            "{}",
            lang.t(
                "--focus applies to radar and trend charts; bar and heatmap show every region",
                "--focus hanya untuk grafik radar dan tren; grafik batang dan peta panas memuat semua wilayah"
            )
        );
    }
    let rubric = cx.rubric_for(&args.input)?;
    if args.format.is_none() {
        super::check_extension(args.output.as_deref(), &["svg", "png"])?;
    }
    let dest = destination(args.output.as_deref(), args.force);
    let (inputs, set, scores) = super::report::read_and_score(cx, &rubric, &args.input, &args.stage, &dest)?;
    let ds = Dataset::new(&rubric, &set, &scores, args.baseline.as_deref(), lang)?;
    super::report::warn_left_out(cx, &ds);
    let fmt = Fmt::new(lang, args.precision as usize);
    let svg = match args.kind {
        ChartKind::Bar => ds.bar_chart(lang).draw(&fmt),
        ChartKind::Heatmap => {
            if !ds.has_indicator_levels() {
                cx.warn(lang.t(
                    "the inputs give no levels per indicator (only scores of domains or aspects): every cell is grey",
                    "masukan tidak memuat tingkat per indikator (hanya nilai domain atau aspek): semua sel abu-abu",
                ));
            }
            ds.heatmap(lang).draw(&fmt)
        }
        ChartKind::Radar => {
            let charts: Vec<Svg> = ds.radar_charts(&fmt).iter().map(|r| r.draw(&fmt)).collect();
            let heading = match (lang, rubric.has_domains()) {
                (Lang::En, true) => "Domain scores by region",
                (Lang::En, false) => "Aspect scores by region",
                (Lang::Id, true) => "Nilai domain per wilayah",
                (Lang::Id, false) => "Nilai aspek per wilayah",
            };
            pick(charts, args.focus.as_deref(), heading, Some(legend(&rubric)), lang)?
        }
        ChartKind::Trend => {
            let charts: Vec<Svg> = ds.trends().iter().map(|t| t.draw(&fmt)).collect();
            if charts.is_empty() {
                bail!(
                    "{}",
                    lang.t(
                        "a trend needs results of one region in at least two years (a year column, or --year)",
                        "tren memerlukan hasil satu wilayah sedikitnya dua tahun (kolom tahun, atau --year)"
                    )
                );
            }
            let heading = format!("{} — {}", rubric.index_name, lang.t("trend", "tren"));
            pick(charts, args.focus.as_deref(), &heading, None, lang)?
        }
    };
    let format = args.format.unwrap_or_else(|| match &args.output {
        Some(p) if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("png")) => ImageFormat::Png,
        _ => ImageFormat::Svg,
    });
    let doc = svg.standalone();
    match format {
        ImageFormat::Svg => write_output(&dest, &inputs, |w| w.write_all(doc.as_bytes()))?,
        ImageFormat::Png => {
            let png = raster::to_png(&doc, 2.0)?;
            if !png.has_fonts {
                cx.warn(lang.t(
                    "no fonts found on this machine, so the PNG has no text; install one (e.g. Debian's fonts-dejavu-core) or use SVG",
                    "tidak ada fon di mesin ini, sehingga PNG tanpa teks; pasang fon (mis. paket Debian fonts-dejavu-core) atau pakai SVG",
                ));
            }
            write_output(&dest, &inputs, |w| w.write_all(&png.bytes))?
        }
    }
    Ok(Outcome::Success)
}

/// One chart (`--focus`), or all of them in a grid.
fn pick(
    charts: Vec<Svg>,
    focus: Option<&str>,
    heading: &str,
    footer: Option<Svg>,
    lang: Lang,
) -> Result<Svg> {
    match focus {
        Some(name) => {
            let names: Vec<&str> = charts.iter().map(|s| s.title.as_str()).collect();
            let i = select::find_region(&names, name, lang).map_err(anyhow::Error::msg)?;
            let chart = charts[i].clone();
            Ok(match footer {
                Some(f) => grid(&chart.title, None, std::slice::from_ref(&chart), 1, Some(f)),
                None => chart,
            })
        }
        None => Ok(grid(heading, Some(heading), &charts, COLUMNS, footer)),
    }
}

/// The names of the radar's spokes, under the charts.
fn legend(rubric: &Rubric) -> Svg {
    let lines: Vec<(String, String)> =
        rubric.roots.iter().map(|&n| (rubric.node(n).id.clone(), rubric.node(n).name.clone())).collect();
    crate::chart::legend_block(&lines)
}
