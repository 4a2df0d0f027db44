// SPDX-License-Identifier: GPL-2.0
//! Network namespaces: [`NetRef`], a borrowed namespace, and per-namespace state
//! ([`PernetState`], registered with [`Pernet`]).
//!
//! The state lives in the storage the kernel allocates for a `pernet_operations` with an
//! id and a size: created with the namespace (or, for namespaces that exist, when the
//! module registers), initialised in place with pin-init, and dropped in place by the
//! `exit` callback, after which the kernel frees the storage. The state never moves, so it
//! may hold locks, work items and hook registrations. What a field's `Drop` undoes runs in
//! field order: the teardown order is the declaration order.

use super::bindings;
use core::marker::PhantomData;
use core::ptr::NonNull;
use kernel::error::to_result;
use kernel::prelude::*;
use kernel::types::Opaque;

/// A live network namespace, borrowed for `'a`.
///
/// # Invariants
///
/// `self.0` points to a namespace that is alive for `'a`.
#[derive(Clone, Copy)]
pub(crate) struct NetRef<'a>(NonNull<bindings::net>, PhantomData<&'a ()>);

impl<'a> NetRef<'a> {
    /// # Safety
    ///
    /// `net` is a namespace that stays alive for `'a`.
    pub(crate) unsafe fn from_raw(net: *mut bindings::net) -> Option<Self> {
        // INVARIANT: per the function's contract.
        NonNull::new(net).map(|p| NetRef(p, PhantomData))
    }

    /// # Safety
    ///
    /// `net` is non-null and a namespace that stays alive for `'a`.
    pub(crate) unsafe fn from_raw_unchecked(net: *mut bindings::net) -> Self {
        // SAFETY: non-null per the function's contract.
        // INVARIANT: alive for 'a per the function's contract.
        NetRef(unsafe { NonNull::new_unchecked(net) }, PhantomData)
    }

    pub(crate) fn as_ptr(self) -> *mut bindings::net {
        self.0.as_ptr()
    }
}

/// A counted reference to a namespace (`get_net` / `put_net`).
///
/// # Invariants
///
/// `self.0` is a namespace on which this holds one reference.
pub(crate) struct NetHandle(NonNull<bindings::net>);

// SAFETY: a namespace reference may be used and put from any thread.
unsafe impl Send for NetHandle {}
// SAFETY: `&NetHandle` only gives out `NetRef`s.
unsafe impl Sync for NetHandle {}

impl NetHandle {
    /// The calling task's namespace (process context).
    pub(crate) fn current() -> Self {
        // SAFETY: process context, where `current->nsproxy` is valid; takes a reference.
        let net = unsafe { bindings::knet_current_net_get() };
        // SAFETY: a task always has a namespace.
        // INVARIANT: the reference taken above.
        NetHandle(unsafe { NonNull::new_unchecked(net) })
    }

    pub(crate) fn get(&self) -> NetRef<'_> {
        // INVARIANT: the reference keeps the namespace alive while `self` is borrowed.
        NetRef(self.0, PhantomData)
    }

    /// Whether the calling task has CAP_NET_ADMIN over the namespace (in the user namespace
    /// that owns it, as netlink checks it).
    pub(crate) fn admin_capable(&self) -> bool {
        // SAFETY: live namespace (type invariant).
        unsafe { bindings::knet_net_admin_capable(self.0.as_ptr()) }
    }
}

impl Drop for NetHandle {
    fn drop(&mut self) {
        // SAFETY: the reference this holds (type invariant).
        unsafe { bindings::knet_net_put(self.0.as_ptr()) };
    }
}

/// The namespace that owns a piece of per-namespace state: it outlives that state, which
/// lives inside it.
///
/// # Invariants
///
/// `self.0` is the namespace whose `pernet_operations` storage holds the value this is a
/// field of.
pub(crate) struct OwnerNet(NonNull<bindings::net>);

// SAFETY: a namespace pointer may be used from any thread; the namespace is alive while
// the state holding this is.
unsafe impl Send for OwnerNet {}
// SAFETY: as above; `&OwnerNet` only gives out `NetRef`s.
unsafe impl Sync for OwnerNet {}

impl OwnerNet {
    /// A copy for another field of the same state (it lives as long as this one).
    pub(crate) fn share(&self) -> OwnerNet {
        // INVARIANT: to be kept in the same state (the caller's purpose).
        OwnerNet(self.0)
    }

    /// The namespace, borrowed for as long as the state holding this.
    pub(crate) fn get(&self) -> NetRef<'_> {
        // INVARIANT: the namespace outlives the state this is part of (type invariant).
        NetRef(self.0, PhantomData)
    }
}

/// Where the kernel writes the id of a [`Pernet`] registration: one `static` per state
/// type.
pub(crate) struct NetId(Opaque<c_uint>);

// SAFETY: the kernel writes the id once, in `register_pernet_subsys`, before any reader
// (the callbacks, and `of` once registered) can run.
unsafe impl Sync for NetId {}

