//! `spbe compare`: ranking, baseline, summary, trend, stages, formats.
//!
//! `tests/data/compare/jambi-published-reference.csv` is a copy of the reference table of the
//! KemenPANRB evaluation reports 2023 and 2024 (domain indices, index and predikat of Provinsi
//! Jambi and its 11 kabupaten/kota, as published).

use serde_json::Value;

use crate::common::{data, example, path_str, run, Workdir};

fn compare_json(wd: &Workdir, args: &[&str]) -> Value {
    let (code, out, err) = run(wd.cmd().arg("compare").args(args).args(["--format", "json"]));
    assert_eq!(code, 0, "stderr: {err}");
    serde_json::from_str(&out).expect("JSON output")
}

fn region<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == name)
        .unwrap_or_else(|| panic!("{name}"))
}

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().unwrap() - b).abs() < 1e-9
}

#[test]
fn ranks_by_index_and_ties_share_a_rank() {
    let wd = Workdir::new();
    let json = compare_json(&wd, &[&path_str(&data("compare/ties.csv"))]);
    // Index = (13·D1 + 25·D2 + 16.5·D3 + 45.5·D4) / 100:
    //   Beta 4 · Alpha, Gamma 3 · Delta 2
    //   Eta   (15.21 + 95.25 + 81.345 + 153.335) / 100 = 3.4514
    //   Theta (17.55 + 74.25 + 49.5   + 203.84 ) / 100 = 3.4514 (in floating point 3.4514000000000005)
    let got: Vec<(u64, &str)> = json["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["rank"].as_u64().unwrap(), r["region"].as_str().unwrap()))
        .collect();
    assert_eq!(got, vec![(1, "Beta"), (2, "Eta"), (2, "Theta"), (4, "Alpha"), (4, "Gamma"), (6, "Delta")]);
}

#[test]
fn sort_changes_the_order_not_the_rank() {
    let wd = Workdir::new();
    let ties = path_str(&data("compare/ties.csv"));
    let json = compare_json(&wd, &[&ties, "--sort", "name"]);
    let got: Vec<(u64, &str)> = json["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["rank"].as_u64().unwrap(), r["region"].as_str().unwrap()))
        .collect();
    assert_eq!(got, vec![(4, "Alpha"), (1, "Beta"), (6, "Delta"), (2, "Eta"), (4, "Gamma"), (2, "Theta")]);
    // By D2, highest first: Beta 4, Eta 3.81, Alpha 3, Gamma 3 (tied on D2 and index: by name), Theta 2.97, Delta 2.
    let json = compare_json(&wd, &[&ties, "--sort", "d2"]);
    let names: Vec<&str> =
        json["regions"].as_array().unwrap().iter().map(|r| r["region"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Beta", "Eta", "Alpha", "Gamma", "Theta", "Delta"]);

    let (code, _, err) = run(wd.cmd().args(["compare", &ties, "--sort", "D9"]));
    assert_eq!(code, 2);
    assert!(err.contains("--sort D9: expected index, name, or a node id"), "{err}");
}

#[test]
fn baseline_differences_and_counts_match_a_hand_computation() {
    let wd = Workdir::new();
    let json = compare_json(&wd, &[&path_str(&data("compare/baseline.csv")), "--baseline", "provinsi"]);
    // Indices: Provinsi (39 + 50 + 33 + 182) / 100 = 3.04      Kab A (52 + 25 + 33 + 227.5) / 100 = 3.375
    //          Kab B (26 + 75 + 16.5 + 136.5) / 100 = 2.54     Kab C (39 + 50 + 49.5 + 182) / 100 = 3.205
    assert_eq!(json["baseline"], "Provinsi");
    let expect = [
        ("Provinsi", [0.0, 0.0, 0.0, 0.0, 0.0]),
        ("Kab A", [1.0, -1.0, 0.0, 1.0, 0.335]),
        ("Kab B", [-1.0, 1.0, -1.0, -1.0, -0.5]),
        ("Kab C", [0.0, 0.0, 1.0, 0.0, 0.165]),
    ];
    for (name, deltas) in expect {
        let d = &region(&json, name)["delta"];
        for (id, want) in ["D1", "D2", "D3", "D4", "index"].iter().zip(deltas) {
            assert!(close(&d[id], want), "{name} {id}: {} != {want}", d[id]);
        }
    }
    // Above / below the province (3, 2, 2, 4; 3.04), the province itself left out:
    // D1 above A (4), below B (2); D2 above B, below A; D3 above C, below B; D4 above A, below B;
    // index above A and C, below B.
    let cols = json["summary"]["columns"].as_array().unwrap();
    let counts: Vec<(&str, u64, u64)> = cols
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["above"].as_u64().unwrap(), c["below"].as_u64().unwrap()))
        .collect();
    assert_eq!(counts, vec![("D1", 1, 1), ("D2", 1, 1), ("D3", 1, 1), ("D4", 1, 1), ("index", 2, 1)]);
    // Index: mean (3.04 + 3.375 + 2.54 + 3.205) / 4 = 3.04; median (3.04 + 3.205) / 2 = 3.1225.
    let index = &cols[4];
    assert!(close(&index["mean"], 3.04));
    assert!(close(&index["median"], 3.1225));
    assert!(close(&index["min"], 2.54));
    assert!(close(&index["max"], 3.375));
    assert_eq!(index["best"], serde_json::json!(["Kab A"]));
    assert_eq!(index["worst"], serde_json::json!(["Kab B"]));
    // Ratings: Baik (2.6 ≤ x < 3.5) for Provinsi, A and C; Cukup for B.
    let ratings: Vec<(&str, u64)> = json["summary"]["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["rating"].as_str().unwrap(), r["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(ratings, vec![("Memuaskan", 0), ("Sangat Baik", 0), ("Baik", 3), ("Cukup", 1), ("Kurang", 0)]);
}

#[test]
fn baseline_must_name_one_region() {
    let wd = Workdir::new();
    let f = path_str(&data("compare/baseline.csv"));
    let (code, _, err) = run(wd.cmd().args(["compare", &f, "--baseline", "Kab"]));
    assert_eq!(code, 2);
    assert!(err.contains("`Kab` matches several regions (Kab A, Kab B, Kab C)"), "{err}");
    let (code, _, err) = run(wd.cmd().args(["compare", &f, "--baseline", "Kerinci"]));
    assert_eq!(code, 2);
    assert!(err.contains("no region `Kerinci`"), "{err}");
}

/// The published predikat per (year, region), and the published index.
fn published() -> Vec<(i64, String, f64, String)> {
    let mut rdr = csv::Reader::from_path(data("compare/jambi-published-reference.csv")).unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].parse().unwrap(), r[1].to_string(), r[6].parse().unwrap(), r[7].to_string())
        })
        .collect()
}

