//! Excel in and out: reading .xlsx assessments (calamine), writing workbooks from `score` and
//! `compare`, and the fill-in template. Workbooks are checked by reading them back with
//! calamine and, for what calamine does not expose (frozen panes, quote prefix, data
//! validation), by looking at the XML inside the zip.

use std::io::Read;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

use crate::common::{data, example, path_str, run, Workdir};

/// Every sheet of a workbook: (name, cells).
pub fn sheets(path: &Path) -> Vec<(String, calamine::Range<Data>)> {
    let mut book: Xlsx<_> = open_workbook(path).expect("open workbook");
    book.worksheets()
}

/// A text dump of a workbook for snapshots: each sheet's name, then its rows with each cell's
/// type (`n` number, `s` text) and value. The About sheet (paths, date, command line) is left
/// out: it is checked on its own.
pub fn dump(path: &Path) -> String {
    let mut out = String::new();
    for (name, range) in sheets(path) {
        if name == "About" || name == "Keterangan" {
            continue;
        }
        out.push_str(&format!("## {name}\n"));
        for row in range.rows() {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => format!("n:{f}"),
                    Data::Int(i) => format!("n:{i}"),
                    Data::String(s) => format!("s:{s}"),
                    other => format!("?:{other}"),
                })
                .collect();
            out.push_str(&cells.join(" | "));
            out.push('\n');
        }
    }
    out
}

/// A file inside the workbook's zip, as text.
fn part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut s = String::new();
    zip.by_name(name).expect(name).read_to_string(&mut s).expect("read part");
    s
}

