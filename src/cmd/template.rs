//! `spbe template`: a blank long-format form to fill in, as CSV or as an Excel workbook.

use anyhow::Result;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign, FormatBorder,
    Workbook, XlsxError,
};

use super::app::App;
use super::args::FileOut;
use super::check_binary;
use crate::i18n::Lang;
use crate::output::{self, write_output};
use crate::rubric::{Kind, Rubric};
use crate::Outcome;

/// The end of `spbe template --help`.
pub const HELP: &str = "\
The workbook (--format xlsx) has one row per indicator with its number, name, aspect and
domain; a level column that accepts only the rubric's scale; a note column; and beside them the
level names (with the criteria, where the rubric has them). Fill in the levels and read it back
with `spbe score FILE.xlsx`.

Examples:
  spbe template > penilaian.csv                            CSV, region column blank
  spbe template --region \"Kab. Kerinci\" -o kerinci.xlsx    a workbook (format from the extension)
  spbe template --format xlsx --lang id > penilaian.xlsx   Indonesian headers

Exit codes: 0 success, 2 bad usage.";

/// Formats of `spbe template`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateFormat {
    /// Comma-separated values.
    Csv,
    /// Excel workbook with a checked level column (binary: needs -o FILE.xlsx or a redirected stdout).
    Xlsx,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Fill the region column with NAME.
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,
    /// Form format [default: xlsx when -o names a .xlsx file, else csv].
    #[arg(long, short = 'f', value_enum, value_name = "FORMAT")]
    pub format: Option<TemplateFormat>,
    #[command(flatten)]
    pub output: FileOut,
}

pub fn run(cx: &App, args: &Args) -> Result<Outcome> {
    let rubric = cx.rubric()?;
    let dest = args.output.destination();
    let format = args.format.unwrap_or_else(|| match &args.output.path {
        Some(p) if output::Format::from_extension(p) == Some(output::Format::Xlsx) => TemplateFormat::Xlsx,
        _ => TemplateFormat::Csv,
    });
    match format {
        TemplateFormat::Csv => {
            write_output(&dest, &[], |w| write_csv(&rubric, args.region.as_deref(), cx.lang, w))?
        }
        TemplateFormat::Xlsx => {
            check_binary(output::Format::Xlsx, &dest)?;
            let bytes = workbook(&rubric, args.region.as_deref(), cx.lang)?;
            write_output(&dest, &[], |w| w.write_all(&bytes))?
        }
    }
    Ok(Outcome::Success)
}

/// One row per indicator: `region,indicator,name,level,note,finding,recommendation,rubric` (in
/// Indonesian `wilayah,indikator,nama,tingkat,keterangan,catatan,rekomendasi,rubrik`, which the
/// reader takes as well), level, note, finding and recommendation blank, the rubric's id in
/// every row: a form read back without --rubric is read with its rubric, and with another one
/// is refused.
pub fn write_csv(
    rubric: &Rubric,
    region: Option<&str>,
    lang: Lang,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    let header = match lang {
        Lang::En => ["region", "indicator", "name", "level", "note", "finding", "recommendation", "rubric"],
        Lang::Id => {
            ["wilayah", "indikator", "nama", "tingkat", "keterangan", "catatan", "rekomendasi", "rubrik"]
        }
    };
    out.write_record(header)?;
    let region = crate::output::neutralize_formula(region.unwrap_or(""));
    let id = crate::output::neutralize_formula(&rubric.id);
    for &i in &rubric.indicators {
        let n = rubric.node(i);
        out.write_record([region.as_ref(), n.id.as_str(), n.name.as_str(), "", "", "", "", id.as_ref()])?;
    }
    out.flush()?;
    Ok(())
}

/// Widths (in characters) of the wrapped columns: the indicator's name, its aspect and domain,
/// and each level's name and criteria.
const NAME_WIDTH: f64 = 40.0;
const GROUP_WIDTH: f64 = 28.0;
const LEVEL_TEXT_WIDTH: f64 = 45.0;
/// Height of one line of the default font (Calibri 11), in points.
const LINE_HEIGHT: f64 = 15.0;

/// Lines `text` takes wrapped between words in a column `width` characters wide. Spreadsheet
/// fonts are proportional: two characters are left as slack, so wide letters do not spill.
fn wrapped_lines(text: &str, width: f64) -> usize {
    let room = (width as usize).saturating_sub(2).max(1);
    text.split('\n')
        .map(|para| {
            let mut lines = 1;
            let mut len = 0;
            for w in para.split_whitespace() {
                let n = w.chars().count();
                if len > 0 && len + 1 + n > room {
                    lines += 1 + (n.saturating_sub(1)) / room;
                    len = n % room;
                } else {
                    len += usize::from(len > 0) + n;
                }
            }
            lines
        })
        .sum()
}

/// The height of a row of `lines` lines, within Excel's limit of 409 points.
fn row_height(lines: usize) -> f64 {
    (lines.max(1) as f64 * LINE_HEIGHT).min(409.0)
}

