//! Machine formats are contracts: their headers follow only an explicit `--lang`; `--strict`
//! makes every warning an error.

use crate::common::{run, Workdir};

/// Kab. Kerinci with indicator 1 at 4, indicator 2 written `tiga` (read as 3, with a warning)
/// and every other indicator at 3.
fn kerinci(wd: &Workdir, level2: &str) {
    let mut csv = String::from("region,indicator,level\n");
    for i in 1..=47 {
        let level = match i {
            1 => "4",
            2 => level2,
            _ => "3",
        };
        csv += &format!("Kab. Kerinci,{i},{level}\n");
    }
    wd.write("kerinci.csv", csv);
}

#[test]
fn machine_headers_follow_only_an_explicit_lang() {
    let wd = Workdir::new();
    kerinci(&wd, "3");
    for format in ["csv", "tsv"] {
        let (code, out, err) = run(wd.cmd().env("LANG", "id_ID.UTF-8").env("LC_ALL", "id_ID.UTF-8").args([
            "score",
            "kerinci.csv",
            "-f",
            format,
        ]));
        assert_eq!(code, 0, "{err}");
        let header = out.lines().next().unwrap().replace('\t', ",");
        assert!(header.starts_with("region,") && header.contains(",index,rating,"), "{header}");
        // Messages still follow the locale; a table for people too.
        let (_, table, _) = run(wd
            .cmd()
            .env("LANG", "id_ID.UTF-8")
            .env("LC_ALL", "id_ID.UTF-8")
            .args(["score", "kerinci.csv"]));
        assert!(table.contains("indeks"), "{table}");
        // An explicit --lang id is followed.
        let (_, out, _) = run(wd.cmd().args(["--lang", "id", "score", "kerinci.csv", "-f", format]));
        let header = out.lines().next().unwrap().replace('\t', ",");
        assert!(header.starts_with("wilayah,") && header.contains(",indeks,predikat,"), "{header}");
    }
    // compare's CSV too.
    let (_, out, _) =
        run(wd.cmd().env("LC_ALL", "id_ID.UTF-8").args(["compare", "kerinci.csv", "-f", "csv"]));
    assert!(out.lines().next().unwrap().starts_with("rank,region"), "{out}");
}

#[test]
fn strict_makes_every_warning_an_error() {
    let wd = Workdir::new();
    kerinci(&wd, "tiga");
    // Without --strict: a warning, and the output.
    let (code, out, err) = run(wd.cmd().args(["score", "kerinci.csv", "-f", "csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning") && err.contains("tiga"), "{err}");
    assert!(out.starts_with("region,"), "{out}");
    // With it: exit 2, the warning printed as an error, nothing written (stdout or file).
    for args in [
        vec!["--strict", "score", "kerinci.csv", "-f", "csv"],
        vec!["--strict", "score", "kerinci.csv", "-f", "json"],
        vec!["--strict", "compare", "kerinci.csv", "-o", "out.csv"],
        vec!["validate", "--strict", "kerinci.csv"],
    ] {
        let (code, out, err) = run(wd.cmd().args(&args));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains("error: kerinci.csv:3:3") && err.contains("--strict"), "{args:?}: {err}");
        assert!(!err.contains("ok:"), "{args:?}: {err}");
    }
    assert!(!wd.path("out.csv").exists());
    // --strict with clean input changes nothing.
    kerinci(&wd, "3");
    let (code, _, err) = run(wd.cmd().args(["--strict", "score", "kerinci.csv", "-f", "csv"]));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn machine_formats_carry_full_precision_unless_asked() {
    let wd = Workdir::new();
    // (3·13 + 2.7752·25 + 2·16.5 + 2.6·45.5)/100 = (39 + 69.38 + 33 + 118.3)/100 = 2.5968:
    // below Baik's 2.6, so Cukup; two decimals would show 2.60 beside Cukup.
    wd.write("x.csv", "region,D1,D2,D3,D4\nKab. X,3,2.7752,2,2.6\n");
    let field = |out: &str, delimiter: u8, name: &str| -> String {
        let mut rdr = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(out.as_bytes());
        let col =
            rdr.headers().unwrap().iter().position(|h| h.trim_start_matches('\u{feff}') == name).unwrap();
        rdr.records().next().unwrap().unwrap()[col].to_string()
    };
    for (format, delimiter) in [("csv", b','), ("tsv", b'\t')] {
        let (code, out, err) = run(wd.cmd().args(["score", "x.csv", "-f", format]));
        assert_eq!(code, 0, "{err}");
        let index = field(&out, delimiter, "index");
        assert!(index.starts_with("2.5968") || index.starts_with("2.59679999"), "{out}");
        assert!((index.parse::<f64>().unwrap() - 2.5968).abs() < 1e-12, "{out}");
        assert_eq!(field(&out, delimiter, "rating"), "Cukup");
        assert_eq!(field(&out, delimiter, "D2"), "2.7752");
        // --precision N rounds, as asked.
        let (_, out, _) = run(wd.cmd().args(["score", "x.csv", "-f", format, "--precision", "2"]));
        assert_eq!(
            (field(&out, delimiter, "index"), field(&out, delimiter, "D2")),
            ("2.60".into(), "2.78".into())
        );
    }
    // The CSV for an Indonesian Excel carries the same full numbers, with a decimal comma
    // (Excel's General format shows them short in the cell and filters on the whole value).
    let (_, out, _) = run(wd.cmd().args(["score", "x.csv", "-f", "csv", "--csv-style", "excel-id"]));
    assert_eq!(field(&out, b';', "D2"), "2,7752");
    assert!(field(&out, b';', "index").starts_with("2,59"), "{out}");
    // JSON carries the full number too; the table and Markdown, for people, two decimals.
    let (_, out, _) = run(wd.cmd().args(["score", "x.csv", "-f", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!((v["regions"][0]["index"].as_f64().unwrap() - 2.5968).abs() < 1e-12, "{out}");
    for format in ["table", "markdown"] {
        let (_, out, _) = run(wd.cmd().args(["score", "x.csv", "-f", format]));
        assert!(out.contains("2.60") && out.contains("2.78") && !out.contains("2.5968"), "{out}");
    }
}
