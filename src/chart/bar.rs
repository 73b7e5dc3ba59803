//! Horizontal bars of each region's index, drawn over the rating bands, the baseline region
//! highlighted and its index marked with a dashed line.

use maud::html;

use super::{band_fill, band_ink, c, fit, text_width, value_axis, BandSpan, Fmt, Svg, BASELINE, INK, SERIES};

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The region's full name (tooltips).
    pub name: String,
    /// What the chart writes beside the bar (see [`super::labels`]).
    pub label: String,
    pub value: f64,
    pub rating: String,
    /// The baseline region.
    pub highlight: bool,
}

/// The data of a bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub title: String,
    /// Bars, top to bottom.
    pub bars: Vec<Bar>,
    pub bands: Vec<BandSpan>,
    /// The scale's range.
    pub lo: f64,
    pub hi: f64,
    /// Name of the value (e.g. `Indeks SPBE`), under the axis.
    pub axis: String,
    /// Caption for the highlighted bar (e.g. `baseline: Provinsi Jambi`).
    pub highlight_caption: Option<String>,
}

const WIDTH: f64 = 760.0;
const ROW: f64 = 22.0;
const BAR: f64 = 14.0;
const LABEL_FONT: f64 = 12.0;
/// Characters of a bar's label: 280 px of 12 px text (0.6 em a character).
pub const LABEL_CHARS: usize = 38;

impl BarChart {
    pub fn draw(&self, fmt: &Fmt) -> Svg {
        let label_w =
            self.bars.iter().map(|b| text_width(&b.label, LABEL_FONT)).fold(60.0, f64::max).min(280.0);
        let left = label_w + 14.0;
        let right = 52.0;
        let top = 26.0;
        let plot_w = WIDTH - left - right;
        let rows_h = self.bars.len() as f64 * ROW + 6.0;
        let axis_y = top + rows_h;
        let legend_h = if self.highlight_caption.is_some() { 22.0 } else { 0.0 };
        let height = axis_y + 40.0 + legend_h;
        let span = (self.hi - self.lo).max(f64::EPSILON);
        let x = |v: f64| left + (v.clamp(self.lo, self.hi) - self.lo) / span * plot_w;
        let n_bands = self.bands.len();
        let reference = self.bars.iter().find(|b| b.highlight).map(|b| b.value);

        let body = html! {
            @for (i, b) in self.bands.iter().enumerate() {
                @let (x0, x1) = (x(b.from), x(b.to));
                rect x=(c(x0)) y=(c(top)) width=(c((x1 - x0).max(0.0))) height=(c(rows_h))
                    fill=(band_fill(i, n_bands)) {
                    title { (b.name) " " (fmt.num(b.from)) "–" (fmt.num(b.to)) }
                }
                text x=(c((x0 + x1) / 2.0)) y=(c(top - 8.0)) font-size="10" text-anchor="middle"
                    fill=(band_ink(i, n_bands)) { (fit(&b.name, x1 - x0 - 2.0, 10.0)) }
            }
            (value_axis(fmt, (self.lo, self.hi), x, (top, axis_y), (left, plot_w), "#ffffff", &self.axis))
            @for (i, b) in self.bars.iter().enumerate() {
                @let y = top + 3.0 + i as f64 * ROW + (ROW - BAR) / 2.0;
                @let fill = if b.highlight { BASELINE } else { SERIES };
                text x=(c(left - 8.0)) y=(c(y + BAR - 3.0)) font-size=(c(LABEL_FONT)) text-anchor="end"
                    fill=(INK) font-weight=(if b.highlight { "bold" } else { "normal" }) {
                    (b.label)
                }
                rect x=(c(left)) y=(c(y)) width=(c((x(b.value) - left).max(1.0))) height=(c(BAR))
                    fill=(fill) {
                    title { (b.name) ": " (fmt.num(b.value)) " (" (b.rating) ")" }
                }
            }
            // The baseline's line under the value labels, which have a white halo over it.
            @if let Some(v) = reference {
                line x1=(c(x(v))) y1=(c(top)) x2=(c(x(v))) y2=(c(axis_y)) stroke=(BASELINE)
                    stroke-width="1.5" stroke-dasharray="4 3" {}
            }
            g font-size="11" fill=(INK) stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke" {
                @for (i, b) in self.bars.iter().enumerate() {
                    @let y = top + 3.0 + i as f64 * ROW + (ROW - BAR) / 2.0;
                    text x=(c(x(b.value) + 4.0)) y=(c(y + BAR - 3.0)) { (fmt.num(b.value)) }
                }
            }
            @if let Some(caption) = &self.highlight_caption {
                @let ly = axis_y + 48.0;
                rect x=(c(left)) y=(c(ly - 9.0)) width="10" height="10" fill=(BASELINE) {}
                line x1=(c(left + 16.0)) y1=(c(ly - 4.0)) x2=(c(left + 30.0)) y2=(c(ly - 4.0))
                    stroke=(BASELINE) stroke-width="1.5" stroke-dasharray="4 3" {}
                text x=(c(left + 36.0)) y=(c(ly)) font-size="11" fill=(INK) { (caption) }
            }
        };
        Svg { width: WIDTH, height, title: self.title.clone(), body }
    }
}

