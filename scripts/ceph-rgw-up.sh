#!/bin/bash
# Single-node Ceph Pacific (1 mon, 1 memstore osd, no mgr) + radosgw on 127.0.0.1, no systemd.
# Needs (as root): apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd ceph-common
# Usage: D=/some/dir [MULTI=1] [RGW_PORT=7480] [RGW_PORT_EU=7481] [MON_PORT=6789] ceph-rgw-up.sh
#   S3 endpoint http://127.0.0.1:$RGW_PORT (MULTI=1: region us-east-1 there, eu-west-1 on
#   $RGW_PORT_EU), credentials AKIATEST / testsecret, path-style addressing, SSE-KMS key ids
#   testkey-1, testkey-2. Every wait gives up after $WAIT_SECS (default 120) seconds.
# Stop: kill the pids in $D/*.pid. test/setup/ceph-rgw.ts runs this for the test suite.
# OWNER_PID=<pid>: a watchdog stops the daemons (and removes $D) once that process is gone, so
# an interrupted test run leaves no cluster behind.
set -euo pipefail
D=${D:-$(mktemp -d)}
RGW_PORT=${RGW_PORT:-7480}
RGW_PORT_EU=${RGW_PORT_EU:-$((RGW_PORT+1))}
MON_PORT=${MON_PORT:-6789}
WAIT_SECS=${WAIT_SECS:-120}
DEADLINE=$(( $(date +%s) + WAIT_SECS ))
# Fails the script (after showing the relevant log) once the deadline has passed.
waited() { if [ "$(date +%s)" -gt "$DEADLINE" ]; then echo "timed out waiting for $1" >&2; tail -5 "$D/log/$2" >&2 || true; exit 1; fi; sleep 0.2; }
rm -rf "$D"; mkdir -p "$D"/{mon/a,osd/0,run,log,rgw}
FSID=$(cat /proc/sys/kernel/random/uuid)
export CEPH_CONF=$D/ceph.conf
K1=$(head -c32 /dev/urandom | base64); K2=$(head -c32 /dev/urandom | base64)
cat > $CEPH_CONF <<CONF
[global]
fsid = $FSID
mon host = v1:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr2 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
mon warn on insecure global id reclaim allowed = false
mon data avail warn = 1
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
run dir = $D/run
admin socket = $D/run/\$name.asok
log file = $D/log/\$name.log
pid file = $D/run/\$name.pid
keyring = $D/\$name.keyring
[mon]
mon data = $D/mon/\$id
# Every pool the gateways create is a few osdmap proposals; the default 1 s proposal interval
# made start-up ~25 s, this makes it ~9 s.
paxos propose interval = 0.05
paxos min wait = 0.01
[osd]
osd data = $D/osd/\$id
osd objectstore = memstore
memstore device bytes = 2147483648
osd max object name len = 460
osd max object namespace len = 64
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $D/rgw
rgw crypt require ssl = false
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = testkey-1=$K1 testkey-2=$K2
CONF
t0=$(date +%s.%N)
if [ -n "${OWNER_PID:-}" ]; then
  # Gateways first: a radosgw whose monitor is already gone can hang on SIGTERM.
  setsid nohup bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 2; done
    for n in rgw rgwb osd mon; do [ -f "$2/$n.pid" ] && kill "$(cat "$2/$n.pid")" 2>/dev/null; sleep 1; done
    sleep 10; for n in rgw rgwb osd mon; do [ -f "$2/$n.pid" ] && kill -9 "$(cat "$2/$n.pid")" 2>/dev/null; done
    rm -rf "$2"' watchdog "$OWNER_PID" "$D" >/dev/null 2>&1 & echo $! > $D/watchdog.pid
