//! The model's typed indices (made as the plan's are, by `plan::id_type!`): a staff row, and a person
//! as the rules see one. The records the loader writes keep a bare `u32` person (the engine's hot
//! structs); binding to a plan makes it a [`PersonIx`].

use super::StaffRecord;
use crate::plan::{id_type, index_by};

id_type! {
    /// A staff row, by its place in the staff export ([`super::Model::rows`]).
    RowIx
}

index_by!(RowIx => StaffRecord);

id_type! {
    /// A person, by their number among the people ([`super::People`]: staff first, then leavers).
    PersonIx
}

impl PersonIx {
    /// The person a record's number names.
    #[inline]
    pub const fn of(person: u32) -> PersonIx {
        PersonIx::new(person as usize)
    }
}
