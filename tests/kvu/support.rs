//! The test helper: writes fixture files into a temporary folder, runs the real `kvu` binary there, and
//! gives back stdout, stderr and the exit code to compare exactly.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A small plan in the shape of the contract's (docs/contract.md) example. Tests edit it with [`Kvu::plan_edit`].
pub const PLAN: &str = r#"name: Testplan
organisation: Testregionen
levels:
  koncern: Koncernledning
  forvaltning: Förvaltning
  enhet: Enhet
roles:
  medarbetare: Medarbetare
  chef: Chef
  vu: Verksamhetsutvecklare
courses:
  - id: webb
    name: Webbkurs
    hours: 2
    due_months: 3
    codes: [W-OLD]
  - id: chef25
    name: Chefskurs 2,5 dagar
    hours: 20
    due_months: 12
  - id: hp15
    name: KVU 15 hp
    hours: 400
    satisfies: [chef25]
matrix:
  medarbetare:
    "*": [webb]
  chef:
    "*": [webb, chef25]
    forvaltning: [hp15]
  vu:
    "*": [webb, chef25, hp15]
priority:
  - { role: chef, course: chef25 }
  - { role: vu }
  - { course: webb }
"#;

/// The fixture's plan, staff and completion files as global options.
pub const FILES: [&str; 6] = [
    "--plan",
    "plan.yaml",
    "--staff",
    "staff.csv",
    "--completions",
    "completions.csv",
];

pub const STAFF_HEADER: &str = "employee_id,name,unit,role,level,start_date\n";
pub const COMPLETIONS_HEADER: &str = "employee_id,course,completed,session\n";
pub const GAPS_HEADER: &str = "employee_id,name,unit,role,level,course,status,due\n";
pub const SUMMARY_HEADER: &str = "unit,course,required,met,exempt,overdue,due,expired\n";

pub struct Kvu {
    pub dir: TempDir,
    plan: String,
    files: Vec<(&'static str, String)>,
    env: Vec<(String, String)>,
}

#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// A finished process's output, as text.
    pub fn of(out: std::process::Output) -> Run {
        Run {
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
            code: out.status.code().unwrap_or(-1),
        }
    }

    /// Exit 0 with nothing on stderr; returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(
            (self.code, self.stderr.as_str()),
            (0, ""),
            "stdout:\n{}",
            self.stdout
        );
        &self.stdout
    }

    /// Exit 2 with nothing on stdout; returns the one line on stderr.
    #[track_caller]
    pub fn error(&self) -> &str {
        assert_eq!(
            self.code, 2,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert_eq!(self.stdout, "", "an error prints nothing on stdout");
        assert_eq!(
            self.stderr.lines().count(),
            1,
            "one line on stderr:\n{}",
            self.stderr
        );
        assert!(self.stderr.starts_with("kvu: error: "), "{}", self.stderr);
        assert!(!self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"));
        self.stderr.trim_end()
    }
}

impl Kvu {
    pub fn new() -> Kvu {
        Kvu {
            dir: TempDir::new().unwrap(),
            plan: PLAN.to_string(),
            files: Vec::new(),
            env: Vec::new(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Replaces text in the plan; the text must be there.
    #[track_caller]
    pub fn plan_edit(mut self, from: &str, to: &str) -> Kvu {
        assert!(self.plan.contains(from), "the test plan has no `{from}`");
        self.plan = self.plan.replacen(from, to, 1);
        self
    }

    /// The staff export: the standard header plus these rows.
    pub fn staff(self, rows: &str) -> Kvu {
        self.file("staff.csv", &format!("{STAFF_HEADER}{}", dedent(rows)))
    }

    /// The completion export: the standard header plus these rows.
    pub fn completions(self, rows: &str) -> Kvu {
        self.file(
            "completions.csv",
            &format!("{COMPLETIONS_HEADER}{}", dedent(rows)),
        )
    }

    pub fn units(self, rows: &str) -> Kvu {
        self.file("units.csv", &format!("unit,parent,name\n{}", dedent(rows)))
    }

    pub fn exemptions(self, rows: &str) -> Kvu {
        self.file(
            "exemptions.csv",
            &format!("employee_id,course,until,reason\n{}", dedent(rows)),
        )
    }

    /// A file with exactly this content (header included).
    pub fn file(mut self, name: &'static str, content: &str) -> Kvu {
        self.files.retain(|(n, _)| *n != name);
        self.files.push((name, content.to_string()));
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Kvu {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// Writes the fixture files into the folder.
    pub fn write(&self) {
        std::fs::write(self.path("plan.yaml"), &self.plan).unwrap();
        for (name, content) in &self.files {
            std::fs::write(self.path(name), content).unwrap();
        }
        for name in ["staff.csv", "completions.csv"] {
            if !self.path(name).exists() {
                let header = if name == "staff.csv" {
                    STAFF_HEADER
                } else {
                    COMPLETIONS_HEADER
                };
                std::fs::write(self.path(name), header).unwrap();
            }
        }
    }

    /// Runs kvu with the fixture files as global options, then `args`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.write();
        self.run_files(args)
    }

    /// Like [`Kvu::run`] on the files as they are in the folder (none is written, so none changes).
    pub fn run_files(&self, args: &[&str]) -> Run {
        let mut files = FILES.to_vec();
        if self.path("units.csv").exists() {
            files.extend(["--units", "units.csv"]);
        }
        if self.path("exemptions.csv").exists() {
            files.extend(["--exemptions", "exemptions.csv"]);
        }
        self.run_existing(&files.iter().chain(args).copied().collect::<Vec<_>>())
    }

    /// Like [`Kvu::run`], as of this date (`--as-of`).
    pub fn at(&self, as_of: &str, args: &[&str]) -> Run {
        self.run(&[&["--as-of", as_of][..], args].concat())
    }

    /// `kvu site --output out` as of 2026-10-31, quietly, on the fixture (the pages in `out/`).
    pub fn site(&self) -> Run {
        self.at("2026-10-31", &["--quiet", "site", "--output", "out"])
    }

    /// The text of a file in the folder (one kvu wrote).
    #[track_caller]
    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// `--split unit` as of 2024-01-01 on the fixture, then `args` (`--output DIR`, the command).
    pub fn split(&self, args: &[&str]) -> Run {
        self.at("2024-01-01", &[&["--split", "unit"][..], args].concat())
    }

    /// A folder `name` that kvu wrote (its `index.csv`, with no row), so that a run may replace it.
    pub fn kvu_folder(&self, name: &str) {
        std::fs::create_dir_all(self.path(name)).unwrap();
        std::fs::write(
            self.path(name).join("index.csv"),
            "unit,name,parent,email,file,rows\n",
        )
        .unwrap();
    }

    /// The names in the folder of kvu's temporary files and folders (`.NAME.XXXXXX.kvu-tmp`).
    pub fn temporary_files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("kvu-tmp"))
            .collect();
        names.sort();
        names
    }

    /// Runs kvu with exactly these arguments (after writing the fixture files).
    pub fn run_raw(&self, args: &[&str]) -> Run {
        self.write();
        self.run_existing(args)
    }

    /// Runs kvu on the fixture with another staff export (`data/staff.csv`, `book.xlsx#Sheet`), then
    /// `args` (after writing the fixture files).
    pub fn run_staff(&self, staff: &str, args: &[&str]) -> Run {
        self.write();
        let files = ["--plan", "plan.yaml", "--staff", staff];
        self.run_existing(&[&files[..], &FILES[4..], args].concat())
    }

    /// Runs kvu with exactly these arguments on the files as they are in the folder.
    pub fn run_existing(&self, args: &[&str]) -> Run {
        let mut cmd = self.process();
        cmd.args(args);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        Run::of(cmd.output().unwrap())
    }

    /// Runs kvu with exactly these arguments on the files as they are in the folder, `input` on its
    /// standard input.
    pub fn run_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        let out = Command::from_std(self.process())
            .args(args)
            .write_stdin(input)
            .output()
            .unwrap();
        Run::of(out)
    }

    /// The kvu binary as a process to set up by hand (pipes, signals, standard input): in the folder,
    /// with none of the environment that would change what it reads or prints, and no argument yet.
    pub fn process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("kvu"));
        cmd.current_dir(self.dir.path());
        for key in [
            "KVU_PLAN",
            "KVU_STAFF",
            "KVU_COMPLETIONS",
            "KVU_UNITS",
            "KVU_EXEMPTIONS",
            "KVU_AS_OF",
            "COLUMNS",
            "KVU_ID_FORMAT",
            "KVU_LANG",
            "KVU_CONFIG",
            "KVU_HISTORY",
            "KVU_HISTORY_WAIT_MS",
            "KVU_HISTORY_PAUSE_MS",
        ] {
            cmd.env_remove(key);
        }
        cmd
    }
}

