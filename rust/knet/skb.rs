// SPDX-License-Identifier: GPL-2.0
//! Socket buffers: [`Packet`], an sk_buff someone lent us, and [`Skb`], one we own.
//!
//! Offsets are counted from the network (IPv6) header. Byte slices borrow the packet, and
//! every operation that may move the packet's head takes `&mut self`, so a slice never
//! outlives the bytes it shows.

use super::bindings;
use super::route::Dst;
use crate::mip6::stepwise::Stepwise;
use core::ops::{Deref, DerefMut, Range};
use core::ptr::NonNull;
use kernel::error::to_result;
use kernel::prelude::*;
use kernel::types::Opaque;

/// An IPv6 packet (`struct sk_buff`) whose network header offset is set.
///
/// # Invariants
///
/// A `&Packet` or `&mut Packet` points at a valid sk_buff that its lender does not touch
/// while the reference lives; its network header is the IPv6 header.
#[repr(transparent)]
pub(crate) struct Packet(Opaque<bindings::sk_buff>);

impl Packet {
    /// # Safety
    ///
    /// `skb` is a valid sk_buff with its network header set, nobody else uses it for `'a`.
    pub(crate) unsafe fn from_raw<'a>(skb: *mut bindings::sk_buff) -> &'a mut Packet {
        // SAFETY: `Packet` is `repr(transparent)` over the sk_buff; validity and
        // exclusiveness are the caller's promise.
        unsafe { &mut *skb.cast::<Packet>() }
    }

    pub(crate) fn as_raw(&self) -> *mut bindings::sk_buff {
        self.0.get()
    }

    /// Bytes from the IPv6 header to the end of the packet.
    pub(crate) fn len(&self) -> usize {
        // SAFETY: the sk_buff is valid (type invariant).
        usize::try_from(unsafe { bindings::knet_skb_network_len(self.as_raw()) }).unwrap_or(0)
    }

    /// Copies `to.len()` bytes starting `off` bytes past the IPv6 header (paged data too).
    pub(crate) fn copy_out(&self, off: usize, to: &mut [u8]) -> Result {
        let off = u32::try_from(off)?;
        let len = u32::try_from(to.len())?;
        // SAFETY: valid sk_buff (type invariant); `to` is writable for `len` bytes; the
        // kernel checks the range against the packet.
        to_result(unsafe {
            bindings::knet_skb_copy_network(self.as_raw(), off, to.as_mut_ptr(), len)
        })
    }

    /// The bytes from the IPv6 header that are in the linear area.
    pub(crate) fn headers(&self) -> &[u8] {
        // SAFETY: valid sk_buff (type invariant); the network header and the bytes after
        // it up to the tail are its linear buffer, which stays in place while `self` is
        // borrowed shared (only `&mut self` methods may move it).
        unsafe {
            let p = bindings::knet_skb_network_header(self.as_raw());
            let n = usize::try_from(bindings::knet_skb_network_headlen(self.as_raw())).unwrap_or(0);
            core::slice::from_raw_parts(p, n)
        }
    }

    /// Makes the whole packet linear: [`Packet::headers`] is then all of it.
    pub(crate) fn linearize(&mut self) -> Result {
        // SAFETY: valid sk_buff (type invariant); `&mut self`: no byte slice is borrowed.
        to_result(unsafe { bindings::knet_skb_linearize(self.as_raw()) })
    }

    /// Sends a Parameter Problem (erroneous header field, at `pointer`) about this received
    /// packet, if the device it came in on is still in `net` (rate-limited by the stack).
    pub(crate) fn param_problem(&mut self, net: super::pernet::NetRef<'_>, pointer: u32) {
        // SAFETY: valid received sk_buff; live namespace; `icmpv6_send` copies what it needs.
        unsafe {
            if bindings::knet_skb_in_dev_present(self.as_raw(), net.as_ptr()) {
                bindings::knet_icmpv6_param_prob(self.as_raw(), pointer);
            }
        }
    }

    /// Makes the first `n` bytes from the IPv6 header linear (`pskb_may_pull`).
    pub(crate) fn pull(&mut self, n: usize) -> Result {
        let n = u32::try_from(n).map_err(|_| EINVAL)?;
        // SAFETY: valid sk_buff; `&mut self` ends every borrow of the old head.
        if unsafe { bindings::knet_skb_may_pull_network(self.as_raw(), n) } {
            Ok(())
        } else {
            Err(EINVAL)
        }
    }

