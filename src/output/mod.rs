//! The output layer: a command returns typed [`Table`]s; one renderer per format writes them into a
//! [`sink::Sink`] (standard output or a file written whole or not at all).
//!
//! A table has a **data view** (its columns are the CSV header: CSV and JSON print it, JSON also the
//! columns marked `json_only`) and, where people need more than scripts do, a **display view** for the
//! terminal table (labels, the unit's name, how late, totals). Columns carry a [`Kind`] (text, id, date,
//! count, hours, percent) so that each format writes a value its own way. Rows are produced on demand
//! and written as they are produced, in every format but xlsx (a workbook is made whole): by index
//! from a list the command holds (a table of a million gaps costs no copy of them), or streamed in
//! order from a producer that holds none of them ([`View::stream`]: `gaps --summary`'s millions of
//! rows), so that memory is bounded by the model, not by the number of rows written.
//!
//! Formats are added here, in one place: [`csv`], [`json`], [`text`], [`xlsx`], [`html`] (with its
//! [`chart`]s), [`ics`] (calendars only). What people read (the table, xlsx, html, plain lines) is in
//! the language of [`lang`] and shows control characters escaped ([`controls`]); CSV and JSON write
//! values exactly.
//!
//! **Names for people.** A column holding units, roles or levels says so ([`Column::named`]); where a
//! table knows its [`Names`] (a command's, set once in [`crate::commands::run`]), what people read
//! shows a unit by its name from the unit tree with its id in a narrow column beside it, and a role or
//! a level by the plan's display name ([`Table::for_people`], [`Table::for_sheet`]). CSV and JSON keep
//! the ids of their exact headers.

pub mod chart;
pub mod controls;
pub mod csv;
pub mod html;
pub mod ics;
pub mod json;
pub mod lang;
pub mod note;
pub mod progress;
pub mod sink;
pub mod text;
pub mod words;
pub mod xlsx;

use std::borrow::Cow;
use std::io::{self, Write};

use jiff::civil::Date;

pub use chart::Chart;
pub use controls::escape_controls;
pub use lang::Lang;
pub use note::{Cap, CoverageFigure, Figure, GapCounts, Note, ScopeNote, TierRule, What};
pub use sink::Sink;

/// What a column holds, so that each format writes it right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// An identifier (employee id, unit id): text, never a number.
    Id,
    Date,
    /// A count, a rank or a tier: a whole number.
    Count,
    Hours,
    Percent,
}

/// One column: its key (the CSV header and JSON key), the label people read, and its kind.
#[derive(Debug, Clone)]
pub struct Column {
    pub key: Cow<'static, str>,
    pub label: Cow<'static, str>,
    pub kind: Kind,
    /// Aligned right in a table (numbers are anyway).
    pub right: bool,
    /// Only in JSON, not in the CSV header. A key `a.b` is key `b` of an object `a`.
    pub json_only: bool,
    /// Not in JSON, which has the same figures nested (`report --compare`'s flat columns).
    pub not_json: bool,
    /// Only in a workbook, for people: neither in the CSV header nor in JSON (a gap's days late,
    /// `gaps --summary`'s met %).
    pub sheet_only: bool,
    /// The label people read when it is words (`Coverage 2026-10-31`); `label` is then its English.
    pub said: Option<Note>,
    /// The values are state names (`overdue`), which people read in their language.
    pub words: bool,
    /// How readily a table too wide for the terminal leaves this column out: the highest first (ties:
    /// the rightmost first); 0, the default, last. The first column is never left out.
    pub spare: u8,
    /// The values are ids of units, roles or levels, which people read by their names (see [`Names`]).
    pub named: Option<Named>,
}

/// What the ids of a column name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Unit,
    Role,
    Level,
}

impl Named {
    /// What a column of this key or label holds: `unit`, `home_unit`, `role`, `level` (any case, a
    /// space for `_`).
    fn of_key(key: &str) -> Option<Named> {
        match key.to_ascii_lowercase().replace(' ', "_").as_str() {
            "unit" | "home_unit" => Some(Named::Unit),
            "role" => Some(Named::Role),
            "level" => Some(Named::Level),
            _ => None,
        }
    }
}

/// The names people read for the ids a table holds: a unit's from the unit tree, a role's and a
/// level's from the plan.
pub trait Names {
    /// The id and the name of a unit, role or level as a table holds it (a staff export may write a
    /// unit by its name); `None` for one unknown, which is shown as it is. An empty name: it has none.
    fn of(&self, named: Named, text: &str) -> Option<(&str, &str)>;
    /// Whether units have names of their own (a unit tree): then a unit's column gets its id beside.
    fn units_named(&self) -> bool;
}

/// A unit as a line of text reads it (a calendar's description): `Name (id)`, or its id alone when it
/// has no name.
pub fn unit_said(names: &dyn Names, unit: &str) -> String {
    match names.of(Named::Unit, unit) {
        Some((id, name)) if !name.is_empty() && name != id => format!("{name} ({id})"),
        _ => unit.to_string(),
    }
}

