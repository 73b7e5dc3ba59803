//! Nodes named on the command line: `--only`/`--exclude` items ([`Selector`]: an id or a range)
//! and `--set` items ([`Override`]: `ID=LEVEL`). clap parses each item before a rubric is known,
//! keeping the text as given; one resolve against the rubric turns them into node indices, with
//! every problem of a flag reported at once ([`IdError`]); the command layer adds the flag.

use std::fmt;
use std::str::FromStr;

use crate::i18n::{Lang, Localized};
use crate::plan::article;
use crate::rubric::{Kind, Rubric};

/// An `--only`/`--exclude` item as given: one id (a domain or aspect stands for its
/// indicators), or a range `A-B` (also `A..B`, `A–B`) of nodes of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// Text with no range in it: a node id, not yet looked up.
    Id(String),
    /// Text that reads as a range; still an id if the rubric has a node by that whole text.
    Range {
        /// The item as given (trimmed).
        text: String,
        /// The first end, as given.
        from: String,
        /// The last end, as given.
        to: String,
    },
}

/// An `ID=LEVEL` item of `--set`, as given: the id not yet looked up, the level a number not
/// yet checked against the scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The item as given (trimmed), for documents that echo it.
    pub text: String,
    /// The node id, as given (trimmed).
    pub id: String,
    /// The level it is set to.
    pub level: f64,
}

/// Why an item cannot be an id, a range or an `ID=LEVEL`: a usage error, before anything is
/// read. (clap names the item and the flag.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyntaxError {
    /// An empty item (`--exclude 45,,47`, a trailing comma).
    #[error("an empty item (a comma too many?)")]
    Empty,
    /// An `--set` item without `=`, or with nothing on one side of it.
    #[error("expected ID=LEVEL, e.g. 11=3")]
    NoLevel,
    /// An `--set` item that is only a number: what is left of a level written with a decimal
    /// comma (`11=2,5`), as commas separate the items.
    #[error("expected ID=LEVEL, e.g. 11=3 (a level takes a decimal point, 2.5: commas separate items)")]
    BareNumber,
    /// A level that is not a number (the level as given).
    #[error("`{0}` is not a number")]
    NotANumber(String),
    /// A level too large, or `inf`/`NaN` (the level as given).
    #[error("`{0}` is not a finite number")]
    NotFinite(String),
}

impl FromStr for Selector {
    type Err = SyntaxError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        if text.is_empty() {
            return Err(SyntaxError::Empty);
        }
        let range = text.split_once("..").or_else(|| text.split_once('-')).or_else(|| text.split_once('–'));
        Ok(match range.map(|(a, b)| (a.trim(), b.trim())) {
            Some((from, to)) if !from.is_empty() && !to.is_empty() => {
                Selector::Range { text: text.to_string(), from: from.to_string(), to: to.to_string() }
            }
            _ => Selector::Id(text.to_string()),
        })
    }
}

impl FromStr for Override {
    type Err = SyntaxError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        if text.is_empty() {
            return Err(SyntaxError::Empty);
        }
        let Some((id, level)) = text.split_once('=') else {
            return Err(match text.parse::<f64>() {
                Ok(_) => SyntaxError::BareNumber,
                Err(_) => SyntaxError::NoLevel,
            });
        };
        let (id, level) = (id.trim(), level.trim());
        if id.is_empty() || level.is_empty() {
            return Err(SyntaxError::NoLevel);
        }
        match level.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Override { text: text.to_string(), id: id.to_string(), level: v }),
            Ok(_) => Err(SyntaxError::NotFinite(level.to_string())),
            Err(_) => Err(SyntaxError::NotANumber(level.to_string())),
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Id(text) | Selector::Range { text, .. } => f.write_str(text),
        }
    }
}

/// Why an item names no node of the rubric, or cannot be used as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum IdError {
    /// No node has this id.
    Unknown {
        /// The item as given.
        item: String,
        /// The id in it that is unknown (the item itself, an end of a range, the id of
        /// `ID=LEVEL`).
        id: String,
        /// The rubric's id.
        rubric: String,
    },
    /// A range whose first end comes after its last.
    Backwards {
        /// The item as given.
        item: String,
    },
    /// A range whose ends are of different kinds (a domain and an indicator).
    AcrossKinds {
        /// The item as given.
        item: String,
        /// The first end: its id and kind.
        from: (String, Kind),
        /// The last end: its id and kind.
        to: (String, Kind),
    },
    /// The node of an `ID=LEVEL` that an earlier item already sets.
    SetTwice {
        /// The item as given.
        item: String,
        /// The node's id, as the rubric spells it.
        id: String,
    },
}

