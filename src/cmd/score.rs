//! `spbe score`: index, rating and breakdown per region.

use anyhow::Result;
use serde_json::json;

use super::{add_key_json, apply_gate, emit, read_inputs, resolve_gate, rubric_json, KeyColumns};
use crate::cli::{Context, Detail, ScoreArgs};
use crate::i18n::Lang;
use crate::output::{check_destination, Cell, Format, Report, Table};
use crate::rubric::{Kind, Rubric};
use crate::score::{self, RegionScore};
use crate::Outcome;

pub fn run(cx: &Context, args: &ScoreArgs) -> Result<Outcome> {
    let rubric = cx.rubric()?;
    let overrides = match args.set.is_empty() {
        true => None,
        false => Some(crate::plan::parse_sets(&rubric, &args.set).map_err(anyhow::Error::msg)?),
    };
    let gate = resolve_gate(&rubric, &args.gate)?;
    let (inputs, set) = read_inputs(cx, &rubric, &args.input)?;
    check_destination(&args.output.destination(), &inputs)?;
    let scores = score::score_all(&rubric, &set, args.input.allow_missing)?;
    for w in score::incomplete_warnings(&rubric, &scores) {
        cx.warn_with(crate::problem::code::INCOMPLETE, &w);
    }
    let after = match &overrides {
        None => None,
        Some(overrides) => Some(super::what_if::apply(&rubric, &set, overrides, args.input.allow_missing)?),
    };
    let shown = after.as_deref().unwrap_or(&scores);
    let mut report = build_report(&rubric, shown, args.detail, cx.lang);
    if let Some(after) = &after {
        super::what_if::annotate(&mut report, &rubric, &scores, after, &args.set, cx.lang);
    }
    if args.output.effective_format() == Format::Xlsx {
        report.tables.extend(layer_tables(&rubric, shown, cx.lang));
    }
    emit(cx, &report, &args.output, &inputs)?;
    // The gate checks what is shown: with --set, the what-if scores.
    Ok(apply_gate(cx, &rubric, shown, gate.as_ref()))
}

/// The key columns of a table of these scores.
pub fn key_columns(scores: &[RegionScore]) -> KeyColumns {
    KeyColumns::of(scores.iter().map(|s| &s.key))
}

/// The report of `score`: a summary table, and with `detail` a breakdown.
pub fn build_report(rubric: &Rubric, scores: &[RegionScore], detail: Option<Detail>, lang: Lang) -> Report {
    let headline = rubric.headline_nodes();
    let any_incomplete = scores.iter().any(|s| !s.complete);
    let keys = key_columns(scores);

    let mut headers = keys.headers(lang);
    headers.push(lang.t("index", "indeks").to_string());
    headers.push(lang.t("rating", "predikat").to_string());
    if any_incomplete {
        headers.push(lang.t("complete", "lengkap").to_string());
    }
    headers.extend(headline.iter().map(|&n| rubric.node(n).id.clone()));
    let legend: Vec<String> =
        headline.iter().map(|&n| format!("{} {}", rubric.node(n).id, rubric.node(n).name)).collect();
    let mut summary = Table::new(headers)
        .titled(format!("{} ({}): {}", rubric.index_name, rubric.id, legend.join(" · ")))
        .sheet(lang.t("Summary", "Ringkasan"));
    for s in scores {
        let mut row = keys.cells(&s.key);
        row.push(Cell::Num(Some(s.index)));
        row.push(Cell::Rating(s.rating(rubric).to_string(), s.band));
        if any_incomplete {
            row.push(Cell::text(if s.complete { lang.t("yes", "ya") } else { lang.t("no", "tidak") }));
        }
        row.extend(headline.iter().map(|&n| Cell::Num(s.scores[n])));
        summary.rows.push(row);
    }

    let mut tables = vec![summary];
    let mut flat = 0;
    if let Some(detail) = detail {
        let kinds: &[Kind] = match detail {
            Detail::Aspect => &[Kind::Domain, Kind::Aspect],
            Detail::Indicator => &[Kind::Domain, Kind::Aspect, Kind::Indicator],
        };
        let mut headers = keys.headers(lang);
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
        let mut breakdown =
            Table::new(headers).titled(lang.t("Breakdown", "Rincian")).sheet(lang.t("Breakdown", "Rincian"));
        for s in scores {
            for (i, node) in rubric.nodes.iter().enumerate() {
                if !kinds.contains(&node.kind) {
                    continue;
                }
                let mut row = keys.cells(&s.key);
                row.push(Cell::text(kind_label(node.kind, lang)));
                row.push(Cell::text(&node.id));
                row.push(Cell::text(&node.name));
                row.push(Cell::Num(Some(node.weight)));
                row.push(Cell::Num(s.scores[i]));
                let level = match (node.kind, s.scores[i]) {
                    (Kind::Indicator, Some(v)) => rubric.level_name(i, v).unwrap_or("").to_string(),
                    _ => String::new(),
                };
                row.push(Cell::text(level));
                breakdown.rows.push(row);
            }
        }
        tables.push(breakdown);
        flat = 1;
    }
    Report { tables, flat, json: scores_json(rubric, scores) }
}

