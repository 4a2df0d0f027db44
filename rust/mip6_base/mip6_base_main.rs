// SPDX-License-Identifier: GPL-2.0
//! mip6_base: Mobile IPv6 (RFC 6275) core and correspondent node.
//!
//! Owns `/dev/mipv6_dev`, the per-namespace `net.ipv6.mobility` sysctls and the role
//! registry that `mip6_mn` and `mip6_ha` plug into.

use kernel::{
    fs::File,
    miscdevice::{MiscDevice, MiscDeviceOptions, MiscDeviceRegistration},
    prelude::*,
    uaccess::{UserPtr, UserSlice},
};

// The core is a library shared by three modules and mipdiag, included by path. It is
// public here, as it is in its host crate, so the kernel's lints (missing_docs,
// unreachable_pub, dead_code for what is private) apply to it as to a library. The price:
// each module carries the whole core, what it does not call included.
#[path = "../mip6/src/lib.rs"]
pub mod mip6;

// The layer serves every module; this one does not use all of it.
#[path = "../knet/mod.rs"]
#[allow(dead_code, unused_imports, unused_macros)]
mod knet;

#[path = "../knet/glue/base.rs"]
mod glue;

#[path = "../knet/glue/base_entry.rs"]
mod glue_entry;

#[path = "../knet/glue/crypto.rs"]
mod glue_auth;

mod cn_receive;
mod cn_send;
mod namespace;
mod netstate;
mod roles;

use mip6::abi;

module! {
    type: Mip6Base,
    name: "mip6_base",
    authors: ["mip6 developers"],
    description: "Mobile IPv6 (RFC 6275) core and correspondent node",
    license: "GPL",
    params: {
        mipv6_debug: i32 {
            default: 1,
            description: "Debug level 0-7: initial net.ipv6.mobility.debuglevel of every namespace",
        },
    },
}

#[pin_data(PinnedDrop)]
struct Mip6Base {
    // Dropped first: no ioctl can reach the pernet state once it is gone.
    #[pin]
    _dev: MiscDeviceRegistration<MipDev>,
    _pernet: Pin<KBox<knet::pernet::Pernet<namespace::BaseState>>>,
}

impl kernel::InPlaceModule for Mip6Base {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        let debug = module_parameters::mipv6_debug.value();
        namespace::DEBUGLEVEL_DEFAULT.store(debug, core::sync::atomic::Ordering::Relaxed);
        try_pin_init!(Self {
            _pernet: knet::pernet::Pernet::register()?,
            _dev <- MiscDeviceRegistration::register(MiscDeviceOptions { name: c"mipv6_dev" }),
        })
        .pin_chain(|_| {
            pr_info!(
                "mip6 Mobile IPv6 for Linux Correspondent Node v{} (RFC 6275)\n",
                abi::RELEASE
            );
            Ok(())
        })
    }
}

#[pinned_drop]
impl PinnedDrop for Mip6Base {
    fn drop(self: Pin<&mut Self>) {
        pr_info!("mip6 Mobile IPv6 for Linux Correspondent Node unloaded\n");
    }
}

/// One open file of `/dev/mipv6_dev`: bound to the opener's network namespace, like a
/// netlink socket, so `ip netns exec X mipdiag` configures namespace X.
struct MipDev {
    net: glue::NetRef,
}

#[vtable]
impl MiscDevice for MipDev {
    type Ptr = KBox<Self>;

    fn open(_file: &File, _misc: &MiscDeviceRegistration<Self>) -> Result<KBox<Self>> {
        Ok(KBox::new(
            MipDev {
                net: glue::NetRef::current(),
            },
            GFP_KERNEL,
        )?)
    }

    fn ioctl(me: &MipDev, _file: &File, cmd: u32, arg: usize) -> Result<isize> {
        me.dispatch(cmd, arg)
    }

    #[cfg(CONFIG_COMPAT)]
    fn compat_ioctl(me: &MipDev, _file: &File, cmd: u32, arg: usize) -> Result<isize> {
        // Every structure has a fixed layout, so 32-bit callers use the same numbers.
        me.dispatch(cmd, arg)
    }
}

impl MipDev {
    fn state(&self) -> Result<&netstate::NetState> {
        netstate::NetState::of(&self.net).ok_or(ENODEV)
    }

