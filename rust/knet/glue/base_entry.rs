// SPDX-License-Identifier: GPL-2.0
//! The entry points mip6_base's C glue (`rust/mip6_base/mip6_glue.c`) calls into its
//! Rust control plane (`rust/mip6_base/netstate.rs`): the per-namespace state's life, the
//! signalling receive work, the tick, and what the role modules ask of it.

use crate::glue::{Net, NetBorrow, NetRef};
use crate::mip6::abi;
use crate::netstate::{DadStep, NetState};
use core::ffi::c_void;
use kernel::prelude::*;
use kernel::types::ForeignOwnable;

/// The state of the namespace `net` holds a reference on, for as long as it is borrowed.
pub(crate) fn state_of(net: &NetRef) -> Option<Pin<&NetState>> {
    let p = net.borrow().rs();
    if p.is_null() {
        return None;
    }
    // SAFETY: `p` came from `mip6_rs_net_new` and is freed only by the pernet exit, which
    // cannot run while `net` holds its reference on the namespace; the result borrows `net`.
    Some(unsafe { <Pin<KBox<NetState>> as ForeignOwnable>::borrow(p) })
}

/// Called by the pernet init: a new namespace's state, or NULL (ENOMEM).
#[no_mangle]
extern "C" fn mip6_rs_net_new() -> *mut c_void {
    match KBox::pin_init(NetState::new(), GFP_KERNEL) {
        Ok(b) => b.into_foreign(),
        Err(_) => core::ptr::null_mut(),
    }
}

/// Called by the pernet exit once nothing else can reach `rs`.
///
/// # Safety
/// `rs` comes from [`mip6_rs_net_new`] and is not used again.
#[no_mangle]
unsafe extern "C" fn mip6_rs_net_free(rs: *mut c_void) {
    if !rs.is_null() {
        // SAFETY: the caller hands back the pointer `mip6_rs_net_new` produced, once.
        drop(unsafe { <Pin<KBox<NetState>> as ForeignOwnable>::from_foreign(rs) });
    }
}

/// Called by the receive work for each stolen Mobility Header packet.
///
/// # Safety
/// `rs` is the namespace's live state, `net` the live namespace, `pkt` valid for `len` bytes.
#[no_mangle]
unsafe extern "C" fn mip6_rs_rx_mh(
    rs: *mut c_void,
    net: *mut Net,
    pkt: *const u8,
    len: u32,
    _iif: c_int,
) -> c_int {
    if rs.is_null() || pkt.is_null() {
        return -1;
    }
    let Ok(len) = usize::try_from(len) else {
        return -1;
    };
    // SAFETY: the glue passes the linear packet data, valid for `len` bytes during this call.
    let pkt = unsafe { core::slice::from_raw_parts(pkt, len) };
    // SAFETY: the glue runs this from the namespace's work, which the pernet exit cancels
    // before the namespace and `rs` go away.
    let (state, net) = unsafe {
        (
            <Pin<KBox<NetState>> as ForeignOwnable>::borrow(rs),
            NetBorrow::new(net),
        )
    };
    state.rx_mh(&net, pkt, DadStep::Fresh)
}

/// Called by mip6_base's exported `mip6_policy_key` for the mobile node module.
///
/// # Safety
/// `rs` is the namespace's live state (or NULL); `home` points to 16 bytes, `key` to
/// `abi::KEY_MAX` writable bytes, `spi` and `key_len` to writable `u32`s.
#[no_mangle]
unsafe extern "C" fn mip6_rs_policy_key(
    rs: *mut c_void,
    home: *const u8,
    spi: *mut u32,
    key: *mut u8,
    key_len: *mut u32,
) -> c_int {
    if rs.is_null() || home.is_null() || spi.is_null() || key.is_null() || key_len.is_null() {
        return EINVAL.to_errno();
    }
    // SAFETY: per the contract: `rs` is live (the pernet exit frees it only after the role
    // modules' users are gone), the pointers are valid for the sizes named.
    let (state, home, key_out) = unsafe {
        (
            <Pin<KBox<NetState>> as ForeignOwnable>::borrow(rs),
            &*home.cast::<[u8; 16]>(),
            &mut *key.cast::<[u8; abi::KEY_MAX]>(),
        )
    };
    match state.policy_key(home, key_out) {
        Ok(Some((s, len))) => {
            // SAFETY: `spi` and `key_len` are valid for writes (contract).
            unsafe {
                *spi = s;
                *key_len = u32::try_from(len).unwrap_or(0);
            }
            0
        }
        Ok(None) => 1,
        Err(e) => e.to_errno(),
    }
}

/// Called by the namespace's tick work; returns the milliseconds until the next call.
///
/// # Safety
/// As for [`mip6_rs_rx_mh`].
#[no_mangle]
unsafe extern "C" fn mip6_rs_tick(rs: *mut c_void, net: *mut Net) -> u32 {
    if rs.is_null() {
        return 1000;
    }
    // SAFETY: see `mip6_rs_rx_mh`: the tick work is cancelled before teardown.
    let (state, net) = unsafe {
        (
            <Pin<KBox<NetState>> as ForeignOwnable>::borrow(rs),
            NetBorrow::new(net),
        )
    };
    u32::try_from(state.tick(&net)).unwrap_or(1000)
}

crate::knet::check_exports!(
    mip6_rs_net_new,
    mip6_rs_net_free,
    mip6_rs_rx_mh,
    mip6_rs_policy_key,
    mip6_rs_tick,
);
