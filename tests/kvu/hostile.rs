//! Hostile or odd exports (issue 11): old Mac line ends, Unicode white space, encodings decided per
//! file, control characters, endless lines, values quoted as written, quoted records.

use crate::support::{COMPLETIONS_HEADER, Kvu, Run, STAFF_HEADER};

const AS_OF: [&str; 5] = ["gaps", "--format", "csv", "--as-of", "2024-06-01"];

/// Runs `gaps` on these exact staff and completion bytes.
fn gaps(staff: &[u8], completions: &[u8], args: &[&str]) -> Run {
    let k = Kvu::new();
    std::fs::write(k.path("plan.yaml"), crate::support::PLAN).unwrap();
    std::fs::write(k.path("staff.csv"), staff).unwrap();
    std::fs::write(k.path("completions.csv"), completions).unwrap();
    k.run_files(&[&AS_OF[..], args].concat())
}

const STAFF: &str = "e1,Åsa Öberg,Avd 1,medarbetare,enhet,2024-01-10
e2,Per Ek,Avd 1,chef,enhet,2023-06-01
e3,Zoë Näslund,Avd 2,vu,forvaltning,
";
const COMPLETIONS: &str = "e1,W-OLD,2024-01-20,
e2,chef25,2024-02-01,Kurs 1
e3,webb,2024-03-01,
";

fn staff() -> String {
    format!("{STAFF_HEADER}{STAFF}")
}

fn completions() -> String {
    format!("{COMPLETIONS_HEADER}{COMPLETIONS}")
}

#[test]
fn cr_only_line_ends_are_read_like_lf_and_crlf_with_the_right_lines() {
    let clean = gaps(staff().as_bytes(), completions().as_bytes(), &[]);
    let clean = clean.ok();
    assert_eq!(clean.lines().count(), 4, "{clean}");
    for end in ["\r", "\r\n"] {
        let (s, c) = (staff().replace('\n', end), completions().replace('\n', end));
        assert_eq!(gaps(s.as_bytes(), c.as_bytes(), &[]).ok(), clean, "{end:?}");
    }
    // Line numbers count CRs alone as line ends.
    let bad = staff()
        .replace("\n", "\r")
        .replace("2023-06-01", "2023-06-31");
    assert_eq!(
        gaps(bad.as_bytes(), completions().as_bytes(), &[]).error(),
        "kvu: error: staff.csv:3: start_date `2023-06-31` is not a calendar date"
    );
    let bad = completions()
        .replace("\n", "\r")
        .replace("2024-03-01", "2024-03-32");
    assert_eq!(
        gaps(staff().as_bytes(), bad.as_bytes(), &[]).error(),
        "kvu: error: completions.csv:4: completed `2024-03-32` is not a calendar date"
    );
}

#[test]
fn a_line_longer_than_1_mib_is_an_error_on_its_line() {
    let long = format!("e4,{},Avd 1,medarbetare,enhet,\n", "x".repeat(2 << 20));
    let s = format!("{}{long}", staff());
    assert_eq!(
        gaps(s.as_bytes(), completions().as_bytes(), &[]).error(),
        "kvu: error: staff.csv:5: a line longer than 1 MiB, expected CSV lines of at most 1 MiB (and every quoted field closed)"
    );
    // Inside quotes too: a quote left open runs on.
    let c = format!(
        "{}e4,\"webb,2024-01-01,\n{}",
        completions(),
        "e5,webb,2024-01-01,\n".repeat(60_000)
    );
    assert_eq!(
        gaps(staff().as_bytes(), c.as_bytes(), &[]).error(),
        "kvu: error: completions.csv:5: a line longer than 1 MiB, expected CSV lines of at most 1 MiB (and every quoted field closed)"
    );
    // An endless file ends in seconds, in the same clean error.
    #[cfg(unix)]
    {
        let k = Kvu::new();
        let start = std::time::Instant::now();
        let run = k.run_raw(&[
            "--plan",
            "plan.yaml",
            "--staff",
            "/dev/zero",
            "--completions",
            "completions.csv",
            "gaps",
        ]);
        assert_eq!(
            run.error(),
            "kvu: error: /dev/zero:1: a line longer than 1 MiB, expected CSV lines of at most 1 MiB (and every quoted field closed)"
        );
        assert!(start.elapsed().as_secs() < 10);
    }
}

