// SPDX-License-Identifier: GPL-2.0
//! Safe Rust over mip6_mn's C glue (`rust/mip6_mn/mip6_mn_glue.c`, declarations in
//! `include/mip6/mip6_mn_glue.h`) and over what mip6_base exports to it, plus the entry
//! points the glue calls into the mobile node's control plane
//! (`rust/mip6_mn/mobile_node.rs`).

use crate::knet::bindings;
use crate::mip6::mn::AddrInfo;
use crate::mobile_node::MobileNode;
use core::ffi::c_void;
use kernel::error::to_result;
use kernel::prelude::*;
use kernel::types::ForeignOwnable;

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
        let flags = if active {
            bindings::MIP6_MN_RO_ACTIVE
        } else {
            0
        };
        // SAFETY: live namespace; `cn` points to 16 bytes, copied by the glue.
        unsafe { bindings::mip6_mn_ro_set(self.0, cn.as_ptr(), flags) };
    }

    pub(crate) fn ro_del(&self, cn: &[u8; 16]) {
        // SAFETY: live namespace; `cn` points to 16 bytes.
        unsafe { bindings::mip6_mn_ro_del(self.0, cn.as_ptr()) }
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
        // SAFETY: live namespace; each address points to 16 bytes, copied by the glue.
        unsafe {
            bindings::mip6_mn_dp_set(self.0, home.as_ptr(), ha.as_ptr(), coa.as_ptr(), oif, away)
        }
    }

    /// Whether the interface is up with carrier.
    pub(crate) fn link_ok(&self, ifindex: i32) -> bool {
        // SAFETY: live namespace.
        unsafe { bindings::mip6_mn_link_ok(self.0, ifindex) }
    }

    /// A neighbour (router) whose reachability failed since the last call, if any.
    pub(crate) fn take_failed(&self, addr: &mut [u8; 16]) -> bool {
        // SAFETY: live namespace; `addr` has room for 16 bytes.
        unsafe { bindings::mip6_mn_take_failed(self.0, addr.as_mut_ptr()) }
    }

    /// Runs the control plane again within `ms` milliseconds.
    pub(crate) fn schedule(&self, ms: u32) {
        // SAFETY: live namespace.
        unsafe { bindings::mip6_mn_schedule(self.0, ms) };
    }

    /// Tells the home link the home address is here again (unsolicited NA).
    pub(crate) fn announce(&self, ifindex: i32, home: &[u8; 16]) {
        // SAFETY: live namespace; `home` points to 16 bytes.
        unsafe { bindings::mip6_mn_announce(self.0, ifindex, home.as_ptr()) };
    }

    /// Creates the home tunnel device `name` (NUL-terminated) holding `home`/`plen`.
    pub(crate) fn tunnel_setup(&self, name: &[u8; 16], home: &[u8; 16], plen: u8) -> c_int {
        if !name.contains(&0) {
            return EINVAL.to_errno();
        }
        // SAFETY: live namespace; `name` is NUL-terminated (checked), `home` 16 bytes.
        unsafe { bindings::mip6_mn_tunnel_setup(self.0, name.as_ptr().cast(), home.as_ptr(), plen) }
    }

    /// Removes the tunnel, its routes and the data path's state.
    pub(crate) fn teardown(&self) {
        // SAFETY: live namespace.
        unsafe { bindings::mip6_mn_teardown(self.0) };
    }

    /// The last Router Advertisement the data path kept (its ICMPv6 bytes into `buf`):
    /// its length (0: none), with the interface and source filled in.
    pub(crate) fn take_ra(&self, buf: &mut [u8], ifindex: &mut i32, src: &mut [u8; 16]) -> usize {
        let max = u32::try_from(buf.len()).unwrap_or(u32::MAX);
        // SAFETY: live namespace; `buf` has room for `max` bytes, `src` for 16.
        let n = unsafe {
            bindings::mip6_mn_take_ra(self.0, buf.as_mut_ptr(), max, ifindex, src.as_mut_ptr())
        };
        usize::try_from(n).unwrap_or(0).min(buf.len())
    }

    /// The next event the data path saw about a correspondent (0: none), its address in
    /// `addr`.
    pub(crate) fn take_cn_event(&self, addr: &mut [u8; 16]) -> u32 {
        // SAFETY: live namespace; `addr` has room for 16 bytes.
        unsafe { bindings::mip6_mn_take_cn_event(self.0, addr.as_mut_ptr()) }
    }
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

// ---- entry points from the glue --------------------------------------------------------

/// # Safety
/// `rs` comes from [`mip6_rs_mn_new`] and is live for the call.
unsafe fn state<'a>(rs: *mut c_void) -> Pin<&'a MobileNode> {
    // SAFETY: per the caller's contract; freed only by the pernet exit after the work,
    // hooks and mip6_base's callbacks for the namespace are gone.
    unsafe { <Pin<KBox<MobileNode>> as ForeignOwnable>::borrow(rs) }
}

