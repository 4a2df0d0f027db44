#!/bin/bash
# /dev/mipv6_dev and its ioctls, from mipdiag and from an independent Python caller.
. "$(dirname "$0")/lib.sh"

check "mipdiag -V without the module explains" output_has 'Is module mip6_base loaded\?' "$MIPDIAG" -V
expect_fail "mipdiag -V without the module exits non-zero" "$MIPDIAG" -V
modprobe mip6_base
check "mipdiag -V shows its own version" output_has '^mipdiag v0\.1\.0 \(mip6, ioctl ABI 2\)$' "$MIPDIAG" -V
check "mipdiag -V shows the module's version" output_has '^mip6_base v0\.1\.0 \(ioctl ABI 2\), roles loaded: cn$' "$MIPDIAG" -V
modprobe mip6_mn
check "mipdiag -V lists a loaded role" output_has 'roles loaded: cn mn$' "$MIPDIAG" -V

# An independent caller: Python's fcntl.ioctl with the numbers from the C header's encoding.
py_ioctl() {
    python3 - "$@" <<'PY'
import fcntl, struct, sys, errno
IOR = lambda nr, size: (2 << 30) | (size << 16) | (0xF9 << 8) | nr
fd = open("/dev/mipv6_dev", "rb+", buffering=0)
what = sys.argv[1]
if what == "version":
    buf = fcntl.ioctl(fd, IOR(0, 40), bytes(40))
    abi, roles = struct.unpack("=II", buf[:8])
    print(abi, roles, buf[8:].split(b"\0")[0].decode())
elif what == "bogus":
    try:
        fcntl.ioctl(fd, IOR(99, 4), bytes(4))
        print("accepted")
    except OSError as e:
        print(errno.errorcode[e.errno])
elif what == "badptr":
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    r = libc.ioctl(fd.fileno(), ctypes.c_ulong(IOR(0, 40)), ctypes.c_void_p(16))
    print(errno.errorcode[ctypes.get_errno()] if r < 0 else "accepted")
PY
}
check "GET_VERSION from Python: ABI 2, roles cn+mn, release" equals "2 3 0.1.0" py_ioctl version
check "unknown ioctl: ENOTTY" equals ENOTTY py_ioctl bogus
check "bad user pointer: EFAULT, no oops" equals EFAULT py_ioctl badptr
check "mipdiag -? prints usage" output_has '^Usage: mipdiag' "$MIPDIAG" -?
check "mipdiag bad option: one clear line, exit 2" sh -c '"$0" -Z 2>&1 | grep -q "unknown option"; "$0" -Z 2>/dev/null; test $? = 2' "$MIPDIAG"
