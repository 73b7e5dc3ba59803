//! Assessments: the levels given per region, read from CSV/TSV files or Excel workbooks (long or
//! wide) and checked against a rubric.
//!
//! A value may be given at any node; what is not given is computed from its children by the
//! engine. The reader streams each file (decoding as it goes, one record at a time) and keeps
//! no rows, only the values per region (a byte per node for whole levels, see [`Values`]), so
//! memory grows with the number of regions, not with the size of the file. Long CSV files take
//! a fast, parallel path (`fast`) that gives up on anything unusual; the general reader then
//! reads the file and reports the problems.

mod bounded;
mod declared;
mod decode;
mod fast;
mod header;
mod index;
mod inflate;
mod message;
mod row;
mod summary;
mod text;
mod value;
mod values;
mod xlsx;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::problem::{code, snippet, Message, Position, Problem, Problems};
use crate::rubric::Rubric;
use index::KeyIndex;
use message::Entries;

pub use bounded::MAX_RECORD_BYTES;
pub use declared::declared_rubric;
pub use header::{id_summary, name_columns, Header, Role};
pub(crate) use header::{HeaderSearch, Plain};
pub(crate) use message::ReadMessage;
pub(crate) use summary::{is_summary, Summaries};
pub use text::{after_excel_sep, sniff_delimiter};
pub use value::{parse_value, Level};
pub use values::Values;

/// At most this many problems are listed per file; the rest are counted.
pub const MAX_PROBLEMS_PER_FILE: usize = 200;

/// One thing to read: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file, as named on the command line or found in a folder.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Input {
    /// Its name in messages: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "<stdin>".to_string(),
        }
    }

    /// The region a file stands for when it has no region column: its stem.
    pub fn stem(&self) -> String {
        match self {
            Input::Path(p) => p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
            Input::Stdin => "stdin".to_string(),
        }
    }
}

/// File name endings read from a directory: text, and every workbook calamine reads.
pub const INPUT_EXTENSIONS: &[&str] = &["csv", "tsv", "txt", "xlsx", "xlsm", "xlsb", "xls", "ods"];

/// File name endings of workbooks.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// What [`expand_inputs`] found: the inputs, and a warning for each folder naming the entries
/// that are not read (dot files and the `~$…` lock files Excel keeps are left out quietly).
#[derive(Debug, Default)]
pub struct Expanded {
    /// The files to read, in order.
    pub inputs: Vec<Input>,
    /// One per folder with entries left out.
    pub warnings: Vec<Problem>,
}

/// Expand command-line arguments into inputs: `-` is stdin (once), a directory gives every
/// file directly inside it with a name ending of [`INPUT_EXTENSIONS`], in name order.
pub fn expand_inputs(args: &[String]) -> Result<Expanded, Problems> {
    let said = |m: ReadMessage| Message::said(m);
    let mut out = Expanded::default();
    let mut problems = Problems::default();
    let mut stdin_seen = false;
    for arg in args {
        if arg == "-" {
            if stdin_seen {
                problems.push(Problem::file("-", code::STDIN_TWICE, said(ReadMessage::StdinTwice)));
            } else if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                problems.push(Problem::file("-", code::STDIN_TERMINAL, said(ReadMessage::StdinTerminal)));
            }
            stdin_seen = true;
            out.inputs.push(Input::Stdin);
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            let entries = match std::fs::read_dir(path) {
                Ok(e) => e,
                Err(e) => {
                    let msg = said(ReadMessage::CannotReadDir(e.to_string()));
                    problems.push(Problem::file(arg, code::UNREADABLE, msg));
                    continue;
                }
            };
            let mut files: Vec<PathBuf> = Vec::new();
            let mut skipped: Vec<String> = Vec::new();
            for entry in entries.filter_map(Result::ok) {
                let p = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') || name.starts_with("~$") {
                    continue;
                }
                if p.is_file() && has_input_extension(&p) {
                    files.push(p);
                } else if p.is_dir() {
                    skipped.push(format!("{name}/"));
                } else {
                    skipped.push(name);
                }
            }
            files.sort();
            skipped.sort();
            if files.is_empty() {
                let msg = said(ReadMessage::NoInputFiles(Entries::new(&skipped)));
                problems.push(Problem::file(arg, code::NO_INPUTS, msg));
            } else if !skipped.is_empty() {
                let msg = said(ReadMessage::Skipped(Entries::new(&skipped)));
                out.warnings.push(Problem::file(arg, code::SKIPPED_FILES, msg));
            }
            out.inputs.extend(files.into_iter().map(Input::Path));
        } else if path.exists() {
            out.inputs.push(Input::Path(path.to_path_buf()));
        } else {
            problems.push(Problem::file(arg, code::NO_SUCH_INPUT, said(ReadMessage::NoSuchInput)));
        }
    }
    if out.inputs.is_empty() && problems.is_empty() {
        problems.push(Problem::file("-", code::NO_INPUTS, said(ReadMessage::NoInputs)));
    }
    problems.into_result(out)
}

/// Whether a folder's reader reads `p`: a name ending of [`INPUT_EXTENSIONS`], not an Excel
/// `~$` lock file.
pub fn has_input_extension(p: &Path) -> bool {
    let lock_file = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("~$"));
    !lock_file
        && p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| INPUT_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Settings for reading.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Region for files without a region column (else the file's stem).
    pub region: Option<String>,
    /// Year for rows without a year.
    pub year: Option<i32>,
    /// Year for rows without a year, per input (indexed like the inputs); overrides `year`.
    pub input_years: Vec<Option<i32>>,
    /// Worksheet to read from workbooks [default: the first].
    pub sheet: Option<String>,
}

