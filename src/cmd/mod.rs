//! One module per subcommand, each with its own `run`.

pub mod chart;
pub mod report;
pub mod rubric;
pub mod score;
pub mod template;
pub mod validate;

use anyhow::Result;

use crate::assessment::{self, Assessments, Input, ReadOptions};
use crate::cli::{Context, InputArgs, OutputArgs};
use crate::output::{self, Report};
use crate::rubric::Rubric;

/// Expand and read the inputs of a command, printing reader warnings.
pub fn read_inputs(cx: &Context, rubric: &Rubric, args: &InputArgs) -> Result<(Vec<Input>, Assessments)> {
    let inputs = assessment::expand_inputs(&args.inputs)?;
    let opts = ReadOptions { region: args.region.clone(), year: args.year };
    let set = assessment::read(rubric, &inputs, &opts)?;
    for w in &set.warnings {
        cx.warn(w);
    }
    Ok((inputs, set))
}

/// Render a report to the destination the output flags name.
pub fn emit(cx: &Context, report: &Report, args: &OutputArgs, inputs: &[Input]) -> Result<()> {
    let style = args.style(cx.lang);
    output::write_output(&args.destination(), inputs, |w| output::render(report, args.format, &style, w))
}

/// JSON description of a rubric, shared by every command's JSON output.
pub fn rubric_json(rubric: &Rubric) -> serde_json::Value {
    let (status, reason) = match &rubric.status {
        crate::rubric::Status::Official => ("official", None),
        crate::rubric::Status::Provisional(r) => ("provisional", Some(r.clone())),
    };
    serde_json::json!({
        "id": rubric.id,
        "title": rubric.title,
        "index_name": rubric.index_name,
        "legal_basis": rubric.legal_basis,
        "source": rubric.source,
        "status": status,
        "status_reason": reason,
        "scale": rubric.scale,
        "bands": rubric.bands,
    })
}

/// Where `-o FILE` (or stdout, for none or `-`) sends output.
pub fn destination(output: Option<&std::path::Path>, force: bool) -> output::Destination {
    match output {
        Some(p) if p.as_os_str() != "-" => output::Destination::File { path: p.to_path_buf(), force },
        _ => output::Destination::Stdout,
    }
}
