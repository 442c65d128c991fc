#!/usr/bin/env python3
"""Two (or more) builds as one replica on PostgreSQL, measured in turn in the same run (as
`ab.py` does for SQLite): wrk on cached `/price BTC`, with replies inline in the webhook
answer (the default) and sent through the Bot API (`INLINE_REPLY_BUDGET_MS=0`, so that every
reply is booked by `book_send`). Per update: the server's CPU and PostgreSQL's (its
postmaster and backends). Each build gets a fresh database of its own (a newer schema is
not an older build's); the builds' order alternates between rounds.

    python3 bench/pg_ab.py old=/path/to/crypto-assistant new=.build/release/crypto-assistant

Needs market-sim built (`make bench` builds it) and PostgreSQL installed. ROUNDS (2) sets
the rounds.
"""

import http.client
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import replicas  # noqa: E402  (PostgreSQL in a temporary folder)


# Distinct chats, so that Telegram's per-chat limit (1/s) does not pace them; under the
# bot's 30/s.
STEADY_RATE = 25


def steady(server, base):
    """STEADY_RATE updates a second for 10 s, each to a chat of its own, answered 200 at once
    (the reply is sent afterwards); the server's CPU per update."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    cpu_before = common.cpu_seconds(server.process.pid)
    start = time.perf_counter()
    count = STEADY_RATE * 10
    for index in range(count):
        scheduled = start + index / STEADY_RATE
        now = time.perf_counter()
        if scheduled > now:
            time.sleep(scheduled - now)
        status, body = common.post_update(server.port, base + index, "/price BTC", connection)
        if status != 200:
            raise SystemExit(f"steady load: status {status}, body {body[:200]!r}")
    connection.close()
    sent_deadline = time.time() + 30
    while common.replies(server.port)[0] < count and time.time() < sent_deadline:
        time.sleep(0.05)
    return {"cpu_us_per_update": round((common.cpu_seconds(server.process.pid) - cpu_before) / count * 1e6, 1)}


def create_database(port, name):
    subprocess.run(replicas.as_postgres([f"{replicas.postgres_binaries()}/createdb", "-h", "127.0.0.1", "-p",
                                         str(port), "-U", "postgres", name]), check=True, capture_output=True,
                   cwd="/")
    return f"postgres://postgres@127.0.0.1:{port}/{name}?sslmode=disable"


def main():
    builds = dict(argument.split("=", 1) for argument in sys.argv[1:])
    if not builds:
        sys.exit(__doc__)
    folder = tempfile.mkdtemp(prefix="ca-pg-ab-")
    os.chmod(folder, 0o777)
    sim, sim_port = common.start_simulator(folder)
    sim_url = f"http://127.0.0.1:{sim_port}"
    data, pg_port = replicas.start_postgres(os.path.join(folder, "db"))
    try:
        for round_ in range(int(os.environ.get("ROUNDS", "2"))):
            # Alternate the order: PostgreSQL's background work after one build's run (autovacuum
            # of its tables) is counted in the next one's figures.
            order = list(builds.items())
            for name, path in (order if round_ % 2 == 0 else order[::-1]):
                common.SERVER = os.path.abspath(path)
                line = [f"{name} round {round_}:"]
                for mode, inline in (("inline", None), ("sent", "0")):
                    url = create_database(pg_port, f"ab_{name}_{round_}_{mode}")
                    env = {"DATABASE_URL": url, "INSTANCE_NAME": f"{name}-{round_}"}
                    if inline is not None:
                        env["INLINE_REPLY_BUDGET_MS"] = inline
                    server = common.Server(folder, sim_url, name=f"{name}-{round_}-{mode}", extra_env=env)
                    time.sleep(1)
                    if inline is None:
                        common.wrk(server, "/price BTC", "warm-up")
                        before = replicas.postgres_cpu_seconds(data)
                        figures = common.wrk(server, "/price BTC", f"{name} {mode} round {round_}")
                        database_us = (replicas.postgres_cpu_seconds(data) - before) * 1e6 / max(
                            figures["updates_replied"], 1)
                        line.append(f"{mode} {figures['updates_replied_per_s']}/s, server "
                                    f"{figures['cpu_us_per_update']} µs + PostgreSQL {database_us:.1f} µs per "
                                    f"update, p50 {figures['p50_ms']} ms |")
                    else:
                        # Sent replies are paced to Telegram's limits: a steady rate, not a flood.
                        before = replicas.postgres_cpu_seconds(data)
                        figures = steady(server, 8_000_000_000 + round_ * 100_000)
                        database_us = (replicas.postgres_cpu_seconds(data) - before) * 1e6 / (STEADY_RATE * 10)
                        line.append(f"{mode} at {STEADY_RATE}/s: server {figures['cpu_us_per_update']} µs + "
                                    f"PostgreSQL {database_us:.1f} µs per update |")
                    server.stop()
                print(" ".join(line), flush=True)
    finally:
        replicas.stop_postgres(data)
        common.stop_simulator(sim)


if __name__ == "__main__":
    main()
