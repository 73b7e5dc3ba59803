//! Reading a rubric from TOML and checking it. Every problem is reported with the file, line
//! and column of the offending value, all at once.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use toml::Spanned;

use super::{normalize_id, Band, ConversionStep, Kind, Node, Rubric, Scale, Source, Status};
use crate::problem::{code, line_col, snippet, Message, Problem, Problems};

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
    /// Lowest value that still scores, below the regulated `min` (published results below it).
    #[serde(default)]
    floor: Option<Spanned<f64>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevels {
    names: Vec<String>,
    /// Why these names are not settled (sources conflict).
    #[serde(default)]
    unverified: Option<String>,
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
    #[serde(default)]
    external: Option<Spanned<RawSource>>,
    #[serde(default)]
    draws_on: Option<Spanned<RawSource>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    index: String,
    agency: String,
    #[serde(default)]
    conversion: Vec<Spanned<RawStep>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    min: Spanned<f64>,
    level: Spanned<f64>,
}

struct Ctx<'a> {
    text: &'a str,
    file: &'a str,
    problems: Problems,
    warnings: Vec<Problem>,
}

impl Ctx<'_> {
    fn err(&mut self, span: std::ops::Range<usize>, code: &'static str, msg: impl Into<Message>) {
        let (line, col) = line_col(self.text, span.start);
        self.problems.push(Problem::at(self.file, line, Some(col), code, msg));
    }

    fn warn(&mut self, span: std::ops::Range<usize>, code: &'static str, msg: impl Into<Message>) {
        let (line, col) = line_col(self.text, span.start);
        self.warnings.push(Problem::at(self.file, line, Some(col), code, msg));
    }
}

/// The largest rubric file read: the official rubrics are under 100 KiB.
pub const MAX_RUBRIC_BYTES: usize = 4 * 1024 * 1024;

/// Weights must lie in this range, so that no sum overflows and no product underflows.
const WEIGHT_RANGE: (f64, f64) = (1e-6, 1e6);

/// Scale bounds must lie within ± this.
const SCALE_LIMIT: f64 = 1e6;

/// Parse and check a rubric from the bytes of a file: UTF-8, a byte-order mark allowed, at
/// most [`MAX_RUBRIC_BYTES`]. `file` names it in messages.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<Rubric, Problems> {
    if bytes.len() > MAX_RUBRIC_BYTES {
        return Err(Problems(vec![Problem::file(
            file,
            code::RUBRIC_TOO_LARGE,
            format!(
                "the rubric is {} bytes; at most {} MiB is read (the official rubrics are under 100 KiB)",
                bytes.len(),
                MAX_RUBRIC_BYTES / (1024 * 1024)
            ),
        )]));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text, file),
        Err(e) => {
            let (line, col) = line_col(&String::from_utf8_lossy(&bytes[..e.valid_up_to()]), e.valid_up_to());
            Err(Problems(vec![Problem::at(
                file,
                line,
                Some(col),
                code::RUBRIC_NOT_UTF8,
                "not UTF-8 text; a rubric is a TOML file saved as UTF-8",
            )]))
        }
    }
}

/// Parse and check a rubric. `file` names it in messages.
pub fn parse(text: &str, file: &str) -> Result<Rubric, Problems> {
    if text.len() > MAX_RUBRIC_BYTES {
        return parse_bytes(text.as_bytes(), file);
    }
    let raw: RawRubric = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let msg = e.message().trim().to_string();
            let p = match e.span() {
                Some(span) => {
                    let (line, col) = line_col(text, span.start);
                    Problem::at(file, line, Some(col), code::RUBRIC_SYNTAX, msg)
                }
                None => Problem::file(file, code::RUBRIC_SYNTAX, msg),
            };
            return Err(Problems(vec![p]));
        }
    };
    let mut cx = Ctx { text, file, problems: Problems::default(), warnings: Vec::new() };
    let mut rubric = build(raw, &mut cx);
    rubric.warnings = cx.warnings;
    cx.problems.into_result(rubric)
}

