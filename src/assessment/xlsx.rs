//! The Excel reader (calamine): one worksheet (the first, or `--sheet`), in the same long and
//! wide shapes as CSV. Cells typed as numbers and cells holding text both work; problems are
//! named by sheet and cell (`Sheet1!C14`).

use std::io::Cursor;

use calamine::{Data, Ods, Range, Reader, Sheets, Xls, Xlsb, Xlsx};

use super::header::{HeaderSearch, Role};
use super::inflate::{self, ZipKind, MAX_CELL_CHARS};
use super::row::{row, RowCtx};
use super::{Input, ReadOptions, Sink};
use crate::problem::{code, Message, Problem};

/// How every .xlsx file (a zip archive) starts.
pub(crate) const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// How an Excel 97-2003 .xls file (an OLE compound document) starts.
pub(crate) const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The A1-style name of a cell: `row` 1-based, `column` 0-based (`cell_ref(14, 2)` is `C14`).
pub(crate) fn cell_ref(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column as u64 + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{row}", String::from_utf8_lossy(&letters))
}

/// The kind of workbook a file is, from its first bytes and (for zip archives) its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A zip archive (.xlsx, .xlsm, .xlsb, .ods).
    Zip,
    /// An OLE compound document (Excel 97-2003 .xls).
    Ole,
}

