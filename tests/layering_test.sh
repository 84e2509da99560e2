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
  done < <(grep -rHn '#include "' "$src/$layer" --include='*.h' --include='*.cpp' || true)
done
if [ "$failures" -gt 0 ]; then
  echo "layering: $failures forbidden include(s)"
  exit 1
fi
echo "layering: all includes follow the allowed dependencies"
