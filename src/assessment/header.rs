//! Recognising what each column of a header holds.

use std::collections::HashMap;

use super::message::ReadMessage;
use crate::problem::{code, snippet};
use crate::rubric::Rubric;

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Role {
    /// The region's name (`region`, `wilayah`, `instansi`, …).
    Region,
    /// The node a row of a long file gives (`indicator`, `indikator`, …).
    Indicator,
    /// The level of that node (long input).
    Level,
    /// The year assessed.
    Year,
    /// The stage of the evaluation (mandiri, …, final).
    Stage,
    /// The region's Kemendagri code (`15.04`), beside or instead of its name.
    Code,
    /// A node's value (wide input).
    Node(usize),
    /// Kept alongside the values (long input: `note`, `evidence`, …).
    Extra,
    /// An assessor's finding per indicator (long input: `finding`, `catatan`, `temuan`).
    Finding,
    /// An assessor's recommendation per indicator (long input: `recommendation`, `rekomendasi`).
    Recommendation,
    /// The id of the rubric the file was made for (`spbe template` writes it).
    Rubric,
    /// The published index of a wide row (`index`, `indeks`): recomputed, and compared with
    /// what the values give, so that a source error shows.
    Published,
    /// Published summary columns in wide input (`rating`), recomputed instead.
    Ignored,
}

const REGION: &[&str] = &["region", "wilayah", "instansi", "daerah", "pemda"];
/// Region columns as tables head them in more than one word, split into words (see [`words`]):
/// `Pemerintah Daerah`, `Kabupaten/Kota`, `Instansi Pemerintah`.
const REGION_WORDS: &[&[&str]] = &[
    &["pemerintah", "daerah"],
    &["instansi", "pemerintah"],
    &["kabupaten", "kota"],
    &["kab", "kota"],
    &["provinsi", "kabupaten", "kota"],
    &["provinsi", "kab", "kota"],
];
const INDICATOR: &[&str] = &["indicator", "indikator", "node", "kode"];
/// Kemendagri code columns. `kode` is one too, except in a long file without another
/// indicator column, where it has always meant the indicator.
const CODE: &[&str] = &[
    "code",
    "region code",
    "region_code",
    "kode wilayah",
    "kode_wilayah",
    "kode daerah",
    "kode_daerah",
    "kode pemda",
    "kode_pemda",
    "kode kemendagri",
    "kode_kemendagri",
];
const LEVEL: &[&str] = &["level", "nilai", "tingkat", "skor", "score"];
const YEAR: &[&str] = &["year", "tahun"];
const STAGE: &[&str] = &["stage", "tahap"];
/// Published tables also number their rows (`no`) and name the province beside the instansi.
/// The published index of a wide row, as national tables head it.
const PUBLISHED_INDEX: &[&str] = &[
    "index",
    "indeks",
    "indeks spbe",
    "index spbe",
    "indeks_spbe",
    "nilai indeks",
    "indeks pemdi",
    "indeks pemerintah digital",
];
const IGNORED_WIDE: &[&str] =
    &["rating", "predikat", "note", "catatan", "keterangan", "no", "no.", "nomor", "provinsi", "province"];
/// The assessors' result carries a *catatan* (finding) and a *rekomendasi* per indicator; in a
/// long file `catatan` is read as the finding (a note is `note` or `keterangan`).
const FINDING: &[&str] = &["finding", "catatan", "temuan"];
const RECOMMENDATION: &[&str] = &["recommendation", "rekomendasi"];
const RUBRIC: &[&str] = &["rubric", "rubrik"];
/// What a fill-in form (`spbe template`) shows beside the level to help fill it in; read back,
/// these describe the rubric rather than the assessment, so they are not kept as notes.
const DESCRIPTIVE_LONG: &[&str] =
    &["name", "nama", "aspect", "aspek", "domain", "level name", "nama tingkat"];

