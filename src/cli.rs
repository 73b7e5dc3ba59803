//! The command line: clap definitions and dispatch. Clap types stop here; commands turn them
//! into plain settings for the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::i18n::Lang;
use crate::output::{CsvStyle, Destination, Format, Style};
use crate::problem::{code, ErrorFormat, Problem, Problems, Severity};

const AFTER_HELP: &str = "\
Examples:
  spbe score examples/jambi/mandiri                 score every region in a folder
  spbe score kerinci.csv --detail indicator         with the aspect and indicator breakdown
  spbe score examples/jambi/published-2023-2024.csv --format json
  spbe template > penilaian.csv                     a blank form to fill in
  spbe rubric show spbe-2020                        the tree of weights
  spbe plan kerinci.csv --target \"Sangat Baik\"      the fewest raises to a rating
  spbe score kerinci.csv --set 11=3,12=3            what-if: the index with two levels changed
  spbe diff mandiri/ final/                         self-assessment against final levels
  spbe sensitivity mandiri/ --draws 10000           how robust ranks are to the weights

Exit codes: 0 success, 1 a requested check failed (--fail-below; plan: a target out of
reach), 2 bad input or usage.
A closed pipe (e.g. `| head`) is success.

Environment: SPBE_RUBRIC sets the default --rubric (an embedded id or a path).";

const SCORE_HELP: &str = "\
Examples:
  spbe score examples/jambi/mandiri                 score every region in a folder
  spbe score kerinci.csv --detail indicator         with the aspect and indicator breakdown
  spbe score examples/jambi/published-2023-2024.csv --format json
  spbe score data/ --fail-below Baik -o scores.csv  a pipeline gate: exit 1 below Baik
  spbe score data/ --fail-below 2.6 --quiet --error-format json

Exit codes: 0 success, 1 a region is below --fail-below (results are still written),
2 bad input or usage.";

const COMPLETIONS_HELP: &str = "\
Examples:
  spbe completions bash > ~/.local/share/bash-completion/completions/spbe
  spbe completions zsh > ~/.zfunc/_spbe            (with fpath+=~/.zfunc in ~/.zshrc)
  spbe completions fish > ~/.config/fish/completions/spbe.fish
  spbe completions powershell >> $PROFILE";

const MAN_HELP: &str = "\
Examples:
  spbe man | man -l -                              read it now
  spbe man > /usr/local/share/man/man1/spbe.1      install the main page
  spbe man --dir /usr/local/share/man/man1         one page per command (spbe-score.1, ...)";

