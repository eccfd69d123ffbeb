//! The inputs: staff, completions, the unit tree, exemptions, sessions and the key's weights, one file
//! each, read into the model's plan-independent records ([`crate::model::exports`]); [`inputs`] is the
//! one loader every command and `kvu validate` use. Under them, [`reader`]: the CSV engine (and the
//! workbooks read as CSV) that every input reads its rows with.

pub mod completions;
pub mod exemptions;
pub mod ids;
pub mod inputs;
pub mod join;
pub mod kinds;
pub mod path;
pub mod reader;
pub mod recording;
pub mod sessions;
pub mod staff;
pub mod units;
pub mod weights;

use crate::plan::key;

pub use inputs::{LoadOptions, Loaded, Paths};
pub use reader::{CsvFile, Encoding, Part, ReadOptions, Row, each_row};
