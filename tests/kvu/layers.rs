//! The rooms the source keeps: no import cycle between the crate's top-level modules (each `crate::X`
//! a module's code names is an arrow to `X`), and no global lock but the one the output sink's signal
//! clean-up needs (a problem's place travels with it, not through a global).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Each file under `src/` (relative, with `/`) and its text.
fn sources() -> Vec<(String, String)> {
    let src = crate::support::repo().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(&src).unwrap();
            let name = relative.to_string_lossy().replace('\\', "/");
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// The files that are modules of tests alone (`#[cfg(test)] mod fixture;` in their folder's mod.rs).
fn test_modules(sources: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (file, text) in sources {
        let folder = file.rsplit_once('/').map_or("", |(dir, _)| dir);
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            let module = pair[1]
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub ")
                .strip_prefix("mod ")
                .and_then(|m| m.strip_suffix(';'));
            if let (true, Some(module)) = (pair[0] == "#[cfg(test)]", module)
                && file.ends_with("mod.rs")
            {
                found.push(format!("{folder}/{module}.rs"));
            }
        }
    }
    found
}

/// A line without its `//` comment.
fn code(line: &str) -> &str {
    line.split("//").next().unwrap_or("")
}

/// The lines (1-based) that declare a `static` Mutex or RwLock.
fn static_locks(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let code = code(line);
            let is_static = code.split_whitespace().any(|w| w == "static");
            is_static && (code.contains("Mutex") || code.contains("RwLock"))
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// The top-level module a file under `src/` is part of (`load/mod.rs` and `load.rs`: `load`).
fn room(file: &str) -> &str {
    let first = file.split('/').next().unwrap_or(file);
    first.strip_suffix(".rs").unwrap_or(first)
}

/// Each top-level module and the others its code names as `crate::X` (or `crate::{X, Y}`).
fn arrows(files: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut arrows: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, text) in files {
        let from = room(file);
        for line in text.lines() {
            let code = code(line);
            for (at, _) in code.match_indices("crate::") {
                let rest = &code[at + "crate::".len()..];
                let names: Vec<&str> = match rest.strip_prefix('{') {
                    Some(group) => group
                        .split(['}', ','])
                        .map(|n| n.trim().split("::").next().unwrap_or(""))
                        .collect(),
                    None => vec![rest],
                };
                for name in names {
                    let to: String = name
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !to.is_empty() && to != from {
                        arrows.entry(from.to_string()).or_default().insert(to);
                    }
                }
            }
        }
    }
    arrows
}

