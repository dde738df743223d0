#!/usr/bin/env bash
# Backup benchmark (issue: backups). Run by hand on an idle machine; prints a Markdown report.
#
#   bench/backup-bench.sh [WORKDIR] [ROUNDS]      defaults: /tmp/mamori-bench, 3
#
# Needs: a built jar (./mvnw -DskipTests package), python3, sqlite3, zstd, tar, curl, and for the
# comparison restic and borg (apt-get install restic borgbackup); for the PostgreSQL part a local
# server reachable as BENCH_PG_USER (default postgres) on 127.0.0.1:5432 and pgbench.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../ops-app/target/mamori.jar"
work=${1:-/tmp/mamori-bench}
rounds=${2:-3}
pg_user=${BENCH_PG_USER:-postgres}
port=18099
auth="admin:bench-password-1"

[ -f "$jar" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
mkdir -p "$work"
if [ ! -f "$work/app/master.db" ]; then
  echo "generating dataset in $work ..." >&2
  python3 "$here/gen-dataset.py" "$work"
fi
app="$work/app"
rm -rf "$work/out" && mkdir -p "$work/out/base" "$work/out/nv" "$work/out/v" "$work/out/pg" "$work/state"

pg=0
if [ -z "${BENCH_SKIP_PG:-}" ] && pg_isready -q -h 127.0.0.1 -p 5432; then
  pg=1
  if ! psql -h 127.0.0.1 -U "$pg_user" -d bench_pg -qc 'select 1 from pgbench_accounts limit 1' >/dev/null 2>&1; then
    echo "initialising pgbench scale 70 (about 1 GiB) ..." >&2
    psql -h 127.0.0.1 -U "$pg_user" -qc 'drop database if exists bench_pg' -c 'create database bench_pg' >/dev/null
    pgbench -h 127.0.0.1 -U "$pg_user" -i -s 70 -q bench_pg >/dev/null 2>&1
  fi
fi

cat > "$work/mamori.yml" <<YML
mamori:
  data-dir: $work/state
  admin-password: bench-password-1
  apps:
    nv:
      sources:
        - { id: db, type: sqlite, path: $app/master.db }
        - { id: uploads, type: directory, path: $app/uploads }
        - { id: env, type: file, path: $app/.env }
      backup: { destination: $work/out/nv, verify: false, retention: { keep-last: 1, keep-daily: 0, keep-weekly: 0, keep-monthly: 0, min-good: 1 } }
    v:
      sources:
        - { id: db, type: sqlite, path: $app/master.db }
        - { id: uploads, type: directory, path: $app/uploads }
        - { id: env, type: file, path: $app/.env }
      backup: { destination: $work/out/v, verify: true, retention: { keep-last: 1, keep-daily: 0, keep-weekly: 0, keep-monthly: 0, min-good: 1 } }
    pg:
      sources:
        - { id: db, type: postgres, url: "jdbc:postgresql://127.0.0.1:5432/bench_pg", username: $pg_user }
      backup: { destination: $work/out/pg, verify: false, retention: { keep-last: 1, keep-daily: 0, keep-weekly: 0, keep-monthly: 0, min-good: 1 } }
YML

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# The server runs as the systemd unit runs it (deploy/systemd/mamori.service): its Environment= lines
# (MALLOC_ARENA_MAX=2, MAMORI_JAVA_OPTS=-Xmx256m ...) and its launcher bin/mamori with the launcher's
# JVM flags. BENCH_JAVA_OPTS replaces the unit's MAMORI_JAVA_OPTS.
# shellcheck source=lib/unit-env.sh
. "$here/lib/unit-env.sh"
read_unit_env "$here/../deploy/systemd/mamori.service" "${BENCH_JAVA_OPTS:-}"
java_opts="launcher flags, ${unit_env[*]}"
(cd "$work" && exec env "${unit_env[@]}" MAMORI_JAR="$jar" MAMORI_CDS=off "$here/../bin/mamori" --server.port=$port --spring.config.additional-location="file:$work/mamori.yml" > "$work/mamori.log" 2>&1) &
for _ in $(seq 1 90); do curl -sf "localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
mamori_pid=$(pgrep -f "jar $jar --server.port=$port" | head -n 1)
trap 'kill $mamori_pid 2>/dev/null || true' EXIT

# Runs a Mamori backup through the API; prints its wall time from the run's own start and finish.
mamori_backup() {
  local id status
  id=$(curl -sf -u "$auth" -XPOST "localhost:$port/api/apps/$1/backups" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while :; do
    status=$(curl -sf -u "$auth" "localhost:$port/api/backup-runs/$id")
    case "$status" in *'"RUNNING"'*) sleep 0.2 ;; *) break ;; esac
  done
  python3 -c '
import json,sys,datetime
r=json.loads(sys.argv[1])
assert r["status"]=="SUCCEEDED", r
f=lambda s: datetime.datetime.fromisoformat(s.replace("Z","+00:00"))
print((f(r["finishedAt"])-f(r["startedAt"])).total_seconds())' "$status"
}

baseline() {
  local t0 t1
  rm -f "$work/out/base/"*
  t0=$(now)
  sqlite3 "$app/master.db" ".backup $work/out/base/master.db"
  tar -C "$app" -cf - uploads .env -C "$work/out/base" master.db | zstd -q -3 -T0 -o "$work/out/base/base.tar.zst"
  sync -f "$work/out/base/base.tar.zst"
  t1=$(now)
  echo "$t1 - $t0" | bc
}

