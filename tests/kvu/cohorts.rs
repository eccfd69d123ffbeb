//! `kvu cohorts`: filling dated sessions from the priority order, mixing units under a cap.

use crate::support::{Kvu, Run, dedent};

const HEADER: &str =
    "session,date,seat,rank,tier,employee_id,name,unit,role,level,course,status,due\n";

fn csv(rows: &str) -> String {
    format!("{HEADER}{}", dedent(rows))
}

/// chef25 in priority order (as of 2024-06-01): a1, a2, a3 (Avd A), b1 (Avd B), all tier 1 due
/// 2024-01-01; b2 (Avd B, tier 1, due 2024-02-01); v1 (Avd B, tier 2). Avd A has 7 people (m4 twice,
/// once written `AVD A`), Avd B 3.
const STAFF: &str = "a1,Anna A,Avd A,chef,enhet,2023-01-01
         a2,,Avd A,chef,enhet,2023-01-01
         a3,,Avd A,chef,enhet,2023-01-01
         b1,,Avd B,chef,enhet,2023-01-01
         b2,,Avd B,chef,enhet,2023-02-01
         v1,,Avd B,vu,enhet,2023-01-01
         m1,,Avd A,medarbetare,enhet,2024-05-01
         m2,,Avd A,medarbetare,enhet,2024-05-01
         m3,,Avd A,medarbetare,enhet,2024-05-01
         m4,,Avd A,medarbetare,enhet,2024-05-01
         m4,,AVD A,medarbetare,enhet,2024-05-02";

fn staff() -> Kvu {
    Kvu::new().staff(STAFF)
}

fn sessions(k: Kvu, rows: &str) -> Kvu {
    k.file(
        "sessions.csv",
        &format!("session,date,seats,place\n{}", dedent(rows)),
    )
}

fn two_sessions() -> Kvu {
    sessions(
        staff(),
        "S1,2024-07-01,4,Göteborg
         S2,2024-09-01,3,",
    )
}

fn run(k: &Kvu, args: &[&str]) -> Run {
    let mut all = vec![
        "--as-of",
        "2024-06-01",
        "cohorts",
        "--course",
        "chef25",
        "--sessions",
        "sessions.csv",
    ];
    all.extend(args);
    k.run(&all)
}

/// The CSV, checking that stderr is exactly the line about who is left without a seat.
fn fill(k: &Kvu, args: &[&str], left: &str) -> String {
    let mut all = vec!["--format", "csv"];
    all.extend(args);
    let out = run(k, &all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, format!("kvu: warning: sessions.csv: {left}\n"));
    out.stdout
}

#[test]
fn seats_go_by_tier_then_due_date_then_unit_count_then_rank_in_the_contracts_csv() {
    // S1: a1; b1 (Avd B has no one yet); a2 before b2 (an earlier due date beats the count); a3
    // likewise. S2: b2, then v1 (tier 2); its third seat stays empty.
    assert_eq!(
        fill(
            &two_sessions(),
            &[],
            "0 of 6 candidates for chef25 left without a seat (6 seated in 2 sessions of 7 seats on or after 2024-06-01)"
        ),
        csv(
            "S1,2024-07-01,1,1,1,a1,Anna A,Avd A,chef,enhet,chef25,overdue,2024-01-01
             S1,2024-07-01,2,4,1,b1,,Avd B,chef,enhet,chef25,overdue,2024-01-01
             S1,2024-07-01,3,2,1,a2,,Avd A,chef,enhet,chef25,overdue,2024-01-01
             S1,2024-07-01,4,3,1,a3,,Avd A,chef,enhet,chef25,overdue,2024-01-01
             S2,2024-09-01,1,5,1,b2,,Avd B,chef,enhet,chef25,overdue,2024-02-01
             S2,2024-09-01,2,6,2,v1,,Avd B,vu,enhet,chef25,overdue,2024-01-01"
        )
    );
}

