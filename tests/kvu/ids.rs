//! `--id-format text|number|personnummer` (and `KVU_ID_FORMAT`): how employee ids in every input
//! compare and print. One test per rule of the README's "Spreadsheet inputs and ids".

use crate::support::{GAPS_HEADER, Kvu, dedent};

fn csv(rows: &str) -> String {
    format!("{GAPS_HEADER}{}", dedent(rows))
}

/// `gaps --format csv` as of 2026-10-31 with these options; returns the run.
fn gaps(k: &Kvu, more: &[&str]) -> crate::support::Run {
    let mut args = vec!["gaps", "--format", "csv", "--as-of", "2026-10-31"];
    args.extend(more);
    k.run(&args)
}

const PNR: &[&str] = &["--id-format", "personnummer"];

#[test]
fn the_spellings_of_a_personnummer_are_one_person_printed_yyyymmdd_nnnn() {
    // 811218-9876 is valid; staff, completions and exemptions each spell it another way.
    let k = Kvu::new()
        .staff("8112189876,Åsa Öberg,Avd 1,chef,forvaltning,2024-01-01")
        .completions(
            "811218-9876,webb,2024-02-01,
             198112189876,chef25,2024-03-01,",
        )
        .exemptions("19811218-9876,hp15,2026-06-30,studies");
    assert_eq!(
        gaps(&k, PNR).ok(),
        csv("19811218-9876,Åsa Öberg,Avd 1,chef,forvaltning,hp15,overdue,2024-01-01")
    );
    // Without the format they are three people: nothing joins, and the error names the format.
    let run = gaps(&k, &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .trim_end()
            .ends_with("expected ids written alike or --id-format personnummer"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_ten_digit_personnummer_takes_the_century_that_makes_the_person_0_to_99() {
    // As of 2026-10-31: born 2026-10-31 is 0 years old (2610311231); 261101 would be born tomorrow, so
    // it is 1926-11-01, 99 years old; with `+` the one born on as-of's day 100 years ago is 1926-10-31.
    let k = Kvu::new().staff(
        "2610311231,,A,medarbetare,enhet,2024-01-01
         261101-1236,,B,medarbetare,enhet,2024-01-01
         261031+1231,,C,medarbetare,enhet,2024-01-01",
    );
    assert_eq!(
        gaps(&k, PNR).ok(),
        csv("20261031-1231,,A,medarbetare,enhet,webb,overdue,2024-04-01
             19261101-1236,,B,medarbetare,enhet,webb,overdue,2024-04-01
             19261031-1231,,C,medarbetare,enhet,webb,overdue,2024-04-01")
    );
}

#[test]
fn a_personnummer_with_a_wrong_check_digit_is_a_warning_with_file_and_line() {
    let k = Kvu::new()
        .staff("19121212-1212,,A,medarbetare,enhet,2024-01-01\n19811218-9877,,B,medarbetare,enhet,2024-01-01")
        .completions("811218-9877,webb,2024-02-01,");
    let run = gaps(&k, PNR);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        csv("19121212-1212,,A,medarbetare,enhet,webb,overdue,2024-04-01")
    );
    assert_eq!(
        run.stderr,
        "kvu: warning: staff.csv:3: employee_id is no valid personnummer (check digit), expected a last \
         digit that is the Luhn check digit of the other nine; read as written all the same\n\
         kvu: warning: completions.csv:2: employee_id is no valid personnummer (check digit), expected a \
         last digit that is the Luhn check digit of the other nine; read as written all the same\n"
    );
    // An id is personal data: the message does not echo it.
    assert!(!run.stderr.contains("9877"), "{}", run.stderr);
}

#[test]
fn a_personnummer_with_an_impossible_date_is_a_warning_and_a_coordination_number_is_valid() {
    // 2023-02-29 is no day (its check digit is right); 900161 is a coordination number (1990-01-01).
    let k = Kvu::new().staff(
        "20230229-1238,,A,medarbetare,enhet,2024-01-01
         9001612390,,B,medarbetare,enhet,2024-01-01",
    );
    let run = gaps(&k, PNR);
    assert_eq!(
        run.stdout,
        csv("20230229-1238,,A,medarbetare,enhet,webb,overdue,2024-04-01
             19900161-2390,,B,medarbetare,enhet,webb,overdue,2024-04-01")
    );
    assert_eq!(
        run.stderr,
        "kvu: warning: staff.csv:2: employee_id is no valid personnummer (no such date of birth), \
         expected YYMMDD to be a calendar date (the day + 60 in a coordination number); read as written \
         all the same\n"
    );
}

#[test]
fn strict_makes_a_doubtful_personnummer_an_error() {
    let k = Kvu::new().staff("19811218-9877,,B,medarbetare,enhet,2024-01-01");
    let mut args = PNR.to_vec();
    args.push("--strict");
    assert_eq!(
        gaps(&k, &args).error(),
        "kvu: error: staff.csv:2: employee_id is no valid personnummer (check digit), expected a last \
         digit that is the Luhn check digit of the other nine; read as written all the same"
    );
}

#[test]
fn an_id_of_another_shape_is_no_personnummer_an_error_with_file_and_line() {
    let k = Kvu::new()
        .staff("19811218-9876,,B,medarbetare,enhet,2024-01-01")
        .exemptions("e17,webb,,");
    assert_eq!(
        gaps(&k, PNR).error(),
        "kvu: error: exemptions.csv:2: employee_id is no personnummer, expected YYYYMMDD-NNNN, \
         YYYYMMDDNNNN, YYMMDD-NNNN, YYMMDDNNNN or YYMMDD+NNNN (--id-format personnummer)"
    );
}

#[test]
fn number_ids_compare_as_whole_numbers_printed_without_leading_zeros() {
    let k = Kvu::new()
        .staff(
            "00100042,,A,medarbetare,enhet,2024-01-01
             0100043,,A,medarbetare,enhet,2024-01-01",
        )
        .completions("100042,webb,2024-02-01,");
    assert_eq!(
        gaps(&k, &["--id-format", "number"]).ok(),
        csv("100043,,A,medarbetare,enhet,webb,overdue,2024-04-01")
    );
}

#[test]
fn a_number_id_that_is_not_numeric_is_an_error_with_file_and_line() {
    let k = Kvu::new()
        .staff("100042,,A,medarbetare,enhet,2024-01-01")
        .completions("100042,webb,2024-02-01,\n10004x,webb,2024-02-01,");
    assert_eq!(
        gaps(&k, &["--id-format", "number"]).error(),
        "kvu: error: completions.csv:3: employee_id is no whole number, expected the digits 0-9 only \
         (--id-format number)"
    );
}

#[test]
fn text_ids_compare_as_written() {
    // One row joins (7), so the exports do join; a row is too few to suggest another format.
    let k = Kvu::new()
        .staff("00100042,,A,medarbetare,enhet,2024-01-01\n7,,A,medarbetare,enhet,2024-01-01")
        .completions("100042,webb,2024-02-01,\n7,webb,2024-02-01,");
    let expected = csv("00100042,,A,medarbetare,enhet,webb,overdue,2024-04-01");
    assert_eq!(gaps(&k, &[]).ok(), expected);
    assert_eq!(gaps(&k, &["--id-format", "text"]).ok(), expected);
}

#[test]
fn kvu_id_format_sets_the_id_format() {
    let k = Kvu::new()
        .staff("00100042,,A,medarbetare,enhet,2024-01-01\n7,,A,medarbetare,enhet,2024-01-01")
        .completions("100042,webb,2024-02-01,\n7,webb,2024-02-01,")
        .env("KVU_ID_FORMAT", "number");
    assert_eq!(gaps(&k, &[]).ok(), csv(""));
    // The option wins over the environment.
    assert_eq!(
        gaps(&k, &["--id-format", "text"]).ok(),
        csv("00100042,,A,medarbetare,enhet,webb,overdue,2024-04-01")
    );
}

#[test]
fn validate_reads_ids_as_the_commands_do() {
    let k = Kvu::new()
        .staff("19811218-9877,,B,medarbetare,enhet,2024-01-01")
        .completions("e1,webb,2024-02-01,");
    let run = k.run(&[
        "validate",
        "--id-format",
        "personnummer",
        "--as-of",
        "2026-10-31",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let problems: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains(": employee_id"))
        .collect();
    assert_eq!(
        problems,
        [
            "staff.csv:2: warning: employee_id is no valid personnummer (check digit), expected a last \
             digit that is the Luhn check digit of the other nine; read as written all the same",
            "completions.csv:2: error: employee_id is no personnummer, expected YYYYMMDD-NNNN, \
             YYYYMMDDNNNN, YYMMDD-NNNN, YYMMDDNNNN or YYMMDD+NNNN (--id-format personnummer)"
        ]
    );
}
