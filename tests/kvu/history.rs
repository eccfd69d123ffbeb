//! The history store: `kvu record`, `kvu history` and `--history FILE --recording DATE` (issue 33).

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::Kvu;

const MAY_STAFF: &str = "1,Anna Chef,F1,chef,forvaltning,2020-01-01
    2,Bo Berg,E1,medarbetare,enhet,2024-02-01
    3,Cia Dahl,E1,medarbetare,enhet,
    4,Dan Ek,E2,vu,enhet,2025-09-01
    9001,Ulla Lämnadsdotter,E2,medarbetare,enhet,2019-05-01";

const MAY_COMPLETIONS: &str = "1,webb,2024-03-01,S1
    2,W-OLD,2024-03-05,S1
    4,chef25,2025-10-10,K2
    9001,webb,2023-01-01,S0";

/// A small region: a tree, managers and staff, completions and an exemption, and a leaver
/// (`Ulla Lämnadsdotter`, id 9001) who is only in the first month's staff export.
pub(crate) fn region() -> Kvu {
    Kvu::new()
        .units(
            "R,,Regionen
            F1,R,Förvaltning 1
            E1,F1,Enhet 1
            E2,F1,Enhet 2",
        )
        .staff(MAY_STAFF)
        .completions(MAY_COMPLETIONS)
        .exemptions("3,webb,2026-12-31,föräldraledig")
}

/// The region a month later: the leaver gone, a newcomer and a completion more.
pub(crate) fn next_month(k: Kvu) -> Kvu {
    k.staff(
        "1,Anna Chef,F1,chef,forvaltning,2020-01-01
        2,Bo Berg,E1,medarbetare,enhet,2024-02-01
        3,Cia Dahl,E1,medarbetare,enhet,
        4,Dan Ek,E2,vu,enhet,2025-09-01
        5,Eva Fors,E2,medarbetare,enhet,2026-06-15",
    )
    .completions(
        "1,webb,2024-03-01,S1
        2,W-OLD,2024-03-05,S1
        4,chef25,2025-10-10,K2
        3,webb,2026-06-20,S7",
    )
}

const STORE: [&str; 2] = ["--history", "h.sqlite"];

fn record(k: &Kvu, as_of: &str, more: &[&str]) -> crate::support::Run {
    k.at(as_of, &[&["--quiet", "record"], &STORE[..], more].concat())
}

