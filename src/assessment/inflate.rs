//! Bounds on what a zipped workbook (.xlsx, .xlsm, .xlsb, .ods) may inflate to, checked before
//! calamine opens it: a 300 KB file whose parts inflate to gigabytes, or whose one cell holds
//! 300 MB of text, is refused while memory stays small. The declared sizes in the zip's
//! directory are checked first, then every part is inflated into nothing and counted, since a
//! hostile archive can declare sizes that are not true. The same pass tells the kind of
//! workbook from the parts it holds.

use std::io::{Cursor, Read};

/// The most all parts of a workbook may inflate to together: a wide form of many thousand
/// regions stays far below it.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;
/// The longest run of text between two XML tags: a cell holds at most 32,767 characters
/// (Excel's limit), which even written as character references is below 1 MiB.
pub const MAX_XML_TEXT_BYTES: u64 = 1024 * 1024;
/// The most characters a cell may hold, as in Excel.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The kind of a zipped workbook, from the parts it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipKind {
    /// Office Open XML: .xlsx and .xlsm.
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// OpenDocument spreadsheet.
    Ods,
    /// None of these (a .docx, any other zip).
    Other,
}

/// Why a zipped workbook is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not a readable zip archive.
    Broken(String),
    /// The parts inflate (or say they do) to more than [`MAX_INFLATED_BYTES`].
    TooLarge { part: String },
    /// An XML part holds one text longer than [`MAX_XML_TEXT_BYTES`].
    LongText { part: String },
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mib = |b: u64| b / (1024 * 1024);
        match self {
            Refused::Broken(e) => write!(f, "not a readable workbook (a broken zip archive: {e})"),
            Refused::TooLarge { part } => write!(
                f,
                "the workbook inflates to more than {} MiB (at part `{part}`); refused to keep memory bounded. Save the data as CSV instead",
                mib(MAX_INFLATED_BYTES)
            ),
            Refused::LongText { part } => write!(
                f,
                "part `{part}` holds a text of more than {} MiB, far beyond the {MAX_CELL_CHARS} characters a cell may hold; refused",
                mib(MAX_XML_TEXT_BYTES)
            ),
        }
    }
}

/// Check a zipped workbook's parts against the bounds and tell its kind.
pub fn check(bytes: &[u8]) -> Result<ZipKind, Refused> {
    check_within(bytes, MAX_INFLATED_BYTES)
}

/// [`check`] with another bound on the total (for tests).
fn check_within(bytes: &[u8], max_total: u64) -> Result<ZipKind, Refused> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Refused::Broken(e.to_string()))?;
    let mut kind = ZipKind::Other;
    // The declared sizes first: cheap, and they catch the honest bombs.
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|e| Refused::Broken(e.to_string()))?;
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        declared = declared.saturating_add(part.size());
        if declared > max_total {
            return Err(Refused::TooLarge { part: name });
        }
        kind = match name.as_str() {
            "xl/workbook.xml" => ZipKind::Xlsx,
            "xl/workbook.bin" => ZipKind::Xlsb,
            "content.xml" if kind == ZipKind::Other => ZipKind::Ods,
            _ => kind,
        };
    }
    // Then what they really inflate to.
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| Refused::Broken(e.to_string()))?;
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        let xml = name.ends_with(".xml") || name.ends_with(".rels");
        let mut run = 0u64;
        loop {
            let n = match part.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Refused::Broken(format!("part `{name}`: {e}"))),
            };
            total += n as u64;
            if total > max_total {
                return Err(Refused::TooLarge { part: name });
            }
            if xml {
                for &b in &buf[..n] {
                    if b == b'<' || b == b'>' {
                        run = 0;
                    } else {
                        run += 1;
                        if run > MAX_XML_TEXT_BYTES {
                            return Err(Refused::LongText { part: name });
                        }
                    }
                }
            }
        }
    }
    Ok(kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in parts {
            w.start_file(*name, opts).expect("start");
            w.write_all(body).expect("write");
        }
        w.finish().expect("finish").into_inner()
    }

    #[test]
    fn kinds_come_from_the_parts() {
        assert_eq!(check(&zip_of(&[("xl/workbook.xml", b"<w/>")])), Ok(ZipKind::Xlsx));
        assert_eq!(check(&zip_of(&[("xl/workbook.bin", b"\0")])), Ok(ZipKind::Xlsb));
        assert_eq!(check(&zip_of(&[("mimetype", b"x"), ("content.xml", b"<c/>")])), Ok(ZipKind::Ods));
        assert_eq!(check(&zip_of(&[("word/document.xml", b"<d/>")])), Ok(ZipKind::Other));
        assert!(matches!(check(b"PK\x03\x04 not really"), Err(Refused::Broken(_))));
    }

    #[test]
    fn the_total_is_bounded_by_declared_and_by_real_sizes() {
        let big = vec![b'0'; 10_000];
        let bytes = zip_of(&[("xl/workbook.xml", b"<w/>"), ("xl/worksheets/sheet1.bin", &big)]);
        assert_eq!(check_within(&bytes, 10_004), Ok(ZipKind::Xlsx));
        let too_large = Refused::TooLarge { part: "xl/worksheets/sheet1.bin".into() };
        assert_eq!(check_within(&bytes, 10_003), Err(too_large.clone()));
        // Declared sizes that lie (say 1 byte) are not believed: the part is inflated and counted
        // (or the archive found broken), never accepted.
        let mut lying = bytes.clone();
        for (sig, at) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
            let mut from = 0;
            while let Some(i) = lying[from..].windows(4).position(|w| w == sig) {
                let i = from + i;
                lying[i + at..i + at + 4].copy_from_slice(&1u32.to_le_bytes());
                from = i + 4;
            }
        }
        let got = check_within(&lying, 5_000);
        assert!(matches!(got, Err(Refused::TooLarge { .. } | Refused::Broken(_))), "{got:?}");
    }

    #[test]
    fn a_long_text_is_refused_and_one_just_under_passes() {
        let long = format!("<t>{}</t>", "x".repeat(MAX_XML_TEXT_BYTES as usize + 1));
        let err = check(&zip_of(&[("xl/sharedStrings.xml", long.as_bytes())])).unwrap_err();
        assert_eq!(err, Refused::LongText { part: "xl/sharedStrings.xml".into() });
        let ok = format!("<t>{}</t><t>{}</t>", "x".repeat(MAX_XML_TEXT_BYTES as usize), "y".repeat(1000));
        assert_eq!(check(&zip_of(&[("xl/workbook.xml", ok.as_bytes())])), Ok(ZipKind::Xlsx));
    }
}
