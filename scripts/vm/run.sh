#!/usr/bin/env bash
# Boot the mip6 test kernel under QEMU with the host root filesystem read-only (9p), load
# nothing by itself, run one shell script inside, and propagate its exit status.
#
# Usage: scripts/vm/run.sh [-k KDIR] [-t TIMEOUT_S] [-m MEM_MB] SCRIPT [ARGS...]
# SCRIPT runs as root inside the VM (bash), in the repository directory; the directory
# `$MIP6_JOB` (also the VM's $MIP6_JOB) is writable on both sides for results.
# Exit status: the script's, or 125 if the VM died/timed out, or 124 if the kernel logged
# a splat (BUG, WARNING, Oops, KASAN, UBSAN, lockdep, refcount_t, kmemleak report).
# MIP6_ACCEL=tcg (default) | kvm (used only if a probe boot under KVM succeeds).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${MIP6_CACHE:-/var/cache/mip6}
kdir=${KDIR:-$cache/kernel/debug}
timeout_s=1500
mem=2048
while getopts "k:t:m:" o; do
    case $o in k) kdir=$OPTARG;; t) timeout_s=$OPTARG;; m) mem=$OPTARG;; *) exit 2;; esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-k KDIR] [-t TIMEOUT] SCRIPT [ARGS...]" >&2; exit 2; }
script=$(realpath "$1"); shift
image=$kdir/arch/x86/boot/bzImage
[ -f "$image" ] || { echo "vm: no kernel image at $image (run scripts/bootstrap.sh)" >&2; exit 2; }
command -v qemu-system-x86_64 >/dev/null || { echo "vm: qemu-system-x86_64 missing (run scripts/bootstrap.sh)" >&2; exit 2; }

# The job directory: $MIP6_JOB if the caller chose one (emptied), else a fresh one in out/.
mkdir -p "$top/out"
if [ -n "${MIP6_JOB:-}" ]; then job=$(realpath -m "$MIP6_JOB"); rm -rf "$job"; mkdir -p "$job"
else job=$(mktemp -d "$top/out/vm.XXXXXX"); fi
export MIP6_JOB=$job
{
    printf 'cd %q\n' "$top"
    printf 'export MIP6_JOB=%q MIP6_CACHE=%q PATH=%q\n' "$job" "$cache" "$cache/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    [ -n "${MIP6_TESTS:-}" ] && printf "export MIP6_TESTS=%q\n" "$MIP6_TESTS"
    # The modules of this tree, installable with modprobe (dependencies from depmod).
    # MIP6_VM_TREE: another build of the modules (make bench builds them for its kernel).
    printf 'for ko in %q/rust/*/*.ko; do [ -f "$ko" ] && cp "$ko" "/lib/modules/$(uname -r)/extra/"; done; depmod -a\n' "${MIP6_VM_TREE:-$top}"
    printf 'exec bash %q' "$script"; printf ' %q' "$@"; echo
} > "$job/cmd"

boot() { # accel timeout
    local accel=$1 t=$2 cpu=max
    [ "$accel" = kvm ] && cpu=host
    rm -f "$job/status"
    timeout --foreground -k 5 "$t" qemu-system-x86_64 \
        -machine "pc,accel=$accel" -cpu "$cpu" -smp 2 -m "$mem" \
        -nodefaults -no-reboot -display none -nic none \
        -chardev stdio,id=con,signal=off,logfile="$job/console.log" -serial chardev:con \
        -device virtio-rng-pci \
        -fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
        -device virtio-9p-pci,fsdev=root,mount_tag=/dev/root \
        -fsdev local,id=job,path="$job",security_model=none \
        -device virtio-9p-pci,fsdev=job,mount_tag=mip6job \
        -kernel "$image" \
        -append "console=ttyS0 root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=262144,cache=loose ro init=$top/scripts/vm/init.sh panic=-1 panic_on_warn=0 kmemleak=on MIP6_JOB=$job" \
        </dev/null || true
}

accel=tcg
if [ "${MIP6_ACCEL:-tcg}" = kvm ]; then
    # KVM exists on these machines but guests may hang: use it only if a probe boot works.
    echo true > "$job/probe"; cp "$job/cmd" "$job/cmd.real"; echo 'exit 0' > "$job/cmd"
    boot kvm 30 >/dev/null 2>&1
    if [ -f "$job/status" ]; then accel=kvm; else echo "vm: KVM probe failed, using TCG" >&2; fi
    mv "$job/cmd.real" "$job/cmd"; rm -f "$job/console.log"
fi
echo "vm: booting $(basename "$kdir") kernel under $accel (job $job)" >&2
boot "$accel" "$timeout_s"

rc=125
if [ -f "$job/status" ]; then rc=$(cat "$job/status"); else echo "vm: the VM died or timed out before the script finished" >&2; fi
# Precise patterns, anchored on the kernel's "] " timestamp where the word alone could be
# test output (7.3 prints "WARNING: file:line at func, CPU#n", no longer "WARNING: CPU:").
splat='\] (WARNING|BUG):|cut here|\] Oops|\] KASAN:|\] UBSAN:|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|refcount_t:|unreferenced object 0x|Kernel panic|general protection fault|soft lockup|blocked for more than'
if grep -aEq "$splat" "$job/console.log"; then
    echo "vm: KERNEL SPLAT detected in the console log:" >&2
    grep -aE -A3 "$splat" "$job/console.log" | head -60 >&2
    rc=124
fi
echo "vm: exit status $rc (console log: $job/console.log)" >&2
exit "$rc"
