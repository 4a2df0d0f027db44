//! The `/dev/mipv6_dev` ioctl ABI, mirrored by `include/uapi/linux/mipv6.h`.
//!
//! Every structure has a fixed size and layout on 32- and 64-bit kernels (MIPL encoded
//! `sizeof(void *)` into its ioctl numbers; we do not). Structures travel as native-endian
//! byte arrays so neither side needs `unsafe` to move them across the user boundary.

/// ABI version reported by `MIPV6_IOC_GET_VERSION`; bumped on incompatible changes.
pub const ABI_VERSION: u32 = 2;
/// Release of the modules and of mipdiag.
pub const RELEASE: &str = "0.1.0";

/// ioctl "type" byte: 0xF9, MIPL's historical character-device major (249).
pub const IOC_TYPE: u32 = 0xF9;

const IOC_NRBITS: u32 = 8;
const IOC_TYPEBITS: u32 = 8;
const IOC_SIZEBITS: u32 = 14;
const IOC_NRSHIFT: u32 = 0;
const IOC_TYPESHIFT: u32 = IOC_NRSHIFT + IOC_NRBITS;
const IOC_SIZESHIFT: u32 = IOC_TYPESHIFT + IOC_TYPEBITS;
const IOC_DIRSHIFT: u32 = IOC_SIZESHIFT + IOC_SIZEBITS;
const IOC_WRITE: u32 = 1;
const IOC_READ: u32 = 2;

/// `_IOC(dir, type, nr, size)` as the generic (x86, arm, riscv) Linux encoding defines it.
pub const fn ioc(dir: u32, nr: u32, size: usize) -> u32 {
    (dir << IOC_DIRSHIFT)
        | (IOC_TYPE << IOC_TYPESHIFT)
        | (nr << IOC_NRSHIFT)
        | ((size as u32) << IOC_SIZESHIFT)
}
/// `_IOR(IOC_TYPE, nr, size)`: the kernel writes `size` bytes to userspace.
pub const fn ior(nr: u32, size: usize) -> u32 {
    ioc(IOC_READ, nr, size)
}
/// `_IOW(IOC_TYPE, nr, size)`: the kernel reads `size` bytes from userspace.
pub const fn iow(nr: u32, size: usize) -> u32 {
    ioc(IOC_WRITE, nr, size)
}

/// Length of the NUL-padded release string in [`Version`].
pub const VERSION_STR_LEN: usize = 32;

/// `struct mipv6_version`: answer of [`IOC_GET_VERSION`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version {
    /// [`ABI_VERSION`] of the running module.
    pub abi: u32,
    /// Bit `1 << role` set for each role module loaded (see [`Role`]); CN is always there.
    pub roles_loaded: u32,
    /// Release string, NUL-padded.
    pub release: [u8; VERSION_STR_LEN],
}

impl Version {
    /// Size on the wire of the ioctl.
    pub const SIZE: usize = 8 + VERSION_STR_LEN;

    /// A version record for `release` (truncated to 31 bytes, always NUL-terminated).
    pub fn new(abi: u32, roles_loaded: u32, release: &str) -> Self {
        let mut buf = [0u8; VERSION_STR_LEN];
        for (dst, src) in buf
            .iter_mut()
            .zip(release.as_bytes().iter().take(VERSION_STR_LEN - 1))
        {
            *dst = *src;
        }
        Version {
            abi,
            roles_loaded,
            release: buf,
        }
    }

    /// Native-endian bytes, the layout of `struct mipv6_version`.
    pub fn to_bytes(&self) -> [u8; Self::SIZE] {
        let mut out = [0u8; Self::SIZE];
        out[0..4].copy_from_slice(&self.abi.to_ne_bytes());
        out[4..8].copy_from_slice(&self.roles_loaded.to_ne_bytes());
        out[8..].copy_from_slice(&self.release);
        out
    }

