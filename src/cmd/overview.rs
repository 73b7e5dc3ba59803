//! The tables and JSON of the national overview (`compare --group province`).

use serde::Serialize;

use crate::compare::Stats;
use crate::i18n::Lang;
use crate::output::{Cell, Document, Table};
use crate::overview::Overview;
use crate::rubric::Rubric;
use crate::score::RegionScore;

/// The overview of `scores` (one year) as a report: one row per province.
pub fn province_report<'a>(
    rubric: &'a Rubric,
    scores: &'a [RegionScore],
    o: &'a Overview,
    year: Option<i32>,
    lang: Lang,
) -> Document<'a> {
    let headers = [
        ("rank", "peringkat"),
        ("province", "provinsi"),
        ("code", "kode"),
        ("region", "wilayah"),
        ("index", "indeks"),
        ("rating", "predikat"),
        ("kabupaten/kota", "kabupaten/kota"),
        ("mean", "rata-rata"),
        ("median", "median"),
        ("min", "min"),
        ("max", "maks"),
        ("above", "di atas"),
        ("below", "di bawah"),
    ];
    let mut title = format!(
        "{} ({}){}: {}",
        rubric.index_name,
        rubric.id,
        year.map_or(String::new(), |y| format!(" {y}")),
        lang.t("provinces and their kabupaten/kota", "provinsi dan kabupaten/kotanya")
    );
    if o.left_out > 0 {
        title.push_str(&match lang {
            Lang::En if o.left_out == 1 => " (1 region without a province left out)".to_string(),
            Lang::En => format!(" ({} regions without a province left out)", o.left_out),
            Lang::Id => format!(" ({} wilayah tanpa provinsi tidak disertakan)", o.left_out),
        });
    }
    let mut table = Table::new(headers.iter().map(|h| lang.t(h.0, h.1).to_string()).collect())
        .titled(title)
        .sheet(lang.t("Provinces", "Provinsi"));
    let count = |n: Option<usize>| n.map_or(Cell::text(""), |n| Cell::Int(n as i64));
    let mut json = Vec::with_capacity(o.rows.len());
    for r in &o.rows {
        let own = r.own.map(|i| &scores[i]);
        let mut row = vec![
            count(r.rank),
            Cell::text(&r.province.name),
            Cell::Code(r.province.code.clone()),
            Cell::text(own.map_or("", |s| s.region())),
            Cell::Num(own.map(|s| s.index)),
            own.map_or(Cell::text(""), |s| Cell::Rating(s.rating(rubric).to_string(), s.band)),
            Cell::Int(r.regencies.count as i64),
        ];
        row.extend([r.regencies.mean, r.regencies.median, r.regencies.min, r.regencies.max].map(Cell::Num));
        row.extend([count(r.above), count(r.below)]);
        table.rows.push(row);
        json.push(ProvinceJson {
            code: &r.province.code,
            province: &r.province.name,
            region: own.map(|s| s.region()),
            index: own.map(|s| s.index),
            rating: own.map(|s| s.rating(rubric)),
            rank: r.rank,
            regencies: &r.regencies,
            above: r.above,
            below: r.below,
        });
    }
    let doc = OverviewJson {
        rubric: crate::view::RubricInfo::new(rubric),
        group: "province",
        year,
        provinces: json,
        left_out: o.left_out,
    };
    Document::new(vec![table], 0, doc)
}

/// `{"rubric", "group": "province", "year", "provinces": [{"code", "province", "region",
/// "index", "rating", "rank", "regencies": {"count", "mean", "median", "min", "max"}, "above",
/// "below"}], "left_out"}`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct OverviewJson<'a> {
    rubric: crate::view::RubricInfo<'a>,
    group: &'static str,
    year: Option<i32>,
    provinces: Vec<ProvinceJson<'a>>,
    /// Regions without a province (central instansi, names not in the registry).
    left_out: usize,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct ProvinceJson<'a> {
    code: &'a str,
    province: &'a str,
    /// The province's own assessment: its name as the input spells it, index and rating.
    region: Option<&'a str>,
    index: Option<f64>,
    rating: Option<&'a str>,
    rank: Option<usize>,
    regencies: &'a Stats,
    above: Option<usize>,
    below: Option<usize>,
}
