//! Output streams region by region: writing the JSON of 3,000 regions (about 25 MB) and
//! their breakdown (200,000 rows, in CSV, Markdown, the terminal table and a workbook) takes under 1 MiB of heap
//! beyond the scores, which are what is kept per region (a workbook: a few MiB of buffers).
//! Holding the rows would take tens of MiB, and grow with the regions. The output goes to a
//! sink that counts its bytes; the heap is measured by a counting allocator, so this is its
//! own test target, and one test, so that nothing else allocates meanwhile.

use std::io::Write;
use std::sync::atomic::Ordering;

use spbe::assessment::{Assessment, Assessments, Key};
use spbe::cmd::score::{build_report, Detail};
use spbe::i18n::Lang;
use spbe::output::{render, Format, Style};
use spbe::rubric::Rubric;
use spbe::score::RegionScore;

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{CURRENT, PEAK};

/// Counts what is written, keeps nothing.
struct Counted(u64);

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const REGIONS: usize = 3_000;

/// Every indicator of region `r` at a level from 1 to 5.
fn scores(rubric: &Rubric) -> Vec<RegionScore> {
    let mut set = Assessments::default();
    for r in 0..REGIONS {
        let mut a = Assessment::new(
            Key::new(format!("Pemerintah Kab. Wilayah {r:06}"), None, None),
            rubric.nodes.len(),
        );
        for (k, &i) in rubric.indicators.iter().enumerate() {
            a.values.set(i, Some(((r + k) % 5 + 1) as f64));
        }
        set.insert(a);
    }
    spbe::score::score_all(rubric, &set, false, spbe::i18n::Lang::En).expect("complete")
}

/// Bytes written and the heap's peak above what was live before, rendering `format`.
fn measure(rubric: &Rubric, scores: &[RegionScore], detail: Option<Detail>, format: Format) -> (u64, usize) {
    let mut out = Counted(0);
    let before = CURRENT.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    // The report is made inside the measure: its tables must not hold the rows either.
    let report = build_report(rubric, scores, detail, None, Lang::En);
    render(&report, format, &Style::default(), &mut out).expect("rendered");
    (out.0, PEAK.load(Ordering::SeqCst) - before)
}

#[test]
fn json_and_the_breakdown_are_written_in_bounded_memory() {
    let rubric = Rubric::resolve("spbe-2020").expect("embedded");
    let scores = scores(&rubric);
    let nodes = rubric.nodes.len();
    for (detail, format, at_least) in [
        // A region's JSON is its ~70 node scores, each an object of 6 keys: over 8 KB.
        (None, Format::Json, REGIONS as u64 * 8_000),
        (Some(Detail::Indicator), Format::Json, REGIONS as u64 * 8_000),
        // A breakdown row per region and node, each over 30 bytes.
        (Some(Detail::Indicator), Format::Csv, (REGIONS * nodes) as u64 * 30),
        (Some(Detail::Indicator), Format::Markdown, (REGIONS * nodes) as u64 * 30),
        // The terminal table: measured in one pass, drawn row by row in a second (each row
        // over 100 bytes with its frame and padding).
        (Some(Detail::Indicator), Format::Table, (REGIONS * nodes) as u64 * 100),
        (None, Format::Table, REGIONS as u64 * 60),
    ] {
        let (written, peak) = measure(&rubric, &scores, detail, format);
        assert!(written > at_least, "{format:?} {detail:?}: only {written} bytes");
        // About 100 KB in practice: the writer's buffer and one region's document or rows.
        assert!(peak < 1024 * 1024, "{format:?} {detail:?}: peak heap {peak} bytes for {written} bytes");
    }
    // compare --baseline: the ranking is drawn from the comparison (what is kept per region)
    // as it is written, in the terminal table as in CSV, and so are the regions of its JSON;
    // holding its cells, comfy-table's copy of them or the regions' documents (about 700
    // bytes each in JSON) would take several MiB.
    let view = spbe::cmd::compare::View {
        nodes: spbe::cmd::compare::columns(&rubric, None).expect("domains"),
        sort: spbe::compare::SortKey::Index,
        baseline: Some("Wilayah 000007".into()),
    };
    let before = CURRENT.load(Ordering::SeqCst);
    let compared = spbe::cmd::compare::analyse(&rubric, &scores, &view, Lang::En).expect("compared");
    // What the comparison keeps per region: its row (16 bytes) and its values of the four
    // domains and the index (5 × 16), 96 bytes, and its place in the lists of each column's
    // best and worst (here a fifth of the regions share each: the levels repeat every five
    // regions), 5 columns × 2 × 8 bytes / 5 = 16 bytes a region: 112 in all. A row holding
    // its differences from the baseline in a vector of its own (40 bytes, and 5 × 16 on the
    // heap) kept 136.
    let kept = CURRENT.load(Ordering::SeqCst) - before;
    assert!(kept < REGIONS * 128, "compare keeps {kept} bytes for {REGIONS} regions");
    for (format, at_least) in [
        (Format::Table, REGIONS as u64 * 150),
        (Format::Csv, REGIONS as u64 * 80),
        (Format::Json, REGIONS as u64 * 500),
    ] {
        let mut out = Counted(0);
        let before = CURRENT.load(Ordering::SeqCst);
        PEAK.store(before, Ordering::SeqCst);
        // The report is made inside the measure: its tables and its document hold no rows.
        let report = spbe::cmd::compare::build_report(&rubric, &scores, &compared, Lang::En);
        render(&report, format, &Style::default(), &mut out).expect("rendered");
        drop(report);
        let peak = PEAK.load(Ordering::SeqCst) - before;
        assert!(out.0 > at_least, "compare {format:?}: only {} bytes", out.0);
        // Its summary tables, titles and marks, and a few parts of rows on each core.
        assert!(peak < 512 * 1024, "compare {format:?}: peak heap {peak} bytes for {} bytes", out.0);
    }
    // 200,000 rows, written to temporary files as they are made (rust_xlsxwriter's
    // constant memory mode), the zip too: a few MiB of buffers whatever the number of rows,
    // where holding the cells would take hundreds.
    let (written, peak) = measure(&rubric, &scores, Some(Detail::Indicator), Format::Xlsx);
    assert!(written > 2_000_000, "only {written} bytes");
    assert!(peak < 16 * 1024 * 1024, "peak heap {peak} bytes for a workbook of {written} bytes");
}
