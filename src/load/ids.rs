//! Employee ids: how `--id-format text|number|personnummer` makes the ids of all inputs compare.
//!
//! Every id is trimmed of white space first, then normalised by [`IdFormat::normalise`] into the
//! form it compares and prints in:
//!
//! - **`text`**: the id as written. Never an error.
//! - **`number`**: a whole number of ASCII digits (`0`–`9`) only; leading zeros are dropped
//!   (`00100042` is `100042`, `000` is `0`). It stays a digit string, so ids longer than any
//!   integer type are fine. Anything else (a sign, a decimal point, inner white space, an empty
//!   id) is [`IdError::NotANumber`].
//! - **`personnummer`**: a Swedish personal identity number in any of its spellings,
//!   `YYYYMMDD-NNNN`, `YYYYMMDD+NNNN`, `YYYYMMDDNNNN`, `YYMMDD-NNNN`, `YYMMDD+NNNN` or
//!   `YYMMDDNNNN`, always printed `YYYYMMDD-NNNN`.
//!   - A 10-digit spelling takes the century that makes the person 0–99 years old on the
//!     as-of date (born on or before it, less than 100 years before); with `+` (used from the
//!     age of 100) the century that makes them 100–199. Ages count by month and day as
//!     written, so `261123-…` is born on the as-of date 2026-11-23 and `261124-…` in 1926.
//!   - In a 12-digit spelling the century is written, and `-` or `+` is only a separator.
//!   - A samordningsnummer (coordination number, day of birth + 60, `19900161-…`) is valid:
//!     its date is checked (and its century chosen) with the day − 60, and it prints with
//!     the day as written.
//!   - A wrong check digit (Luhn over the 10 digits `YYMMDDNNNC`) or a date that is no day of
//!     the calendar (`2023-02-29`, month 13, day 00) is only a warning ([`Normalised::Warn`]):
//!     the id is still normalised. Where both are wrong the date is the one reported.
//!   - Anything of another shape (another number of digits, letters, another separator or a
//!     separator elsewhere) is [`IdError::NotAPersonnummer`].
//!
//! An id is personal data: no message made here quotes it, so a message never shows more of an id
//! than the output does ([`read_id`] names the file, line and column instead).
//!
//! This runs on every row of every input, so it works on bytes, allocates nothing for `text`,
//! `number` and an already normalised personnummer, and allocates one 13-byte string otherwise;
//! with `text` (the default) [`read_id`] is the field as read, at no extra cost.

use std::borrow::Cow;

use jiff::civil::Date;

use super::Row;
use crate::diag::Problem;

/// How employee ids are compared (`--id-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IdFormat {
    /// As written, trimmed.
    #[default]
    Text,
    /// As whole numbers: leading zeros do not count.
    Number,
    /// As Swedish personal identity numbers, in any spelling.
    Personnummer,
}

/// What normalising one id gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Normalised<'a> {
    /// The id as it compares and prints (Cow: borrowed when unchanged).
    Ok(Cow<'a, str>),
    /// Normalised, but with a warning to give with `file:line` (check digit or date).
    Warn(Cow<'a, str>, IdWarning),
    /// Not an id of this format: a message saying what was expected.
    Err(IdError),
}

/// Something doubtful about an id that was still normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdWarning {
    /// The personnummer's last digit is not its Luhn check digit.
    CheckDigit,
    /// The personnummer's date of birth (day − 60 for a samordningsnummer) is no calendar day.
    ImpossibleDate,
}

/// Why a text is not an id of the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdError {
    /// Not a whole number of ASCII digits.
    NotANumber,
    /// Not of the shape of a personnummer.
    NotAPersonnummer,
}

impl IdFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [IdFormat; 3] = [IdFormat::Text, IdFormat::Number, IdFormat::Personnummer];

    /// The format's name on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            IdFormat::Text => "text",
            IdFormat::Number => "number",
            IdFormat::Personnummer => "personnummer",
        }
    }

    /// Normalises one id (trimmed first) into the form it compares and prints in; `as_of`
    /// chooses the century of a 10-digit personnummer.
    #[must_use]
    pub fn normalise<'a>(self, id: &'a str, as_of: Date) -> Normalised<'a> {
        let id = id.trim();
        match self {
            IdFormat::Text => Normalised::Ok(Cow::Borrowed(id)),
            IdFormat::Number => number(id),
            IdFormat::Personnummer => personnummer(id, as_of),
        }
    }
}

