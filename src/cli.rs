//! The command line: the top-level `Cli` with its global options, usage errors and dispatch.
//! Each command's arguments live beside it in `cmd/<name>.rs`; clap types stop at `cmd`.

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::cmd;
use crate::cmd::app::{chain, App};
use crate::i18n::Lang;
use crate::problem::{code, ErrorFormat, Problem, Problems, Severity};

const AFTER_HELP: &str = "\
Examples:
  spbe score examples/jambi/mandiri                 score every region in a folder
  spbe score kerinci.csv --detail indicator         with the aspect and indicator breakdown
  spbe score examples/jambi/published-2023-2024.csv --format json
  spbe template > penilaian.csv                     a blank form to fill in
  spbe rubric show spbe-2020                        the tree of weights
  spbe plan kerinci.csv --target \"Sangat Baik\"      the fewest raises to a rating
  spbe score kerinci.csv --set 11=3,12=3            what-if: the index with two levels changed
  spbe diff mandiri/ final/                         self-assessment against final levels
  spbe sensitivity mandiri/ --draws 10000           how robust ranks are to the weights

Exit codes: 0 success, 1 a requested check failed (--fail-below; plan: a target out of
reach), 2 bad input or usage.
A closed pipe (e.g. `| head`) is success.

Environment: SPBE_RUBRIC sets the default --rubric (an embedded id or a path).";

/// Score Indonesia's e-government maturity index: Indeks SPBE (PermenPANRB 59/2020, the
/// default), its predecessor (5/2018) and the Indeks Pemerintah Digital (8/2026).
#[derive(Debug, Parser)]
#[command(name = "spbe", version, about, long_about = None, after_long_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    /// The options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The options every command takes (`--rubric`, `--lang`, `--quiet`, …), given before or
/// after the command's name.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Rubric: an embedded id (spbe-2020, spbe-2018, pemdi-2026) or a path to a TOML file.
    #[arg(long, global = true, value_name = "ID|PATH", env = "SPBE_RUBRIC", default_value = crate::rubric::DEFAULT_RUBRIC)]
    pub rubric: String,
    /// Language of labels and messages [default: from LC_ALL/LANG, Indonesian when it starts with `id`].
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<Lang>,
    /// Print no warnings (errors are still printed; the exit code tells the rest).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Every warning is an error (exit 2, nothing written): for pipelines that must not accept
    /// a level written `tiga`, a value below the scale or a merged spelling of a name.
    #[arg(long, global = true)]
    pub strict: bool,
    /// How errors and warnings are printed on stderr: `text`, or `json` (one object per line
    /// with severity, file, line, column, message and code).
    #[arg(long, global = true, value_enum, value_name = "FORMAT", default_value_t = ErrorFormat::Text)]
    pub error_format: ErrorFormat,
    /// Worker threads [default: SPBE_THREADS, else one per core; at most four per core]. Results
    /// never depend on it.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: Option<u32>,
    /// Set by `main` when the rubric came from the SPBE_RUBRIC environment variable.
    #[arg(skip)]
    pub rubric_from_env: bool,
    /// Set by `main` when the rubric was chosen (`--rubric` or SPBE_RUBRIC), not the default.
    #[arg(skip)]
    pub rubric_given: bool,
    /// Set by `main`: the process exits when the command returns, so the command need not
    /// free what it built.
    #[arg(skip)]
    pub exits_after: bool,
}

/// The commands, each with its own arguments (`cmd/<name>.rs`).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score assessments: index, rating and domain scores per region.
    #[command(after_long_help = cmd::score::HELP)]
    Score(cmd::score::Args),
    /// Compare regions: ranking, domain by domain, against a baseline, across years.
    #[command(after_long_help = cmd::compare::HELP)]
    Compare(cmd::compare::Args),
    /// Check assessments without scoring; exit 0 when clean.
    Validate(cmd::validate::Args),
    /// List, show and check rubrics.
    #[command(subcommand)]
    Rubric(cmd::rubric::Command),
    /// Print a blank long-format form (region, indicator, name, level, note) to fill in, as CSV
    /// or as an Excel workbook.
    #[command(after_long_help = cmd::template::HELP)]
    Template(cmd::template::Args),
    /// Write an HTML report with charts: ranking, index bars over the rating bands, a radar chart
    /// per region, a heatmap of indicator levels, trends when there are several years, and with
    /// --target each region's planned steps.
    #[command(after_long_help = cmd::report::HELP)]
    Report(cmd::report::Args),
    /// Draw one chart of the report as a standalone SVG or PNG.
    #[command(after_long_help = cmd::chart::HELP)]
    Chart(cmd::chart::Args),
    /// The fewest (or cheapest) level raises that bring each region to a target index or rating.
    #[command(after_long_help = cmd::plan::HELP)]
    Plan(cmd::plan::Args),
    /// Compare two assessments of the same regions: levels, scores, index and rating changes.
    #[command(after_long_help = cmd::diff::HELP)]
    Diff(cmd::diff::Args),
    /// How robust the index and the ranking are to the weights (random perturbations).
    #[command(after_long_help = cmd::sensitivity::HELP)]
    Sensitivity(cmd::sensitivity::Args),
    /// The Kemendagri registry of provinces and kabupaten/kota, and how input names resolve to it.
    #[command(subcommand)]
    Regions(cmd::regions::Command),
    /// Print a shell completion script.
    #[command(after_long_help = cmd::completions::HELP)]
    Completions(cmd::completions::Args),
    /// Print the man page (roff), or write one page per command into a folder.
    #[command(after_long_help = cmd::man::HELP)]
    Man(cmd::man::Args),
}

