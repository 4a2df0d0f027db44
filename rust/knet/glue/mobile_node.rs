// SPDX-License-Identifier: GPL-2.0
//! Where mip6_mn meets C: mip6_base's calls into the mobile node (`struct mip6_mn_ops`)
//! and what it exports to it, the rtnetlink requests and the tunnel device template that
//! stay in C (`rust/mip6_mn/mip6_mn_rtnl.c`, declarations in
//! `include/mip6/mip6_mn_glue.h`), and the hook's, the tunnel's and the notifiers' way to
//! the namespace's [`MnState`].

use crate::knet::addr_notifier::{AddrEvents, AddrNotifier};
use crate::knet::bindings;
use crate::knet::neigh_notifier::{NeighEvents, NeighNotifier};
use crate::knet::netdev::{
    valid_name, Device, DeviceRef, EventDevice, NetdevEvents, NetdevNotifier, NewDevice, Rtnl,
};
use crate::knet::netfilter::{HookPacket, Verdict};
use crate::knet::pernet::{NetRef, OwnerNet, Pernet, PernetState};
use crate::knet::skb::Packet;
use crate::mip6::mn::AddrInfo;
use crate::mip6::mn_inbound::View;
use crate::mobile_node::MobileNode;
use crate::namespace::{DpView, MnState};
use kernel::prelude::*;
use kernel::ThisModule;

/// Statistics slots the mobile node counts (`enum mipv6_stat`).
pub(crate) mod stat {
    use crate::knet::bindings as b;
    pub(crate) const HOTI_SENT: u32 = b::mipv6_stat_MIPV6_STAT_HOME_TEST_INITS_SENT;
    pub(crate) const COTI_SENT: u32 = b::mipv6_stat_MIPV6_STAT_CAREOF_TEST_INITS_SENT;
    pub(crate) const BU_SENT: u32 = b::mipv6_stat_MIPV6_STAT_BIND_UPDATES_SENT;
    pub(crate) const BA_DROP_AUTH: u32 = b::mipv6_stat_MIPV6_STAT_BIND_ACKS_DROP_AUTH;
    pub(crate) const BA_DROP_MISC: u32 = b::mipv6_stat_MIPV6_STAT_BIND_ACKS_DROP_MISC;
}

/// The `net.ipv6.mobility` knobs it reads (`enum mip6_sysctl`).
pub(crate) mod knob {
    use crate::knet::bindings as b;
    pub(crate) const ACCEPT_RR: u32 = b::mip6_sysctl_MIP6_SYSCTL_ACCEPT_RETURN_ROUTABILITY;
    pub(crate) const BU_FLAG_CN_ACK: u32 = b::mip6_sysctl_MIP6_SYSCTL_BU_FLAG_CN_ACK;
}

/// Correspondent events of the data path (`MIP6_MN_EV_*`).
pub(crate) mod cn_event {
    use crate::knet::bindings as b;
    /// It sent us a packet through the home agent.
    pub(crate) const TRAFFIC: u32 = b::MIP6_MN_EV_TRAFFIC;
    /// An ICMP error: it knows no Home Address option or Mobility Header.
    pub(crate) const NO_RO: u32 = b::MIP6_MN_EV_NO_RO;
}

/// `struct net` (opaque).
pub(crate) type Net = bindings::net;

/// A namespace borrowed for one call from the glue.
///
/// # Invariants
///
/// `self.0` is a live namespace for as long as the value is used: the glue passes it into
/// the entry points below, and the value does not outlive the call.
#[derive(Clone, Copy)]
pub(crate) struct NetPtr(*mut Net);

impl NetPtr {
    pub(crate) fn debug(&self) -> i32 {
        self.sysctl(bindings::mip6_sysctl_MIP6_SYSCTL_DEBUGLEVEL)
    }

    pub(crate) fn sysctl(&self, knob: u32) -> i32 {
        // SAFETY: live namespace (type invariant); the glue bounds-checks the index.
        unsafe { bindings::mip6_sysctl_get(self.0, knob) }
    }

