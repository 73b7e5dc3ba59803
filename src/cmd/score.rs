//! `spbe score`: index, rating and breakdown per region.

use super::app::{App, Load, Loaded};
use super::args::{GateArgs, InputArgs, OutputArgs};
use super::{apply_gate, emit, resolve_gate, KeyColumns};
use crate::assessment::{Assessment, Assessments, Key};
use crate::i18n::Lang;
use crate::output::{write_output, Cell, CellRef, Document, Format, RowWriter, Rows, Style, Table};
use crate::problem::{Problem, Problems};
use crate::rubric::{Kind, Rubric};
use crate::score::{self, RegionScore};
use crate::view::score::{Regions, ScoreDoc};
use crate::view::RubricInfo;
use crate::Outcome;
use anyhow::Result;

/// The end of `spbe score --help`.
pub const HELP: &str = "\
Examples:
  spbe score examples/jambi/mandiri                 score every region in a folder
  spbe score kerinci.csv --detail indicator         with the aspect and indicator breakdown
  spbe score examples/jambi/published-2023-2024.csv --format json
  spbe score data/ --fail-below Baik -o scores.csv  a pipeline gate: exit 1 below Baik
  spbe score data/ --fail-below 2.6 --quiet --error-format json

Exit codes: 0 success, 1 a region is below --fail-below (results are still written),
2 bad input or usage.";

/// How much breakdown `score` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Detail {
    /// Domain and aspect scores.
    Aspect,
    /// Domain, aspect and indicator scores, with level names.
    Indicator,
}

/// The arguments of `spbe score`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The assessments to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// Where and how the tables are written.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Add a breakdown per region (in CSV/TSV: one row per region and node instead of the summary).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub detail: Option<Detail>,
    /// What-if: score with these values overridden (ID=LEVEL, comma-separated or repeated;
    /// decimals with a point), showing the change. Only values the input gives (or leaves
    /// entirely blank) can be set.
    #[arg(long = "set", value_name = "ID=LEVEL", value_delimiter = ',')]
    pub set: Vec<crate::selector::Override>,
    /// `--fail-below`.
    #[command(flatten)]
    pub gate: GateArgs,
}

/// Run `spbe score`.
pub fn run(cx: &App, args: &Args) -> Result<Outcome> {
    let rubric = cx.rubric_for(&args.input)?;
    let overrides = match args.set.is_empty() {
        true => None,
        false => Some(
            crate::selector::overrides(&rubric, &args.set)
                .map_err(|e| super::id_errors("--set", &e, cx.lang))?,
        ),
    };
    let gate = resolve_gate(cx, &rubric, &args.gate)?;
    super::check_output_args(&args.output)?;
    let dest = args.output.destination();
    // Scored below: the summary alone is scored region by region.
    let Loaded { inputs, set, .. } =
        cx.load(&rubric, &args.input, Load { score: false, ..Load::to(&dest) })?;
    let format = args.output.effective_format();
    let summary_only = overrides.is_none() && gate.is_none() && args.detail.is_none();
    if summary_only && !matches!(format, Format::Json | Format::Xlsx) {
        // Only the summary is shown: score region by region and keep one row each, so memory
        // stays small for hundreds of thousands of regions; CSV and TSV keep not even that.
        if let Some(delimiter) = format.delimiter() {
            let style = args.output.style(cx.lang);
            let labels = cx.labels(format);
            if let Some(stream) = SummaryStream::new(&rubric, &set, labels, delimiter, &style) {
                cx.check_strict()?;
                write_output(&dest, &inputs, |w| {
                    RowWriter::new(&mut *w, delimiter, &style).header(&stream.headers)?;
                    stream.write_rows(w)
                })?;
                drop(stream);
                cx.discard(set);
                return Ok(Outcome::Success);
            }
        }
        let report = summary_report(cx, &rubric, &set, args.input.read.allow_missing, cx.labels(format))?;
        emit(cx, &report, &args.output, &inputs)?;
        return Ok(Outcome::Success);
    }
    let scores = cx.score(&rubric, &set, args.input.read.allow_missing, None)?;
    let after = match &overrides {
        None => None,
        Some(overrides) => {
            Some(super::what_if::apply(&rubric, &set, overrides, args.input.read.allow_missing, cx.lang)?)
        }
    };
    let shown = after.as_deref().unwrap_or(&scores);
    let sets = super::what_if::set_text(&args.set);
    let what_if = after.as_ref().map(|_| (scores.as_slice(), sets.as_str()));
    let labels = cx.labels(format);
    let mut report = build_report(&rubric, shown, args.detail, what_if, labels);
    if let Some(after) = &after {
        super::what_if::annotate(&mut report, &rubric, &scores, after, &sets, labels);
    }
    if format == Format::Xlsx {
        add_layer_tables(&mut report, &rubric, shown, cx.lang);
    }
    emit(cx, &report, &args.output, &inputs)?;
    // The gate checks what is shown: with --set, the what-if scores.
    Ok(apply_gate(cx, &rubric, shown, gate.as_ref()))
}

