#!/usr/bin/env python3
"""Monitor scale benchmark (issues: monitoring, performance). Run by hand: bench/monitor-bench.sh.

Starts a local HTTP target and Mamori (default JVM flags unless BENCH_JAVA_OPTS is set), creates
N HTTP monitors through the API at the given interval, lets them run for the given time and
reports, from Mamori's own Prometheus metrics and /proc:
  - scheduling lag (share of checks started within 1 s of their due time; p50/p95/p99 buckets; max),
  - checks run vs. checks expected, and checks missed,
  - Mamori's average CPU (% of one core) and peak RSS,
  - database growth: with DB=h2 (default) the H2 file's size sampled every 5 s (peak while running,
    the bound of the performance issue) and per monitor per day; with DB=postgres the database's
    pg_database_size before and after (a fresh database BENCH_PG_DB is created for the run).
"""
import base64, http.client, json, os, re, shutil, signal, subprocess, sys, tempfile, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

N = int(os.environ.get("N", "10000"))
INTERVAL = int(os.environ.get("INTERVAL_S", "60"))
DURATION = int(os.environ.get("DURATION_S", "600"))
DB = os.environ.get("DB", "h2")
PG_USER = os.environ.get("BENCH_PG_USER", "postgres")
PG_PASSWORD = os.environ.get("BENCH_PG_PASSWORD", "")
PG_DB = os.environ.get("BENCH_PG_DB", "mamori_monitor_bench")
# config: the monitors are declared in a mamori.yml (fast to set up for 10,000); api: created one by one
# through the REST API, as a user would in the UI.
CREATE = os.environ.get("CREATE", "config")
PORT = int(os.environ.get("PORT", "18098"))
HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "..", "ops-app", "target", "mamori.jar")
AUTH = "Basic " + base64.b64encode(b"admin:bench-password-1").decode()
CLK_TCK = os.sysconf("SC_CLK_TCK")


class Target(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits = 0
    late = 0
    errors = 0

    def do_GET(self):
        Target.hits += 1
        body = b'{"status":"ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            # The check gave up first (its timeout): Mamori counts that as a failed check.
            Target.late += 1

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def handle_error(self, request, client_address):
        Target.errors += 1


TOKEN = None


def api(conn, method, path, body=None):
    headers = {"Authorization": ("Bearer " + TOKEN) if TOKEN else AUTH}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body)
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read().decode()


def metrics():
    # A fresh connection: a kept-alive one is closed by the server while the benchmark waits.
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    status, text = api(conn, "GET", "/actuator/prometheus")
    conn.close()
    values = {}
    for line in text.splitlines():
        if line.startswith("mamori_monitor_checks") or line.startswith("mamori_monitor_scheduling_lag"):
            name, value = line.rsplit(" ", 1)
            values[name] = float(value)
    return values


def cpu_ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def rss_kb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def table_space(work):
    """Bytes H2 uses for the results and rollups (with their indexes), read after Mamori stopped."""
    lib = subprocess.run(["unzip", "-Z1", os.path.abspath(JAR)], capture_output=True, text=True).stdout.split()
    h2 = next(name for name in lib if re.match(r"BOOT-INF/lib/h2-.*\.jar", name))
    subprocess.run(["unzip", "-o", "-q", os.path.abspath(JAR), h2, "-d", work], check=True)
    sql = ("select count(*), disk_space_used('monitor_result') from monitor_result;"
           "select count(*), disk_space_used('monitor_rollup') from monitor_rollup")
    out = subprocess.run(["java", "-cp", os.path.join(work, h2), "org.h2.tools.Shell", "-url",
                          f"jdbc:h2:file:{work}/data/mamori;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "-user", "sa",
                          "-password", "", "-sql", sql], capture_output=True, text=True).stdout
    numbers = [[int(x) for x in line.split("|")] for line in out.splitlines()
               if re.match(r"^\s*\d+\s*\|\s*\d+\s*$", line)]
    (results, result_bytes), (rollups, rollup_bytes) = numbers[0], numbers[1]
    per_result = result_bytes / max(1, results)
    per_day = 86400 / INTERVAL
    per_rollup = rollup_bytes / rollups if rollups else 64
    return {"raw_results": results, "raw_bytes_per_result": round(per_result, 1),
            "db_file_mb": round(dir_size(f"{work}/data") / 1e6, 1),
            "raw_bytes_per_monitor_day": round(per_result * per_day),
            "steady_state_bytes_per_monitor": round(per_result * per_day + per_rollup * (24 * 90 + 730))}


def psql(sql, db="postgres"):
    env = dict(os.environ, PGPASSWORD=PG_PASSWORD)
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", PG_USER, "-d", db, "-Atc", sql], env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


def db_size(work):
    if DB == "postgres":
        return int(psql(f"select pg_database_size('{PG_DB}')"))
    return dir_size(f"{work}/data")


def percentile_bucket(buckets, count, share):
    return next((le for le, v in buckets if v >= share * count), float("inf"))


