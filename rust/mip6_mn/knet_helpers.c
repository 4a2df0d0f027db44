// SPDX-License-Identifier: GPL-2.0
/* The networking layer's helpers, compiled into this module (see rust/knet/helpers.c),
 * and its address-table island (rust/knet/addr_table.c: the correspondents). */
#include "../knet/helpers.c"
#include "../knet/addr_table.c"