/// The key columns of a table of these scores.
pub fn key_columns(scores: &[RegionScore]) -> KeyColumns {
    KeyColumns::of(scores.iter().map(|s| &s.key))
}

/// The summary as CSV/TSV rows straight from the assessments, never held as a table; made by
/// [`SummaryStream::new`] only when every region is complete and has values, with nothing
/// pending and no published index (else [`summary_report`] handles it, which says what is
/// missing and adds the columns).
struct SummaryStream<'a> {
    summary: Summary<'a>,
    /// The header row.
    headers: Vec<String>,
    set: &'a Assessments,
    delimiter: u8,
    style: &'a Style,
    /// The rows, made before anything is written: where some region is not scored by the
    /// full path (a group given, say), which a cheap check cannot tell complete.
    held: Option<Vec<Vec<u8>>>,
}

/// Regions per chunk of rows made on one thread.
const STREAM_CHUNK: usize = 2048;

impl<'a> SummaryStream<'a> {
    fn new(
        rubric: &'a Rubric,
        set: &'a Assessments,
        lang: Lang,
        delimiter: u8,
        style: &'a Style,
    ) -> Option<SummaryStream<'a>> {
        use rayon::prelude::*;
        let summary = Summary::new(rubric, KeyColumns::of_all(&set.items), lang);
        let headers = summary.headers(false, false);
        let mut stream = SummaryStream { summary, headers, set, delimiter, style, held: None };
        // The table path adds the pending column, or compares the published index.
        let plain = |a: &Assessment| a.pending().is_empty() && a.published.is_none();
        let scorer = score::Scorer::new(rubric);
        if set.items.par_iter().with_min_len(1 << 12).all(|a| plain(a) && scorer.full_path(&a.values)) {
            // Every row can be made: they are written in waves, whose memory the next reuses.
            return Some(stream);
        }
        if !set.items.par_iter().with_min_len(1 << 12).all(plain) {
            return None;
        }
        // Many small chunks per thread, taken as threads come free, so that they finish
        // together (a thread slowed down by other work on the machine takes fewer).
        let held = stream.rows(&set.items, 32 * crate::parallel::threads(), 1024, &Spare::default());
        stream.held = Some(held.into_iter().collect::<Option<Vec<_>>>()?);
        Some(stream)
    }

    /// The rows of `items`, in up to `chunks` chunks of at least `min_chunk` regions each;
    /// `None` for a chunk with a region that is incomplete or has no values.
    fn rows(
        &self,
        items: &[Assessment],
        chunks: usize,
        min_chunk: usize,
        spare: &Spare,
    ) -> Vec<Option<Vec<u8>>> {
        let (summary, rubric) = (&self.summary, self.summary.rubric);
        crate::parallel::map_chunks(items, chunks, min_chunk, |chunk| {
            // Writers are handed from chunk to chunk (one per thread at work), so that the
            // cache of numbers' text of each ([`RowWriter`]) keeps the domain scores, a few
            // hundred values.
            let mut out = Spare::pop(&spare.writers).unwrap_or_else(|| {
                RowWriter::new(Vec::new(), self.delimiter, self.style).remembering_more_numbers()
            });
            let mut scorer = score::Scorer::new(rubric);
            let mut row = Vec::new();
            for a in chunk {
                let (Some(index), 0) = scorer.score(&a.values) else { return None };
                row.clear();
                summary.row_into(&mut row, &a.key, index, None, &[], scorer.scores());
                out.row(&row).ok()?;
            }
            let rows = out.swap_out(Spare::pop(&spare.buffers).unwrap_or_default());
            Spare::push(&spare.writers, out);
            Some(rows)
        })
    }

    /// Write the rows (not the header) to `w`.
    fn write_rows(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        if let Some(held) = &self.held {
            return held.iter().try_for_each(|rows| w.write_all(rows));
        }
        // A wave is a few chunks per thread. With more than one thread, the next wave is made
        // while this one is written (the write calls are the kernel's time, which the cores
        // would otherwise wait out); its buffers are then made again.
        let threads = crate::parallel::threads();
        let spare = Spare::default();
        let make = |wave| self.rows(wave, 4 * threads, STREAM_CHUNK / 2, &spare);
        let mut waves = self.set.items.chunks(4 * threads * STREAM_CHUNK);
        let mut made = waves.next().map(make);
        while let Some(rows) = made.take() {
            match waves.next() {
                // Made by the pool, written from this thread (`w` need not be `Send`).
                Some(wave) if threads > 1 => rayon::in_place_scope(|s| {
                    s.spawn(|_| made = Some(make(wave)));
                    write_wave(w, rows, &spare)
                })?,
                wave => {
                    write_wave(w, rows, &spare)?;
                    made = wave.map(make);
                }
            }
        }
        Ok(())
    }
}

