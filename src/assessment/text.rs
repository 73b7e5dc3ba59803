//! The CSV/TSV reader: decoding as the bytes stream in, delimiter sniffing, long and wide
//! shapes, one reused record.

use std::io::Read;

use super::bounded::{is_too_long, Bounded, MAX_RECORD_BYTES};
use super::decode::{decode_error, DecodeReader};
use super::header::{Header, HeaderSearch};
use super::message::ReadMessage;
use super::row::{row, RowCtx};
use super::{Input, ReadOptions, Sink};
use crate::problem::{code, Message, Problem};

/// How much of a file is decoded before parsing starts (the delimiter is sniffed from it).
const SNIFF_BYTES: usize = 64 * 1024;

/// Read one CSV/TSV input as it streams in; memory stays bounded by one record and the
/// regions found, whatever the size of the file.
pub(crate) fn read_stream(reader: impl Read, input: &Input, opts: &ReadOptions, sink: &mut Sink) {
    let mut decoder = DecodeReader::new(reader);
    let prefix = match sniff_prefix(&mut decoder) {
        Ok(p) => p,
        Err(e) => {
            report_io(sink, &e, 1);
            return;
        }
    };
    let mut prefix = prefix;
    let delimiter = sniff_delimiter(&String::from_utf8_lossy(&prefix), input);
    if let Some((_, len)) = excel_sep(&String::from_utf8_lossy(&prefix)) {
        // Excel's `sep=;` line names the delimiter and is no header: blanked, so that the
        // header is looked for on the next line and line numbers stay as they are.
        prefix[..len].fill(b' ');
    }
    let source = Bounded::new(std::io::Cursor::new(prefix).chain(decoder));
    let mut rdr =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(source);
    read_records(&mut rdr, delimiter, input, opts, sink);
    if let Some((line, w)) = rdr.get_ref().get_ref().get_ref().1.warning() {
        let p = match line {
            Some(line) => Problem::at(sink.name, line as usize, None, code::TRANSCODED, w),
            None => Problem::file(sink.name, code::TRANSCODED, w),
        };
        sink.warn(p);
    }
}

/// The first 64 KiB of the text (all of it, if shorter): enough to sniff the delimiter from the
/// first line, and decoded ahead of any parsing, so a binary file is called so before its first
/// bytes are taken for a header.
fn sniff_prefix(r: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut prefix = Vec::with_capacity(SNIFF_BYTES);
    r.take(SNIFF_BYTES as u64).read_to_end(&mut prefix)?;
    Ok(prefix)
}

/// A problem for an error while reading (a decoding error, a record too long, an I/O error).
fn report_io(sink: &mut Sink, e: &std::io::Error, line: usize) {
    if let Some(d) = decode_error(e) {
        sink.problem(d.line as usize, None, d.code, d.message.clone());
    } else if is_too_long(e) {
        sink.problem(
            line,
            None,
            code::RECORD_TOO_LONG,
            format!(
                "a record longer than {} MiB starts here; is a quote left open?",
                MAX_RECORD_BYTES / (1024 * 1024)
            ),
        );
    } else {
        sink.problems.push(Problem::file(sink.name, code::UNREADABLE, format!("cannot read: {e}")));
    }
}

fn report_csv(sink: &mut Sink, e: &csv::Error, line: usize) {
    match e.kind() {
        csv::ErrorKind::Io(io) => report_io(sink, io, line),
        _ => {
            let line = e.position().map_or(line, |p| p.line() as usize);
            sink.problem(line, None, code::PARSE, format!("cannot parse: {e}"));
        }
    }
}

/// Excel's first line `sep=;` (Excel writes it and reads it back): the delimiter it names and
/// the length of the line, without its end. Only the very first line counts, as in Excel.
pub fn excel_sep(text: &str) -> Option<(u8, usize)> {
    let line = text.split('\n').next()?;
    let line = line.strip_suffix('\r').unwrap_or(line);
    if !line.get(..4)?.eq_ignore_ascii_case("sep=") {
        return None;
    }
    match line.as_bytes()[4..] {
        [d] if d.is_ascii() && !matches!(d, b'"' | b'\r' | b'\n') => Some((d, line.len())),
        _ => None,
    }
}

/// The text after Excel's `sep=` line, if it has one (see `excel_sep`).
pub fn after_excel_sep(text: &str) -> &str {
    match excel_sep(text) {
        Some((_, len)) => &text[len..],
        None => text,
    }
}

/// The delimiter of a file: the one an Excel `sep=` first line names, else tab for `.tsv`,
/// else whichever of `,` `;` tab occurs most outside quotes in the first line holding two of one
/// (or else one; comma on a tie, and when no line does).
pub fn sniff_delimiter(text: &str, input: &Input) -> u8 {
    if let Some((d, _)) = excel_sep(text) {
        return d;
    }
    if let Input::Path(p) = input {
        if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv")) {
            return b'\t';
        }
    }
    // A title above the header may have no delimiter, or a comma in its text: the first line
    // with two of one is taken, else the first with one.
    let lines = || text.lines().filter(|l| !l.trim().is_empty()).take(12).map(line_delimiter);
    lines()
        .find_map(|d| d.filter(|&(_, n)| n >= 2))
        .or_else(|| lines().find_map(|d| d))
        .map_or(b',', |(d, _)| d)
}

