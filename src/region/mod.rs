//! Indonesia's provinces and kabupaten/kota by their Kemendagri codes ("15" Jambi, "15.04"
//! Kabupaten Batanghari), embedded from the npm package idn-area-data (data/idn-area/, made by
//! scripts/update-regions), and the names the ministry writes resolved to them.

mod attach;
pub mod message;
mod resolve;

use std::collections::HashMap;
use std::sync::OnceLock;

pub use attach::{attach_codes, keep_province};
pub use resolve::{resolve, Resolution};

/// The version of idn-area-data the registry comes from.
pub const DATA_VERSION: &str = include_str!("../../data/idn-area/VERSION");
const PROVINCES_CSV: &str = include_str!("../../data/idn-area/provinces.csv");
const REGENCIES_CSV: &str = include_str!("../../data/idn-area/regencies.csv");

/// What a region of the registry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Province,
    /// Kabupaten.
    Regency,
    /// Kota.
    City,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Province => "provinsi",
            Kind::Regency => "kabupaten",
            Kind::City => "kota",
        }
    }
}

/// A province or a kabupaten/kota.
#[derive(Debug, PartialEq, Eq)]
pub struct Region {
    /// Kemendagri code: `15` for a province, `15.04` for a kabupaten/kota.
    pub code: String,
    /// The registry's name: `Jambi`, `Kabupaten Batanghari`, `Kota Jambi`.
    pub name: String,
    pub kind: Kind,
    /// The code of the province (its own code for a province).
    pub province: String,
}

impl Region {
    pub fn is_province(&self) -> bool {
        self.kind == Kind::Province
    }

    /// The name as the ministry's tables write it: `Provinsi Jambi`, `Kabupaten Batanghari`.
    pub fn full_name(&self) -> String {
        match self.kind {
            Kind::Province => format!("Provinsi {}", self.name),
            _ => self.name.clone(),
        }
    }
}

/// Every province and kabupaten/kota, in code order (each province before its regencies).
#[derive(Debug)]
pub struct Registry {
    regions: Vec<Region>,
    /// foldhash, not SipHash: every name read is looked up here first, hundreds of thousands
    /// in a generated input (the codes are the registry's own, nothing to defend against).
    by_code: HashMap<String, usize, foldhash::fast::RandomState>,
}

/// The embedded registry.
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(Registry::embedded)
}

impl Registry {
    fn embedded() -> Registry {
        // The files are vendored and checked by tests: a row that does not parse cannot ship.
        let rows = |csv: &'static str| {
            csv::Reader::from_reader(csv.as_bytes())
                .into_records()
                .filter_map(Result::ok)
                .collect::<Vec<csv::StringRecord>>()
        };
        let mut regions: Vec<Region> = Vec::new();
        for r in rows(PROVINCES_CSV) {
            let (code, name) = (r.get(0).unwrap_or(""), r.get(1).unwrap_or(""));
            regions.push(Region {
                code: code.to_string(),
                name: name.to_string(),
                kind: Kind::Province,
                province: code.to_string(),
            });
        }
        for r in rows(REGENCIES_CSV) {
            let (code, province, name) =
                (r.get(0).unwrap_or(""), r.get(1).unwrap_or(""), r.get(2).unwrap_or(""));
            let kind = if name.starts_with("Kota ") { Kind::City } else { Kind::Regency };
            regions.push(Region {
                code: code.to_string(),
                name: name.to_string(),
                kind,
                province: province.to_string(),
            });
        }
        regions.sort_by_key(|r| code_order(&r.code));
        let by_code = regions.iter().enumerate().map(|(i, r)| (r.code.clone(), i)).collect();
        Registry { regions, by_code }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Region> {
        self.regions.iter()
    }

    pub fn get(&self, code: &str) -> Option<&Region> {
        let code = code.trim();
        // Every code is digits and dots: a name (asked first by `resolve`, hundreds of
        // thousands of times in a national file) is turned away without being hashed.
        if !code.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return None;
        }
        self.by_code.get(code).map(|&i| &self.regions[i])
    }

    /// The kabupaten/kota of a province.
    pub fn regencies_of<'a>(&'a self, province: &'a str) -> impl Iterator<Item = &'a Region> + 'a {
        self.regions.iter().filter(move |r| !r.is_province() && r.province == province)
    }

    /// The province a `--province` value names: a code (`15`) or a name as [`resolve`] reads
    /// it (`Jambi`, `Provinsi Jambi`, `NTB`). Names that resolve to a kabupaten/kota do not count.
    pub fn province(&self, spec: &str) -> Result<&Region, ProvinceError> {
        if let Some(r) = self.get(spec).filter(|r| r.is_province()) {
            return Ok(r);
        }
        match resolve::resolve_as(spec, Some(Kind::Province)) {
            Resolution::Found(r) if r.is_province() => Ok(r),
            Resolution::Ambiguous(c) => Err(ProvinceError::Ambiguous {
                spec: spec.to_string(),
                candidates: c.iter().map(|r| format!("{} ({})", r.full_name(), r.code)).collect(),
            }),
            _ => Err(ProvinceError::NotAProvince(spec.to_string())),
        }
    }
}

