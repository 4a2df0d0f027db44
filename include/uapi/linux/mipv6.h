/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mip6: Mobile IPv6 (RFC 6275) for Linux — ioctl ABI of /dev/mipv6_dev.
 *
 * Fixed-size types only: the numbers are the same for 32- and 64-bit callers.
 * Mirrored by rust/mip6/src/abi.rs (a host test compiles this header and compares).
 */
#ifndef _UAPI_LINUX_MIPV6_H
#define _UAPI_LINUX_MIPV6_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define MIPV6_ABI_VERSION	2
#define MIPV6_IOC_TYPE		0xF9	/* MIPL's historical device major */

/* Roles a network namespace can play; HA and MN include the CN functions. */
enum mipv6_role {
	MIPV6_ROLE_CN = 0,	/* mip6_base */
	MIPV6_ROLE_MN = 1,	/* mip6_mn */
	MIPV6_ROLE_HA = 2,	/* mip6_ha */
};

struct mipv6_version {
	__u32 abi;		/* MIPV6_ABI_VERSION of the running module */
	__u32 roles_loaded;	/* bit (1 << enum mipv6_role) per role module loaded */
	char release[32];	/* NUL-terminated release string */
};

/* Statistics counters, MIPL 1.0 order (see mipdiag -s); unused slots are zero. */
enum mipv6_stat {
	MIPV6_STAT_ENCAPSULATIONS, MIPV6_STAT_DECAPSULATIONS,
	MIPV6_STAT_BIND_REFRESH_RQS_RCVD, MIPV6_STAT_HOME_TEST_INITS_RCVD,
	MIPV6_STAT_CAREOF_TEST_INITS_RCVD, MIPV6_STAT_HOME_TESTS_RCVD, MIPV6_STAT_CAREOF_TESTS_RCVD,
	MIPV6_STAT_BIND_UPDATES_RCVD, MIPV6_STAT_BIND_ACKS_RCVD, MIPV6_STAT_BIND_NACKS_RCVD,
	MIPV6_STAT_BIND_ERRORS_RCVD,
	MIPV6_STAT_BIND_REFRESH_RQS_SENT, MIPV6_STAT_HOME_TEST_INITS_SENT,
	MIPV6_STAT_CAREOF_TEST_INITS_SENT, MIPV6_STAT_HOME_TESTS_SENT, MIPV6_STAT_CAREOF_TESTS_SENT,
	MIPV6_STAT_BIND_UPDATES_SENT, MIPV6_STAT_BIND_ACKS_SENT, MIPV6_STAT_BIND_NACKS_SENT,
	MIPV6_STAT_BIND_ERRORS_SENT,
	MIPV6_STAT_BIND_UPDATES_DROP_AUTH, MIPV6_STAT_BIND_UPDATES_DROP_INVALID,
	MIPV6_STAT_BIND_UPDATES_DROP_MISC,
	MIPV6_STAT_BIND_ACKS_DROP_AUTH, MIPV6_STAT_BIND_ACKS_DROP_INVALID, MIPV6_STAT_BIND_ACKS_DROP_MISC,
	MIPV6_STAT_BIND_RQS_DROP_AUTH, MIPV6_STAT_BIND_RQS_DROP_INVALID, MIPV6_STAT_BIND_RQS_DROP_MISC,
	MIPV6_STAT_COUNT
};

struct mipv6_stats {
	__u64 counter[32];
};

#define MIPV6_BCACHE_CORRESPONDENT	1	/* route optimisation */
#define MIPV6_BCACHE_HOME_REGISTRATION	2	/* we are the home agent */

struct mipv6_bcache_entry {
	__u8  home[16];
	__u8  coa[16];
	__u32 lifetime_left;	/* seconds */
	__u16 seq;		/* last accepted sequence number */
	__u8  type;		/* MIPV6_BCACHE_* */
	__u8  flags;		/* reserved, 0 */
};

/* A table dump: the kernel fills at most @max entries at user address @buf and stores
 * the number of entries in the table in @count (count > max: call again, larger). */
struct mipv6_dump {
	__u64 buf;
	__u32 max;
	__u32 count;
};

/* Mobile node: home address and home agent (mipdiag -i IF -h ADDR/PLEN -H ADDR/PLEN). */
struct mipv6_mn_home {
	char  ifname[16];	/* home tunnel device to create or use (mip6mnha1) */
	__u8  home[16];
	__u8  ha[16];
	__u8  home_plen;
	__u8  ha_plen;
	__u16 reserved;
};

#define MIPV6_BUL_IDLE		0
#define MIPV6_BUL_WAIT_ACK	1
#define MIPV6_BUL_BOUND		2
#define MIPV6_BUL_FAILED	3
#define MIPV6_BUL_RR		4	/* correspondent: return routability in progress */

