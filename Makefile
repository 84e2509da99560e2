# Trellis developer commands. `make help` lists them.
#
# One Release build tree (build/release) serves run, test and bench, so `make test` followed by
# `make run` does not rebuild. Override with `make BUILD_DIR=build/other JOBS=4 ...`.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules --no-builtin-variables

BUILD_DIR ?= build/release
JOBS ?= $(shell nproc)
TEST_JOBS ?= 2
STRESS_RUNS ?= 3
STRESS_CPU ?= 2
TRELLIS := $(BUILD_DIR)/trellis
FORMAT_DIRS := src tests bench
CTEST_LOG := $(BUILD_DIR)/Testing/make-test.log

# The web UI (web/): `npm ci` runs again only when package-lock.json changes, and the Vite build
# only when a source, the API document it is typed against, or the installed packages change.
WEB_INSTALLED := web/node_modules/.installed
WEB_BUILT := web/dist/.vite/manifest.json
WEB_SOURCES := $(shell find web/src web/public web/e2e web/scripts -type f 2>/dev/null) \
  web/index.html web/package.json web/tsconfig.json web/vite.config.ts docs/api/openapi.json
# Playwright drives Debian's Chromium; it must never try to download browsers of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help deps build web run test test-stress lint bench format format-check clean

help: ## Show this list
	@echo "Usage: make <target> [BUILD_DIR=$(BUILD_DIR)] [JOBS=$(JOBS)]"
	@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  %-13s %s\n", $$1, $$2 }' \
	  $(MAKEFILE_LIST)

deps: ## Install the Debian packages needed to build, test and benchmark
	@scripts/install-deps.sh

# Configure once; afterwards ninja re-runs CMake itself when a CMakeLists.txt changes.
# (CMakeLists.txt picks up ccache as the compiler launcher when it is installed.)
$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD_DIR)/build.ninja web ## Build the Release binary, tests, benchmarks and web UI
	cmake --build $(BUILD_DIR) --parallel $(JOBS)

web: $(WEB_BUILT) ## Build the web UI into web/dist (type-checked against the OpenAPI document)

$(WEB_INSTALLED): web/package-lock.json | deps
	cd web && npm ci --no-audit --no-fund
	touch $@

$(WEB_BUILT): $(WEB_INSTALLED) $(WEB_SOURCES)
	cd web && npm run build

run: build ## Create data/trellis.db with the demo program if empty, then serve it and the web UI
	$(TRELLIS) demo --if-empty
	exec $(TRELLIS) serve

# with-postgres.sh starts a throwaway PostgreSQL cluster for the postgres test variants and
# stops it afterwards. ctest's summary is repeated last so that it ends the output whatever
# the wrapper prints when it stops the cluster; the exit status is ctest's.
test: build lint ## Run every test suite (SQLite, a throwaway PostgreSQL, the browser tests)
	@rm -f $(CTEST_LOG)
	@status=0; \
	scripts/with-postgres.sh ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(TEST_JOBS) \
	  --output-log $(CTEST_LOG) || status=$$?; \
	if [ -f $(CTEST_LOG) ]; then \
	  grep -E '^[0-9]+% tests passed' $(CTEST_LOG) | tail -n 1 || true; \
	fi; \
	exit $$status

# The proof that the suites do not depend on an idle machine: the whole `make test` again and again
# while stress-ng keeps STRESS_CPU workers busy, stopping at the first red run.
test-stress: build ## Run make test STRESS_RUNS times (3) beside stress-ng --cpu STRESS_CPU (2)
	MAKE_ARGS="BUILD_DIR=$(BUILD_DIR) TEST_JOBS=$(TEST_JOBS)" scripts/test-stress.sh $(STRESS_RUNS) $(STRESS_CPU)

lint: $(WEB_INSTALLED) ## Check the web UI with ESLint (hooks rules as errors) and Prettier
	cd web && npm run --silent lint && npm run --silent format:check

bench: build ## Measure HTTP throughput, latency and the web UI's size; updates docs/performance.md
	bench/run.sh $(TRELLIS)

format: deps $(WEB_INSTALLED) ## Format the C++ sources (clang-format) and the web UI (Prettier) in place
	find $(FORMAT_DIRS) -name '*.cpp' -o -name '*.h' | xargs -r clang-format -i
	cd web && npm run --silent format

format-check: deps ## Fail when a C++ source is not clang-formatted
	find $(FORMAT_DIRS) -name '*.cpp' -o -name '*.h' | xargs -r clang-format --dry-run --Werror

clean: ## Remove all build trees and the web UI's build and packages
	rm -rf build web/dist web/node_modules
