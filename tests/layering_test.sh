#!/usr/bin/env bash
# Fails when a source file includes a header from a layer it must not depend on.
# The allowed arrows (see docs/architecture.md):
#   core    -> (nothing of ours)
#   config  -> core
#   stats   -> core
#   suggest -> core
#   interchange -> core                          (the REFI-QDA codec: a pure format layer)
#   domain  -> core
#   storage -> domain core
#   service -> storage domain stats suggest interchange core
#   http    -> service config domain stats suggest core
#              (never a concrete store: storage/store.h and storage/repositories.h are the interface)
#   cli     -> everything
#
# Inside a layer, each capability has its own folder (domain/studies/, service/studies/,
# http/api/studies/, storage/sql/studies/ ...). A capability may use the ones listed for it
# below, in any layer; files at a layer's root (shared infrastructure, the route table) may use
# any capability. Add a new capability here with the ones it builds on.
set -euo pipefail
src=${1:?usage: layering_test.sh SRC_DIR}
declare -A allowed=(
  [core]="core"
  [config]="config core"
  [stats]="stats core"
  [suggest]="suggest core"
  [interchange]="interchange core"
  [domain]="domain core"
  [storage]="storage domain core"
  [service]="service storage domain stats suggest interchange core"
  [http]="http service storage domain stats suggest config core"
  [cli]="cli http service storage domain stats suggest interchange config core"
)
declare -A capability_uses=(
  [accounts]="accounts"
  [programs]="programs accounts"
  [assessments]="assessments programs accounts"
  [studies]="studies assessments programs accounts"
  [jobs]="jobs"
  [checkins]="checkins jobs assessments programs accounts"
  [demo]="demo checkins jobs studies assessments programs accounts"
)
# The capability folder of a path such as service/studies/x.h or storage/sql/studies/x.cpp,
# or nothing for a file at a layer's root.
capability_of() {
  local rest=${1#*/}
  rest=${rest#api/}
  rest=${rest#sql/}
  local first=${rest%%/*}
  [ "$first" != "$rest" ] && [ -n "${capability_uses[$first]+x}" ] && echo "$first"
  return 0
}
failures=0
for layer in "${!allowed[@]}"; do
  [ -d "$src/$layer" ] || continue
  while IFS= read -r line; do
    file=${line%%:*}
    inc=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$line")
    target=${inc%%/*}
    [ "$target" = "$inc" ] && continue   # same-folder include without a layer prefix
    if ! grep -qw -- "$target" <<<"${allowed[$layer]}"; then
      echo "layering: $file includes \"$inc\" but $layer may not depend on $target"
      failures=$((failures + 1))
    fi
    # Only the composition root may name a concrete store.
    if [ "$layer" != cli ] && [ "$layer" != storage ] && [[ "$inc" =~ ^storage/(sqlite|postgres|sql)/ ]]; then
      echo "layering: $file includes \"$inc\": only cli/ picks a concrete store"
      failures=$((failures + 1))
    fi
    from=$(capability_of "${file#"$src"/}")
    to=$(capability_of "$inc")
    if [ -n "$from" ] && [ -n "$to" ] && ! grep -qw -- "$to" <<<"${capability_uses[$from]}"; then
      echo "layering: $file includes \"$inc\" but capability $from may not use $to"
      failures=$((failures + 1))
    fi
  done < <(grep -rHn '#include "' "$src/$layer" --include='*.h' --include='*.cpp' || true)
done
if [ "$failures" -gt 0 ]; then
  echo "layering: $failures forbidden include(s)"
  exit 1
fi
echo "layering: all includes follow the allowed dependencies"
