// SPDX-License-Identifier: GPL-2.0
//! What the data path and the notifiers leave for the control plane ([`Events`]): the
//! latest Router Advertisement, the neighbour NUD last gave up on, and a short queue of
//! correspondent events. Written from softirq and atomic notifiers, taken by the work.

/// Bytes kept of a Router Advertisement: its source address, then its ICMPv6 part.
const RA_MAX: usize = 1280;

/// Correspondent events queued at once; more are dropped until the work takes some.
const CN_EVENTS: usize = 8;

pub(crate) struct Events {
    /// Source (16 bytes), then the ICMPv6 part; `ra_len` bytes valid, none if <= 16.
    ra: [u8; RA_MAX],
    ra_len: usize,
    ra_ifindex: i32,
    failed: Option<[u8; 16]>,
    /// (correspondent, kind), oldest first; `cn_n` valid.
    cn: [([u8; 16], u32); CN_EVENTS],
    cn_n: usize,
}

impl Events {
    pub(crate) const fn new() -> Self {
        Events {
            ra: [0; RA_MAX],
            ra_len: 0,
            ra_ifindex: 0,
            failed: None,
            cn: [([0; 16], 0); CN_EVENTS],
            cn_n: 0,
        }
    }

    /// Keeps a Router Advertisement from `src` received on `ifindex`: `copy` fills the
    /// buffer it is given with the ICMPv6 part (at most the room there is), and says
    /// whether it could.
    pub(crate) fn keep_ra(
        &mut self,
        src: &[u8; 16],
        icmp_len: usize,
        ifindex: i32,
        copy: impl FnOnce(&mut [u8]) -> bool,
    ) {
        let len = icmp_len.min(RA_MAX - 16);
        self.ra[..16].copy_from_slice(src);
        if copy(&mut self.ra[16..16 + len]) {
            self.ra_len = len + 16;
            self.ra_ifindex = ifindex;
        }
    }

    /// The Router Advertisement not yet taken: its ICMPv6 part into `buf` (cut to fit),
    /// returning its length (0: none) with the interface and source filled in.
    pub(crate) fn take_ra(
        &mut self,
        buf: &mut [u8],
        ifindex: &mut i32,
        src: &mut [u8; 16],
    ) -> usize {
        let mut len = 0;
        if self.ra_len > 16 {
            len = (self.ra_len - 16).min(buf.len());
            src.copy_from_slice(&self.ra[..16]);
            buf[..len].copy_from_slice(&self.ra[16..16 + len]);
            *ifindex = self.ra_ifindex;
        }
        self.ra_len = 0;
        len
    }

    pub(crate) fn neighbour_failed(&mut self, addr: &[u8; 16]) {
        self.failed = Some(*addr);
    }

    pub(crate) fn take_failed(&mut self) -> Option<[u8; 16]> {
        self.failed.take()
    }

    /// Queues a correspondent event unless the same one is queued or the queue is full.
    pub(crate) fn cn_event(&mut self, cn: &[u8; 16], kind: u32) {
        let queued = &self.cn[..self.cn_n];
        if queued.iter().any(|(a, k)| *k == kind && a == cn) {
            return;
        }
        if let Some(slot) = self.cn.get_mut(self.cn_n) {
            *slot = (*cn, kind);
            self.cn_n += 1;
        }
    }

    /// The oldest correspondent event: its kind (0: none), its address in `addr`.
    pub(crate) fn take_cn_event(&mut self, addr: &mut [u8; 16]) -> u32 {
        if self.cn_n == 0 {
            return 0;
        }
        let (a, kind) = self.cn[0];
        *addr = a;
        self.cn.copy_within(1..self.cn_n, 0);
        self.cn_n -= 1;
        kind
    }
}
