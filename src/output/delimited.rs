//! CSV and TSV: one table (the report's `flat` one), decimal point always, full header.

use std::io::Write;

use super::{neutralize_formula, Cell, Document, NumberText, Style};

/// Write the document's flat table (its rows held and made) as CSV or TSV.
pub fn write(report: &Document, delimiter: u8, style: &Style, w: &mut dyn Write) -> std::io::Result<()> {
    let Some(table) = report.tables.get(report.flat) else { return Ok(()) };
    let mut out = RowWriter::new(&mut *w, delimiter, style);
    out.header(&table.headers)?;
    out.finish()?;
    // The rows, formatted on every core by writers of their own (see [`RowWriter`]).
    report.write_rows_parallel(
        report.flat,
        w,
        || RowWriter::new(Vec::new(), delimiter, style),
        |out, row, runs| out.row_in_runs(row, runs),
        RowWriter::take,
    )
}

/// Writes a table a row at a time, for tables too large to hold whole: the header, then rows
/// as they come. Rows written by several writers (say, one per thread, each into its own
/// buffer) and put one after another read as if one writer had written them all.
///
/// Fields are written as the `csv` crate's writer writes them (a test holds them to it): quoted
/// where they hold the delimiter, a quote or a line break, quotes doubled; a record of no text
/// at all is `""`. Writing them here lets runs of fields that repeat from row to row (a
/// breakdown's region and node, see [`Rows::repeated`](super::Rows::repeated)) be encoded once
/// and copied.
pub struct RowWriter<W: Write> {
    out: W,
    /// Encoded rows not yet written to `out`.
    line: Vec<u8>,
    buf: String,
    /// The text of numbers written lately: a breakdown writes the same weights and levels in
    /// every region, and formatting a number costs several times the lookup.
    numbers: NumberText,
    /// Runs of fields written lately, by their position in the row and key (see
    /// [`RowWriter::row_in_runs`]): `(run, key, encoded fields)`.
    runs: Vec<(usize, u64, Vec<u8>)>,
    /// Decimals of numbers, or `None` for every number in full.
    precision: Option<usize>,
    /// Excel-in-Indonesian CSV: `;` between fields, decimal comma, a BOM before the header.
    excel: bool,
    /// The byte between fields.
    delimiter: u8,
    /// The bytes that make a field quoted.
    special: Special,
    /// No number's text holds one of them (numbers are written without looking).
    plain_numbers: bool,
}

/// The bytes a number's text is made of (`-1.5`, `+0.25`, `inf`, `NaN`), but for the decimal
/// comma.
const NUMBER_BYTES: &[u8] = b"0123456789.+-infNa";

/// Encoded rows are handed to the writer in pieces of about this size.
const FLUSH_AT: usize = 1 << 16;

impl<W: Write> RowWriter<W> {
    /// A writer into `w` with this delimiter; `style` gives the precision and, for CSV, the
    /// Excel (Indonesian) form: semicolons and decimal commas.
    pub fn new(w: W, delimiter: u8, style: &Style) -> RowWriter<W> {
        let excel = style.excel_csv && delimiter == b',';
        let delimiter = if excel { b';' } else { delimiter };
        let precision = (!style.full_precision).then_some(style.precision);
        let special = Special::new(delimiter);
        let comma: &[u8] = if excel { b"," } else { b"" };
        let plain_numbers = !NUMBER_BYTES.iter().chain(comma).any(|&b| special.table[b as usize]);
        RowWriter {
            out: w,
            line: Vec::new(),
            buf: String::new(),
            numbers: NumberText::new(precision, excel),
            runs: Vec::new(),
            precision,
            excel,
            delimiter,
            special,
            plain_numbers,
        }
    }

    /// This writer keeping the text of 4096 numbers, not 256 (some 160 KB), for rows whose
    /// numbers take a few hundred values a column (a summary's domain scores).
    pub fn remembering_more_numbers(mut self) -> RowWriter<W> {
        self.numbers = self.numbers.larger();
        self
    }