/// Excel's limit on a data validation message, in characters (UTF-16 units; the level names
/// are in the Basic Multilingual Plane).
const MAX_MESSAGE: usize = 255;

/// The fill-in workbook. First sheet, one row per indicator: region, indicator, name, aspect,
/// domain, level (checked against the scale), note, then one column per level with its name
/// and, where the rubric has them, its criteria. A second sheet says what the rubric is and how
/// to fill the form in. Read back, the descriptive columns are ignored and the rest is a long
/// assessment.
pub fn workbook(rubric: &Rubric, region: Option<&str>, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_border_bottom(FormatBorder::Thin);
    let to_fill = Format::new().set_background_color(0xFFF2CC).set_border(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let plain = Format::new().set_align(FormatAlign::Top);
    let level_names: Vec<i64> =
        (0..rubric.scale.steps()).map(|k| rubric.scale.min as i64 + k as i64).collect();
    let has_level_text = rubric.indicators.iter().any(|&i| {
        let n = rubric.node(i);
        n.level_names.is_some() || n.criteria.is_some()
    });

    let sheet = book.add_worksheet();
    sheet.set_name(lang.t("Assessment", "Penilaian"))?;
    let mut headers: Vec<String> = [
        ("region", "wilayah"),
        ("indicator", "indikator"),
        ("name", "nama"),
        ("aspect", "aspek"),
        ("domain", "domain"),
        ("level", "tingkat"),
        ("note", "keterangan"),
        ("finding", "catatan"),
        ("recommendation", "rekomendasi"),
        ("rubric", "rubrik"),
    ]
    .iter()
    .map(|h| lang.t(h.0, h.1).to_string())
    .collect();
    const LEVEL: u16 = 5;
    const NOTE: u16 = 6;
    const FINDING: u16 = 7;
    const RECOMMENDATION: u16 = 8;
    const RUBRIC: u16 = 9;
    if has_level_text {
        headers.extend(level_names.iter().map(|l| format!("{} {l}", lang.t("level", "tingkat"))));
    }
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &header)?;
    }

    let region = region.unwrap_or("");
    let region_format =
        if output::xlsx::needs_quote(region) { plain.clone().set_quote_prefix() } else { plain.clone() };
    for (r, &i) in rubric.indicators.iter().enumerate() {
        let row = r as u32 + 1;
        let n = rubric.node(i);
        let aspect = n.parent.map(|p| rubric.node(p));
        let domain = aspect.and_then(|a| a.parent).map(|d| rubric.node(d)).filter(|d| d.kind == Kind::Domain);
        let label = |node: Option<&crate::rubric::Node>| {
            node.map_or(String::new(), |x| format!("{} {}", x.id, x.name))
        };
        if !region.is_empty() {
            sheet.write_string_with_format(row, 0, region, &region_format)?;
        }
        // The number as a number, so it sorts and reads back like a typed one.
        match output::xlsx::id_number(&n.id) {
            Some(num) => sheet.write_number_with_format(row, 1, num, &plain)?,
            None => sheet.write_string_with_format(row, 1, &n.id, &plain)?,
        };
        sheet.write_string_with_format(row, 2, &n.name, &wrap)?;
        sheet.write_string_with_format(row, 3, label(aspect), &wrap)?;
        sheet.write_string_with_format(row, 4, label(domain), &wrap)?;
        // The lines of the tallest wrapped cell of the row.
        let mut tallest =
            [(n.name.clone(), NAME_WIDTH), (label(aspect), GROUP_WIDTH), (label(domain), GROUP_WIDTH)]
                .iter()
                .map(|(t, w)| wrapped_lines(t, *w))
                .max()
                .unwrap_or(1);
        sheet.write_blank(row, LEVEL, &to_fill)?;
        sheet.write_blank(row, NOTE, &to_fill)?;
        sheet.write_blank(row, FINDING, &to_fill)?;
        sheet.write_blank(row, RECOMMENDATION, &to_fill)?;
        sheet.write_string_with_format(row, RUBRIC, &rubric.id, &plain)?;
        let mut names = Vec::new();
        for (k, &l) in level_names.iter().enumerate() {
            let name = rubric.level_name(i, l as f64);
            let criteria = rubric.criteria(i, l as f64);
            let text = match (name, criteria) {
                (Some(nm), Some(c)) => format!("{nm}: {c}"),
                (Some(nm), None) => nm.to_string(),
                (None, Some(c)) => c.to_string(),
                (None, None) => String::new(),
            };
            if let Some(nm) = name {
                names.push(format!("{l} {nm}"));
            }
            if has_level_text && !text.is_empty() {
                sheet.write_string_with_format(row, RUBRIC + 1 + k as u16, &text, &wrap)?;
                tallest = tallest.max(wrapped_lines(&text, LEVEL_TEXT_WIDTH));
            }
        }
        sheet.set_row_height(row, row_height(tallest))?;
        sheet.add_data_validation(row, LEVEL, row, LEVEL, &level_rule(rubric, &names, lang)?)?;
    }

    let last_col = headers.len() as u16 - 1;
    sheet.set_freeze_panes(1, 3)?;
    sheet.autofilter(0, 0, rubric.indicators.len() as u32, last_col)?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 10)?;
    sheet.set_column_width(2, NAME_WIDTH)?;
    sheet.set_column_range_width(3, 4, GROUP_WIDTH)?;
    sheet.set_column_width(LEVEL, 8)?;
    sheet.set_column_range_width(NOTE, RECOMMENDATION, 30)?;
    sheet.set_column_width(RUBRIC, 12)?;
    if has_level_text {
        sheet.set_column_range_width(RUBRIC + 1, last_col, LEVEL_TEXT_WIDTH)?;
    }
    // On paper: landscape A4, one page wide, the header row and region, indicator and name on
    // every page.
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_repeat_columns(0, 2)?;
    sheet.set_footer("&L&A&R&P / &N");

    // What the form is, and how to fill it in.
    let about = book.add_worksheet();
    about.set_name(lang.t("About", "Petunjuk"))?;
    let bold = Format::new().set_bold();
    let scale = format!(
        "{}..{}{}",
        rubric.scale.min,
        rubric.scale.max,
        if rubric.scale.integer {
            lang.t(" (whole numbers)", " (bilangan bulat)")
        } else {
            lang.t(" (decimals, e.g. 1.26)", " (desimal, misalnya 1,26)")
        }
    );
    let bands: Vec<String> = rubric.bands.iter().rev().map(|b| format!("{} ≥ {}", b.name, b.min)).collect();
    let lines: Vec<(&str, String)> = vec![
        (lang.t("Rubric", "Rubrik"), format!("{} ({})", rubric.title, rubric.id)),
        (lang.t("Rubric id", "Kode rubrik"), rubric.id.clone()),
        (lang.t("Legal basis", "Dasar hukum"), rubric.legal_basis.clone()),
        (lang.t("Levels", "Tingkat"), scale),
        (lang.t("Ratings", "Predikat"), bands.join(" · ")),
        (
            lang.t("How to fill in", "Cara mengisi"),
            lang.t(
                "On the first sheet, give each indicator a level and, if you like, a note, the assessors' finding and their recommendation. Fill in the region, or read the file with --region NAME. Leave a level blank for an indicator not assessed. Keep the header row, the rubric column and the first sheet first.",
                "Di lembar pertama, isi tingkat setiap indikator dan, bila perlu, keterangan, catatan asesor dan rekomendasinya. Isi kolom wilayah, atau baca berkas dengan --region NAMA. Kosongkan tingkat indikator yang tidak dinilai. Jangan ubah baris judul dan kolom rubrik, dan biarkan lembar pertama tetap di depan.",
            )
            .to_string(),
        ),
        (lang.t("Score it", "Hitung"), "spbe score FILE.xlsx".to_string()),
    ];
    for (r, (k, v)) in lines.iter().enumerate() {
        about.write_string_with_format(r as u32, 0, *k, &bold)?;
        about.write_string_with_format(r as u32, 1, v, &wrap)?;
    }
    about.set_column_width(0, 18)?;
    about.set_column_width(1, 100)?;
    about.set_paper_size(9);
    about.set_print_fit_to_pages(1, 0);

    book.save_to_buffer()
}

