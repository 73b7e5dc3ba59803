//! Markdown pipe tables, numbers right-aligned.

use std::io::Write;

use super::{Report, Style};

pub fn write(report: &Report, style: &Style, w: &mut dyn Write) -> std::io::Result<()> {
    for (i, t) in report.tables.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        if let Some(title) = &t.title {
            writeln!(w, "### {}\n", escape(title))?;
        }
        let numeric: Vec<bool> = (0..t.headers.len())
            .map(|c| t.rows.iter().any(|r| r.get(c).is_some_and(|x| x.is_numeric())))
            .collect();
        writeln!(
            w,
            "| {} |",
            t.headers.iter().map(|h| escape(&capitalize(h))).collect::<Vec<_>>().join(" | ")
        )?;
        let rule: Vec<&str> = numeric.iter().map(|&n| if n { "---:" } else { "---" }).collect();
        writeln!(w, "|{}|", rule.join("|"))?;
        for row in &t.rows {
            let cells: Vec<String> =
                row.iter().map(|c| escape(&c.display(style.precision, style.decimal_comma))).collect();
            writeln!(w, "| {} |", cells.join(" | "))?;
        }
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
