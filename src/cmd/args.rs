//! Argument groups several commands share, declared once and flattened into each command's
//! `Args`: where assessments come from, where output goes, how it is shown, the gate, the
//! stage and the limits of a plan.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::i18n::Lang;
use crate::output::{CsvStyle, Destination, Format, Style};

/// How assessments are read: every option of the input group but the files themselves, so
/// that `diff` (BEFORE and AFTER) shares it with the commands that take a list of INPUTs.
#[derive(Debug, Args, Clone, Default)]
pub struct ReadArgs {
    /// Region name for files without a region column [default: the file name without extension].
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,
    /// Worksheet to read from .xlsx inputs [default: the first sheet].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Score regions with missing indicators over what is given (weights renormalised),
    /// marking them incomplete, instead of stopping with an error.
    #[arg(long)]
    pub allow_missing: bool,
    /// Treat blank indicators that another agency's index feeds (Pemdi 5, 6, 7, 18) as
    /// missing, instead of scoring them 1 and marking them pending as the assessors do.
    #[arg(long)]
    pub external_missing: bool,
}

/// Where assessments come from.
#[derive(Debug, Args, Clone, Default)]
pub struct InputArgs {
    /// Assessment files (CSV/TSV or .xlsx, long or wide), folders of them, or `-` for stdin.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<String>,
    /// Year for rows without a year column: once for every input, or once per INPUT in order
    /// (`a.csv b.csv --year 2023 --year 2024`; a folder counts as one INPUT).
    #[arg(long, value_name = "YEAR", action = clap::ArgAction::Append)]
    pub year: Vec<i32>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Keep only this province and its kabupaten/kota: its name (Jambi, "Nusa Tenggara
    /// Barat", NTB) or Kemendagri code (15). Region names are matched to the registry (`spbe
    /// regions resolve`); compare and report then take the province as the baseline.
    #[arg(long, value_name = "NAME|CODE")]
    pub province: Option<String>,
}

/// `-o FILE` and `--force`: the one answer to "where does the output go".
#[derive(Debug, Args, Clone, Default)]
pub struct FileOut {
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    pub path: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

impl FileOut {
    /// The file named, unless it is `-` (stdout).
    pub fn file(&self) -> Option<&Path> {
        self.path.as_deref().filter(|p| p.as_os_str() != "-")
    }

    /// Where the output goes: the file named, or stdout for none or `-`.
    pub fn destination(&self) -> Destination {
        match self.file() {
            Some(p) => Destination::File { path: p.to_path_buf(), force: self.force },
            None => Destination::Stdout,
        }
    }

    /// Whether the name ends in `.EXT` (any case).
    pub fn has_extension(&self, ext: &str) -> bool {
        self.path.as_deref().and_then(Path::extension).is_some_and(|e| e.eq_ignore_ascii_case(ext))
    }
}

/// `--precision`: decimals for people; machine formats are full unless it is given.
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct Precision {
    /// Decimals of scores [default: 2 in tables, Markdown, xlsx, charts and the report; CSV
    /// and TSV carry full precision (shortest text that reads back as the same number, e.g.
    /// 2.5968) unless N is given; JSON always carries full precision].
    #[arg(long = "precision", value_name = "N", value_parser = clap::value_parser!(u8).range(0..=15))]
    pub decimals: Option<u8>,
}

impl Precision {
    /// The decimals to show: as given, else 2.
    pub fn get(self) -> usize {
        self.decimals.map_or(2, usize::from)
    }
}

/// Where and how tables are written.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Output format [default: from the extension of -o FILE (.xlsx, .csv, .tsv, .json, .md),
    /// else table].
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table, value_name = "FORMAT", hide_default_value = true)]
    pub format: Format,
    #[command(flatten)]
    pub file: FileOut,
    #[command(flatten)]
    pub precision: Precision,
    /// Show each region's Kemendagri code (15.04) in tables and Markdown; CSV, TSV, JSON and
    /// xlsx always carry it.
    #[arg(long)]
    pub codes: bool,
    /// CSV for whom: `standard` (comma, decimal point: the machine contract) or `excel-id`
    /// (semicolon, decimal comma and a UTF-8 BOM, so that a double-click opens it right in an
    /// Excel set to Indonesian). CSV only.
    #[arg(long, value_enum, value_name = "STYLE", default_value_t = CsvStyle::Standard)]
    pub csv_style: CsvStyle,
}

