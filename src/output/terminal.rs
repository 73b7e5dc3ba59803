//! The terminal table, drawn as comfy-table's `UTF8_FULL_CONDENSED` preset draws it (the same
//! bytes: a test compares the two), but streamed: one pass over the rows measures the columns,
//! a second writes each row as it is made, so 100,000 regions take one row of memory, not a
//! table of cells. Colour only when asked (a TTY without NO_COLOR), in crossterm's escapes.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use super::{Cell, CellRef, Document, Mark, MarkLookup, NumberText, Style};

/// ANSI 256-colour numbers (crossterm's `Red`, `DarkYellow`, `Yellow`, `Green`, `Cyan`) of the
/// rating bands, lowest first.
const BAND_COLORS: [u8; 5] = [9, 3, 11, 10, 14];
const GREEN: u8 = 10;
const RED: u8 = 9;

/// How one cell is styled: a foreground colour, and bold.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Ink {
    fg: Option<u8>,
    bold: bool,
}

pub fn write(report: &Document, style: &Style, w: &mut dyn Write) -> std::io::Result<()> {
    let numbers = || NumberText::new(Some(style.precision), style.decimal_comma);
    for (i, t) in report.tables.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        if let Some(title) = &t.title {
            writeln!(w, "{title}")?;
        }
        let hidden = report.hidden_columns(i, style);
        let shown = |c: &usize| !hidden.contains(c);

        // Pass 1, on every core: the width of each shown column, its widest line (at least 1).
        let mut widths: Vec<usize> = Vec::new();
        for (k, h) in (0..t.headers.len()).filter(shown).map(|c| &t.headers[c]).enumerate() {
            measure(&mut widths, k, h);
        }
        let parts = report.fold_rows_parallel(
            i,
            || (Vec::new(), String::new(), numbers()),
            |(widths, text, numbers), _, row| {
                for (k, (_, cell)) in row.iter().enumerate().filter(|(c, _)| shown(c)).enumerate() {
                    text.clear();
                    numbers.push(text, cell);
                    measure(widths, k, text);
                }
                Ok::<(), std::io::Error>(())
            },
        )?;
        for (part, _, _) in parts {
            if widths.len() < part.len() {
                widths.resize(part.len(), 1);
            }
            for (width, wide) in widths.iter_mut().zip(part) {
                *width = (*width).max(wide);
            }
        }

        // Pass 2: the frame, and the rows, formatted on every core.
        let mut out = String::new();
        rule(&mut out, &widths, ['┌', '─', '┬', '┐']);
        let header: Vec<(String, bool, Ink)> = (0..t.headers.len())
            .filter(shown)
            .map(|c| (t.headers[c].clone(), false, Ink::default()))
            .collect();
        lines(&mut out, &widths, &header, style.color);
        rule(&mut out, &widths, ['╞', '═', '╪', '╡']);
        w.write_all(out.as_bytes())?;
        let marks = match style.color {
            true => t.mark_lookup(),
            false => MarkLookup::default(),
        };
        report.write_rows_parallel_at(
            i,
            &mut *w,
            || (String::new(), Vec::<(String, bool, Ink)>::new(), numbers()),
            |(out, cells, numbers), r, row, _| {
                let mut k = 0;
                for (col, cell) in row.iter().enumerate().filter(|(c, _)| shown(c)) {
                    if cells.len() <= k {
                        cells.push((String::new(), false, Ink::default()));
                    }
                    let slot = &mut cells[k];
                    slot.0.clear();
                    numbers.push(&mut slot.0, cell);
                    slot.1 = cell.is_numeric();
                    slot.2 = ink(&marks, r, col, cell, style.color);
                    k += 1;
                }
                lines(out, &widths, &cells[..k], style.color);
                Ok::<(), std::io::Error>(())
            },
            // Each part's buffer given away whole: a batch of parts is all the memory it takes.
            |(out, _, _)| Ok(std::mem::take(out).into_bytes()),
        )?;
        out.clear();
        rule(&mut out, &widths, ['└', '─', '┴', '┘']);
        out.pop(); // the table ends with its bottom border, then one newline
        writeln!(w, "{out}")?;
    }
    Ok(())
}

/// Widen column `k` of `widths` (a new column is 1 wide) to the widest line of `s`.
fn measure(widths: &mut Vec<usize>, k: usize, s: &str) {
    if widths.len() <= k {
        widths.resize(k + 1, 1);
    }
    let widest = match printable_ascii(s) {
        true => s.len(),
        false => s.split('\n').map(UnicodeWidthStr::width).max().unwrap_or(0),
    };
    widths[k] = widths[k].max(widest);
}

