//! `spbe compare`: regions side by side (ranking, baseline differences, summary rows, rating
//! counts) and, with several years, their trend. The analysis is in [`crate::compare`]; this
//! module reads, checks and lays out the tables.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::app::{App, Load, Loaded};
use super::args::{GateArgs, InputArgs, OutputArgs, StageArg};
use super::score::add_layer_tables;
use super::{apply_gate, emit, resolve_gate};
use crate::compare::{self, Column, Comparison, SortKey, Trend};
use crate::i18n::Lang;
use crate::output::{Cell, CellRef, Document, Format, Mark, Rows, Table};
use crate::rubric::{Kind, Rubric};
use crate::score::RegionScore;
use crate::view::compare::{CompareDoc, CompareJson, TrendDoc};
use crate::Outcome;
use anyhow::{bail, Result};

/// The end of `spbe compare --help`.
pub const HELP: &str = "\
Ranks are by the unrounded index (the number that decides the rating); indices equal to within
1e-9 are tied and share a rank (1, 2, 2, 4). With several years (a year column, or --year per
input) the main table is the trend: index and rating per year, the change, and every rating that
moved; the comparison that follows is of the latest year, and --fail-below checks that year.

Examples:
  spbe compare examples/jambi/mandiri                          rank every region, by domain
  spbe compare examples/jambi/mandiri --baseline \"Provinsi Jambi\"   differences from the province
  spbe compare examples/jambi/published-2023-2024.csv          the 2023 → 2024 trend
  spbe compare 2023/ 2024/ --year 2023 --year 2024             one folder per year
  spbe compare nasional-2024.csv --province Jambi               a province and its regencies
  spbe compare nasional-2024.csv --group province               every province against its regencies
  spbe compare examples/jambi/mandiri --by aspect --sort D2     by aspect, best Tata Kelola first
  spbe compare examples/jambi/mandiri -o perbandingan.xlsx      an Excel workbook
  spbe compare data/ --fail-below Baik -o ranking.csv           exit 1 if a region is below Baik

Exit codes: 0 success, 1 a region is below --fail-below (results are still written),
2 bad input or usage.";

/// The layer of the rubric whose scores are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layer {
    /// The domains' scores.
    Domain,
    /// The aspects' scores.
    Aspect,
    /// The indicators' levels.
    Indicator,
}

/// The arguments of `spbe compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The assessments to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// Where and how the tables are written.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Columns to compare [default: domains, or aspects for a rubric without domains].
    #[arg(long, value_enum, value_name = "LAYER")]
    pub by: Option<Layer>,
    /// Row order: `index` (highest first), `name`, or a node id such as D2 (its highest score
    /// first). The rank column is always by index.
    #[arg(long, value_name = "index|name|ID", default_value = "index")]
    pub sort: SortArg,
    /// Add every region's difference from REGION (its name, or a part of it that names one
    /// region) and count the regions above and below it.
    #[arg(long, value_name = "REGION")]
    pub baseline: Option<String>,
    /// `--stage`.
    #[command(flatten)]
    pub stage: StageArg,
    /// One row per group instead of per region: `province` gives each province's own index
    /// and rating, its kabupaten/kota's count, mean, median, minimum and maximum, how many are
    /// above and below it, and its rank among provinces (the latest year of the input).
    #[arg(long, value_enum, value_name = "GROUP")]
    pub group: Option<Group>,
    /// `--fail-below`.
    #[command(flatten)]
    pub gate: GateArgs,
}

/// What `compare --group` groups regions by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Group {
    /// Each province with its kabupaten/kota (by Kemendagri code).
    Province,
}

