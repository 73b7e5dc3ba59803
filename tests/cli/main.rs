//! Integration tests: the real binary against fixtures. One module per feature.

mod common;

mod browser;
mod chart;
mod compare;
mod lang;
mod report;
mod rubric;
mod score;
mod xlsx;