impl ReadOptions {
    /// The options for the input at `index`.
    fn for_input(&self, index: usize) -> ReadOptions {
        let year = self.input_years.get(index).copied().unwrap_or(self.year);
        ReadOptions { year, input_years: Vec::new(), ..self.clone() }
    }
}

/// Identifies one assessment: a region in a year at a stage.
///
/// The region's Kemendagri code rides along but is not part of the identity: once read, the
/// inputs' spellings of one government are one name (see `region::attach_codes`), so
/// the name alone tells regions apart, as it does for names without a code.
#[derive(Debug, Clone)]
pub struct Key {
    /// The region's name, as the input spells it (one spelling per government once read).
    pub region: String,
    /// The year assessed, where the input or `--year` gives one.
    pub year: Option<i32>,
    /// The stage of the evaluation (mandiri, dokumen, interviu, visitasi, final), where given.
    pub stage: Option<String>,
    /// The region in the Kemendagri registry, where the name (or a code column) resolved.
    pub code: Option<&'static crate::region::Region>,
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        (&self.region, self.year, &self.stage) == (&other.region, other.year, &other.stage)
    }
}

impl Eq for Key {}

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (&self.region, self.year, &self.stage).hash(state);
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        (&self.region, self.year, &self.stage).cmp(&(&other.region, other.year, &other.stage))
    }
}

impl Key {
    /// A key without a code (resolved after reading).
    pub fn new(region: impl Into<String>, year: Option<i32>, stage: Option<String>) -> Key {
        Key { region: region.into(), year, stage, code: None }
    }

    /// The region's Kemendagri code (`15.04`), where it has one.
    pub fn code(&self) -> Option<&'static str> {
        self.code.map(|r| r.code.as_str())
    }

    /// The code of the region's province (`15`), where it has one.
    pub fn province(&self) -> Option<&'static str> {
        self.code.map(|r| r.province.as_str())
    }

    /// Label for messages and column headers: `Kab. Kerinci` or `Kab. Kerinci (2024, final)`.
    pub fn label(&self) -> String {
        let mut extra = Vec::new();
        if let Some(y) = self.year {
            extra.push(y.to_string());
        }
        if let Some(s) = &self.stage {
            extra.push(s.clone());
        }
        if extra.is_empty() {
            self.region.clone()
        } else {
            format!("{} ({})", self.region, extra.join(", "))
        }
    }
}

/// Where a value came from: file index into [`Assessments::files`], line (or sheet row) and
/// column, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Origin {
    /// Index into [`Assessments::files`].
    pub file: u32,
    /// Line of a text file, or row of a sheet.
    pub line: u32,
    /// Column (field number).
    pub column: u32,
}

/// The values given for one region (in one year, at one stage).
#[derive(Debug, Clone)]
pub struct Assessment {
    /// Whose assessment it is: region, year, stage.
    pub key: Key,
    /// One entry per rubric node; `None` where nothing was given.
    pub values: Values,
    /// Index into [`Assessments::files`] of the file the value of the first node (in rubric
    /// order) came from; of the file the assessment first appeared in when it has no values.
    pub file: u32,
    /// Notes, pending indicators, blanks and findings: boxed, and only once one is added
    /// (see [`Extras`]).
    extras: Option<Box<Extras>>,
    /// The index a published table gives beside the values (wide input), to compare with.
    /// Boxed: few assessments have one, and the unboxed place (with the cell of a [`Problem`])
    /// would be two fifths of every assessment, hundreds of thousands of them on large inputs.
    pub published: Option<Box<Published>>,
}

/// What few assessments carry beyond their values. Behind one pointer: four empty `Vec`s in
/// place would be half of every assessment, and on large inputs the memory an assessment
/// takes is the memory the reader touches (each new page a fault).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extras {
    /// Extra columns of long input (e.g. `note`, `evidence`), per node: (column, text).
    pub notes: Vec<(usize, String, String)>,
    /// External indicators left blank and set to the scale's lowest level by [`fill_pending`].
    pub pending: Vec<usize>,
    /// Nodes whose level was left blank in a long file, with the first place (`k.csv:42:3`),
    /// so that a missing indicator can be named where it is.
    pub blanks: Vec<(usize, String)>,
    /// Assessors' findings and recommendations, per node, in the order read.
    pub findings: Vec<Finding>,
}

impl PartialEq for Assessment {
    // No extras and empty ones are the same.
    fn eq(&self, other: &Assessment) -> bool {
        let extras = |a: &Assessment| a.extras.as_deref().filter(|e| **e != Extras::default()).cloned();
        (&self.key, &self.values, self.file, &self.published)
            == (&other.key, &other.values, other.file, &other.published)
            && extras(self) == extras(other)
    }
}

/// A published index read beside the values, and the cell it came from (a [`Problem`] with
/// an empty message, so that a warning about it names the place as every other does).
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    /// The index as published.
    pub index: f64,
    /// Its cell, as a problem without a message.
    pub at: Problem,
}

/// An assessor's finding (*catatan*) and recommendation (*rekomendasi*) on one node; either
/// may be empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The node it is about (an index into `rubric.nodes`).
    pub node: usize,
    /// What the assessors found (*catatan*).
    pub finding: String,
    /// What they recommend (*rekomendasi*).
    pub recommendation: String,
}