    /// Inverse of [`Version::to_bytes`].
    pub fn from_bytes(b: &[u8; Self::SIZE]) -> Self {
        let mut release = [0u8; VERSION_STR_LEN];
        release.copy_from_slice(&b[8..]);
        Version {
            abi: u32::from_ne_bytes([b[0], b[1], b[2], b[3]]),
            roles_loaded: u32::from_ne_bytes([b[4], b[5], b[6], b[7]]),
            release,
        }
    }

    /// The release string up to its first NUL (empty if it is not UTF-8).
    pub fn release_str(&self) -> &str {
        let end = self
            .release
            .iter()
            .position(|&c| c == 0)
            .unwrap_or(VERSION_STR_LEN);
        core::str::from_utf8(&self.release[..end]).unwrap_or("")
    }
}

/// The Mobile IPv6 role a network namespace plays. HA and MN include the CN functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Role {
    /// Correspondent node (every namespace while `mip6_base` is loaded).
    Cn = 0,
    /// Mobile node (`mip6_mn`).
    Mn = 1,
    /// Home agent (`mip6_ha`).
    Ha = 2,
}

impl Role {
    /// Role from its ABI number.
    pub fn from_u32(v: u32) -> Option<Role> {
        match v {
            0 => Some(Role::Cn),
            1 => Some(Role::Mn),
            2 => Some(Role::Ha),
            _ => None,
        }
    }
    /// MIPL's FUNCTIONALITY spelling: `cn`, `mn`, `ha`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Cn => "cn",
            Role::Mn => "mn",
            Role::Ha => "ha",
        }
    }
    /// Parse MIPL's FUNCTIONALITY spelling (case-insensitive).
    pub fn from_name(s: &str) -> Option<Role> {
        [Role::Cn, Role::Mn, Role::Ha]
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(s))
    }
    /// The module that provides this role.
    pub fn module(self) -> &'static str {
        match self {
            Role::Cn => "mip6_base",
            Role::Mn => "mip6_mn",
            Role::Ha => "mip6_ha",
        }
    }
}

/// `_IOWR(IOC_TYPE, nr, size)`: the kernel reads and writes `size` bytes.
pub const fn iowr(nr: u32, size: usize) -> u32 {
    ioc(IOC_READ | IOC_WRITE, nr, size)
}

/// The statistics counters of `mipdiag -s`, in MIPL 1.0's order and spelling.
pub const STAT_NAMES: [&str; 29] = [
    "NEncapsulations",
    "NDecapsulations",
    "NBindRefreshRqsRcvd",
    "NHomeTestInitsRcvd",
    "NCareofTestInitsRcvd",
    "NHomeTestsRcvd",
    "NCareofTestsRcvd",
    "NBindUpdatesRcvd",
    "NBindAcksRcvd",
    "NBindNAcksRcvd",
    "NBindErrorsRcvd",
    "NBindRefreshRqsSent",
    "NHomeTestInitsSent",
    "NCareofTestInitsSent",
    "NHomeTestsSent",
    "NCareofTestsSent",
    "NBindUpdatesSent",
    "NBindAcksSent",
    "NBindNAcksSent",
    "NBindErrorsSent",
    "NBindUpdatesDropAuth",
    "NBindUpdatesDropInvalid",
    "NBindUpdatesDropMisc",
    "NBindAcksDropAuth",
    "NBindAcksDropInvalid",
    "NBindAcksDropMisc",
    "NBindRqsDropAuth",
    "NBindRqsDropInvalid",
    "NBindRqsDropMisc",
];

/// Index of each counter in [`STAT_NAMES`] and `struct mipv6_stats`.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum Stat {
    Encapsulations = 0,
    Decapsulations,
    BindRefreshRqsRcvd,
    HomeTestInitsRcvd,
    CareofTestInitsRcvd,
    HomeTestsRcvd,
    CareofTestsRcvd,
    BindUpdatesRcvd,
    BindAcksRcvd,
    BindNAcksRcvd,
    BindErrorsRcvd,
    BindRefreshRqsSent,
    HomeTestInitsSent,
    CareofTestInitsSent,
    HomeTestsSent,
    CareofTestsSent,
    BindUpdatesSent,
    BindAcksSent,
    BindNAcksSent,
    BindErrorsSent,
    BindUpdatesDropAuth,
    BindUpdatesDropInvalid,
    BindUpdatesDropMisc,
    BindAcksDropAuth,
    BindAcksDropInvalid,
    BindAcksDropMisc,
    BindRqsDropAuth,
    BindRqsDropInvalid,
    BindRqsDropMisc,
}

