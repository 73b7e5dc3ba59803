//! Hostile and sloppy input: each case gets a clear message with file and position and exit 2,
//! or is accepted with a warning and the right number; never a panic. Fixtures are in
//! `tests/data/bad/` (see its README); the huge ones are generated here.
//!
//! Most accepted fixtures hold region Kab. Tebo with indicator 1 at level 4 and indicators
//! 2..47 at level 3. With spbe-2020's weights the index is Σ(level × weight) / 100 =
//! (3 × 100 + 1 × 1.3) / 100 = 3.013, and D1 = (3 × 13 + 1 × 1.3) / 13 = 3.1.

use crate::common::{data, long_csv, path_str, run, Workdir};

/// spbe-2020, indicator 1 at 4 and the rest at 3 (see the module comment).
const TEBO_INDEX: f64 = 3.013;
const TEBO_D1: f64 = 3.1;

/// Score a file as JSON: (exit code, regions as (name, index, D1), stderr).
fn score_json(wd: &Workdir, args: &[&str]) -> (i32, Vec<(String, f64, f64)>, String) {
    let (code, out, err) = run(wd.cmd().arg("score").args(args).args(["--format", "json"]));
    if code != 0 {
        return (code, Vec::new(), err);
    }
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON on stdout");
    let regions = v["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .map(|r| {
            let d1 = r["scores"]
                .as_array()
                .expect("scores")
                .iter()
                .find(|s| s["id"] == "D1")
                .and_then(|s| s["score"].as_f64())
                .expect("D1");
            (r["region"].as_str().expect("region").to_string(), r["index"].as_f64().expect("index"), d1)
        })
        .collect();
    (code, regions, err)
}

fn assert_tebo(regions: &[(String, f64, f64)]) {
    assert_eq!(regions.len(), 1, "{regions:?}");
    let (name, index, d1) = &regions[0];
    assert_eq!(name, "Kab. Tebo");
    assert!((index - TEBO_INDEX).abs() < 1e-9, "index {index}");
    assert!((d1 - TEBO_D1).abs() < 1e-9, "D1 {d1}");
}

fn bad(name: &str) -> String {
    path_str(&data(&format!("bad/{name}")))
}

/// Run `score` on a bad fixture: expect exit 2 and return stderr.
fn refused(wd: &Workdir, args: &[&str]) -> String {
    let (code, out, err) = run(wd.cmd().arg("score").args(args));
    assert_eq!(code, 2, "stdout: {out}\nstderr: {err}");
    assert!(out.is_empty(), "no results on a refused run: {out}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn windows_1252_is_converted_with_a_warning_naming_the_line() {
    let wd = Workdir::new();
    let (code, regions, err) = score_json(&wd, &[&bad("cp1252.csv")]);
    assert_eq!(code, 0, "{err}");
    assert_tebo(&regions);
    assert!(err.contains("cp1252.csv:2: not UTF-8 (byte 0xE9); read as Windows-1252"), "{err}");
}

#[test]
fn utf16_with_bom_is_excels_unicode_text() {
    let wd = Workdir::new();
    let (code, regions, err) = score_json(&wd, &[&bad("utf16le-bom.txt")]);
    assert_eq!(code, 0, "{err}");
    assert_tebo(&regions);
    assert!(err.contains("utf16le-bom.txt: read as UTF-16LE (converted to UTF-8)"), "{err}");
}

#[test]
fn a_nul_byte_is_refused_with_its_line() {
    let wd = Workdir::new();
    let err = refused(&wd, &[&bad("nul-byte.csv")]);
    assert!(err.contains("nul-byte.csv:3: not a text file: NUL byte on line 3"), "{err}");
}

/// A workbook is told by its first bytes, whatever its name; this one is cut short.
#[test]
fn a_broken_workbook_named_csv_is_refused() {
    let wd = Workdir::new();
    let p = wd.write("kerinci.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00");
    let err = refused(&wd, &[&path_str(&p)]);
    assert!(err.contains("kerinci.csv: not a readable workbook (a broken zip archive"), "{err}");
}

#[test]
fn mixed_encodings_are_refused() {
    let wd = Workdir::new();
    let mut bytes = long_csv("Kab. Tébo", |_| 3).into_bytes();
    bytes.extend_from_slice(b"Kab. T\xE9bo,1,3\n");
    let p = wd.write("mixed.csv", bytes);
    let err = refused(&wd, &[&path_str(&p)]);
    assert!(err.contains("mixed.csv:49: invalid UTF-8 on line 49"), "{err}");
}

#[test]
fn a_100_mb_field_is_refused_without_reading_it_all() {
    let wd = Workdir::new();
    let p = wd.path("huge-field.csv");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&p).expect("create"));
        f.write_all(b"region,indicator,level,note\nKab. Tebo,1,3,\"").expect("write");
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&chunk).expect("write");
        }
        f.write_all(b"\"\nKab. Tebo,2,3,\n").expect("write");
    }
    let err = refused(&wd, &[&path_str(&p)]);
    assert!(
        err.contains("huge-field.csv:2: a record longer than 8 MiB starts here; is a quote left open?"),
        "{err}"
    );
}

