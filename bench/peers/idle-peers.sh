#!/bin/sh
# bench/peers/idle-peers.sh: what keepalived (VRRP) and Corosync (totem over knet) cost idle, to
# set beside bench/Understudy.Bench.Idle. Three members of each in three network namespaces of
# their own, joined by a bridge in a fourth (private 10.x addresses that exist only there, no
# default route); idle for SECONDS (60), then CPU (utime + stime of each member's processes over
# the window) and RSS/PSS at its end. Everything is removed at the end. Needs root, ip, keepalived,
# corosync (apt-get install keepalived corosync). Usage: sudo sh bench/peers/idle-peers.sh [SECONDS]
set -eu
SECONDS_IDLE=${1:-60}
RUN=$$
NET=10.$((RUN % 200 + 20)).$((RUN / 200 % 250))
WORK=$(mktemp -d /tmp/understudy-idle-peers-XXXXXX)
BR=uipbr$RUN
cleanup() {
  [ -n "${DEBUG:-}" ] && cat "$WORK"/corosync-a.out "$WORK"/corosync-a.log 2>/dev/null | tail -20
  for p in $(cat "$WORK"/*.pids 2>/dev/null); do kill "$p" 2>/dev/null || true; done
  sleep 1
  for n in a b c; do ip netns del "uip$RUN$n" 2>/dev/null || true; done
  ip netns del "$BR" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

ip netns add "$BR"
ip -n "$BR" link add br0 type bridge
ip -n "$BR" link set br0 up
i=0
for n in a b c; do
  i=$((i + 1))
  ns=uip$RUN$n
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip link add "v$RUN$n" netns "$ns" type veth peer name "p$n" netns "$BR"
  ip -n "$ns" link set "v$RUN$n" name eth0
  ip -n "$ns" addr add "$NET.$i/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$BR" link set "p$n" master br0 up
done

# Corosync: the cluster of three, encrypted and authenticated as Understudy's traffic is.
dd if=/dev/urandom of="$WORK/authkey" bs=256 count=1 2>/dev/null
chmod 400 "$WORK/authkey"
i=0
for n in a b c; do
  i=$((i + 1))
  cat > "$WORK/corosync-$n.conf" <<CONF
totem {
  version: 2
  cluster_name: idle$RUN
  transport: knet
  crypto_cipher: aes256
  crypto_hash: sha256
  keyfile: $WORK/authkey
}
nodelist {
  node {
    ring0_addr: $NET.1
    nodeid: 1
  }
  node {
    ring0_addr: $NET.2
    nodeid: 2
  }
  node {
    ring0_addr: $NET.3
    nodeid: 3
  }
}
quorum {
  provider: corosync_votequorum
}
logging {
  to_stderr: no
  to_syslog: no
  to_logfile: yes
  logfile: $WORK/corosync-$n.log
}
CONF
  cat > "$WORK/keepalived-$n.conf" <<CONF
global_defs {
  router_id $n
}
vrrp_instance VI {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority $((110 - i * 10))
  advert_int 1
  virtual_ipaddress {
    $NET.100/24
  }
}
CONF
done

for n in a b c; do
  # Each corosync gets its own /run and /var/lib/corosync (its lock file and state), in the
  # mount namespace that ip netns exec makes for it; the mounts never reach the host's.
  ip netns exec "uip$RUN$n" sh -c "mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /var/lib/corosync && exec corosync -f -c $WORK/corosync-$n.conf" > "$WORK/corosync-$n.out" 2>&1 &
  echo $! >> "$WORK/corosync.pids"
  ip netns exec "uip$RUN$n" keepalived -n -l -f "$WORK/keepalived-$n.conf" -p "$WORK/k-$n.pid" -r "$WORK/kv-$n.pid" -c "$WORK/kc-$n.pid" > "$WORK/keepalived-$n.out" 2>&1 &
  echo $! >> "$WORK/keepalived.pids"
done
sleep 10   # membership forms, a VRRP master is elected

ticks() { # total utime+stime of the given pids and their children
  t=0
  for p in "$@"; do
    for q in $p $(pgrep -P "$p" 2>/dev/null); do
      [ -r /proc/$q/stat ] && t=$((t + $(sed 's/.*) //' /proc/$q/stat | awk '{print $12 + $13}')))
    done
  done
  echo $t
}
mem() { # "RSS PSS" in KiB, summed over the pid and its children
  r=0; s=0
  for q in $1 $(pgrep -P "$1" 2>/dev/null); do
    [ -r /proc/$q/smaps_rollup ] || continue
    r=$((r + $(awk '/^Rss:/ {print $2}' /proc/$q/smaps_rollup)))
    s=$((s + $(awk '/^Pss:/ {print $2}' /proc/$q/smaps_rollup)))
  done
  echo "$r $s"
}
echo "# sh bench/peers/idle-peers.sh $SECONDS_IDLE; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for prog in corosync keepalived; do
  set -- $(cat "$WORK/$prog.pids")
  b1=$(ticks $1); b2=$(ticks $2); b3=$(ticks $3)
  eval "${prog}_before='$b1 $b2 $b3'"
done
sleep "$SECONDS_IDLE"
for prog in corosync keepalived; do
  set -- $(cat "$WORK/$prog.pids")
  eval "before=\$${prog}_before"
  out=""; mems=""
  j=1
  for p in "$@"; do
    b=$(echo $before | cut -d' ' -f$j)
    a=$(ticks $p)
    out="$out $(awk -v a=$a -v b=$b -v s=$SECONDS_IDLE 'BEGIN {printf "%.2f", (a - b) / s}')"
    mems="$mems $(mem $p | awk '{printf "%.1f/%.1f", $1/1024, $2/1024}')"
    j=$((j + 1))
  done
  echo "$prog: cpu % of a core per member:$out; RSS/PSS MiB per member (with children):$mems"
done
ip netns exec "uip${RUN}a" ip -4 addr show eth0 | grep -q "$NET.100" && echo "keepalived: a holds the virtual address" || echo "keepalived: a does not hold the virtual address"
grep -h "Members\[3\]\|quorate" "$WORK"/corosync-a.log | tail -1 || true