/* Mobile node: its home registration (mipdiag -m, -l). */
struct mipv6_mn_info {
	__u8  home[16];
	__u8  ha[16];
	__u8  coa[16];		/* registered / being registered; zero at home */
	__u32 tnl_ifindex;
	__u32 link_ifindex;	/* current link */
	__u32 expires;		/* seconds left of the binding, 0: none */
	__u32 delay_ms;		/* retransmission timeout */
	__u32 callback;		/* seconds to the next Binding Update, 0: none due */
	__u16 seq;		/* last sequence number sent */
	__u8  home_plen;
	__u8  state;		/* MIPV6_BUL_* */
	__u8  at_home;
	__u8  configured;
	__u8  status;		/* of the last Binding Acknowledgement */
	__u8  reserved;
};

/* Read-only: any caller that can open the device. */
#define MIPV6_IOC_GET_VERSION	_IOR(MIPV6_IOC_TYPE, 0, struct mipv6_version)
#define MIPV6_IOC_GET_ROLE	_IOR(MIPV6_IOC_TYPE, 1, __u32)
/* Mutating: CAP_NET_ADMIN over the opener's network namespace, else EPERM. */
#define MIPV6_IOC_SET_ROLE	_IOW(MIPV6_IOC_TYPE, 2, __u32)
/* Read-only. */
#define MIPV6_IOC_GET_STATS	_IOR(MIPV6_IOC_TYPE, 3, struct mipv6_stats)
#define MIPV6_IOC_GET_BCACHE	_IOWR(MIPV6_IOC_TYPE, 4, struct mipv6_dump)
/* Mobile node (mip6_mn): mutating, then read-only. */
#define MIPV6_IOC_MN_SET_HOME	_IOW(MIPV6_IOC_TYPE, 5, struct mipv6_mn_home)
#define MIPV6_IOC_MN_GET_INFO	_IOR(MIPV6_IOC_TYPE, 6, struct mipv6_mn_info)

/* One correspondent node in the mobile node's Binding Update List (route optimisation). */
struct mipv6_mn_cn {
	__u8  cn[16];
	__u8  coa[16];		/* care-of address of the last Binding Update to it */
	__u32 expires;		/* seconds until the binding expires, 0: none */
	__u16 seq;		/* last sequence number sent */
	__u8  state;		/* MIPV6_BUL_*: RR, WAIT_ACK, BOUND, FAILED (tunnel used) */
	__u8  active;		/* 1: packets to it carry a Home Address option */
};

#define MIPV6_MN_MAX_CNS	8

struct mipv6_mn_cns {
	__u32 count;
	__u32 reserved;
	struct mipv6_mn_cn cn[MIPV6_MN_MAX_CNS];
};

#define MIPV6_IOC_MN_GET_CNS	_IOR(MIPV6_IOC_TYPE, 7, struct mipv6_mn_cns)

/*
 * Binding policy and MN-HA credentials (RFC 4285), per network namespace.
 *
 * A home agent accepts a home registration only for a home address covered by a policy
 * entry (longest prefix wins): with a credential (Mobility SPI + shared key) the Binding
 * Update must carry a valid MN-HA Mobility Message Authentication option and a fresh
 * Mobility Message Replay Protection timestamp; with MIPV6_POLICY_UNAUTHENTICATED it needs
 * neither (an explicit, logged opt-in for labs). No entry: refused (status 129).
 * A mobile node signs its home registrations with the entry covering its home address.
 * Keys are write-only: no ioctl returns them.
 */
#define MIPV6_POLICY_UNAUTHENTICATED	1
#define MIPV6_KEY_MAX			64
#define MIPV6_POLICY_MAX		4096	/* entries per namespace */

struct mipv6_policy {
	__u8  prefix[16];	/* a home address (plen 128) or home prefix */
	__u8  plen;
	__u8  flags;		/* MIPV6_POLICY_* */
	__u16 key_len;		/* 1..MIPV6_KEY_MAX; 0 with MIPV6_POLICY_UNAUTHENTICATED */
	__u32 spi;		/* Mobility SPI, >= 256 (0-255 are reserved); 0 when unauthenticated */
	__u8  key[MIPV6_KEY_MAX];
};

/* One entry as MIPV6_IOC_GET_POLICY dumps it (never the key). */
struct mipv6_policy_entry {
	__u8  prefix[16];
	__u8  plen;
	__u8  flags;
	__u16 key_len;
	__u32 spi;
};

/* Mutating (CAP_NET_ADMIN): add or replace the entry for prefix/plen; delete it (ENOENT). */
#define MIPV6_IOC_SET_POLICY	_IOW(MIPV6_IOC_TYPE, 8, struct mipv6_policy)
#define MIPV6_IOC_DEL_POLICY	_IOW(MIPV6_IOC_TYPE, 9, struct mipv6_policy)
/* Read-only: a table dump of struct mipv6_policy_entry. */
#define MIPV6_IOC_GET_POLICY	_IOWR(MIPV6_IOC_TYPE, 10, struct mipv6_dump)

#endif /* _UAPI_LINUX_MIPV6_H */
