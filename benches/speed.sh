#!/usr/bin/env bash
# The speed figures of one run, on this machine: first frame (the shipped data; a 1e6-row
# file: its loading gauge, then its table), bytes and latency per key (↓, PgDn, →, ←) with both
# panels (120x40) and with the table alone (80x24), and the load ratio against the csv crate.
#
# Usage: bash benches/speed.sh [--quick]   (--quick: 3 runs each, no criterion)
# Needs python3; a 1e6-row file is generated into a temporary directory (about 40 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=10
[ "${1:-}" = "--quick" ] && runs=3
cargo build --release --quiet
bin=target/release/turnout
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== the shipped data, 120x40 (ward table, trend and candidates panels)"
python3 benches/terminal.py --bin "$bin" --runs "$runs" --idle 2 --size 120x40
echo
echo "== the shipped data, 80x24 (the ward table alone)"
python3 benches/terminal.py --bin "$bin" --runs "$runs" --idle 1 --size 80x24

python3 - "$tmp/million.csv" <<'PY'
import sys
# The pty test's file: years 2000-2024, primary and general, four parties, 500 wards of 10
# divisions (a fixed linear congruential sequence).
out = ["year,election,ward,division,party,registered,ballots_cast"]
seed = 1
for w in range(1, 501):
    for d in range(1, 11):
        for year in range(2000, 2025):
            for kind in ("primary", "general"):
                for party in ("DEM", "REP", "IND", "OTH"):
                    seed = (seed * 6364136223846793005 + 1) % (1 << 64)
                    reg = 100 + (seed >> 33) % 900
                    ballots = (seed >> 13) % reg
                    out.append(f"{year},{kind},W{w:02},W{w:02}-{d:02},{party},{reg},{ballots}")
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
big=(--no-embedded --place Gen --data "$tmp/million.csv")
echo
echo "== a 1e6-row file, 120x40: the first frame (the loading gauge)"
python3 benches/terminal.py --bin "$bin" --runs "$runs" --idle 0 --after Loading --ready quit \
    -- "${big[@]}" > "$tmp/gauge.txt" 2>&1
head -1 "$tmp/gauge.txt"
echo "== a 1e6-row file, 120x40: the table shown, and the keys on it"
python3 benches/terminal.py --bin "$bin" --runs "$runs" --idle 1 -- "${big[@]}"

if [ "${1:-}" != "--quick" ]; then
    echo
    echo "== load + validate + aggregate against the csv crate alone (cargo bench --bench load)"
    # criterion puts a long name's times on the next line and a short one's on the same;
    # lines of change since the last run hold percentages. Medians, and turnout's ratio to the
    # csv crate at each size.
    cargo bench --bench load 2>/dev/null | awk '
        function secs(v, unit) {
            return v * (unit == "ns" ? 1e-9 : unit == "µs" ? 1e-6 : unit == "ms" ? 1e-3 : 1)
        }
        function show(name, low, lu, mid, mu, high, hu,    n) {
            print name, "[" low, lu, mid, mu, high, hu
            n = split(name, part, "/")
            if (part[2] == "csv_crate_only") csv[part[3]] = secs(mid, mu)
            if (part[2] == "turnout_load_aggregate" && csv[part[3]] > 0)
                printf "  ratio at %s rows: %.2fx the csv crate\n", part[3], secs(mid, mu) / csv[part[3]]
        }
        /^(load|phase|shipped)\// {
            name = $1
            if ($2 == "time:") { sub(/\[/, "", $3); show(name, $3, $4, $5, $6, $7, $8); name = "" }
            next
        }
        /^ +time:/ && name != "" && $0 !~ /%/ {
            sub(/\[/, "", $2); show(name, $2, $3, $4, $5, $6, $7); name = ""
        }'
fi
