//! The assessment reader on arbitrary bytes: it must never panic, never hang, and whatever it
//! accepts must be within the rubric's scale and score within it.
//! The first byte picks the rubric and whether the input is named `.csv` or `.tsv`.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use spbe::assessment::{self, Assessments, Input, ReadOptions};
use spbe::rubric::Rubric;

fn rubrics() -> &'static [Rubric] {
    static R: OnceLock<Vec<Rubric>> = OnceLock::new();
    R.get_or_init(|| {
        ["spbe-2020", "pemdi-2026", "spbe-2018"]
            .iter()
            .map(|id| Rubric::resolve(id).expect("embedded rubric"))
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let rubric = &rubrics()[usize::from(pick % 3)];
    let name = if pick & 0x80 == 0 { "fuzz.csv" } else { "fuzz.tsv" };
    let input = Input::Path(name.into());
    let mut set = Assessments::default();
    let problems = assessment::read_from(rubric, &mut set, name, bytes, &input, &ReadOptions::default());
    for p in &problems {
        let _ = p.to_string();
        let _ = p.json_line(spbe::problem::Severity::Error, spbe::i18n::Lang::En);
    }
    for a in set.iter() {
        for v in a.values.iter().flatten() {
            assert!(rubric.scale.contains(*v), "accepted {v} outside the scale");
        }
        if let Ok(s) = spbe::score::score_one(rubric, a, true) {
            assert!(rubric.scale.contains(s.index), "index {} outside the scale", s.index);
            for v in s.scores.iter().flatten() {
                assert!(rubric.scale.contains(*v), "score {v} outside the scale");
            }
        }
    }
});
