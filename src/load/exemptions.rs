//! The exemptions file: `employee_id,course,until,reason`.
//!
//! The person need not take that course until `until` (inclusive; empty = for good). Read as written:
//! which course is meant, and whether the person is in the staff export, the binding checks (an unknown
//! person or course is a warning there).

use super::ids::{IdFormat, read_id};
use super::{CsvFile, ReadOptions, each_row};
use crate::date;
use crate::diag::{Diagnostics, Problem};
use crate::load::path::InputPath;
use crate::model::People;
use crate::model::exports::{ExemptionExport, ExemptionRecord};

/// Reads the exemptions; people are looked up among those of the staff export.
pub fn load(
    path: &InputPath,
    options: &ReadOptions,
    people: &People,
    diag: &mut Diagnostics,
) -> Result<ExemptionExport, Problem> {
    let mut file = CsvFile::open(path, "exemptions", options)?;
    let c_id = file.require("employee_id")?;
    let c_course = file.require("course")?;
    let c_until = file.column("until")?;
    let mut rows = Vec::new();
    each_row(&mut file, diag, |row, diag| {
        // Looked up as `--id-format` compares; kept as written for messages.
        let (id, doubtful) = read_id(row, c_id, options.ids)?;
        if let Some(warning) = doubtful {
            diag.warn(warning)?;
        }
        let written = match options.ids.format {
            IdFormat::Text => id.clone(),
            _ => row.text(c_id)?,
        };
        let course = row.required(c_course, "a course id or code of the plan")?;
        let until_text = row.opt_text(c_until)?;
        let until = match c_until {
            Some(c) if !until_text.is_empty() => Some(date::parse(&until_text).map_err(|e| {
                row.field_problem(c, format!("{} {}", row.name(c), e.describe(&until_text)))
            })?),
            _ => None,
        };
        rows.push(ExemptionRecord {
            line: row.line,
            person: people.get(&id).filter(|&p| people.in_staff(p)),
            id: written.as_ref().into(),
            course: course.as_ref().into(),
            until,
        });
        Ok(())
    })?;
    Ok(ExemptionExport {
        path: file.path.clone(),
        rows,
        rows_read: file.rows,
    })
}
