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
work=${1:-/tmp/mamori-pages-bench}
monitors=${2:-1000}
views=${3:-20}
port=18099

# shellcheck source=lib/server.sh
. "$here/lib/server.sh"
{
  printf 'mamori:\n  data-dir: %s\n  admin-password: %s\n  scheduling:\n    enabled: false\n  monitors:\n' "$work/state" "$password"
  for i in $(seq -w 1 "$monitors"); do
    printf '    site-%s: { type: http, url: "http://127.0.0.1:9/health", interval: 60s }\n' "$i"
  done
} > "$work/mamori.yml"
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
login
time_page() {
  first_view=$(view "$1")
  for _ in 1 2; do view "$1" > /dev/null; done
  : > "$work/times"
  for _ in $(seq 1 "$views"); do view "$1" >> "$work/times"; done
  grep -q 'id="main"\|<main' "$work/page.html" || { echo "$1 did not render; see $work/page.html" >&2; exit 1; }
}
time_page /monitors
grep -q "site-$monitors\b" "$work/page.html" \
  || { echo "/monitors does not list site-$monitors; see $work/page.html" >&2; exit 1; }
monitors_p50=$(pct "$work/times" 50 | ms); monitors_p95=$(pct "$work/times" 95 | ms); monitors_first=$(echo "$first_view" | ms)
size=$(wc -c < "$work/page.html")
time_page /
dashboard_p50=$(pct "$work/times" 50 | ms); dashboard_p95=$(pct "$work/times" 95 | ms); dashboard_first=$(echo "$first_view" | ms)
stop
cat <<MD
| $monitors monitors, 24 h of raw results ($((monitors * 1440)) rows), 30 d of hourly rollups, H2, \`$java_opts\` | first view ms | p50 ms | p95 ms |
|---|---|---|---|
| \`/monitors\` ($((size / 1024)) KB of HTML), $views views after 3 | $monitors_first | $monitors_p50 | $monitors_p95 |
| \`/\` (dashboard), $views views after 3 | $dashboard_first | $dashboard_p50 | $dashboard_p95 |
MD
