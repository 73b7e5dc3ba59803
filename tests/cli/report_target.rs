//! `spbe report --target`: each region's planned steps on the page, as `spbe plan` finds them.

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::common::{example, long_csv, path_str, run, Workdir};
use crate::report::EPOCH;

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cells(tr: ElementRef) -> Vec<String> {
    tr.select(&sel("td")).map(text).collect()
}

/// Write the report of `args` to r.html and return it with stderr.
fn report(wd: &Workdir, args: &[&str]) -> (Html, String) {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend(["-o", "r.html", "--force"]);
    let (code, _, err) = run(wd.cmd().env("SOURCE_DATE_EPOCH", EPOCH).args(&all));
    assert_eq!(code, 0, "{err}");
    (Html::parse_document(&wd.read("r.html")), err)
}

/// The summary rows of the plan section: region → cells after the region's name.
fn summary(doc: &Html) -> Vec<(String, Vec<String>)> {
    doc.select(&sel("#plan table.plan-summary tbody tr"))
        .map(|tr| {
            let c = cells(tr);
            (c[0].clone(), c[1..].to_vec())
        })
        .collect()
}

/// The step rows of one region's table, found by its heading.
fn steps(doc: &Html, region: &str) -> Option<Vec<Vec<String>>> {
    doc.select(&sel("#plan div.plan"))
        .find(|d| d.select(&sel("h3")).map(text).next().as_deref() == Some(region))
        .map(|d| d.select(&sel("tbody tr")).map(cells).collect())
}

