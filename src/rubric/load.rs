//! Reading a rubric from TOML and checking it. Every problem is reported with the file, line
//! and column of the offending value, all at once.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use toml::Spanned;

use super::{normalize_id, Band, Kind, Node, Rubric, Scale, Status};
use crate::problem::{line_col, Problem, Problems};

/// Tolerance for "children's weights add up to the parent's".
const WEIGHT_TOLERANCE: f64 = 1e-6;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRubric {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    index_name: Option<String>,
    #[serde(default)]
    legal_basis: Option<String>,
    #[serde(default)]
    source: Option<String>,
    status: Spanned<String>,
    #[serde(default)]
    status_reason: Option<String>,
    scale: Spanned<RawScale>,
    #[serde(default)]
    levels: BTreeMap<String, Spanned<RawLevels>>,
    #[serde(default)]
    band: Vec<Spanned<RawBand>>,
    #[serde(default)]
    domain: Vec<Spanned<RawGroup>>,
    #[serde(default)]
    aspect: Vec<Spanned<RawGroup>>,
    #[serde(default)]
    indicator: Vec<Spanned<RawIndicator>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    min: Spanned<f64>,
    max: Spanned<f64>,
    #[serde(default = "yes")]
    integer: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevels {
    names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    name: String,
    min: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: Spanned<String>,
    name: String,
    weight: Spanned<f64>,
    /// Parent domain (aspects only).
    #[serde(default)]
    domain: Option<Spanned<String>>,
    #[serde(default)]
    levels: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: Spanned<String>,
    aspect: Spanned<String>,
    name: String,
    weight: Spanned<f64>,
    #[serde(default)]
    levels: Option<Spanned<String>>,
    #[serde(default)]
    criteria: Option<Spanned<Vec<String>>>,
}

struct Ctx<'a> {
    text: &'a str,
    file: &'a str,
    problems: Problems,
}

impl Ctx<'_> {
    fn err(&mut self, span: std::ops::Range<usize>, msg: impl Into<String>) {
        let (line, col) = line_col(self.text, span.start);
        self.problems.push(Problem::at(self.file, line, Some(col), msg));
    }
}

/// Parse and check a rubric. `file` names it in messages.
pub fn parse(text: &str, file: &str) -> Result<Rubric, Problems> {
    let raw: RawRubric = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let msg = e.message().trim().to_string();
            let p = match e.span() {
                Some(span) => {
                    let (line, col) = line_col(text, span.start);
                    Problem::at(file, line, Some(col), msg)
                }
                None => Problem::file(file, msg),
            };
            return Err(Problems(vec![p]));
        }
    };
    let mut cx = Ctx { text, file, problems: Problems::default() };
    let rubric = build(raw, &mut cx);
    cx.problems.into_result(rubric)
}