/// Score Indonesia's e-government maturity index: Indeks SPBE (PermenPANRB 59/2020, the
/// default), its predecessor (5/2018) and the Indeks Pemerintah Digital (8/2026).
#[derive(Debug, Parser)]
#[command(name = "spbe", version, about, long_about = None, after_long_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Rubric: an embedded id (spbe-2020, spbe-2018, pemdi-2026) or a path to a TOML file.
    #[arg(long, global = true, value_name = "ID|PATH", env = "SPBE_RUBRIC", default_value = crate::rubric::DEFAULT_RUBRIC)]
    pub rubric: String,
    /// Language of labels and messages [default: from LC_ALL/LANG, Indonesian when it starts with `id`].
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<Lang>,
    /// Print no warnings (errors are still printed; the exit code tells the rest).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Every warning is an error (exit 2, nothing written): for pipelines that must not accept
    /// a level written `tiga`, a value below the scale or a merged spelling of a name.
    #[arg(long, global = true)]
    pub strict: bool,
    /// How errors and warnings are printed on stderr: `text`, or `json` (one object per line
    /// with severity, file, line, column, message and code).
    #[arg(long, global = true, value_enum, value_name = "FORMAT", default_value_t = ErrorFormat::Text)]
    pub error_format: ErrorFormat,
    /// Set by `main` when the rubric came from the SPBE_RUBRIC environment variable.
    #[arg(skip)]
    pub rubric_from_env: bool,
    /// Set by `main` when the rubric was chosen (`--rubric` or SPBE_RUBRIC), not the default.
    #[arg(skip)]
    pub rubric_given: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score assessments: index, rating and domain scores per region.
    #[command(after_long_help = SCORE_HELP)]
    Score(ScoreArgs),
    /// Compare regions: ranking, domain by domain, against a baseline, across years.
    #[command(after_long_help = COMPARE_HELP)]
    Compare(CompareArgs),
    /// Check assessments without scoring; exit 0 when clean.
    Validate(ValidateArgs),
    /// List, show and check rubrics.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Print a blank long-format form (region, indicator, name, level, note) to fill in, as CSV
    /// or as an Excel workbook.
    #[command(after_long_help = TEMPLATE_HELP)]
    Template(TemplateArgs),
    /// Write an HTML report with charts: ranking, index bars over the rating bands, a radar chart
    /// per region, a heatmap of indicator levels, trends when there are several years, and with
    /// --target each region's planned steps.
    #[command(after_long_help = REPORT_HELP)]
    Report(ReportArgs),
    /// Draw one chart of the report as a standalone SVG or PNG.
    #[command(after_long_help = CHART_HELP)]
    Chart(ChartArgs),
    /// The fewest (or cheapest) level raises that bring each region to a target index or rating.
    #[command(after_long_help = PLAN_HELP)]
    Plan(PlanArgs),
    /// Compare two assessments of the same regions: levels, scores, index and rating changes.
    #[command(after_long_help = DIFF_HELP)]
    Diff(DiffArgs),
    /// How robust the index and the ranking are to the weights (random perturbations).
    #[command(after_long_help = SENSITIVITY_HELP)]
    Sensitivity(SensitivityArgs),
    /// The Kemendagri registry of provinces and kabupaten/kota, and how input names resolve to it.
    #[command(subcommand)]
    Regions(RegionsCommand),
    /// Print a shell completion script.
    #[command(after_long_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per command into a folder.
    #[command(after_long_help = MAN_HELP)]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write spbe.1 and one page per command (spbe-score.1, ...) into DIR instead of printing spbe.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Replace pages that exist in DIR.
    #[arg(long, requires = "dir")]
    pub force: bool,
}

/// `--fail-below`, shared by the commands that score regions.
#[derive(Debug, Args, Clone, Default)]
pub struct GateArgs {
    /// Exit 1 when any region's index is below INDEX (e.g. 2.6) or below the lower bound of
    /// RATING (e.g. Baik, "Sangat Baik"), after writing the results. Decided on the unrounded
    /// index, like the rating.
    #[arg(long, value_name = "INDEX|RATING")]
    pub fail_below: Option<crate::gate::Threshold>,
}

const REPORT_HELP: &str = "\
The page is one self-contained HTML file: inline CSS and SVG, no scripts, nothing fetched, so it
opens offline and prints on A4. The regions compared are those of the latest year in the input;
earlier years appear in the trend charts. An input with several stages needs --stage. With
--target the page ends with each region's planned steps, as `spbe plan` finds them (the same
--max-raise, --only, --exclude and --costs); a region whose values are given above indicator
level gets no plan, and the page says why. Set SOURCE_DATE_EPOCH (seconds since 1970) to fix the
date printed under the title.

Examples:
  spbe report examples/jambi/mandiri -o laporan.html
  spbe report examples/jambi/mandiri --baseline \"Provinsi Jambi\" --lang id -o laporan.html
  spbe report examples/jambi/mandiri --target \"Sangat Baik\" -o rencana.html
  spbe report penilaian.csv --stage final -o final.html           one stage of several
  spbe report examples/jambi/published-2023-2024.csv examples/jambi/mandiri --year 2025 -o tren.html";

const CHART_HELP: &str = "\
Radar and trend charts draw every region in a grid, or one with --focus. The format follows the
extension of -o (.svg or .png) unless --format says otherwise; PNG text uses the fonts installed
on the machine.

Examples:
  spbe chart bar examples/jambi/mandiri --baseline \"Provinsi Jambi\" -o indeks.svg
  spbe chart radar examples/jambi/mandiri --focus Kerinci -o kerinci.png
  spbe chart heatmap examples/jambi/mandiri -o tingkat.svg";

const TEMPLATE_HELP: &str = "\
The workbook (--format xlsx) has one row per indicator with its number, name, aspect and
domain; a level column that accepts only the rubric's scale; a note column; and beside them the
level names (with the criteria, where the rubric has them). Fill in the levels and read it back
with `spbe score FILE.xlsx`.

