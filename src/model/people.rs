//! Every person kvu has seen, numbered: staff first (in staff-export order), then people found only in
//! the completions (leavers), in completion-export order.
//!
//! A compact interner ([`Interner`]), since a national staff list has hundreds of thousands of ids: the
//! ids are kept end to end in one string, and an open-addressing table of numbers (four bytes a slot,
//! and four of hash) finds them by hash. That is a third of what a `HashMap<String, u32>` takes, and
//! the table and the text are two arrays, not an allocation per string (the staff export's unit
//! names are numbered with one too, for that reason: looking a unit up hits memory that is warm).

use std::hash::Hasher;

use crate::fasthash::FxHasher;

const EMPTY: u32 = u32::MAX;

/// Strings numbered in the order they were first seen.
#[derive(Debug)]
pub struct Interner {
    /// Every string, end to end.
    text: String,
    /// Where string `p` ends in `text` (it starts where `p - 1` ends).
    ends: Vec<u32>,
    /// Numbers by hash, linear probing, each with the high 32 bits of its string's hash: most probes
    /// that miss need not look at the string itself, and the slot is the top bits of those, so that
    /// growing the table never reads a string again. A power of two long, at most three quarters full.
    slots: Vec<(u32, u32)>,
}

/// The people: an [`Interner`] of ids, staff first.
#[derive(Debug, Default)]
pub struct People {
    ids: Interner,
    /// How many of the people come from the staff export.
    pub staff_count: u32,
}

impl Default for Interner {
    fn default() -> Interner {
        Interner {
            text: String::new(),
            ends: Vec::new(),
            slots: vec![(EMPTY, 0); 16],
        }
    }
}

/// The high 32 bits of an id's hash (FxHash mixes its high bits best).
fn hash(id: &str) -> u32 {
    let mut h = FxHasher::default();
    h.write(id.as_bytes());
    (h.finish() >> 32) as u32
}

/// The first slot for a hash in a table of `len` slots (a power of two): the hash's top bits.
fn home(tag: u32, len: usize) -> usize {
    match len.trailing_zeros() {
        0 => 0,
        bits => (tag >> (32 - bits.min(32))) as usize,
    }
}

impl People {
    /// Person `p`'s id.
    pub fn id(&self, p: u32) -> &str {
        self.ids.get_text(p)
    }

    pub fn get(&self, id: &str) -> Option<u32> {
        self.ids.get(id)
    }

    /// [`Interner::get_all`].
    pub fn get_all(&self, ids: &[&str]) -> Vec<Option<u32>> {
        self.ids.get_all(ids)
    }

    /// Room for `more` people without growing the table (a staff export's estimated rows).
    pub fn reserve(&mut self, more: usize) {
        self.ids.reserve(more);
    }

    pub fn intern(&mut self, id: &str) -> u32 {
        self.ids.intern(id)
    }

