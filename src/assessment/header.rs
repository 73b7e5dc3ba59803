//! Recognising what each column of a header holds.

use crate::rubric::Rubric;

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Region,
    Indicator,
    Level,
    Year,
    Stage,
    /// A node's value (wide input).
    Node(usize),
    /// Kept alongside the values (long input: `note`, `evidence`, …).
    Extra,
    /// Published summary columns in wide input (`index`, `rating`), recomputed instead.
    Ignored,
}

const REGION: &[&str] = &["region", "wilayah", "instansi", "daerah", "pemda"];
const INDICATOR: &[&str] = &["indicator", "indikator", "node", "kode"];
const LEVEL: &[&str] = &["level", "nilai", "tingkat", "skor", "score"];
const YEAR: &[&str] = &["year", "tahun"];
const STAGE: &[&str] = &["stage", "tahap"];
const IGNORED_WIDE: &[&str] = &["index", "indeks", "rating", "predikat", "note", "catatan", "keterangan"];
/// What a fill-in form (`spbe template`) shows beside the level to help fill it in; read back,
/// these describe the rubric rather than the assessment, so they are not kept as notes.
const DESCRIPTIVE_LONG: &[&str] =
    &["name", "nama", "aspect", "aspek", "domain", "level name", "nama tingkat"];

/// The header of an input, with the role of each column.
#[derive(Debug, Clone)]
pub struct Header {
    pub names: Vec<String>,
    pub roles: Vec<Role>,
    pub long: bool,
}

impl Header {
    pub fn col(&self, role: &Role) -> Option<usize> {
        self.roles.iter().position(|r| r == role)
    }
}

fn is(name: &str, set: &[&str]) -> bool {
    set.contains(&name)
}

/// `level 3` or `tingkat 3`: a form's column describing one level.
fn is_level_column(name: &str) -> bool {
    ["level ", "tingkat "]
        .iter()
        .any(|p| name.strip_prefix(p).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
}

/// Classify a header. Problems are (column index, message).
pub fn classify(rubric: &Rubric, raw: &[String]) -> (Header, Vec<(usize, String)>) {
    let names: Vec<String> = raw.iter().map(|s| s.trim().to_string()).collect();
    let lower: Vec<String> = names.iter().map(|s| s.to_lowercase()).collect();
    let mut problems = Vec::new();

    for (i, n) in lower.iter().enumerate() {
        if let Some(j) = lower[..i].iter().position(|m| m == n) {
            if !n.is_empty() {
                problems.push((i, format!("duplicate column `{}` (also column {})", names[i], j + 1)));
            }
        }
    }

    let long = lower.iter().any(|n| is(n, INDICATOR)) || lower.iter().any(|n| is(n, LEVEL));
    let mut roles = Vec::with_capacity(names.len());
    for (i, n) in lower.iter().enumerate() {
        let role = if is(n, REGION) {
            Role::Region
        } else if is(n, YEAR) {
            Role::Year
        } else if is(n, STAGE) {
            Role::Stage
        } else if long && is(n, INDICATOR) {
            Role::Indicator
        } else if long && is(n, LEVEL) {
            Role::Level
        } else if long && (is(n, DESCRIPTIVE_LONG) || is_level_column(n)) {
            Role::Ignored
        } else if long {
            Role::Extra
        } else if let Some(node) = rubric.find(n) {
            Role::Node(node)
        } else if is(n, IGNORED_WIDE) || n.is_empty() {
            Role::Ignored
        } else {
            problems.push((
                i,
                format!(
                    "unknown column `{}`: a wide file has a region column and one column per node id of rubric {} ({}); a long file has columns region, indicator, level",
                    names[i],
                    rubric.id,
                    id_summary(rubric)
                ),
            ));
            Role::Ignored
        };
        roles.push(role);
    }

    // Same role twice (e.g. `region` and `wilayah`), or the same node twice (`7` and `07`).
    for (i, r) in roles.iter().enumerate() {
        if matches!(r, Role::Extra | Role::Ignored) {
            continue;
        }
        if let Some(j) = roles[..i].iter().position(|q| q == r) {
            if lower[i] != lower[j] {
                problems.push((
                    i,
                    format!("column `{}` means the same as column {} (`{}`)", names[i], j + 1, names[j]),
                ));
            }
        }
    }

    if long {
        if !roles.contains(&Role::Indicator) {
            problems.push((
                0,
                "missing column `indicator` (or `indikator`): a long file needs region, indicator, level"
                    .into(),
            ));
        }
        if !roles.contains(&Role::Level) {
            problems.push((
                0,
                "missing column `level` (or `nilai`, `tingkat`): a long file needs region, indicator, level"
                    .into(),
            ));
        }
    } else if !roles.iter().any(|r| matches!(r, Role::Node(_))) && problems.is_empty() {
        problems.push((
            0,
            format!(
                "no value columns: expected a long file (region, indicator, level) or a wide one (region, then node ids of rubric {}: {})",
                rubric.id,
                id_summary(rubric)
            ),
        ));
    }
    (Header { names, roles, long }, problems)
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
