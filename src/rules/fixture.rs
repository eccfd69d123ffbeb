//! For the rules' unit tests: a plan and exports written as text into a temporary folder, loaded as
//! `kvu` loads them, and bound into a [`Model`].

use std::sync::atomic::{AtomicU32, Ordering};

use jiff::civil::Date;

use crate::diag::Diagnostics;
use crate::load::inputs::{self, LoadOptions, Paths};
use crate::model::{Exports, Model};
use crate::plan::Plan;

/// A plan and the exports read with it.
pub struct Fixture {
    pub plan: Plan,
    pub old_plan: Option<Plan>,
    pub exports: Exports,
}

impl Fixture {
    /// Loads `plan`, a staff export and a completion export (CSV texts, header first), and an old plan
    /// for `diff`, from a folder of their own (`name` says whose).
    pub fn new(name: &str, plan: &str, old_plan: Option<&str>, staff: &str, done: &str) -> Fixture {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("kvu-rules-{name}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = |file: &str, text: &str| {
            let path = dir.join(file);
            std::fs::write(&path, text).unwrap();
            Some(crate::load::path::InputPath::new(
                path.to_string_lossy().into_owned(),
            ))
        };
        let options = LoadOptions {
            paths: Paths {
                plan: file("plan.yaml", plan),
                staff: file("staff.csv", staff),
                completions: file("completions.csv", done),
                units: None,
                exemptions: None,
                old_plan: old_plan.and_then(|text| file("old.yaml", text)),
                ..Default::default()
            },
            encoding: Default::default(),
            delimiter: None,
            as_of: Date::constant(2026, 6, 1),
            id_format: Default::default(),
            recording: None,
        };
        let loaded = inputs::load(&options, true, &mut Diagnostics::new(false)).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        Fixture {
            plan: loaded.plan.unwrap(),
            old_plan: loaded.old_plan,
            exports: loaded.exports,
        }
    }

    /// The exports bound to the plan.
    pub fn model(&self) -> Model<'_> {
        Model::bind(&self.plan, &self.exports, &mut Diagnostics::new(false)).unwrap()
    }

    /// The exports bound to the old plan.
    pub fn old_model(&self) -> Model<'_> {
        let old = self.old_plan.as_ref().unwrap();
        Model::bind(old, &self.exports, &mut Diagnostics::new(false)).unwrap()
    }
}
