// SPDX-License-Identifier: GPL-2.0
//! The IPv6 address notifier ([`AddrNotifier`]): a module hears of addresses added to
//! and removed from any device.

use super::bindings;
use super::netdev::EventDevice;
use core::marker::PhantomData;
use kernel::error::to_result;
use kernel::prelude::*;
use kernel::types::Opaque;

/// What a module does when an IPv6 address of `dev` changes (atomic context).
pub(crate) trait AddrEvents: 'static {
    fn address_changed(dev: EventDevice<'_>);
}

/// `T` hears of IPv6 address changes while this is registered
/// (`register_inet6addr_notifier`).
///
/// # Invariants
///
/// `nb` is registered until dropped.
#[pin_data(PinnedDrop)]
pub(crate) struct AddrNotifier<T: AddrEvents> {
    #[pin]
    nb: Opaque<bindings::notifier_block>,
    _events: PhantomData<T>,
}

// SAFETY: the registration is only unregistered, from any thread, through `Drop`.
unsafe impl<T: AddrEvents> Send for AddrNotifier<T> {}
// SAFETY: `&AddrNotifier` gives access to nothing.
unsafe impl<T: AddrEvents> Sync for AddrNotifier<T> {}

impl<T: AddrEvents> AddrNotifier<T> {
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
                        to_result(bindings::register_inet6addr_notifier(nb))
                    }
                }),
                _events: PhantomData,
            }),
            GFP_KERNEL,
        )
    }

    unsafe extern "C" fn event(
        _nb: *mut bindings::notifier_block,
        _event: c_ulong,
        ifa: *mut c_void,
    ) -> c_int {
        // SAFETY: the chain passes a `struct inet6_ifaddr` whose device is valid for the
        // call (the address holds its inet6_dev, which holds the device).
        let dev = unsafe { EventDevice::from_raw(bindings::knet_ifa_dev(ifa.cast())) };
        if let Some(dev) = dev {
            T::address_changed(dev);
        }
        bindings::NOTIFY_DONE as c_int
    }
}

#[pinned_drop]
impl<T: AddrEvents> PinnedDrop for AddrNotifier<T> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: registered (type invariant).
        unsafe { bindings::unregister_inet6addr_notifier(self.nb.get()) };
    }
}
