//! mip6-load: drives a home agent (or any IPv6 node) with many requests in flight and
//! reports how many answers per second came back, as one JSON line.
//!
//!   mip6-load bu   --iface IF --coa A --ha A --prefix BASE --start N --count N [--window W] [--lifetime U] [--seq S]
//!   mip6-load echo --iface IF --src A --dst A --count N [--window W]
//!
//! `bu` performs real home registrations: one Binding Update (A and H set, Home Address
//! option) per home address BASE + 1 + start + i, from the care-of address, each answered by the home
//! agent's Binding Acknowledgement (status 0; `--lifetime 0` with a higher `--seq`
//! deregisters them). `echo` measures the same way with ICMPv6 Echo, the
//! baseline a node answers without any Mobile IPv6 work. Packets leave through a raw IPv6
//! socket (the header is ours); answers are read on a packet socket on IF, which sees them
//! before the local stack (and mip6_base) does anything with them.

use mip6::checksum::{checksum, NEXT_HEADER_ICMPV6};
use mip6::mh::{BindingUpdate, Message, Packet, Repr};
use mip6::packet::{build_mh_packet, locate_mh, walk_headers};
use std::collections::{HashMap, VecDeque};
use std::net::Ipv6Addr;
use std::time::{Duration, Instant};

/// A request not answered within this long frees its window slot (counted as lost).
const LOST_AFTER: Duration = Duration::from_millis(2000);

struct Args(HashMap<String, String>);

impl Args {
    fn parse(v: &[String]) -> Result<Self, String> {
        let mut m = HashMap::new();
        let mut it = v.iter();
        while let Some(k) = it.next() {
            let k = k.strip_prefix("--").ok_or(format!("unexpected argument '{k}'"))?;
            let val = it.next().ok_or(format!("--{k} needs a value"))?;
            m.insert(k.to_string(), val.clone());
        }
        Ok(Args(m))
    }
    fn s(&self, k: &str) -> Result<&str, String> {
        self.0.get(k).map(String::as_str).ok_or(format!("--{k} is required"))
    }
    fn addr(&self, k: &str) -> Result<[u8; 16], String> {
        let s = self.s(k)?;
        let s = s.split('/').next().unwrap_or(s);
        s.parse::<Ipv6Addr>().map(|a| a.octets()).map_err(|e| format!("--{k} {s}: {e}"))
    }
    fn num(&self, k: &str, default: Option<u64>) -> Result<u64, String> {
        match (self.0.get(k), default) {
            (Some(v), _) => v.parse().map_err(|e| format!("--{k} {v}: {e}")),
            (None, Some(d)) => Ok(d),
            (None, None) => Err(format!("--{k} is required")),
        }
    }
}

struct Sockets {
    tx: i32,
    rx: i32,
}

impl Sockets {
    fn open(iface: &str) -> Result<Self, String> {
        let name = std::ffi::CString::new(iface).map_err(|e| e.to_string())?;
        // SAFETY: plain libc calls with valid arguments; results are checked.
        unsafe {
            let ifindex = libc::if_nametoindex(name.as_ptr());
            if ifindex == 0 {
                return Err(format!("no interface {iface}"));
            }
            let tx = libc::socket(libc::AF_INET6, libc::SOCK_RAW, libc::IPPROTO_RAW);
            if tx < 0 {
                return Err(format!("raw socket: {}", std::io::Error::last_os_error()));
            }
            let proto = (libc::ETH_P_IPV6 as u16).to_be();
            let rx = libc::socket(libc::AF_PACKET, libc::SOCK_DGRAM, i32::from(proto));
            if rx < 0 {
                return Err(format!("packet socket: {}", std::io::Error::last_os_error()));
            }
            let mut sll: libc::sockaddr_ll = std::mem::zeroed();
            sll.sll_family = libc::AF_PACKET as u16;
            sll.sll_protocol = proto;
            sll.sll_ifindex = ifindex as i32;
            let r = libc::bind(rx, &sll as *const _ as *const libc::sockaddr, std::mem::size_of::<libc::sockaddr_ll>() as u32);
            if r < 0 {
                return Err(format!("bind {iface}: {}", std::io::Error::last_os_error()));
            }
            let big: i32 = 4 << 20;
            libc::setsockopt(rx, libc::SOL_SOCKET, libc::SO_RCVBUF, &big as *const _ as *const libc::c_void, 4);
            Ok(Sockets { tx, rx })
        }
    }