/// Whichever of `,` `;` tab occurs most in a line outside quotes (comma on a tie), with its
/// count, if any does.
fn line_delimiter(line: &str) -> Option<(u8, usize)> {
    let (mut counts, mut quoted) = ([0usize; 3], false);
    for b in line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))?;
    (counts[best] > 0).then_some(([b',', b';', b'\t'][best], counts[best]))
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "comma",
    }
}

type Records<R> = csv::Reader<Bounded<R>>;

fn read_records<R: Read>(
    rdr: &mut Records<R>,
    delimiter: u8,
    input: &Input,
    opts: &ReadOptions,
    sink: &mut Sink,
) {
    let mut record = csv::ByteRecord::new();

    // Header: the first non-blank record, or the first clean one after a title.
    let mut search = HeaderSearch::default();
    let found = loop {
        let at = rdr.position().line() as usize;
        match rdr.read_byte_record(&mut record) {
            Ok(false) => match search.finish() {
                Some(first) => break first,
                None => {
                    sink.problems.push(Problem::file(
                        sink.name,
                        code::EMPTY_FILE,
                        "empty file: expected a header line and rows",
                    ));
                    return;
                }
            },
            Ok(true) => {
                let end = rdr.position().byte();
                rdr.get_mut().record_ended_at(end);
                if is_blank(&record) {
                    continue;
                }
                let line = line_of(rdr, &record);
                let fields: Vec<String> =
                    record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
                if let Some(found) = search.offer(sink.rubric, line, fields) {
                    break found;
                }
            }
            Err(e) => {
                report_csv(sink, &e, at);
                return;
            }
        }
    };
    // A `.tsv` (read with tabs) whose header is one column holding commas is CSV.
    let csv_as_tsv = delimiter == b'\t' && found.fields.len() == 1 && found.fields[0].contains(',');
    for (col, code, msg) in found.problems {
        let msg = if csv_as_tsv { ReadMessage::CsvNamedTsv(Box::new(msg)) } else { msg };
        sink.problem(found.line, Some(col + 1), code, Message::said(msg));
    }
    if !sink.problems.is_empty() {
        return;
    }
    if let Some(titles) = search.titles() {
        sink.titles(titles, found.line);
    }
    let header = found.header;

    let decimal_comma = delimiter != b',';
    let fallback_region = opts.region.clone().unwrap_or_else(|| input.stem());
    let ctx = RowCtx::new(&header, decimal_comma, &fallback_region, opts.region.as_deref(), opts.year);
    let mut rows = 0usize;
    loop {
        let at = rdr.position().line() as usize;
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let end = rdr.position().byte();
                rdr.get_mut().record_ended_at(end);
                if is_blank(&record) {
                    continue;
                }
                rows += 1;
                let line = line_of(rdr, &record);
                if width_ok(&header, delimiter, &record, line, sink) {
                    row(&ctx, &record, line, sink);
                }
            }
            Err(e) => {
                report_csv(sink, &e, at);
                return;
            }
        }
    }
    if rows == 0 {
        sink.problems.push(Problem::file(sink.name, code::HEADER_ONLY, "the file has a header but no rows"));
    }
}

fn is_blank(record: &csv::ByteRecord) -> bool {
    record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace))
}

/// The line a record starts on, counted by the [`Bounded`] source (the csv crate's count is
/// off after CRLF line ends and blank lines).
fn line_of<R: Read>(rdr: &mut csv::Reader<Bounded<R>>, record: &csv::ByteRecord) -> usize {
    let start = record.position().map_or(0, |p| p.byte());
    rdr.get_mut().line_at(start)
}

/// A record has the header's named columns; trailing delimiters (empty fields after the last
/// named column, in the header or the row) are harmless.
fn width_ok(header: &Header, delimiter: u8, record: &csv::ByteRecord, line: usize, sink: &mut Sink) -> bool {
    let width = header.width;
    if record.len() < width {
        let open_quote =
            if record.iter().any(|f| f.contains(&b'\n')) { "; is a quote left open?" } else { "" };
        sink.problem(
            line,
            Some(record.len() + 1),
            code::FIELD_COUNT,
            format!(
                "expected {width} fields like the header, found {} (is the delimiter {}?){open_quote}",
                record.len(),
                delimiter_name(delimiter)
            ),
        );
        return false;
    }
    if let Some(extra) = record.iter().skip(width).position(|f| !f.trim_ascii().is_empty()) {
        sink.problem(
            line,
            Some(width + extra + 1),
            code::FIELD_COUNT,
            format!(
                "expected {width} fields like the header, found {} (field {} has a value but no column name; is the delimiter {}?)",
                record.len(),
                width + extra + 1,
                delimiter_name(delimiter)
            ),
        );
        return false;
    }
    true
}
