//! The one error type: what went wrong, and where, worded once.
//!
//! Every room reports in these words. A problem in an input is a [`Problem`]: the file as given, a
//! typed [`Place`] in it (the file as a whole, a line, a line and column, or a workbook sheet's row or
//! cell, the sheet travelling with the problem) and what was wrong and what was expected. [`Error`] is
//! every error a run can end in: an input problem, a usage error, a scope name the inputs lack (the
//! model says which and what is near; the wording with the command line's option is here), an output
//! path, an internal error. It is a `std::error::Error`, so the command layer's `anyhow` takes it as
//! it is. This module is the ground floor: it imports no other room of the crate.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A workbook's sheet read as an input: the workbook file and the sheet's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRef {
    /// The workbook file (the path as given, without `#Sheet`).
    pub file: String,
    /// The sheet's name.
    pub name: String,
}

/// An input as messages name it: the path as given, and for a workbook the sheet whose rows are the
/// input's lines (a problem on a line of it names the sheet's row or cell).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    pub path: String,
    pub sheet: Option<Arc<SheetRef>>,
}

impl Source {
    /// A file whose lines are its own (a CSV export, a plan, standard input).
    pub fn new(path: impl Into<String>) -> Source {
        Source {
            path: path.into(),
            sheet: None,
        }
    }

    /// Sheet `name` of workbook `file`, given as `path`.
    pub fn of_sheet(path: impl Into<String>, file: &str, name: &str) -> Source {
        Source {
            path: path.into(),
            sheet: Some(Arc::new(SheetRef {
                file: file.to_string(),
                name: name.to_string(),
            })),
        }
    }

    /// The path as given.
    pub fn as_str(&self) -> &str {
        &self.path
    }
}

/// A source reads as its path as given (`&source` where a `&str` is asked for).
impl Deref for Source {
    type Target = str;
    fn deref(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)
    }
}

impl PartialEq<String> for Source {
    fn eq(&self, other: &String) -> bool {
        self.path == *other
    }
}

impl PartialEq<Source> for String {
    fn eq(&self, other: &Source) -> bool {
        *self == other.path
    }
}

impl PartialEq<str> for Source {
    fn eq(&self, other: &str) -> bool {
        self.path == other
    }
}

/// What a problem can be placed in: a path (`&str`, `String`: lines are the file's own) or a
/// [`Source`] (whose lines may be a sheet's rows).
pub trait AsSource {
    /// The path as given.
    fn path(&self) -> &str;
    /// The workbook sheet whose rows are the lines, if any.
    fn sheet(&self) -> Option<&Arc<SheetRef>>;
}

impl AsSource for str {
    fn path(&self) -> &str {
        self
    }
    fn sheet(&self) -> Option<&Arc<SheetRef>> {
        None
    }
}

impl AsSource for String {
    fn path(&self) -> &str {
        self
    }
    fn sheet(&self) -> Option<&Arc<SheetRef>> {
        None
    }
}

impl AsSource for Source {
    fn path(&self) -> &str {
        &self.path
    }
    fn sheet(&self) -> Option<&Arc<SheetRef>> {
        self.sheet.as_ref()
    }
}

impl<T: AsSource + ?Sized> AsSource for &T {
    fn path(&self) -> &str {
        (**self).path()
    }
    fn sheet(&self) -> Option<&Arc<SheetRef>> {
        (**self).sheet()
    }
}

/// Where in an input a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole: `file: ...`.
    File,
    /// A line: `file:6: ...`.
    Line(u64),
    /// A line and column: `file:6:3: ...`.
    Column { line: u64, column: u64 },
    /// A workbook sheet's row: `book.xlsx: Sheet!6:6: ...`.
    Row { sheet: Arc<SheetRef>, row: u64 },
    /// A workbook sheet's cell (column 1 = A): `book.xlsx: Sheet!F6: ...`.
    Cell {
        sheet: Arc<SheetRef>,
        row: u64,
        column: u64,
    },
}

impl Place {
    /// The line (a sheet's row), if the place has one.
    pub fn line(&self) -> Option<u64> {
        match self {
            Place::File => None,
            Place::Line(line) | Place::Column { line, .. } => Some(*line),
            Place::Row { row, .. } | Place::Cell { row, .. } => Some(*row),
        }
    }
}

/// One problem in one input, printed as `file:line:column: message` (a sheet's as
/// `book.xlsx: Sheet!F6: message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The input as given (for a workbook, with its `#Sheet`).
    pub file: String,
    pub place: Place,
    pub message: String,
}

impl Problem {
    /// A problem with the file as a whole.
    pub fn file(file: &(impl AsSource + ?Sized), message: impl Into<String>) -> Problem {
        Problem {
            file: file.path().to_string(),
            place: Place::File,
            message: message.into(),
        }
    }

    /// A problem on one line of a file (a sheet's row).
    pub fn at(file: &(impl AsSource + ?Sized), line: u64, message: impl Into<String>) -> Problem {
        let place = match file.sheet() {
            Some(sheet) => Place::Row {
                sheet: sheet.clone(),
                row: line,
            },
            None => Place::Line(line),
        };
        Problem {
            file: file.path().to_string(),
            place,
            message: message.into(),
        }
    }

