//! Excel workbooks (rust_xlsxwriter): one sheet per table. Numbers are stored as numbers, at
//! full precision, with a number format of `--precision` decimals; the header row is bold and
//! frozen, with an autofilter; rating cells are coloured by band as the report colours them
//! ([`crate::palette`]); columns are fitted to their contents. Text a spreadsheet would run as a
//! formula (`=`, `+`, `-`, `@` first) is stored as text with Excel's quote prefix, so it stays
//! text even when the cell is edited.
//!
//! Every sheet prints landscape, one page wide, with its header row and its region (or name)
//! column repeated on each page. An [`About`] sheet, last, says what the workbook is.

use std::io::{Seek, Write};

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{Cell, Document, Style, Table};
use crate::palette;

/// Excel's limit on the text of one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Widest a fitted column gets, in characters.
const MAX_COLUMN_CHARS: usize = 60;

/// What a workbook says about itself on its last sheet: the rubric, the inputs, the date, the
/// command line (see `cmd::about`).
#[derive(Debug, Clone, Default)]
pub struct About {
    /// The sheet's name (`About`, `Keterangan`).
    pub sheet: String,
    /// Label and value, one row each.
    pub rows: Vec<(String, String)>,
    /// The rubric's number of rating bands, so ratings take the report's colours.
    pub bands: usize,
}

pub fn write(
    report: &Document,
    style: &Style,
    about: Option<&About>,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    // The zip is assembled in a temporary file (the writer it takes must be `Send`), so that
    // only the sheets' rows in progress are in memory, then copied to the destination.
    let mut book = workbook(report, style, about).map_err(plain)?;
    let mut file = tempfile::tempfile()?;
    book.save_to_writer(&mut file).map_err(plain)?;
    file.seek(std::io::SeekFrom::Start(0))?;
    std::io::copy(&mut file, w)?;
    Ok(())
}

/// A workbook error in plain words (the library's own names the function that failed).
fn plain(e: XlsxError) -> std::io::Error {
    std::io::Error::other(match e {
        XlsxError::IoError(e) => return e,
        XlsxError::ParameterError(msg) => msg,
        other => format!("cannot write the workbook: {other}"),
    })
}

/// The cell formats of a workbook.
pub struct Formats {
    pub header: Format,
    pub number: Format,
    pub delta: Format,
    /// A finer difference: two more decimals (see [`Cell::FineDelta`]).
    pub fine_delta: Format,
    pub integer: Format,
    pub quoted: Format,
    /// A rating's fill and ink, per band; made once, not per cell.
    pub bands: Vec<Format>,
    /// The same with Excel's quote prefix, for a rating that reads as a formula.
    pub quoted_bands: Vec<Format>,
}

impl Formats {
    /// Formats for numbers with `precision` decimals and `bands` rating bands.
    pub fn new(precision: usize, bands: usize) -> Formats {
        let decimals = if precision == 0 { "0".to_string() } else { format!("0.{}", "0".repeat(precision)) };
        let fine = format!("0.{}", "0".repeat(precision + 2));
        let band = |b: usize| {
            Format::new()
                .set_background_color(Color::RGB(palette::rgb_u32(palette::band_fill(b, bands))))
                .set_font_color(Color::RGB(palette::rgb_u32(palette::band_ink(b, bands))))
        };
        Formats {
            header: Format::new().set_bold().set_border_bottom(FormatBorder::Thin),
            number: Format::new().set_num_format(&decimals),
            delta: Format::new().set_num_format(format!("+{decimals};-{decimals};{decimals}")),
            fine_delta: Format::new().set_num_format(format!("+{fine};-{fine};{fine}")),
            integer: Format::new().set_num_format("0"),
            quoted: Format::new().set_quote_prefix(),
            bands: (0..bands.max(1)).map(band).collect(),
            quoted_bands: (0..bands.max(1)).map(|b| band(b).set_quote_prefix()).collect(),
        }
    }
}

/// Excel's most rows on a sheet, the header included.
const EXCEL_ROWS: usize = 1_048_576;
/// Excel's most columns on a sheet.
const EXCEL_COLUMNS: usize = 16_384;

