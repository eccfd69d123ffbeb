//! Whether the exports join: how many completion and exemption rows of plan courses belong to
//! someone in the staff export, and whether another `--id-format` would join markedly more of them.
//!
//! Exports that do not join must never be a quiet 0 %: when none of those rows belongs to anyone in
//! the staff export, that is an error; when another format (leading zeros dropped: `number`;
//! personnummer spellings: `personnummer`; back to `text`) joins markedly more, a warning (an error
//! with `--strict`) names the flag, with an example id from each file, quoted as read.
//!
//! **Markedly** ([`markedly`]): at least [`MIN_MORE`] rows more, and at least one row in
//! [`SHARE_MORE`] of all those rows more. A healthy export, in which a fifth to two fifths of the
//! completion rows are leavers', joins no more under another format (its ids are not padded, nor
//! spelt otherwise), so it is never warned of.
//!
//! The work is over distinct ids, not rows: the completion rows are counted per person only when
//! another format changes some id at all. A format that leaves every id as it is (or refuses it)
//! cannot join more, and costs one pass over the distinct ids (a national export's 700,000) that
//! allocates nothing for `number` and for ids of another shape than a personnummer's.

use std::borrow::Cow;
use std::collections::HashMap;

use super::ids::{IdFormat, IdOptions, Normalised};
use crate::diag::{Diagnostics, Problem};
use crate::fasthash::FastHash;
use crate::model::exports::Exports;

/// Rows another format must join more, at the least, to be suggested.
pub const MIN_MORE: u64 = 10;
/// ... and the share of all rows it must join more, at the least: one in this many (5 %).
pub const SHARE_MORE: u64 = 20;

/// How well the exports join, for the check and for `kvu validate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Join {
    /// The staff export, and the files whose rows were counted (the completions, the exemptions).
    pub staff: String,
    pub files: Vec<String>,
    /// Completion and exemption rows of plan courses, and those of someone in the staff export.
    pub rows: u64,
    pub joined: u64,
    /// An id of the staff export and one of the other file, as read.
    pub examples: (String, String),
    /// The other format that joins the most rows, if any joins more than the one used.
    pub better: Option<Better>,
}

/// Another `--id-format` that joins more rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Better {
    pub format: IdFormat,
    pub joined: u64,
    /// An id of the staff export and one of the other file that this format joins, as read.
    pub examples: (String, String),
}

impl Join {
    /// The better format, if it joins markedly more.
    pub fn marked(&self) -> Option<&Better> {
        self.better
            .as_ref()
            .filter(|b| markedly(b.joined, self.joined, self.rows))
    }
}

/// Whether `more` joined rows (of `rows`) is markedly more than `joined`.
pub fn markedly(more: u64, joined: u64, rows: u64) -> bool {
    more >= joined + MIN_MORE && (more - joined) * SHARE_MORE >= rows
}

/// `part` of `whole` in whole percent, rounded down.
pub fn percent(part: u64, whole: u64) -> u64 {
    (part * 100).checked_div(whole).unwrap_or(0)
}

/// An id as `format` compares it (`None`: not of the format).
fn as_format(format: IdFormat, id: &str, ids: IdOptions) -> Option<Cow<'_, str>> {
    match format.normalise(id, ids.as_of) {
        Normalised::Ok(n) | Normalised::Warn(n, _) => Some(n),
        Normalised::Err(_) => None,
    }
}

