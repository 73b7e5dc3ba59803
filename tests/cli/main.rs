//! Integration tests: the real binary against fixtures. One module per feature.

mod common;

mod rubric;
mod score;
