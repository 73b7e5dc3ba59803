//! The Kemendagri registry: `spbe regions`, names resolved to codes, `--province`, one
//! government across years.
//!
//! `tests/data/national/nasional-2023-2024.csv` is a national-style table: the 24 published
//! Jambi rows (as in `examples/jambi/published-2023-2024.csv`, spelled as the ministry does), rows of other provinces
//! spelled as the 2023–2024 reports spell them (made-up domain indices), Provinsi NTB spelled
//! two ways in the two years, Kota Kotamobagu spelled `KotaMobagu` in 2023, and three central
//! instansi.

use serde_json::Value;

use crate::common::{data, path_str, run, Workdir};

fn national() -> String {
    path_str(&data("national/nasional-2023-2024.csv"))
}

fn json_of(wd: &Workdir, args: &[&str]) -> Value {
    let (code, out, err) = run(wd.cmd().args(args).args(["--format", "json"]));
    assert_eq!(code, 0, "stderr: {err}");
    serde_json::from_str(&out).expect("JSON output")
}

/// (name, code) of every name `regions resolve` lists.
fn resolved(json: &Value) -> Vec<(String, Option<String>)> {
    json["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["name"].as_str().unwrap().to_string(), n["code"].as_str().map(str::to_string)))
        .collect()
}

const JAMBI_CODES: [&str; 12] =
    ["15", "15.01", "15.02", "15.03", "15.04", "15.05", "15.06", "15.07", "15.08", "15.09", "15.71", "15.72"];

#[test]
fn list_shows_a_province_and_its_kabupaten_kota() {
    let wd = Workdir::new();
    let json = json_of(&wd, &["regions", "list", "--province", "Jambi"]);
    let codes: Vec<&str> =
        json["regions"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(codes, JAMBI_CODES);
    assert_eq!(json["regions"][4]["name"], "Kabupaten Batanghari");
    assert_eq!(json["regions"][4]["province"], "15");
    assert_eq!(json["regions"][10]["kind"], "kota");
    // By code, and the whole registry: 38 provinces and 514 kabupaten/kota.
    assert_eq!(json_of(&wd, &["regions", "list", "--province", "15"]), json);
    let all = json_of(&wd, &["regions", "list"]);
    let all = all["regions"].as_array().unwrap();
    assert_eq!(all.iter().filter(|r| r["kind"] == "provinsi").count(), 38);
    assert_eq!(all.len(), 38 + 514);
}

#[test]
fn list_refuses_what_is_not_a_province() {
    let wd = Workdir::new();
    for bad in ["Atlantis", "Kota Jambi", "15.71"] {
        let (code, _, err) = run(wd.cmd().args(["regions", "list", "--province", bad]));
        assert_eq!(code, 2, "{bad}");
        assert!(err.contains("is not a province"), "{bad}: {err}");
    }
}

#[test]
fn the_24_published_jambi_rows_resolve_to_the_twelve_codes() {
    let wd = Workdir::new();
    let published = path_str(&crate::common::example("jambi/published-2023-2024.csv"));
    let json = json_of(&wd, &["regions", "resolve", &published]);
    let mut codes: Vec<String> =
        resolved(&json).into_iter().map(|(n, c)| c.unwrap_or_else(|| panic!("{n}"))).collect();
    codes.sort_by_key(|c| c.split('.').map(|p| p.parse::<u32>().unwrap()).collect::<Vec<_>>());
    assert_eq!(codes, JAMBI_CODES);
    // The same 24 rows inside the national table.
    let json = json_of(&wd, &["regions", "resolve", &national(), "--province", "Jambi"]);
    let names = resolved(&json);
    assert_eq!(names.len(), 12);
    assert!(names.contains(&("Pemerintah Kab. Batang Hari".into(), Some("15.04".into()))));
    assert!(names.contains(&("Pemerintah Provinsi Jambi".into(), Some("15".into()))));
    assert!(names.contains(&("Pemerintah Kota Jambi".into(), Some("15.71".into()))));
}

#[test]
fn every_spelling_of_the_reports_resolves_and_central_instansi_quietly_do_not() {
    let wd = Workdir::new();
    let (code, out, err) = run(wd.cmd().args(["regions", "resolve", &national(), "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    // No warning about names not in the registry: the only ones are central instansi.
    assert!(!err.contains("not in the Kemendagri registry"), "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let names = resolved(&json);
    let code_of = |name: &str| {
        names.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} not listed")).1.clone()
    };
    for (name, want) in [
        ("Pemerintah Kab. Kep. Mentawai", "13.09"),
        ("Pemerintah Kab. Ogan Komering Ulu Sel.", "16.09"),
        ("Pemerintah Kab. Fak-Fak", "92.03"),
        ("Pemerintah Kab. Tolitoli", "72.04"),
        ("Pemerintah Kab. Limapuluh Kota", "13.07"),
        ("Pemerintah Kab. Siau Tagulandang Biaro", "71.09"),
        ("Pemerintah Kota Baubau", "74.72"),
        ("Pemerintah Kota Padangsidimpuan", "12.77"),
        ("Pemerintah Kota Palangka Raya", "62.71"),
        ("Pemerintah Kota Gunung Sitoli", "12.78"),
        ("Pemerintah Kota KotaMobagu", "71.74"),
        ("Pemerintah Aceh", "11"),
        ("Pemerintah D.I. Yogyakarta", "34"),
        ("Pemerintah Kota Yogyakarta", "34.71"),
        ("Pemerintah Provinsi Kep. Bangka Belitung", "19"),
        ("Pemerintah Provinsi NTB", "52"),
        ("Pemerintah Provinsi Nusa Tenggara Barat", "52"),
        ("Pemerintah Provinsi NTT", "53"),
    ] {
        assert_eq!(code_of(name).as_deref(), Some(want), "{name}");
    }
    for central in ["Kementerian Keuangan", "Badan Pusat Statistik", "Lembaga Administrasi Negara"] {
        assert_eq!(code_of(central), None);
        let n = json["names"].as_array().unwrap().iter().find(|n| n["name"] == central).unwrap();
        assert_eq!(n["status"], "central");
    }
}

#[test]
fn province_keeps_exactly_the_province_and_its_kabupaten_kota() {
    let wd = Workdir::new();
    let json = json_of(&wd, &["compare", &national(), "--province", "Jambi"]);
    let mut codes: Vec<&str> =
        json["regions"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
    codes.sort_by_key(|c| c.split('.').map(|p| p.parse::<u32>().unwrap()).collect::<Vec<_>>());
    assert_eq!(codes, JAMBI_CODES);
    assert_eq!(json["year"], 2024);
    // The baseline defaults to the province.
    assert_eq!(json["baseline"], "Pemerintah Provinsi Jambi");
    // Province by code; on score too: 12 regions × 2 years.
    let score = json_of(&wd, &["score", &national(), "--province", "15"]);
    assert_eq!(score["regions"].as_array().unwrap().len(), 24);
    assert!(score["regions"].as_array().unwrap().iter().all(|r| r["province"] == "15"));
}

#[test]
fn province_without_a_year_column_takes_the_year_given() {
    // One year of the national table without its year column, as `nasional-2024.csv` would be.
    let wd = Workdir::new();
    let text = std::fs::read_to_string(data("national/nasional-2023-2024.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().split_once(',').unwrap().1.to_string();
    let body: Vec<String> = lines.filter_map(|l| l.strip_prefix("2024,")).map(str::to_string).collect();
    wd.write("nasional-2024.csv", format!("{header}\n{}\n", body.join("\n")));
    let json = json_of(&wd, &["compare", "nasional-2024.csv", "--province", "Jambi", "--year", "2024"]);
    assert_eq!(json["regions"].as_array().unwrap().len(), 12);
    assert_eq!(json["baseline"], "Pemerintah Provinsi Jambi");
    // Kota Jambi 2024: (13·5.0 + 25·4.1 + 16.5·2.91 + 45.5·4.76) / 100
    //   = (65 + 102.5 + 48.015 + 216.58) / 100 = 4.32095, published 4.32.
    let kota = json["regions"].as_array().unwrap().iter().find(|r| r["code"] == "15.71").unwrap();
    assert!((kota["index"].as_f64().unwrap() - 4.32095).abs() < 1e-9, "{kota}");
}

#[test]
fn a_province_spelled_two_ways_in_two_years_is_one_trend_row() {
    let wd = Workdir::new();
    let json = json_of(&wd, &["compare", &national(), "--province", "NTB"]);
    let trend = json["trend"]["regions"].as_array().unwrap();
    let names: Vec<&str> = trend.iter().map(|r| r["region"].as_str().unwrap()).collect();
    // The latest spelling is shown.
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"Pemerintah Provinsi Nusa Tenggara Barat"), "{names:?}");
    assert!(names.contains(&"Pemerintah Kab. Lombok Barat"), "{names:?}");
    let ntb = trend.iter().find(|r| r["region"] == "Pemerintah Provinsi Nusa Tenggara Barat").unwrap();
    assert_eq!(ntb["years"].as_array().unwrap().len(), 2);
    // And in the whole national trend: one row per government, central instansi included.
    let all = json_of(&wd, &["compare", &national()]);
    assert_eq!(all["trend"]["regions"].as_array().unwrap().len(), 35);
}

#[test]
fn diff_matches_by_code_across_spellings() {
    let wd = Workdir::new();
    wd.write("2023.csv", "region,D1,D2,D3,D4\nPemerintah Provinsi NTB,2,2,2,2\n");
    wd.write(
        "2024.csv",
        "region,D1,D2,D3,D4\nPemerintah Provinsi Nusa Tenggara Barat,3,3,3,3\nKota Mataram,1,1,1,1\n",
    );
    let json = json_of(&wd, &["diff", "2023.csv", "2024.csv"]);
    let regions = json["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 1, "{json}");
    assert_eq!(regions[0]["region"], "Pemerintah Provinsi Nusa Tenggara Barat");
    assert_eq!(regions[0]["code"], "52");
    // Index 2 → 3: every domain +1.
    assert!((regions[0]["change"].as_f64().unwrap() - 1.0).abs() < 1e-9, "{json}");
}

#[test]
fn an_ambiguous_name_warns_with_its_candidates_and_gets_no_code() {
    let wd = Workdir::new();
    wd.write("in.csv", "region,D1,D2,D3,D4\nBandung,2,2,2,2\nKota Bandung,3,3,3,3\n");
    let (code, out, err) = run(wd.cmd().args(["score", "in.csv", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("region `Bandung` fits Kabupaten Bandung (32.04), Kota Bandung (32.73)"), "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["regions"][0]["code"], Value::Null);
    assert_eq!(json["regions"][0]["province"], Value::Null);
    assert_eq!(json["regions"][1]["code"], "32.73");
    assert_eq!(json["regions"][1]["province"], "32");
    // `regions resolve` says so too, and exits 1.
    let (code, out, _) = run(wd.cmd().args(["regions", "resolve", "in.csv", "-f", "csv"]));
    assert_eq!(code, 1);
    assert!(
        out.contains("Bandung,,,,ambiguous,\"ambiguous: Kabupaten Bandung (32.04), Kota Bandung (32.73)\""),
        "{out}"
    );
}

#[test]
fn a_code_column_wins_over_the_name() {
    let wd = Workdir::new();
    // `kode` beside the name: the second row's name reads as Kota Jambi, its code says Kerinci.
    wd.write(
        "in.csv",
        "kode,region,D1,D2,D3,D4\n15.04,Kab. Batang Hari,2,2,2,2\n15.01,Pemerintah Kota Jambi,3,3,3,3\n,Bandung,1,1,1,1\n",
    );
    let (code, out, err) = run(wd.cmd().args(["score", "in.csv", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "given code 15.01 (Kabupaten Kerinci), but its name reads as Kota Jambi (15.71); the code wins"
        ),
        "{err}"
    );
    let json: Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<&Value> = json["regions"].as_array().unwrap().iter().map(|r| &r["code"]).collect();
    assert_eq!(codes, [&Value::from("15.04"), &Value::from("15.01"), &Value::Null]);
    // A code instead of the name; an unknown code is an error at its cell.
    wd.write("codes.csv", "code,D1,D2,D3,D4\n15.71,3,3,3,3\n");
    let json = json_of(&wd, &["score", "codes.csv"]);
    assert_eq!(json["regions"][0]["code"], "15.71");
    wd.write("bad.csv", "code,region,D1,D2,D3,D4\n15.99,X,3,3,3,3\n");
    let (code, _, err) = run(wd.cmd().args(["score", "bad.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("bad.csv:2:1: `15.99` is not a Kemendagri code"), "{err}");
}

#[test]
fn a_long_file_keeps_kode_as_its_indicator_column() {
    let wd = Workdir::new();
    let mut s = String::from("region,kode,level\n");
    for i in 1..=47 {
        s.push_str(&format!("Kab. Kerinci,{i},3\n"));
    }
    wd.write("long.csv", s);
    let json = json_of(&wd, &["score", "long.csv"]);
    assert_eq!(json["regions"][0]["index"], 3.0);
    assert_eq!(json["regions"][0]["code"], "15.01");
}

#[test]
fn unresolved_pemda_names_are_one_warning() {
    let wd = Workdir::new();
    wd.write(
        "in.csv",
        "region,D1,D2,D3,D4\nKab. Atlantis,2,2,2,2\nKota Lemuria,2,2,2,2\nKementerian Keuangan,2,2,2,2\nKab. Kerinci,2,2,2,2\n",
    );
    let (code, _, err) = run(wd.cmd().args(["score", "in.csv"]));
    assert_eq!(code, 0);
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("not in the Kemendagri registry")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(warnings[0].contains("2 region names are not in the Kemendagri registry"), "{err}");
    assert!(warnings[0].contains("`Kab. Atlantis`, `Kota Lemuria`"), "{err}");
    assert!(!err.contains("Kementerian"), "{err}");
    // Names that have nothing to do with the registry are not worth a word.
    wd.write("plain.csv", "region,D1,D2,D3,D4\nA,2,2,2,2\nB,3,3,3,3\n");
    let (code, _, err) = run(wd.cmd().args(["score", "plain.csv"]));
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn province_that_matches_nothing_is_an_error() {
    let wd = Workdir::new();
    let (code, _, err) = run(wd.cmd().args(["score", &national(), "--province", "Papua Selatan"]));
    assert_eq!(code, 2);
    assert!(err.contains("the inputs hold no region of province Papua Selatan (93)"), "{err}");
    let (code, _, err) = run(wd.cmd().args(["score", &national(), "--province", "Atlantis"]));
    assert_eq!(code, 2);
    assert!(err.contains("`Atlantis` is not a province"), "{err}");
}

/// Needs the npm registry: `cargo test -- --ignored regeneration`.
#[test]
#[ignore]
fn the_regeneration_script_reproduces_the_vendored_files() {
    let out = std::process::Command::new(crate::common::root().join("scripts/update-regions"))
        .arg("--check")
        .output()
        .expect("run scripts/update-regions");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn group_province_checked_by_hand() {
    // An index with every domain at v is v (the weights add up to 100). Kab. Bungo:
    // (13·3.5 + 25·3.5 + 16.5·2 + 45.5·3) / 100 = (45.5 + 87.5 + 33 + 136.5) / 100 = 3.025.
    // Jambi 3.0: Kerinci 2, Kota Jambi 4, Bungo 3.025 → mean (2 + 4 + 3.025) / 3 = 3.008333…,
    //   median 3.025, min 2, max 4; above: Kota Jambi, Bungo; below: Kerinci.
    // NTB 3.5: Mataram 2.5, Lombok Barat 1.5 → mean = median = 2, both below.
    // Jawa Barat: Kab. Bandung only, no own index, no rank. Kementerian Keuangan is left out.
    let wd = Workdir::new();
    let json =
        json_of(&wd, &["compare", &path_str(&data("national/provinces-small.csv")), "--group", "province"]);
    assert_eq!(json["group"], "province");
    assert_eq!(json["left_out"], 1);
    let p = json["provinces"].as_array().unwrap();
    let codes: Vec<&str> = p.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["52", "15", "32"]);
    let close = |v: &Value, x: f64| (v.as_f64().unwrap() - x).abs() < 1e-9;
    let (ntb, jambi, jabar) = (&p[0], &p[1], &p[2]);
    assert_eq!(
        (ntb["rank"].as_u64(), jambi["rank"].as_u64(), jabar["rank"].as_u64()),
        (Some(1), Some(2), None)
    );
    assert!(close(&ntb["index"], 3.5) && close(&jambi["index"], 3.0));
    assert_eq!(ntb["rating"], "Sangat Baik");
    assert_eq!(jambi["rating"], "Baik");
    assert_eq!(jambi["region"], "Pemerintah Provinsi Jambi");
    let r = &jambi["regencies"];
    assert_eq!(r["count"], 3);
    assert!(close(&r["mean"], (2.0 + 4.0 + 3.025) / 3.0));
    assert!(close(&r["median"], 3.025) && close(&r["min"], 2.0) && close(&r["max"], 4.0));
    assert_eq!((jambi["above"].as_u64(), jambi["below"].as_u64()), (Some(2), Some(1)));
    assert!(close(&ntb["regencies"]["mean"], 2.0) && close(&ntb["regencies"]["median"], 2.0));
    assert_eq!((ntb["above"].as_u64(), ntb["below"].as_u64()), (Some(0), Some(2)));
    assert_eq!(jabar["index"], Value::Null);
    assert_eq!(jabar["regencies"]["count"], 1);
    assert_eq!(jabar["above"], Value::Null);
    // The table: codes only with --codes.
    let (code, out, _) = run(wd.cmd().args([
        "compare",
        &path_str(&data("national/provinces-small.csv")),
        "--group",
        "province",
        "-f",
        "csv",
        "--precision",
        "2",
    ]));
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().next().unwrap(),
        "rank,province,code,region,index,rating,kabupaten/kota,mean,median,min,max,above,below"
    );
    assert_eq!(
        out.lines().nth(2).unwrap(),
        "2,Jambi,15,Pemerintah Provinsi Jambi,3.00,Baik,3,3.01,3.02,2.00,4.00,2,1"
    );
    let (_, table, _) = run(wd.cmd().args([
        "compare",
        &path_str(&data("national/provinces-small.csv")),
        "--group",
        "province",
    ]));
    assert!(!table.contains("code"), "{table}");
    let (_, table, _) = run(wd.cmd().args([
        "compare",
        &path_str(&data("national/provinces-small.csv")),
        "--group",
        "province",
        "--codes",
    ]));
    assert!(table.contains("code") && table.contains("┆ 52   ┆"), "{table}");
}

#[test]
fn province_works_on_every_command_that_scores() {
    let wd = Workdir::new();
    let small = path_str(&data("national/provinces-small.csv"));
    // sensitivity: the regions of NTB only.
    let json = json_of(&wd, &["sensitivity", &small, "--province", "NTB", "--draws", "10"]);
    let text = json.to_string();
    assert!(text.contains("Pemerintah Kota Mataram") && !text.contains("Kerinci"), "{text}");
    // chart and report: the province is the baseline, its regencies the rest.
    let (code, svg, err) = run(wd.cmd().args(["chart", "bar", &small, "--province", "Jambi"]));
    assert_eq!(code, 0, "{err}");
    assert!(svg.contains("Pemerintah Kab. Bungo") && !svg.contains("Mataram"), "{svg}");
    let (code, html, err) = run(wd.cmd().args(["report", &small, "--province", "15"]));
    assert_eq!(code, 0, "{err}");
    assert!(html.contains("Pemerintah Kota Jambi") && !html.contains("Lombok"));
    // plan needs indicator levels: a long file of two Jambi regions and one of Bali.
    let mut long = String::from("region,indicator,level\n");
    for r in ["Kab. Kerinci", "Kota Jambi", "Kota Denpasar"] {
        for i in 1..=47 {
            long.push_str(&format!("{r},{i},2\n"));
        }
    }
    wd.write("long.csv", long);
    let json = json_of(&wd, &["plan", "long.csv", "--province", "Jambi", "--target", "Baik"]);
    let text = json.to_string();
    assert!(
        text.contains("Kab. Kerinci") && text.contains("Kota Jambi") && !text.contains("Denpasar"),
        "{text}"
    );
}

#[test]
fn the_report_has_the_provinces_section_for_a_national_table_only() {
    let wd = Workdir::new();
    let (code, html, err) = run(wd.cmd().args(["report", &path_str(&data("national/provinces-small.csv"))]));
    assert_eq!(code, 0, "{err}");
    let doc = scraper::Html::parse_document(&html);
    let rows = scraper::Selector::parse("section#provinces tbody tr").unwrap();
    let cells = scraper::Selector::parse("td").unwrap();
    let rows: Vec<Vec<String>> =
        doc.select(&rows).map(|r| r.select(&cells).map(|c| c.text().collect::<String>()).collect()).collect();
    // As `compare --group province` (hand-checked above): NTB, Jambi, Jawa Barat.
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1], ["2", "Jambi", "3.00", "Baik", "3", "3.01", "3.02", "2.00", "4.00", "2", "1"]);
    assert_eq!(rows[2][..5], ["", "Jawa Barat", "", "", "1"]);
    // One province: no such section.
    let (_, html, _) = run(wd.cmd().args(["report", &path_str(&crate::common::example("jambi/mandiri"))]));
    assert!(!html.contains("id=\"provinces\""));
}

#[test]
fn resolve_reads_the_names_of_a_table_that_does_not_score() {
    let wd = Workdir::new();
    wd.write(
        "names.csv",
        "instansi,kode\nPemerintah Kab. OKU Timur,\nPemerintah Kab. Tambraw,\nKab. Entah,\nX,15.01\nKementerian Keuangan,\n",
    );
    let (code, out, err) = run(wd.cmd().args(["regions", "resolve", "names.csv", "-f", "csv"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("names taken from their region column"), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    assert!(
        lines[1].starts_with(
            "Pemerintah Kab. OKU Timur,16.08,Kabupaten Ogan Komering Ulu Timur,Sumatera Selatan,resolved"
        ),
        "{out}"
    );
    assert!(
        lines[2].starts_with("Pemerintah Kab. Tambraw,96.04,Kabupaten Tambrauw,Papua Barat Daya,near"),
        "{out}"
    );
    assert!(lines[3].starts_with("Kab. Entah,,,,unresolved"), "{out}");
    assert!(lines[4].starts_with("X,15.01,Kabupaten Kerinci,Jambi,code-column"), "{out}");
    assert!(lines[5].starts_with("Kementerian Keuangan,,,,central"), "{out}");
}

#[test]
fn resolve_passes_over_the_summary_rows_of_a_table_that_does_not_score() {
    // A published table's foot (`Rata-rata`, `Jumlah`) names no region: the readers pass such
    // rows over with a warning, and so does the names-only fallback, rather than failing on
    // them as unresolved.
    let wd = Workdir::new();
    wd.write("names.csv", "instansi,indeks\nKota Jambi,3.1\nRata-rata,2.9\nKab. Kerinci,2.4\nJumlah,5.5\n");
    let (code, out, err) =
        run(wd.cmd().args(["regions", "resolve", "names.csv", "-f", "csv", "--lang", "en"]));
    assert_eq!(code, 0, "{err}");
    let names: Vec<&str> = out.lines().skip(1).map(|l| l.split(',').next().unwrap_or("")).collect();
    assert_eq!(names, ["Kota Jambi", "Kab. Kerinci"], "{out}");
    // One warning for the file, at the first summary row's cell, counting both.
    assert!(err.contains("names.csv:3:1:"), "{err}");
    assert!(err.contains("Rata-rata") && err.contains("Jumlah"), "{err}");
}
