//! Rubrics: what is scored and how (level scale, rating bands, the weighted tree of
//! domains → aspects → indicators). See `docs/rubric-format.md`.

mod embedded;
mod load;

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;

use crate::i18n::Lang;
use crate::problem::{code, Problem, Problems};

pub use embedded::{embedded, EmbeddedRubric, DEFAULT_RUBRIC, EMBEDDED};
pub use load::{parse, parse_bytes, MAX_RUBRIC_BYTES};

/// The layer a node sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The top layer (the domains of Indeks SPBE); Pemdi has none.
    Domain,
    /// A group of indicators, under a domain where the rubric has domains.
    Aspect,
    /// A leaf: the level an assessment gives.
    Indicator,
}

impl Kind {
    /// The kind's name in machine formats and English messages (`domain`, `aspect`,
    /// `indicator`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Domain => "domain",
            Kind::Aspect => "aspect",
            Kind::Indicator => "indicator",
        }
    }

    /// The kind's name for people, in `lang`.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Kind::Domain => lang.t("domain", "domain"),
            Kind::Aspect => lang.t("aspect", "aspek"),
            Kind::Indicator => lang.t("indicator", "indikator"),
        }
    }
}

/// Node ids for messages and cells, in the rubric's order (domains, aspects, then indicators),
/// each once, with runs of three or more neighbours of one kind folded across the edges of
/// their parents: `D1–D4`, `1–3, 5–47`, `9, 10`.
pub fn id_runs(rubric: &Rubric, nodes: &[usize]) -> String {
    let mut parts = Vec::new();
    for kind in [Kind::Domain, Kind::Aspect, Kind::Indicator] {
        let all: Vec<usize> = rubric.of_kind(kind).collect();
        let mut pos: Vec<usize> = nodes.iter().filter_map(|n| all.iter().position(|a| a == n)).collect();
        pos.sort_unstable();
        pos.dedup();
        let mut i = 0;
        while i < pos.len() {
            let mut j = i;
            while j + 1 < pos.len() && pos[j + 1] == pos[j] + 1 {
                j += 1;
            }
            if j >= i + 2 {
                parts.push(format!("{}–{}", rubric.node(all[pos[i]]).id, rubric.node(all[pos[j]]).id));
            } else {
                parts.extend((i..=j).map(|k| rubric.node(all[pos[k]]).id.clone()));
            }
            i = j + 1;
        }
    }
    parts.join(", ")
}

/// Whether a rubric's numbers are settled.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(tag = "status", content = "reason", rename_all = "lowercase")]
pub enum Status {
    /// Weights and bands as the regulation publishes them.
    Official,
    /// Not settled (the reason): the scores are shown with a warning.
    Provisional(String),
}

/// The range of levels an indicator can take: the regulated scale `min..=max`, and a `floor`
/// below it down to which published values still score (with a warning).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Scale {
    /// The lowest regulated level (1; 0 in spbe-2018).
    pub min: f64,
    /// The highest regulated level (5 in every embedded rubric).
    pub max: f64,
    /// Indicator levels must be whole numbers; `false` is a continuous scale (decimals).
    pub integer: bool,
    /// The lowest value accepted (`min` when the rubric declares no floor).
    pub floor: f64,
}

impl Scale {
    /// Within the regulated scale.
    pub fn contains(&self, v: f64) -> bool {
        v >= self.min && v <= self.max
    }

    /// Within `floor..=max`: a value that scores.
    pub fn accepts(&self, v: f64) -> bool {
        v >= self.floor && v <= self.max
    }

    /// Below the regulated scale (but perhaps still accepted).
    pub fn below(&self, v: f64) -> bool {
        v < self.min - RATING_SLACK
    }

    /// The whole level a value belongs to on this scale: itself on a whole scale, its integer
    /// part on a continuous one (1.26 → 1); `None` off the regulated scale or, on a whole
    /// scale, for a fraction.
    pub fn whole_level(&self, v: f64) -> Option<f64> {
        if !self.contains(v) {
            return None;
        }
        match (self.integer, v.fract() == 0.0) {
            (_, true) => Some(v),
            (true, false) => None,
            (false, false) => Some(v.floor()),
        }
    }

    /// Number of whole levels from min to max.
    pub fn steps(&self) -> usize {
        (self.max - self.min).round() as usize + 1
    }
}

