#!/bin/bash
# nap SECONDS: sleep without starting a process. In the debug kernel under TCG a fork+exec
# costs about a second of the VM's only CPU, more than most waits; `read -t` on a pipe that
# nobody writes to (held open read-write by this shell) is a builtin timer.
if [ -z "${_nap_fd:-}" ]; then
    exec {_nap_fd}<> <(:)
fi
nap() { read -r -t "$1" -u "$_nap_fd" _; return 0; }