/// A cycle of modules (`a -> b -> a`), if the arrows have one.
fn cycle(arrows: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn walk(
        at: &str,
        arrows: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == at) {
            let mut found = path[i..].to_vec();
            found.push(at.to_string());
            return Some(found);
        }
        if done.contains(at) {
            return None;
        }
        path.push(at.to_string());
        for to in arrows.get(at).into_iter().flatten() {
            if let Some(found) = walk(to, arrows, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(at.to_string());
        None
    }
    let mut done = BTreeSet::new();
    arrows
        .keys()
        .find_map(|from| walk(from, arrows, &mut Vec::new(), &mut done))
}

#[test]
fn no_static_lock_but_the_output_sinks_signal_clean_up() {
    let mut found = Vec::new();
    for (file, text) in sources() {
        for line in static_locks(&text) {
            if file != "output/sink.rs" {
                found.push(format!("src/{file}:{line}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "a static Mutex or RwLock outside src/output/sink.rs:\n{}",
        found.join("\n")
    );
}

#[test]
fn static_locks_are_found_in_code_not_in_comments() {
    let text = "use std::sync::Mutex;\nstatic A: Mutex<u8> = Mutex::new(0);\n// static B: RwLock\npub static C: std::sync::RwLock<u8> = RwLock::new(0);\nstatic D: u8 = 0;\n";
    assert_eq!(static_locks(text), [2, 4]);
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let arrows = arrows(&sources());
    assert!(
        arrows.contains_key("load"),
        "the arrows are read: {arrows:?}"
    );
    if let Some(found) = cycle(&arrows) {
        panic!(
            "top-level modules import each other in a circle: {}",
            found.join(" -> ")
        );
    }
    for (lower, upper) in [("plan", "load"), ("diag", "load"), ("model", "load")] {
        assert!(
            !arrows.get(lower).is_some_and(|to| to.contains(upper)),
            "{lower} imports {upper}, which imports it"
        );
    }
    assert!(
        !arrows.contains_key("error"),
        "error is the ground floor, importing no other module: {:?}",
        arrows.get("error")
    );
}

#[test]
fn import_cycles_are_found() {
    let files = [
        ("a.rs", "use crate::b::x; // crate::c\n"),
        ("b/mod.rs", "use crate::{c::y, d};\n"),
        ("c.rs", "fn f() { crate::a::g() }\n"),
    ]
    .map(|(f, t)| (f.to_string(), t.to_string()));
    let found = arrows(&files);
    assert_eq!(
        found["b"],
        BTreeSet::from(["c".to_string(), "d".to_string()])
    );
    assert_eq!(cycle(&found).unwrap(), ["a", "b", "c", "a"]);
    let no_cycle = arrows(&files[..2]);
    assert_eq!(cycle(&no_cycle), None);
}

/// A file's code outside its test module (`#[cfg(test)]` and what follows), comments left out, as
/// (line, code) pairs.
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .take_while(|line| line.trim() != "#[cfg(test)]")
        .enumerate()
        .map(|(i, line)| (i + 1, code(line)))
        .collect()
}

/// What a line of code names that a room may not: the identifiers `words` names, and the texts of
/// `texts`.
fn forbidden<'t>(code: &str, words: &[&'t str], texts: &[&'t str]) -> Vec<&'t str> {
    let idents: Vec<&str> = code
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    let mut found: Vec<&str> = words
        .iter()
        .filter(|w| idents.contains(w))
        .copied()
        .collect();
    found.extend(texts.iter().filter(|t| code.contains(*t)).copied());
    found
}

/// `src/commands/` and `src/rules/` compute: they choose no language and no format and read no file
/// (outside their tests); nothing outside src/output/ says a thing in a language: `Lang::Sv` and `.pick(`
/// belong to the output, which turns typed results into words.
#[test]
fn commands_compute_and_output_speaks() {
    let io = [
        "std::fs",
        "fs::",
        "File::",
        "OpenOptions",
        "read_to_string",
        "BufReader",
    ];
    let mut found = Vec::new();
    let sources = sources();
    let tests_only = test_modules(&sources);
    for (file, text) in sources.iter().filter(|(f, _)| !tests_only.contains(f)) {
        let computes = file.starts_with("commands/") || file.starts_with("rules/");
        // Only the output speaks; cli.rs maps the flag's value onto the language, and says nothing.
        let says_nothing = !file.starts_with("output/") && file != "cli.rs";
        for (line, code) in code_lines(text) {
            let mut bad = Vec::new();
            if computes {
                bad.extend(forbidden(code, &["Lang", "Format"], &io));
            }
            if says_nothing {
                bad.extend(forbidden(code, &[], &["Lang::Sv", ".pick("]));
            }
            if !bad.is_empty() {
                found.push(format!("src/{file}:{line}: {}", bad.join(", ")));
            }
        }
    }
    assert!(
        found.is_empty(),
        "a language, a format or a file where commands compute (words belong to src/output/):\n{}",
        found.join("\n")
    );
}

#[test]
fn forbidden_names_are_found_as_identifiers_not_inside_others() {
    assert_eq!(
        forbidden("let f: Format = x;", &["Format"], &[]),
        ["Format"]
    );
    assert!(forbidden("fn fmt(f: &mut fmt::Formatter)", &["Format"], &[]).is_empty());
    assert_eq!(
        forbidden("lang.pick(\"a\", \"b\")", &[], &[".pick("]),
        [".pick("]
    );
    assert_eq!(
        code_lines("a\n// Lang\n#[cfg(test)]\nmod tests { Lang }\n"),
        [(1, "a"), (2, "")]
    );
}