#[test]
fn messages_quote_values_as_written() {
    let k = Kvu::new()
        .staff("e1,Eva,Ward 7B,medarbetare,enhet,")
        .units("Region,,Regionen\nWard 7B,NoSuchParent,Avdelning 7B");
    assert_eq!(
        k.run(&AS_OF).error(),
        "kvu: error: units.csv:3: unit `Ward 7B` has parent `NoSuchParent`, which is no unit of the tree; expected a unit id or empty for a root"
    );
    let k = k.units("Region,,Regionen\nWard 7B,Region,Avdelning 7B\nWARD 7b,Region,Igen");
    assert_eq!(
        k.run(&AS_OF).error(),
        "kvu: error: units.csv:4: unit `WARD 7b` is listed twice (also on line 3), expected each unit once"
    );
}

#[test]
fn unicode_white_space_is_trimmed_from_ids_codes_roles_levels_and_units() {
    let clean = gaps(staff().as_bytes(), completions().as_bytes(), &[]);
    let clean = clean.ok();
    // No-break space, narrow no-break space, figure space, ideographic space, en quad.
    let spaces = ["\u{A0}", "\u{202F}", "\u{2007}", "\u{3000}", "\u{2000}"];
    for (i, space) in spaces.iter().enumerate() {
        let pad = |t: &str| format!("{space}{t}{space}");
        let s = staff()
            .replace("e2,", &format!("{},", pad("e2")))
            .replace("Avd 2", &pad("Avd 2"))
            .replace(",chef,", &format!(",{},", pad("chef")))
            .replace("forvaltning", &pad("forvaltning"));
        let c = completions()
            .replace("W-OLD", &pad("W-OLD"))
            .replace("e3,", &format!("{},", pad("e3")))
            .replace("chef25", &pad("chef25"));
        // The one ASCII-only plan, so that a code is matched on the completion export's fast path.
        assert_eq!(
            gaps(s.as_bytes(), c.as_bytes(), &[]).ok(),
            clean,
            "space {i}"
        );
    }
    // Windows-1252's no-break space too, and a code outside the plan is counted once, trimmed.
    let (s, c) = (
        staff(),
        format!(
            "{}e1,HLR\u{A0},2024-01-01,\ne2,HLR,2024-01-01,\n",
            completions()
        ),
    );
    let latin = |t: &str| encoding_rs::WINDOWS_1252.encode(t).0.into_owned();
    let run = gaps(&latin(&s.replace("Avd 2", "Avd 2\u{A0}")), &latin(&c), &[]);
    assert_eq!(run.stdout, clean);
    assert!(
        run.stderr
            .ends_with("completions.csv: 2 rows of 1 course outside the plan left out: HLR\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_encoding_is_decided_per_file_and_a_mix_is_an_error() {
    let latin = |t: &str| encoding_rs::WINDOWS_1252.encode(t).0.into_owned();
    let clean = gaps(staff().as_bytes(), completions().as_bytes(), &[]);
    let clean = clean.ok();
    // A Windows-1252 byte after UTF-8 names: an error naming a line of each (was: the names after it
    // garbled).
    let mixed = [
        staff().as_bytes(),
        b"e4,J\xF6rg Nilsson,Avd 1,medarbetare,enhet,\n",
    ]
    .concat();
    assert_eq!(
        gaps(&mixed, completions().as_bytes(), &[]).error(),
        "kvu: error: staff.csv: mixes UTF-8 (line 2) and Windows-1252 (line 5); expected one encoding"
    );
    // The completion export, read in blocks on all cores: the Windows-1252 byte megabytes later.
    let filler = "e9,HLR,2024-01-01,Kurs 1\n".repeat(100_000);
    let c = format!("{}e1,HLR,2024-01-01,Kurs Ä\n{filler}", completions());
    let c = [c.as_bytes(), b"e1,HLR,2024-01-01,Kurs \xC4\n"].concat();
    assert_eq!(
        gaps(staff().as_bytes(), &c, &[]).error(),
        "kvu: error: completions.csv: mixes UTF-8 (line 5) and Windows-1252 (line 100006); expected one encoding"
    );
    // Windows-1252 first, UTF-8 later: the same.
    let c = [
        completions().as_bytes(),
        b"e1,HLR,2024-01-01,Kurs \xC4\n",
        filler.as_bytes(),
        "e1,HLR,2024-01-01,Kurs Ä\n".as_bytes(),
    ]
    .concat();
    assert_eq!(
        gaps(staff().as_bytes(), &c, &[]).error(),
        "kvu: error: completions.csv: mixes UTF-8 (line 100006) and Windows-1252 (line 5); expected one encoding"
    );
    // Windows-1252 throughout, its first non-ASCII byte megabytes in: read as such, with a warning.
    let c = format!("{}{filler}e1,HLR,2024-01-01,Kurs Ä\n", completions());
    let run = gaps(&latin(&staff()), &latin(&c), &[]);
    assert_eq!(run.stdout, clean);
    let warning = |file: &str, line: u64| {
        format!(
            "kvu: warning: {file}: not UTF-8 (line {line} is the first line that is not), read as Windows-1252; --encoding windows-1252 reads it so without this warning\n"
        )
    };
    assert_eq!(
        run.stderr,
        format!(
            "{}{}kvu: warning: completions.csv: 100001 rows of 1 course outside the plan left out: HLR\n",
            warning("staff.csv", 2),
            warning("completions.csv", 100005)
        )
    );
}

#[test]
fn control_characters_in_an_id_code_role_level_or_unit_are_an_error() {
    let error = |staff: &str, completions: &str| {
        gaps(staff.as_bytes(), completions.as_bytes(), &[])
            .error()
            .to_string()
    };
    let expected = |file: &str, line: u64, column: &str, value: &str, code: &str| {
        format!(
            "kvu: error: {file}:{line}: {column} `{value}` holds a control character (U+{code}), expected text without control characters"
        )
    };
    let s = staff();
    assert_eq!(
        error(&s.replace("e2,", "e\u{0}2,"), &completions()),
        expected("staff.csv", 3, "employee_id", "e\\x002", "0000")
    );
    assert_eq!(
        error(&s.replace("Avd 2", "Avd\u{7F}2"), &completions()),
        expected("staff.csv", 4, "unit", "Avd\\x7f2", "007F")
    );
    assert_eq!(
        error(&s.replace(",chef,", ",\"ch\nef\","), &completions()),
        expected("staff.csv", 3, "role", "ch\\nef", "000A")
    );
    assert_eq!(
        error(
            &s.replace("forvaltning", "forv\u{1B}altning"),
            &completions()
        ),
        expected("staff.csv", 4, "level", "forv\\x1baltning", "001B")
    );
    let c = completions();
    assert_eq!(
        error(&s, &c.replace("e3,", "e3\u{1},")),
        expected("completions.csv", 4, "employee_id", "e3\\x01", "0001")
    );
    // A course outside the plan too: it is a code.
    assert_eq!(
        error(&s, &format!("{c}e1,HLR\u{0},2024-01-01,\n")),
        expected("completions.csv", 5, "course", "HLR\\x00", "0000")
    );
    // Names and sessions may hold what they like; a tab is no control character where it does not
    // separate fields.
    let clean = gaps(staff().as_bytes(), completions().as_bytes(), &[]);
    let clean = clean.ok();
    let s = s.replace("Per Ek", "Per\u{0}Ek").replace("Avd 2", "Avd\t2");
    let c = c.replace("Kurs 1", "Kurs\u{7}1");
    let run = gaps(s.as_bytes(), c.as_bytes(), &[]);
    let sorted = |text: &str| {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines.sort();
        lines
    };
    let renamed = clean
        .replace("Per Ek", "Per\u{0}Ek")
        .replace("Avd 2", "Avd\t2");
    assert_eq!(sorted(run.ok()), sorted(&renamed));
    // Where tab separates, a quoted one in an id is.
    let tsv = staff().replace(',', "\t").replace("e2\t", "\"e\t2\"\t");
    assert_eq!(
        error(&tsv, &completions()),
        expected("staff.csv", 3, "employee_id", "e\\t2", "0009")
    );
}

#[test]
fn quoted_records_are_read_one_after_another_with_their_lines() {
    // Many quoted records, one with a line break inside its quotes: each parsed by the same parser,
    // reset between them; lines still count from the file.
    let mut s = String::from(STAFF_HEADER);
    for i in 0..50 {
        s.push_str(&format!(
            "x{i},\"Namn, {i}\",\"Avd \"\"{i}\"\"\",medarbetare,enhet,\n"
        ));
    }
    s.push_str("e1,\"Två\nrader\",\"Avd, 1\",medarbetare,enhet,\n");
    s.push_str("e2,\"Ek, Per\",\"Avd, 1\",chef,enhet,2023-06-31\n");
    assert_eq!(
        gaps(s.as_bytes(), completions().as_bytes(), &[]).error(),
        "kvu: error: staff.csv:54: start_date `2023-06-31` is not a calendar date"
    );
    let s = s.replace("2023-06-31", "2023-06-01");
    let run = gaps(
        s.as_bytes(),
        completions().as_bytes(),
        &["--unit", "Avd \"49\""],
    );
    assert_eq!(
        run.ok(),
        "employee_id,name,unit,role,level,course,status,due\nx49,\"Namn, 49\",\"Avd \"\"49\"\"\",medarbetare,enhet,webb,overdue,\n"
    );
}