Examples:
  spbe template > penilaian.csv                            CSV, region column blank
  spbe template --region \"Kab. Kerinci\" -o kerinci.xlsx    a workbook (format from the extension)
  spbe template --format xlsx --lang id > penilaian.xlsx   Indonesian headers

Exit codes: 0 success, 2 bad usage.";

const COMPARE_HELP: &str = "\
Ranks are by the unrounded index (the number that decides the rating); indices equal to within
1e-9 are tied and share a rank (1, 2, 2, 4). With several years (a year column, or --year per
input) the main table is the trend: index and rating per year, the change, and every rating that
moved; the comparison that follows is of the latest year, and --fail-below checks that year.

Examples:
  spbe compare examples/jambi/mandiri                          rank every region, by domain
  spbe compare examples/jambi/mandiri --baseline \"Provinsi Jambi\"   differences from the province
  spbe compare examples/jambi/published-2023-2024.csv          the 2023 → 2024 trend
  spbe compare 2023/ 2024/ --year 2023 --year 2024             one folder per year
  spbe compare nasional-2024.csv --province Jambi               a province and its regencies
  spbe compare nasional-2024.csv --group province               every province against its regencies
  spbe compare examples/jambi/mandiri --by aspect --sort D2     by aspect, best Tata Kelola first
  spbe compare examples/jambi/mandiri -o perbandingan.xlsx      an Excel workbook
  spbe compare data/ --fail-below Baik -o ranking.csv           exit 1 if a region is below Baik

Exit codes: 0 success, 1 a region is below --fail-below (results are still written),
2 bad input or usage.";

/// Where assessments come from.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Assessment files (CSV/TSV or .xlsx, long or wide), folders of them, or `-` for stdin.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<String>,
    /// Region name for files without a region column [default: the file name without extension].
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,
    /// Year for rows without a year column: once for every input, or once per INPUT in order
    /// (`a.csv b.csv --year 2023 --year 2024`; a folder counts as one INPUT).
    #[arg(long, value_name = "YEAR", action = clap::ArgAction::Append)]
    pub year: Vec<i32>,
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
    /// Keep only this province and its kabupaten/kota: its name (Jambi, "Nusa Tenggara
    /// Barat", NTB) or Kemendagri code (15). Region names are matched to the registry (`spbe
    /// regions resolve`); compare and report then take the province as the baseline.
    #[arg(long, value_name = "NAME|CODE")]
    pub province: Option<String>,
}

/// Where and how results are written.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Output format [default: from the extension of -o FILE (.xlsx, .csv, .tsv, .json, .md),
    /// else table].
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table, value_name = "FORMAT", hide_default_value = true)]
    pub format: Format,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Decimals shown for scores [default: 2] (JSON always carries full precision).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=15))]
    pub precision: Option<u8>,
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
        match (&self.format, &self.output) {
            (Format::Table, Some(p)) => Format::from_extension(p).unwrap_or(Format::Table),
            (f, _) => *f,
        }
    }

    pub fn destination(&self) -> Destination {
        match &self.output {
            Some(p) if p.as_os_str() != "-" => Destination::File { path: p.clone(), force: self.force },
            _ => Destination::Stdout,
        }
    }

    pub fn style(&self, lang: Lang) -> Style {
        let to_terminal = self.output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout());
        let no_color = !colour_allowed(std::env::var_os("NO_COLOR"), std::env::var_os("TERM"));
        let format = self.effective_format();
        Style {
            precision: self.precision.map_or(2, usize::from),
            decimal_comma: lang == Lang::Id && matches!(format, Format::Table | Format::Markdown),
            color: to_terminal && !no_color && format == Format::Table,
            codes: self.codes,
            excel_csv: self.csv_style == CsvStyle::ExcelId && format == Format::Csv,
        }
    }
}

/// How much breakdown `score` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Detail {
    /// Domain and aspect scores.
    Aspect,
    /// Domain, aspect and indicator scores, with level names.
    Indicator,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Add a breakdown per region (in CSV/TSV: one row per region and node instead of the summary).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub detail: Option<Detail>,
    /// What-if: score with these values overridden (ID=LEVEL, comma-separated or repeated;
    /// decimals with a point), showing the change. Only values the input gives (or leaves
    /// entirely blank) can be set.
    #[arg(long = "set", value_name = "ID=LEVEL", value_delimiter = ',')]
    pub set: Vec<String>,
    #[command(flatten)]
    pub gate: GateArgs,
}