/// Text of printable ASCII only (most cells: numbers, names): one column per byte, one line.
fn printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// The width of one line of text on a terminal.
fn width(s: &str) -> usize {
    match printable_ascii(s) {
        true => s.len(),
        false => s.width(),
    }
}

/// Append `n` spaces.
fn spaces(out: &mut String, n: usize) {
    const SPACES: &str = "                                ";
    let mut left = n;
    while left > 0 {
        let k = left.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        left -= k;
    }
}

/// The colour of a cell: ratings by band, a column's best and worst bold green and red.
fn ink(marks: &MarkLookup, r: usize, col: usize, cell: &CellRef<'_>, color: bool) -> Ink {
    if !color {
        return Ink::default();
    }
    let mut ink = Ink::default();
    if let Cell::Rating(_, band) = cell {
        ink.fg = Some(BAND_COLORS[(*band).min(BAND_COLORS.len() - 1)]);
    }
    match marks.get(&(r, col)) {
        Some(Mark::Best) => ink = Ink { fg: Some(GREEN), bold: true },
        Some(Mark::Worst) => ink = Ink { fg: Some(RED), bold: true },
        None => {}
    }
    ink
}

/// A horizontal line: left corner, a run per column (its width and the padding), the
/// crossings, the right corner, a newline.
fn rule(out: &mut String, widths: &[usize], [left, line, cross, right]: [char; 4]) {
    out.push(left);
    for (k, &width) in widths.iter().enumerate() {
        if k > 0 {
            out.push(cross);
        }
        out.extend(std::iter::repeat_n(line, width + 2));
    }
    out.push(right);
    out.push('\n');
}