impl Column {
    /// A column; one named `status`, `before` or `after` (any case) holds state names (see
    /// [`Column::words`]), one named `unit`, `home_unit`, `role` or `level` ids people read by their
    /// names (see [`Column::named`]).
    pub fn new(key: impl Into<Cow<'static, str>>, kind: Kind) -> Column {
        let key = key.into();
        let words = matches!(
            key.to_ascii_lowercase().as_str(),
            "status" | "before" | "after"
        );
        let named = Named::of_key(&key);
        Column {
            label: key.clone(),
            key,
            kind,
            right: matches!(kind, Kind::Count | Kind::Hours | Kind::Percent),
            json_only: false,
            not_json: false,
            sheet_only: false,
            said: None,
            words,
            spare: 0,
            named,
        }
    }

    /// A column of the display view (what people read): a label and a kind.
    pub fn display(label: impl Into<Cow<'static, str>>, kind: Kind) -> Column {
        Column::new(label, kind)
    }

    /// A column of the display view whose label is words.
    pub fn said(label: Note, kind: Kind) -> Column {
        let mut column = Column::new(label.say(Lang::En), kind);
        column.said = Some(label);
        column
    }

    /// The label people read, in `lang`.
    pub fn heading(&self, lang: Lang) -> Cow<'_, str> {
        match &self.said {
            Some(note) => Cow::Owned(note.say(lang)),
            None => lang.heading(&self.label, self.kind),
        }
    }

    pub fn not_json(mut self) -> Column {
        self.not_json = true;
        self
    }

    /// Only in a workbook, headed by `heading` in the run's language (see [`Column::sheet_only`]).
    pub fn sheet_only(mut self, heading: Note) -> Column {
        self.sheet_only = true;
        self.said = Some(heading);
        self
    }

    /// In the CSV header (neither JSON-only nor workbook-only).
    pub fn in_csv(&self) -> bool {
        !self.json_only && !self.sheet_only
    }

    /// In JSON objects.
    pub fn in_json(&self) -> bool {
        !self.not_json && !self.sheet_only
    }

    pub fn right(mut self) -> Column {
        self.right = true;
        self
    }

    pub fn json_only(mut self) -> Column {
        self.json_only = true;
        self
    }

    /// Its values are state names, translated for people (`--lang`).
    pub fn words(mut self) -> Column {
        self.words = true;
        self
    }

    /// Its values are ids of `named` (a column `group` of `report --by unit`), read by their names.
    pub fn named(mut self, named: Option<Named>) -> Column {
        self.named = named;
        self
    }

    /// Left out before the columns with a lower `spare` when a table does not fit (see [`Column::spare`]).
    pub fn spare(mut self, spare: u8) -> Column {
        self.spare = spare;
        self
    }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Text(Cow<'a, str>),
    /// `YYYY-MM-DD`, or empty.
    Date(Option<Date>),
    /// A month, `YYYY-MM` (its first day held): a real date in a workbook, shown `yyyy-mm`.
    Month(Date),
    Count(u64),
    /// Nothing: empty in CSV, `null` in JSON.
    Null,
    Hours(f64),
    /// A share in percent; `None` when there is nothing to share.
    Percent(Option<f64>),
    /// Words for people (how late a gap is, the total row's label), said in their language.
    Note(Note),
}

impl<'a> Value<'a> {
    pub fn text(text: &'a str) -> Value<'a> {
        Value::Text(Cow::Borrowed(text))
    }

    pub fn owned(text: String) -> Value<'a> {
        Value::Text(Cow::Owned(text))
    }

    pub fn count(n: impl TryInto<u64>) -> Value<'a> {
        Value::Count(n.try_into().unwrap_or(u64::MAX))
    }

    pub fn opt_count(n: Option<usize>) -> Value<'a> {
        n.map_or(Value::Null, Value::count)
    }
}

/// Fills a row's values, one per column, into the buffer given (which starts empty).
pub type Fill<'a> = Box<dyn Fn(usize, &mut Vec<Value<'a>>) + 'a>;

/// Produces a view's rows in order, giving each row's values (one per column) to the function it is
/// given, and stops as soon as that function returns `false`.
pub type Produce<'a> = Box<dyn Fn(&mut dyn FnMut(&[Value<'a>]) -> bool) + 'a>;

/// How a view's rows come: any row on demand by its index, or all in order from a producer that holds
/// none of them (a summary of millions of rows made unit by unit as it is written).
enum Rows<'a> {
    Fill(Fill<'a>),
    Stream(Produce<'a>),
}

/// Columns and their rows.
pub struct View<'a> {
    pub columns: Vec<Column>,
    /// The number of rows (a streamed view's producer gives exactly this many).
    pub len: usize,
    rows: Rows<'a>,
    /// Rows after the others (the display view's totals).
    pub extra: Vec<Vec<Value<'a>>>,
}

