//! `--lang id|en` and the default from `LC_ALL`/`LANG`: labels, messages and decimal commas.

use crate::common::{long_csv, run, Workdir};

/// Two regions with every indicator at one level: each domain and the index equal that level.
fn two_regions(wd: &Workdir) {
    let mut csv = long_csv("Kab. A", |_| 3);
    csv += &long_csv("Kab. B", |i| if i <= 10 { 5 } else { 2 }).replacen("region,indicator,level\n", "", 1);
    wd.write("dua.csv", csv);
}

#[test]
fn score_in_indonesian() {
    let wd = Workdir::new();
    two_regions(&wd);
    // Kab. B: D1 (indicators 1–10) = 5, the rest 2; index = (5×13 + 2×(25 + 16.5 + 45.5)) / 100
    // = (65 + 174) / 100 = 2.39 → "2,39" with a decimal comma, Cukup (1.8 ≤ 2.39 < 2.6).
    let (code, out, err) = run(wd.cmd().args(["--lang", "id", "score", "dua.csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2,39"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn score_markdown_in_indonesian() {
    let wd = Workdir::new();
    two_regions(&wd);
    let (code, out, err) =
        run(wd.cmd().args(["--lang", "id", "score", "dua.csv", "-f", "markdown", "--detail", "aspect"]));
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn csv_and_json_keep_the_decimal_point() {
    let wd = Workdir::new();
    two_regions(&wd);
    let (_, csv, _) = run(wd.cmd().args(["--lang", "id", "score", "dua.csv", "-f", "csv"]));
    assert_eq!(csv.lines().next(), Some("wilayah,indeks,predikat,D1,D2,D3,D4"));
    assert!(csv.contains("Kab. B,2.39,Cukup,5,2,2,2"), "{csv}");
    let (_, json, _) = run(wd.cmd().args(["--lang", "id", "score", "dua.csv", "-f", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert!((v["regions"][1]["index"].as_f64().unwrap() - 2.39).abs() < 1e-12);
}

#[test]
fn language_comes_from_the_environment() {
    let wd = Workdir::new();
    two_regions(&wd);
    let header = |out: &str| out.lines().nth(2).unwrap_or_default().to_string();
    let (_, out, _) = run(wd.cmd().env("LANG", "id_ID.UTF-8").args(["score", "dua.csv"]));
    assert!(header(&out).contains("wilayah") && out.contains("2,39"), "{out}");
    // LC_ALL wins over LANG.
    let (_, out, _) =
        run(wd.cmd().env("LANG", "id_ID.UTF-8").env("LC_ALL", "en_US.UTF-8").args(["score", "dua.csv"]));
    assert!(header(&out).contains("region") && out.contains("2.39"), "{out}");
    // --lang wins over both.
    let (_, out, _) = run(wd.cmd().env("LC_ALL", "id_ID.UTF-8").args(["--lang", "en", "score", "dua.csv"]));
    assert!(header(&out).contains("region"), "{out}");
    let (_, out, _) = run(wd.cmd().args(["score", "dua.csv"]));
    assert!(header(&out).contains("region"), "{out}");
}

#[test]
fn messages_in_indonesian() {
    let wd = Workdir::new();
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "score", "tidak-ada.csv"]));
    assert_eq!(code, 2);
    assert_eq!(err.trim(), "galat: tidak-ada.csv: berkas atau folder tidak ada");

    wd.write("sebagian.csv", "region,indicator,level\nKab. A,1,3\n");
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "score", "sebagian.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("Kab. A: 46 indikator belum diisi (2–47); isi"), "{err}");
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "score", "sebagian.csv", "--allow-missing"]));
    assert_eq!(code, 0);
    assert!(err.contains("peringatan: Kab. A: tidak lengkap, dinilai atas yang diisi"), "{err}");

    two_regions(&wd);
    wd.write("out.txt", "");
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "score", "dua.csv", "-o", "out.txt"]));
    assert_eq!(code, 2);
    assert!(err.contains("out.txt: sudah ada; tambahkan --force untuk menggantinya"), "{err}");

    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "--rubric", "pemdi-2026", "rubric", "show"]));
    assert_eq!(code, 0);
    assert!(err.contains("peringatan: rubrik pemdi-2026 bersifat sementara"), "{err}");
}

