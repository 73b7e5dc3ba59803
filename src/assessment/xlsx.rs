//! The Excel reader (calamine): one worksheet (the first, or `--sheet`), in the same long and
//! wide shapes as CSV. Cells typed as numbers and cells holding text both work; problems are
//! named by sheet and cell (`Sheet1!C14`).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::header::{classify, Role};
use super::row::{row, RowCtx};
use super::{Input, ReadOptions, Sink};
use crate::problem::{code, Problem};

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

pub(crate) fn read_bytes(bytes: &[u8], input: &Input, opts: &ReadOptions, sink: &mut Sink) {
    let mut book: Xlsx<_> = match Xlsx::new(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => {
            sink.problems.push(Problem::file(
                sink.name,
                code::XLSX_UNREADABLE,
                format!("not a readable .xlsx workbook: {e}"),
            ));
            return;
        }
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
        Err(e) => {
            sink.problems.push(Problem::file(
                sink.name,
                code::XLSX_UNREADABLE,
                format!("cannot read sheet `{sheet}`: {e}"),
            ));
            return;
        }
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

    let mut rows = range.rows().enumerate().map(|(i, cells)| (first_row as usize + i + 1, cells));
    let mut fields: Vec<String> = Vec::new();

    // Header: the first row with anything in it.
    let (header, header_line) = loop {
        let Some((line, cells)) = rows.next() else {
            sink.problems.push(Problem::file(
                sink.name,
                code::EMPTY_FILE,
                format!("sheet `{sheet}` has no header row"),
            ));
            return;
        };
        fields.clear();
        fields.extend(cells.iter().map(text_of));
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        // Blank cells at the right end of the header are not columns.
        let width = fields.iter().rposition(|f| !f.trim().is_empty()).map_or(0, |i| i + 1);
        fields.truncate(width);
        let (header, problems) = classify(sink.rubric, &fields);
        for (col, code, msg) in problems {
            sink.problem(line, Some(col + 1), code, msg);
        }
        break (header, line);
    };
    if !sink.problems.is_empty() {
        return;
    }

    let width = header.names.len();
    let fallback_region = opts.region.clone().unwrap_or_else(|| input.stem());
    // Text cells may carry a decimal comma (Indonesian Excel); number cells have no separator.
    let ctx = RowCtx::new(&header, true, &fallback_region, opts.region.as_deref(), opts.year);
    let mut count = 0usize;
    for (line, cells) in rows {
        fields.clear();
        let mut blank = true;
        for (c, cell) in cells.iter().enumerate() {
            let value_column = matches!(header.roles.get(c), Some(Role::Node(_) | Role::Level));
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
                other => text_of(other),
            };
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
        if sink.too_many() {
            return;
        }
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
