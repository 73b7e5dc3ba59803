//! `spbe man`: man pages generated from the clap definition.

use std::path::Path;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::output::{write_output, Destination};
use crate::Outcome;

pub fn run(args: &ManArgs) -> Result<Outcome> {
    match &args.dir {
        None => {
            let page = page(command())?;
            write_output(&Destination::Stdout, &[], |w| w.write_all(&page))?;
        }
        Some(dir) => {
            for (name, page) in pages()? {
                let dest = Destination::File { path: Path::new(dir).join(name), force: args.force };
                write_output(&dest, &[], |w| w.write_all(&page))?;
            }
        }
    }
    Ok(Outcome::Success)
}

fn command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

fn page(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    Ok(buf)
}

/// Every page: `spbe.1`, then one per command and subcommand (`spbe-score.1`, `spbe-rubric-show.1`).
pub fn pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    fn walk(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
        let name = clap_mangen::Man::new(cmd.clone()).get_filename();
        let subs: Vec<clap::Command> = cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned().collect();
        out.push((name, page(cmd)?));
        for sub in subs {
            walk(sub, out)?;
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(command(), &mut out)?;
    Ok(out)
}