    /// A problem at a line and column of a file (a sheet's cell); a line or column 0 is unknown.
    pub fn at_col(
        file: &(impl AsSource + ?Sized),
        line: u64,
        column: u64,
        message: impl Into<String>,
    ) -> Problem {
        if line == 0 {
            return Problem::file(file, message);
        }
        if column == 0 {
            return Problem::at(file, line, message);
        }
        let place = match file.sheet() {
            Some(sheet) => Place::Cell {
                sheet: sheet.clone(),
                row: line,
                column,
            },
            None => Place::Column { line, column },
        };
        Problem {
            file: file.path().to_string(),
            place,
            message: message.into(),
        }
    }

    /// The line (a sheet's row) the problem is on, if any.
    pub fn line(&self) -> Option<u64> {
        self.place.line()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = &self.message;
        match &self.place {
            Place::File => write!(f, "{}: {message}", self.file),
            Place::Line(line) => write!(f, "{}:{line}: {message}", self.file),
            Place::Column { line, column } => write!(f, "{}:{line}:{column}: {message}", self.file),
            Place::Row { sheet, row } => {
                let name = sheet_ref(&sheet.name);
                write!(f, "{}: {name}!{row}:{row}: {message}", sheet.file)
            }
            Place::Cell { sheet, row, column } => {
                let (name, letters) = (sheet_ref(&sheet.name), column_letters(*column));
                write!(f, "{}: {name}!{letters}{row}: {message}", sheet.file)
            }
        }
    }
}

impl std::error::Error for Problem {}

/// A sheet's name in a cell reference: quoted as Excel quotes it when it is more than letters, digits
/// and `_` (`'Min flik'!F6`).
pub fn sheet_ref(sheet: &str) -> String {
    if !sheet.is_empty() && sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// A column's letters (1 = A, 27 = AA).
pub fn column_letters(mut column: u64) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rem = ((column - 1) % 26) as u8;
        letters.push(b'A' + rem);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Where the units a `--unit` is looked for come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitsFrom {
    /// The staff export's unit column (no unit tree given).
    Staff,
    /// The unit tree (`--units`).
    Tree,
}

/// Every error a run can end in, worded by its one [`fmt::Display`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A problem in an input, at its place.
    Input(Problem),
    /// The command line (or configuration) asks for something that cannot be done: the message says
    /// what was wrong and what was expected.
    Usage(String),
    /// A `--unit` that matches no unit, with the nearest names (as written) to suggest.
    UnknownUnit {
        given: String,
        from: UnitsFrom,
        nearest: Vec<String>,
    },
    /// `person ID` with an id that matches no one in the staff export, with the nearest ids to suggest.
    UnknownPerson { given: String, nearest: Vec<String> },
    /// A `--unit` that is the name of several units of the tree: their ids.
    AmbiguousUnit { given: String, ids: Vec<String> },
    /// A `--role` that is no role of the plan: the plan's roles.
    UnknownRole { given: String, roles: Vec<String> },
    /// A `--course` that is no course or code of the plan: the plan's courses.
    UnknownCourse { given: String, courses: Vec<String> },
    /// An output file or folder that cannot be written: the path and what is wrong.
    Output { path: String, message: String },
    /// The history store cannot give what was asked (`--recording`): the store and what is wrong.
    Store(String),
    /// A state the program should never reach.
    Internal(String),
}