impl OutputArgs {
    /// The format to write: `--format`, or when that is left at `table`, the one the extension
    /// of `-o FILE` names.
    pub fn effective_format(&self) -> Format {
        match (&self.format, &self.file.path) {
            (Format::Table, Some(p)) => Format::from_extension(p).unwrap_or(Format::Table),
            (f, _) => *f,
        }
    }

    pub fn destination(&self) -> Destination {
        self.file.destination()
    }

    pub fn style(&self, lang: Lang) -> Style {
        let to_terminal = self.file.path.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout());
        let no_color = !colour_allowed(std::env::var_os("NO_COLOR"), std::env::var_os("TERM"));
        let format = self.effective_format();
        Style {
            precision: self.precision.get(),
            full_precision: self.precision.decimals.is_none() && matches!(format, Format::Csv | Format::Tsv),
            decimal_comma: lang == Lang::Id && matches!(format, Format::Table | Format::Markdown),
            color: to_terminal && !no_color && format == Format::Table,
            codes: self.codes,
            excel_csv: self.csv_style == CsvStyle::ExcelId && format == Format::Csv,
        }
    }
}

/// `--fail-below`, shared by the commands that score regions.
#[derive(Debug, Args, Clone, Default)]
pub struct GateArgs {
    /// Exit 1 when any region's index is below INDEX (e.g. 2.6) or below the lower bound of
    /// RATING (e.g. Baik, "Sangat Baik"), after writing the results. Decided on the unrounded
    /// index, like the rating.
    #[arg(long, value_name = "INDEX|RATING")]
    pub fail_below: Option<crate::threshold::Threshold>,
}

/// `--stage`, for the commands that compare regions at one stage.
#[derive(Debug, Args, Clone, Default)]
pub struct StageArg {
    /// Compare the assessments of this stage (mandiri, dokumen, interviu, visitasi, final, ...);
    /// needed when the input has a stage column with several stages.
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,
}

/// What a plan may raise, and at what cost: shared by `plan` and `report --target`.
#[derive(Debug, Args, Clone, Default)]
pub struct PlanLimits {
    /// Raise each indicator at most N levels.
    #[arg(long, value_name = "N", requires = "target")]
    pub max_raise: Option<u32>,
    /// Raise only these (comma-separated ids; a domain or aspect stands for its indicators;
    /// `45-47` is a range of indicators, `D1-D2` of domains).
    #[arg(long, value_name = "IDS", value_delimiter = ',', requires = "target")]
    pub only: Vec<crate::selector::Selector>,
    /// Never raise these (same form as --only), e.g. `--exclude 45-47`.
    #[arg(long, value_name = "IDS", value_delimiter = ',', requires = "target")]
    pub exclude: Vec<crate::selector::Selector>,
    /// Cost of one raise of each indicator (CSV `indicator,cost`: days, rupiah, ...): plan the
    /// cheapest way to the target. Indicators without a cost are not raised. A cost is per
    /// whole level: a first step from a decimal value (1.26 → 2) costs its share (0.74 of it).
    #[arg(long, value_name = "FILE", requires = "target")]
    pub costs: Option<PathBuf>,
    /// Also raise pending indicators (Pemdi 5, 6, 7, 18 left blank: scored 1 until the other
    /// agency's index is out). Without it they are left out of the plan, and the plan says so.
    #[arg(long, requires = "target")]
    pub plan_pending: bool,
}

/// Whether the environment allows colour: not with NO_COLOR set (no-color.org), nor on a
/// terminal that says it cannot show it (`TERM=dumb`).
fn colour_allowed(no_color: Option<std::ffi::OsString>, term: Option<std::ffi::OsString>) -> bool {
    no_color.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb")
}

#[cfg(test)]
#[test]
fn colour_follows_no_color_and_term_dumb() {
    let s = |v: &str| Some(std::ffi::OsString::from(v));
    assert!(colour_allowed(None, s("xterm-256color")));
    assert!(colour_allowed(s(""), None));
    assert!(!colour_allowed(s("1"), s("xterm")));
    assert!(!colour_allowed(None, s("dumb")));
}

/// A value clap parses into `T`, with the text as given kept for documents that echo it
/// (`plan`'s `"target": {"input": "3,5"}`).
#[derive(Debug, Clone)]
pub struct AsGiven<T> {
    /// The argument as typed.
    pub text: String,
    /// What it parsed to.
    pub value: T,
}

impl<T: std::str::FromStr> std::str::FromStr for AsGiven<T> {
    type Err = T::Err;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(AsGiven { text: s.to_string(), value: s.parse()? })
    }
}