/// Read a workbook: .xlsx/.xlsm, .xlsb and .ods (zip archives, checked against the bounds of
/// [`inflate`] first), or .xls.
pub(crate) fn read_bytes(bytes: &[u8], kind: Kind, input: &Input, opts: &ReadOptions, sink: &mut Sink) {
    let unreadable = |sink: &mut Sink, what: &str, e: &dyn std::fmt::Display| {
        sink.problems.push(Problem::file(
            sink.name,
            code::XLSX_UNREADABLE,
            format!("not a readable {what}: {e}"),
        ));
    };
    let cursor = Cursor::new(bytes);
    let opened: Result<Sheets<Cursor<&[u8]>>, calamine::Error> = match kind {
        Kind::Ole => Xls::new(cursor).map(Sheets::Xls).map_err(Into::into),
        Kind::Zip => match inflate::check(bytes) {
            Err(refused) => {
                let code = match refused {
                    inflate::Refused::Broken(_) => code::XLSX_UNREADABLE,
                    _ => code::WORKBOOK_TOO_LARGE,
                };
                sink.problems.push(Problem::file(sink.name, code, refused.to_string()));
                return;
            }
            Ok(ZipKind::Xlsx) => Xlsx::new(cursor).map(Sheets::Xlsx).map_err(Into::into),
            Ok(ZipKind::Xlsb) => Xlsb::new(cursor).map(Sheets::Xlsb).map_err(Into::into),
            Ok(ZipKind::Ods) => Ods::new(cursor).map(Sheets::Ods).map_err(Into::into),
            Ok(ZipKind::Other) => {
                sink.problems.push(Problem::file(
                    sink.name,
                    code::XLSX_UNREADABLE,
                    "a zip archive but not a workbook (no xl/workbook.xml, xl/workbook.bin or content.xml): expected .xlsx, .xlsm, .xlsb or .ods",
                ));
                return;
            }
        },
    };
    let mut book = match opened {
        Ok(b) => b,
        Err(e) => return unreadable(sink, "workbook", &e),
    };
    let names = book.sheet_names();
    let sheet = match &opts.sheet {
        Some(want) => {
            match names
                .iter()
                .find(|n| *n == want)
                .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(want)))
            {
                Some(n) => n.clone(),
                None => {
                    sink.problems.push(Problem::file(
                        sink.name,
                        code::XLSX_SHEET,
                        format!("no sheet `{want}`; the workbook has {}", quoted_list(&names)),
                    ));
                    return;
                }
            }
        }
        None => match names.first() {
            Some(n) => n.clone(),
            None => {
                sink.problems.push(Problem::file(sink.name, code::XLSX_SHEET, "the workbook has no sheets"));
                return;
            }
        },
    };
    let range = match book.worksheet_range(&sheet) {
        Ok(r) => r,
        Err(e) => return unreadable(sink, &format!("sheet `{sheet}`"), &e),
    };
    let Some((first_row, first_column)) = range.start() else {
        sink.problems.push(Problem::file(
            sink.name,
            code::EMPTY_FILE,
            format!("sheet `{sheet}` is empty: expected a header row and rows"),
        ));
        return;
    };
    sink.enter_sheet(&sheet, first_column);
    // Formulas are loaded only when a blank cell needs telling from a formula never computed.
    let mut formulas: Option<Range<String>> = None;

    let mut rows = range.rows().enumerate().map(|(i, cells)| (first_row as usize + i + 1, cells));
    let mut fields: Vec<String> = Vec::new();

    // Header: the first row with anything in it, or the first clean one after a title.
    let mut search = HeaderSearch::default();
    let found = loop {
        let Some((line, cells)) = rows.next() else {
            match search.finish() {
                Some(first) => break first,
                None => {
                    sink.problems.push(Problem::file(
                        sink.name,
                        code::EMPTY_FILE,
                        format!("sheet `{sheet}` has no header row"),
                    ));
                    return;
                }
            }
        };
        fields.clear();
        fields.extend(cells.iter().map(text_of));
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        // Blank cells at the right end of the header are not columns.
        let width = fields.iter().rposition(|f| !f.trim().is_empty()).map_or(0, |i| i + 1);
        fields.truncate(width);
        if let Some(found) = search.offer(sink.rubric, line, std::mem::take(&mut fields)) {
            break found;
        }
    };
    for (col, code, msg) in found.problems {
        sink.problem(found.line, Some(col + 1), code, Message::said(msg));
    }
    if !sink.problems.is_empty() {
        return;
    }
    if let Some(titles) = search.titles() {
        sink.titles(titles, found.line);
    }
    let (header, header_line) = (found.header, found.line);
    if merged_cells(&mut book, &sheet, sink, header_line) {
        return;
    }

    let width = header.names.len();
    let fallback_region = opts.region.clone().unwrap_or_else(|| input.stem());
    // Text cells may carry a decimal comma (Indonesian Excel); number cells have no separator.
    let ctx = RowCtx::new(&header, true, &fallback_region, opts.region.as_deref(), opts.year);
    let region_col = header.col(&Role::Region);
    let mut count = 0usize;
    for (line, cells) in rows {
        fields.clear();
        let mut blank = true;
        // A summary row (`Rata-rata`, `Jumlah`) is not scored: its cells are not levels to check.
        let summary_row = region_col.and_then(|c| cells.get(c)).is_some_and(|c| match c {
            Data::String(t) => super::summary::is_summary(t),
            _ => false,
        });
        for (c, cell) in cells.iter().enumerate() {
            let value_column =
                !summary_row && matches!(header.roles.get(c), Some(Role::Node(_) | Role::Level));
            let text = match cell {
                Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) if value_column => {
                    sink.problem(
                        line,
                        Some(c + 1),
                        code::CELL_DATE,
                        "a date or time, not a level: format the cell as Number (Excel may have read a typed level such as 3.5 as a date)",
                    );
                    String::new()
                }
                Data::Error(e) if value_column => {
                    sink.problem(
                        line,
                        Some(c + 1),
                        code::CELL_ERROR,
                        format!("`{e}` is an error value, not a level"),
                    );
                    String::new()
                }
                Data::String(t) if t.chars().nth(MAX_CELL_CHARS).is_some() => {
                    sink.problem(
                        line,
                        Some(c + 1),
                        code::CELL_TOO_LONG,
                        format!("a text of more than {MAX_CELL_CHARS} characters, more than a cell may hold"),
                    );
                    String::new()
                }
                other => text_of(other),
            };
            if value_column && text.trim().is_empty() {
                // A formula never calculated (saved by a program, not by Excel) has no value.
                let at = (line as u32 - 1, first_column + c as u32);
                let f = formulas.get_or_insert_with(|| book.worksheet_formula(&sheet).unwrap_or_default());
                if f.get_value(at).is_some_and(|f| !f.is_empty()) {
                    sink.problem(
                        line,
                        Some(c + 1),
                        code::FORMULA_NO_VALUE,
                        "a formula without a stored value: open the workbook in Excel or LibreOffice, let it calculate, and save it",
                    );
                }
            }
            if !text.trim().is_empty() {
                blank = false;
                if c >= width {
                    sink.problem(
                        line,
                        Some(c + 1),
                        code::FIELD_COUNT,
                        format!(
                            "`{}` is in a column without a header; give the column a name or clear it",
                            crate::problem::snippet(text.trim())
                        ),
                    );
                }
            }
            fields.push(text);
        }
        if blank {
            continue;
        }
        count += 1;
        fields.truncate(width);
        row(&ctx, fields.as_slice(), line, sink);
    }
    if count == 0 {
        sink.problem(
            header_line,
            None,
            code::HEADER_ONLY,
            format!("sheet `{sheet}` has a header but no rows"),
        );
    }
}

