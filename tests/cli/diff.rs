//! `spbe diff`: self-assessment against final levels, one year against the next.

use serde_json::Value;

use crate::common::{data, path_str, run, Workdir};

fn small() -> String {
    path_str(&data("rubric-small.toml"))
}

fn json(out: &str) -> Value {
    serde_json::from_str(out).expect("JSON output")
}

fn region<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["regions"].as_array().expect("regions").iter().find(|r| r["region"] == name).expect("region")
}

/// The counts in the fixtures, by hand (small rubric; shares 0.13, 0.27, 0.101, 0.249, 0.125, 0.125):
/// Kab. A mandiri 3 3 2 4 2 1, final 2 3 2 3 3 1: 1 and 4 higher, 5 lower, 3 equal; |diff| 3.
///   index 2.773 → 2.519 (−0.13 − 0.249 + 0.125 = −0.254).
/// Kab. B mandiri all 2, final 3 at 1: 1 higher, 5 equal; |diff| 1. Index 2 → 1.899,
///   Sedang → Rendah.
/// Kab. C in mandiri only, Kab. D in final only.
/// Total: 12 compared, 3 higher, 1 lower, 8 equal, mean |diff| 4/12.
fn check_fixture(v: &Value) {
    let a = region(v, "Kab. A");
    assert_eq!(a["tally"]["before_higher"], 2);
    assert_eq!(a["tally"]["before_lower"], 1);
    assert_eq!(a["tally"]["equal"], 3);
    assert_eq!(a["tally"]["mean_abs_difference"], 0.5);
    assert!((a["before"]["index"].as_f64().expect("index") - 2.773).abs() < 1e-12);
    assert!((a["change"].as_f64().expect("change") + 0.254).abs() < 1e-12);
    let ids: Vec<&str> =
        a["changes"].as_array().expect("changes").iter().map(|c| c["id"].as_str().expect("id")).collect();
    // A1 (1), D2 → A2 (4), A3 (5); D1 through A1.
    assert_eq!(ids, ["D1", "A1", "1", "D2", "A2", "4", "A3", "5"]);
    let b = region(v, "Kab. B");
    assert_eq!((b["tally"]["before_higher"].as_u64(), b["tally"]["equal"].as_u64()), (Some(1), Some(5)));
    assert_eq!(
        (b["before"]["rating"].as_str(), b["after"]["rating"].as_str()),
        (Some("Sedang"), Some("Rendah"))
    );
    let s = &v["summary"];
    assert_eq!(s["regions_compared"], 2);
    assert_eq!(s["indicators_compared"], 12);
    assert_eq!(
        (s["before_higher"].as_u64(), s["before_lower"].as_u64(), s["equal"].as_u64()),
        (Some(3), Some(1), Some(8))
    );
    assert!((s["mean_abs_difference"].as_f64().expect("mean") - 4.0 / 12.0).abs() < 1e-12);
}

