//! Integration tests: the real binary against fixtures. One module per feature.

mod common;

mod browser;
mod chart;
mod lang;
mod report;
mod compare;
mod rubric;
mod score;
mod xlsx;