/// A workbook of the report's tables, every row written as it is made (constant memory mode:
/// a sheet's finished rows go to a temporary file). A table longer than a sheet continues on
/// the next one (`Rincian`, `Rincian (2)`, …), each with the header row.
pub fn workbook(report: &Document, style: &Style, about: Option<&About>) -> Result<Workbook, XlsxError> {
    // The rubric's bands; without it, as many as the ratings need, five at least (as SPBE has).
    let bands = match about {
        // Ratings come from the rubric the About sheet names: its bands are all there are.
        Some(a) if a.bands > 0 => a.bands,
        _ => {
            let mut seen = 1;
            for t in 0..report.tables.len() {
                let _ = report.each_row(t, |_, row| {
                    for c in row {
                        if let Cell::Rating(_, b) = c {
                            seen = seen.max(b + 1);
                        }
                    }
                    Ok::<(), ()>(())
                });
            }
            match about {
                Some(a) if a.bands >= seen => a.bands,
                _ => seen.max(5),
            }
        }
    };
    let formats = Formats::new(style.precision, bands);
    let precision = style.precision;
    let mut book = Workbook::new();
    // Deflating the sheets' XML is most of a large workbook's time: the fastest level takes
    // about a third of the default's (6) for a file about 1.5 times the size.
    book.set_zip_compression_level(1);
    let mut names: Vec<String> = Vec::new();
    for (i, t) in report.tables.iter().enumerate() {
        if t.headers.len() > EXCEL_COLUMNS {
            return Err(XlsxError::ParameterError(format!(
                "the table `{}` has {} columns and an Excel sheet has at most {EXCEL_COLUMNS}: write it as CSV (--format csv) instead",
                t.title.as_deref().unwrap_or_default(),
                t.headers.len()
            )));
        }
        let rows = report.row_count(i);
        let per_sheet = EXCEL_ROWS - 1;
        for part in 0..rows.div_ceil(per_sheet).max(1) {
            let name = sheet_name(t, names.len(), &names);
            let sheet = book.add_worksheet_with_constant_memory()?;
            sheet.set_name(&name)?;
            names.push(name);
            let range = part * per_sheet..((part + 1) * per_sheet).min(rows);
            write_rows(sheet, report, i, range, &formats, precision)?;
        }
    }
    if report.tables.is_empty() {
        book.add_worksheet();
    }
    if let Some(about) = about {
        let name = sheet_name(&Table::new(vec![]).sheet(&about.sheet), names.len(), &names);
        let sheet = book.add_worksheet();
        sheet.set_name(&name)?;
        write_about(sheet, about, &formats)?;
    }
    Ok(book)
}

/// The About sheet: a label column in bold and a wrapped value column.
fn write_about(sheet: &mut Worksheet, about: &About, f: &Formats) -> Result<(), XlsxError> {
    let wrap = Format::new().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top);
    let label =
        f.header.clone().set_border_bottom(FormatBorder::None).set_align(rust_xlsxwriter::FormatAlign::Top);
    for (r, (k, v)) in about.rows.iter().enumerate() {
        let r = r as u32;
        sheet.write_string_with_format(r, 0, clip(k), &label)?;
        let format = if needs_quote(v) { wrap.clone().set_quote_prefix() } else { wrap.clone() };
        sheet.write_string_with_format(r, 1, clip(v), &format)?;
    }
    sheet.set_column_width(0, 18)?;
    sheet.set_column_width(1, 100)?;
    sheet.set_portrait();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Print setup: landscape A4, one page wide, the header row and the columns up to the region
/// (or name) column repeated on every page, the sheet's name and the page number in the footer.
fn print_setup(sheet: &mut Worksheet, t: &Table) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_footer("&L&A&R&P / &N");
    if t.headers.is_empty() {
        return Ok(());
    }
    sheet.set_repeat_rows(0, 0)?;
    let last = key_column(&t.headers);
    sheet.set_repeat_columns(0, col(last)?)?;
    Ok(())
}