/// Write a wave's rows to `w`, their buffers back to `spare`.
fn write_wave(w: &mut dyn std::io::Write, rows: Vec<Option<Vec<u8>>>, spare: &Spare) -> std::io::Result<()> {
    for rows in rows {
        let Some(rows) = rows else {
            return Err(std::io::Error::other("internal error: a region checked complete was not"));
        };
        w.write_all(&rows)?;
        Spare::push(&spare.buffers, rows);
    }
    Ok(())
}

/// Writers between chunks of rows, and buffers of rows written out, to be used again.
#[derive(Default)]
struct Spare {
    writers: std::sync::Mutex<Vec<RowWriter<Vec<u8>>>>,
    buffers: std::sync::Mutex<Vec<Vec<u8>>>,
}

impl Spare {
    fn pop<T>(pool: &std::sync::Mutex<Vec<T>>) -> Option<T> {
        pool.lock().ok()?.pop()
    }

    fn push<T>(pool: &std::sync::Mutex<Vec<T>>, item: T) {
        if let Ok(mut p) = pool.lock() {
            p.push(item);
        }
    }
}

/// The summary of `score` without the per-region breakdown and JSON: each region is scored and
/// turned into its row at once. Problems and warnings are those of [`score::score_all`].
fn summary_report(
    cx: &App,
    rubric: &Rubric,
    set: &Assessments,
    allow_missing: bool,
    labels: Lang,
) -> Result<Document<'static>> {
    #[derive(Default)]
    struct Part {
        rows: Vec<Vec<Cell>>,
        incomplete: Vec<RegionScore>,
        problems: Vec<Problem>,
        published: Vec<Problem>,
        pending: bool,
    }
    let mut summary = Summary::new(rubric, KeyColumns::of_all(&set.items), labels);
    let parts = crate::parallel::map_chunks(&set.items, crate::parallel::threads(), 4096, |chunk| {
        let mut scorer = score::Scorer::new(rubric);
        let mut part = Part::default();
        for a in chunk {
            match scorer.score(&a.values) {
                (Some(index), 0) => {
                    part.pending |= !a.pending().is_empty();
                    part.published.extend(score::published_difference(
                        rubric,
                        &a.key,
                        index,
                        a.published.as_deref(),
                    ));
                    part.rows.push(summary.row(&a.key, index, Some(true), a.pending(), scorer.scores()))
                }
                // Incomplete, or nothing given: the full path says what is missing.
                _ => match score::score_one(rubric, a, allow_missing) {
                    Ok(s) => {
                        part.pending |= !s.pending.is_empty();
                        part.published.extend(score::published_difference(
                            rubric,
                            &s.key,
                            s.index,
                            s.published.as_ref(),
                        ));
                        part.rows.push(summary.row(&s.key, s.index, Some(false), &s.pending, &s.scores));
                        part.incomplete.push(s);
                    }
                    Err(e) => part.problems.push(score::failure(set, a, &e, cx.lang)),
                },
            }
        }
        part
    });
    let mut problems = Problems::default();
    let mut incomplete = Vec::new();
    let mut published = Vec::new();
    for part in parts {
        summary.rows.extend(part.rows);
        published.extend(part.published);
        summary.any_pending |= part.pending;
        incomplete.extend(part.incomplete);
        problems.0.extend(part.problems);
    }
    problems.into_result(())?;
    summary.any_incomplete = !incomplete.is_empty();
    cx.warn_incomplete(rubric, &incomplete, None);
    published.iter().for_each(|p| cx.warn_problem(p));
    Ok(Document { tables: vec![summary.finish()], ..Document::default() })
}