fn build(raw: RawRubric, cx: &mut Ctx) -> Rubric {
    let status = match raw.status.get_ref().as_str() {
        "official" => Status::Official,
        "provisional" => match &raw.status_reason {
            Some(r) if !r.trim().is_empty() => Status::Provisional(r.trim().to_string()),
            _ => {
                cx.err(
                    raw.status.span(),
                    code::RUBRIC_STATUS,
                    "a provisional rubric needs a `status_reason`",
                );
                Status::Provisional(String::new())
            }
        },
        other => {
            cx.err(
                raw.status.span(),
                code::RUBRIC_STATUS,
                format!("status `{}` is neither `official` nor `provisional`", snippet(other)),
            );
            Status::Official
        }
    };

    // A broken scale is reported once; what is measured against it is then not checked.
    let checked = check_scale(&raw.scale, cx);
    let scale =
        checked.unwrap_or(Scale { min: 1.0, max: 5.0, integer: raw.scale.get_ref().integer, floor: 1.0 });
    let steps = scale.steps();

    for (name, set) in &raw.levels {
        if checked.is_some() && set.get_ref().names.len() != steps {
            cx.err(
                set.span(),
                code::RUBRIC_LEVELS,
                format!(
                    "level set `{}` has {} names, but the scale {}..{} has {steps} levels",
                    snippet(name),
                    set.get_ref().names.len(),
                    scale.min,
                    scale.max
                ),
            );
        }
    }
    let bands = check_bands(&raw.band, checked.as_ref(), &scale, cx);

    // Ids unique across all layers; the first of each id is the one references resolve to.
    let mut ids: HashMap<String, Kind> = HashMap::new();
    let all_ids = raw
        .domain
        .iter()
        .map(|d| (&d.get_ref().id, Kind::Domain))
        .chain(raw.aspect.iter().map(|a| (&a.get_ref().id, Kind::Aspect)))
        .chain(raw.indicator.iter().map(|x| (&x.get_ref().id, Kind::Indicator)));
    for (id, r) in all_ids {
        let key = normalize_id(id.get_ref());
        if key.is_empty() {
            cx.err(id.span(), code::RUBRIC_ID, "an id must not be empty");
            continue;
        }
        // Ids are column names of assessments and items of `--set ID=LEVEL,...` lists; the id
        // is still taken, so that nodes naming it as their parent are not reported as well.
        if let Some(c) = id.get_ref().chars().find(|c| c.is_whitespace() || *c == ',' || *c == '-') {
            let what = match c {
                ',' => "a comma",
                '-' => "a dash",
                _ => "a space",
            };
            cx.err(
                id.span(),
                code::RUBRIC_ID,
                format!(
                    "id `{}` has {what}: ids name columns and --set ID=LEVEL items, so use letters, digits, `_` or `.`",
                    snippet(id.get_ref())
                ),
            );
        }
        if let std::collections::hash_map::Entry::Vacant(e) = ids.entry(key) {
            e.insert(r);
        } else {
            cx.err(id.span(), code::RUBRIC_ID, format!("duplicate id `{}`", snippet(id.get_ref())));
        }
    }

    let level_ref = |r: &Option<Spanned<String>>, cx: &mut Ctx| -> Option<String> {
        let r = r.as_ref()?;
        if raw.levels.contains_key(r.get_ref()) {
            Some(r.get_ref().clone())
        } else {
            cx.err(r.span(), code::RUBRIC_LEVELS, format!("unknown level set `{}`", snippet(r.get_ref())));
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
        let v = *w.get_ref();
        if !(v.is_finite() && v >= WEIGHT_RANGE.0 && v <= WEIGHT_RANGE.1) {
            cx.err(
                w.span(),
                code::RUBRIC_WEIGHT,
                format!("weight {} must be a positive number from 0.000001 to 1000000", show_num(v)),
            );
        }
    }

    // Parent references: each must name a node of the layer above, never itself. The flat
    // format has no other way to refer to a node, so a cycle cannot be written; a reference
    // to itself or to a node of the wrong layer is reported here.
    let has_domains = !raw.domain.is_empty();
    let parent_check =
        |what: &str, own: &Spanned<String>, target: &Spanned<String>, want: Kind, cx: &mut Ctx| -> bool {
            let key = normalize_id(target.get_ref());
            let found = ids.get(&key).copied();
            let msg = if normalize_id(own.get_ref()) == key {
                format!("{what} {} names itself as its {}", snippet(own.get_ref()), want.as_str())
            } else {
                match found {
                    Some(k) if k == want => return true,
                    Some(k) => format!(
                        "{what} {} names `{}` as its {}, but {} is {} {}",
                        snippet(own.get_ref()),
                        snippet(target.get_ref()),
                        want.as_str(),
                        snippet(target.get_ref()),
                        if k == Kind::Aspect { "an" } else { "a" },
                        k.as_str()
                    ),
                    None => format!(
                        "{what} {} names unknown {} `{}`",
                        snippet(own.get_ref()),
                        want.as_str(),
                        snippet(target.get_ref())
                    ),
                }
            };
            cx.err(target.span(), code::RUBRIC_PARENT, msg);
            false
        };
    for d in &raw.domain {
        if let Some(p) = &d.get_ref().domain {
            cx.err(
                p.span(),
                code::RUBRIC_PARENT,
                format!(
                    "domain {} has a `domain`, but domains are the top level and have no parent",
                    snippet(d.get_ref().id.get_ref())
                ),
            );
        }
    }
    for a in &raw.aspect {
        let a = a.get_ref();
        match (&a.domain, has_domains) {
            (Some(d), true) => {
                parent_check("aspect", &a.id, d, Kind::Domain, cx);
            }
            (Some(d), false) => cx.err(
                d.span(),
                code::RUBRIC_PARENT,
                "this rubric has no [[domain]] tables, so aspects take no `domain`",
            ),
            (None, true) => cx.err(
                a.id.span(),
                code::RUBRIC_PARENT,
                format!("aspect {} needs a `domain`", snippet(a.id.get_ref())),
            ),
            (None, false) => {}
        }
    }
    for i in &raw.indicator {
        let i = i.get_ref();
        parent_check("indicator", &i.id, &i.aspect, Kind::Aspect, cx);
    }

    // Children by parent id, in the file's order.
    let mut aspects_of: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, a) in raw.aspect.iter().enumerate() {
        if let Some(d) = &a.get_ref().domain {
            aspects_of.entry(normalize_id(d.get_ref())).or_default().push(i);
        }
    }
    let mut indicators_of: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, x) in raw.indicator.iter().enumerate() {
        indicators_of.entry(normalize_id(x.get_ref().aspect.get_ref())).or_default().push(i);
    }

    // Build the tree in pre-order, with each node's weight span for messages.
    let mut nodes: Vec<Node> = Vec::new();
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    let mut roots = Vec::new();
    let mut indicators = Vec::new();
    let mut levels_of: Vec<Option<String>> = Vec::new();

    let push_group = |g: &RawGroup,
                      kind: Kind,
                      parent: Option<usize>,
                      nodes: &mut Vec<Node>,
                      spans: &mut Vec<std::ops::Range<usize>>|
     -> usize {
        nodes.push(Node {
            id: g.id.get_ref().trim().to_string(),
            name: g.name.clone(),
            kind,
            weight: *g.weight.get_ref(),
            parent,
            children: Vec::new(),
            level_names: None,
            criteria: None,
            external: None,
            draws_on: None,
        });
        spans.push(g.weight.span());
        nodes.len() - 1
    };

    let mut add_aspect = |a: &RawGroup,
                          parent: Option<usize>,
                          nodes: &mut Vec<Node>,
                          spans: &mut Vec<std::ops::Range<usize>>,
                          levels_of: &mut Vec<Option<String>>,
                          cx: &mut Ctx| {
        let ai = push_group(a, Kind::Aspect, parent, nodes, spans);
        let inherited = parent.and_then(|p| levels_of[p].clone());
        levels_of.push(level_ref(&a.levels, cx).or(inherited));
        let aid = normalize_id(a.id.get_ref());
        for &x in indicators_of.get(&aid).map(Vec::as_slice).unwrap_or(&[]) {
            let ind = raw.indicator[x].get_ref();
            let criteria = ind.criteria.as_ref().map(|c| {
                if c.get_ref().len() != steps {
                    cx.err(
                        c.span(),
                        code::RUBRIC_CRITERIA,
                        format!(
                            "indicator {} has {} criteria, one per level ({steps}) expected",
                            snippet(ind.id.get_ref()),
                            c.get_ref().len()
                        ),
                    );
                }
                c.get_ref().clone()
            });
            let external = ind.external.as_ref().map(|s| check_source(s, &scale, cx));
            let draws_on = ind.draws_on.as_ref().map(|s| check_source(s, &scale, cx));
            nodes.push(Node {
                id: ind.id.get_ref().trim().to_string(),
                name: ind.name.clone(),
                kind: Kind::Indicator,
                weight: *ind.weight.get_ref(),
                parent: Some(ai),
                children: Vec::new(),
                level_names: None,
                criteria,
                external,
                draws_on,
            });
            spans.push(ind.weight.span());
            let ii = nodes.len() - 1;
            nodes[ai].children.push(ii);
            levels_of.push(level_ref(&ind.levels, cx).or_else(|| levels_of[ai].clone()));
            indicators.push(ii);
        }
        if nodes[ai].children.is_empty() {
            cx.err(
                a.id.span(),
                code::RUBRIC_EMPTY_GROUP,
                format!("aspect {} has no indicators", snippet(a.id.get_ref())),
            );
        }
        ai
    };

    if has_domains {
        for d in &raw.domain {
            let d = d.get_ref();
            let di = push_group(d, Kind::Domain, None, &mut nodes, &mut spans);
            levels_of.push(level_ref(&d.levels, cx));
            roots.push(di);
            let did = normalize_id(d.id.get_ref());
            for &a in aspects_of.get(&did).map(Vec::as_slice).unwrap_or(&[]) {
                let ai =
                    add_aspect(raw.aspect[a].get_ref(), Some(di), &mut nodes, &mut spans, &mut levels_of, cx);
                nodes[di].children.push(ai);
            }
            if nodes[di].children.is_empty() {
                cx.err(
                    d.id.span(),
                    code::RUBRIC_EMPTY_GROUP,
                    format!("domain {} has no aspects", snippet(d.id.get_ref())),
                );
            }
        }
    } else {
        for a in &raw.aspect {
            let ai = add_aspect(a.get_ref(), None, &mut nodes, &mut spans, &mut levels_of, cx);
            roots.push(ai);
        }
    }
    if roots.is_empty() {
        cx.err(raw.id.span(), code::RUBRIC_EMPTY_GROUP, "the rubric has no aspects");
    }

    // Children's weights add up to the parent's.
    for (i, n) in nodes.iter().enumerate() {
        if n.children.is_empty() || n.kind == Kind::Indicator {
            continue;
        }
        let sum: f64 = n.children.iter().map(|&c| nodes[c].weight).sum();
        if (sum - n.weight).abs() > WEIGHT_TOLERANCE {
            let what = if n.kind == Kind::Domain { "aspects" } else { "indicators" };
            cx.err(
                spans[i].clone(),
                code::RUBRIC_WEIGHT_SUM,
                format!(
                    "the weights of the {what} of {} add up to {}, not to its weight {}",
                    snippet(&n.id),
                    fmt_num(sum),
                    fmt_num(n.weight)
                ),
            );
        }
    }
    // At the top, weights are free (the index is their weighted mean), but a sum just off 100
    // is most likely a mistyped percentage.
    let top: f64 = roots.iter().map(|&r| nodes[r].weight).sum();
    if (top - 100.0).abs() > WEIGHT_TOLERANCE && (top - 100.0).abs() <= 1.0 {
        if let Some(&first) = roots.first() {
            cx.warn(
                spans[first].clone(),
                code::RUBRIC_TOP_WEIGHTS,
                format!(
                    "the top-level weights add up to {}, not 100; the index is their weighted mean, but if they are percentages one of them is mistyped",
                    fmt_num(top)
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
        warnings: Vec::new(),
        levels_unverified: raw
            .levels
            .values()
            .find_map(|l| l.get_ref().unverified.as_ref().map(|r| r.trim().to_string()))
            .filter(|r| !r.is_empty()),
    }
}

/// An external index and its conversion table: steps ascending by `min`, levels on the
/// accepted scale and never falling as the source value rises.
fn check_source(raw: &Spanned<RawSource>, scale: &Scale, cx: &mut Ctx) -> Source {
    let s = raw.get_ref();
    if s.index.trim().is_empty() || s.agency.trim().is_empty() {
        cx.err(raw.span(), code::RUBRIC_EXTERNAL, "an external index needs a non-empty `index` and `agency`");
    }
    let mut steps: Vec<ConversionStep> = Vec::new();
    for step in &s.conversion {
        let (min, level) = (*step.get_ref().min.get_ref(), *step.get_ref().level.get_ref());
        if !min.is_finite() {
            cx.err(
                step.get_ref().min.span(),
                code::RUBRIC_EXTERNAL,
                "a conversion step's `min` must be a number",
            );
        } else if let Some(prev) = steps.last() {
            if min <= prev.min {
                cx.err(
                    step.get_ref().min.span(),
                    code::RUBRIC_EXTERNAL,
                    format!("conversion steps must ascend: {} after {}", show_num(min), show_num(prev.min)),
                );
            } else if level < prev.level {
                cx.err(
                    step.get_ref().level.span(),
                    code::RUBRIC_EXTERNAL,
                    format!(
                        "conversion levels must not fall as the source index rises: {} after {}",
                        show_num(level),
                        show_num(prev.level)
                    ),
                );
            }
        }
        if !(level.is_finite() && scale.accepts(level)) || (scale.integer && level.fract() != 0.0) {
            cx.err(
                step.get_ref().level.span(),
                code::RUBRIC_EXTERNAL,
                format!(
                    "conversion level {} is not a level of the scale {}..{}",
                    show_num(level),
                    scale.floor,
                    scale.max
                ),
            );
        }
        steps.push(ConversionStep { min, level });
    }
    Source { index: s.index.trim().to_string(), agency: s.agency.trim().to_string(), conversion: steps }
}

/// The scale, or `None` (reported) when it is unusable.
fn check_scale(raw: &Spanned<RawScale>, cx: &mut Ctx) -> Option<Scale> {
    let s = raw.get_ref();
    let (min, max) = (*s.min.get_ref(), *s.max.get_ref());
    let mut ok = true;
    if min.is_finite() && max.is_finite() && min > max {
        cx.err(
            s.min.span(),
            code::RUBRIC_SCALE,
            format!(
                "the scale is reversed: scale.min ({}) is above scale.max ({}); the lowest level is min (min = {}, max = {})",
                show_num(min),
                show_num(max),
                show_num(max),
                show_num(min)
            ),
        );
        ok = false;
    } else if !min.is_finite() || !max.is_finite() || min >= max {
        cx.err(
            s.min.span(),
            code::RUBRIC_SCALE,
            format!("scale.min ({}) must be a number below scale.max ({})", show_num(min), show_num(max)),
        );
        ok = false;
    }
    if ok && (min.abs() > SCALE_LIMIT || max.abs() > SCALE_LIMIT) {
        cx.err(s.min.span(), code::RUBRIC_SCALE, "scale.min and scale.max must lie within ±1000000");
        ok = false;
    }
    if s.integer && ok && (min.fract() != 0.0 || max.fract() != 0.0) {
        cx.err(s.min.span(), code::RUBRIC_SCALE, "an integer scale needs whole-number min and max");
        ok = false;
    }
    if ok && max - min > 1000.0 {
        cx.err(s.max.span(), code::RUBRIC_SCALE, "the scale spans more than 1000 levels");
        ok = false;
    }
    let mut floor = min;
    if let Some(f) = &s.floor {
        let v = *f.get_ref();
        if !v.is_finite() || v > min || v < -SCALE_LIMIT {
            cx.err(
                f.span(),
                code::RUBRIC_SCALE,
                format!(
                    "scale.floor ({}) must be a number not above scale.min ({})",
                    show_num(v),
                    show_num(min)
                ),
            );
        } else if s.integer && v.fract() != 0.0 {
            cx.err(f.span(), code::RUBRIC_SCALE, "an integer scale needs a whole-number floor");
        } else {
            floor = v;
        }
    }
    ok.then_some(Scale { min, max, integer: s.integer, floor: floor.min(min) })
}

/// The rating bands; `checked` is the scale when it is sound (bands are measured against it
/// only then), `scale` the one to fall back on.
fn check_bands(raw: &[Spanned<RawBand>], checked: Option<&Scale>, scale: &Scale, cx: &mut Ctx) -> Vec<Band> {
    let mut bands: Vec<(Band, std::ops::Range<usize>)> = raw
        .iter()
        .map(|b| {
            (Band { name: b.get_ref().name.clone(), min: *b.get_ref().min.get_ref() }, b.get_ref().min.span())
        })
        .collect();
    if bands.is_empty() {
        cx.problems.push(Problem::file(
            cx.file,
            code::RUBRIC_BANDS,
            "the rubric has no [[band]] entries (rating bands)",
        ));
        return vec![Band { name: "-".into(), min: scale.min }];
    }
    let mut names: HashMap<String, &str> = HashMap::new();
    for b in raw {
        let name = b.get_ref().name.trim();
        let key = name.to_lowercase();
        if name.is_empty() {
            cx.err(b.span(), code::RUBRIC_BANDS, "a band needs a name");
        } else if let Some(first) = names.insert(key, name) {
            // Ratings are looked up by name (`--fail-below Baik`): one name, one band.
            cx.err(
                b.span(),
                code::RUBRIC_BANDS,
                format!("band name `{}` is given twice (as `{}` before)", snippet(name), snippet(first)),
            );
        }
    }
    for (b, span) in &bands {
        if checked.is_none() {
            break;
        }
        if !b.min.is_finite() || b.min < scale.min || b.min > scale.max {
            cx.err(
                span.clone(),
                code::RUBRIC_BANDS,
                format!(
                    "band {} starts at {}, outside the scale {}..{}",
                    snippet(&b.name),
                    show_num(b.min),
                    scale.min,
                    scale.max
                ),
            );
        }
    }
    bands.sort_by(|a, b| a.0.min.total_cmp(&b.0.min));
    for w in bands.windows(2) {
        if w[0].0.min == w[1].0.min {
            cx.err(
                w[1].1.clone(),
                code::RUBRIC_BANDS,
                format!(
                    "bands {} and {} overlap: both start at {}",
                    snippet(&w[0].0.name),
                    snippet(&w[1].0.name),
                    w[1].0.min
                ),
            );
        }
    }
    if checked.is_some() && bands[0].0.min > scale.min {
        cx.err(
            bands[0].1.clone(),
            code::RUBRIC_BANDS,
            format!(
                "the bands do not cover the scale: the lowest, {}, starts at {}, above scale.min {}",
                snippet(&bands[0].0.name),
                bands[0].0.min,
                scale.min
            ),
        );
    }
    bands.into_iter().map(|(b, _)| b).collect()
}

/// A number from the file as written, short: `1e300`, not 301 digits.
fn show_num(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-6..1e9).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
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
    fn a_floor_lies_at_or_below_the_scale() {
        let r = parse(&GOOD.replace("max = 5\n", "max = 5\nfloor = 0\n"), "r.toml").unwrap();
        assert_eq!((r.scale.min, r.scale.floor), (1.0, 0.0));
        assert_eq!(parse(GOOD, "r.toml").unwrap().scale.floor, 1.0);
        let p = problems(&GOOD.replace("max = 5\n", "max = 5\nfloor = 2\n"));
        assert!(
            p.iter().any(|m| m.starts_with("9:9: scale.floor (2) must be a number not above scale.min (1)")),
            "{p:?}"
        );
        let p = problems(&GOOD.replace("max = 5\n", "max = 5\nfloor = 0.5\n"));
        assert!(p.iter().any(|m| m.contains("whole-number floor")), "{p:?}");
        let text = GOOD.replace("max = 5\n", "max = 5\ninteger = false\nfloor = 0.5\n");
        assert_eq!(parse(&text, "r.toml").unwrap().scale.floor, 0.5);
    }

    #[test]
    fn level_names_can_be_marked_unverified() {
        let text = GOOD.replace(
            "[[band]]\nname = \"Low\"",
            "[levels.x]\nnames = [\"a\", \"b\", \"c\", \"d\", \"e\"]\nunverified = \"sources conflict\"\n\n[[band]]\nname = \"Low\"",
        );
        let r = parse(&text, "r.toml").unwrap();
        assert_eq!(r.levels_unverified.as_deref(), Some("sources conflict"));
        assert_eq!(r.level_name(r.find("1").unwrap(), 2.0), Some("b"));
        assert!(parse(GOOD, "r.toml").unwrap().levels_unverified.is_none());
    }

    #[test]
    fn external_indices_and_their_conversion_tables_are_checked() {
        let ext = |table: &str| {
            GOOD.replace("name = \"i3\"\nweight = 40\n", &format!("name = \"i3\"\nweight = 40\n{table}"))
        };
        let table = "[indicator.external]\nindex = \"SDI\"\nagency = \"Bappenas\"\nconversion = [{ min = 0, level = 1 }, { min = 12.5, level = 2 }, { min = 40, level = 4 }]\n";
        let r = parse(&ext(table), "r.toml").unwrap();
        let s = r.node(r.find("3").unwrap()).external.clone().unwrap();
        assert_eq!((s.index.as_str(), s.agency.as_str(), s.conversion.len()), ("SDI", "Bappenas", 3));
        // "0 < SDI < 12,5" → level 1.
        assert_eq!(
            [s.convert(5.0), s.convert(12.5), s.convert(99.0), s.convert(-1.0)],
            [Some(1.0), Some(2.0), Some(4.0), None]
        );
        assert_eq!(r.external_indicators().collect::<Vec<_>>(), [r.find("3").unwrap()]);

        let p = problems(&ext(&table.replace("min = 40, level = 4", "min = 10, level = 4")));
        assert!(p.iter().any(|m| m.contains("conversion steps must ascend: 10 after 12.5")), "{p:?}");
        let p = problems(&ext(&table.replace("min = 40, level = 4", "min = 40, level = 1")));
        assert!(p.iter().any(|m| m.contains("must not fall as the source index rises: 1 after 2")), "{p:?}");
        let p = problems(&ext(&table.replace("min = 40, level = 4", "min = 40, level = 7")));
        assert!(p.iter().any(|m| m.contains("conversion level 7 is not a level of the scale 1..5")), "{p:?}");
        let p = problems(&ext(&table.replace("min = 40, level = 4", "min = 40, level = 2.5")));
        assert!(p.iter().any(|m| m.contains("conversion level 2.5 is not a level")), "{p:?}");
        let p = problems(&ext("[indicator.external]\nindex = \" \"\nagency = \"BIG\"\n"));
        assert!(p.iter().any(|m| m.contains("needs a non-empty `index` and `agency`")), "{p:?}");
        let p = problems(&ext("[indicator.external]\nindex = \"x\"\n"));
        assert!(p.iter().any(|m| m.contains("agency")), "{p:?}");
    }

    #[test]
    fn all_problems_are_reported_at_once() {
        let text = GOOD.replace("weight = 20", "weight = 0").replace("min = 3.0", "min = 1.0");
        assert!(problems(&text).len() >= 3);
    }
}
