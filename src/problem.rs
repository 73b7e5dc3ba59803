//! Problems found in user input, each with where it was found.
//!
//! Readers collect every problem in a file before giving up, so a user fixes a whole file in
//! one pass instead of one error per run.

use std::fmt;

/// Where in an input a problem was found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Position {
    /// The file as a whole.
    File,
    /// A line (1-based), and a column (1-based field or character number) when known.
    Text { line: usize, column: Option<usize> },
    /// A spreadsheet cell such as `Sheet1!C14`.
    Cell { sheet: String, cell: String },
}

/// One problem in one input.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Problem {
    pub file: String,
    pub position: Position,
    pub message: String,
}

impl Problem {
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { file: file.into(), position: Position::File, message: message.into() }
    }

    pub fn at(
        file: impl Into<String>,
        line: usize,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Problem { file: file.into(), position: Position::Text { line, column }, message: message.into() }
    }

    pub fn line(&self) -> Option<usize> {
        match self.position {
            Position::Text { line, .. } => Some(line),
            _ => None,
        }
    }

    pub fn column(&self) -> Option<usize> {
        match self.position {
            Position::Text { column, .. } => column,
            _ => None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.position {
            Position::File => write!(f, "{}: {}", self.file, self.message),
            Position::Text { line, column: Some(c) } => {
                write!(f, "{}:{}:{}: {}", self.file, line, c, self.message)
            }
            Position::Text { line, column: None } => write!(f, "{}:{}: {}", self.file, line, self.message),
            Position::Cell { sheet, cell } => {
                write!(f, "{}: {}!{}: {}", self.file, sheet, cell, self.message)
            }
        }
    }
}

/// Every problem found in a set of inputs: the error type of the readers and checkers.
#[derive(Debug, Clone, Default, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(&mut self, p: Problem) {
        self.0.push(p);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `Ok(value)` when nothing was found, else the problems.
    pub fn into_result<T>(self, value: T) -> Result<T, Problems> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        if self.0.len() > 1 {
            let lang = crate::i18n::Lang::current();
            write!(f, "\n{} {}", self.0.len(), lang.t("problems found", "masalah ditemukan"))?;
        }
        Ok(())
    }
}

/// Line and column (both 1-based, column in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let t = "ab\ncdé\nf";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 7), (2, 4));
        assert_eq!(line_col(t, 8), (3, 1));
        assert_eq!(line_col(t, 100), (3, 2));
    }

    #[test]
    fn display_names_file_line_and_column() {
        let p = Problem::at("a.csv", 3, Some(2), "bad");
        assert_eq!(p.to_string(), "a.csv:3:2: bad");
        let p = Problem {
            file: "k.xlsx".into(),
            position: Position::Cell { sheet: "Sheet1".into(), cell: "C14".into() },
            message: "level 7 is outside 1..5".into(),
        };
        assert_eq!(p.to_string(), "k.xlsx: Sheet1!C14: level 7 is outside 1..5");
    }
}
