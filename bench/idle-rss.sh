#!/bin/bash
# Idle RSS of several builds, measured in turn: each is started (SQLite, no bot token),
# asked for /readyz, left 2 s, and its VmRSS, RssAnon and RssFile read. Alternating the
# builds keeps the page cache and the hour the same for all of them.
#
#   bench/idle-rss.sh [ROUNDS] BINARY...
set -euo pipefail
rounds=4
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then rounds=$1; shift; fi
[ $# -gt 0 ] || { echo "usage: bench/idle-rss.sh [ROUNDS] BINARY..." >&2; exit 2; }
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
for _ in $(seq "$rounds"); do
  for binary in "$@"; do
    rm -f "$folder"/db.sqlite*
    env -i WEBHOOK_SECRET=idle LISTEN_PORT="$port" DATABASE_PATH="$folder/db.sqlite" \
      "$binary" serve --env-file none >"$folder/log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
    sleep 2
    echo "$binary $(awk '/^(VmRSS|RssAnon|RssFile):/ {printf "%s %.1f MiB  ", $1, $2 / 1024}' /proc/$pid/status)"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
  done
done
