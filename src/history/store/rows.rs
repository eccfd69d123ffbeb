//! The store's rows (part of the store's one door to SQLite): each distinct row of an input once per
//! run of recordings that hold it, in date order among the recordings whose inputs are kept
//! (`first_as_of` to `last_as_of`), so that a row present month after month is one table row, and a
//! month that changes a few percent of the rows adds a few percent. A row's `pos` orders it among the
//! rows of every recording it is in: file order.
//!
//! A recording dated between two others extends the runs of the rows it holds and splits the runs of
//! the rows it lacks; one dated after (or before) all others extends the runs that end (or begin)
//! next to it. Only the rows of the neighbouring recordings are read to find a recording's rows, and
//! its texts are looked up in batches, so a recording's memory does not grow with the store.

use std::collections::HashMap;

use jiff::civil::Date;
use rusqlite::{Connection, Transaction, params, params_from_iter};

use super::{n, table};
use crate::fasthash::FastHash;
use crate::history::{InputFile, Inputs, Kind, Recording, Rows};

/// `last_as_of` of a row in the latest recording: through the latest, so that a recording dated
/// after all others writes only the rows that changed.
pub(super) const LATEST: i64 = 99_991_231;

/// The space left between the `pos` of neighbouring rows, for rows later put between them.
const GAP: i64 = 1 << 20;

/// The most columns an input has (staff's six).
const WIDEST: usize = 6;

/// A row's text ids, in [`Kind::columns`] order, 0 after the input's last column.
pub(super) type RowKey = [u32; WIDEST];

/// A date as the row tables hold it: `YYYYMMDD`.
pub(super) fn day(d: Date) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// `day` of a recording's `as_of` text.
fn day_of(as_of: &str) -> i64 {
    as_of.replace('-', "").parse().unwrap_or(0)
}

/// The recordings with inputs kept nearest before and after `as_of`, leaving out `as_of` itself.
pub(super) fn neighbours(
    tx: &Connection,
    as_of: &str,
) -> rusqlite::Result<(Option<i64>, Option<i64>)> {
    let one = |sql: &str| -> rusqlite::Result<Option<i64>> {
        let got: Option<String> = tx.query_row(sql, [as_of], |r| r.get(0))?;
        Ok(got.map(|t| day_of(&t)))
    };
    Ok((
        one("SELECT MAX(as_of) FROM recordings WHERE inputs = 'kept' AND as_of < ?1")?,
        one("SELECT MIN(as_of) FROM recordings WHERE inputs = 'kept' AND as_of > ?1")?,
    ))
}

/// Takes a recording with its inputs kept out of its rows' runs (before it is deleted).
pub(super) fn unrecord(tx: &Transaction, as_of: &str) -> rusqlite::Result<()> {
    let (prev, next) = neighbours(tx, as_of)?;
    let d = day_of(as_of);
    for kind in Kind::ALL {
        let t = table(kind);
        tx.execute(
            &format!("DELETE FROM {t} WHERE first_as_of = ?1 AND last_as_of IN (?1, ?2)"),
            [d, if next.is_none() { LATEST } else { d }],
        )?;
        if let Some(next) = next {
            tx.execute(
                &format!("UPDATE {t} SET first_as_of = ?2 WHERE first_as_of = ?1"),
                [d, next],
            )?;
        }
        if let Some(prev) = prev {
            tx.execute(
                &format!("UPDATE {t} SET last_as_of = ?2 WHERE last_as_of = ?1"),
                [d, prev],
            )?;
        }
    }
    Ok(())
}

/// Drops the rows of the recordings with inputs kept dated before `cutoff` (they are to be marked
/// forgotten): how many rows they held.
pub(super) fn forget_rows(tx: &Transaction, cutoff: &str) -> rusqlite::Result<u64> {
    let c = day_of(cutoff);
    let first_kept: Option<String> = tx.query_row(
        "SELECT MIN(as_of) FROM recordings WHERE inputs = 'kept' AND as_of >= ?1",
        [cutoff],
        |r| r.get(0),
    )?;
    let mut rows = 0;
    for kind in Kind::ALL {
        let t = table(kind);
        rows += tx.query_row(
            &format!(
                "SELECT count(*) FROM recordings r JOIN {t} t
                   ON CAST(replace(r.as_of, '-', '') AS INTEGER) BETWEEN t.first_as_of AND t.last_as_of
                 WHERE r.inputs = 'kept' AND r.as_of < ?1"
            ),
            [cutoff],
            |r| n(r, 0),
        )?;
        tx.execute(&format!("DELETE FROM {t} WHERE last_as_of < ?1"), [c])?;
        match &first_kept {
            Some(first) => tx.execute(
                &format!("UPDATE {t} SET first_as_of = ?2 WHERE first_as_of < ?1"),
                [c, day_of(first)],
            )?,
            None => tx.execute(&format!("DELETE FROM {t}"), [])?,
        };
    }
    Ok(rows)
}

