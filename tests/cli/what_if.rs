//! `spbe score --set`: what-if overrides.

use serde_json::Value;

use crate::common::{long_csv, run, Workdir};

#[test]
fn overrides_show_the_change() {
    // All at 2: index 2.00. 11 and 12 to 3: each +2.5/100, so 2.05; A2 (11–14) (3+3+2+2)/4 = 2.5,
    // D2 (2.5·10 + 2·10 + 2·5)/25 = 2.2.
    let wd = Workdir::new();
    wd.write("r.csv", long_csv("Kab. X", |_| 2));
    let (code, out, err) = run(wd.cmd().args(["score", "r.csv", "--set", "11=3,12=3", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    let r = &v["regions"][0];
    assert!((r["index"].as_f64().expect("index") - 2.05).abs() < 1e-12);
    let w = &r["what_if"];
    assert_eq!(w["set"], "11=3, 12=3");
    assert_eq!(w["before"]["index"], 2.0);
    assert!((w["change"].as_f64().expect("change") - 0.05).abs() < 1e-12);
    let changes: Vec<(&str, f64)> = w["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| (c["id"].as_str().expect("id"), c["after"].as_f64().expect("after")))
        .collect();
    assert_eq!(changes.len(), 4);
    assert_eq!((changes[0].0, changes[1].0, changes[2], changes[3]), ("D2", "A2", ("11", 3.0), ("12", 3.0)));
    assert!((changes[0].1 - 2.2).abs() < 1e-12 && (changes[1].1 - 2.5).abs() < 1e-12);

    // The table: before, change and rating before beside the new values; repeated --set works.
    let (code, out, _) = run(wd.cmd().args(["score", "r.csv", "--set", "11=3", "--set", "12=3"]));
    assert_eq!(code, 0);
    assert!(out.contains("What-if (--set 11=3, 12=3)"), "{out}");
    assert!(out.contains("index before ┆ change ┆ rating before"), "{out}");
    assert!(out.contains("┆  2.05 ┆ Cukup  ┆         2.00 ┆  +0.05 ┆ Cukup"), "{out}");
}

#[test]
fn overriding_what_the_input_does_not_give_is_an_error() {
    let wd = Workdir::new();
    wd.write("d.csv", "region,D1,D2,D3,D4\nKab. X,3,2.5,2,3.2\n");
    let (code, out, err) = run(wd.cmd().args(["score", "d.csv", "--set", "11=3"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("--set 11: Kab. X gives a domain D2, not indicator 11 itself"), "{err}");
    // The domain itself can be set.
    let (code, out, err) =
        run(wd.cmd().args(["score", "d.csv", "--set", "D2=2.9", "-f", "csv", "--precision", "2"]));
    assert_eq!(code, 0, "{err}");
    // Before (3·13 + 2.5·25 + 2·16.5 + 3.2·45.5)/100 = (39 + 62.5 + 33 + 145.6)/100 = 2.801;
    // D2 2.9 adds 0.4·25/100 = 0.1: 2.901.
    assert!(out.contains("Kab. X,2.90,Baik,2.80,+0.10,Baik,3.00,2.90,2.00,3.20"), "{out}");
    // Bad values are refused before reading.
    for bad in ["11=6", "11=2.5", "99=1", "11"] {
        let (code, _, err) = run(wd.cmd().args(["score", "d.csv", "--set", bad]));
        assert_eq!(code, 2, "{bad}: {err}");
    }
}

#[test]
fn set_items_are_parsed_by_the_command_line_and_resolved_together() {
    // Malformed items are usage errors before any input is read (no such file here).
    for (bad, said) in [
        ("11", "expected ID=LEVEL, e.g. 11=3"),
        ("11=tiga", "`tiga` is not a number"),
        ("11=inf", "`inf` is not a finite number"),
        // A decimal comma splits the item in two: the `5` of `11=2,5` says why it is refused.
        ("11=2,5", "a level takes a decimal point, 2.5: commas separate items"),
    ] {
        let (code, out, err) = run(Workdir::new().cmd().args(["score", "none.csv", "--set", bad]));
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(out.is_empty() && err.contains("--set") && err.contains(said), "{bad}: {err}");
        assert!(!err.contains("none.csv"), "{bad}: read before the usage error: {err}");
    }
    // Ids are looked up in the rubric, every problem at once; 011 is 11.
    let wd = Workdir::new();
    wd.write("r.csv", long_csv("Kab. X", |_| 2));
    let (code, _, err) = run(wd.cmd().args(["score", "r.csv", "--set", "11=3,011=4,x=1"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("--set: `011=4`: 11 is set twice; `x=1`: unknown node id `x` in rubric spbe-2020"),
        "{err}"
    );
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "score", "r.csv", "--set", "x=1"]));
    assert_eq!(code, 2);
    assert!(err.contains("--set: `x=1`: kode `x` tidak dikenal dalam rubrik spbe-2020"), "{err}");
}