/// Sheets for a workbook, one per layer (domains, aspects, indicators): a row per node (id,
/// name, parent, weight) and a column per region with its score (the level, for indicators).
pub fn layer_tables(rubric: &Rubric, scores: &[RegionScore], lang: Lang) -> Vec<Table> {
    let layers = [
        (Kind::Domain, lang.t("Domains", "Domain")),
        (Kind::Aspect, lang.t("Aspects", "Aspek")),
        (Kind::Indicator, lang.t("Indicators", "Indikator")),
    ];
    let mut tables = Vec::new();
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
        headers.extend(scores.iter().map(|s| s.key.label()));
        let mut t = Table::new(headers).titled(sheet).sheet(sheet);
        for &n in &nodes {
            let node = rubric.node(n);
            let mut row = vec![Cell::text(&node.id), Cell::text(&node.name)];
            if has_parent {
                row.push(Cell::text(node.parent.map(|p| rubric.node(p).id.clone()).unwrap_or_default()));
            }
            row.push(Cell::Num(Some(node.weight)));
            row.extend(scores.iter().map(|s| Cell::Num(s.scores[n])));
            t.rows.push(row);
        }
        tables.push(t);
    }
    tables
}

pub fn kind_label(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Domain => lang.t("domain", "domain"),
        Kind::Aspect => lang.t("aspect", "aspek"),
        Kind::Indicator => lang.t("indicator", "indikator"),
    }
}

/// The JSON contract: `{"rubric": {...}, "regions": [{"region", "index", "rating", "complete", "scores": [...]}]}`.
pub fn scores_json(rubric: &Rubric, scores: &[RegionScore]) -> serde_json::Value {
    let regions: Vec<serde_json::Value> = scores.iter().map(|s| region_json(rubric, s)).collect();
    json!({ "rubric": rubric_json(rubric), "regions": regions })
}

pub fn region_json(rubric: &Rubric, s: &RegionScore) -> serde_json::Value {
    let nodes: Vec<serde_json::Value> = rubric
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut v = json!({
                "id": n.id,
                "kind": n.kind,
                "name": n.name,
                "weight": n.weight,
                "score": s.scores[i],
            });
            if n.kind == Kind::Indicator {
                if let Some(name) = s.scores[i].and_then(|l| rubric.level_name(i, l)) {
                    v["level_name"] = json!(name);
                }
            }
            v
        })
        .collect();
    let mut v = json!({
        "region": s.key.region,
        "index": s.index,
        "rating": s.rating(rubric),
        "complete": s.complete,
        "missing": s.missing.iter().map(|&i| rubric.node(i).id.clone()).collect::<Vec<_>>(),
        "scores": nodes,
    });
    add_key_json(&mut v, &s.key);
    v
}
