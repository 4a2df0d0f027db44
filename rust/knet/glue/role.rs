// SPDX-License-Identifier: GPL-2.0
//! A role module (mip6_mn, mip6_ha) plugs into mip6_base through two functions that
//! mip6_base exports in the "MIP6" symbol namespace.

use kernel::error::to_result;
use kernel::prelude::*;

use crate::knet::bindings::{mip6_role_register, mip6_role_unregister};

/// The role is offered to namespaces while this guard lives; dropping it returns every
/// namespace that played the role to CN and waits for an RCU grace period.
pub(crate) struct RoleRegistration(u32);

impl RoleRegistration {
    pub(crate) fn new(role: u32) -> Result<Self> {
        // SAFETY: mip6_base is loaded (module dependency); it validates `role`.
        to_result(unsafe { mip6_role_register(role) })?;
        Ok(RoleRegistration(role))
    }
}

impl Drop for RoleRegistration {
    fn drop(&mut self) {
        // SAFETY: `new` registered exactly this role.
        unsafe { mip6_role_unregister(self.0) };
    }
}