    pub(crate) fn stat(&self, idx: u32) {
        // SAFETY: live namespace; the glue bounds-checks `idx`.
        unsafe { bindings::mip6_stat_add(self.0, idx, 1) }
    }

    /// The namespace's role (`enum mipv6_role`).
    pub(crate) fn role(&self) -> i32 {
        // SAFETY: live namespace.
        unsafe { bindings::mip6_net_role(self.0) }
    }

    /// The MN-HA credential of the policy entry covering `home`: the C return code, with
    /// `spi`, `key` and its length filled in on success.
    pub(crate) fn policy_key(
        &self,
        home: &[u8; 16],
        spi: &mut u32,
        key: &mut [u8],
        len: &mut u32,
    ) -> i32 {
        if key.len() < crate::mip6::abi::KEY_MAX {
            return EINVAL.to_errno();
        }
        // SAFETY: live namespace; `home` is 16 bytes, `key` has room for KEY_MAX bytes
        // (checked), `spi` and `len` are writable u32s.
        unsafe { bindings::mip6_policy_key(self.0, home.as_ptr(), spi, key.as_mut_ptr(), len) }
    }

    /// Adds or deletes the route to `dst`/`plen` (host bits cleared) out of `oif`.
    pub(crate) fn route(
        &self,
        add: bool,
        dst: &[u8; 16],
        plen: u8,
        oif: i32,
        metric: u32,
    ) -> c_int {
        let dst = crate::mip6::mn::masked(dst, plen);
        // SAFETY: live namespace; `dst` points to 16 bytes; no gateway.
        unsafe {
            bindings::mip6_mn_route(
                self.0,
                add,
                dst.as_ptr(),
                plen,
                core::ptr::null(),
                oif,
                metric,
            )
        }
    }

    /// Deletes the default route through `router` (a link-local address) on `oif`.
    pub(crate) fn del_default_via(&self, router: &[u8; 16], oif: i32) -> c_int {
        // SAFETY: live namespace; both addresses point to 16 bytes.
        unsafe {
            bindings::mip6_mn_route(
                self.0,
                false,
                [0u8; 16].as_ptr(),
                0,
                router.as_ptr(),
                oif,
                0,
            )
        }
    }

    /// The interface's addresses into `out`; returns how many.
    pub(crate) fn addrs<const N: usize>(&self, ifindex: i32, out: &mut [AddrInfo; N]) -> usize {
        let mut raw = [bindings::mip6_mn_addr::default(); N];
        let max = u32::try_from(N).unwrap_or(0);
        // SAFETY: live namespace; `raw` has room for `max` records.
        let n = unsafe { bindings::mip6_mn_addrs(self.0, ifindex, raw.as_mut_ptr(), max) };
        let n = usize::try_from(n).unwrap_or(0).min(N);
        for (o, r) in out.iter_mut().zip(raw.iter()).take(n) {
            *o = AddrInfo {
                addr: r.addr,
                plen: r.plen,
                flags: r.flags,
            };
        }
        n
    }

    pub(crate) fn del_addr(&self, ifindex: i32, a: &AddrInfo) -> c_int {
        // SAFETY: live namespace; the address points to 16 bytes.
        unsafe { bindings::mip6_mn_addr(self.0, false, ifindex, a.addr.as_ptr(), a.plen) }
    }

    pub(crate) fn send(&self, pkt: &[u8], oif: i32) -> c_int {
        match crate::knet::route::send_ipv6(self.0, pkt, oif) {
            Ok(()) => 0,
            Err(e) => e.to_errno(),
        }
    }

    /// The data path's view of a correspondent: known (no more triggers) or route
    /// optimised.
    pub(crate) fn ro_set(&self, cn: &[u8; 16], active: bool) {
        self.state().set_correspondent(cn, active);
    }

