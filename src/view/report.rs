//! The report's view model: what the HTML report and `spbe chart` show. [`Dataset`] takes the
//! regions of the latest year (as `spbe compare` selects them, [`crate::compare::Latest`]),
//! ranks them, and builds each chart's data and the plans; [`crate::output::html`] writes the
//! page from it, and `spbe chart` draws one of its charts.

use std::collections::{HashMap, HashSet};

use anyhow::{bail, Result};

use crate::assessment::{Assessment, Assessments, Finding, Key};
use crate::chart::bar::{self, Bar, BarChart};
use crate::chart::contribution::{self, ContributionChart};
use crate::chart::heatmap::{self, HeatCell, Heatmap};
use crate::chart::labels;
use crate::chart::radar::{self, Radar, Reference};
use crate::chart::trend::{self, Trend};
use crate::chart::{BandSpan, Fmt};
use crate::i18n::Lang;
use crate::plan::{self, NoPlan, PlanOptions, Target};
use crate::rubric::Rubric;
use crate::score::RegionScore;

/// What the page shows of one assessment's score: its index and rating and its domain (or
/// aspect) scores, not the score of every node a [`RegionScore`] holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// The region, year and stage scored.
    pub key: Key,
    /// Unrounded index.
    pub index: f64,
    /// Index into `rubric.bands`.
    pub band: usize,
    /// Every indicator was covered (given, or under a given node).
    pub complete: bool,
    /// External indicators scored at the lowest level, pending the other agency's index.
    pub pending: Vec<usize>,
    /// The score of each domain (or aspect), in the order of `rubric.roots`.
    pub roots: Vec<Option<f64>>,
    /// The assessors' findings and recommendations read with the values.
    pub findings: Vec<Finding>,
    /// The nodes with a finding or a note (in rubric order) and their scores.
    pub remarked: Vec<(usize, Option<f64>)>,
}

impl Scored {
    /// Keep of `s`, the score of `a`, what the page shows.
    fn of(rubric: &Rubric, a: &Assessment, s: RegionScore) -> Scored {
        let mut nodes: Vec<usize> = s.findings.iter().map(|f| f.node).collect();
        nodes.extend(a.notes().iter().filter(|(_, _, t)| !t.trim().is_empty()).map(|(n, _, _)| *n));
        nodes.sort_unstable();
        nodes.dedup();
        Scored {
            remarked: nodes.into_iter().map(|n| (n, s.scores[n])).collect(),
            roots: rubric.roots.iter().map(|&n| s.scores[n]).collect(),
            key: s.key,
            index: s.index,
            band: s.band,
            complete: s.complete,
            pending: s.pending,
            findings: s.findings,
        }
    }

    /// The official name of its rating band (predikat).
    pub fn rating<'r>(&self, rubric: &'r Rubric) -> &'r str {
        &rubric.bands[self.band].name
    }

    /// The finding and recommendation given for a node, if any.
    pub fn finding(&self, node: usize) -> Option<&Finding> {
        self.findings.iter().find(|f| f.node == node)
    }
}

impl crate::overview::Placed for Scored {
    fn code(&self) -> Option<&'static crate::region::Region> {
        self.key.code
    }

    fn index(&self) -> f64 {
        self.index
    }
}

/// What is compared, taken from a set of assessments and their scores.
pub struct Dataset<'a> {
    pub rubric: &'a Rubric,
    pub set: &'a Assessments,
    /// What the page shows of each assessment of `set`, in the same order.
    pub scores: Vec<Scored>,
    /// The year compared: the latest in the input (`None` when no input has a year).
    pub year: Option<i32>,
    /// The assessments compared (indices into `scores`), best first.
    pub current: Vec<usize>,
    /// Rank of each entry of `current`.
    pub ranks: Vec<usize>,
    /// The baseline region, an index into `scores`.
    pub baseline: Option<usize>,
    /// Regions with no assessment in `year`.
    pub left_out: Vec<String>,
    /// With [`Dataset::weigh_sensitivity`]: each region's result under weight perturbations,
    /// one per entry of `current`.
    pub sensitivity: Option<Vec<crate::sensitivity::RegionResult>>,
    /// The settings the sensitivity was computed with.
    pub sensitivity_settings: Option<crate::sensitivity::Settings>,
}

