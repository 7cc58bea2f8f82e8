#!/usr/bin/env bash
# Start a throwaway single-node Ceph cluster with a RADOS Gateway: the real S3 server the tests talk to.
#
# Why Ceph: it is a Debian package and it checks SigV4 signatures for real (a wrong secret, a tampered
# or expired presigned URL are refused), which moto does not. One monitor, one OSD on memstore (RAM, no
# disk), auth none inside the cluster (S3 keys still checked by the gateway), all on loopback ports.
#
# Idempotent: when the gateway recorded in $ASAL_CEPH_DIR answers, it is reused; otherwise the cluster
# is (re)created from scratch. Prints ONLY shell assignments on stdout (appended to
# var/test-services.env by infra/dev/services.sh); progress goes to stderr.
#
#   ASAL_CEPH_DIR   state directory (default /tmp/asal-ceph): config, monitor store, logs, pid files
#   ASAL_S3_PORT    gateway port (default: a free loopback port, chosen whenever the cluster is built)
#
# Start-up measured on Debian 12: ~12 s from nothing (plus the apt install once), ~0.2 s when reused.
set -euo pipefail

DIR="${ASAL_CEPH_DIR:-/tmp/asal-ceph}"
CONF="$DIR/ceph.conf"
ENV_FILE="$DIR/s3.env"
USER_ID="asal-test"
started_at=$(date +%s)

log() { echo "radosgw.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

http_up() {  # the gateway answers an anonymous request with a 200 listing (python3: no curl on slim images)
  python3 - "$1/" 2>/dev/null <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as response:
    sys.exit(0 if response.status == 200 else 1)
PY
}

admin() {  # radosgw-admin, bounded: with the monitor gone it would wait minutes for it
  timeout 30 radosgw-admin -c "$CONF" --client-mount-timeout=20 "$@"
}

emit() {
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  echo "ASAL_TEST_S3_ENDPOINT=$ASAL_TEST_S3_ENDPOINT"
  echo "ASAL_TEST_S3_ACCESS_KEY=$ASAL_TEST_S3_ACCESS_KEY"
  echo "ASAL_TEST_S3_SECRET_KEY=$ASAL_TEST_S3_SECRET_KEY"
  log "S3 gateway ready at $ASAL_TEST_S3_ENDPOINT after $(( $(date +%s) - started_at )) s"
}

ensure_user() {  # the user lives in the (memory-backed) cluster: recreate it if the OSD was restarted
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  if ! admin user info --uid="$USER_ID" >/dev/null 2>&1; then
    admin user create --uid="$USER_ID" --display-name="Asal tests" \
      --access-key="$ASAL_TEST_S3_ACCESS_KEY" --secret-key="$ASAL_TEST_S3_SECRET_KEY" >/dev/null
  fi
}

# Two `make test` runs at once must not both tear down and rebuild the cluster.
mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
flock -w 300 9  # the daemons below are started with fd 9 closed, or they would hold this lock forever

# 1. Reuse a running gateway.
if [ -f "$ENV_FILE" ] && [ -f "$CONF" ]; then
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  if http_up "$ASAL_TEST_S3_ENDPOINT" && ensure_user 2>/dev/null; then
    log "reusing the running gateway"
    emit
    exit 0
  fi
fi

# 2. Install the packages when missing.
if ! command -v radosgw >/dev/null || ! command -v ceph-mon >/dev/null || ! command -v ceph-osd >/dev/null; then
  log "installing radosgw, ceph-mon, ceph-osd (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2
  as_root apt-get install -y -qq --no-install-recommends radosgw ceph-mon ceph-osd >&2
fi

# 3. Stop what a previous run left behind (only daemons started from this state directory).
for pidfile in "$DIR"/run/*.pid; do
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if [ -n "$pid" ] && grep -qs -- "$CONF" "/proc/$pid/cmdline"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
done
rm -rf "$DIR"
mkdir -p "$DIR/run" "$DIR/log" "$DIR/mon" "$DIR/osd" "$DIR/rgw"

FSID=$(python3 -c 'import uuid; print(uuid.uuid4())')
MON_PORT=$(free_port)
RGW_PORT="${ASAL_S3_PORT:-$(free_port)}"
ACCESS_KEY=$(python3 -c 'import secrets, string; a = string.ascii_uppercase + string.digits; print("".join(secrets.choice(a) for _ in range(20)))')
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(30))')

cat > "$CONF" <<EOF
[global]
fsid = $FSID
mon host = v1:127.0.0.1:$MON_PORT
ms bind msgr2 = false
public addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
run dir = $DIR/run
pid file = $DIR/run/\$name.pid
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
keyring = /dev/null

[mon]
mon data = $DIR/mon/\$id

[osd]
osd data = $DIR/osd/\$id
osd objectstore = memstore
memstore device bytes = 1073741824

[client.rgw.asal]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $DIR/rgw
rgw dns name = 127.0.0.1
EOF

log "starting the monitor on 127.0.0.1:$MON_PORT"
monmaptool --create --fsid "$FSID" --addv a "[v1:127.0.0.1:$MON_PORT]" "$DIR/monmap" >&2
ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" >&2
ceph-mon -c "$CONF" -i a >&2 9>&-

log "starting the OSD (memstore)"
OSD_UUID=$(python3 -c 'import uuid; print(uuid.uuid4())')
OSD_ID=$(ceph -c "$CONF" --connect-timeout 30 osd new "$OSD_UUID")
mkdir -p "$DIR/osd/$OSD_ID"
ceph-osd -c "$CONF" -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" >&2
ceph-osd -c "$CONF" -i "$OSD_ID" >&2 9>&-

log "starting the gateway on 127.0.0.1:$RGW_PORT"
radosgw -c "$CONF" -n client.rgw.asal >&2 9>&-

cat > "$ENV_FILE" <<EOF
ASAL_TEST_S3_ENDPOINT=http://127.0.0.1:$RGW_PORT
ASAL_TEST_S3_ACCESS_KEY=$ACCESS_KEY
ASAL_TEST_S3_SECRET_KEY=$SECRET_KEY
EOF

for _ in $(seq 120); do
  http_up "http://127.0.0.1:$RGW_PORT" && break
  sleep 0.5
done
if ! http_up "http://127.0.0.1:$RGW_PORT"; then
  log "the gateway did not answer; last lines of its log:"
  tail -n 30 "$DIR/log/client.rgw.asal.log" >&2 || true
  exit 1
fi
ensure_user
emit
