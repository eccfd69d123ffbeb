//! A recording of the history store read as a run's inputs, for a command that looks back (`trend
//! --history`): the same loader as `--recording DATE` ([`super::inputs::load`] on the recorded texts,
//! as of the recording's date), its warnings not said (they were the recorded run's to say). The
//! result is bound to its own plan with [`Recorded::model`].

use anyhow::Result;
use jiff::civil::Date;

use super::ids::IdFormat;
use super::{Encoding, LoadOptions, Paths};
use crate::diag::Diagnostics;
use crate::model::{Exports, Model};
use crate::plan::Plan;

/// A recording's plan and exports, as read back.
pub struct Recorded {
    pub as_of: Date,
    pub plan: Plan,
    pub exports: Exports,
}

/// Reads the inputs of the recording of `date` in `store` (an error if there is none, or its inputs
/// were forgotten), ids compared as `id_format` says.
pub fn load_recording(store: &str, date: Date, id_format: IdFormat) -> Result<Recorded> {
    let options = LoadOptions {
        paths: Paths::default(),
        encoding: Encoding::Utf8,
        delimiter: Some(b','),
        as_of: date,
        id_format,
        recording: Some((store.to_string(), date)),
    };
    let loaded = super::inputs::load(&options, true, &mut Diagnostics::new(false))?;
    let Some(plan) = loaded.plan else {
        anyhow::bail!("{store}: the plan recorded for {date} could not be read");
    };
    Ok(Recorded {
        as_of: date,
        plan,
        exports: loaded.exports,
    })
}

impl Recorded {
    /// The recording's model: its exports bound to its plan (what binding says is not said again).
    pub fn model(&self) -> Result<Model<'_>> {
        Ok(Model::bind(
            &self.plan,
            &self.exports,
            &mut Diagnostics::new(false),
        )?)
    }
}
