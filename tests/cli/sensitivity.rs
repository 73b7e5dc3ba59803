//! `spbe sensitivity`: determinism, spread 0, intervals.

use serde_json::Value;

use crate::common::{example, path_str, run, Workdir};

fn json(out: &str) -> Value {
    serde_json::from_str(out).expect("JSON output")
}

fn mandiri() -> String {
    path_str(&example("jambi/mandiri"))
}

#[test]
fn the_same_seed_gives_the_same_output_whatever_the_threads() {
    let wd = Workdir::new();
    let args = |threads: &str| {
        let mut c = wd.cmd();
        c.args([
            "sensitivity",
            &mandiri(),
            "--draws",
            "3000",
            "--spread",
            "0.3",
            "--seed",
            "11",
            "--threads",
            threads,
            "-f",
            "json",
        ]);
        c
    };
    let (code, one, err) = run(&mut args("1"));
    assert_eq!(code, 0, "{err}");
    let (_, two, _) = run(&mut args("2"));
    let (_, again, _) = run(&mut args("2"));
    assert_eq!(one, two);
    assert_eq!(two, again);
    let (_, other, _) = run(wd.cmd().args([
        "sensitivity",
        &mandiri(),
        "--draws",
        "3000",
        "--spread",
        "0.3",
        "--seed",
        "12",
        "-f",
        "json",
    ]));
    assert_ne!(one, other);
}

#[test]
fn spread_zero_gives_the_nominal_values_exactly() {
    let wd = Workdir::new();
    let (code, out, err) =
        run(wd.cmd().args(["sensitivity", &mandiri(), "--draws", "5", "--spread", "0", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let (_, scored, _) = run(wd.cmd().args(["score", &mandiri(), "-f", "json"]));
    let scored = json(&scored);
    let regions = v["regions"].as_array().expect("regions");
    assert_eq!(regions.len(), 12);
    for (r, s) in regions.iter().zip(scored["regions"].as_array().expect("regions")) {
        assert_eq!(r["region"], s["region"]);
        // The same f64, printed the same way.
        assert_eq!(r["index"], s["index"]);
        assert_eq!(r["index_p5"], s["index"]);
        assert_eq!(r["index_p95"], s["index"]);
        assert_eq!(r["rank_p5"], r["rank"]);
        assert_eq!(r["rank_median"], r["rank"]);
        assert_eq!(r["rank_p95"], r["rank"]);
        assert_eq!(r["rating_probability"][s["rating"].as_str().expect("rating")], 1.0);
    }
    // Ranks by the published order of the example's indices: Kota Jambi first, Kerinci last.
    let rank = |name: &str| regions.iter().find(|r| r["region"] == name).expect("region")["rank"].as_u64();
    assert_eq!(rank("Pemerintah Kota Jambi"), Some(1));
    assert_eq!(rank("Pemerintah Kab. Kerinci"), Some(12));
}

#[test]
fn intervals_contain_the_nominal_value() {
    let wd = Workdir::new();
    let (code, out, err) =
        run(wd.cmd().args(["sensitivity", &mandiri(), "--draws", "2000", "--spread", "0.25", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    for r in v["regions"].as_array().expect("regions") {
        let (lo, x, hi) = (r["index_p5"].as_f64(), r["index"].as_f64(), r["index_p95"].as_f64());
        assert!(lo <= x && x <= hi && lo < hi, "{r}");
        let (lo, x, hi) = (r["rank_p5"].as_u64(), r["rank"].as_u64(), r["rank_p95"].as_u64());
        assert!(lo <= x && x <= hi, "{r}");
        let total: f64 = r["rating_probability"]
            .as_object()
            .expect("probabilities")
            .values()
            .filter_map(Value::as_f64)
            .sum();
        assert!((total - 1.0).abs() < 1e-12);
    }
}

#[test]
fn bad_settings_are_usage_errors() {
    let wd = Workdir::new();
    for (flag, value) in [("--spread", "1"), ("--spread", "-0.1"), ("--draws", "0"), ("--threads", "0")] {
        let (code, _, err) = run(wd.cmd().args(["sensitivity", &mandiri(), flag, value]));
        assert_eq!(code, 2, "{flag} {value}: {err}");
    }
}

#[test]
fn every_format_snapshot() {
    let wd = Workdir::new();
    let input = path_str(&crate::common::data("diff/mandiri.csv"));
    let rubric = path_str(&crate::common::data("rubric-small.toml"));
    let mut outputs = String::new();
    for format in ["table", "csv", "markdown", "json"] {
        let (code, out, err) = run(wd.cmd().args([
            "--rubric",
            &rubric,
            "sensitivity",
            &input,
            "--draws",
            "200",
            "--spread",
            "0.2",
            "--seed",
            "5",
            "-f",
            format,
        ]));
        assert_eq!(code, 0, "{err}");
        outputs.push_str(&format!("==> {format}\n{out}\n"));
    }
    insta::assert_snapshot!(outputs);
}
