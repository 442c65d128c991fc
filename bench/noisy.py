#!/usr/bin/env python3
"""One chat floods while 50 others talk: what the others see, against a quiet run of the same
build in the same run (this VM's speed moves by ±30% between hours, so only the ratio means
something).

    python3 bench/noisy.py [.build/release/crypto-assistant]

Both runs: 50 chats send `/price BTC` round-robin at 100 updates/s for 10 s on one keep-alive
connection, latency from the scheduled send to the inline reply (as `make bench`'s steady
load). The noisy run adds one chat posting as fast as 32 connections allow (Telegram opens up to 40 to a webhook). Reported: the
others' p50/p99 and non-200 count in each run, their ratio, and what became of the flood
(accepted, dropped past `MAX_QUEUED_PER_CHAT`, answered 503). Needs market-sim in release
(`make bench` builds it).
"""

import http.client
import os
import sys
import concurrent.futures
import json
import re
import subprocess
import time

import common

CHATS = 50
RATE = 100
SECONDS = 10
FLOOD_CHAT = 777_777
# As many as Telegram opens to a webhook by default (max_connections 40), less a few.
FLOOD_CONNECTIONS = 32


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


def flood(server, seconds):
    """wrk, in a process of its own (a Python thread would take the GIL from the others'
    driver and measure the client, not the server), posting as one chat."""
    common.run_offset += 1_000_000_000
    output = subprocess.run(
        ["wrk", "-t2", f"-c{FLOOD_CONNECTIONS}", f"-d{seconds}s", "-s", common.LUA, server.url + "/telegram/webhook",
         "--", "/price BTC", common.SECRET, str(common.run_offset), str(FLOOD_CHAT)],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(re.search(r"RESULT (\{.*\})", output).group(1))


def dropped(server):
    _, text = common.get(server.port, "/metrics")
    return int(common.metric(text, "crypto_assistant_updates_dropped_total", {"reason": "chat_queue_full"}))


def measure(folder, sim_url, sim_port):
    server = common.Server(folder, sim_url, name="noisy")
    try:
        common.post_update(server.port, 1, "/price BTC")
        quiet = others(server, 10_000_000)
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            flooding = pool.submit(flood, server, SECONDS + 2)
            time.sleep(1)  # the flood under way before the others start
            noisy = others(server, 20_000_000)
            result = flooding.result()
        flood_dropped = dropped(server)
    finally:
        server.stop()
    return {
        "quiet": quiet,
        "noisy": noisy,
        "p50_ratio": round(noisy["p50_ms"] / quiet["p50_ms"], 2),
        "p99_ratio": round(noisy["p99_ms"] / quiet["p99_ms"], 2),
        "flood": {"requests": result["requests"], "non_2xx": result["non2xx"],
                  "dropped_chat_queue_full": flood_dropped},
    }


def markdown(r):
    return [
        "## One chat floods while 50 talk",
        "",
        f"50 chats send `/price BTC` at {RATE}/s for {SECONDS} s; in the noisy run one more chat posts as fast as "
        f"{FLOOD_CONNECTIONS} connections allow. Same build, same run. `bench/noisy.py`.",
        "",
        "| run | others' p50 ms | others' p99 ms | others' non-200 |",
        "|---|---|---|---|",
        f"| quiet | {r['quiet']['p50_ms']} | {r['quiet']['p99_ms']} | {r['quiet']['non_200']} |",
        f"| one chat flooding | {r['noisy']['p50_ms']} | {r['noisy']['p99_ms']} | {r['noisy']['non_200']} |",
        "",
        f"Ratios noisy/quiet: p50 {r['p50_ratio']}, p99 {r['p99_ratio']}. The flooding chat (wrk, "
        f"{FLOOD_CONNECTIONS} connections): {r['flood']['requests']:,} requests, {r['flood']['non_2xx']} not 2xx, "
        f"{r['flood']['dropped_chat_queue_full']:,} dropped past `MAX_QUEUED_PER_CHAT`.",
        "",
    ]


def main():
    if len(sys.argv) > 1:
        common.SERVER = os.path.abspath(sys.argv[1])
    common.standalone("bench-noisy-", measure, markdown)


if __name__ == "__main__":
    main()