    pub(crate) fn ro_del(&self, cn: &[u8; 16]) {
        self.state().forget_correspondent(cn);
    }

    /// What the data path needs: home address, home agent, care-of address and its link,
    /// and whether the node is away.
    pub(crate) fn dp_set(
        &self,
        home: &[u8; 16],
        ha: &[u8; 16],
        coa: &[u8; 16],
        oif: i32,
        away: bool,
    ) {
        self.state().set_view(Some(DpView {
            home: *home,
            ha: *ha,
            coa: *coa,
            oif,
            away,
        }));
    }

    /// Whether the interface is up with carrier.
    pub(crate) fn link_ok(&self, ifindex: i32) -> bool {
        DeviceRef::by_index(self.net(), ifindex).is_some_and(|d| d.up_with_carrier())
    }

    /// A neighbour (router) whose reachability failed since the last call, if any.
    pub(crate) fn take_failed(&self, addr: &mut [u8; 16]) -> bool {
        match self.state().take_failed() {
            Some(a) => {
                *addr = a;
                true
            }
            None => false,
        }
    }

    /// Runs the control plane again within `ms` milliseconds.
    pub(crate) fn schedule(&self, ms: u32) {
        self.state().schedule(ms);
    }

    /// Tells the home link the home address is here again (unsolicited NA).
    pub(crate) fn announce(&self, ifindex: i32, home: &[u8; 16]) {
        if let Some(dev) = DeviceRef::by_index(self.net(), ifindex) {
            dev.announce(home);
        }
    }

    /// The home tunnel device called `name` (NUL-terminated; created if missing, brought
    /// up) with `home`/`plen` on it: its ifindex, or an error code.
    pub(crate) fn tunnel_setup(&self, name: &[u8; 16], home: &[u8; 16], plen: u8) -> c_int {
        let Ok(name) = CStr::from_bytes_until_nul(name) else {
            return EINVAL.to_errno();
        };
        if !valid_name(name) {
            return EINVAL.to_errno();
        }
        let state = self.state();
        let rtnl = Rtnl::lock();
        let ifindex = match rtnl.device_by_name(self.net(), name) {
            Some(dev) if !is_tunnel(dev.as_ptr()) => return EEXIST.to_errno(),
            Some(dev) => dev.ifindex(),
            None => {
                // SAFETY: a valid name; the template allocates a device or returns null.
                let raw = unsafe { bindings::mip6_mn_tnl_alloc(name.as_char_ptr()) };
                // SAFETY: from `alloc_netdev`, not registered, ours.
                let Some(new) = (unsafe { NewDevice::from_raw(raw) }) else {
                    return ENOMEM.to_errno();
                };
                let dev = match rtnl.register(self.net(), new) {
                    Ok(dev) => dev,
                    Err(e) => return e.to_errno(),
                };
                // SAFETY: the module's netdev notifier (`MnNetdevEvents`) forgets the
                // device when it is unregistered; it is registered while any state is.
                // One home tunnel per namespace: the newest is used.
                unsafe { state.tunnel.set(&rtnl, dev) };
                dev.ifindex()
            }
        };
        drop(rtnl);
        // SAFETY: live namespace.
        let mut err = unsafe { bindings::mip6_mn_link_up(self.0, ifindex) };
        if err == 0 {
            // SAFETY: live namespace; `home` points to 16 bytes.
            err = unsafe { bindings::mip6_mn_addr(self.0, true, ifindex, home.as_ptr(), plen) };
        }
        if err != 0 {
            err
        } else {
            ifindex
        }
    }

    /// Unconfigured: the data path forgets the mobile node and the home tunnel goes.
    pub(crate) fn teardown(&self) {
        let state = self.state();
        state.set_view(None);
        state.tunnel.remove();
    }

    /// The last Router Advertisement the data path kept (its ICMPv6 bytes into `buf`):
    /// its length (0: none), with the interface and source filled in.
    pub(crate) fn take_ra(&self, buf: &mut [u8], ifindex: &mut i32, src: &mut [u8; 16]) -> usize {
        self.state().take_ra(buf, ifindex, src)
    }

