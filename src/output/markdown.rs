//! Markdown pipe tables, numbers right-aligned.

use std::io::Write;

use super::{take, CellRef, Document, NumberText, Style};

pub fn write(report: &Document, style: &Style, w: &mut dyn Write) -> std::io::Result<()> {
    for (i, t) in report.tables.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        if let Some(title) = &t.title {
            writeln!(w, "### {}\n", escape(title))?;
        }
        let hidden = report.hidden_columns(i, style);
        let shown = |c: &usize| !hidden.contains(c);
        // Which columns are numbers (right-aligned), then the table.
        let mut numeric = vec![false; t.headers.len()];
        report.each_kind_of_row(i, |row| {
            for (c, cell) in row.iter().enumerate() {
                if let (true, Some(n)) = (cell.is_numeric(), numeric.get_mut(c)) {
                    *n = true;
                }
            }
        });
        let headers: Vec<String> =
            (0..t.headers.len()).filter(shown).map(|c| escape(&capitalize(&t.headers[c]))).collect();
        writeln!(w, "| {} |", headers.join(" | "))?;
        let rule: Vec<&str> =
            (0..t.headers.len()).filter(shown).map(|c| if numeric[c] { "---:" } else { "---" }).collect();
        writeln!(w, "|{}|", rule.join("|"))?;
        // The rows, formatted on every core, each part into its own buffer of lines, with one
        // cell buffer: no allocation per cell. Runs of cells that rows repeat (a breakdown's
        // region and node, see `Rows::repeated`) are encoded once and copied.
        report.write_rows_parallel(
            i,
            &mut *w,
            || Lines::new(style),
            |out, row, runs| {
                out.row(row, runs, &shown);
                Ok::<(), std::io::Error>(())
            },
            |out| Ok(take(&mut out.line)),
        )?;
    }
    Ok(())
}

/// The rows of a table as Markdown lines, written by one writer into its buffer.
struct Lines {
    line: String,
    /// Runs of cells written lately, by their position in the row and key: `(run, key, text)`.
    runs: Vec<(usize, u64, String)>,
    numbers: NumberText,
}

impl Lines {
    fn new(style: &Style) -> Lines {
        Lines {
            line: String::new(),
            runs: Vec::new(),
            numbers: NumberText::new(Some(style.precision), style.decimal_comma),
        }
    }

    /// One row, `| a | b |`: its runs (`(end, key)`, see `Rows::repeated`) copied where
    /// written lately, the cells of columns that are not `shown` left out.
    fn row(&mut self, row: &[CellRef<'_>], runs: &[(usize, u64)], shown: &impl Fn(&usize) -> bool) {
        const SLOTS: usize = 128;
        let start = self.line.len();
        self.line.push('|');
        let mut at = 0;
        for (run, &(end, key)) in runs.iter().enumerate() {
            if self.runs.is_empty() {
                self.runs = vec![(usize::MAX, 0, String::new()); SLOTS];
            }
            let slot =
                (key.wrapping_add(run as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57) as usize % SLOTS;
            if self.runs[slot].0 == run && self.runs[slot].1 == key {
                self.line.push_str(&self.runs[slot].2);
            } else {
                let from = self.line.len();
                self.cells(&row[at..end], at, shown);
                let (seen, seen_key, text) = &mut self.runs[slot];
                text.clear();
                text.push_str(&self.line[from..]);
                (*seen, *seen_key) = (run, key);
            }
            at = end;
        }
        self.cells(&row[at.min(row.len())..], at, shown);
        if self.line.len() == start + 1 {
            self.line.push_str("  |"); // a row without cells, as `| {} |` of nothing writes it
        }
        self.line.push('\n');
    }

    /// The cells (the first in column `first`) of shown columns, each ` text |`.
    fn cells(&mut self, cells: &[CellRef<'_>], first: usize, shown: &impl Fn(&usize) -> bool) {
        for (c, x) in cells.iter().enumerate() {
            if !shown(&(first + c)) {
                continue;
            }
            self.line.push(' ');
            match x.as_text() {
                Some(text) => escape_into(&mut self.line, text),
                // A number's text (digits, sign, point or comma) needs no escape.
                None => self.numbers.push(&mut self.line, x),
            }
            self.line.push_str(" |");
        }
    }
}

/// Headers start with a capital in a document (`region` → `Region`).
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Keep cell text from breaking the table or being read as markup.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// The bytes [`escape_into`] changes.
const SPECIAL: [bool; 256] = {
    let mut special = [false; 256];
    let bytes = *b"|\\*_`<>[]\n\r";
    let mut k = 0;
    while k < bytes.len() {
        special[bytes[k] as usize] = true;
        k += 1;
    }
    special
};

/// [`escape`], appended to `out`.
fn escape_into(out: &mut String, s: &str) {
    // Most cells (numbers, names) need no escape: copy them whole.
    if !s.bytes().any(|b| SPECIAL[b as usize]) {
        out.push_str(s);
        return;
    }
    for ch in s.chars() {
        match ch {
            '|' | '\\' | '*' | '_' | '`' | '<' | '>' | '[' | ']' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Cell, Rows, Table};

    /// Rows whose first cells come in runs: a region (name, code) per 3 rows, a node (id,
    /// name) per row within it, then a score.
    struct Runs;

    impl Rows for Runs {
        fn count(&self) -> usize {
            12
        }

        fn row<'s>(&'s self, i: usize, out: &mut Vec<CellRef<'s>>) {
            out.extend([
                Cell::text(format!("Kab. {} | *x*", i / 3)).into_cow(),
                Cell::Code(format!("15.0{}", i / 3).into()),
                Cell::Id(format!("{}", i % 3).into()),
                Cell::text(format!("node_{}", i % 3)).into_cow(),
                Cell::Num(Some(i as f64 / 7.0)),
            ]);
        }

        fn repeated(&self, i: usize, out: &mut Vec<(usize, u64)>) {
            out.push((2, (i / 3) as u64));
            out.push((4, (i % 3) as u64));
        }
    }

    #[test]
    fn rows_in_runs_are_written_as_rows_held() {
        let headers: Vec<String> = ["region", "code", "id", "name", "score"].map(String::from).to_vec();
        let mut lazy = Document { tables: vec![Table::new(headers.clone())], ..Document::default() };
        lazy.lazy_rows(0, Runs);
        let mut held = Table::new(headers);
        for i in 0..Runs.count() {
            let mut row = Vec::new();
            Runs.row(i, &mut row);
            held.rows.push(
                row.into_iter()
                    .map(|c| match c {
                        Cell::Code(s) => Cell::Code(s.into_owned()),
                        Cell::Id(s) => Cell::Id(s.into_owned()),
                        c => c.as_text().map_or(Cell::Num(Some(i as f64 / 7.0)), Cell::text),
                    })
                    .collect(),
            );
        }
        let held = Document { tables: vec![held], ..Document::default() };
        for codes in [false, true] {
            let style = Style { codes, decimal_comma: codes, ..Style::default() };
            let (mut a, mut b) = (Vec::new(), Vec::new());
            write(&lazy, &style, &mut a).unwrap();
            write(&held, &style, &mut b).unwrap();
            let (a, b) = (String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());
            assert_eq!(a, b);
            // Escaped, the code shown only with --codes, 5/7 at 2 decimals.
            let want = match codes {
                true => "| Kab. 1 \\| \\*x\\* | 15.01 | 2 | node\\_2 | 0,71 |",
                false => "| Kab. 1 \\| \\*x\\* | 2 | node\\_2 | 0.71 |",
            };
            assert_eq!(a.lines().nth(7), Some(want), "{a}");
        }
    }
}