impl<'a> View<'a> {
    pub fn new(
        columns: Vec<Column>,
        len: usize,
        fill: impl Fn(usize, &mut Vec<Value<'a>>) + 'a,
    ) -> View<'a> {
        View {
            columns,
            len,
            rows: Rows::Fill(Box::new(fill)),
            extra: Vec::new(),
        }
    }

    /// A view whose `len` rows `produce` gives in order, each written as it comes: see [`Produce`].
    pub fn stream(
        columns: Vec<Column>,
        len: usize,
        produce: impl Fn(&mut dyn FnMut(&[Value<'a>]) -> bool) + 'a,
    ) -> View<'a> {
        View {
            columns,
            len,
            rows: Rows::Stream(Box::new(produce)),
            extra: Vec::new(),
        }
    }

    /// The view of a list of rows, each turned into values by `fill`.
    pub fn of<T: 'a>(
        columns: Vec<Column>,
        rows: &'a [T],
        fill: impl Fn(&'a T, &mut Vec<Value<'a>>) + 'a,
    ) -> View<'a> {
        View::new(columns, rows.len(), move |i, out| fill(&rows[i], out))
    }

    /// Row `i` into `buffer`. A streamed view produces the rows before it again: renderers go through
    /// [`View::each`].
    pub fn row(&self, i: usize, buffer: &mut Vec<Value<'a>>) {
        buffer.clear();
        match &self.rows {
            Rows::Fill(fill) => fill(i, buffer),
            Rows::Stream(produce) => {
                let mut at = 0;
                produce(&mut |values| {
                    if at == i {
                        buffer.extend_from_slice(values);
                    }
                    at += 1;
                    at <= i
                });
            }
        }
        debug_assert_eq!(buffer.len(), self.columns.len(), "one value per column");
    }

    /// Calls `each` with the values of the first `limit` rows, in order and one at a time, and stops at
    /// its first error. The one way renderers read rows: a streamed view's rows are never all held.
    pub fn each<E>(
        &self,
        limit: usize,
        mut each: impl FnMut(&[Value<'a>]) -> Result<(), E>,
    ) -> Result<(), E> {
        let wanted = self.len.min(limit);
        match &self.rows {
            Rows::Fill(fill) => {
                let mut buffer = Vec::with_capacity(self.columns.len());
                for i in 0..wanted {
                    buffer.clear();
                    fill(i, &mut buffer);
                    debug_assert_eq!(buffer.len(), self.columns.len(), "one value per column");
                    each(&buffer)?;
                }
            }
            Rows::Stream(produce) => {
                if wanted == 0 {
                    return Ok(());
                }
                let (mut given, mut failed) = (0, None);
                produce(&mut |values| {
                    debug_assert_eq!(values.len(), self.columns.len(), "one value per column");
                    given += 1;
                    match each(values) {
                        Ok(()) => given < wanted,
                        Err(e) => {
                            failed = Some(e);
                            false
                        }
                    }
                });
                if let Some(e) = failed {
                    return Err(e);
                }
                debug_assert_eq!(given, wanted, "a streamed view gives its len rows");
            }
        }
        Ok(())
    }
}

/// What a command shows: a data view for scripts, a display view for the terminal, and the lines under it.
pub struct Table<'a> {
    pub data: View<'a>,
    /// The terminal's view; without one, the data view with its keys as labels.
    pub display: Option<View<'a>>,
    /// Lines under the table, for people.
    pub notes: Vec<Note>,
    /// With no rows, people see only the notes, not an empty table.
    pub hide_empty: bool,
    /// A heading for this table among others (a session of `kvu cohorts`): a line above it, an xlsx
    /// sheet's name, an html section's heading.
    pub title: Option<Note>,
    /// A chart of the table's figures, for html.
    pub chart: Option<Chart>,
    /// Lines for the `kvu` sheet of a workbook: why the workbook looks as it does (what it leaves out).
    pub about: Vec<Note>,
    /// The names people read for the ids of the table's named columns (see [`Column::named`]).
    pub names: Option<&'a dyn Names>,
    /// The xlsx sheet's name where it is not the title (a session's: its date, then its id).
    pub sheet: Option<String>,
}

impl<'a> Table<'a> {
    pub fn new(data: View<'a>) -> Table<'a> {
        Table {
            data,
            display: None,
            notes: Vec::new(),
            hide_empty: false,
            title: None,
            chart: None,
            about: Vec::new(),
            names: None,
            sheet: None,
        }
    }

    /// Names the table's xlsx sheet (cut to Excel's 31 characters where longer).
    pub fn sheet(mut self, name: impl Into<String>) -> Table<'a> {
        self.sheet = Some(name.into());
        self
    }

    /// Adds a line to a workbook's `kvu` sheet.
    pub fn about(mut self, line: impl Into<Note>) -> Table<'a> {
        self.about.push(line.into());
        self
    }

