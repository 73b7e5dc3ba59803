//! `spbe regions list|resolve`: the embedded Kemendagri registry, and how input names resolve
//! to it.

use anyhow::Result;
use serde::Serialize;

use super::app::App;
use super::args::{InputArgs, OutputArgs};
use super::{emit, province_arg, read_names_as_given};
use crate::i18n::Lang;
use crate::output::{Cell, Document, Table};
use crate::problem::Message;
use crate::region::{registry, resolve, Kind, Region, Resolution};
use crate::Outcome;

const LIST_HELP: &str = "\
The registry is the npm package idn-area-data (MIT; data ODbL), embedded in spbe: 38 provinces and
514 kabupaten/kota with their Kemendagri codes.

Examples:
  spbe regions list                              every province and kabupaten/kota
  spbe regions list --province Jambi             Jambi and its 11 kabupaten/kota
  spbe regions list --province 52 -f csv         by code, as CSV";

const RESOLVE_HELP: &str = "\
Reads the inputs as scoring does (with the rubric in effect; a CSV/TSV table that does not score,
e.g. names only, is read from its region column) and lists every region name with the code and
registry name it resolves to, or why it does not: ambiguous (the candidates), a central
instansi, or not in the registry. Exit 1 when a name is ambiguous or not in the registry. Case, dots, hyphens and spaces are ignored; Kab., Kep., Sel.,
Prov., NTB, NTT, DKI and D.I. are expanded; \"Pemerintah\" is optional; Kabupaten, Kota and
Provinsi decide between regions of one name; a code column (`kode`, `code`) wins over the name.

