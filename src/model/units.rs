//! The unit tree: units with their parents, so that `--unit X` takes in every unit below X.
//!
//! A unit is found by its id (ignoring case) or, failing that, by its name (names may repeat).

use std::collections::HashMap;

use crate::plan::{Key, key};

#[derive(Debug, Clone)]
pub struct UnitNode {
    pub id: String,
    pub name: String,
    /// The unit manager's address (the tree's optional `email` column), or empty.
    pub email: String,
    pub parent: Option<usize>,
    pub line: u64,
}

#[derive(Debug, Default)]
pub struct UnitTree {
    pub units: Vec<UnitNode>,
    by_id: HashMap<Key, usize>,
    /// Units by name (as a key), for a unit named rather than given by id.
    by_name: HashMap<Key, Vec<usize>>,
    /// Each unit's depth: 1 for a root.
    depth: Vec<usize>,
    /// Each unit's place in the tree's preorder (a unit, then its sub-units, roots and children in
    /// file order), and the place just past its subtree: the units at and below `u` are the units
    /// whose place is in `pre[u]..end[u]`, so a subtree is one run of the preorder.
    pre: Vec<usize>,
    end: Vec<usize>,
    pub rows_read: u64,
}

impl UnitTree {
    /// A tree of these nodes (ids unique as keys, parents set, no cycles: the loader checks).
    pub fn new(units: Vec<UnitNode>, rows_read: u64) -> UnitTree {
        let by_id = units
            .iter()
            .enumerate()
            .map(|(i, u)| (key(&u.id), i))
            .collect();
        let mut by_name: HashMap<Key, Vec<usize>> = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            let k = key(&u.name);
            if !k.is_empty() {
                by_name.entry(k).or_default().push(i);
            }
        }
        let depth = depths(&units);
        let (pre, end) = preorder(&units);
        UnitTree {
            units,
            by_id,
            by_name,
            depth,
            pre,
            end,
            rows_read,
        }
    }

    /// A unit's place in the tree's preorder, and the place just past its subtree (see [`UnitTree`]).
    pub fn span(&self, unit: usize) -> (usize, usize) {
        (self.pre[unit], self.end[unit])
    }

    /// Whether `unit` is `root` or below it.
    pub fn is_within(&self, unit: usize, root: usize) -> bool {
        (self.pre[root]..self.end[root]).contains(&self.pre[unit])
    }

    /// A unit's depth in the tree: 1 for a root.
    pub fn depth(&self, unit: usize) -> usize {
        self.depth[unit]
    }

    /// For every unit, its ancestor at `level` of the tree (1 = the roots), or the unit itself when it
    /// lies above that level: one pass over the tree, parents before children, whatever its depth.
    pub fn at_level(&self, level: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.units.len()).collect();
        order.sort_unstable_by_key(|&u| self.depth[u]);
        let mut at: Vec<usize> = (0..self.units.len()).collect();
        for u in order {
            if self.depth[u] > level
                && let Some(p) = self.units[u].parent
            {
                at[u] = at[p];
            }
        }
        at
    }

    /// A unit's ancestor at `level` of the tree (1 = the roots), or the unit itself when it lies at or
    /// above that level (as [`UnitTree::at_level`] gives it for every unit).
    pub fn ancestor_at(&self, unit: usize, level: usize) -> usize {
        let mut at = unit;
        while self.depth[at] > level {
            match self.units[at].parent {
                Some(p) => at = p,
                None => break,
            }
        }
        at
    }

    /// A unit by its id, or else by its name (names may repeat).
    pub fn find(&self, text: &str) -> Vec<usize> {
        let k = key(text);
        if let Some(&u) = self.by_id.get(&k) {
            return vec![u];
        }
        self.by_name.get(&k).cloned().unwrap_or_default()
    }

    /// The unit of the tree a staff unit names: by id, else by a name only one unit has.
    pub fn unit_of(&self, staff_unit: &str) -> Option<usize> {
        match self.find(staff_unit).as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The chain from a unit up to its root, the unit first.
    pub fn ancestors(&self, unit: usize) -> Vec<usize> {
        let mut chain = vec![unit];
        let mut at = self.units[unit].parent;
        while let Some(p) = at {
            if chain.len() > self.units.len() {
                break;
            }
            chain.push(p);
            at = self.units[p].parent;
        }
        chain
    }
}

