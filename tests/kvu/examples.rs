//! The README's tour runs the files in `plan/` and `examples/`; so do these tests.

use assert_cmd::Command;

use crate::support::{on_examples_text as kvu, repo};

#[test]
fn the_examples_validate_with_only_the_outside_the_plan_warning() {
    let (stdout, stderr, code) = kvu(&["validate", "--strict"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.ends_with("0 errors, 1 warning\n"), "{stdout}");
}

#[test]
fn the_examples_summary() {
    let (stdout, _, code) = kvu(&["gaps", "--summary", "--format", "csv"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn the_examples_gaps_of_one_department() {
    let (stdout, _, code) = kvu(&["gaps", "--unit", "F01-V01", "--format", "csv"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn the_danish_key_reproduces_the_clusters_published_shares() {
    let out = Command::cargo_bin("kvu")
        .unwrap()
        .current_dir(repo())
        .args([
            "--plan",
            "plan/dk-ledelsesprogram.yaml",
            "--staff",
            "examples/dk/staff.csv",
        ])
        .args([
            "--completions",
            "examples/dk/completions.csv",
            "--units",
            "examples/dk/units.csv",
        ])
        .args(["--as-of", "2026-01-01", "--format", "csv"])
        .args([
            "allocate",
            "--course",
            "ledelsesprogram",
            "--key",
            "examples/dk/klyngenoegle.csv",
        ])
        .args(["--seats", "41"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "unit,seats,gaps\nAARHUS,11,78\nHORSENS,7,57\nMIDT,7,60\nRANDERS,7,78\nVEST,9,90\n"
    );
}

#[test]
fn the_examples_unit_tree_gives_each_managers_email_to_the_split_index() {
    let tmp = tempfile::TempDir::new().unwrap();
    let dir = tmp.path().join("enheter");
    let (_, stderr, code) = kvu(&[
        "--quiet",
        "--split",
        "unit",
        "--format",
        "csv",
        "--output",
        dir.to_str().unwrap(),
        "gaps",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let index = std::fs::read_to_string(dir.join("index.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(index.as_bytes());
    let mut emails = Vec::new();
    for row in rows.records() {
        let row = row.unwrap();
        emails.push((row[0].to_string(), row[3].to_string()));
    }
    assert_eq!(emails.len(), 22, "{index}");
    assert_eq!(emails[0], ("VGR".to_string(), String::new()));
    assert!(
        emails[1..]
            .iter()
            .all(|(unit, email)| *email == format!("chef.{}@example.org", unit.to_lowercase()))
    );
}