#[test]
fn candidates_and_ranks_are_those_priority_prints_for_the_same_scope() {
    let k = two_sessions();
    let priority = k
        .run(&[
            "--as-of",
            "2024-06-01",
            "--format",
            "csv",
            "priority",
            "--course",
            "chef25",
            "--unit",
            "Avd B",
        ])
        .ok()
        .to_string();
    assert_eq!(
        priority,
        "rank,tier,employee_id,name,unit,role,level,course,status,due\n\
         1,1,b1,,Avd B,chef,enhet,chef25,overdue,2024-01-01\n\
         2,1,b2,,Avd B,chef,enhet,chef25,overdue,2024-02-01\n\
         3,2,v1,,Avd B,vu,enhet,chef25,overdue,2024-01-01\n"
    );
    assert_eq!(
        fill(
            &k,
            &["--unit", "Avd B", "--role", "chef"],
            "0 of 2 candidates for chef25 left without a seat (2 seated in 2 sessions of 7 seats on or after 2024-06-01)"
        ),
        csv(
            "S1,2024-07-01,1,1,1,b1,,Avd B,chef,enhet,chef25,overdue,2024-01-01
             S1,2024-07-01,2,2,1,b2,,Avd B,chef,enhet,chef25,overdue,2024-02-01"
        )
    );
}

#[test]
fn max_per_unit_caps_each_session_and_a_unit_at_its_cap_waits_for_the_next() {
    // S1: a1, b1, then both units are at their cap and two seats stay empty. S2: a2, b2.
    assert_eq!(
        fill(
            &two_sessions(),
            &["--max-per-unit", "1"],
            "2 of 6 candidates for chef25 left without a seat (4 seated in 2 sessions of 7 seats on or after 2024-06-01)"
        ),
        csv(
            "S1,2024-07-01,1,1,1,a1,Anna A,Avd A,chef,enhet,chef25,overdue,2024-01-01
             S1,2024-07-01,2,4,1,b1,,Avd B,chef,enhet,chef25,overdue,2024-01-01
             S2,2024-09-01,1,2,1,a2,,Avd A,chef,enhet,chef25,overdue,2024-01-01
             S2,2024-09-01,2,5,1,b2,,Avd B,chef,enhet,chef25,overdue,2024-02-01"
        )
    );
}

/// Avd A: 7 distinct people (m4's second row, `AVD A`, is the same unit and person); a staff row in
/// a unit below it does not count. Avd B: 3 people.
#[test]
fn max_away_is_a_share_of_the_units_own_headcount_rounded_down_at_least_one() {
    let k = sessions(
        Kvu::new()
            .staff(&format!("{STAFF}\nx1,,Avd A1,medarbetare,enhet,2024-05-01"))
            .units(
                "Avd A,,
                 Avd A1,Avd A,
                 Avd B,,",
            ),
        "S1,2024-07-01,4,",
    );
    // 25%: Avd A ⌊1.75⌋ = 1, Avd B ⌊0.75⌋ → at least 1.
    let first = |args: &[&str]| {
        let out = run(&k, &[&["--format", "csv"], args].concat());
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(5).unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(first(&["--max-away", "25"]), ["a1", "b1"]);
    // 30%: Avd A ⌊2.1⌋ = 2; Avd B still 1.
    assert_eq!(first(&["--max-away", "30%"]), ["a1", "b1", "a2"]);
    // The headcount is over the whole staff export, whatever the scope.
    assert_eq!(
        first(&["--max-away", "30", "--role", "chef"]),
        ["a1", "b1", "a2"]
    );
    // 28.6%: Avd A ⌊2.002⌋ = 2; 28.5%: ⌊1.995⌋ = 1.
    assert_eq!(first(&["--max-away", "28.6"]), ["a1", "b1", "a2"]);
    assert_eq!(first(&["--max-away", "28.5"]), ["a1", "b1"]);
}

#[test]
fn sessions_are_filled_in_date_order_and_the_same_date_in_file_order() {
    let k = sessions(
        staff(),
        "LATE,2024-08-01,1,
         EARLY,2024-07-01,1,
         SAME,2024-07-01,1,",
    );
    assert_eq!(
        fill(
            &k,
            &[],
            "3 of 6 candidates for chef25 left without a seat (3 seated in 3 sessions of 3 seats on or after 2024-06-01)"
        ),
        csv(
            "EARLY,2024-07-01,1,1,1,a1,Anna A,Avd A,chef,enhet,chef25,overdue,2024-01-01
             SAME,2024-07-01,1,2,1,a2,,Avd A,chef,enhet,chef25,overdue,2024-01-01
             LATE,2024-08-01,1,3,1,a3,,Avd A,chef,enhet,chef25,overdue,2024-01-01"
        )
    );
}

#[test]
fn sessions_before_as_of_are_left_out_with_a_warning_and_one_on_as_of_is_filled() {
    let k = sessions(
        staff(),
        "OLD,2024-05-31,2,
         TODAY,2024-06-01,1,
         OLDER,2024-01-15,2,",
    );
    let out = run(&k, &["--format", "csv"]);
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout,
        csv("TODAY,2024-06-01,1,1,1,a1,Anna A,Avd A,chef,enhet,chef25,overdue,2024-01-01")
    );
    assert_eq!(
        out.stderr,
        "kvu: warning: sessions.csv: 2 sessions dated before as-of 2024-06-01 left out as history: `OLD` 2024-05-31 (line 2), `OLDER` 2024-01-15 (line 4)\n\
         kvu: warning: sessions.csv: 5 of 6 candidates for chef25 left without a seat (1 seated in 1 session of 1 seat on or after 2024-06-01)\n"
    );
    // History is no problem in the data: --strict leaves both lines warnings.
    let strict = run(&k, &["--format", "csv", "--strict"]);
    assert_eq!((strict.code, strict.stderr), (0, out.stderr));
}

