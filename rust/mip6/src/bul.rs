//! Mobile node Binding Update List entry (RFC 6275 §11.7, §11.8) and return routability
//! state (§11.6, §5.2.7) as pure decision structs driven by an injected clock (ms).

use super::mh::ba_status;
use super::rr::{MAX_NONCE_LIFETIME_MS, MAX_RR_BINDING_LIFETIME_SECS, MAX_TOKEN_LIFETIME_MS};
use super::seq::{binding_units_to_ms, clamp_binding_units, seq_lt};

/// InitialBindackTimeoutFirstReg (§13): 1.5 s, first home registration.
pub const INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS: u64 = 1_500;
/// INITIAL_BINDACK_TIMEOUT (§12): 1 s.
pub const INITIAL_BINDACK_TIMEOUT_MS: u64 = 1_000;
/// MAX_BINDACK_TIMEOUT (§12): 32 s.
pub const MAX_BINDACK_TIMEOUT_MS: u64 = 32_000;
/// MAX_UPDATE_RATE (§12): 3 Binding Updates per second to one node.
pub const MAX_UPDATE_RATE: usize = 3;
/// Refresh a binding when this share (percent) of its lifetime is left (implementation choice).
pub const REFRESH_LEAD_PCT: u64 = 10;

/// State of one Binding Update List entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulState {
    /// Nothing sent.
    Idle,
    /// A BU is out, waiting for its BA until `deadline_ms`.
    WaitAck {
        /// Retransmission time.
        deadline_ms: u64,
    },
    /// Bound until `expires_ms`.
    Bound {
        /// When the binding expires.
        expires_ms: u64,
    },
    /// Gave up (correspondent registration after MAX_BINDACK_TIMEOUT, or rejected). A
    /// refused home registration is tried again at `retry_ms` (exponential back-off up to
    /// MAX_BINDACK_TIMEOUT): a refusal, spoofed or real, never ends mobility for good.
    Failed {
        /// The BA status that stopped us (0 for timeout).
        status: u8,
        /// When a home registration is tried again (`None`: never, correspondents).
        retry_ms: Option<u64>,
    },
}

/// What the caller must do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulAction {
    /// Nothing until [`BulEntry::next_deadline`].
    Wait,
    /// Send a Binding Update with this sequence number and lifetime (4 s units).
    SendBu {
        /// Sequence #.
        seq: u16,
        /// Lifetime.
        lifetime: u16,
    },
    /// Rate limit hit: try again at this time.
    RateLimited {
        /// Earliest time to send.
        at_ms: u64,
    },
}

/// One Binding Update List entry (home agent or correspondent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulEntry {
    /// Home registration (to the home agent).
    pub home_reg: bool,
    /// Next sequence number to use.
    pub seq: u16,
    /// Requested lifetime (4 s units).
    pub lifetime: u16,
    /// Current state.
    pub state: BulState,
    /// Current retransmission timeout.
    pub timeout_ms: u64,
    /// The home agent has no binding of ours (none accepted yet, or deregistered): the
    /// first-registration timeout applies.
    pub first_reg: bool,
    sent_at: [Option<u64>; MAX_UPDATE_RATE],
    /// Sequence number of the first BU of the outstanding attempt: its retransmissions
    /// are the same Binding Update, and a BA answering any of them answers the attempt
    /// (§11.7.3: "an outstanding Binding Update").
    attempt_seq: u16,
    granted_ms: u64,
    /// Back-off before retrying a refused home registration (doubles per refusal).
    refused_backoff_ms: u64,
}

impl BulEntry {
    /// A new entry; `initial_seq` should be random.
    pub fn new(home_reg: bool, initial_seq: u16) -> Self {
        BulEntry {
            home_reg,
            seq: initial_seq,
            lifetime: 0,
            state: BulState::Idle,
            timeout_ms: 0,
            first_reg: true,
            sent_at: [None; MAX_UPDATE_RATE],
            attempt_seq: initial_seq.wrapping_add(1),
            granted_ms: 0,
            refused_backoff_ms: 0,
        }
    }

    fn try_send(&mut self, now_ms: u64) -> BulAction {
        // MAX_UPDATE_RATE per second: the oldest of the last 3 sends must be ≥ 1 s old.
        let oldest = self
            .sent_at
            .iter()
            .map(|s| s.unwrap_or(0))
            .min()
            .unwrap_or(0);
        if self.sent_at.iter().all(|s| s.is_some()) && now_ms < oldest.saturating_add(1000) {
            return BulAction::RateLimited {
                at_ms: oldest.saturating_add(1000),
            };
        }
        if let Some(slot) = self
            .sent_at
            .iter_mut()
            .min_by_key(|s| s.map_or((0u8, 0), |t| (1, t)))
        {
            *slot = Some(now_ms);
        }
        self.seq = self.seq.wrapping_add(1);
        self.state = BulState::WaitAck {
            deadline_ms: now_ms.saturating_add(self.timeout_ms),
        };
        BulAction::SendBu {
            seq: self.seq,
            lifetime: self.lifetime,
        }
    }

