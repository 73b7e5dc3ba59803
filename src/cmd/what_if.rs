//! `spbe score --set`: score with some values overridden, and show the change.

use crate::assessment::Assessments;
use crate::diff;
use crate::i18n::Lang;
use crate::output::{Cell, Report, Table};
use crate::problem::{code, Problem, Problems};
use crate::rubric::Rubric;
use crate::score::{self, RegionScore};

/// Score every assessment with the overrides applied.
pub fn apply(
    rubric: &Rubric,
    set: &Assessments,
    overrides: &[(usize, f64)],
    allow_missing: bool,
) -> Result<Vec<RegionScore>, Problems> {
    let mut out = Vec::with_capacity(set.len());
    let mut problems = Problems::default();
    for a in set.iter() {
        let result = crate::plan::what_if(rubric, a, overrides)
            .and_then(|b| score::score_one(rubric, &b, allow_missing));
        match result {
            Ok(s) => out.push(s),
            Err(msg) => problems.push(Problem::file(score::source_file(set, a), code::WHAT_IF, msg)),
        }
    }
    problems.into_result(out)
}

/// Add the change to a `score` report built from the what-if scores: `before` and `change`
/// columns in the summary, a table of changed nodes, and `what_if` in each region's JSON.
pub fn annotate(
    report: &mut Report,
    rubric: &Rubric,
    before: &[RegionScore],
    after: &[RegionScore],
    set_text: &[String],
    lang: Lang,
) {
    let sets = set_text.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ");
    let keys = super::score::key_columns(after);
    if let Some(summary) = report.tables.first_mut() {
        let at = keys.headers(lang).len() + 2; // after index and rating
        let headers = [
            lang.t("index before", "indeks sebelum"),
            lang.t("change", "perubahan"),
            lang.t("rating before", "predikat sebelum"),
        ];
        for (k, h) in headers.iter().enumerate() {
            summary.headers.insert(at + k, h.to_string());
        }
        for (row, (b, a)) in summary.rows.iter_mut().zip(before.iter().zip(after)) {
            row.insert(at, Cell::Num(Some(b.index)));
            row.insert(at + 1, Cell::Delta(Some(a.index - b.index)));
            row.insert(at + 2, Cell::Rating(b.rating(rubric).to_string(), b.band));
        }
        summary.title = Some(format!(
            "{} (--set {sets}): {}",
            lang.t("What-if", "Andaikan"),
            summary.title.clone().unwrap_or_default()
        ));
    }

    let mut headers = keys.headers(lang);
    headers.extend(super::diff::change_headers(lang));
    let mut changes = Table::new(headers).titled(lang.t("Changes", "Perubahan"));
    for (i, (b, a)) in before.iter().zip(after).enumerate() {
        let nodes = diff::node_changes(rubric, b, a);
        for c in &nodes {
            let mut row = keys.cells(&a.key);
            row.extend(super::diff::change_cells(rubric, c));
            changes.rows.push(row);
        }
        if let Some(region) = report.json.get_mut("regions").and_then(|r| r.get_mut(i)) {
            let tally = diff::tally(rubric, b, a);
            region["what_if"] = super::diff::region_json(rubric, b, a, a.index - b.index, &tally, &nodes);
            region["what_if"]["set"] = serde_json::json!(sets);
        }
    }
    // Tables after the summary keep their place for CSV (`flat`); the changes go last.
    report.tables.push(changes);
}