const PLAN_HELP: &str = "\
Each raise lifts one indicator by one level. Without --costs the plan has the fewest raises
(largest gains first); with --costs it is the cheapest (exact), best value first. Every step
shows the level reached, its criteria where the rubric has them, the gain and the index after
it as `spbe score` computes it. Inputs must give indicator levels (not domain or aspect
scores). With --allow-missing, indicators not given are not planned and the index is over what
was given. Exit 1 when some region cannot reach the target.

Examples:
  spbe plan kerinci.csv --target \"Sangat Baik\"
  spbe plan kerinci.csv --target 3.5 --max-raise 1 --exclude 45-47
  spbe plan examples/jambi/mandiri --target Baik --only D2,D3 -f csv -o plan.csv
  spbe plan kerinci.csv --target 3.5 --costs biaya.csv     cost file: indicator,cost";

const DIFF_HELP: &str = "\
Regions are matched by name (ignoring case), and by year when either side has several years.
When each side holds a single region, the two are compared whatever their names. Regions and
indicators present on one side only are listed. `before higher` counts indicators whose BEFORE
level is above AFTER (a self-assessment that over-claims), `before lower` the opposite.

Examples:
  spbe diff mandiri/kerinci.csv final/kerinci.csv
  spbe diff penilaian.csv --from mandiri --to final       one file with a stage column
  spbe diff published-2023-2024.csv --from 2023 --to 2024  one file, two years
  spbe diff mandiri/ final/ -f csv -o changes.csv

Exit codes: 0 success, 1 no region is on both sides (the regions of each side are still
listed), 2 bad input or usage.";

const SENSITIVITY_HELP: &str = "\
Each draw multiplies every weight (domains, aspects, indicators) by a factor drawn uniformly
from [1-S, 1+S], renormalises within its parent, and rescores every region. Ranks are within
each year and stage, 1 the highest, ties sharing a rank (1, 2, 2, 4). Percentiles are
nearest-rank. Draw d uses its own ChaCha8 stream (seed K, stream d), so results depend only on
the seed, never on the number of threads; --spread 0 gives the nominal values exactly.

Examples:
  spbe sensitivity examples/jambi/mandiri
  spbe sensitivity examples/jambi/mandiri --draws 10000 --spread 0.2 --seed 7
  spbe sensitivity examples/jambi/published-2023-2024.csv -f json";

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Target: an index (e.g. 3.5) or a rating name (e.g. "Sangat Baik": its lower bound).
    #[arg(long, short = 't', value_name = "INDEX|RATING")]
    pub target: String,
    #[command(flatten)]
    pub limits: PlanLimits,
}

