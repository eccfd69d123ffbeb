//! The docs are real: in the README and each page of `docs/`, every ```text block that starts with
//! `$ kvu` (or `$ export`) is run, from a clean environment (a page's `$ export` lines set it, as a reader
//! would), and what kvu prints must be what the page shows. `KVU_UPDATE_README=1 cargo test readme`
//! writes the current output into the pages instead. The README's set-up commands are what CI runs.

use std::collections::HashMap;

use assert_cmd::Command;

use crate::support::repo;

/// The pages whose `$ kvu` blocks run.
const PAGES: [&str; 6] = [
    "README.md",
    "docs/guide.md",
    "docs/cron.md",
    "docs/contract.md",
    "docs/benchmarks.md",
    "docs/architecture.md",
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
    let mut cmd = Command::cargo_bin("kvu").unwrap();
    cmd.current_dir(repo()).args(&w[1..]).env("COLUMNS", "200");
    for key in [
        "KVU_PLAN",
        "KVU_STAFF",
        "KVU_COMPLETIONS",
        "KVU_UNITS",
        "KVU_EXEMPTIONS",
        "KVU_AS_OF",
        "KVU_LANG",
        "KVU_ID_FORMAT",
        "KVU_CONFIG",
    ] {
        cmd.env_remove(key);
    }
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
fn the_docs_show_what_kvu_prints() {
    let mut mismatches = Vec::new();
    let mut ran = 0;
    for page in PAGES {
        ran += check_page(page, &mut mismatches);
    }
    assert!(
        mismatches.is_empty(),
        "the docs are out of date (KVU_UPDATE_README=1 rewrites them):\n{}",
        mismatches.join("\n")
    );
    assert!(ran >= 30, "only {ran} commands found in the docs");
}

/// Runs one page's blocks; returns how many commands ran, and adds what differs to `mismatches`.
fn check_page(page: &str, mismatches: &mut Vec<String>) -> usize {
    let path = repo().join(page);
    let readme = std::fs::read_to_string(&path).unwrap();
    let mut env: HashMap<String, String> = HashMap::new();
    let mut ran = 0;
    let mut status = 0;
    let mut updated = String::new();
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
            ran += 1;
            if actual != expected {
                mismatches.push(format!(
                    "{page}: $ {command}\n--- {page}\n{expected}--- kvu\n{actual}"
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
        mismatches.clear();
    }
    ran
}

/// The `cargo` lines of the README's "Set up" block.
fn set_up_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let (_, after) = readme.split_once("## Set up\n").expect("a Set up section");
    let (_, block) = after.split_once("```sh\n").unwrap();
    let (block, _) = block.split_once("```").unwrap();
    block
        .lines()
        .filter(|l| l.starts_with("cargo "))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_readme_set_up_commands_are_what_ci_runs() {
    let ci = std::fs::read_to_string(repo().join(".ci/run")).unwrap();
    // CI's commands as one line each: a `\` at a line's end continues it.
    let ci = ci.replace("\\\n", " ");
    let ci: Vec<String> = ci
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let commands = set_up_commands();
    assert_eq!(commands.len(), 2, "{commands:?}");
    for command in commands {
        assert!(
            ci.iter().any(|l| l == &command
                || l.starts_with(&format!("{command} >"))
                || l.starts_with(&format!("{command} 2>&1"))),
            "the README's `{command}` is not what .ci/run runs:\n{}",
            ci.join("\n")
        );
    }
}
