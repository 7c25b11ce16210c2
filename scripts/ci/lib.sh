# shellcheck shell=bash
# Shared helpers for .ci/run and the scripts/ci/* installers. Sourced, never executed.
# Why a library: every installer needs the same quiet-but-not-silent apt calls, and .ci/run needs
# per-section timings so we can see where the 90-minute CI budget goes.

SANPO_CI_CACHE="${SANPO_CI_CACHE:-$HOME/.cache/sanpo-ci}"

# Run as root directly, otherwise through sudo (a developer's machine); CI is always root.
ci_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Quiet apt: stdout goes to a log (shown only on failure), stderr (errors, warnings) stays visible.
ci_apt() {
  local log
  log="$(mktemp)"
  if ! ci_as_root env DEBIAN_FRONTEND=noninteractive apt-get -qq -o Dpkg::Use-Pty=0 "$@" >"$log"; then
    echo "apt-get $* failed; last lines of its output:" >&2
    tail -n 40 "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

# apt-get update at most once per half hour, and again whenever a sources file was added or changed
# (the stamp must be newer than the sources directory), so several installers in one run share one update.
ci_apt_update() {
  local stamp="$SANPO_CI_CACHE/apt-update.stamp"
  mkdir -p "$SANPO_CI_CACHE"
  if [ -f "$stamp" ] && [ -n "$(find "$stamp" -mmin -30)" ] && [ "$stamp" -nt /etc/apt/sources.list.d ]; then
    return 0
  fi
  echo "apt-get update"
  ci_apt update
  touch "$stamp"
}

# Prints the Debian packages among the arguments that are not installed yet.
ci_missing_packages() {
  local pkg
  for pkg in "$@"; do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" != "installed" ]; then
      echo "$pkg"
    fi
  done
}

# Installs only the missing packages, so a second run does no apt work at all.
ci_apt_install_missing() {
  local missing
  missing="$(ci_missing_packages "$@" | tr '\n' ' ')"
  if [ -z "${missing// /}" ]; then
    echo "already installed: $*"
    return 0
  fi
  ci_apt_update
  echo "apt-get install $missing"
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  ci_apt install -y --no-install-recommends $missing
}
