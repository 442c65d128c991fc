#!/usr/bin/env python3
"""Streaming market data (`make bench` runs it and puts the figures in BENCHMARKS.md; alone
it prints them): from a price change pushed by the simulator's stream to the alert's
`sendMessage` at the Bot API, at 1, 1,000 and 100,000 alerts over 500 symbols, against the
same alerts polled (`STREAMS=off`) in the same run; the server's CPU per streamed message and
for every subscribed symbol at the simulator's push rate; RSS with the streams on and off;
REST requests a minute with the streams up and down.

The alerts are the ones `bench/alerts.py` writes (five kinds made with `/alert`, spread over
the symbols; the price level on Binance spot is the one crossed here). A crossing is a
`POST /_sim/market` that sets a symbol's spot far above the level: the simulator pushes it
at once and answers the instant on the clock of the Bot API's `at_ms`.

    python3 bench/streams.py            # release build (make release; market-sim too)
"""

import json
import os
import sqlite3
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import alerts  # noqa: E402
import common  # noqa: E402

BUILD = os.environ.get("BENCH_BUILD", "release")
common.SERVER = os.path.join(common.ROOT, f".build/{BUILD}/crypto-assistant")
common.SIMULATOR = os.path.join(common.ROOT, f".build/{BUILD}/market-sim")
SYMBOLS = 500
SIZES = ((1, 1), (1_000, 500), (100_000, 500))
CROSSINGS = 25


def post(port, path, body):
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def sent(sim_port):
    _, body = common.get(sim_port, "/_sim/telegram/sent")
    return [call for call in json.loads(body) if call["method"] == "sendMessage" and call["status"] == 200]


def cross(sim_port, base):
    """Sets BASE's spot far above every level; returns the instant on the Bot API's clock."""
    status, body = post(sim_port, "/_sim/market", {"base": base, "spot": 50_000_000})
    assert status == 200, body
    return json.loads(body)["at_ms"]


def restore(sim_port, base):
    post(sim_port, "/_sim/market", {"base": base})