/// The data validation of a level cell: the scale, with the level names as the input message.
fn level_rule(rubric: &Rubric, names: &[String], lang: Lang) -> Result<DataValidation, XlsxError> {
    let (min, max) = (rubric.scale.min, rubric.scale.max);
    let rule = if rubric.scale.integer {
        DataValidation::new().allow_whole_number(DataValidationRule::Between(min as i32, max as i32))
    } else {
        DataValidation::new().allow_decimal_number(DataValidationRule::Between(min, max))
    };
    let range = format!("{min}..{max}");
    let mut message = if names.is_empty() { range.clone() } else { names.join(" · ") };
    if message.chars().count() > MAX_MESSAGE {
        message = message.chars().take(MAX_MESSAGE - 1).collect::<String>() + "…";
    }
    let what = if rubric.scale.integer {
        lang.t("a whole number", "bilangan bulat")
    } else {
        lang.t("a number", "angka")
    };
    rule.set_input_title(format!("{} {range}", lang.t("Level", "Tingkat")))?
        .set_input_message(message)?
        .set_error_title(lang.t("Not a level", "Bukan tingkat"))?
        .set_error_message(format!("{} {what} {range}", lang.t("Enter", "Isi dengan")))
        .map(|r| r.set_error_style(DataValidationErrorStyle::Stop))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_text_counts_its_lines() {
        // 9 characters wide leave 7: "aaa bbb" fills the first line, "ccc" goes on the second.
        assert_eq!(wrapped_lines("aaa bbb ccc", 9.0), 2);
        assert_eq!(wrapped_lines("aaa bbb", 9.0), 1);
        // Each line break starts a line.
        assert_eq!(wrapped_lines("a\nb", 40.0), 2);
        assert_eq!(row_height(3), 45.0);
        assert_eq!(row_height(100), 409.0);
    }
}
