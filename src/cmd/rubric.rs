//! `spbe rubric list|show|check`.

use super::app::App;
use super::args::OutputArgs;
use super::emit;
use crate::output::{Cell, Document, Table};
use crate::rubric::{Rubric, Status, EMBEDDED};
use crate::view::rubric::{ListDoc, ShowDoc};
use crate::view::RubricInfo;
use crate::Outcome;
use anyhow::Result;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the embedded rubrics.
    List {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show a rubric's tree with weights [default: the --rubric in effect].
    Show {
        /// Embedded id or path.
        #[arg(value_name = "ID|PATH")]
        rubric: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Check a rubric file; exit 0 when it is sound.
    Check {
        /// Path to the TOML file (or an embedded id).
        #[arg(value_name = "PATH")]
        path: String,
    },
}

pub fn run(cx: &App, cmd: Command) -> Result<Outcome> {
    match cmd {
        Command::List { output } => {
            let lang = cx.lang;
            let mut table = Table::new(vec![
                "id".into(),
                lang.t("title", "judul").into(),
                lang.t("status", "status").into(),
                lang.t("default", "bawaan").into(),
            ]);
            let rubrics = EMBEDDED.iter().map(|e| e.load()).collect::<Result<Vec<_>, _>>()?;
            for (e, r) in EMBEDDED.iter().zip(&rubrics) {
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
            }
            let doc = ListDoc { rubrics: rubrics.iter().map(RubricInfo::new).collect() };
            let report = Document::new(vec![table], 0, doc);
            emit(cx, &report, &output, &[])?;
        }
        Command::Show { rubric, output } => {
            let r = cx.load_rubric(rubric.as_deref().unwrap_or(&cx.rubric_spec))?;
            emit(cx, &show_report(&r, cx.lang), &output, &[])?;
        }
        Command::Check { path } => {
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
fn show_report(r: &Rubric, lang: crate::i18n::Lang) -> Document<'_> {
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
            Cell::text(n.kind.label(lang)),
            Cell::text(&n.name),
            Cell::Num(Some(n.weight)),
        ]);
    }
    let mut bands = Table::new(vec![lang.t("rating", "predikat").into(), lang.t("from", "mulai").into()])
        .titled(scale_title(r, lang));
    for b in r.bands.iter().rev() {
        bands.rows.push(vec![Cell::text(&b.name), Cell::Num(Some(b.min))]);
    }
    let mut tables = vec![tree, bands];
    if let Some(why) = &r.levels_unverified {
        let mut t = Table::new(vec![lang.t("note", "catatan").into()])
            .titled(lang.t("Level names are unverified", "Nama tingkat belum terverifikasi"));
        t.rows.push(vec![Cell::text(why)]);
        tables.push(t);
    }
    let sourced: Vec<usize> = r
        .indicators
        .iter()
        .copied()
        .filter(|&i| r.node(i).external.is_some() || r.node(i).draws_on.is_some())
        .collect();
    if !sourced.is_empty() {
        let mut t = Table::new(vec![
            "id".into(),
            lang.t("how", "cara").into(),
            lang.t("index", "indeks").into(),
            lang.t("agency", "instansi").into(),
            lang.t("conversion", "konversi").into(),
        ])
        .titled(lang.t("Indicators fed by other national indices", "Indikator dari indeks nasional lain"));
        for i in sourced {
            let n = r.node(i);
            let (how, s) = match (&n.external, &n.draws_on) {
                (Some(s), _) => (
                    match lang {
                        crate::i18n::Lang::En => format!("scored from it (blank: {}, pending)", r.scale.min),
                        crate::i18n::Lang::Id => {
                            format!("dinilai darinya (kosong: {}, menunggu)", r.scale.min)
                        }
                    },
                    s,
                ),
                (None, Some(s)) => (lang.t("draws on it", "merujuk padanya").to_string(), s),
                (None, None) => continue,
            };
            let conversion = if s.conversion.is_empty() {
                lang.t("none shipped", "tidak disertakan").to_string()
            } else {
                s.conversion
                    .iter()
                    .map(|c| format!("≥{} → {}", c.min, c.level))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            t.rows.push(vec![
                Cell::text(&n.id),
                Cell::text(how),
                Cell::text(&s.index),
                Cell::text(&s.agency),
                Cell::text(conversion),
            ]);
        }
        tables.push(t);
    }
    Document::new(tables, 0, ShowDoc::new(r))
}

/// `Levels 1..5`, with how values are read where that is not plain whole levels:
/// `Levels 1..5 (continuous: decimals; values down to 0 score, flagged)`.
fn scale_title(r: &Rubric, lang: crate::i18n::Lang) -> String {
    let s = &r.scale;
    let mut notes = Vec::new();
    if !s.integer {
        notes.push(lang.t("continuous: decimals", "kontinu: desimal").to_string());
    }
    if s.floor < s.min {
        notes.push(match lang {
            crate::i18n::Lang::En => format!("values down to {} score, flagged", s.floor),
            crate::i18n::Lang::Id => format!("nilai sampai {} dinilai, ditandai", s.floor),
        });
    }
    let mut title = format!("{} {}..{}", lang.t("Levels", "Tingkat"), s.min, s.max);
    if !notes.is_empty() {
        title.push_str(&format!(" ({})", notes.join("; ")));
    }
    title
}