#[test]
fn template_and_rubric_in_indonesian() {
    let wd = Workdir::new();
    let (_, out, _) = run(wd.cmd().args(["--lang", "id", "template"]));
    assert_eq!(
        out.lines().next(),
        Some("wilayah,indikator,nama,tingkat,keterangan,catatan,rekomendasi,rubrik")
    );
    // The Indonesian form reads back: fill every level with 4 and score it (index 4.00).
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let mut filled = csv::Writer::from_writer(Vec::new());
    filled.write_record(rows.headers().expect("header")).expect("write");
    for row in rows.records() {
        let row = row.expect("row");
        filled.write_record(["Kab. A", &row[1], &row[2], "4", "", "", "", &row[7]]).expect("write");
    }
    wd.write("isi.csv", filled.into_inner().expect("flush"));
    let (code, out, err) = run(wd.cmd().args(["--lang", "id", "score", "isi.csv", "-f", "csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Kab. A,4,Sangat Baik"), "{out}");

    let (_, out, _) = run(wd.cmd().args(["--lang", "id", "rubric", "list"]));
    assert!(out.contains("judul") && out.contains("resmi") && out.contains("sementara"), "{out}");
    let (_, out, _) = run(wd.cmd().args(["--lang", "id", "rubric", "check", "spbe-2020"]));
    assert_eq!(
        out.trim(),
        "ok: spbe-2020 (Indeks SPBE (PermenPANRB 59/2020)): 4 domain, 8 aspek, 47 indikator, tingkat 1..5, 5 predikat"
    );
}

#[test]
fn report_in_indonesian_uses_decimal_commas() {
    let wd = Workdir::new();
    let html = crate::report::jambi_report(&wd, "id");
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"id\">"));
    // Kota Jambi's 2025 index 4.55, its Δ against Provinsi Jambi (3.23) +1.32.
    assert!(html.contains("<strong>4,55</strong>") && html.contains("+1,32"));
    assert!(html.contains("Disusun 28 November 2025"));
    let svg =
        String::from_utf8(crate::chart::jambi_chart(&wd, "bar", "b.svg", &["--lang", "id"])).expect("UTF-8");
    assert!(svg.contains("Pemerintah Kota Jambi: 4,55 (Memuaskan)"), "decimal comma in the chart");
}

