// SPDX-License-Identifier: GPL-2.0
//! Network devices: the RTNL ([`Rtnl`]), devices looked up under it ([`Device`]) or held
//! by reference ([`DeviceRef`]), and the netdev notifier ([`NetdevNotifier`]).

use super::bindings;
use super::pernet::NetRef;
use core::marker::PhantomData;
use core::ptr::NonNull;
use kernel::error::to_result;
use kernel::prelude::*;
use kernel::types::Opaque;

/// The routing netlink lock, held: proof for what needs it.
///
/// # Invariants
///
/// The RTNL is held while this exists; `owned` says whether dropping it unlocks.
pub(crate) struct Rtnl {
    owned: bool,
}

impl Rtnl {
    /// Takes the RTNL (may sleep).
    pub(crate) fn lock() -> Self {
        // SAFETY: process context (callers are work items and teardown).
        unsafe { bindings::rtnl_lock() };
        // INVARIANT: just taken.
        Rtnl { owned: true }
    }

    /// The device `ifindex` of `net`, valid while the RTNL is held.
    pub(crate) fn device<'r>(&'r self, net: NetRef<'_>, ifindex: i32) -> Option<Device<'r>> {
        // SAFETY: live namespace; under RTNL (type invariant), which keeps the device
        // registered for the borrow.
        let dev = unsafe { bindings::__dev_get_by_index(net.as_ptr(), ifindex) };
        // INVARIANT: registered while the RTNL (borrowed for 'r) is held.
        NonNull::new(dev).map(|d| Device(d, PhantomData))
    }
}

impl Drop for Rtnl {
    fn drop(&mut self) {
        if self.owned {
            // SAFETY: taken by `lock` (type invariant).
            unsafe { bindings::rtnl_unlock() };
        }
    }
}

/// A device that stays registered for `'a` (under the RTNL).
///
/// # Invariants
///
/// `self.0` is a registered device for `'a`, and the RTNL is held for `'a`.
#[derive(Clone, Copy)]
pub(crate) struct Device<'a>(NonNull<bindings::net_device>, PhantomData<&'a Rtnl>);

impl Device<'_> {
    pub(crate) fn ifindex(self) -> i32 {
        // SAFETY: valid device (type invariant).
        unsafe { bindings::knet_dev_ifindex(self.0.as_ptr()) }
    }

    /// The namespace the device is in.
    pub(crate) fn net(&self) -> NetRef<'_> {
        // SAFETY: valid device; a device's namespace outlives its registration there,
        // and under the RTNL the device does not change namespace.
        // A device always has a namespace (`dev_net`).
        unsafe { NetRef::from_raw_unchecked(bindings::knet_dev_net(self.0.as_ptr())) }
    }

    /// Adds (`true`) or drops one all-multicast reference (`dev_set_allmulti`).
    pub(crate) fn set_allmulti(self, on: bool) -> Result {
        // SAFETY: valid device under the RTNL (type invariant), as the call requires.
        to_result(unsafe { bindings::dev_set_allmulti(self.0.as_ptr(), if on { 1 } else { -1 }) })
    }
}

/// One reference on a device (`dev_get_by_index` / `dev_put`), for what needs the device
/// but not the RTNL.
///
/// # Invariants
///
/// `self.0` is a device on which this holds one reference.
pub(crate) struct DeviceRef(NonNull<bindings::net_device>);

impl DeviceRef {
    /// The device `ifindex` of `net`, if there is one.
    pub(crate) fn by_index(net: NetRef<'_>, ifindex: i32) -> Option<Self> {
        // SAFETY: live namespace.
        let dev = unsafe { bindings::dev_get_by_index(net.as_ptr(), ifindex) };
        // INVARIANT: `dev_get_by_index` took a reference.
        NonNull::new(dev).map(DeviceRef)
    }

    /// Joins (`true`) or leaves the IPv6 multicast group `group` on the device.
    pub(crate) fn multicast(&self, group: &[u8; 16], join: bool) {
        let g = in6(group);
        // SAFETY: referenced device (type invariant); `g` is valid for the call.
        unsafe {
            if join {
                bindings::ipv6_dev_mc_inc(self.0.as_ptr(), &g);
            } else {
                bindings::ipv6_dev_mc_dec(self.0.as_ptr(), &g);
            }
        }
    }

    /// Sends an unsolicited Neighbour Advertisement for `target` to all nodes, with the
    /// device's link-layer address and the override flag (RFC 4861 §7.2.6).
    pub(crate) fn announce(&self, target: &[u8; 16]) {
        let (all_nodes, t) = (in6(&ALL_NODES), in6(target));
        // SAFETY: referenced device; both addresses are valid for the call.
        unsafe {
            bindings::ndisc_send_na(self.0.as_ptr(), &all_nodes, &t, false, false, true, true)
        };
    }
}

impl Drop for DeviceRef {
    fn drop(&mut self) {
        // SAFETY: the reference this holds (type invariant).
        unsafe { bindings::knet_dev_put(self.0.as_ptr()) };
    }
}

const ALL_NODES: [u8; 16] = [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

/// The kernel's `struct in6_addr` holding `a`.
pub(crate) fn in6(a: &[u8; 16]) -> bindings::in6_addr {
    let mut r = bindings::in6_addr::default();
    r.in6_u.u6_addr8 = *a;
    r
}

/// What a module does when a device goes away.
pub(crate) trait NetdevEvents: 'static {
    /// `dev` is being unregistered from its namespace (deleted, or moving to another):
    /// give back what is held on it. Runs under the RTNL.
    fn unregistering(rtnl: &Rtnl, dev: Device<'_>);
}

/// `T` hears of devices while this is registered (`register_netdevice_notifier`).
///
/// # Invariants
///
/// `nb` is registered until dropped.
#[pin_data(PinnedDrop)]
pub(crate) struct NetdevNotifier<T: NetdevEvents> {
    #[pin]
    nb: Opaque<bindings::notifier_block>,
    _events: PhantomData<T>,
}

// SAFETY: the registration is only unregistered, from any thread, through `Drop`.
unsafe impl<T: NetdevEvents> Send for NetdevNotifier<T> {}
// SAFETY: `&NetdevNotifier` gives access to nothing.
unsafe impl<T: NetdevEvents> Sync for NetdevNotifier<T> {}

impl<T: NetdevEvents> NetdevNotifier<T> {
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
                        to_result(bindings::register_netdevice_notifier(nb))
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
        info: *mut c_void,
    ) -> c_int {
        if event == bindings::netdev_cmd_NETDEV_UNREGISTER as c_ulong {
            // INVARIANT: netdev notifiers run under the RTNL, which the caller keeps.
            let rtnl = Rtnl { owned: false };
            // SAFETY: the notifier passes a `netdev_notifier_info` naming a device that
            // stays registered for the call.
            let dev = unsafe { bindings::knet_netdev_notifier_info_to_dev(info) };
            if let Some(dev) = NonNull::new(dev) {
                T::unregistering(&rtnl, Device(dev, PhantomData));
            }
        }
        bindings::NOTIFY_DONE as c_int
    }
}

#[pinned_drop]
impl<T: NetdevEvents> PinnedDrop for NetdevNotifier<T> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: registered (type invariant).
        unsafe { bindings::unregister_netdevice_notifier(self.nb.get()) };
    }
}