/// The header of an input, with the role of each column.
#[derive(Debug, Clone)]
pub struct Header {
    /// The column names as written (trimmed).
    pub names: Vec<String>,
    /// What each column holds, one per name.
    pub roles: Vec<Role>,
    /// A long file (a row per node: region, indicator, level) rather than a wide one (a
    /// column per node).
    pub long: bool,
    /// Columns up to the last named one: rows may have more fields only if those are empty
    /// (trailing delimiters).
    pub width: usize,
}

impl Header {
    /// The first column with this role.
    pub fn col(&self, role: &Role) -> Option<usize> {
        self.roles.iter().position(|r| r == role)
    }
}

fn is(name: &str, set: &[&str]) -> bool {
    set.contains(&name)
}

/// A region column: `region`, `wilayah`, `instansi`, …, also as published tables and forms head
/// it: `Nama Instansi`, `Nama Pemda`, `Region name`, `Pemerintah Daerah`, `Kabupaten/Kota`.
/// Lower-cased input.
fn is_region(name: &str) -> bool {
    if is(name, REGION) {
        return true;
    }
    let all: Vec<&str> = words(name).collect();
    let core = match all.as_slice() {
        ["nama", rest @ ..] if !rest.is_empty() => rest,
        [rest @ .., "name"] if !rest.is_empty() => rest,
        other => other,
    };
    match core {
        [one] => is(one, REGION),
        many => REGION_WORDS.contains(&many),
    }
}

/// `Domain 1`, `Aspek 3`, `Indikator 12` (also after `Nilai` or `Indeks`): the node of that
/// kind whose id ends in that number (D1, A3, 12), if exactly one does. Lower-cased words.
fn node_by_kind_number(rubric: &Rubric, given: &[&str]) -> Option<usize> {
    use crate::rubric::Kind;
    let [kind, number] = given else { return None };
    let kind = match *kind {
        "domain" => Kind::Domain,
        "aspek" | "aspect" => Kind::Aspect,
        "indikator" | "indicator" => Kind::Indicator,
        _ => return None,
    };
    let number: u32 = number.parse().ok().filter(|_| number.bytes().all(|b| b.is_ascii_digit()))?;
    let mut found = None;
    for i in rubric.of_kind(kind) {
        let id = &rubric.node(i).id;
        let digits = id.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && digits.parse() == Ok(number) {
            if found.is_some() {
                return None;
            }
            found = Some(i);
        }
    }
    found
}

/// `level 3` or `tingkat 3`: a form's column describing one level.
fn is_level_column(name: &str) -> bool {
    ["level ", "tingkat "]
        .iter()
        .any(|p| name.strip_prefix(p).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
}

/// The words of a label, split at spaces, `_`, `-`, `.`, `:` and `/`.
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() || "_-.:/()".contains(c)).filter(|w| !w.is_empty())
}

/// A wide column named as published tables name them: the node's id followed by words of its
/// name (`d1_kebijakan`, `D2 Tata Kelola`, `A3 - Data`), its kind and number (`Domain 1`,
/// `Aspek 3`), or the node's whole name (`Layanan SPBE`, `domain_layanan_spbe`). The words after the id must each begin a word of the
/// node's name, in order, so `d1_layanan` is not taken for D1; a whole name must match one node
/// only. Lower-cased input.
fn node_by_label(rubric: &Rubric, lower: &str) -> Option<usize> {
    let mut it = words(lower);
    let head = it.next()?;
    let rest: Vec<&str> = it.collect();
    if let Some(node) = rubric.find(head).filter(|_| !rest.is_empty()) {
        let name = rubric.node(node).name.to_lowercase();
        let mut name_words = words(&name);
        let fits = rest.iter().all(|w| name_words.any(|n| n.starts_with(w)));
        return fits.then_some(node);
    }
    let valued: Vec<&str> = words(lower).skip_while(|w| matches!(*w, "indeks" | "index" | "nilai")).collect();
    if let Some(node) = node_by_kind_number(rubric, &valued) {
        return Some(node);
    }
    let given: Vec<&str> = words(lower)
        .skip_while(|w| matches!(*w, "domain" | "aspek" | "aspect" | "indeks" | "index" | "nilai"))
        .collect();
    if given.is_empty() {
        return None;
    }
    let mut found = None;
    for i in 0..rubric.nodes.len() {
        let name = rubric.node(i).name.to_lowercase();
        if words(&name).eq(given.iter().copied()) {
            if found.is_some() {
                return None;
            }
            found = Some(i);
        }
    }
    found
}

