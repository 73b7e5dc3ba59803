//! `-o` never destroys what it names: symlinks are written through, devices and FIFOs are
//! written in place, a replaced file keeps its mode, inputs are refused by identity.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;

use crate::common::{long_csv, path_str, run, Workdir};

/// One region with every indicator at 3 (index 3, Baik).
fn input(wd: &Workdir) -> String {
    path_str(&wd.write("in.csv", long_csv("A", |_| 3)))
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o7777
}

fn is_score_csv(text: &str) -> bool {
    text.starts_with("region,index,rating") && text.contains("\nA,3")
}

#[test]
fn a_symlink_is_written_through_to_its_target_atomically() {
    let wd = Workdir::new();
    let input = input(&wd);
    std::fs::create_dir(wd.path("real")).expect("mkdir");
    let target = wd.write("real/out.csv", "old\n");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    std::os::unix::fs::symlink("real/out.csv", wd.path("link.csv")).expect("symlink");

    let (code, _, err) = run(wd.cmd().args(["score", &input, "-f", "csv", "-o", "link.csv"]));
    assert_eq!(code, 2, "the target exists, so --force is needed");
    assert!(err.contains("link.csv: exists; pass --force"), "{err}");

    let (code, _, err) = run(wd.cmd().args(["score", &input, "-f", "csv", "-o", "link.csv", "--force"]));
    assert_eq!(code, 0, "{err}");
    let link = std::fs::symlink_metadata(wd.path("link.csv")).expect("link");
    assert!(link.file_type().is_symlink(), "the link is still a link");
    assert_eq!(std::fs::read_link(wd.path("link.csv")).expect("readlink"), Path::new("real/out.csv"));
    assert!(is_score_csv(&wd.read("real/out.csv")), "{}", wd.read("real/out.csv"));
    assert_eq!(mode(&target), 0o640, "the target keeps its mode");
    // The temp file went beside the target, and is gone.
    for dir in [wd.dir.path(), &wd.path("real")] {
        let tmp: Vec<_> = std::fs::read_dir(dir)
            .expect("read_dir")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(tmp.is_empty(), "{tmp:?}");
    }
}

