//! `spbe report`: the HTML report.

use anyhow::{Context as _, Result};

use super::{destination, read_inputs};
use crate::cli::{Context, ReportArgs};
use crate::output::{check_destination, write_output};
use crate::report::{self, Dataset, PageOptions};
use crate::score;
use crate::Outcome;

pub fn run(cx: &Context, args: &ReportArgs) -> Result<Outcome> {
    let rubric = cx.rubric()?;
    let (inputs, set) = read_inputs(cx, &rubric, &args.input)?;
    let dest = destination(args.output.as_deref(), args.force);
    check_destination(&dest, &inputs)?;
    let scores = score::score_all(&rubric, &set, args.input.allow_missing)?;
    for w in score::incomplete_warnings(&rubric, &scores) {
        cx.warn_with(crate::problem::code::INCOMPLETE, &w);
    }
    let ds = Dataset::new(&rubric, &set, &scores, args.baseline.as_deref())?;
    warn_left_out(cx, &ds);
    let opts = PageOptions {
        lang: cx.lang,
        precision: args.precision as usize,
        title: args.title.clone(),
        date: today()?,
    };
    let page = report::render(&ds, &opts, &[]);
    write_output(&dest, &inputs, |w| w.write_all(page.as_bytes()))?;
    Ok(Outcome::Success)
}

/// Tell which regions are left out of the comparison for lack of a result in its year.
pub fn warn_left_out(cx: &Context, ds: &Dataset) {
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