impl<'a> Dataset<'a> {
    /// Compare each region's assessment in the latest year. `set` holds one stage (see
    /// [`crate::select::select_stage`]); a mix of assessments with and without a year is
    /// refused. `baseline` names a region as [`crate::select::find_region`] matches it. Of
    /// `scores` (one per assessment of `set`) only what the page shows is kept.
    pub fn new(
        rubric: &'a Rubric,
        set: &'a Assessments,
        scores: Vec<RegionScore>,
        baseline: Option<&str>,
        lang: Lang,
    ) -> Result<Dataset<'a>> {
        if scores.len() != set.len() {
            bail!("internal error: {} scores for {} assessments", scores.len(), set.len());
        }
        let mut sel = crate::compare::Latest::new(&scores)?;
        let values: Vec<f64> = sel.current.iter().map(|&i| scores[i].index).collect();
        let ranks = crate::compare::rank_values(&values);
        let mut order: Vec<usize> = (0..sel.current.len()).collect();
        order.sort_by_key(|&k| ranks[k]);
        sel.current = order.iter().map(|&k| sel.current[k]).collect();
        let ranks: Vec<usize> = order.iter().map(|&k| ranks[k]).collect();
        let baseline = match baseline {
            Some(want) => Some(sel.baseline(&scores, want, lang)?),
            None => None,
        };
        let compared: HashSet<&str> = sel.current.iter().map(|&i| scores[i].region()).collect();
        let left_out = regions(set).into_iter().filter(|r| !compared.contains(r.as_str())).collect();
        let (year, current) = (sel.year, sel.current);
        let scores = set.iter().zip(scores).map(|(a, s)| Scored::of(rubric, a, s)).collect();
        Ok(Dataset {
            rubric,
            set,
            scores,
            year,
            current,
            ranks,
            baseline,
            left_out,
            sensitivity: None,
            sensitivity_settings: None,
        })
    }

    /// Plan every region compared (in rank order) to the target of `opts`, as `spbe plan`
    /// does; a region that cannot be planned (values given above indicator level, none given)
    /// or cannot reach the target says why (in `lang`).
    pub fn plans(&self, opts: &PlanOptions, lang: Lang) -> PlanView {
        let r = self.rubric;
        // Pending indicators the plans leave out (any region's), for the section to name.
        let mut pending: Vec<usize> = Vec::new();
        let regions = self
            .current
            .iter()
            .map(|&i| {
                let s = &self.scores[i];
                let planned = plan::plan(r, &self.set.items[i], opts);
                for &n in planned.iter().flat_map(|p| &p.pending_not_planned) {
                    if !pending.contains(&n) {
                        pending.push(n);
                    }
                }
                let outcome = match planned {
                    Ok(p) => PlanOutcome::Reached {
                        index_after: p.final_index,
                        band_after: p.final_band,
                        total_cost: p.total_cost,
                        steps: p
                            .steps
                            .iter()
                            .map(|st| PlanStepView {
                                indicator: r.node(st.indicator).id.clone(),
                                name: r.node(st.indicator).name.clone(),
                                from: st.from,
                                to: st.to,
                                level_name: st.level_name.clone(),
                                gain: st.gain,
                                index_after: st.index_after,
                                band_after: st.band_after,
                                cost: st.cost,
                            })
                            .collect(),
                    },
                    Err(e @ NoPlan::Unreachable { .. }) => {
                        PlanOutcome::Unreachable { reason: e.reason(lang) }
                    }
                    Err(e) => PlanOutcome::NoPlan { reason: e.reason(lang) },
                };
                RegionPlanView {
                    region: s.key.region.clone(),
                    index_before: s.index,
                    band_before: s.band,
                    outcome,
                }
            })
            .collect();
        let ids = |nodes: &[usize]| (!nodes.is_empty()).then(|| crate::rubric::id_runs(r, nodes));
        PlanView {
            target: opts.target,
            cheapest: opts.costs.is_some(),
            max_raise: opts.max_raise,
            only: opts.only.as_deref().and_then(ids),
            exclude: ids(&opts.exclude),
            pending: ids(&pending),
            regions,
        }
    }

    /// For each region compared (in rank order), what it lacks to the next rating: the points
    /// to the next band's lower bound and the fewest raises `spbe plan --target` finds for that
    /// band (the same planner, no limits); `None` for a region in the highest band.
    pub fn next_ratings(&self) -> Vec<Option<NextRating>> {
        let r = self.rubric;
        self.current
            .iter()
            .map(|&i| {
                let s = &self.scores[i];
                let band = (s.band + 1..r.bands.len()).find(|&b| r.bands[b].min > s.index)?;
                let opts = PlanOptions::new(Target::Band(band));
                Some(NextRating {
                    band,
                    points: r.bands[band].min - s.index,
                    raises: plan::plan(r, &self.set.items[i], &opts).map(|p| p.steps.len()),
                })
            })
            .collect()
    }

    /// Perturb the weights as `spbe sensitivity` does (the regions compared form one ranking
    /// group) and keep each region's rank interval and rating shares. Why it cannot is said
    /// in `lang`.
    pub fn weigh_sensitivity(&mut self, settings: &crate::sensitivity::Settings, lang: Lang) -> Result<()> {
        let items: Vec<&Assessment> = self.current.iter().map(|&i| &self.set.items[i]).collect();
        let results = crate::sensitivity::analyse(self.rubric, &items, settings)
            .map_err(|e| anyhow::anyhow!(crate::i18n::Localized::message(&e, lang)))?;
        if results.len() != items.len() || results.iter().zip(&items).any(|(r, a)| r.key != a.key) {
            bail!("internal error: {} sensitivity results for {} regions", results.len(), items.len());
        }
        self.sensitivity = Some(results);
        self.sensitivity_settings = Some(*settings);
        Ok(())
    }

    /// Chart labels of the regions compared (in rank order) and then of those left out, for a
    /// chart that writes at most `max` characters: distinct across all of them.
    pub fn labels(&self, max: usize) -> Vec<String> {
        labels::distinct(&self.names(), max)
    }

    /// The full names of the regions compared (in rank order), then of those left out.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> =
            self.current.iter().map(|&i| self.scores[i].key.region.clone()).collect();
        names.extend(self.left_out.iter().cloned());
        names
    }

    /// The reference drawn on radar charts: the baseline, or the mean of the regions compared.
    fn reference(&self, lang: Lang) -> Option<Reference> {
        let roots = &self.rubric.roots;
        if let Some(b) = self.baseline {
            let which = lang.t("baseline", "pembanding");
            let at = self.current.iter().position(|&i| i == b).unwrap_or_default();
            let short = self.labels(usize::MAX).swap_remove(at);
            return Some(Reference {
                name: format!("{} ({which})", self.scores[b].key.region),
                label: format!("{short} ({which})"),
                values: self.scores[b].roots.clone(),
            });
        }
        if self.current.len() < 2 {
            return None;
        }
        let values = (0..roots.len())
            .map(|k| {
                let v: Vec<f64> = self.current.iter().filter_map(|&i| self.scores[i].roots[k]).collect();
                (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
            })
            .collect();
        let label = match lang {
            Lang::En => format!("mean of {} regions", self.current.len()),
            Lang::Id => format!("rata-rata {} wilayah", self.current.len()),
        };
        Some(Reference { name: label.clone(), label, values })
    }

    /// The bar chart of indices, best first.
    pub fn bar_chart(&self, lang: Lang) -> BarChart {
        let r = self.rubric;
        let labels = self.labels(bar::LABEL_CHARS);
        BarChart {
            title: format!("{} — {}", r.index_name, lang.t("index by region", "indeks per wilayah")),
            bars: self
                .current
                .iter()
                .zip(labels)
                .map(|(&i, label)| Bar {
                    name: self.scores[i].key.region.clone(),
                    label,
                    value: self.scores[i].index,
                    rating: self.scores[i].rating(r).to_string(),
                    highlight: Some(i) == self.baseline,
                })
                .collect(),
            bands: BandSpan::of_rubric(r),
            lo: r.scale.min,
            hi: r.scale.max,
            axis: r.index_name.clone(),
            highlight_caption: self
                .baseline
                .map(|b| format!("{}: {}", lang.t("baseline", "pembanding"), self.scores[b].key.region)),
        }
    }

    /// Each region's (in rank order) domain or aspect shares of its index, stacked.
    pub fn contribution_chart(&self, lang: Lang) -> ContributionChart {
        let r = self.rubric;
        let labels = self.labels(contribution::LABEL_CHARS);
        let title = match (lang, r.has_domains()) {
            (Lang::En, true) => "What each domain adds to the index",
            (Lang::En, false) => "What each aspect adds to the index",
            (Lang::Id, true) => "Sumbangan tiap domain pada indeks",
            (Lang::Id, false) => "Sumbangan tiap aspek pada indeks",
        };
        ContributionChart {
            title: format!("{} — {title}", r.index_name),
            parts: r
                .roots
                .iter()
                .map(|&n| contribution::Part { id: r.node(n).id.clone(), name: r.node(n).name.clone() })
                .collect(),
            rows: self
                .current
                .iter()
                .zip(labels)
                .map(|(&i, label)| {
                    let s = &self.scores[i];
                    contribution::Row {
                        name: s.key.region.clone(),
                        label,
                        shares: crate::score::root_contributions(r, &s.roots),
                        index: s.index,
                    }
                })
                .collect(),
            hi: r.scale.max,
            axis: r.index_name.clone(),
            terse: self.current.len() > HEATMAP_ROWS,
        }
    }

    /// Which regions compared get a radar chart (see [`RadarPick`]): positions in `current`,
    /// in rank order. `named` are matched as `--baseline` is; the baseline is always drawn.
    pub fn radar_selection(&self, named: &[String], pick: RadarPick, lang: Lang) -> Result<RadarSelection> {
        let n = self.current.len();
        let pick = match pick {
            RadarPick::Auto if n <= RADARS_ALL_UP_TO && named.is_empty() => RadarPick::All,
            RadarPick::Auto if named.is_empty() => RadarPick::TopBottom(RADARS_TOP_BOTTOM),
            RadarPick::Auto => RadarPick::TopBottom(0),
            p => p,
        };
        let mut shown = vec![false; n];
        match pick {
            RadarPick::All | RadarPick::Auto => shown.fill(true),
            RadarPick::TopBottom(k) => {
                for at in (0..k.min(n)).chain(n.saturating_sub(k)..n) {
                    shown[at] = true;
                }
            }
        }
        if let Some(at) = self.baseline.and_then(|b| self.current.iter().position(|&i| i == b)) {
            shown[at] = true;
        }
        let names: Vec<&str> = self.current.iter().map(|&i| self.scores[i].key.region.as_str()).collect();
        for want in named {
            let at = crate::select::find_region(&names, want)
                .map_err(|e| anyhow::anyhow!(crate::i18n::Localized::message(&e, lang)))?;
            shown[at] = true;
        }
        let shown: Vec<usize> = (0..n).filter(|&k| shown[k]).collect();
        let top_bottom = match pick {
            RadarPick::TopBottom(k) if shown.len() < n => Some(k),
            _ => None,
        };
        Ok(RadarSelection { shown, of: n, top_bottom, named: !named.is_empty() })
    }

    /// One radar chart per region compared, of its domain (or aspect) scores.
    pub fn radar_charts(&self, fmt: &Fmt) -> Vec<Radar> {
        self.radar_charts_of(fmt, &(0..self.current.len()).collect::<Vec<_>>())
    }

    /// The radar charts of some regions compared: `at` are positions in `current`.
    pub fn radar_charts_of(&self, fmt: &Fmt, at: &[usize]) -> Vec<Radar> {
        let r = self.rubric;
        let axes: Vec<radar::Axis> = r
            .roots
            .iter()
            .map(|&n| radar::Axis { id: r.node(n).id.clone(), name: r.node(n).name.clone() })
            .collect();
        let reference = self.reference(fmt.lang);
        let mut labels = labels::two_line_labels(&self.names(), radar::TITLE_CHARS);
        at.iter()
            .filter(|&&k| k < self.current.len())
            .map(|&k| {
                let (i, label) = (self.current[k], std::mem::take(&mut labels[k]));
                let s = &self.scores[i];
                Radar {
                    title: s.key.region.clone(),
                    label,
                    subtitle: format!("{} {} · {}", r.index_name, fmt.num(s.index), s.rating(r)),
                    axes: axes.clone(),
                    values: s.roots.clone(),
                    reference: if Some(i) == self.baseline { None } else { reference.clone() },
                    lo: r.scale.min,
                    hi: r.scale.max,
                }
            })
            .collect()
    }

    /// What the assessors and the input say of the nodes of one assessment (an index into
    /// `scores`): its findings and recommendations and its notes, node by node in rubric order.
    pub fn remarks(&self, i: usize) -> Vec<NodeRemarks<'_>> {
        let (s, a) = (&self.scores[i], &self.set.items[i]);
        s.remarked
            .iter()
            .map(|&(node, score)| NodeRemarks {
                node,
                score,
                finding: s.finding(node),
                notes: a
                    .notes()
                    .iter()
                    .filter(|(n, _, t)| *n == node && !t.trim().is_empty())
                    .map(|(_, col, t)| (col.as_str(), t.as_str()))
                    .collect(),
            })
            .collect()
    }

    /// Whether any region compared gives a level for an indicator itself.
    pub fn has_indicator_levels(&self) -> bool {
        self.current
            .iter()
            .any(|&i| self.rubric.indicators.iter().any(|&n| self.set.items[i].values[n].is_some()))
    }

    /// The heatmap of indicator levels, regions in rank order.
    pub fn heatmap(&self, lang: Lang) -> Heatmap {
        self.heatmap_of(lang, &(0..self.current.len()).collect::<Vec<_>>())
    }

    /// The heatmap split for a page: whole up to [`HEATMAP_ROWS`] regions; above, one part per
    /// province where every region compared resolves to a Kemendagri code (the province's own
    /// government in its group; each in rank order), else parts of [`HEATMAP_ROWS`] rows in
    /// rank order. Parts are positions in `current`.
    pub fn heatmap_parts(&self) -> HeatmapParts {
        let n = self.current.len();
        let all: Vec<usize> = (0..n).collect();
        if n <= HEATMAP_ROWS {
            return HeatmapParts::Whole(all);
        }
        let provinces: Option<Vec<&'static crate::region::Region>> = self
            .current
            .iter()
            .map(|&i| self.scores[i].key.code.and_then(|c| crate::region::registry().get(&c.province)))
            .collect();
        match provinces {
            Some(provinces) => {
                let mut groups: Vec<(&'static crate::region::Region, Vec<usize>)> = Vec::new();
                for (k, p) in provinces.into_iter().enumerate() {
                    match groups.iter_mut().find(|g| std::ptr::eq(g.0, p)) {
                        Some(g) => g.1.push(k),
                        None => groups.push((p, vec![k])),
                    }
                }
                groups.sort_by(|a, b| a.0.code.cmp(&b.0.code));
                HeatmapParts::Provinces(groups.into_iter().map(|(p, at)| (p.full_name(), at)).collect())
            }
            None => HeatmapParts::Pages(all.chunks(HEATMAP_ROWS).map(<[usize]>::to_vec).collect()),
        }
    }

    /// The heatmap of some regions compared: `at` are positions in `current`.
    pub fn heatmap_of(&self, lang: Lang, at: &[usize]) -> Heatmap {
        let r = self.rubric;
        let columns = r
            .indicators
            .iter()
            .map(|&n| heatmap::Column { id: r.node(n).id.clone(), name: r.node(n).name.clone() })
            .collect();
        let mut groups = Vec::new();
        let mut start = 0;
        for &root in &r.roots {
            let len = r.leaves_under(root).len();
            groups.push(heatmap::Group {
                id: r.node(root).id.clone(),
                name: r.node(root).name.clone(),
                start,
                len,
            });
            start += len;
        }
        let mut labels = self.labels(heatmap::LABEL_CHARS);
        let rows = at
            .iter()
            .filter(|&&k| k < self.current.len())
            .map(|&k| {
                let (i, label) = (self.current[k], std::mem::take(&mut labels[k]));
                let a = &self.set.items[i];
                heatmap::Row {
                    name: a.key.region.clone(),
                    label,
                    cells: r.indicators.iter().map(|&n| cell(r, a, n)).collect(),
                }
            })
            .collect();
        Heatmap {
            title: lang.t("Indicator levels", "Tingkat kematangan indikator").to_string(),
            columns,
            groups,
            rows,
            lo: r.scale.min,
            hi: r.scale.max,
            terse: self.current.len() > HEATMAP_ROWS,
        }
    }

    /// The years in the input, when there are at least two.
    pub fn trend_years(&self) -> Vec<i32> {
        let years = self.set.years();
        if years.len() >= 2 {
            years
        } else {
            Vec::new()
        }
    }

    /// One trend chart per region with results in at least two years: the regions compared in
    /// rank order, then those left out.
    pub fn trends(&self) -> Vec<Trend> {
        if self.trend_years().is_empty() {
            return Vec::new();
        }
        let r = self.rubric;
        let order = self.names();
        let labels = self.labels(trend::TITLE_CHARS);
        let (years, assessed) = (self.set.years(), assessed(self.set));
        let mut out = Vec::new();
        for (region, label) in order.into_iter().zip(labels) {
            let points: Vec<trend::Point> = years
                .iter()
                .filter_map(|&y| assessed.get(&(region.as_str(), Some(y))).copied())
                .map(|i| trend::Point {
                    year: self.scores[i].key.year.unwrap_or_default(),
                    value: self.scores[i].index,
                    rating: self.scores[i].rating(r).to_string(),
                })
                .collect();
            if points.len() >= 2 {
                out.push(Trend {
                    title: region,
                    label,
                    points,
                    bands: BandSpan::of_rubric(r),
                    lo: r.scale.min,
                    hi: r.scale.max,
                });
            }
        }
        out
    }
}

