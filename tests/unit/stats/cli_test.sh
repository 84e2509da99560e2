#!/usr/bin/env bash
# Runs the real `trellis stats ...` binary on small CSV files: the happy paths print JSON on
# stdout with exit status 0; every kind of bad input prints a message naming the problem and its
# place on stderr, nothing on stdout, and exits with status 2.
set -uo pipefail
trellis=${1:?usage: cli_test.sh TRELLIS_BINARY}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# ok NAME EXPECTED_STDOUT_SUBSTRING ARGS...: exit 0, the substring on stdout, nothing on stderr.
ok() {
  local name=$1 want=$2
  shift 2
  "$trellis" stats "$@" >"$dir/out" 2>"$dir/err"
  local status=$?
  [ "$status" -eq 0 ] || fail "$name: exit status $status, stderr: $(cat "$dir/err")"
  grep -qF -- "$want" "$dir/out" || fail "$name: stdout lacks '$want': $(cat "$dir/out")"
  [ ! -s "$dir/err" ] || fail "$name: unexpected stderr: $(cat "$dir/err")"
  if grep -qiE 'nan|inf' "$dir/out"; then fail "$name: NaN or infinity in output"; fi
  if command -v python3 >/dev/null; then
    python3 -c 'import json, sys; json.load(sys.stdin)' <"$dir/out" || fail "$name: invalid JSON"
  fi
}

# bad NAME EXPECTED_STDERR_SUBSTRING ARGS...: exit 2, the substring on stderr, nothing on stdout.
bad() {
  local name=$1 want=$2
  shift 2
  "$trellis" stats "$@" >"$dir/out" 2>"$dir/err"
  local status=$?
  [ "$status" -eq 2 ] || fail "$name: exit status $status, expected 2"
  grep -qF -- "$want" "$dir/err" || fail "$name: stderr lacks '$want': $(cat "$dir/err")"
  [ ! -s "$dir/out" ] || fail "$name: unexpected stdout: $(cat "$dir/out")"
}

csv() { cat >"$dir/$1"; }

# Shrout & Fleiss (1979), Table 2.
csv sf.csv <<'CSV'
target,judge1,judge2,judge3,judge4
1,9,2,5,8
2,6,1,3,2
3,8,4,6,8
4,7,1,2,6
5,10,5,6,9
6,6,2,4,7
CSV
ok "icc" '"ICC(3,1)": 0.714' icc "$dir/sf.csv"
ok "icc shape" '"ci95": {"ICC(1,1)": [' icc "$dir/sf.csv"
ok "icc F" '"F": {"ICC(1,1)": {"value": ' icc "$dir/sf.csv"
ok "icc n" '"n": 6' icc "$dir/sf.csv"

# Krippendorff (2011), nominal data with missing values, as text categories.
csv kripp.csv <<'CSV'
unit,A,B,C,D
u1,a,a,,a
u2,b,b,c,b
u3,c,c,c,c
u4,c,c,c,c
u5,b,b,b,b
u6,a,b,c,d
u7,d,d,d,d
u8,a,a,b,a
u9,b,b,b,b
u10,,e,e,e
u11,,,a,a
u12,,c,,
CSV
ok "alpha nominal" '"alpha": 0.743' alpha "$dir/kripp.csv" --level nominal
ok "alpha n" '"n": 40' alpha "$dir/kripp.csv" --level nominal
bad "alpha interval on text" 'line 2, column "A": "a" is not a number' alpha "$dir/kripp.csv" --level interval
bad "fleiss unequal counts" 'same number of ratings' fleiss "$dir/kripp.csv"
bad "icc incomplete" 'unit "u1" (line 2, column "C") has no rating' icc "$dir/kripp.csv"

csv pair.csv <<'CSV'
subject,first,second
s1,low,low
s2,mid,high
s3,high,high
s4,mid,mid
s5,low,mid
CSV
ok "kappa text" '"categories": ["high", "low", "mid"]' kappa "$dir/pair.csv"
ok "kappa weights" '"weights": "quadratic"' kappa "$dir/pair.csv" --weights quadratic
ok "kappa se" '"se": ' kappa "$dir/pair.csv" --weights linear
ok "fleiss" '"k": 2' fleiss "$dir/pair.csv"
ok "alpha ordinal" '"level": "ordinal"' alpha "$dir/pair.csv" --level ordinal
bad "kappa bad weights" 'weights' kappa "$dir/pair.csv" --weights cubic
bad "alpha needs a level" 'level' alpha "$dir/pair.csv"

