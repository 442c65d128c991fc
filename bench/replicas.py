#!/usr/bin/env python3
"""Cached `/price` with the update journal on PostgreSQL against SQLite, in one run on the
same build: updates replied per second, the server's CPU per update, and PostgreSQL's own
CPU per update (the database works too). `BENCH_BUILD=debug` measures the debug build
(figures then say so; only the ratio of the two runs means anything).

    python3 bench/replicas.py            # release build (make release; market-sim too)
    BENCH_BUILD=debug python3 bench/replicas.py
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the shared helpers of make bench)

BUILD = os.environ.get("BENCH_BUILD", "release")
run.SERVER = os.path.join(run.ROOT, f".build/{BUILD}/crypto-assistant")
run.SIMULATOR = os.path.join(run.ROOT, f".build/{BUILD}/market-sim")


def postgres_binaries():
    return sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]


def as_postgres(arguments):
    return (["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []) + arguments


def start_postgres(folder):
    data = os.path.join(folder, "pg")
    os.makedirs(data)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(data, "postgres")
    port = run.free_port()
    bin_dir = postgres_binaries()
    subprocess.run(as_postgres([f"{bin_dir}/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                                "--no-sync"]), check=True, capture_output=True, cwd="/")
    subprocess.run(as_postgres([f"{bin_dir}/pg_ctl", "-D", data, "-l", os.path.join(data, "log"), "-w", "-t", "30",
                                "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {data}"]) + ["start"],
                   check=True, capture_output=True, cwd="/")
    return data, port


def stop_postgres(data):
    subprocess.run(as_postgres([f"{postgres_binaries()}/pg_ctl", "-D", data, "-m", "fast", "stop"]),
                   capture_output=True, cwd="/")


def postgres_cpu_seconds(data):
    """CPU of every process of the server (postmaster and backends)."""
    with open(os.path.join(data, "postmaster.pid")) as f:
        postmaster = int(f.readline())
    total = 0.0
    for pid in [postmaster] + [int(p) for p in os.listdir("/proc") if p.isdigit()]:
        try:
            with open(f"/proc/{pid}/stat") as f:
                parts = f.read().rsplit(")", 1)[1].split()
            if pid == postmaster or int(parts[1]) == postmaster:
                total += (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            continue
    return total


def main():
    for tool in ("wrk",):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed")
    folder = tempfile.mkdtemp(prefix="bench-replicas-")
    os.chmod(folder, 0o777)
    simulator, sim_port = run.start_simulator(folder)
    sim_url = f"http://127.0.0.1:{sim_port}"
    data, pg_port = start_postgres(folder)
    try:
        results = {}
        sqlite = run.Server(folder, sim_url, name="sqlite")
        run.wrk(sqlite, "/price BTC", "warm-up")
        results["sqlite"] = run.wrk(sqlite, "/price BTC", f"SQLite, /price BTC ({BUILD} build)")
        sqlite.stop()
        url = f"postgres://postgres@127.0.0.1:{pg_port}/postgres?sslmode=disable"
        pg = run.Server(folder, sim_url, name="postgres", extra_env={"DATABASE_URL": url, "INSTANCE_NAME": "bench"})
        run.wrk(pg, "/price BTC", "warm-up")
        before = postgres_cpu_seconds(data)
        results["postgres"] = run.wrk(pg, "/price BTC", f"PostgreSQL, /price BTC ({BUILD} build)")
        database_cpu = postgres_cpu_seconds(data) - before
        results["postgres"]["database_cpu_us_per_update"] = round(
            database_cpu * 1e6 / max(results["postgres"]["updates_replied"], 1), 1)
        pg.stop()
        s, p = results["sqlite"], results["postgres"]
        print(f"updates/s: SQLite {s['updates_replied_per_s']}, PostgreSQL {p['updates_replied_per_s']}"
              f" (ratio {p['updates_replied_per_s'] / s['updates_replied_per_s']:.2f})")
        print(f"server CPU µs/update: SQLite {s['cpu_us_per_update']}, PostgreSQL {p['cpu_us_per_update']}"
              f" + the database's {p['database_cpu_us_per_update']}")
        print(f"p99 ms: SQLite {s['p99_ms']}, PostgreSQL {p['p99_ms']}")
    finally:
        stop_postgres(data)
        run.stop_simulator(simulator)


if __name__ == "__main__":
    main()
