//! Regression tests for the smaller defects found in the trial of issue 12.

use crate::common::{long_csv, path_str, run, Workdir};

fn input(wd: &Workdir) -> String {
    path_str(&wd.write("in.csv", long_csv("A", |_| 3)))
}

#[test]
fn an_invalid_or_huge_spbe_threads_warns() {
    let wd = Workdir::new();
    let input = input(&wd);
    let (code, _, err) = run(wd.cmd().args(["score", &input]).env("SPBE_THREADS", "banyak"));
    assert_eq!(code, 0);
    assert!(err.contains("warning: SPBE_THREADS=`banyak` is not a positive number of threads"), "{err}");
    let (code, _, err) = run(wd.cmd().args(["score", &input]).env("SPBE_THREADS", "0"));
    assert_eq!(code, 0);
    assert!(err.contains("SPBE_THREADS=`0` is not a positive number"), "{err}");
    let (code, _, err) = run(wd.cmd().args(["score", &input]).env("SPBE_THREADS", "10000"));
    assert_eq!(code, 0);
    assert!(err.contains("SPBE_THREADS 10000 is more than is worth starting here"), "{err}");
    let (_, _, err) = run(wd.cmd().args(["score", &input]).env("SPBE_THREADS", "2"));
    assert!(!err.contains("SPBE_THREADS"), "{err}");
}

