//! Stacked bars: how much each domain (on Pemdi, each aspect) adds to a region's index, its
//! score × weight over the weights of the parts scored, so that each bar ends at the index.

use maud::html;

use super::{c, fit, text_width, value_axis, Fmt, Svg, INK};

/// A part of the index (a domain or an aspect).
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub id: String,
    pub name: String,
}

/// One region's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The region's full name (tooltips).
    pub name: String,
    /// What the chart writes beside the bar (see [`super::labels`]).
    pub label: String,
    /// Each part's share of the index, in the order of [`ContributionChart::parts`]; `None`
    /// where the part has no score.
    pub shares: Vec<Option<f64>>,
    /// The index: the sum of the shares.
    pub index: f64,
}

/// The data of a contribution chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ContributionChart {
    pub title: String,
    pub parts: Vec<Part>,
    /// Bars, top to bottom.
    pub rows: Vec<Row>,
    /// The scale's maximum (the axis runs from 0, where the shares start).
    pub hi: f64,
    /// Name of the value (e.g. `Indeks SPBE`), under the axis.
    pub axis: String,
    /// Segment titles without the region's name (its label is beside them), for many regions.
    pub terse: bool,
}

const WIDTH: f64 = 760.0;
const ROW: f64 = 22.0;
const BAR: f64 = 14.0;
const LABEL_FONT: f64 = 12.0;
/// Characters of a bar's label: 280 px of 12 px text (0.6 em a character).
pub const LABEL_CHARS: usize = 38;
/// Colours of the parts, told apart also in greyscale (dark to light, then again).
const COLOURS: [&str; 8] =
    ["#1d4f86", "#5b8fc7", "#e08a2c", "#f3c178", "#3d7a3f", "#9ccf8d", "#7a4f9a", "#c8a8dd"];
/// Whether white or dark text reads on each of [`COLOURS`].
const WHITE_TEXT: [bool; 8] = [true, false, false, false, true, false, true, false];

impl ContributionChart {
    pub fn draw(&self, fmt: &Fmt) -> Svg {
        let label_w =
            self.rows.iter().map(|r| text_width(&r.label, LABEL_FONT)).fold(60.0, f64::max).min(280.0);
        let left = label_w + 14.0;
        let right = 52.0;
        let top = 10.0;
        let plot_w = WIDTH - left - right;
        let rows_h = self.rows.len() as f64 * ROW + 6.0;
        let axis_y = top + rows_h;
        let legend_top = axis_y + 44.0;
        let legend_h = self.parts.len() as f64 * 16.0;
        let height = legend_top + legend_h + 4.0;
        let hi = self.hi.max(f64::EPSILON);
        let w = |v: f64| v.max(0.0) / hi * plot_w;
        let colour = |k: usize| COLOURS[k % COLOURS.len()];
        let ink = |k: usize| if WHITE_TEXT[k % COLOURS.len()] { "#ffffff" } else { INK };
        let body = html! {
            (value_axis(fmt, (0.0, self.hi), |t| left + w(t), (top, axis_y), (left, plot_w), "#dddddd", &self.axis))
            @for (i, r) in self.rows.iter().enumerate() {
                @let y = top + 3.0 + i as f64 * ROW + (ROW - BAR) / 2.0;
                text x=(c(left - 8.0)) y=(c(y + BAR - 3.0)) font-size=(c(LABEL_FONT)) text-anchor="end" fill=(INK) {
                    (r.label)
                }
                // The segments' stroke and their values' size and anchor come from a group: at
                // 600 regions every repeated attribute counts.
                g stroke="#ffffff" stroke-width="0.5" {
                    @for (k, (share, before)) in r.shares.iter().zip(running_sums(&r.shares)).enumerate() {
                        @if let Some(v) = share {
                            rect x=(c(left + w(before))) y=(c(y)) width=(c(w(*v))) height=(c(BAR)) fill=(colour(k)) {
                                title {
                                    @if !self.terse { (r.name) " · " }
                                    (self.parts[k].id) " " (self.parts[k].name) ": " (fmt.num(*v))
                                }
                            }
                        }
                    }
                }
                g font-size="9" text-anchor="middle" {
                    @for (k, (share, before)) in r.shares.iter().zip(running_sums(&r.shares)).enumerate() {
                        @if let Some(v) = share {
                            @let (x0, width, text) = (left + w(before), w(*v), fmt.num(*v));
                            @if text_width(&text, 9.0) + 4.0 <= width {
                                text x=(c(x0 + width / 2.0)) y=(c(y + BAR - 3.5)) fill=(ink(k)) { (text) }
                            }
                        }
                    }
                }
                text x=(c(left + w(r.index) + 4.0)) y=(c(y + BAR - 3.0)) font-size="11" fill=(INK) {
                    (fmt.num(r.index))
                }
            }
            @for (k, p) in self.parts.iter().enumerate() {
                @let ly = legend_top + k as f64 * 16.0;
                rect x=(c(left)) y=(c(ly)) width="10" height="10" fill=(colour(k)) {}
                text x=(c(left + 16.0)) y=(c(ly + 9.0)) font-size="11" fill=(INK) {
                    (fit(&format!("{} {}", p.id, p.name), plot_w - 16.0, 11.0))
                }
            }
        };
        Svg { width: WIDTH, height, title: self.title.clone(), body }
    }
}