/// Counter slots in `struct mipv6_stats` (room to grow without an ABI change).
pub const STATS_SLOTS: usize = 32;
/// `struct mipv6_stats { __u64 counter[32]; }`.
pub const STATS_SIZE: usize = STATS_SLOTS * 8;

/// Binding cache entry types shown in `mipdiag -c`'s Type column.
pub mod bcache_type {
    /// Correspondent registration (route optimisation).
    pub const CORRESPONDENT: u8 = 1;
    /// Home registration (this node is the mobile node's home agent).
    pub const HOME_REGISTRATION: u8 = 2;
}

/// `struct mipv6_bcache_entry`: one binding in a `MIPV6_IOC_GET_BCACHE` dump.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct BcacheEntry {
    /// Home address.
    pub home: [u8; 16],
    /// Care-of address.
    pub coa: [u8; 16],
    /// Seconds until the binding expires.
    pub lifetime_left: u32,
    /// Last accepted sequence number.
    pub seq: u16,
    /// [`bcache_type`].
    pub kind: u8,
    /// Reserved, zero.
    pub flags: u8,
}

impl BcacheEntry {
    /// Size of the structure.
    pub const SIZE: usize = 40;
    /// Native-endian bytes.
    pub fn to_bytes(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        b[0..16].copy_from_slice(&self.home);
        b[16..32].copy_from_slice(&self.coa);
        b[32..36].copy_from_slice(&self.lifetime_left.to_ne_bytes());
        b[36..38].copy_from_slice(&self.seq.to_ne_bytes());
        b[38] = self.kind;
        b[39] = self.flags;
        b
    }
    /// Inverse of [`BcacheEntry::to_bytes`].
    pub fn from_bytes(b: &[u8; Self::SIZE]) -> Self {
        let mut home = [0u8; 16];
        let mut coa = [0u8; 16];
        home.copy_from_slice(&b[0..16]);
        coa.copy_from_slice(&b[16..32]);
        BcacheEntry {
            home,
            coa,
            lifetime_left: u32::from_ne_bytes([b[32], b[33], b[34], b[35]]),
            seq: u16::from_ne_bytes([b[36], b[37]]),
            kind: b[38],
            flags: b[39],
        }
    }
}

/// `struct mipv6_dump { __u64 buf; __u32 max; __u32 count; }`: a table dump request.
/// `buf` is a user pointer to `max` entries; the kernel fills at most `max` and stores the
/// number of entries that exist in `count` (so `count > max` means "call again, larger").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct DumpRequest {
    /// User address of the entry array.
    pub buf: u64,
    /// Capacity of the array, in entries.
    pub max: u32,
    /// Out: entries in the table.
    pub count: u32,
}

impl DumpRequest {
    /// Size of the structure.
    pub const SIZE: usize = 16;
    /// Native-endian bytes.
    pub fn to_bytes(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        b[0..8].copy_from_slice(&self.buf.to_ne_bytes());
        b[8..12].copy_from_slice(&self.max.to_ne_bytes());
        b[12..16].copy_from_slice(&self.count.to_ne_bytes());
        b
    }
    /// Inverse of [`DumpRequest::to_bytes`].
    pub fn from_bytes(b: &[u8; Self::SIZE]) -> Self {
        DumpRequest {
            buf: u64::from_ne_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
            max: u32::from_ne_bytes([b[8], b[9], b[10], b[11]]),
            count: u32::from_ne_bytes([b[12], b[13], b[14], b[15]]),
        }
    }
}

