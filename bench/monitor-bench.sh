#!/usr/bin/env bash
# Monitor scale benchmark (issues: monitoring, performance). Run by hand after `./mvnw -DskipTests package`:
#
#   bench/monitor-bench.sh                      # 10,000 HTTP monitors, 60 s interval, 10 minutes, H2
#   DB=postgres BENCH_PG_USER=u BENCH_PG_PASSWORD=p bench/monitor-bench.sh   # the same on PostgreSQL
#   N=200 DURATION_S=120 bench/monitor-bench.sh # a quick look
#
# Prints one JSON object with the figures that docs/benchmarks.md records.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$here/../ops-app/target/mamori.jar" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
exec python3 "$here/monitor-bench.py"