impl Localized for IdError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (IdError::Unknown { item, id, rubric }, Lang::En) if item == id => {
                format!("`{item}`: unknown id in rubric {rubric}")
            }
            (IdError::Unknown { item, id, rubric }, Lang::En) => {
                format!("`{item}`: unknown node id `{id}` in rubric {rubric}")
            }
            (IdError::Unknown { item, id, rubric }, Lang::Id) if item == id => {
                format!("`{item}`: kode tidak dikenal dalam rubrik {rubric}")
            }
            (IdError::Unknown { item, id, rubric }, Lang::Id) => {
                format!("`{item}`: kode `{id}` tidak dikenal dalam rubrik {rubric}")
            }
            (IdError::Backwards { item }, Lang::En) => format!("`{item}`: the range runs backwards"),
            (IdError::Backwards { item }, Lang::Id) => format!("`{item}`: rentangnya terbalik"),
            (IdError::AcrossKinds { item, from: (a, ak), to: (b, bk) }, Lang::En) => format!(
                "`{item}`: a range runs between nodes of one kind, but {a} is {} {} and {b} {} {}",
                article(*ak),
                ak.as_str(),
                article(*bk),
                bk.as_str()
            ),
            (IdError::AcrossKinds { item, from: (a, ak), to: (b, bk) }, Lang::Id) => format!(
                "`{item}`: rentang harus antara kode sejenis, tetapi {a} adalah {} dan {b} {}",
                ak.label(lang),
                bk.label(lang)
            ),
            (IdError::SetTwice { item, id }, Lang::En) => format!("`{item}`: {id} is set twice"),
            (IdError::SetTwice { item, id }, Lang::Id) => format!("`{item}`: {id} diubah dua kali"),
        }
    }
}

/// The node `id` names, or why none does.
fn node(rubric: &Rubric, item: &str, id: &str) -> Result<usize, IdError> {
    rubric.find(id).ok_or_else(|| IdError::Unknown {
        item: item.to_string(),
        id: id.to_string(),
        rubric: rubric.id.clone(),
    })
}

impl Selector {
    /// The nodes this item names in `rubric`: the node of that id (exact ids win over ranges),
    /// or every node of one kind from one end of the range to the other, in the rubric's order.
    pub fn resolve(&self, rubric: &Rubric) -> Result<Vec<usize>, IdError> {
        let (text, from, to) = match self {
            Selector::Id(text) => return node(rubric, text, text).map(|n| vec![n]),
            Selector::Range { text, from, to } => (text, from, to),
        };
        if let Some(n) = rubric.find(text) {
            return Ok(vec![n]);
        }
        let (a, b) = (node(rubric, text, from)?, node(rubric, text, to)?);
        let (ak, bk) = (rubric.node(a).kind, rubric.node(b).kind);
        if ak != bk {
            let end = |n: usize, k: Kind| (rubric.node(n).id.clone(), k);
            return Err(IdError::AcrossKinds { item: text.clone(), from: end(a, ak), to: end(b, bk) });
        }
        let of_kind: Vec<usize> = rubric.of_kind(ak).collect();
        let pos = |n: usize| of_kind.iter().position(|&m| m == n).unwrap_or(0);
        let (pa, pb) = (pos(a), pos(b));
        if pa > pb {
            return Err(IdError::Backwards { item: text.clone() });
        }
        Ok(of_kind[pa..=pb].to_vec())
    }
}

/// The nodes a list of `--only`/`--exclude` items names, in the order given; every item that
/// names none is reported.
pub fn nodes(rubric: &Rubric, items: &[Selector]) -> Result<Vec<usize>, Vec<IdError>> {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for item in items {
        match item.resolve(rubric) {
            Ok(n) => out.extend(n),
            Err(e) => bad.push(e),
        }
    }
    if bad.is_empty() {
        Ok(out)
    } else {
        Err(bad)
    }
}