/// `n` generated lines, line `i` made by `line(i)`, each ending in a newline (plans, exports and trees
/// of any size).
pub fn numbered(n: usize, line: impl Fn(usize) -> String) -> String {
    (0..n).map(|i| line(i) + "\n").collect()
}

/// Lets fixtures be indented in the test source: drops leading white space on every line.
pub fn dedent(text: &str) -> String {
    text.lines()
        .map(str::trim_start)
        .filter(|l| !l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The repository's own folder, for tests that run the files in `plan/` and `examples/`.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped examples as global options, as of their export date (the README tour's inputs).
pub const EXAMPLES: [&str; 12] = [
    "--plan",
    "plan/vgr-2024.yaml",
    "--staff",
    "examples/staff.csv",
    "--completions",
    "examples/completions.csv",
    "--units",
    "examples/units.csv",
    "--exemptions",
    "examples/exemptions.csv",
    "--as-of",
    "2026-10-31",
];

/// Runs kvu in the repository on the shipped examples ([`EXAMPLES`]), then `args`, with none of the
/// environment that would change what it prints: stdout as bytes, stderr, the exit code.
pub fn on_examples(args: &[&str]) -> (Vec<u8>, String, i32) {
    on_examples_with_staff(EXAMPLES[3], args)
}

/// Like [`on_examples`], with another staff export (a path in the repository).
pub fn on_examples_with_staff(staff: &str, args: &[&str]) -> (Vec<u8>, String, i32) {
    let mut examples = EXAMPLES;
    examples[3] = staff;
    let mut cmd = Command::cargo_bin("kvu").unwrap();
    cmd.current_dir(repo()).args(examples).args(args);
    for key in [
        "KVU_LANG",
        "KVU_AS_OF",
        "KVU_ID_FORMAT",
        "KVU_CONFIG",
        "COLUMNS",
    ] {
        cmd.env_remove(key);
    }
    let out = cmd.output().unwrap();
    (
        out.stdout,
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

/// [`on_examples`] with stdout as text.
pub fn on_examples_text(args: &[&str]) -> (String, String, i32) {
    let (stdout, stderr, code) = on_examples(args);
    (String::from_utf8(stdout).unwrap(), stderr, code)
}
