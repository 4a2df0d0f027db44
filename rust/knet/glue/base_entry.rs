// SPDX-License-Identifier: GPL-2.0
//! What mip6_base exports to the role modules ("MIP6" symbol namespace; the export lines
//! are in `rust/mip6_base/exports.c`, the declarations in `include/mip6/mip6_glue.h`):
//! sysctls, roles, counters, the binding policy key, and the registration of their calls.

use crate::glue::{NetBorrow, HA_OPS, MN_OPS};
use crate::knet::bindings;
use crate::mip6::abi;
use crate::roles;
use kernel::prelude::*;

/// # Safety
/// `net` is a live namespace (the role modules call from its hooks, works and ioctls).
#[no_mangle]
unsafe extern "C" fn mip6_sysctl_get(net: *mut bindings::net, knob: u32) -> c_int {
    // SAFETY: per the contract; mip6_base's state exists while a role module, which
    // depends on it, runs in the namespace.
    let net = unsafe { NetBorrow::new(net) };
    net.state().sysctls().get(knob as usize)
}

/// # Safety
/// As for [`mip6_sysctl_get`].
#[no_mangle]
unsafe extern "C" fn mip6_net_role(net: *mut bindings::net) -> c_int {
    // SAFETY: as in `mip6_sysctl_get`.
    let net = unsafe { NetBorrow::new(net) };
    net.role() as c_int
}

/// # Safety
/// As for [`mip6_sysctl_get`]; any context.
#[no_mangle]
unsafe extern "C" fn mip6_stat_add(net: *mut bindings::net, idx: u32, n: u64) {
    // SAFETY: as in `mip6_sysctl_get`.
    let net = unsafe { NetBorrow::new(net) };
    net.state().count(idx as usize, n);
}

#[no_mangle]
extern "C" fn mip6_role_register(role: u32) -> c_int {
    match roles::register(role) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

#[no_mangle]
extern "C" fn mip6_role_unregister(role: u32) {
    roles::unregister(role);
}

/// # Safety
/// `ops` stays valid until [`mip6_ha_ops_unregister`] returns, called by its owner module
/// before it goes.
#[no_mangle]
unsafe extern "C" fn mip6_ha_ops_register(ops: *const bindings::mip6_ha_ops) {
    // SAFETY: per the contract.
    unsafe { HA_OPS.set(ops) };
}

#[no_mangle]
extern "C" fn mip6_ha_ops_unregister() {
    HA_OPS.clear();
}

/// # Safety
/// As for [`mip6_ha_ops_register`].
#[no_mangle]
unsafe extern "C" fn mip6_mn_ops_register(ops: *const bindings::mip6_mn_ops) {
    // SAFETY: per the contract.
    unsafe { MN_OPS.set(ops) };
}

#[no_mangle]
extern "C" fn mip6_mn_ops_unregister() {
    MN_OPS.clear();
}

/// The binding policy (RFC 4285 key) of `home`: 0 with `spi`, `key`, `key_len` filled,
/// 1 without a policy, or an error.
///
/// # Safety
/// `net` as for [`mip6_sysctl_get`]; `home` points to 16 bytes, `key` to `abi::KEY_MAX`
/// writable bytes, `spi` and `key_len` to writable `u32`s.
#[no_mangle]
unsafe extern "C" fn mip6_policy_key(
    net: *mut bindings::net,
    home: *const u8,
    spi: *mut u32,
    key: *mut u8,
    key_len: *mut u32,
) -> c_int {
    if home.is_null() || spi.is_null() || key.is_null() || key_len.is_null() {
        return EINVAL.to_errno();
    }
    // SAFETY: per the contract: the namespace is live with mip6_base's state, the pointers
    // are valid for the sizes named.
    let (net, home, key_out) = unsafe {
        (
            NetBorrow::new(net),
            &*home.cast::<[u8; 16]>(),
            &mut *key.cast::<[u8; abi::KEY_MAX]>(),
        )
    };
    match net.state().control_plane().policy_key(home, key_out) {
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

crate::knet::check_exports!(
    mip6_sysctl_get,
    mip6_net_role,
    mip6_stat_add,
    mip6_role_register,
    mip6_role_unregister,
    mip6_ha_ops_register,
    mip6_ha_ops_unregister,
    mip6_mn_ops_register,
    mip6_mn_ops_unregister,
    mip6_policy_key,
);
