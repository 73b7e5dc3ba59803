//! A heatmap of indicator levels: one row per region, one column per indicator, coloured by
//! level. Each cell's `<title>` names the indicator, the level and its name, and the note given
//! with it, so hovering tells what the colour means.

use maud::html;

use super::{c, fit, level_fill, level_ink, text_width, Fmt, Svg, INK, MUTED};

/// A column: one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub id: String,
    pub name: String,
}

/// A run of columns under one domain or aspect.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub start: usize,
    pub len: usize,
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum HeatCell {
    /// The level given for the indicator.
    Level { value: f64, level_name: Option<String>, note: Option<String> },
    /// No level for the indicator itself: the region was scored at a node above it.
    Above { node: String },
    /// Nothing given.
    Missing,
}

/// One row: a region.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The region's full name (tooltips).
    pub name: String,
    /// What the chart writes at the row's left (see [`super::labels`]).
    pub label: String,
    pub cells: Vec<HeatCell>,
}

/// The data of a heatmap.
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    pub title: String,
    pub columns: Vec<Column>,
    pub groups: Vec<Group>,
    pub rows: Vec<Row>,
    pub lo: f64,
    pub hi: f64,
    /// Cell titles name only the indicator's id (the row's label and the column's title name
    /// the rest), for a page of many regions.
    pub terse: bool,
}

const CELL_W: f64 = 13.0;
const CELL_H: f64 = 18.0;
const GROUP_GAP: f64 = 4.0;
const LABEL_FONT: f64 = 11.0;
/// Characters of a row's label: 260 px of 11 px text (0.6 em a character).
pub const LABEL_CHARS: usize = 39;

impl Heatmap {
    /// x of the left edge of column `j`.
    fn col_x(&self, left: f64, j: usize) -> f64 {
        let groups_before = self.groups.iter().filter(|g| g.start <= j && g.start > 0).count();
        left + j as f64 * CELL_W + groups_before as f64 * GROUP_GAP
    }

