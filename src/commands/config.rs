//! `kvu config`: the global options in effect and where each came from: a flag (`--plan`), a variable
//! (`KVU_PLAN`), a line of the configuration file (`kvu.toml:3`) or the default. One row per option
//! `kvu.toml` takes, after `config` (the file itself), as `option,value,source`; a value is written as
//! the file would hold it, an empty one is not set. Reads no input.

use anyhow::Result;

use super::Done;
use crate::config::layers::{Setting, Source};
use crate::output::{Column, Kind, Note, Table, Value, View};

/// The settings, the defaults filled in from what they made: the as-of date and the format's name.
pub fn run<'a>(settings: &[Setting], as_of: jiff::civil::Date, format: &str) -> Result<Done<'a>> {
    let rows: Vec<[String; 3]> = settings
        .iter()
        .map(|s| {
            let value = match (s.key, &s.source) {
                ("as_of", Source::Default) => as_of.to_string(),
                ("lang", Source::Default) => "en".into(),
                ("id_format", Source::Default) => "text".into(),
                ("encoding", Source::Default) => "auto".into(),
                ("split_names", Source::Default) => "id".into(),
                ("format", Source::Default) => format.into(),
                _ => s.value.clone(),
            };
            [s.key.to_string(), value, s.source.to_string()]
        })
        .collect();
    let file = settings
        .iter()
        .find(|s| s.key == "config")
        .map(|s| s.value.clone())
        .filter(|v| !v.is_empty());
    let columns = vec![
        Column::new("option", Kind::Id),
        Column::new("value", Kind::Text),
        Column::new("source", Kind::Text),
    ];
    let rows = std::rc::Rc::new(rows);
    let view = |columns, rows: std::rc::Rc<Vec<[String; 3]>>| {
        View::new(columns, rows.len(), move |i, out| {
            out.extend(rows[i].iter().map(|cell| Value::owned(cell.clone())));
        })
    };
    let data = view(columns, rows.clone());
    let labels = vec![
        Column::display("Option", Kind::Id),
        Column::display("Value", Kind::Text),
        Column::display("Source", Kind::Text),
    ];
    let people = view(labels, rows);
    let note = Note::ConfigRead(file);
    Ok(Done::table(Table::new(data).display(people).note(note)))
}
