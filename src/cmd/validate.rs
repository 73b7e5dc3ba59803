//! `spbe validate`: every check of `score`, without scoring.

use anyhow::Result;

use super::app::{App, Load, Loaded};
use super::args::InputArgs;
use crate::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
}

pub fn run(cx: &App, args: &Args) -> Result<Outcome> {
    let rubric = cx.rubric_for(&args.input)?;
    let Loaded { inputs, set, .. } = cx.load(&rubric, &args.input, Load::checking())?;
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
