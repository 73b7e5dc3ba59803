//! The terminal table (comfy-table). Colour only when asked (a TTY without NO_COLOR).

use std::io::Write;

use comfy_table::{presets, Attribute, Cell as TCell, CellAlignment, Color, ContentArrangement, Table as TTable};

use super::{Cell, Mark, Report, Style};

/// Colours for rating bands, lowest first.
const BAND_COLORS: [Color; 5] = [Color::Red, Color::DarkYellow, Color::Yellow, Color::Green, Color::Cyan];

pub fn write(report: &Report, style: &Style, w: &mut dyn Write) -> std::io::Result<()> {
    for (i, t) in report.tables.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        if let Some(title) = &t.title {
            writeln!(w, "{title}")?;
        }
        let mut table = TTable::new();
        table.load_preset(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
        if !style.color {
            table.force_no_tty();
        } else {
            table.enforce_styling();
        }
        table.set_header(t.headers.iter().map(TCell::new));
        for (r, row) in t.rows.iter().enumerate() {
            table.add_row(row.iter().enumerate().map(|(col, c)| {
                let mut cell = TCell::new(c.display(style.precision, style.decimal_comma));
                if c.is_numeric() {
                    cell = cell.set_alignment(CellAlignment::Right);
                }
                if let (Cell::Rating(_, band), true) = (c, style.color) {
                    let n = BAND_COLORS.len();
                    cell = cell.fg(BAND_COLORS[(*band).min(n - 1)]);
                }
                if style.color {
                    match t.mark(r, col) {
                        Some(Mark::Best) => cell = cell.fg(Color::Green).add_attribute(Attribute::Bold),
                        Some(Mark::Worst) => cell = cell.fg(Color::Red).add_attribute(Attribute::Bold),
                        None => {}
                    }
                }
                cell
            }));
        }
        writeln!(w, "{table}")?;
    }
    Ok(())
}
