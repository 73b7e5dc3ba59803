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

/// Ranks and indices as `compare -f json` gives them.
fn ranked(json: &str) -> Vec<(u64, String, f64)> {
    let v: Value = serde_json::from_str(json).expect("json");
    v["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .map(|r| {
            (
                r["rank"].as_u64().unwrap(),
                r["region"].as_str().unwrap().to_string(),
                r["index"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn summary_rows_are_passed_over_with_a_word() {
    let wd = Workdir::new();
    let table = "No;Nama Instansi;Domain 1;Domain 2;Domain 3;Domain 4\n\
                 1;Kab. Bungo;1;2;3;4\n\
                 2;Kab. Tebo;3,5;3;2,5;4\n\
                 3;Kota Jambi;4;4;4;4\n";
    wd.write("plain.csv", table);
    // The recap's means would score 2.83·0.13 + 3·0.25 + 3.17·0.165 + 4·0.455 = 3.46 and rank
    // second, ahead of Kab. Tebo; its sums (8.5, 9, 9.5, 12) are off the 1..5 scale.
    wd.write("recap.csv", format!("{table};Rata-rata;2,83;3;3,17;4\n;JUMLAH;8,5;9;9,5;12\n"));
    // Weights 13, 25, 16.5, 45.5 %: Kota Jambi 4; Kab. Tebo 0.455 + 0.75 + 0.4125 + 1.82 =
    // 3.4375; Kab. Bungo 0.13 + 0.5 + 0.495 + 1.82 = 2.945.
    let want = [(1, "Kota Jambi", 4.0), (2, "Kab. Tebo", 3.4375), (3, "Kab. Bungo", 2.945)];
    for file in ["plain.csv", "recap.csv"] {
        let (code, out, err) = run(wd.cmd().args(["compare", file, "-f", "json"]));
        assert_eq!(code, 0, "{err}");
        let got = ranked(&out);
        assert_eq!(got.len(), 3, "{got:?}");
        for ((rank, name, index), (r, n, i)) in got.iter().zip(want) {
            assert_eq!((*rank, name.as_str()), (r, n));
            assert!((index - i).abs() < 1e-12, "{name}: {index} against {i}");
        }
        if file == "recap.csv" {
            assert!(
                err.contains(
                    "recap.csv:5:2: 2 summary rows (`Rata-rata`, `JUMLAH`) are not regions: they are not scored"
                ),
                "{err}"
            );
            // Nothing else: no registry warning about a region `Rata-rata`.
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
    let (_, _, err) = run(wd.cmd().args(["score", "recap.csv", "--lang", "id"]));
    assert!(
        err.contains("recap.csv:5:2: 2 baris ringkasan (`Rata-rata`, `JUMLAH`) bukan wilayah: tidak dinilai"),
        "{err}"
    );
    let (code, out, err) = run(wd.cmd().args(["compare", "recap.csv", "--strict", "--error-format", "json"]));
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains(r#""code":"summary-rows""#), "{err}");
}

#[test]
fn a_long_file_and_a_workbook_pass_their_summary_rows_over() {
    let wd = Workdir::new();
    // Long: Kab. A gives D1..D4 as 1, 2, 3, 4 (2.945, as above); the `Rata-rata Nasional` rows
    // after it are one warning, at the first.
    wd.write(
        "long.csv",
        "region,indicator,level\nKab. A,D1,1\nKab. A,D2,2\nKab. A,D3,3\nKab. A,D4,4\n\
         Rata-rata Nasional,D1,2\nRata-rata Nasional,D2,2\n",
    );
    let (code, out, err) = run(wd.cmd().args(["compare", "long.csv", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let got = ranked(&out);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!((got[0].2 - 2.945).abs() < 1e-12, "{got:?}");
    assert!(
        err.contains(
            "long.csv:6:1: 2 summary rows (`Rata-rata Nasional`) are not regions: they are not scored"
        ),
        "{err}"
    );

    // A workbook whose `Rata-rata` row holds formulas (stored with the result 0, off the 1..5
    // scale, by rust_xlsxwriter): not a region, so nothing of it is scored or checked. Named by
    // sheet and cell.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "REKAP INDEKS SPBE PROVINSI JAMBI").unwrap();
    for (c, h) in ["Kabupaten/Kota", "D1", "D2", "D3", "D4"].iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let rows: [(&str, [f64; 4]); 2] =
        [("Kab. Bungo", [1.0, 2.0, 3.0, 4.0]), ("Kab. Tebo", [3.5, 3.0, 2.5, 4.0])];
    for (i, (name, values)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        sheet.write_string(r, 0, *name).unwrap();
        for (c, v) in values.iter().enumerate() {
            sheet.write_number(r, 1 + c as u16, *v).unwrap();
        }
    }
    sheet.write_string(4, 0, "Rata-rata").unwrap();
    for (c, col) in ["B", "C", "D", "E"].iter().enumerate() {
        sheet.write_formula(4, 1 + c as u16, format!("=AVERAGE({col}3:{col}4)").as_str()).unwrap();
    }
    book.save(wd.path("rekap.xlsx")).unwrap();
    let (code, out, err) = run(wd.cmd().args(["compare", "rekap.xlsx", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    // Kab. Tebo 3.4375 ranks above Kab. Bungo 2.945 (as above).
    let got = ranked(&out);
    let names: Vec<(u64, &str)> = got.iter().map(|(r, n, _)| (*r, n.as_str())).collect();
    assert_eq!(names, [(1, "Kab. Tebo"), (2, "Kab. Bungo")]);
    assert!(
        err.contains("rekap.xlsx: Sheet1!A5: `Rata-rata` is a summary row, not a region: it is not scored"),
        "{err}"
    );
    // The title's warning and this one, nothing about the formulas' values.
    assert_eq!(err.lines().count(), 2, "{err}");
}

#[test]
fn a_form_with_a_title_above_is_read_with_the_rubric_it_names() {
    let wd = Workdir::new();
    let (code, form, err) = run(wd.cmd().args(["--rubric", "spbe-2018", "template", "--region", "Kota A"]));
    assert_eq!(code, 0, "{err}");
    let filled = crate::common::fill_form(&form, "3");
    wd.write("form.csv", format!("FORMULIR EVALUASI SPBE 2024\n\n{filled}"));
    // Without --rubric, the rubric column below the title decides: spbe-2018, every indicator
    // at 3, so every domain and the index are 3.
    let (code, out, err) = run(wd.cmd().args(["score", "form.csv", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rubric"]["id"], "spbe-2018", "{out}");
    assert_eq!(v["regions"][0]["index"], 3.0, "{out}");
    assert!(err.contains("form.csv:1: `FORMULIR EVALUASI SPBE 2024` is read as the table's title"), "{err}");

    // The same in a workbook: a title on row 1, the form from row 3.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "FORMULIR EVALUASI SPBE 2024").unwrap();
    for (r, line) in filled.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            if !cell.is_empty() {
                sheet.write_string(2 + r as u32, c as u16, cell).unwrap();
            }
        }
    }
    book.save(wd.path("form.xlsx")).unwrap();
    let (code, out, err) = run(wd.cmd().args(["-q", "score", "form.xlsx", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rubric"]["id"], "spbe-2018", "{out}");
    assert_eq!(v["regions"][0]["index"], 3.0, "{out}");
}

#[test]
fn regions_resolve_passes_a_title_over() {
    let wd = Workdir::new();
    // Names only (no values): read from the region column under the title.
    wd.write(
        "pemda.csv",
        "DAFTAR PEMERINTAH DAERAH PROVINSI JAMBI\n\nNo,Nama Instansi,Kode\n1,Pemerintah Kab. Bungo,\n2,X,15.71\n",
    );
    let (code, out, err) = run(wd.cmd().args(["regions", "resolve", "pemda.csv", "-f", "csv"]));
    assert_eq!(code, 0, "{err}\n{out}");
    assert!(err.contains("names taken from their region column"), "{err}");
    assert!(
        err.contains(
            "pemda.csv:1: `DAFTAR PEMERINTAH DAERAH PROVINSI JAMBI` is read as the table's title above the header (line 3), not as data"
        ),
        "{err}"
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[1].starts_with("Pemerintah Kab. Bungo,15.08,Kabupaten Bungo,Jambi,resolved"), "{out}");
    assert!(lines[2].starts_with("X,15.71,Kota Jambi,Jambi,code-column"), "{out}");
    // And a table that scores, with a title: its regions as the readers read them.
    wd.write("nilai.csv", "HASIL EVALUASI SPBE 2024\ninstansi,D1,D2,D3,D4\nKota Jambi,1,2,3,4\n");
    let (code, out, err) = run(wd.cmd().args(["regions", "resolve", "nilai.csv", "-f", "csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines().nth(1).is_some_and(|l| l.starts_with("Kota Jambi,15.71,Kota Jambi,Jambi,resolved")),
        "{out}"
    );
}
