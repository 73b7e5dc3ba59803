//! Charts as SVG: a bar chart of indices over the rating bands, radar charts of domain (or
//! aspect) scores, a heatmap of indicator levels and trend lines over years.
//!
//! Every chart is drawn from plain data (no rubric or scores), so it can be tested with data
//! made by hand. The markup comes from `maud`, which escapes every interpolated string: a region
//! called `<script>` is drawn as text. Charts carry no scripts, no styles of their own and no
//! external references, so the same `<svg>` works inline in the HTML report and as a
//! standalone file; [`raster::to_png`] turns a standalone one into a PNG.

pub mod bar;
pub mod contribution;
pub mod heatmap;
pub mod labels;
pub mod radar;
pub mod raster;
pub mod trend;

use maud::{html, Markup};

use crate::i18n::Lang;
use crate::output::Cell;

/// Font stack for chart text: what the report's page uses, and what the rasteriser finds on a
/// typical Linux machine.
pub const FONT: &str = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";

/// Dark grey for text and axes.
pub const INK: &str = "#222222";
/// Light grey for grid lines and empty cells.
pub const MUTED: &str = "#8a8a8a";
/// Colour of a series (bars, radar polygons, trend lines).
pub const SERIES: &str = "#2f5d8a";
/// Colour of the baseline (highlighted bar, reference polygon).
pub const BASELINE: &str = "#d95f02";

/// How numbers and words appear in a chart.
#[derive(Debug, Clone, Copy)]
pub struct Fmt {
    pub lang: Lang,
    /// Decimals shown.
    pub precision: usize,
}

impl Fmt {
    pub fn new(lang: Lang, precision: usize) -> Fmt {
        Fmt { lang, precision }
    }

    /// A score for people: `precision` decimals, a decimal comma in Indonesian.
    pub fn num(&self, x: f64) -> String {
        Cell::<String>::Num(Some(x)).display(self.precision, self.lang == Lang::Id)
    }

    /// A signed difference.
    pub fn delta(&self, x: f64) -> String {
        Cell::<String>::Delta(Some(x)).display(self.precision, self.lang == Lang::Id)
    }

    /// Points still missing (positive): as [`Fmt::delta`], except that a gap too small to show
    /// at `precision` reads `< +0,01` rather than a misleading `+0,00`.
    pub fn gap(&self, x: f64) -> String {
        let shown = self.delta(x);
        if x > 0.0 && shown == self.delta(0.0) {
            format!("< {}", self.delta(10f64.powi(-(self.precision as i32))))
        } else {
            shown
        }
    }

    /// A signed difference finer than scores (a plan's gain per raise): two more decimals.
    pub fn fine_delta(&self, x: f64) -> String {
        Cell::<String>::FineDelta(Some(x)).display(self.precision, self.lang == Lang::Id)
    }

    /// A level: whole levels without decimals.
    pub fn level(&self, x: f64) -> String {
        if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            self.num(x)
        }
    }
}

/// A rating band as drawn: its name and the scores it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct BandSpan {
    pub name: String,
    pub from: f64,
    pub to: f64,
}

impl BandSpan {
    /// The bands of a rubric, each up to the next band's lower bound (the last up to the scale's
    /// maximum).
    pub fn of_rubric(rubric: &crate::rubric::Rubric) -> Vec<BandSpan> {
        let b = &rubric.bands;
        b.iter()
            .enumerate()
            .map(|(i, band)| BandSpan {
                name: band.name.clone(),
                from: band.min,
                to: b.get(i + 1).map_or(rubric.scale.max, |n| n.min),
            })
            .collect()
    }
}

/// A drawn chart: its size and its elements, in its own coordinates (0,0 top left).
#[derive(Debug, Clone)]
pub struct Svg {
    pub width: f64,
    pub height: f64,
    /// Accessible name, shown as the SVG's `<title>`.
    pub title: String,
    pub body: Markup,
}

impl Svg {
    /// The `<svg>` element, to inline in HTML.
    pub fn inline(&self) -> Markup {
        html! {
            svg viewBox=(viewbox(self.width, self.height)) width=(c(self.width)) height=(c(self.height))
                role="img" aria-label=(self.title) font-family=(FONT) {
                title { (self.title) }
                (self.body)
            }
        }
    }

    /// A standalone SVG document, on a white background.
    pub fn standalone(&self) -> String {
        let doc = html! {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(viewbox(self.width, self.height))
                width=(c(self.width)) height=(c(self.height)) role="img" aria-label=(self.title)
                font-family=(FONT) {
                title { (self.title) }
                rect width=(c(self.width)) height=(c(self.height)) fill="#ffffff" {}
                (self.body)
            }
        };
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n", doc.into_string())
    }
}