# Warm the page cache, then alternate.
cat "$app/master.db" > /dev/null; tar -C "$app" -cf - uploads > /dev/null
base=(); nv=(); v=()
for r in $(seq 1 "$rounds"); do
  base+=("$(baseline)")
  nv+=("$(mamori_backup nv)")
  v+=("$(mamori_backup v)")
done
b=$(printf '%s\n' "${base[@]}" | median); n=$(printf '%s\n' "${nv[@]}" | median); w=$(printf '%s\n' "${v[@]}" | median)
base_size=$(stat -c %s "$work/out/base/base.tar.zst")
nv_size=$(stat -c %s "$(ls "$work"/out/nv/*.tar.zst | tail -n 1)")
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$mamori_pid/status")

pgline=""
if [ "$pg" = 1 ]; then
  pgd=(); pgm=()
  for r in $(seq 1 "$rounds"); do
    t0=$(now); pg_dump -h 127.0.0.1 -U "$pg_user" -Fc -f "$work/out/pg-plain.dump" bench_pg; sync -f "$work/out/pg-plain.dump"; t1=$(now)
    pgd+=("$(echo "$t1 - $t0" | bc)")
    pgm+=("$(mamori_backup pg)")
  done
  pd=$(printf '%s\n' "${pgd[@]}" | median); pm=$(printf '%s\n' "${pgm[@]}" | median)
  pg_db_size=$(psql -h 127.0.0.1 -U "$pg_user" -d bench_pg -Atc "select pg_size_pretty(pg_database_size('bench_pg'))")
  pgline="| PostgreSQL $pg_db_size (pgbench -s 70): plain \`pg_dump -Fc\` | ${pd} s | $(stat -c %s "$work/out/pg-plain.dump") B |
| PostgreSQL: Mamori (pg_dump -Fc --compress=1 + zstd, verify off) | ${pm} s ($(echo "scale=2; $pm / $pd" | bc) x) | $(stat -c %s "$(ls "$work"/out/pg/*.tar.zst | tail -n 1)") B |"
fi

others=""
if command -v restic >/dev/null && command -v borg >/dev/null; then
  # Each round a first backup into a fresh repository, as Mamori's rounds are first backups of the data.
  export RESTIC_PASSWORD=bench BORG_PASSPHRASE=bench BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes
  rt_all=(); bt_all=()
  for r in $(seq 1 "$rounds"); do
    rm -rf "$work/out/restic" "$work/out/borg"
    t0=$(now)
    sqlite3 "$app/master.db" ".backup $work/out/base/master.db"
    restic init -q -r "$work/out/restic" >/dev/null
    restic -q -r "$work/out/restic" backup "$app/uploads" "$app/.env" "$work/out/base/master.db" >/dev/null
    sync -f "$work/out/restic/config"
    t1=$(now); rt_all+=("$(echo "$t1 - $t0" | bc)")
    t0=$(now)
    sqlite3 "$app/master.db" ".backup $work/out/base/master.db"
    borg init -e none "$work/out/borg" >/dev/null 2>&1
    borg create --compression zstd,3 "$work/out/borg::first" "$app/uploads" "$app/.env" "$work/out/base/master.db" >/dev/null 2>&1
    sync -f "$work/out/borg/config"
    t1=$(now); bt_all+=("$(echo "$t1 - $t0" | bc)")
  done
  rt=$(printf '%s\n' "${rt_all[@]}" | median); bt=$(printf '%s\n' "${bt_all[@]}" | median)
  rs=$(du -sb "$work/out/restic" | cut -f1); bs=$(du -sb "$work/out/borg" | cut -f1)
  others="| restic $(restic version | awk '{print $2}') first backup incl. \`sqlite3 .backup\` (same data) | ${rt} s ($(echo "scale=2; $rt / $b" | bc) x) | $rs B |
| borg $(borg --version | awk '{print $2}') first backup incl. \`sqlite3 .backup\`, zstd 3 (same data) | ${bt} s ($(echo "scale=2; $bt / $b" | bc) x) | $bs B |"
else
  others="| restic / borg | not installed: apt-get install restic borgbackup | |"
fi

data_size=$(du -sb "$app" | cut -f1)
cat <<MD
Dataset: $(du -sh "$app/master.db" | cut -f1) SQLite, $(find "$app/uploads" -type f | wc -l) files in $(du -sh "$app/uploads" | cut -f1), .env; $data_size bytes in all. Rounds: $rounds, alternating, medians.

| what | wall time | size |
|---|---|---|
| baseline: \`sqlite3 .backup\` + \`tar -cf - … \| zstd -3 -T0\` + fsync | ${b} s | $base_size B |
| Mamori, verify off | ${n} s ($(echo "scale=2; $n / $b" | bc) x) | $nv_size B ($(echo "scale=3; $nv_size / $base_size" | bc) x) |
| Mamori, verify on | ${w} s ($(echo "scale=2; $w / $b" | bc) x) | |
$others
$pgline

Mamori peak RSS (VmHWM of the whole server process; $java_opts): $((rss_kb / 1024)) MB.
Rounds: baseline ${base[*]}; verify off ${nv[*]}; verify on ${v[*]}${rt_all:+; restic ${rt_all[*]}; borg ${bt_all[*]}}.
Machine: $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg).
MD
