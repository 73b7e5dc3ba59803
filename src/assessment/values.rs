//! The values given for one assessment, one slot per rubric node, stored compactly and exactly:
//! a byte per node while every value is a whole level in `0..=254` (all the official rubrics'
//! levels); two bytes, thousandths, while every value is a decimal of at most three places in
//! `0..=10` (Pemdi's 1.26 or 2.5); full `Option<f64>`s otherwise. At 200,000 regions × 59
//! nodes that is 12 MB (24 MB with decimals) instead of 189 MB. Up to 64 bytes of them are held
//! in the assessment itself.

use std::ops::Index;

use smallvec::SmallVec;

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

/// Thousandths up to this are held in two bytes.
const MAX_MILLI: u16 = 10_000;

/// `MILLI[code]` is the value two bytes stand for: 0 is "not given", `k` is `(k - 1) / 1000`,
/// divided as at run time (correctly rounded), so the nearest `f64` to the decimal written.
static MILLI: [Option<f64>; MAX_MILLI as usize + 2] = {
    let mut t = [None; MAX_MILLI as usize + 2];
    let mut i = 1;
    while i < t.len() {
        t[i] = Some((i - 1) as f64 / 1000.0);
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

/// The two bytes for a value, if it has them: exactly `m / 1000` for a whole `m`.
fn milli_code(v: Option<f64>) -> Option<u16> {
    match v {
        None => Some(0),
        Some(x)
            if (0.0..=f64::from(MAX_MILLI) / 1000.0).contains(&x) && !(x == 0.0 && x.is_sign_negative()) =>
        {
            let m = (x * 1000.0).round();
            // Read back exactly as it will be: the same bits, or not held here.
            (m / 1000.0 == x).then_some(m as u16 + 1)
        }
        Some(_) => None,
    }
}

/// Whole-level bytes as thousandths, when every level fits (at most [`MAX_MILLI`] / 1000).
fn widen(b: &[u8]) -> Option<Milli> {
    // Sized once: collecting `Option`s cannot know the length, and grew three times a region.
    let mut wide = Milli::with_capacity(b.len());
    for &c in b {
        wide.push(milli_of_code(c)?);
    }
    Some(wide)
}

/// The two bytes of thousandths for a whole level's byte (0, not given, stays 0), if it fits.
fn milli_of_code(c: u8) -> Option<u16> {
    match c {
        0 => Some(0),
        c if u32::from(c - 1) * 1000 <= u32::from(MAX_MILLI) => Some(u16::from(c - 1) * 1000 + 1),
        _ => None,
    }
}

/// One value per rubric node; `None` where nothing was given. Read with `values[node]` or
/// [`Values::get`], write with [`Values::set`].
#[derive(Clone)]
pub struct Values(Repr);

/// Bytes and thousandths are held in the assessment itself up to 64 bytes (spbe-2020's 59
/// nodes as bytes, Pemdi's 27 as thousandths), on the heap beyond: no allocation per region
/// (a `calloc` and a page fault per 4 KiB of them, on 200,000 regions) and no pointer to follow
/// when the engine reads them.
type Small = SmallVec<[u8; 64]>;
type Milli = SmallVec<[u16; 32]>;

#[derive(Clone)]
enum Repr {
    Small(Small),
    Milli(Milli),
    Full(Box<[Option<f64>]>),
}

impl Values {
    /// `nodes` slots, none given.
    pub fn new(nodes: usize) -> Values {
        Values(Repr::Small(smallvec::smallvec![0; nodes]))
    }

    /// `nodes` slots, none given, holding thousandths from the start: what [`Values::new`]
    /// widens to at the first decimal, for an assessment whose first value is one.
    pub(crate) fn thousandths(nodes: usize) -> Values {
        Values(Repr::Milli(smallvec::smallvec![0; nodes]))
    }

    /// How many nodes it has a slot for.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Small(b) => b.len(),
            Repr::Milli(m) => m.len(),
            Repr::Full(v) => v.len(),
        }
    }

    /// Whether it has no slots.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value given for a node, if any.
    pub fn get(&self, node: usize) -> Option<f64> {
        self[node]
    }

    /// Whether a value is given for a node.
    #[inline]
    pub fn is_set(&self, node: usize) -> bool {
        match &self.0 {
            Repr::Small(b) => b[node] != 0,
            Repr::Milli(m) => m[node] != 0,
            Repr::Full(v) => v[node].is_some(),
        }
    }

    /// Give (or with `None` clear) a node's value, widening the storage when the value does
    /// not fit the compact one.
    pub fn set(&mut self, node: usize, value: Option<f64>) {
        match &mut self.0 {
            Repr::Small(b) => {
                if let Some(c) = code(value) {
                    b[node] = c;
                    return;
                }
                // The first decimal of an assessment (Pemdi's 1.26 after whole levels): widen
                // the bytes to thousandths directly, once per assessment on the fast path.
                if let (Some(m), Some(wide)) = (milli_code(value), widen(b)) {
                    let mut wide = wide;
                    wide[node] = m;
                    self.0 = Repr::Milli(wide);
                    return;
                }
            }
            Repr::Milli(m) => {
                if let Some(c) = milli_code(value) {
                    m[node] = c;
                    return;
                }
            }
            Repr::Full(v) => {
                v[node] = value;
                return;
            }
        }
        // The value does not fit: the smallest form that holds it and the others.
        let mut all = self.to_vec();
        all[node] = value;
        *self = Values::from(all);
    }

    /// Give `node` the whole level 0..=254 that `code` stands for (see `SMALL`), unless it
    /// has a value already: then return false and change nothing. The fast reader's way in.
    #[inline(always)]
    pub(crate) fn put_code(&mut self, node: usize, code: u8) -> bool {
        match &mut self.0 {
            Repr::Small(b) => {
                let fresh = b[node] == 0;
                if fresh {
                    b[node] = code;
                }
                return fresh;
            }
            // A whole level among decimals (an assessor's 1.00 or 5.00): its thousandths.
            Repr::Milli(m) => {
                if let Some(wide) = milli_of_code(code).filter(|&w| w != 0) {
                    let fresh = m[node] == 0;
                    if fresh {
                        m[node] = wide;
                    }
                    return fresh;
                }
            }
            Repr::Full(_) => {}
        }
        !self.is_set(node) && {
            self.set(node, SMALL[code as usize]);
            true
        }
    }

    /// The bytes of whole levels (see `SMALL`), while the values are held so: for a loop that
    /// writes many of one assessment's, looking at the form once.
    #[inline]
    pub(crate) fn codes_mut(&mut self) -> Option<&mut [u8]> {
        match &mut self.0 {
            Repr::Small(b) => Some(b),
            _ => None,
        }
    }

    /// Give `node` the value `milli / 1000` (at most [`MAX_MILLI`]), unless it has a value
    /// already: then return false and change nothing. The fast reader's way in for decimals.
    #[inline(always)]
    pub(crate) fn put_milli(&mut self, node: usize, milli: u16) -> bool {
        if let Repr::Milli(m) = &mut self.0 {
            if m[node] == 0 && milli <= MAX_MILLI {
                m[node] = milli + 1;
                return true;
            }
        }
        !self.is_set(node) && {
            self.set(node, Some(f64::from(milli) / 1000.0));
            true
        }
    }

    /// The value of every node, in node order.
    pub fn iter(&self) -> impl Iterator<Item = &Option<f64>> + '_ {
        (0..self.len()).map(move |i| &self[i])
    }

    /// Every slot as an `Option<f64>`, in node order.
    pub fn to_vec(&self) -> Vec<Option<f64>> {
        self.iter().copied().collect()
    }

    /// Append the value of every node to `out`, in node order (one look at the form, not one
    /// per node: the engine copies every assessment's values).
    pub fn append_to(&self, out: &mut Vec<Option<f64>>) {
        match &self.0 {
            Repr::Small(b) => out.extend(b.iter().map(|&c| SMALL[c as usize])),
            Repr::Milli(m) => out.extend(m.iter().map(|&c| MILLI[c as usize])),
            Repr::Full(v) => out.extend_from_slice(v),
        }
    }

    /// Whether the nodes given are exactly those where `at` is true (`at` has one entry per
    /// node).
    pub fn given_exactly(&self, at: &[bool]) -> bool {
        // An OR of bytes rather than `all`: no early exit, so the compiler compares many slots
        // at once.
        fn exactly<T>(slots: &[T], at: &[bool], given: impl Fn(&T) -> bool) -> bool {
            slots.len() == at.len()
                && slots.iter().zip(at).map(|(s, &a)| u8::from(given(s) != a)).fold(0, |x, y| x | y) == 0
        }
        match &self.0 {
            Repr::Small(b) => exactly(b, at, |&c| c != 0),
            Repr::Milli(m) => exactly(m, at, |&c| c != 0),
            Repr::Full(v) => exactly(v, at, Option::is_some),
        }
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
            Repr::Milli(m) => &MILLI[m[node] as usize],
            Repr::Full(v) => &v[node],
        }
    }
}