/// `id` (trimmed) as a whole number: a subslice without leading zeros.
fn number(id: &str) -> Normalised<'_> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Normalised::Err(IdError::NotANumber);
    }
    let significant = id.trim_start_matches('0');
    let kept = if significant.is_empty() {
        &id[id.len() - 1..]
    } else {
        significant
    };
    Normalised::Ok(Cow::Borrowed(kept))
}

/// The digits of `bytes` into `out` (of the same length), or `None` for a non-digit.
fn digits_into(bytes: &[u8], out: &mut [u8]) -> Option<()> {
    for (o, &b) in out.iter_mut().zip(bytes) {
        if !b.is_ascii_digit() {
            return None;
        }
        *o = b - b'0';
    }
    Some(())
}

/// A personnummer split up: the century if written, the 10 digits `YYMMDDNNNC`, and whether
/// the separator was `+`.
struct Parts {
    century: Option<u8>,
    ten: [u8; 10],
    plus: bool,
}

fn is_separator(b: u8) -> bool {
    b == b'-' || b == b'+'
}

fn parts(b: &[u8]) -> Option<Parts> {
    let mut ten = [0u8; 10];
    let mut century = [0u8; 2];
    let (century, plus) = match b.len() {
        13 if is_separator(b[8]) => {
            digits_into(&b[..2], &mut century)?;
            digits_into(&b[2..8], &mut ten[..6])?;
            digits_into(&b[9..], &mut ten[6..])?;
            (Some(century), b[8] == b'+')
        }
        12 => {
            digits_into(&b[..2], &mut century)?;
            digits_into(&b[2..], &mut ten)?;
            (Some(century), false)
        }
        11 if is_separator(b[6]) => {
            digits_into(&b[..6], &mut ten[..6])?;
            digits_into(&b[7..], &mut ten[6..])?;
            (None, b[6] == b'+')
        }
        10 => {
            digits_into(b, &mut ten)?;
            (None, false)
        }
        _ => return None,
    };
    Some(Parts {
        century: century.map(|[c, y]| c * 10 + y),
        ten,
        plus,
    })
}

/// Whether the 10 digits pass the Luhn check (weights 2, 1, 2, … from the first digit).
fn luhn_ok(ten: &[u8; 10]) -> bool {
    let sum: u32 = ten
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
                let p = d * 2;
                p / 10 + p % 10
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The year of birth of a 10-digit personnummer: the one that makes the person 0–99 years old
/// on `as_of` (100–199 with `plus`), comparing month and day as numbers.
fn year_of_birth(yy: u8, month: u8, day: u8, plus: bool, as_of: Date) -> i32 {
    let this_year = i32::from(as_of.year());
    let mut year = this_year - (this_year - i32::from(yy)).rem_euclid(100);
    // The as-of month and day are 1..=12 and 1..=31; those of the id may be anything to 99.
    let not_yet_born = (month, day) > (as_of.month() as u8, as_of.day() as u8);
    if year == this_year && not_yet_born {
        year -= 100;
    }
    if plus {
        year -= 100;
    }
    year
}

fn personnummer(id: &str, as_of: Date) -> Normalised<'_> {
    let Some(Parts { century, ten, plus }) = parts(id.as_bytes()) else {
        return Normalised::Err(IdError::NotAPersonnummer);
    };
    let yy = ten[0] * 10 + ten[1];
    let month = ten[2] * 10 + ten[3];
    let day_as_written = ten[4] * 10 + ten[5];
    let day = if day_as_written > 60 {
        day_as_written - 60
    } else {
        day_as_written
    };
    let year = match century {
        Some(c) => i32::from(c) * 100 + i32::from(yy),
        None => year_of_birth(yy, month, day, plus, as_of),
    };
    // Only an as-of date in the first two centuries could push a `+` number before year 0.
    let Ok(year_digits) = u16::try_from(year) else {
        return Normalised::Err(IdError::NotAPersonnummer);
    };
    let calendar = i16::try_from(year).is_ok_and(|y| {
        Date::new(y, month as i8, day as i8).is_ok() // month, day <= 99
    });
    let warning = if !calendar {
        Some(IdWarning::ImpossibleDate)
    } else if !luhn_ok(&ten) {
        Some(IdWarning::CheckDigit)
    } else {
        None
    };
    let text = if id.len() == 13 && id.as_bytes()[8] == b'-' {
        Cow::Borrowed(id)
    } else {
        let mut s = String::with_capacity(13);
        for d in [
            year_digits / 1000,
            year_digits / 100 % 10,
            year_digits / 10 % 10,
            year_digits % 10,
        ] {
            s.push(char::from(b'0' + d as u8));
        }
        for (i, &d) in ten.iter().enumerate().skip(2) {
            if i == 6 {
                s.push('-');
            }
            s.push(char::from(b'0' + d));
        }
        Cow::Owned(s)
    };
    match warning {
        None => Normalised::Ok(text),
        Some(w) => Normalised::Warn(text, w),
    }
}

