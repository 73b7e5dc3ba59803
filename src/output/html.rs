//! The HTML report: one self-contained page (inline CSS and SVG, no scripts, nothing fetched)
//! with the ranking table, a bar chart of indices over the rating bands, a radar chart per
//! region, a heatmap of indicator levels, trend charts when there are several years and the
//! planned steps when a target was given. It prints on A4.
//!
//! The page is drawn from a [`Dataset`] (the view model); [`render`] only lays it out.
//! Every string from the user (region names, notes, rubric text, the title) goes through maud,
//! which escapes it.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::chart::{band_fill, band_ink, Fmt};
use crate::i18n::Lang;
use crate::plan::{self, Target};
use crate::rubric::{Rubric, Status};
use crate::view::report::{
    Dataset, HeatmapParts, NodeRemarks, PlanOutcome, PlanStepView, PlanView, RadarSelection, RegionPlanView,
    Scored, HEATMAP_ROWS,
};

/// Settings of the page.
#[derive(Debug, Clone)]
pub struct PageOptions {
    pub lang: Lang,
    pub precision: usize,
    /// Replaces the default title.
    pub title: Option<String>,
    /// The date printed under the title.
    pub date: jiff::civil::Date,
    /// The regions drawn as radar charts; `None`: every region.
    pub radars: Option<RadarSelection>,
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// `5 May 2025` / `5 Mei 2025`.
pub fn long_date(d: jiff::civil::Date, lang: Lang) -> String {
    let months = match lang {
        Lang::En => &MONTHS_EN,
        Lang::Id => &MONTHS_ID,
    };
    let m = (d.month() as usize).clamp(1, 12) - 1;
    format!("{} {} {}", d.day(), months[m], d.year())
}

const CSS: &str = r#"
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #222; background: #fff;
  margin: 0 auto; max-width: 200mm; padding: 18px 20px; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 19pt; margin: 0 0 4px; color: #1d3b5a; }
h2 { font-size: 13.5pt; color: #1d3b5a; border-bottom: 2px solid #2f5d8a; padding-bottom: 2px; margin: 26px 0 8px;
  break-after: avoid; page-break-after: avoid; }
p { margin: 4px 0; }
.meta { color: #555; font-size: 9pt; }
.summary { margin: 10px 0; }
.note { color: #555; font-size: 9pt; }
.warning { border-left: 4px solid #d95f02; background: #fff4ec; padding: 6px 10px; margin: 10px 0; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 6px 0; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef2f7; font-weight: bold; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.baseline td { font-weight: bold; background: #fff4ec; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.rating { display: inline-block; padding: 0 6px; border-radius: 3px; white-space: nowrap; }
figure { margin: 6px 0; break-inside: avoid; page-break-inside: avoid; }
svg { max-width: 100%; height: auto; display: block; }
.grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px 10px; }
.grid figure { margin: 0; }
.legend { font-size: 8.5pt; color: #444; margin: 4px 0 8px; }
.legend span { margin-right: 12px; white-space: nowrap; }
.plan { margin-bottom: 12px; }
.plan h3 { break-after: avoid; page-break-after: avoid; }
td.unplanned { text-align: left; color: #555; }
td.region { min-width: 9em; }
sup { font-size: 7pt; line-height: 0; }
h3 { font-size: 11pt; margin: 12px 0 4px; }
footer { margin-top: 28px; color: #777; font-size: 8pt; border-top: 1px solid #ddd; padding-top: 6px; }
/* Narrow screens: tables and wide charts scroll in their own box, never the page; chart text
   is not shrunk below about 8 px (the bar chart's smallest, 10 px, at 600 of its 760 px; the
   heatmap's 8 px labels at full size). */
.scroll { overflow-x: auto; max-width: 100%; }
figure { overflow-x: auto; max-width: 100%; }
figure.bar svg { min-width: 600px; }
figure.heatmap svg { max-width: none; }
table.steps th.name, table.steps td.name { min-width: 16em; }
tr.again { display: none; }
/* The bar and contribution charts have a narrow variant for phones: labels above full-width
   bars, drawn 360 px wide so that their text keeps its size (no scripts: a media query
   chooses). */
figure.narrow { display: none; }
@media (max-width: 900px) { .grid { grid-template-columns: repeat(2, 1fr); } }
@media (max-width: 600px) {
  body { padding: 10px 10px; }
  figure.bar.wide { display: none; }
  figure.narrow { display: block; }
  figure.narrow svg { width: 100%; max-width: 480px; }
  .grid { grid-template-columns: 1fr; }
  .grid figure svg { max-width: 380px; margin: 0 auto; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  figure.narrow { display: none; }
  figure.bar.wide { display: block; }
  h2 { margin-top: 18px; }
  section.chart-page { break-before: page; page-break-before: always; }
  .scroll, figure { overflow: visible; }
  figure.heatmap svg { max-width: 100%; }
  .heatmap-part { break-inside: avoid; page-break-inside: avoid; }
  .heatmap-part h3 { break-after: avoid; page-break-after: avoid; }
  /* Four rows of three radars under the heading fill an A4 page (269 mm ≈ 1017 px tall). */
  .grid, .grid.radars { grid-template-columns: repeat(3, 1fr); }
  .grid.radars { grid-template-columns: repeat(3, 205px); justify-content: center;
    break-inside: avoid; page-break-inside: avoid; }
  /* A plan's table repeats its region and summary on every page it runs over. */
  tr.again { display: table-row; }
  tr.again th { background: #fff; font-weight: normal; border-bottom: 1px solid #999; }
  .plan h3, .plan p.steps-summary { display: none; }
}
"#;

/// Classes `band-0`, `band-1`, … colouring rating names.
fn band_css(n: usize) -> String {
    (0..n)
        .map(|i| format!(".band-{i} {{ background: {}; color: {}; }}\n", band_fill(i, n), band_ink(i, n)))
        .collect()
}

/// The whole page.
pub fn render(ds: &Dataset, opts: &PageOptions, plans: Option<&PlanView>) -> String {
    let lang = opts.lang;
    let fmt = Fmt::new(lang, opts.precision);
    let r = ds.rubric;
    let title = opts.title.clone().unwrap_or_else(|| match lang {
        Lang::En => format!("{} report", r.index_name),
        Lang::Id => format!("Laporan {}", r.index_name),
    });
    let page = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(format!("spbe {}", env!("CARGO_PKG_VERSION")));
                title { (title) }
                style { (PreEscaped(CSS)) (PreEscaped(band_css(r.bands.len()))) }
            }
            body {
                header {
                    h1 { (title) }
                    p.meta { (r.title) @if let Some(y) = ds.year { " · " (lang.t("year", "tahun")) " " (y) } }
                    p.meta { (r.legal_basis) }
                    p.meta { (lang.t("Prepared", "Disusun")) " " (long_date(opts.date, lang)) }
                }
                @if let Status::Provisional(reason) = &r.status {
                    p.warning {
                        strong { (lang.t("Provisional rubric.", "Rubrik sementara.")) } " " (reason)
                    }
                }
                @if let Some(why) = &r.levels_unverified {
                    p.warning {
                        strong { (lang.t("Level names are unverified:", "Nama tingkat belum terverifikasi:")) } " " (why)
                    }
                }
                (ranking(ds, &fmt))
                (next_table(ds, &fmt))
                (provinces(ds, &fmt))
                section #index {
                    h2 { (lang.t("Index by region", "Indeks per wilayah")) }
                    @let chart = ds.bar_chart(lang);
                    figure.bar.wide { (chart.draw(&fmt).inline()) }
                    figure.narrow { (chart.draw_narrow(&fmt).inline()) }
                }
                (contribution(ds, &fmt))
                (radars(ds, &fmt, opts.radars.as_ref()))
                (levels(ds, &fmt))
                (trends(ds, &fmt))
                @if let Some(p) = plans { (plan_section(r, p, &fmt)) }
                (findings(ds, &fmt))
                footer {
                    (lang.t("Made with", "Dibuat dengan")) " spbe " (env!("CARGO_PKG_VERSION")) " · "
                    (lang.t("rubric", "rubrik")) " " (r.id) " · " (r.source)
                }
            }
        }
    };
    page.into_string()
}

fn legend(r: &Rubric) -> Markup {
    html! {
        p.legend {
            @for (k, &n) in r.roots.iter().enumerate() {
                @if k > 0 { " " }
                span { strong { (r.node(n).id) } " " (r.node(n).name) }
            }
        }
    }
}

fn ranking(ds: &Dataset, fmt: &Fmt) -> Markup {
    let lang = fmt.lang;
    let r = ds.rubric;
    let base = ds.baseline.map(|b| ds.scores[b].index);
    let any_incomplete = ds.current.iter().any(|&i| !ds.scores[i].complete);
    let pending: Vec<usize> = {
        let mut v: Vec<usize> =
            ds.current.iter().flat_map(|&i| ds.scores[i].pending.iter().copied()).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let n = ds.current.len();
    let mean =
        if n > 0 { ds.current.iter().map(|&i| ds.scores[i].index).sum::<f64>() / n as f64 } else { 0.0 };
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for &i in &ds.current {
        let b = ds.scores[i].band;
        match counts.iter_mut().find(|(band, _)| *band == b) {
            Some(c) => c.1 += 1,
            None => counts.push((b, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.0));
    html! {
        section #ranking {
            h2 { (lang.t("Ranking", "Peringkat")) }
            @if n > 0 {
                p.summary {
                    (n) " " (lang.t("regions", "wilayah")) " · "
                    (lang.t("mean index", "rata-rata indeks")) " " strong { (fmt.num(mean)) } " · "
                    @for (k, (band, count)) in counts.iter().enumerate() {
                        @if k > 0 { ", " }
                        span class=(format!("rating band-{band}")) { (r.bands[*band].name) } " " (count)
                    }
                }
            }
            div.scroll { table {
                thead {
                    tr {
                        th.num { (lang.t("Rank", "Peringkat")) }
                        th { (lang.t("Region", "Wilayah")) }
                        @for &d in &r.roots { th.num { abbr title=(r.node(d).name) { (r.node(d).id) } } }
                        th.num { (lang.t("Index", "Indeks")) }
                        th { (lang.t("Rating", "Predikat")) }
                        @if base.is_some() { th.num { "Δ " (lang.t("baseline", "pembanding")) } }
                    }
                }
                tbody {
                    @for (k, &i) in ds.current.iter().enumerate() {
                        @let s = &ds.scores[i];
                        tr class=(if Some(i) == ds.baseline { "baseline" } else { "" }) {
                            td.num { (ds.ranks[k]) }
                            td.region { (s.key.region) @if !s.complete { " *" } @if !s.pending.is_empty() { " †" } }
                            @for v in &s.roots {
                                td.num { @if let Some(v) = v { (fmt.num(*v)) } }
                            }
                            td.num { strong { (fmt.num(s.index)) } }
                            td { span class=(format!("rating band-{}", s.band)) { (r.rating_label(s.index, lang)) } }
                            @if let Some(b) = base { td.num { (fmt.delta(s.index - b)) } }
                        }
                    }
                }
            } }
            (legend(r))
            @if any_incomplete {
                p.note {
                    "* " (lang.t(
                        "scored over part of the rubric: some indicators were not given (weights renormalised)",
                        "dinilai atas sebagian rubrik: sebagian indikator tidak diisi (bobot dinormalkan ulang)"))
                }
            }
            @if !pending.is_empty() {
                p.note {
                    "† " (match lang {
                        Lang::En => format!(
                            "pending: indicator(s) {} are scored from other agencies' indices; left blank, they score {} as the assessors set them until that index is out",
                            crate::rubric::id_runs(r, &pending), r.scale.min),
                        Lang::Id => format!(
                            "menunggu: indikator {} dinilai dari indeks instansi lain; bila kosong bernilai {} seperti yang ditetapkan asesor sampai indeks itu terbit",
                            crate::rubric::id_runs(r, &pending), r.scale.min),
                    })
                }
            }
            @if !ds.left_out.is_empty() {
                p.note {
                    (match lang {
                        Lang::En => format!("No assessment in {}, so not ranked: ", ds.year.map(|y| y.to_string()).unwrap_or_default()),
                        Lang::Id => format!("Tanpa penilaian tahun {}, sehingga tidak diperingkat: ", ds.year.map(|y| y.to_string()).unwrap_or_default()),
                    })
                    (ds.left_out.join(", "))
                }
            }
            @if let [stage] = ds.set.stages().as_slice() {
                p.note { (lang.t("Stage", "Tahap")) ": " (stage) }
            }
        }
    }
}

/// Beside the ranking: what each region lacks to the next rating, and with `--sensitivity` its
/// rank interval and whether its rating is certain.
fn next_table(ds: &Dataset, fmt: &Fmt) -> Markup {
    let lang = fmt.lang;
    let r = ds.rubric;
    let next = ds.next_ratings();
    let sens = ds.sensitivity.as_deref();
    html! {
        section #next {
            h2 { (match sens {
                None => lang.t("To the next rating", "Menuju predikat berikutnya"),
                Some(_) => lang.t("To the next rating, and how certain", "Menuju predikat berikutnya, dan seberapa pasti"),
            }) }
            div.scroll { table {
                thead {
                    tr {
                        th.num { (lang.t("Rank", "Peringkat")) }
                        th { (lang.t("Region", "Wilayah")) }
                        th { (lang.t("Rating", "Predikat")) }
                        th { (lang.t("Next rating", "Predikat berikutnya")) }
                        th.num { (lang.t("Points missing", "Poin kurang")) }
                        th.num { (lang.t("Fewest raises", "Kenaikan tersedikit")) }
                        @if sens.is_some() {
                            th.num { (lang.t("Rank p5–p95", "Peringkat p5–p95")) }
                            th { (lang.t("Rating certain", "Predikat pasti")) }
                        }
                    }
                }
                tbody {
                    @for (k, &i) in ds.current.iter().enumerate() {
                        @let s = &ds.scores[i];
                        tr {
                            td.num { (ds.ranks[k]) }
                            td.region { (s.key.region) }
                            td { (rating(r, s.band)) }
                            @match &next[k] {
                                Some(x) => {
                                    td { (rating(r, x.band)) }
                                    td.num { (fmt.gap(x.points)) }
                                    td.num { @match &x.raises { Ok(n) => (n), Err(_) => "–" } }
                                }
                                None => { td { "—" } td.num { "—" } td.num { "—" } }
                            }
                            @if let Some(sens) = sens {
                                @let x = &sens[k];
                                td.num {
                                    @if x.rank_p5 == x.rank_p95 { (x.rank_p5) } @else { (x.rank_p5) "–" (x.rank_p95) }
                                }
                                td { (certain(x, fmt)) }
                            }
                        }
                    }
                }
            } }
            p.note {
                (lang.t("The index points missing to the next rating and the fewest raises (one indicator, one level) that reach it, as spbe plan --target finds them (– where there is no plan; — in the highest rating).",
                    "Poin indeks yang kurang sampai predikat berikutnya dan kenaikan tersedikit (satu indikator, satu tingkat) yang mencapainya, seperti spbe plan --target (– bila tidak ada rencana; — pada predikat tertinggi)."))
            }
            @if let (Some(_), Some(settings)) = (sens, &ds.sensitivity_settings) {
                p.note {
                    (match lang {
                        Lang::En => format!("Rank p5–p95 and rating certain: {} draws that scale each weight by a factor from U[{}, {}] (seed {}), as spbe sensitivity computes them; a rating is certain when every draw gives it, else the share of draws that do is shown.",
                            settings.draws, 1.0 - settings.spread, 1.0 + settings.spread, settings.seed),
                        Lang::Id => format!("Peringkat p5–p95 dan predikat pasti: {} undian yang mengalikan tiap bobot dengan faktor dari U[{}, {}] (benih {}), seperti spbe sensitivity; predikat pasti bila semua undian memberikannya, bila tidak ditampilkan bagian undian yang memberikannya.",
                            settings.draws, 1.0 - settings.spread, 1.0 + settings.spread, settings.seed),
                    })
                }
            }
        }
    }
}

/// `yes`, or the share of draws that give the region its rating.
fn certain(x: &crate::sensitivity::RegionResult, fmt: &Fmt) -> Markup {
    let share = x.band_share.get(x.nominal_band).copied().unwrap_or(0.0);
    html! {
        @if share >= 1.0 { (fmt.lang.t("yes", "ya")) }
        @else { (fmt.lang.t("no", "tidak")) " (" (Fmt::new(fmt.lang, 0).num(share * 100.0)) " %)" }
    }
}

/// Every province against its kabupaten/kota, as `compare --group province` gives it; only when
/// the regions compared span more than one province (a national table).
fn provinces(ds: &Dataset, fmt: &Fmt) -> Markup {
    let lang = fmt.lang;
    let r = ds.rubric;
    let current: Vec<&Scored> = ds.current.iter().map(|&i| &ds.scores[i]).collect();
    let o = crate::overview::by_province(&current);
    if o.rows.len() < 2 {
        return html! {};
    }
    let num = |x: Option<f64>| x.map(|x| fmt.num(x)).unwrap_or_default();
    let count = |x: Option<usize>| x.map(|x| x.to_string()).unwrap_or_default();
    html! {
        section #provinces {
            h2 { (lang.t("Provinces and their kabupaten/kota", "Provinsi dan kabupaten/kotanya")) }
            table {
                thead {
                    tr {
                        th.num { (lang.t("Rank", "Peringkat")) }
                        th { (lang.t("Province", "Provinsi")) }
                        th.num { (lang.t("Index", "Indeks")) }
                        th { (lang.t("Rating", "Predikat")) }
                        th.num { (lang.t("Kabupaten/kota", "Kabupaten/kota")) }
                        th.num { (lang.t("Mean", "Rata-rata")) }
                        th.num { (lang.t("Median", "Median")) }
                        th.num { (lang.t("Min", "Min")) }
                        th.num { (lang.t("Max", "Maks")) }
                        th.num { (lang.t("Above", "Di atas")) }
                        th.num { (lang.t("Below", "Di bawah")) }
                    }
                }
                tbody {
                    @for p in &o.rows {
                        @let own = p.own.map(|i| &current[i]);
                        tr {
                            td.num { (count(p.rank)) }
                            td.region { (p.province.name) }
                            td.num { (num(own.map(|s| s.index))) }
                            td { @if let Some(s) = own { span class=(format!("rating band-{}", s.band)) { (s.rating(r)) } } }
                            td.num { (p.regencies.count) }
                            td.num { (num(p.regencies.mean)) }
                            td.num { (num(p.regencies.median)) }
                            td.num { (num(p.regencies.min)) }
                            td.num { (num(p.regencies.max)) }
                            td.num { (count(p.above)) }
                            td.num { (count(p.below)) }
                        }
                    }
                }
            }
            @if o.left_out > 0 {
                p.note {
                    (match lang {
                        Lang::En => format!("{} regions without a province (central instansi, names not in the Kemendagri registry) are left out.", o.left_out),
                        Lang::Id => format!("{} wilayah tanpa provinsi (instansi pusat, nama yang tidak ada di daftar Kemendagri) tidak disertakan.", o.left_out),
                    })
                }
            }
        }
    }
}

/// Per region, the assessors' findings and recommendations and the notes of the input (its
/// extra columns), node by node, as a table that prints (not only a hover title): what a head
/// of office reads after the number.
fn findings(ds: &Dataset, fmt: &Fmt) -> Markup {
    let lang = fmt.lang;
    let r = ds.rubric;
    let regions: Vec<(&Scored, Vec<NodeRemarks>)> = ds
        .current
        .iter()
        .map(|&i| (&ds.scores[i], ds.remarks(i)))
        .filter(|(_, rows)| !rows.is_empty())
        .collect();
    let any_findings = regions.iter().any(|(s, _)| !s.findings.is_empty());
    let any_notes = regions.iter().any(|(_, rows)| rows.iter().any(|x| !x.notes.is_empty()));
    html! {
        @if !regions.is_empty() {
            section #findings {
                h2 {
                    @if any_findings { (lang.t("Findings and recommendations", "Temuan dan rekomendasi")) }
                    @else { (lang.t("Notes", "Keterangan")) }
                }
                @for (s, rows) in &regions {
                    h3 { (s.key.region) }
                    div.scroll { table.findings {
                        thead {
                            tr {
                                th { (lang.t("Indicator", "Indikator")) }
                                th.num { (lang.t("Value", "Nilai")) }
                                @if any_findings {
                                    th { (lang.t("Finding", "Catatan")) }
                                    th { (lang.t("Recommendation", "Rekomendasi")) }
                                }
                                @if any_notes { th { (lang.t("Notes", "Keterangan")) } }
                            }
                        }
                        tbody {
                            @for x in rows {
                                @let n = r.node(x.node);
                                tr {
                                    td { strong { (n.id) } " " (n.name) }
                                    td.num {
                                        @if let Some(v) = x.score { (fmt.num(v)) }
                                        @if s.pending.contains(&x.node) { " †" }
                                    }
                                    @if any_findings {
                                        td { @if let Some(f) = x.finding { (f.finding) } }
                                        td { @if let Some(f) = x.finding { (f.recommendation) } }
                                    }
                                    @if any_notes {
                                        td {
                                            @for (k, (col, text)) in x.notes.iter().enumerate() {
                                                @if k > 0 { br; }
                                                em { (col) } ": " (text)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    } }
                }
            }
        }
    }
}

/// Each region's index as the sum of its domains' (or aspects') weighted shares.
fn contribution(ds: &Dataset, fmt: &Fmt) -> Markup {
    let lang = fmt.lang;
    let (heading, note) = match (lang, ds.rubric.has_domains()) {
        (Lang::En, true) => ("What each domain adds", "Each domain's score × its weight, over the weights of the domains scored: the parts add up to the index."),
        (Lang::En, false) => ("What each aspect adds", "Each aspect's score × its weight, over the weights of the aspects scored: the parts add up to the index."),
        (Lang::Id, true) => ("Sumbangan tiap domain", "Nilai tiap domain × bobotnya, dibagi jumlah bobot domain yang dinilai: bagian-bagiannya berjumlah indeks."),
        (Lang::Id, false) => ("Sumbangan tiap aspek", "Nilai tiap aspek × bobotnya, dibagi jumlah bobot aspek yang dinilai: bagian-bagiannya berjumlah indeks."),
    };
    html! {
        section #contribution {
            h2 { (heading) }
            p.note { (note) }
            @let chart = ds.contribution_chart(lang);
            figure.bar.wide { (chart.draw(fmt).inline()) }
            figure.narrow { (chart.draw_narrow(fmt).inline()) }
        }
    }
}

/// Which radar charts the page shows, when not all, and how to get the others.
fn radar_choice(ds: &Dataset, sel: &RadarSelection, lang: Lang) -> Markup {
    let mut parts: Vec<String> = Vec::new();
    if ds.baseline.is_some() {
        parts.push(lang.t("the baseline", "pembanding").to_string());
    }
    if sel.named {
        parts.push(
            lang.t("the regions named with --regions", "wilayah yang disebut dengan --regions").to_string(),
        );
    }
    if let Some(k) = sel.top_bottom.filter(|&k| k > 0) {
        parts.push(match lang {
            Lang::En => format!("the top {k} and the bottom {k} of the ranking"),
            Lang::Id => format!("{k} teratas dan {k} terbawah dalam peringkat"),
        });
    }
    let and = lang.t(" and ", " dan ");
    let which = match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
        None => String::new(),
    };
    html! {
        p.note.radar-choice {
            (match lang {
                Lang::En => format!("Radar charts of {} of the {} regions: {which}. ", sel.shown.len(), sel.of),
                Lang::Id => format!("Grafik radar {} dari {} wilayah: {which}. ", sel.shown.len(), sel.of),
            })
            (lang.t("Every region's domain scores are in the ranking table. For other radars: ",
                "Nilai domain semua wilayah ada di tabel peringkat. Untuk radar lain: "))
            code { "--regions NAME,NAME" } ", " code { "--radars N" }
            (lang.t(" (top and bottom N) or ", " (N teratas dan terbawah) atau "))
            code { "--radars all" } "; "
            code { "spbe chart radar --focus NAME" } (lang.t(" draws one.", " menggambar satu."))
        }
    }
}

fn radars(ds: &Dataset, fmt: &Fmt, sel: Option<&RadarSelection>) -> Markup {
    let lang = fmt.lang;
    let r = ds.rubric;
    let heading = match (lang, r.has_domains()) {
        (Lang::En, true) => "Domain scores by region",
        (Lang::En, false) => "Aspect scores by region",
        (Lang::Id, true) => "Nilai domain per wilayah",
        (Lang::Id, false) => "Nilai aspek per wilayah",
    };
    let scores = match (lang, r.has_domains()) {
        (Lang::En, true) => "Each region's domain scores (filled)",
        (Lang::En, false) => "Each region's aspect scores (filled)",
        (Lang::Id, true) => "Nilai domain tiap wilayah (area berisi)",
        (Lang::Id, false) => "Nilai aspek tiap wilayah (area berisi)",
    };
    let against = match (ds.baseline, lang) {
        (Some(b), Lang::En) => format!(" against {}, the baseline (dashed).", ds.scores[b].key.region),
        (Some(b), Lang::Id) => {
            format!(
                " dibandingkan dengan {} sebagai pembanding (garis putus-putus).",
                ds.scores[b].key.region
            )
        }
        (None, _) if ds.current.len() < 2 => ".".to_string(),
        (None, Lang::En) => format!(" against the mean of {} regions (dashed).", ds.current.len()),
        (None, Lang::Id) => {
            format!(" dibandingkan dengan rata-rata {} wilayah (garis putus-putus).", ds.current.len())
        }
    };
    html! {
        section #radar .chart-page {
            h2 { (heading) }
            p.note { (scores) (against) }
            @if let Some(sel) = sel.filter(|s| s.is_partial()) { (radar_choice(ds, sel, lang)) }
            (legend(r))
            @let charts = match sel {
                Some(sel) => ds.radar_charts_of(fmt, &sel.shown),
                None => ds.radar_charts(fmt),
            };
            @for page in radar_pages(charts) {
                div.grid.radars {
                    @for chart in page {
                        figure { (chart.draw(fmt).inline()) }
                    }
                }
            }
        }
    }
}

/// Radar charts per row, and rows of them an A4 page holds under the section's heading.
const RADAR_COLUMNS: usize = 3;
const RADAR_ROWS: usize = 4;

/// The radar charts in runs of whole rows that each print on one page, as even as they can be,
/// so that no page is left with a lone last row when the rows could be shared out.
fn radar_pages<T>(charts: Vec<T>) -> Vec<Vec<T>> {
    let rows = charts.len().div_ceil(RADAR_COLUMNS);
    let pages = rows.div_ceil(RADAR_ROWS).max(1);
    let per_page = rows.div_ceil(pages) * RADAR_COLUMNS;
    let mut out = Vec::new();
    let mut it = charts.into_iter().peekable();
    while it.peek().is_some() {
        out.push(it.by_ref().take(per_page).collect());
    }
    out
}

fn levels(ds: &Dataset, fmt: &Fmt) -> Markup {
    let lang = fmt.lang;
    html! {
        section #levels .chart-page {
            h2 { (lang.t("Indicator levels", "Tingkat kematangan indikator")) }
            @if ds.has_indicator_levels() {
                p.note {
                    (lang.t("One row per region, one column per indicator, coloured by level; hover a cell for the indicator, level and note.",
                        "Satu baris per wilayah, satu kolom per indikator, diwarnai menurut tingkat; arahkan kursor ke sel untuk melihat indikator, tingkat dan catatannya."))
                }
                @match ds.heatmap_parts() {
                    HeatmapParts::Whole(at) => {
                        figure.heatmap { (ds.heatmap_of(lang, &at).draw(fmt).inline()) }
                    }
                    HeatmapParts::Provinces(groups) => {
                        p.note {
                            (match lang {
                                Lang::En => format!("By province: {} provinces, each with its own government and its kabupaten/kota in rank order.", groups.len()),
                                Lang::Id => format!("Per provinsi: {} provinsi, masing-masing dengan pemerintah provinsinya dan kabupaten/kotanya menurut peringkat.", groups.len()),
                            })
                        }
                        @for (name, at) in &groups {
                            div.heatmap-part {
                                h3 { (name) " (" (at.len()) ")" }
                                figure.heatmap { (ds.heatmap_of(lang, at).draw(fmt).inline()) }
                            }
                        }
                    }
                    HeatmapParts::Pages(pages) => {
                        p.note {
                            (match lang {
                                Lang::En => format!("In parts of {HEATMAP_ROWS} rows in rank order ({} parts): the regions do not all resolve to Kemendagri codes, so they are not grouped by province (see spbe regions resolve).", pages.len()),
                                Lang::Id => format!("Dalam bagian {HEATMAP_ROWS} baris menurut peringkat ({} bagian): tidak semua wilayah cocok dengan kode Kemendagri, sehingga tidak dikelompokkan per provinsi (lihat spbe regions resolve).", pages.len()),
                            })
                        }
                        @for (k, at) in pages.iter().enumerate() {
                            div.heatmap-part {
                                h3 { (lang.t("Ranks", "Peringkat")) " " (at.first().map_or(0, |&f| ds.ranks[f])) "–" (at.last().map_or(0, |&l| ds.ranks[l])) " (" (k + 1) "/" (pages.len()) ")" }
                                figure.heatmap { (ds.heatmap_of(lang, at).draw(fmt).inline()) }
                            }
                        }
                    }
                }
            } @else {
                p.note {
                    (lang.t("The inputs give no levels per indicator (only scores of domains or aspects), so there is no heatmap.",
                        "Masukan tidak memuat tingkat per indikator (hanya nilai domain atau aspek), sehingga peta panas tidak dibuat."))
                }
            }
        }
    }
}

fn trends(ds: &Dataset, fmt: &Fmt) -> Markup {
    let lang = fmt.lang;
    let years = ds.trend_years();
    if years.is_empty() {
        return html! {};
    }
    let charts = ds.trends();
    html! {
        section #trend .chart-page {
            h2 { (lang.t("Trend", "Tren")) " " (years[0]) "–" (years[years.len() - 1]) }
            p.note {
                (match lang {
                    Lang::En => format!("{} of each region with results in at least two years, over the rating bands.", ds.rubric.index_name),
                    Lang::Id => format!("{} tiap wilayah yang punya hasil sedikitnya dua tahun, di atas rentang predikat.", ds.rubric.index_name),
                })
            }
            div.grid {
                @for t in &charts {
                    figure { (t.draw(fmt).inline()) }
                }
            }
        }
    }
}

/// A rating name coloured by its band.
fn rating(r: &Rubric, band: usize) -> Markup {
    html! { span class=(format!("rating band-{band}")) { (r.bands[band].name) } }
}

/// What the plans aim for and within which limits, as one paragraph.
fn plan_intro(r: &Rubric, p: &PlanView, fmt: &Fmt) -> Markup {
    let lang = fmt.lang;
    let target = match p.target {
        Target::Band(b) => html! {
            (rating(r, b)) " (" (lang.t("index", "indeks")) " ≥ " (fmt.num(r.bands[b].min)) ")"
        },
        // The number as typed may have more decimals than the page shows.
        Target::Index(v) => {
            let v = if lang == Lang::Id { plan::short(v).replace('.', ",") } else { plan::short(v) };
            html! { (lang.t("index", "indeks")) " ≥ " (v) }
        }
    };
    let goal = match (p.cheapest, lang) {
        (false, Lang::En) => "For each region, the fewest raises that reach it, largest gains first.",
        (false, Lang::Id) => {
            "Untuk tiap wilayah, kenaikan tersedikit yang mencapainya, dari tambahan terbesar."
        }
        (true, Lang::En) => "For each region, the cheapest raises that reach it (costs from the cost file).",
        (true, Lang::Id) => {
            "Untuk tiap wilayah, kenaikan termurah yang mencapainya (biaya dari berkas biaya)."
        }
    };
    let mut limits = Vec::new();
    if let Some(m) = p.max_raise {
        limits.push(match lang {
            Lang::En => format!("at most {m} level(s) per indicator"),
            Lang::Id => format!("paling banyak {m} tingkat per indikator"),
        });
    }
    if let Some(ids) = &p.only {
        limits.push(format!("{} {ids}", lang.t("only", "hanya")));
    }
    if let Some(ids) = &p.exclude {
        limits.push(format!("{} {ids}", lang.t("never", "tidak pernah")));
    }
    if let Some(ids) = &p.pending {
        limits.push(format!("{} {ids}", lang.t("pending, not planned:", "tertunda, tidak direncanakan:")));
    }
    html! {
        p {
            (lang.t("Target", "Target")) ": " strong { (target) } ". " (goal) " "
            (lang.t("Each raise lifts one indicator to its next whole level; the index after each step is as spbe score computes it.",
                "Tiap kenaikan menaikkan satu indikator ke tingkat bulat berikutnya; indeks setelah tiap langkah dihitung seperti spbe score."))
            @if !limits.is_empty() {
                " " (lang.t("Limits", "Batasan")) ": " (limits.join("; ")) "."
            }
        }
    }
}

fn plan_section(r: &Rubric, p: &PlanView, fmt: &Fmt) -> Markup {
    let lang = fmt.lang;
    // Reasons there is no plan, each once, numbered in the summary table's notes.
    let mut reasons: Vec<&str> = Vec::new();
    for rp in &p.regions {
        if let PlanOutcome::NoPlan { reason } | PlanOutcome::Unreachable { reason } = &rp.outcome {
            if !reasons.contains(&reason.as_str()) {
                reasons.push(reason);
            }
        }
    }
    let note = |reason: &str| reasons.iter().position(|x| *x == reason).map_or(0, |k| k + 1);
    let costs = p.cheapest;
    html! {
        section #plan .chart-page {
            h2 { (lang.t("Planned steps", "Langkah yang direncanakan")) }
            (plan_intro(r, p, fmt))
            div.scroll { table.plan-summary {
                thead {
                    tr {
                        th { (lang.t("Region", "Wilayah")) }
                        th.num { (lang.t("Index", "Indeks")) }
                        th { (lang.t("Rating", "Predikat")) }
                        th.num { (lang.t("Raises", "Kenaikan")) }
                        @if costs { th.num { (lang.t("Cost", "Biaya")) } }
                        th.num { (lang.t("Index after", "Indeks akhir")) }
                        th { (lang.t("Rating after", "Predikat akhir")) }
                    }
                }
                tbody {
                    @for rp in &p.regions {
                        tr {
                            td.region { (rp.region) }
                            td.num { (fmt.num(rp.index_before)) }
                            td { (rating(r, rp.band_before)) }
                            @match &rp.outcome {
                                PlanOutcome::Reached { steps, index_after, band_after, total_cost } => {
                                    td.num { (steps.len()) }
                                    @if costs { td.num { @if let Some(c) = total_cost { (fmt.num(*c)) } } }
                                    td.num { strong { (fmt.num(*index_after)) } }
                                    td {
                                        (rating(r, *band_after))
                                        @if steps.is_empty() { " " span.note { (lang.t("already there", "sudah tercapai")) } }
                                    }
                                }
                                PlanOutcome::Unreachable { reason } => {
                                    td.unplanned colspan=(if costs { 4 } else { 3 }) {
                                        strong { (lang.t("not reachable", "tidak terjangkau")) } " " sup { (note(reason)) }
                                    }
                                }
                                PlanOutcome::NoPlan { reason } => {
                                    td.unplanned colspan=(if costs { 4 } else { 3 }) {
                                        (lang.t("no plan", "tidak ada rencana")) " " sup { (note(reason)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            }
            @for (k, reason) in reasons.iter().enumerate() {
                p.note { sup { (k + 1) } " " (reason) }
            }
            @for rp in &p.regions {
                @if let PlanOutcome::Reached { steps, index_after, band_after, .. } = &rp.outcome {
                    @if !steps.is_empty() {
                        (plan_steps(r, rp, steps, (*index_after, *band_after), costs, fmt))
                    }
                }
            }
        }
    }
}

/// One region's steps.
fn plan_steps(
    r: &Rubric,
    rp: &RegionPlanView,
    steps: &[PlanStepView],
    (index_after, band_after): (f64, usize),
    costs: bool,
    fmt: &Fmt,
) -> Markup {
    let lang = fmt.lang;
    let level_names = steps.iter().any(|s| s.level_name.is_some());
    // The rating shows where it changes.
    let band_before = |k: usize| if k == 0 { rp.band_before } else { steps[k - 1].band_after };
    let count = match lang {
        Lang::En if steps.len() == 1 => "1 raise".to_string(),
        Lang::En => format!("{} raises", steps.len()),
        Lang::Id => format!("{} kenaikan", steps.len()),
    };
    let summary = html! {
        (fmt.num(rp.index_before)) " " (rating(r, rp.band_before)) " → "
        strong { (fmt.num(index_after)) } " " (rating(r, band_after)) " " (lang.t("in", "dengan")) " " (count)
    };
    let columns = 7 + usize::from(level_names) + usize::from(costs);
    html! {
        div.plan {
            h3 { (rp.region) }
            p.steps-summary { (summary) }
            div.scroll { table.steps {
                thead {
                    // On paper the region and its summary head every page of its table.
                    tr.again { th colspan=(columns) { strong { (rp.region) } " · " (summary) } }
                    tr {
                        th.num { "#" }
                        th { (lang.t("Indicator", "Indikator")) }
                        th.name { (lang.t("Name", "Nama")) }
                        th.num { (lang.t("Level", "Tingkat")) }
                        @if level_names { th { (lang.t("Level reached", "Tingkat dicapai")) } }
                        th.num { (lang.t("Index gain", "Tambahan indeks")) }
                        @if costs { th.num { (lang.t("Cost", "Biaya")) } }
                        th.num { (lang.t("Index after", "Indeks setelah")) }
                        th { (lang.t("Rating", "Predikat")) }
                    }
                }
                tbody {
                    @for (k, s) in steps.iter().enumerate() {
                        tr {
                            td.num { (k + 1) }
                            td { (s.indicator) }
                            td.name { (s.name) }
                            td.num { (fmt.level(s.from)) " → " (fmt.level(s.to)) }
                            @if level_names { td { (s.level_name.clone().unwrap_or_default()) } }
                            td.num { (fmt.fine_delta(s.gain)) }
                            @if costs { td.num { @if let Some(c) = s.cost { (fmt.num(c)) } } }
                            td.num { (fmt.num(s.index_after)) }
                            td { @if s.band_after != band_before(k) { (rating(r, s.band_after)) } }
                        }
                    }
                }
            } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spbe_2020() -> Rubric {
        Rubric::resolve("spbe-2020").expect("embedded rubric")
    }

    #[test]
    fn planned_steps_are_listed() {
        let r = spbe_2020();
        // spbe-2020 bands: Kurang 0, Cukup 1, Baik 2 (from 2.6), Sangat Baik 3, Memuaskan 4.
        // Raising indicator 32 (weight 2.75 of 100) by one level adds 2.75 / 100 = 0.0275 to the
        // index: shown as +0,0275 (two decimals more than the precision); 2.58 + 0.0275 = 2.6075,
        // shown as 2,61, Baik: the rating shows on that step, where it changes.
        let plans = PlanView {
            target: Target::Band(2),
            cheapest: false,
            max_raise: Some(1),
            only: None,
            exclude: Some("45–47".into()),
            pending: None,
            regions: vec![
                RegionPlanView {
                    region: "Kab. <A>".into(),
                    index_before: 2.58,
                    band_before: 1,
                    outcome: PlanOutcome::Reached {
                        steps: vec![PlanStepView {
                            indicator: "32".into(),
                            name: "Layanan Perencanaan".into(),
                            from: 2.0,
                            to: 3.0,
                            level_name: Some("Transaksi".into()),
                            gain: 0.0275,
                            index_after: 2.6075,
                            band_after: 2,
                            cost: None,
                        }],
                        index_after: 2.6075,
                        band_after: 2,
                        total_cost: None,
                    },
                },
                RegionPlanView {
                    region: "B".into(),
                    index_before: 3.0,
                    band_before: 2,
                    outcome: PlanOutcome::Reached {
                        steps: vec![],
                        index_after: 3.0,
                        band_after: 2,
                        total_cost: None,
                    },
                },
                RegionPlanView {
                    region: "C".into(),
                    index_before: 2.0,
                    band_before: 1,
                    outcome: PlanOutcome::NoPlan { reason: "values are given above indicator level".into() },
                },
                RegionPlanView {
                    region: "D".into(),
                    index_before: 2.1,
                    band_before: 1,
                    outcome: PlanOutcome::NoPlan { reason: "values are given above indicator level".into() },
                },
            ],
        };
        let html = plan_section(&r, &plans, &Fmt::new(Lang::Id, 2)).into_string();
        assert!(
            html.contains(
                r#"Target: <strong><span class="rating band-2">Baik</span> (indeks ≥ 2,60)</strong>"#
            ),
            "{html}"
        );
        assert!(
            html.contains("Batasan: paling banyak 1 tingkat per indikator; tidak pernah 45–47."),
            "{html}"
        );
        assert!(html.contains("<h3>Kab. &lt;A&gt;</h3>"), "{html}");
        assert!(
            html.contains(r#"<td class="num">1</td><td>32</td><td class="name">Layanan Perencanaan</td><td class="num">2 → 3</td><td>Transaksi</td><td class="num">+0,0275</td><td class="num">2,61</td><td><span class="rating band-2">Baik</span></td>"#),
            "{html}"
        );
        // B is there already: a summary row, no steps of its own.
        assert!(html.contains("sudah tercapai"), "{html}");
        assert!(!html.contains("<h3>B</h3>"), "{html}");
        // C and D share one reason, told once as note 1.
        assert_eq!(html.matches("tidak ada rencana <sup>1</sup>").count(), 2, "{html}");
        assert_eq!(html.matches("values are given above indicator level").count(), 1, "{html}");
    }

    #[test]
    fn radar_rows_are_shared_out_over_pages() {
        let sizes = |n: usize| radar_pages((0..n).collect()).iter().map(Vec::len).collect::<Vec<_>>();
        // 12 charts: 4 rows of 3, one page.
        assert_eq!(sizes(12), vec![12]);
        // 15: 5 rows on 2 pages as 3 + 2 rows, not 4 + a lone row.
        assert_eq!(sizes(15), vec![9, 6]);
        // 25: 9 rows on 3 pages of 3 rows; the last row holds one chart.
        assert_eq!(sizes(25), vec![9, 9, 7]);
        assert_eq!(sizes(2), vec![2]);
        assert!(sizes(0).is_empty());
    }

    #[test]
    fn dates_are_written_out() {
        let d = jiff::civil::date(2025, 5, 5);
        assert_eq!(long_date(d, Lang::En), "5 May 2025");
        assert_eq!(long_date(d, Lang::Id), "5 Mei 2025");
    }
}