/// Messages made deep in the library are typed where they are made and worded at the edge, in
/// the language of the run: a reader's problems (and how alike ones collapse), the PNG size
/// refusal, the report's sensitivity weighting and a plan's reason for having none.
#[test]
fn deep_messages_in_indonesian() {
    let wd = Workdir::new();
    // A reader's problem: a form of another rubric, read with the one chosen.
    wd.write("lain.csv", "region,indicator,level,rubric\nKab. A,1,3,spbe-2018\n");
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "--rubric", "spbe-2020", "score", "lain.csv"]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "lain.csv:2:4: berkas ini untuk rubrik `spbe-2018`, tetapi dibaca dengan spbe-2020: \
             berikan --rubric spbe-2018 (atau hapus kolom rubrik agar dibaca dengan spbe-2020)"
        ),
        "{err}"
    );

    // Alike problems collapse into one line, with the count in Indonesian; past the cap of 200
    // listed problems a file's rest is counted. 250 levels of 7 (rows 2 to 251): the first, then
    // 199 alike (the 200 listed), then the 50 not listed; 250 in all.
    let mut csv = String::from("region,indicator,level\n");
    for r in 0..250 {
        csv += &format!("Kab. {r},1,7\n");
    }
    wd.write("tujuh.csv", csv);
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "score", "tujuh.csv"]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("tujuh.csv:2:3: level 7 is outside 1..5 (dan 199 lagi yang serupa, di 3:3, 4:3, 5:3, 6:3, 7:3, …)"),
        "{err}"
    );
    assert!(err.contains("\ntujuh.csv: … dan 50 masalah lagi di berkas ini\n250 masalah ditemukan"), "{err}");
    // The same in English.
    let (_, _, err) = run(wd.cmd().args(["score", "tujuh.csv"]));
    assert!(err.contains("(and 199 more like it, at 3:3, 4:3, 5:3, 6:3, 7:3, …)"), "{err}");
    assert!(err.contains("\ntujuh.csv: … and 50 more problems in this file\n250 problems found"), "{err}");

    // A plan's reason: the target above the top of the scale (1..5).
    wd.write("x.csv", long_csv("Kab. X", |_| 2));
    let (code, out, err) = run(wd.cmd().args(["--lang", "id", "plan", "x.csv", "--target", "5.5"]));
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("tidak ada rencana: target 5.5 di atas puncak skala (5): tidak ada rencana yang dapat mencapainya"),
        "{out}"
    );

    // The PNG refusal: the trend charts of 200 regions, in a grid of 67 rows of 3 charts
    // (360 × 230 each) drawn at twice their size, would be a picture of more than 64 million
    // pixels.
    let mut csv = String::from("region,year,D1,D2,D3,D4\n");
    for r in 1..=200 {
        csv += &format!("Kab. {r},2023,3,3,3,3\nKab. {r},2024,4,4,4,4\n");
    }
    wd.write("tren.csv", csv);
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "chart", "trend", "tren.csv", "-o", "tren.png"]));
    assert_eq!(code, 2, "{err}");
    // Wide 3 × 360 + 2 gaps of 12 = 1,104; high 30 (heading) + 67 × 230 + 66 gaps of 12 =
    // 16,232; twice that: 2,208 × 32,464 = 71.7 million pixels.
    assert!(
        err.contains(
            "galat: grafik ini akan menjadi gambar 2208 × 32464 px, melebihi batas PNG di sini \
             (64 juta piksel); gambarlah sebagai SVG, atau dengan lebih sedikit wilayah"
        ),
        "{err}"
    );
    assert!(!wd.path("tren.png").exists());

    // The report's sensitivity weighting: 60 million draws × 2 regions = 120 million results,
    // more than the 100 million held.
    two_regions(&wd);
    let args = ["--lang", "id", "report", "dua.csv", "--sensitivity", "60000000", "-o", "r.html"];
    let (code, _, err) = run(wd.cmd().args(args));
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err.lines().last(),
        Some("galat: 60000000 undian × 2 wilayah = 120000000 hasil, lebih dari 100000000: kurangi undian")
    );
}

