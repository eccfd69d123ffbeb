//! kvu: who lacks what training, what was delivered, and whom to train first, from a dosing plan and two
//! exports (the HR system's staff list and the learning platform's completions).
//!
//! Data flows one way: the command line -> one [`config::Config`]; files -> plan-independent records
//! ([`plan`], [`load`], [`model::exports`]) -> the model bound to a plan ([`model`]) -> pure rules
//! ([`rules`]) -> typed tables ([`commands`]) -> a renderer and a sink ([`output`]) -> an exit code
//! (`main`). Every room reports in one error type ([`error`]), which imports no other room.

pub mod cli;
pub mod commands;
pub mod config;
pub mod date;
pub mod diag;
pub mod error;
pub mod fasthash;
pub mod history;
pub mod load;
pub mod model;
pub mod output;
pub mod plan;
pub mod rules;
pub mod site;
pub mod split;
pub mod threads;