/// Report every area of the sheet merged over rows once (calamine gives a merged area's value
/// only in its first cell, so each other row would be blank); true when there were any. Only
/// areas reaching the header row (`header`, 1-based) or below count: a title merged above the
/// header holds no data.
fn merged_cells(book: &mut Sheets<Cursor<&[u8]>>, sheet: &str, sink: &mut Sink, header: usize) -> bool {
    let merges = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).ok(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).ok(),
        _ => None,
    }
    .unwrap_or_default();
    // Cells merged along a row (a title over columns) leave no row without its value.
    let merges: Vec<_> =
        merges.into_iter().filter(|m| m.end.0 > m.start.0 && m.end.0 as usize + 1 >= header).collect();
    let first_column = sink.sheet.as_ref().map_or(0, |s| s.first_column);
    for m in &merges {
        let (top, left) = m.start;
        let (bottom, right) = m.end;
        let area = format!("{}:{}", cell_ref(top + 1, left), cell_ref(bottom + 1, right));
        sink.problem(
            top as usize + 1,
            Some((left - first_column.min(left)) as usize + 1),
            code::MERGED_CELLS,
            format!(
                "cells {area} are merged, so only {} holds a value: unmerge them and give every row its own value",
                cell_ref(top + 1, left)
            ),
        );
    }
    !merges.is_empty()
}

/// A cell as text: numbers in their shortest form (`3`, `3.5`, `2024`), booleans and error
/// values as Excel shows them.
fn text_of(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        other => other.to_string(),
    }
}

/// The rubric a workbook's sheet names in its `rubric` column (see [`super::declared`]), read
/// within the same bounds as [`read_bytes`]; `None` on anything unusual (the reader then says).
pub(crate) fn declared_rubric(bytes: &[u8], sheet: Option<&str>) -> Option<String> {
    let cursor = Cursor::new(bytes);
    let mut book: Sheets<Cursor<&[u8]>> = match inflate::check(bytes).ok()? {
        ZipKind::Xlsx => Sheets::Xlsx(Xlsx::new(cursor).ok()?),
        ZipKind::Xlsb => Sheets::Xlsb(Xlsb::new(cursor).ok()?),
        ZipKind::Ods => Sheets::Ods(Ods::new(cursor).ok()?),
        ZipKind::Other => return None,
    };
    let names = book.sheet_names();
    let name = match sheet {
        Some(want) => names.iter().find(|n| n.eq_ignore_ascii_case(want))?.clone(),
        None => names.first()?.clone(),
    };
    let range = book.worksheet_range(&name).ok()?;
    super::declared::in_rows(range.rows().map(|cells| cells.iter().map(text_of).collect()))
}

fn quoted_list(names: &[String]) -> String {
    if names.is_empty() {
        return "no sheets".to_string();
    }
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_follow_excel() {
        assert_eq!(cell_ref(1, 0), "A1");
        assert_eq!(cell_ref(14, 2), "C14");
        assert_eq!(cell_ref(3, 25), "Z3");
        assert_eq!(cell_ref(3, 26), "AA3");
        assert_eq!(cell_ref(3, 51), "AZ3");
        assert_eq!(cell_ref(3, 52), "BA3");
        // 16384 columns end at XFD.
        assert_eq!(cell_ref(1, 16383), "XFD1");
    }

    #[test]
    fn numbers_read_in_shortest_form() {
        assert_eq!(text_of(&Data::Float(3.0)), "3");
        assert_eq!(text_of(&Data::Float(3.5)), "3.5");
        assert_eq!(text_of(&Data::Float(2024.0)), "2024");
        assert_eq!(text_of(&Data::Int(4)), "4");
        assert_eq!(text_of(&Data::String(" 4 ".into())), " 4 ");
    }
}
