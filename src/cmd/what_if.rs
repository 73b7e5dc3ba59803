//! `spbe score --set`: score with some values overridden, and show the change.

use crate::assessment::Assessments;
use crate::diff;
use crate::i18n::{Lang, Localized};
use crate::output::{Cell, Document, Table};
use crate::problem::{code, Problem, Problems};
use crate::rubric::Rubric;
use crate::score::{self, RegionScore};

/// Score every assessment with the overrides applied.
pub fn apply(
    rubric: &Rubric,
    set: &Assessments,
    overrides: &[(usize, f64)],
    allow_missing: bool,
    lang: Lang,
) -> Result<Vec<RegionScore>, Problems> {
    let mut out = Vec::with_capacity(set.len());
    let mut problems = Problems::default();
    for a in set.iter() {
        let file = || score::source_file(set, a);
        let result = crate::what_if::what_if(rubric, a, overrides)
            .map_err(|e| Problem::file(file(), code::WHAT_IF, e.message(lang)))
            .and_then(|b| {
                score::score_one(rubric, &b, allow_missing)
                    .map_err(|e| Problem { code: code::WHAT_IF, ..score::failure(set, a, &e, lang) })
            });
        match result {
            Ok(s) => out.push(s),
            Err(p) => problems.push(p),
        }
    }
    problems.into_result(out)
}

/// The `--set` values as one text, each as given (`I1=4, I2=5`).
pub fn set_text(set: &[crate::selector::Override]) -> String {
    set.iter().map(|o| o.text.as_str()).collect::<Vec<_>>().join(", ")
}

/// Add the change to the tables of a `score` report built from the what-if scores: `before`
/// and `change` columns in the summary and a table of changed nodes (the JSON has it already:
/// [`crate::view::score::WhatIf`]).
pub fn annotate(
    report: &mut Document,
    rubric: &Rubric,
    before: &[RegionScore],
    after: &[RegionScore],
    sets: &str,
    lang: Lang,
) {
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
    for (b, a) in before.iter().zip(after) {
        let nodes = diff::node_changes(rubric, b, a);
        for c in &nodes {
            let mut row = keys.cells(&a.key);
            row.extend(super::diff::change_cells(rubric, c));
            changes.rows.push(row);
        }
    }
    // Tables after the summary keep their place for CSV (`flat`); the changes go last.
    report.tables.push(changes);
}
