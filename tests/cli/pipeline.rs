//! Running unattended: exit codes, `--fail-below`, `--quiet`, `--error-format json`,
//! `SPBE_RUBRIC`, completions and man pages, and atomic output.

use std::io::Read;
use std::process::Stdio;

use crate::common::{data, long_csv, path_str, run, Workdir};

/// Region A with every indicator at 3 (index 3.00, Baik) and region B at 2 (index 2.00, Cukup).
fn two_regions(wd: &Workdir) -> String {
    let text = long_csv("A", |_| 3) + &long_csv("B", |_| 2).replacen("region,indicator,level\n", "", 1);
    path_str(&wd.write("two.csv", text))
}

/// Every spbe-2020 problem line on stderr parsed as JSON.
fn json_lines(err: &str) -> Vec<serde_json::Value> {
    err.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect()
}

#[test]
fn the_cli_definition_is_consistent() {
    use clap::CommandFactory;
    spbe::cli::Cli::command().debug_assert();
}

#[test]
fn exit_codes() {
    let wd = Workdir::new();
    let input = two_regions(&wd);
    assert_eq!(run(wd.cmd().args(["score", &input])).0, 0);
    assert_eq!(run(wd.cmd().args(["score", &input, "--fail-below", "Baik"])).0, 1);
    assert_eq!(run(wd.cmd().args(["score", "missing.csv"])).0, 2);
    assert_eq!(run(wd.cmd().args(["score", &input, "--no-such-flag"])).0, 2);
    assert_eq!(run(wd.cmd().args(["score"])).0, 2, "INPUT is required");
    assert_eq!(run(&mut wd.cmd()).0, 2, "a subcommand is required");
    assert_eq!(run(wd.cmd().arg("--help")).0, 0);
    assert_eq!(run(wd.cmd().arg("--version")).0, 0);
    assert_eq!(run(wd.cmd().args(["score", &input, "--rubric", "nope"])).0, 2);
}

#[test]
fn help_documents_exit_codes_and_the_environment() {
    let wd = Workdir::new();
    let (_, out, _) = run(wd.cmd().arg("--help"));
    assert!(out.contains("Exit codes: 0 success, 1 a requested check failed (--fail-below; plan: a target out of\nreach), 2 bad input or usage."), "{out}");
    assert!(out.contains("SPBE_RUBRIC"), "{out}");
    let (_, out, _) = run(wd.cmd().args(["score", "--help"]));
    assert!(out.contains("--fail-below <INDEX|RATING>"), "{out}");
    assert!(out.contains("--error-format <FORMAT>"), "{out}");
}

#[test]
fn fail_below_a_rating_names_the_regions_below_it() {
    let wd = Workdir::new();
    let input = two_regions(&wd);
    let (code, out, err) = run(wd.cmd().args(["score", &input, "--fail-below", "Baik"]));
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("A ") && out.contains("B "), "the results are printed first: {out}");
    // B: every indicator at 2, index 2 (Cukup), below Baik's lower bound 2.6.
    assert_eq!(err, "error: B: index 2.00 (Cukup) is below Baik (2.6)\n");

    // Case and spacing of the rating do not matter; Cukup (1.8) passes both.
    assert_eq!(run(wd.cmd().args(["score", &input, "--fail-below", "  cukup "])).0, 0);
    // A's index is exactly 3: it reaches a threshold of 3 and fails one just above.
    let (code, _, err) = run(wd.cmd().args(["score", &input, "--fail-below", "3"]));
    assert_eq!((code, err.lines().count()), (1, 1), "{err}");
    let (code, _, err) = run(wd.cmd().args(["score", &input, "--fail-below", "3,001"]));
    assert_eq!((code, err.lines().count()), (1, 2), "{err}");
}