impl Assessment {
    /// An assessment of `key` with no values, for a rubric of `nodes` nodes.
    pub fn new(key: Key, nodes: usize) -> Self {
        Assessment { key, values: Values::new(nodes), file: 0, extras: None, published: None }
    }

    /// Extra columns of long input (e.g. `note`, `evidence`), per node: (column, text).
    pub fn notes(&self) -> &[(usize, String, String)] {
        self.extras.as_ref().map_or(&[], |e| &e.notes)
    }

    /// External indicators left blank and set to the scale's lowest level by [`fill_pending`].
    pub fn pending(&self) -> &[usize] {
        self.extras.as_ref().map_or(&[], |e| &e.pending)
    }

    /// Nodes whose level was left blank in a long file, with the first place (`k.csv:42:3`).
    pub fn blanks(&self) -> &[(usize, String)] {
        self.extras.as_ref().map_or(&[], |e| &e.blanks)
    }

    /// Assessors' findings and recommendations, per node, in the order read.
    pub fn findings(&self) -> &[Finding] {
        self.extras.as_ref().map_or(&[], |e| &e.findings)
    }

    /// The extras, made empty on first use: to add to.
    pub fn extras_mut(&mut self) -> &mut Extras {
        self.extras.get_or_insert_with(Box::default)
    }

    /// The extras, if any were made: to take from or drop from without making them.
    pub fn extras_if_any(&mut self) -> Option<&mut Extras> {
        self.extras.as_deref_mut()
    }

    /// Move `from`'s notes (and with `blanks` its blanks) to the end of this one's: the values
    /// of one region read in two places, made one.
    pub fn take_notes(&mut self, from: &mut Assessment, blanks: bool) {
        let Some(e) = from.extras_if_any() else { return };
        if e.notes.is_empty() && (!blanks || e.blanks.is_empty()) {
            return;
        }
        let (notes, taken) =
            (std::mem::take(&mut e.notes), if blanks { std::mem::take(&mut e.blanks) } else { Vec::new() });
        let into = self.extras_mut();
        into.notes.extend(notes);
        into.blanks.extend(taken);
    }

    /// The region's name.
    pub fn region(&self) -> &str {
        &self.key.region
    }

    /// Label for messages: `Kab. Kerinci` or `Kab. Kerinci (2024, final)`.
    pub fn label(&self) -> String {
        self.key.label()
    }
}

/// Everything read from a set of inputs, assessments in order of first appearance.
#[derive(Debug, Clone, Default)]
pub struct Assessments {
    /// The names of the inputs read, in order ([`Origin::file`] and [`Assessment::file`] index
    /// it).
    pub files: Vec<String>,
    /// The assessments, in order of first appearance.
    pub items: Vec<Assessment>,
    /// Input accepted with a remark (converted text, a level written `III`, a region spelled
    /// two ways), for the command to print.
    pub warnings: Vec<Problem>,
    index: KeyIndex,
    /// The worksheet each file was read from (`None` for text), indexed like `files`.
    sheets: Vec<Option<String>>,
    /// Region names by their folded form (lower case, single spaces): the first spelling seen
    /// and where. foldhash, not SipHash: a generated input has hundreds of thousands.
    regions: HashMap<String, (String, Origin), foldhash::fast::RandomState>,
    /// While reading: where each value came from, per assessment (empty where none was
    /// recorded: the fast reader records none for the last input, which nothing can follow).
    origins: Vec<Vec<Origin>>,
}

impl Assessments {
    /// How many assessments were read.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether none was read.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The assessments, in order of first appearance.
    pub fn iter(&self) -> std::slice::Iter<'_, Assessment> {
        self.items.iter()
    }

    /// The assessment of this key (region, year and stage), if one was read.
    pub fn get(&self, key: &Key) -> Option<&Assessment> {
        self.index.get(&self.items, key).map(|i| &self.items[i])
    }

    /// The distinct years present, ascending.
    pub fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.items.iter().filter_map(|a| a.key.year).collect();
        y.sort_unstable();
        y.dedup();
        y
    }

    /// The distinct stages present, in order of first appearance.
    pub fn stages(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in self.items.iter().filter_map(|a| a.key.stage.clone()) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }

    fn slot(&mut self, key: Key, nodes: usize, file: u32) -> usize {
        if let Some(i) = self.index.get(&self.items, &key) {
            return i;
        }
        let mut a = Assessment::new(key, nodes);
        a.file = file;
        self.items.push(a);
        self.index.insert(&self.items, self.items.len() - 1);
        self.items.len() - 1
    }

    /// Where the value of `node` in assessment `slot` came from, if recorded.
    fn origin(&self, slot: usize, node: usize) -> Option<Origin> {
        self.origins.get(slot).and_then(|o| o.get(node)).copied().filter(|o| o.line > 0)
    }

    fn record_origin(&mut self, slot: usize, node: usize, origin: Origin, nodes: usize) {
        if self.origins.len() <= slot {
            self.origins.resize_with(slot + 1, Vec::new);
        }
        let o = &mut self.origins[slot];
        if o.is_empty() {
            o.resize(nodes, Origin::default());
        }
        o[node] = origin;
    }

    /// After reading: settle each assessment's `file` and drop the origins.
    fn finish_reading(&mut self, unrecorded: Option<u32>) {
        use rayon::prelude::*;
        let origins = &self.origins;
        // In parallel: a pass over hundreds of thousands of assessments.
        self.items.par_iter_mut().with_min_len(1 << 14).enumerate().for_each(|(slot, a)| {
            // Only the blanks of nodes given nowhere matter (a value may follow a blank row).
            let values = &a.values;
            if let Some(e) = a.extras.as_deref_mut() {
                e.blanks.retain(|&(n, _)| !values.is_set(n));
            }
            if let Some(first) = a.values.given().next() {
                let recorded = origins.get(slot).and_then(|o| o.get(first)).filter(|o| o.line > 0);
                if let Some(file) = recorded.map(|o| o.file).or(unrecorded) {
                    a.file = file;
                }
            }
        });
        self.origins = Vec::new();
    }

    /// Keep only the assessments for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&Assessment) -> bool) {
        self.items.retain(|a| keep(a));
        self.reindex();
    }

    /// Index the assessments again after their keys changed (they must stay distinct).
    pub(crate) fn reindex(&mut self) {
        self.index = KeyIndex::of(&self.items);
    }

    /// Add an assessment built elsewhere (e.g. by a what-if override); replaces one with the same key.
    pub fn insert(&mut self, a: Assessment) {
        match self.index.get(&self.items, &a.key) {
            Some(i) => self.items[i] = a,
            None => {
                self.items.push(a);
                self.index.insert(&self.items, self.items.len() - 1);
            }
        }
    }
}

