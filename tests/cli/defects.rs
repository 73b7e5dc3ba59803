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
