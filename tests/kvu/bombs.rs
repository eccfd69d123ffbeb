//! Hostile sizes (docs/contract.md, Failing well): time and memory grow with the size of the inputs, not with
//! their product or square, and what cannot be computed is a clean error. Each size test runs the same
//! shape at n and 4n and checks the time grows about linearly (4n in under 8 times n's time), with sizes
//! where the quadratic (or cubic) way would take far longer.

use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::support::{Kvu, Run, STAFF_HEADER, numbered};

/// The size tests take turns, so that they do not time each other.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs `make(n)` and `make(4n)` and returns both runs, asserting the larger took under 8 times as long
/// (each size's best of two runs, so that a busy machine's pause does not count).
#[track_caller]
fn grows_linearly(n: usize, make: impl Fn(usize) -> (Kvu, Vec<&'static str>)) -> (Run, Run) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let best = |size: usize| -> (Duration, Run) {
        let (kvu, args) = make(size);
        let mut fastest = Duration::MAX;
        let mut last = None;
        for _ in 0..2 {
            let started = Instant::now();
            let run = kvu.run(&args);
            fastest = fastest.min(started.elapsed());
            last = Some(run);
        }
        (fastest, last.unwrap())
    };
    let (small, small_run) = best(n);
    let (large, large_run) = best(4 * n);
    assert!(
        large < small * 8 + Duration::from_millis(50),
        "{n} took {small:?}, {} took {large:?}: faster than linear growth",
        4 * n
    );
    (small_run, large_run)
}

/// A plan of `n` roles, `n` levels and `n` courses; role i requires course i at `"*"` and course i+1 at
/// level i.
fn wide_plan(n: usize) -> String {
    format!(
        "name: Wide\nlevels:\n{}roles:\n{}courses:\n{}matrix:\n{}",
        numbered(n, |i| format!("  l{i}: L{i}")),
        numbered(n, |i| format!("  r{i}: R{i}")),
        numbered(n, course),
        numbered(n, |i| format!(
            "  r{i}: {{ \"*\": [c{i}], l{i}: [c{}] }}",
            (i + 1) % n
        )),
    )
}

/// Course `c{i}` of a generated plan.
fn course(i: usize) -> String {
    format!("  - {{ id: c{i}, name: C{i} }}")
}

#[test]
fn a_plan_of_many_roles_levels_and_courses_costs_what_its_matrix_lists() {
    let (small, large) = grows_linearly(250, |n| {
        let staff =
            STAFF_HEADER.to_string() + &numbered(n, |i| format!("{i},P{i},U{i},r{i},l{i},"));
        let kvu = Kvu::new()
            .file("plan.yaml", &wide_plan(n))
            .file("staff.csv", &staff);
        (kvu, vec!["gaps", "--summary", "--format", "csv"])
    });
    // Every person is required their two courses, and has neither.
    for (run, n) in [(small, 250), (large, 1000)] {
        let out = run.ok();
        assert_eq!(out.lines().count(), 1 + 2 * n, "{out}");
        assert!(
            out.contains("\nU7,c7,1,0,0,1,0,0\nU7,c8,1,0,0,1,0,0\n"),
            "{out}"
        );
    }
}

#[test]
fn a_long_satisfies_chain_loads_in_linear_time() {
    // Course i satisfies course i-1, so a completion of c600 fulfils c0 to c600; the role requires all.
    let (small, large) = grows_linearly(1500, |n| {
        let mut plan = String::from("name: Chain\nlevels: {e: E}\nroles: {r: R}\ncourses:\n");
        for i in 0..n {
            match i {
                0 => writeln!(plan, "  - {{ id: c0, name: C0 }}").unwrap(),
                _ => writeln!(
                    plan,
                    "  - {{ id: c{i}, name: C{i}, satisfies: [c{}] }}",
                    i - 1
                )
                .unwrap(),
            }
        }
        let all: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
        writeln!(plan, "matrix:\n  r: {{ \"*\": [{}] }}", all.join(", ")).unwrap();
        let kvu = Kvu::new()
            .file("plan.yaml", &plan)
            .staff("1,A,U,r,e,")
            .completions("1,c600,2024-01-01,");
        (
            kvu,
            vec!["--as-of", "2025-01-01", "gaps", "--format", "csv"],
        )
    });
    for (run, n) in [(small, 1500), (large, 6000)] {
        let out = run.ok();
        let gaps: Vec<&str> = out.lines().skip(1).collect();
        assert_eq!(gaps.len(), n - 601, "{out}");
        assert_eq!(gaps[0], "1,A,U,r,e,c601,overdue,");
    }
}

