use super::super::{read_with, Assessments};
use super::*;
use crate::problem::Problems;
use crate::rubric::embedded;
use proptest::prelude::*;

fn rubric() -> Rubric {
    embedded("spbe-2020").unwrap().load().unwrap()
}

const GENERAL: Option<Parallel> = None;

fn fast(threads: usize, min_part: u64) -> Option<Parallel> {
    Some(Parallel::split(threads, min_part))
}

/// What a reading gives, in a form that can be compared.
type Outcome =
    Result<(Vec<String>, Vec<Assessment>, Vec<crate::problem::Problem>), Vec<crate::problem::Problem>>;

fn outcome(r: Result<Assessments, Problems>) -> Outcome {
    r.map(|s| (s.files, s.items, s.warnings)).map_err(|p| p.0)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Input {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    Input::Path(path)
}

/// The regions of a file as the fast reader reads it on its own, or None if it gives up.
fn fast_only(r: &Rubric, input: &Input, parallel: Parallel) -> Option<Regions> {
    let Input::Path(p) = input else { unreachable!() };
    read_regions(r, input, p, &ReadOptions::default(), 0, parallel, true).ok()
}

#[test]
fn what_is_new_is_left_to_the_general_reader() {
    let dir = tempfile::tempdir().unwrap();
    let spbe = rubric();
    let pemdi = crate::rubric::embedded("pemdi-2026").unwrap().load().unwrap();
    let one = Parallel::split(1, 1 << 20);
    // Values below the regulated scale (each warned about), findings and a rubric column.
    let cases: [(&Rubric, &str); 4] = [
        (&spbe, "region,indicator,level\nA,1,0\n"),
        (&spbe, "region,indicator,level\nA,1,0.0\n"),
        (&spbe, "region,indicator,level,catatan,rekomendasi\nA,1,3,x,y\n"),
        (&spbe, "region,indicator,level,rubric\nA,1,3,spbe-2020\n"),
    ];
    for (n, (r, text)) in cases.into_iter().enumerate() {
        let input = write(dir.path(), &format!("{n}.csv"), text.as_bytes());
        assert!(fast_only(r, &input, one).is_none(), "{text}");
        // And the general reader reads it, with the same result whatever the path.
        let general = outcome(read_with(r, std::slice::from_ref(&input), &ReadOptions::default(), GENERAL));
        assert_eq!(
            outcome(read_with(r, std::slice::from_ref(&input), &ReadOptions::default(), fast(2, 1))),
            general
        );
    }
    // Whole levels on the continuous scale still take the fast path.
    let input = write(dir.path(), "whole.csv", b"region,indicator,level\nA,1,2\n");
    assert!(fast_only(&pemdi, &input, one).is_some());
}

#[test]
fn reads_a_plain_long_file_in_parts_like_the_general_reader() {
    let r = rubric();
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("\u{feff}region,indicator,level,note\r\n\r\n");
    for region in ["Kab. A", "Kota  B", "Kab. A "] {
        for i in 1..=47 {
            if region == "Kab. A " && i > 1 {
                continue;
            }
            let id = if i % 2 == 0 { format!("0{i}") } else { i.to_string() };
            let note = if i == 5 { "bukti ada" } else { "" };
            text.push_str(&format!(
                "{region},{id},{},{note}\r\n",
                if region == "Kab. A " { "" } else { "3" }
            ));
        }
    }
    let input = write(dir.path(), "a.csv", text.as_bytes());
    for (threads, min_part) in [(1, 1 << 20), (2, 1), (3, 10), (7, 1)] {
        let regions = fast_only(&r, &input, Parallel::split(threads, min_part)).expect("fast path");
        let keys: Vec<&str> = regions.list.iter().map(|x| x.key.region.as_str()).collect();
        // "Kota  B" has its spaces collapsed; "Kab. A " is trimmed into "Kab. A".
        assert_eq!(keys, ["Kab. A", "Kota B"]);
        // Line 1 header, 2 blank, then indicator i of Kab. A on line 2 + i.
        let ind = |id: &str| r.find(id).unwrap();
        assert_eq!(regions.lines[0][ind("1")], 3);
        assert_eq!(regions.lines[1][ind("47")], 2 + 47 + 47);
        assert_eq!(regions.list[0].notes(), [(ind("5"), "note".to_string(), "bukti ada".to_string())]);
    }
    let general = outcome(read_with(&r, std::slice::from_ref(&input), &ReadOptions::default(), GENERAL));
    for parallel in [fast(1, 1 << 20), fast(2, 1), fast(5, 3)] {
        let read = outcome(read_with(&r, std::slice::from_ref(&input), &ReadOptions::default(), parallel));
        assert_eq!(read, general);
    }
    let (_, items, _) = general.unwrap();
    assert_eq!(items[0].values[r.find("1").unwrap()], Some(3.0));
}

#[test]
fn parts_merge_in_file_order_whatever_the_regions_seen_before() {
    // Regions in order, one's rows cut in two (the rest at the end of the file, so that a
    // later part holds it in its middle), or rows by indicator (every part sees every region:
    // the later parts' regions all seen before). Each is read in parts like the general reader.
    let r = rubric();
    let dir = tempfile::tempdir().unwrap();
    let level = |region: usize, i: usize| (region + i) % 5 + 1;
    let row = |region: usize, i: usize| format!("Kab. {region},{i},{}\n", level(region, i));
    let mut in_order = String::from("region,indicator,level\n");
    let mut late = String::new();
    for region in 0..200 {
        for i in 1..=47 {
            if region == 120 && i > 20 {
                late.push_str(&row(region, i))
            } else {
                in_order.push_str(&row(region, i))
            }
        }
    }
    in_order.push_str(&late);
    let mut by_indicator = String::from("region,indicator,level\n");
    for i in 1..=47 {
        for region in 0..200 {
            by_indicator.push_str(&row(region, i));
        }
    }
    for (name, text) in [("in-order.csv", in_order), ("by-indicator.csv", by_indicator)] {
        let input = write(dir.path(), name, text.as_bytes());
        let general = outcome(read_with(&r, std::slice::from_ref(&input), &ReadOptions::default(), GENERAL));
        for (threads, min_part) in [(2, 1), (3, 1000), (7, 1)] {
            let regions = fast_only(&r, &input, Parallel::split(threads, min_part)).expect("fast path");
            let keys: Vec<String> = regions.list.iter().map(|x| x.key.region.clone()).collect();
            let want: Vec<String> = (0..200).map(|n| format!("Kab. {n}")).collect();
            assert_eq!(keys, want, "{name}, {threads} threads");
            // Indicator 47 of region 120 is read, wherever its row was.
            assert_eq!(regions.list[120].values[r.find("47").unwrap()], Some(level(120, 47) as f64));
            let read = outcome(read_with(
                &r,
                std::slice::from_ref(&input),
                &ReadOptions::default(),
                fast(threads, min_part),
            ));
            assert_eq!(read, general, "{name}, {threads} threads");
        }
    }
}

#[test]
fn windows_and_blocks_of_any_size_read_like_one() {
    // Names of more than a stride, ids of one and two digits, CRLF line ends and a last line
    // without one: with windows (or blocks) that leave 1 to 64 bytes to parse at a time, their
    // edges fall inside every name, id and CRLF pair, and inside the part boundaries' lines.
    let r = rubric();
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("region,indicator,level\r\n");
    for region in ["Kabupaten Kepulauan Seribu Utara Sekali", "Kota B", "Kabupaten Pegunungan Bintang"] {
        for i in 1..=47 {
            text.push_str(&format!("{region},{i},{}\r\n", 1 + i % 5));
        }
    }
    text.truncate(text.len() - 2);
    let input = write(dir.path(), "w.csv", text.as_bytes());
    let general = outcome(read_with(&r, std::slice::from_ref(&input), &ReadOptions::default(), GENERAL));
    let whole = fast_only(&r, &input, Parallel::split(1, 1 << 20)).expect("fast path");
    assert_eq!(whole.list.len(), 3);
    for threads in [1, 2] {
        for map in [true, false] {
            // A mapped window leaves its last STRIDE bytes to the next; a block does not.
            for block in STRIDE + 1..=STRIDE + 64 {
                let p = Parallel { block, map, ..Parallel::split(threads, 1) };
                let read = fast_only(&r, &input, p).expect("fast path");
                assert_eq!((&read.lines, &read.firsts), (&whole.lines, &whole.firsts), "{p:?}");
                let read =
                    outcome(read_with(&r, std::slice::from_ref(&input), &ReadOptions::default(), Some(p)));
                assert_eq!(read, general, "{p:?}");
            }
        }
    }
    // Parts split as a thread done early splits them (the back half of what is left), here
    // before any is read, so that they are split whatever the threads' timing: the split-off
    // parts' lines are counted from the top of the file all the same.
    for presplit in 1..=3 {
        for block in STRIDE + 1..=STRIDE + 64 {
            let p = Parallel { block, presplit, ..Parallel::split(1, 1) };
            let read = fast_only(&r, &input, p).expect("fast path");
            assert_eq!(read.parts, presplit + 1, "{p:?}");
            assert_eq!(
                (&read.lines, &read.firsts),
                (&whole.lines, &whole.firsts),
                "{presplit} splits, {p:?}"
            );
            assert_eq!(&read.list, &whole.list, "{presplit} splits, {p:?}");
        }
    }
    // One part to begin with and three threads: the others take the back half of what it has
    // left, when they start before it is done (the timing decides, so only the result is
    // checked).
    for block in STRIDE + 1..=STRIDE + 64 {
        let p = Parallel { block, parts: 1, ..Parallel::split(3, 1) };
        let read = fast_only(&r, &input, p).expect("fast path");
        assert_eq!((&read.lines, &read.firsts), (&whole.lines, &whole.firsts), "{p:?}");
        assert_eq!(&read.list, &whole.list, "{p:?}");
    }
    let (_, items, _) = general.unwrap();
    // Indicator 47 of the last region, on the last line: level 1 + 47 % 5 = 3.
    assert_eq!(items[2].values[r.find("47").unwrap()], Some(3.0));
}

#[test]
fn names_are_spelled_as_the_general_reader_spells_them() {
    for name in
        ["Kab. A", "", " ", "Kota  B", " Kab. C", "Kab. D ", "Kab.\tE", "Kab.\u{a0}F", "Kab. Ê", "a\x0Bb"]
    {
        assert_eq!(spelled(name), name.split_whitespace().collect::<Vec<_>>().join(" "), "{name:?}");
    }
}

proptest! {
    /// The shortcut for plain names gives what collapsing the white space gives, whatever the
    /// bytes: controls, runs of spaces, spaces at either end, non-ASCII letters and spaces.
    #[test]
    fn names_are_spelled_as_the_general_reader_spells_them_whatever_the_characters(
        name in proptest::collection::vec(prop::sample::select(vec![
            "a", "B", ".", " ", "  ", "\t", "\x0B", "\x01", "\x7F", "\u{a0}", "Ê", "\u{2003}",
        ]), 0..12).prop_map(|parts| parts.concat())
    ) {
        prop_assert_eq!(spelled(&name), name.split_whitespace().collect::<Vec<_>>().join(" "));
    }

    /// A name taken as it is (see `plain_name`) is one that the general way keeps as it is.
    #[test]
    fn plain_names_need_no_cleaning(
        name in proptest::collection::vec(prop::sample::select(vec![
            "a", "B", ".", " ", "  ", "\t", "\x0B", "\x01", "\x7F", "\u{a0}", "Ê", "\"", "\r", "\0", "\u{200b}",
        ]), 0..12).prop_map(|parts| parts.concat())
    ) {
        let general = text(name.as_bytes())
            .ok()
            .filter(|t| !t.is_empty() && t.len() <= MAX_NAME_BYTES && super::super::clean_name(t).is_none())
            .map(spelled);
        if plain_name(name.as_bytes()) {
            prop_assert_eq!(general.as_deref(), Some(&name[..]));
        } else if name.bytes().all(|c| c.is_ascii_graphic() && c != b'"' || c == b' ') {
            // Plain ASCII but for its spaces: they are what the general way changes.
            prop_assert!(general.as_deref() != Some(&name[..]) || name.is_empty());
        }
    }
}

#[test]
fn long_names_are_plain_only_up_to_the_limit() {
    let name = "a".repeat(MAX_NAME_BYTES);
    assert!(plain_name(name.as_bytes()));
    assert!(!plain_name(format!("{name}b").as_bytes()));
}

#[test]
fn separators_are_found_the_same_by_every_method() {
    let mut chunk = [b'x'; STRIDE];
    for (k, b) in [(0, b','), (7, b'\n'), (8, b';'), (13, b','), (31, b'\n'), (20, 0x80 | b',')] {
        chunk[k] = b;
    }
    let expected: u64 = (1 << 0) | (1 << 7) | (1 << 13) | (1 << 31);
    assert_eq!(separators(&chunk, b','), expected);
    #[cfg(target_arch = "x86_64")]
    assert_eq!(separators_swar(&chunk, b','), expected);
    let all = [b'\t'; STRIDE];
    assert_eq!(separators(&all, b'\t'), u64::from(u32::MAX));
}

proptest! {
    #[test]
    fn separators_match_a_byte_by_byte_scan(bytes in proptest::collection::vec(prop::sample::select(vec![b',', b';', b'\n', b'\t', b'a', 0x8A, 0xAC, 0x0A ^ 0x80]), STRIDE)) {
        let chunk: [u8; STRIDE] = bytes.clone().try_into().unwrap();
        for d in [b',', b';', b'\t'] {
            let expected = bytes.iter().enumerate().filter(|(_, &b)| b == d || b == b'\n').fold(0u64, |m, (k, _)| m | 1 << k);
            prop_assert_eq!(separators(&chunk, d), expected);
            prop_assert_eq!(separators_swar(&chunk, d), expected);
        }
    }
}

#[test]
fn fields_compare_like_slices_at_every_length() {
    // Every length up to three 16-byte words, a difference at every place (and none).
    let a: Vec<u8> = (0..48u8).map(|i| b'A' + i % 26).collect();
    let copy = a.clone();
    for n in 0..=a.len() {
        assert!(same(&a[..n], &copy[..n]), "length {n}");
        for k in 0..n {
            let mut b = a[..n].to_vec();
            b[k] ^= 0x20;
            assert!(!same(&a[..n], &b), "length {n}, byte {k}");
        }
        assert!(n == 0 || !same(&a[..n], &a[..n - 1]), "length {n} against one shorter");
    }
}

#[test]
fn prefixes_compare_like_slices_at_every_length() {
    // Every length up to four chunks, a line that goes on past the prefix (or ends, or is
    // shorter than the chunks), a difference at every place (and none).
    fn check<const N: usize>(a: &[u8]) {
        for n in (16 * N).saturating_sub(15)..=(16 * N).min(a.len()) {
            let prefix = Chunks::<N>::new(&a[..n]);
            assert_eq!(prefix.len, n);
            let mut line = a.to_vec();
            line.resize(a.len() + 64, b'x');
            assert!(prefix.starts(&line, 0), "length {n}");
            assert!(prefix.starts(&[b"??", &line[..]].concat(), 2), "length {n} at 2");
            if N > 0 {
                assert!(!prefix.starts(&line[..16 * N - 1], 0), "length {n}, too short for the chunks");
            }
            for k in 0..n {
                let mut b = line.clone();
                b[k] ^= 0x20;
                assert!(!prefix.starts(&b, 0), "length {n}, byte {k}");
            }
        }
    }
    let a: Vec<u8> = (0..64u8).map(|i| b'A' + i % 26).collect();
    check::<0>(&a);
    check::<1>(&a);
    check::<2>(&a);
    check::<3>(&a);
    check::<4>(&a);
}

proptest! {
    #[test]
    fn bytes_compare_the_same_by_every_method(pairs in proptest::collection::vec((prop::sample::select(vec![b'a', b'b', 0x80, 0xE1, 0]), any::<bool>()), 16)) {
        let a: [u8; 16] = std::array::from_fn(|k| pairs[k].0);
        let b: [u8; 16] = std::array::from_fn(|k| if pairs[k].1 { pairs[k].0 } else { pairs[k].0 ^ 1 });
        let plain = equal_bytes_plain(&a, &b);
        prop_assert_eq!(equal_bytes(&a, &b), plain);
        prop_assert_eq!(plain.count_ones() as usize, pairs.iter().filter(|p| p.1).count());
    }

    /// The table of common short rows finds what the general way finds, for any eight bytes
    /// of such lines (and bytes of data cut short anywhere), on a whole and a continuous scale.
    #[test]
    fn short_rows_read_the_same_with_and_without_the_table(
        bytes in proptest::collection::vec(prop::sample::select(b"0123456789,;\t\n\r.7".to_vec()), 8),
        delimiter in prop::sample::select(vec![',', ';', '\t']),
        len in 0usize..10,
        pemdi in any::<bool>(),
    ) {
        let r = if pemdi { embedded("pemdi-2026").unwrap().load().unwrap() } else { rubric() };
        let d = delimiter.to_string();
        let header = format!("region{d}indicator{d}level\n");
        let input = Input::Path("rows.csv".into());
        let (layout, ..) = Layout::new(&r, &input, header.as_bytes(), &ReadOptions::default(), false).unwrap();
        prop_assert!(layout.short_rows);
        let w: [u8; 8] = bytes.try_into().unwrap();
        prop_assert_eq!(layout.short_row(&w, len), layout.short_row_plain(&w, len), "{:?}", String::from_utf8_lossy(&w));
    }
}

#[test]
fn common_short_rows_are_read_from_the_table() {
    let r = rubric();
    let input = Input::Path("rows.csv".into());
    let (layout, ..) =
        Layout::new(&r, &input, b"region;indicator;level\n", &ReadOptions::default(), false).unwrap();
    let node = |id: &str| r.find(id).unwrap();
    // Level 3 is code 4 (see `Values`); the line's length with its newline.
    let row = |text: &[u8]| {
        let mut w = [b'x'; 8];
        w[..text.len()].copy_from_slice(text);
        layout.short_row(&w, 8)
    };
    assert_eq!(row(b"12;3\n"), Some((node("12"), Level::Code(4), 5)));
    assert_eq!(row(b"07;3\n"), Some((node("7"), Level::Code(4), 5)));
    assert_eq!(row(b"7;5\n"), Some((node("7"), Level::Code(6), 4)));
    // Off the scale (0 and 6: spbe-2020's levels are 1 to 5), no such indicator, the line
    // ending past the data, another delimiter: not these rows.
    for text in [&b"12;0\n"[..], b"12;6\n", b"48;3\n", b"0;3\n", b"12,3\n"] {
        assert_eq!(row(text), None, "{}", String::from_utf8_lossy(text));
    }
    assert_eq!(layout.short_row(b"12;3\nxyz", 4), None);
    assert_eq!(layout.short_row(b"12;3\nxyz", 5), Some((node("12"), Level::Code(4), 5)));
}

proptest! {
    /// Rows of an assessor's two decimals (`12,1.26`, `7;2,50`), built digit by digit rather
    /// than drawn byte by byte (which would seldom make one), read the same by the shapes of
    /// such rows and by the general way: on and off the scale, with ids of no indicator, either
    /// point, and the data cut short anywhere.
    #[test]
    fn decimal_short_rows_read_the_same_with_and_without_their_shape(
        id in 0usize..100,
        two_digit_id in any::<bool>(),
        whole in 0usize..10,
        hundredths in 0usize..100,
        comma in any::<bool>(),
        delimiter in prop::sample::select(vec![',', ';', '\t']),
        after in proptest::collection::vec(prop::sample::select(b"0123456789,;.\n".to_vec()), 8),
        len in 0usize..10,
    ) {
        let r = embedded("pemdi-2026").unwrap().load().unwrap();
        let d = delimiter.to_string();
        let header = format!("region{d}indicator{d}level\n");
        let input = Input::Path("rows.csv".into());
        let (layout, ..) = Layout::new(&r, &input, header.as_bytes(), &ReadOptions::default(), false).unwrap();
        let point = if comma { ',' } else { '.' };
        let id = if two_digit_id { format!("{id:02}") } else { (id % 10).to_string() };
        let line = format!("{id}{d}{whole}{point}{hundredths:02}\n");
        let mut w = [0u8; 8];
        w.copy_from_slice(&[line.as_bytes(), &after].concat()[..8]);
        prop_assert_eq!(layout.short_row(&w, len), layout.short_row_plain(&w, len), "{:?}", line);
    }
}

#[test]
fn common_decimal_rows_are_read_by_their_shape() {
    let r = embedded("pemdi-2026").unwrap().load().unwrap();
    let input = Input::Path("rows.csv".into());
    let (semicolon, ..) =
        Layout::new(&r, &input, b"region;indicator;level\n", &ReadOptions::default(), false).unwrap();
    let (comma, ..) =
        Layout::new(&r, &input, b"region,indicator,level\n", &ReadOptions::default(), false).unwrap();
    let node = |id: &str| r.find(id).unwrap();
    let row = |layout: &Layout, text: &[u8]| {
        let mut w = [b'x'; 8];
        w[..text.len()].copy_from_slice(text);
        layout.short_row(&w, 8)
    };
    // 1.26 is 1,260 thousandths; a whole 2.00 is level 2, whose code is 3 (see `Values`).
    assert_eq!(row(&semicolon, b"12;1,26\n"), Some((node("12"), Level::Milli(1260), 8)));
    assert_eq!(row(&semicolon, b"12;1.26\n"), Some((node("12"), Level::Milli(1260), 8)));
    assert_eq!(row(&comma, b"7,4.05\n"), Some((node("7"), Level::Milli(4050), 7)));
    assert_eq!(row(&comma, b"07,2.00\n"), Some((node("7"), Level::Code(3), 8)));
    // A comma is the delimiter of a comma file, not its point; 5.01 and 0.50 are off the
    // regulated scale (the general reader flags them); no indicator 0.
    for text in [&b"7,4,05\n"[..], b"7,5.01\n", b"7,0.50\n", b"0,2.50\n"] {
        assert_eq!(row(&comma, text), None, "{}", String::from_utf8_lossy(text));
    }
    // The line ends past the data.
    assert_eq!(comma.short_row(b"7,4.05\nx", 6), None);
    assert_eq!(comma.short_row(b"7,4.05\nx", 7), Some((node("7"), Level::Milli(4050), 7)));
}

proptest! {
    #[test]
    fn the_first_newline_of_a_word_is_found(bytes in proptest::collection::vec(prop::sample::select(vec![b'\n', b'\r', 0x8A, b'1', 0x0B, 0x00]), 8)) {
        let w = word(&bytes);
        prop_assert_eq!(newline_in(w), bytes.iter().position(|&b| b == b'\n'));
    }
}

/// `one_spelling_per_fold` with the names' own fold hashes, with every name under one hash
/// (all collide) and with few hashes, which keep names of one fold under one hash as the
/// parts' hashes do.
fn spellings_agree(names: &[String]) -> bool {
    let state = foldhash::fast::RandomState::default();
    let own: Vec<u64> = names.iter().map(|n| state.hash_one(fold(n))).collect();
    let answers: Vec<bool> = [own.clone(), vec![7; names.len()], own.iter().map(|h| (h % 3) << 61).collect()]
        .iter()
        .map(|folds| one_spelling_per_fold(folds, |i| &names[i]))
        .collect();
    assert!(answers.iter().all(|&a| a == answers[0]), "{answers:?} for {} names", names.len());
    answers[0]
}

#[test]
fn names_of_one_fold_must_be_spelled_alike() {
    let strings = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    for (names, alike) in [
        (&[][..], true),
        (&["Kab. A"][..], true),
        (&["Kab. A", "Kab. B", "Kab. A"][..], true), // another year of Kab. A
        (&["Kab. A", "KAB. A"][..], false),
        (&["Kab. A", "Kab. B", "kab. a"][..], false),
        (&["Kota Bau-Bau", "Kota Baubau"][..], true), // two folds
        (&["Kab. Ü", "kab. ü"][..], false),
    ] {
        assert_eq!(spellings_agree(&strings(names)), alike, "{names:?}");
    }
    // Thousands of buckets: every name once, then each again (another year); then one respelled
    // at the end, or in the middle of the names.
    let many: Vec<String> = (0..20_000).map(|i| format!("Pemerintah Kota Wilayah {i:06}")).collect();
    let twice: Vec<String> = many.iter().chain(&many).cloned().collect();
    assert!(spellings_agree(&many) && spellings_agree(&twice));
    for at in [twice.len(), 10_000] {
        let mut respelled = twice.clone();
        respelled.insert(at, "PEMERINTAH KOTA WILAYAH 004321".into());
        assert!(!spellings_agree(&respelled), "at {at}");
    }
}

#[test]
fn gives_up_on_what_it_cannot_vouch_for() {
    let r = rubric();
    let dir = tempfile::tempdir().unwrap();
    let ok = "region,indicator,level\nKab. A,1,3\n";
    assert!(fast_only(&r, &write(dir.path(), "ok.csv", ok.as_bytes()), Parallel::from_env()).is_some());
    for (n, bad) in [
        "region,indicator,level\n\"Kab. A\",1,3\n",         // quotes
        "region,indicator,level\nKab. A,1,3\nKab. A,1,4\n", // given twice
        "region,indicator,level\nKab. A,A1,3\n",            // an aspect
        "region,indicator,level\nKab. A,48,3\n",            // unknown id
        "region,indicator,level\nKab. A,1,6\n",             // off the scale
        "region,indicator,level\nKab. A,1,3.5\n",           // not whole
        "region,indicator,level\n,1,3\n",                   // no region
        "region,indicator,level\nKab. A,1,3,x\n",           // an extra field
        "region,indicator,level\nKab. A,1\n",               // a missing field
        "region,indicator,level\nKab. A\r,1,3\n",           // a lone CR ends a record
        "region,indicator,level\nKab. \u{0}A,1,3\n",        // NUL
        "region,indicator,level\n",                         // no rows
        "region,1,2\nKab. A,3,3\n",                         // wide
    ]
    .iter()
    .enumerate()
    {
        let input = write(dir.path(), &format!("bad{n}.csv"), bad.as_bytes());
        assert!(fast_only(&r, &input, Parallel::from_env()).is_none(), "{bad:?}");
    }
    let latin1 = b"region,indicator,level\nKab. Pak\xe9,1,3\n";
    assert!(fast_only(&r, &write(dir.path(), "latin1.csv", latin1), Parallel::from_env()).is_none());
}

#[test]
fn pemdi_decimals_take_the_fast_path_and_equal_the_general_reader() {
    let r = embedded("pemdi-2026").unwrap().load().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // Decimal points, decimal commas (`;` files), whole levels, 4 places (full precision).
    let levels = ["1.26", "2,5", "3", "4.125", "1.2345", "5", "2.0", "1,3"];
    for (d, sep) in [(",", '.'), (";", ','), ("\t", ',')] {
        let mut text = format!("region{d}indicator{d}level\n");
        for region in ["Kab. A", "Kota B"] {
            for i in 1..=20 {
                let raw = levels[i % levels.len()];
                let raw = if d == "," { raw.replace(',', ".") } else { raw.replace('.', &sep.to_string()) };
                text.push_str(&format!("{region}{d}{i}{d}{raw}\n"));
            }
        }
        let input = write(dir.path(), &format!("p{}.csv", d.len()), text.as_bytes());
        for parallel in [Parallel::split(1, 1 << 20), Parallel::split(3, 1)] {
            assert!(fast_only(&r, &input, parallel).is_some(), "{d:?}");
        }
        let general = outcome(read_with(&r, std::slice::from_ref(&input), &ReadOptions::default(), GENERAL));
        let before = TAKEN.with(|n| n.get());
        let read = outcome(read_with(&r, std::slice::from_ref(&input), &ReadOptions::default(), fast(2, 1)));
        // Read to the end and kept by the fast reader, not handed to the general one.
        assert_eq!(TAKEN.with(|n| n.get()), before + 1, "{d:?}");
        assert_eq!(read, general);
        let (_, items, _) = general.unwrap();
        // Indicator 1 is "2,5" (levels[1]), read as the f64 that 2.5 parses to.
        assert_eq!(items[0].values[r.find("1").unwrap()], Some(2.5));
        assert_eq!(items[0].values[r.find("4").unwrap()], Some("1.2345".parse().unwrap()));
    }
}

#[test]
fn a_value_colliding_with_an_earlier_file_is_reported_with_its_line() {
    let r = rubric();
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.csv", b"region,indicator,level\nKab. A,1,3\nKab. A,2,4\n");
    let b = write(dir.path(), "b.csv", b"region,indicator,level\nKab. A,3,3\nKab. A,2,1\n");
    let err = read_with(&r, &[a, b], &ReadOptions::default(), fast(2, 1)).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("b.csv:3:3"), "{text}");
    assert!(text.contains("indicator 2 of Kab. A is given twice (first at "), "{text}");
    assert!(text.contains("a.csv:3)"), "{text}");
}

