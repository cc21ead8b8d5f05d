//! The allocator keeps freed memory for reuse (alone in its own process, so no other test's
//! allocations count against it).

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn a_freed_big_matrix_is_reused_without_new_page_faults() {
    fn minor_faults() -> i64 {
        // SAFETY: getrusage fills the struct it is given.
        unsafe {
            let mut u: libc::rusage = std::mem::zeroed();
            libc::getrusage(libc::RUSAGE_SELF, &mut u);
            u.ru_minflt
        }
    }
    poolscope::allocator::keep_freed_memory();
    let touch = || {
        // Eight matrices of 8 MiB alive at once, written, then all freed: an epoch's tape.
        let live: Vec<Vec<f32>> = (0..8).map(|k| vec![k as f32; 2 << 20]).collect();
        std::hint::black_box(live.iter().map(|v| v[v.len() - 1]).sum::<f32>())
    };
    // On a thread started after the call, as the trainer's is (the test harness's own thread
    // had its arena before the test began).
    let faults = std::thread::spawn(move || {
        touch();
        let before = minor_faults();
        for _ in 0..4 {
            touch();
        }
        minor_faults() - before
    })
    .join()
    .expect("thread");
    // Returned to the system and faulted in again each round (glibc's default trims what
    // exceeds twice the largest block), the rounds fault over 20,000 times here; reused,
    // about 2,000 (the holder vectors and the heap's first growth).
    assert!(faults < 8_000, "{faults} page faults reusing freed memory");
}