/// Run `spbe compare`.
pub fn run(cx: &App, args: &Args) -> Result<Outcome> {
    let rubric = cx.rubric_for(&args.input)?;
    let gate = resolve_gate(cx, &rubric, &args.gate)?;
    let nodes = columns(&rubric, args.by)?;
    let sort = sort_key(&rubric, &args.sort)?;
    let dest = args.output.destination();
    let Loaded { inputs, scores, .. } =
        cx.load(&rubric, &args.input, Load::to(&dest).at_stage(args.stage.stage.as_deref()))?;
    if args.group == Some(Group::Province) {
        let sel = compare::Latest::new(&scores)?;
        let latest = sel.year;
        let current: Vec<RegionScore> = sel.current.iter().map(|&i| scores[i].clone()).collect();
        let overview = crate::overview::by_province(&current);
        let report = super::overview::province_report(
            &rubric,
            &current,
            &overview,
            latest,
            cx.labels(args.output.effective_format()),
        );
        emit(cx, &report, &args.output, &inputs)?;
        return Ok(apply_gate(cx, &rubric, &current, gate.as_ref()));
    }
    let baseline =
        super::baseline_or_province(args.baseline.as_deref(), args.input.province.as_deref(), &scores);
    let view = View { nodes, sort, baseline };
    let compared = analyse(&rubric, &scores, &view, cx.lang)?;
    let labels = cx.labels(args.output.effective_format());
    let mut report = build_report(&rubric, &scores, &compared, labels);
    if args.output.effective_format() == Format::Xlsx {
        add_layer_tables(&mut report, &rubric, &scores, cx.lang);
    }
    emit(cx, &report, &args.output, &inputs)?;
    // The gate applies to what is compared: the regions of the latest year.
    Ok(apply_gate(cx, &rubric, &compared.current, gate.as_ref()))
}

/// What to compare and how.
#[derive(Debug, Clone)]
pub struct View {
    /// The compared nodes (the index is always compared too).
    pub nodes: Vec<usize>,
    /// The order of the rows (`--sort`, resolved).
    pub sort: SortKey,
    /// The baseline region, as [`compare::Latest::baseline`] finds it.
    pub baseline: Option<String>,
}

/// The nodes of a layer: `--by`, or the top layer of the rubric.
pub fn columns(rubric: &Rubric, by: Option<Layer>) -> Result<Vec<usize>> {
    let kind = match by {
        None => return Ok(rubric.headline_nodes()),
        Some(Layer::Domain) => Kind::Domain,
        Some(Layer::Aspect) => Kind::Aspect,
        Some(Layer::Indicator) => Kind::Indicator,
    };
    let nodes: Vec<usize> = rubric.of_kind(kind).collect();
    if nodes.is_empty() {
        bail!("rubric {} has no {}s; compare --by aspect or --by indicator", rubric.id, kind.as_str());
    }
    Ok(nodes)
}

/// `--sort` as clap parses it, before a rubric is known: `index`, `name` (in either
/// language), or a node id to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortArg {
    /// `index`, `indeks`.
    Index,
    /// `name`, `nama`, `region`, `wilayah`.
    Name,
    /// Anything else: a node id of the rubric.
    Node(String),
}

impl std::str::FromStr for SortArg {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_lowercase().as_str() {
            "index" | "indeks" => SortArg::Index,
            "name" | "nama" | "region" | "wilayah" => SortArg::Name,
            _ => SortArg::Node(s.to_string()),
        })
    }
}

/// `--sort` resolved against the rubric: a node id must be one of its nodes.
pub fn sort_key(rubric: &Rubric, s: &SortArg) -> Result<SortKey> {
    match s {
        SortArg::Index => Ok(SortKey::Index),
        SortArg::Name => Ok(SortKey::Name),
        SortArg::Node(id) => match rubric.find(id) {
            Some(n) => Ok(SortKey::Node(n)),
            None => bail!(
                "--sort {id}: expected index, name, or a node id of rubric {} ({})",
                rubric.id,
                crate::assessment::id_summary(rubric)
            ),
        },
    }
}

/// A comparison of the latest year, and with several years the trend.
pub struct Compared<'a> {
    /// The distinct years of the input, ascending (empty when no input has a year).
    pub years: Vec<i32>,
    /// The year compared: the last of `years`.
    pub latest: Option<i32>,
    /// The regions of the latest year (all of them, borrowed, when there is one year).
    pub current: Cow<'a, [RegionScore]>,
    /// The regions of that year ranked and summarised.
    pub cmp: Comparison,
    /// Every region across the years, with two years or more.
    pub trend: Option<Trend>,
}

