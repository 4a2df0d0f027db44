// SPDX-License-Identifier: GPL-2.0
//! Network devices: the RTNL ([`Rtnl`]), devices looked up under it ([`Device`]) or held
//! by reference ([`DeviceRef`]) or lent by a notifier ([`EventDevice`]), a device a state
//! created ([`DeviceSlot`]), and the netdev notifier ([`NetdevNotifier`]).

use super::bindings;
use super::pernet::NetRef;
use core::marker::PhantomData;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicPtr, Ordering};
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

    /// The device called `name` in `net`, valid while the RTNL is held.
    pub(crate) fn device_by_name<'r>(&'r self, net: NetRef<'_>, name: &CStr) -> Option<Device<'r>> {
        // SAFETY: live namespace; NUL-terminated name; under RTNL (type invariant).
        let dev = unsafe { bindings::__dev_get_by_name(net.as_ptr(), name.as_char_ptr()) };
        // INVARIANT: registered while the RTNL (borrowed for 'r) is held.
        NonNull::new(dev).map(|d| Device(d, PhantomData))
    }

    /// Registers `dev` in `net` (`register_netdevice`); on failure the device is freed.
    pub(crate) fn register<'r>(&'r self, net: NetRef<'_>, dev: NewDevice) -> Result<Device<'r>> {
        let raw = dev.0.as_ptr();
        core::mem::forget(dev);
        // SAFETY: an allocated device nobody else has (`NewDevice`), live namespace.
        unsafe { bindings::knet_dev_net_set(raw, net.as_ptr()) };
        // SAFETY: under RTNL (type invariant), as registration requires.
        let err = unsafe { bindings::register_netdevice(raw) };
        if let Err(e) = to_result(err) {
            // SAFETY: not registered: still ours alone to free.
            unsafe { bindings::free_netdev(raw) };
            return Err(e);
        }
        // SAFETY: non-null (`NewDevice`).
        // INVARIANT: just registered, under the RTNL borrowed for 'r.
        Ok(Device(unsafe { NonNull::new_unchecked(raw) }, PhantomData))
    }
}

/// Whether `name` is a valid device name (`dev_valid_name`).
pub(crate) fn valid_name(name: &CStr) -> bool {
    // SAFETY: NUL-terminated string.
    unsafe { bindings::dev_valid_name(name.as_char_ptr()) }
}

/// A device allocated and not registered; freed (`free_netdev`) if dropped so.
///
/// # Invariants
///
/// `self.0` is an allocated, unregistered device that nothing else refers to.
pub(crate) struct NewDevice(NonNull<bindings::net_device>);

impl NewDevice {
    /// # Safety
    ///
    /// `dev` is null or a device from `alloc_netdev`, not registered, owned by the caller.
    pub(crate) unsafe fn from_raw(dev: *mut bindings::net_device) -> Option<Self> {
        // INVARIANT: per the function's contract.
        NonNull::new(dev).map(NewDevice)
    }
}

impl Drop for NewDevice {
    fn drop(&mut self) {
        // SAFETY: allocated, never registered, ours alone (type invariant).
        unsafe { bindings::free_netdev(self.0.as_ptr()) };
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

    pub(crate) fn as_ptr(self) -> *mut bindings::net_device {
        self.0.as_ptr()
    }

    /// Whether it is still registered: false in the notifier of a real unregistration,
    /// true when `unregister_netdevice_notifier` replays one for a device that stays.
    pub(crate) fn registered(self) -> bool {
        // SAFETY: valid device (type invariant).
        unsafe { bindings::knet_dev_registered(self.0.as_ptr()) }
    }

    /// Unregisters it (`unregister_netdevice`, under the RTNL this borrows). The device
    /// stays allocated until the RTNL is released; only its pointer may be used after this.
    pub(crate) fn unregister(self) {
        // SAFETY: a registered device under the RTNL (type invariant).
        unsafe { bindings::knet_unregister_netdevice(self.0.as_ptr()) };
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

    /// Whether it is up with a carrier (a link the node can be on).
    pub(crate) fn up_with_carrier(&self) -> bool {
        // SAFETY: referenced device (type invariant).
        unsafe { bindings::knet_dev_up_with_carrier(self.0.as_ptr()) }
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

/// A device a notifier lends for its call (`'a`), without the RTNL.
///
/// # Invariants
///
/// `self.0` is a valid device for `'a`.
#[derive(Clone, Copy)]
pub(crate) struct EventDevice<'a>(NonNull<bindings::net_device>, PhantomData<&'a ()>);

impl<'a> EventDevice<'a> {
    /// # Safety
    ///
    /// `dev` is null or a device valid for `'a`.
    pub(crate) unsafe fn from_raw(dev: *mut bindings::net_device) -> Option<Self> {
        // INVARIANT: per the function's contract.
        NonNull::new(dev).map(|d| EventDevice(d, PhantomData))
    }

    /// The namespace the device is in (it outlives the device's registration there).
    pub(crate) fn net(self) -> NetRef<'a> {
        // SAFETY: valid device; a device always has a namespace, alive while it is there.
        unsafe { NetRef::from_raw_unchecked(bindings::knet_dev_net(self.0.as_ptr())) }
    }

    /// For comparison and for C that only reads the ops pointer.
    pub(crate) fn as_ptr(self) -> *mut bindings::net_device {
        self.0.as_ptr()
    }
}

/// A device a per-namespace state created and removes, known under the RTNL.
///
/// # Invariants
///
/// `dev` is null or a device registered in the owning state's namespace: whoever
/// unregisters it clears the slot under the same RTNL hold ([`DeviceSlot::forget`]).
pub(crate) struct DeviceSlot {
    dev: AtomicPtr<bindings::net_device>,
}

// SAFETY: writes happen under the RTNL; the pointer is read atomically.
unsafe impl Send for DeviceSlot {}
// SAFETY: as above.
unsafe impl Sync for DeviceSlot {}

impl DeviceSlot {
    pub(crate) const fn new() -> Self {
        DeviceSlot {
            dev: AtomicPtr::new(core::ptr::null_mut()),
        }
    }

    /// The device, under the RTNL.
    pub(crate) fn get<'r>(&self, _rtnl: &'r Rtnl) -> Option<Device<'r>> {
        // INVARIANT: registered while the RTNL is held (type invariant).
        NonNull::new(self.dev.load(Ordering::Relaxed)).map(|d| Device(d, PhantomData))
    }

