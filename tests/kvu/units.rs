//! `kvu units`: the units with their staff, from the staff export and the unit tree only.

use crate::support::Kvu;

/// Runs `kvu units` with only `--staff` (and `--units` when the fixture has a tree): no plan, no
/// completion export.
fn units(k: &Kvu, args: &[&str]) -> crate::support::Run {
    k.write();
    let mut all = vec!["--staff", "staff.csv"];
    if k.path("units.csv").exists() {
        all.extend(["--units", "units.csv"]);
    }
    all.push("units");
    all.extend(args);
    k.run_existing(&all)
}

fn tree() -> Kvu {
    Kvu::new()
        .staff(
            "e1,,B1,medarbetare,enhet,
             e2,,B1,medarbetare,enhet,
             e2,,B2,chef,enhet,
             e3,,b2,medarbetare,enhet,
             e4,,A,chef,forvaltning,
             e5,,C1,medarbetare,enhet,",
        )
        .units(
            "R2,,Region Två
             B,A,Bee
             A,,Region A
             C,R2,Cee
             B2,B,Bee 2
             B1,B,Bee 1
             C1,C,\"Cee 1, east\"",
        )
}

#[test]
fn units_with_a_tree_lists_each_unit_followed_by_its_sub_units_in_file_order() {
    assert_eq!(
        units(&tree(), &["--format", "csv"]).ok(),
        "unit,name,parent,depth,staff
R2,Region Två,,1,1
C,Cee,R2,2,1
C1,\"Cee 1, east\",C,3,1
A,Region A,,1,4
B,Bee,A,2,3
B2,Bee 2,B,3,2
B1,Bee 1,B,3,2
"
    );
}

#[test]
fn units_staff_counts_each_person_once_at_and_above_their_posts() {
    // e2 has posts in B1 and B2: once in each, once in B and in A.
    let csv = units(&tree(), &["--format", "csv"]).ok().to_string();
    assert!(csv.contains("\nB,Bee,A,2,3\n") && csv.contains("\nA,Region A,,1,4\n"));
}

#[test]
fn units_needs_no_plan_and_no_completion_export() {
    let k = tree();
    let run = units(&k, &["--format", "csv"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    // Exemptions and completions named in the environment are not read.
    let k = k
        .env("KVU_COMPLETIONS", "no-such-file.csv")
        .env("KVU_EXEMPTIONS", "no-such-file.csv");
    let run = units(&k, &["--format", "csv"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn units_still_demands_the_staff_export() {
    let run = Kvu::new().run_raw(&["units"]);
    assert_eq!(
        run.error(),
        "kvu: error: no staff file given, expected --staff FILE, KVU_STAFF or `staff` in kvu.toml"
    );
}

#[test]
fn units_json_has_the_csv_keys_with_numbers() {
    let json = units(&tree(), &["--format", "json"]).ok().to_string();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v[0],
        serde_json::json!({"unit": "R2", "name": "Region Två", "parent": "", "depth": 1, "staff": 1})
    );
    assert_eq!(v.as_array().unwrap().len(), 7);
}

#[test]
fn units_table_indents_sub_units() {
    let table = units(&tree(), &[]).ok().to_string();
    assert!(table.contains("\n     B1   "), "{table}");
    assert!(
        table.ends_with("(5 people in the staff export).\n"),
        "{table}"
    );
}

#[test]
fn units_without_a_tree_lists_the_staff_units_in_code_point_order() {
    let k = Kvu::new().staff(
        "e1,,Avd 2,medarbetare,enhet,
         e2,,avd 10,medarbetare,enhet,
         e3,,AVD 10,chef,enhet,
         e3,,Avd 10,medarbetare,enhet,
         e4,,Ögon,medarbetare,enhet,
         e5,,Öron,medarbetare,enhet,",
    );
    // Units compared ignoring case, written as their first row writes them.
    assert_eq!(
        units(&k, &["--format", "csv"]).ok(),
        "unit,staff\nAvd 2,1\navd 10,2\nÖgon,1\nÖron,1\n"
    );
    let table = units(&k, &[]).ok().to_string();
    assert!(
        table
            .lines()
            .any(|l| l.split_whitespace().eq(["Total", "5"])),
        "{table}"
    );
}

#[test]
fn units_says_which_staff_units_the_tree_lacks() {
    let k = tree().staff("e1,,B1,medarbetare,enhet,\ne9,,Z9,medarbetare,enhet,");
    let run = units(&k, &[]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("unit `Z9` is not in the unit tree"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("1 staff units are not in the unit tree")
    );
}

#[test]
fn units_of_a_very_deep_tree_are_counted_without_a_blowup() {
    let depth = 50_000;
    let mut rows = String::from("u0,,\n");
    for i in 1..depth {
        rows.push_str(&format!("u{i},u{},\n", i - 1));
    }
    let mut staff = String::new();
    for p in 0..2_000 {
        staff.push_str(&format!(
            "p{p},,u{},medarbetare,enhet,\n",
            depth - 1 - p % 3
        ));
    }
    let k = Kvu::new().units(&rows).staff(&staff);
    let start = std::time::Instant::now();
    let run = units(&k, &["--format", "csv"]);
    let csv = run.ok();
    assert!(csv.starts_with("unit,name,parent,depth,staff\nu0,,,1,2000\nu1,,u0,2,2000\n"));
    assert!(csv.ends_with(&format!("u{},,u{},{depth},667\n", depth - 1, depth - 2)));
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

#[test]
fn units_reads_the_staff_export_through_a_plans_columns_when_one_is_given() {
    let k = Kvu::new()
        .plan_edit(
            "priority:",
            "columns:\n  staff: { employee_id: Anställningsnummer, unit: Enhet }\npriority:",
        )
        .file(
            "staff.csv",
            "Anställningsnummer;Enhet;role;level\n10042;Avd 12;medarbetare;enhet\n",
        );
    k.write();
    let run = k.run_existing(&[
        "--plan",
        "plan.yaml",
        "--staff",
        "staff.csv",
        "units",
        "--format",
        "csv",
    ]);
    assert_eq!(run.ok(), "unit,staff\nAvd 12,1\n");
}