/// The column that names a row: the region (`region`, `wilayah`) or else the name (`name`,
/// `nama`) among the first four columns; the first column when there is neither.
fn key_column(headers: &[String]) -> usize {
    let find =
        |names: &[&str]| headers.iter().take(4).position(|h| names.contains(&h.to_lowercase().as_str()));
    find(&["region", "wilayah"]).or_else(|| find(&["name", "nama"])).unwrap_or(0)
}

/// Write the rows `range` of table `t` at the top left of a sheet, under its header: frozen
/// header, autofilter, columns as wide as their text as shown with `precision` decimals (its
/// widest cell, or its header with room for the autofilter button; at least 6, at most
/// [`MAX_COLUMN_CHARS`]), measured as the rows are written.
fn write_rows(
    sheet: &mut Worksheet,
    report: &Document,
    t: usize,
    range: std::ops::Range<usize>,
    f: &Formats,
    precision: usize,
) -> Result<(), XlsxError> {
    let table = &report.tables[t];
    let mut widths: Vec<usize> = table.headers.iter().map(|h| (h.chars().count() + 4).max(6)).collect();
    for (c, h) in table.headers.iter().enumerate() {
        let format = if needs_quote(h) { f.header.clone().set_quote_prefix() } else { f.header.clone() };
        sheet.write_string_with_format(0, col(c)?, clip(h), &format)?;
    }
    let first = range.start;
    let mut shown = String::new();
    let mut columns = vec![Column::Open; table.headers.len()];
    report.each_row_in(t, range.clone(), |i, row| {
        let r = (i - first) as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            if columns.len() <= c {
                columns.resize(c + 1, Column::Plain);
            }
            write_cell(sheet, r, col(c)?, cell, f, &mut columns[c])?;
            if let Some(w) = widths.get_mut(c).filter(|w| !fits(cell, **w - 2, precision)) {
                shown.clear();
                cell.display_into(&mut shown, Some(precision), false);
                *w = (*w).max(shown.chars().count() + 2);
            }
        }
        Ok::<(), XlsxError>(())
    })?;
    if !table.headers.is_empty() {
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, range.len() as u32, col(table.headers.len() - 1)?)?;
    }
    for (c, width) in widths.into_iter().enumerate() {
        sheet.set_column_width(col(c)?, width.min(MAX_COLUMN_CHARS) as f64)?;
    }
    print_setup(sheet, table)
}

/// Whether `cell`, shown with `precision` decimals, surely takes at most `room` characters, told
/// without writing it out (most cells of a long column are no wider than its widest so far).
fn fits<S: AsRef<str>>(cell: &Cell<S>, room: usize, precision: usize) -> bool {
    // At most `room` characters for a number of `decimals` decimals, signed or not: the integer
    // digits left stay below 10^digits even after rounding (by half a unit at most).
    let number = |x: f64, signed: bool, decimals: usize| {
        let used = usize::from(signed) + if decimals > 0 { decimals + 1 } else { 0 };
        match room.checked_sub(used) {
            // Past 15 digits, a bound of 15 still holds (and keeps 10^digits exact).
            Some(digits @ 1..) => x.is_finite() && x.abs() < 10f64.powi(digits.min(15) as i32) - 1.0,
            _ => false,
        }
    };
    match cell {
        // Bytes are never fewer than characters.
        Cell::Text(s) | Cell::Rating(s, _) | Cell::Code(s) | Cell::Id(s) => s.as_ref().len() <= room,
        Cell::Num(Some(x)) => number(*x, x.is_sign_negative(), precision),
        Cell::Delta(Some(x)) => number(*x, true, precision),
        Cell::FineDelta(Some(x)) => number(*x, true, precision + 2),
        Cell::Num(None) | Cell::Delta(None) | Cell::FineDelta(None) => true,
        Cell::Int(i) => number(*i as f64, *i < 0, 0),
    }
}

/// The number formats a column can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumStyle {
    Number,
    Delta,
    FineDelta,
    Integer,
}

/// What a column's cells are written with. A column whose first cell is a number takes that
/// number's format as its own, and its cells of that format are written without one: the
/// library then gives them the column's (the same `s` attribute as a format of their own), and
/// skips looking the format up in its table of formats for every cell, most of the time of a
/// large workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// No cell written yet.
    Open,
    /// Its first cell was text: every cell carries its own format.
    Plain,
    /// Cells in this format are written without one.
    Styled(NumStyle),
}

