#!/usr/bin/env bash
# `make test`: every stage runs, each reported; the last line counts them ("N passed, N failed").
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0; failed=0; failures=()
stage() {
  local name=$1; shift
  local start=$SECONDS
  echo "=== $name"
  if "$@"; then passed=$((passed + 1)); echo "--- $name: ok ($((SECONDS - start)) s)"
  else failed=$((failed + 1)); failures+=("$name"); echo "--- $name: FAILED ($((SECONDS - start)) s)"; fi
}
stage deps make -s deps
stage fmt make -s fmt
stage clippy make -s clippy
stage unit make -s unit
stage wasm-test make -s wasm-test
stage build make -s build
stage lint make -s lint
stage e2e make -s e2e
stage firefox make -s firefox
if ((failed)); then echo "failed stages: ${failures[*]}"; fi
echo "$passed passed, $failed failed"
((failed == 0))
