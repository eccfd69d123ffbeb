//! The `--help` examples all run as shown: every `kvu ...` line under `Examples:` in `kvu --help` and in
//! each subcommand's `--help`, run on the shipped examples with the README tour's environment, in a
//! scratch folder (so that `--output` writes there; a `> FILE` is left out), must exit 0 (1 for a
//! `--check` line) with no error. A line that clap had to wrap fails too: its second half is no command.

use std::collections::BTreeMap;

use assert_cmd::Command;
use tempfile::TempDir;

use crate::support::repo;

/// The README tour's environment, with the examples' export date.
const TOUR_ENV: [(&str, &str); 6] = [
    ("KVU_PLAN", "plan/vgr-2024.yaml"),
    ("KVU_STAFF", "examples/staff.csv"),
    ("KVU_COMPLETIONS", "examples/completions.csv"),
    ("KVU_UNITS", "examples/units.csv"),
    ("KVU_EXEMPTIONS", "examples/exemptions.csv"),
    ("KVU_AS_OF", "2026-10-31"),
];

fn help(args: &[&str]) -> String {
    let out = Command::cargo_bin("kvu")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

/// The command lines under `Examples:` of a help text (a `\\` at the end continues one), without
/// their comments.
fn examples(text: &str) -> Vec<String> {
    let Some((_, after)) = text.split_once("Examples:\n") else {
        return Vec::new();
    };
    let mut lines: Vec<String> = Vec::new();
    let mut continued = false;
    for line in after.lines().take_while(|l| l.starts_with("  ")) {
        let line = line.split(" # ").next().unwrap().trim();
        let (line, continues) = match line.strip_suffix('\\') {
            Some(l) => (l.trim_end(), true),
            None => (line, false),
        };
        match lines.last_mut() {
            Some(last) if continued => {
                last.push(' ');
                last.push_str(line);
            }
            _ => lines.push(line.to_string()),
        }
        continued = continues;
    }
    lines
}

/// Splits a command line like a shell: spaces, single and double quotes.
fn words(line: &str) -> Vec<String> {
    let (mut out, mut word, mut quote, mut any) = (Vec::new(), String::new(), None, false);
    for c in line.chars() {
        match (quote, c) {
            (None, '"' | '\'') => (quote, any) = (Some(c), true),
            (Some(q), c) if c == q => quote = None,
            (None, ' ') => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            (_, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

#[test]
fn the_help_examples_all_run_as_shown() {
    let top = help(&["--help"]);
    let mut texts = vec![("kvu --help".to_string(), top.clone())];
    let commands = top.split("Commands:\n").nth(1).unwrap();
    for name in commands
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|&n| n != "help")
    {
        texts.push((format!("kvu {name} --help"), help(&[name, "--help"])));
    }
    // A scratch folder with the repository's plans and examples, for `--output` to write into.
    let scratch = TempDir::new().unwrap();
    for dir in ["plan", "examples"] {
        copy_dir(&repo().join(dir), &scratch.path().join(dir));
    }
    let mut ran = 0;
    let mut failed = Vec::new();
    for (source, text) in &texts {
        let mut env: BTreeMap<String, String> = TOUR_ENV
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        for line in examples(text) {
            // A redirection (`> ~/.zfunc/_kvu`) is where the user keeps what kvu prints: not written here.
            let w = match words(&line).split(|w| w == ">").next() {
                Some(command) => command.to_vec(),
                None => continue,
            };
            match w[0].as_str() {
                "export" => {
                    for pair in &w[1..] {
                        let (k, v) = pair.split_once('=').unwrap();
                        env.insert(k.to_string(), v.to_string());
                    }
                    continue;
                }
                "kvu" => {}
                other => panic!("{source}: an example runs kvu, not {other}"),
            }
            let out = Command::cargo_bin("kvu")
                .unwrap()
                .current_dir(scratch.path())
                .env_remove("COLUMNS")
                .envs(&env)
                .args(&w[1..])
                .output()
                .unwrap();
            ran += 1;
            let code = out.status.code();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let expected = if line.contains("--check") {
                [Some(0), Some(1)].contains(&code)
            } else {
                code == Some(0)
            };
            if !expected || stderr.contains("kvu: error") {
                failed.push(format!("{source}: {line}\n  exit {code:?}: {stderr}"));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert!(ran >= 15, "only {ran} examples found");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn the_inputs_help_says_they_read_csv_or_a_workbook() {
    let top = help(&["--help"]);
    for option in ["--staff", "--completions", "--units", "--exemptions"] {
        let at = top.find(&format!("{option} <FILE>")).unwrap();
        let text = &top[at..];
        let end = text[1..].find("\n      --").map_or(text.len(), |e| e + 1);
        let text = text[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains("CSV or a workbook"), "{option}: {text}");
    }
    for (command, option) in [("allocate", "--key"), ("cohorts", "--sessions")] {
        let text = help(&[command, "--help"]);
        let at = text.find(&format!("{option} <")).unwrap();
        let line = text[at..].split_whitespace().take(30).collect::<Vec<_>>();
        assert!(
            line.join(" ").contains("CSV or a workbook"),
            "{command} {option}: {line:?}"
        );
    }
}

#[test]
fn every_subcommands_help_has_examples() {
    let top = help(&["--help"]);
    let commands = top.split("Commands:\n").nth(1).unwrap();
    let names: Vec<&str> = commands
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|&n| n != "help")
        .collect();
    assert!(names.len() >= 13, "{names:?}");
    for name in names {
        let text = help(&[name, "--help"]);
        let lines = examples(&text);
        assert!(
            !lines.is_empty()
                && lines
                    .iter()
                    .all(|l| l.starts_with(&format!("kvu {name}")) || l.starts_with("kvu --")),
            "kvu {name} --help has no Examples part of its own:\n{text}"
        );
    }
}