    /// Runs a classifier of the core over the packet, making linear what it asks for
    /// (see [`Stepwise`]). `None` when that fails (a truncated packet, or no memory: the
    /// stack drops it) or when the classifier asks for no more than it had, which would
    /// never end.
    pub(crate) fn classify<T: Stepwise>(
        &mut self,
        classify: impl Fn(&[u8], usize) -> T,
    ) -> Option<T> {
        loop {
            let answer = classify(self.headers(), self.len());
            match answer.needs() {
                None => return Some(answer),
                Some(n) if n <= self.headers().len() => return None,
                Some(n) => self.pull(n).ok()?,
            }
        }
    }

    /// Lets `edit` change the first `n` bytes from the IPv6 header, made linear and
    /// private first (`skb_ensure_writable`). A `CHECKSUM_COMPLETE` sum is kept right for
    /// whatever `edit` changes inside `ranges` (offsets from the IPv6 header); `edit` must
    /// change nothing outside them that the sum covers.
    pub(crate) fn edit<R>(
        &mut self,
        n: usize,
        ranges: &[Range<usize>],
        edit: impl FnOnce(&mut [u8]) -> R,
    ) -> Result<R> {
        let n32 = u32::try_from(n).map_err(|_| EINVAL)?;
        if ranges.iter().any(|r| r.start > r.end || r.end > n) {
            return Err(EINVAL);
        }
        // The sum is over 16-bit words: a range is taken from the even offset at or
        // before its start, so that each byte is summed in its place in the word.
        let even = |r: &Range<usize>| (r.start & !1)..r.end;
        let skb = self.as_raw();
        // SAFETY: valid sk_buff; `&mut self` ends every borrow of the old head.
        to_result(unsafe { bindings::knet_skb_make_writable_network(skb, n32) })?;
        // SAFETY: the first `n` bytes from the network header are now linear and ours
        // alone; no other reference to them exists while `self` is borrowed mutably, and
        // every range lies inside them (checked above, so the `as u32` cannot truncate).
        unsafe {
            let p = bindings::knet_skb_network_header(skb);
            for r in ranges.iter().map(even) {
                bindings::knet_skb_postpull_rcsum(
                    skb,
                    p.add(r.start).cast(),
                    (r.end - r.start) as u32,
                );
            }
            let out = edit(core::slice::from_raw_parts_mut(p, n));
            for r in ranges.iter().map(even) {
                bindings::knet_skb_postpush_rcsum(
                    skb,
                    p.add(r.start).cast(),
                    (r.end - r.start) as u32,
                );
            }
            Ok(out)
        }
    }

    /// Grows the packet by `n` bytes in front of the IPv6 header, with at least `headroom`
    /// bytes left before them; the network header moves to the new start (the transport
    /// header stays where it is). The new bytes hold garbage until [`Packet::edit`]ed.
    pub(crate) fn push_front(&mut self, n: usize, headroom: u32) -> Result {
        let n32 = u32::try_from(n).map_err(|_| EINVAL)?;
        let room = headroom.checked_add(n32).ok_or(EINVAL)?;
        let skb = self.as_raw();
        // SAFETY: valid sk_buff; `&mut self` ends every borrow of the old head. After
        // `skb_cow_head` there are `room >= n` bytes of private headroom, so `skb_push`
        // cannot run out of head; the network header then points at the new start.
        unsafe {
            to_result(bindings::knet_skb_cow_head(skb, room))?;
            bindings::skb_push(skb, n32);
            bindings::knet_skb_reset_network_header(skb);
        }
        Ok(())
    }

    /// Records where the Next Header field that names the first extension header is
    /// (`IP6CB(skb)->nhoff`, an offset from the IPv6 header).
    pub(crate) fn set_nhoff(&mut self, off: u16) {
        // SAFETY: valid sk_buff; the control block is ours while we hold the packet.
        unsafe { bindings::knet_ip6cb_set_nhoff(self.as_raw(), off) };
    }

    /// Sends the packet along `dst` from now on (the old route is released).
    pub(crate) fn set_dst(&mut self, dst: Dst) {
        let skb = self.as_raw();
        // SAFETY: valid sk_buff; `skb_dst_set` takes over the reference `dst` owns.
        unsafe {
            bindings::knet_skb_dst_drop(skb);
            bindings::knet_skb_dst_set(skb, dst.into_raw());
        }
    }

