//! Where output goes: stdout, or a path given with `-o`. Nothing the path names is ever
//! destroyed:
//! - a regular file (new, or an existing one with `--force`) is written to a temp file in its
//!   folder and renamed over it, so a failed run leaves the old file; a replaced file keeps its
//!   mode (and, where allowed, its owner);
//! - a symlink is written through to its target (atomically when the target is a regular file:
//!   the temp file goes beside the target and is renamed onto the target, not onto the link);
//! - a character device, FIFO, socket or an open descriptor (`/dev/stdout`, `/dev/fd/3`) is
//!   written to directly, with no temp file and no rename; a block device needs `--force`;
//! - an input is never written to, whatever the spelling (compared by device and inode).

use std::fs::{self, File, Metadata};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::assessment::Input;
use crate::i18n::{Lang, Localized};
use crate::problem::{code, Hint, Message, Problem, Problems};

/// Where a command's output goes (`-o FILE`, `--force`).
#[derive(Debug, Clone)]
pub enum Destination {
    /// Standard output.
    Stdout,
    /// A file, written to a temporary file beside it and renamed over it.
    File {
        /// The file named.
        path: PathBuf,
        /// Whether an existing file may be replaced (`--force`).
        force: bool,
    },
}

/// What a `-o` path turned out to be, after following its symlinks.
#[derive(Debug)]
enum Target {
    /// Nothing there yet (or a dangling link's target): created by temp file and rename.
    New(PathBuf),
    /// An existing regular file: replaced by temp file and rename, keeping its mode.
    Regular { path: PathBuf, meta: Metadata },
    /// A device, FIFO or open descriptor: opened and written in place.
    Stream { path: PathBuf, append: bool },
    /// A Unix socket: connected to and written in place.
    #[cfg(unix)]
    Socket(PathBuf),
}

/// Why a destination is refused, said in the language it is shown in.
#[derive(Debug, Clone)]
enum Refusal {
    /// Following its links or reading what it is failed (the system's error).
    CannotWrite(String),
    /// It is one of the inputs.
    IsInput,
    /// It is a folder.
    IsDir,
    /// A file that exists (`--force` replaces it).
    Exists,
    /// A read-only file that exists.
    ReadOnly,
    /// A block device (`--force` writes onto it).
    BlockDevice,
}

impl Localized for Refusal {
    fn message(&self, lang: Lang) -> String {
        let cannot_write = lang.t("cannot write", "tidak dapat menulis");
        match self {
            Refusal::CannotWrite(e) => format!("{cannot_write}: {e}"),
            Refusal::IsInput => format!(
                "{}: {}",
                lang.t("refusing to write", "menolak menulis"),
                lang.t("it is one of the inputs", "berkas itu salah satu masukan")
            ),
            Refusal::IsDir => format!("{cannot_write}: {}", lang.t("it is a directory", "itu sebuah folder")),
            Refusal::Exists => lang.t("exists", "sudah ada").to_string(),
            Refusal::ReadOnly => lang.t("is read-only", "hanya-baca").to_string(),
            Refusal::BlockDevice => lang.t("is a block device", "sebuah perangkat blok").to_string(),
        }
    }
}

fn refuse(path: &Path, code: &'static str, msg: impl Into<Message>) -> anyhow::Error {
    refuse_with(path, code, msg.into(), None)
}

/// A refusal, with what would help (the command line names the flag).
fn refuse_with(path: &Path, code: &'static str, msg: Message, hint: Option<Hint>) -> anyhow::Error {
    let p = Problem::file(path.display().to_string(), code, msg);
    Problems(vec![Problem { hint: hint.map(Box::new), ..p }]).into()
}

/// Check a destination before any work is done, so a refused `-o` costs nothing.
pub fn check_destination(dest: &Destination, inputs: &[Input]) -> Result<()> {
    if let Destination::File { path, force } = dest {
        classify(path, *force, inputs)?;
    }
    Ok(())
}

/// A new `-o` file that lands directly inside a folder given as input, with a name the folder
/// reader reads (`.csv`, `.xlsx`, …): written as asked, but the next run over that folder would
/// read it as an assessment, so the command warns.
#[derive(Debug, Clone)]
pub struct InsideInputFolder {
    /// The `-o` file, as given.
    pub file: PathBuf,
    /// The input folder, as given.
    pub folder: PathBuf,
}

impl Localized for InsideInputFolder {
    fn message(&self, lang: Lang) -> String {
        let (file, folder) = (self.file.display(), self.folder.display());
        match lang {
            Lang::En => format!(
                "{file} is written inside the input folder {folder}: the next run over that folder will read it as an assessment"
            ),
            Lang::Id => format!(
                "{file} ditulis di dalam folder masukan {folder}: proses berikutnya atas folder itu akan membacanya sebagai penilaian"
            ),
        }
    }
}

