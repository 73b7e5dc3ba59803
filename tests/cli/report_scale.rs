//! `spbe report` and `spbe chart` over many regions: which radar charts are drawn, how the
//! heatmap is split, how large a PNG may be, and the size of a national page.

use scraper::{Html, Selector};

use crate::common::{root, run, Workdir};

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

/// `n` regions `R01`, `R02`, … scored by domain, every domain of region i at 1 + i / 10, so the
/// index of region i is 1 + i / 10 (the weights sum to 1): R(n) ranks first, R01 last.
fn by_domain(n: usize) -> String {
    let mut s = String::from("region,D1,D2,D3,D4\n");
    for i in 1..=n {
        let v = 1.0 + i as f64 / 10.0;
        s.push_str(&format!("R{i:02},{v},{v},{v},{v}\n"));
    }
    s
}

/// `names` with every spbe-2020 indicator given, region k at level 1 + (k + i) mod 5.
fn by_indicator(names: &[String]) -> String {
    let mut s = String::from("region,indicator,level\n");
    for (k, name) in names.iter().enumerate() {
        for i in 1..=47 {
            s.push_str(&format!("\"{name}\",{i},{}\n", 1 + (k + i) % 5));
        }
    }
    s
}

/// The report of `input` with `args`: the page, or the exit code and stderr.
fn report(wd: &Workdir, input: &str, args: &[&str]) -> Result<String, (i32, String)> {
    let _ = std::fs::remove_file(wd.path("r.html"));
    let (code, _, err) = run(wd.cmd().args(["report", input, "-o", "r.html"]).args(args));
    if code != 0 {
        return Err((code, err));
    }
    Ok(wd.read("r.html"))
}

/// The regions with a radar chart, in page order.
fn radars(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    doc.select(&sel("#radar figure > svg"))
        .filter_map(|s| s.value().attr("aria-label").map(str::to_string))
        .collect()
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn over_24_regions_radars_show_the_baseline_and_the_top_and_bottom_5() {
    let wd = Workdir::new();
    wd.write("d.csv", by_domain(30));
    let html = report(&wd, "d.csv", &["--baseline", "R15"]).expect("report");
    // Ranked R30 … R01: the top 5 are R30–R26, the bottom 5 R05–R01, and the baseline R15.
    let want = ["R30", "R29", "R28", "R27", "R26", "R15", "R05", "R04", "R03", "R02", "R01"];
    assert_eq!(radars(&html), names(&want));
    let doc = Html::parse_document(&html);
    let note: String = doc.select(&sel("#radar p.radar-choice")).flat_map(|p| p.text()).collect();
    assert!(
        note.starts_with(
            "Radar charts of 11 of the 30 regions: the baseline and the top 5 and the bottom 5 of the ranking."
        ),
        "{note}"
    );
    assert!(note.contains("--radars all"), "{note}");
    // Every region is still in the ranking.
    assert_eq!(doc.select(&sel("#ranking tbody tr")).count(), 30);
}

#[test]
fn radars_of_the_regions_named_or_of_every_region() {
    let wd = Workdir::new();
    wd.write("d.csv", by_domain(30));
    // Named only (matched as --baseline is: case and a unique part): no top and bottom.
    let html = report(&wd, "d.csv", &["--regions", "r07,R20"]).expect("report");
    assert_eq!(radars(&html), names(&["R20", "R07"]));
    let doc = Html::parse_document(&html);
    let note: String = doc.select(&sel("#radar p.radar-choice")).flat_map(|p| p.text()).collect();
    assert!(
        note.starts_with("Radar charts of 2 of the 30 regions: the regions named with --regions."),
        "{note}"
    );
    // Named and the top and bottom 1.
    let html = report(&wd, "d.csv", &["--regions", "R07,R20", "--radars", "1"]).expect("report");
    assert_eq!(radars(&html), names(&["R30", "R20", "R07", "R01"]));
    // All: 30 radars and no note.
    let html = report(&wd, "d.csv", &["--radars", "all"]).expect("report");
    assert_eq!(radars(&html).len(), 30);
    assert!(!html.contains("radar-choice"));
    // 24 regions keep every radar by default.
    wd.write("d24.csv", by_domain(24));
    assert_eq!(radars(&report(&wd, "d24.csv", &[]).expect("report")).len(), 24);
}

#[test]
fn radar_names_must_each_name_one_region() {
    let wd = Workdir::new();
    wd.write("d.csv", by_domain(30));
    let (code, err) = report(&wd, "d.csv", &["--regions", "R07,Nowhere"]).expect_err("refused");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no region `Nowhere`"), "{err}");
    // `R1` is part of R10 … R19.
    let (code, err) = report(&wd, "d.csv", &["--regions", "R1"]).expect_err("refused");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("matches several regions"), "{err}");
    let (code, err) = report(&wd, "d.csv", &["--radars", "some"]).expect_err("refused");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("neither a whole number nor `all`"), "{err}");
}

