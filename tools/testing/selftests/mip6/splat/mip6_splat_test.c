// SPDX-License-Identifier: GPL-2.0
/*
 * Deliberately broken module for the harness's own test: loading it logs a WARNING,
 * and scripts/vm/run.sh must then fail the run (see harness.sh).
 */
#include <linux/module.h>

static int __init mip6_splat_test_init(void)
{
	WARN(1, "mip6 harness self-test: this warning must fail the VM run\n");
	return 0;
}

static void __exit mip6_splat_test_exit(void)
{
}

module_init(mip6_splat_test_init);
module_exit(mip6_splat_test_exit);
MODULE_DESCRIPTION("mip6 test-harness self-test: emits a WARNING on load");
MODULE_LICENSE("GPL");
