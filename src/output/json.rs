//! JSON for scripts: an array of objects with the data view's keys (a key `a.b` is key `b` of an object
//! `a`); counts, ranks, tiers and hours as numbers, ids and dates as strings, an empty
//! value (a due date, a tier, a recorded date) as `null`. Rows are written one at a time.

use std::io::Write;

use anyhow::Result;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::words::hours_text;
use super::{Column, Value, View};

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(t) => s.serialize_str(t),
            Value::Date(Some(d)) => s.collect_str(d),
            Value::Month(_) => s.collect_str(&super::csv::cell(self, &mut String::new())),
            Value::Count(n) => s.serialize_u64(*n),
            // An empty value (a due date, a tier, a recorded date) is `null`.
            Value::Date(None) | Value::Null | Value::Percent(None) => s.serialize_none(),
            Value::Hours(h) => {
                let text = hours_text(*h);
                match text.parse::<i64>() {
                    Ok(whole) => s.serialize_i64(whole),
                    Err(_) => s.serialize_f64(text.parse().unwrap_or(*h)),
                }
            }
            Value::Percent(Some(p)) => s.serialize_f64((p * 10.0).round() / 10.0),
            // Scripts read English.
            Value::Note(n) => s.serialize_str(&n.say(super::Lang::En)),
        }
    }
}

/// One object: keys and values, a key with a dot opening a nested object.
struct Object<'r, 'a> {
    entries: &'r [(&'r str, &'r Value<'a>)],
}

impl Serialize for Object<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        let mut i = 0;
        while i < self.entries.len() {
            let (key, value) = self.entries[i];
            match key.split_once('.') {
                None => {
                    map.serialize_entry(key, value)?;
                    i += 1;
                }
                Some((outer, _)) => {
                    let inner: Vec<(&str, &Value)> = self.entries[i..]
                        .iter()
                        .map_while(|(k, v)| {
                            k.split_once('.')
                                .filter(|(o, _)| *o == outer)
                                .map(|(_, rest)| (rest, *v))
                        })
                        .collect();
                    i += inner.len();
                    map.serialize_entry(outer, &Object { entries: &inner })?;
                }
            }
        }
        map.end()
    }
}

struct Rows<'t, 'a> {
    view: &'t View<'a>,
    /// The first rows only (all: `usize::MAX`).
    limit: usize,
}

impl Serialize for Rows<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let columns: &[Column] = &self.view.columns;
        let len = self.view.len.min(self.limit);
        let mut seq = s.serialize_seq(Some(len))?;
        self.view.each(len, |values| {
            let entries: Vec<(&str, &Value)> = columns
                .iter()
                .zip(values)
                .filter(|(c, _)| c.in_json())
                .map(|(c, v)| (c.key.as_ref(), v))
                .collect();
            seq.serialize_element(&Object { entries: &entries })
        })?;
        seq.end()
    }
}

/// Writes the view as a JSON array of objects.
pub fn write(out: &mut dyn Write, view: &View<'_>) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, &array(view, usize::MAX))?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The view's first `limit` rows as a JSON array with the same value rules, to be part of a larger
/// document (the figures `kvu site` puts in each page).
pub fn array<'t, 'a>(view: &'t View<'a>, limit: usize) -> impl Serialize + 't {
    Rows { view, limit }
}