#[test]
fn self_assessment_against_final_with_one_sided_regions() {
    let wd = Workdir::new();
    let (m, f) = (path_str(&data("diff/mandiri.csv")), path_str(&data("diff/final.csv")));
    let (code, out, err) = run(wd.cmd().args(["--rubric", &small(), "diff", &m, &f, "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    check_fixture(&v);
    assert_eq!(v["only_before"][0]["region"], "Kab. C");
    assert_eq!(v["only_after"][0]["region"], "Kab. D");
    assert!(err.contains("Kab. C: in BEFORE only, not compared"), "{err}");
    assert!(err.contains("Kab. D: in AFTER only, not compared"), "{err}");
    assert_eq!(v["matched_by"], "region");

    // The table shows the one-sided regions too.
    let (_, out, _) = run(wd.cmd().args(["--rubric", &small(), "diff", &m, &f]));
    assert!(out.contains("On one side only"), "{out}");
    assert!(out.contains("│ BEFORE ┆ Kab. C"), "{out}");
}

#[test]
fn stages_in_one_file() {
    let wd = Workdir::new();
    let s = path_str(&data("diff/stages.csv"));
    let (code, out, err) = run(wd.cmd().args([
        "--rubric",
        &small(),
        "diff",
        &s,
        "--from",
        "mandiri",
        "--to",
        "FINAL",
        "-f",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    check_fixture(&v);
    assert!(v["only_before"].as_array().expect("list").is_empty());
    assert_eq!(region(&v, "Kab. A")["before"]["stage"], "mandiri");
    assert_eq!(region(&v, "Kab. A")["after"]["stage"], "final");

    // Without --from/--to, and with a stage that is not there.
    let (code, _, err) = run(wd.cmd().args(["--rubric", &small(), "diff", &s]));
    assert_eq!(code, 2);
    assert!(err.contains("give AFTER, or --from and --to"), "{err}");
    let (code, _, err) = run(wd.cmd().args(["--rubric", &small(), "diff", &s, &s]));
    assert_eq!(code, 2);
    assert!(err.contains("holds several stages (mandiri, final): pick one with --from"), "{err}");
    let (code, _, err) =
        run(wd.cmd().args(["--rubric", &small(), "diff", &s, "--from", "visitasi", "--to", "final"]));
    assert_eq!(code, 2);
    assert!(err.contains("has no assessments at stage `visitasi` (stages: mandiri, final)"), "{err}");
}

#[test]
fn one_year_against_the_next_from_published_domains() {
    // Provinsi Jambi, published domains 2023: 2.8 / 2.7 / 1.82 / 4.32 → (36.4 + 67.5 + 30.03 +
    // 196.56)/100 = 3.3049; 2024: 2.3 / 2.4 / 2.18 / 3.95 → (29.9 + 60 + 35.97 + 179.725)/100 =
    // 3.05595. Change −0.24895; no indicator levels to tally.
    let wd = Workdir::new();
    let p = path_str(&crate::common::example("jambi/published-2023-2024.csv"));
    let (code, out, err) = run(wd.cmd().args(["diff", &p, "--from", "2023", "--to", "2024", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["regions"].as_array().expect("regions").len(), 12);
    let j = region(&v, "Pemerintah Provinsi Jambi");
    assert!((j["before"]["index"].as_f64().expect("before") - 3.3049).abs() < 1e-12);
    assert!((j["change"].as_f64().expect("change") + 0.24895).abs() < 1e-12);
    assert_eq!(j["tally"]["indicators_compared"], 0);
    let d1 = &j["changes"][0];
    assert_eq!(
        (d1["id"].as_str(), d1["before"].as_f64(), d1["after"].as_f64()),
        (Some("D1"), Some(2.8), Some(2.3))
    );
    let (code, _, err) = run(wd.cmd().args(["diff", &p, "--from", "2022", "--to", "2024"]));
    assert_eq!(code, 2);
    assert!(err.contains("has no assessments of year 2022 (years: 2023, 2024)"), "{err}");
}

#[test]
fn two_single_region_files_are_compared_whatever_their_names() {
    let wd = Workdir::new();
    wd.write("kerinci-mandiri.csv", "indicator,level\n1,3\n2,3\n3,3\n4,3\n5,3\n6,3\n");
    wd.write("kerinci-final.csv", "indicator,level\n1,1\n2,3\n3,3\n4,3\n5,3\n6,3\n");
    let (code, out, err) = run(wd.cmd().args([
        "--rubric",
        &small(),
        "diff",
        "kerinci-mandiri.csv",
        "kerinci-final.csv",
        "-f",
        "csv",
        "--precision",
        "2",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("comparing kerinci-mandiri (BEFORE) with kerinci-final (AFTER)"), "{err}");
    // Indicator 1 (share 0.13) 3 → 1: A1 (1·13 + 3·27)/40 = 2.35, D1 the same, index
    // 3 − 2·0.13 = 2.74.
    assert_eq!(
        out,
        "region,kind,id,name,before,after,change\n\
         kerinci-mandiri,index,,Indeks Kecil,3.00,2.74,-0.26\n\
         kerinci-mandiri,domain,D1,Domain satu,3.00,2.35,-0.65\n\
         kerinci-mandiri,aspect,A1,Aspek satu,3.00,2.35,-0.65\n\
         kerinci-mandiri,indicator,1,Indikator satu,3.00,1.00,-2.00\n"
    );
}

#[test]
fn every_format_snapshot() {
    let wd = Workdir::new();
    let (m, f) = (path_str(&data("diff/mandiri.csv")), path_str(&data("diff/final.csv")));
    let mut outputs = String::new();
    for format in ["table", "csv", "markdown", "json"] {
        let (code, out, err) = run(wd.cmd().args(["--rubric", &small(), "diff", &m, &f, "-f", format]));
        assert_eq!(code, 0, "{err}");
        outputs.push_str(&format!("==> {format}\n{out}\n"));
    }
    let outputs = outputs.replace(&m, "mandiri.csv").replace(&f, "final.csv");
    insta::assert_snapshot!(outputs);
}

#[test]
fn years_that_do_not_meet_are_reported_not_dropped() {
    // BEFORE has 2023 and 2024, AFTER 2025 only: matched by year, nothing meets.
    let wd = Workdir::new();
    let p = path_str(&crate::common::example("jambi/published-2023-2024.csv"));
    wd.write("2025.csv", "year,region,D1,D2,D3,D4\n2025,Pemerintah Kab. Tebo,3,2,2,4\n");
    let (code, out, err) = run(wd.cmd().args(["diff", &p, "2025.csv", "-f", "json"]));
    // Nothing compared: the lists are still written, and the exit code is 1.
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no region is on both sides (matched by name and year)"), "{err}");
    let v = json(&out);
    assert_eq!(v["only_before"].as_array().expect("list").len(), 24);
    assert_eq!(v["only_after"][0]["year"], 2025);
    // Picking 2024 from BEFORE: Tebo meets (single years each side, matched by name).
    let (code, out, err) = run(wd.cmd().args(["diff", &p, "2025.csv", "--from", "2024", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["regions"].as_array().expect("regions").len(), 1);
    assert_eq!(v["only_before"].as_array().expect("list").len(), 11);
}

#[test]
fn the_shipped_final_levels_diff_against_the_self_assessments() {
    // README's example: the twelve illustrative Jambi regions, mandiri against final.
    let wd = Workdir::new();
    let (m, f) = (crate::common::example("jambi/mandiri"), crate::common::example("jambi/final"));
    let (code, out, err) = run(wd.cmd().arg("diff").arg(&m).arg(&f).args(["-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let regions = v["regions"].as_array().expect("regions");
    assert_eq!(regions.len(), 12);
    assert!(v["only_before"].as_array().expect("list").is_empty());
    // Kerinci's final file changes 11 indicators by one level: 1, 2 (1.30 % each), 13, 14
    // (2.50 %), 39, 40, 41 (2.75 %) down; 6 (1.30 %), 19 (2.50 %), 32 (2.75 %), 45 (3.00 %) up.
    // Change of the index: (-1.3·2 - 2.5·2 - 2.75·3 + 1.3 + 2.5 + 2.75 + 3.0) / 100 = -0.063.
    let k = regions.iter().find(|r| r["region"] == "Pemerintah Kab. Kerinci").expect("Kerinci");
    assert!((k["change"].as_f64().expect("change") + 0.063).abs() < 1e-9, "{k}");
    assert_eq!(
        k["changes"].as_array().expect("changes").iter().filter(|c| c["kind"] == "indicator").count(),
        11,
        "{k}"
    );
}
