//! Every workbook calamine reads (.xlsx, .xlsm, .xlsb, .xls, .ods), given directly or in a
//! folder; the entries of a folder that are not read are named; hostile workbooks are refused
//! while small; merged cells and formulas without values are named by cell.

use std::io::Write;

use rust_xlsxwriter::{Format, Formula, Workbook};
use serde_json::Value;

use crate::common::{data, run, Workdir};

/// A minimal OpenDocument spreadsheet: one sheet `Sheet1` holding `rows` (text cells, or
/// float cells where the text parses as a number).
fn ods(rows: &[Vec<&str>]) -> Vec<u8> {
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for cell in row {
            if cell.parse::<f64>().is_ok() {
                table.push_str(&format!(
                    r#"<table:table-cell office:value-type="float" office:value="{cell}"><text:p>{cell}</text:p></table:table-cell>"#
                ));
            } else {
                table.push_str(&format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>"#
                ));
            }
        }
        table.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    w.start_file("META-INF/manifest.xml", deflated).unwrap();
    w.write_all(manifest.as_bytes()).unwrap();
    w.start_file("content.xml", deflated).unwrap();
    w.write_all(content.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}

/// Long-form rows for one region with every indicator at `level`.
fn long_rows<'a>(region: &'a str, level: &'a str, ids: &'a [String]) -> Vec<Vec<&'a str>> {
    let mut rows = vec![vec!["region", "indicator", "level"]];
    for id in ids {
        rows.push(vec![region, id.as_str(), level]);
    }
    rows
}

fn ids() -> Vec<String> {
    (1..=47).map(|i| i.to_string()).collect()
}

/// A long-form .xlsx workbook for one region with every indicator at `level`.
fn xlsx(wd: &Workdir, name: &str, region: &str, level: f64) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["region", "indicator", "level"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for i in 1..=47u32 {
        sheet.write_string(i, 0, region).unwrap();
        sheet.write_number(i, 1, i as f64).unwrap();
        sheet.write_number(i, 2, level).unwrap();
    }
    book.save(wd.path(name)).unwrap();
}

