// SPDX-License-Identifier: GPL-2.0
//! A work item embedded in pinned state that owns it ([`Work`], and [`DelayedWork`] on
//! the power-efficient queue), run on the system workqueues. `kernel::workqueue` in 7.3 queues reference-counted items (`Arc`,
//! `Pin<KBox>`) and cannot cancel; per-namespace state is neither, and must cancel its
//! work before it goes. Dropping a [`Work`] cancels it and waits for a running instance.

use super::bindings;
use kernel::prelude::*;
use kernel::types::Opaque;

/// State with a [`Work`] field whose runs call [`WorkOwner::run`].
///
/// # Safety
///
/// `WORK_OFFSET` is the offset of a [`Work`] field of `Self` initialised with
/// [`Work::new::<Self>`]; implement with [`impl_work_owner!`].
pub(crate) unsafe trait WorkOwner: Sync + Sized {
    const WORK_OFFSET: usize;

    /// What the work does (process context, may sleep).
    fn run(&self);
}

/// Implements [`WorkOwner`] for `$owner`, whose `$field: Work` runs `$run(&$owner)`.
macro_rules! impl_work_owner {
    ($owner:ty, $field:ident, $run:path) => {
        // SAFETY: the offset is the `Work` field's, by `offset_of!`; the field's type is
        // checked by the function below.
        unsafe impl $crate::knet::work::WorkOwner for $owner {
            const WORK_OFFSET: usize = core::mem::offset_of!($owner, $field);

            fn run(&self) {
                let _: &$crate::knet::work::Work = &self.$field;
                $run(self)
            }
        }
    };
}
pub(crate) use impl_work_owner;

/// A work item of the pinned value that contains it.
///
/// # Invariants
///
/// `work` was initialised with `run::<T>` for the `T` this is a field of, at
/// `T::WORK_OFFSET`.
#[pin_data(PinnedDrop)]
pub(crate) struct Work {
    #[pin]
    work: Opaque<bindings::work_struct>,
}

// SAFETY: the kernel's work functions may be called from any thread.
unsafe impl Send for Work {}
// SAFETY: as above.
unsafe impl Sync for Work {}

impl Work {
    /// The work of a `T`, to be its field at `T::WORK_OFFSET`.
    pub(crate) fn new<T: WorkOwner>() -> impl PinInit<Self> {
        pin_init!(Self {
            work <- Opaque::ffi_init(|w: *mut bindings::work_struct| {
                // SAFETY: `w` is valid for writes and pinned (pin-init).
                unsafe { bindings::knet_init_work(w, Some(Self::run::<T>)) }
            }),
        })
    }

    unsafe extern "C" fn run<T: WorkOwner>(w: *mut bindings::work_struct) {
        // SAFETY: `w` is the work of a `T` at `T::WORK_OFFSET` (type invariant), and the
        // `T` is alive: dropping the `Work` waits for this run to end.
        let owner = unsafe { &*w.cast::<u8>().sub(T::WORK_OFFSET).cast::<T>() };
        owner.run();
    }

    /// Queues the work on the system's unbound default workqueue unless it is queued
    /// already.
    pub(crate) fn schedule(&self) {
        // SAFETY: initialised work (type invariant).
        unsafe { bindings::knet_schedule_work(self.work.get()) };
    }

    /// Takes the work off the queue and waits for a run in progress to end.
    pub(crate) fn cancel_sync(&self) {
        // SAFETY: initialised work (type invariant).
        unsafe { bindings::cancel_work_sync(self.work.get()) };
    }
}

#[pinned_drop]
impl PinnedDrop for Work {
    fn drop(self: Pin<&mut Self>) {
        self.cancel_sync();
    }
}

/// State with a [`DelayedWork`] field whose runs call [`DelayedWorkOwner::run`].
///
/// # Safety
///
/// `WORK_OFFSET` is the offset of a [`DelayedWork`] field of `Self` initialised with
/// [`DelayedWork::new::<Self>`]; implement with [`impl_delayed_work_owner!`].
pub(crate) unsafe trait DelayedWorkOwner: Sync + Sized {
    const WORK_OFFSET: usize;

    /// What the work does (process context, may sleep).
    fn run(&self);
}

/// Implements [`DelayedWorkOwner`] for `$owner`, whose `$field: DelayedWork` runs
/// `$run(&$owner)`.
macro_rules! impl_delayed_work_owner {
    ($owner:ty, $field:ident, $run:path) => {
        // SAFETY: the offset is the `DelayedWork` field's, by `offset_of!`; the field's
        // type is checked by the function below.
        unsafe impl $crate::knet::work::DelayedWorkOwner for $owner {
            const WORK_OFFSET: usize = core::mem::offset_of!($owner, $field);

            fn run(&self) {
                let _: &$crate::knet::work::DelayedWork = &self.$field;
                $run(self)
            }
        }
    };
}
pub(crate) use impl_delayed_work_owner;

/// A delayed work item of the pinned value that contains it, on the power-efficient
/// system workqueue (timers that need not wake an idle CPU on time).
///
/// # Invariants
///
/// `work` was initialised with `run::<T>` for the `T` this is a field of, at
/// `T::WORK_OFFSET`.
#[pin_data(PinnedDrop)]
pub(crate) struct DelayedWork {
    #[pin]
    work: Opaque<bindings::delayed_work>,
}

// SAFETY: the kernel's delayed-work functions may be called from any thread.
unsafe impl Send for DelayedWork {}
// SAFETY: as above.
unsafe impl Sync for DelayedWork {}

impl DelayedWork {
    /// The delayed work of a `T`, to be its field at `T::WORK_OFFSET`.
    pub(crate) fn new<T: DelayedWorkOwner>() -> impl PinInit<Self> {
        pin_init!(Self {
            work <- Opaque::ffi_init(|w: *mut bindings::delayed_work| {
                // SAFETY: `w` is valid for writes and pinned (pin-init).
                unsafe { bindings::knet_init_delayed_work(w, Some(Self::run::<T>)) }
            }),
        })
    }

    unsafe extern "C" fn run<T: DelayedWorkOwner>(w: *mut bindings::work_struct) {
        // SAFETY: `w` is the `work` of a `delayed_work` (at offset 0, checked in
        // helpers.c) of a `T` at `T::WORK_OFFSET` (type invariant); the `T` is alive:
        // dropping the `DelayedWork` waits for this run to end.
        let owner = unsafe { &*w.cast::<u8>().sub(T::WORK_OFFSET).cast::<T>() };
        owner.run();
    }

    /// Queues the work to run in `ms` milliseconds unless it is queued already.
    pub(crate) fn schedule(&self, ms: u32) {
        // SAFETY: initialised work (type invariant).
        unsafe { bindings::knet_queue_delayed_work(self.work.get(), ms) };
    }

    /// Makes the work run in `ms` milliseconds, queued or not.
    pub(crate) fn reschedule(&self, ms: u32) {
        // SAFETY: initialised work (type invariant).
        unsafe { bindings::knet_mod_delayed_work(self.work.get(), ms) };
    }

    /// Takes the work off the queue and waits for a run in progress (which may queue it
    /// again: that is cancelled too).
    pub(crate) fn cancel_sync(&self) {
        // SAFETY: initialised work (type invariant).
        unsafe { bindings::cancel_delayed_work_sync(self.work.get()) };
    }
}

#[pinned_drop]
impl PinnedDrop for DelayedWork {
    fn drop(self: Pin<&mut Self>) {
        self.cancel_sync();
    }
}
