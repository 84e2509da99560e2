#!/usr/bin/env bash
# Benchmarks of the Release binary. Each section measures one thing, prints a Markdown table and
# rewrites its part of docs/performance.md (between <!-- bench:NAME:begin --> and
# <!-- bench:NAME:end -->). To add a section, write a section_NAME function that prints its
# Markdown and add NAME to SECTIONS.
#
#   bench/run.sh [TRELLIS_BINARY]        usually through `make bench`
#
# Environment (all optional):
#   RUNS=3                 runs per measurement; the tables show the median
#   DURATION=10s           length of one wrk run
#   THREADS=2              wrk threads
#   CONNECTIONS="64 256"   open connections, one row each
#   API_ENDPOINT=/api/v1/programs   the database-backed JSON endpoint
#   TRELLIS_BENCH_TOKEN    sent as "Authorization: Bearer ..." when set
#   BENCH_DOC=docs/performance.md   the document to update
#   BENCH_SECTIONS="http login web charts reports studies checkins"  the sections to run (web and charts
#                          need web/dist: `make web`)
#   REPORT_SCHOLARS="500 5000"      synthetic program sizes for the reports section
#   REPORT_ROUNDS=4                 closed assessment rounds in the synthetic program
#   STUDIES_PARTS=coding,report,import,interchange   the parts of the studies section to run
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRELLIS_BINARY=${1:-build/release/trellis}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64 256}
API_ENDPOINT=${API_ENDPOINT:-/api/v1/programs}
BENCH_DOC=${BENCH_DOC:-docs/performance.md}
read -r -a SECTIONS <<<"${BENCH_SECTIONS:-http login web charts reports studies checkins}"
STUDIES_BENCH=${STUDIES_BENCH:-$(dirname "$TRELLIS_BINARY")/bench/trellis_studies_bench}
STUDIES_PARTS=${STUDIES_PARTS:-coding,report,import,interchange}
CHECKINS_BENCH=${CHECKINS_BENCH:-$(dirname "$TRELLIS_BINARY")/bench/trellis_checkins_bench}
DEMO_EMAIL=${DEMO_EMAIL:-priya.raman@example.org}   # the demo organizer (see trellis demo)
DEMO_PASSWORD=${DEMO_PASSWORD:-trellis-demo-password}

die() {
  echo "bench: $*" >&2
  exit 1
}

needs_server() {
  local s
  for s in "${SECTIONS[@]}"; do
    case $s in http | login | charts | reports | checkins) return 0 ;; esac
  done
  return 1
}
if needs_server; then
  [ -x "$TRELLIS_BINARY" ] || die "no binary at $TRELLIS_BINARY (run 'make build' first)"
  command -v wrk >/dev/null || die "wrk is not installed (run 'make deps')"
fi

work_dir=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work_dir"
}
trap cleanup EXIT

# trellis rejects TRELLIS_* variables it does not know, so the token is kept from it.
trellis() {
  env -u TRELLIS_BENCH_TOKEN "$TRELLIS_BINARY" "$@"
}

# ---- Helpers -------------------------------------------------------------------------------

# The median of the numbers on stdin (the mean of the middle two for an even count).
median() {
  sort -g | awk '{ v[NR] = $1 }
    END {
      if (NR == 0) exit 1
      if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2
    }'
}

# A wrk duration ("512.00us", "1.20ms", "2.00s", "1.00m") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { f = 0.001 } else if (v ~ /ms$/) { f = 1 } else if (v ~ /m$/) { f = 60000 }
    else if (v ~ /s$/) { f = 1000 } else { exit 1 }
    sub(/[a-z]+$/, "", v); printf "%.2f\n", v * f
  }'
}

# Starts `trellis serve` on a fresh database holding the demo program; extra arguments go to
# `trellis serve`. Sets base_url and bench_db.
start_server() {
  local db="sqlite:$work_dir/bench.db"
  stop_server
  rm -f "$work_dir"/bench.db*
  bench_db=$db
  trellis demo --set "database_url=$db" >"$work_dir/demo.log" 2>&1 ||
    { cat "$work_dir/demo.log" >&2; die "trellis demo failed"; }
  serve_database "$db" "$@"
}

# Stops the server started by serve_database, if any.
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}

