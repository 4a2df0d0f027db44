#!/usr/bin/env bash
# The README's main command: build everything, boot the test kernel and show mip6 at work.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export KDIR=$(scripts/build.sh debug | tail -n1)
exec scripts/vm/run.sh scripts/vm/demo-inside.sh
