//! A hostile workbook stays small: an .xlsx of a few hundred KB whose one cell holds 300 MB of
//! text is refused in well under 100 MB of heap, before calamine inflates it. The heap is
//! measured by a counting allocator, so this is its own test target.

use std::io::Write;
use std::sync::atomic::Ordering;

use spbe::assessment::{self, Assessments, Input, ReadOptions};
use spbe::rubric::Rubric;

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{CURRENT, PEAK};

/// The parts of a one-sheet .xlsx whose only shared string is `cell_mb` MB of `x`, written
/// in chunks so the text is never held whole.
fn bomb(cell_mb: usize) -> Vec<u8> {
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let parts: [(&str, &str); 5] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
        (
            "xl/worksheets/sheet1.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#,
        ),
    ];
    for (name, body) in parts {
        w.start_file(name, opts).unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.start_file("xl/sharedStrings.xml", opts).unwrap();
    w.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#).unwrap();
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..cell_mb {
        w.write_all(&chunk).unwrap();
    }
    w.write_all(b"</t></si></sst>").unwrap();
    w.finish().unwrap().into_inner()
}

/// Read `bytes` as `bomb.xlsx`: the problems and the peak heap while reading.
fn read_peak(bytes: &[u8]) -> (Vec<spbe::problem::Problem>, usize) {
    let rubric = Rubric::resolve("spbe-2020").expect("embedded");
    let input = Input::Path("bomb.xlsx".into());
    let mut set = Assessments::default();
    let before = CURRENT.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let problems = assessment::read_from(
        &rubric,
        &mut set,
        "bomb.xlsx",
        std::io::Cursor::new(bytes),
        &input,
        &ReadOptions::default(),
    );
    (problems, PEAK.load(Ordering::SeqCst) - before)
}

// One test, so nothing else allocates while the peak is measured.
#[test]
fn a_workbook_with_a_huge_cell_is_refused_in_under_100_mb() {
    // 300 MB declared: refused by the zip's directory before anything inflates.
    let bytes = bomb(300);
    assert!(bytes.len() < 1 << 20, "the bomb is {} bytes", bytes.len());
    let (problems, peak) = read_peak(&bytes);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].code, "workbook-too-large");
    let message = problems[0].message.to_string();
    assert!(message.contains("inflates to more than 256 MiB"), "{message}");
    // The workbook's bytes (read whole, so a copy) and the zip's directory.
    assert!(peak < 100 * 1024 * 1024, "peak heap {peak} bytes");
    assert!(peak < 4 * bytes.len() + (1 << 20), "peak heap {peak} bytes for a {}-byte file", bytes.len());

    // 100 MB, within the total bound: refused while inflating, at the first MiB of one text.
    let bytes = bomb(100);
    let (problems, peak) = read_peak(&bytes);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].code, "workbook-too-large");
    let message = problems[0].message.to_string();
    assert!(message.contains("holds a text of more than 1 MiB"), "{message}");
    assert!(peak < 4 * bytes.len() + (1 << 20), "peak heap {peak} bytes for a {}-byte file", bytes.len());
}