// --- random inputs ---------------------------------------------------------------------

/// A field of a random file: mostly valid, sometimes anything the general reader accepts or
/// reports.
fn region() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["Kab. A", "Kota B", "Prov. C"]).prop_map(str::to_string),
        1 => prop::sample::select(vec!["Kab.  A", " Kab. A ", "Kab. Pakpak Bharat é", "", "Kab. \"A\"", "\u{a0}Kab. A", "KAB. A", "kab. 0", "Kab.\tA", "Kab.\u{b}A"])
            .prop_map(str::to_string),
        1 => Just("Kab. ".to_string() + &"x".repeat(1001)),
    ]
}

fn indicator() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (1u32..=47).prop_map(|i| i.to_string()),
        1 => prop::sample::select(vec!["07", " 12 ", "A1", "d2", "48", "", "x"]).prop_map(str::to_string),
    ]
}

fn level() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (1u32..=5).prop_map(|i| i.to_string()),
        1 => prop::sample::select(vec!["", " 4 ", "3.5", "3,5", "0", "6", "x", "2.0", "05", "1.26", "2,125", "4.5000", "0.5"]).prop_map(str::to_string),
    ]
}

fn note() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["", "", "", "ada", " bukti  ", "a\"b"]).prop_map(str::to_string)
}

