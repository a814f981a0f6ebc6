#!/usr/bin/env bash
# Builds the Debian package of Understudy (docs/deploy.md):
#   packaging/deb/build.sh [OUT_DIR]        # default: artifacts/deb at the repository root
# and prints the path of the .deb it wrote.
#
# What goes in:
#   /usr/lib/understudy/          the CLI and node, published self-contained for linux-x64 and
#                                 ReadyToRun (Debian 12 packages no .NET runtime, so the package
#                                 brings its own), with the native lease guard understudy-guard
#   /usr/bin/understudy           a link to it
#   /lib/systemd/system/understudy@.service, /usr/lib/understudy/understudy-bpffs (packaging/systemd)
#   /etc/understudy/cluster.yaml.example, /usr/share/doc/understudy/
# The maintainer scripts (debian/) make the understudy user and its folders; installing starts
# nothing.
#
# Needs: the .NET SDK, gcc (the native guard), dpkg-deb. Set UNDERSTUDY_DEB_VERSION to override the
# version (default: <Version> of src/Understudy.Cli) and UNDERSTUDY_DEB_COMPRESSION to compress
# with zstd (Debian 12's dpkg reads it; several times faster to build, a little larger) or gzip
# instead of xz (the default: the smallest file, as Debian's own packages).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$(mkdir -p "${1:-$repo/artifacts/deb}" && cd "${1:-$repo/artifacts/deb}" && pwd)"
rid=linux-x64
arch=amd64

for tool in dotnet dpkg-deb cc; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool is missing (install it: docs/deploy.md, 'Building the package')" >&2; exit 1; }
done

version="${UNDERSTUDY_DEB_VERSION:-$(dotnet msbuild "$repo/src/Understudy.Cli" -getProperty:Version)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pkg="$work/root"
lib="$pkg/usr/lib/understudy"

# 1. The program. No .pdb files: they would double the size for line numbers in stack traces.
dotnet publish "$repo/src/Understudy.Cli" -c Release -r "$rid" --self-contained true \
  -p:PublishReadyToRun=true -p:DebugType=none -p:DebugSymbols=false \
  -o "$lib" --nologo -v quiet >&2
[ -x "$lib/understudy" ] || { echo "build.sh: the publish has no understudy executable" >&2; exit 1; }
[ -x "$lib/understudy-guard" ] || { echo "build.sh: the publish has no native guard (understudy-guard); is gcc installed?" >&2; exit 1; }
find "$lib" -type f -exec chmod 0644 {} +
chmod 0755 "$lib/understudy" "$lib/understudy-guard"
[ ! -e "$lib/createdump" ] || chmod 0755 "$lib/createdump"

# 2. The rest of the tree.
install -D -m 0755 "$here/../systemd/understudy-bpffs" "$lib/understudy-bpffs"
install -D -m 0644 "$here/../systemd/understudy@.service" "$pkg/lib/systemd/system/understudy@.service"
install -D -m 0644 "$here/cluster.yaml.example" "$pkg/etc/understudy/cluster.yaml.example"
install -D -m 0644 "$repo/docs/deploy.md" "$pkg/usr/share/doc/understudy/deploy.md"
install -D -m 0644 "$here/debian/copyright" "$pkg/usr/share/doc/understudy/copyright"
mkdir -p "$pkg/usr/bin"
ln -s ../lib/understudy/understudy "$pkg/usr/bin/understudy"
chmod 0755 "$pkg/etc/understudy"   # the package's own folder mode; postinst sets 0750 root:understudy

# 3. Control files. Depends: what the self-contained runtime loads (libc, libgcc, libstdc++,
# OpenSSL for the Raft transport's TLS) and `ip` for role addresses.
mkdir -p "$pkg/DEBIAN"
install -m 0755 "$here/debian/postinst" "$here/debian/prerm" "$here/debian/postrm" "$pkg/DEBIAN/"
echo /etc/understudy/cluster.yaml.example > "$pkg/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
cat > "$pkg/DEBIAN/control" <<EOF
Package: understudy
Version: $version
Architecture: $arch
Maintainer: Understudy developers <understudy@localhost>
Installed-Size: $size
Depends: libc6 (>= 2.36), libgcc-s1, libstdc++6, libssl3, iproute2
Recommends: nftables, iputils-arping
Suggests: qemu-system-x86
Section: admin
Priority: optional
Description: high-availability clustering for Linux hosts and virtual machines
 Understudy keeps roles (addresses, processes, virtual machines) running on a
 cluster of hosts: Raft for the cluster database, UDP heartbeats, leases that
 fence a partitioned node's workloads, and network load balancing.
 .
 This package holds the understudy command (self-contained, no .NET runtime
 needed) and a systemd unit, understudy@NODE.service. Nothing starts until
 /etc/understudy/cluster.yaml is written; see /usr/share/doc/understudy/deploy.md.
EOF

deb="$out/understudy_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Z"${UNDERSTUDY_DEB_COMPRESSION:-xz}" --build "$pkg" "$deb" >&2
echo "$deb"
