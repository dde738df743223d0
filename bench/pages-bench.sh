#!/usr/bin/env bash
# Pages with many monitors (issue: performance). Run by hand after `./mvnw -DskipTests package`:
#
#   bench/pages-bench.sh [WORKDIR] [MONITORS] [VIEWS]      defaults: /tmp/mamori-pages-bench, 1000, 20
#
# Declares MONITORS HTTP monitors in a config file and starts Mamori once on an empty H2 database
# (schema and monitor rows, made where monitoring runs), stops it, fills what the pages read straight into the H2 file (H2's
# RunScript from the jar): 24 h of raw results at one a minute per monitor (the default raw
# retention) and 30 days of hourly rollups, then starts Mamori again with the systemd unit's flags
# (scheduling off, so nothing else runs), logs in as admin and times GET /monitors and GET / (the
# dashboard): the first view (it reads the whole day once; later views keep the sums of past half
# hours and rolled-up hours), 2 more to warm up, then VIEWS views each. Prints a Markdown table (curl's time_total
# on localhost, so server time plus a loopback round trip).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../ops-app/target/mamori.jar"
work=${1:-/tmp/mamori-pages-bench}
monitors=${2:-1000}
views=${3:-20}
port=18099
password=bench-password-1

[ -f "$jar" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
rm -rf "$work" && mkdir -p "$work/state" "$work/lib"
{
  printf 'mamori:\n  data-dir: %s\n  admin-password: %s\n  scheduling:\n    enabled: false\n  monitors:\n' "$work/state" "$password"
  for i in $(seq -w 1 "$monitors"); do
    printf '    site-%s: { type: http, url: "http://127.0.0.1:9/health", interval: 60s }\n' "$i"
  done
} > "$work/mamori.yml"
h2=$(unzip -Z1 "$jar" | grep 'BOOT-INF/lib/h2-.*\.jar$')
unzip -q -j -o "$jar" "$h2" -d "$work/lib"
h2jar="$work/lib/$(basename "$h2")"
url="jdbc:h2:file:$work/state/mamori;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
java_opts=${BENCH_JAVA_OPTS:--Xms64m -Xmx256m -XX:MaxMetaspaceSize=192m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
pid=

start() {
  # shellcheck disable=SC2086
  (cd "$work" && exec java $java_opts -jar "$jar" --server.port=$port \
    --spring.config.additional-location="file:$work/mamori.yml" "$@" >> "$work/mamori.log" 2>&1) &
  pid=$!
  for _ in $(seq 1 180); do curl -sf "localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && return; sleep 1; done
  echo "Mamori did not start; see $work/mamori.log" >&2; exit 1
}
stop() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  pid=
}
trap stop EXIT

echo "first start (schema, $monitors monitor rows) ..." >&2
# Configured monitors get their rows where monitoring runs; stopped as soon as it is ready.
start --mamori.scheduling.enabled=true
stop

echo "filling 24 h of results and 30 days of hourly rollups ..." >&2
cat > "$work/fill.sql" <<SQL
insert into monitor_result (monitor_id, checked_at, up, maintenance, response_ms, message)
  select m.id, dateadd('MINUTE', -x, current_timestamp), mod(x + m.id, 97) <> 0, false, 20 + mod(x * 7 + m.id, 180), 'HTTP 200'
  from monitor m, system_range(1, 1440) r(x);
insert into monitor_rollup (monitor_id, period, bucket_start, up_count, down_count, maintenance_count, response_count,
    response_sum_ms, p95_ms, max_ms)
  select m.id, 'HOUR', dateadd('HOUR', -x, date_trunc('HOUR', current_timestamp)), 59, 1, 0, 60, 60 * 80, 150, 190
  from monitor m, system_range(1, 720) r(x);
-- As the rollup job leaves it: every hour before the current one rolled up.
update monitor_job set watermark = date_trunc('HOUR', current_timestamp) where name = 'rollup';
SQL
java -cp "$h2jar" org.h2.tools.RunScript -url "$url" -user sa -password "" -script "$work/fill.sql"

echo "second start, timing the pages ..." >&2
start
cookies="$work/cookies"
csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }
token=$(curl -sf -c "$cookies" -b "$cookies" "localhost:$port/login" | csrf)
curl -sf -o /dev/null -c "$cookies" -b "$cookies" --data-urlencode "username=admin" \
  --data-urlencode "password=$password" --data-urlencode "_csrf=$token" "localhost:$port/login"
view() { curl -sf -o "$work/page.html" -w '%{time_total}\n' -b "$cookies" "localhost:$port$1"; }
time_page() {
  first_view=$(view "$1")
  for _ in 1 2; do view "$1" > /dev/null; done
  : > "$work/times"
  for _ in $(seq 1 "$views"); do view "$1" >> "$work/times"; done
  grep -q 'id="main"\|<main' "$work/page.html" || { echo "$1 did not render; see $work/page.html" >&2; exit 1; }
}
ms() { awk '{printf "%.0f", $1 * 1000}'; }
pct() { sort -g "$work/times" | awk -v p="$1" '{a[NR]=$1} END {i = int((NR * p + 99) / 100); if (i < 1) i = 1; print a[i]}'; }
time_page /monitors
grep -q "site-$monitors\b" "$work/page.html" \
  || { echo "/monitors does not list site-$monitors; see $work/page.html" >&2; exit 1; }
monitors_p50=$(pct 50 | ms); monitors_p95=$(pct 95 | ms); monitors_first=$(echo "$first_view" | ms)
size=$(wc -c < "$work/page.html")
time_page /
dashboard_p50=$(pct 50 | ms); dashboard_p95=$(pct 95 | ms); dashboard_first=$(echo "$first_view" | ms)
stop
cat <<MD
| $monitors monitors, 24 h of raw results ($((monitors * 1440)) rows), 30 d of hourly rollups, H2, `$java_opts` | first view ms | p50 ms | p95 ms |
|---|---|---|---|
| \`/monitors\` ($((size / 1024)) KB of HTML), $views views after 3 | $monitors_first | $monitors_p50 | $monitors_p95 |
| \`/\` (dashboard), $views views after 3 | $dashboard_first | $dashboard_p50 | $dashboard_p95 |
MD