    /// The next event the data path saw about a correspondent (0: none), its address in
    /// `addr`.
    pub(crate) fn take_cn_event(&self, addr: &mut [u8; 16]) -> u32 {
        self.state().take_cn_event(addr)
    }

    /// The namespace's state.
    fn state(&self) -> &MnState {
        // SAFETY: a `NetPtr` is made for calls from mip6_base's ops and from the state's
        // own work: mip6_base stops calling before any namespace's state goes (its
        // `pre_exit`), the ops are unregistered before the states (`MobileNodeRegistration`),
        // and the work is cancelled when the state drops.
        unsafe { MnState::of(self.net()) }
    }

    fn net(&self) -> NetRef<'_> {
        // SAFETY: live for as long as `self` (type invariant), never null.
        unsafe { NetRef::from_raw_unchecked(self.0) }
    }

    /// The namespace that owns a state, for the state's own work.
    pub(crate) fn of_owner(net: &OwnerNet) -> NetPtr {
        // INVARIANT: the namespace outlives the state, whose work uses this.
        NetPtr(net.get().as_ptr())
    }
}

/// Milliseconds from the tick counter (wraps).
pub(crate) fn coarse_ms() -> u32 {
    // SAFETY: reads the tick counter.
    unsafe { bindings::knet_coarse_ms() }
}

/// Whether `dev` is a home tunnel device (only its ops pointer is compared).
fn is_tunnel(dev: *const bindings::net_device) -> bool {
    // SAFETY: null or a valid device; only its ops pointer is read.
    unsafe { bindings::mip6_mn_is_tnl(dev) }
}

/// Milliseconds of monotonic boot time.
pub(crate) fn now_ms() -> u64 {
    // SAFETY: reads the clock.
    unsafe { bindings::mip6_now_ms() }
}

/// 8 random bytes (cookies, nonces).
pub(crate) fn random8() -> [u8; 8] {
    let mut b = [0u8; 8];
    // SAFETY: `b` is valid for 8 bytes.
    unsafe { bindings::mip6_random_bytes(b.as_mut_ptr(), 8) };
    b
}

/// The mobile node side of the namespace a receive hook runs in, for the hook call `'a`.
#[derive(Clone, Copy)]
pub(crate) struct MnHook<'a> {
    state: &'a MnState,
}

impl<'a> MnHook<'a> {
    /// The namespace `pkt`'s hook runs in. Only for the hook of `MnState`'s table.
    pub(crate) fn of(pkt: &HookPacket<'a>) -> Self {
        // SAFETY: the hook that calls this is registered only by the `NetHooks` field of
        // the namespace's `MnState`, which unregisters it (waiting for the calls in
        // flight) before the rest of the state goes; 'a is the hook call.
        let state = unsafe { MnState::of(pkt.net()) };
        MnHook { state }
    }

    /// What the data path knows of the mobile node; `None` when the namespace is no
    /// configured mobile node, or `pkt` came out of the home tunnel.
    pub(crate) fn view(self, pkt: &Packet) -> Option<View> {
        if is_tunnel(pkt.dev_ptr()) {
            return None;
        }
        self.state.view().map(|v| view_of(&v))
    }

    /// Whether the control plane already knows the correspondent `cn`.
    pub(crate) fn ro_known(self, cn: &[u8; 16]) -> bool {
        self.state.knows(cn)
    }

    /// Tells the control plane about correspondent `cn` (`cn_event::*`); dropped when
    /// its queue is full, and a traffic event at most once a second per correspondent.
    pub(crate) fn cn_event(self, cn: &[u8; 16], kind: u32) {
        self.state.cn_event(cn, kind, kind == cn_event::TRAFFIC);
    }

