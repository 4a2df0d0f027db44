// SPDX-License-Identifier: GPL-2.0
//! mip6_mn: Mobile IPv6 (RFC 6275) mobile node, a role plugged into mip6_base.
//!
//! The control plane (movement detection, care-of address, Binding Update List, home
//! tunnel routes) is `mobile_node.rs`; its per-namespace state (work, tunnel device,
//! the data path's view, events) is `namespace.rs`; the receive hook `receive.rs`, the
//! tunnel's transmit `send.rs`. Only the rtnetlink requests and the tunnel device
//! template are C (`mip6_mn_rtnl.c`). mip6_base hands us the Binding
//! Acknowledgements and Binding Refresh Requests of mobile node namespaces, and the
//! mobile node ioctls of `/dev/mipv6_dev`.

use kernel::prelude::*;

// The core is a library shared by three modules and mipdiag, included by path. It is
// public here, as it is in its host crate, so the kernel's lints (missing_docs,
// unreachable_pub, dead_code for what is private) apply to it as to a library. The price:
// each module carries the whole core, what it does not call included.
#[path = "../mip6/src/lib.rs"]
pub mod mip6;

// The layer serves every module; this one does not use all of it.
#[path = "../knet/mod.rs"]
#[allow(dead_code, unused_imports, unused_macros)]
mod knet;

#[path = "../knet/glue/role.rs"]
mod role;

#[path = "../knet/glue/crypto.rs"]
#[allow(dead_code)]
mod glue_auth;

#[path = "../knet/glue/mobile_node.rs"]
mod glue_mn;

mod events;
mod mobile_node;
mod namespace;
mod receive;
mod send;

use mip6::abi;

module! {
    type: Mip6Mn,
    name: "mip6_mn",
    authors: ["mip6 developers"],
    description: "Mobile IPv6 (RFC 6275) mobile node",
    license: "GPL",
    imports_ns: ["MIP6"],
}

struct Mip6Mn {
    // Dropped first: no namespace can take the role once the rest is going.
    _role: role::RoleRegistration,
    _mobile_node: glue_mn::MobileNodeRegistration,
}

impl kernel::Module for Mip6Mn {
    fn init(module: &'static ThisModule) -> Result<Self> {
        let mobile_node = glue_mn::MobileNodeRegistration::new(module)?;
        let reg = role::RoleRegistration::new(abi::Role::Mn as u32)?;
        pr_info!(
            "mip6 Mobile IPv6 for Linux Mobile Node v{} (RFC 6275)\n",
            abi::RELEASE
        );
        Ok(Mip6Mn {
            _role: reg,
            _mobile_node: mobile_node,
        })
    }
}

impl Drop for Mip6Mn {
    fn drop(&mut self) {
        pr_info!("mip6 Mobile IPv6 for Linux Mobile Node unloaded\n");
    }
}