#[test]
fn each_regions_steps_match_plan() {
    let wd = Workdir::new();
    let mandiri = path_str(&example("jambi/mandiri"));
    let (doc, err) = report(&wd, &[&mandiri, "--target", "Sangat Baik"]);
    assert!(!err.contains("no plan"), "{err}");
    let (code, out, err) =
        run(wd.cmd().args(["plan", &mandiri, "--target", "Sangat Baik", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let plan: Value = serde_json::from_str(&out).expect("plan JSON");
    let planned = plan["regions"].as_array().expect("regions");
    assert_eq!(planned.len(), 12);

    // One summary row per region, in the order of the ranking.
    let rows = summary(&doc);
    let ranking: Vec<String> = doc.select(&sel("#ranking tbody tr")).map(|tr| cells(tr)[1].clone()).collect();
    assert_eq!(rows.iter().map(|r| r.0.clone()).collect::<Vec<_>>(), ranking);

    for p in planned {
        let region = p["region"].as_str().expect("region");
        let want: Vec<&str> = p["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .map(|s| s["indicator"].as_str().expect("id"))
            .collect();
        let row = &rows.iter().find(|r| r.0 == region).expect("summary row").1;
        // index, rating, raises, index after, rating after
        assert_eq!(row[2], want.len().to_string(), "{region}");
        match steps(&doc, region) {
            Some(table) => {
                let got: Vec<&str> = table.iter().map(|c| c[1].as_str()).collect();
                assert_eq!(got, want, "{region}");
                let numbers: Vec<String> = table.iter().map(|c| c[0].clone()).collect();
                let expected: Vec<String> = (1..=want.len()).map(|n| n.to_string()).collect();
                assert_eq!(numbers, expected, "{region}");
            }
            None => {
                assert!(want.is_empty(), "{region}: no steps on the page, {} in the plan", want.len());
                assert!(row[4].ends_with("already there"), "{region}: {row:?}");
            }
        }
    }

    // Merangin by hand: levels × weights (D1 indicators 1.3, D2 2.5, D3 1.5, 32–41 2.75, 42–47 3):
    // 43×1.3 + 27×2.5 + 21×1.5 + 43×2.75 + 24×3 = 55.9 + 67.5 + 31.5 + 118.25 + 72 = 345.15, so
    // 3.4515, 0.0485 short of 3.5. The largest gain is 3 / 100 = 0.03 (42–47), taken in rubric
    // order where below 5: 43 (4 → 5) gives 3.4815, then 44 (3 → 4) gives 3.5115, Sangat Baik.
    let merangin = steps(&doc, "Pemerintah Kab. Merangin").expect("Merangin's steps");
    assert_eq!(
        merangin,
        [
            ["1", "43", "Layanan Data Terbuka", "4 → 5", "Optimum", "+0.0300", "3.48", ""],
            [
                "2",
                "44",
                "Jaringan Dokumentasi dan Informasi Hukum (JDIH)",
                "3 → 4",
                "Kolaborasi",
                "+0.0300",
                "3.51",
                "Sangat Baik"
            ],
        ]
    );
    let row = &rows.iter().find(|r| r.0 == "Pemerintah Kab. Merangin").expect("row").1;
    assert_eq!(row, &["3.45", "Baik", "2", "3.51", "Sangat Baik"]);
    let intro = doc.select(&sel("#plan > p")).map(text).next().unwrap_or_default();
    assert!(
        intro.starts_with("Target: Sangat Baik (index ≥ 3.50). For each region, the fewest raises"),
        "{intro}"
    );
}

/// A: every indicator at level 3 (index 3). B: domain scores only, 2 each (index 2).
fn levels_and_domains(wd: &Workdir) {
    wd.write("in/a.csv", long_csv("A", |_| 3));
    wd.write("in/b.csv", "region,D1,D2,D3,D4\nB,2,2,2,2\n");
}

#[test]
fn a_region_given_by_domain_gets_no_plan_and_the_rest_do() {
    let wd = Workdir::new();
    levels_and_domains(&wd);
    // A at 3 to Sangat Baik (3.5): the 12 raises of 42–47 (3 → 4 → 5, 0.03 each) give 3.36, then
    // 32, 33, 34 (2.75 / 100 = 0.0275 each, two raises apiece) give 3.3875, 3.415, 3.4425,
    // 3.47, 3.4975, 3.525: 18 raises. B cannot be planned: the page says why, the rest stands.
    let (doc, err) = report(&wd, &["in", "--target", "Sangat Baik"]);
    assert!(err.contains("warning: no plan for B: the page says why"), "{err}");
    insta::assert_snapshot!(crate::report::outline(&wd.read("r.html")));
    let rows = summary(&doc);
    assert_eq!(rows[0].0, "A");
    assert_eq!(rows[0].1[..3], ["3.00", "Baik", "18"]);
    assert_eq!(rows[1], ("B".to_string(), vec!["2.00".into(), "Cukup".into(), "no plan 1".into()]));
    let notes: Vec<String> = doc.select(&sel("#plan p.note")).map(text).collect();
    assert_eq!(
        notes,
        ["1 values are given above indicator level (D1–D4); a plan raises indicators one level at a time, so it needs each indicator's level"]
    );
    let a = steps(&doc, "A").expect("A's steps");
    assert_eq!(a.len(), 18);
    assert_eq!(a[0][1..4], ["42", "Layanan Pengaduan Pelayanan Publik", "3 → 4"]);
    assert_eq!(a[17][1..4], ["34", "Layanan Keuangan", "4 → 5"]);
    assert!(steps(&doc, "B").is_none());

    // Only domain scores: every region says so, and the page is still written.
    let published = path_str(&example("jambi/published-2023-2024.csv"));
    let (doc, _) = report(&wd, &[&published, "--target", "Baik", "--quiet"]);
    let rows = summary(&doc);
    assert_eq!(rows.len(), 12);
    assert!(rows.iter().all(|r| r.1[2] == "no plan 1"), "{rows:?}");
    assert_eq!(doc.select(&sel("#plan div.plan")).count(), 0);
}

#[test]
fn limits_reach_the_plans_and_an_unreachable_target_is_said() {
    let wd = Workdir::new();
    levels_and_domains(&wd);
    // Only indicator 47, one level: 3 + 3 / 100 = 3.03 at most, far below Memuaskan (4.2).
    let (doc, _) =
        report(&wd, &["in", "--quiet", "--target", "Memuaskan", "--only", "47", "--max-raise", "1"]);
    let intro = doc.select(&sel("#plan > p")).map(text).next().unwrap_or_default();
    assert!(intro.ends_with("Limits: at most 1 level(s) per indicator; only 47."), "{intro}");
    let rows = summary(&doc);
    assert_eq!(rows[0].1[2], "not reachable 1");
    assert_eq!(rows[1].1[2], "no plan 2");
    let notes: Vec<String> = doc.select(&sel("#plan p.note")).map(text).collect();
    assert_eq!(notes.len(), 2);
    assert_eq!(
        notes[0],
        "1 target 4.2 is out of reach: the raises allowed (limits, exclusions, costs) give at most 3.03 (every indicator at level 5 would give 5)"
    );

    // The limits mean nothing without a target.
    let (code, _, err) = run(wd.cmd().args(["report", "in", "--max-raise", "1", "-o", "x.html"]));
    assert_eq!(code, 2);
    assert!(err.contains("--target"), "{err}");
    assert!(!wd.path("x.html").exists());
    // A target that is no number and no rating stops before anything is read.
    let (code, _, err) = run(wd.cmd().args(["report", "in", "--target", "Bagus", "-o", "x.html"]));
    assert_eq!(code, 2);
    assert!(err.contains("target `Bagus` is neither a number nor a rating"), "{err}");
}

#[test]
fn plan_section_in_indonesian() {
    let wd = Workdir::new();
    levels_and_domains(&wd);
    let (doc, _) = report(&wd, &["--lang", "id", "in", "--target", "3,455"]);
    let intro = doc.select(&sel("#plan > p")).map(text).next().unwrap_or_default();
    // The target as typed, with its three decimals, not rounded to the page's two.
    assert!(intro.starts_with("Target: indeks ≥ 3,455. Untuk tiap wilayah"), "{intro}");
    let rows = summary(&doc);
    // To 3.455: the 12 raises of 42–47 give 3.36, then 0.0275 each: 3.3875, 3.415, 3.4425,
    // 3.47: 16 raises.
    assert_eq!(rows[0].1[..3], ["3,00", "Baik", "16"]);

    let (doc, _) = report(&wd, &["--lang", "id", "in", "--target", "Sangat Baik"]);
    assert_eq!(doc.select(&sel("#plan h2")).map(text).next().as_deref(), Some("Langkah yang direncanakan"));
    let rows = summary(&doc);
    assert_eq!(rows[0].1[..3], ["3,00", "Baik", "18"]);
    assert_eq!(rows[1].1[2], "tidak ada rencana 1");
    let notes: Vec<String> = doc.select(&sel("#plan p.note")).map(text).collect();
    assert!(notes[0].starts_with("1 nilai diisi di atas tingkat indikator (D1–D4)"), "{notes:?}");
    let a = steps(&doc, "A").expect("A's steps");
    assert_eq!(a[0][3..6], ["3 → 4", "Kolaborasi", "+0,0300"]);
}
