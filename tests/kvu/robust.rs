//! Never a panic on any input: random bytes, random CSV and random YAML go to the loaders, which must
//! return a value or an error (and with the collecting sink of `validate`, too).

use kvu::diag::Diagnostics;
use kvu::load::{Encoding, ReadOptions, completions, exemptions, staff, units};
use kvu::model::exports::{CodeSet, Exports};
use kvu::model::{Model, People};
use kvu::plan::Plan;
use proptest::prelude::*;

use crate::support::PLAN;

fn plan() -> Plan {
    Plan::from_yaml("plan.yaml", PLAN, &mut Diagnostics::new(false))
        .unwrap()
        .unwrap()
}

/// Runs every loader on the bytes, as each kind of file, in stopping and in collecting mode.
fn load_everything(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.csv");
    std::fs::write(&path, bytes).unwrap();
    let path = &kvu::load::path::InputPath::new(path.to_str().unwrap().to_string());
    let plan = plan();
    for encoding in [Encoding::Auto, Encoding::Utf8, Encoding::Windows1252] {
        let options = ReadOptions {
            encoding,
            ..ReadOptions::default()
        };
        for collect in [false, true] {
            let mut diag = if collect {
                Diagnostics::collecting(true)
            } else {
                Diagnostics::new(false)
            };
            let mut people = People::default();
            let mut exports = Exports::default();
            if let Ok(s) = staff::load(path, &options, &mut people, &mut diag) {
                exports.staff = s;
            }
            if let Ok(e) = exemptions::load(path, &options, &people, &mut diag) {
                exports.exemptions = e;
            }
            let codes = CodeSet::of(&[&plan]);
            let read = completions::read(path, &codes, &options, jiff::civil::date(2024, 6, 1));
            if let Ok(c) = read.and_then(|r| r.resolve(&mut people, &mut diag)) {
                exports.completions = c;
            }
            let _ = units::load(path, &options, &mut diag);
            exports.people = people;
            exports.codes = codes;
            // Binding whatever was read never panics either.
            let _ = Model::bind(&plan, &exports, &mut diag);
        }
    }
}

fn csv_text() -> impl Strategy<Value = String> {
    let header = prop_oneof![
        Just("employee_id,name,unit,role,level,start_date".to_string()),
        Just("employee_id;course;completed;session".to_string()),
        Just("unit\tparent\tname".to_string()),
        Just("employee_id,course,until,reason".to_string()),
        "[a-z_,;\t\"]{0,40}",
    ];
    let field = prop_oneof![
        "[a-zA-Z0-9 åäöÅÄÖé-]{0,12}",
        Just("2024-02-30".to_string()),
        Just("2024-03-05T14:22:00Z".to_string()),
        Just("\"quoted, \"\"field\"\"\"".to_string()),
        Just("webb".to_string()),
        Just("chef".to_string()),
        Just("enhet".to_string()),
        "[,;\t\"\r\n]{1,3}",
    ];
    let row = prop::collection::vec(field, 0..8).prop_map(|f| f.join(","));
    (header, prop::collection::vec(row, 0..12))
        .prop_map(|(h, rows)| format!("{h}\n{}", rows.join("\n")))
}

fn yaml_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("name: T\n".to_string()),
        Just("levels: { enhet: Enhet }\n".to_string()),
        Just("roles: { chef: Chef }\n".to_string()),
        Just("courses:\n  - { id: a, name: A, satisfies: [a] }\n".to_string()),
        Just("matrix:\n  chef: { \"*\": [a] }\n".to_string()),
        Just("priority: [{ role: chef }, {}]\n".to_string()),
        Just("columns: { staff: { role: Roll } }\n".to_string()),
        Just("titles: { \"*\": { role: chef } }\n".to_string()),
        Just("starts: 2024-02-30\n".to_string()),
        Just("x: &a [*a, *a]\n".to_string()),
        Just("  - ".to_string()),
        Just("\t{[\"\n".to_string()),
        "[a-z:{}\\[\\],\"'&*!|>#\n -]{0,30}",
    ];
    prop::collection::vec(piece, 0..10).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn loaders_never_panic_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        load_everything(&bytes);
    }

    #[test]
    fn loaders_never_panic_on_random_csv(text in csv_text()) {
        load_everything(text.as_bytes());
    }

    #[test]
    fn the_plan_loader_never_panics_on_random_yaml(text in yaml_text()) {
        let _ = Plan::from_yaml("plan.yaml", &text, &mut Diagnostics::new(false));
        let _ = Plan::from_yaml("plan.yaml", &text, &mut Diagnostics::collecting(true));
    }

    #[test]
    fn dates_never_panic(text in "\\PC{0,30}") {
        let _ = kvu::date::parse(&text);
    }
}
