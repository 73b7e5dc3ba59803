//! `rubric list --format json`: `{"rubrics": [rubric]}`; `rubric show --format json`: the
//! rubric with its `"nodes": [{"id", "kind", "name", "weight", "parent", "level_names",
//! "criteria", "external", "draws_on"}]`.

use super::RubricInfo;
use crate::rubric::{Kind, Rubric, Source};

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct ListDoc<'a> {
    pub rubrics: Vec<RubricInfo<'a>>,
}

/// `rubric show`: the rubric and its nodes.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct ShowDoc<'a> {
    #[serde(flatten)]
    pub rubric: RubricInfo<'a>,
    pub nodes: Vec<NodeDoc<'a>>,
}

#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct NodeDoc<'a> {
    pub id: &'a str,
    pub kind: Kind,
    pub name: &'a str,
    pub weight: f64,
    /// The parent's id; `null` for a top node.
    pub parent: Option<&'a str>,
    pub level_names: Option<&'a [String]>,
    pub criteria: Option<&'a [String]>,
    /// The other agency's index an indicator is scored from; `null` for most.
    pub external: Option<&'a Source>,
    /// The other agency's index an indicator draws on (recorded, never filled in).
    pub draws_on: Option<&'a Source>,
}

impl<'a> ShowDoc<'a> {
    pub fn new(r: &'a Rubric) -> ShowDoc<'a> {
        let nodes = r
            .nodes
            .iter()
            .map(|n| NodeDoc {
                id: &n.id,
                kind: n.kind,
                name: &n.name,
                weight: n.weight,
                parent: n.parent.map(|p| r.node(p).id.as_str()),
                level_names: n.level_names.as_deref(),
                criteria: n.criteria.as_deref(),
                external: n.external.as_ref(),
                draws_on: n.draws_on.as_ref(),
            })
            .collect();
        ShowDoc { rubric: RubricInfo::new(r), nodes }
    }
}