    /// Write the header row (a byte-order mark first in the Excel form), formulas neutralised,
    /// through to the writer.
    pub fn header(&mut self, headers: &[String]) -> std::io::Result<()> {
        let mut fields: Vec<String> = headers.iter().map(|h| neutralize_formula(h).into_owned()).collect();
        if self.excel {
            // The byte order mark starts the file: it is written with the first field (a
            // character that needs no quoting), since the header comes first.
            match fields.first_mut() {
                Some(f) => f.insert(0, '\u{feff}'),
                None => fields.push("\u{feff}".to_string()),
            }
        }
        let start = self.line.len();
        for (k, f) in fields.iter().enumerate() {
            if k > 0 {
                self.line.push(self.delimiter);
            }
            field(&mut self.line, &self.special, f.as_bytes());
        }
        self.end(start)?;
        // Written through at once: a writer may be dropped after the header alone.
        self.out.write_all(&self.line)?;
        self.line.clear();
        Ok(())
    }

    /// Write one row of cells: numbers at the writer's precision, text with formulas
    /// neutralised.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[Cell<S>]) -> std::io::Result<()> {
        self.row_in_runs(cells, &[])
    }

    /// [`RowWriter::row`] of a row whose first cells come in runs that other rows repeat:
    /// `(end, key)`, each run the cells from the previous one's end to `end`, the same cells
    /// wherever the run at this position has this key. A run written lately is copied.
    pub fn row_in_runs<S: AsRef<str>>(
        &mut self,
        cells: &[Cell<S>],
        runs: &[(usize, u64)],
    ) -> std::io::Result<()> {
        const SLOTS: usize = 128;
        let start = self.line.len();
        let mut at = 0;
        for (run, &(end, key)) in runs.iter().enumerate() {
            if at > 0 {
                self.line.push(self.delimiter);
            }
            if self.runs.is_empty() {
                self.runs = vec![(usize::MAX, 0, Vec::new()); SLOTS];
            }
            let slot =
                (key.wrapping_add(run as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57) as usize % SLOTS;
            if self.runs[slot].0 != run || self.runs[slot].1 != key {
                let from = self.line.len();
                self.fields(&cells[at..end])?;
                let (seen, seen_key, text) = &mut self.runs[slot];
                text.clear();
                text.extend_from_slice(&self.line[from..]);
                (*seen, *seen_key) = (run, key);
            } else {
                let text = &self.runs[slot].2;
                self.line.extend_from_slice(text);
            }
            at = end;
        }
        if at > 0 && at < cells.len() {
            self.line.push(self.delimiter);
        }
        self.fields(&cells[at..])?;
        self.end(start)
    }

    /// The cells as fields, with the delimiter between them.
    fn fields<S: AsRef<str>>(&mut self, cells: &[Cell<S>]) -> std::io::Result<()> {
        for (k, c) in cells.iter().enumerate() {
            if k > 0 {
                self.line.push(self.delimiter);
            }
            match c {
                Cell::Text(s) | Cell::Rating(s, _) | Cell::Code(s) | Cell::Id(s) => {
                    field(&mut self.line, &self.special, neutralize_formula(s.as_ref()).as_bytes())
                }
                other => match self.numbers.text(other) {
                    Some(text) if self.plain_numbers => self.line.extend_from_slice(text.as_bytes()),
                    Some(text) => field(&mut self.line, &self.special, text.as_bytes()),
                    None => {
                        self.buf.clear();
                        other.display_into(&mut self.buf, self.precision, self.excel);
                        field(&mut self.line, &self.special, self.buf.as_bytes());
                    }
                },
            }
        }
        Ok(())
    }

    /// End the record begun at `start`, and hand what is encoded to the writer when it is a lot.
    fn end(&mut self, start: usize) -> std::io::Result<()> {
        if self.line.len() == start {
            self.line.extend_from_slice(b"\"\""); // a record of no text, as `csv` writes it
        }
        self.line.push(b'\n');
        if self.line.len() >= FLUSH_AT {
            self.out.write_all(&self.line)?;
            self.line.clear();
        }
        Ok(())
    }

    /// Flush, and give back what was written to.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.write_all(&self.line)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A field as `csv` writes it: quoted, quotes doubled, where it holds a `special` byte.
fn field(out: &mut Vec<u8>, special: &Special, text: &[u8]) {
    if !special.any_in(text) {
        out.extend_from_slice(text);
        return;
    }
    out.push(b'"');
    for &b in text {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// The bytes that make a field quoted: the delimiter, `"`, CR and LF.
struct Special {
    bytes: [u8; 4],
    table: [bool; 256],
}

impl Special {
    fn new(delimiter: u8) -> Special {
        let bytes = [delimiter, b'"', b'\r', b'\n'];
        let mut table = [false; 256];
        for b in bytes {
            table[b as usize] = true;
        }
        Special { bytes, table }
    }

    /// Whether `text` holds one. Eight bytes at a time (a region's name, the text most rows
    /// have, is some 30 bytes): a word XORed with a special byte has a zero byte where the
    /// word has that byte, and `(x - 0x01..01) & !x & 0x80..80` is not zero exactly when `x`
    /// has a zero byte.
    fn any_in(&self, text: &[u8]) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        let mut words = text.chunks_exact(8);
        for word in &mut words {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            let w = u64::from_le_bytes(w);
            let mut zero = 0;
            for b in self.bytes {
                let x = w ^ (ONES * u64::from(b));
                zero |= x.wrapping_sub(ONES) & !x & HIGHS;
            }
            if zero != 0 {
                return true;
            }
        }
        words.remainder().iter().any(|&b| self.table[b as usize])
    }
}

impl RowWriter<Vec<u8>> {
    /// Flush, and hand over what was written so far, going on in `spare` (emptied): rows made
    /// in chunks are handed on while the writer (and its cache of numbers' text) goes on to the
    /// next chunk, and a buffer written out can serve again.
    pub fn swap_out(&mut self, mut spare: Vec<u8>) -> Vec<u8> {
        spare.clear();
        if self.out.is_empty() {
            return std::mem::replace(&mut self.line, spare);
        }
        self.out.append(&mut self.line);
        std::mem::replace(&mut self.out, spare)
    }

    /// Flush, and take what was written so far (the writer goes on with an empty buffer).
    pub fn take(&mut self) -> std::io::Result<Vec<u8>> {
        let capacity = self.line.capacity();
        let mut line = std::mem::replace(&mut self.line, Vec::with_capacity(capacity));
        if self.out.is_empty() {
            return Ok(line);
        }
        let mut out = std::mem::take(&mut self.out);
        out.append(&mut line);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec![
                "a", "Kab. B", ",", ";", "\t", "\"", "\n", "\r", "'", "=", " ", "é", "\u{feff}",
            ]),
            0..5,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        /// Fields are written as the `csv` crate writes them, whatever the text, the
        /// delimiter and the number of fields (none, one empty); rows in runs as without.
        #[test]
        fn fields_as_the_csv_crate_writes_them(
            rows in prop::collection::vec(prop::collection::vec(text(), 0..4), 1..6),
            delimiter in prop::sample::select(vec![b',', b'\t', b';']),
        ) {
            let width = rows[0].len();
            let mut rows: Vec<Vec<String>> =
                rows.into_iter().map(|mut r| { r.resize(width, String::new()); r }).collect();
            // Runs below: the first cell the same in rows of the same parity, the second in
            // every row.
            for k in 1..rows.len() {
                for c in 0..width.min(2) {
                    rows[k][c] = rows[if c == 0 { k % 2 } else { 0 }][c].clone();
                }
            }
            let mut want = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
            let style = Style::default();
            let mut got = RowWriter::new(Vec::new(), delimiter, &style);
            let mut runs = RowWriter::new(Vec::new(), delimiter, &style);
            for (k, r) in rows.iter().enumerate() {
                let fields: Vec<String> = r.iter().map(|f| neutralize_formula(f).into_owned()).collect();
                want.write_record(&fields).unwrap();
                let cells: Vec<Cell> = r.iter().map(Cell::text).collect();
                got.row(&cells).unwrap();
                // The first cell a run keyed by the row's parity, the second its own run.
                let ends: Vec<(usize, u64)> =
                    [(1, (k % 2) as u64), (2, 7)].into_iter().filter(|&(end, _)| end <= width).collect();
                runs.row_in_runs(&cells, &ends).unwrap();
            }
            let want = String::from_utf8(want.into_inner().unwrap()).unwrap();
            prop_assert_eq!(String::from_utf8(got.finish().unwrap()).unwrap(), want.clone());
            prop_assert_eq!(String::from_utf8(runs.finish().unwrap()).unwrap(), want);
        }
    }

    fn number() -> impl Strategy<Value = Cell> {
        let x = prop_oneof![
            any::<f64>(),
            -10.0f64..10.0,
            prop::sample::select(vec![0.0, -0.0, -0.001, 2.5, 1e21, -1e-7, f64::INFINITY, f64::NAN]),
        ];
        (x, 0u8..4).prop_map(|(x, kind)| match kind {
            0 => Cell::Num(Some(x)),
            1 => Cell::Delta(Some(x)),
            2 => Cell::FineDelta(Some(x)),
            _ => Cell::Num(None),
        })
    }

    proptest! {
        /// Numbers, written without looking for bytes to quote, are the fields `csv` writes
        /// of their text, in every form: CSV, TSV, Excel's (`;` and a decimal comma), in full
        /// or at a precision.
        #[test]
        fn numbers_as_the_csv_crate_writes_them(
            rows in prop::collection::vec(prop::collection::vec(number(), 3), 1..5),
            form in 0u8..3,
            precision in prop::option::of(0usize..13),
        ) {
            let (delimiter, excel) = [(b',', false), (b'\t', false), (b',', true)][form as usize];
            let style = Style {
                precision: precision.unwrap_or(2),
                full_precision: precision.is_none(),
                excel_csv: excel,
                ..Style::default()
            };
            let mut want = csv::WriterBuilder::new()
                .delimiter(if excel { b';' } else { delimiter })
                .from_writer(Vec::new());
            let mut got = RowWriter::new(Vec::new(), delimiter, &style);
            for r in &rows {
                let fields: Vec<String> = r
                    .iter()
                    .map(|c| { let mut t = String::new(); c.display_into(&mut t, precision, excel); t })
                    .collect();
                want.write_record(&fields).unwrap();
                got.row(r).unwrap();
            }
            let want = String::from_utf8(want.into_inner().unwrap()).unwrap();
            prop_assert_eq!(String::from_utf8(got.finish().unwrap()).unwrap(), want);
        }
    }

    #[test]
    fn special_bytes_are_found_wherever_they_are() {
        for delimiter in [b',', b'\t', b';'] {
            let special = Special::new(delimiter);
            for len in 0..40 {
                let plain: Vec<u8> = (0..len).map(|i| b"Kab. Wilayah 0123456789"[i % 23]).collect();
                assert!(!special.any_in(&plain));
                for at in 0..len {
                    for b in 0..=255u8 {
                        let mut text = plain.clone();
                        text[at] = b;
                        assert_eq!(special.any_in(&text), special.table[b as usize], "{b} at {at} of {len}");
                    }
                }
            }
        }
    }

    #[test]
    fn rows_written_by_several_writers_read_as_one() {
        let rows: Vec<Vec<Cell>> = (0..10)
            .map(|i| {
                vec![
                    Cell::text(format!("Kab. \"{i}\", Jambi")),
                    Cell::Num(Some(i as f64 / 3.0)),
                    Cell::Rating("Baik".into(), 2),
                    Cell::Delta(Some(-0.001)),
                    Cell::Num(None),
                    Cell::text("=1+1"),
                ]
            })
            .collect();
        let style = Style { precision: 2, ..Style::default() };
        let header: Vec<String> =
            ["region", "index", "rating", "change", "D1", "note"].map(String::from).to_vec();
        let mut one = RowWriter::new(Vec::new(), b',', &style);
        one.header(&header).unwrap();
        rows.iter().for_each(|r| one.row(r).unwrap());
        let one = one.finish().unwrap();

        let mut parts = RowWriter::new(Vec::new(), b',', &style);
        parts.header(&header).unwrap();
        let mut joined = parts.finish().unwrap();
        for chunk in rows.chunks(3) {
            let mut w = RowWriter::new(Vec::new(), b',', &style);
            chunk.iter().for_each(|r| w.row(r).unwrap());
            joined.extend(w.finish().unwrap());
        }
        assert_eq!(String::from_utf8(joined).unwrap(), String::from_utf8(one.clone()).unwrap());
        // Quoted where needed, formulas neutralised, -0.001 shown unsigned at 2 decimals.
        let text = String::from_utf8(one).unwrap();
        assert_eq!(text.lines().nth(1), Some("\"Kab. \"\"0\"\", Jambi\",0.00,Baik,0.00,,'=1+1"));
    }
}
