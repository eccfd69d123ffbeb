//! The one loader: every input a run names, read and checked in one order, for `kvu validate` and every
//! command alike, so that both report exactly the same problems.
//!
//! The plan first; then the unit tree, the staff export (bound to the plan's roles and levels at once,
//! so that its warnings come with it), whether the tree has every staff unit, and the exemptions. The
//! completion export (by far the largest file) is read on the other cores meanwhile; its problems are
//! reported after the staff's, as if the files were read one after the other. Last, whether the
//! exports join at all, and whether another `--id-format` would join markedly more ([`super::join`]).
//!
//! Ordinarily the first error stops the load. With [`Diagnostics::collecting`] (`kvu validate`) an
//! error that stops one file is kept and the next file is read, so that one run lists them all.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;

use super::path::InputPath;
use super::reader::Recorded;
use super::{
    Encoding, ReadOptions, completions, exemptions, kinds, sessions, staff, units, weights,
};
use crate::diag::{Diagnostics, Problem, count_rows};
use crate::error::Error;
use crate::fasthash::FastHash;
use crate::model::exports::{CodeSet, Exports, SessionExport, StaffExport, WeightRow};
use crate::model::{Exemptions, StaffBinding, UnitTree};
use crate::plan::Plan;

/// The input files a run names (`None`: not given).
#[derive(Debug, Clone, Default)]
pub struct Paths {
    pub plan: Option<InputPath>,
    pub staff: Option<InputPath>,
    pub completions: Option<InputPath>,
    pub units: Option<InputPath>,
    pub exemptions: Option<InputPath>,
    /// `kvu diff --old-plan`: a second plan, checked as fully as the first, its codes read too.
    pub old_plan: Option<InputPath>,
    /// `kvu cohorts --sessions`: the sessions to fill.
    pub sessions: Option<InputPath>,
    /// `kvu allocate --key`: the weights to share seats by.
    pub key: Option<InputPath>,
}

/// How to load: the files, how to read them, and the as-of date (completions after it do not exist yet).
#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub paths: Paths,
    pub encoding: Encoding,
    pub delimiter: Option<u8>,
    pub as_of: Date,
    /// `--id-format`: how employee ids in every input compare.
    pub id_format: super::ids::IdFormat,
    /// `--history FILE --recording DATE`: read that recording's inputs instead of the files.
    pub recording: Option<(String, Date)>,
}

/// With `--recording`, the options that read the recording's inputs: each input's path a name that
/// stands for its recorded text (read as UTF-8 CSV with commas), the files beside the exports (a
/// sessions file, a key, an old plan) as given. Without, `None`.
fn recorded(options: &LoadOptions) -> Result<Option<(LoadOptions, Recorded)>, Error> {
    let Some((store, date)) = &options.recording else {
        return Ok(None);
    };
    let read = || -> anyhow::Result<crate::history::source::Mounted> {
        let opened = crate::history::Store::open_to_read(store)?;
        crate::history::source::mount(store, &opened.load_inputs(*date)?)
    };
    let mounted = read().map_err(|e| Error::Store(format!("{e:#}")))?;
    let mut texts = vec![(mounted.plan.name.clone(), mounted.plan.bytes.clone())];
    let mut paths = options.paths.clone();
    // A recorded text is CSV (or the plan's YAML), never a workbook's sheet.
    let recorded_path = |name: &str| InputPath {
        given: name.to_string(),
        workbook: None,
    };
    paths.plan = Some(recorded_path(&mounted.plan.name));
    (
        paths.staff,
        paths.completions,
        paths.units,
        paths.exemptions,
    ) = (None, None, None, None);
    for (kind, text) in mounted.inputs {
        use crate::history::Kind;
        let slot = match kind {
            Kind::Staff => &mut paths.staff,
            Kind::Completions => &mut paths.completions,
            Kind::Units => &mut paths.units,
            Kind::Exemptions => &mut paths.exemptions,
        };
        *slot = Some(recorded_path(&text.name));
        texts.push((text.name, text.bytes));
    }
    let options = LoadOptions {
        paths,
        encoding: Encoding::Utf8,
        delimiter: Some(b','),
        as_of: mounted.as_of,
        id_format: options.id_format,
        recording: None,
    };
    Ok(Some((options, Some(std::sync::Arc::new(texts)))))
}

