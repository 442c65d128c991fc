#!/usr/bin/env python3
"""One chat floods while 50 others talk: what the others see, against a quiet run of the same
build in the same run (this VM's speed moves by ±30% between hours, so only the ratio means
something).

    python3 bench/noisy.py [.build/release/crypto-assistant]

Both runs: 50 chats send `/price BTC` round-robin at 100 updates/s for 10 s on one keep-alive
connection, latency from the scheduled send to the inline reply (as `make bench`'s steady
load). The noisy run adds one chat posting as fast as 4 connections allow. Reported: the
others' p50/p99 and non-200 count in each run, their ratio, and what became of the flood
(accepted, dropped past `MAX_QUEUED_PER_CHAT`, answered 503). Needs market-sim in release
(`make bench` builds it).
"""

import http.client
import json
import os
import sys
import tempfile
import threading
import time

import common

CHATS = 50
RATE = 100
SECONDS = 10
FLOOD_CHAT = 777_777


def post(connection, port, update_id, text, chat):
    connection.request(
        "POST", "/telegram/webhook", body=common.update_body(update_id, text, chat),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": common.SECRET},
    )
    response = connection.getresponse()
    return response.status, response.read()


def others(server, base):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    latencies, refused = [], 0
    start = time.perf_counter()
    for index in range(RATE * SECONDS):
        scheduled = start + index / RATE
        now = time.perf_counter()
        if scheduled > now:
            time.sleep(scheduled - now)
        status, _ = post(connection, server.port, base + index, "/price BTC", 5000 + index % CHATS)
        latencies.append((time.perf_counter() - scheduled) * 1000)
        refused += status != 200
    connection.close()
    latencies.sort()
    return {
        "p50_ms": round(latencies[len(latencies) // 2], 3),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 3),
        "non_200": refused,
    }


def flood(server, base, stop, counts):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    index = 0
    while not stop.is_set():
        status, _ = post(connection, server.port, base + index, "/price BTC", FLOOD_CHAT)
        counts[status] = counts.get(status, 0) + 1
        index += 1
    connection.close()


def dropped(server):
    _, text = common.get(server.port, "/metrics")
    return int(common.metric(text.decode(), "crypto_assistant_updates_dropped_total", {"reason": "chat_queue_full"}))


def main():
    common.SERVER = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/crypto-assistant")
    folder = tempfile.mkdtemp(prefix="ca-noisy-")
    sim, sim_port = common.start_simulator(folder)
    try:
        server = common.Server(folder, f"http://127.0.0.1:{sim_port}", name="noisy")
        common.post_update(server.port, 1, "/price BTC")
        quiet = others(server, 10_000_000)
        stop, counts, threads = threading.Event(), {}, []
        for thread in range(4):
            worker = threading.Thread(target=flood, args=(server, 100_000_000 * (thread + 1), stop, counts))
            worker.start()
            threads.append(worker)
        noisy = others(server, 20_000_000)
        stop.set()
        for worker in threads:
            worker.join()
        flood_dropped = dropped(server)
        server.stop()
    finally:
        common.stop_simulator(sim)
    result = {
        "quiet": quiet,
        "noisy": noisy,
        "p50_ratio": round(noisy["p50_ms"] / quiet["p50_ms"], 2),
        "p99_ratio": round(noisy["p99_ms"] / quiet["p99_ms"], 2),
        "flood": {"answered_200": counts.get(200, 0), "dropped_chat_queue_full": flood_dropped,
                  "answered_503": counts.get(503, 0)},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