/// The gate uses the unrounded index, like the rating: Kab. Luwu's 2024 index 2.5968 is shown
/// as 2.60 but rated Cukup, so it fails `--fail-below 2.6` and `--fail-below Baik`.
#[test]
fn fail_below_decides_on_the_unrounded_index() {
    let wd = Workdir::new();
    // Every domain at 2.5968: the index, a weighted mean of equal values, is 2.5968.
    let p = wd.write("luwu.csv", "region,D1,D2,D3,D4\nKab. Luwu,2.5968,2.5968,2.5968,2.5968\n");
    let input = path_str(&p);
    let (code, out, err) = run(wd.cmd().args(["score", &input, "--fail-below", "2.6"]));
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("2.60") && out.contains("Cukup"), "{out}");
    assert_eq!(err, "error: Kab. Luwu: index 2.597 (Cukup) is below 2.6\n");
    assert_eq!(run(wd.cmd().args(["score", &input, "--fail-below", "Baik"])).0, 1);
    assert_eq!(run(wd.cmd().args(["score", &input, "--fail-below", "Cukup"])).0, 0);
}

#[test]
fn a_bad_threshold_is_bad_usage() {
    let wd = Workdir::new();
    let input = two_regions(&wd);
    let (code, out, err) = run(wd.cmd().args(["score", &input, "--fail-below", "Bagus"]));
    assert_eq!(code, 2);
    assert!(out.is_empty(), "nothing is scored: {out}");
    assert!(
        err.contains("--fail-below `Bagus` is neither an index nor a rating of rubric spbe-2020 (Kurang, Cukup, Baik, Sangat Baik, Memuaskan)"),
        "{err}"
    );
    let (code, _, err) = run(wd.cmd().args(["score", &input, "--fail-below", "60"]));
    assert_eq!(code, 2);
    assert!(err.contains("--fail-below 60 is outside the scale 1..5 of rubric spbe-2020"), "{err}");
    let (code, _, err) = run(wd.cmd().args(["score", &input, "--fail-below", "2.6.0"]));
    assert_eq!(code, 2);
    assert!(err.contains("`2.6.0` is not a number"), "{err}");
}

#[test]
fn fail_below_still_writes_the_results() {
    let wd = Workdir::new();
    let input = two_regions(&wd);
    let (code, _, _) =
        run(wd.cmd().args(["score", &input, "--fail-below", "Baik", "-f", "csv", "-o", "out.csv"]));
    assert_eq!(code, 1);
    let out = wd.read("out.csv");
    assert!(out.starts_with("region,index,rating,D1,D2,D3,D4\nA,3,Baik,"), "{out}");
    assert!(out.contains("\nB,2,Cukup,"), "{out}");
}

#[test]
fn quiet_silences_warnings_but_not_data_or_errors() {
    let wd = Workdir::new();
    let cp1252 = path_str(&data("bad/cp1252.csv"));
    let (code, out, err) = run(wd.cmd().args(["score", &cp1252]));
    assert_eq!(code, 0);
    assert!(out.contains("Kab. Tebo"), "{out}");
    assert!(err.starts_with("warning: "), "{err}");

    let (code, out, err) = run(wd.cmd().args(["score", &cp1252, "--quiet"]));
    assert_eq!(code, 0);
    assert!(out.contains("Kab. Tebo"), "{out}");
    assert!(err.is_empty(), "{err}");

    let (code, _, err) = run(wd.cmd().args(["score", "missing.csv", "-q"]));
    assert_eq!(code, 2);
    assert!(err.contains("missing.csv: no such file or directory"), "{err}");
}