    fn send(&self, pkt: &[u8], dst: &[u8; 16]) -> bool {
        // SAFETY: `pkt` and the address are valid for the call.
        unsafe {
            let mut sa: libc::sockaddr_in6 = std::mem::zeroed();
            sa.sin6_family = libc::AF_INET6 as u16;
            sa.sin6_addr.s6_addr = *dst;
            libc::sendto(
                self.tx,
                pkt.as_ptr() as *const libc::c_void,
                pkt.len(),
                0,
                &sa as *const _ as *const libc::sockaddr,
                std::mem::size_of::<libc::sockaddr_in6>() as u32,
            ) == pkt.len() as isize
        }
    }

    /// One received IPv6 packet, waiting at most `wait`.
    fn recv<'a>(&self, buf: &'a mut [u8], wait: Duration) -> Option<&'a [u8]> {
        let mut pfd = libc::pollfd { fd: self.rx, events: libc::POLLIN, revents: 0 };
        // SAFETY: one valid pollfd; `buf` is valid for its length.
        unsafe {
            if libc::poll(&mut pfd, 1, wait.as_millis().min(1000) as i32) <= 0 {
                return None;
            }
            let n = libc::recv(self.rx, buf.as_mut_ptr() as *mut libc::c_void, buf.len(), libc::MSG_DONTWAIT);
            if n <= 0 {
                return None;
            }
            buf.get(..n as usize)
        }
    }
}

