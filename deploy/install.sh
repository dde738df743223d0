#!/usr/bin/env bash
# Installs Mamori as a systemd service:
#   - a system user and group "mamori" (no login, home /var/lib/mamori),
#   - /opt/mamori/mamori.jar, its launcher /opt/mamori/mamori and start-up cache /opt/mamori/mamori-cds
#     (deploy/prepare-cds.sh), /etc/mamori/mamori.yml (an example, never overwritten), /etc/mamori/mamori.env,
#     /var/lib/mamori (data, H2 database, work files),
#   - /etc/systemd/system/mamori.service, enabled (and started with --start).
#
#   sudo deploy/install.sh [--jar PATH] [--root DIR] [--start]
#
# --root DIR installs into DIR as if it were / (for packaging and tests); the user is created in
# DIR/etc/passwd and systemctl is not called.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../ops-app/target/mamori.jar"
root=""
start=false
while (($#)); do
  case "$1" in
    --jar) jar=$2; shift 2 ;;
    --root) root=$(realpath -m "$2"); shift 2 ;;
    --start) start=true; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "install.sh: no jar at $jar; build it with ./mvnw -DskipTests package" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root (sudo)" >&2; exit 2; }

if [ -n "$root" ]; then
  mkdir -p "$root/etc"
  for f in passwd group shadow gshadow; do [ -f "$root/etc/$f" ] || : > "$root/etc/$f"; done
  prefix=(--prefix "$root")
else
  prefix=()
fi

if ! grep -q '^mamori:' "$root/etc/group" 2>/dev/null; then
  groupadd "${prefix[@]}" --system mamori
fi
if ! grep -q '^mamori:' "$root/etc/passwd" 2>/dev/null; then
  useradd "${prefix[@]}" --system --gid mamori --home-dir /var/lib/mamori --no-create-home \
    --shell /usr/sbin/nologin --comment "Mamori" mamori
fi
uid=$(awk -F: '$1 == "mamori" { print $3 }' "$root/etc/passwd")
gid=$(awk -F: '$1 == "mamori" { print $3 }' "$root/etc/group")

install -d -m 0755 "$root/opt/mamori"
install -m 0644 "$jar" "$root/opt/mamori/mamori.jar"
install -m 0755 "$here/../bin/mamori" "$root/opt/mamori/mamori"
# The class-data-sharing cache (half the start time). Optional: without it the launcher runs the jar.
rm -rf "$root/opt/mamori/mamori-cds"
echo "Preparing the start-up cache (a training start of Mamori, about a minute on a Pi) ..."
if ! "$here/prepare-cds.sh" "$root/opt/mamori/mamori.jar" "$root/opt/mamori/mamori-cds"; then
  rm -rf "$root/opt/mamori/mamori-cds"
  echo "install.sh: warning: no start-up cache; Mamori starts without it (slower, same behaviour)" >&2
fi
install -d -m 0750 -o root -g "$gid" "$root/etc/mamori"
if [ ! -f "$root/etc/mamori/mamori.yml" ]; then
  install -m 0640 -o root -g "$gid" "$here/examples/pi-sqlite-usb.yml" "$root/etc/mamori/mamori.yml"
fi
if [ ! -f "$root/etc/mamori/mamori.env" ]; then
  umask 077
  printf '# Secrets for Mamori (root and mamori only).\n# MAMORI_ADMIN_PASSWORD=\n# SPRING_MAIL_PASSWORD=\n' \
    > "$root/etc/mamori/mamori.env"
  chown root:"$gid" "$root/etc/mamori/mamori.env"
  chmod 0640 "$root/etc/mamori/mamori.env"
fi
install -d -m 0750 -o "$uid" -g "$gid" "$root/var/lib/mamori"
install -d -m 0755 "$root/etc/systemd/system"
install -m 0644 "$here/systemd/mamori.service" "$root/etc/systemd/system/mamori.service"

if [ -z "$root" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable mamori.service
  if $start; then
    systemctl restart mamori.service
  fi
  echo "Installed. Edit /etc/mamori/mamori.yml, then: sudo systemctl restart mamori; journalctl -u mamori -f"
else
  echo "Installed into ${root:-/} (systemd not running here: enable with 'systemctl enable --now mamori')."
fi
