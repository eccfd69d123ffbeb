//! A sessions file (`kvu cohorts --sessions`): CSV `session,date,seats`, found by header like the
//! exports and read through the same [`CsvFile`] (encoding, separator, line ends, control characters,
//! lines too long). `session` is an id, unique ignoring case; `date` is `YYYY-MM-DD` (or an ISO
//! date-time, whose date counts, as in the exports); `seats` is a positive whole number. Each is an
//! error with file:line. Other columns are kept for display: `place` (or `location`, `plats`) is the
//! calendar's location, and `end_date` (or `end`), the last day of a session of several days, ends
//! the calendar event; an end date that is no date on or after the session's is a warning.

use crate::load::path::InputPath;
use std::collections::HashMap;

use super::{CsvFile, ReadOptions, each_row};
use crate::date;
use crate::diag::{Diagnostics, Problem};
use crate::model::exports::{SessionExport, SessionRow};
use crate::plan::{Key, key};

/// The columns a place may be in, first found wins.
const PLACE: [&str; 3] = ["place", "location", "plats"];
/// The columns an end date may be in, first found wins.
const END: [&str; 2] = ["end_date", "end"];

/// Seats as written: a whole number of 1 or more, digits only.
fn parse_seats(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|&n| n > 0)
}

/// Reads a sessions file.
pub fn load(
    path: &InputPath,
    options: &ReadOptions,
    diag: &mut Diagnostics,
) -> Result<SessionExport, Problem> {
    let mut file = CsvFile::open(path, "sessions", options)?;
    let c_session = file.require("session")?;
    let c_date = file.require("date")?;
    let c_seats = file.require("seats")?;
    let first_of = |file: &CsvFile, names: &[&'static str]| -> Result<Option<usize>, Problem> {
        for &name in names {
            if let Some(c) = file.column(name)? {
                return Ok(Some(c));
            }
        }
        Ok(None)
    };
    let c_place = first_of(&file, &PLACE)?;
    let c_end = first_of(&file, &END)?;
    let extra: Vec<usize> = (0..file.header().len())
        .filter(|c| ![c_session, c_date, c_seats].contains(c))
        .collect();
    let extra_columns = extra.iter().map(|&c| file.header()[c].clone()).collect();
    let mut rows = Vec::new();
    let mut first_line: HashMap<Key, u64> = HashMap::new();
    each_row(&mut file, diag, |row, diag| {
        row.check_controls(c_session)?;
        let id = row.required(c_session, "a session id")?;
        let date_text = row.text(c_date)?;
        let date = date::parse(&date_text)
            .map_err(|e| row.problem(format!("{} {}", row.name(c_date), e.describe(&date_text))))?;
        let seats_text = row.text(c_seats)?;
        let seats = parse_seats(&seats_text).ok_or_else(|| {
            row.problem(format!(
                "{} `{seats_text}` is not a positive whole number, expected the number of seats (1 or more)",
                row.name(c_seats)
            ))
        })?;
        if let Some(&first) = first_line.get(&key(&id)) {
            return Err(row.problem(format!(
                "session `{id}` is in the file twice (lines {first} and {}), expected each session once",
                row.line
            )));
        }
        first_line.insert(key(&id), row.line);
        let place = row.opt_text(c_place)?.into_owned();
        let end_text = row.opt_text(c_end)?;
        let last_day = match (c_end, date::parse(&end_text)) {
            (Some(_), _) if end_text.is_empty() => None,
            (Some(_), Ok(end)) if end >= date => Some(end),
            (Some(c), _) => {
                diag.warn(row.problem(format!(
                    "{} `{end_text}` is no date on or after the session's date {date}, expected YYYY-MM-DD; the calendar event lasts one day",
                    row.name(c)
                )))?;
                None
            }
            (None, _) => None,
        };
        let mut values = Vec::with_capacity(extra.len());
        for &c in &extra {
            values.push(row.text(c)?.into_owned());
        }
        rows.push(SessionRow {
            id: id.into_owned(),
            date,
            seats,
            place,
            last_day,
            extra: values,
            line: row.line,
        });
        Ok(())
    })?;
    Ok(SessionExport {
        path: file.path.clone(),
        extra_columns,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::parse_seats;

    #[test]
    fn seats_are_a_positive_whole_number() {
        assert_eq!(parse_seats("12"), Some(12));
        assert_eq!(parse_seats("007"), Some(7));
        for bad in ["", "0", "-1", "1.5", "12.0", "x", "99999999999999999999999"] {
            assert_eq!(parse_seats(bad), None, "{bad}");
        }
    }
}