fn build(raw: RawRubric, cx: &mut Ctx) -> Rubric {
    let status = match raw.status.get_ref().as_str() {
        "official" => Status::Official,
        "provisional" => match &raw.status_reason {
            Some(r) if !r.trim().is_empty() => Status::Provisional(r.trim().to_string()),
            _ => {
                cx.err(raw.status.span(), "a provisional rubric needs a `status_reason`");
                Status::Provisional(String::new())
            }
        },
        other => {
            cx.err(raw.status.span(), format!("status `{other}` is neither `official` nor `provisional`"));
            Status::Official
        }
    };

    let scale = check_scale(&raw.scale, cx);
    let steps = scale.steps();

    for (name, set) in &raw.levels {
        if set.get_ref().names.len() != steps {
            cx.err(
                set.span(),
                format!(
                    "level set `{name}` has {} names, but the scale {}..{} has {steps} levels",
                    set.get_ref().names.len(),
                    scale.min,
                    scale.max
                ),
            );
        }
    }
    let bands = check_bands(&raw.band, &scale, cx);

    // Ids unique across all layers.
    let mut seen: HashMap<String, ()> = HashMap::new();
    let all_ids = raw
        .domain
        .iter()
        .map(|d| &d.get_ref().id)
        .chain(raw.aspect.iter().map(|a| &a.get_ref().id))
        .chain(raw.indicator.iter().map(|i| &i.get_ref().id));
    for id in all_ids {
        let key = normalize_id(id.get_ref());
        if key.is_empty() {
            cx.err(id.span(), "an id must not be empty");
        } else if seen.insert(key, ()).is_some() {
            cx.err(id.span(), format!("duplicate id `{}`", id.get_ref()));
        }
    }

    let level_ref = |r: &Option<Spanned<String>>, cx: &mut Ctx| -> Option<String> {
        let r = r.as_ref()?;
        if raw.levels.contains_key(r.get_ref()) {
            Some(r.get_ref().clone())
        } else {
            cx.err(r.span(), format!("unknown level set `{}`", r.get_ref()));
            None
        }
    };

    for w in raw
        .domain
        .iter()
        .map(|d| &d.get_ref().weight)
        .chain(raw.aspect.iter().map(|a| &a.get_ref().weight))
        .chain(raw.indicator.iter().map(|i| &i.get_ref().weight))
    {
        if !(w.get_ref().is_finite() && *w.get_ref() > 0.0) {
            cx.err(w.span(), format!("weight {} must be a positive number", w.get_ref()));
        }
    }

    // Build the tree in pre-order.
    let has_domains = !raw.domain.is_empty();
    let mut nodes: Vec<Node> = Vec::new();
    let mut roots = Vec::new();
    let mut indicators = Vec::new();
    let mut levels_of: Vec<Option<String>> = Vec::new();

    for a in &raw.aspect {
        let a = a.get_ref();
        match (&a.domain, has_domains) {
            (Some(d), true) => {
                if !raw
                    .domain
                    .iter()
                    .any(|x| normalize_id(x.get_ref().id.get_ref()) == normalize_id(d.get_ref()))
                {
                    cx.err(
                        d.span(),
                        format!("aspect {} names unknown domain `{}`", a.id.get_ref(), d.get_ref()),
                    );
                }
            }
            (Some(d), false) => {
                cx.err(d.span(), "this rubric has no [[domain]] tables, so aspects take no `domain`")
            }
            (None, true) => cx.err(a.id.span(), format!("aspect {} needs a `domain`", a.id.get_ref())),
            (None, false) => {}
        }
    }
    for i in &raw.indicator {
        let i = i.get_ref();
        if !raw
            .aspect
            .iter()
            .any(|a| normalize_id(a.get_ref().id.get_ref()) == normalize_id(i.aspect.get_ref()))
        {
            cx.err(
                i.aspect.span(),
                format!("indicator {} names unknown aspect `{}`", i.id.get_ref(), i.aspect.get_ref()),
            );
        }
    }

    let push_group = |g: &RawGroup, kind: Kind, parent: Option<usize>, nodes: &mut Vec<Node>| -> usize {
        nodes.push(Node {
            id: g.id.get_ref().trim().to_string(),
            name: g.name.clone(),
            kind,
            weight: *g.weight.get_ref(),
            parent,
            children: Vec::new(),
            level_names: None,
            criteria: None,
        });
        nodes.len() - 1
    };

    let mut add_aspect = |a: &RawGroup,
                          parent: Option<usize>,
                          nodes: &mut Vec<Node>,
                          levels_of: &mut Vec<Option<String>>,
                          cx: &mut Ctx| {
        let ai = push_group(a, Kind::Aspect, parent, nodes);
        let inherited = parent.and_then(|p| levels_of[p].clone());
        levels_of.push(level_ref(&a.levels, cx).or(inherited));
        let aid = normalize_id(a.id.get_ref());
        for ind in raw.indicator.iter().filter(|i| normalize_id(i.get_ref().aspect.get_ref()) == aid) {
            let ind = ind.get_ref();
            let criteria = ind.criteria.as_ref().map(|c| {
                if c.get_ref().len() != steps {
                    cx.err(
                        c.span(),
                        format!(
                            "indicator {} has {} criteria, one per level ({steps}) expected",
                            ind.id.get_ref(),
                            c.get_ref().len()
                        ),
                    );
                }
                c.get_ref().clone()
            });
            nodes.push(Node {
                id: ind.id.get_ref().trim().to_string(),
                name: ind.name.clone(),
                kind: Kind::Indicator,
                weight: *ind.weight.get_ref(),
                parent: Some(ai),
                children: Vec::new(),
                level_names: None,
                criteria,
            });
            let ii = nodes.len() - 1;
            nodes[ai].children.push(ii);
            levels_of.push(level_ref(&ind.levels, cx).or_else(|| levels_of[ai].clone()));
            indicators.push(ii);
        }
        if nodes[ai].children.is_empty() {
            cx.err(a.id.span(), format!("aspect {} has no indicators", a.id.get_ref()));
        }
        ai
    };

    if has_domains {
        for d in &raw.domain {
            let d = d.get_ref();
            let di = push_group(d, Kind::Domain, None, &mut nodes);
            levels_of.push(level_ref(&d.levels, cx));
            roots.push(di);
            let did = normalize_id(d.id.get_ref());
            for a in raw
                .aspect
                .iter()
                .filter(|a| a.get_ref().domain.as_ref().is_some_and(|x| normalize_id(x.get_ref()) == did))
            {
                let ai = add_aspect(a.get_ref(), Some(di), &mut nodes, &mut levels_of, cx);
                nodes[di].children.push(ai);
            }
            if nodes[di].children.is_empty() {
                cx.err(d.id.span(), format!("domain {} has no aspects", d.id.get_ref()));
            }
        }
    } else {
        for a in &raw.aspect {
            let ai = add_aspect(a.get_ref(), None, &mut nodes, &mut levels_of, cx);
            roots.push(ai);
        }
    }
    if roots.is_empty() {
        cx.err(raw.id.span(), "the rubric has no aspects");
    }

    // Children's weights add up to the parent's.
    let weight_span = |node: &Node| -> std::ops::Range<usize> {
        let key = normalize_id(&node.id);
        let group = match node.kind {
            Kind::Domain => raw.domain.iter().find(|d| normalize_id(d.get_ref().id.get_ref()) == key),
            Kind::Aspect => raw.aspect.iter().find(|d| normalize_id(d.get_ref().id.get_ref()) == key),
            Kind::Indicator => None,
        };
        group.map(|g| g.get_ref().weight.span()).unwrap_or(0..0)
    };
    for n in &nodes {
        if n.children.is_empty() || n.kind == Kind::Indicator {
            continue;
        }
        let sum: f64 = n.children.iter().map(|&c| nodes[c].weight).sum();
        if (sum - n.weight).abs() > WEIGHT_TOLERANCE {
            let what = if n.kind == Kind::Domain { "aspects" } else { "indicators" };
            cx.err(
                weight_span(n),
                format!(
                    "the weights of the {what} of {} add up to {}, not to its weight {}",
                    n.id,
                    fmt_num(sum),
                    fmt_num(n.weight)
                ),
            );
        }
    }

    let only_set = if raw.levels.len() == 1 { raw.levels.keys().next().cloned() } else { None };
    for (n, set) in nodes.iter_mut().zip(&levels_of) {
        let set = set.clone().or_else(|| only_set.clone());
        n.level_names = set.and_then(|s| raw.levels.get(&s)).map(|s| s.get_ref().names.clone());
    }

    let mut lookup = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        lookup.entry(normalize_id(&n.id)).or_insert(i);
    }

    let mut ends: Vec<usize> = (1..=nodes.len()).collect();
    for i in (0..nodes.len()).rev() {
        if let Some(p) = nodes[i].parent {
            ends[p] = ends[p].max(ends[i]);
        }
    }

    Rubric {
        id: raw.id.get_ref().clone(),
        title: raw.title.clone(),
        index_name: raw.index_name.clone().unwrap_or_else(|| "Index".to_string()),
        legal_basis: raw.legal_basis.clone().unwrap_or_default(),
        source: raw.source.clone().unwrap_or_default(),
        status,
        scale,
        bands,
        nodes,
        roots,
        indicators,
        lookup,
        ends,
    }
}

