//! Finding an assessment by key without keeping a second copy of every key: a hash table of
//! positions into the list of assessments. Hashed with foldhash, as region names are hashed
//! hundreds of thousands of times on large inputs.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rayon::prelude::*;

use super::{Assessment, Key};

/// The index is split into this many tables by bits of the key's hash, so that the index of
/// hundreds of thousands of keys is built on every core, a table per task.
const SHARDS: usize = 16;

/// Entries are (32 bits of the key's hash, position): growing a table need not hash the keys
/// again, and an entry is 8 bytes rather than 16 (a large input's index has hundreds of
/// thousands, and the memory they take is memory touched, page by page, as the tables grow).
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyIndex {
    shards: [HashTable<Entry>; SHARDS],
    /// The entries whose position does not fit an [`Entry`] (see [`narrow`]), with the
    /// position whole; a key is in its shard's table or here, and looked for in both.
    wide: HashTable<(u32, usize)>,
    hasher: foldhash::fast::RandomState,
}

/// (the bits of the key's hash a table keeps, see [`short`]; the key's position).
type Entry = (u32, u32);

/// The bits of a hash a table keeps: its two halves folded.
fn short(hash: u64) -> u32 {
    (hash ^ (hash >> 32)) as u32
}

/// The hash a table is given for an entry, made from the bits it keeps: spread over 64 bits
/// (hashbrown picks the bucket by the low bits, the tag by the top seven).
fn spread(short: u32) -> u64 {
    u64::from(short).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The table's hash of an entry.
fn rehash(&(short, _): &Entry) -> u64 {
    spread(short)
}

/// Positions from here on are kept in [`KeyIndex::wide`]: 2³² assessments take hundreds of
/// GB, so only the tests (whose limit is low, to reach it) put any there.
#[cfg(not(test))]
const WIDE_FROM: u64 = 1 << 32;
#[cfg(test)]
const WIDE_FROM: u64 = 3000;

/// A position as an entry holds it, if it fits.
fn narrow(i: usize) -> Option<u32> {
    u32::try_from(i).ok().filter(|&p| u64::from(p) < WIDE_FROM)
}

/// Put the entry of position `i` in a shard's `table` if the position fits one; else give it
/// back, for [`KeyIndex::wide`].
fn put(table: &mut HashTable<Entry>, h: u32, i: usize) -> Option<(u32, usize)> {
    match narrow(i) {
        Some(p) => {
            table.insert_unique(spread(h), (h, p), rehash);
            None
        }
        None => Some((h, i)),
    }
}

/// The table's hash of a wide entry.
fn rehash_wide(&(short, _): &(u32, usize)) -> u64 {
    spread(short)
}

/// The table of a hash: middle bits, which a table's buckets (low bits) and tags (top seven)
/// leave alone.
fn shard(hash: u64) -> usize {
    (hash >> 40) as usize % SHARDS
}

impl KeyIndex {
    /// An empty index hashing like `other`, so that hashes computed by one serve the other.
    pub fn hashing_like(other: &KeyIndex) -> KeyIndex {
        KeyIndex { shards: Default::default(), wide: HashTable::new(), hasher: other.hasher.clone() }
    }

    pub fn hash(&self, key: &Key) -> u64 {
        self.hasher.hash_one(key)
    }

    /// The position in `items` of the assessment with this key.
    pub fn get(&self, items: &[Assessment], key: &Key) -> Option<usize> {
        self.get_hashed(items, key, self.hash(key))
    }

    /// [`KeyIndex::get`] with the key's [`KeyIndex::hash`] at hand.
    pub fn get_hashed(&self, items: &[Assessment], key: &Key, hash: u64) -> Option<usize> {
        let h = short(hash);
        let found =
            self.shards[shard(hash)].find(spread(h), |&(s, i)| s == h && items[i as usize].key == *key);
        match found {
            Some(&(_, i)) => Some(i as usize),
            None if self.wide.is_empty() => None,
            None => self.wide.find(spread(h), |&(s, i)| s == h && items[i].key == *key).map(|&(_, i)| i),
        }
    }

    /// Record that `items[i]` is the assessment with its key (which must not be there yet).
    pub fn insert(&mut self, items: &[Assessment], i: usize) {
        self.insert_hashed(self.hash(&items[i].key), i);
    }

    /// [`KeyIndex::insert`] with the key's [`KeyIndex::hash`] at hand.
    pub fn insert_hashed(&mut self, hash: u64, i: usize) {
        let wide = put(&mut self.shards[shard(hash)], short(hash), i);
        self.extend_wide(wide.into_iter());
    }

    /// Add the keys of other indexes hashing alike (of other lists), the key at position `k`
    /// of one at `at(k)` here (left out where `None`); the tables grow and fill in parallel.
    pub fn extend_from<F: Fn(usize) -> Option<usize> + Sync>(&mut self, others: &[(&KeyIndex, F)]) {
        let wide: Vec<Vec<(u32, usize)>> = self
            .shards
            .par_iter_mut()
            .enumerate()
            .map(|(s, table)| {
                table.reserve(others.iter().map(|(o, _)| o.shards[s].len()).sum(), rehash);
                let mut wide = Vec::new();
                for (other, at) in others {
                    for &(h, k) in other.shards[s].iter() {
                        if let Some(i) = at(k as usize) {
                            wide.extend(put(table, h, i));
                        }
                    }
                }
                wide
            })
            .collect();
        let of_others =
            others.iter().flat_map(|(o, at)| o.wide.iter().filter_map(|&(h, k)| Some((h, at(k)?))));
        self.extend_wide(wide.into_iter().flatten().chain(of_others));
    }

    /// Put entries in [`KeyIndex::wide`] (where a key found there is found as well as in its
    /// shard's table).
    fn extend_wide(&mut self, entries: impl Iterator<Item = (u32, usize)>) {
        for (h, i) in entries {
            self.wide.insert_unique(spread(h), (h, i), rehash_wide);
        }
    }

    /// An index of `items`, whose keys must be distinct.
    pub fn of(items: &[Assessment]) -> KeyIndex {
        let index = KeyIndex::default();
        let hashes: Vec<u64> = items.par_iter().with_min_len(1 << 14).map(|a| index.hash(&a.key)).collect();
        KeyIndex::of_hashes(&index, &hashes)
    }

    /// An index hashing like `like` of the keys whose [`KeyIndex::hash`]es are `hashes` (the
    /// key at position `i` has `hashes[i]`; keys must be distinct), its tables built in
    /// parallel.
    pub fn of_hashes(like: &KeyIndex, hashes: &[u64]) -> KeyIndex {
        let mut index = KeyIndex::hashing_like(like);
        // Each table goes through every hash and takes its own (a few instructions each, far
        // less than inserting them all on one thread).
        let wide: Vec<Vec<(u32, usize)>> = index
            .shards
            .par_iter_mut()
            .enumerate()
            .map(|(s, table)| {
                let mine = || hashes.iter().enumerate().filter(|&(_, &h)| shard(h) == s);
                table.reserve(mine().count(), rehash);
                let mut wide = Vec::new();
                for (i, &hash) in mine() {
                    wide.extend(put(table, short(hash), i));
                }
                wide
            })
            .collect();
        index.extend_wide(wide.into_iter().flatten());
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(region: &str, year: Option<i32>) -> Assessment {
        Assessment::new(Key { region: region.into(), year, stage: None, code: None }, 3)
    }

    #[test]
    fn finds_each_key_at_its_position() {
        let items: Vec<Assessment> = (0..1000).map(|i| a(&format!("R{}", i / 2), Some(i % 2))).collect();
        let index = KeyIndex::of(&items);
        for (i, item) in items.iter().enumerate() {
            assert_eq!(index.get(&items, &item.key), Some(i));
        }
        assert_eq!(index.get(&items, &a("R1", None).key), None);
        assert_eq!(index.get(&items, &a("R500", Some(0)).key), None);
    }

    #[test]
    fn built_at_once_or_one_by_one_it_finds_the_same() {
        let items: Vec<Assessment> = (0..5000).map(|i| a(&format!("R{i}"), None)).collect();
        let mut one_by_one = KeyIndex::default();
        for i in 0..items.len() {
            one_by_one.insert(&items, i);
        }
        let hashes: Vec<u64> = items.iter().map(|x| one_by_one.hash(&x.key)).collect();
        let at_once = KeyIndex::of_hashes(&one_by_one, &hashes);
        // Every table holds some: the keys spread over them.
        assert!(at_once.shards.iter().all(|t| !t.is_empty()));
        // Each key once: positions from WIDE_FROM (3000 in tests) whole, in the wide table.
        assert_eq!(at_once.shards.iter().map(HashTable::len).sum::<usize>(), WIDE_FROM as usize);
        assert_eq!(at_once.wide.len(), items.len() - WIDE_FROM as usize);
        assert_eq!(one_by_one.wide.len(), items.len() - WIDE_FROM as usize);
        for (i, item) in items.iter().enumerate() {
            assert_eq!(at_once.get(&items, &item.key), Some(i));
            assert_eq!(one_by_one.get(&items, &item.key), Some(i));
        }
        assert_eq!(at_once.get(&items, &a("R5000", None).key), None);
        // The second half in an index of its own, added with its positions moved up, but
        // "R4000", which is left out.
        let (front, back) = items.split_at(2500);
        let mut merged = KeyIndex::of_hashes(&one_by_one, &hashes[..2500]);
        let second = KeyIndex::of_hashes(&one_by_one, &hashes[2500..]);
        merged.extend_from(&[(&second, |k: usize| (k != 1500).then_some(2500 + k))]);
        for (i, item) in items.iter().enumerate() {
            let want = (i != 4000).then_some(i);
            assert_eq!(merged.get(&items, &item.key), want, "{}", item.key.region);
        }
        assert_eq!((front.len(), back[1500].key.region.as_str()), (2500, "R4000"));
        // An index's wide entries carried into another with the rest.
        let mut carried = KeyIndex::hashing_like(&one_by_one);
        carried.extend_from(&[(&at_once, |k: usize| Some(k))]);
        for (i, item) in items.iter().enumerate() {
            assert_eq!(carried.get(&items, &item.key), Some(i));
        }
    }
}