/// The summary table of `score`, built one region at a time: key, index, rating, whether the
/// region is complete (only where some region is not), and the headline scores.
pub(crate) struct Summary<'r> {
    rubric: &'r Rubric,
    headline: Vec<usize>,
    keys: KeyColumns,
    lang: Lang,
    rows: Vec<Vec<Cell>>,
    any_incomplete: bool,
    any_pending: bool,
}

impl<'r> Summary<'r> {
    pub fn new(rubric: &'r Rubric, keys: KeyColumns, lang: Lang) -> Summary<'r> {
        let headline = rubric.headline_nodes();
        Summary { rubric, headline, keys, lang, rows: Vec::new(), any_incomplete: false, any_pending: false }
    }

    pub fn push(&mut self, s: &RegionScore) {
        let row = self.row(&s.key, s.index, Some(s.complete), &s.pending, &s.scores);
        self.rows.push(row);
        self.any_incomplete |= !s.complete;
        self.any_pending |= !s.pending.is_empty();
    }

    /// The row of a region with this index and node scores; `complete` is left out with
    /// `None` (a table without the column). With `complete` given, a `pending` cell (the
    /// pending indicators' ids) follows it.
    fn row(
        &self,
        key: &Key,
        index: f64,
        complete: Option<bool>,
        pending: &[usize],
        scores: &[Option<f64>],
    ) -> Vec<Cell> {
        let mut row = Vec::with_capacity(8 + self.headline.len());
        self.row_into(&mut row, key, index, complete, pending, scores);
        row.into_iter().map(Cell::into_owned).collect()
    }

    /// [`Summary::row`] with its text borrowed where it can be (the region's name, the band's),
    /// appended to `row`: rows streamed by the hundred thousand allocate nothing for them.
    fn row_into<'a>(
        &'a self,
        row: &mut Vec<CellRef<'a>>,
        key: &'a Key,
        index: f64,
        complete: Option<bool>,
        pending: &[usize],
        scores: &[Option<f64>],
    ) {
        let (rubric, lang) = (self.rubric, self.lang);
        let band = rubric.rating_index(index);
        self.keys.push_cells(key, row);
        row.push(Cell::Num(Some(index)));
        let rating = match rubric.below_bands(index) {
            true => rubric.rating_label(index, lang).into(),
            false => std::borrow::Cow::Borrowed(rubric.bands[band].name.as_str()),
        };
        row.push(Cell::Rating(rating, band));
        if let Some(complete) = complete {
            row.push(CellRef::str(if complete { lang.t("yes", "ya") } else { lang.t("no", "tidak") }));
            row.push(Cell::Text(crate::rubric::id_runs(rubric, pending).into()));
        }
        row.extend(self.headline.iter().map(|&n| Cell::Num(scores[n])));
    }

    /// The column headers, with or without the `complete` and `pending` columns.
    fn headers(&self, complete: bool, pending: bool) -> Vec<String> {
        let lang = self.lang;
        let mut headers = self.keys.headers(lang);
        headers.push(lang.t("index", "indeks").to_string());
        headers.push(lang.t("rating", "predikat").to_string());
        if complete {
            headers.push(lang.t("complete", "lengkap").to_string());
        }
        if pending {
            headers.push(lang.t("pending", "menunggu").to_string());
        }
        headers.extend(self.headline.iter().map(|&n| self.rubric.node(n).id.clone()));
        headers
    }

    pub fn finish(mut self) -> Table {
        let mut rows = std::mem::take(&mut self.rows);
        rows.iter_mut().for_each(|row| self.trim(row));
        let mut table = self.table();
        table.rows = rows;
        table
    }

    /// The summary of `scores` with its rows made as they are written, not held: the table
    /// (headers, title), and its rows for [`Document::lazy_rows`].
    pub fn lazy(mut self, scores: &'r [RegionScore]) -> (Table, SummaryRows<'r>) {
        self.any_incomplete = scores.iter().any(|s| !s.complete);
        self.any_pending = scores.iter().any(|s| !s.pending.is_empty());
        (self.table(), SummaryRows { summary: self, scores })
    }

