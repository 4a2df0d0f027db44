//! `/dev/mipv6_dev`: open it and speak the ioctl ABI of `mip6::abi`.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::AsRawFd;

use mip6::abi;

use crate::keys;

/// Where udev/devtmpfs creates the misc device.
pub const DEVICE: &str = "/dev/mipv6_dev";

/// The first ioctl ABI with binding policies (`MIPV6_IOC_*_POLICY`).
const POLICY_ABI: u32 = 2;

/// An error with the one-line explanation a user needs.
#[derive(Debug)]
pub struct DiagError(pub String);

impl std::fmt::Display for DiagError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The MIPL message for a refused privileged request.
pub const NOT_ROOT: &str =
    "You must be root (uid = 0) to do this (CAP_NET_ADMIN over the network namespace).";

fn explain(what: &str, err: io::Error) -> DiagError {
    let msg = match err.raw_os_error() {
        Some(libc::ENOENT) | Some(libc::ENXIO) | Some(libc::ENODEV) => {
            format!("Could not open {DEVICE}: {err}. Is module mip6_base loaded?")
        }
        Some(libc::EACCES) => format!("Could not open {DEVICE}: permission denied. {NOT_ROOT}"),
        Some(libc::EPERM) => format!("{what}: {NOT_ROOT}"),
        Some(libc::ENOTTY) => {
            format!("{what}: not supported by the loaded mip6_base (update the modules)")
        }
        _ => format!("{what}: {err}"),
    };
    DiagError(msg)
}

/// An open `/dev/mipv6_dev`, bound to the caller's network namespace.
pub struct Device(File);

impl Device {
    /// Opens the device read-write (the kernel checks privileges per request).
    pub fn open() -> Result<Device, DiagError> {
        OpenOptions::new()
            .read(true)
            .write(true)
            .open(DEVICE)
            .map(Device)
            .map_err(|e| explain("open", e))
    }

