//! Rubrics: what is scored and how (level scale, rating bands, the weighted tree of
//! domains → aspects → indicators). See `docs/rubric-format.md`.

mod embedded;
mod load;

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};

pub use embedded::{embedded, EmbeddedRubric, DEFAULT_RUBRIC, EMBEDDED};
pub use load::parse;

/// The layer a node sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Domain,
    Aspect,
    Indicator,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Domain => "domain",
            Kind::Aspect => "aspect",
            Kind::Indicator => "indicator",
        }
    }
}

/// Whether a rubric's numbers are settled.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", content = "reason", rename_all = "lowercase")]
pub enum Status {
    Official,
    Provisional(String),
}

/// The range of levels an indicator can take.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    /// Indicator levels must be whole numbers.
    pub integer: bool,
}

impl Scale {
    pub fn contains(&self, v: f64) -> bool {
        v >= self.min && v <= self.max
    }

    /// Number of whole levels from min to max.
    pub fn steps(&self) -> usize {
        (self.max - self.min).round() as usize + 1
    }
}

/// A rating band (predikat): a score gets the band with the greatest `min` not above it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Band {
    pub name: String,
    pub min: f64,
}

/// One node of the tree.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub weight: f64,
    #[serde(skip)]
    pub parent: Option<usize>,
    #[serde(skip)]
    pub children: Vec<usize>,
    /// Names of the levels from `scale.min` up, where the rubric gives them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level_names: Option<Vec<String>>,
    /// Criteria text per level from `scale.min` up, where the rubric gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criteria: Option<Vec<String>>,
}

/// A loaded, checked rubric. Nodes are stored in pre-order (a parent before its children,
/// siblings in the file's order), so a reverse walk visits children before their parent.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub id: String,
    pub title: String,
    pub index_name: String,
    pub legal_basis: String,
    pub source: String,
    pub status: Status,
    pub scale: Scale,
    /// Ascending by `min`.
    pub bands: Vec<Band>,
    pub nodes: Vec<Node>,
    /// Top-level nodes (domains, or aspects when the rubric has no domains).
    pub roots: Vec<usize>,
    /// Indicators in pre-order.
    pub indicators: Vec<usize>,
    lookup: HashMap<String, usize>,
    /// One past the last descendant of each node.
    ends: Vec<usize>,
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
        let looks_like_path = spec.ends_with(".toml") || spec.contains('/') || spec.contains('\\');
        if !looks_like_path && !path.exists() {
            let ids: Vec<&str> = EMBEDDED.iter().map(|e| e.id).collect();
            anyhow::bail!(
                "unknown rubric `{spec}`: give one of {} or a path to a .toml file",
                ids.join(", ")
            );
        }
        Rubric::from_path(path)
    }

    pub fn from_path(path: &Path) -> Result<Rubric> {
        let bytes = std::fs::read(path).with_context(|| format!("reading rubric {}", path.display()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| anyhow::anyhow!("{}: not UTF-8 text; a rubric is a TOML file", path.display()))?;
        Ok(parse(&text, &path.display().to_string())?)
    }

    pub fn node(&self, i: usize) -> &Node {
        &self.nodes[i]
    }

    /// Index of the node with this id (matched as `normalize_id` does).
    pub fn find(&self, id: &str) -> Option<usize> {
        self.lookup.get(&normalize_id(id)).copied()
    }

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

    /// The band a score falls in (decided on the unrounded score).
    pub fn rating(&self, score: f64) -> &Band {
        self.bands.iter().rev().find(|b| score >= b.min).unwrap_or(&self.bands[0])
    }

    pub fn rating_index(&self, score: f64) -> usize {
        self.bands.iter().rposition(|b| score >= b.min).unwrap_or(0)
    }

    /// The name of a whole level of a node, where the rubric names its levels.
    pub fn level_name(&self, node: usize, level: f64) -> Option<&str> {
        let names = self.nodes[node].level_names.as_ref()?;
        if level.fract() != 0.0 || !self.scale.contains(level) {
            return None;
        }
        names.get((level - self.scale.min) as usize).map(String::as_str)
    }

    pub fn criteria(&self, node: usize, level: f64) -> Option<&str> {
        let c = self.nodes[node].criteria.as_ref()?;
        if level.fract() != 0.0 || !self.scale.contains(level) {
            return None;
        }
        c.get((level - self.scale.min) as usize).map(String::as_str)
    }

    /// The headline columns of a score table: domains, or aspects where there are none.
    pub fn headline_nodes(&self) -> Vec<usize> {
        self.roots.clone()
    }

    /// A one-line warning for provisional rubrics.
    pub fn provisional_warning(&self) -> Option<String> {
        match &self.status {
            Status::Official => None,
            Status::Provisional(reason) => Some(format!("rubric {} is provisional: {reason}", self.id)),
        }
    }
}
