//! Every person kvu has seen, numbered: staff first (in staff-export order), then people found only in
//! the completions (leavers), in completion-export order.
//!
//! A compact interner, since a national staff list has hundreds of thousands of ids: the ids are kept
//! end to end in one string, and an open-addressing table of person numbers (four bytes a slot) finds
//! them by hash. That is a third of what a `HashMap<String, u32>` takes.

use std::hash::Hasher;

use crate::fasthash::FxHasher;

const EMPTY: u32 = u32::MAX;

#[derive(Debug)]
pub struct People {
    /// Every id, end to end.
    text: String,
    /// Where id `p` ends in `text` (it starts where `p - 1` ends).
    ends: Vec<u32>,
    /// Person numbers by hash, linear probing, each with 32 bits of its id's hash so that most probes
    /// that miss need not look at the id itself; a power of two long.
    slots: Vec<(u32, u32)>,
    /// How many of the people come from the staff export.
    pub staff_count: u32,
}

impl Default for People {
    fn default() -> People {
        People {
            text: String::new(),
            ends: Vec::new(),
            slots: vec![(EMPTY, 0); 16],
            staff_count: 0,
        }
    }
}

fn hash(id: &str) -> usize {
    let mut h = FxHasher::default();
    h.write(id.as_bytes());
    h.finish() as usize
}

impl People {
    /// Person `p`'s id.
    pub fn id(&self, p: u32) -> &str {
        let p = p as usize;
        let start = if p == 0 { 0 } else { self.ends[p - 1] as usize };
        &self.text[start..self.ends[p] as usize]
    }

    /// The slot where `id` is, or the empty slot where it would go.
    fn slot(&self, id: &str, h: usize) -> usize {
        let mask = self.slots.len() - 1;
        let tag = (h >> 32) as u32;
        let mut at = h & mask;
        loop {
            let (p, t) = self.slots[at];
            if p == EMPTY || (t == tag && self.id(p) == id) {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    pub fn get(&self, id: &str) -> Option<u32> {
        Some(self.slots[self.slot(id, hash(id))].0).filter(|&p| p != EMPTY)
    }

    pub fn intern(&mut self, id: &str) -> u32 {
        let h = hash(id);
        let at = self.slot(id, h);
        if self.slots[at].0 != EMPTY {
            return self.slots[at].0;
        }
        let p = self.ends.len() as u32;
        self.text.push_str(id);
        self.ends.push(self.text.len() as u32);
        self.slots[at] = (p, (h >> 32) as u32);
        // Keep the table at most half full.
        if self.ends.len() * 2 > self.slots.len() {
            let mut grown = vec![(EMPTY, 0); self.slots.len() * 2];
            let mask = grown.len() - 1;
            for &(q, tag) in self.slots.iter().filter(|(q, _)| *q != EMPTY) {
                let mut at = hash(self.id(q)) & mask;
                while grown[at].0 != EMPTY {
                    at = (at + 1) & mask;
                }
                grown[at] = (q, tag);
            }
            self.slots = grown;
        }
        p
    }

    pub fn in_staff(&self, person: u32) -> bool {
        person < self.staff_count
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
}
