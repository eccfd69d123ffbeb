//! Calendar dates: ISO parsing for the exports, and month arithmetic for due and lapse dates.
//!
//! Dates are [`jiff::civil::Date`]. The exports give `YYYY-MM-DD`, or an ISO date-time
//! (`2024-03-05 14:22`, `2024-03-05T14:22:00Z`) of which the date as written counts. Adding months adds
//! calendar months and clamps to the month's last day (2024-01-31 + 1 month = 2024-02-29).

use jiff::civil::Date;

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD` (or an ISO date-time).
    NotIso,
    /// Of the right form, but no day of the calendar (2024-02-30).
    NotCalendar,
}

impl DateError {
    /// A phrase for messages: what was wrong and what was expected.
    pub fn describe(self, text: &str) -> String {
        match self {
            DateError::NotIso => {
                format!("`{text}` is not an ISO date, expected YYYY-MM-DD (or an ISO date-time)")
            }
            DateError::NotCalendar => format!("`{text}` is not a calendar date"),
        }
    }
}

fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        bytes
            .iter()
            .fold(0u32, |n, &b| n * 10 + u32::from(b - b'0')),
    )
}

/// Parses `YYYY-MM-DD`, optionally followed by a time (`T` or a space, `HH:MM`, optional seconds,
/// fraction and zone). Surrounding white space is ignored.
pub fn parse(text: &str) -> Result<Date, DateError> {
    let b = text.trim().as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DateError::NotIso);
    }
    let (Some(y), Some(m), Some(d)) = (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10]))
    else {
        return Err(DateError::NotIso);
    };
    if b.len() > 10 && !valid_time(&b[10..]) {
        return Err(DateError::NotIso);
    }
    if !(1..=12).contains(&m) || d == 0 {
        return Err(DateError::NotCalendar);
    }
    Date::new(y as i16, m as i8, d as i8).map_err(|_| DateError::NotCalendar)
}

/// The part after the date: `[T ]HH:MM[:SS[.fff]][Z|±HH[:MM]]`.
fn valid_time(b: &[u8]) -> bool {
    if b.len() < 6 || !(b[0] == b'T' || b[0] == b't' || b[0] == b' ') || b[3] != b':' {
        return false;
    }
    let (Some(h), Some(mi)) = (digits(&b[1..3]), digits(&b[4..6])) else {
        return false;
    };
    if h > 23 || mi > 59 {
        return false;
    }
    let mut rest = &b[6..];
    if let Some(after) = rest.strip_prefix(b":") {
        match after.get(..2).and_then(digits) {
            Some(s) if s <= 60 => rest = &after[2..],
            _ => return false,
        }
        if let Some(frac) = rest.strip_prefix(b".").or_else(|| rest.strip_prefix(b",")) {
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return false;
            }
            rest = &frac[n..];
        }
    }
    match rest {
        [] | [b'Z'] | [b'z'] => true,
        [b'+' | b'-', zone @ ..] => {
            let zone: Vec<u8> = zone.iter().copied().filter(|&c| c != b':').collect();
            matches!(zone.len(), 2 | 4) && digits(&zone).is_some()
        }
        _ => false,
    }
}

/// Adds calendar months, clamping the day to the last day of the month reached.
pub fn add_months(date: Date, months: u32) -> Date {
    let index = i64::from(date.year()) * 12 + i64::from(date.month() - 1) + i64::from(months);
    if index >= 10_000 * 12 {
        return Date::constant(9999, 12, 31);
    }
    let year = index.div_euclid(12) as i16;
    let month = (index.rem_euclid(12) + 1) as i8;
    let first = Date::new(year, month, 1).expect("the first of a month in range");
    let day = date.day().min(first.days_in_month());
    Date::new(year, month, day).expect("a clamped day is in its month")
}

/// A calendar month, `YYYY-MM` (for `trend --from/--to` and `forecast`'s months).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i16,
    /// 1 to 12.
    pub month: i8,
}

impl Month {
    /// The month a date is in.
    pub fn of(date: Date) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Month> {
        let b = text.trim().as_bytes();
        if b.len() != 7 || b[4] != b'-' {
            return None;
        }
        let (year, month) = (digits(&b[..4])?, digits(&b[5..])?);
        ((1..=12).contains(&month) && year >= 1).then_some(Month {
            year: year as i16,
            month: month as i8,
        })
    }

    /// Months since year 0, for arithmetic.
    fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    fn from_index(index: i64) -> Month {
        Month {
            year: index.div_euclid(12) as i16,
            month: (index.rem_euclid(12) + 1) as i8,
        }
    }

    /// This month plus `n` months (negative: earlier).
    pub fn plus(self, n: i64) -> Month {
        Month::from_index(self.index() + n)
    }

    /// How many months from `self` to `later` (0 for the same month).
    pub fn until(self, later: Month) -> i64 {
        later.index() - self.index()
    }

    pub fn first_day(self) -> Date {
        Date::new(self.year, self.month, 1).expect("a month's first day")
    }

    pub fn last_day(self) -> Date {
        self.first_day().last_of_month()
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A report's period: a calendar year (`--year`), a tertial, a quarter or a range of days, both ends
/// included (`report --period`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    pub first: Date,
    pub last: Date,
}

/// What kind of period it is, as the command line gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    Year,
    /// 1 to 3: January–April, May–August, September–December.
    Tertial(i8),
    /// 1 to 4.
    Quarter(i8),
    /// `YYYY-MM-DD..YYYY-MM-DD`.
    Days,
}

/// The forms `--period` takes, for its error message.
pub const PERIOD_FORMS: &str =
    "YYYY-T1, YYYY-T2, YYYY-T3 (tertials), YYYY-Q1 to YYYY-Q4 (quarters) or YYYY-MM-DD..YYYY-MM-DD";

impl Period {
    /// The calendar year `year`.
    pub fn year(year: i16) -> Period {
        Period::months(PeriodKind::Year, year, 1, 12)
    }

    fn months(kind: PeriodKind, year: i16, first: i8, last: i8) -> Period {
        let month = |m| Month { year, month: m };
        Period {
            kind,
            first: month(first).first_day(),
            last: month(last).last_day(),
        }
    }

    /// Parses `YYYY-T1`..`T3`, `YYYY-Q1`..`Q4` or `YYYY-MM-DD..YYYY-MM-DD` (trimmed; `t` and `q` in any
    /// case); the message says what was wrong and which forms are accepted.
    pub fn parse(text: &str) -> Result<Period, String> {
        let t = text.trim();
        let wrong = |why: &str| format!("`{text}` is {why}, expected {PERIOD_FORMS}");
        if let Some((a, b)) = t.split_once("..") {
            let day = |s: &str| match parse(s) {
                Ok(d) if s.trim().len() == 10 => Ok(d),
                Ok(_) | Err(DateError::NotIso) => Err(wrong("no period")),
                Err(DateError::NotCalendar) => Err(wrong(&format!(
                    "no period: `{}` is no calendar date",
                    s.trim()
                ))),
            };
            let (first, last) = (day(a)?, day(b)?);
            if last < first {
                return Err(wrong("no period: it ends before it starts"));
            }
            return Ok(Period {
                kind: PeriodKind::Days,
                first,
                last,
            });
        }
        let b = t.as_bytes();
        let year = (b.len() == 7 && b[4] == b'-')
            .then(|| digits(&b[..4]))
            .flatten()
            .filter(|y| (1001..=9999).contains(y));
        let (Some(year), Some(n)) = (year, b.get(6).filter(|c| c.is_ascii_digit())) else {
            return Err(wrong("no period"));
        };
        let (year, n) = (year as i16, (n - b'0') as i8);
        match (b[5].to_ascii_uppercase(), n) {
            (b'T', 1..=3) => Ok(Period::months(
                PeriodKind::Tertial(n),
                year,
                n * 4 - 3,
                n * 4,
            )),
            (b'Q', 1..=4) => Ok(Period::months(
                PeriodKind::Quarter(n),
                year,
                n * 3 - 2,
                n * 3,
            )),
            (b'T', _) => Err(wrong("no tertial (T1 to T3)")),
            (b'Q', _) => Err(wrong("no quarter (Q1 to Q4)")),
            _ => Err(wrong("no period")),
        }
    }

    /// The same period of the year before (a range's days one year earlier, 29 February as the 28th).
    pub fn year_before(self) -> Period {
        let back = |d: Date| {
            let first = Date::new(d.year() - 1, d.month(), 1).expect("a month's first day");
            Date::new(
                first.year(),
                first.month(),
                d.day().min(first.days_in_month()),
            )
            .expect("a clamped day is in its month")
        };
        Period {
            kind: self.kind,
            first: back(self.first),
            last: back(self.last),
        }
    }

    /// Whether `date` falls in the period.
    pub fn contains(self, date: Date) -> bool {
        self.first <= date && date <= self.last
    }

    /// The year the period is named after: its first day's.
    pub fn year_of(self) -> i16 {
        self.first.year()
    }

    /// The as-of date when the period has not ended by it (it is reported up to as-of).
    pub fn up_to(self, as_of: Date) -> Option<Date> {
        (as_of < self.last).then_some(as_of)
    }
}

impl std::fmt::Display for Period {
    /// As the command line writes it: `2026`, `2026-T1`, `2026-Q3`, `2026-01-01..2026-03-15`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let year = self.first.year();
        match self.kind {
            PeriodKind::Year => write!(f, "{year:04}"),
            PeriodKind::Tertial(n) => write!(f, "{year:04}-T{n}"),
            PeriodKind::Quarter(n) => write!(f, "{year:04}-Q{n}"),
            PeriodKind::Days => write!(f, "{}..{}", self.first, self.last),
        }
    }
}

/// Today's date in Europe/Stockholm, the default `--as-of`.
pub fn today_in_stockholm() -> Date {
    let now = jiff::Timestamp::now();
    match jiff::tz::TimeZone::get("Europe/Stockholm") {
        Ok(tz) => now.to_zoned(tz).date(),
        Err(_) => now.to_zoned(jiff::tz::TimeZone::UTC).date(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_dates_and_date_times() {
        assert_eq!(parse("2024-03-05"), Ok(date(2024, 3, 5)));
        assert_eq!(parse(" 2024-03-05 "), Ok(date(2024, 3, 5)));
        assert_eq!(parse("2024-03-05 14:22"), Ok(date(2024, 3, 5)));
        assert_eq!(parse("2024-03-05T14:22:00Z"), Ok(date(2024, 3, 5)));
        assert_eq!(parse("2024-03-05T14:22:00.123+01:00"), Ok(date(2024, 3, 5)));
        assert_eq!(parse("2024-03-05 23:59:59"), Ok(date(2024, 3, 5)));
    }

    #[test]
    fn rejects_what_is_no_iso_date() {
        for text in [
            "05/03/2024",
            "2024-3-5",
            "20240305",
            "",
            "2024-03-05x",
            "2024-03-05 25:00",
            "2024-03-05T1",
        ] {
            assert_eq!(parse(text), Err(DateError::NotIso), "{text}");
        }
    }

    #[test]
    fn rejects_what_is_no_calendar_date() {
        for text in [
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "2024-01-00",
        ] {
            assert_eq!(parse(text), Err(DateError::NotCalendar), "{text}");
        }
        assert_eq!(parse("2024-02-29"), Ok(date(2024, 2, 29)));
    }

    #[test]
    fn months_parse_count_and_end() {
        let m = Month::parse("2024-02").unwrap();
        assert_eq!(m.last_day(), date(2024, 2, 29));
        assert_eq!(m.plus(-2).to_string(), "2023-12");
        assert_eq!(m.plus(11).to_string(), "2025-01");
        assert_eq!(m.until(Month::parse("2025-01").unwrap()), 11);
        for bad in [
            "2024-13",
            "2024-00",
            "2024-1",
            "24-01",
            "2024/01",
            "",
            "2024-01-01",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn month_arithmetic_clamps_to_the_last_day() {
        assert_eq!(add_months(date(2024, 1, 31), 1), date(2024, 2, 29));
        assert_eq!(add_months(date(2023, 1, 31), 1), date(2023, 2, 28));
        assert_eq!(add_months(date(2024, 3, 31), 1), date(2024, 4, 30));
        assert_eq!(add_months(date(2024, 11, 15), 3), date(2025, 2, 15));
        assert_eq!(add_months(date(2024, 2, 29), 12), date(2025, 2, 28));
        assert_eq!(add_months(date(2024, 5, 5), 0), date(2024, 5, 5));
        assert_eq!(add_months(date(2021, 8, 31), 36), date(2024, 8, 31));
    }

    #[test]
    fn period_tertials_quarters_and_days_have_their_first_and_last_days() {
        let p = |t: &str| Period::parse(t).unwrap();
        let days = |p: Period| (p.first.to_string(), p.last.to_string());
        assert_eq!(
            days(p("2024-T1")),
            ("2024-01-01".into(), "2024-04-30".into())
        );
        assert_eq!(
            days(p("2024-T2")),
            ("2024-05-01".into(), "2024-08-31".into())
        );
        assert_eq!(
            days(p(" 2024-t3 ")),
            ("2024-09-01".into(), "2024-12-31".into())
        );
        assert_eq!(
            days(p("2024-Q1")),
            ("2024-01-01".into(), "2024-03-31".into())
        );
        assert_eq!(
            days(p("2024-Q4")),
            ("2024-10-01".into(), "2024-12-31".into())
        );
        assert_eq!(
            days(p("2024-02-29..2024-03-01")),
            ("2024-02-29".into(), "2024-03-01".into())
        );
        assert_eq!(
            days(Period::year(2024)),
            ("2024-01-01".into(), "2024-12-31".into())
        );
        for bad in [
            "2024-T0",
            "2024-Q5",
            "2024",
            "2024-T12",
            "2024-02-30..2024-03-01",
            "x..y",
        ] {
            let e = Period::parse(bad).unwrap_err();
            assert!(
                e.starts_with(&format!("`{bad}` is no")) && e.ends_with(PERIOD_FORMS),
                "{e}"
            );
        }
    }

    #[test]
    fn period_year_before_is_the_same_period_and_29_february_is_28() {
        let p = |t: &str| Period::parse(t).unwrap();
        assert_eq!(p("2024-T2").year_before(), p("2023-T2"));
        assert_eq!(p("2024-Q1").year_before().to_string(), "2023-Q1");
        assert_eq!(
            p("2024-01-15..2024-02-29").year_before().to_string(),
            "2023-01-15..2023-02-28"
        );
        assert_eq!(Period::year(2024).year_before(), Period::year(2023));
    }

    #[test]
    fn period_up_to_as_of_only_when_not_ended() {
        let t3 = Period::parse("2026-T3").unwrap();
        let d = |t: &str| parse(t).unwrap();
        assert_eq!(t3.up_to(d("2026-10-31")), Some(d("2026-10-31")));
        assert_eq!(t3.up_to(d("2026-12-31")), None);
        assert!(t3.contains(d("2026-09-01")) && !t3.contains(d("2026-08-31")));
    }
}