    /// Drop the `complete` and `pending` cells of a row where no region needs them.
    fn trim(&self, row: &mut Vec<Cell>) {
        let complete_column = self.keys.headers(self.lang).len() + 2;
        if !self.any_pending {
            row.remove(complete_column + 1);
        }
        if !self.any_incomplete {
            row.remove(complete_column);
        }
    }

    /// The table without rows: headers, title and sheet.
    fn table(&self) -> Table {
        let rubric = self.rubric;
        let headers = self.headers(self.any_incomplete, self.any_pending);
        let legend: Vec<String> =
            self.headline.iter().map(|&n| format!("{} {}", rubric.node(n).id, rubric.node(n).name)).collect();
        Table::new(headers)
            .titled(format!("{} ({}): {}", rubric.index_name, rubric.id, legend.join(" · ")))
            .sheet(self.lang.t("Summary", "Ringkasan"))
    }
}

/// The summary's rows, one per region, made from its scores as they are written.
pub(crate) struct SummaryRows<'r> {
    summary: Summary<'r>,
    scores: &'r [RegionScore],
}

impl Rows for SummaryRows<'_> {
    fn count(&self) -> usize {
        self.scores.len()
    }

    fn row<'s>(&'s self, i: usize, out: &mut Vec<CellRef<'s>>) {
        let s = &self.scores[i];
        let mut row = self.summary.row(&s.key, s.index, Some(s.complete), &s.pending, &s.scores);
        self.summary.trim(&mut row);
        out.extend(row.into_iter().map(Cell::into_cow));
    }
}

/// The report of `score`: a summary table, and with `detail` a breakdown. With `what_if`
/// (the scores before `--set`, and its text), each region's JSON says what changed. Rows are
/// made as they are written (a breakdown of 100,000 regions is millions of rows), except the
/// summary's with `what_if`, which `cmd::what_if::annotate` adds to.
pub fn build_report<'a>(
    rubric: &'a Rubric,
    scores: &'a [RegionScore],
    detail: Option<Detail>,
    what_if: Option<(&'a [RegionScore], &'a str)>,
    lang: Lang,
) -> Document<'a> {
    let keys = key_columns(scores);
    let mut summary = Summary::new(rubric, keys, lang);
    let mut summary_rows = None;
    let mut tables = match what_if {
        Some(_) => {
            for s in scores {
                summary.push(s);
            }
            vec![summary.finish()]
        }
        None => {
            let (table, rows) = summary.lazy(scores);
            summary_rows = Some(rows);
            vec![table]
        }
    };
    let mut breakdown = None;
    if let Some(detail) = detail {
        let (table, rows) = Breakdown::new(rubric, scores, detail, keys, lang);
        tables.push(table);
        breakdown = Some(rows);
    }
    let flat = usize::from(breakdown.is_some());
    let doc = ScoreDoc { rubric: RubricInfo::new(rubric), regions: Regions { rubric, scores, what_if } };
    let mut report = Document::new(tables, flat, doc);
    if let Some(rows) = summary_rows {
        report.lazy_rows(0, rows);
    }
    if let Some(rows) = breakdown {
        report.lazy_rows(1, rows);
    }
    report
}

/// The breakdown's rows: per region, one per node of the kinds shown, made as they are written.
struct Breakdown<'a> {
    rubric: &'a Rubric,
    scores: &'a [RegionScore],
    nodes: Vec<usize>,
    keys: KeyColumns,
    /// How many cells the key takes.
    key_cells: usize,
    lang: Lang,
    /// A `flag` column (pending, below the scale), where some node has a flag.
    flagged: bool,
    /// The assessors' findings and recommendations, where any were read.
    findings: bool,
}

