# PAT Pilot — one entry point. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VERSION        := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
WB_VERSION     := $(shell sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
TARGET         := wasm32-unknown-unknown
# Both can be moved (e.g. to build in parallel checkouts); the e2e harness reads
# PAT_PILOT_EXTENSION for the folder to load.
export CARGO_TARGET_DIR ?= target
export DIST_DIR ?= dist
# The extension's contexts, one wasm module each (Cargo.toml's features, www/*.js and
# extension/background.js import them). They share one cargo target folder, so the dependencies
# (whose features do not depend on the context) are compiled once, not three times. The crate's
# own outputs carry no feature hash in their names (a cdylib's never does), and cargo keeps one
# fingerprint for them whatever the features; so each context's outputs and fingerprint are kept
# in wasm/out-<context>/ and put back before its build: cargo then finds them fresh or rebuilds
# them, and never takes another context's module for this one.
CONTEXTS       := popup options worker
WASM_DIR       := $(CARGO_TARGET_DIR)/wasm
WASM_DEPS      := $(WASM_DIR)/$(TARGET)/release/deps
WASM_PRINTS    := $(WASM_DIR)/$(TARGET)/release/.fingerprint
CRATE_OUTPUTS  := pat_pilot.wasm pat_pilot.d libpat_pilot.rlib
context_out     = $(WASM_DIR)/out-$(1)
wasm_raw        = $(call context_out,$(1))/pat_pilot.wasm
PKG            := $(CARGO_TARGET_DIR)/pkg
DIST           := $(DIST_DIR)/extension
ZIP            := $(DIST_DIR)/pat-pilot-$(VERSION).zip
export PAT_PILOT_EXTENSION ?= $(abspath $(DIST))
BIN            := node_modules/.bin
export CHROMIUM ?= /usr/bin/chromium
export CHROMEDRIVER ?= /usr/bin/chromedriver
export FIREFOX ?= /usr/bin/firefox-esr
# What a build reads: when none is newer than the stamp `make build` leaves, lint, e2e, firefox,
# run, store and bench test the extension already built instead of building it again.
SOURCES        := $(shell find src extension www locales -type f) Cargo.toml Cargo.lock \
                  package-lock.json tools/locales.mjs tools/zip.mjs Makefile
BUILT          := $(DIST_DIR)/.built
NPM            := node_modules/.package-lock.json
# How hard rustc optimises wasm-bindgen-cli when `make deps` compiles it (see `tools`): at 0 it
# compiles in half the CPU time of 1 and runs a few seconds slower in all of `make test`.
TOOL_OPT_LEVEL ?= 0

.PHONY: help deps wasm-target tools browsers build run store test bench lint fmt clippy unit wasm-test e2e firefox fuzz icons clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

deps: wasm-target tools ## Install what the build needs (rust target, wasm-bindgen-cli, npm packages); no browser

wasm-target:
	@rustup target list --installed | grep -qx $(TARGET) || rustup target add $(TARGET)

# The build's tools, which nothing before the wasm tests needs: `make test` installs them beside
# fmt, clippy and the unit tests. wasm-bindgen-cli (the pinned version) is compiled at
# TOOL_OPT_LEVEL, without its TLS (rustls, only for a remote WebDriver over https; ChromeDriver is
# local, over http) and without wasm2es6js, which nothing uses. In a temporary target folder of
# its own (not CARGO_TARGET_DIR), so it never waits for the lock of the cargo runs beside it.
tools: $(NPM)
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WB_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WB_VERSION)"; \
	  install=(install wasm-bindgen-cli --version =$(WB_VERSION) --no-default-features \
	    --bin wasm-bindgen --bin wasm-bindgen-test-runner); \
	  export CARGO_PROFILE_RELEASE_OPT_LEVEL=$(TOOL_OPT_LEVEL); unset CARGO_TARGET_DIR; \
	  cargo "$${install[@]}" --locked || cargo "$${install[@]}"; fi

$(NPM): package-lock.json
	npm ci --no-audit --no-fund