#[no_mangle]
extern "C" fn mip6_rs_mn_new() -> *mut c_void {
    match KBox::pin_init(MobileNode::new(), GFP_KERNEL) {
        Ok(b) => b.into_foreign(),
        Err(_) => core::ptr::null_mut(),
    }
}

/// # Safety
/// `rs` comes from [`mip6_rs_mn_new`] and is not used again.
#[no_mangle]
unsafe extern "C" fn mip6_rs_mn_free(rs: *mut c_void) {
    if !rs.is_null() {
        // SAFETY: the pointer `mip6_rs_mn_new` produced, handed back once.
        drop(unsafe { <Pin<KBox<MobileNode>> as ForeignOwnable>::from_foreign(rs) });
    }
}

/// # Safety
/// `rs` is the namespace's live state and `net` the live namespace.
#[no_mangle]
unsafe extern "C" fn mip6_rs_mn_run(rs: *mut c_void, net: *mut Net) -> u32 {
    if rs.is_null() {
        return 0;
    }
    // SAFETY: per this function's contract.
    // INVARIANT: `net` is live for the call.
    unsafe { state(rs) }.run(NetPtr(net))
}

/// # Safety
/// As for [`mip6_rs_mn_run`]; `pkt` is valid for `len` bytes.
#[no_mangle]
unsafe extern "C" fn mip6_rs_mn_rx_mh(rs: *mut c_void, net: *mut Net, pkt: *const u8, len: u32) {
    let Ok(len) = usize::try_from(len) else {
        return;
    };
    if rs.is_null() || pkt.is_null() {
        return;
    }
    // SAFETY: mip6_base passes the linear packet, valid for `len` bytes during the call.
    let pkt = unsafe { core::slice::from_raw_parts(pkt, len) };
    // SAFETY: per this function's contract.
    // INVARIANT: `net` is live for the call.
    unsafe { state(rs) }.rx_mh(NetPtr(net), pkt)
}

/// # Safety
/// As for [`mip6_rs_mn_run`]; `arg` is an untrusted user address.
#[no_mangle]
unsafe extern "C" fn mip6_rs_mn_ioctl(
    rs: *mut c_void,
    net: *mut Net,
    admin: bool,
    cmd: u32,
    arg: usize,
) -> c_int {
    if rs.is_null() {
        return ENODEV.to_errno();
    }
    // SAFETY: per this function's contract.
    // INVARIANT: `net` is live for the call.
    match unsafe { state(rs) }.ioctl(NetPtr(net), admin, cmd, arg) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// # Safety
/// As for [`mip6_rs_mn_run`].
#[no_mangle]
unsafe extern "C" fn mip6_rs_mn_stop(rs: *mut c_void, net: *mut Net) {
    if !rs.is_null() {
        // SAFETY: per this function's contract.
        // INVARIANT: `net` is live for the call.
        unsafe { state(rs) }.stop(NetPtr(net))
    }
}

crate::knet::check_exports!(
    mip6_rs_mn_new,
    mip6_rs_mn_free,
    mip6_rs_mn_run,
    mip6_rs_mn_rx_mh,
    mip6_rs_mn_ioctl,
    mip6_rs_mn_stop,
);

/// Registers the data path's C glue (pernet state, hooks, notifiers) until the returned guard
/// is dropped.
pub(crate) fn register_data_path() -> kernel::error::Result<GlueRegistration> {
    // SAFETY: the module's glue init/exit pair, registered once, from module init.
    unsafe { GlueRegistration::new(bindings::mip6_mn_glue_init, bindings::mip6_mn_glue_exit) }
}

/// The mobile node side of the namespace a receive hook runs in.
///
/// # Invariants
///
/// `self.0` is the live namespace of a running netfilter hook (valid for `'a`).
#[derive(Clone, Copy)]
pub(crate) struct MnHook<'a>(*mut Net, core::marker::PhantomData<&'a ()>);

impl<'a> MnHook<'a> {
    /// The namespace `pkt`'s hook runs in.
    pub(crate) fn of(pkt: &'a crate::knet::netfilter::HookPacket<'_>) -> Self {
        // INVARIANT: a hook's namespace lives while the hook runs; `pkt` is borrowed for
        // `'a`, which ends before the hook returns.
        MnHook(pkt.net_ptr(), core::marker::PhantomData)
    }

    /// What the data path knows of the mobile node; `None` when the namespace is no
    /// configured mobile node, or `pkt` came out of the home tunnel.
    pub(crate) fn view(
        self,
        pkt: &crate::knet::skb::Packet,
    ) -> Option<crate::mip6::mn_inbound::View> {
        let mut v = bindings::mip6_mn_view::default();
        // SAFETY: live namespace; `pkt` is a valid sk_buff; hooks run under RCU, as the
        // data path's state requires; `v` is a valid `mip6_mn_view`.
        let ok = unsafe { bindings::mip6_mn_view_get(self.0, pkt.as_raw(), &mut v) };
        ok.then_some(crate::mip6::mn_inbound::View {
            home: v.home,
            coa: v.coa,
            ha: v.ha,
            away: v.away,
        })
    }

