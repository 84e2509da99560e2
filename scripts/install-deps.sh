#!/usr/bin/env bash
# Installs the Debian packages Trellis needs to build, test and benchmark (Debian bookworm).
#
#   scripts/install-deps.sh
#
# Idempotent and non-interactive. When everything is present it only asks dpkg (one query) and
# prints one line. Otherwise it runs `apt-get update` once and installs just the missing packages,
# as root, through sudo when not root, or prints the command to run and exits 1.
set -euo pipefail

# The packages, one group per reason. To add a group, add an array here and append it to
# `packages` below, behind an option if it is optional.
toolchain=(
  g++ cmake ninja-build ccache pkg-config make git  # compile and build (ccache: fast rebuilds)
  clang-format                     # `make format` and the format check CI runs first
)
libraries=(
  # Boost 1.81 for JSON, URL and Beast/Asio. Debian's libboost1.81-dev conflicts with the 1.74
  # -dev packages, so only 1.81 is listed (CMake asks for exactly 1.81).
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev                      # database access layer (SQLite and PostgreSQL backends)
  libsodium-dev                    # password hashing, random tokens
  libspdlog-dev                    # logging
  libcli11-dev                     # command-line parsing
  libsqlite3-dev sqlite3           # the default database, and its shell for operators
  libpq-dev                        # PostgreSQL client library
  libstemmer-dev                   # Snowball stemmers, for suggested codes
  libxml2-dev                      # REFI-QDA interchange: QDA-XML writing, parsing, XSD validation
  libzip-dev                       # REFI-QDA interchange: .qdpx project archives (zip)
)
testing=(
  postgresql                       # `make test` runs every storage/API test on a throwaway cluster
  libgtest-dev libgmock-dev        # unit, storage and API tests
  libbenchmark-dev                 # micro-benchmarks
  wrk                              # HTTP load generator for `make bench`
  libxml2-utils                    # xmllint, for checking XML/HTML output in tests
  python3                          # reads exported REFI-QDA archives as other tools' importers do
  libvalijson-dev                  # JSON Schema: API tests check every reply against openapi.json
  curl ca-certificates             # smoke checks against a running server
  stress-ng                        # `make test-stress`: the whole suite again on a busy machine
  clang jq                         # the lock-annotation check (clang++ -Wthread-safety) and its
                                   # reading of compile_commands.json
)
web=(
  nodejs                           # builds the web UI (Vite needs Node.js 20.19 or newer)
  chromium                         # the browser the end-to-end tests drive (Playwright)
  fonts-dejavu-core                # a font for Chromium's pages and screenshots
)
# A Node.js from another source (NodeSource's package, say) brings its own npm and conflicts with
# Debian's npm package, so npm is only installed when no npm is there.
command -v npm >/dev/null 2>&1 || web+=(npm)
packages=("${toolchain[@]}" "${libraries[@]}" "${testing[@]}" "${web[@]}")

# One dpkg query for the whole list. Unknown packages print nothing on stdout, so they count as
# missing; dpkg-query's complaints about them are not interesting here.
declare -A status=()
while IFS=' ' read -r name state; do
  status[$name]=$state
done < <(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${packages[@]}" 2>/dev/null || true)

missing=()
for p in "${packages[@]}"; do
  [ "${status[$p]:-}" = installed ] || missing+=("$p")
done

# Vite needs Node.js 20.19 or newer; say so plainly instead of failing later in the build.
check_node() {
  local version
  version=$(node --version 2>/dev/null) || return 0
  if ! printf '%s\n' "v20.19.0" "$version" | sort -V -C; then
    echo "install-deps: Node.js $version is too old for the web UI's build (Vite needs 20.19 or" >&2
    echo "  newer); install a newer nodejs package (Debian 13 has one, and so does NodeSource)." >&2
    exit 1
  fi
}

if [ "${#missing[@]}" -eq 0 ]; then
  check_node
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
install_cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo --preserve-env=DEBIAN_FRONTEND)
else
  echo "install-deps: not root and no sudo; as root, run:" >&2
  echo "  apt-get update && DEBIAN_FRONTEND=noninteractive ${install_cmd[*]}" >&2
  exit 1
fi
"${as_root[@]}" apt-get update -q
"${as_root[@]}" "${install_cmd[@]}"
check_node
