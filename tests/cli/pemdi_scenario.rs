//! The README's Pemdi scenario, run as written: its commands on `examples/pemdi/`, its output
//! blocks against what they print, and its numbers checked by hand.

use serde_json::Value;

use crate::common::{example, root, run, Workdir};

/// The scenario's text in the README: from its heading to the next scenario.
fn scenario() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let start = readme.find("**Pemdi 2026: read your assessor result.**").expect("Pemdi scenario");
    let rest = &readme[start..];
    let end = rest[2..].find("\n**").map_or(rest.len(), |e| e + 2);
    rest[..end].to_string()
}

/// The fenced blocks of a language (`sh`, `text`), in order.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let open = format!("```{lang}\n");
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(&open) {
        let body = &rest[i + open.len()..];
        let end = body.find("```").expect("closing fence");
        out.push(body[..end].to_string());
        rest = &body[end..];
    }
    out
}

/// A README command line as arguments (the scenario's commands quote nothing).
fn args(line: &str) -> Vec<String> {
    let line = line.split('#').next().expect("command").trim();
    let mut words = line.split_whitespace().map(str::to_string);
    assert_eq!(words.next().as_deref(), Some("spbe"), "{line}");
    words.collect()
}

fn json(out: &str) -> Value {
    serde_json::from_str(out).expect("JSON output")
}

fn near(v: &Value, want: f64, what: &str) {
    let got = v.as_f64().unwrap_or_else(|| panic!("{what}: {v}"));
    assert!((got - want).abs() < 1e-9, "{what}: {got}, by hand {want}");
}

/// Kab. Aceh Tengah (examples/pemdi/README.md), weights in percent, index = Σ wI·NI / 100:
/// A1 = (2.0·5 + 1.5·5)/10 = 1.75; A2 = (1.26·5 + 1.3·5)/10 = 1.28;
/// A3 = (1·5 + 1·3 + 1·3 + 1·4)/15 = 1 (5, 6, 7 pending at 1);
/// A4 = (1·4 + 1·4 + 1.5·3 + 1.25·4)/15 = 17.5/15 = 1.1666…; A5 = (1.17·5 + 1·5)/10 = 1.085;
/// A6 = (1·4 + 1·4 + 2.5·4 + 1·3)/15 = 21/15 = 1.4 (18 pending at 1); A7 = (1·10 + 1.3·15)/25 = 1.18;
/// index = (17.5 + 12.8 + 15 + 17.5 + 10.85 + 21 + 29.5)/100 = 124.15/100 = 1.2415, Kurang (< 1.5).
/// Plan to Cukup (1.5): +0.2585 needed. 20 (w 15) from 1.3 to 2 gains 0.7·0.15 = 0.105, then
/// 0.15 per level; 19 (w 10) 0.10 per level; any other raise at most 0.05. Two raises give at
/// most 0.105 + 0.15 = 0.255 < 0.2585, so three: 20 to 2, 3, 4: 1.2415 + 0.405 = 1.6465, Cukup;
/// after two steps 1.2415 + 0.255 = 1.4965: shown 1.50, still Kurang.
#[test]
fn the_readme_pemdi_scenario_runs_as_written() {
    let text = scenario();
    let wd = Workdir::new();
    let file = "examples/pemdi/aceh-tengah-2026.csv";
    wd.write(file, std::fs::read(example("pemdi/aceh-tengah-2026.csv")).expect("example"));
    let commands: Vec<Vec<String>> =
        blocks(&text, "sh").iter().flat_map(|b| b.lines().map(args).collect::<Vec<_>>()).collect();
    assert_eq!(commands.len(), 4, "{commands:?}");
    let outputs = blocks(&text, "text");
    assert_eq!(outputs.len(), 2);

    // 1. Score: the README's table is what it prints; the numbers are the hand ones.
    let (code, out, err) = run(wd.cmd().args(&commands[0]));
    assert_eq!(code, 0, "{err}");
    let mut printed = out.lines();
    for line in outputs[0].lines().filter(|l| !l.starts_with("warning:")) {
        assert!(printed.any(|p| p == line), "README line not printed (in order): {line}\n{out}");
    }
    assert!(err.contains("indicator(s) 5–7, 18 left blank score 1 and are pending"), "{err}");
    let (code, out, err) = run(wd.cmd().args(&commands[0]).args(["-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let region = &v["regions"][0];
    near(&region["index"], 1.2415, "index");
    assert_eq!(region["rating"], "Kurang");
    let by_hand = [
        ("A1", 1.75),
        ("A2", 1.28),
        ("A3", 1.0),
        ("A4", 17.5 / 15.0),
        ("A5", 1.085),
        ("A6", 1.4),
        ("A7", 1.18),
    ];
    for (id, want) in by_hand {
        let node = region["scores"].as_array().expect("scores").iter().find(|n| n["id"] == id).expect(id);
        near(&node["score"], want, id);
    }

    // 2. Plan: printed as the README shows it; steps and indices as by hand.
    let (code, out, err) = run(wd.cmd().args(&commands[1]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim_end(), outputs[1].trim_end());
    let (code, out, err) = run(wd.cmd().args(&commands[1]).args(["-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let region = &v["regions"][0];
    let steps = region["steps"].as_array().expect("steps");
    let got = crate::plan::steps_of(region);
    assert_eq!(got, [("20", 1.3, 2.0), ("20", 2.0, 3.0), ("20", 3.0, 4.0)]);
    near(&steps[0]["gain"], 0.105, "gain of 20 from 1.3 to 2");
    near(&steps[1]["index_after"], 1.4965, "index after two steps");
    assert_eq!(steps[1]["rating_after"], "Kurang");
    near(&region["final_index"], 1.6465, "final index");
    assert_eq!(region["final_rating"], "Cukup");
    assert_eq!(region["pending_not_planned"], serde_json::json!(["5", "6", "7", "18"]));
    assert!(text.contains("1.4965") && text.contains("0.2585") && text.contains("0.105"));

    // 3. Findings per indicator, in the CSV the README writes.
    let (code, _, err) = run(wd.cmd().args(&commands[2]));
    assert_eq!(code, 0, "{err}");
    let csv = wd.read("temuan.csv");
    assert!(csv.lines().next().expect("header").ends_with(",finding,recommendation"), "{csv}");
    let i20 = csv.lines().find(|l| l.contains(",indicator,20,")).expect("indicator 20");
    assert!(i20.contains("Belum ada bukti pelaksanaan survei terhadap kelompok rentan"), "{i20}");

    // 4. The report: the plan's steps and the findings section.
    let (code, _, err) = run(wd.cmd().args(&commands[3]));
    assert_eq!(code, 0, "{err}");
    let html = wd.read("laporan-pemdi.html");
    assert!(html.contains("Findings and recommendations"), "findings section");
    assert!(html.contains("Planned steps"), "plan section");
    assert!(html.contains("pending, not planned: 5–7, 18"), "pending left out, said");
    assert!(html.contains("1.30 → 2"), "from its decimals to a whole level");
    assert!(html.contains("Perlu perluasan pelaksanaan SKM online"), "indicator 20's recommendation");
}