/// The recording's texts (its rows' values, its figures' units and courses) with their ids, those
/// the store lacks added: looked up in batches, not read whole.
pub(super) fn intern<'a>(
    tx: &Transaction,
    rec: &'a Recording,
) -> rusqlite::Result<HashMap<&'a str, u32, FastHash>> {
    let mut ids: HashMap<&'a str, u32, FastHash> = HashMap::default();
    for (_, input) in rec.inputs.iter() {
        for value in input.values() {
            ids.entry(value).or_insert(0);
        }
    }
    for f in &rec.figures {
        ids.entry(f.unit.as_str()).or_insert(0);
        ids.entry(f.course.as_str()).or_insert(0);
    }
    let all: Vec<&'a str> = ids.keys().copied().collect();
    const BATCH: usize = 500;
    for part in all.chunks(BATCH) {
        let marks = vec!["?"; part.len()].join(",");
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT id, text FROM texts WHERE text IN ({marks})"
        ))?;
        let mut found = stmt.query(params_from_iter(part.iter()))?;
        while let Some(r) = found.next()? {
            let text: String = r.get(1)?;
            if let Some(id) = ids.get_mut(text.as_str()) {
                *id = r.get(0)?;
            }
        }
    }
    let mut next: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM texts", [], |r| {
        r.get(0)
    })?;
    let mut insert = tx.prepare("INSERT INTO texts (id, text) VALUES (?1, ?2)")?;
    for text in all {
        let id = ids.get_mut(text).expect("every text has an entry");
        if *id == 0 {
            *id = u32::try_from(next)
                .map_err(|_| rusqlite::Error::IntegralValueOutOfRange(0, next))?;
            insert.execute(params![next, text])?;
            next += 1;
        }
    }
    Ok(ids)
}

/// A row of the neighbouring recordings, a candidate for one of the new recording's rows.
struct Held {
    id: i64,
    pos: i64,
    first: i64,
    last: i64,
    /// Taken by a row of the new recording.
    used: bool,
    /// The other half of a run the new recording splits (same row, same `pos`), to be joined.
    twin: Option<u32>,
    /// The next held row with the same texts, in `pos` order.
    same: Option<u32>,
}

/// Held rows by their texts: the first not yet taken, and the last (the others chained by `same`).
type ByKey = HashMap<RowKey, (Option<u32>, u32), FastHash>;

/// The rows of the neighbours `prev` and `next` of a recording dated `d`, by their texts.
fn held(
    tx: &Transaction,
    kind: Kind,
    d: i64,
    prev: Option<i64>,
    next: Option<i64>,
) -> rusqlite::Result<(Vec<Held>, ByKey)> {
    let columns = kind.columns();
    let mut stmt = tx.prepare(&format!(
        "SELECT id, pos, first_as_of, last_as_of, {} FROM {} WHERE last_as_of >= ?1
           AND first_as_of <= ?2",
        columns.join(", "),
        table(kind)
    ))?;
    let mut got = stmt.query([prev.unwrap_or(d), next.unwrap_or(d)])?;
    let mut rows = Vec::new();
    let mut by_key: ByKey = HashMap::default();
    while let Some(r) = got.next()? {
        let mut key = [0; WIDEST];
        for (i, value) in key.iter_mut().enumerate().take(columns.len()) {
            *value = r.get(i + 4)?;
        }
        let at = rows.len() as u32;
        match by_key.get_mut(&key) {
            Some((_, last)) => {
                let before = std::mem::replace(last, at);
                let r: &mut Held = &mut rows[before as usize];
                r.same = Some(at);
            }
            None => {
                by_key.insert(key, (Some(at), at));
            }
        }
        rows.push(Held {
            id: r.get(0)?,
            pos: r.get(1)?,
            first: r.get(2)?,
            last: r.get(3)?,
            used: false,
            twin: None,
            same: None,
        });
    }
    // Rows with the same texts chained in `pos` order (rare: SQLite's sort of all of them would
    // hold them all once more).
    for (first, last) in by_key.values_mut() {
        let Some(head) = *first else { continue };
        if head == *last {
            continue;
        }
        let mut chain = vec![head];
        while let Some(n) = rows[*chain.last().unwrap_or(&head) as usize].same {
            chain.push(n);
        }
        chain.sort_by_key(|&i| (rows[i as usize].pos, rows[i as usize].first));
        for pair in chain.windows(2) {
            rows[pair[0] as usize].same = Some(pair[1]);
        }
        let end = chain[chain.len() - 1];
        rows[end as usize].same = None;
        (*first, *last) = (Some(chain[0]), end);
    }
    Ok((rows, by_key))
}