    /// [`Interner::intern_all`].
    pub fn intern_all<'s>(&mut self, n: usize, id: impl Fn(usize) -> &'s str) -> Vec<u32> {
        self.ids.intern_all(n, id)
    }

    pub fn in_staff(&self, person: u32) -> bool {
        person < self.staff_count
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

impl Interner {
    /// String `p`.
    pub fn get_text(&self, p: u32) -> &str {
        let p = p as usize;
        let start = if p == 0 { 0 } else { self.ends[p - 1] as usize };
        &self.text[start..self.ends[p] as usize]
    }

    /// The slot where `id` is, or the empty slot where it would go.
    fn slot(&self, id: &str, tag: u32) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = home(tag, self.slots.len());
        loop {
            let (p, t) = self.slots[at];
            if p == EMPTY || (t == tag && self.get_text(p) == id) {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    pub fn get(&self, id: &str) -> Option<u32> {
        Some(self.slots[self.slot(id, hash(id))].0).filter(|&p| p != EMPTY)
    }

    /// The numbers of many strings, as [`Interner::get`] gives them one by one, looked up sixteen at a
    /// time in steps: the sixteen home slots read, then where each found string is, then its text.
    /// The loads of a step do not wait on one another, so a table too big for the cache has sixteen
    /// misses on their way at once, not one after the other (one lookup is three misses in a row: its
    /// slot, its string's end, its text). A completion export in date order looks every plan row's id
    /// up, not a run's (national `gaps`: 0.1 s of the run before, on both cores).
    pub fn get_all(&self, ids: &[&str]) -> Vec<Option<u32>> {
        const BATCH: usize = 16;
        let mut found = Vec::with_capacity(ids.len());
        for batch in ids.chunks(BATCH) {
            let mut tags = [0u32; BATCH];
            let mut homes = [(EMPTY, 0u32); BATCH];
            let mut spans = [(0u32, 0u32); BATCH];
            for (tag, id) in tags.iter_mut().zip(batch) {
                *tag = hash(id);
            }
            for (home_slot, &tag) in homes.iter_mut().zip(&tags).take(batch.len()) {
                *home_slot = self.slots[home(tag, self.slots.len())];
            }
            for k in 0..batch.len() {
                let (p, tag) = homes[k];
                if p != EMPTY && tag == tags[k] {
                    let p = p as usize;
                    let start = if p == 0 { 0 } else { self.ends[p - 1] };
                    spans[k] = (start, self.ends[p]);
                }
            }
            for (k, id) in batch.iter().enumerate() {
                let (p, tag) = homes[k];
                let (start, end) = spans[k];
                found.push(if p == EMPTY {
                    None
                } else if tag == tags[k] && &self.text[start as usize..end as usize] == *id {
                    Some(p)
                } else {
                    Some(self.slots[self.slot(id, tags[k])].0).filter(|&p| p != EMPTY)
                });
            }
        }
        found
    }

    /// Room for `more` strings without growing the table.
    pub fn reserve(&mut self, more: usize) {
        self.ends.reserve(more);
        self.grow_to(self.ends.len() + more);
    }

    /// Grows the table so that it holds `n` people at most three quarters full.
    fn grow_to(&mut self, n: usize) {
        let mut len = self.slots.len();
        while n * 4 > len * 3 {
            len *= 2;
        }
        if len == self.slots.len() {
            return;
        }
        let mut grown = vec![(EMPTY, 0); len];
        let mask = len - 1;
        for &(q, tag) in self.slots.iter().filter(|(q, _)| *q != EMPTY) {
            let mut at = home(tag, len);
            while grown[at].0 != EMPTY {
                at = (at + 1) & mask;
            }
            grown[at] = (q, tag);
        }
        self.slots = grown;
    }

    pub fn intern(&mut self, id: &str) -> u32 {
        let tag = hash(id);
        let at = self.slot(id, tag);
        if self.slots[at].0 != EMPTY {
            return self.slots[at].0;
        }
        let p = self.ends.len() as u32;
        self.text.push_str(id);
        self.ends.push(self.text.len() as u32);
        self.slots[at] = (p, tag);
        self.grow_to(self.ends.len());
        p
    }

    /// Interns `n` strings (`string(0)`, `string(1)`, ...) in order; their numbers, as
    /// [`Interner::intern`] one by one gives them. Faster than interning each while its row is read: a
    /// slot of a national table is a cache miss, and a tight loop of lookups has many on their way at
    /// once (a staff export's ids: 0.69 s -> 0.60 s for `kvu units` on 600,000 staff).
    pub fn intern_all<'s>(&mut self, n: usize, string: impl Fn(usize) -> &'s str) -> Vec<u32> {
        self.grow_to(self.ends.len() + n);
        (0..n).map(|k| self.intern(string(k))).collect()
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_numbered_in_order_and_found_again() {
        let mut people = People::default();
        let ids: Vec<String> = (0..5000).map(|i| format!("{}", 100_000 + i * 7)).collect();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(people.intern(id), i as u32);
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(people.intern(id), i as u32);
            assert_eq!(people.get(id), Some(i as u32));
            assert_eq!(people.id(i as u32), id);
        }
        assert_eq!(people.get("nobody"), None);
        assert_eq!(people.intern(""), 5000);
        assert_eq!(people.id(5000), "");
        assert_eq!(people.len(), 5001);
    }

    #[test]
    fn interning_many_at_once_numbers_as_one_by_one() {
        // Repeats near and far, in a table that must grow.
        let ids: Vec<String> = (0..20_000)
            .map(|i: u32| format!("{}", 100_000 + (i * 7919) % 15_000))
            .collect();
        let mut one = People::default();
        one.intern("first");
        let mut all = People::default();
        all.intern("first");
        let expected: Vec<u32> = ids.iter().map(|id| one.intern(id)).collect();
        assert_eq!(all.intern_all(ids.len(), |k| &ids[k]), expected);
        assert_eq!(all.len(), one.len());
        for id in &ids {
            assert_eq!(all.get(id), one.get(id));
        }
        assert_eq!(all.intern_all(0, |_| ""), Vec::<u32>::new());
    }

    #[test]
    fn looking_many_up_at_once_finds_what_one_by_one_finds() {
        // A full table (many ids away from their home slot), ids found and not, repeats, the empty id,
        // and a batch that is not sixteen long.
        let mut people = People::default();
        for i in 0..12_000u32 {
            people.intern(&format!("{}", 100_000 + (i * 7919) % 50_000));
        }
        people.intern("");
        let asked: Vec<String> = (0..20_003u32)
            .map(|i| format!("{}", 100_000 + (i * 104_729) % 60_000))
            .chain(["".to_string(), "nobody".to_string()])
            .collect();
        let asked: Vec<&str> = asked.iter().map(|s| s.as_str()).collect();
        let one_by_one: Vec<Option<u32>> = asked.iter().map(|id| people.get(id)).collect();
        assert!(one_by_one.iter().filter(|p| p.is_some()).count() > 1000);
        assert!(one_by_one.iter().filter(|p| p.is_none()).count() > 1000);
        assert_eq!(people.get_all(&asked), one_by_one);
        assert_eq!(people.get_all(&[]), Vec::<Option<u32>>::new());
    }

    #[test]
    fn a_table_sized_ahead_numbers_and_finds_ids_as_one_grown_row_by_row() {
        let ids: Vec<String> = (0..3000).map(|i| format!("E{}", i * 13 % 7919)).collect();
        let mut grown = People::default();
        let mut sized = People::default();
        sized.reserve(10);
        sized.reserve(2000);
        for id in &ids {
            assert_eq!(sized.intern(id), grown.intern(id));
        }
        assert!(sized.ids.slots.len() * 3 >= sized.len() * 4);
        for id in &ids {
            assert_eq!(sized.get(id), grown.get(id));
        }
        assert_eq!(sized.get("E7919"), None);
    }
}
