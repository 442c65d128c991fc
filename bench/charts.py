#!/usr/bin/env python3
"""`/chart` on the release build (`make bench` runs it and puts the figures in
BENCHMARKS.md; alone it prints them): RSS idle, after the first chart (Cairo is loaded
then) and after 40; and the time from posting `/chart` to the picture reaching the
simulated Bot API (candles from the simulator, drawing, PNG, multipart upload) for 40
different charts (10 bases × 4 intervals: none from the cache).

    python3 bench/charts.py            # release build (make release; market-sim too)
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402  (what the bench scripts share)

BUILD = os.environ.get("BENCH_BUILD", "release")
common.SERVER = os.path.join(common.ROOT, f".build/{BUILD}/crypto-assistant")
common.SIMULATOR = os.path.join(common.ROOT, f".build/{BUILD}/market-sim")
BASES = ["BTC", "ETH", "SOL", "XRP", "DOGE", "BNB", "ADA", "AVAX", "LINK", "DOT"]
INTERVALS = ["15m", "1h", "4h", "1d"]


def photos(sim_port):
    _, body = common.get(sim_port, "/_sim/telegram/sent")
    return [call for call in json.loads(body) if call["method"] == "sendPhoto" and call["status"] == 200]


def chart(server, sim_port, update_id, text):
    before = len(photos(sim_port))
    started = time.perf_counter()
    status, body = common.post_update(server.port, update_id, text)
    assert status == 200, body
    deadline = started + 30
    while len(photos(sim_port)) <= before:
        if time.perf_counter() > deadline:
            raise SystemExit(f"no picture for {text}")
        time.sleep(0.002)
    return (time.perf_counter() - started) * 1000


def measure(folder, sim_url, sim_port):
    print("charts", flush=True)
    server = common.Server(folder, sim_url, name="charts", extra_env={"INLINE_REPLY_BUDGET_MS": "0"})
    try:
        time.sleep(2)
        idle = round(common.rss_mib(server.process.pid), 1)
        first = chart(server, sim_port, 6_500_000_000, "/chart BTC 5m")
        after_first = round(common.rss_mib(server.process.pid), 1)
        latencies = []
        update_id = 6_500_000_001
        for base in BASES:
            for interval in INTERVALS:
                latencies.append(chart(server, sim_port, update_id, f"/chart {base} {interval}"))
                update_id += 1
        cached = chart(server, sim_port, update_id, f"/chart {BASES[-1]} {INTERVALS[-1]}")
        latencies.sort()
        figures = {
            "rss_mib_idle": idle,
            "rss_mib_after_first": after_first,
            "rss_mib_after_all": round(common.rss_mib(server.process.pid), 1),
            "first_ms": round(first, 1),
            "charts": len(latencies),
            "p50_ms": round(latencies[len(latencies) // 2], 1),
            "p99_ms": round(latencies[-1], 1),
            "cached_ms": round(cached, 1),
        }
        print(f"  {figures}", flush=True)
        return figures
    finally:
        server.stop()


def markdown(r):
    return [
        "## Charts",
        "",
        f"`/chart` on the release build, reply through `sendPhoto` to the simulated Bot API: from the post to the "
        f"picture's arrival (candles from the simulator, drawing with Cairo, PNG, multipart upload) over "
        f"{r['charts']} different charts: p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms; the first chart (Cairo "
        f"loaded then) {r['first_ms']} ms; a chart of the same candles again (from the cache) {r['cached_ms']} ms. "
        f"RSS {r['rss_mib_idle']} MiB idle, {r['rss_mib_after_first']} MiB after the first chart, "
        f"{r['rss_mib_after_all']} MiB after all of them. `bench/charts.py`.",
        "",
    ]


def main():
    common.standalone("bench-charts-", measure, markdown)


if __name__ == "__main__":
    main()