impl NetId {
    pub(crate) const fn new() -> Self {
        NetId(Opaque::zeroed())
    }

    fn get(&self) -> c_uint {
        // SAFETY: written by the kernel before any reader runs (see `Sync` above).
        unsafe { *self.0.get() }
    }
}

/// State a module keeps for each network namespace.
pub(crate) trait PernetState: Send + Sync + Sized + 'static {
    /// The id of this state's registration.
    fn id() -> &'static NetId;

    /// The state of a namespace that is being created (or that exists when the module
    /// registers). An error makes the namespace's creation (or the registration) fail.
    fn new(net: OwnerNet) -> impl PinInit<Self, Error>;

    /// The namespace is going away: the kernel calls this for every module's state
    /// before it drops any (`pre_exit`). Stop what calls into other modules' state here.
    fn pre_exit(&self) {}

    /// The state of `net`.
    ///
    /// # Safety
    ///
    /// The state's [`Pernet`] registration lives for `'a`, and `net` is a namespace it
    /// initialised and has not dropped yet (the kernel creates a namespace's state before
    /// the namespace is used and drops it after its devices are gone).
    unsafe fn of<'a>(net: NetRef<'a>) -> &'a Self {
        // SAFETY: per the function's contract, the storage the kernel keeps at this id
        // holds an initialised `Self` for `'a`.
        unsafe { &*bindings::knet_net_generic(net.as_ptr(), Self::id().get()).cast::<Self>() }
    }
}

/// `T`'s per-namespace state is kept in every namespace while this is registered.
///
/// # Invariants
///
/// `ops` is registered with `register_pernet_subsys` until dropped.
#[pin_data(PinnedDrop)]
pub(crate) struct Pernet<T: PernetState> {
    #[pin]
    ops: Opaque<bindings::pernet_operations>,
    _state: PhantomData<T>,
}

// SAFETY: the registration is only unregistered, from any thread, through `Drop`.
unsafe impl<T: PernetState> Send for Pernet<T> {}
// SAFETY: `&Pernet` gives access to nothing.
unsafe impl<T: PernetState> Sync for Pernet<T> {}

impl<T: PernetState> Pernet<T> {
    /// Registers `T` (`register_pernet_subsys`): each namespace gets its state now or at
    /// its creation.
    pub(crate) fn register() -> Result<Pin<KBox<Self>>> {
        const {
            // The kernel's storage is kzalloc'd: kmalloc's alignment, at least 8.
            assert!(core::mem::align_of::<T>() <= 8);
        }
        KBox::try_pin_init(
            try_pin_init!(Self {
                ops <- Opaque::try_ffi_init(|ops: *mut bindings::pernet_operations| {
                    // SAFETY: `ops` is valid for writes and pinned (pin-init); the callbacks
                    // match `T`; the id lives in a static.
                    unsafe {
                        ops.write(bindings::pernet_operations {
                            init: Some(Self::init_net),
                            pre_exit: Some(Self::pre_exit_net),
                            exit: Some(Self::exit_net),
                            id: T::id().0.get(),
                            size: core::mem::size_of::<T>(),
                            ..Default::default()
                        });
                        to_result(bindings::register_pernet_subsys(ops))
                    }
                }),
                _state: PhantomData,
            }),
            GFP_KERNEL,
        )
    }

    unsafe extern "C" fn init_net(net: *mut bindings::net) -> c_int {
        // SAFETY: the kernel calls `init` with a namespace being set up, whose storage for
        // this id is allocated (zeroed, `size_of::<T>()` bytes) and does not move.
        let (slot, owner) = unsafe {
            (
                bindings::knet_net_generic(net, T::id().get()).cast::<T>(),
                OwnerNet(NonNull::new_unchecked(net)),
            )
        };
        // SAFETY: `slot` is valid, aligned (checked in `register`) and unused; on error
        // nothing is left initialised and the kernel frees the storage.
        match unsafe { T::new(owner).__init(slot) } {
            Ok(()) => 0,
            Err(e) => e.to_errno(),
        }
    }

    unsafe extern "C" fn pre_exit_net(net: *mut bindings::net) {
        // SAFETY: `pre_exit` runs for a namespace whose `init` succeeded, before `exit`.
        let state = unsafe { &*bindings::knet_net_generic(net, T::id().get()).cast::<T>() };
        state.pre_exit();
    }

    unsafe extern "C" fn exit_net(net: *mut bindings::net) {
        // SAFETY: `exit` runs once for a namespace whose `init` succeeded; nothing uses
        // the state any more (the contract of `PernetState::of`), and the kernel frees
        // the storage after this returns.
        unsafe {
            core::ptr::drop_in_place(bindings::knet_net_generic(net, T::id().get()).cast::<T>())
        };
    }
}

#[pinned_drop]
impl<T: PernetState> PinnedDrop for Pernet<T> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: registered (type invariant); this drops the state of every namespace.
        unsafe { bindings::unregister_pernet_subsys(self.ops.get()) };
    }
}
