//! The national overview: every province against its own kabupaten/kota (`spbe compare --group
//! province`, and a section of the report). Pure functions over scores of one year.

use crate::compare::{rank_values, stats, Stats, TIE_TOLERANCE};
use crate::region::{registry, Region};
use crate::score::RegionScore;

/// One province and its kabupaten/kota.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvinceRow {
    pub province: &'static Region,
    /// The province's own assessment (position in the scores), where the input has it.
    pub own: Option<usize>,
    /// The index of its kabupaten/kota in the input: count, mean, median, minimum, maximum.
    pub regencies: Stats,
    /// With the province's own index: how many of its kabupaten/kota are above and below it
    /// (equal within the tie tolerance counts as neither).
    pub above: Option<usize>,
    pub below: Option<usize>,
    /// The province's rank by its own index among the provinces that have one (ties share the
    /// best rank, 1, 2, 2, 4).
    pub rank: Option<usize>,
}

/// The overview of a set of scores (one year).
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// Ranked provinces first (by rank, then code), then those without their own index (by code).
    pub rows: Vec<ProvinceRow>,
    /// Regions without a code (central instansi, names not in the registry), left out.
    pub left_out: usize,
}

/// What [`by_province`] reads of a region's score: where it is and its index.
pub trait Placed {
    /// The region in the Kemendagri registry, where its name resolved.
    fn code(&self) -> Option<&'static Region>;
    /// Unrounded index.
    fn index(&self) -> f64;
}

impl Placed for RegionScore {
    fn code(&self) -> Option<&'static Region> {
        self.key.code
    }

    fn index(&self) -> f64 {
        self.index
    }
}

impl<T: Placed> Placed for &T {
    fn code(&self) -> Option<&'static Region> {
        (**self).code()
    }

    fn index(&self) -> f64 {
        (**self).index()
    }
}

/// Group scores by province (a [`RegionScore`] each, or a borrow of what a view keeps).
pub fn by_province<S: Placed>(scores: &[S]) -> Overview {
    let mut left_out = 0;
    // Per province code: own assessment, regency indices.
    let mut groups: Vec<(&'static Region, Option<usize>, Vec<f64>)> = Vec::new();
    for (i, s) in scores.iter().enumerate() {
        let Some(region) = s.code() else {
            left_out += 1;
            continue;
        };
        let Some(province) = registry().get(&region.province) else {
            left_out += 1;
            continue;
        };
        let g = match groups.iter().position(|g| std::ptr::eq(g.0, province)) {
            Some(g) => g,
            None => {
                groups.push((province, None, Vec::new()));
                groups.len() - 1
            }
        };
        if region.is_province() {
            groups[g].1 = Some(i);
        } else {
            groups[g].2.push(s.index());
        }
    }
    let owned: Vec<usize> = (0..groups.len()).filter(|&g| groups[g].1.is_some()).collect();
    let own_index: Vec<f64> = owned.iter().filter_map(|&g| groups[g].1.map(|i| scores[i].index())).collect();
    let ranks = rank_values(&own_index);
    let mut rows: Vec<ProvinceRow> = groups
        .into_iter()
        .enumerate()
        .map(|(g, (province, own, indices))| {
            let rank = owned.iter().position(|&o| o == g).map(|k| ranks[k]);
            let own_value = own.map(|i| scores[i].index());
            let count = |pred: fn(f64, f64) -> bool| {
                own_value.map(|p| indices.iter().filter(|&&x| pred(x, p)).count())
            };
            ProvinceRow {
                province,
                own,
                regencies: stats(indices.iter().map(|&x| Some(x))),
                above: count(|x, p| x > p + TIE_TOLERANCE),
                below: count(|x, p| x < p - TIE_TOLERANCE),
                rank,
            }
        })
        .collect();
    let code_order = |r: &ProvinceRow| r.province.code.parse::<u32>().unwrap_or(u32::MAX);
    rows.sort_by_key(|r| (r.rank.is_none(), r.rank, code_order(r)));
    Overview { rows, left_out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Key;

    fn score(region: &str, index: f64) -> RegionScore {
        let code = crate::region::resolve(region).region();
        RegionScore {
            key: Key { region: region.into(), year: None, stage: None, code },
            scores: Vec::new(),
            index,
            band: 0,
            complete: true,
            missing: Vec::new(),
            pending: Vec::new(),
            findings: Vec::new(),
            published: None,
        }
    }

    #[test]
    fn provinces_against_their_regencies_ranked_by_their_own_index() {
        let scores = [
            score("Kab. Kerinci", 2.0),
            score("Provinsi Jambi", 3.0),
            score("Kota Jambi", 4.0),
            score("Kab. Bungo", 3.0),
            score("Provinsi NTB", 3.5),
            score("Kota Mataram", 2.5),
            score("Kab. Lombok Barat", 1.5),
            score("Kab. Bandung", 2.0),
            score("Kementerian Keuangan", 4.0),
        ];
        let o = by_province(&scores);
        assert_eq!(o.left_out, 1);
        let codes: Vec<&str> = o.rows.iter().map(|r| r.province.code.as_str()).collect();
        assert_eq!(codes, ["52", "15", "32"]);
        let (ntb, jambi, jabar) = (&o.rows[0], &o.rows[1], &o.rows[2]);
        // NTB 3.5 ranks above Jambi 3.0; Jawa Barat has no own index.
        assert_eq!((ntb.rank, jambi.rank, jabar.rank), (Some(1), Some(2), None));
        // Jambi: regencies 2, 4, 3 → mean 3, median 3; Kota Jambi above, Kerinci below, Bungo equal.
        assert_eq!(jambi.own, Some(1));
        assert_eq!(jambi.regencies.count, 3);
        assert_eq!(jambi.regencies.mean, Some(3.0));
        assert_eq!(jambi.regencies.median, Some(3.0));
        assert_eq!((jambi.regencies.min, jambi.regencies.max), (Some(2.0), Some(4.0)));
        assert_eq!((jambi.above, jambi.below), (Some(1), Some(1)));
        // NTB: 2.5 and 1.5 → mean and median 2.0, both below 3.5.
        assert_eq!(ntb.regencies.mean, Some(2.0));
        assert_eq!((ntb.above, ntb.below), (Some(0), Some(2)));
        assert_eq!((jabar.own, jabar.above, jabar.below), (None, None, None));
        assert_eq!(jabar.regencies.count, 1);
    }
}
