//! Short region labels for charts that stay distinct: "Pemerintah Kabupaten Bolaang Mongondow
//! Timur" and "… Selatan" must not both become "…Bolaang Mongondo…".
//!
//! A label drops the word "Pemerintah" (every instansi has it), writes "Kabupaten" as "Kab.",
//! and when it is still too long is cut in the middle, so that both the kind of region at the
//! start and the distinguishing last word stay. Labels of different regions never come out
//! equal: a cut that would make two equal is made longer, up to the whole name. Full names stay
//! in tables and in each chart element's `<title>`.

use std::collections::HashMap;

/// `name` as a chart shows it before any cut: without a leading "Pemerintah", "Kabupaten" as
/// "Kab.".
pub fn short(name: &str) -> String {
    let name = name.trim();
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if words.len() > 1 && words[0].eq_ignore_ascii_case("pemerintah") {
        words.remove(0);
    }
    words
        .iter()
        .map(|w| if w.eq_ignore_ascii_case("kabupaten") { "Kab." } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `s` in at most `max` characters: whole, or its start and end around a `…`.
pub fn cut_middle(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let keep = max.saturating_sub(1).max(2);
    let head = keep.div_ceil(2);
    let tail = keep - head;
    let start: String = s.chars().take(head).collect();
    let end: String = s.chars().skip(n - tail).collect();
    format!("{}…{}", start.trim_end(), end.trim_start())
}

/// Labels of at most `max` characters for `names`, one per name, distinct wherever the names
/// are (see the module doc).
pub fn distinct(names: &[String], max: usize) -> Vec<String> {
    distinct_with(names, max, cut_middle)
}

/// Like [`distinct`], with `render(short name, budget)` drawing a label within a budget of
/// characters (say, on two lines). Where two labels of different names come out equal, their
/// budgets grow until they differ; where even the short names are equal, the full names are
/// used.
pub fn distinct_with(names: &[String], max: usize, render: impl Fn(&str, usize) -> String) -> Vec<String> {
    let shorts: Vec<String> = names.iter().map(|n| short(n)).collect();
    // A short name shared by two different names (e.g. "Pemerintah Kabupaten X" and
    // "Kabupaten X") tells them apart no more: those keep their full names.
    let mut by_short: HashMap<String, Vec<&str>> = HashMap::new();
    for (n, s) in names.iter().zip(&shorts) {
        let seen = by_short.entry(s.to_lowercase()).or_default();
        if !seen.contains(&n.as_str()) {
            seen.push(n);
        }
    }
    let bases: Vec<String> = names
        .iter()
        .zip(shorts)
        .map(|(n, s)| if by_short[&s.to_lowercase()].len() > 1 { n.clone() } else { s })
        .collect();
    let mut budgets = vec![max; names.len()];
    let mut labels: Vec<String> = (0..names.len()).map(|i| render(&bases[i], budgets[i])).collect();
    loop {
        // Labels drawn for more than one base.
        let mut bases_of: HashMap<&str, Vec<&str>> = HashMap::new();
        for (l, b) in labels.iter().zip(&bases) {
            let seen = bases_of.entry(l).or_default();
            if !seen.contains(&b.as_str()) {
                seen.push(b);
            }
        }
        let grow: Vec<usize> = (0..names.len())
            .filter(|&i| bases_of[labels[i].as_str()].len() > 1 && budgets[i] < bases[i].chars().count())
            .collect();
        if grow.is_empty() {
            return labels;
        }
        for i in grow {
            budgets[i] += 1;
            labels[i] = render(&bases[i], budgets[i]);
        }
    }
}

/// `s` on at most two lines of `width` characters, broken between words; what does not fit is
/// cut in the middle of the second line.
pub fn two_lines(s: &str, width: usize) -> Vec<String> {
    if s.chars().count() <= width {
        return vec![s.to_string()];
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut len = 0;
    let mut k = 0;
    while k < words.len() {
        let next = len + usize::from(k > 0) + words[k].chars().count();
        if next > width {
            break;
        }
        len = next;
        k += 1;
    }
    if k == 0 {
        // One long first word: cut it.
        let first: String = s.chars().take(width).collect();
        let rest: String = s.chars().skip(width).collect();
        return vec![first, cut_middle(rest.trim(), width)];
    }
    vec![words[..k].join(" "), cut_middle(&words[k..].join(" "), width)]
}

/// [`two_lines`] as [`distinct_with`] renders it: the lines joined with a newline, the budget
/// spread over both lines.
pub fn two_line_labels(names: &[String], width: usize) -> Vec<Vec<String>> {
    let render = |s: &str, budget: usize| {
        let extra = budget.saturating_sub(2 * width);
        two_lines(s, width + extra).join("\n")
    };
    distinct_with(names, 2 * width, render)
        .into_iter()
        .map(|l| l.split('\n').map(str::to_string).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bolmong() -> Vec<String> {
        ["Timur", "Selatan", "Utara"]
            .iter()
            .map(|s| format!("Pemerintah Kabupaten Bolaang Mongondow {s}"))
            .collect()
    }

    #[test]
    fn the_shared_words_go() {
        assert_eq!(short("Pemerintah Kabupaten Bolaang Mongondow Timur"), "Kab. Bolaang Mongondow Timur");
        assert_eq!(short("Pemerintah Kota Jambi"), "Kota Jambi");
        assert_eq!(short("  Pemerintah  Provinsi Jambi "), "Provinsi Jambi");
        // A name that is only the word stays.
        assert_eq!(short("Pemerintah"), "Pemerintah");
    }

    #[test]
    fn cuts_keep_both_ends() {
        assert_eq!(cut_middle("Kerinci", 10), "Kerinci");
        // 28 characters into 15: 14 kept, 7 from each end around the ellipsis.
        assert_eq!(cut_middle("Kab. Bolaang Mongondow Timur", 15), "Kab. Bo…w Timur");
        assert_eq!(cut_middle("Kab. Bolaang Mongondow Timur", 15).chars().count(), 15);
    }

    #[test]
    fn bolaang_mongondow_stays_three_regions() {
        let names = bolmong();
        for max in [6, 10, 15, 20, 40] {
            let labels = distinct(&names, max);
            assert_eq!(labels.len(), 3);
            assert!(
                labels[0] != labels[1] && labels[1] != labels[2] && labels[0] != labels[2],
                "{max}: {labels:?}"
            );
        }
        assert_eq!(distinct(&names, 40)[0], "Kab. Bolaang Mongondow Timur");
        // Cut to 12: 6 characters, the ellipsis, the last 5: the last words differ.
        assert_eq!(distinct(&names, 12), vec!["Kab. B…Timur", "Kab. B…latan", "Kab. B…Utara"]);
        // Cut to 7, "Kota A Tengah" and "Kota B Tengah" are both "Kot…gah": they grow until
        // the start holds the letter (budget 12: "Kota A", the ellipsis, "engah").
        let towns = vec!["Kota A Tengah".to_string(), "Kota B Tengah".to_string()];
        assert_eq!(distinct(&towns, 7), vec!["Kota A…engah", "Kota B…engah"]);
    }

    #[test]
    fn equal_short_names_fall_back_to_the_full_names() {
        let names = vec!["Pemerintah Kabupaten Kerinci".to_string(), "Kabupaten Kerinci".to_string()];
        assert_eq!(distinct(&names, 40), names);
        // The same name twice is one region: one label.
        let same = vec!["Pemerintah Kota Jambi".to_string(), "Pemerintah Kota Jambi".to_string()];
        assert_eq!(distinct(&same, 40), vec!["Kota Jambi", "Kota Jambi"]);
    }

    #[test]
    fn titles_wrap_onto_two_lines() {
        assert_eq!(two_lines("Kota Jambi", 20), vec!["Kota Jambi"]);
        assert_eq!(two_lines("Kab. Bolaang Mongondow Timur", 20), vec!["Kab. Bolaang", "Mongondow Timur"]);
        // The second line, 36 characters, is cut in the middle to 24: 12 (the trailing space
        // trimmed), the ellipsis, the last 11.
        assert_eq!(
            two_lines("Dinas Komunikasi dan Informatika Kabupaten Tanjung Jabung", 24),
            vec!["Dinas Komunikasi dan", "Informatika…jung Jabung"]
        );
        let labels = two_line_labels(&bolmong(), 12);
        assert_eq!(labels[0], vec!["Kab. Bolaang", "Mongon…Timur"]);
        assert!(labels[0] != labels[1] && labels[1] != labels[2] && labels[0] != labels[2], "{labels:?}");
    }
}
