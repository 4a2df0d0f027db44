//! mip6-load: drives a home agent (or any IPv6 node) with many requests in flight and
//! reports how many answers per second came back, as one JSON line.
//!
//!   mip6-load bu    --iface IF --coa A --ha A --prefix BASE --start N --count N [--window W]
//!                   [--lifetime U] [--seq S] [--keyfile FILE [--spi N]] [--lost-ms MS]
//!   mip6-load echo  --iface IF --src A --dst A --count N [--window W] [--lost-ms MS]
//!   mip6-load storm --src A --dst A [--home A] [--count N] [--seed S] [--templates T,T...]
//!
//! `bu` performs real home registrations: one Binding Update (A and H set, Home Address
//! option) per home address BASE + 1 + start + i, from the care-of address, each answered by the home
//! agent's Binding Acknowledgement (status 0; `--lifetime 0` with a higher `--seq`
//! deregisters them). With `--keyfile FILE` (mipdiag's key file syntax, see keys.rs) every
//! BU to a home address that a keyed line covers (the longest prefix; with `--spi N` only
//! lines with that SPI) is signed as RFC 4285 says: a Mobility Message Replay Protection
//! option with the real-time clock's NTP timestamp, then the MN-HA Mobility Message
//! Authentication option (`mip6::auth`); the BAs'
//! authenticators are verified over the same (CoA, HoA) and counted. The result line gives
//! the BAs' status counts too (`"status":{"0":50,"130":10}`); `answered` counts accepting
//! BAs (status < 128), `lost` the requests with no BA within `--lost-ms` (default 5000: a
//! home agent probes the home link before a new address's first registration).
//! `echo` measures the same way with ICMPv6 Echo, the baseline a node answers without any
//! Mobile IPv6 work. Packets leave through a raw IPv6 socket (the header is ours); answers
//! are read on a packet socket on IF, which sees them before the local stack (and
//! mip6_base) does anything with them.
//!
//! `storm` sends `--count` (default 20000) malformed packets built from templates with a
//! seeded PRNG (storm.rs: broken extension headers, Home Address options in wrong places,
//! bad type 2 routing headers, nested tunnels, fragments splitting the headers, bad
//! Mobility Headers, byte flips of valid BUs and HoTIs) from `--src` to `--dst` (Home
//! Address options carry `--home`, default the source) as fast as the socket takes them,
//! and prints how many of each template went out.

mod keys;
mod storm;

use mip6::auth;
use mip6::checksum::{checksum, NEXT_HEADER_ICMPV6};
use mip6::mh::{BindingUpdate, Message, Packet, Repr};
use mip6::mhopt::MsgAuth;
use mip6::packet::{build_mh_packet, locate_mh, walk_headers};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::Ipv6Addr;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

struct Args(HashMap<String, String>);

impl Args {
    fn parse(v: &[String]) -> Result<Self, String> {
        let mut m = HashMap::new();
        let mut it = v.iter();
        while let Some(k) = it.next() {
            let k = k
                .strip_prefix("--")
                .ok_or(format!("unexpected argument '{k}'"))?;
            let val = it.next().ok_or(format!("--{k} needs a value"))?;
            m.insert(k.to_string(), val.clone());
        }
        Ok(Args(m))
    }
    fn s(&self, k: &str) -> Result<&str, String> {
        self.0
            .get(k)
            .map(String::as_str)
            .ok_or(format!("--{k} is required"))
    }
    fn addr(&self, k: &str) -> Result<[u8; 16], String> {
        let s = self.s(k)?;
        let s = s.split('/').next().unwrap_or(s);
        s.parse::<Ipv6Addr>()
            .map(|a| a.octets())
            .map_err(|e| format!("--{k} {s}: {e}"))
    }
    fn num(&self, k: &str, default: Option<u64>) -> Result<u64, String> {
        match (self.0.get(k), default) {
            (Some(v), _) => {
                let parsed = match v.strip_prefix("0x") {
                    Some(h) => u64::from_str_radix(h, 16).map_err(|e| e.to_string()),
                    None => v
                        .parse()
                        .map_err(|e: std::num::ParseIntError| e.to_string()),
                };
                parsed.map_err(|e| format!("--{k} {v}: {e}"))
            }
            (None, Some(d)) => Ok(d),
            (None, None) => Err(format!("--{k} is required")),
        }
    }
}