    /// Whether the control plane already knows the correspondent `cn`.
    pub(crate) fn ro_known(self, cn: &[u8; 16]) -> bool {
        // SAFETY: live namespace; `cn` is 16 bytes; under RCU (hook).
        unsafe { bindings::mip6_mn_ro_known(self.0, cn.as_ptr()) }
    }

    /// Tells the control plane about correspondent `cn` (`cn_event::*`); dropped when
    /// its queue is full, and a traffic event at most once a second per correspondent.
    pub(crate) fn cn_event(self, cn: &[u8; 16], kind: u32) {
        // SAFETY: live namespace; `cn` is 16 bytes.
        unsafe { bindings::mip6_mn_cn_event(self.0, cn.as_ptr(), kind) };
    }

    /// Keeps the Router Advertisement `pkt` for movement detection.
    pub(crate) fn keep_ra(self, pkt: &crate::knet::skb::Packet) {
        // SAFETY: live namespace; `pkt` is a valid sk_buff, only read.
        unsafe { bindings::mip6_mn_keep_ra(self.0, pkt.as_raw()) };
    }
}

/// Takes the home tunnel's packet from netfilter and receives it (the outer header
/// removed) on the tunnel device, or on the link it came in on while there is none.
pub(crate) fn tunnel_receive(
    pkt: crate::knet::netfilter::HookPacket<'_>,
) -> crate::knet::netfilter::Verdict {
    // SAFETY: the hook's namespace is live and `pkt` a valid sk_buff; the device returned
    // is held (the tunnel device, whose unregistration waits for running hooks; or the
    // packet's own).
    let dev = unsafe { bindings::mip6_mn_tunnel_dev(pkt.net_ptr(), pkt.as_raw()) };
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
        // SAFETY: valid device (type invariant); a device's namespace outlives it.
        // INVARIANT: the namespace lives at least as long as the borrow of `self`.
        DataPath(
            unsafe { bindings::knet_dev_net(self.0) },
            core::marker::PhantomData,
        )
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

/// The mobile node's namespace as its data path sees it, for `'a`.
///
/// # Invariants
///
/// `self.0` is a live namespace for `'a` (a running hook's, or a device's).
#[derive(Clone, Copy)]
pub(crate) struct DataPath<'a>(*mut Net, core::marker::PhantomData<&'a ()>);

impl DataPath<'_> {
    pub(crate) fn as_ptr(self) -> *mut Net {
        self.0
    }

    /// What the data path knows of the mobile node (`None`: not configured). Called
    /// under RCU (a device's transmit runs under rcu_read_lock_bh).
    pub(crate) fn view(self) -> Option<(crate::mip6::mn_inbound::View, i32)> {
        let mut v = bindings::mip6_mn_view::default();
        // SAFETY: live namespace (type invariant); `v` is a valid `mip6_mn_view`; RCU held.
        let ok = unsafe { bindings::mip6_mn_view_of(self.0, &mut v) };
        ok.then_some((
            crate::mip6::mn_inbound::View {
                home: v.home,
                coa: v.coa,
                ha: v.ha,
                away: v.away,
            },
            v.oif,
        ))
    }

    /// Whether packets to `cn` go route-optimised (under RCU).
    pub(crate) fn route_optimised(self, cn: &[u8; 16]) -> bool {
        // SAFETY: live namespace; `cn` is 16 bytes; RCU held.
        unsafe { bindings::mip6_mn_ro_active(self.0, cn.as_ptr()) }
    }

    /// Whether `dst` goes out of the home tunnel device (a packet meant for the link of
    /// the care-of address must not loop back into the tunnel).
    pub(crate) fn into_tunnel(self, dst: &crate::knet::route::Dst) -> bool {
        // SAFETY: `dev_ptr` is the route's device, valid while `dst` is held; only its
        // ops pointer is compared.
        unsafe { bindings::mip6_mn_is_tnl(dst.dev_ptr()) }
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

/// mip6_mn's C glue (per-namespace state, hooks, notifiers), registered while this guard
/// lives.
pub(crate) struct GlueRegistration(unsafe extern "C" fn());

impl GlueRegistration {
    /// Calls `init`; `exit` undoes it when the guard is dropped.
    ///
    /// # Safety
    /// `init` and `exit` are the module's glue pair, `init` called once from module init.
    pub(crate) unsafe fn new(
        init: unsafe extern "C" fn() -> c_int,
        exit: unsafe extern "C" fn(),
    ) -> Result<Self> {
        // SAFETY: per this function's contract; mip6_base is loaded (module dependency).
        to_result(unsafe { init() })?;
        Ok(GlueRegistration(exit))
    }
}

impl Drop for GlueRegistration {
    fn drop(&mut self) {
        // SAFETY: `new` ran the matching init successfully, so exit runs exactly once.
        unsafe { (self.0)() };
    }
}
