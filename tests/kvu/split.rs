//! `--split unit`: one file per unit, each what `--unit` that unit prints, plus index.csv; the folder
//! whole or not at all (SPEC.md, "Output").

use tempfile::TempDir;

use crate::support::{Kvu, on_examples as kvu};

/// `gaps` split into the folder `data`, where a test has put an input.
const GAPS_INTO_DATA: [&str; 7] = [
    "--as-of",
    "2024-01-01",
    "--split",
    "unit",
    "--output",
    "data",
    "gaps",
];

/// index.csv's rows: unit and file.
fn index(dir: &std::path::Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(dir.join("index.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["unit", "name", "parent", "email", "file", "rows"]
    );
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn split_every_file_is_what_the_unit_run_prints() {
    let tmp = TempDir::new().unwrap();
    for (format, command) in [
        ("csv", vec!["gaps"]),
        ("csv", vec!["gaps", "--summary"]),
        ("json", vec!["priority", "--course", "kvu-chef"]),
        ("csv", vec!["report", "--year", "2025"]),
        ("csv", vec!["trend", "--from", "2026-01"]),
        ("csv", vec!["forecast", "--months", "3"]),
        ("table", vec!["gaps", "--summary"]),
    ] {
        let dir = tmp.path().join(format!("{format}-{}", command.join("-")));
        let dir_text = dir.to_str().unwrap();
        let mut args = vec!["--split", "unit", "--output", dir_text, "--format", format];
        args.extend(&command);
        let (_, stderr, code) = kvu(&args);
        assert_eq!(code, 0, "{stderr}");
        let units = index(&dir);
        assert_eq!(
            units.len(),
            22,
            "every unit of the examples' tree has staff"
        );
        // Every third unit (the root, clinics, wards): a run each costs a process.
        for row in units.iter().step_by(3) {
            let mut one = vec!["--format", format];
            one.extend(&command);
            one.extend(["--unit", &row[0]]);
            let (expected, _, _) = kvu(&one);
            let written = std::fs::read(dir.join(&row[4])).unwrap();
            assert!(
                written == expected,
                "{command:?} {}: the file differs from --unit's output",
                row[0]
            );
            if format == "csv" {
                let lines = written.iter().filter(|&&b| b == b'\n').count() - 1;
                assert_eq!(row[5], lines.to_string(), "rows: data rows in the file");
            }
        }
    }
}

#[test]
fn split_index_lists_name_parent_and_the_managers_email() {
    let k = Kvu::new()
        .staff(
            "1,A,Avd 7,medarbetare,enhet,2020-01-01
             2,B,Avd 8,medarbetare,enhet,2020-01-01",
        )
        .file(
            "units.csv",
            "unit,parent,name,email\nKlin,,Kliniken,chef@example.se\nAvd 7,Klin,Avdelning 7,avd7@example.se\nAvd 8,Klin,Avdelning 8,\nAvd 9,Klin,Tom avdelning,\n",
        );
    k.split(&["--output", "out", "--format", "csv", "gaps"])
        .ok();
    assert_eq!(
        k.read("out/index.csv"),
        "unit,name,parent,email,file,rows\n\
         Klin,Kliniken,,chef@example.se,klin.csv,2\n\
         Avd 7,Avdelning 7,Klin,avd7@example.se,avd-7.csv,1\n\
         Avd 8,Avdelning 8,Klin,,avd-8.csv,1\n",
        "Avd 9 has no staff: no file"
    );
    // --split-depth 1: the roots only.
    k.split(&[
        "--split-depth",
        "1",
        "--output",
        "top",
        "--format",
        "csv",
        "gaps",
    ])
    .ok();
    assert_eq!(index(&k.path("top")).len(), 1);
}

#[test]
fn split_without_a_tree_takes_the_staff_exports_units() {
    let k = Kvu::new().staff(
        "1,A,Avd 7,medarbetare,enhet,2020-01-01
         2,B,avd 7,chef,enhet,2020-01-01
         3,C,Kök Öst,medarbetare,enhet,2020-01-01",
    );
    k.split(&["--output", "out", "--format", "csv", "gaps"])
        .ok();
    let rows = index(&k.path("out"));
    let files: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(files, [("Avd 7", "avd-7.csv"), ("Kök Öst", "kok-ost.csv")]);
    // --role keeps the units with someone in that role.
    k.split(&[
        "--output", "chefs", "--format", "csv", "gaps", "--role", "chef",
    ])
    .ok();
    assert_eq!(index(&k.path("chefs")).len(), 1);
}

#[test]
fn split_replaces_only_an_empty_folder_or_one_kvu_wrote() {
    let k = Kvu::new().staff("1,A,Avd 7,medarbetare,enhet,2020-01-01");
    k.split(&["--output", "out", "gaps"]).ok();
    std::fs::write(k.path("out/stale.txt"), "from last month").unwrap();
    k.split(&["--output", "out", "gaps"]).ok();
    assert!(
        !k.path("out/stale.txt").exists(),
        "kvu's folder is replaced whole"
    );
    assert!(k.path("out/avd-7.txt").exists());
    std::fs::create_dir(k.path("mine")).unwrap();
    std::fs::write(k.path("mine/notes.txt"), "keep").unwrap();
    let run = k.split(&["--output", "mine", "gaps"]);
    assert!(
        run.error().contains("holds no kvu index.csv"),
        "{}",
        run.stderr
    );
    assert_eq!(k.read("mine/notes.txt"), "keep");
    // A folder holding an input is never replaced.
    k.kvu_folder("data");
    std::fs::copy(k.path("staff.csv"), k.path("data/staff.csv")).unwrap();
    let run = k.run_staff("data/staff.csv", &GAPS_INTO_DATA);
    assert!(run.error().contains("--staff"), "{}", run.stderr);
    assert!(k.path("data/staff.csv").exists());
}

#[test]
fn split_bad_combinations_are_errors_and_nothing_is_written() {
    let k = Kvu::new().staff("1,A,Avd 7,medarbetare,enhet,2020-01-01");
    let run = k.run(&["--split", "unit", "gaps"]);
    assert!(run.error().contains("--output DIR"), "{}", run.stderr);
    let run = k.run(&[
        "--split", "unit", "--output", "out", "allocate", "--course", "webb", "--seats", "2",
    ]);
    assert!(
        run.error().contains("gaps, priority, report"),
        "{}",
        run.stderr
    );
    let run = k.run(&[
        "--split", "unit", "--output", "out", "gaps", "--course", "nope",
    ]);
    assert!(run.error().contains("nope"), "{}", run.stderr);
    let run = k.run(&["--split-depth", "2", "--output", "out", "gaps"]);
    assert_eq!(run.code, 2);
    std::fs::write(k.path("file"), "x").unwrap();
    let run = k.run(&["--split", "unit", "--output", "file", "gaps"]);
    assert!(run.error().contains("is a file"), "{}", run.stderr);
    assert!(!k.path("out").exists());
    assert_eq!(k.temporary_files(), Vec::<String>::new());
}

#[test]
fn split_refuses_a_folder_holding_an_input_workbook_named_with_its_sheet() {
    let k = Kvu::new().staff("1,A,Avd 7,medarbetare,enhet,2020-01-01");
    k.kvu_folder("data");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Personal").unwrap();
    let rows = [
        ["employee_id", "name", "unit", "role", "level", "start_date"],
        ["1", "A", "Avd 7", "medarbetare", "enhet", "2020-01-01"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save(k.path("data/staff.xlsx")).unwrap();
    let run = k.run_staff("data/staff.xlsx#Personal", &GAPS_INTO_DATA);
    assert!(run.error().contains("--staff"), "{}", run.stderr);
    assert!(
        k.path("data/staff.xlsx").exists(),
        "the input is still there"
    );
}

/// A clinic and its wards: names with å, ä, ö and é, two that make the same file name, and a ward the
/// tree gives no name.
fn named_tree() -> Kvu {
    Kvu::new()
        .staff(
            "1,A,Klin,medarbetare,enhet,2020-01-01
             2,B,Avd 7,medarbetare,enhet,2020-01-01
             3,C,Avd 8,medarbetare,enhet,2020-01-01
             4,D,Avd 9,medarbetare,enhet,2020-01-01",
        )
        .file(
            "units.csv",
            "unit,parent,name\nKlin,,Kliniken för Hjärt- & Kärlsjukdomar\nAvd 7,Klin,Avdelning Öst/Väst\nAvd 8,Klin,avdelning öst väst\nAvd 9,Klin,\n",
        )
}

/// index.csv's units and files.
fn files(dir: &std::path::Path) -> Vec<(String, String)> {
    index(dir)
        .into_iter()
        .map(|r| (r[0].clone(), r[4].clone()))
        .collect()
}

#[test]
fn split_names_name_each_file_after_the_units_name_made_safe() {
    let k = named_tree();
    k.split(&[
        "--split-names",
        "name",
        "--output",
        "out",
        "--format",
        "csv",
        "gaps",
    ])
    .ok();
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(u, f)| (u.to_string(), f.to_string()))
            .collect()
    };
    // Safe lower-case ASCII, `-2` on a clash, and a unit without a name by its id.
    assert_eq!(
        files(&k.path("out")),
        pairs(&[
            ("Klin", "kliniken-for-hjart-karlsjukdomar.csv"),
            ("Avd 7", "avdelning-ost-vast.csv"),
            ("Avd 8", "avdelning-ost-vast-2.csv"),
            ("Avd 9", "avd-9.csv"),
        ])
    );
    // Each file is the unit's, as index.csv says.
    let avd_8 = k.at(
        "2024-01-01",
        &["gaps", "--unit", "Avd 8", "--format", "csv"],
    );
    assert_eq!(k.read("out/avdelning-ost-vast-2.csv"), avd_8.ok());
    assert!(avd_8.ok().contains("\n3,C,Avd 8,"), "{}", avd_8.stdout);
}

#[test]
fn split_names_default_is_the_id_and_kvu_toml_may_choose_the_name() {
    let k = named_tree();
    k.split(&["--output", "ids", "--format", "csv", "gaps"])
        .ok();
    let by_id = files(&k.path("ids"));
    assert_eq!(
        by_id.iter().map(|(_, f)| f.as_str()).collect::<Vec<_>>(),
        ["klin.csv", "avd-7.csv", "avd-8.csv", "avd-9.csv"]
    );
    k.split(&[
        "--split-names",
        "id",
        "--output",
        "ids2",
        "--format",
        "csv",
        "gaps",
    ])
    .ok();
    assert_eq!(files(&k.path("ids2")), by_id);
    let k = k.file("kvu.toml", "split_names = \"name\"\n");
    k.split(&["--output", "names", "--format", "csv", "gaps"])
        .ok();
    assert_eq!(files(&k.path("names"))[1].1, "avdelning-ost-vast.csv");
    // The flag beats the file.
    k.split(&[
        "--split-names",
        "id",
        "--output",
        "flag",
        "--format",
        "csv",
        "gaps",
    ])
    .ok();
    assert_eq!(files(&k.path("flag")), by_id);
    let k = k.file("kvu.toml", "split_names = \"title\"\n");
    let run = k.split(&["--output", "bad", "gaps"]);
    assert_eq!(
        run.error(),
        "kvu: error: kvu.toml:1: split_names: `title` is no split name, expected id or name"
    );
    assert!(!k.path("bad").exists());
}

#[test]
fn split_names_without_a_tree_name_files_after_the_unit_as_written() {
    let k = Kvu::new().staff("1,A,Kök Öst,medarbetare,enhet,2020-01-01");
    k.split(&[
        "--split-names",
        "name",
        "--output",
        "out",
        "--format",
        "csv",
        "gaps",
    ])
    .ok();
    assert_eq!(
        files(&k.path("out")),
        [("Kök Öst".to_string(), "kok-ost.csv".to_string())]
    );
    // --split-names is for --split.
    let run = k.run(&["--split-names", "name", "gaps"]);
    assert_eq!(run.code, 2);
}