impl<'a> Breakdown<'a> {
    fn new(
        rubric: &'a Rubric,
        scores: &'a [RegionScore],
        detail: Detail,
        keys: KeyColumns,
        lang: Lang,
    ) -> (Table, Breakdown<'a>) {
        let kinds: &[Kind] = match detail {
            Detail::Aspect => &[Kind::Domain, Kind::Aspect],
            Detail::Indicator => &[Kind::Domain, Kind::Aspect, Kind::Indicator],
        };
        let nodes = (0..rubric.nodes.len()).filter(|&i| kinds.contains(&rubric.node(i).kind)).collect();
        let mut headers = keys.headers(lang);
        let key_cells = headers.len();
        for h in [
            ("kind", "jenis"),
            ("id", "kode"),
            ("name", "nama"),
            ("weight", "bobot"),
            ("score", "nilai"),
            ("level", "tingkat"),
        ] {
            headers.push(lang.t(h.0, h.1).to_string());
        }
        let flagged = scores
            .iter()
            .any(|s| !s.pending.is_empty() || s.scores.iter().flatten().any(|&v| rubric.scale.below(v)));
        if flagged {
            headers.push(lang.t("flag", "tanda").to_string());
        }
        let findings = scores.iter().any(|s| !s.findings.is_empty());
        if findings {
            headers.push(lang.t("finding", "catatan").to_string());
            headers.push(lang.t("recommendation", "rekomendasi").to_string());
        }
        let table =
            Table::new(headers).titled(lang.t("Breakdown", "Rincian")).sheet(lang.t("Breakdown", "Rincian"));
        (table, Breakdown { rubric, scores, nodes, keys, key_cells, lang, flagged, findings })
    }
}

impl Rows for Breakdown<'_> {
    fn count(&self) -> usize {
        self.scores.len() * self.nodes.len()
    }

    /// The region's key cells (the same in its every row), then the node's kind, id, name and
    /// weight (the same in every region).
    fn repeated(&self, r: usize, out: &mut Vec<(usize, u64)>) {
        let n = self.nodes.len();
        out.push((self.key_cells, (r / n) as u64));
        out.push((self.key_cells + 4, (r % n) as u64));
    }

    fn row<'s>(&'s self, r: usize, row: &mut Vec<CellRef<'s>>) {
        let (rubric, lang) = (self.rubric, self.lang);
        let (s, i) = (&self.scores[r / self.nodes.len()], self.nodes[r % self.nodes.len()]);
        let node = rubric.node(i);
        self.keys.push_cells(&s.key, row);
        row.push(CellRef::str(node.kind.label(lang)));
        row.push(CellRef::id_ref(&node.id));
        row.push(CellRef::str(&node.name));
        row.push(Cell::Num(Some(node.weight)));
        row.push(Cell::Num(s.scores[i]));
        let level = match (node.kind, s.scores[i]) {
            (Kind::Indicator, Some(v)) => rubric.level_name(i, v).unwrap_or(""),
            _ => "",
        };
        row.push(CellRef::str(level));
        if self.flagged {
            row.push(Cell::Text(node_flag(rubric, s, i, lang).into()));
        }
        if self.findings {
            let f = s.finding(i);
            row.push(CellRef::str(f.map_or("", |f| f.finding.as_str())));
            row.push(CellRef::str(f.map_or("", |f| f.recommendation.as_str())));
        }
    }
}

/// Excel's widest sheet.
const EXCEL_COLUMNS: usize = 16_384;

/// Sheets for a workbook, one per layer (domains, aspects, indicators), added to `report`: a
/// row per node (id, name, parent, weight) and a column per region with its score (the level,
/// for indicators). With more regions than Excel has columns (16,384), a row per region and a
/// column per node instead, and the sheet's title says so.
pub fn add_layer_tables<'a>(
    report: &mut Document<'a>,
    rubric: &'a Rubric,
    scores: &'a [RegionScore],
    lang: Lang,
) {
    let layers = [
        (Kind::Domain, lang.t("Domains", "Domain")),
        (Kind::Aspect, lang.t("Aspects", "Aspek")),
        (Kind::Indicator, lang.t("Indicators", "Indikator")),
    ];
    for (kind, sheet) in layers {
        let nodes: Vec<usize> = rubric.of_kind(kind).collect();
        // A layer no region has a score in (input given at a higher level) would be blank.
        if !nodes.iter().any(|&n| scores.iter().any(|s| s.scores[n].is_some())) {
            continue;
        }
        let has_parent = nodes.iter().any(|&n| rubric.node(n).parent.is_some());
        let mut headers = vec![lang.t("id", "kode").to_string(), lang.t("name", "nama").to_string()];
        if has_parent {
            headers.push(match kind {
                Kind::Indicator => lang.t("aspect", "aspek").to_string(),
                _ => lang.t("domain", "domain").to_string(),
            });
        }
        headers.push(lang.t("weight", "bobot").to_string());
        if headers.len() + scores.len() > EXCEL_COLUMNS {
            let keys = key_columns(scores);
            let mut headers = keys.headers(lang);
            headers.extend(nodes.iter().map(|&n| rubric.node(n).id.clone()));
            let title = match lang {
                Lang::En => format!(
                    "{sheet}: a row per region ({} regions do not fit in Excel's 16,384 columns)",
                    scores.len()
                ),
                Lang::Id => format!(
                    "{sheet}: satu baris per wilayah ({} wilayah tidak muat dalam 16.384 kolom Excel)",
                    scores.len()
                ),
            };
            report.tables.push(Table::new(headers).titled(title).sheet(sheet));
            let at = report.tables.len() - 1;
            report.lazy_rows(at, LayerRows { kind, nodes, keys, scores });
            continue;
        }
        headers.extend(scores.iter().map(|s| s.key.label()));
        let mut t = Table::new(headers).titled(sheet).sheet(sheet);
        for &n in &nodes {
            let node = rubric.node(n);
            let mut row = vec![Cell::id(&node.id), Cell::text(&node.name)];
            if has_parent {
                row.push(Cell::id(node.parent.map(|p| rubric.node(p).id.clone()).unwrap_or_default()));
            }
            row.push(Cell::Num(Some(node.weight)));
            row.extend(scores.iter().map(|s| layer_cell(kind, s.scores[n])));
            t.rows.push(row);
        }
        report.tables.push(t);
    }
}