fn history_csv(k: &Kvu) -> String {
    let run = k.run_existing(&["history", "--history", "h.sqlite", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn history_csv_header() {
    let k = region();
    let run = record(&k, "2026-05-31", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("kvu: recorded 2026-05-31: 14 rows, 14 of them new"),
        "{}",
        run.stderr
    );
    let csv = history_csv(&k);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("as_of,recorded_at,kvu_version,plan_sha256,staff_rows,completion_rows,units,inputs")
    );
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(row[0], "2026-05-31");
    assert_eq!(row[2], env!("CARGO_PKG_VERSION"));
    assert_eq!(row[3].len(), 64, "a SHA-256 in hex: {row:?}");
    assert_eq!(&row[4..], ["5", "4", "4", "kept"]);
    assert_eq!(lines.next(), None);
    let json = k.run_existing(&["history", "--history", "h.sqlite", "--format", "json"]);
    assert!(json.stdout.contains("\"staff_rows\": 5"), "{}", json.stdout);
}

#[test]
fn recording_twice_is_a_no_op() {
    let k = region();
    assert_eq!(record(&k, "2026-05-31", &[]).code, 0);
    let before = std::fs::read(k.path("h.sqlite")).unwrap();
    let again = record(&k, "2026-05-31", &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        again.stderr,
        "kvu: 2026-05-31 is recorded already from the same inputs: nothing changed\n"
    );
    assert_eq!(std::fs::read(k.path("h.sqlite")).unwrap(), before);
}

#[test]
fn other_inputs_for_a_recorded_date_are_refused() {
    let k = region();
    assert_eq!(record(&k, "2026-05-31", &[]).code, 0);
    let before = std::fs::read(k.path("h.sqlite")).unwrap();
    let k = next_month(k);
    let run = record(&k, "2026-05-31", &[]);
    assert!(
        run.error()
            .contains("2026-05-31 is recorded already, from other inputs, expected --replace"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(k.path("h.sqlite")).unwrap(), before);
}

#[test]
fn replace_replaces_the_recording_whole() {
    let k = region();
    assert_eq!(record(&k, "2026-05-31", &[]).code, 0);
    let k = next_month(k);
    let run = record(&k, "2026-05-31", &["--replace"]);
    assert!(
        run.stderr.starts_with("kvu: replaced 2026-05-31:"),
        "{}",
        run.stderr
    );
    let gaps = k.at("2026-05-31", &["--format", "csv", "gaps"]).stdout;
    let from_store = k.run_existing(&[
        "--history",
        "h.sqlite",
        "--recording",
        "2026-05-31",
        "--format",
        "csv",
        "gaps",
    ]);
    assert_eq!(from_store.stdout, gaps);
    // The replaced recording's leaver is no longer in the store: no recording holds them.
    let bytes = std::fs::read(k.path("h.sqlite")).unwrap();
    assert!(!contains(&bytes, "Lämnadsdotter".as_bytes()));
}

#[test]
fn dates_may_be_recorded_in_any_order() {
    let k = next_month(region());
    assert_eq!(record(&k, "2026-06-30", &[]).code, 0);
    let june = k.at("2026-06-30", &["--format", "csv", "gaps"]).stdout;
    // May's archived exports, recorded afterwards.
    let k = k.staff(MAY_STAFF).completions(MAY_COMPLETIONS);
    assert_eq!(record(&k, "2026-05-31", &[]).code, 0);
    let may = k.at("2026-05-31", &["--format", "csv", "gaps"]).stdout;
    let dates: Vec<String> = history_csv(&k)
        .lines()
        .skip(1)
        .map(|l| l[..10].to_string())
        .collect();
    assert_eq!(dates, ["2026-05-31", "2026-06-30"]);
    for (date, expected) in [("2026-05-31", may), ("2026-06-30", june)] {
        let run = k.run_existing(&[
            "--history",
            "h.sqlite",
            "--recording",
            date,
            "--format",
            "csv",
            "gaps",
        ]);
        assert_eq!(run.stdout, expected, "{date}");
    }
}

#[test]
fn a_recording_gives_back_what_the_files_gave() {
    let k = region();
    assert_eq!(record(&k, "2026-05-31", &[]).code, 0);
    let commands: [&[&str]; 5] = [
        &["gaps"],
        &["gaps", "--summary"],
        &["report", "--year", "2024"],
        &["trend"],
        &["gaps", "--unit", "F1"],
    ];
    // Every format: csv, json and the table byte for byte; html apart from its footer, which names the
    // inputs read (the recording's, `h.sqlite@2026-05-31:staff`) and the command line.
    for format in ["csv", "json", "table", "html"] {
        for command in commands {
            let files = k.at("2026-05-31", &[&["--format", format], command].concat());
            assert_eq!(files.code, 0, "{}", files.stderr);
            let recorded = k.run_existing(
                &[
                    &["--history", "h.sqlite", "--recording", "2026-05-31"],
                    &["--format", format][..],
                    command,
                ]
                .concat(),
            );
            assert_eq!(recorded.code, 0, "{command:?}: {}", recorded.stderr);
            let body = |out: &str| out.split("<footer>").next().unwrap().to_string();
            assert_eq!(
                body(&recorded.stdout),
                body(&files.stdout),
                "{format} {command:?}"
            );
            if format == "html" {
                let footer = recorded.stdout.split("<footer>").nth(1).unwrap();
                assert!(footer.contains("h.sqlite@2026-05-31:staff: "), "{footer}");
            }
        }
    }
}

#[test]
fn a_date_without_a_recording_names_the_nearest() {
    let k = region();
    assert_eq!(record(&k, "2026-05-31", &[]).code, 0);
    assert_eq!(record(&k, "2026-07-31", &[]).code, 0);
    let run = k.run_existing(&["--history", "h.sqlite", "--recording", "2026-06-30", "gaps"]);
    assert_eq!(
        run.error(),
        "kvu: error: h.sqlite: no recording of 2026-06-30, expected a recorded date: the nearest are 2026-05-31 and 2026-07-31"
    );
}

#[test]
fn recording_with_as_of_is_an_error() {
    let k = region();
    assert_eq!(record(&k, "2026-05-31", &[]).code, 0);
    let run = k.run_existing(&[
        "--history",
        "h.sqlite",
        "--recording",
        "2026-05-31",
        "--as-of",
        "2026-05-31",
        "gaps",
    ]);
    assert!(
        run.error().contains("expected no --as-of"),
        "{}",
        run.stderr
    );
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn forgetting_removes_a_leavers_name_from_the_files_bytes() {
    let k = region();
    assert_eq!(record(&k, "2026-05-31", &[]).code, 0);
    let k = next_month(k);
    assert_eq!(record(&k, "2026-06-30", &[]).code, 0);
    let store = k.path("h.sqlite");
    assert!(contains(
        &std::fs::read(&store).unwrap(),
        "Lämnadsdotter".as_bytes()
    ));
    let run = k.run_existing(&[
        "history",
        "--history",
        "h.sqlite",
        "--forget-before",
        "2026-06-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("kvu: forgot the inputs of 1 recordings before 2026-06-01 (14 rows)"),
        "{}",
        run.stderr
    );
    let bytes = std::fs::read(&store).unwrap();
    assert!(
        !contains(&bytes, "Lämnadsdotter".as_bytes()),
        "the name is in the file"
    );
    assert!(!contains(&bytes, b"9001"), "the id is in the file");
    let journals: Vec<_> = std::fs::read_dir(k.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("h.sqlite-"))
        .collect();
    assert!(journals.is_empty(), "no journal is left beside the store");
    let csv = history_csv(&k);
    assert!(
        csv.contains("\n2026-05-31,") && csv.contains(",forgotten\n"),
        "{csv}"
    );
    // The figures are kept; the inputs are not.
    let conn = rusqlite::Connection::open(&store).unwrap();
    let whole: i64 = conn
        .query_row(
            "SELECT required FROM figures WHERE as_of = '2026-05-31' AND unit = '' AND course = 'webb'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(whole, 5);
    drop(conn);
    let run = k.run_existing(&["--history", "h.sqlite", "--recording", "2026-05-31", "gaps"]);
    assert!(run.error().contains("were forgotten"), "{}", run.stderr);
}

/// Runs `kvu record` for a date as a child process, with these variables.
fn spawn_record(k: &Kvu, as_of: &str, env: &[(&str, &str)]) -> std::process::Child {
    let mut cmd = k.process();
    cmd.args(crate::support::FILES)
        .args(["--units", "units.csv", "--exemptions", "exemptions.csv"])
        .args([
            "--as-of",
            as_of,
            "--quiet",
            "record",
            "--history",
            "h.sqlite",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.spawn().unwrap()
}

/// Waits for a child to end (at most 20 s), and gives its exit code and stderr.
fn finish(mut child: std::process::Child) -> (Option<i32>, String) {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < Duration::from_secs(20), "kvu hangs");
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_killed_recording_leaves_the_store_as_it_was() {
    // SIGKILL (nothing runs after it), then SIGTERM and SIGINT (kvu ends at once, as Ctrl-C does).
    for (signal, code) in [("KILL", None), ("TERM", Some(143)), ("INT", Some(130))] {
        let k = region();
        assert_eq!(record(&k, "2026-05-31", &[]).code, 0);
        let before = history_csv(&k);
        let gaps = k.at("2026-05-31", &["--format", "csv", "gaps"]).stdout;
        let k = next_month(k);
        k.write();
        // Killed while its transaction is open: its rows written, not committed.
        let child = spawn_record(&k, "2026-06-30", &[("KVU_HISTORY_PAUSE_MS", "5000")]);
        let start = Instant::now();
        while !std::fs::exists(k.path("h.sqlite-journal")).unwrap() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "no journal was written"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        let id = child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args([format!("-{signal}"), id])
            .status()
            .unwrap();
        assert!(sent.success());
        let (ended, _) = finish(child);
        assert_eq!(ended, code, "SIG{signal}");
        assert_eq!(history_csv(&k), before, "SIG{signal}");
        let recorded = k.run_existing(&[
            "--history",
            "h.sqlite",
            "--recording",
            "2026-05-31",
            "--format",
            "csv",
            "gaps",
        ]);
        assert_eq!(recorded.stdout, gaps, "SIG{signal}");
        // And the next recording goes in whole.
        assert_eq!(record(&k, "2026-06-30", &[]).code, 0);
        assert_eq!(history_csv(&k).lines().count(), 3);
    }
}

#[test]
fn two_concurrent_recorders_one_waits_for_the_other() {
    let k = region();
    k.write();
    let first = spawn_record(&k, "2026-05-31", &[("KVU_HISTORY_PAUSE_MS", "700")]);
    let start = Instant::now();
    while !std::fs::exists(k.path("h.sqlite-journal")).unwrap() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no journal was written"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // A second run with a short wait gives up with nothing written ...
    let impatient = spawn_record(&k, "2026-06-30", &[("KVU_HISTORY_WAIT_MS", "50")]);
    let (code, stderr) = finish(impatient);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("another kvu run is writing the store"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // ... and one that waits finds the date recorded from the same inputs.
    let patient = spawn_record(&k, "2026-05-31", &[]);
    let (code, stderr) = finish(first);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr) = finish(patient);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("nothing changed"), "{stderr}");
    assert_eq!(history_csv(&k).lines().count(), 2);
}

#[test]
fn a_file_that_is_not_a_store_is_left_untouched() {
    let k = region();
    for (name, bytes) in [
        ("h.sqlite", b"employee_id,name\n1,Anna\n".to_vec()),
        ("h.sqlite", Vec::new()),
    ] {
        std::fs::write(k.path(name), &bytes).unwrap();
        let run = record(&k, "2026-05-31", &[]);
        assert!(
            run.error().contains("is not a kvu history store"),
            "{}",
            run.stderr
        );
        assert_eq!(std::fs::read(k.path(name)).unwrap(), bytes);
        assert!(!k.path("h.sqlite-journal").exists());
    }
    // An SQLite database of something else.
    std::fs::remove_file(k.path("h.sqlite")).unwrap();
    let conn = rusqlite::Connection::open(k.path("h.sqlite")).unwrap();
    conn.execute_batch("CREATE TABLE patients (id TEXT); INSERT INTO patients VALUES ('x');")
        .unwrap();
    drop(conn);
    let bytes = std::fs::read(k.path("h.sqlite")).unwrap();
    let run = record(&k, "2026-05-31", &[]);
    assert!(
        run.error().contains("without kvu's tables"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(k.path("h.sqlite")).unwrap(), bytes);
    let left: Vec<String> = std::fs::read_dir(k.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("h.sqlite") || n.starts_with(".kvu-history"))
        .collect();
    assert_eq!(left, ["h.sqlite"]);
}

#[test]
fn a_store_of_a_newer_kvu_is_refused() {
    let k = region();
    assert_eq!(record(&k, "2026-05-31", &[]).code, 0);
    let conn = rusqlite::Connection::open(k.path("h.sqlite")).unwrap();
    conn.execute_batch("PRAGMA user_version = 99").unwrap();
    drop(conn);
    let bytes = std::fs::read(k.path("h.sqlite")).unwrap();
    let run = record(&k, "2026-06-30", &[]);
    assert!(
        run.error()
            .contains("was written by a newer kvu (store version 99"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(k.path("h.sqlite")).unwrap(), bytes);
    let run = k.run_existing(&["history", "--history", "h.sqlite"]);
    assert!(run.error().contains("newer kvu"), "{}", run.stderr);
}

#[test]
fn a_full_disk_leaves_the_store_as_it_was() {
    let k = region();
    assert_eq!(record(&k, "2026-05-31", &[]).code, 0);
    let bytes = std::fs::read(k.path("h.sqlite")).unwrap();
    // Many new rows, in a process that may not grow any file past the store's size.
    let staff = crate::support::numbered(3000, |i| {
        format!(
            "{},Person {i} Långnamnsson,E1,medarbetare,enhet,2024-01-01",
            10000 + i
        )
    });
    let k = k.staff(&format!("{MAY_STAFF}\n{staff}"));
    k.write();
    let limit = format!("--fsize={}", bytes.len());
    let out = std::process::Command::new("prlimit")
        .arg(&limit)
        .arg(assert_cmd::cargo::cargo_bin("kvu"))
        .current_dir(k.dir.path())
        .args(crate::support::FILES)
        .args([
            "--as-of",
            "2026-06-30",
            "--quiet",
            "record",
            "--history",
            "h.sqlite",
        ])
        .env_remove("KVU_HISTORY_PAUSE_MS")
        .output()
        .unwrap();
    let run = crate::support::Run::of(out);
    assert!(
        run.error().contains("nothing was written"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(k.path("h.sqlite")).unwrap(), bytes);
}

/// A store written by kvu's first store version (`user_version` 1, rows as runs of row ids): May
/// and June of [`region`] and [`next_month`].
const VERSION_1_STORE: &[u8] = include_bytes!("fixtures/history-v1.sqlite");

#[test]
fn a_store_of_an_older_kvu_is_brought_up_to_date_in_place() {
    let k = region();
    let may = k.at("2026-05-31", &["--format", "csv", "gaps"]).stdout;
    let k = next_month(k);
    let june = k.at("2026-06-30", &["--format", "csv", "gaps"]).stdout;
    std::fs::write(k.path("h.sqlite"), VERSION_1_STORE).unwrap();
    // Read-only commands ask for `kvu record` first.
    let listed = k.run_existing(&["history", "--history", "h.sqlite"]);
    assert_eq!(listed.code, 2, "{}", listed.stderr);
    let run = k.at("2026-07-31", &["record", "--history", "h.sqlite"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert_eq!(
        lines[0],
        "kvu: the history store was brought up to date (version 1 to 2)"
    );
    assert!(
        lines[1].starts_with("kvu: recorded 2026-07-31"),
        "{}",
        lines[1]
    );
    for (date, expected) in [("2026-05-31", may), ("2026-06-30", june.clone())] {
        let run = k.run_existing(&[
            "--history",
            "h.sqlite",
            "--recording",
            date,
            "--format",
            "csv",
            "gaps",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, expected, "{date}");
    }
    let dates: Vec<String> = history_csv(&k)
        .lines()
        .skip(1)
        .map(|l| l[..10].to_string())
        .collect();
    assert_eq!(dates, ["2026-05-31", "2026-06-30", "2026-07-31"]);
    // Once up to date, nothing more is said.
    let again = k.at("2026-08-31", &["record", "--history", "h.sqlite"]);
    assert_eq!(again.stderr.lines().count(), 1, "{}", again.stderr);
}

#[test]
fn forgetting_in_a_store_of_an_older_kvu_brings_it_up_to_date_first() {
    let k = next_month(region());
    let june = k.at("2026-06-30", &["--format", "csv", "gaps"]).stdout;
    std::fs::write(k.path("h.sqlite"), VERSION_1_STORE).unwrap();
    let run = k.run_existing(&[
        "history",
        "--history",
        "h.sqlite",
        "--forget-before",
        "2026-06-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 2, "{}", run.stderr);
    let csv = history_csv(&k);
    assert!(
        csv.contains("2026-05-31") && csv.contains(",forgotten"),
        "{csv}"
    );
    let run = k.run_existing(&[
        "--history",
        "h.sqlite",
        "--recording",
        "2026-06-30",
        "--format",
        "csv",
        "gaps",
    ]);
    assert_eq!(run.stdout, june);
    assert!(!contains(
        &std::fs::read(k.path("h.sqlite")).unwrap(),
        "Lämnadsdotter".as_bytes()
    ));
}

/// Whether this process may write a file whose permissions say it may not (root may): then a
/// read-only store or folder cannot be made here, and the test says so instead of passing quietly.
fn permissions_bind(path: &std::path::Path) -> bool {
    std::fs::OpenOptions::new().append(true).open(path).is_err()
}

#[test]
fn a_read_only_store_or_folder_is_an_error_and_the_store_is_unchanged() {
    use std::os::unix::fs::PermissionsExt;
    let k = region();
    assert_eq!(record(&k, "2026-05-31", &[]).code, 0);
    let k = next_month(k);
    let store = k.path("h.sqlite");
    let bytes = std::fs::read(&store).unwrap();
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o444)).unwrap();
    if !permissions_bind(&store) {
        eprintln!("skipped: this user writes read-only files (root), so no read-only store here");
        return;
    }
    let run = record(&k, "2026-06-30", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.error().contains("read-only"), "{}", run.stderr);
    assert_eq!(std::fs::read(&store).unwrap(), bytes);
    // A store that is not there yet, in a folder that cannot be written.
    let folder = k.path("ro");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let run = k.at(
        "2026-06-30",
        &["--quiet", "record", "--history", "ro/h.sqlite"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(std::fs::read_dir(&folder).unwrap().next().is_none());
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
}
