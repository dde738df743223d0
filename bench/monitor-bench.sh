#!/usr/bin/env bash
# Monitor scale benchmark (issue: monitoring). Run by hand after `./mvnw -DskipTests package`:
#
#   bench/monitor-bench.sh                      # 2,000 HTTP monitors, 30 s interval, 11 minutes
#   N=200 DURATION_S=120 bench/monitor-bench.sh # a quick look
#
# Prints one JSON object with the figures that docs/benchmarks.md records.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$here/../ops-app/target/mamori.jar" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
exec python3 "$here/monitor-bench.py"
