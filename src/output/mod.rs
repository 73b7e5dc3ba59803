//! Rendering results. Commands build a [`Document`]: one or more [`Table`]s for people and
//! spreadsheets, and a JSON value for pipelines. Each format lives in its own file behind
//! [`render`]; writing to a file is atomic (temp file, then rename).

mod delimited;
pub(crate) mod html;
mod markdown;
mod terminal;
mod write;
pub(crate) mod xlsx;

use std::borrow::Cow;
use std::io::Write;

use crate::view::JsonDoc;

pub use delimited::RowWriter;
pub use write::{check_destination, inside_input_folder, write_output, Destination, InsideInputFolder};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned table for the terminal.
    Table,
    /// Comma-separated values (decimal point, RFC 4180 quoting).
    Csv,
    /// Tab-separated values.
    Tsv,
    /// JSON document (see README, "JSON contract").
    Json,
    /// Markdown tables, for pasting into reports.
    Markdown,
    /// Excel workbook, one sheet per table (binary: needs -o FILE.xlsx or a redirected stdout).
    Xlsx,
}

impl Format {
    /// The format a file name asks for by its extension (`.xlsx`, `.csv`, `.tsv`, `.json`, `.md`).
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "xlsx" => Format::Xlsx,
            "csv" => Format::Csv,
            "tsv" => Format::Tsv,
            "json" => Format::Json,
            "md" | "markdown" => Format::Markdown,
            _ => return None,
        })
    }

    /// Binary formats are not written to a terminal.
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }
}

/// A value in a table cell. Numbers stay numbers until they are rendered. The text is a
/// `String` in the tables a command holds, and borrowed where it can be ([`CellRef`]) in rows
/// made as they are written, so that millions of rows allocate nothing per cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<S = String> {
    /// Text, as it is (CSV and TSV neutralise a start a spreadsheet would run as a formula).
    Text(S),
    /// A score; `None` renders empty.
    Num(Option<f64>),
    /// A signed difference, rendered with an explicit `+`.
    Delta(Option<f64>),
    /// A signed difference finer than scores (a plan's gain per raise, e.g. +0.0275): two more
    /// decimals than the precision, with an explicit `+`.
    FineDelta(Option<f64>),
    /// A whole number (a rank, a count, a year).
    Int(i64),
    /// A rating (predikat) name, with the index of its band (for colouring).
    Rating(S, usize),
    /// A region's Kemendagri code (`15.04`, text, never a number): machine formats always carry
    /// its column, tables for people only with `--codes`.
    Code(S),
    /// A rubric node's id: text everywhere, except that a workbook stores a whole number (`12`)
    /// as a number, as the template does.
    Id(S),
}

/// A cell as writers see it: its text borrowed from the table or the results, or owned where
/// a row made on demand had to compose it.
pub type CellRef<'a> = Cell<Cow<'a, str>>;

