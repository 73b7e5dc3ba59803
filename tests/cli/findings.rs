//! Assessors' findings and recommendations carried through `score --detail`, `diff` and the
//! report; a form that knows its rubric.

use crate::common::{data, path_str, run, Workdir};

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).expect("JSON output")
}

fn aceh() -> String {
    path_str(&data("pemdi/aceh-tengah-2026.csv"))
}

const FINDING_3: &str =
    "Belum ada bukti pelaksanaan kolaborasi komunitas belajar, pemanfaatan microlearning (LMS)";
const RECOMMENDATION_3: &str =
    "Perlu pelaksanaan kolaborasi komunitas belajar, pemanfaatan microlearning (LMS)";

#[test]
fn findings_are_in_score_detail_csv_json_and_xlsx() {
    let wd = Workdir::new();
    let args = ["--rubric", "pemdi-2026", "-q", "score", &aceh(), "--detail", "indicator"];
    let (code, out, err) = run(wd.cmd().args(args).args(["-f", "csv"]));
    assert_eq!(code, 0, "{err}");
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&headers[headers.len() - 2..], ["finding", "recommendation"]);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let indicator = |id: &str| {
        rows.iter().find(|r| &r[col("kind")] == "indicator" && &r[col("id")] == id).expect("indicator row")
    };
    let i3 = indicator("3");
    assert_eq!((&i3[col("score")], &i3[col("level")]), ("1.26", "Merintis"));
    assert_eq!((&i3[col("finding")], &i3[col("recommendation")]), (FINDING_3, RECOMMENDATION_3));
    // The pending externals are marked in the flag column.
    let i5 = indicator("5");
    assert_eq!(&i5[col("flag")], "pending (Indeks Satu Data Indonesia (SDI))");
    assert_eq!((&i5[col("finding")], &i5[col("recommendation")]), ("", ""));

    let (_, out, _) = run(wd.cmd().args(args).args(["-f", "json"]));
    let v = json(&out);
    let n3 = v["regions"][0]["scores"].as_array().unwrap().iter().find(|n| n["id"] == "3").unwrap();
    assert_eq!(n3["finding"], FINDING_3);
    assert_eq!(n3["recommendation"], RECOMMENDATION_3);

    let (code, _, err) = run(wd.cmd().args(args).args(["-o", "hasil.xlsx"]));
    assert_eq!(code, 0, "{err}");
    let sheets = crate::xlsx::sheets(&wd.path("hasil.xlsx"));
    let (_, breakdown) = sheets.iter().find(|(n, _)| n == "Breakdown").expect("Breakdown sheet");
    let cells: Vec<String> = breakdown.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c == FINDING_3) && cells.iter().any(|c| c == RECOMMENDATION_3));
}

#[test]
fn findings_are_carried_through_diff() {
    let wd = Workdir::new();
    // BEFORE: the self-assessment (every indicator at 1.5), AFTER: the assessors' result.
    let mut before = String::from("region,indicator,level\n");
    for i in 1..=20 {
        before.push_str(&format!("Kab. Aceh Tengah,{i},1.5\n"));
    }
    wd.write("mandiri.csv", before);
    let (code, out, err) =
        run(wd.cmd().args(["--rubric", "pemdi-2026", "-q", "diff", "mandiri.csv", &aceh(), "-f", "csv"]));
    assert_eq!(code, 0, "{err}");
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&headers[headers.len() - 2..], ["finding", "recommendation"]);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let i3 = rows
        .iter()
        .find(|r| &r[col("kind")] == "indicator" && &r[col("id")] == "3")
        .expect("indicator 3 changed");
    assert_eq!((&i3[col("before")], &i3[col("after")]), ("1.5", "1.26"));
    assert_eq!((&i3[col("finding")], &i3[col("recommendation")]), (FINDING_3, RECOMMENDATION_3));

    let (_, out, _) =
        run(wd.cmd().args(["--rubric", "pemdi-2026", "-q", "diff", "mandiri.csv", &aceh(), "-f", "json"]));
    let v = json(&out);
    let after = &v["regions"][0]["after"];
    let f3 = after["findings"].as_array().unwrap().iter().find(|f| f["id"] == "3").unwrap();
    assert_eq!(f3["finding"], FINDING_3);
    assert!(v["regions"][0]["before"].get("findings").is_none());
}