/// What a plan may raise, and at what cost: shared by `plan` and `report --target`.
#[derive(Debug, Args, Clone, Default)]
pub struct PlanLimits {
    /// Raise each indicator at most N levels.
    #[arg(long, value_name = "N", requires = "target")]
    pub max_raise: Option<u32>,
    /// Raise only these (comma-separated ids; a domain or aspect stands for its indicators;
    /// `45-47` is a range of indicators).
    #[arg(long, value_name = "IDS", value_delimiter = ',', requires = "target")]
    pub only: Vec<String>,
    /// Never raise these (same form as --only), e.g. `--exclude 45-47`.
    #[arg(long, value_name = "IDS", value_delimiter = ',', requires = "target")]
    pub exclude: Vec<String>,
    /// Cost of one raise of each indicator (CSV `indicator,cost`: days, rupiah, ...): plan the
    /// cheapest way to the target. Indicators without a cost are not raised.
    #[arg(long, value_name = "FILE", requires = "target")]
    pub costs: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier assessment (e.g. the self-assessment): a file, a folder of files, or `-`.
    #[arg(value_name = "BEFORE")]
    pub before: String,
    /// The later assessment (e.g. the final levels). Leave it out to compare two stages or
    /// years of BEFORE with --from and --to.
    #[arg(value_name = "AFTER")]
    pub after: Option<String>,
    /// The stage (mandiri, dokumen, interviu, visitasi, final) or year to take from BEFORE.
    #[arg(long, value_name = "STAGE|YEAR")]
    pub from: Option<String>,
    /// The stage or year to take from AFTER (or from BEFORE when AFTER is left out).
    #[arg(long, value_name = "STAGE|YEAR")]
    pub to: Option<String>,
    /// Region name for files without a region column [default: the file name without extension].
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,
    /// Year for rows without a year column: once for both sides, or twice (BEFORE's, then
    /// AFTER's): `a.csv b.csv --year 2024 --year 2025`.
    #[arg(long, value_name = "YEAR", action = clap::ArgAction::Append)]
    pub year: Vec<i32>,
    /// Worksheet to read from .xlsx inputs [default: the first sheet].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Score regions with missing indicators over what is given instead of stopping.
    #[arg(long)]
    pub allow_missing: bool,
    /// Treat blank indicators that another agency's index feeds (Pemdi 5, 6, 7, 18) as
    /// missing, instead of scoring them 1 and marking them pending as the assessors do.
    #[arg(long)]
    pub external_missing: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Number of random draws of the weights.
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub draws: u32,
    /// Spread S: every weight is multiplied by a factor drawn uniformly from [1-S, 1+S] (0 ≤ S < 1).
    #[arg(long, value_name = "S", default_value_t = 0.1, value_parser = parse_spread)]
    pub spread: f64,
    /// Seed of the random draws.
    #[arg(long, value_name = "K", default_value_t = 1)]
    pub seed: u64,
    /// Worker threads [default: one per core]. The results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: Option<u32>,
}

fn parse_spread(s: &str) -> Result<f64, String> {
    let v: f64 = s.trim().parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{s} is outside 0 ≤ S < 1 (e.g. 0.1 for ±10 %)"))
    }
}

/// The layer of the rubric whose scores are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layer {
    Domain,
    Aspect,
    Indicator,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Columns to compare [default: domains, or aspects for a rubric without domains].
    #[arg(long, value_enum, value_name = "LAYER")]
    pub by: Option<Layer>,
    /// Row order: `index` (highest first), `name`, or a node id such as D2 (its highest score
    /// first). The rank column is always by index.
    #[arg(long, value_name = "index|name|ID", default_value = "index")]
    pub sort: String,
    /// Add every region's difference from REGION (its name, or a part of it that names one
    /// region) and count the regions above and below it.
    #[arg(long, value_name = "REGION")]
    pub baseline: Option<String>,
    #[command(flatten)]
    pub stage: StageArg,
    /// One row per group instead of per region: `province` gives each province's own index
    /// and rating, its kabupaten/kota's count, mean, median, minimum and maximum, how many are
    /// above and below it, and its rank among provinces (the latest year of the input).
    #[arg(long, value_enum, value_name = "GROUP")]
    pub group: Option<Group>,
    #[command(flatten)]
    pub gate: GateArgs,
}

/// What `compare --group` groups regions by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Group {
    /// Each province with its kabupaten/kota (by Kemendagri code).
    Province,
}