#[test]
fn a_summary_of_many_units_and_courses_costs_the_pairs_that_occur() {
    // One role, n levels each requiring a course of its own, and one person per level in a unit of
    // their own: n (unit, course) pairs, where units × courses would be n².
    let (small, large) = grows_linearly(1000, |n| {
        let plan = format!(
            "name: Units\nlevels:\n{}roles: {{r: R}}\ncourses:\n{}matrix:\n  r:\n{}",
            numbered(n, |i| format!("  l{i}: L{i}")),
            numbered(n, course),
            numbered(n, |i| format!("    l{i}: [c{i}]")),
        );
        let staff =
            STAFF_HEADER.to_string() + &numbered(n, |i| format!("{i},P{i},U{i:05},r,l{i},"));
        let kvu = Kvu::new()
            .file("plan.yaml", &plan)
            .file("staff.csv", &staff)
            .completions("3,c3,2024-01-01,");
        (kvu, vec!["gaps", "--summary", "--format", "csv"])
    });
    for (run, n) in [(small, 1000), (large, 4000)] {
        let out = run.ok();
        assert_eq!(out.lines().count(), 1 + n, "{out}");
        assert!(
            out.contains("\nU00002,c2,1,0,0,1,0,0\nU00003,c3,1,1,0,0,0,0\n"),
            "{out}"
        );
    }
}

#[test]
fn a_unit_tree_thousands_deep_allocates_in_linear_time() {
    // A chain of units, U0 the root, each with one person lacking webb.
    let (small, large) = grows_linearly(4000, |n| {
        let mut units = String::from("unit,parent,name\n");
        let mut staff = String::from(STAFF_HEADER);
        for i in 0..n {
            match i {
                0 => units.push_str("U0,,N0\n"),
                _ => writeln!(units, "U{i},U{},N{i}", i - 1).unwrap(),
            }
            writeln!(staff, "{i},P{i},U{i},medarbetare,enhet,").unwrap();
        }
        let kvu = Kvu::new()
            .file("units.csv", &units)
            .file("staff.csv", &staff);
        let args = "allocate --course webb --seats 10 --depth 2 --format csv";
        (kvu, args.split(' ').collect())
    });
    for (run, n) in [(small, 4000), (large, 16000)] {
        assert_eq!(
            run.ok(),
            format!("unit,seats,gaps\nU0,0,1\nU1,10,{}\n", n - 1)
        );
    }
}

#[test]
fn rows_of_one_employee_are_checked_for_repeats_in_n_log_n() {
    // One employee in n units (each row a post of its own), the last row repeating the first.
    let (small, large) = grows_linearly(5000, |n| {
        let mut staff =
            STAFF_HEADER.to_string() + &numbered(n, |i| format!("e1,Anna,U{i},medarbetare,enhet,"));
        staff.push_str("e1,Anna,u0,MEDARBETARE,Enhet,\n");
        let kvu = Kvu::new()
            .file("staff.csv", &staff)
            .completions("e1,webb,2024-01-01,");
        (kvu, vec!["gaps", "--format", "csv"])
    });
    for (run, n) in [(small, 5000), (large, 20000)] {
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (
                0,
                "employee_id,name,unit,role,level,course,status,due\n",
                format!(
                    "kvu: warning: staff.csv:{}: duplicate row: employee e1 in unit u0 as MEDARBETARE repeats line 2\n",
                    n + 2
                )
                .as_str()
            )
        );
    }
}

#[test]
fn a_key_naming_a_unit_twice_or_with_weights_past_u64_is_an_error() {
    let k = Kvu::new().staff(
        "a1,,A,chef,enhet,2024-01-01
         b1,,B,chef,enhet,2024-01-01",
    );
    let allocate = |key: &str| {
        std::fs::write(k.path("key.csv"), format!("unit,weight\n{key}")).unwrap();
        let args = "allocate --course chef25 --seats 2 --key key.csv --format csv";
        k.run(&args.split(' ').collect::<Vec<_>>())
    };
    // The key's own two rows; a well-formed key works.
    assert_eq!(
        allocate("A,1\nB,1\n").ok(),
        "unit,seats,gaps\nA,1,1\nB,1,1\n"
    );
    for (key, error) in [
        (
            "A,1\nB,2\n a ,3\n",
            "key.csv:4: unit `a` is in the key twice (lines 2 and 4), expected one weight per unit",
        ),
        (
            "A,18446744073709\nB,1\n",
            "key.csv:3: the weights add up to more than 18446744073709.551615 here, expected a smaller total (scale the key down)",
        ),
        (
            "A,18446744073710\n",
            "key.csv:2: weight `18446744073710` is too large, expected at most 18446744073709.551615",
        ),
        (
            "A,-1\n",
            "key.csv:2: weight `-1` is not a number of 0 or more (at most six decimals)",
        ),
        (
            "A,NaN\n",
            "key.csv:2: weight `NaN` is not a number of 0 or more (at most six decimals)",
        ),
        (
            "A,inf\n",
            "key.csv:2: weight `inf` is not a number of 0 or more (at most six decimals)",
        ),
        (
            "A,1e400\n",
            "key.csv:2: weight `1e400` is not a number of 0 or more (at most six decimals)",
        ),
    ] {
        assert_eq!(
            allocate(key).error(),
            format!("kvu: error: {error}"),
            "{key}"
        );
    }
}