/// Compare the regions of the latest year, and with several years find the trend.
pub fn analyse<'a>(
    rubric: &Rubric,
    scores: &'a [RegionScore],
    view: &View,
    lang: Lang,
) -> Result<Compared<'a>> {
    let sel = compare::Latest::new(scores)?;
    let current: Cow<'a, [RegionScore]> = if sel.current.len() == scores.len() {
        Cow::Borrowed(scores)
    } else {
        Cow::Owned(sel.current.iter().map(|&i| scores[i].clone()).collect())
    };
    // The baseline as an index into `current`.
    let baseline = match &view.baseline {
        Some(want) => {
            let b = sel.baseline(scores, want, lang)?;
            sel.current.iter().position(|&i| i == b)
        }
        None => None,
    };
    let cmp = compare::compare(rubric, &current, &view.nodes, view.sort, baseline);
    let trend = (sel.years.len() > 1).then(|| compare::trend(scores, view.sort));
    Ok(Compared { years: sel.years, latest: sel.year, current, cmp, trend })
}

/// The report of `compare`. With several years: the trend, the rating changes, then the
/// comparison of the latest year; else the comparison. Both followed by the summary rows and
/// the rating counts.
pub fn build_report<'a>(
    rubric: &'a Rubric,
    scores: &'a [RegionScore],
    c: &'a Compared<'_>,
    lang: Lang,
) -> Document<'a> {
    let mut tables = Vec::new();
    let mut doc = CompareDoc::new(rubric, &c.current, &c.cmp, c.latest);
    if let Some(trend) = &c.trend {
        tables.push(trend_table(rubric, scores, trend, lang));
        if !trend.moves.is_empty() {
            tables.push(moves_table(rubric, scores, trend, lang));
        }
        doc.trend = Some(TrendDoc::new(rubric, scores, trend));
    }
    let ranking = tables.len();
    let (more, rows) = comparison_tables(rubric, &c.current, &c.cmp, c.latest, lang);
    tables.extend(more);
    let baseline = doc.baseline.map(str::to_string);
    let mut report = Document { baseline, ..Document::new(tables, 0, CompareJson(doc)) };
    report.lazy_rows(ranking, rows);
    report
}

