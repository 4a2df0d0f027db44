#!/bin/bash
# Shared helpers for the mip6 VM selftests (kselftest TAP). Source it; call `check`.
# Each test file prints "ok N - name" / "not ok N - name"; run_all.sh numbers globally.

: "${MIP6_JOB:?run inside the VM via tools/testing/selftests/mip6/run_all.sh}"
RESULTS=$MIP6_JOB/results
MIPDIAG=${MIPDIAG:-$PWD/target/release/mipdiag}
LOAD=${LOAD:-$PWD/target/release/mip6-load}

# The helpers every test calls use shell builtins only (nap.sh: a process costs about a
# second in the debug VM): results are appended with redirections, not tee.
. "$(dirname "${BASH_SOURCE[0]}")/nap.sh"

# record LINE: a result line to the TAP output and the results file; each also gets the
# seconds since the file's previous result in $MIP6_JOB/check-times (where the time goes).
_last_result=$SECONDS
record() {
    echo "$1"
    echo "$1" >>"$RESULTS"
    echo "$((SECONDS - _last_result)) ${0##*/}: $1" >>"$MIP6_JOB/check-times"
    _last_result=$SECONDS
}

# check NAME CMD...: run CMD, record ok/not ok; output of a failing command is shown.
check() {
    local name=$1; shift
    local out
    if out=$("$@" 2>&1); then
        record "ok - $name"
    else
        record "not ok - $name"
        printf '%s\n' "$out" | sed 's/^/# /' | head -40
    fi
}

# expect_fail NAME CMD...: like check, but the command must fail.
expect_fail() {
    local name=$1; shift
    if "$@" >/dev/null 2>&1; then
        record "not ok - $name (unexpectedly succeeded)"
    else
        record "ok - $name"
    fi
}

# Command-output assertions usable inside check.
output_has() { # PATTERN CMD...: CMD's combined output matches the extended regex (one line)
    local pat=$1; shift
    case $pat in *$'\n'*) echo "output_has: one-line patterns only"; return 1;; esac
    local out; out=$("$@" 2>&1)
    grep -Eq -- "$pat" <<<"$out" || { echo "expected /$pat/ in output of '$*':"; echo "$out"; return 1; }
}
equals() { # EXPECTED CMD...: CMD's stdout (trimmed) equals EXPECTED
    local want=$1; shift
    local got; got=$("$@" 2>&1)
    [ "$got" = "$want" ] || { echo "'$*' gave '$got', expected '$want'"; return 1; }
}

sysctl_path() { echo "/proc/sys/net/ipv6/mobility/$1"; }
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

unload_all() {
    for m in mip6_ha mip6_mn mip6_base; do
        grep -q "^$m " /proc/modules && rmmod "$m"
    done
    return 0
}