impl<'a> CellRef<'a> {
    /// Borrowed text.
    pub fn str(s: &'a str) -> CellRef<'a> {
        Cell::Text(Cow::Borrowed(s))
    }

    /// A borrowed node id.
    pub fn id_ref(s: &'a str) -> CellRef<'a> {
        Cell::Id(Cow::Borrowed(s))
    }

    /// The cell with its text owned (a table's cell).
    pub fn into_owned(self) -> Cell {
        self.map_text(Cow::into_owned)
    }
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A node id cell ([`Cell::Id`]).
    pub fn id(s: impl Into<String>) -> Cell {
        Cell::Id(s.into())
    }

    /// An indicator level: a whole level as a whole number (`2`, not `2.00`).
    pub fn level(v: f64) -> Cell {
        level(v)
    }

    /// The cell as a [`CellRef`] that owns its text.
    pub fn into_cow<'x>(self) -> CellRef<'x> {
        self.map_text(Cow::Owned)
    }
}

/// [`Cell::level`], of any kind of text.
pub fn level<S>(v: f64) -> Cell<S> {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        Cell::Int(v as i64)
    } else {
        Cell::Num(Some(v))
    }
}

impl<S> Cell<S> {
    /// The same cell with its text (if any) turned by `f`: between owned and borrowed text.
    fn map_text<T>(self, f: impl Fn(S) -> T) -> Cell<T> {
        match self {
            Cell::Text(s) => Cell::Text(f(s)),
            Cell::Num(x) => Cell::Num(x),
            Cell::Delta(x) => Cell::Delta(x),
            Cell::FineDelta(x) => Cell::FineDelta(x),
            Cell::Int(i) => Cell::Int(i),
            Cell::Rating(s, band) => Cell::Rating(f(s), band),
            Cell::Code(s) => Cell::Code(f(s)),
            Cell::Id(s) => Cell::Id(f(s)),
        }
    }
}

impl<S: AsRef<str>> Cell<S> {
    /// The cell with its text borrowed.
    pub fn borrowed(&self) -> CellRef<'_> {
        fn b<S: AsRef<str>>(s: &S) -> Cow<'_, str> {
            Cow::Borrowed(s.as_ref())
        }
        match self {
            Cell::Text(s) => Cell::Text(b(s)),
            Cell::Num(x) => Cell::Num(*x),
            Cell::Delta(x) => Cell::Delta(*x),
            Cell::FineDelta(x) => Cell::FineDelta(*x),
            Cell::Int(i) => Cell::Int(*i),
            Cell::Rating(s, band) => Cell::Rating(b(s), *band),
            Cell::Code(s) => Cell::Code(b(s)),
            Cell::Id(s) => Cell::Id(b(s)),
        }
    }

    /// The text of a text cell (text, rating, code, id); `None` for a number.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) | Cell::Rating(s, _) | Cell::Code(s) | Cell::Id(s) => Some(s.as_ref()),
            _ => None,
        }
    }

    /// The cell as text, numbers with `precision` decimals and the given decimal separator.
    pub fn display(&self, precision: usize, decimal_comma: bool) -> String {
        let mut s = String::new();
        self.display_into(&mut s, Some(precision), decimal_comma);
        s
    }

    /// [`Cell::display`], appended to `out` (for writers that reuse one buffer); a `precision`
    /// of `None` writes every number in full, as the shortest text that reads back as the same
    /// f64 (`2.5968`, `3`), for machine formats.
    pub fn display_into(&self, out: &mut String, precision: Option<usize>, decimal_comma: bool) {
        use std::fmt::Write as _;
        let num = |out: &mut String, x: f64, sign: bool, precision: Option<usize>| {
            let start = out.len();
            match precision {
                Some(p) => write_fixed(out, x, p, sign),
                None => write_shortest(out, x, sign),
            }
            // No sign on a zero that only rounding left (`-0.00`, `+0.00`).
            if (out[start..].starts_with('-') || out[start..].starts_with('+'))
                && out[start + 1..].bytes().all(|c| c == b'0' || c == b'.')
            {
                out.remove(start);
            }
            if decimal_comma {
                if let Some(dot) = out[start..].find('.') {
                    out.replace_range(start + dot..start + dot + 1, ",");
                }
            }
        };
        match self {
            Cell::Text(s) | Cell::Rating(s, _) | Cell::Code(s) | Cell::Id(s) => out.push_str(s.as_ref()),
            Cell::Num(Some(x)) => num(out, *x, false, precision),
            Cell::Delta(Some(x)) => num(out, *x, true, precision),
            Cell::FineDelta(Some(x)) => num(out, *x, true, precision.map(|p| p + 2)),
            Cell::Num(None) | Cell::Delta(None) | Cell::FineDelta(None) => {}
            Cell::Int(i) => {
                let _ = write!(out, "{i}");
            }
        }
    }

    /// Whether it holds a number (aligned right in tables).
    pub fn is_numeric(&self) -> bool {
        matches!(self, Cell::Num(_) | Cell::Delta(_) | Cell::FineDelta(_) | Cell::Int(_))
    }
}

/// The text of number cells shown lately, by their bits and kind, for writers that show the
/// same few numbers (weights, levels, a summary's domain scores: a few hundred values over
/// any number of regions) in row after row: formatting a number costs several times the
/// lookup. One per writer, for one precision and decimal separator.
pub(crate) struct NumberText {
    /// Per slot: the number's bits, its kind (1 to 3; 0 is a slot not used yet), its text.
    slots: Vec<(u64, u8, String)>,
    /// The slots are `2^bits`.
    bits: u32,
    precision: Option<usize>,
    decimal_comma: bool,
}

impl NumberText {
    /// A cache of 256 numbers.
    pub(crate) fn new(precision: Option<usize>, decimal_comma: bool) -> NumberText {
        NumberText { slots: Vec::new(), bits: 8, precision, decimal_comma }
    }

    /// This cache with 4096 slots (some 160 KB once full), for one writer per thread: room
    /// for the domain scores of a summary (a few hundred values) to stay while its index, all
    /// but unique, passes through (256 slots kept under half of them).
    pub(crate) fn larger(self) -> NumberText {
        NumberText { bits: 12, ..self }
    }

    /// Append `cell` as [`Cell::display_into`] writes it with this precision and separator.
    pub(crate) fn push<S: AsRef<str>>(&mut self, out: &mut String, cell: &Cell<S>) {
        let (precision, decimal_comma) = (self.precision, self.decimal_comma);
        match self.text(cell) {
            Some(text) => out.push_str(text),
            None => cell.display_into(out, precision, decimal_comma),
        }
    }

    /// The text of `cell` if it is a number (from the cache where it was shown lately), `None`
    /// for any other cell.
    pub(crate) fn text<S: AsRef<str>>(&mut self, cell: &Cell<S>) -> Option<&str> {
        let (kind, x) = match cell {
            Cell::Num(Some(x)) => (1u8, *x),
            Cell::Delta(Some(x)) => (2, *x),
            Cell::FineDelta(Some(x)) => (3, *x),
            _ => return None,
        };
        if self.slots.is_empty() {
            self.slots = vec![(0, 0, String::new()); 1 << self.bits];
        }
        let bits = x.to_bits();
        let slot =
            (bits.wrapping_add(kind as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - self.bits)) as usize;
        let (seen, seen_kind, text) = &mut self.slots[slot];
        if (*seen, *seen_kind) != (bits, kind) {
            text.clear();
            cell.display_into(text, self.precision, self.decimal_comma);
            (*seen, *seen_kind) = (bits, kind);
        }
        Some(text)
    }
}

