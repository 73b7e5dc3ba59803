//! Problems found in user input, each with where it was found and a stable code.
//!
//! Readers collect every problem in a file before giving up, so a user fixes a whole file in
//! one pass instead of one error per run. The same type carries warnings (input accepted with
//! a remark). `--error-format json` prints each as one JSON object per line (see [`Problem::json_line`]).

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use crate::i18n::{Lang, Localized};

/// Where in an input a problem was found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Position {
    /// The file as a whole.
    File,
    /// A line (1-based), and a column (1-based field or character number) when known.
    Text {
        /// The line, from 1.
        line: usize,
        /// The field or character, from 1, where known.
        column: Option<usize>,
    },
    /// A spreadsheet cell such as `Sheet1!C14`.
    Cell {
        /// The sheet's name.
        sheet: String,
        /// The cell (`C14`), or a row (`14:14`).
        cell: String,
    },
}

/// One line of `--error-format json` (see [`Problem::json_line`]).
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct ProblemLine<'a> {
    pub severity: &'static str,
    pub file: Option<&'a str>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<&'a str>,
    pub message: &'a str,
    pub code: &'static str,
}

/// What a problem says: a text that reads alike in both languages (most readers' messages,
/// which quote the file), or a typed message said in the language it is shown in.
#[derive(Clone)]
pub enum Message {
    /// Said alike in every language.
    Text(String),
    /// Said in the language of the run when shown (its data kept, not its words).
    Said(Arc<dyn Localized + Send + Sync>),
}

impl Message {
    /// A typed message, said in the language it is shown in.
    pub fn said(m: impl Localized + Send + Sync + 'static) -> Message {
        Message::Said(Arc::new(m))
    }

    /// The message in `lang`.
    pub fn in_lang(&self, lang: Lang) -> Cow<'_, str> {
        match self {
            Message::Text(t) => Cow::Borrowed(t),
            Message::Said(m) => Cow::Owned(m.message(lang)),
        }
    }
}

/// English.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_lang(Lang::En))
    }
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.in_lang(Lang::En), f)
    }
}

/// Alike when they say the same in English.
impl PartialEq for Message {
    fn eq(&self, other: &Message) -> bool {
        self.in_lang(Lang::En) == other.in_lang(Lang::En)
    }
}

impl serde::Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.in_lang(Lang::En))
    }
}

impl From<String> for Message {
    fn from(t: String) -> Message {
        Message::Text(t)
    }
}

impl From<&str> for Message {
    fn from(t: &str) -> Message {
        Message::Text(t.to_string())
    }
}

/// One problem in one input.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Problem {
    /// The input it is in, as named (empty for a problem of no file).
    pub file: String,
    /// Where in it.
    pub position: Position,
    /// What is wrong.
    pub message: Message,
    /// A stable, machine-readable code from [`code`] (kebab-case, never reworded).
    pub code: &'static str,
    /// What would help, for the command line to name the flag that does it (the message says
    /// only what is wrong).
    #[serde(skip)]
    /// Boxed: most problems have none, and a problem stays small.
    pub hint: Option<Box<Hint>>,
}

/// What would help with a problem. The library knows what is wrong and what would help; the
/// command line knows which flag does it, and adds that when it shows the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// Scoring over the indicators given (missing ones left out).
    AllowMissing,
    /// Treating pending external indicators as missing.
    ExternalMissing,
    /// Naming the region of a file without a region column or value.
    Region,
    /// Replacing an existing output file.
    Replace,
    /// Replacing a read-only output file (its mode kept).
    ReplaceReadOnly,
    /// Writing onto a block device.
    WriteDevice,
    /// Reading a file with the rubric its `rubric` column names (or without that column).
    Rubric {
        /// The rubric the file names (quoted safely).
        named: String,
        /// The rubric it is read with.
        rubric: String,
    },
}

impl Problem {
    /// A problem of a file as a whole.
    pub fn file(file: impl Into<String>, code: &'static str, message: impl Into<Message>) -> Self {
        Problem { file: file.into(), position: Position::File, message: message.into(), code, hint: None }
    }