/// Each unit's place in the preorder and the place past its subtree: one walk of the tree, roots and
/// children in file order. A unit on a cycle (which the loader rejects) starts a walk of its own.
fn preorder(units: &[UnitNode]) -> (Vec<usize>, Vec<usize>) {
    let n = units.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (u, node) in units.iter().enumerate() {
        if let Some(p) = node.parent.filter(|&p| p < n) {
            children[p].push(u);
        }
    }
    let mut pre = vec![usize::MAX; n];
    let mut end = vec![0; n];
    let mut next = 0;
    // (unit, whether its children were pushed): a unit's end is set when it is met the second time.
    let mut stack: Vec<(usize, bool)> = Vec::new();
    let roots = (0..n).filter(|&u| units[u].parent.is_none());
    for start in roots.chain(0..n) {
        if pre[start] != usize::MAX {
            continue;
        }
        stack.push((start, false));
        while let Some((u, done)) = stack.pop() {
            if done {
                end[u] = next;
                continue;
            }
            pre[u] = next;
            next += 1;
            stack.push((u, true));
            for &c in children[u].iter().rev() {
                if pre[c] == usize::MAX {
                    stack.push((c, false));
                }
            }
        }
    }
    (pre, end)
}

/// Each unit's depth (1 for a root), each unit walked up only until a unit whose depth is known, so
/// that a tree 50,000 deep costs 50,000 steps, not their square. A cycle (which the loader rejects)
/// counts as a root.
fn depths(units: &[UnitNode]) -> Vec<usize> {
    let mut depth = vec![0usize; units.len()];
    let mut walk = Vec::new();
    for start in 0..units.len() {
        walk.clear();
        let mut at = Some(start);
        let mut above = 0;
        while let Some(u) = at {
            if depth[u] > 0 {
                above = depth[u];
                break;
            }
            if walk.len() > units.len() {
                break;
            }
            walk.push(u);
            at = units[u].parent;
        }
        for &u in walk.iter().rev() {
            above += 1;
            if depth[u] == 0 {
                depth[u] = above;
            }
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree from (id, parent index) pairs.
    fn tree(units: &[(&str, Option<usize>)]) -> UnitTree {
        let nodes = units
            .iter()
            .enumerate()
            .map(|(i, &(id, parent))| UnitNode {
                id: id.to_string(),
                name: String::new(),
                email: String::new(),
                parent,
                line: i as u64 + 2,
            })
            .collect();
        UnitTree::new(nodes, units.len() as u64)
    }

    /// The units at and below the given ones, by walking up from each unit (memoised): the answer the
    /// preorder's runs must give.
    fn subtree(t: &UnitTree, roots: &[usize]) -> Vec<bool> {
        let mut inside = vec![false; t.units.len()];
        for &r in roots {
            inside[r] = true;
        }
        // Walk up from each unit until a marked unit or the top; memoise the answers.
        let mut known: Vec<Option<bool>> = inside.iter().map(|&i| i.then_some(true)).collect();
        for u in 0..t.units.len() {
            let mut walk = Vec::new();
            let mut at = Some(u);
            let answer = loop {
                match at {
                    None => break false,
                    Some(a) => {
                        if let Some(k) = known[a] {
                            break k;
                        }
                        if walk.len() > t.units.len() {
                            break false;
                        }
                        walk.push(a);
                        at = t.units[a].parent;
                    }
                }
            };
            for a in walk {
                known[a] = Some(answer);
            }
        }
        known.into_iter().map(|k| k.unwrap_or(false)).collect()
    }

    #[test]
    fn a_subtree_is_one_run_of_the_preorder() {
        // R > (A > (A1, A2), B > B1), a second root S; children listed after their parents or before.
        let t = tree(&[
            ("A1", Some(2)),
            ("R", None),
            ("A", Some(1)),
            ("B", Some(1)),
            ("S", None),
            ("A2", Some(2)),
            ("B1", Some(3)),
        ]);
        for root in 0..t.units.len() {
            let (from, to) = t.span(root);
            let inside = subtree(&t, &[root]);
            for (u, &is_inside) in inside.iter().enumerate() {
                let (p, _) = t.span(u);
                assert_eq!((from..to).contains(&p), is_inside, "{root} {u}");
                assert_eq!(t.is_within(u, root), is_inside);
            }
        }
        // Places are 0..n, each once.
        let mut places: Vec<usize> = (0..t.units.len()).map(|u| t.span(u).0).collect();
        places.sort_unstable();
        assert_eq!(places, (0..t.units.len()).collect::<Vec<_>>());
        assert_eq!(t.span(1), (0, 6));
        assert_eq!(t.span(4), (6, 7));
    }

    #[test]
    fn a_units_ancestor_at_a_level_is_as_the_whole_trees_table_gives_it() {
        let t = tree(&[
            ("R", None),
            ("A", Some(0)),
            ("A1", Some(1)),
            ("A1x", Some(2)),
            ("B", Some(0)),
        ]);
        for level in 1..5 {
            let table = t.at_level(level);
            for (u, &at) in table.iter().enumerate() {
                assert_eq!(t.ancestor_at(u, level), at, "unit {u} level {level}");
            }
        }
    }

    #[test]
    fn a_cycle_the_loader_would_reject_still_gets_places_and_ends() {
        let t = tree(&[("A", Some(1)), ("B", Some(0)), ("R", None)]);
        let mut places: Vec<usize> = (0..3).map(|u| t.span(u).0).collect();
        places.sort_unstable();
        assert_eq!(places, [0, 1, 2]);
    }
}