/// The `--set` overrides as (node, level), in the order given; every unknown id and every node
/// set twice is reported. Whether a level suits the node is for [`crate::what_if::what_if`].
pub fn overrides(rubric: &Rubric, items: &[Override]) -> Result<Vec<(usize, f64)>, Vec<IdError>> {
    let mut out: Vec<(usize, f64)> = Vec::new();
    let mut bad = Vec::new();
    for o in items {
        match node(rubric, &o.text, &o.id) {
            Ok(n) if out.iter().any(|&(m, _)| m == n) => {
                bad.push(IdError::SetTwice { item: o.text.clone(), id: rubric.node(n).id.clone() })
            }
            Ok(n) => out.push((n, o.level)),
            Err(e) => bad.push(e),
        }
    }
    if bad.is_empty() {
        Ok(out)
    } else {
        Err(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spbe2020() -> Rubric {
        Rubric::resolve("spbe-2020").expect("embedded")
    }

    fn sel(s: &str) -> Selector {
        s.parse().expect("syntax")
    }

    fn ids(r: &Rubric, nodes: &[usize]) -> Vec<String> {
        nodes.iter().map(|&n| r.node(n).id.clone()).collect()
    }

    #[test]
    fn selectors_keep_their_text_and_read_ranges() {
        assert_eq!(sel(" D1 "), Selector::Id("D1".into()));
        let range =
            |t: &str, a: &str, b: &str| Selector::Range { text: t.into(), from: a.into(), to: b.into() };
        assert_eq!(sel("45-47"), range("45-47", "45", "47"));
        assert_eq!(sel("45..47"), range("45..47", "45", "47"));
        assert_eq!(sel("45–47"), range("45–47", "45", "47"));
        assert_eq!(sel("45 - 47").to_string(), "45 - 47");
        // An end missing: no range, so an id (which the rubric will not know).
        assert_eq!(sel("45-"), Selector::Id("45-".into()));
        assert_eq!(" ".parse::<Selector>(), Err(SyntaxError::Empty));
    }

    #[test]
    fn selectors_resolve_to_nodes_and_ranges_of_one_kind() {
        let r = spbe2020();
        let one = |s: &str| sel(s).resolve(&r).map(|n| ids(&r, &n));
        assert_eq!(one("d2"), Ok(vec!["D2".to_string()]));
        assert_eq!(one("045..047"), Ok(vec!["45".into(), "46".into(), "47".into()]));
        // Ranges run in the rubric's order of one kind, across the edges of parents (10 is in A1,
        // 11 in A2).
        assert_eq!(one("9-11"), Ok(vec!["9".into(), "10".into(), "11".into()]));
        assert_eq!(one("D3-D4"), Ok(vec!["D3".into(), "D4".into()]));
        assert_eq!(one("47-45"), Err(IdError::Backwards { item: "47-45".into() }));
        let across = one("D1-47").expect_err("kinds differ");
        assert_eq!(
            across.to_string(),
            "`D1-47`: a range runs between nodes of one kind, but D1 is a domain and 47 an indicator"
        );
        assert_eq!(
            one("45-99").expect_err("unknown end").to_string(),
            "`45-99`: unknown node id `99` in rubric spbe-2020"
        );
        let all = nodes(&r, &[sel("47-45"), sel("99"), sel("A1")]).expect_err("two bad");
        let said: Vec<String> = all.iter().map(|e| e.message(Lang::En)).collect();
        assert_eq!(said, ["`47-45`: the range runs backwards", "`99`: unknown id in rubric spbe-2020"]);
        assert_eq!(all[1].message(Lang::Id), "`99`: kode tidak dikenal dalam rubrik spbe-2020");
    }

    #[test]
    fn an_exact_id_wins_over_a_range() {
        let official = spbe2020();
        // Ids may hold a `.`: in a rubric with a node `1..2`, that is the node, not 1 to 2.
        let text = crate::rubric::embedded("spbe-2020").expect("embedded").text;
        let r = crate::rubric::parse(&text.replacen("id = \"47\"", "id = \"1..2\"", 1), "dots.toml")
            .expect("custom rubric loads");
        assert_eq!(sel("1..2").resolve(&r).map(|n| ids(&r, &n)), Ok(vec!["1..2".to_string()]));
        assert_eq!(
            sel("1..2").resolve(&official).map(|n| ids(&official, &n)),
            Ok(vec!["1".into(), "2".into()])
        );
    }

    #[test]
    fn overrides_parse_id_and_level() {
        let o: Override = " 11 = 3.5 ".parse().expect("override");
        assert_eq!(o, Override { text: "11 = 3.5".into(), id: "11".into(), level: 3.5 });
        assert_eq!("12=".parse::<Override>(), Err(SyntaxError::NoLevel));
        assert_eq!("=3".parse::<Override>(), Err(SyntaxError::NoLevel));
        assert_eq!("x".parse::<Override>(), Err(SyntaxError::NoLevel));
        assert!("x".parse::<Override>().expect_err("no =").to_string().contains("expected ID=LEVEL"));
        // `--set 11=2,5` reaches the parser as `11=2` and `5`: the `5` says why.
        assert_eq!("5".parse::<Override>(), Err(SyntaxError::BareNumber));
        assert!(SyntaxError::BareNumber.to_string().contains("a level takes a decimal point"));
        assert_eq!("11=tiga".parse::<Override>(), Err(SyntaxError::NotANumber("tiga".into())));
        assert_eq!("11=inf".parse::<Override>(), Err(SyntaxError::NotFinite("inf".into())));
        assert_eq!("".parse::<Override>(), Err(SyntaxError::Empty));
    }

    #[test]
    fn overrides_resolve_each_node_once() {
        let r = spbe2020();
        let items: Vec<Override> = ["11=3", "D2=2.5"].iter().map(|s| s.parse().expect("syntax")).collect();
        assert_eq!(
            overrides(&r, &items),
            Ok(vec![(r.find("11").expect("11"), 3.0), (r.find("D2").expect("D2"), 2.5)])
        );
        let items: Vec<Override> =
            ["11=3", "011=4", "x=1"].iter().map(|s| s.parse().expect("syntax")).collect();
        let said: Vec<String> =
            overrides(&r, &items).expect_err("bad").iter().map(|e| e.message(Lang::En)).collect();
        assert_eq!(said, ["`011=4`: 11 is set twice", "`x=1`: unknown node id `x` in rubric spbe-2020"]);
    }
}
