# Music Studio — build, test, demo and benchmark entry points.
#
#   make demo    build the showcase in recipes/, print its share URLs and an API key, serve it
#   make test    build and run the whole test suite (what CI runs)
#   make bench   measure render speed/memory, publishing and HTTP, write docs/PERFORMANCE.md
#   make build   release build only
#   make deps    install the Debian packages everything needs (as root),
#                or print the exact apt-get line to run
#   make clean   remove build products and generated public/ files
#
# On a fresh Debian machine run as root, demo/test/bench install any missing
# Debian packages themselves. Swift itself must already be on PATH.

SHELL       := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
# Targets share apt/dpkg and the .build directory: never run them in parallel
# (swift build parallelises internally).
.NOTPARALLEL:

STUDIO ?= .build/release/studio
DEMO_PORT ?= 8080

# swift test builds with -enable-testing; doing that in .build would
# invalidate the plain release build there (and vice versa), recompiling every
# module on each `make test` / `make build`. Keep the test build separate.
TEST_SCRATCH := .build-test

BUILD_PKGS := libsqlite3-dev libsndfile1-dev pkg-config fluid-soundfont-gm
TEST_PKGS  := ffmpeg sox aubio-tools fluidsynth csound time python3-html5lib chromium python3-yaml parallel python3-venv \
              slurm-wlm munge zsh
# make bench also races studio serve against nginx under wrk (scripts/bench/http.sh).
BENCH_PKGS := wrk nginx curl procps


.PHONY: deps deps-build deps-test deps-bench build test demo bench clean

# $(call ensure_pkgs,PACKAGES): install the missing ones when root, otherwise
# print the exact command and fail. Silent when everything is present.
define ensure_pkgs
	@missing=""; \
	if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "deps: dpkg-query not found; this Makefile installs packages on Debian/Ubuntu only." >&2; \
	  echo "deps: make sure these are installed: $(strip $(1))" >&2; exit 1; \
	fi; \
	for p in $(1); do \
	  [ "$$(dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null)" = "install ok installed" ] || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" -eq 0 ]; then \
	    echo "deps: installing$$missing"; \
	    apt-get update -qq; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends $$missing; \
	  else \
	    echo "deps: missing Debian packages:$$missing" >&2; \
	    echo "deps: install them with:" >&2; \
	    echo "  sudo apt-get install -y --no-install-recommends$$missing" >&2; \
	    exit 1; \
	  fi; \
	fi
endef

define ensure_swift
	@command -v swift >/dev/null 2>&1 || { \
	  echo "deps: swift not found on PATH (Swift 6 toolchain required, see swift.org/install)" >&2; exit 1; }
endef

deps: deps-test

deps-build:
	$(ensure_swift)
	$(call ensure_pkgs,$(BUILD_PKGS))

# Checks build and test packages in one pass, so a fresh machine gets a
# single apt-get update and a single apt-get install.
deps-test:
	$(ensure_swift)
	$(call ensure_pkgs,$(BUILD_PKGS) $(TEST_PKGS))

# Build, test and bench packages in one pass, for the same reason.
deps-bench:
	$(ensure_swift)
	$(call ensure_pkgs,$(BUILD_PKGS) $(TEST_PKGS) $(BENCH_PKGS))

build: deps-build
	swift build -c release

test: deps-test midi-reader conformance kubernetes slurm console-e2e
	swift build -c release
	@log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	set +e; \
	swift test -c release -Xswiftc -enable-testing --scratch-path $(TEST_SCRATCH) 2>&1 | tee "$$log"; \
	rc=$${PIPESTATUS[0]}; \
	set -e; \
	echo; echo "== swift test summary =="; \
	summary=$$(grep -E 'Test run with [0-9]+ tests?.*(passed|failed)' "$$log" | tail -n 1 || true); \
	if [ -n "$$summary" ]; then \
	  echo "$$summary"; \
	  total=$$(echo "$$summary" | sed -E 's/.*Test run with ([0-9]+) tests?.*/\1/'); \
	  failed=$$(grep -E '✘ Test [^ ]+.* failed after' "$$log" | grep -vc 'Test run with' || true); \
	  echo "$$((total - failed)) passed, $$failed failed"; \
	else echo "(no summary line: swift test stopped before running tests)"; fi; \
	if [ "$$rc" -ne 0 ]; then echo "swift test FAILED (exit $$rc)" >&2; fi; \
	exit $$rc

# mido (pinned in scripts/midi/requirements.txt, installed into .venv-midi/): the outside reader
# the MIDI export tests check every engine's .mid with (docs/ENGINES.md, "MIDI export").
.PHONY: midi-reader
midi-reader: deps-test
	bash scripts/midi/setup-venv.sh > /dev/null

# schemathesis (pinned in scripts/conformance/requirements.txt, installed into .venv-conformance/)
# against the release `studio serve`: no 5xx, every response as its schema says
# (docs/RELIABILITY.md, "Conformance").
.PHONY: conformance fuzz
conformance: deps-test build
	STUDIO="$(STUDIO)" bash scripts/conformance/run.sh

# The console at /studio/ in Debian's Chromium, end to end, with axe-core on every view: Playwright
# and axe-playwright-python pinned in scripts/browser/requirements.txt, installed into
# .venv-browser/ (docs/CONSOLE.md).
.PHONY: console-e2e
console-e2e: deps-test build
	STUDIO="$(STUDIO)" bash scripts/browser/run.sh

# deploy/kubernetes/*.yaml against Kubernetes' own schemas: kubernetes-validate --strict (pinned in
# scripts/kubernetes/requirements.txt, installed into .venv-kubernetes/).
# deploy/slurm/ on a real one-node Slurm cluster (munged, slurmctld, slurmd in a scratch directory,
# stopped afterwards; skipped, saying so, when not root): submit.sh against a one-machine build.
.PHONY: kubernetes slurm
kubernetes: deps-test
	bash scripts/kubernetes/validate.sh

slurm: deps-test build
	STUDIO="$(STUDIO)" bash scripts/slurm/run.sh

# Coverage-guided fuzzing with libFuzzer, FUZZ_TIME seconds per target (default 30)
# (docs/RELIABILITY.md, "Fuzzing"); not part of make test.
fuzz: deps-build
	bash fuzz/run.sh

# The showcase (scripts/demo.sh): make the demo owner (once), build recipes/ (render, apply,
# publish public/) so that the recipes' `save: true` tracks land in its library, print the share
# URLs and a fresh demo API key, and serve the site and the live API with `studio serve`.
demo: deps-build build
	STUDIO="$(STUDIO)" DEMO_PORT="$(DEMO_PORT)" bash scripts/demo.sh

bench: deps-bench build
	STUDIO="$(STUDIO)" bash scripts/bench.sh

clean:
	rm -rf .build $(TEST_SCRATCH)
	[ ! -d public ] || find public -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +

# make prove: the load, slow-client, connection-cap and fault scenarios of issue #8 against the
# release binary (scripts/prove.sh; docs/RELIABILITY.md has the figures). Exits non-zero when one
# falls short. About 3 minutes; the full-disk scenario mounts a tmpfs, so it needs root (as CI
# runs) or unprivileged user namespaces.
PROVE_PKGS := curl sqlite3 python3 util-linux

.PHONY: prove deps-prove

deps-prove:
	$(ensure_swift)
	$(call ensure_pkgs,$(BUILD_PKGS) $(PROVE_PKGS))

prove: deps-prove build
	STUDIO="$(STUDIO)" bash scripts/prove.sh