    /// Keeps the Router Advertisement `pkt` for movement detection.
    pub(crate) fn keep_ra(self, pkt: &Packet) {
        let Some(src) = pkt
            .headers()
            .get(8..24)
            .and_then(|s| <[u8; 16]>::try_from(s).ok())
        else {
            return;
        };
        let icmp_len = pkt.len().saturating_sub(40);
        let copy = |buf: &mut [u8]| pkt.copy_out(40, buf).is_ok();
        self.state.keep_ra(&src, icmp_len, pkt.dev_ifindex(), copy);
    }

    /// Where the home tunnel's packets are received: the tunnel device, or (while it is
    /// being set up or torn down) the link they came in on.
    fn tunnel_dev(self, pkt: &Packet) -> *mut bindings::net_device {
        let dev = self.state.tunnel.peek();
        if dev.is_null() {
            pkt.dev_ptr()
        } else {
            dev
        }
    }
}

fn view_of(v: &DpView) -> View {
    View {
        home: v.home,
        coa: v.coa,
        ha: v.ha,
        away: v.away,
    }
}

/// Takes the home tunnel's packet from netfilter and receives it (the outer header
/// removed) on the tunnel device, or on the link it came in on while there is none.
pub(crate) fn tunnel_receive(pkt: HookPacket<'_>) -> Verdict {
    // The device is valid while the hook runs: the tunnel's unregistration waits for
    // running hooks before it frees the device, and the packet holds its own.
    let dev = MnHook::of(&pkt).tunnel_dev(&pkt);
    let (skb, _, _, stolen) = pkt.steal();
    crate::knet::tunnel::receive_on(skb, dev);
    stolen
}

/// Whether the kernel processes type 2 routing headers itself (`CONFIG_IPV6_MIP6`): it
/// then drops a processed one it did not process, so ours are renamed.
pub(crate) const KERNEL_HAS_MIP6: bool = cfg!(any(CONFIG_IPV6_MIP6, CONFIG_IPV6_MIP6 = "m"));

/// The home tunnel device, lent to its transmit function.
///
/// # Invariants
///
/// `self.0` is the mobile node's tunnel device, valid while `ndo_start_xmit` runs (`'a`).
pub(crate) struct TunnelDev<'a>(*mut bindings::net_device, core::marker::PhantomData<&'a ()>);

impl TunnelDev<'_> {
    /// Its namespace.
    pub(crate) fn net(&self) -> DataPath<'_> {
        // SAFETY: valid device (type invariant); a device's namespace outlives it, and a
        // home tunnel device is created only in a namespace with an `MnState`, which
        // unregisters it before the rest of the state goes (field order), and the
        // transmits in flight end before the unregistration does.
        let state =
            unsafe { MnState::of(NetRef::from_raw_unchecked(bindings::knet_dev_net(self.0))) };
        DataPath { state }
    }

    /// Counts a packet of `len` bytes sent.
    pub(crate) fn count_tx(&self, len: usize) {
        // SAFETY: valid device with per-CPU tstats (set up with the device).
        unsafe { bindings::knet_dev_tx_add(self.0, u32::try_from(len).unwrap_or(u32::MAX)) };
    }

    /// Counts a packet dropped.
    pub(crate) fn count_dropped(&self) {
        // SAFETY: valid device.
        unsafe { bindings::knet_dev_tx_dropped(self.0) };
    }
}

/// The mobile node's namespace as its tunnel's transmit sees it, for `'a`.
#[derive(Clone, Copy)]
pub(crate) struct DataPath<'a> {
    state: &'a MnState,
}

impl DataPath<'_> {
    pub(crate) fn as_ptr(self) -> *mut Net {
        self.state.net_ptr()
    }

    /// What the data path knows of the mobile node (`None`: not configured), and the
    /// link of the care-of address.
    pub(crate) fn view(self) -> Option<(View, i32)> {
        self.state.view().map(|v| (view_of(&v), v.oif))
    }

    /// Whether packets to `cn` go route-optimised.
    pub(crate) fn route_optimised(self, cn: &[u8; 16]) -> bool {
        self.state.route_optimised(cn)
    }

    /// Whether `dst` goes out of the home tunnel device (a packet meant for the link of
    /// the care-of address must not loop back into the tunnel).
    pub(crate) fn into_tunnel(self, dst: &crate::knet::route::Dst) -> bool {
        is_tunnel(dst.dev_ptr())
    }
}

