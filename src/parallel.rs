//! Splitting work across cores, for large inputs. Results never depend on the number of
//! threads: work is split into consecutive chunks whose results are put back in order.

/// Threads to use: `SPBE_THREADS` when set to a positive number, else one per core.
pub fn threads() -> usize {
    std::env::var("SPBE_THREADS")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `f` over consecutive chunks of `items`, on up to `threads` threads, results in order.
/// Chunks hold at least `min_chunk` items (so small inputs stay on the calling thread).
pub fn map_chunks<T, R>(items: &[T], threads: usize, min_chunk: usize, f: impl Fn(&[T]) -> R + Sync) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let chunks = threads.min(items.len() / min_chunk.max(1)).max(1);
    if chunks == 1 {
        return vec![f(items)];
    }
    let size = items.len().div_ceil(chunks);
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = items.chunks(size).map(|chunk| s.spawn(move || f(chunk))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_come_back_in_order_whatever_the_threads() {
        let items: Vec<u32> = (0..1000).collect();
        for threads in [1, 2, 3, 8] {
            for min_chunk in [1, 10, 600, 5000] {
                let parts = map_chunks(&items, threads, min_chunk, |c| c.to_vec());
                assert!(parts.len() <= threads);
                assert_eq!(parts.concat(), items, "{threads} threads, chunks of {min_chunk}+");
            }
        }
        assert_eq!(map_chunks(&[] as &[u32], 4, 1, |c| c.len()), [0]);
    }
}
