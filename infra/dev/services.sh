#!/usr/bin/env bash
# Start what the tests need when it is down: PostgreSQL, Redis, and the S3 gateway.
# Writes var/test-services.env with the settings the test suite reads.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p var

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "Starting PostgreSQL…"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Starting Redis…"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping

: > var/test-services.env
if [ -x infra/dev/radosgw.sh ]; then
  # Right after Debian installs Ceph, its first OSD has been seen to refuse to join its new
  # monitor ("wrong fsid"); the script starts from a clean state each time, so once more is enough.
  if ! bash infra/dev/radosgw.sh > var/radosgw.env; then
    echo "The S3 gateway did not start; starting it once more from a clean state" >&2
    bash infra/dev/radosgw.sh > var/radosgw.env
  fi
  cat var/radosgw.env >> var/test-services.env
fi
