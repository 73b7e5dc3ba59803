//! Scoring the results governments actually get: Pemdi decimal values, values below the
//! regulated scale, indicators fed by other agencies' indices (pending), an index below the
//! lowest band.

use crate::common::{data, run, Workdir};

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).expect("JSON output")
}

fn node<'a>(region: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    region["scores"].as_array().unwrap().iter().find(|n| n["id"] == id).expect("node")
}

/// The external assessors' 2026 result for Kab. Aceh Tengah (tests/data/pemdi/README.md),
/// with the external indicators 5, 6, 7 and 18 blank, scores to its published aspects and
/// index. By hand, weights in percent:
/// A1 = (2.0·5 + 1.5·5)/10 = 1.75          (published 1.75)
/// A2 = (1.26·5 + 1.3·5)/10 = 1.28         (1.28)
/// A3 = (1·5 + 1·3 + 1·3 + 1·4)/15 = 1     (1.00; 5, 6, 7 pending at 1)
/// A4 = (1·4 + 1·4 + 1.5·3 + 1.25·4)/15 = 17.5/15 = 1.1666…   (1.17)
/// A5 = (1.17·5 + 1·5)/10 = 1.085          (1.08)
/// A6 = (1·4 + 1·4 + 2.5·4 + 1·3)/15 = 21/15 = 1.4   (1.40; 18 pending at 1)
/// A7 = (1·10 + 1.3·15)/25 = 1.18          (1.18)
/// index = (17.5 + 12.8 + 15 + 17.5 + 10.85 + 21 + 29.5)/100 = 1.2415 (published 1.24) Kurang.
#[test]
fn a_real_assessor_result_scores_to_its_published_aspects_and_index() {
    let wd = Workdir::new();
    let input = data("pemdi/aceh-tengah-2026.csv");
    let (code, out, err) =
        run(wd.cmd().args(["--rubric", "pemdi-2026", "score", input.to_str().unwrap(), "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let r = &v["regions"][0];
    let published =
        [("A1", 1.75), ("A2", 1.28), ("A3", 1.00), ("A4", 1.17), ("A5", 1.08), ("A6", 1.40), ("A7", 1.18)];
    for (id, p) in published {
        let s = node(r, id)["score"].as_f64().unwrap();
        assert!((s - p).abs() <= 0.006, "{id}: {s} against published {p}");
    }
    let index = r["index"].as_f64().unwrap();
    assert!((index - 1.24).abs() <= 0.006, "{index}");
    assert!((index - 1.2415).abs() < 1e-9, "{index}");
    assert_eq!(r["rating"], "Kurang");
    assert_eq!(r["below_scale"], false);
    // The external indicators were blank: scored 1, pending, and said so.
    assert_eq!(r["pending"], serde_json::json!(["5", "6", "7", "18"]));
    for id in ["5", "6", "7", "18"] {
        assert_eq!(node(r, id)["score"], 1.0, "{id}");
        assert_eq!(node(r, id)["pending"], true, "{id}");
    }
    assert!(node(r, "8").get("pending").is_none());
    // A decimal value has its whole level's name (1.26 → level 1's).
    assert_eq!(node(r, "3")["score"], 1.26);
    assert_eq!(node(r, "3")["level_name"], "Merintis");
    assert_eq!(node(r, "17")["level_name"], "Membangun");
    assert!(err.contains("indicator(s) 5–7, 18 left blank score 1 and are pending"), "{err}");
    assert!(err.contains("Indeks Satu Data Indonesia (SDI)"), "{err}");
}

fn pemdi_csv(level: impl Fn(usize) -> String) -> String {
    let mut s = String::from("region,indicator,level\n");
    for i in 1..=20 {
        s.push_str(&format!("Kab. X,{i},{}\n", level(i)));
    }
    s
}

#[test]
fn pending_externals_blank_given_and_treated_as_missing() {
    let wd = Workdir::new();
    // Blank externals: 1 and pending, shown in the table's `pending` column.
    wd.write("blank.csv", pemdi_csv(|i| if [5, 6, 7, 18].contains(&i) { String::new() } else { "2".into() }));
    let (code, out, err) = run(wd.cmd().args(["--rubric", "pemdi-2026", "score", "blank.csv", "-f", "csv"]));
    assert_eq!(code, 0, "{err}");
    // A3 = (1·5 + 1·3 + 1·3 + 2·4)/15 = 19/15; A6 = (2·12 + 1·3)/15 = 1.8;
    // index = (20 + 20 + 19 + 30 + 20 + 27 + 50)/100 = 1.86.
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("region,index,rating,pending,A1,A2,A3,A4,A5,A6,A7"));
    assert_eq!(lines.next(), Some("Kab. X,1.86,Cukup,\"5–7, 18\",2,2,1.2666666666666666,2,2,1.8,2"));
    assert!(err.contains("pending"), "{err}");
    // The reader says what is wrong; the command line adds the flag that helps.
    assert!(
        err.contains("another agency's index; give the value when that index is out, or pass --external-missing to treat them as missing"),
        "{err}"
    );

    // Given: the value is used, nothing is pending.
    wd.write("given.csv", pemdi_csv(|i| if i == 5 { "3.5".into() } else { "2".into() }));
    let (code, out, err) = run(wd.cmd().args(["--rubric", "pemdi-2026", "score", "given.csv", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["regions"][0]["pending"], serde_json::json!([]));
    assert_eq!(node(&v["regions"][0], "5")["score"], 3.5);
    assert!(node(&v["regions"][0], "5").get("pending").is_none());
    assert!(!err.contains("pending"), "{err}");

    // --external-missing: blank externals are missing, an error without --allow-missing.
    let (code, _, err) =
        run(wd.cmd().args(["--rubric", "pemdi-2026", "score", "blank.csv", "--external-missing"]));
    assert_eq!(code, 2);
    assert!(err.contains("missing 4 indicators (5–7, 18)"), "{err}");
    let (code, out, err) = run(wd.cmd().args([
        "--rubric",
        "pemdi-2026",
        "score",
        "blank.csv",
        "--external-missing",
        "--allow-missing",
        "-f",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["regions"][0]["complete"], false);
    assert_eq!(v["regions"][0]["missing"], serde_json::json!(["5", "6", "7", "18"]));
    assert_eq!(v["regions"][0]["index"], 2.0);
}

#[test]
fn an_index_below_the_lowest_band_is_flagged_in_every_format() {
    let wd = Workdir::new();
    // A simulation with little evidence accepted: every indicator at 0.5 → index 0.5.
    wd.write("sim.csv", pemdi_csv(|_| "0.5".into()));
    let args = ["--rubric", "pemdi-2026", "-q", "score", "sim.csv"];
    for format in ["table", "csv", "tsv", "markdown"] {
        let (code, out, err) = run(wd.cmd().args(args).args(["-f", format]));
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("Kurang (below the official scale)"), "{format}: {out}");
    }
    let (_, out, _) = run(wd.cmd().args(args).args(["--lang", "id", "-f", "csv"]));
    assert!(out.contains("Kurang (di bawah skala resmi)"), "{out}");
    let (_, out, _) = run(wd.cmd().args(args).args(["-f", "json"]));
    let v = json(&out);
    assert_eq!(v["regions"][0]["rating"], "Kurang");
    assert_eq!(v["regions"][0]["below_scale"], true);
    assert_eq!(node(&v["regions"][0], "1")["below_scale"], true);
    // Each value below the regulated scale is warned about at its cell.
    let (_, _, err) = run(wd.cmd().args(["--rubric", "pemdi-2026", "score", "sim.csv"]));
    assert!(err.contains("sim.csv:2:3: indicator 1 is 0.5, below the regulated scale 1..5"), "{err}");
    assert_eq!(err.matches("below the regulated scale").count(), 20, "{err}");
}

#[test]
fn the_banyuasin_row_scores_with_its_warning() {
    let wd = Workdir::new();
    // 2023 national table: Kab. Banyuasin 2.40 / 1.70 / 1.09 / 0.30, published 1.05 Kurang.
    // By hand: (2.40·13 + 1.70·25 + 1.09·16.5 + 0.30·45.5)/100
    //        = (31.2 + 42.5 + 17.985 + 13.65)/100 = 1.05335.
    wd.write(
        "nasional-2023.csv",
        "instansi,D1,D2,D3,D4,indeks,predikat\nPemerintah Kab. Banyuasin,2.40,1.70,1.09,0.30,1.05,Kurang\n",
    );
    let (code, out, err) = run(wd.cmd().args(["score", "nasional-2023.csv", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let r = &v["regions"][0];
    assert!((r["index"].as_f64().unwrap() - 1.05335).abs() < 1e-9, "{}", r["index"]);
    assert_eq!(r["rating"], "Kurang");
    assert_eq!(node(r, "D4")["below_scale"], true);
    assert!(node(r, "D1").get("below_scale").is_none());
    assert_eq!(
        err.lines().filter(|l| l.contains("below the regulated scale")).collect::<Vec<_>>(),
        ["warning: nasional-2023.csv:2:5: domain D4 is 0.30, below the regulated scale 1..5; it scores as given (published results go down to 0)"]
    );
    let (_, out, _) = run(wd.cmd().args(["-q", "score", "nasional-2023.csv", "--precision", "4"]));
    assert!(out.contains("1.0534") && out.contains("Kurang"), "{out}");
}

#[test]
fn values_outside_floor_and_max_stay_errors() {
    let wd = Workdir::new();
    wd.write(
        "bad.csv",
        pemdi_csv(|i| match i {
            1 => "-0.01".into(),
            2 => "5.2".into(),
            _ => "1".into(),
        }),
    );
    let (code, _, err) = run(wd.cmd().args(["--rubric", "pemdi-2026", "score", "bad.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("bad.csv:2:3: level -0.01 is outside 0..5 (regulated scale 1..5)"), "{err}");
    assert!(err.contains("bad.csv:3:3: level 5.2 is outside 1..5"), "{err}");
    // An indicator at 0 (nothing submitted or accepted) scores 0 on spbe-2020.
    let text = crate::common::long_csv("Kab. Y", |i| if i == 1 { 0 } else { 1 });
    wd.write("zero.csv", text);
    let (code, out, err) = run(wd.cmd().args(["score", "zero.csv", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(node(&v["regions"][0], "1")["score"], 0.0);
    // A1 = (0·1.3 + 1·11.7)/13 = 0.9; index = (0.9·13 + 87)/100 = 0.987.
    assert!((v["regions"][0]["index"].as_f64().unwrap() - 0.987).abs() < 1e-9);
    assert_eq!(v["regions"][0]["below_scale"], true);
    assert!(err.contains("zero.csv:2:3: indicator 1 is 0, below the regulated scale"), "{err}");
}

#[test]
fn rubric_show_says_what_is_unverified_and_what_is_fed_by_other_indices() {
    let wd = Workdir::new();
    let (code, out, err) = run(wd.cmd().args(["rubric", "show", "pemdi-2026"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Levels 1..5 (continuous: decimals; values down to 0 score, flagged)"), "{out}");
    assert!(out.contains("Level names are unverified"), "{out}");
    assert!(out.contains("sources conflict"), "{out}");
    assert!(
        out.contains("Indeks Satu Data Indonesia (SDI)") && out.contains("Badan Pusat Statistik (BPS)"),
        "{out}"
    );
    let (_, out, _) = run(wd.cmd().args(["rubric", "show", "pemdi-2026", "-f", "json"]));
    let v = json(&out);
    assert!(v["level_names_unverified"].as_str().unwrap().contains("Rintisan"));
    assert_eq!(v["scale"], serde_json::json!({"min": 1.0, "max": 5.0, "integer": false, "floor": 0.0}));
    let i5 = v["nodes"].as_array().unwrap().iter().find(|n| n["id"] == "5").unwrap();
    assert_eq!(i5["external"]["agency"], "Kementerian PPN/Bappenas");
    let (_, out, _) = run(wd.cmd().args(["rubric", "show", "spbe-2020"]));
    assert!(out.contains("Levels 1..5 (values down to 0 score, flagged)"), "{out}");
    assert!(!out.contains("unverified"), "{out}");
}
