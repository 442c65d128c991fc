#!/usr/bin/env python3
"""`make soak`: the release build under a steady mix of commands for 10 minutes, with an
exchange or Bot API fault injected every 30 seconds, on loopback.

Replies all go through the Bot API (INLINE_REPLY_BUDGET_MS=0), the path with pacing and
retries. The driver plays Telegram: each update is posted until it gets a 2xx (a 503 or a dropped
connection is retried after a second). RSS and open file descriptors are sampled every
second. At the end the queue must drain, every accepted update must have been answered
(journal empty, no reply given up), and after a minute of warm-up RSS must stay within
±10 % of its mean with no descriptor growth. Writes bench/soak.json and the "Soak" section
of BENCHMARKS.md; exits 1 when a check fails.

SOAK_SECONDS (600) and SOAK_RATE (updates/s, 20) change the shape; SOAK_WARMUP (60).
"""

import concurrent.futures
import http.client
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402  (the benchmark's helpers: server, simulator, /proc readers)

SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
RATE = float(os.environ.get("SOAK_RATE", "20"))
WARMUP = int(os.environ.get("SOAK_WARMUP", "60"))
FAULT_EVERY = 30

COMMANDS = [
    "/start", "/help", "/price BTC", "/price ETH all", "/top10", "/oi BTC", "/volume SOL", "/cvd BTC 1h 24",
    "/analysis ETH 4h", "/volscan 1h 2", "/price DOGE okx", "/price BTCC", "/moon", "/settings",
]

# (where, body): "exchange" → POST /_sim/faults, "telegram" → POST /_sim/telegram/faults.
FAULTS = [
    ("exchange", {"exchange": "binance", "kind": "status", "status": 429, "retry_after": 10, "count": 1}),
    ("exchange", {"exchange": "okx", "kind": "delay", "delay_ms": 7000, "count": 3}),
    ("exchange", {"exchange": "bybit", "kind": "status", "status": 503, "count": 5}),
    ("exchange", {"exchange": "okx", "kind": "garbage", "count": 3}),
    ("telegram", {"method": "sendMessage", "status": 429, "retry_after": 2, "count": 3}),
    ("exchange", {"exchange": "binance", "kind": "reset", "count": 2}),
    ("exchange", {"exchange": "bybit", "kind": "envelope_error", "count": 3}),
    ("telegram", {"method": "sendMessage", "status": 502, "count": 3}),
    ("exchange", {"exchange": "binance", "kind": "truncated", "count": 2}),
    ("exchange", {"exchange": "okx", "kind": "status", "status": 418, "retry_after": 5, "count": 1}),
]


def post_json(port, path, body):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def open_files(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


class Driver:
    """Posts updates as Telegram does: until a 2xx, one second between attempts."""

    def __init__(self, port):
        self.port = port
        self.local = threading.local()
        self.lock = threading.Lock()
        self.statuses = {}
        self.retries = 0
        self.acknowledged = 0
        self.latencies = []

    def connection(self):
        if getattr(self.local, "connection", None) is None:
            self.local.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=70)
        return self.local.connection

    def deliver(self, update_id, text):
        while True:
            started = time.perf_counter()
            try:
                status, _ = common.post_update(self.port, update_id, text, self.connection())
            except (OSError, http.client.HTTPException):
                self.local.connection = None
                status = 0
            with self.lock:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if 200 <= status < 300:
                    self.acknowledged += 1
                    self.latencies.append((time.perf_counter() - started) * 1000)
                    return
                self.retries += 1
            time.sleep(1)


def main():
    for tool in (common.SERVER, common.SIMULATOR):
        if not os.path.exists(tool):
            raise SystemExit(f"missing {tool}: run `make soak`, which builds it")
    folder = tempfile.mkdtemp(prefix="ca-soak-")
    simulator, sim_port = common.start_simulator(folder)
    sim_url = f"http://127.0.0.1:{sim_port}"

    # Every reply through the Bot API: the path with pacing, retries and Bot API faults.
    server = common.Server(folder, sim_url, name="soak", extra_env={"INLINE_REPLY_BUDGET_MS": "0"})
    pid = server.process.pid
    driver = Driver(server.port)
    samples = []  # (second, rss MiB, open files)
    faults = []
    stop = threading.Event()

    def sample():
        started = time.time()
        while not stop.wait(1):
            samples.append((round(time.time() - started), round(common.rss_mib(pid), 2), open_files(pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    print(f"soak: {SECONDS} s at {RATE}/s, a fault every {FAULT_EVERY} s; logs in {folder}", flush=True)
    started = time.time()
    total = int(SECONDS * RATE)
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        futures = []
        for index in range(total):
            due = started + index / RATE
            now = time.time()
            if due > now:
                time.sleep(due - now)
            elapsed = time.time() - started
            if int(elapsed) // FAULT_EVERY > len(faults):
                where, body = FAULTS[len(faults) % len(FAULTS)]
                path = "/_sim/faults" if where == "exchange" else "/_sim/telegram/faults"
                post_json(sim_port, path, body)
                faults.append({"at_s": round(elapsed), "where": where, **body})
            futures.append(pool.submit(driver.deliver, 10_000_000 + index, COMMANDS[index % len(COMMANDS)]))
            if index % int(RATE * 60) == 0 and index:
                print(f"  {round(elapsed)} s: RSS {samples[-1][1]} MiB, {samples[-1][2]} fds", flush=True)
        for future in futures:
            future.result()

    # Drained: nothing queued, nothing left in the journal.
    drain_deadline = time.time() + 120
    while time.time() < drain_deadline:
        _, text = common.get(server.port, "/metrics")
        if common.metric(text, "crypto_assistant_update_queue_depth") == 0:
            break
        time.sleep(0.5)
    stop.set()
    sampler.join()
    _, text = common.get(server.port, "/metrics")
    exit_code = server.stop()
    common.stop_simulator(simulator)
    pending = sqlite3.connect(os.path.join(folder, "soak.sqlite")).execute(
        "SELECT COUNT(*) FROM updates WHERE done = 0").fetchone()[0]

    steady = [s for s in samples if s[0] >= WARMUP]
    rss = [s[1] for s in steady]
    files = [s[2] for s in steady]
    mean = sum(rss) / len(rss)
    latencies = sorted(driver.latencies)
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "seconds": SECONDS, "rate_per_s": RATE, "warmup_s": WARMUP,
        "updates": total,
        "acknowledged": driver.acknowledged,
        "statuses": {str(k): v for k, v in sorted(driver.statuses.items())},
        "redeliveries": driver.retries,
        "accepted": common.metric(text, "crypto_assistant_updates_accepted_total"),
        "duplicates": common.metric(text, "crypto_assistant_updates_duplicate_total"),
        "replies_inline": common.metric(text, "crypto_assistant_replies_total", {"outcome": "inline"}),
        "replies_sent": common.metric(text, "crypto_assistant_replies_total", {"outcome": "sent"}),
        "replies_failed": common.metric(text, "crypto_assistant_replies_total", {"outcome": "failed"}),
        "reply_retries": common.metric(text, "crypto_assistant_reply_retries_total"),
        "journal_pending": pending,
        "faults": faults,
        "ack_p50_ms": round(latencies[len(latencies) // 2], 1),
        "ack_p99_ms": round(latencies[int(len(latencies) * 0.99)], 1),
        "rss_mib": {"min": min(rss), "max": max(rss), "mean": round(mean, 2),
                    "first": samples[0][1]},
        "rss_band_percent": round(max(max(rss) - mean, mean - min(rss)) / mean * 100, 2),
        "open_files": {"first_after_warmup": files[0], "last": files[-1], "max": max(files)},
        "exit_code": exit_code,
        "samples": samples,
    }
    checks = {
        "every update acknowledged": driver.acknowledged == total,
        "every accepted update answered (journal empty)": pending == 0,
        "no reply given up": result["replies_failed"] == 0,
        "every accepted update got a reply": result["replies_inline"] + result["replies_sent"] >= result["accepted"],
        "no update answered twice": result["duplicates"] == 0,
        "RSS within ±10 % of its mean after warm-up": result["rss_band_percent"] <= 10,
        "no descriptor growth": files[-1] <= files[0] + 2,
        "graceful exit 0": exit_code == 0,
    }
    result["checks"] = checks
    with open(os.path.join(common.ROOT, "bench/soak.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")
    if os.path.exists(os.path.join(common.ROOT, "bench/results.json")):
        # BENCHMARKS.md is run.py's to write, every section's markdown with it: its --render
        # writes the file again from bench/results.json, now with this Soak section.
        subprocess.run([sys.executable, os.path.join(common.ROOT, "bench/run.py"), "--render"], check=True)
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    print("wrote bench/soak.json and the Soak section of BENCHMARKS.md")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