/// Regions in order of first appearance (a set of those seen, so linear in the regions).
fn regions(set: &Assessments) -> Vec<String> {
    let mut seen: HashSet<&str> = HashSet::new();
    set.iter().filter(|a| seen.insert(&a.key.region)).map(|a| a.key.region.clone()).collect()
}

/// Each region's assessment in each year (the first, should the set hold several stages),
/// looked up at once rather than by a scan per region and year.
fn assessed(set: &Assessments) -> HashMap<(&str, Option<i32>), usize> {
    let mut at = HashMap::new();
    for (i, a) in set.iter().enumerate() {
        at.entry((a.key.region.as_str(), a.key.year)).or_insert(i);
    }
    at
}

/// A heatmap cell: the indicator's own level, or where it was scored instead.
fn cell(rubric: &Rubric, a: &Assessment, node: usize) -> HeatCell {
    if let Some(value) = a.values[node] {
        let notes: Vec<String> = a
            .notes()
            .iter()
            .filter(|(n, _, t)| *n == node && !t.trim().is_empty())
            .map(|(_, col, t)| format!("{col}: {t}"))
            .collect();
        return HeatCell::Level {
            value,
            level_name: rubric.level_name(node, value).map(str::to_string),
            note: (!notes.is_empty()).then(|| notes.join("; ")),
        };
    }
    let mut up = rubric.node(node).parent;
    while let Some(p) = up {
        if a.values[p].is_some() {
            return HeatCell::Above { node: rubric.node(p).id.clone() };
        }
        up = rubric.node(p).parent;
    }
    HeatCell::Missing
}

