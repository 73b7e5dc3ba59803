//! `spbe validate`: every check of `score`, without scoring.

use anyhow::Result;

use super::args::InputArgs;
use super::read_inputs;
use crate::app::App;
use crate::score;
use crate::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
}

pub fn run(cx: &App, args: &Args) -> Result<Outcome> {
    let rubric = cx.rubric_for(&args.input.inputs, args.input.read.sheet.as_deref())?;
    let (inputs, set) = read_inputs(cx, &rubric, &args.input)?;
    let scores = score::score_all(&rubric, &set, args.input.read.allow_missing)?;
    for w in score::incomplete_warnings(&rubric, &scores) {
        cx.warn_with(crate::problem::code::INCOMPLETE, &w);
    }
    score::published_differences(&rubric, &scores).iter().for_each(|p| cx.warn_problem(p));
    cx.check_strict()?;
    if cx.chatty() {
        eprintln!(
            "{}: {} {}, {} {} ({} {})",
            cx.lang.t("ok", "ok"),
            set.len(),
            cx.lang.t("assessments", "penilaian"),
            inputs.len(),
            cx.lang.t("files", "berkas"),
            cx.lang.t("rubric", "rubrik"),
            rubric.id
        );
    }
    Ok(Outcome::Success)
}
