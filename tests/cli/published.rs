//! Published tables: the index printed beside the values is compared with the recomputed one,
//! so that a source error in a national table shows (methodology §4), while the rating stays
//! the recomputed one.

use crate::common::{run, Workdir};

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).expect("JSON output")
}

// spbe-2020 domain weights 13 / 25 / 16.5 / 45.5 (Lampiran B.4).
//
// Banyuasin 2023 (published 1.05): (2.40·13 + 1.70·25 + 1.09·16.5 + 0.30·45.5)/100 = 1.05335,
// 0.00335 off: rounding, no warning (only D4's below-scale one).
//
// Contoh 2024 (made up, shaped like the national table's source error: a Layanan printed 0.6
// where the published 4.43 implies 4.6): with D4 = 4.6 the index would be
// (4.30·13 + 4.40·25 + 4.10·16.5 + 4.6·45.5)/100 = (55.9 + 110 + 67.65 + 209.3)/100 = 4.4285;
// as printed, (55.9 + 110 + 67.65 + 27.3)/100 = 2.6085, Baik (2.6 ≤ x < 3.5), 1.8215 below 4.43.
const TABLE: &str = "\
year,instansi,D1,D2,D3,D4,indeks,predikat
2023,Pemerintah Kab. Banyuasin,2.40,1.70,1.09,0.30,1.05,Kurang
2024,Pemerintah Kab. Contoh,4.30,4.40,4.10,0.6,4.43,Memuaskan
2024,Pemerintah Kab. Lain,3.00,3.00,3.00,3.00,-,Baik
";

#[test]
fn a_published_index_the_values_do_not_reproduce_is_named_at_its_cell() {
    let wd = Workdir::new();
    wd.write("nasional.csv", TABLE);
    let (code, out, err) = run(wd.cmd().args(["score", "nasional.csv", "-f", "json"]));
    assert_eq!(code, 0, "{err}");
    let published: Vec<&str> = err.lines().filter(|l| l.contains("published index")).collect();
    assert_eq!(
        published,
        [
            // Reading's warnings come first, then scoring's.
            "warning: nasional.csv:4:7: published index `-` is not a number; it is not compared with the recomputed index",
            "warning: nasional.csv:3:7: Pemerintah Kab. Contoh (2024): published index 4.43 but the values given score 2.6085 (Baik, -1.8215); a source error in the table, or values of another rubric than spbe-2020",
        ],
        "{err}"
    );
    let v = json(&out);
    let regions = v["regions"].as_array().unwrap();
    assert!((regions[0]["index"].as_f64().unwrap() - 1.05335).abs() < 1e-9);
    assert_eq!(regions[0]["published_index"], 1.05);
    // The rating is the recomputed one: a calculator scores what it is given.
    assert!((regions[1]["index"].as_f64().unwrap() - 2.6085).abs() < 1e-9);
    assert_eq!(regions[1]["rating"], "Baik");
    assert_eq!(regions[1]["published_index"], 4.43);
    assert!(regions[2].get("published_index").is_none(), "{}", regions[2]);
}

#[test]
fn the_comparison_holds_for_every_format_and_for_compare() {
    let wd = Workdir::new();
    wd.write("nasional.csv", TABLE);
    for args in [
        vec!["score", "nasional.csv", "-f", "csv"],
        vec!["score", "nasional.csv"],
        vec!["compare", "nasional.csv"],
    ] {
        let (code, _, err) = run(wd.cmd().args(&args));
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(
            err.lines().filter(|l| l.contains("published index 4.43 but")).count(),
            1,
            "{args:?}: {err}"
        );
    }
    // --strict makes it an error, like every warning; a row that reproduces passes.
    wd.write("one.csv", "instansi,D1,D2,D3,D4,indeks\nKab. Kerinci,4.30,4.40,4.10,0.6,4.43\n");
    let (code, _, err) = run(wd.cmd().args(["--strict", "score", "one.csv"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("published index 4.43"), "{err}");
    wd.write("ok.csv", "instansi,D1,D2,D3,D4,indeks\nKab. Kerinci,4.30,4.40,4.10,4.6,4.43\n");
    let (code, _, err) = run(wd.cmd().args(["--strict", "score", "ok.csv"]));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn decimal_commas_and_indonesian_headings_are_read() {
    let wd = Workdir::new();
    // 2.6085 again, published as 4,43 under `Indeks SPBE` in a semicolon file.
    wd.write(
        "tabel.csv",
        "tahun;instansi;D1;D2;D3;D4;Indeks SPBE\n2024;Kab. Contoh;4,30;4,40;4,10;0,6;4,43\n",
    );
    let (code, _, err) = run(wd.cmd().args(["score", "tabel.csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "tabel.csv:2:7: Kab. Contoh (2024): published index 4.43 but the values given score 2.6085"
        ),
        "{err}"
    );
}
