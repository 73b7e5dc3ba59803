//! Integration tests: the real binary against fixtures. One module per feature.

mod common;

mod browser;
mod chart;
mod compare;
mod contracts;
mod defects;
mod diff;
mod findings;
mod hostile;
mod lang;
mod layout;
mod output_target;
mod pemdi;
mod pemdi_scenario;
mod pipeline;
mod plan;
mod problems;
mod published;
mod regions;
mod report;
mod report_scale;
mod report_target;
mod rubric;
mod schema;
mod score;
mod sensitivity;
mod what_if;
mod workbooks;
mod xlsx;