/// Width of the narrow variant: a phone's 390 px less the page's margins, so that its text is
/// drawn at about its own size (11 px).
pub const NARROW_WIDTH: f64 = 360.0;
const NARROW_ROW: f64 = 32.0;

impl BarChart {
    /// The chart for a narrow screen: each region's label on its own line above its bar, the
    /// bars the whole width. No tooltips: the wide chart, in the same page, has them.
    pub fn draw_narrow(&self, fmt: &Fmt) -> Svg {
        let (left, right, top) = (4.0, 36.0, 26.0);
        let plot_w = NARROW_WIDTH - left - right;
        let rows_h = self.bars.len() as f64 * NARROW_ROW + 4.0;
        let axis_y = top + rows_h;
        let legend_h = if self.highlight_caption.is_some() { 22.0 } else { 0.0 };
        let height = axis_y + 40.0 + legend_h;
        let span = (self.hi - self.lo).max(f64::EPSILON);
        let x = |v: f64| left + (v.clamp(self.lo, self.hi) - self.lo) / span * plot_w;
        let n_bands = self.bands.len();
        let reference = self.bars.iter().find(|b| b.highlight).map(|b| b.value);
        let body = html! {
            @for (i, b) in self.bands.iter().enumerate() {
                @let (x0, x1) = (x(b.from), x(b.to));
                rect x=(c(x0)) y=(c(top)) width=(c((x1 - x0).max(0.0))) height=(c(rows_h)) fill=(band_fill(i, n_bands)) {}
                @let (first, second) = band_lines(&b.name, x1 - x0 - 2.0);
                text x=(c((x0 + x1) / 2.0)) y=(c(top - if second.is_some() { 17.0 } else { 8.0 })) font-size="9"
                    text-anchor="middle" fill=(band_ink(i, n_bands)) {
                    (first)
                    @if let Some(second) = second {
                        tspan x=(c((x0 + x1) / 2.0)) dy="9" { (second) }
                    }
                }
            }
            (value_axis(fmt, (self.lo, self.hi), x, (top, axis_y), (left, plot_w), "#ffffff", &self.axis))
            @for (i, b) in self.bars.iter().enumerate() {
                g transform=(format!("translate(0,{})", c(top + i as f64 * NARROW_ROW))) font-size="11" fill=(INK) {
                    text x=(c(left + 2.0)) y="13" font-weight=[b.highlight.then_some("bold")] {
                        (fit(&b.label, NARROW_WIDTH - left - 4.0, 11.0))
                    }
                    rect x=(c(left)) y="17" width=(c((x(b.value) - left).max(1.0))) height="12"
                        fill=(if b.highlight { BASELINE } else { SERIES }) {}
                }
            }
            @if let Some(v) = reference {
                line x1=(c(x(v))) y1=(c(top)) x2=(c(x(v))) y2=(c(axis_y)) stroke=(BASELINE)
                    stroke-width="1.5" stroke-dasharray="4 3" {}
            }
            g font-size="11" fill=(INK) stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke" {
                @for (i, b) in self.bars.iter().enumerate() {
                    text x=(c(x(b.value) + 3.0)) y=(c(top + i as f64 * NARROW_ROW + 27.0)) { (fmt.num(b.value)) }
                }
            }
            @if let Some(caption) = &self.highlight_caption {
                @let ly = axis_y + 48.0;
                rect x=(c(left)) y=(c(ly - 9.0)) width="10" height="10" fill=(BASELINE) {}
                line x1=(c(left + 16.0)) y1=(c(ly - 4.0)) x2=(c(left + 30.0)) y2=(c(ly - 4.0))
                    stroke=(BASELINE) stroke-width="1.5" stroke-dasharray="4 3" {}
                text x=(c(left + 36.0)) y=(c(ly)) font-size="11" fill=(INK) {
                    (fit(caption, NARROW_WIDTH - left - 40.0, 11.0))
                }
            }
        };
        Svg { width: NARROW_WIDTH, height, title: self.title.clone(), body }
    }
}