    /// Start a registration (new care-of address, or refresh) with `lifetime` units;
    /// a correspondent registration is capped at MAX_RR_BINDING_LIFETIME.
    pub fn register(&mut self, now_ms: u64, lifetime: u16) -> BulAction {
        self.lifetime = if self.home_reg {
            lifetime
        } else {
            clamp_binding_units(lifetime, MAX_RR_BINDING_LIFETIME_SECS)
        };
        self.timeout_ms = if self.home_reg && self.first_reg {
            INITIAL_BINDACK_TIMEOUT_FIRST_REG_MS
        } else {
            INITIAL_BINDACK_TIMEOUT_MS
        };
        self.attempt_seq = self.seq.wrapping_add(1);
        self.try_send(now_ms)
    }

    /// Deregister (returning home): lifetime 0.
    pub fn deregister(&mut self, now_ms: u64) -> BulAction {
        self.lifetime = 0;
        self.timeout_ms = INITIAL_BINDACK_TIMEOUT_MS;
        self.attempt_seq = self.seq.wrapping_add(1);
        self.try_send(now_ms)
    }

    /// Timer: retransmit with exponential backoff, refresh before expiry.
    pub fn on_timer(&mut self, now_ms: u64) -> BulAction {
        match self.state {
            BulState::WaitAck { deadline_ms } if now_ms >= deadline_ms => {
                let next = self.timeout_ms.saturating_mul(2);
                if next > MAX_BINDACK_TIMEOUT_MS {
                    if self.home_reg {
                        // §11.8: the MN may keep retrying at MAX_BINDACK_TIMEOUT.
                        self.timeout_ms = MAX_BINDACK_TIMEOUT_MS;
                    } else {
                        self.state = BulState::Failed {
                            status: 0,
                            retry_ms: None,
                        };
                        return BulAction::Wait;
                    }
                } else {
                    self.timeout_ms = next;
                }
                self.try_send(now_ms)
            }
            BulState::Bound { expires_ms } => {
                let lead = self.granted_ms / 100 * REFRESH_LEAD_PCT;
                if now_ms.saturating_add(lead) >= expires_ms {
                    self.register(now_ms, self.lifetime)
                } else {
                    BulAction::Wait
                }
            }
            BulState::Failed {
                retry_ms: Some(at), ..
            } if now_ms >= at => {
                let lifetime = self.lifetime;
                if lifetime == 0 {
                    self.deregister(now_ms)
                } else {
                    self.register(now_ms, lifetime)
                }
            }
            _ => BulAction::Wait,
        }
    }

    /// A Binding Acknowledgement arrived. Returns `true` if it matched the outstanding BU.
    /// Status 135 resynchronises the sequence number and resends.
    pub fn on_ba(&mut self, now_ms: u64, status: u8, seq: u16, lifetime: u16) -> (bool, BulAction) {
        if !matches!(self.state, BulState::WaitAck { .. }) {
            return (false, BulAction::Wait);
        }
        if status == ba_status::SEQ_OUT_OF_WINDOW {
            // §11.7.3: the BA carries the receiver's last accepted sequence number, which
            // refused ours only if it is not older than ours. Anything else is not an answer
            // to this BU (a forged one that would pull the sequence number back).
            if seq_lt(seq, self.seq) {
                return (false, BulAction::Wait);
            }
            self.seq = seq;
            self.attempt_seq = seq.wrapping_add(1);
            return (true, self.try_send(now_ms));
        }
        // The latest BU, or one it retransmitted: a BA late for an earlier copy (the home
        // agent's DAD outlasting our first timeout) still answers this registration.
        if seq_lt(seq, self.attempt_seq) || seq_lt(self.seq, seq) {
            return (false, BulAction::Wait);
        }
        if self.lifetime == 0 && status == ba_status::NOT_HOME_AGENT {
            // A deregistration the home agent has no binding for (§10.3.2): nothing is left,
            // and the next registration is a first one again.
            self.state = BulState::Idle;
            self.first_reg = true;
            return (true, BulAction::Wait);
        }
        if !ba_status::is_accepted(status) {
            let retry_ms = self.home_reg.then(|| {
                self.refused_backoff_ms = self
                    .refused_backoff_ms
                    .saturating_mul(2)
                    .clamp(INITIAL_BINDACK_TIMEOUT_MS, MAX_BINDACK_TIMEOUT_MS);
                now_ms.saturating_add(self.refused_backoff_ms)
            });
            self.state = BulState::Failed { status, retry_ms };
            return (true, BulAction::Wait);
        }
        self.refused_backoff_ms = 0;
        if self.lifetime == 0 {
            // The home agent has no binding any more: its next registration from us is a
            // first one, which waits for its Duplicate Address Detection (§11.7.1, §13:
            // InitialBindackTimeoutFirstReg).
            self.state = BulState::Idle;
            self.first_reg = self.home_reg;
            return (true, BulAction::Wait);
        }
        let granted = lifetime.min(self.lifetime);
        self.granted_ms = binding_units_to_ms(granted);
        self.first_reg = false;
        self.state = BulState::Bound {
            expires_ms: now_ms.saturating_add(self.granted_ms),
        };
        (true, BulAction::Wait)
    }