/// Print the error that ended a run: every problem it carries, else the error and its causes.
pub fn print_error(e: &anyhow::Error, format: ErrorFormat, lang: Lang) {
    match format {
        ErrorFormat::Text => eprintln!("{}: {}", lang.t("error", "galat"), chain(e, lang)),
        ErrorFormat::Json => match e.chain().find_map(|c| c.downcast_ref::<Problems>()) {
            Some(problems) => {
                for p in &problems.0 {
                    eprintln!("{}", crate::cmd::app::shown(p, lang).json_line(Severity::Error, lang));
                }
            }
            None => eprintln!(
                "{}",
                Problem::general(code::ERROR, chain(e, lang)).json_line(Severity::Error, lang)
            ),
        },
    }
}

/// Print a command-line error (unknown flag, bad value) in the chosen format.
pub fn print_usage_error(e: &clap::Error, format: ErrorFormat) {
    match format {
        ErrorFormat::Text => {
            let _ = e.print();
        }
        ErrorFormat::Json => {
            eprintln!(
                "{}",
                Problem::general(code::USAGE, usage_message(e)).json_line(Severity::Error, Lang::En)
            );
        }
    }
}

/// A usage error as one line: clap's first paragraph, whose following lines name what it is
/// about (`the following required arguments were not provided: --target <INDEX|RATING>`).
fn usage_message(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let lines: Vec<&str> = text.lines().map(str::trim).take_while(|l| !l.is_empty()).collect();
    lines.join(" ").trim_start_matches("error: ").to_string()
}

/// The error format asked for on a command line that clap could not parse.
pub fn error_format_in(args: &[std::ffi::OsString]) -> ErrorFormat {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--error-format=json" || (a == "--error-format" && it.next().is_some_and(|v| v == "json")) {
            return ErrorFormat::Json;
        }
    }
    ErrorFormat::Text
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<crate::Outcome> {
    let cx = App {
        rubric_spec: cli.global.rubric.clone(),
        lang: cli.global.lang.unwrap_or_else(Lang::from_env),
        lang_given: cli.global.lang,
        strict: cli.global.strict,
        warnings: Default::default(),
        quiet: cli.global.quiet,
        error_format: cli.global.error_format,
        rubric_from_env: cli.global.rubric_from_env,
        rubric_given: cli.global.rubric_given,
        used: Default::default(),
        exits_after: cli.global.exits_after,
    };
    for w in crate::parallel::configure(cli.global.threads.map(|n| n as usize)) {
        cx.warn(&w);
    }
    let outcome = match cli.command {
        Command::Score(args) => crate::cmd::score::run(&cx, &args)?,
        Command::Validate(args) => crate::cmd::validate::run(&cx, &args)?,
        Command::Rubric(cmd) => crate::cmd::rubric::run(&cx, cmd)?,
        Command::Template(args) => crate::cmd::template::run(&cx, &args)?,
        Command::Report(args) => crate::cmd::report::run(&cx, &args)?,
        Command::Chart(args) => crate::cmd::chart::run(&cx, &args)?,
        Command::Compare(args) => crate::cmd::compare::run(&cx, &args)?,
        Command::Plan(args) => crate::cmd::plan::run(&cx, &args)?,
        Command::Diff(args) => crate::cmd::diff::run(&cx, &args)?,
        Command::Sensitivity(args) => crate::cmd::sensitivity::run(&cx, &args)?,
        Command::Regions(cmd) => crate::cmd::regions::run(&cx, cmd)?,
        Command::Completions(args) => crate::cmd::completions::run(&args, Cli::command())?,
        Command::Man(args) => crate::cmd::man::run(&args, Cli::command())?,
    };
    // A command that wrote nothing (validate) fails here.
    cx.check_strict()?;
    Ok(outcome)
}
