//! `spbe diff`: two assessments of the same regions, side by side.

use super::app::App;
use super::args::{InputArgs, OutputArgs, ReadArgs};
use super::{emit, read_inputs};
use crate::assessment::{Assessments, Key};
use crate::diff::{self, Diff, NodeChange};
use crate::i18n::Lang;
use crate::output::{check_destination, Cell, Document, Table};
use crate::problem::Problems;
use crate::rubric::Rubric;
use crate::score;
use crate::view::diff::{DiffDoc, RegionDiff, TallyDoc};
use crate::view::{self, RubricInfo};
use crate::Outcome;
use anyhow::{bail, Result};

/// The end of `spbe diff --help`.
pub const HELP: &str = "\
Regions are matched by name (ignoring case), and by year when either side has several years.
When each side holds a single region, the two are compared whatever their names. Regions and
indicators present on one side only are listed. `before higher` counts indicators whose BEFORE
level is above AFTER (a self-assessment that over-claims), `before lower` the opposite.

Examples:
  spbe diff mandiri/kerinci.csv final/kerinci.csv
  spbe diff penilaian.csv --from mandiri --to final       one file with a stage column
  spbe diff published-2023-2024.csv --from 2023 --to 2024  one file, two years
  spbe diff mandiri/ final/ -f csv -o changes.csv

Exit codes: 0 success, 1 no region is on both sides (the regions of each side are still
listed), 2 bad input or usage.";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier assessment (e.g. the self-assessment): a file, a folder of files, or `-`.
    #[arg(value_name = "BEFORE")]
    pub before: String,
    /// The later assessment (e.g. the final levels). Leave it out to compare two stages or
    /// years of BEFORE with --from and --to.
    #[arg(value_name = "AFTER")]
    pub after: Option<String>,
    /// The stage (mandiri, dokumen, interviu, visitasi, final) or year to take from BEFORE.
    #[arg(long, value_name = "STAGE|YEAR")]
    pub from: Option<String>,
    /// The stage or year to take from AFTER (or from BEFORE when AFTER is left out).
    #[arg(long, value_name = "STAGE|YEAR")]
    pub to: Option<String>,
    /// Year for rows without a year column: once for both sides, or twice (BEFORE's, then
    /// AFTER's): `a.csv b.csv --year 2024 --year 2025`.
    #[arg(long, value_name = "YEAR", action = clap::ArgAction::Append)]
    pub year: Vec<i32>,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(cx: &App, args: &Args) -> Result<Outcome> {
    let rubric = cx.rubric()?;
    let lang = cx.lang;
    if args.after.is_none() && (args.from.is_none() || args.to.is_none()) {
        bail!(lang.t(
            "give AFTER, or --from and --to to compare two stages or years of BEFORE (e.g. --from mandiri --to final)",
            "berikan AFTER, atau --from dan --to untuk membandingkan dua tahap atau tahun dari BEFORE (mis. --from mandiri --to final)"
        ));
    }
    if args.before == "-" && args.after.as_deref() == Some("-") {
        bail!(lang.t(
            "BEFORE and AFTER cannot both be standard input",
            "BEFORE dan AFTER tidak dapat keduanya masukan standar"
        ));
    }
    let years: [Vec<i32>; 2] = match (args.year.as_slice(), &args.after) {
        ([], _) => [vec![], vec![]],
        ([y], _) => [vec![*y], vec![*y]],
        ([b, a], Some(_)) => [vec![*b], vec![*a]],
        _ => bail!(lang.t(
            "--year: give it once for both sides, or twice (BEFORE's, then AFTER's) with two inputs",
            "--year: berikan sekali untuk kedua sisi, atau dua kali (untuk BEFORE, lalu AFTER) dengan dua masukan"
        )),
    };
    let input = |path: &str, year: &[i32]| InputArgs {
        inputs: vec![path.to_string()],
        year: year.to_vec(),
        read: args.read.clone(),
        province: None,
    };
    let (mut inputs, before_set) = read_inputs(cx, &rubric, &input(&args.before, &years[0]))?;
    let after_set = match &args.after {
        Some(path) => {
            let (more, set) = read_inputs(cx, &rubric, &input(path, &years[1]))?;
            inputs.extend(more);
            set
        }
        None => before_set.clone(),
    };
    check_destination(&args.output.destination(), &inputs)?;
    let after_name = args.after.clone().unwrap_or_else(|| args.before.clone());
    let before = select(before_set, args.from.as_deref(), "BEFORE", &args.before, "--from", lang)?;
    let after = select(after_set, args.to.as_deref(), "AFTER", &after_name, "--to", lang)?;

    let (b, a) = (
        score::score_all(&rubric, &before, args.read.allow_missing, cx.lang),
        score::score_all(&rubric, &after, args.read.allow_missing, cx.lang),
    );
    let (b, a) = match (b, a) {
        (Ok(b), Ok(a)) => (b, a),
        (b, a) => {
            let mut all = Problems::default();
            for p in [b.err(), a.err()].into_iter().flatten() {
                all.0.extend(p.0);
            }
            return Err(all.into());
        }
    };
    cx.warn_incomplete(&rubric, &b, None);
    cx.warn_incomplete(&rubric, &a, None);
    let d = diff::diff(&rubric, &b, &a);
    if d.single_pair && d.regions[0].before.key.region != d.regions[0].after.key.region {
        let (b, a) = (d.regions[0].before.key.label(), d.regions[0].after.key.label());
        cx.warn(&match lang {
            Lang::En => format!("comparing {b} (BEFORE) with {a} (AFTER): one region on each side"),
            Lang::Id => format!("membandingkan {b} (BEFORE) dengan {a} (AFTER): satu wilayah di tiap sisi"),
        });
    }
    if d.regions.is_empty() {
        cx.warn(match (lang, d.by_year) {
            (Lang::En, true) => "no region is on both sides (matched by name and year): pick the years to compare with --from and --to",
            (Lang::En, false) => "no region is on both sides (matched by name)",
            (Lang::Id, true) => "tidak ada wilayah di kedua sisi (dicocokkan menurut nama dan tahun): pilih tahun dengan --from dan --to",
            (Lang::Id, false) => "tidak ada wilayah di kedua sisi (dicocokkan menurut nama)",
        });
    }
    for (keys, side) in [(&d.only_before, "BEFORE"), (&d.only_after, "AFTER")] {
        for k in keys {
            cx.warn(&match lang {
                Lang::En => format!("{}: in {side} only, not compared", k.label()),
                Lang::Id => format!("{}: hanya di {side}, tidak dibandingkan", k.label()),
            });
        }
    }
    let sides = Sides {
        before: describe(&args.before, args.from.as_deref()),
        after: describe(&after_name, args.to.as_deref()),
    };
    let report = build_report(&rubric, &d, &sides, cx.labels(args.output.effective_format()));
    emit(cx, &report, &args.output, &inputs)?;
    // Nothing compared is not a success a pipeline should read past: the one-sided lists are
    // written, and the exit code says there was nothing to compare.
    Ok(if d.regions.is_empty() { Outcome::CheckFailed } else { Outcome::Success })
}

