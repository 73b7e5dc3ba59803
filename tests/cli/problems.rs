//! Problems people can read: alike problems collapse into one line, the count past the cap is
//! right, a blank level is named where it is.

use crate::common::{long_csv, run, Workdir};

#[test]
fn a_file_copied_into_a_folder_gives_one_line_not_47() {
    let wd = Workdir::new();
    let text = long_csv("Kab. Kerinci", |_| 3);
    wd.write("in/kerinci.csv", &text);
    wd.write("in/kerinci-copy.csv", &text); // read first: `-` sorts before `.`
    let (code, _, err) = run(wd.cmd().args(["score", "in"]));
    assert_eq!(code, 2);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with(
            "error: in/kerinci.csv:2:3: indicator 1 of Kab. Kerinci is given twice (first at in/kerinci-copy.csv:2) (and 46 more like it, at 3:3, 4:3"
        ),
        "{err}"
    );
    assert_eq!(lines[1], "47 problems found");
    // Machine output keeps one object per problem.
    let (_, _, err) = run(wd.cmd().args(["score", "in", "--error-format", "json"]));
    assert_eq!(err.lines().count(), 47, "{err}");
}

#[test]
fn the_count_past_the_cap_is_right() {
    let wd = Workdir::new();
    // 500 rows with an empty region: 200 listed, 300 counted (reading goes on to the end).
    let mut text = String::from("region,indicator,level\n");
    for i in 0..500 {
        text.push_str(&format!(",{},3\n", i % 47 + 1));
    }
    wd.write("bad.csv", text);
    let (code, _, err) = run(wd.cmd().args(["score", "bad.csv", "--error-format", "json"]));
    assert_eq!(code, 2);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 201, "200 problems and the count");
    assert!(lines[200].contains("… and 300 more problems in this file"), "{}", lines[200]);
    // The message in JSON is the one people see: with the flag that helps.
    assert!(
        lines[0].contains(r#""message":"empty region: fill it in, or pass --region NAME""#),
        "{}",
        lines[0]
    );
    let (_, _, err) = run(wd.cmd().args(["score", "bad.csv"]));
    assert!(err.ends_with("500 problems found\n"), "{err}");
    // 201 problems: one past the cap.
    let mut text = String::from("region,indicator,level\n");
    for i in 0..201 {
        text.push_str(&format!(",{},3\n", i % 47 + 1));
    }
    wd.write("bad.csv", text);
    let (_, _, err) = run(wd.cmd().args(["score", "bad.csv"]));
    assert!(err.contains("bad.csv: … and 1 more problem in this file"), "{err}");
    assert!(err.ends_with("201 problems found\n"), "{err}");
}

#[test]
fn a_blank_level_is_named_where_it_is() {
    let wd = Workdir::new();
    // Indicator i on line i + 1; 41's level left blank on line 42, column 3.
    let text = long_csv("Kab. Kerinci", |_| 3).replace("\nKab. Kerinci,41,3\n", "\nKab. Kerinci,41,\n");
    wd.write("k.csv", text);
    let (code, _, err) = run(wd.cmd().args(["score", "k.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("Kab. Kerinci: missing 1 indicator (41); left blank: 41 at k.csv:42:3;"), "{err}");
}