/// Read every input against the rubric. All problems in all files are collected; if there are
/// any, they are returned instead of the assessments.
pub fn read(rubric: &Rubric, inputs: &[Input], opts: &ReadOptions) -> Result<Assessments, Problems> {
    read_with(rubric, inputs, opts, Some(fast::Parallel::from_env()))
}

/// [`read`], trying the fast reader first when `fast` is given.
fn read_with(
    rubric: &Rubric,
    inputs: &[Input],
    opts: &ReadOptions,
    fast: Option<fast::Parallel>,
) -> Result<Assessments, Problems> {
    let mut set = Assessments::default();
    let mut problems = Problems::default();
    // The file the fast reader read without recording origins (only ever the last input).
    let mut unrecorded = None;
    for (n, input) in inputs.iter().enumerate() {
        let opts = &opts.for_input(n);
        if let Some(parallel) = fast {
            let last = n + 1 == inputs.len();
            let file_index = set.files.len() as u32;
            if fast::read_file(rubric, input, opts, &mut set, file_index, !last, parallel) {
                set.files.push(input.name());
                set.sheets.push(None);
                if last {
                    unrecorded = Some(file_index);
                }
                continue;
            }
        }
        let name = input.name();
        match input {
            Input::Path(p) => match std::fs::File::open(p) {
                Ok(f) => read_one(rubric, &mut set, &mut problems, &name, f, input, opts),
                Err(e) => problems.push(Problem::file(
                    name,
                    code::UNREADABLE,
                    Message::said(ReadMessage::CannotOpen(e.to_string())),
                )),
            },
            Input::Stdin => {
                let stdin = std::io::stdin();
                read_one(rubric, &mut set, &mut problems, &name, stdin.lock(), input, opts);
            }
        }
    }
    set.finish_reading(unrecorded);
    if set.items.is_empty() && problems.is_empty() {
        problems.push(Problem::file(
            inputs.first().map(Input::name).unwrap_or_default(),
            code::NO_ASSESSMENTS,
            Message::said(ReadMessage::NoAssessments),
        ));
    }
    problems.into_result(set)
}

/// Read one input from any byte stream (a file, stdin, a fuzzer's bytes) into `set`: a
/// workbook by its first bytes (read whole, as a zip archive must be), else text as it streams.
pub fn read_from(
    rubric: &Rubric,
    set: &mut Assessments,
    name: &str,
    mut reader: impl Read,
    input: &Input,
    opts: &ReadOptions,
) -> Vec<Problem> {
    let file_index = set.files.len() as u32;
    set.files.push(name.to_string());
    set.sheets.push(None);
    let mut sink = Sink::new(rubric, set, file_index, name);
    // The first bytes tell a workbook from text.
    let mut head = Vec::with_capacity(8);
    match (&mut reader).take(8).read_to_end(&mut head) {
        Ok(_) => {}
        Err(e) => {
            sink.problems.push(Problem::file(name, code::UNREADABLE, format!("cannot read: {e}")));
            return sink.problems;
        }
    }
    if head.is_empty() && *input == Input::Stdin {
        sink.problems.push(Problem::file(name, code::STDIN_EMPTY, Message::said(ReadMessage::StdinEmpty)));
        return sink.problems;
    }
    let reader = std::io::Cursor::new(head).chain(reader);
    let head = reader.get_ref().0.get_ref().as_slice();
    let workbook = if head.starts_with(xlsx::ZIP_MAGIC) {
        Some(xlsx::Kind::Zip)
    } else if head.starts_with(xlsx::OLE_MAGIC) {
        Some(xlsx::Kind::Ole)
    } else {
        None
    };
    if let Some(kind) = workbook {
        // A workbook is read whole (a zip archive's directory is at its end), up to a bound.
        let mut bytes = Vec::new();
        match reader.take(inflate::MAX_INFLATED_BYTES + 1).read_to_end(&mut bytes) {
            Ok(n) if n as u64 > inflate::MAX_INFLATED_BYTES => sink.problems.push(Problem::file(
                name,
                code::WORKBOOK_TOO_LARGE,
                format!(
                    "a workbook larger than {} MiB; refused to keep memory bounded. Save the data as CSV instead",
                    inflate::MAX_INFLATED_BYTES / (1024 * 1024)
                ),
            )),
            Ok(_) => xlsx::read_bytes(&bytes, kind, input, opts, &mut sink),
            Err(e) => sink.problems.push(Problem::file(name, code::UNREADABLE, format!("cannot read: {e}"))),
        }
    } else {
        text::read_stream(reader, input, opts, &mut sink);
    }
    sink.finish();
    let mut problems = sink.problems;
    let more = sink.overflow + problems.len().saturating_sub(MAX_PROBLEMS_PER_FILE);
    problems.truncate(MAX_PROBLEMS_PER_FILE);
    if more > 0 {
        problems.push(Problem::more(name, more));
    }
    problems
}

