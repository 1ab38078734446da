# 一触即办 counter: the two commands of the README are `make demo` and `make test`.
SWIFT ?= swift
SECONDS ?= 600

.PHONY: demo test build release deps test-deps fuzz bench format lint clean

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

format:
	swift format format --parallel --in-place --recursive Sources Tests Package.swift

lint:
	swift format lint --strict --parallel --recursive Sources Tests Package.swift

clean:
	rm -rf .build
