//! `kvu report --year`: one test per counting rule of the contract (docs/contract.md).

use crate::support::{Kvu, dedent};

const HEADER: &str = "course,name,participants,completions,sessions,hours\n";
const BY_HEADER: &str = "group,course,name,participants,completions,sessions,hours\n";

fn report(k: &Kvu, args: &[&str]) -> String {
    let mut all = vec!["report", "--format", "csv", "--as-of", "2025-06-30"];
    all.extend(args);
    k.run(&all).ok().to_string()
}

fn csv(rows: &str) -> String {
    format!("{HEADER}{}", dedent(rows))
}

fn by_csv(rows: &str) -> String {
    format!("{BY_HEADER}{}", dedent(rows))
}

fn staff() -> Kvu {
    Kvu::new().staff(
        "e1,,Avd 1,medarbetare,enhet,2020-01-01
         e2,,Avd 2,chef,enhet,2020-01-01
         e3,,Avd 2,vu,forvaltning,2020-01-01",
    )
}

#[test]
fn every_plan_course_has_a_row_in_plan_order_then_total() {
    let k = staff();
    assert_eq!(
        report(&k, &["--year", "2024"]),
        csv("webb,Webbkurs,0,0,0,0
             chef25,\"Chefskurs 2,5 dagar\",0,0,0,0
             hp15,KVU 15 hp,0,0,0,0
             TOTAL,,0,0,0,0")
    );
}

#[test]
fn completions_participants_sessions_and_hours_in_the_year() {
    let k = staff().completions(
        "e1,webb,2023-12-31,
         e1,webb,2024-01-01,
         e2,webb,2024-01-01 15:00,
         e2,webb,2024-12-31,
         e3,webb,2025-01-01,
         e2,chef25,2024-03-01,K1
         e3,chef25,2024-03-02,K1
         e3,chef25,2024-09-02,K2",
    );
    // webb: three completions by two people; no session values, so two dates = two sessions.
    assert_eq!(
        report(&k, &["--year", "2024"]),
        csv("webb,Webbkurs,2,3,2,6
             chef25,\"Chefskurs 2,5 dagar\",2,3,2,60
             hp15,KVU 15 hp,0,0,0,0
             TOTAL,3,6,4,66")
        .replace("TOTAL,3", "TOTAL,,3")
    );
}

#[test]
fn duplicate_completions_and_codes_count_once() {
    let k = staff().completions(
        "e1,webb,2024-02-01,
         e1,W-OLD,2024-02-01 08:00,
         e1, WEBB ,2024-02-01,",
    );
    assert_eq!(
        report(&k, &["--year", "2024"]).lines().nth(1),
        Some("webb,Webbkurs,1,1,1,2")
    );
}

#[test]
fn a_satisfying_course_is_not_counted_as_the_other() {
    let k = staff().completions("e3,hp15,2024-05-01,GU-HT24");
    assert_eq!(
        report(&k, &["--year", "2024"]),
        csv("webb,Webbkurs,0,0,0,0
             chef25,\"Chefskurs 2,5 dagar\",0,0,0,0
             hp15,KVU 15 hp,1,1,1,400
             TOTAL,,1,1,1,400")
    );
}

#[test]
fn total_participants_count_each_person_once() {
    let k =
        staff().completions("e2,webb,2024-01-10,\ne2,chef25,2024-02-10,K1\ne1,webb,2024-01-10,");
    assert_eq!(
        report(&k, &["--year", "2024"]).lines().last(),
        Some("TOTAL,,2,3,2,24")
    );
}

#[test]
fn completions_after_as_of_do_not_count_yet() {
    let k = staff().completions("e1,webb,2025-06-30,\ne2,webb,2025-07-01,");
    assert_eq!(
        report(&k, &["--year", "2025"]).lines().nth(1),
        Some("webb,Webbkurs,1,1,1,2")
    );
}

#[test]
fn hours_are_a_plain_number() {
    let k = staff()
        .plan_edit("    hours: 2\n", "    hours: 2.75\n")
        .completions("e1,webb,2024-01-10,\ne2,webb,2024-01-10,");
    assert_eq!(
        report(&k, &["--year", "2024"]).lines().nth(1),
        Some("webb,Webbkurs,2,2,1,5.5")
    );
}

#[test]
fn people_not_in_staff_still_count() {
    let k = staff().completions("x9,webb,2024-01-10,\ne1,webb,2024-01-11,");
    assert_eq!(
        report(&k, &["--year", "2024"]).lines().nth(1),
        Some("webb,Webbkurs,2,2,2,4")
    );
    // With --unit, only people with an assignment in scope count.
    assert_eq!(
        report(&k, &["--year", "2024", "--unit", "Avd 1"])
            .lines()
            .nth(1),
        Some("webb,Webbkurs,1,1,1,2")
    );
    assert_eq!(
        report(&k, &["--year", "2024", "--unit", "Avd 2"])
            .lines()
            .nth(1),
        Some("webb,Webbkurs,0,0,0,0")
    );
}

#[test]
fn by_groups_people_by_their_first_staff_row_in_code_point_order_then_not_in_staff() {
    let k = Kvu::new()
        .staff(
            "e1,,Öron,medarbetare,enhet,
             e2,,avd,chef,enhet,
             e2,,Avd,medarbetare,enhet,
             e3,,Avd,vu,,",
        )
        .completions(
            "e1,webb,2024-01-10,\ne2,webb,2024-01-10,\ne3,chef25,2024-02-02,K\nx9,webb,2024-03-03,",
        );
    assert_eq!(
        report(&k, &["--year", "2024", "--by", "unit"]),
        by_csv(
            "Avd,webb,Webbkurs,0,0,0,0
                Avd,chef25,\"Chefskurs 2,5 dagar\",1,1,1,20
                Avd,hp15,KVU 15 hp,0,0,0,0
                Avd,TOTAL,,1,1,1,20
                avd,webb,Webbkurs,1,1,1,2
                avd,chef25,\"Chefskurs 2,5 dagar\",0,0,0,0
                avd,hp15,KVU 15 hp,0,0,0,0
                avd,TOTAL,,1,1,1,2
                Öron,webb,Webbkurs,1,1,1,2
                Öron,chef25,\"Chefskurs 2,5 dagar\",0,0,0,0
                Öron,hp15,KVU 15 hp,0,0,0,0
                Öron,TOTAL,,1,1,1,2
                (not in staff),webb,Webbkurs,1,1,1,2
                (not in staff),chef25,\"Chefskurs 2,5 dagar\",0,0,0,0
                (not in staff),hp15,KVU 15 hp,0,0,0,0
                (not in staff),TOTAL,,1,1,1,2"
        )
    );
    let by_role = report(&k, &["--year", "2024", "--by", "role"]);
    let groups: Vec<&str> = by_role
        .lines()
        .skip(1)
        .step_by(4)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(groups, ["chef", "medarbetare", "vu", "(not in staff)"]);
    let by_level = report(&k, &["--year", "2024", "--by", "level"]);
    let groups: Vec<&str> = by_level
        .lines()
        .skip(1)
        .step_by(4)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(groups, ["", "enhet", "(not in staff)"]);
    // With --unit: the first row in scope decides, and leavers do not count.
    let scoped = report(&k, &["--year", "2024", "--by", "role", "--unit", "Avd"]);
    let groups: Vec<&str> = scoped
        .lines()
        .skip(1)
        .step_by(4)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    // (`--unit` ignores case, so `avd` is in scope too and e2's first row there is chef.)
    assert_eq!(groups, ["chef", "vu"]);
}

#[test]
fn by_unit_depth_rolls_units_up_the_tree() {
    let k = Kvu::new()
        .units(
            "R,,Regionen
             A,R,Förvaltning A
             A1,A,Avdelning A1
             B,R,Förvaltning B",
        )
        .staff(
            "e1,,A1,medarbetare,enhet,
             e2,,A,chef,forvaltning,
             e3,,B,medarbetare,enhet,
             e4,,R,chef,koncern,",
        )
        .completions("e1,webb,2024-01-10,\ne2,webb,2024-01-10,\ne3,webb,2024-01-10,");
    let out = report(&k, &["--year", "2024", "--by", "unit", "--depth", "2"]);
    let totals: Vec<&str> = out.lines().filter(|l| l.contains(",TOTAL,")).collect();
    // e1 and e2 took webb on the same day with no session value: one session for A.
    assert_eq!(
        totals,
        ["A,TOTAL,,2,2,1,4", "B,TOTAL,,1,1,1,2", "R,TOTAL,,0,0,0,0"]
    );
    let out = report(&k, &["--year", "2024", "--by", "unit", "--depth", "1"]);
    let totals: Vec<&str> = out.lines().filter(|l| l.contains(",TOTAL,")).collect();
    assert_eq!(totals, ["R,TOTAL,,3,3,1,6"]);
    assert_eq!(
        k.run(&["report", "--year", "2024", "--depth", "2"]).error(),
        "kvu: error: --depth goes with --by unit, expected --by unit --depth N"
    );
}

#[test]
fn outside_the_plan_completions_are_left_out_with_one_warning() {
    let k = staff().completions("e1,HLR,2024-01-10,\ne1,webb,2024-01-10,");
    let run = k.run(&[
        "report",
        "--year",
        "2024",
        "--format",
        "csv",
        "--as-of",
        "2025-01-01",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout.lines().last(), Some("TOTAL,,1,1,1,2"));
    assert_eq!(
        run.stderr,
        "kvu: warning: completions.csv: 1 row of 1 course outside the plan left out: HLR\n"
    );
}

#[test]
fn json_adds_the_previous_year_and_year_end_coverage() {
    let k = staff().completions("e1,webb,2023-05-01,\ne2,webb,2024-01-10,\ne1,webb,2024-02-02,");
    let out = k.run(&[
        "report",
        "--year",
        "2024",
        "--format",
        "json",
        "--as-of",
        "2025-06-30",
    ]);
    let value: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    // On 2024-12-31: e1, e2 and e3 need webb (e1 and e2 have it); e2 and e3 need chef25, e3 hp15.
    assert_eq!(
        value[0],
        serde_json::json!({
            "course": "webb", "name": "Webbkurs", "participants": 2, "completions": 2, "sessions": 2, "hours": 4,
            "previous_year": {"year": 2023, "participants": 1, "completions": 1, "sessions": 1, "hours": 2},
            "coverage": {"on": "2024-12-31", "required": 3, "met": 2, "percent": 66.7}
        })
    );
    assert_eq!(
        value[3]["coverage"],
        serde_json::json!({"on": "2024-12-31", "required": 6, "met": 2, "percent": 33.3})
    );
}

#[test]
fn the_table_shows_change_and_coverage() {
    let k = staff().completions(
        "e1,webb,2023-05-01,\ne2,webb,2024-01-10,\ne1,webb,2024-02-02,\ne2,chef25,2024-04-04,K1",
    );
    let out = k
        .run(&["report", "--year", "2024", "--as-of", "2024-06-30"])
        .ok()
        .to_string();
    insta::assert_snapshot!(out, @r"
     Course   Name                  Participants   Completions   Sessions   Hours      Coverage 2024-06-30
    ───────────────────────────────────────────────────────────────────────────────────────────────────────
     webb     Webbkurs                    2 (+1)        2 (+1)     2 (+1)     4 (+2)           2 of 3, 67%
     chef25   Chefskurs 2,5 dagar         1 (+1)        1 (+1)     1 (+1)   20 (+20)           1 of 2, 50%
     hp15     KVU 15 hp                   0 (±0)        0 (±0)     0 (±0)     0 (±0)            0 of 1, 0%
     TOTAL                                2 (+1)        3 (+2)     3 (+2)   24 (+22)           3 of 6, 50%
    Delivered in 2024 up to 30 June; in brackets the change against 2023.
    Coverage: of the people who should have had the course by 2024-06-30, how many had it.
    ");
}

#[test]
fn leavers_in_many_runs_of_a_big_export_count_once_each() {
    // More rows than are looked up on one core: each leaver (an id not in the staff export) has rows
    // in three runs, apart; each is one participant however its runs were looked up.
    let mut rows = String::from("e1,webb,2024-01-01,\n");
    for round in 1..=3 {
        for i in 0..8_000 {
            rows.push_str(&format!("L{i:04},webb,2024-0{round}-01,\n"));
        }
    }
    let k = staff().completions(rows.trim_end());
    assert_eq!(
        report(&k, &["--year", "2024"]).lines().nth(1),
        Some("webb,Webbkurs,8001,24001,3,48002")
    );
}
