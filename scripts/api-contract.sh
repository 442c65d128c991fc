#!/usr/bin/env bash
# `make api-contract`: schemathesis (PyPI) against a live server on the simulator, for a
# bounded number of generated requests per operation (API_EXAMPLES, default 25): no 5xx,
# every response as openapi.json documents it, and every operation refuses a request
# without the token (401). CI runs it after `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.build/debug/crypto-assistant}
SIM=${SIM:-.build/debug/market-sim}
EXAMPLES=${API_EXAMPLES:-25}
VENV=${SCHEMATHESIS_VENV:-.build/schemathesis}
for tool in "$BIN" "$SIM"; do
  [ -x "$tool" ] || { echo "api-contract: $tool is missing (swift build --product ...)"; exit 1; }
done
if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5"
fi

pick_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
dir=$(mktemp -d)
sim_port=$(pick_port)
port=$(pick_port)
sim=http://127.0.0.1:$sim_port
token=api-contract-token-$(python3 -c 'import secrets; print(secrets.token_hex(12))')
"$SIM" --port "$sim_port" --env-file "$dir/sim.env" >"$dir/sim.log" 2>&1 &
sim_pid=$!
trap 'kill $sim_pid ${server_pid:-} 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do [ -s "$dir/sim.env" ] && curl -sf "$sim/_sim/stats" >/dev/null && break; sleep 0.1; done

env -i PATH="$PATH" WEBHOOK_SECRET=api-contract-secret LISTEN_PORT="$port" DATABASE_PATH="$dir/api.sqlite" \
  API_TOKEN="$token" API_ACCOUNT_ENDPOINTS=true \
  LOG_LEVEL=warning \
  "$BIN" serve --env-file "$dir/sim.env" >"$dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

# Without the token every documented operation answers 401, and nothing else.
paths=$(python3 -c 'import json; print(" ".join(json.load(open("openapi.json"))["paths"]))')
for path in $paths; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
  [ "$status" = 401 ] || { echo "api-contract: $path without the token answered $status, not 401"; exit 1; }
done

# The server's JSON API with generated requests, each response checked against the document.
if ! "$VENV/bin/schemathesis" run openapi.json --url "http://127.0.0.1:$port" \
  --header "Authorization: Bearer $token" --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,ignored_auth \
  --max-examples "$EXAMPLES" --seed 1 --no-color >"$dir/schemathesis.txt" 2>&1; then
  tail -60 "$dir/schemathesis.txt"; tail -20 "$dir/server.log"
  echo "api-contract: schemathesis found responses the document does not describe"; exit 1
fi
tail -8 "$dir/schemathesis.txt"
kill -0 "$server_pid" 2>/dev/null || { echo "api-contract: the server exited"; tail -20 "$dir/server.log"; exit 1; }
echo "api-contract: $(echo $paths | wc -w) operations refuse a missing token; schemathesis passed ($EXAMPLES examples each)"
