//! The terminal table (comfy-table). Colour only when asked (a TTY without NO_COLOR).

use std::io::Write;

use comfy_table::{
    presets, Attribute, Cell as TCell, CellAlignment, Color, ContentArrangement, Table as TTable,
};

use super::{Cell, Document, Mark, Style};

/// Colours for rating bands, lowest first.
const BAND_COLORS: [Color; 5] = [Color::Red, Color::DarkYellow, Color::Yellow, Color::Green, Color::Cyan];

pub fn write(report: &Document, style: &Style, w: &mut dyn Write) -> std::io::Result<()> {
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
        let hidden = report.hidden_columns(i, style);
        let shown = |c: &usize| !hidden.contains(c);
        table.set_header((0..t.headers.len()).filter(shown).map(|c| TCell::new(&t.headers[c])));
        // The terminal table is laid out whole (comfy-table holds its rows): a format for a
        // screen, not for 100,000 regions.
        let _ = report.each_row(i, |r, row| {
            table.add_row(row.iter().enumerate().filter(|(c, _)| shown(c)).map(|(col, c)| {
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
            Ok::<(), ()>(())
        });
        writeln!(w, "{table}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Table;

    fn report() -> Document<'static> {
        let mut t = Table::new(vec!["region".into(), "D1".into(), "rating".into()]);
        t.rows.push(vec![Cell::text("A"), Cell::Num(Some(4.0)), Cell::Rating("Baik".into(), 2)]);
        t.rows.push(vec![Cell::text("B"), Cell::Num(Some(1.0)), Cell::Rating("Kurang".into(), 0)]);
        t.marks = vec![(0, 1, crate::output::Mark::Best), (1, 1, crate::output::Mark::Worst)];
        Document { tables: vec![t], ..Document::default() }
    }

    fn render(color: bool) -> String {
        let mut out = Vec::new();
        write(&report(), &Style { color, ..Style::default() }, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn best_and_worst_are_marked_only_in_colour() {
        let plain = render(false);
        assert!(!plain.contains('\x1b'), "{plain}");
        let coloured = render(true);
        // Bold green best, bold red worst (crossterm's codes: 1 bold, 38;5;10 green, 38;5;9 red).
        assert!(coloured.contains("\x1b[38;5;10m\x1b[1m 4.00 \x1b[0m"), "{coloured:?}");
        assert!(coloured.contains("\x1b[38;5;9m\x1b[1m 1.00 \x1b[0m"), "{coloured:?}");
        // Ratings coloured by band: Baik (band 2) yellow, Kurang (band 0) red.
        assert!(coloured.contains("\x1b[38;5;11m Baik "), "{coloured:?}");
        assert!(coloured.contains("\x1b[38;5;9m Kurang "), "{coloured:?}");
    }
}
