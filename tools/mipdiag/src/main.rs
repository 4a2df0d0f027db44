//! mipdiag: Mobile IPv6 diagnostics and configuration, with MIPL 1.0's options and output.

mod device;
mod keys;
mod sysctl;

use device::{Device, DiagError};
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
  -p, --policy                show the binding policy: home addresses and prefixes
                              with their MN-HA credential (SPI, key length; never
                              the key) or unauthenticated
  -j, --json                  print -c, -l, -m, -p and -s as JSON (like ip -j)
  -i IFNAME -h ADDR/PLEN -H ADDR/PLEN
                              mobile node: home address ADDR/PLEN (a /64) on the
                              home tunnel device IFNAME (created, e.g. mip6mnha1),
                              home agent ADDR/PLEN
  -d, --debuglevel[=N]        show the debug level, or set it to N (0-7)
  -t, --tunnel_sitelocal[=yes|no]
                              show or set tunnelling of site-local traffic
  -r, --role[=cn|mn|ha]       show this namespace's Mobile IPv6 role, or set it
                              (mn needs mip6_mn loaded, ha needs mip6_ha)
  -k, --keys=FILE             add or replace binding policy entries from FILE (the
                              whole file is checked first; nothing is set if a line
                              is wrong). One entry per line, # starts a comment:
                                ADDR[/PLEN] spi SPI key HEX
                                ADDR/PLEN unauthenticated
                              PLEN defaults to 128; SPI >= 256, decimal or 0x-hex;
                              HEX is a 1-64 byte key in hex. FILE should be mode 600
      --policy-del=ADDR/PLEN  delete the binding policy entry for ADDR/PLEN
      --policy-flush          delete every binding policy entry
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
    Policy,
    SetPolicy(keys::KeyFile),
    DelPolicy([u8; 16], u8),
    FlushPolicy,
}