fn indices(json: &Value) -> Vec<(String, f64)> {
    json["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .map(|r| (r["region"].as_str().unwrap().to_string(), r["index"].as_f64().unwrap()))
        .collect()
}

#[test]
fn a_folder_of_csv_ods_xls_and_xlsx_is_read_whole_and_what_is_not_read_is_named() {
    let wd = Workdir::new();
    let ids = ids();
    // Every indicator at one level, so each index is that level (a weighted mean of equals).
    wd.write("in/kerinci.csv", crate::common::long_csv("Kab. Kerinci", |_| 3));
    wd.write("in/bungo.ods", ods(&long_rows("Kab. Bungo", "4", &ids)));
    std::fs::copy(data("workbooks/tebo.xls"), wd.path("in/tebo.xls")).unwrap();
    xlsx(&wd, "in/muaro.xlsx", "Kab. Muaro Jambi", 1.0);
    xlsx(&wd, "in/sarolangun.xlsm", "Kab. Sarolangun", 5.0);
    // Not read, and named: another ending, a subfolder. Quietly left out: dot and lock files.
    wd.write("in/notes.pdf", "%PDF-1.4");
    wd.write("in/sub/merangin.csv", crate::common::long_csv("Kab. Merangin", |_| 2));
    wd.write("in/.hidden.csv", "not read");
    wd.write("in/~$muaro.xlsx", b"\x0bowner\x00");

    let (code, out, err) = run(wd.cmd().args(["score", "in", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).expect("json");
    let mut got = indices(&json);
    got.sort_by(|a, b| a.0.cmp(&b.0));
    let want = [
        ("Kab. Bungo", 4.0),
        ("Kab. Kerinci", 3.0),
        ("Kab. Muaro Jambi", 1.0),
        ("Kab. Sarolangun", 5.0),
        ("Kab. Tebo", 2.0),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((name, index), (want_name, want_index)) in got.iter().zip(want) {
        assert_eq!(name, want_name);
        assert!((index - want_index).abs() < 1e-9, "{name}: {index}");
    }
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(warnings[0].contains("in: 2 entries are not read"), "{err}");
    assert!(warnings[0].contains("notes.pdf, sub/"), "{err}");
    assert!(!err.contains("hidden") && !err.contains("~$"), "{err}");
}

#[test]
fn an_ods_given_directly_is_read_with_cell_positions_in_problems() {
    let wd = Workdir::new();
    let ids = ids();
    let mut rows = long_rows("Kab. Bungo", "4", &ids);
    rows[13][2] = "7"; // indicator 13 on sheet row 14
    wd.write("bungo.ods", ods(&rows));
    let (code, _, err) = run(wd.cmd().args(["score", "bungo.ods"]));
    assert_eq!(code, 2);
    assert!(err.contains("bungo.ods: Sheet1!C14: level 7 is outside 1..5"), "{err}");
    assert!(!err.contains("_rels"), "{err}");
}

#[test]
fn an_xls_given_directly_is_read() {
    let wd = Workdir::new();
    let tebo = data("workbooks/tebo.xls");
    let (code, out, err) = run(wd.cmd().args(["score", tebo.to_str().unwrap(), "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(indices(&json), vec![("Kab. Tebo".to_string(), 2.0)]);
}

#[test]
fn merged_region_cells_are_reported_once() {
    let wd = Workdir::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["region", "indicator", "level"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    // The region written once, merged down over the 47 rows A2:A48.
    sheet.merge_range(1, 0, 47, 0, "Kab. Kerinci", &Format::new()).unwrap();
    for i in 1..=47u32 {
        sheet.write_number(i, 1, i as f64).unwrap();
        sheet.write_number(i, 2, 3.0).unwrap();
    }
    book.save(wd.path("kerinci.xlsx")).unwrap();
    let (code, _, err) = run(wd.cmd().args(["score", "kerinci.xlsx"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("kerinci.xlsx: Sheet1!A2: cells A2:A48 are merged, so only A2 holds a value"),
        "{err}"
    );
    assert_eq!(err.lines().filter(|l| l.starts_with("error:")).count(), 1, "{err}");
}

#[test]
fn a_formula_without_a_stored_value_names_its_cell() {
    let wd = Workdir::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["region", "D1", "D2", "D3", "D4"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Kab. Kerinci").unwrap();
    sheet.write_number(1, 1, 3.0).unwrap();
    sheet.write_formula(1, 2, Formula::new("=B2+1")).unwrap();
    sheet.write_number(1, 3, 3.0).unwrap();
    sheet.write_number(1, 4, 3.0).unwrap();
    book.save(wd.path("tmp.xlsx")).unwrap();
    // As a program that does not calculate saves it: the formula without a <v> value.
    let bytes =
        rewrite_zip(&std::fs::read(wd.path("tmp.xlsx")).unwrap(), "<f>B2+1</f><v>0</v>", "<f>B2+1</f>");
    wd.write("kerinci.xlsx", bytes);
    let (code, _, err) = run(wd.cmd().args(["score", "kerinci.xlsx"]));
    assert_eq!(code, 2);
    assert!(err.contains("kerinci.xlsx: Sheet1!C2: a formula without a stored value"), "{err}");
}

#[test]
fn a_cell_past_excels_limit_is_named() {
    let wd = Workdir::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["region", "D1", "D2", "D3", "D4"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Kab. Kerinci").unwrap();
    for c in [1u16, 2, 4] {
        sheet.write_number(1, c, 3.0).unwrap();
    }
    // rust_xlsxwriter refuses texts past 32,767 characters, so the part is edited after saving.
    sheet.write_string(1, 3, "PLACEHOLDER").unwrap();
    book.save(wd.path("tmp.xlsx")).unwrap();
    let long = "9".repeat(32_768);
    let bytes = rewrite_zip(&std::fs::read(wd.path("tmp.xlsx")).unwrap(), "PLACEHOLDER", &long);
    wd.write("kerinci.xlsx", bytes);
    let (code, _, err) = run(wd.cmd().args(["score", "kerinci.xlsx"]));
    assert_eq!(code, 2);
    assert!(err.contains("kerinci.xlsx: Sheet1!D2: a text of more than 32767 characters"), "{err}");
}

/// The archive with `from` replaced by `to` in every part.
fn rewrite_zip(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    use std::io::Read;
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut text = Vec::new();
        f.read_to_end(&mut text).unwrap();
        let text = String::from_utf8(text).unwrap().replace(from, to);
        w.start_file(name, opts).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_workbook_with_a_huge_cell_is_refused_before_it_is_inflated() {
    let wd = Workdir::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "region").unwrap();
    sheet.write_string(1, 0, "PLACEHOLDER").unwrap();
    book.save(wd.path("tmp.xlsx")).unwrap();
    // 64 MB of text in one shared string: a few hundred KB deflated.
    let bytes =
        rewrite_zip(&std::fs::read(wd.path("tmp.xlsx")).unwrap(), "PLACEHOLDER", &"x".repeat(64 << 20));
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    wd.write("bomb.xlsx", bytes);
    let (code, _, err) = run(wd.cmd().args(["score", "bomb.xlsx", "--error-format", "json"]));
    assert_eq!(code, 2);
    assert!(err.contains(r#""code":"workbook-too-large""#), "{err}");
    assert!(err.contains("part `xl/sharedStrings.xml` holds a text of more than 1 MiB"), "{err}");
}

#[test]
fn stdin_twice_or_empty_has_its_own_error() {
    let wd = Workdir::new();
    let csv = crate::common::long_csv("A", |_| 3);
    let (code, _, err) = run(wd.cmd().args(["score", "-", "-"]).write_stdin(csv));
    assert_eq!(code, 2);
    assert!(err.contains("`-` (standard input) is given twice; it can be read only once"), "{err}");
    let (code, _, err) = run(wd.cmd().args(["score", "-"]).write_stdin(""));
    assert_eq!(code, 2);
    assert!(err.contains("<stdin>: standard input is empty or closed"), "{err}");
}
