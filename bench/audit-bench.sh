#!/usr/bin/env bash
# Audit page benchmark (issue: performance). Run by hand after `./mvnw -DskipTests package`:
#
#   bench/audit-bench.sh [WORKDIR] [EVENTS] [VIEWS]      defaults: /tmp/mamori-audit-bench, 100000, 20
#
# Starts Mamori once on an empty H2 database (the schema and the first events), stops it, appends
# EVENTS audit events with a correct hash chain straight into the H2 file (H2's RunScript from the
# jar), starts Mamori again with the systemd unit's flags, logs in as admin and times GET /audit:
# the first view (the whole chain recomputed: nothing verified yet in this process), then VIEWS
# views (only what was appended since) and GET /api/audit/verify (the whole chain, on demand).
# Prints a Markdown table of the timings (curl's time_total, on localhost).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:-/tmp/mamori-audit-bench}
events=${2:-100000}
views=${3:-20}
port=18098

# shellcheck source=lib/server.sh
. "$here/lib/server.sh"
cat > "$work/mamori.yml" <<YML
mamori:
  data-dir: $work/state
  admin-password: $password
  scheduling:
    enabled: false
YML

echo "first start (schema) ..." >&2
start
stop

echo "appending $events events ..." >&2
java -cp "$h2jar" org.h2.tools.Shell -url "$url" -user sa -password "" \
  -sql "select last_event_id, last_hash from audit_chain_head where id = 1" | awk 'NR == 2 {print $1, $3}' > "$work/head"
python3 - "$work/head" "$events" "$work/events.sql" <<'PY'
import hashlib, sys, time
head_id, head_hash = open(sys.argv[1]).read().split()
last_id = 0 if head_id == "null" else int(head_id)
prev = head_hash
n = int(sys.argv[2])
start = int(time.time()) - n  # one event a second, ending now

def field(value):
    return "-1:\n" if value is None else f"{len(value)}:{value}\n"

def q(value):
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"

with open(sys.argv[3], "w") as out:
    for i in range(n):
        eid = last_id + 1 + i
        sec, micros = start + i, (i * 7919) % 1_000_000
        actor, action, target = f"user{i % 17}", ("MONITOR_PAUSED", "BACKUP_STARTED", "LOGIN")[i % 3], f"item-{i}"
        remote, details = f"10.0.{i % 200}.{i % 250}", '{"n":%d}' % i
        canonical = (field(prev) + field(str(sec)) + field(str(micros * 1000)) + field("USER") + field(actor)
                     + field(action) + field(target) + field("SUCCESS") + field(remote) + field(details))
        digest = hashlib.sha256(canonical.encode()).hexdigest()
        ts = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(sec)) + f".{micros:06d}+00:00"
        out.write("insert into audit_event (id, occurred_at, actor_type, actor, action, target, outcome, remote_address, "
                  f"details, prev_hash, hash) values ({eid}, TIMESTAMP WITH TIME ZONE '{ts}', 'USER', {q(actor)}, "
                  f"{q(action)}, {q(target)}, 'SUCCESS', {q(remote)}, {q(details)}, '{prev}', '{digest}');\n")
        prev = digest
    out.write(f"update audit_chain_head set last_event_id = {last_id + n}, last_hash = '{prev}' where id = 1;\n")
    out.write(f"alter table audit_event alter column id restart with {last_id + n + 1};\n")
PY
java -cp "$h2jar" org.h2.tools.RunScript -url "$url" -user sa -password "" -script "$work/events.sql"

echo "second start, timing the page ..." >&2
start
login
first=$(view /audit)
grep -q 'data-ok="true"' "$work/page.html" || { echo "the chain is not intact; see $work/page.html" >&2; exit 1; }
: > "$work/views"
for _ in $(seq 1 "$views"); do view /audit >> "$work/views"; done
grep -q 'data-ok="true"' "$work/page.html" || { echo "the chain is not intact; see $work/page.html" >&2; exit 1; }
full=$(curl -sf -o "$work/verify.json" -w '%{time_total}\n' -u "admin:$password" "localhost:$port/api/audit/verify")
grep -q '"status":"ok"' "$work/verify.json" || { echo "verify: $(cat "$work/verify.json")" >&2; exit 1; }
stop

cat <<MD
| $events audit events, H2, unit flags | ms |
|---|---|
| first \`/audit\` view after start (whole chain recomputed) | $(echo "$first" | ms) |
| \`/audit\` view, median of $views (events appended since verified) | $(pct "$work/views" 50 | ms) |
| \`/audit\` view, p95 of $views | $(pct "$work/views" 95 | ms) |
| \`GET /api/audit/verify\` (whole chain) | $(echo "$full" | ms) |
MD
