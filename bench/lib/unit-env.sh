# The systemd unit's environment (the Environment= lines of deploy/systemd/mamori.service), for the
# benchmarks that start Mamori the way the unit does. MAMORI_DATA_DIR is left to the script.
# shellcheck shell=bash

# read_unit_env UNIT_FILE [JAVA_OPTS]: fills the array unit_env; JAVA_OPTS, when not empty, replaces
# the unit's MAMORI_JAVA_OPTS.
read_unit_env() {
  unit_env=()
  local line
  while IFS= read -r line; do
    line=${line#Environment=}
    line=${line#\"}; line=${line%\"}
    case "$line" in
      MAMORI_DATA_DIR=*) ;;
      MAMORI_JAVA_OPTS=*) unit_env+=("MAMORI_JAVA_OPTS=${2:-${line#MAMORI_JAVA_OPTS=}}") ;;
      *) unit_env+=("$line") ;;
    esac
  done < <(grep '^Environment=' "$1")
}
