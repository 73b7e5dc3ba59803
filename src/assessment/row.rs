//! The row logic shared by every reader: given the fields of one data row (from a CSV record or
//! a spreadsheet row) and the classified header, find the region, year and stage, parse the
//! values and hand them to the [`Sink`]. Readers only differ in how they get the fields and in
//! how a position is named (line and column, or sheet and cell), which the `Sink` knows.

use super::header::{Header, Role};
use super::value::parse_value;
use super::{Key, Sink};
use crate::problem::{code, snippet};
use crate::rubric::Rubric;

/// Region and stage names longer than this are refused: a real name is far shorter, and a
/// huge one (a quote left open) should not be kept once per region.
const MAX_NAME_CHARS: usize = 1000;

/// The fields of one row. `get` returns the field trimmed, and `""` past the end.
pub(crate) trait Fields {
    fn get(&self, i: usize) -> &str;
}

impl Fields for [String] {
    fn get(&self, i: usize) -> &str {
        <[String]>::get(self, i).map_or("", |s| s.trim())
    }
}

impl Fields for csv::ByteRecord {
    fn get(&self, i: usize) -> &str {
        // The text reader decodes to UTF-8 before parsing, so every field is valid UTF-8.
        csv::ByteRecord::get(self, i).and_then(|f| std::str::from_utf8(f).ok()).unwrap_or("").trim()
    }
}

/// What every row of one file shares.
pub(crate) struct RowCtx<'a> {
    pub header: &'a Header,
    /// Accept `3,5` for 3.5 (semicolon- and tab-separated text, spreadsheet text cells).
    pub decimal_comma: bool,
    /// Region for files without a region column: `--region`, else the file's stem.
    pub fallback_region: &'a str,
    /// `--region` when given: also fills blank cells of a region column.
    pub explicit_region: Option<&'a str>,
    /// Year for rows without one.
    pub year: Option<i32>,
    region_col: Option<usize>,
    year_col: Option<usize>,
    stage_col: Option<usize>,
    code_col: Option<usize>,
    indicator_col: Option<usize>,
    level_col: Option<usize>,
    rubric_col: Option<usize>,
    finding_col: Option<usize>,
    recommendation_col: Option<usize>,
    published_col: Option<usize>,
}

impl<'a> RowCtx<'a> {
    pub fn new(
        header: &'a Header,
        decimal_comma: bool,
        fallback_region: &'a str,
        explicit_region: Option<&'a str>,
        year: Option<i32>,
    ) -> Self {
        RowCtx {
            header,
            decimal_comma,
            fallback_region,
            explicit_region,
            year,
            region_col: header.col(&Role::Region),
            year_col: header.col(&Role::Year),
            stage_col: header.col(&Role::Stage),
            code_col: header.col(&Role::Code),
            indicator_col: header.col(&Role::Indicator),
            level_col: header.col(&Role::Level),
            rubric_col: header.col(&Role::Rubric),
            finding_col: header.col(&Role::Finding),
            recommendation_col: header.col(&Role::Recommendation),
            published_col: header.col(&Role::Published),
        }
    }
}

/// A name field (region, stage), refused when absurdly long.
fn name_field<'f, F: Fields + ?Sized>(
    fields: &'f F,
    c: usize,
    what: &str,
    line: usize,
    sink: &mut Sink,
) -> Option<&'f str> {
    let s = fields.get(c);
    if s.len() > MAX_NAME_CHARS && s.chars().count() > MAX_NAME_CHARS {
        sink.problem(
            line,
            Some(c + 1),
            code::FIELD_TOO_LONG,
            format!(
                "{what} `{}` is {} characters long; at most {MAX_NAME_CHARS}",
                snippet(s),
                s.chars().count()
            ),
        );
        return None;
    }
    Some(s)
}

