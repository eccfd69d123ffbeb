//! Looking back over the history store (issue 33): `trend --history` and `site --history`.

use crate::support::Kvu;

// May: the region of tests/kvu/history.rs (a tree, managers and staff, completions, an exemption,
// and a leaver, 9001, whose completion the platform will not hold any more); October, today's
// exports: the leaver gone, a newcomer, a completion more.
use super::history::{next_month as october, region as may};

const TODAY: &str = "2026-10-31";

fn record(k: &Kvu, as_of: &str) {
    let run = k.at(as_of, &["--quiet", "record", "--history", "h.sqlite"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// `trend` as of today with the store, then `args`, as CSV rows (header first).
fn trend(k: &Kvu, args: &[&str]) -> Vec<String> {
    let base = ["--history", "h.sqlite", "--format", "csv", "trend"];
    let run = k.at(TODAY, &[&base[..], args].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.lines().map(str::to_string).collect()
}

/// The rows of one point (its date) of a trend's CSV, without the `recorded` column.
fn point<'a>(rows: &'a [String], date: &str) -> Vec<&'a str> {
    rows.iter()
        .filter(|r| r.starts_with(date))
        .map(|r| r.rsplit_once(',').unwrap().0)
        .collect()
}

fn recorded_column<'a>(rows: &'a [String], date: &str) -> Vec<&'a str> {
    rows.iter()
        .filter(|r| r.starts_with(date))
        .map(|r| r.rsplit_once(',').unwrap().1)
        .collect()
}

#[test]
fn trend_history_recorded_point_equals_that_months_own_trend_point() {
    let k = may();
    record(&k, "2026-05-20");
    // What May's run printed, on May's inputs, as of the recording's date.
    let then = k.at("2026-05-20", &["--format", "csv", "trend", "--unit", "F1"]);
    assert_eq!(then.code, 0, "{}", then.stderr);
    let then_rows: Vec<String> = then.stdout.lines().map(str::to_string).collect();
    let k = october(k);
    let rows = trend(&k, &["--unit", "F1"]);
    assert_eq!(
        rows[0],
        "date,course,required,met,exempt,overdue,due,expired,recorded"
    );
    // May's point (its month's last day) is computed from the recording's inputs at its date (the
    // leaver and her completion included), not from October's exports.
    let want: Vec<String> = then_rows
        .iter()
        .filter(|r| r.starts_with("2026-05-20,"))
        .map(|r| r.replacen("2026-05-20", "2026-05-31", 1))
        .collect();
    assert_eq!(want.len(), 3, "{then_rows:?}");
    let got: Vec<&str> = rows
        .iter()
        .filter(|r| r.starts_with("2026-05-31,"))
        .map(|r| r.as_str())
        .collect();
    assert_eq!(got.len(), 3, "{rows:?}");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(*g, format!("{w},2026-05-20"));
    }
    // Without the store, May's point is derived from October's exports and differs.
    let plain = k.at(TODAY, &["--format", "csv", "trend", "--unit", "F1"]);
    assert!(plain.stdout.lines().next().unwrap().ends_with(",expired"));
    assert!(!plain.stdout.contains(got[0].rsplit_once(',').unwrap().0));
}

#[test]
fn trend_history_recorded_point_from_figures_equals_computing_from_the_inputs() {
    // Without --role a kept recording's point comes from its figures; with --role from its inputs.
    // Every role together must give the figures' numbers: the two ways agree.
    let k = may();
    record(&k, "2026-05-31");
    let k = october(k);
    for unit in [None, Some("F1"), Some("E2")] {
        let scope: Vec<&str> = unit.map(|u| vec!["--unit", u]).unwrap_or_default();
        let figures = trend(&k, &scope);
        let mut sums = vec![[0u64; 6]; 3];
        for role in ["medarbetare", "chef", "vu"] {
            let rows = trend(&k, &[&scope[..], &["--role", role]].concat());
            for (c, row) in point(&rows, "2026-05-31").iter().enumerate() {
                let cells: Vec<u64> = row.split(',').skip(2).map(|n| n.parse().unwrap()).collect();
                for (s, n) in sums[c].iter_mut().zip(cells) {
                    *s += n;
                }
            }
            assert_eq!(recorded_column(&rows, "2026-05-31"), ["2026-05-31"; 3]);
        }
        let from_figures: Vec<[u64; 6]> = point(&figures, "2026-05-31")
            .iter()
            .map(|row| {
                let cells: Vec<u64> = row.split(',').skip(2).map(|n| n.parse().unwrap()).collect();
                cells.try_into().unwrap()
            })
            .collect();
        assert_eq!(from_figures, sums, "--unit {unit:?}");
    }
}