    /// A row's levels as texts of one character each, grouped by their colour: (colour, the
    /// x of each character, the characters).
    fn row_digits(&self, row: &Row, left: f64, fmt: &Fmt) -> Vec<(&'static str, String, String)> {
        let mut out: Vec<(&'static str, String, String)> = Vec::new();
        for (j, cell) in row.cells.iter().enumerate().take(self.columns.len()) {
            if let HeatCell::Level { value, .. } = cell {
                let ink = level_ink(*value, self.lo, self.hi);
                let k = match out.iter().position(|o| o.0 == ink) {
                    Some(k) => k,
                    None => {
                        out.push((ink, String::new(), String::new()));
                        out.len() - 1
                    }
                };
                let x = c(self.col_x(left, j) + (CELL_W - 1.0) / 2.0);
                if !out[k].1.is_empty() {
                    out[k].1.push(' ');
                }
                out[k].1.push_str(&x);
                out[k].2.push_str(&fmt.level(*value));
            }
        }
        out
    }

    pub fn draw(&self, fmt: &Fmt) -> Svg {
        let lang = fmt.lang;
        let label_w =
            self.rows.iter().map(|r| text_width(&r.label, LABEL_FONT)).fold(60.0, f64::max).min(260.0);
        // A whole number, so that every cell's x is one.
        let left = (label_w + 10.0).ceil();
        let top = 52.0;
        let ncols = self.columns.len();
        let plot_right = if ncols == 0 { left } else { self.col_x(left, ncols - 1) + CELL_W };
        let rows_bottom = top + self.rows.len() as f64 * CELL_H;
        let legend_y = rows_bottom + 22.0;
        let levels = super::ticks(self.lo, self.hi);
        let legend_w = 90.0 + (levels.len() as f64 + 1.0) * 34.0 + 250.0;
        let width = (plot_right + 10.0).max(left + legend_w).max(420.0);
        let height = legend_y + 26.0;
        let given = lang.t("level", "tingkat");
        let any_above = self.rows.iter().any(|r| r.cells.iter().any(|c| matches!(c, HeatCell::Above { .. })));
        let any_missing = self.rows.iter().any(|r| r.cells.iter().any(|c| matches!(c, HeatCell::Missing)));
        let one_char = self.rows.iter().flat_map(|r| &r.cells).all(|cell| match cell {
            HeatCell::Level { value, .. } => fmt.level(*value).chars().count() == 1,
            _ => true,
        });

        let body = html! {
            @for g in &self.groups {
                @let x0 = self.col_x(left, g.start);
                @let x1 = self.col_x(left, g.start + g.len - 1) + CELL_W;
                line x1=(c(x0)) y1="14" x2=(c(x1)) y2="14" stroke=(MUTED) stroke-width="1" {}
                text x=(c((x0 + x1) / 2.0)) y="10" font-size="10" font-weight="bold" text-anchor="middle" fill=(INK) {
                    title { (g.id) " " (g.name) }
                    (fit(&g.id, x1 - x0, 10.0))
                }
            }
            @for (j, col) in self.columns.iter().enumerate() {
                @let x = self.col_x(left, j) + CELL_W / 2.0 + 3.0;
                text x=(c(x)) y=(c(top - 4.0)) font-size="8" fill=(INK)
                    transform=(format!("rotate(-90 {} {})", c(x), c(top - 4.0))) {
                    title { (col.id) " " (col.name) }
                    (fit(&col.id, 30.0, 8.0))
                }
            }
            // A row is a group at its height, and the cells' text takes its size, anchor and
            // colour from it: at 47 cells × 600 rows every repeated attribute counts.
            @for (i, row) in self.rows.iter().enumerate() {
                @let y = top + i as f64 * CELL_H;
                g transform=(format!("translate(0,{})", c(y))) font-size="8" text-anchor="middle" fill=(INK) {
                    text x=(c(left - 6.0)) y=(c(CELL_H - 5.0)) font-size=(c(LABEL_FONT)) text-anchor="end" {
                        title { (row.name) }
                        (row.label)
                    }
                    @for (j, cell) in row.cells.iter().enumerate().take(ncols) {
                        @let x = self.col_x(left, j);
                        @let col = &self.columns[j];
                        @let what = html! {
                            @if self.terse { (col.id) ": " } @else { (row.name) " — " (col.id) " " (col.name) ": " }
                        };
                        @match cell {
                            HeatCell::Level { value, level_name, note } => {
                                rect x=(c(x)) width=(c(CELL_W - 1.0)) height=(c(CELL_H - 1.0))
                                    fill=(level_fill(*value, self.lo, self.hi)) {
                                    title {
                                        (what) (given) " " (fmt.level(*value))
                                        @if let Some(n) = level_name { " (" (n) ")" }
                                        @if let Some(n) = note { " — " (n) }
                                    }
                                }
                                @if !one_char {
                                    @let ink = level_ink(*value, self.lo, self.hi);
                                    text x=(c(x + (CELL_W - 1.0) / 2.0)) y=(c(CELL_H - 6.0))
                                        fill=[(ink != INK).then_some(ink)] {
                                        (fmt.level(*value))
                                    }
                                }
                            }
                            HeatCell::Above { node } => {
                                rect x=(c(x)) width=(c(CELL_W - 1.0)) height=(c(CELL_H - 1.0)) fill="#eeeeee" {
                                    title { (what) (lang.t("scored at", "dinilai pada")) " " (node) }
                                }
                            }
                            HeatCell::Missing => {
                                rect x=(c(x)) width=(c(CELL_W - 1.0)) height=(c(CELL_H - 1.0))
                                    fill="#ffffff" stroke="#cccccc" stroke-width="0.5" {
                                    title { (what) (lang.t("not given", "tidak diisi")) }
                                }
                            }
                        }
                    }
                    // Levels of one character: one text per colour, each character at its own
                    // cell's centre (SVG's list of x positions), a fifth of a text per cell.
                    @if one_char {
                        @for (ink, xs, digits) in self.row_digits(row, left, fmt) {
                            text x=(xs) y=(c(CELL_H - 6.0)) fill=[(ink != INK).then_some(ink)] { (digits) }
                        }
                    }
                }
            }
            text x=(c(left)) y=(c(legend_y + 9.0)) font-size="10" fill=(INK) { (lang.t("Level", "Tingkat")) }
            @for (k, t) in levels.iter().enumerate() {
                @let x = left + 60.0 + k as f64 * 34.0;
                rect x=(c(x)) y=(c(legend_y)) width="14" height="12" fill=(level_fill(*t, self.lo, self.hi)) {}
                text x=(c(x + 18.0)) y=(c(legend_y + 10.0)) font-size="10" fill=(INK) { (fmt.level(*t)) }
            }
            @let x = left + 60.0 + levels.len() as f64 * 34.0 + 10.0;
            @if any_above {
                rect x=(c(x)) y=(c(legend_y)) width="14" height="12" fill="#eeeeee" {}
                text x=(c(x + 18.0)) y=(c(legend_y + 10.0)) font-size="10" fill=(INK) {
                    (lang.t("scored above", "dinilai di atasnya"))
                }
            }
            @if any_missing {
                @let x = if any_above { x + 130.0 } else { x };
                rect x=(c(x)) y=(c(legend_y)) width="14" height="12" fill="#ffffff" stroke="#cccccc" stroke-width="0.5" {}
                text x=(c(x + 18.0)) y=(c(legend_y + 10.0)) font-size="10" fill=(INK) {
                    (lang.t("not given", "tidak diisi"))
                }
            }
        };
        Svg { width, height, title: self.title.clone(), body }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn cells_are_coloured_by_level_and_titled() {
        let h = Heatmap {
            title: "t".into(),
            columns: vec![
                Column { id: "1".into(), name: "One".into() },
                Column { id: "2".into(), name: "Two".into() },
            ],
            groups: vec![
                Group { id: "D1".into(), name: "First".into(), start: 0, len: 1 },
                Group { id: "D2".into(), name: "Second".into(), start: 1, len: 1 },
            ],
            rows: vec![Row {
                name: "Kerinci".into(),
                label: "Kerinci".into(),
                cells: vec![
                    HeatCell::Level {
                        value: 5.0,
                        level_name: Some("Optimum".into()),
                        note: Some("SK <2025>".into()),
                    },
                    HeatCell::Above { node: "D2".into() },
                ],
            }],
            lo: 1.0,
            hi: 5.0,
            terse: false,
        };
        let svg = h.draw(&Fmt::new(Lang::En, 2)).inline().into_string();
        // The first row is a group 52 px down (under the column ids).
        assert!(svg.contains(r#"<g transform="translate(0,52)""#), "{svg}");
        // Labels are at least 60 px: the first column starts at 70; the second comes after one
        // cell (13) and one group gap (4): 87.
        assert!(svg.contains(
            r##"<rect x="70" width="12" height="17" fill="#253494"><title>Kerinci — 1 One: level 5 (Optimum) — SK &lt;2025&gt;</title>"##
        ), "{svg}");
        assert!(svg.contains(r##"<rect x="87" width="12" height="17" fill="#eeeeee"><title>Kerinci — 2 Two: scored at D2</title>"##), "{svg}");
        // Level 5 of 1..5 is dark: its number is white; the cell's centre is 70 + 12 / 2 = 76.
        assert!(svg.contains(r##"<text x="76" y="12" fill="#ffffff">5</text>"##), "{svg}");
        // A row of levels 1, 5, 2, 4: the dark numbers 1 and 2 at columns 0 and 2 in one text,
        // the white 5 and 4 at columns 1 and 3 in another. Column x: 70, 87 (one group gap),
        // 100, 113; centres 6 px on.
        let mut wide = h.clone();
        let level = |v: f64| HeatCell::Level { value: v, level_name: None, note: None };
        wide.columns.extend([wide.columns[1].clone(), wide.columns[1].clone()]);
        wide.groups[1].len = 3;
        wide.rows[0].cells = vec![level(1.0), level(5.0), level(2.0), level(4.0)];
        let svg = wide.draw(&Fmt::new(Lang::En, 2)).inline().into_string();
        assert!(svg.contains(r##"<text x="76 106" y="12">12</text>"##), "{svg}");
        assert!(svg.contains(r##"<text x="93 119" y="12" fill="#ffffff">54</text>"##), "{svg}");
        let id = h.draw(&Fmt::new(Lang::Id, 2)).inline().into_string();
        assert!(id.contains("Kerinci — 1 One: tingkat 5 (Optimum)"), "{id}");
        // Terse: the row and the column name the region and the indicator.
        let terse = Heatmap { terse: true, ..h }.draw(&Fmt::new(Lang::En, 2)).inline().into_string();
        assert!(terse.contains("<title>1: level 5 (Optimum) — SK &lt;2025&gt;</title>"), "{terse}");
        assert!(terse.contains("<title>2: scored at D2</title>"), "{terse}");
    }
}