    fn dispatch(&self, cmd: u32, arg: usize) -> Result<isize> {
        let user = UserPtr::from_addr(arg);
        match cmd {
            abi::IOC_GET_VERSION => {
                let v = abi::Version::new(abi::ABI_VERSION, glue::roles_loaded(), abi::RELEASE);
                UserSlice::new(user, abi::Version::SIZE)
                    .writer()
                    .write_slice(&v.to_bytes())?;
            }
            abi::IOC_GET_ROLE => {
                UserSlice::new(user, 4)
                    .writer()
                    .write_slice(&self.net.role().to_ne_bytes())?;
            }
            abi::IOC_SET_ROLE => {
                if !self.net.admin_capable() {
                    return Err(EPERM);
                }
                let role: u32 = UserSlice::new(user, 4).reader().read()?;
                if abi::Role::from_u32(role).is_none() {
                    return Err(EINVAL);
                }
                let old = self.net.role();
                self.net.set_role(role)?;
                if old == abi::Role::Mn as u32 && role != old {
                    self.net.borrow().mn_stop();
                }
                if old == abi::Role::Ha as u32 && role != old {
                    self.state()?.end_home_registrations(&self.net.borrow());
                }
            }
            abi::IOC_GET_STATS => {
                let stats = self.state()?.stats(&self.net.borrow());
                let mut w = UserSlice::new(user, abi::STATS_SIZE).writer();
                for c in stats {
                    w.write_slice(&c.to_ne_bytes())?;
                }
            }
            abi::IOC_GET_BCACHE => {
                let state = self.state()?;
                dump::<{ abi::BcacheEntry::SIZE }>(user, |emit| {
                    state.for_each_binding(|e| emit(e.to_bytes()))
                })?;
            }
            abi::IOC_SET_POLICY | abi::IOC_DEL_POLICY => {
                if !self.net.admin_capable() {
                    return Err(EPERM);
                }
                let mut raw = [0u8; abi::Policy::SIZE];
                let read = UserSlice::new(user, abi::Policy::SIZE)
                    .reader()
                    .read_slice(&mut raw);
                let p = abi::Policy::from_bytes(&raw);
                glue_auth::wipe(&mut raw);
                read?;
                let state = self.state()?;
                if cmd == abi::IOC_DEL_POLICY {
                    if p.plen > 128 {
                        return Err(EINVAL);
                    }
                    state.policy_del(&p.prefix, p.plen)?;
                } else {
                    let mut p = p;
                    let r = p.validated();
                    glue_auth::wipe(&mut p.key);
                    let mut v = r.map_err(|_| EINVAL)?;
                    let set = state.policy_set(v);
                    glue_auth::wipe(&mut v.key);
                    set?;
                }
            }
            abi::IOC_GET_POLICY => {
                let state = self.state()?;
                dump::<{ abi::PolicyEntry::SIZE }>(user, |emit| {
                    state.for_each_policy(|e| emit(e.to_bytes()))
                })?;
            }
            // The mobile node's ioctls (home address, binding update list) live in mip6_mn.
            _ => self
                .net
                .borrow()
                .mn_ioctl(self.net.admin_capable(), cmd, arg)?,
        }
        Ok(0)
    }
}

/// A table dump ([`abi::DumpRequest`]): `walk` hands each record of `N` bytes to its
/// argument and returns how many the table holds; at most `max` of them reach the
/// caller's buffer, and `count` tells the caller how many there are.
fn dump<const N: usize>(
    user: UserPtr,
    walk: impl FnOnce(&mut dyn FnMut([u8; N]) -> Result) -> Result<usize>,
) -> Result {
    let (mut r, mut w) = UserSlice::new(user, abi::DumpRequest::SIZE).reader_writer();
    let mut raw = [0u8; abi::DumpRequest::SIZE];
    r.read_slice(&mut raw)?;
    let mut req = abi::DumpRequest::from_bytes(&raw);
    let max = usize::try_from(req.max).map_err(|_| EINVAL)?;
    let len = max.checked_mul(N).ok_or(EINVAL)?;
    let buf = usize::try_from(req.buf).map_err(|_| EFAULT)?;
    let mut out = UserSlice::new(UserPtr::from_addr(buf), len).writer();
    let mut written = 0usize;
    let total = walk(&mut |record| {
        if written < max {
            out.write_slice(&record)?;
            written += 1;
        }
        Ok(())
    })?;
    req.count = u32::try_from(total).unwrap_or(u32::MAX);
    w.write_slice(&req.to_bytes())
}