struct Sides {
    before: String,
    after: String,
}

fn describe(path: &str, sel: Option<&str>) -> String {
    match sel {
        Some(s) => format!("{path} ({s})"),
        None => path.to_string(),
    }
}

/// Keep the assessments of one stage or year (`sel`); a side must end up with one stage.
fn select(
    mut set: Assessments,
    sel: Option<&str>,
    side: &str,
    path: &str,
    flag: &str,
    lang: Lang,
) -> Result<Assessments> {
    let stages = set.stages();
    let years = set.years();
    if let Some(sel) = sel {
        let sel = sel.trim();
        match sel.parse::<i32>() {
            Ok(year) => {
                set.retain(|a| a.key.year == Some(year));
                if set.is_empty() {
                    let list = if years.is_empty() {
                        lang.t("none: no year column", "tidak ada: tanpa kolom tahun").to_string()
                    } else {
                        years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
                    };
                    bail!(match lang {
                        Lang::En =>
                            format!("{side} ({path}) has no assessments of year {year} (years: {list})"),
                        Lang::Id =>
                            format!("{side} ({path}) tidak berisi penilaian tahun {year} (tahun: {list})"),
                    });
                }
            }
            Err(_) => {
                let want = sel.to_lowercase();
                set.retain(|a| a.key.stage.as_deref() == Some(want.as_str()));
                if set.is_empty() {
                    let list = if stages.is_empty() {
                        lang.t("none: no stage column", "tidak ada: tanpa kolom tahap").to_string()
                    } else {
                        stages.join(", ")
                    };
                    bail!(match lang {
                        Lang::En =>
                            format!("{side} ({path}) has no assessments at stage `{sel}` (stages: {list})"),
                        Lang::Id =>
                            format!("{side} ({path}) tidak berisi penilaian tahap `{sel}` (tahap: {list})"),
                    });
                }
            }
        }
    }
    let left = set.stages();
    if left.len() > 1 {
        let list = left.join(", ");
        bail!(match lang {
            Lang::En => format!("{side} ({path}) holds several stages ({list}): pick one with {flag}"),
            Lang::Id => format!("{side} ({path}) berisi beberapa tahap ({list}): pilih satu dengan {flag}"),
        });
    }
    Ok(set)
}

