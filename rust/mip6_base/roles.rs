// SPDX-License-Identifier: GPL-2.0
//! The role registry: which role modules are loaded (mip6_mn, mip6_ha register with
//! mip6_base), and the role each namespace plays ([`RoleCell`]).
//!
//! A namespace's role is valid only while its module stays loaded: each registration and
//! unregistration of a role starts a new generation of it, and a namespace's role names
//! the generation it was set in. So unloading a role module turns every namespace that
//! played it back into a correspondent node at once, without visiting the namespaces, and
//! loading the module again does not bring the old roles back.

use core::sync::atomic::{AtomicU32, Ordering};
use kernel::prelude::*;
use kernel::sync::rcu;

use crate::mip6::abi::Role;

/// Bit `1 << role` for each role module registered; CN is always there.
static LOADED: AtomicU32 = AtomicU32::new(1 << Role::Cn as u32);

/// The generation of each role (CN's never changes).
static GENERATION: [AtomicU32; 3] = [AtomicU32::new(0), AtomicU32::new(0), AtomicU32::new(0)];

/// The role bits of a [`RoleCell`]; the generation is above them.
const ROLE_BITS: u32 = 2;

fn role_module(role: u32) -> Result<usize> {
    match Role::from_u32(role) {
        Some(Role::Mn) | Some(Role::Ha) => Ok(role as usize),
        _ => Err(EINVAL),
    }
}

/// `1 << role` for each role module loaded.
pub(crate) fn loaded() -> u32 {
    LOADED.load(Ordering::Acquire)
}

/// A role module registers (EBUSY if it is already).
pub(crate) fn register(role: u32) -> Result {
    let i = role_module(role)?;
    if LOADED.fetch_or(1 << role, Ordering::AcqRel) & (1 << role) != 0 {
        return Err(EBUSY);
    }
    GENERATION[i].fetch_add(1, Ordering::AcqRel);
    Ok(())
}

/// A role module goes: every namespace that played it is a correspondent node again once
/// this returns (readers under RCU included).
pub(crate) fn unregister(role: u32) {
    let Ok(i) = role_module(role) else {
        return;
    };
    LOADED.fetch_and(!(1 << role), Ordering::AcqRel);
    GENERATION[i].fetch_add(1, Ordering::AcqRel);
    rcu::synchronize_rcu();
}

/// The role of one namespace.
pub(crate) struct RoleCell(AtomicU32);

impl RoleCell {
    pub(crate) fn new() -> Self {
        RoleCell(AtomicU32::new(Role::Cn as u32))
    }

    /// The role played (`abi::Role` number): CN when its module is gone or was reloaded.
    pub(crate) fn get(&self) -> u32 {
        let v = self.0.load(Ordering::Acquire);
        let role = v & ((1 << ROLE_BITS) - 1);
        let Ok(i) = role_module(role) else {
            return Role::Cn as u32;
        };
        let current = GENERATION[i].load(Ordering::Acquire) << ROLE_BITS >> ROLE_BITS;
        if loaded() & (1 << role) != 0 && v >> ROLE_BITS == current {
            role
        } else {
            Role::Cn as u32
        }
    }

    /// Plays `role`: EINVAL for no role, EOPNOTSUPP when its module is not loaded.
    pub(crate) fn set(&self, role: u32) -> Result {
        if role == Role::Cn as u32 {
            self.0.store(role, Ordering::Release);
            return Ok(());
        }
        let i = role_module(role)?;
        if loaded() & (1 << role) == 0 {
            return Err(EOPNOTSUPP);
        }
        // An unregistration between the check and the store leaves a stale generation:
        // `get` reads CN.
        let generation = GENERATION[i].load(Ordering::Acquire);
        self.0
            .store(generation << ROLE_BITS | role, Ordering::Release);
        Ok(())
    }
}
