//! The CSV/TSV reader: delimiter sniffing, long and wide shapes, one reused record.

use super::decode::{decode, Decoded};
use super::header::classify;
use super::row::{row, RowCtx};
use super::{Input, ReadOptions, Sink};
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
    let ctx = RowCtx::new(&header, decimal_comma, &fallback_region, opts.region.as_deref(), opts.year);
    let mut rows = 0usize;
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                    continue;
                }
                rows += 1;
                if width_ok(header.names.len(), delimiter, &record, sink) {
                    row(&ctx, &record, line_of(&record), sink);
                }
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

fn line_of(record: &csv::ByteRecord) -> usize {
    record.position().map_or(0, |p| p.line() as usize)
}

/// A record has as many fields as the header; trailing delimiters (empty extra fields) are
/// harmless.
fn width_ok(width: usize, delimiter: u8, record: &csv::ByteRecord, sink: &mut Sink) -> bool {
    if record.len() == width
        || (record.len() > width && record.iter().skip(width).all(|f| f.trim_ascii().is_empty()))
    {
        return true;
    }
    sink.problem(
        line_of(record),
        Some(record.len().min(width) + 1),
        format!(
            "expected {width} fields like the header, found {} (is the delimiter {}?)",
            record.len(),
            delimiter_name(delimiter)
        ),
    );
    false
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