/// `--stage`, for the commands that compare regions at one stage.
#[derive(Debug, Args, Clone, Default)]
pub struct StageArg {
    /// Compare the assessments of this stage (mandiri, dokumen, interviu, visitasi, final, ...);
    /// needed when the input has a stage column with several stages.
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// List the embedded rubrics.
    List {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show a rubric's tree with weights [default: the --rubric in effect].
    Show {
        /// Embedded id or path.
        #[arg(value_name = "ID|PATH")]
        rubric: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Check a rubric file; exit 0 when it is sound.
    Check {
        /// Path to the TOML file (or an embedded id).
        #[arg(value_name = "PATH")]
        path: String,
    },
}

const REGIONS_LIST_HELP: &str = "\
The registry is the npm package idn-area-data (MIT; data ODbL), embedded in spbe: 38 provinces and
514 kabupaten/kota with their Kemendagri codes.

Examples:
  spbe regions list                              every province and kabupaten/kota
  spbe regions list --province Jambi             Jambi and its 11 kabupaten/kota
  spbe regions list --province 52 -f csv         by code, as CSV";

const REGIONS_RESOLVE_HELP: &str = "\
Reads the inputs as scoring does (with the rubric in effect; a CSV/TSV table that does not score,
e.g. names only, is read from its region column) and lists every region name with the code and
registry name it resolves to, or why it does not: ambiguous (the candidates), a central
instansi, or not in the registry. Exit 1 when a name is ambiguous or not in the registry. Case, dots, hyphens and spaces are ignored; Kab., Kep., Sel.,
Prov., NTB, NTT, DKI and D.I. are expanded; \"Pemerintah\" is optional; Kabupaten, Kota and
Provinsi decide between regions of one name; a code column (`kode`, `code`) wins over the name.

Examples:
  spbe regions resolve nasional-2024.csv
  spbe regions resolve nasional-2024.csv -f csv -o nama.csv";

#[derive(Debug, Subcommand)]
pub enum RegionsCommand {
    /// List the provinces and kabupaten/kota with their codes.
    #[command(after_long_help = REGIONS_LIST_HELP)]
    List {
        /// Only this province and its kabupaten/kota: its name or code.
        #[arg(long, value_name = "NAME|CODE")]
        province: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show how the region names of input files resolve to the registry.
    #[command(after_long_help = REGIONS_RESOLVE_HELP)]
    Resolve {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
}

/// Formats of `spbe template`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateFormat {
    /// Comma-separated values.
    Csv,
    /// Excel workbook with a checked level column (binary: needs -o FILE.xlsx or a redirected stdout).
    Xlsx,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Fill the region column with NAME.
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,
    /// Form format [default: xlsx when -o names a .xlsx file, else csv].
    #[arg(long, short = 'f', value_enum, value_name = "FORMAT")]
    pub format: Option<TemplateFormat>,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Write the page to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Decimals shown for scores.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u8).range(0..=15))]
    pub precision: u8,
    /// Region to highlight and compare with: its name (case and extra spaces ignored), or a part
    /// of it that fits only one region [default: none; radar charts then show the mean of all
    /// regions].
    #[arg(long, value_name = "REGION")]
    pub baseline: Option<String>,
    #[command(flatten)]
    pub stage: StageArg,
    /// Title of the page [default: the index name and "report", e.g. "Indeks SPBE report"; in
    /// Indonesian with --lang id].
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Add each region's planned steps to a target: an index (e.g. 3.5) or a rating name (e.g.
    /// "Sangat Baik"), as `spbe plan --target`.
    #[arg(long, short = 't', value_name = "INDEX|RATING")]
    pub target: Option<String>,
    #[command(flatten)]
    pub limits: PlanLimits,
}

/// The charts `spbe chart` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartKind {
    /// Each region's index as a bar, over the rating bands.
    Bar,
    /// Domain (or aspect) scores per region, over the baseline's or the mean.
    Radar,
    /// Indicator levels: regions × indicators, coloured by level.
    Heatmap,
    /// Index over the years, per region (needs at least two years).
    Trend,
}

/// Image formats of `spbe chart`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImageFormat {
    Svg,
    Png,
}

#[derive(Debug, Args)]
pub struct ChartArgs {
    /// Which chart to draw.
    #[arg(value_enum, value_name = "CHART")]
    pub kind: ChartKind,
    #[command(flatten)]
    pub input: InputArgs,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Image format [default: png when FILE ends in .png, else svg].
    #[arg(long, short = 'f', value_enum, value_name = "FORMAT")]
    pub format: Option<ImageFormat>,
    /// Decimals shown for scores.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u8).range(0..=15))]
    pub precision: u8,
    /// Region to highlight (bar) and draw the radar charts over: its name or a unique part.
    #[arg(long, value_name = "REGION")]
    pub baseline: Option<String>,
    #[command(flatten)]
    pub stage: StageArg,
    /// Draw only this region (radar and trend): its name or a unique part.
    #[arg(long, value_name = "REGION")]
    pub focus: Option<String>,
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

/// Settings every command shares, resolved from the global flags.
pub struct Context {
    pub rubric_spec: String,
    /// Language of messages and of output for people.
    pub lang: Lang,
    /// `--lang` as given: the language of machine formats' headers (English without it).
    pub lang_given: Option<Lang>,
    /// `--strict`: every warning is an error.
    pub strict: bool,
    /// Warnings printed so far (for `--strict`).
    pub warnings: std::sync::atomic::AtomicUsize,
    pub quiet: bool,
    pub error_format: ErrorFormat,
    pub rubric_from_env: bool,
    /// The rubric was chosen (`--rubric` or SPBE_RUBRIC): a file naming another is an error.
    pub rubric_given: bool,
}

impl Context {
    /// A warning on stderr (none with `--quiet`).
    pub fn warn(&self, msg: &str) {
        self.warn_problem(&Problem::general(code::WARNING, msg));
    }

