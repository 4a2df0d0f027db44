#!/usr/bin/env bash
# Fuzz the protocol core (rust/mip6) with cargo-fuzz / libFuzzer.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   SECONDS_PER_TARGET  libFuzzer -max_total_time per target (default 10: a smoke run)
#   TARGET...           fuzz targets to run (default: all, see `cargo fuzz list`)
# Targets run one after the other, one fuzzer process at a time (no -fork/-jobs).
# Corpus: rust/mip6/fuzz/corpus/<target> (kept between runs), crash inputs:
# rust/mip6/fuzz/artifacts/<target>/, logs: rust/mip6/fuzz/target/fuzz-logs/<target>.log.
# Prints "fuzz <target>: ok (<N> runs in <S> s)" or "fuzz <target>: CRASH <artifact>" per
# target and ends with "N passed, N failed"; exit status 0 only if nothing failed.
#
# Environment:
#   CARGO             cargo to use (default: ~/.cargo/bin/cargo, the rustup one)
#   FUZZ_SANITIZER    address (default; falls back to none if the ASan build fails) or none
#   CARGO_BUILD_JOBS  build parallelism (default 1)
#   CARGO_FUZZ_VERSION  cargo-fuzz version installed when missing (default 0.13.2)
#
# cargo-fuzz needs nightly-only rustc flags (-Zsanitizer, -Cpasses=sancov-module, ...).
# RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them, so no nightly is needed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
cargo=${CARGO:-$HOME/.cargo/bin/cargo}
san=${FUZZ_SANITIZER:-address}
secs=${1:-10}
[ $# -gt 0 ] && shift
note() { echo "fuzz: $*" >&2; }
# A number from the last libFuzzer status line in $last, e.g. `field cov`.
field() { sed -nE "s|.*[[:space:]]$1: +([0-9]+).*|\1|p" <<<"$last"; }

case $secs in ''|*[!0-9]*) note "SECONDS_PER_TARGET must be a number, got '$secs'"; exit 2 ;; esac
[ -x "$cargo" ] || { note "no cargo at $cargo (install rustup, or set CARGO=)"; exit 2; }

if ! "$cargo" fuzz --version >/dev/null 2>&1; then
    note "installing cargo-fuzz ${CARGO_FUZZ_VERSION:-0.13.2} from crates.io"
    "$cargo" install cargo-fuzz --locked --version "${CARGO_FUZZ_VERSION:-0.13.2}" -j "$CARGO_BUILD_JOBS" >&2
fi

crate=$top/rust/mip6
fuzzdir=$crate/fuzz
logs=$fuzzdir/target/fuzz-logs
cd "$crate"

if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <("$cargo" fuzz list)
fi
[ ${#targets[@]} -gt 0 ] || { note "no fuzz targets"; exit 2; }

# Build every requested target up front, so a compile error is not reported as a crash.
# ASan needs sanitizer support in the toolchain; fall back to none.
build() {
    local t
    for t in "${targets[@]}"; do
        "$cargo" fuzz build -s "$1" "$t" >&2 || return 1
    done
}
if ! build "$san"; then
    if [ "$san" = address ]; then
        note "address sanitizer build failed; retrying with -s none"
        san=none
        build "$san" || { note "build FAILED"; echo "0 passed, ${#targets[@]} failed"; exit 1; }
    else
        note "build FAILED"; echo "0 passed, ${#targets[@]} failed"; exit 1
    fi
fi
note "built ${#targets[@]} target(s) with sanitizer '$san'; ${secs} s each"

mkdir -p "$logs"
stats=$logs/summary.tsv
printf 'target\tresult\truns\tseconds\texec_per_s\tcov\tft\tcorpus\n' > "$stats"
pass=0; fail=0
for t in "${targets[@]}"; do
    corpus=$fuzzdir/corpus/$t
    mkdir -p "$corpus" "$fuzzdir/artifacts/$t"
    log=$logs/$t.log
    note "$t: running ${secs} s (log: $log)"
    rc=0
    "$cargo" fuzz run -s "$san" "$t" "$corpus" -- \
        -max_total_time="$secs" -timeout=25 -print_final_stats=1 >"$log" 2>&1 || rc=$?
    # The last libFuzzer status line ("#N DONE cov: X ft: Y corp: ... exec/s: Z ...").
    last=$(grep -E '^#[0-9]+' "$log" | grep -E 'cov: ' | tail -n1 || true)
    runs=$(sed -nE 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/p' "$log" | tail -n1)
    took=$(sed -nE 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/p' "$log" | tail -n1)
    if [ -z "$runs" ]; then
        runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -n1)
    fi
    if [ "$rc" -eq 0 ]; then
        echo "fuzz $t: ok (${runs:-?} runs in ${took:-?} s)"
        result=ok; pass=$((pass + 1))
    else
        artifact=$(sed -nE 's/.*Test unit written to ([^ ]+).*/\1/p' "$log" | tail -n1)
        if [ -n "$artifact" ]; then
            case $artifact in /*) ;; *) artifact=$crate/${artifact#./} ;; esac
            echo "fuzz $t: CRASH $artifact"
            result=crash
        else
            echo "fuzz $t: FAILED (exit $rc, no artifact; see $log)"
            result=failed
        fi
        fail=$((fail + 1))
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$result" "${runs:-}" "${took:-}" \
        "$(field exec/s)" "$(field cov)" "$(field ft)" "$(find "$corpus" -type f | wc -l)" >> "$stats"
done
note "per-target statistics: $stats"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
