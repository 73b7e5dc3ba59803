//! `spbe report`: the HTML report.

use anyhow::{Context as _, Result};

use super::app::{App, Load, Loaded};
use super::args::{FileOut, InputArgs, PlanLimits, Precision, StageArg};
use crate::output::html::{self, PageOptions};
use crate::output::write_output;
use crate::view::report::{Dataset, PlanOutcome, PlanView, RadarPick, RadarSelection};
use crate::Outcome;

/// The end of `spbe report --help`.
pub const HELP: &str = "\
The page is one self-contained HTML file: inline CSS and SVG, no scripts, nothing fetched, so it
opens offline and prints on A4. The regions compared are those of the latest year in the input;
earlier years appear in the trend charts. An input with several stages needs --stage. Over more
than 24 regions the radar charts show the baseline and the top and bottom 5 (--regions and
--radars choose others), and the page says so. With --target the page ends with each region's
planned steps, as `spbe plan` finds them (the same --max-raise, --only, --exclude and --costs); a
region whose values are given above indicator level gets no plan, and the page says why. Set
SOURCE_DATE_EPOCH (seconds since 1970) to fix the date printed under the title.

Examples:
  spbe report examples/jambi/mandiri -o laporan.html
  spbe report examples/jambi/mandiri --baseline \"Provinsi Jambi\" --lang id -o laporan.html
  spbe report examples/jambi/mandiri --target \"Sangat Baik\" -o rencana.html
  spbe report examples/jambi/mandiri --sensitivity 1000 -o kepekaan.html   rank intervals
  spbe report nasional.csv --regions Kerinci,\"Kota Jambi\" --radars 3 -o nasional.html
  spbe report penilaian.csv --stage final -o final.html           one stage of several
  spbe report examples/jambi/published-2023-2024.csv examples/jambi/mandiri --year 2025 -o tren.html";

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: FileOut,
    #[command(flatten)]
    pub precision: Precision,
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
    pub target: Option<crate::threshold::Threshold>,
    #[command(flatten)]
    pub limits: PlanLimits,
    /// Add each region's rank interval (p5–p95) and whether its rating is certain under N
    /// random weight perturbations, as `spbe sensitivity --draws N` computes them (each weight
    /// scaled by a factor from U[0.9, 1.1], seed 1) [default: none].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub sensitivity: Option<u32>,
    #[command(flatten)]
    pub radars: RadarArgs,
}

/// Which regions get a radar chart: shared by `report` and `chart radar`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RadarArgs {
    /// Draw radar charts for these regions (comma-separated; each matched as --baseline is)
    /// and the baseline [default: every region up to 24; above, the baseline and the top and
    /// bottom 5].
    #[arg(long, value_name = "NAME,NAME", value_delimiter = ',')]
    pub regions: Vec<String>,
    /// Draw radar charts for the top and the bottom N of the ranking (and the baseline and
    /// --regions), or `all` for every region [default: all up to 24 regions, else 5; with
    /// --regions, 0].
    #[arg(long, value_name = "N|all", value_parser = radar_pick)]
    pub radars: Option<RadarPick>,
}

impl RadarArgs {
    /// The regions of `ds` these arguments draw.
    pub fn select(&self, ds: &Dataset, lang: crate::i18n::Lang) -> Result<RadarSelection> {
        ds.radar_selection(&self.regions, self.radars.unwrap_or(RadarPick::Auto), lang)
    }
}

fn radar_pick(s: &str) -> Result<RadarPick, String> {
    if s.trim().eq_ignore_ascii_case("all") {
        return Ok(RadarPick::All);
    }
    s.trim()
        .parse()
        .map(RadarPick::TopBottom)
        .map_err(|_| format!("`{s}` is neither a whole number nor `all`"))
}

pub fn run(cx: &App, args: &Args) -> Result<Outcome> {
    let rubric = cx.rubric_for(&args.input)?;
    let lang = cx.lang;
    let plan_opts = match &args.target {
        Some(target) => Some(super::plan::options(cx, &rubric, target, &args.limits)?),
        None => None,
    };
    super::check_extension(args.output.file(), &["html", "htm"])?;
    let dest = args.output.destination();
    let Loaded { inputs, set, scores } =
        cx.load(&rubric, &args.input, Load::to(&dest).at_stage(args.stage.stage.as_deref()))?;
    let baseline =
        super::baseline_or_province(args.baseline.as_deref(), args.input.province.as_deref(), &scores);
    let mut ds = Dataset::new(&rubric, &set, scores, baseline.as_deref(), lang)?;
    warn_left_out(cx, &ds);
    let radars = args.radars.select(&ds, lang)?;
    if let Some(draws) = args.sensitivity {
        // The defaults of `spbe sensitivity`.
        ds.weigh_sensitivity(&crate::sensitivity::Settings { draws, spread: 0.1, seed: 1 }, lang)?;
    }
    let plans = plan_opts.map(|o| ds.plans(&o, lang));
    if let Some(p) = &plans {
        warn_unplanned(cx, p);
    }
    let opts = PageOptions {
        lang,
        precision: args.precision.get(),
        title: args.title.clone(),
        date: today()?,
        radars: Some(radars),
    };
    let page = html::render(&ds, &opts, plans.as_ref());
    write_output(&dest, &inputs, |w| w.write_all(page.as_bytes()))?;
    Ok(Outcome::Success)
}

/// Name the regions the page has no plan for (the reasons are on the page).
fn warn_unplanned(cx: &App, plans: &PlanView) {
    let none: Vec<&str> = plans
        .regions
        .iter()
        .filter(|r| matches!(r.outcome, PlanOutcome::NoPlan { .. }))
        .map(|r| r.region.as_str())
        .collect();
    if !none.is_empty() {
        let list = none.join(", ");
        cx.warn(&match cx.lang {
            crate::i18n::Lang::En => format!("no plan for {list}: the page says why"),
            crate::i18n::Lang::Id => format!("tidak ada rencana untuk {list}: alasannya ada di halaman"),
        });
    }
}

/// Tell which regions are left out of the comparison for lack of a result in its year.
pub fn warn_left_out(cx: &App, ds: &Dataset) {
    if ds.left_out.is_empty() {
        return;
    }
    let year = ds.year.map(|y| y.to_string()).unwrap_or_default();
    let list = ds.left_out.join(", ");
    cx.warn(&match cx.lang {
        crate::i18n::Lang::En => format!("no assessment in {year}, so only in the trend: {list}"),
        crate::i18n::Lang::Id => format!("tanpa penilaian tahun {year}, sehingga hanya pada tren: {list}"),
    });
}

/// Today's date where the user is, or the date of `SOURCE_DATE_EPOCH` (UTC) when it is set, for
/// reproducible output.
pub fn today() -> Result<jiff::civil::Date> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => {
            let secs: i64 = v
                .trim()
                .parse()
                .with_context(|| format!("SOURCE_DATE_EPOCH `{v}` is not a whole number of seconds"))?;
            let ts = jiff::Timestamp::from_second(secs)
                .with_context(|| format!("SOURCE_DATE_EPOCH `{v}` is out of range"))?;
            Ok(ts.to_zoned(jiff::tz::TimeZone::UTC).date())
        }
        _ => Ok(jiff::Zoned::now().date()),
    }
}