def dir_size(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def main():
    work = tempfile.mkdtemp(prefix="mamori-monitor-bench-")
    target = QuietServer(("127.0.0.1", 0), Target)
    threading.Thread(target=target.serve_forever, daemon=True).start()
    target_url = f"http://127.0.0.1:{target.server_address[1]}/health"
    java = ["java"] + os.environ.get("BENCH_JAVA_OPTS", "").split() + ["-jar", os.path.abspath(JAR),
            f"--server.port={PORT}", f"--mamori.data-dir={work}/data", "--mamori.admin-password=bench-password-1"]
    if CREATE == "config":
        with open(os.path.join(work, "monitors.yml"), "w") as f:
            f.write("mamori:\n  monitors:\n")
            for i in range(N):
                f.write(f"    m{i:05d}: {{ type: http, url: \"{target_url}\", interval: {INTERVAL}s, timeout: 10s }}\n")
        java.append(f"--spring.config.additional-location=file:{work}/monitors.yml")
    if DB == "postgres":
        psql(f"drop database if exists {PG_DB}")
        psql(f"create database {PG_DB}")
        java += [f"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/{PG_DB}",
                 f"--spring.datasource.username={PG_USER}", f"--spring.datasource.password={PG_PASSWORD}"]
    log = open(os.path.join(work, "mamori.log"), "w")
    mamori = subprocess.Popen(java, cwd=work, stdout=log, stderr=subprocess.STDOUT)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        for _ in range(600):
            if mamori.poll() is not None:
                sys.exit("Mamori exited at start; its log: " + os.path.join(work, "mamori.log"))
            try:
                if api(conn, "GET", "/actuator/health/readiness")[0] == 200:
                    break
            except OSError:
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            time.sleep(1)
        else:
            sys.exit("Mamori was not ready after 600 s")
        global TOKEN
        status, body = api(conn, "POST", "/api/tokens", {"name": "bench", "role": "ADMIN"})
        TOKEN = json.loads(body)["secret"]
        started = time.time()
        failures = []

        def create(part):
            c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            for i in range(part, N, 4):
                status, body = api(c, "POST", "/api/monitors", {"name": f"m{i:05d}", "type": "http",
                                                                "url": target_url, "interval": f"{INTERVAL}s",
                                                                "timeout": "10s"})
                if status != 201:
                    failures.append(f"creating monitor {i} failed: {status} {body}")
                    return
            c.close()

        creators = [threading.Thread(target=create, args=(part,)) for part in range(4 if CREATE == "api" else 0)]
        for t in creators:
            t.start()
        for t in creators:
            t.join()
        if failures:
            sys.exit(failures[0])
        print(f"{N} monitors ({CREATE}) ready in {time.time() - started:.1f} s; warming up for one interval", flush=True)
        time.sleep(INTERVAL + 5)
        m0, t0, c0, db0 = metrics(), time.time(), cpu_ticks(mamori.pid), db_size(work)
        peak = 0
        db_peak = db0
        load0 = os.getloadavg()[0]
        while time.time() - t0 < DURATION:
            time.sleep(5)
            peak = max(peak, rss_kb(mamori.pid))
            db_peak = max(db_peak, db_size(work))
            if int(time.time() - t0) % 60 < 5:
                print(f"{int(time.time() - t0)} s: rss {rss_kb(mamori.pid) // 1024} MB, "
                      f"cpu {100.0 * (cpu_ticks(mamori.pid) - c0) / CLK_TCK / (time.time() - t0):.1f} %", flush=True)
        m1, t1, c1, db1 = metrics(), time.time(), cpu_ticks(mamori.pid), db_size(work)
        elapsed = t1 - t0
        d = lambda key: m1.get(key, 0) - m0.get(key, 0)
        checks = d("mamori_monitor_checks_total")
        missed = d("mamori_monitor_checks_missed_total")
        lag_count = d("mamori_monitor_scheduling_lag_seconds_count")
        buckets = sorted((float(re.search(r'le="([^"]+)"', k).group(1)), d(k)) for k in m1
                         if k.startswith("mamori_monitor_scheduling_lag_seconds_bucket") and "+Inf" not in k)
        within_1s = next((v for le, v in buckets if le == 1.0), 0)
        p99_bucket = percentile_bucket(buckets, lag_count, 0.99)
        lag_max = m1.get("mamori_monitor_scheduling_lag_seconds_max", float("nan"))
        cpu = 100.0 * (c1 - c0) / CLK_TCK / elapsed
        expected = N * elapsed / INTERVAL
        results = N * elapsed / INTERVAL
        print(json.dumps({
            "monitors": N, "interval_s": INTERVAL, "measured_s": round(elapsed),
            "checks": int(checks), "checks_expected": int(expected), "checks_missed": int(missed),
            "lag_within_1s_pct": round(100.0 * within_1s / max(1, lag_count), 3),
            "lag_p50_at_most_s": percentile_bucket(buckets, lag_count, 0.50),
            "lag_p95_at_most_s": percentile_bucket(buckets, lag_count, 0.95),
            "lag_p99_at_most_s": p99_bucket, "lag_max_recent_s": lag_max,
            "cpu_pct_of_one_core": round(cpu, 1), "peak_rss_mb": round(peak / 1024),
            "database": DB, "db_growth_mb": round((db1 - db0) / 1e6, 1),
            "db_size_at_start_mb": round(db0 / 1e6, 1), "db_size_peak_mb": round(db_peak / 1e6, 1),
            "loadavg_1m_start_end": [round(load0, 2), round(os.getloadavg()[0], 2)], "cores": os.cpu_count(),
            "target_hits": Target.hits, "target_answers_too_late": Target.late, "target_errors": Target.errors,
            "jvm_opts": os.environ.get("BENCH_JAVA_OPTS", "(default)"),
        }, indent=2), flush=True)
        mamori.send_signal(signal.SIGTERM)
        mamori.wait(60)
        if DB == "h2":
            print(json.dumps(table_space(work), indent=2), flush=True)
    finally:
        if mamori.poll() is None:
            mamori.send_signal(signal.SIGTERM)
            mamori.wait(60)
        target.shutdown()
        if not os.environ.get("KEEP"):
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
