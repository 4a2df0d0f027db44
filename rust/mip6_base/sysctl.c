// SPDX-License-Identifier: GPL-2.0
/*
 * The net.ipv6.mobility sysctls: a declarative table (names, bounds, defaults), copied per
 * namespace to point at that namespace's values, which live in its Rust state
 * (rust/knet/glue/base.rs, Sysctls). Kept in C: 7.3 has no sysctl abstraction for Rust.
 */
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>
#include <mip6/mip6_glue.h>

/* Bounds of the MIPL 1.0 knobs (see Documentation/admin-guide/mip6.rst). */
static int mip6_seven = 7;
static int mip6_thousand = 1000;
static int mip6_u16_max = 65535;
static int mip6_tnls_max = 1024;
static int mip6_bindings_max = 1048576;
static int mip6_tolerance_max = 3600;
static int mip6_four = 4;
static int mip6_home_lifetime_max = 262140;	/* 0xffff units of 4 s */

#define MIP6_KNOB(idx, name, lo, hi) \
	[idx] = { .procname = name, .maxlen = sizeof(int), .mode = 0644, \
		  .proc_handler = proc_dointvec_minmax, .extra1 = (lo), .extra2 = (hi) }

static const struct ctl_table mip6_sysctl_template[MIP6_SYSCTL_COUNT] = {
	MIP6_KNOB(MIP6_SYSCTL_DEBUGLEVEL, "debuglevel", SYSCTL_ZERO, &mip6_seven),
	MIP6_KNOB(MIP6_SYSCTL_ACCEPT_RETURN_ROUTABILITY, "accept_return_routability", SYSCTL_ZERO, SYSCTL_ONE),
	MIP6_KNOB(MIP6_SYSCTL_BU_FLAG_LLADDR, "bu_flag_lladdr", SYSCTL_ZERO, SYSCTL_ONE),
	MIP6_KNOB(MIP6_SYSCTL_BU_FLAG_KEYMGM, "bu_flag_keymgm", SYSCTL_ZERO, SYSCTL_ONE),
	MIP6_KNOB(MIP6_SYSCTL_BU_FLAG_CN_ACK, "bu_flag_cn_ack", SYSCTL_ZERO, SYSCTL_ONE),
	MIP6_KNOB(MIP6_SYSCTL_MAX_ROUTER_REACHABLE_TIME, "max_router_reachable_time", SYSCTL_ONE, &mip6_thousand),
	MIP6_KNOB(MIP6_SYSCTL_EAGER_CELL_SWITCHING, "eager_cell_switching", SYSCTL_ZERO, SYSCTL_ONE),
	MIP6_KNOB(MIP6_SYSCTL_BINDING_REFRESH_ADVICE, "binding_refresh_advice", SYSCTL_ZERO, &mip6_u16_max),
	MIP6_KNOB(MIP6_SYSCTL_MAX_TNLS, "max_tnls", SYSCTL_ONE, &mip6_tnls_max),
	MIP6_KNOB(MIP6_SYSCTL_MIN_TNLS, "min_tnls", SYSCTL_ONE, &mip6_tnls_max),
	MIP6_KNOB(MIP6_SYSCTL_TUNNEL_SITELOCAL, "tunnel_sitelocal", SYSCTL_ZERO, SYSCTL_ONE),
	MIP6_KNOB(MIP6_SYSCTL_MAX_BINDINGS, "max_bindings", SYSCTL_ZERO, &mip6_bindings_max),
	MIP6_KNOB(MIP6_SYSCTL_MAX_CN_BINDINGS, "max_cn_bindings", SYSCTL_ZERO, &mip6_bindings_max),
	MIP6_KNOB(MIP6_SYSCTL_REPLAY_TOLERANCE, "replay_tolerance", SYSCTL_ONE, &mip6_tolerance_max),
	MIP6_KNOB(MIP6_SYSCTL_MAX_HOME_LIFETIME, "max_home_lifetime", &mip6_four, &mip6_home_lifetime_max),
};

static const int mip6_sysctl_defaults[MIP6_SYSCTL_COUNT] = {
	[MIP6_SYSCTL_DEBUGLEVEL] = 1,	/* replaced by the mipv6_debug parameter */
	[MIP6_SYSCTL_ACCEPT_RETURN_ROUTABILITY] = 1,
	[MIP6_SYSCTL_MAX_ROUTER_REACHABLE_TIME] = 5,
	[MIP6_SYSCTL_EAGER_CELL_SWITCHING] = 1,
	[MIP6_SYSCTL_MAX_TNLS] = 3,
	[MIP6_SYSCTL_MIN_TNLS] = 1,
	[MIP6_SYSCTL_MAX_BINDINGS] = 131072,	/* home registrations (about 35 MB at most) */
	[MIP6_SYSCTL_MAX_CN_BINDINGS] = 16384,	/* route-optimisation bindings */
	[MIP6_SYSCTL_REPLAY_TOLERANCE] = 7,	/* seconds, RFC 4285 section 6 */
	[MIP6_SYSCTL_MAX_HOME_LIFETIME] = 262140,	/* seconds granted to a home registration */
};

struct ctl_table_header *mip6_sysctl_register(struct net *net, int *values, int debuglevel)
{
	struct ctl_table *tbl = kmemdup(mip6_sysctl_template, sizeof(mip6_sysctl_template),
					GFP_KERNEL);
	struct ctl_table_header *hdr;
	int i;

	if (!tbl)
		return NULL;
	memcpy(values, mip6_sysctl_defaults, sizeof(mip6_sysctl_defaults));
	values[MIP6_SYSCTL_DEBUGLEVEL] = clamp(debuglevel, 0, mip6_seven);
	for (i = 0; i < MIP6_SYSCTL_COUNT; i++)
		tbl[i].data = &values[i];
	hdr = register_net_sysctl_sz(net, "net/ipv6/mobility", tbl, MIP6_SYSCTL_COUNT);
	if (!hdr)
		kfree(tbl);
	return hdr;
}

void mip6_sysctl_unregister(struct ctl_table_header *hdr)
{
	const struct ctl_table *tbl = hdr->ctl_table_arg;

	unregister_net_sysctl_table(hdr);
	kfree(tbl);
}
