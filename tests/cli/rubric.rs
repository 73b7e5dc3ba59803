//! `spbe rubric`, `spbe template` and the command-line definition.

use crate::common::{run, Workdir};

#[test]
fn cli_definition_is_consistent() {
    use clap::CommandFactory;
    spbe::cli::Cli::command().debug_assert();
}

#[test]
fn list_shows_the_three_embedded_rubrics() {
    let wd = Workdir::new();
    let (code, out, _) = run(wd.cmd().args(["rubric", "list", "--format", "csv"]));
    assert_eq!(code, 0);
    let ids: Vec<&str> = out.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(ids, ["spbe-2020", "spbe-2018", "pemdi-2026"]);
}

#[test]
fn show_prints_the_tree_with_weights() {
    let wd = Workdir::new();
    let (code, out, _) = run(wd.cmd().args(["rubric", "show", "spbe-2020", "--format", "csv"]));
    assert_eq!(code, 0);
    assert!(out.contains("D4,,domain,Layanan SPBE,45.5"), "{out}");
    assert!(out.contains("47,A8,indicator,Layanan Publik Sektor 3,3"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn check_accepts_a_sound_file_and_reports_every_problem_of_a_bad_one() {
    let wd = Workdir::new();
    let good = include_str!("../../rubrics/pemdi-2026.toml");
    wd.write("good.toml", good);
    let (code, out, _) = run(wd.cmd().args(["rubric", "check", "good.toml"]));
    assert_eq!(code, 0);
    assert!(out.contains("0 domains, 7 aspects, 20 indicators"), "{out}");
    // Indicator 1 weight 5 → 4.99 (A1 no longer adds up), and a duplicate id.
    let bad = good.replacen("weight = 5.0\n", "weight = 4.99\n", 1).replacen("id = \"20\"", "id = \"19\"", 1);
    assert_ne!(bad, good);
    let p = wd.write("bad.toml", &bad);
    let (code, _, err) = run(wd.cmd().args(["rubric", "check", "bad.toml"]));
    assert_eq!(code, 2);
    // The duplicate is the second `id = "19"` line; the value starts at column 6.
    let lines: Vec<&str> = bad.lines().collect();
    let second = lines.iter().rposition(|l| *l == "id = \"19\"").unwrap() + 1;
    assert!(err.contains(&format!("bad.toml:{second}:6: duplicate id `19`")), "{err}");
    assert!(
        err.contains("the weights of the indicators of A1 add up to 9.99, not to its weight 10"),
        "{err}"
    );
    assert!(err.contains(&p.file_name().unwrap().to_string_lossy().to_string()));
}

#[test]
fn custom_rubric_from_a_path_scores() {
    let wd = Workdir::new();
    wd.write(
        "mini.toml",
        "id = \"mini\"\ntitle = \"Mini\"\nstatus = \"official\"\n[scale]\nmin = 1\nmax = 4\n\
         [[band]]\nname = \"Rendah\"\nmin = 1\n[[band]]\nname = \"Tinggi\"\nmin = 2.5\n\
         [[aspect]]\nid = \"A\"\nname = \"A\"\nweight = 3\n[[aspect]]\nid = \"B\"\nname = \"B\"\nweight = 1\n\
         [[indicator]]\nid = \"1\"\naspect = \"A\"\nname = \"satu\"\nweight = 3\n\
         [[indicator]]\nid = \"2\"\naspect = \"B\"\nname = \"dua\"\nweight = 1\n",
    );
    wd.write("in.csv", "region,1,2\nR,2,4\n");
    // (2×3 + 4×1)/4 = 2.5 → Tinggi.
    let (code, out, err) =
        run(wd.cmd().args(["score", "in.csv", "--rubric", "mini.toml", "--format", "csv"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "region,index,rating,A,B\nR,2.5,Tinggi,2,4\n");
    let (code, _, err) = run(wd.cmd().args(["score", "in.csv", "--rubric", "nope"]));
    assert_eq!(code, 2);
    assert!(err.contains("unknown rubric `nope`"), "{err}");
}

#[test]
fn template_fills_in_and_scores() {
    let wd = Workdir::new();
    let (code, out, _) = run(wd.cmd().args(["template", "--region", "Kab. Tebo"]));
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "region,indicator,name,level,note,finding,recommendation,rubric");
    assert_eq!(lines.len(), 48);
    assert_eq!(
        lines[1],
        "Kab. Tebo,1,Kebijakan Internal Arsitektur SPBE Instansi Pusat/Pemerintah Daerah,,,,,spbe-2020"
    );
    // Fill every level with 4 and score: 4, Sangat Baik.
    wd.write("tebo.csv", crate::common::fill_form(&out, "4"));
    let (code, out, err) = run(wd.cmd().args(["score", "tebo.csv", "--format", "csv"]));
    assert_eq!(code, 0, "{err}");
    // Kab. Tebo is 15.09 in the Kemendagri registry.
    assert_eq!(out.lines().nth(1).unwrap(), "Kab. Tebo,15.09,4,Sangat Baik,4,4,4,4");
    // Unfilled, it is reported as missing rather than scored.
    let (code, _, err) = run(wd.cmd().args(["template", "--region", "X", "-o", "blank.csv"]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(wd.cmd().args(["score", "blank.csv"]));
    assert_eq!(code, 2);
    assert!(err.contains("missing 47 indicators"), "{err}");
}
