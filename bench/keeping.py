#!/usr/bin/env python3
"""Alerts people keep (`make bench` runs it and puts the figures in BENCHMARKS.md; alone it
prints them):

- the daily digest of 10,000 chats due at one minute: the upstream requests of that minute
  against those of one chat's digest, how long handing every digest to the Bot API takes at
  Telegram's bot-wide pace (the server's pacer: 30 messages a second), and the server's RSS;
- the evaluation of 100,000 alerts made with `every 1h` against the same 100,000 one-shot
  (ms per pass and RSS; none of them met, so the figures are the evaluation's).

The schedules and watchlists are written into the SQLite file before the server starts, as
the server writes them (`/digest` and `/watch` rows of `chat_records`); each chat watches
five of twenty coins, so the coins differ from chat to chat and their union is twenty.

    python3 bench/keeping.py           # release build (make release; market-sim too)
"""

import json
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402  (what the bench scripts share)
import alerts  # noqa: E402  (the alert evaluation bench: its templates and measurement)

BUILD = os.environ.get("BENCH_BUILD", "release")
common.SERVER = os.path.join(common.ROOT, f".build/{BUILD}/crypto-assistant")
common.SIMULATOR = os.path.join(common.ROOT, f".build/{BUILD}/market-sim")
CHATS = int(os.environ.get("DIGEST_CHATS", "10000"))
COINS = ["BTC", "ETH", "SOL", "XRP", "DOGE", "ADA", "AVAX", "LINK", "DOT", "LTC", "BNB", "TRX", "ATOM", "NEAR",
         "APT", "ARB", "OP", "SUI", "FIL", "UNI"]
WATCHED = 5


def metric(port, name):
    _, text = common.get(port, "/metrics")
    return common.metric(text, name)


def stats(sim_port):
    _, body = common.get(sim_port, "/_sim/stats")
    return sum(sum(paths.values()) for paths in json.loads(body).values())


def seed(path, chats, minute, yesterday):
    """CHATS digest schedules due at MINUTE (UTC) today, and their watchlists (one chat alone
    watches every coin: the coins the many watch together, for a digest to compare with)."""
    database = sqlite3.connect(path)
    now = int(time.time())
    schedule = {"minuteOfDay": minute, "zone": "UTC", "exchange": "binance", "language": "en",
                "lastDay": yesterday}
    rows = []
    for chat in range(chats):
        chat_id = 5_000_000 + chat
        rows.append(("digest", chat_id, now, json.dumps(schedule).encode()))
        coins = COINS if chats == 1 else [COINS[(chat + offset * 3) % len(COINS)] for offset in range(WATCHED)]
        for coin in coins:
            rows.append(("watch", chat_id, now, json.dumps({"base": coin}).encode()))
    database.executemany("INSERT INTO chat_records (kind, chat_id, created_at, payload) VALUES (?, ?, ?, ?)", rows)
    database.commit()
    database.close()


def digest_run(folder, sim_url, sim_port, chats):
    """One server whose CHATS digests fall due a little after it starts; returns the figures."""
    name = f"digest-{chats}"
    probe = common.Server(folder, sim_url, name=name, extra_env={"ALERT_CHECK_INTERVAL_S": "3600"})
    probe.stop()
    # Due at a whole minute at least 20 s away (the server is up and idle by then).
    due_at = (int(time.time()) + 80) // 60 * 60
    minute = due_at % 86_400 // 60
    yesterday = time.strftime("%Y-%m-%d", time.gmtime(due_at - 86_400))
    seed(os.path.join(folder, f"{name}.sqlite"), chats, minute, yesterday)
    server = common.Server(folder, sim_url, name=name, extra_env={"ALERT_CHECK_INTERVAL_S": "2", "STREAMS": "off"})
    try:
        # The first passes load each exchange's instruments: counted out.
        deadline = time.time() + 120
        while metric(server.port, "crypto_assistant_alert_pass_duration_seconds_count") < 2:
            if time.time() > deadline:
                raise SystemExit("no alert pass; see the server's log")
            time.sleep(0.05)
        idle_rss = common.rss_mib(server.process.pid)
        before = stats(sim_port)
        sent_before = metric(server.port, "crypto_assistant_alert_messages_sent_total")
        while time.time() < due_at:
            time.sleep(0.1)
        started = time.time()
        peak = idle_rss
        first = None
        deadline = started + CHATS / 20 + 180
        while True:
            sent = metric(server.port, "crypto_assistant_alert_messages_sent_total") - sent_before
            peak = max(peak, common.rss_mib(server.process.pid))
            if sent > 0 and first is None:
                first = time.time() - started
            if sent >= chats or time.time() > deadline:
                break
            time.sleep(0.2)
        elapsed = time.time() - started
        requests = stats(sim_port) - before
        figures = {
            "chats": chats, "sent": int(sent), "upstream_requests": requests,
            "first_message_s": round(first or 0, 2), "all_sent_s": round(elapsed, 1),
            "per_second": round(sent / elapsed, 1) if elapsed else None,
            "idle_rss_mib": round(idle_rss, 1), "peak_rss_mib": round(peak, 1),
        }
        print(f"  digests for {chats} chats: {figures}", flush=True)
        return figures
    finally:
        server.stop()