# Starts `trellis serve` on the database URL $1 (further arguments go to `trellis serve`); sets
# base_url and the bench token.
serve_database() {
  local db=$1 log="$work_dir/server.log" port=
  shift
  stop_server
  unset TRELLIS_BENCH_TOKEN
  # Not through trellis(): $! must be the server itself so that cleanup can stop it.
  env -u TRELLIS_BENCH_TOKEN "$TRELLIS_BINARY" serve --set "database_url=$db" --set port=0 \
    --set io_threads=2 "$@" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    port=$(sed -n 's|.*Trellis is listening on http://[^ ]*:\([0-9][0-9]*\).*|\1|p' "$log" | head -n 1)
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; die "trellis serve exited"; }
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$log" >&2; die "trellis serve did not report its port within 10s"; }
  base_url="http://127.0.0.1:$port"
  TRELLIS_BENCH_TOKEN=$(demo_token)
  export TRELLIS_BENCH_TOKEN
}

# Signs in as the demo organizer and creates an API token for the database-backed endpoint.
demo_token() {
  local jar="$work_dir/cookies.txt" csrf
  csrf=$(curl -fsS -c "$jar" -H 'Content-Type: application/json' -H "Origin: $base_url" \
    -d "{\"email\":\"$DEMO_EMAIL\",\"password\":\"$DEMO_PASSWORD\"}" \
    "$base_url/api/v1/sessions" | sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p') ||
    die "could not sign in as the demo organizer"
  curl -fsS -b "$jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
    -H "Origin: $base_url" -d '{"name":"bench"}' "$base_url/api/v1/me/tokens" |
    sed -n 's/.*"secret":"\(trl_[0-9a-f]*\)".*/\1/p'
}

# The wrk arguments for one measurement (without the URL).
wrk_args() {
  local connections=$1
  local args=(-t"$THREADS" -c"$connections" -d"$DURATION" --latency)
  [ -n "${TRELLIS_BENCH_TOKEN:-}" ] && args+=(-s bench/bearer.lua)
  echo "${args[@]}"
}

# Runs wrk RUNS times against one endpoint; prints "req/s p50_ms p99_ms", each the median.
measure() {
  local endpoint=$1 connections=$2 out="$work_dir/wrk.txt" run rps p50 p99
  local -a args
  read -r -a args <<<"$(wrk_args "$connections")"
  : >"$work_dir/runs.txt"
  for run in $(seq "$RUNS"); do
    wrk "${args[@]}" "$base_url$endpoint" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
    if grep -q 'Non-2xx or 3xx responses' "$out"; then
      cat "$out" >&2
      die "$endpoint answered with errors; the numbers would be meaningless"
    fi
    grep -q 'Socket errors' "$out" && echo "bench: $endpoint -c$connections run $run: $(grep 'Socket errors' "$out")" >&2
    rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$out")
    if ! p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")") ||
      ! p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")") || [ -z "$rps" ]; then
      cat "$out" >&2
      die "cannot read wrk's output"
    fi
    echo "$rps $p50 $p99" >>"$work_dir/runs.txt"
    echo "bench: $endpoint -c$connections run $run/$RUNS: $rps req/s, p50 $p50 ms, p99 $p99 ms" >&2
  done
  printf '%.0f %s %s\n' \
    "$(cut -d' ' -f1 "$work_dir/runs.txt" | median)" \
    "$(cut -d' ' -f2 "$work_dir/runs.txt" | median)" \
    "$(cut -d' ' -f3 "$work_dir/runs.txt" | median)"
}

# Fails early, with the server's answer, when an endpoint does not answer 200.
check_endpoint() {
  local endpoint=$1
  local -a headers=()
  [ -n "${TRELLIS_BENCH_TOKEN:-}" ] && headers=(-H "Authorization: Bearer $TRELLIS_BENCH_TOKEN")
  curl -fsS -o /dev/null "${headers[@]}" "$base_url$endpoint" ||
    die "GET $endpoint did not answer 200 (set API_ENDPOINT or TRELLIS_BENCH_TOKEN?)"
}

machine_line() {
  local cpu commit
  cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  git diff --quiet HEAD 2>/dev/null || commit="$commit (with local changes)"
  echo "Measured on $(date -u +%Y-%m-%d): $(nproc) CPUs (${cpu:-unknown CPU}), Linux $(uname -r), commit $commit."
}

