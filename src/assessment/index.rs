//! Finding an assessment by key without keeping a second copy of every key: a hash table of
//! positions into the list of assessments. Hashed with foldhash, as region names are hashed
//! hundreds of thousands of times on large inputs.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use super::{Assessment, Key};

/// Entries are (hash of the key, position), so that growing the table need not hash the keys
/// again.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyIndex {
    table: HashTable<(u64, usize)>,
    hasher: foldhash::fast::RandomState,
}

impl KeyIndex {
    /// An empty index hashing like `other`, so that hashes computed by one serve the other.
    pub fn hashing_like(other: &KeyIndex) -> KeyIndex {
        KeyIndex { table: HashTable::new(), hasher: other.hasher.clone() }
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
        self.table.find(hash, |&(h, i)| h == hash && items[i].key == *key).map(|&(_, i)| i)
    }

    /// Room for `n` more keys.
    pub fn reserve(&mut self, n: usize) {
        self.table.reserve(n, |&(h, _)| h);
    }

    /// Record that `items[i]` is the assessment with its key (which must not be there yet).
    pub fn insert(&mut self, items: &[Assessment], i: usize) {
        self.insert_hashed(self.hash(&items[i].key), i);
    }

    /// [`KeyIndex::insert`] with the key's [`KeyIndex::hash`] at hand.
    pub fn insert_hashed(&mut self, hash: u64, i: usize) {
        self.table.insert_unique(hash, (hash, i), |&(h, _)| h);
    }

    /// An index of `items`, whose keys must be distinct.
    pub fn of(items: &[Assessment]) -> KeyIndex {
        let mut index = KeyIndex::default();
        index.table.reserve(items.len(), |_| 0);
        for i in 0..items.len() {
            index.insert(items, i);
        }
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
}
