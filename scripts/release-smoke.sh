#!/usr/bin/env bash
# `make release-smoke`: the optimised binary answers every market command on every exchange
# against the simulator and is still running afterwards. The test suite runs the debug
# build; this catches what only the optimiser gets wrong (a typed-throws `do`/`catch` in a
# task group corrupted the heap in the release build only, and `/price BTC all` crashed it).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.build/release/crypto-assistant}
SIM=${SIM:-.build/debug/market-sim}
ROUNDS=${ROUNDS:-3}
for tool in "$BIN" "$SIM"; do
  [ -x "$tool" ] || { echo "release-smoke: $tool is missing (make release; swift build --product market-sim)"; exit 1; }
done

pick_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
dir=$(mktemp -d)
sim_port=$(pick_port)
port=$(pick_port)
sim=http://127.0.0.1:$sim_port
"$SIM" --port "$sim_port" --env-file "$dir/sim.env" >"$dir/sim.log" 2>&1 &
sim_pid=$!
trap 'kill $sim_pid ${server_pid:-} 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do [ -s "$dir/sim.env" ] && curl -sf "$sim/_sim/stats" >/dev/null && break; sleep 0.1; done

env -i PATH="$PATH" WEBHOOK_SECRET=smoke-secret LISTEN_PORT="$port" DATABASE_PATH="$dir/smoke.sqlite" \
  LOG_LEVEL=warning \
  "$BIN" serve --env-file "$dir/sim.env" >"$dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

commands=()
for exchange in binance bybit okx bitget gate mexc; do
  commands+=("/price SOL $exchange" "/top10 perp $exchange" "/volume ETH 1h $exchange" "/cvd BTC $exchange"
    "/volscan 1h 2 $exchange" "/analysis BTC 4h $exchange")
done
for base in BTC ETH SOL XRP DOGE BNB ADA AVAX LINK DOT; do commands+=("/price $base all" "/oi $base"); done

# Update ids restart at 1000 in each `send`: a new chat per round keeps them apart.
for round in $(seq 1 "$ROUNDS"); do
  if ! "$SIM" send --webhook "http://127.0.0.1:$port/telegram/webhook" --secret smoke-secret \
    --first-update-id $((round * 10000)) "${commands[@]}" >"$dir/replies-$round.txt" 2>&1; then
    echo "release-smoke: round $round failed"; tail -5 "$dir/replies-$round.txt"; tail -20 "$dir/server.log"; exit 1
  fi
  if grep -q "no inline reply" "$dir/replies-$round.txt"; then
    echo "release-smoke: a command got no reply in round $round"; grep -B1 "no inline reply" "$dir/replies-$round.txt"
    exit 1
  fi
done
kill -0 "$server_pid" 2>/dev/null || { echo "release-smoke: the server exited"; tail -20 "$dir/server.log"; exit 1; }
echo "release-smoke: ${#commands[@]} commands × $ROUNDS rounds answered by $BIN, still running"
