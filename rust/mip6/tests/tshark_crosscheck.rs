//! Cross-check (b): packets we emit (IPv6 + MH, with HAO and RH2, plus the MIPv6 ICMPv6
//! messages and RA options) are written to a pcap and decoded by tshark (/usr/bin/tshark
//! or `$TSHARK`) with the expected field values and no malformed/error expert items. tshark
//! 4.0 does not verify the MH checksum, so Scapy's `in6_chksum` (which applies the HAO/RH2
//! pseudo-header rules itself) recomputes it from the same pcap. Fails if a tool is absent.

mod common;
use common::*;
use mip6::checksum::mh_pseudo_addresses;
use mip6::ext::{emit_hao_dest_opts, Rh2Repr, NH_DEST_OPTS, NH_MOBILITY, NH_ROUTING};
use mip6::icmp::{IcmpRepr, NdOption, PrefixInfo, ICMP_RA, RA_FLAG_HOME_AGENT};
use mip6::mh::{BindingAck, BindingUpdate, Message, Repr};
use mip6::mhopt::MsgAuth;
use mip6::rr::sign_mh;
use std::process::Command;

fn tshark() -> String {
    std::env::var("TSHARK").unwrap_or_else(|_| "/usr/bin/tshark".to_string())
}

fn ipv6(src: [u8; 16], dst: [u8; 16], nh: u8, payload: &[u8]) -> Vec<u8> {
    let mut p = vec![0x60, 0, 0, 0];
    p.extend_from_slice(&(payload.len() as u16).to_be_bytes());
    p.push(nh);
    p.push(64);
    p.extend_from_slice(&src);
    p.extend_from_slice(&dst);
    p.extend_from_slice(payload);
    p
}

fn write_pcap(path: &std::path::Path, pkts: &[Vec<u8>]) {
    let mut f = Vec::new();
    f.extend_from_slice(&0xa1b2c3d4u32.to_le_bytes());
    f.extend_from_slice(&2u16.to_le_bytes());
    f.extend_from_slice(&4u16.to_le_bytes());
    f.extend_from_slice(&[0; 8]);
    f.extend_from_slice(&65535u32.to_le_bytes());
    f.extend_from_slice(&101u32.to_le_bytes()); // LINKTYPE_RAW
    for (i, p) in pkts.iter().enumerate() {
        f.extend_from_slice(&(i as u32 + 1).to_le_bytes());
        f.extend_from_slice(&0u32.to_le_bytes());
        f.extend_from_slice(&(p.len() as u32).to_le_bytes());
        f.extend_from_slice(&(p.len() as u32).to_le_bytes());
        f.extend_from_slice(p);
    }
    std::fs::write(path, f).unwrap();
}