/// A raw IPv6 socket, header included (IPPROTO_RAW).
fn raw_tx() -> Result<i32, String> {
    // SAFETY: plain libc call; the result is checked.
    let tx = unsafe { libc::socket(libc::AF_INET6, libc::SOCK_RAW, libc::IPPROTO_RAW) };
    if tx < 0 {
        return Err(format!("raw socket: {}", std::io::Error::last_os_error()));
    }
    Ok(tx)
}

/// Send one whole IPv6 packet (header included) towards `dst`.
fn send_raw(tx: i32, pkt: &[u8], dst: &[u8; 16]) -> bool {
    // SAFETY: `pkt` and the address are valid for the call.
    unsafe {
        let mut sa: libc::sockaddr_in6 = std::mem::zeroed();
        sa.sin6_family = libc::AF_INET6 as u16;
        sa.sin6_addr.s6_addr = *dst;
        libc::sendto(
            tx,
            pkt.as_ptr() as *const libc::c_void,
            pkt.len(),
            0,
            &sa as *const _ as *const libc::sockaddr,
            std::mem::size_of::<libc::sockaddr_in6>() as u32,
        ) == pkt.len() as isize
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
            let tx = raw_tx()?;
            let proto = (libc::ETH_P_IPV6 as u16).to_be();
            let rx = libc::socket(libc::AF_PACKET, libc::SOCK_DGRAM, i32::from(proto));
            if rx < 0 {
                return Err(format!(
                    "packet socket: {}",
                    std::io::Error::last_os_error()
                ));
            }
            let mut sll: libc::sockaddr_ll = std::mem::zeroed();
            sll.sll_family = libc::AF_PACKET as u16;
            sll.sll_protocol = proto;
            sll.sll_ifindex = ifindex as i32;
            let r = libc::bind(
                rx,
                &sll as *const _ as *const libc::sockaddr,
                std::mem::size_of::<libc::sockaddr_ll>() as u32,
            );
            if r < 0 {
                return Err(format!("bind {iface}: {}", std::io::Error::last_os_error()));
            }
            let big: i32 = 4 << 20;
            libc::setsockopt(
                rx,
                libc::SOL_SOCKET,
                libc::SO_RCVBUF,
                &big as *const _ as *const libc::c_void,
                4,
            );
            Ok(Sockets { tx, rx })
        }
    }

    fn send(&self, pkt: &[u8], dst: &[u8; 16]) -> bool {
        send_raw(self.tx, pkt, dst)
    }

    /// One received IPv6 packet, waiting at most `wait`.
    fn recv<'a>(&self, buf: &'a mut [u8], wait: Duration) -> Option<&'a [u8]> {
        let mut pfd = libc::pollfd {
            fd: self.rx,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd; `buf` is valid for its length.
        unsafe {
            if libc::poll(&mut pfd, 1, wait.as_millis().min(1000) as i32) <= 0 {
                return None;
            }
            let n = libc::recv(
                self.rx,
                buf.as_mut_ptr() as *mut libc::c_void,
                buf.len(),
                libc::MSG_DONTWAIT,
            );
            if n <= 0 {
                return None;
            }
            buf.get(..n as usize)
        }
    }
}

/// What a BA's MN-HA authenticator said.
#[derive(Clone, Copy)]
enum Verdict {
    Ok,
    Bad,
    Absent,
}

/// A received packet that answers request `index`.
struct Reply {
    index: u64,
    /// BA status (None for an echo reply).
    status: Option<u8>,
    /// The BA's authenticator (None: the request was not signed).
    auth: Option<Verdict>,
    /// An accepting BA to a signed BU echoes the BU's timestamp (None: not applicable).
    ts_echoed: Option<bool>,
}

#[derive(Default)]
struct Summary {
    sent: u64,
    accepted: u64,
    lost: u64,
    send_errors: u64,
    status: BTreeMap<u8, u64>,
    auth_ok: u64,
    auth_bad: u64,
    auth_absent: u64,
    /// Accepting BAs to signed BUs without a valid authenticator.
    accepted_unsigned: u64,
    ts_mismatch: u64,
    seconds: f64,
}