/// The bytes of a writer's buffer of lines, leaving it empty with room for as many: the next
/// part is about as long.
pub(crate) fn take(buf: &mut String) -> Vec<u8> {
    let capacity = buf.capacity();
    std::mem::replace(buf, String::with_capacity(capacity)).into_bytes()
}

/// How a cell stands out from its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The column's highest value.
    Best,
    /// The column's lowest value.
    Worst,
}

/// Exact powers of ten.
const POW10: [f64; 10] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/// Append `x` with `precision` decimals exactly as `format!("{x:.precision$}")` (with `sign`,
/// `{x:+.precision$}`) does, without its cost in the common case: when `x × 10^precision` is
/// small enough to be computed within 2⁻¹² and is not within 10⁻³ of a tie, rounding it gives
/// the digits the exact decimal expansion rounds to. Anything else goes to `format!`'s way.
fn write_fixed(out: &mut String, x: f64, precision: usize, sign: bool) {
    use std::fmt::Write as _;
    if let Some(&scale) = POW10.get(precision) {
        let y = x.abs() * scale;
        // Below 2^40 the product is within 2^-12 of the exact one.
        if y < (1u64 << 40) as f64 && (y.fract() - 0.5).abs() > 1e-3 {
            let n = y.round() as u64;
            if x.is_sign_negative() {
                out.push('-');
            } else if sign {
                out.push('+');
            }
            // The digits of n, at least precision + 1 of them, with the point before the last
            // `precision`.
            let (mut digits, mut i, mut m) = ([b'0'; 24], 24, n);
            while m > 0 || 24 - i <= precision {
                i -= 1;
                digits[i] = b'0' + (m % 10) as u8;
                m /= 10;
            }
            let point = 24 - precision;
            out.extend(digits[i..point].iter().map(|&d| d as char));
            if precision > 0 {
                out.push('.');
                out.extend(digits[point..].iter().map(|&d| d as char));
            }
            return;
        }
    }
    // Writing to a String cannot fail.
    let _ = if sign { write!(out, "{x:+.precision$}") } else { write!(out, "{x:.precision$}") };
}

/// Append `x` in full as `format!("{x}")` (with `sign`, `{x:+}`) writes it: the shortest
/// digits that read back as `x`, the closest to `x` where several are as short. `zmij` finds
/// them about twice as fast as `ryu` and several times faster than `fmt`, and writes exactly
/// what `ryu` writes (and `serde_json`, our JSON, which uses it). Where `x` lies exactly halfway
/// between two shortest decimals (`1 + 2^-17`; see `may_be_halfway` in the tests) both take the
/// even last digit and `fmt` the upper one. Both write whole numbers as `3.0` and very small or
/// large ones with an exponent, so the first is trimmed and the others are left to `format!`.
/// Every full-precision number of a CSV/TSV or table goes through here.
pub(crate) fn write_shortest(out: &mut String, x: f64, sign: bool) {
    use std::fmt::Write as _;
    if short_decimal(out, x, sign) {
        return;
    }
    if x.is_finite() {
        let mut buf = zmij::Buffer::new();
        let digits = buf.format_finite(x);
        // zmij writes an exponent last, as `e+dd` or `e-ddd`: the last five bytes say.
        if !digits.as_bytes()[digits.len().saturating_sub(5)..].contains(&b'e') {
            if sign && !digits.starts_with('-') {
                out.push('+');
            }
            out.push_str(digits.strip_suffix(".0").unwrap_or(digits));
            return;
        }
    }
    // Writing to a String cannot fail.
    let _ = if sign { write!(out, "{x:+}") } else { write!(out, "{x}") };
}

/// Exact powers of ten up to the decimals [`short_decimal`] tries.
const POW10_SHORT: [f64; 15] =
    [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14];