    pub fn title(mut self, title: impl Into<Note>) -> Table<'a> {
        self.title = Some(title.into());
        self
    }

    pub fn chart(mut self, chart: Chart) -> Table<'a> {
        self.chart = Some(chart);
        self
    }

    pub fn display(mut self, view: View<'a>) -> Table<'a> {
        self.display = Some(view);
        self
    }

    pub fn note(mut self, line: impl Into<Note>) -> Table<'a> {
        self.notes.push(line.into());
        self
    }

    pub fn hide_empty(mut self) -> Table<'a> {
        self.hide_empty = true;
        self
    }

    /// The view people see.
    pub fn display_view(&self) -> &View<'a> {
        self.display.as_ref().unwrap_or(&self.data)
    }

    /// Calls `show` with the display view as people read it: with the table's [`Names`], its units
    /// by their names with their ids beside, its roles and levels by their display names.
    pub fn for_people<R>(&self, show: impl FnOnce(&View<'_>) -> R) -> R {
        with_names(self.display_view(), self.names, show)
    }

    /// Calls `show` with the data view (the CSV's columns) as a workbook's sheet shows it: named as
    /// [`Table::for_people`] names the display view.
    pub fn for_sheet<R>(&self, show: impl FnOnce(&View<'_>) -> R) -> R {
        with_names(&self.data, self.names, show)
    }
}

/// What one column of a view becomes for people.
#[derive(Clone, Copy)]
enum Shows {
    /// As it is.
    Same,
    /// A unit's name, then its id in a column of its own.
    UnitAndId,
    /// A role's or a level's display name.
    Name(Named),
}

/// Calls `show` with `view`, its named columns shown by `names` (the view itself when there are no
/// names or no named columns, so that nothing is copied).
fn with_names<'a, R>(
    view: &View<'a>,
    names: Option<&'a dyn Names>,
    show: impl FnOnce(&View<'_>) -> R,
) -> R {
    let Some(names) = names else {
        return show(view);
    };
    let shows: Vec<Shows> = view
        .columns
        .iter()
        .map(|c| match c.named {
            Some(Named::Unit) if names.units_named() => Shows::UnitAndId,
            Some(Named::Unit) | None => Shows::Same,
            Some(named) => Shows::Name(named),
        })
        .collect();
    if shows.iter().all(|s| matches!(s, Shows::Same)) {
        return show(view);
    }
    show(&named_view(view, names, shows))
}

/// The id column beside a unit's name column: `unit` → `unit_id`, `Home unit` → `Home unit id`.
fn id_column(c: &Column) -> Column {
    let join = if c.label.starts_with(char::is_uppercase) {
        " id"
    } else {
        "_id"
    };
    let mut id = Column::new(format!("{}{join}", c.label), Kind::Id);
    id.key = format!("{}{join}", c.key).into();
    id.named = None;
    // In a narrow terminal the id goes before the name people read.
    id.spare = c.spare.max(2);
    id
}

/// `view` with its named columns shown by `names` (see [`Shows`]).
fn named_view<'t, 'a: 't>(view: &'t View<'a>, names: &'t dyn Names, shows: Vec<Shows>) -> View<'t> {
    let mut columns = Vec::with_capacity(view.columns.len() + 1);
    for (c, s) in view.columns.iter().zip(&shows) {
        let mut shown = c.clone();
        shown.named = None;
        columns.push(shown);
        if let Shows::UnitAndId = s {
            columns.push(id_column(c));
        }
    }
    let map = move |values: &[Value<'a>], out: &mut Vec<Value<'t>>| {
        for (v, s) in values.iter().zip(&shows) {
            let text = match v {
                Value::Text(t) => Some(t.as_ref()),
                _ => None,
            };
            match (s, text) {
                (Shows::Same, _) => out.push(v.clone()),
                (Shows::Name(named), Some(t)) => out.push(match names.of(*named, t) {
                    Some((_, name)) if !name.is_empty() => Value::text(name),
                    _ => v.clone(),
                }),
                (Shows::UnitAndId, Some(t)) => match names.of(Named::Unit, t) {
                    Some((id, name)) => {
                        out.push(if name.is_empty() {
                            Value::text(id)
                        } else {
                            Value::text(name)
                        });
                        out.push(Value::text(id));
                    }
                    None => out.extend([v.clone(), v.clone()]),
                },
                (Shows::Name(_), None) => out.push(v.clone()),
                // A total's label: no id beside it.
                (Shows::UnitAndId, None) => out.extend([v.clone(), Value::Null]),
            }
        }
    };
    let width = columns.len();
    let extra = view
        .extra
        .iter()
        .map(|values| {
            let mut out = Vec::with_capacity(width);
            map(values, &mut out);
            out
        })
        .collect();
    let mut named = match &view.rows {
        Rows::Fill(_) => View::new(columns, view.len, move |i, out| {
            let mut values = Vec::with_capacity(width);
            view.row(i, &mut values);
            map(&values, out);
        }),
        Rows::Stream(_) => View::stream(columns, view.len, move |each| {
            let mut out = Vec::with_capacity(width);
            let _ = view.each(usize::MAX, |values| {
                out.clear();
                map(values, &mut out);
                if each(&out) { Ok(()) } else { Err(()) }
            });
        }),
    };
    named.extra = extra;
    named
}