Examples:
  spbe regions resolve nasional-2024.csv
  spbe regions resolve nasional-2024.csv -f csv -o nama.csv";

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the provinces and kabupaten/kota with their codes.
    #[command(after_long_help = LIST_HELP)]
    List {
        /// Only this province and its kabupaten/kota: its name or code.
        #[arg(long, value_name = "NAME|CODE")]
        province: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show how the region names of input files resolve to the registry.
    #[command(after_long_help = RESOLVE_HELP)]
    Resolve {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
}

pub fn run(cx: &App, cmd: Command) -> Result<Outcome> {
    match cmd {
        Command::List { province, output } => {
            let province = province_arg(province.as_deref())?;
            let regions: Vec<&Region> = match province {
                None => registry().iter().collect(),
                Some(p) => std::iter::once(p).chain(registry().regencies_of(&p.code)).collect(),
            };
            emit(cx, &list_report(&regions, cx.lang), &output, &[])?;
            Ok(Outcome::Success)
        }
        Command::Resolve { input, output } => {
            let rubric = cx.rubric()?;
            let province = province_arg(input.province.as_deref())?;
            let mut names: Vec<Named> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            let inputs = match read_names_as_given(cx, &rubric, &input) {
                Ok((inputs, set)) => {
                    for a in set.iter() {
                        if seen.insert(a.key.region.clone()) {
                            names.push(Named::of(&a.key.region, a.key.code));
                        }
                    }
                    inputs
                }
                // A table that does not score (names only, another rubric's columns) still
                // has names to check, when it is CSV/TSV text with a region column.
                Err(e) => {
                    let inputs = crate::assessment::expand_inputs(&input.inputs)?.inputs;
                    let (mut found, mut titles) = (Vec::new(), Vec::new());
                    for i in &inputs {
                        match names_only(i) {
                            Some((n, t)) => {
                                found.extend(n);
                                titles.extend(t);
                            }
                            None => return Err(e),
                        }
                    }
                    cx.warn(&format!(
                        "{}: {}",
                        cx.lang.t(
                            "the inputs do not read as assessments; names taken from their region column",
                            "masukan tidak terbaca sebagai penilaian; nama diambil dari kolom wilayah"
                        ),
                        super::app::chain(&e, cx.lang).lines().next().unwrap_or_default()
                    ));
                    for w in &titles {
                        cx.warn_problem(w);
                    }
                    for (name, code) in found {
                        if seen.insert(name.clone()) {
                            names.push(Named::of(&name, code));
                        }
                    }
                    inputs
                }
            };
            if let Some(p) = province {
                names.retain(|n| n.region().is_some_and(|r| r.province == p.code));
            }
            let unresolved = names.iter().filter(|n| n.is_problem()).count();
            emit(cx, &resolve_report(&names, cx.lang), &output, &inputs)?;
            if unresolved > 0 {
                cx.check_failed(&crate::problem::Problem::general(
                    crate::problem::code::REGION_UNRESOLVED,
                    format!(
                        "{unresolved} of {} region names resolve to no region of the registry (central instansi aside)",
                        names.len()
                    ),
                ));
                return Ok(Outcome::CheckFailed);
            }
            Ok(Outcome::Success)
        }
    }
}

/// The names (and codes) of a CSV/TSV file's region column, read as text without a rubric,
/// and warnings about the rows passed over as the readers pass them: title rows above its
/// header ([`HeaderSearch`](crate::assessment::HeaderSearch)) and summary rows (`Rata-rata`,
/// `Jumlah`: not regions). `None` for anything else (a workbook, stdin, no region column,
/// unreadable).
#[allow(clippy::type_complexity)]
fn names_only(
    input: &crate::assessment::Input,
) -> Option<(Vec<(String, Option<&'static Region>)>, Vec<crate::problem::Problem>)> {
    use crate::assessment::{HeaderSearch, Plain, ReadMessage, Summaries};
    use crate::problem::{code as pcode, Problem};
    let crate::assessment::Input::Path(path) = input else { return None };
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if !matches!(ext.as_str(), "csv" | "tsv" | "txt") {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let delimiter = crate::assessment::sniff_delimiter(text, input);
    let text = crate::assessment::after_excel_sep(text);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = rdr.records();
    // The header: the first row with a region column, after up to 10 rows of a title.
    let mut search = HeaderSearch::<Plain>::default();
    let header = loop {
        let Some(record) = records.next() else { break search.finish()? };
        let record = record.ok()?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = line_of(text.as_bytes(), &record);
        let fields: Vec<String> = record.iter().map(str::to_string).collect();
        let clean = crate::assessment::name_columns(&fields).0.is_some();
        if let Some(header) = search.offer_row(Plain { line, fields }, clean) {
            break header;
        }
    };
    let (region, code) = crate::assessment::name_columns(&header.fields);
    let region = region?;
    let mut warnings: Vec<Problem> = search
        .titles()
        .map(|t| {
            let msg = ReadMessage::Titles {
                text: crate::problem::snippet(&t.text),
                count: t.count,
                header: header.line,
                sheet: false,
            };
            Problem::at(input.name(), t.line, None, pcode::TITLE_ROWS, Message::said(msg))
        })
        .into_iter()
        .collect();
    let (mut out, mut summaries): (_, Option<Summaries>) = (Vec::new(), None);
    for record in records {
        let record = record.ok()?;
        let name = record.get(region).unwrap_or("").trim();
        if name.is_empty() {
            continue;
        }
        if crate::assessment::is_summary(name) {
            match &mut summaries {
                Some(s) => s.add(name),
                None => {
                    summaries = Some(Summaries::new(name, line_of(text.as_bytes(), &record), region + 1));
                }
            }
            continue;
        }
        let code = code.and_then(|c| record.get(c)).and_then(|c| registry().get(c));
        out.push((name.to_string(), code));
    }
    if let Some(s) = summaries {
        let msg = ReadMessage::SummaryRows { labels: s.labels, more_labels: s.more_labels, rows: s.rows };
        warnings.push(Problem::at(
            input.name(),
            s.line,
            Some(s.column),
            pcode::SUMMARY_ROWS,
            Message::said(msg),
        ));
    }
    Some((out, warnings))
}

/// The (1-based) line a record of `bytes` starts on, counted from the bytes: the csv crate's
/// line, and its start, may be the line break before the record (BurntSushi/rust-csv#208).
fn line_of(bytes: &[u8], record: &csv::StringRecord) -> usize {
    let start = record.position().map_or(0, |p| p.byte() as usize).min(bytes.len());
    let start = start + bytes[start..].iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
    1 + bytes[..start].iter().filter(|&&b| b == b'\n').count()
}

fn kind_label(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Province => lang.t("province", "provinsi"),
        Kind::Regency => "kabupaten",
        Kind::City => "kota",
    }
}

/// `regions list --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct List<'a> {
    source: String,
    regions: Vec<RegionJson<'a>>,
}

/// `regions resolve --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Names<'a> {
    names: Vec<NameJson<'a>>,
}

/// One name of `regions resolve --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct NameJson<'a> {
    name: &'a str,
    code: Option<&'a str>,
    registry_name: Option<&'a str>,
    province: Option<&'a str>,
    status: &'static str,
    /// The regions an ambiguous name fits.
    candidates: Vec<RegionJson<'a>>,
}

/// One registry region in JSON.
#[derive(Serialize, schemars::JsonSchema)]
pub struct RegionJson<'a> {
    code: &'a str,
    name: &'a str,
    kind: &'static str,
    province: &'a str,
}

