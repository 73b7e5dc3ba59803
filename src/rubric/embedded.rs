//! The official rubrics, compiled into the binary.

use anyhow::Result;

use super::Rubric;

/// The rubric used when none is named.
pub const DEFAULT_RUBRIC: &str = "spbe-2020";

/// A rubric compiled into the binary: its id and its TOML text.
pub struct EmbeddedRubric {
    /// The id `--rubric` takes.
    pub id: &'static str,
    /// The TOML file, as in `rubrics/`.
    pub text: &'static str,
}

/// Every embedded rubric, the default first.
pub const EMBEDDED: &[EmbeddedRubric] = &[
    EmbeddedRubric { id: "spbe-2020", text: include_str!("../../rubrics/spbe-2020.toml") },
    EmbeddedRubric { id: "spbe-2018", text: include_str!("../../rubrics/spbe-2018.toml") },
    EmbeddedRubric { id: "pemdi-2026", text: include_str!("../../rubrics/pemdi-2026.toml") },
];

/// The embedded rubric of this id (any case), if there is one.
pub fn embedded(id: &str) -> Option<&'static EmbeddedRubric> {
    EMBEDDED.iter().find(|e| e.id.eq_ignore_ascii_case(id.trim()))
}

impl EmbeddedRubric {
    /// Parse and check its text.
    pub fn load(&self) -> Result<Rubric> {
        Ok(super::parse(self.text, &format!("<embedded {}>", self.id))?)
    }
}
