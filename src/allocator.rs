//! How the process asks the system for memory. Training allocates a few dozen matrices of
//! `nodes x 32` floats per epoch and frees them at its end; by default glibc maps each big one
//! fresh and returns it on free, so every epoch pays a page fault per 4 KiB written and a TLB
//! shootdown per unmapping: on a 100,000-node graph that was 40% of the epoch. Keeping freed
//! memory for reuse costs nothing once the first epoch has reached its working set.

/// Asks glibc to serve big allocations from one heap and to keep up to a gigabyte freed at its
/// top, instead of mapping and unmapping each one. Call once, first thing in `main`; elsewhere
/// than Linux with glibc it does nothing.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets the allocator's tunables; called before other threads start.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 30);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 30);
        // One arena: a thread's own arena lives in 64 MiB heaps that are unmapped whole when
        // emptied, whatever the trim threshold, and the trainer runs on its own thread.
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
