#!/usr/bin/env bash
# Restore benchmark (restore path v2). Run by hand on an idle machine; prints a Markdown report for
# docs/benchmarks.md.
#
#   bench/restore-bench.sh [WORKDIR] [ROUNDS]      defaults: /tmp/mamori-bench, 3
#
# The dataset (SQLite in WAL mode + 20,000 files + .env) is made by bench/gen-dataset.py when
# missing. Compares, on the same archive, alternating rounds, medians:
#
#   by hand, carefully: a safety copy of the live data (tar | zstd -3 -T0), `tar --zstd -xf` (zstd -d | tar -x) of the
#   archive into a staging directory beside the data, `PRAGMA integrity_check` of the staged
#   database, the live data moved aside and the staged data moved in, sync;
#
#   Mamori: a whole restore through the API, from the request to the app healthy again (the run's
#   RTO: plan, one checked read of the archive into staging with integrity_check, swap by rename,
#   row-count check). The pre-restore archive of the replaced data is written afterwards, off the
#   critical path; the next round starts when it is done (untimed) and its time is reported too.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../ops-app/target/mamori.jar"
work=${1:-/tmp/mamori-bench}
rounds=${2:-3}
port=18097
auth="admin:bench-password-1"
[ -f "$jar" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
mkdir -p "$work"
[ -f "$work/app/master.db" ] || { echo "generating dataset in $work ..." >&2; python3 "$here/gen-dataset.py" "$work"; }
app="$work/app"
rm -rf "$work/rout" "$work/rstate" "$work/hand" && mkdir -p "$work/rout/rs" "$work/rstate" "$work/hand"

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
      backup: { destination: $work/rout/rs, verify: true, retention: { keep-last: 50, keep-daily: 0, keep-weekly: 0, keep-monthly: 0, min-good: 1 } }
YML
java_opts=${BENCH_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30}
# shellcheck disable=SC2086
(cd "$work" && MALLOC_ARENA_MAX=2 exec java $java_opts -jar "$jar" --server.port=$port --spring.config.additional-location="file:$work/restore.yml" > "$work/restore-mamori.log" 2>&1) &
for _ in $(seq 1 90); do curl -sf "localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
pid=$(pgrep -f "jar $jar --server.port=$port" | head -n 1)
trap 'kill $pid 2>/dev/null || true' EXIT

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
wait_for() { # path-of-run
  local status
  while :; do
    status=$(curl -sf -u "$auth" "localhost:$port$1")
    case "$status" in *'"status":"RUNNING"'*) sleep 0.2 ;; *) echo "$status"; return ;; esac
  done
}
id=$(curl -sf -u "$auth" -XPOST "localhost:$port/api/apps/rs/backups" | json 'd["id"]')
wait_for "/api/backup-runs/$id" > /dev/null
snapshot=$(curl -sf -u "$auth" "localhost:$port/api/apps/rs/snapshots" | json 'd[0]["id"]')
archive=$(ls "$work"/rout/rs/rs_*.tar.zst | head -n 1)

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
hand=(); whole=(); extract=(); after=()
for r in $(seq 1 "$rounds"); do
  # By hand, carefully, onto a copy of the live layout (so the app's own files are not touched twice).
  rm -rf "$work/hand" && mkdir -p "$work/hand/live" && cp -a "$app/master.db" "$app/uploads" "$app/.env" "$work/hand/live/"
  sync  # untimed: neither side pays for the other's dirty pages
  t0=$(now)
  (cd "$work/hand/live" && tar -cf - master.db uploads .env | zstd -3 -T0 -q -o "$work/hand/safety.tar.zst")
  mkdir -p "$work/hand/staging"
  tar --zstd -xf "$archive" -C "$work/hand/staging"
  [ "$(sqlite3 "$work/hand/staging/db/db.sqlite" 'pragma integrity_check')" = ok ]
  mkdir -p "$work/hand/aside"
  mv "$work/hand/live/master.db" "$work/hand/live/uploads" "$work/hand/live/.env" "$work/hand/aside/"
  mv "$work/hand/staging/db/db.sqlite" "$work/hand/live/master.db"
  mv "$work/hand/staging/files/uploads" "$work/hand/live/uploads"
  mv "$work/hand/staging/config/env/.env" "$work/hand/live/.env"
  sync
  t1=$(now)
  hand+=("$(echo "$t1 - $t0" | bc)")
  sync
  rid=$(curl -sf -u "$auth" -H 'Content-Type: application/json' -XPOST "localhost:$port/api/apps/rs/restores" \
        -d "{\"snapshot\":$snapshot,\"confirm\":\"rs\"}" | json 'd["id"]')
  run=$(wait_for "/api/restores/$rid")
  # Untimed for the comparison: wait for the background pre-restore archive before the next round.
  for _ in $(seq 1 600); do
    run=$(curl -sf -u "$auth" "localhost:$port/api/restores/$rid")
    case "$run" in *'"preRestoreArchive":null'*) sleep 0.5 ;; *) break ;; esac
  done
  read -r w e a < <(python3 -c '
import json,sys,datetime
r=json.loads(sys.argv[1]); assert r["status"]=="SUCCEEDED", r
f=lambda s: datetime.datetime.fromisoformat(s.replace("Z","+00:00"))
d=lambda s: (f(s["finishedAt"])-f(s["startedAt"])).total_seconds()
steps={s["name"]: d(s) for s in r["steps"]}
print((f(r["finishedAt"])-f(r["requestedAt"])).total_seconds(), steps.get("EXTRACT", 0), steps.get("PRE_RESTORE_ARCHIVE", 0))' "$run")
  whole+=("$w"); extract+=("$e"); after+=("$a")
done
h=$(printf '%s\n' "${hand[@]}" | median); w=$(printf '%s\n' "${whole[@]}" | median)
e=$(printf '%s\n' "${extract[@]}" | median); a=$(printf '%s\n' "${after[@]}" | median)
cat <<MD
Archive: $(du -h "$archive" | cut -f1) ($(basename "$archive")), $(nproc) cores. Rounds: $rounds, alternating, medians.

| what | wall time |
|---|---|
| by hand, carefully: safety copy (\`tar \| zstd -3 -T0\`) + \`tar --zstd -xf\` into staging + \`integrity_check\` + move aside / move in + sync | ${h} s |
| Mamori: whole restore through the API, request to healthy (RTO) | ${w} s ($(echo "scale=2; $w / $h" | bc) x) |
| of which EXTRACT (one checked read: every entry's SHA-256, the file checksum, integrity_check on the second core) | ${e} s |
| after the app is healthy, off the critical path: the pre-restore archive of the replaced data | ${a} s |

Rounds: by hand ${hand[*]}; Mamori ${whole[*]}; extract ${extract[*]}; pre-restore ${after[*]}.
MD
