//! The binary's allocator: the system's, except that a block of 2 MiB or more is mapped on its
//! own in whole huge pages (2 MiB, transparent, where the kernel gives them).
//!
//! Why: a long CSV of 200,000 regions touches some 70 MiB of new memory (the assessments, their
//! index, the scores), and with 4 KiB pages that is about 19,600 page faults, a sixth of the
//! run's processor time (`BENCHMARKS.md`). The large blocks are a few lists that grow by
//! doubling; in huge pages each 2 MiB of them costs one fault instead of 512. Small blocks (a
//! region's name) stay with the system allocator, which packs them.
//!
//! A large block's mapping is its size rounded up to 2 MiB and starts on a 2 MiB boundary, so
//! that every page of it can be huge; a touched block holds at most 2 MiB more than it uses.
//! Growing moves the pages already there into the new mapping (`mremap`) rather than copying
//! them. Where the kernel has no huge page to give, it gives small ones, as without this.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ptr;

/// A huge page, the unit and alignment of a large block's mapping.
const HUGE: usize = 2 << 20;

/// The system allocator, with blocks of 2 MiB or more mapped in huge pages.
pub struct HugeBlocks;

/// A block mapped here rather than by the system allocator. Alignments up to a huge page are
/// met by the mapping's own; a larger one (never asked for) goes to the system.
fn large(size: usize, align: usize) -> bool {
    size >= HUGE && align <= HUGE
}

/// The mapping's length for a block of `size` bytes (at least [`HUGE`]): a whole number of huge
/// pages, or `None` past the address space.
fn mapped(size: usize) -> Option<usize> {
    size.checked_add(HUGE - 1).map(|s| s & !(HUGE - 1))
}

/// `len` bytes (a multiple of [`HUGE`]) of zeroed memory at a 2 MiB boundary, null if the
/// system has none. Maps a huge page more than asked and unmaps what lies outside the boundary.
unsafe fn map(len: usize) -> *mut u8 {
    let Some(over) = len.checked_add(HUGE) else { return ptr::null_mut() };
    let p = libc::mmap(
        ptr::null_mut(),
        over,
        libc::PROT_READ | libc::PROT_WRITE,
        libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
        -1,
        0,
    );
    if p == libc::MAP_FAILED {
        return ptr::null_mut();
    }
    let start = p as usize;
    let aligned = (start + HUGE - 1) & !(HUGE - 1);
    let head = aligned - start;
    if head > 0 {
        libc::munmap(p, head);
    }
    let tail = over - head - len;
    if tail > 0 {
        libc::munmap((aligned + len) as *mut libc::c_void, tail);
    }
    // Advice only: where it fails the block is in small pages, as from the system allocator.
    libc::madvise(aligned as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
    aligned as *mut u8
}

unsafe fn unmap(p: *mut u8, len: usize) {
    libc::munmap(p.cast(), len);
}

/// A large block grown or shrunk from `old` to `new` mapped bytes (both multiples of [`HUGE`]).
unsafe fn remap(p: *mut u8, old: usize, new: usize) -> *mut u8 {
    if new <= old {
        if new < old {
            unmap(p.add(new), old - new);
        }
        return p;
    }
    // A new mapping on a 2 MiB boundary, into whose start the pages already written move whole
    // (page tables, not bytes; huge pages stay huge as both ends are aligned).
    let q = map(new);
    if q.is_null() {
        return q;
    }
    let moved = libc::mremap(p.cast(), old, old, libc::MREMAP_MAYMOVE | libc::MREMAP_FIXED, q);
    if moved == libc::MAP_FAILED {
        ptr::copy_nonoverlapping(p, q, old);
        unmap(p, old);
    }
    q
}

// SAFETY: every block is either the system allocator's (asked and given back with the same
// layout, which decides whose it is) or a private anonymous mapping of `mapped(size)` bytes on a
// 2 MiB boundary, used by nothing else, unmapped exactly once. Mappings are zeroed, as
// `alloc_zeroed` needs; `realloc` keeps the first `min(old, new)` bytes either way. Small
// blocks, nearly all of them, take one comparison more than the system allocator's.
unsafe impl GlobalAlloc for HugeBlocks {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match large(layout.size(), layout.align()) {
            true => alloc_large(layout.size()),
            false => System.alloc(layout),
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match large(layout.size(), layout.align()) {
            true => alloc_large(layout.size()),
            false => System.alloc_zeroed(layout),
        }
    }

    #[inline]
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        match large(layout.size(), layout.align()) {
            true => dealloc_large(p, layout.size()),
            false => System.dealloc(p, layout),
        }
    }

    #[inline]
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let align = layout.align();
        match (large(layout.size(), align), large(new_size, align)) {
            (false, false) => System.realloc(p, layout, new_size),
            (true, true) => realloc_large(p, layout.size(), new_size),
            // Across the threshold: a new block, the bytes kept copied, the old one given back.
            _ => {
                let q = self.alloc(Layout::from_size_align_unchecked(new_size, align));
                if !q.is_null() {
                    ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
                    self.dealloc(p, layout);
                }
                q
            }
        }
    }
}

