//! A per-second budget for what a packet can make a node send or log (RFC 6275 §9.3.1
//! asks for it on Binding Errors; the same shape bounds every reply a stranger can cause).

/// At most `per_sec` events in each one-second window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    window_ms: u64,
    count: u32,
}

impl RateLimit {
    /// A limiter with a fresh budget.
    pub const fn new() -> Self {
        RateLimit {
            window_ms: 0,
            count: 0,
        }
    }

    /// Whether one more event may happen at `now_ms` (and count it if so).
    pub fn allow(&mut self, now_ms: u64, per_sec: u32) -> bool {
        if now_ms.saturating_sub(self.window_ms) >= 1000 || now_ms < self.window_ms {
            self.window_ms = now_ms;
            self.count = 0;
        }
        if self.count >= per_sec {
            return false;
        }
        self.count += 1;
        true
    }
}

#[cfg(test)]
#[path = "tests/ratelimit.rs"]
mod tests;
