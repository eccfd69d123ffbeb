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

/// `f` of each index `0..count` on all cores, the indices taken in order by whichever thread is free
/// (for many pieces of very different sizes: the units of `--split`, the pages of `kvu site`); the
/// results in index order. After an error no new index is taken, so the results hold every index
/// before the first error and the first error in index order is the one returned.
pub fn each_index<R: Send, E: Send>(
    count: usize,
    f: impl Fn(usize) -> Result<R, E> + Sync,
) -> Result<Vec<R>, E> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let work = || {
        let mut done = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                break;
            }
            let result = f(i);
            failed.fetch_or(result.is_err(), Ordering::Relaxed);
            done.push((i, result));
        }
        done
    };
    let workers: Vec<usize> = (0..cores().min(count.max(1))).collect();
    let mut all: Vec<(usize, Result<R, E>)> =
        map(&workers, |_| work()).into_iter().flatten().collect();
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_back_in_the_pieces_order() {
        let pieces: Vec<u64> = (0..5).collect();
        assert_eq!(super::map(&pieces, |&p| p * 10), [0, 10, 20, 30, 40]);
        assert_eq!(super::map(&[] as &[u64], |&p| p), Vec::<u64>::new());
    }

    #[test]
    fn each_index_gives_results_in_index_order_and_the_first_error() {
        let squares = super::each_index(100, |i| Ok::<_, ()>(i * i)).unwrap();
        assert_eq!(squares, (0..100).map(|i| i * i).collect::<Vec<_>>());
        let err = super::each_index(100, |i| if i % 30 == 29 { Err(i) } else { Ok(i) });
        assert_eq!(err, Err(29));
        assert_eq!(super::each_index(0, Ok::<usize, ()>), Ok(vec![]));
    }
}
