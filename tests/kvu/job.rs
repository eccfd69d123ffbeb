//! The monthly job of docs/cron.md runs under cron as written: the crontab lines the docs show are
//! lines cron takes (five time fields and a command on one line, `PATH` set), and `examples/job/monthly.sh`
//! runs with an empty environment, finds kvu where the docs say (the job folder's `bin/`), reads its
//! inputs from the job's `kvu.toml`, and mails each manager their unit's file (a stub `mutt` records
//! each mail).

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::support::repo;

/// The crontab lines the docs show: every ```crontab block of docs/cron.md, and examples/job/crontab.
fn crontab_lines() -> Vec<String> {
    let cron = std::fs::read_to_string(repo().join("docs/cron.md")).unwrap();
    let mut lines = Vec::new();
    let mut rest = cron.as_str();
    while let Some((_, after)) = rest.split_once("```crontab\n") {
        let (block, next) = after.split_once("```").unwrap();
        lines.extend(block.lines().map(str::to_string));
        rest = next;
    }
    assert!(!lines.is_empty(), "docs/cron.md shows no crontab block");
    let file = std::fs::read_to_string(repo().join("examples/job/crontab")).unwrap();
    lines.extend(file.lines().map(str::to_string));
    lines
}

/// What is wrong with a crontab's lines (in order), or nothing.
fn crontab_problems(lines: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut path = false;
    for line in lines {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.ends_with('\\') {
            problems.push(format!(
                "`{line}`: cron does not continue a line ending in `\\`"
            ));
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        if let Some((name, _)) = words[0].split_once('=')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            path |= name == "PATH";
            continue;
        }
        let time_field = |w: &str| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "*/,-".contains(c))
        };
        if words.len() < 6 || !words[..5].iter().all(|w| time_field(w)) {
            problems.push(format!("`{line}`: expected five time fields and a command"));
        } else if !path {
            problems.push(format!("`{line}`: no PATH= line before it"));
        }
    }
    problems
}

#[test]
fn the_docs_crontab_lines_are_one_line_entries_with_path_set() {
    let problems = crontab_problems(&crontab_lines());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The check finds what it looks for: the entry the README once showed fails it.
    let old: Vec<String> = [
        "0 6 1 * *  cd /srv/kvu && export KVU_PLAN=plan/vgr-2024.yaml \\",
        "  kvu validate --strict > /dev/null",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(
        crontab_problems(&old).len(),
        3,
        "{:?}",
        crontab_problems(&old)
    );
}

/// A copy of the job in a scratch repository (the plan, the examples, `examples/job/`), with kvu and a
/// stub mutt in the job's `bin/`; one unit's name made to need RFC 4180's quotes.
fn job_folder() -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("plan")).unwrap();
    std::fs::copy(
        repo().join("plan/vgr-2024.yaml"),
        root.join("plan/vgr-2024.yaml"),
    )
    .unwrap();
    let job = root.join("examples/job");
    std::fs::create_dir_all(job.join("bin")).unwrap();
    for name in ["staff.csv", "completions.csv", "exemptions.csv"] {
        std::fs::copy(
            repo().join("examples").join(name),
            root.join("examples").join(name),
        )
        .unwrap();
    }
    let units = std::fs::read_to_string(repo().join("examples/units.csv")).unwrap();
    let quoted = "\"Avdelning 10, \"\"Hjärtat\"\"\nMedicin\"";
    let units = units.replacen("\"Avdelning 10, Medicinkliniken\"", quoted, 1);
    std::fs::write(root.join("examples/units.csv"), units).unwrap();
    for name in ["kvu.toml", "monthly.sh", "crontab"] {
        std::fs::copy(repo().join("examples/job").join(name), job.join(name)).unwrap();
    }
    symlink(assert_cmd::cargo::cargo_bin("kvu"), job.join("bin/kvu")).unwrap();
    let stub = job.join("bin/mutt");
    std::fs::write(
        &stub,
        "#!/bin/sh\n# Records one mail: its arguments, one a line, and a line `--end`.\n\
         { printf '%s\\n' \"$@\"; echo --end; } >> \"$(dirname \"$0\")/../mails.txt\"\ncat > /dev/null\n",
    )
    .unwrap();
    std::fs::set_permissions(&stub, std::fs::Permissions::from_mode(0o755)).unwrap();
    (tmp, job)
}

/// Runs `cd JOB && ./monthly.sh ARGS` as cron does: `/bin/sh`, no environment but `PATH=/usr/bin:/bin`.
fn cron_run(job: &Path, args: &str) -> (i32, String, String) {
    let out = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("cd '{}' && ./monthly.sh {args}", job.display()))
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The rows of index.csv with an address: (email, file, name).
fn addressed(job: &Path) -> Vec<(String, String, String)> {
    let index = job.join("out/enheter/index.csv");
    let mut reader = csv::Reader::from_path(index).unwrap();
    let mut rows = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        if !row[3].is_empty() {
            rows.push((row[3].to_string(), row[4].to_string(), row[1].to_string()));
        }
    }
    rows
}

#[test]
fn the_monthly_job_runs_under_cron_and_mails_each_manager_their_units_file() {
    let (_tmp, job) = job_folder();
    // --dry-run: the files and the site are written, nothing is sent, each mail is said.
    let (code, stdout, stderr) = cron_run(&job, "--dry-run");
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!job.join("mails.txt").exists(), "--dry-run sent mail");
    assert!(job.join("out/site/index.html").exists());
    // The run was recorded in the history store before any mail, once however often the job runs.
    let listed = std::process::Command::new(assert_cmd::cargo::cargo_bin("kvu"))
        .args(["history", "--history", "history.sqlite", "--format", "csv"])
        .current_dir(&job)
        .output()
        .unwrap();
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert_eq!(listed.lines().count(), 2, "one recording: {listed}");
    assert!(listed.ends_with(",kept\n"), "{listed}");
    let rows = addressed(&job);
    assert_eq!(rows.len(), 21, "every unit below the root has an address");
    for (email, file, _) in &rows {
        let line = format!("would mail {email}: out/enheter/{file} (");
        assert_eq!(stdout.matches(&line).count(), 1, "{line}\n{stdout}");
    }
    // The name with a comma, quotes and a line break is read whole, not cut at its comma.
    assert!(
        stdout.contains("(Avdelning 10, \"Hjärtat\" Medicin; "),
        "{stdout}"
    );
    // The real run: one mail per unit with an address, its own file attached.
    let (code, stdout, stderr) = cron_run(&job, "");
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("inget ändrades"), "recorded once: {stderr}");
    let mails = std::fs::read_to_string(job.join("mails.txt")).unwrap();
    let mails: Vec<Vec<&str>> = mails
        .split("--end\n")
        .filter(|m| !m.is_empty())
        .map(|m| m.lines().collect())
        .collect();
    assert_eq!(mails.len(), rows.len(), "{mails:?}");
    for (email, file, _) in &rows {
        let attached = format!("out/enheter/{file}");
        let sent: Vec<_> = mails
            .iter()
            .filter(|m| m.last() == Some(&email.as_str()))
            .collect();
        assert_eq!(sent.len(), 1, "{email}: {mails:?}");
        let m = sent[0];
        let a = m.iter().position(|w| *w == "-a").expect("an attachment");
        assert_eq!(m[a + 1], attached);
        assert_eq!(m[m.len() - 2], "--", "{m:?}");
        let bytes = std::fs::read(job.join(&attached)).unwrap();
        assert!(bytes.starts_with(b"PK"), "{attached} is an xlsx workbook");
    }
}
