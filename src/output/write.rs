//! Where output goes: stdout, or a file written atomically (a temp file in the same folder,
//! then renamed), never onto an input and never over an existing file without `--force`.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::assessment::Input;
use crate::i18n::Lang;
use crate::problem::{code, Problem, Problems};

#[derive(Debug, Clone)]
pub enum Destination {
    Stdout,
    File { path: PathBuf, force: bool },
}

fn refuse(path: &Path, code: &'static str, msg: String) -> anyhow::Error {
    Problems(vec![Problem::file(path.display().to_string(), code, msg)]).into()
}

/// Check a destination before any work is done, so a refused `-o` costs nothing.
pub fn check_destination(dest: &Destination, inputs: &[Input]) -> Result<()> {
    let Destination::File { path, force } = dest else { return Ok(()) };
    let lang = Lang::current();
    let target = canonical(path);
    for input in inputs {
        if let Input::Path(p) = input {
            if canonical(p) == target {
                return Err(refuse(
                    path,
                    code::OUTPUT_IS_INPUT,
                    format!(
                        "{}: {}",
                        lang.t("refusing to write", "menolak menulis"),
                        lang.t("it is one of the inputs", "berkas itu salah satu masukan")
                    ),
                ));
            }
        }
    }
    if path.is_dir() {
        return Err(refuse(
            path,
            code::OUTPUT_IS_DIR,
            format!(
                "{}: {}",
                lang.t("cannot write", "tidak dapat menulis"),
                lang.t("it is a directory", "itu sebuah folder")
            ),
        ));
    }
    if path.exists() && !force {
        return Err(refuse(
            path,
            code::OUTPUT_EXISTS,
            lang.t("exists; pass --force to replace it", "sudah ada; tambahkan --force untuk menggantinya")
                .into(),
        ));
    }
    Ok(())
}

fn canonical(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    // Not there yet: canonicalize the folder and keep the name.
    let parent = p.parent().filter(|x| !x.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let parent = parent.canonicalize().unwrap_or_else(|_| parent.to_path_buf());
    parent.join(p.file_name().unwrap_or_default())
}

/// Run `body` against the destination. For a file, nothing appears at `path` unless `body`
/// succeeds.
pub fn write_output(
    dest: &Destination,
    inputs: &[Input],
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    match dest {
        Destination::Stdout => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            body(&mut w)?;
            w.flush()?;
            Ok(())
        }
        Destination::File { path, .. } => {
            check_destination(dest, inputs)?;
            let failed = |what: &str, e: &dyn std::fmt::Display| {
                refuse(path, code::WRITE_FAILED, format!("cannot write ({what}: {e}); nothing was written"))
            };
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let mut builder = tempfile::Builder::new();
            builder.prefix(".spbe-").suffix(".tmp");
            // A temp file is private (0600); the output is an ordinary file, so let the umask decide.
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
            let mut tmp = builder
                .tempfile_in(dir)
                .map_err(|e| failed(&format!("creating a temporary file in {}", dir.display()), &e))?;
            {
                let mut w = BufWriter::new(tmp.as_file_mut());
                body(&mut w).map_err(|e| failed("writing", &e))?;
                w.flush().map_err(|e| failed("writing", &e))?;
            }
            tmp.as_file().sync_all().map_err(|e| failed("syncing", &e))?;
            // The temporary file is removed when dropped, so a failure above leaves nothing.
            tmp.persist(path).map_err(|e| failed("renaming the temporary file", &e.error))?;
            Ok(())
        }
    }
}