/// The home tunnel device's transmit: the packet goes to `crate::send::xmit`.
///
/// # Safety
///
/// Called by `mip6_mn_tnl_xmit` (the device's `ndo_start_xmit`) only: `skb` is an owned
/// packet for the device `dev`, under rcu_read_lock_bh.
#[no_mangle]
unsafe extern "C" fn mip6_rs_mn_tnl_xmit(
    skb: *mut bindings::sk_buff,
    dev: *mut bindings::net_device,
) {
    // SAFETY: per this function's contract (the network header of a packet handed to a
    // layer-3 device is set).
    // INVARIANT: `dev` is valid for the call.
    if let Some(skb) = unsafe { crate::knet::skb::Skb::from_raw(skb) } {
        crate::send::xmit(skb, TunnelDev(dev, core::marker::PhantomData));
    }
}

crate::knet::check_exports!(mip6_rs_mn_tnl_xmit);

/// The notifiers' way to the state: the tunnel going away, links and addresses changing,
/// neighbours failing.
struct MnEvents;

// SAFETY (for the three impls): the notifiers are registered after the module's
// `Pernet<MnState>` and unregistered before it (field order of `MobileNodeRegistration`);
// a namespace's devices, addresses and neighbours go before its state does (devices leave
// in `exit_rtnl`, states in `exit`), and come after it was created.
impl NetdevEvents for MnEvents {
    fn unregistering(rtnl: &Rtnl, dev: Device<'_>) {
        // Only a real unregistration: unregister_netdevice_notifier() (rmmod) replays it
        // for devices that stay, and the state's drop must still find the tunnel.
        if dev.registered() {
            return;
        }
        // SAFETY: see above.
        let state = unsafe { MnState::of(dev.net()) };
        state.tunnel.forget(rtnl, dev);
    }

    fn link_changed(_rtnl: &Rtnl, dev: Device<'_>) {
        // SAFETY: see above.
        let state = unsafe { MnState::of(dev.net()) };
        if state.configured() && !is_tunnel(dev.as_ptr()) {
            state.schedule(10);
        }
    }
}

impl AddrEvents for MnEvents {
    fn address_changed(dev: EventDevice<'_>) {
        // SAFETY: see above.
        let state = unsafe { MnState::of(dev.net()) };
        if state.configured() && !is_tunnel(dev.as_ptr()) {
            state.schedule(10);
        }
    }
}

impl NeighEvents for MnEvents {
    fn neighbour_failed(dev: EventDevice<'_>, addr: &[u8; 16]) {
        // SAFETY: see above.
        let state = unsafe { MnState::of(dev.net()) };
        state.neighbour_failed(addr);
    }
}

/// The mobile node in every namespace: its state, the notifiers that use it, and
/// mip6_base's calls into it. Fields drop in declaration order, the reverse of `new`'s.
pub(crate) struct MobileNodeRegistration {
    _ops: OpsRegistration,
    _neigh: Pin<KBox<NeighNotifier<MnEvents>>>,
    _addr: Pin<KBox<AddrNotifier<MnEvents>>>,
    _netdev: Pin<KBox<NetdevNotifier<MnEvents>>>,
    _pernet: Pin<KBox<Pernet<MnState>>>,
}

impl MobileNodeRegistration {
    pub(crate) fn new(module: &'static ThisModule) -> Result<Self> {
        // The state first: the notifiers look it up.
        let pernet = Pernet::register()?;
        let netdev = NetdevNotifier::register()?;
        let addr = AddrNotifier::register()?;
        let neigh = NeighNotifier::register()?;
        // SAFETY: `pernet` is registered and outlives the ops (field order).
        let ops = unsafe { OpsRegistration::new(module) }?;
        Ok(MobileNodeRegistration {
            _ops: ops,
            _neigh: neigh,
            _addr: addr,
            _netdev: netdev,
            _pernet: pernet,
        })
    }
}

