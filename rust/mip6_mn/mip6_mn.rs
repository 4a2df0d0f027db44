// SPDX-License-Identifier: GPL-2.0
//! mip6_mn: Mobile IPv6 (RFC 6275) mobile node, a role plugged into mip6_base.

use kernel::prelude::*;

#[path = "../mip6/src/lib.rs"]
#[allow(dead_code, unreachable_pub, missing_docs)]
mod mip6;

#[path = "../kernel_glue/role.rs"]
mod role;

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
    _role: role::RoleRegistration,
}

impl kernel::Module for Mip6Mn {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let reg = role::RoleRegistration::new(abi::Role::Mn as u32)?;
        pr_info!("mip6 Mobile IPv6 for Linux Mobile Node v{} (RFC 6275)\n", abi::RELEASE);
        Ok(Mip6Mn { _role: reg })
    }
}

impl Drop for Mip6Mn {
    fn drop(&mut self) {
        pr_info!("mip6 Mobile IPv6 for Linux Mobile Node unloaded\n");
    }
}