/// A rating band (predikat): a score gets the band with the greatest `min` not above it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Band {
    /// The rating's official name (`Sangat Baik`), never translated.
    pub name: String,
    /// The lowest index that gets it.
    pub min: f64,
}

/// One node of the tree.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Node {
    /// The official id (`D1`, `A3`, `47`), as the rubric spells it.
    pub id: String,
    /// The official name.
    pub name: String,
    /// Its layer.
    pub kind: Kind,
    /// Its weight: for a group, the sum of its children's.
    pub weight: f64,
    /// The group it belongs to (an index into `Rubric::nodes`); `None` at the top.
    #[serde(skip)]
    pub parent: Option<usize>,
    /// Its parts, in the file's order; empty for an indicator.
    #[serde(skip)]
    pub children: Vec<usize>,
    /// Names of the levels from `scale.min` up, where the rubric gives them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level_names: Option<Vec<String>>,
    /// Criteria text per level from `scale.min` up, where the rubric gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criteria: Option<Vec<String>>,
    /// Indicators scored from another agency's index (Pemdi I5, I6, I7, I18): a blank one
    /// scores `scale.min` and is marked pending, as the assessors do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external: Option<Source>,
    /// Another agency's index this indicator draws on, while still scored from the instansi's
    /// own evidence (Pemdi I10, I12 and IKASANDI): recorded, never filled in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draws_on: Option<Source>,
}

/// Another national index an indicator is fed by.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Source {
    /// The index, e.g. "Indeks Satu Data Indonesia (SDI)".
    pub index: String,
    /// The agency that publishes it, e.g. "Bappenas".
    pub agency: String,
    /// How a value of the other index converts to a level, where the rubric gives it:
    /// ascending steps, a source value from `min` (inclusive) up to the next step's `min`
    /// gives `level`. No official table is known in full, so none ships.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conversion: Vec<ConversionStep>,
}

/// One step of a [`Source`]'s conversion table.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct ConversionStep {
    /// The lowest value of the source index this step covers.
    pub min: f64,
    /// The level such a value gives.
    pub level: f64,
}

impl Source {
    /// The level a value of the source index converts to, by the rubric's table.
    pub fn convert(&self, value: f64) -> Option<f64> {
        self.conversion.iter().rev().find(|s| value >= s.min).map(|s| s.level)
    }

    /// "Indeks Satu Data Indonesia (SDI), Bappenas".
    pub fn label(&self) -> String {
        format!("{}, {}", self.index, self.agency)
    }
}

/// A loaded, checked rubric. Nodes are stored in pre-order (a parent before its children,
/// siblings in the file's order), so a reverse walk visits children before their parent.
#[derive(Debug, Clone)]
pub struct Rubric {
    /// The short id `--rubric` takes (`spbe-2020`).
    pub id: String,
    /// The full title (`Indeks SPBE (PermenPANRB 59/2020)`).
    pub title: String,
    /// The index it computes (`Indeks SPBE`), for table titles.
    pub index_name: String,
    /// The regulation it implements, in full (`Peraturan Menteri … Nomor 59 Tahun 2020 …`).
    pub legal_basis: String,
    /// Where its numbers come from (`Lampiran PermenPANRB 59/2020, Tabel 7, 8, 9, 13 …`).
    pub source: String,
    /// Whether its numbers are settled.
    pub status: Status,
    /// The levels an indicator takes.
    pub scale: Scale,
    /// The rating bands (predikat), ascending by `min`.
    pub bands: Vec<Band>,
    /// Every domain, aspect and indicator, in pre-order.
    pub nodes: Vec<Node>,
    /// Top-level nodes (domains, or aspects when the rubric has no domains).
    pub roots: Vec<usize>,
    /// Indicators in pre-order.
    pub indicators: Vec<usize>,
    lookup: HashMap<String, usize>,
    /// One past the last descendant of each node.
    ends: Vec<usize>,
    /// Remarks from loading (a rubric that loads with warnings is still used).
    pub warnings: Vec<crate::problem::Problem>,
    /// Why the level names are not settled, where the rubric says so (Pemdi: sources conflict).
    pub levels_unverified: Option<String>,
}

