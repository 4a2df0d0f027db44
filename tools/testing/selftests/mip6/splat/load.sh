#!/bin/bash
# Run inside the VM by `make check`: load the deliberately broken module and exit 0.
# The run must still fail (status 124) because the kernel logged a WARNING.
insmod tools/testing/selftests/mip6/splat/mip6_splat_test.ko
