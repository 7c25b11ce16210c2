#!/usr/bin/env bash
# Stops the test server started by scripts/ci/start-postgres.sh (its data directory is kept).
set -euo pipefail
SANPO_PG_NO_START=1
# shellcheck source=scripts/ci/start-postgres.sh
. "$(dirname "${BASH_SOURCE[0]}")/start-postgres.sh"
sanpo_pg_stop