/// Requests `0..count` with at most `window` unanswered; `build(i)` makes request `i`,
/// `answer(pkt)` says which request a received packet answers, and how.
fn drive(
    s: &Sockets,
    dst: &[u8; 16],
    count: u64,
    window: u64,
    lost_after: Duration,
    mut build: impl FnMut(u64, &mut [u8]) -> Option<usize>,
    mut answer: impl FnMut(&[u8]) -> Option<Reply>,
) -> Summary {
    let mut pending: VecDeque<(u64, Instant)> = VecDeque::new();
    let mut answered = vec![false; count as usize];
    let mut sum = Summary::default();
    let mut next = 0u64;
    let mut buf = [0u8; 2048];
    let mut rbuf = [0u8; 4096];
    let start = Instant::now();
    while next < count || !pending.is_empty() {
        while next < count && (pending.len() as u64) < window {
            match build(next, &mut buf) {
                Some(n) if s.send(&buf[..n], dst) => pending.push_back((next, Instant::now())),
                _ => sum.send_errors += 1,
            }
            next += 1;
        }
        if let Some(pkt) = s.recv(&mut rbuf, Duration::from_millis(50)) {
            if let Some(r) = answer(pkt) {
                if let Some(a) = answered.get_mut(r.index as usize) {
                    if !*a {
                        *a = true;
                        match r.status {
                            Some(st) => {
                                *sum.status.entry(st).or_insert(0) += 1;
                                if st < 128 {
                                    sum.accepted += 1;
                                }
                            }
                            None => sum.accepted += 1,
                        }
                        match r.auth {
                            Some(Verdict::Ok) => sum.auth_ok += 1,
                            Some(Verdict::Bad) => sum.auth_bad += 1,
                            Some(Verdict::Absent) => sum.auth_absent += 1,
                            None => {}
                        }
                        if r.status.is_some_and(|st| st < 128)
                            && matches!(r.auth, Some(Verdict::Bad | Verdict::Absent))
                        {
                            sum.accepted_unsigned += 1;
                        }
                        if r.ts_echoed == Some(false) {
                            sum.ts_mismatch += 1;
                        }
                    }
                }
            }
        }
        let now = Instant::now();
        pending.retain(|(i, t)| {
            let done = answered.get(*i as usize).copied().unwrap_or(true);
            let late = now.duration_since(*t) > lost_after;
            if late && !done {
                sum.lost += 1;
            }
            !done && !late
        });
    }
    sum.seconds = start.elapsed().as_secs_f64();
    sum.sent = count - sum.send_errors;
    sum
}

fn print_summary(what: &str, s: &Summary, window: u64, signed: Option<u64>) {
    let mut line = format!(
        "{{\"test\":\"{what}\",\"sent\":{},\"answered\":{},\"lost\":{},\"send_errors\":{},\"seconds\":{:.3},\"per_second\":{:.1},\"window\":{window}",
        s.sent,
        s.accepted,
        s.lost,
        s.send_errors,
        s.seconds,
        s.accepted as f64 / s.seconds.max(1e-9)
    );
    if what == "bu" {
        let st: Vec<String> = s
            .status
            .iter()
            .map(|(k, v)| format!("\"{k}\":{v}"))
            .collect();
        line += &format!(",\"status\":{{{}}}", st.join(","));
    }
    if let Some(n) = signed {
        // bad_auth: wrong authenticators, plus accepting BAs to signed BUs without one.
        line += &format!(
            ",\"signed\":{n},\"auth\":{{\"ok\":{},\"bad\":{},\"none\":{}}},\"bad_auth\":{},\"ts_mismatch\":{}",
            s.auth_ok,
            s.auth_bad,
            s.auth_absent,
            s.auth_bad + s.accepted_unsigned.saturating_sub(s.auth_bad),
            s.ts_mismatch
        );
    }
    println!("{line}}}");
}

/// The `n`th home address: `base` + 1 + n in its interface identifier (so a base of
/// P::1:0:0:0 stays clear of P::1 and P::100).
fn home_of(base: &[u8; 16], n: u64) -> Option<[u8; 16]> {
    let low = u64::from_be_bytes(base[8..16].try_into().ok()?);
    let mut a = *base;
    a[8..16].copy_from_slice(&low.checked_add(n)?.checked_add(1)?.to_be_bytes());
    Some(a)
}

/// The real-time clock as an NTP timestamp.
fn ntp_now() -> u64 {
    let ns = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    auth::ntp_timestamp(ns)
}

