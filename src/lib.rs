//! spbe: scores Indonesia's e-government maturity index (Indeks SPBE, PermenPANRB 59/2020),
//! its predecessor (5/2018) and its successor (Indeks Pemerintah Digital, 8/2026).
//!
//! Data flows one way: [`rubric`] + [`assessment`] → [`score`] → analyses → [`output`].
//! `cli` and `cmd` are the command line; nothing below them sees clap types. The layers and
//! where each kind of change goes: `docs/ARCHITECTURE.md`.

#[cfg(target_os = "linux")]
pub mod alloc;
pub mod assessment;
pub(crate) mod chart;
pub mod cli;
pub mod cmd;
pub mod compare;
pub(crate) mod diff;
pub(crate) mod gate;
pub mod i18n;
pub mod output;
pub(crate) mod overview;
pub(crate) mod palette;
pub(crate) mod parallel;
pub(crate) mod plan;
pub mod problem;
pub(crate) mod region;
pub mod rubric;
pub mod score;
pub(crate) mod select;
pub(crate) mod selector;
pub mod sensitivity;
pub(crate) mod threshold;
pub(crate) mod view;
pub(crate) mod what_if;

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
    /// Everything went right.
    pub const SUCCESS: u8 = 0;
    /// The results were written, but a check asked for failed (`--fail-below`, a plan that
    /// cannot reach its target).
    pub const CHECK_FAILED: u8 = 1;
    /// Bad input or usage, said on stderr.
    pub const BAD_INPUT: u8 = 2;
}