# ---- Sections ------------------------------------------------------------------------------

# HTTP throughput and latency of a cheap endpoint and a database-backed one.
section_http() {
  local endpoint connections line result
  start_server
  check_endpoint /healthz
  check_endpoint "$API_ENDPOINT"
  echo "| Endpoint | Connections | req/s (median of $RUNS) | p50 ms | p99 ms |"
  echo "|---|---:|---:|---:|---:|"
  for endpoint in /healthz "$API_ENDPOINT"; do
    for connections in $CONNECTIONS; do
      line=$(measure "$endpoint" "$connections")
      read -r -a result <<<"$line"
      echo "| \`GET $endpoint\` | $connections | ${result[0]} | ${result[1]} | ${result[2]} |"
    done
  done
  echo
  machine_line
  echo "Server: \`trellis serve --set io_threads=2\` on SQLite with the demo program; wrk runs on the same machine."
  echo "Command for each row: \`wrk $(wrk_args '<connections>') http://127.0.0.1:<port><endpoint>\`."
}

# Sign-in cost: Argon2id dominates it. Logins run on the worker pool, so /healthz is measured
# at the same time to show that other requests keep their speed while logins run.
section_login() {
  local login_out="$work_dir/login.txt" alone together
  start_server
  alone=$(measure /healthz 64)
  DEMO_EMAIL=$DEMO_EMAIL DEMO_PASSWORD=$DEMO_PASSWORD \
    wrk -t1 -c4 -d"$DURATION" --latency -s bench/login.lua "$base_url/api/v1/sessions" \
    >"$login_out" 2>&1 &
  local login_pid=$!
  sleep 1
  together=$(RUNS=1 measure /healthz 64)
  wait "$login_pid" || { cat "$login_out" >&2; die "login wrk failed"; }
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$login_out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$login_out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$login_out")")
  read -r -a a <<<"$alone"
  read -r -a t <<<"$together"
  echo "| Measurement | req/s | p50 ms | p99 ms |"
  echo "|---|---:|---:|---:|"
  echo "| \`POST /api/v1/sessions\` (sign-in, 4 connections) | $rps | $p50 | $p99 |"
  echo "| \`GET /healthz\` alone (64 connections) | ${a[0]} | ${a[1]} | ${a[2]} |"
  echo "| \`GET /healthz\` while sign-ins run (64 connections, 1 run) | ${t[0]} | ${t[1]} | ${t[2]} |"
  echo
  machine_line
  echo "Sign-in: \`wrk -t1 -c4 -d$DURATION --latency -s bench/login.lua\`; each sign-in verifies an Argon2id hash (m=19 MiB, t=2)."
}

# What the browser downloads for the web UI's first page, gzipped, from Vite's manifest.
section_web() {
  [ -f web/dist/.vite/manifest.json ] || die "the web UI is not built (run 'make web')"
  node web/scripts/bundle-size.mjs
  echo
  echo "Measured on $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown): \`node web/scripts/bundle-size.mjs\` reads \`web/dist/.vite/manifest.json\` and gzips (level 9) each file a first visit loads. \`npm run build\` fails when a first load exceeds the budget."
}

# Time to the first drawn chart in Debian's Chromium, on the demo program: from the start of the
# navigation to the first chart canvas, a fresh browser context each run (a first visit).
section_charts() {
  [ -f web/dist/.vite/manifest.json ] || die "the web UI is not built (run 'make web')"
  start_server --set static_dir=web/dist
  echo "| Page (demo program, 1280 × 860) | Median ms | Fastest ms | Slowest ms |"
  echo "|---|---:|---:|---:|"
  (cd web && node scripts/chart-timing.mjs "$base_url" "$DEMO_EMAIL" "$DEMO_PASSWORD" "$((RUNS < 5 ? 5 : RUNS))") |
    awk -F'\t' '{ printf "| %s | **%s** | %s | %s |\n", $1, $2, $3, $4 }'
  stop_server
  echo
  machine_line
  echo "\`node web/scripts/chart-timing.mjs\`: performance.now() when the first \`figure.chart canvas\` enters the page; charts below the fold are drawn only as they come near the viewport. Target: under 300 ms."
}

