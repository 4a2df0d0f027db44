#!/usr/bin/env bash
# The kernel's Rust rules, checked on our code:
#   format   every .rs file (generated bindings aside) as `make rustfmtcheck` checks the
#            kernel's, with the kernel's own .rustfmt.toml;
#   modules  the modules build with the kernel's rustc lint set (its rust_common_flags:
#            missing_docs, rust_2018_idioms, unreachable_pub, unsafe_op_in_unsafe_fn, ...)
#            turned into errors (KRUSTFLAGS=-Dwarnings);
#   clippy   the protocol core under the kernel's clippy lints, as errors (clippy cannot
#            check the modules here: the only clippy-driver is rustup's, a different rustc
#            from the one the kernel was built with).
# Prints "lint <name>: ok" or "lint <name>: FAILED" per check and ends with
# "N passed, N failed"; exit status 0 only if all passed.
# Usage: scripts/lint.sh [KDIR]   (default: the cached debug kernel, built if missing)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export PATH="$HOME/.cargo/bin:$PATH"
cache=${MIP6_CACHE:-/var/cache/mip6}
kdir=${1:-$("$top/scripts/bootstrap.sh" debug | tail -n1)}
ksrc=$(readlink -f "$kdir/source" 2>/dev/null || true)
[ -f "$ksrc/.rustfmt.toml" ] || ksrc=$cache/src/linux-source-7.3
pass=0; fail=0
result() { if [ "$2" -eq 0 ]; then echo "lint $1: ok"; pass=$((pass + 1)); else echo "lint $1: FAILED"; fail=$((fail + 1)); fi; }

mapfile -t files < <(git ls-files '*.rs' | grep -v generated)
rustfmt --edition 2021 --config-path "$ksrc/.rustfmt.toml" --check "${files[@]}"
result format $?

make -C "$kdir" M="$top" LLVM=-19 RUSTC=/usr/bin/rustc HOSTRUSTC=/usr/bin/rustc \
    BINDGEN="$cache/tools/bin/bindgen" KRUSTFLAGS=-Dwarnings -j"$(( $(nproc) + 1 ))" modules >/dev/null
result modules $?

# The clippy lints of the kernel's rust_common_flags (7.3 Makefile), and its rustc ones.
lints=(clippy::all clippy::as_ptr_cast_mut clippy::as_underscore clippy::cast_lossless
       clippy::ignored_unit_patterns clippy::mut_mut clippy::needless_bitwise_bool
       clippy::no_mangle_with_rust_abi clippy::ptr_as_ptr clippy::ptr_cast_constness
       clippy::ref_as_ptr clippy::undocumented_unsafe_blocks clippy::unnecessary_safety_comment
       clippy::unnecessary_safety_doc missing_docs rust_2018_idioms unreachable_pub)
(cd rust/mip6 && cargo clippy -q --lib -- "${lints[@]/#/-D}")
result clippy $?

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
