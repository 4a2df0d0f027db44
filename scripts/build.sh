#!/usr/bin/env bash
# Build the kernel modules (against the cached test kernel, bootstrapping it on first use)
# and the user-space tools (mipdiag; mip6-load, which the selftests use too). Prints the
# kernel build directory (KDIR) on its last line.
# Usage: scripts/build.sh [debug|lean]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${MIP6_CACHE:-/var/cache/mip6}
kdir=$("$top/scripts/bootstrap.sh" "${1:-debug}" | tail -n1)
echo "build: modules against $kdir" >&2
make -C "$kdir" M="$top" LLVM=-19 RUSTC=/usr/bin/rustc HOSTRUSTC=/usr/bin/rustc \
    BINDGEN="$cache/tools/bin/bindgen" -j"$(( $(nproc) + 1 ))" modules >&2
echo "build: mipdiag, mip6-load" >&2
(cd "$top" && cargo build --release -q -p mipdiag -p mip6-load) >&2
echo "$kdir"