# Debian's packages, installed as root with apt (elsewhere: the command to run). CHROMIUM,
# CHROMEDRIVER and FIREFOX may point at other builds; SKIP_FIREFOX=1 leaves Firefox out.
browsers: ## Install the browsers the tests drive (Chromium, ChromeDriver, Chromium's translations, Firefox ESR)
	@need=(); [ -x "$(CHROMIUM)" ] || need+=(chromium); [ -x "$(CHROMEDRIVER)" ] || need+=(chromium-driver); \
	[ "$(CHROMIUM)" != /usr/bin/chromium ] || [ -e /usr/lib/chromium/locales/de.pak ] || need+=(chromium-l10n); \
	[ -n "$(SKIP_FIREFOX)" ] || [ -x "$(FIREFOX)" ] || need+=(firefox-esr); \
	if ((!$${#need[@]})); then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing $${need[*]}"; apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$${need[@]}" >/dev/null; \
	else echo "Please install $${need[*]} (Debian: sudo apt-get install $${need[*]})"; exit 1; fi

build: deps ## Build dist/extension (load unpacked) and dist/pat-pilot-<version>.zip
	@# One wasm module per context, each with only what it uses (cargo features of the one crate).
	@# DENY_WARNINGS=1 (`make test` sets it): a context's own dead code or unused import fails
	@# here (clippy sees all contexts at once). Off by default, so a newer rustc's new lint never
	@# stops `make run`.
	mkdir -p $(WASM_DEPS) $(WASM_PRINTS) && for context in $(CONTEXTS); do \
	  out=$(call context_out,$$context); mkdir -p $$out; \
	  rm -rf $(WASM_PRINTS)/pat-pilot-*; \
	  if [ -d $$out/fingerprint ]; then cp -a $$out/fingerprint/. $(WASM_PRINTS)/; fi; \
	  for f in $(CRATE_OUTPUTS); do \
	    if [ -e $$out/$$f ]; then cp -p $$out/$$f $(WASM_DEPS)/$$f; else rm -f $(WASM_DEPS)/$$f; fi; \
	  done; \
	  start=$$(date +%s); \
	  CARGO_TARGET_DIR=$(WASM_DIR) cargo rustc --release --target $(TARGET) --lib \
	    --no-default-features --features $$context $(if $(DENY_WARNINGS),-- -D warnings,) || exit 1; \
	  echo "cargo build $$context: $$(( $$(date +%s) - start )) s"; \
	  for f in $(CRATE_OUTPUTS); do cp -p $(WASM_DEPS)/$$f $$out/$$f || exit 1; done; \
	  rm -rf $$out/fingerprint && mkdir $$out/fingerprint && cp -a $(WASM_PRINTS)/pat-pilot-* $$out/fingerprint/ || exit 1; \
	done
	rm -rf $(PKG) && for context in $(CONTEXTS); do \
	  wasm-bindgen --target web --no-typescript --out-dir $(PKG) --out-name $$context $(call wasm_raw,$$context) || exit 1; \
	done
	@# One copy of the shim: the worker bootstrap and every module's glue share extension/ext.js.
	sed -i -E "s#(['\"])\./snippets/[^'\"]*/extension/ext\.js(['\"])#\1../ext.js\2#g" $(PKG)/*.js
	@! grep -l snippets/ $(PKG)/*.js || { echo "the wasm glue still imports a snippet"; exit 1; }
	@# A binding of numbers alone is imported by the wasm itself, under the snippet path: give it `catch`.
	@! grep -l snippets/ $(PKG)/*_bg.wasm || { echo "the wasm imports a snippet directly"; exit 1; }
	rm -rf $(PKG)/snippets
	for context in $(CONTEXTS); do \
	  $(BIN)/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	    --enable-mutable-globals --enable-reference-types --enable-multivalue \
	    $(PKG)/$${context}_bg.wasm -o $(PKG)/$${context}_bg.wasm || exit 1; \
	done
	rm -rf $(DIST) && mkdir -p $(DIST)
	cp -r extension/. $(DIST)/ && rm -f $(DIST)/icons/icon.svg
	node tools/locales.mjs $(DIST)/_locales
	cp www/*.html www/*.css www/*.js $(DIST)/
	cp -r $(PKG) $(DIST)/pkg
	sed -i 's/"version": "[^"]*"/"version": "$(VERSION)"/' $(DIST)/manifest.json
	@# Zopfli's deflate: the same format, about 5% smaller than `zip -9` (tools/zip.mjs).
	rm -f $(ZIP) && node tools/zip.mjs $(DIST) $(ZIP)
	@for context in $(CONTEXTS); do printf 'wasm %-7s %7s bytes (raw %s), gzipped %s\n' $$context \
	  $$(stat -c %s $(PKG)/$${context}_bg.wasm) $$(stat -c %s $(call wasm_raw,$$context)) \
	  $$(gzip -9c $(PKG)/$${context}_bg.wasm | wc -c); done
	@printf 'zip: %s bytes\n' $$(stat -c %s $(ZIP))
	@touch $(BUILT)

# Builds only when a source is newer than the last build.
$(BUILT): $(SOURCES)
	@$(MAKE) --no-print-directory build

run: $(BUILT) browsers ## Build, then run it in Chromium against the bundled fake Azure DevOps (headless: screenshots)
	node tools/run.mjs $(if $(REAL),--real,)

store: $(BUILT) browsers ## A store listing folder in dist/store: the zip, screenshots (light and dark), the listing text
	node tools/run.mjs --headless
	rm -rf $(DIST_DIR)/store && mkdir -p $(DIST_DIR)/store
	cp $(ZIP) $(DIST_DIR)/screenshots/*.png $(DIST_DIR)/store/
	node -e 'for (const l of ["en", "de"]) { const m = require("$(abspath $(DIST))/_locales/" + l + "/messages.json"); console.log(`[$${l}] $${m.extName.message}: $${m.extDescription.message}`); }' > $(DIST_DIR)/store/listing.txt
	@echo "store listing: $(DIST_DIR)/store"

fmt: ## Check formatting
	cargo fmt --check

# All contexts at once; each context alone (its dead code, unused imports) is checked by
# `make build`, whose release build of each context denies rustc's warnings.
clippy: ## Lint the host and the wasm target (all contexts), warnings as errors
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --test wasm_node --test wasm_browser --target $(TARGET) -- -D warnings

unit: ## Host tests of the core, the client and the engine
	cargo test

wasm-test: deps browsers ## wasm-bindgen tests under Node and in headless Chromium
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  cargo test --target $(TARGET) --test wasm_node
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  cargo test --target $(TARGET) --test wasm_browser

lint: $(BUILT) ## web-ext lint of the built extension (0 errors)
	$(BIN)/web-ext lint --source-dir $(DIST) --self-hosted --output text

e2e: $(BUILT) browsers ## End-to-end tests: the built extension in Chromium against the fake Azure DevOps
	node --test --test-concurrency=1 tests/fake-azure-devops/ tests/security/ tests/e2e/

test: ## Everything CI runs: deps, browsers, fmt, clippy, unit, wasm tests, build, lint, end-to-end, Firefox
	@bash tools/stages.sh

bench: $(BUILT) browsers ## Print the benchmark table (popup, worker, check, planner, sizes)
	node tests/bench/bench.mjs

firefox: $(BUILT) browsers ## The built extension in headless Firefox ESR against the fake Azure DevOps
	node --test --test-concurrency=1 tests/firefox/

fuzz: ## Fuzz the preset import and the URL parser (needs nightly; FUZZ_SECONDS=600)
	cargo +nightly fuzz run --fuzz-dir tests/fuzz preset_import -- -max_total_time=$${FUZZ_SECONDS:-600}
	cargo +nightly fuzz run --fuzz-dir tests/fuzz org_from_url -- -max_total_time=$${FUZZ_SECONDS:-600}

icons: ## Re-render the PNG icons from extension/icons/icon.svg
	node tools/render-icons.mjs

clean: ## Remove build output
	rm -rf $(DIST_DIR) $(PKG)