#[derive(Debug, Clone)]
struct File {
    delimiter: char,
    bom: bool,
    crlf: bool,
    year: bool,
    note: bool,
    rows: Vec<(String, String, String, String, String)>,
    blank_every: usize,
    /// Empty lines among the blank ones (else only lines of spaces and delimiters).
    empty_lines: bool,
    trailing_delimiter: bool,
    /// A `nama` column (ignored by the readers): 0 none, 1 plain names, 2 the first row's
    /// name quoted around a delimiter, 3 the first row's name quoted across two lines that
    /// split naively would read as a row of their own.
    name: u8,
}

fn file(clean: bool) -> impl Strategy<Value = File> {
    let rows = if clean {
        // Distinct indicators per region, whole levels, plain names: the fast path's case.
        (1usize..4, proptest::collection::vec((1u32..=5, 0u32..3), 47))
            .prop_map(|(regions, levels)| {
                let mut rows = Vec::new();
                for r in 0..regions {
                    for (i, (l, y)) in levels.iter().enumerate() {
                        rows.push((
                            format!("Kab. {r}"),
                            (i + 1).to_string(),
                            ((*l as usize + r) % 5 + 1).to_string(),
                            (2022 + y).to_string(),
                            String::new(),
                        ));
                    }
                }
                rows
            })
            .prop_shuffle()
            .boxed()
    } else {
        // Valid rows (each region and indicator once), then a few changes of any kind: an
        // odd field, or a row given twice.
        let valid =
            proptest::collection::vec((0usize..3, 1u32..=47, 1u32..=5, any::<bool>(), 0usize..6), 0..40)
                .prop_map(|rows| {
                    let mut seen = std::collections::HashSet::new();
                    rows.into_iter()
                        .filter(|(r, i, ..)| seen.insert((*r, *i)))
                        .map(|(r, i, l, y, n)| {
                            let year = if y { "2024" } else { "" };
                            let note = ["", "", "", "ada", " bukti  ", "Rp 5.000"][n];
                            (
                                format!("Kab. {r}"),
                                i.to_string(),
                                l.to_string(),
                                year.to_string(),
                                note.to_string(),
                            )
                        })
                        .collect::<Vec<_>>()
                });
        let change = (0usize..1000, 0usize..6, region(), indicator(), level(), note());
        (valid, proptest::collection::vec(change, 0..3))
            .prop_map(|(mut rows, changes)| {
                for (at, what, region, id, level, note) in changes {
                    if rows.is_empty() {
                        break;
                    }
                    let at = at % rows.len();
                    match what {
                        0 => rows[at].0 = region,
                        1 => rows[at].1 = id,
                        2 => rows[at].2 = level,
                        3 => rows[at].3 = if at % 2 == 0 { "20x" } else { "2024.0" }.to_string(),
                        4 => rows[at].4 = note,
                        _ => {
                            let row = rows[at].clone();
                            rows.push(row);
                        }
                    }
                }
                rows
            })
            .boxed()
    };
    (
        prop::sample::select(vec![',', ';', '\t']),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        rows,
        prop_oneof![Just(0usize), 2usize..20],
        any::<bool>(),
        any::<bool>(),
        if clean { 0u8..2 } else { 0u8..4 },
    )
        .prop_map(
            |(delimiter, bom, crlf, year, note, rows, blank_every, empty_lines, trailing_delimiter, name)| {
                File {
                    delimiter,
                    bom,
                    crlf,
                    year,
                    note,
                    rows,
                    blank_every,
                    empty_lines,
                    trailing_delimiter,
                    name,
                }
            },
        )
}