/// The edge's and the registry's messages under `--lang id`, and the same in English.
#[test]
fn registry_province_and_flag_messages_in_indonesian() {
    let wd = Workdir::new();
    wd.write(
        "in.csv",
        "region,D1,D2,D3,D4\nKab. Atlantis,2,2,2,2\nKota Lemuria,2,2,2,2\nKab. Kerinci,2,2,2,2\n",
    );
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "score", "in.csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "peringatan: 2 nama wilayah tidak ada di daftar Kemendagri dan tidak diberi kode \
             (`spbe regions resolve` menjelaskan sebabnya): `Kab. Atlantis`, `Kota Lemuria`"
        ),
        "{err}"
    );
    let (_, _, err) = run(wd.cmd().args(["score", "in.csv"]));
    assert!(
        err.contains(
            "warning: 2 region names are not in the Kemendagri registry and get no code \
             (`spbe regions resolve` says why): `Kab. Atlantis`, `Kota Lemuria`"
        ),
        "{err}"
    );

    // --province: a name that is no province, and a province none of the inputs is in.
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "score", "in.csv", "--province", "Atlantis"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("galat: `Atlantis` bukan provinsi: berikan namanya"), "{err}");
    let (_, _, err) = run(wd.cmd().args(["score", "in.csv", "--province", "Atlantis"]));
    assert!(err.contains("error: `Atlantis` is not a province: give its name"), "{err}");
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "score", "in.csv", "--province", "Bali"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("galat: masukan tidak memuat wilayah provinsi Bali (51)"), "{err}");
    let (_, _, err) = run(wd.cmd().args(["score", "in.csv", "--province", "Bali"]));
    assert!(err.contains("error: the inputs hold no region of province Bali (51)"), "{err}");

    // --sheet without a workbook, and --year given neither once nor once per input.
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "score", "in.csv", "--sheet", "Data"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("peringatan: --sheet hanya berlaku untuk masukan buku kerja; tidak ada yang diberikan"),
        "{err}"
    );
    let (_, _, err) = run(wd.cmd().args(["score", "in.csv", "--sheet", "Data"]));
    assert!(err.contains("warning: --sheet applies to workbook inputs only; none was given"), "{err}");
    let args = ["score", "in.csv", "--year", "2023", "--year", "2024"];
    let (code, _, err) = run(wd.cmd().args(["--lang", "id"]).args(args));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "galat: --year diberikan 2 kali untuk 1 masukan: berikan sekali untuk semua masukan, atau sekali per masukan"
        ),
        "{err}"
    );
    let (_, _, err) = run(wd.cmd().args(args));
    assert!(err.contains("error: --year is given 2 times for 1 inputs"), "{err}");
}

