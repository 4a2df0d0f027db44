//! mipdiag: Mobile IPv6 diagnostics and configuration, with MIPL 1.0's options and output.

mod device;
mod sysctl;

use device::{DiagError, Device};
use mip6::abi;
use std::process::ExitCode;

const USAGE: &str = "\
Usage: mipdiag [OPTION]...
Mobile IPv6 (RFC 6275) diagnostics for the mip6 kernel modules, through /dev/mipv6_dev.
Acts on the network namespace it runs in (e.g. `ip netns exec NS mipdiag ...`).

  -c, --bcache                show the binding cache
  -l, --bulist                show the binding update list (mobile node)
  -m, --mninfo                show the mobile node's home address and home agent
  -s, --statistics            show the Mobile IPv6 statistics counters
  -j, --json                  print -c, -l, -m and -s as JSON (like ip -j)
  -i IFNAME -h ADDR/PLEN -H ADDR/PLEN
                              mobile node: home address ADDR/PLEN (a /64) on the
                              home tunnel device IFNAME (created, e.g. mip6mnha1),
                              home agent ADDR/PLEN
  -d, --debuglevel[=N]        show the debug level, or set it to N (0-7)
  -t, --tunnel_sitelocal[=yes|no]
                              show or set tunnelling of site-local traffic
  -r, --role[=cn|mn|ha]       show this namespace's Mobile IPv6 role, or set it
                              (mn needs mip6_mn loaded, ha needs mip6_ha)
  -V, --version               print mipdiag's and the loaded modules' versions
  -?, --help                  print this help

Setting anything needs CAP_NET_ADMIN over the namespace.
MIPL options not yet provided by this release: -I, -P, and -H without an address
(dynamic home agent discovery).
";

/// One parsed request.
#[derive(Debug, PartialEq)]
enum Request {
    Help,
    Version,
    DebugLevel(Option<i64>),
    TunnelSitelocal(Option<bool>),
    Role(Option<abi::Role>),
    Bcache,
    Statistics,
    Bulist,
    MnInfo,
    SetHome(abi::MnHome),
}

/// `ADDR/PLEN` (an IPv6 address and a prefix length 0-128).
fn addr_plen(opt: &str, v: &str) -> Result<([u8; 16], u8), DiagError> {
    let (a, p) = v.split_once('/').ok_or_else(|| bad(format!("mipdiag: {opt} takes ADDRESS/PREFIXLEN, not '{v}'")))?;
    let a: std::net::Ipv6Addr = a.parse().map_err(|_| bad(format!("mipdiag: '{a}' is not an IPv6 address")))?;
    let p: u8 = p.parse().ok().filter(|p| *p <= 128).ok_or_else(|| bad(format!("mipdiag: bad prefix length '{p}'")))?;
    Ok((a.octets(), p))
}

fn bad(msg: String) -> DiagError {
    DiagError(format!("{msg}\nTry 'mipdiag -?' for more information."))
}

