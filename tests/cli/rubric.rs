//! `spbe rubric` and the shipped rubrics.
