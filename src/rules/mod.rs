//! The rules: pure functions over the [`crate::model::Model`], no I/O. Commands choose the scope, call
//! these, and hand the rows to the output layer.
//!
//! - [`state`]: what state each requirement is in on a date, and which assignment speaks for it;
//! - [`gaps`]: the gap list in the contract's order;
//! - [`summary`]: people by state per unit and course;
//! - [`delivery`] and [`report`]: what was delivered in a year, the report's groups and coverage;
//! - [`priority`]: tiers and the priority order; [`allocate`]: sharing seats among units;
//! - [`trend`]: the summary's totals on each of a list of past dates, in one sweep;
//! - [`cohorts`]: filling dated sessions from the priority order, mixing units under a cap.

pub mod allocate;
pub mod cohorts;
pub mod delivery;
pub mod diff;
pub mod forecast;
pub mod gaps;
pub mod priority;
pub mod report;
pub mod state;
pub mod summary;
pub mod trend;

pub use state::{On, Requirement, State};

#[cfg(test)]
pub(crate) mod fixture;
