#!/usr/bin/env bash
# What Foundation weighs: the same tiny program (encode a JSON object, then sleep) with no
# Foundation, with FoundationEssentials and with Foundation, each built like the release
# binary (-O, standard library linked statically). Prints binary size and RSS after 1 s.
#   bash bench/foundation-weight/measure.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for name in bare essentials foundation; do
  swiftc -O -static-stdlib "$here/$name.swift" -o "$out/$name" 2>/dev/null
  "$out/$name" > /dev/null &
  pid=$!
  sleep 1
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"
  awk -v n="$name" -v size="$(stat -c %s "$out/$name")" -v rss="$rss" \
    'BEGIN { printf "%-12s binary %6.1f MB   RSS %5.1f MiB\n", n, size / 1e6, rss / 1024 }'
done