#[test]
fn a_dangling_symlink_creates_its_target() {
    let wd = Workdir::new();
    let input = input(&wd);
    std::os::unix::fs::symlink("made.csv", wd.path("link.csv")).expect("symlink");
    let (code, _, err) = run(wd.cmd().args(["score", &input, "-f", "csv", "-o", "link.csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::symlink_metadata(wd.path("link.csv")).expect("link").file_type().is_symlink());
    assert!(is_score_csv(&wd.read("made.csv")));
}

#[test]
fn an_input_reached_through_a_symlink_or_hard_link_is_refused() {
    let wd = Workdir::new();
    let input = input(&wd);
    let before = wd.read("in.csv");
    std::os::unix::fs::symlink("in.csv", wd.path("sym.csv")).expect("symlink");
    std::fs::hard_link(wd.path("in.csv"), wd.path("hard.csv")).expect("hard link");
    for out in ["sym.csv", "hard.csv", "./in.csv", &input] {
        let (code, _, err) = run(wd.cmd().args(["score", "in.csv", "-f", "csv", "-o", out, "--force"]));
        assert_eq!(code, 2, "{out}");
        assert!(err.contains("refusing to write: it is one of the inputs"), "{out}: {err}");
        assert_eq!(wd.read("in.csv"), before, "{out}");
    }
    assert!(std::fs::symlink_metadata(wd.path("sym.csv")).expect("link").file_type().is_symlink());
}

#[test]
fn a_replaced_file_keeps_its_mode() {
    let wd = Workdir::new();
    let input = input(&wd);
    let out = wd.write("out.csv", "old\n");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let (code, _, err) = run(wd.cmd().args(["score", &input, "-f", "csv", "-o", "out.csv", "--force"]));
    assert_eq!(code, 0, "{err}");
    assert!(is_score_csv(&wd.read("out.csv")));
    assert_eq!(mode(&out), 0o600, "0600 stays 0600");
}

#[test]
fn a_read_only_file_is_refused_without_force_and_keeps_its_mode_with_it() {
    let wd = Workdir::new();
    let input = input(&wd);
    let out = wd.write("out.csv", "old\n");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let (code, _, err) = run(wd.cmd().args(["score", &input, "-f", "csv", "-o", "out.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("out.csv: is read-only; pass --force to replace it"), "{err}");
    assert_eq!(wd.read("out.csv"), "old\n");
    let (code, _, err) = run(wd.cmd().args(["score", &input, "-f", "csv", "-o", "out.csv", "--force"]));
    assert_eq!(code, 0, "{err}");
    assert!(is_score_csv(&wd.read("out.csv")));
    assert_eq!(mode(&out), 0o444);
}

#[test]
fn dev_stdout_needs_no_force() {
    let wd = Workdir::new();
    let input = input(&wd);
    let (code, out, err) = run(wd.cmd().args(["score", &input, "-f", "csv", "-o", "/dev/stdout"]));
    assert_eq!(code, 0, "{err}");
    assert!(is_score_csv(&out), "{out}");
    // Also through a link of our own to it.
    std::os::unix::fs::symlink("/dev/stdout", wd.path("o")).expect("symlink");
    let (code, out, err) = run(wd.cmd().args(["score", &input, "-f", "csv", "-o", "o"]));
    assert_eq!(code, 0, "{err}");
    assert!(is_score_csv(&out), "{out}");
    assert!(std::fs::symlink_metadata(wd.path("o")).expect("link").file_type().is_symlink());
}

#[test]
fn a_fifo_is_written_in_place() {
    let wd = Workdir::new();
    let input = input(&wd);
    let fifo = wd.path("pipe");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read fifo"))
    };
    let (code, _, err) = run(wd.cmd().args(["score", &input, "-f", "csv", "-o", "pipe"]));
    if code != 0 {
        // Let the reader finish rather than hang.
        drop(std::fs::OpenOptions::new().write(true).open(&fifo));
    }
    assert_eq!(code, 0, "{err}");
    let got = reader.join().expect("reader");
    assert!(is_score_csv(&got), "{got}");
    assert!(std::fs::symlink_metadata(&fifo).expect("fifo").file_type().is_fifo(), "still a FIFO");
}

/// `mknod` needs root; where it fails the test says so and checks nothing else.
fn mknod_char(path: &Path, major: u32, minor: u32) -> bool {
    let made = std::process::Command::new("mknod")
        .arg(path)
        .args(["c", &major.to_string(), &minor.to_string()])
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("mknod failed (not root?): device cases not checked");
    }
    made
}

#[test]
fn a_device_is_written_in_place_and_never_replaced() {
    let wd = Workdir::new();
    let input = input(&wd);
    // 1,3 is /dev/null and 1,7 is /dev/full on Linux.
    if !mknod_char(&wd.path("null"), 1, 3) || !mknod_char(&wd.path("full"), 1, 7) {
        return;
    }
    let (code, out, err) = run(wd.cmd().args(["score", &input, "-f", "csv", "-o", "null"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    let (code, _, err) = run(wd.cmd().args(["score", &input, "-f", "json", "-o", "full", "--force"]));
    assert_eq!(code, 2);
    assert!(err.contains("full: cannot write: No space left on device"), "{err}");
    for name in ["null", "full"] {
        let meta = std::fs::symlink_metadata(wd.path(name)).expect("node");
        assert!(meta.file_type().is_char_device(), "{name} is still a device");
    }
    // And through a symlink.
    std::os::unix::fs::symlink("full", wd.path("link")).expect("symlink");
    let (code, _, _) = run(wd.cmd().args(["score", &input, "-f", "json", "-o", "link", "--force"]));
    assert_eq!(code, 2);
    assert!(std::fs::symlink_metadata(wd.path("link")).expect("link").file_type().is_symlink());
    assert!(std::fs::symlink_metadata(wd.path("full")).expect("node").file_type().is_char_device());
}

#[test]
fn a_socket_is_written_to_directly() {
    let wd = Workdir::new();
    let input = input(&wd);
    let listener = std::os::unix::net::UnixListener::bind(wd.path("sock")).expect("bind");
    let reader = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().expect("accept");
        let mut got = String::new();
        std::io::Read::read_to_string(&mut s, &mut got).expect("read");
        got
    });
    let (code, _, err) = run(wd.cmd().args(["score", &input, "-f", "csv", "-o", "sock"]));
    assert_eq!(code, 0, "{err}");
    assert!(is_score_csv(&reader.join().expect("reader")));
    assert!(std::fs::symlink_metadata(wd.path("sock")).expect("sock").file_type().is_socket());
}

#[test]
fn a_new_output_inside_an_input_folder_is_written_with_a_warning() {
    let wd = Workdir::new();
    wd.write("forms/in.csv", long_csv("A", |_| 3));
    let warning = "forms/hasil.csv is written inside the input folder forms: the next run over that folder will read it as an assessment";
    let (code, _, err) = run(wd.cmd().args(["score", "forms", "-f", "csv", "-o", "forms/hasil.csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(warning), "{err}");
    assert!(is_score_csv(&wd.read("forms/hasil.csv")));
    // In Indonesian, and with its own code for pipelines.
    let (code, _, err) =
        run(wd.cmd().args(["score", "forms", "-f", "csv", "-o", "forms/b.csv", "--lang", "id"]));
    assert_eq!(code, 2, "forms/hasil.csv is now read as an input and is no assessment: {err}");
    std::fs::remove_file(wd.path("forms/hasil.csv")).expect("rm");
    let (code, _, err) =
        run(wd.cmd().args(["score", "forms", "-f", "csv", "-o", "forms/b.csv", "--lang", "id"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("forms/b.csv ditulis di dalam folder masukan forms: proses berikutnya atas folder itu akan membacanya sebagai penilaian"), "{err}");
    std::fs::remove_file(wd.path("forms/b.csv")).expect("rm");
    let (code, _, err) =
        run(wd.cmd().args(["score", "forms", "-f", "csv", "-o", "forms/c.csv", "--error-format", "json"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(r#""code":"output-in-input-folder""#), "{err}");
    std::fs::remove_file(wd.path("forms/c.csv")).expect("rm");
    // Not for a file the folder reader leaves alone, nor beside the folder, nor for a file given
    // directly.
    for (input, out) in [("forms", "forms/page.html"), ("forms", "out.csv"), ("forms/in.csv", "forms/d.csv")]
    {
        let cmd = if out.ends_with(".html") { "report" } else { "score" };
        let mut c = wd.cmd();
        c.args([cmd, input, "-o", out]);
        if cmd == "score" {
            c.args(["-f", "csv"]);
        }
        let (code, _, err) = run(&mut c);
        assert_eq!(code, 0, "{input} -o {out}: {err}");
        assert!(!err.contains("inside the input folder"), "{input} -o {out}: {err}");
    }
}