/// A problem in a header: column index, code, message (worded when shown).
pub(crate) type HeaderProblem = (usize, &'static str, ReadMessage);

/// Classify a header, in time linear in the number of columns.
pub fn classify(rubric: &Rubric, raw: &[String]) -> (Header, Vec<HeaderProblem>) {
    let names: Vec<String> = raw.iter().map(|s| s.trim().to_string()).collect();
    let lower: Vec<String> = names.iter().map(|s| s.to_lowercase()).collect();
    let width = names.iter().rposition(|n| !n.is_empty()).map_or(0, |i| i + 1);
    let mut problems = Vec::new();

    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, n) in lower.iter().enumerate() {
        if n.is_empty() {
            continue;
        }
        if let Some(&j) = first.get(n.as_str()) {
            let msg = ReadMessage::DuplicateColumn { name: snippet(&names[i]), first: j + 1 };
            problems.push((i, code::DUPLICATE_COLUMN, msg));
        } else {
            first.insert(n, i);
        }
    }

    let other_indicator = lower.iter().any(|n| n != "kode" && is(n, INDICATOR));
    let has_level = lower.iter().any(|n| is(n, LEVEL));
    let kode_is_indicator = has_level && !other_indicator;
    let long = other_indicator || has_level;
    let mut roles = Vec::with_capacity(names.len());
    let mut unknown = 0usize;
    for (i, n) in lower.iter().enumerate() {
        let role = if i >= width {
            Role::Ignored
        } else if is_region(n) {
            Role::Region
        } else if is(n, CODE) || (n == "kode" && !kode_is_indicator) {
            Role::Code
        } else if is(n, YEAR) {
            Role::Year
        } else if is(n, STAGE) {
            Role::Stage
        } else if is(n, RUBRIC) {
            Role::Rubric
        } else if long && is(n, INDICATOR) {
            Role::Indicator
        } else if long && is(n, LEVEL) {
            Role::Level
        } else if long && (is(n, DESCRIPTIVE_LONG) || is_level_column(n)) {
            Role::Ignored
        } else if long && is(n, FINDING) {
            Role::Finding
        } else if long && is(n, RECOMMENDATION) {
            Role::Recommendation
        } else if long {
            Role::Extra
        } else if let Some(node) = rubric.find(n).or_else(|| node_by_label(rubric, n)) {
            Role::Node(node)
        } else if is(n, PUBLISHED_INDEX) {
            Role::Published
        } else if is(n, IGNORED_WIDE) || n.is_empty() {
            Role::Ignored
        } else {
            unknown += 1;
            // The first says what is expected.
            let expected = (unknown == 1).then(|| (rubric.id.clone(), id_summary(rubric)));
            let msg = ReadMessage::UnknownColumn { name: snippet(&names[i]), expected };
            problems.push((i, code::UNKNOWN_COLUMN, msg));
            Role::Ignored
        };
        roles.push(role);
    }

    // Same role twice (e.g. `region` and `wilayah`), or the same node twice (`7` and `07`).
    let mut seen: HashMap<&Role, usize> = HashMap::new();
    for (i, r) in roles.iter().enumerate() {
        if matches!(r, Role::Extra | Role::Ignored) {
            continue;
        }
        match seen.get(r) {
            Some(&j) if lower[i] != lower[j] => {
                let (name, other_name) = (snippet(&names[i]), snippet(&names[j]));
                let msg = ReadMessage::SameColumn { name, other: j + 1, other_name };
                problems.push((i, code::SAME_COLUMN, msg));
            }
            Some(_) => {}
            None => {
                seen.insert(r, i);
            }
        }
    }

    if long {
        if !roles.contains(&Role::Indicator) {
            problems.push((0, code::MISSING_COLUMN, ReadMessage::MissingColumn { level: false }));
        }
        if !roles.contains(&Role::Level) {
            problems.push((0, code::MISSING_COLUMN, ReadMessage::MissingColumn { level: true }));
        }
    } else if !roles.iter().any(|r| matches!(r, Role::Node(_))) && problems.is_empty() {
        let msg = ReadMessage::NoValueColumns { rubric: rubric.id.clone(), ids: id_summary(rubric) };
        problems.push((0, code::NO_VALUE_COLUMNS, msg));
    }
    (Header { names, roles, long, width }, problems)
}