/// The tables of a comparison: the ranking (one row per region), the summary rows (mean,
/// median, min, max, and with a baseline the regions above and below it) and the regions per
/// rating. `scores` are the ones the comparison was built from. The ranking's rows are made
/// as they are written (the second value, for [`Document::lazy_rows`] on the first table):
/// 100,000 regions are never held as cells.
pub fn comparison_tables<'a>(
    rubric: &'a Rubric,
    scores: &'a [RegionScore],
    cmp: &'a Comparison,
    year: Option<i32>,
    lang: Lang,
) -> (Vec<Table>, RankingRows<'a>) {
    let any_incomplete = scores.iter().any(|s| !s.complete);
    let baseline_name = cmp.baseline.map(|b| scores[b].region().to_string());

    // Ranking.
    let mut headers = vec![lang.t("rank", "peringkat").to_string(), lang.t("region", "wilayah").to_string()];
    let codes = scores.iter().any(|s| s.key.code.is_some());
    if codes {
        headers.push(lang.t("code", "kode").to_string());
    }
    let mut value_col = Vec::new(); // table column of each compared column
    for &c in &cmp.columns {
        if c == Column::Index {
            continue;
        }
        value_col.push(headers.len());
        headers.push(c.id(rubric).to_string());
        if cmp.baseline.is_some() {
            headers.push(diff_header(c.id(rubric), lang));
        }
    }
    value_col.push(headers.len());
    headers.push(lang.t("index", "indeks").to_string());
    if cmp.baseline.is_some() {
        headers.push(diff_header(lang.t("index", "indeks"), lang));
    }
    headers.push(lang.t("rating", "predikat").to_string());
    if any_incomplete {
        headers.push(lang.t("complete", "lengkap").to_string());
    }
    let mut ranking = Table::new(headers)
        .titled(title(rubric, cmp, year, baseline_name.as_deref(), lang))
        .sheet(match year {
            Some(y) => format!("{} {y}", lang.t("Comparison", "Perbandingan")),
            None => lang.t("Comparison", "Perbandingan").to_string(),
        });
    // Best and worst of each column (never both: see `compare::ColumnSummary`), found through
    // each region's row, not by searching the best and worst for every row (a fifth of 100,000
    // regions may share the best level of an indicator); in row order, then column order.
    let mut row_of = vec![0; scores.len()];
    for (r, row) in cmp.rows.iter().enumerate() {
        row_of[row.score] = r;
    }
    for (j, summary) in cmp.summary.iter().enumerate() {
        for (regions, mark) in [(&summary.best, Mark::Best), (&summary.worst, Mark::Worst)] {
            ranking.marks.extend(regions.iter().map(|&i| (row_of[i], value_col[j], mark)));
        }
    }
    ranking.marks.sort_unstable_by_key(|&(r, c, _)| (r, c));
    let rows = RankingRows { rubric, scores, cmp, codes, any_incomplete, lang };

    // Summary rows.
    let mut headers = vec![lang.t("statistic", "statistik").to_string()];
    headers.extend(cmp.columns.iter().map(|c| match c {
        Column::Index => lang.t("index", "indeks").to_string(),
        c => c.id(rubric).to_string(),
    }));
    let mut summary = Table::new(headers)
        .titled(format!(
            "{} ({} {})",
            lang.t("Summary", "Ringkasan"),
            scores.len(),
            lang.t("regions", "wilayah")
        ))
        .sheet(lang.t("Summary", "Ringkasan"));
    type Pick = fn(&compare::Stats) -> Option<f64>;
    let stats: [(&str, Pick); 4] = [
        (lang.t("mean", "rata-rata"), |s| s.mean),
        (lang.t("median", "median"), |s| s.median),
        (lang.t("min", "min"), |s| s.min),
        (lang.t("max", "maks"), |s| s.max),
    ];
    for (label, pick) in stats {
        let mut row = vec![Cell::text(label)];
        row.extend(cmp.summary.iter().map(|c| Cell::Num(pick(&c.stats))));
        summary.rows.push(row);
    }
    if let Some(b) = &baseline_name {
        for (label, above) in [(lang.t("above", "di atas"), true), (lang.t("below", "di bawah"), false)] {
            let mut row = vec![Cell::text(format!("{label} {b}"))];
            row.extend(cmp.summary.iter().map(|c| match if above { c.above } else { c.below } {
                Some(n) => Cell::Int(n as i64),
                None => Cell::text(""),
            }));
            summary.rows.push(row);
        }
    }

    // Regions per rating, best band first.
    let mut ratings =
        Table::new(vec![lang.t("rating", "predikat").to_string(), lang.t("regions", "wilayah").to_string()])
            .titled(lang.t("Regions per rating", "Jumlah wilayah per predikat"))
            .sheet(lang.t("Ratings", "Predikat"));
    for (band, b) in rubric.bands.iter().enumerate().rev() {
        ratings.rows.push(vec![Cell::Rating(b.name.clone(), band), Cell::Int(cmp.ratings[band] as i64)]);
    }
    (vec![ranking, summary, ratings], rows)
}

/// The ranking's rows, one per region in display order, made from the scores as they are
/// written.
pub struct RankingRows<'a> {
    rubric: &'a Rubric,
    scores: &'a [RegionScore],
    cmp: &'a Comparison,
    /// A column of Kemendagri codes.
    codes: bool,
    /// A `complete` column.
    any_incomplete: bool,
    lang: Lang,
}

