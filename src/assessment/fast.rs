//! The fast path for long CSV/TSV files, the shape big files have: one row per region and
//! indicator. The file is split at line boundaries into one part per core (a thread done early
//! splits off the back half of what another has left, see [`Spans`]); each part is read a
//! block at a time (see [`window`]) and parsed with `memchr`, ids are looked up without allocating and whole levels are
//! parsed as bytes. Each part collects its regions in order of first appearance, and the parts
//! merge in file order, so the result is the same as reading the file front to back.
//!
//! It only takes plain files it can read exactly as the general reader would: UTF-8, no
//! quotes, values given at indicators, nothing given twice. On anything else (a quote, a byte
//! it cannot vouch for, an unknown id, a level out of range, a problem of any kind) it gives up
//! before touching the assessments read so far, and the general reader reads the file and
//! reports what is wrong.

use std::collections::HashMap;
use std::fs::File;
use std::hash::BuildHasher;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use memchr::memchr;
use rayon::prelude::*;

use super::header::{classify, Role};
use super::index::KeyIndex;
use super::row::parse_year;
use super::text::sniff_delimiter;
use super::value::parse_value;
use super::{Assessment, Assessments, Input, Key, Origin, ReadOptions, Values};
use crate::rubric::{normalize_id, Kind, Rubric};
use window::Window;

mod window;

/// The header must lie within the first this many bytes.
const HEAD: usize = 64 << 10;
/// Lines longer than this are left to the general reader.
const MAX_LINE: usize = 1 << 20;
/// Files with more columns are left to the general reader.
const MAX_FIELDS: usize = 32;
/// Region and stage names longer than this (in bytes; the general reader counts at most 1000
/// characters) are left to the general reader.
const MAX_NAME_BYTES: usize = 1000;
/// Numeric ids up to this are looked up in a table.
const MAX_NUMERIC_ID: usize = 1 << 16;
const NO_NODE: u32 = u32::MAX;

/// How the work is split.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Parallel {
    pub threads: usize,
    /// Parts the file is split into at the start (at most `threads`; fewer leave the other
    /// threads to take work from them, see [`Spans::steal`]).
    pub parts: usize,
    /// Parts are at least this many bytes.
    pub min_part: u64,
    /// Bytes a part maps (or reads) at a time; a longer line gets more.
    pub block: usize,
    /// Map the file a window at a time, rather than read it (a file that cannot be mapped is
    /// read all the same).
    pub map: bool,
    /// Split the parts this many times before any is read, as a thread done early splits
    /// them ([`Spans::steal`]): the tests' way to split parts whatever the threads' timing.
    pub presplit: usize,
}

impl Parallel {
    /// `SPBE_THREADS` if set, else one thread per core; parts of at least 1 MiB.
    pub fn from_env() -> Parallel {
        Parallel::split(crate::parallel::threads(), 1 << 20)
    }

    /// Up to `threads` parts of at least `min_part` bytes, each read in blocks. Mapping
    /// ([`Parallel::map`]) measured slower here (200,000 regions, alternating runs on a quiet
    /// machine: 0.50 s against 0.44 s on two threads, 0.84 s against 0.76 s on one): the
    /// kernel's work to map and unmap the pages cost more than the copy read() makes, and a
    /// file cut short while mapped would end the run with SIGBUS. Kept for tests and for a
    /// machine where it measures better.
    pub const fn split(threads: usize, min_part: u64) -> Parallel {
        Parallel { threads, parts: threads, min_part, block: window::BLOCK, map: false, presplit: 0 }
    }
}

/// The fast reader declines: the general reader takes over.
#[derive(Debug)]
struct GiveUp;

type Fast<T> = Result<T, GiveUp>;

/// Read a file into `set`. Returns false, with `set` untouched, when the general reader must
/// read it instead. With `record_origins`, the line of every value is kept for messages about
/// later inputs.
pub(super) fn read_file(
    rubric: &Rubric,
    input: &Input,
    opts: &ReadOptions,
    set: &mut Assessments,
    file: u32,
    record_origins: bool,
    parallel: Parallel,
) -> bool {
    let Input::Path(path) = input else { return false };
    let taken = match read_regions(rubric, input, path, opts, file, parallel, record_origins) {
        Ok(regions) => merge_into(rubric, set, regions, file).is_ok(),
        Err(GiveUp) => false,
    };
    #[cfg(test)]
    TAKEN.with(|n| n.set(n.get() + usize::from(taken)));
    taken
}

#[cfg(test)]
thread_local! {
    /// Files this thread's fast reader read to the end (and kept), so that tests can tell
    /// which reader read a file: both give the same result by design.
    static TAKEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The regions of a file (or a part of one) in order of first appearance, indexed by key.
#[derive(Debug, Default)]
struct Regions {
    list: Vec<Assessment>,
    index: KeyIndex,
    /// When recording origins: per region, the line of each node's value (0 where none).
    lines: Vec<Vec<u32>>,
    /// The (1-based) column the values come from.
    column: u32,
    /// The hash of each region's key, so that merging parts (which all hash alike) need not
    /// hash again.
    hashes: Vec<u64>,
    /// The hash of each region's folded name (see [`check_spellings`]), made while the parts
    /// are read in parallel rather than after.
    folds: Vec<u64>,
    /// When recording origins: per region, the line it first appears on.
    firsts: Vec<u32>,
    /// The parts it was read in (more than the threads where one took work from another).
    parts: usize,
    /// The (1-based) column of region names, 0 where the file has none.
    region_column: u32,
}

impl Regions {
    /// No regions, hashing like `like`.
    fn new(like: &KeyIndex) -> Regions {
        Regions { index: KeyIndex::hashing_like(like), ..Regions::default() }
    }

    /// Add a region first seen on line `first`, with the lines of its values when recording.
    fn push(&mut self, a: Assessment, (hash, fold): (u64, u64), lines: Vec<u32>, first: u32) -> usize {
        self.list.push(a);
        let i = self.list.len() - 1;
        self.index.insert_hashed(hash, i);
        self.hashes.push(hash);
        self.folds.push(fold);
        if !lines.is_empty() {
            self.lines.push(lines);
            self.firsts.push(first);
        }
        i
    }
}

/// What the header says, and tables for reading rows fast.
struct Layout<'a> {
    rubric: &'a Rubric,
    delimiter: u8,
    width: usize,
    region: Option<usize>,
    year: Option<usize>,
    stage: Option<usize>,
    indicator: usize,
    level: usize,
    /// Extra columns (notes), with their header names.
    extras: Vec<(usize, String)>,
    /// Columns nobody reads (a form's `name` column): still checked, as a quote or a byte
    /// that is not UTF-8 there changes how the general reader reads the whole file.
    ignored: Vec<usize>,
    fallback_region: String,
    default_year: Option<i32>,
    decimal_comma: bool,
    /// Leaf indicator by numeric id (normalised: no leading zeros).
    by_number: Vec<u32>,
    /// Leaf indicator by upper-case id, for ids that are not numbers.
    by_text: HashMap<Vec<u8>, u32>,
    /// The byte stored for whole level `n` (see [`Values`]), 0 where `n` is off the scale.
    level_code: [u8; 255],
    /// The common short rows, `DD,L\n` and `D,L\n` (see [`Layout::short_row`]), by the digits
    /// of their id and level: at `a * 100 + b * 10 + l` for id `ab` (or `0b`, or `b`) and level
    /// `l`, the leaf indicator and the level's code as `node << 8 | code`; 0 where the id names
    /// no leaf or the level is off the scale.
    quick_rows: Box<[u32; 1024]>,
    /// The shapes of those rows, two digits of id first; then those of an assessor's two
    /// decimals, `DD,L.LL\n` and `D,L.LL\n`.
    shapes: [Shape; 4],
    /// The thousandths `m` (at most `u16::MAX`) whose `m / 1000` lies on a continuous scale,
    /// as an interval (empty, `(1, 0)`, on a whole scale).
    milli_range: (u32, u32),
    nodes: usize,
    record_origins: bool,
    /// Index of the file in [`Assessments::files`].
    file: u32,
    /// `Some(k)` when the key columns (region, year, stage: those the file has) are its first
    /// `k` columns: then a line that starts with the bytes of the previous line's key fields
    /// and their delimiters is of the same region, without looking at them further.
    key_prefix: Option<usize>,
    /// The key prefix is followed by the indicator and the level, and nothing else: the shape
    /// of big files, read by [`Part::short_rows`].
    short_rows: bool,
    /// An empty index whose hasher every part uses, so that their hashes can be merged.
    hashing: KeyIndex,
    /// The hasher of folded names, the same for every part.
    folding: foldhash::fast::RandomState,
}