/// The columns of one changed node (after the key columns), in `diff` and `score --set`.
pub fn change_headers(lang: Lang) -> [String; 6] {
    [
        t(lang, "kind", "jenis"),
        t(lang, "id", "kode"),
        t(lang, "name", "nama"),
        t(lang, "before", "sebelum"),
        t(lang, "after", "sesudah"),
        t(lang, "change", "perubahan"),
    ]
}

/// The cells of one changed node, under [`change_headers`].
pub fn change_cells(rubric: &Rubric, c: &NodeChange) -> [Cell; 6] {
    let node = rubric.node(c.node);
    [
        Cell::text(node.kind.as_str()),
        Cell::id(&node.id),
        Cell::text(&node.name),
        Cell::Num(c.before),
        Cell::Num(c.after),
        Cell::Delta(c.delta()),
    ]
}

fn t(lang: Lang, en: &'static str, id: &'static str) -> String {
    lang.t(en, id).to_string()
}

fn build_report<'a>(rubric: &'a Rubric, d: &'a Diff, sides: &'a Sides, lang: Lang) -> Document<'a> {
    let years = d.regions.iter().any(|r| r.before.key.year.is_some() || r.after.key.year.is_some());
    let key_headers = || {
        let mut h = vec![t(lang, "region", "wilayah")];
        if years {
            h.push(t(lang, "year before", "tahun sebelum"));
            h.push(t(lang, "year after", "tahun sesudah"));
        }
        h
    };
    let key_cells = |b: &Key, a: &Key| {
        let mut c = vec![Cell::text(diff::shown_name(b, a))];
        if years {
            c.push(b.year.map_or(Cell::text(""), |y| Cell::Int(y.into())));
            c.push(a.year.map_or(Cell::text(""), |y| Cell::Int(y.into())));
        }
        c
    };

    let mut h = key_headers();
    h.extend([
        t(lang, "index before", "indeks sebelum"),
        t(lang, "index after", "indeks sesudah"),
        t(lang, "change", "perubahan"),
        t(lang, "rating before", "predikat sebelum"),
        t(lang, "rating after", "predikat sesudah"),
        t(lang, "indicators changed", "indikator berubah"),
        t(lang, "before higher", "sebelum lebih tinggi"),
        t(lang, "before lower", "sebelum lebih rendah"),
        t(lang, "equal", "sama"),
        t(lang, "mean |diff|", "rerata |selisih|"),
    ]);
    let mut summary = Table::new(h)
        .titled(format!("{} ({}): {} → {}", rubric.index_name, rubric.id, sides.before, sides.after));

    let mut h = key_headers();
    h.extend(change_headers(lang));
    // The assessors' findings beside each changed node (AFTER's, else BEFORE's), where any.
    let findings = d.regions.iter().any(|r| !r.before.findings.is_empty() || !r.after.findings.is_empty());
    if findings {
        h.push(t(lang, "finding", "catatan"));
        h.push(t(lang, "recommendation", "rekomendasi"));
    }
    let mut changes = Table::new(h).titled(t(lang, "Changes", "Perubahan"));

    let mut regions_json = Vec::new();
    for r in &d.regions {
        let (b, a) = (&r.before, &r.after);
        let mut row = key_cells(&b.key, &a.key);
        row.push(Cell::Num(Some(b.index)));
        row.push(Cell::Num(Some(a.index)));
        row.push(Cell::Delta(Some(r.index_change())));
        row.push(Cell::Rating(b.rating(rubric).to_string(), b.band));
        row.push(Cell::Rating(a.rating(rubric).to_string(), a.band));
        let t_ = r.tally;
        if t_.compared + t_.one_sided == 0 {
            // No indicator levels on either side (e.g. published domain scores).
            row.extend((0..5).map(|_| Cell::text("")));
        } else {
            row.push(Cell::Int((t_.higher + t_.lower + t_.one_sided) as i64));
            row.push(Cell::Int(t_.higher as i64));
            row.push(Cell::Int(t_.lower as i64));
            row.push(Cell::Int(t_.equal as i64));
            row.push(Cell::Num(t_.mean_abs()));
        }
        summary.rows.push(row);

        let mut index_row = key_cells(&b.key, &a.key);
        index_row.extend([
            Cell::text("index"),
            Cell::text(""),
            Cell::text(&rubric.index_name),
            Cell::Num(Some(b.index)),
            Cell::Num(Some(a.index)),
            Cell::Delta(Some(r.index_change())),
        ]);
        if findings {
            index_row.extend([Cell::text(""), Cell::text("")]);
        }
        changes.rows.push(index_row);
        for c in &r.changes {
            let mut row = key_cells(&b.key, &a.key);
            row.extend(change_cells(rubric, c));
            if findings {
                let f = a.finding(c.node).or_else(|| b.finding(c.node));
                row.push(Cell::text(f.map_or("", |f| f.finding.as_str())));
                row.push(Cell::text(f.map_or("", |f| f.recommendation.as_str())));
            }
            changes.rows.push(row);
        }
        regions_json.push(RegionDiff::new(rubric, b, a, r.index_change(), &r.tally, &r.changes));
    }

    let mut totals = Table::new(vec![
        t(lang, "regions compared", "wilayah dibandingkan"),
        t(lang, "before only", "hanya sebelum"),
        t(lang, "after only", "hanya sesudah"),
        t(lang, "indicators compared", "indikator dibandingkan"),
        t(lang, "before higher (over-claimed)", "sebelum lebih tinggi"),
        t(lang, "before lower (under-claimed)", "sebelum lebih rendah"),
        t(lang, "equal", "sama"),
        t(lang, "one side only", "satu sisi saja"),
        t(lang, "mean |diff|", "rerata |selisih|"),
        t(lang, "mean index change", "rerata perubahan indeks"),
    ])
    .titled(t(lang, "Summary", "Ringkasan"));
    let mean_change = mean(d.regions.iter().map(|r| r.index_change()));
    let tot = &d.total;
    totals.rows.push(vec![
        Cell::Int(d.regions.len() as i64),
        Cell::Int(d.only_before.len() as i64),
        Cell::Int(d.only_after.len() as i64),
        Cell::Int(tot.compared as i64),
        Cell::Int(tot.higher as i64),
        Cell::Int(tot.lower as i64),
        Cell::Int(tot.equal as i64),
        Cell::Int(tot.one_sided as i64),
        Cell::Num(tot.mean_abs()),
        Cell::Delta(mean_change),
    ]);

    let mut tables = vec![summary, changes, totals];
    if !d.only_before.is_empty() || !d.only_after.is_empty() {
        let mut h = vec![t(lang, "side", "sisi"), t(lang, "region", "wilayah")];
        let any_year = d.only_before.iter().chain(&d.only_after).any(|k| k.year.is_some());
        if any_year {
            h.push(t(lang, "year", "tahun"));
        }
        let mut one = Table::new(h).titled(t(lang, "On one side only", "Hanya di satu sisi"));
        for (side, keys) in [("BEFORE", &d.only_before), ("AFTER", &d.only_after)] {
            for k in keys {
                let mut row = vec![Cell::text(side), Cell::text(&k.region)];
                if any_year {
                    row.push(k.year.map_or(Cell::text(""), |y| Cell::Int(y.into())));
                }
                one.rows.push(row);
            }
        }
        tables.push(one);
    }

    let matched_by = if d.single_pair {
        "single pair"
    } else if d.by_year {
        "region and year"
    } else {
        "region"
    };
    let doc = DiffDoc {
        rubric: RubricInfo::new(rubric),
        before: &sides.before,
        after: &sides.after,
        matched_by,
        regions: regions_json,
        only_before: view::diff::keys(&d.only_before),
        only_after: view::diff::keys(&d.only_after),
        summary: TallyDoc::new(tot, Some((d.regions.len(), mean_change))),
    };
    Document::new(tables, 1, doc)
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0usize);
    for v in values {
        sum += v;
        n += 1;
    }
    (n > 0).then(|| sum / n as f64)
}
