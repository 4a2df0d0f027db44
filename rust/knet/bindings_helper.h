/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What bindgen turns into rust/knet/bindings_generated.rs (rule in the top-level Kbuild):
 * the kernel headers `kernel::bindings` of 7.3 lacks for networking, the layer's one-line
 * helpers, and mip6's own C interfaces. Every Rust declaration of C comes from here, so a
 * signature change on the C side breaks the Rust build instead of the kernel.
 */
#include <linux/icmpv6.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/gso.h>
#include <net/addrconf.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/net_namespace.h>
#include <net/netevent.h>

#include <uapi/linux/mipv6.h>
#include <mip6/mip6_glue.h>
#include <mip6/mip6_mn_glue.h>
#include <mip6/mip6_ha_glue.h>
#include "helpers.h"
#include "addr_table.h"