impl ContributionChart {
    /// The chart for a narrow screen ([`super::bar::NARROW_WIDTH`] wide): each region's label on
    /// its own line above its stacked bar. No tooltips: the wide chart, in the same page, has
    /// them.
    pub fn draw_narrow(&self, fmt: &Fmt) -> Svg {
        let width = super::bar::NARROW_WIDTH;
        let (left, right, top, row) = (4.0, 36.0, 6.0, 32.0);
        let plot_w = width - left - right;
        let rows_h = self.rows.len() as f64 * row + 4.0;
        let axis_y = top + rows_h;
        let legend_top = axis_y + 44.0;
        let height = legend_top + self.parts.len() as f64 * 16.0 + 4.0;
        let hi = self.hi.max(f64::EPSILON);
        let w = |v: f64| v.max(0.0) / hi * plot_w;
        let colour = |k: usize| COLOURS[k % COLOURS.len()];
        let ink = |k: usize| if WHITE_TEXT[k % COLOURS.len()] { "#ffffff" } else { INK };
        let body = html! {
            (value_axis(fmt, (0.0, self.hi), |t| left + w(t), (top, axis_y), (left, plot_w), "#dddddd", &self.axis))
            @for (i, r) in self.rows.iter().enumerate() {
                g transform=(format!("translate(0,{})", c(top + i as f64 * row))) font-size="11" fill=(INK) {
                    text x=(c(left + 2.0)) y="13" { (fit(&r.label, width - left - 4.0, 11.0)) }
                    g stroke="#ffffff" stroke-width="0.5" {
                        @for (k, (share, before)) in r.shares.iter().zip(running_sums(&r.shares)).enumerate() {
                            @if let Some(v) = share {
                                rect x=(c(left + w(before))) y="17" width=(c(w(*v))) height="12" fill=(colour(k)) {}
                            }
                        }
                    }
                    g font-size="9" text-anchor="middle" {
                        @for (k, (share, before)) in r.shares.iter().zip(running_sums(&r.shares)).enumerate() {
                            @if let Some(v) = share {
                                @let (x0, seg, text) = (left + w(before), w(*v), fmt.num(*v));
                                @if text_width(&text, 9.0) + 4.0 <= seg {
                                    text x=(c(x0 + seg / 2.0)) y="26.5" fill=(ink(k)) { (text) }
                                }
                            }
                        }
                    }
                    text x=(c(left + w(r.index) + 3.0)) y="27" { (fmt.num(r.index)) }
                }
            }
            @for (k, p) in self.parts.iter().enumerate() {
                @let ly = legend_top + k as f64 * 16.0;
                rect x=(c(left)) y=(c(ly)) width="10" height="10" fill=(colour(k)) {}
                text x=(c(left + 16.0)) y=(c(ly + 9.0)) font-size="11" fill=(INK) {
                    (fit(&format!("{} {}", p.id, p.name), width - left - 20.0, 11.0))
                }
            }
        };
        Svg { width, height, title: self.title.clone(), body }
    }
}

/// Where each share starts: the sum of the shares before it.
fn running_sums(shares: &[Option<f64>]) -> Vec<f64> {
    let mut sum = 0.0;
    shares
        .iter()
        .map(|s| {
            let start = sum;
            sum += s.unwrap_or(0.0);
            start
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn segments_follow_each_other_up_to_the_index() {
        let chart = ContributionChart {
            title: "t".into(),
            parts: vec![
                Part { id: "D1".into(), name: "A".into() },
                Part { id: "D2".into(), name: "B".into() },
            ],
            rows: vec![Row {
                name: "Kab. X".into(),
                label: "Kab. X".into(),
                shares: vec![Some(1.0), Some(1.5)],
                index: 2.5,
            }],
            hi: 5.0,
            axis: "Indeks".into(),
            terse: false,
        };
        let svg = chart.draw(&Fmt::new(Lang::Id, 2)).standalone();
        // 60 px of label (the least), so the plot starts at 74 and is 760 − 74 − 52 = 634 wide:
        // 1.0 of 5 is 126.8 px, 1.5 is 190.2 px, starting where the first ends (200.8).
        assert!(svg.contains(r##"<rect x="74" y="17" width="126.8" height="14" fill="#1d4f86""##), "{svg}");
        assert!(
            svg.contains(r##"<rect x="200.8" y="17" width="190.2" height="14" fill="#5b8fc7""##),
            "{svg}"
        );
        assert!(svg.contains("<title>Kab. X · D2 B: 1,50</title>"), "{svg}");
        assert!(svg.contains(">2,50</text>"), "{svg}");
        // Narrow: the plot is 360 − 4 − 36 = 320 px for 0..5, 64 px a point: 1.0 is 64 px from
        // 4, 1.5 is 96 px from 68; the index after the bar at 4 + 160 + 3 = 167.
        let narrow = chart.draw_narrow(&Fmt::new(Lang::Id, 2)).inline().into_string();
        assert!(narrow.contains(r##"<rect x="4" y="17" width="64" height="12" fill="#1d4f86""##), "{narrow}");
        assert!(
            narrow.contains(r##"<rect x="68" y="17" width="96" height="12" fill="#5b8fc7""##),
            "{narrow}"
        );
        assert!(narrow.contains(r#"<text x="167" y="27">2,50</text>"#), "{narrow}");
    }
}
