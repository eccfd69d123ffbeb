//! Typed indices: a course, role or level of the plan (and, through [`id_type!`], a person or staff row
//! of the model) is a number of its own type, so that one cannot be passed, or index a list, where
//! another is meant.
//!
//! Each is a `u32` (a national staff list's six hundred thousand people and thirteen million completion
//! rows keep their records as small as with a bare number), `Copy`, ordered and hashable, read with
//! `.index()` and made with `::new` only; there is no arithmetic on them. The lists they index stay
//! ordinary `Vec`s: [`index_by!`] lets a slice of the one element type the id names be indexed by it
//! (`plan.courses[course]`), which reads as before and keeps the callers' code unchanged, where a typed
//! vector would change every list's type and every `iter().enumerate()` over it.

/// Declares an index newtype over `u32`.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The id of place `index` (a list of ids is never longer than `u32::MAX`).
            #[inline]
            pub const fn new(index: usize) -> $name {
                debug_assert!(index <= u32::MAX as usize);
                $name(index as u32)
            }

            /// The place this id names.
            #[inline]
            pub const fn index(self) -> usize {
                self.0 as usize
            }

            /// The ids of a list `len` long, in order.
            pub fn all(len: usize) -> impl DoubleEndedIterator<Item = $name> + Clone {
                (0..len).map($name::new)
            }
        }
    };
}

/// Lets slices and `Vec`s of `$item` be indexed by `$id`.
macro_rules! index_by {
    ($id:ty => $($item:ty),+) => {
        $(
            impl std::ops::Index<$id> for [$item] {
                type Output = $item;
                #[inline]
                fn index(&self, id: $id) -> &$item {
                    &self[id.index()]
                }
            }

            impl std::ops::IndexMut<$id> for [$item] {
                #[inline]
                fn index_mut(&mut self, id: $id) -> &mut $item {
                    &mut self[id.index()]
                }
            }

            impl std::ops::Index<$id> for Vec<$item> {
                type Output = $item;
                #[inline]
                fn index(&self, id: $id) -> &$item {
                    &self[id.index()]
                }
            }

            impl std::ops::IndexMut<$id> for Vec<$item> {
                #[inline]
                fn index_mut(&mut self, id: $id) -> &mut $item {
                    &mut self[id.index()]
                }
            }
        )+
    };
}

pub(crate) use {id_type, index_by};

id_type! {
    /// A course, by its place in the plan's `courses`.
    CourseIx
}

id_type! {
    /// A role, by its place in the plan's `roles`.
    RoleIx
}

id_type! {
    /// A level, by its place in the plan's `levels`.
    LevelIx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_its_place_and_orders_by_it() {
        let ids: Vec<CourseIx> = CourseIx::all(3).collect();
        assert_eq!(ids.iter().map(|c| c.index()).collect::<Vec<_>>(), [0, 1, 2]);
        assert!(CourseIx::new(1) < CourseIx::new(2));
        assert_eq!(std::mem::size_of::<Option<CourseIx>>(), 8);
        assert_eq!(std::mem::size_of::<CourseIx>(), 4);
    }
}