#[test]
fn the_table_has_one_block_per_session_with_its_date_place_and_free_seats() {
    let out = run(&two_sessions(), &[]);
    assert_eq!(out.code, 0);
    let titles: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("Session"))
        .collect();
    assert_eq!(
        titles,
        [
            "Session S1, 2024-07-01 (place: Göteborg): 4 of 4 seats taken, 0 free",
            "Session S2, 2024-09-01: 2 of 3 seats taken, 1 free",
        ]
    );
    assert!(
        out.stdout.ends_with(
            "6 of 6 candidates for chef25 seated in 2 sessions; 0 left without a seat; no cap per unit.\n"
        ),
        "{}",
        out.stdout
    );
    // A session no one can take says so under its title.
    let out = run(
        &sessions(staff(), "S1,2024-07-01,6,\nS2,2024-07-02,2,"),
        &[],
    );
    assert!(
        out.stdout.contains(
            "Session S2, 2024-07-02: 0 of 2 seats taken, 2 free\nNo one in scope could take a seat.\n"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn json_has_the_csvs_keys_with_numbers_for_seat_rank_and_tier() {
    let out = run(
        &two_sessions(),
        &["--format", "json", "--max-per-unit", "1"],
    );
    let rows: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 4);
    assert_eq!(
        rows[3],
        serde_json::json!({"session": "S2", "date": "2024-09-01", "seat": 2, "rank": 5, "tier": 1,
            "employee_id": "b2", "name": "", "unit": "Avd B", "role": "chef", "level": "enhet",
            "course": "chef25", "status": "overdue", "due": "2024-02-01"})
    );
}

#[test]
fn course_is_found_by_id_or_code() {
    let k = two_sessions().plan_edit("  - id: chef25\n", "  - id: chef25\n    codes: [CH-25]\n");
    let by_code = k.at(
        "2024-06-01",
        &[
            "--format",
            "csv",
            "cohorts",
            "--course",
            "ch-25",
            "--sessions",
            "sessions.csv",
        ],
    );
    assert_eq!(by_code.code, 0);
    assert_eq!(by_code.stdout, run(&k, &["--format", "csv"]).stdout);
    let out = k.run(&["cohorts", "--course", "nope", "--sessions", "sessions.csv"]);
    assert_eq!(
        out.error(),
        "kvu: error: --course `nope` is no course or code of the plan, expected one of: webb, chef25, hp15"
    );
}

#[test]
fn course_and_sessions_are_required_and_the_two_caps_exclude_each_other() {
    let k = two_sessions();
    assert_eq!(
        k.run(&["cohorts", "--sessions", "sessions.csv"]).error(),
        "kvu: error: the following required arguments were not provided: --course <COURSE> (see kvu --help)"
    );
    assert_eq!(
        run(&k, &["--max-per-unit", "2", "--max-away", "10"]).error(),
        "kvu: error: the argument '--max-per-unit <N>' cannot be used with '--max-away <P>' (see kvu --help)"
    );
    assert_eq!(
        run(&k, &["--max-per-unit", "0"]).error(),
        "kvu: error: invalid value '0' for '--max-per-unit <N>': `0` is no number of people, expected a whole number of 1 or more (see kvu --help)"
    );
    assert_eq!(
        run(&k, &["--max-away", "101"]).error(),
        "kvu: error: invalid value '101' for '--max-away <P>': `101` is no percentage, expected a number from 0 to 100 (such as 10 or 12.5) (see kvu --help)"
    );
}

#[test]
fn a_bad_sessions_file_is_an_error_with_file_and_line_and_nothing_is_written() {
    for (content, error) in [
        (
            "session,date\nS1,2024-07-01\n",
            "sessions.csv:1: missing required column `seats`; the header has: session, date",
        ),
        (
            "session,date,seats\nS1,2024-07-01,2\nS2,2024-07-02,2\ns1,2024-08-01,2\n",
            "sessions.csv:4: session `s1` is in the file twice (lines 2 and 4), expected each session once",
        ),
        (
            "session,date,seats\nS1,01/07/2024,2\n",
            "sessions.csv:2: date `01/07/2024` is not an ISO date, expected YYYY-MM-DD (or an ISO date-time)",
        ),
        (
            "session,date,seats\nS1,2024-02-30,2\n",
            "sessions.csv:2: date `2024-02-30` is not a calendar date",
        ),
        (
            "session,date,seats\nS1,2024-07-01,0\n",
            "sessions.csv:2: seats `0` is not a positive whole number, expected the number of seats (1 or more)",
        ),
        (
            "session,date,seats\nS1,2024-07-01,2.5\n",
            "sessions.csv:2: seats `2.5` is not a positive whole number, expected the number of seats (1 or more)",
        ),
        (
            "session,date,seats\n,2024-07-01,2\n",
            "sessions.csv:2: session is empty, expected a session id",
        ),
        (
            "session,date,seats\nS\x1b1,2024-07-01,2\n",
            "sessions.csv:2: session `S\\x1b1` holds a control character (U+001B), expected text without control characters",
        ),
    ] {
        let k = staff().file("sessions.csv", content);
        let out = k.at(
            "2024-06-01",
            &[
                "--output",
                "out.csv",
                "cohorts",
                "--course",
                "chef25",
                "--sessions",
                "sessions.csv",
            ],
        );
        assert_eq!(out.error(), format!("kvu: error: {error}"), "{content}");
        assert!(!k.path("out.csv").exists(), "nothing is written");
    }
}

#[test]
fn the_sessions_file_is_an_input_that_output_may_not_overwrite() {
    let k = two_sessions();
    let out = run(&k, &["--output", "sessions.csv"]);
    assert_eq!(
        out.error(),
        "kvu: error: sessions.csv: --output is one of the inputs (--sessions), expected a file that kvu does not read"
    );
    assert!(
        std::fs::read_to_string(k.path("sessions.csv"))
            .unwrap()
            .starts_with("session,date,seats,place\n")
    );
}

#[test]
fn format_ics_is_only_for_cohorts_and_nothing_is_written() {
    let k = two_sessions();
    let out = k.run(&["--format", "ics", "--output", "gaps.ics", "gaps"]);
    assert_eq!(
        out.error(),
        "kvu: error: --format ics is only for kvu cohorts, expected table, csv or json"
    );
    assert!(!k.path("gaps.ics").exists());
}

/// Unfolds content lines (RFC 5545 3.1) after checking that each ends in CRLF and has at most 75
/// octets.
fn unfold(ics: &str) -> Vec<String> {
    assert!(ics.ends_with("\r\n"));
    let mut lines: Vec<String> = Vec::new();
    for raw in ics.strip_suffix("\r\n").unwrap().split("\r\n") {
        assert!(raw.len() <= 75, "{} octets: {raw}", raw.len());
        assert!(!raw.contains('\n') && !raw.contains('\r'), "{raw:?}");
        match raw.strip_prefix(' ') {
            Some(more) => lines.last_mut().unwrap().push_str(more),
            None => lines.push(raw.to_string()),
        }
    }
    lines
}

#[test]
fn ics_is_one_event_per_session_with_crlf_folded_lines_and_escaped_text() {
    let k = sessions(
        staff().plan_edit(
            "    name: Chefskurs 2,5 dagar\n",
            "    name: Chefskurs 2,5 dagar; för chefer\n",
        ),
        "S1,2024-07-01,4,\"Sahlgrenska, hus 2\"
         S2,2024-09-01,3,",
    );
    let out = run(&k, &["--format", "ics", "--max-per-unit", "1"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines = unfold(&out.stdout);
    let version = env!("CARGO_PKG_VERSION");
    let expected = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        &format!("PRODID:-//kvu//kvu cohorts {version}//EN"),
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:chef25: Chefskurs 2\\,5 dagar\\; för chefer",
        "BEGIN:VEVENT",
        "UID:chef25-S1@kvu-cohorts",
        "DTSTAMP:20240601T000000Z",
        "DTSTART;VALUE=DATE:20240701",
        "SUMMARY:Chefskurs 2\\,5 dagar\\; för chefer: S1",
        "LOCATION:Sahlgrenska\\, hus 2",
        "DESCRIPTION:chef25: Chefskurs 2\\,5 dagar\\; för chefer\\nSession S1\\, 2024-07-01: 2 of 4 seats taken.\\n\\n1. Anna A (a1)\\, Avd A\\n2. b1\\, Avd B",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:chef25-S2@kvu-cohorts",
        "DTSTAMP:20240601T000000Z",
        "DTSTART;VALUE=DATE:20240901",
        "SUMMARY:Chefskurs 2\\,5 dagar\\; för chefer: S2",
        "DESCRIPTION:chef25: Chefskurs 2\\,5 dagar\\; för chefer\\nSession S2\\, 2024-09-01: 2 of 3 seats taken.\\n\\n1. a2\\, Avd A\\n2. b2\\, Avd B",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ];
    assert_eq!(lines, expected);
    // Long lines were folded, and the file is the same on every run (no clock in it).
    assert!(out.stdout.contains("\r\n "));
    assert_eq!(
        run(&k, &["--format", "ics", "--max-per-unit", "1"]).stdout,
        out.stdout
    );
}

#[test]
fn ics_in_swedish_has_swedish_event_titles_and_descriptions() {
    let k = sessions(staff(), "S1,2024-07-01,4,Borås");
    let out = run(&k, &["--format", "ics", "--lang", "sv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines = unfold(&out.stdout);
    let line = |name: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} in {lines:?}"))
            .clone()
    };
    assert_eq!(
        line("SUMMARY:"),
        "SUMMARY:Chefskurs 2\\,5 dagar: tillfälle S1"
    );
    let description = line("DESCRIPTION:");
    assert!(
        description.starts_with(
            "DESCRIPTION:chef25: Chefskurs 2\\,5 dagar\\nTillfälle S1\\, 2024-07-01: 4 av 4 platser tagna.\\n\\n1. "
        ),
        "{description}"
    );
    // English stays as it was; only the words differ.
    let en = unfold(&run(&k, &["--format", "ics"]).stdout);
    assert!(
        en.contains(&"SUMMARY:Chefskurs 2\\,5 dagar: S1".to_string()),
        "{en:?}"
    );
    assert_eq!(en.len(), lines.len());
}

#[test]
fn ics_ends_an_event_of_several_days_the_day_after_its_end_date() {
    let k = staff().file(
        "sessions.csv",
        "session,date,seats,end_date\nS1,2024-07-01,1,2024-07-03\nS2,2024-07-10,1,soon\n",
    );
    let out = run(&k, &["--format", "ics"]);
    assert_eq!(out.code, 0);
    let lines = unfold(&out.stdout);
    let starts: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("DTSTART") || l.starts_with("DTEND"))
        .collect();
    assert_eq!(
        starts,
        [
            "DTSTART;VALUE=DATE:20240701",
            "DTEND;VALUE=DATE:20240704",
            "DTSTART;VALUE=DATE:20240710"
        ]
    );
    assert!(
        out.stderr.starts_with(
            "kvu: warning: sessions.csv:3: end_date `soon` is no date on or after the session's date 2024-07-10, expected YYYY-MM-DD; the calendar event lasts one day\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn the_sessions_file_is_read_like_the_exports_any_case_order_separator_and_encoding() {
    // Excel's Swedish CSV: byte-order mark, semicolons, CRLF, headers in another case and order.
    let k = staff().file(
        "sessions.csv",
        "\u{feff}SEATS;Plats;Date;Session\r\n1;Borås;2024-07-01;S1\r\n\r\n",
    );
    let out = run(&k, &["--format", "ics"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(unfold(&out.stdout).contains(&"LOCATION:Borås".to_string()));
    // Windows-1252 throughout is read so, with the loader's warning.
    let k = staff();
    // Writes the fixture files; the sessions file is written below, as bytes.
    k.run(&["validate"]);
    std::fs::write(
        k.path("sessions.csv"),
        b"session,date,seats,place\nS1,2024-07-01,1,Bor\xe5s\n",
    )
    .unwrap();
    let out = k.run_files(&[
        "--as-of",
        "2024-06-01",
        "--format",
        "ics",
        "cohorts",
        "--course",
        "chef25",
        "--sessions",
        "sessions.csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(unfold(&out.stdout).contains(&"LOCATION:Borås".to_string()));
    assert!(
        out.stderr
            .contains("sessions.csv: not UTF-8 (line 2 is the first line that is not)"),
        "{}",
        out.stderr
    );
}

/// Bug: a missing required option gave "the following required arguments were not provided:" and
/// no name, since only clap's first line was kept; the names on the lines below are now joined in.
#[test]
fn a_missing_required_argument_is_named_in_the_usage_error() {
    let k = two_sessions();
    assert_eq!(
        k.run(&["allocate", "--seats", "2"]).error(),
        "kvu: error: the following required arguments were not provided: --course <COURSE> (see kvu --help)"
    );
    assert_eq!(
        k.run(&["cohorts"]).error(),
        "kvu: error: the following required arguments were not provided: --course <COURSE>; --sessions <FILE> (see kvu --help)"
    );
}

/// `n` sessions of one seat each, a day apart from 2024-07-01.
fn many_sessions(n: usize) -> Kvu {
    let start = jiff::civil::date(2024, 7, 1);
    let rows = crate::support::numbered(n, |i| {
        let day = start.saturating_add(jiff::Span::new().days(i as i64 % 3000));
        format!("T{i},{day},1,")
    });
    sessions(staff(), &rows)
}

/// The workbook's sheet names, each data sheet's first column (the sessions of its seats, under the
/// header), and the `kvu` sheet's rows as text.
fn workbook(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>, Vec<Vec<String>>) {
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(path).unwrap();
    let names = book.sheet_names();
    let text = |range: calamine::Range<calamine::Data>| -> Vec<Vec<String>> {
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let firsts = names[..names.len() - 1]
        .iter()
        .map(|n| {
            let rows = text(book.worksheet_range(n).unwrap());
            rows.into_iter().map(|r| r[0].clone()).collect()
        })
        .collect();
    let about = text(book.worksheet_range("kvu").unwrap());
    (names, firsts, about)
}

/// The `kvu` sheet's notes (rows whose first cell is `note`, or `anmärkning` in Swedish).
fn notes(about: &[Vec<String>]) -> Vec<String> {
    about
        .iter()
        .filter(|r| r[0] == "note" || r[0] == "anmärkning")
        .map(|r| r[1].clone())
        .collect()
}

#[test]
fn xlsx_has_a_sheet_of_all_seats_then_one_per_session_up_to_250_sessions() {
    let k = two_sessions();
    assert_eq!(run(&k, &["--output", "c.xlsx"]).code, 0);
    let (names, firsts, about) = workbook(&k.path("c.xlsx"));
    assert_eq!(
        names,
        ["All seats", "2024-07-01 S1", "2024-09-01 S2", "kvu"]
    );
    let header = HEADER.split(',').next().unwrap();
    assert_eq!(firsts[0], [header, "S1", "S1", "S1", "S1", "S2", "S2"]);
    assert_eq!(firsts[1], [header, "S1", "S1", "S1", "S1"]);
    assert_eq!(firsts[2], [header, "S2", "S2"]);
    assert_eq!(notes(&about), Vec::<String>::new());
    // 250 sessions still have a sheet each.
    let k = many_sessions(250);
    assert_eq!(run(&k, &["--output", "c.xlsx"]).code, 0);
    let (names, firsts, about) = workbook(&k.path("c.xlsx"));
    assert_eq!(names.len(), 252);
    assert_eq!(names[1], "2024-07-01 T0");
    assert!(names[250] == "2025-03-07 T249", "{names:?}");
    assert_eq!(firsts[0].len(), 7, "six candidates seated, one a session");
    assert_eq!(notes(&about), Vec::<String>::new());
}

#[test]
fn xlsx_with_more_than_250_sessions_has_only_the_sheet_of_all_seats_and_says_why() {
    let k = many_sessions(251);
    assert_eq!(run(&k, &["--output", "c.xlsx"]).code, 0);
    let (names, firsts, about) = workbook(&k.path("c.xlsx"));
    assert_eq!(names, ["All seats", "kvu"]);
    assert_eq!(firsts[0], ["session", "T0", "T1", "T2", "T3", "T4", "T5"]);
    assert_eq!(
        notes(&about),
        [
            "251 sessions, more than 250: only the sheet All seats, no sheet per session (filter its session column)."
        ]
    );
    assert_eq!(run(&k, &["--lang", "sv", "--output", "sv.xlsx"]).code, 0);
    let (names, firsts, about) = workbook(&k.path("sv.xlsx"));
    assert_eq!(names, ["Alla platser", "kvu"]);
    assert_eq!(firsts[0][0], "Tillfälle");
    assert_eq!(
        notes(&about),
        [
            "251 tillfällen, fler än 250: bara bladet Alla platser, inget blad per tillfälle (filtrera på kolumnen Tillfälle)."
        ]
    );
}

/// Regression: 100,000 sessions made 100,001 sheets (2.2 GB, 27 s), and the workbook writer's thread a
/// sheet ended in `failed to spawn thread` under an address-space limit.
#[cfg(unix)]
#[test]
fn xlsx_with_many_sessions_finishes_under_an_address_space_limit() {
    let k = many_sessions(20_000);
    k.write();
    let kvu = assert_cmd::cargo::cargo_bin("kvu");
    let mut cmd = std::process::Command::new("sh");
    cmd.current_dir(k.dir.path())
        .args(["-c", r#"ulimit -v 1048576 && exec "$0" "$@""#])
        .arg(&kvu)
        .args(crate::support::FILES)
        .args([
            "--as-of",
            "2024-06-01",
            "--quiet",
            "cohorts",
            "--course",
            "chef25",
        ])
        .args(["--sessions", "sessions.csv", "--output", "c.xlsx"]);
    // The same environment as every run of the tests (no KVU_* settings).
    for (key, value) in k.process().get_envs() {
        if value.is_none() {
            cmd.env_remove(key);
        }
    }
    let start = std::time::Instant::now();
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    let (names, firsts, _) = workbook(&k.path("c.xlsx"));
    assert_eq!(names, ["All seats", "kvu"]);
    assert_eq!(firsts[0].len(), 7);
}
