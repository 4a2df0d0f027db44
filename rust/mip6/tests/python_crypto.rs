//! Independent check of the return routability crypto: Python's hashlib/hmac compute the
//! keygen tokens, Kbm (both cases) and the Binding Authorization Data authenticator for
//! the same inputs. Uses `$MIP6_PYTHON` (default /var/cache/mip6/venv/bin/python3); fails if absent.

mod common;
use common::*;
use mip6::mh::{BindingAck, BindingUpdate, Message, Repr};
use mip6::rr::{
    bad_authenticator, care_of_keygen_token, home_keygen_token, kbm, sign_mh, verify_authenticator,
};
use mip6::sha1::{hmac_sha1, sha1};

const SCRIPT: &str = r#"
import hashlib, hmac, sys
kcn, home, coa, cn, hn, cnon, mh_bu, mh_ba = (bytes.fromhex(a) for a in sys.argv[1:9])
first = lambda bits, b: b[:bits // 8]
ht = first(64, hmac.new(kcn, home + hn + b"\x00", hashlib.sha1).digest())
ct = first(64, hmac.new(kcn, coa + cnon + b"\x01", hashlib.sha1).digest())
kbm = hashlib.sha1(ht + ct).digest()
kbm_dereg = hashlib.sha1(ht).digest()
def auth(key, mh, start):
    mh = bytearray(mh); mh[4:6] = b"\0\0"
    i = start
    while i < len(mh):
        if mh[i] == 0: i += 1; continue
        t, l = mh[i], mh[i + 1]
        if t == 5:
            data = bytes(mh[:i + 2]) + bytes(mh[i + 2 + l:])
            return first(96, hmac.new(key, coa + cn + data, hashlib.sha1).digest())
        i += 2 + l
    raise SystemExit("no BAD option")
print(ht.hex(), ct.hex(), kbm.hex(), kbm_dereg.hex(), auth(kbm, mh_bu, 12).hex(), auth(kbm, mh_ba, 12).hex())
print(hashlib.sha1(b"abc" * 1000).hexdigest(), hmac.new(b"k" * 100, b"m" * 200, hashlib.sha1).hexdigest())
"#;

#[test]
fn python_hashlib_agrees() {
    let kcn: [u8; 20] = core::array::from_fn(|i| (i * 7 + 3) as u8);
    let home = addr("2001:db8:1::100");
    let coa = addr("2001:db8:77::100");
    let cn = addr("2001:db8:5::5");
    let hn = [0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80];
    let cnon = [0xf1, 0xe2, 0xd3, 0xc4, 0xb5, 0xa6, 0x97, 0x88];

    let ht = home_keygen_token(&kcn, &home, &hn);
    let ct = care_of_keygen_token(&kcn, &coa, &cnon);
    let key = kbm(&ht, Some(&ct));

    let zero = [0u8; 12];
    let mut bu = Repr::new(Message::BindingUpdate(BindingUpdate {
        seq: 77,
        ack: true,
        lifetime: 105,
        ..Default::default()
    }));
    bu.options.nonce_indices = Some((3, 4));
    bu.options.auth_data = Some(&zero);
    let mut bu_bytes = [0u8; 64];
    let n = bu.emit(&mut bu_bytes, &home, &cn).unwrap();
    sign_mh(&mut bu_bytes[..n], &key, &coa, &cn, &home, &cn).unwrap();
    let bu_bytes = &bu_bytes[..n];

    let mut ba = Repr::new(Message::BindingAck(BindingAck {
        status: 0,
        seq: 77,
        lifetime: 105,
        ..Default::default()
    }));
    ba.options.auth_data = Some(&zero);
    ba.options.refresh_advice = Some(20);
    let mut ba_bytes = [0u8; 64];
    let m = ba.emit(&mut ba_bytes, &cn, &home).unwrap();
    sign_mh(&mut ba_bytes[..m], &key, &coa, &cn, &cn, &home).unwrap();
    let ba_bytes = &ba_bytes[..m];

    let py = std::process::Command::new(python())
        .arg("-c")
        .arg(SCRIPT)
        .args([
            hex(&kcn),
            hex(&home),
            hex(&coa),
            hex(&cn),
            hex(&hn),
            hex(&cnon),
            hex(bu_bytes),
            hex(ba_bytes),
        ])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python()));
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let out = String::from_utf8(py.stdout).unwrap();
    let mut lines = out.lines();
    let v: Vec<&str> = lines.next().unwrap().split(' ').collect();
    assert_eq!(v[0], hex(&ht), "home keygen token");
    assert_eq!(v[1], hex(&ct), "care-of keygen token");
    assert_eq!(v[2], hex(&key), "Kbm");
    assert_eq!(v[3], hex(&kbm(&ht, None)), "Kbm for deregistration");
    assert_eq!(
        v[4],
        hex(&bad_authenticator(&key, &coa, &cn, bu_bytes).unwrap()),
        "BU authenticator"
    );
    assert_eq!(
        v[4],
        hex(&bu_bytes[n - 12..]),
        "authenticator stored in the BU"
    );
    assert_eq!(
        v[5],
        hex(&ba_bytes[m - 12..]),
        "authenticator stored in the BA"
    );
    assert!(verify_authenticator(&key, &coa, &cn, bu_bytes));
    assert!(verify_authenticator(&key, &coa, &cn, ba_bytes));

    let w: Vec<&str> = lines.next().unwrap().split(' ').collect();
    assert_eq!(w[0], hex(&sha1(&[&b"abc".repeat(1000)])));
    assert_eq!(w[1], hex(&hmac_sha1(&[b'k'; 100], &[&[b'm'; 200]])));
}
