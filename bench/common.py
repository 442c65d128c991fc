"""What the bench scripts share: paths and wrk settings, the server and the simulator on
loopback, wrk and steady-rate load, /proc readers and the server's /metrics.

The scripts import this module and not one another (run.py alone imports its sections,
replicas.py, alerts.py and charts.py), so that each still runs alone and none is loaded
twice. SERVER and SIMULATOR are read when a server or the simulator starts: a script that
measures another build assigns `common.SERVER` (or `common.SIMULATOR`) before that.
"""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, ".build/release/crypto-assistant")
SIMULATOR = os.path.join(ROOT, ".build/release/market-sim")
LUA = os.path.join(ROOT, "bench/webhook.lua")
TOKEN = "123456:BENCH-token-abcdefghijklmnopqrstuv"
SECRET = "bench-secret"
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "10"))
WRK_CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
WRK_THREADS = int(os.environ.get("BENCH_THREADS", "1"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_of(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def rss_mib(pid, key="VmRSS"):
    return int(status_of(pid)[key].split()[0]) / 1024


def context_switches(pid):
    """Voluntary and involuntary context switches of all the process's threads so far: at a
    steady low rate, mostly thread wake-ups between the steps of an update."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/status") as status:
                total += sum(int(line.split()[1]) for line in status if "ctxt_switches" in line)
        except OSError:
            pass  # a thread that ended meanwhile
    return total


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(parts[11]) + int(parts[12])) / ticks  # utime + stime


def get(port, path, tls=False):
    if tls:
        import ssl

        context = ssl._create_unverified_context()
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def update_body(update_id, text, chat=None):
    chat = chat if chat is not None else 1000 + update_id % 1000
    return json.dumps(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 1735690000,
                "chat": {"id": chat, "type": "private", "first_name": "Bench"},
                "from": {"id": chat, "is_bot": False, "first_name": "Bench"},
                "text": text,
            },
        }
    )


def post_update(port, update_id, text, connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            "/telegram/webhook",
            body=update_body(update_id, text),
            headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        if own:
            connection.close()


def metric(text, name, labels=None):
    total = 0.0
    found = False
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        series, _, value = line.rpartition(" ")
        if series.split("{")[0] != name:
            continue
        if labels and not all(f'{k}="{v}"' in series for k, v in labels.items()):
            continue
        total += float(value)
        found = True
    return total if found else 0.0


def replies(port, tls=False):
    _, text = get(port, "/metrics", tls)
    return metric(text, "crypto_assistant_replies_total", {"outcome": "inline"}) + metric(
        text, "crypto_assistant_replies_total", {"outcome": "sent"}
    ), metric(text, "crypto_assistant_updates_accepted_total")


def standalone(prefix, measure, markdown):
    """Runs one section of `make bench` on its own (a simulator of its own) and prints it."""
    folder = tempfile.mkdtemp(prefix=prefix)
    os.chmod(folder, 0o777)
    simulator, sim_port = start_simulator(folder)
    try:
        results = measure(folder, f"http://127.0.0.1:{sim_port}", sim_port)
    finally:
        stop_simulator(simulator)
    print("\n".join(markdown(results)))


def start_simulator(folder, extra_symbols=0, stream_interval_ms=1000):
    """market-sim on a free loopback port, its output in FOLDER/sim.log and the exchanges'
    URL settings pointing at it in FOLDER/sim.env; returns the process and its port once
    `/_sim/health` answers and the settings are written (10 s at most). EXTRA_SYMBOLS
    generated symbols (Q000…) are listed beside the real ones; the streams push every
    subscribed symbol each STREAM_INTERVAL_MS."""
    port = free_port()
    with open(os.path.join(folder, "sim.log"), "w") as log:
        process = subprocess.Popen(
            [SIMULATOR, "--port", str(port), "--bot-token", TOKEN, "--env-file", os.path.join(folder, "sim.env"),
             "--extra-symbols", str(extra_symbols), "--stream-interval-ms", str(stream_interval_ms)],
            stdout=log, stderr=log)
    deadline = time.time() + 10
    while True:
        try:
            if get(port, "/_sim/health")[0] == 200 and os.path.exists(os.path.join(folder, "sim.env")):
                return process, port
        except OSError:
            pass
        if time.time() > deadline:
            process.kill()
            raise RuntimeError(f"market-sim did not start within 10 s: see {folder}/sim.log")
        time.sleep(0.01)


def simulator_settings(folder):
    """The exchanges' URL settings market-sim wrote to FOLDER/sim.env (`NAME=value` lines)."""
    with open(os.path.join(folder, "sim.env")) as file:
        return dict(line.rstrip("\n").split("=", 1) for line in file if "=" in line)


def stop_simulator(process):
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


class Server:
    def __init__(self, folder, sim_url, tls=None, name="plain", extra_env=None):
        self.port = free_port()
        env = {
            "PATH": "/usr/bin:/bin",
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": sim_url,
            "BOT_USERNAME": "BenchBot",
            "WEBHOOK_SECRET": SECRET,
            "LISTEN_PORT": str(self.port),
            "DATABASE_PATH": os.path.join(folder, f"{name}.sqlite"),
            **simulator_settings(folder),
        }
        env.update(extra_env or {})
        if tls:
            env["TLS_CERT_FILE"], env["TLS_KEY_FILE"] = tls
        self.tls = bool(tls)
        self.log = open(os.path.join(folder, f"{name}.log"), "w")
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [SERVER, "serve", "--env-file", "/nonexistent"], env=env, stdout=self.log, stderr=self.log, cwd=folder
        )
        self.startup_ms = self._wait_ready(started)

    def _wait_ready(self, started):
        deadline = started + 20
        while time.perf_counter() < deadline:
            try:
                if get(self.port, "/readyz", self.tls)[0] == 200:
                    return (time.perf_counter() - started) * 1000
            except OSError:
                pass
            time.sleep(0.001)
        raise SystemExit(f"server did not become ready; see {self.log.name}")

    @property
    def url(self):
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=60)
        self.log.close()
        return code


# Update ids must be unique in a server's journal (see webhook.lua): each wrk run of the
# process, replicas.wrk_cluster's included, takes the next range of a billion.
run_offset = 0


def wrk(server, text, label):
    global run_offset
    run_offset += 1_000_000_000
    before_replies, before_accepted = replies(server.port, server.tls)
    cpu_before = cpu_seconds(server.process.pid)
    output = subprocess.run(
        ["wrk", f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", "--latency", "-s", LUA,
         server.url + "/telegram/webhook", "--", text, SECRET, str(run_offset)],
        capture_output=True, text=True, check=True,
    ).stdout
    cpu_after = cpu_seconds(server.process.pid)
    result = json.loads(re.search(r"RESULT (\{.*\})", output).group(1))
    # Wait for replies that missed the inline budget to be sent (bounded).
    deadline = time.time() + 30
    while True:
        after_replies, after_accepted = replies(server.port, server.tls)
        if after_replies - before_replies >= after_accepted - before_accepted or time.time() > deadline:
            break
        time.sleep(0.05)
    seconds = result["duration_us"] / 1e6
    processed = after_replies - before_replies
    figures = {
        "label": label,
        "text": text,
        "requests_per_s": round(result["requests"] / seconds),
        "updates_replied_per_s": round(processed / seconds),
        "updates_replied": int(processed),
        "accepted": int(after_accepted - before_accepted),
        "non_2xx": result["non2xx"],
        "p50_ms": round(result["p50_us"] / 1000, 3),
        "p99_ms": round(result["p99_us"] / 1000, 3),
        "cpu_us_per_update": round((cpu_after - cpu_before) * 1e6 / processed, 1) if processed else None,
    }
    print(f"  {label}: {figures}", flush=True)
    return figures


def http_floor(server):
    """wrk on `GET /healthz` (a fixed small JSON body, no update, no journal): what the HTTP
    stack alone costs per request on this machine, to read the update figures against."""
    cpu_before = cpu_seconds(server.process.pid)
    output = subprocess.run(
        ["wrk", f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", server.url + "/healthz"],
        capture_output=True, text=True, check=True,
    ).stdout
    cpu_after = cpu_seconds(server.process.pid)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    seconds = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    figures = {"requests_per_s": round(seconds), "cpu_us_per_request": round((cpu_after - cpu_before) * 1e6 / requests, 1)}
    print(f"  GET /healthz: {figures}", flush=True)
    return figures


def steady_latency(server, rate=200, seconds=10):
    """POST at a steady rate on one keep-alive connection; latency from the scheduled send
    time to the inline reply (so a late answer also delays the next and is counted)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    switches_before = context_switches(server.process.pid)
    cpu_before = cpu_seconds(server.process.pid)
    latencies = []
    interval = 1.0 / rate
    start = time.perf_counter()
    base = 9_000_000_000
    for index in range(rate * seconds):
        scheduled = start + index * interval
        now = time.perf_counter()
        if scheduled > now:
            time.sleep(scheduled - now)
        status, body = post_update(server.port, base + index, "/price BTC", connection)
        done = time.perf_counter()
        if status != 200 or b"sendMessage" not in body:
            raise SystemExit(f"steady load: status {status}, body {body[:200]!r}")
        latencies.append((done - scheduled) * 1000)
    connection.close()
    switches = context_switches(server.process.pid) - switches_before
    cpu = cpu_seconds(server.process.pid) - cpu_before
    latencies.sort()
    return {
        "rate_per_s": rate,
        "updates": len(latencies),
        "context_switches_per_update": round(switches / len(latencies), 2),
        "cpu_us_per_update": round(cpu / len(latencies) * 1e6, 1),
        "p50_ms": round(latencies[len(latencies) // 2], 3),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 3),
        "max_ms": round(latencies[-1], 3),
    }