/// Rows of one heatmap on the page (and of one `spbe chart heatmap --page`).
pub const HEATMAP_ROWS: usize = 50;

/// How the page splits the heatmap (see [`Dataset::heatmap_parts`]).
#[derive(Debug, Clone, PartialEq)]
pub enum HeatmapParts {
    /// One heatmap of every region.
    Whole(Vec<usize>),
    /// One per province: its full name and its regions.
    Provinces(Vec<(String, Vec<usize>)>),
    /// Pages of [`HEATMAP_ROWS`] rows.
    Pages(Vec<Vec<usize>>),
}

/// Up to this many regions, every region gets a radar chart by default.
pub const RADARS_ALL_UP_TO: usize = 24;
/// Above [`RADARS_ALL_UP_TO`] regions, the default draws this many from the top and the bottom.
pub const RADARS_TOP_BOTTOM: usize = 5;

/// Which regions get a radar chart, besides the baseline and the regions named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RadarPick {
    /// Every region up to [`RADARS_ALL_UP_TO`]; above, the top and bottom
    /// [`RADARS_TOP_BOTTOM`]; with regions named, only those.
    Auto,
    /// Every region.
    All,
    /// The top and the bottom N of the ranking.
    TopBottom(usize),
}

/// The regions that get a radar chart (see [`Dataset::radar_selection`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RadarSelection {
    /// Positions in [`Dataset::current`], in rank order.
    pub shown: Vec<usize>,
    /// How many regions are compared.
    pub of: usize,
    /// When not every region is shown: how many were taken from the top and the bottom.
    pub top_bottom: Option<usize>,
    /// Whether regions were named (`--regions`).
    pub named: bool,
}