impl<'a> RegionJson<'a> {
    fn of(r: &'a Region) -> RegionJson<'a> {
        RegionJson { code: &r.code, name: &r.name, kind: r.kind.as_str(), province: &r.province }
    }
}

fn list_report<'a>(regions: &[&'a Region], lang: Lang) -> Document<'a> {
    let mut table = Table::new(vec![
        lang.t("code", "kode").into(),
        lang.t("name", "nama").into(),
        lang.t("kind", "jenis").into(),
        lang.t("province", "provinsi").into(),
    ])
    .titled(format!(
        "{} (idn-area-data {})",
        lang.t("Kemendagri regions", "Wilayah Kemendagri"),
        crate::region::DATA_VERSION.trim()
    ));
    for r in regions {
        let province = registry().get(&r.province).map_or("", |p| p.name.as_str());
        table.rows.push(vec![
            Cell::text(&r.code),
            Cell::text(&r.name),
            Cell::text(kind_label(r.kind, lang)),
            Cell::text(province),
        ]);
    }
    let json = List {
        source: format!("idn-area-data {}", crate::region::DATA_VERSION.trim()),
        regions: regions.iter().map(|r| RegionJson::of(r)).collect(),
    };
    Document::new(vec![table], 0, json)
}

/// A name of the inputs and what it resolved to.
struct Named {
    name: String,
    /// From a code column.
    given: Option<&'static Region>,
    resolution: Resolution,
}

impl Named {
    fn of(name: &str, given: Option<&'static Region>) -> Named {
        Named { name: name.to_string(), given, resolution: resolve(name) }
    }

    fn region(&self) -> Option<&'static Region> {
        self.given.or(self.resolution.region())
    }

    /// Ambiguous, or not in the registry (a central instansi is not a problem).
    fn is_problem(&self) -> bool {
        self.given.is_none() && matches!(self.resolution, Resolution::Ambiguous(_) | Resolution::Unknown)
    }

    /// A machine word for how it resolved.
    fn status(&self) -> &'static str {
        if self.given.is_some() {
            return "code-column";
        }
        match self.resolution {
            Resolution::Found(_) => "resolved",
            Resolution::Near(_) => "near",
            Resolution::Ambiguous(_) => "ambiguous",
            Resolution::Central => "central",
            Resolution::Unknown => "unresolved",
        }
    }

    /// For people: how it resolved, or why not.
    fn note(&self, lang: Lang) -> String {
        if let Some(r) = self.given {
            return match self.resolution.region() {
                Some(other) if other != r => format!(
                    "{} {} ({})",
                    lang.t("code column; the name reads as", "kolom kode; namanya terbaca sebagai"),
                    other.full_name(),
                    other.code
                ),
                _ => lang.t("code column", "kolom kode").to_string(),
            };
        }
        match &self.resolution {
            Resolution::Found(_) => String::new(),
            Resolution::Near(_) => lang.t("near spelling: check it", "ejaan mirip: periksa").to_string(),
            Resolution::Ambiguous(c) => format!(
                "{}: {}",
                lang.t("ambiguous", "ambigu"),
                c.iter().map(|r| format!("{} ({})", r.full_name(), r.code)).collect::<Vec<_>>().join(", ")
            ),
            Resolution::Central => lang.t("central instansi", "instansi pusat").to_string(),
            Resolution::Unknown => lang.t("not in the registry", "tidak ada di daftar wilayah").to_string(),
        }
    }
}

fn resolve_report<'a>(names: &'a [Named], lang: Lang) -> Document<'a> {
    let mut table = Table::new(vec![
        lang.t("name", "nama").into(),
        lang.t("code", "kode").into(),
        lang.t("registry name", "nama resmi").into(),
        lang.t("province", "provinsi").into(),
        lang.t("status", "status").into(),
        lang.t("note", "catatan").into(),
    ]);
    let mut json = Vec::with_capacity(names.len());
    for n in names {
        let r = n.region();
        table.rows.push(vec![
            Cell::text(&n.name),
            Cell::text(r.map_or("", |r| r.code.as_str())),
            Cell::text(r.map_or(String::new(), Region::full_name)),
            Cell::text(r.and_then(|r| registry().get(&r.province)).map_or("", |p| p.name.as_str())),
            Cell::text(n.status()),
            Cell::text(n.note(lang)),
        ]);
        let candidates = match &n.resolution {
            Resolution::Ambiguous(c) if n.given.is_none() => c.iter().map(|r| RegionJson::of(r)).collect(),
            _ => Vec::new(),
        };
        json.push(NameJson {
            name: &n.name,
            code: r.map(|r| r.code.as_str()),
            registry_name: r.map(|r| r.name.as_str()),
            province: r.map(|r| r.province.as_str()),
            status: n.status(),
            candidates,
        });
    }
    Document::new(vec![table], 0, Names { names: json })
}