    /// This problem with what would help.
    pub fn with_hint(self, hint: Hint) -> Self {
        Problem { hint: Some(Box::new(hint)), ..self }
    }

    /// A problem at a line (1-based) and, where known, a column of a text file.
    pub fn at(
        file: impl Into<String>,
        line: usize,
        column: Option<usize>,
        code: &'static str,
        message: impl Into<Message>,
    ) -> Self {
        Problem {
            file: file.into(),
            position: Position::Text { line, column },
            message: message.into(),
            code,
            hint: None,
        }
    }

    /// The line that stands for `n` problems of a file not listed (past the cap).
    pub fn more(file: impl Into<String>, n: usize) -> Self {
        Problem::file(file, code::TOO_MANY_PROBLEMS, Message::said(More(n)))
    }

    /// How many problems this one stands for: the count of a [`Problem::more`] line, else 1.
    fn weight(&self) -> usize {
        if self.code != code::TOO_MANY_PROBLEMS {
            return 1;
        }
        let digits: String = self
            .message
            .in_lang(Lang::En)
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().unwrap_or(1)
    }

    /// What makes two problems alike for collapsing: the file, the code, and the message (in
    /// `lang`) with its numbers left out (`indicator 3 … given twice (first at a.csv:4:2)` is
    /// like `indicator 4 … (first at a.csv:5:2)`).
    fn likeness(&self, lang: Lang) -> (&str, &'static str, String) {
        let message = self.message.in_lang(lang);
        let mut shape = String::with_capacity(message.len());
        let mut in_number = false;
        for c in message.chars() {
            if c.is_ascii_digit() {
                if !in_number {
                    shape.push('#');
                }
                in_number = true;
            } else {
                in_number = false;
                shape.push(c);
            }
        }
        (&self.file, self.code, shape)
    }

    /// Where it is, without the message: `a.csv:12:3`, `k.xlsx: Sheet1!C14`, `a.csv`.
    pub fn place(&self) -> String {
        match self.short_position() {
            None => self.file.clone(),
            Some(p) if matches!(self.position, Position::Cell { .. }) => format!("{}: {p}", self.file),
            Some(p) => format!("{}:{p}", self.file),
        }
    }

    /// Where in its file, short: `12:3`, `C14`, or nothing for the file as a whole.
    fn short_position(&self) -> Option<String> {
        match &self.position {
            Position::File => None,
            Position::Text { line, column: Some(c) } => Some(format!("{line}:{c}")),
            Position::Text { line, column: None } => Some(line.to_string()),
            Position::Cell { sheet, cell } => Some(format!("{sheet}!{cell}")),
        }
    }

    /// A problem with no file (a usage error, an unknown rubric id, a failed write).
    pub fn general(code: &'static str, message: impl Into<Message>) -> Self {
        Problem::file(String::new(), code, message)
    }

    /// One line of JSON for `--error-format json`, keys in this order: `severity`, `file`,
    /// `line`, `column` (plus `sheet` and `cell` for spreadsheet positions), `message` (in
    /// `lang`), `code`. Absent parts are `null`.
    pub fn json_line(&self, severity: Severity, lang: Lang) -> String {
        let (sheet, cell) = match &self.position {
            Position::Cell { sheet, cell } => (Some(sheet.as_str()), Some(cell.as_str())),
            _ => (None, None),
        };
        let line = ProblemLine {
            severity: severity.as_str(),
            file: (!self.file.is_empty()).then_some(self.file.as_str()),
            line: self.line(),
            column: self.column(),
            sheet,
            cell,
            message: &self.message.in_lang(lang),
            code: self.code,
        };
        serde_json::to_string(&line).unwrap_or_default()
    }

    /// Its line, for a problem in a text file.
    pub fn line(&self) -> Option<usize> {
        match self.position {
            Position::Text { line, .. } => Some(line),
            _ => None,
        }
    }

    /// Its column, where known.
    pub fn column(&self) -> Option<usize> {
        match self.position {
            Position::Text { column, .. } => column,
            _ => None,
        }
    }
}