/// Splits `--name=value` / `-xVALUE` / `-x VALUE` forms; `optional` values may only be
/// attached (`-d3`, `--debuglevel=3`) or, for `-x`, be the next non-option word.
fn parse(args: &[String]) -> Result<(Vec<Request>, bool), DiagError> {
    let mut out = Vec::new();
    let mut json = false;
    let (mut ifname, mut home, mut ha) = (None::<String>, None, None);
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        let (name, mut value): (String, Option<String>) = if let Some(long) = arg.strip_prefix("--") {
            match long.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (long.to_string(), None),
            }
        } else if let Some(short) = arg.strip_prefix('-') {
            let mut chars = short.chars();
            match chars.next() {
                Some(c) => {
                    let rest: String = chars.collect();
                    (c.to_string(), if rest.is_empty() { None } else { Some(rest) })
                }
                None => return Err(bad("mipdiag: '-' is not an option".into())),
            }
        } else {
            return Err(bad(format!("mipdiag: unexpected argument '{arg}'")));
        };
        let short = arg.starts_with('-') && !arg.starts_with("--");
        // `-d 3`: a separate value word is taken when it does not look like an option.
        let mut take_next = |value: &mut Option<String>| {
            if value.is_none() && short && i < args.len() && !args[i].starts_with('-') {
                *value = Some(args[i].clone());
                i += 1;
            }
        };
        let req = match name.as_str() {
            "j" | "json" => {
                json = true;
                continue;
            }
            "c" | "bcache" => Request::Bcache,
            "s" | "statistics" => Request::Statistics,
            "?" | "help" => Request::Help,
            "V" | "version" => Request::Version,
            "d" | "debuglevel" => {
                take_next(&mut value);
                let n = match value {
                    None => None,
                    Some(v) => match v.parse::<i64>() {
                        Ok(n) if (0..=7).contains(&n) => Some(n),
                        _ => return Err(bad(format!("mipdiag: debug level must be 0-7, not '{v}'"))),
                    },
                };
                Request::DebugLevel(n)
            }
            "t" | "tunnel_sitelocal" => {
                take_next(&mut value);
                let b = match value.as_deref() {
                    None => None,
                    Some("yes") | Some("on") | Some("1") => Some(true),
                    Some("no") | Some("off") | Some("0") => Some(false),
                    Some(v) => return Err(bad(format!("mipdiag: tunnel_sitelocal takes yes or no, not '{v}'"))),
                };
                Request::TunnelSitelocal(b)
            }
            "r" | "role" => {
                take_next(&mut value);
                let r = match value {
                    None => None,
                    Some(v) => match abi::Role::from_name(&v) {
                        Some(r) => Some(r),
                        None => return Err(bad(format!("mipdiag: role must be cn, mn or ha, not '{v}'"))),
                    },
                };
                Request::Role(r)
            }
            "l" | "bulist" => Request::Bulist,
            "m" | "mninfo" => Request::MnInfo,
            "i" | "h" | "H" => {
                take_next(&mut value);
                let Some(v) = value else {
                    if name == "H" {
                        return Err(DiagError(format!(
                            "mipdiag: dynamic home agent discovery (-H without an address) is not provided by mip6 {} yet",
                            abi::RELEASE
                        )));
                    }
                    return Err(bad(format!("mipdiag: option '-{name}' needs a value")));
                };
                match name.as_str() {
                    "i" => ifname = Some(v),
                    "h" => home = Some(addr_plen("-h", &v)?),
                    _ => ha = Some(addr_plen("-H", &v)?),
                }
                continue;
            }
            "I" | "ifaces" | "P" => {
                return Err(DiagError(format!(
                    "mipdiag: option '{arg}' is not provided by mip6 {} yet",
                    abi::RELEASE
                )))
            }
            _ => return Err(bad(format!("mipdiag: unknown option '{arg}'"))),
        };
        out.push(req);
    }
    match (ifname, home, ha) {
        (None, None, None) => {}
        (Some(_), None, None) => return Err(bad("mipdiag: -i needs -h and -H (or -P, not provided yet)".into())),
        (None, _, _) => return Err(DiagError("You must specify device with -i.".into())),
        (Some(_), Some(_), None) | (Some(_), None, Some(_)) => {
            return Err(DiagError("Options -h and -H must be used together.".into()))
        }
        (Some(i), Some((h, hp)), Some((a, ap))) => {
            let mut name = [0u8; 16];
            if i.is_empty() || i.len() > 15 || i.contains(['/', ' ', '\0']) {
                return Err(bad(format!("mipdiag: '{i}' is not an interface name")));
            }
            name[..i.len()].copy_from_slice(i.as_bytes());
            out.push(Request::SetHome(abi::MnHome { ifname: name, home: h, home_plen: hp, ha: a, ha_plen: ap }));
        }
    }
    if out.is_empty() {
        out.push(Request::Help);
    }
    Ok((out, json))
}

fn addr(a: &[u8; 16]) -> String {
    std::net::Ipv6Addr::from(*a).to_string()
}

fn role_names(mask: u32) -> String {
    [abi::Role::Cn, abi::Role::Mn, abi::Role::Ha]
        .iter()
        .filter(|r| mask & (1 << (**r as u32)) != 0)
        .map(|r| r.name())
        .collect::<Vec<_>>()
        .join(" ")
}

