# Shared by the page benchmarks (audit-bench.sh, pages-bench.sh): a Mamori server on its H2 file,
# started and stopped by the script, logged in as admin with a form session, timed with curl.
# Sourced after the script has set: here (its directory), work and port; the script then writes
# $work/mamori.yml (with $password as the admin password) before it calls start.
# shellcheck shell=bash

jar="$here/../ops-app/target/mamori.jar"
password=bench-password-1

[ -f "$jar" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
rm -rf "$work" && mkdir -p "$work/state" "$work/lib"
h2=$(unzip -Z1 "$jar" | grep 'BOOT-INF/lib/h2-.*\.jar$')
unzip -q -j -o "$jar" "$h2" -d "$work/lib"
h2jar="$work/lib/$(basename "$h2")"
url="jdbc:h2:file:$work/state/mamori;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
java_opts=${BENCH_JAVA_OPTS:--Xms64m -Xmx256m -XX:MaxMetaspaceSize=192m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
pid=
cookies="$work/cookies"

# Starts Mamori (extra arguments passed on) and waits until it is ready.
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

# Logs in as admin through the login form (session cookie and CSRF token, as a browser does).
login() {
  local token
  token=$(curl -sf -c "$cookies" -b "$cookies" "localhost:$port/login" \
    | grep -o 'name="_csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
  curl -sf -o /dev/null -c "$cookies" -b "$cookies" --data-urlencode "username=admin" \
    --data-urlencode "password=$password" --data-urlencode "_csrf=$token" "localhost:$port/login"
}
# GET a page with the session into $work/page.html; prints curl's time_total in seconds.
view() { curl -sf -o "$work/page.html" -w '%{time_total}\n' -b "$cookies" "localhost:$port$1"; }
# Seconds on stdin to whole milliseconds.
ms() { awk '{printf "%.0f", $1 * 1000}'; }
# The P-th percentile (nearest rank) of the seconds in FILE.
pct() { sort -g "$1" | awk -v p="$2" '{a[NR]=$1} END {i = int((NR * p + 99) / 100); if (i < 1) i = 1; print a[i]}'; }
