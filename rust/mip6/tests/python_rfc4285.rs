//! Independent check of the RFC 4285 MN-HA authenticator (`mip6::auth`): Python's
//! hashlib/hmac, in a script written here (no project code), computes
//! First(96, HMAC_SHA1(key, CoA | HoA | MH Data)) for Binding Updates and Binding
//! Acknowledgements that `mip6::auth::sign` signed, and builds its own signed messages that
//! `mip6::auth::verify` must accept (and reject with one bit flipped).
//!
//! Also checks that the selftests' Scapy mobile node (tools/testing/selftests/mip6/mn_peer.py)
//! signs and verifies the same way as the core the kernel uses.
//!
//! Uses `$MIP6_PYTHON` (default /var/cache/mip6/venv/bin/python3); fails, never skips, if
//! the interpreter is missing. `MIP6_TEST_SEED=N` repeats a run (the seed is printed).

mod common;
use common::*;
use mip6::auth::{self, Credential, HomeAuth, AUTH_DATA_LEN, SUBTYPE_MN_HA};
use mip6::mh::{ba_status, BindingAck, BindingUpdate, Message, Packet, Repr};
use mip6::mhopt::MsgAuth;
use std::io::Write;
use std::process::{Command, Stdio};

const HA: &str = "fec0:106:2700::1";
const HOME: &str = "fec0:106:2700::4";
const COA: &str = "fec0:106:1100::10";
const ALT: &str = "fec0:106:1000::77";

/// Python, from its own reading of RFC 4285 §5.1 and RFC 6275 §6.1: for every input line
/// "NAME KEY COA HOA PSRC PDST MH" (hex) prints "NAME AUTH CKSUM LAST" where AUTH is the
/// authenticator it computes, CKSUM whether the MH checksum verifies over the
/// pseudo-header PSRC/PDST, LAST whether the MN-HA option is the last one and ends where
/// Header Len says.
const VERIFY: &str = r#"
import hashlib, hmac, struct, sys
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return s
for line in sys.stdin:
    name, key, coa, hoa, psrc, pdst, mh = line.split()
    key, coa, hoa, psrc, pdst, mh = (bytes.fromhex(x) for x in (key, coa, hoa, psrc, pdst, mh))
    mh = mh[:(mh[1] + 1) * 8]
    ph = psrc + pdst + struct.pack("!I", len(mh)) + b"\0\0\0\x87"
    ck = csum(ph + mh) == 0xffff
    off, at, last = 12, None, False          # BU and BA: options at offset 12
    while off < len(mh):
        if mh[off] == 0: off += 1; continue
        t, l = mh[off], mh[off + 1]
        if t == 9 and mh[off + 2] == 1 and at is None:
            at = off + 7                     # type, length, subtype, SPI
            last = off + 2 + l == len(mh) and l == 5 + 12
        off += 2 + l
    if at is None:
        print(name, "none", int(ck), 0); continue
    data = mh[:4] + b"\0\0" + mh[6:at] + mh[at + 12:]
    print(name, hmac.new(key, coa + hoa + data, hashlib.sha1).digest()[:12].hex(), int(ck), int(last))
"#;

/// Python builds signed messages: for every input line
/// "NAME KIND SEQ STATUS LIFETIME TS ALT SPI KEY COA HOA PSRC PDST" (KIND bu|ba, TS hex or
/// "-", ALT an address or "-") prints "NAME MH" with the Mobility Header in hex: options in
/// the order [Alternate CoA (8n+6)] [Replay Protection (8n+2)] MN-HA (4n+1, last, ending on
/// an 8-octet boundary), padded with Pad1/PadN, checksum over PSRC/PDST.
const BUILD: &str = r#"
import hashlib, hmac, ipaddress, struct, sys
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return s
def pad(n):
    return b"" if n == 0 else b"\0" if n == 1 else bytes([1, n - 2]) + bytes(n - 2)
