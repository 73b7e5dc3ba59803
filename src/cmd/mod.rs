//! One module per subcommand, each with its own `run`.

pub(crate) mod app;
pub(crate) mod args;
pub(crate) mod chart;
pub mod compare;
pub(crate) mod completions;
pub(crate) mod diff;
pub(crate) mod man;
pub(crate) mod overview;
pub(crate) mod plan;
pub(crate) mod regions;
pub(crate) mod report;
pub(crate) mod rubric;
pub mod schema;
pub mod score;
pub(crate) mod sensitivity;
pub(crate) mod template;
pub(crate) mod validate;
pub(crate) mod what_if;

use anyhow::Result;

use crate::assessment::{self, Assessments, Input, Key, ReadOptions};
use crate::gate::Gate;
use crate::i18n::Lang;
use crate::output::{self, Cell, CellRef, Document};
use crate::rubric::Rubric;
use crate::score::RegionScore;
use crate::Outcome;
use app::App;
use args::{GateArgs, InputArgs, OutputArgs};

/// Expand and read the inputs of a command, printing reader warnings; then give the regions
/// their Kemendagri codes (one name per government) and apply `--province`.
pub fn read_inputs(cx: &App, rubric: &Rubric, args: &InputArgs) -> Result<(Vec<Input>, Assessments)> {
    let province = province_arg(args.province.as_deref())?;
    let (inputs, mut set) = read_names_as_given(cx, rubric, args)?;
    for w in crate::region::attach_codes(rubric, &mut set)? {
        cx.warn_problem(&w);
    }
    if let Some(p) = province {
        crate::region::keep_province(&mut set, p);
        if set.is_empty() {
            let (name, code) = (&p.name, &p.code);
            anyhow::bail!(match cx.lang {
                Lang::En => format!(
                    "the inputs hold no region of province {name} ({code}): none of their names resolves to it or to one of its kabupaten/kota (`spbe regions resolve` shows how they resolve)"
                ),
                Lang::Id => format!(
                    "masukan tidak memuat wilayah provinsi {name} ({code}): tidak ada namanya yang terbaca sebagai provinsi itu atau salah satu kabupaten/kotanya (`spbe regions resolve` menunjukkan cara nama dibaca)"
                ),
            });
        }
    }
    Ok((inputs, set))
}

/// Expand and read the inputs, printing reader warnings; region names stay as the inputs
/// spell them (codes only from a code column).
pub fn read_names_as_given(cx: &App, rubric: &Rubric, args: &InputArgs) -> Result<(Vec<Input>, Assessments)> {
    let (year, per_arg) = match args.year.len() {
        0 => (None, None),
        1 => (args.year.first().copied(), None),
        n if n == args.inputs.len() => (None, Some(&args.year)),
        n => {
            let inputs = args.inputs.len();
            anyhow::bail!(match cx.lang {
                Lang::En => format!(
                    "--year is given {n} times for {inputs} inputs: give it once for every input, or once per input"
                ),
                Lang::Id => format!(
                    "--year diberikan {n} kali untuk {inputs} masukan: berikan sekali untuk semua masukan, atau sekali per masukan"
                ),
            })
        }
    };
    let mut skipped = Vec::new();
    let (inputs, input_years) = match per_arg {
        None => {
            let found = assessment::expand_inputs(&args.inputs)?;
            skipped = found.warnings;
            (found.inputs, Vec::new())
        }
        Some(years) => {
            // Expand each argument on its own, so a folder's files all get that argument's year.
            let mut inputs = Vec::new();
            let mut input_years = Vec::new();
            let mut problems = crate::problem::Problems::default();
            for (arg, &y) in args.inputs.iter().zip(years) {
                match assessment::expand_inputs(std::slice::from_ref(arg)) {
                    Ok(found) => {
                        input_years.extend(std::iter::repeat_n(Some(y), found.inputs.len()));
                        inputs.extend(found.inputs);
                        skipped.extend(found.warnings);
                    }
                    Err(p) => problems.0.extend(p.0),
                }
            }
            problems.into_result((inputs, input_years))?
        }
    };
    for w in &skipped {
        cx.warn_problem(w);
    }
    if args.read.sheet.is_some() && !inputs.iter().any(is_workbook) {
        cx.warn(cx.lang.t(
            "--sheet applies to workbook inputs only; none was given",
            "--sheet hanya berlaku untuk masukan buku kerja; tidak ada yang diberikan",
        ));
    }
    let opts =
        ReadOptions { region: args.read.region.clone(), year, input_years, sheet: args.read.sheet.clone() };
    let mut set = assessment::read(rubric, &inputs, &opts)?;
    for w in &set.warnings {
        cx.warn_problem(w);
    }
    if !args.read.external_missing {
        for w in assessment::fill_pending(rubric, &mut set) {
            cx.warn_problem(&w);
        }
    }
    Ok((inputs, set))
}