    fn ioctl_raw(&self, cmd: u32, buf: &mut [u8]) -> io::Result<()> {
        // SAFETY: `buf` is valid for writes and reads of its whole length, which is the size
        // encoded in `cmd` (every command below passes a buffer of exactly that size).
        let rc = unsafe { libc::ioctl(self.0.as_raw_fd(), cmd as _, buf.as_mut_ptr()) };
        if rc < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    fn ioctl(&self, what: &str, cmd: u32, buf: &mut [u8]) -> Result<(), DiagError> {
        self.ioctl_raw(cmd, buf).map_err(|e| explain(what, e))
    }

    /// A table dump (`struct mipv6_dump`): the records of `size` bytes each, all of them
    /// (asks again with a larger buffer if the table grew between the two calls).
    fn dump(&self, cmd: u32, size: usize) -> io::Result<Vec<u8>> {
        let mut cap = 64usize;
        loop {
            // The kernel writes at most `max` records of `size` bytes to `buf`: this vector.
            let mut records = vec![0u8; cap * size];
            let req = abi::DumpRequest {
                buf: records.as_mut_ptr() as u64,
                max: cap as u32,
                count: 0,
            };
            let mut raw = req.to_bytes();
            self.ioctl_raw(cmd, &mut raw)?;
            let count = abi::DumpRequest::from_bytes(&raw).count as usize;
            if count <= cap {
                records.truncate(count * size);
                return Ok(records);
            }
            cap = count + count / 4 + 1;
        }
    }

    /// `MIPV6_IOC_GET_VERSION`.
    pub fn version(&self) -> Result<abi::Version, DiagError> {
        let mut buf = [0u8; abi::Version::SIZE];
        self.ioctl("get version", abi::IOC_GET_VERSION, &mut buf)?;
        Ok(abi::Version::from_bytes(&buf))
    }

    /// `MIPV6_IOC_GET_ROLE`.
    pub fn role(&self) -> Result<u32, DiagError> {
        let mut buf = [0u8; 4];
        self.ioctl("get role", abi::IOC_GET_ROLE, &mut buf)?;
        Ok(u32::from_ne_bytes(buf))
    }

    /// `MIPV6_IOC_GET_STATS`: the namespace's counters, in [`abi::STAT_NAMES`] order.
    pub fn stats(&self) -> Result<Vec<u64>, DiagError> {
        let mut buf = [0u8; abi::STATS_SIZE];
        self.ioctl("get statistics", abi::IOC_GET_STATS, &mut buf)?;
        Ok(buf
            .chunks_exact(8)
            .map(|c| u64::from_ne_bytes(c.try_into().unwrap_or([0; 8])))
            .collect())
    }

    /// `MIPV6_IOC_GET_BCACHE`: every binding.
    pub fn bcache(&self) -> Result<Vec<abi::BcacheEntry>, DiagError> {
        let raw = self
            .dump(abi::IOC_GET_BCACHE, abi::BcacheEntry::SIZE)
            .map_err(|e| explain("get binding cache", e))?;
        Ok(raw
            .chunks_exact(abi::BcacheEntry::SIZE)
            .map(|c| {
                abi::BcacheEntry::from_bytes(c.try_into().unwrap_or(&[0; abi::BcacheEntry::SIZE]))
            })
            .collect())
    }

    /// `MIPV6_IOC_GET_POLICY`: every binding policy entry (never a key).
    pub fn policy(&self) -> Result<Vec<abi::PolicyEntry>, DiagError> {
        let what = "get binding policy";
        let raw = self
            .dump(abi::IOC_GET_POLICY, abi::PolicyEntry::SIZE)
            .map_err(|e| self.policy_error(what, e))?;
        Ok(raw
            .chunks_exact(abi::PolicyEntry::SIZE)
            .map(|c| {
                abi::PolicyEntry::from_bytes(c.try_into().unwrap_or(&[0; abi::PolicyEntry::SIZE]))
            })
            .collect())
    }

    /// `MIPV6_IOC_SET_POLICY`: add or replace the entry for its prefix/plen.
    pub fn set_policy(&self, p: &abi::Policy) -> Result<(), DiagError> {
        let mut buf = p.to_bytes();
        let rc = self.ioctl_raw(abi::IOC_SET_POLICY, &mut buf);
        keys::wipe(&mut buf);
        let what = "set binding policy";
        rc.map_err(|e| match e.raw_os_error() {
            Some(libc::ENOSPC) => DiagError(format!(
                "{what}: the namespace's binding policy is full ({} entries)",
                abi::POLICY_MAX
            )),
            _ => self.policy_error(what, e),
        })
    }

    /// `MIPV6_IOC_DEL_POLICY`: delete the entry for prefix/plen; `Ok(false)` if there is none.
    pub fn del_policy(&self, prefix: &[u8; 16], plen: u8) -> Result<bool, DiagError> {
        let mut buf = abi::Policy {
            prefix: *prefix,
            plen,
            ..Default::default()
        }
        .to_bytes();
        match self.ioctl_raw(abi::IOC_DEL_POLICY, &mut buf) {
            Ok(()) => Ok(true),
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => Ok(false),
            Err(e) => Err(self.policy_error("delete binding policy entry", e)),
        }
    }

    /// A refused policy request. ENOTTY or EINVAL from a module older than ABI 2 (which
    /// knows no policy ioctls) says so.
    fn policy_error(&self, what: &str, e: io::Error) -> DiagError {
        let errno = e.raw_os_error();
        if errno != Some(libc::ENOTTY) && errno != Some(libc::EINVAL) {
            return explain(what, e);
        }
        match self.version() {
            Ok(v) if v.abi < POLICY_ABI => DiagError(format!(
                "{what}: the loaded mip6_base is too old for binding policies (ioctl ABI {} < {POLICY_ABI}): update the modules",
                v.abi
            )),
            _ if errno == Some(libc::EINVAL) => DiagError(format!("{what}: the kernel refused the entry as invalid")),
            _ => explain(what, e),
        }
    }

    /// `MIPV6_IOC_MN_GET_INFO`: the mobile node's home registration.
    pub fn mn_info(&self) -> Result<abi::MnInfo, DiagError> {
        let mut buf = [0u8; abi::MnInfo::SIZE];
        self.ioctl("get mobile node state", abi::IOC_MN_GET_INFO, &mut buf)
            .map_err(not_mn)?;
        Ok(abi::MnInfo::from_bytes(&buf))
    }

    /// `MIPV6_IOC_MN_GET_CNS`: the correspondents of the Binding Update List.
    pub fn mn_cns(&self) -> Result<abi::MnCns, DiagError> {
        let mut buf = [0u8; abi::MnCns::SIZE];
        self.ioctl("get correspondents", abi::IOC_MN_GET_CNS, &mut buf)
            .map_err(not_mn)?;
        Ok(abi::MnCns::from_bytes(&buf))
    }

    /// `MIPV6_IOC_MN_SET_HOME`.
    pub fn mn_set_home(&self, h: &abi::MnHome) -> Result<(), DiagError> {
        let mut buf = h.to_bytes();
        self.ioctl("set home address", abi::IOC_MN_SET_HOME, &mut buf).map_err(|e| {
            if e.0.contains("Operation not supported") {
                DiagError("set home address: this namespace is not a mobile node (mipdiag -r mn)".into())
            } else if e.0.contains("busy") {
                DiagError("set home address: already configured (mobile-ip6 restart to change it)".into())
            } else if e.0.contains("Invalid argument") {
                DiagError("set home address: refused (the home prefix must be a /64, addresses unicast)".into())
            } else {
                not_mn(e)
            }
        })
    }

    /// `MIPV6_IOC_SET_ROLE`.
    pub fn set_role(&self, role: abi::Role) -> Result<(), DiagError> {
        let mut buf = (role as u32).to_ne_bytes();
        self.ioctl("set role", abi::IOC_SET_ROLE, &mut buf)
            .map_err(|e| {
                if e.0.contains("Operation not supported") {
                    DiagError(format!(
                        "set role {}: module {} is not loaded",
                        role.name(),
                        role.module()
                    ))
                } else {
                    e
                }
            })
    }
}

/// ENOTTY from the mobile node ioctls means mip6_mn is not loaded.
fn not_mn(e: DiagError) -> DiagError {
    if e.0.contains("not supported by the loaded mip6_base") {
        DiagError("this needs the mobile node module: is mip6_mn loaded?".into())
    } else {
        e
    }
}
