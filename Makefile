# 一触即办 counter: the two commands of the README are `make demo` and `make test`.
SWIFT ?= swift
SECONDS ?= 600

.PHONY: demo test build release deps test-deps fuzz bench bench-hall bench-central format lint clean

demo: deps release
	scripts/demo.sh

test: test-deps
	$(SWIFT) build --build-tests
	# One test at a time (about 45 s here): the integration tests start daemons, pcscd and pseudo-terminals whose
	# readiness waits would otherwise compete with CPU-heavy property tests for the two cooperative-pool threads.
	HUKOU_BIN=$(CURDIR)/.build/debug/hukou $(SWIFT) test --skip-build --no-parallel
	$(SWIFT) format lint --strict --parallel --recursive Sources Tests Package.swift

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product hukou

deps:
	scripts/install-deps.sh

test-deps:
	scripts/install-deps.sh --test

fuzz: deps
	scripts/fuzz.sh $(SECONDS)

bench: deps
	$(SWIFT) build -c release --product hukou-bench
	.build/release/hukou-bench all

# From the clerk's 叫号 to the hall page's DOM, through headless Chromium, over 200 calls (docs/performance.md).
bench-hall: test-deps
	$(SWIFT) build --build-tests
	HUKOU_HALL_BENCH=200 HUKOU_BIN=$(CURDIR)/.build/debug/hukou $(SWIFT) test --skip-build --filter callToDOMLatency

# Station replication into a private PostgreSQL made for the run (docs/performance.md, "Central replication").
bench-central: test-deps
	$(SWIFT) build -c release --product hukou-bench
	scripts/bench-central.sh

format:
	swift format format --parallel --in-place --recursive Sources Tests Package.swift

lint:
	swift format lint --strict --parallel --recursive Sources Tests Package.swift

clean:
	rm -rf .build
