//! Scope: which staff rows a command's `--unit` and `--role` take in, and a course named on the
//! command line. A name that matches nothing is an error, so that a typo in a cron job cannot print an
//! empty, all-clear list; a `--unit` that matches nothing suggests the closest units.

use anyhow::{Result, bail};

use super::Model;
use crate::plan::{CourseIx, key};

impl Model<'_> {
    /// Which staff rows count under `--unit` and `--role`.
    pub fn scope(&self, unit: Option<&str>, role: Option<&str>) -> Result<Vec<bool>> {
        let rows = self.rows();
        let mut in_scope = vec![true; rows.len()];
        if let Some(unit) = unit {
            in_scope = self.unit_scope(unit)?;
        }
        if let Some(role) = role {
            let Some(r) = self.plan.role(role) else {
                let ids: Vec<&str> = self.plan.roles.iter().map(|r| r.id.as_str()).collect();
                bail!(
                    "--role `{role}` is no role of the plan, expected one of: {}",
                    ids.join(", ")
                );
            };
            for (i, s) in in_scope.iter_mut().enumerate() {
                *s &= self.post(i).role == Some(r);
            }
        }
        Ok(in_scope)
    }

    /// The staff rows in a unit (with a tree, at or below it).
    fn unit_scope(&self, unit: &str) -> Result<Vec<bool>> {
        let rows = self.rows();
        let Some(tree) = &self.exports.units else {
            let k = key(unit);
            let in_scope: Vec<bool> = rows.iter().map(|a| a.unit_key() == k).collect();
            if !in_scope.contains(&true) {
                let near = did_you_mean(unit, rows.iter().map(|a| a.unit()));
                bail!(
                    "--unit `{unit}` matches no unit of the staff export, expected a unit as the export writes it (or give --units for a tree){near}"
                );
            }
            return Ok(in_scope);
        };
        let found = tree.find(unit);
        match found.len() {
            0 => {
                let texts = tree
                    .units
                    .iter()
                    .flat_map(|u| [u.id.as_str(), u.name.as_str()]);
                let near = did_you_mean(unit, texts);
                bail!(
                    "--unit `{unit}` matches no unit of the unit tree, expected a unit id or name{near}"
                )
            }
            1 => {}
            _ => {
                let ids: Vec<&str> = found.iter().map(|&u| tree.units[u].id.as_str()).collect();
                bail!(
                    "--unit `{unit}` is the name of {} units ({}), expected one: give the unit id",
                    ids.len(),
                    ids.join(", ")
                )
            }
        }
        let inside = tree.subtree(&found);
        let mut in_scope = vec![false; rows.len()];
        for (rows_here, _) in self.rows_by_node().iter().zip(&inside).filter(|(_, i)| **i) {
            for &r in rows_here {
                in_scope[r as usize] = true;
            }
        }
        Ok(in_scope)
    }

    /// A unit as a person reads it: with a unit tree that names it, `id name`; otherwise as written.
    pub fn unit_label(&self, unit: &str) -> String {
        match self
            .exports
            .units
            .as_ref()
            .and_then(|t| t.unit_of(unit).map(|u| &t.units[u]))
        {
            Some(node) if !node.name.is_empty() && node.name != unit => {
                format!("{unit} {}", node.name)
            }
            _ => unit.to_string(),
        }
    }

    /// A course named on the command line, by id or code.
    pub fn course_arg(&self, course: Option<&str>) -> Result<Option<CourseIx>> {
        let Some(text) = course else { return Ok(None) };
        match self.plan.course(text) {
            Some(c) => Ok(Some(c)),
            None => {
                let ids: Vec<&str> = self.plan.courses.iter().map(|c| c.id.as_str()).collect();
                bail!(
                    "--course `{text}` is no course or code of the plan, expected one of: {}",
                    ids.join(", ")
                )
            }
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

/// `; did you mean `A`, `B`?` for the closest of `candidates`, or nothing when none is close.
fn did_you_mean<'a>(query: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let near = closest(query, candidates);
    if near.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = near.iter().map(|c| format!("`{}`", c.trim())).collect();
    format!("; did you mean {}?", quoted.join(", "))
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
        if k.contains(&q) || (k_len >= 2 && q.contains(&k)) {
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