#[test]
fn threads_past_the_cap_are_capped_with_a_warning() {
    let wd = Workdir::new();
    let input = input(&wd);
    let (code, _, err) =
        run(wd.cmd().args(["sensitivity", &input, "--draws", "10", "--threads", "10000", "-f", "csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("--threads 10000 is more than is worth starting here; using"), "{err}");
}

#[test]
fn an_empty_spbe_rubric_means_unset() {
    let wd = Workdir::new();
    let input = input(&wd);
    let (code, out, err) = run(wd.cmd().args(["score", &input, "-f", "json"]).env("SPBE_RUBRIC", ""));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(r#""id": "spbe-2020""#) || out.contains(r#""id":"spbe-2020""#), "{out}");
}

#[test]
fn unknown_output_extensions_are_refused_before_any_work() {
    let wd = Workdir::new();
    let input = input(&wd);
    for (args, ext) in [
        (vec!["score", &input, "-o", "out.jpg"], "jpg"),
        (vec!["score", &input, "-o", "out.pdf"], "pdf"),
        (vec!["compare", &input, "-o", "out.pdf"], "pdf"),
        (vec!["report", &input, "-o", "r.csv"], "csv"),
        (vec!["report", &input, "-o", "r.pdf"], "pdf"),
        (vec!["chart", "bar", &input, "-o", "c.jpg"], "jpg"),
    ] {
        let (code, _, err) = run(wd.cmd().args(&args));
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(&format!("`.{ext}` is not a format this command writes")), "{args:?}: {err}");
        assert!(!wd.path(args[args.len() - 1]).exists());
    }
    // An explicit --format takes any name; known endings pick their format.
    assert_eq!(run(wd.cmd().args(["score", &input, "-f", "csv", "-o", "out.dat"])).0, 0);
    assert_eq!(run(wd.cmd().args(["score", &input, "-o", "out.txt"])).0, 0);
    assert_eq!(run(wd.cmd().args(["report", &input, "-o", "r.html"])).0, 0);
}

/// Run `spbe ARGS` with its standard output on a terminal (a pseudo-terminal made by
/// util-linux `script`); the exit code and what the terminal showed.
fn on_a_terminal(wd: &Workdir, args: &str) -> (i32, String) {
    let bin = assert_cmd::cargo::cargo_bin("spbe");
    let out = std::process::Command::new("script")
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .current_dir(wd.dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("script (util-linux) runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn binary_charts_and_workbooks_are_not_dumped_on_a_terminal() {
    let wd = Workdir::new();
    input(&wd);
    let (code, shown) = on_a_terminal(&wd, "chart bar in.csv -f png");
    assert_eq!(code, 2, "{shown}");
    assert!(shown.contains("PNG is a binary format and stdout is a terminal"), "{shown}");
    assert!(!shown.contains("PNG\r\n"), "binary data on the terminal: {shown}");
    let (code, shown) = on_a_terminal(&wd, "score in.csv -f xlsx");
    assert_eq!(code, 2, "{shown}");
    assert!(shown.contains("xlsx is a binary format and stdout is a terminal"), "{shown}");
    // SVG is text, and a PNG into a file or a pipe is fine.
    let (code, shown) = on_a_terminal(&wd, "chart bar in.csv");
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("<svg"), "{shown}");
    let (code, _, err) = run(wd.cmd().args(["chart", "bar", "in.csv", "-f", "png"]));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn plan_to_a_csv_file_is_the_csv_format() {
    let wd = Workdir::new();
    input(&wd);
    let (code, _, err) = run(wd.cmd().args(["plan", "in.csv", "--target", "Sangat Baik", "-o", "p.csv"]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) =
        run(wd.cmd().args(["plan", "in.csv", "--target", "Sangat Baik", "-f", "csv", "-o", "q.csv"]));
    assert_eq!(code, 0, "{err}");
    let (by_name, by_flag) = (wd.read("p.csv"), wd.read("q.csv"));
    assert_eq!(by_name, by_flag);
    assert!(by_name.lines().next().is_some_and(|h| h.contains("criteria")), "{by_name}");
}

#[test]
fn json_usage_errors_name_the_missing_argument() {
    let wd = Workdir::new();
    input(&wd);
    let (code, _, err) = run(wd.cmd().args(["--error-format", "json", "plan", "in.csv"]));
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(err.trim()).expect("one JSON line");
    assert_eq!(v["code"], "usage");
    assert_eq!(v["message"], "the following required arguments were not provided: --target <INDEX|RATING>");
}

#[test]
fn excels_sep_line_names_the_delimiter() {
    let wd = Workdir::new();
    // (3·13 + 2.5·25 + 2·16.5 + 3·45.5)/100 = (39 + 62.5 + 33 + 136.5)/100 = 2.71.
    wd.write("semi.csv", "sep=;\r\nregion;D1;D2;D3;D4\r\nKab. X;3;2,5;2;3\r\n");
    wd.write("tab.tsv", "SEP=\t\nregion\tD1\tD2\tD3\tD4\nKab. X\t3\t2,5\t2\t3\n");
    // A pipe is named too, and a .tsv's sep line wins over its extension.
    wd.write("pipe.tsv", "sep=|\nregion|D1|D2|D3|D4\nKab. X|3|2.5|2|3\n");
    for file in ["semi.csv", "tab.tsv", "pipe.tsv"] {
        let (code, out, err) = run(wd.cmd().args(["score", file, "-f", "csv"]));
        assert_eq!(code, 0, "{file}: {err}");
        assert_eq!(out.lines().nth(1), Some("Kab. X,2.71,Baik,3,2.5,2,3"), "{file}: {out}");
    }
    // Lines are still counted from the top: the sep line is line 1.
    wd.write("bad.csv", "sep=;\nregion;D1;D2;D3;D4\nKab. X;3;9;2;3\n");
    let (code, _, err) = run(wd.cmd().args(["score", "bad.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("bad.csv:3:3:"), "{err}");
    // A long file with a sep line reads the same as without (the fast reader leaves it to
    // the general one).
    let long = long_csv("Kab. X", |i| (i % 4 + 1) as u8);
    wd.write("plain.csv", &long);
    wd.write("sep.csv", format!("sep=,\n{long}"));
    let (_, plain, _) = run(wd.cmd().args(["score", "plain.csv", "--region", "R", "-f", "csv"]));
    let (_, sep, _) = run(wd.cmd().args(["score", "sep.csv", "--region", "R", "-f", "csv"]));
    assert_eq!(plain, sep);
}

#[test]
fn a_tsv_holding_commas_gets_a_hint() {
    let wd = Workdir::new();
    wd.write("a.tsv", "region,indicator,level\nKab. X,1,3\n");
    let (code, _, err) = run(wd.cmd().args(["score", "a.tsv"]));
    assert_eq!(code, 2);
    assert!(err.contains("a.tsv:1:1:"), "{err}");
    assert!(err.contains("is this a CSV file named .tsv? Rename it .csv"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "one error: {err}");
}

#[test]
fn zero_width_and_nfd_spellings_are_one_region_with_a_warning() {
    let wd = Workdir::new();
    // One region in three spellings: plain (NFC é), with a zero-width space, and with é as e
    // and a combining acute accent (NFD); each gives two different domains.
    wd.write("a.csv", "region,D1,D2,D3,D4\nKab. Té,3,,,\nKab.\u{200b} Té,,3,,\nKab. Te\u{301},,,3,3\n");
    let (code, out, err) = run(wd.cmd().args(["score", "a.csv", "-f", "csv"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 2, "one region: {out}");
    assert_eq!(out.lines().nth(1), Some("Kab. Té,3,Baik,3,3,3,3"), "{out}");
    assert_eq!(err.matches("zero-width characters or accents stored apart").count(), 2, "{err}");
    assert!(err.contains("a.csv:3:1:") && err.contains("a.csv:4:1:"), "{err}");
    // --strict makes the merge an error, like other spellings.
    let (code, _, _) = run(wd.cmd().args(["--strict", "score", "a.csv"]));
    assert_eq!(code, 2);
    // Long files: the fast reader gives such names to the general reader, so they merge too.
    let mut long = String::from("region,indicator,level\n");
    for i in 1..=47 {
        let name = if i % 2 == 0 { "Kab. Te\u{301}" } else { "Kab. Té" };
        long.push_str(&format!("{name},{i},3\n"));
    }
    wd.write("long.csv", long);
    let (code, out, err) = run(wd.cmd().args(["score", "long.csv", "-f", "csv"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().nth(1), Some("Kab. Té,3,Baik,3,3,3,3"), "{out}");
}

#[test]
fn a_blank_stage_among_named_ones_is_an_error_at_its_line() {
    let wd = Workdir::new();
    wd.write(
        "s.csv",
        "region,stage,D1,D2,D3,D4\nKab. X,mandiri,3,3,3,3\nKab. X,,2,2,2,2\nKab. X,final,2,2,2,2\n",
    );
    let (code, out, err) = run(wd.cmd().args(["score", "s.csv"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("s.csv:3:2: empty stage where other rows name one"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    // A stage column blank on every row names no stage: read as without one.
    wd.write("none.csv", "region,stage,D1,D2,D3,D4\nKab. X,,3,3,3,3\n");
    let (code, _, err) = run(wd.cmd().args(["score", "none.csv"]));
    assert_eq!(code, 0, "{err}");
    // The same in a long file (the fast reader leaves blank stages to the general reader).
    let mut long = String::from("region,stage,indicator,level\n");
    for i in 1..=47 {
        long.push_str(&format!("Kab. X,{},{i},3\n", if i == 20 { "" } else { "mandiri" }));
    }
    wd.write("long.csv", long);
    let (code, _, err) = run(wd.cmd().args(["score", "long.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("long.csv:21:2: empty stage"), "{err}");
}

#[test]
fn years_outside_1900_to_2100_warn_once_each() {
    let wd = Workdir::new();
    wd.write(
        "y.csv",
        "region,year,D1,D2,D3,D4\nKab. X,2024,3,3,3,3\nKab. Y,1024,3,3,3,3\nKab. Z,1024,3,3,3,3\nKab. W,20240,3,3,3,3\n",
    );
    let (code, out, err) = run(wd.cmd().args(["score", "y.csv", "-f", "csv"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 5, "{out}");
    assert!(err.contains("y.csv:3:2: year 1024 is outside 1900..2100"), "{err}");
    assert!(err.contains("y.csv:5:2: year 20240 is outside 1900..2100"), "{err}");
    assert!(!err.contains("y.csv:4:2"), "once per year: {err}");
    assert!(!err.contains("2024 is outside"), "{err}");
    // The fast reader leaves such years to the general reader, which warns.
    let mut long = String::from("region,year,indicator,level\n");
    for i in 1..=47 {
        long.push_str(&format!("Kab. X,1899,{i},3\n"));
    }
    wd.write("long.csv", long);
    let (code, _, err) = run(wd.cmd().args(["score", "long.csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("long.csv:2:2: year 1899 is outside 1900..2100"), "{err}");
}

#[test]
fn rubric_checks_refuse_band_names_twice_bad_ids_and_reversed_scales_once_each() {
    let wd = Workdir::new();
    let good = std::fs::read_to_string(crate::common::data("rubric-small.toml")).unwrap();
    let check = |name: &str, text: String| -> String {
        wd.write(name, text);
        let (code, _, err) = run(wd.cmd().args(["rubric", "check", name]));
        assert_eq!(code, 2, "{name}: {err}");
        err
    };
    let err = check("bands.toml", good.replacen("name = \"Sedang\"", "name = \"rendah\"", 1));
    assert!(err.contains("band name `rendah` is given twice (as `Rendah` before)"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    for (bad, what) in [("D 1", "a space"), ("D,1", "a comma"), ("D-1", "a dash")] {
        let text = good
            .replacen("id = \"D1\"", &format!("id = \"{bad}\""), 1)
            .replace("domain = \"D1\"", &format!("domain = \"{bad}\""));
        let err = check("ids.toml", text);
        assert!(err.contains(&format!("id `{bad}` has {what}")), "{err}");
        assert_eq!(err.matches("error:").count(), 1, "no follow-on errors: {err}");
    }
    let err = check("reversed.toml", good.replacen("min = 1\nmax = 4", "min = 4\nmax = 1", 1));
    assert!(err.contains("the scale is reversed: scale.min (4) is above scale.max (1)"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "no follow-on errors about bands or levels: {err}");
}
