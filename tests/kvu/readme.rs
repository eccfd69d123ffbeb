//! The README's tour is real: every ```text block that starts with `$ kvu` (or `$ export`) is run, and
//! what kvu prints must be what the README shows. `KVU_UPDATE_README=1 cargo test readme` writes the
//! current output into the README instead.

use std::collections::HashMap;

use assert_cmd::Command;

use crate::support::repo;

/// The environment the tour sets before its first block.
const TOUR_ENV: [(&str, &str); 5] = [
    ("KVU_PLAN", "plan/vgr-2024.yaml"),
    ("KVU_STAFF", "examples/staff.csv"),
    ("KVU_COMPLETIONS", "examples/completions.csv"),
    ("KVU_UNITS", "examples/units.csv"),
    ("KVU_EXEMPTIONS", "examples/exemptions.csv"),
];

/// Splits a command line like a shell: spaces, double quotes.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut any) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

/// Runs one `$ ...` line of the tour; returns what it prints (stdout, then stderr without warnings).
fn run(line: &str, env: &mut HashMap<String, String>, status: &mut i32) -> String {
    let (command, filter) = match line.split_once(" | ") {
        Some((c, f)) => (c, Some(f)),
        None => (line, None),
    };
    let w = words(command);
    match w[0].as_str() {
        "export" => {
            for pair in &w[1..] {
                let (k, v) = pair.split_once('=').expect("export K=V");
                env.insert(k.to_string(), v.to_string());
            }
            return String::new();
        }
        "echo" => return format!("{status}\n"),
        "kvu" => {}
        other => panic!("the tour runs kvu, not {other}"),
    }
    let mut args: Vec<String> = w[1..].to_vec();
    if !args.iter().any(|a| a == "--as-of") {
        args.extend(["--as-of".to_string(), "2026-10-31".to_string()]);
    }
    let mut cmd = Command::cargo_bin("kvu").unwrap();
    cmd.current_dir(repo()).args(&args).env("COLUMNS", "200");
    for (k, v) in env.iter() {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    *status = out.status.code().unwrap_or(-1);
    let mut text = String::from_utf8(out.stdout).unwrap();
    for l in String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("kvu: warning:"))
    {
        text.push_str(l);
        text.push('\n');
    }
    match filter.map(words).as_deref() {
        None => text,
        Some([head, n]) if head == "head" => {
            let n: usize = n.trim_start_matches('-').parse().unwrap();
            text.lines().take(n).map(|l| format!("{l}\n")).collect()
        }
        Some([grep, word]) if grep == "grep" => text
            .lines()
            .filter(|l| l.contains(word.as_str()))
            .map(|l| format!("{l}\n"))
            .collect(),
        Some(other) => panic!("the tour's filters are head and grep, not {other:?}"),
    }
}

#[test]
fn the_readme_tour_shows_what_kvu_prints() {
    let path = repo().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let mut env: HashMap<String, String> = TOUR_ENV
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut status = 0;
    let mut updated = String::new();
    let mut mismatches = Vec::new();
    let mut lines = readme.lines().peekable();
    while let Some(line) = lines.next() {
        updated.push_str(line);
        updated.push('\n');
        let starts_tour = line == "```text"
            && lines
                .peek()
                .is_some_and(|l| l.starts_with("$ kvu") || l.starts_with("$ export"));
        if !starts_tour {
            continue;
        }
        // The block: commands (a `\` continues one) and what they print, up to the closing fence.
        let mut block = Vec::new();
        for l in lines.by_ref() {
            if l == "```" {
                break;
            }
            block.push(l.to_string());
        }
        let mut i = 0;
        while i < block.len() {
            let mut command = block[i]
                .strip_prefix("$ ")
                .expect("a block starts with a command")
                .to_string();
            let mut shown = vec![block[i].clone()];
            while command.ends_with('\\') {
                i += 1;
                command = format!(
                    "{} {}",
                    command.trim_end_matches('\\').trim_end(),
                    block[i].trim()
                );
                shown.push(block[i].clone());
            }
            i += 1;
            let mut expected = String::new();
            while i < block.len() && !block[i].starts_with("$ ") {
                expected.push_str(&block[i]);
                expected.push('\n');
                i += 1;
            }
            let actual = run(&command, &mut env, &mut status);
            if actual != expected {
                mismatches.push(format!(
                    "$ {command}\n--- README\n{expected}--- kvu\n{actual}"
                ));
            }
            for s in shown {
                updated.push_str(&s);
                updated.push('\n');
            }
            updated.push_str(&actual);
        }
        updated.push_str("```\n");
    }
    if std::env::var_os("KVU_UPDATE_README").is_some() {
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert!(
        mismatches.is_empty(),
        "the README's tour is out of date (KVU_UPDATE_README=1 rewrites it):\n{}",
        mismatches.join("\n")
    );
}
