// SPDX-License-Identifier: GPL-2.0
//! [`PerCpuCounters`]: `N` 64-bit counters per CPU, added to without sharing a cache line
//! between CPUs (the data path counts every packet) and summed when read.

use super::bindings;
use core::ffi::c_void;
use core::ptr::NonNull;
use kernel::prelude::*;

/// # Invariants
///
/// `self.0` is a per-CPU allocation of `N` `u64`s, owned by this value.
pub(crate) struct PerCpuCounters<const N: usize>(NonNull<c_void>);

// SAFETY: each CPU adds to its own copy with `this_cpu_add`; reads sum with READ_ONCE.
unsafe impl<const N: usize> Send for PerCpuCounters<N> {}
// SAFETY: as above.
unsafe impl<const N: usize> Sync for PerCpuCounters<N> {}

impl<const N: usize> PerCpuCounters<N> {
    pub(crate) fn new() -> Result<Self> {
        let n = u32::try_from(N)?;
        // SAFETY: allocates zeroed per-CPU memory, or returns null.
        let p = unsafe { bindings::knet_alloc_percpu_u64s(n) };
        // INVARIANT: allocated above.
        NonNull::new(p).map(PerCpuCounters).ok_or(ENOMEM)
    }

    /// Adds `n` to counter `idx` of this CPU (any context); an index out of range is ignored.
    pub(crate) fn add(&self, idx: usize, n: u64) {
        if let Ok(idx) = u32::try_from(idx) {
            if (idx as usize) < N {
                // SAFETY: live allocation of `N` counters; `idx` is in range.
                unsafe { bindings::knet_percpu_u64_add(self.0.as_ptr(), idx, n) };
            }
        }
    }

    /// Counter `idx` summed over the CPUs (0 out of range).
    pub(crate) fn sum(&self, idx: usize) -> u64 {
        match u32::try_from(idx) {
            // SAFETY: live allocation of `N` counters; `idx` is in range.
            Ok(i) if idx < N => unsafe { bindings::knet_percpu_u64_sum(self.0.as_ptr(), i) },
            _ => 0,
        }
    }
}

impl<const N: usize> Drop for PerCpuCounters<N> {
    fn drop(&mut self) {
        // SAFETY: allocated by `new`, freed once.
        unsafe { bindings::free_percpu(self.0.as_ptr()) };
    }
}
