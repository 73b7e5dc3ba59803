//! `spbe report`: the HTML page, its structure, ranking, escaping and self-containment.

use scraper::{ElementRef, Html, Selector};

use crate::common::{data, example, long_csv, path_str, run, Workdir};

/// 2025-11-28 00:00 UTC: 20420 days since 1970-01-01, and 2025-01-01 is day 20089, so this is day
/// 332 of 2025 = 304 days to the end of October + 28.
pub const EPOCH: &str = "1764288000";

/// The Jambi example: published domain indices 2023 and 2024, and the illustrative
/// self-assessments dated 2025, Provinsi Jambi as the baseline.
pub fn jambi_report(wd: &Workdir, lang: &str) -> String {
    let out = wd.path("laporan.html");
    let (code, _, err) = run(wd.cmd().env("SOURCE_DATE_EPOCH", EPOCH).args([
        "--lang",
        lang,
        "report",
        &path_str(&example("jambi/published-2023-2024.csv")),
        &path_str(&example("jambi/mandiri")),
        "--year",
        "2025",
        "--baseline",
        "Provinsi Jambi",
        "-o",
        &path_str(&out),
    ]));
    assert_eq!(code, 0, "{err}");
    wd.read("laporan.html")
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A table row's cells, separated by spaces.
fn row_text(tr: ElementRef) -> String {
    tr.select(&sel("th, td")).map(text).collect::<Vec<_>>().join(" ")
}

/// An outline of the page: headings, notes, every table cell, and per chart its name and how
/// many shapes of each kind it has.
pub fn outline(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::new();
    let root = doc.root_element();
    out += &format!("html lang={}\n", root.value().attr("lang").unwrap_or("?"));
    for m in doc.select(&sel("head meta")) {
        let v = m.value();
        if let Some(c) = v.attr("content") {
            let name = v.attr("http-equiv").or(v.attr("name")).unwrap_or("?");
            if name != "generator" {
                out += &format!("meta {name}: {c}\n");
            }
        }
    }
    out += &format!("title: {}\n", doc.select(&sel("head title")).map(text).collect::<String>());
    for e in doc.select(&sel("body > header > *, body > p")) {
        out += &format!("{}: {}\n", e.value().name(), text(e));
    }
    for section in doc.select(&sel("body > section")) {
        out += &format!("\n## section #{}\n", section.value().attr("id").unwrap_or("?"));
        for e in section.select(&sel("h2, h3, p, tr, figure > svg")) {
            match e.value().name() {
                "tr" => {
                    let cells: Vec<String> = e.select(&sel("th, td")).map(text).collect();
                    out += &format!("  | {} |\n", cells.join(" | "));
                }
                "svg" => {
                    let mut counts = Vec::new();
                    for kind in ["rect", "polygon", "polyline", "circle", "line", "text", "title"] {
                        let n = e.select(&sel(kind)).count();
                        if n > 0 {
                            counts.push(format!("{kind}×{n}"));
                        }
                    }
                    out += &format!(
                        "  svg \"{}\" {}\n",
                        e.value().attr("aria-label").unwrap_or("?"),
                        counts.join(" ")
                    );
                }
                name => out += &format!("  {name}: {}\n", text(e)),
            }
        }
    }
    for f in doc.select(&sel("body > footer")) {
        out += &format!("\nfooter: {}\n", text(f));
    }
    out
}

#[test]
fn jambi_report_structure_in_indonesian() {
    let wd = Workdir::new();
    let html = jambi_report(&wd, "id");
    // Hand-checked in the snapshot: 12 regions of 2025 ranked by index (Kota Jambi 4.55 first,
    // Kerinci 2.43 last); Δ = index − 3.23 (Provinsi Jambi), e.g. Kota Jambi 4.55 − 3.23 = +1.32;
    // one radar per region, the baseline's own without the dashed reference (polygon count);
    // a 12 × 47 heatmap; 12 trend charts 2023–2025, each with three points.
    insta::assert_snapshot!(outline(&html));
}

#[test]
fn english_report_structure_with_ties() {
    let wd = Workdir::new();
    // Every indicator at one level makes every domain and the index that level:
    // C 4.00 first; A and B 3.00 share second; D 2.00 is fourth (competition ranking).
    let mut csv = long_csv("A", |_| 3);
    csv += &long_csv("B", |_| 3).replacen("region,indicator,level\n", "", 1);
    csv += &long_csv("C", |_| 4).replacen("region,indicator,level\n", "", 1);
    csv += &long_csv("D", |_| 2).replacen("region,indicator,level\n", "", 1);
    wd.write("levels.csv", csv);
    let (code, _, err) = run(wd.cmd().env("SOURCE_DATE_EPOCH", EPOCH).args([
        "report",
        "levels.csv",
        "--baseline",
        "a",
        "-o",
        "r.html",
    ]));
    assert_eq!(code, 0, "{err}");
    let html = wd.read("r.html");
    let doc = Html::parse_document(&html);
    let rows: Vec<String> = doc.select(&sel("#ranking tbody tr")).map(row_text).collect();
    // Rank, region, D1..D4, index, rating, Δ against A (3.00).
    assert_eq!(
        rows,
        [
            "1 C 4.00 4.00 4.00 4.00 4.00 Sangat Baik +1.00",
            "2 A 3.00 3.00 3.00 3.00 3.00 Baik 0.00",
            "2 B 3.00 3.00 3.00 3.00 3.00 Baik 0.00",
            "4 D 2.00 2.00 2.00 2.00 2.00 Cukup -1.00",
        ]
    );
    // The baseline is the highlighted row and bar.
    assert_eq!(doc.select(&sel("tr.baseline")).map(row_text).next().as_deref(), Some(rows[1].as_str()));
    assert!(html.contains(r##"fill="#d95f02"><title>A: 3.00 (Baik)</title>"##), "baseline bar");
    // One year only: no trend section; no target: no plan section.
    assert_eq!(doc.select(&sel("section#trend, section#plan")).count(), 0);
    insta::assert_snapshot!(outline(&html));
}

#[test]
fn page_is_self_contained() {
    let wd = Workdir::new();
    let html = jambi_report(&wd, "en");
    let doc = Html::parse_document(&html);
    // Nothing that would load: no scripts, frames, images, links or objects …
    for tag in ["script", "iframe", "img", "link", "object", "embed", "video", "audio", "source", "base"] {
        assert_eq!(doc.select(&sel(tag)).count(), 0, "<{tag}> in the page");
    }
    // … no attribute naming a resource, and no URL anywhere in the file.
    for e in doc.select(&sel("*")) {
        for (name, _) in e.value().attrs() {
            assert!(
                ![
                    "src",
                    "href",
                    "xlink:href",
                    "srcset",
                    "poster",
                    "data",
                    "action",
                    "formaction",
                    "background"
                ]
                .contains(&name),
                "attribute {name} on <{}>",
                e.value().name()
            );
        }
    }
    for needle in ["http:", "https:", "url(", "@import", "//"] {
        assert!(!html.contains(needle), "`{needle}` in the page");
    }
    // The policy forbids every fetch even if something slipped in.
    let csp = doc
        .select(&sel(r#"meta[http-equiv="Content-Security-Policy"]"#))
        .next()
        .and_then(|m| m.value().attr("content"))
        .unwrap_or_default()
        .to_string();
    assert!(csp.starts_with("default-src 'none'; style-src 'unsafe-inline'; img-src data:"), "{csp}");
    // Printing: A4 pages.
    assert!(html.contains("@page { size: A4;"));
}

/// The XSS fixtures: a rubric and a region whose every text is markup.
fn xss_args(wd: &Workdir) -> Vec<String> {
    let _ = wd;
    vec![
        "--rubric".into(),
        path_str(&data("xss/rubric.toml")),
        "report".into(),
        path_str(&data("xss/levels.csv")),
        "--baseline".into(),
        "<script>alert(1)</script>".into(),
        "--title".into(),
        "<script>alert(6)</script>".into(),
        // The plan section too: region, indicator and rating names in its tables.
        "--target".into(),
        "4".into(),
        "-o".into(),
        "x.html".into(),
    ]
}

/// Everything from the user, verbatim: each must show up as text and never as markup.
pub const XSS_TEXTS: &[&str] = &[
    "<script>alert(1)</script>",
    "</title><script>alert(2)</script>",
    "<img src=x onerror=alert(3)>",
    "<b onmouseover=alert(4)>Domain</b>",
    "<script>alert(5)</script>",
    "<script>alert(6)</script>",
    "</title><script>alert(7)</script>",
    "\"><svg onload=alert(8)>",
    "<iframe src=javascript:alert(9)>",
    "Kab. \"Aman\" & Co",
];

#[test]
fn user_text_is_escaped_in_the_page() {
    let wd = Workdir::new();
    let (code, _, err) = run(wd.cmd().env("SOURCE_DATE_EPOCH", EPOCH).args(xss_args(&wd)));
    assert_eq!(code, 0, "{err}");
    let html = wd.read("x.html");
    let lower = html.to_lowercase();
    for raw in ["<script", "<img", "<iframe", "<b ", "<b>", "<i>", "<svg onload"] {
        assert!(!lower.contains(raw), "raw `{raw}` in the page");
    }
    let doc = Html::parse_document(&html);
    for tag in ["script", "img", "iframe", "b", "i"] {
        assert_eq!(doc.select(&sel(tag)).count(), 0, "<{tag}> element in the page");
    }
    for e in doc.select(&sel("*")) {
        for (name, _) in e.value().attrs() {
            assert!(!name.starts_with("on"), "event handler {name} on <{}>", e.value().name());
        }
    }
    let all_text: String = doc.root_element().text().collect();
    for t in XSS_TEXTS {
        assert!(all_text.contains(t), "`{t}` not shown as text");
    }
    // The title, the table cell and the heatmap cell's hover text carry them verbatim.
    assert_eq!(doc.select(&sel("head title")).map(text).next().as_deref(), Some("<script>alert(6)</script>"));
    assert!(doc.select(&sel("#ranking td")).any(|td| text(td) == "<script>alert(1)</script>"));
    assert!(doc
        .select(&sel("#levels svg title"))
        .any(|t| text(t).contains("level 2 (dua) — note: </title><script>alert(2)</script>")));
    assert!(doc.select(&sel("#plan h3")).any(|h| text(h) == "<script>alert(1)</script>"));
    assert!(doc.select(&sel("#plan td")).any(|td| text(td) == "<iframe src=javascript:alert(9)>"));
    assert!(doc.select(&sel("#plan td")).any(|td| text(td) == "<script>alert(5)</script>"));
}

#[test]
fn baseline_must_name_one_region() {
    let wd = Workdir::new();
    let jambi = path_str(&example("jambi/mandiri"));
    let (code, _, err) = run(wd.cmd().args(["report", &jambi, "--baseline", "jambi", "-o", "r.html"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("`jambi` matches several regions (Pemerintah Kota Jambi, Pemerintah Provinsi Jambi, Pemerintah Kab. Muaro Jambi); give more of the name"),
        "{err}"
    );
    let (code, _, err) = run(wd.cmd().args(["report", &jambi, "--baseline", "Bandung", "-o", "r.html"]));
    assert_eq!(code, 2);
    assert!(err.contains("no region `Bandung`; the regions are: Pemerintah Kota Jambi,"), "{err}");
    assert!(!wd.path("r.html").exists(), "no page written on error");
}

#[test]
fn regions_without_the_latest_year_are_left_out_of_the_ranking() {
    let wd = Workdir::new();
    // A has 2024 and 2025, B only 2024: the ranking is of 2025 (A alone); B is in the trend data
    // only as a single point, so it gets no trend chart; A's trend runs 2024–2025.
    let mut csv = String::from("region,year,indicator,level\n");
    for (region, year, level) in [("A", 2024, 2), ("A", 2025, 3), ("B", 2024, 4)] {
        for i in 1..=47 {
            csv += &format!("{region},{year},{i},{level}\n");
        }
    }
    wd.write("years.csv", csv);
    let (code, _, err) =
        run(wd.cmd().env("SOURCE_DATE_EPOCH", EPOCH).args(["report", "years.csv", "-o", "r.html"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: no assessment in 2025, so only in the trend: B"), "{err}");
    let doc = Html::parse_document(&wd.read("r.html"));
    let rows: Vec<String> = doc.select(&sel("#ranking tbody tr")).map(row_text).collect();
    assert_eq!(rows, ["1 A 3.00 3.00 3.00 3.00 3.00 Baik"]);
    assert!(doc
        .select(&sel("#ranking p.note"))
        .any(|p| text(p) == "No assessment in 2025, so not ranked: B"));
    let trends: Vec<String> = doc
        .select(&sel("#trend svg"))
        .filter_map(|s| s.value().attr("aria-label").map(String::from))
        .collect();
    assert_eq!(trends, ["A"]);
    assert_eq!(doc.select(&sel("#trend h2")).map(text).next().as_deref(), Some("Trend 2024–2025"));
}

#[test]
fn domain_scores_only_give_no_heatmap() {
    let wd = Workdir::new();
    let published = path_str(&example("jambi/published-2023-2024.csv"));
    let (code, _, err) =
        run(wd.cmd().env("SOURCE_DATE_EPOCH", EPOCH).args(["report", &published, "-o", "r.html"]));
    assert_eq!(code, 0, "{err}");
    let doc = Html::parse_document(&wd.read("r.html"));
    assert_eq!(doc.select(&sel("#levels svg")).count(), 0);
    assert!(doc
        .select(&sel("#levels p"))
        .any(|p| text(p).starts_with("The inputs give no levels per indicator")));
    // 2024 is compared. Provinsi Jambi's 2024 domains in the file are 2.3, 2.4, 2.18, 3.95:
    // (2.3×13 + 2.4×25 + 2.18×16.5 + 3.95×45.5) / 100 = 305.595 / 100 = 3.056 → 3.06 (published
    // as 3.05, from its unrounded domain indices).
    assert!(doc
        .select(&sel("#ranking tr"))
        .any(|tr| row_text(tr).contains("Pemerintah Provinsi Jambi 2.30 2.40 2.18 3.95 3.06 Baik")));
}

#[test]
fn output_is_atomic_and_refuses_to_overwrite() {
    let wd = Workdir::new();
    wd.write("r.html", "keep");
    let jambi = path_str(&example("jambi/mandiri"));
    let (code, _, err) = run(wd.cmd().args(["report", &jambi, "-o", "r.html"]));
    assert_eq!(code, 2);
    assert!(err.contains("exists; pass --force to replace it"), "{err}");
    assert_eq!(wd.read("r.html"), "keep");
    let (code, _, err) = run(wd.cmd().args(["report", &jambi, "-o", "r.html", "--force"]));
    assert_eq!(code, 0, "{err}");
    assert!(wd.read("r.html").starts_with("<!DOCTYPE html>"));
}

#[test]
fn rubric_without_domains_draws_aspects() {
    let wd = Workdir::new();
    // Pemdi 2026 has 7 aspects and 20 indicators, no domains. X: every indicator at 4; Y at 2.
    let mut csv = String::from("region,indicator,level\n");
    for (region, level) in [("X", 4), ("Y", 2)] {
        for i in 1..=20 {
            csv += &format!("{region},{i},{level}\n");
        }
    }
    wd.write("pemdi.csv", csv);
    let (code, _, err) = run(wd.cmd().env("SOURCE_DATE_EPOCH", EPOCH).args([
        "--quiet",
        "--rubric",
        "pemdi-2026",
        "report",
        "pemdi.csv",
        "-o",
        "r.html",
    ]));
    assert_eq!(code, 0, "{err}");
    let html = wd.read("r.html");
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("#radar h2")).map(text).next().as_deref(), Some("Aspect scores by region"));
    let head: Vec<String> = doc.select(&sel("#ranking thead th")).map(text).collect();
    assert_eq!(head, ["Rank", "Region", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "Index", "Rating"]);
    // Each radar has 7 spokes (and one more line: the dashed sample in its legend); the
    // reference is the mean of X and Y: 3 on every spoke.
    let radar = doc.select(&sel("#radar svg")).next().expect("a radar");
    assert_eq!(radar.select(&sel("line")).count(), 7 + 1);
    assert!(radar.select(&sel("polygon title")).any(|t| text(t) == "mean of 2 regions"));
    // Radius 92 spans 1..5, so 3 is 46 from the centre (150,176): the first spoke points up.
    let points =
        radar.select(&sel("polygon[stroke-dasharray]")).next().and_then(|p| p.value().attr("points"));
    assert!(points.is_some_and(|p| p.starts_with("150,130 ")), "{points:?}");
    // Provisional rubric: said on the page, with the reason.
    assert!(doc
        .select(&sel("p.warning"))
        .any(|p| text(p).starts_with("Provisional rubric. known only from")));
    // The heatmap's column groups are the 7 aspects.
    let groups: Vec<String> =
        doc.select(&sel("#levels svg > text > title")).map(text).filter(|t| t.starts_with('A')).collect();
    assert_eq!(groups.len(), 7, "{groups:?}");
}

#[test]
fn several_stages_need_a_choice_as_in_compare() {
    let wd = Workdir::new();
    wd.write("s.csv", "region,stage,D1,D2,D3,D4\nA,mandiri,4,4,4,4\nA,final,3,3,3,3\nB,final,2,2,2,2\n");
    let (code, _, err) = run(wd.cmd().args(["report", "s.csv", "-o", "r.html"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("the input has several stages (mandiri, final): pick one with --stage STAGE"),
        "{err}"
    );
    assert!(!wd.path("r.html").exists());
    let (code, _, err) = run(wd
        .cmd()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(["report", "s.csv", "--stage", "Final", "-o", "r.html"]));
    assert_eq!(code, 0, "{err}");
    let doc = Html::parse_document(&wd.read("r.html"));
    // Every domain at one value makes the index that value: A 3 at the final stage, B 2.
    let rows: Vec<String> = doc.select(&sel("#ranking tbody tr")).map(row_text).collect();
    assert_eq!(rows, ["1 A 3.00 3.00 3.00 3.00 3.00 Baik", "2 B 2.00 2.00 2.00 2.00 2.00 Cukup"]);
    assert!(doc.select(&sel("#ranking p.note")).any(|p| text(p) == "Stage: final"));
    let (code, _, err) = run(wd.cmd().args(["report", "s.csv", "--stage", "visitasi", "-o", "r2.html"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("--stage visitasi: no assessment has that stage (stages in the input: mandiri, final)"),
        "{err}"
    );
}

#[test]
fn years_given_for_some_assessments_only_are_refused() {
    let wd = Workdir::new();
    // B has no year: it could be neither ranked with A's 2024 nor drawn in a trend.
    wd.write("y.csv", "year,region,D1,D2,D3,D4\n2024,A,3,3,3,3\n");
    wd.write("n.csv", "region,D1,D2,D3,D4\nB,2,2,2,2\n");
    let (code, _, err) = run(wd.cmd().args(["report", "y.csv", "n.csv", "-o", "r.html"]));
    assert_eq!(code, 2);
    assert!(err.contains("some assessments have a year and some do not (B): give --year"), "{err}");
    assert!(!wd.path("r.html").exists());
}

#[test]
fn notes_are_listed_per_region_and_print() {
    let wd = Workdir::new();
    // The final levels of Merangin carry a note column: "dinaikkan setelah interviu" on 1.
    let (code, _, err) = run(wd.cmd().args([
        "--lang",
        "id",
        "-q",
        "report",
        &path_str(&example("jambi/final/merangin.csv")),
        "-o",
        "r.html",
    ]));
    assert_eq!(code, 0, "{err}");
    let html = wd.read("r.html");
    let doc = Html::parse_document(&html);
    let section = doc.select(&sel("section#findings")).next().expect("notes section");
    assert_eq!(section.select(&sel("h2")).map(text).next().as_deref(), Some("Keterangan"));
    assert_eq!(section.select(&sel("h3")).map(text).next().as_deref(), Some("Pemerintah Kab. Merangin"));
    let rows: Vec<String> = section.select(&sel("tr")).map(row_text).collect();
    assert_eq!(rows[0], "Indikator Nilai Keterangan");
    assert!(
        rows.iter().any(|r| r.starts_with("1 ") && r.ends_with(" 4,00 note: dinaikkan setelah interviu")),
        "{rows:?}"
    );
}

#[test]
fn the_next_rating_column_agrees_with_plan_and_sensitivity_with_its_command() {
    let wd = Workdir::new();
    let jambi = path_str(&example("jambi/mandiri"));
    let (code, _, err) = run(wd.cmd().args([
        "-q",
        "report",
        &jambi,
        "--sensitivity",
        "200",
        "--precision",
        "4",
        "-o",
        "r.html",
    ]));
    assert_eq!(code, 0, "{err}");
    let html = wd.read("r.html");
    let doc = Html::parse_document(&html);
    let header: Vec<String> = doc.select(&sel("#next thead th")).map(text).collect();
    let at =
        |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {header:?}"));
    let (points, raises, rank, certain) =
        (at("Points missing"), at("Fewest raises"), at("Rank p5–p95"), at("Rating certain"));
    let rows: Vec<Vec<String>> =
        doc.select(&sel("#next tbody tr")).map(|tr| tr.select(&sel("td")).map(text).collect()).collect();
    assert_eq!(rows.len(), 12);
    let cell = |region: &str, col: usize| {
        rows.iter().find(|r| r[1] == region).map(|r| r[col].clone()).unwrap_or_else(|| panic!("{region}"))
    };
    // Merangin, 3.4515 (Baik): 3.5 − 3.4515 = 0.0485 to Sangat Baik.
    assert_eq!(cell("Pemerintah Kab. Merangin", points), "+0.0485", "{rows:?}");
    // Kota Jambi is Memuaskan, the highest rating: nothing to the next.
    assert_eq!(cell("Pemerintah Kota Jambi", points), "—");
    // The raises are those of `spbe plan --target` for each region's next rating.
    for target in ["Baik", "Sangat Baik", "Memuaskan"] {
        let (code, out, err) = run(wd.cmd().args(["-q", "plan", &jambi, "--target", target, "-f", "json"]));
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        let below = |r: &serde_json::Value| match target {
            "Baik" => r["rating"] == "Cukup",
            "Sangat Baik" => r["rating"] == "Baik",
            _ => r["rating"] == "Sangat Baik",
        };
        for r in v["regions"].as_array().expect("regions").iter().filter(|r| below(r)) {
            let region = r["region"].as_str().expect("name");
            let steps = r["steps"].as_array().map_or_else(|| r["steps"].to_string(), |s| s.len().to_string());
            assert_eq!(cell(region, raises), steps, "{region} to {target}");
        }
    }
    // Rank intervals and certainty are those of `spbe sensitivity --draws 200` (same seed).
    let (code, out, err) = run(wd.cmd().args(["-q", "sensitivity", &jambi, "--draws", "200", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    for r in v["regions"].as_array().expect("regions") {
        let region = r["region"].as_str().expect("name");
        let (p5, p95) = (r["rank_p5"].as_u64().expect("p5"), r["rank_p95"].as_u64().expect("p95"));
        let want = if p5 == p95 { p5.to_string() } else { format!("{p5}–{p95}") };
        assert_eq!(cell(region, rank), want, "{region}");
        let share = r["rating_probability"][r["rating"].as_str().expect("rating")].as_f64().expect("share");
        assert_eq!(cell(region, certain) == "yes", share == 1.0, "{region}: {share}");
    }
}