#[test]
fn the_report_has_a_printable_findings_section() {
    let wd = Workdir::new();
    let (code, _, err) = run(wd.cmd().args([
        "--lang",
        "id",
        "--rubric",
        "pemdi-2026",
        "-q",
        "report",
        &aceh(),
        "-o",
        "r.html",
    ]));
    assert_eq!(code, 0, "{err}");
    let html = wd.read("r.html");
    let section = html.split("<section id=\"findings\">").nth(1).expect("findings section");
    assert!(section.starts_with("<h2>Temuan dan rekomendasi</h2><h3>Kab. Aceh Tengah</h3>"), "{section}");
    // As table cells, not only hover titles.
    assert!(section.contains(&format!("<td>{FINDING_3}</td><td>{RECOMMENDATION_3}</td>")), "{section}");
    // Unverified level names and the pending mark are said in the report.
    assert!(html.contains("Nama tingkat belum terverifikasi"), "{html}");
    assert!(html.contains("menunggu: indikator 5–7, 18"), "{html}");
}

#[test]
fn a_template_records_its_rubric_and_a_mismatch_is_an_error() {
    let wd = Workdir::new();
    let (code, out, err) = run(wd.cmd().args(["--rubric", "spbe-2018", "template", "--region", "Kota A"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().nth(1).unwrap().ends_with(",spbe-2018"), "{out}");
    wd.write("form-2018.csv", crate::common::fill_form(&out, "3"));
    // Without --rubric the form is read with the rubric it names.
    let (code, out, err) = run(wd.cmd().args(["-q", "score", "form-2018.csv", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["rubric"]["id"], "spbe-2018");
    assert_eq!(v["regions"][0]["index"], 3.0);
    // Read with another rubric it is an error (exit 2, file:line:column), also with
    // --allow-missing, which used to give quietly wrong numbers.
    for extra in [&[][..], &["--allow-missing"][..]] {
        let (code, out, err) =
            run(wd.cmd().args(["--rubric", "spbe-2020", "score", "form-2018.csv"]).args(extra));
        assert_eq!(code, 2, "{err}");
        assert!(out.is_empty());
        assert!(
            err.contains(
                "form-2018.csv:2:8: the file is for rubric `spbe-2018`, but it is read with spbe-2020"
            ),
            "{err}"
        );
        assert_eq!(err.matches("the file is for rubric").count(), 1, "{err}");
    }
    // SPBE_RUBRIC counts as given.
    let (code, _, err) = run(wd.cmd().env("SPBE_RUBRIC", "pemdi-2026").args(["score", "form-2018.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("the file is for rubric `spbe-2018`, but it is read with pemdi-2026"), "{err}");
    let (_, _, err) =
        run(wd.cmd().args(["--error-format", "json", "--rubric", "spbe-2020", "score", "form-2018.csv"]));
    assert!(err.contains(r#""code":"rubric-mismatch""#), "{err}");
}

#[test]
fn an_xlsx_template_knows_its_rubric() {
    let wd = Workdir::new();
    let (code, _, err) =
        run(wd.cmd().args(["--rubric", "pemdi-2026", "template", "--region", "Kab. B", "-o", "f.xlsx"]));
    assert_eq!(code, 0, "{err}");
    let sheets = crate::xlsx::sheets(&wd.path("f.xlsx"));
    let about: Vec<String> = sheets[1].1.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(about.windows(2).any(|w| w[0] == "Rubric id" && w[1] == "pemdi-2026"), "{about:?}");
    // Read back without --rubric: pemdi-2026 (no levels filled in: nothing to score, but it is
    // pemdi's 20 indicators that are missing, not spbe-2020's 47).
    let (code, _, err) = run(wd.cmd().args(["score", "f.xlsx"]));
    assert_eq!(code, 2);
    assert!(err.contains("rubric pemdi-2026 is provisional"), "{err}");
    let (code, _, err) = run(wd.cmd().args(["--rubric", "spbe-2020", "score", "f.xlsx"]));
    assert_eq!(code, 2);
    assert!(err.contains("f.xlsx: Assessment!J2: the file is for rubric `pemdi-2026`"), "{err}");
}