/// `MIPV6_IOC_GET_VERSION`: read a [`Version`]. Allowed to anyone who can open the device.
pub const IOC_GET_VERSION: u32 = ior(0, Version::SIZE);
/// `MIPV6_IOC_GET_ROLE`: read the caller's namespace role as a `__u32` ([`Role`]).
pub const IOC_GET_ROLE: u32 = ior(1, 4);
/// `MIPV6_IOC_SET_ROLE`: set the namespace role from a `__u32`. Needs CAP_NET_ADMIN over
/// the namespace (in its owning user namespace); EOPNOTSUPP if the role's module is not
/// loaded, EINVAL for an unknown role.
pub const IOC_SET_ROLE: u32 = iow(2, 4);
/// `MIPV6_IOC_GET_STATS`: read `struct mipv6_stats` (the namespace's counters).
pub const IOC_GET_STATS: u32 = ior(3, STATS_SIZE);
/// `MIPV6_IOC_GET_BCACHE`: dump the binding cache ([`DumpRequest`] of [`BcacheEntry`]).
pub const IOC_GET_BCACHE: u32 = iowr(4, DumpRequest::SIZE);

/// `struct mipv6_mn_home`: [`IOC_MN_SET_HOME`] (`mipdiag -i IF -h ADDR/PLEN -H ADDR/PLEN`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct MnHome {
    /// Home tunnel device to create or use (NUL-padded), e.g. `mip6mnha1`.
    pub ifname: [u8; 16],
    /// Home address.
    pub home: [u8; 16],
    /// Home agent address.
    pub ha: [u8; 16],
    /// Home prefix length.
    pub home_plen: u8,
    /// Home agent prefix length.
    pub ha_plen: u8,
}

impl MnHome {
    /// Size of the structure.
    pub const SIZE: usize = 52;
    /// Native-endian bytes.
    pub fn to_bytes(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        b[0..16].copy_from_slice(&self.ifname);
        b[16..32].copy_from_slice(&self.home);
        b[32..48].copy_from_slice(&self.ha);
        b[48] = self.home_plen;
        b[49] = self.ha_plen;
        b
    }
    /// Inverse of [`MnHome::to_bytes`].
    pub fn from_bytes(b: &[u8; Self::SIZE]) -> Self {
        let mut m = MnHome {
            home_plen: b[48],
            ha_plen: b[49],
            ..Default::default()
        };
        m.ifname.copy_from_slice(&b[0..16]);
        m.home.copy_from_slice(&b[16..32]);
        m.ha.copy_from_slice(&b[32..48]);
        m
    }
    /// The interface name up to its first NUL, if it is non-empty UTF-8 and NUL-terminated.
    pub fn ifname_str(&self) -> Option<&str> {
        let end = self.ifname.iter().position(|&c| c == 0)?;
        core::str::from_utf8(self.ifname.get(..end)?)
            .ok()
            .filter(|s| !s.is_empty())
    }
}

/// Binding Update List entry states in [`MnInfo::state`] (`mipdiag -l` "state:").
pub mod bul_state {
    /// Nothing sent (at home, or not configured).
    pub const IDLE: u8 = 0;
    /// A Binding Update is waiting for its acknowledgement.
    pub const WAIT_ACK: u8 = 1;
    /// Registered.
    pub const BOUND: u8 = 2;
    /// Refused by the home agent (see [`super::MnInfo::status`]); for a correspondent:
    /// route optimisation declined or failed, the home tunnel is used.
    pub const FAILED: u8 = 3;
    /// Correspondent: return routability (Home Test / Care-of Test) in progress.
    pub const RR: u8 = 4;
}

/// `struct mipv6_mn_info`: [`IOC_MN_GET_INFO`], the mobile node's home registration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct MnInfo {
    /// Home address.
    pub home: [u8; 16],
    /// Home agent.
    pub ha: [u8; 16],
    /// Care-of address registered or being registered (zero at home).
    pub coa: [u8; 16],
    /// Home tunnel device.
    pub tnl_ifindex: u32,
    /// Interface of the current link.
    pub link_ifindex: u32,
    /// Seconds until the binding expires (0: none).
    pub expires: u32,
    /// Current retransmission timeout, ms.
    pub delay_ms: u32,
    /// Seconds until the next Binding Update (retransmission or refresh; 0: none due).
    pub callback: u32,
    /// Last sequence number sent.
    pub seq: u16,
    /// Home prefix length.
    pub home_plen: u8,
    /// [`bul_state`].
    pub state: u8,
    /// 1 while on the home link.
    pub at_home: u8,
    /// 1 once a home address and home agent are configured.
    pub configured: u8,
    /// Status of the last Binding Acknowledgement.
    pub status: u8,
    /// Reserved, zero.
    pub reserved: u8,
}