impl Rows for RankingRows<'_> {
    fn count(&self) -> usize {
        self.cmp.rows.len()
    }

    fn row<'s>(&'s self, r: usize, cells: &mut Vec<CellRef<'s>>) {
        let (cmp, lang) = (self.cmp, self.lang);
        let row = &cmp.rows[r];
        let s = &self.scores[row.score];
        let values = cmp.values(r);
        cells.push(Cell::Int(row.rank as i64));
        cells.push(CellRef::str(s.region()));
        if self.codes {
            cells.push(Cell::Code(s.key.code().unwrap_or_default().into()));
        }
        // The nodes, then the index (the last column).
        for (j, (&c, &value)) in cmp.columns.iter().zip(values).enumerate() {
            if c != Column::Index {
                cells.push(Cell::Num(value));
                if cmp.baseline.is_some() {
                    cells.push(Cell::Delta(cmp.delta(r, j)));
                }
            }
        }
        cells.push(Cell::Num(Some(s.index)));
        if cmp.baseline.is_some() {
            cells.push(Cell::Delta(cmp.delta(r, cmp.columns.len() - 1)));
        }
        cells.push(Cell::Rating(s.rating(self.rubric).into(), s.band));
        if self.any_incomplete {
            cells.push(CellRef::str(if s.complete { lang.t("yes", "ya") } else { lang.t("no", "tidak") }));
        }
    }
}

/// `D1 diff` / `selisih D1`.
fn diff_header(id: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{id} diff"),
        Lang::Id => format!("selisih {id}"),
    }
}

fn title(rubric: &Rubric, cmp: &Comparison, year: Option<i32>, baseline: Option<&str>, lang: Lang) -> String {
    let mut t = format!("{} ({})", rubric.index_name, rubric.id);
    if let Some(y) = year {
        t.push_str(&format!(" {y}"));
    }
    let nodes: Vec<usize> = cmp
        .columns
        .iter()
        .filter_map(|c| match c {
            Column::Node(n) => Some(*n),
            Column::Index => None,
        })
        .collect();
    if let Some(&first) = nodes.first() {
        let kind = rubric.node(first).kind;
        t.push_str(&format!(", {} {}", lang.t("by", "menurut"), kind.label(lang)));
        // Names of domains and aspects fit in a title; 47 indicator names do not.
        if kind != Kind::Indicator {
            let legend: Vec<String> =
                nodes.iter().map(|&n| format!("{} {}", rubric.node(n).id, rubric.node(n).name)).collect();
            t.push_str(&format!(": {}", legend.join(" · ")));
        }
    }
    if let Some(b) = baseline {
        t.push_str(&format!(" ({} {b})", lang.t("baseline", "pembanding")));
    }
    t
}

fn movement_label(m: Option<Ordering>, lang: Lang) -> &'static str {
    match m {
        Some(Ordering::Greater) => lang.t("up", "naik"),
        Some(Ordering::Less) => lang.t("down", "turun"),
        Some(Ordering::Equal) => lang.t("same", "tetap"),
        None => "",
    }
}