fn read_one(
    rubric: &Rubric,
    set: &mut Assessments,
    problems: &mut Problems,
    name: &str,
    reader: impl Read,
    input: &Input,
    opts: &ReadOptions,
) {
    let found = read_from(rubric, set, name, reader, input, opts);
    push_capped(problems, found, name);
}

fn push_capped(all: &mut Problems, found: Vec<Problem>, name: &str) {
    // `read_from` has capped them already; a reader giving more is capped here.
    let n = found.len();
    all.0.extend(found.into_iter().take(MAX_PROBLEMS_PER_FILE + 1));
    if n > MAX_PROBLEMS_PER_FILE + 1 {
        all.push(Problem::more(name, n - MAX_PROBLEMS_PER_FILE - 1));
    }
}

/// The assessors' practice for indicators fed by another agency's index (Pemdi I5, I6, I7,
/// I18): one left blank, in an assessment that gives anything, scores the scale's lowest level
/// and is marked pending. Returns one warning per set of pending indicators, naming them and
/// the regions (the first few, then how many more).
pub fn fill_pending(rubric: &Rubric, set: &mut Assessments) -> Vec<Problem> {
    let externals: Vec<usize> = rubric.external_indicators().collect();
    if externals.is_empty() {
        return Vec::new();
    }
    // Pending sets in order of first appearance, with the regions that have them.
    let mut groups: Vec<(Vec<usize>, Vec<String>, usize)> = Vec::new();
    for a in &mut set.items {
        if a.values.given().next().is_none() {
            continue;
        }
        let covered = |node: usize| {
            let mut n = Some(node);
            while let Some(i) = n {
                if a.values.is_set(i) {
                    return true;
                }
                n = rubric.node(i).parent;
            }
            false
        };
        let blank: Vec<usize> = externals.iter().copied().filter(|&i| !covered(i)).collect();
        if blank.is_empty() {
            continue;
        }
        for &i in &blank {
            a.values.set(i, Some(rubric.scale.min));
        }
        match groups.iter_mut().find(|g| g.0 == blank) {
            Some(g) => {
                if g.1.len() < 3 {
                    g.1.push(a.label());
                }
                g.2 += 1;
            }
            None => groups.push((blank.clone(), vec![a.label()], 1)),
        }
        a.extras_mut().pending = blank;
    }
    groups
        .into_iter()
        .map(|(nodes, regions, count)| {
            let mut sources: Vec<String> = Vec::new();
            for &n in &nodes {
                if let Some(s) = &rubric.node(n).external {
                    if !sources.contains(&s.index) {
                        sources.push(s.index.clone());
                    }
                }
            }
            let msg = ReadMessage::Pending {
                more: count - regions.len(),
                regions,
                ids: crate::rubric::id_runs(rubric, &nodes),
                min: rubric.scale.min,
                sources,
            };
            Problem::general(code::PENDING, Message::said(msg))
                .with_hint(crate::problem::Hint::ExternalMissing)
        })
        .collect()
}

/// The folded form of a region name: lower case, single spaces.
/// A region name without zero-width characters and in Unicode NFC, when that differs from the
/// name: `Muaro\u{200b} Jambi` or an `é` written as `e` and a combining accent are the same
/// region as the plain spelling.
pub(crate) fn clean_name(name: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    if name.is_ascii() {
        return None;
    }
    let zero_width = |c: char| matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}');
    let visible: String = name.chars().filter(|&c| !zero_width(c)).nfc().collect();
    let clean = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    (clean != name).then_some(clean)
}

/// Years outside this range are warned about (once per year and file).
pub(crate) const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

fn fold_region(name: &str) -> String {
    name.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// Where readers put what they find. Checks that need the whole picture of a region (a value
/// given twice, a node given together with its ancestor) happen here.
pub(crate) struct Sink<'a> {
    pub rubric: &'a Rubric,
    pub set: &'a mut Assessments,
    pub file: u32,
    pub name: &'a str,
    /// Set by the workbook reader: positions are then named as cells of this sheet.
    pub sheet: Option<SheetAt>,
    pub problems: Vec<Problem>,
    /// The last region name read and its canonical spelling (rows of one region come together).
    last_region: Option<(String, String)>,
    /// Spellings already warned about in this file.
    respelled: HashSet<String>,
    /// The first level written as a word or numeral, and how many there were.
    spelled: Option<Problem>,
    spelled_count: usize,
    /// Problems found past [`MAX_PROBLEMS_PER_FILE`]: counted, not kept.
    overflow: usize,
    /// A `rubric` cell named another rubric (reported once).
    rubric_mismatch: bool,
    /// A row named a stage; rows leaving it blank (the first few, and how many) are then errors.
    stage_named: bool,
    blank_stages: Vec<Problem>,
    blank_stage_count: usize,
    /// Years outside [`YEARS`] already warned about in this file.
    odd_years: HashSet<i32>,
    /// Summary rows (`Rata-rata`) passed over, warned about once at the end.
    summaries: Option<summary::Summaries>,
}

