#!/usr/bin/env python3
"""`make bench`: measures the release build on loopback and writes BENCHMARKS.md and
bench/results.json.

Everything runs on 127.0.0.1: market-sim plays the exchanges and the Bot API, the server
runs as users run it (release binary, default settings, a bot token so that replies which
miss the inline budget go to the simulator), wrk drives the webhook. Nothing here is a
test: the figures are reported, and compared with the targets of the benchmark issue.
"""

import concurrent.futures
import http.client
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

import common

TARGETS = {
    "idle_rss_mib": ("<=", 32),
    "peak_rss_mib": ("<=", 64),
    # Throughput and CPU as ratios to figures of the same run: this VM's speed moves by ±30%
    # between hours (one unchanged build measured 7,748 and 15,600 updates/s on two days).
    "price_to_healthz_rate": (">=", 0.40),
    "tls_to_plain_price_rate": (">=", 0.90),
    "price_to_healthz_cpu": ("<=", 2.5),
    "e2e_p99_ms": ("<=", 2),
    "startup_ms": ("<=", 100),
    "coalesced_to_single_requests": ("<=", 1),
    "rss_step_per_added_exchange_max_mib": ("<=", 1),
}

EXCHANGES = ("binance", "bybit", "okx", "bitget", "gate", "mexc")


def coalescing(server, sim_port):
    """One `/price SOL all`, then 100 concurrent `/price ETH all` (neither symbol read
    before; instrument lists are cached by then): upstream requests per exchange and path of
    each. Coalescing holds when the hundred make no more requests than the one (a path may
    serve several requests, e.g. one tickers path for spot and perp)."""
    def stats_after(texts, first_id):
        connection = http.client.HTTPConnection("127.0.0.1", sim_port, timeout=10)
        connection.request("POST", "/_sim/reset")
        connection.getresponse().read()
        connection.close()
        with concurrent.futures.ThreadPoolExecutor(max_workers=100) as pool:
            statuses = list(pool.map(lambda i: common.post_update(server.port, first_id + i, texts[i])[0], range(len(texts))))
        _, stats = common.get(sim_port, "/_sim/stats")
        return statuses, json.loads(stats)
    _, single = stats_after(["/price SOL all"], 4_999_000)
    statuses, counts = stats_after(["/price ETH all"] * 100, 5_000_000)
    ratios = [n / single.get(exchange, {}).get(path, 1) for exchange, paths in counts.items()
              for path, n in paths.items()]
    return {"updates": 100, "all_200": all(s == 200 for s in statuses), "requests_per_path": counts,
            "single_requests_per_path": single, "exchanges": sorted(counts),
            "max_to_single": round(max(ratios), 2) if ratios else 0}


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = int(open("/proc/meminfo").readline().split()[1]) // 1024
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mib": memory, "kernel": platform.release(), "swift": swift}


def verdict(key, value):
    op, bound = TARGETS[key]
    ok = {"<=": value <= bound, ">=": value >= bound, "==": value == bound}[op]
    return f"{'met' if ok else '**missed**'} ({op} {bound})"


