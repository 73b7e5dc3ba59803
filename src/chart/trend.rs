//! A region's index over the years, over the rating bands.

use maud::html;

use super::{band_fill, band_ink, c, fit, ticks, BandSpan, Fmt, Svg, INK, MUTED, SERIES};

/// One year's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub year: i32,
    pub value: f64,
    pub rating: String,
}

/// The data of one trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// The region's full name (the chart's `<title>`).
    pub title: String,
    /// The region as the chart writes it (see [`super::labels`]).
    pub label: String,
    /// Ascending by year.
    pub points: Vec<Point>,
    pub bands: Vec<BandSpan>,
    pub lo: f64,
    pub hi: f64,
}

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 230.0;
const LEFT: f64 = 34.0;
const RIGHT: f64 = 74.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 26.0;
/// Characters of the title: 352 px of 13 px bold text (about 0.65 em a character).
pub const TITLE_CHARS: usize = 41;

impl Trend {
    pub fn draw(&self, fmt: &Fmt) -> Svg {
        let plot_w = WIDTH - LEFT - RIGHT;
        let plot_h = HEIGHT - TOP - BOTTOM;
        let span = (self.hi - self.lo).max(f64::EPSILON);
        let y = |v: f64| TOP + plot_h - (v.clamp(self.lo, self.hi) - self.lo) / span * plot_h;
        let (first, last) = match (self.points.first(), self.points.last()) {
            (Some(a), Some(b)) => (a.year, b.year),
            _ => (0, 0),
        };
        let x = |year: i32| {
            if last > first {
                LEFT + 14.0 + (year - first) as f64 / (last - first) as f64 * (plot_w - 28.0)
            } else {
                LEFT + plot_w / 2.0
            }
        };
        let n_bands = self.bands.len();
        let line: Vec<String> =
            self.points.iter().map(|p| format!("{},{}", c(x(p.year)), c(y(p.value)))).collect();

        let body = html! {
            text x=(c(WIDTH / 2.0)) y="18" font-size="13" font-weight="bold" text-anchor="middle" fill=(INK) {
                (self.label)
            }
            @for (i, b) in self.bands.iter().enumerate() {
                @let (y0, y1) = (y(b.to), y(b.from));
                rect x=(c(LEFT)) y=(c(y0)) width=(c(plot_w)) height=(c((y1 - y0).max(0.0))) fill=(band_fill(i, n_bands)) {
                    title { (b.name) " " (fmt.num(b.from)) "–" (fmt.num(b.to)) }
                }
                @if y1 - y0 >= 9.0 {
                    text x=(c(LEFT + plot_w + 4.0)) y=(c((y0 + y1) / 2.0 + 3.0)) font-size="9" fill=(band_ink(i, n_bands)) {
                        (fit(&b.name, RIGHT - 6.0, 9.0))
                    }
                }
            }
            @for t in ticks(self.lo, self.hi) {
                text x=(c(LEFT - 5.0)) y=(c(y(t) + 3.5)) font-size="10" text-anchor="end" fill=(INK) { (fmt.level(t)) }
            }
            line x1=(c(LEFT)) y1=(c(TOP + plot_h)) x2=(c(LEFT + plot_w)) y2=(c(TOP + plot_h)) stroke=(MUTED) {}
            @for p in &self.points {
                text x=(c(x(p.year))) y=(c(TOP + plot_h + 15.0)) font-size="10" text-anchor="middle" fill=(INK) { (p.year) }
            }
            @if self.points.len() > 1 {
                polyline points=(line.join(" ")) fill="none" stroke=(SERIES) stroke-width="2" {}
            }
            @for p in &self.points {
                circle cx=(c(x(p.year))) cy=(c(y(p.value))) r="4" fill=(SERIES) stroke="#ffffff" stroke-width="1" {
                    title { (self.title) " " (p.year) ": " (fmt.num(p.value)) " (" (p.rating) ")" }
                }
                text x=(c(x(p.year))) y=(c(y(p.value) - 8.0)) font-size="10" font-weight="bold" text-anchor="middle" fill=(INK)
                    stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke" {
                    (fmt.num(p.value))
                }
            }
        };
        Svg { width: WIDTH, height: HEIGHT, title: self.title.clone(), body }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn points_sit_at_year_and_value() {
        let t = Trend {
            title: "Kerinci".into(),
            label: "Kerinci".into(),
            points: vec![
                Point { year: 2023, value: 1.0, rating: "Kurang".into() },
                Point { year: 2025, value: 5.0, rating: "Memuaskan".into() },
            ],
            bands: vec![BandSpan { name: "All".into(), from: 1.0, to: 5.0 }],
            lo: 1.0,
            hi: 5.0,
        };
        let svg = t.draw(&Fmt::new(Lang::Id, 2)).inline().into_string();
        // Plot: x from 34 + 14 = 48 to 34 + (360 - 34 - 74) - 14 = 272; y from 34 (5) to 34 + 170 = 204 (1).
        assert!(svg.contains(r##"points="48,204 272,34""##), "{svg}");
        assert!(svg.contains("Kerinci 2025: 5,00 (Memuaskan)"), "{svg}");
    }
}
