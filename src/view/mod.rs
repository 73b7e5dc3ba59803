//! The JSON contract: one typed document per command, `#[derive(Serialize)]` structs that
//! borrow from the results, so a document costs little beyond the results it describes. The
//! schemas in `docs/schema/` are generated from them (`cmd::schema`), and `tests/cli/schema.rs`
//! checks the files are current and real outputs against them: a field added here changes the
//! schema too (`UPDATE_SCHEMAS=1 cargo test --test cli schema`).
//!
//! Key order is the order of the fields; optional keys that are left out (not `null`) have
//! `skip_serializing_if`.

pub mod compare;
pub mod diff;
pub mod plan;
pub mod report;
pub mod rubric;
pub mod score;
pub mod sensitivity;

use std::io::Write;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::assessment::Key;
use crate::rubric::{Band, Kind, Rubric, Scale, Status};

/// A document that writes itself as JSON, for an output that holds one of any command.
pub trait JsonDoc {
    /// Write the document, pretty-printed, and a final newline.
    fn write_json(&self, w: &mut dyn Write) -> std::io::Result<()>;
}

impl<T: Serialize> JsonDoc for T {
    fn write_json(&self, w: &mut dyn Write) -> std::io::Result<()> {
        // A buffer of its own type, so that serde_json's many small writes are not calls
        // through `dyn Write`.
        let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
        serde_json::to_writer_pretty(&mut w, self)?;
        writeln!(w)?;
        w.flush()
    }
}

/// serde_json's pretty layout (two spaces an indent level, `": "` after a key) started
/// `depth` levels in, so that a part of a document can be written on its own and put in its
/// place, byte for byte as the whole document would have it.
#[derive(Debug, Clone, Copy)]
pub struct Pretty {
    current: usize,
    has_value: bool,
}

impl Pretty {
    pub fn at(depth: usize) -> Pretty {
        Pretty { current: depth, has_value: false }
    }
}

/// Indent to `depth` levels (an indent in one write, not one per level).
fn indent<W: ?Sized + Write>(w: &mut W, depth: usize) -> std::io::Result<()> {
    const SPACES: [u8; 64] = [b' '; 64];
    let mut left = 2 * depth;
    while left > 0 {
        let n = left.min(SPACES.len());
        w.write_all(&SPACES[..n])?;
        left -= n;
    }
    Ok(())
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.current += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.current -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.current)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.current)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.current += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.current -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.current)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.current)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Write `make(0)`, …, `make(n - 1)` as a pretty JSON array `depth` levels in, as
/// serde_json's pretty printer lays it out. The elements are serialized on every core, a few
/// per task, in small batches written in order: memory holds a batch (tens of elements),
/// never the array.
pub fn write_array<S: Serialize>(
    w: &mut dyn Write,
    n: usize,
    depth: usize,
    make: impl Fn(usize) -> S + Sync,
) -> std::io::Result<()> {
    write_array_with(w, n, depth, |buf, i| {
        make(i).serialize(&mut serde_json::Serializer::with_formatter(buf, Pretty::at(depth + 1)))?;
        Ok(())
    })
}

/// [`write_array`] with each element written by `write(buf, i)`, laid out as serde_json's
/// pretty printer would at `depth + 1` levels (the indent before it is written already).
pub fn write_array_with(
    w: &mut dyn Write,
    n: usize,
    depth: usize,
    write: impl Fn(&mut Vec<u8>, usize) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    if n == 0 {
        return w.write_all(b"[]");
    }
    w.write_all(b"[")?;
    const PER_TASK: usize = 8;
    let batch = PER_TASK * 2 * crate::parallel::threads().clamp(1, 8);
    let one = |from: usize, to: usize| -> std::io::Result<Vec<u8>> {
        let mut buf = Vec::new();
        for i in from..to {
            buf.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            indent(&mut buf, depth + 1)?;
            write(&mut buf, i)?;
            if i == from {
                // Room for the rest, sized by the first: no growing copy after copy.
                buf.reserve((to - from - 1) * (buf.len() + buf.len() / 8));
            }
        }
        Ok(buf)
    };
    for start in (0..n).step_by(batch) {
        let end = (start + batch).min(n);
        let parts: Vec<std::io::Result<Vec<u8>>> = (start..end)
            .step_by(PER_TASK)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|from| one(from, (from + PER_TASK).min(end)))
            .collect();
        for part in parts {
            w.write_all(&part?)?;
        }
    }
    w.write_all(b"\n")?;
    indent(w, depth)?;
    w.write_all(b"]")
}

/// The rubric a document was computed with; every command's JSON has it as `rubric`.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct RubricInfo<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub index_name: &'a str,
    pub legal_basis: &'a str,
    pub source: &'a str,
    /// `official` or `provisional`.
    pub status: &'static str,
    /// Why a provisional rubric is provisional; `null` for an official one.
    pub status_reason: Option<&'a str>,
    pub scale: &'a Scale,
    pub bands: &'a [Band],
    /// Why the rubric's level names are not settled; `null` where they are.
    pub level_names_unverified: Option<&'a str>,
}

impl<'a> RubricInfo<'a> {
    pub fn new(rubric: &'a Rubric) -> RubricInfo<'a> {
        let (status, status_reason) = match &rubric.status {
            Status::Official => ("official", None),
            Status::Provisional(r) => ("provisional", Some(r.as_str())),
        };
        RubricInfo {
            id: &rubric.id,
            title: &rubric.title,
            index_name: &rubric.index_name,
            legal_basis: &rubric.legal_basis,
            source: &rubric.source,
            status,
            status_reason,
            scale: &rubric.scale,
            bands: &rubric.bands,
            level_names_unverified: rubric.levels_unverified.as_deref(),
        }
    }
}

/// A node of the rubric as the documents name it.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct NodeRef<'a> {
    pub id: &'a str,
    pub kind: Kind,
    pub name: &'a str,
    pub weight: f64,
}

impl<'a> NodeRef<'a> {
    pub fn new(rubric: &'a Rubric, n: usize) -> NodeRef<'a> {
        let node = rubric.node(n);
        NodeRef { id: &node.id, kind: node.kind, name: &node.name, weight: node.weight }
    }
}

/// A region's key with `year` and `stage` always present (`null` where it has none).
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct KeyRef<'a> {
    pub region: &'a str,
    pub year: Option<i32>,
    pub stage: Option<&'a str>,
}

impl<'a> KeyRef<'a> {
    pub fn new(key: &'a Key) -> KeyRef<'a> {
        KeyRef { region: &key.region, year: key.year, stage: key.stage.as_deref() }
    }
}

/// `code` and `province` of a region's key (the Kemendagri codes, `null` where the name did
/// not resolve), then `year` and `stage`, each present only where the key has it; flattened
/// after a region's other keys.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct KeyExtra<'a> {
    pub code: Option<&'static str>,
    pub province: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<&'a str>,
}

impl<'a> KeyExtra<'a> {
    pub fn new(key: &'a Key) -> KeyExtra<'a> {
        KeyExtra { code: key.code(), province: key.province(), year: key.year, stage: key.stage.as_deref() }
    }
}

/// A JSON object from pairs, in their order (names are unique where this is used: node ids,
/// band names).
#[derive(Debug)]
pub struct Pairs<'a, V>(pub Vec<(&'a str, V)>);

impl<V: Serialize> Serialize for Pairs<'_, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// An object whose keys are data (node ids, band names), each value a `V`.
impl<V: schemars::JsonSchema> schemars::JsonSchema for Pairs<'_, V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Pairs_{}", V::schema_name()).into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "object", "additionalProperties": g.subschema_for::<V>() })
    }
}