#[test]
fn one_input_may_be_standard_input_and_two_are_an_error() {
    let k = Kvu::new()
        .staff("e1,Anna,Avd 1,medarbetare,enhet,2024-01-01")
        .completions("e1,webb,2024-02-01,");
    k.run(&["validate"]).ok();
    let plan = std::fs::read_to_string(k.path("plan.yaml")).unwrap();
    let with_stdin = |args: &[&str], input: &str| k.run_stdin(args, input.as_bytes());
    let gaps = ["gaps", "--format", "csv"];
    let files = |plan: &'static str, staff: &'static str, completions: &'static str| {
        let mut args = vec![
            "--plan",
            plan,
            "--staff",
            staff,
            "--completions",
            completions,
        ];
        args.extend(gaps);
        args
    };
    let expected = "employee_id,name,unit,role,level,course,status,due\n";
    // The plan, and a CSV export, from standard input.
    assert_eq!(
        with_stdin(&files("-", "staff.csv", "completions.csv"), &plan).ok(),
        expected
    );
    let staff = std::fs::read_to_string(k.path("staff.csv")).unwrap();
    assert_eq!(
        with_stdin(&files("plan.yaml", "-", "completions.csv"), &staff).ok(),
        expected
    );
    // Two inputs on `-`: an error naming both options, before anything is read.
    assert_eq!(
        with_stdin(&files("-", "-", "completions.csv"), &plan).error(),
        "kvu: error: --plan and --staff both read standard input (-), expected - for one input at most"
    );
    assert_eq!(
        with_stdin(&files("plan.yaml", "-", "-"), &staff).error(),
        "kvu: error: --staff and --completions both read standard input (-), expected - for one input at most"
    );
}

#[test]
fn course_hours_past_100000_are_a_plan_error_never_inf_in_a_report() {
    let staff = "e1,Anna,Avd 1,medarbetare,enhet,2024-01-01";
    let done = "e1,hp15,2024-02-01,s1\ne1,hp15,2024-03-01,s2";
    for (hours, shown) in [("1e308", "1e308"), ("100000.5", "1.000005e5")] {
        let k = Kvu::new()
            .plan_edit("hours: 400", &format!("hours: {hours}"))
            .staff(staff)
            .completions(done);
        assert_eq!(
            k.run(&["report", "--year", "2024", "--format", "csv"])
                .error(),
            format!(
                "kvu: error: plan.yaml:23:12: hours is {shown}, expected at most 100000 hours per completion"
            )
        );
    }
    // The largest allowed: two completions count 200000 hours, a finite, exact number.
    let k = Kvu::new()
        .plan_edit("hours: 400", "hours: 100000")
        .staff(staff)
        .completions(done);
    let out = k.run(&["report", "--year", "2024", "--format", "csv"]);
    assert!(out.ok().contains(",200000"), "{}", out.stdout);
    assert!(!out.stdout.contains("inf"), "{}", out.stdout);
}

#[test]
fn a_staff_export_with_no_rows_is_an_error_never_an_all_clear() {
    let error = "kvu: error: staff.csv: no rows, expected at least one staff row";
    // The header only (as the helper writes it when no rows are given), and with a blank line.
    for staff in [STAFF_HEADER.to_string(), format!("{STAFF_HEADER}\n")] {
        let k = Kvu::new()
            .file("staff.csv", &staff)
            .completions("e1,webb,2024-02-01,");
        for args in [
            &["gaps"][..],
            &["gaps", "--summary", "--format", "csv"],
            &["gaps", "--check"],
            &["priority"],
            &["report", "--year", "2024"],
            &["allocate", "--course", "webb", "--seats", "3"],
        ] {
            assert_eq!(k.run(args).error(), error, "{args:?}");
        }
        let validate = k.run(&["validate"]);
        assert_eq!(validate.code, 2, "{}", validate.stdout);
        assert!(
            validate
                .stdout
                .contains("staff.csv: error: no rows, expected at least one staff row\n"),
            "{}",
            validate.stdout
        );
    }
    // A mistyped option is still named first.
    assert_eq!(
        Kvu::new().run(&["gaps", "--course", "hlr"]).error(),
        "kvu: error: --course `hlr` is no course or code of the plan, expected one of: webb, chef25, hp15"
    );
}

/// An allocation key on standard input counts as an input read from `-` like any other.
#[test]
fn a_key_on_standard_input_beside_another_input_on_it_is_an_error() {
    let k = Kvu::new().staff("e1,,Avd 1,chef,enhet,2020-01-01");
    let run = k.run_raw(&[
        "--plan",
        "-",
        "--staff",
        "staff.csv",
        "--completions",
        "completions.csv",
        "allocate",
        "--course",
        "chef25",
        "--seats",
        "1",
        "--key",
        "-",
    ]);
    assert_eq!(
        run.error(),
        "kvu: error: --plan and --key both read standard input (-), expected - for one input at most"
    );
}
