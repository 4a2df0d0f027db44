// SPDX-License-Identifier: GPL-2.0
//! This namespace's own IPv6 addresses: whether an address is one of them, and how long
//! the prefix of an address stays valid on a link (from the addresses we hold in it).

use super::bindings;
use crate::mip6::addr;
use kernel::sync::rcu;

/// Whether `addr` is one of `net`'s addresses (any interface, tentative ones excluded).
pub(crate) fn is_local(net: *mut bindings::net, addr: &[u8; 16]) -> bool {
    // SAFETY: `net` is the live namespace of the caller's context; `addr` points to 16
    // bytes, copied by the helper.
    unsafe { bindings::knet_ipv6_chk_addr(net, addr.as_ptr()) }
}

/// Seconds the prefix of `addr` stays valid on interface `ifindex` of `net`: the longest
/// remaining valid lifetime of our addresses in it, `u32::MAX` when one of them never
/// expires or there is none (then nothing limits a binding).
pub(crate) fn prefix_valid_secs(net: *mut bindings::net, ifindex: i32, addr: &[u8; 16]) -> u32 {
    let _rcu = rcu::read_lock();
    // SAFETY: `net` is live; RCU is held (`_rcu`) as the look-up requires, and the
    // inet6_dev it returns stays valid until `_rcu` is dropped, after every use below.
    let idev = unsafe { bindings::knet_in6_dev_by_index_rcu(net, ifindex) };
    if idev.is_null() {
        return u32::MAX;
    }
    let mut best = None;
    // SAFETY: `idev` is valid (above). Its address list is walked under its read lock,
    // taken here and released after the last step; each entry is read through the helper
    // that takes the entry's own lock.
    unsafe {
        bindings::knet_in6_dev_read_lock_bh(idev);
        let mut ifa = bindings::knet_in6_dev_first_addr(idev);
        while !ifa.is_null() {
            let mut s = bindings::knet_ifa::default();
            bindings::knet_ifa_snapshot(ifa, &mut s);
            let plen = u8::try_from(s.prefix_len).unwrap_or(128);
            if addr::in_prefix(&s.addr, addr, plen) {
                let left = addr::valid_left(s.permanent, s.valid_lft, s.age);
                best = Some(best.map_or(left, |b: u32| b.max(left)));
            }
            ifa = bindings::knet_in6_dev_next_addr(idev, ifa);
        }
        bindings::knet_in6_dev_read_unlock_bh(idev);
    }
    best.unwrap_or(u32::MAX)
}