fn check_scale(raw: &Spanned<RawScale>, cx: &mut Ctx) -> Scale {
    let s = raw.get_ref();
    let (min, max) = (*s.min.get_ref(), *s.max.get_ref());
    let mut ok = true;
    if !min.is_finite() || !max.is_finite() || min >= max {
        cx.err(s.min.span(), format!("scale.min ({min}) must be a number below scale.max ({max})"));
        ok = false;
    }
    if s.integer && ok && (min.fract() != 0.0 || max.fract() != 0.0) {
        cx.err(s.min.span(), "an integer scale needs whole-number min and max");
        ok = false;
    }
    if ok && max - min > 1000.0 {
        cx.err(s.max.span(), "the scale spans more than 1000 levels");
        ok = false;
    }
    if ok {
        Scale { min, max, integer: s.integer }
    } else {
        Scale { min: 1.0, max: 5.0, integer: s.integer }
    }
}

fn check_bands(raw: &[Spanned<RawBand>], scale: &Scale, cx: &mut Ctx) -> Vec<Band> {
    let mut bands: Vec<(Band, std::ops::Range<usize>)> = raw
        .iter()
        .map(|b| {
            (Band { name: b.get_ref().name.clone(), min: *b.get_ref().min.get_ref() }, b.get_ref().min.span())
        })
        .collect();
    if bands.is_empty() {
        cx.problems.push(Problem::file(cx.file, "the rubric has no [[band]] entries (rating bands)"));
        return vec![Band { name: "-".into(), min: scale.min }];
    }
    for (b, span) in &bands {
        if !b.min.is_finite() || b.min < scale.min || b.min > scale.max {
            cx.err(
                span.clone(),
                format!(
                    "band {} starts at {}, outside the scale {}..{}",
                    b.name, b.min, scale.min, scale.max
                ),
            );
        }
    }
    bands.sort_by(|a, b| a.0.min.total_cmp(&b.0.min));
    for w in bands.windows(2) {
        if w[0].0.min == w[1].0.min {
            cx.err(
                w[1].1.clone(),
                format!("bands {} and {} overlap: both start at {}", w[0].0.name, w[1].0.name, w[1].0.min),
            );
        }
    }
    if bands[0].0.min > scale.min {
        cx.err(
            bands[0].1.clone(),
            format!(
                "the bands do not cover the scale: the lowest, {}, starts at {}, above scale.min {}",
                bands[0].0.name, bands[0].0.min, scale.min
            ),
        );
    }
    bands.into_iter().map(|(b, _)| b).collect()
}

