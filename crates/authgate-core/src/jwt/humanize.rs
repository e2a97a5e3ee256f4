//! Times for people: RFC 3339 and "2h13m ago" / "in 5m" relative to a given `now`.

/// `2026-11-23T10:00:00Z`, or the raw number if it is outside the representable range.
pub fn rfc3339(unix: f64) -> String {
    #[allow(clippy::cast_possible_truncation)]
    let secs = unix.floor() as i64;
    jiff::Timestamp::from_second(secs).map_or_else(|_| format!("{unix}"), |ts| ts.to_string())
}

/// A compact duration: `45s`, `13m`, `2h13m`, `3d4h`.
pub fn duration(secs: u64) -> String {
    let (d, h, m, s) = (
        secs / 86_400,
        secs % 86_400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, _) if s == 0 => format!("{m}m"),
        (0, 0, _) => format!("{m}m{s}s"),
        (0, _, _) => format!("{h}h{m}m"),
        _ => format!("{d}d{h}h"),
    }
}

/// `in 2h13m`, `2h13m ago`, or `now`.
pub fn relative(unix: f64, now: i64) -> String {
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    let delta = (unix - now as f64).round() as i64;
    match delta {
        0 => "now".to_owned(),
        d if d > 0 => format!("in {}", duration(d.unsigned_abs())),
        d => format!("{} ago", duration(d.unsigned_abs())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(duration(45), "45s");
        assert_eq!(duration(600), "10m");
        assert_eq!(duration(61), "1m1s");
        assert_eq!(duration(2 * 3600 + 13 * 60 + 5), "2h13m");
        assert_eq!(duration(3 * 86_400 + 4 * 3600), "3d4h");
        assert_eq!(relative(1000.0, 1000), "now");
        assert_eq!(relative(1000.0, 1000 + 7980), "2h13m ago");
        assert_eq!(relative(1300.0, 1000), "in 5m");
        assert_eq!(rfc3339(1_795_428_000.0), "2026-11-23T10:00:00Z");
    }
}
