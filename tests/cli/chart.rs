//! `spbe chart`: standalone SVG and PNG charts.

use crate::common::{data, example, path_str, run, Workdir};
use crate::report::XSS_TEXTS;

/// Draw a chart of the Jambi example into `name`; return the file's bytes.
pub fn jambi_chart(wd: &Workdir, kind: &str, name: &str, extra: &[&str]) -> Vec<u8> {
    let mut args = vec![
        "chart".to_string(),
        kind.to_string(),
        path_str(&example("jambi/published-2023-2024.csv")),
        path_str(&example("jambi/mandiri")),
        "--year".into(),
        "2025".into(),
        "--baseline".into(),
        "Provinsi Jambi".into(),
        "-o".into(),
        path_str(&wd.path(name)),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let (code, _, err) = run(wd.cmd().args(&args));
    assert_eq!(code, 0, "{err}");
    std::fs::read(wd.path(name)).expect("chart written")
}

/// Parse a standalone SVG as XML (so it is well-formed) and return its width and height.
pub fn svg_size(svg: &str) -> (f64, f64) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    let num = |a: &str| root.attribute(a).and_then(|v| v.parse::<f64>().ok()).expect("size attribute");
    (num("width"), num("height"))
}

#[test]
fn every_chart_is_a_well_formed_svg() {
    let wd = Workdir::new();
    for kind in ["bar", "contribution", "radar", "heatmap", "trend"] {
        let svg = String::from_utf8(jambi_chart(&wd, kind, &format!("{kind}.svg"), &[])).expect("UTF-8");
        assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg"), "{kind}");
        let (w, h) = svg_size(&svg);
        assert!(w >= 300.0 && h >= 200.0, "{kind}: {w}×{h}");
        let doc = roxmltree::Document::parse(&svg).expect("XML");
        let titles: Vec<&str> =
            doc.descendants().filter(|n| n.has_tag_name("title")).filter_map(|n| n.text()).collect();
        match kind {
            // 12 bars, each with a hover title naming region, index and rating.
            "bar" => assert!(titles.contains(&"Pemerintah Kota Jambi: 4.55 (Memuaskan)"), "{titles:?}"),
            // 12 regions × 4 domains, each segment titled.
            "contribution" => {
                assert_eq!(titles.iter().filter(|t| t.contains(" · D")).count(), 12 * 4, "{titles:?}")
            }
            // One radar per region in a grid.
            "radar" => assert_eq!(
                doc.descendants()
                    .filter(|n| n.has_tag_name("polygon") && n.attribute("stroke-width") == Some("2"))
                    .count(),
                12
            ),
            // 12 regions × 47 indicators, each cell titled.
            "heatmap" => assert_eq!(
                titles.iter().filter(|t| t.contains(" — ") && t.contains(": level ")).count(),
                12 * 47
            ),
            // 12 regions with 2023, 2024 and 2025.
            "trend" => assert_eq!(doc.descendants().filter(|n| n.has_tag_name("polyline")).count(), 12),
            _ => unreachable!(),
        }
    }
}

#[test]
fn focus_draws_one_region() {
    let wd = Workdir::new();
    let svg = String::from_utf8(jambi_chart(&wd, "radar", "k.svg", &["--focus", "kerinci"])).expect("UTF-8");
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("polygon") && n.attribute("stroke-width") == Some("2"))
            .count(),
        1
    );
    assert!(svg.contains("Pemerintah Kab. Kerinci"));
    assert!(!svg.contains("Pemerintah Kab. Bungo"));
    // The legend names the spokes.
    assert!(svg.contains("D4</tspan> Layanan SPBE"));

    let (code, _, err) =
        run(wd.cmd().args(["chart", "bar", &path_str(&example("jambi/mandiri")), "--focus", "kerinci"]));
    assert_eq!(code, 2);
    assert!(err.contains("--focus applies to radar and trend charts"), "{err}");
}

#[test]
fn trend_needs_two_years() {
    let wd = Workdir::new();
    let (code, _, err) = run(wd.cmd().args(["chart", "trend", &path_str(&example("jambi/mandiri"))]));
    assert_eq!(code, 2);
    assert!(err.contains("a trend needs results of one region in at least two years"), "{err}");
}