#[test]
fn a_long_name_is_refused_and_not_echoed() {
    let wd = Workdir::new();
    let name = "K".repeat(5000);
    let p = wd.write("long-name.csv", format!("region,indicator,level\n{name},1,3\n"));
    let err = refused(&wd, &[&path_str(&p)]);
    assert!(err.contains("long-name.csv:2:1: region `KKKK"), "{err}");
    assert!(err.contains("is 5000 characters long; at most 1000"), "{err}");
    assert!(err.len() < 500, "the name is not echoed back: {} bytes", err.len());
}

#[test]
fn a_huge_level_is_refused_and_not_echoed() {
    let wd = Workdir::new();
    let p = wd
        .write("long-level.csv", format!("region,indicator,level\nKab. Tebo,1,{}\n", "9".repeat(1_000_000)));
    let err = refused(&wd, &[&path_str(&p)]);
    assert!(err.contains("long-level.csv:2:3: `9999"), "{err}");
    assert!(err.contains("is not a finite number"), "{err}");
    assert!(err.len() < 500, "{} bytes", err.len());
}

/// 100,000 columns: listed once each (up to the per-file cap), in time linear in the columns.
#[test]
fn a_header_of_100_000_unknown_columns_is_refused_and_capped() {
    let wd = Workdir::new();
    let mut header = String::from("region");
    for i in 1..=47 {
        header.push_str(&format!(",{i}"));
    }
    for i in 0..100_000 - 48 {
        header.push_str(&format!(",extra{i}"));
    }
    let p = wd.write("wide-100k.csv", format!("{header}\nKab. Tebo{}\n", ",3".repeat(99_999)));
    let err = refused(&wd, &[&path_str(&p)]);
    assert!(err.contains("wide-100k.csv:1:49: unknown column `extra0`: a wide file has"), "{err}");
    // The other 199 listed are alike, so they collapse into one line.
    assert!(
        err.contains("wide-100k.csv:1:50: unknown column `extra1` (and 198 more like it, at 1:51, 1:52, 1:53, 1:54, 1:55, …)\n"),
        "{err}"
    );
    // 99,952 unknown columns: 200 listed, the rest counted.
    assert!(err.contains("wide-100k.csv: … and 99752 more problems in this file"), "{err}");
}

#[test]
fn a_header_with_100_000_trailing_delimiters_is_read() {
    let wd = Workdir::new();
    let commas = ",".repeat(100_000);
    let mut text = format!("region,indicator,level{commas}\n");
    for i in 1..=47 {
        text.push_str(&format!("Kab. Tebo,{i},{}{commas}\n", if i == 1 { 4 } else { 3 }));
    }
    let p = wd.write("trailing-100k.csv", text);
    let (code, regions, err) = score_json(&wd, &[&path_str(&p)]);
    assert_eq!(code, 0, "{err}");
    assert_tebo(&regions);
}

