//! spbe: scores Indonesia's e-government maturity index (Indeks SPBE, PermenPANRB 59/2020),
//! its predecessor (5/2018) and its successor (Indeks Pemerintah Digital, 8/2026).
//!
//! Data flows one way: [`rubric`] + [`assessment`] → [`score`] → analyses → [`output`].
//! `cli` and `cmd` are the command line; nothing below them sees clap types. The layers and
//! where each kind of change goes: `docs/ARCHITECTURE.md`.

pub mod assessment;
pub mod chart;
pub mod cli;
pub mod cmd;
pub mod compare;
pub mod diff;
pub mod gate;
pub mod i18n;
pub mod output;
pub mod overview;
pub mod palette;
pub mod parallel;
pub mod plan;
pub mod problem;
pub mod region;
pub mod rubric;
pub mod score;
pub mod select;
pub mod selector;
pub mod sensitivity;
pub mod threshold;
pub mod view;
pub mod what_if;

/// How a command ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// A check the user asked for failed (e.g. `--fail-below`): exit 1.
    CheckFailed,
}

impl From<Outcome> for std::process::ExitCode {
    fn from(outcome: Outcome) -> Self {
        std::process::ExitCode::from(match outcome {
            Outcome::Success => exit::SUCCESS,
            Outcome::CheckFailed => exit::CHECK_FAILED,
        })
    }
}

/// Exit codes.
pub mod exit {
    pub const SUCCESS: u8 = 0;
    pub const CHECK_FAILED: u8 = 1;
    pub const BAD_INPUT: u8 = 2;
}
