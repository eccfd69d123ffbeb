//! Scope: which staff rows a command's `--unit` and `--role` take in, and a course named on the
//! command line. A name that matches nothing is an error, so that a typo in a cron job cannot print an
//! empty, all-clear list; a `--unit` that matches nothing suggests the closest units. The errors are
//! typed ([`Error::UnknownUnit`] with the nearest names, ...): [`crate::error`] words them.

use std::collections::HashMap;

use super::{Exports, Model, PersonIx, RowIx, UnitTree};
use crate::error::{Error, UnitsFrom};
use crate::fasthash::FastHash;
use crate::plan::{CourseIx, key};

/// The staff rows a command takes in under `--unit` and `--role`: row numbers in ascending order. A
/// unit's scope is found from the model's rows by unit ([`Model::unit_rows`]), so it costs its own rows,
/// not every row: `--split` and `kvu site` run a scope per unit. Every row is a number, not a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// `Some(n)`: every row of a staff export of `n` rows; else `rows`.
    all: Option<usize>,
    rows: Vec<RowIx>,
}

impl Scope {
    /// A scope of these rows (ascending, each once).
    pub fn of(rows: Vec<RowIx>) -> Scope {
        debug_assert!(rows.windows(2).all(|w| w[0] < w[1]), "rows ascending");
        Scope { all: None, rows }
    }

    /// Every row of a staff export of `len` rows.
    pub fn all(len: usize) -> Scope {
        Scope {
            all: Some(len),
            rows: Vec::new(),
        }
    }

    /// The rows, ascending.
    pub fn iter(&self) -> impl Iterator<Item = RowIx> + '_ {
        let every = self.all.map(RowIx::all).into_iter().flatten();
        every.chain(self.rows.iter().copied())
    }

    /// Keeps the rows for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(RowIx) -> bool) {
        match self.all.take() {
            Some(n) => self.rows = RowIx::all(n).filter(|&i| keep(i)).collect(),
            None => self.rows.retain(|&i| keep(i)),
        }
    }
}

/// The staff rows by unit, for finding a unit's scope in its own rows. With a unit tree the rows are
/// ordered by their unit's place in the tree's preorder ([`UnitTree::span`]), so the rows at and below
/// a unit are one run; without one, each staff unit (ignoring case) has its list. Row numbers ascend
/// within a unit. Made in one pass over the rows and the tree.
#[derive(Debug, Default)]
pub struct UnitRows {
    /// With a tree: the rows with a tree unit, by their unit's preorder place.
    by_place: Vec<u32>,
    /// With a tree: `by_place[starts[p]..starts[p + 1]]` are the rows of the unit at place `p`.
    starts: Vec<u32>,
    /// Without a tree: each staff unit's rows, by the unit as a key.
    by_key: HashMap<Box<str>, Vec<u32>, FastHash>,
}

impl UnitRows {
    pub fn new(exports: &Exports) -> UnitRows {
        let row = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        let Some(tree) = &exports.units else {
            let mut by_key: HashMap<Box<str>, Vec<u32>, FastHash> = HashMap::default();
            for (i, r) in exports.staff.rows.iter().enumerate() {
                match by_key.get_mut(r.unit_key()) {
                    Some(rows) => rows.push(row(i)),
                    None => drop(by_key.insert(r.unit_key().into(), vec![row(i)])),
                }
            }
            return UnitRows {
                by_key,
                ..UnitRows::default()
            };
        };
        // A counting sort by place: counts, then where each place starts, then the rows.
        let mut starts = vec![0u32; tree.units.len() + 1];
        for u in exports.tree_unit.iter().flatten() {
            starts[tree.span(*u).0 + 1] += 1;
        }
        for p in 1..starts.len() {
            starts[p] += starts[p - 1];
        }
        let mut next = starts.clone();
        let mut by_place = vec![0u32; starts[starts.len() - 1] as usize];
        for (i, u) in exports.tree_unit.iter().enumerate() {
            if let Some(u) = u {
                let p = tree.span(*u).0;
                by_place[next[p] as usize] = row(i);
                next[p] += 1;
            }
        }
        UnitRows {
            by_place,
            starts,
            by_key: HashMap::default(),
        }
    }

