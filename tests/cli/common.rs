//! A small builder for running `spbe` in a temporary folder (after xsv's `Workdir`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root (for `examples/` and `tests/data/`).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn data(rel: &str) -> PathBuf {
    root().join("tests/data").join(rel)
}

pub fn example(rel: &str) -> PathBuf {
    root().join("examples").join(rel)
}

/// A temporary folder to run in, with files written into it.
pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Write a file (text) and return its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, contents).expect("write fixture");
        p
    }

    /// `spbe` with the working directory set here, a fixed language and no colour.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("spbe").expect("binary");
        c.current_dir(self.dir.path())
            .env_remove("SPBE_RUBRIC")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C")
            .env("NO_COLOR", "1");
        c
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).expect("read output")
    }
}

/// Run and return (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("run spbe");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A long-format CSV for one region with every spbe-2020 indicator at `level(i)`.
pub fn long_csv(region: &str, level: impl Fn(usize) -> u8) -> String {
    let mut s = String::from("region,indicator,level\n");
    for i in 1..=47 {
        s.push_str(&format!("{region},{i},{}\n", level(i)));
    }
    s
}

pub fn path_str(p: &Path) -> String {
    p.display().to_string()
}

/// A CSV form from `spbe template` with every level filled in with `level` (the level column
/// is the blank one after the name; note, finding and recommendation stay blank).
pub fn fill_form(form: &str, level: &str) -> String {
    form.lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l}\n")
            } else {
                format!("{}\n", l.replacen(",,,,,", &format!(",{level},,,,"), 1))
            }
        })
        .collect()
}