impl Problem {
    /// `file:line:column: message`, the message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let message = self.message.in_lang(lang);
        match self.place() {
            place if place.is_empty() => message.into_owned(),
            place => format!("{place}: {message}"),
        }
    }
}

/// In English ([`Problem::render`] says it in another language).
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// The line that stands for the problems of a file past the cap ([`Problem::more`]).
struct More(usize);

impl Localized for More {
    fn message(&self, lang: Lang) -> String {
        let n = self.0;
        match lang {
            Lang::Id => format!("… dan {n} masalah lagi di berkas ini"),
            Lang::En => {
                format!("… and {n} more {} in this file", if n == 1 { "problem" } else { "problems" })
            }
        }
    }
}

/// Every problem found in a set of inputs: the error type of the readers and checkers.
#[derive(Debug, Clone, Default, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// Add one.
    pub fn push(&mut self, p: Problem) {
        self.0.push(p);
    }

    /// Whether none was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `Ok(value)` when nothing was found, else the problems.
    pub fn into_result<T>(self, value: T) -> Result<T, Problems> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

/// A collapsed line lists at most this many places.
const PLACES_SHOWN: usize = 5;
/// Problems alike to a first one collapse into it from this many on (fewer are listed).
const COLLAPSE_FROM: usize = 3;

impl Problems {
    /// One line per kind of problem, in `lang`: alike problems (same file, code and message
    /// but for its numbers) collapse into their first, with a count and the first places.
    /// Then the total.
    pub fn render(&self, lang: Lang) -> String {
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut seen: std::collections::HashMap<(&str, &str, String), usize> =
            std::collections::HashMap::new();
        for (i, p) in self.0.iter().enumerate() {
            if p.code == code::TOO_MANY_PROBLEMS || p.position == Position::File {
                groups.push((i, Vec::new()));
                continue;
            }
            match seen.entry(p.likeness(lang)) {
                std::collections::hash_map::Entry::Occupied(e) => groups[*e.get()].1.push(i),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(groups.len());
                    groups.push((i, Vec::new()));
                }
            }
        }
        let mut out = String::new();
        for (n, (first, alike)) in groups.iter().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            out.push_str(&self.0[*first].render(lang));
            // A few alike problems are listed in full; more collapse.
            if alike.len() < COLLAPSE_FROM {
                for &i in alike {
                    out.push('\n');
                    out.push_str(&self.0[i].render(lang));
                }
            } else {
                let mut places: Vec<String> =
                    alike.iter().take(PLACES_SHOWN).filter_map(|&i| self.0[i].short_position()).collect();
                if alike.len() > PLACES_SHOWN {
                    places.push("…".into());
                }
                out.push_str(&match lang {
                    Lang::Id => format!(" (dan {} lagi yang serupa, di {})", alike.len(), places.join(", ")),
                    Lang::En => format!(" (and {} more like it, at {})", alike.len(), places.join(", ")),
                });
            }
        }
        let total: usize = self.0.iter().map(Problem::weight).sum();
        if total > 1 {
            out.push_str(&format!("\n{total} {}", lang.t("problems found", "masalah ditemukan")));
        }
        out
    }
}

/// In English ([`Problems::render`] says them in another language).
impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Whether a diagnostic stops the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The run stops (exit 2).
    Error,
    /// Input accepted with a remark (an error under `--strict`).
    Warning,
}

impl Severity {
    /// Its name in `--error-format json` (`error`, `warning`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// How diagnostics are printed on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ErrorFormat {
    /// `file:line:column: message`, for people.
    #[default]
    Text,
    /// One JSON object per line: severity, file, line, column, message, code.
    Json,
}

/// At most this many characters of a user's value are quoted back in a message.
const SNIPPET_CHARS: usize = 40;

/// How many of those come from the start of a cut value.
const SNIPPET_HEAD: usize = 28;

