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
