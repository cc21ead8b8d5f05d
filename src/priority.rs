//! Background threads of the window step aside for the UI: on a machine with two cores the
//! training, the layout, the image drawing and the software renderer all want both, and a
//! frame that waits behind an epoch or a layout iteration is what the user feels.

/// The nice value of the window's background threads (0 normal, 19 lowest).
#[cfg(target_os = "linux")]
const NICE: i32 = 10;

/// Lowers the calling thread's scheduling priority (Linux: a nice value per thread), so that
/// it runs whenever the UI does not need the core. Elsewhere, and if refused, it does nothing.
pub fn lower_this_thread() {
    #[cfg(target_os = "linux")]
    // SAFETY: get/setpriority take plain integers; on Linux `who = 0` is the calling thread.
    unsafe {
        if libc::getpriority(libc::PRIO_PROCESS, 0) < NICE {
            let _ = libc::setpriority(libc::PRIO_PROCESS, 0, NICE);
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn lowers_only_the_calling_thread() {
        // SAFETY: getpriority takes plain integers.
        let nice = || unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        let before = nice();
        let inside = std::thread::spawn(move || {
            super::lower_this_thread();
            nice()
        })
        .join()
        .expect("thread");
        assert_eq!(inside, before.max(super::NICE));
        assert_eq!(nice(), before, "the caller's priority is untouched");
    }
}