/// The province `--province` names, checked before anything is read.
pub fn province_arg(spec: Option<&str>) -> Result<Option<&'static crate::region::Region>> {
    let Some(spec) = spec else { return Ok(None) };
    crate::region::registry().province(spec).map(Some).map_err(|e| {
        crate::problem::Problems(vec![crate::problem::Problem::general(
            crate::problem::code::NOT_A_PROVINCE,
            crate::problem::Message::said(e),
        )])
        .into()
    })
}

/// The baseline a command compares with: `--baseline` as given, else with `--province` the
/// province's own name in the inputs (where they have it).
pub fn baseline_or_province(
    baseline: Option<&str>,
    province: Option<&str>,
    scores: &[RegionScore],
) -> Option<String> {
    if let Some(b) = baseline {
        return Some(b.to_string());
    }
    let province = crate::region::registry().province(province?).ok()?;
    scores.iter().find(|s| s.key.code() == Some(province.code.as_str())).map(|s| s.key.region.clone())
}

fn is_workbook(input: &Input) -> bool {
    match input {
        Input::Path(p) => p
            .extension()
            .is_some_and(|e| assessment::WORKBOOK_EXTENSIONS.iter().any(|w| e.eq_ignore_ascii_case(w))),
        Input::Stdin => true,
    }
}

/// Resolve `--fail-below` against the rubric before any work: a bad threshold is bad usage.
pub fn resolve_gate(cx: &App, rubric: &Rubric, args: &GateArgs) -> Result<Option<Gate>> {
    let Some(t) = &args.fail_below else { return Ok(None) };
    let message = match crate::gate::resolve(rubric, t) {
        Ok(gate) => return Ok(Some(gate)),
        Err(crate::gate::GateError::OutsideScale { value, min, max, rubric }) => match cx.lang {
            Lang::En => format!("--fail-below {value} is outside the scale {min}..{max} of rubric {rubric}"),
            Lang::Id => format!("--fail-below {value} di luar skala {min}..{max} rubrik {rubric}"),
        },
        Err(crate::gate::GateError::UnknownRating(e)) => unknown_rating("--fail-below", &e, cx.lang),
    };
    Err(crate::problem::Problems(vec![crate::problem::Problem::general(
        crate::problem::code::BAD_THRESHOLD,
        message,
    )])
    .into())
}

/// A region, stage or years that could not be picked, in the language of the run, with the
/// flag that helps: the library says what is wrong, the command line which flag picks.
pub fn select_message(e: &crate::select::SelectError, lang: Lang) -> String {
    use crate::i18n::Localized;
    let hint = match e {
        crate::select::SelectError::SeveralStages { .. } => {
            lang.t(": pick one with --stage STAGE", ": pilih satu dengan --stage TAHAP")
        }
        crate::select::SelectError::MixedYears { .. } => lang.t(
            ": give --year for the inputs without a year column",
            ": berikan --year untuk masukan tanpa kolom tahun",
        ),
        _ => "",
    };
    format!("{}{hint}", e.message(lang))
}

/// A rating the rubric does not have, worded for the flag that named it: `--fail-below` takes
/// "an index or a rating", `--target` "a number or a rating".
pub fn unknown_rating(flag: &str, e: &crate::threshold::UnknownRating, lang: Lang) -> String {
    let crate::threshold::UnknownRating { name, rubric, bands } = e;
    let bands = bands.join(", ");
    match (flag, lang) {
        ("--fail-below", Lang::En) => {
            format!("--fail-below `{name}` is neither an index nor a rating of rubric {rubric} ({bands})")
        }
        ("--fail-below", Lang::Id) => {
            format!("--fail-below `{name}` bukan indeks maupun predikat rubrik {rubric} ({bands})")
        }
        (_, Lang::En) => {
            format!("target `{name}` is neither a number nor a rating of rubric {rubric} ({bands})")
        }
        (_, Lang::Id) => format!("target `{name}` bukan angka dan bukan predikat rubrik {rubric} ({bands})"),
    }
}