impl RadarSelection {
    /// Whether some regions have no radar chart.
    pub fn is_partial(&self) -> bool {
        self.shown.len() < self.of
    }
}

/// What a region lacks to the next rating (see [`Dataset::next_ratings`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NextRating {
    /// The next band, an index into `rubric.bands`.
    pub band: usize,
    /// Index points missing to its lower bound.
    pub points: f64,
    /// The fewest raises that reach it, or why there is no plan.
    pub raises: Result<usize, NoPlan>,
}

/// A node's finding and notes (see [`Dataset::remarks`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NodeRemarks<'a> {
    pub node: usize,
    /// The node's score.
    pub score: Option<f64>,
    pub finding: Option<&'a crate::assessment::Finding>,
    /// (column, text) of each note on the node.
    pub notes: Vec<(&'a str, &'a str)>,
}

/// The planned steps of the regions compared, to one target (from the plan analysis).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanView {
    pub target: Target,
    /// The cheapest plan (with costs) rather than the fewest raises.
    pub cheapest: bool,
    /// At most this many raises per indicator.
    pub max_raise: Option<u32>,
    /// Only indicators under these ids are raised (`id_runs` text).
    pub only: Option<String>,
    /// Indicators under these ids are never raised.
    pub exclude: Option<String>,
    /// Pending indicators left out of the plans (`--plan-pending` plans them).
    pub pending: Option<String>,
    /// In rank order.
    pub regions: Vec<RegionPlanView>,
}