    /// The packet's mark (`skb->mark`).
    pub(crate) fn mark(&self) -> u32 {
        // SAFETY: valid sk_buff.
        unsafe { bindings::knet_skb_mark(self.as_raw()) }
    }

    /// The interface the sending socket is bound to (0: none, or no socket).
    pub(crate) fn bound_ifindex(&self) -> i32 {
        // SAFETY: valid sk_buff; a non-null `skb->sk` is valid while the skb holds it.
        unsafe {
            let sk = bindings::knet_skb_sk(self.as_raw());
            if sk.is_null() {
                0
            } else {
                bindings::knet_sk_bound_dev_if(sk)
            }
        }
    }

    /// The socket the packet belongs to (null for none), for route look-ups.
    pub(crate) fn sock_ptr(&self) -> *mut bindings::sock {
        // SAFETY: valid sk_buff.
        unsafe { bindings::knet_skb_sk(self.as_raw()) }
    }

    /// The index of the device the packet came in on (received packets only).
    pub(crate) fn dev_ifindex(&self) -> i32 {
        // SAFETY: valid sk_buff; a received packet has its device set.
        unsafe { bindings::knet_skb_dev_ifindex(self.as_raw()) }
    }

    /// The device the packet came in on (received packets only).
    pub(crate) fn dev_ptr(&self) -> *mut bindings::net_device {
        // SAFETY: valid sk_buff.
        unsafe { bindings::knet_skb_dev(self.as_raw()) }
    }

    /// Whether it is our own multicast looped back to us.
    pub(crate) fn is_looped_back(&self) -> bool {
        // SAFETY: valid sk_buff.
        unsafe { bindings::knet_skb_is_loopback(self.as_raw()) }
    }

    /// Sends an ICMPv6 error about the packet to its source (rate-limited by the stack,
    /// `icmpv6_send`). The packet itself is left to the caller.
    pub(crate) fn send_icmp_error(&mut self, kind: u8, code: u8, info: u32) {
        // SAFETY: valid sk_buff with its device set; `icmpv6_send` copies what it needs.
        unsafe { bindings::knet_icmpv6_send(self.as_raw(), kind, code, info) };
    }

    /// Whether the administrator's inbound IPsec policy accepts the packet, as the stack
    /// asks before it delivers one (`xfrm6_policy_check`; always true in a kernel without
    /// `CONFIG_XFRM`). For what a hook takes before the stack would have asked.
    pub(crate) fn policy_allows_in(&mut self) -> bool {
        // SAFETY: valid sk_buff with its device set (received); the check may read and
        // pull headers, hence `&mut self`.
        unsafe { bindings::knet_xfrm6_policy_allows_in(self.as_raw()) }
    }

    /// Whether the forward IPsec policy accepts the packet, as the stack asks before it
    /// forwards one (see [`Packet::policy_allows_in`]).
    pub(crate) fn policy_allows_forward(&mut self) -> bool {
        // SAFETY: as for `policy_allows_in`.
        unsafe { bindings::knet_xfrm6_policy_allows_fwd(self.as_raw()) }
    }

    /// Tells the packet's sender, local or not, that its path MTU is `mtu` (an ICMPv6
    /// Packet Too Big, rate-limited by the stack). The packet itself is left to the caller.
    pub(crate) fn send_too_big(&mut self, mtu: u32) {
        self.send_icmp_error(bindings::ICMPV6_PKT_TOOBIG as u8, 0, mtu);
    }

    /// Answers a Neighbour Solicitation this packet carries on the device it came in on,
    /// for `target` to `to`, as a proxy (override set, not a router). The packet itself is
    /// left to the caller.
    pub(crate) fn send_proxy_na(&self, to: &[u8; 16], target: &[u8; 16], solicited: bool) {
        // SAFETY: valid sk_buff with its device set (received); both addresses point to
        // 16 bytes; `ndisc_send_na` builds its own packet.
        unsafe {
            bindings::knet_ndisc_send_na(self.as_raw(), to.as_ptr(), target.as_ptr(), solicited)
        };
    }

    /// Whether it is an IPv6 packet (`skb->protocol`).
    pub(crate) fn is_ipv6(&self) -> bool {
        // SAFETY: valid sk_buff.
        unsafe { bindings::knet_skb_is_ipv6(self.as_raw()) }
    }

    /// Forgets what the receive path noted in the control block (before sending anew).
    pub(crate) fn clear_cb(&mut self) {
        // SAFETY: valid sk_buff; the control block is ours while we hold the packet.
        unsafe { bindings::knet_ip6cb_clear(self.as_raw()) };
    }

