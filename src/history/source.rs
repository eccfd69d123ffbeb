//! A recording as the loader's input source: each recorded input written back as the CSV export kvu
//! reads (the recorded header, then the rows in their order), and the plan's text, under names that
//! say where they come from (`history.sqlite@2026-06-30:staff`), so that messages name the recording.

use super::{Inputs, Kind, Rows};

/// One recorded input, ready for the loader.
#[derive(Debug, Clone)]
pub struct Text {
    /// The name messages use for it.
    pub name: String,
    pub bytes: std::sync::Arc<[u8]>,
}

/// A recording's inputs as texts: the plan, then each input recorded.
#[derive(Debug, Clone)]
pub struct Mounted {
    pub as_of: jiff::civil::Date,
    pub plan: Text,
    pub inputs: Vec<(Kind, Text)>,
}

/// The inputs of a recording, as texts the loader reads like files.
/// The name a recorded input is read under (and that messages and footers show):
/// `history.sqlite@2026-06-30:staff`.
pub fn input_name(store: &str, as_of: jiff::civil::Date, what: &str) -> String {
    format!("{store}@{as_of}:{what}")
}

pub fn mount(store: &str, inputs: &Inputs) -> anyhow::Result<Mounted> {
    let name = |what: &str| input_name(store, inputs.as_of, what);
    let mut texts = Vec::new();
    for (kind, rows) in &inputs.inputs {
        texts.push((*kind, text(&name(kind.name()), rows)?));
    }
    Ok(Mounted {
        as_of: inputs.as_of,
        plan: Text {
            name: name("plan"),
            bytes: inputs.plan_text.as_bytes().into(),
        },
        inputs: texts,
    })
}

/// Rows as the CSV export kvu reads: their header, then the rows in their order.
pub fn text(name: &str, rows: &Rows) -> anyhow::Result<Text> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    out.write_record(&rows.header)?;
    for row in &rows.rows {
        out.write_record(row)?;
    }
    let bytes = out.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Text {
        name: name.to_string(),
        bytes: bytes.into(),
    })
}
