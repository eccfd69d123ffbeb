//! The contract's (docs/contract.md) "Output", writing whole or not at all, under interrupts: Ctrl-C,
//! SIGTERM or SIGHUP at any moment of a run (while loading, while worker threads write the pages of a
//! `kvu site` or `--split` folder, during the final rename or swap) leaves no temporary file or folder
//! beside the target, and the target is either as it was or complete, never half-written.

#![cfg(unix)]

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Kvu, numbered};

/// A case whose site takes some hundreds of ms in a debug build: 8 administrations of 12 units each,
/// 10 people a unit, two in three with the web course done.
fn case() -> Kvu {
    let units = numbered(8 * 13, |i| match i % 13 {
        0 => format!("P{},,Förvaltning {}", i / 13, i / 13),
        c => format!("P{}-{c},P{},Enhet {c}", i / 13, i / 13),
    });
    let roles = ["medarbetare", "medarbetare", "medarbetare", "chef", "vu"];
    let staff = numbered(8 * 12 * 10, |n| {
        let unit = format!("P{}-{}", n / 120, n / 10 % 12 + 1);
        let role = roles[n % 5];
        format!("e{n},Namn {n},{unit},{role},enhet,2020-0{}-01", 1 + n % 9)
    });
    let done = numbered(8 * 12 * 10, |n| {
        format!(
            "e{n},{},2024-0{}-05,",
            ["webb", "W-OLD", "x"][n % 3],
            1 + n % 9
        )
    });
    Kvu::new().units(&units).staff(&staff).completions(&done)
}

/// The names and bytes of the files in a folder (none if there is no folder), in name order.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut all: Vec<_> = entries
        .map(|e| e.unwrap())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect();
    all.sort();
    all
}

/// Runs kvu on the case, sends `signal` after `delay`, and gives back how it ended.
fn interrupted(k: &Kvu, args: &[&str], signal: i32, delay: Duration) -> Output {
    let mut child = k
        .process()
        .args(["--plan", "plan.yaml", "--staff", "staff.csv"])
        .args(["--completions", "completions.csv", "--units", "units.csv"])
        .args(["--as-of", "2026-10-31", "--quiet"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let sent = Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("kvu still runs 10 s after SIG{signal}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().unwrap();
    // `kill` fails only when kvu had already ended (with its exit code 0 then).
    assert!(sent.success() || out.status.code() == Some(0), "{out:?}");
    out
}

/// Runs `args` (whose output is `target`, a file or folder that holds `old` before each run) `runs`
/// times, each time interrupted at a later moment, from at once to a little after the time a whole
/// run takes, by SIGTERM, SIGINT and SIGHUP in turn; after each run no temporary file or folder is
/// left and the target is `old` or the whole output (which an uninterrupted run wrote first).
fn interrupt_at_every_moment(k: &Kvu, args: &[&str], target: &str, runs: u32) {
    let path = k.path(target);
    let is_folder = args.contains(&"site") || args.contains(&"--split");
    let read = |p: &Path| {
        if is_folder {
            contents(p)
        } else {
            vec![(String::new(), std::fs::read(p).unwrap_or_default())]
        }
    };
    let reset = || {
        let _ = std::fs::remove_dir_all(&path);
        let _ = std::fs::remove_file(&path);
        if is_folder {
            k.kvu_folder(target);
        } else {
            std::fs::write(&path, "old\n").unwrap();
        }
    };
    let start = Instant::now();
    let whole = interrupted(k, args, 0, Duration::ZERO);
    let took = start.elapsed();
    assert_eq!(whole.status.code(), Some(0), "{whole:?}");
    let complete = read(&path);
    reset();
    let old = read(&path);
    for run in 0..runs {
        let signal = [15, 2, 1][run as usize % 3];
        let delay = took * 6 * run / (5 * runs);
        let out = interrupted(k, args, signal, delay);
        let shown = format!("{target}, SIG{signal} after {delay:?}: {out:?}");
        // Ended by the signal's default action only before kvu caught it, with nothing written yet.
        let ended = out.status.code().or(out.status.signal().map(|s| -s));
        assert!(
            [Some(0), Some(128 + signal), Some(-signal)].contains(&ended),
            "{shown}"
        );
        assert_eq!(k.temporary_files(), Vec::<String>::new(), "{shown}");
        let now = read(&path);
        assert!(
            now == old || now == complete,
            "{target} half-written: {shown}"
        );
        if ended == Some(0) {
            assert!(now == complete, "{shown}");
        }
        reset();
    }
}

#[test]
fn an_interrupt_at_any_moment_leaves_no_temporary_folder_and_the_folder_as_it_was_or_whole() {
    let k = case();
    k.write();
    interrupt_at_every_moment(&k, &["site", "--output", "site"], "site", 14);
    let split = [
        "--split", "unit", "--format", "html", "--output", "split", "gaps",
    ];
    interrupt_at_every_moment(&k, &split, "split", 10);
}

#[test]
fn an_interrupt_at_any_moment_leaves_no_temporary_file_and_the_file_as_it_was_or_whole() {
    let k = case();
    k.write();
    let args = ["priority", "--format", "html", "--output", "out.html"];
    interrupt_at_every_moment(&k, &args, "out.html", 8);
}
