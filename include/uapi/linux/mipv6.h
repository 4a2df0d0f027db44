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

#define MIPV6_ABI_VERSION	1
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

/* Read-only: any caller that can open the device. */
#define MIPV6_IOC_GET_VERSION	_IOR(MIPV6_IOC_TYPE, 0, struct mipv6_version)
#define MIPV6_IOC_GET_ROLE	_IOR(MIPV6_IOC_TYPE, 1, __u32)
/* Mutating: CAP_NET_ADMIN over the opener's network namespace, else EPERM. */
#define MIPV6_IOC_SET_ROLE	_IOW(MIPV6_IOC_TYPE, 2, __u32)

#endif /* _UAPI_LINUX_MIPV6_H */
