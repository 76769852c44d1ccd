#!/usr/bin/env bash
# `make test`: every stage runs and is reported. The closing lines give each stage's time, then
# one line counts them ("N passed, N failed"; with SKIP_FIREFOX=1 it adds "firefox skipped").
#
# The extension is built once (the `build` stage); lint, e2e and firefox test that build. The
# browsers' install (apt: mostly network and disk) runs beside the CPU-bound stages from the
# start, and is waited for before the first stage that needs a browser.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0; failed=0; failures=(); summary=(); began=$SECONDS

record() { # name, ok|FAILED, seconds[, note]
  if [ "$2" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$1"); fi
  echo "--- $1: $2 ($3 s)"
  summary+=("$(printf '  %-10s %5s s  %s%s' "$1" "$3" "$2" "${4:+ ($4)}")")
}

stage() {
  local name=$1; shift
  local start=$SECONDS
  echo "=== $name"
  if "$@"; then record "$name" ok $((SECONDS - start)); else record "$name" FAILED $((SECONDS - start)); fi
}

# A stage that runs in the background: its output is kept and printed when it is joined.
bg_dir=$(mktemp -d); trap 'rm -rf "$bg_dir"' EXIT
declare -A bg_pid bg_since
background() {
  local name=$1; shift
  bg_since[$name]=$SECONDS
  ( start=$SECONDS; "$@" >"$bg_dir/$name.log" 2>&1; echo "$? $((SECONDS - start))" >"$bg_dir/$name.rc" ) &
  bg_pid[$name]=$!
}
join() {
  local name=$1 since=$2
  echo "=== $name (ran beside ${since})"
  wait "${bg_pid[$name]}"
  cat "$bg_dir/$name.log"
  local rc secs
  read -r rc secs <"$bg_dir/$name.rc"
  if [ "$rc" = 0 ]; then record "$name" ok "$secs" "beside $since"; else record "$name" FAILED "$secs" "beside $since"; fi
}

background browsers make -s browsers
stage deps make -s deps
stage fmt make -s fmt
stage clippy make -s clippy
stage unit make -s unit
join browsers "deps, fmt, clippy, unit"
stage wasm-test make -s wasm-test
stage build make -s build
stage lint make -s lint
stage e2e make -s e2e
if [ -n "${SKIP_FIREFOX:-}" ]; then
  echo "=== firefox: skipped (SKIP_FIREFOX=$SKIP_FIREFOX)"
  summary+=("$(printf '  %-10s %5s    %s' firefox - skipped)")
else
  stage firefox make -s firefox
fi

echo "--- stage times"
printf '%s\n' "${summary[@]}"
echo "  total      $(printf '%5s' $((SECONDS - began))) s"
if ((failed)); then echo "failed stages: ${failures[*]}"; fi
echo "$passed passed, $failed failed${SKIP_FIREFOX:+, firefox skipped}"
((failed == 0))