impl MnInfo {
    /// Size of the structure.
    pub const SIZE: usize = 76;
    /// Native-endian bytes.
    pub fn to_bytes(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        b[0..16].copy_from_slice(&self.home);
        b[16..32].copy_from_slice(&self.ha);
        b[32..48].copy_from_slice(&self.coa);
        for (i, v) in [
            self.tnl_ifindex,
            self.link_ifindex,
            self.expires,
            self.delay_ms,
            self.callback,
        ]
        .iter()
        .enumerate()
        {
            b[48 + 4 * i..52 + 4 * i].copy_from_slice(&v.to_ne_bytes());
        }
        b[68..70].copy_from_slice(&self.seq.to_ne_bytes());
        b[70] = self.home_plen;
        b[71] = self.state;
        b[72] = self.at_home;
        b[73] = self.configured;
        b[74] = self.status;
        b[75] = self.reserved;
        b
    }
    /// Inverse of [`MnInfo::to_bytes`].
    pub fn from_bytes(b: &[u8; Self::SIZE]) -> Self {
        let u = |o: usize| u32::from_ne_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]]);
        let mut m = MnInfo {
            tnl_ifindex: u(48),
            link_ifindex: u(52),
            expires: u(56),
            delay_ms: u(60),
            callback: u(64),
            seq: u16::from_ne_bytes([b[68], b[69]]),
            home_plen: b[70],
            state: b[71],
            at_home: b[72],
            configured: b[73],
            status: b[74],
            reserved: b[75],
            ..Default::default()
        };
        m.home.copy_from_slice(&b[0..16]);
        m.ha.copy_from_slice(&b[16..32]);
        m.coa.copy_from_slice(&b[32..48]);
        m
    }
}

/// `MIPV6_IOC_MN_SET_HOME`: configure the mobile node ([`MnHome`]); CAP_NET_ADMIN; the
/// namespace must play the mobile node role (EOPNOTSUPP otherwise).
pub const IOC_MN_SET_HOME: u32 = iow(5, MnHome::SIZE);
/// `MIPV6_IOC_MN_GET_INFO`: read [`MnInfo`] (ENOTTY without mip6_mn).
pub const IOC_MN_GET_INFO: u32 = ior(6, MnInfo::SIZE);

/// `struct mipv6_mn_cn`: one correspondent in the Binding Update List.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct MnCn {
    /// Correspondent node.
    pub cn: [u8; 16],
    /// Care-of address of the last Binding Update to it.
    pub coa: [u8; 16],
    /// Seconds until the binding expires (0: none).
    pub expires: u32,
    /// Last sequence number sent.
    pub seq: u16,
    /// [`bul_state`].
    pub state: u8,
    /// 1 while packets to it go route-optimised (Home Address option).
    pub active: u8,
}

/// Correspondents reported by [`IOC_MN_GET_CNS`].
pub const MAX_MN_CNS: usize = 8;

/// `struct mipv6_mn_cns`: [`IOC_MN_GET_CNS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct MnCns {
    /// Valid entries in `cns`.
    pub count: u32,
    /// Entries.
    pub cns: [MnCn; MAX_MN_CNS],
}

