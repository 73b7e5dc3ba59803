//! `spbe plan`: the fewest (or cheapest) level raises to a target, per region.

use super::app::{App, Load, Loaded};
use super::args::{AsGiven, InputArgs, OutputArgs, PlanLimits};
use super::{emit, KeyColumns};
use crate::i18n::{Lang, Localized};
use crate::output::{Cell, Document, Format, Table};
use crate::plan::{self, Costs, Goal, NoPlan, Plan, PlanOptions, Target};
use crate::problem::{code, Problem, Problems};
use crate::rubric::Rubric;
use crate::score;
use crate::score::RegionScore;
use crate::selector::{self, Selector};
use crate::threshold::Threshold;
use crate::view::plan::{PlanDoc, RegionPlan, TargetDoc};
use crate::view::RubricInfo;
use crate::Outcome;
use anyhow::{Context as _, Result};

/// The end of `spbe plan --help`.
pub const HELP: &str = "\
Each raise lifts one indicator to its next whole level: 2 → 3, and on a continuous scale
(pemdi-2026) from a decimal value 1.26 → 2, gaining exactly the 0.74 of a level it climbs.
Without --costs the plan has the fewest raises (exact; largest gains first); with --costs it is
the cheapest (exact), best value first. Pending indicators (external ones left blank) are not
raised unless --plan-pending is given; the plan names them. Every step
shows the level reached, its criteria where the rubric has them, the gain and the index after
it as `spbe score` computes it. Inputs must give indicator levels (not domain or aspect
scores). With --allow-missing, indicators not given are not planned and the index is over what
was given. Exit 1 when some region cannot reach the target.

Examples:
  spbe plan kerinci.csv --target \"Sangat Baik\"
  spbe plan kerinci.csv --target 3.5 --max-raise 1 --exclude 45-47
  spbe plan examples/jambi/mandiri --target Baik --only D2,D3 -f csv -o plan.csv
  spbe plan kerinci.csv --target 3.5 --costs biaya.csv     cost file: indicator,cost";

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Target: an index (e.g. 3.5) or a rating name (e.g. "Sangat Baik": its lower bound).
    #[arg(long, short = 't', value_name = "INDEX|RATING")]
    pub target: AsGiven<Threshold>,
    #[command(flatten)]
    pub limits: PlanLimits,
}

pub fn run(cx: &App, args: &Args) -> Result<Outcome> {
    let rubric = cx.rubric_for(&args.input)?;
    let lang = cx.lang;
    let opts = options(cx, &rubric, &args.target.value, &args.limits)?;

    let dest = args.output.destination();
    // The same checks as `score` (missing indicators without --allow-missing, ...).
    let not_planned = ("those indicators are not planned", "indikator itu tidak direncanakan");
    let Loaded { inputs, set, scores } =
        cx.load(&rubric, &args.input, Load { incomplete_note: Some(not_planned), ..Load::to(&dest) })?;

    let mut results: Vec<Planned> = Vec::new();
    // Input that cannot be planned, grouped by file and reason: (file, nodes, regions).
    let mut above: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut problems = Problems::default();
    let flat = matches!(args.output.effective_format(), Format::Csv | Format::Tsv);
    for (a, start) in set.iter().zip(scores) {
        let r = plan::plan(&rubric, a, &opts);
        match &r {
            Err(NoPlan::AboveIndicatorLevel { region, nodes }) => {
                let file = score::source_file(&set, a);
                match above.iter_mut().find(|(f, n, _)| *f == file && n == nodes) {
                    Some((_, _, regions)) => regions.push(region.clone()),
                    None => above.push((file, nodes.clone(), vec![region.clone()])),
                }
                continue;
            }
            // The summary table says why; CSV/TSV carry only the steps, so say it here too.
            Err(e) if e.is_unreachable() && flat => cx.warn(&e.message(lang)),
            Err(e) if !e.is_unreachable() => {
                let code = match e {
                    NoPlan::NoValues { .. } => code::NO_VALUES,
                    NoPlan::TooLarge { .. } => code::PLAN_TOO_LARGE,
                    _ => code::ERROR,
                };
                problems.push(Problem::file(score::source_file(&set, a), code, e.message(lang)));
                continue;
            }
            // The summary's note names them; CSV/TSV carry only the steps, so say it here too.
            Ok(p) if flat && !p.pending_not_planned.is_empty() => cx.warn(&format!(
                "{}: {} {}",
                p.key.region,
                crate::rubric::id_runs(&rubric, &p.pending_not_planned),
                lang.t(
                    "are pending and not planned (--plan-pending plans them)",
                    "tertunda dan tidak direncanakan (--plan-pending merencanakannya)"
                )
            )),
            _ => {}
        }
        results.push(Planned { start, result: r });
    }
    for (file, nodes, regions) in above {
        let many = lang.t("assessments", "penilaian");
        let who = match regions.len() {
            1 => regions[0].clone(),
            n if n <= 3 => format!("{n} {many} ({})", regions.join("; ")),
            n => format!("{n} {many} ({}; …)", regions[..3].join("; ")),
        };
        problems.push(Problem::file(
            file,
            code::PLAN_ABOVE_INDICATOR,
            format!("{who}: {}", plan::above_indicator_level(&nodes, lang)),
        ));
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let report = build_report(
        &rubric,
        &opts,
        &args.target.text,
        &results,
        args.output.effective_format(),
        cx.labels(args.output.effective_format()),
    );
    emit(cx, &report, &args.output, &inputs)?;
    let all_reached = results.iter().all(|p| p.result.is_ok());
    Ok(if all_reached { Outcome::Success } else { Outcome::CheckFailed })
}

/// The plan options of `--target` and the limits (`--max-raise`, `--only`, `--exclude`,
/// `--costs`), as `plan` and `report --target` take them. Warns about indicators the cost file
/// leaves out.
pub fn options(cx: &App, rubric: &Rubric, target: &Threshold, limits: &PlanLimits) -> Result<PlanOptions> {
    let lang = cx.lang;
    let target =
        target.resolve(rubric).map_err(|e| anyhow::anyhow!(super::unknown_rating("--target", &e, lang)))?;
    let mut opts = PlanOptions::new(target);
    opts.max_raise = limits.max_raise;
    opts.plan_pending = limits.plan_pending;
    let nodes = |flag: &str, items: &[Selector]| {
        selector::nodes(rubric, items).map_err(|e| super::id_errors(flag, &e, lang))
    };
    if !limits.only.is_empty() {
        opts.only = Some(nodes("--only", &limits.only)?);
    }
    opts.exclude = nodes("--exclude", &limits.exclude)?;
    if let Some(path) = &limits.costs {
        let bytes = std::fs::read(path).with_context(|| {
            format!("{} {}", lang.t("reading cost file", "membaca berkas biaya"), path.display())
        })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!(
                "{}: {}",
                path.display(),
                lang.t(
                    "not UTF-8 text; a cost file is a CSV file",
                    "bukan teks UTF-8; berkas biaya adalah berkas CSV"
                )
            )
        })?;
        let costs = Costs::parse(rubric, &text, &path.display().to_string())?;
        let without: Vec<usize> =
            rubric.indicators.iter().copied().filter(|&i| costs.get(i).is_none()).collect();
        if !without.is_empty() && without.len() < rubric.indicators.len() {
            let ids = crate::rubric::id_runs(rubric, &without);
            cx.warn(&match lang {
                Lang::En => format!("no cost given for indicators {ids}: they are not raised"),
                Lang::Id => format!("tidak ada biaya untuk indikator {ids}: indikator itu tidak dinaikkan"),
            });
        }
        opts.costs = Some(costs);
    }
    Ok(opts)
}