impl File {
    fn bytes(&self) -> Vec<u8> {
        let d = self.delimiter.to_string();
        let blank = format!(" {d} ");
        let end = if self.crlf { "\r\n" } else { "\n" };
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        let mut header = vec!["region", "indicator", "level"];
        if self.year {
            header.push("tahun");
        }
        if self.note {
            header.push("keterangan");
        }
        if self.name > 0 {
            header.push("nama");
        }
        out.push_str(&header.join(&d));
        out.push_str(end);
        for (n, (region, id, level, year, note)) in self.rows.iter().enumerate() {
            if self.blank_every > 0 && n % self.blank_every == 0 {
                out.push_str(match n % 3 {
                    0 if self.empty_lines => "",
                    1 => "  ",
                    _ => &blank,
                });
                out.push_str(end);
            }
            let mut fields = vec![region.as_str(), id.as_str(), level.as_str()];
            if self.year {
                fields.push(year);
            }
            if self.note {
                fields.push(note);
            }
            let trap = format!("\"x{end}Kab. 9{d}5{d}3{}y\"", d.repeat(header.len() - 3));
            let name = match (self.name, n) {
                (0, _) => None,
                (2, 0) => Some(format!("\"Kebijakan{d} Internal\"")),
                (3, 0) => Some(trap),
                _ => Some("Kebijakan Internal".to_string()),
            };
            if let Some(name) = &name {
                fields.push(name);
            }
            out.push_str(&fields.join(&d));
            if self.trailing_delimiter {
                out.push_str(&d);
            }
            if n + 1 < self.rows.len() || n % 3 != 0 {
                out.push_str(end);
            }
        }
        out.into_bytes()
    }
}

