# Music Studio — build, test, demo and benchmark entry points.
#
#   make demo    build, render one short piece per engine, serve them locally
#   make test    build and run the whole test suite (what CI runs)
#   make bench   measure render speed/memory, write docs/PERFORMANCE.md
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
TEST_PKGS  := ffmpeg sox aubio-tools fluidsynth csound time

DEMO_SECONDS := 60
DEMO_ENGINES_FALLBACK := ambient-1 lofi-1 pulse-1 keys-1

.PHONY: deps deps-build deps-test build test demo bench clean

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

build: deps-build
	swift build -c release

test: deps-test
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

# Until the recipes/build feature lands: one short render per engine, served
# with python3's http.server (to be replaced by `studio serve`).
demo: deps-build build
	@command -v python3 >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" -eq 0 ]; then \
	    echo "deps: installing python3 (serves the demo)"; apt-get update -qq; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends python3; \
	  else echo "deps: python3 is needed to serve the demo:" >&2; \
	    echo "  sudo apt-get install -y --no-install-recommends python3" >&2; exit 1; fi; }
	@mkdir -p public/demo; rm -f public/demo/*.flac public/demo/index.html; \
	keys=$$($(STUDIO) engines --keys 2>/dev/null | grep -E '^[a-z0-9][a-z0-9._-]*$$' || true); \
	if [ -z "$$keys" ]; then \
	  echo "demo: '$(STUDIO) engines --keys' gave no engine keys; using: $(DEMO_ENGINES_FALLBACK)"; \
	  keys="$(DEMO_ENGINES_FALLBACK)"; \
	fi; \
	for k in $$keys; do \
	  case "$$k" in \
	    ambient*) prompt="slow evolving ambient pads, warm and spacious" ;; \
	    lofi*)    prompt="mellow lofi hip hop beat with dusty keys" ;; \
	    pulse*)   prompt="driving electronic pulse with a steady four on the floor" ;; \
	    keys*)    prompt="gentle solo piano, reflective and melodic" ;; \
	    *)        prompt="a short instrumental piece" ;; \
	  esac; \
	  echo "demo: rendering $$k ($(DEMO_SECONDS) s): $$prompt"; \
	  $(STUDIO) render --engine "$$k" --prompt "$$prompt" --duration $(DEMO_SECONDS) --seed 1 -o "public/demo/$$k.flac"; \
	  [ -s "public/demo/$$k.flac" ] || { echo "demo: $(STUDIO) render did not write public/demo/$$k.flac" >&2; exit 1; }; \
	done; \
	{ \
	  echo '<!doctype html>'; \
	  echo '<html lang="en"><head><meta charset="utf-8"><title>Music Studio demo</title></head><body>'; \
	  echo '<h1>Music Studio demo</h1>'; \
	  for k in $$keys; do \
	    echo "<h2>$$k</h2>"; \
	    echo "<audio controls preload=\"none\" src=\"$$k.flac\"></audio>"; \
	  done; \
	  echo '</body></html>'; \
	} > public/demo/index.html; \
	echo "demo: files in $(CURDIR)/public/demo/:"; \
	ls -1 public/demo | sed 's/^/  /'
	@echo "Open http://127.0.0.1:$(DEMO_PORT)/demo/"
	@echo "(Ctrl-C to stop the server)"
	python3 -m http.server $(DEMO_PORT) --bind 127.0.0.1 --directory public

bench: deps-test build
	STUDIO="$(STUDIO)" bash scripts/bench.sh

clean:
	rm -rf .build $(TEST_SCRATCH)
	[ ! -d public ] || find public -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +
