#!/usr/bin/env python3
"""Two (or more) builds of the server measured in turn, in the same hour: this VM's speed
moves by 30% to 2x between hours, so a change is judged against the build before it run
alternately, not against a figure from another run.

    python3 bench/ab.py old=/path/to/crypto-assistant new=.build/release/crypto-assistant

Needs `make bench` to have built market-sim. For each round and each build: idle RSS 2 s
after ready, 2,000 updates at 200/s (p50/p99, the server's context switches and CPU per
update), then wrk on cached `/price BTC`, on
`/start` (updates replied per second, CPU µs per update) and on `GET /healthz` (the HTTP
stack alone; `/price` is also shown as a share of it). ROUNDS (2) sets the rounds.
"""

import os
import sys
import tempfile
import time

import common


def main():
    builds = dict(argument.split("=", 1) for argument in sys.argv[1:])
    if not builds:
        sys.exit(__doc__)
    folder = tempfile.mkdtemp(prefix="ca-ab-")
    sim, sim_port = common.start_simulator(folder)
    sim_url = f"http://127.0.0.1:{sim_port}"
    try:
        for round_ in range(int(os.environ.get("ROUNDS", "2"))):
            for name, path in builds.items():
                common.SERVER = os.path.abspath(path)
                server = common.Server(folder, sim_url, name=f"{name}-{round_}")
                time.sleep(2)
                idle = common.rss_mib(server.process.pid)
                common.post_update(server.port, 1, "/price BTC")
                steady = common.steady_latency(server)
                price = common.wrk(server, "/price BTC", f"{name} /price round {round_}")
                start = common.wrk(server, "/start", f"{name} /start round {round_}")
                floor = common.http_floor(server)
                server.stop()
                print(f"{name} round {round_}: idle {idle:.1f} MiB | 200/s p50 {steady['p50_ms']} ms "
                      f"p99 {steady['p99_ms']} ms, {steady['context_switches_per_update']} switches and "
                      f"{steady['cpu_us_per_update']} µs per update | /price {price['updates_replied_per_s']}/s "
                      f"{price['cpu_us_per_update']} µs | /start {start['updates_replied_per_s']}/s "
                      f"{start['cpu_us_per_update']} µs | /healthz {floor['requests_per_s']}/s "
                      f"{floor['cpu_us_per_request']} µs, /price at "
                      f"{price['updates_replied_per_s'] / floor['requests_per_s']:.2f} of it", flush=True)
    finally:
        common.stop_simulator(sim)


if __name__ == "__main__":
    main()