/// `` `a`, `b` `` for a list of names.
fn quoted(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(problem) => problem.fmt(f),
            Error::Usage(message) | Error::Store(message) => f.write_str(message),
            Error::UnknownUnit {
                given,
                from,
                nearest,
            } => {
                match from {
                    UnitsFrom::Staff => write!(
                        f,
                        "--unit `{given}` matches no unit of the staff export, expected a unit as the export writes it (or give --units for a tree)"
                    )?,
                    UnitsFrom::Tree => write!(
                        f,
                        "--unit `{given}` matches no unit of the unit tree, expected a unit id or name"
                    )?,
                }
                if !nearest.is_empty() {
                    write!(f, "; did you mean {}?", quoted(nearest))?;
                }
                Ok(())
            }
            Error::AmbiguousUnit { given, ids } => write!(
                f,
                "--unit `{given}` is the name of {} units ({}), expected one: give the unit id",
                ids.len(),
                ids.join(", ")
            ),
            Error::UnknownPerson { given, nearest } => {
                write!(
                    f,
                    "`{given}` matches no one in the staff export, expected an employee id as the export writes it"
                )?;
                if !nearest.is_empty() {
                    write!(f, "; did you mean {}?", quoted(nearest))?;
                }
                Ok(())
            }
            Error::UnknownRole { given, roles } => write!(
                f,
                "--role `{given}` is no role of the plan, expected one of: {}",
                roles.join(", ")
            ),
            Error::UnknownCourse { given, courses } => write!(
                f,
                "--course `{given}` is no course or code of the plan, expected one of: {}",
                courses.join(", ")
            ),
            Error::Output { path, message } => write!(f, "{path}: {message}"),
            Error::Internal(message) => write!(f, "internal error: {message}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<Problem> for Error {
    fn from(problem: Problem) -> Error {
        Error::Input(problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(name: &str) -> Source {
        Source::of_sheet("staff.xlsx#x", "staff.xlsx", name)
    }

    #[test]
    fn a_problem_prints_its_place() {
        assert_eq!(
            Problem::file("a.csv", "is empty").to_string(),
            "a.csv: is empty"
        );
        assert_eq!(Problem::at("a.csv", 6, "bad").to_string(), "a.csv:6: bad");
        assert_eq!(
            Problem::at_col("p.yaml", 6, 3, "bad").to_string(),
            "p.yaml:6:3: bad"
        );
        assert_eq!(
            Problem::at_col("p.yaml", 6, 0, "bad").to_string(),
            "p.yaml:6: bad"
        );
        assert_eq!(
            Problem::at_col("p.yaml", 0, 3, "bad").to_string(),
            "p.yaml: bad"
        );
        assert_eq!(Problem::at("a.csv", 6, "bad").line(), Some(6));
        assert_eq!(Problem::file("a.csv", "bad").line(), None);
    }

    #[test]
    fn a_sheets_problem_names_its_row_or_cell() {
        let personal = sheet("Personal");
        assert_eq!(
            Problem::at(&personal, 6, "bad").to_string(),
            "staff.xlsx: Personal!6:6: bad"
        );
        assert_eq!(
            Problem::at_col(&personal, 6, 6, "bad").to_string(),
            "staff.xlsx: Personal!F6: bad"
        );
        assert_eq!(
            Problem::at_col(&sheet("Min flik"), 2, 28, "bad").to_string(),
            "staff.xlsx: 'Min flik'!AB2: bad"
        );
        assert_eq!(
            Problem::at(&sheet("O'Hara"), 2, "bad").to_string(),
            "staff.xlsx: 'O''Hara'!2:2: bad"
        );
        let whole = Problem::file(&personal, "bad");
        assert_eq!(whole.to_string(), "staff.xlsx#x: bad");
        assert_eq!(whole.file, "staff.xlsx#x", "the input as given");
    }

    #[test]
    fn a_path_as_text_has_no_sheet() {
        let personal = sheet("Personal");
        assert_eq!(
            Problem::at(personal.as_str(), 6, "bad").to_string(),
            "staff.xlsx#x:6: bad"
        );
    }

    #[test]
    fn column_letters_count_as_excel_does() {
        let letters: Vec<String> = [1, 26, 27, 52, 53, 702, 703, 16384]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(
            letters,
            ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"].map(String::from)
        );
    }

    #[test]
    fn each_error_has_its_words() {
        let input = Error::from(Problem::at("a.csv", 2, "bad"));
        assert_eq!(input.to_string(), "a.csv:2: bad");
        assert_eq!(
            Error::Usage("no plan file given, expected --plan FILE".into()).to_string(),
            "no plan file given, expected --plan FILE"
        );
        let unit = |from, nearest: &[&str]| Error::UnknownUnit {
            given: "Kirurgi".into(),
            from,
            nearest: nearest.iter().map(|s| s.to_string()).collect(),
        };
        assert_eq!(
            unit(UnitsFrom::Staff, &["Kirurgen", "Kir 2"]).to_string(),
            "--unit `Kirurgi` matches no unit of the staff export, expected a unit as the export writes it (or give --units for a tree); did you mean `Kirurgen`, `Kir 2`?"
        );
        assert_eq!(
            unit(UnitsFrom::Tree, &[]).to_string(),
            "--unit `Kirurgi` matches no unit of the unit tree, expected a unit id or name"
        );
        assert_eq!(
            Error::AmbiguousUnit {
                given: "Akuten".into(),
                ids: vec!["U1".into(), "U2".into()]
            }
            .to_string(),
            "--unit `Akuten` is the name of 2 units (U1, U2), expected one: give the unit id"
        );
        assert_eq!(
            Error::UnknownRole {
                given: "läkare".into(),
                roles: vec!["chef".into(), "medarbetare".into()]
            }
            .to_string(),
            "--role `läkare` is no role of the plan, expected one of: chef, medarbetare"
        );
        assert_eq!(
            Error::UnknownCourse {
                given: "X".into(),
                courses: vec!["a".into(), "b".into()]
            }
            .to_string(),
            "--course `X` is no course or code of the plan, expected one of: a, b"
        );
        assert_eq!(
            Error::Output {
                path: "out.csv".into(),
                message: "not a file name, expected --output FILE".into()
            }
            .to_string(),
            "out.csv: not a file name, expected --output FILE"
        );
        assert_eq!(
            Error::Internal("the output folder is gone".into()).to_string(),
            "internal error: the output folder is gone"
        );
    }

    #[test]
    fn an_error_goes_through_anyhow_as_it_is() {
        let error = anyhow::Error::from(Error::Usage("bad".into()));
        assert_eq!(error.to_string(), "bad");
        assert!(error.downcast_ref::<Error>().is_some());
    }
}
