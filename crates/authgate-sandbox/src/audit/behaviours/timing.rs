//! Cold start and warm latency, from the REPORT lines of the warm phase.

use std::time::Duration;

use super::super::phases::WarmRun;
use super::super::report::{JwtAnswer, Row, Timings};
use super::{explain, jwt, row};

/// The rows `cold_init` and `warm_latency`, and the numbers for the report's timings.
pub fn latency(warm: &WarmRun) -> (Vec<Row>, Timings) {
    let init = warm.calls.first().and_then(|s| s.call.init);
    let mut warm_ms: Vec<f64> = warm
        .calls
        .iter()
        .skip(1)
        .map(|s| ms(s.call.duration))
        .collect();
    warm_ms.sort_by(f64::total_cmp);
    let p50 = percentile(&warm_ms, 50);
    let p99 = percentile(&warm_ms, 99);
    let cold = explain(
        row(
            "cold_init",
            false,
            "measured (Lambda allows 10 s of init)".to_owned(),
            init.map_or("no cold start measured".to_owned(), |d| {
                format!("{:.1} ms", ms(d))
            }),
            init.is_none_or(|d| d < Duration::from_secs(10)),
        ),
        "the first request to each new execution environment waits for init",
        "AWS docs: Lambda execution environment lifecycle (Init phase)",
        "load keys and libraries lazily; keep the bundle small",
        jwt(JwtAnswer::NotApplicable, "no function: no cold start"),
    );
    let warm_row = explain(
        row(
            "warm_latency",
            false,
            "measured".to_owned(),
            match (p50, p99) {
                (Some(p50), Some(p99)) => {
                    format!(
                        "p50 {p50:.1} ms, p99 {p99:.1} ms over {} warm calls",
                        warm_ms.len()
                    )
                }
                _ => "no warm calls measured".to_owned(),
            },
            true,
        ),
        "every uncached request waits for the authorizer before the integration runs",
        "AWS docs: Lambda authorizer caching",
        "cache the JWKS; avoid per-request network calls",
        jwt(
            JwtAnswer::NotApplicable,
            "no function: validation is part of the gateway's own latency",
        ),
    );
    let timings = Timings {
        cold_init_ms: init.map(ms),
        warm_p50_ms: p50,
        warm_p99_ms: p99,
        warm_calls: warm_ms.len(),
        audit_ms: 0,
    };
    (vec![cold, warm_row], timings)
}

/// Milliseconds to the hundredth (what Lambda's REPORT line shows, without float noise).
fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 100_000.0).round() / 100.0
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: usize) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

#[cfg(test)]
mod tests {
    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(super::percentile(&values, 50), Some(50.0));
        assert_eq!(super::percentile(&values, 99), Some(99.0));
        assert_eq!(super::percentile(&[3.0], 99), Some(3.0));
        assert_eq!(super::percentile(&[], 50), None);
    }
}
