//! The plan as YAML says it: serde structs that keep each value's line and column, read by
//! serde-saphyr, and its error messages in kvu's voice. Private to the plan module.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diag::Problem;

pub(super) fn yaml_problem(path: &str, e: &serde_saphyr::Error) -> Problem {
    let inner = e.without_snippet();
    let mut message = inner.to_string();
    // The library appends its own "at line L column C"; the location goes in front instead.
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    let message = message.lines().next().unwrap_or("").trim().to_string();
    let message = polish(&message);
    match inner.location() {
        Some(loc) if loc.line() > 0 => Problem::at_col(path, loc.line(), loc.column(), message),
        _ => Problem::file(path, message),
    }
}

/// Rewords the YAML library's messages into kvu's voice: what was wrong, what was expected.
fn polish(message: &str) -> String {
    if message.is_empty() {
        return "not a valid plan, expected YAML as in docs/contract.md".to_string();
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return format!("duplicate key `{key}`, expected each key once");
    }
    match message {
        "invalid i64" => "not a whole number, expected a whole number".to_string(),
        "invalid floating point" => "not a number, expected a number".to_string(),
        m if m.starts_with("missing field") => format!("{m}, which is required"),
        m => m.to_string(),
    }
}

/// A YAML mapping read in document order.
pub(super) struct Pairs<K, V>(pub(super) Vec<(K, V)>);

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Pairs<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<K, V> {
            type Value = Pairs<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(PairsVisitor(PhantomData))
    }
}

pub(super) type Text = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlan {
    pub(super) name: Text,
    #[serde(default)]
    pub(super) organisation: Option<String>,
    #[serde(default)]
    pub(super) starts: Option<Text>,
    pub(super) levels: Pairs<Text, String>,
    pub(super) roles: Pairs<Text, String>,
    pub(super) courses: Vec<RawCourse>,
    pub(super) matrix: Pairs<Text, Pairs<Text, Vec<Text>>>,
    #[serde(default)]
    pub(super) priority: Vec<Spanned<RawTier>>,
    #[serde(default)]
    pub(super) columns: Option<RawColumns>,
    #[serde(default)]
    pub(super) titles: Option<Pairs<Text, RawTitle>>,
}

/// `columns:`: for each export, the name it gives each of the contract's columns.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawColumns {
    #[serde(default)]
    pub(super) staff: Option<RawStaffColumns>,
    #[serde(default)]
    pub(super) completions: Option<RawCompletionColumns>,
    #[serde(default)]
    pub(super) units: Option<RawUnitColumns>,
    #[serde(default)]
    pub(super) exemptions: Option<RawExemptionColumns>,
}

macro_rules! column_struct {
    ($name:ident { $($field:ident),* }) => {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(super) struct $name {
            $(#[serde(default)] $field: Option<String>,)*
        }
        impl $name {
            pub(super) fn pairs(self) -> Vec<(&'static str, String)> {
                let mut out = Vec::new();
                $(if let Some(v) = self.$field { out.push((stringify!($field), v.trim().to_string())); })*
                out
            }
        }
    };
}

column_struct!(RawStaffColumns {
    employee_id,
    name,
    unit,
    role,
    level,
    start_date,
    title
});
column_struct!(RawCompletionColumns {
    employee_id,
    course,
    completed,
    session
});
column_struct!(RawUnitColumns { unit, parent, name });
column_struct!(RawExemptionColumns {
    employee_id,
    course,
    until,
    reason
});

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTitle {
    pub(super) role: Text,
    #[serde(default)]
    pub(super) level: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCourse {
    pub(super) id: Text,
    pub(super) name: String,
    #[serde(default)]
    pub(super) hours: Option<Spanned<f64>>,
    #[serde(default)]
    pub(super) due_months: Option<Spanned<i64>>,
    #[serde(default)]
    pub(super) valid_months: Option<Spanned<i64>>,
    #[serde(default)]
    pub(super) codes: Vec<Text>,
    #[serde(default)]
    pub(super) satisfies: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTier {
    #[serde(default)]
    pub(super) role: Option<Text>,
    #[serde(default)]
    pub(super) level: Option<Text>,
    #[serde(default)]
    pub(super) course: Option<Text>,
    #[serde(default)]
    pub(super) status: Option<Text>,
}
