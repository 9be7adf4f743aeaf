# Winnow: one target per pipeline stage, plus run, test, bench and clean.
# Override the variables on the command line, e.g.
#   make run CONFIG=my-icp.yaml PURCHASED="lists/a.csv lists/b.csv" FORMS=forms/web.csv OUT=out

SHELL := /bin/bash
CONFIG        ?= SampleData/icp.yaml
PURCHASED     ?= SampleData/purchased-eu-vendor.csv SampleData/purchased-us-list.csv
FORMS         ?= SampleData/form-newsletter.csv
WORK          ?= work
OUT           ?= out
CONFIGURATION ?= release
BENCH_ROWS    ?= 1000000

# The C libraries Winnow links (Debian package names).
DEBIAN_PACKAGES := libcsv-dev nettle-dev libphonenumber-dev libpsl-dev

BIN         = .build/$(CONFIGURATION)/winnow
INPUT_FLAGS = $(foreach f,$(PURCHASED),--purchased $(f)) $(foreach f,$(FORMS),--form $(f))

.PHONY: deps build run ingest normalize dedupe classify export test bench clean

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

# Throughput and peak memory of the whole pipeline on a generated list (cached in bench-data/).
bench: build
	@mkdir -p bench-data
	@[ -f bench-data/purchased-$(BENCH_ROWS).csv ] || python3 Benchmarks/generate.py --rows $(BENCH_ROWS) --out bench-data/purchased-$(BENCH_ROWS).csv
	@python3 Benchmarks/run.py --bin $(BIN) --config $(CONFIG) --input bench-data/purchased-$(BENCH_ROWS).csv

clean:
	rm -rf $(WORK) $(OUT) bench-data .build
