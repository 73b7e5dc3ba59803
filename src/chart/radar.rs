//! A radar chart of one region's domain (or aspect) scores over a reference: the baseline
//! region's scores, or the mean of the regions compared.

use std::f64::consts::PI;

use maud::{html, Markup};

use super::{c, fit, ticks, Fmt, Svg, BASELINE, INK, MUTED, SERIES};

/// One spoke: a domain or aspect.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub id: String,
    pub name: String,
}

/// Scores drawn as a dashed outline behind the region's own.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The full name (tooltips).
    pub name: String,
    /// What the legend says (see [`super::labels`]).
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// The data of one radar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Radar {
    /// The region's full name (the chart's `<title>`).
    pub title: String,
    /// The region as the chart writes it: one or two lines (see [`super::labels`]).
    pub label: Vec<String>,
    /// A line under the title (e.g. the index and rating).
    pub subtitle: String,
    pub axes: Vec<Axis>,
    /// One per axis; `None` where the region has no score.
    pub values: Vec<Option<f64>>,
    pub reference: Option<Reference>,
    pub lo: f64,
    pub hi: f64,
}

const WIDTH: f64 = 300.0;
const HEIGHT: f64 = 308.0;
const CX: f64 = 150.0;
const CY: f64 = 176.0;
/// Characters of a title line: 292 px of 13 px bold text (about 0.65 em a character).
pub const TITLE_CHARS: usize = 34;
const R: f64 = 92.0;

impl Radar {
    fn angle(&self, i: usize) -> f64 {
        -PI / 2.0 + 2.0 * PI * i as f64 / self.axes.len().max(1) as f64
    }

    fn radius(&self, v: f64) -> f64 {
        let span = (self.hi - self.lo).max(f64::EPSILON);
        R * ((v - self.lo) / span).clamp(0.0, 1.0)
    }

    fn point(&self, i: usize, v: f64) -> (f64, f64) {
        let (a, r) = (self.angle(i), self.radius(v));
        (CX + r * a.cos(), CY + r * a.sin())
    }

    fn polygon(&self, values: &[Option<f64>]) -> String {
        (0..self.axes.len())
            .map(|i| {
                let (x, y) = self.point(i, values.get(i).copied().flatten().unwrap_or(self.lo));
                format!("{},{}", c(x), c(y))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn ring(&self, v: f64) -> Markup {
        let r = self.radius(v);
        if self.axes.len() >= 3 {
            let pts: Vec<Option<f64>> = vec![Some(v); self.axes.len()];
            html! { polygon points=(self.polygon(&pts)) fill="none" stroke="#d0d0d0" stroke-width="1" {} }
        } else {
            html! { circle cx=(c(CX)) cy=(c(CY)) r=(c(r)) fill="none" stroke="#d0d0d0" stroke-width="1" {} }
        }
    }

    pub fn draw(&self, fmt: &Fmt) -> Svg {
        let n = self.axes.len();
        let body = html! {
            @for (k, line) in self.label.iter().take(2).enumerate() {
                text x=(c(CX)) y=(c(18.0 + 16.0 * k as f64)) font-size="13" font-weight="bold" text-anchor="middle" fill=(INK) {
                    (line)
                }
            }
            text x=(c(CX)) y=(c(19.0 + 16.0 * self.label.len().clamp(1, 2) as f64)) font-size="11"
                text-anchor="middle" fill=(INK) { (self.subtitle) }
            @for t in ticks(self.lo, self.hi) {
                @if t > self.lo {
                    (self.ring(t))
                    text x=(c(CX + 3.0)) y=(c(CY - self.radius(t) + 10.0)) font-size="8" fill=(MUTED) {
                        (fmt.level(t))
                    }
                }
            }
            @for i in 0..n {
                @let (x, y) = self.point(i, self.hi);
                @let (lx, ly) = (CX + (R + 14.0) * self.angle(i).cos(), CY + (R + 14.0) * self.angle(i).sin());
                @let anchor = if self.angle(i).cos() > 0.3 { "start" } else if self.angle(i).cos() < -0.3 { "end" } else { "middle" };
                line x1=(c(CX)) y1=(c(CY)) x2=(c(x)) y2=(c(y)) stroke="#c0c0c0" stroke-width="1" {}
                text x=(c(lx)) y=(c(ly + 4.0)) font-size="11" font-weight="bold" text-anchor=(anchor) fill=(INK) {
                    title { (self.axes[i].id) " " (self.axes[i].name) }
                    (self.axes[i].id)
                }
            }
            @if let Some(r) = &self.reference {
                polygon points=(self.polygon(&r.values)) fill="none" stroke=(BASELINE) stroke-width="1.5"
                    stroke-dasharray="4 3" {
                    title { (r.name) }
                }
            }
            polygon points=(self.polygon(&self.values)) fill=(SERIES) fill-opacity="0.25" stroke=(SERIES)
                stroke-width="2" {}
            @for i in 0..n {
                @let v = self.values.get(i).copied().flatten();
                @let (x, y) = self.point(i, v.unwrap_or(self.lo));
                circle cx=(c(x)) cy=(c(y)) r="3.5" fill=(if v.is_some() { SERIES } else { "#ffffff" })
                    stroke=(SERIES) stroke-width="1.5" {
                    title {
                        (self.axes[i].id) " " (self.axes[i].name) ": "
                        @match v { Some(v) => (fmt.num(v)), None => "–" }
                        @if let Some(r) = &self.reference {
                            @if let Some(rv) = r.values.get(i).copied().flatten() {
                                " (" (r.name) ": " (fmt.num(rv)) ")"
                            }
                        }
                    }
                }
            }
            @if let Some(r) = &self.reference {
                line x1="20" y1=(c(HEIGHT - 9.0)) x2="40" y2=(c(HEIGHT - 9.0)) stroke=(BASELINE)
                    stroke-width="1.5" stroke-dasharray="4 3" {}
                text x="46" y=(c(HEIGHT - 5.0)) font-size="10" fill=(INK) {
                    title { (r.name) }
                    (fit(&r.label, WIDTH - 56.0, 10.0))
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

    fn radar() -> Radar {
        let axes =
            ["D1", "D2", "D3", "D4"].iter().map(|a| Axis { id: a.to_string(), name: "n".into() }).collect();
        Radar {
            title: "Pemerintah Kab. Kerinci".into(),
            label: vec!["Kab. Kerinci".into()],
            subtitle: "2.50".into(),
            axes,
            values: vec![Some(5.0), Some(3.0), Some(1.0), None],
            reference: Some(Reference {
                name: "mean".into(),
                label: "mean".into(),
                values: vec![Some(3.0); 4],
            }),
            lo: 1.0,
            hi: 5.0,
        }
    }

    #[test]
    fn vertices_sit_at_their_scores() {
        let svg = radar().draw(&Fmt::new(Lang::En, 2)).inline().into_string();
        // Centre (150,176), radius 92 for the range 1..5. D1 = 5 points straight up: (150, 84);
        // D2 = 3 is half-way to the right: (196, 176); D3 = 1 and D4 (missing) sit at the centre.
        assert!(svg.contains(r##"points="150,84 196,176 150,176 150,176" fill="#2f5d8a""##), "{svg}");
        // The reference at 3 everywhere is a square of half radius 46.
        assert!(
            svg.contains(r##"points="150,130 196,176 150,222 104,176" fill="none" stroke="#d95f02""##),
            "{svg}"
        );
        // The missing score is a hollow marker.
        assert!(
            svg.contains(r##"fill="#ffffff" stroke="#2f5d8a" stroke-width="1.5"><title>D4 n: –"##),
            "{svg}"
        );
    }
}
