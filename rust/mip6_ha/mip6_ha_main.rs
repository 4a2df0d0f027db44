// SPDX-License-Identifier: GPL-2.0
//! mip6_ha: Mobile IPv6 (RFC 6275) home agent, a role plugged into mip6_base.
//!
//! mip6_base's control plane decides home registrations (it owns the binding cache and
//! the Mobility Header); this module adds what only a home agent does with them, in its
//! forwarding plane (`mip6_ha_glue.c`): proxy neighbour discovery for the home addresses,
//! the tunnel to each care-of address and the reverse tunnel.

use kernel::prelude::*;

#[path = "../mip6/src/lib.rs"]
#[allow(dead_code, unreachable_pub, missing_docs)]
mod mip6;

#[path = "../kernel_glue/role.rs"]
mod role;

use mip6::abi;

module! {
    type: Mip6Ha,
    name: "mip6_ha",
    authors: ["mip6 developers"],
    description: "Mobile IPv6 (RFC 6275) home agent",
    license: "GPL",
    imports_ns: ["MIP6"],
}

extern "C" {
    fn mip6_ha_glue_init() -> c_int;
    fn mip6_ha_glue_exit();
}

/// The forwarding plane (pernet hook and binding table) is registered while this lives.
struct ForwardingPlane(());

impl ForwardingPlane {
    fn new() -> Result<Self> {
        // SAFETY: called once from module init; mip6_base is loaded (module dependency).
        kernel::error::to_result(unsafe { mip6_ha_glue_init() })?;
        Ok(ForwardingPlane(()))
    }
}

impl Drop for ForwardingPlane {
    fn drop(&mut self) {
        // SAFETY: `new` succeeded, so the glue is registered exactly once.
        unsafe { mip6_ha_glue_exit() };
    }
}

struct Mip6Ha {
    // Dropped first: no namespace can become a home agent once the plane is going.
    _role: role::RoleRegistration,
    _plane: ForwardingPlane,
}

impl kernel::Module for Mip6Ha {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let plane = ForwardingPlane::new()?;
        let reg = role::RoleRegistration::new(abi::Role::Ha as u32)?;
        pr_info!("mip6 Mobile IPv6 for Linux Home Agent v{} (RFC 6275)\n", abi::RELEASE);
        Ok(Mip6Ha { _role: reg, _plane: plane })
    }
}

impl Drop for Mip6Ha {
    fn drop(&mut self) {
        pr_info!("mip6 Mobile IPv6 for Linux Home Agent unloaded\n");
    }
}