    /// A warning with a code (for `--error-format json`).
    pub fn warn_with(&self, code: &'static str, msg: &str) {
        self.warn_problem(&Problem::general(code, msg));
    }

    /// A warning about a place in an input; with `--strict`, an error (the run ends with
    /// exit 2 before any output is written: [`Context::check_strict`]).
    pub fn warn_problem(&self, p: &Problem) {
        self.warnings.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if self.strict {
            print_diagnostic(p, Severity::Error, self.error_format, self.lang);
        } else if !self.quiet {
            print_diagnostic(p, Severity::Warning, self.error_format, self.lang);
        }
    }

    /// With `--strict`, fail when any warning was given.
    pub fn check_strict(&self) -> anyhow::Result<()> {
        let n = self.warnings.load(std::sync::atomic::Ordering::Relaxed);
        if self.strict && n > 0 {
            let msg = match self.lang {
                Lang::En => format!("--strict: {n} warning(s) above are errors; nothing was written"),
                Lang::Id => format!("--strict: {n} peringatan di atas adalah galat; tidak ada yang ditulis"),
            };
            return Err(Problems(vec![Problem::general(code::STRICT, msg)]).into());
        }
        Ok(())
    }

    /// The language of labels in output of this format: for people, the language in effect;
    /// for machine formats (CSV, TSV, JSON), only `--lang` as given, else English, so that a
    /// pipeline reads the same headers on every machine.
    pub fn labels(&self, format: crate::output::Format) -> Lang {
        use crate::output::Format;
        match format {
            Format::Csv | Format::Tsv | Format::Json => self.lang_given.unwrap_or(Lang::En),
            _ => self.lang,
        }
    }

    /// A failed check (e.g. `--fail-below`): printed unless `--quiet`; the exit code is 1.
    pub fn check_failed(&self, p: &Problem) {
        if !self.quiet {
            print_diagnostic(p, Severity::Error, self.error_format, self.lang);
        }
    }

    /// Status lines for people (e.g. `validate`'s "ok"): not with `--quiet` or JSON errors.
    pub fn chatty(&self) -> bool {
        !self.quiet && self.error_format == ErrorFormat::Text
    }

    /// Load the rubric in effect, warning once if it is provisional.
    pub fn rubric(&self) -> anyhow::Result<crate::rubric::Rubric> {
        self.load_rubric(&self.rubric_spec).map_err(|e| {
            if !self.rubric_from_env {
                return e;
            }
            match e.downcast::<Problems>() {
                Ok(mut problems) => {
                    for p in &mut problems.0 {
                        p.message.push_str(" (the rubric set by the SPBE_RUBRIC environment variable)");
                    }
                    problems.into()
                }
                Err(e) => e.context("the rubric set by the SPBE_RUBRIC environment variable"),
            }
        })
    }

    /// The rubric to read these inputs with: the one chosen, else the one the first input names
    /// in its `rubric` column (a form from `spbe template`), else the default.
    pub fn rubric_for(&self, input: &InputArgs) -> anyhow::Result<crate::rubric::Rubric> {
        if !self.rubric_given {
            let inputs =
                crate::assessment::expand_inputs(&input.inputs).map(|e| e.inputs).unwrap_or_default();
            if let Some(named) = crate::assessment::declared_rubric(&inputs, input.sheet.as_deref()) {
                if crate::rubric::embedded(&named).is_some() && !named.eq_ignore_ascii_case(&self.rubric_spec)
                {
                    return self.load_rubric(&named.to_lowercase());
                }
            }
        }
        self.rubric()
    }

