//! The CSV/TSV reader: delimiter sniffing, long and wide shapes, one reused record.

use super::decode::{decode, Decoded};
use super::header::{classify, Header, Role};
use super::{Input, Key, ReadOptions, Sink};
use crate::rubric::{Kind, Rubric};

pub(crate) fn read_bytes(bytes: &[u8], input: &Input, opts: &ReadOptions, sink: &mut Sink) {
    let text = match decode(bytes) {
        Decoded::Text { text, warning } => {
            if let Some(w) = warning {
                sink.warn(w);
            }
            text
        }
        Decoded::NotText(msg) => {
            sink.problems.push(crate::problem::Problem::file(sink.name, msg));
            return;
        }
    };
    if text.trim().is_empty() {
        sink.problems
            .push(crate::problem::Problem::file(sink.name, "empty file: expected a header line and rows"));
        return;
    }
    let delimiter = sniff_delimiter(&text, input);
    read_text(&text, delimiter, input, opts, sink);
}

/// The delimiter of a file: tab for `.tsv`, else whichever of `,` `;` tab occurs most in the
/// first line outside quotes (comma on a tie).
pub fn sniff_delimiter(text: &str, input: &Input) -> u8 {
    if let Input::Path(p) = input {
        if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv")) {
            return b'\t';
        }
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let (mut counts, mut quoted) = ([0usize; 3], false);
    for b in first.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let delims = [b',', b';', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        delims[best]
    }
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "comma",
    }
}

fn read_text(text: &str, delimiter: u8, input: &Input, opts: &ReadOptions, sink: &mut Sink) {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();

    // Header: the first non-blank record.
    let header = loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => {
                sink.problems
                    .push(crate::problem::Problem::file(sink.name, "empty file: expected a header line"));
                return;
            }
            Ok(true) if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) => continue,
            Ok(true) => {
                let line = line_of(&record);
                let fields: Vec<String> =
                    record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
                let (header, problems) = classify(sink.rubric, &fields);
                for (col, msg) in problems {
                    sink.problem(line, Some(col + 1), msg);
                }
                break header;
            }
            Err(e) => {
                sink.problem(1, None, format!("cannot parse: {e}"));
                return;
            }
        }
    };
    if !sink.problems.is_empty() {
        return;
    }

    let decimal_comma = delimiter != b',';
    let fallback_region = opts.region.clone().unwrap_or_else(|| input.stem());
    let ctx = RowCtx {
        header: &header,
        decimal_comma,
        fallback_region: &fallback_region,
        year: opts.year,
        delimiter,
        region_col: header.col(&Role::Region),
        year_col: header.col(&Role::Year),
        stage_col: header.col(&Role::Stage),
        indicator_col: header.col(&Role::Indicator),
        level_col: header.col(&Role::Level),
    };
    let mut rows = 0usize;
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                    continue;
                }
                rows += 1;
                row(&ctx, &record, sink);
                if sink.too_many() {
                    return;
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                sink.problem(line, None, format!("cannot parse: {e}"));
                return;
            }
        }
    }
    if rows == 0 {
        sink.problems.push(crate::problem::Problem::file(sink.name, "the file has a header but no rows"));
    }
}

struct RowCtx<'a> {
    header: &'a Header,
    decimal_comma: bool,
    fallback_region: &'a str,
    year: Option<i32>,
    delimiter: u8,
    region_col: Option<usize>,
    year_col: Option<usize>,
    stage_col: Option<usize>,
    indicator_col: Option<usize>,
    level_col: Option<usize>,
}

fn line_of(record: &csv::ByteRecord) -> usize {
    record.position().map_or(0, |p| p.line() as usize)
}

fn field(record: &csv::ByteRecord, i: usize) -> &str {
    // The whole text was decoded up front, so every field is valid UTF-8.
    record.get(i).and_then(|f| std::str::from_utf8(f).ok()).unwrap_or("").trim()
}

fn row(cx: &RowCtx, record: &csv::ByteRecord, sink: &mut Sink) {
    let line = line_of(record);
    let width = cx.header.names.len();
    if record.len() != width {
        // Trailing delimiters (empty extra fields) are harmless.
        let extra_empty =
            record.len() > width && record.iter().skip(width).all(|f| f.trim_ascii().is_empty());
        if !extra_empty {
            sink.problem(
                line,
                Some(record.len().min(width) + 1),
                format!(
                    "expected {width} fields like the header, found {} (is the delimiter {}?)",
                    record.len(),
                    delimiter_name(cx.delimiter)
                ),
            );
            return;
        }
    }

    let region = match cx.region_col {
        Some(c) => {
            let r = field(record, c);
            if r.is_empty() {
                sink.problem(line, Some(c + 1), "empty region");
                return;
            }
            collapse_spaces(r)
        }
        None => cx.fallback_region.to_string(),
    };
    let year = match cx.year_col {
        Some(c) if !field(record, c).is_empty() => match field(record, c).parse::<i32>() {
            Ok(y) => Some(y),
            Err(_) => {
                sink.problem(line, Some(c + 1), format!("year `{}` is not a whole number", field(record, c)));
                return;
            }
        },
        _ => cx.year,
    };
    let stage = cx.stage_col.map(|c| field(record, c).to_lowercase()).filter(|s| !s.is_empty());
    let key = Key { region, year, stage };

    if cx.header.long {
        let (ic, lc) = match (cx.indicator_col, cx.level_col) {
            (Some(i), Some(l)) => (i, l),
            _ => return,
        };
        let id = field(record, ic);
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
        let raw = field(record, lc);
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
                        let text = field(record, c);
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
                let raw = field(record, c);
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

pub(crate) fn unknown_id(rubric: &Rubric, id: &str) -> String {
    format!("unknown node id `{id}`: rubric {} has {}", rubric.id, super::header::id_summary(rubric))
}

/// Parse a value for a node and check it against the scale.
pub fn parse_value(rubric: &Rubric, node: usize, raw: &str, decimal_comma: bool) -> Result<f64, String> {
    let s = raw.trim();
    let owned;
    let s = if decimal_comma && s.contains(',') {
        owned = s.replace(',', ".");
        owned.as_str()
    } else {
        s
    };
    let v: f64 = match s.parse() {
        Ok(v) => v,
        Err(_) => return Err(format!("`{raw}` is not a number; expected a level {}", range(rubric))),
    };
    if !v.is_finite() {
        return Err(format!("`{raw}` is not a finite number; expected a level {}", range(rubric)));
    }
    let scale = &rubric.scale;
    if !scale.contains(v) {
        return Err(format!("level {} is outside {}", raw.trim(), range(rubric)));
    }
    let n = rubric.node(node);
    if n.kind == Kind::Indicator && scale.integer && v.fract() != 0.0 {
        return Err(format!(
            "level {} of indicator {} is not a whole number; indicator levels are {}",
            raw.trim(),
            n.id,
            range(rubric)
        ));
    }
    Ok(v)
}

fn range(rubric: &Rubric) -> String {
    format!("{}..{}", rubric.scale.min, rubric.scale.max)
}