def align(body, x, y):
    at = 6 + len(body)                      # body starts after the checksum
    return body + pad((y - at) % x)
for line in sys.stdin:
    name, kind, seq, status, life, ts, alt, spi, key, coa, hoa, psrc, pdst = line.split()
    seq, status, life, spi = int(seq), int(status), int(life), int(spi)
    key, coa, hoa, psrc, pdst = (bytes.fromhex(x) for x in (key, coa, hoa, psrc, pdst))
    if kind == "bu":
        body = struct.pack("!HHH", seq, 0xc000, life)             # A and H set
    else:
        body = struct.pack("!BBHH", status, 0, seq, life)
    if alt != "-":
        body = align(body, 8, 6) + b"\x03\x10" + ipaddress.IPv6Address(alt).packed
    if ts != "-":
        body = align(body, 8, 2) + b"\x0a\x08" + bytes.fromhex(ts)
    body = align(body, 8, 5)                # 4n+1, and 19 octets later an 8-octet boundary
    body += b"\x09\x11\x01" + struct.pack("!I", spi)
    at = 6 + len(body)
    body += bytes(12)
    n = 6 + len(body)
    assert n % 8 == 0, n
    mh = bytes([59, n // 8 - 1, 5 if kind == "bu" else 6, 0, 0, 0]) + body
    auth = hmac.new(key, coa + hoa + mh[:at] + mh[at + 12:], hashlib.sha1).digest()[:12]
    mh = mh[:at] + auth
    ph = psrc + pdst + struct.pack("!I", len(mh)) + b"\0\0\0\x87"
    c = (~csum(ph + mh)) & 0xffff
    print(name, (mh[:4] + struct.pack("!H", c) + mh[6:]).hex())
"#;

/// A small PRNG (xorshift64*): the test needs random-looking keys, not a crate.
struct Rng(u64);

impl Rng {
    fn seeded() -> Rng {
        let seed = std::env::var("MIP6_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            });
        println!("MIP6_TEST_SEED={seed}");
        Rng(seed | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// Run a Python script over `input` (one case per line); its stdout. Panics (test failure)
/// when the interpreter is missing or the script fails.
fn python_over(script: &str, input: &str) -> String {
    let py = python();
    let mut child = Command::new(&py)
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run Python interpreter {py:?} (set MIP6_PYTHON): {e}"));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write to python");
    let out = child.wait_with_output().expect("python output");
    assert!(
        out.status.success(),
        "{py} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// One signed message of ours and what it was signed over.
struct Case {
    name: String,
    key: Vec<u8>,
    spi: u32,
    coa: [u8; 16],
    home: [u8; 16],
    psrc: [u8; 16],
    pdst: [u8; 16],
    mh: Vec<u8>,
}

const ZERO: [u8; AUTH_DATA_LEN] = [0; AUTH_DATA_LEN];

/// A signed home registration BU as the mobile node sends it: pseudo-header home -> HA,
/// authenticated over (CoA, HoA) where CoA is the Alternate CoA if given, else the source.
fn our_bu(
    seq: u16,
    lifetime: u16,
    ts: u64,
    src_coa: [u8; 16],
    alt: Option<[u8; 16]>,
    spi: u32,
    key: &[u8],
) -> Case {
    let (home, ha) = (addr(HOME), addr(HA));
    let mut r = Repr::new(Message::BindingUpdate(BindingUpdate {
        seq,
        ack: true,
        home_reg: true,
        lifetime,
        ..Default::default()
    }));
    r.options.alt_coa = alt;
    r.options.replay = Some(ts);
    r.options.msg_auth = Some(MsgAuth {
        subtype: SUBTYPE_MN_HA,
        spi,
        data: &ZERO,
    });
    let mut buf = [0u8; 256];
    let n = r.emit(&mut buf, &home, &ha).expect("emit BU");
    let coa = alt.unwrap_or(src_coa);
    auth::sign(&mut buf[..n], key, &coa, &home, &home, &ha).expect("sign BU");
    Case {
        name: format!("bu-seq{seq}-alt{}", alt.is_some()),
        key: key.to_vec(),
        spi,
        coa,
        home,
        psrc: home,
        pdst: ha,
        mh: buf[..n].to_vec(),
    }
}

/// A signed BA from the home agent (pseudo-header HA -> home address, the RH2's), over the
/// same (CoA, HoA) as the BU it answers.
fn our_ba(
    status: u8,
    seq: u16,
    ts: Option<u64>,
    advice: Option<u16>,
    coa: [u8; 16],
    spi: u32,
    key: &[u8],
) -> Case {
    let (home, ha) = (addr(HOME), addr(HA));
    let mut r = Repr::new(Message::BindingAck(BindingAck {
        status,
        seq,
        lifetime: if status == 0 { 25 } else { 0 },
        ..Default::default()
    }));
    r.options.refresh_advice = advice;
    r.options.replay = ts;
    r.options.msg_auth = Some(MsgAuth {
        subtype: SUBTYPE_MN_HA,
        spi,
        data: &ZERO,
    });
    let mut buf = [0u8; 256];
    let n = r.emit(&mut buf, &ha, &home).expect("emit BA");
    auth::sign(&mut buf[..n], key, &coa, &home, &ha, &home).expect("sign BA");
    Case {
        name: format!(
            "ba-status{status}-seq{seq}-ts{}-adv{}",
            ts.is_some(),
            advice.is_some()
        ),
        key: key.to_vec(),
        spi,
        coa,
        home,
        psrc: ha,
        pdst: home,
        mh: buf[..n].to_vec(),
    }
}

const KEY_LENS: [usize; 6] = [1, 12, 16, 20, 33, 64];
const SEQS: [u16; 6] = [0, 1, 2, 0x7fff, 0x8000, 0xffff];

#[test]
fn python_computes_the_same_authenticator_as_auth_sign() {
    let mut rng = Rng::seeded();
    let now = auth::ntp_timestamp(1_700_000_000_123_456_789);
    let mut cases = Vec::new();
    for (i, &seq) in SEQS.iter().enumerate() {
        for alt in [None, Some(addr(ALT))] {
            let key = rng.bytes(KEY_LENS[(i + usize::from(alt.is_some())) % KEY_LENS.len()]);
            let spi = 256 + (rng.next() as u32 % 100_000);
            let ts = now + (rng.next() & 0xffff_ffff);
            cases.push(our_bu(seq, 25, ts, addr(COA), alt, spi, &key));
        }
    }
    // A random sequence number, and a deregistration at home (CoA = home address).
    let key = rng.bytes(20);
    cases.push(our_bu(
        rng.next() as u16,
        25,
        now,
        addr(COA),
        None,
        4096,
        &key,
    ));
    cases.push(our_bu(9, 0, now, addr(HOME), None, 4096, &key));
    for (i, &len) in KEY_LENS.iter().enumerate() {
        let key = rng.bytes(len);
        let spi = 256 + i as u32;
        cases.push(our_ba(0, SEQS[i], Some(now), None, addr(COA), spi, &key));
        cases.push(our_ba(
            0,
            SEQS[i],
            Some(now),
            Some(10),
            addr(ALT),
            spi,
            &key,
        ));
        cases.push(our_ba(
            144,
            SEQS[i],
            Some(now + (60 << 32)),
            None,
            addr(COA),
            spi,
            &key,
        ));
        cases.push(our_ba(145, SEQS[i], None, None, addr(COA), spi, &key));
    }
    let input: String = cases
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {} {} {} {}\n",
                c.name,
                hex(&c.key),
                hex(&c.coa),
                hex(&c.home),
                hex(&c.psrc),
                hex(&c.pdst),
                hex(&c.mh)
            )
        })
        .collect();
    let out = python_over(VERIFY, &input);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), cases.len(), "one answer per case:\n{out}");
    for (c, line) in cases.iter().zip(lines) {
        let v: Vec<&str> = line.split(' ').collect();
        assert_eq!(v[0], c.name);
        let n = c.mh.len();
        assert_eq!(n % 8, 0, "{}: 8-octet multiple", c.name);
        assert_eq!(
            v[1],
            hex(&c.mh[n - AUTH_DATA_LEN..]),
            "{}: authenticator (python vs auth::sign)",
            c.name
        );
        assert_eq!(
            v[1],
            hex(&auth::authenticator(&c.key, &c.coa, &c.home, &c.mh).unwrap()),
            "{}",
            c.name
        );
        assert_eq!(v[2], "1", "{}: python verifies the checksum", c.name);
        assert_eq!(
            v[3], "1",
            "{}: python finds the MN-HA option last, ending the message",
            c.name
        );
        assert!(
            auth::verify(c.spi, &c.key, &c.coa, &c.home, &c.mh),
            "{}: auth::verify",
            c.name
        );
    }
}

#[test]
fn auth_verify_accepts_what_python_signs_and_rejects_one_flipped_bit() {
    let mut rng = Rng::seeded();
    let (home, ha) = (addr(HOME), addr(HA));
    let now = auth::ntp_timestamp(1_700_000_000_000_000_000);
    // name, kind, seq, status, lifetime, timestamp, alternate CoA, spi, key, coa
    type PyCase = (
        String,
        &'static str,
        u16,
        u8,
        u16,
        Option<u64>,
        Option<&'static str>,
        u32,
        Vec<u8>,
        [u8; 16],
    );
    let mut cases: Vec<PyCase> = Vec::new();
    for (i, &seq) in SEQS.iter().enumerate() {
        for alt in [None, Some(ALT)] {
            let key = rng.bytes(KEY_LENS[(i * 2 + usize::from(alt.is_some())) % KEY_LENS.len()]);
            let spi = 256 + (rng.next() as u32 % 1_000_000);
            let coa = addr(alt.unwrap_or(COA));
            cases.push((
                format!("bu{i}{}", alt.is_some()),
                "bu",
                seq,
                0,
                25,
                Some(now + i as u64),
                alt,
                spi,
                key.clone(),
                coa,
            ));
            cases.push((
                format!("ba{i}{}", alt.is_some()),
                "ba",
                seq,
                0,
                25,
                Some(now + i as u64),
                None,
                spi,
                key,
                coa,
            ));
        }
    }
    let key = rng.bytes(20);
    cases.push((
        "bu-noreplay".into(),
        "bu",
        7,
        0,
        25,
        None,
        None,
        300,
        key.clone(),
        addr(COA),
    ));
    cases.push((
        "bu-noreplay-alt".into(),
        "bu",
        7,
        0,
        25,
        None,
        Some(ALT),
        300,
        key.clone(),
        addr(ALT),
    ));
    cases.push((
        "bu-dereg-home".into(),
        "bu",
        8,
        0,
        0,
        Some(now),
        None,
        300,
        key.clone(),
        home,
    ));
    cases.push((
        "ba-145".into(),
        "ba",
        8,
        145,
        0,
        None,
        None,
        300,
        key.clone(),
        addr(COA),
    ));
    cases.push((
        "ba-144".into(),
        "ba",
        8,
        144,
        0,
        Some(now + (100 << 32)),
        None,
        300,
        key,
        addr(COA),
    ));
    let input: String = cases
        .iter()
        .map(|(name, kind, seq, status, life, ts, alt, spi, key, coa)| {
            let (psrc, pdst) = if *kind == "bu" {
                (home, ha)
            } else {
                (ha, home)
            };
            let ts = ts.map_or("-".to_string(), |t| format!("{t:016x}"));
            format!(
                "{name} {kind} {seq} {status} {life} {ts} {} {spi} {} {} {} {} {}\n",
                alt.unwrap_or("-"),
                hex(key),
                hex(coa),
                hex(&home),
                hex(&psrc),
                hex(&pdst)
            )
        })
        .collect();
    let out = python_over(BUILD, &input);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), cases.len(), "one message per case:\n{out}");
    for ((name, kind, seq, status, life, ts, alt, spi, key, coa), line) in cases.iter().zip(lines) {
        let (got_name, h) = line.split_once(' ').expect("NAME MH");
        assert_eq!(got_name, name);
        let mh = unhex(h);
        let (psrc, pdst) = if *kind == "bu" {
            (home, ha)
        } else {
            (ha, home)
        };
        let p = Packet::new_checked(&mh[..]).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(p.verify_checksum(&psrc, &pdst), "{name}: python's checksum");
        let repr = Repr::parse(&p).unwrap_or_else(|e| panic!("{name}: parse {e:?}"));
        match repr.message {
            Message::BindingUpdate(bu) => assert_eq!(
                (bu.seq, bu.lifetime, bu.ack, bu.home_reg),
                (*seq, *life, true, true),
                "{name}"
            ),
            Message::BindingAck(ba) => assert_eq!(
                (ba.status, ba.seq, ba.lifetime),
                (*status, *seq, *life),
                "{name}"
            ),
            other => panic!("{name}: {other:?}"),
        }
        assert_eq!(repr.options.replay, *ts, "{name}: replay protection option");
        assert_eq!(
            repr.options.alt_coa,
            alt.map(addr),
            "{name}: alternate care-of address"
        );
        let ma = repr.options.msg_auth.expect("MN-HA option");
        assert_eq!(
            (ma.subtype, ma.spi, ma.data.len()),
            (SUBTYPE_MN_HA, *spi, AUTH_DATA_LEN),
            "{name}"
        );
        assert!(
            auth::verify(*spi, key, coa, &home, &mh),
            "{name}: auth::verify accepts python's message"
        );
        assert!(
            !auth::verify(spi + 1, key, coa, &home, &mh),
            "{name}: another SPI"
        );
        assert!(
            !auth::verify(*spi, key, &ha, &home, &mh),
            "{name}: another care-of address"
        );
        // One flipped bit anywhere but in the checksum (not covered) fails.
        let (at, _, _) = auth::find(&mh).unwrap().unwrap();
        for (i, bit) in [
            (
                at + (rng.next() as usize % AUTH_DATA_LEN),
                rng.next() as u8 % 8,
            ),
            (6 + rng.next() as usize % (at - 6), rng.next() as u8 % 8),
        ] {
            let mut t = mh.clone();
            t[i] ^= 1 << bit;
            assert!(
                !auth::verify(*spi, key, coa, &home, &t),
                "{name}: bit {bit} of octet {i} flipped"
            );
        }
        if *kind == "bu" {
            // What the home agent decides for it at the time it was stamped.
            let cred = Credential::Key { spi: *spi, key };
            let want = match ts {
                Some(t) => HomeAuth::Accept {
                    timestamp: Some(*t),
                    signed: true,
                },
                None => HomeAuth::Refuse {
                    status: ba_status::MESG_ID_REQD,
                    signed: true,
                },
            };
            let got = auth::check_home_bu(
                cred,
                &repr.options,
                &mh,
                coa,
                &home,
                ts.unwrap_or(now),
                auth::DEFAULT_TOLERANCE_SECS,
                None,
            );
            assert_eq!(got, want, "{name}: check_home_bu");
        }
    }
}