/// A plan: its recorded text, or its file.
fn plan_of(
    path: &str,
    recorded: &Recorded,
    diag: &mut Diagnostics,
) -> Result<Option<Plan>, Problem> {
    match super::reader::recorded(recorded, path) {
        Some(bytes) => Plan::from_yaml(path, &String::from_utf8_lossy(bytes), diag),
        None => kinds::load_plan(path, diag),
    }
}

/// One file read, for `kvu validate`'s line per file: what was read of it (`None`: not to the end).
#[derive(Debug, Clone)]
pub struct FileRead {
    pub path: String,
    pub read: Option<Read>,
}

/// What was read of a file, in numbers (`kvu validate` words them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// A plan: its levels, roles, courses and priority tiers.
    Plan {
        levels: usize,
        roles: usize,
        courses: usize,
        tiers: usize,
    },
    /// An export's data rows.
    Rows(u64),
    /// The completion export's data rows, and those of courses outside the plan.
    Completions { rows: u64, outside: u64 },
}

/// Everything loaded. After an ordinary load (one that did not stop) every input is here; after a
/// collecting one, what could be read.
#[derive(Debug, Default)]
pub struct Loaded {
    pub plan: Option<Plan>,
    pub old_plan: Option<Plan>,
    pub exports: Exports,
    pub staff_binding: Option<StaffBinding>,
    pub exemptions: Option<Exemptions>,
    pub files: Vec<FileRead>,
    /// Exports not read because the plan has errors.
    pub skipped: Vec<String>,
    pub read_options: ReadOptions,
    /// How well the exports join (when there is a staff export and rows of plan courses to join).
    pub join: Option<super::join::Join>,
    /// The sessions file (`kvu cohorts`), when one is given.
    pub sessions: Option<SessionExport>,
    /// The allocation key's rows (`kvu allocate --key`), when one is given.
    pub key: Option<Vec<WeightRow>>,
}

/// A plan read, for `kvu validate`'s line per file.
fn plan_read(path: &str, plan: Option<&Plan>) -> FileRead {
    FileRead {
        path: path.to_string(),
        read: plan.map(|p| Read::Plan {
            levels: p.levels.len(),
            roles: p.roles.len(),
            courses: p.courses.len(),
            tiers: p.priority.len(),
        }),
    }
}

fn rows(n: u64) -> Read {
    Read::Rows(n)
}

/// The file an option names, or the error that says how to give it.
pub fn required<'a>(
    value: &'a Option<InputPath>,
    option: &str,
    env: &str,
) -> Result<&'a InputPath, Error> {
    value.as_ref().ok_or_else(|| {
        Error::Usage(format!(
            "no {option} file given, expected --{option} FILE, {env} or `{option}` in kvu.toml"
        ))
    })
}

/// `-` (standard input) for one input at most: two would each read part of it, or one nothing.
pub fn one_stdin<'a>(inputs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<(), Error> {
    let stdin: Vec<&str> = inputs
        .into_iter()
        .filter(|(_, path)| *path == "-")
        .map(|(option, _)| option)
        .collect();
    if let [first @ .., last] = stdin.as_slice()
        && !first.is_empty()
    {
        let all = if first.len() == 1 { "both" } else { "all" };
        return Err(Error::Usage(format!(
            "{} and {last} {all} read standard input (-), expected - for one input at most",
            first.join(", ")
        )));
    }
    Ok(())
}

impl Paths {
    /// Each input given, with its option.
    pub fn given(&self) -> Vec<(&'static str, &InputPath)> {
        [
            ("--plan", &self.plan),
            ("--staff", &self.staff),
            ("--completions", &self.completions),
            ("--units", &self.units),
            ("--exemptions", &self.exemptions),
            ("--old-plan", &self.old_plan),
            ("--key", &self.key),
            ("--sessions", &self.sessions),
        ]
        .into_iter()
        .filter_map(|(option, path)| Some((option, path.as_ref()?)))
        .collect()
    }
}

/// Runs `load`; in a collecting run a problem that stopped it is kept and the run goes on.
fn attempt<T>(
    diag: &mut Diagnostics,
    load: impl FnOnce(&mut Diagnostics) -> Result<T, Problem>,
) -> Result<Option<T>, Problem> {
    match load(diag) {
        Ok(v) => Ok(Some(v)),
        Err(p) => {
            diag.error(p)?;
            Ok(None)
        }
    }
}

