//! Binding cache decisions (RFC 6275 §9.5, §10.3): a fixed-capacity cache with an injected
//! clock (milliseconds), deciding the Binding Acknowledgement status, sequence number and
//! lifetime for each Binding Update, plus expiry and Binding Refresh Request timing.

use super::mh::ba_status;
use super::seq::{binding_units_to_ms, bu_seq_acceptable, clamp_binding_units};

/// What the receiver knows about a Binding Update beyond its fields: the results of the
/// checks that need the rest of the node (routing tables, DAD, nonces, policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuContext {
    /// This node acts as a home agent (decides H=1 handling).
    pub is_home_agent: bool,
    /// The home address is on a link this home agent serves (§10.3.1).
    pub home_on_served_link: bool,
    /// Policy allows this home agent to serve this mobile node.
    pub serves_mn: bool,
    /// Policy allows the binding at all (administratively).
    pub admin_allowed: bool,
    /// Duplicate Address Detection for the home address failed.
    pub dad_failed: bool,
    /// Home agent wants the MN to run Mobile Prefix Discovery (status 1).
    pub prefix_discovery_needed: bool,
    /// For a correspondent registration: the nonce check result (0 when both nonce indices
    /// are valid and the authenticator verified, else 136/137/138 or 128).
    pub nonce_status: u8,
    /// Largest lifetime this node grants, in seconds.
    pub max_lifetime_secs: u32,
}

/// A Binding Update as the cache sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuInput {
    /// Home address.
    pub home: [u8; 16],
    /// Care-of address (source or Alternate CoA).
    pub coa: [u8; 16],
    /// Sequence #.
    pub seq: u16,
    /// H flag.
    pub home_reg: bool,
    /// A flag.
    pub ack: bool,
    /// Requested lifetime in 4-second units.
    pub lifetime: u16,
}

/// What was done with the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheAction {
    /// Nothing changed (rejected).
    None,
    /// A new entry.
    Created,
    /// An existing entry was updated/refreshed.
    Updated,
    /// The entry was removed (deregistration).
    Deleted,
}

/// The decision for one Binding Update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuDecision {
    /// Binding Acknowledgement status.
    pub status: u8,
    /// Sequence number for the BA: the BU's, or the last accepted one for status 135.
    pub seq: u16,
    /// Granted lifetime in 4-second units (0 when rejected or deleted).
    pub lifetime: u16,
    /// A BA must be sent: when requested, always for home registrations, and for any
    /// rejection (§9.5.1 and §10.3.1 say BAs for errors are sent).
    pub send_ba: bool,
    /// Effect on the cache.
    pub action: CacheAction,
}

/// One cache entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BindingEntry {
    /// Home address (key).
    pub home: [u8; 16],
    /// Care-of address.
    pub coa: [u8; 16],
    /// Last accepted sequence number.
    pub seq: u16,
    /// Home registration (H flag) entry.
    pub home_reg: bool,
    /// Expiry time in ms.
    pub expires_ms: u64,
    /// Granted lifetime in ms (for refresh timing).
    pub lifetime_ms: u64,
    /// A Binding Refresh Request was already sent for this lifetime.
    pub brr_sent: bool,
}

/// Fixed-capacity binding cache.
#[derive(Debug, Clone)]
pub struct BindingCache<const N: usize> {
    entries: [Option<BindingEntry>; N],
}

impl<const N: usize> Default for BindingCache<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> BindingCache<N> {
    /// An empty cache.
    pub fn new() -> Self {
        BindingCache { entries: [None; N] }
    }

    /// The live entry for `home` at `now_ms`.
    pub fn get(&self, home: &[u8; 16], now_ms: u64) -> Option<&BindingEntry> {
        self.entries
            .iter()
            .flatten()
            .find(|e| &e.home == home && e.expires_ms > now_ms)
    }

    /// Number of live entries.
    pub fn len(&self, now_ms: u64) -> usize {
        self.entries
            .iter()
            .flatten()
            .filter(|e| e.expires_ms > now_ms)
            .count()
    }

    /// True when no entry is live.
    pub fn is_empty(&self, now_ms: u64) -> bool {
        self.len(now_ms) == 0
    }

    /// Drop expired entries; returns how many were removed.
    pub fn expire(&mut self, now_ms: u64) -> usize {
        let mut n = 0;
        for slot in self.entries.iter_mut() {
            if matches!(slot, Some(e) if e.expires_ms <= now_ms) {
                *slot = None;
                n += 1;
            }
        }
        n
    }

    /// Remove the entry for `home`.
    pub fn delete(&mut self, home: &[u8; 16]) -> bool {
        for slot in self.entries.iter_mut() {
            if matches!(slot, Some(e) if &e.home == home) {
                *slot = None;
                return true;
            }
        }
        false
    }

    /// Process a Binding Update (§9.5.1 for correspondent, §10.3.1/§10.3.2 for home
    /// registrations) and update the cache.
    pub fn process_bu(&mut self, now_ms: u64, bu: &BuInput, ctx: &BuContext) -> BuDecision {
        self.expire(now_ms);
        let existing = self
            .entries
            .iter()
            .flatten()
            .find(|e| e.home == bu.home)
            .copied();
        let (mut decision, entry) = decide(existing.as_ref(), now_ms, bu, ctx);
        match (decision.action, entry) {
            (CacheAction::Deleted, _) => {
                self.delete(&bu.home);
            }
            (CacheAction::Created, Some(entry)) | (CacheAction::Updated, Some(entry)) => {
                let slot = match self
                    .entries
                    .iter()
                    .position(|s| matches!(s, Some(e) if e.home == bu.home))
                {
                    Some(i) => Some(i),
                    None => self.entries.iter().position(|s| s.is_none()),
                };
                match slot.and_then(|i| self.entries.get_mut(i)) {
                    Some(s) => *s = Some(entry),
                    None => decision = reject(ba_status::INSUFFICIENT_RESOURCES, bu.seq),
                }
            }
            _ => {}
        }
        decision
    }