fn is_space(b: u8) -> bool {
    // Not `\r`: the CSV reader ends a record at a lone `\r`, so one inside a line is left to it.
    matches!(b, b' ' | b'\t' | b'\x0C')
}

/// Byte equality for short fields, 16 bytes at a time: a call to
/// `memcmp` per row costs more than the comparison (and some `memcmp`s are slow on short
/// inputs).
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 16 {
        return match n {
            8.. => word(&a[n - 8..]) == word(&b[n - 8..]) && word(a) == word(b),
            _ => a.iter().zip(b).all(|(x, y)| x == y),
        };
    }
    // The last 16 bytes first (names tend to differ at the end), then the rest from the start
    // (overlapping the last ones where `n` is not a multiple of 16).
    if wide(&a[n - 16..]) != wide(&b[n - 16..]) {
        return false;
    }
    let mut i = 0;
    while i + 16 < n {
        if wide(&a[i..]) != wide(&b[i..]) {
            return false;
        }
        i += 16;
    }
    true
}

/// Sixteen bytes as one number (compared as such in a few instructions).
#[inline(always)]
fn wide(b: &[u8]) -> u128 {
    let mut w = [0u8; 16];
    w.copy_from_slice(&b[..16]);
    u128::from_ne_bytes(w)
}

/// A line's bytes (up to eight) as a template: digits, the delimiter and fixed bytes, checked
/// in one word at once.
#[derive(Debug, Clone, Copy)]
struct Shape {
    /// `0` where a digit goes, the byte itself elsewhere.
    pattern: u64,
    /// The bits that must be zero in `word ^ pattern`: all of a fixed byte, the upper half of
    /// a digit's (bytes `0` to `?`).
    fixed: u64,
    /// 1 in each byte where a digit goes.
    digits: u64,
}

impl Shape {
    /// `template`: `0` for a digit, `,` for the delimiter, `.` for the decimal point (`.`, or
    /// with `decimal_comma` also `,`), any other byte for itself; at most eight bytes.
    fn new(template: &[u8], delimiter: u8, decimal_comma: bool) -> Shape {
        let mut shape = Shape { pattern: 0, fixed: 0, digits: 0 };
        for (k, &b) in template.iter().enumerate().take(8) {
            let (byte, fixed) = match b {
                b'0' => (b'0', 0xF0),
                b',' => (delimiter, 0xFF),
                // `.` (0x2E) and `,` (0x2C) differ in one bit only, which is left free.
                b'.' if decimal_comma => (b',', 0xFD),
                _ => (b, 0xFF),
            };
            shape.pattern |= u64::from(byte) << (8 * k);
            shape.fixed |= fixed << (8 * k);
            shape.digits |= u64::from(b == b'0') << (8 * k);
        }
        shape
    }

    /// Whether `word` (eight bytes, the first lowest) begins in this shape; then `word ^
    /// pattern`, which holds each digit's value in its byte.
    #[inline(always)]
    fn matches(&self, word: u64) -> Option<u64> {
        let t = word ^ self.pattern;
        // The digits' bytes are now 0 to 15, the fixed ones 0: adding 6 carries into bit 4 of
        // a byte above 9, and never into the next byte.
        (t & self.fixed == 0 && (t + 6 * self.digits) & (0x10 * self.digits) == 0).then_some(t)
    }
}

/// A key prefix laid out for comparing the start of a line with it: `N` chunks of sixteen
/// bytes, zero-padded, and which bytes count (a [`same`] on the slice costs several times more
/// per row: its length, and the slices' bounds, are checked each time).
struct Chunks<const N: usize> {
    bytes: [[u8; 16]; N],
    /// Bit `k` set for each byte `k` of the prefix.
    need: u64,
    len: usize,
}

impl<const N: usize> Chunks<N> {
    /// `prefix`, of at most `16 * N` bytes (`N` at most 4).
    fn new(prefix: &[u8]) -> Chunks<N> {
        let mut bytes = [[0; 16]; N];
        for (chunk, piece) in bytes.iter_mut().zip(prefix.chunks(16)) {
            chunk[..piece.len()].copy_from_slice(piece);
        }
        let len = prefix.len().min(16 * N).min(64);
        let need = if len == 64 { u64::MAX } else { (1 << len) - 1 };
        Chunks { bytes, need, len }
    }

    /// Whether `buf[at..]` starts with the prefix; false where `buf` ends before `16 * N` bytes
    /// after `at` (the bytes past the prefix do not count, so they may be anything).
    #[inline(always)]
    fn starts(&self, buf: &[u8], at: usize) -> bool {
        let Some(line) = buf.get(at..at + 16 * N) else { return false };
        let mut equal = 0u64;
        for (k, (got, want)) in line.as_chunks::<16>().0.iter().zip(&self.bytes).enumerate() {
            equal |= u64::from(equal_bytes(got, want)) << (16 * k);
        }
        equal & self.need == self.need
    }
}

/// Bit `k` set where byte `k` of `a` equals that of `b`. SSE2, which every x86-64 processor
/// has, compares the 16 bytes at once.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn equal_bytes(a: &[u8; 16], b: &[u8; 16]) -> u16 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8};
    // SAFETY: SSE2 is part of the x86-64 baseline, and each unaligned load reads the 16 bytes
    // of one of the arrays.
    unsafe {
        let (a, b) = (_mm_loadu_si128(a.as_ptr().cast()), _mm_loadu_si128(b.as_ptr().cast()));
        _mm_movemask_epi8(_mm_cmpeq_epi8(a, b)) as u16
    }
}

/// [`equal_bytes`] a byte at a time, for other processors (and to check the SSE2 one).
#[cfg(any(test, not(target_arch = "x86_64")))]
#[cfg_attr(all(test, target_arch = "x86_64"), allow(dead_code))]
fn equal_bytes_plain(a: &[u8; 16], b: &[u8; 16]) -> u16 {
    a.iter().zip(b).enumerate().fold(0, |m, (k, (x, y))| m | u16::from(x == y) << k)
}

#[cfg(not(target_arch = "x86_64"))]
fn equal_bytes(a: &[u8; 16], b: &[u8; 16]) -> u16 {
    equal_bytes_plain(a, b)
}

#[inline]
fn trim(b: &[u8]) -> &[u8] {
    let (mut s, mut e) = (0, b.len());
    while s < e && is_space(b[s]) {
        s += 1;
    }
    while e > s && is_space(b[e - 1]) {
        e -= 1;
    }
    &b[s..e]
}