/// One region: its score as given, and its plan or why there is none.
pub struct Planned {
    pub start: RegionScore,
    pub result: Result<Plan, NoPlan>,
}

pub fn build_report<'a>(
    rubric: &'a Rubric,
    opts: &'a PlanOptions,
    target_text: &'a str,
    results: &'a [Planned],
    format: Format,
    lang: Lang,
) -> Document<'a> {
    let keys = KeyColumns::of(results.iter().map(|p| &p.start.key));
    let key_h = keys.headers(lang);
    let costs = opts.costs.is_some();
    let t = |en: &'static str, id: &'static str| lang.t(en, id).to_string();

    let mut headers = key_h.clone();
    headers.extend([
        t("index", "indeks"),
        t("rating", "predikat"),
        t("target", "target"),
        t("raises", "kenaikan"),
    ]);
    if costs {
        headers.push(t("cost", "biaya"));
    }
    headers.extend([
        t("index after", "indeks akhir"),
        t("rating after", "predikat akhir"),
        t("note", "catatan"),
    ]);
    let goal =
        if costs { lang.t("cheapest", "termurah") } else { lang.t("fewest raises", "kenaikan tersedikit") };
    let mut summary = Table::new(headers).titled(format!(
        "{} ({}): {} {} — {goal}",
        rubric.index_name,
        rubric.id,
        lang.t("plan to", "rencana menuju"),
        opts.target.label(rubric)
    ));

    let criteria_inline = format != Format::Table;
    let mut sh = key_h.clone();
    sh.extend([
        t("step", "langkah"),
        t("indicator", "indikator"),
        t("name", "nama"),
        t("from", "dari"),
        t("to", "ke"),
        t("level", "tingkat"),
        t("gain", "kenaikan"),
        t("index after", "indeks setelah"),
        t("rating after", "predikat setelah"),
    ]);
    if costs {
        sh.push(t("cost", "biaya"));
    }
    if criteria_inline {
        sh.push(t("criteria", "kriteria"));
    }
    let mut steps = Table::new(sh).titled(lang.t("Steps", "Langkah"));
    let mut criteria =
        Table::new(vec![t("indicator", "indikator"), t("level", "tingkat"), t("criteria", "kriteria")])
            .titled(lang.t("Criteria of the levels reached", "Kriteria tingkat yang dicapai"));
    let mut criteria_seen: Vec<(usize, u64)> = Vec::new();

    let mut regions_json = Vec::new();
    for Planned { start, result: r } in results {
        let key = &start.key;
        let mut row = keys.cells(key);
        match r {
            Ok(p) => {
                row.push(Cell::Num(Some(p.start_index)));
                row.push(Cell::Rating(rubric.bands[p.start_band].name.clone(), p.start_band));
                row.push(Cell::Num(Some(p.target_index)));
                row.push(Cell::Int(p.steps.len() as i64));
                if costs {
                    row.push(Cell::Num(p.total_cost));
                }
                row.push(Cell::Num(Some(p.final_index)));
                row.push(Cell::Rating(rubric.bands[p.final_band].name.clone(), p.final_band));
                let mut note = Vec::new();
                if p.reached_already() {
                    note.push(lang.t("already at the target", "sudah mencapai target").to_string());
                }
                if !p.missing.is_empty() {
                    note.push(format!(
                        "{} {}",
                        lang.t("not planned (missing):", "tidak direncanakan (tidak ada):"),
                        crate::rubric::id_runs(rubric, &p.missing)
                    ));
                }
                if !p.pending_not_planned.is_empty() {
                    note.push(format!(
                        "{} {}",
                        lang.t("not planned (pending):", "tidak direncanakan (tertunda):"),
                        crate::rubric::id_runs(rubric, &p.pending_not_planned)
                    ));
                }
                row.push(Cell::text(note.join("; ")));
                for (n, s) in p.steps.iter().enumerate() {
                    let node = rubric.node(s.indicator);
                    let mut srow = keys.cells(key);
                    srow.push(Cell::Int(n as i64 + 1));
                    srow.push(Cell::id(&node.id));
                    srow.push(Cell::text(&node.name));
                    srow.push(Cell::level(s.from));
                    srow.push(Cell::level(s.to));
                    srow.push(Cell::text(s.level_name.clone().unwrap_or_default()));
                    srow.push(Cell::FineDelta(Some(s.gain)));
                    srow.push(Cell::Num(Some(s.index_after)));
                    srow.push(Cell::Rating(rubric.bands[s.band_after].name.clone(), s.band_after));
                    if costs {
                        srow.push(Cell::Num(s.cost));
                    }
                    if criteria_inline {
                        srow.push(Cell::text(s.criteria.clone().unwrap_or_default()));
                    } else if let Some(c) = &s.criteria {
                        let k = (s.indicator, s.to.to_bits());
                        if !criteria_seen.contains(&k) {
                            criteria_seen.push(k);
                            let level = match &s.level_name {
                                Some(name) => format!("{} {name}", plan::short(s.to)),
                                None => plan::short(s.to),
                            };
                            criteria.rows.push(vec![
                                Cell::id(&node.id),
                                Cell::text(level),
                                Cell::text(wrap(c, 72)),
                            ]);
                        }
                    }
                    steps.rows.push(srow);
                }
                regions_json.push(RegionPlan::reached(rubric, p));
            }
            Err(e) => {
                let (best, reason) = match e {
                    NoPlan::Unreachable { best, .. } => (Some(*best), e.reason(lang)),
                    other => (None, other.message(lang)),
                };
                row.push(Cell::Num(Some(start.index)));
                row.push(Cell::Rating(start.rating(rubric).to_string(), start.band));
                row.push(Cell::Num(Some(opts.target.index(rubric))));
                row.push(Cell::text(""));
                if costs {
                    row.push(Cell::Num(None));
                }
                row.push(Cell::Num(None));
                row.push(Cell::text(""));
                row.push(Cell::text(format!("{}: {reason}", lang.t("no plan", "tidak ada rencana"))));
                regions_json.push(RegionPlan::none(rubric, start, reason, best));
            }
        }
        summary.rows.push(row);
    }

    let target_doc = TargetDoc {
        input: target_text,
        index: opts.target.index(rubric),
        rating: match opts.target {
            Target::Band(b) => Some(rubric.bands[b].name.as_str()),
            Target::Index(_) => None,
        },
    };
    let goal_json = if costs { Goal::Cheapest } else { Goal::Fewest };
    // An empty steps table says nothing to a reader; CSV/TSV keep it (its header) as the flat table.
    let for_people = matches!(format, Format::Table | Format::Markdown);
    let mut tables = vec![summary];
    if !(for_people && steps.rows.is_empty()) {
        tables.push(steps);
    }
    if !criteria.rows.is_empty() {
        tables.push(criteria);
    }
    let doc = PlanDoc {
        rubric: RubricInfo::new(rubric),
        target: target_doc,
        goal: goal_json,
        max_raise: opts.max_raise,
        only: opts.only.as_ref().map(|o| o.iter().map(|&n| rubric.node(n).id.as_str()).collect()),
        exclude: opts.exclude.iter().map(|&n| rubric.node(n).id.as_str()).collect(),
        regions: regions_json,
    };
    Document::new(tables, 1, doc)
}

/// Break text into lines of at most `width` characters at spaces (a longer word stays whole).
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    out
}
