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

measure() { # label file
  /usr/bin/time -f "%e %M" -o "$tmp/t" "$bin" --no-embedded check "$2" > /dev/null || true
  read -r secs kb < "$tmp/t"
  printf '%-44s %10s rows %8.2f s %8.1f MiB peak RSS\n' "$1" "$(($(wc -l < "$2") - 1))" "$secs" "$(echo "$kb/1024" | bc -l)"
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