impl Formats {
    fn num(&self, style: NumStyle) -> &Format {
        match style {
            NumStyle::Number => &self.number,
            NumStyle::Delta => &self.delta,
            NumStyle::FineDelta => &self.fine_delta,
            NumStyle::Integer => &self.integer,
        }
    }
}

/// Write a number in `style`, through the column's format where it has that one.
fn write_number(
    sheet: &mut Worksheet,
    (r, c): (u32, u16),
    x: f64,
    style: NumStyle,
    f: &Formats,
    column: &mut Column,
) -> Result<(), XlsxError> {
    if *column == Column::Open {
        // Set where the cell's own format would have been first used, so that the workbook's
        // formats are numbered as before.
        sheet.set_column_format(c, f.num(style))?;
        *column = Column::Styled(style);
    }
    if *column == Column::Styled(style) {
        sheet.write_number(r, c, x)?;
    } else {
        sheet.write_number_with_format(r, c, x, f.num(style))?;
    }
    Ok(())
}

/// Write one cell: numbers as numbers, text as text (quote-prefixed when it looks like a
/// formula), ratings filled by band. `column` is what the cell's column is written with.
fn write_cell<S: AsRef<str>>(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell<S>,
    f: &Formats,
    column: &mut Column,
) -> Result<(), XlsxError> {
    let number = |x: f64, style: NumStyle, sheet: &mut Worksheet, column: &mut Column| {
        write_number(sheet, (r, c), x, style, f, column)
    };
    let text = |s: &str, format: Option<&Format>, sheet: &mut Worksheet, column: &mut Column| {
        if *column == Column::Open {
            *column = Column::Plain;
        }
        match format {
            Some(format) => sheet.write_string_with_format(r, c, clip(s), format),
            None => sheet.write_string(r, c, clip(s)),
        }
        .map(|_| ())
    };
    match cell {
        Cell::Num(Some(x)) => number(*x, NumStyle::Number, sheet, column),
        Cell::Delta(Some(x)) => number(*x, NumStyle::Delta, sheet, column),
        Cell::FineDelta(Some(x)) => number(*x, NumStyle::FineDelta, sheet, column),
        Cell::Num(None) | Cell::Delta(None) | Cell::FineDelta(None) => Ok(()),
        Cell::Int(i) => number(*i as f64, NumStyle::Integer, sheet, column),
        Cell::Code(s) => match s.as_ref() {
            "" => Ok(()),
            s => text(s, None, sheet, column),
        },
        Cell::Text(s) => match s.as_ref() {
            "" => Ok(()),
            s if needs_quote(s) => text(s, Some(&f.quoted), sheet, column),
            s => text(s, None, sheet, column),
        },
        // A whole-number id as the template types it: a number.
        Cell::Id(s) => match (s.as_ref(), id_number(s.as_ref())) {
            (_, Some(n)) => number(n, NumStyle::Integer, sheet, column),
            ("", None) => Ok(()),
            (s, None) if needs_quote(s) => text(s, Some(&f.quoted), sheet, column),
            (s, None) => text(s, None, sheet, column),
        },
        Cell::Rating(s, band) => {
            let band = (*band).min(f.bands.len() - 1);
            let s = s.as_ref();
            let format = if needs_quote(s) { &f.quoted_bands[band] } else { &f.bands[band] };
            text(s, Some(format), sheet, column)
        }
    }
}

fn col(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}

/// An id a workbook stores as a number: a whole number without a leading zero (so that it
/// reads back as typed), of at most 15 digits.
pub fn id_number(id: &str) -> Option<f64> {
    let plain = !id.is_empty()
        && id.len() <= 15
        && id.bytes().all(|b| b.is_ascii_digit())
        && (id == "0" || !id.starts_with('0'));
    plain.then(|| id.parse().ok()).flatten()
}