impl<'a> Sink<'a> {
    pub fn new(rubric: &'a Rubric, set: &'a mut Assessments, file: u32, name: &'a str) -> Self {
        Sink {
            rubric,
            set,
            file,
            name,
            sheet: None,
            problems: Vec::new(),
            last_region: None,
            respelled: HashSet::new(),
            spelled: None,
            spelled_count: 0,
            overflow: 0,
            rubric_mismatch: false,
            stage_named: false,
            blank_stages: Vec::new(),
            blank_stage_count: 0,
            odd_years: HashSet::new(),
            summaries: None,
        }
    }
}

/// The sheet a reader is in, and the column (0-based) its first field comes from.
pub(crate) struct SheetAt {
    pub name: String,
    pub first_column: u32,
}

impl Sink<'_> {
    /// A problem at a line (or sheet row) and a 1-based field number, named as a cell in a sheet.
    pub fn at(
        &self,
        line: usize,
        column: Option<usize>,
        code: &'static str,
        msg: impl Into<Message>,
    ) -> Problem {
        match &self.sheet {
            None => Problem::at(self.name, line, column, code, msg),
            Some(sheet) => Problem {
                file: self.name.to_string(),
                position: Position::Cell {
                    sheet: sheet.name.clone(),
                    cell: match column {
                        Some(c) => {
                            xlsx::cell_ref(line as u32, (sheet.first_column + c as u32).saturating_sub(1))
                        }
                        None => format!("{line}:{line}"),
                    },
                },
                message: msg.into(),
                hint: None,
                code,
            },
        }
    }

    /// Record a problem at a line (or sheet row) and a 1-based field number.
    pub fn problem(
        &mut self,
        line: usize,
        column: Option<usize>,
        code: &'static str,
        msg: impl Into<Message>,
    ) {
        // Past the cap, problems are only counted: the count stays right, memory stays small.
        if self.problems.len() >= MAX_PROBLEMS_PER_FILE {
            self.overflow += 1;
            return;
        }
        let p = self.at(line, column, code, msg);
        self.problems.push(p);
    }

    /// A problem with what would help ([`crate::problem::Hint`]).
    pub fn problem_with_hint(
        &mut self,
        line: usize,
        column: Option<usize>,
        code: &'static str,
        msg: impl Into<Message>,
        hint: crate::problem::Hint,
    ) {
        let p = self.at(line, column, code, msg).with_hint(hint);
        self.problem_pushed(p);
    }

    /// Record a problem made earlier, within the cap as [`Sink::problem`] does.
    fn problem_pushed(&mut self, p: Problem) {
        if self.problems.len() >= MAX_PROBLEMS_PER_FILE {
            self.overflow += 1;
        } else {
            self.problems.push(p);
        }
    }

    /// Enter a worksheet: from now on positions name its cells.
    pub fn enter_sheet(&mut self, name: &str, first_column: u32) {
        self.sheet = Some(SheetAt { name: name.to_string(), first_column });
        if let Some(s) = self.set.sheets.get_mut(self.file as usize) {
            *s = Some(name.to_string());
        }
    }

    pub fn warn(&mut self, p: Problem) {
        self.set.warnings.push(p);
    }

    /// A level left blank: the region exists, the node stays missing, and the place is kept
    /// for the message naming the missing indicator.
    pub fn blank(&mut self, key: Key, node: usize, line: usize, column: usize) -> usize {
        let nodes = self.rubric.nodes.len();
        let slot = self.set.slot(key, nodes, self.file);
        if self.set.items[slot].blanks().iter().any(|(n, _)| *n == node) {
            return slot;
        }
        let place = self.at(line, Some(column), code::WARNING, "").place();
        self.set.items[slot].extras_mut().blanks.push((node, place));
        slot
    }

    /// Keep a finding and recommendation read for a node (nothing when both are empty).
    pub fn finding(&mut self, slot: usize, node: usize, finding: &str, recommendation: &str) {
        if finding.is_empty() && recommendation.is_empty() {
            return;
        }
        self.set.items[slot].extras_mut().findings.push(Finding {
            node,
            finding: finding.to_string(),
            recommendation: recommendation.to_string(),
        });
    }

    /// Check a `rubric` cell against the rubric the file is read with; the first mismatch of
    /// a file is an error (the rest of its rows are left, as they would all be wrong).
    pub fn check_rubric(&mut self, named: &str, line: usize, column: usize) -> bool {
        if named.is_empty() || named.eq_ignore_ascii_case(&self.rubric.id) {
            return true;
        }
        if !self.rubric_mismatch {
            self.rubric_mismatch = true;
            let (named, rubric) = (snippet(named), self.rubric.id.clone());
            let hint = crate::problem::Hint::Rubric { named: named.clone(), rubric: rubric.clone() };
            let msg = Message::said(ReadMessage::RubricMismatch { named, rubric });
            self.problem_with_hint(line, Some(column), code::RUBRIC_MISMATCH, msg, hint);
        }
        false
    }

    /// The canonical spelling of a region name: the first seen among names that differ only
    /// in case or spacing (`Kab. Kerinci`, `KAB. KERINCI`, `Kab.  Kerinci` are one region),
    /// with a warning the first time each other spelling appears in a file.
    pub fn region(&mut self, raw: &str, line: usize, column: usize) -> String {
        if let Some((last, canonical)) = &self.last_region {
            if last == raw {
                return canonical.clone();
            }
        }
        let mut spelled = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(clean) = clean_name(&spelled) {
            if self.respelled.insert(spelled.clone()) {
                let msg = format!(
                    "region `{}` has zero-width characters or accents stored apart from their letters (Unicode NFD): read as `{}`",
                    snippet(&spelled.escape_debug().to_string()),
                    snippet(&clean)
                );
                let p = self.at(line, (column > 0).then_some(column), code::REGION_SPELLING, msg);
                self.warn(p);
            }
            spelled = clean;
        }
        let fold = fold_region(&spelled);
        let first_column = self.sheet.as_ref().map_or(0, |s| s.first_column);
        let origin = Origin { file: self.file, line: line as u32, column: first_column + column as u32 };
        let canonical = match self.set.regions.get(&fold) {
            Some((canonical, first)) => {
                let (canonical, first) = (canonical.clone(), *first);
                if canonical != spelled && self.respelled.insert(spelled.clone()) {
                    let msg = format!(
                        "region `{}` taken as `{}` (spelled so first at {}): names that differ only in case or spacing are one region",
                        snippet(&spelled),
                        snippet(&canonical),
                        self.where_(first)
                    );
                    let p = self.at(line, (column > 0).then_some(column), code::REGION_SPELLING, msg);
                    self.warn(p);
                }
                canonical
            }
            None => {
                self.set.regions.insert(fold, (spelled.clone(), origin));
                spelled
            }
        };
        self.last_region = Some((raw.to_string(), canonical.clone()));
        canonical
    }

    /// Record the Kemendagri code a row gives its region (a `code` column): it wins over what the
    /// name resolves to; two different codes for one region are a problem.
    pub fn code(&mut self, key: &Key, region: &'static crate::region::Region, line: usize, column: usize) {
        let nodes = self.rubric.nodes.len();
        let slot = self.set.slot(key.clone(), nodes, self.file);
        let item = &mut self.set.items[slot];
        match item.key.code {
            None => item.key.code = Some(region),
            Some(r) if r == region => {}
            Some(r) => {
                let msg = format!(
                    "region `{}` is given code {} here and {} before; one region has one code",
                    snippet(&item.key.region),
                    region.code,
                    r.code
                );
                self.problem(line, Some(column), code::REGION_CODE_TWICE, msg);
            }
        }
    }

    /// Note a level that was written as a word or numeral (one warning per file, at the end).
    pub fn read_as(&mut self, level: Level, raw: &str, line: usize, column: usize) {
        let Some(how) = level.read_as else { return };
        self.spelled_count += 1;
        if self.spelled.is_none() {
            let msg = format!("level `{}` read as {} ({how})", snippet(raw), level.value);
            self.spelled = Some(self.at(line, Some(column), code::LEVEL_READ_AS, msg));
        }
    }

    /// Whether a row's region cell (`column` 1-based) is a summary label (`Rata-rata`,
    /// `Jumlah`): then the row is not scored, and the file's warning counts it.
    pub fn summary(&mut self, cell: &str, line: usize, column: usize) -> bool {
        if !summary::is_summary(cell) {
            return false;
        }
        match &mut self.summaries {
            Some(s) => s.add(cell),
            None => self.summaries = Some(summary::Summaries::new(cell, line, column)),
        }
        true
    }

    /// Warn that rows above the header (`header`, its line or sheet row) were read as a title.
    pub(crate) fn titles(&mut self, titles: header::Titles, header: usize) {
        let sheet = self.sheet.is_some();
        let msg = ReadMessage::Titles { text: snippet(&titles.text), count: titles.count, header, sheet };
        let p = self.at(titles.line, None, code::TITLE_ROWS, Message::said(msg));
        self.warn(p);
    }

    /// Warn about a value below the regulated scale: one warning per value, at its cell.
    pub fn below_scale(&mut self, level: Level, node: usize, raw: &str, line: usize, column: usize) {
        if level.below_scale {
            let (n, s) = (self.rubric.node(node), &self.rubric.scale);
            let msg = ReadMessage::BelowScale {
                kind: n.kind,
                id: n.id.clone(),
                raw: snippet(raw.trim()),
                min: s.min,
                max: s.max,
                floor: s.floor,
            };
            let p = self.at(line, Some(column), code::BELOW_SCALE, Message::said(msg));
            self.warn(p);
        }
    }

    /// A row's stage field (`column` 1-based): a blank one is an error when other rows of the
    /// file name a stage, since its values would belong to no stage.
    pub fn stage(&mut self, stage: &str, line: usize, column: usize) {
        if !stage.is_empty() {
            self.stage_named = true;
        } else {
            self.blank_stage_count += 1;
            if self.blank_stages.len() < MAX_PROBLEMS_PER_FILE {
                let p = self.at(
                    line,
                    Some(column),
                    code::EMPTY_STAGE,
                    "empty stage where other rows name one (mandiri, final, ...): fill it in",
                );
                self.blank_stages.push(p);
            }
        }
    }

    /// A row's year: one outside [`YEARS`] is warned about, once per year and file.
    pub fn year(&mut self, year: i32, line: usize, column: usize) {
        if !YEARS.contains(&year) && self.odd_years.insert(year) {
            let msg = format!(
                "year {year} is outside {}..{}: a typo, or another number in the year column?",
                YEARS.start(),
                YEARS.end()
            );
            let p = self.at(line, Some(column), code::ODD_YEAR, msg);
            self.warn(p);
        }
    }

    /// Emit what is reported once per file.
    pub fn finish(&mut self) {
        if self.stage_named {
            let extra = self.blank_stage_count - self.blank_stages.len();
            for p in std::mem::take(&mut self.blank_stages) {
                self.problem_pushed(p);
            }
            self.overflow += extra;
        }
        if let Some(s) = self.summaries.take() {
            let msg = ReadMessage::SummaryRows { labels: s.labels, more_labels: s.more_labels, rows: s.rows };
            let p = self.at(s.line, Some(s.column), code::SUMMARY_ROWS, Message::said(msg));
            self.warn(p);
        }
        if let Some(mut p) = self.spelled.take() {
            // The message reads alike in both languages (it quotes the file).
            let more = match self.spelled_count {
                0 | 1 => String::new(),
                2 => "; 1 more level in this file is written as a word or roman numeral".to_string(),
                n => format!("; {} more levels in this file are written as words or roman numerals", n - 1),
            };
            p.message = format!("{}{more}", p.message).into();
            self.warn(p);
        }
    }

    /// Record a value; `column` is the column the value came from.
    pub fn put(&mut self, key: Key, node: usize, value: f64, line: usize, column: usize) -> usize {
        let nodes = self.rubric.nodes.len();
        let slot = self.set.slot(key, nodes, self.file);
        let first_column = self.sheet.as_ref().map_or(0, |s| s.first_column);
        let origin = Origin { file: self.file, line: line as u32, column: first_column + column as u32 };
        let a = &self.set.items[slot];
        if a.values[node].is_some() {
            let msg = format!(
                "{} {} of {} is given twice (first at {})",
                self.rubric.node(node).kind.as_str(),
                self.rubric.node(node).id,
                a.label(),
                self.value_at(slot, node)
            );
            self.problem(line, Some(column), code::GIVEN_TWICE, msg);
            return slot;
        }
        // A node given together with an ancestor or a descendant is ambiguous.
        let mut conflict = None;
        let mut up = self.rubric.node(node).parent;
        while let Some(p) = up {
            if a.values[p].is_some() {
                conflict = Some(p);
                break;
            }
            up = self.rubric.node(p).parent;
        }
        if conflict.is_none() {
            conflict = self.rubric.descendants(node).find(|&d| a.values[d].is_some());
        }
        if let Some(other) = conflict {
            let (o, n) = (self.rubric.node(other), self.rubric.node(node));
            let msg = format!(
                "{} {} of {} is given together with {} {} (at {}); give a node or its parts, not both",
                n.kind.as_str(),
                n.id,
                a.label(),
                o.kind.as_str(),
                o.id,
                self.value_at(slot, other)
            );
            self.problem(line, Some(column), code::ANCESTOR_CONFLICT, msg);
            return slot;
        }
        self.set.items[slot].values.set(node, Some(value));
        self.set.record_origin(slot, node, origin, nodes);
        slot
    }

    /// Where the value of `node` in assessment `slot` was read, for messages.
    fn value_at(&self, slot: usize, node: usize) -> String {
        // Every value a later input can collide with has its origin recorded (see `read`).
        match self.set.origin(slot, node) {
            Some(o) => self.where_(o),
            None => "an earlier input".to_string(),
        }
    }

    fn where_(&self, o: Origin) -> String {
        let sheet = self.set.sheets.get(o.file as usize).cloned().flatten();
        let file = &self.set.files[o.file as usize];
        match (sheet, o.file == self.file) {
            (None, true) => format!("line {}", o.line),
            (None, false) => format!("{file}:{}", o.line),
            (Some(s), true) => format!("{s}!{}", xlsx::cell_ref(o.line, o.column.saturating_sub(1))),
            (Some(s), false) => format!("{file}: {s}!{}", xlsx::cell_ref(o.line, o.column.saturating_sub(1))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::rubric::embedded;
    use proptest::prelude::*;

    fn read_text(rubric: &Rubric, text: &str) -> Assessments {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        std::fs::write(&path, text).unwrap();
        read(rubric, &[Input::Path(path)], &ReadOptions::default()).unwrap()
    }

    proptest! {
        #[test]
        fn row_order_does_not_change_any_score(
            levels in proptest::collection::vec(1u8..=5, 94),
            rows in Just((0..94usize).collect::<Vec<_>>()).prop_shuffle(),
        ) {
            let rubric = embedded("spbe-2020").unwrap().load().unwrap();
            let line = |k: usize| format!("{},{},{}\n", if k < 47 { "A" } else { "B" }, k % 47 + 1, levels[k]);
            let sorted: String = std::iter::once("region,indicator,level\n".to_string()).chain((0..94).map(line)).collect();
            let shuffled: String = std::iter::once("region,indicator,level\n".to_string()).chain(rows.iter().map(|&k| line(k))).collect();
            let a = crate::score::score_all(&rubric, &read_text(&rubric, &sorted), false, Lang::En).unwrap();
            let mut b = crate::score::score_all(&rubric, &read_text(&rubric, &shuffled), false, Lang::En).unwrap();
            // Regions come in order of first appearance; compare them by name.
            b.sort_by(|x, y| x.key.cmp(&y.key));
            prop_assert_eq!(a.len(), 2);
            for (x, y) in a.iter().zip(&b) {
                prop_assert_eq!(&x.key, &y.key);
                prop_assert_eq!(x.index.to_bits(), y.index.to_bits());
                prop_assert_eq!(&x.scores, &y.scores);
            }
        }
    }
}
