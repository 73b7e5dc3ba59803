//! Markdown pipe tables, numbers right-aligned.

use std::io::Write;

use super::{Document, Style};

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
        // Two passes over the rows (made again where they are made on demand): which columns
        // are numbers, then the table.
        let mut numeric = vec![false; t.headers.len()];
        report.each_row(i, |_, row| {
            for (c, cell) in row.iter().enumerate() {
                if let (true, Some(n)) = (cell.is_numeric(), numeric.get_mut(c)) {
                    *n = true;
                }
            }
            Ok::<(), std::io::Error>(())
        })?;
        let headers: Vec<String> =
            (0..t.headers.len()).filter(shown).map(|c| escape(&capitalize(&t.headers[c]))).collect();
        writeln!(w, "| {} |", headers.join(" | "))?;
        let rule: Vec<&str> =
            (0..t.headers.len()).filter(shown).map(|c| if numeric[c] { "---:" } else { "---" }).collect();
        writeln!(w, "|{}|", rule.join("|"))?;
        report.each_row(i, |_, row| {
            let cells: Vec<String> = (row.iter().enumerate().filter(|(c, _)| shown(c)))
                .map(|(_, x)| escape(&x.display(style.precision, style.decimal_comma)))
                .collect();
            writeln!(w, "| {} |", cells.join(" | "))
        })?;
    }
    Ok(())
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
    out
}