/// The ids of `--set`, `--only` or `--exclude` that name no node (or are set twice), all at
/// once after the flag: `--exclude: `47-45`: the range runs backwards; `99`: unknown id ...`.
pub fn id_errors(flag: &str, errors: &[crate::selector::IdError], lang: Lang) -> anyhow::Error {
    use crate::i18n::Localized;
    let said: Vec<String> = errors.iter().map(|e| e.message(lang)).collect();
    anyhow::anyhow!("{flag}: {}", said.join("; "))
}

/// After the results are written: report the regions below the gate; exit 1 if there are any.
pub fn apply_gate(cx: &App, rubric: &Rubric, scores: &[RegionScore], gate: Option<&Gate>) -> Outcome {
    let Some(gate) = gate else { return Outcome::Success };
    let failures = crate::gate::failures(rubric, gate, scores, cx.lang);
    for p in &failures {
        cx.check_failed(p);
    }
    if failures.is_empty() {
        Outcome::Success
    } else {
        Outcome::CheckFailed
    }
}

/// Render a report to the destination the output flags name.
pub fn emit(cx: &App, report: &Document, args: &OutputArgs, inputs: &[Input]) -> Result<()> {
    check_output_args(args)?;
    cx.check_strict()?;
    let style = args.style(cx.lang);
    let format = args.effective_format();
    check_binary(format, &args.destination())?;
    if format == output::Format::Xlsx {
        let about = about(cx, report, inputs)?;
        return output::write_output(&args.destination(), inputs, |w| {
            output::xlsx::write(report, &style, Some(&about), w)
        });
    }
    output::write_output(&args.destination(), inputs, |w| output::render(report, format, &style, w))
}

/// What a workbook says about itself: the rubric and its legal basis, the baseline, the inputs,
/// the date, the command line and the spbe version.
pub fn about(cx: &App, report: &Document, inputs: &[Input]) -> Result<output::xlsx::About> {
    let lang = cx.lang;
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut row =
        |en: &'static str, id: &'static str, value: String| rows.push((lang.t(en, id).to_string(), value));
    // The rubric the command used (a file may have named it), not the default loaded again.
    let rubric = cx.used_rubric().or_else(|| cx.rubric().ok());
    if let Some(r) = &rubric {
        row("Rubric", "Rubrik", format!("{} ({})", r.title, r.id));
        row("Legal basis", "Dasar hukum", r.legal_basis.clone());
        if let crate::rubric::Status::Provisional(reason) = &r.status {
            row("Provisional", "Sementara", reason.clone());
        }
    }
    if let Some(b) = &report.baseline {
        row("Baseline", "Pembanding", b.clone());
    }
    if !inputs.is_empty() {
        let names: Vec<String> = inputs.iter().map(|i| i.name()).collect();
        row("Inputs", "Masukan", names.join("\n"));
    }
    row("Date", "Tanggal", crate::output::html::long_date(report::today()?, lang));
    row("Command", "Perintah", command_line());
    row("Made with", "Dibuat dengan", format!("spbe {}", env!("CARGO_PKG_VERSION")));
    Ok(output::xlsx::About {
        sheet: lang.t("About", "Keterangan").to_string(),
        rows,
        bands: rubric.map_or(0, |r| r.bands.len()),
    })
}

/// The command line as typed, each argument quoted for a POSIX shell where it needs it.
fn command_line() -> String {
    let quote = |a: String| {
        let plain = !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
        if plain {
            a
        } else {
            format!("'{}'", a.replace('\'', "'\\''"))
        }
    };
    let mut args = std::env::args();
    let first = args.next().map(|p| {
        std::path::Path::new(&p).file_name().map_or(p.clone(), |f| f.to_string_lossy().into_owned())
    });
    first.into_iter().chain(args).map(quote).collect::<Vec<_>>().join(" ")
}

/// Name endings `-o` takes for tables (without `--format`, the ending picks the format).
const TABLE_EXTENSIONS: &[&str] = &["xlsx", "csv", "tsv", "json", "md", "markdown", "txt"];

/// Refuse an `-o FILE` whose name ending the command does not write (`.jpg`, `.pdf`, `.csv` for
/// a report), before any work: the file would hold something its name does not say.
pub fn check_extension(output: Option<&std::path::Path>, allowed: &[&str]) -> Result<()> {
    let Some(path) = output else { return Ok(()) };
    let Some(ext) = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()) else { return Ok(()) };
    if allowed.contains(&ext.as_str()) || path.starts_with("/dev") || path.starts_with("/proc") {
        return Ok(());
    }
    let list = allowed.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(", ");
    Err(crate::problem::Problems(vec![crate::problem::Problem::file(
        path.display().to_string(),
        crate::problem::code::OUTPUT_EXTENSION,
        format!("`.{ext}` is not a format this command writes: give a name ending in {list}"),
    )])
    .into())
}

