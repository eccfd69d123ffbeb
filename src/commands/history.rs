//! `kvu history`: the recordings of the history store, oldest first, as
//! `as_of,recorded_at,kvu_version,plan_sha256,staff_rows,completion_rows,units,inputs`. The store is
//! read by the run; this only lays the list out.

use std::rc::Rc;

use super::Done;
use crate::history::Listed;
use crate::output::{Column, Kind, Table, Value, View};

/// The header of `kvu history`'s CSV.
pub const HEADER: [(&str, Kind); 8] = [
    ("as_of", Kind::Date),
    ("recorded_at", Kind::Text),
    ("kvu_version", Kind::Text),
    ("plan_sha256", Kind::Text),
    ("staff_rows", Kind::Count),
    ("completion_rows", Kind::Count),
    ("units", Kind::Count),
    ("inputs", Kind::Text),
];

/// The list as a table.
pub fn run<'a>(list: Vec<Listed>) -> Done<'a> {
    let list = Rc::new(list);
    let view = |columns: Vec<Column>| {
        let list = list.clone();
        View::new(columns, list.len(), move |i, out| {
            let l = &list[i];
            out.extend([
                Value::Date(Some(l.as_of)),
                Value::owned(l.recorded_at.clone()),
                Value::owned(l.kvu_version.clone()),
                Value::owned(l.plan_sha256.clone()),
                Value::Count(l.staff_rows),
                Value::Count(l.completion_rows),
                Value::Count(l.units),
                Value::text(if l.kept { "kept" } else { "forgotten" }),
            ]);
        })
    };
    let data = view(
        HEADER
            .iter()
            .map(|&(k, kind)| Column::new(k, kind))
            .collect(),
    );
    Done::table(Table::new(data))
}
