//! The model: validated types for what the exports say, and their binding to a plan.
//!
//! The exports are read once into plan-independent records ([`exports`]: people, staff rows with their
//! role and level as written, completions with their course code as written, exemptions, the unit
//! tree), each keeping its file and line. [`bind`] then takes a validated [`crate::plan::Plan`] and
//! those records and gives the [`Model`] the rules read: roles, levels and courses resolved, the
//! completions one per person, course and date. Binding a second plan costs far less than a second read.

pub mod bind;
pub mod completions;
pub mod exemptions;
pub mod exports;
pub mod ids;
pub mod people;
pub mod scope;
pub mod units;

pub use bind::{LevelRef, Model, Post, StaffBinding};
pub use completions::{Completion, Completions};
pub use exemptions::Exemptions;
pub use exports::{Exports, StaffRecord, by_person, same_person};
pub use ids::{PersonIx, RowIx};
pub use people::People;
pub use scope::{Scope, UnitRows};
pub use units::{UnitNode, UnitTree};
