# Koppel — make targets. `make run` and `make test` are the two commands a
# newcomer needs (see README.md).

GO        ?= go
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
BIN       := bin/koppel
DATA      ?= ./koppel-data
ADDR      ?= 127.0.0.1:8080
BENCH_SIZE ?= 100000

.PHONY: all build run test vet fmt-check lint bench bench-go fuzz fuzz-short soak clean

all: build

build:
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/koppel

# run builds koppel and serves it with the demo data (loaded into the data
# directory the first time; delete $(DATA) to start afresh).
run: build
	$(BIN) serve --data $(DATA) --addr $(ADDR) --demo

test: vet fmt-check
	$(GO) test -race -count=1 ./...
	$(MAKE) fuzz-short

# fuzz-short fuzzes the parsers for a fixed number of inputs each (a few
# seconds; bounded by -timeout). Counts rather than durations: a duration
# that ends while the fuzzer minimizes a new input fails the run with
# "context deadline exceeded" although nothing was found. make fuzz runs
# them longer.
fuzz-short:
	$(GO) test -run '^$$' -fuzz '^FuzzParseKBO$$' -fuzztime 100000x -fuzzminimizetime 1s -timeout 2m .
	$(GO) test -run '^$$' -fuzz '^FuzzCellParsers$$' -fuzztime 50000x -fuzzminimizetime 1s -timeout 2m ./importers
	$(GO) test -run '^$$' -fuzz '^FuzzReadCatalogue$$' -fuzztime 15000x -fuzzminimizetime 1s -timeout 2m ./importers
	$(GO) test -run '^$$' -fuzz '^FuzzReadTenders$$' -fuzztime 10000x -fuzzminimizetime 1s -timeout 2m ./importers
	$(GO) test -run '^$$' -fuzz '^FuzzRead$$' -fuzztime 20000x -fuzzminimizetime 1s -timeout 2m ./importers/eforms

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

lint: vet fmt-check
	$(GO) tool staticcheck ./...

# bench prints the end-to-end figures against the targets of docs/design.md ("Targets")
# (BENCH_SIZE=1000000 for the large run) and writes bench.json.
bench: build
	$(GO) run ./cmd/koppel-bench --koppel $(BIN) --size $(BENCH_SIZE) --json bench.json

# bench-go runs the in-process Go benchmarks of every package.
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# soak runs the crash test (20 SIGKILL rounds) and the load test (2
# minutes) in their long versions.
soak:
	KOPPEL_SOAK=1 $(GO) test -count=1 -run 'TestCrashDuringUpload|TestLoadAndLiveBackup' -timeout 30m -v ./cmd/koppel

# fuzz runs every fuzz target for FUZZTIME each (the seed corpora also run
# in make test, as ordinary tests).
FUZZTIME ?= 60s
fuzz:
	@set -e; for pkg in $$(grep -rl '^func Fuzz' --include='*_test.go' . | xargs -n1 dirname | sort -u); do \
	  for fn in $$(grep -h '^func Fuzz' $$pkg/*_test.go | sed 's/func \(Fuzz[A-Za-z0-9]*\).*/\1/'); do \
	    echo "== $$pkg $$fn"; \
	    $(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 2s $$pkg; \
	  done; \
	done

clean:
	rm -rf bin