    /// With a tree: the rows at and below a unit, by place (each unit's rows ascending).
    pub fn of_subtree(&self, tree: &UnitTree, unit: usize) -> &[u32] {
        let (from, to) = tree.span(unit);
        &self.by_place[self.starts[from] as usize..self.starts[to] as usize]
    }

    /// Without a tree: the rows of a staff unit, by its key; `None` when no row has it.
    pub fn of_staff_unit(&self, key: &str) -> Option<&[u32]> {
        self.by_key.get(key).map(Vec::as_slice)
    }
}

impl Model<'_> {
    /// Which staff rows count under `--unit` and `--role`.
    pub fn scope(&self, unit: Option<&str>, role: Option<&str>) -> Result<Scope, Error> {
        let mut scope = match unit {
            Some(unit) => self.unit_scope(unit)?,
            None => Scope::all(self.rows().len()),
        };
        if let Some(role) = role {
            let Some(r) = self.plan.role(role) else {
                return Err(Error::UnknownRole {
                    given: role.to_string(),
                    roles: self.plan.roles.iter().map(|r| r.id.clone()).collect(),
                });
            };
            scope.retain(|i| self.post(i).role == Some(r));
        }
        Ok(scope)
    }

    /// The id a `--unit` names, as `kvu record`'s figures and `--split` name the unit: with a tree, the
    /// tree's id of the unit it matches; without, the staff unit as its first row writes it.
    pub fn unit_id(&self, unit: &str) -> Result<String, Error> {
        let scope = self.unit_scope(unit)?;
        if let Some(tree) = &self.exports.units {
            // One match: unit_scope said so.
            return Ok(tree.units[tree.find(unit)[0]].id.clone());
        }
        let first = scope.iter().next();
        Ok(first.map_or_else(|| unit.to_string(), |i| self.rows()[i].unit().to_string()))
    }

    /// The staff rows in a unit (with a tree, at or below it).
    fn unit_scope(&self, unit: &str) -> Result<Scope, Error> {
        let rows = self.rows();
        let Some(tree) = &self.exports.units else {
            let Some(here) = self.unit_rows().of_staff_unit(&key(unit)) else {
                return Err(Error::UnknownUnit {
                    given: unit.to_string(),
                    from: UnitsFrom::Staff,
                    nearest: nearest(unit, rows.iter().map(|a| a.unit())),
                });
            };
            return Ok(Scope::of(
                here.iter().map(|&r| RowIx::new(r as usize)).collect(),
            ));
        };
        let found = tree.find(unit);
        match found.len() {
            0 => {
                let texts = tree
                    .units
                    .iter()
                    .flat_map(|u| [u.id.as_str(), u.name.as_str()]);
                return Err(Error::UnknownUnit {
                    given: unit.to_string(),
                    from: UnitsFrom::Tree,
                    nearest: nearest(unit, texts),
                });
            }
            1 => {}
            _ => {
                return Err(Error::AmbiguousUnit {
                    given: unit.to_string(),
                    ids: found.iter().map(|&u| tree.units[u].id.clone()).collect(),
                });
            }
        }
        let mut inside: Vec<RowIx> = self
            .unit_rows()
            .of_subtree(tree, found[0])
            .iter()
            .map(|&r| RowIx::new(r as usize))
            .collect();
        inside.sort_unstable();
        Ok(Scope::of(inside))
    }

    /// A person named on the command line (`person ID`): `key` is the id as `--id-format` compares it.
    /// Someone in the staff export, else an error with the closest ids of the export.
    pub fn person_arg(&self, given: &str, key: &str) -> Result<PersonIx, Error> {
        let people = &self.exports.people;
        match people.get(key).filter(|&p| people.in_staff(p)) {
            Some(p) => Ok(PersonIx::of(p)),
            None => Err(Error::UnknownPerson {
                given: given.to_string(),
                nearest: nearest(key, (0..people.staff_count).map(|p| people.id(p))),
            }),
        }
    }

    /// A course named on the command line, by id or code.
    pub fn course_arg(&self, course: Option<&str>) -> Result<Option<CourseIx>, Error> {
        let Some(text) = course else { return Ok(None) };
        match self.plan.course(text) {
            Some(c) => Ok(Some(c)),
            None => Err(Error::UnknownCourse {
                given: text.to_string(),
                courses: self.plan.courses.iter().map(|c| c.id.clone()).collect(),
            }),
        }
    }
}

/// The most suggestions a message gives.
const SUGGESTIONS: usize = 3;