#[test]
fn png_from_the_extension_or_the_flag() {
    let wd = Workdir::new();
    let svg = String::from_utf8(jambi_chart(&wd, "bar", "bar.svg", &[])).expect("UTF-8");
    let (w, h) = svg_size(&svg);
    for (name, extra) in [("bar.png", &[][..]), ("bar.img", &["--format", "png"][..])] {
        let bytes = jambi_chart(&wd, "bar", name, extra);
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().expect("a PNG");
        let info = reader.info();
        // Drawn at twice the SVG's size.
        assert_eq!((info.width as f64, info.height as f64), (2.0 * w, 2.0 * h.ceil()), "{name}");
    }
}

#[test]
fn user_text_is_escaped_in_charts() {
    let wd = Workdir::new();
    for kind in ["bar", "radar", "heatmap"] {
        let out = wd.path(&format!("{kind}.svg"));
        let (code, _, err) = run(wd.cmd().args([
            "--rubric",
            &path_str(&data("xss/rubric.toml")),
            "chart",
            kind,
            &path_str(&data("xss/levels.csv")),
            "--baseline",
            "<script>alert(1)</script>",
            "-o",
            &path_str(&out),
        ]));
        assert_eq!(code, 0, "{err}");
        let svg = std::fs::read_to_string(&out).expect("chart");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed despite the markup in the data");
        for n in doc.descendants().filter(|n| n.is_element()) {
            let name = n.tag_name().name();
            assert!(
                !["script", "foreignObject", "iframe", "img", "b", "i"].contains(&name),
                "{kind}: <{name}>"
            );
            for a in n.attributes() {
                assert!(!a.name().starts_with("on"), "{kind}: {} on <{name}>", a.name());
            }
        }
        let all_text: String = doc.descendants().filter_map(|n| n.text()).collect();
        assert!(all_text.contains("<script>alert(1)</script>"), "{kind}: region not shown as text");
        if kind == "heatmap" {
            for t in &XSS_TEXTS[..2] {
                assert!(all_text.contains(t), "{kind}: `{t}` not shown as text");
            }
        }
    }
}

#[test]
fn several_stages_need_a_choice_as_in_compare() {
    let wd = Workdir::new();
    wd.write("s.csv", "region,stage,D1,D2,D3,D4\nA,mandiri,4,4,4,4\nA,final,3,3,3,3\nB,final,2,2,2,2\n");
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "chart", "bar", "s.csv", "-o", "b.svg"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("masukan berisi beberapa tahap (mandiri, final): pilih satu dengan --stage TAHAP"),
        "{err}"
    );
    assert!(!wd.path("b.svg").exists());
    // The self-assessment alone: A with every domain at 4, so an index of 4 (Sangat Baik).
    let (code, _, err) = run(wd.cmd().args(["chart", "bar", "s.csv", "--stage", "mandiri", "-o", "b.svg"]));
    assert_eq!(code, 0, "{err}");
    let svg = wd.read("b.svg");
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let bars: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .filter(|t| t.contains(": ") && t.ends_with(')'))
        .collect();
    assert_eq!(bars, ["A: 4.00 (Sangat Baik)"]);
}

/// Regions whose names share all but the last word, two of them too long for any chart.
const BOLMONG: [&str; 5] = [
    "Pemerintah Kabupaten Bolaang Mongondow Timur",
    "Pemerintah Kabupaten Bolaang Mongondow Selatan",
    "Pemerintah Kabupaten Bolaang Mongondow Utara",
    "Dinas Komunikasi, Informatika, Persandian dan Statistik Kabupaten Bolaang Mongondow Selatan",
    "Dinas Komunikasi, Informatika, Persandian dan Statistik Kabupaten Bolaang Mongondow Utara",
];