/// Text a spreadsheet would run as a formula.
pub fn needs_quote(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

fn clip(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A valid, unique sheet name: the table's `sheet`, else its title, else `Sheet<n>`; at most
/// 31 characters, without `[]:*?/\`, unique ignoring case.
fn sheet_name(t: &Table, i: usize, taken: &[String]) -> String {
    let raw = t.sheet.clone().or_else(|| t.title.clone()).unwrap_or_else(|| format!("Sheet{}", i + 1));
    let cleaned: String = raw
        .chars()
        .map(|ch| if matches!(ch, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { '-' } else { ch })
        .filter(|ch| !ch.is_control())
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim().to_string();
    let base = if cleaned.is_empty() || cleaned.eq_ignore_ascii_case("history") {
        format!("Sheet{}", i + 1)
    } else {
        cleaned
    };
    let fits = |s: &str, room: usize| s.chars().take(room).collect::<String>();
    let mut name = fits(&base, 31);
    let mut n = 2;
    while taken.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
        let suffix = format!(" ({n})");
        name = format!("{}{suffix}", fits(&base, 31 - suffix.chars().count()));
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let t = Table::new(vec![]).titled("Indeks SPBE (spbe-2020): D1 Kebijakan Internal SPBE");
        assert_eq!(sheet_name(&t, 0, &[]), "Indeks SPBE (spbe-2020)- D1 Keb");
        let t = Table::new(vec![]).sheet("Summary");
        assert_eq!(sheet_name(&t, 1, &["summary".into()]), "Summary (2)");
        let t = Table::new(vec![]).sheet("a/b?");
        assert_eq!(sheet_name(&t, 0, &[]), "a-b-");
        assert_eq!(sheet_name(&Table::new(vec![]), 2, &[]), "Sheet3");
    }

    #[test]
    fn a_cell_that_fits_is_never_wider_when_shown() {
        // Values at the edges: rounding up to the next power of ten (9.995 -> 10.00 at 2
        // decimals), negatives, tiny and huge numbers, and text wider in bytes than in chars.
        let mut values = vec![0.0, -0.0, 0.004, -0.004, 0.005, 1e-300, 1e15, 1e300, f64::NAN, f64::INFINITY];
        for k in 0..16 {
            let t = 10f64.powi(k);
            for d in [-1.0, -0.5, -0.005, -0.0049, -0.00005, 0.0, 0.5] {
                values.extend([t + d, -(t + d)]);
            }
        }
        let mut cells: Vec<Cell> =
            vec![Cell::Num(None), Cell::Text("Ñusantara".into()), Cell::Id("12".into())];
        for &x in &values {
            cells.extend([Cell::Num(Some(x)), Cell::Delta(Some(x)), Cell::FineDelta(Some(x))]);
            if x.is_finite() && x.abs() < 1e18 {
                cells.push(Cell::Int(x as i64));
            }
        }
        let mut checked = 0;
        for cell in &cells {
            for precision in [0, 1, 2, 4] {
                for room in 0..40 {
                    if fits(cell, room, precision) {
                        let mut shown = String::new();
                        cell.display_into(&mut shown, Some(precision), false);
                        assert!(shown.chars().count() <= room, "{cell:?} at {precision}: {shown} in {room}");
                        checked += 1;
                    }
                }
            }
        }
        // Most cases are told without writing them out (the shortcut is not a no-op): a score
        // under a region's name, and a difference, in a column of 34 characters.
        assert!(checked > cells.len() * 4 * 15, "{checked}");
        assert!(fits(&Cell::<String>::Num(Some(3.25)), 32, 2));
        assert!(fits(&Cell::<String>::Delta(Some(-0.5)), 32, 2));
    }

    #[test]
    fn whole_number_ids_only() {
        assert_eq!(id_number("12"), Some(12.0));
        assert_eq!(id_number("0"), Some(0.0));
        for id in ["012", "1.1", "D1", "", "1e3", "-1", "1234567890123456"] {
            assert_eq!(id_number(id), None, "{id}");
        }
    }

    #[test]
    fn the_row_names_are_repeated() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(key_column(&h(&["rank", "region", "index"])), 1);
        assert_eq!(key_column(&h(&["kode", "nama", "domain", "bobot"])), 1);
        assert_eq!(key_column(&h(&["tahun", "wilayah", "nama"])), 1);
        assert_eq!(key_column(&h(&["from", "to"])), 0);
    }
}