/// A name as the general reader spells it: runs of white space made one space.
fn spelled(name: &str) -> String {
    // Most names have nothing to collapse: printable ASCII, single spaces, trimmed. Every
    // region's name is looked at, so in one pass (ASCII white space is \t \n \x0B \x0C \r
    // and the space, all below `!`).
    let mut after_space = true; // a leading space is one to collapse
    let plain = name.bytes().all(|c| {
        let fine = (b'!'..0x80).contains(&c) || (c == b' ' && !after_space);
        after_space = c == b' ';
        fine
    }) && !after_space;
    if plain {
        return name.to_string();
    }
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a region's name is as the general reader keeps it, so that [`text`] only makes it a
/// `str`: printable ASCII but `"`, single spaces between words, at most [`MAX_NAME_BYTES`]. Most
/// names are; others take [`text`], [`super::clean_name`] and [`spelled`]. Branch-free folds,
/// which the compiler makes 16 bytes at a time: every region's name is looked at.
fn plain_name(raw: &[u8]) -> bool {
    let odd = raw.iter().fold(false, |odd, &c| odd | !(b' '..0x80).contains(&c) | (c == b'"'));
    let doubled =
        raw.iter().zip(raw.iter().skip(1)).fold(false, |d, (&a, &b)| d | ((a == b' ') & (b == b' ')));
    match (raw.first(), raw.last()) {
        (Some(&first), Some(&last)) => {
            !odd && !doubled && first != b' ' && last != b' ' && raw.len() <= MAX_NAME_BYTES
        }
        _ => false,
    }
}

/// Text of a free-text field, as the general reader would see it (trimmed), if this reader can
/// vouch for it: UTF-8, no quote, no NUL, no `\r`.
fn text(raw: &[u8]) -> Fast<&str> {
    // Every byte looked at without a branch each: region names are read once per region.
    if raw.iter().fold(false, |bad, &b| bad | matches!(b, b'"' | b'\0' | b'\r')) {
        return Err(GiveUp);
    }
    std::str::from_utf8(raw).map(str::trim).map_err(|_| GiveUp)
}

impl<'a> Layout<'a> {
    /// Read the header from the start of the file; returns the layout, where the rows start and
    /// how many lines come before them.
    fn new(
        rubric: &'a Rubric,
        input: &Input,
        head: &[u8],
        opts: &ReadOptions,
        record_origins: bool,
    ) -> Fast<(Layout<'a>, usize, u32)> {
        let mut pos = if head.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        let mut line_no = 0u32;
        let header = loop {
            let nl = memchr(b'\n', &head[pos..]).ok_or(GiveUp)?;
            let mut line = &head[pos..pos + nl];
            line = line.strip_suffix(b"\r").unwrap_or(line);
            pos += nl + 1;
            line_no += 1;
            if line.iter().all(|&b| is_space(b)) {
                continue;
            }
            break line;
        };
        if header.iter().any(|&b| matches!(b, b'"' | b'\0' | b'\r')) {
            return Err(GiveUp);
        }
        let header_text = std::str::from_utf8(header).map_err(|_| GiveUp)?;
        // Excel's `sep=;` line is the general reader's.
        if super::text::excel_sep(header_text).is_some() {
            return Err(GiveUp);
        }
        let delimiter = sniff_delimiter(header_text, input);
        let names: Vec<String> = header_text.split(delimiter as char).map(str::to_string).collect();
        if names.len() > MAX_FIELDS {
            return Err(GiveUp);
        }
        let (header, problems) = classify(rubric, &names);
        // A code column is checked and recorded by the general reader.
        if !problems.is_empty() || !header.long || header.col(&Role::Code).is_some() {
            return Err(GiveUp);
        }
        // Findings, recommendations and a rubric column are the general reader's.
        if header.roles.iter().any(|r| matches!(r, Role::Finding | Role::Recommendation | Role::Rubric)) {
            return Err(GiveUp);
        }
        let (Some(indicator), Some(level)) = (header.col(&Role::Indicator), header.col(&Role::Level)) else {
            return Err(GiveUp);
        };
        let extras = header
            .roles
            .iter()
            .enumerate()
            .filter(|(_, r)| **r == Role::Extra)
            .map(|(c, _)| (c, header.names[c].clone()))
            .collect();

        let mut by_number = Vec::new();
        let mut by_text = HashMap::new();
        for node in &rubric.nodes {
            let key = normalize_id(&node.id);
            let Some(found) = rubric.find(&key) else { continue };
            let n = rubric.node(found);
            if n.kind != Kind::Indicator || !n.children.is_empty() {
                continue;
            }
            if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) {
                match key.parse::<usize>() {
                    Ok(k) if k < MAX_NUMERIC_ID => {
                        if by_number.len() <= k {
                            by_number.resize(k + 1, NO_NODE);
                        }
                        by_number[k] = found as u32;
                    }
                    _ => {}
                }
            } else {
                by_text.insert(key.into_bytes(), found as u32);
            }
        }
        let mut level_code = [0u8; 255];
        for (n, code) in level_code.iter_mut().enumerate() {
            if rubric.scale.contains(n as f64) {
                *code = n as u8 + 1;
            }
        }

        let mut quick_rows = Box::new([0u32; 1024]);
        for (id, &node) in by_number.iter().enumerate().take(100) {
            for (l, &code) in level_code.iter().enumerate().take(10) {
                if node != NO_NODE && node < 1 << 24 && code != 0 {
                    quick_rows[id * 10 + l] = node << 8 | u32::from(code);
                }
            }
        }

        let scale = &rubric.scale;
        let on_scale = |m: &u32| !scale.integer && scale.contains(f64::from(*m) / 1000.0);
        let mut on = (0..=u32::from(u16::MAX)).filter(on_scale);
        let milli_range = match on.next() {
            Some(lo) => (lo, on.next_back().unwrap_or(lo)),
            None => (1, 0),
        };
        // A file whose delimiter is not a comma may write its decimals with one.
        let decimal_comma = delimiter != b',';
        let mut layout = Layout {
            rubric,
            delimiter,
            width: header.names.len(),
            region: header.col(&Role::Region),
            year: header.col(&Role::Year),
            stage: header.col(&Role::Stage),
            indicator,
            level,
            extras,
            ignored: header
                .roles
                .iter()
                .enumerate()
                .filter(|(_, r)| **r == Role::Ignored)
                .map(|(c, _)| c)
                .collect(),
            fallback_region: opts.region.clone().unwrap_or_else(|| input.stem()),
            default_year: opts.year,
            decimal_comma,
            by_number,
            by_text,
            level_code,
            quick_rows,
            shapes: [b"00,0\n" as &[u8], b"0,0\n", b"00,0.00\n", b"0,0.00\n"]
                .map(|t| Shape::new(t, delimiter, decimal_comma)),
            milli_range,
            nodes: rubric.nodes.len(),
            record_origins,
            file: 0,
            key_prefix: None,
            short_rows: false,
            hashing: KeyIndex::default(),
            folding: foldhash::fast::RandomState::default(),
        };
        let mut keys: Vec<usize> = [layout.region, layout.year, layout.stage].into_iter().flatten().collect();
        keys.sort_unstable();
        if keys.iter().enumerate().all(|(i, &c)| i == c) {
            let k = keys.len();
            layout.key_prefix = Some(k);
            // (A delimiter that is a digit or a line end would make the shapes of short rows
            // ambiguous; `sniff_delimiter` gives none.)
            layout.short_rows = layout.width == k + 2
                && !delimiter.is_ascii_digit()
                && delimiter != b'\n'
                && (layout.indicator, layout.level) == (k, k + 1)
                && layout.extras.is_empty()
                && layout.ignored.is_empty();
        }
        Ok((layout, pos, line_no))
    }

    /// The common row after a key prefix, in `w`, the eight bytes after the prefix of which
    /// the first `len` are the file's: an indicator id of one or two digits, the delimiter, a
    /// level of a few bytes, the line end. Returns the leaf indicator, the level and the length
    /// of the line (its line end included), or `None` when no such row is there (or its id or
    /// level is not one this reader can vouch for): the general path of this reader takes it
    /// then, and reads what this one would.
    #[inline(always)]
    fn short_row(&self, w: &[u8; 8], len: usize) -> Option<(usize, Level, usize)> {
        // The common rows at once: a digit's byte XOR `0` is its value.
        let word = u64::from_le_bytes(*w);
        let digit_at = |t: u64, k: usize| (t >> (8 * k) & 0xF) as usize;
        // One shape after the other: the second is looked at only where the first fails.
        let quick = if let Some(t) = self.shapes[0].matches(word) {
            Some((digit_at(t, 0) * 100 + digit_at(t, 1) * 10 + digit_at(t, 3), 5))
        } else {
            self.shapes[1].matches(word).map(|t| (digit_at(t, 0) * 10 + digit_at(t, 2), 4))
        };
        if let Some((at, n)) = quick {
            // At most 999 (digits are at most 9): the mask only spares a bounds check.
            let cell = self.quick_rows[at & 1023];
            // What the general way below finds for such a row, in a table.
            return (cell != 0 && n <= len).then_some(((cell >> 8) as usize, Level::Code(cell as u8), n));
        }
        // Two decimals (`12,1.26`): the id, the whole part and the hundredths.
        let decimal = if let Some(t) = self.shapes[2].matches(word) {
            Some((
                digit_at(t, 0) * 10 + digit_at(t, 1),
                digit_at(t, 3),
                digit_at(t, 5) * 10 + digit_at(t, 6),
                8,
            ))
        } else {
            self.shapes[3]
                .matches(word)
                .map(|t| (digit_at(t, 0), digit_at(t, 2), digit_at(t, 4) * 10 + digit_at(t, 5), 7))
        };
        if let Some((id, whole, hundredths, n)) = decimal {
            // What `quick_level` makes of the level, without looking for the line end.
            let node = *self.by_number.get(id).filter(|&&node| node != NO_NODE && n <= len)?;
            let level = self.two_places(whole as u32, hundredths as u32)?;
            return (!matches!(level, Level::Code(0))).then_some((node as usize, level, n));
        }
        self.short_row_plain(w, len)
    }

    /// [`Layout::short_row`] without the table of common rows (and to check it).
    #[inline(always)]
    fn short_row_plain(&self, w: &[u8; 8], len: usize) -> Option<(usize, Level, usize)> {
        let n = newline_in(u64::from_ne_bytes(*w)).filter(|&n| n < len)?;
        let digit = |b: u8| b.wrapping_sub(b'0') as usize;
        let d = self.delimiter;
        // The first newline is at `n`: the digits and the delimiter before it are the line's.
        let (id, from) = if digit(w[0]) < 10 && w[1] == d {
            (digit(w[0]), 2)
        } else if digit(w[0]) < 10 && digit(w[1]) < 10 && w[2] == d {
            (digit(w[0]) * 10 + digit(w[1]), 3)
        } else {
            return None;
        };
        let raw = &w[from..n];
        let level = self.quick_level(raw.strip_suffix(b"\r").unwrap_or(raw))?;
        let node = *self.by_number.get(id)?;
        if node == NO_NODE || matches!(level, Level::Code(0)) {
            return None;
        }
        Some((node as usize, level, n + 1))
    }

    /// A level written as digits, read without allocating: a whole level as its code (0 off
    /// the regulated scale), a decimal of up to three places (`1.26`; `1,26` where the decimal
    /// comma is read) as thousandths when the scale is continuous and holds it. `None` for
    /// anything else, which [`parse_value`] decides.
    #[inline(always)]
    fn quick_level(&self, raw: &[u8]) -> Option<Level> {
        let digit = |b: u8| u32::from(b.wrapping_sub(b'0'));
        let digits = |b: &[u8]| b.iter().all(u8::is_ascii_digit);
        let point = |b: u8| b == b'.' || (b == b',' && self.decimal_comma);
        let whole = match *raw {
            [a] if digit(a) < 10 => return Some(Level::Code(self.level_code[digit(a) as usize])),
            [a, b] if digit(a) < 10 && digit(b) < 10 => digit(a) * 10 + digit(b),
            // An assessor's two decimals (`1.26`), the common decimal.
            [a, p, b, c] if digit(a) < 10 && point(p) && digit(b) < 10 && digit(c) < 10 => {
                return self.two_places(digit(a), digit(b) * 10 + digit(c));
            }
            _ => {
                let sep = raw.iter().position(|&b| b == b'.' || (b == b',' && self.decimal_comma))?;
                let (int, frac) = (&raw[..sep], &raw[sep + 1..]);
                if !(1..=2).contains(&int.len())
                    || !(1..=3).contains(&frac.len())
                    || !digits(int)
                    || !digits(frac)
                {
                    return None;
                }
                let places = frac.iter().fold(0, |n, &b| n * 10 + digit(b)) * [100, 10, 1][frac.len() - 1];
                let milli = int.iter().fold(0, |n, &b| n * 10 + digit(b)) * 1000 + places;
                if places != 0 {
                    return self.milli(milli);
                }
                milli / 1000
            }
        };
        Some(Level::Code(self.level_code[whole as usize]))
    }

    /// The level `whole.hundredths` (both below 100) stands for: a whole level where the
    /// hundredths are 0 (`2.00` is 2), else thousandths on the scale.
    #[inline(always)]
    fn two_places(&self, whole: u32, hundredths: u32) -> Option<Level> {
        match hundredths {
            0 => Some(Level::Code(self.level_code[whole as usize])),
            h => self.milli(whole * 1000 + h * 10),
        }
    }

    /// A decimal in thousandths, if it lies on the scale: decimals of a whole scale, and
    /// values below the regulated one, are [`parse_value`]'s to refuse or flag.
    #[inline]
    fn milli(&self, milli: u32) -> Option<Level> {
        let (lo, hi) = self.milli_range;
        (lo..=hi).contains(&milli).then_some(Level::Milli(milli as u16))
    }

    /// The leaf indicator an id names.
    #[inline]
    fn node(&self, id: &[u8]) -> Fast<usize> {
        // The common case: one or two digits.
        let quick = match *id {
            [a @ b'0'..=b'9'] => Some((a - b'0') as usize),
            [a @ b'0'..=b'9', b @ b'0'..=b'9'] => Some(((a - b'0') * 10 + (b - b'0')) as usize),
            _ => None,
        };
        if let Some(k) = quick {
            return match self.by_number.get(k) {
                Some(&n) if n != NO_NODE => Ok(n as usize),
                _ => Err(GiveUp),
            };
        }
        let found = if !id.is_empty() && id.iter().all(u8::is_ascii_digit) {
            let first = id.iter().position(|&b| b != b'0').unwrap_or(id.len());
            let digits = &id[first..];
            if digits.len() > 9 {
                return Err(GiveUp);
            }
            let k = digits.iter().fold(0usize, |k, &b| k * 10 + (b - b'0') as usize);
            self.by_number.get(k).copied().unwrap_or(NO_NODE)
        } else {
            let mut buf = [0u8; 32];
            if id.is_empty() || id.len() > buf.len() || !id.is_ascii() {
                return Err(GiveUp);
            }
            for (d, s) in buf.iter_mut().zip(id) {
                *d = s.to_ascii_uppercase();
            }
            self.by_text.get(&buf[..id.len()]).copied().unwrap_or(NO_NODE)
        };
        if found == NO_NODE {
            return Err(GiveUp);
        }
        Ok(found as usize)
    }
}