/// Counts how the exports join under the format used and the others; `None` when there is nothing
/// to join (no staff, or no completion or exemption row of a plan course).
pub fn measure(
    exports: &Exports,
    ids: IdOptions,
    paths: (Option<&str>, Option<&str>),
) -> Option<Join> {
    let people = &exports.people;
    let staff = people.staff_count;
    let list = &exports.completions.list;
    let exempt: Vec<_> = exports
        .exemptions
        .rows
        .iter()
        .filter(|e| exports.codes.find(&e.course).is_some())
        .collect();
    let rows = (list.len() + exempt.len()) as u64;
    if staff == 0 || rows == 0 {
        return None;
    }
    let joined = list.iter().filter(|c| c.person < staff).count() as u64
        + exempt.iter().filter(|e| e.person.is_some()).count() as u64;
    let other = match list.first() {
        Some(c) => people.id(c.person).to_string(),
        None => exempt[0].id.to_string(),
    };
    let mut join = Join {
        staff: exports.staff.path.to_string(),
        files: [(paths.0, !list.is_empty()), (paths.1, !exempt.is_empty())]
            .into_iter()
            .filter_map(|(p, has)| p.filter(|_| has).map(str::to_string))
            .collect(),
        rows,
        joined,
        examples: (people.id(0).to_string(), other),
        better: None,
    };
    let mut counts: Option<Vec<u32>> = None;
    for format in IdFormat::ALL.into_iter().filter(|&f| f != ids.format) {
        let changes = |id: &str| as_format(format, id, ids).is_some_and(|n| n != id);
        if !(0..people.len() as u32).any(|p| changes(people.id(p)))
            && !exempt.iter().any(|e| changes(&e.id))
        {
            continue; // Every id stays as it is or is refused: no more can join.
        }
        let counts = counts.get_or_insert_with(|| {
            let mut counts = vec![0u32; people.len()];
            for c in list {
                counts[c.person as usize] += 1;
            }
            counts
        });
        let better = try_format(format, exports, ids, counts, &exempt);
        if better.joined > join.better.as_ref().map_or(joined, |b| b.joined) {
            join.better = Some(better);
        }
    }
    Some(join)
}

/// The rows `format` would join, with an example of a pair it joins that the format used does not.
fn try_format(
    format: IdFormat,
    exports: &Exports,
    ids: IdOptions,
    counts: &[u32],
    exempt: &[&crate::model::exports::ExemptionRecord],
) -> Better {
    let people = &exports.people;
    let staff = people.staff_count;
    let mut of: HashMap<Cow<str>, u32, FastHash> = HashMap::default();
    of.reserve(staff as usize);
    for p in 0..staff {
        if let Some(n) = as_format(format, people.id(p), ids) {
            of.entry(n).or_insert(p);
        }
    }
    let mut joined = 0u64;
    let mut example = None;
    for (p, &n) in counts.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let id = people.id(p as u32);
        if let Some(s) = as_format(format, id, ids).and_then(|k| of.get(&k)) {
            joined += u64::from(n);
            if p as u32 >= staff && example.is_none() {
                example = Some((people.id(*s).to_string(), id.to_string()));
            }
        }
    }
    for e in exempt {
        if let Some(s) = as_format(format, &e.id, ids).and_then(|k| of.get(&k)) {
            joined += 1;
            if e.person.is_none() && example.is_none() {
                example = Some((people.id(*s).to_string(), e.id.to_string()));
            }
        }
    }
    Better {
        format,
        joined,
        examples: example.unwrap_or_default(),
    }
}

/// The error when nothing joins (unless the inputs had errors already), the warning when another
/// format joins markedly more.
pub fn check(join: &Join, diag: &mut Diagnostics) -> Result<(), Problem> {
    let file = join
        .files
        .first()
        .map_or(join.staff.as_str(), String::as_str);
    let (staff, rows) = (&join.staff, join.rows);
    let whose = match join.files.as_slice() {
        [_, also] => format!("the {rows} rows of plan courses here and in {also}"),
        _ => format!("its {rows} rows of plan courses"),
    };
    // Rows that could not be read (an error already listed by `kvu validate`) may be the ones that join.
    if join.joined == 0 && diag.errors.is_empty() {
        let (s, o) = &join.examples;
        let hint = match &join.better {
            Some(b) => format!(
                "; --id-format {} joins {} of them, expected ids written alike or --id-format {}",
                b.format.name(),
                b.joined,
                b.format.name()
            ),
            None => ", expected the ids of the staff export".to_string(),
        };
        return diag.error(Problem::file(
            file,
            format!(
                "none of {whose} belongs to anyone in {staff} (ids here are like `{o}`, there like `{s}`){hint}"
            ),
        ));
    }
    if let Some(b) = join.marked() {
        let (s, o) = &b.examples;
        let name = b.format.name();
        diag.warn(Problem::file(
            file,
            format!(
                "only {} of {whose} ({}%) belong to someone in {staff}; --id-format {name} joins {} ({}%): `{o}` here is `{s}` there; expected ids written alike or --id-format {name}",
                join.joined,
                percent(join.joined, rows),
                b.joined,
                percent(b.joined, rows)
            ),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markedly_is_ten_rows_and_a_twentieth_more() {
        assert!(markedly(110, 100, 200));
        assert!(!markedly(109, 100, 200));
        assert!(!markedly(150, 100, 1_001));
        assert!(markedly(150, 100, 1_000));
    }
}