impl MnCns {
    /// Size of one entry.
    pub const ENTRY: usize = 40;
    /// Size of the structure.
    pub const SIZE: usize = 8 + Self::ENTRY * MAX_MN_CNS;
    /// Native-endian bytes.
    pub fn to_bytes(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        b[0..4].copy_from_slice(&self.count.to_ne_bytes());
        for (chunk, c) in b[8..].chunks_exact_mut(Self::ENTRY).zip(self.cns.iter()) {
            chunk[0..16].copy_from_slice(&c.cn);
            chunk[16..32].copy_from_slice(&c.coa);
            chunk[32..36].copy_from_slice(&c.expires.to_ne_bytes());
            chunk[36..38].copy_from_slice(&c.seq.to_ne_bytes());
            chunk[38] = c.state;
            chunk[39] = c.active;
        }
        b
    }
    /// Inverse of [`MnCns::to_bytes`].
    pub fn from_bytes(b: &[u8; Self::SIZE]) -> Self {
        let mut m = MnCns {
            count: u32::from_ne_bytes([b[0], b[1], b[2], b[3]]),
            ..Default::default()
        };
        for (chunk, c) in b[8..].chunks_exact(Self::ENTRY).zip(m.cns.iter_mut()) {
            c.cn.copy_from_slice(&chunk[0..16]);
            c.coa.copy_from_slice(&chunk[16..32]);
            c.expires = u32::from_ne_bytes([chunk[32], chunk[33], chunk[34], chunk[35]]);
            c.seq = u16::from_ne_bytes([chunk[36], chunk[37]]);
            c.state = chunk[38];
            c.active = chunk[39];
        }
        m
    }
}

/// `MIPV6_IOC_MN_GET_CNS`: read the correspondents of the Binding Update List ([`MnCns`]).
pub const IOC_MN_GET_CNS: u32 = ior(7, MnCns::SIZE);

/// `MIPV6_POLICY_UNAUTHENTICATED`: home registrations under this prefix need no credential.
pub const POLICY_UNAUTHENTICATED: u8 = 1;
/// Longest MN-HA shared key.
pub const KEY_MAX: usize = 64;
/// Policy entries per namespace.
pub const POLICY_MAX: usize = 4096;
/// Mobility SPIs 0-255 are reserved (RFC 4285 §5).
pub const SPI_MIN: u32 = 256;

/// `struct mipv6_policy`: [`IOC_SET_POLICY`] / [`IOC_DEL_POLICY`]. The key is write-only.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// A home address (`plen` 128) or home prefix.
    pub prefix: [u8; 16],
    /// Prefix length, 0-128.
    pub plen: u8,
    /// `POLICY_*` flags.
    pub flags: u8,
    /// Bytes of `key` in use.
    pub key_len: u16,
    /// RFC 4285 Mobility SPI.
    pub spi: u32,
    /// MN-HA shared key.
    pub key: [u8; KEY_MAX],
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            prefix: [0; 16],
            plen: 0,
            flags: 0,
            key_len: 0,
            spi: 0,
            key: [0; KEY_MAX],
        }
    }
}

// Never print a key, not even in a debug line.
impl core::fmt::Debug for Policy {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "Policy {{ plen: {}, flags: {}, spi: {}, key_len: {} }}",
            self.plen, self.flags, self.spi, self.key_len
        )
    }
}

/// Why a [`Policy`] is refused before it reaches the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyError {
    /// Prefix length above 128.
    PrefixLength,
    /// Flags other than [`POLICY_UNAUTHENTICATED`].
    Flags,
    /// A credential needs an SPI >= 256 and a key of 1-64 bytes; an unauthenticated entry
    /// has neither.
    Credential,
}