def crossed_symbols(count, symbols):
    """The symbols with a Binance-spot level alert (`alerts.TEXTS[0]`) among COUNT alerts."""
    found = []
    for index in range(0, count, len(alerts.TEXTS)):
        symbol = alerts.symbol(index // len(alerts.TEXTS) % symbols)
        if symbol not in found:
            found.append(symbol)
    return found


def write_alerts(folder, sim_url, name, count, symbols, payloads):
    path = os.path.join(folder, f"{name}.sqlite")
    if os.path.exists(path):
        os.remove(path)
    probe = common.Server(folder, sim_url, name=name, extra_env={"ALERT_CHECK_INTERVAL_S": "3600", "STREAMS": "off"})
    probe.stop()
    database = sqlite3.connect(path)
    now = int(time.time())
    database.executemany(
        "INSERT INTO chat_records (kind, chat_id, created_at, payload) VALUES ('alert', ?, ?, ?)",
        ((1000 + index % 1000, now, alerts.payload(payloads, index % len(alerts.TEXTS),
                                                    index // len(alerts.TEXTS) % symbols))
         for index in range(count)))
    database.commit()
    database.close()
    return path


def metric_sum(port, name):
    _, text = common.get(port, "/metrics")
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total += float(line.rsplit(" ", 1)[1])
    return total


def wait(condition, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise SystemExit(f"bench streams: {what} not within {seconds} s")


def latencies(sim_port, symbols, reinsert=None, timeout=30):
    """Crosses each symbol in turn and waits for its message(s): the first message's latency
    per crossing and every message's, in ms."""
    firsts, every = [], []
    for symbol in symbols:
        if reinsert:
            reinsert()
        before = len(sent(sim_port))
        at = cross(sim_port, symbol)
        marker = f"{symbol} crossed above"
        deadline = time.time() + timeout
        mine = []
        while time.time() < deadline:
            mine = [call for call in sent(sim_port)[before:] if marker in (call.get("text") or "")]
            if mine:
                # The rest of this crossing's messages (many chats: at Telegram's 30 a second).
                while True:
                    time.sleep(1)
                    more = [call for call in sent(sim_port)[before:] if marker in (call.get("text") or "")]
                    if len(more) == len(mine) or time.time() > deadline:
                        break
                    mine = more
                break
            time.sleep(0.005)
        restore(sim_port, symbol)
        if not mine:
            continue
        times = sorted(call["at_ms"] - at for call in mine)
        firsts.append(times[0])
        every += times
    return firsts, every


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def requests_per_minute(sim_port, seconds=60):
    """A whole minute: Binance's open interest, read per symbol once a minute, comes in a
    burst that a shorter window may miss or catch twice."""
    before = alerts.stats(sim_port)
    time.sleep(seconds)
    after = alerts.stats(sim_port)
    return round(sum(after.get(k, 0) - before.get(k, 0) for k in after) * 60 / seconds)


def measure_size(folder, sim_url, sim_port, count, symbols, payloads):
    name = f"streams-{count}"
    targets = crossed_symbols(count, symbols)[:CROSSINGS]
    figures = {"alerts": count, "symbols": symbols}
    # Streams on. One alert: it is one-shot, so it is written again before each crossing and
    # the next pass (every 2 s here) puts it in the tick index.
    interval = "2" if count == 1 else "15"
    path = write_alerts(folder, sim_url, name, count, symbols, payloads)
    server = common.Server(folder, sim_url, name=name, extra_env={"ALERT_CHECK_INTERVAL_S": interval})
    try:
        wait(lambda: metric_sum(server.port, "crypto_assistant_alert_pass_duration_seconds_count") >= 1, 300,
             "the first pass")
        wait(lambda: metric_sum(server.port, "crypto_assistant_stream_connections") > 0, 60, "the streams")
        time.sleep(3)  # every venue subscribed and its first frames in
        figures["connections"] = int(metric_sum(server.port, "crypto_assistant_stream_connections"))
        reinsert = None
        if count == 1:
            template = sqlite3.connect(path).execute(
                "SELECT chat_id, payload FROM chat_records WHERE kind = 'alert'").fetchone()

            def reinsert():
                database = sqlite3.connect(path)
                if not database.execute("SELECT 1 FROM chat_records WHERE kind = 'alert'").fetchone():
                    database.execute(
                        "INSERT INTO chat_records (kind, chat_id, created_at, payload) VALUES ('alert', ?, ?, ?)",
                        (template[0], int(time.time()), template[1]))
                    database.commit()
                database.close()
                passes = metric_sum(server.port, "crypto_assistant_alert_pass_duration_seconds_count")
                wait(lambda: metric_sum(server.port, "crypto_assistant_alert_pass_duration_seconds_count")
                     >= passes + 2, 30, "two passes")
            targets = [targets[0]] * 10
        firsts, every = latencies(sim_port, targets, reinsert)
        figures.update({
            "crossings": len(firsts),
            "first_p50_ms": percentile(firsts, 0.5), "first_p99_ms": percentile(firsts, 0.99),
            "messages": len(every), "all_p50_ms": percentile(every, 0.5), "all_p99_ms": percentile(every, 0.99),
        })
        cpu_before = common.cpu_seconds(server.process.pid)
        messages_before = metric_sum(server.port, "crypto_assistant_stream_messages_total")
        started = time.time()
        figures["rest_per_minute_streams_up"] = requests_per_minute(sim_port)
        elapsed = time.time() - started
        cpu = common.cpu_seconds(server.process.pid) - cpu_before
        messages = metric_sum(server.port, "crypto_assistant_stream_messages_total") - messages_before
        figures["messages_per_s"] = round(messages / elapsed)
        figures["cpu_percent"] = round(cpu / elapsed * 100, 1)
        figures["cpu_us_per_message"] = round(cpu / messages * 1e6, 1) if messages else None
        figures["rss_mib_streams_on"] = round(common.rss_mib(server.process.pid), 1)
    finally:
        server.stop()
    # The same alerts polled: the latency of `ALERT_CHECK_INTERVAL_S`, REST requests and RSS.
    if count > 1:
        write_alerts(folder, sim_url, name + "-off", count, symbols, payloads)
        server = common.Server(folder, sim_url, name=name + "-off",
                               extra_env={"ALERT_CHECK_INTERVAL_S": "15", "STREAMS": "off"})
        try:
            wait(lambda: metric_sum(server.port, "crypto_assistant_alert_pass_duration_seconds_count") >= 1, 300,
                 "the first pass (polling)")
            figures["rest_per_minute_streams_off"] = requests_per_minute(sim_port)
            figures["rss_mib_streams_off"] = round(common.rss_mib(server.process.pid), 1)
            polled = polling_latencies(sim_port, targets[:10])
            figures["polling_p50_ms"] = percentile(polled, 0.5)
            figures["polling_p99_ms"] = percentile(polled, 0.99)
        finally:
            server.stop()
    print(f"  {count} alerts: {figures}", flush=True)
    return figures


def polling_latencies(sim_port, symbols):
    """Crosses SYMBOLS 1.5 s apart (spread over a pass interval) and waits for them all."""
    before = len(sent(sim_port))
    crossed = {}
    for symbol in symbols:
        crossed[symbol] = cross(sim_port, symbol)
        time.sleep(1.5)
    deadline = time.time() + 40
    found = {}
    while time.time() < deadline and len(found) < len(symbols):
        for call in sent(sim_port)[before:]:
            for symbol, at in crossed.items():
                if symbol not in found and f"{symbol} crossed above" in (call.get("text") or ""):
                    found[symbol] = call["at_ms"] - at
        time.sleep(0.1)
    for symbol in symbols:
        restore(sim_port, symbol)
    return list(found.values())


def idle_rss(folder, sim_url):
    server = common.Server(folder, sim_url, name="streams-idle")
    try:
        time.sleep(2)
        return round(common.rss_mib(server.process.pid), 1)
    finally:
        server.stop()


def measure(folder, sim_url, sim_port):
    """SIM_URL and SIM_PORT are not used: this section needs a simulator listing SYMBOLS symbols."""
    print(f"streams over up to {SYMBOLS} symbols", flush=True)
    own = os.path.join(folder, "streams-sim")
    os.makedirs(own, exist_ok=True)
    simulator, port = common.start_simulator(own, extra_symbols=SYMBOLS)
    try:
        url = f"http://127.0.0.1:{port}"
        payloads = alerts.templates(own, url)
        results = {"idle_rss_mib": idle_rss(own, url)}
        results["sizes"] = [measure_size(own, url, port, count, symbols, payloads) for count, symbols in SIZES]
        return results
    finally:
        common.stop_simulator(simulator)


def markdown(results):
    def cell(value):
        return "—" if value is None else f"{value:,}" if isinstance(value, int) else f"{value}"
    rows = "\n".join(
        f"| {r['alerts']:,} | {r['symbols']} | {r['crossings']} | {cell(r['first_p50_ms'])} / {cell(r['first_p99_ms'])} "
        f"| {cell(r['all_p50_ms'])} / {cell(r['all_p99_ms'])} ({r['messages']}) "
        f"| {cell(r.get('polling_p50_ms'))} / {cell(r.get('polling_p99_ms'))} |"
        for r in results["sizes"])
    load = "\n".join(
        f"| {r['alerts']:,} | {r['connections']} | {r['messages_per_s']:,} | {r['cpu_percent']} | "
        f"{cell(r['cpu_us_per_message'])} | {r['rss_mib_streams_on']} | {cell(r.get('rss_mib_streams_off'))} | "
        f"{r['rest_per_minute_streams_up']} | {cell(r.get('rest_per_minute_streams_off'))} |"
        for r in results["sizes"])
    return [
        "## Streaming market data",
        "",
        "From a price change pushed by the simulator's stream (`POST /_sim/market`, pushed at once) to the "
        "alert's `sendMessage` at the simulated Bot API, both instants on the simulator's clock; alerts as "
        "`bench/alerts.py` writes them over a simulator listing 500 generated symbols, the Binance-spot level "
        "crossed on one symbol at a time. \"Polling\": the same alerts with `STREAMS=off` and "
        "`ALERT_CHECK_INTERVAL_S=15`, ten symbols crossed 1.5 s apart. One alert: written again before each "
        "of ten crossings (a new alert joins the tick index at the next pass). `bench/streams.py`.",
        "",
        "| alerts | symbols | crossings | first message p50 / p99 ms | every message p50 / p99 ms (messages) | polling p50 / p99 ms |",
        "|---|---|---|---|---|---|",
        rows,
        "",
        f"Load over a minute with every symbol the alerts watch subscribed, the simulator pushing each "
        f"once a second per channel; idle RSS (streams on, nothing subscribed) {results['idle_rss_mib']} MiB.",
        "",
        "| alerts | connections | stream messages/s | CPU % of one core | CPU µs per message | RSS MiB streams on | RSS MiB streams off | REST requests/min streams up | REST requests/min streams off |",
        "|---|---|---|---|---|---|---|---|---|",
        load,
        "",
    ]


def main():
    common.standalone("bench-streams-", measure, markdown)


if __name__ == "__main__":
    main()
