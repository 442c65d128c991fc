#!/usr/bin/env python3
"""Alert evaluation at 1 alert on 1 symbol, 2,500 alerts over 200 symbols and 100,000 over
500 (`make bench` runs it and puts the figures in BENCHMARKS.md; alone it prints them): the
upstream requests one evaluation makes, per exchange (they must not grow with the alerts or
the symbols, but where an exchange has no bulk form), how long a pass takes, and the
server's RSS with that many alerts.

A simulator of its own lists 500 generated symbols (`--extra-symbols`). The alerts are
written into the SQLite file before the server starts — copies of five made with `/alert`
on one symbol (a price level on Binance and on OKX, a move on Bybit, funding on Gate, open
interest over every exchange), none of them met, spread over the symbols — and the server
evaluates every few seconds.

    python3 bench/alerts.py            # release build (make release; market-sim too)
"""

import json
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402  (what the bench scripts share)

BUILD = os.environ.get("BENCH_BUILD", "release")
common.SERVER = os.path.join(common.ROOT, f".build/{BUILD}/crypto-assistant")
common.SIMULATOR = os.path.join(common.ROOT, f".build/{BUILD}/market-sim")
# Over a minute and more: the per-symbol reads (Binance's open interest) are refreshed once
# a minute, and a figure over fewer passes would leave them out.
PASSES = 11
# Longer than the all-tickers cache (5 s), so that each pass reads what it needs afresh.
INTERVAL_S = 6
SYMBOLS = 500
TEMPLATE = "Q000"
TEXTS = [f"/alert {TEMPLATE} above 10000000", f"/alert {TEMPLATE} below 0.0001 okx",
         f"/alert {TEMPLATE} move 90% 1h bybit", f"/alert {TEMPLATE} funding above 5% gate",
         f"/alert {TEMPLATE} oi 90% 4h"]
SIZES = ((1, 1), (2_500, 200), (100_000, 500))
# The kinds compared with their value at creation.
WINDOWED = (2, 4)


def passes(port):
    _, text = common.get(port, "/metrics")
    count = common.metric(text, "crypto_assistant_alert_pass_duration_seconds_count")
    total = common.metric(text, "crypto_assistant_alert_pass_duration_seconds_sum")
    return count, total


def kind_of(payload):
    """The `TEXTS` index of a stored alert."""
    alert = json.loads(payload)
    condition = next(iter(alert["condition"]))
    if condition == "price":
        return 0 if alert.get("exchange") == "binance" else 1
    return {"move": 2, "funding": 3, "openInterest": 4}[condition]


def templates(folder, sim_url):
    """The stored form of each kind of alert, as the server writes them, by (kind, symbol):
    the level kinds once (copied to every symbol, they are met by none), the change kinds
    (`move`, `oi`) once per symbol — they carry the value at creation they are compared with,
    and a copy on another symbol would fire at once."""
    server = common.Server(folder, sim_url, name="alerts-template", extra_env={"ALERT_CHECK_INTERVAL_S": "3600"})
    posts = [(kind, 0) for kind in range(len(TEXTS))]
    posts += [(kind, index) for kind in WINDOWED for index in range(1, SYMBOLS)]
    for number, (kind, index) in enumerate(posts):
        status, body = common.post_update(server.port, 7_000_000_000 + number,
                                          TEXTS[kind].replace(TEMPLATE, symbol(index)))
        assert status == 200, body
    deadline = time.time() + 180
    path = os.path.join(folder, "alerts-template.sqlite")
    while True:
        rows = sqlite3.connect(path).execute("SELECT payload FROM chat_records WHERE kind = 'alert'").fetchall()
        if len(rows) >= len(posts) or time.time() > deadline:
            break
        time.sleep(0.2)
    server.stop()
    payloads = {}
    for (payload,) in rows:
        payload = bytes(payload)
        payloads[(kind_of(payload), json.loads(payload)["base"])] = payload
    assert len(payloads) == len(posts), f"{len(payloads)} of {len(posts)} alerts made"
    return payloads


def payload(payloads, kind, index):
    """The alert of KIND on the INDEXth symbol."""
    if kind in WINDOWED:
        return payloads[(kind, symbol(index))]
    return payloads[(kind, TEMPLATE)].replace(TEMPLATE.encode(), symbol(index).encode())


def symbol(index):
    return f"Q{index:03d}"


