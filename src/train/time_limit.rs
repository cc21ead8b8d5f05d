//! Time projected from the first epochs, so a command-line run that would take hours stops
//! after a few seconds with the figure and a way out, and a long one that may go on says how
//! long it will be (training with the defaults on 2M nodes printed nothing in 200 s).
//!
//! Measured, not modelled: an epoch's cost depends on the method, the degrees, the threads and
//! the machine, and the first epochs measure all of them at once.

use std::time::Duration;

/// Minutes a command-line run may take by default (`--time-limit`; 0 for no limit).
pub const DEFAULT_MINUTES: f64 = 60.0;

/// Epochs timed before the projection is made: the first alone carries one-off costs
/// (allocations the later epochs reuse).
pub const MEASURED_EPOCHS: usize = 3;

/// A projection longer than this is announced on the terminal.
pub const ANNOUNCE_SECONDS: f64 = 60.0;

/// `--time-limit` in minutes as a limit: `None` for 0 (no limit).
pub fn from_minutes(minutes: f64) -> Result<Option<Duration>, String> {
    if !(minutes.is_finite() && (0.0..=1e6).contains(&minutes)) {
        return Err(format!(
            "--time-limit {minutes}: expected minutes from 0 (no limit) to 1000000"
        ));
    }
    Ok((minutes > 0.0).then(|| Duration::from_secs_f64(60.0 * minutes)))
}

/// Seconds the run would take in all: what has passed (the preparation included) and the
/// mean of the epochs done so far for each epoch left.
pub fn projected_seconds(elapsed: f64, done: usize, epoch_seconds: f64, epochs: usize) -> f64 {
    let mean = epoch_seconds / done.max(1) as f64;
    elapsed + mean * epochs.saturating_sub(done) as f64
}

/// A duration in words a reader takes in at once: "40 s", "12 min", "2 h 5 min".
pub fn words(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    match s {
        0..=89 => format!("{s} s"),
        90..=3569 => format!("{} min", (s + 30) / 60),
        _ => {
            let minutes = (s + 30) / 60;
            match minutes % 60 {
                0 => format!("{} h", minutes / 60),
                m => format!("{} h {m} min", minutes / 60),
            }
        }
    }
}

/// What the run's first epochs measured.
#[derive(Clone, Copy, Debug)]
pub struct Measured {
    /// Seconds since the command began preparing the run.
    pub elapsed: f64,
    /// Epochs finished, and the seconds they took together.
    pub done: usize,
    pub epoch_seconds: f64,
}

/// Refuses a run whose projection is over `limit`, with the figure and what to change.
pub fn check(
    what: &str,
    epochs: usize,
    m: Measured,
    limit: Option<Duration>,
) -> Result<(), String> {
    let Some(limit) = limit else {
        return Ok(());
    };
    let total = projected_seconds(m.elapsed, m.done, m.epoch_seconds, epochs);
    if total <= limit.as_secs_f64() {
        return Ok(());
    }
    let per = m.epoch_seconds / m.done.max(1) as f64;
    let minutes = (total / 60.0 * 1.2).ceil().max(1.0);
    Err(format!(
        "{what} would take about {} ({epochs} epochs of {per:.2} s, after {} of preparation), \
         over the limit of {}: stopped after {} epochs. Allow it with --time-limit {minutes:.0} \
         (minutes; 0 for no limit), or ask for fewer --epochs, a smaller --hidden, fewer \
         --clusters, or a method that learns nothing (graclus, louvain)",
        words(total),
        words(m.elapsed - m.epoch_seconds),
        words(limit.as_secs_f64()),
        m.done
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(elapsed: f64, per: f64) -> Measured {
        Measured {
            elapsed,
            done: MEASURED_EPOCHS,
            epoch_seconds: per * MEASURED_EPOCHS as f64,
        }
    }

    #[test]
    fn the_projection_adds_the_mean_epoch_for_each_epoch_left() {
        // 10 s of preparation, then 3 epochs of 2 s: 16 s so far, 297 epochs of 2 s to come.
        assert_eq!(projected_seconds(16.0, 3, 6.0, 300), 16.0 + 2.0 * 297.0);
        assert_eq!(
            projected_seconds(5.0, 0, 0.0, 300),
            5.0,
            "nothing measured yet"
        );
        assert_eq!(
            projected_seconds(5.0, 4, 4.0, 3),
            5.0,
            "more done than asked"
        );
    }

    #[test]
    fn a_run_over_the_limit_is_stopped_with_the_figure_and_the_flag_that_allows_it() {
        // 2M nodes: 30 s preparing, 20 s an epoch: 300 epochs are about 1 h 41 min.
        let limit = from_minutes(DEFAULT_MINUTES).expect("valid");
        let e = check("training dmon", 300, measured(90.0, 20.0), limit).expect_err("over");
        assert!(
            e.starts_with("training dmon would take about 1 h 41 min"),
            "{e}"
        );
        assert!(
            e.contains("300 epochs of 20.00 s, after 30 s of preparation"),
            "{e}"
        );
        assert!(
            e.contains("over the limit of 1 h: stopped after 3 epochs"),
            "{e}"
        );
        assert!(
            e.contains("--time-limit 121"),
            "a fifth more than the projection: {e}"
        );
        // Under the limit, with no limit, or allowed by the flag it suggests: it goes on.
        check("t", 300, measured(3.0, 0.1), limit).expect("33 s");
        check("t", 300, measured(90.0, 20.0), None).expect("no limit");
        check("t", 300, measured(90.0, 20.0), from_minutes(121.0).unwrap()).expect("allowed");
    }

    #[test]
    fn the_limit_reads_minutes_and_refuses_what_is_not_a_duration() {
        assert_eq!(from_minutes(0.0), Ok(None));
        assert_eq!(from_minutes(1.5), Ok(Some(Duration::from_secs(90))));
        for bad in [-1.0, f64::NAN, f64::INFINITY, 1e7] {
            let e = from_minutes(bad).expect_err("refused");
            assert!(e.starts_with("--time-limit"), "{e}");
        }
    }

    #[test]
    fn durations_read_in_seconds_minutes_or_hours() {
        assert_eq!(words(40.4), "40 s");
        assert_eq!(words(89.0), "89 s");
        assert_eq!(words(90.0), "2 min");
        assert_eq!(words(720.0), "12 min");
        assert_eq!(words(3600.0), "1 h");
        assert_eq!(words(7500.0), "2 h 5 min");
        assert_eq!(words(-3.0), "0 s");
    }
}
