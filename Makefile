# SPDX-License-Identifier: GPL-2.0
# mip6 — Mobile IPv6 (RFC 6275) for Linux as Rust-for-Linux modules.
#
#   make            kernel modules + mipdiag (bootstraps toolchain and test kernel on first use)
#   make demo       the main job: boot the test kernel, load the modules, show them working
#   make check      every test: host (cargo) and VM selftests; ends with "N passed, N failed"
#   make bench      benchmarks on a non-debug kernel, side by side with the kernel's own paths
#   make clean
#
# KDIR=/path/to/built/linux-7.3 uses an existing Rust-enabled build tree instead of the
# cached one (the kernel's own Kbuild is used through `make -C $KDIR M=$PWD`).

.PHONY: all demo check bench clean
all:
	scripts/build.sh

demo:
	scripts/demo.sh

check:
	scripts/check.sh

bench:
	scripts/bench.sh

clean:
	rm -rf out target
	find rust tools -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
	    -o -name '.*.cmd' -o -name 'modules.order' -o -name 'Module.symvers' | xargs rm -f
	rm -f modules.order Module.symvers .*.cmd rust/knet/bindings_generated.rs rust/knet/.*.cmd
