//! Stand-in for `cargo fuzz` (no nightly toolchain here): a few hundred thousand random and
//! mutated inputs through every parser. Set `MIP6_FUZZ_ITERS` to run more.

mod common;
use mip6::mh::{BindingUpdate, Message, Repr};

struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let a = [1u8; 16];
    let auth = [9u8; 12];
    let mut out = Vec::new();
    let mut bu = Repr::new(Message::BindingUpdate(BindingUpdate {
        seq: 1,
        ack: true,
        lifetime: 3,
        ..Default::default()
    }));
    bu.options.nonce_indices = Some((1, 2));
    bu.options.auth_data = Some(&auth);
    bu.options.alt_coa = Some(a);
    bu.options.mn_id = Some((1, b"x@y"));
    let mut b = [0u8; 256];
    let n = bu.emit(&mut b, &a, &a).unwrap();
    out.push(b[..n].to_vec());
    let n = Repr::new(Message::HomeTest {
        nonce_index: 1,
        cookie: [2; 8],
        token: [3; 8],
    })
    .emit(&mut b, &a, &a)
    .unwrap();
    out.push(b[..n].to_vec());
    // HAO dest opts, RH2, RA with options, HAAD reply
    let mut d = [0u8; 24];
    mip6::ext::emit_hao_dest_opts(&mut d, 135, &a).unwrap();
    out.push(d.to_vec());
    out.push([&[59u8, 2, 2, 1, 0, 0, 0, 0][..], &a].concat());
    out.push(
        [&[
            134u8, 0, 0, 0, 64, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 1, 0, 0, 0, 0, 5, 0, 8, 1,
            0, 0, 0, 1, 0, 2,
        ][..]]
        .concat(),
    );
    out.push([&[145u8, 0, 0, 0, 0, 1, 0, 0][..], &a, &a].concat());
    out
}

#[test]
fn random_and_mutated_inputs_never_panic() {
    let iters: usize = std::env::var("MIP6_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300_000);
    let seeds = seeds();
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut buf = Vec::with_capacity(512);
    for i in 0..iters {
        buf.clear();
        if i % 2 == 0 {
            let len = (rng.next() % 96) as usize;
            buf.extend((0..len).map(|_| rng.next() as u8));
        } else {
            buf.extend_from_slice(&seeds[(rng.next() % seeds.len() as u64) as usize]);
            for _ in 0..(1 + rng.next() % 4) {
                let r = rng.next();
                match r % 4 {
                    0 if !buf.is_empty() => {
                        let at = (r >> 8) as usize % buf.len();
                        buf[at] = (r >> 32) as u8;
                    }
                    1 => {
                        let keep = (r >> 8) as usize % (buf.len() + 1);
                        buf.truncate(keep);
                    }
                    2 if !buf.is_empty() => {
                        let at = (r >> 8) as usize % buf.len();
                        buf[at] ^= 1 << ((r >> 40) % 8);
                    }
                    _ => buf.push((r >> 16) as u8),
                }
            }
        }
        common::feed_all_parsers(&buf);
    }
}