fn viewbox(w: f64, h: f64) -> String {
    format!("0 0 {} {}", c(w), c(h))
}

/// Place several charts in a grid of `columns`, under an optional heading, with a footer.
pub fn grid(title: &str, heading: Option<&str>, items: &[Svg], columns: usize, footer: Option<Svg>) -> Svg {
    let columns = columns.max(1);
    let gap = 12.0;
    let cell_w = items.iter().map(|s| s.width).fold(0.0, f64::max);
    let cell_h = items.iter().map(|s| s.height).fold(0.0, f64::max);
    let cols = columns.min(items.len().max(1));
    let rows = items.len().div_ceil(cols);
    let top = if heading.is_some() { 30.0 } else { 0.0 };
    let footer_w = footer.as_ref().map_or(0.0, |f| f.width);
    let width = (cols as f64 * cell_w + (cols.saturating_sub(1)) as f64 * gap).max(footer_w);
    let grid_h = rows as f64 * cell_h + rows.saturating_sub(1) as f64 * gap;
    let footer_h = footer.as_ref().map_or(0.0, |f| f.height + gap);
    let body = html! {
        @if let Some(h) = heading {
            text x="4" y="20" font-size="15" font-weight="bold" fill=(INK) { (h) }
        }
        @for (i, item) in items.iter().enumerate() {
            @let x = (i % cols) as f64 * (cell_w + gap);
            @let y = top + (i / cols) as f64 * (cell_h + gap);
            g transform=(format!("translate({},{})", c(x), c(y))) {
                title { (item.title) }
                (item.body)
            }
        }
        @if let Some(f) = &footer {
            g transform=(format!("translate(0,{})", c(top + grid_h + gap))) { (f.body) }
        }
    };
    Svg { width, height: top + grid_h + footer_h, title: title.to_string(), body }
}

/// Lines of `id name`, the id in bold: a legend for spoke or column ids.
pub fn legend_block(items: &[(String, String)]) -> Svg {
    let line = 16.0;
    let width =
        items.iter().map(|(a, b)| text_width(a, 11.0) + text_width(b, 11.0) + 20.0).fold(200.0, f64::max);
    let body = html! {
        @for (k, (id, name)) in items.iter().enumerate() {
            text x="4" y=(c(12.0 + k as f64 * line)) font-size="11" fill=(INK) {
                tspan font-weight="bold" { (id) } " " (name)
            }
        }
    };
    Svg { width, height: items.len() as f64 * line + 4.0, title: String::new(), body }
}

/// A coordinate with at most one decimal, without a trailing `.0`.
pub fn c(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// Approximate width of `s` at font size `size` (DejaVu Sans is about 0.6 em per character).
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.6
}

/// `s` shortened with `…` to fit `width` at font size `size`.
pub fn fit(s: &str, width: f64, size: f64) -> String {
    if text_width(s, size) <= width {
        return s.to_string();
    }
    let keep = ((width / (size * 0.6)).floor() as usize).saturating_sub(1);
    let mut out: String = s.chars().take(keep).collect();
    out.push('…');
    out
}

use crate::palette::{hex, ramp, Rgb};

/// Background of rating band `i` of `n` (see [`crate::palette`]).
pub fn band_fill(i: usize, n: usize) -> String {
    hex(crate::palette::band_fill(i, n))
}

/// Text colour that goes with [`band_fill`].
pub fn band_ink(i: usize, n: usize) -> String {
    hex(crate::palette::band_ink(i, n))
}

/// Fill of a level from `lo` to `hi`: pale yellow (lowest) to dark blue (highest).
pub fn level_fill(v: f64, lo: f64, hi: f64) -> String {
    const STOPS: [Rgb; 5] =
        [[0xfd, 0xf6, 0xb5], [0xc2, 0xe6, 0xb0], [0x6f, 0xc3, 0xb8], [0x2c, 0x7f, 0xb8], [0x25, 0x34, 0x94]];
    hex(ramp(&STOPS, frac(v, lo, hi)))
}

/// Text colour readable on [`level_fill`].
pub fn level_ink(v: f64, lo: f64, hi: f64) -> &'static str {
    if frac(v, lo, hi) > 0.6 {
        "#ffffff"
    } else {
        INK
    }
}

