//! the contract's (docs/contract.md) "Failing well", the output side of "never lose data, never a wrong all-clear": an
//! `--output` never overwrites an input nor hangs on a FIFO, a written file keeps its mode and leaves no
//! temporary file behind (also on Ctrl-C or SIGTERM), a closed pipe keeps the exit code the run found,
//! and control characters in values never reach the terminal.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{FILES, Kvu};

/// Every input a run can read, with a row in each, and an allocation key.
fn all_inputs() -> Kvu {
    let k = Kvu::new()
        .staff("e1,Eva,Avd 1,chef,enhet,2024-01-01")
        .completions("e1,webb,2024-01-05,S1")
        .units("Avd 1,,Avdelning 1")
        .exemptions("e1,hp15,,")
        .file("key.csv", "unit,weight\nAvd 1,1\n");
    k.run(&["validate"]);
    k
}

/// The bytes of each file in the folder, to compare before and after.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

/// kvu with the fixture's files and these arguments, as a child process.
fn spawn(k: &Kvu, args: &[&str]) -> Child {
    k.process()
        .args(FILES)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for the child at most `seconds`; a child still running then is killed and the test fails.
#[track_caller]
fn wait(mut child: Child, seconds: u64) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(seconds) {
            child.kill().unwrap();
            panic!("kvu still runs after {seconds} s: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn an_output_that_is_one_of_the_inputs_is_an_error_and_the_input_stays_as_it_was() {
    let k = all_inputs();
    let before = contents(k.dir.path());
    let inputs = [
        ("--plan", "plan.yaml"),
        ("--staff", "staff.csv"),
        ("--completions", "completions.csv"),
        ("--units", "units.csv"),
        ("--exemptions", "exemptions.csv"),
        ("--key", "key.csv"),
    ];
    let args = |output: &str| -> Vec<String> {
        [
            "allocate", "--course", "chef25", "--seats", "1", "--key", "key.csv", "--format",
            "csv", "--output", output,
        ]
        .map(String::from)
        .to_vec()
    };
    let run = |output: &str| {
        let args = args(output);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        k.run_files(&args)
    };
    // The same run with a new file as --output works: what is refused below is only the output's name.
    assert_eq!(run("new.csv").ok(), "");
    assert!(
        std::fs::read_to_string(k.path("new.csv"))
            .unwrap()
            .starts_with("unit,seats,gaps\n")
    );
    std::fs::remove_file(k.path("new.csv")).unwrap();
    for (option, input) in inputs {
        assert_eq!(
            run(input).error(),
            format!(
                "kvu: error: {input}: --output is one of the inputs ({option}), expected a file that kvu does not read"
            )
        );
        #[cfg(unix)]
        {
            let symbolic = format!("symbolic-{input}");
            let hard = format!("hard-{input}");
            std::os::unix::fs::symlink(input, k.path(&symbolic)).unwrap();
            std::fs::hard_link(k.path(input), k.path(&hard)).unwrap();
            for link in [&symbolic, &hard] {
                assert_eq!(
                    run(link).error(),
                    format!(
                        "kvu: error: {link}: --output is one of the inputs ({option} {input}), expected a file that kvu does not read"
                    )
                );
            }
            std::fs::remove_file(k.path(&symbolic)).unwrap();
            std::fs::remove_file(k.path(&hard)).unwrap();
        }
        assert_eq!(contents(k.dir.path()), before, "after --output {input}");
        assert_eq!(k.temporary_files(), Vec::<String>::new());
    }
}

/// kvu with `--staff -` and the rest of the fixture's files, standard input the file `stdin` (in the
/// folder), and these arguments; waits for it.
#[cfg(unix)]
fn run_staff_from(k: &Kvu, stdin: &str, args: &[&str]) -> Output {
    k.process()
        .args(["--plan", "plan.yaml", "--staff", "-"])
        .args(["--completions", "completions.csv", "--as-of", "2026-10-31"])
        .args(args)
        .stdin(std::fs::File::open(k.path(stdin)).unwrap())
        .output()
        .unwrap()
}

/// Exit 2, nothing on stdout, and this one line on stderr.
#[track_caller]
fn assert_refused(out: &Output, line: &str) {
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (Some(2), format!("kvu: error: {line}\n").as_str())
    );
    assert!(out.stdout.is_empty());
}

#[cfg(unix)]
#[test]
fn an_output_that_is_the_file_behind_standard_input_is_an_error_and_the_file_stays_as_it_was() {
    // `kvu --staff - --output staff.csv gaps < staff.csv` once replaced the staff export with the gaps.
    let k = all_inputs();
    std::fs::hard_link(k.path("staff.csv"), k.path("hard-staff.csv")).unwrap();
    let before = contents(k.dir.path());
    for output in ["staff.csv", "hard-staff.csv"] {
        let out = run_staff_from(&k, "staff.csv", &["gaps", "--output", output]);
        assert_refused(
            &out,
            &format!(
                "{output}: --output is one of the inputs (--staff -, standard input), expected a file that kvu does not read"
            ),
        );
        assert_eq!(contents(k.dir.path()), before, "after --output {output}");
    }
    assert_eq!(k.temporary_files(), Vec::<String>::new());
    // Standard input from another file, or a file no option reads from standard input, is no input.
    let out = run_staff_from(&k, "staff.csv", &["gaps", "--output", "completions.csv"]);
    assert_refused(
        &out,
        "completions.csv: --output is one of the inputs (--completions), expected a file that kvu does not read",
    );
    let out = run_staff_from(&k, "key.csv", &["gaps", "--output", "gaps.csv"]);
    assert_eq!(out.status.code(), Some(2), "key.csv is no staff export");
    let out = run_staff_from(&k, "staff.csv", &["gaps", "--output", "gaps.csv"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(k.path("gaps.csv"))
            .unwrap()
            .starts_with("employee_id,")
    );
}

#[cfg(unix)]
#[test]
fn a_split_or_site_folder_holding_the_file_behind_standard_input_is_an_error_and_nothing_in_it_changes()
 {
    // A folder kvu wrote (its index.csv), with the staff export copied into a folder inside it.
    let k = all_inputs();
    k.kvu_folder("out");
    std::fs::create_dir(k.path("out/in")).unwrap();
    std::fs::copy(k.path("staff.csv"), k.path("out/in/staff.csv")).unwrap();
    let before = (contents(&k.path("out")), contents(&k.path("out/in")));
    for args in [
        &[
            "--split", "unit", "--format", "csv", "--output", "out", "gaps",
        ][..],
        &["--quiet", "site", "--output", "out"][..],
    ] {
        let out = run_staff_from(&k, "out/in/staff.csv", args);
        assert_refused(
            &out,
            "out: --output holds an input (--staff -, standard input) that replacing the folder would remove, expected a folder without kvu's inputs",
        );
        assert_eq!(
            (contents(&k.path("out")), contents(&k.path("out/in"))),
            before,
            "after {args:?}"
        );
    }
    // The same export from outside the folder is fine.
    let out = run_staff_from(&k, "staff.csv", &["--quiet", "site", "--output", "out"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(k.path("out/index.html").exists());
}

#[test]
fn an_output_that_is_a_folder_a_fifo_or_a_device_is_an_error_and_nothing_hangs() {
    let k = all_inputs();
    std::fs::create_dir(k.path("out")).unwrap();
    assert_eq!(
        k.run_files(&["gaps", "--output", "out"]).error(),
        "kvu: error: out: --output is a folder, expected a regular file (without --output kvu writes to standard output)"
    );
    assert_eq!(std::fs::read_dir(k.path("out")).unwrap().count(), 0);
    #[cfg(unix)]
    {
        // A FIFO opened for writing would block until someone reads it: kvu must not open it at all.
        let made = Command::new("mkfifo").arg(k.path("fifo")).status().unwrap();
        assert!(made.success());
        let out = wait(spawn(&k, &["gaps", "--output", "fifo"]), 20);
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (
                Some(2),
                "kvu: error: fifo: --output is a FIFO (a named pipe), expected a regular file (without --output kvu writes to standard output)\n"
            )
        );
        assert!(out.stdout.is_empty());
        assert_eq!(
            k.run_files(&["gaps", "--output", "/dev/null"]).error(),
            "kvu: error: /dev/null: --output is a device, expected a regular file (without --output kvu writes to standard output)"
        );
        // Through a symbolic link, too.
        std::os::unix::fs::symlink("/dev/null", k.path("null-link")).unwrap();
        assert_eq!(
            k.run_files(&["gaps", "--output", "null-link"]).error(),
            "kvu: error: null-link: --output is a device, expected a regular file (without --output kvu writes to standard output)"
        );
    }
    assert_eq!(k.temporary_files(), Vec::<String>::new());
}

/// Reads 16 bytes of the child's standard output, then closes it (like `head -c 16`), and waits.
fn close_stdout_early(mut child: Child) -> Output {
    use std::io::Read;
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    wait(child, 60)
}

#[test]
fn a_streamed_output_cut_by_a_closed_pipe_keeps_the_exit_code() {
    // 20,000 people, each alone in a unit and overdue: `gaps --summary` streams 20,000 rows (one per
    // unit and course) as it makes them, far more than a pipe holds, so the pipe closes mid-stream.
    let rows: String = (0..20_000)
        .map(|i| format!("e{i},,Avd {i},medarbetare,enhet,\n"))
        .collect();
    let k = Kvu::new().staff(&rows);
    k.run(&["validate"]);
    for format in ["csv", "json", "table", "html"] {
        let summary = [
            "gaps",
            "--summary",
            "--as-of",
            "2024-01-01",
            "--format",
            format,
        ];
        let full = k.run_files(&[&summary[..], &["--check"]].concat());
        assert_eq!(full.code, 1, "{format}");
        let out = close_stdout_early(spawn(&k, &[&summary[..], &["--check"]].concat()));
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (Some(1), ""),
            "{format}: --check with overdue people keeps its exit code"
        );
        let out = close_stdout_early(spawn(&k, &summary));
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (Some(0), ""),
            "{format}"
        );
    }
    let csv = k.run_files(&[
        "gaps",
        "--summary",
        "--as-of",
        "2024-01-01",
        "--format",
        "csv",
    ]);
    assert!(csv.stdout.len() > 1 << 18, "{} bytes", csv.stdout.len());
}

#[test]
fn a_closed_pipe_ends_the_output_quietly_and_keeps_the_exit_code_the_run_found() {
    // 20,000 people without a start date, each overdue: close to 1 MB of CSV, far more than a pipe
    // (64 KiB) and kvu's buffer hold, so the pipe
    // closes while kvu is still writing.
    let rows: String = (0..20_000)
        .map(|i| format!("e{i},,Avd {},medarbetare,enhet,\n", i % 50))
        .collect();
    let k = Kvu::new().staff(&rows);
    k.run(&["validate"]);
    let gaps = ["gaps", "--format", "csv", "--as-of", "2024-01-01"];
    let full = k.run_files(&[&gaps[..], &["--check"]].concat());
    assert_eq!(full.code, 1);
    assert!(full.stdout.len() > 1 << 18, "{} bytes", full.stdout.len());
    let out = close_stdout_early(spawn(&k, &[&gaps[..], &["--check"]].concat()));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(1), "--check with overdue gaps");
    // Without --check the same closed pipe is a success.
    let out = close_stdout_early(spawn(&k, &gaps));
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (Some(0), "")
    );
    // validate with 20,000 errors: its list is cut short, its verdict is not.
    let bad: String = (0..20_000)
        .map(|i| format!(",,Avd {},medarbetare,enhet,\n", i % 50))
        .collect();
    let k = k.staff(&bad);
    k.run(&["validate"]);
    let out = close_stdout_early(spawn(&k, &["validate"]));
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (
            Some(2),
            "kvu: error: the inputs have errors (listed above)\n"
        )
    );
}

