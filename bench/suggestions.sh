#!/usr/bin/env bash
# Times GET /api/v1/answers/{id}/suggestions on the demo mentor-interview study: cold (the first
# request after a change to the study's coding, so the model is trained) and warm (the model
# cached). Prints a Markdown table of medians; docs/suggestions.md records the latest figures.
#
#   bench/suggestions.sh [TRELLIS_BINARY]      RUNS=15 by default
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
TRELLIS_BINARY=${1:-build/release/trellis}
RUNS=${RUNS:-15}
EMAIL=mei.chen@example.org  # the demo analyst
PASSWORD=trellis-demo-password

die() {
  echo "suggestions bench: $*" >&2
  exit 1
}
[ -x "$TRELLIS_BINARY" ] || die "no binary at $TRELLIS_BINARY (run 'make build' first)"

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

db="sqlite:$work_dir/demo.db"
"$TRELLIS_BINARY" demo --set "database_url=$db" >"$work_dir/demo.log" 2>&1 ||
  { cat "$work_dir/demo.log" >&2; die "trellis demo failed"; }
"$TRELLIS_BINARY" serve --set "database_url=$db" --set port=0 >"$work_dir/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's|.*Trellis is listening on http://[^ ]*:\([0-9][0-9]*\).*|\1|p' "$work_dir/server.log" | head -n 1)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work_dir/server.log" >&2; die "trellis serve exited"; }
  sleep 0.1
done
[ -n "$port" ] || die "trellis serve did not report its port within 10s"
base="http://127.0.0.1:$port"
jar="$work_dir/cookies.txt"

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
csrf=$(curl -fsS -c "$jar" -H 'Content-Type: application/json' -H "Origin: $base" \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$base/api/v1/sessions" | json 'd["csrf_token"]')
get() { curl -fsS -b "$jar" "$base$1"; }
# The queue is timed as the demo organizer, who has coded nothing: every answer is scored.
curl -fsS -c "$work_dir/organizer.txt" -H 'Content-Type: application/json' -H "Origin: $base" \
  -d "{\"email\":\"priya.raman@example.org\",\"password\":\"$PASSWORD\"}" \
  "$base/api/v1/sessions" >/dev/null
send() {
  curl -fsS -b "$jar" -X "$1" -H 'Content-Type: application/json' -H "Origin: $base" \
    -H "X-CSRF-Token: $csrf" ${3:+-d "$3"} "$base$2" >/dev/null
}

program=$(get /api/v1/programs | json 'd["items"][0]["id"]')
study=$(get "/api/v1/programs/$program/studies" |
  json '[s["id"] for s in d["items"] if s["title"] == "Mentor interviews, winter 2027"][0]')
answer=$(get "/api/v1/studies/$study/responses?limit=200" |
  json '[a["id"] for r in d["items"] if r.get("respondent") == "Helen Park" for a in r["answers"]][1]')
code=$(get "/api/v1/studies/$study/codes" | json 'd["items"][0]["id"]')
segments=$(get "/api/v1/studies/$study/segments?limit=200" | json 'len(d["items"])')

# One request's time in milliseconds, as curl measured it (HTTP on the loopback included);
# $2 is the cookie jar (the analyst's by default).
timed() { curl -fsS -o /dev/null -w '%{time_total}\n' -b "${2:-$jar}" "$base$1" | awk '{ printf "%.2f\n", $1 * 1000 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

target="/api/v1/answers/$answer/suggestions"
queue="/api/v1/studies/$study/suggestions?limit=200"
for f in cold warm queue_cold queue_warm; do : >"$work_dir/$f"; done
for _ in $(seq "$RUNS"); do
  # A change to the study's coding (a segment made and removed) drops the cached model.
  id=$(curl -fsS -b "$jar" -H 'Content-Type: application/json' -H "Origin: $base" \
    -H "X-CSRF-Token: $csrf" -d "{\"start\":0,\"end\":3,\"code_ids\":[\"$code\"]}" \
    "$base/api/v1/answers/$answer/segments" | json 'd["items"][0]["id"]')
  send DELETE "/api/v1/segments/$id"
  timed "$target" >>"$work_dir/cold"
  timed "$target" >>"$work_dir/warm"
done
for _ in $(seq "$RUNS"); do
  id=$(curl -fsS -b "$jar" -H 'Content-Type: application/json' -H "Origin: $base" \
    -H "X-CSRF-Token: $csrf" -d "{\"start\":0,\"end\":3,\"code_ids\":[\"$code\"]}" \
    "$base/api/v1/answers/$answer/segments" | json 'd["items"][0]["id"]')
  send DELETE "/api/v1/segments/$id"
  timed "$queue" "$work_dir/organizer.txt" >>"$work_dir/queue_cold"
  timed "$queue" "$work_dir/organizer.txt" >>"$work_dir/queue_warm"
done
answers=$(get "/api/v1/studies/$study/responses?limit=200" | json 'sum(len(r["answers"]) for r in d["items"])')

echo "| GET suggestions for one answer (demo mentor-interview study, $segments coded segments) | median of $RUNS |"
echo "|---|---:|"
echo "| cold: first request after a coding change (trains the model) | $(median <"$work_dir/cold") ms |"
echo "| warm: model cached | $(median <"$work_dir/warm") ms |"
echo "| GET the study-wide queue as a coder who has coded nothing ($answers answers scored), cold | $(median <"$work_dir/queue_cold") ms |"
echo "| GET the study-wide queue, warm | $(median <"$work_dir/queue_warm") ms |"
echo
echo "Release build; client (curl, one request at a time, HTTP on the loopback included) and server on the same machine, SQLite."
echo "Load average when the run ended (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)."