# Assessment reports over a synthetic program (trellis bench-data): N scholars in streams of 25,
# REPORT_ROUNDS closed rounds, self + mentor + one peer rating nine qualities each. A cold
# report computes two rounds' aggregates from SQL (this round and the previous one, for the
# change); a closed round's report is then kept in memory, so warm requests only render it.
section_reports() {
  local scholars out db rounds last first scholar line ratings gen cold_last cold_first
  local -a r
  echo "| Scholars | Ratings | Generate s | Cold report ms (2 rounds) | Measurement | Connections | req/s | p50 ms | p99 ms |"
  echo "|---:|---:|---:|---:|---|---:|---:|---:|---:|"
  for scholars in ${REPORT_SCHOLARS:-500 5000}; do
    db="sqlite:$work_dir/reports-$scholars.db"
    out="$work_dir/bench-data-$scholars.txt"
    trellis bench-data --scholars "$scholars" --rounds "${REPORT_ROUNDS:-4}" \
      --set "database_url=$db" >"$out" 2>&1 || { cat "$out" >&2; die "trellis bench-data failed"; }
    ratings=$(awk '$1 == "ratings" { print $2 }' "$out")
    gen=$(awk '$1 == "seconds" { printf "%.1f", $2 }' "$out")
    rounds=$(awk '$1 == "round" { print $2 }' "$out")
    last=$(echo "$rounds" | tail -n 1)
    first=$(echo "$rounds" | sed -n 2p)
    DEMO_EMAIL=bench.organizer@example.org DEMO_PASSWORD=bench-organizer-password serve_database "$db"
    cold_last=$(report_ms "/api/v1/assessment-rounds/$last/cohort-report")
    cold_first=$(report_ms "/api/v1/assessment-rounds/$first/cohort-report")
    scholar=$(curl -fsS -H "Authorization: Bearer $TRELLIS_BENCH_TOKEN" \
      "$base_url/api/v1/assessment-rounds/$last/heatmap?limit=1" |
      sed -n 's/.*"scholar_id":"\([0-9a-f-]*\)".*/\1/p')
    local cohort
    cohort=$(awk '$1 == "cohort" { print $2 }' "$out")
    for spec in "cohort report|/api/v1/assessment-rounds/$last/cohort-report|4" \
      "cohort report|/api/v1/assessment-rounds/$last/cohort-report|16" \
      "heatmap, 200 scholars a page|/api/v1/assessment-rounds/$last/heatmap?limit=200|4" \
      "scholar report (4 rounds)|/api/v1/cohorts/$cohort/scholars/$scholar/assessment-report|4"; do
      IFS='|' read -r -a r <<<"$spec"
      check_endpoint "${r[1]}"
      line=$(measure "${r[1]}" "${r[2]}")
      read -r -a result <<<"$line"
      echo "| $scholars | $ratings | $gen | $cold_last / $cold_first | ${r[0]} | ${r[2]} | ${result[0]} | ${result[1]} | ${result[2]} |"
    done
    stop_server
  done
  echo
  machine_line
  echo "Load average when the section ended: $(cut -d' ' -f1-3 /proc/loadavg) (other work shares the machine)."
  echo "Cold: the first request for the last round, then for round 2, right after the server started (each computes its round and the previous one). Warm rows: \`wrk $(wrk_args '<connections>') http://127.0.0.1:<port><endpoint>\`."
}

# Milliseconds of one request (curl's total time).
report_ms() {
  curl -fsS -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TRELLIS_BENCH_TOKEN" \
    "$base_url$1" | awk '{ printf "%.0f", $1 * 1000 }'
}