/// A stream that cannot be written (`/dev/full`: no space left) is refused in the language of
/// the run; the system's own error stays as the system says it.
#[test]
#[cfg(target_os = "linux")]
fn a_stream_that_cannot_be_written_in_indonesian() {
    let wd = Workdir::new();
    two_regions(&wd);
    let (code, _, err) = run(wd.cmd().args(["--lang", "id", "score", "dua.csv", "-o", "/dev/full"]));
    assert_eq!(code, 2, "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(last.starts_with("galat: /dev/full: tidak dapat menulis: "), "{err}");
    let (code, _, err) = run(wd.cmd().args(["score", "dua.csv", "-o", "/dev/full"]));
    assert_eq!(code, 2, "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(last.starts_with("error: /dev/full: cannot write: "), "{err}");
}

/// The rubric mismatch names `--rubric` from the command line (a hint), in the words it had
/// when the library said it: the same text in both languages, as text and as JSON.
#[test]
fn the_rubric_flag_is_named_at_the_edge() {
    let wd = Workdir::new();
    wd.write("lain.csv", "region,indicator,level,rubric\nKab. A,1,3,spbe-2018\n");
    let (code, _, err) = run(wd.cmd().args(["--rubric", "spbe-2020", "score", "lain.csv"]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "error: lain.csv:2:4: the file is for rubric `spbe-2018`, but it is read with spbe-2020: \
             give --rubric spbe-2018 (or remove the rubric column to read it with spbe-2020)"
        ),
        "{err}"
    );
    let args = ["--rubric", "spbe-2020", "--error-format", "json", "score", "lain.csv"];
    let (code, _, err) = run(wd.cmd().args(args));
    assert_eq!(code, 2, "{err}");
    let line: serde_json::Value = serde_json::from_str(err.lines().next().unwrap_or_default()).unwrap();
    assert_eq!(line["code"], "rubric-mismatch");
    assert_eq!(
        line["message"],
        "the file is for rubric `spbe-2018`, but it is read with spbe-2020: give --rubric spbe-2018 \
         (or remove the rubric column to read it with spbe-2020)"
    );
}

/// Regions scored over part of the rubric: one warning, code `incomplete`, from score, plan
/// (with its note) and diff alike.
#[test]
fn incomplete_regions_are_one_warning_everywhere() {
    let wd = Workdir::new();
    // Kab. A gives indicator 1 only: the rest is missing.
    wd.write("a.csv", "region,indicator,level\nKab. A,1,3\n");
    let codes = |args: &[&str]| -> Vec<(String, String)> {
        let (code, _, err) = run(wd.cmd().args(["--error-format", "json"]).args(args));
        assert_eq!(code, 0, "{args:?}: {err}");
        err.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|v| v["code"] == "incomplete")
            .map(|v| (v["code"].as_str().unwrap().to_string(), v["message"].as_str().unwrap().to_string()))
            .collect()
    };
    let score = codes(&["score", "a.csv", "--allow-missing"]);
    assert_eq!(score.len(), 1, "{score:?}");
    let plan = codes(&["plan", "a.csv", "--allow-missing", "--target", "2"]);
    assert_eq!(plan.len(), 1, "{plan:?}");
    assert_eq!(plan[0].1, format!("{}; those indicators are not planned", score[0].1));
    let diff = codes(&["diff", "a.csv", "a.csv", "--allow-missing"]);
    assert_eq!(diff, [score[0].clone(), score[0].clone()]);
}

#[test]
fn header_problems_in_indonesian() {
    let wd = Workdir::new();
    wd.write("dup.csv", "wilayah,indikator,tingkat,tingkat\nKab. A,1,3,3\n");
    wd.write("same.csv", "region,wilayah,D1\nKab. A,Kab. A,3\n");
    wd.write("x.csv", "region,D1,X9,X10\nKab. A,3,1,1\n");
    wd.write("long.csv", "region,level\nKab. A,3\n");
    wd.write("none.csv", "region\nKab. A\n");
    wd.write("comma.tsv", "region,D1\nKab. A,3\n");
    let cases: [(&str, &[&str]); 6] = [
        ("dup.csv", &["dup.csv:1:4: kolom `tingkat` ganda (juga kolom 3)"]),
        ("same.csv", &["same.csv:1:2: kolom `wilayah` sama artinya dengan kolom 1 (`region`)"]),
        (
            "x.csv",
            &[
                "x.csv:1:3: kolom `X9` tidak dikenal: berkas lebar berisi kolom wilayah dan satu kolom per id simpul rubrik spbe-2020 (D1..D4, A1..A8, 1..47); berkas panjang berisi kolom wilayah, indikator, tingkat\n",
                "x.csv:1:4: kolom `X10` tidak dikenal\n",
            ],
        ),
        (
            "long.csv",
            &["long.csv:1:1: kolom `indikator` (atau `indicator`) tidak ada: berkas panjang memerlukan wilayah, indikator, tingkat"],
        ),
        (
            "none.csv",
            &["none.csv:1:1: tidak ada kolom nilai: diharapkan berkas panjang (wilayah, indikator, tingkat) atau lebar (wilayah, lalu id simpul rubrik spbe-2020: D1..D4, A1..A8, 1..47)"],
        ),
        (
            "comma.tsv",
            &["comma.tsv:1:1: kolom `region,D1` tidak dikenal: berkas lebar berisi", "; header berisi koma tetapi tanpa tab: apakah ini berkas CSV bernama .tsv? Ganti namanya menjadi .csv, atau simpan dengan pemisah tab"],
        ),
    ];
    for (file, want) in cases {
        let (code, _, err) = run(wd.cmd().args(["--lang", "id", "score", file]));
        assert_eq!(code, 2, "{err}");
        for w in want {
            assert!(err.contains(w), "{file}: {w}\n{err}");
        }
        // And in English as before.
        let (_, _, en) = run(wd.cmd().args(["score", file]));
        assert!(!en.contains("kolom"), "{en}");
    }
    let (_, _, err) = run(wd.cmd().args(["score", "long.csv"]));
    assert!(
        err.contains("long.csv:1:1: missing column `indicator` (or `indikator`): a long file needs region, indicator, level"),
        "{err}"
    );
}