#[cfg(unix)]
#[test]
fn an_output_keeps_the_mode_of_the_file_it_replaces_and_no_temporary_file_is_left() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |k: &Kvu, name: &str| {
        std::fs::metadata(k.path(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o7777
    };
    let k = Kvu::new().staff("e1,Eva,Avd 1,medarbetare,enhet,2024-01-01");
    k.run(&["validate"]);
    std::fs::write(k.path("out.csv"), "old\n").unwrap();
    std::fs::set_permissions(k.path("out.csv"), std::fs::Permissions::from_mode(0o600)).unwrap();
    let gaps = ["gaps", "--format", "csv", "--as-of", "2024-06-01"];
    k.run_files(&[&gaps[..], &["--output", "out.csv"]].concat())
        .ok();
    assert_eq!(
        std::fs::read_to_string(k.path("out.csv")).unwrap(),
        "employee_id,name,unit,role,level,course,status,due\ne1,Eva,Avd 1,medarbetare,enhet,webb,overdue,2024-04-01\n"
    );
    assert_eq!(mode(&k, "out.csv"), 0o600, "a private file stays private");
    std::fs::set_permissions(k.path("out.csv"), std::fs::Permissions::from_mode(0o640)).unwrap();
    k.run_files(&[&gaps[..], &["--output", "out.csv"]].concat())
        .ok();
    assert_eq!(mode(&k, "out.csv"), 0o640);
    // A new file gets the mode any new file gets: 0666 less the umask (not the temporary file's 0600).
    let new = Command::new("sh")
        .current_dir(k.dir.path())
        .args(["-c", "umask 027; exec \"$@\"", "sh"])
        .arg(assert_cmd::cargo::cargo_bin("kvu"))
        .args(["--plan", "plan.yaml", "--staff", "staff.csv"])
        .args(["--completions", "completions.csv"])
        .args(gaps)
        .args(["--output", "new.csv"])
        .output()
        .unwrap();
    assert_eq!(new.status.code(), Some(0), "{new:?}");
    assert_eq!(mode(&k, "new.csv"), 0o640);
    // A run that fails after the temporary file was made leaves the old file and no temporary file.
    let k = k.completions("e1,webb,2024-02-30,");
    assert_eq!(
        k.run(&[&gaps[..], &["--output", "out.csv"]].concat())
            .error(),
        "kvu: error: completions.csv:2: completed `2024-02-30` is not a calendar date"
    );
    assert_eq!(
        std::fs::read_to_string(k.path("out.csv")).unwrap(),
        "employee_id,name,unit,role,level,course,status,due\ne1,Eva,Avd 1,medarbetare,enhet,webb,overdue,2024-04-01\n"
    );
    assert_eq!(mode(&k, "out.csv"), 0o640);
    assert_eq!(k.temporary_files(), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn an_interrupt_removes_the_temporary_output_file_and_exits_128_plus_the_signal() {
    // The completions come from standard input, which the test holds open and never writes: kvu waits
    // there, with its temporary output file made, until the signal comes.
    let k = Kvu::new().staff("e1,Eva,Avd 1,medarbetare,enhet,2024-01-01");
    k.run(&["validate"]);
    std::fs::write(k.path("out.csv"), "old\n").unwrap();
    for (signal, code) in [("TERM", 143), ("INT", 130), ("HUP", 129)] {
        let mut child = k
            .process()
            .args(["--plan", "plan.yaml", "--staff", "staff.csv"])
            .args(["--completions", "-", "gaps", "--output", "out.csv"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while k.temporary_files().is_empty() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no temporary file after 20 s"
            );
            assert!(child.try_wait().unwrap().is_none(), "kvu ended early");
            std::thread::sleep(Duration::from_millis(10));
        }
        let sent = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let stdin = child.stdin.take();
        let out = wait(child, 20);
        drop(stdin);
        assert_eq!(out.status.code(), Some(code), "SIG{signal}: {out:?}");
        assert_eq!(k.temporary_files(), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(std::fs::read_to_string(k.path("out.csv")).unwrap(), "old\n");
    }
}

/// Whether the text holds a control character other than a line end.
fn has_controls(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != '\n')
}

#[test]
fn control_characters_in_values_are_shown_escaped_to_people_and_kept_exact_for_scripts() {
    // A name that would turn the terminal red, ring its bell and delete a character.
    let name = "Eva\x1b[31mRöd\x07\x7f";
    let k = Kvu::new().staff(&format!("e1,{name},Avd 1,medarbetare,enhet,2024-01-01"));
    let gaps = ["gaps", "--as-of", "2024-06-01"];
    let table = k.run(&gaps);
    assert!(!has_controls(&table.stdout), "{:?}", table.stdout);
    assert!(
        table.stdout.contains(r"Eva\x1b[31mRöd\x07\x7f"),
        "{}",
        table.stdout
    );
    // A role that would set the window's title is refused (a control character in a role is an
    // error), and the message quotes it escaped, on stderr and in validate's list.
    let bad = Kvu::new().staff("e2,Bo,Avd 1,läk\x1b]0;pwned\x07are,enhet,");
    let run = bad.run(&gaps);
    assert_eq!(run.code, 2);
    assert!(!has_controls(&run.stderr), "{:?}", run.stderr);
    assert!(run.stderr.contains(r"\x1b"), "{}", run.stderr);
    let validate = bad.run(&["validate"]);
    assert!(
        !has_controls(&validate.stdout) && !has_controls(&validate.stderr),
        "{validate:?}"
    );
    assert!(validate.stdout.contains(r"\x1b"), "{}", validate.stdout);
    // An error quoting a value from the command line.
    let run = k.run(&[&gaps[..], &["--unit", "Avd\x1b[2J"]].concat());
    assert_eq!(run.code, 2);
    assert!(!has_controls(&run.stderr), "{:?}", run.stderr);
    assert_eq!(
        run.stderr.lines().last(),
        Some(
            r"kvu: error: --unit `Avd\x1b[2J` matches no unit of the staff export, expected a unit as the export writes it (or give --units for a tree)"
        )
    );
    // CSV and JSON are for scripts: the value exactly as the export has it.
    let csv = k.run(&[&gaps[..], &["--format", "csv"]].concat());
    assert!(
        csv.stdout.contains(&format!(
            "e1,{name},Avd 1,medarbetare,enhet,webb,overdue,2024-04-01\n"
        )),
        "{:?}",
        csv.stdout
    );
    let json = k.run(&[&gaps[..], &["--format", "json"]].concat());
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(rows[0]["name"], name);
}
