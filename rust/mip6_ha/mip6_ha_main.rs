// SPDX-License-Identifier: GPL-2.0
//! mip6_ha: Mobile IPv6 (RFC 6275) home agent, a role plugged into mip6_base.
//!
//! mip6_base's control plane decides home registrations (it owns the binding cache and
//! the Mobility Header); this module adds what only a home agent does with them: its
//! per-namespace state (`home_link.rs`: the registrations, how the home link listens for
//! them, DAD) and its forwarding plane (`forwarding.rs`): proxy neighbour discovery for
//! the home addresses, the tunnel to each care-of address and the reverse tunnel.

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

#[path = "../knet/glue/home_agent.rs"]
mod glue;

mod forwarding;
mod home_link;

#[path = "../knet/glue/role.rs"]
mod role;

// The core's SHA-1 calls the kernel's through it.
#[path = "../knet/glue/crypto.rs"]
#[allow(dead_code)]
mod glue_auth;

use mip6::abi;

module! {
    type: Mip6Ha,
    name: "mip6_ha",
    authors: ["mip6 developers"],
    description: "Mobile IPv6 (RFC 6275) home agent",
    license: "GPL",
    imports_ns: ["MIP6"],
}

struct Mip6Ha {
    // Dropped first: no namespace can take the role once the rest is going.
    _role: role::RoleRegistration,
    _home_agent: glue::HomeAgentRegistration,
}

impl kernel::Module for Mip6Ha {
    fn init(module: &'static ThisModule) -> Result<Self> {
        let home_agent = glue::HomeAgentRegistration::new(module)?;
        let role = role::RoleRegistration::new(abi::Role::Ha as u32)?;
        pr_info!(
            "mip6 Mobile IPv6 for Linux Home Agent v{} (RFC 6275)\n",
            abi::RELEASE
        );
        Ok(Mip6Ha {
            _role: role,
            _home_agent: home_agent,
        })
    }
}

impl Drop for Mip6Ha {
    fn drop(&mut self) {
        pr_info!("mip6 Mobile IPv6 for Linux Home Agent unloaded\n");
    }
}
