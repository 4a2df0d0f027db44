//! The per-namespace `net.ipv6.mobility` knobs, read and written through /proc/sys.

use std::fs;
use std::io;

use crate::device::{DiagError, NOT_ROOT};

const DIR: &str = "/proc/sys/net/ipv6/mobility";

fn explain(knob: &str, err: io::Error) -> DiagError {
    match err.kind() {
        io::ErrorKind::NotFound => DiagError(format!(
            "Could not access {DIR}/{knob}: no such sysctl. Is module mip6_base loaded?"
        )),
        io::ErrorKind::PermissionDenied => DiagError(NOT_ROOT.to_string()),
        _ => DiagError(format!("{DIR}/{knob}: {err}")),
    }
}

/// Reads an integer knob.
pub fn get(knob: &str) -> Result<i64, DiagError> {
    let s = fs::read_to_string(format!("{DIR}/{knob}")).map_err(|e| explain(knob, e))?;
    s.trim()
        .parse()
        .map_err(|_| DiagError(format!("{DIR}/{knob}: unexpected value {:?}", s.trim())))
}

/// Writes an integer knob; the kernel enforces the range (EINVAL outside it).
pub fn set(knob: &str, value: i64) -> Result<(), DiagError> {
    fs::write(format!("{DIR}/{knob}"), format!("{value}\n")).map_err(|e| {
        if e.raw_os_error() == Some(libc::EINVAL) {
            DiagError(format!("{value} is out of range for {knob}"))
        } else {
            explain(knob, e)
        }
    })
}
