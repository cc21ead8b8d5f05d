//! The process's thread pool, bounded like the `--threads` flag: `RAYON_NUM_THREADS` is read
//! by rayon itself, unchecked, so a value of 5,000 started 5,000 threads and the first
//! parallel loop hung the machine.

use crate::train::max_threads;

/// What to do with a `RAYON_NUM_THREADS` value: the thread count to use and, when the value
/// was refused or reduced, a note saying so. `None`: leave rayon's default.
pub fn from_environment(value: Option<&str>) -> Option<(usize, Option<String>)> {
    let value = value?.trim();
    let most = max_threads();
    let cores = most / crate::train::THREADS_PER_CORE;
    match value.parse::<usize>() {
        // Rayon's own meaning of 0: one thread per core.
        Ok(0) => None,
        Ok(n) if n <= most => Some((n, None)),
        Ok(n) => Some((
            most,
            Some(format!(
                "RAYON_NUM_THREADS={n}: using {most} threads (at most {} per core on this \
                 machine's {cores})",
                crate::train::THREADS_PER_CORE
            )),
        )),
        Err(_) => Some((
            cores.max(1),
            Some(format!(
                "RAYON_NUM_THREADS={value:?} is not a number of threads: using {}, one per core",
                cores.max(1)
            )),
        )),
    }
}

/// Builds rayon's global pool from `RAYON_NUM_THREADS`, bounded, and bounds the variable for
/// the pools built later; returns the note to print when the value was not used as given.
/// Call first thing in `main`.
pub fn bound_global_pool() -> Option<String> {
    let value = std::env::var("RAYON_NUM_THREADS").ok();
    let (threads, note) = from_environment(value.as_deref())?;
    if note.is_some() {
        // Every pool built later without a count of its own (the trainer's, the CLI's) reads
        // the variable too.
        // SAFETY: called first thing in `main`, before any other thread exists.
        unsafe { std::env::set_var("RAYON_NUM_THREADS", threads.to_string()) };
    }
    // Fails only when a pool was already built, which then stays as it is.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global();
    note
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_counts_from_the_environment_are_bounded() {
        let most = max_threads();
        assert_eq!(from_environment(None), None);
        assert_eq!(from_environment(Some("0")), None);
        assert_eq!(from_environment(Some("2")), Some((2, None)));
        let (n, note) = from_environment(Some("5000")).expect("bounded");
        assert_eq!(n, most);
        assert!(note.is_some_and(|m| m.contains("RAYON_NUM_THREADS=5000")));
        let (n, note) = from_environment(Some("lots")).expect("a default");
        assert!(n >= 1 && n <= most);
        assert!(note.is_some_and(|m| m.contains("not a number")));
    }
}