#[test]
fn similar_names_get_distinct_labels_in_every_chart() {
    let wd = Workdir::new();
    let mut csv = String::from("year,region,indicator,level\n");
    for year in [2024, 2025] {
        for (k, region) in BOLMONG.iter().enumerate() {
            for i in 1..=47 {
                csv.push_str(&format!("{year},\"{region}\",{i},{}\n", 1 + (i + k + year as usize) % 5));
            }
        }
    }
    wd.write("bolmong.csv", csv);
    for kind in ["bar", "contribution", "radar", "heatmap", "trend"] {
        let out = format!("{kind}.svg");
        let (code, _, err) = run(wd.cmd().args(["chart", kind, "bolmong.csv", "-o", &out]));
        assert_eq!(code, 0, "{kind}: {err}");
        let svg = wd.read(&out);
        let doc = roxmltree::Document::parse(&svg).expect("XML");
        // The text drawn (without the tooltips) and the tooltips.
        let drawn: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| {
                n.descendants()
                    .filter(|d| d.is_text() && !d.ancestors().any(|a| a.has_tag_name("title")))
                    .filter_map(|d| d.text())
                    .collect::<String>()
            })
            .collect();
        let titles: Vec<&str> =
            doc.descendants().filter(|n| n.has_tag_name("title")).filter_map(|n| n.text()).collect();
        // The three regencies: "Pemerintah" dropped, "Kabupaten" as "Kab.", nothing cut.
        for last in ["Timur", "Selatan", "Utara"] {
            let label = format!("Kab. Bolaang Mongondow {last}");
            assert!(drawn.contains(&label), "{kind}: no {label} in {drawn:?}");
        }
        // The long names are cut in the middle: each keeps its own last word, and the two differ.
        let cut: Vec<&String> = drawn.iter().filter(|t| t.contains('…')).collect();
        let ends = |w: &str| cut.iter().filter(|t| t.ends_with(w)).count();
        assert!(ends("Selatan") >= 1 && ends("Utara") >= 1, "{kind}: {cut:?}");
        assert!(!drawn.iter().any(|t| t.starts_with("Pemerintah")), "{kind}: {drawn:?}");
        // No two regions share a label: five different ones (or, where a long name is on two
        // lines, five different last lines).
        let labels: std::collections::BTreeSet<&String> =
            drawn.iter().filter(|t| t.starts_with("Kab. Bolaang") || t.contains('…')).collect();
        assert_eq!(labels.len(), 5, "{kind}: {labels:?}");
        // The full names stay in the tooltips.
        for name in BOLMONG {
            assert!(titles.iter().any(|t| t.contains(name)), "{kind}: no title with {name}");
        }
    }
}

#[test]
fn contributions_stack_up_to_the_index() {
    let wd = Workdir::new();
    // spbe-2020 domain weights 13, 25, 16.5, 45.5 (of 100). A: D1 2, D2 3, D3 1, D4 4, so the
    // shares are 2 × 0.13 = 0.26, 3 × 0.25 = 0.75, 1 × 0.165 = 0.165 and 4 × 0.455 = 1.82, and
    // the index 0.26 + 0.75 + 0.165 + 1.82 = 2.995.
    wd.write("d.csv", "region,D1,D2,D3,D4\nA,2,3,1,4\n");
    let (code, _, err) =
        run(wd.cmd().args(["-q", "chart", "contribution", "d.csv", "--precision", "3", "-o", "c.svg"]));
    assert_eq!(code, 0, "{err}");
    let svg = wd.read("c.svg");
    let doc = roxmltree::Document::parse(&svg).expect("XML");
    let titles: Vec<&str> =
        doc.descendants().filter(|n| n.has_tag_name("title")).filter_map(|n| n.text()).collect();
    for want in [
        "A · D1 Kebijakan Internal SPBE: 0.260",
        "A · D2 Tata Kelola SPBE: 0.750",
        "A · D3 Manajemen SPBE: 0.165",
        "A · D4 Layanan SPBE: 1.820",
    ] {
        assert!(titles.contains(&want), "{want} in {titles:?}");
    }
    // The segments follow each other and end where the index is: their widths add up to the
    // index's share of the plot (2.995 of 5).
    let rects: Vec<(f64, f64)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.children().any(|c| c.has_tag_name("title")))
        .map(|n| {
            let num = |a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok()).expect("number");
            (num("x"), num("width"))
        })
        .collect();
    assert_eq!(rects.len(), 4);
    for w in rects.windows(2) {
        assert!((w[0].0 + w[0].1 - w[1].0).abs() <= 0.15, "{rects:?}");
    }
    let total: f64 = rects.iter().map(|r| r.1).sum();
    let plot = 760.0 - rects[0].0 - 52.0;
    assert!((total - 2.995 / 5.0 * plot).abs() <= 0.3, "{total} vs {}", 2.995 / 5.0 * plot);
    assert!(svg.contains(">2.995</text>"), "{svg}");
}
