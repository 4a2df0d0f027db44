// SPDX-License-Identifier: GPL-2.0
//! mip6_ha: Mobile IPv6 (RFC 6275) home agent, a role plugged into mip6_base.

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

struct Mip6Ha {
    _role: role::RoleRegistration,
}

impl kernel::Module for Mip6Ha {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let reg = role::RoleRegistration::new(abi::Role::Ha as u32)?;
        pr_info!("mip6 Mobile IPv6 for Linux Home Agent v{} (RFC 6275)\n", abi::RELEASE);
        Ok(Mip6Ha { _role: reg })
    }
}

impl Drop for Mip6Ha {
    fn drop(&mut self) {
        pr_info!("mip6 Mobile IPv6 for Linux Home Agent unloaded\n");
    }
}
