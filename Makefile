# crypto-assistant — the two commands a fresh machine needs: `make run` and `make test`.
# Everything else here is a step they use, or a convenience listed by `make help`.

SWIFT        ?= swift
CONFIG       ?= debug
BIN_DIR       = .build/$(CONFIG)
BINARY        = $(BIN_DIR)/crypto-assistant
# Debian packages the build, the tests and `make run` need (README, "System packages").
APT_PACKAGES  = openssl curl ca-certificates libssl-dev libcurl4-openssl-dev libnghttp2-dev libsqlite3-dev nginx binutils postgresql libcairo2 fonts-dejavu-core tzdata
CERT          = certs/dev-cert.pem
KEY           = certs/dev-key.pem
CERT_HOSTS   ?= DNS:localhost,IP:127.0.0.1

.PHONY: help run test unit deps build certs env sim demo cluster cluster-stop format clean nginx-config nginx-check release \
        release-check install bench bench-check bench-thresholds soak fuzz docs api-contract

help:
	@echo "make run     set up (packages, build, dev certificate, .env) and start serve with TLS on 8443"
	@echo "make test    build and run every test"
	@echo "make unit    only the unit layer: no socket, child process or PostgreSQL (seconds once built)"
	@echo "make certs   make a self-signed development certificate in certs/ (CERT_HOSTS=...)"
	@echo "make sim     run the offline simulator (market-sim) on 127.0.0.1:8081"
	@echo "make demo    offline: simulator + server, every command sent as an update, replies printed"
	@echo "make cluster       offline: PostgreSQL + 3 serve replicas + nginx on 127.0.0.1:18080 (.cluster/)"
	@echo "make cluster-stop  stop what make cluster started"
	@echo "make format  format the sources with swift format"
	@echo "make docs    write README's settings table and .env.example from the settings table; embed openapi.json"
	@echo "make release       build the release binary, Swift standard library linked statically"
	@echo "make release-check run that binary from an empty folder with an empty environment; list what it links"
	@echo "make release-smoke that binary against the simulator: every market command on every exchange, still running after"
	@echo "make api-contract  schemathesis against a live server: every /api/v1 response as openapi.json says (API_EXAMPLES=25)"
	@echo "make install       install binary, systemd unit and settings example (PREFIX=/usr/local, DESTDIR=)"
	@echo "make bench         release build + market-sim + wrk on loopback: writes BENCHMARKS.md and bench/results.json"
	@echo "make bench-check   micro-benchmarks of the hot path (Benchmarks/) against their stored thresholds"
	@echo "make soak          10 minutes of mixed commands with faults injected: RSS, descriptors, nothing lost"
	@echo "make fuzz          the webhook fuzz test with a million cases (FUZZ_CASES=, FUZZ_SEED=)"
	@echo "make nginx-config  render nginx/ for a host (NGINX_SERVER_NAME=bot.example.com) into nginx/build/"
	@echo "make nginx-check   run only the test that puts real nginx in front of the server"

run: deps build certs env
	$(BINARY) serve

# At most this many tests at once: the system tests start servers, simulators, PostgreSQL
# and nginx, and with every test at once two cores fell seconds behind the timeouts and
# signature windows the tests keep (Swift Testing's own limit, experimental in 6.3).
TEST_WIDTH ?= 16

test: deps
	$(SWIFT) build --build-tests
	SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=$(TEST_WIDTH) $(SWIFT) test --skip-build

# The unit layer: every test that needs no socket, no child process and no PostgreSQL —
# decisions, renderers and languages, the grammar, stores in memory and SQLite, the router in
# memory, recorded exchange bodies through the gateway. Seconds once built.
UNIT_TESTS = TelegramBotAPITests|AssistantCoreTests|AssistantServerUnitTests|MarketEngineTests
UNIT_SKIP  = AccountTests|EngineBehaviourTests|ExchangeFormatTests|SimulatorTests|MarketCommandTests|afterRetryAfterPassesRequestsResume|aRefusedConnectionIsNamedSo
unit:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter '$(UNIT_TESTS)' --skip '$(UNIT_SKIP)'

# Installs only what is missing; needs root (or sudo) the first time.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends $$missing; \
	fi

build:
	$(SWIFT) build -c $(CONFIG) --product crypto-assistant

certs: $(CERT)

$(CERT):
	@mkdir -p certs
	openssl req -x509 -newkey rsa:2048 -nodes -days 365 -keyout $(KEY) -out $(CERT) \
		-subj "/CN=localhost" -addext "subjectAltName=$(CERT_HOSTS)"
	@chmod 600 $(KEY)

# A first .env from the commented example, with a freshly generated webhook secret.
env: .env

.env:
	@secret=$$(openssl rand -hex 32); \
	sed "s/^WEBHOOK_SECRET=.*/WEBHOOK_SECRET=$$secret/" .env.example > .env; \
	chmod 600 .env; echo "created .env with a new WEBHOOK_SECRET"

# README's settings table and .env.example are made from Sources/AssistantServer/Configuration/
# SettingsTable.swift; a test fails until this has run after a change there.
docs: deps build
	$(BINARY) config docs --readme README.md --env-example .env.example
	python3 scripts/embed-openapi.py