#[test]
fn chart_radar_draws_the_same_choice_and_says_so() {
    let wd = Workdir::new();
    wd.write("d.csv", by_domain(30));
    let (code, _, err) = run(wd.cmd().args(["chart", "radar", "d.csv", "-o", "r.svg"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("radar charts of 10 of the 30 regions"), "{err}");
    let svg = wd.read("r.svg");
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let polygons = doc
        .descendants()
        .filter(|n| n.has_tag_name("polygon") && n.attribute("stroke-width") == Some("2"))
        .count();
    assert_eq!(polygons, 10);
}

/// The heatmap parts of a page: each part's heading and its number of rows.
fn heatmap_parts(html: &str) -> Vec<(String, usize)> {
    let doc = Html::parse_document(html);
    let rows = |svg: scraper::ElementRef| svg.select(&sel("g[transform^=translate]")).count();
    let parts: Vec<(String, usize)> = doc
        .select(&sel("#levels div.heatmap-part"))
        .map(|d| {
            let h: String = d.select(&sel("h3")).flat_map(|h| h.text()).collect();
            (h, d.select(&sel("svg")).map(rows).sum())
        })
        .collect();
    if parts.is_empty() {
        return doc.select(&sel("#levels svg")).map(|s| (String::new(), rows(s))).collect();
    }
    parts
}

#[test]
fn a_long_heatmap_is_split_into_parts_of_50_in_rank_order() {
    let wd = Workdir::new();
    let list: Vec<String> = (1..=120).map(|i| format!("Dinas {i:03}")).collect();
    wd.write("l.csv", by_indicator(&list));
    let html = report(&wd, "l.csv", &[]).expect("report");
    let parts = heatmap_parts(&html);
    let sizes: Vec<usize> = parts.iter().map(|p| p.1).collect();
    assert_eq!(sizes, [50, 50, 20], "{parts:?}");
    // Levels of region k are 1 + (k + i) mod 5 over i = 1..47: a cycle of 5, so regions with
    // the same k mod 5 share an index and tie; each part is headed by the ranks it holds.
    assert!(parts[0].0.starts_with("Ranks 1–"), "{parts:?}");
    assert!(parts[2].0.ends_with("(3/3)"), "{parts:?}");
    assert!(html.contains("In parts of 50 rows in rank order (3 parts)"), "page says how it is split");
    // Cell titles name the indicator by id only on such a page: the row names the region.
    assert!(html.contains("<title>1: level "), "terse cell titles");
}

#[test]
fn regions_with_kemendagri_codes_are_grouped_by_province() {
    let wd = Workdir::new();
    let csv = std::fs::read_to_string(root().join("data/idn-area/regencies.csv")).expect("registry");
    // Aceh (11) has 23 kabupaten/kota and Sumatera Utara (12) 33: 56 with both provinces' own.
    let mut list: Vec<String> = csv
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("11.") || l.starts_with("12."))
        .filter_map(|l| l.splitn(3, ',').nth(2).map(str::to_string))
        .collect();
    assert_eq!(list.len(), 56);
    list.push("Provinsi Sumatera Utara".into());
    list.push("Provinsi Aceh".into());
    wd.write("p.csv", by_indicator(&list));
    let html = report(&wd, "p.csv", &[]).expect("report");
    let parts = heatmap_parts(&html);
    assert_eq!(
        parts,
        [("Provinsi Aceh (24)".to_string(), 24), ("Provinsi Sumatera Utara (34)".to_string(), 34)]
    );
    assert!(html.contains("By province: 2 provinces"), "page says how it is split");
}

#[test]
fn heatmap_chart_pages_and_the_png_bound() {
    let wd = Workdir::new();
    let list: Vec<String> = (1..=201).map(|i| format!("Dinas {i:03}")).collect();
    wd.write("l.csv", by_indicator(&list));
    let rows = |svg: &str| {
        let doc = roxmltree::Document::parse(svg).expect("XML");
        doc.descendants()
            .filter(|n| {
                n.has_tag_name("g") && n.attribute("transform").is_some_and(|t| t.starts_with("translate(0,"))
            })
            .count()
    };
    // 201 regions: pages 1–4 of 50 and page 5 of 1.
    let (code, _, err) = run(wd.cmd().args(["chart", "heatmap", "l.csv", "--page", "5", "-o", "h5.svg"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(rows(&wd.read("h5.svg")), 1);
    let (code, _, err) = run(wd.cmd().args(["chart", "heatmap", "l.csv", "--page", "2", "-o", "h2.png"]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(wd.cmd().args(["chart", "heatmap", "l.csv", "--page", "6", "-o", "h6.svg"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--page 6: the heatmap of 201 regions has 5 page(s) of 50"), "{err}");
    // The whole heatmap: as SVG, yes; as PNG (more than 200 regions), only by pages.
    let (code, _, err) = run(wd.cmd().args(["chart", "heatmap", "l.csv", "-o", "h.svg"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(rows(&wd.read("h.svg")), 201);
    let (code, _, err) = run(wd.cmd().args(["chart", "heatmap", "l.csv", "-o", "h.png"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("with --page 1 to --page 5, or as SVG"), "{err}");
    assert!(!wd.path("h.png").exists());
    let (code, _, err) = run(wd.cmd().args(["chart", "bar", "l.csv", "--page", "1", "-o", "b.svg"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_report_of_600_regions_stays_under_5_mb() {
    let wd = Workdir::new();
    let list: Vec<String> = (0..600).map(|i| format!("Pemerintah Kabupaten Wilayah {i:06}")).collect();
    wd.write("n.csv", by_indicator(&list));
    let html = report(&wd, "n.csv", &[]).expect("report");
    assert!(html.len() < 5_000_000, "{} bytes", html.len());
    // Every region is in the heatmap; radar charts only for the top and the bottom 5.
    assert_eq!(radars(&html).len(), 10);
    assert_eq!(heatmap_parts(&html).iter().map(|p| p.1).sum::<usize>(), 600);
}