    pub fn load_rubric(&self, spec: &str) -> anyhow::Result<crate::rubric::Rubric> {
        let r = crate::rubric::Rubric::resolve(spec)?;
        for w in &r.warnings {
            self.warn_problem(w);
        }
        if let Some(w) = r.provisional_warning() {
            self.warn_with(code::RUBRIC_PROVISIONAL, &w);
        }
        Ok(r)
    }
}

/// Print one diagnostic on stderr in the chosen format.
pub fn print_diagnostic(p: &Problem, severity: Severity, format: ErrorFormat, lang: Lang) {
    match format {
        ErrorFormat::Json => eprintln!("{}", p.json_line(severity)),
        ErrorFormat::Text => {
            let label = match severity {
                Severity::Error => lang.t("error", "galat"),
                Severity::Warning => lang.t("warning", "peringatan"),
            };
            eprintln!("{label}: {p}");
        }
    }
}

/// Print the error that ended a run: every problem it carries, else the error and its causes.
pub fn print_error(e: &anyhow::Error, format: ErrorFormat, lang: Lang) {
    match format {
        ErrorFormat::Text => eprintln!("{}: {}", lang.t("error", "galat"), chain(e)),
        ErrorFormat::Json => match e.chain().find_map(|c| c.downcast_ref::<Problems>()) {
            Some(problems) => {
                for p in &problems.0 {
                    eprintln!("{}", p.json_line(Severity::Error));
                }
            }
            None => eprintln!("{}", Problem::general(code::ERROR, chain(e)).json_line(Severity::Error)),
        },
    }
}

/// Print a command-line error (unknown flag, bad value) in the chosen format.
pub fn print_usage_error(e: &clap::Error, format: ErrorFormat) {
    match format {
        ErrorFormat::Text => {
            let _ = e.print();
        }
        ErrorFormat::Json => {
            let text = e.render().to_string();
            let first = text.lines().next().unwrap_or("").trim_start_matches("error: ").to_string();
            eprintln!("{}", Problem::general(code::USAGE, first).json_line(Severity::Error));
        }
    }
}

/// The error format asked for on a command line that clap could not parse.
pub fn error_format_in(args: &[std::ffi::OsString]) -> ErrorFormat {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--error-format=json" || (a == "--error-format" && it.next().is_some_and(|v| v == "json")) {
            return ErrorFormat::Json;
        }
    }
    ErrorFormat::Text
}

/// The error and its causes, once each.
pub fn chain(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ")
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<crate::Outcome> {
    let cx = Context {
        rubric_spec: cli.global.rubric.clone(),
        lang: cli.global.lang.unwrap_or_else(Lang::from_env),
        lang_given: cli.global.lang,
        strict: cli.global.strict,
        warnings: Default::default(),
        quiet: cli.global.quiet,
        error_format: cli.global.error_format,
        rubric_from_env: cli.global.rubric_from_env,
        rubric_given: cli.global.rubric_given,
    };
    cx.lang.set_current();
    if let Some(w) = crate::parallel::env_warning() {
        cx.warn(&w);
    }
    let outcome = match cli.command {
        Command::Score(args) => crate::cmd::score::run(&cx, &args)?,
        Command::Validate(args) => crate::cmd::validate::run(&cx, &args)?,
        Command::Rubric(cmd) => crate::cmd::rubric::run(&cx, cmd)?,
        Command::Template(args) => crate::cmd::template::run(&cx, &args)?,
        Command::Report(args) => crate::cmd::report::run(&cx, &args)?,
        Command::Chart(args) => crate::cmd::chart::run(&cx, &args)?,
        Command::Compare(args) => crate::cmd::compare::run(&cx, &args)?,
        Command::Plan(args) => crate::cmd::plan::run(&cx, &args)?,
        Command::Diff(args) => crate::cmd::diff::run(&cx, &args)?,
        Command::Sensitivity(args) => crate::cmd::sensitivity::run(&cx, &args)?,
        Command::Regions(cmd) => crate::cmd::regions::run(&cx, cmd)?,
        Command::Completions(args) => crate::cmd::completions::run(&args)?,
        Command::Man(args) => crate::cmd::man::run(&args)?,
    };
    // A command that wrote nothing (validate) fails here.
    cx.check_strict()?;
    Ok(outcome)
}
