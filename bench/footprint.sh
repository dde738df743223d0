#!/usr/bin/env bash
# Footprint of Mamori (issue 14): idle memory, start time, CLI command time. Prints a table.
#
#   bench/footprint.sh [JAR]            default JAR: ops-app/target/mamori.jar (./mvnw -DskipTests package)
#
# Environment: IDLE=60 (seconds idle before RSS is read), ROUNDS=3 (start-time and CLI rounds,
# medians reported), PORT=18480.
#
# Measures, each server with a fresh working directory and an H2 database made by an untimed first
# start (so Flyway has nothing to migrate, as on every start but the first):
#   - idle RSS IDLE s after ready: the systemd unit's way (deploy/systemd/mamori.service: its
#     Environment= lines, then its ExecStart launcher with the CDS cache that install.sh prepares),
#     the README's run command (bin/mamori, defaults only), and plain `java -jar`;
#   - start to ready (first 200 from /actuator/health/readiness), launcher with and without the
#     CDS cache (deploy/prepare-cds.sh, as install.sh and the Dockerfile run it), and the CPU
#     seconds the JVM used until then (less sensitive to other load on the machine);
#   - `snapshots --dir` wall time through bin/mamori (with the cache) and through `java -jar`, on a
#     directory with one real archive (made with `backup` once, untimed); `verify` of that archive
#     and the restore plan (`restore --dry-run`) through bin/mamori.
# The load average is printed before and after: on a shared machine, wall times follow it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src_jar=$(realpath "${1:-$root/ops-app/target/mamori.jar}")
[ -f "$src_jar" ] || { echo "footprint.sh: no jar at $src_jar (./mvnw -DskipTests package)" >&2; exit 2; }
idle=${IDLE:-60}
rounds=${ROUNDS:-3}
port=${PORT:-18480}
unit=$root/deploy/systemd/mamori.service
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The install layout: the launcher beside the jar, the cache beside them.
mkdir -p "$work/opt"
cp "$src_jar" "$work/opt/mamori.jar"
cp "$root/bin/mamori" "$work/opt/mamori"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
t0=$(date +%s.%N)
"$root/deploy/prepare-cds.sh" "$work/opt/mamori.jar" "$work/opt/mamori-cds" >/dev/null
cds_prepare=$(echo "$(date +%s.%N) - $t0" | bc)

# The unit's environment (MALLOC_ARENA_MAX, MAMORI_JAVA_OPTS ...), except where its data lives.
# shellcheck source=lib/unit-env.sh
. "$root/bench/lib/unit-env.sh"
read_unit_env "$unit"

