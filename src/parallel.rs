//! Splitting work across cores, for large inputs, on one rayon pool sized once by
//! [`configure`] (`--threads`, else `SPBE_THREADS`, else one per core). Results never depend on
//! the number of threads: work is split into consecutive chunks whose results are put back in
//! order.

use rayon::prelude::*;

/// Threads to use: the size of the pool [`configure`] set up (one per core without it).
pub fn threads() -> usize {
    rayon::current_num_threads()
}

/// Size the one thread pool: `requested` (`--threads`) capped at [`max_threads`], else
/// `SPBE_THREADS` when it is a positive number (capped too), else one per core. Returns the
/// warnings to print: a capped request, an invalid or capped `SPBE_THREADS`.
pub fn configure(requested: Option<usize>) -> Vec<String> {
    let mut warnings: Vec<String> = env_warning().into_iter().collect();
    let n = match requested {
        Some(n) => {
            let (n, warning) = capped(n);
            warnings.extend(warning);
            n
        }
        None => match from_env() {
            Some(Ok(n)) => n.min(max_threads()),
            _ => cores(),
        },
    };
    // Built once per process; a second call (tests running commands in one process) keeps
    // the pool there is.
    let _ = rayon::ThreadPoolBuilder::new().num_threads(n).build_global();
    warnings
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The most threads worth starting: four per core, and never more than 256 (10,000 threads
/// only spend their time starting and switching).
pub fn max_threads() -> usize {
    (4 * cores()).clamp(1, 256)
}

/// `SPBE_THREADS` is set to something that is not a positive number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("SPBE_THREADS=`{}` is not a positive number of threads", crate::problem::snippet(.0))]
struct NotAThreadCount(String);

/// `SPBE_THREADS` as given: none, a positive number, or the text that is not one.
fn from_env() -> Option<Result<usize, NotAThreadCount>> {
    let raw = std::env::var_os("SPBE_THREADS")?;
    let text = raw.to_string_lossy();
    if text.trim().is_empty() {
        return None;
    }
    Some(
        text.trim()
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| NotAThreadCount(text.into_owned())),
    )
}

/// A warning when `SPBE_THREADS` is not a positive number, or more than [`max_threads`].
pub fn env_warning() -> Option<String> {
    match from_env()? {
        Err(e) => Some(format!("{e}; using one per core ({})", cores())),
        Ok(n) if n > max_threads() => Some(cap_message("SPBE_THREADS", n)),
        Ok(_) => None,
    }
}

/// `requested` threads capped at [`max_threads`], with a warning when it was more.
pub fn capped(requested: usize) -> (usize, Option<String>) {
    let max = max_threads();
    if requested > max {
        (max, Some(cap_message("--threads", requested)))
    } else {
        (requested, None)
    }
}

fn cap_message(what: &str, n: usize) -> String {
    format!(
        "{what} {n} is more than is worth starting here; using {} (four per core, at most 256)",
        max_threads()
    )
}

/// `f` over consecutive chunks of `items`, up to `threads` of them (run on the pool's threads),
/// results in order.
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
    let f = &f;
    items.par_chunks(size).map(f).collect()
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

    #[test]
    fn threads_are_capped() {
        let max = max_threads();
        assert!((1..=256).contains(&max));
        assert_eq!(capped(1), (1, None));
        assert_eq!(capped(max).0, max);
        let (n, warning) = capped(10_000);
        assert_eq!(n, max);
        assert!(warning.is_some_and(|w| w.starts_with("--threads 10000 is more than")));
    }
}