/// Requests `0..count` with at most `window` unanswered; `build(i)` makes request `i`,
/// `answer(pkt)` says which request a received packet answers. Prints the result line.
fn drive(
    what: &str,
    s: &Sockets,
    dst: &[u8; 16],
    count: u64,
    window: u64,
    mut build: impl FnMut(u64, &mut [u8]) -> Option<usize>,
    mut answer: impl FnMut(&[u8]) -> Option<u64>,
) {
    let mut pending: VecDeque<(u64, Instant)> = VecDeque::new();
    let mut answered = vec![false; count as usize];
    let (mut next, mut ok, mut lost, mut send_errors) = (0u64, 0u64, 0u64, 0u64);
    let mut buf = [0u8; 2048];
    let mut rbuf = [0u8; 4096];
    let start = Instant::now();
    while next < count || !pending.is_empty() {
        while next < count && (pending.len() as u64) < window {
            match build(next, &mut buf) {
                Some(n) if s.send(&buf[..n], dst) => pending.push_back((next, Instant::now())),
                _ => send_errors += 1,
            }
            next += 1;
        }
        if let Some(pkt) = s.recv(&mut rbuf, Duration::from_millis(50)) {
            if let Some(i) = answer(pkt) {
                if let Some(a) = answered.get_mut(i as usize) {
                    if !*a {
                        *a = true;
                        ok += 1;
                    }
                }
            }
        }
        let now = Instant::now();
        pending.retain(|(i, t)| {
            let done = answered.get(*i as usize).copied().unwrap_or(true);
            let late = now.duration_since(*t) > LOST_AFTER;
            if late && !done {
                lost += 1;
            }
            !done && !late
        });
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{{\"test\":\"{what}\",\"sent\":{},\"answered\":{ok},\"lost\":{lost},\"send_errors\":{send_errors},\"seconds\":{secs:.3},\"per_second\":{:.1},\"window\":{window}}}",
        count - send_errors,
        ok as f64 / secs
    );
}

/// The `n`th home address: `base` + 1 + n in its interface identifier (so a base of
/// P::1:0:0:0 stays clear of P::1 and P::100).
fn home_of(base: &[u8; 16], n: u64) -> Option<[u8; 16]> {
    let low = u64::from_be_bytes(base[8..16].try_into().ok()?);
    let mut a = *base;
    a[8..16].copy_from_slice(&low.checked_add(n)?.checked_add(1)?.to_be_bytes());
    Some(a)
}

fn run(argv: &[String]) -> Result<(), String> {
    let (cmd, rest) = argv.split_first().ok_or("usage: mip6-load bu|echo --option value ...")?;
    let a = Args::parse(rest)?;
    let s = Sockets::open(a.s("iface")?)?;
    let count = a.num("count", None)?;
    let window = a.num("window", Some(32))?.max(1);
    match cmd.as_str() {
        "bu" => {
            let (coa, ha, prefix) = (a.addr("coa")?, a.addr("ha")?, a.addr("prefix")?);
            let first = a.num("start", Some(0))?;
            let lifetime = u16::try_from(a.num("lifetime", Some(0xffff))?).map_err(|_| "--lifetime: at most 65535")?;
            let seq = u16::try_from(a.num("seq", Some(1))?).map_err(|_| "--seq: at most 65535")?;
            let mut index: HashMap<[u8; 16], u64> = HashMap::new();
            for i in 0..count {
                index.insert(home_of(&prefix, first + i).ok_or("--prefix plus --count overflows")?, i);
            }
            drive(
                "bu",
                &s,
                &ha,
                count,
                window,
                |i, buf| {
                    let repr = Repr::new(Message::BindingUpdate(BindingUpdate {
                        seq,
                        ack: true,
                        home_reg: true,
                        link_local: false,
                        key_mgmt: false,
                        other_flags: 0,
                        lifetime,
                    }));
                    build_mh_packet(buf, &coa, &ha, Some(&home_of(&prefix, first + i)?), None, &repr).ok()
                },
                |pkt| {
                    let p = locate_mh(pkt).ok()?;
                    let repr = Repr::parse(&Packet::new_checked(p.mh).ok()?).ok()?;
                    match repr.message {
                        Message::BindingAck(ba) if ba.status == 0 => index.get(&p.rh2_address?).copied(),
                        _ => None,
                    }
                },
            );
        }
        "echo" => {
            let (src, dst) = (a.addr("src")?, a.addr("dst")?);
            let id = std::process::id() as u16;
            drive(
                "echo",
                &s,
                &dst,
                count,
                window,
                |i, buf| {
                    let icmp_len = 8 + 16;
                    buf[..40].fill(0);
                    buf[0] = 0x60;
                    buf[4..6].copy_from_slice(&(icmp_len as u16).to_be_bytes());
                    buf[6] = NEXT_HEADER_ICMPV6;
                    buf[7] = 64;
                    buf[8..24].copy_from_slice(&src);
                    buf[24..40].copy_from_slice(&dst);
                    let m = &mut buf[40..40 + icmp_len];
                    m.fill(0);
                    m[0] = 128;
                    m[4..6].copy_from_slice(&id.to_be_bytes());
                    m[6..8].copy_from_slice(&((i & 0xffff) as u16).to_be_bytes());
                    m[8..16].copy_from_slice(&i.to_be_bytes());
                    let c = checksum(&src, &dst, NEXT_HEADER_ICMPV6, m);
                    m[2..4].copy_from_slice(&c.to_be_bytes());
                    Some(40 + icmp_len)
                },
                |pkt| {
                    let h = walk_headers(pkt).ok()?;
                    let m = h.pkt.get(h.upper_offset..)?;
                    if h.upper != NEXT_HEADER_ICMPV6 || m.first() != Some(&129) || m.get(4..6)? != id.to_be_bytes() {
                        return None;
                    }
                    Some(u64::from_be_bytes(m.get(8..16)?.try_into().ok()?))
                },
            );
        }
        other => return Err(format!("unknown command '{other}' (bu, echo)")),
    }
    Ok(())
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&argv) {
        eprintln!("mip6-load: {e}");
        std::process::exit(2);
    }
}