/// A score in a layer sheet: an indicator's is its level, whole levels without decimals.
fn layer_cell<S>(kind: Kind, score: Option<f64>) -> Cell<S> {
    match (kind, score) {
        (Kind::Indicator, Some(v)) => crate::output::level(v),
        (_, v) => Cell::Num(v),
    }
}

/// A layer sheet's rows when it has a row per region: the key, then the node scores.
struct LayerRows<'a> {
    kind: Kind,
    nodes: Vec<usize>,
    keys: KeyColumns,
    scores: &'a [RegionScore],
}

impl Rows for LayerRows<'_> {
    fn count(&self) -> usize {
        self.scores.len()
    }

    fn row<'s>(&'s self, i: usize, out: &mut Vec<CellRef<'s>>) {
        let s = &self.scores[i];
        self.keys.push_cells(&s.key, out);
        out.extend(self.nodes.iter().map(|&n| layer_cell(self.kind, s.scores[n])));
    }
}

/// What is special about a node's score, for people: pending its source index, or below the
/// regulated scale; empty otherwise.
pub fn node_flag(rubric: &Rubric, s: &RegionScore, node: usize, lang: Lang) -> String {
    if s.pending.contains(&node) {
        let source = rubric.node(node).external.as_ref().map(|e| e.index.as_str()).unwrap_or_default();
        return format!("{} ({source})", lang.t("pending", "menunggu"));
    }
    match s.scores[node] {
        Some(v) if rubric.scale.below(v) => {
            lang.t("below the regulated scale", "di bawah skala resmi").to_string()
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Assessment;
    use crate::output::render;
    use crate::rubric::embedded;
    use proptest::prelude::*;

    fn set_of(rubric: &Rubric, regions: &[(String, Option<i32>, Vec<f64>)]) -> Assessments {
        let mut set = Assessments::default();
        for (region, year, levels) in regions {
            let mut a = Assessment::new(
                Key { region: region.clone(), year: *year, stage: None, code: None },
                rubric.nodes.len(),
            );
            for (&i, &l) in rubric.indicators.iter().zip(levels) {
                a.values.set(i, Some(l));
            }
            set.insert(a);
        }
        set
    }

    fn region_name() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["Kab. A", "Kota \"B\"", "Kab. C, Jambi", "=Prov. D", "Kab. É", "  "])
            .prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

        /// The streamed CSV/TSV summary is byte for byte the table `summary_report` renders,
        /// whatever the names, years, levels (whole or not) and precision.
        #[test]
        fn streamed_summary_is_the_rendered_table(
            regions in proptest::collection::vec(
                (region_name(), proptest::option::of(2023i32..2025), proptest::collection::vec(prop_oneof![
                    (1u8..=5).prop_map(f64::from),
                    1.0f64..5.0,
                ], 47)),
                1..12,
            ),
            precision in 0usize..13,
            tsv in any::<bool>(),
            group_given in any::<bool>(),
        ) {
            let rubric = embedded("spbe-2020").unwrap().load().unwrap();
            // Distinct keys: number the names.
            let regions: Vec<_> =
                regions.into_iter().enumerate().map(|(n, (r, y, l))| (format!("{r} {n}"), y, l)).collect();
            let mut set = set_of(&rubric, &regions);
            if group_given {
                // An aspect's score given in place of its indicators: complete, but not by the
                // full path, so the rows are made before any is written.
                give_aspect(&rubric, &mut set.items[0], 2.5);
            }
            let style = Style { precision, ..Style::default() };
            let (format, delimiter) = if tsv { (Format::Tsv, b'\t') } else { (Format::Csv, b',') };
            prop_assert_eq!(streamed(&rubric, &set, delimiter, &style), rendered(&rubric, &set, format, &style));
        }
    }

    /// The rows of the stream, after its header.
    fn streamed(rubric: &Rubric, set: &Assessments, delimiter: u8, style: &Style) -> String {
        let stream = SummaryStream::new(rubric, set, Lang::En, delimiter, style).expect("streams");
        let mut out = Vec::new();
        RowWriter::new(&mut out, delimiter, style).header(&stream.headers).unwrap();
        stream.write_rows(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The table the summary report renders.
    fn rendered(rubric: &Rubric, set: &Assessments, format: Format, style: &Style) -> String {
        let cx = App { quiet: true, ..App::new("spbe-2020", Lang::En) };
        let report = summary_report(&cx, rubric, set, false, Lang::En).unwrap();
        let mut out = Vec::new();
        render(&report, format, style, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Give the first aspect's score in place of its indicators' levels.
    fn give_aspect(rubric: &Rubric, a: &mut Assessment, score: f64) {
        let aspect = rubric
            .nodes
            .iter()
            .position(|n| n.children.first().is_some_and(|&c| rubric.nodes[c].children.is_empty()))
            .unwrap();
        for &c in &rubric.nodes[aspect].children {
            a.values.set(c, None);
        }
        a.values.set(aspect, Some(score));
    }

    #[test]
    fn rows_streamed_in_many_waves_are_the_rendered_table() {
        // More regions than a few waves hold, on up to four threads; levels vary per region so
        // that rows differ, and a few are decimals.
        let rubric = embedded("spbe-2020").unwrap().load().unwrap();
        let n = 5 * 4 * 4 * STREAM_CHUNK + 17;
        let regions: Vec<_> = (0..n)
            .map(|r| {
                let levels = (0..47)
                    .map(|i| ((r * 7 + i * 3) % 5 + 1) as f64 - if r % 11 == 0 && i == 3 { 0.5 } else { 0.0 })
                    .collect();
                (format!("Kab. {r}"), Some(2024), levels)
            })
            .collect();
        let set = set_of(&rubric, &regions);
        let style = Style::default();
        let table = rendered(&rubric, &set, Format::Csv, &style);
        // One thread makes a wave after writing the last; more make the next while writing.
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let out = pool.install(|| streamed(&rubric, &set, b',', &style));
            assert_eq!(out.lines().count(), n + 1, "{threads} threads");
            assert_eq!(out, table, "{threads} threads");
        }
    }

    #[test]
    fn an_incomplete_region_leaves_streaming_to_the_table() {
        let rubric = embedded("spbe-2020").unwrap().load().unwrap();
        let mut set = set_of(&rubric, &[("Kab. A".into(), None, vec![3.0; 47])]);
        let mut b = Assessment::new(
            Key { region: "Kab. B".into(), year: None, stage: None, code: None },
            rubric.nodes.len(),
        );
        b.values.set(rubric.indicators[0], Some(4.0));
        set.insert(b);
        let style = Style::default();
        assert!(SummaryStream::new(&rubric, &set, Lang::En, b',', &style).is_none());
        // The table path scores it over what is given (indicator 1 at 4 → index 4) and says so.
        let cx = App { quiet: true, ..App::new("spbe-2020", Lang::En) };
        let table = &summary_report(&cx, &rubric, &set, true, Lang::En).unwrap().tables[0];
        assert_eq!(table.headers, ["region", "index", "rating", "complete", "D1", "D2", "D3", "D4"]);
        assert_eq!(table.rows[1][1], Cell::Num(Some(4.0)));
        assert_eq!(table.rows[1][3], Cell::text("no"));
        assert!(summary_report(&cx, &rubric, &set, false, Lang::En).is_err());
    }
}