/// Whether `dest` is a new file of a readable kind directly inside one of `folders` (the input
/// folders as given); see [`InsideInputFolder`]. An existing file there was read as an input,
/// and is refused by [`check_destination`] instead.
pub fn inside_input_folder(dest: &Destination, folders: &[PathBuf]) -> Option<InsideInputFolder> {
    let Destination::File { path, .. } = dest else { return None };
    if !crate::assessment::has_input_extension(path) || fs::symlink_metadata(path).is_ok() {
        return None;
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let parent = parent.canonicalize().ok()?;
    folders
        .iter()
        .find(|f| f.canonicalize().is_ok_and(|f| f == parent))
        .map(|f| InsideInputFolder { file: path.clone(), folder: f.clone() })
}

/// Follow `path`'s symlinks to what they finally name, stopping at an open descriptor
/// (`/proc/self/fd/N`, reached also through `/dev/stdout` or `/dev/fd/N`), whose link text
/// (`pipe:[123]`) is not a path.
fn follow_links(path: &Path) -> std::io::Result<(PathBuf, bool)> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        if is_descriptor(&p) {
            return Ok((p, true));
        }
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok((p, false)),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Whether `p` is an entry of a process's descriptor folder under /proc.
fn is_descriptor(p: &Path) -> bool {
    let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) else { return false };
    dir.canonicalize().is_ok_and(|d| d.starts_with("/proc") && d.file_name().is_some_and(|n| n == "fd"))
}

fn classify(path: &Path, force: bool, inputs: &[Input]) -> Result<Target> {
    let cannot_write = |e: std::io::Error| {
        refuse(path, code::WRITE_FAILED, Message::said(Refusal::CannotWrite(e.to_string())))
    };
    let (target, descriptor) = follow_links(path).map_err(cannot_write)?;
    let meta = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(cannot_write(e)),
    };
    if let Some(m) = &meta {
        if inputs.iter().any(|i| matches!(i, Input::Path(p) if same_file(p, &target, m))) {
            return Err(refuse(path, code::OUTPUT_IS_INPUT, Message::said(Refusal::IsInput)));
        }
    }
    if descriptor {
        return Ok(Target::Stream { path: target, append: true });
    }
    let Some(meta) = meta else { return Ok(Target::New(target)) };
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(refuse(path, code::OUTPUT_IS_DIR, Message::said(Refusal::IsDir)));
    }
    if kind.is_file() {
        if !force {
            let (msg, hint) = if meta.permissions().readonly() {
                (Refusal::ReadOnly, Hint::ReplaceReadOnly)
            } else {
                (Refusal::Exists, Hint::Replace)
            };
            return Err(refuse_with(path, code::OUTPUT_EXISTS, Message::said(msg), Some(hint)));
        }
        return Ok(Target::Regular { path: target, meta });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_block_device() && !force {
            let msg = Message::said(Refusal::BlockDevice);
            return Err(refuse_with(path, code::OUTPUT_EXISTS, msg, Some(Hint::WriteDevice)));
        }
        if kind.is_socket() {
            return Ok(Target::Socket(target));
        }
    }
    // Character devices, FIFOs and (with --force) block devices.
    Ok(Target::Stream { path: target, append: false })
}

#[cfg(unix)]
fn same_file(input: &Path, _target: &Path, out: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(input).is_ok_and(|m| m.dev() == out.dev() && m.ino() == out.ino())
}

#[cfg(not(unix))]
fn same_file(input: &Path, target: &Path, _out: &Metadata) -> bool {
    // Without inodes, compare the canonical paths.
    matches!((input.canonicalize(), target.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// Run `body` against the destination. For a regular file, nothing appears at (or changes in)
/// the path unless `body` succeeds.
pub fn write_output(
    dest: &Destination,
    inputs: &[Input],
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let (path, force) = match dest {
        Destination::Stdout => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            body(&mut w)?;
            w.flush()?;
            return Ok(());
        }
        Destination::File { path, force } => (path, *force),
    };
    let stream_failed = |e: std::io::Error| {
        refuse(path, code::WRITE_FAILED, Message::said(Refusal::CannotWrite(e.to_string())))
    };
    match classify(path, force, inputs)? {
        Target::Stream { path: target, append } => {
            let file =
                fs::OpenOptions::new().write(true).append(append).open(&target).map_err(stream_failed)?;
            write_stream(file, body).map_err(stream_failed)
        }
        #[cfg(unix)]
        Target::Socket(target) => {
            let socket = std::os::unix::net::UnixStream::connect(&target).map_err(stream_failed)?;
            write_stream(socket, body).map_err(stream_failed)
        }
        Target::New(target) => replace(path, &target, None, body),
        Target::Regular { path: target, meta } => replace(path, &target, Some(&meta), body),
    }
}

fn write_stream(
    out: impl Write,
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut w = BufWriter::new(out);
    body(&mut w)?;
    w.flush()
}

/// Write a temp file beside `target` and rename it onto `target`; `old` is the file replaced,
/// whose mode (and owner, where allowed) the new file takes.
fn replace(
    shown: &Path,
    target: &Path,
    old: Option<&Metadata>,
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        refuse(shown, code::WRITE_FAILED, format!("cannot write ({what}: {e}); nothing was written"))
    };
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".spbe-").suffix(".tmp");
    // A temp file is private (0600); a new output is an ordinary file, so let the umask decide.
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
    if let Some(old) = old {
        keep_mode(tmp.as_file(), old).map_err(|e| failed("keeping the file's mode", &e))?;
    }
    tmp.as_file().sync_all().map_err(|e| failed("syncing", &e))?;
    // The temporary file is removed when dropped, so a failure above leaves nothing.
    tmp.persist(target).map_err(|e| failed("renaming the temporary file", &e.error))?;
    Ok(())
}

#[cfg(unix)]
fn keep_mode(file: &File, old: &Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // The owner first: changing it may clear set-id bits, which the mode then restores. Only
    // root may give a file away, so a failure here is not an error.
    let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    file.set_permissions(fs::Permissions::from_mode(old.mode() & 0o7777))
}

#[cfg(not(unix))]
fn keep_mode(file: &File, old: &Metadata) -> std::io::Result<()> {
    file.set_permissions(old.permissions())
}