/// `parts` splits the files, `window` (bytes, mapped or not) the reading of each part.
fn check_same(files: &[File], parts: (usize, u64), window: (usize, bool)) -> Result<bool, TestCaseError> {
    let r = rubric();
    let dir = tempfile::tempdir().unwrap();
    let inputs: Vec<Input> =
        files.iter().enumerate().map(|(n, f)| write(dir.path(), &format!("f{n}.csv"), &f.bytes())).collect();
    let opts = ReadOptions::default();
    let read = |fast| outcome(read_with(&r, &inputs, &opts, fast));
    let general = read(GENERAL);
    prop_assert_eq!(&read(fast(1, u64::MAX)), &general);
    prop_assert_eq!(&read(fast(parts.0, parts.1)), &general);
    let small = Parallel { block: window.0, map: window.1, ..Parallel::split(parts.0, parts.1) };
    prop_assert_eq!(&read(Some(small)), &general);
    // Fewer parts than threads: the threads without one split the others' (see Spans::steal).
    let stealing = Parallel { parts: 1, threads: parts.0 + 1, ..small };
    prop_assert_eq!(&read(Some(stealing)), &general);
    let all_fast = inputs.iter().all(|i| fast_only(&r, i, Parallel::split(parts.0, parts.1)).is_some());
    // Windows or blocks of a few bytes end inside names, ids and line ends, and take the same
    // files.
    prop_assert_eq!(inputs.iter().all(|i| fast_only(&r, i, small).is_some()), all_fast);
    Ok(all_fast)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Any file, valid or not: the fast reader (in one part or several) gives what the
    /// general reader gives, assessments or problems.
    #[test]
    fn parallel_sequential_and_general_readers_agree(
        files in proptest::collection::vec(file(false), 1..3),
        threads in 2usize..5,
        min_part in 1u64..200,
        block in 1usize..100,
        map in any::<bool>(),
    ) {
        check_same(&files, (threads, min_part), (block, map))?;
    }

    /// Clean files take the fast path, split anywhere, and still agree.
    #[test]
    fn clean_files_take_the_fast_path_and_agree(
        files in proptest::collection::vec(file(true), 1..3),
        threads in 2usize..5,
        min_part in 1u64..500,
        block in 1usize..100,
        map in any::<bool>(),
    ) {
        let all_fast = check_same(&files, (threads, min_part), (block, map))?;
        prop_assert!(all_fast);
    }
}

