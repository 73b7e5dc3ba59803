//! Memory stays bounded by the number of regions, not by the size of the input: a 32 MiB
//! long-format file streams through the reader in under 1 MiB of heap. The file is generated
//! on the fly (nothing is written to disk) and the heap is measured by a counting allocator,
//! so this is its own test target.

use std::io::Read;
use std::sync::atomic::Ordering;

use spbe::assessment::{self, Assessments, Input, ReadOptions};
use spbe::rubric::Rubric;

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{CURRENT, PEAK};

/// A long-format file: three regions with every indicator at 3, then `filler` rows of
/// indicators not assessed (blank level) with a 1 KB note each, cycling through the regions.
struct Generated {
    rows: usize,
    filler: usize,
    buf: Vec<u8>,
    pos: usize,
}

const REGIONS: [&str; 3] = ["Kab. Tebo", "Kab. Bungo", "Kota Jambi"];

impl Read for Generated {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
            let real = 3 * 47;
            if self.rows == 0 {
                self.buf.extend_from_slice(b"region,indicator,level,note\n");
            } else if self.rows <= real {
                let r = (self.rows - 1) / 47;
                let i = (self.rows - 1) % 47 + 1;
                self.buf.extend_from_slice(format!("{},{i},3,\n", REGIONS[r]).as_bytes());
            } else if self.rows <= real + self.filler {
                let r = self.rows % 3;
                self.buf.extend_from_slice(format!("{},{},,", REGIONS[r], self.rows % 47 + 1).as_bytes());
                self.buf.extend(std::iter::repeat_n(b'n', 1000));
                self.buf.push(b'\n');
            } else {
                return Ok(0);
            }
            self.rows += 1;
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn a_32_mib_long_file_is_read_in_under_1_mib() {
    let rubric = Rubric::resolve("spbe-2020").expect("embedded");
    let filler = 32 * 1024; // rows of about 1 KB: 32 MiB in all
    let source = Generated { rows: 0, filler, buf: Vec::new(), pos: 0 };
    let input = Input::Path("generated.csv".into());
    let mut set = Assessments::default();

    let before = CURRENT.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let problems =
        assessment::read_from(&rubric, &mut set, "generated.csv", source, &input, &ReadOptions::default());
    let peak = PEAK.load(Ordering::SeqCst) - before;

    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(set.len(), 3);
    for a in set.iter() {
        let s = spbe::score::score_one(&rubric, a, false).expect("complete");
        assert_eq!(s.index, 3.0, "{}", a.region());
    }
    // About 150 KB in practice: two 64 KiB decoding buffers and the CSV reader's.
    assert!(peak < 1024 * 1024, "peak heap {peak} bytes for a 32 MiB input");
}
