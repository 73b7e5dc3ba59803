//! `spbe score` and `spbe validate`: reading, scoring, errors and every output format.

use crate::common::{example, long_csv, run, Workdir};

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).expect("valid JSON")
}

/// (region, year) → (index, rating) from `--format json`.
fn indices(v: &serde_json::Value) -> Vec<(String, Option<i64>, f64, String)> {
    v["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["region"].as_str().unwrap().to_string(),
                r["year"].as_i64(),
                r["index"].as_f64().unwrap(),
                r["rating"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn all_24_published_jambi_rows_are_reproduced() {
    let wd = Workdir::new();
    let published = crate::common::data("jambi-published-2023-2024.csv");
    let (code, out, err) =
        run(wd.cmd().args(["score", "--format", "json"]).arg(example("jambi/published-2023-2024.csv")));
    assert_eq!(code, 0, "{err}");
    let got = indices(&json(&out));
    let mut rdr = csv::Reader::from_path(published).unwrap();
    let mut n = 0;
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let (year, region, index, rating) = (&rec[0], &rec[1], &rec[6], &rec[7]);
        let year: i64 = year.parse().unwrap();
        let index: f64 = index.parse().unwrap();
        let g = got
            .iter()
            .find(|g| g.0 == region && g.1 == Some(year))
            .unwrap_or_else(|| panic!("{region} {year}"));
        assert!((g.2 - index).abs() <= 0.011, "{region} {year}: {} vs published {index}", g.2);
        assert_eq!(g.3, rating, "{region} {year}");
        n += 1;
    }
    assert_eq!(n, 24);
    assert_eq!(got.len(), 24);
}

#[test]
fn the_published_table_scores_with_its_own_column_names() {
    // The reference file as the ministry's tables name columns: `instansi`, `d1_kebijakan` …
    // `d4_layanan`, with the published `indeks` and `predikat` beside them (recomputed, not read).
    let wd = Workdir::new();
    let published = crate::common::data("jambi-published-2023-2024.csv");
    let (code, out, err) = run(wd.cmd().args(["score", "--format", "json"]).arg(&published));
    assert_eq!(code, 0, "{err}");
    let got = indices(&json(&out));
    assert_eq!(got.len(), 24);
    let mut rdr = csv::Reader::from_path(published).unwrap();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let year: i64 = rec[0].parse().unwrap();
        let index: f64 = rec[6].parse().unwrap();
        let g = got.iter().find(|g| g.0 == rec[1] && g.1 == Some(year)).unwrap();
        assert!((g.2 - index).abs() <= 0.011, "{} {year}: {} vs published {index}", &rec[1], g.2);
        assert_eq!(g.3, rec[7], "{} {year}", &rec[1]);
    }
}

#[test]
fn column_labels_must_fit_the_node_they_name() {
    let wd = Workdir::new();
    // `Layanan SPBE` is D4's whole name and `D2 Tata Kelola` D2 with its name; `d1_layanan`
    // names D1 with words that are not in its name, so it is refused, not guessed.
    wd.write("a.csv", "No,instansi,d1_layanan,D2 Tata Kelola,D3,Layanan SPBE\n1,X,3,3,3,3\n");
    let (code, _, err) = run(wd.cmd().args(["score", "a.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("a.csv:1:3: unknown column `d1_layanan`"), "{err}");
    assert!(
        !err.contains("D2 Tata Kelola") && !err.contains("Layanan SPBE") && !err.contains("`No`"),
        "{err}"
    );
    wd.write(
        "b.csv",
        "No,instansi,D1 Kebijakan Internal,D2 Tata Kelola,D3,Layanan SPBE\n1,X,3.7,3.4,3.0,3.2\n",
    );
    let (code, out, err) = run(wd.cmd().args(["score", "b.csv", "--format", "csv"]));
    assert_eq!(code, 0, "{err}");
    // The regulation's worked example: 3.70 / 3.40 / 3.00 / 3.20 → 3.282.
    assert!(out.lines().nth(1).unwrap().starts_with("X,3.28"), "{out}");
}

#[test]
fn national_indices_2021_to_2024_are_reproduced() {
    // Methodology §4: Kebijakan / Tata Kelola / Manajemen / Layanan → index.
    let wd = Workdir::new();
    wd.write(
        "nasional.csv",
        "year,region,D1,D2,D3,D4\n2021,Nasional,2.21,1.89,1.23,2.81\n2022,Nasional,2.39,1.85,1.32,2.96\n\
         2023,Nasional,2.91,2.27,1.65,3.45\n2024,Nasional,3.36,2.62,1.86,3.78\n",
    );
    let (code, out, err) = run(wd.cmd().args(["score", "nasional.csv", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let got = indices(&json(&out));
    for (g, published) in got.iter().zip([2.24, 2.34, 2.79, 3.12]) {
        assert!((g.2 - published).abs() <= 0.011, "{g:?} vs {published}");
    }
}

#[test]
fn worked_example_through_the_cli() {
    let wd = Workdir::new();
    wd.write("contoh.csv", "region,D1,D2,D3,D4\nContoh,3.70,3.40,3.00,3.20\n");
    let (code, out, _) = run(wd.cmd().args(["score", "contoh.csv", "--format", "csv"]));
    assert_eq!(code, 0);
    assert_eq!(out, "region,index,rating,D1,D2,D3,D4\nContoh,3.282,Baik,3.7,3.4,3,3.2\n");
}

#[test]
fn band_edges_through_the_cli() {
    // Every domain at x gives index x.
    let wd = Workdir::new();
    wd.write("edges.csv", "region,D1,D2,D3,D4\na,1.7999,1.7999,1.7999,1.7999\nb,1.8,1.8,1.8,1.8\nc,4.2,4.2,4.2,4.2\nd,5,5,5,5\n");
    let (code, out, _) = run(wd.cmd().args(["score", "edges.csv", "--format", "json"]));
    assert_eq!(code, 0);
    let ratings: Vec<String> = indices(&json(&out)).into_iter().map(|g| g.3).collect();
    assert_eq!(ratings, ["Kurang", "Cukup", "Memuaskan", "Memuaskan"]);
}

#[test]
fn indicator_level_long_input_scores_by_hand() {
    // Indicator 1 at 5, the rest at 1: index = 1 + 4 × 1.3/100 = 1.052 (shown 1.05), Kurang.
    let wd = Workdir::new();
    wd.write("a.csv", long_csv("Kab. Contoh", |i| if i == 1 { 5 } else { 1 }));
    let (code, out, _) = run(wd.cmd().args(["score", "a.csv", "--format", "json"]));
    assert_eq!(code, 0);
    let v = json(&out);
    assert!((v["regions"][0]["index"].as_f64().unwrap() - 1.052).abs() < 1e-12);
    assert_eq!(v["regions"][0]["complete"], true);
    let scores = v["regions"][0]["scores"].as_array().unwrap();
    assert_eq!(scores.len(), 4 + 8 + 47);
    let a1 = scores.iter().find(|s| s["id"] == "A1").unwrap();
    assert_eq!(a1["kind"], "aspect");
    assert!((a1["score"].as_f64().unwrap() - 1.4).abs() < 1e-12);
    let i1 = scores.iter().find(|s| s["id"] == "1").unwrap();
    assert_eq!(i1["level_name"], "Optimum");
}

#[test]
fn semicolons_decimal_commas_bom_crlf_and_indonesian_headers() {
    let wd = Workdir::new();
    let mut text = String::from("\u{feff}wilayah;indikator;nilai;catatan\r\n");
    for i in 1..=47 {
        text.push_str(&format!("Kab. Uji;{i:02};{};\r\n", if i <= 10 { 2 } else { 4 }));
    }
    wd.write("uji.csv", text);
    wd.write("ranah.csv", "instansi;D1;D2;D3;D4\nKota Uji;3,7;3,4;3;3,2\n");
    let (code, out, err) = run(wd.cmd().args(["score", "uji.csv", "ranah.csv", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let got = indices(&json(&out));
    // (2×13 + 4×87)/100 = 3.74; the worked example 3.282.
    assert_eq!(got[0].0, "Kab. Uji");
    assert!((got[0].2 - 3.74).abs() < 1e-12);
    assert!((got[1].2 - 3.282).abs() < 1e-12);
}

#[test]
fn tsv_and_tab_delimited_text() {
    let wd = Workdir::new();
    wd.write("t.tsv", "region\tD1\tD2\tD3\tD4\nX\t3.7\t3.4\t3.0\t3.2\n");
    wd.write("t.txt", "region\tD1\tD2\tD3\tD4\nY\t3.7\t3.4\t3.0\t3.2\n");
    let (code, out, err) = run(wd.cmd().args(["score", "t.tsv", "t.txt", "--format", "tsv"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "region\tindex\trating\tD1\tD2\tD3\tD4\nX\t3.282\tBaik\t3.7\t3.4\t3\t3.2\nY\t3.282\tBaik\t3.7\t3.4\t3\t3.2\n");
}

#[test]
fn region_comes_from_flag_then_file_stem() {
    let wd = Workdir::new();
    let mut body = String::from("indicator,level\n");
    for i in 1..=47 {
        body.push_str(&format!("{i},3\n"));
    }
    wd.write("kerinci.csv", &body);
    let (_, out, _) = run(wd.cmd().args(["score", "kerinci.csv", "--format", "csv"]));
    // The stem resolves to Kab. Kerinci, 15.01.
    assert!(out.lines().nth(1).unwrap().starts_with("kerinci,15.01,3,Baik"), "{out}");
    let (_, out, _) =
        run(wd.cmd().args(["score", "kerinci.csv", "--region", "Kab. Kerinci", "--format", "csv"]));
    assert!(out.lines().nth(1).unwrap().starts_with("Kab. Kerinci,15.01,3,Baik"), "{out}");
}

#[test]
fn directories_and_stdin() {
    let wd = Workdir::new();
    wd.write("in/b.csv", long_csv("B", |_| 2));
    wd.write("in/a.csv", long_csv("A", |_| 4));
    wd.write("in/ignored.md", "not an input");
    let (code, out, _) = run(wd.cmd().args(["score", "in", "--format", "csv"]));
    assert_eq!(code, 0);
    // Files are read in name order, regions kept in input order.
    assert_eq!(out, "region,index,rating,D1,D2,D3,D4\nA,4,Sangat Baik,4,4,4,4\nB,2,Cukup,2,2,2,2\n");
    let (code, out, _) =
        run(wd.cmd().args(["score", "-", "--format", "csv"]).write_stdin(long_csv("S", |_| 5)));
    assert_eq!(code, 0);
    assert!(out.contains("S,5,Memuaskan"));
}

#[test]
fn regions_are_combined_across_files_and_kept_in_input_order() {
    let wd = Workdir::new();
    // Region Z's domains 1–2 in one file, 3–4 in another.
    wd.write("1.csv", "region,D1,D2\nZ,3,3\nY,1,1\n");
    wd.write("2.csv", "region,D3,D4\nY,1,1\nZ,3,3\n");
    let (code, out, err) = run(wd.cmd().args(["score", "1.csv", "2.csv", "--format", "csv"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect::<Vec<_>>(), ["Z", "Y"]);
}

#[test]
fn extra_columns_are_kept_and_any_node_level_works() {
    let wd = Workdir::new();
    // Aspect-level values for D1–D3 (A1..A6), indicator levels for D4.
    let mut t = String::from("region,indicator,level,evidence\n");
    for a in 1..=6 {
        t.push_str(&format!("R,A{a},3,\n"));
    }
    for i in 32..=47 {
        t.push_str(&format!("R,{i},3,dok-{i}.pdf\n"));
    }
    wd.write("r.csv", t);
    let (code, out, err) = run(wd.cmd().args(["score", "r.csv", "--format", "csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("R,3,Baik,3,3,3,3"), "{out}");
}

#[test]
fn missing_indicators_are_an_error_unless_allowed() {
    let wd = Workdir::new();
    let t: String = long_csv("R", |i| if i <= 10 { 5 } else { 1 })
        .lines()
        .filter(|l| !l.starts_with("R,45,") && !l.starts_with("R,46,") && !l.starts_with("R,47,"))
        .map(|l| format!("{l}\n"))
        .collect();
    wd.write("r.csv", t);
    let (code, out, err) = run(wd.cmd().args(["score", "r.csv"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("missing 3 indicators (45–47)"), "{err}");
    assert!(err.contains("--allow-missing"), "{err}");
    let (code, out, err) = run(wd.cmd().args(["score", "r.csv", "--allow-missing", "--format", "json"]));
    assert_eq!(code, 0);
    assert!(err.contains("incomplete"), "{err}");
    let v = json(&out);
    assert_eq!(v["regions"][0]["complete"], false);
    assert_eq!(v["regions"][0]["missing"], serde_json::json!(["45", "46", "47"]));
    // A8 is renormalised over 42–44 (level 1) = 1, so D4 = 1 and the index is
    // (5×13 + 1×87)/100 = 1.52.
    assert!((v["regions"][0]["index"].as_f64().unwrap() - 1.52).abs() < 1e-12);
}

#[test]
fn validate_is_quiet_about_data_and_strict_about_problems() {
    let wd = Workdir::new();
    wd.write("ok.csv", long_csv("R", |_| 3));
    let (code, out, err) = run(wd.cmd().args(["validate", "ok.csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("ok: 1 assessments"), "{err}");
    wd.write("bad.csv", "region,indicator,level\nR,1,9\n");
    let (code, _, err) = run(wd.cmd().args(["validate", "bad.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("bad.csv:2:3: level 9 is outside 1..5"), "{err}");
}

/// Runs `score FILE -o out.csv` and checks it fails with exit 2, writes nothing, and prints
/// every expected message.
fn assert_bad(wd: &Workdir, file: &str, expected: &[&str]) {
    let (code, out, err) = run(wd.cmd().args(["score", file, "-o", "out.csv"]));
    assert_eq!(code, 2, "{file}: {err}");
    assert!(out.is_empty());
    assert!(!wd.path("out.csv").exists(), "{file}: an output file was written");
    for e in expected {
        assert!(err.contains(e), "{file}: expected `{e}` in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_levels_are_reported_with_line_and_column_all_at_once() {
    let wd = Workdir::new();
    let mut t = long_csv("R", |_| 3);
    t = t.replace("R,7,3\n", "R,7,7\n").replace("R,8,3\n", "R,8,3.5\n").replace("R,9,3\n", "R,9,abc\n");
    wd.write("levels.csv", t);
    assert_bad(
        &wd,
        "levels.csv",
        &[
            "levels.csv:8:3: level 7 is outside 1..5",
            "levels.csv:9:3: level 3.5 of indicator 8 is not a whole number",
            "levels.csv:10:3: `abc` is not a number",
            "3 problems found",
        ],
    );
}

#[test]
fn unknown_ids_duplicates_and_conflicts() {
    let wd = Workdir::new();
    let t = long_csv("R", |_| 3) + "R,48,3\nR,07,4\nR,A2,3\n";
    wd.write("ids.csv", t);
    assert_bad(
        &wd,
        "ids.csv",
        &[
            "ids.csv:49:2: unknown node id `48`: rubric spbe-2020 has D1..D4, A1..A8, 1..47",
            "ids.csv:50:3: indicator 7 of R is given twice (first at line 8)",
            "ids.csv:51:3: aspect A2 of R is given together with indicator 11 (at line 12)",
        ],
    );
}

#[test]
fn structural_problems() {
    let wd = Workdir::new();
    wd.write("empty.csv", "");
    assert_bad(&wd, "empty.csv", &["empty.csv: empty file"]);
    wd.write("nolevel.csv", "region,indicator\nR,1\n");
    assert_bad(&wd, "nolevel.csv", &["nolevel.csv:1:1: missing column `level`"]);
    wd.write("ragged.csv", "region,D1,D2,D3,D4\nR,3,3,3\nS,3,3,3,3,3\n");
    assert_bad(
        &wd,
        "ragged.csv",
        &["ragged.csv:2:5: expected 5 fields like the header, found 4", "ragged.csv:3:6: expected 5 fields"],
    );
    wd.write("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".as_slice());
    assert_bad(&wd, "binary.csv", &["binary.csv:3: not a text file: NUL byte on line 3"]);
    wd.write("wide.csv", "region,D1,D2,X9\nR,3,3,3\n");
    assert_bad(&wd, "wide.csv", &["wide.csv:1:4: unknown column `X9`"]);
    wd.write("headeronly.csv", "region,indicator,level\n");
    assert_bad(&wd, "headeronly.csv", &["headeronly.csv: the file has a header but no rows"]);
}

#[test]
fn problems_in_several_files_are_all_reported() {
    let wd = Workdir::new();
    wd.write("a.csv", "region,D1,D2,D3,D4\nR,9,3,3,3\n");
    wd.write("b.csv", "region,D1,D2,D3,D4\nS,3,3,3,-1\n");
    let (code, _, err) = run(wd.cmd().args(["score", "a.csv", "b.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("a.csv:2:2: level 9 is outside 1..5"), "{err}");
    assert!(err.contains("b.csv:2:5: level -1 is outside 0..5 (regulated scale 1..5)"), "{err}");
}

#[test]
fn output_is_never_written_onto_an_input_or_over_a_file_without_force() {
    let wd = Workdir::new();
    wd.write("in.csv", "region,D1,D2,D3,D4\nR,3,3,3,3\n");
    let (code, _, err) = run(wd.cmd().args(["score", "in.csv", "-o", "in.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("it is one of the inputs"), "{err}");
    assert_eq!(wd.read("in.csv"), "region,D1,D2,D3,D4\nR,3,3,3,3\n");
    let (code, _, _) = run(wd.cmd().args(["score", "in.csv", "-o", "out.csv", "--format", "csv"]));
    assert_eq!(code, 0);
    assert_eq!(wd.read("out.csv"), "region,index,rating,D1,D2,D3,D4\nR,3,Baik,3,3,3,3\n");
    let (code, _, err) = run(wd.cmd().args(["score", "in.csv", "-o", "out.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("pass --force"), "{err}");
    let (code, _, _) =
        run(wd.cmd().args(["score", "in.csv", "-o", "out.csv", "--force", "--format", "json"]));
    assert_eq!(code, 0);
    assert!(wd.read("out.csv").starts_with('{'));
    // No temporary files left behind.
    let leftovers: Vec<_> = std::fs::read_dir(wd.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn provisional_rubrics_warn_once_on_stderr() {
    let wd = Workdir::new();
    let mut t = String::from("region,indicator,level\n");
    for i in 1..=20 {
        t.push_str(&format!("R,{i},3\n"));
    }
    wd.write("p.csv", t);
    let (code, out, err) =
        run(wd.cmd().args(["score", "p.csv", "--rubric", "pemdi-2026", "--format", "csv"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.lines().filter(|l| l.contains("provisional")).count(), 1, "{err}");
    // No domains: one column per aspect.
    assert_eq!(out, "region,index,rating,A1,A2,A3,A4,A5,A6,A7\nR,3,Baik,3,3,3,3,3,3,3\n");
    let (_, _, err) = run(wd.cmd().args(["score", "p.csv", "--rubric", "pemdi-2026", "--quiet"]));
    assert!(err.is_empty(), "{err}");
}

#[test]
fn rubric_from_environment() {
    let wd = Workdir::new();
    let mut t = String::from("region,indicator,level\n");
    for i in 1..=35 {
        t.push_str(&format!("R,{i},0\n"));
    }
    wd.write("r.csv", t);
    let (code, out, err) =
        run(wd.cmd().env("SPBE_RUBRIC", "spbe-2018").args(["score", "r.csv", "--format", "csv"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "region,index,rating,D1,D2,D3\nR,0,Kurang,0,0,0\n");
}

// ---- every output format, snapshot-tested on the shipped examples ----

fn score_examples(args: &[&str]) -> String {
    let wd = Workdir::new();
    let (code, out, err) = run(wd.cmd().arg("score").arg(example("jambi/mandiri")).args(args));
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn snapshot_table() {
    insta::assert_snapshot!(score_examples(&[]));
}

#[test]
fn snapshot_csv() {
    insta::assert_snapshot!(score_examples(&["--format", "csv"]));
}

#[test]
fn snapshot_tsv() {
    insta::assert_snapshot!(score_examples(&["--format", "tsv"]));
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!(score_examples(&["--format", "markdown"]));
}

#[test]
fn snapshot_json() {
    let wd = Workdir::new();
    let (code, out, _) =
        run(wd.cmd().args(["score", "--format", "json"]).arg(example("jambi/mandiri/kerinci.csv")));
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
}

#[test]
fn snapshot_detail_indicator_csv() {
    let wd = Workdir::new();
    let (code, out, _) = run(wd
        .cmd()
        .args(["score", "--detail", "indicator", "--format", "csv"])
        .arg(example("jambi/mandiri/kerinci.csv")));
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
}

#[test]
fn snapshot_detail_aspect_table() {
    let wd = Workdir::new();
    let (code, out, _) = run(wd
        .cmd()
        .args(["score", "--detail", "aspect", "--precision", "3"])
        .arg(example("jambi/mandiri/kerinci.csv")));
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
}

#[test]
fn line_numbers_are_right_after_crlf_and_blank_lines() {
    // Excel on Windows writes CRLF; the csv crate's own count is one short there.
    let wd = Workdir::new();
    wd.write("crlf.csv", "region,indicator,level\r\nKab,1,9\r\n\r\nKab,2,8\r\n");
    let (code, _, err) = run(wd.cmd().args(["score", "crlf.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("crlf.csv:2:3: level 9 is outside 1..5"), "{err}");
    assert!(err.contains("crlf.csv:4:3: level 8 is outside 1..5"), "{err}");
}

#[test]
fn csv_for_an_indonesian_excel_has_semicolons_decimal_commas_and_a_bom() {
    let wd = Workdir::new();
    // Every indicator at level 3 gives every score 3; a name with a semicolon is quoted only
    // where `;` separates the fields.
    wd.write("a.csv", crate::common::long_csv("Kab. A; Uji", |_| 3));
    for args in
        [&["score", "a.csv", "-f", "csv"][..], &["score", "a.csv", "--detail", "aspect", "-f", "csv"][..]]
    {
        let (code, machine, err) = run(wd.cmd().args(args));
        assert_eq!(code, 0, "{err}");
        let (code, excel, err) = run(wd.cmd().args(args).args(["--csv-style", "excel-id"]));
        assert_eq!(code, 0, "{err}");
        // The machine CSV is as it was: no mark, commas, decimal points.
        assert!(!machine.starts_with('\u{feff}'), "{machine}");
        assert!(machine.contains("Kab. A; Uji,") && machine.contains(",3,"), "{machine}");
        // For Excel: the mark, then the same table with `;` and decimal commas.
        let body = excel.strip_prefix('\u{feff}').expect("a byte order mark first");
        let mut want = csv::ReaderBuilder::new().has_headers(false).from_reader(machine.as_bytes());
        let mut got =
            csv::ReaderBuilder::new().has_headers(false).delimiter(b';').from_reader(body.as_bytes());
        let (want, got): (Vec<csv::StringRecord>, Vec<csv::StringRecord>) =
            (want.records().map(|r| r.unwrap()).collect(), got.records().map(|r| r.unwrap()).collect());
        assert_eq!(want.len(), got.len());
        for (w, g) in want.iter().zip(&got) {
            for (a, b) in w.iter().zip(g.iter()) {
                // Numbers differ only in the decimal separator; text not at all.
                let expected = if a.parse::<f64>().is_ok() { a.replace('.', ",") } else { a.to_string() };
                assert_eq!(b, expected, "{body}");
            }
        }
        assert!(body.contains("\"Kab. A; Uji\";") && body.contains(";3;"), "{body}");
    }
}
