// SPDX-License-Identifier: GPL-2.0
//! [`OpsSlot`]: where another module registers its table of functions with this one
//! (mip6_ha and mip6_mn with mip6_base). A call holds the registering module, so its
//! table and code stay while the call runs, and unregistering waits for RCU readers.

use super::bindings;
use core::sync::atomic::{AtomicPtr, Ordering};
use kernel::sync::rcu;

/// A table of functions owned by a module (`owner`).
pub(crate) trait ModuleOps {
    fn owner(&self) -> *mut bindings::module;
}

impl ModuleOps for bindings::mip6_ha_ops {
    fn owner(&self) -> *mut bindings::module {
        self.owner
    }
}

impl ModuleOps for bindings::mip6_mn_ops {
    fn owner(&self) -> *mut bindings::module {
        self.owner
    }
}

/// # Invariants
///
/// `self.0` is null or a table valid until the slot is cleared (`set`'s contract).
pub(crate) struct OpsSlot<T: ModuleOps>(AtomicPtr<T>);

impl<T: ModuleOps> OpsSlot<T> {
    pub(crate) const fn new() -> Self {
        OpsSlot(AtomicPtr::new(core::ptr::null_mut()))
    }

    /// Registers `ops`.
    ///
    /// # Safety
    ///
    /// `ops` is valid, and stays so until [`OpsSlot::clear`] returns; its owner is the
    /// module that calls `clear` before it goes.
    pub(crate) unsafe fn set(&self, ops: *const T) {
        // INVARIANT: per the function's contract.
        self.0.store(ops.cast_mut(), Ordering::Release);
    }

    /// Unregisters the table; returns once no reader can see it (calls in progress hold
    /// the owner module, whose exit cannot run before they end).
    pub(crate) fn clear(&self) {
        self.0.store(core::ptr::null_mut(), Ordering::Release);
        // SAFETY: no precondition (process context: the callers are module exits).
        unsafe { bindings::synchronize_rcu() };
    }

    /// Calls `f` with the table and its module held; `None` without a table or while its
    /// module is unloading.
    pub(crate) fn call<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        let guard = rcu::read_lock();
        let ops = self.0.load(Ordering::Acquire);
        if ops.is_null() {
            return None;
        }
        // SAFETY: a table seen under RCU is valid until the grace period `clear` waits
        // for (type invariant).
        let ops = unsafe { &*ops };
        let owner = ops.owner();
        // SAFETY: the owner module is alive while its table is visible under RCU.
        if !unsafe { bindings::knet_try_module_get(owner) } {
            return None;
        }
        drop(guard);
        // The module reference keeps the table and its code (type invariant, `clear`).
        let r = f(ops);
        // SAFETY: the reference taken above.
        unsafe { bindings::module_put(owner) };
        Some(r)
    }
}