/// How far below a band's lower bound a score may be and still count as reaching it, to
/// absorb floating-point rounding (see [`Rubric::rating_index`]).
pub const RATING_SLACK: f64 = 1e-9;

/// True when `score` reaches the lower bound `min`, within [`RATING_SLACK`] (ratings and
/// `--fail-below` decide alike).
pub fn reaches(score: f64, min: f64) -> bool {
    score + RATING_SLACK >= min
}

/// Canonical form of a node id for matching input: trimmed, upper-case, and for numbers without
/// leading zeros, so `07`, `7` and ` 7 ` all name indicator 7 and `d1` names `D1`.
pub fn normalize_id(id: &str) -> String {
    let id = id.trim();
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
        let stripped = id.trim_start_matches('0');
        return if stripped.is_empty() { "0".to_string() } else { stripped.to_string() };
    }
    id.to_uppercase()
}

impl Rubric {
    /// Load a rubric by embedded id or from a path.
    pub fn resolve(spec: &str) -> Result<Rubric> {
        if let Some(e) = embedded(spec) {
            return e.load();
        }
        let path = Path::new(spec);
        if !path.exists() {
            let ids: Vec<&str> = EMBEDDED.iter().map(|e| e.id).collect();
            let looks_like_path = spec.ends_with(".toml") || spec.contains('/') || spec.contains('\\');
            let p = if looks_like_path {
                Problem::file(spec, code::UNKNOWN_RUBRIC, "no such rubric file")
            } else {
                Problem::general(
                    code::UNKNOWN_RUBRIC,
                    format!(
                        "unknown rubric `{spec}`: give one of {} or a path to a .toml file",
                        ids.join(", ")
                    ),
                )
            };
            return Err(Problems(vec![p]).into());
        }
        Rubric::from_path(path)
    }