def repeating(payloads):
    """The same alerts, each made with `every 1h`."""
    def every(payload):
        alert = json.loads(payload)
        alert["repeatSeconds"] = 3600
        return json.dumps(alert, separators=(",", ":")).encode()
    return {key: every(payload) for key, payload in payloads.items()}


def measure(folder, sim_url, sim_port):
    # KEEPING=digest measures the digests alone.
    parts = os.environ.get("KEEPING", "digest,repeating").split(",")
    results = {}
    if "digest" in parts:
        print(f"daily digests: 1 chat and {CHATS} chats due at one minute", flush=True)
        own = os.path.join(folder, "keeping")
        os.makedirs(own, exist_ok=True)
        simulator, port = common.start_simulator(own)
        try:
            url = f"http://127.0.0.1:{port}"
            results["digest"] = [digest_run(own, url, port, 1), digest_run(own, url, port, CHATS)]
        finally:
            common.stop_simulator(simulator)
    if "repeating" not in parts:
        return results
    print("100,000 alerts, one-shot and repeating", flush=True)
    alerts_folder = os.path.join(folder, "keeping-alerts")
    os.makedirs(alerts_folder, exist_ok=True)
    simulator, port = common.start_simulator(alerts_folder, extra_symbols=alerts.SYMBOLS)
    try:
        url = f"http://127.0.0.1:{port}"
        payloads = alerts.templates(alerts_folder, url)
        once = alerts.measure_one(alerts_folder, url, port, 100_000, 500, payloads, name="once")
        every = alerts.measure_one(alerts_folder, url, port, 100_000, 500, repeating(payloads), name="every")
        results["repeating"] = {"once": once, "every": every}
    finally:
        common.stop_simulator(simulator)
    return results


def markdown(results):
    lines = []
    if "digest" in results:
        lines += digest_markdown(results["digest"])
    if "repeating" in results:
        lines += repeating_markdown(results["repeating"])
    return lines


def digest_markdown(runs):
    one, many = runs
    return [
        "## Alerts people keep",
        "",
        f"Daily digests due at one minute (`bench/keeping.py`): {many['chats']:,} chats, each watching five "
        f"of twenty coins, against one chat watching the twenty; schedules and watchlists written into the "
        "SQLite file, `STREAMS=off`, `ALERT_CHECK_INTERVAL_S=2`, the Bot API the simulator's.",
        "",
        "| chats | upstream requests that minute | first digest sent after | all handed to the Bot API after | "
        "messages a second | RSS idle → peak MiB |",
        "|---|---|---|---|---|---|",
        f"| 1 | {one['upstream_requests']} | {one['first_message_s']} s | {one['all_sent_s']} s | — | "
        f"{one['idle_rss_mib']} → {one['peak_rss_mib']} |",
        f"| {many['chats']:,} | {many['upstream_requests']} | {many['first_message_s']} s | {many['all_sent_s']} s | "
        f"{many['per_second']} | {many['idle_rss_mib']} → {many['peak_rss_mib']} |",
        "",
        "Every chat due at one pass is read from one snapshot per exchange (the all-tickers and "
        "all-perpetual answers, one open-interest history per coin), so the requests are those of the "
        "coins watched together, not of the chats. The time to send them all is Telegram's bot-wide pace.",
        "",
    ]


def repeating_markdown(repeating):
    once, every = repeating["once"], repeating["every"]
    return [
        "100,000 alerts over 500 symbols (as in \"Alert evaluation\"), none met, one-shot against the same "
        "made with `every 1h`:",
        "",
        "| alerts | ms per pass | RSS MiB |",
        "|---|---|---|",
        f"| 100,000 one-shot | {once['pass_ms']} | {once['rss_mib']} |",
        f"| 100,000 `every 1h` | {every['pass_ms']} | {every['rss_mib']} |",
        "",
    ]


def main():
    common.standalone("bench-keeping-", measure, markdown)


if __name__ == "__main__":
    main()
