//! The JSON Schema of each command's `--format json` document and of a `--error-format json`
//! line, generated from the typed documents (as they are written, so a key left out when empty
//! is not `required`). `docs/schema/<name>.schema.json` holds them; `tests/schema.rs` checks
//! that those files are current and that real outputs of the binary match them.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use crate::view;

/// Each schema by the name of its file in `docs/schema/` (without `.schema.json`).
pub fn all() -> Vec<(&'static str, Schema)> {
    vec![
        ("score", of::<view::score::ScoreDoc>()),
        ("compare", of::<view::compare::CompareDoc>()),
        ("compare-group", of::<super::overview::OverviewJson>()),
        ("plan", of::<view::plan::PlanDoc>()),
        ("diff", of::<view::diff::DiffDoc>()),
        ("sensitivity", of::<view::sensitivity::SensitivityDoc>()),
        ("rubric-list", of::<view::rubric::ListDoc>()),
        ("rubric-show", of::<view::rubric::ShowDoc>()),
        ("regions-list", of::<super::regions::List>()),
        ("regions-resolve", of::<super::regions::Names>()),
        ("problem", of::<crate::problem::ProblemLine>()),
    ]
}

/// The schema of `T` as serialized (draft 2020-12).
fn of<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12().for_serialize().into_generator().into_root_schema_for::<T>()
}