/// What a command gives the output layer.
pub enum Body<'a> {
    Tables(Vec<Table<'a>>),
    /// Plain lines (`kvu validate`'s list of problems).
    Lines(Vec<Note>),
    /// A calendar (`kvu cohorts --format ics`).
    Calendar(ics::Calendar),
    /// The same seats in the form each format shows (`kvu cohorts`): the renderer takes one.
    Forms(Box<Forms<'a>>),
}

/// Which form of [`Forms`] a format shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// CSV and JSON: every seat in one table.
    Flat,
    /// xlsx: the sheet of all seats, then one per session when there are not too many.
    Workbook,
    /// The terminal's table and html: a titled block per session.
    Blocks,
    /// ics: an event per session.
    Calendar,
}

impl Form {
    fn of(format: Format) -> Form {
        match format {
            Format::Ics => Form::Calendar,
            Format::Csv | Format::Json => Form::Flat,
            Format::Xlsx => Form::Workbook,
            Format::Table | Format::Html => Form::Blocks,
        }
    }
}

/// One form, made.
pub enum Formed<'a> {
    Tables(Vec<Table<'a>>),
    Calendar(ics::Calendar),
}

/// What `kvu cohorts` shows, in the form of each format: each form is made only when a format asks
/// for it (a hundred thousand sessions as blocks, a workbook and a calendar would cost what the one
/// flat table does not), and once.
pub struct Forms<'a> {
    make: Box<dyn Fn(Form) -> Formed<'a> + 'a>,
    made: [std::cell::OnceCell<Formed<'a>>; 4],
    /// The names the tables of each form are shown with.
    names: Option<&'a dyn Names>,
}

impl<'a> Forms<'a> {
    pub fn new(make: impl Fn(Form) -> Formed<'a> + 'a) -> Forms<'a> {
        Forms {
            make: Box::new(make),
            made: Default::default(),
            names: None,
        }
    }

    fn get(&self, form: Form) -> &Formed<'a> {
        self.made[form as usize].get_or_init(|| match (self.make)(form) {
            Formed::Tables(tables) => Formed::Tables(named(tables, self.names)),
            calendar => calendar,
        })
    }
}

/// Tables given the names people read for their ids (none: left as they are).
fn named<'a>(mut tables: Vec<Table<'a>>, names: Option<&'a dyn Names>) -> Vec<Table<'a>> {
    if names.is_some() {
        for table in &mut tables {
            table.names = names;
        }
    }
    tables
}

/// The form of a [`Body`] that a format shows.
enum Shown<'b, 'a> {
    Tables(&'b [Table<'a>]),
    Lines(&'b [Note]),
    Calendar(&'b ics::Calendar),
}

impl<'a> Body<'a> {
    fn shown(&self, format: Format) -> Shown<'_, 'a> {
        match self {
            Body::Tables(tables) => Shown::Tables(tables),
            Body::Lines(lines) => Shown::Lines(lines),
            Body::Calendar(calendar) => Shown::Calendar(calendar),
            Body::Forms(forms) => match forms.get(Form::of(format)) {
                Formed::Tables(tables) => Shown::Tables(tables),
                Formed::Calendar(calendar) => Shown::Calendar(calendar),
            },
        }
    }

    /// Every table's ids shown to people by `names` (see [`Names`]).
    pub fn with_names(self, names: &'a dyn Names) -> Body<'a> {
        match self {
            Body::Tables(tables) => Body::Tables(named(tables, Some(names))),
            Body::Forms(mut forms) => {
                forms.names = Some(names);
                Body::Forms(forms)
            }
            other => other,
        }
    }

    /// The rows of the output in `format` (`--split`'s index): the tables' data rows, the lines.
    pub fn rows(&self, format: Format) -> usize {
        match self.shown(format) {
            Shown::Tables(tables) => tables.iter().map(|t| t.data.len).sum(),
            Shown::Lines(lines) => lines.len(),
            Shown::Calendar(_) => 0,
        }
    }
}

/// The formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    Xlsx,
    Html,
    /// iCalendar: only a [`Body::Calendar`] is written so.
    Ics,
}

impl Format {
    /// The format an `--output` file's extension names: `.csv`, `.json`, `.xlsx`, `.html`/`.htm`,
    /// `.ics`, `.txt` (the table), and the table for a name without an extension. `Err` holds an
    /// extension that names none.
    pub fn of_extension(path: &str) -> Result<Format, String> {
        let name = std::path::Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some((_, ext)) = name.rsplit_once('.').filter(|(stem, _)| !stem.is_empty()) else {
            return Ok(Format::Table);
        };
        match ext.to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "xlsx" => Ok(Format::Xlsx),
            "html" | "htm" => Ok(Format::Html),
            "ics" => Ok(Format::Ics),
            "txt" => Ok(Format::Table),
            _ => Err(ext.to_string()),
        }
    }

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
            Format::Ics => "ics",
        }
    }

    /// The extension of a file in this format (`--split` names its files so).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            f => f.name(),
        }
    }
}