fn bu(a: &Args, count: u64, window: u64, lost_after: Duration) -> Result<(), String> {
    let s = Sockets::open(a.s("iface")?)?;
    let (coa, ha, prefix) = (a.addr("coa")?, a.addr("ha")?, a.addr("prefix")?);
    let first = a.num("start", Some(0))?;
    let lifetime =
        u16::try_from(a.num("lifetime", Some(0xffff))?).map_err(|_| "--lifetime: at most 65535")?;
    let seq = u16::try_from(a.num("seq", Some(1))?).map_err(|_| "--seq: at most 65535")?;
    let spi = match a.0.get("spi") {
        Some(_) => {
            Some(u32::try_from(a.num("spi", None)?).map_err(|_| "--spi: at most 4294967295")?)
        }
        None => None,
    };
    let entries = match a.0.get("keyfile") {
        Some(path) => keys::read(path)?,
        None if spi.is_some() => return Err("--spi needs --keyfile".into()),
        None => Vec::new(),
    };
    let mut index: HashMap<[u8; 16], u64> = HashMap::new();
    // Per request: the credential (index into `entries`) it is signed with.
    let mut cred: Vec<Option<usize>> = Vec::with_capacity(count as usize);
    for i in 0..count {
        let home = home_of(&prefix, first + i).ok_or("--prefix plus --count overflows")?;
        index.insert(home, i);
        if entries.is_empty() {
            cred.push(None);
            continue;
        }
        let e = keys::covering(&entries, &home, spi).ok_or_else(|| {
            format!(
                "no line of the key file covers {}{}",
                Ipv6Addr::from(home),
                spi.map_or(String::new(), |n| format!(" with spi {n}"))
            )
        })?;
        cred.push(
            e.cred
                .as_ref()
                .map(|_| entries.iter().position(|x| std::ptr::eq(x, e)).unwrap_or(0)),
        );
    }
    let signed = cred.iter().filter(|c| c.is_some()).count() as u64;
    let key_of = |i: u64| {
        cred.get(i as usize)
            .copied()
            .flatten()
            .and_then(|e| entries.get(e))
            .and_then(|e| e.cred.as_ref())
    };
    // The timestamp each signed BU carried (set when it is built, read when its BA comes).
    let stamps: Vec<std::cell::Cell<u64>> = (0..count).map(|_| std::cell::Cell::new(0)).collect();
    const ZERO: [u8; auth::AUTH_DATA_LEN] = [0; auth::AUTH_DATA_LEN];
    let sum = drive(
        &s,
        &ha,
        count,
        window,
        lost_after,
        |i, buf| {
            let home = home_of(&prefix, first + i)?;
            let mut repr = Repr::new(Message::BindingUpdate(BindingUpdate {
                seq,
                ack: true,
                home_reg: true,
                lifetime,
                ..Default::default()
            }));
            let key = key_of(i);
            if let Some((spi, _)) = key {
                let ts = ntp_now();
                stamps.get(i as usize)?.set(ts);
                repr.options.replay = Some(ts);
                repr.options.msg_auth = Some(MsgAuth {
                    subtype: auth::SUBTYPE_MN_HA,
                    spi: *spi,
                    data: &ZERO,
                });
            }
            let n = build_mh_packet(buf, &coa, &ha, Some(&home), None, &repr).ok()?;
            if let Some((_, k)) = key {
                let at = locate_mh(buf.get(..n)?).ok()?.mh_offset;
                auth::sign(buf.get_mut(at..n)?, k, &coa, &home, &home, &ha).ok()?;
            }
            Some(n)
        },
        |pkt| {
            let p = locate_mh(pkt).ok()?;
            let repr = Repr::parse(&Packet::new_checked(p.mh).ok()?).ok()?;
            let Message::BindingAck(ba) = repr.message else {
                return None;
            };
            let home = p.rh2_address?;
            let i = *index.get(&home)?;
            let (auth, ts_echoed) = match key_of(i) {
                None => (None, None),
                Some((spi, k)) => {
                    let v = match auth::find(p.mh) {
                        Ok(Some(_)) if auth::verify(*spi, k, &coa, &home, p.mh) => Verdict::Ok,
                        Ok(None) => Verdict::Absent,
                        _ => Verdict::Bad,
                    };
                    let echoed = (ba.status < 128)
                        .then(|| repr.options.replay == stamps.get(i as usize).map(|c| c.get()));
                    (Some(v), echoed)
                }
            };
            Some(Reply {
                index: i,
                status: Some(ba.status),
                auth,
                ts_echoed,
            })
        },
    );
    print_summary("bu", &sum, window, (!entries.is_empty()).then_some(signed));
    Ok(())
}