/// A part's regions in order of first appearance, with the key of the last row for the common
/// case of consecutive rows of one region.
struct Part<'p> {
    layout: &'p Layout<'p>,
    regions: Regions,
    last: Option<LastKey>,
    /// Lines started in this part, blank ones included.
    lines: u32,
    /// Rows with data.
    rows: u64,
    /// A buffer for folding names (see [`fold_hash`]).
    folded: String,
}

struct LastKey {
    region: Vec<u8>,
    year: Vec<u8>,
    stage: Vec<u8>,
    /// With [`Layout::key_prefix`]: the line's bytes up to and including the delimiter after
    /// its last key field.
    prefix: Vec<u8>,
    slot: usize,
}

impl<'p> Part<'p> {
    fn new(layout: &'p Layout<'p>) -> Part<'p> {
        Part {
            layout,
            regions: Regions::new(&layout.hashing),
            last: None,
            lines: 0,
            rows: 0,
            folded: String::new(),
        }
    }

    /// The previous line's key prefix (see [`Layout::key_prefix`]) and region.
    #[inline]
    fn prefix(&self) -> Option<(&[u8], usize)> {
        self.layout.key_prefix?;
        self.last.as_ref().map(|l| (&l.prefix[..], l.slot))
    }

    /// Short rows (see [`Layout::short_row`]) of region `slot`, one after another, from the line
    /// at `start` of `buf[..end]` (which begins with the previous line's key prefix) on, until
    /// a line that is not short, does not begin with the prefix, or starts at `stop` (the end of
    /// the part) or later. Returns where that line starts (`start` when the first is not
    /// short). `buf` may go on after `end` (never data).
    ///
    /// The loop of big files: the region's values (and lines) are looked up once, not per row,
    /// the prefix is compared sixteen bytes at a time against a copy laid out for it (see
    /// [`Chunks`]), and the counts of lines and rows added up at the end. Not inlined: in a
    /// function of its own its dozen variables stay in registers (inlined into [`run_part`],
    /// they were spilled to the stack and reloaded on every row).
    #[inline(never)]
    fn short_rows(&mut self, buf: &[u8], end: usize, start: usize, stop: usize, slot: usize) -> Fast<usize> {
        let Some(last) = self.last.take() else { return Ok(start) };
        // One copy of the loop per number of 16-byte chunks the prefix takes (names up to 64
        // bytes with their delimiter); a longer prefix leaves its rows to the general path.
        let next = match last.prefix.len().div_ceil(16) {
            0 => self.short_rows_in(buf, end, start, stop, slot, &Chunks::<0>::new(&last.prefix)),
            1 => self.short_rows_in(buf, end, start, stop, slot, &Chunks::<1>::new(&last.prefix)),
            2 => self.short_rows_in(buf, end, start, stop, slot, &Chunks::<2>::new(&last.prefix)),
            3 => self.short_rows_in(buf, end, start, stop, slot, &Chunks::<3>::new(&last.prefix)),
            4 => self.short_rows_in(buf, end, start, stop, slot, &Chunks::<4>::new(&last.prefix)),
            _ => Ok(start),
        };
        self.last = Some(last);
        next
    }

    /// [`Part::short_rows`] with the prefix as `N` chunks. While the region's values are whole
    /// levels, a byte each, the rows write the bytes directly (the form looked at once, not per
    /// row); a decimal among them leaves its row to the caller, which widens them.
    #[inline(always)]
    fn short_rows_in<const N: usize>(
        &mut self,
        buf: &[u8],
        end: usize,
        start: usize,
        stop: usize,
        slot: usize,
        prefix: &Chunks<N>,
    ) -> Fast<usize> {
        let layout = self.layout;
        let first_line = self.lines;
        let values = &mut self.regions.list[slot].values;
        let mut lines = match layout.record_origins {
            true => self.regions.lines.get_mut(slot).map(|l| &mut l[..]),
            false => None,
        };
        let rows = RowsAt { layout, buf, end, stop, prefix, first_line };
        let (mut next, mut taken, mut handed) = (start, 0, true);
        if let Some(codes) = values.codes_mut() {
            (next, taken, handed) = rows.read(start, 0, lines.as_deref_mut(), |node, level| match level {
                Level::Code(c) => {
                    let slot = codes.get_mut(node)?;
                    let fresh = *slot == 0;
                    if fresh {
                        *slot = c;
                    }
                    Some(fresh)
                }
                _ => None,
            })?;
        }
        // Values in another form, or a decimal among whole levels (which widens them, once).
        if handed {
            (next, taken, _) =
                rows.read(next, taken, lines, |node, level| Some(level.put_into(values, node)))?;
        }
        self.lines += taken;
        self.rows += u64::from(taken);
        Ok(next)
    }

    /// One line (without its line end), split into `fields`; a blank line is skipped like the
    /// general reader does. With `known`, the line starts with the previous line's key prefix:
    /// it is of that region, and its key fields are not looked at.
    #[inline]
    fn line(&mut self, line: &[u8], fields: &[(usize, usize)], known: Option<usize>) -> Fast<()> {
        self.lines += 1;
        match self.row(line, fields, known) {
            Ok(()) => {
                self.rows += 1;
                Ok(())
            }
            Err(GiveUp) if line.iter().all(|&b| b == self.layout.delimiter || is_space(b)) => Ok(()),
            Err(GiveUp) => Err(GiveUp),
        }
    }

    #[inline]
    fn row(&mut self, line: &[u8], fields: &[(usize, usize)], known: Option<usize>) -> Fast<()> {
        let layout = self.layout;
        if fields.len() < layout.width {
            return Err(GiveUp);
        }
        for &(s, e) in &fields[layout.width..] {
            if !line[s..e].iter().all(|&b| is_space(b)) {
                return Err(GiveUp);
            }
        }
        let field = |c: usize| {
            let (s, e) = fields[c];
            &line[s..e]
        };
        let node = layout.node(trim(field(layout.indicator)))?;
        for &c in &layout.ignored {
            text(field(c))?;
        }
        let raw_level = trim(field(layout.level));
        let level = match (raw_level, layout.quick_level(raw_level)) {
            ([], _) => None,
            (_, Some(level)) => Some(level),
            _ => {
                let s = std::str::from_utf8(raw_level).map_err(|_| GiveUp)?;
                let level = parse_value(layout.rubric, node, s, layout.decimal_comma).map_err(|_| GiveUp)?;
                if level.read_as.is_some() {
                    return Err(GiveUp); // a level written as a word: the general reader says so
                }
                // Values below the regulated scale (warned about, cell by cell) are the general
                // reader's.
                if level.below_scale {
                    return Err(GiveUp);
                }
                Some(Level::Value(level.value))
            }
        };
        if matches!(level, Some(Level::Code(0))) {
            return Err(GiveUp);
        }

        let slot = match known {
            Some(slot) => slot,
            None => self.key_slot(line, fields, matches!(level, Some(Level::Milli(_))))?,
        };

        let Some(level) = level else {
            // A blank level: the region exists, the node stays missing. Noted (once per node),
            // so that a file leaving a node missing this way goes to the general reader, which
            // names the blank cell (see `merge_into`).
            let r = &mut self.regions.list[slot];
            if !r.blanks().iter().any(|(n, _)| *n == node) {
                r.extras_mut().blanks.push((node, String::new()));
            }
            return Ok(());
        };
        let local_line = self.lines;
        let r = &mut self.regions.list[slot];
        let fresh = level.put_into(&mut r.values, node);
        if !fresh {
            return Err(GiveUp);
        }
        if layout.record_origins {
            self.regions.lines[slot][node] = local_line;
        }
        let r = &mut self.regions.list[slot];
        for (c, name) in &layout.extras {
            let raw = field(*c);
            if raw.iter().all(|&b| is_space(b)) {
                continue;
            }
            let t = text(raw)?;
            if !t.is_empty() {
                r.extras_mut().notes.push((node, name.clone(), t.to_string()));
            }
        }
        Ok(())
    }

    /// The slot of the region a line's key fields name; `decimal`: the line's value is a
    /// decimal (see [`Part::slot`]).
    fn key_slot(&mut self, line: &[u8], fields: &[(usize, usize)], decimal: bool) -> Fast<usize> {
        let layout = self.layout;
        let field = |c: usize| {
            let (s, e) = fields[c];
            &line[s..e]
        };
        let region = layout.region.map_or(&[][..], field);
        let year = layout.year.map_or(&[][..], field);
        let stage = layout.stage.map_or(&[][..], field);
        if let Some(l) = &self.last {
            if same(&l.region, region)
                && (layout.year.is_none() || same(&l.year, year))
                && (layout.stage.is_none() || same(&l.stage, stage))
            {
                return Ok(l.slot);
            }
        }
        let slot = self.slot(region, year, stage, decimal)?;
        if let (Some(k), Some(last)) = (layout.key_prefix, &mut self.last) {
            // The key fields and the delimiter after each (the row has more fields).
            let end = if k == 0 { 0 } else { fields[k - 1].1 + 1 };
            last.prefix.clear();
            last.prefix.extend_from_slice(&line[..end]);
        }
        Ok(slot)
    }

    /// The slot of a region, made on first sight: holding thousandths at once when its first
    /// value is a `decimal` (Pemdi's assessors'), rather than bytes widened at the next line.
    fn slot(&mut self, raw_region: &[u8], raw_year: &[u8], raw_stage: &[u8], decimal: bool) -> Fast<usize> {
        let layout = self.layout;
        let (region, year, stage) = (raw_region, raw_year, raw_stage);
        let name = match layout.region {
            Some(_) if plain_name(region) => std::str::from_utf8(region).map_err(|_| GiveUp)?.to_string(),
            Some(_) => {
                let t = text(region)?;
                // Zero-width characters and NFD names warn: the general reader's.
                if t.is_empty() || t.len() > MAX_NAME_BYTES || super::clean_name(t).is_some() {
                    return Err(GiveUp);
                }
                spelled(t)
            }
            None => spelled(&layout.fallback_region),
        };
        let year = match layout.year.map(|_| text(year)).transpose()? {
            None | Some("") => layout.default_year,
            // A year outside 1900..2100 warns: the general reader's.
            Some(y) => Some(parse_year(y).filter(|y| super::YEARS.contains(y)).ok_or(GiveUp)?),
        };
        let stage = match layout.stage.map(|_| text(stage)).transpose()? {
            None => None,
            // A blank stage is an error where other rows name one: the general reader's.
            Some(s) if s.is_empty() || s.len() > MAX_NAME_BYTES => return Err(GiveUp),
            Some(s) => Some(s.to_lowercase()),
        };
        let key = Key { region: name, year, stage, code: None };
        let hash = self.regions.index.hash(&key);
        let slot = match self.regions.index.get_hashed(&self.regions.list, &key, hash) {
            Some(s) => s,
            None => {
                // A summary row (`Rata-rata`) is passed over with a warning: the general reader's.
                if layout.region.is_some() && super::summary::is_summary(&key.region) {
                    return Err(GiveUp);
                }
                let fold = fold_hash(&layout.folding, &key.region, &mut self.folded);
                let lines = if layout.record_origins { vec![0; layout.nodes] } else { Vec::new() };
                let mut a = Assessment::new(key, 0);
                a.values =
                    if decimal { Values::thousandths(layout.nodes) } else { Values::new(layout.nodes) };
                a.file = layout.file;
                self.regions.push(a, (hash, fold), lines, self.lines)
            }
        };
        let last = self.last.get_or_insert_with(|| LastKey {
            region: Vec::new(),
            year: Vec::new(),
            stage: Vec::new(),
            prefix: Vec::new(),
            slot,
        });
        for (buf, raw) in
            [(&mut last.region, raw_region), (&mut last.year, raw_year), (&mut last.stage, raw_stage)]
        {
            buf.clear();
            buf.extend_from_slice(raw);
        }
        last.slot = slot;
        Ok(slot)
    }
}

