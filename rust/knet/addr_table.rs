// SPDX-License-Identifier: GPL-2.0
//! [`AddrTable`]: entries keyed by an IPv6 address, read lock-free under RCU from the
//! data path and written from process context. Over the kernel's rhashtable (the C island
//! `addr_table.c` holds its constant parameters), so a look-up costs the same at one
//! entry and at a hundred thousand.
//!
//! The table owns its entries (`KBox`). One taken out of it is freed after an RCU grace
//! period, so what a reader found stays valid for its [`rcu::Guard`].

use super::bindings;
use core::marker::PhantomData;
use core::ptr::NonNull;
use kernel::error::to_result;
use kernel::prelude::*;
use kernel::sync::rcu;
use kernel::types::Opaque;

/// The table's part of an entry: the hash linkage, the key, the RCU head that frees it.
#[repr(transparent)]
pub(crate) struct AddrNode(Opaque<bindings::knet_addr_node>);

// SAFETY: the table's C changes the linkage under its own locks and reads it under RCU;
// the key is written before the entry is shared and never after.
unsafe impl Send for AddrNode {}
// SAFETY: as above.
unsafe impl Sync for AddrNode {}

impl AddrNode {
    pub(crate) fn new(key: &[u8; 16]) -> Self {
        let mut node = bindings::knet_addr_node::default();
        node.key = super::netdev::in6(key);
        AddrNode(Opaque::new(node))
    }
}

/// An entry of an [`AddrTable`].
///
/// # Safety
///
/// `Self` is `#[repr(C)]`, its first field an [`AddrNode`], and it has no drop glue (it is
/// freed with `kfree`, after RCU). Implement with [`addr_entry!`].
pub(crate) unsafe trait AddrEntry: Send + Sync + Sized {}

/// Declares `$entry` (`#[repr(C)]`, first field `$node: AddrNode`) an [`AddrEntry`].
macro_rules! addr_entry {
    ($entry:ty, $node:ident) => {
        const _: () = {
            assert!(core::mem::offset_of!($entry, $node) == 0);
            assert!(!core::mem::needs_drop::<$entry>());
        };
        // SAFETY: checked above: the node is the first field and there is no drop glue;
        // the caller declares `$entry` `#[repr(C)]` (the offset check holds for it).
        unsafe impl $crate::knet::addr_table::AddrEntry for $entry {}
    };
}
pub(crate) use addr_entry;

/// # Invariants
///
/// `ht` is an initialised rhashtable of `knet_addr_node`s, each the first field of an `E`
/// whose `KBox` the table owns.
#[pin_data(PinnedDrop)]
pub(crate) struct AddrTable<E: AddrEntry> {
    #[pin]
    ht: Opaque<bindings::rhashtable>,
    _entries: PhantomData<KBox<E>>,
}

// SAFETY: the rhashtable serialises its writers and lets readers in under RCU; entries
// are `Send + Sync`.
unsafe impl<E: AddrEntry> Send for AddrTable<E> {}
// SAFETY: as above.
unsafe impl<E: AddrEntry> Sync for AddrTable<E> {}

impl<E: AddrEntry> AddrTable<E> {
    pub(crate) fn new() -> impl PinInit<Self, Error> {
        try_pin_init!(Self {
            ht <- Opaque::try_ffi_init(|ht: *mut bindings::rhashtable| {
                // SAFETY: `ht` is valid for writes and pinned (pin-init).
                to_result(unsafe { bindings::knet_addr_table_init(ht) })
            }),
            _entries: PhantomData,
        })
    }

    /// The number of entries (one atomic read).
    pub(crate) fn len(&self) -> u32 {
        // SAFETY: initialised table (type invariant).
        unsafe { bindings::knet_addr_table_count(self.ht.get()) }
    }

    /// The entry of `key`, valid while `rcu` is held.
    pub(crate) fn get<'g>(&'g self, key: &[u8; 16], _rcu: &'g rcu::Guard) -> Option<&'g E> {
        // SAFETY: initialised table; RCU is held (the guard); the key is 16 bytes.
        let node = unsafe { bindings::knet_addr_table_lookup(self.ht.get(), key.as_ptr()) };
        // SAFETY: each node is the start of an `E` (type invariant), freed only after a
        // grace period once out of the table, so it outlives the guard's borrow.
        NonNull::new(node).map(|n| unsafe { &*n.as_ptr().cast::<E>() })
    }

    /// Adds `entry` (no entry with its key may be in the table); gives it back on failure.
    pub(crate) fn insert(&self, entry: KBox<E>) -> Result<(), (Error, KBox<E>)> {
        let raw = KBox::into_raw(entry);
        // SAFETY: initialised table; `raw` is a valid `E` starting with its node (`AddrEntry`).
        let err = unsafe { bindings::knet_addr_table_insert(self.ht.get(), raw.cast()) };
        // INVARIANT: on success the table owns the box.
        to_result(err).map_err(|e| {
            // SAFETY: not inserted: the box is still ours.
            (e, unsafe { KBox::from_raw(raw) })
        })
    }

    /// Puts `new` in place of `old` atomically (a reader finds one or the other), then
    /// frees `old` after a grace period. Gives `new` back if `old` is no longer there.
    pub(crate) fn replace(&self, old: &E, new: KBox<E>) -> Result<(), (Error, KBox<E>)> {
        let raw = KBox::into_raw(new);
        let old = core::ptr::from_ref(old).cast_mut();
        // SAFETY: initialised table; both start with their node (`AddrEntry`).
        let err =
            unsafe { bindings::knet_addr_table_replace(self.ht.get(), old.cast(), raw.cast()) };
        match to_result(err) {
            Ok(()) => {
                // SAFETY: `old` left the table, so it is ours; readers may still hold it.
                unsafe { retire(old) };
                Ok(())
            }
            // SAFETY: not inserted: the box is still ours.
            Err(e) => Err((e, unsafe { KBox::from_raw(raw) })),
        }
    }

    /// Takes `entry` out of the table and frees it after a grace period; false if another
    /// writer took it first.
    pub(crate) fn remove(&self, entry: &E) -> bool {
        let entry = core::ptr::from_ref(entry).cast_mut();
        // SAFETY: initialised table; the entry starts with its node.
        if unsafe { bindings::knet_addr_table_remove(self.ht.get(), entry.cast()) } != 0 {
            return false;
        }
        // SAFETY: it left the table, so it is ours; readers may still hold it.
        unsafe { retire(entry) };
        true
    }
}

/// Frees `entry` once the readers that may see it are gone.
///
/// # Safety
///
/// `entry` came from a `KBox<E>` (kmalloc) and nothing else will free it.
unsafe fn retire<E: AddrEntry>(entry: *mut E) {
    // SAFETY: `E` starts with its node (`AddrEntry`), whose RCU head is free for this;
    // `E` has no drop glue, so `kfree` after the grace period is a complete drop.
    unsafe {
        let node = entry.cast::<bindings::knet_addr_node>();
        bindings::knet_kfree_rcu(core::ptr::addr_of_mut!((*node).rcu), entry.cast());
    }
}

#[pinned_drop]
impl<E: AddrEntry> PinnedDrop for AddrTable<E> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: initialised table; `&mut` means no reader or writer is left, and the
        // entries have no drop glue, so `kfree` frees them completely.
        unsafe { bindings::knet_addr_table_destroy(self.ht.get()) };
    }
}