fi
# --addv: with --add, a port other than 6789 would be taken as a msgr2 address
monmaptool --create --fsid $FSID --addv a "[v1:127.0.0.1:$MON_PORT]" $D/monmap >/dev/null
KR=$D/mkfs.keyring
ceph-authtool --create-keyring $KR --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool --create-keyring $D/client.admin.keyring --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
ceph-authtool --create-keyring $D/osd.0.keyring --gen-key -n osd.0 --cap mon 'allow profile osd' --cap osd 'allow *' --cap mgr 'allow profile osd' >/dev/null
ceph-authtool --create-keyring $D/client.rgw.a.keyring --gen-key -n client.rgw.a --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw' >/dev/null
for k in client.admin osd.0 client.rgw.a; do ceph-authtool $KR --import-keyring $D/$k.keyring >/dev/null; done
ceph-mon --mkfs -i a --monmap $D/monmap --keyring $KR
setsid nohup ceph-mon -i a -f >$D/log/mon.out 2>&1 & echo $! > $D/mon.pid
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
until ceph -s --connect-timeout 2 >/dev/null 2>&1; do waited mon ceph-mon.a.log; done
echo "mon up: $(echo "$(date +%s.%N) - $t0" | bc)s"
OSD_ID=$(ceph osd new $OSD_UUID)
ceph-osd -i $OSD_ID --mkfs --osd-uuid $OSD_UUID 2>&1 | tail -1
setsid nohup ceph-osd -i $OSD_ID -f >$D/log/osd.out 2>&1 & echo $! > $D/osd.pid
until ceph osd stat 2>/dev/null | grep -q '1 up'; do waited osd ceph-osd.0.log; done
echo "osd up: $(echo "$(date +%s.%N) - $t0" | bc)s"
if [ "${MULTI:-0}" = 1 ]; then
  # two zonegroups (regions) in one realm; only the master (us-east-1) gateway is run
  A="radosgw-admin"
  $A realm create --rgw-realm=lab --default >/dev/null
  $A zonegroup create --rgw-realm=lab --rgw-zonegroup=us-east-1 --api-name=us-east-1 --endpoints=http://127.0.0.1:$RGW_PORT --master --default >/dev/null
  $A zone create --rgw-zonegroup=us-east-1 --rgw-zone=us-east-1a --endpoints=http://127.0.0.1:$RGW_PORT --master --default --access-key=SYSKEY --secret=SYSSECRET >/dev/null
  $A zonegroup create --rgw-realm=lab --rgw-zonegroup=eu-west-1 --api-name=eu-west-1 --endpoints=http://127.0.0.1:$RGW_PORT_EU >/dev/null
  $A zone create --rgw-zonegroup=eu-west-1 --rgw-zone=eu-west-1a --endpoints=http://127.0.0.1:$RGW_PORT_EU --access-key=SYSKEY --secret=SYSSECRET >/dev/null
  $A user create --uid=sys --display-name=sys --access-key=SYSKEY --secret=SYSSECRET --system --rgw-zone=us-east-1a >/dev/null
  $A period update --commit --rgw-realm=lab >/dev/null
  printf 'rgw realm = lab\nrgw zonegroup = us-east-1\nrgw zone = us-east-1a\n' >> $CEPH_CONF
  ceph auth get-or-create client.rgw.b mon 'allow rw' osd 'allow rwx' -o $D/client.rgw.b.keyring
  printf '[client.rgw.b]\nrgw frontends = beast endpoint=127.0.0.1:%s\nrgw crypt require ssl = false\nrgw crypt s3 kms backend = testing\nrgw crypt s3 kms encryption keys = testkey-1=%s testkey-2=%s\nrgw realm = lab\nrgw zonegroup = eu-west-1\nrgw zone = eu-west-1a\n[client.rgw.a]\n' $RGW_PORT_EU $K1 $K2 >> $CEPH_CONF
  Z="--rgw-realm=lab --rgw-zonegroup=eu-west-1 --rgw-zone=eu-west-1a --yes-i-really-mean-it"
  $A user create --uid=test --display-name=test --access-key=AKIATEST --secret-key=testsecret $Z >/dev/null
  $A user create --uid=sys --display-name=sys --access-key=SYSKEY --secret=SYSSECRET --system $Z >/dev/null
  setsid nohup radosgw -n client.rgw.b -f >$D/log/rgwb.out 2>&1 & echo $! > $D/rgwb.pid
  echo "multisite config: $(echo "$(date +%s.%N) - $t0" | bc)s"
fi
setsid nohup radosgw -n client.rgw.a -f >$D/log/rgw.out 2>&1 & echo $! > $D/rgw.pid
until curl -s -o /dev/null http://127.0.0.1:$RGW_PORT/; do kill -0 $(cat $D/rgw.pid) || { tail -5 $D/log/client.rgw.a.log; exit 1; }; waited rgw client.rgw.a.log; done
echo "rgw up: $(echo "$(date +%s.%N) - $t0" | bc)s"
radosgw-admin user create --uid=test --display-name=test --access-key=AKIATEST --secret-key=testsecret >/dev/null
echo "user created: $(echo "$(date +%s.%N) - $t0" | bc)s"
if [ "${MULTI:-0}" = 1 ]; then until curl -s -o /dev/null http://127.0.0.1:$RGW_PORT_EU/; do kill -0 $(cat $D/rgwb.pid) || { tail -5 $D/log/client.rgw.b.log; exit 1; }; waited rgw.b client.rgw.b.log; done; echo "rgw.b (eu-west-1) up: $(echo "$(date +%s.%N) - $t0" | bc)s"; fi