/// Loads every input given. `exports` says whether the staff and completion exports are required
/// (every command) or only read when given (`kvu validate`).
pub fn load(options: &LoadOptions, exports: bool, diag: &mut Diagnostics) -> Result<Loaded, Error> {
    match recorded(options)? {
        Some((options, recorded)) => load_texts(&options, recorded, exports, diag),
        None => load_texts(options, None, exports, diag),
    }
}

/// Loads the plan from its file and every other input from rows given as a recording holds them
/// (`report --history`: today's rows with the recordings'), each read like a recording's input
/// and named `NAME:staff`, `NAME:completions` and so on in messages.
pub fn load_rows(
    options: &LoadOptions,
    name: &str,
    rows: &[(crate::history::Kind, crate::history::Rows)],
    diag: &mut Diagnostics,
) -> Result<Loaded, Error> {
    let mut texts = Vec::new();
    let mut paths = options.paths.clone();
    (
        paths.staff,
        paths.completions,
        paths.units,
        paths.exemptions,
    ) = (None, None, None, None);
    for (kind, rows) in rows {
        use crate::history::Kind;
        let text = crate::history::source::text(&format!("{name}:{}", kind.name()), rows)
            .map_err(|e| Error::Store(format!("{e:#}")))?;
        let slot = match kind {
            Kind::Staff => &mut paths.staff,
            Kind::Completions => &mut paths.completions,
            Kind::Units => &mut paths.units,
            Kind::Exemptions => &mut paths.exemptions,
        };
        *slot = Some(InputPath {
            given: text.name.clone(),
            workbook: None,
        });
        texts.push((text.name, text.bytes));
    }
    let options = LoadOptions {
        paths,
        encoding: Encoding::Utf8,
        delimiter: Some(b','),
        recording: None,
        ..options.clone()
    };
    load_texts(&options, Some(std::sync::Arc::new(texts)), true, diag)
}

/// [`load`], with the texts that stand for some inputs' files.
fn load_texts(
    options: &LoadOptions,
    recorded: Recorded,
    exports: bool,
    diag: &mut Diagnostics,
) -> Result<Loaded, Error> {
    let paths = &options.paths;
    one_stdin(paths.given().into_iter().map(|(o, p)| (o, &**p)))?;
    let plan_path = required(&paths.plan, "plan", "KVU_PLAN")?;
    if exports {
        required(&paths.staff, "staff", "KVU_STAFF")?;
        required(&paths.completions, "completions", "KVU_COMPLETIONS")?;
    }
    let mut loaded = Loaded::default();
    let plan = attempt(diag, |d| plan_of(plan_path, &recorded, d))?.flatten();
    if plan.is_none() && !diag.collects() {
        return Err(Problem::file(plan_path, "the plan has errors").into());
    }
    loaded.files.push(plan_read(plan_path, plan.as_ref()));
    if let Some(path) = &paths.old_plan {
        let old = attempt(diag, |d| plan_of(path, &recorded, d))?.flatten();
        if old.is_none() && !diag.collects() {
            return Err(Problem::file(path, "the plan has errors").into());
        }
        loaded.files.push(plan_read(path, old.as_ref()));
        loaded.old_plan = old;
    }
    let read_options = ReadOptions {
        encoding: options.encoding,
        delimiter: options.delimiter,
        columns: plan.as_ref().map(|p| p.columns.clone()).unwrap_or_default(),
        titles: plan.as_ref().is_some_and(Plan::has_titles),
        ids: super::ids::IdOptions {
            format: options.id_format,
            as_of: options.as_of,
        },
        recorded: recorded.clone(),
    };
    let Some(plan) = plan else {
        read_units(&mut loaded, paths, &read_options, diag)?;
        // The exports are read against the plan's columns and titles.
        loaded.skipped = [&paths.staff, &paths.exemptions, &paths.completions]
            .into_iter()
            .flatten()
            .map(|p| p.given.clone())
            .collect();
        read_extras(&mut loaded, paths, &read_options, diag)?;
        loaded.read_options = read_options;
        return Ok(loaded);
    };
    let codes = match &loaded.old_plan {
        Some(old) => CodeSet::of(&[&plan, old]),
        None => CodeSet::of(&[&plan]),
    };
    std::thread::scope(|scope| {
        let reading = paths.completions.as_ref().map(|path| {
            let (codes, read_options) = (&codes, &read_options);
            (
                path,
                scope.spawn(move || completions::read(path, codes, read_options, options.as_of)),
            )
        });
        read_units(&mut loaded, paths, &read_options, diag)?;
        read_staff_side(&mut loaded, &plan, paths, &read_options, diag)?;
        if let Some((path, reading)) = reading {
            let read = reading.join().unwrap_or_else(|_| {
                Err(Problem::file(path, "internal error while reading the file"))
            });
            let export = attempt(diag, |d| read?.resolve(&mut loaded.exports.people, d))?;
            let outside = export.as_ref().map(|e| e.outside.values().sum::<u64>());
            if let Some(e) = &export
                && let Some(w) = e.outside_warning(path)
            {
                diag.note(w);
            }
            loaded.files.push(FileRead {
                path: path.to_string(),
                read: export
                    .as_ref()
                    .zip(outside)
                    .map(|(e, outside)| Read::Completions {
                        rows: e.rows_read,
                        outside,
                    }),
            });
            loaded.exports.completions = export.unwrap_or_default();
        }
        Ok::<_, Problem>(())
    })?;
    loaded.exports.codes = codes;
    loaded.join = super::join::measure(
        &loaded.exports,
        read_options.ids,
        (paths.completions.as_deref(), paths.exemptions.as_deref()),
    );
    if let Some(join) = &loaded.join {
        super::join::check(join, diag)?;
    }
    read_extras(&mut loaded, paths, &read_options, diag)?;
    loaded.read_options = read_options;
    loaded.plan = Some(plan);
    Ok(loaded)
}

