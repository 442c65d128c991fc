#!/usr/bin/env python3
"""One chat floods while 50 others talk: what the others see, against a quiet run of the same
build in the same run (this VM's speed moves by ±30% between hours, so only the ratio means
something).

    python3 bench/noisy.py [.build/release/crypto-assistant]

Both runs: 50 chats send `/price BTC` round-robin at 100 updates/s for 10 s on one keep-alive
connection, latency from the scheduled send to the inline reply (as `make bench`'s steady
load). Two noisy runs add one chat posting as fast as it can:

- as Telegram delivers it: Telegram sends a chat's next update only once the previous got its
  2xx, so a chat flooding the bot (a script, a busy group) reaches the webhook on one
  connection, one update at a time;
- as no Telegram would: 32 connections for the one chat (what a client holding the webhook
  secret could do; Telegram opens up to 40 connections, but for different chats).

Reported: the others' p50/p99 and non-200 count in each run, their ratio to the quiet run,
and what became of the flood (accepted, dropped past `MAX_QUEUED_PER_CHAT`, answered 503).
Needs market-sim in release (`make bench` builds it).
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


def flood(server, seconds, connections):
    """wrk, in a process of its own (a Python thread would take the GIL from the others'
    driver and measure the client, not the server), posting as one chat."""
    common.run_offset += 1_000_000_000
    output = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "-s", common.LUA,
         server.url + "/telegram/webhook",
         "--", "/price BTC", common.SECRET, str(common.run_offset), str(FLOOD_CHAT)],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(re.search(r"RESULT (\{.*\})", output).group(1))


def dropped(server):
    _, text = common.get(server.port, "/metrics")
    return int(common.metric(text, "crypto_assistant_updates_dropped_total", {"reason": "chat_queue_full"}))


def noisy_run(server, connections, base):
    dropped_before = dropped(server)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        flooding = pool.submit(flood, server, SECONDS + 2, connections)
        time.sleep(1)  # the flood under way before the others start
        seen = others(server, base)
        result = flooding.result()
    return seen, {"connections": connections, "requests": result["requests"], "non_2xx": result["non2xx"],
                  "dropped_chat_queue_full": dropped(server) - dropped_before}


def measure(folder, sim_url, sim_port):
    server = common.Server(folder, sim_url, name="noisy")
    try:
        common.post_update(server.port, 1, "/price BTC")
        quiet = others(server, 10_000_000)
        serial, serial_flood = noisy_run(server, 1, 20_000_000)
        abusive, abusive_flood = noisy_run(server, FLOOD_CONNECTIONS, 30_000_000)
    finally:
        server.stop()
    return {
        "quiet": quiet,
        "noisy": serial,
        "p50_ratio": round(serial["p50_ms"] / quiet["p50_ms"], 2),
        "p99_ratio": round(serial["p99_ms"] / quiet["p99_ms"], 2),
        "flood": serial_flood,
        "abusive": abusive,
        "abusive_p50_ratio": round(abusive["p50_ms"] / quiet["p50_ms"], 2),
        "abusive_p99_ratio": round(abusive["p99_ms"] / quiet["p99_ms"], 2),
        "abusive_flood": abusive_flood,
    }


def markdown(r):
    return [
        "## One chat floods while 50 talk",
        "",
        f"50 chats send `/price BTC` at {RATE}/s for {SECONDS} s; in the noisy runs one more chat posts as fast as "
        "it can — one update at a time, as Telegram delivers a chat's updates (the next only after the "
        f"previous got its 2xx), and on {FLOOD_CONNECTIONS} connections at once, as no Telegram would (a client "
        "holding the webhook secret). Same build, same run. `bench/noisy.py`.",
        "",
        "| run | others' p50 ms | others' p99 ms | others' non-200 | p50 / quiet | p99 / quiet | flood requests | flood dropped |",
        "|---|---|---|---|---|---|---|---|",
        f"| quiet | {r['quiet']['p50_ms']} | {r['quiet']['p99_ms']} | {r['quiet']['non_200']} | | | | |",
        f"| one chat flooding, as Telegram delivers | {r['noisy']['p50_ms']} | {r['noisy']['p99_ms']} | "
        f"{r['noisy']['non_200']} | {r['p50_ratio']} | {r['p99_ratio']} | {r['flood']['requests']:,} | "
        f"{r['flood']['dropped_chat_queue_full']:,} |",
        f"| one chat on {FLOOD_CONNECTIONS} connections | {r['abusive']['p50_ms']} | {r['abusive']['p99_ms']} | "
        f"{r['abusive']['non_200']} | {r['abusive_p50_ratio']} | {r['abusive_p99_ratio']} | "
        f"{r['abusive_flood']['requests']:,} | {r['abusive_flood']['dropped_chat_queue_full']:,} |",
        "",
    ]


def main():
    if len(sys.argv) > 1:
        common.SERVER = os.path.abspath(sys.argv[1])
    common.standalone("bench-noisy-", measure, markdown)


if __name__ == "__main__":
    main()
