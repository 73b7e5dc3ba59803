//! The cost file of `plan --costs`: the cost of one raise of each indicator.

use super::article;
use crate::i18n::{Lang, Localized};
use crate::problem::{code, Message, Problem, Problems};
use crate::rubric::{Kind, Rubric};

/// What is wrong in a cost file, said in the language it is shown in.
#[derive(Debug, Clone)]
enum CostProblem {
    /// The CSV text cannot be split (the parser's error).
    Parse(String),
    /// The header lacks an indicator or a cost column.
    Header,
    /// An id of a domain or aspect.
    NotAnIndicator { id: String, kind: Kind },
    /// An id not in the rubric.
    UnknownId { id: String, rubric: String },
    /// A cost that is not a number ≥ 0.
    BadCost(String),
    /// An indicator given twice (the line it was first given at).
    Twice { id: String, first: usize },
    /// A header and no rows.
    NoRows,
}

impl Localized for CostProblem {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CostProblem::Parse(e), Lang::En) => format!("cannot parse: {e}"),
            (CostProblem::Parse(e), Lang::Id) => format!("tidak dapat dibaca: {e}"),
            (CostProblem::Header, _) => lang.t(
                "expected a header with an indicator column (`indicator`) and a cost column (`cost`), e.g. `indicator,cost`",
                "diharapkan baris judul dengan kolom indikator (`indikator`) dan kolom biaya (`biaya`), mis. `indikator,biaya`",
            ).to_string(),
            (CostProblem::NotAnIndicator { id, kind }, Lang::En) => format!(
                "`{id}` is {} {}, not an indicator; costs are per raise of one indicator",
                article(*kind),
                kind.as_str()
            ),
            (CostProblem::NotAnIndicator { id, kind }, Lang::Id) => format!(
                "`{id}` adalah {}, bukan indikator; biaya berlaku per kenaikan satu indikator",
                kind.label(lang)
            ),
            (CostProblem::UnknownId { id, rubric }, Lang::En) => format!("unknown indicator `{id}` in rubric {rubric}"),
            (CostProblem::UnknownId { id, rubric }, Lang::Id) => {
                format!("indikator `{id}` tidak dikenal dalam rubrik {rubric}")
            }
            (CostProblem::BadCost(raw), Lang::En) => {
                format!("cost `{raw}` is not a number ≥ 0 (the effort or price of one raise)")
            }
            (CostProblem::BadCost(raw), Lang::Id) => format!("biaya `{raw}` bukan angka ≥ 0 (upaya atau harga satu kenaikan)"),
            (CostProblem::Twice { id, first }, Lang::En) => {
                format!("indicator {id} is given twice (first at line {first})")
            }
            (CostProblem::Twice { id, first }, Lang::Id) => format!("indikator {id} diisi dua kali (pertama di baris {first})"),
            (CostProblem::NoRows, _) => lang
                .t("the cost file has a header but no rows", "berkas biaya berisi baris judul tanpa baris data")
                .to_string(),
        }
    }
}

/// The cost of one raise (+1 level) of each indicator, read from an `indicator,cost` file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Costs {
    per_node: Vec<Option<f64>>,
}

impl Costs {
    /// Costs per node index (`None`: no cost given).
    pub fn new(per_node: Vec<Option<f64>>) -> Costs {
        Costs { per_node }
    }

    pub fn get(&self, node: usize) -> Option<f64> {
        self.per_node.get(node).copied().flatten()
    }

    /// Read a cost file: a header naming an indicator column (`indicator`, `indikator`, `kode`)
    /// and a cost column (`cost`, `biaya`, `effort`, `days`, `hari`), one row per indicator.
    /// Comma, semicolon or tab separated; with `;` or tab a decimal comma is accepted. Every
    /// problem in the file is reported.
    pub fn parse(rubric: &Rubric, text: &str, file: &str) -> Result<Costs, Problems> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let delimiter = if first.contains('\t') {
            b'\t'
        } else if first.contains(';') && !first.contains(',') {
            b';'
        } else {
            b','
        };
        let mut problems = Problems::default();
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(true)
            .from_reader(text.as_bytes());
        let header = match rdr.headers() {
            Ok(h) => h.iter().map(|s| s.trim().to_lowercase()).collect::<Vec<_>>(),
            Err(e) => {
                let msg = Message::said(CostProblem::Parse(e.to_string()));
                return Err(Problems(vec![Problem::file(file, code::PARSE, msg)]));
            }
        };
        let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
        let ind_col = col(&["indicator", "indikator", "kode", "id"]);
        let cost_col = col(&["cost", "biaya", "effort", "days", "hari"]);
        let (Some(ic), Some(cc)) = (ind_col, cost_col) else {
            return Err(Problems(vec![Problem::at(
                file,
                1,
                None,
                code::MISSING_COLUMN,
                Message::said(CostProblem::Header),
            )]));
        };
        let mut per_node: Vec<Option<f64>> = vec![None; rubric.nodes.len()];
        let mut seen: Vec<usize> = vec![0; rubric.nodes.len()];
        let mut rows = 0;
        for rec in rdr.records() {
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    problems.push(Problem::at(
                        file,
                        line,
                        None,
                        code::PARSE,
                        Message::said(CostProblem::Parse(e.to_string())),
                    ));
                    break;
                }
            };
            let line = rec.position().map_or(0, |p| p.line() as usize);
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            rows += 1;
            let id = rec.get(ic).unwrap_or("").trim();
            let raw = rec.get(cc).unwrap_or("").trim();
            let node = match rubric.find(id) {
                Some(n) if rubric.node(n).children.is_empty() => Some(n),
                Some(n) => {
                    problems.push(Problem::at(
                        file,
                        line,
                        Some(ic + 1),
                        code::NOT_AN_INDICATOR,
                        Message::said(CostProblem::NotAnIndicator {
                            id: id.to_string(),
                            kind: rubric.node(n).kind,
                        }),
                    ));
                    None
                }
                None => {
                    problems.push(Problem::at(
                        file,
                        line,
                        Some(ic + 1),
                        code::UNKNOWN_ID,
                        Message::said(CostProblem::UnknownId {
                            id: id.to_string(),
                            rubric: rubric.id.clone(),
                        }),
                    ));
                    None
                }
            };
            let num = if delimiter != b',' { raw.replace(',', ".") } else { raw.to_string() };
            let cost = match num.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
                _ => {
                    problems.push(Problem::at(
                        file,
                        line,
                        Some(cc + 1),
                        code::BAD_COST,
                        Message::said(CostProblem::BadCost(raw.to_string())),
                    ));
                    None
                }
            };
            if let Some(n) = node {
                if seen[n] > 0 {
                    problems.push(Problem::at(
                        file,
                        line,
                        Some(ic + 1),
                        code::GIVEN_TWICE,
                        Message::said(CostProblem::Twice { id: rubric.node(n).id.clone(), first: seen[n] }),
                    ));
                    continue;
                }
                seen[n] = line;
                per_node[n] = cost;
            }
        }
        if rows == 0 && problems.is_empty() {
            problems.push(Problem::file(file, code::HEADER_ONLY, Message::said(CostProblem::NoRows)));
        }
        problems.into_result(Costs { per_node })
    }
}
