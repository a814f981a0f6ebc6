#!/usr/bin/env bash
# A clean Debian 12 root to install the package into (packaging/deb/build.sh, the package test):
#   packaging/deb/debian-root.sh [PACKAGE...]
# makes `mmdebstrap --variant=minbase bookworm` with PACKAGE... (the .deb's Depends, and systemd
# for `systemd-analyze verify`) included, as a tarball cached under
# ${UNDERSTUDY_CACHE_DIR:-$XDG_CACHE_HOME/understudy} (default ~/.cache/understudy), one per
# package list, so later runs take no time and need no network. Prints the tarball's path.
#
# Needs: mmdebstrap, and Debian's archive (the host's apt sources are used).
set -euo pipefail
cache="${UNDERSTUDY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/understudy}/debian-root"
mkdir -p "$cache"
include=$(printf '%s\n' "$@" | sort -u | paste -sd, -)
key=$(printf 'bookworm minbase %s' "$include" | sha256sum | cut -c1-16)
tar="$cache/bookworm-minbase-$key.tar"
if [ ! -s "$tar" ]; then
  partial="$tar.partial.$$"
  trap 'rm -f "$partial"' EXIT
  mmdebstrap --quiet --format=tar --variant=minbase ${include:+--include="$include"} bookworm "$partial" >&2
  mv "$partial" "$tar"
fi
echo "$tar"