csv numbers.csv <<'CSV'
unit,r1,r2
1,1,2
2,2,2
3,3,3
4,10,3
CSV
ok "kappa numeric order" '"categories": [1, 2, 3, 10]' kappa "$dir/numbers.csv"
ok "alpha ratio" '"level": "ratio"' alpha "$dir/numbers.csv" --level ratio

# Errors.
bad "missing file" 'no such file' icc "$dir/absent.csv"
: >"$dir/empty.csv"
bad "empty file" 'is empty' icc "$dir/empty.csv"
printf 'unit,r1,r2\n1,1,2\n2,3\n' >"$dir/ragged.csv"
bad "ragged row" 'Line 3 has 2 fields but the header has 3' kappa "$dir/ragged.csv"
printf 'unit,r1,r2\n1,1,2\n2,3,x\n' >"$dir/text.csv"
bad "non-numeric" 'line 3, column "r2": "x" is not a number' icc "$dir/text.csv"
printf 'unit,r1,r2\n1,1,2\n2,3,4,5\n' >"$dir/long.csv"
bad "ragged long row" 'Line 3 has 4 fields' icc "$dir/long.csv"
printf 'unit,r1,r2\n1,"1,5",2\n2,3,4\n' >"$dir/decimal_comma.csv"
bad "decimal comma" '"1,5" is not a number' icc "$dir/decimal_comma.csv"
printf 'unit,r1\n1,1\n2,2\n' >"$dir/one_rater.csv"
for stat in icc kappa fleiss; do
  bad "$stat one rater" 'at least two rater columns' "$stat" "$dir/one_rater.csv"
done
bad "alpha one rater" 'at least two rater columns' alpha "$dir/one_rater.csv" --level nominal
printf 'unit,r1,r2\n1,1,2\n' >"$dir/one_unit.csv"
for stat in icc kappa fleiss; do
  bad "$stat one unit" 'at least two are needed' "$stat" "$dir/one_unit.csv"
done
printf 'unit,r1,r2\n' >"$dir/header_only.csv"
bad "header only" 'at least two are needed' fleiss "$dir/header_only.csv"
printf 'unit,r1,r2\n1,3,3\n2,3,3\n3,3,3\n' >"$dir/same.csv"
bad "icc identical" 'identical' icc "$dir/same.csv"
bad "kappa identical" 'undefined' kappa "$dir/same.csv" --weights linear
bad "fleiss identical" 'undefined' fleiss "$dir/same.csv"
bad "alpha identical" 'identical' alpha "$dir/same.csv" --level interval
printf 'unit,r1,r2\na,1,2\nb,2,3\na,3,4\n' >"$dir/dup.csv"
bad "duplicate unit" 'Line 4 repeats unit id "a" from line 2' icc "$dir/dup.csv"
printf 'unit,r1,r2\na,1,2\n,2,3\n' >"$dir/no_id.csv"
bad "empty unit id" 'Line 3 has an empty unit id' alpha "$dir/no_id.csv" --level nominal
printf 'unit,r1,r2\na,1,\nb,2,3\n' >"$dir/gap.csv"
bad "kappa incomplete" 'unit "a" (line 2, column "r2") has no rating' kappa "$dir/gap.csv"
printf 'unit,r1,r2,r3\na,1,2,2\nb,2,3,3\n' >"$dir/three.csv"
bad "kappa three raters" 'exactly two raters' kappa "$dir/three.csv"
printf 'unit,r1,r2\na,"1,2\n' >"$dir/quote.csv"
bad "invalid csv" 'line 2' icc "$dir/quote.csv"
printf 'u,a,b\n1,-1,2\n2,3,4\n' >"$dir/negative.csv"
bad "alpha negative ratio" 'negative' alpha "$dir/negative.csv" --level ratio
printf 'unit,r1,r2\na,1,\nb,,3\n' >"$dir/unpairable.csv"
bad "alpha unpairable" 'two or more raters' alpha "$dir/unpairable.csv" --level nominal

if [ "$failures" -gt 0 ]; then
  echo "stats cli: $failures failure(s)"
  exit 1
fi
echo "stats cli: all checks passed"
