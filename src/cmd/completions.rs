//! `spbe completions SHELL`: a completion script generated from the clap definition.

use anyhow::Result;

use crate::output::{write_output, Destination};
use crate::Outcome;

/// The end of `spbe completions --help`.
pub const HELP: &str = "\
Examples:
  spbe completions bash > ~/.local/share/bash-completion/completions/spbe
  spbe completions zsh > ~/.zfunc/_spbe            (with fpath+=~/.zfunc in ~/.zshrc)
  spbe completions fish > ~/.config/fish/completions/spbe.fish
  spbe completions powershell >> $PROFILE";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// `cli` is the whole command line, as the script completes it.
pub fn run(args: &Args, cli: clap::Command) -> Result<Outcome> {
    let script = script(args.shell, cli);
    write_output(&Destination::Stdout, &[], |w| w.write_all(&script))?;
    Ok(Outcome::Success)
}

/// The completion script for a shell.
pub fn script(shell: clap_complete::Shell, mut cli: clap::Command) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cli, "spbe", &mut buf);
    buf
}
