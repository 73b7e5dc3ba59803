//! `spbe template`: a blank long-format form to fill in.

use anyhow::Result;

use crate::cli::{Context, TemplateArgs};
use crate::i18n::Lang;
use crate::output::{write_output, Destination};
use crate::rubric::Rubric;
use crate::Outcome;

pub fn run(cx: &Context, args: &TemplateArgs) -> Result<Outcome> {
    let rubric = cx.rubric()?;
    let dest = match &args.output {
        Some(p) => Destination::File { path: p.clone(), force: args.force },
        None => Destination::Stdout,
    };
    write_output(&dest, &[], |w| write_csv(&rubric, args.region.as_deref(), cx.lang, w))?;
    Ok(Outcome::Success)
}

/// One row per indicator: `region,indicator,name,level,note` (in Indonesian
/// `wilayah,indikator,nama,tingkat,catatan`, which the reader takes as well), level and note blank.
pub fn write_csv(
    rubric: &Rubric,
    region: Option<&str>,
    lang: Lang,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    let header = match lang {
        Lang::En => ["region", "indicator", "name", "level", "note"],
        Lang::Id => ["wilayah", "indikator", "nama", "tingkat", "catatan"],
    };
    out.write_record(header)?;
    let region = crate::output::neutralize_formula(region.unwrap_or(""));
    for &i in &rubric.indicators {
        let n = rubric.node(i);
        out.write_record([region.as_ref(), n.id.as_str(), n.name.as_str(), "", ""])?;
    }
    out.flush()?;
    Ok(())
}