#[test]
fn blank_lines_and_trailing_delimiters_are_harmless() {
    let wd = Workdir::new();
    let (code, regions, err) = score_json(&wd, &[&bad("blank-lines-trailing-delimiters.csv")]);
    assert_eq!(code, 0, "{err}");
    assert_tebo(&regions);
    assert!(err.is_empty(), "no warning for harmless blanks: {err}");
}

#[test]
fn a_value_past_the_header_is_refused() {
    let wd = Workdir::new();
    let p = wd.write("extra.csv", "region,indicator,level\nKab. Tebo,1,3,oops\n");
    let err = refused(&wd, &[&path_str(&p)]);
    assert!(
        err.contains("extra.csv:2:4: expected 3 fields like the header, found 4 (field 4 has a value but no column name"),
        "{err}"
    );
}

#[test]
fn duplicate_headers_are_refused() {
    let wd = Workdir::new();
    let err = refused(&wd, &[&bad("duplicate-headers.csv")]);
    assert!(err.contains("duplicate-headers.csv:1:4: duplicate column `level` (also column 3)"), "{err}");
}

#[test]
fn a_header_only_file_is_refused() {
    let wd = Workdir::new();
    let err = refused(&wd, &[&bad("header-only.csv")]);
    assert!(err.contains("header-only.csv: the file has a header but no rows"), "{err}");
}

#[test]
fn an_empty_file_is_refused() {
    let wd = Workdir::new();
    let p = wd.write("empty.csv", "\n  \n\n");
    let err = refused(&wd, &[&path_str(&p)]);
    assert!(err.contains("empty.csv: empty file"), "{err}");
}

#[test]
fn quoted_numbers_and_4_point_0_are_read_as_levels() {
    let wd = Workdir::new();
    let (code, regions, err) = score_json(&wd, &[&bad("quoted-and-decimal-levels.csv")]);
    assert_eq!(code, 0, "{err}");
    assert_tebo(&regions);
    assert!(err.is_empty(), "4.0 is exactly 4, no warning: {err}");
}

#[test]
fn a_fraction_for_an_indicator_is_refused() {
    let wd = Workdir::new();
    let err = refused(&wd, &[&bad("fractional-level.csv")]);
    assert!(
        err.contains("fractional-level.csv:2:3: level 3.5 of indicator 1 is not a whole number"),
        "{err}"
    );
}

#[test]
fn negative_nan_and_infinite_levels_are_refused_together() {
    let wd = Workdir::new();
    let err = refused(&wd, &[&bad("negative-nan-inf.csv")]);
    let f = "negative-nan-inf.csv";
    for want in [
        format!("{f}:2:3: level -1 is outside 0..5 (regulated scale 1..5)"),
        format!("{f}:3:3: `NaN` is not a finite number"),
        format!("{f}:4:3: `inf` is not a finite number"),
        format!("{f}:5:3: `-inf` is not a finite number"),
        format!("{f}:6:3: `1e400` is not a finite number"),
        "5 problems found".to_string(),
    ] {
        assert!(err.contains(&want), "missing `{want}` in {err}");
    }
}