fn fmt_num(x: f64) -> String {
    let s = format!("{x:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::parse;

    const GOOD: &str = r#"
id = "mini"
title = "Mini"
status = "official"

[scale]
min = 1
max = 5

[[band]]
name = "Low"
min = 1.0
[[band]]
name = "High"
min = 3.0

[[domain]]
id = "D1"
name = "One"
weight = 60

[[domain]]
id = "D2"
name = "Two"
weight = 40

[[aspect]]
id = "A1"
domain = "D1"
name = "A one"
weight = 60

[[aspect]]
id = "A2"
domain = "D2"
name = "A two"
weight = 40

[[indicator]]
id = "1"
aspect = "A1"
name = "i1"
weight = 20

[[indicator]]
id = "2"
aspect = "A1"
name = "i2"
weight = 40

[[indicator]]
id = "3"
aspect = "A2"
name = "i3"
weight = 40
"#;

    /// Problems as `line:col: message` strings.
    fn problems(text: &str) -> Vec<String> {
        match parse(text, "r.toml") {
            Ok(_) => Vec::new(),
            Err(p) => {
                p.0.iter()
                    .map(|p| format!("{}:{}: {}", p.line().unwrap_or(0), p.column().unwrap_or(0), p.message))
                    .collect()
            }
        }
    }

    #[test]
    fn a_sound_rubric_loads() {
        let r = parse(GOOD, "r.toml").unwrap();
        assert_eq!(r.nodes.len(), 7);
        let ids: Vec<&str> = r.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["D1", "A1", "1", "2", "D2", "A2", "3"]);
    }

    #[test]
    fn duplicate_ids_are_reported_where_they_are() {
        let text = GOOD.replace("id = \"3\"", "id = \"02\"");
        let p = problems(&text);
        assert!(p.iter().any(|m| m.starts_with("52:6: duplicate id `02`")), "{p:?}");
    }

    #[test]
    fn non_positive_weights_and_wrong_sums_are_reported() {
        let text = GOOD.replace("name = \"i1\"\nweight = 20", "name = \"i1\"\nweight = -20");
        let p = problems(&text);
        assert!(p.iter().any(|m| m.contains("weight -20 must be a positive number")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("the weights of the indicators of A1 add up to 20, not to its weight 60")), "{p:?}");
        let text = GOOD.replace("weight = 40\n\n[[aspect]]", "weight = 39.99\n\n[[aspect]]");
        let p = problems(&text);
        // The domain D2 (weight 40 → 39.99, line 25) no longer matches its aspect A2 (40).
        assert!(
            p.iter().any(|m| m.starts_with(
                "25:10: the weights of the aspects of D2 add up to 40, not to its weight 39.99"
            )),
            "{p:?}"
        );
    }

    #[test]
    fn bands_must_cover_the_scale_and_not_overlap() {
        let text = GOOD.replace("min = 1.0", "min = 1.5");
        assert!(problems(&text).iter().any(|m| m.contains("do not cover the scale")));
        let text = GOOD.replace("min = 3.0", "min = 1.0");
        assert!(problems(&text).iter().any(|m| m.contains("overlap")));
        let text = GOOD.replace("min = 3.0", "min = 7.0");
        assert!(problems(&text).iter().any(|m| m.contains("outside the scale")));
    }

    #[test]
    fn empty_groups_and_unknown_parents_are_reported() {
        let text = GOOD.replace("aspect = \"A2\"", "aspect = \"A9\"");
        let p = problems(&text);
        assert!(p.iter().any(|m| m.contains("unknown aspect `A9`")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("aspect A2 has no indicators")), "{p:?}");
    }

    #[test]
    fn toml_syntax_errors_have_a_position() {
        let p = problems("id = \"x\"\ntitle = \n");
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("2:"), "{p:?}");
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let text = GOOD.replace("name = \"i3\"", "name = \"i3\"\nwieght = 3");
        assert!(problems(&text).iter().any(|m| m.contains("wieght")));
    }

    #[test]
    fn all_problems_are_reported_at_once() {
        let text = GOOD.replace("weight = 20", "weight = 0").replace("min = 3.0", "min = 1.0");
        assert!(problems(&text).len() >= 3);
    }
}
