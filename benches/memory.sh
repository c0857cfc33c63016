#!/usr/bin/env bash
# Peak memory of loading generated turnout files: does it grow with distinct keys or with rows?
# Usage: bash benches/memory.sh   (builds release; writes generated files under a temp dir)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/turnout
gen=../shared/tui-bench/gen_csv.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }

measure() { # label file [more files]
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$tmp/t" "$bin" --no-embedded check "$@" > /dev/null || true
  read -r secs kb < <(tail -1 "$tmp/t")
  local rows=0
  for f in "$@"; do rows=$((rows + $(wc -l < "$f") - 1)); done
  printf '%-52s %10s rows %8.2f s %8.1f MiB peak RSS\n' "$label" "$rows" "$secs" "$(echo "$kb/1024" | bc -l)"
}

for rows in 1000 100000 1000000; do
  python3 "$gen" --rows "$rows" --seed 1 -o "$tmp/u$rows.csv" 2> /dev/null
  measure "unique keys (tui-bench gen_csv.py)" "$tmp/u$rows.csv"
done
# The same 100,000 keys, each written ten times on adjacent rows as a party-split export would:
# rows grow tenfold, memory should not.
python3 - "$tmp/u100000.csv" "$tmp/rep.csv" <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
with open(src) as f, open(dst, "w") as out:
    header = f.readline()
    out.write("election,election_date,precinct_code,political_party,voter_count\n")
    for line in f:
        year, kind, ward, division, party, reg, ballots = line.rstrip("\n").split(",")
        code = ward[1:] + division.split("-")[1]
        for _ in range(10):
            out.write(f"{year} {kind.upper()},{year}-05-16,{code},{party},1\n")
PY
measure "100,000 keys x 10 adjacent rows (party format)" "$tmp/rep.csv"

# Hostile results (issue 13): memory must follow rows, not wards x candidates.
# One race: 2,000 candidates in ward 1 and one candidate in each of wards 2-20,000 (~670 KB).
python3 - "$tmp/wide.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    out.write("date,election,office,party,ward,candidate,votes,source\n")
    for c in range(2000):
        out.write(f"2023-05-16,primary,Council,DEM,1,A{c},{c + 1},x\n")
    for w in range(2, 20001):
        out.write(f"2023-05-16,primary,Council,DEM,{w},B{w},1,x\n")
PY
measure "results: 2,000 candidates in ward 1 + 1 in 19,999" "$tmp/wide.csv"
# 10,000 candidates in 3 wards beside a turnout file of 65,535 wards.
python3 - "$tmp/cands.csv" "$tmp/wards.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    out.write("date,election,office,party,ward,candidate,votes,source\n")
    for w in (1, 2, 3):
        for c in range(10000):
            out.write(f"2023-05-16,primary,Council,DEM,{w},C{c},{c % 97 + 1},x\n")
with open(sys.argv[2], "w") as out:
    out.write("date,election,ward,ballots,registered\n")
    for w in range(1, 65536):
        out.write(f"2023-05-16,primary,{w},10,100\n")
PY
measure "results: 10,000 candidates x 3 wards + 65,535 wards" "$tmp/cands.csv" "$tmp/wards.csv"
# 64 lines of 3 MB (each row left out: its cell is over 64 KB): the records handed between the
# tokenizing thread and the loader must not pile up (under 30 MiB, not the file's 192 MB).
python3 - "$tmp/long.csv" <<'PY'
import sys
cell = "x" * (3 << 20)
with open(sys.argv[1], "w") as out:
    out.write("date,election,ward,ballots,registered,note\n")
    for w in range(1, 65):
        out.write(f"2023-05-16,primary,{w},10,100,{cell}\n")
PY
measure "64 lines of 3 MB" "$tmp/long.csv"
rm -f "$tmp/long.csv"
# A --ward list of 16,000 copies of the widest range: refused at once, not expanded.
list=$(python3 -c 'print(",".join(["1-32767"] * 16000))')
/usr/bin/time -f "%e %M" -o "$tmp/t" "$bin" summary --year 2023 --ward "$list" > /dev/null 2>&1 || true
read -r secs kb < <(tail -1 "$tmp/t")
printf '%-52s %10s      %8.2f s %8.1f MiB peak RSS\n' "--ward: 16,000 copies of 1-32767" "" "$secs" "$(echo "$kb/1024" | bc -l)"