fn run_tshark(args: &[&str]) -> String {
    let t = tshark();
    let out = Command::new(&t)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {t:?} (set TSHARK): {e}"));
    assert!(
        out.status.success(),
        "tshark failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// One row per frame, one column per field; booleans normalised to 1/0.
fn fields(file: &str, names: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec!["-r", file, "-T", "fields", "-E", "separator=|"];
    for n in names {
        args.push("-e");
        args.push(n);
    }
    run_tshark(&args)
        .lines()
        .map(|l| {
            l.split('|')
                .map(|v| match v {
                    "True" => "1".to_string(),
                    "False" => "0".to_string(),
                    v => v.to_string(),
                })
                .collect()
        })
        .collect()
}

const HOME: &str = "2001:db8:1::100";
const COA: &str = "2001:db8:77::100";
const HA: &str = "2001:db8:1::1";
const CN: &str = "2001:db8:5::5";

fn build() -> Vec<Vec<u8>> {
    let (home, coa, ha, cn) = (addr(HOME), addr(COA), addr(HA), addr(CN));
    let mut pkts = Vec::new();
    let mut buf = [0u8; 512];

    // 1: BU with HAO, Nonce Indices and a signed Binding Authorization Data option.
    let auth = [0u8; 12];
    let mut r = Repr::new(Message::BindingUpdate(BindingUpdate {
        seq: 0x1234,
        ack: true,
        home_reg: true,
        link_local: true,
        key_mgmt: true,
        other_flags: 0,
        lifetime: 100,
    }));
    r.options.nonce_indices = Some((1, 2));
    r.options.auth_data = Some(&auth);
    let (ps, pd) = mh_pseudo_addresses(coa, cn, Some(home), None);
    let n = r.emit(&mut buf, &ps, &pd).unwrap();
    sign_mh(&mut buf[..n], &[0x42; 20], &coa, &cn, &ps, &pd).unwrap();
    let mut ext = vec![0u8; 24];
    emit_hao_dest_opts(&mut ext, NH_MOBILITY, &home).unwrap();
    ext.extend_from_slice(&buf[..n]);
    pkts.push(ipv6(coa, cn, NH_DEST_OPTS, &ext));

    // 2: BA through a type 2 routing header, with Binding Refresh Advice.
    let mut r = Repr::new(Message::BindingAck(BindingAck {
        status: 0,
        key_mgmt: true,
        other_flags: 0,
        seq: 0x1234,
        lifetime: 100,
    }));
    r.options.refresh_advice = Some(60);
    let (ps, pd) = mh_pseudo_addresses(ha, coa, None, Some(home));
    let n = r.emit(&mut buf, &ps, &pd).unwrap();
    let mut ext = vec![0u8; 24];
    Rh2Repr {
        next_header: NH_MOBILITY,
        segments_left: 1,
        home_address: home,
    }
    .emit(&mut ext)
    .unwrap();
    ext.extend_from_slice(&buf[..n]);
    pkts.push(ipv6(ha, coa, NH_ROUTING, &ext));

    // 3..8: the other messages, plain.
    let plain = [
        Message::HomeTestInit {
            cookie: [1, 2, 3, 4, 5, 6, 7, 8],
        },
        Message::CareOfTestInit { cookie: [9; 8] },
        Message::HomeTest {
            nonce_index: 3,
            cookie: [1, 2, 3, 4, 5, 6, 7, 8],
            token: [0xab; 8],
        },
        Message::CareOfTest {
            nonce_index: 4,
            cookie: [9; 8],
            token: [0xcd; 8],
        },
        Message::BindingRefreshRequest,
        Message::BindingError {
            status: 1,
            home_address: home,
        },
    ];
    for m in plain {
        let n = Repr::new(m).emit(&mut buf, &home, &cn).unwrap();
        pkts.push(ipv6(home, cn, NH_MOBILITY, &buf[..n]));
    }

    // 9: BU with Alternate CoA, MN-ID, Replay Protection and Message Authentication.
    let mut r = Repr::new(Message::BindingUpdate(BindingUpdate {
        seq: 7,
        ack: true,
        home_reg: true,
        lifetime: 50,
        ..Default::default()
    }));
    r.options.alt_coa = Some(coa);
    r.options.mn_id = Some((1, b"mn1@example.org"));
    r.options.replay = Some(0x0102030405060708);
    r.options.msg_auth = Some(MsgAuth {
        subtype: 1,
        spi: 0x1000,
        data: &[0x5a; 12],
    });
    let n = r.emit(&mut buf, &coa, &ha).unwrap();
    pkts.push(ipv6(coa, ha, NH_MOBILITY, &buf[..n]));

    // 10..13: ICMPv6 HAAD request/reply, MPS, MPA.
    let haaddrs = [ha, addr("2001:db8:1::2")].concat();
    let mut pi = [0u8; 32];
    NdOption::PrefixInfo(PrefixInfo {
        prefix_len: 64,
        on_link: true,
        autonomous: true,
        router_address: true,
        valid_lifetime: 86400,
        preferred_lifetime: 14400,
        prefix: ha,
    })
    .emit(&mut pi)
    .unwrap();
    let icmps = [
        (
            coa,
            addr("2001:db8:1::fdff:ffff:ffff:fffe"),
            IcmpRepr::HaadRequest { identifier: 0x4444 },
        ),
        (
            ha,
            coa,
            IcmpRepr::HaadReply {
                identifier: 0x4444,
                addresses: &haaddrs,
            },
        ),
        (
            home,
            ha,
            IcmpRepr::PrefixSolicitation { identifier: 0x5555 },
        ),
        (
            ha,
            home,
            IcmpRepr::PrefixAdvertisement {
                identifier: 0x5555,
                managed: true,
                other: true,
                options: &pi,
            },
        ),
    ];
    for (s, d, m) in icmps {
        let n = m.emit(&mut buf, &s, &d).unwrap();
        pkts.push(ipv6(s, d, 58, &buf[..n]));
    }

    // 14: RA with H flag, Advertisement Interval, Home Agent Information, PI with R.
    let ll = addr("fe80::1");
    let all = addr("ff02::1");
    let mut ra = vec![0u8; 16];
    ra[0] = ICMP_RA;
    ra[4] = 64;
    ra[5] = RA_FLAG_HOME_AGENT;
    ra[6..8].copy_from_slice(&1800u16.to_be_bytes());
    for o in [
        NdOption::AdvInterval(1500),
        NdOption::HomeAgentInfo {
            preference: 10,
            lifetime: 1800,
        },
    ] {
        let mut b = [0u8; 8];
        o.emit(&mut b).unwrap();
        ra.extend_from_slice(&b);
    }
    ra.extend_from_slice(&pi);
    let c = mip6::checksum::checksum(&ll, &all, 58, &ra);
    ra[2..4].copy_from_slice(&c.to_be_bytes());
    pkts.push(ipv6(ll, all, 58, &ra));
    pkts
}

fn pcap_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mip6-xcheck-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn tshark_decodes_our_packets() {
    let pkts = build();
    let path = pcap_path("ours.pcap");
    write_pcap(&path, &pkts);
    let file = path.to_str().unwrap();

    let verbose = run_tshark(&["-r", file, "-V"]);
    assert!(
        verbose.contains("Mobile IPv6"),
        "tshark did not dissect MIPv6:\n{verbose}"
    );
    for bad in [
        "Malformed",
        "[Expert Info (Error",
        "incorrect",
        "Bad checksum",
        "[Checksum Status: Bad]",
    ] {
        assert!(!verbose.contains(bad), "tshark reports {bad:?}:\n{verbose}");
    }
    let errs = run_tshark(&[
        "-r",
        file,
        "-Y",
        "_ws.malformed || _ws.expert.severity == error || icmpv6.checksum.status == 0",
    ]);
    assert!(errs.trim().is_empty(), "malformed/error frames: {errs}");

    let f = fields(
        file,
        &[
            "mip6.mhtype",
            "mip6.proto",
            "mip6.hlen",
            "mip6.bu.seqnr",
            "mip6.bu.a_flag",
            "mip6.bu.h_flag",
            "mip6.bu.l_flag",
            "mip6.bu.k_flag",
            "mip6.bu.lifetime",
            "ipv6.opt.mipv6.home_address",
            "mip6.ni.hni",
            "mip6.ni.cni",
        ],
    );
    assert_eq!(
        f[0],
        ["5", "59", "3", "4660", "1", "1", "1", "1", "100", HOME, "1", "2"]
    );

    let f = fields(
        file,
        &[
            "mip6.mhtype",
            "ipv6.routing.type",
            "ipv6.routing.segleft",
            "mip6.ba.status",
            "mip6.ba.k_flag",
            "mip6.ba.seqnr",
            "mip6.ba.lifetime",
            "mip6.bra.interval",
        ],
    );
    assert_eq!(f[1], ["6", "2", "1", "0", "1", "4660", "100", "60"]);

    let f = fields(
        file,
        &[
            "mip6.mhtype",
            "mip6.hoti.cookie",
            "mip6.coti.cookie",
            "mip6.hot.nindex",
            "mip6.hot.cookie",
            "mip6.hot.token",
            "mip6.cot.nindex",
            "mip6.cot.cookie",
            "mip6.be.status",
            "mip6.be.haddr",
        ],
    );
    assert_eq!(f[2][..2], ["1", "0x0102030405060708"]);
    assert_eq!(f[3][..3], ["2", "", "0x0909090909090909"]);
    assert_eq!(f[4][0], "3");
    assert_eq!(
        f[4][3..6],
        ["3", "0x0102030405060708", "0xabababababababab"]
    );
    assert_eq!(f[5][0], "4");
    assert_eq!(f[5][6..8], ["4", "0x0909090909090909"]);
    assert_eq!(f[6][0], "0");
    assert_eq!(f[7][0], "7");
    assert_eq!(f[7][8..], ["1", HOME]);

    let f = fields(
        file,
        &[
            "mip6.mhtype",
            "mip6.acoa.acoa",
            "mip6.mnid.subtype",
            "mip6.mnid.identifier",
            "mip6.bu.seqnr",
        ],
    );
    assert_eq!(f[8], ["5", COA, "1", "mn1@example.org", "7"]);

    let f = fields(
        file,
        &[
            "icmpv6.type",
            "icmpv6.mip6.identifier",
            "icmpv6.mip6.home_agent_address",
            "icmpv6.mip6.flag.m",
            "icmpv6.mip6.flag.o",
            "icmpv6.opt.prefix.flag.r",
            "icmpv6.checksum.status",
        ],
    );
    assert_eq!(f[9][..2], ["144", "17476"]);
    assert_eq!(f[10][..3], ["145", "17476", &format!("{HA},2001:db8:1::2")]);
    assert_eq!(f[11][..2], ["146", "21845"]);
    assert_eq!(f[12][..6], ["147", "21845", "", "1", "1", "1"]);
    for row in &f[9..] {
        assert_eq!(row[6], "1", "ICMPv6 checksum good");
    }
    let f = fields(
        file,
        &["icmpv6.type", "icmpv6.nd.ra.flag.h", "icmpv6.opt.hai.value"],
    );
    assert_eq!(f[13][..2], ["134", "1"]);
    assert!(
        verbose.contains("Advertisement Interval: 1500"),
        "adv interval decoded"
    );
    // tshark 4.0 labels both HA Information fields "Home Agent Preference".
    assert!(
        verbose.contains("Home Agent Preference: 10\n"),
        "HA preference decoded"
    );
    assert!(verbose.contains(": 1800\n"), "HA lifetime decoded");
}

#[test]
fn scapy_recomputes_our_mh_checksums() {
    let pkts = build();
    let path = pcap_path("ours-cksum.pcap");
    write_pcap(&path, &pkts);
    let script = format!(
        r#"
import struct
from scapy.utils import RawPcapReader
from scapy.layers.inet6 import IPv6, in6_chksum, _MobilityHeader, IPv6ExtHdrDestOpt, HAO
n = 0
for raw, _ in RawPcapReader({path:?}):
    p = IPv6(raw)
    # scapy's pseudo-header code only looks at options[0] for the HAO, but a dissected
    # header lists the PadN that 8n+6 alignment needs first: keep only the HAO.
    for d in (l for l in p.iterpayloads() if isinstance(l, IPv6ExtHdrDestOpt)):
        d.options = [o for o in d.options if isinstance(o, HAO)] or d.options
    mh = p
    while mh is not None and not isinstance(mh, _MobilityHeader):
        mh = mh.payload if mh.payload else None
    if mh is None:
        continue
    size = (mh.len + 1) * 8
    mhraw = bytearray(raw[-size:])
    stored = struct.unpack("!H", bytes(mhraw[4:6]))[0]
    mhraw[4:6] = b"\0\0"
    calc = in6_chksum(135, mh, bytes(mhraw))
    print(stored == calc, hex(stored), hex(calc))
    n += 1
print("checked", n)
"#,
        path = path.to_str().unwrap()
    );
    let out = run_python(&script);
    assert!(out.contains("checked 9"), "{out}");
    assert!(
        !out.contains("False"),
        "checksum mismatch per scapy:\n{out}"
    );
}
