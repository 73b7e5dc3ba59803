//! `spbe chart`: one chart of the report as a standalone SVG or PNG.

use anyhow::{bail, Result};

use super::app::{App, Load, Loaded};
use super::args::{FileOut, InputArgs, Precision, StageArg};
use crate::chart::{grid, raster, Fmt, Svg};
use crate::i18n::{Lang, Localized};
use crate::output::write_output;
use crate::rubric::Rubric;
use crate::select;
use crate::view::report::Dataset;
use crate::Outcome;

/// The end of `spbe chart --help`.
pub const HELP: &str = "\
Radar and trend charts draw every region in a grid, or one with --focus; over more than 24
regions the radar grid holds the baseline and the top and bottom 5 (--regions, --radars). The format follows the
extension of -o (.svg or .png) unless --format says otherwise; PNG text uses the fonts installed
on the machine.

A PNG is refused when its picture would be too large (above 64 million pixels, or a heatmap of
more than 200 regions): --page N draws the heatmap 50 regions at a time, SVG has no such limit.

Examples:
  spbe chart bar examples/jambi/mandiri --baseline \"Provinsi Jambi\" -o indeks.svg
  spbe chart contribution examples/jambi/mandiri -o sumbangan.svg
  spbe chart radar examples/jambi/mandiri --focus Kerinci -o kerinci.png
  spbe chart heatmap examples/jambi/mandiri -o tingkat.svg
  spbe chart heatmap nasional.csv --page 2 -o tingkat-2.png      regions 51 to 100";

/// The charts `spbe chart` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartKind {
    /// Each region's index as a bar, over the rating bands.
    Bar,
    /// Each region's index as a stacked bar: what each domain (on Pemdi, each aspect) adds.
    Contribution,
    /// Domain (or aspect) scores per region, over the baseline's or the mean.
    Radar,
    /// Indicator levels: regions × indicators, coloured by level.
    Heatmap,
    /// Index over the years, per region (needs at least two years).
    Trend,
}

/// Image formats of `spbe chart`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImageFormat {
    Svg,
    Png,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which chart to draw.
    #[arg(value_enum, value_name = "CHART")]
    pub kind: ChartKind,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: FileOut,
    /// Image format [default: png when FILE ends in .png, else svg].
    #[arg(long, short = 'f', value_enum, value_name = "FORMAT")]
    pub format: Option<ImageFormat>,
    #[command(flatten)]
    pub precision: Precision,
    /// Region to highlight (bar) and draw the radar charts over: its name or a unique part.
    #[arg(long, value_name = "REGION")]
    pub baseline: Option<String>,
    #[command(flatten)]
    pub stage: StageArg,
    /// Draw only this region (radar and trend): its name or a unique part.
    #[arg(long, value_name = "REGION")]
    pub focus: Option<String>,
    #[command(flatten)]
    pub radars: super::report::RadarArgs,
    /// Draw one page of the heatmap: regions (N-1)×50+1 to N×50 of the ranking [default: every
    /// region; a PNG of more than 200 regions needs --page].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub page: Option<u32>,
}

/// Regions a PNG heatmap draws at most without --page: a picture of about 2,000 × 7,400 px
/// (60 MB of pixels at scale 2).
const PNG_HEATMAP_ROWS: usize = 200;

/// Radar and trend charts per row of a grid.
const COLUMNS: usize = 3;