/// Title rows passed over above a header, at most (a table's title, its year, a blank line).
const MAX_TITLE_ROWS: usize = 10;

/// A row that may be a table's title rather than its header: two filled cells at most
/// (`HASIL EVALUASI SPBE 2024`, `Tahun: | 2024`). Every header that scores has more, or
/// classifies cleanly.
fn is_title_row(fields: &[String]) -> bool {
    fields.iter().filter(|f| !f.trim().is_empty()).count() <= 2
}

/// A row offered to a [`HeaderSearch`]: where it is and its fields.
pub(crate) trait Offered {
    fn line(&self) -> usize;
    fn fields(&self) -> &[String];
}

/// A header row with its problems (none when it classifies cleanly).
pub(crate) struct Found {
    /// The line (or sheet row) it is on.
    pub line: usize,
    /// Its fields as read.
    pub fields: Vec<String>,
    pub header: Header,
    pub problems: Vec<HeaderProblem>,
}

impl Offered for Found {
    fn line(&self) -> usize {
        self.line
    }
    fn fields(&self) -> &[String] {
        &self.fields
    }
}

/// A row as read, for a search that does not score it (`regions resolve`, the rubric a file
/// names).
pub(crate) struct Plain {
    /// The line (or sheet row) it is on, 1-based.
    pub line: usize,
    pub fields: Vec<String>,
}

impl Offered for Plain {
    fn line(&self) -> usize {
        self.line
    }
    fn fields(&self) -> &[String] {
        &self.fields
    }
}

/// Rows passed over as a title above the header.
pub(crate) struct Titles {
    /// The line of the first.
    pub line: usize,
    /// Its filled cells, joined by spaces.
    pub text: String,
    /// How many rows.
    pub count: usize,
}

/// Finding the header among a file's first non-blank rows. Published tables and forms often
/// open with a title (`HASIL EVALUASI SPBE TAHUN 2024`) above the header: rows of at most two
/// filled cells are passed over when a row that classifies cleanly follows them, and
/// [`HeaderSearch::titles`] names them for a warning, so nothing is dropped unsaid. When no
/// clean header follows, the first row is the header, with its problems, as without titles.
/// The readers offer [`Found`] rows (clean: classified without problems); a look that does not
/// score offers [`Plain`] rows, clean by its own test (a region column, a rubric column).
pub(crate) struct HeaderSearch<T = Found> {
    first: Option<T>,
    titles: usize,
}

impl<T> Default for HeaderSearch<T> {
    fn default() -> Self {
        HeaderSearch { first: None, titles: 0 }
    }
}

impl HeaderSearch<Found> {
    /// Offer the next non-blank row: the header found, or `None` to offer the next row.
    pub fn offer(&mut self, rubric: &Rubric, line: usize, fields: Vec<String>) -> Option<Found> {
        let (header, problems) = classify(rubric, &fields);
        let clean = problems.is_empty();
        self.offer_row(Found { line, fields, header, problems }, clean)
    }
}

impl<T: Offered> HeaderSearch<T> {
    /// Offer the next non-blank row, `clean` when it is a header as wanted: the header found,
    /// or `None` to offer the next row.
    pub fn offer_row(&mut self, row: T, clean: bool) -> Option<T> {
        if clean {
            return Some(row);
        }
        let title = is_title_row(row.fields());
        if title && self.titles < MAX_TITLE_ROWS {
            self.titles += 1;
            self.first.get_or_insert(row);
            return None;
        }
        // Not a clean header: the first row offered says what is wrong, unless it was a title
        // and this row looks like the header meant.
        Some(match self.first.take() {
            Some(first) if title => first,
            _ => row,
        })
    }