/// Of the rows in file order, those found in the store (`Some(pos)`) that keep their place: the
/// longest run of strictly rising `pos`; the others are to be stored anew.
fn keep_rising(pos: &[Option<i64>]) -> Vec<bool> {
    // Patience sorting: `tails[k]` ends the best rising run of length k + 1 found so far.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; pos.len()];
    for (i, p) in pos.iter().enumerate() {
        let Some(p) = *p else { continue };
        let at = tails.partition_point(|&t| pos[t].unwrap_or(i64::MIN) < p);
        before[i] = at.checked_sub(1).map(|k| tails[k]);
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut keep = vec![false; pos.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = before[i];
    }
    keep
}

/// Places for the rows to be stored anew between the kept ones: `None` where some two kept
/// neighbours leave no room (then the input's `pos` are spread out and this is tried again).
fn places(pos: &[Option<i64>]) -> Option<Vec<i64>> {
    let mut out = vec![0; pos.len()];
    let mut i = 0;
    let mut below: Option<i64> = None;
    while i < pos.len() {
        if let Some(p) = pos[i] {
            out[i] = p;
            below = Some(p);
            i += 1;
            continue;
        }
        let end = (i..pos.len())
            .find(|&j| pos[j].is_some())
            .unwrap_or(pos.len());
        let k = (end - i) as i64;
        let above = pos.get(end).copied().flatten();
        let (start, step) = match (below, above) {
            (Some(a), Some(b)) => (a, (b - a) / (k + 1)),
            (Some(a), None) => (a, GAP),
            (None, Some(b)) => (b - GAP * (k + 1), GAP),
            (None, None) => (0, GAP),
        };
        if step == 0 {
            return None;
        }
        for (j, slot) in out[i..end].iter_mut().enumerate() {
            *slot = start + step * (j as i64 + 1);
        }
        i = end;
    }
    Some(out)
}

/// Spreads an input's `pos` out again, `GAP` apart, keeping their order (equal stay equal).
fn spread(tx: &Transaction, kind: Kind) -> rusqlite::Result<()> {
    let t = table(kind);
    let all: Vec<(i64, i64)> = tx
        .prepare(&format!("SELECT id, pos FROM {t} ORDER BY pos"))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare(&format!("UPDATE {t} SET pos = ?2 WHERE id = ?1"))?;
    let (mut rank, mut last) = (0, None);
    for (id, pos) in all {
        if last != Some(pos) {
            rank += 1;
            last = Some(pos);
        }
        update.execute([id, rank * GAP])?;
    }
    Ok(())
}

/// Stores one input's rows (as text ids, in file order) for a recording dated `d` whose neighbours
/// with inputs kept are `prev` and `next`: how many rows were stored anew.
pub(super) fn write_keys(
    tx: &Transaction,
    kind: Kind,
    d: i64,
    (prev, next): (Option<i64>, Option<i64>),
    keys: &[RowKey],
) -> rusqlite::Result<u64> {
    let (mut held, mut by_key) = held(tx, kind, d, prev, next)?;
    // Each row of the file takes the next unused held row with its texts (in `pos` order).
    let mut found: Vec<Option<usize>> = Vec::with_capacity(keys.len());
    for key in keys {
        let mut pick = None;
        if let Some((first, _)) = by_key.get_mut(key)
            && let Some(h) = *first
        {
            let h = h as usize;
            *first = held[h].same;
            // The other half of a run this date splits: the same row, next in `pos` order.
            if let Some(other) = *first
                && held[other as usize].pos == held[h].pos
            {
                *first = held[other as usize].same;
                held[h].twin = Some(other);
            }
            pick = Some(h);
        }
        found.push(pick);
    }
    drop(by_key);
    let pos: Vec<Option<i64>> = found.iter().map(|f| f.map(|h| held[h].pos)).collect();
    let keep = keep_rising(&pos);
    let mut pos = pos;
    for (p, &k) in pos.iter_mut().zip(&keep) {
        if !k {
            *p = None;
        }
    }
    let Some(places) = places(&pos) else {
        spread(tx, kind)?;
        return write_keys(tx, kind, d, (prev, next), keys);
    };
    drop(pos);
    for (f, &k) in found.iter().zip(&keep) {
        if let (Some(h), true) = (*f, k) {
            held[h].used = true;
        }
    }
    let t = table(kind);
    let columns = kind.columns();
    let mut set = tx.prepare(&format!(
        "UPDATE {t} SET first_as_of = ?2, last_as_of = ?3 WHERE id = ?1"
    ))?;
    let mut delete = tx.prepare(&format!("DELETE FROM {t} WHERE id = ?1"))?;
    let marks = vec!["?"; columns.len() + 4].join(", ");
    let mut insert = tx.prepare(&format!(
        "INSERT INTO {t} (id, pos, first_as_of, last_as_of, {}) VALUES ({marks})",
        columns.join(", ")
    ))?;
    let mut next_id: i64 = tx.query_row(
        &format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {t}"),
        [],
        |r| r.get(0),
    )?;
    let mut add =
        |id: &mut i64, pos: i64, first: i64, last: i64, key: &RowKey| -> rusqlite::Result<()> {
            let values = [*id, pos, first, last].into_iter();
            insert.execute(params_from_iter(
                values.chain(key.iter().map(|&v| i64::from(v)).take(columns.len())),
            ))?;
            *id += 1;
            Ok(())
        };
    let mut new = 0;
    for (i, key) in keys.iter().enumerate() {
        match found[i].filter(|_| keep[i]) {
            Some(h) if held[h].first < d && held[h].last > d => {}
            Some(h) => {
                let (mut first, mut last) = (held[h].first.min(d), held[h].last.max(d));
                if next.is_none() {
                    last = LATEST;
                }
                if let Some(other) = held[h].twin.map(|o| o as usize).filter(|&o| !held[o].used) {
                    first = first.min(held[other].first);
                    last = last.max(held[other].last);
                    held[other].used = true;
                    delete.execute([held[other].id])?;
                }
                set.execute([held[h].id, first, last])?;
            }
            None => {
                let last = if next.is_none() { LATEST } else { d };
                add(&mut next_id, places[i], d, last, key)?;
                new += 1;
            }
        }
    }
    // The rows this date lacks whose runs went over it: ended before it, and (with a recording
    // after it) again from the next.
    let mut copy = tx.prepare(&format!(
        "INSERT INTO {t} (id, pos, first_as_of, last_as_of, {names})
         SELECT ?1, pos, ?2, last_as_of, {names} FROM {t} WHERE id = ?3",
        names = columns.join(", ")
    ))?;
    for r in &held {
        if !r.used && r.first < d && r.last > d {
            let Some(p) = prev else { continue };
            if let Some(nx) = next {
                copy.execute([next_id, nx, r.id])?;
                next_id += 1;
            }
            set.execute([r.id, r.first, p])?;
        }
    }
    Ok(new)
}

/// Writes a recording's rows: its rows, and how many were stored anew.
pub(super) fn write_rows(
    tx: &Transaction,
    rec: &Recording,
    texts: HashMap<&str, u32, FastHash>,
) -> rusqlite::Result<(u64, u64)> {
    let as_of = rec.as_of.to_string();
    let around = neighbours(tx, &as_of)?;
    // Every input's rows as text ids first, so that the texts' map is gone before the neighbours'
    // rows are read.
    let all: Vec<(Kind, Vec<RowKey>)> = rec
        .inputs
        .iter()
        .map(|(kind, input)| {
            let keys = (0..input.len())
                .map(|i| {
                    let mut key = [0; WIDEST];
                    for (value, text) in key.iter_mut().zip(input.row(i)) {
                        *value = texts.get(text).copied().unwrap_or(0);
                    }
                    key
                })
                .collect();
            (*kind, keys)
        })
        .collect();
    drop(texts);
    let (mut rows, mut new) = (0, 0);
    for (kind, keys) in &all {
        new += write_keys(tx, *kind, day(rec.as_of), around, keys)?;
        rows += keys.len() as u64;
    }
    Ok((rows, new))
}

/// A recording's inputs read back: each input's header and rows in file order.
pub(super) fn read_inputs(
    conn: &Connection,
    id: i64,
    as_of: Date,
    plan_text: String,
) -> rusqlite::Result<Inputs> {
    let mut files = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT input, file_name, bytes, data_rows, sha256, header FROM input_files
             WHERE recording_id = ?1",
        )?;
        for f in stmt.query_map([id], |r| {
            Ok(InputFile {
                input: r.get(0)?,
                file_name: r.get(1)?,
                bytes: n(r, 2)?,
                data_rows: n(r, 3)?,
                sha256: r.get(4)?,
                header: r.get(5)?,
            })
        })? {
            files.push(f?);
        }
    }
    let mut texts: HashMap<i64, String, FastHash> = HashMap::default();
    {
        let mut stmt = conn.prepare("SELECT id, text FROM texts")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (i, t) = row?;
            texts.insert(i, t);
        }
    }
    let mut inputs = Vec::new();
    for kind in Kind::ALL {
        let Some(file) = files.iter().find(|f| f.input == kind.name()) else {
            continue;
        };
        let columns = kind.columns();
        let mut pick = conn.prepare(&format!(
            "SELECT {} FROM {} WHERE first_as_of <= ?1 AND last_as_of >= ?1 ORDER BY pos",
            columns.join(", "),
            table(kind)
        ))?;
        let mut rows = Vec::new();
        let mut got = pick.query([day(as_of)])?;
        while let Some(r) = got.next()? {
            let mut row = Vec::with_capacity(columns.len());
            for i in 0..columns.len() {
                let t: i64 = r.get(i)?;
                row.push(texts.get(&t).cloned().unwrap_or_default());
            }
            rows.push(row);
        }
        let header = file.header.split(',').map(str::to_string).collect();
        inputs.push((kind, Rows { header, rows }));
    }
    Ok(Inputs {
        as_of,
        plan_text,
        files,
        inputs,
    })
}

