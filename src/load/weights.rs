//! The allocation weights (`kvu allocate --key`): CSV `unit,weight`, a weight 0 or more with at most six
//! decimals, kept as whole millionths so that decimals share exactly. A unit named twice is an error
//! naming both lines; so is a weight, or a sum of weights, past what whole millionths in 64 bits hold
//! (18,446,744,073,709.551615).

use crate::load::path::InputPath;
use std::collections::HashMap;

use super::{CsvFile, ReadOptions, each_row};
use crate::diag::{Diagnostics, Problem};
use crate::model::exports::WeightRow;
use crate::plan::{Key, key};

/// Weights are whole millionths.
pub const SCALE: u64 = 1_000_000;

/// The largest weight, and sum of weights, as written: `u64::MAX` millionths.
const MAX_TEXT: &str = "18446744073709.551615";

/// A weight as written (`9`, `2.5`, `.5`) in millionths; `None` when it is no such number.
pub fn parse_weight(text: &str) -> Option<u64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && frac.is_empty()
        || frac.len() > 6
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: u64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<6}").parse().ok()?
    };
    whole.checked_mul(SCALE)?.checked_add(frac)
}

/// Reads a weights file (`--key`).
pub fn load(
    path: &InputPath,
    options: &ReadOptions,
    diag: &mut Diagnostics,
) -> Result<Vec<WeightRow>, Problem> {
    let mut file = CsvFile::open(path, "key", options)?;
    let c_unit = file.require("unit")?;
    let c_weight = file.require("weight")?;
    let mut rows = Vec::new();
    let mut first_line: HashMap<Key, u64> = HashMap::new();
    let mut total: u64 = 0;
    each_row(&mut file, diag, |row, _| {
        let unit = row.required(c_unit, "a unit id or name")?;
        let text = row.text(c_weight)?;
        let weight = parse_weight(&text).ok_or_else(|| {
            let form = text.split_once('.').unwrap_or((&text, ""));
            let digits = !form.0.is_empty()
                && form.1.len() <= 6
                && text
                    .bytes()
                    .filter(|&b| b != b'.')
                    .all(|b| b.is_ascii_digit());
            row.problem(if digits {
                format!(
                    "weight `{text}` is too large, expected at most {}",
                    MAX_TEXT
                )
            } else {
                format!("weight `{text}` is not a number of 0 or more (at most six decimals)")
            })
        })?;
        if let Some(first) = first_line.insert(key(&unit), row.line) {
            first_line.insert(key(&unit), first);
            return Err(row.problem(format!(
                "unit `{unit}` is in the key twice (lines {first} and {}), expected one weight per unit",
                row.line
            )));
        }
        total = total.checked_add(weight).ok_or_else(|| {
            row.problem(format!(
                "the weights add up to more than {MAX_TEXT} here, expected a smaller total (scale the key down)"
            ))
        })?;
        rows.push(WeightRow {
            unit: unit.to_string(),
            weight,
            line: row.line,
            source: row.path.clone(),
        });
        Ok(())
    })?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::parse_weight;

    #[test]
    fn weights_are_exact_millionths() {
        assert_eq!(parse_weight("9"), Some(9_000_000));
        assert_eq!(parse_weight("2.5"), Some(2_500_000));
        assert_eq!(parse_weight("0.000001"), Some(1));
        assert_eq!(parse_weight(".5"), Some(500_000));
        for bad in ["", "-1", "1e3", "1.0000001", "x", "."] {
            assert_eq!(parse_weight(bad), None, "{bad}");
        }
    }
}