fn echo(a: &Args, count: u64, window: u64, lost_after: Duration) -> Result<(), String> {
    let s = Sockets::open(a.s("iface")?)?;
    let (src, dst) = (a.addr("src")?, a.addr("dst")?);
    let id = std::process::id() as u16;
    let sum = drive(
        &s,
        &dst,
        count,
        window,
        lost_after,
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
            if h.upper != NEXT_HEADER_ICMPV6
                || m.first() != Some(&129)
                || m.get(4..6)? != id.to_be_bytes()
            {
                return None;
            }
            let index = u64::from_be_bytes(m.get(8..16)?.try_into().ok()?);
            Some(Reply {
                index,
                status: None,
                auth: None,
                ts_echoed: None,
            })
        },
    );
    print_summary("echo", &sum, window, None);
    Ok(())
}

fn storm_cmd(a: &Args) -> Result<(), String> {
    let (src, dst) = (a.addr("src")?, a.addr("dst")?);
    let home = if a.0.contains_key("home") {
        a.addr("home")?
    } else {
        src
    };
    let count = a.num("count", Some(20_000))?;
    let seed = a.num("seed", Some(1))?;
    let templates: Vec<(&str, storm::Template)> = match a.0.get("templates") {
        None => storm::TEMPLATES.to_vec(),
        Some(list) => list
            .split(',')
            .map(|n| {
                storm::TEMPLATES
                    .iter()
                    .find(|(t, _)| *t == n)
                    .copied()
                    .ok_or(format!("no template '{n}'"))
            })
            .collect::<Result<_, _>>()?,
    };
    let tx = raw_tx()?;
    let ctx = storm::Ctx { src, dst, home };
    let mut rng = storm::Rng::new(seed);
    let mut per: Vec<u64> = vec![0; templates.len()];
    let (mut sent, mut errors) = (0u64, 0u64);
    let start = Instant::now();
    // `count` packets (a template of several packets, fragments, counts each one).
    let mut k = 0usize;
    while sent + errors < count {
        let t = k % templates.len();
        k += 1;
        for p in (templates[t].1)(&mut rng, &ctx) {
            if sent + errors >= count {
                break;
            }
            if send_raw(tx, &p, &dst) {
                sent += 1;
                per[t] += 1;
            } else {
                errors += 1;
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let per: Vec<String> = templates
        .iter()
        .zip(&per)
        .map(|((n, _), c)| format!("\"{n}\":{c}"))
        .collect();
    println!(
        "{{\"test\":\"storm\",\"sent\":{sent},\"send_errors\":{errors},\"seconds\":{secs:.3},\"per_second\":{:.1},\"seed\":{seed},\"templates\":{{{}}}}}",
        sent as f64 / secs.max(1e-9),
        per.join(",")
    );
    Ok(())
}

const USAGE: &str = "usage:
  mip6-load bu    --iface IF --coa A --ha A --prefix BASE --start N --count N [--window W]
                  [--lifetime U] [--seq S] [--keyfile FILE [--spi N]] [--lost-ms MS]
  mip6-load echo  --iface IF --src A --dst A --count N [--window W] [--lost-ms MS]
  mip6-load storm --src A --dst A [--home A] [--count N] [--seed S] [--templates T,T...]";

fn run(argv: &[String]) -> Result<(), String> {
    let (cmd, rest) = argv.split_first().ok_or(USAGE)?;
    if matches!(cmd.as_str(), "-h" | "--help" | "help") {
        let names: Vec<&str> = storm::TEMPLATES.iter().map(|(n, _)| *n).collect();
        println!("{USAGE}\nstorm templates: {}", names.join(","));
        return Ok(());
    }
    let a = Args::parse(rest)?;
    if cmd == "storm" {
        return storm_cmd(&a);
    }
    let count = a.num("count", None)?;
    let window = a.num("window", Some(32))?.max(1);
    let lost_after = Duration::from_millis(a.num("lost-ms", Some(5000))?);
    match cmd.as_str() {
        "bu" => bu(&a, count, window, lost_after),
        "echo" => echo(&a, count, window, lost_after),
        other => Err(format!("unknown command '{other}' (bu, echo, storm)")),
    }
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&argv) {
        eprintln!("mip6-load: {e}");
        std::process::exit(2);
    }
}