/// The trend: per region, rank, index and rating in each year, the change of the index from
/// the first year assessed to the last, and whether the rating went up or down.
pub fn trend_table(rubric: &Rubric, scores: &[RegionScore], trend: &Trend, lang: Lang) -> Table {
    let mut headers = vec![lang.t("region", "wilayah").to_string()];
    let codes = scores.iter().any(|s| s.key.code.is_some());
    if codes {
        headers.push(lang.t("code", "kode").to_string());
    }
    for y in &trend.years {
        headers.push(format!("{} {y}", lang.t("rank", "peringkat")));
        headers.push(format!("{} {y}", lang.t("index", "indeks")));
        headers.push(format!("{} {y}", lang.t("rating", "predikat")));
    }
    headers.push(lang.t("change", "perubahan").to_string());
    headers.push(lang.t("rating change", "perubahan predikat").to_string());
    let span = match (trend.years.first(), trend.years.last()) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => String::new(),
    };
    let mut t = Table::new(headers)
        .titled(format!("{} ({}): {} {span}", rubric.index_name, rubric.id, lang.t("trend", "tren")))
        .sheet(format!("{} {span}", lang.t("Trend", "Tren")));
    for r in &trend.rows {
        let mut row = vec![Cell::text(&r.region)];
        if codes {
            row.push(Cell::Code(r.code(scores).unwrap_or_default().to_string()));
        }
        for p in &r.points {
            match p {
                Some(p) => {
                    let s = &scores[p.score];
                    row.push(Cell::Int(p.rank as i64));
                    row.push(Cell::Num(Some(s.index)));
                    row.push(Cell::Rating(s.rating(rubric).to_string(), s.band));
                }
                None => row.extend([Cell::text(""), Cell::Num(None), Cell::text("")]),
            }
        }
        row.push(Cell::Delta(r.change));
        row.push(Cell::text(movement_label(r.movement, lang)));
        t.rows.push(row);
    }
    t
}

/// Every rating that changed between two consecutive years in which a region was assessed.
pub fn moves_table(rubric: &Rubric, scores: &[RegionScore], trend: &Trend, lang: Lang) -> Table {
    let headers = [
        ("region", "wilayah"),
        ("from year", "tahun awal"),
        ("from rating", "predikat awal"),
        ("to year", "tahun akhir"),
        ("to rating", "predikat akhir"),
        ("move", "arah"),
    ];
    let mut t = Table::new(headers.iter().map(|h| lang.t(h.0, h.1).to_string()).collect())
        .titled(lang.t("Rating changes", "Perubahan predikat"))
        .sheet(lang.t("Rating changes", "Perubahan predikat"));
    for m in &trend.moves {
        let (from, to) = (&scores[m.from.score], &scores[m.to.score]);
        t.rows.push(vec![
            Cell::text(&m.region),
            Cell::Int(m.from_year.into()),
            Cell::Rating(from.rating(rubric).to_string(), from.band),
            Cell::Int(m.to_year.into()),
            Cell::Rating(to.rating(rubric).to_string(), to.band),
            Cell::text(movement_label(Some(m.direction(scores)), lang)),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(rubric: &Rubric, name: &str, d1: f64, index: f64) -> RegionScore {
        let mut scores = vec![None; rubric.nodes.len()];
        scores[rubric.find("D1").unwrap()] = Some(d1);
        crate::compare::tests::region(name, None, index, rubric.rating_index(index), scores)
    }

    #[test]
    fn best_and_worst_are_marked_in_row_then_column_order() {
        let rubric = crate::rubric::embedded("spbe-2020").unwrap().load().unwrap();
        // Index a 3, b 2, c 3, d 1: rows a, c (tied first, by name), b, d. D1 a 1, b 4, c 4,
        // d 2: best b and c, worst a.
        let scores = [
            region(&rubric, "a", 1.0, 3.0),
            region(&rubric, "b", 4.0, 2.0),
            region(&rubric, "c", 4.0, 3.0),
            region(&rubric, "d", 2.0, 1.0),
        ];
        let view = View { nodes: vec![rubric.find("D1").unwrap()], sort: SortKey::Index, baseline: None };
        let c = analyse(&rubric, &scores, &view, Lang::En).unwrap();
        let (tables, _) = comparison_tables(&rubric, &c.current, &c.cmp, None, Lang::En);
        assert_eq!(tables[0].headers, ["rank", "region", "D1", "index", "rating"]);
        // Columns 2 (D1) and 3 (index); rows 0 a, 1 c, 2 b, 3 d.
        let (best, worst) = (Mark::Best, Mark::Worst);
        let want = [(0, 2, worst), (0, 3, best), (1, 2, best), (1, 3, best), (2, 2, best), (3, 3, worst)];
        assert_eq!(tables[0].marks, want);
        assert_eq!(tables[0].mark(1, 2), Some(best));
        assert_eq!(tables[0].mark_lookup().len(), want.len());
    }
}
