//! kvu: who lacks what training, what was delivered, and whom to train first, from a dosing plan and two
//! exports (the HR system's staff list and the learning platform's completions).
//!
//! Data flows one way: files -> validated model ([`plan`], [`load`]) -> pure rules ([`rules`]) -> plain
//! rows ([`commands`]) -> a writer ([`output`]) -> an exit code (`main`).

pub mod cli;
pub mod commands;
pub mod date;
pub mod diag;
pub mod fasthash;
pub mod load;
pub mod output;
pub mod plan;
pub mod rules;