/// `ADDR/PLEN` (an IPv6 address and a prefix length 0-128).
fn addr_plen(opt: &str, v: &str) -> Result<([u8; 16], u8), DiagError> {
    let (a, p) = v
        .split_once('/')
        .ok_or_else(|| bad(format!("mipdiag: {opt} takes ADDRESS/PREFIXLEN, not '{v}'")))?;
    let a: std::net::Ipv6Addr = a
        .parse()
        .map_err(|_| bad(format!("mipdiag: '{a}' is not an IPv6 address")))?;
    let p: u8 = p
        .parse()
        .ok()
        .filter(|p| *p <= 128)
        .ok_or_else(|| bad(format!("mipdiag: bad prefix length '{p}'")))?;
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
        let (name, mut value): (String, Option<String>) = if let Some(long) = arg.strip_prefix("--")
        {
            match long.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (long.to_string(), None),
            }
        } else if let Some(short) = arg.strip_prefix('-') {
            let mut chars = short.chars();
            match chars.next() {
                Some(c) => {
                    let rest: String = chars.collect();
                    (
                        c.to_string(),
                        if rest.is_empty() { None } else { Some(rest) },
                    )
                }
                None => return Err(bad("mipdiag: '-' is not an option".into())),
            }
        } else {
            return Err(bad(format!("mipdiag: unexpected argument '{arg}'")));
        };
        let short = arg.starts_with('-') && !arg.starts_with("--");
        // `-d 3`: a separate value word is taken when it does not look like an option;
        // options that need a value take it in their long form too (`--keys FILE`).
        let mut take_next = |value: &mut Option<String>, needed: bool| {
            if value.is_none() && (short || needed) && i < args.len() && !args[i].starts_with('-') {
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
                take_next(&mut value, false);
                let n = match value {
                    None => None,
                    Some(v) => match v.parse::<i64>() {
                        Ok(n) if (0..=7).contains(&n) => Some(n),
                        _ => {
                            return Err(bad(format!("mipdiag: debug level must be 0-7, not '{v}'")))
                        }
                    },
                };
                Request::DebugLevel(n)
            }
            "t" | "tunnel_sitelocal" => {
                take_next(&mut value, false);
                let b = match value.as_deref() {
                    None => None,
                    Some("yes") | Some("on") | Some("1") => Some(true),
                    Some("no") | Some("off") | Some("0") => Some(false),
                    Some(v) => {
                        return Err(bad(format!(
                            "mipdiag: tunnel_sitelocal takes yes or no, not '{v}'"
                        )))
                    }
                };
                Request::TunnelSitelocal(b)
            }
            "r" | "role" => {
                take_next(&mut value, false);
                let r = match value {
                    None => None,
                    Some(v) => match abi::Role::from_name(&v) {
                        Some(r) => Some(r),
                        None => {
                            return Err(bad(format!(
                                "mipdiag: role must be cn, mn or ha, not '{v}'"
                            )))
                        }
                    },
                };
                Request::Role(r)
            }
            "p" | "policy" | "policy-flush" => {
                if value.is_some() {
                    return Err(bad(format!("mipdiag: option '{arg}' takes no value")));
                }
                if name == "policy-flush" {
                    Request::FlushPolicy
                } else {
                    Request::Policy
                }
            }
            "k" | "keys" => {
                take_next(&mut value, true);
                match value {
                    Some(f) if !f.is_empty() => Request::SetPolicy(keys::KeyFile::new(&f)),
                    _ => return Err(bad(format!("mipdiag: option '{arg}' needs a key FILE"))),
                }
            }
            "policy-del" => {
                take_next(&mut value, true);
                let Some(v) = value else {
                    return Err(bad("mipdiag: option '--policy-del' needs ADDR/PLEN".into()));
                };
                let (prefix, plen) =
                    keys::prefix(&v).map_err(|e| bad(format!("mipdiag: --policy-del: {e}")))?;
                Request::DelPolicy(prefix, plen)
            }
            "l" | "bulist" => Request::Bulist,
            "m" | "mninfo" => Request::MnInfo,
            "i" | "h" | "H" => {
                take_next(&mut value, false);
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
        (Some(_), None, None) => {
            return Err(bad(
                "mipdiag: -i needs -h and -H (or -P, not provided yet)".into()
            ))
        }
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
            out.push(Request::SetHome(abi::MnHome {
                ifname: name,
                home: h,
                home_plen: hp,
                ha: a,
                ha_plen: ap,
            }));
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
                println!(
                    "{:<44}{:<44}{:<10}{:<5}",
                    "Home Address", "Care-of Address", "Lifetime", "Type"
                );
                for e in &entries {
                    println!(
                        "{:<44}{:<44}{:<10}{:<5}",
                        addr(&e.home),
                        addr(&e.coa),
                        e.lifetime_left,
                        e.kind
                    );
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
                    println!(
                        "BINDING home address: {} care-of address: {}",
                        addr(&m.home),
                        addr(&coa)
                    );
                    println!(
                        "        expires: {} sequence: {} state: {}",
                        m.expires, m.seq, m.state
                    );
                    println!(
                        "        delay: {} max delay 32 callback time: {}",
                        m.delay_ms / 1000,
                        m.callback
                    );
                }
                for c in cns {
                    println!("Recipient CN: {}", addr(&c.cn));
                    println!(
                        "BINDING home address: {} care-of address: {}",
                        addr(&m.home),
                        addr(&c.coa)
                    );
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
                println!(
                    "{:>2} {:<40} {:<36} H R",
                    "If", "Home Address/plen", "Home Agent"
                );
                if m.configured != 0 {
                    let h = format!("{}/{}", addr(&m.home), m.home_plen);
                    println!(
                        "{:>2} {:<40} {:<36} {} {}",
                        m.tnl_ifindex,
                        h,
                        addr(&m.ha),
                        m.at_home,
                        registered
                    );
                }
            }
        }
        Request::SetHome(h) => Device::open()?.mn_set_home(h)?,
        Request::Policy => {
            let entries = Device::open()?.policy()?;
            let unauthenticated = |e: &abi::PolicyEntry| e.flags & abi::POLICY_UNAUTHENTICATED != 0;
            if json {
                let rows: Vec<String> = entries
                    .iter()
                    .map(|e| {
                        format!(
                            "{{\"prefix\":\"{}\",\"plen\":{},\"spi\":{},\"key_len\":{},\"unauthenticated\":{}}}",
                            addr(&e.prefix),
                            e.plen,
                            e.spi,
                            e.key_len,
                            unauthenticated(e)
                        )
                    })
                    .collect();
                println!("{{\"binding_policy\":[{}]}}", rows.join(","));
            } else {
                println!("Mobile IPv6 Binding policy");
                println!("{:<44}Credential", "Home Address/Prefix");
                for e in &entries {
                    let credential = if unauthenticated(e) {
                        "unauthenticated".to_string()
                    } else {
                        format!("spi {} ({}-byte key)", e.spi, e.key_len)
                    };
                    println!(
                        "{:<44}{credential}",
                        format!("{}/{}", addr(&e.prefix), e.plen)
                    );
                }
            }
        }
        Request::SetPolicy(k) => {
            let dev = Device::open()?;
            for (line, p) in k.entries() {
                dev.set_policy(p)
                    .map_err(|e| DiagError(format!("{}:{line}: {e}", k.path)))?;
            }
        }
        Request::DelPolicy(prefix, plen) => {
            if !Device::open()?.del_policy(prefix, *plen)? {
                return Err(DiagError(format!(
                    "no binding policy entry for {}/{plen}",
                    addr(prefix)
                )));
            }
        }
        Request::FlushPolicy => {
            let dev = Device::open()?;
            for e in dev.policy()? {
                // An entry deleted meanwhile by someone else is gone all the same.
                dev.del_policy(&e.prefix, e.plen)?;
            }
        }
        Request::Version => {
            println!(
                "mipdiag v{} (mip6, ioctl ABI {})",
                abi::RELEASE,
                abi::ABI_VERSION
            );
            let v = Device::open()?.version()?;
            println!(
                "mip6_base v{} (ioctl ABI {}), roles loaded: {}",
                v.release_str(),
                v.abi,
                role_names(v.roles_loaded)
            );
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
    let (mut reqs, json) = match parse(&args) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    // Every key file is read and checked before anything is sent.
    for r in reqs.iter_mut() {
        if let Request::SetPolicy(k) = r {
            if let Err(e) = k.load() {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    }
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
        assert_eq!(
            p(&["--debuglevel=0"]).unwrap(),
            vec![Request::DebugLevel(Some(0))]
        );
        assert_eq!(
            p(&["-d", "-V"]).unwrap(),
            vec![Request::DebugLevel(None), Request::Version]
        );
        assert_eq!(
            p(&["-t", "yes"]).unwrap(),
            vec![Request::TunnelSitelocal(Some(true))]
        );
        assert_eq!(
            p(&["--role=ha"]).unwrap(),
            vec![Request::Role(Some(abi::Role::Ha))]
        );
        assert_eq!(p(&["-r"]).unwrap(), vec![Request::Role(None)]);
    }

    #[test]
    fn bad_options_are_one_clear_line() {
        for a in [
            &["-d8"][..],
            &["-dx"],
            &["-t", "maybe"],
            &["--role=router"],
            &["-x"],
            &["foo"],
            &["-"],
        ] {
            let e = p(a).unwrap_err().0;
            assert!(e.starts_with("mipdiag: "), "{e}");
        }
        assert!(p(&["-I"]).unwrap_err().0.contains("not provided"));
        assert!(p(&["-i", "mip6mnha1", "-H"])
            .unwrap_err()
            .0
            .contains("discovery"));
        assert_eq!(
            p(&["-h", "fec0::4/64", "-H", "fec0::1/64"]).unwrap_err().0,
            "You must specify device with -i."
        );
        assert_eq!(
            p(&["-i", "x", "-h", "fec0::4/64"]).unwrap_err().0,
            "Options -h and -H must be used together."
        );
        assert!(p(&["-i", "x", "-h", "fec0::4", "-H", "fec0::1/64"])
            .unwrap_err()
            .0
            .contains("ADDRESS/PREFIXLEN"));
        assert!(p(&["-i", "x", "-h", "fec0::4/129", "-H", "fec0::1/64"])
            .unwrap_err()
            .0
            .contains("prefix length"));
        let r = p(&[
            "-i",
            "mip6mnha1",
            "-h",
            "fec0:106:2700::4/64",
            "-H",
            "fec0:106:2700::1/64",
        ])
        .unwrap();
        match &r[..] {
            [Request::SetHome(h)] => {
                assert_eq!(h.ifname_str(), Some("mip6mnha1"));
                assert_eq!(
                    (h.home[15], h.home_plen, h.ha[15], h.ha_plen),
                    (4, 64, 1, 64)
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            p(&["-l", "-m"]).unwrap(),
            vec![Request::Bulist, Request::MnInfo]
        );
        assert_eq!(
            p(&["-c", "-s"]).unwrap(),
            vec![Request::Bcache, Request::Statistics]
        );
        let (r, json) = parse(&["-j".to_string(), "-c".to_string()]).unwrap();
        assert!(json && r == vec![Request::Bcache]);
    }

    #[test]
    fn policy_options() {
        let file = |r: &Request| match r {
            Request::SetPolicy(k) => k.path.clone(),
            other => panic!("{other:?}"),
        };
        for a in [
            &["-k", "/etc/mip6-keys"][..],
            &["-k/etc/mip6-keys"],
            &["--keys=/etc/mip6-keys"],
            &["--keys", "/etc/mip6-keys"],
        ] {
            let r = p(a).unwrap();
            assert_eq!(r.len(), 1);
            assert_eq!(file(&r[0]), "/etc/mip6-keys");
        }
        assert_eq!(p(&["-p"]).unwrap(), vec![Request::Policy]);
        assert_eq!(p(&["--policy"]).unwrap(), vec![Request::Policy]);
        assert_eq!(p(&["--policy-flush"]).unwrap(), vec![Request::FlushPolicy]);
        let mut prefix = [0u8; 16];
        prefix[..6].copy_from_slice(&[0xfe, 0xc0, 0x01, 0x06, 0x27, 0x00]);
        assert_eq!(
            p(&["--policy-del=fec0:106:2700::/64"]).unwrap(),
            vec![Request::DelPolicy(prefix, 64)]
        );
        assert_eq!(
            p(&["--policy-del", "fec0:106:2700::/64"]).unwrap(),
            vec![Request::DelPolicy(prefix, 64)]
        );
        prefix[15] = 4;
        assert_eq!(
            p(&["--policy-del=fec0:106:2700::4"]).unwrap(),
            vec![Request::DelPolicy(prefix, 128)]
        );
        let (r, json) = parse(&["-j".to_string(), "-p".to_string()]).unwrap();
        assert!(json && r == vec![Request::Policy]);
        for a in [
            &["-k"][..],
            &["--keys"],
            &["-k", "-p"],
            &["--keys="],
            &["--policy-del"],
            &["--policy=x"],
            &["--policy-flush=1"],
        ] {
            let e = p(a).unwrap_err().0;
            assert!(
                e.starts_with("mipdiag: ") && e.contains("option"),
                "{a:?}: {e}"
            );
        }
        for (a, want) in [
            ("fec0::4/129", "prefix length"),
            ("fec0::x/64", "not an IPv6 address"),
            (
                "fec0::4/64",
                "bits set past the prefix length: write fec0::/64",
            ),
        ] {
            let e = p(&["--policy-del", a]).unwrap_err().0;
            assert!(
                e.starts_with("mipdiag: --policy-del: ") && e.contains(want),
                "{a}: {e}"
            );
        }
    }

    const KEY20: &str = "000102030405060708090a0b0c0d0e0f10111213";

    #[test]
    fn key_file_good() {
        let text = format!(
            "# binding policy of the home agent\n\n\
             fec0:106:2700::4 spi 4096 key {KEY20}   # the MN of the HOWTO\n\
             \tfec0:106:2700::5/128  SPI 0x1001  KEY {}\r\n\
             fec0:106:2700::/64 unauthenticated\n\
             fec0:106:2800::/48 key 00 spi 256\n\
             ::/0 unauthenticated",
            "AB".repeat(64)
        );
        let e = keys::parse("keys", text.as_bytes()).unwrap();
        let got: Vec<(usize, u8, u8, u32, u16)> = e
            .iter()
            .map(|(n, p)| (*n, p.plen, p.flags, p.spi, p.key_len))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, 128, 0, 4096, 20),
                (4, 128, 0, 0x1001, 64),
                (5, 64, abi::POLICY_UNAUTHENTICATED, 0, 0),
                (6, 48, 0, 256, 1),
                (7, 0, abi::POLICY_UNAUTHENTICATED, 0, 0),
            ]
        );
        assert_eq!(
            e[0].1.prefix,
            "fec0:106:2700::4"
                .parse::<std::net::Ipv6Addr>()
                .unwrap()
                .octets()
        );
        assert_eq!(e[0].1.key(), (0u8..20).collect::<Vec<_>>().as_slice());
        assert_eq!(e[1].1.key(), [0xab; 64].as_slice());
        assert_eq!(e[3].1.key(), [0].as_slice());
        assert!(e[2].1.key.iter().all(|&b| b == 0));
        assert!(keys::parse("keys", b"# nothing\n\n").unwrap().is_empty());
    }

    #[test]
    fn key_file_bad_is_one_line_with_file_and_line() {
        let secret = "c0ffee11c0ffee22c0ffee33";
        for (line, want) in [
            (format!("fec0::4 key {KEY20}"), "spi missing"),
            ("fec0::4 spi 4096".to_string(), "key missing"),
            (
                "fec0::4".to_string(),
                "needs 'spi SPI key HEX' or 'unauthenticated'",
            ),
            (
                format!("fec0::4 spi 255 key {KEY20}"),
                "spi 255 is reserved",
            ),
            (format!("fec0::4 spi 0 key {KEY20}"), "spi 0 is reserved"),
            (
                format!("fec0::4 spi 4294967296 key {KEY20}"),
                "spi is too large",
            ),
            (format!("fec0::4 spi -1 key {KEY20}"), "spi is not a number"),
            (format!("fec0::4 key {KEY20} spi"), "spi needs a value"),
            (
                "fec0::4 spi 4096 key 012".to_string(),
                "odd number of hex digits",
            ),
            (
                format!("fec0::4 spi 4096 key {}", "00".repeat(65)),
                "longer than 64 bytes",
            ),
            (
                format!("fec0::4 spi 4096 key {secret}zz"),
                "not hexadecimal",
            ),
            (
                format!("fec0::4 spi 4096 key {KEY20} key {KEY20}"),
                "key given twice",
            ),
            (
                format!("fec0::g spi 4096 key {KEY20}"),
                "'fec0::g' is not an IPv6 address",
            ),
            (
                format!("fec0::/129 spi 4096 key {KEY20}"),
                "bad prefix length in 'fec0::/129' (0-128)",
            ),
            (
                format!("fec0::/x spi 4096 key {KEY20}"),
                "bad prefix length",
            ),
            (
                format!("fec0:106:2700::4/64 spi 4096 key {KEY20}"),
                "write fec0:106:2700::/64 for the prefix",
            ),
            (
                format!("fec0::4 spi 4096 kye {secret}"),
                "unexpected word 4",
            ),
            (format!("fec0::4 spi 4096 {secret}"), "unexpected word 4"),
            (
                format!("fec0::4 spi 4096 key {secret} {secret}"),
                "unexpected word 6",
            ),
            (
                format!("{secret} spi 4096 key {KEY20}"),
                "expected an IPv6 address",
            ),
            (
                format!("fec0::/64 unauthenticated key {secret}"),
                "unauthenticated entry takes no spi or key",
            ),
            (
                "fec0::/64 spi 4096 unauthenticated".to_string(),
                "unauthenticated entry takes no spi or key",
            ),
        ] {
            let text = format!(
                "# keys\nfec0::1 spi 300 key {KEY20}\n{line}\nfec0::2 spi 301 key {KEY20}\n"
            );
            let e = keys::parse("/etc/mip6-keys", text.as_bytes())
                .unwrap_err()
                .0;
            assert!(
                e.starts_with("mipdiag: /etc/mip6-keys:3: ") && e.contains(want),
                "{line}: {e}"
            );
            assert!(!e.contains('\n'), "{e}");
            assert!(
                !e.contains(secret) && !e.contains(KEY20),
                "a key in an error: {e}"
            );
        }
        let dup = format!("fec0::/64 unauthenticated\nfec0::1/64 spi 300 key {KEY20}\n");
        assert!(keys::parse("k", dup.as_bytes())
            .unwrap_err()
            .0
            .contains("bits set"));
        let dup = format!("fec0::/64 unauthenticated\n\nfec0:0::/64 spi 300 key {KEY20}\n");
        assert_eq!(
            keys::parse("k", dup.as_bytes()).unwrap_err().0,
            "mipdiag: k:3: fec0::/64 is already given on line 1"
        );
        assert!(keys::parse("k", b"fec0::/64 unauthenticated\n\xff\n")
            .unwrap_err()
            .0
            .starts_with("mipdiag: k:2: not UTF-8"));
        let many: String = (0..=abi::POLICY_MAX)
            .map(|i| format!("fec0::{i:x} unauthenticated\n"))
            .collect();
        assert!(keys::parse("k", many.as_bytes())
            .unwrap_err()
            .0
            .starts_with("mipdiag: k:4097: more than 4096 entries"));
    }

    #[test]
    fn key_file_load() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("mipdiag-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("keys");
        std::fs::write(&path, format!("fec0:106:2700::4 spi 4096 key {KEY20}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let mut k = keys::KeyFile::new(path.to_str().unwrap());
        k.load().unwrap();
        assert_eq!(k.entries().len(), 1);
        assert_eq!(
            (
                k.entries()[0].0,
                k.entries()[0].1.spi,
                k.entries()[0].1.key_len
            ),
            (1, 4096, 20)
        );
        std::fs::write(&path, "fec0:106:2700::4 spi 4096\n").unwrap();
        let e = keys::KeyFile::new(path.to_str().unwrap())
            .load()
            .unwrap_err()
            .0;
        assert_eq!(
            e,
            format!(
                "mipdiag: {}:1: key missing (ADDR[/PLEN] spi SPI key HEX)",
                path.display()
            )
        );
        let e = keys::KeyFile::new(dir.join("none").to_str().unwrap())
            .load()
            .unwrap_err()
            .0;
        assert!(
            e.starts_with("mipdiag: ") && e.contains("No such file"),
            "{e}"
        );
        let e = keys::KeyFile::new(dir.to_str().unwrap())
            .load()
            .unwrap_err()
            .0;
        assert!(e.contains("is a directory"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn role_mask_names() {
        assert_eq!(role_names(0b101), "cn ha");
        assert_eq!(role_names(0b111), "cn mn ha");
    }
}
