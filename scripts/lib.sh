# Shared helpers for Flint's scripts. Source it; do not run it.
# Paths: the repo root, the per-user cache (venv), the project-local state dir.
FLINT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FLINT_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/flint"
FLINT_STATE="${FLINT_STATE_DIR:-$FLINT_ROOT/.state}"
PYSPARK_VERSION="4.3.0"
FLINT_VENV="$FLINT_CACHE/venv-pyspark-$PYSPARK_VERSION"

say() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs apt-get install for the named Debian packages when running as root,
# otherwise says what to install and fails.
need_debian_packages() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}") >&2 \
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
  "$FLINT_VENV/bin/pip" install -q --upgrade pip >&2 || true
  "$FLINT_VENV/bin/pip" install -q "pyspark[connect]==$PYSPARK_VERSION" >&2 \
    || die "pip install pyspark[connect]==$PYSPARK_VERSION failed"
}

spark_home() { "$FLINT_VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'; }