fn run(req: &Request, json: bool) -> Result<(), DiagError> {
    match req {
        Request::Help => print!("{USAGE}"),
        Request::Bcache => {
            let entries = Device::open()?.bcache()?;
            if json {
                let rows: Vec<String> = entries
                    .iter()
                    .map(|e| {
                        format!(
                            "{{\"home_address\":\"{}\",\"care_of_address\":\"{}\",\"lifetime\":{},\"type\":{},\"sequence\":{}}}",
                            addr(&e.home),
                            addr(&e.coa),
                            e.lifetime_left,
                            e.kind,
                            e.seq
                        )
                    })
                    .collect();
                println!("{{\"binding_cache\":[{}]}}", rows.join(","));
            } else {
                println!("Mobile IPv6 Binding cache");
                println!("{:<44}{:<44}{:<10}{:<5}", "Home Address", "Care-of Address", "Lifetime", "Type");
                for e in &entries {
                    println!("{:<44}{:<44}{:<10}{:<5}", addr(&e.home), addr(&e.coa), e.lifetime_left, e.kind);
                }
            }
        }
        Request::Statistics => {
            let counters = Device::open()?.stats()?;
            let pairs = abi::STAT_NAMES.iter().zip(counters.iter());
            if json {
                let kv: Vec<String> = pairs.map(|(n, v)| format!("\"{n}\":{v}")).collect();
                println!("{{\"statistics\":{{{}}}}}", kv.join(","));
            } else {
                println!("Mobile IPv6 Statistics");
                for (n, v) in pairs {
                    println!("{n:<25} : {v}");
                }
            }
        }
        Request::Bulist => {
            let dev = Device::open()?;
            let m = dev.mn_info()?;
            let cns = dev.mn_cns()?;
            let cns = &cns.cns[..(cns.count as usize).min(abi::MAX_MN_CNS)];
            let listed = m.configured != 0 && m.state != abi::bul_state::IDLE;
            if json {
                let mut rows: Vec<String> = Vec::new();
                if listed {
                    rows.push(format!(
                        "{{\"recipient\":\"{}\",\"home_registration\":true,\"home_address\":\"{}\",\"care_of_address\":\"{}\",\"expires\":{},\"sequence\":{},\"state\":{},\"delay\":{},\"max_delay\":32,\"callback_time\":{},\"status\":{}}}",
                        addr(&m.ha), addr(&m.home), addr(&m.coa), m.expires, m.seq, m.state, m.delay_ms / 1000, m.callback, m.status
                    ));
                }
                for c in cns {
                    rows.push(format!(
                        "{{\"recipient\":\"{}\",\"home_registration\":false,\"home_address\":\"{}\",\"care_of_address\":\"{}\",\"expires\":{},\"sequence\":{},\"state\":{},\"route_optimised\":{}}}",
                        addr(&c.cn), addr(&m.home), addr(&c.coa), c.expires, c.seq, c.state, c.active != 0
                    ));
                }
                println!("{{\"binding_update_list\":[{}]}}", rows.join(","));
            } else {
                println!("Mobile IPv6 Binding update list");
                if listed {
                    // At home (deregistering) the "care-of address" is the home address.
                    let coa = if m.coa == [0; 16] { m.home } else { m.coa };
                    println!("Recipient HA: {}", addr(&m.ha));
                    println!("BINDING home address: {} care-of address: {}", addr(&m.home), addr(&coa));
                    println!("        expires: {} sequence: {} state: {}", m.expires, m.seq, m.state);
                    println!("        delay: {} max delay 32 callback time: {}", m.delay_ms / 1000, m.callback);
                }
                for c in cns {
                    println!("Recipient CN: {}", addr(&c.cn));
                    println!("BINDING home address: {} care-of address: {}", addr(&m.home), addr(&c.coa));
                    println!(
                        "        expires: {} sequence: {} state: {} route optimised: {}",
                        c.expires,
                        c.seq,
                        c.state,
                        if c.active != 0 { "yes" } else { "no" }
                    );
                }
            }
        }
        Request::MnInfo => {
            let m = Device::open()?.mn_info()?;
            let registered = u8::from(m.state == abi::bul_state::BOUND);
            if json {
                if m.configured == 0 {
                    println!("{{\"mobile_node\":null}}");
                } else {
                    println!(
                        "{{\"mobile_node\":{{\"ifindex\":{},\"home_address\":\"{}\",\"prefix_len\":{},\"home_agent\":\"{}\",\"at_home\":{},\"registered\":{},\"care_of_address\":\"{}\",\"link_ifindex\":{}}}}}",
                        m.tnl_ifindex, addr(&m.home), m.home_plen, addr(&m.ha), m.at_home != 0, registered != 0, addr(&m.coa), m.link_ifindex
                    );
                }
            } else {
                println!("Mobile IPv6 Mobile Node information");
                println!("{:>2} {:<40} {:<36} {} {}", "If", "Home Address/plen", "Home Agent", "H", "R");
                if m.configured != 0 {
                    let h = format!("{}/{}", addr(&m.home), m.home_plen);
                    println!("{:>2} {:<40} {:<36} {} {}", m.tnl_ifindex, h, addr(&m.ha), m.at_home, registered);
                }
            }
        }
        Request::SetHome(h) => Device::open()?.mn_set_home(h)?,
        Request::Version => {
            println!("mipdiag v{} (mip6, ioctl ABI {})", abi::RELEASE, abi::ABI_VERSION);
            let v = Device::open()?.version()?;
            println!("mip6_base v{} (ioctl ABI {}), roles loaded: {}", v.release_str(), v.abi, role_names(v.roles_loaded));
            if v.abi != abi::ABI_VERSION {
                return Err(DiagError(format!(
                    "ioctl ABI mismatch: mipdiag speaks {}, the module {}",
                    abi::ABI_VERSION,
                    v.abi
                )));
            }
        }
        Request::DebugLevel(n) => {
            if let Some(n) = n {
                sysctl::set("debuglevel", *n)?;
            }
            println!("Debug level is {}.", sysctl::get("debuglevel")?);
        }
        Request::TunnelSitelocal(b) => {
            if let Some(b) = b {
                sysctl::set("tunnel_sitelocal", i64::from(*b))?;
            }
            let on = sysctl::get("tunnel_sitelocal")? != 0;
            println!("Tunnel site-local is {}.", if on { "ON" } else { "OFF" });
        }
        Request::Role(r) => {
            let dev = Device::open()?;
            if let Some(r) = r {
                dev.set_role(*r)?;
            }
            let n = dev.role()?;
            let name = abi::Role::from_u32(n).map_or("unknown", |r| r.name());
            println!("Role is {name}.");
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (reqs, json) = match parse(&args) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    for r in &reqs {
        if let Err(e) = run(r, json) {
            eprintln!("mipdiag: {e}");
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: &[&str]) -> Result<Vec<Request>, DiagError> {
        parse(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>()).map(|(r, _)| r)
    }

    #[test]
    fn options() {
        assert_eq!(p(&[]).unwrap(), vec![Request::Help]);
        assert_eq!(p(&["-?"]).unwrap(), vec![Request::Help]);
        assert_eq!(p(&["--version"]).unwrap(), vec![Request::Version]);
        assert_eq!(p(&["-d"]).unwrap(), vec![Request::DebugLevel(None)]);
        assert_eq!(p(&["-d3"]).unwrap(), vec![Request::DebugLevel(Some(3))]);
        assert_eq!(p(&["-d", "4"]).unwrap(), vec![Request::DebugLevel(Some(4))]);
        assert_eq!(p(&["--debuglevel=0"]).unwrap(), vec![Request::DebugLevel(Some(0))]);
        assert_eq!(p(&["-d", "-V"]).unwrap(), vec![Request::DebugLevel(None), Request::Version]);
        assert_eq!(p(&["-t", "yes"]).unwrap(), vec![Request::TunnelSitelocal(Some(true))]);
        assert_eq!(p(&["--role=ha"]).unwrap(), vec![Request::Role(Some(abi::Role::Ha))]);
        assert_eq!(p(&["-r"]).unwrap(), vec![Request::Role(None)]);
    }

    #[test]
    fn bad_options_are_one_clear_line() {
        for a in [&["-d8"][..], &["-dx"], &["-t", "maybe"], &["--role=router"], &["-x"], &["foo"], &["-"]] {
            let e = p(a).unwrap_err().0;
            assert!(e.starts_with("mipdiag: "), "{e}");
        }
        assert!(p(&["-I"]).unwrap_err().0.contains("not provided"));
        assert!(p(&["-i", "mip6mnha1", "-H"]).unwrap_err().0.contains("discovery"));
        assert_eq!(p(&["-h", "fec0::4/64", "-H", "fec0::1/64"]).unwrap_err().0, "You must specify device with -i.");
        assert_eq!(p(&["-i", "x", "-h", "fec0::4/64"]).unwrap_err().0, "Options -h and -H must be used together.");
        assert!(p(&["-i", "x", "-h", "fec0::4", "-H", "fec0::1/64"]).unwrap_err().0.contains("ADDRESS/PREFIXLEN"));
        assert!(p(&["-i", "x", "-h", "fec0::4/129", "-H", "fec0::1/64"]).unwrap_err().0.contains("prefix length"));
        let r = p(&["-i", "mip6mnha1", "-h", "fec0:106:2700::4/64", "-H", "fec0:106:2700::1/64"]).unwrap();
        match &r[..] {
            [Request::SetHome(h)] => {
                assert_eq!(h.ifname_str(), Some("mip6mnha1"));
                assert_eq!((h.home[15], h.home_plen, h.ha[15], h.ha_plen), (4, 64, 1, 64));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(p(&["-l", "-m"]).unwrap(), vec![Request::Bulist, Request::MnInfo]);
        assert_eq!(p(&["-c", "-s"]).unwrap(), vec![Request::Bcache, Request::Statistics]);
        let (r, json) = parse(&["-j".to_string(), "-c".to_string()]).unwrap();
        assert!(json && r == vec![Request::Bcache]);
    }

    #[test]
    fn role_mask_names() {
        assert_eq!(role_names(0b101), "cn ha");
        assert_eq!(role_names(0b111), "cn mn ha");
    }
}