/// The lines of one row: each cell's text split at newlines, padded to its column (numbers
/// right-aligned), styled with its ink; a cell shorter than the row, or missing, is blank.
fn lines(out: &mut String, widths: &[usize], cells: &[(String, bool, Ink)], color: bool) {
    // Most rows are one line: no cell to split.
    let multi = cells.iter().any(|c| c.0.contains('\n'));
    let height = |k: usize| cells.get(k).map_or(1, |c| c.0.split('\n').count());
    let count = match multi {
        true => (0..widths.len()).map(height).max().unwrap_or(0),
        false => usize::from(!widths.is_empty()),
    };
    for line in 0..count {
        out.push('│');
        for (k, &width) in widths.iter().enumerate() {
            if k > 0 {
                out.push('┆');
            }
            let Some((text, right, ink)) = cells.get(k) else {
                spaces(out, width + 2);
                continue;
            };
            let part = match multi {
                true => text.split('\n').nth(line),
                false => Some(text.as_str()),
            };
            let Some(part) = part else {
                spaces(out, width + 2);
                continue;
            };
            let styled = color && (ink.fg.is_some() || ink.bold);
            if styled {
                if let Some(fg) = ink.fg {
                    out.push_str(&format!("\x1b[38;5;{fg}m"));
                }
                if ink.bold {
                    out.push_str("\x1b[1m");
                }
            }
            let room = width.saturating_sub(self::width(part));
            out.push(' ');
            if *right {
                spaces(out, room);
            }
            out.push_str(part);
            if !*right {
                spaces(out, room);
            }
            out.push(' ');
            if styled {
                // crossterm resets everything after an attribute, else only the colour.
                out.push_str(if ink.bold { "\x1b[0m" } else { "\x1b[39m" });
            }
        }
        out.push('│');
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Table;
    use comfy_table::{
        presets, Attribute, Cell as TCell, CellAlignment, Color, ContentArrangement, Table as TTable,
    };
    use proptest::prelude::*;

    fn report() -> Document<'static> {
        let mut t = Table::new(vec!["region".into(), "D1".into(), "rating".into()]);
        t.rows.push(vec![Cell::text("A"), Cell::Num(Some(4.0)), Cell::Rating("Baik".into(), 2)]);
        t.rows.push(vec![Cell::text("B"), Cell::Num(Some(1.0)), Cell::Rating("Kurang".into(), 0)]);
        t.marks = vec![(0, 1, crate::output::Mark::Best), (1, 1, crate::output::Mark::Worst)];
        Document { tables: vec![t], ..Document::default() }
    }

    fn render(report: &Document, color: bool) -> String {
        let mut out = Vec::new();
        write(report, &Style { color, ..Style::default() }, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn best_and_worst_are_marked_only_in_colour() {
        let plain = render(&report(), false);
        assert!(!plain.contains('\x1b'), "{plain}");
        let coloured = render(&report(), true);
        // Bold green best, bold red worst (crossterm's codes: 1 bold, 38;5;10 green, 38;5;9 red).
        assert!(coloured.contains("\x1b[38;5;10m\x1b[1m 4.00 \x1b[0m"), "{coloured:?}");
        assert!(coloured.contains("\x1b[38;5;9m\x1b[1m 1.00 \x1b[0m"), "{coloured:?}");
        // Ratings coloured by band: Baik (band 2) yellow, Kurang (band 0) red.
        assert!(coloured.contains("\x1b[38;5;11m Baik "), "{coloured:?}");
        assert!(coloured.contains("\x1b[38;5;9m Kurang "), "{coloured:?}");
    }

    /// The table as comfy-table lays it out whole (what this writer streams), for comparison.
    fn comfy(report: &Document, style: &Style) -> String {
        const COLORS: [Color; 5] = [Color::Red, Color::DarkYellow, Color::Yellow, Color::Green, Color::Cyan];
        let mut s = String::new();
        for (i, t) in report.tables.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            if let Some(title) = &t.title {
                s.push_str(&format!("{title}\n"));
            }
            let mut table = TTable::new();
            table
                .load_preset(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Disabled);
            if style.color {
                table.enforce_styling();
            } else {
                table.force_no_tty();
            }
            let hidden = report.hidden_columns(i, style);
            let shown = |c: &usize| !hidden.contains(c);
            table.set_header((0..t.headers.len()).filter(shown).map(|c| TCell::new(&t.headers[c])));
            report
                .each_row(i, |r, row| {
                    table.add_row(row.iter().enumerate().filter(|(c, _)| shown(c)).map(|(col, c)| {
                        let mut cell = TCell::new(c.display(style.precision, style.decimal_comma));
                        if c.is_numeric() {
                            cell = cell.set_alignment(CellAlignment::Right);
                        }
                        if let (Cell::Rating(_, band), true) = (c, style.color) {
                            cell = cell.fg(COLORS[(*band).min(4)]);
                        }
                        if style.color {
                            match t.mark(r, col) {
                                Some(Mark::Best) => {
                                    cell = cell.fg(Color::Green).add_attribute(Attribute::Bold)
                                }
                                Some(Mark::Worst) => {
                                    cell = cell.fg(Color::Red).add_attribute(Attribute::Bold)
                                }
                                None => {}
                            }
                        }
                        cell
                    }));
                    Ok::<(), ()>(())
                })
                .unwrap();
            s.push_str(&format!("{table}\n"));
        }
        s
    }

    #[test]
    fn the_fixed_cases_match_comfy_table() {
        for color in [false, true] {
            let style = Style { color, ..Style::default() };
            assert_eq!(render(&report(), color), comfy(&report(), &style));
        }
        // Wide characters, a line break, a short row, no rows, hidden codes, two tables.
        let mut a = Table::new(vec!["wilayah".into(), "kode".into(), "x".into()]).titled("Judul");
        a.rows.push(vec![Cell::text("Kab. 東京"), Cell::Code("15.01".into()), Cell::Delta(Some(-0.5))]);
        a.rows.push(vec![Cell::text("two\nlines here"), Cell::Code(String::new())]);
        a.rows.push(vec![]);
        let b = Table::new(vec!["only".into()]);
        let r = Document { tables: vec![a, b], ..Document::default() };
        for codes in [false, true] {
            let style = Style { codes, decimal_comma: codes, ..Style::default() };
            let mut out = Vec::new();
            write(&r, &style, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), comfy(&r, &style), "codes {codes}");
        }
    }

    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            "[a-zA-Z é東\n]{0,12}".prop_map(Cell::Text),
            proptest::option::of(-10.0f64..10.0).prop_map(Cell::Num),
            proptest::option::of(-10.0f64..10.0).prop_map(Cell::Delta),
            (-100i64..1000).prop_map(Cell::Int),
            ("[A-Z][a-z]{0,8}", 0usize..7).prop_map(|(s, b)| Cell::Rating(s, b)),
            "[0-9.]{0,5}".prop_map(Cell::Code),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// Byte for byte what comfy-table draws, whatever the cells, colours and marks.
        #[test]
        fn streamed_tables_are_what_comfy_table_draws(
            headers in proptest::collection::vec("[a-z é]{0,8}", 0..5),
            rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..6), 0..6),
            marks in proptest::collection::vec((0usize..6, 0usize..6, any::<bool>()), 0..4),
            color in any::<bool>(),
            codes in any::<bool>(),
            precision in 0usize..4,
        ) {
            let mut t = Table::new(headers).titled("T");
            t.rows = rows;
            t.marks = marks.into_iter().map(|(r, c, b)| (r, c, if b { Mark::Best } else { Mark::Worst })).collect();
            let r = Document { tables: vec![t], ..Document::default() };
            let style = Style { color, codes, precision, ..Style::default() };
            let mut out = Vec::new();
            write(&r, &style, &mut out).unwrap();
            prop_assert_eq!(String::from_utf8(out).unwrap(), comfy(&r, &style));
        }
    }
}
