#!/usr/bin/env python3
"""Replicas on PostgreSQL against SQLite, in one run on the same build (`make bench` runs it
and puts the figures in BENCHMARKS.md; alone it prints them):

- cached `/price` with wrk: one SQLite server; one replica on PostgreSQL; three replicas
  behind nginx on one PostgreSQL — updates replied per second, the servers' CPU per update
  and PostgreSQL's (and nginx's) own;
- one replica on PostgreSQL at a steady 200 updates/s: p50/p99 (ms);
- RSS per replica, idle and after the load;
- lease takeover: a replica killed with SIGKILL while its replies cannot be sent, and the
  time until the other replica has answered all of them, with the default lease.

On two cores wrk, nginx, the replicas and PostgreSQL share the machine: these are costs
per update, not scaling. `BENCH_BUILD=debug` measures the debug build.

    python3 bench/replicas.py            # release build (make release; market-sim too)
"""

import glob
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402  (what the bench scripts share)

BUILD = os.environ.get("BENCH_BUILD", "release")
common.SERVER = os.path.join(common.ROOT, f".build/{BUILD}/crypto-assistant")
common.SIMULATOR = os.path.join(common.ROOT, f".build/{BUILD}/market-sim")


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
    port = common.free_port()
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


def tree_cpu_seconds(root):
    """CPU of a process and its children (PostgreSQL's postmaster and backends, nginx's
    master and workers)."""
    total = 0.0
    for pid in [int(p) for p in os.listdir("/proc") if p.isdigit()]:
        try:
            with open(f"/proc/{pid}/stat") as f:
                parts = f.read().rsplit(")", 1)[1].split()
            if pid == root or int(parts[1]) == root:
                total += (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            continue
    return total


def postgres_cpu_seconds(data):
    with open(os.path.join(data, "postmaster.pid")) as f:
        return tree_cpu_seconds(int(f.readline()))


def start_nginx(folder, ports):
    """nginx on a free port with an upstream of PORTS (as `make cluster` configures it)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        raise SystemExit("nginx is not installed (make deps)")
    prefix = os.path.join(folder, "nginx")
    os.makedirs(os.path.join(prefix, "temp"), exist_ok=True)
    os.chmod(os.path.join(prefix, "temp"), 0o777)
    port = common.free_port()
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports)
    temp = "\n".join(f"    {kind}_temp_path {prefix}/temp/{kind};"
                      for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    with open(os.path.join(prefix, "nginx.conf"), "w") as f:
        f.write(f"""worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
{temp}
    upstream bot {{
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 1m;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_next_upstream error timeout;
        location / {{ proxy_pass http://bot; }}
    }}
}}
""")
    arguments = [nginx, "-p", prefix + "/", "-e", os.path.join(prefix, "error.log"), "-c",
                 os.path.join(prefix, "nginx.conf")]
    subprocess.run(arguments, check=True, capture_output=True)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            if common.get(port, "/readyz")[0] == 200:
                break
        except OSError:
            time.sleep(0.05)
    with open(os.path.join(prefix, "nginx.pid")) as f:
        master = int(f.read().strip())
    return arguments, port, master


def stop_nginx(arguments):
    subprocess.run(arguments + ["-s", "stop"], capture_output=True)


def wrk_cluster(replicas, port, database, nginx_master, label):
    """wrk through nginx on cached `/price BTC`; replies and CPU summed over the replicas."""
    common.run_offset += 1_000_000_000
    def totals():
        pairs = [common.replies(r.port) for r in replicas]
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs)
    before_replies, before_accepted = totals()
    cpu_before = sum(common.cpu_seconds(r.process.pid) for r in replicas)
    db_before, nginx_before = postgres_cpu_seconds(database), tree_cpu_seconds(nginx_master)
    output = subprocess.run(
        ["wrk", f"-t{common.WRK_THREADS}", f"-c{common.WRK_CONNECTIONS}", f"-d{common.WRK_SECONDS}s", "--latency",
         "-s", common.LUA, f"http://127.0.0.1:{port}/telegram/webhook", "--", "/price BTC", common.SECRET,
         str(common.run_offset)],
        capture_output=True, text=True, check=True).stdout
    cpu = sum(common.cpu_seconds(r.process.pid) for r in replicas) - cpu_before
    db_cpu, nginx_cpu = postgres_cpu_seconds(database) - db_before, tree_cpu_seconds(nginx_master) - nginx_before
    result = json.loads(re.search(r"RESULT (\{.*\})", output).group(1))
    deadline = time.time() + 30
    while True:
        after_replies, after_accepted = totals()
        if after_replies - before_replies >= after_accepted - before_accepted or time.time() > deadline:
            break
        time.sleep(0.05)
    seconds = result["duration_us"] / 1e6
    processed = after_replies - before_replies
    figures = {
        "label": label,
        "updates_replied_per_s": round(processed / seconds),
        "updates_replied": int(processed),
        "non_2xx": result["non2xx"],
        "p50_ms": round(result["p50_us"] / 1000, 3),
        "p99_ms": round(result["p99_us"] / 1000, 3),
        "cpu_us_per_update": round(cpu * 1e6 / processed, 1) if processed else None,
        "database_cpu_us_per_update": round(db_cpu * 1e6 / processed, 1) if processed else None,
        "nginx_cpu_us_per_update": round(nginx_cpu * 1e6 / processed, 1) if processed else None,
    }
    print(f"  {label}: {figures}", flush=True)
    return figures


def sim_call(sim_port, method, path, payload=None):
    connection = http.client.HTTPConnection("127.0.0.1", sim_port, timeout=10)
    connection.request(method, path, body=json.dumps(payload) if payload is not None else None,
                       headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return json.loads(body) if body.startswith((b"[", b"{")) else body


def takeover(folder, sim_url, sim_port, url, count=10):
    """Seconds from SIGKILL of a replica holding `count` accepted, unanswered updates until
    the other replica has sent every reply, with the default lease; and whether each went
    out exactly once."""
    env = {"DATABASE_URL": url, "INLINE_REPLY_BUDGET_MS": "0"}
    a = common.Server(folder, sim_url, name="takeover-a", extra_env={**env, "INSTANCE_NAME": "a"})
    b = common.Server(folder, sim_url, name="takeover-b", extra_env={**env, "INSTANCE_NAME": "b"})
    try:
        sim_call(sim_port, "POST", "/_sim/reset")
        sim_call(sim_port, "POST", "/_sim/telegram/faults",
                 {"method": "sendMessage", "status": 503, "count": 1_000_000})
        connection = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)
        for index in range(count):
            status, _ = common.post_update(a.port, 8_000_000_000 + index, "/price BTC", connection)
            assert status == 200, status
        connection.close()
        deadline = time.time() + 30
        while len([c for c in sim_call(sim_port, "GET", "/_sim/telegram/sent") if c["method"] == "sendMessage"]) < count:
            if time.time() > deadline:
                raise SystemExit("takeover: the replica never tried to send")
            time.sleep(0.05)
        a.process.send_signal(signal.SIGKILL)
        killed = time.perf_counter()
        a.process.wait()
        sim_call(sim_port, "POST", "/_sim/reset")
        deadline = time.time() + 120
        while True:
            sent = [c for c in sim_call(sim_port, "GET", "/_sim/telegram/sent")
                    if c["method"] == "sendMessage" and c["status"] == 200]
            if len(sent) >= count or time.time() > deadline:
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - killed
        time.sleep(1)
        sent = [c for c in sim_call(sim_port, "GET", "/_sim/telegram/sent")
                if c["method"] == "sendMessage" and c["status"] == 200]
        figures = {"updates": count, "answered": len(sent), "seconds": round(seconds, 2),
                   "lease_s": 20, "exactly_once": len(sent) == count}
        print(f"  takeover after SIGKILL: {figures}", flush=True)
        return figures
    finally:
        b.stop()
        if a.process.poll() is None:
            a.stop()


def measure(folder, sim_url, sim_port):
    """Every figure of the replicas section; PostgreSQL runs in FOLDER."""
    data, pg_port = start_postgres(folder)
    url = f"postgres://postgres@127.0.0.1:{pg_port}/postgres?sslmode=disable"
    results = {}
    try:
        print("SQLite against PostgreSQL, one server", flush=True)
        sqlite = common.Server(folder, sim_url, name="sqlite")
        common.wrk(sqlite, "/price BTC", "warm-up")
        results["sqlite"] = common.wrk(sqlite, "/price BTC", "SQLite, /price BTC")
        sqlite.stop()
        pg = common.Server(folder, sim_url, name="postgres", extra_env={"DATABASE_URL": url, "INSTANCE_NAME": "one"})
        time.sleep(2)
        idle = round(common.rss_mib(pg.process.pid), 1)
        common.wrk(pg, "/price BTC", "warm-up")
        before = postgres_cpu_seconds(data)
        one = common.wrk(pg, "/price BTC", "PostgreSQL, one replica, /price BTC")
        one["database_cpu_us_per_update"] = round(
            (postgres_cpu_seconds(data) - before) * 1e6 / max(one["updates_replied"], 1), 1)
        one["rss_mib_idle"], one["rss_mib_after"] = idle, round(common.rss_mib(pg.process.pid), 1)
        results["postgres"] = one
        print("PostgreSQL, steady 200/s", flush=True)
        results["postgres_steady"] = common.steady_latency(pg)
        pg.stop()

        print("three replicas behind nginx", flush=True)
        replicas = [common.Server(folder, sim_url, name=f"replica-{i}",
                                  extra_env={"DATABASE_URL": url, "INSTANCE_NAME": f"replica-{i}"}) for i in (1, 2, 3)]
        nginx = None
        try:
            time.sleep(2)
            idle = [round(common.rss_mib(r.process.pid), 1) for r in replicas]
            nginx, nginx_port, nginx_master = start_nginx(folder, [r.port for r in replicas])
            wrk_cluster(replicas, nginx_port, data, nginx_master, "warm-up")
            cluster = wrk_cluster(replicas, nginx_port, data, nginx_master,
                                  "PostgreSQL, three replicas behind nginx, /price BTC")
            cluster["rss_mib_idle"] = idle
            cluster["rss_mib_after"] = [round(common.rss_mib(r.process.pid), 1) for r in replicas]
            results["cluster"] = cluster
        finally:
            if nginx:
                stop_nginx(nginx)
            for replica in replicas:
                replica.stop()

        print("lease takeover after SIGKILL (default lease, 20 s)", flush=True)
        results["takeover"] = takeover(folder, sim_url, sim_port, url)
    finally:
        stop_postgres(data)
    s, p = results["sqlite"], results["postgres"]
    results["ratios"] = {
        "postgres_to_sqlite_rate": round(p["updates_replied_per_s"] / s["updates_replied_per_s"], 2),
        "postgres_to_sqlite_cpu": round(
            (p["cpu_us_per_update"] + p["database_cpu_us_per_update"]) / s["cpu_us_per_update"], 1),
        "cluster_to_sqlite_rate": round(
            results["cluster"]["updates_replied_per_s"] / s["updates_replied_per_s"], 2),
    }
    return results


def markdown(r):
    """The BENCHMARKS.md section."""
    s, p, c, st, t, q = (r["sqlite"], r["postgres"], r["cluster"], r["postgres_steady"], r["takeover"],
                         r["ratios"])
    return [
        "## Several replicas (PostgreSQL)",
        "",
        "Cached `/price BTC` with wrk, in the same run: the journal in SQLite (one server), in PostgreSQL "
        "(`DATABASE_URL`, one replica), and three replicas behind nginx on one PostgreSQL. wrk, nginx, the "
        "replicas and PostgreSQL share these two cores, so this is the cost per update, not scaling "
        "(on separate machines each replica has its cores, the database its own). `bench/replicas.py`.",
        "",
        "| run | updates replied/s | p50 ms | p99 ms | servers' CPU µs/update | PostgreSQL CPU µs/update | nginx CPU µs/update |",
        "|---|---|---|---|---|---|---|",
        f"| SQLite, one server | {s['updates_replied_per_s']} | {s['p50_ms']} | {s['p99_ms']} | {s['cpu_us_per_update']} | — | — |",
        f"| PostgreSQL, one replica | {p['updates_replied_per_s']} | {p['p50_ms']} | {p['p99_ms']} | "
        f"{p['cpu_us_per_update']} | {p['database_cpu_us_per_update']} | — |",
        f"| PostgreSQL, three replicas behind nginx | {c['updates_replied_per_s']} | {c['p50_ms']} | {c['p99_ms']} | "
        f"{c['cpu_us_per_update']} | {c['database_cpu_us_per_update']} | {c['nginx_cpu_us_per_update']} |",
        "",
        f"PostgreSQL ÷ SQLite: {q['postgres_to_sqlite_rate']} of the updates per second, {q['postgres_to_sqlite_cpu']}× "
        f"the CPU per update (the database's included); three replicas behind nginx ÷ SQLite: "
        f"{q['cluster_to_sqlite_rate']} of the updates per second.",
        "",
        f"One replica on PostgreSQL at a steady {st['rate_per_s']} updates/s, reply inline: p50 {st['p50_ms']} ms, "
        f"p99 {st['p99_ms']} ms, max {st['max_ms']} ms.",
        "",
        f"RSS per replica: one replica {p['rss_mib_idle']} MiB idle, {p['rss_mib_after']} MiB after the load; "
        f"three replicas {c['rss_mib_idle']} MiB idle, {c['rss_mib_after']} MiB after.",
        "",
        f"Lease takeover: a replica killed with SIGKILL while it held {t['updates']} accepted updates whose replies "
        f"Telegram refused (503); the other replica had sent all of them {t['seconds']} s after the kill with the "
        f"default lease ({t['lease_s']} s; `CHAT_LEASE_S` shortens it). Each exactly once: "
        f"{'yes' if t['exactly_once'] else 'no'} ({t['answered']} replies).",
        "",
    ]


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed")
    common.standalone("bench-replicas-", measure, markdown)


if __name__ == "__main__":
    main()
