#!/usr/bin/env bash
# `make cluster` / `make cluster-stop`: several replicas on one PostgreSQL, on this machine,
# offline. Everything listens on 127.0.0.1 and lives in .cluster/ (git-ignored):
#
#   nginx 127.0.0.1:18080 ──► serve replica-1 127.0.0.1:18081 ─┐
#     (upstream, keepalive)   serve replica-2 127.0.0.1:18082 ─┼──► PostgreSQL 127.0.0.1:<free port>
#                             serve replica-3 127.0.0.1:18083 ─┘
#                             market-sim 127.0.0.1:18089 plays the exchanges
#
# The replicas run in local mode (no TELEGRAM_BOT_TOKEN: replies come back inline in the
# webhook's answer), with the exchanges pointed at market-sim as `make demo` does.
#
#   scripts/cluster.sh start    build, start everything, print a curl line to try it
#   scripts/cluster.sh stop     stop everything `start` started (pids in .cluster/)
#
# SWIFT (default swift) builds; CLUSTER_PORT, CLUSTER_REPLICA_PORTS, CLUSTER_SIM_PORT and
# CLUSTER_PG_PORT move the ports.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=$ROOT/.cluster
SWIFT=${SWIFT:-swift}
NGINX_PORT=${CLUSTER_PORT:-18080}
read -r -a REPLICA_PORTS <<<"${CLUSTER_REPLICA_PORTS:-18081 18082 18083}"
SIM_PORT=${CLUSTER_SIM_PORT:-18089}

say() { printf '%s\n' "$*"; }
die() { printf 'cluster: %s\n' "$*" >&2; exit 1; }

# PostgreSQL refuses to run as root: as root its tools run as the postgres user.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V | tail -1)
  [ -n "$newest" ] && [ -x "$newest/pg_ctl" ] || die "PostgreSQL is not installed (apt-get install postgresql; make deps does)"
  printf '%s\n' "$newest"
}

# Whether something accepts connections on 127.0.0.1:$1.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null && ! grep -qs '^State:.*[ZX]' "/proc/$1/status"; }

pid_of() { cat "$DIR/$1.pid" 2>/dev/null || true; }

# Sends SIGTERM to the process in .cluster/$1.pid and waits up to $2 s, then SIGKILL.
stop_pid() {
  local name=$1 limit=$2 pid
  pid=$(pid_of "$name")
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((limit * 10))); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then say "  $name did not stop within ${limit}s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
    say "  stopped $name (pid $pid)"
  fi
  rm -f "$DIR/$name.pid"
}

stop() {
  [ -d "$DIR" ] || { say "no .cluster/: nothing to stop"; return 0; }
  say "stopping the cluster"
  # nginx first (no new requests), then the replicas (each drains for up to
  # SHUTDOWN_GRACE_S, 20 s), then the simulator and the database.
  local pid
  pid=$(cat "$DIR/nginx/nginx.pid" 2>/dev/null || true)
  if alive "$pid"; then
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
    say "  stopped nginx (pid $pid)"
  fi
  for i in "${!REPLICA_PORTS[@]}"; do stop_pid "replica-$((i + 1))" 30 & done
  wait
  stop_pid market-sim 10
  # The real folder: .cluster/postgres may link to /tmp (see start).
  local pg
  pg=$(readlink -f "$DIR/postgres" 2>/dev/null || true)
  if [ -n "$pg" ] && [ -f "$pg/data/postmaster.pid" ]; then
    (cd / && as_postgres "$(pg_bin)/pg_ctl" -D "$pg/data" -m fast -w -t 30 stop >/dev/null) && say "  stopped PostgreSQL"
  fi
  # The database is throwaway; the logs stay until the next `make cluster`.
  if [ -n "$pg" ] && [ -f "$pg/postgres.log" ]; then
    rm -f "$DIR/postgres.log"
    cp "$pg/postgres.log" "$DIR/postgres.log"
  fi
  rm -rf "$DIR/postgres"
  case "$pg" in /tmp/ca-cluster-pg.*) rm -rf "$pg" ;; esac
  say "stopped; logs are still in .cluster/"
}

