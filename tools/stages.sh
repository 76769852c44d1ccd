#!/usr/bin/env bash
# `make test`: every stage runs and is reported. The closing lines give each stage's time, then
# one line counts them ("N passed, N failed"; with SKIP_FIREFOX=1 it adds "firefox skipped").
#
# The extension is built once (the `build` stage); lint, e2e and firefox test that build. Two
# installs run beside the first stages and are waited for before the wasm tests, the first stage
# that needs them: the browsers (apt: mostly network and disk) and the build's tools (npm
# packages; wasm-bindgen-cli, compiled: it fills the cores that fmt, clippy and the unit tests
# leave idle while they wait on one crate or link).
#
# Each stage also reports the CPU time of its processes (user + system): on a shared machine the
# wall times vary with the load, the CPU times much less.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0; failed=0; failures=(); summary=(); began=$SECONDS

# In a subshell of its own: runs the command, then leaves in `file` the CPU seconds (user +
# system) of its processes, from `times` (a subshell's children are that command alone, whatever
# runs beside it).
timed() { # file, command...
  local file=$1; shift
  "$@"; local rc=$?
  times >"$file" && children_cpu <"$file" >"$file.s" && mv "$file.s" "$file" # no pipe: `times` in this shell
  return $rc
}
# `times` prints the shell's user and system time, then its finished children's: their sum.
children_cpu() {
  awk 'END { s = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); s += p[1] * 60 + p[2] } printf "%d\n", s + 0.5 }'
}

record() { # name, ok|FAILED, seconds, cpu seconds[, note]
  if [ "$2" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$1"); fi
  echo "--- $1: $2 ($3 s, cpu $4 s)"
  summary+=("$(printf '  %-10s %5s s  cpu %5s s  %s%s' "$1" "$3" "$4" "$2" "${5:+ ($5)}")")
}

stage() {
  local name=$1; shift
  local start=$SECONDS rc=ok
  echo "=== $name"
  ( timed "$bg_dir/$name.cpu" "$@" ) || rc=FAILED
  record "$name" $rc $((SECONDS - start)) "$(cat "$bg_dir/$name.cpu" 2>/dev/null || echo ?)"
}

# A stage that runs in the background: its output is kept and printed when it is joined.
bg_dir=$(mktemp -d); trap 'rm -rf "$bg_dir"' EXIT
declare -A bg_pid bg_since
background() {
  local name=$1; shift
  bg_since[$name]=$SECONDS
  ( start=$SECONDS; timed "$bg_dir/$name.cpu" "$@" >"$bg_dir/$name.log" 2>&1
    echo "$? $((SECONDS - start))" >"$bg_dir/$name.rc" ) &
  bg_pid[$name]=$!
}
join() {
  local name=$1 since=$2
  echo "=== $name (ran beside ${since})"
  wait "${bg_pid[$name]}"
  cat "$bg_dir/$name.log"
  local rc secs
  read -r rc secs <"$bg_dir/$name.rc"
  if [ "$rc" = 0 ]; then rc=ok; else rc=FAILED; fi
  record "$name" $rc "$secs" "$(cat "$bg_dir/$name.cpu" 2>/dev/null || echo ?)" "beside $since"
}

background browsers make -s browsers
stage target make -s wasm-target
background tools make -s tools
stage fmt make -s fmt
stage clippy make -s clippy
stage unit make -s unit
join tools "fmt, clippy, unit"
join browsers "target, tools, fmt, clippy, unit"
stage wasm-test make -s wasm-test
stage build make -s build DENY_WARNINGS=1
stage lint make -s lint
stage e2e make -s e2e
if [ -n "${SKIP_FIREFOX:-}" ]; then
  echo "=== firefox: skipped (SKIP_FIREFOX=$SKIP_FIREFOX)"
  summary+=("$(printf '  %-10s %5s          %5s    %s' firefox - - skipped)")
else
  stage firefox make -s firefox
fi

echo "--- stage times"
printf '%s\n' "${summary[@]}"
times >"$bg_dir/times" # in this shell: every stage, background ones included, has been waited for
echo "  total      $(printf '%5s' $((SECONDS - began))) s  cpu $(printf '%5s' "$(children_cpu <"$bg_dir/times")") s  (load at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
if ((failed)); then echo "failed stages: ${failures[*]}"; fi
echo "$passed passed, $failed failed${SKIP_FIREFOX:+, firefox skipped}"
((failed == 0))
