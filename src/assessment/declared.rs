//! The rubric a file names: `spbe template` writes a `rubric` column, so a form read back
//! without `--rubric` is read with the rubric it was made for. Only a look at the header and
//! the first rows; the reader checks every row (a mismatch is an error there).

use std::io::Read;

use super::header::{HeaderSearch, Plain};
use super::{xlsx, Input};

/// Bytes of a text file looked at.
const TEXT_HEAD: u64 = 1 << 20;
/// Workbooks larger than this are not looked into (the reader still reads them).
const MAX_WORKBOOK: u64 = 64 << 20;
/// Rows looked at after the header.
const ROWS: usize = 1000;

/// The first rubric id named by the inputs (regular files only: stdin, pipes and devices cannot
/// be read twice).
pub fn declared_rubric(inputs: &[Input], sheet: Option<&str>) -> Option<String> {
    inputs.iter().find_map(|input| match input {
        Input::Path(p) => in_file(p, input, sheet),
        Input::Stdin => None,
    })
}

fn in_file(path: &std::path::Path, input: &Input, sheet: Option<&str>) -> Option<String> {
    // A FIFO or a device (`<(cat f)`, a named pipe) can be read once only: the reader's. Asked
    // of its path, not of an opened file: opening a FIFO already waits for its writer.
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let len = meta.len();
    let mut head = Vec::new();
    file.take(TEXT_HEAD).read_to_end(&mut head).ok()?;
    if head.starts_with(xlsx::ZIP_MAGIC) {
        if len > MAX_WORKBOOK {
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        return xlsx::declared_rubric(&bytes, sheet);
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    let text = String::from_utf8_lossy(head);
    let delimiter = super::text::sniff_delimiter(&text, input);
    let text = super::text::after_excel_sep(&text);
    let rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
        .into_records()
        .map_while(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect());
    in_rows(rows)
}

/// In rows of fields: the header is the first row with anything in it, or the first with a
/// `rubric` (or `rubrik`) column after a title (as the readers find it, [`HeaderSearch`]); the
/// answer is the first non-blank cell of that column.
pub(crate) fn in_rows(rows: impl Iterator<Item = Vec<String>>) -> Option<String> {
    let rubric_column = |fields: &[String]| {
        fields.iter().position(|h| {
            let h = h.trim().to_lowercase();
            h == "rubric" || h == "rubrik"
        })
    };
    let mut rows = rows.enumerate().filter(|(_, r)| !r.iter().all(|f| f.trim().is_empty()));
    let mut search = HeaderSearch::<Plain>::default();
    let header = loop {
        let Some((i, fields)) = rows.next() else { break search.finish()? };
        let clean = rubric_column(&fields).is_some();
        if let Some(header) = search.offer_row(Plain { line: i + 1, fields }, clean) {
            break header;
        }
    };
    let col = rubric_column(&header.fields)?;
    rows.take(ROWS).find_map(|(_, r)| r.get(col).map(|f| f.trim().to_string()).filter(|f| !f.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Option<String> {
        in_rows(text.lines().map(|l| l.split(',').map(str::to_string).collect()))
    }

    #[test]
    fn the_first_named_rubric_is_found() {
        assert_eq!(
            rows("\nregion,indicator,level,Rubric\nA,1,3,\nA,2,3, spbe-2018 \n"),
            Some("spbe-2018".into())
        );
        assert_eq!(rows("wilayah,indikator,tingkat,rubrik\nA,1,3,pemdi-2026\n"), Some("pemdi-2026".into()));
        assert_eq!(rows("region,indicator,level\nA,1,3\n"), None);
        assert_eq!(rows("region,indicator,level,rubric\nA,1,3,\n"), None);
        assert_eq!(rows(""), None);
    }

    #[test]
    fn a_title_above_the_header_is_passed_over() {
        // A title and a subtitle of one or two cells, then the form's header.
        assert_eq!(
            rows("FORMULIR PENILAIAN SPBE\nTahun,2024\n\nregion,indicator,level,rubric\nA,1,3,spbe-2018\n"),
            Some("spbe-2018".into())
        );
        // A row of more than two cells without a rubric column is the header, as before: the
        // rubric column of a later row is data, not a header.
        assert_eq!(rows("region,indicator,level\nrubric,x,y\nspbe-2018,1,2\n"), None);
        // A rubric column below a title, but no rows under it: no rubric named.
        assert_eq!(rows("Judul\nrubric\n"), None);
    }
}