/// Longer texts than this (in characters) are not compared by edit distance: a suggestion is for a
/// typo, and the comparison costs the product of the lengths.
const LONGEST: usize = 200;

fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == ','
}

/// The closest of `candidates` (trimmed) to suggest, or none when none is close.
fn nearest<'a>(query: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    closest(query, candidates)
        .iter()
        .map(|c| c.trim().to_string())
        .collect()
}

/// The candidates (as written) closest to `query`, at most [`SUGGESTIONS`], ignoring case: first
/// those that contain the query or are contained in it, then those of which the whole or one word is
/// within a few edits (a third of the query's length, at least one), each group by edit distance, then
/// in code-point order. Candidates
/// that are the same ignoring case are one.
pub fn closest<'a>(query: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let q = key(query);
    let q_len = q.chars().count();
    if q_len == 0 {
        return Vec::new();
    }
    let most_edits = (q_len / 3).max(1);
    let one_word = !q.contains(is_separator);
    let mut seen = std::collections::HashSet::new();
    // (edit distance, how it matched: 0 contains or is contained, 1 whole, 2 one word; the text)
    let mut scored: Vec<(usize, u8, &'a str)> = Vec::new();
    for text in candidates {
        let k = key(text);
        if k.is_empty() || !seen.insert(k.clone()) {
            continue;
        }
        let k_len = k.chars().count();
        let comparable = q_len <= LONGEST && k_len <= LONGEST;
        let close = |w: &str| {
            let d = (w.chars().count().abs_diff(q_len) <= most_edits)
                .then(|| strsim::levenshtein(&q, w));
            d.filter(|&d| d <= most_edits)
        };
        if k.contains(q.as_str()) || (k_len >= 2 && q.contains(k.as_str())) {
            let distance = if comparable {
                strsim::levenshtein(&q, &k)
            } else {
                k_len.abs_diff(q_len)
            };
            scored.push((distance, 0, text));
        } else if comparable {
            if let Some(d) = close(&k) {
                scored.push((d, 1, text));
            } else if one_word && let Some(d) = k.split(is_separator).filter_map(close).min() {
                // One word of the text (`Medicinklinken` for `Medicinkliniken Östra`).
                scored.push((d, 2, text));
            }
        }
    }
    scored.sort_unstable_by(|a, b| (a.0, a.1, a.2.trim()).cmp(&(b.0, b.1, b.2.trim())));
    scored.truncate(SUGGESTIONS);
    scored.into_iter().map(|(_, _, text)| text).collect()
}

#[cfg(test)]
mod tests {
    use super::closest;

    const UNITS: [&str; 6] = [
        "Avd 1",
        "Avd 10",
        "Medicinkliniken",
        "Kirurgkliniken",
        "Medicinkliniken Sahlgrenska",
        "AVD 1",
    ];

    #[test]
    fn a_typo_suggests_the_units_a_few_edits_away() {
        assert_eq!(
            closest("Medicinkliniek", UNITS.into_iter()),
            ["Medicinkliniken", "Medicinkliniken Sahlgrenska"]
        );
        assert_eq!(closest("avd 2", UNITS.into_iter()), ["Avd 1"]);
    }

    #[test]
    fn a_part_of_a_name_suggests_the_units_that_contain_it_nearest_first() {
        assert_eq!(
            closest("medicin", UNITS.into_iter()),
            ["Medicinkliniken", "Medicinkliniken Sahlgrenska"]
        );
        assert_eq!(closest("kliniken", UNITS.into_iter()).len(), 3);
    }

    #[test]
    fn a_typo_in_one_word_of_a_name_suggests_the_name() {
        assert_eq!(
            closest("Sahlgrenksa", UNITS.into_iter()),
            ["Medicinkliniken Sahlgrenska"]
        );
    }

    #[test]
    fn nothing_close_suggests_nothing() {
        assert!(closest("Ortopedi", UNITS.into_iter()).is_empty());
        assert!(closest("  ", UNITS.into_iter()).is_empty());
    }

    #[test]
    fn very_long_texts_are_only_compared_as_substrings() {
        let long = "x".repeat(10_000);
        assert!(closest(&long, UNITS.into_iter()).is_empty());
        assert_eq!(
            closest("Avd 1", [long.as_str(), "Avd 1"].into_iter()),
            ["Avd 1"]
        );
    }
}
