//! CSV and TSV: one table (the report's `flat` one), decimal point always, full header.

use std::io::Write;

use super::{neutralize_formula, Cell, Report, Style};

pub fn write(report: &Report, delimiter: u8, style: &Style, w: &mut dyn Write) -> std::io::Result<()> {
    let Some(table) = report.tables.get(report.flat) else { return Ok(()) };
    let mut out = csv::WriterBuilder::new().delimiter(delimiter).from_writer(w);
    out.write_record(table.headers.iter().map(|h| neutralize_formula(h).into_owned()))?;
    for row in &table.rows {
        out.write_record(row.iter().map(|c| match c {
            Cell::Text(s) | Cell::Rating(s, _) => neutralize_formula(s).into_owned(),
            other => other.display(style.precision, false),
        }))?;
    }
    out.flush()?;
    Ok(())
}