/// [`check_extension`] for the table commands: any ending goes with an explicit `--format`.
pub fn check_output_args(args: &OutputArgs) -> Result<()> {
    if args.format != output::Format::Table {
        return Ok(());
    }
    check_extension(args.file.file(), TABLE_EXTENSIONS)
}

/// Refuse to write a binary format (xlsx) to a terminal.
pub fn check_binary(format: output::Format, dest: &output::Destination) -> Result<()> {
    if format.is_binary() {
        refuse_terminal("xlsx", "xlsx", dest)?;
    }
    Ok(())
}

/// Refuse to write binary data (`name`, files ending in `.ext`) to a terminal, where it would
/// only garble the screen.
pub fn refuse_terminal(name: &str, ext: &str, dest: &output::Destination) -> Result<()> {
    if matches!(dest, output::Destination::Stdout) && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        anyhow::bail!(
            "{name} is a binary format and stdout is a terminal: write it to a file with -o FILE.{ext} (or redirect stdout)"
        );
    }
    Ok(())
}

/// The key columns of a table of regions: the region, then the year and the stage where any
/// row has one.
#[derive(Debug, Clone, Copy)]
pub struct KeyColumns {
    code: bool,
    year: bool,
    stage: bool,
}

impl KeyColumns {
    /// The columns these keys need: code, year and stage where any key has one.
    pub fn of<'a>(keys: impl IntoIterator<Item = &'a Key>) -> KeyColumns {
        let mut c = KeyColumns { code: false, year: false, stage: false };
        for k in keys {
            c.code |= k.code.is_some();
            c.year |= k.year.is_some();
            c.stage |= k.stage.is_some();
        }
        c
    }

    /// [`KeyColumns::of`] the assessments' keys, looked at on every core (hundreds of
    /// thousands of them, each in its own cache line).
    pub fn of_all(items: &[crate::assessment::Assessment]) -> KeyColumns {
        use rayon::prelude::*;
        items.par_chunks(1 << 14).map(|c| KeyColumns::of(c.iter().map(|a| &a.key))).reduce(
            || KeyColumns::of([]),
            |a, b| KeyColumns { code: a.code | b.code, year: a.year | b.year, stage: a.stage | b.stage },
        )
    }

    /// Their headers, in `lang`.
    pub fn headers(self, lang: Lang) -> Vec<String> {
        let mut h = vec![lang.t("region", "wilayah").to_string()];
        if self.code {
            h.push(lang.t("code", "kode").to_string());
        }
        if self.year {
            h.push(lang.t("year", "tahun").to_string());
        }
        if self.stage {
            h.push(lang.t("stage", "tahap").to_string());
        }
        h
    }

    /// [`KeyColumns::cells`] borrowed from the key, appended to `out` (rows made as they
    /// are written allocate nothing for them).
    pub fn push_cells<'k>(self, key: &'k Key, out: &mut Vec<CellRef<'k>>) {
        out.push(CellRef::str(&key.region));
        if self.code {
            out.push(Cell::Code(key.code().unwrap_or_default().into()));
        }
        if self.year {
            out.push(key.year.map_or(CellRef::str(""), |y| Cell::Int(y.into())));
        }
        if self.stage {
            out.push(CellRef::str(key.stage.as_deref().unwrap_or_default()));
        }
    }

    /// A key's cells under those headers (blank where it has no year or stage).
    pub fn cells(self, key: &Key) -> Vec<Cell> {
        let mut c = Vec::new();
        self.cells_into(key, &mut c);
        c
    }

    /// [`KeyColumns::cells`], appended to `c` (for rows made in a reused buffer).
    pub fn cells_into(self, key: &Key, c: &mut Vec<Cell>) {
        c.push(Cell::text(&key.region));
        if self.code {
            c.push(Cell::Code(key.code().unwrap_or_default().to_string()));
        }
        if self.year {
            c.push(key.year.map_or(Cell::text(""), |y| Cell::Int(y.into())));
        }
        if self.stage {
            c.push(Cell::text(key.stage.clone().unwrap_or_default()));
        }
    }
}
