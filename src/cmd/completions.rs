//! `spbe completions SHELL`: a completion script generated from the clap definition.

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::output::{write_output, Destination};
use crate::Outcome;

pub fn run(args: &CompletionsArgs) -> Result<Outcome> {
    let script = script(args.shell);
    write_output(&Destination::Stdout, &[], |w| w.write_all(&script))?;
    Ok(Outcome::Success)
}

/// The completion script for a shell.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "spbe", &mut buf);
    buf
}
