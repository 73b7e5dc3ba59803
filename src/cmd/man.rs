//! `spbe man`: man pages generated from the clap definition.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::output::{write_output, Destination};
use crate::Outcome;

/// The end of `spbe man --help`.
pub const HELP: &str = "\
Examples:
  spbe man | man -l -                              read it now
  spbe man > /usr/local/share/man/man1/spbe.1      install the main page
  spbe man --dir /usr/local/share/man/man1         one page per command (spbe-score.1, ...)";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write spbe.1 and one page per command (spbe-score.1, ...) into DIR instead of printing spbe.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Replace pages that exist in DIR.
    #[arg(long, requires = "dir")]
    pub force: bool,
}

/// `cli` is the whole command line, the pages' source.
pub fn run(args: &Args, cli: clap::Command) -> Result<Outcome> {
    match &args.dir {
        None => {
            let page = page(command(cli))?;
            write_output(&Destination::Stdout, &[], |w| w.write_all(&page))?;
        }
        Some(dir) => {
            for (name, page) in pages(cli)? {
                let dest = Destination::File { path: Path::new(dir).join(name), force: args.force };
                write_output(&dest, &[], |w| w.write_all(&page))?;
            }
        }
    }
    Ok(Outcome::Success)
}

fn command(cli: clap::Command) -> clap::Command {
    let mut cmd = cli.disable_help_subcommand(true);
    cmd.build();
    cmd
}

fn page(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    Ok(buf)
}

/// Every page: `spbe.1`, then one per command and subcommand (`spbe-score.1`, `spbe-rubric-show.1`).
pub fn pages(cli: clap::Command) -> std::io::Result<Vec<(String, Vec<u8>)>> {
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
    walk(command(cli), &mut out)?;
    Ok(out)
}
