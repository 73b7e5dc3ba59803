//! `spbe rubric list|show|check`.

use anyhow::Result;
use serde_json::json;

use super::{emit, rubric_json};
use crate::cli::{Context, RubricCommand};
use crate::output::{Cell, Report, Table};
use crate::rubric::{Rubric, Status, EMBEDDED};
use crate::Outcome;

pub fn run(cx: &Context, cmd: RubricCommand) -> Result<Outcome> {
    match cmd {
        RubricCommand::List { output } => {
            let lang = cx.lang;
            let mut table = Table::new(vec![
                "id".into(),
                lang.t("title", "judul").into(),
                lang.t("status", "status").into(),
                lang.t("default", "bawaan").into(),
            ]);
            let mut list = Vec::new();
            for e in EMBEDDED {
                let r = e.load()?;
                let status = match &r.status {
                    Status::Official => lang.t("official", "resmi"),
                    Status::Provisional(_) => lang.t("provisional", "sementara"),
                };
                let default = e.id == crate::rubric::DEFAULT_RUBRIC;
                table.rows.push(vec![
                    Cell::text(&r.id),
                    Cell::text(&r.title),
                    Cell::text(status),
                    Cell::text(if default { "*" } else { "" }),
                ]);
                list.push(rubric_json(&r));
            }
            let report = Report { tables: vec![table], flat: 0, json: json!({ "rubrics": list }) };
            emit(cx, &report, &output, &[])?;
        }
        RubricCommand::Show { rubric, output } => {
            let r = cx.load_rubric(rubric.as_deref().unwrap_or(&cx.rubric_spec))?;
            emit(cx, &show_report(&r, cx.lang), &output, &[])?;
        }
        RubricCommand::Check { path } => {
            let r = cx.load_rubric(&path)?;
            let l = cx.lang;
            println!(
                "ok: {} ({}): {} {}, {} {}, {} {}, {} {}..{}, {} {}",
                r.id,
                r.title,
                r.of_kind(crate::rubric::Kind::Domain).count(),
                l.t("domains", "domain"),
                r.of_kind(crate::rubric::Kind::Aspect).count(),
                l.t("aspects", "aspek"),
                r.indicators.len(),
                l.t("indicators", "indikator"),
                l.t("levels", "tingkat"),
                r.scale.min,
                r.scale.max,
                r.bands.len(),
                l.t("bands", "predikat")
            );
        }
    }
    Ok(Outcome::Success)
}

/// The tree with weights, indented by depth.
fn show_report(r: &Rubric, lang: crate::i18n::Lang) -> Report {
    let mut tree = Table::new(vec![
        "id".into(),
        lang.t("parent", "induk").into(),
        lang.t("kind", "jenis").into(),
        lang.t("name", "nama").into(),
        lang.t("weight", "bobot").into(),
    ])
    .titled(format!("{} — {}", r.title, r.legal_basis));
    for n in &r.nodes {
        tree.rows.push(vec![
            Cell::text(&n.id),
            Cell::text(n.parent.map(|p| r.node(p).id.as_str()).unwrap_or("")),
            Cell::text(super::score::kind_label(n.kind, lang)),
            Cell::text(&n.name),
            Cell::Num(Some(n.weight)),
        ]);
    }
    let mut bands = Table::new(vec![lang.t("rating", "predikat").into(), lang.t("from", "mulai").into()])
        .titled(format!("{} {}..{}", lang.t("Levels", "Tingkat"), r.scale.min, r.scale.max));
    for b in r.bands.iter().rev() {
        bands.rows.push(vec![Cell::text(&b.name), Cell::Num(Some(b.min))]);
    }
    let nodes: Vec<serde_json::Value> = r
        .nodes
        .iter()
        .map(|n| {
            json!({
                "id": n.id, "kind": n.kind, "name": n.name, "weight": n.weight,
                "parent": n.parent.map(|p| r.node(p).id.clone()),
                "level_names": n.level_names, "criteria": n.criteria,
            })
        })
        .collect();
    let mut json = rubric_json(r);
    json["nodes"] = json!(nodes);
    Report { tables: vec![tree, bands], flat: 0, json }
}
