#!/usr/bin/env bash
# Builds the QEMU guest image of Understudy (docs/vms.md): a Debian kernel and a busybox
# initramfs holding the guest agent. Idempotent: everything is cached under the build folder
# (default .understudy/guest at the repository root, or $UNDERSTUDY_GUEST_DIR) and rebuilt only
# when its inputs change. Prints the build folder on success.
#
# Needs: busybox-static, gcc + libc6-dev (static link), apt-get download + dpkg -x (the kernel).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${UNDERSTUDY_GUEST_DIR:-$root/.understudy/guest}"
mkdir -p "$out"
cd "$out"

# 1. Kernel: resolve the metapackage to one exact package name, download it once, unpack vmlinuz.
if [ ! -s vmlinuz ]; then
  pkg=""
  for meta in linux-image-cloud-amd64 linux-image-amd64; do
    pkg=$(apt-cache depends "$meta" 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1)
    [ -n "$pkg" ] && break
  done
  if [ -z "$pkg" ]; then
    echo "build-guest: no linux-image package known to apt (run apt-get update)" >&2
    exit 1
  fi
  rm -rf kernel-pkg && mkdir kernel-pkg
  (cd kernel-pkg && apt-get download -q -o APT::Sandbox::User=root "$pkg" >/dev/null)
  dpkg -x kernel-pkg/"$pkg"_*.deb kernel-pkg/root
  cp kernel-pkg/root/boot/vmlinuz-* vmlinuz.tmp && mv vmlinuz.tmp vmlinuz
  echo "$pkg" > kernel.package
  rm -rf kernel-pkg
fi

# 2. usagent, static, rebuilt when its source changes.
src="$root/tools/vm/agent/usagent.c"
if [ ! -x usagent ] || [ "$src" -nt usagent ]; then
  gcc -O2 -static -Wall -Wextra -o usagent.tmp "$src"
  ./usagent.tmp --self-test >/dev/null
  mv usagent.tmp usagent
fi

# 3. initramfs (gzip'd newc cpio), rebuilt when busybox, usagent or init change.
busybox=/bin/busybox   # busybox-static installs it here; the guest has no shared libraries
[ -x "$busybox" ] || { echo "build-guest: $busybox is missing; apt-get install busybox-static" >&2; exit 1; }
init="$root/tools/vm/guest/init"
if [ ! -s initramfs.gz ] || [ "$init" -nt initramfs.gz ] || [ usagent -nt initramfs.gz ] || [ "$busybox" -nt initramfs.gz ]; then
  rm -rf rootfs && mkdir -p rootfs/bin rootfs/proc rootfs/sys rootfs/dev rootfs/etc/understudy rootfs/run rootfs/tmp
  cp "$busybox" rootfs/bin/busybox
  cp usagent rootfs/bin/usagent
  cp "$init" rootfs/init
  chmod 755 rootfs/init rootfs/bin/busybox rootfs/bin/usagent
  (cd rootfs && find . | LC_ALL=C sort | "$busybox" cpio -o -H newc 2>/dev/null) | gzip -9n > initramfs.tmp
  mv initramfs.tmp initramfs.gz
  rm -rf rootfs
fi
echo "$out"
