//! iCalendar (RFC 5545) for `kvu cohorts --format ics`: one all-day event per session, so that the
//! office can send invitations from its calendar.
//!
//! The file is deterministic: `DTSTAMP` is the as-of date at midnight UTC (not the clock), and each
//! event's `UID` is made of the course and the session, so a plan written again updates the same
//! events. Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); every text
//! value goes through [`text`], the one place where `\`, `;`, `,` and line breaks are escaped.

use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;
use jiff::civil::Date;

use super::{Lang, words};

/// A calendar: what a command gives the ics renderer.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// The calendar's name (`X-WR-CALNAME`, which calendar programs show).
    pub name: String,
    /// The date the plan was made on (`--as-of`): `DTSTAMP` is its midnight, UTC.
    pub stamp: Date,
    pub events: Vec<Event>,
}

/// One all-day event: a session of a course and who sits in it, as data; the renderer words its title
/// and description in the run's language.
#[derive(Debug, Clone)]
pub struct Event {
    /// Unique and stable: the same session of the same course gets the same uid in every run.
    pub uid: String,
    pub date: Date,
    /// The last day, inclusive, where the event lasts more than one day.
    pub last_day: Option<Date>,
    /// The course's id and name.
    pub course: (String, String),
    /// The session's id.
    pub session: String,
    pub seats: u64,
    pub location: Option<String>,
    /// Who sits in the session, in seat order.
    pub attendees: Vec<Attendee>,
}

/// A seat taken in a session.
#[derive(Debug, Clone)]
pub struct Attendee {
    pub seat: u64,
    pub employee_id: String,
    /// Empty where the staff export has none.
    pub name: String,
    pub unit: String,
}

/// An event's description in `lang`: the course, the session and how full it is, then each seat.
fn description(e: &Event, lang: Lang) -> String {
    let w = words::of(lang);
    let (id, name) = &e.course;
    let taken = e.attendees.len() as u64;
    let mut out = format!(
        "{id}: {name}\n{}\n",
        w.event_seats(&e.session, e.date, taken, e.seats)
    );
    for a in &e.attendees {
        let who = if a.name.is_empty() {
            a.employee_id.clone()
        } else {
            format!("{} ({})", a.name, a.employee_id)
        };
        let _ = write!(out, "\n{}. {who}, {}", a.seat, a.unit);
    }
    out
}

/// The longest line in octets, line break not counted (RFC 5545 3.1).
const FOLD: usize = 75;

/// A value of type TEXT, escaped (RFC 5545 3.3.11): `\` `;` `,` get a backslash, a line break (LF,
/// CRLF or CR) is `\n`, and any other control character but tab is shown as `\xNN` (itself escaped),
/// since TEXT may hold none.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {
                let _ = write!(out, "\\\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A content line, folded: at most 75 octets a line, continuation lines starting with a space; each
/// line ends in CRLF.
fn line(out: &mut dyn Write, content: &str) -> std::io::Result<()> {
    let mut rest = content;
    let mut room = FOLD;
    loop {
        if rest.len() <= room {
            out.write_all(rest.as_bytes())?;
            return out.write_all(b"\r\n");
        }
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.write_all(&rest.as_bytes()[..cut])?;
        out.write_all(b"\r\n ")?;
        rest = &rest[cut..];
        // The leading space counts.
        room = FOLD - 1;
    }
}

/// `20261112`.
fn date_value(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// Writes the calendar, its events' titles and descriptions in `lang`.
pub fn write(out: &mut dyn Write, calendar: &Calendar, lang: Lang) -> Result<()> {
    let stamp = format!("{}T000000Z", date_value(calendar.stamp));
    let mut w = |content: String| line(out, &content);
    w("BEGIN:VCALENDAR".into())?;
    w("VERSION:2.0".into())?;
    w(format!(
        "PRODID:-//kvu//kvu cohorts {}//EN",
        env!("CARGO_PKG_VERSION")
    ))?;
    w("CALSCALE:GREGORIAN".into())?;
    w(format!("X-WR-CALNAME:{}", text(&calendar.name)))?;
    for e in &calendar.events {
        w("BEGIN:VEVENT".into())?;
        w(format!("UID:{}", text(&e.uid)))?;
        w(format!("DTSTAMP:{stamp}"))?;
        w(format!("DTSTART;VALUE=DATE:{}", date_value(e.date)))?;
        if let Some(last) = e.last_day.filter(|&l| l > e.date)
            && let Ok(end) = last.tomorrow()
        {
            // DTEND of a date is the day after the last (RFC 5545 3.6.1).
            w(format!("DTEND;VALUE=DATE:{}", date_value(end)))?;
        }
        let title = words::of(lang).event_title(&e.course.1, &e.session);
        w(format!("SUMMARY:{}", text(&title)))?;
        if let Some(place) = e.location.as_deref().filter(|p| !p.is_empty()) {
            w(format!("LOCATION:{}", text(place)))?;
        }
        w(format!("DESCRIPTION:{}", text(&description(e, lang))))?;
        w("TRANSP:OPAQUE".into())?;
        w("END:VEVENT".into())?;
    }
    w("END:VCALENDAR".into())?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn text_escapes_backslash_semicolon_comma_and_line_breaks() {
        assert_eq!(text("a\\b;c,d"), "a\\\\b\\;c\\,d");
        assert_eq!(text("1\n2\r\n3\r4"), "1\\n2\\n3\\n4");
        assert_eq!(text("tab\there"), "tab\there");
        assert_eq!(text("esc\u{1b}[31m"), "esc\\\\x1b[31m");
        assert_eq!(text("Åsa Öberg"), "Åsa Öberg");
    }

    #[test]
    fn lines_fold_at_75_octets_never_inside_a_character() {
        let mut out = Vec::new();
        let long = format!("DESCRIPTION:{}", "ö".repeat(100));
        line(&mut out, &long).unwrap();
        let written = String::from_utf8(out).unwrap();
        assert!(written.ends_with("\r\n"));
        let lines: Vec<&str> = written.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.len() > 1);
        for (i, l) in lines.iter().enumerate() {
            assert!(l.len() <= 75, "line {i} has {} octets", l.len());
            assert_eq!(i > 0, l.starts_with(' '));
        }
        // Unfolding gives the line back.
        assert_eq!(written.trim_end_matches("\r\n").replace("\r\n ", ""), long);
    }

    #[test]
    fn a_short_line_is_not_folded() {
        let mut out = Vec::new();
        line(&mut out, &"x".repeat(75)).unwrap();
        assert_eq!(out, format!("{}\r\n", "x".repeat(75)).into_bytes());
    }

    #[test]
    fn a_multi_day_event_ends_the_day_after_its_last() {
        let calendar = Calendar {
            name: "c".into(),
            stamp: date(2026, 10, 31),
            events: vec![Event {
                uid: "u".into(),
                date: date(2026, 11, 12),
                last_day: Some(date(2026, 11, 14)),
                course: ("c".into(), "C".into()),
                session: "s".into(),
                seats: 1,
                location: None,
                attendees: Vec::new(),
            }],
        };
        let mut out = Vec::new();
        write(&mut out, &calendar, Lang::En).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("\r\nDTSTART;VALUE=DATE:20261112\r\nDTEND;VALUE=DATE:20261115\r\n"));
        assert!(out.contains("\r\nDTSTAMP:20261031T000000Z\r\n"));
        assert!(!out.contains("LOCATION"));
    }
}