def main():
    for tool in (common.SERVER, common.SIMULATOR):
        if not os.path.exists(tool):
            raise SystemExit(f"missing {tool}: run `make bench`, which builds it")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (make bench does)")
    folder = tempfile.mkdtemp(prefix="ca-bench-")
    simulator, sim_port = common.start_simulator(folder)
    sim_url = f"http://127.0.0.1:{sim_port}"
    results = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": machine(),
               "settings": {"wrk_threads": common.WRK_THREADS, "wrk_connections": common.WRK_CONNECTIONS,
                            "wrk_seconds": common.WRK_SECONDS}}
    try:
        print("start-up", flush=True)
        startups = []
        for index in range(5):
            probe = common.Server(folder, sim_url, name=f"startup{index}")
            startups.append(probe.startup_ms)
            probe.stop()
        startups.sort()
        results["startup_ms"] = round(startups[2], 1)
        results["startup_runs_ms"] = [round(s, 1) for s in startups]

        print("plain HTTP server", flush=True)
        server = common.Server(folder, sim_url, name="plain")
        time.sleep(2)
        pid = server.process.pid
        memory = {"idle": round(common.rss_mib(pid), 1)}
        # Each exchange's adapter is made on its first use: what that first /price costs.
        for index, exchange in enumerate(EXCHANGES):
            status, body = common.post_update(server.port, 6_000_000 + index, f"/price BTC {exchange}")
            assert status == 200 and b"sendMessage" in body and b"unavailable" not in body, body
            memory[f"after_{exchange}"] = round(common.rss_mib(pid), 1)
        results["rss_mib"] = memory
        results["coalescing"] = coalescing(server, sim_port)
        # The same in the opposite order on a fresh server: the first step is the engine's,
        # whichever exchange comes first.
        reverse = common.Server(folder, sim_url, name="reverse")
        time.sleep(2)
        reversed_memory = {"idle": round(common.rss_mib(reverse.process.pid), 1)}
        for index, exchange in enumerate(reversed(EXCHANGES)):
            status, body = common.post_update(reverse.port, 7_000_000 + index, f"/price BTC {exchange}")
            assert status == 200 and b"sendMessage" in body and b"unavailable" not in body, body
            reversed_memory[f"after_{exchange}"] = round(common.rss_mib(reverse.process.pid), 1)
        reverse.stop()
        results["rss_mib_reversed"] = reversed_memory

        print("wrk, plain HTTP", flush=True)
        results["plain_start"] = common.wrk(server, "/start", "plain HTTP, /start")
        results["plain_price"] = common.wrk(server, "/price BTC", "plain HTTP, /price BTC (warm cache)")
        results["plain_floor"] = common.http_floor(server)
        print("steady 200/s", flush=True)
        results["steady"] = common.steady_latency(server)
        results["peak_rss_mib_plain"] = round(common.rss_mib(pid, "VmHWM"), 1)
        results["stop_exit_code_plain"] = server.stop()

        print("TLS server", flush=True)
        cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True)
        tls = common.Server(folder, sim_url, tls=(cert, key), name="tls")
        results["tls_start"] = common.wrk(tls, "/start", "TLS, /start")
        results["tls_price"] = common.wrk(tls, "/price BTC", "TLS, /price BTC (warm cache)")
        results["peak_rss_mib_tls"] = round(common.rss_mib(tls.process.pid, "VmHWM"), 1)
        results["stop_exit_code_tls"] = tls.stop()

        # Imported only now: importing a section points common.SERVER at BENCH_BUILD's build,
        # and the figures above are the release build's.
        import replicas
        results["replicas"] = replicas.measure(folder, sim_url, sim_port)
        import alerts
        results["alerts"] = alerts.measure(folder, sim_url, sim_port)
        import streams
        results["streams"] = streams.measure(folder, sim_url, sim_port)
        import keeping
        results["keeping"] = keeping.measure(folder, sim_url, sim_port)
        import charts
        results["charts"] = charts.measure(folder, sim_url, sim_port)
        import noisy
        results["noisy"] = noisy.measure(folder, sim_url, sim_port)
    finally:
        common.stop_simulator(simulator)

    summary = {
        "idle_rss_mib": results["rss_mib"]["idle"],
        "peak_rss_mib": max(results["peak_rss_mib_plain"], results["peak_rss_mib_tls"]),
        "price_to_healthz_rate": round(
            results["plain_price"]["updates_replied_per_s"] / results["plain_floor"]["requests_per_s"], 2),
        "tls_to_plain_price_rate": round(
            results["tls_price"]["updates_replied_per_s"] / results["plain_price"]["updates_replied_per_s"], 2),
        "price_to_healthz_cpu": round(
            results["plain_price"]["cpu_us_per_update"] / results["plain_floor"]["cpu_us_per_request"], 2),
        "e2e_p99_ms": results["steady"]["p99_ms"],
        "startup_ms": results["startup_ms"],
        "coalesced_to_single_requests": results["coalescing"]["max_to_single"],
        # The first exchange's step also pays for what every exchange shares (the HTTP
        # client's pool, decoders, the cache): `rss_first_exchange_mib` shows it in both orders.
        "rss_step_per_added_exchange_max_mib": round(max(
            results["rss_mib"][f"after_{e}"] - results["rss_mib"][f"after_{EXCHANGES[i - 1]}"]
            for i, e in enumerate(EXCHANGES) if i > 0), 1),
    }
    results["summary"] = {key: {"value": value, "target": f"{TARGETS[key][0]} {TARGETS[key][1]}"}
                          for key, value in summary.items()}
    with open(os.path.join(common.ROOT, "bench/results.json"), "w") as f:
        json.dump(results, f, indent=2, sort_keys=True)
        f.write("\n")
    write_markdown(results, summary)
    shutil.rmtree(folder, ignore_errors=True)
    print("wrote BENCHMARKS.md and bench/results.json")


