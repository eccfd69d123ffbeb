//! `kvu units`: the units, with how many people work at or below each.
//!
//! With a unit tree: `unit,name,parent,depth,staff`, in tree order: each root in the tree file's order,
//! each unit followed by its sub-units (depth first), siblings in the file's order; `depth` 1 is a root;
//! `staff` is the distinct employee_ids with a staff row in the unit or any unit below it. Without a tree:
//! `unit,staff`, the staff export's units (compared ignoring case, written as their first row writes
//! them) in code-point order. Reads only the staff export and the tree ([`crate::load::inputs::load_staff`]).
//!
//! Counting people below a unit once however many posts they have there is done by merging each unit's
//! set of people into its parent's, the smaller set into the larger, so that a tree 50,000 deep costs
//! about as much as a flat one.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use anyhow::Result;

use super::Done;
use crate::model::UnitTree;
use crate::model::exports::Exports;
use crate::output::{Column, Kind, Note, Table, Value, View};

/// One unit of the tree, as listed.
struct TreeRow {
    unit: usize,
    staff: usize,
}

/// The units.
pub fn run(exports: &Exports) -> Result<Done<'_>> {
    match &exports.units {
        Some(tree) => Ok(Done::table(tree_table(exports, tree))),
        None => Ok(Done::table(flat_table(exports))),
    }
}

/// The distinct people of the staff export.
fn people(exports: &Exports) -> usize {
    exports
        .staff
        .rows
        .iter()
        .map(|r| r.person)
        .collect::<HashSet<_>>()
        .len()
}

fn tree_table<'a>(exports: &'a Exports, tree: &'a UnitTree) -> Table<'a> {
    let staff = staff_at_or_below(exports, tree);
    let rows: Vec<TreeRow> = tree_order(tree)
        .into_iter()
        .map(|unit| TreeRow {
            unit,
            staff: staff[unit],
        })
        .collect();
    let columns = vec![
        Column::new("unit", Kind::Id),
        Column::new("name", Kind::Text),
        Column::new("parent", Kind::Id),
        Column::new("depth", Kind::Count),
        Column::new("staff", Kind::Count),
    ];
    let node = |r: &TreeRow| &tree.units[r.unit];
    let parent = move |r: &TreeRow| node(r).parent.map_or("", |p| tree.units[p].id.as_str());
    let rows = Rc::new(rows);
    let data = {
        let rows = rows.clone();
        View::new(columns, rows.len(), move |i, out| {
            let r = &rows[i];
            out.extend([
                Value::text(&node(r).id),
                Value::text(&node(r).name),
                Value::text(parent(r)),
                Value::count(tree.depth(r.unit)),
                Value::count(r.staff),
            ]);
        })
    };
    let labels = vec![
        Column::display("Unit", Kind::Id),
        Column::display("Name", Kind::Text),
        Column::display("Staff", Kind::Count),
    ];
    let display_view = View::new(labels, rows.len(), move |i, out| {
        let r = &rows[i];
        let indent = "  ".repeat(tree.depth(r.unit).saturating_sub(1));
        out.extend([
            Value::owned(format!("{indent}{}", node(r).id)),
            Value::text(&node(r).name),
            Value::count(r.staff),
        ]);
    });
    let outside: HashSet<&str> = exports
        .staff
        .rows
        .iter()
        .zip(&exports.tree_unit)
        .filter(|(_, node)| node.is_none())
        .map(|(r, _)| r.unit_key())
        .collect();
    let (units, everyone, outside) = (tree.units.len(), people(exports), outside.len());
    let mut table = Table::new(data).display(display_view).note(Note::UnitTree {
        units,
        people: everyone,
    });
    if outside > 0 {
        table = table.note(Note::OutsideTree(outside));
    }
    table
}

/// The units in tree order: roots in file order, each unit followed by its sub-units (in file order),
/// walked without recursion so that a deep tree cannot overflow the stack.
fn tree_order(tree: &UnitTree) -> Vec<usize> {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); tree.units.len()];
    let mut roots = Vec::new();
    for (u, node) in tree.units.iter().enumerate() {
        match node.parent {
            Some(p) => children[p].push(u),
            None => roots.push(u),
        }
    }
    let mut order = Vec::with_capacity(tree.units.len());
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(u) = stack.pop() {
        order.push(u);
        stack.extend(children[u].iter().rev());
    }
    order
}

/// For each unit of the tree, the distinct people with a staff row in it or below it: each unit's set
/// of people is merged into its parent's (the smaller into the larger), deepest units first.
fn staff_at_or_below(exports: &Exports, tree: &UnitTree) -> Vec<usize> {
    let mut sets: Vec<HashSet<u32>> = vec![HashSet::new(); tree.units.len()];
    for (row, node) in exports.staff.rows.iter().zip(&exports.tree_unit) {
        if let Some(u) = node {
            sets[*u].insert(row.person);
        }
    }
    let mut deepest_first: Vec<usize> = (0..tree.units.len()).collect();
    deepest_first.sort_by_key(|&u| std::cmp::Reverse(tree.depth(u)));
    let mut staff = vec![0; tree.units.len()];
    for u in deepest_first {
        staff[u] = sets[u].len();
        if let Some(p) = tree.units[u].parent {
            let mut mine = std::mem::take(&mut sets[u]);
            if mine.len() > sets[p].len() {
                std::mem::swap(&mut mine, &mut sets[p]);
            }
            sets[p].extend(mine);
        }
    }
    staff
}

fn flat_table<'a>(exports: &'a Exports) -> Table<'a> {
    // Units by key: the first row's spelling and the distinct people.
    let mut units: HashMap<&str, (&str, HashSet<u32>)> = HashMap::new();
    for row in &exports.staff.rows {
        units
            .entry(row.unit_key())
            .or_insert_with(|| (row.unit(), HashSet::new()))
            .1
            .insert(row.person);
    }
    let rows: Vec<(&str, usize)> = units
        .into_values()
        .map(|(unit, people)| (unit, people.len()))
        .collect::<BTreeMap<_, _>>()
        .into_iter()
        .collect();
    let columns = vec![
        Column::new("unit", Kind::Id),
        Column::new("staff", Kind::Count),
    ];
    let labels = vec![
        Column::display("Unit", Kind::Id),
        Column::display("Staff", Kind::Count),
    ];
    let count = rows.len();
    let rows = Rc::new(rows);
    let fill = |rows: Rc<Vec<(&'a str, usize)>>| {
        move |i: usize, out: &mut Vec<Value<'a>>| {
            let (unit, staff) = rows[i];
            out.extend([Value::text(unit), Value::count(staff)]);
        }
    };
    let data = View::new(columns, count, fill(rows.clone()));
    let mut display_view = View::new(labels, count, fill(rows));
    display_view.extra = vec![vec![
        Value::Note(Note::Total),
        Value::count(people(exports)),
    ]];
    Table::new(data)
        .display(display_view)
        .note(Note::StaffUnits(count))
}
