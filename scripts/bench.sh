#!/usr/bin/env bash
# `make bench`: the benchmarks on a non-debug kernel (never the KASAN one). Bootstraps and
# builds the lean kernel (cached like the test kernel), builds the modules for it in a copy
# of the tree (the debug build in the tree is left alone), runs tools/bench/bench-inside.sh
# in the VM and prints the table; out/bench/bench.json holds the same figures.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kdir=$(scripts/bootstrap.sh lean | tail -n1)
out=$top/out/bench
src=$out/src
rm -rf "$src"; mkdir -p "$src"
tar -C "$top" -cf - Kbuild include rust tools/testing/selftests/mip6/splat | tar -C "$src" -xf -
find "$src" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod' -o -name '*.mod.c' \) -delete
echo "bench: modules for the lean kernel $kdir" >&2
make -C "$kdir" M="$src" LLVM=-19 RUSTC=/usr/bin/rustc HOSTRUSTC=/usr/bin/rustc \
    BINDGEN="${MIP6_CACHE:-/var/cache/mip6}/tools/bin/bindgen" -j"$(( $(nproc) + 1 ))" modules >&2
cargo build --release -q -p mipdiag -p mip6-load
# The VM installs the modules it finds under rust/*/ of the directory it starts in.
job=$out/job
MIP6_JOB=$job MIP6_VM_TREE=$src scripts/vm/run.sh -k "$kdir" -t 2700 -m 3072 tools/bench/bench-inside.sh | tee "$out/bench.log"
python3 tools/bench/report.py "$job/results.jsonl" "$out/bench.json" | tee "$out/table.txt"
echo "bench: table in out/bench/table.txt, figures in out/bench/bench.json, profiles in $job/perf-{ha,ro,fill}.txt"
