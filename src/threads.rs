//! Work on all cores, for the few steps of a national run that are worth it: how many threads to use,
//! and running one function over a few pieces at once, the results in the pieces' order.

/// The threads to use: the machine's cores, at most 8 (more only contend for memory).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8))
}

/// `f` of each piece, the first on this thread and the others on threads of their own; the results
/// in the pieces' order. A panic in a thread goes on in this one.
pub fn map<P: Sync, R: Send>(pieces: &[P], f: impl Fn(&P) -> R + Sync) -> Vec<R> {
    let Some((first, rest)) = pieces.split_first() else {
        return Vec::new();
    };
    std::thread::scope(|scope| {
        let f = &f;
        let others: Vec<_> = rest.iter().map(|p| scope.spawn(move || f(p))).collect();
        let mut out = vec![f(first)];
        for other in others {
            out.push(
                other
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        out
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_back_in_the_pieces_order() {
        let pieces: Vec<u64> = (0..5).collect();
        assert_eq!(super::map(&pieces, |&p| p * 10), [0, 10, 20, 30, 40]);
        assert_eq!(super::map(&[] as &[u64], |&p| p), Vec::<u64>::new());
    }
}
