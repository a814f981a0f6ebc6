#!/usr/bin/env bash
# The README's test command: installs what the tests need (.ci/install; as root), runs every test
# project, then the package tests (tests/Understudy.Packaging.Tests) on their own — they build the
# .deb and the .NET tool, minutes of both cores that would starve the timing-sensitive process
# tests if they ran beside them, so in the first pass they skip and say so. Exits non-zero if
# anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash .ci/install || { echo ".ci/install failed" >&2; exit 1; }
# One test project at a time (-m:1): the Node, Dashboard and Cli projects each start real node
# clusters, QEMU guests or a browser, and side by side on two cores a QEMU guest's boot outran
# its test's 60 s deadline.
dotnet test -m:1
code=$?
UNDERSTUDY_PACKAGE_TESTS=1 dotnet test tests/Understudy.Packaging.Tests
package_code=$?
[ "$code" -ne 0 ] || code=$package_code
exit "$code"