/// The two digits of each number below 100.
const PAIRS: [u8; 200] = {
    let mut t = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        t[2 * i] = b'0' + (i / 10) as u8;
        t[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    t
};

/// [`write_shortest`] of an `x` that some decimal of at most 14 places reads back as (most
/// scores: `1.3685`, `4.7`, `3`), in about a third of `zmij`'s way; `false`, with nothing
/// written, for any other. With `k` the most places for which `|x| × 10^k` stays below 2^50,
/// the `k`-place decimals are `10^-k` apart, over four times the gap between `x` and the next
/// f64, so at most one of them, `n / 10^k`, reads back as `x`, and the product is within 1/4
/// of that `n`. Where `n / 10^k` (both exact, the division rounded as a reader rounds) is
/// `x`, `n` without its trailing zeros is the shortest decimal that reads back as `x` (a
/// shorter one would be `n` with fewer places) and so the one `zmij` and `ryu` write.
fn short_decimal(out: &mut String, x: f64, sign: bool) -> bool {
    const LIMIT: f64 = (1u64 << 50) as f64;
    if !x.is_finite() {
        return false;
    }
    let a = x.abs();
    let mut k = POW10_SHORT.len() - 1;
    while a * POW10_SHORT[k] >= LIMIT {
        if k == 0 {
            return false;
        }
        k -= 1;
    }
    // Truncating the product plus 1/2 rounds it; a wrong `n` could only fail the check.
    let n = (a * POW10_SHORT[k] + 0.5) as i64;
    if n as f64 / POW10_SHORT[k] != a {
        return false;
    }
    let mut n = n as u64;
    // Trailing zeros off, 8, 4, 2 and 1 at a time (at most 14 of them).
    for (p, d) in [(100_000_000, 8), (10_000, 4), (100, 2), (10, 1)] {
        if k >= d && n.is_multiple_of(p) {
            n /= p;
            k -= d;
        }
    }
    // Right to left, two digits at a time: `k` decimals, the point, the whole part, the sign.
    let (mut text, mut i) = ([0u8; 24], 24);
    fn pair(text: &mut [u8; 24], i: &mut usize, r: u64) {
        *i -= 2;
        let r = 2 * r as usize;
        text[*i..*i + 2].copy_from_slice(&PAIRS[r..r + 2]);
    }
    let mut left = k;
    while left >= 2 {
        pair(&mut text, &mut i, n % 100);
        n /= 100;
        left -= 2;
    }
    if left == 1 {
        i -= 1;
        text[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    if k > 0 {
        i -= 1;
        text[i] = b'.';
    }
    while n >= 100 {
        pair(&mut text, &mut i, n % 100);
        n /= 100;
    }
    if n >= 10 {
        pair(&mut text, &mut i, n);
    } else {
        i -= 1;
        text[i] = b'0' + n as u8;
    }
    if x.is_sign_negative() {
        i -= 1;
        text[i] = b'-';
    } else if sign {
        i -= 1;
        text[i] = b'+';
    }
    out.extend(text[i..].iter().map(|&b| char::from(b)));
    true
}

/// A titled table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// The heading shown above it (tables, Markdown, a workbook sheet's first row).
    pub title: Option<String>,
    /// Name of the table's sheet in a workbook [default: from the title].
    pub sheet: Option<String>,
    /// The column headers, in the language of the run.
    pub headers: Vec<String>,
    /// The rows held (a [`Document`] may add rows made as they are written).
    pub rows: Vec<Vec<Cell>>,
    /// Cells that stand out (row, column, mark), shown where the format can (terminal colour).
    pub marks: Vec<(usize, usize, Mark)>,
}

impl Table {
    /// A table with these headers and no rows.
    pub fn new(headers: Vec<String>) -> Table {
        Table { headers, ..Table::default() }
    }

    /// This table with a title.
    pub fn titled(mut self, title: impl Into<String>) -> Table {
        self.title = Some(title.into());
        self
    }

    /// Name the table's sheet in a workbook.
    pub fn sheet(mut self, name: impl Into<String>) -> Table {
        self.sheet = Some(name.into());
        self
    }

    /// How the cell at (row, column) stands out, if it does.
    pub fn mark(&self, row: usize, column: usize) -> Option<Mark> {
        self.marks.iter().find(|&&(r, c, _)| r == row && c == column).map(|&(_, _, m)| m)
    }

    /// Every marked cell by (row, column), with its first mark as [`Table::mark`] finds it: a
    /// writer looking up each of 100,000 rows' cells does not scan the marks for each.
    pub fn mark_lookup(&self) -> MarkLookup {
        let mut found = MarkLookup::with_capacity_and_hasher(self.marks.len(), Default::default());
        for &(r, c, m) in &self.marks {
            found.entry((r, c)).or_insert(m);
        }
        found
    }
}

/// The marks of a table by (row, column), as [`Table::mark_lookup`] gives them.
pub type MarkLookup = std::collections::HashMap<(usize, usize), Mark, foldhash::fast::RandomState>;

/// What a command produces.
#[derive(Default)]
pub struct Document<'a> {
    /// Tables for people (table, markdown).
    pub tables: Vec<Table>,
    /// Which table CSV/TSV carry (one table per file, so a spreadsheet can open it).
    pub flat: usize,
    /// The JSON document (one of the crate's views); `None` for a report never written as JSON.
    pub json: Option<Box<dyn JsonDoc + 'a>>,
    /// The region compared against (`compare --baseline`), for a workbook's About sheet.
    pub baseline: Option<String>,
    /// Rows made as they are written, after a table's own `rows` (position in `tables`, rows):
    /// a breakdown of 100,000 regions is millions of rows, never held.
    pub lazy: Vec<(usize, Box<dyn Rows + 'a>)>,
}

/// Rows made on demand, by position, as often as a writer needs them: one region's rows are
/// made from its scores when they are written, on any core (hence `Sync`), their text
/// borrowed from the scores and the rubric where it can be.
pub trait Rows: Sync {
    /// How many rows there are.
    fn count(&self) -> usize;
    /// Append the cells of row `i` (below [`Rows::count`]) to `out`.
    fn row<'s>(&'s self, i: usize, out: &mut Vec<CellRef<'s>>);
    /// The runs of row `i`'s first cells that other rows repeat, appended to `out` as `(end,
    /// key)`: each run the cells from the previous run's end to `end`, the same cells in every
    /// row whose run at that position has that key (a breakdown's region, its node), so a
    /// writer may encode a run once and copy it. None by default.
    fn repeated(&self, _i: usize, _out: &mut Vec<(usize, u64)>) {}
}

impl<'a> Document<'a> {
    /// A document of these tables, CSV/TSV carrying table `flat`, and its JSON document.
    pub fn new(tables: Vec<Table>, flat: usize, json: impl JsonDoc + 'a) -> Document<'a> {
        Document { tables, flat, json: Some(Box::new(json)), baseline: None, lazy: Vec::new() }
    }

    /// Make the rows of table `table` on demand, after the rows it holds.
    pub fn lazy_rows(&mut self, table: usize, rows: impl Rows + 'a) {
        self.lazy.push((table, Box::new(rows)));
    }

    /// The number of rows of table `t`, held and made.
    pub fn row_count(&self, t: usize) -> usize {
        let held = self.tables.get(t).map_or(0, |t| t.rows.len());
        held + self.lazy.iter().filter(|(p, _)| *p == t).map(|(_, r)| r.count()).sum::<usize>()
    }

    /// Call `f` with the position and the cells of each row of table `t` in order: the rows it
    /// holds, then those made on demand (one buffer, reused).
    pub fn each_row<E>(
        &self,
        t: usize,
        f: impl FnMut(usize, &[CellRef<'_>]) -> Result<(), E>,
    ) -> Result<(), E> {
        self.each_row_in(t, 0..usize::MAX, f)
    }

    /// [`Document::each_row`] for the rows at positions in `range` only (none is made outside it).
    pub fn each_row_in<E>(
        &self,
        t: usize,
        range: std::ops::Range<usize>,
        f: impl FnMut(usize, &[CellRef<'_>]) -> Result<(), E>,
    ) -> Result<(), E> {
        let Some(table) = self.tables.get(t) else { return Ok(()) };
        let lazy: Vec<&dyn Rows> = self.lazy.iter().filter(|(p, _)| *p == t).map(|(_, r)| &**r).collect();
        rows_in(table, &lazy, range, &mut Vec::new(), f)
    }

    /// Write the rows of table `t` to `w`, each formatted by `row` into one of a few writers
    /// (`start` makes one, `take` empties it of its bytes) on every core: a batch of a few
    /// thousand rows is made at a time, in parts of consecutive rows, each part by its own
    /// writer (kept from one batch to the next, with what it has cached), and the parts are
    /// written in order, so the bytes are those of one writer writing every row, and memory
    /// holds one batch.
    pub fn write_rows_parallel<W, E>(
        &self,
        t: usize,
        w: &mut dyn Write,
        start: impl Fn() -> W,
        row: impl Fn(&mut W, &[CellRef<'_>], &[(usize, u64)]) -> Result<(), E> + Sync,
        take: impl Fn(&mut W) -> Result<Vec<u8>, E> + Sync,
    ) -> Result<(), E>
    where
        W: Send,
        E: From<std::io::Error> + Send,
    {
        self.write_rows_parallel_at(t, w, start, |out, _, cells, runs| row(out, cells, runs), take)
    }

    /// [`Document::write_rows_parallel`], `row` given each row's position too (a table's marks
    /// are by row).
    pub fn write_rows_parallel_at<W, E>(
        &self,
        t: usize,
        w: &mut dyn Write,
        start: impl Fn() -> W,
        row: impl Fn(&mut W, usize, &[CellRef<'_>], &[(usize, u64)]) -> Result<(), E> + Sync,
        take: impl Fn(&mut W) -> Result<Vec<u8>, E> + Sync,
    ) -> Result<(), E>
    where
        W: Send,
        E: From<std::io::Error> + Send,
    {
        use rayon::prelude::*;
        let Some(table) = self.tables.get(t) else { return Ok(()) };
        let lazy: Vec<&dyn Rows> = self.lazy.iter().filter(|(p, _)| *p == t).map(|(_, r)| &**r).collect();
        let n = table.rows.len() + lazy.iter().map(|r| r.count()).sum::<usize>();
        // Parts of a few hundred rows (tens of KB), two per thread a batch.
        const PER_PART: usize = 256;
        let parts = 2 * crate::parallel::threads().clamp(1, 8);
        let mut writers: Vec<W> = (0..parts.min(n.div_ceil(PER_PART))).map(|_| start()).collect();
        for from in (0..n).step_by(PER_PART * parts) {
            let done: Vec<Result<Vec<u8>, E>> = writers
                .par_iter_mut()
                .enumerate()
                .map(|(k, out)| {
                    let at = (from + k * PER_PART).min(n);
                    let to = (at + PER_PART).min(n);
                    let mut runs = Vec::new();
                    rows_runs_in(table, &lazy, at..to, &mut Vec::new(), &mut runs, |i, cells, runs| {
                        row(out, i, cells, runs)
                    })?;
                    take(out)
                })
                .collect();
            for p in done {
                w.write_all(&p?)?;
            }
        }
        Ok(())
    }

    /// Call `f` with every row of table `t` and its position, on every core: the rows are
    /// split into consecutive parts, each folded into its own state (made by `start`); the
    /// states come back in the order of their parts.
    pub fn fold_rows_parallel<T, E>(
        &self,
        t: usize,
        start: impl Fn() -> T + Sync,
        f: impl Fn(&mut T, usize, &[CellRef<'_>]) -> Result<(), E> + Sync,
    ) -> Result<Vec<T>, E>
    where
        T: Send,
        E: Send,
    {
        use rayon::prelude::*;
        let Some(table) = self.tables.get(t) else { return Ok(Vec::new()) };
        let lazy: Vec<&dyn Rows> = self.lazy.iter().filter(|(p, _)| *p == t).map(|(_, r)| &**r).collect();
        let n = table.rows.len() + lazy.iter().map(|r| r.count()).sum::<usize>();
        const PER_PART: usize = 4096;
        (0..n.div_ceil(PER_PART))
            .into_par_iter()
            .map(|k| {
                let mut state = start();
                let range = k * PER_PART..((k + 1) * PER_PART).min(n);
                rows_in(table, &lazy, range, &mut Vec::new(), |i, cells| f(&mut state, i, cells))?;
                Ok(state)
            })
            .collect()
    }

    /// The columns of Kemendagri codes of table `t` that people do not see (all of them unless
    /// `--codes`): a column is one of codes when a row has a [`Cell::Code`] in it.
    pub fn hidden_columns(&self, t: usize, style: &Style) -> Vec<usize> {
        let Some(table) = self.tables.get(t).filter(|_| !style.codes) else { return Vec::new() };
        let mut codes = vec![false; table.headers.len()];
        let mark = |row: &[CellRef<'_>]| {
            for (c, cell) in row.iter().enumerate() {
                if let (Cell::Code(_), Some(x)) = (cell, codes.get_mut(c)) {
                    *x = true;
                }
            }
        };
        self.each_kind_of_row(t, mark);
        (0..codes.len()).filter(|&c| codes[c]).collect()
    }

    /// Call `f` with every row of table `t` that it holds and the first of each set made on
    /// demand: rows made on demand have the same kinds of cells in every row, so these say
    /// which columns hold codes or numbers without making millions of rows.
    pub fn each_kind_of_row(&self, t: usize, mut f: impl FnMut(&[CellRef<'_>])) {
        let Some(table) = self.tables.get(t) else { return };
        let mut buf = Vec::new();
        for r in &table.rows {
            buf.clear();
            buf.extend(r.iter().map(Cell::borrowed));
            f(&buf);
        }
        for (_, rows) in self.lazy.iter().filter(|(p, r)| *p == t && r.count() > 0) {
            buf.clear();
            rows.row(0, &mut buf);
            f(&buf);
        }
    }
}

/// The rows at positions in `range` of a table (those it holds, then those of `lazy`), each
/// given to `f` in `buf`.
fn rows_in<'s, E>(
    table: &'s Table,
    lazy: &[&'s dyn Rows],
    range: std::ops::Range<usize>,
    buf: &mut Vec<CellRef<'s>>,
    mut f: impl FnMut(usize, &[CellRef<'_>]) -> Result<(), E>,
) -> Result<(), E> {
    rows_runs_in(table, lazy, range, buf, &mut Vec::new(), |i, cells, _| f(i, cells))
}

/// [`rows_in`], each row given with its runs of repeated cells ([`Rows::repeated`]; none for
/// the rows a table holds).
fn rows_runs_in<'s, E>(
    table: &'s Table,
    lazy: &[&'s dyn Rows],
    range: std::ops::Range<usize>,
    buf: &mut Vec<CellRef<'s>>,
    runs: &mut Vec<(usize, u64)>,
    mut f: impl FnMut(usize, &[CellRef<'_>], &[(usize, u64)]) -> Result<(), E>,
) -> Result<(), E> {
    let held = table.rows.len();
    for i in range.start.min(held)..range.end.min(held) {
        buf.clear();
        buf.extend(table.rows[i].iter().map(Cell::borrowed));
        f(i, buf, &[])?;
    }
    let mut at = held;
    for &rows in lazy {
        let n = rows.count();
        let (from, to) = (range.start.clamp(at, at + n), range.end.clamp(at, at + n));
        for i in from..to {
            buf.clear();
            rows.row(i - at, buf);
            runs.clear();
            rows.repeated(i - at, runs);
            f(i, buf, runs)?;
        }
        at += n;
    }
    Ok(())
}

impl std::fmt::Debug for Document<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("tables", &self.tables)
            .field("flat", &self.flat)
            .field("json", &self.json.is_some())
            .field("baseline", &self.baseline)
            .field("lazy", &self.lazy.iter().map(|(t, r)| (*t, r.count())).collect::<Vec<_>>())
            .finish()
    }
}

/// Rendering settings.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Decimals of numbers in formats for people (table, Markdown, xlsx number formats).
    pub precision: usize,
    /// CSV and TSV write numbers in full (shortest round-trip text) unless `--precision` is
    /// given: a machine format must not round a 2.5968 (Cukup) up to 2.60.
    pub full_precision: bool,
    /// Decimal comma in formats meant for people (Indonesian output).
    pub decimal_comma: bool,
    /// Colour in the terminal table.
    pub color: bool,
    /// Show the column of Kemendagri codes in tables for people (terminal, Markdown).
    pub codes: bool,
    /// CSV for an Excel set to Indonesian ([`CsvStyle::ExcelId`]): `;`, decimal comma, BOM.
    pub excel_csv: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            precision: 2,
            full_precision: false,
            decimal_comma: false,
            color: false,
            codes: false,
            excel_csv: false,
        }
    }
}

/// How CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CsvStyle {
    /// Comma, decimal point, no byte order mark: the machine contract.
    #[default]
    Standard,
    /// Semicolon, decimal comma and a UTF-8 byte order mark, as Excel in an Indonesian locale
    /// reads a double-clicked file.
    ExcelId,
}

impl Format {
    /// The delimiter of the delimited formats (CSV, TSV).
    pub fn delimiter(self) -> Option<u8> {
        match self {
            Format::Csv => Some(b','),
            Format::Tsv => Some(b'\t'),
            _ => None,
        }
    }
}

/// Render a report in a format.
pub fn render(report: &Document, format: Format, style: &Style, w: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Table => terminal::write(report, style, w),
        Format::Csv => delimited::write(report, b',', style, w),
        Format::Tsv => delimited::write(report, b'\t', style, w),
        Format::Markdown => markdown::write(report, style, w),
        Format::Xlsx => xlsx::write(report, style, None, w),
        Format::Json => match &report.json {
            Some(doc) => doc.write_json(w),
            None => writeln!(w, "null"),
        },
    }
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`.
pub fn neutralize_formula(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fixed(x: f64, precision: usize, sign: bool) -> String {
        let mut s = String::new();
        write_fixed(&mut s, x, precision, sign);
        s
    }

    #[test]
    fn fixed_decimals_as_format_writes_them() {
        // Ties in binary (0.125 → 0.12 by round-half-even on the exact value), values just off
        // a tie, negative zero, and values that round to zero.
        for (x, p, want) in [
            (1.368500000000, 2, "1.37"),
            (0.125, 2, "0.12"),
            (0.375, 2, "0.38"),
            (2.675, 2, "2.67"),
            (-0.0, 2, "-0.00"),
            (-0.001, 2, "-0.00"),
            (4.5, 0, "4"),
            (5.5, 0, "6"),
            (3.282, 3, "3.282"),
            (1234567.891, 1, "1234567.9"),
            (1e300, 2, &format!("{:.2}", 1e300)),
        ] {
            assert_eq!(fixed(x, p, false), want, "{x} to {p}");
            assert_eq!(fixed(x, p, false), format!("{x:.p$}"), "{x} to {p}");
        }
        assert_eq!(fixed(0.5, 2, true), "+0.50");
        assert_eq!(fixed(-0.5, 2, true), "-0.50");
    }

    fn shortest(x: f64, sign: bool) -> String {
        let mut s = String::new();
        write_shortest(&mut s, x, sign);
        s
    }

    #[test]
    fn full_precision_as_format_writes_it() {
        // Whole numbers without `.0`, zeros of both signs, the exponent range left to `format!`.
        for (x, want) in [
            (3.0, "3"),
            (1.0 / 3.0, "0.3333333333333333"),
            (1.2000000000000002, "1.2000000000000002"),
            (-0.0, "-0"),
            (0.0, "0"),
            (1e-7, "0.0000001"),
            (1e21, "1000000000000000000000"),
            (1e16, "10000000000000000"),
            (1.5e-5, "0.000015"),
            (-2.5e-300, &format!("-0.{}25", "0".repeat(299))),
        ] {
            assert_eq!(shortest(x, false), want, "{x}");
        }
        assert_eq!(shortest(0.25, true), "+0.25");
        assert_eq!(shortest(-0.25, true), "-0.25");
        assert_eq!(shortest(0.0, true), "+0");
        assert_eq!(shortest(f64::NAN, false), "NaN");
    }

    /// Whether finite `x` may lie exactly halfway between two shortest decimals: a whole
    /// number, or one of at most 23 binary digits after the point. Halfway means `x` is a
    /// decimal of at most 18 significant digits ending in 5; `m / 2^k` (`m` odd) has exactly
    /// `k` decimals, and where it is written without an exponent (from 1e-5 up) at most 5 of
    /// them are leading zeros, so `k` is at most 23.
    fn may_be_halfway(x: f64) -> bool {
        let bits = x.to_bits();
        let exp = ((bits >> 52) & 0x7FF) as i32;
        let fraction = bits & ((1 << 52) - 1);
        let (m, e) = if exp == 0 { (fraction, -1074) } else { (fraction | 1 << 52, exp - 1075) };
        m == 0 || e + m.trailing_zeros() as i32 >= -23
    }

    /// What the CSV wrote before `zmij`: `ryu`'s digits, trimmed the same way.
    fn shortest_by_ryu(x: f64) -> String {
        let mut buf = ryu::Buffer::new();
        match buf.format_finite(x) {
            d if x.is_finite() && !d.contains('e') => d.strip_suffix(".0").unwrap_or(d).to_string(),
            _ => format!("{x}"),
        }
    }

    /// Marsaglia's xorshift64 from `seed` (not zero): the same "any bits at all" every run.
    fn xorshift(mut bits: u64) -> impl FnMut() -> u64 {
        move || {
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            bits
        }
    }

    #[test]
    fn shortest_is_what_ryu_wrote_on_every_mean_we_make() {
        // Scores are weighted means of levels: ratios, and sums of ratios whose last digit is
        // off (1.2000000000000002), many of them 17 digits long; the halfway numbers k / 2^17;
        // and any bit pattern at all.
        let mut bits = xorshift(0x9E37_79B9_7F4A_7C15);
        let mut random = || f64::from_bits(bits());
        let ratios = (0..=500).flat_map(|a| (1..=60).map(move |b| f64::from(a) / f64::from(b)));
        let sums = (1..=60).flat_map(|b| (0..=300).map(move |a| 0.1 * f64::from(a) + 1.0 / f64::from(b)));
        let halfway = (1u32 << 17..10 << 17).step_by(7).map(|k| f64::from(k) / f64::from(1u32 << 17));
        for x in ratios.chain(sums).chain(halfway).chain((0..50_000).map(|_| random())) {
            assert_eq!(shortest(x, false), shortest_by_ryu(x), "{x:e}");
            if !may_be_halfway(x) {
                assert_eq!(shortest(x, false), format!("{x}"), "{x:e}");
            }
        }
        // Halfway: the even digit (ryu, zmij, serde_json), where `fmt` takes the upper one.
        let x = 1.0 + 1.0 / 131_072.0; // 1.00000762939453125 exactly
        assert_eq!(shortest(x, false), "1.0000076293945312");
        assert_eq!(format!("{x}"), "1.0000076293945313");
    }

    #[test]
    fn short_decimals_are_what_ryu_writes() {
        let mut random = xorshift(0x2545_F491_4F6C_DD1D);
        // Decimals of every length and their neighbouring f64s, whole numbers up to and past
        // 2^53, the edges where fewer places are tried (2^50 / 10^k), and any bits at all.
        let mut xs: Vec<f64> = Vec::new();
        for places in 0..=17 {
            for _ in 0..2000 {
                let digits = random() % 10u64.pow(places.min(16) + 1);
                xs.push(digits as f64 / 10f64.powi(places as i32));
            }
        }
        xs.extend((0..=60).map(|e| 2f64.powi(e)));
        xs.extend((0..=15).map(|k| (1u64 << 50) as f64 / 10f64.powi(k)));
        xs.extend([0.1, 0.2, 0.3, 1e-7, 1.5e-5, 5e-324, 1e15, 9_007_199_254_740_993.0, 1e21]);
        xs.extend((0..20_000).map(|_| f64::from_bits(random())));
        let around: Vec<f64> = xs
            .iter()
            .flat_map(|&x| [x, f64::from_bits(x.to_bits() + 1), f64::from_bits(x.to_bits().wrapping_sub(1))])
            .collect();
        let mut short = 0;
        for x in around.into_iter().flat_map(|x| [x, -x]) {
            let mut got = String::new();
            if short_decimal(&mut got, x, false) {
                short += 1;
                assert_eq!(got, shortest_by_ryu(x), "{x:e}");
                assert_eq!(got, format!("{x}"), "{x:e}");
                let mut signed = String::new();
                assert!(short_decimal(&mut signed, x, true));
                assert_eq!(signed, format!("{x:+}"), "{x:e}");
            }
        }
        assert!(short > 30_000, "the short way taken {short} times");
        // Scores take it; 17 digits, infinities and NaN do not.
        for (x, want) in [(1.3685, "1.3685"), (4.7, "4.7"), (3.0, "3"), (-0.0, "-0"), (0.0, "0")] {
            let mut got = String::new();
            assert!(short_decimal(&mut got, x, false), "{x}");
            assert_eq!(got, want);
        }
        for x in [1.2000000000000002, 1.0 / 3.0, f64::INFINITY, f64::NAN, 1e300, 1e-300] {
            assert!(!short_decimal(&mut String::new(), x, false), "{x:e}");
        }
    }

    proptest! {
        #[test]
        fn shortest_matches_format_everywhere(
            x in prop_oneof![
                -10.0f64..10.0,
                (0u32..100_000).prop_map(|k| k as f64 / 1000.0),
                (1u32..1000).prop_map(|k| 1.0 / k as f64),
                any::<f64>(),
            ],
            sign in any::<bool>(),
        ) {
            let want = if sign { format!("{x:+}") } else { format!("{x}") };
            if !may_be_halfway(x) {
                prop_assert_eq!(shortest(x, sign), want);
            }
            prop_assert_eq!(shortest(x, false), shortest_by_ryu(x));
        }

        #[test]
        fn fixed_matches_format_everywhere(
            x in prop_oneof![
                -10.0f64..10.0,
                (0u32..100_000).prop_map(|k| k as f64 / 1000.0 + 0.0005),
                (0u32..10_000).prop_map(|k| k as f64 / 8.0),
                any::<f64>(),
            ],
            precision in 0usize..16,
            sign in any::<bool>(),
        ) {
            let want = if sign { format!("{x:+.precision$}") } else { format!("{x:.precision$}") };
            prop_assert_eq!(fixed(x, precision, sign), want);
        }
    }
}
