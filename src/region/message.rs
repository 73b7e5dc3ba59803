//! What giving regions their codes has to say (names the registry does not hold, near or
//! ambiguous spellings, a code and a name that disagree, one government given twice), kept as
//! data and said in the language of the run.

use crate::i18n::{Lang, Localized};
use crate::rubric::Kind;

/// A region as a message names it: its full name and its Kemendagri code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub code: String,
}

impl Named {
    pub(crate) fn of(r: &super::Region) -> Named {
        Named { name: r.full_name(), code: r.code.clone() }
    }
}

/// A warning (or, for [`RegistryMessage::Merged`], an error) about the regions read.
#[derive(Debug, Clone, PartialEq)]
pub enum RegistryMessage {
    /// A name fits several regions, so it gets no code.
    Ambiguous {
        /// The name as written (quoted safely).
        name: String,
        /// The regions it fits.
        candidates: Vec<Named>,
    },
    /// A code column names one region, the name another; the code wins.
    CodeName {
        /// The name as written (quoted safely).
        region: String,
        /// The region the code names.
        code: Named,
        /// The region the name reads as.
        name: Named,
    },
    /// Names taken by a near spelling: each name (quoted safely) with the region it was taken as.
    Near(Vec<(String, Named)>),
    /// Names not in the registry: the first ones (quoted safely), and how many in all.
    Unresolved {
        /// The names listed.
        names: Vec<String>,
        /// How many names in all.
        count: usize,
    },
    /// Two spellings of one government give the same node in the same year.
    Merged {
        /// The two spellings (quoted safely).
        spelled: String,
        kept: String,
        /// The government.
        region: Named,
        /// The node both give.
        kind: Kind,
        id: String,
        year: Option<i32>,
    },
}

