// SPDX-License-Identifier: GPL-2.0
/* The networking layer's helpers, compiled into this module (see rust/knet/helpers.c). */
#include "../knet/helpers.c"
