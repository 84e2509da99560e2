#!/usr/bin/env bash
# Runs the whole `make test` several times while stress-ng keeps CPU workers busy, to show that
# the suites pass on a loaded machine and not only on an idle one. Stops at the first red run.
#
#   scripts/test-stress.sh [RUNS] [CPU_WORKERS]     (defaults: 3 runs, 2 workers)
#
# Extra make arguments (BUILD_DIR=…) come from MAKE_ARGS. Prints each run's duration, and the
# stress-ng load alongside; the exit status is that of the first failing run, or 0.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

runs=${1:-3}
workers=${2:-2}
read -r -a make_args <<<"${MAKE_ARGS:-}"

if ! command -v stress-ng >/dev/null 2>&1; then
  echo "stress-ng is missing: run scripts/install-deps.sh (make deps)" >&2
  exit 1
fi

minutes() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# The hogs run at normal priority for as long as the runs take, and stop with this script.
stress-ng --cpu "$workers" --quiet &
stress_pid=$!
trap 'kill "$stress_pid" 2>/dev/null || true; wait "$stress_pid" 2>/dev/null || true' EXIT
echo "test-stress: $runs runs of make test beside stress-ng --cpu $workers (pid $stress_pid)"

durations=()
for ((run = 1; run <= runs; run++)); do
  echo "test-stress: run $run of $runs starts at $(date -u +%H:%M:%S)"
  started=$(date +%s)
  status=0
  make --no-print-directory "${make_args[@]}" test || status=$?
  took=$(($(date +%s) - started))
  durations+=("run $run: $(minutes "$took")")
  if [ "$status" -ne 0 ]; then
    echo "test-stress: run $run of $runs FAILED after $(minutes "$took") (exit status $status)"
    printf 'test-stress:   %s\n' "${durations[@]}"
    exit "$status"
  fi
  echo "test-stress: run $run of $runs passed in $(minutes "$took")"
done
echo "test-stress: all $runs runs passed under stress-ng --cpu $workers"
printf 'test-stress:   %s\n' "${durations[@]}"
