// SPDX-License-Identifier: GPL-2.0
//! knet: mip6's networking layer, the one place with `unsafe`.
//!
//! Rust for Linux 7.3 wraps no sk_buff, netfilter, pernet, route, netdev or notifier API, so this
//! layer does, in the style of `rust/kernel/net/phy.rs`: bindgen declarations of the C
//! ([`bindings`]), one-line C helpers for static inline functions (`helpers.c`), and safe
//! types whose invariants are written down. Role modules include it by path
//! (`#[path = "../knet/mod.rs"] mod knet;`) and take every per-packet decision through
//! the `no_std` core (`rust/mip6`).

pub(crate) mod addr_notifier;
pub(crate) mod addr_table;
pub(crate) mod addrconf;
pub(crate) mod bindings;
pub(crate) mod module_ops;
pub(crate) mod neigh_notifier;
pub(crate) mod netdev;
pub(crate) mod netfilter;
pub(crate) mod percpu;
pub(crate) mod pernet;
pub(crate) mod rcu_box;
pub(crate) mod route;
pub(crate) mod skb;
pub(crate) mod tunnel;
pub(crate) mod work;

/// Checks at compile time that Rust functions C calls (`#[no_mangle] extern "C"`) have the
/// signature bindgen generated from their C declaration, as the kernel's `#[export]` does:
/// both branches of an `if` must have one type.
macro_rules! check_exports {
    ($($name:ident),+ $(,)?) => {
        $(const _: () = {
            if true {
                $crate::knet::bindings::$name
            } else {
                $name
            };
        };)+
    };
}
pub(crate) use check_exports;
