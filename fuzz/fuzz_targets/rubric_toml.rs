//! The rubric loader on arbitrary bytes: it must never panic or hang, and every rubric it
//! accepts must score: all indicators at the lowest level give exactly the lowest index, all
//! at the highest give the highest, and every score lies within the scale.

#![no_main]

use libfuzzer_sys::fuzz_target;
use spbe::rubric::parse_bytes;
use spbe::score::compute;

fuzz_target!(|data: &[u8]| {
    let rubric = match parse_bytes(data, "fuzz.toml") {
        Ok(r) => r,
        Err(problems) => {
            let _ = problems.to_string();
            return;
        }
    };
    assert!(!rubric.roots.is_empty() && !rubric.indicators.is_empty());
    for level in [rubric.scale.min, rubric.scale.max] {
        let mut values = vec![None; rubric.nodes.len()];
        for &i in &rubric.indicators {
            values[i] = Some(level);
        }
        let (scores, index, missing) = compute(&rubric, &values);
        assert!(missing.is_empty());
        let index = index.expect("an index");
        assert_eq!(index, level, "every indicator at {level} gives index {index}");
        for s in scores.iter().flatten() {
            assert!(rubric.scale.contains(*s), "score {s} outside the scale");
        }
        let _ = rubric.rating(index);
    }
});
