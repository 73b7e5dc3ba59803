//! Rendering results. Commands build a [`Report`]: one or more [`Table`]s for people and
//! spreadsheets, and a JSON value for pipelines. Each format lives in its own file behind
//! [`render`]; writing to a file is atomic (temp file, then rename).

mod delimited;
mod markdown;
mod terminal;
mod write;
pub mod xlsx;

use std::io::Write;

pub use write::{check_destination, write_output, Destination};

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

/// A value in a table cell. Numbers stay numbers until they are rendered.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A score; `None` renders empty.
    Num(Option<f64>),
    /// A signed difference, rendered with an explicit `+`.
    Delta(Option<f64>),
    /// A signed difference finer than scores (a plan's gain per raise, e.g. +0.0275): two more
    /// decimals than the precision, with an explicit `+`.
    FineDelta(Option<f64>),
    Int(i64),
    /// A rating (predikat) name, with the index of its band (for colouring).
    Rating(String, usize),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// The cell as text, numbers with `precision` decimals and the given decimal separator.
    pub fn display(&self, precision: usize, decimal_comma: bool) -> String {
        let num = |x: f64, sign: bool| Cell::number(x, sign, precision, decimal_comma);
        match self {
            Cell::Text(s) | Cell::Rating(s, _) => s.clone(),
            Cell::Num(Some(x)) => num(*x, false),
            Cell::Delta(Some(x)) => num(*x, true),
            Cell::FineDelta(Some(x)) => Cell::number(*x, true, precision + 2, decimal_comma),
            Cell::Num(None) | Cell::Delta(None) | Cell::FineDelta(None) => String::new(),
            Cell::Int(i) => i.to_string(),
        }
    }

    fn number(x: f64, sign: bool, precision: usize, decimal_comma: bool) -> String {
        let s = if sign { format!("{x:+.precision$}") } else { format!("{x:.precision$}") };
        // No sign on a zero that only rounding left (`-0.00`, `+0.00`).
        let s = if (s.starts_with('-') || s.starts_with('+')) && s[1..].chars().all(|c| c == '0' || c == '.')
        {
            s[1..].to_string()
        } else {
            s
        };
        if decimal_comma {
            s.replace('.', ",")
        } else {
            s
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Cell::Num(_) | Cell::Delta(_) | Cell::FineDelta(_) | Cell::Int(_))
    }
}

/// How a cell stands out from its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The column's highest value.
    Best,
    /// The column's lowest value.
    Worst,
}

/// A titled table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub title: Option<String>,
    /// Name of the table's sheet in a workbook [default: from the title].
    pub sheet: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Cells that stand out (row, column, mark), shown where the format can (terminal colour).
    pub marks: Vec<(usize, usize, Mark)>,
}

impl Table {
    pub fn new(headers: Vec<String>) -> Table {
        Table { headers, ..Table::default() }
    }

    pub fn titled(mut self, title: impl Into<String>) -> Table {
        self.title = Some(title.into());
        self
    }

    /// Name the table's sheet in a workbook.
    pub fn sheet(mut self, name: impl Into<String>) -> Table {
        self.sheet = Some(name.into());
        self
    }

    pub fn mark(&self, row: usize, column: usize) -> Option<Mark> {
        self.marks.iter().find(|&&(r, c, _)| r == row && c == column).map(|&(_, _, m)| m)
    }
}

/// What a command produces.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Tables for people (table, markdown).
    pub tables: Vec<Table>,
    /// Which table CSV/TSV carry (one table per file, so a spreadsheet can open it).
    pub flat: usize,
    pub json: serde_json::Value,
}

/// Rendering settings.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub precision: usize,
    /// Decimal comma in formats meant for people (Indonesian output).
    pub decimal_comma: bool,
    /// Colour in the terminal table.
    pub color: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style { precision: 2, decimal_comma: false, color: false }
    }
}

/// Render a report in a format.
pub fn render(report: &Report, format: Format, style: &Style, w: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Table => terminal::write(report, style, w),
        Format::Csv => delimited::write(report, b',', style, w),
        Format::Tsv => delimited::write(report, b'\t', style, w),
        Format::Markdown => markdown::write(report, style, w),
        Format::Xlsx => xlsx::write(report, style, w),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, &report.json)?;
            writeln!(w)
        }
    }
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`.
pub fn neutralize_formula(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}