    /// Load a rubric file (at most [`MAX_RUBRIC_BYTES`], UTF-8 with or without a byte-order mark).
    pub fn from_path(path: &Path) -> Result<Rubric> {
        let name = path.display().to_string();
        let unreadable = |e: std::io::Error| -> anyhow::Error {
            Problems(vec![Problem::file(&name, code::UNREADABLE, format!("cannot read rubric: {e}"))]).into()
        };
        let file = std::fs::File::open(path).map_err(unreadable)?;
        // Read one byte past the limit, so a larger file is refused without reading it all.
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_RUBRIC_BYTES as u64 + 1), &mut bytes)
            .map_err(unreadable)?;
        if bytes.len() > MAX_RUBRIC_BYTES {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(bytes.len() as u64);
            return Err(Problems(vec![Problem::file(
                &name,
                code::RUBRIC_TOO_LARGE,
                format!(
                    "the rubric is {size} bytes; at most {} MiB is read (the official rubrics are under 100 KiB)",
                    MAX_RUBRIC_BYTES / (1024 * 1024)
                ),
            )])
            .into());
        }
        Ok(parse_bytes(&bytes, &name)?)
    }

    /// The node at index `i` of [`Rubric::nodes`].
    pub fn node(&self, i: usize) -> &Node {
        &self.nodes[i]
    }

    /// Index of the node with this id (matched as `normalize_id` does).
    pub fn find(&self, id: &str) -> Option<usize> {
        self.lookup.get(&normalize_id(id)).copied()
    }

    /// Whether the tree has a domain layer (Indeks SPBE does, Pemdi does not).
    pub fn has_domains(&self) -> bool {
        self.nodes.iter().any(|n| n.kind == Kind::Domain)
    }

    /// Nodes of one kind, in order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = usize> + '_ {
        self.nodes.iter().enumerate().filter(move |(_, n)| n.kind == kind).map(|(i, _)| i)
    }

    /// The proper descendants of a node (contiguous, as nodes are in pre-order).
    pub fn descendants(&self, node: usize) -> std::ops::Range<usize> {
        node + 1..self.ends[node]
    }

    /// True when `a` is a proper ancestor of `b`.
    pub fn is_ancestor(&self, a: usize, b: usize) -> bool {
        let mut p = self.nodes[b].parent;
        while let Some(i) = p {
            if i == a {
                return true;
            }
            p = self.nodes[i].parent;
        }
        false
    }

    /// Indicators below (or equal to) a node.
    pub fn leaves_under(&self, node: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if self.nodes[n].children.is_empty() {
                out.push(n);
            } else {
                stack.extend(self.nodes[n].children.iter().rev());
            }
        }
        out
    }

    /// The band a score falls in, decided on the unrounded score.
    pub fn rating(&self, score: f64) -> &Band {
        &self.bands[self.rating_index(score)]
    }

    /// Index into `bands` of the band a score falls in. Floating-point noise is not allowed
    /// to move a score across a bound: Σ(3.7 × 13 + …)/100 may come out a few ulps below an
    /// exact bound such as 1.8. Real indices are multiples of 1e-6 or coarser (two-decimal
    /// weights and values), so a slack of [`RATING_SLACK`] cannot change a genuine rating:
    /// 1.7999 stays Kurang, 1.7985 (Kab. Nias Barat, 2024) stays Kurang.
    pub fn rating_index(&self, score: f64) -> usize {
        self.bands.iter().rposition(|b| reaches(score, b.min)).unwrap_or(0)
    }

    /// The band a user names (`--target`, `--fail-below`): its name in any case, with spaces,
    /// `-` or `_` between the words (`"Sangat Baik"`, `sangat-baik`).
    pub fn band_by_name(&self, name: &str) -> Option<usize> {
        fn key(s: &str) -> String {
            s.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
                .filter(|p| !p.is_empty())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" ")
        }
        let want = key(name);
        self.bands.iter().position(|b| key(&b.name) == want)
    }

    /// The name of the level of a node's value, where the rubric names its levels: on a
    /// continuous scale a decimal value has its whole level's name (1.26 → level 1's).
    pub fn level_name(&self, node: usize, level: f64) -> Option<&str> {
        let names = self.nodes[node].level_names.as_ref()?;
        let whole = self.scale.whole_level(level)?;
        names.get((whole - self.scale.min) as usize).map(String::as_str)
    }

    /// The criteria an assessor checks for a node's level, where the rubric gives them: on a
    /// continuous scale a decimal value has its whole level's (as [`Rubric::level_name`]).
    pub fn criteria(&self, node: usize, level: f64) -> Option<&str> {
        let c = self.nodes[node].criteria.as_ref()?;
        let whole = self.scale.whole_level(level)?;
        c.get((whole - self.scale.min) as usize).map(String::as_str)
    }

    /// True when an index lies below the lowest band's bound (a Pemdi simulation under 1.00):
    /// it gets the lowest band's name, flagged, as no source gives it a rating.
    pub fn below_bands(&self, index: f64) -> bool {
        self.bands.first().is_some_and(|b| !reaches(index, b.min))
    }

    /// The rating of an index as people read it (in `lang`): the band's name, flagged when
    /// the index is below the official scale.
    pub fn rating_label(&self, index: f64, lang: Lang) -> String {
        flagged_rating(&self.rating(index).name, self.below_bands(index), lang)
    }

    /// The indicators fed by another agency's index.
    pub fn external_indicators(&self) -> impl Iterator<Item = usize> + '_ {
        self.indicators.iter().copied().filter(|&i| self.nodes[i].external.is_some())
    }

    /// The headline columns of a score table: domains, or aspects where there are none.
    pub fn headline_nodes(&self) -> Vec<usize> {
        self.roots.clone()
    }

    /// A one-line warning for provisional rubrics, in `lang`.
    pub fn provisional_warning(&self, lang: Lang) -> Option<String> {
        match &self.status {
            Status::Official => None,
            Status::Provisional(reason) => Some(match lang {
                Lang::En => format!("rubric {} is provisional: {reason}", self.id),
                Lang::Id => format!("rubrik {} bersifat sementara: {reason}", self.id),
            }),
        }
    }
}