/// A value on pemdi-2026's continuous scale as an assessor writes it: a whole level, or a
/// decimal with one to six places (up to six leaves the fast path's compact thousandths for
/// its f64 column); now and then a value the reader refuses or warns about.
fn decimal_value() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => (1000u32..=5000, 0usize..=6).prop_map(|(n, places)| match places {
            0 => (n / 1000).to_string(),
            p => {
                let s = format!("{}.{:03}", n / 1000, n % 1000);
                // 1 or 2 places cut the thousandths; more pad them with digits.
                if p <= 3 { s[..s.len() - (3 - p)].to_string() } else { format!("{s}{}", "7".repeat(p - 3)) }
            }
        }),
        1 => prop::sample::select(vec!["0.5", "5.01", "", " 2.5 ", "2.50", "1e0", "x", "0", "0.75", "9.99", "1.00", "5.00"]).prop_map(str::to_string),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// Decimal values (points in comma files, commas in `;` and tab files): the fast reader,
    /// in one part or several, gives what the general reader gives, and plain decimal files
    /// stay on the fast path.
    #[test]
    fn decimal_values_read_the_same_on_both_paths(
        delimiter in prop::sample::select(vec![',', ';', '\t']),
        regions in 1usize..4,
        values in proptest::collection::vec(decimal_value(), 20 * 3),
        threads in 1usize..4,
        min_part in 1u64..400,
        again in 1usize..=20,
    ) {
        let r = embedded("pemdi-2026").unwrap().load().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let d = delimiter.to_string();
        let mut text = format!("region{d}indicator{d}level\n");
        for region in 0..regions {
            for i in 1..=20 {
                let raw = &values[region * 20 + i - 1];
                let raw = if delimiter == ',' { raw.clone() } else { raw.replace('.', ",") };
                text.push_str(&format!("Kab. {region}{d}{i}{d}{raw}\n"));
            }
        }
        let input = write(dir.path(), "p.csv", text.as_bytes());
        let opts = ReadOptions::default();
        let general = outcome(read_with(&r, std::slice::from_ref(&input), &opts, GENERAL));
        let parallel = Parallel::split(threads, min_part);
        prop_assert_eq!(&outcome(read_with(&r, std::slice::from_ref(&input), &opts, Some(parallel))), &general);
        let plain = values[..regions * 20].iter().all(|v| {
            let t = v.trim();
            !t.is_empty() && t.parse::<f64>().is_ok_and(|x| (1.0..=5.0).contains(&x)) && !t.contains('e')
        });
        if plain {
            prop_assert!(fast_only(&r, &input, parallel).is_some(), "{}", text);
        }
        // A second file giving one of the values again: the message names the line of the
        // first, which the fast reader counts (rows of whole levels and decimals alike).
        let twice = write(dir.path(), "q.csv", format!("region{d}indicator{d}level\nKab. 0{d}{again}{d}3\n").as_bytes());
        let both = [input, twice];
        let general = outcome(read_with(&r, &both, &opts, GENERAL));
        prop_assert_eq!(&outcome(read_with(&r, &both, &opts, Some(parallel))), &general);
    }
}