    /// Whether it is a GSO packet (to be cut into wire-sized segments on output).
    pub(crate) fn is_gso(&self) -> bool {
        // SAFETY: valid sk_buff.
        unsafe { bindings::knet_skb_is_gso(self.as_raw()) }
    }

    /// Whether every segment of a GSO packet fits `mtu` at the network layer.
    pub(crate) fn gso_fits(&self, mtu: u32) -> bool {
        // SAFETY: valid sk_buff.
        unsafe { bindings::skb_gso_validate_network_len(self.as_raw(), mtu) }
    }

    /// Tells the sender (a local socket) that its packet is too big for a path MTU of
    /// `mtu`: the route it used learns that MTU, and an ICMPv6 Packet Too Big goes back
    /// (RFC 8201). The packet itself is left to the caller.
    pub(crate) fn too_big(&mut self, mtu: u32) {
        let skb = self.as_raw();
        // SAFETY: valid sk_buff with a route (locally sent packets carry one at
        // LOCAL_OUT); `icmpv6_send` copies what it needs and takes no ownership.
        unsafe {
            bindings::knet_skb_dst_update_pmtu_no_confirm(skb, mtu);
            bindings::knet_skb_dev_from_dst(skb);
            bindings::knet_icmpv6_send(skb, bindings::ICMPV6_PKT_TOOBIG as u8, 0, mtu);
        }
    }
}

/// An sk_buff we own: dropping it frees it (`kfree_skb`).
///
/// # Invariants
///
/// `self.0` is a valid sk_buff with its network header set, owned by this value alone.
pub(crate) struct Skb(NonNull<Packet>);

impl Skb {
    /// # Safety
    ///
    /// `skb` is a valid sk_buff with its network header set whose ownership passes to
    /// the returned value.
    pub(crate) unsafe fn from_raw(skb: *mut bindings::sk_buff) -> Option<Skb> {
        // INVARIANT: per the function contract.
        NonNull::new(skb.cast::<Packet>()).map(Skb)
    }

    /// # Safety
    ///
    /// The lender of `pkt` gives up the sk_buff: its ownership passes to the returned
    /// value.
    pub(crate) unsafe fn from_packet(pkt: &mut Packet) -> Skb {
        // INVARIANT: per the function contract; `Packet` invariant for the rest.
        Skb(NonNull::from(pkt))
    }

    /// A new packet holding a copy of `data` (a complete IPv6 packet). Process context.
    pub(crate) fn new_ipv6(data: &[u8]) -> Result<Skb> {
        let len = u32::try_from(data.len()).map_err(|_| EINVAL)?;
        // SAFETY: `data` is valid for `len` bytes; the helper copies them into a new
        // sk_buff (network header set) that we own, or returns null.
        unsafe { Skb::from_raw(bindings::knet_skb_new_ipv6(data.as_ptr(), len)) }.ok_or(ENOMEM)
    }

    /// Gives the sk_buff away (to C that takes ownership).
    pub(crate) fn into_raw(self) -> *mut bindings::sk_buff {
        let p = self.0.as_ptr().cast();
        core::mem::forget(self);
        p
    }

    /// Frees it as a packet that was used, not dropped (`consume_skb`).
    pub(crate) fn consume(self) {
        // SAFETY: we own the sk_buff (type invariant) and give it up here.
        unsafe { bindings::knet_consume_skb(self.into_raw()) };
    }

    /// Cuts a GSO packet into wire-sized segments, each with the headers of the
    /// original (their checksums stay offloaded). The original is consumed.
    pub(crate) fn gso_segment(self) -> Result<SkbList> {
        // SAFETY: we own the sk_buff (type invariant).
        let segs = unsafe { bindings::knet_skb_gso_segment(self.as_raw()) };
        let segs = kernel::error::from_err_ptr(segs)?;
        if segs.is_null() {
            return Err(EINVAL);
        }
        self.consume();
        // INVARIANT: `skb_gso_segment` returned a list of new sk_buffs that we own.
        Ok(SkbList(segs))
    }

    /// Sends it as a new IPv6 packet of this host along the route set with
    /// [`Packet::set_dst`] (`ip6_local_out`: the Payload Length is set, LOCAL_OUT hooks
    /// run), on behalf of its socket.
    pub(crate) fn local_out(self, net: *mut bindings::net) -> Result {
        let sk = self.sock_ptr();
        // SAFETY: we own the sk_buff and hand it over; `ip6_local_out` consumes it. `net`
        // is the caller's live namespace; `sk` is null or held by the packet.
        let rc = unsafe { bindings::ip6_local_out(net, sk, self.into_raw()) };
        // SAFETY: no preconditions (maps NET_XMIT_* codes).
        kernel::error::to_result(unsafe { bindings::knet_net_xmit_errno(rc) })
    }

