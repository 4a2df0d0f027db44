#!/bin/bash
# Runs every mip6 selftest inside the VM and prints kselftest TAP; exit 0 iff all pass.
# Started by scripts/vm/run.sh (see `make check`), in the repository directory.
dir=$(dirname "$0")
. "$dir/lib.sh"
: > "$RESULTS"
tests=${MIP6_TESTS:-"modules device sysctl perm roles home_reg hostile lifecycle cn mobility ro"}
echo "TAP version 13"
for t in $tests; do
    echo "# --- $t"
    t0=$SECONDS
    bash "$dir/$t.sh" | sed -u 's/^/    /'
    # What each file costs, for balancing the VM groups of `make check`.
    echo "# --- $t: $((SECONDS - t0)) s" | tee -a "$MIP6_JOB/times"
    unload_all
    # A process left running in a namespace (a capture, a daemon) keeps it and its devices
    # alive after `ip netns del`: stop them first.
    for ns in $(ip netns list | awk '{print $1}'); do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
        ip netns del "$ns"
    done
done
pass=$(grep -c '^ok' "$RESULTS"); fail=$(grep -c '^not ok' "$RESULTS")
n=0
echo "1..$((pass + fail))"
while IFS= read -r line; do
    n=$((n + 1)); echo "${line/ - / $n - }"
done < "$RESULTS"
echo "# mip6 selftests: $pass passed, $fail failed"
echo "$pass $fail" > "$MIP6_JOB/summary"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
