// SPDX-License-Identifier: GPL-2.0
//! [`RcuBox`]: a small value the data path reads under RCU without a lock and process
//! context replaces as a whole; the value replaced is freed after a grace period.

use super::bindings;
use core::sync::atomic::{AtomicPtr, Ordering};
use kernel::prelude::*;
use kernel::sync::rcu;
use kernel::types::Opaque;

/// A value and the RCU head that frees it (`kmalloc`'d through `KBox`).
#[repr(C)]
struct Node<T> {
    value: T,
    rcu: Opaque<bindings::callback_head>,
}

/// # Invariants
///
/// `ptr` is null or a `Node<T>` from `KBox::into_raw`, owned by this box; a node taken
/// out is freed only after an RCU grace period.
pub(crate) struct RcuBox<T: Copy + Send + Sync + 'static> {
    ptr: AtomicPtr<Node<T>>,
}

// SAFETY: `T` is `Send + Sync`; the pointer is swapped atomically.
unsafe impl<T: Copy + Send + Sync + 'static> Send for RcuBox<T> {}
// SAFETY: as above; readers get `&T` only under RCU.
unsafe impl<T: Copy + Send + Sync + 'static> Sync for RcuBox<T> {}

impl<T: Copy + Send + Sync + 'static> RcuBox<T> {
    pub(crate) const fn new() -> Self {
        RcuBox {
            ptr: AtomicPtr::new(core::ptr::null_mut()),
        }
    }

    /// Whether a value is set (no dereference: for notifiers that only test it).
    pub(crate) fn is_set(&self) -> bool {
        !self.ptr.load(Ordering::Relaxed).is_null()
    }

    /// The value, valid while `rcu` is held.
    pub(crate) fn get<'g>(&'g self, _rcu: &'g rcu::Guard) -> Option<&'g T> {
        let p = self.ptr.load(Ordering::Acquire);
        // SAFETY: a node of this box (type invariant), freed only after the readers of the
        // grace period in which it was taken out, which includes `_rcu`'s.
        unsafe { p.as_ref() }.map(|n| &n.value)
    }

    /// Puts `value` (or none) in place; readers see the old or the new value. On
    /// allocation failure the old value stays.
    pub(crate) fn set(&self, value: Option<T>) -> Result {
        let new = match value {
            Some(value) => KBox::into_raw(KBox::new(
                Node {
                    value,
                    rcu: Opaque::uninit(),
                },
                GFP_KERNEL,
            )?),
            None => core::ptr::null_mut(),
        };
        let old = self.ptr.swap(new, Ordering::AcqRel);
        // SAFETY: `old` left the box (swapped out once), so it is ours.
        unsafe { retire(old) };
        Ok(())
    }
}

/// Frees `node` after a grace period.
///
/// # Safety
///
/// `node` is null or a `Node<T>` from `KBox::into_raw` that nothing else frees.
unsafe fn retire<T: Copy>(node: *mut Node<T>) {
    if node.is_null() {
        return;
    }
    // SAFETY: per the function's contract; the head is unused until now and `T: Copy` has
    // no drop glue, so `kfree` after the grace period is a complete drop.
    unsafe {
        let head = Opaque::cast_into(core::ptr::addr_of!((*node).rcu));
        bindings::knet_kfree_rcu(head, node.cast());
    }
}

impl<T: Copy + Send + Sync + 'static> Drop for RcuBox<T> {
    fn drop(&mut self) {
        let old = self.ptr.swap(core::ptr::null_mut(), Ordering::AcqRel);
        // SAFETY: the box's own node (type invariant); readers may still hold it.
        unsafe { retire(old) };
    }
}