ticks=$(getconf CLK_TCK)
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
cpu_seconds() { awk -v t="$ticks" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$1/stat"; }

# start NAME ENV... -- COMMAND...: starts a server in $work/NAME; sets server_pid, ready_s, ready_cpu.
start() {
  local name=$1; shift
  local env=()
  while [ "$1" != "--" ]; do env+=("$1"); shift; done
  shift
  mkdir -p "$work/$name"
  local begin; begin=$(date +%s.%N)
  (cd "$work/$name" && exec env MAMORI_DATA_DIR="$work/$name/data" MAMORI_ADMIN_PASSWORD=footprint-bench-only \
      ${env[@]+"${env[@]}"} "$@" --server.port="$port" >"$work/$name.log" 2>&1) &
  server_pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
    kill -0 "$server_pid" 2>/dev/null || { echo "footprint.sh: $name did not start:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
    sleep 0.05
  done
  ready_s=$(printf "%.2f" "$(echo "$(date +%s.%N) - $begin" | bc)")
  ready_cpu=$(cpu_seconds "$server_pid")
}
stop() {
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}
rss_mb() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
pss_mb() { awk '/^Pss:/ { printf "%d", $2 / 1024 }' "/proc/$1/smaps_rollup"; }

# idle NAME ENV... -- COMMAND...: one start, IDLE seconds of idling, RSS and PSS.
idle() {
  local name=$1
  start "$@"
  sleep "$idle"
  printf '%s\t%s\t%s\t%s\n' "$(rss_mb "$server_pid")" "$(pss_mb "$server_pid")" "$(ls /proc/"$server_pid"/task | wc -l)" "$ready_s"
  stop
}

# One untimed first start makes the database; every server below starts on a copy of it.
start first -- "$work/opt/mamori"
stop
for name in unit readme plain cds nocds; do
  mkdir -p "$work/$name"
  cp -r "$work/first/data" "$work/$name/data"
done

echo "idle RSS (${idle} s after ready) ..." >&2
unit_idle=$(idle unit "${unit_env[@]}" -- "$work/opt/mamori")
readme_idle=$(idle readme -- "$work/opt/mamori")
plain_idle=$(idle plain -- java -jar "$work/opt/mamori.jar")

echo "start to ready, ${rounds} rounds each ..." >&2
cds_ready=(); cds_cpu=(); nocds_ready=(); nocds_cpu=()
for ((i = 0; i < rounds; i++)); do
  start cds "${unit_env[@]}" -- "$work/opt/mamori"; cds_ready+=("$ready_s"); cds_cpu+=("$ready_cpu"); stop
  start nocds "${unit_env[@]}" MAMORI_CDS=off -- "$work/opt/mamori"; nocds_ready+=("$ready_s"); nocds_cpu+=("$ready_cpu"); stop
done

echo "CLI snapshots --dir, ${rounds} rounds each ..." >&2
mkdir -p "$work/app" "$work/usb"
echo "hello" > "$work/app/hello.txt"
cat > "$work/cli.yml" <<EOF
mamori:
  data-dir: $work/cli-data
  apps:
    demo:
      name: Demo
      sources:
        - { id: files, type: directory, path: $work/app }
      backup:
        destination: $work/usb
EOF
(cd "$work" && "$work/opt/mamori" backup --app demo --config "$work/cli.yml" >/dev/null)
archive=$(ls "$work"/usb/*.tar.zst)
timed() { local t0; t0=$(date +%s.%N); "$@" >/dev/null; printf "%.2f\n" "$(echo "$(date +%s.%N) - $t0" | bc)"; }
cli_launcher=(); cli_plain=(); cli_verify=(); cli_plan=()
for ((i = 0; i < rounds; i++)); do
  cli_launcher+=("$(timed "$work/opt/mamori" snapshots --dir "$work/usb")")
  cli_plain+=("$(timed java -jar "$work/opt/mamori.jar" snapshots --dir "$work/usb")")
  cli_verify+=("$(timed "$work/opt/mamori" verify "$archive")")
  cli_plan+=("$(timed "$work/opt/mamori" restore --dir "$work/usb" --app demo --latest --target "$work/restored" --dry-run)")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

row() { printf '| %s | %s |\n' "$1" "$2"; }
field() { cut -f"$2" <<<"$1"; }
joined() { local IFS=' '; echo "$*"; }
echo
echo "Mamori footprint, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "load average before: $load_before; after: $load_after"
echo "unit environment: $(joined "${unit_env[@]}")"
echo
row "what" "measured"
row "---" "---"
row "idle RSS, the unit's way (${idle} s after ready)" "$(field "$unit_idle" 1) MB (PSS $(field "$unit_idle" 2) MB, $(field "$unit_idle" 3) threads)"
row "idle RSS, README's run command bin/mamori" "$(field "$readme_idle" 1) MB (PSS $(field "$readme_idle" 2) MB, $(field "$readme_idle" 3) threads)"
row "idle RSS, plain java -jar" "$(field "$plain_idle" 1) MB (PSS $(field "$plain_idle" 2) MB, $(field "$plain_idle" 3) threads)"
row "start to ready, with the CDS cache (median of $rounds)" "$(printf '%s\n' "${cds_ready[@]}" | median) s, $(printf '%s\n' "${cds_cpu[@]}" | median) CPU-s (rounds: $(joined "${cds_ready[@]}"))"
row "start to ready, without it (median of $rounds)" "$(printf '%s\n' "${nocds_ready[@]}" | median) s, $(printf '%s\n' "${nocds_cpu[@]}" | median) CPU-s (rounds: $(joined "${nocds_ready[@]}"))"
row "CLI snapshots --dir, bin/mamori (median of $rounds)" "$(printf '%s\n' "${cli_launcher[@]}" | median) s (rounds: $(joined "${cli_launcher[@]}"))"
row "CLI snapshots --dir, java -jar (median of $rounds)" "$(printf '%s\n' "${cli_plain[@]}" | median) s (rounds: $(joined "${cli_plain[@]}"))"
row "CLI verify ARCHIVE, bin/mamori (median of $rounds)" "$(printf '%s\n' "${cli_verify[@]}" | median) s (rounds: $(joined "${cli_verify[@]}"))"
row "CLI restore --dry-run (plan), bin/mamori (median of $rounds)" "$(printf '%s\n' "${cli_plan[@]}" | median) s (rounds: $(joined "${cli_plan[@]}"))"
row "deploy/prepare-cds.sh (once, at install)" "${cds_prepare} s"
