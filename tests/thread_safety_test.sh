#!/usr/bin/env bash
# Checks the Clang thread-safety annotations (src/core/mutex.h): compiles, with clang++
# -Wthread-safety -fsyntax-only, every source file that uses them, with the flags CMake gave it
# (BUILD_DIR/compile_commands.json). The build itself uses g++, which ignores the annotations.
# First it makes sure clang rejects tests/thread_safety/unguarded_access.cpp, so a switched-off
# analysis cannot pass silently.
#
#   tests/thread_safety_test.sh SRC_ROOT BUILD_DIR
set -euo pipefail
root=$(cd "${1:?usage: thread_safety_test.sh SRC_ROOT BUILD_DIR}" && pwd)
build=$(cd "${2:?usage: thread_safety_test.sh SRC_ROOT BUILD_DIR}" && pwd)
clangxx=${CLANGXX:-clang++}
db=$build/compile_commands.json
analysis=(-fsyntax-only -Wthread-safety -Wthread-safety-beta -Werror=thread-safety
          -Werror=thread-safety-beta)

# The command CMake compiles `file` with, less the compiler, its output and g++'s warning flags
# (clang knows some of them under other names); echoes one argument per line.
flags_for() {
  local command
  command=$(jq -r --arg f "$1" 'first(.[] | select(.file == $f) | .command) // empty' "$db")
  [ -n "$command" ] || { echo "thread_safety: $1 is not in $db" >&2; return 1; }
  local -a words
  read -ra words <<<"$command"
  local skip=1  # the compiler (or ccache) comes first
  for w in "${words[@]}"; do
    if [ "$skip" -gt 0 ]; then skip=$((skip - 1)); continue; fi
    case $w in
      */ccache | */c++ | */g++) ;;
      -o) skip=1 ;;
      -c | -W*) ;;
      *) printf '%s\n' "$w" ;;
    esac
  done
}

# The negative control: an unguarded access must be an error.
if out=$("$clangxx" -std=c++20 -I"$root/src" "${analysis[@]}" \
           "$root/tests/thread_safety/unguarded_access.cpp" 2>&1); then
  echo "FAIL: clang accepted tests/thread_safety/unguarded_access.cpp; the analysis is off" >&2
  exit 1
fi
grep -q "requires holding mutex 'mutex_'" <<<"$out" || {
  echo "FAIL: clang rejected unguarded_access.cpp for another reason:" >&2
  echo "$out" >&2
  exit 1
}

# Every translation unit that uses the annotations, itself or through its own header.
mapfile -t annotated < <(grep -rlE 'GUARDED_BY|MutexLock|REQUIRES\(|EXCLUDES\(' "$root/src" \
                           --include='*.cpp' --include='*.h' |
                         grep -v '^'"$root"'/src/core/\(mutex\|thread_annotations\)\.h$' |
                         sed 's/\.h$/.cpp/' | sort -u)
failures=0
checked=0
for file in "${annotated[@]}"; do
  [ -f "$file" ] || continue
  mapfile -t flags < <(flags_for "$file")
  if "$clangxx" "${flags[@]}" "${analysis[@]}" "$file"; then
    checked=$((checked + 1))
  else
    echo "FAIL: ${file#"$root"/}" >&2
    failures=$((failures + 1))
  fi
done
echo "thread_safety: $checked passed, $failures failed"
[ "$failures" -eq 0 ]