sim:
	$(SWIFT) build --product market-sim
	.build/debug/market-sim --port 8081

# Offline demo: the simulator plays the exchanges, the server runs in local mode (replies
# inline), and `market-sim send` posts each command as a Telegram update.
DEMO_SIM_PORT ?= 18181
DEMO_PORT     ?= 18180
DEMO_COMMANDS  = "/start" "/price BTC" "/price ETH all" "/top10" "/top10 gainers perp okx" "/volume SOL" \
                 "/cvd BTC 1h 24" "/cvd ETH bybit" "/oi BTC" "/volscan 1h 2" "/analysis ETH 4h" "/price BTCC" "/balance" \
                 "/price SOL bitget" "/top10 perp gate" "/cvd BTC mexc" "/volume ETH 1h gate" "/analysis BTC 1h mexc"

demo: deps
	$(SWIFT) build --product crypto-assistant
	$(SWIFT) build --product market-sim
	@set -e; dir=$$(mktemp -d); sim=http://127.0.0.1:$(DEMO_SIM_PORT); \
	.build/debug/market-sim --port $(DEMO_SIM_PORT) --env-file $$dir/sim.env > $$dir/sim.log 2>&1 & simpid=$$!; \
	for i in $$(seq 1 100); do [ -s $$dir/sim.env ] && break; sleep 0.1; done; \
	env -i PATH="$$PATH" WEBHOOK_SECRET=demo-secret LISTEN_PORT=$(DEMO_PORT) DATABASE_PATH=$$dir/demo.sqlite \
		LOG_LEVEL=warning .build/debug/crypto-assistant serve --env-file $$dir/sim.env > $$dir/server.log 2>&1 & srvpid=$$!; \
	trap 'kill $$srvpid $$simpid 2>/dev/null; rm -rf $$dir' EXIT; \
	for i in $$(seq 1 100); do curl -sf http://127.0.0.1:$(DEMO_PORT)/readyz >/dev/null && break; sleep 0.1; done; \
	curl -sf http://127.0.0.1:$(DEMO_PORT)/readyz >/dev/null || { cat $$dir/server.log $$dir/sim.log; exit 1; }; \
	.build/debug/market-sim send --webhook http://127.0.0.1:$(DEMO_PORT)/telegram/webhook --secret demo-secret $(DEMO_COMMANDS)

# Several replicas on one PostgreSQL, offline: scripts/cluster.sh starts a throwaway
# PostgreSQL, market-sim, three `serve` replicas (DATABASE_URL, INSTANCE_NAME=replica-N, local
# mode) on 18081-18083 and nginx on 127.0.0.1:18080 in front of them, all in .cluster/.
cluster: deps
	SWIFT="$(SWIFT)" scripts/cluster.sh start

cluster-stop:
	scripts/cluster.sh stop

# nginx/crypto-assistant.conf and nginx/crypto-assistant-replicas.conf (several replicas on
# PostgreSQL: NGINX_REPLICA_1, NGINX_REPLICA_2 instead of NGINX_UPSTREAM) are templates: each
# $${NGINX_...} is replaced by the variable.
NGINX_SERVER_NAME  ?= localhost
NGINX_HTTPS_LISTEN ?= 443
NGINX_HTTP_LISTEN  ?= 80
NGINX_UPSTREAM     ?= 127.0.0.1:8080
NGINX_REPLICA_1    ?= 127.0.0.1:8081
NGINX_REPLICA_2    ?= 127.0.0.1:8082
NGINX_CERT_FILE    ?= /etc/letsencrypt/live/$(NGINX_SERVER_NAME)/fullchain.pem
NGINX_KEY_FILE     ?= /etc/letsencrypt/live/$(NGINX_SERVER_NAME)/privkey.pem
NGINX_CHAIN_FILE   ?= /etc/letsencrypt/live/$(NGINX_SERVER_NAME)/chain.pem
NGINX_RESOLVER     ?= 169.254.169.253
NGINX_WEBHOOK_PATH ?= /telegram/webhook
NGINX_CONF_DIR     ?= /etc/nginx/crypto-assistant
NGINX_OUT          ?= nginx/build
NGINX_VARS = NGINX_SERVER_NAME NGINX_HTTPS_LISTEN NGINX_HTTP_LISTEN NGINX_UPSTREAM NGINX_CERT_FILE NGINX_KEY_FILE \
             NGINX_CHAIN_FILE NGINX_RESOLVER NGINX_WEBHOOK_PATH NGINX_CONF_DIR NGINX_REPLICA_1 NGINX_REPLICA_2
NGINX_SITES = crypto-assistant.conf crypto-assistant-replicas.conf

nginx-config:
	@mkdir -p $(NGINX_OUT)
	@for site in $(NGINX_SITES); do \
		sed $(foreach v,$(NGINX_VARS),-e 's|$${$(v)}|$($(v))|g') nginx/$$site > $(NGINX_OUT)/$$site || exit 1; \
		if grep -n '$${NGINX_' $(NGINX_OUT)/$$site; then echo "unfilled values above in $$site"; exit 1; fi; \
	done
	@cp nginx/telegram-allow.conf $(NGINX_OUT)/telegram-allow.conf
	@echo "wrote $(NGINX_OUT)/crypto-assistant.conf (one process), $(NGINX_OUT)/crypto-assistant-replicas.conf" \
		"(several replicas) and $(NGINX_OUT)/telegram-allow.conf"