#[test]
fn roman_numerals_and_number_words_are_read_with_one_warning() {
    let wd = Workdir::new();
    let (code, regions, err) = score_json(&wd, &[&bad("spelled-levels.csv")]);
    assert_eq!(code, 0, "{err}");
    assert_tebo(&regions);
    // Line 2 is indicator 1 (1 % 3 == 1: a word), level 4: `empat`. Of the 47 rows, those with
    // i % 3 != 2 are spelled: 16 + 15 = 31, so 30 more after the first.
    assert!(
        err.contains(
            "spelled-levels.csv:2:3: level `empat` read as 4 (a word); 30 more levels in this file are written as words or roman numerals"
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one warning per file: {err}");
}

#[test]
fn levels_that_are_not_obvious_are_refused() {
    let wd = Workdir::new();
    let err = refused(&wd, &[&bad("unreadable-levels.csv")]);
    assert!(err.contains("unreadable-levels.csv:2:3: `tiga setengah` is not a number"), "{err}");
    assert!(err.contains("unreadable-levels.csv:3:3: `x` is not a number"), "{err}");
    assert!(err.contains("unreadable-levels.csv:4:3: `VI` is not a number"), "{err}");
}

#[test]
fn region_names_differing_in_case_or_spaces_are_one_region() {
    let wd = Workdir::new();
    let (code, regions, err) = score_json(&wd, &[&bad("region-case-and-spaces.csv")]);
    assert_eq!(code, 0, "{err}");
    assert_tebo(&regions);
    let f = "region-case-and-spaces.csv";
    assert!(
        err.contains(&format!(
            "{f}:3:1: region `KAB. TEBO` taken as `Kab. Tebo` (spelled so first at line 2)"
        )),
        "{err}"
    );
    assert!(err.contains(&format!("{f}:4:1: region `kab. tebo` taken as `Kab. Tebo`")), "{err}");
    // `Kab.\u{a0}Tebo` (a no-break space) reads as `Kab. Tebo` itself: no warning.
    assert_eq!(err.lines().count(), 2, "one warning per spelling: {err}");
}

#[test]
fn region_names_merge_across_files() {
    let wd = Workdir::new();
    wd.write("a.csv", long_csv("Kab. Tebo", |i| if i == 1 { 4 } else { 3 }).replace(",3\n", ",\n"));
    wd.write("b.csv", long_csv("KAB. TEBO", |_| 3).replace("TEBO,1,3\n", "TEBO,1,\n"));
    let (code, regions, err) = score_json(&wd, &["a.csv", "b.csv"]);
    assert_eq!(code, 0, "{err}");
    assert_tebo(&regions);
    assert!(
        err.contains("b.csv:2:1: region `KAB. TEBO` taken as `Kab. Tebo` (spelled so first at a.csv:2)"),
        "{err}"
    );
}

#[test]
fn a_directory_with_no_inputs_is_refused() {
    let wd = Workdir::new();
    let err = refused(&wd, &[&bad("no-inputs")]);
    assert!(
        err.contains(
            "no-inputs: directory holds no input files (expected .csv, .tsv, .txt, .xlsx, .xlsm, .xlsb, .xls, .ods); it holds: notes.md"
        ),
        "{err}"
    );
}

#[test]
fn a_missing_input_is_refused() {
    let wd = Workdir::new();
    let err = refused(&wd, &["nope.csv"]);
    assert!(err.contains("nope.csv: no such file or directory"), "{err}");
}

/// A socket cannot be opened as a file, even by root (who can read a file with mode 000).
#[cfg(unix)]
#[test]
fn an_unreadable_input_is_refused() {
    let wd = Workdir::new();
    let sock = wd.path("socket.csv");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).expect("bind a socket");
    let err = refused(&wd, &[&path_str(&sock)]);
    assert!(err.contains("socket.csv: cannot open:"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_file_without_read_permission_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let wd = Workdir::new();
    let p = wd.write("locked.csv", long_csv("Kab. Tebo", |_| 3));
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&p).is_ok() {
        // Running as root, who reads anything: the socket test above covers this case.
        return;
    }
    let err = refused(&wd, &[&path_str(&p)]);
    assert!(err.contains("locked.csv: cannot open: Permission denied"), "{err}");
}

#[test]
fn child_weights_summing_to_99_99_are_refused() {
    let wd = Workdir::new();
    let (code, _, err) = run(wd.cmd().args(["rubric", "check", &bad("rubric-weights-99.99.toml")]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("rubric-weights-99.99.toml:19:10: the weights of the aspects of D1 add up to 99.99, not to its weight 100"),
        "{err}"
    );
}

#[test]
fn top_level_weights_summing_to_99_99_load_with_a_warning() {
    let wd = Workdir::new();
    let rubric = bad("rubric-top-weights-99.99.toml");
    let (code, out, err) = run(wd.cmd().args(["rubric", "check", &rubric]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok: mini"), "{out}");
    assert!(
        err.contains("rubric-top-weights-99.99.toml:19:10: the top-level weights add up to 99.99, not 100"),
        "{err}"
    );
    // And it scores as the weighted mean: A1 at 4 (weight 50), A2 at 2 (weight 49.99):
    // (4 × 50 + 2 × 49.99) / 99.99 = 299.98 / 99.99 = 3.00010001…
    let p = wd.write("mini.csv", "region,indicator,level\nX,1,4\nX,2,2\n");
    let (code, out, err) = run(wd.cmd().args(["score", &path_str(&p), "--rubric", &rubric, "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let index = v["regions"][0]["index"].as_f64().expect("index");
    assert!((index - 299.98 / 99.99).abs() < 1e-12, "{index}");
}

#[test]
fn parent_references_to_self_or_the_wrong_layer_are_refused() {
    let wd = Workdir::new();
    let (code, _, err) = run(wd.cmd().args(["rubric", "check", &bad("rubric-cycle.toml")]));
    assert_eq!(code, 2, "{err}");
    let f = "rubric-cycle.toml";
    for want in [
        format!("{f}:18:10: domain D1 has a `domain`, but domains are the top level and have no parent"),
        format!("{f}:24:10: domain D2 has a `domain`"),
        format!("{f}:30:10: aspect A1 names itself as its domain"),
        format!("{f}:42:10: indicator 1 names itself as its aspect"),
        format!("{f}:48:10: indicator 2 names `D2` as its aspect, but D2 is a domain"),
    ] {
        assert!(err.contains(&want), "missing `{want}` in {err}");
    }
}

#[test]
fn a_10_mb_rubric_is_refused_without_parsing_it() {
    let wd = Workdir::new();
    let mut text =
        std::fs::read_to_string(crate::common::root().join("rubrics/spbe-2020.toml")).expect("rubric");
    while text.len() < 10 * 1024 * 1024 {
        text.push_str("# padding to make a 10 MB rubric ........................................\n");
    }
    let p = wd.write("huge.toml", &text);
    let (code, _, err) = run(wd.cmd().args(["rubric", "check", &path_str(&p)]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("huge.toml: the rubric is {} bytes; at most 4 MiB is read", text.len())),
        "{err}"
    );
}

#[test]
fn a_rubric_with_a_byte_order_mark_loads() {
    let wd = Workdir::new();
    let text = std::fs::read(crate::common::root().join("rubrics/pemdi-2026.toml")).expect("rubric");
    let p = wd.write("bom.toml", [&b"\xEF\xBB\xBF"[..], &text].concat());
    let (code, out, err) = run(wd.cmd().args(["rubric", "check", &path_str(&p)]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok: pemdi-2026"), "{out}");
}

#[test]
fn a_rubric_that_is_not_utf8_is_refused() {
    let wd = Workdir::new();
    let p = wd.write("latin1.toml", b"id = \"caf\xE9\"\n");
    let (code, _, err) = run(wd.cmd().args(["rubric", "check", &path_str(&p)]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("latin1.toml:1:10: not UTF-8 text"), "{err}");
}

#[test]
fn absurd_weights_are_refused() {
    let wd = Workdir::new();
    let text = std::fs::read_to_string(data("bad/rubric-top-weights-99.99.toml")).expect("rubric").replacen(
        "weight = 49.99\n",
        "weight = 1e300\n",
        1,
    );
    let p = wd.write("absurd.toml", text);
    let (code, _, err) = run(wd.cmd().args(["rubric", "check", &path_str(&p)]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("weight 1e300 must be a positive number from 0.000001 to 1000000"), "{err}");
}