#[test]
fn trend_history_point_takes_the_latest_recording_of_its_month_on_or_before_it() {
    let k = may();
    record(&k, "2026-05-10");
    let k = october(k);
    record(&k, "2026-05-20");
    let rows = trend(&k, &[]);
    assert_eq!(recorded_column(&rows, "2026-05-31"), ["2026-05-20"; 3]);
    // As of 15 May, the point of May is as-of itself: the recording of the 20th is after it.
    let base = ["--history", "h.sqlite", "--format", "csv", "trend"];
    let run = k.at("2026-05-15", &base);
    assert_eq!(
        recorded_column(
            &run.stdout.lines().map(str::to_string).collect::<Vec<_>>(),
            "2026-05-15"
        ),
        ["2026-05-10"; 3]
    );
}

#[test]
fn trend_history_derived_points_have_an_empty_recorded() {
    let k = may();
    record(&k, "2026-05-31");
    let k = october(k);
    let rows = trend(&k, &[]);
    let plain = k.at(TODAY, &["--format", "csv", "trend"]);
    // Every other point is today's trend's, with `recorded` empty.
    for (with, without) in rows[1..].iter().zip(plain.stdout.lines().skip(1)) {
        if with.starts_with("2026-05-31") {
            assert!(with.ends_with(",2026-05-31"));
        } else {
            assert_eq!(*with, format!("{without},"));
        }
    }
    let json = k.at(
        TODAY,
        &["--history", "h.sqlite", "--format", "json", "trend"],
    );
    assert!(
        json.stdout.contains(r#""recorded": null"#) || json.stdout.contains(r#""recorded":null"#),
        "{}",
        json.stdout
    );
}

#[test]
fn trend_history_course_the_old_plan_lacked_is_a_zero_row() {
    let k = may().plan_edit(
        "    satisfies: [chef25]\n",
        "    satisfies: [chef25]\n  - id: brand\n    name: Brandskydd\n    due_months: 1\n",
    );
    let k = k.plan_edit("    \"*\": [webb]\n", "    \"*\": [webb, brand]\n");
    // May's plan had no `brand`: record May with the plan without it.
    let old = may();
    record(&old, "2026-05-31");
    std::fs::copy(old.path("h.sqlite"), k.path("h.sqlite")).unwrap();
    let rows = trend(&october(k), &[]);
    let brand: Vec<&String> = rows
        .iter()
        .filter(|r| r.starts_with("2026-05-31,brand,"))
        .collect();
    assert_eq!(
        brand,
        [&"2026-05-31,brand,0,0,0,0,0,0,2026-05-31".to_string()]
    );
    let later: Vec<&String> = rows
        .iter()
        .filter(|r| r.starts_with("2026-06-30,brand,"))
        .collect();
    assert!(!later[0].starts_with("2026-06-30,brand,0,"), "{later:?}");
}

#[test]
fn trend_history_forgotten_recording_serves_from_figures_but_with_role_is_derived() {
    let k = may();
    record(&k, "2026-05-31");
    let k = october(k);
    let before = trend(&k, &["--unit", "E2"]);
    let forget = k.run_existing(&[
        "history",
        "--history",
        "h.sqlite",
        "--forget-before",
        "2026-06-01",
        "--quiet",
    ]);
    assert_eq!(forget.code, 0, "{}", forget.stderr);
    assert_eq!(
        trend(&k, &["--unit", "E2"]),
        before,
        "served from the figures as before"
    );
    let with_role = trend(&k, &["--unit", "E2", "--role", "medarbetare"]);
    assert_eq!(recorded_column(&with_role, "2026-05-31"), ["", "", ""]);
    let plain = k.at(
        TODAY,
        &[
            "--format",
            "csv",
            "trend",
            "--unit",
            "E2",
            "--role",
            "medarbetare",
        ],
    );
    let derived: Vec<&str> = plain
        .stdout
        .lines()
        .filter(|r| r.starts_with("2026-05-31"))
        .collect();
    assert_eq!(point(&with_role, "2026-05-31"), derived);
}

#[test]
fn trend_history_from_reaches_back_to_the_first_recording() {
    let k = may();
    record(&k, "2023-03-31");
    let k = october(k);
    let rows = trend(&k, &["--from", "2023-03"]);
    assert_eq!(recorded_column(&rows, "2023-03-31"), ["2023-03-31"; 3]);
    assert_eq!(
        rows.iter().filter(|r| r.starts_with("2023-03-31")).count(),
        3
    );
    // The default is as without the store: the last 24 months.
    let rows = trend(&k, &[]);
    assert!(rows[1].starts_with("2024-11-30,"), "{}", rows[1]);
}

#[test]
fn site_history_island_trend_rows_carry_recorded_and_derived_points_are_dashed() {
    let k = may();
    record(&k, "2025-02-28");
    record(&k, "2025-03-31");
    let k = october(k);
    let run = k.at(
        TODAY,
        &[
            "--quiet",
            "--history",
            "h.sqlite",
            "site",
            "--output",
            "out",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in ["out/index.html", "out/e2.html"] {
        let html = k.read(page);
        let island = html.split(r#"id="kvu-data">"#).nth(1).unwrap();
        let island = island.split("</script>").next().unwrap();
        // Every month from the first recording (February 2025) to as-of.
        assert!(island.contains(r#""date":"2025-02-28""#), "{island}");
        assert!(!island.contains(r#""date":"2025-01-31""#));
        assert!(island.contains(r#""recorded":"2025-03-31""#), "{page}");
        assert!(island.contains(r#""recorded":null"#));
        assert!(html.contains(r#"<polyline class="recorded""#), "{page}");
        assert!(html.contains(r#"<polyline class="derived""#), "{page}");
    }
    // Without the store: the last 24 months, no `recorded`, no stretches.
    let plain = k.site();
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    let html = k.read("out/index.html");
    assert!(!html.contains("recorded"));
}

#[test]
fn trend_history_on_a_file_that_is_no_store_is_an_error() {
    let k = october(may()).file("h.sqlite", "not a database\n");
    let run = k.at(TODAY, &["--history", "h.sqlite", "trend"]);
    assert_eq!(run.code, 2);
    assert!(run.error().contains("h.sqlite"), "{}", run.stderr);
}

#[test]
fn site_history_chart_covers_at_most_120_months() {
    let k = may();
    record(&k, "2015-01-31");
    let k = october(k);
    let run = k.at(
        TODAY,
        &[
            "--quiet",
            "--history",
            "h.sqlite",
            "site",
            "--output",
            "out",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = k.read("out/index.html");
    let island = html.split(r#"id="kvu-data">"#).nth(1).unwrap();
    let trend = island.split(r#""trend":"#).nth(1).unwrap();
    let trend = trend.split(']').next().unwrap();
    let dates: std::collections::BTreeSet<&str> = trend
        .split(r#""date":""#)
        .skip(1)
        .map(|d| &d[..10])
        .collect();
    // 120 months up to as-of: November 2016 to October 2026; the recording of 2015 serves none.
    assert_eq!(dates.len(), 120);
    assert_eq!(dates.first(), Some(&"2016-11-30"));
    assert_eq!(dates.last(), Some(&"2026-10-31"));
    assert!(!trend.contains(r#""recorded":"2"#));
}
