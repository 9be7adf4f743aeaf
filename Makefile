# Winnow: one target per pipeline stage, plus run, test, bench and clean.
# Override the variables on the command line, e.g.
#   make run CONFIG=my-icp.yaml PURCHASED="lists/a.csv lists/b.csv" FORMS=forms/web.csv OUT=out

SHELL := /bin/bash
CONFIG        ?= SampleData/icp.yaml
PURCHASED     ?= SampleData/purchased-eu-vendor.csv SampleData/purchased-us-list.csv
FORMS         ?= SampleData/form-newsletter.csv SampleData/form-tradeshow.csv
WORK          ?= work
OUT           ?= out
CONFIGURATION ?= release
BENCH_ROWS    ?= 1000000
MAX_REJECT_RATE ?= 0.2
# The incremental job (make nightly): an inbox folder (optional), its outputs and its state.
INBOX         ?=
NIGHTLY_OUT   ?= nightly/out
STATE         ?= nightly/winnow-state.sqlite
# Benchmarks (see Benchmarks/README.md). Sizes are purchased-list rows; each size also gets a form export
# of a tenth of that. Everything generated (data, venv, binaries, results) goes under bench-data/.
BENCH_SIZES   ?= 100000 $(BENCH_ROWS)
BENCH_REPEAT  ?= 3
BENCH_CONFIG  ?= Benchmarks/naive-icp.yaml
BENCH_ENGINES ?= duckdb,pandas,polars
BENCH_ARGS    ?=
BENCH_DATA    := bench-data
BENCH_VENV    := $(BENCH_DATA)/venv
# What the bench needs beyond `deps`: GNU time for peak memory, gcc for csv_ceiling, venv for the alternatives.
BENCH_DEBIAN_PACKAGES := time gcc python3-venv

# The C libraries Winnow links (Debian package names).
DEBIAN_PACKAGES := libcsv-dev nettle-dev libphonenumber-dev libpsl-dev libsqlite3-dev

BIN         = .build/$(CONFIGURATION)/winnow
INPUT_FLAGS = $(foreach f,$(PURCHASED),--purchased $(f)) $(foreach f,$(FORMS),--form $(f))

.PHONY: deps build run nightly ingest normalize dedupe classify export test bench bench-deps micro micro-build clean

# Installs the Debian packages that are missing (needs root, or sudo).
deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

build: deps
	swift build -c $(CONFIGURATION) --product winnow

# The main job: all five stages on the sample data, then the summary.
run: build
	$(BIN) run --config $(CONFIG) --out $(OUT) $(INPUT_FLAGS)

# The unattended, incremental job (see README, "Running from cron"): files imported once, ids kept in the
# state, snapshot and delta published with the state's commit, JSON logs, a reject-rate guard.
nightly: build
	$(BIN) run --config $(CONFIG) --out $(NIGHTLY_OUT) --state $(STATE) $(if $(INBOX),--inbox $(INBOX)) $(INPUT_FLAGS) \
	  --quiet --log-format json --max-reject-rate $(MAX_REJECT_RATE)

ingest: build
	$(BIN) ingest --config $(CONFIG) --work $(WORK) $(INPUT_FLAGS)

normalize: build
	$(BIN) normalize --config $(CONFIG) --work $(WORK)

dedupe: build
	$(BIN) dedupe --config $(CONFIG) --work $(WORK)

classify: build
	$(BIN) classify --config $(CONFIG) --work $(WORK)

export: build
	$(BIN) export --config $(CONFIG) --work $(WORK) --out $(OUT)

test: deps
	swift test

# Installs the bench's Debian packages that are missing (needs root, or sudo).
bench-deps: deps
	@missing=$$(for p in $(BENCH_DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

# DuckDB, pandas (and polars, if it installs) in a cached virtual environment.
$(BENCH_VENV)/.installed: Benchmarks/requirements.txt Benchmarks/requirements-polars.txt | bench-deps
	python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q -r Benchmarks/requirements.txt
	$(BENCH_VENV)/bin/pip install -q -r Benchmarks/requirements-polars.txt || echo "polars did not install: the bench goes on without it"
	touch $@

# libcsv with no-op callbacks: the ceiling of any libcsv-based reader.
$(BENCH_DATA)/csv_ceiling: Benchmarks/csv_ceiling.c | bench-deps
	@mkdir -p $(BENCH_DATA)
	gcc -O2 -o $@ $< -lcsv

# Throughput per stage, reader vs ceiling, peak memory per size, and the naive alternatives, e.g.
#   make bench BENCH_SIZES="100000 1000000 3000000" BENCH_REPEAT=3
bench: CONFIGURATION = release
bench: build bench-deps $(BENCH_VENV)/.installed $(BENCH_DATA)/csv_ceiling micro-build
	python3 Benchmarks/run.py --bin .build/release/winnow --config $(BENCH_CONFIG) --sizes "$(BENCH_SIZES)" \
	  --repeat $(BENCH_REPEAT) --data-dir $(BENCH_DATA) --ceiling $(BENCH_DATA)/csv_ceiling \
	  --reader $(BENCH_DATA)/micro-build/release/winnow-micro \
	  --python $(BENCH_VENV)/bin/python --engines $(BENCH_ENGINES) $(BENCH_ARGS)

# The micro-benchmark harness (Benchmarks/Micro, its own package using the Winnow library); the bench runs its
# reader kernels against the ceiling.
micro-build: deps
	@mkdir -p $(BENCH_DATA)
	@# SwiftPM keeps a cached build plan that misses source files added to the path dependency since: drop it.
	@rm -f $(BENCH_DATA)/micro-build/release.yaml $(BENCH_DATA)/micro-build/release/description.json
	swift build -c release --package-path Benchmarks/Micro --scratch-path $(BENCH_DATA)/micro-build

# ns/op of the hot kernels.
micro: micro-build
	@[ -f $(BENCH_DATA)/purchased-100000.csv ] && [ -f $(BENCH_DATA)/form-100000.csv ] || \
	  python3 Benchmarks/generate.py --rows 100000 --out $(BENCH_DATA)/purchased-100000.csv --form-out $(BENCH_DATA)/form-100000.csv
	$(BENCH_DATA)/micro-build/release/winnow-micro --csv $(BENCH_DATA)/purchased-100000.csv

clean:
	rm -rf $(WORK) $(OUT) nightly bench-data .build