/// The `<xf>` of the cellXfs that a cell of a sheet part uses.
fn cell_xf(path: &Path, sheet_part: &str, cell: &str) -> String {
    let sheet = part(path, sheet_part);
    let start = sheet.find(&format!("<c r=\"{cell}\"")).expect(cell);
    let tag = &sheet[start..start + sheet[start..].find('>').unwrap()];
    let s: usize = tag.split(" s=\"").nth(1).map_or(0, |x| x.split('"').next().unwrap().parse().unwrap());
    let styles = part(path, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    xfs.split("<xf ").nth(s + 1).expect("xf").to_string()
}

fn json_out(wd: &Workdir, args: &[&str]) -> Value {
    let (code, out, err) = run(wd.cmd().args(args).args(["--format", "json"]));
    assert_eq!(code, 0, "stderr: {err}");
    serde_json::from_str(&out).expect("JSON")
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn template_filled_in_and_read_back_is_scored() {
    let wd = Workdir::new();
    let (code, _, err) = run(wd.cmd().args(["template", "--region", "Kab. Uji", "-o", "form.xlsx"]));
    assert_eq!(code, 0, "{err}");
    let form = wd.path("form.xlsx");

    let all = sheets(&form);
    assert_eq!(all.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(), vec!["Assessment", "About"]);
    let range = &all[0].1;
    let header: Vec<String> = range.rows().next().unwrap().iter().map(text).collect();
    assert_eq!(
        header,
        vec![
            "region",
            "indicator",
            "name",
            "aspect",
            "domain",
            "level",
            "note",
            "finding",
            "recommendation",
            "rubric",
            "level 1",
            "level 2",
            "level 3",
            "level 4",
            "level 5"
        ]
    );
    assert_eq!(range.height(), 48, "a header and 47 indicators");
    let first: Vec<&Data> = range.rows().nth(1).unwrap().iter().collect();
    assert_eq!(first[0], &Data::String("Kab. Uji".into()));
    assert_eq!(first[1], &Data::Float(1.0), "the indicator number is a number");
    assert_eq!(text(first[2]), "Kebijakan Internal Arsitektur SPBE Instansi Pusat/Pemerintah Daerah");
    assert_eq!(text(first[3]), "A1 Kebijakan Internal Tata Kelola SPBE");
    assert_eq!(text(first[4]), "D1 Kebijakan Internal SPBE");
    // The form records its rubric in every row.
    assert_eq!(text(first[9]), "spbe-2020");
    assert!(text(first[10]).starts_with("Rintisan: Konsep kebijakan internal"), "{}", text(first[10]));
    // Layanan indicators have the service level names.
    let i32_row: Vec<String> = range.rows().nth(32).unwrap().iter().map(text).collect();
    assert_eq!(i32_row[1], "32");
    assert!(i32_row[10].starts_with("Informasi"), "{}", i32_row[10]);
    // The level column accepts whole numbers 1..5 only.
    let xml = part(&form, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains(
            r#"<dataValidation type="whole" allowBlank="1" showInputMessage="1" showErrorMessage="1""#
        ),
        "{xml}"
    );
    assert!(xml.contains("<formula1>1</formula1><formula2>5</formula2>"));
    assert_eq!(xml.matches("<dataValidation ").count(), 47);
    assert!(xml.contains(r#"state="frozen""#));

    // Fill it in: indicators 1–31 (domains 1–3) at level 2, 32–47 (Layanan) at level 4.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Assessment").unwrap();
    for (r, row) in range.rows().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Data::Float(f) => {
                    sheet.write_number(r, c, *f).unwrap();
                }
                Data::String(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                _ => {}
            }
        }
        if r > 0 {
            sheet.write_number(r as u32, 5, if r <= 31 { 2.0 } else { 4.0 }).unwrap();
        }
    }
    book.save(wd.path("filled.xlsx")).unwrap();

    let json = json_out(&wd, &["score", "filled.xlsx"]);
    let r = &json["regions"][0];
    assert_eq!(r["region"], "Kab. Uji");
    assert_eq!(r["complete"], true);
    // (2·13 + 2·25 + 2·16.5 + 4·45.5) / 100 = (26 + 50 + 33 + 182) / 100 = 2.91
    assert!((r["index"].as_f64().unwrap() - 2.91).abs() < 1e-9, "{}", r["index"]);
    assert_eq!(r["rating"], "Baik");
    // The descriptive columns are not kept as notes.
    let (code, out, err) = run(wd.cmd().args(["validate", "filled.xlsx"]));
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn template_in_indonesian_reads_back() {
    let wd = Workdir::new();
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "template", "--format", "xlsx", "-o", "f.xlsx"]));
    assert_eq!(code, 0, "{err}");
    let all = sheets(&wd.path("f.xlsx"));
    assert_eq!(all[0].0, "Penilaian");
    let header: Vec<String> = all[0].1.rows().next().unwrap().iter().map(text).collect();
    assert_eq!(
        &header[..10],
        &[
            "wilayah",
            "indikator",
            "nama",
            "aspek",
            "domain",
            "tingkat",
            "keterangan",
            "catatan",
            "rekomendasi",
            "rubrik"
        ]
    );
    assert_eq!(header[10], "tingkat 1");
    // Read back unfilled, it holds nothing to score, and says so (no complaint about the blank
    // region cells of rows without a level).
    let (code, _, err) = run(wd.cmd().args(["score", "f.xlsx"]));
    assert_eq!(code, 2);
    assert!(err.contains("f.xlsx: no assessments found"), "{err}");
}

#[test]
fn template_to_stdout_when_redirected() {
    let wd = Workdir::new();
    let out = wd.cmd().args(["template", "--format", "xlsx"]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"PK\x03\x04"));
}