impl From<Vec<Option<f64>>> for Values {
    /// The smallest form that holds every value exactly.
    fn from(v: Vec<Option<f64>>) -> Values {
        if let Some(c) = v.iter().map(|&x| code(x)).collect::<Option<Small>>() {
            return Values(Repr::Small(c));
        }
        if let Some(c) = v.iter().map(|&x| milli_code(x)).collect::<Option<Milli>>() {
            return Values(Repr::Milli(c));
        }
        Values(Repr::Full(v.into_boxed_slice()))
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
    fn decimals_of_up_to_three_places_take_two_bytes() {
        let mut v = Values::new(4);
        v.set(0, Some(2.0));
        v.set(1, Some(1.26));
        assert!(matches!(v.0, Repr::Milli(_)));
        assert!(v.put_milli(2, 2500));
        assert!(!v.put_milli(2, 3000), "given already");
        assert!(v.put_code(3, 5)); // level 4
                                   // 1.26 reads back as the f64 that "1.26" parses to, bit for bit.
        let want = [Some(2.0), Some("1.26".parse().unwrap()), Some(2.5), Some(4.0)];
        assert_eq!(v.to_vec(), want);
        assert!(matches!(v.0, Repr::Milli(_)));
        // A fourth decimal place, or a decimal beyond 10, does not fit: full precision.
        for x in [1.2345, 10.5] {
            let mut w = v.clone();
            w.set(0, Some(x));
            assert!(matches!(w.0, Repr::Full(_)), "{x}");
            assert_eq!(w[0], Some(x));
            assert_eq!(w[1], want[1]);
        }
    }

    #[test]
    fn whole_levels_widen_to_thousandths_only_where_they_fit() {
        // Levels up to 10 widen to thousandths (10 = 10,000, MAX_MILLI); level 11 does not.
        let mut v = Values::new(3);
        v.set(0, Some(10.0));
        v.set(1, Some(1.26));
        assert!(matches!(v.0, Repr::Milli(_)));
        assert_eq!(v.to_vec(), [Some(10.0), Some("1.26".parse().unwrap()), None]);
        let mut v = Values::new(3);
        v.set(0, Some(11.0));
        v.set(1, Some(1.26));
        assert!(matches!(v.0, Repr::Full(_)));
        assert_eq!(v.to_vec(), [Some(11.0), Some(1.26), None]);
    }

    #[test]
    fn the_table_of_thousandths_divides_as_at_run_time() {
        let divide = std::hint::black_box(1000.0);
        for (k, v) in MILLI.iter().enumerate().skip(1) {
            assert_eq!(v.map(f64::to_bits), Some(((k - 1) as f64 / divide).to_bits()), "{k}");
            // And as the decimal text parses (k = 1261 is "1.260").
            let text = format!("{}.{:03}", (k - 1) / 1000, (k - 1) % 1000);
            assert_eq!(*v, Some(text.parse::<f64>().unwrap()), "{text}");
        }
    }

    #[test]
    fn anything_else_switches_to_full_precision() {
        for x in [3.7001, -1.0, 255.0, -0.0, 1e300, 10.001, 1.0 / 3.0] {
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
            (0u16..12_000).prop_map(|m| f64::from(m) / 1000.0),
            -10.0f64..300.0,
        ])), 0..40)) {
            let mut v = Values::new(8);
            let mut model = vec![None; 8];
            // Started in thousandths (the fast reader's way for a first decimal): the same values.
            let mut t = Values::thousandths(8);
            for (i, x) in ops {
                v.set(i, x);
                t.set(i, x);
                model[i] = x;
            }
            prop_assert_eq!(v.to_vec(), model.clone());
            prop_assert_eq!(&t, &v);
            // The engine's copy, in every form.
            let mut copied = vec![Some(-1.0)];
            v.append_to(&mut copied);
            prop_assert_eq!(&copied[1..], &model[..]);
            prop_assert_eq!(Values::from(model.clone()), v.clone());
            for (i, m) in model.iter().enumerate() {
                prop_assert_eq!(v.is_set(i), m.is_some());
            }
        }

        /// The fast reader's ways in give a node its first value only, as `set` would, in
        /// whatever form the values are held (whole levels among decimals included).
        #[test]
        fn put_gives_a_first_value_as_set_does(thousandths in any::<bool>(), ops in proptest::collection::vec((0usize..6, prop_oneof![
            (1u8..=255).prop_map(Ok),
            (0u16..=MAX_MILLI).prop_map(Err),
        ]), 0..30)) {
            let mut v = if thousandths { Values::thousandths(6) } else { Values::new(6) };
            let mut model: Vec<Option<f64>> = vec![None; 6];
            for (i, put) in ops {
                let (fresh, value) = match put {
                    Ok(code) => (v.put_code(i, code), SMALL[code as usize]),
                    Err(milli) => (v.put_milli(i, milli), Some(f64::from(milli) / 1000.0)),
                };
                prop_assert_eq!(fresh, model[i].is_none());
                if fresh {
                    model[i] = value;
                }
                prop_assert_eq!(v.to_vec(), model.clone());
            }
        }
    }
}