/// The short rows of one region, from a line on (see [`Part::short_rows`]).
struct RowsAt<'a, const N: usize> {
    layout: &'a Layout<'a>,
    buf: &'a [u8],
    end: usize,
    /// The part's lines start before this.
    stop: usize,
    prefix: &'a Chunks<N>,
    /// The line before the first (for the lines of values, when origins are recorded).
    first_line: u32,
}

impl<const N: usize> RowsAt<'_, N> {
    /// Reads rows from `start` (the line at which is short, of the region and in the part)
    /// while they are, giving each to `put`: `Some(true)` took it, `Some(false)` found its node
    /// given already (the general reader says so), `None` hands it back. `taken` rows came
    /// before. Returns where the first row not taken starts, the rows taken with those before,
    /// and whether that row was handed back (it is short, of the region and in the part).
    #[inline(always)]
    fn read(
        &self,
        mut start: usize,
        mut taken: u32,
        mut lines: Option<&mut [u32]>,
        mut put: impl FnMut(usize, Level) -> Option<bool>,
    ) -> Fast<(usize, u32, bool)> {
        let (buf, end, prefix) = (self.buf, self.end, self.prefix);
        // Rows are read while they start before `stop` and the prefix before `end`.
        let before = self.stop.min(end.saturating_sub(prefix.len));
        loop {
            // The caller and the test below keep `start < before`.
            let at = start + prefix.len;
            let Some(w) = buf.get(at..).and_then(<[u8]>::first_chunk) else { break };
            let Some((node, level, len)) = self.layout.short_row(w, end - at) else { break };
            match put(node, level) {
                Some(true) => {}
                Some(false) => return Err(GiveUp),
                None => return Ok((start, taken, true)),
            }
            taken += 1;
            if let Some(lines) = lines.as_deref_mut() {
                lines[node] = self.first_line + taken;
            }
            start = at + len;
            if start >= before || !prefix.starts(buf, start) {
                break;
            }
        }
        Ok((start, taken, false))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Level {
    /// A whole level, as stored in [`Values`] (0: off the scale).
    Code(u8),
    /// A decimal of up to three places, in thousandths (see [`Values::put_milli`]).
    Milli(u16),
    Value(f64),
}

impl Level {
    /// Give `node` this value, unless it has one already: then return false and change nothing.
    #[inline(always)]
    fn put_into(self, values: &mut Values, node: usize) -> bool {
        match self {
            Level::Code(c) => values.put_code(node, c),
            Level::Milli(m) => values.put_milli(node, m),
            Level::Value(v) => {
                !values.is_set(node) && {
                    values.set(node, Some(v));
                    true
                }
            }
        }
    }
}

/// Bytes scanned at a time for separators.
const STRIDE: usize = 32;

/// Bit `k` set where byte `k` of `chunk` is the delimiter or a newline. SSE2, which every
/// x86-64 processor has, compares 16 bytes at once.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn separators(chunk: &[u8; STRIDE], delimiter: u8) -> u64 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of the x86-64 baseline, and each unaligned load reads 16 bytes
    // that lie within `chunk` (offsets 0 and 16 of 32).
    unsafe {
        let (d, nl) = (_mm_set1_epi8(delimiter as i8), _mm_set1_epi8(b'\n' as i8));
        let half = |k: usize| {
            let v = _mm_loadu_si128(chunk.as_ptr().add(k).cast());
            _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, nl))) as u32 as u64
        };
        half(0) | half(16) << 16
    }
}