/// mip6_base calls the mobile node while this is registered (`mip6_mn_ops_register`).
struct OpsRegistration {
    /// What mip6_base points at; never read from Rust.
    _ops: KBox<bindings::mip6_mn_ops>,
}

// SAFETY: the ops are read by mip6_base from any thread, never written after `new`; the
// module pointer names this module.
unsafe impl Send for OpsRegistration {}
// SAFETY: as above.
unsafe impl Sync for OpsRegistration {}

impl OpsRegistration {
    /// # Safety
    ///
    /// The module's `Pernet<MnState>` is registered, and stays so until this is dropped.
    unsafe fn new(module: &'static ThisModule) -> Result<Self> {
        let ops = KBox::new(
            bindings::mip6_mn_ops {
                owner: module.as_ptr().cast(),
                rx_mh: Some(rx_mh),
                ioctl: Some(ioctl),
                stop: Some(stop),
            },
            GFP_KERNEL,
        )?;
        // SAFETY: the ops live in the box until `drop` unregisters them; mip6_base takes a
        // reference on `owner` around each call.
        unsafe { bindings::mip6_mn_ops_register(&*ops) };
        Ok(OpsRegistration { _ops: ops })
    }
}

impl Drop for OpsRegistration {
    fn drop(&mut self) {
        // SAFETY: registered by `new`; returns after the RCU readers of the pointer are
        // gone, and calls in progress hold the module, which is not unloading before
        // they end.
        unsafe { bindings::mip6_mn_ops_unregister() };
    }
}

/// The namespace mip6_base passes to an op.
///
/// # Safety
///
/// Called by mip6_base only, in process context, with a namespace that stays alive for
/// the call and whose state exists (mip6_base stops calling before namespaces' states go:
/// `pre_exit`; the ops are unregistered before the states).
unsafe fn op_net<'a>(net: *mut Net) -> (NetPtr, &'a MobileNode) {
    // SAFETY: per the function's contract; the callers below use the borrow `'a` only
    // within the op's call, during which the state lives.
    // INVARIANT: `net` is live for the call.
    let state = unsafe { MnState::of(NetRef::from_raw_unchecked(net)) };
    (NetPtr(net), state.control())
}

/// `mip6_mn_ops.rx_mh`.
///
/// # Safety
///
/// As for [`op_net`]; `pkt` is valid for `len` bytes during the call.
unsafe extern "C" fn rx_mh(net: *mut Net, pkt: *const u8, len: u32) {
    let Ok(len) = usize::try_from(len) else {
        return;
    };
    if pkt.is_null() {
        return;
    }
    // SAFETY: mip6_base passes the linear packet, valid for `len` bytes during the call;
    // the namespace as `op_net` requires.
    let (net, mn, pkt) = unsafe {
        let (net, mn) = op_net(net);
        (net, mn, core::slice::from_raw_parts(pkt, len))
    };
    mn.rx_mh(net, pkt)
}

/// `mip6_mn_ops.ioctl`: `arg` is an untrusted user address.
///
/// # Safety
///
/// As for [`op_net`].
unsafe extern "C" fn ioctl(net: *mut Net, admin: bool, cmd: u32, arg: c_ulong) -> c_int {
    // SAFETY: per this function's contract.
    let (net, mn) = unsafe { op_net(net) };
    match mn.ioctl(net, admin, cmd, arg) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// `mip6_mn_ops.stop`.
///
/// # Safety
///
/// As for [`op_net`].
unsafe extern "C" fn stop(net: *mut Net) {
    // SAFETY: per this function's contract.
    let (net, mn) = unsafe { op_net(net) };
    mn.stop(net)
}