    /// Makes `dev` the slot's device; unregisters the previous one.
    ///
    /// # Safety
    ///
    /// The caller arranges for [`DeviceSlot::forget`] to be called (netdev notifier) when
    /// `dev` is unregistered by anyone else, for as long as this slot lives.
    pub(crate) unsafe fn set(&self, rtnl: &Rtnl, dev: Device<'_>) {
        if let Some(old) = self.get(rtnl) {
            old.unregister();
        }
        // INVARIANT: registered now; the caller clears it when that ends.
        self.dev.store(dev.as_ptr(), Ordering::Relaxed);
    }

    /// `dev` is being unregistered: forget it if it is ours.
    pub(crate) fn forget(&self, _rtnl: &Rtnl, dev: Device<'_>) {
        let _ = self.dev.compare_exchange(
            dev.as_ptr(),
            core::ptr::null_mut(),
            Ordering::Relaxed,
            Ordering::Relaxed,
        );
    }

    /// Unregisters the device, if any (it clears the slot through `forget`, or here).
    pub(crate) fn remove(&self) {
        let rtnl = Rtnl::lock();
        if let Some(dev) = self.get(&rtnl) {
            self.dev.store(core::ptr::null_mut(), Ordering::Relaxed);
            dev.unregister();
        }
    }

    /// The device without the RTNL, for a data path that runs under RCU: a device is
    /// freed only after a grace period once unregistered.
    pub(crate) fn peek(&self) -> *mut bindings::net_device {
        self.dev.load(Ordering::Relaxed)
    }
}

impl Drop for DeviceSlot {
    fn drop(&mut self) {
        self.remove();
    }
}

/// What a module does when a device goes away or its link changes.
pub(crate) trait NetdevEvents: 'static {
    /// `dev` is being unregistered from its namespace (deleted, or moving to another):
    /// give back what is held on it. Runs under the RTNL.
    fn unregistering(rtnl: &Rtnl, dev: Device<'_>);

    /// `dev` went up or down, or its carrier changed. Runs under the RTNL.
    fn link_changed(_rtnl: &Rtnl, _dev: Device<'_>) {}
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
        let unregistering = event == bindings::netdev_cmd_NETDEV_UNREGISTER as c_ulong;
        let link = [
            bindings::netdev_cmd_NETDEV_CHANGE,
            bindings::netdev_cmd_NETDEV_UP,
            bindings::netdev_cmd_NETDEV_DOWN,
        ]
        .iter()
        .any(|&e| event == e as c_ulong);
        if !unregistering && !link {
            return bindings::NOTIFY_DONE as c_int;
        }
        // INVARIANT: netdev notifiers run under the RTNL, which the caller keeps.
        let rtnl = Rtnl { owned: false };
        // SAFETY: the notifier passes a `netdev_notifier_info` naming a device that
        // stays valid for the call.
        let dev = unsafe { bindings::knet_netdev_notifier_info_to_dev(info) };
        if let Some(dev) = NonNull::new(dev) {
            if unregistering {
                T::unregistering(&rtnl, Device(dev, PhantomData));
            } else {
                T::link_changed(&rtnl, Device(dev, PhantomData));
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