/// The selftests' mobile node (mn_peer.py, Scapy + hashlib) signs a BU that `auth::verify`
/// accepts, and verifies a BA that `auth::sign` signed (and refuses a tampered one).
#[test]
fn mn_peer_signs_and_verifies_like_the_core() {
    let peer = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tools/testing/selftests/mip6/mn_peer.py"
    );
    let key = Rng::seeded().bytes(20);
    let (home, ha, coa, alt) = (addr(HOME), addr(HA), addr(COA), addr(ALT));
    for alt_coa in [None, Some(alt)] {
        let mut args = vec![
            "--ha",
            HA,
            "--home",
            HOME,
            "--coa",
            COA,
            "--seq",
            "5",
            "--lifetime",
            "25",
            "--spi",
            "4096",
        ];
        let key_hex = hex(&key);
        args.extend(["--key", key_hex.as_str()]);
        if alt_coa.is_some() {
            args.extend(["--alt-coa", ALT]);
        }
        let py = python();
        let out = Command::new(&py)
            .arg(peer)
            .arg("--print-bu")
            .args(&args)
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run Python interpreter {py:?} (set MIP6_PYTHON): {e}")
            });
        assert!(
            out.status.success(),
            "mn_peer.py --print-bu: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let pkt = unhex(text.trim());
        let m = mip6::packet::locate_mh(&pkt)
            .expect("mn_peer's BU is an IPv6 packet with a Mobility Header");
        assert_eq!((m.src, m.dst, m.home_address), (coa, ha, Some(home)));
        let p = Packet::new_checked(m.mh).unwrap();
        assert!(p.verify_checksum(&home, &ha), "mn_peer's checksum");
        let repr = Repr::parse(&p).unwrap();
        assert_eq!(repr.options.alt_coa, alt_coa);
        let signed_coa = alt_coa.unwrap_or(coa);
        assert!(
            auth::verify(4096, &key, &signed_coa, &home, m.mh),
            "auth::verify accepts mn_peer's BU (alt {alt_coa:?})"
        );
        let ts = repr
            .options
            .replay
            .expect("mn_peer sends a replay protection option");
        let got = auth::check_home_bu(
            Credential::Key {
                spi: 4096,
                key: &key,
            },
            &repr.options,
            m.mh,
            &signed_coa,
            &home,
            ts,
            7,
            None,
        );
        assert_eq!(
            got,
            HomeAuth::Accept {
                timestamp: Some(ts),
                signed: true
            }
        );

        // Our BA to it, as the home agent sends it (RH2 with the home address), and a copy
        // with one authenticator bit flipped.
        let mut r = Repr::new(Message::BindingAck(BindingAck {
            status: 0,
            seq: 5,
            lifetime: 25,
            ..Default::default()
        }));
        r.options.replay = Some(ts);
        r.options.msg_auth = Some(MsgAuth {
            subtype: SUBTYPE_MN_HA,
            spi: 4096,
            data: &ZERO,
        });
        let mut buf = [0u8; 256];
        let n = mip6::packet::build_mh_packet(&mut buf, &ha, &coa, None, Some(&home), &r).unwrap();
        let mh_at = mip6::packet::locate_mh(&buf[..n]).unwrap().mh_offset;
        auth::sign(&mut buf[mh_at..n], &key, &signed_coa, &home, &ha, &home).unwrap();
        let good = buf[..n].to_vec();
        let mut bad = good.clone();
        bad[n - 3] ^= 0x40;
        let mut bad_ck = bad.clone(); // keep the checksum right, so only the authenticator is wrong
        {
            let mh = &mut bad_ck[mh_at..n];
            mh[4] = 0;
            mh[5] = 0;
            Packet::new_checked(&mut mh[..])
                .unwrap()
                .fill_checksum(&ha, &home)
                .unwrap();
        }
        for (pkt, want) in [(&good, "ok"), (&bad_ck, "bad")] {
            let out = Command::new(&py)
                .arg(peer)
                .arg("--check-ba")
                .arg(hex(pkt))
                .args(&args)
                .output()
                .expect("python");
            assert!(
                out.status.success(),
                "mn_peer.py --check-ba: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(
                text.contains(&format!("\"auth\": \"{want}\"")),
                "mn_peer says {text}, expected auth {want}"
            );
            assert!(
                text.contains(&format!("\"replay_ts\": {ts}")),
                "mn_peer reads the BA's timestamp: {text}"
            );
            assert!(text.contains("\"status\": 0"), "{text}");
        }
    }
}