/// Loads only what `kvu units` needs: the staff export (required) and the unit tree (if given). The
/// plan is read only if it is given, for its `columns:` and `titles:` (how the exports are read); the
/// completion export and the exemptions are not read, nor demanded. The staff rows are not bound to
/// the plan (roles and levels do not matter to a list of units), so only the reading's own problems
/// and staff units missing from the tree are warned of.
pub fn load_staff(options: &LoadOptions, diag: &mut Diagnostics) -> Result<Exports, Error> {
    let mounted = recorded(options)?;
    let (options, recorded) = match &mounted {
        Some((options, recorded)) => (options, recorded.clone()),
        None => (options, None),
    };
    let paths = &options.paths;
    let staff_path = required(&paths.staff, "staff", "KVU_STAFF")?;
    let plan = match &paths.plan {
        Some(path) => match plan_of(path, &recorded, diag)? {
            Some(plan) => Some(plan),
            None => return Err(Problem::file(path, "the plan has errors").into()),
        },
        None => None,
    };
    let read_options = ReadOptions {
        encoding: options.encoding,
        delimiter: options.delimiter,
        columns: plan.as_ref().map(|p| p.columns.clone()).unwrap_or_default(),
        titles: plan.as_ref().is_some_and(Plan::has_titles),
        ids: super::ids::IdOptions {
            format: options.id_format,
            as_of: options.as_of,
        },
        recorded: recorded.clone(),
    };
    let mut loaded = Loaded::default();
    read_units(&mut loaded, paths, &read_options, diag)?;
    let mut exports = loaded.exports;
    let staff = staff::load(staff_path, &read_options, &mut exports.people, diag)?;
    if staff.rows_read == 0 {
        return Err(Problem::file(staff_path, staff::NO_ROWS).into());
    }
    exports.tree_unit = tree_units(&staff, exports.units.as_ref());
    if exports.units.is_some() {
        check_units_in_tree(&staff, &exports.tree_unit, diag)?;
    }
    exports.staff = staff;
    Ok(exports)
}

/// The unit tree, if one is given.
fn read_units(
    loaded: &mut Loaded,
    paths: &Paths,
    read_options: &ReadOptions,
    diag: &mut Diagnostics,
) -> Result<(), Problem> {
    if let Some(path) = &paths.units {
        let tree = attempt(diag, |d| units::load(path, read_options, d))?;
        loaded.files.push(FileRead {
            path: path.given.clone(),
            read: tree.as_ref().map(|t| rows(t.rows_read)),
        });
        loaded.exports.units = tree;
    }
    Ok(())
}

