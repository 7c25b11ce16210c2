#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (driven by playwright-core with executablePath), plus
# Noto CJK so Japanese text renders in screenshots instead of tofu. Test tools cannot download their own
# browser here (the network reaches only npm and Debian), hence the distribution package.
# Idempotent: with both packages present it does no apt work at all.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ci_apt_install_missing chromium fonts-noto-cjk
# The binary itself: Debian's /usr/bin/chromium wrapper prints a harmless shell warning when findmnt
# reports /dev/shm twice (/etc/chromium.d/dev-shm); it still launches correctly.
/usr/lib/chromium/chromium --version