impl Localized for RegistryMessage {
    fn message(&self, lang: Lang) -> String {
        let named = |r: &Named| format!("{} ({})", r.name, r.code);
        match self {
            RegistryMessage::Ambiguous { name, candidates } => {
                let list: Vec<String> = candidates.iter().map(named).collect();
                let list = list.join(", ");
                match lang {
                    Lang::En => format!(
                        "region `{name}` fits {list}; it gets no code: write Kabupaten, Kota or Provinsi in the name, or give a code column"
                    ),
                    Lang::Id => format!(
                        "wilayah `{name}` cocok dengan {list}; tidak diberi kode: tulis Kabupaten, Kota atau Provinsi pada namanya, atau berikan kolom kode"
                    ),
                }
            }
            RegistryMessage::CodeName { region, code, name } => {
                let (c, cn, o, oc) = (&code.code, &code.name, &name.name, &name.code);
                match lang {
                    Lang::En => format!(
                        "region `{region}` is given code {c} ({cn}), but its name reads as {o} ({oc}); the code wins"
                    ),
                    Lang::Id => format!(
                        "wilayah `{region}` diberi kode {c} ({cn}), tetapi namanya terbaca sebagai {o} ({oc}); kodenya yang dipakai"
                    ),
                }
            }
            RegistryMessage::Near(list) => {
                let as_ = lang.t("as", "sebagai");
                let list: Vec<String> =
                    list.iter().map(|(n, r)| format!("`{n}` {as_} {}", named(r))).collect();
                format!(
                    "{}: {}",
                    lang.t(
                        "region names taken by a near spelling (check them)",
                        "nama wilayah yang dibaca dari ejaan yang mirip (periksa)"
                    ),
                    list.join("; ")
                )
            }
            RegistryMessage::Unresolved { names, count } => {
                let mut list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                let more = count.saturating_sub(names.len());
                if more > 0 {
                    list.push(match lang {
                        Lang::En => format!("… and {more} more"),
                        Lang::Id => format!("… dan {more} lainnya"),
                    });
                }
                let list = list.join(", ");
                match lang {
                    Lang::En => format!(
                        "{count} region {} not in the Kemendagri registry and {} no code (`spbe regions resolve` says why): {list}",
                        if *count == 1 { "name is" } else { "names are" },
                        if *count == 1 { "gets" } else { "get" },
                    ),
                    Lang::Id => format!(
                        "{count} nama wilayah tidak ada di daftar Kemendagri dan tidak diberi kode (`spbe regions resolve` menjelaskan sebabnya): {list}"
                    ),
                }
            }
            RegistryMessage::Merged { spelled, kept, region, kind, id, year } => {
                let (name, code) = (&region.name, &region.code);
                let kind = kind.label(lang);
                match lang {
                    Lang::En => format!(
                        "`{spelled}` and `{kept}` are one government ({name}, code {code}), and both give {kind} {id}{}: keep one of them",
                        year.map_or(String::new(), |y| format!(" in {y}"))
                    ),
                    Lang::Id => format!(
                        "`{spelled}` dan `{kept}` adalah satu pemerintah ({name}, kode {code}), dan keduanya memberi {kind} {id}{}: simpan salah satunya",
                        year.map_or(String::new(), |y| format!(" pada {y}"))
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jambi() -> Named {
        Named { name: "Kota Jambi".into(), code: "15.71".into() }
    }

    #[test]
    fn unresolved_names_are_counted_in_both_languages() {
        let m = RegistryMessage::Unresolved { names: vec!["Atlantis".into()], count: 1 };
        assert_eq!(
            m.message(Lang::En),
            "1 region name is not in the Kemendagri registry and gets no code (`spbe regions resolve` says why): `Atlantis`"
        );
        assert_eq!(
            m.message(Lang::Id),
            "1 nama wilayah tidak ada di daftar Kemendagri dan tidak diberi kode (`spbe regions resolve` menjelaskan sebabnya): `Atlantis`"
        );
        // 22 names, 20 listed: two more.
        let m = RegistryMessage::Unresolved { names: vec!["A".into(), "B".into()], count: 4 };
        assert_eq!(
            m.message(Lang::En),
            "4 region names are not in the Kemendagri registry and get no code (`spbe regions resolve` says why): `A`, `B`, … and 2 more"
        );
        assert!(m.message(Lang::Id).ends_with(": `A`, `B`, … dan 2 lainnya"), "{}", m.message(Lang::Id));
    }

    #[test]
    fn near_ambiguous_code_and_merged_in_both_languages() {
        let m = RegistryMessage::Near(vec![("Kota Jambii".into(), jambi())]);
        assert_eq!(
            m.message(Lang::En),
            "region names taken by a near spelling (check them): `Kota Jambii` as Kota Jambi (15.71)"
        );
        assert_eq!(
            m.message(Lang::Id),
            "nama wilayah yang dibaca dari ejaan yang mirip (periksa): `Kota Jambii` sebagai Kota Jambi (15.71)"
        );
        let m = RegistryMessage::Ambiguous { name: "Jambi".into(), candidates: vec![jambi()] };
        assert!(m.message(Lang::En).starts_with("region `Jambi` fits Kota Jambi (15.71); it gets no code"));
        assert!(m
            .message(Lang::Id)
            .starts_with("wilayah `Jambi` cocok dengan Kota Jambi (15.71); tidak diberi kode"));
        let other = Named { name: "Kabupaten Kerinci".into(), code: "15.01".into() };
        let m = RegistryMessage::CodeName { region: "Jambi".into(), code: jambi(), name: other };
        assert_eq!(
            m.message(Lang::En),
            "region `Jambi` is given code 15.71 (Kota Jambi), but its name reads as Kabupaten Kerinci (15.01); the code wins"
        );
        assert!(m
            .message(Lang::Id)
            .ends_with("terbaca sebagai Kabupaten Kerinci (15.01); kodenya yang dipakai"));
        let m = RegistryMessage::Merged {
            spelled: "Kota  Jambi".into(),
            kept: "Kota Jambi".into(),
            region: jambi(),
            kind: Kind::Indicator,
            id: "5".into(),
            year: Some(2024),
        };
        assert_eq!(
            m.message(Lang::En),
            "`Kota  Jambi` and `Kota Jambi` are one government (Kota Jambi, code 15.71), and both give indicator 5 in 2024: keep one of them"
        );
        assert_eq!(
            m.message(Lang::Id),
            "`Kota  Jambi` dan `Kota Jambi` adalah satu pemerintah (Kota Jambi, kode 15.71), dan keduanya memberi indikator 5 pada 2024: simpan salah satunya"
        );
    }
}
