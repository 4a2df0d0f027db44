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
  -s, --statistics            show the Mobile IPv6 statistics counters
  -j, --json                  print -c and -s as JSON (like ip -j)
  -d, --debuglevel[=N]        show the debug level, or set it to N (0-7)
  -t, --tunnel_sitelocal[=yes|no]
                              show or set tunnelling of site-local traffic
  -r, --role[=cn|mn|ha]       show this namespace's Mobile IPv6 role, or set it
                              (mn needs mip6_mn loaded, ha needs mip6_ha)
  -V, --version               print mipdiag's and the loaded modules' versions
  -?, --help                  print this help

Setting anything needs CAP_NET_ADMIN over the namespace.
MIPL options not yet provided by this release: -l -m -I -i -h -H -P.
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
}

fn bad(msg: String) -> DiagError {
    DiagError(format!("{msg}\nTry 'mipdiag -?' for more information."))
}

/// Splits `--name=value` / `-xVALUE` / `-x VALUE` forms; `optional` values may only be
/// attached (`-d3`, `--debuglevel=3`) or, for `-x`, be the next non-option word.
fn parse(args: &[String]) -> Result<(Vec<Request>, bool), DiagError> {
    let mut out = Vec::new();
    let mut json = false;
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
            "l" | "bulist" | "m" | "mninfo" | "I" | "ifaces" | "i"
            | "h" | "H" | "P" => {
                return Err(DiagError(format!(
                    "mipdiag: option '{arg}' is not provided by mip6 {} yet",
                    abi::RELEASE
                )))
            }
            _ => return Err(bad(format!("mipdiag: unknown option '{arg}'"))),
        };
        out.push(req);
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
        assert!(p(&["-l"]).unwrap_err().0.contains("not provided"));
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