/// What `--format ics` with any command but `kvu cohorts` says.
pub const ICS_ONLY: &str = "--format ics is only for kvu cohorts, expected table, csv or json";

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub csv: csv::CsvOptions,
    /// The language of what people read (table, xlsx, html).
    pub lang: Lang,
    /// The widest a table's line may be (the terminal's width, or `COLUMNS`); `None`: no limit.
    pub width: Option<usize>,
}

/// An argument as kvu shows it to others (the xlsx `kvu` sheet, an html page's footer, the site's):
/// a path by its file name only, so that nothing published says where the files live on the server
/// (`/srv/kvu/exports/staff.csv` → `staff.csv`, `--staff=/srv/x/staff.csv` → `--staff=staff.csv`,
/// `hr/staff.xlsx#Personal` → `staff.xlsx#Personal`). Other arguments stay as they are.
pub fn file_name_only(arg: &str) -> String {
    if let Some((option, value)) = arg.split_once('=')
        && option.starts_with("--")
    {
        return format!("{option}={}", last_name(value));
    }
    last_name(arg).to_string()
}

/// The last part of a path (`a/b/` → `b`); a text without a folder separator is itself.
fn last_name(path: &str) -> &str {
    let trimmed = path.trim_end_matches(['/', '\\']);
    if trimmed.is_empty() {
        return path;
    }
    trimmed
        .rfind(['/', '\\'])
        .map_or(trimmed, |cut| &trimmed[cut + 1..])
}

/// What a run was, for the formats that say it: the xlsx `kvu` sheet and the html page's title.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// The command line as given.
    pub command_line: String,
    /// What the output shows, in the run's language (`Gaps`, `Annual report 2024`).
    pub what: String,
    /// For which scope, in the run's language (`unit F01 and below`); empty for everything.
    pub scope: String,
    /// The plan's name.
    pub plan: String,
    pub as_of: Option<Date>,
    /// Each input: its option, its path and its number of data rows (the header not counted).
    pub inputs: Vec<(String, String, Option<u64>)>,
}

/// Writes a command's output in a format.
pub fn render(
    out: &mut dyn Write,
    body: &Body<'_>,
    format: Format,
    options: &RenderOptions,
    meta: &Meta,
) -> anyhow::Result<()> {
    match (body.shown(format), format) {
        (Shown::Calendar(calendar), Format::Ics) => ics::write(out, calendar, options.lang)?,
        (Shown::Calendar(_), _) => {
            anyhow::bail!("internal error: a calendar is written only as ics")
        }
        (_, Format::Ics) => anyhow::bail!(ICS_ONLY),
        (Shown::Lines(lines), Format::Xlsx | Format::Html) => {
            // A list of lines (`validate`) is a one-column table in a workbook or a page.
            let lang = options.lang;
            let view = View::of(
                vec![Column::new("line", Kind::Text)],
                lines,
                move |l, out| out.push(Value::owned(l.say(lang))),
            );
            let tables = [Table::new(view)];
            if format == Format::Xlsx {
                xlsx::write(out, &tables, options.lang, meta)?
            } else {
                html::write(out, &tables, options.lang, meta)?
            }
        }
        (Shown::Lines(lines), _) => {
            // Lines are for people in the table; CSV and JSON never change: they are in English.
            let lang = match format {
                Format::Csv | Format::Json => Lang::En,
                _ => options.lang,
            };
            for line in lines {
                writeln!(out, "{}", escape_controls(&line.say(lang)))?;
            }
        }
        (Shown::Tables(tables), Format::Xlsx) => xlsx::write(out, tables, options.lang, meta)?,
        (Shown::Tables(tables), Format::Html) => html::write(out, tables, options.lang, meta)?,
        (Shown::Tables(tables), _) => {
            for table in tables {
                match format {
                    Format::Csv => csv::write(out, &table.data, &options.csv)?,
                    Format::Json => json::write(out, &table.data)?,
                    _ => text::write(out, table, options.lang, options.width)?,
                }
            }
        }
    }
    Ok(())
}

/// A value as people read it (table, html): percentages rounded, a decimal comma and state names in
/// Swedish, control characters escaped.
pub fn shown(value: &Value<'_>, column: &Column, lang: Lang, buffer: &mut String) -> String {
    match value {
        Value::Percent(Some(p)) => lang.percent(*p),
        Value::Percent(None) => "–".to_string(),
        Value::Hours(_) => lang.number(csv::cell(value, buffer).to_string()),
        Value::Text(t) if column.words => escape_controls(&lang.state(t)).into_owned(),
        Value::Note(n) => escape_controls(&n.say(lang)).into_owned(),
        v => escape_controls(csv::cell(v, buffer)).into_owned(),
    }
}