#[test]
fn jambi_2023_to_2024_trend_matches_the_published_ratings() {
    let wd = Workdir::new();
    let json = compare_json(&wd, &[&path_str(&example("jambi/published-2023-2024.csv"))]);
    let trend = &json["trend"];
    assert_eq!(trend["years"], serde_json::json!([2023, 2024]));
    let rows = trend["regions"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    let published = published();
    assert_eq!(published.len(), 24);
    for (year, name, index, rating) in &published {
        let row = rows.iter().find(|r| r["region"] == name.as_str()).unwrap();
        let point = row["years"].as_array().unwrap().iter().find(|p| p["year"] == *year).unwrap();
        assert_eq!(point["rating"], rating.as_str(), "{name} {year}");
        // Recomputed from domain indices rounded to 2 decimals: within 0.01 of the published index.
        assert!((point["index"].as_f64().unwrap() - index).abs() <= 0.01 + 1e-9, "{name} {year}");
    }
    // Every region whose published predikat changed is listed as a move, and no other.
    let rating_of = |y: i64, n: &str| published.iter().find(|p| p.0 == y && p.1 == n).unwrap().3.clone();
    let mut changed: Vec<&str> = published
        .iter()
        .filter(|p| p.0 == 2024 && rating_of(2023, &p.1) != p.3)
        .map(|p| p.1.as_str())
        .collect();
    let mut moved: Vec<&str> =
        trend["moves"].as_array().unwrap().iter().map(|m| m["region"].as_str().unwrap()).collect();
    changed.sort_unstable();
    moved.sort_unstable();
    assert_eq!(moved, changed);
    // Tanjung Jabung Barat: Kurang (1.71) in 2023, Baik (2.92) in 2024.
    let tjb = trend["moves"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["region"] == "Pemerintah Kab. Tanjung Jabung Barat")
        .unwrap();
    assert_eq!(tjb["from"]["rating"], "Kurang");
    assert_eq!(tjb["to"]["rating"], "Baik");
    assert_eq!(tjb["direction"], "up");
    // The comparison that follows is of 2024: Kota Jambi first (4.32, Memuaskan).
    assert_eq!(json["year"], 2024);
    assert_eq!(json["regions"][0]["region"], "Pemerintah Kota Jambi");
    assert_eq!(json["regions"][0]["rating"], "Memuaskan");
}

#[test]
fn year_per_input_makes_a_trend() {
    let wd = Workdir::new();
    wd.write("2023/a.csv", "region,D1,D2,D3,D4\nA,1,1,1,1\nB,3,3,3,3\n");
    wd.write("2024/a.csv", "region,D1,D2,D3,D4\nA,2,2,2,2\nB,3,3,3,3\n");
    let json = compare_json(&wd, &["2023", "2024", "--year", "2023", "--year", "2024"]);
    let a = json["trend"]["regions"].as_array().unwrap().iter().find(|r| r["region"] == "A").unwrap();
    // A: 1.00 Kurang → 2.00 Cukup, change +1.
    assert!(close(&a["change"], 1.0));
    assert_eq!(a["movement"], "up");
    assert_eq!(a["years"][0]["rating"], "Kurang");
    assert_eq!(a["years"][1]["rating"], "Cukup");

    let (code, _, err) =
        run(wd.cmd().args(["compare", "2023", "2024", "--year", "1", "--year", "2", "--year", "3"]));
    assert_eq!(code, 2);
    assert!(err.contains("--year is given 3 times for 2 inputs"), "{err}");

    wd.write("y.csv", "year,region,D1,D2,D3,D4\n2024,C,2,2,2,2\n");
    let (code, _, err) = run(wd.cmd().args(["compare", "2023", "y.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("some assessments have a year and some do not"), "{err}");
}

#[test]
fn several_stages_need_a_choice() {
    let wd = Workdir::new();
    wd.write("s.csv", "region,stage,D1,D2,D3,D4\nA,mandiri,4,4,4,4\nA,final,3,3,3,3\nB,final,2,2,2,2\n");
    let (code, _, err) = run(wd.cmd().args(["compare", "s.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("several stages (mandiri, final)"), "{err}");
    assert!(err.contains("--stage"), "{err}");
    let json = compare_json(&wd, &["s.csv", "--stage", "Final"]);
    let names: Vec<&str> =
        json["regions"].as_array().unwrap().iter().map(|r| r["region"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["A", "B"]);
    assert!(close(&json["regions"][0]["index"], 3.0));
    let (code, _, err) = run(wd.cmd().args(["compare", "s.csv", "--stage", "visitasi"]));
    assert_eq!(code, 2);
    assert!(err.contains("no assessment has that stage"), "{err}");
}

#[test]
fn by_aspect_and_indicator() {
    let wd = Workdir::new();
    let dir = path_str(&example("jambi/mandiri"));
    let json = compare_json(&wd, &[&dir, "--by", "aspect"]);
    assert_eq!(json["by"], "aspect");
    let ids: Vec<&str> =
        json["columns"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"]);
    let json = compare_json(&wd, &[&dir, "--by", "indicator"]);
    assert_eq!(json["columns"].as_array().unwrap().len(), 47);
    assert_eq!(json["regions"][0]["scores"].as_array().unwrap().len(), 47);

    let (code, _, err) = run(wd.cmd().args(["--rubric", "pemdi-2026", "compare", &dir, "--by", "domain"]));
    assert_eq!(code, 2);
    assert!(err.contains("rubric pemdi-2026 has no domains"), "{err}");
}

#[test]
fn text_that_looks_like_a_formula_is_neutralised_in_csv() {
    let wd = Workdir::new();
    let (code, out, err) =
        run(wd.cmd().args(["compare", &path_str(&data("compare/formula.csv")), "-f", "csv"]));
    assert_eq!(code, 0, "{err}");
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let regions: Vec<String> = rdr.records().map(|r| r.unwrap()[1].to_string()).collect();
    assert_eq!(regions, vec!["'+62 Kab", "'=HYPERLINK(\"http://x\",\"a\")", "'@SUM(A1)", "'-Kota"]);
}

#[test]
fn compare_formats_snapshot() {
    let wd = Workdir::new();
    let baseline = path_str(&data("compare/baseline.csv"));
    for format in ["table", "csv", "tsv", "markdown", "json"] {
        let (code, out, err) =
            run(wd.cmd().args(["compare", &baseline, "--baseline", "Provinsi", "--format", format]));
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(format!("compare_baseline_{format}"), out);
    }
}

#[test]
fn trend_formats_snapshot() {
    let wd = Workdir::new();
    let jambi = path_str(&example("jambi/published-2023-2024.csv"));
    for format in ["table", "csv", "markdown"] {
        let (code, out, err) = run(wd.cmd().args(["compare", &jambi, "--format", format]));
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(format!("compare_trend_{format}"), out);
    }
}

#[test]
fn indonesian_labels_and_decimal_comma() {
    let wd = Workdir::new();
    let baseline = path_str(&data("compare/baseline.csv"));
    let (code, out, err) =
        run(wd.cmd().args(["--lang", "id", "compare", &baseline, "--baseline", "Provinsi"]));
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("compare_baseline_table_id", out);
}

#[test]
fn command_line_definition_is_consistent() {
    use clap::CommandFactory;
    spbe::cli::Cli::command().debug_assert();
    let wd = Workdir::new();
    let (code, out, _) = run(wd.cmd().args(["compare", "--help"]));
    assert_eq!(code, 0);
    for flag in
        ["--by <LAYER>", "--sort <index|name|ID>", "--baseline <REGION>", "--stage <STAGE>", "--sheet <NAME>"]
    {
        assert!(out.contains(flag), "{flag} in {out}");
    }
    assert!(
        out.trim_end().ends_with(
            "Exit codes: 0 success, 1 a region is below --fail-below (results are still written),\n2 bad input or usage."
        ),
        "{out}"
    );
    assert!(out.contains("--fail-below <INDEX|RATING>"), "{out}");
    assert!(out.contains("Examples:"));
}
