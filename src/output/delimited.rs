//! CSV and TSV: one table (the report's `flat` one), decimal point always, full header.

use std::io::Write;

use super::{neutralize_formula, Cell, Document, Style};

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
        |out, row| out.row(row),
        RowWriter::take,
    )
}

/// Writes a table a row at a time, for tables too large to hold whole: the header, then rows
/// as they come. Rows written by several writers (say, one per thread, each into its own
/// buffer) and put one after another read as if one writer had written them all.
pub struct RowWriter<W: Write> {
    out: csv::Writer<W>,
    buf: String,
    /// The text of numbers written lately, by their bits and kind (see [`RowWriter::number`]).
    numbers: Vec<(u64, u8, String)>,
    /// Decimals of numbers, or `None` for every number in full.
    precision: Option<usize>,
    /// Excel-in-Indonesian CSV: `;` between fields, decimal comma, a BOM before the header.
    excel: bool,
    /// The byte between fields.
    delimiter: u8,
}

impl<W: Write> RowWriter<W> {
    /// A writer into `w` with this delimiter; `style` gives the precision and, for CSV, the
    /// Excel (Indonesian) form: semicolons and decimal commas.
    pub fn new(w: W, delimiter: u8, style: &Style) -> RowWriter<W> {
        let excel = style.excel_csv && delimiter == b',';
        let delimiter = if excel { b';' } else { delimiter };
        let out = csv::WriterBuilder::new().delimiter(delimiter).from_writer(w);
        let precision = (!style.full_precision).then_some(style.precision);
        RowWriter { out, buf: String::new(), numbers: Vec::new(), precision, excel, delimiter }
    }

    /// Write the header row (a byte-order mark first in the Excel form), formulas neutralised.
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
        self.out.write_record(&fields)?;
        Ok(())
    }

    /// Write one row of cells: numbers at the writer's precision, text with formulas
    /// neutralised.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[Cell<S>]) -> std::io::Result<()> {
        for c in cells {
            match c {
                Cell::Text(s) | Cell::Rating(s, _) | Cell::Code(s) | Cell::Id(s) => {
                    self.out.write_field(neutralize_formula(s.as_ref()).as_bytes())?
                }
                Cell::Num(Some(x)) => self.number(0, *x, c)?,
                Cell::Delta(Some(x)) => self.number(1, *x, c)?,
                Cell::FineDelta(Some(x)) => self.number(2, *x, c)?,
                other => {
                    self.buf.clear();
                    other.display_into(&mut self.buf, self.precision, self.excel);
                    self.out.write_field(&self.buf)?;
                }
            }
        }
        self.out.write_record(None::<&[u8]>)?;
        Ok(())
    }

    /// A number cell (`kind`: 0 a score, 1 a difference, 2 a finer one), its text from a small
    /// cache where it was written lately: a breakdown writes the same weights and levels in
    /// every region, and formatting a number costs several times the lookup.
    fn number<S: AsRef<str>>(&mut self, kind: u8, x: f64, cell: &Cell<S>) -> std::io::Result<()> {
        const SLOTS: usize = 256;
        if self.numbers.is_empty() {
            self.numbers = vec![(0, 0, String::new()); SLOTS];
        }
        let bits = x.to_bits();
        let slot =
            (bits.wrapping_add(kind as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % SLOTS;
        let (seen, seen_kind, text) = &mut self.numbers[slot];
        // An empty text is a slot not used yet (a number always has digits).
        if (*seen, *seen_kind) != (bits, kind) || text.is_empty() {
            text.clear();
            cell.display_into(text, self.precision, self.excel);
            (*seen, *seen_kind) = (bits, kind);
        }
        self.out.write_field(text.as_bytes())?;
        Ok(())
    }

    /// Flush, and give back what was written to.
    pub fn finish(self) -> std::io::Result<W> {
        self.out.into_inner().map_err(|e| std::io::Error::new(e.error().kind(), e.error().to_string()))
    }
}

impl RowWriter<Vec<u8>> {
    /// Flush, and take what was written so far (the writer goes on with an empty buffer).
    pub fn take(&mut self) -> std::io::Result<Vec<u8>> {
        let fresh = csv::WriterBuilder::new().delimiter(self.delimiter).from_writer(Vec::new());
        std::mem::replace(&mut self.out, fresh)
            .into_inner()
            .map_err(|e| std::io::Error::new(e.error().kind(), e.error().to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
