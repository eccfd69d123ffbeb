//! `kvu priority` and `kvu allocate`.

use crate::support::{Kvu, dedent};

const HEADER: &str = "rank,tier,employee_id,name,unit,role,level,course,status,due\n";

fn csv(rows: &str) -> String {
    format!("{HEADER}{}", dedent(rows))
}

fn staff() -> Kvu {
    Kvu::new()
        .staff(
            "e1,,Avd 1,medarbetare,enhet,2024-01-01
             e2,,Avd 2,chef,enhet,2023-01-01
             e3,,Avd 1,vu,enhet,2024-05-01
             e4,,Avd 1,chef,enhet,
             e5,,F1,chef,forvaltning,2024-01-01
             e6,,Avd 0,medarbetare,enhet,2024-01-01",
        )
        .completions("e5,webb,2024-01-02,\ne5,chef25,2024-01-03,K")
}

fn run(k: &Kvu, args: &[&str]) -> String {
    let mut all = vec!["--format", "csv", "--as-of", "2024-06-01"];
    all.extend(args);
    k.run(&all).ok().to_string()
}

#[test]
fn tiers_then_due_date_empty_first_then_the_gaps_order() {
    assert_eq!(
        run(&staff(), &["priority"]),
        csv("1,1,e4,,Avd 1,chef,enhet,chef25,overdue,
             2,1,e2,,Avd 2,chef,enhet,chef25,overdue,2024-01-01
             3,2,e3,,Avd 1,vu,enhet,hp15,overdue,2024-05-01
             4,2,e3,,Avd 1,vu,enhet,webb,due,2024-08-01
             5,2,e3,,Avd 1,vu,enhet,chef25,due,2025-05-01
             6,3,e4,,Avd 1,chef,enhet,webb,overdue,
             7,3,e2,,Avd 2,chef,enhet,webb,overdue,2023-04-01
             8,3,e6,,Avd 0,medarbetare,enhet,webb,overdue,2024-04-01
             9,3,e1,,Avd 1,medarbetare,enhet,webb,overdue,2024-04-01
             10,,e5,,F1,chef,forvaltning,hp15,overdue,2024-01-01")
    );
}

#[test]
fn seats_keep_the_first_n_of_each_course_and_rank_is_the_printed_place() {
    assert_eq!(
        run(&staff(), &["priority", "--seats", "1"]),
        csv("1,1,e4,,Avd 1,chef,enhet,chef25,overdue,
             2,2,e3,,Avd 1,vu,enhet,hp15,overdue,2024-05-01
             3,2,e3,,Avd 1,vu,enhet,webb,due,2024-08-01")
    );
    assert_eq!(
        run(&staff(), &["priority", "--seats", "2", "--course", "W-OLD"]),
        csv("1,2,e3,,Avd 1,vu,enhet,webb,due,2024-08-01
             2,3,e4,,Avd 1,chef,enhet,webb,overdue,")
    );
}

#[test]
fn a_tier_may_name_level_and_status_matched_case_insensitively() {
    let k = staff().plan_edit(
        "  - { role: chef, course: chef25 }\n  - { role: vu }\n  - { course: webb }\n",
        "  - { level: FORVALTNING }\n  - { status: Due, role: VU }\n",
    );
    assert_eq!(
        run(&k, &["priority", "--unit", "F1"]),
        csv("1,1,e5,,F1,chef,forvaltning,hp15,overdue,2024-01-01")
    );
    let out = run(&k, &["priority", "--role", "vu"]);
    assert_eq!(
        out,
        csv("1,2,e3,,Avd 1,vu,enhet,webb,due,2024-08-01
             2,2,e3,,Avd 1,vu,enhet,chef25,due,2025-05-01
             3,,e3,,Avd 1,vu,enhet,hp15,overdue,2024-05-01")
    );
}

#[test]
fn priority_by_unit_puts_the_most_urgent_units_first() {
    assert_eq!(
        run(&staff(), &["priority", "--by", "unit"]),
        dedent(
            "unit,tier_1,tier_2,tier_3,no_tier,total
             Avd 1,1,3,2,0,6
             Avd 2,1,0,1,0,2
             Avd 0,0,0,1,0,1
             F1,0,0,0,1,1"
        )
    );
}

const TREE: &str = "R,,Regionen
                    A,R,Förvaltning A
                    A1,A,Avdelning A1
                    A2,A,Avdelning A2
                    B,R,Förvaltning B";

fn seats_case() -> Kvu {
    let mut rows = String::new();
    for (unit, n) in [("A1", 6), ("A2", 2), ("B", 4)] {
        for i in 0..n {
            rows.push_str(&format!(
                "{unit}-{i},,{unit},chef,enhet,2024-0{}-01\n",
                i % 5 + 1
            ));
        }
    }
    Kvu::new().units(TREE).staff(&rows)
}

#[test]
fn allocate_shares_seats_in_proportion_to_gaps_by_largest_remainder() {
    // Gaps A 8, B 4 under the single root R; 5 seats: quotas 3.33 and 1.67 -> 3 + 2.
    let k = seats_case();
    assert_eq!(
        run(&k, &["allocate", "--course", "chef25", "--seats", "5"]),
        "unit,seats,gaps\nA,3,8\nB,2,4\n"
    );
    // --unit A shares among the units below A: 6 and 2 gaps, 5 seats -> 3.75 and 1.25 -> 4 + 1.
    assert_eq!(
        run(
            &k,
            &[
                "allocate", "--course", "chef25", "--seats", "5", "--unit", "A"
            ]
        ),
        "unit,seats,gaps\nA1,4,6\nA2,1,2\n"
    );
    // --depth 3 counts at the level of A1, A2 (and B, which has no level 3, stays itself).
    assert_eq!(
        run(
            &k,
            &[
                "allocate", "--course", "chef25", "--seats", "6", "--depth", "3"
            ]
        ),
        "unit,seats,gaps\nA1,3,6\nA2,1,2\nB,2,4\n"
    );
}

#[test]
fn allocate_never_gives_a_unit_more_seats_than_gaps_and_passes_the_rest_on() {
    let k = seats_case().file("key.csv", "unit,weight\nFörvaltning A,1\nb,9\n");
    // The key would give B 9 of 10, but B has 4 gaps: the other 6 pass to A.
    assert_eq!(
        run(
            &k,
            &[
                "allocate", "--course", "chef25", "--seats", "10", "--key", "key.csv"
            ]
        ),
        "unit,seats,gaps\nA,6,8\nB,4,4\n"
    );
    // More seats than gaps: every gap gets a seat and the rest are left.
    assert_eq!(
        run(&k, &["allocate", "--course", "chef25", "--seats", "99"]),
        "unit,seats,gaps\nA,8,8\nB,4,4\n"
    );
}

#[test]
fn allocate_by_a_key_with_decimal_weights() {
    let k = seats_case().file("key.csv", "unit,weight\nA,2.5\nB,1.25\n");
    // Quotas 4.67 and 2.33 of 7: 4 + 2, and the seat left goes to the larger remainder.
    assert_eq!(
        run(
            &k,
            &[
                "allocate", "--course", "chef25", "--seats", "7", "--key", "key.csv"
            ]
        ),
        "unit,seats,gaps\nA,5,8\nB,2,4\n"
    );
}

#[test]
fn allocate_people_fills_each_units_seats_from_its_own_priority_order() {
    let k = seats_case();
    assert_eq!(
        run(
            &k,
            &["allocate", "--course", "chef25", "--seats", "3", "--people"]
        ),
        dedent(
            "unit,rank,tier,employee_id,name,home_unit,role,level,course,status,due
             A,1,1,A1-0,,A1,chef,enhet,chef25,due,2025-01-01
             A,2,1,A1-5,,A1,chef,enhet,chef25,due,2025-01-01
             B,1,1,B-0,,B,chef,enhet,chef25,due,2025-01-01"
        )
    );
}

#[test]
fn allocate_errors_and_warnings() {
    let k = seats_case().file("key.csv", "unit,weight\nA,x\n");
    assert_eq!(
        k.run(&[
            "allocate", "--course", "chef25", "--seats", "3", "--key", "key.csv"
        ])
        .error(),
        "kvu: error: key.csv:2: weight `x` is not a number of 0 or more (at most six decimals)"
    );
    let k = seats_case().file("key.csv", "unit,weight\nA,1\nZ,1\n");
    let run = k.run(&[
        "allocate",
        "--course",
        "chef25",
        "--seats",
        "3",
        "--key",
        "key.csv",
        "--format",
        "csv",
        "--as-of",
        "2024-06-01",
    ]);
    assert_eq!(run.stdout, "unit,seats,gaps\nA,3,8\nB,0,4\n");
    assert_eq!(
        run.stderr,
        "kvu: warning: key.csv:3: unit `Z` of the key is not one of the units seats go to; it is ignored\n\
         kvu: warning: key.csv: unit `B` has no weight in the key; it gets no seats\n"
    );
    assert_eq!(
        Kvu::new()
            .run(&[
                "allocate", "--course", "chef25", "--seats", "3", "--depth", "2"
            ])
            .error(),
        "kvu: error: --depth needs a unit tree, expected --units FILE (or KVU_UNITS)"
    );
}