/// [`separators`] a word at a time, for other processors (and to check the SSE2 one).
#[cfg(any(test, not(target_arch = "x86_64")))]
#[cfg_attr(all(test, target_arch = "x86_64"), allow(dead_code))]
fn separators_swar(chunk: &[u8; STRIDE], delimiter: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let splat = |b: u8| u64::from(b) * 0x0101_0101_0101_0101;
    // The top bit of each byte that is zero.
    let zero = |w: u64| !(((w & LOW7).wrapping_add(LOW7)) | w | LOW7);
    let mut m = 0;
    for (k, w) in chunk.chunks_exact(8).map(word).enumerate() {
        let tops = zero(w ^ splat(delimiter)) | zero(w ^ splat(b'\n'));
        // Gather the top bits (one per byte) into the low byte, the first byte's bit lowest.
        let bits = ((tops >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) & 0xFF;
        m |= bits << (8 * k);
    }
    m
}

#[cfg(not(target_arch = "x86_64"))]
fn separators(chunk: &[u8; STRIDE], delimiter: u8) -> u64 {
    separators_swar(chunk, delimiter)
}

/// Where the first newline of a word (eight bytes in memory order) is, if it has one.
#[inline(always)]
fn newline_in(w: u64) -> Option<usize> {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = w ^ (u64::from(b'\n') * 0x0101_0101_0101_0101);
    // The top bit of each byte of `x` that is zero (exact: no carries between bytes).
    let zero = !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
    let first = if cfg!(target_endian = "little") { zero.trailing_zeros() } else { zero.leading_zeros() };
    (zero != 0).then_some(first as usize / 8)
}

/// Eight bytes as a word.
#[inline(always)]
fn word(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    u64::from_ne_bytes(w)
}

/// Split a line at the delimiter into `fields` (bounds within the line); returns how many.
fn split(line: &[u8], delimiter: u8, fields: &mut [(usize, usize); MAX_FIELDS]) -> Fast<usize> {
    let (mut n, mut start) = (0, 0);
    for (i, &b) in line.iter().enumerate() {
        if b == delimiter {
            *fields.get_mut(n).ok_or(GiveUp)? = (start, i);
            n += 1;
            start = i + 1;
        }
    }
    *fields.get_mut(n).ok_or(GiveUp)? = (start, line.len());
    Ok(n + 1)
}

/// The bytes of the file each part reads: a part reads the lines that start in its span. A
/// thread that has finished its part takes the back half of what another part has yet to
/// read, so that the threads finish together (on a shared machine, one of two threads often
/// finished its half tens of milliseconds after the other). Locked once per block a part
/// reads.
struct Spans {
    spans: std::sync::Mutex<Vec<Span>>,
    /// A span is split only if this many bytes of it are unread.
    least: u64,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    from: u64,
    /// The part has its bytes up to here (so the lines it reads start before it).
    claimed: u64,
    end: u64,
}

impl Spans {
    fn new(bounds: &[u64], least: u64) -> Spans {
        let spans = bounds.windows(2).map(|w| Span { from: w[0], claimed: w[0], end: w[1] }).collect();
        Spans { spans: std::sync::Mutex::new(spans), least }
    }

    fn len(&self) -> Fast<usize> {
        Ok(self.spans.lock().map_err(|_| GiveUp)?.len())
    }

    fn get(&self, i: usize) -> Fast<Span> {
        self.spans.lock().map_err(|_| GiveUp)?.get(i).copied().ok_or(GiveUp)
    }

    /// Part `i` has the bytes up to `to`: where its span now ends (no earlier than the bytes it
    /// had when the span was last split, so never before a line it has begun to read).
    fn claim(&self, i: usize, to: u64) -> Fast<u64> {
        let mut spans = self.spans.lock().map_err(|_| GiveUp)?;
        let span = spans.get_mut(i).ok_or(GiveUp)?;
        span.claimed = span.claimed.max(to);
        Ok(span.end)
    }

    /// Split the span with the most bytes unread, if enough are, at the middle of those: its
    /// part stops there (it has nothing beyond what it claimed), and a new span, whose number
    /// this returns, reads on from there to its old end.
    fn steal(&self) -> Option<usize> {
        let mut spans = self.spans.lock().ok()?;
        let (i, span) = spans
            .iter()
            .enumerate()
            .max_by_key(|(_, s)| s.end.saturating_sub(s.claimed))
            .map(|(i, s)| (i, *s))?;
        let unread = span.end.saturating_sub(span.claimed);
        if unread < self.least {
            return None;
        }
        let middle = span.claimed + unread / 2;
        spans[i].end = middle;
        spans.push(Span { from: middle, claimed: middle, end: span.end });
        Some(spans.len() - 1)
    }
}

/// Read and parse the lines that start in span `i` of the file; a span that does not start
/// the data skips the line its start falls in (the previous part's), so reading starts one
/// byte early.
fn run_part<'p>(
    layout: &'p Layout<'p>,
    path: &Path,
    spans: &Spans,
    i: usize,
    data_start: u64,
    parallel: Parallel,
    failed: &AtomicBool,
) -> Fast<Part<'p>> {
    let mut part = Part::new(layout);
    let Span { from, end: mut to, .. } = spans.get(i)?;
    let skip_first = from > data_start;
    let begin = if skip_first { from - 1 } else { from };
    // The part's bytes, a window (or block) at a time; the STRIDE bytes after `end` are never
    // parsed, only there so that a stride can be loaded anywhere before `end` (what lies past
    // `end` is masked off).
    let size = parallel.block.min((to - begin) as usize + 4096);
    let mut window = Window::open(path, begin, size, parallel.map)?;
    let mut start = 0usize;
    let mut skipping = skip_first;
    let mut fields = [(0usize, 0usize); MAX_FIELDS];
    let delimiter = layout.delimiter;
    loop {
        let (buf, end, eof) = (window.bytes(), window.end(), window.eof());
        // File offset of buf[0].
        let base = window.base();
        // Whole lines in buf[start..end], one at a time.
        'lines: while start < end {
            if skipping {
                let Some(nl) = memchr(b'\n', &buf[start..end]) else {
                    start = end;
                    break;
                };
                start += nl + 1;
                skipping = false;
                continue;
            }
            if base + start as u64 >= to {
                return Ok(part);
            }
            // A line that begins like the previous one up to its last key field is of the same
            // region: its key fields need not be found, nor looked at.
            let (mut pos, mut n, known) = match part.prefix() {
                Some((prefix, slot))
                    if end - start > prefix.len() && same(&buf[start..start + prefix.len()], prefix) =>
                {
                    let at = start + prefix.len();
                    if layout.short_rows {
                        // The lines of this part start before `stop`.
                        let stop = to.saturating_sub(base).min(end as u64) as usize;
                        let next = part.short_rows(buf, end, start, stop, slot)?;
                        if next > start {
                            start = next;
                            continue;
                        }
                    }
                    (at, layout.key_prefix.unwrap_or(0), Some(slot))
                }
                _ => (start, 0, None),
            };
            let mut field_start = pos;
            // Separators a stride at a time: each delimiter ends a field, a newline the line.
            while pos < end {
                let chunk: &[u8; STRIDE] = buf[pos..pos + STRIDE].try_into().map_err(|_| GiveUp)?;
                let mut hits = separators(chunk, delimiter);
                if end - pos < STRIDE {
                    hits &= (1 << (end - pos)) - 1;
                }
                while hits != 0 {
                    let at = pos + hits.trailing_zeros() as usize;
                    hits &= hits - 1;
                    if buf[at] == delimiter {
                        if n + 1 == MAX_FIELDS {
                            return Err(GiveUp);
                        }
                        fields[n] = (field_start - start, at - start);
                        n += 1;
                        field_start = at + 1;
                        continue;
                    }
                    let line_end = if at > start && buf[at - 1] == b'\r' { at - 1 } else { at };
                    fields[n] = (field_start - start, line_end.max(field_start) - start);
                    part.line(&buf[start..line_end], &fields[..=n], known)?;
                    start = at + 1;
                    continue 'lines;
                }
                pos += STRIDE;
            }
            // A partial line: read on.
            break;
        }
        if eof {
            if start < end && !skipping && base + (start as u64) < to {
                // The last line, without a final newline.
                let line = &buf[start..end];
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                let n = split(line, layout.delimiter, &mut fields)?;
                part.line(line, &fields[..n], None)?;
            }
            return Ok(part);
        }
        if failed.load(Ordering::Relaxed) {
            return Err(GiveUp);
        }
        // Keep the partial line, map or read on; the span may have been split meanwhile.
        window.refill(start)?;
        to = spans.claim(i, window.base() + window.end() as u64)?;
        start = 0;
    }
}

