# piid's build. Every step a fresh machine needs is here: Debian packages
# (when root), the librure static library from the crate in rure/, Go
# modules, the binary and the tests. Up-to-date steps are skipped.

SHELL       := /bin/bash
GO          ?= go
CARGO       ?= cargo
BIN         := bin/piid
RURE_LIB    := rure/target/release/librure.a
RURE_SRC    := rure/Cargo.toml rure/src/lib.rs
# Debian's packaged crate sources (librust-regex-dev): builds with no network.
DEB_CRATES  := /usr/share/cargo/registry
# The regex crate and the crates its "perf" and "unicode" features pull in
# (aho-corasick, memchr): Debian ships each feature as its own package.
DEB_CRATE_PKGS := librust-regex-dev librust-regex+perf-dev librust-regex+unicode-dev
VERSION     := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
GOFLAGS_BUILD := -trimpath -ldflags "-s -w -X main.version=$(VERSION)"
FUZZTIME    ?= 10s
IS_ROOT     := $(shell [ "$$(id -u)" = 0 ] && echo yes)

export CGO_ENABLED := 1

.PHONY: all build test test-long run bench bench-memory bench-go lint fuzz deps apt-deps go-deps clean

all: build

## deps: everything the build needs (apt packages when root, librure, Go modules)
deps: apt-deps $(RURE_LIB) go-deps

# Installs what is missing: gcc for cgo, cargo, and the regex crate sources
# with those of its features.
apt-deps:
	@missing=""; \
	command -v gcc >/dev/null || missing="$$missing gcc"; \
	command -v $(CARGO) >/dev/null || missing="$$missing cargo"; \
	for c in regex-1 regex-syntax-0 aho-corasick-0 memchr-2; do \
	  ls -d $(DEB_CRATES)/$$c.* >/dev/null 2>&1 || { missing="$$missing $(DEB_CRATE_PKGS)"; break; }; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$(IS_ROOT)" = yes ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "note: not installed:$$missing (not root or no apt-get); the build uses what it finds"; \
	  fi; \
	fi

# The static library. With Debian's crate sources present it builds offline
# against them; otherwise cargo fetches the same crate from crates.io.
$(RURE_LIB): $(RURE_SRC)
	@$(MAKE) --no-print-directory apt-deps
	@if ls -d $(DEB_CRATES)/regex-1.* >/dev/null 2>&1; then \
	  cp rure/.cargo/config.toml.debian rure/.cargo/config.toml; \
	else \
	  rm -f rure/.cargo/config.toml; \
	fi
	cd rure && $(CARGO) build --release --quiet
	@touch $@

go-deps:
	$(GO) mod download

## build: the binary at bin/piid, linked statically against librure
build: $(RURE_LIB)
	$(GO) build $(GOFLAGS_BUILD) -o $(BIN) ./cmd/piid

## test: vet, format check and every test with the race detector
test: $(RURE_LIB)
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) test -race -count=1 ./...

## test-long: the scale and soak tests at full size (-long), which `make
## test` runs with their thresholds set small: 1.3M findings recovered at
## Open, a file past many Badger transactions, kill -9 of the index's
## writer and of the daemon on a 12 MB corpus, 50 MB rewrites killed; and
## the phone differential tests on every input and the adversarial check
## on every file (without -race, under which make test samples them: it
## adds nothing to these single-goroutine comparisons)
LONG_INDEX := ^(TestKill9|TestRecoverLargeGeneration|TestLargeFileAtomic)$$
test-long: $(RURE_LIB)
	$(GO) test -race -count=1 -run '$(LONG_INDEX)' ./index/ -long
	$(GO) test -race -count=1 -run '^TestCrashSafety$$' ./dsar/rewrite/ -long
	$(GO) test -race -count=1 -run '^TestDaemonKill9$$' ./cmd/piid/ -long
	$(GO) test -count=1 -run 'Differential|EveryRegion' ./patterns/
	$(GO) test -count=1 -run '^TestAdversarialFindsNothing$$' ./bench/

## lint: vet and gofmt only
lint: $(RURE_LIB)
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }

## fuzz: every fuzz target of the tree (found by name), each for FUZZTIME (default 10s)
fuzz: $(RURE_LIB)
	@set -e; grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r f; do \
		for t in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$$f"); do \
			echo "== $$(dirname $$f) $$t"; \
			$(GO) test "$$(dirname $$f)" -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME); \
		done; \
	done

## run: start the daemon on ./demo or PIID_WATCH (./demo is created from
## testdata/demo if absent), index in ./.piid, HTTP on 127.0.0.1:8484
PIID_WATCH ?= demo
run: build
	@if [ "$(PIID_WATCH)" = demo ] && [ ! -d demo ]; then cp -r testdata/demo demo && echo "created ./demo with a small fake dataset (CSV, JSONL, a SQL dump, logs, a ticket)"; fi
	@echo "starting the daemon on $(PIID_WATCH) (index in ./.piid); the API token is in .piid/token"
	@echo "try, in another terminal:"
	@echo "  curl -s -H \"Authorization: Bearer \$$(cat .piid/token)\" -d '{\"identifiers\":[{\"type\":\"email\",\"value\":\"anna.rossi@example.it\"}]}' http://127.0.0.1:8484/v1/subjects/search"
	./$(BIN) serve --watch "$(PIID_WATCH)" --data .piid --listen 127.0.0.1:8484

## bench: the harness: a 1 GiB labelled corpus (generated once under bench/out),
## piid beside ripgrep and Go regexp, and accuracy; BENCH_FLAGS adds flags
bench: build
	@command -v rg >/dev/null || { [ "$(IS_ROOT)" = yes ] && apt-get install -y -qq ripgrep >/dev/null; } || true
	@mkdir -p bench/out
	./$(BIN) bench run --corpus bench/out/corpus --json bench/out/results.json --markdown bench/out/results.md $(BENCH_FLAGS)

## bench-memory: the daemon indexing 10 GiB (hard-linked copies of the
## bench corpus, generated first if absent): time and peak memory
bench-memory: build
	@mkdir -p bench/out
	@[ -f bench/out/corpus/truth.jsonl ] || ./$(BIN) bench gen --size 1GiB --profile logs,prose,exports,lake,adversarial --out bench/out/corpus
	./$(BIN) bench memory --corpus bench/out/corpus --size 10GiB --json bench/out/memory.json

## bench-go: the Go benchmarks of the hot paths (MB/s)
bench-go: $(RURE_LIB)
	$(GO) test -run '^$$' -bench . -benchtime 3x ./rure/ ./scanner/ ./cmd/piid/output/

clean:
	rm -rf bin rure/target
