//! The `spbe` command: parses the command line, runs the command through the library
//! (`spbe::cli::run`) and turns the outcome into an exit code.

use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};
use spbe::{cli, exit, i18n::Lang, Outcome};

/// Blocks of 2 MiB or more in huge pages: the reader's long lists take a page fault per 2 MiB,
/// not per 4 KiB (see `spbe::alloc`).
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: spbe::alloc::HugeBlocks = spbe::alloc::HugeBlocks;

fn main() -> ExitCode {
    // An empty SPBE_RUBRIC (`SPBE_RUBRIC= spbe …`, or `export SPBE_RUBRIC=`) means unset, as
    // empty variables do elsewhere. Still one thread here, so changing the environment is safe.
    if std::env::var_os("SPBE_RUBRIC").is_some_and(|v| v.to_string_lossy().trim().is_empty()) {
        std::env::remove_var("SPBE_RUBRIC");
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = cli::Cli::command()
        .try_get_matches_from(&args)
        .and_then(|m| cli::Cli::from_arg_matches(&m).map(|c| (c, m)));
    let (mut cli, matches) = match parsed {
        Ok(c) => c,
        Err(e) if !e.use_stderr() => {
            // --help, --version
            let _ = e.print();
            return Outcome::Success.into();
        }
        Err(e) => {
            cli::print_usage_error(&e, cli::error_format_in(&args));
            return ExitCode::from(exit::BAD_INPUT);
        }
    };
    cli.global.rubric_from_env = rubric_source(&matches) == Some(ValueSource::EnvVariable);
    cli.global.rubric_given =
        matches!(rubric_source(&matches), Some(ValueSource::EnvVariable | ValueSource::CommandLine));
    // One command, then the process ends: what the command built is left to the exit.
    cli.global.exits_after = true;
    let format = cli.global.error_format;
    let lang = cli.global.lang.unwrap_or_else(Lang::from_env);
    match cli::run(cli) {
        Ok(outcome) => outcome.into(),
        Err(e) if is_broken_pipe(&e) => Outcome::Success.into(),
        Err(e) => {
            cli::print_error(&e, format, lang);
            ExitCode::from(exit::BAD_INPUT)
        }
    }
}

/// Where `--rubric` took its value from: the command line, SPBE_RUBRIC or the default (global
/// arguments are seen at every level; one given anywhere counts).
fn rubric_source(m: &clap::ArgMatches) -> Option<ValueSource> {
    let mut m = Some(m);
    let mut source = None;
    while let Some(cur) = m {
        if cur.try_get_one::<String>("rubric").ok().flatten().is_some() {
            let here = cur.value_source("rubric");
            if source.is_none() || here != Some(ValueSource::DefaultValue) {
                source = here;
            }
        }
        m = cur.subcommand().map(|(_, s)| s);
    }
    source
}

/// A closed stdout (`spbe score … | head`), also when the CSV writer wrapped the I/O error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    fn io_is_broken_pipe(io: &std::io::Error) -> bool {
        io.kind() == std::io::ErrorKind::BrokenPipe
            || io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<csv::Error>())
                .is_some_and(csv_is_broken_pipe)
    }
    fn csv_is_broken_pipe(c: &csv::Error) -> bool {
        matches!(c.kind(), csv::ErrorKind::Io(io) if io_is_broken_pipe(io))
    }
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(io_is_broken_pipe)
            || c.downcast_ref::<csv::Error>().is_some_and(csv_is_broken_pipe)
    })
}
