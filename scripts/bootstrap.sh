#!/usr/bin/env bash
# Bootstrap everything mip6 needs on a fresh Debian (bookworm) machine, idempotently:
#   - Debian packages (Rust-for-Linux toolchain, clang/lld 19, QEMU, radvd, tcpdump, tshark ...)
#   - bindgen-cli 0.71.1 from crates.io, Scapy in a Python venv from PyPI
#   - Debian's linux-source-7.3 (trixie-backports) fetched with a private apt config
#     (the machine's own apt sources are not touched), unpacked into the cache
#   - a kernel built from our kconfig fragments, cached by version + config + toolchain.
#
# Usage: scripts/bootstrap.sh [debug|lean]     (default: debug, the test kernel)
# Prints nothing on stdout but the kernel build directory (KDIR) on its last line.
# Environment: MIP6_CACHE (default /var/cache/mip6), KDIR (use an existing Rust-enabled
# 7.3 build tree instead of building one), MIP6_JOBS (make -j, default nproc+1).
set -euo pipefail

flavour=${1:-debug}
case "$flavour" in debug|lean) ;; *) echo "bootstrap: unknown kernel flavour '$flavour' (debug|lean)" >&2; exit 2;; esac

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${MIP6_CACHE:-/var/cache/mip6}
jobs=${MIP6_JOBS:-$(( $(nproc) + 1 ))}
kver=7.3
log() { echo "bootstrap: $*" >&2; }
mkdir -p "$cache"

# ---- Debian packages -------------------------------------------------------------------
debs=(rustc-web rust-web-src clang-19 lld-19 llvm-19 libclang-19-dev bc flex bison libelf-dev
      libssl-dev cpio xz-utils zstd kmod dwarves qemu-system-x86 iproute2 iputils-ping radvd
      tcpdump tshark python3-venv busybox-static procps util-linux iperf3 socat linux-perf)
missing=()
for p in "${debs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # tshark asks whether non-root users may capture; answer once, non-interactively.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The VM mounts a tmpfs on /lib/modules (host root is read-only there): the mount point
# must exist on the host, and minimal images do not have it.
[ -d /lib/modules ] || mkdir -p /lib/modules

# ---- bindgen-cli (the kernel's Rust build runs it) ---------------------------------------
bindgen=$cache/tools/bin/bindgen
if ! "$bindgen" --version 2>/dev/null | grep -q '0.71.1'; then
    log "installing bindgen-cli 0.71.1 from crates.io"
    cargo install --locked bindgen-cli --version 0.71.1 --root "$cache/tools" >&2
fi

# ---- Python test tools ---------------------------------------------------------------------
venv=$cache/venv
if ! "$venv/bin/python3" -c 'import scapy' 2>/dev/null; then
    log "creating Python venv with Scapy"
    /usr/bin/python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q 'scapy==2.8.0' >&2
fi

# ---- kernel ------------------------------------------------------------------------------
if [ -n "${KDIR:-}" ]; then
    [ -f "$KDIR/.config" ] && grep -q '^CONFIG_RUST=y' "$KDIR/.config" \
        || { log "KDIR=$KDIR is not a Rust-enabled kernel build tree"; exit 1; }
    echo "$KDIR"; exit 0
fi

src=$cache/src/linux-source-$kver
if [ ! -f "$src/.mip6-unpacked" ]; then
    log "fetching linux-source-$kver from trixie-backports (private apt config)"
    apt_dir=$cache/apt
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$cache/src"
    echo "deb http://deb.debian.org/debian trixie-backports main" > "$apt_dir/sources.list"
    aptopts=(-o Dir::Etc::sourcelist="$apt_dir/sources.list" -o Dir::Etc::sourceparts=-
             -o Dir::State::lists="$apt_dir/lists" -o Dir::Cache="$apt_dir"
             -o Dir::Cache::archives="$apt_dir/archives" -o Dir::State::status=/dev/null
             -o APT::Sandbox::User=root)
    apt-get "${aptopts[@]}" update -qq >&2
    (cd "$apt_dir/archives" && apt-get "${aptopts[@]}" download "linux-source-$kver" >&2)
    deb=$(ls -t "$apt_dir"/archives/linux-source-"$kver"_*.deb | head -n1)
    rm -rf "$src" "$cache/src/deb"
    dpkg-deb -x "$deb" "$cache/src/deb"
    tar -C "$cache/src" -xJf "$cache/src/deb/usr/src/linux-source-$kver.tar.xz"
    rm -rf "$cache/src/deb"
    touch "$src/.mip6-unpacked"
fi

fragments=("$top/scripts/kconfig/lean.config")
[ "$flavour" = debug ] && fragments+=("$top/scripts/kconfig/debug.config")
key=$( { cat "$src/Makefile" | head -n 6; cat "${fragments[@]}"; /usr/bin/rustc --version; clang-19 --version | head -n1;
         "$bindgen" --version; } | sha256sum | cut -c1-16)
out=$cache/kernel/$flavour-$key
mkflags=(LLVM=-19 RUSTC=/usr/bin/rustc HOSTRUSTC=/usr/bin/rustc BINDGEN="$bindgen" O="$out")
if [ ! -f "$out/.mip6-built" ]; then
    log "building the $flavour kernel in $out (cached afterwards; ~15-25 min cold)"
    mkdir -p "$out"
    make -C "$src" "${mkflags[@]}" tinyconfig >&2
    # merge_config.sh -m only merges; olddefconfig resolves the dependencies after it.
    (cd "$out" && "$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${fragments[@]}" >&2)
    make -C "$src" "${mkflags[@]}" olddefconfig >&2
    # A fragment option that did not survive olddefconfig means a missing dependency:
    # fail here rather than boot a kernel without it.
    bad=0
    for f in "${fragments[@]}"; do
        while IFS= read -r line; do
            case "$line" in CONFIG_*=y) grep -qx "$line" "$out/.config" || { log "not set in final config: $line"; bad=1; } ;; esac
        done < "$f"
    done
    [ $bad = 0 ] || { log "kernel config does not satisfy the fragments"; exit 1; }
    make -C "$src" "${mkflags[@]}" -j"$jobs" all >&2
    touch "$out/.mip6-built"
fi
ln -sfn "$out" "$cache/kernel/$flavour"
echo "$out"
