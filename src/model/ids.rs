//! The model's typed index (made as the plan's are, by `plan::id_type!`): a staff row.

use super::StaffRecord;
use crate::plan::{id_type, index_by};

id_type! {
    /// A staff row, by its place in the staff export ([`super::Model::rows`]).
    RowIx
}

index_by!(RowIx => StaffRecord);