/// The files a command reads beside the exports: the allocation key and the sessions, after the exports
/// (their problems come last, as their files are read last).
fn read_extras(
    loaded: &mut Loaded,
    paths: &Paths,
    read_options: &ReadOptions,
    diag: &mut Diagnostics,
) -> Result<(), Problem> {
    if let Some(path) = &paths.key {
        let rows = attempt(diag, |d| weights::load(path, read_options, d))?;
        loaded.files.push(FileRead {
            path: path.given.clone(),
            read: rows.as_ref().map(|r| rows_of(r.len())),
        });
        loaded.key = rows;
    }
    if let Some(path) = &paths.sessions {
        let file = attempt(diag, |d| sessions::load(path, read_options, d))?;
        loaded.files.push(FileRead {
            path: path.given.clone(),
            read: file.as_ref().map(|f| rows_of(f.rows.len())),
        });
        loaded.sessions = file;
    }
    Ok(())
}

fn rows_of(n: usize) -> Read {
    Read::Rows(n as u64)
}

/// The staff export, bound to the plan's roles and levels; the tree's check; the exemptions.
fn read_staff_side(
    loaded: &mut Loaded,
    plan: &Plan,
    paths: &Paths,
    read_options: &ReadOptions,
    diag: &mut Diagnostics,
) -> Result<(), Problem> {
    let exports = &mut loaded.exports;
    if let Some(path) = &paths.staff {
        let staff = attempt(diag, |d| {
            staff::load(path, read_options, &mut exports.people, d)
        })?;
        let bound = match &staff {
            Some(s) => attempt(diag, |d| StaffBinding::new(plan, s, d))?,
            None => None,
        };
        if let Some(staff) = staff {
            // `validate` lists it; a command says it after checking its own options.
            if staff.rows_read == 0 && diag.collects() {
                diag.error(Problem::file(path, staff::NO_ROWS))?;
            }
            exports.tree_unit = tree_units(&staff, exports.units.as_ref());
            if exports.units.is_some() {
                attempt(diag, |d| check_units_in_tree(&staff, &exports.tree_unit, d))?;
            }
            loaded.files.push(FileRead {
                path: path.given.clone(),
                read: bound.as_ref().map(|_| rows(staff.rows_read)),
            });
            exports.staff = staff;
        } else {
            loaded.files.push(FileRead {
                path: path.given.clone(),
                read: None,
            });
        }
        loaded.staff_binding = bound;
    }
    if let Some(path) = &paths.exemptions {
        let read = attempt(diag, |d| {
            exemptions::load(path, read_options, &exports.people, d)
        })?;
        loaded.files.push(FileRead {
            path: path.given.clone(),
            read: read.as_ref().map(|e| rows(e.rows_read)),
        });
        if let Some(read) = read {
            exports.exemptions = read;
            loaded.exemptions = attempt(diag, |d| {
                crate::model::bind::bind_exemptions(plan, exports, d)
            })?;
        }
    }
    Ok(())
}

/// For each staff row, the tree's node for its unit, looked up once per distinct unit text (the rows of
/// a unit share one string).
fn tree_units(staff: &StaffExport, tree: Option<&UnitTree>) -> Vec<Option<usize>> {
    // Without a tree, none (a national staff list would hold 600,000 empty entries).
    let Some(tree) = tree else {
        return Vec::new();
    };
    let mut seen: HashMap<*const crate::model::exports::UnitName, Option<usize>, FastHash> =
        HashMap::default();
    staff
        .rows
        .iter()
        .map(|a| {
            *seen
                .entry(std::sync::Arc::as_ptr(&a.unit_name))
                .or_insert_with(|| tree.unit_of(a.unit()))
        })
        .collect()
}

/// With a unit tree, a staff unit the tree does not have is a warning (its rows fall outside every
/// `--unit`), one per unit with the first line and the count.
fn check_units_in_tree(
    staff: &StaffExport,
    tree_unit: &[Option<usize>],
    diag: &mut Diagnostics,
) -> Result<(), Problem> {
    let mut missing: BTreeMap<&str, (u64, usize)> = BTreeMap::new();
    for (a, node) in staff.rows.iter().zip(tree_unit) {
        if node.is_none() {
            missing.entry(a.unit()).or_insert((a.line, 0)).1 += 1;
        }
    }
    for (unit, (line, count)) in missing {
        diag.warn(Problem::at(
            &staff.path,
            line,
            format!(
                "unit `{unit}` is not in the unit tree ({}, the first here); no --unit takes it in",
                count_rows(count)
            ),
        ))?;
    }
    Ok(())
}