    /// Correspondent entries that deserve a Binding Refresh Request now (§9.5.5): in use
    /// (`in_use` says whether traffic flows to that home address), not a home registration,
    /// less than a `lead_fraction_pct` percent of their lifetime left, not asked yet. Marks
    /// them asked and calls `send` with each home address.
    pub fn refresh_requests(
        &mut self,
        now_ms: u64,
        lead_fraction_pct: u8,
        mut in_use: impl FnMut(&[u8; 16]) -> bool,
        mut send: impl FnMut(&[u8; 16]),
    ) {
        for e in self.entries.iter_mut().flatten() {
            if e.home_reg || e.brr_sent || e.expires_ms <= now_ms {
                continue;
            }
            let left = e.expires_ms - now_ms;
            let lead = e.lifetime_ms / 100 * u64::from(lead_fraction_pct.min(100));
            if left <= lead && in_use(&e.home) {
                e.brr_sent = true;
                send(&e.home);
            }
        }
    }

    /// The earliest expiry among live entries (for the caller's timer).
    pub fn next_expiry(&self) -> Option<u64> {
        self.entries.iter().flatten().map(|e| e.expires_ms).min()
    }
}

fn reject(status: u8, seq: u16) -> BuDecision {
    BuDecision {
        status,
        seq,
        lifetime: 0,
        send_ba: true,
        action: CacheAction::None,
    }
}

/// The §9.5.1 / §10.3.1 decision for one Binding Update given the live entry for its home
/// address (if any), independent of how the cache is stored: returns the decision and, for
/// `Created`/`Updated`, the entry to store. `Deleted` means remove the existing entry.
/// Callers with their own storage (the kernel's tree) use this directly; a caller that
/// cannot store a new entry answers status 130 instead.
pub fn decide(
    existing: Option<&BindingEntry>,
    now_ms: u64,
    bu: &BuInput,
    ctx: &BuContext,
) -> (BuDecision, Option<BindingEntry>) {
    let existing = existing.filter(|e| e.expires_ms > now_ms);
    if let Some(e) = existing {
        if !bu_seq_acceptable(bu.seq, e.seq) {
            return (reject(ba_status::SEQ_OUT_OF_WINDOW, e.seq), None);
        }
        if e.home_reg != bu.home_reg {
            return (reject(ba_status::REG_TYPE_CHANGE_DISALLOWED, bu.seq), None);
        }
    }
    if !ctx.admin_allowed {
        return (reject(ba_status::ADMIN_PROHIBITED, bu.seq), None);
    }
    let dereg = bu.lifetime == 0 || bu.coa == bu.home;
    if bu.home_reg {
        if !ctx.is_home_agent {
            return (reject(ba_status::HOME_REG_NOT_SUPPORTED, bu.seq), None);
        }
        if !ctx.home_on_served_link {
            return (reject(ba_status::NOT_HOME_SUBNET, bu.seq), None);
        }
        if !ctx.serves_mn {
            return (reject(ba_status::NOT_HOME_AGENT, bu.seq), None);
        }
        if ctx.dad_failed && !dereg {
            return (reject(ba_status::DAD_FAILED, bu.seq), None);
        }
    } else if ctx.nonce_status != 0 {
        return (reject(ctx.nonce_status, bu.seq), None);
    }

    if dereg {
        // §10.3.2: a home agent without a binding for the address is not its home agent.
        if bu.home_reg && existing.is_none() {
            return (reject(ba_status::NOT_HOME_AGENT, bu.seq), None);
        }
        let action = if existing.is_some() {
            CacheAction::Deleted
        } else {
            CacheAction::None
        };
        let d = BuDecision {
            status: ba_status::ACCEPTED,
            seq: bu.seq,
            lifetime: 0,
            send_ba: bu.ack || bu.home_reg,
            action,
        };
        return (d, None);
    }

    let lifetime = clamp_binding_units(bu.lifetime, ctx.max_lifetime_secs);
    let lifetime_ms = binding_units_to_ms(lifetime);
    let entry = BindingEntry {
        home: bu.home,
        coa: bu.coa,
        seq: bu.seq,
        home_reg: bu.home_reg,
        expires_ms: now_ms.saturating_add(lifetime_ms),
        lifetime_ms,
        brr_sent: false,
    };
    let action = if existing.is_some() {
        CacheAction::Updated
    } else {
        CacheAction::Created
    };
    let status = if bu.home_reg && ctx.prefix_discovery_needed {
        ba_status::ACCEPTED_PREFIX_DISCOVERY
    } else {
        ba_status::ACCEPTED
    };
    (
        BuDecision {
            status,
            seq: bu.seq,
            lifetime,
            send_ba: bu.ack || bu.home_reg,
            action,
        },
        Some(entry),
    )
}

#[cfg(test)]
#[path = "tests/bcache.rs"]
mod tests;