/// A band's name above its span in the narrow chart: on one line if it fits, else its words
/// on two lines ("Sangat" over "Baik" in a narrow top band), each cut to fit only if it must.
fn band_lines(name: &str, width: f64) -> (String, Option<String>) {
    if text_width(name, 9.0) <= width {
        return (name.to_string(), None);
    }
    match name.split_once(' ') {
        Some((a, b)) => (fit(a, width, 9.0), Some(fit(b.trim(), width, 9.0))),
        None => (fit(name, width, 9.0), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn chart() -> BarChart {
        BarChart {
            title: "Index".into(),
            bars: vec![
                Bar {
                    name: "A".into(),
                    label: "A".into(),
                    value: 3.0,
                    rating: "Baik".into(),
                    highlight: false,
                },
                Bar {
                    name: "B".into(),
                    label: "B".into(),
                    value: 5.0,
                    rating: "Memuaskan".into(),
                    highlight: true,
                },
            ],
            bands: vec![
                BandSpan { name: "Low".into(), from: 1.0, to: 3.0 },
                BandSpan { name: "High".into(), from: 3.0, to: 5.0 },
            ],
            lo: 1.0,
            hi: 5.0,
            axis: "Indeks".into(),
            highlight_caption: Some("baseline: B".into()),
        }
    }

    #[test]
    fn bars_are_proportional_to_the_index() {
        let svg = chart().draw(&Fmt::new(Lang::En, 2)).inline().into_string();
        // Labels are at least 60 px wide: left = 74, plot = 760 - 74 - 52 = 634.
        // A at 3.0 of 1..5 is half the plot: 317 px; B at 5.0 is the whole plot: 634 px.
        assert!(svg.contains(r##"x="74" y="33" width="317" height="14" fill="#2f5d8a""##), "{svg}");
        assert!(svg.contains(r##"x="74" y="55" width="634" height="14" fill="#d95f02""##), "{svg}");
        // The baseline line sits at B's value, the right end of the plot (74 + 634 = 708).
        assert!(svg.contains(r##"x1="708" y1="26" x2="708""##), "{svg}");
        // The bands cover 1..3 and 3..5: each half of the plot.
        assert!(svg.contains(r##"<rect x="74" y="26" width="317" height="50""##), "{svg}");
    }

    #[test]
    fn the_narrow_chart_puts_labels_above_full_width_bars() {
        let svg = chart().draw_narrow(&Fmt::new(Lang::En, 2)).inline().into_string();
        // 360 px: the plot runs from 4 to 360 − 36 = 324 (320 px). A at 3.0 of 1..5 is half of
        // it (160 px), B at 5.0 the whole (320 px); rows of 32 px from 26.
        assert!(svg.contains(r##"<g transform="translate(0,26)" font-size="11" fill="#222222"><text x="6" y="13">A</text><rect x="4" y="17" width="160" height="12""##), "{svg}");
        assert!(svg.contains(r##"<g transform="translate(0,58)" font-size="11" fill="#222222"><text x="6" y="13" font-weight="bold">B</text><rect x="4" y="17" width="320" height="12""##), "{svg}");
        // Values just after their bar: 4 + 160 + 3 = 167 on the first row (26 + 27 = 53).
        assert!(svg.contains(r#"<text x="167" y="53">3.00</text>"#), "{svg}");
        assert!(svg.contains(r#"viewBox="0 0 360 "#), "{svg}");
    }

    #[test]
    fn a_narrow_band_names_itself_on_two_lines() {
        let mut ch = chart();
        // 4.4..5 of 1..5 is 0.15 of the 320-px plot: 48 px (x 276..324), less than "Sangat
        // Baik" needs at 9 px but enough for each word.
        ch.bands = vec![
            BandSpan { name: "Baik".into(), from: 1.0, to: 4.4 },
            BandSpan { name: "Sangat Baik".into(), from: 4.4, to: 5.0 },
        ];
        let svg = ch.draw_narrow(&Fmt::new(Lang::Id, 2)).inline().into_string();
        assert!(svg.contains(r#"y="9" font-size="9" text-anchor="middle""#), "{svg}");
        assert!(svg.contains(r#">Sangat<tspan x="300" dy="9">Baik</tspan></text>"#), "{svg}");
        assert!(!svg.contains('…'), "{svg}");
    }

    #[test]
    fn text_is_escaped() {
        let mut ch = chart();
        ch.bars[0].label = "<script>alert(1)</script>".into();
        ch.bars[0].name = "<script>alert(1)</script>".into();
        let svg = ch.draw(&Fmt::new(Lang::En, 2)).standalone();
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}