/// Read one data row. `line` is the line (text) or row (sheet) number, 1-based; columns passed
/// to the sink are 1-based field numbers.
pub(crate) fn row<F: Fields + ?Sized>(cx: &RowCtx, fields: &F, line: usize, sink: &mut Sink) {
    let region = match cx.region_col {
        Some(c) => {
            let Some(r) = name_field(fields, c, "region", line, sink) else { return };
            if r.is_empty() {
                let blank_level = cx.header.long && cx.level_col.is_some_and(|l| fields.get(l).is_empty());
                match cx.explicit_region {
                    Some(r) => sink.region(r, line, 0),
                    // A long row without a level records nothing: its region does not matter.
                    None if blank_level => return,
                    None => {
                        sink.problem_with_hint(
                            line,
                            Some(c + 1),
                            code::EMPTY_REGION,
                            "empty region",
                            crate::problem::Hint::Region,
                        );
                        return;
                    }
                }
            } else if sink.summary(r, line, c + 1) {
                // `Rata-rata`, `Jumlah`: a table's summary, not a region (warned once per file).
                return;
            } else {
                sink.region(r, line, c + 1)
            }
        }
        None => sink.region(cx.fallback_region, line, 0),
    };
    let year = match cx.year_col {
        Some(c) if !fields.get(c).is_empty() => match parse_year(fields.get(c)) {
            Some(y) => {
                sink.year(y, line, c + 1);
                Some(y)
            }
            None => {
                let msg = format!("year `{}` is not a whole number", snippet(fields.get(c)));
                sink.problem(line, Some(c + 1), code::BAD_YEAR, msg);
                return;
            }
        },
        _ => cx.year,
    };
    let stage = match cx.stage_col {
        Some(c) => {
            let Some(s) = name_field(fields, c, "stage", line, sink) else { return };
            sink.stage(s, line, c + 1);
            Some(s.to_lowercase()).filter(|s| !s.is_empty())
        }
        None => None,
    };
    let key = Key { region, year, stage, code: None };
    if let Some(c) = cx.code_col {
        let raw = fields.get(c);
        if !raw.is_empty() {
            match crate::region::registry().get(raw) {
                Some(r) => sink.code(&key, r, line, c + 1),
                None => {
                    let msg = format!(
                        "`{}` is not a Kemendagri code: expected a province (e.g. 15) or a kabupaten/kota (e.g. 15.04); `spbe regions list` lists them",
                        snippet(raw)
                    );
                    sink.problem(line, Some(c + 1), code::UNKNOWN_REGION_CODE, msg);
                    return;
                }
            }
        }
    }
    if let Some(c) = cx.rubric_col {
        if !sink.check_rubric(fields.get(c), line, c + 1) {
            return;
        }
    }
    let text_of = |col: Option<usize>| col.map_or("", |c| fields.get(c));
    let (finding, recommendation) = (text_of(cx.finding_col), text_of(cx.recommendation_col));

    if cx.header.long {
        let (ic, lc) = match (cx.indicator_col, cx.level_col) {
            (Some(i), Some(l)) => (i, l),
            _ => return,
        };
        let id = fields.get(ic);
        let node = match sink.rubric.find(id) {
            Some(n) => n,
            None => {
                let (code, msg) = if id.is_empty() {
                    (code::EMPTY_ID, "empty indicator id".to_string())
                } else {
                    (code::UNKNOWN_ID, unknown_id(sink.rubric, id))
                };
                sink.problem(line, Some(ic + 1), code, msg);
                return;
            }
        };
        let raw = fields.get(lc);
        if raw.is_empty() {
            // A blank level means "not assessed": the region exists, the node stays missing
            // (an external indicator's finding is still kept).
            let slot = sink.blank(key, node, line, lc + 1);
            sink.finding(slot, node, finding, recommendation);
            return;
        }
        match parse_value(sink.rubric, node, raw, cx.decimal_comma) {
            Ok(level) => {
                sink.read_as(level, raw, line, lc + 1);
                sink.below_scale(level, node, raw, line, lc + 1);
                let slot = sink.put(key, node, level.value, line, lc + 1);
                sink.finding(slot, node, finding, recommendation);
                for (c, role) in cx.header.roles.iter().enumerate() {
                    if *role == Role::Extra {
                        let text = fields.get(c);
                        if !text.is_empty() {
                            let col = cx.header.names[c].clone();
                            sink.set.items[slot].extras_mut().notes.push((node, col, text.to_string()));
                        }
                    }
                }
            }
            Err((code, msg)) => sink.problem(line, Some(lc + 1), code, msg),
        }
    } else {
        let mut slot = None;
        for (c, role) in cx.header.roles.iter().enumerate() {
            if let Role::Node(node) = *role {
                let raw = fields.get(c);
                if raw.is_empty() {
                    continue;
                }
                match parse_value(sink.rubric, node, raw, cx.decimal_comma) {
                    Ok(level) => {
                        sink.read_as(level, raw, line, c + 1);
                        sink.below_scale(level, node, raw, line, c + 1);
                        slot = Some(sink.put(key.clone(), node, level.value, line, c + 1));
                    }
                    Err((code, msg)) => sink.problem(line, Some(c + 1), code, msg),
                }
            }
        }
        if let (Some(slot), Some(c)) = (slot, cx.published_col) {
            published(cx, fields.get(c), slot, line, c + 1, sink);
        }
    }
}

/// The published index beside a wide row's values, kept to compare with the recomputed one.
/// It is not a value: a cell that is not a number (`-`, `n/a`) is left alone, with a warning.
fn published(cx: &RowCtx, raw: &str, slot: usize, line: usize, column: usize, sink: &mut Sink) {
    let text = raw.trim();
    if text.is_empty() {
        return;
    }
    match super::value::with_decimal_point(text, cx.decimal_comma).parse::<f64>() {
        Ok(index) if index.is_finite() => {
            let at = sink.at(line, Some(column), code::PUBLISHED_DIFFERS, String::new());
            sink.set.items[slot].published = Some(Box::new(super::Published { index, at }));
        }
        _ => {
            let msg = format!(
                "published index `{}` is not a number; it is not compared with the recomputed index",
                snippet(text)
            );
            let p = sink.at(line, Some(column), code::PUBLISHED_NOT_A_NUMBER, msg);
            sink.warn(p);
        }
    }
}

/// A year: a whole number, also when written `2024.0`.
pub(crate) fn parse_year(s: &str) -> Option<i32> {
    s.parse::<i32>().ok().or_else(|| {
        let v = s.parse::<f64>().ok()?;
        (v.fract() == 0.0 && v.abs() <= 9999.0).then_some(v as i32)
    })
}

pub(crate) fn unknown_id(rubric: &Rubric, id: &str) -> String {
    format!(
        "unknown node id `{}`: rubric {} has {}",
        snippet(id),
        rubric.id,
        super::header::id_summary(rubric)
    )
}