# Studies: coding through the API, the theme report over a large study, a large transcript
# import as a background job. The server accepts bodies up to 256 MiB here, since the import is
# one request of about 35 MB.
section_studies() {
  local out="$work_dir/studies.txt"
  [ -x "$STUDIES_BENCH" ] || die "no studies benchmark at $STUDIES_BENCH (run 'make build')"
  start_server --set max_body_bytes=256MiB
  "$STUDIES_BENCH" "$base_url" "$bench_db" "$TRELLIS_BENCH_TOKEN" "$STUDIES_PARTS" >"$out" ||
    { cat "$out" >&2; die "the studies benchmark failed"; }
  v() { awk -v k="$1" '$1 == k { print $2 }' "$out"; }
  echo "| Measurement | Result | Target |"
  echo "|---|---:|---:|"
  echo "| 200 coded segments created one after another through the API on a 20 KB answer (HTTP included) | $(v coding_200_segments_total) s (median $(v coding_segment_median) ms, p99 $(v coding_segment_p99) ms per segment) | < 0.3 s |"
  echo "| Theme report, 1,000 respondents x 5 answers, $(v report_segments) coded segments | $(v report_themes_median) ms (median of 7) | < 100 ms |"
  echo "| Co-occurrence report, same study | $(v report_co-occurrence_median) ms (median of 7) | |"
  echo "| Suggested codes for one answer of that study: after a coding change (the model retrained) / cached | $(v suggest_cold_median) ms / $(v suggest_warm_median) ms (medians of 3 / 15) | |"
  echo "| Queue of the answers a coder has not coded, with their top suggestion (20 a page), same study | $(v suggest_queue_median) ms (median of 7) | |"
  echo "| Import of 1,000 transcripts, $(v import_words) words ($(v import_body) MB of JSON), request to finished job | $(v import_total) s (202 after $(v import_accepted) s) | < 60 s |"
  echo "| Other requests during the import (GET a study, one connection) | median $(v import_other_median) ms, slowest $(v import_other_max) ms over $(v import_other_requests) requests | keeps serving |"
  echo "| REFI-QDA export of a study of 1,000 respondents x 5 answers with $(v interchange_segments) coded segments (\`GET /studies/{id}/project.qdpx\`, $(v interchange_archive) MB, HTTP included) | $(v interchange_export_median) s (median of 5) | |"
  echo "| REFI-QDA import of that \`.qdpx\` as a new study (\`POST /programs/{id}/study-imports\`, one transaction, HTTP included) | $(v interchange_import_median) s (median of 3) | |"
  echo
  machine_line
  echo "Server: \`trellis serve --set io_threads=2 --set max_body_bytes=256MiB\` on SQLite; client: \`build/release/bench/trellis_studies_bench\` on the same machine, one keep-alive connection with an API token."
  echo "Load average when the run ended (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg); figures from a busy machine are upper bounds."
}

# Check-ins over a synthetic cohort (trellis bench-data): 5,000 scholars with a year of weekly
# check-ins (260,000). In each of RUNS runs, on a fresh copy of that database, every scholar
# submits this week's check-in from CHECKINS_CONNECTIONS connections at once, and the trend page
# and the cohort view are timed on one connection. The table shows the medians of the runs.
section_checkins() {
  local data="$work_dir/checkins-data.txt" scholars=${CHECKINS_SCHOLARS:-5000}
  local template="$work_dir/checkins-template.db" db="$work_dir/checkins.db" cohort run
  [ -x "$CHECKINS_BENCH" ] || die "no check-ins benchmark at $CHECKINS_BENCH (run 'make build')"
  rm -f "$template"* "$db"*
  trellis bench-data --scholars "$scholars" --rounds 1 --checkin-weeks 52 \
    --set "database_url=sqlite:$template" >"$data" 2>&1 || { cat "$data" >&2; die "trellis bench-data failed"; }
  cohort=$(awk '$1 == "cohort" { print $2 }' "$data")
  : >"$work_dir/checkins-runs.txt"
  for run in $(seq "$RUNS"); do
    rm -f "$db"*
    cp "$template" "$db"
    DEMO_EMAIL=bench.organizer@example.org DEMO_PASSWORD=bench-organizer-password serve_database "sqlite:$db"
    "$CHECKINS_BENCH" "$base_url" "sqlite:$db" "$TRELLIS_BENCH_TOKEN" "$cohort" "${CHECKINS_CONNECTIONS:-16}" \
      >"$work_dir/checkins-run.txt" || { cat "$work_dir/checkins-run.txt" >&2; die "the check-ins benchmark failed"; }
    stop_server
    echo "bench: checkins run $run/$RUNS: $(grep -E '^(submit_p99|trend_median|cohort_median) ' "$work_dir/checkins-run.txt" | tr '\n' ' ')" >&2
    cat "$work_dir/checkins-run.txt" >>"$work_dir/checkins-runs.txt"
  done
  # The median over the runs of one figure the client printed.
  v() { awk -v k="$1" '$1 == k { print $2 }' "$work_dir/checkins-runs.txt" | median; }
  echo "| Measurement (median of $RUNS runs) | Result | Target |"
  echo "|---|---:|---:|"
  echo "| Synthetic cohort written by \`trellis bench-data\` | $(v scholars) scholars, $(awk '$1 == "checkins" { print $2 }' "$data") check-ins in $(awk '$1 == "seconds" { printf "%.1f", $2 }' "$data") s | |"
  echo "| Submit this week's check-in (\`POST /me/checkins\`), every scholar once, $(v submit_connections) connections | p50 $(v submit_p50) ms, **p99 $(v submit_p99) ms**, $(v submit_per_second) per second | p99 < 10 ms |"
  echo "| A scholar's trend page with a year of check-ins (\`GET /me/checkins\`), 200 requests on one connection | **median $(v trend_median) ms**, p99 $(v trend_p99) ms | < 20 ms |"
  echo "| Every alert rule for the whole cohort, one evaluation (\`POST /checkin-alert-runs\`, HTTP included; $(v rules_scholars) consenting scholars, $(v rules_raised) alerts raised) | **$(v rules_ms) ms** | < 1 s |"
  echo "| Cohort view of $(v scholars) scholars (\`GET /cohorts/{id}/checkin-report\`), 50 requests on one connection | **median $(v cohort_median) ms**, p99 $(v cohort_p99) ms, first request $(v cohort_first) ms | < 50 ms |"
  echo
  machine_line
  echo "Server: \`trellis serve --set io_threads=2\` on SQLite; client: \`build/release/bench/trellis_checkins_bench\` on the same machine (it gives the synthetic scholars API tokens in the database). Latencies include HTTP. ADR 18 explains the totals table and the group commit behind these figures."
  echo "Load average when the run ended (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg); figures from a busy machine are upper bounds."
}