/// A user's value as quoted in a message: at most 40 characters (a hostile 100 MB field is
/// not echoed back), control characters shown escaped. A longer value keeps its start and its
/// end around a `…`: names that share a long beginning ("Kementerian Koordinator Bidang …")
/// still read apart.
pub fn snippet(s: &str) -> String {
    let mut out = String::new();
    let mut push = |c: char| {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    };
    if s.chars().nth(SNIPPET_CHARS).is_none() {
        s.chars().for_each(&mut push);
        return out;
    }
    // 28 characters, `…`, and the last 11: 40 in all.
    let tail = SNIPPET_CHARS - SNIPPET_HEAD - 1;
    let tail_start = s.char_indices().rev().nth(tail - 1).map_or(0, |(i, _)| i);
    s.chars().take(SNIPPET_HEAD).for_each(&mut push);
    push('…');
    s[tail_start..].chars().for_each(&mut push);
    out
}

/// Line and column (both 1-based, column in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let t = "ab\ncdé\nf";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 7), (2, 4));
        assert_eq!(line_col(t, 8), (3, 1));
        assert_eq!(line_col(t, 100), (3, 2));
    }

    #[test]
    fn display_names_file_line_and_column() {
        let p = Problem::at("a.csv", 3, Some(2), code::OUT_OF_RANGE, "bad");
        assert_eq!(p.to_string(), "a.csv:3:2: bad");
        let p = Problem {
            file: "k.xlsx".into(),
            position: Position::Cell { sheet: "Sheet1".into(), cell: "C14".into() },
            message: "level 7 is outside 1..5".into(),
            code: code::OUT_OF_RANGE,
            hint: None,
        };
        assert_eq!(p.to_string(), "k.xlsx: Sheet1!C14: level 7 is outside 1..5");
        assert_eq!(Problem::general(code::USAGE, "oops").to_string(), "oops");
    }

    #[test]
    fn json_has_every_field_with_nulls_for_absent_parts() {
        let p = Problem::at("a.csv", 3, Some(2), code::OUT_OF_RANGE, "level 7 is outside 1..5");
        assert_eq!(
            p.json_line(Severity::Error, Lang::En),
            r#"{"severity":"error","file":"a.csv","line":3,"column":2,"message":"level 7 is outside 1..5","code":"out-of-range"}"#
        );
        let p = Problem::general(code::USAGE, "oops");
        assert_eq!(
            p.json_line(Severity::Warning, Lang::En),
            r#"{"severity":"warning","file":null,"line":null,"column":null,"message":"oops","code":"usage"}"#
        );
        let p = Problem {
            file: "k.xlsx".into(),
            position: Position::Cell { sheet: "Sheet1".into(), cell: "C14".into() },
            message: "bad".into(),
            code: code::OUT_OF_RANGE,
            hint: None,
        };
        assert_eq!(
            p.json_line(Severity::Error, Lang::En),
            r#"{"severity":"error","file":"k.xlsx","line":null,"column":null,"sheet":"Sheet1","cell":"C14","message":"bad","code":"out-of-range"}"#
        );
    }

    #[test]
    fn alike_problems_collapse_into_one_line_with_a_count_and_the_first_places() {
        // A file copied into a folder: every indicator of it given twice.
        let mut ps = Problems::default();
        for i in 1..=47 {
            let msg = format!("indicator {i} of Kab. Kerinci is given twice (first at a.csv:{}:2)", i + 1);
            ps.push(Problem::at("b.csv", i + 1, Some(2), code::GIVEN_TWICE, msg));
        }
        ps.push(Problem::at("b.csv", 60, Some(3), code::OUT_OF_RANGE, "level 7 is outside 1..5"));
        assert_eq!(
            ps.to_string(),
            "b.csv:2:2: indicator 1 of Kab. Kerinci is given twice (first at a.csv:2:2) \
             (and 46 more like it, at 3:2, 4:2, 5:2, 6:2, 7:2, …)\n\
             b.csv:60:3: level 7 is outside 1..5\n\
             48 problems found"
        );
        // Two or three alike are listed in full.
        let mut ps = Problems::default();
        for line in [2, 4, 9] {
            ps.push(Problem::at(
                "a.csv",
                line,
                Some(2),
                code::OUT_OF_RANGE,
                format!("level {line} is outside 1..5"),
            ));
        }
        assert_eq!(
            ps.to_string(),
            "a.csv:2:2: level 2 is outside 1..5\na.csv:4:2: level 4 is outside 1..5\n\
             a.csv:9:2: level 9 is outside 1..5\n3 problems found"
        );
        // In another file they are not alike.
        let mut ps = Problems::default();
        ps.push(Problem::at("a.csv", 2, Some(2), code::OUT_OF_RANGE, "level 7 is outside 1..5"));
        ps.push(Problem::at("b.csv", 2, Some(2), code::OUT_OF_RANGE, "level 7 is outside 1..5"));
        assert_eq!(ps.to_string().lines().count(), 3);
    }

    #[test]
    fn the_total_counts_the_problems_past_the_cap() {
        let mut ps = Problems::default();
        for line in 2..202 {
            ps.push(Problem::at("a.csv", line, Some(1), code::EMPTY_REGION, "empty region"));
        }
        ps.push(Problem::more("a.csv", 1));
        let text = ps.to_string();
        assert!(text.contains("a.csv: … and 1 more problem in this file"), "{text}");
        // 200 listed and 1 counted.
        assert!(text.ends_with("\n201 problems found"), "{text}");
        ps.0.pop();
        ps.push(Problem::more("a.csv", 300));
        assert!(ps.to_string().ends_with("\n500 problems found"));
    }

    #[test]
    fn problems_are_said_in_the_language_they_are_shown_in() {
        let mut ps = Problems::default();
        for line in 2..=5 {
            ps.push(Problem::at("a.csv", line, Some(3), code::OUT_OF_RANGE, "level 7 is outside 1..5"));
        }
        ps.push(Problem::more("a.csv", 2));
        // 4 listed and 2 counted: 6.
        assert_eq!(
            ps.render(Lang::Id),
            "a.csv:2:3: level 7 is outside 1..5 (dan 3 lagi yang serupa, di 3:3, 4:3, 5:3)\n\
             a.csv: … dan 2 masalah lagi di berkas ini\n6 masalah ditemukan"
        );
        assert_eq!(
            ps.to_string(),
            "a.csv:2:3: level 7 is outside 1..5 (and 3 more like it, at 3:3, 4:3, 5:3)\n\
             a.csv: … and 2 more problems in this file\n6 problems found"
        );
        assert_eq!(ps.render(Lang::En), ps.to_string());
        let more = &ps.0[4];
        assert_eq!(more.render(Lang::Id), "a.csv: … dan 2 masalah lagi di berkas ini");
        assert!(more
            .json_line(Severity::Error, Lang::Id)
            .contains(r#""message":"… dan 2 masalah lagi di berkas ini""#));
    }

    #[test]
    fn snippet_cuts_long_values_and_escapes_controls() {
        assert_eq!(snippet("III"), "III");
        assert_eq!(snippet(&"x".repeat(40)), "x".repeat(40));
        // 28 from the start, `…`, 11 from the end: 40 characters.
        let long = format!("{}{}{}", "a".repeat(30), "m".repeat(50), "z".repeat(11));
        assert_eq!(snippet(&long), format!("{}…{}", "a".repeat(28), "z".repeat(11)));
        let twins = [
            "Kementerian Koordinator Bidang Contoh Urusan 1",
            "Kementerian Koordinator Bidang Contoh Urusan 2",
        ];
        assert_ne!(snippet(twins[0]), snippet(twins[1]));
        assert_eq!(snippet(twins[0]).chars().count(), 40);
        assert_eq!(snippet("a\u{0}b\n"), "a\\u{0}b\\n");
    }

    #[test]
    fn every_code_is_documented() {
        let doc = include_str!("../docs/error-codes.md");
        for (c, _) in code::ALL {
            assert!(doc.contains(&format!("| `{c}` |")), "docs/error-codes.md lacks `{c}`");
        }
    }

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for (c, _) in code::ALL {
            assert!(seen.insert(*c), "duplicate code {c}");
            assert!(c.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{c}");
        }
    }
}

/// Stable problem codes, printed with `--error-format json`. A code is never reworded once
/// shipped; new problems get new codes. `ALL` lists them with what they mean (docs/error-codes.md).
pub mod code {
    macro_rules! codes {
        ($($name:ident = $code:literal: $doc:literal;)*) => {
            $(#[doc = $doc] pub const $name: &str = $code;)*
            /// Every code with its meaning.
            pub const ALL: &[(&str, &str)] = &[$(($code, $doc)),*];
        };
    }

    codes! {
        // Usage and environment.
        USAGE = "usage": "The command line is wrong (unknown flag, missing argument).";
        ERROR = "error": "Any other failure, described by the message.";
        WARNING = "warning": "Warning: a remark without a more specific code.";
        STRICT = "strict": "--strict: warnings were given (each printed as an error before this), so nothing was written.";
        // Finding inputs.
        NO_SUCH_INPUT = "no-such-input": "An input path does not exist.";
        NO_INPUTS = "no-inputs": "No input was given, or a folder holds no file that is read (.csv, .tsv, .txt, .xlsx, .xlsm, .xlsb, .xls, .ods).";
        SKIPPED_FILES = "skipped-files": "Warning: entries of an input folder that are not read (other name endings, subfolders) are named.";
        STDIN_TWICE = "stdin-twice": "`-` (standard input) is given more than once.";
        STDIN_TERMINAL = "stdin-terminal": "`-` is given but standard input is a terminal.";
        STDIN_EMPTY = "stdin-empty": "Standard input is empty or closed: nothing was piped in.";
        UNREADABLE = "unreadable": "An input cannot be opened or read (permissions, a socket, an I/O error).";
        // Bytes and text.
        NOT_TEXT = "not-text": "The file is not text: a NUL byte, a workbook (.xlsx/.xls) under a text name, invalid UTF-16, or bytes undefined in Windows-1252.";
        MIXED_ENCODING = "mixed-encoding": "Valid UTF-8 text followed by bytes that are not UTF-8.";
        TRANSCODED = "transcoded": "Warning: the file was read as Windows-1252 or UTF-16 and converted.";
        EMPTY_FILE = "empty-file": "The file holds nothing but blank lines.";
        HEADER_ONLY = "header-only": "The file has a header line but no rows.";
        PARSE = "parse": "The CSV/TSV text cannot be split into fields.";
        RECORD_TOO_LONG = "record-too-long": "One record (line) is longer than 8 MiB, often an unclosed quote.";
        FIELD_TOO_LONG = "field-too-long": "A region or stage name is longer than 1000 characters.";
        FIELD_COUNT = "field-count": "A row has a different number of fields than the header.";
        // Workbooks.
        XLS_FORMAT = "xls-format": "No longer given: .xls workbooks are read. (Was: an Excel 97-2003 .xls workbook.)";
        XLSX_UNREADABLE = "xlsx-unreadable": "The workbook (.xlsx, .xlsm, .xlsb, .ods, .xls) or its sheet cannot be read.";
        WORKBOOK_TOO_LARGE = "workbook-too-large": "A workbook is larger, or inflates to more, than the stated bound, or holds a text far beyond what a cell may hold.";
        CELL_TOO_LONG = "cell-too-long": "A cell holds more than 32,767 characters (Excel's limit).";
        FORMULA_NO_VALUE = "formula-no-value": "A formula cell has no stored value (the workbook was never recalculated and saved).";
        MERGED_CELLS = "merged-cells": "Cells of the data are merged; each row needs its own value.";
        XLSX_SHEET = "xlsx-sheet": "The workbook has no sheets, or not the one --sheet names.";
        CELL_DATE = "cell-date": "A date or time in a level cell (Excel may have read a typed level as a date).";
        CELL_ERROR = "cell-error": "An Excel error value (#N/A, #DIV/0!, …) in a level cell.";
        // Header.
        DUPLICATE_COLUMN = "duplicate-column": "Two columns have the same name.";
        SAME_COLUMN = "same-column": "Two columns mean the same thing (`region` and `wilayah`, `7` and `07`).";
        UNKNOWN_COLUMN = "unknown-column": "A column of a wide file is neither a node id nor a known column.";
        MISSING_COLUMN = "missing-column": "A long file lacks its `indicator` or `level` column.";
        NO_VALUE_COLUMNS = "no-value-columns": "The header names no value columns at all.";
        TITLE_ROWS = "title-rows": "Warning: rows above the header, of one or two filled cells, were read as the table's title, not as data.";
        // Rows.
        EMPTY_REGION = "empty-region": "A row has an empty region.";
        SUMMARY_ROWS = "summary-rows": "Warning: rows whose region cell is a summary label (`Rata-rata`, `Jumlah`, `Total`, `Tertinggi`, …) were not scored as regions.";
        REGION_SPELLING = "region-spelling": "Warning: a region name differing only in case, spaces, zero-width characters or Unicode composition (NFD) was merged with the first spelling.";
        UNKNOWN_REGION_CODE = "unknown-region-code": "A code column holds a value that is not a Kemendagri code of the registry.";
        REGION_CODE_TWICE = "region-code-twice": "One region is given two different Kemendagri codes.";
        BAD_YEAR = "bad-year": "A year is not a whole number.";
        ODD_YEAR = "odd-year": "Warning: a year outside 1900..2100 (a typo, or a number in the year column?).";
        EMPTY_STAGE = "empty-stage": "A row leaves the stage blank where other rows of the file name one.";
        EMPTY_ID = "empty-id": "A row of a long file has an empty indicator id.";
        UNKNOWN_ID = "unknown-id": "A node id is not in the rubric.";
        NOT_A_NUMBER = "not-a-number": "A level is not a number.";
        NOT_FINITE = "not-finite": "A level is NaN or infinite.";
        OUT_OF_RANGE = "out-of-range": "A level is outside the rubric's scale.";
        NOT_WHOLE = "not-whole": "An indicator level is not a whole number where the scale is whole.";
        PUBLISHED_DIFFERS = "published-differs": "Warning: the published index beside a wide row's values differs from the index its values give by more than rounding explains (a source error, or values from another rubric).";
        PUBLISHED_NOT_A_NUMBER = "published-not-a-number": "Warning: the published index column of a wide row holds text that is not a number; it is not compared.";
        BELOW_SCALE = "below-scale": "Warning: a value below the regulated scale (but not below the rubric's floor) was read and scores as given.";
        LEVEL_READ_AS = "level-read-as": "Warning: a level written as a roman numeral or a word (`III`, `tiga`) was read as a number.";
        RUBRIC_MISMATCH = "rubric-mismatch": "The file's `rubric` column names another rubric than the one it is read with.";
        GIVEN_TWICE = "given-twice": "A node of a region is given twice.";
        ANCESTOR_CONFLICT = "ancestor-conflict": "A node is given together with its ancestor or descendant.";
        TOO_MANY_PROBLEMS = "too-many-problems": "More problems in a file than are listed.";
        NO_ASSESSMENTS = "no-assessments": "The inputs hold no assessments.";
        // Regions of the Kemendagri registry.
        REGION_AMBIGUOUS = "region-ambiguous": "Warning: a region name fits several regions of the registry; it gets no code.";
        REGION_UNRESOLVED = "region-unresolved": "Warning: region names that are not in the registry (central instansi aside); they get no code.";
        REGION_NEAR = "region-near": "Warning: a region name was taken as a registry region of a near spelling.";
        REGION_CODE_NAME = "region-code-name": "Warning: a region's code column names another region than its name does; the code wins.";
        REGION_MERGED = "region-merged": "Two spellings of one government (one code) give the same value in the same year.";
        NOT_A_PROVINCE = "not-a-province": "The --province value is neither a province's name nor its code.";
        // Scoring.
        MISSING_INDICATORS = "missing-indicators": "A region lacks indicators (see --allow-missing).";
        NO_VALUES = "no-values": "A region has no values at all.";
        INCOMPLETE = "incomplete": "Warning: a region was scored over part of the rubric (--allow-missing).";
        PENDING = "pending": "Warning: indicators fed by another agency's index were blank and score the scale's lowest level, pending that index (see --external-missing).";
        BELOW_THRESHOLD = "below-threshold": "A region scores below --fail-below (exit 1).";
        BAD_THRESHOLD = "bad-threshold": "The --fail-below value is not an index within the scale nor a rating of the rubric.";
        // Plans and what-ifs.
        PLAN_ABOVE_INDICATOR = "plan-above-indicator": "A plan needs indicator levels; the input gives a domain or aspect score.";
        PLAN_TOO_LARGE = "plan-too-large": "The exact cheapest plan would take too much work; narrow it with --only or --max-raise.";
        WHAT_IF = "what-if": "A --set value cannot be applied (off the scale, not whole), or the changed region cannot be scored.";
        BAD_COST = "bad-cost": "A cost in the --costs file is not a number ≥ 0.";
        NOT_AN_INDICATOR = "not-an-indicator": "The --costs file names a domain or aspect; costs are per indicator.";
        // Rubrics.
        UNKNOWN_RUBRIC = "unknown-rubric": "The rubric is neither an embedded id nor an existing file.";
        RUBRIC_TOO_LARGE = "rubric-too-large": "The rubric file is larger than 4 MiB.";
        RUBRIC_NOT_UTF8 = "rubric-not-utf8": "The rubric file is not UTF-8 text.";
        RUBRIC_SYNTAX = "rubric-syntax": "The rubric is not valid TOML, or has a wrong or unknown key.";
        RUBRIC_STATUS = "rubric-status": "The rubric's status is wrong, or a provisional rubric has no reason.";
        RUBRIC_PROVISIONAL = "rubric-provisional": "Warning: the rubric's numbers are not settled.";
        RUBRIC_SCALE = "rubric-scale": "The scale is empty, reversed, not whole, too wide or too large.";
        RUBRIC_LEVELS = "rubric-levels": "A level-name set has the wrong number of names, or is unknown.";
        RUBRIC_BANDS = "rubric-bands": "Rating bands are missing, overlap, leave a gap or fall outside the scale.";
        RUBRIC_ID = "rubric-id": "A node id is empty or used twice.";
        RUBRIC_PARENT = "rubric-parent": "A parent reference is unknown, of the wrong kind, or missing.";
        RUBRIC_WEIGHT = "rubric-weight": "A weight is not a positive number from 0.000001 to 1000000.";
        RUBRIC_WEIGHT_SUM = "rubric-weight-sum": "The weights of a group's children do not add up to the group's weight.";
        RUBRIC_TOP_WEIGHTS = "rubric-top-weights": "Warning: the top-level weights add up to nearly, but not exactly, 100.";
        RUBRIC_EMPTY_GROUP = "rubric-empty-group": "A domain has no aspects, an aspect no indicators, or the rubric no aspects.";
        RUBRIC_CRITERIA = "rubric-criteria": "An indicator's criteria do not give one text per level.";
        RUBRIC_EXTERNAL = "rubric-external": "An external index lacks its name or agency, or its conversion table does not ascend or leaves the scale.";
        // Output.
        OUTPUT_EXISTS = "output-exists": "The -o file exists and --force was not given.";
        OUTPUT_IS_INPUT = "output-is-input": "The -o file is one of the inputs.";
        OUTPUT_IN_INPUT_FOLDER = "output-in-input-folder": "Warning: the -o file is new inside a folder given as input; the next run over that folder reads it.";
        OUTPUT_IS_DIR = "output-is-dir": "The -o path is a folder.";
        OUTPUT_EXTENSION = "output-extension": "The -o file name ends in something the command does not write (.jpg, .pdf, .csv for a report).";
        WRITE_FAILED = "write-failed": "Writing the output failed; nothing was written.";
    }
}