#[test]
fn json_errors_are_one_object_per_problem() {
    let wd = Workdir::new();
    let input = path_str(&data("bad/negative-nan-inf.csv"));
    let (code, out, err) =
        run(wd.cmd().args(["score", &input, "--error-format", "json", "--format", "json"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    let lines = json_lines(&err);
    assert_eq!(lines.len(), 5, "{err}");
    assert_eq!(
        lines[0],
        serde_json::json!({"severity": "error", "file": input, "line": 2, "column": 3,
            "message": "level -1 is outside 0..5 (regulated scale 1..5)", "code": "out-of-range"})
    );
    let codes: Vec<&str> = lines.iter().map(|l| l["code"].as_str().expect("code")).collect();
    assert_eq!(codes, ["out-of-range", "not-finite", "not-finite", "not-finite", "not-finite"]);
    // Keys come in a fixed order, for line-oriented tools.
    assert!(err.lines().all(|l| l.starts_with(r#"{"severity":"error","file":"#)), "{err}");
}

#[test]
fn json_errors_cover_warnings_usage_gates_and_refused_output() {
    let wd = Workdir::new();
    let cp1252 = path_str(&data("bad/cp1252.csv"));
    let (code, _, err) = run(wd.cmd().args(["score", &cp1252, "--error-format=json"]));
    assert_eq!(code, 0);
    let lines = json_lines(&err);
    assert_eq!(lines.len(), 1, "{err}");
    assert_eq!(
        (lines[0]["severity"].as_str(), lines[0]["code"].as_str()),
        (Some("warning"), Some("transcoded"))
    );
    assert_eq!(lines[0]["line"], 2);

    let (code, _, err) = run(wd.cmd().args(["score", "--bogus", "--error-format", "json"]));
    assert_eq!(code, 2);
    let lines = json_lines(&err);
    assert_eq!(lines.len(), 1, "{err}");
    assert_eq!(lines[0]["code"], "usage");
    assert_eq!(lines[0]["message"], "unexpected argument '--bogus' found");

    let input = two_regions(&wd);
    let (code, _, err) =
        run(wd.cmd().args(["score", &input, "--fail-below", "Baik", "--error-format", "json"]));
    assert_eq!(code, 1);
    let lines = json_lines(&err);
    assert_eq!(lines.len(), 1, "{err}");
    assert_eq!(lines[0]["code"], "below-threshold");
    assert_eq!(lines[0]["message"], "B: index 2.00 (Cukup) is below Baik (2.6)");

    wd.write("taken.csv", "keep me");
    let (code, _, err) = run(wd.cmd().args(["score", &input, "-o", "taken.csv", "--error-format", "json"]));
    assert_eq!(code, 2);
    let lines = json_lines(&err);
    assert_eq!(lines[0]["code"], "output-exists", "{err}");
    assert_eq!(lines[0]["file"], "taken.csv");

    let (code, _, err) = run(wd.cmd().args(["score", &input, "--rubric", "nope", "--error-format", "json"]));
    assert_eq!(code, 2);
    assert_eq!(json_lines(&err)[0]["code"], "unknown-rubric", "{err}");
}

#[test]
fn spbe_rubric_sets_the_default_rubric() {
    let wd = Workdir::new();
    // pemdi-2026 has 20 indicators; the template has one row per indicator and a header.
    let (code, out, _) = run(wd.cmd().env("SPBE_RUBRIC", "pemdi-2026").arg("template"));
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 21, "{out}");
    assert!(out.contains("Tata Kelola Pemdi"), "{out}");

    // --rubric wins over the environment.
    let (_, out, _) =
        run(wd.cmd().env("SPBE_RUBRIC", "pemdi-2026").args(["template", "--rubric", "spbe-2020"]));
    assert_eq!(out.lines().count(), 48);

    // A path works too.
    let mini = path_str(&data("bad/rubric-top-weights-99.99.toml"));
    let (code, out, _) = run(wd.cmd().env("SPBE_RUBRIC", &mini).arg("template"));
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 3, "{out}");

    let (code, _, err) = run(wd.cmd().env("SPBE_RUBRIC", "spbe-2030").arg("template"));
    assert_eq!(code, 2);
    assert!(err.contains("unknown rubric `spbe-2030`: give one of"), "{err}");
    assert!(err.contains("(the rubric set by the SPBE_RUBRIC environment variable)"), "{err}");
}

#[test]
fn completions_are_generated_for_every_shell() {
    let wd = Workdir::new();
    for (shell, marker) in [
        ("bash", "_spbe()"),
        ("zsh", "#compdef spbe"),
        ("fish", "complete -c spbe"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[spbe]"),
    ] {
        let (code, out, err) = run(wd.cmd().args(["completions", shell]));
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains(marker), "{shell}: no `{marker}`");
        assert!(out.contains("fail-below") && out.contains("error-format"), "{shell}: flags missing");
    }
    assert_eq!(run(wd.cmd().args(["completions", "tcsh"])).0, 2);
}

#[test]
fn the_man_page_is_generated() {
    let wd = Workdir::new();
    let (code, out, _) = run(wd.cmd().arg("man"));
    assert_eq!(code, 0);
    assert!(out.contains(".TH spbe 1"), "{out}");
    assert!(out.contains("Exit codes: 0 success"), "{out}");
    assert!(out.contains("SPBE_RUBRIC"), "{out}");

    let (code, _, err) = run(wd.cmd().args(["man", "--dir", "."]));
    assert_eq!(code, 0, "{err}");
    for page in ["spbe.1", "spbe-score.1", "spbe-rubric-check.1", "spbe-completions.1"] {
        assert!(wd.path(page).is_file(), "{page} missing");
    }
    assert!(wd.read("spbe-score.1").contains("fail\\-below"));

    // Pages are not replaced without --force.
    let (code, _, err) = run(wd.cmd().args(["man", "--dir", "."]));
    assert_eq!(code, 2);
    assert!(err.contains("spbe.1: exists; pass --force to replace it"), "{err}");
    assert_eq!(run(wd.cmd().args(["man", "--dir", ".", "--force"])).0, 0);
}

/// Files in the work folder other than the ones named (a temporary file left behind, say).
fn others(wd: &Workdir, known: &[&str]) -> Vec<String> {
    std::fs::read_dir(wd.dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !known.contains(&n.as_str()))
        .collect()
}

#[test]
fn a_failing_run_writes_no_file() {
    let wd = Workdir::new();
    wd.write("bad.csv", "region,indicator,level\nA,1,9\n");
    let (code, _, _) = run(wd.cmd().args(["score", "bad.csv", "-o", "out.csv"]));
    assert_eq!(code, 2);
    assert!(!wd.path("out.csv").exists());
    assert!(others(&wd, &["bad.csv"]).is_empty(), "{:?}", others(&wd, &["bad.csv"]));
}

#[test]
fn a_failing_run_leaves_an_existing_file_untouched() {
    let wd = Workdir::new();
    wd.write("bad.csv", "region,indicator,level\nA,1,9\n");
    wd.write("out.csv", "previous results\n");
    let (code, _, _) = run(wd.cmd().args(["score", "bad.csv", "-o", "out.csv", "--force"]));
    assert_eq!(code, 2);
    assert_eq!(wd.read("out.csv"), "previous results\n");
    assert!(others(&wd, &["bad.csv", "out.csv"]).is_empty());
}

#[test]
fn an_existing_file_needs_force() {
    let wd = Workdir::new();
    let input = two_regions(&wd);
    wd.write("out.csv", "previous results\n");
    let (code, out, err) = run(wd.cmd().args(["score", &input, "-o", "out.csv", "-f", "csv"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("out.csv: exists; pass --force to replace it"), "{err}");
    assert_eq!(wd.read("out.csv"), "previous results\n");

    let (code, _, err) = run(wd.cmd().args(["score", &input, "-o", "out.csv", "-f", "csv", "--force"]));
    assert_eq!(code, 0, "{err}");
    assert!(wd.read("out.csv").starts_with("region,index,rating"));
    assert!(others(&wd, &["two.csv", "out.csv"]).is_empty());
}

#[test]
fn an_input_is_never_overwritten() {
    let wd = Workdir::new();
    let input = two_regions(&wd);
    let before = wd.read("two.csv");
    for (args, why) in [
        (vec!["score", "two.csv", "-o", "two.csv", "--force"], "same name"),
        (vec!["score", "two.csv", "-o", "./two.csv", "--force"], "another spelling"),
        (vec!["score", ".", "-o", "two.csv", "--force"], "inside an input folder"),
        (vec!["score", &input, "-o", "two.csv", "--force"], "absolute and relative"),
    ] {
        let (code, _, err) = run(wd.cmd().args(&args));
        assert_eq!(code, 2, "{why}");
        assert!(err.contains("refusing to write: it is one of the inputs"), "{why}: {err}");
        assert_eq!(wd.read("two.csv"), before, "{why}");
    }
}

#[test]
fn output_into_a_missing_folder_is_refused_cleanly() {
    let wd = Workdir::new();
    let input = two_regions(&wd);
    let (code, _, err) = run(wd.cmd().args(["score", &input, "-o", "no/such/dir/out.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("cannot write (creating a temporary file in no/such/dir"), "{err}");
    assert!(!wd.path("no").exists());
}

#[test]
fn a_closed_pipe_is_success() {
    let wd = Workdir::new();
    let mut text = String::from("region,indicator,level\n");
    for r in 0..300 {
        for i in 1..=47 {
            text.push_str(&format!("Region {r},{i},{}\n", 1 + (r + i) % 5));
        }
    }
    let input = path_str(&wd.write("many.csv", text));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("spbe"))
        .args(["score", &input, "--detail", "indicator", "-f", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut head = [0u8; 16];
    stdout.read_exact(&mut head).expect("some output");
    drop(stdout);
    let status = child.wait().expect("wait");
    let mut err = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut err).expect("stderr");
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn compare_fails_below_too_for_the_latest_year() {
    let wd = Workdir::new();
    // 2023: A at 2 (Cukup); 2024: A at 3 (Baik). Only the latest year, which is compared, counts.
    let text = "year,region,D1,D2,D3,D4\n2023,A,2,2,2,2\n2024,A,3,3,3,3\n";
    let input = path_str(&wd.write("years.csv", text));
    let (code, out, err) = run(wd.cmd().args(["compare", &input, "--fail-below", "Baik"]));
    assert_eq!(code, 0, "{err}");
    assert!(!out.is_empty());
    let (code, out, err) = run(wd.cmd().args(["compare", &input, "--fail-below", "3.5"]));
    assert_eq!(code, 1);
    assert!(!out.is_empty(), "the results are written first");
    // A, 2024: every domain at 3, index 3, below 3.5.
    assert_eq!(err, "error: A (2024): index 3.00 (Baik) is below 3.5\n");
}

#[test]
fn gate_messages_in_indonesian() {
    let wd = Workdir::new();
    let input = two_regions(&wd);
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "score", &input, "--fail-below", "Baik"]));
    assert_eq!(code, 1);
    assert_eq!(err, "galat: B: indeks 2.00 (Cukup) di bawah Baik (2.6)\n");
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "score", &input, "--fail-below", "Bagus"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("galat: --fail-below `Bagus` bukan indeks maupun predikat rubrik spbe-2020"),
        "{err}"
    );
}

/// A named pipe (or `<(cat f)`) can be read once: spbe must not open it to look for a rubric
/// or to try the fast reader and then open it again, which lost the first bytes (or hung).
#[test]
fn a_named_pipe_is_read_once_and_whole() {
    let wd = Workdir::new();
    // 3,000 regions, every indicator at 2 (index 2, Cukup): 4.5 MB, more than the 1 MiB a
    // look at the head takes.
    let mut text = String::from("region,indicator,level\n");
    for r in 0..3000 {
        text.push_str(&long_csv(&format!("Region {r:04}"), |_| 2).replacen(
            "region,indicator,level\n",
            "",
            1,
        ));
    }
    let fifo = wd.path("in.csv");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    let writer = {
        let fifo = fifo.clone();
        // A write error (spbe closed the pipe early) is what the test looks for: not a panic here.
        std::thread::spawn(move || {
            let _ = std::fs::OpenOptions::new().write(true).open(fifo).and_then(|mut f| {
                use std::io::Write;
                f.write_all(text.as_bytes())
            });
        })
    };
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("spbe"))
        .current_dir(wd.path("."))
        .env_remove("SPBE_RUBRIC")
        .env("LANG", "C")
        .args(["score", "in.csv", "-f", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let (mut out, mut err) = (String::new(), String::new());
    // Read while it runs (a full stdout pipe would stall it); a second open of the FIFO would
    // wait for a writer for ever, so a stalled run is killed after a while.
    let mut stdout = child.stdout.take().expect("stdout");
    let reading = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).map(|_| s)
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            // Let the writer go if it still holds the FIFO or waits for a reader (opening it
            // to read waits for a writer: only while there is one).
            if !writer.is_finished() {
                drop(std::fs::File::open(&fifo));
            }
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    out.push_str(&reading.join().expect("reader").expect("stdout"));
    child.stderr.take().expect("stderr").read_to_string(&mut err).expect("stderr");
    writer.join().expect("writer");
    let status = status.expect("spbe waited for ever: it opened the FIFO twice");
    assert!(status.success(), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3001, "{err}");
    // Every indicator at 2: each domain's mean and the index are 2, rated Cukup.
    assert_eq!(lines[1], "Region 0000,2,Cukup,2,2,2,2");
    assert_eq!(lines[3000], "Region 2999,2,Cukup,2,2,2,2");
}