    /// When [`BulEntry::on_timer`] should run next.
    pub fn next_deadline(&self) -> Option<u64> {
        match self.state {
            BulState::WaitAck { deadline_ms } => Some(deadline_ms),
            BulState::Bound { expires_ms } => {
                Some(expires_ms.saturating_sub(self.granted_ms / 100 * REFRESH_LEAD_PCT))
            }
            BulState::Failed { retry_ms, .. } => retry_ms,
            _ => None,
        }
    }

    /// True if `seq` is newer than the last sequence used (e.g. to ignore stale BAs).
    pub fn is_stale(&self, seq: u16) -> bool {
        seq_lt(seq, self.seq)
    }
}

/// One keygen token received in a HoT or CoT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenState {
    /// Nonce index.
    pub nonce_index: u16,
    /// Keygen token.
    pub token: [u8; 8],
    /// Receipt time.
    pub received_ms: u64,
}

/// A mobile node's return routability progress with one correspondent (§11.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RrState {
    /// Cookie of the outstanding HoTI.
    pub home_cookie: Option<[u8; 8]>,
    /// Cookie of the outstanding CoTI.
    pub care_of_cookie: Option<[u8; 8]>,
    /// Home keygen token.
    pub home: Option<TokenState>,
    /// Care-of keygen token.
    pub care_of: Option<TokenState>,
}

impl RrState {
    /// Begin: remember the (random) cookies of the HoTI and CoTI being sent.
    pub fn start(&mut self, home_cookie: [u8; 8], care_of_cookie: [u8; 8]) {
        self.home_cookie = Some(home_cookie);
        self.care_of_cookie = Some(care_of_cookie);
    }
    /// A HoT arrived: accepted only if its cookie matches the outstanding HoTI.
    pub fn on_hot(
        &mut self,
        now_ms: u64,
        cookie: [u8; 8],
        nonce_index: u16,
        token: [u8; 8],
    ) -> bool {
        if self.home_cookie != Some(cookie) {
            return false;
        }
        self.home_cookie = None;
        self.home = Some(TokenState {
            nonce_index,
            token,
            received_ms: now_ms,
        });
        true
    }
    /// A CoT arrived: accepted only if its cookie matches the outstanding CoTI.
    pub fn on_cot(
        &mut self,
        now_ms: u64,
        cookie: [u8; 8],
        nonce_index: u16,
        token: [u8; 8],
    ) -> bool {
        if self.care_of_cookie != Some(cookie) {
            return false;
        }
        self.care_of_cookie = None;
        self.care_of = Some(TokenState {
            nonce_index,
            token,
            received_ms: now_ms,
        });
        true
    }
    fn fresh(t: &Option<TokenState>, now_ms: u64) -> Option<TokenState> {
        t.filter(|t| now_ms >= t.received_ms && now_ms - t.received_ms <= MAX_TOKEN_LIFETIME_MS)
    }
    /// Tokens usable for a Binding Update now (both for a registration; the home token only
    /// for a deregistration), within MAX_TOKEN_LIFETIME.
    pub fn ready(
        &self,
        now_ms: u64,
        deregistration: bool,
    ) -> Option<(TokenState, Option<TokenState>)> {
        let h = Self::fresh(&self.home, now_ms)?;
        if deregistration {
            return Some((h, None));
        }
        Some((h, Some(Self::fresh(&self.care_of, now_ms)?)))
    }
    /// Forget the care-of token (the care-of address changed); the home token may be reused
    /// while fresh.
    pub fn care_of_changed(&mut self) {
        self.care_of = None;
    }
    /// A BA reported expired nonces: drop the stale tokens (136 home, 137 care-of, 138 both).
    pub fn on_expired(&mut self, status: u8) {
        if status == ba_status::EXPIRED_HOME_NONCE || status == ba_status::EXPIRED_NONCES {
            self.home = None;
        }
        if status == ba_status::EXPIRED_CAREOF_NONCE || status == ba_status::EXPIRED_NONCES {
            self.care_of = None;
        }
    }
    /// A token this old is past what any correspondent still accepts (MAX_NONCE_LIFETIME).
    pub fn surely_expired(t: &TokenState, now_ms: u64) -> bool {
        now_ms.saturating_sub(t.received_ms) > MAX_NONCE_LIFETIME_MS
    }
}

#[cfg(test)]
#[path = "tests/bul.rs"]
mod tests;