/// Whether an error was a closed pipe (`kvu gaps | head -1`), which ends the run quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<::csv::Error>().is_some_and(|e| {
                matches!(e.kind(), ::csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe)
            })
            || cause.downcast_ref::<serde_json::Error>().is_some_and(|e| e.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_arguments_name_files_without_their_folders() {
        assert_eq!(file_name_only("/srv/kvu/exports/staff.csv"), "staff.csv");
        assert_eq!(
            file_name_only("--staff=/srv/x/staff.csv"),
            "--staff=staff.csv"
        );
        assert_eq!(
            file_name_only("hr/staff.xlsx#Personal"),
            "staff.xlsx#Personal"
        );
        assert_eq!(file_name_only("C:\\kvu\\staff.csv"), "staff.csv");
        assert_eq!(file_name_only("/srv/intranet/kvu/"), "kvu");
        assert_eq!(file_name_only("--as-of"), "--as-of");
        assert_eq!(file_name_only("2026-10-31"), "2026-10-31");
        assert_eq!(file_name_only("-"), "-");
        assert_eq!(file_name_only("/"), "/");
    }

    /// The same rows as an index-based view and as a streamed one, with a column of each kind.
    fn views(n: usize) -> (View<'static>, View<'static>) {
        let columns = || {
            vec![
                Column::new("unit", Kind::Id),
                Column::new("status", Kind::Text),
                Column::new("due", Kind::Date),
                Column::new("count", Kind::Count),
                Column::new("hours", Kind::Hours),
                Column::new("share", Kind::Percent),
                Column::new("a.b", Kind::Count).json_only(),
            ]
        };
        let fill = |i: usize, out: &mut Vec<Value<'static>>| {
            out.extend([
                Value::owned(format!("Avd {}, \"{}\"", i % 7, i)),
                Value::text(["overdue", "due", "met"][i % 3]),
                Value::Date(
                    i.is_multiple_of(2)
                        .then(|| jiff::civil::date(2024, 1, 1 + (i % 28) as i8)),
                ),
                Value::count(i),
                Value::Hours(i as f64 / 4.0),
                Value::Percent((!i.is_multiple_of(5)).then_some(100.0 / (1 + i) as f64)),
                if i.is_multiple_of(4) {
                    Value::Null
                } else {
                    Value::count(i * 2)
                },
            ])
        };
        let held = View::new(columns(), n, fill);
        let streamed = View::stream(columns(), n, move |each| {
            let mut out = Vec::new();
            for i in 0..n {
                out.clear();
                fill(i, &mut out);
                if !each(&out) {
                    return;
                }
            }
        });
        (held, streamed)
    }

    fn rendered(view: View<'static>, format: Format, extra: bool) -> Vec<u8> {
        let mut view = view;
        if extra {
            view.extra = vec![vec![
                Value::text("Total"),
                Value::text("met"),
                Value::Date(None),
                Value::count(1),
                Value::Hours(1.5),
                Value::Percent(None),
                Value::Null,
            ]];
        }
        let body = Body::Tables(vec![Table::new(view).note("A note.")]);
        let mut out = Vec::new();
        let options = RenderOptions {
            csv: csv::CsvOptions {
                excel: format == Format::Xlsx,
                excel_safe: false,
            },
            ..RenderOptions::default()
        };
        // `--excel` CSV stands in for xlsx, whose workbook holds the time it was made.
        let format = if format == Format::Xlsx {
            Format::Csv
        } else {
            format
        };
        render(&mut out, &body, format, &options, &Meta::default()).unwrap();
        out
    }

    #[test]
    fn a_streamed_view_is_written_as_the_same_view_held_is() {
        for n in [0, 1, 2, 2500, 10_050] {
            for format in [
                Format::Csv,
                Format::Json,
                Format::Table,
                Format::Html,
                Format::Xlsx,
            ] {
                let (held, streamed) = views(n);
                let extra = format != Format::Csv;
                assert_eq!(
                    String::from_utf8(rendered(streamed, format, extra)).unwrap(),
                    String::from_utf8(rendered(held, format, extra)).unwrap(),
                    "{n} rows as {format:?}"
                );
            }
        }
        let (held, streamed) = views(40);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for i in [0, 17, 39] {
            held.row(i, &mut a);
            streamed.row(i, &mut b);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn a_streamed_view_stops_at_the_first_error_and_at_the_limit() {
        let (_, streamed) = views(100);
        let mut seen = 0;
        let stopped: Result<(), &str> = streamed.each(usize::MAX, |_| {
            seen += 1;
            if seen == 10 { Err("closed") } else { Ok(()) }
        });
        assert_eq!((stopped, seen), (Err("closed"), 10));
        let mut seen = 0;
        let _ = streamed.each(25, |_| {
            seen += 1;
            Ok::<(), ()>(())
        });
        assert_eq!(seen, 25);
    }

    fn written(body: &Body<'_>, format: Format, lang: Lang) -> String {
        let options = RenderOptions {
            lang,
            ..RenderOptions::default()
        };
        let mut out = Vec::new();
        render(&mut out, body, format, &options, &Meta::default()).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Two named units (one without a name), a role and a level.
    struct TestNames;

    impl Names for TestNames {
        fn of(&self, named: Named, text: &str) -> Option<(&str, &str)> {
            match (named, text) {
                (Named::Unit, "a1") => Some(("A1", "Avdelning Ärlan")),
                (Named::Unit, "B2") => Some(("B2", "")),
                (Named::Role, "chef") => Some(("chef", "Chef")),
                (Named::Level, "enhet") => Some(("enhet", "Enhet")),
                _ => None,
            }
        }

        fn units_named(&self) -> bool {
            true
        }
    }

    #[test]
    fn names_show_a_unit_by_name_with_its_id_beside_and_leave_csv_alone() {
        let columns = || {
            vec![
                Column::new("unit", Kind::Id),
                Column::new("role", Kind::Id),
                Column::new("level", Kind::Id),
                Column::new("people", Kind::Count),
            ]
        };
        let rows = [
            ("a1", "chef", "enhet"),
            ("B2", "vu", ""),
            ("C3", "chef", ""),
        ];
        let fill = move |i: usize, out: &mut Vec<Value<'static>>| {
            let (u, r, l) = rows[i];
            out.extend([
                Value::text(u),
                Value::text(r),
                Value::text(l),
                Value::count(i),
            ]);
        };
        let held = View::new(columns(), 3, fill);
        let streamed = View::stream(columns(), 3, move |each| {
            let mut out = Vec::new();
            for i in 0..3 {
                out.clear();
                fill(i, &mut out);
                if !each(&out) {
                    return;
                }
            }
        });
        for view in [held, streamed] {
            let mut view = view;
            view.extra = vec![vec![
                Value::Note(Note::Total),
                Value::text(""),
                Value::text(""),
                Value::count(3),
            ]];
            let mut table = Table::new(view);
            table.names = Some(&TestNames);
            let body = Body::Tables(vec![table]);
            assert_eq!(
                written(&body, Format::Csv, Lang::En),
                "unit,role,level,people\na1,chef,enhet,0\nB2,vu,,1\nC3,chef,,2\n"
            );
            let text = written(&body, Format::Table, Lang::En);
            let lines: Vec<&str> = text.lines().map(str::trim_end).skip(2).collect();
            assert!(
                text.starts_with(" unit              unit_id   role   level   people\n"),
                "{text}"
            );
            assert_eq!(
                lines,
                [
                    " Avdelning Ärlan   A1        Chef   Enhet        0",
                    " B2                B2        vu                  1",
                    " C3                C3        Chef                2",
                    " Total                                           3",
                ],
                "{text}"
            );
        }
    }

    #[test]
    fn a_not_json_column_is_in_csv_and_left_out_of_json() {
        let columns = vec![
            Column::new("a", Kind::Count),
            Column::new("a_flat", Kind::Count).not_json(),
        ];
        let view = View::new(columns, 1, |_, out| {
            out.extend([Value::count(1), Value::count(2)])
        });
        let body = Body::Tables(vec![Table::new(view)]);
        assert_eq!(written(&body, Format::Csv, Lang::En), "a,a_flat\n1,2\n");
        let json = written(&body, Format::Json, Lang::En);
        assert!(
            json.contains("\"a\": 1") && !json.contains("a_flat"),
            "{json}"
        );
    }

    #[test]
    fn forms_give_each_format_its_own_and_notes_are_said_in_the_language_asked_for() {
        let table = |key: &'static str| {
            let view = View::new(vec![Column::new(key, Kind::Count)], 1, |_, out| {
                out.push(Value::count(7))
            });
            Table::new(view).note(Note::NoSeat)
        };
        let made = std::cell::Cell::new(0);
        let body = Body::Forms(Box::new(Forms::new(|form| {
            made.set(made.get() + 1);
            match form {
                Form::Flat => Formed::Tables(vec![table("flat")]),
                Form::Workbook => Formed::Tables(vec![table("sheet")]),
                Form::Blocks => Formed::Tables(vec![table("block")]),
                Form::Calendar => Formed::Calendar(ics::Calendar {
                    name: "kvu".into(),
                    stamp: jiff::civil::date(2026, 10, 31),
                    events: Vec::new(),
                }),
            }
        })));
        assert_eq!(written(&body, Format::Csv, Lang::Sv), "flat\n7\n");
        assert!(written(&body, Format::Ics, Lang::En).starts_with("BEGIN:VCALENDAR"));
        let en = written(&body, Format::Table, Lang::En);
        assert!(
            en.contains("block") && en.contains("No one in scope could take a seat."),
            "{en}"
        );
        let sv = written(&body, Format::Table, Lang::Sv);
        assert!(sv.contains("Ingen i urvalet kunde få en plats."), "{sv}");
        assert_eq!((body.rows(Format::Csv), body.rows(Format::Ics)), (1, 0));
        // Each form was made once, when asked for; the workbook never was.
        assert_eq!(made.get(), 3);
    }
}
