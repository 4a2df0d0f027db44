//! Movement detection decisions (RFC 6275 §11.5.1) from Router Advertisements, the
//! Advertisement Interval option and neighbour unreachability, with an injected clock (ms).

/// What the mobile node should conclude.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveEvent {
    /// Nothing new.
    None,
    /// A router and/or prefix not seen before on the current link: possibly moved; verify
    /// the default router (and form a new care-of address if the prefix is new).
    NewRouter,
    /// The set of on-link prefixes changed: moved to a new link.
    Moved,
    /// An RA carries the home prefix: back on the home link.
    ReturnedHome,
    /// No RA within the Advertisement Interval (plus slack): probe the default router.
    AdvIntervalExpired,
    /// The default router is unreachable: select a new router, treat as moved.
    RouterUnreachable,
}

/// Slack added to the Advertisement Interval before missing RAs are acted on (§7.3 lets
/// the mobile node choose; one extra interval is a common choice).
pub const ADV_INTERVAL_MISSES: u64 = 2;

/// Movement detection state for one interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MovementDetector<const P: usize> {
    home_prefix: [u8; 8],
    router: Option<[u8; 16]>,
    prefixes: [Option<[u8; 8]>; P],
    adv_interval_ms: Option<u32>,
    last_ra_ms: u64,
    at_home: bool,
    probed: bool,
}

impl<const P: usize> MovementDetector<P> {
    /// A detector for a mobile node whose home prefix is the /64 `home_prefix`.
    pub fn new(home_prefix: [u8; 8], at_home: bool) -> Self {
        MovementDetector {
            home_prefix,
            router: None,
            prefixes: [None; P],
            adv_interval_ms: None,
            last_ra_ms: 0,
            at_home,
            probed: false,
        }
    }

    /// True while on the home link.
    pub fn at_home(&self) -> bool {
        self.at_home
    }

    /// The /64 prefixes advertised on the current link.
    pub fn prefixes(&self) -> impl Iterator<Item = &[u8; 8]> + '_ {
        self.prefixes.iter().flatten()
    }

    /// The current default router.
    pub fn router(&self) -> Option<[u8; 16]> {
        self.router
    }

    /// An RA from link-local `router` advertising the /64 on-link `prefixes`, with an
    /// optional Advertisement Interval (ms).
    pub fn on_ra(
        &mut self,
        now_ms: u64,
        router: [u8; 16],
        prefixes: &[[u8; 8]],
        adv_interval_ms: Option<u32>,
    ) -> MoveEvent {
        let known = |p: &[u8; 8], set: &[Option<[u8; 8]>; P]| set.iter().flatten().any(|q| q == p);
        let same_router = self.router == Some(router);
        let any_known = prefixes.iter().any(|p| known(p, &self.prefixes));
        let home = prefixes.contains(&self.home_prefix);
        self.last_ra_ms = now_ms;
        self.probed = false;
        if adv_interval_ms.is_some() || !same_router {
            self.adv_interval_ms = adv_interval_ms;
        }
        let event = if home && !self.at_home {
            MoveEvent::ReturnedHome
        } else if same_router || (home && self.at_home) {
            MoveEvent::None
        } else if any_known && self.router.is_some() {
            MoveEvent::NewRouter
        } else {
            MoveEvent::Moved
        };
        if matches!(event, MoveEvent::Moved | MoveEvent::ReturnedHome) {
            self.prefixes = [None; P];
        }
        self.router = Some(router);
        for p in prefixes {
            if !known(p, &self.prefixes) {
                if let Some(slot) = self.prefixes.iter_mut().find(|s| s.is_none()) {
                    *slot = Some(*p);
                }
            }
        }
        self.at_home = home || (self.at_home && event != MoveEvent::Moved);
        event
    }

    /// Timer: report a missed Advertisement Interval once.
    pub fn on_tick(&mut self, now_ms: u64) -> MoveEvent {
        match (self.adv_interval_ms, self.router) {
            (Some(i), Some(_)) if !self.probed => {
                let limit = u64::from(i).saturating_mul(ADV_INTERVAL_MISSES);
                if now_ms.saturating_sub(self.last_ra_ms) > limit {
                    self.probed = true;
                    MoveEvent::AdvIntervalExpired
                } else {
                    MoveEvent::None
                }
            }
            _ => MoveEvent::None,
        }
    }

    /// Neighbour Unreachability Detection declared the default router unreachable.
    pub fn on_router_unreachable(&mut self) -> MoveEvent {
        if self.router.take().is_none() {
            return MoveEvent::None;
        }
        self.prefixes = [None; P];
        self.adv_interval_ms = None;
        MoveEvent::RouterUnreachable
    }

    /// When [`MovementDetector::on_tick`] should run next.
    pub fn next_deadline(&self) -> Option<u64> {
        let i = self.adv_interval_ms?;
        if self.probed || self.router.is_none() {
            return None;
        }
        Some(
            self.last_ra_ms
                .saturating_add(u64::from(i).saturating_mul(ADV_INTERVAL_MISSES))
                .saturating_add(1),
        )
    }
}

#[cfg(test)]
#[path = "tests/movement.rs"]
mod tests;
