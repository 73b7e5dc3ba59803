//! Tables as offices keep them: a title above the header, region and value columns headed in
//! words (`Nama Instansi`, `Domain 1`), in CSV and in workbooks.

use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

use crate::common::{run, Workdir};

/// spbe-2020 from domain values (weights 13, 25, 16.5, 45.5 %):
/// 1, 2, 3, 4 → 0.13 + 0.50 + 0.495 + 1.82 = 2.945 (Baik, 2.6 ≤ x < 3.5);
/// 3.5, 3, 2.5, 4 → 0.455 + 0.75 + 0.4125 + 1.82 = 3.4375 (Baik).
const EXPECTED: [(&str, f64, &str); 2] =
    [("Pemerintah Kab. Bungo", 2.945, "Baik"), ("Pemerintah Provinsi Jambi", 3.4375, "Baik")];

fn scored(json: &str) -> Vec<(String, f64, String)> {
    let v: Value = serde_json::from_str(json).expect("json");
    v["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .map(|r| {
            (
                r["region"].as_str().unwrap().to_string(),
                r["index"].as_f64().unwrap(),
                r["rating"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn assert_expected(json: &str) {
    let got = scored(json);
    assert_eq!(got.len(), 2, "{got:?}");
    for ((name, index, rating), (n, i, r)) in got.iter().zip(EXPECTED) {
        assert_eq!((name.as_str(), rating.as_str()), (n, r));
        assert!((index - i).abs() < 1e-12, "{name}: {index} against {i}");
    }
}

#[test]
fn a_title_above_a_semicolon_table_with_decimal_commas_is_named_and_passed_over() {
    let wd = Workdir::new();
    wd.write(
        "nasional.csv",
        "HASIL EVALUASI SPBE TAHUN 2024;;;;;;\n\
         ;;;;;;\n\
         No;Nama Instansi;Domain 1;Domain 2;Domain 3;Domain 4;Predikat\n\
         1;Pemerintah Kab. Bungo;1;2;3;4;Baik\n\
         2;Pemerintah Provinsi Jambi;3,5;3;2,5;4;Baik\n",
    );
    let (code, out, err) = run(wd.cmd().args(["score", "nasional.csv", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    assert_expected(&out);
    assert!(
        err.contains(
            "nasional.csv:1: `HASIL EVALUASI SPBE TAHUN 2024` is read as the table's title above the header (line 3), not as data"
        ),
        "{err}"
    );
    // In Indonesian, and as an error under --strict: nothing is passed over unsaid.
    let (_, _, err) = run(wd.cmd().args(["score", "nasional.csv", "--lang", "id"]));
    assert!(err.contains("dibaca sebagai judul tabel di atas header (baris 3), bukan data"), "{err}");
    let (code, _, err) = run(wd.cmd().args(["score", "nasional.csv", "--strict", "--error-format", "json"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(r#""code":"title-rows""#), "{err}");
}

#[test]
fn a_title_whose_text_has_a_comma_does_not_decide_the_delimiter() {
    let wd = Workdir::new();
    wd.write(
        "t.csv",
        "Hasil Evaluasi, Tahun 2024\n\
         instansi;D1;D2;D3;D4\n\
         Pemerintah Kab. Bungo;1;2;3;4\n\
         Pemerintah Provinsi Jambi;3,5;3;2,5;4\n",
    );
    let (code, out, err) = run(wd.cmd().args(["score", "t.csv", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    assert_expected(&out);
    assert!(err.contains("t.csv:1: `Hasil Evaluasi, Tahun 2024` is read as the table's title"), "{err}");
}

#[test]
fn without_a_clean_header_the_first_row_is_the_header_as_before() {
    let wd = Workdir::new();
    // A title, then a header with an unknown column: the header's problem is reported, not
    // the title's.
    wd.write("a.csv", "Hasil 2024\nregion,D1,D2,D3,D9\nA,1,2,3,4\n");
    let (code, _, err) = run(wd.cmd().args(["score", "a.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("a.csv:2:5: unknown column `D9`"), "{err}");
    // Only title-like rows: the first says what is wrong.
    wd.write("b.csv", "region\nKab. A\nKab. B\n");
    let (code, _, err) = run(wd.cmd().args(["score", "b.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("b.csv:1:1: no value columns"), "{err}");
}

#[test]
fn a_workbook_with_a_merged_title_above_the_header_is_read() {
    let wd = Workdir::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    // A title merged over A1:G2 (two rows: above the header, so no data is hidden), a subtitle,
    // the header on row 4.
    sheet.merge_range(0, 0, 1, 6, "HASIL EVALUASI SPBE TAHUN 2024", &Format::new()).unwrap();
    sheet.write_string(2, 0, "Provinsi Jambi").unwrap();
    for (c, h) in ["No", "Nama Pemda", "Domain 1", "Domain 2", "Domain 3", "Domain 4"].iter().enumerate() {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    let rows: [(&str, [f64; 4]); 2] = [
        ("Pemerintah Kab. Bungo", [1.0, 2.0, 3.0, 4.0]),
        ("Pemerintah Provinsi Jambi", [3.5, 3.0, 2.5, 4.0]),
    ];
    for (i, (name, values)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        for (c, v) in values.iter().enumerate() {
            sheet.write_number(r, 2 + c as u16, *v).unwrap();
        }
    }
    book.save(wd.path("nasional.xlsx")).unwrap();
    let (code, out, err) = run(wd.cmd().args(["score", "nasional.xlsx", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    assert_expected(&out);
    assert!(
        err.contains("nasional.xlsx: Sheet1!1:1: 2 rows above the header (row 4) are read as the table's title, not as data: `HASIL EVALUASI SPBE TAHUN 2024`, …"),
        "{err}"
    );
}
