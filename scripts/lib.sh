# Shared helpers for Flint's scripts. Source it; do not run it.
# Paths: the repo root, the per-user cache (venv), the project-local state dir.
FLINT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FLINT_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/flint"
FLINT_STATE="${FLINT_STATE_DIR:-$FLINT_ROOT/.state}"
PYSPARK_VERSION="4.3.0"
FLINT_VENV="$FLINT_CACHE/venv-pyspark-$PYSPARK_VERSION"

say() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command with its output in $FLINT_STATE/logs/NAME.log instead of the terminal; when
# it fails, shows the end of that log and where the rest is, and returns its status.
#   logged NAME command args…
logged() {
  local name=$1 log status=0
  shift
  mkdir -p "$FLINT_STATE/logs"
  log="$FLINT_STATE/logs/$name.log"
  "$@" >"$log" 2>&1 || status=$?
  if [ "$status" != 0 ]; then
    say "'$*' failed (status $status); the end of its output:"
    tail -n 40 "$log" >&2
    say "(all of it: $log)"
  fi
  return "$status"
}

# Runs apt-get install for the named Debian packages when running as root,
# otherwise says what to install and fails. One line of output unless it fails.
need_debian_packages() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    logged apt-get apt-get update -q || die "apt-get update failed"
    logged apt-get-install env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" \
      || die "apt-get install ${missing[*]} failed"
  else
    die "missing Debian packages: ${missing[*]} — run: sudo apt-get install ${missing[*]}"
  fi
}

# Java >= 17 must be on PATH (or JAVA_HOME); installs openjdk-17-jre-headless as root.
ensure_java() {
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  if ! command -v "$java" >/dev/null 2>&1; then
    need_debian_packages openjdk-17-jre-headless
    java=java
  fi
  local v
  v=$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  [ -n "$v" ] && [ "$v" -ge 17 ] || die "Java >= 17 is required (found: ${v:-none}); install openjdk-17-jre-headless"
}

# The venv with pyspark[connect] (server jars, pyarrow): created on first use.
ensure_venv() {
  if [ -x "$FLINT_VENV/bin/python" ] && "$FLINT_VENV/bin/python" -c 'import pyspark, pyarrow' 2>/dev/null; then
    return 0
  fi
  command -v python3 >/dev/null || need_debian_packages python3 python3-venv
  mkdir -p "$FLINT_CACHE"
  say "creating $FLINT_VENV with pyspark[connect]==$PYSPARK_VERSION (the first time pip builds the wheel: minutes)"
  python3 -m venv "$FLINT_VENV" || { need_debian_packages python3-venv; python3 -m venv "$FLINT_VENV"; } \
    || die "cannot create a venv at $FLINT_VENV"
  logged pip-upgrade "$FLINT_VENV/bin/pip" install -q --upgrade pip || true
  logged pip-install "$FLINT_VENV/bin/pip" install -q "pyspark[connect]==$PYSPARK_VERSION" \
    || die "pip install pyspark[connect]==$PYSPARK_VERSION failed"
}

spark_home() { "$FLINT_VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'; }

# Creates the demo database on the server at URL with the flint binary FLINT (once: a server
# that has it already is left alone).
ensure_demo_data() {
  local flint=$1 url=$2
  if "$flint" query --remote "$url" --format csv "SHOW TABLES IN demo" 2>/dev/null | grep -q '^demo,daily_revenue,'; then
    say "   demo database already loaded"
  else
    "$flint" query --remote "$url" --max-rows 0 -f "$FLINT_ROOT/demo/demo-data.sql" >/dev/null \
      || die "loading the demo data failed"
    "$flint" query --remote "$url" "SELECT count(*) AS trips FROM demo.trips" >&2
  fi
}