/// How a run reads employee ids: `--id-format`, and the as-of date that gives a 10-digit
/// personnummer its century.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdOptions {
    pub format: IdFormat,
    pub as_of: Date,
}

/// An employee id read from a row: as it compares and prints, and a warning to give with the row's
/// place (a personnummer whose check digit or date is wrong).
pub type ReadId<'a> = (Cow<'a, str>, Option<Problem>);

/// Reads the employee id in `column` of a row (which must not be empty) and normalises it as
/// `--id-format` says. Not of the format: an error naming the place; doubtful (check digit, date):
/// normalised, with a warning. Messages name the column, never the id.
pub fn read_id<'a>(row: &Row<'a>, column: usize, ids: IdOptions) -> Result<ReadId<'a>, Problem> {
    let text = row.required(column, "the person's id")?;
    if ids.format == IdFormat::Text {
        return Ok((text, None));
    }
    let normalised = match &text {
        Cow::Borrowed(t) => ids.format.normalise(t, ids.as_of),
        Cow::Owned(t) => match ids.format.normalise(t, ids.as_of) {
            Normalised::Ok(n) => Normalised::Ok(Cow::Owned(n.into_owned())),
            Normalised::Warn(n, w) => Normalised::Warn(Cow::Owned(n.into_owned()), w),
            Normalised::Err(e) => Normalised::Err(e),
        },
    };
    let name = row.name(column);
    match normalised {
        Normalised::Ok(id) => Ok((id, None)),
        Normalised::Warn(id, w) => {
            let message = match w {
                IdWarning::CheckDigit => format!(
                    "{name} is no valid personnummer (check digit), expected a last digit that is the \
                     Luhn check digit of the other nine; read as written all the same"
                ),
                IdWarning::ImpossibleDate => format!(
                    "{name} is no valid personnummer (no such date of birth), expected YYMMDD to be a \
                     calendar date (the day + 60 in a coordination number); read as written all the same"
                ),
            };
            Ok((id, Some(row.field_problem(column, message))))
        }
        Normalised::Err(e) => Err(row.field_problem(
            column,
            match e {
                IdError::NotANumber => {
                    format!("{name} is no whole number, expected the digits 0-9 only (--id-format number)")
                }
                IdError::NotAPersonnummer => format!(
                    "{name} is no personnummer, expected YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN, \
                     YYMMDDNNNN or YYMMDD+NNNN (--id-format personnummer)"
                ),
            },
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const AS_OF: Date = date(2026, 11, 23);

    /// The Luhn check digit of 9 digits, computed independently of the module: double every
    /// other digit from the right end of the 10-digit number (the check digit not doubled).
    fn check_digit(nine: &str) -> char {
        assert_eq!(nine.len(), 9);
        let mut sum = 0;
        for (i, c) in nine.chars().rev().enumerate() {
            let d = c.to_digit(10).unwrap();
            let v = if i % 2 == 0 { d * 2 } else { d };
            sum += if v > 9 { v - 9 } else { v };
        }
        char::from_digit((10 - sum % 10) % 10, 10).unwrap()
    }

    /// `YYMMDDNNN` with its check digit appended: 10 digits.
    fn valid(nine: &str) -> String {
        format!("{nine}{}", check_digit(nine))
    }

    /// The same 10 digits with a wrong check digit.
    fn invalid(nine: &str) -> String {
        let right = check_digit(nine).to_digit(10).unwrap();
        format!("{nine}{}", (right + 1) % 10)
    }

    fn pnr(id: &str) -> Normalised<'_> {
        IdFormat::Personnummer.normalise(id, AS_OF)
    }

    fn pnr_at(id: &str, as_of: Date) -> Normalised<'_> {
        IdFormat::Personnummer.normalise(id, as_of)
    }

    fn ok(s: &str) -> Normalised<'static> {
        Normalised::Ok(Cow::Owned(s.to_string()))
    }

    fn warn(s: &str, w: IdWarning) -> Normalised<'static> {
        Normalised::Warn(Cow::Owned(s.to_string()), w)
    }

    /// The normalised text, whatever the warning; panics on an error.
    fn text_of(n: Normalised<'_>) -> String {
        match n {
            Normalised::Ok(t) | Normalised::Warn(t, _) => t.into_owned(),
            Normalised::Err(e) => panic!("unexpected error {e:?}"),
        }
    }

    /// Every spelling of a 10-digit personnummer with a `-` (or `+`) separator, given its century.
    fn spellings(ten: &str, century: &str, sep: char) -> Vec<String> {
        let (date, serial) = ten.split_at(6);
        let mut all = vec![
            format!("{century}{date}-{serial}"),
            format!("{century}{date}+{serial}"),
            format!("{century}{ten}"),
            format!("{date}{sep}{serial}"),
        ];
        if sep == '-' {
            all.push(ten.to_string());
        }
        all
    }

    // ---- helpers checked against known numbers ----

    #[test]
    fn check_digit_helper_matches_known_numbers() {
        // Skatteverket's well-known test number, and the Luhn example of its documentation.
        assert_eq!(check_digit("121212121"), '2');
        assert_eq!(check_digit("811218987"), '6');
        assert!(luhn_ok(&[1, 2, 1, 2, 1, 2, 1, 2, 1, 2]));
        assert!(luhn_ok(&[8, 1, 1, 2, 1, 8, 9, 8, 7, 6]));
        assert!(!luhn_ok(&[8, 1, 1, 2, 1, 8, 9, 8, 7, 7]));
    }

    #[test]
    fn module_luhn_agrees_with_helper() {
        for n in (0..1_000_000_000u32).step_by(9_973_541) {
            let nine = format!("{n:09}");
            let good = valid(&nine);
            let bad = invalid(&nine);
            let to_digits = |s: &str| -> [u8; 10] {
                let mut a = [0; 10];
                for (o, b) in a.iter_mut().zip(s.bytes()) {
                    *o = b - b'0';
                }
                a
            };
            assert!(luhn_ok(&to_digits(&good)), "{good}");
            assert!(!luhn_ok(&to_digits(&bad)), "{bad}");
        }
    }

    // ---- text ----

    #[test]
    fn text_is_returned_borrowed_and_trimmed() {
        let id = "  A-17 x ";
        match IdFormat::Text.normalise(id, AS_OF) {
            Normalised::Ok(Cow::Borrowed(t)) => assert_eq!(t, "A-17 x"),
            other => panic!("{other:?}"),
        }
        assert_eq!(IdFormat::Text.normalise("", AS_OF), ok(""));
        assert_eq!(IdFormat::Text.normalise("007", AS_OF), ok("007"));
    }

    // ---- number ----

    fn num(id: &str) -> Normalised<'_> {
        IdFormat::Number.normalise(id, AS_OF)
    }

    #[test]
    fn number_drops_leading_zeros() {
        assert_eq!(num("00100042"), ok("100042"));
        assert_eq!(num("100042"), ok("100042"));
        assert_eq!(num("0100"), ok("100"));
        assert_eq!(num("7"), ok("7"));
        assert_eq!(num("00100042"), num("100042"));
    }

    #[test]
    fn number_zero_forms_are_zero() {
        assert_eq!(num("0"), ok("0"));
        assert_eq!(num("000"), ok("0"));
        assert_eq!(num(" 00 "), ok("0"));
    }

    #[test]
    fn number_is_borrowed() {
        for id in ["00100042", "42", "000", " 17\t"] {
            assert!(matches!(num(id), Normalised::Ok(Cow::Borrowed(_))), "{id}");
        }
    }

    #[test]
    fn number_longer_than_u64() {
        let long = "123456789012345678901234567890";
        assert_eq!(num(long), ok(long));
        assert_eq!(num(&format!("0000{long}")), ok(long));
        assert_eq!(num("18446744073709551616"), ok("18446744073709551616")); // u64::MAX + 1
        assert_ne!(num("18446744073709551616"), num("18446744073709551615"));
    }

    #[test]
    fn number_trims_white_space() {
        assert_eq!(num("  0042 "), ok("42"));
        assert_eq!(num("\t42\r\n"), ok("42"));
        assert_eq!(num("\u{a0}42\u{a0}"), ok("42"));
    }

    #[test]
    fn number_rejects_non_numbers() {
        for id in [
            "", "   ", "4 2", "42a", "a42", "-1", "+1", "1.0", "1,0", "1e3", "0x10", "١٢", "４２",
            "12-34",
        ] {
            assert_eq!(num(id), Normalised::Err(IdError::NotANumber), "{id:?}");
        }
    }

    // ---- personnummer: spellings ----

    #[test]
    fn tolvan_in_every_spelling_is_one_id() {
        for id in [
            "19121212-1212",
            "19121212+1212",
            "191212121212",
            "121212+1212",
            " 121212+1212 ",
        ] {
            assert_eq!(pnr(id), ok("19121212-1212"), "{id}");
        }
        // Without `+`, a 10-digit 121212 is someone 13 years old in 2026.
        assert_eq!(pnr("121212-1212"), ok("20121212-1212"));
        assert_eq!(pnr("1212121212"), ok("20121212-1212"));
    }

    #[test]
    fn every_spelling_of_one_person_is_one_id() {
        for (ten, century, sep) in [
            (valid("811218987"), "19", '-'),
            (valid("900101238"), "19", '-'),
            (valid("050630123"), "20", '-'),
            (valid("261123001"), "20", '-'),
            (valid("261124001"), "19", '-'),
            (valid("200229123"), "20", '-'),
            (valid("251123456"), "19", '+'),
            (valid("900161239"), "19", '-'), // samordningsnummer
        ] {
            let want = format!("{century}{}-{}", &ten[..6], &ten[6..]);
            for id in spellings(&ten, century, sep) {
                assert_eq!(pnr(&id), ok(&want), "{id}");
            }
        }
    }

    #[test]
    fn normalised_valid_number_is_borrowed() {
        let id = format!("19{}-{}", "811218", "9876");
        match pnr(&id) {
            Normalised::Ok(Cow::Borrowed(t)) => assert_eq!(t, "19811218-9876"),
            other => panic!("{other:?}"),
        }
        // Trimmed, still borrowed.
        assert!(matches!(
            pnr(" 19811218-9876 "),
            Normalised::Ok(Cow::Borrowed("19811218-9876"))
        ));
        // Other spellings are made anew.
        for id in ["19811218+9876", "198112189876", "811218-9876", "8112189876"] {
            assert!(matches!(pnr(id), Normalised::Ok(Cow::Owned(_))), "{id}");
        }
    }

    #[test]
    fn plus_in_a_twelve_digit_number_is_only_a_separator() {
        let ten = valid("850505123");
        let id = format!("1985{}+{}", &ten[2..6], &ten[6..]);
        assert_eq!(pnr(&id), ok(&format!("1985{}-{}", &ten[2..6], &ten[6..])));
        let ten = valid("050505123");
        let id = format!("2005{}+{}", &ten[2..6], &ten[6..]);
        assert_eq!(pnr(&id), ok(&format!("2005{}-{}", &ten[2..6], &ten[6..])));
    }

    // ---- personnummer: century of a 10-digit spelling ----

    #[test]
    fn century_around_the_as_of_day() {
        // As of 2026-11-23: born 2026-11-23 is 0 years old; 2026-11-24 is not born yet, so 1926.
        let born_today = valid("261123001");
        let born_tomorrow = valid("261124001");
        assert_eq!(text_of(pnr(&born_today))[..8], *"20261123");
        assert_eq!(text_of(pnr(&born_tomorrow))[..8], *"19261124");
        // Yesterday and earlier this year: this century.
        assert_eq!(text_of(pnr(&valid("261122001")))[..8], *"20261122");
        assert_eq!(text_of(pnr(&valid("260101001")))[..8], *"20260101");
        // Later months of the year part: a century back.
        assert_eq!(text_of(pnr(&valid("261201001")))[..8], *"19261201");
        // Years after the as-of year's part: last century.
        assert_eq!(text_of(pnr(&valid("270101001")))[..8], *"19270101");
        assert_eq!(text_of(pnr(&valid("991231001")))[..8], *"19991231");
        assert_eq!(text_of(pnr(&valid("000101001")))[..8], *"20000101");
    }

    #[test]
    fn plus_moves_back_a_century() {
        let born_today = valid("261123001");
        let born_tomorrow = valid("261124001");
        let plus = |ten: &str| format!("{}+{}", &ten[..6], &ten[6..]);
        // 2026-11-23 as 100+: 1926-11-23, exactly 100 years old.
        assert_eq!(text_of(pnr(&plus(&born_today)))[..8], *"19261123");
        // 1926-11-24 would be 99: with `+` it is 1826-11-24, 199 years old.
        assert_eq!(text_of(pnr(&plus(&born_tomorrow)))[..8], *"18261124");
        assert_eq!(text_of(pnr(&plus(&valid("270101001"))))[..8], *"18270101");
        assert_eq!(text_of(pnr(&plus(&valid("250101001"))))[..8], *"19250101");
    }

    #[test]
    fn hundred_year_boundary() {
        // As of 2026-11-23, born 1926-11-23 is 100 (`+`), born 1926-11-24 is 99 (`-`).
        let at_100 = valid("261123123");
        let at_99 = valid("261124123");
        let sep = |ten: &str, s: char| format!("{}{s}{}", &ten[..6], &ten[6..]);
        assert_eq!(text_of(pnr(&sep(&at_100, '+')))[..8], *"19261123");
        assert_eq!(text_of(pnr(&sep(&at_99, '-')))[..8], *"19261124");
        assert_eq!(
            pnr(&sep(&at_100, '+')),
            pnr(&format!("19{}", sep(&at_100, '-')))
        );
        assert_eq!(pnr(&sep(&at_99, '-')), pnr(&format!("19{at_99}")));
    }

    #[test]
    fn century_at_the_turn_of_a_year() {
        let new_year = date(2000, 1, 1);
        assert_eq!(
            text_of(pnr_at(&valid("000101001"), new_year))[..8],
            *"20000101"
        );
        assert_eq!(
            text_of(pnr_at(&valid("000102001"), new_year))[..8],
            *"19000102"
        );
        assert_eq!(
            text_of(pnr_at(&valid("991231001"), new_year))[..8],
            *"19991231"
        );
        let eve = date(1999, 12, 31);
        assert_eq!(text_of(pnr_at(&valid("991231001"), eve))[..8], *"19991231");
        assert_eq!(text_of(pnr_at(&valid("000101001"), eve))[..8], *"19000101");
    }

    #[test]
    fn century_on_a_leap_day() {
        let leap = date(2024, 2, 29);
        let ten = valid("240229123");
        assert_eq!(text_of(pnr_at(&ten, leap))[..8], *"20240229");
        let plus = format!("{}+{}", &ten[..6], &ten[6..]);
        assert_eq!(pnr_at(&plus, leap), ok(&format!("19240229-{}", &ten[6..])));
        assert_eq!(text_of(pnr_at(&valid("240301123"), leap))[..8], *"19240301");
    }

    /// Every birth day of two centuries before several as-of dates (leap days aside, where
    /// counting ages is a matter of convention): the 10-digit spelling with `-` below 100 and
    /// `+` from 100 gives back the date of birth.
    #[test]
    fn ten_digit_spellings_round_trip_over_two_centuries() {
        for as_of in [
            date(2026, 11, 23),
            date(2000, 1, 1),
            date(2024, 2, 29),
            date(1999, 12, 31),
        ] {
            let mut born = as_of;
            let earliest = as_of.checked_sub(jiff::Span::new().years(200)).unwrap();
            let mut count = 0;
            while born > earliest {
                if !(born.month() == 2 && born.day() == 29) {
                    let age = as_of.since((jiff::Unit::Year, born)).unwrap().get_years();
                    assert!((0..200).contains(&age));
                    let sep = if age >= 100 { '+' } else { '-' };
                    let nine = format!(
                        "{:02}{:02}{:02}{:03}",
                        born.year() % 100,
                        born.month(),
                        born.day(),
                        count % 1000
                    );
                    let ten = valid(&nine);
                    let id = format!("{}{sep}{}", &ten[..6], &ten[6..]);
                    let want = format!("{}-{}", born.strftime("%Y%m%d"), &ten[6..]);
                    assert_eq!(pnr_at(&id, as_of), ok(&want), "{id} as of {as_of}");
                    if sep == '-' {
                        assert_eq!(pnr_at(&ten, as_of), ok(&want), "{ten} as of {as_of}");
                    }
                    count += 1;
                }
                born = born.yesterday().unwrap();
            }
            assert!(count > 72_000);
        }
    }

    // ---- personnummer: warnings ----

    #[test]
    fn wrong_check_digit_warns_but_normalises() {
        let bad = invalid("811218987");
        assert_eq!(bad, "8112189877");
        for id in spellings(&bad, "19", '-') {
            assert_eq!(
                pnr(&id),
                warn("19811218-9877", IdWarning::CheckDigit),
                "{id}"
            );
        }
        assert_eq!(
            pnr("19121212-1213"),
            warn("19121212-1213", IdWarning::CheckDigit)
        );
        // Already normalised: still borrowed.
        assert!(matches!(
            pnr("19811218-9877"),
            Normalised::Warn(Cow::Borrowed("19811218-9877"), IdWarning::CheckDigit)
        ));
    }

    #[test]
    fn every_wrong_check_digit_warns() {
        let nine = "640823323";
        let right = check_digit(nine);
        for c in '0'..='9' {
            let id = format!("19{nine}{c}");
            let got = pnr(&id);
            if c == right {
                assert!(matches!(got, Normalised::Ok(_)), "{id}");
            } else {
                assert!(
                    matches!(got, Normalised::Warn(_, IdWarning::CheckDigit)),
                    "{id}"
                );
            }
        }
    }

    #[test]
    fn february_29_of_a_common_year_warns() {
        let ten = valid("230229123");
        let want = format!("20230229-{}", &ten[6..]);
        for id in spellings(&ten, "20", '-') {
            assert_eq!(pnr(&id), warn(&want, IdWarning::ImpossibleDate), "{id}");
        }
        // A leap year's is fine.
        assert!(matches!(
            pnr(&format!("20{}", valid("240229123"))),
            Normalised::Ok(_)
        ));
        assert!(matches!(
            pnr(&format!("20{}", valid("000229123"))),
            Normalised::Ok(_)
        ));
        // 1900 was not a leap year.
        assert_eq!(
            pnr(&format!("19{}", valid("000229123"))),
            warn(
                &format!("19000229-{}", &valid("000229123")[6..]),
                IdWarning::ImpossibleDate
            )
        );
    }

    #[test]
    fn other_impossible_dates_warn() {
        for nine in [
            "801301123", // month 13
            "800001123", // month 00
            "800100123", // day 00
            "800132123", // day 32
            "800431123", // 31 April
            "800160123", // day 60: neither a date nor a samordningsnummer
            "809999123",
        ] {
            let ten = valid(nine);
            let want = format!("19{}-{}", &ten[..6], &ten[6..]);
            assert_eq!(
                pnr(&format!("19{ten}")),
                warn(&want, IdWarning::ImpossibleDate),
                "{nine}"
            );
            // The 10-digit spelling still gets a century and the same warning.
            assert!(
                matches!(pnr(&ten), Normalised::Warn(_, IdWarning::ImpossibleDate)),
                "{ten}"
            );
        }
    }

    #[test]
    fn impossible_date_is_reported_before_the_check_digit() {
        let ten = invalid("230229123");
        assert_eq!(
            pnr(&ten),
            warn(
                &format!("20230229-{}", &ten[6..]),
                IdWarning::ImpossibleDate
            )
        );
    }

    // ---- personnummer: samordningsnummer ----

    #[test]
    fn samordningsnummer_keeps_the_day_as_written() {
        let ten = valid("900161239"); // born 1990-01-01
        for id in spellings(&ten, "19", '-') {
            assert_eq!(pnr(&id), ok(&format!("19900161-{}", &ten[6..])), "{id}");
        }
        assert!(matches!(
            pnr(&format!("19900161-{}", &ten[6..])),
            Normalised::Ok(Cow::Borrowed(_))
        ));
        // Day 91 is the 31st.
        assert!(matches!(pnr(&valid("900191239")), Normalised::Ok(_)));
    }

    #[test]
    fn samordningsnummer_dates_are_checked_with_day_minus_60() {
        // 2023-02-29 (day 89) is no day.
        let ten = valid("230289123");
        assert_eq!(
            pnr(&ten),
            warn(
                &format!("20230289-{}", &ten[6..]),
                IdWarning::ImpossibleDate
            )
        );
        // 31 April (day 91) is no day; day 92 is the 32nd.
        assert!(matches!(
            pnr(&valid("800491123")),
            Normalised::Warn(_, IdWarning::ImpossibleDate)
        ));
        assert!(matches!(
            pnr(&valid("800192123")),
            Normalised::Warn(_, IdWarning::ImpossibleDate)
        ));
        // A wrong check digit warns as for a personnummer.
        assert!(matches!(
            pnr(&invalid("900161239")),
            Normalised::Warn(_, IdWarning::CheckDigit)
        ));
    }

    #[test]
    fn samordningsnummer_century_uses_day_minus_60() {
        // As of 2026-11-23: day 83 is the 23rd, born today, 0 years old.
        assert_eq!(text_of(pnr(&valid("261183001")))[..8], *"20261183");
        // Day 84 is the 24th: not born yet, so 1926.
        assert_eq!(text_of(pnr(&valid("261184001")))[..8], *"19261184");
    }

    // ---- personnummer: errors ----

    #[test]
    fn wrong_shapes_are_errors() {
        for id in [
            "",
            "   ",
            "121212121",     // 9 digits
            "12121212121",   // 11 digits
            "1912121212121", // 13 digits
            "19121212121212",
            "1212121-212",  // separator misplaced
            "121212--1212", // two separators
            "1912121-21212",
            "19121212 1212", // other separators
            "121212 1212",
            "19121212/1212",
            "19121212_1212",
            "19121212–1212", // en dash
            "1912-12-12-1212",
            "19121212-121X",
            "19121212-12a2",
            "ABCDEFGH-1234",
            "121212-121",
            "121212-12121",
            "-1212121212",
            "1212121212-",
            "+121212121",
            "１２１２１２-１２１２", // full-width digits
            "19121212+-1212",
        ] {
            assert_eq!(
                pnr(id),
                Normalised::Err(IdError::NotAPersonnummer),
                "{id:?}"
            );
        }
    }

    #[test]
    fn absurd_as_of_dates_do_not_panic() {
        let ten = valid("991231001");
        let plus = format!("{}+{}", &ten[..6], &ten[6..]);
        // Year 50: a `+` number would be born before year 0.
        assert_eq!(
            pnr_at(&plus, date(50, 1, 1)),
            Normalised::Err(IdError::NotAPersonnummer)
        );
        assert!(matches!(
            pnr_at(&ten, date(9999, 12, 31)),
            Normalised::Ok(_)
        ));
        assert!(matches!(
            pnr_at(&ten, date(-9999, 1, 1)),
            Normalised::Err(_)
        ));
    }

    #[test]
    fn format_names() {
        let names: Vec<&str> = IdFormat::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names, ["text", "number", "personnummer"]);
        assert_eq!(IdFormat::default(), IdFormat::Text);
    }
}