pub fn run(cx: &App, args: &Args) -> Result<Outcome> {
    let lang = cx.lang;
    if args.page.is_some() && args.kind != ChartKind::Heatmap {
        bail!("{}", lang.t("--page applies to the heatmap", "--page hanya untuk peta panas"));
    }
    if args.focus.is_some()
        && matches!(args.kind, ChartKind::Bar | ChartKind::Contribution | ChartKind::Heatmap)
    {
        bail!(
            "{}",
            lang.t(
                "--focus applies to radar and trend charts; bar, contribution and heatmap show every region",
                "--focus hanya untuk grafik radar dan tren; grafik batang, sumbangan dan peta panas memuat semua wilayah"
            )
        );
    }
    let rubric = cx.rubric_for(&args.input)?;
    if args.format.is_none() {
        super::check_extension(args.output.file(), &["svg", "png"])?;
    }
    let dest = args.output.destination();
    let format = args.format.unwrap_or_else(|| match args.output.has_extension("png") {
        true => ImageFormat::Png,
        false => ImageFormat::Svg,
    });
    if format == ImageFormat::Png {
        super::refuse_terminal("PNG", "png", &dest)?;
    }
    let Loaded { inputs, set, scores } =
        cx.load(&rubric, &args.input, Load::to(&dest).at_stage(args.stage.stage.as_deref()))?;
    let ds = Dataset::new(&rubric, &set, scores, args.baseline.as_deref(), lang)?;
    super::report::warn_left_out(cx, &ds);
    let fmt = Fmt::new(lang, args.precision.get());
    let svg = match args.kind {
        ChartKind::Bar => ds.bar_chart(lang).draw(&fmt),
        ChartKind::Contribution => ds.contribution_chart(lang).draw(&fmt),
        ChartKind::Heatmap => {
            if !ds.has_indicator_levels() {
                cx.warn(lang.t(
                    "the inputs give no levels per indicator (only scores of domains or aspects): every cell is grey",
                    "masukan tidak memuat tingkat per indikator (hanya nilai domain atau aspek): semua sel abu-abu",
                ));
            }
            ds.heatmap_of(lang, &heatmap_rows(&ds, args.page, format, lang)?).draw(&fmt)
        }
        ChartKind::Radar => {
            let radars = match args.focus {
                Some(_) => ds.radar_charts(&fmt),
                None => {
                    let sel = args.radars.select(&ds, lang)?;
                    if sel.is_partial() {
                        cx.warn(&match lang {
                            Lang::En => format!(
                                "radar charts of {} of the {} regions (the baseline, the regions named and the top and bottom of the ranking); --radars all draws every one, --focus NAME one",
                                sel.shown.len(), sel.of),
                            Lang::Id => format!(
                                "grafik radar {} dari {} wilayah (pembanding, wilayah yang disebut, serta teratas dan terbawah); --radars all menggambar semuanya, --focus NAMA satu",
                                sel.shown.len(), sel.of),
                        });
                    }
                    ds.radar_charts_of(&fmt, &sel.shown)
                }
            };
            let charts: Vec<Svg> = radars.iter().map(|r| r.draw(&fmt)).collect();
            let heading = match (lang, rubric.has_domains()) {
                (Lang::En, true) => "Domain scores by region",
                (Lang::En, false) => "Aspect scores by region",
                (Lang::Id, true) => "Nilai domain per wilayah",
                (Lang::Id, false) => "Nilai aspek per wilayah",
            };
            pick(charts, args.focus.as_deref(), heading, Some(legend(&rubric)))?
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
            pick(charts, args.focus.as_deref(), &heading, None)?
        }
    };
    let doc = svg.standalone();
    match format {
        ImageFormat::Svg => write_output(&dest, &inputs, |w| w.write_all(doc.as_bytes()))?,
        ImageFormat::Png => {
            let png = raster::to_png(&doc, 2.0).map_err(|e| anyhow::Error::msg(e.message(lang)))?;
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

/// The regions (positions in the ranking) a heatmap draws: one page of them with `--page`,
/// else all of them, which a PNG allows up to [`PNG_HEATMAP_ROWS`].
fn heatmap_rows(ds: &Dataset, page: Option<u32>, format: ImageFormat, lang: Lang) -> Result<Vec<usize>> {
    let n = ds.current.len();
    let rows = crate::view::report::HEATMAP_ROWS;
    let pages = n.div_ceil(rows).max(1);
    match page {
        Some(p) => {
            let p = p as usize;
            if p > pages {
                bail!(match lang {
                    Lang::En => format!("--page {p}: the heatmap of {n} regions has {pages} page(s) of {rows}"),
                    Lang::Id => format!("--page {p}: peta panas {n} wilayah punya {pages} halaman berisi {rows}"),
                });
            }
            Ok(((p - 1) * rows..(p * rows).min(n)).collect())
        }
        None if format == ImageFormat::Png && n > PNG_HEATMAP_ROWS => bail!(match lang {
            Lang::En => format!(
                "a PNG heatmap of {n} regions would be a picture too large to draw; draw it in pages of {rows} regions with --page 1 to --page {pages}, or as SVG"
            ),
            Lang::Id => format!(
                "PNG peta panas {n} wilayah akan menjadi gambar terlalu besar; gambarlah per halaman {rows} wilayah dengan --page 1 sampai --page {pages}, atau sebagai SVG"
            ),
        }),
        None => Ok((0..n).collect()),
    }
}

/// One chart (`--focus`), or all of them in a grid.
fn pick(charts: Vec<Svg>, focus: Option<&str>, heading: &str, footer: Option<Svg>) -> Result<Svg> {
    match focus {
        Some(name) => {
            let names: Vec<&str> = charts.iter().map(|s| s.title.as_str()).collect();
            let i = select::find_region(&names, name)?;
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