def measure_one(folder, sim_url, sim_port, count, symbols, payloads, name=None):
    name = name or f"alerts-{count}"
    path = os.path.join(folder, f"{name}.sqlite")
    # The schema, as the server makes it.
    probe = common.Server(folder, sim_url, name=name, extra_env={"ALERT_CHECK_INTERVAL_S": "3600"})
    probe.stop()
    database = sqlite3.connect(path)
    now = int(time.time())
    database.executemany(
        "INSERT INTO chat_records (kind, chat_id, created_at, payload) VALUES ('alert', ?, ?, ?)",
        # Every kind on every symbol: kind by the index, symbol by the index's fifth.
        ((1000 + index % 1000, now, payload(payloads, index % len(TEXTS), index // len(TEXTS) % symbols))
         for index in range(count)))
    database.commit()
    database.close()
    server = common.Server(folder, sim_url, name=name, extra_env={"ALERT_CHECK_INTERVAL_S": str(INTERVAL_S)})
    try:
        deadline = time.time() + 300
        while passes(server.port)[0] < 1 and time.time() < deadline:
            time.sleep(0.05)
        before_count, before_sum = passes(server.port)
        before = stats(sim_port)
        while passes(server.port)[0] < before_count + PASSES and time.time() < deadline:
            time.sleep(0.05)
        after_count, after_sum = passes(server.port)
        after = stats(sim_port)
        done = after_count - before_count
        per_exchange = {exchange: round((after.get(exchange, 0) - before.get(exchange, 0)) / done, 1)
                        for exchange in after} if done else {}
        figures = {
            "alerts": count,
            "symbols": symbols,
            "passes": int(done),
            "upstream_requests_per_pass": round(sum(per_exchange.values()), 2) if done else None,
            "per_exchange": {k: v for k, v in sorted(per_exchange.items()) if v},
            "pass_ms": round((after_sum - before_sum) * 1000 / done, 1) if done else None,
            "rss_mib": round(common.rss_mib(server.process.pid), 1),
        }
        print(f"  {count} alerts: {figures}", flush=True)
        return figures
    finally:
        server.stop()


def stats(sim_port):
    """Requests per exchange so far."""
    _, body = common.get(sim_port, "/_sim/stats")
    return {exchange: sum(paths.values()) for exchange, paths in json.loads(body).items()}


def measure(folder, sim_url, sim_port):
    """SIM_URL and SIM_PORT (the shared simulator) are not used: this section needs one that
    lists SYMBOLS symbols."""
    print(f"alert evaluation over up to {SYMBOLS} symbols", flush=True)
    own = os.path.join(folder, "alerts-sim")
    os.makedirs(own, exist_ok=True)
    simulator, port = common.start_simulator(own, extra_symbols=SYMBOLS)
    try:
        url = f"http://127.0.0.1:{port}"
        payloads = templates(own, url)
        return [measure_one(own, url, port, count, symbols, payloads) for count, symbols in SIZES]
    finally:
        common.stop_simulator(simulator)


def markdown(results):
    rows = "\n".join(
        f"| {r['alerts']:,} | {r['symbols']} | {r['upstream_requests_per_pass']} | "
        f"{', '.join(f'{k} {v:g}' for k, v in r['per_exchange'].items())} | {r['pass_ms']} | {r['rss_mib']} |"
        for r in results)
    return [
        "## Alert evaluation",
        "",
        "Alerts written into the SQLite file — five kinds made with `/alert` (a price level on Binance and "
        "on OKX, a move on Bybit, funding on Gate, open interest over every exchange), none met, spread over "
        "the symbols of a simulator listing 500 generated ones — the server evaluating every "
        f"{INTERVAL_S} s (longer than the 5 s all-tickers cache, so each pass reads afresh); figures over "
        f"{PASSES} passes after the first. `bench/alerts.py`.",
        "",
        "| alerts | symbols | upstream requests per pass | per exchange | ms per pass | RSS MiB |",
        "|---|---|---|---|---|---|",
        rows,
        "",
        "Every spot price, funding rate and (but on Binance) open interest of an exchange comes from one "
        "bulk call, so the requests per pass follow the exchanges watched, not the alerts or the symbols. "
        "Binance has no bulk open interest: one request per symbol watched for it, inside Binance's "
        "request budget, again once its cached value (a minute) has expired: at 500 symbols, 500 "
        "requests a minute against Binance's 2,400 (we keep to 1,920). "
        "The first pass (not in the figures) also loads each exchange's instrument lists. A pass reads and decodes every alert from the store (keeping them decoded "
        "between passes made a pass of 100,000 take 218 ms instead of 821, but RSS 143 MiB instead of 37: "
        "not kept).",
        "",
    ]


def main():
    common.standalone("bench-alerts-", measure, markdown)


if __name__ == "__main__":
    main()
