#!/bin/sh
# Prepares Mamori's class-data-sharing (AppCDS) cache, so the server starts in about half the time:
#   deploy/prepare-cds.sh JAR DIR        extracts JAR into DIR (DIR/mamori.jar + DIR/lib/) and
#                                        records DIR/mamori.jsa in a training run
#   deploy/prepare-cds.sh --train DIR    only the training run, on an already extracted DIR
#                                        (the Dockerfile, which copies the extracted layers itself)
# This is Spring Boot's documented way for Java 17: the jar is extracted (classes inside a jar in a
# jar cannot be shared), then one start that stops right after the context is refreshed
# (-Dspring.context.exit=onRefresh, before the web server, scheduling or any startup task runs)
# writes the classes it loaded with -XX:ArchiveClassesAtExit. bin/mamori uses DIR when it is newer
# than the jar; the JVM ignores an archive that does not match (a different JDK) and starts without it.
#
# The training run touches none of this machine's data: its own empty working directory (so no
# ./mamori.yml), an H2 database and data directory in a temporary directory (never the configured
# database, whatever /etc/mamori/mamori.yml says; that file is still read, as at every start, for the
# apps and monitors it declares), scheduling off, and it stops before any startup task runs. It
# needs a JDK or JRE 17+ as `java` (or $JAVA).
set -eu
java=${JAVA:-java}
if [ "${1:-}" = "--train" ]; then
  [ $# -eq 2 ] || { echo "prepare-cds.sh: usage: prepare-cds.sh --train DIR" >&2; exit 2; }
  dir=$2
else
  [ $# -eq 2 ] || { echo "prepare-cds.sh: usage: prepare-cds.sh JAR DIR (see the top of this script)" >&2; exit 2; }
  jar=$1
  dir=$2
  [ -f "$jar" ] || { echo "prepare-cds.sh: no jar at $jar" >&2; exit 2; }
  rm -rf "$dir.new"
  "$java" -Djarmode=tools -jar "$jar" extract --destination "$dir.new" --application-filename mamori.jar >/dev/null
  rm -rf "$dir"
  mv "$dir.new" "$dir"
fi
[ -f "$dir/mamori.jar" ] || { echo "prepare-cds.sh: no $dir/mamori.jar (not an extracted Mamori jar)" >&2; exit 2; }
dir=$(cd "$dir" && pwd)
training=$(mktemp -d)
trap 'rm -rf "$training"' EXIT INT TERM
rm -f "$dir/mamori.jsa"
# The same collector and heap size class as the server (compressed pointers must match).
(cd "$training" && MAMORI_DATA_DIR="$training/data" "$java" -XX:ArchiveClassesAtExit="$dir/mamori.jsa" \
  -Dspring.context.exit=onRefresh -XX:+UseSerialGC -XX:MaxRAM=1g -Xshare:auto \
  -jar "$dir/mamori.jar" \
  --spring.datasource.url="jdbc:h2:file:$training/data/mamori;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
  --spring.datasource.username=sa --spring.datasource.password= \
  --mamori.data-dir="$training/data" --mamori.scheduling.enabled=false \
  --spring.main.banner-mode=off --logging.level.root=WARN >"$training/training.log" 2>&1) || true
if [ ! -s "$dir/mamori.jsa" ]; then
  echo "prepare-cds.sh: the training run wrote no archive; Mamori will start without it. Its output:" >&2
  tail -n 20 "$training/training.log" >&2
  exit 1
fi
echo "prepare-cds.sh: $dir/mamori.jsa ($(du -h "$dir/mamori.jsa" | cut -f1)) for $dir/mamori.jar"