/// A rating's name as people read it (in `lang`), flagged when the index lies below the
/// official scale ([`Rubric::below_bands`]).
pub fn flagged_rating(name: &str, below_bands: bool, lang: Lang) -> String {
    match below_bands {
        true => format!("{name} ({})", lang.t("below the official scale", "di bawah skala resmi")),
        false => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spbe2020() -> Rubric {
        embedded("spbe-2020").unwrap().load().unwrap()
    }

    #[test]
    fn embedded_rubrics_load_and_match_the_reference_counts() {
        let counts = [("spbe-2020", 4, 8, 47), ("spbe-2018", 3, 7, 35), ("pemdi-2026", 0, 7, 20)];
        for (id, d, a, i) in counts {
            let r = embedded(id).unwrap().load().unwrap();
            assert_eq!(r.of_kind(Kind::Domain).count(), d, "{id} domains");
            assert_eq!(r.of_kind(Kind::Aspect).count(), a, "{id} aspects");
            assert_eq!(r.indicators.len(), i, "{id} indicators");
            let top: f64 = r.roots.iter().map(|&n| r.node(n).weight).sum();
            assert!((top - 100.0).abs() < 1e-9, "{id} top-level weights add up to {top}");
        }
    }

    #[test]
    fn spbe_2020_weights_are_those_of_tabel_7_8_9() {
        let r = spbe2020();
        let w = |id: &str| r.node(r.find(id).unwrap()).weight;
        // Tabel 7: domains.
        assert_eq!([w("D1"), w("D2"), w("D3"), w("D4")], [13.0, 25.0, 16.5, 45.5]);
        // Tabel 8: aspects.
        let aspects: Vec<f64> = (1..=8).map(|i| w(&format!("A{i}"))).collect();
        assert_eq!(aspects, [13.0, 10.0, 10.0, 5.0, 12.0, 4.5, 27.5, 18.0]);
        // Tabel 9: indicators.
        for i in 1..=47 {
            let expected = match i {
                1..=10 => 1.3,
                11..=20 => 2.5,
                21..=31 => 1.5,
                32..=41 => 2.75,
                _ => 3.0,
            };
            assert_eq!(w(&i.to_string()), expected, "indicator {i}");
        }
        // Indicators 11–14 belong to A2, 29–31 to A6, 42–47 to A8.
        let parent = |id: &str| r.node(r.node(r.find(id).unwrap()).parent.unwrap()).id.clone();
        assert_eq!(parent("14"), "A2");
        assert_eq!(parent("29"), "A6");
        assert_eq!(parent("42"), "A8");
        assert_eq!(parent("A7"), "D4");
    }

    #[test]
    fn level_names_differ_by_domain() {
        let r = spbe2020();
        assert_eq!(r.level_name(r.find("1").unwrap(), 4.0), Some("Terpadu dan Terukur"));
        assert_eq!(r.level_name(r.find("32").unwrap(), 3.0), Some("Transaksi"));
        assert_eq!(r.level_name(r.find("32").unwrap(), 3.5), None);
        let p = embedded("pemdi-2026").unwrap().load().unwrap();
        assert_eq!(p.level_name(p.find("20").unwrap(), 5.0), Some("Unggul"));
    }

    #[test]
    fn band_edges_follow_tabel_13() {
        let r = spbe2020();
        let name = |x: f64| r.rating(x).name.as_str();
        assert_eq!(name(1.0), "Kurang");
        assert_eq!(name(1.7999), "Kurang");
        assert_eq!(name(1.7985), "Kurang"); // Kab. Nias Barat 2024, published as 1.80 Kurang
        assert_eq!(name(1.8), "Cukup");
        assert_eq!(name(2.5968), "Cukup"); // Kab. Luwu 2024, published as 2.60 Cukup
        assert_eq!(name(2.6), "Baik");
        assert_eq!(name(3.4986), "Baik"); // Kab. Pacitan 2024, published as 3.50 Baik
        assert_eq!(name(3.5), "Sangat Baik");
        assert_eq!(name(4.1999), "Sangat Baik");
        assert_eq!(name(4.2), "Memuaskan");
        assert_eq!(name(5.0), "Memuaskan");
        // A bound reached through floating-point arithmetic still counts.
        let sum = 1.8 * 13.0 + 1.8 * 25.0 + 1.8 * 16.5 + 1.8 * 45.5;
        assert_eq!(name(sum / 100.0), "Cukup");
    }

    #[test]
    fn pemdi_bands() {
        let r = embedded("pemdi-2026").unwrap().load().unwrap();
        let name = |x: f64| r.rating(x).name.clone();
        assert_eq!(name(1.4999), "Kurang");
        assert_eq!(name(1.5), "Cukup");
        assert_eq!(name(2.5), "Baik");
        assert_eq!(name(3.5), "Sangat Baik");
        assert_eq!(name(3.9999), "Sangat Baik");
        assert_eq!(name(4.0), "Memuaskan");
        assert_eq!(name(5.0), "Memuaskan");
        // Below 1.00 no source gives a rating: the lowest band's name, flagged.
        assert!(!r.below_bands(1.0) && !r.below_bands(1.4999));
        assert!(r.below_bands(0.9999) && r.below_bands(0.0));
        assert_eq!(name(0.5), "Kurang");
        assert_eq!(r.rating_label(0.5, Lang::En), "Kurang (below the official scale)");
        assert_eq!(r.rating_label(1.0, Lang::En), "Kurang");
        assert_eq!(r.rating_label(0.5, Lang::Id), "Kurang (di bawah skala resmi)");
    }

    #[test]
    fn pemdi_is_continuous_with_a_floor_and_unverified_level_names() {
        let r = embedded("pemdi-2026").unwrap().load().unwrap();
        assert_eq!((r.scale.min, r.scale.max, r.scale.floor, r.scale.integer), (1.0, 5.0, 0.0, false));
        let i3 = r.find("3").unwrap();
        // A decimal value has its whole level's name; below the regulated scale, none.
        assert_eq!(r.level_name(i3, 1.26), Some("Merintis"));
        assert_eq!(r.level_name(i3, 2.5), Some("Membangun"));
        assert_eq!(r.level_name(i3, 4.99), Some("Melembaga"));
        assert_eq!(r.level_name(i3, 5.0), Some("Unggul"));
        assert_eq!(r.level_name(i3, 0.5), None);
        assert!(r.levels_unverified.as_deref().is_some_and(|w| w.contains("Rintisan")));
        // Externals: I5, I6, I7, I18 (pending when blank); I10 and I12 draw on IKASANDI.
        let ext: Vec<&str> = r.external_indicators().map(|i| r.node(i).id.as_str()).collect();
        assert_eq!(ext, ["5", "6", "7", "18"]);
        assert_eq!(
            r.node(r.find("5").unwrap()).external.as_ref().unwrap().agency,
            "Kementerian PPN/Bappenas"
        );
        assert_eq!(
            r.node(r.find("7").unwrap()).external.as_ref().unwrap().agency,
            "Badan Pusat Statistik (BPS)"
        );
        for id in ["10", "12"] {
            let n = r.node(r.find(id).unwrap());
            assert!(n.external.is_none() && n.draws_on.as_ref().unwrap().index.contains("IKASANDI"), "{id}");
        }
        // No conversion table ships: only fragments are known.
        assert!(r.nodes.iter().filter_map(|n| n.external.as_ref()).all(|e| e.conversion.is_empty()));
    }

    #[test]
    fn spbe_2020_keeps_its_regulated_scale_with_a_floor_at_0() {
        let r = spbe2020();
        assert_eq!((r.scale.min, r.scale.max, r.scale.floor, r.scale.integer), (1.0, 5.0, 0.0, true));
        assert!(r.scale.accepts(0.0) && r.scale.below(0.0) && !r.scale.contains(0.0));
        assert_eq!(r.level_name(r.find("1").unwrap(), 0.0), None);
        // spbe-2018 has a real level 0, so nothing of it is below its scale.
        let old = embedded("spbe-2018").unwrap().load().unwrap();
        assert_eq!((old.scale.min, old.scale.floor), (0.0, 0.0));
        assert_eq!(old.level_name(old.find("1").unwrap(), 0.0), Some("Tidak Ada"));
        assert!(!old.scale.below(0.0));
    }

    #[test]
    fn ids_match_with_leading_zeros_and_any_case() {
        let r = spbe2020();
        assert_eq!(r.find("07"), r.find("7"));
        assert_eq!(r.find(" d1 "), r.find("D1"));
        assert_eq!(r.find("a8"), r.find("A8"));
        assert!(r.find("48").is_none());
        assert_eq!(normalize_id("000"), "0");
    }

    #[test]
    fn descendants_are_the_subtree() {
        let r = spbe2020();
        let d1 = r.find("D1").unwrap();
        let ids: Vec<&str> = r.descendants(d1).map(|i| r.node(i).id.as_str()).collect();
        assert_eq!(ids.len(), 11); // A1 and indicators 1–10
        assert_eq!(ids[0], "A1");
        assert!(r.descendants(r.find("47").unwrap()).next().is_none());
    }
}
