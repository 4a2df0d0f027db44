//! mip6 protocol core: Mobile IPv6 (RFC 6275) wire formats, arithmetic, return-routability
//! crypto and state machines, plus the `/dev/mipv6_dev` ioctl ABI.
//!
//! The same files are compiled twice: as this host crate (unit and property tests, fuzzing,
//! used by `mipdiag`) and inside each kernel module through
//! `#[path = "../mip6/src/lib.rs"] mod mip6;`. Hence two rules for every file here:
//! no `std`/`alloc`, and sibling modules are reached with `super::`, never `crate::`
//! (inside a kernel module `crate` is the module, not this library).
#![cfg_attr(not(MODULE), no_std)]
#![forbid(unsafe_code)]

// Unit tests use std (Vec, format!); never part of a kernel build.
#[cfg(test)]
extern crate std;

pub mod abi;
pub mod addr;
pub mod auth;
pub mod bcache;
pub mod bul;
pub mod checksum;
pub mod dad;
pub mod error;
pub mod ext;
pub mod icmp;
pub mod inbound;
pub mod intercept;
pub mod mh;
pub mod mhopt;
pub mod mn;
pub mod mn_inbound;
pub mod mn_outbound;
pub mod movement;
pub mod outbound;
pub mod packet;
pub mod pmtu;
pub mod proxy_nd;
pub mod ratelimit;
pub mod rr;
pub mod seq;
pub mod sha1;
pub mod stepwise;
pub mod tunnel;
pub mod validate;