#[cold]
unsafe fn alloc_large(size: usize) -> *mut u8 {
    mapped(size).map_or(ptr::null_mut(), |len| map(len))
}

#[cold]
unsafe fn dealloc_large(p: *mut u8, size: usize) {
    // `mapped` gave a length when the block was made, and gives the same one now.
    if let Some(len) = mapped(size) {
        unmap(p, len);
    }
}

#[cold]
unsafe fn realloc_large(p: *mut u8, size: usize, new_size: usize) -> *mut u8 {
    match (mapped(size), mapped(new_size)) {
        (Some(old), Some(new)) => remap(p, old, new),
        _ => ptr::null_mut(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The bytes a test writes and checks: every 509th (a prime, so that a block moved by any
    /// whole number of pages reads wrong), each telling its place.
    fn places(from: usize, to: usize) -> impl Iterator<Item = usize> {
        (from.next_multiple_of(509)..to).step_by(509)
    }

    fn mark(i: usize, seed: u8) -> u8 {
        seed.wrapping_add((i / 509 % 251) as u8) ^ (i as u8)
    }

    fn fill(p: *mut u8, from: usize, to: usize, seed: u8) {
        for i in places(from, to) {
            unsafe { *p.add(i) = mark(i, seed) };
        }
    }

    fn holds(p: *const u8, to: usize, seed: u8) -> bool {
        places(0, to).all(|i| unsafe { *p.add(i) } == mark(i, seed))
    }

    #[test]
    fn large_blocks_are_mapped_on_huge_page_boundaries_and_zeroed() {
        let a = HugeBlocks;
        for size in [HUGE, HUGE + 1, 3 * HUGE - 8, 5 * HUGE] {
            let layout = Layout::from_size_align(size, 8).unwrap();
            let p = unsafe { a.alloc_zeroed(layout) };
            assert!(!p.is_null());
            assert_eq!(p as usize % HUGE, 0, "{size}");
            assert!((0..size).step_by(4093).all(|i| unsafe { *p.add(i) } == 0));
            fill(p, 0, size, 7);
            assert!(holds(p, size, 7));
            unsafe { a.dealloc(p, layout) };
        }
        // A small block is the system's (not on a boundary of its own, in general), and works.
        let layout = Layout::from_size_align(100, 8).unwrap();
        let p = unsafe { a.alloc_zeroed(layout) };
        assert!(!p.is_null() && (0..100).all(|i| unsafe { *p.add(i) } == 0));
        unsafe { a.dealloc(p, layout) };
    }

    #[test]
    fn the_threshold_and_the_address_space() {
        assert!(!large(HUGE - 1, 8));
        assert!(large(HUGE, 8));
        assert!(!large(HUGE, 2 * HUGE), "larger alignments go to the system");
        assert_eq!(mapped(HUGE), Some(HUGE));
        assert_eq!(mapped(HUGE + 1), Some(2 * HUGE));
        assert_eq!(mapped(usize::MAX - 5), None);
        let a = HugeBlocks;
        let layout = Layout::from_size_align(1 << 62, 8).unwrap();
        assert!(unsafe { a.alloc(layout) }.is_null(), "more than there is: null, not a panic");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// A block resized through any sizes, small and large, keeps its bytes: a `Vec` growing
        /// by doubling, then shrunk, crosses the threshold both ways.
        #[test]
        fn resizing_keeps_the_bytes(sizes in prop::collection::vec(1usize..(6 * HUGE), 1..6),
                                    seed: u8) {
            let a = HugeBlocks;
            let mut layout = Layout::from_size_align(sizes[0], 16).unwrap();
            let mut p = unsafe { a.alloc(layout) };
            prop_assert!(!p.is_null());
            fill(p, 0, layout.size(), seed);
            for &size in &sizes[1..] {
                let q = unsafe { a.realloc(p, layout, size) };
                prop_assert!(!q.is_null());
                prop_assert_eq!(q as usize % 16, 0);
                let kept = layout.size().min(size);
                prop_assert!(holds(q, kept, seed));
                fill(q, kept, size, seed);
                (p, layout) = (q, Layout::from_size_align(size, 16).unwrap());
            }
            prop_assert!(holds(p, layout.size(), seed));
            unsafe { a.dealloc(p, layout) };
        }
    }

    #[test]
    fn vectors_grow_through_it() {
        // The way the reader's lists grow, through the allocator as a program would use it.
        let a = HugeBlocks;
        let mut p = unsafe { a.alloc(Layout::from_size_align(8, 8).unwrap()) };
        let mut cap = 1usize;
        let mut len = 0usize;
        while len < 3 << 20 {
            if len == cap {
                let layout = Layout::from_size_align(cap * 8, 8).unwrap();
                p = unsafe { a.realloc(p, layout, cap * 16) };
                assert!(!p.is_null());
                cap *= 2;
            }
            unsafe { (p as *mut u64).add(len).write(len as u64) };
            len += 1;
        }
        assert!((0..len).all(|i| unsafe { (p as *const u64).add(i).read() } == i as u64));
        unsafe { a.dealloc(p, Layout::from_size_align(cap * 8, 8).unwrap()) };
    }
}