/// Why a `--province` value names no province.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProvinceError {
    /// The name fits several provinces (each `name (code)`).
    #[error("province `{spec}` is ambiguous: {}", candidates.join(", "))]
    Ambiguous {
        /// The value given.
        spec: String,
        /// The provinces it fits, as `name (code)`.
        candidates: Vec<String>,
    },
    /// No province has that name or code.
    #[error(
        "`{0}` is not a province: give its name (e.g. Jambi, \"Nusa Tenggara Barat\", NTB) or its Kemendagri code (e.g. 15); `spbe regions list` lists them"
    )]
    NotAProvince(String),
}

impl crate::i18n::Localized for ProvinceError {
    fn message(&self, lang: crate::i18n::Lang) -> String {
        match (self, lang) {
            (_, crate::i18n::Lang::En) => self.to_string(),
            (ProvinceError::Ambiguous { spec, candidates }, crate::i18n::Lang::Id) => {
                format!("provinsi `{spec}` ambigu: {}", candidates.join(", "))
            }
            (ProvinceError::NotAProvince(spec), crate::i18n::Lang::Id) => format!(
                "`{spec}` bukan provinsi: berikan namanya (mis. Jambi, \"Nusa Tenggara Barat\", NTB) atau kode Kemendagri-nya (mis. 15); `spbe regions list` mendaftarnya"
            ),
        }
    }
}

/// Codes sort by their numeric parts: `15` < `15.01` < `15.71` < `16`.
fn code_order(code: &str) -> Vec<u32> {
    code.split('.').map(|p| p.parse().unwrap_or(u32::MAX)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_errors_in_both_languages() {
        use crate::i18n::{Lang, Localized};
        let e = registry().province("Atlantis").unwrap_err();
        assert_eq!(
            e.message(Lang::En),
            "`Atlantis` is not a province: give its name (e.g. Jambi, \"Nusa Tenggara Barat\", NTB) or its Kemendagri code (e.g. 15); `spbe regions list` lists them"
        );
        assert_eq!(
            e.message(Lang::Id),
            "`Atlantis` bukan provinsi: berikan namanya (mis. Jambi, \"Nusa Tenggara Barat\", NTB) atau kode Kemendagri-nya (mis. 15); `spbe regions list` mendaftarnya"
        );
        let e =
            ProvinceError::Ambiguous { spec: "X".into(), candidates: vec!["A (1)".into(), "B (2)".into()] };
        assert_eq!(e.message(Lang::En), "province `X` is ambiguous: A (1), B (2)");
        assert_eq!(e.message(Lang::Id), "provinsi `X` ambigu: A (1), B (2)");
    }

    #[test]
    fn registry_holds_38_provinces_and_514_kabupaten_kota() {
        let reg = registry();
        assert_eq!(reg.iter().filter(|r| r.is_province()).count(), 38);
        assert_eq!(reg.iter().filter(|r| !r.is_province()).count(), 514);
        // 416 kabupaten and 98 kota.
        assert_eq!(reg.iter().filter(|r| r.kind == Kind::Regency).count(), 416);
        assert_eq!(reg.iter().filter(|r| r.kind == Kind::City).count(), 98);
        // Every line of the vendored files became a region.
        assert_eq!(PROVINCES_CSV.lines().count() - 1 + REGENCIES_CSV.lines().count() - 1, reg.iter().count());
        assert_eq!(DATA_VERSION.trim(), "4.0.1");
    }

    #[test]
    fn codes_name_the_right_regions() {
        let reg = registry();
        assert_eq!(reg.get("15").unwrap().name, "Jambi");
        assert_eq!(reg.get("15.04").unwrap().name, "Kabupaten Batanghari");
        assert_eq!(reg.get("15.71").unwrap().name, "Kota Jambi");
        assert_eq!(reg.get("15.71").unwrap().kind, Kind::City);
        assert_eq!(reg.get("15.71").unwrap().province, "15");
        let jambi: Vec<&str> = reg.regencies_of("15").map(|r| r.code.as_str()).collect();
        assert_eq!(
            jambi,
            [
                "15.01", "15.02", "15.03", "15.04", "15.05", "15.06", "15.07", "15.08", "15.09", "15.71",
                "15.72"
            ]
        );
        // Every regency's province exists.
        for r in reg.iter() {
            assert!(reg.get(&r.province).is_some_and(Region::is_province), "{}", r.code);
        }
    }

    #[test]
    fn province_by_code_or_name() {
        let reg = registry();
        assert_eq!(reg.province("15").unwrap().code, "15");
        assert_eq!(reg.province("Jambi").unwrap().code, "15");
        assert_eq!(reg.province("provinsi jambi").unwrap().code, "15");
        assert_eq!(reg.province("NTB").unwrap().code, "52");
        assert_eq!(reg.province("DKI Jakarta").unwrap().code, "31");
        assert!(reg.province("15.71").is_err());
        assert!(reg.province("Kota Jambi").is_err());
        assert!(reg.province("Atlantis").is_err());
    }
}