impl Policy {
    /// Size of the structure.
    pub const SIZE: usize = 24 + KEY_MAX;
    /// Native-endian bytes.
    pub fn to_bytes(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        b[0..16].copy_from_slice(&self.prefix);
        b[16] = self.plen;
        b[17] = self.flags;
        b[18..20].copy_from_slice(&self.key_len.to_ne_bytes());
        b[20..24].copy_from_slice(&self.spi.to_ne_bytes());
        b[24..].copy_from_slice(&self.key);
        b
    }
    /// Inverse of [`Policy::to_bytes`].
    pub fn from_bytes(b: &[u8; Self::SIZE]) -> Self {
        let mut p = Policy {
            plen: b[16],
            flags: b[17],
            key_len: u16::from_ne_bytes([b[18], b[19]]),
            spi: u32::from_ne_bytes([b[20], b[21], b[22], b[23]]),
            ..Default::default()
        };
        p.prefix.copy_from_slice(&b[0..16]);
        p.key.copy_from_slice(&b[24..]);
        p
    }
    /// Whether the entry lets registrations in without a credential.
    pub fn unauthenticated(&self) -> bool {
        self.flags & POLICY_UNAUTHENTICATED != 0
    }
    /// The key bytes in use.
    pub fn key(&self) -> &[u8] {
        self.key.get(..usize::from(self.key_len)).unwrap_or(&[])
    }
    /// Checks an entry given to [`IOC_SET_POLICY`]; the prefix is returned masked.
    pub fn validated(mut self) -> Result<Self, PolicyError> {
        if self.plen > 128 {
            return Err(PolicyError::PrefixLength);
        }
        if self.flags & !POLICY_UNAUTHENTICATED != 0 {
            return Err(PolicyError::Flags);
        }
        let keyed = self.key_len > 0 || self.spi != 0;
        if self.unauthenticated() {
            if keyed {
                return Err(PolicyError::Credential);
            }
        } else if self.spi < SPI_MIN || self.key_len == 0 || usize::from(self.key_len) > KEY_MAX {
            return Err(PolicyError::Credential);
        }
        self.prefix = super::addr::masked(&self.prefix, self.plen);
        // Bytes past key_len are not kept.
        for (i, k) in self.key.iter_mut().enumerate() {
            if i >= usize::from(self.key_len) {
                *k = 0;
            }
        }
        Ok(self)
    }
    /// The dump record of this entry (without the key).
    pub fn entry(&self) -> PolicyEntry {
        PolicyEntry {
            prefix: self.prefix,
            plen: self.plen,
            flags: self.flags,
            key_len: self.key_len,
            spi: self.spi,
        }
    }
}

/// `struct mipv6_policy_entry`: one record of [`IOC_GET_POLICY`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct PolicyEntry {
    /// Home address or prefix.
    pub prefix: [u8; 16],
    /// Prefix length.
    pub plen: u8,
    /// `POLICY_*` flags.
    pub flags: u8,
    /// Length of the configured key (the key itself is never returned).
    pub key_len: u16,
    /// Mobility SPI.
    pub spi: u32,
}

impl PolicyEntry {
    /// Size of the structure.
    pub const SIZE: usize = 24;
    /// Native-endian bytes.
    pub fn to_bytes(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        b[0..16].copy_from_slice(&self.prefix);
        b[16] = self.plen;
        b[17] = self.flags;
        b[18..20].copy_from_slice(&self.key_len.to_ne_bytes());
        b[20..24].copy_from_slice(&self.spi.to_ne_bytes());
        b
    }
    /// Inverse of [`PolicyEntry::to_bytes`].
    pub fn from_bytes(b: &[u8; Self::SIZE]) -> Self {
        let mut e = PolicyEntry {
            plen: b[16],
            flags: b[17],
            key_len: u16::from_ne_bytes([b[18], b[19]]),
            spi: u32::from_ne_bytes([b[20], b[21], b[22], b[23]]),
            ..Default::default()
        };
        e.prefix.copy_from_slice(&b[0..16]);
        e
    }
}

/// `MIPV6_IOC_SET_POLICY`: add or replace a binding policy entry (CAP_NET_ADMIN).
pub const IOC_SET_POLICY: u32 = iow(8, Policy::SIZE);
/// `MIPV6_IOC_DEL_POLICY`: delete the entry for prefix/plen (ENOENT if none).
pub const IOC_DEL_POLICY: u32 = iow(9, Policy::SIZE);
/// `MIPV6_IOC_GET_POLICY`: dump the policy ([`DumpRequest`] of [`PolicyEntry`]).
pub const IOC_GET_POLICY: u32 = iowr(10, DumpRequest::SIZE);

#[cfg(test)]
#[path = "tests/abi.rs"]
mod tests;
