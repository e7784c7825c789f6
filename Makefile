# Thin wrapper around CMake/ctest. `make run` and `make test` are the two
# commands a newcomer needs; both install missing Debian packages first.
BUILD_DIR ?= build
JOBS      ?= $(shell nproc)
RUN_ARGS  ?=
# `make install` puts the programs under PREFIX and the config in /etc/hrn-relay
# (both below DESTDIR when it is set; README "Run it as a service").
PREFIX    ?= /usr/local
DESTDIR   ?=
# `make bench` runs every benchmark in this list, one after another; each is a
# rule below that builds the targets it needs and runs its script. Benchmarks
# print figures and assert nothing. BENCH_ITERATIONS bounds each one's rounds.
# BENCH_SECONDS (default 10) is the length of each load run of bench-cache-hits.
# BENCH_LO_MTU=1500 runs the cold-lookup bench in a network namespace whose
# loopback has an Ethernet-sized MTU (tests/bench/README.md).
BENCHES          := bench-dns-validation bench-cold-lookup bench-doh-upstreams bench-cache-memory bench-relay-memory bench-cache-hits bench-shared-cache bench-privacy
BENCH_ITERATIONS ?= 30

.PHONY: all deps configure build test run install demo fuzz clean bench $(BENCHES)

all: build

deps:
	@bash scripts/deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

run: build
	@$(BUILD_DIR)/relay/hrn-relay $(RUN_ARGS)

# Builds only what it installs (dist/CMakeLists.txt lists it); an existing
# /etc/hrn-relay/hrn-relay.conf is kept.
install: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target hrn-relay hrn man -- --no-print-directory
	@DESTDIR='$(DESTDIR)' cmake --install $(BUILD_DIR) --prefix '$(PREFIX)'

# The whole relay offline in one command (scripts/demo.sh): signed zones, a
# private Tor network, a TLS web server, the relay with its onion service;
# answers printed, then up until Ctrl-C (or DEMO_SECONDS). Needs root.
demo: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target hrn-relay hrn -- --no-print-directory
	@bash scripts/demo.sh $(BUILD_DIR)

bench: $(BENCHES)

# DNSSEC validations/s cold and with the key cache, beside the openssl speed
# limit of the same run, and the CPU time of the worst pools the budget allows.
bench-dns-validation: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target bench_dns_validation -- --no-print-directory
	@$(BUILD_DIR)/tests/bench/bench_dns_validation 2

# Cold lookups through the private Tor network against a bare SOCKS stream
# plus one DNS query (tests/bench/cold_lookup.sh).
bench-cold-lookup: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target bench_cold_lookup hrn -- --no-print-directory
	@bash tests/bench/cold_lookup.sh $(BUILD_DIR) $(BENCH_ITERATIONS)

# Cold lookups through the private Tor network over DNS over TCP, DoH over
# HTTP/2 and DoH over HTTP/1.1, same names, same run (tests/bench/doh_upstreams.sh;
# BENCH_NAMES, default 100; BENCH_DOH_DELAY_MS, default 100, for the second pass).
bench-doh-upstreams: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target hrn -- --no-print-directory
	@bash tests/bench/doh_upstreams.sh $(BUILD_DIR) $(or $(BENCH_NAMES),100)

# Bytes per cached entry beside its key, URI and chain (RSS delta of 100k and
# 1M entries, each in a fresh process) and hits/s of the store's find().
bench-cache-memory: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target bench_cache_memory -- --no-print-directory
	@$(BUILD_DIR)/tests/bench/bench_cache_memory

# Cache hits over HTTP: the relay against nginx serving the same bytes as a
# static file, with wrk, same run (tests/bench/cache_hits.sh).
# Memory per cached entry inside the relay, with real chains (BENCH_ENTRIES, default 20000).
bench-relay-memory: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target hrn-relay -- --no-print-directory
	@bash tests/bench/relay_memory.sh $(BUILD_DIR) $(or $(BENCH_ENTRIES),20000)

bench-cache-hits: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target hrn-relay -- --no-print-directory
	@bash tests/bench/cache_hits.sh $(BUILD_DIR)

# Several relays sharing one Redis: hits/s for 1, 2 and 4 relays, hit latency
# with Redis as the only cache, bytes per entry (tests/bench/shared_cache.sh).
bench-shared-cache: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target hrn-relay -- --no-print-directory
	@bash tests/bench/shared_cache.sh $(BUILD_DIR)

# How well request times and the lookups a domain sees link a request to its
# lookup, scheduler off and (when the relay has the flags) several rounds/batch
# sizes (tests/bench/privacy/privacy.sh; BENCH_SECONDS per run, default 60).
bench-privacy: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target hrn-relay privacy_recorder privacy_driver privacy_analyze -- --no-print-directory
	@bash tests/bench/privacy/privacy.sh $(BUILD_DIR)

clean:
	@rm -rf $(BUILD_DIR)
