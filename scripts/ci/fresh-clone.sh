#!/usr/bin/env bash
# The README's two commands in a clone of the committed main, in an empty folder with nothing beside it
# (no ../shared, no ../.library): proves the project carries everything its install, start and tests need.
# `npm start` must answer /readyz; `npm test` runs without PostgreSQL or Chromium settings, as on a
# newcomer's machine, and must pass (it says what it skipped).
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d /tmp/sanpo-fresh.XXXXXX)"
# The server runs in a process group of its own (setsid), and the whole group is stopped: killing npm
# alone left `node src/main.ts` running after CI, one of them spinning for 90 minutes. Only a pid of
# our own: `kill 0` (an empty pid) would signal .ci/run's group.
cleanup() {
  if [ -n "${server:-}" ]; then kill -TERM -- "-$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
git clone --quiet --no-local "$src" "$work/sanpo"
cd "$work/sanpo"
npm ci --no-audit --no-fund --loglevel=error

port=$((20000 + RANDOM % 20000))
started=$(date +%s%N)
setsid env -u DATABASE_URL -u TEST_DATABASE_URL PORT="$port" npm start >"$work/start.log" 2>&1 &
server=$!
ready=""
for _ in $(seq 1 600); do
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then ready=yes; break; fi
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$ready" ]; then
  echo "npm start in a fresh clone did not become ready; its output:" >&2
  tail -n 40 "$work/start.log" >&2
  exit 1
fi
echo "fresh clone: npm start ready in $(((($(date +%s%N) - started) / 1000000)))ms (first run, with ingest)"
kill -TERM -- "-$server"
wait "$server" || true
# Nothing of the group may outlive it (a graceful stop takes well under the 10 s given).
for _ in $(seq 1 100); do
  pgrep -g "$server" >/dev/null 2>&1 || break
  sleep 0.1
done
if pgrep -g "$server" >/dev/null 2>&1; then
  echo "fresh clone: the server's processes outlived SIGTERM:" >&2
  pgrep -a -g "$server" >&2 || true
  kill -KILL -- "-$server" 2>/dev/null || true
  exit 1
fi
server=""

env -u TEST_DATABASE_URL -u CHROMIUM_PATH -u CI npm test
