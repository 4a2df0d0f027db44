// SPDX-License-Identifier: GPL-2.0
//! The netevent notifier, for one event: neighbour unreachability detection giving up on
//! an IPv6 neighbour ([`NeighNotifier`]).

use super::bindings;
use super::netdev::EventDevice;
use core::marker::PhantomData;
use kernel::error::to_result;
use kernel::prelude::*;
use kernel::types::Opaque;

/// What a module does when an IPv6 neighbour `addr` of `dev` fails (NUD_FAILED; atomic
/// context).
pub(crate) trait NeighEvents: 'static {
    fn neighbour_failed(dev: EventDevice<'_>, addr: &[u8; 16]);
}

/// `T` hears of failed IPv6 neighbours while this is registered
/// (`register_netevent_notifier`).
///
/// # Invariants
///
/// `nb` is registered until dropped.
#[pin_data(PinnedDrop)]
pub(crate) struct NeighNotifier<T: NeighEvents> {
    #[pin]
    nb: Opaque<bindings::notifier_block>,
    _events: PhantomData<T>,
}

// SAFETY: the registration is only unregistered, from any thread, through `Drop`.
unsafe impl<T: NeighEvents> Send for NeighNotifier<T> {}
// SAFETY: `&NeighNotifier` gives access to nothing.
unsafe impl<T: NeighEvents> Sync for NeighNotifier<T> {}

impl<T: NeighEvents> NeighNotifier<T> {
    pub(crate) fn register() -> Result<Pin<KBox<Self>>> {
        KBox::try_pin_init(
            try_pin_init!(Self {
                nb <- Opaque::try_ffi_init(|nb: *mut bindings::notifier_block| {
                    // SAFETY: `nb` is valid for writes and pinned (pin-init).
                    unsafe {
                        nb.write(bindings::notifier_block {
                            notifier_call: Some(Self::event),
                            ..Default::default()
                        });
                        to_result(bindings::register_netevent_notifier(nb))
                    }
                }),
                _events: PhantomData,
            }),
            GFP_KERNEL,
        )
    }

    unsafe extern "C" fn event(
        _nb: *mut bindings::notifier_block,
        event: c_ulong,
        ptr: *mut c_void,
    ) -> c_int {
        if event != bindings::netevent_notif_type_NETEVENT_NEIGH_UPDATE as c_ulong {
            return bindings::NOTIFY_DONE as c_int;
        }
        let n = ptr.cast::<bindings::neighbour>();
        // SAFETY: for NETEVENT_NEIGH_UPDATE the chain passes a neighbour valid for the
        // call; only its table and state are read.
        if !unsafe { bindings::knet_neigh_nd_failed(n) } {
            return bindings::NOTIFY_DONE as c_int;
        }
        // SAFETY: an IPv6 (nd_tbl) neighbour: its key is an address of 16 bytes, and it
        // holds its device; both valid for the call.
        let (dev, addr) = unsafe {
            let key = bindings::knet_neigh_key(n).cast::<[u8; 16]>();
            (EventDevice::from_raw(bindings::knet_neigh_dev(n)), *key)
        };
        if let Some(dev) = dev {
            T::neighbour_failed(dev, &addr);
        }
        bindings::NOTIFY_DONE as c_int
    }
}

#[pinned_drop]
impl<T: NeighEvents> PinnedDrop for NeighNotifier<T> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: registered (type invariant).
        unsafe { bindings::unregister_netevent_notifier(self.nb.get()) };
    }
}