nginx-check: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter NginxTests

# The same build as deploy/Dockerfile's build stage.
RELEASE_BIN = .build/release/crypto-assistant

release:
	$(SWIFT) build -c release --product crypto-assistant --static-swift-stdlib -Xlinker -s
	@ls -l $(RELEASE_BIN)

# What the runtime image can check without Docker: the binary runs from an empty folder
# with an empty environment, and links nothing beyond libc and SQLite (deploy/Dockerfile
# installs libsqlite3-0).
release-check: release
	@set -e; dir=$$(mktemp -d); trap 'rm -rf $$dir' EXIT; cp $(RELEASE_BIN) $$dir/; cd $$dir; \
	env -i ./crypto-assistant --version; \
	env -i ./crypto-assistant config check --env-file none > config.txt; grep -q "serve: missing" config.txt; \
	libs=$$(ldd ./crypto-assistant | awk '{print $$1}'); echo "links:" $$libs; \
	for lib in $$libs; do case $$lib in linux-vdso*|*ld-linux*|libc.so*|libm.so*|libpthread*|libdl*|librt*|libutil*|libgcc_s*|libstdc++*|libz.so*|libsqlite3*) ;; \
		*) echo "unexpected runtime library $$lib: add its package to deploy/Dockerfile"; exit 1;; esac; done; \
	echo "release-check: ok"

# Benchmarks: not part of `make test`. wrk and python3 drive the load (bench/run.py).
# The optimised binary against the simulator: every market command on every exchange, three
# rounds, and the process still running (the tests run the debug build). CI runs it after
# `make test`.
release-smoke: release
	$(SWIFT) build --product market-sim
	bash scripts/release-smoke.sh

# The JSON API against its contract (openapi.json): schemathesis from PyPI (in a venv under
# .build/) on a live server over the simulator. CI runs it after `make test`.
api-contract:
	$(SWIFT) build --product crypto-assistant
	$(SWIFT) build --product market-sim
	bash scripts/api-contract.sh

bench: release
	@$(MAKE) -s deps APT_PACKAGES="wrk python3 nginx postgresql"
	$(SWIFT) build -c release --product market-sim
	python3 bench/run.py

# Not part of `make test` either: SOAK_SECONDS, SOAK_RATE and SOAK_WARMUP change its shape.
soak: release
	@$(MAKE) -s deps APT_PACKAGES="python3"
	$(SWIFT) build -c release --product market-sim
	python3 bench/soak.py

# The CI run of this test tries 10,000 cases; this one a million (about 20 minutes).
FUZZ_CASES ?= 1000000
fuzz: deps
	$(SWIFT) build --build-tests
	FUZZ_CASES=$(FUZZ_CASES) $(SWIFT) test --skip-build --filter WebhookFuzzTests

# Exit 0: as stored; 4: only improvements (store them with `make bench-thresholds`); 2: regression.
# The plugin's own codes (2 regression, 4 improvement) reach us only as its error's name:
# `swift package` exits 1 whenever a plugin throws.
bench-check:
	@cd Benchmarks && log="$$(mktemp)" && \
	{ $(SWIFT) package benchmark thresholds check --path "$(CURDIR)/Benchmarks/Thresholds" >"$$log" 2>&1; status=$$?; }; \
	cat "$$log"; \
	if [ $$status -eq 0 ]; then rm -f "$$log"; \
	elif grep -q "benchmarkThresholdImprovement" "$$log"; then rm -f "$$log"; \
		echo "bench-check: better than the stored thresholds (no regression); make bench-thresholds stores the new figures"; \
	else rm -f "$$log"; echo "bench-check: regression or failure (exit $$status)"; exit 1; fi

bench-thresholds:
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark thresholds update \
		--path "$(CURDIR)/Benchmarks/Thresholds"

PREFIX  ?= /usr/local
DESTDIR ?=

install: release
	install -D -m 755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/crypto-assistant
	install -d -m 755 $(DESTDIR)/etc/systemd/system
	sed 's|/usr/local/bin/crypto-assistant|$(PREFIX)/bin/crypto-assistant|' deploy/crypto-assistant.service \
		> $(DESTDIR)/etc/systemd/system/crypto-assistant.service
	install -D -m 644 deploy/crypto-assistant.env $(DESTDIR)/etc/crypto-assistant/crypto-assistant.env.example
	@[ -e $(DESTDIR)/etc/crypto-assistant/crypto-assistant.env ] || \
		install -m 644 deploy/crypto-assistant.env $(DESTDIR)/etc/crypto-assistant/crypto-assistant.env
	@echo "installed; next: secrets in /etc/crypto-assistant/credentials (see the unit's header), then"
	@echo "  systemctl daemon-reload && systemctl enable --now crypto-assistant"

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build
