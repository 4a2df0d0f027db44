// SPDX-License-Identifier: GPL-2.0
/*
 * mip6_base's exports that are defined in Rust (rust/knet/glue/base_entry.rs) for the role
 * modules, in the "MIP6" symbol namespace. A module's Rust cannot emit the export entries
 * itself in 7.3, so they are listed here.
 */
#include <linux/export.h>
#include <mip6/mip6_glue.h>

EXPORT_SYMBOL_NS_GPL(mip6_sysctl_get, "MIP6");
EXPORT_SYMBOL_NS_GPL(mip6_net_role, "MIP6");
EXPORT_SYMBOL_NS_GPL(mip6_stat_add, "MIP6");
EXPORT_SYMBOL_NS_GPL(mip6_role_register, "MIP6");
EXPORT_SYMBOL_NS_GPL(mip6_role_unregister, "MIP6");
EXPORT_SYMBOL_NS_GPL(mip6_ha_ops_register, "MIP6");
EXPORT_SYMBOL_NS_GPL(mip6_ha_ops_unregister, "MIP6");
EXPORT_SYMBOL_NS_GPL(mip6_mn_ops_register, "MIP6");
EXPORT_SYMBOL_NS_GPL(mip6_mn_ops_unregister, "MIP6");
EXPORT_SYMBOL_NS_GPL(mip6_policy_key, "MIP6");
