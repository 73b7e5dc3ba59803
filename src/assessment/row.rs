//! The row logic shared by every reader: given the fields of one data row (from a CSV record or
//! a spreadsheet row) and the classified header, find the region, year and stage, parse the
//! values and hand them to the [`Sink`]. Readers only differ in how they get the fields and in
//! how a position is named (line and column, or sheet and cell), which the `Sink` knows.

use super::header::{Header, Role};
use super::text::{parse_value, unknown_id};
use super::{Key, Sink};

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
        // Readers decode the whole text up front, so every field is valid UTF-8.
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
    indicator_col: Option<usize>,
    level_col: Option<usize>,
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
            indicator_col: header.col(&Role::Indicator),
            level_col: header.col(&Role::Level),
        }
    }
}

/// Read one data row. `line` is the line (text) or row (sheet) number, 1-based; columns passed
/// to the sink are 1-based field numbers.
pub(crate) fn row<F: Fields + ?Sized>(cx: &RowCtx, fields: &F, line: usize, sink: &mut Sink) {
    let region = match cx.region_col {
        Some(c) => {
            let r = fields.get(c);
            if r.is_empty() {
                let blank_level = cx.header.long && cx.level_col.is_some_and(|l| fields.get(l).is_empty());
                match cx.explicit_region {
                    Some(r) => r.to_string(),
                    // A long row without a level records nothing: its region does not matter.
                    None if blank_level => return,
                    None => {
                        sink.problem(line, Some(c + 1), "empty region: fill it in, or pass --region NAME");
                        return;
                    }
                }
            } else {
                collapse_spaces(r)
            }
        }
        None => cx.fallback_region.to_string(),
    };
    let year = match cx.year_col {
        Some(c) if !fields.get(c).is_empty() => match fields.get(c).parse::<i32>() {
            Ok(y) => Some(y),
            Err(_) => {
                sink.problem(line, Some(c + 1), format!("year `{}` is not a whole number", fields.get(c)));
                return;
            }
        },
        _ => cx.year,
    };
    let stage = cx.stage_col.map(|c| fields.get(c).to_lowercase()).filter(|s| !s.is_empty());
    let key = Key { region, year, stage };

    if cx.header.long {
        let (ic, lc) = match (cx.indicator_col, cx.level_col) {
            (Some(i), Some(l)) => (i, l),
            _ => return,
        };
        let id = fields.get(ic);
        let node = match sink.rubric.find(id) {
            Some(n) => n,
            None => {
                let msg = if id.is_empty() {
                    "empty indicator id".to_string()
                } else {
                    unknown_id(sink.rubric, id)
                };
                sink.problem(line, Some(ic + 1), msg);
                return;
            }
        };
        let raw = fields.get(lc);
        if raw.is_empty() {
            // A blank level means "not assessed": the region exists, the node stays missing.
            sink.touch(key);
            return;
        }
        match parse_value(sink.rubric, node, raw, cx.decimal_comma) {
            Ok(v) => {
                let slot = sink.put(key, node, v, line, lc + 1);
                for (c, role) in cx.header.roles.iter().enumerate() {
                    if *role == Role::Extra {
                        let text = fields.get(c);
                        if !text.is_empty() {
                            let col = cx.header.names[c].clone();
                            sink.set.items[slot].notes.push((node, col, text.to_string()));
                        }
                    }
                }
            }
            Err(msg) => sink.problem(line, Some(lc + 1), msg),
        }
    } else {
        for (c, role) in cx.header.roles.iter().enumerate() {
            if let Role::Node(node) = *role {
                let raw = fields.get(c);
                if raw.is_empty() {
                    continue;
                }
                match parse_value(sink.rubric, node, raw, cx.decimal_comma) {
                    Ok(v) => {
                        sink.put(key.clone(), node, v, line, c + 1);
                    }
                    Err(msg) => sink.problem(line, Some(c + 1), msg),
                }
            }
        }
    }
}

fn collapse_spaces(s: &str) -> String {
    if s.contains("  ") {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        s.to_string()
    }
}