/// One region's plan.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionPlanView {
    pub region: String,
    pub index_before: f64,
    /// Rating band before, an index into `rubric.bands`.
    pub band_before: usize,
    pub outcome: PlanOutcome,
}

/// What planning a region gave.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanOutcome {
    /// The target is reached by these steps (none when the region is there already).
    Reached { steps: Vec<PlanStepView>, index_after: f64, band_after: usize, total_cost: Option<f64> },
    /// The raises allowed cannot reach the target.
    Unreachable { reason: String },
    /// The region cannot be planned (e.g. values given above indicator level).
    NoPlan { reason: String },
}

/// Raising one indicator by one level.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanStepView {
    pub indicator: String,
    pub name: String,
    pub from: f64,
    pub to: f64,
    /// The name of the level reached, where the rubric names levels.
    pub level_name: Option<String>,
    /// What the raise adds to the index.
    pub gain: f64,
    /// The index after this step and all before it.
    pub index_after: f64,
    pub band_after: usize,
    pub cost: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Rubric {
        crate::rubric::parse(include_str!("../../tests/data/rubric-small.toml"), "rubric-small.toml")
            .expect("rubric")
    }

    /// Every indicator of `name` at `level`.
    fn region(r: &Rubric, name: &str, level: f64) -> Assessment {
        let mut a =
            Assessment::new(Key { region: name.into(), year: None, stage: None, code: None }, r.nodes.len());
        for &n in &r.indicators {
            a.values.set(n, Some(level));
        }
        a
    }

    #[test]
    fn the_dataset_keeps_per_region_its_domains_not_every_node() {
        let r = small();
        let mut set = Assessments::default();
        set.insert(region(&r, "Dua", 2.0));
        let mut four = region(&r, "Empat", 4.0);
        let one = r.find("1").expect("indicator 1");
        four.extras_mut().notes.push((one, "bukti".into(), "dokumen ada".into()));
        set.insert(four);
        let scores = crate::score::score_all(&r, &set, false, Lang::En).expect("scores");
        let ds = Dataset::new(&r, &set, scores, None, Lang::En).expect("dataset");
        // Every level alike: each domain and the index are that level; bands start at 1, 2
        // and 3.1, so 2 is Sedang (1) and 4 is Tinggi (2). Best first.
        assert_eq!(ds.current, [1, 0]);
        let kept: Vec<(&str, f64, usize, &[Option<f64>])> =
            ds.scores.iter().map(|s| (s.key.region.as_str(), s.index, s.band, s.roots.as_slice())).collect();
        assert_eq!(
            kept,
            [("Dua", 2.0, 1, &[Some(2.0), Some(2.0)][..]), ("Empat", 4.0, 2, &[Some(4.0), Some(4.0)][..])]
        );
        // The note's node keeps its score, for the findings table.
        assert_eq!(ds.scores[1].remarked, [(one, Some(4.0))]);
        assert!(ds.scores[0].remarked.is_empty());
        let remarks = ds.remarks(1);
        assert_eq!(
            (remarks[0].node, remarks[0].score, remarks[0].notes.clone()),
            (one, Some(4.0), vec![("bukti", "dokumen ada")])
        );
    }

    #[test]
    fn ranks_share_places_and_skip() {
        let rank = crate::compare::rank_values;
        // 3.1 and 3.1 tie for second behind 3.5; 2.0 is fourth.
        assert_eq!(rank(&[3.5, 3.1, 3.1, 2.0]), vec![1, 2, 2, 4]);
        // Unrounded: 3.1049 is below 3.105 although both show as 3.10 / 3.11.
        assert_eq!(rank(&[3.1049, 3.105]), vec![2, 1]);
        assert_eq!(rank(&[]), Vec::<usize>::new());
    }
}