def write_markdown(results, summary):
    m = results["machine"]
    names = {
        "idle_rss_mib": "Idle RSS, 2 s after ready (MiB)",
        "peak_rss_mib": "Peak RSS over the load, VmHWM (MiB)",
        "price_to_healthz_rate": "Cached `/price BTC` updates replied/s ÷ `GET /healthz` requests/s, same server, plain",
        "tls_to_plain_price_rate": "Cached `/price BTC` updates replied/s, TLS ÷ plain",
        "price_to_healthz_cpu": "CPU per cached `/price` update ÷ CPU per `GET /healthz` request, plain",
        "e2e_p99_ms": "End-to-end p99 at 200 updates/s (ms)",
        "startup_ms": "Start-up, exec to `/readyz` 200 (ms, median of 5)",
        "coalesced_to_single_requests": "Upstream requests of 100 concurrent `/price ETH all` ÷ those of one (per path, six exchanges)",
        "rss_step_per_added_exchange_max_mib": "Largest RSS step of a further exchange's first use, after the first (MiB)",
    }
    lines = [
        "<!-- Generated by `make bench` (bench/run.py); edit bench/notes.md for the prose. -->",
        "# Benchmarks",
        "",
        f"Measured {results['date']} with `make bench` on {m['cores']} cores ({m['cpu']}), "
        f"{m['memory_mib']} MiB, Linux {m['kernel']}, {m['swift']}. Release build, loopback only: "
        "`market-sim` plays the exchanges and the Bot API, wrk shares the cores with the server "
        f"(wrk -t{results['settings']['wrk_threads']} -c{results['settings']['wrk_connections']} "
        f"-d{results['settings']['wrk_seconds']}s). Raw figures: `bench/results.json`.",
        "",
        "| figure | measured | target |",
        "|---|---|---|",
    ]
    for key, value in summary.items():
        lines.append(f"| {names[key]} | {value} | {verdict(key, value)} |")
    lines += ["", "## Throughput (wrk)", "",
              "| run | requests/s | updates replied/s | p50 ms | p99 ms | non-2xx | CPU µs/update |", "|---|---|---|---|---|---|---|"]
    for key in ("plain_start", "plain_price", "tls_start", "tls_price"):
        r = results[key]
        lines.append(f"| {r['label']} | {r['requests_per_s']} | {r['updates_replied_per_s']} | {r['p50_ms']} | "
                     f"{r['p99_ms']} | {r['non_2xx']} | {r['cpu_us_per_update']} |")
    s = results["steady"]
    rss = results["rss_mib"]
    lines += [
        "",
        "\"Updates replied\" counts replies (inline in the webhook response or sent to the Bot API), "
        "from the server's `/metrics`; accepted is not processed.",
        "",
    ]
    floor = results.get("plain_floor")
    if floor:
        lines += [
            f"For scale, the HTTP stack alone (wrk on `GET /healthz`, same server and settings, no update): "
            f"{floor['requests_per_s']} requests/s at {floor['cpu_us_per_request']} µs of CPU per request.",
            "",
        ]
    lines += [
        "## Latency at a steady rate",
        "",
        f"{s['updates']} updates at {s['rate_per_s']}/s on one keep-alive connection, `/price BTC`, reply inline: "
        f"p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms, max {s['max_ms']} ms (from the scheduled send time to the reply)."
        + (f" The server's threads switched {s['context_switches_per_update']} times and used "
           f"{s['cpu_us_per_update']} µs of CPU per update at this rate (mostly waking threads between the steps "
           f"of an update)." if "context_switches_per_update" in s else ""),
        "",
        "## Memory",
        "",
        f"RSS idle {rss['idle']} MiB; after the first `/price BTC` on each exchange, one after the other: "
        + ", ".join(f"{name} {rss['after_' + name]}" for name in EXCHANGES)
        + " MiB (each adapter is made on first use); in the opposite order on a fresh server: idle "
        + f"{results['rss_mib_reversed']['idle']}, "
        + ", ".join(f"{name} {results['rss_mib_reversed']['after_' + name]}" for name in reversed(EXCHANGES))
        + " MiB. The first step, whichever exchange it is, also pays for what all share (the HTTP client's "
        f"pool, decoders, the cache). Peak (VmHWM) {results['peak_rss_mib_plain']} MiB "
        f"plain, {results['peak_rss_mib_tls']} MiB with TLS.",
        "",
        "## Start-up and coalescing",
        "",
        f"Start-up runs (ms): {results['startup_runs_ms']}. 100 concurrent `/price ETH all` (ETH not yet read) "
        f"made at most {results['coalescing']['max_to_single']}× the upstream requests of one `/price SOL all`, "
        f"per path, over {len(results['coalescing']['exchanges'])} exchanges; per exchange and path "
        f"{json.dumps(results['coalescing']['requests_per_path'], sort_keys=True)}.",
        "",
    ]
    if "replicas" in results:
        import replicas
        lines += replicas.markdown(results["replicas"])
    if "alerts" in results:
        import alerts
        lines += alerts.markdown(results["alerts"])
    if "streams" in results:
        import streams
        lines += streams.markdown(results["streams"])
    if "keeping" in results:
        import keeping
        lines += keeping.markdown(results["keeping"])
    if "charts" in results:
        import charts
        lines += charts.markdown(results["charts"])
    if "noisy" in results:
        import noisy
        lines += noisy.markdown(results["noisy"])
    soak = os.path.join(common.ROOT, "bench/soak.json")
    if os.path.exists(soak):
        lines += soak_section(json.load(open(soak)))
    notes = os.path.join(common.ROOT, "bench/notes.md")
    if os.path.exists(notes):
        lines += [open(notes).read().rstrip(), ""]
    with open(os.path.join(common.ROOT, "BENCHMARKS.md"), "w") as f:
        f.write("\n".join(lines))