# ---- docs/performance.md -------------------------------------------------------------------

write_document_intro() {
  cat >"$BENCH_DOC" <<'EOF'
# Performance

What `make bench` measures, and the latest results. Numbers depend on the machine: compare runs
made on the same machine only.

To reproduce: `make bench`. It builds the Release binary, loads the demo program into a fresh
SQLite database in a temporary folder, starts `trellis serve` on a free port and measures it with
[wrk](https://github.com/wg/wrk) running on the same machine, so client and server share the
CPUs. Each measurement runs several times and the tables show the median. `bench/run.sh` lists
the settings that can be changed (runs, duration, connections, endpoint, bearer token).
EOF
}

# Replaces the text between a section's markers with the file $2, adding the section (with the
# heading $3) at the end of the document when it has no markers yet.
update_document() {
  local name=$1 content=$2 heading=$3
  local begin="<!-- bench:$name:begin -->" end="<!-- bench:$name:end -->"
  mkdir -p "$(dirname "$BENCH_DOC")"
  [ -f "$BENCH_DOC" ] || write_document_intro
  if ! grep -qF "$begin" "$BENCH_DOC"; then
    printf '\n## %s\n\n%s\n%s\n' "$heading" "$begin" "$end" >>"$BENCH_DOC"
  fi
  awk -v begin="$begin" -v end="$end" -v content="$content" '
    $0 == begin { print; while ((getline line < content) > 0) print line; skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }
  ' "$BENCH_DOC" >"$work_dir/doc.md"
  cat "$work_dir/doc.md" >"$BENCH_DOC"
}

declare -A SECTION_HEADINGS=(
  [http]="HTTP throughput and latency"
  [login]="Sign-in cost"
  [web]="Web UI: size of the first load"
  [charts]="Time to the first chart"
  [reports]="Assessment reports"
  [studies]="Studies: coding, reports, transcript imports"
  [checkins]="Check-ins"
)

for section in "${SECTIONS[@]}"; do
  echo "bench: section $section" >&2
  "section_$section" >"$work_dir/$section.md"
  update_document "$section" "$work_dir/$section.md" "${SECTION_HEADINGS[$section]}"
  echo
  cat "$work_dir/$section.md"
done
echo
echo "bench: updated $BENCH_DOC" >&2
