#!/usr/bin/env bash
# Restore benchmark (issue: restores). Run by hand after bench/backup-bench.sh made the dataset.
#
#   bench/restore-bench.sh [WORKDIR] [ROUNDS]      defaults: /tmp/mamori-bench, 3
#
# Restores the dataset (SQLite + 20,000 files + .env) from a Mamori archive onto itself, through the
# API, and compares with `zstd -d | tar -x` of the same archive plus copying the SQLite file into
# place. Reports the whole run (verify, safety snapshot, extract, swap, integrity check) and the
# restore data path alone (extract + swap + integrity check).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../ops-app/target/mamori.jar"
work=${1:-/tmp/mamori-bench}
rounds=${2:-3}
port=18097
auth="admin:bench-password-1"
app="$work/app"
[ -f "$app/master.db" ] || { echo "run bench/backup-bench.sh first (it generates the dataset)" >&2; exit 2; }
rm -rf "$work/rout" "$work/rstate" && mkdir -p "$work/rout/rs" "$work/rout/base" "$work/rstate"

cat > "$work/restore.yml" <<YML
mamori:
  data-dir: $work/rstate
  admin-password: bench-password-1
  restore: { health-attempts: 1 }
  apps:
    rs:
      sources:
        - { id: db, type: sqlite, path: $app/master.db }
        - { id: uploads, type: directory, path: $app/uploads }
        - { id: env, type: file, path: $app/.env }
      backup: { destination: $work/rout/rs, verify: true, retention: { keep-last: 1, keep-daily: 0, keep-weekly: 0, keep-monthly: 0, min-good: 1, safety-snapshot-days: 0 } }
YML
java_opts=${BENCH_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30}
# shellcheck disable=SC2086
(cd "$work" && MALLOC_ARENA_MAX=2 exec java $java_opts -jar "$jar" --server.port=$port --spring.config.additional-location="file:$work/restore.yml" > "$work/restore-mamori.log" 2>&1) &
for _ in $(seq 1 90); do curl -sf "localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
pid=$(pgrep -f "jar $jar --server.port=$port" | head -n 1)
trap 'kill $pid 2>/dev/null || true' EXIT

wait_for() { # path-of-run
  local status
  while :; do
    status=$(curl -sf -u "$auth" "localhost:$port$1")
    case "$status" in *'"status":"RUNNING"'*) sleep 0.3 ;; *) echo "$status"; return ;; esac
  done
}
id=$(curl -sf -u "$auth" -XPOST "localhost:$port/api/apps/rs/backups" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
wait_for "/api/backup-runs/$id" > /dev/null
snapshot=$(curl -sf -u "$auth" "localhost:$port/api/apps/rs/snapshots" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
archive=$(ls "$work"/rout/rs/rs_*.tar.zst | head -n 1)

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
base=(); total=(); path=()
for r in $(seq 1 "$rounds"); do
  rm -rf "$work/rout/base" && mkdir -p "$work/rout/base"
  sync  # untimed: neither side pays for the other's dirty pages
  t0=$(now)
  tar --zstd -xf "$archive" -C "$work/rout/base"
  cp "$work/rout/base/db/db.sqlite" "$work/rout/base/master.db"
  sync "$work/rout/base/master.db"
  t1=$(now)
  sync
  base+=("$(echo "$t1 - $t0" | bc)")
  rid=$(curl -sf -u "$auth" -H 'Content-Type: application/json' -XPOST "localhost:$port/api/apps/rs/restores" \
        -d "{\"snapshot\":$snapshot,\"confirm\":\"rs\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  run=$(wait_for "/api/restores/$rid")
  read -r t p < <(python3 -c '
import json,sys,datetime
r=json.loads(sys.argv[1]); assert r["status"]=="SUCCEEDED", r
f=lambda s: datetime.datetime.fromisoformat(s.replace("Z","+00:00"))
total=(f(r["finishedAt"])-f(r["requestedAt"])).total_seconds()
path=sum((f(s["finishedAt"])-f(s["startedAt"])).total_seconds() for s in r["steps"] if s["name"]=="EXTRACT" or s["name"].startswith("RESTORE_") or s["name"]=="INTEGRITY_CHECK")
print(total, path)' "$run")
  total+=("$t"); path+=("$p")
done
b=$(printf '%s\n' "${base[@]}" | median); t=$(printf '%s\n' "${total[@]}" | median); p=$(printf '%s\n' "${path[@]}" | median)
cat <<MD
Archive: $(du -h "$archive" | cut -f1) ($(basename "$archive")). Rounds: $rounds, alternating, medians.

| what | wall time |
|---|---|
| baseline: \`tar --zstd -xf\` (zstd -d \| tar -x) + copy the SQLite file into place + fsync of it | ${b} s |
| Mamori restore, data path (extract beside + swap + integrity check) | ${p} s ($(echo "scale=2; $p / $b" | bc) x) |
| Mamori restore, whole run (+ verify archive + safety snapshot of the current state) | ${t} s ($(echo "scale=2; $t / $b" | bc) x) |

Rounds: baseline ${base[*]}; data path ${path[*]}; whole ${total[*]}.
MD
