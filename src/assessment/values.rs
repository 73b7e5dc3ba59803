//! The values given for one assessment, one slot per rubric node, stored compactly: a byte per
//! node while every value is a whole level in `0..=254` (all the official rubrics' levels), full
//! `Option<f64>`s otherwise. At 200,000 regions × 59 nodes that is 12 MB instead of 189 MB.

use std::ops::Index;

/// `SMALL[code]` is the value a byte stands for: 0 is "not given", `k` is level `k - 1`.
static SMALL: [Option<f64>; 256] = {
    let mut t = [None; 256];
    let mut i = 1;
    while i < 256 {
        t[i] = Some((i - 1) as f64);
        i += 1;
    }
    t
};

/// The byte for a value, if it has one.
fn code(v: Option<f64>) -> Option<u8> {
    match v {
        None => Some(0),
        Some(x) if x.fract() == 0.0 && (0.0..=254.0).contains(&x) && !(x == 0.0 && x.is_sign_negative()) => {
            Some(x as u8 + 1)
        }
        Some(_) => None,
    }
}

/// One value per rubric node; `None` where nothing was given. Read with `values[node]` or
/// [`Values::get`], write with [`Values::set`].
#[derive(Clone)]
pub struct Values(Repr);

#[derive(Clone)]
enum Repr {
    Small(Box<[u8]>),
    Full(Box<[Option<f64>]>),
}

impl Values {
    /// `nodes` slots, none given.
    pub fn new(nodes: usize) -> Values {
        Values(Repr::Small(vec![0; nodes].into_boxed_slice()))
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Small(b) => b.len(),
            Repr::Full(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, node: usize) -> Option<f64> {
        self[node]
    }

    #[inline]
    pub fn is_set(&self, node: usize) -> bool {
        match &self.0 {
            Repr::Small(b) => b[node] != 0,
            Repr::Full(v) => v[node].is_some(),
        }
    }

    pub fn set(&mut self, node: usize, value: Option<f64>) {
        match (&mut self.0, code(value)) {
            (Repr::Small(b), Some(c)) => b[node] = c,
            (Repr::Full(v), _) => v[node] = value,
            (Repr::Small(_), None) => {
                let mut full = self.to_vec();
                full[node] = value;
                self.0 = Repr::Full(full.into_boxed_slice());
            }
        }
    }

    /// Give `node` the whole level 0..=254 that `code` stands for (see `SMALL`), unless it
    /// has a value already: then return false and change nothing. The fast reader's way in.
    #[inline(always)]
    pub(crate) fn put_code(&mut self, node: usize, code: u8) -> bool {
        match &mut self.0 {
            Repr::Small(b) if b[node] == 0 => b[node] = code,
            Repr::Full(v) if v[node].is_none() => v[node] = SMALL[code as usize],
            _ => return false,
        }
        true
    }

    /// The value of every node, in node order.
    pub fn iter(&self) -> impl Iterator<Item = &Option<f64>> + '_ {
        (0..self.len()).map(move |i| &self[i])
    }

    pub fn to_vec(&self) -> Vec<Option<f64>> {
        self.iter().copied().collect()
    }

    /// Nodes that have a value.
    pub fn given(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter(move |&i| self.is_set(i))
    }
}

impl Index<usize> for Values {
    type Output = Option<f64>;

    #[inline]
    fn index(&self, node: usize) -> &Option<f64> {
        match &self.0 {
            Repr::Small(b) => &SMALL[b[node] as usize],
            Repr::Full(v) => &v[node],
        }
    }
}

impl From<Vec<Option<f64>>> for Values {
    fn from(v: Vec<Option<f64>>) -> Values {
        let codes: Option<Vec<u8>> = v.iter().map(|&x| code(x)).collect();
        match codes {
            Some(c) => Values(Repr::Small(c.into_boxed_slice())),
            None => Values(Repr::Full(v.into_boxed_slice())),
        }
    }
}

/// Equal when every node has the same value, however each is stored.
impl PartialEq for Values {
    fn eq(&self, other: &Values) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for Values {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn whole_levels_stay_small_and_read_back() {
        let mut v = Values::new(4);
        v.set(0, Some(0.0));
        v.set(1, Some(5.0));
        v.set(3, Some(254.0));
        assert!(matches!(v.0, Repr::Small(_)));
        assert_eq!(v.to_vec(), [Some(0.0), Some(5.0), None, Some(254.0)]);
        assert!(v.is_set(0) && !v.is_set(2));
        assert_eq!(v.given().collect::<Vec<_>>(), [0, 1, 3]);
    }

    #[test]
    fn anything_else_switches_to_full_precision() {
        for x in [3.7, -1.0, 255.0, -0.0, 1e300] {
            let mut v = Values::new(3);
            v.set(0, Some(2.0));
            v.set(1, Some(x));
            assert!(matches!(v.0, Repr::Full(_)), "{x}");
            assert_eq!(v[1].map(f64::to_bits), Some(x.to_bits()));
            assert_eq!(v[0], Some(2.0));
            v.set(1, None);
            assert_eq!(v[1], None);
        }
    }

    proptest! {
        #[test]
        fn values_hold_what_is_set(ops in proptest::collection::vec((0usize..8, proptest::option::of(prop_oneof![
            (0u8..=255).prop_map(f64::from),
            -10.0f64..300.0,
        ])), 0..40)) {
            let mut v = Values::new(8);
            let mut model = vec![None; 8];
            for (i, x) in ops {
                v.set(i, x);
                model[i] = x;
            }
            prop_assert_eq!(v.to_vec(), model.clone());
            prop_assert_eq!(Values::from(model.clone()), v.clone());
            for (i, m) in model.iter().enumerate() {
                prop_assert_eq!(v.is_set(i), m.is_some());
            }
        }
    }
}