def soak_section(r):
    """The "Soak" section, from bench/soak.json (written by `make soak`)."""
    rss, files = r["rss_mib"], r["open_files"]
    kinds = ", ".join(
        f"{f['exchange']} {f['kind']}{' ' + str(f['status']) if 'status' in f else ''}" if f["where"] == "exchange"
        else f"Bot API {f['status']}" for f in r["faults"][:10])
    lines = [
        "## Soak",
        "",
        f"Measured {r['date']} with `make soak`: {r['seconds']} s of mixed commands at {r['rate_per_s']} updates/s "
        f"({r['updates']} updates), a fault every 30 s ({len(r['faults'])} in all, in turn: {kinds}). "
        "The driver retries what gets no 2xx, as Telegram does. Raw figures and samples: `bench/soak.json`.",
        "",
        "| figure | measured |",
        "|---|---|",
        f"| updates acknowledged / sent | {r['acknowledged']} / {r['updates']} |",
        f"| HTTP statuses seen (0 = no answer) | {', '.join(f'{k}: {v}' for k, v in r['statuses'].items())} |",
        f"| replies inline / sent / given up | {int(r['replies_inline'])} / {int(r['replies_sent'])} / {int(r['replies_failed'])} |",
        f"| Bot API retries | {int(r['reply_retries'])} |",
        f"| updates left unanswered in the journal | {r['journal_pending']} |",
        f"| updates answered twice (duplicates) | {int(r['duplicates'])} |",
        f"| webhook answer p50 / p99 (ms) | {r['ack_p50_ms']} / {r['ack_p99_ms']} |",
        f"| RSS after {r['warmup_s']} s warm-up: min / mean / max (MiB) | {rss['min']} / {rss['mean']} / {rss['max']} (±{r['rss_band_percent']} %) |",
        f"| open descriptors after warm-up: first / last / max | {files['first_after_warmup']} / {files['last']} / {files['max']} |",
        f"| exit code after SIGTERM | {r['exit_code']} |",
        "",
        "Checks: " + "; ".join(f"{name}: {'ok' if ok else 'FAILED'}" for name, ok in r["checks"].items()) + ".",
        "",
    ]
    return lines


def render():
    """Writes BENCHMARKS.md again from bench/results.json (`run.py --render`: after editing
    bench/notes.md, and soak.py after writing bench/soak.json)."""
    with open(os.path.join(common.ROOT, "bench/results.json")) as f:
        results = json.load(f)
    write_markdown(results, {key: entry["value"] for key, entry in results["summary"].items()})


if __name__ == "__main__":
    sys.exit(render() if "--render" in sys.argv else main())