    /// At the end of the input before a header was found: the first row offered, if any.
    pub fn finish(&mut self) -> Option<T> {
        self.first.take()
    }

    /// The rows passed over as a title, once a clean header is found after them.
    pub fn titles(&self) -> Option<Titles> {
        let first = self.first.as_ref()?;
        let text: Vec<&str> = first.fields().iter().map(|f| f.trim()).filter(|f| !f.is_empty()).collect();
        Some(Titles { line: first.line(), text: text.join(" "), count: self.titles })
    }
}

/// The region and code columns of a header, whatever else it holds (for `spbe regions
/// resolve` on a table that does not score).
pub fn name_columns(raw: &[String]) -> (Option<usize>, Option<usize>) {
    let lower: Vec<String> = raw.iter().map(|s| s.trim().to_lowercase()).collect();
    let region = lower.iter().position(|n| is_region(n));
    let code = lower.iter().position(|n| is(n, CODE) || n == "kode");
    (region, code)
}

/// A short summary of a rubric's ids, e.g. `D1..D4, A1..A8, 1..47`.
pub fn id_summary(rubric: &Rubric) -> String {
    use crate::rubric::Kind;
    let mut parts = Vec::new();
    for kind in [Kind::Domain, Kind::Aspect, Kind::Indicator] {
        let ids: Vec<&str> = rubric.of_kind(kind).map(|i| rubric.node(i).id.as_str()).collect();
        match ids.len() {
            0 => {}
            1 => parts.push(ids[0].to_string()),
            _ => parts.push(format!("{}..{}", ids[0], ids[ids.len() - 1])),
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(rubric: &str, names: &[&str]) -> (Vec<Role>, usize) {
        let r = Rubric::resolve(rubric).unwrap();
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let (h, problems) = classify(&r, &names);
        (h.roles, problems.len())
    }

    #[test]
    fn region_columns_as_tables_head_them() {
        for name in [
            "Nama Instansi",
            "NAMA PEMDA",
            "Nama Daerah",
            "Region name",
            "Pemerintah Daerah",
            "Kabupaten/Kota",
            "Kab/Kota",
            "Provinsi/Kabupaten/Kota",
            "nama_wilayah",
        ] {
            let (roles, problems) = roles("spbe-2020", &[name, "D1", "D2", "D3", "D4"]);
            assert_eq!((roles[0].clone(), problems), (Role::Region, 0), "{name}");
        }
        // `Nama` alone is a form's node name, and `Provinsi` the province beside the instansi.
        assert_eq!(roles("spbe-2020", &["region", "nama", "indicator", "level"]).0[1], Role::Ignored);
        assert_eq!(roles("spbe-2020", &["instansi", "provinsi", "D1"]).0[1], Role::Ignored);
        // Not a region: a name of something else.
        assert_eq!(roles("spbe-2020", &["region", "nama kepala daerah", "D1"]).1, 1);
    }

    #[test]
    fn nodes_by_kind_and_number() {
        let r = Rubric::resolve("spbe-2020").unwrap();
        let (got, problems) = roles(
            "spbe-2020",
            &[
                "Nama Instansi",
                "Domain 1",
                "Domain 2",
                "Nilai Domain 3",
                "DOMAIN_4",
                "Aspek 8",
                "Indikator 47",
            ],
        );
        assert_eq!(problems, 0);
        let ids: Vec<&str> = got[1..]
            .iter()
            .map(|role| match role {
                Role::Node(n) => r.node(*n).id.as_str(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(ids, ["D1", "D2", "D3", "D4", "A8", "47"]);
        // Pemdi has no domains, and a number past the rubric names nothing.
        assert_eq!(roles("pemdi-2026", &["region", "Domain 1"]).1, 1);
        assert_eq!(roles("spbe-2020", &["region", "Domain 5"]).1, 1);
        assert_eq!(roles("spbe-2020", &["region", "Aspek 1a"]).1, 1);
    }
}