#[test]
fn levels_typed_as_text_are_read() {
    let wd = Workdir::new();
    // Long: every level a text cell "3".
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["region", "indicator", "level"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for i in 1..=47u32 {
        sheet.write_string(i, 0, "Kab. Teks").unwrap();
        sheet.write_string(i, 1, i.to_string()).unwrap();
        sheet.write_string(i, 2, " 3 ").unwrap();
    }
    book.save(wd.path("long.xlsx")).unwrap();
    // Wide: domain values as text, one with a decimal comma.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, v) in ["region", "D1", "D2", "D3", "D4"].iter().enumerate() {
        sheet.write_string(0, c as u16, *v).unwrap();
    }
    for (c, v) in ["Kab. Lebar", "2,5", "3", "1.5", "4"].iter().enumerate() {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    book.save(wd.path("wide.xlsx")).unwrap();

    let json = json_out(&wd, &["score", "long.xlsx", "wide.xlsx"]);
    let regions = json["regions"].as_array().unwrap();
    assert_eq!(regions[0]["region"], "Kab. Teks");
    assert!((regions[0]["index"].as_f64().unwrap() - 3.0).abs() < 1e-9);
    // (2.5·13 + 3·25 + 1.5·16.5 + 4·45.5) / 100 = (32.5 + 75 + 24.75 + 182) / 100 = 3.1425
    assert_eq!(regions[1]["region"], "Kab. Lebar");
    assert!((regions[1]["index"].as_f64().unwrap() - 3.1425).abs() < 1e-9, "{}", regions[1]["index"]);
}

#[test]
fn bad_cells_are_reported_by_sheet_and_cell_all_at_once() {
    let wd = Workdir::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ["region", "indicator", "level"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for i in 1..=47u32 {
        let row = i; // indicator i on sheet row i + 1
        sheet.write_string(row, 0, "Kab. Kerinci").unwrap();
        sheet.write_number(row, 1, i as f64).unwrap();
        match i {
            13 => sheet.write_number(row, 2, 7.0).unwrap(),
            19 => sheet.write_string(row, 2, "tinggi").unwrap(),
            29 => sheet.write_number_with_format(row, 2, 45_000.0, &date).unwrap(),
            _ => sheet.write_number(row, 2, 3.0).unwrap(),
        };
    }
    // Indicator 1 again on row 49.
    sheet.write_string(48, 0, "Kab. Kerinci").unwrap();
    sheet.write_number(48, 1, 1.0).unwrap();
    sheet.write_number(48, 2, 2.0).unwrap();
    book.save(wd.path("kerinci.xlsx")).unwrap();

    let (code, out, err) = run(wd.cmd().args(["score", "kerinci.xlsx"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("kerinci.xlsx: Sheet1!C14: level 7 is outside 1..5"), "{err}");
    assert!(
        err.contains("kerinci.xlsx: Sheet1!C20: `tinggi` is not a number; expected a level 0..5 (regulated scale 1..5)"),
        "{err}"
    );
    assert!(err.contains("kerinci.xlsx: Sheet1!C30: a date or time, not a level"), "{err}");
    assert!(
        err.contains(
            "kerinci.xlsx: Sheet1!C49: indicator 1 of Kab. Kerinci is given twice (first at Sheet1!C2)"
        ),
        "{err}"
    );
    assert!(err.contains("4 problems found"), "{err}");
}

#[test]
fn cells_are_named_where_the_table_starts_off_a1() {
    let wd = Workdir::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Nilai").unwrap();
    // Header on row 3, from column B.
    for (c, h) in ["region", "D1", "D2", "D3", "D4"].iter().enumerate() {
        sheet.write_string(2, c as u16 + 1, *h).unwrap();
    }
    sheet.write_string(3, 1, "Kab. Geser").unwrap();
    for (c, v) in [3.0, 3.0, 9.0, 3.0].iter().enumerate() {
        sheet.write_number(3, c as u16 + 2, *v).unwrap();
    }
    sheet.write_string(3, 7, "stray").unwrap();
    book.save(wd.path("geser.xlsx")).unwrap();
    let (code, _, err) = run(wd.cmd().args(["score", "geser.xlsx"]));
    assert_eq!(code, 2);
    assert!(err.contains("geser.xlsx: Nilai!E4: level 9 is outside 1..5"), "{err}");
    assert!(err.contains("geser.xlsx: Nilai!H4: `stray` is in a column without a header"), "{err}");
}

#[test]
fn sheet_is_chosen_by_name() {
    let wd = Workdir::new();
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Readme").unwrap().write_string(0, 0, "Fill in the Data sheet").unwrap();
    let data_sheet = book.add_worksheet();
    data_sheet.set_name("Data").unwrap();
    for (c, h) in ["region", "D1", "D2", "D3", "D4"].iter().enumerate() {
        data_sheet.write_string(0, c as u16, *h).unwrap();
    }
    data_sheet.write_string(1, 0, "Kab. Dua").unwrap();
    for c in 1..=4u16 {
        data_sheet.write_number(1, c, 2.0).unwrap();
    }
    book.save(wd.path("two.xlsx")).unwrap();

    let json = json_out(&wd, &["score", "two.xlsx", "--sheet", "data"]);
    assert_eq!(json["regions"][0]["region"], "Kab. Dua");
    let (code, _, err) = run(wd.cmd().args(["score", "two.xlsx", "--sheet", "Nope"]));
    assert_eq!(code, 2);
    assert!(err.contains("two.xlsx: no sheet `Nope`; the workbook has `Readme`, `Data`"), "{err}");
    let (code, _, err) = run(wd.cmd().args(["score", "two.xlsx"]));
    assert_eq!(code, 2);
    assert!(err.contains("two.xlsx: Readme!A1: unknown column `Fill in the Data sheet`"), "{err}");
}

#[test]
fn folders_pick_up_workbooks_but_not_excel_lock_files() {
    let wd = Workdir::new();
    wd.write("in/a.csv", "region,D1,D2,D3,D4\nKab. CSV,3,3,3,3\n");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["region", "D1", "D2", "D3", "D4"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Kab. XLSX").unwrap();
    for c in 1..=4u16 {
        sheet.write_number(1, c, 4.0).unwrap();
    }
    book.save(wd.path("in/b.xlsx")).unwrap();
    // What Excel leaves beside an open workbook: not a workbook at all.
    wd.write("in/~$b.xlsx", b"\x0bowner name\x00\x00");
    let json = json_out(&wd, &["compare", "in"]);
    let names: Vec<&str> =
        json["regions"].as_array().unwrap().iter().map(|r| r["region"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Kab. XLSX", "Kab. CSV"]);
}

#[test]
fn unreadable_workbooks_are_named() {
    let wd = Workdir::new();
    wd.write("broken.xlsx", b"PK\x03\x04 this is not a zip archive");
    wd.write("old.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]);
    let (code, _, err) = run(wd.cmd().args(["score", "broken.xlsx", "old.xls"]));
    assert_eq!(code, 2);
    assert!(err.contains("broken.xlsx: not a readable workbook (a broken zip archive"), "{err}");
    assert!(err.contains("old.xls: not a readable workbook: "), "{err}");
}

#[test]
fn score_writes_a_workbook_with_numbers_as_numbers() {
    let wd = Workdir::new();
    let dir = path_str(&example("jambi/mandiri"));
    // The format follows the extension of -o.
    let (code, _, err) = run(wd.cmd().args(["score", &dir, "-o", "skor.xlsx"]));
    assert_eq!(code, 0, "{err}");
    let path = wd.path("skor.xlsx");
    let all = sheets(&path);
    assert_eq!(
        all.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        vec!["Summary", "Domains", "Aspects", "Indicators", "About"]
    );
    let summary = &all[0].1;
    let header: Vec<String> = summary.rows().next().unwrap().iter().map(text).collect();
    assert_eq!(header, vec!["region", "code", "index", "rating", "D1", "D2", "D3", "D4"]);
    assert_eq!(summary.height(), 13);
    // Codes are text (15.10 is not 15.1), index cells numbers.
    assert!(summary.rows().skip(1).all(|r| matches!(r[1], Data::String(_))), "code cells are text");
    assert!(summary.rows().skip(1).all(|r| matches!(r[2], Data::Float(_))), "index cells are numbers");
    // Indicators: one row per indicator, one column per region, levels as numbers.
    let ind = &all[3].1;
    assert_eq!(ind.height(), 48);
    assert_eq!(ind.width(), 4 + 12);
    assert!(ind
        .rows()
        .skip(1)
        .all(|r| r[4..].iter().all(|c| matches!(c, Data::Float(f) if f.fract() == 0.0))));

    // Two decimals shown, full precision kept; header frozen; autofilter over the table.
    let xf = cell_xf(&path, "xl/worksheets/sheet1.xml", "C2");
    let styles = part(&path, "xl/styles.xml");
    let num_fmt_id = xf.split("numFmtId=\"").nth(1).unwrap().split('"').next().unwrap();
    assert!(styles.contains(&format!(r#"<numFmt numFmtId="{num_fmt_id}" formatCode="0.00"/>"#)), "{xf}");
    let sheet1 = part(&path, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#));
    assert!(sheet1.contains(r#"<autoFilter ref="A1:H13"/>"#), "{sheet1}");
    // Rating cells are filled as the report fills them (src/palette.rs): Kota Jambi (Memuaskan,
    // the highest of 5 bands) blue, Kerinci (Cukup, the second) orange.
    let summary_rows: Vec<Vec<String>> = summary.rows().map(|r| r.iter().map(text).collect()).collect();
    let row_of = |name: &str| summary_rows.iter().position(|r| r[0] == name).unwrap() + 1;
    let fill_of = |cell: String| {
        let xf = cell_xf(&path, "xl/worksheets/sheet1.xml", &cell);
        let fill: usize = xf.split("fillId=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        let fills = &styles[styles.find("<fills").unwrap()..styles.find("</fills>").unwrap()];
        fills.split("<fill>").nth(fill + 1).unwrap().to_string()
    };
    assert!(fill_of(format!("D{}", row_of("Pemerintah Kota Jambi"))).contains("FFC9E0F2"));
    assert!(fill_of(format!("D{}", row_of("Pemerintah Kab. Kerinci"))).contains("FFFBDEBD"));

    // Read back, the summary sheet (wide: region, code, D1..D4) scores the same to full
    // precision, with the same codes.
    let first = json_out(&wd, &["score", &dir]);
    let again = json_out(&wd, &["score", "skor.xlsx"]);
    for (a, b) in first["regions"].as_array().unwrap().iter().zip(again["regions"].as_array().unwrap()) {
        assert_eq!(a["region"], b["region"]);
        assert_eq!(a["code"], b["code"]);
        assert!((a["index"].as_f64().unwrap() - b["index"].as_f64().unwrap()).abs() < 1e-12);
    }
}

#[test]
fn formulas_are_neutralised_in_workbooks() {
    let wd = Workdir::new();
    let (code, _, err) =
        run(wd.cmd().args(["compare", &path_str(&data("compare/formula.csv")), "-o", "f.xlsx"]));
    assert_eq!(code, 0, "{err}");
    let path = wd.path("f.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let range = book.worksheet_range("Comparison").unwrap();
    let regions: Vec<&Data> = range.rows().skip(1).map(|r| &r[1]).collect();
    // Stored as text, unchanged, never as a formula...
    assert_eq!(
        regions,
        vec![
            &Data::String("+62 Kab".into()),
            &Data::String("=HYPERLINK(\"http://x\",\"a\")".into()),
            &Data::String("@SUM(A1)".into()),
            &Data::String("-Kota".into()),
        ]
    );
    let formulas = book.worksheet_formula("Comparison").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    // ...with Excel's quote prefix, so editing the cell keeps it text.
    for cell in ["B2", "B3", "B4", "B5"] {
        assert!(cell_xf(&path, "xl/worksheets/sheet1.xml", cell).contains(r#"quotePrefix="1""#), "{cell}");
    }
}

#[test]
fn compare_workbook_snapshot() {
    let wd = Workdir::new();
    let baseline = path_str(&data("compare/baseline.csv"));
    let (code, _, err) = run(wd.cmd().args([
        "compare",
        &baseline,
        "--baseline",
        "Provinsi",
        "--format",
        "xlsx",
        "-o",
        "c.xlsx",
    ]));
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("compare_baseline_xlsx", dump(&wd.path("c.xlsx")));

    let jambi = path_str(&example("jambi/published-2023-2024.csv"));
    let out = wd.cmd().args(["compare", &jambi, "--format", "xlsx"]).output().unwrap();
    assert!(out.status.success());
    std::fs::write(wd.path("trend.xlsx"), &out.stdout).unwrap();
    let names: Vec<String> = sheets(&wd.path("trend.xlsx")).into_iter().map(|s| s.0).collect();
    assert_eq!(
        names,
        vec![
            "Trend 2023–2024",
            "Rating changes",
            "Comparison 2024",
            "Summary",
            "Ratings",
            "Domains",
            "About"
        ],
        "no Aspects or Indicators sheet: the input gives domain indices only"
    );
}

#[test]
fn workbooks_say_what_they_are_print_on_a4_and_colour_ratings_as_the_report() {
    let wd = Workdir::new();
    let published = path_str(&example("jambi/published-2023-2024.csv"));
    let mandiri = path_str(&example("jambi/mandiri"));
    let (code, _, err) = run(wd.cmd().env("SOURCE_DATE_EPOCH", crate::report::EPOCH).args([
        "--lang",
        "id",
        "compare",
        &published,
        &mandiri,
        "--year",
        "2025",
        "--baseline",
        "Provinsi Jambi",
        "-o",
        "banding.xlsx",
    ]));
    assert_eq!(code, 0, "{err}");
    let path = wd.path("banding.xlsx");
    let all = sheets(&path);
    // The last sheet says what the workbook is.
    let (name, about) = all.last().expect("sheets");
    assert_eq!(name, "Keterangan");
    let rows: Vec<(String, String)> =
        about.rows().map(|r| (text(&r[0]), text(r.get(1).unwrap_or(&Data::Empty)))).collect();
    let value = |k: &str| rows.iter().find(|(l, _)| l == k).map(|(_, v)| v.clone()).unwrap_or_default();
    assert_eq!(value("Rubrik"), "Indeks SPBE (PermenPANRB 59/2020) (spbe-2020)");
    assert!(value("Dasar hukum").starts_with("Peraturan Menteri Pendayagunaan Aparatur Negara"), "{rows:?}");
    assert_eq!(value("Pembanding"), "Pemerintah Provinsi Jambi");
    // The input file and the 12 files of the folder, one a line.
    let inputs = value("Masukan");
    assert_eq!(inputs.lines().count(), 13, "{inputs}");
    assert!(inputs.lines().next().is_some_and(|l| l.ends_with("published-2023-2024.csv")), "{inputs}");
    // SOURCE_DATE_EPOCH 1764288000 is 28 November 2025 (UTC).
    assert_eq!(value("Tanggal"), "28 November 2025");
    assert_eq!(
        value("Perintah"),
        format!("spbe --lang id compare {published} {mandiri} --year 2025 --baseline 'Provinsi Jambi' -o banding.xlsx")
    );
    assert_eq!(value("Dibuat dengan"), format!("spbe {}", env!("CARGO_PKG_VERSION")));

    // Every data sheet prints landscape on A4, one page wide and as many pages tall as needed,
    // with its header row and its region (or name) column on every page.
    let workbook = part(&path, "xl/workbook.xml");
    for (k, (name, _)) in all.iter().enumerate().take(all.len() - 1) {
        let sheet = part(&path, &format!("xl/worksheets/sheet{}.xml", k + 1));
        assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{name}");
        assert!(
            sheet.contains(r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#),
            "{name}: {sheet}"
        );
        assert!(sheet.contains("<oddFooter>&amp;L&amp;A&amp;R&amp;P / &amp;N</oddFooter>"), "{name}");
    }
    // Comparison sheet: rank, region, …: columns A to B and row 1. The layer sheets: id, name.
    assert!(
        workbook.contains(
            r#"localSheetId="2">'Perbandingan 2025'!$A:$B,'Perbandingan 2025'!$1:$1</definedName>"#
        ),
        "{workbook}"
    );
    assert!(workbook.contains(r#"localSheetId="5">Domain!$A:$B,Domain!$1:$1</definedName>"#), "{workbook}");

    // The rating cells take the report's colours: Memuaskan as the report's `.band-4`.
    let html = crate::report::jambi_report(&wd, "id");
    let css_fill = |band: usize| {
        let rule = format!(".band-{band} {{ background: #");
        let at = html.find(&rule).expect("band rule") + rule.len();
        format!("FF{}", html[at..at + 6].to_uppercase())
    };
    let styles = part(&path, "xl/styles.xml");
    let fills = &styles[styles.find("<fills").unwrap()..styles.find("</fills>").unwrap()];
    let comparison = &all[2].1;
    let header: Vec<String> = comparison.rows().next().unwrap().iter().map(text).collect();
    let rating = header.iter().position(|h| h == "predikat").expect("rating column");
    for (r, row) in comparison.rows().enumerate().skip(1) {
        let band = match text(&row[rating]).as_str() {
            "Memuaskan" => 4,
            "Sangat Baik" => 3,
            "Baik" => 2,
            "Cukup" => 1,
            _ => 0,
        };
        let cell = format!("{}{}", (b'A' + rating as u8) as char, r + 1);
        let xf = cell_xf(&path, "xl/worksheets/sheet3.xml", &cell);
        let fill: usize = xf.split("fillId=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        let fill = fills.split("<fill>").nth(fill + 1).unwrap();
        assert!(fill.contains(&css_fill(band)), "{cell} band {band}: {fill}");
    }
}

#[test]
fn template_rows_fit_their_criteria_and_print_one_page_wide() {
    let wd = Workdir::new();
    let (code, _, err) = run(wd.cmd().args(["template", "-o", "form.xlsx"]));
    assert_eq!(code, 0, "{err}");
    let path = wd.path("form.xlsx");
    let sheet = part(&path, "xl/worksheets/sheet1.xml");
    // Each indicator row is as tall as its longest wrapped text: spbe-2020 has criteria for
    // every level, several lines in a column 45 characters wide, 15 points a line.
    let heights: Vec<f64> = sheet
        .split("<row r=\"")
        .skip(2)
        .map(|r| {
            let tag = &r[..r.find('>').unwrap()];
            assert!(tag.contains(r#"customHeight="1""#), "{tag}");
            tag.split("ht=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap()
        })
        .collect();
    assert_eq!(heights.len(), 47);
    assert!(heights.iter().all(|&h| h >= 45.0 && h % 15.0 == 0.0), "{heights:?}");
    assert!(sheet.contains(r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#), "{sheet}");
    let workbook = part(&path, "xl/workbook.xml");
    assert!(
        workbook.contains(r#"localSheetId="0">Assessment!$A:$C,Assessment!$1:$1</definedName>"#),
        "{workbook}"
    );

    // Indicator ids are numbers in the template and in every workbook spbe writes; whole levels
    // show without decimals (number format "0").
    let form = &sheets(&path)[0].1;
    assert!(form.rows().skip(1).all(|r| matches!(r[1], Data::Float(_))));
    let dir = path_str(&example("jambi/mandiri"));
    let (code, _, err) = run(wd.cmd().args(["score", &dir, "--detail", "indicator", "-o", "skor.xlsx"]));
    assert_eq!(code, 0, "{err}");
    let skor = wd.path("skor.xlsx");
    let all = sheets(&skor);
    let names: Vec<&str> = all.iter().map(|s| s.0.as_str()).collect();
    let indicators = &all[names.iter().position(|n| *n == "Indicators").expect("Indicators sheet")].1;
    assert!(indicators.rows().skip(1).all(|r| matches!(r[0], Data::Float(_))), "ids as numbers");
    let k = names.iter().position(|n| *n == "Indicators").unwrap() + 1;
    let xf = cell_xf(&skor, &format!("xl/worksheets/sheet{k}.xml"), "E2");
    let num_fmt_id = xf.split("numFmtId=\"").nth(1).unwrap().split('"').next().unwrap();
    let styles = part(&skor, "xl/styles.xml");
    assert!(styles.contains(&format!(r#"<numFmt numFmtId="{num_fmt_id}" formatCode="0"/>"#)), "{xf}");
    let breakdown = &all[names.iter().position(|n| *n == "Breakdown").expect("Breakdown sheet")].1;
    let header: Vec<String> = breakdown.rows().next().unwrap().iter().map(text).collect();
    let (kind, id) =
        (header.iter().position(|h| h == "kind").unwrap(), header.iter().position(|h| h == "id").unwrap());
    for r in breakdown.rows().skip(1) {
        match text(&r[kind]).as_str() {
            "indicator" => assert!(matches!(r[id], Data::Float(_)), "{r:?}"),
            _ => assert!(matches!(r[id], Data::String(_)), "{r:?}"),
        }
    }
}

#[test]
fn the_about_sheet_names_the_rubric_the_file_was_read_with() {
    // The Pemdi example names pemdi-2026 in its `rubric` column and is read with it without
    // --rubric: the About sheet gives that rubric and PermenPANRB 8/2026, not the default's
    // 59/2020, and the rubric is not loaded a second time (one provisional warning, not two).
    let wd = Workdir::new();
    let pemdi = path_str(&example("pemdi/aceh-tengah-2026.csv"));
    let (code, _, err) = run(wd.cmd().args(["score", &pemdi, "--detail", "indicator", "-o", "a.xlsx"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("is provisional").count(), 1, "{err}");
    let all = sheets(&wd.path("a.xlsx"));
    let (name, about) = all.last().expect("sheets");
    assert_eq!(name, "About");
    let rows: Vec<(String, String)> =
        about.rows().map(|r| (text(&r[0]), text(r.get(1).unwrap_or(&Data::Empty)))).collect();
    let value = |k: &str| rows.iter().find(|(l, _)| l == k).map(|(_, v)| v.clone()).unwrap_or_default();
    assert!(value("Rubric").ends_with("(pemdi-2026)"), "{rows:?}");
    assert!(value("Legal basis").contains("Nomor 8 Tahun 2026"), "{rows:?}");
    assert!(!value("Provisional").is_empty(), "{rows:?}");
}
