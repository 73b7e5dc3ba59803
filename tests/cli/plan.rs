//! `spbe plan`: the fewest or cheapest raises to a target.

use serde_json::Value;

use crate::common::{data, long_csv, path_str, run, Workdir};

fn json(out: &str) -> Value {
    serde_json::from_str(out).expect("JSON output")
}

fn small() -> String {
    path_str(&data("rubric-small.toml"))
}

#[test]
fn fewest_raises_by_hand_on_spbe_2020() {
    // Every indicator at 3: index 3.00. Sangat Baik needs 3.5, i.e. +0.5. A raise adds the
    // indicator's weight / 100: 42–47 give 0.03 each (12 raises to level 5: +0.36), then 32–41
    // 0.0275 each: 0.14 more needs 6 of them (+0.165). 18 raises, index 3.525.
    let wd = Workdir::new();
    wd.write("r.csv", long_csv("Kab. X", |_| 3));
    let (code, out, err) = run(wd.cmd().args(["plan", "r.csv", "--target", "Sangat Baik", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let region = &v["regions"][0];
    let steps = region["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 18);
    let ids: Vec<&str> = steps.iter().map(|s| s["indicator"].as_str().expect("id")).collect();
    assert_eq!(
        ids,
        [
            "42", "42", "43", "43", "44", "44", "45", "45", "46", "46", "47", "47", "32", "32", "33", "33",
            "34", "34"
        ]
    );
    assert_eq!(steps[0]["from"], 3.0);
    assert_eq!(steps[0]["to"], 4.0);
    assert_eq!(steps[0]["level_name"], "Kolaborasi");
    assert_eq!(steps[1]["level_name"], "Optimum");
    assert!(steps[0]["criteria"]
        .as_str()
        .expect("criteria")
        .starts_with("Kriteria tingkat 3 telah terpenuhi"));
    assert!((steps[0]["gain"].as_f64().expect("gain") - 0.03).abs() < 1e-12);
    assert!((steps[12]["gain"].as_f64().expect("gain") - 0.0275).abs() < 1e-12);
    assert!((region["final_index"].as_f64().expect("final") - 3.525).abs() < 1e-12);
    assert_eq!(region["final_rating"], "Sangat Baik");
    assert_eq!(region["rating"], "Baik");
    assert_eq!(v["target"]["index"], 3.5);
    assert_eq!(v["target"]["rating"], "Sangat Baik");
    assert_eq!(v["goal"], "fewest");
}

#[test]
fn limits_exclusions_and_ranges() {
    // --exclude 42-47 --max-raise 1 from all at 3, target 3.3 (+0.3): 32–41 once each give
    // 0.275, then one raise of 11 (0.025): 11 raises, index 3.30.
    let wd = Workdir::new();
    wd.write("r.csv", long_csv("Kab. X", |_| 3));
    let (code, out, err) = run(wd.cmd().args([
        "plan",
        "r.csv",
        "--target",
        "3.3",
        "--exclude",
        "42-47",
        "--max-raise",
        "1",
        "-f",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let steps = v["regions"][0]["steps"].as_array().expect("steps");
    let ids: Vec<&str> = steps.iter().map(|s| s["indicator"].as_str().expect("id")).collect();
    assert_eq!(ids, ["32", "33", "34", "35", "36", "37", "38", "39", "40", "41", "11"]);
    assert!((v["regions"][0]["final_index"].as_f64().expect("final") - 3.3).abs() < 1e-12);
    assert_eq!(v["exclude"].as_array().expect("exclude").len(), 6);

    // --only D1 (indicators 1–10, 0.013 each, at most 2 raises: +0.26 at most) cannot reach 3.3.
    let (code, out, err) = run(wd.cmd().args(["plan", "r.csv", "--target", "3.3", "--only", "D1"]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("no plan: target 3.3 is out of reach: the raises allowed"), "{out}");
    assert!(out.contains("give at most 3.26 (every indicator at level 5 would give 5)"), "{out}");

    // Unknown ids and backwards ranges are errors.
    let (code, _, err) = run(wd.cmd().args(["plan", "r.csv", "--target", "3.3", "--exclude", "47-45,99"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("--exclude: `47-45`: the range runs backwards; `99`: unknown id in rubric spbe-2020"),
        "{err}"
    );
    let (code, _, err) = run(wd.cmd().args(["plan", "r.csv", "--target", "3.3", "--only", "D1-47"]));
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "--only: `D1-47`: a range runs between nodes of one kind, but D1 is a domain and 47 an indicator"
        ),
        "{err}"
    );
    // An empty item is a usage error.
    let (code, _, err) = run(wd.cmd().args(["plan", "r.csv", "--target", "3.3", "--exclude", "45,,47"]));
    assert_eq!(code, 2);
    assert!(err.contains("--exclude") && err.contains("an empty item"), "{err}");
}

#[test]
fn ranges_of_domains_and_aspects() {
    // --only D3-D4 (indicators 21–47) from all at 3 to 3.3 (+0.3), at most one raise each:
    // 42–47 give 0.03 each, 32–41 0.0275, 21–31 0.015. Ten raises give at most
    // 6·0.03 + 4·0.0275 = 0.29 < 0.3, so the fewest is 11 (e.g. + one more 0.0275: 0.3175).
    let wd = Workdir::new();
    wd.write("r.csv", long_csv("Kab. X", |_| 3));
    let args = ["plan", "r.csv", "--target", "3.3", "--only", "D3-D4", "--max-raise", "1", "-f", "json"];
    let (code, out, err) = run(wd.cmd().args(args));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["only"], serde_json::json!(["D3", "D4"]));
    let steps = v["regions"][0]["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 11);
    for s in steps {
        let n: u32 = s["indicator"].as_str().expect("id").parse().expect("number");
        assert!((21..=47).contains(&n), "{n} is outside D3 and D4");
    }
}

#[test]
fn a_plan_that_cannot_exist() {
    let wd = Workdir::new();
    wd.write("r.csv", long_csv("Kab. X", |_| 2));
    // Above the scale.
    let (code, out, err) = run(wd.cmd().args(["plan", "r.csv", "--target", "5.5"]));
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("target 5.5 is above the top of the scale (5): no plan can reach it"), "{out}");
    // CSV carries only steps, so the reason goes to stderr too.
    let (code, out, err) = run(wd.cmd().args(["plan", "r.csv", "--target", "5.5", "-f", "csv"]));
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 1, "header only: {out}");
    assert!(err.contains("warning: Kab. X: target 5.5 is above the top of the scale"), "{err}");
    // A rating that is not in the rubric.
    let (code, _, err) = run(wd.cmd().args(["plan", "r.csv", "--target", "Excellent"]));
    assert_eq!(code, 2);
    assert!(err.contains("target `Excellent` is neither a number nor a rating of rubric spbe-2020"), "{err}");
}

/// `--target` is parsed as `--fail-below` is (one `Threshold`): a malformed number is a usage
/// error before anything is read, and the document echoes the target as typed.
#[test]
fn targets_parse_like_thresholds() {
    let wd = Workdir::new();
    wd.write("r.csv", long_csv("Kab. X", |_| 2));
    let (code, out, err) = run(wd.cmd().args(["plan", "r.csv", "--target", "2.6.0"]));
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("`2.6.0` is not a number"), "{err}");
    // Every indicator at 2 scores 2.0; 2,5 with a decimal comma is the index 2.5.
    let (code, out, err) = run(wd.cmd().args(["plan", "r.csv", "--target", "2,5", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["target"]["input"], "2,5");
    assert_eq!(v["target"]["index"], 2.5);
    assert_eq!(v["target"]["rating"], Value::Null);
}

#[test]
fn domain_level_input_cannot_be_planned_by_indicator() {
    let wd = Workdir::new();
    wd.write("d.csv", "region,D1,D2,D3,D4\nKab. X,3,2.5,2,3.2\nKab. Y,2,2,2,2\n");
    let (code, out, err) = run(wd.cmd().args(["plan", "d.csv", "--target", "Baik"]));
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("d.csv: 2 assessments (Kab. X; Kab. Y): values are given above indicator level (D1–D4)"),
        "{err}"
    );
    assert!(out.is_empty());
}

#[test]
fn cheapest_plan_with_a_cost_file() {
    // Small rubric, every indicator at 2 (index 2). Shares of the index: 1: 0.13, 2: 0.27,
    // 3: 0.101, 4: 0.249, 5 and 6: 0.125. Target 2.3 needs +0.3.
    // Costs per raise: 1 → 1, 2 → 5, 4 → 1.5, 5 → 0.5, 6 → 0.5 (3 has none: not raised).
    // Cheapest reaching 0.3: 5 and 6 once each (0.25, cost 1) plus one more raise: the cheapest
    // extra that closes 0.05 is another 0.5 raise of 5 or 6 (total 0.375, cost 1.5).
    // Any plan with cost ≤ 1 gives at most 0.25 (two 0.5 raises) or 0.13 (indicator 1): short.
    let wd = Workdir::new();
    wd.write("r.csv", "region,indicator,level\nA,1,2\nA,2,2\nA,3,2\nA,4,2\nA,5,2\nA,6,2\n");
    wd.write("biaya.csv", "indikator;biaya\n1;1\n2;5\n4;1,5\n5;0,5\n6;0,5\n");
    let (code, out, err) = run(wd.cmd().args([
        "--rubric",
        &small(),
        "plan",
        "r.csv",
        "--target",
        "2.3",
        "--costs",
        "biaya.csv",
        "-f",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("no cost given for indicators 3: they are not raised"), "{err}");
    let v = json(&out);
    let r = &v["regions"][0];
    assert_eq!(v["goal"], "cheapest");
    assert_eq!(r["total_cost"], 1.5);
    let steps = r["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 3);
    assert!(steps.iter().all(|s| s["indicator"] == "5" || s["indicator"] == "6"));
    assert!((r["final_index"].as_f64().expect("final") - 2.375).abs() < 1e-12);

    // A bad cost file: every problem, with line and column.
    wd.write("bad.csv", "indicator,cost\n1,abc\n7,1\n");
    let (code, _, err) =
        run(wd.cmd().args(["--rubric", &small(), "plan", "r.csv", "--target", "2.3", "--costs", "bad.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("bad.csv:2:2: cost `abc` is not a number ≥ 0"), "{err}");
    assert!(err.contains("bad.csv:3:1: unknown indicator `7` in rubric small"), "{err}");
}

#[test]
fn missing_indicators_need_allow_missing_and_are_not_planned() {
    let wd = Workdir::new();
    wd.write("r.csv", "region,indicator,level\nA,1,1\nA,2,1\nA,3,1\nA,4,1\nA,5,1\n");
    let (code, _, err) = run(wd.cmd().args(["--rubric", &small(), "plan", "r.csv", "--target", "1.25"]));
    assert_eq!(code, 2);
    assert!(err.contains("missing 1 indicator (6)"), "{err}");
    // With --allow-missing: 5 stands alone in A3 (share 0.25), 2 has 0.27: one raise of 2.
    let (code, out, err) = run(wd.cmd().args([
        "--rubric",
        &small(),
        "plan",
        "r.csv",
        "--target",
        "1.25",
        "--allow-missing",
        "-f",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("those indicators are not planned"), "{err}");
    let v = json(&out);
    assert_eq!(v["regions"][0]["missing"][0], "6");
    assert_eq!(v["regions"][0]["steps"][0]["indicator"], "2");
}

#[test]
fn every_format_snapshot() {
    // Kab. A of the diff fixture on the small rubric: index 2.773 (0.13·3 + 0.27·3 + 0.101·2 +
    // 0.249·4 + 0.125·2 + 0.125·1). Tinggi needs 3.1 (+0.327): 2 (+0.27) → 3.043, then 1 (+0.13)
    // → 3.173.
    let wd = Workdir::new();
    wd.write(
        "a.csv",
        "region,indicator,level\nKab. A,1,3\nKab. A,2,3\nKab. A,3,2\nKab. A,4,4\nKab. A,5,2\nKab. A,6,1\n",
    );
    let mut outputs = String::new();
    for format in ["table", "csv", "markdown", "json"] {
        let (code, out, err) =
            run(wd.cmd().args(["--rubric", &small(), "plan", "a.csv", "--target", "tinggi", "-f", format]));
        assert_eq!(code, 0, "{err}");
        outputs.push_str(&format!("==> {format}\n{out}\n"));
    }
    insta::assert_snapshot!(outputs);
}

/// Kab. Aceh Tengah's 2026 assessor result (decimal values, externals 5, 6, 7, 18 blank and
/// pending): index Σ wI·NI / 100 = 124.15 / 100 = 1.2415 (by hand in tests/cli/pemdi.rs).
/// Cukup (1.5) needs +0.2585. A raise goes to the next whole level: 20 (w 15) from 1.3 to 2
/// gains 15·0.7/100 = 0.105, then 0.15 per level; 19 (w 10) 0.10; the rest at most 0.05. Two
/// raises give at most 0.255, so three: 20 to 2, 3 and 4: 1.2415 + 0.405 = 1.6465, Cukup.
#[test]
fn decimal_values_rise_to_whole_levels_in_every_format() {
    let wd = Workdir::new();
    let input = path_str(&data("pemdi/aceh-tengah-2026.csv"));
    let base = ["--rubric", "pemdi-2026", "plan", input.as_str(), "--target", "Cukup"];
    let (code, out, err) = run(wd.cmd().args(base).args(["-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let region = &v["regions"][0];
    let steps = steps_of(region);
    assert_eq!(steps, [("20", 1.3, 2.0), ("20", 2.0, 3.0), ("20", 3.0, 4.0)]);
    assert!((region["steps"][0]["gain"].as_f64().expect("gain") - 0.105).abs() < 1e-9);
    assert!((region["final_index"].as_f64().expect("final") - 1.6465).abs() < 1e-9);
    assert_eq!(region["final_rating"], "Cukup");
    assert_eq!(region["pending_not_planned"], serde_json::json!(["5", "6", "7", "18"]));

    // Table and Markdown: from 1.30 (its decimals), to 2 (whole); the note names the pending.
    for format in ["table", "markdown"] {
        let (code, out, err) = run(wd.cmd().args(base).args(["-f", format]));
        assert_eq!(code, 0, "{err}");
        let row = out.lines().find(|l| l.contains("Membangun")).expect("first step");
        let cells: Vec<&str> = row.split(['│', '┆', '|']).map(str::trim).collect();
        let from = cells.iter().position(|c| *c == "1.30").expect("from 1.30");
        assert_eq!(cells[from + 1], "2", "{format}: {row}");
        assert!(out.contains("not planned (pending): 5–7, 18"), "{format}: {out}");
    }
    // CSV carries only the steps, so stderr says what was left out.
    let (code, out, err) = run(wd.cmd().args(base).args(["-f", "csv"]));
    assert_eq!(code, 0, "{err}");
    // Full precision in CSV: from 1.3, to 2.
    assert!(out.lines().nth(1).expect("step 1").contains(",1.3,2,Membangun,"), "{out}");
    assert!(err.contains("5–7, 18 are pending and not planned (--plan-pending plans them)"), "{err}");
}

#[test]
fn pending_indicators_are_planned_with_plan_pending() {
    // --only A3 (Data: 5 w 5, 6 w 3, 7 w 3, 8 w 4; 5, 6, 7 pending at 1). Without
    // --plan-pending only 8 rises: 1 → 5 gives 4·4/100 = 0.16 < 0.2585, no plan (exit 1).
    // With it, per level 5: 0.05, 8: 0.04, 6 and 7: 0.03; five raises give 0.24, six 0.28:
    // 5 four times and 8 twice, 1.2415 + 0.28 = 1.5215.
    let wd = Workdir::new();
    let input = path_str(&data("pemdi/aceh-tengah-2026.csv"));
    let base =
        ["--rubric", "pemdi-2026", "plan", input.as_str(), "--target", "Cukup", "--only", "A3", "-f", "json"];
    let (code, out, err) = run(wd.cmd().args(base));
    assert_eq!(code, 1, "{err}");
    assert!((json(&out)["regions"][0]["best_index"].as_f64().expect("best") - 1.4015).abs() < 1e-9);
    let (code, out, err) = run(wd.cmd().args(base).arg("--plan-pending"));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let ids: Vec<&str> = v["regions"][0]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["indicator"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["5", "5", "5", "5", "8", "8"]);
    assert!((v["regions"][0]["final_index"].as_f64().expect("final") - 1.5215).abs() < 1e-9);
    assert_eq!(v["regions"][0]["pending_not_planned"], serde_json::json!([]));
}

/// A plan's steps as (indicator, from, to), from its JSON region.
pub fn steps_of(region: &Value) -> Vec<(&str, f64, f64)> {
    region["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| {
            (
                s["indicator"].as_str().expect("id"),
                s["from"].as_f64().expect("from"),
                s["to"].as_f64().expect("to"),
            )
        })
        .collect()
}