/// Version 1 to 2: the rows of each recording, kept as runs of row ids (`row_runs`), become runs of
/// recordings per row; texts, figures and recordings stay as they were.
pub(super) fn migrate_from_1(tx: &Transaction) -> rusqlite::Result<()> {
    for kind in Kind::ALL {
        let t = table(kind);
        tx.execute_batch(&format!(
            "DROP VIEW {}; ALTER TABLE {t} RENAME TO old_{t};",
            kind.name()
        ))?;
    }
    tx.execute_batch(&super::row_schema())?;
    let kept: Vec<(i64, String)> = tx
        .prepare("SELECT id, as_of FROM recordings WHERE inputs = 'kept' ORDER BY as_of")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut prev = None;
    for (id, as_of) in kept {
        let d = day_of(&as_of);
        for kind in Kind::ALL {
            let columns = kind.columns();
            let mut runs = tx.prepare(
                "SELECT first_row, count FROM row_runs WHERE recording_id = ?1 AND input = ?2
                 ORDER BY seq",
            )?;
            let mut pick = tx.prepare(&format!(
                "SELECT {} FROM old_{} WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
                columns.join(", "),
                table(kind)
            ))?;
            let found: Vec<(i64, i64)> = runs
                .query_map(params![id, kind.name()], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut keys = Vec::new();
            for (first, count) in found {
                let mut got = pick.query([first, first + count - 1])?;
                while let Some(r) = got.next()? {
                    let mut key = [0; WIDEST];
                    for (i, value) in key.iter_mut().enumerate().take(columns.len()) {
                        *value = r.get(i)?;
                    }
                    keys.push(key);
                }
            }
            write_keys(tx, kind, d, (prev, None), &keys)?;
        }
        prev = Some(d);
    }
    for kind in Kind::ALL {
        tx.execute_batch(&format!("DROP TABLE old_{};", table(kind)))?;
    }
    tx.execute_batch("DROP TABLE row_runs;")
}
