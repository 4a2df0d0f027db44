#!/bin/bash
# PID 1 inside the test VM: the host root is mounted read-only over 9p; give the guest
# its own writable /tmp, /run, /var and module directory, run the job, report, power off.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp TERM=dumb
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm && mount -t devpts devpts /dev/pts && mount -t tmpfs shm /dev/shm
# The tree (this script's) may live under a directory that gets a tmpfs below (a clone in
# /tmp): keep a view of the host root in /run/host and bind the tree back from it.
tree=$(cd "$(dirname "$0")/../.." && pwd)
mount -t tmpfs tmpfs /run
mkdir -p /run/host && mount --bind / /run/host
for d in /tmp /var/tmp /var/log /var/lib /var/cache/ldconfig; do mount -t tmpfs tmpfs "$d"; done
if [ ! -d "$tree/scripts/vm" ]; then
    mkdir -p "$tree" && mount --bind "/run/host$tree" "$tree"
fi
mount -t debugfs debugfs /sys/kernel/debug
mkdir -p "$MIP6_JOB"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 mip6job "$MIP6_JOB"
ln -sf /proc/self/fd /dev/fd 2>/dev/null
hostname mip6-vm
ip link set lo up

# Modules are loaded with modprobe from a private module tree (dependencies via depmod).
kver=$(uname -r)
mount -t tmpfs modules /lib/modules
mkdir -p "/lib/modules/$kver/extra"
(cd "/lib/modules/$kver" && touch modules.order modules.builtin modules.builtin.modinfo)

# Boot-time allocations are not ours: only leaks from the job count.
[ -w /sys/kernel/debug/kmemleak ] && echo clear > /sys/kernel/debug/kmemleak
echo "mip6-vm: kernel $kver up; running job" > /dev/kmsg
bash "$MIP6_JOB/cmd"
status=$?
# kmemleak: a report after the job fails the run (the host greps the console).
if [ -w /sys/kernel/debug/kmemleak ]; then
    echo scan > /sys/kernel/debug/kmemleak; sleep 1; echo scan > /sys/kernel/debug/kmemleak
    cat /sys/kernel/debug/kmemleak > /dev/console
fi
echo "$status" > "$MIP6_JOB/status"
sync
echo "mip6-vm: job exit status $status" > /dev/kmsg
busybox reboot -f