/// Read the regions of a file, in order of first appearance.
fn read_regions(
    rubric: &Rubric,
    input: &Input,
    path: &Path,
    opts: &ReadOptions,
    file_index: u32,
    parallel: Parallel,
    record_origins: bool,
) -> Fast<Regions> {
    // Asked of the path before opening: a FIFO opened and closed unread loses what its writer
    // sends (the general reader reads it instead, once).
    let meta = std::fs::metadata(path).map_err(|_| GiveUp)?;
    if !meta.is_file() {
        return Err(GiveUp);
    }
    let mut file = File::open(path).map_err(|_| GiveUp)?;
    let len = meta.len();
    let mut head = Vec::with_capacity(HEAD.min(len as usize));
    (&mut file).take(HEAD as u64).read_to_end(&mut head).map_err(|_| GiveUp)?;
    drop(file);
    let (mut layout, data_start, header_lines) = Layout::new(rubric, input, &head, opts, record_origins)?;
    layout.file = file_index;
    let data_start = data_start as u64;

    let span = len.saturating_sub(data_start);
    let most = span / parallel.min_part.max(1);
    let threads = (parallel.threads as u64).min(most).max(1) as usize;
    let parts = (parallel.parts.min(threads) as u64).max(1);
    let bounds: Vec<u64> = (0..=parts).map(|i| data_start + span * i / parts).collect();
    // Half of the least split off is at least a part's least, and a few blocks.
    // Saturating: a least part of u64::MAX means "never split".
    let least = parallel.min_part.max((parallel.block as u64).saturating_mul(4)).saturating_mul(2);
    let spans = Spans::new(&bounds, least);
    for _ in 0..parallel.presplit {
        spans.steal();
    }
    let failed = AtomicBool::new(false);
    let results: Vec<Fast<Vec<(u64, Part)>>> = if threads == 1 {
        // One thread reads the spans in turn (one, unless split beforehand).
        let read_all = (0..spans.len()?)
            .map(|i| {
                Ok((spans.get(i)?.from, run_part(&layout, path, &spans, i, data_start, parallel, &failed)?))
            })
            .collect();
        vec![read_all]
    } else {
        (0..threads)
            .into_par_iter()
            .map(|t| {
                // Its own part first, then what it can take from the others.
                let mut done = Vec::new();
                let mut next = (t < parts as usize).then_some(t);
                while let Some(i) = next.take().or_else(|| spans.steal()) {
                    // A part that panics gives up, and the general reader reads the file.
                    let part = std::panic::AssertUnwindSafe(|| {
                        run_part(&layout, path, &spans, i, data_start, parallel, &failed)
                    });
                    let r = std::panic::catch_unwind(part).unwrap_or(Err(GiveUp));
                    match (r, spans.get(i)) {
                        (Ok(p), Ok(s)) => done.push((s.from, p)),
                        _ => {
                            failed.store(true, Ordering::Relaxed);
                            return Err(GiveUp);
                        }
                    }
                    if failed.load(Ordering::Relaxed) {
                        return Err(GiveUp);
                    }
                }
                Ok(done)
            })
            .collect()
    };

    // The parts in file order.
    let mut parts = results.into_iter().collect::<Fast<Vec<_>>>()?.into_iter().flatten().collect::<Vec<_>>();
    parts.sort_by_key(|&(from, _)| from);
    let mut parts: Vec<_> = parts.into_iter().map(|(_, p)| (p.regions, p.rows, p.lines)).collect();
    // Lines counted from the top of the file.
    let mut offset = header_lines;
    let mut rows = 0;
    for (regions, part_rows, part_lines) in &mut parts {
        rows += *part_rows;
        for l in regions.lines.iter_mut().flatten().chain(&mut regions.firsts).filter(|l| **l > 0) {
            *l += offset;
        }
        offset += *part_lines;
    }
    if rows == 0 {
        return Err(GiveUp);
    }
    let count = parts.len();
    let mut regions = merge_parts(parts.into_iter().map(|(r, _, _)| r).collect())?;
    regions.parts = count;
    regions.column = layout.level as u32 + 1;
    regions.region_column = layout.region.map_or(0, |c| c as u32 + 1);
    Ok(regions)
}

/// The parts' regions as one, in order of first appearance (the order of reading the file front
/// to back): a region of a part seen in an earlier one (its rows straddle a boundary) gives its
/// values to the first, unless one was given there too.
fn merge_parts(mut parts: Vec<Regions>) -> Fast<Regions> {
    let seen = seen_before(&parts);
    // Per part, its regions seen before, in order.
    let mut taken: Vec<Vec<usize>> = vec![Vec::new(); parts.len()];
    for &(j, k, i, at) in &seen {
        let (before, from) = parts.split_at_mut(j);
        let (from, into) = (&mut from[0], &mut before[i]);
        let (r, a) = (&mut from.list[k], &mut into.list[at]);
        for node in r.values.given() {
            if a.values.is_set(node) {
                return Err(GiveUp);
            }
            a.values.set(node, r.values[node]);
            if let Some(l) = into.lines.get_mut(at) {
                l[node] = from.lines[k][node];
            }
        }
        a.take_notes(r, true);
        taken[j].push(k);
    }
    if parts.len() == 1 {
        return Ok(parts.pop().unwrap_or_default());
    }
    let mut later = parts.into_iter().zip(taken);
    let Some((mut regions, _)) = later.next() else { return Ok(Regions::default()) };
    let later: Vec<_> = later.collect();
    // The later parts' regions are moved into the first part's list, and their keys into its
    // index, on every core: no serial pass over the regions of later parts.
    regions.list.reserve_exact(later.iter().map(|(p, taken)| p.list.len() - taken.len()).sum());
    let mut indexes = Vec::with_capacity(later.len());
    for (mut part, taken) in later {
        let base = regions.list.len();
        move_kept(&mut regions.list, &mut part.list, &taken);
        regions.hashes.extend(kept(part.hashes, &taken));
        regions.folds.extend(kept(part.folds, &taken));
        regions.lines.extend(kept(part.lines, &taken));
        regions.firsts.extend(kept(part.firsts, &taken));
        indexes.push((part.index, base, taken));
    }
    // A part's region `k` is now at `base + k` less the regions taken before it.
    let indexes: Vec<_> = indexes
        .iter()
        .map(|(index, base, taken)| {
            (index, move |k: usize| taken.binary_search(&k).err().map(|n| base + k - n))
        })
        .collect();
    regions.index.extend_from(&indexes);
    Ok(regions)
}

