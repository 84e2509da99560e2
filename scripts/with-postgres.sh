#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD [ARGS...]
#
# Starts a throwaway PostgreSQL cluster on a free port of 127.0.0.1, runs CMD with
# TRELLIS_TEST_POSTGRES_URL pointing at it (superuser "trellis", no password, database
# "postgres"), then stops the cluster and deletes its data, also when CMD fails or is
# interrupted. Exits with CMD's status.
#
# PostgreSQL refuses to run as root, so under root the cluster runs as the unprivileged
# "postgres" user (created by Debian's server package), or as a "trellis-pg" system user
# created here when that one is missing. CMD itself runs as the caller.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

pg_bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
  echo "PostgreSQL server binaries not found: run scripts/install-deps.sh" >&2
  exit 1
fi

# Who runs the cluster, and how to run a command as them.
if [ "$(id -u)" -eq 0 ]; then
  pg_user=postgres
  if ! id -u "$pg_user" >/dev/null 2>&1; then
    pg_user=trellis-pg
    if ! id -u "$pg_user" >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user"
    fi
  fi
  as_pg() { runuser -u "$pg_user" -- "$@"; }
  tmp_base=/tmp  # the unprivileged user must be able to reach it; root's TMPDIR may be private
else
  pg_user=$(id -un)
  as_pg() { "$@"; }
  tmp_base=${TMPDIR:-/tmp}
fi

work=$(mktemp -d "$tmp_base/trellis-pg.XXXXXX")
data="$work/data"
log="$work/postgres.log"
started=no

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  if [ "$started" = yes ]; then
    as_pg "$pg_bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chmod 700 "$work"
if [ "$(id -u)" -eq 0 ]; then
  chown "$pg_user" "$work"
fi

if ! as_pg "$pg_bin/initdb" -D "$data" -A trust -U trellis -E UTF8 --no-locale >"$work/initdb.log" 2>&1; then
  echo "with-postgres: initdb failed:" >&2
  tail -n 20 "$work/initdb.log" >&2
  exit 1
fi

port_is_free() {
  # Something listens when the connect succeeds.
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Another process may take the port between the check and the start, so retry a few times.
for _attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  port_is_free "$port" || continue
  if as_pg "$pg_bin/pg_ctl" -D "$data" -l "$log" -w -t 60 -o \
    "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
    start >/dev/null 2>&1; then
    started=yes
    break
  fi
done

if [ "$started" != yes ]; then
  echo "with-postgres: PostgreSQL did not start; last lines of $log:" >&2
  tail -n 20 "$log" >&2 || true
  exit 1
fi

export TRELLIS_TEST_POSTGRES_URL="postgresql://trellis@127.0.0.1:$port/postgres"
echo "with-postgres: throwaway PostgreSQL ($(basename "$(dirname "$pg_bin")")) at $TRELLIS_TEST_POSTGRES_URL" >&2

# CMD runs in the background so a TERM or INT reaches this script at once (bash delays traps
# until a foreground child ends): it is passed on to CMD, then the EXIT trap cleans up.
"$@" <&0 &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 143' TERM
trap 'kill -INT "$child" 2>/dev/null; wait "$child"; exit 130' INT
set +e
wait "$child"
status=$?
set -e
exit "$status"
