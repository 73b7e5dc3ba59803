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
        // cell buffer: no allocation per cell.
        report.write_rows_parallel(
            i,
            &mut *w,
            || (String::new(), String::new()),
            |(line, text), row, _| {
                let start = line.len();
                line.push('|');
                for (_, x) in row.iter().enumerate().filter(|(c, _)| shown(c)) {
                    text.clear();
                    x.display_into(text, Some(style.precision), style.decimal_comma);
                    line.push(' ');
                    escape_into(line, text);
                    line.push_str(" |");
                }
                if line.len() == start + 1 {
                    line.push_str("  |"); // a row without cells, as `| {} |` of nothing writes it
                }
                line.push('\n');
                Ok::<(), std::io::Error>(())
            },
            |(line, _)| Ok(std::mem::take(line).into_bytes()),
        )?;
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
    escape_into(&mut out, s);
    out
}

/// [`escape`], appended to `out`.
fn escape_into(out: &mut String, s: &str) {
    // Most cells (numbers, names) need no escape: copy them whole.
    if !s
        .bytes()
        .any(|b| matches!(b, b'|' | b'\\' | b'*' | b'_' | b'`' | b'<' | b'>' | b'[' | b']' | b'\n' | b'\r'))
    {
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
