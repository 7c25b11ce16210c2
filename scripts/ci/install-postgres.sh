#!/usr/bin/env bash
# Installs PostgreSQL 15 with pgvector (>= 0.7), the production database, so CI runs every DB test on
# the real server as well as on PGlite. Idempotent: with everything in place it only checks and exits.
#
# Bookworm has no pgvector package, but Debian's own source package from trixie builds against PG 15.
# We add trixie as deb-src ONLY: a deb-src entry provides source packages and never binary candidates,
# so apt cannot install or upgrade anything from trixie (checked at the end).
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_MAJOR=15
PG_CONFIG="/usr/lib/postgresql/$PG_MAJOR/bin/pg_config"
MIN_VECTOR="0.7"
TRIXIE_SRC_LIST=/etc/apt/sources.list.d/sanpo-trixie-src.sources

# The installed pgvector's default version, or nothing.
installed_vector_version() {
  local control="/usr/share/postgresql/$PG_MAJOR/extension/vector.control"
  [ -f "$control" ] && [ -f "/usr/lib/postgresql/$PG_MAJOR/lib/vector.so" ] || return 0
  sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" "$control"
}

version_at_least() { # $1 >= $2 in version order
  [ -n "$1" ] && [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

# The mirror this machine already uses for bookworm main, read from its apt sources (deb822 .sources
# stanzas or one-line .list entries), so we add no host of our own.
debian_mirror() {
  local uri=""
  if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
    uri="$(awk 'BEGIN { RS = "" }
      /(^|\n)Types:[^\n]*deb/ && /(^|\n)Suites:[^\n]*[ \t]bookworm([ \t]|\n|$)/ {
        n = split($0, lines, "\n")
        for (i = 1; i <= n; i++) if (lines[i] ~ /^URIs:/) { split(lines[i], f, /[ \t]+/); print f[2]; exit }
      }' /etc/apt/sources.list.d/*.sources)"
  fi
  if [ -z "$uri" ]; then
    uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      sed -E 's/\[[^]]*\]//' |
      awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }')"
  fi
  [ -n "$uri" ] || { echo "cannot find the Debian mirror for bookworm in /etc/apt" >&2; return 1; }
  echo "$uri"
}

add_trixie_sources() {
  [ -f "$TRIXIE_SRC_LIST" ] && return 0
  local mirror
  mirror="$(debian_mirror)"
  echo "adding trixie deb-src (source packages only) from $mirror"
  ci_as_root tee "$TRIXIE_SRC_LIST" >/dev/null <<SRC
# Added by sanpo-assistant scripts/ci/install-postgres.sh: source packages only, to build pgvector.
Types: deb-src
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
}

build_pgvector() {
  add_trixie_sources
  ci_apt_update
  local work
  work="$(mktemp -d)"
  (
    cd "$work"
    echo "apt-get source pgvector"
    # Sandbox user root: the temp dir is root-only, and _apt (apt's default) could not write into it.
    ci_apt -o APT::Sandbox::User=root source pgvector
    local src
    src="$(find . -maxdepth 1 -type d -name 'pgvector-*' | head -n1)"
    [ -n "$src" ] || { echo "apt-get source pgvector produced no source tree" >&2; exit 1; }
    cd "$src"
    echo "building $(basename "$src") against $("$PG_CONFIG" --version)"
    # OPTFLAGS="" drops -march=native, so the library runs on any x86-64 CI machine.
    make -s -j"$(nproc)" OPTFLAGS="" PG_CONFIG="$PG_CONFIG" >build.log 2>&1 || { tail -n 40 build.log >&2; exit 1; }
    ci_as_root make -s OPTFLAGS="" PG_CONFIG="$PG_CONFIG" install >>build.log 2>&1 || { tail -n 40 build.log >&2; exit 1; }
  )
  rm -rf "$work"
}

# Fails loudly if apt lists any trixie binary package file: deb-src entries never show up in
# `apt-cache policy`, so any trixie line there means binaries could be installed from it.
check_no_trixie_binaries() {
  if apt-cache policy 2>/dev/null | grep -q 'trixie'; then
    echo "apt has trixie binary package sources configured; refusing to go on" >&2
    apt-cache policy | grep trixie >&2
    return 1
  fi
}

main() {
  ci_apt_install_missing "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" build-essential
  local have
  have="$(installed_vector_version)"
  if version_at_least "$have" "$MIN_VECTOR"; then
    echo "pgvector $have already installed"
  else
    build_pgvector
    have="$(installed_vector_version)"
    version_at_least "$have" "$MIN_VECTOR" || { echo "pgvector '$have' is older than $MIN_VECTOR" >&2; exit 1; }
    echo "pgvector $have installed"
  fi
  check_no_trixie_binaries
}

main "$@"