start() {
  for name in replica-1 replica-2 replica-3 market-sim; do
    alive "$(pid_of "$name")" && die "already running ($name); make cluster-stop first"
  done
  [ -f "$DIR/postgres/data/postmaster.pid" ] && die "PostgreSQL of an earlier cluster is running; make cluster-stop first"
  for port in "$NGINX_PORT" "${REPLICA_PORTS[@]}" "$SIM_PORT"; do
    listening "$port" && die "127.0.0.1:$port is taken (CLUSTER_PORT, CLUSTER_REPLICA_PORTS, CLUSTER_SIM_PORT move the ports)"
  done
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || die "nginx is not installed (make deps)"
  local nginx
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  local bin
  bin=$(pg_bin)

  say "building crypto-assistant and market-sim"
  $SWIFT build --product crypto-assistant
  $SWIFT build --product market-sim

  rm -rf "$DIR"
  mkdir -p "$DIR"
  # Whatever fails from here on (a `die`, a failed command), what did start is stopped.
  trap 'say "start failed; stopping what started"; stop >/dev/null 2>&1 || true' EXIT

  # PostgreSQL in .cluster/postgres — or, when the postgres user cannot reach .cluster/
  # (a clone under /root, run as root), in a folder under /tmp that .cluster/postgres links to.
  local pg=$DIR/postgres
  mkdir -p "$pg"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$pg"
    if ! runuser -u postgres -- test -w "$pg"; then
      rmdir "$pg"
      local tmp
      tmp=$(mktemp -d /tmp/ca-cluster-pg.XXXXXX)
      chown postgres: "$tmp"
      ln -s "$tmp" "$pg"
      pg=$tmp
    fi
  fi
  chmod 700 "$pg/"
  local pg_port=${CLUSTER_PG_PORT:-}
  if [ -z "$pg_port" ]; then
    for candidate in $(seq 18090 18199); do listening "$candidate" || { pg_port=$candidate; break; }; done
  fi
  [ -n "$pg_port" ] || die "no free port for PostgreSQL in 18090-18199"
  say "starting PostgreSQL on 127.0.0.1:$pg_port"
  (cd / && as_postgres env -i PATH=/usr/bin:/bin LC_ALL=C "$bin/initdb" -D "$pg/data" -U postgres -A trust -E UTF8 --no-sync) \
    >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log"; die "initdb failed"; }
  # No Unix socket (a deep checkout's path may be too long for one): TCP on loopback only.
  (cd / && as_postgres env -i PATH=/usr/bin:/bin LC_ALL=C "$bin/pg_ctl" -D "$pg/data" -l "$pg/postgres.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c max_connections=300" \
    start) >/dev/null || { tail -20 "$pg/postgres.log"; die "PostgreSQL did not start"; }
  ln -sf "$pg/postgres.log" "$DIR/postgres.log"
  local database_url="postgres://postgres@127.0.0.1:$pg_port/postgres?sslmode=disable"

  say "starting market-sim on 127.0.0.1:$SIM_PORT"
  rm -f "$DIR/market-sim.env"
  setsid "$ROOT/.build/debug/market-sim" --host 127.0.0.1 --port "$SIM_PORT" --env-file "$DIR/market-sim.env" \
    </dev/null >"$DIR/market-sim.log" 2>&1 &
  echo $! >"$DIR/market-sim.pid"
  # The replicas read the exchanges' URLs from the file market-sim writes once it listens.
  for _ in $(seq 1 100); do [ -s "$DIR/market-sim.env" ] && break; sleep 0.1; done
  [ -s "$DIR/market-sim.env" ] || { cat "$DIR/market-sim.log"; die "market-sim did not start"; }

  local secret
  secret=$(openssl rand -hex 32)
  printf '%s\n' "$secret" >"$DIR/webhook-secret"
  chmod 600 "$DIR/webhook-secret"
  for i in "${!REPLICA_PORTS[@]}"; do
    local name=replica-$((i + 1)) port=${REPLICA_PORTS[$i]}
    say "starting $name on 127.0.0.1:$port"
    setsid env -i PATH="$PATH" \
      DATABASE_URL="$database_url" INSTANCE_NAME="$name" \
      LISTEN_HOST=127.0.0.1 LISTEN_PORT="$port" WEBHOOK_SECRET="$secret" TRUSTED_PROXIES=127.0.0.1 \
      LOG_LEVEL=info \
      "$ROOT/.build/debug/crypto-assistant" serve --env-file "$DIR/market-sim.env" </dev/null >"$DIR/$name.log" 2>&1 &
    echo $! >"$DIR/$name.pid"
  done
  for i in "${!REPLICA_PORTS[@]}"; do
    local name=replica-$((i + 1)) port=${REPLICA_PORTS[$i]} ready=""
    for _ in $(seq 1 300); do
      curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && { ready=1; break; }
      alive "$(pid_of "$name")" || break
      sleep 0.1
    done
    [ -n "$ready" ] || { tail -20 "$DIR/$name.log"; die "$name is not ready (log above, .cluster/$name.log)"; }
  done

  say "starting nginx on 127.0.0.1:$NGINX_PORT"
  mkdir -p "$DIR/nginx/temp"
  # Its workers run as nobody when started as root: they must be able to write the temp folder.
  chmod 777 "$DIR/nginx/temp"
  {
    printf 'worker_processes 1;\npid %s/nginx/nginx.pid;\nerror_log %s/nginx/error.log;\n' "$DIR" "$DIR"
    printf 'events { worker_connections 256; }\n'
    printf 'http {\n'
    # Which replica answered each request: upstream=127.0.0.1:1808N.
    printf '    log_format cluster '"'"'$remote_addr "$request" $status upstream=$upstream_addr $request_time s'"'"';\n'
    printf '    access_log %s/nginx/access.log cluster;\n' "$DIR"
    for kind in client_body proxy fastcgi uwsgi scgi; do
      printf '    %s_temp_path %s/nginx/temp/%s;\n' "$kind" "$DIR" "$kind"
    done
    printf '    upstream bot {\n'
    for port in "${REPLICA_PORTS[@]}"; do
      printf '        server 127.0.0.1:%s max_fails=1 fail_timeout=5s;\n' "$port"
    done
    cat <<'EOF'
        keepalive 16;
        keepalive_timeout 20s;
    }
    server {
        listen 127.0.0.1:__PORT__;
        client_max_body_size 1m;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_connect_timeout 2s;
        proxy_read_timeout 65s;
        # A replica that refuses the connection or times out: the next one gets the request.
        # Not non_idempotent: an update sent to a replica is never sent to a second one;
        # Telegram's retry does that, and the shared journal drops the duplicate.
        proxy_next_upstream error timeout;
        location / {
            proxy_pass http://bot;
        }
    }
}
EOF
  } | sed "s/__PORT__/$NGINX_PORT/" >"$DIR/nginx/nginx.conf"
  "$nginx" -t -q -p "$DIR/nginx/" -e "$DIR/nginx/error.log" -c "$DIR/nginx/nginx.conf"
  "$nginx" -p "$DIR/nginx/" -e "$DIR/nginx/error.log" -c "$DIR/nginx/nginx.conf"
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$NGINX_PORT/readyz" >/dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$NGINX_PORT/readyz" >/dev/null || { cat "$DIR/nginx/error.log"; die "nginx does not answer"; }
  trap - EXIT

  cat <<EOF

The cluster is up: nginx on 127.0.0.1:$NGINX_PORT in front of ${#REPLICA_PORTS[@]} replicas (ports ${REPLICA_PORTS[*]}),
PostgreSQL at $database_url.

Post an update through nginx (a new update_id each time; the reply comes back inline):

  curl -s -H "X-Telegram-Bot-Api-Secret-Token: \$(cat .cluster/webhook-secret)" -H 'Content-Type: application/json' -d '{"update_id":'\$RANDOM\$RANDOM',"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":"/price BTC"}}' http://127.0.0.1:$NGINX_PORT/telegram/webhook

Logs: .cluster/replica-{1,2,3}.log, .cluster/postgres.log, .cluster/market-sim.log,
      .cluster/nginx/access.log and error.log. Stop everything: make cluster-stop
EOF
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: $0 start|stop" ;;
esac