    /// Sends it on along its route (`dst_output`), on behalf of socket `sk` (may be null).
    pub(crate) fn output(self, net: *mut bindings::net, sk: *mut bindings::sock) {
        // SAFETY: we own the sk_buff and hand it over; `dst_output` consumes it whatever
        // it returns. `net` is the live namespace of the caller's context and `sk` is
        // null or a socket the caller keeps alive for the call.
        unsafe { bindings::knet_dst_output(net, sk, self.into_raw()) };
    }
}

impl Deref for Skb {
    type Target = Packet;
    fn deref(&self) -> &Packet {
        // SAFETY: valid and ours alone (type invariant).
        unsafe { self.0.as_ref() }
    }
}

impl DerefMut for Skb {
    fn deref_mut(&mut self) -> &mut Packet {
        // SAFETY: valid and ours alone (type invariant).
        unsafe { self.0.as_mut() }
    }
}

impl Drop for Skb {
    fn drop(&mut self) {
        // SAFETY: we own the sk_buff (type invariant); nothing uses it after this.
        unsafe { bindings::knet_kfree_skb(self.0.as_ptr().cast()) };
    }
}

/// A list of sk_buffs we own (linked through `skb->next`), taken one by one.
///
/// # Invariants
///
/// `self.0` is null or the first of a `next`-linked list of valid sk_buffs we own.
pub(crate) struct SkbList(*mut bindings::sk_buff);

impl Iterator for SkbList {
    type Item = Skb;
    fn next(&mut self) -> Option<Skb> {
        let head = self.0;
        if head.is_null() {
            return None;
        }
        // SAFETY: `head` is a valid sk_buff of our list; unlinking it makes it a
        // stand-alone packet whose ownership moves to the `Skb`.
        unsafe {
            self.0 = bindings::knet_skb_list_next(head);
            bindings::knet_skb_mark_not_on_list(head);
            Skb::from_raw(head)
        }
    }
}

impl Drop for SkbList {
    fn drop(&mut self) {
        for skb in self.by_ref() {
            drop(skb);
        }
    }
}

/// A queue of owned packets (`struct sk_buff_head`, with its own lock), for handing
/// packets from a hook to a work item. Dropping it frees what is left.
///
/// # Invariants
///
/// `q` is an initialised `sk_buff_head` whose packets the queue owns.
#[pin_data(PinnedDrop)]
pub(crate) struct SkbQueue {
    #[pin]
    q: kernel::types::Opaque<bindings::sk_buff_head>,
}

// SAFETY: the queue's functions take its lock; the packets are owned by the queue.
unsafe impl Send for SkbQueue {}
// SAFETY: as above.
unsafe impl Sync for SkbQueue {}

impl SkbQueue {
    pub(crate) fn new() -> impl PinInit<Self> {
        pin_init!(Self {
            q <- kernel::types::Opaque::ffi_init(|q: *mut bindings::sk_buff_head| {
                // SAFETY: `q` is valid for writes and pinned (pin-init).
                unsafe { bindings::knet_skb_queue_head_init(q) }
            }),
        })
    }

    /// Packets queued (a lockless read).
    pub(crate) fn len(&self) -> u32 {
        // SAFETY: initialised queue (type invariant).
        unsafe { bindings::knet_skb_queue_len(self.q.get()) }
    }

    /// Queues `skb` at the tail.
    pub(crate) fn push(&self, skb: Skb) {
        // SAFETY: initialised queue; the queue takes over the owned sk_buff.
        unsafe { bindings::skb_queue_tail(self.q.get(), skb.into_raw()) };
    }

    /// Takes the packet at the head.
    pub(crate) fn pop(&self) -> Option<Skb> {
        // SAFETY: initialised queue; a dequeued sk_buff is ours (queued by `push`, with
        // its network header set).
        unsafe { Skb::from_raw(bindings::skb_dequeue(self.q.get())) }
    }
}

#[pinned_drop]
impl PinnedDrop for SkbQueue {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: initialised queue; `&mut`: nobody else uses it.
        unsafe { bindings::knet_skb_queue_purge(self.q.get()) };
    }
}