/// Move the regions of `from` but those at the (ascending) positions `taken` to the end of
/// `into`, in order, on every core: the runs between taken ones are written in place (rayon's
/// indexed extend), the last drained from `from`, the others left as empty assessments.
fn move_kept(into: &mut Vec<Assessment>, from: &mut Vec<Assessment>, taken: &[usize]) {
    let moved =
        |a: &mut Assessment| std::mem::replace(a, Assessment::new(Key::new(String::new(), None, None), 0));
    const RUN: usize = 1 << 12;
    if taken.len() > 64 {
        // Taken ones all over (a file not in region order): rayon gathers the pieces, then
        // appends them.
        let kept = from
            .par_iter_mut()
            .with_min_len(RUN)
            .enumerate()
            .filter(|(k, _)| taken.binary_search(k).is_err());
        into.par_extend(kept.map(|(_, a)| moved(a)));
        return;
    }
    let mut start = 0;
    for &end in taken {
        into.par_extend(from[start..end].par_iter_mut().with_min_len(RUN).map(moved));
        start = end + 1;
    }
    // Usually the only run (after the region that straddles the part's start).
    if start < from.len() {
        into.par_extend(from.par_drain(start..).with_min_len(RUN));
    }
}

/// The items of `v` but those at the (ascending) positions `taken`.
fn kept<'a, T: 'a>(v: Vec<T>, taken: &'a [usize]) -> impl Iterator<Item = T> + 'a {
    v.into_iter().enumerate().filter(|(k, _)| taken.binary_search(k).is_err()).map(|(_, t)| t)
}

/// The regions of later parts seen in an earlier one, as (part, region, the first part it is
/// in, its region there), in order; looked up in parallel with the hashes the parts made
/// (they all hash alike).
fn seen_before(parts: &[Regions]) -> Vec<(usize, usize, usize, usize)> {
    const CHUNK: usize = 1 << 14;
    let chunks: Vec<(usize, usize)> =
        (1..parts.len()).flat_map(|j| (0..parts[j].list.len()).step_by(CHUNK).map(move |k| (j, k))).collect();
    chunks
        .into_par_iter()
        .flat_map_iter(|(j, from)| {
            let part = &parts[j];
            (from..part.list.len().min(from + CHUNK)).filter_map(move |k| {
                let (key, hash) = (&part.list[k].key, part.hashes[k]);
                parts[..j]
                    .iter()
                    .enumerate()
                    .find_map(|(i, p)| p.index.get_hashed(&p.list, key, hash).map(|at| (j, k, i, at)))
            })
        })
        .collect()
}

/// A name as [`check_spellings`] compares names: in lower case (names are spelled with single
/// spaces already), folded as the general reader folds them where it is not ASCII.
fn fold(name: &str) -> String {
    if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        super::fold_region(name)
    }
}

/// The hash of a name's [`fold`], with `buf` to fold ASCII names into without allocating.
fn fold_hash(state: &foldhash::fast::RandomState, name: &str, buf: &mut String) -> u64 {
    if !name.is_ascii() {
        return state.hash_one(fold(name));
    }
    buf.clear();
    buf.push_str(name);
    buf.make_ascii_lowercase();
    state.hash_one(&*buf)
}

/// The general reader takes region names that differ only in case or spacing as one region,
/// spelled as first seen, and warns; a file with such names (among themselves, or against
/// names read before) is left to it. The names' fold hashes were made by the parts.
fn check_spellings(set: &Assessments, regions: &Regions) -> Fast<()> {
    let list = &regions.list;
    if !one_spelling_per_fold(&regions.folds, |i| &list[i].key.region) {
        return Err(GiveUp);
    }
    if set.regions.is_empty() {
        return Ok(());
    }
    list.par_iter().with_min_len(1 << 12).try_for_each(|r| match set.regions.get(&fold(&r.key.region)) {
        Some((canonical, _)) if *canonical != r.key.region => Err(GiveUp),
        _ => Ok(()),
    })
}

/// Whether names of one [`fold`] are all spelled alike, given each name's fold hash
/// (`folds[i]` of `name(i)`). Names of one fold have one hash, so equal hashes are found by
/// sorting rather than by a table (200,000 inserts into one missed the cache at nearly every
/// one): the hashes are first dealt into buckets by their top bits, one pass whose open
/// buckets stay in cache, and each bucket, small enough for the core's first cache, is sorted
/// on its own, the buckets in parallel. Only a run of equal hashes has its names compared.
fn one_spelling_per_fold<'a>(folds: &[u64], name: impl Fn(usize) -> &'a str + Sync) -> bool {
    let n = folds.len();
    // About 64 hashes a bucket, at most 4,096 buckets.
    let bits = (n / 64).max(1).ilog2().min(12);
    let bucket = |h: u64| if bits == 0 { 0 } else { (h >> (64 - bits)) as usize };
    let mut starts = vec![0usize; (1 << bits) + 1];
    for &h in folds {
        starts[bucket(h) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut dealt = vec![(0u64, 0u32); n];
    let mut next = starts.clone();
    for (i, &h) in folds.iter().enumerate() {
        let at = &mut next[bucket(h)];
        dealt[*at] = (h, i as u32);
        *at += 1;
    }
    let mut buckets = Vec::with_capacity(1 << bits);
    let mut rest = &mut dealt[..];
    for w in starts.windows(2) {
        let (b, tail) = rest.split_at_mut(w[1] - w[0]);
        buckets.push(b);
        rest = tail;
    }
    buckets.into_par_iter().with_min_len(64).all(|b| {
        b.sort_unstable_by_key(|&(h, _)| h);
        b.chunk_by(|x, y| x.0 == y.0).all(|run| {
            if run.len() == 1 {
                return true;
            }
            let first = name(run[0].1 as usize);
            // The same name (another year or stage), the common run; else, rarely, names of
            // another fold whose hash is the same, told apart by their folds.
            run.iter().all(|&(_, i)| name(i as usize) == first) || {
                let mut spelled: HashMap<String, &str> = HashMap::new();
                run.iter().all(|&(_, i)| {
                    let name = name(i as usize);
                    *spelled.entry(fold(name)).or_insert(name) == name
                })
            }
        })
    })
}

/// Add a file's regions to the set, unless one of its values collides with one read before (a
/// duplicate, or a value at an ancestor): then nothing is added.
fn merge_into(rubric: &Rubric, set: &mut Assessments, mut regions: Regions, file: u32) -> Fast<()> {
    let (nodes, column) = (rubric.nodes.len(), regions.column);
    check_spellings(set, &regions)?;
    // A node left blank and given nowhere: the general reader names where it was left blank.
    regions.list.par_iter_mut().with_min_len(1 << 14).try_for_each(|r| {
        if r.blanks().is_empty() {
            return Ok(());
        }
        let before = set.index.get(&set.items, &r.key).map(|slot| &set.items[slot].values);
        if r.blanks().iter().any(|&(n, _)| !r.values.is_set(n) && !before.is_some_and(|v| v.is_set(n))) {
            return Err(GiveUp);
        }
        if let Some(e) = r.extras_if_any() {
            e.blanks.clear();
        }
        Ok(())
    })?;
    // Names for later inputs to be checked against (the general reader records them as it goes).
    for (r, &line) in regions.list.iter().zip(&regions.firsts) {
        let origin = Origin { file, line, column: regions.region_column };
        set.regions
            .entry(super::fold_region(&r.key.region))
            .or_insert_with(|| (r.key.region.clone(), origin));
    }
    let record = |set: &mut Assessments, slot: usize, lines: &[u32]| {
        for (node, &line) in lines.iter().enumerate().filter(|(_, l)| **l > 0) {
            set.record_origin(slot, node, Origin { file, line, column }, nodes);
        }
    };
    if set.items.is_empty() {
        // The first input: its regions are the set.
        set.items = regions.list;
        set.index = regions.index;
        for (slot, lines) in regions.lines.iter().enumerate() {
            record(set, slot, lines);
        }
        return Ok(());
    }
    // Check everything before changing anything.
    for r in &regions.list {
        let Some(slot) = set.index.get(&set.items, &r.key) else { continue };
        let have = &set.items[slot].values;
        for node in r.values.given() {
            let mut up = Some(node);
            while let Some(n) = up {
                if have.is_set(n) {
                    return Err(GiveUp);
                }
                up = rubric.node(n).parent;
            }
        }
    }
    let mut lines = regions.lines.into_iter();
    for mut r in regions.list {
        let slot = match set.index.get(&set.items, &r.key) {
            Some(slot) => {
                let a = &mut set.items[slot];
                for node in r.values.given() {
                    a.values.set(node, r.values[node]);
                }
                a.take_notes(&mut r, false);
                slot
            }
            None => {
                set.items.push(r);
                set.index.insert(&set.items, set.items.len() - 1);
                set.items.len() - 1
            }
        };
        if let Some(l) = lines.next() {
            record(set, slot, &l);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