fn frac(v: f64, lo: f64, hi: f64) -> f64 {
    if hi > lo {
        ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
    } else {
        0.5
    }
}

/// The value axis under a horizontal bar chart: a grid line and a label at each whole level
/// from `lo` to `hi` (`x` places a value), the axis line from `left` over `plot_w`, and its
/// title. Shared by the bar and contribution charts, wide and narrow.
pub fn value_axis(
    fmt: &Fmt,
    (lo, hi): (f64, f64),
    x: impl Fn(f64) -> f64,
    (top, axis_y): (f64, f64),
    (left, plot_w): (f64, f64),
    grid_stroke: &str,
    title: &str,
) -> Markup {
    html! {
        @for t in ticks(lo, hi) {
            line x1=(c(x(t))) y1=(c(top)) x2=(c(x(t))) y2=(c(axis_y + 4.0)) stroke=(grid_stroke)
                stroke-width="1" {}
            text x=(c(x(t))) y=(c(axis_y + 16.0)) font-size="10" text-anchor="middle" fill=(INK) {
                (fmt.level(t))
            }
        }
        line x1=(c(left)) y1=(c(axis_y)) x2=(c(left + plot_w)) y2=(c(axis_y)) stroke=(MUTED) {}
        text x=(c(left + plot_w / 2.0)) y=(c(axis_y + 32.0)) font-size="11" text-anchor="middle"
            fill=(INK) { (title) }
    }
}

/// Whole levels from `lo` to `hi` (at most 21 of them), for ticks and rings.
pub fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let start = lo.ceil();
    let n = ((hi.floor() - start).max(0.0) as usize + 1).min(21);
    let step = if n > 1 { ((hi.floor() - start) / (n - 1) as f64).max(1.0).round() } else { 1.0 };
    (0..n).map(|i| start + i as f64 * step).filter(|&t| t <= hi).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_keep_one_decimal() {
        assert_eq!(c(12.0), "12");
        assert_eq!(c(12.04), "12");
        assert_eq!(c(12.06), "12.1");
        assert_eq!(c(-0.5), "-0.5");
    }

    #[test]
    fn a_gap_too_small_to_show_is_not_zero() {
        let id = Fmt::new(Lang::Id, 2);
        assert_eq!(id.gap(0.12), "+0,12");
        // 0.004 rounds to 0.00 at two decimals: a region that close is not "0 points" away.
        assert_eq!(id.gap(0.004), "< +0,01");
        assert_eq!(Fmt::new(Lang::En, 3).gap(0.0004), "< +0.001");
        assert_eq!(id.gap(0.006), "+0,01");
    }

    #[test]
    fn numbers_follow_the_language() {
        let en = Fmt::new(Lang::En, 2);
        let id = Fmt::new(Lang::Id, 2);
        assert_eq!(en.num(3.2845), "3.28");
        assert_eq!(id.num(3.2845), "3,28");
        assert_eq!(id.delta(0.5), "+0,50");
        assert_eq!(id.level(3.0), "3");
        assert_eq!(id.level(3.5), "3,50");
    }

    #[test]
    fn colours_run_from_first_to_last_stop() {
        assert_eq!(level_fill(1.0, 1.0, 5.0), "#fdf6b5");
        assert_eq!(level_fill(5.0, 1.0, 5.0), "#253494");
        // Halfway between stop 1 (#c2e6b0) and stop 2 (#6fc3b8) at level 2.5 of 1..5:
        // t = 0.375 → 1.5 stops → (0xc2+0x6f)/2 = 152.5 → 153 = 0x99 (round half away from zero).
        assert_eq!(level_fill(2.5, 1.0, 5.0), "#99d5b4");
        assert_eq!(band_fill(0, 5), "#f6c9c4");
        assert_eq!(band_fill(4, 5), "#c9e0f2");
        assert_eq!(band_fill(0, 1), band_fill(2, 5));
    }

    #[test]
    fn fit_shortens_long_text() {
        assert_eq!(fit("Kerinci", 100.0, 10.0), "Kerinci");
        // 30 px at 10 px font holds 5 characters: 4 kept and the ellipsis.
        assert_eq!(fit("Pemerintah Kab. Kerinci", 30.0, 10.0), "Peme…");
    }

    #[test]
    fn ticks_are_whole_levels() {
        assert_eq!(ticks(1.0, 5.0), vec![1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(ticks(0.0, 5.0), vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(ticks(0.5, 2.5), vec![1.0, 2.0]);
        assert_eq!(ticks(0.0, 100.0).len(), 21);
    }
}
